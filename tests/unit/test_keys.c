/*
 * test_keys.c - the key file parser (analyzer/keys.h): every directive,
 * SECRET and HEX syntax, comments and CRLF, every error message, whole
 * files with bad lines, overlong lines, the strongSwan sample key files,
 * and algorithm names of each naming family (IANA, strongSwan,
 * Wireshark IKEv2 and ESP tables); SRC/DST subnets and their matcher.
 * The import directive's formats are tested in test_keys_import.c.
 *
 * The sample files are found under argv[1], else $top_srcdir, else
 * $srcdir, else ".".
 */
#include <sys/stat.h>

#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzer/algo.h"
#include "../../analyzer/keys.h"
#include "tap.h"

#define SPI_A "5408dd73977ee25d"
#define SPI_B "48e6d1a7774ca7d7"
#define K16   "00112233445566778899aabbccddeeff"
#define K20   K16 "01020304"
#define K32   K16 K16
#define K36   K32 "01020304"

static char err[512];

static int
hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* Decode hex (no prefix, no blanks); returns the byte count. */
static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; s[0] != '\0' && s[1] != '\0' && n < max; s += 2)
		out[n++] = (uint8_t)(hexdigit(s[0]) << 4 | hexdigit(s[1]));
	return n;
}

static int
bytes_eq_hex(const uint8_t *p, size_t len, const char *hex)
{
	uint8_t b[256];
	size_t	n = unhex(hex, b, sizeof(b));

	return p != NULL && len == n && memcmp(p, b, n) == 0;
}

static size_t
total(const struct isc_keys *k)
{
	return k->npsk + k->ndh + k->nrsa + k->nv1 + k->nv2 + k->nesp;
}

static int
pl(struct isc_keys *k, const char *line)
{
	return isc_keys_parse_line(k, "t.keys", 7, line, err, sizeof(err));
}

/*
 * A line that must fail: -1, nothing added, and the message holds each
 * of the given words.
 */
static void
bad(const char *line, const char *w1, const char *w2)
{
	struct isc_keys *k = isc_keys_new();
	int		 rc = pl(k, line);
	int good = rc == -1 && total(k) == 0 && strstr(err, w1) != NULL &&
	    (w2 == NULL || strstr(err, w2) != NULL);

	ok(good, "bad line [%.60s]: %s", line, err);
	isc_keys_free(k);
}

/* The exact message. */
static void
bad_exact(const char *line, const char *msg)
{
	struct isc_keys *k = isc_keys_new();
	int		 rc = pl(k, line);

	ok(rc == -1 && total(k) == 0 && strcmp(err, msg) == 0,
	    "bad line [%.60s]: %s", line, err);
	isc_keys_free(k);
}

static void
test_store(void)
{
	struct isc_keys *k = isc_keys_new();

	ok(k != NULL && total(k) == 0 && k->nfiles == 0, "new store is empty");
	isc_keys_free(k);
	isc_keys_free(NULL);
	ok(1, "isc_keys_free(NULL) is a no-op");
}

static void
test_blank(void)
{
	static const char *lines[] = { "", "   ", "\t", "# comment",
		"  \t# psk notakey", "\r", " \r\n", "#" };
	struct isc_keys	  *k = isc_keys_new();
	size_t		   i;
	int		   allok = 1;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (pl(k, lines[i]) != 0)
			allok = 0;
	ok(allok && total(k) == 0, "blank and comment lines add nothing");
	isc_keys_free(k);
}

static void
test_psk(void)
{
	struct isc_keys *k = isc_keys_new();
	char		 ob[64];

	ok(pl(k, "psk secret123") == 0 && k->npsk == 1 && k->psk[0].len == 9 &&
		memcmp(k->psk[0].v, "secret123", 9) == 0 &&
		k->psk[0].peer == NULL,
	    "psk bare word");
	ok(k->psk[0].at.line == 7 && strcmp(k->psk[0].at.file, "t.keys") == 0,
	    "psk origin t.keys:7");
	ok(strcmp(isc_key_origin_str(&k->psk[0].at, ob, sizeof(ob)),
	       "t.keys:7") == 0,
	    "origin string %s", ob);
	ok(pl(k, "psk \"a b\\t\\\"c\\\\\\x41\\101\\0z\\n\"") == 0 &&
		k->npsk == 2 && k->psk[1].len == 12 &&
		memcmp(k->psk[1].v, "a b\t\"c\\AA\0z\n", 12) == 0,
	    "psk quoted string with escapes");
	ok(pl(k, "psk 0x6b6579") == 0 && k->npsk == 3 && k->psk[2].len == 3 &&
		memcmp(k->psk[2].v, "key", 3) == 0,
	    "psk 0xHEX");
	ok(pl(k, "psk 0X6B") == 0 && k->psk[3].len == 1 &&
		k->psk[3].v[0] == 'k',
	    "psk 0XHEX upper case");
	ok(pl(k, "psk \"0x41\"") == 0 && k->psk[4].len == 4 &&
		memcmp(k->psk[4].v, "0x41", 4) == 0,
	    "psk quoted 0x41 is text");
	ok(pl(k, "psk s 192.0.2.1") == 0 && k->psk[5].peer != NULL &&
		strcmp(k->psk[5].peer, "192.0.2.1") == 0,
	    "psk with PEER address");
	ok(pl(k, "psk s \"CN=foo bar\"") == 0 &&
		strcmp(k->psk[6].peer, "CN=foo bar") == 0,
	    "psk with quoted PEER ID");
	ok(pl(k, "psk s -") == 0 && k->psk[7].peer == NULL,
	    "psk with - PEER is any SA");
	ok(pl(k, "psk abc # a comment") == 0 && k->psk[8].len == 3 &&
		memcmp(k->psk[8].v, "abc", 3) == 0,
	    "comment after fields");
	ok(pl(k, "psk \"a#b\" #c") == 0 && k->psk[9].len == 3 &&
		memcmp(k->psk[9].v, "a#b", 3) == 0,
	    "# inside a quoted string is not a comment");
	ok(pl(k, "psk abc#def") == 0 && k->psk[10].len == 3,
	    "# right after a word starts a comment");
	ok(pl(k, "psk\tcrlf\r") == 0 && k->psk[11].len == 4 &&
		memcmp(k->psk[11].v, "crlf", 4) == 0,
	    "tab separator and trailing CR");
	ok(pl(k, "PSK upper") == 0 && k->npsk == 13,
	    "directive is case-insensitive");
	ok(pl(k, "psk \"\\x4a\\x4Bc\"") == 0 && k->psk[13].len == 3 &&
		memcmp(k->psk[13].v, "JKc", 3) == 0,
	    "\\x takes at most two digits");
	isc_keys_free(k);
}

static void
test_dh(void)
{
	struct isc_keys *k = isc_keys_new();
	char		 line[3000];
	size_t		 i;
	uint8_t		 spi[8];

	unhex("0011223344556677", spi, 8);
	ok(pl(k, "dh 0011223344556677 private 0x0102") == 0 && k->ndh == 1 &&
		memcmp(k->dh[0].spi_i, spi, 8) == 0 && !k->dh[0].any_sa &&
		!k->dh[0].shared &&
		bytes_eq_hex(k->dh[0].v, k->dh[0].len, "0102"),
	    "dh SPI_I private");
	ok(pl(k, "dh * shared ABCD") == 0 && k->ndh == 2 && k->dh[1].any_sa &&
		k->dh[1].shared &&
		bytes_eq_hex(k->dh[1].v, k->dh[1].len, "abcd"),
	    "dh * shared");
	ok(pl(k, "dh 0x0011223344556677 PRIVATE 01") == 0 && k->ndh == 3 &&
		memcmp(k->dh[2].spi_i, spi, 8) == 0,
	    "dh 0x SPI, PRIVATE in capitals");
	/* A MODP-8192 value: 1024 bytes, far past any small line buffer. */
	strcpy(line, "dh * shared 0x");
	for (i = 0; i < 1024; i++)
		strcat(line, i == 1023 ? "ab" : "0f");
	ok(pl(k, line) == 0 && k->ndh == 4 && k->dh[3].len == 1024 &&
		k->dh[3].v[0] == 0x0f && k->dh[3].v[1023] == 0xab,
	    "dh with a 2048-digit value");
	isc_keys_free(k);
}

static void
test_ikev1(void)
{
	struct isc_keys *k = isc_keys_new();
	uint8_t		 spi[8];

	unhex(SPI_A, spi, 8);
	ok(pl(k, "ikev1 " SPI_A " 3502eaacbd15b169778ee04c20953b5d") == 0 &&
		k->nv1 == 1 && memcmp(k->v1[0].spi_i, spi, 8) == 0 &&
		bytes_eq_hex(k->v1[0].ka, k->v1[0].ka_len,
		    "3502eaacbd15b169778ee04c20953b5d"),
	    "ikev1 SPI_I KA");
	ok(pl(k, "ikev1 0x" SPI_A " 0x" K32 K16) == 0 && k->nv1 == 2 &&
		k->v1[1].ka_len == 48,
	    "ikev1 with 0x and a 48-byte key");
	isc_keys_free(k);
}

static void
test_ikev2(void)
{
	struct isc_keys	  *k = isc_keys_new();
	struct isc_key_v2 *e;
	uint8_t		   spi[8];

	ok(pl(k,
	       "ikev2 4d7dbfaf6e854dbb 48e6d1a7774ca7d7 "
	       "52ace681812d11e155303c3575c9d0f7 "
	       "98c8d51006547a2bce4b18e933a7c4c8 ENCR_AES_CBC "
	       "f1a1b4a52a84cbf9fa75883b90cac081f59f3b168a90b2716d3b0116b289403a "
	       "ac66f2a64e64fd6296cd968102960800247b7343b3559a7fa186964d7f5d5cd8 "
	       "AUTH_HMAC_SHA2_256_128") == 0 &&
		k->nv2 == 1,
	    "ikev2 AES-CBC/SHA2-256: %s", err);
	e = &k->v2[0];
	unhex("48e6d1a7774ca7d7", spi, 8);
	ok(e->encr == 12 && e->integ == 12 && e->ek_len == 16 &&
		e->ak_len == 32 && memcmp(e->spi_r, spi, 8) == 0,
	    "ikev2 ids and lengths");
	ok(bytes_eq_hex(e->sk_ei, e->ek_len,
	       "52ace681812d11e155303c3575c9d0f7") &&
		bytes_eq_hex(e->sk_er, e->ek_len,
		    "98c8d51006547a2bce4b18e933a7c4c8") &&
		e->sk_ai[0] == 0xf1 && e->sk_ar[31] == 0xd8,
	    "ikev2 key bytes in Wireshark's order");
	ok(pl(k,
	       "ikev2 " SPI_A " " SPI_B " " K20 " " K20
	       " ENCR_AES_GCM_16 - - NONE") == 0 &&
		k->nv2 == 2 && k->v2[1].encr == 20 && k->v2[1].integ == 0 &&
		k->v2[1].ek_len == 20 && k->v2[1].ak_len == 0 &&
		k->v2[1].sk_ai == NULL && k->v2[1].sk_ar == NULL,
	    "ikev2 AEAD with - keys and NONE");
	ok(pl(k,
	       "ikev2 " SPI_A " " SPI_B " " K32 " " K32
	       " \"AES-CBC-256 [RFC3602]\" " K32 " " K32
	       " \"HMAC_SHA2_256_128 [RFC4868]\"") == 0 &&
		k->nv2 == 3 && k->v2[2].encr == 12 && k->v2[2].ek_len == 32 &&
		k->v2[2].integ == 12,
	    "ikev2 with quoted Wireshark names: %s", err);
	ok(pl(k,
	       "ikev2 " SPI_A " " SPI_B " 0x" K36 " 0x" K36
	       " aes256gcm16 - - none") == 0 &&
		k->nv2 == 4 && k->v2[3].ek_len == 36,
	    "ikev2 with strongSwan names, salt included");
	ok(pl(k,
	       "ikev2 " SPI_A " " SPI_B " - - ENCR_NULL " K20 " " K20
	       " sha1") == 0 &&
		k->nv2 == 5 && k->v2[4].encr == 11 && k->v2[4].ek_len == 0 &&
		k->v2[4].sk_ei == NULL && k->v2[4].ak_len == 20,
	    "ikev2 ENCR_NULL with - keys");
	ok(pl(k,
	       "ikev2 " SPI_A " " SPI_B " " K16 " " K16 " ENCR_AES_CBC - - "
	       "NONE") == 0 &&
		k->nv2 == 6 && k->v2[5].integ == 0,
	    "ikev2 non-AEAD with INTEG NONE is accepted");
	isc_keys_free(k);
}

static void
test_esp(void)
{
	struct isc_keys	    *k = isc_keys_new();
	struct isc_key_esp  *e;
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	ok(pl(k,
	       "esp 66a52498 ENCR_AES_GCM_16 "
	       "e521f404afce8931b4bdcd8bf0d0607d87b2163b NONE - 192.0.2.2 "
	       "192.0.2.1") == 0 &&
		k->nesp == 1,
	    "esp AES-GCM-16 with addresses");
	e = &k->esp[0];
	ok(e->spi == 0x66a52498 && e->encr == 20 && e->integ == 0 &&
		e->ek_len == 20 && e->ak_len == 0 && e->akey == NULL,
	    "esp SPI, ids, lengths");
	ok(e->src.family == 4 && memcmp(e->src.a, "\xc0\x00\x02\x02", 4) == 0 &&
		e->dst.family == 4 && e->dst.a[3] == 1,
	    "esp SRC and DST IPv4");
	ok(pl(k, "esp 0x00000101 aes128 " K16 " sha1 " K20 " 2001:db8::1 *") ==
		    0 &&
		k->nesp == 2 && k->esp[1].spi == 0x101 &&
		k->esp[1].src.family == 6 &&
		memcmp(k->esp[1].src.a, v6, 16) == 0 &&
		k->esp[1].dst.family == 0 && k->esp[1].ak_len == 20,
	    "esp IPv6 SRC, * DST");
	ok(pl(k, "esp 01020304 null - sha256 " K32) == 0 && k->nesp == 3 &&
		k->esp[2].encr == 11 && k->esp[2].ek_len == 0 &&
		k->esp[2].integ == 12 && k->esp[2].src.family == 0 &&
		k->esp[2].dst.family == 0,
	    "esp NULL encryption, no addresses");
	ok(pl(k,
	       "esp 01020304 \"AES-CBC [RFC3602]\" " K32
	       " \"HMAC-SHA-1-96 [RFC2404]\" " K20 " - 10.0.0.1") == 0 &&
		k->nesp == 4 && k->esp[3].encr == 12 &&
		k->esp[3].ek_len == 32 && k->esp[3].integ == 2 &&
		k->esp[3].src.family == 0 && k->esp[3].dst.family == 4,
	    "esp with Wireshark esp_sa names, - SRC");
	ok(pl(k, "esp deadbeef \"AES-CTR [RFC3686]\" " K20 " NULL -") == 0 &&
		k->nesp == 5 && k->esp[4].encr == 13 && k->esp[4].ek_len == 20,
	    "esp AES-CTR key with nonce");
	ok(k->esp[0].src_plen == 32 && k->esp[0].dst_plen == 32 &&
		k->esp[1].src_plen == 128 && k->esp[1].dst_plen == 0,
	    "esp: one address is a /32 or /128, * has no prefix");
	isc_keys_free(k);
}

/* SRC/DST as ADDR/PREFIX (Wireshark esp_sa, ip-xfrm selectors). */
static void
test_subnets(void)
{
	struct isc_keys	    *k = isc_keys_new();
	struct isc_key_esp  *e;
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x10 };

	ok(pl(k, "esp * aes128 " K16 " sha1 " K20 " 10.1.2.3/8 192.0.2.0/24") ==
		    0 &&
		k->nesp == 1,
	    "esp with two IPv4 subnets: %s", err);
	e = &k->esp[0];
	ok(e->src.family == 4 && e->src_plen == 8 &&
		memcmp(e->src.a, "\x0a\x00\x00\x00", 4) == 0 &&
		e->dst.family == 4 && e->dst_plen == 24 &&
		memcmp(e->dst.a, "\xc0\x00\x02\x00", 4) == 0,
	    "bits past the prefix are cleared (10.1.2.3/8 is 10.0.0.0/8)");
	ok(pl(k,
	       "esp * aes128 " K16 " sha1 " K20
	       " 2001:db8:12ff::1/36 0.0.0.0/0") == 0 &&
		k->nesp == 2 && k->esp[1].src.family == 6 &&
		k->esp[1].src_plen == 36 &&
		memcmp(k->esp[1].src.a, v6, 16) == 0 &&
		k->esp[1].dst.family == 4 && k->esp[1].dst_plen == 0,
	    "IPv6 /36 (a prefix inside a byte), 0.0.0.0/0: %s", err);
	ok(pl(k, "ah 01020304 sha1 " K20 " 192.0.2.0/25") == 0 &&
		k->nesp == 3 && k->esp[2].src_plen == 25 &&
		k->esp[2].dst.family == 0,
	    "ah SRC subnet");
	ok(pl(k, "esp * aes128 " K16 " sha1 " K20 " 10.0.0.1/32") == 0 &&
		k->esp[3].src_plen == 32,
	    "ADDR/32 is the address");
	isc_keys_free(k);

	bad("esp * aes128 " K16 " sha1 " K20 " 10.0.0.0/33",
	    "esp: SRC '10.0.0.0/33': the prefix length is above 32, the "
	    "length of an IPv4 address",
	    NULL);
	bad("esp * aes128 " K16 " sha1 " K20 " * 2001:db8::/129",
	    "DST '2001:db8::/129': the prefix length is above 128", NULL);
	bad_exact("esp * aes128 " K16 " sha1 " K20 " 10.0.0.0/",
	    "esp: SRC '10.0.0.0/' has no prefix length after '/' (write "
	    "ADDR/PREFIX with PREFIX 0 to 32)");
	bad("esp * aes128 " K16 " sha1 " K20 " 10.0.0.0/2x",
	    "esp: SRC '10.0.0.0/2x': 'x' in the prefix length is not a digit",
	    NULL);
	bad("esp * aes128 " K16 " sha1 " K20 " 10.0.0.0/-1",
	    "'-' in the prefix length is not a digit", NULL);
	bad("esp * aes128 " K16 " sha1 " K20 " foo/8",
	    "esp: SRC 'foo/8' is not an IPv4 or IPv6 address (write one, "
	    "ADDR/PREFIX for a subnet, or * for any)",
	    NULL);
	bad("ah 01020304 sha1 " K20 " * ::1/200", "ah: DST '::1/200'", NULL);
}

static struct isc_addr
a4(uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	struct isc_addr a;

	memset(&a, 0, sizeof(a));
	a.family = 4;
	a.a[0] = x;
	a.a[1] = y;
	a.a[2] = z;
	a.a[3] = w;
	return a;
}

static void
test_addr_match(void)
{
	struct isc_addr any, unset, net = a4(192, 0, 2, 0), v6, v6b;

	memset(&any, 0, sizeof(any));
	memset(&unset, 0, sizeof(unset));
	memset(&v6, 0, sizeof(v6));
	v6.family = 6;
	v6.a[0] = 0x20;
	v6.a[1] = 0x01;
	v6b = v6;
	v6b.a[15] = 1;
	ok(isc_key_addr_match(&any, 0, &v6) &&
		isc_key_addr_match(&any, 0, &net),
	    "family 0 (any) matches every address");
	ok(!isc_key_addr_match(&net, 24, &unset) &&
		!isc_key_addr_match(&net, 0, &unset),
	    "an address or subnet never matches an unset address");
	ok(!isc_key_addr_match(&net, 0, &v6),
	    "IPv4 /0 does not match an IPv6 address");
	ok(isc_key_addr_match(&net, 0, &(struct isc_addr){ 0 }) == 0 &&
		isc_key_addr_match(&net, 0, &(struct isc_addr){ 0 }) == 0,
	    "IPv4 /0 needs an IPv4 address");
	{
		struct isc_addr in = a4(192, 0, 2, 255), out = a4(192, 0, 3, 1),
				far = a4(192, 0, 4, 1), dns = a4(8, 8, 8, 8),
				one = a4(192, 0, 2, 1);

		ok(isc_key_addr_match(&net, 24, &in),
		    "192.0.2.255 in 192.0.2.0/24");
		ok(!isc_key_addr_match(&net, 24, &out),
		    "192.0.3.1 not in 192.0.2.0/24");
		ok(isc_key_addr_match(&net, 23, &out) &&
			!isc_key_addr_match(&net, 23, &far),
		    "/23: the prefix ends inside a byte");
		ok(isc_key_addr_match(&net, 0, &dns),
		    "IPv4 /0 matches any IPv4 address");
		ok(isc_key_addr_match(&net, 32, &net) &&
			!isc_key_addr_match(&net, 32, &one) &&
			!isc_key_addr_match(&net, 200, &one),
		    "/32 (and anything longer) is the address");
	}
	ok(isc_key_addr_match(&v6, 127, &v6b) &&
		!isc_key_addr_match(&v6, 128, &v6b) &&
		isc_key_addr_match(&v6, 16, &v6b),
	    "IPv6 /127, /128, /16");
}

static char tmpdir[64];

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return;
	fwrite(data, 1, len, f);
	fclose(f);
}

static void
test_rsa(void)
{
	struct isc_keys *k = isc_keys_new();
	char		 kp[128], pem[128], line[256], want[256];
	FILE		*errs = tmpfile();

	snprintf(pem, sizeof(pem), "%s/key.pem", tmpdir);
	write_file(pem, "-----BEGIN RSA PRIVATE KEY-----\n", 32);
	snprintf(kp, sizeof(kp), "%s/rsa.keys", tmpdir);
	write_file(kp, "rsa key.pem\n", 12);
	ok(isc_keys_load_file(k, kp, errs) == 0 && k->nrsa == 1 &&
		k->rsa[0].der_len == 32 &&
		memcmp(k->rsa[0].der, "-----BEGIN", 10) == 0,
	    "rsa relative PATH read from the key file's directory");
	ok(k->nrsa == 1 && strcmp(k->rsa[0].path, pem) == 0,
	    "rsa path resolved to %s", k->nrsa ? k->rsa[0].path : "?");
	snprintf(line, sizeof(line), "rsa \"%s\"", pem);
	ok(pl(k, line) == 0 && k->nrsa == 2 && k->rsa[1].der_len == 32,
	    "rsa absolute quoted PATH");
	isc_keys_free(k);
	if (errs != NULL)
		fclose(errs);

	snprintf(line, sizeof(line), "rsa %s/missing.pem", tmpdir);
	snprintf(want, sizeof(want), "cannot read '%s/missing.pem'", tmpdir);
	bad(line, want, strerror(ENOENT));
	snprintf(line, sizeof(line), "rsa %s", tmpdir);
	bad(line, "cannot read", strerror(EISDIR));
	bad("rsa -", "rsa: PATH is empty", NULL);
	bad("rsa a b", "expected `rsa PATH`, got 3 fields", NULL);
	snprintf(line, sizeof(line), "%s/empty.pem", tmpdir);
	write_file(line, "", 0);
	snprintf(line, sizeof(line), "rsa %s/empty.pem", tmpdir);
	bad(line, "is empty", NULL);
}

static void
test_errors(void)
{
	bad("psk", "psk: expected `psk SECRET [PEER]`, got 1 fields", NULL);
	bad("psk a b c", "got 4 fields", NULL);
	bad("psk \"\"", "psk: the secret is empty", NULL);
	bad("psk -", "secret is empty", NULL);
	bad("psk 0x", "secret is empty", NULL);
	bad("psk 0x123", "odd number of hex digits (3)", NULL);
	bad("psk 0xzz", "not hex", "'z'");
	bad("psk \"abc", "not terminated", NULL);
	bad("psk \"abc\"def", "after a closing quote", NULL);
	bad("psk ab\"c\"", "quote inside field 2", NULL);
	bad("psk \"\\q\"", "unknown escape", "'q'");
	bad("psk \"\\x\"", "\\x", "hex digits");
	bad("psk \"\\777\"", "octal", NULL);
	bad("psk \"a\\", "not terminated", NULL);

	bad_exact("dh abc",
	    "dh: expected `dh SPI_I|* private|shared HEX`, got 2 fields");
	bad("dh 0011 private 01", "dh: SPI_I must be 16 hex digits",
	    "or * for any SA, got 4");
	bad("dh 00112233445566zz private 01", "16 hex digits", "'z'");
	bad("dh * secret 01", "private or shared", NULL);
	bad("dh * private -", "dh: the private value is empty", NULL);
	bad("dh * shared 0x", "dh: the shared secret is empty", NULL);
	bad("dh * private 0x0g", "dh: the private value is not hex",
	    "position 4");

	bad("ikev1 " SPI_A, "expected `ikev1 SPI_I KA_HEX`", "got 2 fields");
	bad("ikev1 " SPI_A " 0102", "ikev1: KA is 2 bytes", "5 to 56");
	bad("ikev1 * " K16, "SPI_I must be 16 hex digits", "for dh lines only");

	bad("ikev2 " SPI_A " " SPI_B " " K16,
	    "expected `ikev2 SPI_I SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG`",
	    "got 4 fields");
	bad_exact("ikev2 " SPI_A " " SPI_B " " K20 " " K20 " ENCR_AES_CBC " K32
		  " " K32 " AUTH_HMAC_SHA2_256_128",
	    "ikev2: SK_ei is 20 bytes but ENCR_AES_CBC takes 16, 24 or 32");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K32 " ENCR_AES_CBC " K32
	    " " K32 " AUTH_HMAC_SHA2_256_128",
	    "SK_ei is 16 bytes but SK_er is 32", "same length");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16
	    " ENCR_AES_GCM_16 - - NONE",
	    "SK_ei is 16 bytes but ENCR_AES_GCM_16 takes 20, 28 or 36",
	    "4 salt bytes");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " aes256 - - NONE",
	    "SK_ei is 16 bytes but aes256 takes 32", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K20 " " K20 " aes256gcm16 - - NONE",
	    "aes256gcm16 takes 36 (32 key bytes and 4 salt bytes", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K20 " " K20 " ENCR_AES_GCM_16 " K32
	    " " K32 " sha256",
	    "AEAD", "INTEG must be NONE");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " foo " K32 " " K32
	    " sha256",
	    "ikev2: unknown ENCR 'foo'", "ENCR_AES_CBC");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " sha256 " K32 " " K32
	    " sha256",
	    "'sha256' is an integrity algorithm, not an ENCR", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " aes128 " K32 " " K32
	    " bar",
	    "unknown INTEG 'bar'", "AUTH_HMAC_SHA2_256_128");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " aes128 " K32 " " K32
	    " aes128",
	    "is an encryption algorithm, not an INTEG", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " aes128 " K32 " " K32
	    " NONE",
	    "SK_ai is 32 bytes but INTEG NONE takes no key", "write -");
	bad_exact("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " ENCR_AES_CBC " K20
		  " " K20 " AUTH_HMAC_SHA2_256_128",
	    "ikev2: SK_ai is 20 bytes but AUTH_HMAC_SHA2_256_128 takes 32");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " aes128 - - sha256",
	    "SK_ai is missing but sha256 takes 32 bytes", NULL);
	bad("ikev2 " SPI_A " * " K16 " " K16 " aes128 - - NONE",
	    "SPI_R must be 16 hex digits", "for dh lines only");
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " ENCR_NULL - - NONE",
	    "ENCR_NULL takes no key", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K16 " " K16 " 3des - - NONE",
	    "SK_ei is 16 bytes but 3des takes 24", NULL);
	bad("ikev2 " SPI_A " " SPI_B
	    " 01020304 01020304 ENCR_BLOWFISH - - NONE",
	    "ENCR_BLOWFISH takes 5 to 56", NULL);
	bad("ikev2 " SPI_A " " SPI_B " - - ENCR_AES_CBC - - NONE",
	    "SK_ei is missing but ENCR_AES_CBC takes 16, 24 or 32", NULL);
	bad("ikev2 " SPI_A " " SPI_B " " K16 "0 " K16 " ENCR_AES_CBC - - NONE",
	    "SK_ei has an odd number of hex digits", NULL);

	bad("esp 0102030 aes128 " K16 " sha1 " K20, "esp: SPI must be 8 hex",
	    "got 7");
	bad("esp 01020304 aes128 " K16 " sha1 " K20 " 10.0.0.300",
	    "esp: SRC '10.0.0.300' is not an IPv4 or IPv6 address", NULL);
	bad("esp 01020304 aes128 " K16 " sha1 " K20 " * fe80::zz",
	    "DST 'fe80::zz'", NULL);
	bad("esp 01020304 aes128 " K16 " sha1 " K20 " * * extra",
	    "esp: expected `esp SPI ENCR KEY INTEG KEY [SRC [DST]]`",
	    "got 9 fields");
	bad("esp 01020304 aes128 " K16, "got 4 fields", NULL);
	bad("esp 01020304 ENCR_AES_GCM_16 " K16 " NONE -",
	    "the ENCR key is 16 bytes but ENCR_AES_GCM_16 takes 20, 28 or 36",
	    NULL);
	bad("esp 01020304 aes128 " K16 " sha1 " K16,
	    "the INTEG key is 16 bytes but sha1 takes 20", NULL);
	bad("esp 01020304 aes128gcm16 " K20 " sha1 " K20, "AEAD", NULL);

	bad_exact("import wireshark /nonexistent/x",
	    "import: /nonexistent/x: No such file or directory");
	bad_exact("import xfrm nosuch.txt",
	    "import: nosuch.txt: No such file or directory");
	bad_exact("import tcpdump -",
	    "import: PATH is empty; write the file (or, for wireshark, the "
	    "directory) to import");
	bad_exact("import foo x",
	    "import: unknown import format 'foo' (wireshark, tcpdump, "
	    "charon-log, xfrm)");
	bad("import wireshark", "expected `import FORMAT PATH`", NULL);
	bad_exact("foo bar",
	    "unknown directive 'foo' (psk, dh, rsa, ikev1, "
	    "ikev2, esp, ah, import)");
	bad("psk a b c d e f g h i j k l m n", "got 15 fields", NULL);
}

static void
test_add_psk(void)
{
	struct isc_keys *k = isc_keys_new();
	char		 ob[16];

	ok(isc_keys_add_psk(k, "0x6b6579", err, sizeof(err)) == 0 &&
		k->npsk == 1 && k->psk[0].len == 3 &&
		memcmp(k->psk[0].v, "key", 3) == 0,
	    "-p 0xHEX");
	ok(strcmp(k->psk[0].at.file, "-p") == 0 && k->psk[0].at.line == 0 &&
		strcmp(isc_key_origin_str(&k->psk[0].at, ob, sizeof(ob)),
		    "-p") == 0,
	    "-p origin");
	ok(isc_keys_add_psk(k, "\"a b\\x21\"", err, sizeof(err)) == 0 &&
		k->npsk == 2 && k->psk[1].len == 4 &&
		memcmp(k->psk[1].v, "a b!", 4) == 0,
	    "-p quoted string");
	ok(isc_keys_add_psk(k, "my secret # 1", err, sizeof(err)) == 0 &&
		k->npsk == 3 && k->psk[2].len == 13,
	    "-p bare argument taken whole");
	ok(isc_keys_add_psk(k, "", err, sizeof(err)) == -1 &&
		strstr(err, "empty") != NULL && k->npsk == 3,
	    "-p empty: %s", err);
	ok(isc_keys_add_psk(k, "0xzz", err, sizeof(err)) == -1 &&
		strstr(err, "not hex") != NULL && k->npsk == 3,
	    "-p bad hex: %s", err);
	ok(isc_keys_add_psk(k, "\"abc", err, sizeof(err)) == -1 &&
		strstr(err, "not terminated") != NULL,
	    "-p unterminated: %s", err);
	ok(isc_keys_add_psk(k, "\"a\"b", err, sizeof(err)) == -1 &&
		strstr(err, "after the closing quote") != NULL,
	    "-p text after quote: %s", err);
	ok(k->nfiles == 1, "origin names are interned once");
	isc_keys_free(k);
}

static int
has_name(int kind, const char *name, uint16_t want, size_t wantlen)
{
	uint16_t id = 0xffff;
	size_t	 kl = 999;

	if (isc_algo_parse(kind, name, &id, &kl) != 0)
		return 0;
	if (id != want || kl != wantlen)
		return 0;
	/* Every name maps to a row of the algorithm table (or NONE). */
	return (kind == ALGO_INTEG && id == 0) ||
	    algo_find((enum algo_kind)kind, id) != NULL;
}

static void
test_algo_parse(void)
{
	uint16_t id;
	size_t	 kl;

	ok(has_name(ALGO_ENCR, "ENCR_AES_CBC", 12, 0) &&
		has_name(ALGO_ENCR, "encr_aes_gcm_16", 20, 0) &&
		has_name(ALGO_ENCR, "ENCR_3DES", 3, 24) &&
		has_name(ALGO_ENCR, "ENCR_CHACHA20_POLY1305", 28, 32) &&
		has_name(ALGO_ENCR, "ENCR_CAMELLIA_CCM_12_ICV", 26, 0) &&
		has_name(ALGO_ENCR, "ENCR_NULL_AUTH_AES_GMAC", 21, 0) &&
		has_name(ALGO_ENCR, "ENCR_NULL", 11, 0),
	    "IANA ENCR names");
	ok(has_name(ALGO_INTEG, "NONE", 0, 0) &&
		has_name(ALGO_INTEG, "AUTH_HMAC_SHA1_96", 2, 20) &&
		has_name(ALGO_INTEG, "auth_hmac_sha2_512_256", 14, 64) &&
		has_name(ALGO_INTEG, "AUTH_AES_XCBC_96", 5, 16) &&
		has_name(ALGO_INTEG, "AUTH_AES_CMAC_96", 8, 16),
	    "IANA INTEG names");
	ok(has_name(ALGO_ENCR, "aes128", 12, 16) &&
		has_name(ALGO_ENCR, "AES256", 12, 32) &&
		has_name(ALGO_ENCR, "aes192ctr", 13, 24) &&
		has_name(ALGO_ENCR, "aes256gcm16", 20, 32) &&
		has_name(ALGO_ENCR, "aes128gcm64", 18, 16) &&
		has_name(ALGO_ENCR, "aes192gcm96", 19, 24) &&
		has_name(ALGO_ENCR, "aes128ccm8", 14, 16) &&
		has_name(ALGO_ENCR, "camellia256ctr", 24, 32) &&
		has_name(ALGO_ENCR, "chacha20poly1305", 28, 32) &&
		has_name(ALGO_ENCR, "3des", 3, 24) &&
		has_name(ALGO_ENCR, "des", 2, 8) &&
		has_name(ALGO_ENCR, "cast128", 6, 16) &&
		has_name(ALGO_ENCR, "blowfish256", 7, 32) &&
		has_name(ALGO_ENCR, "null", 11, 0),
	    "strongSwan ENCR keywords");
	ok(has_name(ALGO_INTEG, "sha1", 2, 20) &&
		has_name(ALGO_INTEG, "sha256", 12, 32) &&
		has_name(ALGO_INTEG, "sha2_384", 13, 48) &&
		has_name(ALGO_INTEG, "sha512", 14, 64) &&
		has_name(ALGO_INTEG, "md5", 1, 16) &&
		has_name(ALGO_INTEG, "md5_128", 6, 16) &&
		has_name(ALGO_INTEG, "sha1_160", 7, 20) &&
		has_name(ALGO_INTEG, "aesxcbc", 5, 16) &&
		has_name(ALGO_INTEG, "aescmac", 8, 16),
	    "strongSwan INTEG keywords");
	ok(has_name(ALGO_ENCR, "AES-CBC-128 [RFC3602]", 12, 16) &&
		has_name(ALGO_ENCR, "3DES [RFC2451]", 3, 24) &&
		has_name(ALGO_ENCR, "NULL [RFC2410]", 11, 0) &&
		has_name(ALGO_ENCR, "AES-CTR-256 [RFC5930]", 13, 32) &&
		has_name(ALGO_ENCR, "AES-GCM-128 with 16 octet ICV [RFC5282]",
		    20, 16) &&
		has_name(ALGO_ENCR, "AES-GCM-256 with 8 octet ICV [RFC5282]",
		    18, 32) &&
		has_name(ALGO_ENCR, "AES-CCM-192 with 12 octet ICV [RFC5282]",
		    15, 24),
	    "Wireshark IKEv2 table ENCR strings");
	ok(has_name(ALGO_INTEG, "HMAC_SHA2_256_128 [RFC4868]", 12, 32) &&
		has_name(ALGO_INTEG, "HMAC_SHA1_96 [RFC2404]", 2, 20) &&
		has_name(ALGO_INTEG, "HMAC_MD5_128 [RFC4595]", 6, 16) &&
		has_name(ALGO_INTEG, "NONE [RFC4306]", 0, 0),
	    "Wireshark IKEv2 table INTEG strings");
	ok(has_name(ALGO_ENCR, "AES-CBC [RFC3602]", 12, 0) &&
		has_name(ALGO_ENCR, "TripleDES-CBC [RFC2451]", 3, 24) &&
		has_name(ALGO_ENCR, "AES-CTR [RFC3686]", 13, 0) &&
		has_name(ALGO_ENCR, "DES-CBC [RFC2405]", 2, 8) &&
		has_name(ALGO_ENCR, "CAST5-CBC [RFC2144]", 6, 0) &&
		has_name(ALGO_ENCR, "BLOWFISH-CBC [RFC2451]", 7, 0) &&
		has_name(ALGO_ENCR, "AES-GCM with 16 octet ICV [RFC4106]", 20,
		    0) &&
		has_name(ALGO_ENCR, "NULL", 11, 0),
	    "Wireshark esp_sa ENCR strings");
	ok(has_name(ALGO_INTEG, "NULL", 0, 0) &&
		has_name(ALGO_INTEG, "HMAC-SHA-1-96 [RFC2404]", 2, 20) &&
		has_name(ALGO_INTEG, "HMAC-SHA-256-128 [RFC4868]", 12, 32) &&
		has_name(ALGO_INTEG, "HMAC-SHA-512-256 [RFC4868]", 14, 64) &&
		has_name(ALGO_INTEG, "HMAC-MD5-96 [RFC2403]", 1, 16),
	    "Wireshark esp_sa INTEG strings");
	ok(has_name(ALGO_ENCR, "TWOFISH-CBC", 1027, 0) &&
		has_name(ALGO_ENCR, "twofish256", 1027, 32) &&
		has_name(ALGO_INTEG,
		    "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", 1026,
		    32) &&
		has_name(ALGO_INTEG, "sha256_96", 1026, 32) &&
		has_name(ALGO_INTEG, "ANY 96 bit authentication [no checking]",
		    ALGO_INTEG_ANY_96, 0) &&
		has_name(ALGO_INTEG, "any_128", ALGO_INTEG_ANY_128, 0),
	    "private IDs: Twofish, HMAC-SHA2-256-96, unchecked ICVs");
	ok(isc_algo_parse(ALGO_ENCR, "sha256", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_INTEG, "aes128", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_ENCR, "aes128x", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_ENCR, "aes12", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_ENCR, "", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_ENCR, NULL, &id, &kl) == -1 &&
		isc_algo_parse(ALGO_PRF, "sha256", &id, &kl) == -1 &&
		isc_algo_parse(ALGO_ENCR, "AES-GCM [RFC4106]", &id, &kl) == -1,
	    "unknown names, wrong kinds and left-out strings are rejected");
	ok(isc_algo_parse(ALGO_ENCR, "aes128", NULL, NULL) == 0,
	    "id and keylen may be NULL");
}

/* Everything written to errs so far. */
static char *
slurp(FILE *f)
{
	static char buf[8192];
	size_t	    n;

	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

static void
test_files(void)
{
	struct isc_keys	 *k;
	FILE		 *errs = tmpfile(), *f;
	char		  p[128], want[320], *out;
	static const char badfile[] = "# a key file with mistakes\n"
				      "psk\n"
				      "psk good\n"
				      "dh * private 0x123\n"
				      "esp 0102030 aes128 00 sha1 00\n"
				      "\n"
				      "ikev1 " SPI_A " " K16 "\n"
				      "frob x\n";
	size_t		  i;
	int		  rc;

	if (errs == NULL) {
		ok(0, "tmpfile");
		return;
	}
	k = isc_keys_new();
	snprintf(p, sizeof(p), "%s/empty.keys", tmpdir);
	write_file(p, "", 0);
	ok(isc_keys_load_file(k, p, errs) == 0 && total(k) == 0,
	    "empty file: 0 errors, nothing added");
	snprintf(p, sizeof(p), "%s/comments.keys", tmpdir);
	write_file(p, "# only\n  # comments\n\n", 21);
	ok(isc_keys_load_file(k, p, errs) == 0 && total(k) == 0,
	    "comment-only file: 0 errors, nothing added");
	ok(ftell(errs) == 0, "nothing reported for them");

	snprintf(p, sizeof(p), "%s/none.keys", tmpdir);
	ok(isc_keys_load_file(k, p, errs) == -1, "missing file: -1");
	out = slurp(errs);
	snprintf(want, sizeof(want), "%s: %s\n", p, strerror(ENOENT));
	ok(strcmp(out, want) == 0, "missing file reported as FILE: reason");

	errs = freopen(NULL, "w+", errs);
	snprintf(p, sizeof(p), "%s/bad.keys", tmpdir);
	write_file(p, badfile, sizeof(badfile) - 1);
	rc = isc_keys_load_file(k, p, errs);
	ok(rc == 4, "bad file: 4 malformed lines (got %d)", rc);
	ok(k->npsk == 1 && k->nv1 == 1 && k->ndh == 0 && k->nesp == 0,
	    "good lines of a bad file are kept");
	ok(k->nv1 == 1 && k->v1[0].at.line == 7 &&
		strcmp(k->v1[0].at.file, p) == 0,
	    "origin of a file entry is FILE:7");
	out = slurp(errs);
	snprintf(want, sizeof(want), "%s:2: psk: expected", p);
	ok(strstr(out, want) != NULL, "FILE:2: prefix");
	snprintf(want, sizeof(want),
	    "%s:4: dh: the private value has an odd number", p);
	ok(strstr(out, want) != NULL, "FILE:4: prefix");
	snprintf(want, sizeof(want), "%s:5: esp: SPI", p);
	ok(strstr(out, want) != NULL, "FILE:5: prefix");
	snprintf(want, sizeof(want), "%s:8: unknown directive 'frob'", p);
	ok(strstr(out, want) != NULL, "FILE:8: prefix");
	for (i = 0, rc = 0; out[i] != '\0'; i++)
		rc += out[i] == '\n';
	ok(rc == 4, "one line per error (%d)", rc);
	isc_keys_free(k);

	/* CRLF, a byte order mark, and a last line without newline. */
	k = isc_keys_new();
	errs = freopen(NULL, "w+", errs);
	snprintf(p, sizeof(p), "%s/crlf.keys", tmpdir);
	write_file(p,
	    "\xef\xbb\xbfpsk one\r\n# c\r\n\r\ndh * shared 0x0102\r\n"
	    "psk \"two\"",
	    48);
	ok(isc_keys_load_file(k, p, errs) == 0 && k->npsk == 2 &&
		k->psk[0].len == 3 && memcmp(k->psk[0].v, "one", 3) == 0 &&
		k->ndh == 1 && k->dh[0].len == 2 && k->psk[1].len == 3,
	    "CRLF file with BOM, last line unterminated: %s", slurp(errs));
	isc_keys_free(k);

	/* A 2 MiB line: rejected, and the next line still read. */
	k = isc_keys_new();
	errs = freopen(NULL, "w+", errs);
	snprintf(p, sizeof(p), "%s/long.keys", tmpdir);
	if ((f = fopen(p, "w")) != NULL) {
		fputs("dh * shared ", f);
		for (i = 0; i < 2 * 1024 * 1024; i++)
			putc('a', f);
		fputs("\npsk after\n", f);
		fclose(f);
	}
	ok(isc_keys_load_file(k, p, errs) == 1 && k->ndh == 0 && k->npsk == 1,
	    "2 MiB line rejected, next line read");
	snprintf(want, sizeof(want), "%s:1: line is longer than", p);
	ok(strstr(slurp(errs), want) != NULL, "2 MiB line message");
	isc_keys_free(k);

	/* A NUL byte in a line. */
	k = isc_keys_new();
	errs = freopen(NULL, "w+", errs);
	snprintf(p, sizeof(p), "%s/nul.keys", tmpdir);
	write_file(p, "psk a\0b\npsk ok\n", 15);
	ok(isc_keys_load_file(k, p, errs) == 1 && k->npsk == 1 &&
		strstr(slurp(errs), ":1: line has a NUL byte") != NULL,
	    "NUL byte in a line is an error");
	isc_keys_free(k);

	/* A directory. */
	k = isc_keys_new();
	errs = freopen(NULL, "w+", errs);
	ok(isc_keys_load_file(k, tmpdir, errs) == -1 &&
		strstr(slurp(errs), strerror(EISDIR)) != NULL,
	    "directory as key file: -1");
	isc_keys_free(k);
	fclose(errs);
}

static void
test_long_text(void)
{
	struct isc_keys *k = isc_keys_new();
	size_t		 n = 2 * 1024 * 1024;
	char		*s = malloc(n + 1);

	if (s == NULL)
		return;
	memset(s, 'a', n);
	memcpy(s, "psk ", 4);
	s[n] = '\0';
	ok(isc_keys_parse_line(k, "t", 1, s, err, sizeof(err)) == -1 &&
		strstr(err, "longer than") != NULL && k->npsk == 0,
	    "parse_line rejects a 2 MiB text: %s", err);
	free(s);
	isc_keys_free(k);
}

static void
test_samples(const char *srcdir)
{
	static const char *const pats[] = { "min", "full" };
	struct isc_keys		*k;
	glob_t			 g;
	char			 pat[512];
	size_t			 i, j, nfiles, nbad, nent;
	FILE			*errs = tmpfile();

	for (j = 0; j < 2; j++) {
		snprintf(pat, sizeof(pat), "%s/samples/strongswan/*.%s.keys",
		    srcdir, pats[j]);
		nfiles = nbad = nent = 0;
		if (glob(pat, 0, NULL, &g) == 0) {
			for (i = 0; i < g.gl_pathc; i++) {
				k = isc_keys_new();
				if (isc_keys_load_file(k, g.gl_pathv[i],
					errs) != 0 ||
				    total(k) == 0)
					nbad++;
				nent += total(k);
				nfiles++;
				isc_keys_free(k);
			}
			globfree(&g);
		}
		ok(nfiles >= 10 && nbad == 0,
		    "samples/strongswan/*.%s.keys: %zu files, %zu entries, %zu "
		    "with errors",
		    pats[j], nfiles, nent, nbad);
	}
	if (errs != NULL) {
		ok(ftell(errs) == 0, "sample files: nothing reported%s%s",
		    ftell(errs) ? ": " : "", ftell(errs) ? slurp(errs) : "");
		fclose(errs);
	}

	k = isc_keys_new();
	snprintf(pat, sizeof(pat),
	    "%s/samples/strongswan/ikev2-psk-gcm.full.keys", srcdir);
	ok(isc_keys_load_file(k, pat, NULL) == 0 && k->nv2 == 1 &&
		k->nesp == 2 && k->esp[0].spi == 0x66a52498 &&
		k->esp[0].encr == 20 && k->esp[0].ek_len == 20 &&
		k->esp[1].src.family == 4 && k->v2[0].integ == 12,
	    "ikev2-psk-gcm.full.keys contents");
	isc_keys_free(k);
	k = isc_keys_new();
	snprintf(pat, sizeof(pat),
	    "%s/samples/strongswan/ikev2-psk-aescbc-sha256.min.keys", srcdir);
	ok(isc_keys_load_file(k, pat, NULL) == 0 && k->npsk == 1 &&
		k->psk[0].len == 41 &&
		memcmp(k->psk[0].v, "ikescope-test-psk-", 18) == 0 &&
		k->ndh >= 1 && !k->dh[0].shared,
	    "ikev2-psk-aescbc-sha256.min.keys contents");
	isc_keys_free(k);
}

static void
cleanup(void)
{
	static const char *const names[] = { "key.pem", "rsa.keys", "empty.pem",
		"empty.keys", "comments.keys", "bad.keys", "crlf.keys",
		"long.keys", "nul.keys" };
	char			 p[128];
	size_t			 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmpdir, names[i]);
		unlink(p);
	}
	rmdir(tmpdir);
}

int
main(int argc, char **argv)
{
	const char *srcdir;

	if (argc > 1)
		srcdir = argv[1];
	else if ((srcdir = getenv("top_srcdir")) == NULL &&
	    (srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_keys.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return done();
	}
	test_store();
	test_blank();
	test_psk();
	test_dh();
	test_ikev1();
	test_ikev2();
	test_esp();
	test_subnets();
	test_addr_match();
	test_rsa();
	test_errors();
	test_add_psk();
	test_algo_parse();
	test_files();
	test_long_text();
	test_samples(srcdir);
	cleanup();
	return done();
}
