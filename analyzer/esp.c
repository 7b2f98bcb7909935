/*
 * esp.c - ESP decryption (RFC 4303), with the keys the capture's IKE
 * negotiated or the key file gives.
 *
 *	SPI(4) | Sequence(4) | IV | ciphertext ... | Pad | Pad Len | NH | ICV
 *
 * The ICV covers SPI through Next Header (plus the high 32 sequence bits
 * with ESN, RFC 4303 2.2.1) and is checked before anything is decrypted.
 * AEAD algorithms (RFC 4106 GCM, RFC 4309 CCM, RFC 7634 ChaCha20-
 * Poly1305) take SPI | [Seq high] | Seq low as additional data; AES-GMAC
 * (RFC 4543) authenticates everything and encrypts nothing.  Padding is
 * 1, 2, 3... (RFC 4303 2.4); next header 59 marks a dummy packet (2.6);
 * a tunnelled IP packet may be followed by TFC padding (2.7), which the
 * IP length trims.
 *
 * Without an integrity key (NULL integrity, or an ICV the key file says
 * to skip) nothing proves the plaintext, so a packet counts as decrypted
 * only as "unverified", and only when its padding is the RFC's and the
 * packet inside parses (an IPv4 header checksum that verifies, lengths
 * that fit); anything else is "malformed", never shown as clear text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/ippkt.h"
#include "algo.h"
#include "crypto.h"
#include "esp.h"
#include "htab.h"
#include "keys.h"
#include "net.h"
#include "util.h"

#define ESP_HDR		  8 /* SPI and sequence number */
#define ESP_BUF		  (65535 + 64)
#define ESP_MAX_CANDS	  8  /* keys tried for one SA */
#define ESP_MAX_TRIES	  16 /* packets tried before giving up */
#define ESP_REPLAY_WINDOW 64 /* RFC 4303 3.4.3 default */

/* A key that may be the SA's. */
struct esp_cand {
	enum isc_esp_keys_from	   from;
	uint16_t		   encr, integ;
	const uint8_t		  *ekey, *akey;
	size_t			   ek_len, ak_len;
	int			   esn; /* 0, 1, or -1: try both */
	struct isc_key_esp	  *line;
	const struct isc_ike_sa	  *sa;
	const struct isc_child_sa *child;
	int			   rank; /* lower is better */
};

struct esp_crypt {
	struct crypto_cipher *c;
	struct crypto_mac    *m;
	/* The same keys for the ESP worker thread (esp_par.c), which uses
	   these and nothing else; and this binding's number. */
	struct crypto_cipher *wc;
	struct crypto_mac    *wm;
	uint64_t	      serial;
	const struct algo    *ea, *ia;
	size_t		      icv;
	uint8_t		      checked; /* an ICV or tag proves packets */
	uint8_t		      bound;
	uint8_t		      gave_up;
	uint8_t		      proven; /* a packet verified */
	uint8_t		      icv_ok; /* the last ICV/tag checked was right */
	uint8_t		      esn_unknown; /* key file: ESN or not untold */
	uint8_t		      searched;
	uint64_t	      gen; /* a->child_gen at the last search */
	unsigned	      tries;
	unsigned	      ncand_tried;
	/* Sequence numbers (RFC 4303 3.4.3, appendix A). */
	uint8_t	 have_seq;
	uint32_t tl, th; /* highest seen: low and high halves */
	uint64_t window; /* bit i: highest - i seen */
};

/* Analysis-wide scratch: one plaintext and one rebuilt packet per depth. */
struct esp_state {
	uint8_t	 plain[ESP_MAX_NEST + 1][ESP_BUF];
	uint8_t	 out[ESP_MAX_NEST + 1][ESP_BUF];
	uint64_t serial; /* bindings so far */
};

const char *
esp_result_name(enum isc_esp_result r)
{
	switch (r) {
	case ISC_ESP_NO_KEYS:
		return "no_keys";
	case ISC_ESP_OK:
		return "ok";
	case ISC_ESP_UNVERIFIED:
		return "unverified";
	case ISC_ESP_INTEGRITY_FAILED:
		return "integrity_failed";
	case ISC_ESP_BAD_PADDING:
		return "bad_padding";
	case ISC_ESP_MALFORMED:
		return "malformed";
	case ISC_ESP_NRESULTS:
		break;
	}
	return "?";
}

static void
crypt_close(struct esp_crypt *ec)
{
	crypto_cipher_free(ec->c);
	crypto_mac_free(ec->m);
	crypto_cipher_free(ec->wc);
	crypto_mac_free(ec->wm);
	ec->c = NULL;
	ec->m = NULL;
	ec->wc = NULL;
	ec->wm = NULL;
}

void
esp_sa_free(struct isc_esp_sa *e)
{
	if (e == NULL)
		return;
	if (e->crypt != NULL) {
		crypt_close(e->crypt);
		free(e->crypt);
		e->crypt = NULL;
	}
	free(e->recs);
	free(e->addrs);
	free(e->addr_hash);
	e->recs = NULL;
	e->addrs = NULL;
	e->addr_hash = NULL;
}

/* --- the records kept of packets (isc_options.esp_packets) -------------- */

enum {
	ESP_REC_REPLAY = 1,
	ESP_REC_PORTS = 2,
	ESP_REC_ICMP = 4,
	ESP_REC_SPI = 8,
};

static uint32_t
pair_hash(const struct isc_addr *src, const struct isc_addr *dst)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t	 i;

	for (i = 0; i < 16; i++)
		h = (h ^ src->a[i]) * 16777619u;
	for (i = 0; i < 16; i++)
		h = (h ^ dst->a[i]) * 16777619u;
	return h ^ src->family;
}

/* The index + 1 of the pair in e->addrs, added when new. */
static uint32_t
pair_intern(struct isc_esp_sa *e, const struct isc_addr *src,
    const struct isc_addr *dst)
{
	size_t	 i, j, mask;
	uint32_t x;

	if (e->naddrs * 2 >= e->addr_hcap) {
		/* Grow the table and place every pair again. */
		size_t ncap = e->addr_hcap ? 2 * e->addr_hcap : 16;

		free(e->addr_hash);
		e->addr_hash = xcalloc(ncap, sizeof(*e->addr_hash));
		e->addr_hcap = ncap;
		for (j = 0; j < e->naddrs; j++) {
			i = pair_hash(&e->addrs[2 * j], &e->addrs[2 * j + 1]) &
			    (ncap - 1);
			while (e->addr_hash[i] != 0)
				i = (i + 1) & (ncap - 1);
			e->addr_hash[i] = (uint32_t)j + 1;
		}
	}
	mask = e->addr_hcap - 1;
	for (i = pair_hash(src, dst) & mask; (x = e->addr_hash[i]) != 0;
	     i = (i + 1) & mask)
		if (isc_addr_eq(&e->addrs[2 * (x - 1)], src) &&
		    isc_addr_eq(&e->addrs[2 * (x - 1) + 1], dst))
			return x;
	if (e->naddrs == UINT32_MAX - 1)
		return 0; /* never in practice: the pair is not kept */
	if (2 * (e->naddrs + 1) > e->addrcap) {
		e->addrcap = e->addrcap ? 2 * e->addrcap : 8;
		e->addrs =
		    xreallocarray(e->addrs, e->addrcap, sizeof(*e->addrs));
	}
	e->addrs[2 * e->naddrs] = *src;
	e->addrs[2 * e->naddrs + 1] = *dst;
	e->addr_hash[i] = (uint32_t)++e->naddrs;
	return e->addr_hash[i];
}

static void
rec_add(struct isc_esp_sa *e, const struct isc_esp_pkt *p)
{
	struct isc_esp_rec *r;

	ARRAY_GROW(e->recs, e->npkts, e->pktcap);
	r = &e->recs[e->npkts++];
	memset(r, 0, sizeof(*r));
	r->frame = p->frame;
	r->seq = p->seq;
	r->result = (uint8_t)p->result;
	r->flags = p->replay ? ESP_REC_REPLAY : 0;
	r->next_header = p->inner.next_header;
	r->proto = p->inner.proto;
	r->length = p->inner.length;
	if (p->inner.ip_version != 0)
		r->addrs = pair_intern(e, &p->inner.src, &p->inner.dst);
	if (p->inner.has_ports) {
		r->flags |= ESP_REC_PORTS;
		r->detail = (uint32_t)p->inner.sport << 16 | p->inner.dport;
	} else if (p->inner.has_icmp) {
		r->flags |= ESP_REC_ICMP;
		r->detail =
		    (uint32_t)p->inner.icmp_type << 8 | p->inner.icmp_code;
	} else if (p->inner.has_spi) {
		r->flags |= ESP_REC_SPI;
		r->detail = p->inner.spi;
	}
}

void
isc_esp_sa_pkt(const struct isc_esp_sa *e, size_t i, struct isc_esp_pkt *p)
{
	const struct isc_esp_rec *r = &e->recs[i];

	memset(p, 0, sizeof(*p));
	p->frame = r->frame;
	p->seq = r->seq;
	p->result = (enum isc_esp_result)r->result;
	p->replay = (r->flags & ESP_REC_REPLAY) != 0;
	p->inner.next_header = r->next_header;
	p->inner.proto = r->proto;
	p->inner.length = r->length;
	if (r->addrs != 0) {
		p->inner.src = e->addrs[2 * (r->addrs - 1)];
		p->inner.dst = e->addrs[2 * (r->addrs - 1) + 1];
		p->inner.ip_version = p->inner.src.family;
	}
	if (r->flags & ESP_REC_PORTS) {
		p->inner.has_ports = 1;
		p->inner.sport = (uint16_t)(r->detail >> 16);
		p->inner.dport = (uint16_t)r->detail;
	} else if (r->flags & ESP_REC_ICMP) {
		p->inner.has_icmp = 1;
		p->inner.icmp_type = (uint8_t)(r->detail >> 8);
		p->inner.icmp_code = (uint8_t)r->detail;
	} else if (r->flags & ESP_REC_SPI) {
		p->inner.has_spi = 1;
		p->inner.spi = r->detail;
	}
}

void
esp_state_free(struct isc_analysis *a)
{
	if (a->esp != NULL) {
		crypto_wipe(a->esp, sizeof(*a->esp));
		free(a->esp);
		a->esp = NULL;
	}
}

/* --- candidates ----------------------------------------------------- */

static void
cand_add(struct esp_cand *c, size_t *n, const struct esp_cand *x)
{
	size_t i;

	if (*n >= ESP_MAX_CANDS) {
		/* Keep the best ranked. */
		for (i = 0; i < *n; i++)
			if (c[i].rank > x->rank) {
				c[i] = *x;
				return;
			}
		return;
	}
	c[(*n)++] = *x;
}

/*
 * Keys that could be this SA's: CHILD_SAs of the capture with this SPI
 * (the right direction's keys: traffic to the responder carries spi_r),
 * and esp lines.  Ranked: an SA between the same addresses first, an
 * exact SPI before a wildcard.
 */
static size_t
candidates(struct isc_analysis *a, const struct isc_esp_sa *e,
    struct esp_cand *c)
{
	struct esp_cand		  x;
	const struct isc_ike_sa **owners = NULL, *t;
	struct htab_node	 *hn;
	size_t			  n = 0, i, j, no = 0, ocap = 0;

	/*
	 * The IKE SAs with a CHILD_SA of this SPI, from the index rather
	 * than a scan of every SA, in index order (the order of a->sas).
	 */
	session_index_children(a);
	for (hn = htab_first(a->sa_by_child_spi, e->spi); hn != NULL;
	     hn = htab_next(hn, e->spi)) {
		t = htab_value(hn);
		for (i = 0; i < no && owners[i] != t; i++)
			;
		if (i < no)
			continue;
		ARRAY_GROW(owners, no, ocap);
		owners[no++] = t;
	}
	for (i = 1; i < no; i++)
		for (j = i; j > 0 && owners[j]->index < owners[j - 1]->index;
		     j--) {
			t = owners[j];
			owners[j] = owners[j - 1];
			owners[j - 1] = t;
		}
	for (i = 0; i < no; i++) {
		const struct isc_ike_sa *sa = owners[i];

		for (j = 0; j < sa->nchildren; j++) {
			const struct isc_child_sa *ch = sa->children[j];
			int			   dir;

			if (ch->protocol != e->proto ||
			    (ch->state != ISC_KEYS_DERIVED &&
				ch->state != ISC_KEYS_PROVIDED))
				continue;
			if (ch->spi_r == e->spi)
				dir = 0;
			else if (ch->spi_i == e->spi)
				dir = 1;
			else
				continue;
			memset(&x, 0, sizeof(x));
			x.from = ISC_ESP_KEYS_IKE;
			x.encr = ch->encr;
			x.integ = ch->integ;
			x.ekey = ch->ekey[dir];
			x.ek_len = ch->ek_len;
			x.akey = ch->akey[dir];
			x.ak_len = ch->ak_len;
			x.esn = ch->esn;
			x.sa = sa;
			x.child = ch;
			/* spi_r's traffic goes to the responder. */
			x.rank = isc_addr_eq(&e->dst.ip,
				     dir == 0 ? &sa->responder.ip :
						&sa->initiator.ip) ?
			    0 :
			    2;
			cand_add(c, &n, &x);
		}
	}
	free(owners);
	if (a->opts.keys != NULL)
		for (i = 0; i < a->opts.keys->nesp; i++) {
			struct isc_key_esp *k = &a->opts.keys->esp[i];

			if (k->proto != e->proto ||
			    (!k->spi_any && k->spi != e->spi) ||
			    !isc_key_addr_match(&k->src, k->src_plen,
				&e->src.ip) ||
			    !isc_key_addr_match(&k->dst, k->dst_plen,
				&e->dst.ip))
				continue;
			memset(&x, 0, sizeof(x));
			x.from = ISC_ESP_KEYS_KEYFILE;
			x.encr = k->encr;
			x.integ = k->integ;
			x.ekey = k->ekey;
			x.ek_len = k->ek_len;
			x.akey = k->akey;
			x.ak_len = k->ak_len;
			x.esn = -1;
			x.line = k;
			x.rank = 1 + (k->spi_any ? 2 : 0) +
			    (k->src.family == 0 || k->dst.family == 0);
			cand_add(c, &n, &x);
		}
	/* Stable order by rank. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && c[j].rank < c[j - 1].rank; j--) {
			x = c[j];
			c[j] = c[j - 1];
			c[j - 1] = x;
		}
	return n;
}

/* Key a crypt for one candidate; -1 if its algorithms or keys do not. */
static int
crypt_open(struct esp_crypt *ec, const struct esp_cand *k, uint8_t proto)
{
	ec->ea = algo_find(ALGO_ENCR, k->encr);
	ec->ia = k->integ == 0 ? NULL : algo_find(ALGO_INTEG, k->integ);
	if (proto == 51) {
		/* AH: integrity only. */
		if (ec->ia == NULL || ALGO_INTEG_IS_ANY(k->integ) ||
		    (ec->m = crypto_mac_new(k->integ, k->akey, k->ak_len)) ==
			NULL)
			return -1;
		ec->ea = NULL;
		ec->icv = ec->ia->icv;
		ec->checked = 1;
		return 0;
	}
	if (ec->ea == NULL || (k->integ != 0 && ec->ia == NULL))
		return -1;
	if ((ec->c = crypto_cipher_new(k->encr, k->ekey, k->ek_len)) == NULL)
		return -1;
	ec->icv = ec->ea->aead ? ec->ea->icv : ec->ia != NULL ? ec->ia->icv : 0;
	ec->checked = ec->ea->aead;
	if (ec->ia != NULL && !ALGO_INTEG_IS_ANY(k->integ)) {
		if ((ec->m = crypto_mac_new(k->integ, k->akey, k->ak_len)) ==
		    NULL) {
			crypt_close(ec);
			return -1;
		}
		ec->checked = 1;
	}
	return 0;
}

/* The same keys again for the ESP worker (ESP only; none: no worker). */
static void
worker_handles(struct esp_crypt *ec, const struct esp_cand *k, uint8_t proto)
{
	if (proto != 50 || ec->c == NULL)
		return;
	if ((ec->wc = crypto_cipher_new(k->encr, k->ekey, k->ek_len)) == NULL)
		return;
	if (ec->m != NULL &&
	    (ec->wm = crypto_mac_new(k->integ, k->akey, k->ak_len)) == NULL) {
		crypto_cipher_free(ec->wc);
		ec->wc = NULL;
	}
}

/* --- sequence numbers ------------------------------------------------ */

/*
 * The high 32 bits of an extended sequence number (RFC 4303 appendix
 * A2.2): the window's bottom decides whether the low half wrapped.
 */
static uint32_t
seq_high(const struct esp_crypt *ec, uint32_t sl)
{
	uint32_t w = ESP_REPLAY_WINDOW, bottom;

	if (!ec->have_seq)
		return 0;
	bottom = ec->tl - w + 1;
	if (ec->tl >= w - 1)
		return sl >= bottom ? ec->th : ec->th + 1;
	return sl >= bottom ? ec->th - 1 : ec->th;
}

/* After a packet verified: replay, gap, window (RFC 4303 3.4.3). */
static void
seq_update(struct isc_esp_sa *e, struct esp_crypt *ec, uint64_t seq,
    uint8_t *replay)
{
	uint64_t top = ((uint64_t)ec->th << 32) | ec->tl, d;

	*replay = 0;
	if (!ec->have_seq) {
		ec->have_seq = 1;
		ec->tl = (uint32_t)seq;
		ec->th = (uint32_t)(seq >> 32);
		ec->window = 1;
		e->highest_seq = seq;
		return;
	}
	if (seq > top) {
		d = seq - top;
		if (d > 1)
			e->gaps++;
		ec->window = d >= 64 ? 1 : (ec->window << d) | 1;
		ec->tl = (uint32_t)seq;
		ec->th = (uint32_t)(seq >> 32);
		e->highest_seq = seq;
		return;
	}
	d = top - seq;
	if (d >= 64 || (ec->window >> d) & 1) {
		*replay = 1;
		e->replays++;
		return;
	}
	ec->window |= (uint64_t)1 << d;
}

/* --- one packet -------------------------------------------------------- */

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* What the trailer and the inner packet say of a plaintext. */
struct esp_plain {
	size_t	     len; /* payload, without padding and trailer */
	uint8_t	     nh;
	uint8_t	     pad;
	int	     pad_ok;
	struct ippkt in;
	int	     in_ok;
	int	     strict; /* would pass without an integrity check */
};

static uint16_t
sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t	 i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/*
 * Without an integrity check, only a payload whose own structure checks
 * itself counts: a tunnelled IP packet (IPv4 header checksum, lengths),
 * a dummy packet, or in transport mode ICMP with a good checksum, UDP
 * whose length is the payload's, TCP with a sane data offset, ICMPv6 of
 * a known type, ESP/AH.  Random bytes pass this about once in millions.
 */
static int
strict_fit(const uint8_t *pt, const struct esp_plain *r)
{
	size_t n = r->len, off;

	if (r->nh == 59)
		return 1;
	if (r->nh == 4 || r->nh == 41)
		return r->in_ok;
	if (!r->in_ok)
		return 0;
	switch (r->nh) {
	case 1:
		return n >= 8 && sum16(pt, n) == 0xffff;
	case 17:
		return n >= 8 && ((size_t)pt[4] << 8 | pt[5]) == n;
	case 6:
		off = n >= 20 ? (size_t)(pt[12] >> 4) * 4 : 0;
		return n >= 20 && off >= 20 && off <= n;
	case 58:
		return n >= 8 && (pt[0] <= 4 || (pt[0] >= 128 && pt[0] <= 137));
	case 50:
	case 51:
		return n >= 16;
	}
	return 0;
}

static void
read_trailer(const uint8_t *pt, size_t n, struct esp_plain *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	if (n < 2)
		return;
	r->nh = pt[n - 1];
	r->pad = pt[n - 2];
	if ((size_t)r->pad + 2 > n)
		return;
	r->len = n - 2 - r->pad;
	r->pad_ok = 1;
	for (i = 0; i < r->pad; i++)
		if (pt[r->len + i] != (uint8_t)(i + 1))
			r->pad_ok = 0;
	if (r->nh == 59)
		r->in_ok = 1; /* dummy packet (RFC 4303 2.6) */
	else if (r->nh == 4 || r->nh == 41)
		r->in_ok =
		    ippkt_parse_ip(pt, r->len, r->nh, &r->in) == IPPKT_OK;
	else
		r->in_ok = ippkt_parse_transport(r->nh, pt, r->len, &r->in) ==
		    IPPKT_OK;
	if (r->in_ok && r->nh != 59 && r->in.version != 0 &&
	    r->in.length < r->len)
		r->len = r->in.length; /* TFC padding (RFC 4303 2.7) */
	r->strict = r->pad_ok && strict_fit(pt, r);
}

/*
 * Verify and decrypt one packet with ec's algorithms and the handles c
 * and m (ec's own, or the worker's): ICV (or tag) first.  The plaintext
 * (IV and ICV stripped) goes to pt, its length to *ptlen; *icv_ok says
 * whether an ICV or tag verified.  Nothing of ec changes.
 */
static enum isc_esp_result
esp_open_with(const struct esp_crypt *ec, struct crypto_cipher *c,
    struct crypto_mac *m, int esn, const uint8_t *p, size_t n, uint64_t seq,
    uint8_t *pt, size_t *ptlen, uint8_t *icv_ok)
{
	const struct algo *ea = ec->ea;
	uint8_t		   hi[4], icv[64], aad[12];
	size_t		   body, ivl = ea->iv;

	*icv_ok = 0;
	if (n < ESP_HDR + ivl + ec->icv)
		return ISC_ESP_MALFORMED;
	body = n - ESP_HDR - ivl - ec->icv;
	be32(hi, (uint32_t)(seq >> 32));
	if (ea->aead) {
		memcpy(aad, p, 4);
		if (esn) {
			memcpy(aad + 4, hi, 4);
			memcpy(aad + 8, p + 4, 4);
		} else
			memcpy(aad + 4, p + 4, 4);
		if (ea->id == 21) {
			/* GMAC (RFC 4543 3.3): the IV is authenticated too. */
			uint8_t gaad[12 + 8];

			memcpy(gaad, aad, esn ? 12 : 8);
			memcpy(gaad + (esn ? 12 : 8), p + ESP_HDR, ivl);
			if (crypto_cipher_open(c, p + ESP_HDR, ivl, gaad,
				(esn ? 12 : 8) + ivl, p + ESP_HDR + ivl, body,
				p + n - ec->icv, ec->icv, pt) != 0)
				return ISC_ESP_INTEGRITY_FAILED;
			*icv_ok = 1;
		} else if (crypto_cipher_open(c, p + ESP_HDR, ivl, aad,
			       esn ? 12 : 8, p + ESP_HDR + ivl, body,
			       p + n - ec->icv, ec->icv, pt) != 0)
			return ISC_ESP_INTEGRITY_FAILED;
		*icv_ok = 1;
		*ptlen = body;
		return ISC_ESP_OK;
	}
	if (m != NULL) {
		if (crypto_mac_icv(m, p, n - ec->icv, esn ? hi : NULL,
			esn ? 4 : 0, icv, ec->icv) != 0 ||
		    memcmp(icv, p + n - ec->icv, ec->icv) != 0)
			return ISC_ESP_INTEGRITY_FAILED;
		*icv_ok = 1;
	}
	if (ea->block > 1 && body % ea->block != 0)
		return ISC_ESP_MALFORMED;
	if (crypto_cipher_decrypt(c, p + ESP_HDR, ivl, p + ESP_HDR + ivl, body,
		pt) != 0)
		return ISC_ESP_MALFORMED;
	*ptlen = body;
	return m != NULL ? ISC_ESP_OK : ISC_ESP_UNVERIFIED;
}

static enum isc_esp_result
esp_open(struct esp_crypt *ec, int esn, const uint8_t *p, size_t n,
    uint64_t seq, uint8_t *pt, size_t *ptlen)
{
	return esp_open_with(ec, ec->c, ec->m, esn, p, n, seq, pt, ptlen,
	    &ec->icv_ok);
}

struct esp_crypt *
esp_par_crypt(const struct isc_esp_sa *e, uint64_t *serial)
{
	struct esp_crypt *ec = e->crypt;

	if (ec == NULL || !ec->bound || !ec->proven || e->esn ||
	    e->proto != 50 || ec->wc == NULL || ec->ea == NULL)
		return NULL;
	*serial = ec->serial;
	return ec;
}

enum isc_esp_result
esp_par_open(const struct esp_crypt *ec, int worker, const uint8_t *p, size_t n,
    uint8_t *pt, size_t *ptlen, uint8_t *icv_ok)
{
	if (n > ESP_BUF) {
		*icv_ok = 0;
		return ISC_ESP_MALFORMED;
	}
	/* No ESN: the sequence number's high half is not used. */
	return esp_open_with(ec, worker ? ec->wc : ec->c,
	    worker ? ec->wm : ec->m, 0, p, n, 0, pt, ptlen, icv_ok);
}

/* The verdict on a decrypted packet, from what protects it. */
static enum isc_esp_result
judge(enum isc_esp_result r, const struct esp_plain *pl, size_t ptlen)
{
	if (r != ISC_ESP_OK && r != ISC_ESP_UNVERIFIED)
		return r;
	if (ptlen < 2)
		return ISC_ESP_MALFORMED;
	if (r == ISC_ESP_OK)
		return pl->len + 2 + pl->pad <= ptlen && pl->pad_ok ?
		    ISC_ESP_OK :
		    ISC_ESP_BAD_PADDING;
	/* Nothing proved it: the structure has to, or it is garbage. */
	return pl->strict ? ISC_ESP_UNVERIFIED : ISC_ESP_MALFORMED;
}

static void
set_source(struct isc_esp_sa *e, const struct esp_cand *k)
{
	const struct algo *ea;
	char		   hex[17];

	e->keys_from = k->from;
	e->encr = k->encr;
	e->integ = k->integ;
	ea = e->proto == 50 ? algo_find(ALGO_ENCR, k->encr) : NULL;
	e->encr_keylen = ea != NULL && k->ek_len >= ea->salt ?
	    (uint16_t)((k->ek_len - ea->salt) * 8) :
	    0;
	if (k->from == ISC_ESP_KEYS_KEYFILE) {
		(void)isc_key_origin_str(&k->line->at, e->key_source,
		    sizeof(e->key_source));
		k->line->used++;
		e->key_line = k->line;
	} else {
		hex_encode(k->sa->spi_i, 8, hex);
		snprintf(e->key_source, sizeof(e->key_source),
		    "IKE SA %s, CHILD_SA of frame %llu", hex,
		    (unsigned long long)k->child->frame);
		e->ike_sa = k->sa;
		e->child = k->child;
	}
}

/* One ESP or AH packet as captured. */
struct esp_in {
	const uint8_t *p;
	size_t	       n;
	const uint8_t *iph; /* the IP header that carried it, or NULL */
	size_t	       iphlen;
	uint8_t	       proto;
};

/*
 * AH (RFC 4302 3.3.3): the ICV covers the IP header with its mutable
 * fields zeroed (IPv4: TOS, flags and fragment offset, TTL, checksum;
 * IPv6: traffic class, flow label, hop limit), the AH header with the ICV
 * zeroed, the payload, and with ESN the high sequence bits after it.
 * IPv4 options and IPv6 extension headers before AH would need their own
 * mutable-field rules: such packets are left unchecked ("unverified").
 * The payload is in clear; pl describes it.
 */
static enum isc_esp_result
ah_open(struct esp_crypt *ec, int esn, const struct esp_in *in, uint64_t seq,
    uint8_t *buf, struct esp_plain *pl)
{
	const uint8_t *p = in->p;
	size_t	       n = in->n, hl, il = in->iphlen, len;
	uint8_t	       icv[64], hi[4];
	int	       ok;

	if (n < 12)
		return ISC_ESP_MALFORMED;
	hl = ((size_t)p[1] + 2) * 4;
	if (hl < 12 + ec->icv || hl > n || ec->icv > sizeof(icv))
		return ISC_ESP_MALFORMED;
	memset(pl, 0, sizeof(*pl));
	pl->nh = p[0];
	pl->pad_ok = 1;
	pl->len = n - hl;
	if (pl->nh == 4 || pl->nh == 41)
		pl->in_ok =
		    ippkt_parse_ip(p + hl, n - hl, pl->nh, &pl->in) == IPPKT_OK;
	else if (pl->nh != 59)
		pl->in_ok = ippkt_parse_transport(pl->nh, p + hl, n - hl,
				&pl->in) == IPPKT_OK;
	if (in->iph == NULL ||
	    !((il == 20 && in->iph[0] == 0x45 && in->iph[9] == 51) ||
		(il == 40 && in->iph[0] >> 4 == 6 && in->iph[6] == 51)) ||
	    il + n > ESP_BUF)
		return ISC_ESP_UNVERIFIED;
	memcpy(buf, in->iph, il);
	if (il == 20) {
		buf[1] = 0;
		buf[6] = buf[7] = buf[8] = 0;
		buf[10] = buf[11] = 0;
	} else {
		buf[0] = 0x60;
		buf[1] = buf[2] = buf[3] = 0;
		buf[7] = 0;
	}
	memcpy(buf + il, p, n);
	memset(buf + il + 12, 0, hl - 12); /* the ICV and its padding */
	len = il + n;
	be32(hi, (uint32_t)(seq >> 32));
	ok = crypto_mac_icv(ec->m, buf, len, esn ? hi : NULL, esn ? 4 : 0, icv,
		 ec->icv) == 0 &&
	    memcmp(icv, p + 12, ec->icv) == 0;
	crypto_wipe(icv, sizeof(icv));
	ec->icv_ok = (uint8_t)ok;
	return ok ? ISC_ESP_OK : ISC_ESP_INTEGRITY_FAILED;
}

/* Verify (and for ESP decrypt) one packet; pl says what it carried. */
static enum isc_esp_result
open_pkt(struct esp_crypt *ec, int esn, const struct esp_in *in, uint64_t seq,
    uint8_t *pt, size_t *ptlen, struct esp_plain *pl)
{
	enum isc_esp_result r;

	ec->icv_ok = 0;
	if (in->proto == 51)
		return ah_open(ec, esn, in, seq, pt, pl);
	r = esp_open(ec, esn, in->p, in->n, seq, pt, ptlen);
	if (r == ISC_ESP_OK || r == ISC_ESP_UNVERIFIED) {
		read_trailer(pt, *ptlen, pl);
		r = judge(r, pl, *ptlen);
	}
	return r;
}

/*
 * An SA without keys yet: try the candidates on this packet.  Returns
 * the outcome and leaves ec bound when one fits.
 */
static enum isc_esp_result
bind_keys(struct isc_analysis *a, struct isc_esp_sa *e, struct esp_crypt *ec,
    const struct esp_in *in, uint32_t sl, uint8_t *pt, size_t *ptlen,
    struct esp_plain *pl)
{
	struct esp_cand	    c[ESP_MAX_CANDS];
	size_t		    nc, i;
	int		    esn, e0, e1;
	enum isc_esp_result best = ISC_ESP_NO_KEYS, r;

	if (ec->gave_up)
		return ISC_ESP_NO_KEYS;
	if (ec->searched && ec->gen == a->child_gen && ec->ncand_tried == 0)
		return ISC_ESP_NO_KEYS; /* nothing new since the last look */
	ec->searched = 1;
	ec->gen = a->child_gen;
	nc = candidates(a, e, c);
	ec->ncand_tried = (unsigned)nc;
	if (nc == 0)
		return ISC_ESP_NO_KEYS;
	for (i = 0; i < nc; i++) {
		if (crypt_open(ec, &c[i], e->proto) != 0) {
			crypt_close(ec);
			continue;
		}
		e0 = c[i].esn == 1 ? 1 : 0;
		e1 = c[i].esn == -1 && ec->checked ? 1 : e0;
		for (esn = e0; esn <= e1; esn++) {
			r = open_pkt(ec, esn, in, sl, pt, ptlen, pl);
			/*
			 * Only a proof binds: a verified ICV, or for a key
			 * without one, a structure that fits.  One sole
			 * candidate binds anyway, so its failures are
			 * counted as what they are.
			 */
			if (r == ISC_ESP_OK || r == ISC_ESP_UNVERIFIED ||
			    ec->icv_ok ||
			    (nc == 1 && esn == e1 &&
				(ec->checked ||
				    ec->tries + 1 >= ESP_MAX_TRIES))) {
				ec->bound = 1;
				ec->proven = r == ISC_ESP_OK ||
				    r == ISC_ESP_UNVERIFIED || ec->icv_ok;
				ec->esn_unknown = c[i].esn == -1 && ec->checked;
				/* Unproven: the ESN guess is redone later. */
				e->esn = (uint8_t)(ec->proven ? esn : e0);
				set_source(e, &c[i]);
				ec->serial = ++a->esp->serial;
				if (a->par != NULL)
					worker_handles(ec, &c[i], e->proto);
				return r;
			}
			if (r == ISC_ESP_INTEGRITY_FAILED ||
			    best == ISC_ESP_NO_KEYS)
				best = r;
		}
		crypt_close(ec);
	}
	if (++ec->tries >= ESP_MAX_TRIES) {
		ec->gave_up = 1;
		diag_add(&a->diags, ISC_SEV_WARNING, "esp-keys-do-not-fit", 0,
		    "%s SA %08x: none of the %zu candidate key%s fits its "
		    "first %u packets (ICV or padding); its packets are left "
		    "encrypted",
		    e->proto == 51 ? "AH" : "ESP", e->spi, nc,
		    nc == 1 ? "" : "s", ec->tries);
	}
	return best;
}

/* Rebuild the outer IP header around a transport-mode payload. */
static size_t
rebuild(const uint8_t *iph, size_t iphlen, uint8_t nh, const uint8_t *pay,
    size_t n, uint8_t *out)
{
	size_t	 hl, i;
	uint32_t sum = 0;

	if (iph == NULL || iphlen < 20)
		return 0;
	if (iph[0] >> 4 == 4) {
		hl = (size_t)(iph[0] & 0x0f) * 4;
		if (hl < 20 || hl > iphlen || hl + n > 65535)
			return 0;
		memcpy(out, iph, hl);
		out[2] = (uint8_t)((hl + n) >> 8);
		out[3] = (uint8_t)(hl + n);
		/* The whole datagram now: no MF, no offset; DF kept. */
		out[6] &= 0x40;
		out[7] = 0;
		out[9] = nh;
		out[10] = out[11] = 0;
		for (i = 0; i < hl; i += 2)
			sum += (uint32_t)out[i] << 8 | out[i + 1];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		sum = ~sum & 0xffff;
		out[10] = (uint8_t)(sum >> 8);
		out[11] = (uint8_t)sum;
	} else if (iph[0] >> 4 == 6 && iphlen >= 40 && n <= 65535) {
		hl = 40;
		memcpy(out, iph, hl);
		out[4] = (uint8_t)(n >> 8);
		out[5] = (uint8_t)n;
		out[6] = nh;
	} else
		return 0;
	memcpy(out + hl, pay, n);
	return hl + n;
}

/*
 * The result esp_par.c computed for this packet, if it still holds: the
 * same bytes, the same SA bound the same way, no ESN.
 */
static const struct esp_par_job *
par_job(const struct isc_analysis *a, const struct isc_esp_sa *e,
    const uint8_t *p, size_t n)
{
	const struct esp_par_job *j = a->par_job;
	const struct esp_crypt	 *ec = e->crypt;

	if (j == NULL || j->p != p || j->n != n || j->ec != ec ||
	    j->serial != ec->serial || !ec->proven || e->esn || e->proto != 50)
		return NULL;
	return j;
}

static void
inner_from(struct isc_inner *in, const struct esp_plain *pl)
{
	memset(in, 0, sizeof(*in));
	in->next_header = pl->nh;
	if (pl->nh == 59)
		return;
	in->ip_version = pl->in.version;
	if (pl->in.version != 0) {
		in->src.family = in->dst.family = pl->in.version;
		memcpy(in->src.a, pl->in.src, pl->in.version == 4 ? 4 : 16);
		memcpy(in->dst.a, pl->in.dst, pl->in.version == 4 ? 4 : 16);
	}
	in->proto = pl->in.proto;
	in->has_ports = pl->in.has_ports;
	in->sport = pl->in.sport;
	in->dport = pl->in.dport;
	in->has_icmp = pl->in.has_icmp;
	in->icmp_type = pl->in.icmp_type;
	in->icmp_code = pl->in.icmp_code;
	in->has_spi = pl->in.has_spi;
	in->spi = pl->in.spi;
	in->length = (uint32_t)pl->len;
}

void
esp_packet(struct isc_analysis *a, struct isc_esp_sa *e,
    const struct isc_pkt_meta *m, const uint8_t *p, size_t caplen,
    size_t wirelen, const uint8_t *iph, size_t iphlen, int depth)
{
	struct esp_crypt	 *ec;
	const struct esp_par_job *job;
	struct esp_in		  in;
	struct esp_plain	  pl;
	struct isc_esp_pkt	  rec;
	enum isc_esp_result	  r;
	uint8_t			 *pt, *out;
	size_t			  ptlen = 0, olen = 0;
	uint32_t		  sl;
	uint64_t		  seq;

	if (depth < 0 || depth > ESP_MAX_NEST)
		return;
	if (e->crypt == NULL)
		e->crypt = xcalloc(1, sizeof(*e->crypt));
	ec = e->crypt;
	if (a->esp == NULL)
		a->esp = xcalloc(1, sizeof(*a->esp));
	pt = a->esp->plain[depth];
	out = a->esp->out[depth];
	memset(&rec, 0, sizeof(rec));
	memset(&pl, 0, sizeof(pl));
	rec.frame = m->frame;
	if (caplen < 8) {
		r = ISC_ESP_MALFORMED;
		goto done;
	}
	sl = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 |
	    p[7];
	rec.seq = e->proto == 51 ? 0 : sl;
	if (e->proto == 51) {
		/* AH: SPI at 4, sequence at 8. */
		if (caplen < 12) {
			r = ISC_ESP_MALFORMED;
			goto done;
		}
		sl = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
		    (uint32_t)p[10] << 8 | p[11];
		rec.seq = sl;
	}
	in.p = p;
	in.n = caplen;
	in.iph = iph;
	in.iphlen = iphlen;
	in.proto = e->proto;
	if (caplen < wirelen || caplen > ESP_BUF) {
		/* Cut by the capture: nothing can be verified. */
		r = ISC_ESP_MALFORMED;
		goto done;
	}
	if (!ec->bound) {
		seq = sl;
		r = bind_keys(a, e, ec, &in, sl, pt, &ptlen, &pl);
		if (!ec->bound)
			goto done;
	} else if (depth == 0 && (job = par_job(a, e, p, caplen)) != NULL) {
		/* Verified and decrypted already, by esp_par.c. */
		seq = sl;
		pt = job->pt;
		ptlen = job->ptlen;
		ec->icv_ok = job->icv_ok;
		r = (enum isc_esp_result)job->r;
		if (r == ISC_ESP_OK || r == ISC_ESP_UNVERIFIED) {
			read_trailer(pt, ptlen, &pl);
			r = judge(r, &pl, ptlen);
		}
		if (ec->icv_ok)
			ec->proven = 1;
	} else {
		seq = e->esn ? ((uint64_t)seq_high(ec, sl) << 32) | sl : sl;
		r = open_pkt(ec, e->esn, &in, seq, pt, &ptlen, &pl);
		if (r == ISC_ESP_INTEGRITY_FAILED && !ec->proven &&
		    ec->esn_unknown) {
			/* Bound on a failure: perhaps the ESN guess was wrong. */
			uint64_t s2 = !e->esn ?
			    ((uint64_t)seq_high(ec, sl) << 32) | sl :
			    sl;

			if (open_pkt(ec, !e->esn, &in, s2, pt, &ptlen, &pl) ==
			    ISC_ESP_OK) {
				e->esn = !e->esn;
				seq = s2;
				r = ISC_ESP_OK;
			}
		}
		if (ec->icv_ok)
			ec->proven = 1;
	}
	rec.seq = seq;
	if (r == ISC_ESP_OK || r == ISC_ESP_UNVERIFIED) {
		seq_update(e, ec, seq, &rec.replay);
		inner_from(&rec.inner, &pl);
		if (pl.nh == 59) {
			e->dummies++;
			goto done;
		}
		if (e->proto == 51)
			goto done; /* in clear: net.c reads on after AH */
		/*
		 * The packet carried: a tunnelled IP packet as it is, in
		 * place (nothing deeper writes plain[depth]).
		 */
		if (pl.nh == 4 || pl.nh == 41) {
			out = pt;
			olen = pl.len;
		} else
			olen = rebuild(iph, iphlen, pl.nh, pt, pl.len, out);
		if (olen > 0) {
			a->repl = out;
			a->repl_len = olen;
			a->repl_spi = e->spi;
			a->repl_depth = depth;
			if (depth < ESP_MAX_NEST)
				net_inner(a, m, out, olen, depth + 1);
		}
	}
done:
	rec.result = r;
	e->counts[r]++;
	if (a->opts.esp_packets)
		rec_add(e, &rec);
	if (a->events.esp_pkt != NULL)
		a->events.esp_pkt(a->events.ctx, e, m, &rec);
	if (r != ISC_ESP_OK && r != ISC_ESP_UNVERIFIED)
		crypto_wipe(pt, ptlen);
}
