/*
 * test_esp.c - the ESP engine (analyzer/esp.c, RFC 4303) through the
 * public analysis API.  Every packet is built here: the plaintext with
 * its RFC 4303 2.4 trailer, encrypted and authenticated with libgcrypt
 * directly (not with analyzer/crypto.c), wrapped in IPv4 / IPv6
 * (protocol 50) or UDP 4500 (RFC 3948), and fed as raw IP frames with
 * keys from esp lines.  Checked: the model (per-SA counts, per-packet
 * records, replays, gaps, dummies, ESN, where the keys came from) and
 * the packet handed to events.frame for -w.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/crypto.h"
#include "../../analyzer/esp.h"
#include "../../analyzer/keys.h"
#include "tap.h"

#define DLT_EN10MB   1
#define LINKTYPE_RAW 101

#define BUF 4096

/* Transform IDs (IANA IKEv2 types 1 and 3). */
#define E_3DES	 3
#define E_NULL	 11
#define E_CBC	 12
#define E_CTR	 13
#define E_CCM16	 16
#define E_GCM8	 18
#define E_GCM16	 20
#define E_GMAC	 21
#define E_CHACHA 28
#define I_NONE	 0
#define I_MD5	 1
#define I_SHA1	 2
#define I_XCBC	 5
#define I_CMAC	 8
#define I_SHA256 12
#define I_SHA512 14
#define I_ANY96	 65012

static const uint8_t A4[4] = { 192, 0, 2, 1 }, B4[4] = { 198, 51, 100, 7 };
static const uint8_t C4[4] = { 10, 1, 0, 1 }, D4[4] = { 10, 2, 0, 2 };
static const uint8_t E4[4] = { 172, 16, 0, 5 }, F4[4] = { 172, 16, 9, 9 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t C6[16] = { 0xfd, 0x00, [15] = 0x11 };
static const uint8_t D6[16] = { 0xfd, 0x00, [14] = 0x22, [15] = 0x22 };

/* --- bytes --------------------------------------------------------- */

static uint64_t rstate = 0x9e3779b97f4a7c15ULL;

static uint8_t
rnd8(void)
{
	rstate ^= rstate << 13;
	rstate ^= rstate >> 7;
	rstate ^= rstate << 17;
	return (uint8_t)(rstate >> 24);
}

static void
rnd(uint8_t *p, size_t n)
{
	while (n-- > 0)
		*p++ = rnd8();
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static unsigned
get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* One's complement sum of n bytes (RFC 1071), folded. */
static unsigned
sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t	 i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static size_t
ip4(uint8_t *p, uint8_t proto, const uint8_t *src, const uint8_t *dst,
    const uint8_t *pl, size_t len, uint16_t id, uint16_t fo)
{
	memmove(p + 20, pl, len);
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, (unsigned)(20 + len));
	put16(p + 4, id);
	put16(p + 6, fo);
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put16(p + 10, ~sum16(p, 20) & 0xffff);
	return 20 + len;
}

static size_t
ip6(uint8_t *p, uint8_t nh, const uint8_t *src, const uint8_t *dst,
    const uint8_t *pl, size_t len)
{
	memmove(p + 40, pl, len);
	memset(p, 0, 40);
	p[0] = 0x60;
	p[1] = 0x0a; /* traffic class / flow label, to see it kept */
	p[3] = 0x5c;
	put16(p + 4, (unsigned)len);
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40 + len;
}

static size_t
udp(uint8_t *p, unsigned sport, unsigned dport, const uint8_t *pl, size_t len)
{
	memmove(p + 8, pl, len);
	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, (unsigned)(8 + len));
	put16(p + 6, 0);
	return 8 + len;
}

/* A UDP datagram (no IP header) of datalen bytes after its header. */
static size_t
udp_dgram(uint8_t *p, unsigned sport, unsigned dport, size_t datalen,
    uint8_t tag)
{
	size_t i;

	for (i = 0; i < datalen; i++)
		p[8 + i] = (uint8_t)(tag + i);
	return udp(p, sport, dport, p + 8, datalen);
}

/* An inner IPv4 UDP packet, valid header checksum. */
static size_t
udp4_pkt(uint8_t *p, const uint8_t *src, const uint8_t *dst, unsigned sport,
    unsigned dport, size_t datalen, uint8_t tag)
{
	uint8_t u[BUF];
	size_t	n = udp_dgram(u, sport, dport, datalen, tag);

	return ip4(p, 17, src, dst, u, n, (uint16_t)(0x1200 + tag), 0);
}

static size_t
udp6_pkt(uint8_t *p, const uint8_t *src, const uint8_t *dst, unsigned sport,
    unsigned dport, size_t datalen, uint8_t tag)
{
	uint8_t u[BUF];
	size_t	n = udp_dgram(u, sport, dport, datalen, tag);

	return ip6(p, 17, src, dst, u, n);
}

/* --- ESP, built with libgcrypt ------------------------------------ */

/* One SA: transform IDs and keys as an esp line writes them. */
struct tsa {
	uint32_t spi;
	uint16_t encr, integ;
	uint8_t	 ek[64], ak[64];
	size_t	 ekl, akl; /* ek: key then salt */
	int	 esn;
};

static size_t
t_iv(uint16_t encr)
{
	return encr == E_NULL ? 0 : encr == E_CBC ? 16 : 8;
}

/* Padding unit: the cipher block, else 4 (RFC 4303 2.4). */
static size_t
t_align(uint16_t encr)
{
	return encr == E_CBC ? 16 : encr == E_3DES ? 8 : 4;
}

static size_t
t_salt(uint16_t encr)
{
	switch (encr) {
	case E_CTR:
	case E_GCM8:
	case E_GCM16:
	case E_GMAC:
	case E_CHACHA:
		return 4;
	case E_CCM16:
		return 3;
	}
	return 0;
}

static size_t
t_tag(uint16_t encr)
{
	switch (encr) {
	case E_GCM8:
		return 8;
	case E_GCM16:
	case E_CCM16:
	case E_GMAC:
	case E_CHACHA:
		return 16;
	}
	return 0;
}

static size_t
t_icv(uint16_t integ)
{
	switch (integ) {
	case I_MD5:
	case I_SHA1:
	case I_XCBC:
	case I_CMAC:
	case I_ANY96:
		return 12;
	case I_SHA256:
		return 16;
	case I_SHA512:
		return 32;
	}
	return 0;
}

static size_t
t_akey(uint16_t integ)
{
	switch (integ) {
	case I_MD5:
	case I_XCBC:
	case I_CMAC:
		return 16;
	case I_SHA1:
		return 20;
	case I_SHA256:
		return 32;
	case I_SHA512:
		return 64;
	}
	return 0;
}

static const char *
t_encr_name(uint16_t encr)
{
	switch (encr) {
	case E_3DES:
		return "ENCR_3DES";
	case E_NULL:
		return "ENCR_NULL";
	case E_CBC:
		return "ENCR_AES_CBC";
	case E_CTR:
		return "ENCR_AES_CTR";
	case E_CCM16:
		return "ENCR_AES_CCM_16";
	case E_GCM8:
		return "ENCR_AES_GCM_8";
	case E_GCM16:
		return "ENCR_AES_GCM_16";
	case E_GMAC:
		return "ENCR_NULL_AUTH_AES_GMAC";
	case E_CHACHA:
		return "ENCR_CHACHA20_POLY1305";
	}
	return "?";
}

static const char *
t_integ_name(uint16_t integ)
{
	switch (integ) {
	case I_NONE:
		return "NONE";
	case I_MD5:
		return "AUTH_HMAC_MD5_96";
	case I_SHA1:
		return "AUTH_HMAC_SHA1_96";
	case I_XCBC:
		return "AUTH_AES_XCBC_96";
	case I_CMAC:
		return "AUTH_AES_CMAC_96";
	case I_SHA256:
		return "AUTH_HMAC_SHA2_256_128";
	case I_SHA512:
		return "AUTH_HMAC_SHA2_512_256";
	case I_ANY96:
		return "ANY_96";
	}
	return "?";
}

/* keylen: cipher key bytes without salt. */
static void
sa_init(struct tsa *s, uint32_t spi, uint16_t encr, size_t keylen,
    uint16_t integ)
{
	memset(s, 0, sizeof(*s));
	s->spi = spi;
	s->encr = encr;
	s->integ = integ;
	s->ekl = keylen + t_salt(encr);
	s->akl = t_akey(integ);
	rnd(s->ek, s->ekl);
	rnd(s->ak, s->akl);
}

/*
 * payload | 1, 2, 3... | pad length | next header, the pad making the
 * whole a multiple of align, plus extra bytes of padding.
 */
static size_t
plain(uint8_t *pt, const uint8_t *pay, size_t len, uint8_t nh, size_t align,
    size_t extra)
{
	size_t pad = (align - (len + 2) % align) % align + extra, i;

	memmove(pt, pay, len);
	for (i = 0; i < pad; i++)
		pt[len + i] = (uint8_t)(i + 1);
	pt[len + pad] = (uint8_t)pad;
	pt[len + pad + 1] = nh;
	return len + pad + 2;
}

static size_t
plain_for(const struct tsa *s, uint8_t *pt, const uint8_t *pay, size_t len,
    uint8_t nh)
{
	return plain(pt, pay, len, nh, t_align(s->encr), 0);
}

static int
aes_algo(size_t klen)
{
	return klen == 16 ? GCRY_CIPHER_AES128 :
	    klen == 24	  ? GCRY_CIPHER_AES192 :
			    GCRY_CIPHER_AES256;
}

static void
aes_ecb(const uint8_t *key, const uint8_t *in, uint8_t *out)
{
	gcry_cipher_hd_t h;

	if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) !=
		0 ||
	    gcry_cipher_setkey(h, key, 16) != 0 ||
	    gcry_cipher_encrypt(h, out, 16, in, 16) != 0)
		abort();
	gcry_cipher_close(h);
}

/* AES-XCBC-MAC (RFC 3566 4), the full 16 bytes. */
static void
xcbc(const uint8_t *key, const uint8_t *m, size_t n, uint8_t *mac)
{
	uint8_t k1[16], k2[16], k3[16], c[16], e[16], blk[16];
	size_t	i, off = 0;

	memset(c, 1, 16);
	aes_ecb(key, c, k1);
	memset(c, 2, 16);
	aes_ecb(key, c, k2);
	memset(c, 3, 16);
	aes_ecb(key, c, k3);
	memset(e, 0, 16);
	while (n - off > 16) {
		for (i = 0; i < 16; i++)
			blk[i] = m[off + i] ^ e[i];
		aes_ecb(k1, blk, e);
		off += 16;
	}
	memset(blk, 0, 16);
	memcpy(blk, m + off, n - off);
	if (n - off == 16 && n > 0) {
		for (i = 0; i < 16; i++)
			blk[i] ^= e[i] ^ k2[i];
	} else {
		blk[n - off] = 0x80;
		for (i = 0; i < 16; i++)
			blk[i] ^= e[i] ^ k3[i];
	}
	aes_ecb(k1, blk, mac);
}

/* The ICV of d (and the ESN high bits when hi != NULL). */
static void
icv_of(const struct tsa *s, const uint8_t *d, size_t n, const uint8_t *hi,
    uint8_t *icv)
{
	uint8_t	      full[64], *cat;
	size_t	      fl = sizeof(full);
	gcry_mac_hd_t h;
	int	      algo = 0;

	switch (s->integ) {
	case I_ANY96:
		rnd(icv, 12);
		return;
	case I_XCBC:
		cat = malloc(n + 4);
		memcpy(cat, d, n);
		if (hi != NULL)
			memcpy(cat + n, hi, 4);
		xcbc(s->ak, cat, n + (hi != NULL ? 4 : 0), full);
		free(cat);
		memcpy(icv, full, 12);
		return;
	case I_MD5:
		algo = GCRY_MAC_HMAC_MD5;
		break;
	case I_SHA1:
		algo = GCRY_MAC_HMAC_SHA1;
		break;
	case I_CMAC:
		algo = GCRY_MAC_CMAC_AES;
		break;
	case I_SHA256:
		algo = GCRY_MAC_HMAC_SHA256;
		break;
	case I_SHA512:
		algo = GCRY_MAC_HMAC_SHA512;
		break;
	default:
		abort();
	}
	if (gcry_mac_open(&h, algo, 0, NULL) != 0 ||
	    gcry_mac_setkey(h, s->ak, s->akl) != 0 ||
	    gcry_mac_write(h, d, n) != 0 ||
	    (hi != NULL && gcry_mac_write(h, hi, 4) != 0) ||
	    gcry_mac_read(h, full, &fl) != 0)
		abort();
	gcry_mac_close(h);
	memcpy(icv, full, t_icv(s->integ));
}

/*
 * An ESP packet of SA s with sequence number seq (the high half is used
 * only for ESN) whose plaintext (trailer included) is pt.  Returns its
 * length in out.
 */
static size_t
seal(const struct tsa *s, uint64_t seq, const uint8_t *pt, size_t ptlen,
    uint8_t *out)
{
	size_t		 ivl = t_iv(s->encr), salt = t_salt(s->encr), klen;
	size_t		 n, aadlen, tl = t_tag(s->encr);
	uint8_t		*iv = out + 8, *ct, aad[BUF], nonce[16], hi[4];
	uint8_t		 tag[16], ctr[16];
	gcry_cipher_hd_t h;
	uint64_t	 ccm[3];

	put32(out, s->spi);
	put32(out + 4, (uint32_t)seq);
	put32(hi, (uint32_t)(seq >> 32));
	rnd(iv, ivl);
	ct = iv + ivl;
	memmove(ct, pt, ptlen);
	n = 8 + ivl + ptlen;
	klen = s->ekl - salt;
	switch (s->encr) {
	case E_NULL:
		break;
	case E_CBC:
	case E_3DES:
		if (gcry_cipher_open(&h,
			s->encr == E_3DES ? GCRY_CIPHER_3DES : aes_algo(klen),
			GCRY_CIPHER_MODE_CBC, 0) != 0 ||
		    gcry_cipher_setkey(h, s->ek, klen) != 0 ||
		    gcry_cipher_setiv(h, iv, ivl) != 0 ||
		    gcry_cipher_encrypt(h, ct, ptlen, NULL, 0) != 0)
			abort();
		gcry_cipher_close(h);
		break;
	case E_CTR:
		/* RFC 3686 4: nonce (the key's last 4 bytes) | IV | 1. */
		memcpy(ctr, s->ek + klen, 4);
		memcpy(ctr + 4, iv, 8);
		put32(ctr + 12, 1);
		if (gcry_cipher_open(&h, aes_algo(klen), GCRY_CIPHER_MODE_CTR,
			0) != 0 ||
		    gcry_cipher_setkey(h, s->ek, klen) != 0 ||
		    gcry_cipher_setctr(h, ctr, 16) != 0 ||
		    gcry_cipher_encrypt(h, ct, ptlen, NULL, 0) != 0)
			abort();
		gcry_cipher_close(h);
		break;
	default:
		/* AEAD: nonce = salt | IV; AAD = SPI | [seq hi] | seq lo. */
		memcpy(nonce, s->ek + klen, salt);
		memcpy(nonce + salt, iv, ivl);
		memcpy(aad, out, 4);
		aadlen = 4;
		if (s->esn) {
			memcpy(aad + aadlen, hi, 4);
			aadlen += 4;
		}
		memcpy(aad + aadlen, out + 4, 4);
		aadlen += 4;
		if (s->encr == E_GMAC) {
			/* RFC 4543 3.3: the IV and payload are AAD too. */
			memcpy(aad + aadlen, iv, ivl);
			memcpy(aad + aadlen + ivl, ct, ptlen);
			aadlen += ivl + ptlen;
		}
		if (gcry_cipher_open(&h,
			s->encr == E_CHACHA ? GCRY_CIPHER_CHACHA20 :
					      aes_algo(klen),
			s->encr == E_CHACHA    ? GCRY_CIPHER_MODE_POLY1305 :
			    s->encr == E_CCM16 ? GCRY_CIPHER_MODE_CCM :
						 GCRY_CIPHER_MODE_GCM,
			0) != 0 ||
		    gcry_cipher_setkey(h, s->ek, klen) != 0 ||
		    gcry_cipher_setiv(h, nonce, salt + ivl) != 0)
			abort();
		if (s->encr == E_CCM16) {
			ccm[0] = ptlen;
			ccm[1] = aadlen;
			ccm[2] = tl;
			if (gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, ccm,
				sizeof(ccm)) != 0)
				abort();
		}
		if (gcry_cipher_authenticate(h, aad, aadlen) != 0)
			abort();
		if (s->encr != E_GMAC &&
		    (gcry_cipher_final(h) != 0 ||
			gcry_cipher_encrypt(h, ct, ptlen, NULL, 0) != 0))
			abort();
		if (gcry_cipher_gettag(h, tag, s->encr == E_CCM16 ? tl : 16) !=
		    0)
			abort();
		gcry_cipher_close(h);
		memcpy(out + n, tag, tl); /* GCM-8: the tag's first half */
		return n + tl;
	}
	if (s->integ != I_NONE) {
		icv_of(s, out, n, s->esn ? hi : NULL, out + n);
		n += t_icv(s->integ);
	}
	return n;
}

/* seal() of payload pay with a correct trailer. */
static size_t
esp_of(const struct tsa *s, uint64_t seq, const uint8_t *pay, size_t len,
    uint8_t nh, uint8_t *out)
{
	uint8_t pt[BUF];
	size_t	n = plain_for(s, pt, pay, len, nh);

	return seal(s, seq, pt, n, out);
}

/* --- analysis ------------------------------------------------------ */

static uint8_t	repl[70000];
static size_t	repl_len;
static uint32_t repl_spi;
static unsigned nrepl; /* frames that had a replacement */

static void
on_frame(void *ctx, const struct isc_frame_out *f)
{
	(void)ctx;
	repl_len = 0;
	if (f->repl != NULL && f->repl_len <= sizeof(repl)) {
		memcpy(repl, f->repl, f->repl_len);
		repl_len = f->repl_len;
		repl_spi = f->repl_spi;
		nrepl++;
	}
}

struct run {
	struct isc_analysis *a;
	struct isc_keys	    *k;
	unsigned	     lines;
	int64_t		     t;
};

static void
r_start(struct run *r, int dlt, int with_keys)
{
	struct isc_options o;

	memset(r, 0, sizeof(*r));
	memset(&o, 0, sizeof(o));
	if (with_keys) {
		r->k = isc_keys_new();
		o.keys = r->k;
	}
	o.esp_packets = 1;
	r->a = isc_analysis_new(&o);
	r->a->events.frame = on_frame;
	isc_analysis_begin_capture(r->a, "esp", dlt);
	r->t = 1700000000;
	repl_len = 0;
	nrepl = 0;
}

static void
r_end(struct run *r)
{
	isc_analysis_finish(r->a);
	isc_analysis_free(r->a);
	isc_keys_free(r->k);
}

static void
hexs(char *o, const uint8_t *p, size_t n)
{
	size_t i;

	if (n == 0) {
		strcpy(o, "-");
		return;
	}
	for (i = 0; i < n; i++)
		sprintf(o + 2 * i, "%02x", p[i]);
}

/* One key-file line; a failure to parse is a failed check. */
static void __attribute__((format(printf, 2, 3)))
r_line(struct run *r, const char *fmt, ...)
{
	char	line[1024], err[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (isc_keys_parse_line(r->k, "t.keys", ++r->lines, line, err,
		sizeof(err)) != 0)
		ok(0, "key line '%s' parses: %s", line, err);
}

/* The esp line of s: SPI (or *), and addresses when given. */
static void
r_sa(struct run *r, const struct tsa *s, int wild, const char *src,
    const char *dst)
{
	char ek[160], ak[160], spi[16];

	hexs(ek, s->ek, s->ekl);
	hexs(ak, s->ak, s->akl);
	if (wild)
		strcpy(spi, "*");
	else
		snprintf(spi, sizeof(spi), "%08x", s->spi);
	r_line(r, "esp %s %s %s %s %s%s%s%s%s", spi, t_encr_name(s->encr), ek,
	    t_integ_name(s->integ), ak, src != NULL ? " " : "",
	    src != NULL ? src : "", dst != NULL ? " " : "",
	    dst != NULL ? dst : "");
}

static void
feed2(struct run *r, const uint8_t *p, size_t caplen, size_t wire)
{
	struct isc_time ts = { r->t++, 0 };

	repl_len = 0;
	isc_analysis_frame(r->a, p, caplen, wire, ts);
}

static void
feed(struct run *r, const uint8_t *p, size_t len)
{
	feed2(r, p, len, len);
}

/* ESP in IPv4 protocol 50, A4 -> B4. */
static void
send4(struct run *r, const uint8_t *esp, size_t n)
{
	uint8_t f[BUF];

	feed(r, f, ip4(f, 50, A4, B4, esp, n, 7, 0));
}

static struct isc_esp_sa *
sa_by(const struct run *r, uint32_t spi)
{
	size_t i;

	for (i = 0; i < r->a->nesp; i++)
		if (r->a->esp_sas[i]->spi == spi)
			return r->a->esp_sas[i];
	return NULL;
}

/* Packet i of e's records, in full. */
static struct isc_esp_pkt
pk(const struct isc_esp_sa *e, size_t i)
{
	struct isc_esp_pkt p;

	isc_esp_sa_pkt(e, i, &p);
	return p;
}

/* The last packet of e, in full: a test holds up to four at once. */
static const struct isc_esp_pkt *
last_pkt(const struct isc_esp_sa *e)
{
	static struct isc_esp_pkt p[4];
	static unsigned		  n;

	if (e == NULL || e->npkts == 0)
		return NULL;
	n = (n + 1) % 4;
	isc_esp_sa_pkt(e, e->npkts - 1, &p[n]);
	return &p[n];
}

static const char *
res(const struct isc_esp_sa *e)
{
	const struct isc_esp_pkt *p = last_pkt(e);

	return p != NULL ? esp_result_name(p->result) : "(no packet)";
}

static int
last_is(const struct isc_esp_sa *e, enum isc_esp_result want)
{
	const struct isc_esp_pkt *p = last_pkt(e);

	return p != NULL && p->result == want;
}

static int
is_v4(const struct isc_addr *a, const uint8_t *ip)
{
	return a->family == 4 && memcmp(a->a, ip, 4) == 0;
}

static int
is_v6(const struct isc_addr *a, const uint8_t *ip)
{
	return a->family == 6 && memcmp(a->a, ip, 16) == 0;
}

static int
repl_is(const uint8_t *want, size_t n)
{
	return repl_len == n && memcmp(repl, want, n) == 0;
}

/* --- 1, 2: modes and framings ----------------------------------------- */

static void
test_cbc_sha1_tunnel(void)
{
	struct run		  r;
	struct tsa		  s, su;
	struct isc_esp_sa	 *e;
	const struct isc_esp_pkt *p;
	uint8_t			  in[BUF], esp[BUF], u[BUF], f[BUF];
	size_t			  ni, n;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x0a0b0c01, E_CBC, 16, I_SHA1);
	r_sa(&r, &s, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 40000, 5353, 37, 1);
	n = esp_of(&s, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	p = last_pkt(e);
	ok(e != NULL && e->counts[ISC_ESP_OK] == 1 && last_is(e, ISC_ESP_OK),
	    "1. AES-CBC-128 + HMAC-SHA1-96, tunnel IPv4: ok (%s)", res(e));
	ok(e != NULL && e->keys_from == ISC_ESP_KEYS_KEYFILE &&
		e->encr == E_CBC && e->integ == I_SHA1 &&
		e->encr_keylen == 128 && e->esn == 0 &&
		strcmp(e->key_source, "t.keys:1") == 0 && r.k->esp[0].used == 1,
	    "1. keys from the esp line t.keys:1 (used once), AES-CBC 128 "
	    "bits, HMAC-SHA1-96, no ESN (%s)",
	    e != NULL ? e->key_source : "");
	ok(p != NULL && p->inner.next_header == 4 && p->inner.ip_version == 4 &&
		is_v4(&p->inner.src, C4) && is_v4(&p->inner.dst, D4) &&
		p->inner.proto == 17 && p->inner.has_ports &&
		p->inner.sport == 40000 && p->inner.dport == 5353 &&
		p->inner.length == ni && p->seq == 1 && !p->replay,
	    "1. inner: next header 4, IPv4 10.1.0.1 > 10.2.0.2, UDP "
	    "40000 > 5353, length %zu, seq 1",
	    ni);
	ok(repl_is(in, ni) && repl_spi == s.spi,
	    "1. -w replacement is the inner IPv4 packet byte for byte "
	    "(%zu of %zu bytes)",
	    repl_len, ni);

	/* Another SA in UDP 4500 (RFC 3948): no marker before ESP. */
	sa_init(&su, 0x0a0b0c02, E_CBC, 16, I_SHA1);
	r_sa(&r, &su, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 40000, 5353, 100, 2);
	n = esp_of(&su, 1, in, ni, 4, esp);
	n = udp(u, 4500, 4500, esp, n);
	feed(&r, f, ip4(f, 17, A4, B4, u, n, 8, 0));
	e = sa_by(&r, su.spi);
	ok(e != NULL && e->udp_encap && last_is(e, ISC_ESP_OK) &&
		repl_is(in, ni) && repl_spi == su.spi,
	    "1. ESP-in-UDP 4500: SA marked encapsulated, ok, replacement is "
	    "the inner packet (%s)",
	    res(e));
	r_end(&r);

	/* Ethernet framing: the replacement is still just the IP packet. */
	r_start(&r, DLT_EN10MB, 1);
	r_sa(&r, &s, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 1, 2, 10, 3);
	n = esp_of(&s, 1, in, ni, 4, esp);
	n = ip4(u, 50, A4, B4, esp, n, 1, 0);
	memset(f, 0x02, 12);
	put16(f + 12, 0x0800);
	memcpy(f + 14, u, n);
	memset(f + 14 + n, 0, 4); /* link padding */
	feed(&r, f, 14 + n + 4);
	e = sa_by(&r, s.spi);
	ok(e != NULL && last_is(e, ISC_ESP_OK) && repl_is(in, ni),
	    "1. over Ethernet with link padding: ok, replacement is the "
	    "inner IP packet (%s)",
	    res(e));
	r_end(&r);
}

static void
test_ipv6_and_transport(void)
{
	struct run		  r;
	struct tsa		  s6, st, s6t, su;
	struct isc_esp_sa	 *e;
	const struct isc_esp_pkt *p;
	uint8_t			  in[BUF], esp[BUF], f[BUF], o[BUF], u[BUF];
	size_t			  ni, n, nf, half;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s6, 0x66000001, E_CBC, 16, I_SHA1);
	sa_init(&st, 0x44000002, E_CBC, 16, I_SHA1);
	sa_init(&s6t, 0x66000003, E_CBC, 16, I_SHA1);
	sa_init(&su, 0x44000004, E_CBC, 16, I_SHA1);
	r_sa(&r, &s6, 0, NULL, NULL);
	r_sa(&r, &st, 0, NULL, NULL);
	r_sa(&r, &s6t, 0, NULL, NULL);
	r_sa(&r, &su, 0, NULL, NULL);

	/* IPv6 in IPv6. */
	ni = udp6_pkt(in, C6, D6, 546, 547, 50, 4);
	n = esp_of(&s6, 1, in, ni, 41, esp);
	feed(&r, f, ip6(f, 50, A6, B6, esp, n));
	e = sa_by(&r, s6.spi);
	p = last_pkt(e);
	ok(e != NULL && is_v6(&e->src.ip, A6) && last_is(e, ISC_ESP_OK) &&
		p->inner.next_header == 41 && p->inner.ip_version == 6 &&
		is_v6(&p->inner.src, C6) && is_v6(&p->inner.dst, D6) &&
		p->inner.proto == 17 && p->inner.sport == 546 &&
		p->inner.dport == 547 && p->inner.length == ni,
	    "2. IPv6 outer, IPv6 inner (next header 41): ok, fd00::11 > "
	    "fd00::2222 UDP 546 > 547, length %zu (%s)",
	    ni, res(e));
	ok(repl_is(in, ni),
	    "2. IPv6 tunnel: replacement is the inner IPv6 packet");

	/* IPv4 transport, outer header with DF and an ID. */
	ni = udp_dgram(in, 7000, 7001, 33, 5);
	n = esp_of(&st, 1, in, ni, 17, esp);
	nf = ip4(f, 50, A4, B4, esp, n, 0x5151, 0x4000);
	memcpy(o, f, 20);
	feed(&r, f, nf);
	e = sa_by(&r, st.spi);
	p = last_pkt(e);
	ok(e != NULL && last_is(e, ISC_ESP_OK) && p->inner.next_header == 17 &&
		p->inner.ip_version == 0 && p->inner.proto == 17 &&
		p->inner.sport == 7000 && p->inner.dport == 7001 &&
		p->inner.length == ni,
	    "2. IPv4 transport (next header 17): ok, UDP 7000 > 7001, "
	    "payload %zu bytes (%s)",
	    ni, res(e));
	ok(repl_len == 20 + ni && repl[0] == 0x45 && repl[9] == 17 &&
		get16(repl + 2) == 20 + ni && get16(repl + 4) == 0x5151 &&
		repl[6] == 0x40 && repl[7] == 0 && sum16(repl, 20) == 0xffff &&
		memcmp(repl + 12, o + 12, 8) == 0 &&
		memcmp(repl + 20, in, ni) == 0,
	    "2. IPv4 transport replacement: outer header rebuilt (protocol "
	    "17, total length %zu, checksum valid, DF kept, MF and offset "
	    "cleared, addresses and ID kept) + the payload",
	    20 + ni);

	/* IPv4 transport in two IP fragments: the header is rebuilt whole. */
	ni = udp_dgram(in, 7002, 7003, 150, 6);
	n = esp_of(&st, 2, in, ni, 17, esp);
	half = 96;
	nf = ip4(f, 50, A4, B4, esp, half, 0x7777, 0x2000);
	feed(&r, f, nf);
	ok(repl_len == 0, "2. first fragment of an ESP datagram: nothing yet");
	nf = ip4(f, 50, A4, B4, esp + half, n - half, 0x7777,
	    (uint16_t)(half / 8));
	feed(&r, f, nf);
	e = sa_by(&r, st.spi);
	ok(e != NULL && last_is(e, ISC_ESP_OK) && repl_len == 20 + ni &&
		repl[9] == 17 && get16(repl + 2) == 20 + ni && repl[6] == 0 &&
		repl[7] == 0 && sum16(repl, 20) == 0xffff &&
		memcmp(repl + 20, in, ni) == 0,
	    "2. reassembled transport ESP: ok; replacement has offset %u "
	    "and MF cleared, length %zu, checksum valid (%s)",
	    repl_len >= 8 ? get16(repl + 6) : 0xffff, 20 + ni, res(e));

	/* IPv6 transport. */
	ni = udp_dgram(in, 8000, 8001, 21, 7);
	n = esp_of(&s6t, 1, in, ni, 17, esp);
	nf = ip6(f, 50, A6, B6, esp, n);
	memcpy(o, f, 40);
	feed(&r, f, nf);
	e = sa_by(&r, s6t.spi);
	ok(e != NULL && last_is(e, ISC_ESP_OK) && repl_len == 40 + ni &&
		memcmp(repl, o, 4) == 0 && get16(repl + 4) == ni &&
		repl[6] == 17 && repl[7] == o[7] &&
		memcmp(repl + 8, o + 8, 32) == 0 &&
		memcmp(repl + 40, in, ni) == 0,
	    "2. IPv6 transport: 40-byte header (next header 17, payload "
	    "length %zu, rest kept) + payload (%s)",
	    ni, res(e));

	/* Transport mode over UDP 4500: the UDP header is not kept. */
	memset(in, 0, 20);
	put16(in, 22);
	put16(in + 2, 61000);
	in[12] = 5 << 4;
	ni = 20 + 16;
	memset(in + 20, 0x54, 16);
	n = esp_of(&su, 1, in, ni, 6, esp);
	n = udp(u, 4500, 4500, esp, n);
	feed(&r, f, ip4(f, 17, A4, B4, u, n, 0x99, 0));
	e = sa_by(&r, su.spi);
	p = last_pkt(e);
	ok(e != NULL && e->udp_encap && last_is(e, ISC_ESP_OK) &&
		p->inner.proto == 6 && p->inner.sport == 22 &&
		p->inner.dport == 61000,
	    "2. transport mode in UDP 4500: ok, TCP 22 > 61000 (%s)", res(e));
	ok(repl_len == 20 + ni && repl[9] == 6 && get16(repl + 2) == 20 + ni &&
		sum16(repl, 20) == 0xffff && memcmp(repl + 20, in, ni) == 0,
	    "2. its replacement: IPv4 header with protocol 6 (not 17), "
	    "length %zu, then the TCP segment (UDP encapsulation dropped)",
	    20 + ni);
	r_end(&r);
}

/* --- 3: algorithms --------------------------------------------------- */

struct alg_case {
	const char *what;
	uint16_t    encr;
	size_t	    keylen;
	uint16_t    integ;
};

static void
test_algorithms(void)
{
	static const struct alg_case cases[] = {
		{ "AES-GCM-16 (128-bit key + 4 salt)", E_GCM16, 16, I_NONE },
		{ "AES-GCM-16 (256-bit key + 4 salt)", E_GCM16, 32, I_NONE },
		{ "AES-GCM-8", E_GCM8, 16, I_NONE },
		{ "AES-CCM-16 (salt 3)", E_CCM16, 16, I_NONE },
		{ "ChaCha20-Poly1305 (RFC 7634, salt 4)", E_CHACHA, 32,
		    I_NONE },
		{ "AES-GMAC (RFC 4543, nothing encrypted)", E_GMAC, 16,
		    I_NONE },
		{ "AES-CTR (RFC 3686) + HMAC-SHA2-256-128", E_CTR, 16,
		    I_SHA256 },
		{ "3DES + HMAC-MD5-96", E_3DES, 24, I_MD5 },
		{ "NULL + AES-XCBC-96", E_NULL, 0, I_XCBC },
		{ "AES-CBC-128 + AES-CMAC-96", E_CBC, 16, I_CMAC },
		{ "AES-CBC-256 + HMAC-SHA2-512-256", E_CBC, 32, I_SHA512 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct alg_case *c = &cases[i];
		struct run	       r;
		struct tsa	       s;
		struct isc_esp_sa     *e;
		uint8_t		       in[BUF], in2[BUF], esp[BUF];
		size_t		       ni, ni2, n;
		int		       clear = 0, okrepl;

		r_start(&r, LINKTYPE_RAW, 1);
		sa_init(&s, 0x3a000000 + (uint32_t)i, c->encr, c->keylen,
		    c->integ);
		r_sa(&r, &s, 0, NULL, NULL);
		ni = udp4_pkt(in, C4, D4, 1000 + (unsigned)i, 2000, 45, 9);
		n = esp_of(&s, 1, in, ni, 4, esp);
		if (c->encr == E_GMAC || c->encr == E_NULL)
			clear = memcmp(esp + 8 + t_iv(c->encr), in, ni) == 0;
		send4(&r, esp, n);
		okrepl = repl_is(in, ni);
		ni2 = udp4_pkt(in2, C4, D4, 1000 + (unsigned)i, 2000, 300, 10);
		n = esp_of(&s, 2, in2, ni2, 4, esp);
		send4(&r, esp, n);
		okrepl = okrepl && repl_is(in2, ni2);
		e = sa_by(&r, s.spi);
		ok(e != NULL && e->counts[ISC_ESP_OK] == 2 && e->npkts == 2 &&
			pk(e, 0).result == ISC_ESP_OK &&
			pk(e, 1).result == ISC_ESP_OK && okrepl,
		    "3. %s: both packets ok, replacements are the inner "
		    "packets (%s, %s)",
		    c->what,
		    e != NULL && e->npkts > 0 ?
			esp_result_name(pk(e, 0).result) :
			"-",
		    res(e));
		ok(e != NULL && e->encr == c->encr && e->integ == c->integ &&
			e->encr_keylen == c->keylen * 8,
		    "3. %s: SA reports ENCR %u (%u bits), INTEG %u", c->what,
		    e != NULL ? e->encr : 0, e != NULL ? e->encr_keylen : 0,
		    e != NULL ? e->integ : 0);
		if (c->encr == E_GMAC) {
			ok(clear,
			    "3. AES-GMAC: the payload is on the wire in clear");
			/* Everything is authenticated: flip a payload bit. */
			n = esp_of(&s, 3, in, ni, 4, esp);
			esp[8 + 8 + 30] ^= 0x01;
			send4(&r, esp, n);
			ok(last_is(e, ISC_ESP_INTEGRITY_FAILED) &&
				repl_len == 0,
			    "3. AES-GMAC: a flipped payload bit (in clear, "
			    "but authenticated) -> integrity_failed (%s)",
			    res(e));
		}
		r_end(&r);
	}
}

/* --- 4, 5: integrity and padding --------------------------------------- */

static void
test_integrity_padding(void)
{
	struct run	   r;
	struct tsa	   s, g, f1, f2, nn;
	struct isc_esp_sa *e;
	uint8_t		   in[BUF], esp[BUF], pt[BUF];
	size_t		   ni, n, np;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x44440001, E_CBC, 16, I_SHA1);
	sa_init(&g, 0x44440002, E_GCM16, 16, I_NONE);
	sa_init(&f1, 0x44440003, E_CBC, 16, I_SHA1);
	sa_init(&f2, 0x44440004, E_CBC, 16, I_SHA1);
	sa_init(&nn, 0x44440005, E_CBC, 16, I_NONE);
	r_sa(&r, &s, 0, NULL, NULL);
	r_sa(&r, &g, 0, NULL, NULL);
	r_sa(&r, &f1, 0, NULL, NULL);
	r_sa(&r, &f2, 0, NULL, NULL);
	r_sa(&r, &nn, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 1, 2, 40, 11);

	/* 4: an ICV with one bit wrong, first packet of its SA. */
	n = esp_of(&s, 1, in, ni, 4, esp);
	esp[n - 1] ^= 0x80;
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	ok(e != NULL && last_is(e, ISC_ESP_INTEGRITY_FAILED) && repl_len == 0 &&
		nrepl == 0,
	    "4. ICV with one bit flipped (first packet of the SA): "
	    "integrity_failed, no replacement (%s)",
	    res(e));
	n = esp_of(&s, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_OK) && repl_is(in, ni),
	    "4. the SA's next, intact packet: ok (%s)", res(e));
	n = esp_of(&s, 3, in, ni, 4, esp);
	esp[8 + 16 + 5] ^= 0x01; /* ciphertext */
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_INTEGRITY_FAILED) && repl_len == 0 &&
		e->counts[ISC_ESP_INTEGRITY_FAILED] == 2,
	    "4. a ciphertext bit flipped under a bound key: "
	    "integrity_failed, no replacement (%s)",
	    res(e));

	/* 4: AEAD tag and AEAD ciphertext. */
	n = esp_of(&g, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, g.spi);
	ok(last_is(e, ISC_ESP_OK), "4. AES-GCM-16 reference packet: ok (%s)",
	    res(e));
	n = esp_of(&g, 2, in, ni, 4, esp);
	esp[n - 16] ^= 0x04;
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_INTEGRITY_FAILED) && repl_len == 0,
	    "4. AES-GCM-16 tag with one bit flipped: integrity_failed, no "
	    "replacement (%s)",
	    res(e));
	n = esp_of(&g, 3, in, ni, 4, esp);
	esp[20] ^= 0x10;
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_INTEGRITY_FAILED) && repl_len == 0,
	    "4. AES-GCM-16 ciphertext bit flipped: integrity_failed (%s)",
	    res(e));
	n = esp_of(&g, 4, in, ni, 4, esp);
	esp[5] ^= 0x01; /* sequence number: AAD */
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_INTEGRITY_FAILED),
	    "4. AES-GCM-16 with its sequence number (AAD) changed: "
	    "integrity_failed (%s)",
	    res(e));

	/* 5: one pad byte out of sequence under a valid ICV, SA bound. */
	np = plain(pt, in, ni, 4, 16, 16);
	pt[np - 2 - 16 + 2] = 0x04; /* third pad byte: 3 expected */
	n = seal(&s, 10, pt, np, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	ok(last_is(e, ISC_ESP_BAD_PADDING) && repl_len == 0,
	    "5. pad bytes not 1, 2, 3... with a valid ICV (SA bound): "
	    "bad_padding, no replacement (%s)",
	    res(e));

	/* Pad length larger than the plaintext, valid ICV. */
	np = plain(pt, in, ni, 4, 16, 0);
	pt[np - 2] = 250;
	n = seal(&s, 11, pt, np, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_BAD_PADDING) && repl_len == 0,
	    "5. pad length 250 > the %zu-byte plaintext, valid ICV: "
	    "bad_padding, not malformed - the ICV proves the packet is "
	    "whole and the key right, so the trailer is what is wrong (%s)",
	    np, res(e));

	/* Same, without integrity: nothing vouches for the bytes. */
	n = esp_of(&nn, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, nn.spi);
	np = plain(pt, in, ni, 4, 16, 0);
	pt[np - 2] = 250;
	n = seal(&nn, 2, pt, np, esp);
	send4(&r, esp, n);
	ok(e != NULL && e->npkts == 2 &&
		pk(e, 0).result == ISC_ESP_UNVERIFIED &&
		last_is(e, ISC_ESP_MALFORMED) && repl_len == 0,
	    "5. the same with INTEG NONE: malformed (no ICV: a trailer "
	    "that does not fit is indistinguishable from a wrong key) (%s)",
	    res(e));

	/*
	 * Bad padding as the very first packet of an SA: the ICV (without
	 * ESN) verifies, so the verdict should still be bad_padding.
	 */
	np = plain(pt, in, ni, 4, 16, 16);
	pt[np - 2 - 16 + 2] = 0x04;
	n = seal(&f1, 1, pt, np, esp);
	send4(&r, esp, n);
	e = sa_by(&r, f1.spi);
	ok(last_is(e, ISC_ESP_BAD_PADDING) && repl_len == 0,
	    "5. bad pad bytes with a valid ICV as the first packet of an "
	    "SA: bad_padding (%s)",
	    res(e));
	np = plain(pt, in, ni, 4, 16, 0);
	pt[np - 2] = 250;
	n = seal(&f2, 1, pt, np, esp);
	send4(&r, esp, n);
	e = sa_by(&r, f2.spi);
	ok(last_is(e, ISC_ESP_BAD_PADDING) && repl_len == 0,
	    "5. pad length past the plaintext with a valid ICV as the "
	    "first packet of an SA: bad_padding (%s)",
	    res(e));
	n = esp_of(&f2, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_OK) && repl_is(in, ni),
	    "5. that SA's next good packet: ok (%s)", res(e));
	r_end(&r);
}

/* --- 6, 7: without an integrity check ------------------------------------ */

#define GARBAGE 1000

static void
test_no_integrity(void)
{
	struct run	   r;
	struct tsa	   s, bad, t, any;
	struct isc_esp_sa *e;
	uint8_t		   in[BUF], esp[BUF], f[BUF];
	size_t		   ni, n, i, len;
	unsigned	   cnt[ISC_ESP_NRESULTS], nrep0, dum0;
	char		   dist[256];

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x66660001, E_CBC, 16, I_NONE);
	sa_init(&t, 0x66660002, E_CBC, 16, I_NONE);
	r_sa(&r, &s, 0, NULL, NULL);
	r_sa(&r, &t, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 3000, 3001, 60, 12);
	n = esp_of(&s, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	ok(e != NULL && last_is(e, ISC_ESP_UNVERIFIED) &&
		e->counts[ISC_ESP_OK] == 0 && repl_is(in, ni) &&
		e->keys_from == ISC_ESP_KEYS_KEYFILE && e->integ == 0,
	    "6. AES-CBC with INTEG NONE, tunnel: unverified (never ok), "
	    "replacement the inner packet (%s)",
	    res(e));
	ni = udp_dgram(in, 3002, 3003, 17, 13);
	n = esp_of(&t, 1, in, ni, 17, esp);
	send4(&r, esp, n);
	ok(last_is(sa_by(&r, t.spi), ISC_ESP_UNVERIFIED) && repl_len == 20 + ni,
	    "6. INTEG NONE, transport UDP: unverified (%s)",
	    res(sa_by(&r, t.spi)));

	/*
	 * Garbage: the same SA's packets encrypted with random other keys,
	 * decrypted with the bound key into random bytes.
	 */
	if (e == NULL) {
		r_end(&r);
		return;
	}
	memset(cnt, 0, sizeof(cnt));
	nrep0 = nrepl;
	dum0 = (unsigned)e->dummies;
	bad = s;
	for (i = 0; i < GARBAGE; i++) {
		rnd(bad.ek, bad.ekl);
		len = i % 3 == 0 ? 60 : i % 3 == 1 ? 200 : 1000;
		ni = udp4_pkt(in, C4, D4, 3000, 3001, len, (uint8_t)i);
		n = esp_of(&bad, 2 + i, in, ni, 4, esp);
		feed(&r, f, ip4(f, 50, A4, B4, esp, n, 7, 0));
		if (last_pkt(e) == NULL)
			break;
		cnt[last_pkt(e)->result]++;
	}
	snprintf(dist, sizeof(dist),
	    "%u malformed, %u bad_padding, %u unverified (%u as dummies), "
	    "%u ok; %u replacements written",
	    cnt[ISC_ESP_MALFORMED], cnt[ISC_ESP_BAD_PADDING],
	    cnt[ISC_ESP_UNVERIFIED], (unsigned)e->dummies - dum0,
	    cnt[ISC_ESP_OK], nrepl - nrep0);
	ok(cnt[ISC_ESP_UNVERIFIED] == 0 && cnt[ISC_ESP_OK] == 0,
	    "6. %d packets under random wrong keys, INTEG NONE: none "
	    "accepted as unverified (rate %.2f%%: %s)",
	    GARBAGE, 100.0 * cnt[ISC_ESP_UNVERIFIED] / GARBAGE, dist);
	ok(cnt[ISC_ESP_MALFORMED] == GARBAGE,
	    "6. and every one of them is malformed (esp.c: 'anything else "
	    "is malformed') (%s)",
	    dist);
	r_end(&r);

	/* 7: an ICV that is skipped unchecked. */
	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&any, 0x77770001, E_CBC, 16, I_ANY96);
	r_sa(&r, &any, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 4000, 4001, 29, 14);
	n = esp_of(&any, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, any.spi);
	ok(e != NULL && last_is(e, ISC_ESP_UNVERIFIED) &&
		e->counts[ISC_ESP_OK] == 0 && e->integ == I_ANY96 &&
		repl_is(in, ni),
	    "7. AES-CBC + ANY_96 (key -): unverified, never ok; "
	    "replacement is the inner packet (%s)",
	    res(e));
	ni = udp_dgram(in, 4002, 4003, 27, 15);
	n = esp_of(&any, 2, in, ni, 17, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_UNVERIFIED) && last_pkt(e)->inner.length == ni &&
		repl_len == 20 + ni && memcmp(repl + 20, in, ni) == 0,
	    "7. ANY_96 transport: the 12 ICV bytes are not plaintext "
	    "(payload %u bytes, expected %zu; trailer found before the "
	    "ICV) (%s)",
	    last_pkt(e) != NULL ? last_pkt(e)->inner.length : 0, ni, res(e));
	r_end(&r);
}

/* --- 8: dummies and TFC ---------------------------------------------- */

static void
test_dummy_tfc(void)
{
	struct run		  r;
	struct tsa		  s;
	struct isc_esp_sa	 *e;
	const struct isc_esp_pkt *p;
	uint8_t			  in[BUF], esp[BUF];
	size_t			  ni, n;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x88880001, E_CBC, 16, I_SHA1);
	r_sa(&r, &s, 0, NULL, NULL);
	rnd(in, 40);
	n = esp_of(&s, 1, in, 40, 59, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	p = last_pkt(e);
	ok(e != NULL && e->dummies == 1 && last_is(e, ISC_ESP_OK) &&
		p->inner.next_header == 59 && repl_len == 0 && nrepl == 0,
	    "8. dummy packet (next header 59): ok, counted in dummies, no "
	    "replacement (%s)",
	    res(e));

	/* TFC padding (RFC 4303 2.7) after the inner IPv4 packet. */
	ni = udp4_pkt(in, C4, D4, 5000, 5001, 20, 16);
	rnd(in + ni, 37);
	n = esp_of(&s, 2, in, ni + 37, 4, esp);
	send4(&r, esp, n);
	p = last_pkt(e);
	ok(last_is(e, ISC_ESP_OK) && p->inner.length == ni && repl_is(in, ni) &&
		e->dummies == 1,
	    "8. IPv4 packet + 37 TFC bytes: inner length %u is the IP "
	    "total length %zu, replacement without the TFC bytes (%zu)",
	    p != NULL ? p->inner.length : 0, ni, repl_len);
	ni = udp6_pkt(in, C6, D6, 5002, 5003, 20, 17);
	memset(in + ni, 0, 64);
	n = esp_of(&s, 3, in, ni + 64, 41, esp);
	send4(&r, esp, n);
	p = last_pkt(e);
	ok(last_is(e, ISC_ESP_OK) && p->inner.length == ni && repl_is(in, ni),
	    "8. IPv6 packet + 64 zero TFC bytes: length %zu from the "
	    "payload length, TFC dropped (%s)",
	    ni, res(e));
	r_end(&r);
}

/* --- 9, 10: sequence numbers ------------------------------------------ */

static void
test_sequence(void)
{
	static const uint32_t seqs[] = { 1, 2, 2, 5, 4, 3 };
	struct run	      r;
	struct tsa	      s;
	struct isc_esp_sa    *e;
	uint8_t		      in[BUF], esp[BUF];
	size_t		      ni, n, i;
	int		      allok = 1;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x99990001, E_CBC, 16, I_SHA1);
	r_sa(&r, &s, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 6000, 6001, 20, 18);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		n = esp_of(&s, seqs[i], in, ni, 4, esp);
		send4(&r, esp, n);
	}
	e = sa_by(&r, s.spi);
	for (i = 0; e != NULL && i < e->npkts; i++)
		allok = allok && pk(e, i).result == ISC_ESP_OK;
	ok(e != NULL && e->npkts == 6 && allok,
	    "9. sequence 1, 2, 2, 5, 4, 3: every packet decrypts ok");
	ok(e != NULL && e->replays == 1 && pk(e, 2).replay &&
		!pk(e, 1).replay && !pk(e, 0).replay,
	    "9. the second 2 is a replay: replays %llu, flagged on that "
	    "packet only",
	    e != NULL ? (unsigned long long)e->replays : 0);
	ok(e != NULL && e->gaps == 1 && e->highest_seq == 5,
	    "9. 2 -> 5 is one gap (gaps %llu), highest 5",
	    e != NULL ? (unsigned long long)e->gaps : 0);
	ok(e != NULL && !pk(e, 3).replay && !pk(e, 4).replay &&
		!pk(e, 5).replay && pk(e, 4).seq == 4,
	    "9. 4 and 3 after 5 (out of order, inside the window): not "
	    "replays, no new gap");
	/* Past the 64-packet window. */
	n = esp_of(&s, 200, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&s, 100, in, ni, 4, esp);
	send4(&r, esp, n);
	ok(e != NULL && e->gaps == 2 && e->replays == 2 && last_pkt(e)->replay,
	    "9. 200 then 100 (100 below the 64-packet window): a gap, and "
	    "100 counted as a replay (RFC 4303 3.4.3: outside the window)");
	r_end(&r);
}

static void
test_esn(void)
{
	static const uint64_t seqs[] = { 0xfffffff0ULL, 0xfffffffeULL,
		0xffffffffULL, 0x100000000ULL, 0x100000001ULL, 0xfffffffdULL };
	static const uint64_t gseqs[] = { 0xfffffffeULL, 0xffffffffULL,
		0x100000000ULL, 0x100000002ULL };
	struct run	      r;
	struct tsa	      s, g, x, plain_sa;
	struct isc_esp_sa    *e;
	uint8_t		      in[BUF], esp[BUF];
	size_t		      ni, n, i;
	int		      allok = 1, seqok = 1;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0xe5e50001, E_CBC, 16, I_SHA256);
	s.esn = 1;
	sa_init(&g, 0xe5e50002, E_GCM16, 16, I_NONE);
	g.esn = 1;
	sa_init(&x, 0xe5e50003, E_CBC, 16, I_SHA1);
	x.esn = 1;
	sa_init(&plain_sa, 0xe5e50004, E_CBC, 16, I_SHA1);
	r_sa(&r, &s, 0, NULL, NULL);
	r_sa(&r, &g, 0, NULL, NULL);
	r_sa(&r, &x, 0, NULL, NULL);
	r_sa(&r, &plain_sa, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 7000, 7001, 20, 19);

	/* HMAC: the high 32 bits after the packet in the ICV input. */
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		n = esp_of(&s, seqs[i], in, ni, 4, esp);
		send4(&r, esp, n);
	}
	e = sa_by(&r, s.spi);
	for (i = 0; e != NULL && i < e->npkts; i++) {
		allok = allok && pk(e, i).result == ISC_ESP_OK;
		seqok = seqok && pk(e, i).seq == seqs[i];
	}
	ok(e != NULL && e->npkts == 6 && allok && e->esn == 1,
	    "10. ESN + HMAC-SHA2-256-128 (ESN found by trying both on "
	    "the first packet): low seq 0xfffffff0, ..fffe, ..ffff, then 0 "
	    "and 1 after the wrap all verify");
	ok(e != NULL && seqok && e->highest_seq == 0x100000001ULL,
	    "10. seq recorded as 64-bit values (0x%llx after the wrap; "
	    "highest 0x%llx)",
	    e != NULL && e->npkts > 4 ? (unsigned long long)pk(e, 4).seq : 0ULL,
	    e != NULL ? (unsigned long long)e->highest_seq : 0ULL);
	ok(e != NULL && e->npkts == 6 && pk(e, 5).seq == 0xfffffffdULL &&
		!pk(e, 5).replay && e->replays == 0 && e->gaps == 1,
	    "10. a late 0xfffffffd after the wrap: high half inferred as 0 "
	    "(RFC 4303 A2.2, below the window bottom), not a replay; one "
	    "gap (f0 -> fe)");

	/* AEAD: AAD = SPI | seq hi | seq lo (RFC 4106 5). */
	allok = seqok = 1;
	for (i = 0; i < sizeof(gseqs) / sizeof(gseqs[0]); i++) {
		n = esp_of(&g, gseqs[i], in, ni, 4, esp);
		send4(&r, esp, n);
	}
	e = sa_by(&r, g.spi);
	for (i = 0; e != NULL && i < e->npkts; i++) {
		allok = allok && pk(e, i).result == ISC_ESP_OK;
		seqok = seqok && pk(e, i).seq == gseqs[i];
	}
	ok(e != NULL && e->npkts == 4 && allok && seqok && e->esn == 1 &&
		e->gaps == 1 && repl_is(in, ni),
	    "10. ESN + AES-GCM-16 (12-byte AAD): ..fffe, ..ffff, 1:0, 1:2 "
	    "verify with 64-bit seqs; one gap");

	/* An ESN SA whose first packet is damaged: the guess is redone. */
	n = esp_of(&x, 0xfffffffaULL, in, ni, 4, esp);
	esp[n - 1] ^= 1;
	send4(&r, esp, n);
	n = esp_of(&x, 0xfffffffbULL, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&x, 0x100000003ULL, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, x.spi);
	ok(e != NULL && e->npkts == 3 &&
		pk(e, 0).result == ISC_ESP_INTEGRITY_FAILED &&
		pk(e, 1).result == ISC_ESP_OK &&
		pk(e, 2).result == ISC_ESP_OK && e->esn == 1 &&
		pk(e, 2).seq == 0x100000003ULL,
	    "10. ESN SA whose first packet fails its ICV: later packets "
	    "still found to use ESN and verify across the wrap (%s)",
	    res(e));

	/* Without ESN the same engine keeps esn 0 and 32-bit seqs. */
	n = esp_of(&plain_sa, 0xffffffffULL, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&plain_sa, 0x1ULL, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, plain_sa.spi);
	ok(e != NULL && e->esn == 0 && e->npkts == 2 &&
		pk(e, 0).result == ISC_ESP_OK &&
		pk(e, 1).result == ISC_ESP_OK && pk(e, 1).seq == 1,
	    "10. a non-ESN SA: esn 0, seq 1 after 0xffffffff is just 1");
	r_end(&r);
}

/* --- 11: wildcard lines ------------------------------------------------ */

static void
test_wildcard(void)
{
	struct run	   r;
	struct tsa	   k1, k2, k3, x, y, z, w;
	struct isc_esp_sa *ex, *ey, *ez, *ew;
	uint8_t		   in[BUF], esp[BUF], f[BUF];
	size_t		   ni, n;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&k1, 0, E_CBC, 16, I_SHA1);
	sa_init(&k2, 0, E_CBC, 16, I_SHA1);
	sa_init(&k3, 0, E_CBC, 16, I_SHA1);
	r_sa(&r, &k1, 1, "192.0.2.1", "198.51.100.7");
	r_sa(&r, &k2, 1, "192.0.2.1", "198.51.100.7");
	r_sa(&r, &k3, 1, "10.9.9.9", "10.9.9.10");
	x = k1;
	x.spi = 0x11110001;
	y = k2;
	y.spi = 0x11110002;
	z = k3;
	z.spi = 0x11110003;
	ni = udp4_pkt(in, C4, D4, 1, 2, 10, 20);
	n = esp_of(&x, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&y, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	ey = sa_by(&r, y.spi);
	ok(ey != NULL && last_is(ey, ISC_ESP_OK) && repl_is(in, ni),
	    "11. two `esp *` lines for 192.0.2.1 > 198.51.100.7: the SA "
	    "encrypted with the second key decrypts ok (%s)",
	    res(ey));
	n = esp_of(&x, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&y, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	ex = sa_by(&r, x.spi);
	ey = sa_by(&r, y.spi);
	ok(ex != NULL && ey != NULL && ex->counts[ISC_ESP_OK] == 2 &&
		ey->counts[ISC_ESP_OK] == 2 &&
		strcmp(ex->key_source, "t.keys:1") == 0 &&
		strcmp(ey->key_source, "t.keys:2") == 0,
	    "11. each SA bound to the line whose ICV verifies (%s, %s), "
	    "all packets ok",
	    ex != NULL ? ex->key_source : "-",
	    ey != NULL ? ey->key_source : "-");
	n = esp_of(&z, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	ez = sa_by(&r, z.spi);
	ok(ez != NULL && last_is(ez, ISC_ESP_INTEGRITY_FAILED) &&
		ez->keys_from == ISC_ESP_KEYS_NONE && repl_len == 0 &&
		r.k->esp[0].used == 1 && r.k->esp[1].used == 1 &&
		r.k->esp[2].used == 0,
	    "11. an SA keyed as line 3 (addresses 10.9.9.9 > 10.9.9.10): "
	    "line 3 is not tried, lines 1-2 fail its ICV -> "
	    "integrity_failed, keys_from NONE; used counts 1, 1, 0 (%s)",
	    res(ez));

	/* The reverse direction does not match src/dst either. */
	w = k1;
	w.spi = 0x11110004;
	n = esp_of(&w, 1, in, ni, 4, esp);
	feed(&r, f, ip4(f, 50, B4, A4, esp, n, 1, 0));
	ew = sa_by(&r, w.spi);
	ok(ew != NULL && last_is(ew, ISC_ESP_NO_KEYS) &&
		ew->keys_from == ISC_ESP_KEYS_NONE,
	    "11. the right key but traffic 198.51.100.7 > 192.0.2.1 (lines "
	    "say the other way): no_keys (%s)",
	    res(ew));
	r_end(&r);

	/* An exact-SPI line with addresses that do not match. */
	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&x, 0x12120001, E_CBC, 16, I_SHA1);
	r_sa(&r, &x, 0, "10.0.0.1", "10.0.0.2");
	n = esp_of(&x, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	ex = sa_by(&r, x.spi);
	ok(ex != NULL && last_is(ex, ISC_ESP_NO_KEYS) &&
		ex->keys_from == ISC_ESP_KEYS_NONE && r.k->esp[0].used == 0 &&
		repl_len == 0,
	    "11. `esp 12120001 ... 10.0.0.1 10.0.0.2` for traffic "
	    "192.0.2.1 > 198.51.100.7: not used, no_keys (%s)",
	    res(ex));
	r_end(&r);

	/* Ranking: an exact SPI wins over a wildcard that also fits. */
	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&x, 0x13130001, E_CBC, 16, I_SHA1);
	k1 = x; /* the same keys: both lines verify */
	r_sa(&r, &k1, 1, NULL, NULL);
	r_sa(&r, &x, 0, NULL, NULL);
	n = esp_of(&x, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	ex = sa_by(&r, x.spi);
	ok(ex != NULL && last_is(ex, ISC_ESP_OK) &&
		strcmp(ex->key_source, "t.keys:2") == 0,
	    "11. an `esp *` line before the exact SPI's line: the exact "
	    "line is used (%s, %s)",
	    ex != NULL ? ex->key_source : "-", res(ex));
	r_end(&r);
}

/* --- 12: ESP in ESP ---------------------------------------------------- */

static void
test_nested(void)
{
	struct run		  r;
	struct tsa		  o, i;
	struct isc_esp_sa	 *eo, *ei;
	const struct isc_esp_pkt *po, *pi;
	uint8_t			  inner[BUF], esp[BUF], mid[BUF], oesp[BUF];
	size_t			  nin, n, nm;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&o, 0x0e000001, E_GCM16, 16, I_NONE);
	sa_init(&i, 0x0e000002, E_CBC, 16, I_SHA1);
	r_sa(&r, &o, 0, NULL, NULL);
	r_sa(&r, &i, 0, NULL, NULL);
	nin = udp4_pkt(inner, E4, F4, 9000, 9001, 64, 21);
	n = esp_of(&i, 1, inner, nin, 4, esp);
	nm = ip4(mid, 50, C4, D4, esp, n, 0x3333, 0);
	n = esp_of(&o, 1, mid, nm, 4, oesp);
	send4(&r, oesp, n);
	eo = sa_by(&r, o.spi);
	ei = sa_by(&r, i.spi);
	po = last_pkt(eo);
	pi = last_pkt(ei);
	ok(eo != NULL && ei != NULL && last_is(eo, ISC_ESP_OK) &&
		last_is(ei, ISC_ESP_OK) && r.a->esp_packets == 2,
	    "12. ESP (GCM) carrying IPv4 ESP (CBC/SHA1): both SAs decrypt "
	    "ok, two ESP packets counted (%s, %s)",
	    res(eo), res(ei));
	ok(ei != NULL && ei->nested && eo != NULL && !eo->nested &&
		is_v4(&ei->src.ip, C4) && is_v4(&ei->dst.ip, D4),
	    "12. the inner SA is marked nested, with the tunnelled "
	    "addresses 10.1.0.1 > 10.2.0.2");
	ok(po != NULL && po->inner.proto == 50 && po->inner.has_spi &&
		po->inner.spi == i.spi && pi != NULL && pi->inner.proto == 17 &&
		pi->inner.sport == 9000 && is_v4(&pi->inner.src, E4),
	    "12. outer record: inner protocol 50, SPI %08x; inner record: "
	    "UDP 9000 from 172.16.0.5",
	    i.spi);
	ok(repl_is(inner, nin) && repl_spi == i.spi,
	    "12. the replacement is the innermost inner packet (%zu bytes), "
	    "credited to the inner SPI",
	    nin);

	/* Nested inner SA that fails: the replacement is the middle one. */
	n = esp_of(&i, 2, inner, nin, 4, esp);
	esp[n - 3] ^= 0x20;
	nm = ip4(mid, 50, C4, D4, esp, n, 0x3334, 0);
	n = esp_of(&o, 2, mid, nm, 4, oesp);
	send4(&r, oesp, n);
	ok(last_is(eo, ISC_ESP_OK) && last_is(ei, ISC_ESP_INTEGRITY_FAILED) &&
		repl_is(mid, nm) && repl_spi == o.spi,
	    "12. inner ICV broken: outer ok, inner integrity_failed, "
	    "replacement the outer SA's inner packet (%s)",
	    res(ei));
	r_end(&r);
}

/* --- 13, 14: truncation, no keys --------------------------------------- */

static void
test_truncated(void)
{
	struct run	   r;
	struct tsa	   s, t;
	struct isc_esp_sa *e;
	uint8_t		   in[BUF], esp[BUF], f[BUF];
	size_t		   ni, n, nf;

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&s, 0x13000001, E_CBC, 16, I_SHA1);
	sa_init(&t, 0x13000002, E_CBC, 16, I_SHA1);
	r_sa(&r, &s, 0, NULL, NULL);
	r_sa(&r, &t, 0, NULL, NULL);
	ni = udp4_pkt(in, C4, D4, 1, 2, 100, 22);

	/* Cut by the capture, as the SA's first packet. */
	n = esp_of(&s, 1, in, ni, 4, esp);
	nf = ip4(f, 50, A4, B4, esp, n, 1, 0);
	feed2(&r, f, nf - 30, nf);
	e = sa_by(&r, s.spi);
	ok(e != NULL && last_is(e, ISC_ESP_MALFORMED) && repl_len == 0 &&
		e->bytes == n,
	    "13. ESP cut by the capture (caplen %zu < wirelen %zu): "
	    "malformed, no replacement, wire length counted (%s)",
	    nf - 30, nf, res(e));
	n = esp_of(&s, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_OK) && e->keys_from == ISC_ESP_KEYS_KEYFILE,
	    "13. the SA's next whole packet still binds the key: ok (%s)",
	    res(e));
	n = esp_of(&s, 3, in, ni, 4, esp);
	nf = ip4(f, 50, A4, B4, esp, n, 1, 0);
	feed2(&r, f, 20 + 6, nf);
	ok(last_is(e, ISC_ESP_MALFORMED) && repl_len == 0,
	    "13. cut to 6 bytes of ESP (inside the sequence number): "
	    "malformed (%s)",
	    res(e));

	/* Shorter than SPI + seq + IV + ICV. */
	n = esp_of(&s, 4, in, ni, 4, esp);
	send4(&r, esp, 8 + 16 + 12 - 1);
	ok(last_is(e, ISC_ESP_MALFORMED) && repl_len == 0,
	    "13. 35 bytes (< 8 + 16 IV + 12 ICV): malformed (%s)", res(e));
	send4(&r, esp, 8);
	ok(last_is(e, ISC_ESP_MALFORMED),
	    "13. SPI and sequence number only: malformed (%s)", res(e));
	send4(&r, esp, 5);
	ok(last_is(e, ISC_ESP_MALFORMED) && e->npkts == 6,
	    "13. 5 bytes: malformed, still recorded (%s)", res(e));

	/* Ciphertext not whole blocks, under a valid ICV. */
	{
		uint8_t pt[BUF];
		size_t	np = plain(pt, in, ni, 4, 16, 0);

		n = seal(&s, 5, pt, np, esp);
		/* Drop 4 ciphertext bytes and re-MAC what is left. */
		memmove(esp + n - 12 - 4, esp + n - 12, 12);
		n -= 4;
		icv_of(&s, esp, n - 12, NULL, esp + n - 12);
		send4(&r, esp, n);
		ok(last_is(e, ISC_ESP_MALFORMED) && repl_len == 0,
		    "13. valid ICV but ciphertext not whole AES blocks: "
		    "malformed (%s)",
		    res(e));
	}

	/* Too short as the first packet of another SA. */
	n = esp_of(&t, 1, in, ni, 4, esp);
	send4(&r, esp, 30);
	e = sa_by(&r, t.spi);
	ok(e != NULL && last_is(e, ISC_ESP_MALFORMED),
	    "13. a 30-byte first packet of an SA: malformed (%s)", res(e));
	n = esp_of(&t, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	ok(last_is(e, ISC_ESP_OK) && repl_is(in, ni),
	    "13. and its next packet decrypts ok (%s)", res(e));
	r_end(&r);
}

static void
test_no_keys(void)
{
	struct run	   r;
	struct tsa	   s, other;
	struct isc_esp_sa *e;
	uint8_t		   in[BUF], esp[BUF];
	size_t		   ni, n;

	r_start(&r, LINKTYPE_RAW, 0);
	sa_init(&s, 0x14000001, E_CBC, 16, I_SHA1);
	ni = udp4_pkt(in, C4, D4, 1, 2, 30, 23);
	n = esp_of(&s, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	n = esp_of(&s, 2, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	ok(e != NULL && e->counts[ISC_ESP_NO_KEYS] == 2 &&
		last_is(e, ISC_ESP_NO_KEYS) &&
		e->keys_from == ISC_ESP_KEYS_NONE && e->key_source[0] == '\0' &&
		e->encr == 0 && nrepl == 0 && last_pkt(e)->seq == 2,
	    "14. no keys at all: no_keys, keys_from NONE, no replacement, "
	    "seq still read (%s)",
	    res(e));
	r_end(&r);

	r_start(&r, LINKTYPE_RAW, 1);
	sa_init(&other, 0x14000002, E_CBC, 16, I_SHA1);
	r_sa(&r, &other, 0, NULL, NULL);
	n = esp_of(&s, 1, in, ni, 4, esp);
	send4(&r, esp, n);
	e = sa_by(&r, s.spi);
	ok(e != NULL && last_is(e, ISC_ESP_NO_KEYS) &&
		e->keys_from == ISC_ESP_KEYS_NONE && r.k->esp[0].used == 0,
	    "14. an esp line for another SPI only: no_keys (%s)", res(e));
	r_end(&r);
}

int
main(void)
{
	if (crypto_init() != 0) {
		printf("Bail out! libgcrypt did not initialise\n");
		return 1;
	}
	test_cbc_sha1_tunnel();
	test_ipv6_and_transport();
	test_algorithms();
	test_integrity_padding();
	test_no_integrity();
	test_dummy_tfc();
	test_sequence();
	test_esn();
	test_wildcard();
	test_nested();
	test_truncated();
	test_no_keys();
	return done();
}
