/*
 * ikev2.c - IKEv2 payload bodies into the field tree.
 *
 * SA, KE, IDi/IDr, CERT, CERTREQ, AUTH, NONCE, N, D, V, TSi/TSr, SK, CP,
 * EAP (RFC 7296 3.3-3.16), SKF (RFC 7383), the signature AUTH method
 * (RFC 7427, RFC 8420), REDIRECT (RFC 5685), MOBIKE addresses (RFC 4555),
 * Fibre Channel selectors (RFC 4595), ID_NULL (RFC 7619), PPK (RFC 8784),
 * additional key exchanges (RFC 9370), SUPPORTED_AUTH_METHODS (RFC 9593),
 * security labels (RFC 9478), and the header of GSPM (RFC 6467), PS
 * (RFC 8019), IDg/GSA/KD (RFC 9838).
 *
 * Every function reads through the cursor it is given and adds what it
 * read, in wire order, under the open node.  Sub-structures (proposals,
 * transforms, attributes, selectors) carry their own lengths: a length
 * below the sub-structure's header stops the walk, a length past its
 * container is an error, and every list has a cap, so a hostile payload
 * costs no more than its bytes.  The first problem found is kept in
 * struct v2 and in the caller's dstatus; what was read stays in the tree.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "registry_v2.h"
#include "vendor.h"
#include "x509.h"

/* IKEv2 payload types (IANA "IKEv2 Payload Types"). */
enum {
	PT_SA = 33,
	PT_KE = 34,
	PT_IDI = 35,
	PT_IDR = 36,
	PT_CERT = 37,
	PT_CERTREQ = 38,
	PT_AUTH = 39,
	PT_NONCE = 40,
	PT_N = 41,
	PT_D = 42,
	PT_V = 43,
	PT_TSI = 44,
	PT_TSR = 45,
	PT_SK = 46,
	PT_CP = 47,
	PT_EAP = 48,
	PT_GSPM = 49,
	PT_IDG = 50,
	PT_GSA = 51,
	PT_KD = 52,
	PT_SKF = 53,
	PT_PS = 54,
};

/* Caps on lists; the field tree has its own cap on top (field.h). */
#define V2_MAX_PROPOSALS  64
#define V2_MAX_TRANSFORMS 128
#define V2_MAX_ATTRS	  32
#define V2_MAX_ITEMS	  1024
#define V2_SUM_TRANSFORMS 32 /* transforms kept for a summary */
#define V2_SHA1_LEN	  20
#define SUMMARY_MAX	  192

/* One payload being dissected. */
struct v2 {
	struct ftree	   *t;
	struct dstatus	   *st;
	struct dissect_ctx *ctx;
	enum dstatus_code   rc;	 /* first problem in this payload */
	int		    cut; /* body shorter than its length field */
};

/* A one-line summary being written; "..." marks where it was cut. */
struct sbuf {
	char   s[SUMMARY_MAX];
	size_t n;
};

/* What a proposal offered, kept for the summaries. */
struct psum {
	uint8_t	 proto;
	unsigned n;
	struct {
		uint8_t	 type;
		uint16_t id;
		uint16_t keylen;
	} v[V2_SUM_TRANSFORMS];
};

/*
 * Errors
 */

static void
fail(struct v2 *d, enum dstatus_code code, size_t off, const char *msg)
{
	if (d->rc == DS_OK)
		d->rc = code;
	(void)ds_set(d->st, code, off, msg);
}

/*
 * A length that runs past its container: the capture ran out if the
 * payload itself was cut short, otherwise the sender got it wrong.
 */
static enum dstatus_code
overrun(const struct v2 *d)
{
	return d->cut ? DS_TRUNCATED : DS_INVALID;
}

/*
 * A field the cursor cannot hold: the capture ran out if the payload was
 * cut short, otherwise the payload (or sub-structure) is too short for
 * what its type must carry.
 */
static int
short_at(struct v2 *d, size_t off)
{
	if (d->cut)
		fail(d, DS_TRUNCATED, off,
		    "field cut short by the end of the capture");
	else
		fail(d, DS_INVALID, off,
		    "field runs past the end of its payload");
	return -1;
}

/*
 * Readers: the fr_* helpers of field.h, with short reads told apart as
 * above.  All return 0, or -1 when the cursor ran out.
 */

static int
checked(struct v2 *d, int r, const struct dstatus *s)
{
	return r != 0 ? short_at(d, s->off) : 0;
}

static int
rd_u8(struct v2 *d, struct cursor *c, const char *key, uint8_t *v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_u8(d->t, c, key, v, &s), &s);
}

static int
rd_be16(struct v2 *d, struct cursor *c, const char *key, uint16_t *v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_be16(d->t, c, key, v, &s), &s);
}

static int
rd_be32(struct v2 *d, struct cursor *c, const char *key, uint32_t *v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_be32(d->t, c, key, v, &s), &s);
}

static int
rd_enum8(struct v2 *d, struct cursor *c, const char *key, unsigned reg,
    uint8_t *v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_enum8(d->t, c, key, reg, v, &s), &s);
}

static int
rd_enum16(struct v2 *d, struct cursor *c, const char *key, unsigned reg,
    uint16_t *v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_enum16(d->t, c, key, reg, v, &s), &s);
}

static int
rd_bytes(struct v2 *d, struct cursor *c, const char *key, size_t n,
    const uint8_t **v)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_bytes(d->t, c, key, n, v, &s), &s);
}

static int
rd_text(struct v2 *d, struct cursor *c, const char *key, size_t n)
{
	struct dstatus s = { DS_OK, 0, NULL };

	return checked(d, fr_text(d->t, c, key, n, &s), &s);
}

/*
 * A 1- to 3-byte RESERVED field, kept with its value: senders must send
 * zero, and a peer that does not is worth seeing.
 */
static int
rd_reserved_key(struct v2 *d, struct cursor *c, const char *key, size_t n)
{
	size_t	 off = cur_off(c);
	uint32_t v = 0;
	uint8_t	 b = 0;
	size_t	 i;

	if (n > cur_left(c))
		return short_at(d, off);
	for (i = 0; i < n; i++) {
		(void)cur_u8(c, &b);
		v = (v << 8) | b;
	}
	ft_uint(d->t, key, off, n, v);
	return 0;
}

static int
rd_reserved(struct v2 *d, struct cursor *c, size_t n)
{
	return rd_reserved_key(d, c, "reserved", n);
}

/* A 16-bit enum whose registry depends on what came before. */
static int
rd_enum16_name(struct v2 *d, struct cursor *c, const char *key, unsigned reg,
    uint16_t *v)
{
	size_t	 off = cur_off(c);
	uint16_t x;

	if (cur_be16(c, &x) != 0)
		return short_at(d, off);
	ft_enum(d->t, key, off, 2, x, reg != 0 ? reg_name(reg, x) : NULL);
	*v = x;
	return 0;
}

/* An address of n (4 or 16) bytes, also copied out to a (>= 16 bytes). */
static int
rd_addr(struct v2 *d, struct cursor *c, const char *key, size_t n, uint8_t *a)
{
	size_t	       off = cur_off(c);
	struct cursor  w = *c;
	const uint8_t *p;

	if (cur_copy(&w, a, n) != 0 || cur_bytes(c, n, &p) != 0)
		return short_at(d, off);
	ft_addr(d->t, key, off, p, n);
	return 0;
}

/* The next n bytes (or fewer, if fewer are left) as a cursor of their own. */
static struct cursor
window(const struct cursor *c, size_t n)
{
	struct cursor w;

	if (n > cur_left(c))
		n = cur_left(c);
	(void)cur_window(c, cur_off(c), n, &w);
	return w;
}

/*
 * Summaries
 */

static void
sb_init(struct sbuf *b)
{
	b->s[0] = '\0';
	b->n = 0;
}

/* n bytes of s, cut as sb_add() cuts: "..." at the end when full. */
static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	size_t room;

	if (b->n >= sizeof(b->s) - 1)
		return;
	room = sizeof(b->s) - b->n;
	if (n >= room) {
		memcpy(b->s + b->n, s, room - 1);
		b->n = sizeof(b->s) - 1;
		b->s[b->n] = '\0';
		memcpy(b->s + b->n - 3, "...", 3);
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
sb_add(struct sbuf *b, const char *fmt, ...)
{
	const char *lit;
	va_list	    ap;
	size_t	    room;
	int	    r;

	if (b->n >= sizeof(b->s) - 1)
		return;
	/* Words and names (most of a summary) without printf. */
	va_start(ap, fmt);
	lit = fmt_literal(fmt, ap);
	va_end(ap);
	if (lit != NULL) {
		sb_put(b, lit, strlen(lit));
		return;
	}
	room = sizeof(b->s) - b->n;
	va_start(ap, fmt);
	r = vsnprintf(b->s + b->n, room, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	if ((size_t)r >= room) {
		b->n = sizeof(b->s) - 1;
		memcpy(b->s + b->n - 3, "...", 3);
	} else
		b->n += (size_t)r;
}

/* Wire text: printable ASCII as is, anything else as '?'. */
static void
sb_text(struct sbuf *b, struct cursor c, size_t max)
{
	char	s[SUMMARY_MAX];
	size_t	i;
	uint8_t ch;

	if (max > sizeof(s) - 1)
		max = sizeof(s) - 1;
	for (i = 0; i < max && cur_u8(&c, &ch) == 0; i++)
		s[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	s[i] = '\0';
	sb_add(b, "%s%s", s, cur_left(&c) > 0 ? "..." : "");
}

static void
sb_hex(struct sbuf *b, struct cursor c, size_t max)
{
	static const char hx[] = "0123456789abcdef";
	char		  s[SUMMARY_MAX];
	size_t		  i, n = 0;
	uint8_t		  ch;

	for (i = 0; i < max && n + 2 < sizeof(s) && cur_u8(&c, &ch) == 0; i++) {
		s[n++] = hx[ch >> 4];
		s[n++] = hx[ch & 15];
	}
	sb_put(b, s, n);
	if (cur_left(&c) > 0)
		sb_add(b, "...");
}

static void
sb_addr(struct sbuf *b, const uint8_t *a, size_t n)
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(n == 4 ? AF_INET : AF_INET6, a, s, sizeof(s)) != NULL)
		sb_add(b, "%s", s);
}

/* A registry name, or UNKNOWN(n). */
static void
sb_name(struct sbuf *b, unsigned reg, uint32_t id)
{
	char buf[32];

	sb_add(b, "%s", reg_name_buf(reg, id, buf, sizeof(buf)));
}

static void
summary(struct v2 *d, int32_t node, const struct sbuf *b)
{
	ft_summaryn(d->t, node, b->s, b->n);
}

/*
 * Transform words for summaries, from the IANA names:
 * ENCR_AES_CBC + 256 -> AES-CBC-256, AUTH_HMAC_SHA2_256_128 ->
 * HMAC-SHA2-256-128, PRF_HMAC_SHA2_256 -> PRF-HMAC-SHA2-256,
 * KE 14 -> DH 14 (MODP-2048).
 */
static void
sb_dashed(struct sbuf *b, const char *name, const char *prefix)
{
	char   s[64];
	size_t i, pl = strlen(prefix);

	if (strncmp(name, prefix, pl) == 0)
		name += pl;
	for (i = 0; name[i] != '\0' && i < sizeof(s) - 1; i++)
		s[i] = name[i] == '_' ? '-' : name[i];
	s[i] = '\0';
	sb_add(b, "%s", s);
}

static void
sb_transform(struct sbuf *b, unsigned type, unsigned id, unsigned keylen)
{
	const char *name = reg_name(reg_v2_transform_reg(type), id);

	switch (type) {
	case V2_TT_ENCR:
		if (name == NULL)
			sb_add(b, "ENCR-%u", id);
		else
			sb_dashed(b, name, "ENCR_");
		if (keylen != 0)
			sb_add(b, "-%u", keylen);
		break;
	case V2_TT_INTEG:
		if (name == NULL)
			sb_add(b, "INTEG-%u", id);
		else if (id == V2_INTEG_NONE)
			sb_add(b, "no INTEG");
		else
			sb_dashed(b, name, "AUTH_");
		break;
	case V2_TT_PRF:
		if (name == NULL)
			sb_add(b, "PRF-%u", id);
		else
			sb_dashed(b, name, "");
		break;
	case V2_TT_KE:
		sb_add(b, "DH %u", id);
		if (name != NULL)
			sb_add(b, " (%s)", name);
		break;
	case V2_TT_SN:
		if (id == V2_SN_SEQ32)
			sb_add(b, "no ESN");
		else if (id == V2_SN_SEQ64)
			sb_add(b, "ESN");
		else
			sb_add(b, "SN %u", id);
		break;
	default:
		if (type >= V2_TT_ADDKE1 && type <= V2_TT_ADDKE7) {
			sb_add(b, "ADDKE%u %u", type - V2_TT_ADDKE1 + 1, id);
			if (name != NULL)
				sb_add(b, " (%s)", name);
		} else
			sb_add(b, "T%u=%u", type, id);
		break;
	}
}

/*
 * A proposal in words.  Full: "IKE: AES-CBC-256, HMAC-SHA2-256-128,
 * PRF-HMAC-SHA2-256, DH 14 (MODP-2048)", alternatives of one type joined
 * by '/'.  Compact (for SA payloads with several proposals): "IKE
 * AES-CBC-256/HMAC-SHA2-256-128/...".
 */
static void
sb_proposal(struct sbuf *b, const struct psum *ps, int compact)
{
	/* ENCR, INTEG, PRF, KE, ADDKE1..7, SN, then anything else. */
	static const uint8_t order[] = { 1, 3, 2, 4, 6, 7, 8, 9, 10, 11, 12, 5,
		0 };
	unsigned	     i, j, groups = 0, words = 0;
	char		     pbuf[32];

	sb_add(b, "%s%s",
	    reg_name_buf(REG_V2_PROTOCOL, ps->proto, pbuf, sizeof(pbuf)),
	    compact ? " " : ":");
	for (i = 0; i < sizeof(order); i++) {
		unsigned in_group = 0;

		for (j = 0; j < ps->n; j++) {
			unsigned ty = ps->v[j].type;
			int	 known = ty >= 1 && ty <= 12;

			if (order[i] == 0 ? known : ty != order[i])
				continue;
			if (compact)
				sb_add(b, "%s", words > 0 ? "/" : "");
			else if (in_group > 0)
				sb_add(b, "/");
			else
				sb_add(b, "%s", groups > 0 ? ", " : " ");
			sb_transform(b, ty, ps->v[j].id, ps->v[j].keylen);
			in_group++;
			words++;
		}
		if (in_group > 0)
			groups++;
	}
	if (words == 0)
		sb_add(b, "%s", compact ? "(no transforms)" : " no transforms");
}

/*
 * SA payload (RFC 7296 3.3)
 *
 *  Proposal:
 *   0 (last) or 2 |   RESERVED    |         Proposal Length       |
 *   Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 *   SPI (variable) ... Transforms ...
 *
 *  Transform:
 *   0 (last) or 3 |   RESERVED    |        Transform Length       |
 *   Transform Type|   RESERVED    |          Transform ID         |
 *   Transform Attributes ...
 *
 *  Attribute:
 *   |A|       Attribute Type        |  AF=0  Attribute Length     |
 *   |F|                             |  AF=1  Attribute Value      |
 *   |                   AF=0  Attribute Value                     |
 */

/* One attribute; 0, or -1 when the transform cannot be walked further. */
static int
attribute(struct v2 *d, struct cursor *c, uint16_t *keylen)
{
	size_t	 off = cur_off(c);
	uint16_t raw, type, v;
	int32_t	 a;
	int	 ret = -1;

	a = ft_open_item(d->t, "attributes", off, cur_left(c));
	if (cur_left(c) < 4) {
		fail(d, overrun(d), off,
		    "transform attribute header runs past its transform");
		goto out;
	}
	(void)cur_be16(c, &raw);
	type = raw & 0x7fff;
	ft_enum(d->t, "attribute_type", off, 2, type,
	    reg_name(REG_V2_TRANSFORM_ATTR, type));
	ft_enum(d->t, "format", off, 1, raw >> 15, raw & 0x8000 ? "TV" : "TLV");
	if (raw & 0x8000) {
		/* TV: the value is the second half of the header. */
		(void)rd_be16(d, c, "value", &v);
		ft_set_len(d->t, a, 4);
		if (type == V2_TA_KEY_LENGTH) {
			*keylen = v;
			ft_summaryf(d->t, a, "Key Length %u", v);
		}
		ret = 0;
		goto out;
	}
	(void)rd_be16(d, c, "length", &v);
	if (v > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "transform attribute value runs past its transform");
		goto out;
	}
	ft_set_len(d->t, a, 4 + (size_t)v);
	(void)rd_bytes(d, c, "value", v, NULL);
	ret = 0;
out:
	ft_close(d->t, a);
	return ret;
}

/* One transform; 0, or -1 when the proposal cannot be walked further. */
static int
transform(struct v2 *d, struct cursor *c, uint8_t *last, struct psum *ps)
{
	size_t	      off = cur_off(c);
	struct cursor tc;
	uint16_t      len, id, keylen = 0;
	uint8_t	      type;
	unsigned      nattr = 0;
	struct sbuf   w;
	int32_t	      n;
	int	      ret = -1;

	n = ft_open_item(d->t, "transforms", off, cur_left(c));
	if (rd_u8(d, c, "last_substruc", last) != 0 ||
	    rd_reserved(d, c, 1) != 0 || rd_be16(d, c, "length", &len) != 0)
		goto out;
	if (*last != 0 && *last != 3)
		fail(d, DS_INVALID, off,
		    "transform's last-substructure field is neither 0 nor 3");
	if (len < 8) {
		fail(d, DS_INVALID, off + 2, "transform length below 8");
		goto out;
	}
	if ((size_t)len - 4 > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "transform length runs past its proposal");
		tc = window(c, cur_left(c));
		(void)cur_skip(c, cur_left(c));
	} else {
		(void)cur_sub(c, (size_t)len - 4, &tc);
		ret = 0;
	}
	ft_set_len(d->t, n, 4 + cur_left(&tc));
	if (rd_enum8(d, &tc, "transform_type", REG_V2_TRANSFORM_TYPE, &type) !=
		0 ||
	    rd_reserved_key(d, &tc, "reserved2", 1) != 0 ||
	    rd_enum16_name(d, &tc, "transform_id", reg_v2_transform_reg(type),
		&id) != 0) {
		ret = -1;
		goto out;
	}
	while (cur_left(&tc) > 0) {
		if (nattr++ >= V2_MAX_ATTRS) {
			fail(d, DS_LIMIT, cur_off(&tc),
			    "more transform attributes than ikescope follows");
			break;
		}
		if (attribute(d, &tc, &keylen) != 0) {
			/* The transform's length still bounds it. */
			break;
		}
	}
	sb_init(&w);
	sb_transform(&w, type, id, keylen);
	ft_summaryf(d->t, n, "%s", w.s);
	if (ps->n < V2_SUM_TRANSFORMS) {
		ps->v[ps->n].type = type;
		ps->v[ps->n].id = id;
		ps->v[ps->n].keylen = keylen;
		ps->n++;
	}
out:
	ft_close(d->t, n);
	return ret;
}

/* One proposal; 0, or -1 when the SA payload cannot be walked further. */
static int
proposal(struct v2 *d, struct cursor *c, uint8_t *last, struct psum *ps)
{
	size_t	      off = cur_off(c);
	struct cursor pc;
	uint16_t      len;
	uint8_t	      num, spisz, ntr, tlast = 3;
	unsigned      count = 0;
	struct sbuf   w;
	int32_t	      n;
	int	      ret = -1;

	memset(ps, 0, sizeof(*ps));
	n = ft_open_item(d->t, "proposals", off, cur_left(c));
	if (rd_u8(d, c, "last_substruc", last) != 0 ||
	    rd_reserved(d, c, 1) != 0 || rd_be16(d, c, "length", &len) != 0)
		goto out;
	if (*last != 0 && *last != 2)
		fail(d, DS_INVALID, off,
		    "proposal's last-substructure field is neither 0 nor 2");
	if (len < 8) {
		fail(d, DS_INVALID, off + 2, "proposal length below 8");
		goto out;
	}
	if ((size_t)len - 4 > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "proposal length runs past the SA payload");
		pc = window(c, cur_left(c));
		(void)cur_skip(c, cur_left(c));
	} else {
		(void)cur_sub(c, (size_t)len - 4, &pc);
		ret = 0;
	}
	ft_set_len(d->t, n, 4 + cur_left(&pc));
	if (rd_u8(d, &pc, "proposal_number", &num) != 0 ||
	    rd_enum8(d, &pc, "protocol_id", REG_V2_PROTOCOL, &ps->proto) != 0 ||
	    rd_u8(d, &pc, "spi_size", &spisz) != 0 ||
	    rd_u8(d, &pc, "num_transforms", &ntr) != 0 ||
	    (spisz > 0 && rd_bytes(d, &pc, "spi", spisz, NULL) != 0)) {
		ret = -1;
		goto out;
	}
	while (cur_left(&pc) > 0) {
		if (count >= V2_MAX_TRANSFORMS) {
			fail(d, DS_LIMIT, cur_off(&pc),
			    "more transforms than ikescope follows");
			goto sum;
		}
		if (tlast == 0) {
			fail(d, DS_INVALID, cur_off(&pc),
			    "bytes follow the last transform of the proposal");
			goto sum;
		}
		if (transform(d, &pc, &tlast, ps) != 0)
			goto sum;
		count++;
	}
	if (count > 0 && tlast != 0)
		fail(d, DS_INVALID, cur_off(&pc),
		    "last transform says another follows, but the proposal "
		    "ends");
	if (count != ntr)
		fail(d, DS_INVALID, off + 7,
		    "number of transforms differs from num_transforms");
sum:
	sb_init(&w);
	sb_proposal(&w, ps, 0);
	summary(d, n, &w);
out:
	ft_close(d->t, n);
	return ret;
}

static void
sa(struct v2 *d, struct cursor *c, int32_t node)
{
	struct psum ps;
	struct sbuf one, all;
	unsigned    n = 0;
	uint8_t	    last = 2;
	int	    r;

	sb_init(&one);
	sb_init(&all);
	while (cur_left(c) > 0) {
		if (n >= V2_MAX_PROPOSALS) {
			fail(d, DS_LIMIT, cur_off(c),
			    "more proposals than ikescope follows");
			break;
		}
		if (last == 0) {
			fail(d, DS_INVALID, cur_off(c),
			    "bytes follow the last proposal");
			break;
		}
		r = proposal(d, c, &last, &ps);
		if (n == 0)
			sb_proposal(&one, &ps, 0);
		sb_add(&all, "%s", n > 0 ? ", " : "");
		sb_proposal(&all, &ps, 1);
		n++;
		if (r != 0) {
			/* Its error is recorded; the next cannot be found. */
			last = 0;
			break;
		}
	}
	if (n == 0)
		fail(d, DS_INVALID, cur_off(c), "SA payload has no proposal");
	else if (last != 0)
		fail(d, DS_INVALID, cur_off(c),
		    "last proposal says another follows, but the SA payload "
		    "ends");
	if (n == 1)
		summary(d, node, &one);
	else if (n > 1)
		ft_summaryf(d->t, node, "%u proposals: %s", n, all.s);
}

/*
 * KE payload (RFC 7296 3.4)
 *
 *   Diffie-Hellman Group Num    |           RESERVED            |
 *   Key Exchange Data ...
 */
static void
ke(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t	    n;
	uint16_t    g;
	struct sbuf b;

	if (rd_enum16(d, c, "dh_group", REG_DH_GROUP, &g) != 0 ||
	    rd_reserved(d, c, 2) != 0)
		return;
	(void)fr_rest(d->t, c, "key_exchange_data", NULL, &n);
	if (n == 0)
		fail(d, DS_INVALID, cur_off(c),
		    "KE payload carries no key exchange data");
	sb_init(&b);
	sb_add(&b, "group %u", g);
	if (reg_name(REG_DH_GROUP, g) != NULL)
		sb_add(&b, " (%s)", reg_name(REG_DH_GROUP, g));
	sb_add(&b, ", %zu bytes", n);
	summary(d, node, &b);
}

/*
 * ID payload (RFC 7296 3.5; also IDg, RFC 9838)
 *
 *    ID Type    |                 RESERVED                      |
 *   Identification Data ...
 */
static void
id(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t	       off, n;
	struct cursor  v;
	uint8_t	       type, a[16];
	const uint8_t *p;
	struct sbuf    b;
	char	      *s;

	if (rd_enum8(d, c, "id_type", REG_V2_ID_TYPE, &type) != 0 ||
	    rd_reserved(d, c, 3) != 0)
		return;
	off = cur_off(c);
	n = cur_left(c);
	v = window(c, n);
	sb_init(&b);
	switch (type) {
	case V2_ID_IPV4_ADDR:
	case V2_ID_IPV6_ADDR:
		sb_add(&b, "%s ", type == V2_ID_IPV4_ADDR ? "IPv4" : "IPv6");
		if (n == (type == V2_ID_IPV4_ADDR ? 4u : 16u)) {
			(void)rd_addr(d, c, "id", n, a);
			sb_addr(&b, a, n);
			break;
		}
		(void)fr_rest(d->t, c, "id", NULL, NULL);
		fail(d, DS_INVALID, off,
		    type == V2_ID_IPV4_ADDR ? "ID_IPV4_ADDR is not 4 bytes" :
					      "ID_IPV6_ADDR is not 16 bytes");
		sb_add(&b, "(%zu bytes)", n);
		break;
	case V2_ID_FQDN:
	case V2_ID_RFC822_ADDR:
		(void)rd_text(d, c, "id", n);
		sb_add(&b, "%s ", type == V2_ID_FQDN ? "FQDN" : "RFC822");
		sb_text(&b, v, 96);
		break;
	case V2_ID_DER_ASN1_DN:
	case V2_ID_DER_ASN1_GN:
		(void)cur_bytes(c, n, &p);
		s = type == V2_ID_DER_ASN1_DN ? x509_dn_str(p, n) :
						x509_gn_str(p, n);
		sb_add(&b, "%s ", type == V2_ID_DER_ASN1_DN ? "DN" : "GN");
		if (s != NULL) {
			/* Made by libksba from DER, but keep it one line. */
			struct cursor sc = cur_init(s, strlen(s));

			sb_text(&b, sc, 128);
			ft_str(d->t, "id", off, n, s);
			ft_bytes(d->t, "id_der", off, p, n);
		} else {
			ft_bytes(d->t, "id", off, p, n);
			sb_add(&b, "(%zu bytes, not decoded)", n);
		}
		break;
	case V2_ID_NULL:
		/* RFC 7619 3: the identification data is empty. */
		sb_add(&b, "NULL");
		if (n > 0) {
			(void)fr_rest(d->t, c, "id", NULL, NULL);
			sb_add(&b, " (%zu bytes)", n);
		}
		break;
	case V2_ID_KEY_ID:
		(void)fr_rest(d->t, c, "id", NULL, NULL);
		sb_add(&b, "KEY_ID ");
		sb_hex(&b, v, 16);
		break;
	default:
		(void)fr_rest(d->t, c, "id", NULL, NULL);
		sb_name(&b, REG_V2_ID_TYPE, type);
		sb_add(&b, ", %zu bytes", n);
		break;
	}
	if (n == 0 && type != V2_ID_NULL)
		fail(d, DS_INVALID, off, "ID payload carries no identity");
	summary(d, node, &b);
}

/*
 * CERT payload (RFC 7296 3.6)
 *
 *   Cert Encoding |  Certificate Data ...
 *
 * Hash and URL encodings (12, 13): a 20-byte SHA-1 hash, then the URL.
 */
static void
cert(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t		    off, n;
	uint8_t		    enc;
	const uint8_t	   *p;
	const struct field *f;
	enum dstatus_code   r;
	struct cursor	    u;
	struct sbuf	    b;
	int32_t		    cn;

	if (rd_enum8(d, c, "encoding", REG_V2_CERT_ENCODING, &enc) != 0)
		return;
	off = cur_off(c);
	n = cur_left(c);
	sb_init(&b);
	if (n == 0) {
		fail(d, DS_INVALID, off, "CERT payload carries no data");
		sb_name(&b, REG_V2_CERT_ENCODING, enc);
		sb_add(&b, ", empty");
		summary(d, node, &b);
		return;
	}
	switch (enc) {
	case V2_CERT_X509_SIGNATURE:
		(void)fr_rest(d->t, c, "certificate_data", &p, &n);
		cn = ft_open(d->t, "certificate", off, n);
		r = x509_cert_fields(d->t, p, n, off, d->st);
		ft_close(d->t, cn);
		if (r != DS_OK)
			fail(d, r, off,
			    "certificate is not a DER X.509 "
			    "certificate");
		sb_add(&b, "X.509 certificate");
		f = ft_get(d->t, ft_find(d->t, cn, "subject"));
		if (f != NULL && f->type == FT_STR && f->s != NULL) {
			struct cursor sc = cur_init(f->s, strlen(f->s));

			sb_add(&b, " ");
			sb_text(&b, sc, 120);
		} else
			sb_add(&b, ", %zu bytes", n);
		break;
	case V2_CERT_HASH_URL_X509_CERT:
	case V2_CERT_HASH_URL_X509_BUNDLE:
		sb_add(&b, "Hash and URL of X.509 %s",
		    enc == V2_CERT_HASH_URL_X509_CERT ? "certificate" :
							"bundle");
		if (n < V2_SHA1_LEN) {
			(void)fr_rest(d->t, c, "certificate_data", NULL, NULL);
			fail(d, DS_INVALID, off,
			    "Hash and URL data shorter "
			    "than its 20-byte SHA-1 hash");
			break;
		}
		(void)rd_bytes(d, c, "hash", V2_SHA1_LEN, NULL);
		u = window(c, cur_left(c));
		(void)rd_text(d, c, "url", cur_left(c));
		sb_add(&b, " ");
		sb_text(&b, u, 120);
		break;
	default:
		(void)fr_rest(d->t, c, "certificate_data", NULL, NULL);
		sb_name(&b, REG_V2_CERT_ENCODING, enc);
		sb_add(&b, ", %zu bytes", n);
		break;
	}
	summary(d, node, &b);
}

/*
 * CERTREQ payload (RFC 7296 3.7)
 *
 *   Cert Encoding |  Certification Authority ...
 *
 * For X.509 encodings the authority field is a list of SHA-1 hashes of
 * the trusted CAs' public keys (SubjectPublicKeyInfo).
 */
static void
certreq(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t	       off, n, i = 0;
	uint8_t	       enc;
	const uint8_t *p;
	struct sbuf    b;

	if (rd_enum8(d, c, "encoding", REG_V2_CERT_ENCODING, &enc) != 0)
		return;
	n = cur_left(c);
	sb_init(&b);
	switch (enc) {
	case V2_CERT_PKCS7_X509:
	case V2_CERT_X509_SIGNATURE:
	case V2_CERT_HASH_URL_X509_CERT:
	case V2_CERT_HASH_URL_X509_BUNDLE:
		while (cur_left(c) >= V2_SHA1_LEN) {
			if (i >= V2_MAX_ITEMS) {
				fail(d, DS_LIMIT, cur_off(c),
				    "more CA hashes than ikescope follows");
				break;
			}
			off = cur_off(c);
			(void)cur_bytes(c, V2_SHA1_LEN, &p);
			ft_item(d->t,
			    ft_bytes(d->t, "ca_hashes", off, p, V2_SHA1_LEN));
			i++;
		}
		if (cur_left(c) > 0) {
			if (i < V2_MAX_ITEMS)
				fail(d, DS_INVALID, cur_off(c),
				    "CA hash list "
				    "is not a multiple of 20 bytes");
			(void)fr_rest(d->t, c, "trailing", NULL, NULL);
		}
		sb_add(&b, "%zu CA hash%s", i, i == 1 ? "" : "es");
		break;
	default:
		(void)fr_rest(d->t, c, "certification_authority", NULL, NULL);
		sb_name(&b, REG_V2_CERT_ENCODING, enc);
		sb_add(&b, ", %zu bytes", n);
		break;
	}
	summary(d, node, &b);
}

/*
 * RFC 7427 3: the AUTH data of method 14 (Digital Signature).
 *
 *   ASN.1 Length  | AlgorithmIdentifier ASN.1 object (DER) ...
 *   Signature Value ...
 *
 * The AlgorithmIdentifier is decoded far enough to name it: its OID is
 * compared byte for byte with the OIDs of RFC 7427 appendix A, RFC 8420
 * (EdDSA), RFC 9385 (GOST) and the ML-DSA draft, and RSASSA-PSS
 * parameters (RFC 4055) are read for the hash and salt length.
 */
struct oidname {
	const char *der; /* OID contents octets */
	size_t	    n;
	const char *name;
};

#define OID(s, name) \
	{ \
		(s), sizeof(s) - 1, (name) \
	}

static const struct oidname sig_oids[] = {
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", "rsaEncryption"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05", "sha1WithRSAEncryption"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", "RSASSA-PSS"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b", "sha256WithRSAEncryption"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c", "sha384WithRSAEncryption"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d", "sha512WithRSAEncryption"),
	OID("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0e", "sha224WithRSAEncryption"),
	OID("\x2a\x86\x48\xce\x38\x04\x03", "dsa-with-sha1"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x03\x01", "dsa-with-sha224"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x03\x02", "dsa-with-sha256"),
	OID("\x2a\x86\x48\xce\x3d\x04\x01", "ecdsa-with-SHA1"),
	OID("\x2a\x86\x48\xce\x3d\x04\x03\x01", "ecdsa-with-SHA224"),
	OID("\x2a\x86\x48\xce\x3d\x04\x03\x02", "ecdsa-with-SHA256"),
	OID("\x2a\x86\x48\xce\x3d\x04\x03\x03", "ecdsa-with-SHA384"),
	OID("\x2a\x86\x48\xce\x3d\x04\x03\x04", "ecdsa-with-SHA512"),
	OID("\x2b\x65\x70", "Ed25519"),
	OID("\x2b\x65\x71", "Ed448"),
	OID("\x2a\x85\x03\x07\x01\x01\x03\x02",
	    "id-tc26-signwithdigest-gost3410-12-256"),
	OID("\x2a\x85\x03\x07\x01\x01\x03\x03",
	    "id-tc26-signwithdigest-gost3410-12-512"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x03\x11", "id-ml-dsa-44"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x03\x12", "id-ml-dsa-65"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x03\x13", "id-ml-dsa-87"),
};

static const struct oidname hash_oids[] = {
	OID("\x2b\x0e\x03\x02\x1a", "SHA-1"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x02\x04", "SHA-224"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x02\x01", "SHA-256"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x02\x02", "SHA-384"),
	OID("\x60\x86\x48\x01\x65\x03\x04\x02\x03", "SHA-512"),
};

#define RSASSA_PSS "RSASSA-PSS"

static const char *
oid_lookup(const struct oidname *t, size_t nt, const struct cursor *oid)
{
	size_t i;

	for (i = 0; i < nt; i++)
		if (cur_equals(oid, (const uint8_t *)t[i].der, t[i].n))
			return t[i].name;
	return NULL;
}

/* One DER TLV with a definite length; the value as a cursor. */
static int
der_tlv(struct cursor *c, uint8_t *tag, struct cursor *val)
{
	uint8_t	 b, x;
	size_t	 len = 0;
	unsigned i;

	if (cur_u8(c, tag) != 0 || cur_u8(c, &b) != 0)
		return -1;
	if (b & 0x80) {
		/* Long form; AUTH data never needs more than 3 bytes. */
		if ((b & 0x7f) == 0 || (b & 0x7f) > 3)
			return -1;
		for (i = 0; i < (b & 0x7fu); i++) {
			if (cur_u8(c, &x) != 0)
				return -1;
			len = (len << 8) | x;
		}
	} else
		len = b;
	return cur_sub(c, len, val);
}

/* An OID in dotted form (malloc'd), or NULL. */
static char *
oid_dotted(struct cursor oid)
{
	char	 s[128];
	size_t	 n = 0;
	uint64_t v = 0;
	uint8_t	 b = 0;
	int	 first = 1, r;

	if (cur_left(&oid) == 0)
		return NULL;
	while (cur_u8(&oid, &b) == 0) {
		if (v > (UINT64_C(1) << 50))
			return NULL;
		v = (v << 7) | (b & 0x7f);
		if (b & 0x80)
			continue;
		if (first) {
			unsigned top = v < 40 ? 0 : v < 80 ? 1 : 2;

			r = snprintf(s + n, sizeof(s) - n, "%u.%llu", top,
			    (unsigned long long)(v - 40 * top));
			first = 0;
		} else
			r = snprintf(s + n, sizeof(s) - n, ".%llu",
			    (unsigned long long)v);
		if (r < 0 || (size_t)r >= sizeof(s) - n)
			return NULL;
		n += (size_t)r;
		v = 0;
	}
	if (b & 0x80)
		return NULL; /* the last arc is cut short */
	return strdup(s);
}

/*
 * RSASSA-PSS-params (RFC 4055 3.1):
 *   SEQUENCE { [0] hashAlgorithm DEFAULT sha1, [1] maskGenAlgorithm,
 *              [2] saltLength INTEGER DEFAULT 20, [3] trailerField }
 */
static const char *
pss_params(struct cursor params, uint32_t *salt)
{
	struct cursor seq, el, in, oid;
	const char   *hash = "SHA-1";
	uint8_t	      tag, b;
	unsigned      i;

	*salt = 20;
	if (cur_left(&params) == 0)
		return hash;
	if (der_tlv(&params, &tag, &seq) != 0 || tag != 0x30)
		return NULL;
	for (i = 0; i < 4 && cur_left(&seq) > 0; i++) {
		if (der_tlv(&seq, &tag, &el) != 0)
			return NULL;
		if (tag == 0xa0) {
			if (der_tlv(&el, &tag, &in) != 0 || tag != 0x30 ||
			    der_tlv(&in, &tag, &oid) != 0 || tag != 0x06)
				return NULL;
			hash = oid_lookup(hash_oids,
			    sizeof(hash_oids) / sizeof(hash_oids[0]), &oid);
			if (hash == NULL)
				hash = "unknown hash";
		} else if (tag == 0xa2) {
			if (der_tlv(&el, &tag, &in) != 0 || tag != 0x02 ||
			    cur_left(&in) == 0 || cur_left(&in) > 4)
				return NULL;
			*salt = 0;
			while (cur_u8(&in, &b) == 0)
				*salt = (*salt << 8) | b;
		}
	}
	return hash;
}

/* Adds the signature_algorithm node; its name goes to *alg (static). */
static void
sigalg(struct v2 *d, struct cursor *c, const char **alg)
{
	size_t	      off = cur_off(c);
	struct cursor tmp, seq, oid;
	const char   *name = NULL, *hash = NULL;
	uint8_t	      alen, tag;
	uint32_t      salt = 0;
	char	     *dotted = NULL, *s;
	int32_t	      n;

	*alg = NULL;
	n = ft_open(d->t, "signature_algorithm", off, cur_left(c));
	if (rd_u8(d, c, "length", &alen) != 0)
		goto out;
	if (alen > cur_left(c)) {
		fail(d, overrun(d), off,
		    "signature AlgorithmIdentifier "
		    "length runs past the AUTH data");
		goto out;
	}
	tmp = window(c, alen);
	(void)rd_bytes(d, c, "algorithm_identifier", alen, NULL);
	ft_set_len(d->t, n, 1 + (size_t)alen);
	if (der_tlv(&tmp, &tag, &seq) != 0 || tag != 0x30 ||
	    cur_left(&tmp) != 0 || der_tlv(&seq, &tag, &oid) != 0 ||
	    tag != 0x06) {
		fail(d, DS_INVALID, off + 1,
		    "signature AlgorithmIdentifier is not DER");
		goto out;
	}
	name =
	    oid_lookup(sig_oids, sizeof(sig_oids) / sizeof(sig_oids[0]), &oid);
	dotted = oid_dotted(oid);
	if (name != NULL && strcmp(name, RSASSA_PSS) == 0) {
		hash = pss_params(seq, &salt);
		if (hash == NULL)
			fail(d, DS_INVALID, off + 1,
			    "RSASSA-PSS parameters are not DER");
	}
	s = strdup(name != NULL ? name : "unknown");
	ft_str(d->t, "algorithm", off + 1, alen, s);
	if (dotted != NULL)
		ft_str(d->t, "oid", cur_off(&oid), cur_left(&oid), dotted);
	if (hash != NULL) {
		ft_str(d->t, "hash", off + 1, alen, strdup(hash));
		ft_uint(d->t, "salt_length", off + 1, alen, salt);
	}
	*alg = name;
out:
	ft_close(d->t, n);
}

/*
 * AUTH payload (RFC 7296 3.8)
 *
 *   Auth Method   |                RESERVED                       |
 *   Authentication Data ...
 */
static void
auth(struct v2 *d, struct cursor *c, int32_t node)
{
	struct cursor ac;
	size_t	      n;
	uint8_t	      m;
	const char   *alg = NULL;
	struct sbuf   b;

	if (rd_enum8(d, c, "auth_method", REG_V2_AUTH_METHOD, &m) != 0 ||
	    rd_reserved(d, c, 3) != 0)
		return;
	ac = *c;
	(void)fr_rest(d->t, c, "authentication_data", NULL, &n);
	sb_init(&b);
	sb_name(&b, REG_V2_AUTH_METHOD, m);
	if (n == 0) {
		fail(d, DS_INVALID, cur_off(c),
		    "AUTH payload carries no authentication data");
		sb_add(&b, ", empty");
	} else if (m == V2_AUTH_DIGITAL_SIGNATURE) {
		sigalg(d, &ac, &alg);
		(void)fr_rest(d->t, &ac, "signature", NULL, &n);
		sb_add(&b, " (%s", alg != NULL ? alg : "unknown algorithm");
		if (alg != NULL && strcmp(alg, RSASSA_PSS) == 0) {
			const struct field *h = ft_get(d->t,
			    ft_find(d->t,
				ft_find(d->t, node, "signature_algorithm"),
				"hash"));

			if (h != NULL && h->s != NULL)
				sb_add(&b, " %s", h->s);
		}
		sb_add(&b, "), %zu-byte signature", n);
	} else
		sb_add(&b, ", %zu bytes", n);
	summary(d, node, &b);
}

/*
 * NONCE payload (RFC 7296 3.9): 16 to 256 bytes of random data.
 */
static void
nonce(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t off = cur_off(c), n;

	(void)fr_rest(d->t, c, "nonce_data", NULL, &n);
	if (n < 16 || n > 256)
		fail(d, DS_INVALID, off, "nonce is not 16 to 256 bytes long");
	ft_summaryf(d->t, node, "%zu bytes", n);
}

/*
 * Notify data of the REDIRECT family (RFC 5685 8.1 - 8.3)
 *
 *   Gateway Ident Type | Gateway Ident Len |
 *   New Responder Gateway Identity ...      Nonce Data (REDIRECT) ...
 */
static void
gateway(struct v2 *d, struct cursor *c, uint16_t nt, struct sbuf *b)
{
	size_t	      off = cur_off(c);
	uint8_t	      type, len, a[16];
	struct cursor w;

	if (rd_enum8(d, c, "gateway_identity_type", REG_V2_GW_ID_TYPE, &type) !=
		0 ||
	    rd_u8(d, c, "gateway_identity_length", &len) != 0)
		return;
	sb_add(b, nt == V2N_REDIRECT ? " to " : " ");
	if (len > cur_left(c)) {
		fail(d, DS_INVALID, off + 1,
		    "gateway identity runs past the notification data");
		(void)fr_rest(d->t, c, "gateway_identity", NULL, NULL);
		return;
	}
	w = window(c, len);
	switch (type) {
	case V2_GW_IPV4:
	case V2_GW_IPV6:
		if (len == (type == V2_GW_IPV4 ? 4 : 16)) {
			(void)rd_addr(d, c, "gateway_identity", len, a);
			sb_addr(b, a, len);
			break;
		}
		fail(d, DS_INVALID, off + 1,
		    "gateway identity length does not fit its type");
		(void)rd_bytes(d, c, "gateway_identity", len, NULL);
		break;
	case V2_GW_FQDN:
		(void)rd_text(d, c, "gateway_identity", len);
		sb_text(b, w, 96);
		break;
	default:
		(void)rd_bytes(d, c, "gateway_identity", len, NULL);
		sb_add(b, "(type %u)", type);
		break;
	}
	if (cur_left(c) == 0)
		return;
	if (nt == V2N_REDIRECT)
		(void)fr_rest(d->t, c, "nonce", NULL, NULL);
	else {
		fail(d, DS_INVALID, cur_off(c),
		    "bytes follow the gateway identity");
		(void)fr_rest(d->t, c, "trailing", NULL, NULL);
	}
}

/*
 * SUPPORTED_AUTH_METHODS data (RFC 9593 3): announcements of
 *
 *   Length (2)    |  Auth Method  |
 *   Length (3)    |  Auth Method  |  Cert Link    |
 *   Length (>3)   |  Auth Method  |  Cert Link    | AlgorithmIdentifier
 */
static void
auth_methods(struct v2 *d, struct cursor *c, struct sbuf *b)
{
	struct cursor ac;
	uint8_t	      len, m, link;
	unsigned      i = 0;
	int32_t	      n;

	while (cur_left(c) > 0) {
		size_t off = cur_off(c);

		if (i >= V2_MAX_ITEMS) {
			fail(d, DS_LIMIT, off,
			    "more announcements than ikescope follows");
			return;
		}
		n = ft_open_item(d->t, "auth_methods", off, cur_left(c));
		if (rd_u8(d, c, "length", &len) != 0)
			goto stop;
		if (len < 2 || (size_t)len - 1 > cur_left(c)) {
			fail(d, DS_INVALID, off,
			    "authentication method "
			    "announcement length is wrong");
			goto stop;
		}
		ft_set_len(d->t, n, len);
		(void)cur_sub(c, (size_t)len - 1, &ac);
		(void)rd_enum8(d, &ac, "auth_method", REG_V2_AUTH_METHOD, &m);
		if (cur_left(&ac) > 0)
			(void)rd_u8(d, &ac, "cert_link", &link);
		if (cur_left(&ac) > 0)
			(void)fr_rest(d->t, &ac, "algorithm_identifier", NULL,
			    NULL);
		ft_close(d->t, n);
		sb_add(b, "%s", i == 0 ? ": " : ", ");
		sb_name(b, REG_V2_AUTH_METHOD, m);
		i++;
	}
	return;
stop:
	ft_close(d->t, n);
}

/* The data of notify type nt: decoded fields after "data", words in b. */
static void
notify_data(struct v2 *d, struct cursor *c, uint16_t nt, struct sbuf *b)
{
	size_t	 off = cur_off(c), n = cur_left(c);
	uint8_t	 a[16], u8;
	uint16_t v16;
	uint32_t v32;
	unsigned i;

	switch (nt) {
	case V2N_NAT_DETECTION_SOURCE_IP:
	case V2N_NAT_DETECTION_DESTINATION_IP:
		/* RFC 7296 2.23: SHA-1(SPIi | SPIr | IP | port). */
		if (n != V2_SHA1_LEN) {
			fail(d, DS_INVALID, off,
			    "NAT detection data is not a 20-byte SHA-1 hash");
			return;
		}
		(void)rd_bytes(d, c, "hash", n, NULL);
		break;
	case V2N_COOKIE:
		if (n < 1 || n > 64)
			fail(d, DS_INVALID, off,
			    "COOKIE data is not 1 to 64 bytes long");
		(void)rd_bytes(d, c, "cookie", n, NULL);
		break;
	case V2N_COOKIE2:
		/* RFC 4555 4.8: 8 to 64 bytes. */
		if (n < 8 || n > 64)
			fail(d, DS_INVALID, off,
			    "COOKIE2 data is not 8 to 64 bytes long");
		(void)rd_bytes(d, c, "cookie", n, NULL);
		break;
	case V2N_SIGNATURE_HASH_ALGORITHMS:
		for (i = 0; cur_left(c) >= 2 && i < V2_MAX_ITEMS; i++) {
			size_t o = cur_off(c);

			(void)cur_be16(c, &v16);
			ft_item(d->t,
			    ft_enum(d->t, "hash_algorithms", o, 2, v16,
				reg_name(REG_V2_HASH_ALG, v16)));
			sb_add(b, "%s", i == 0 ? ": " : ", ");
			sb_name(b, REG_V2_HASH_ALG, v16);
		}
		if (cur_left(c) > 0)
			fail(d, DS_INVALID, cur_off(c),
			    "hash algorithm list "
			    "is not a multiple of 2 bytes");
		break;
	case V2N_SECURE_PASSWORD_METHODS:
		for (i = 0; cur_left(c) >= 2 && i < V2_MAX_ITEMS; i++) {
			size_t o = cur_off(c);

			(void)cur_be16(c, &v16);
			ft_item(d->t,
			    ft_enum(d->t, "password_methods", o, 2, v16,
				reg_name(REG_V2_SPM, v16)));
		}
		if (cur_left(c) > 0)
			fail(d, DS_INVALID, cur_off(c),
			    "password method list "
			    "is not a multiple of 2 bytes");
		break;
	case V2N_REDIRECT:
	case V2N_REDIRECTED_FROM:
		gateway(d, c, nt, b);
		break;
	case V2N_ADDITIONAL_IP4_ADDRESS:
	case V2N_ADDITIONAL_IP6_ADDRESS:
		if (n != (nt == V2N_ADDITIONAL_IP4_ADDRESS ? 4u : 16u)) {
			fail(d, DS_INVALID, off,
			    "address does not fit the notification type");
			return;
		}
		(void)rd_addr(d, c, "address", n, a);
		sb_add(b, " ");
		sb_addr(b, a, n);
		break;
	case V2N_SET_WINDOW_SIZE:
	case V2N_AUTH_LIFETIME:
		if (n != 4) {
			fail(d, DS_INVALID, off,
			    "notification data is not 4 bytes");
			return;
		}
		(void)rd_be32(d, c,
		    nt == V2N_SET_WINDOW_SIZE ? "window_size" : "lifetime",
		    &v32);
		sb_add(b, nt == V2N_SET_WINDOW_SIZE ? " %u" : " %u s", v32);
		break;
	case V2N_INVALID_KE_PAYLOAD:
		/* RFC 7296 1.3: the group the responder would accept. */
		if (n != 2) {
			fail(d, DS_INVALID, off,
			    "INVALID_KE_PAYLOAD data is not 2 bytes");
			return;
		}
		(void)rd_enum16(d, c, "dh_group", REG_DH_GROUP, &v16);
		sb_add(b, ": wants group %u", v16);
		if (reg_name(REG_DH_GROUP, v16) != NULL)
			sb_add(b, " (%s)", reg_name(REG_DH_GROUP, v16));
		break;
	case V2N_INVALID_SPI:
		/* RFC 7296 3.10.1: the SPI of the packet in error. */
		if (n == 4) {
			(void)rd_be32(d, c, "invalid_spi", &v32);
			sb_add(b, " 0x%08x", v32);
		}
		break;
	case V2N_IPCOMP_SUPPORTED:
		/* RFC 7296 3.10.1: CPI (2 bytes), Transform ID (1 byte). */
		if (n != 3) {
			fail(d, DS_INVALID, off,
			    "IPCOMP_SUPPORTED data is not 3 bytes");
			return;
		}
		(void)rd_be16(d, c, "cpi", &v16);
		(void)rd_enum8(d, c, "ipcomp_transform", REG_V2_IPCOMP, &u8);
		sb_add(b, " ");
		sb_name(b, REG_V2_IPCOMP, u8);
		break;
	case V2N_TICKET_LT_OPAQUE:
		/* RFC 5723 4.3.2: Lifetime (4 bytes), then the ticket. */
		if (rd_be32(d, c, "lifetime", &v32) != 0)
			return;
		(void)fr_rest(d->t, c, "ticket", NULL, NULL);
		sb_add(b, " (%u s)", v32);
		break;
	case V2N_TICKET_OPAQUE:
		(void)fr_rest(d->t, c, "ticket", NULL, NULL);
		break;
	case V2N_PPK_IDENTITY:
		/* RFC 8784 3: PPK Type, then the PPK_ID. */
		if (n == 0)
			break;
		(void)rd_enum8(d, c, "ppk_id_type", REG_V2_PPK_ID_TYPE, &u8);
		(void)fr_rest(d->t, c, "ppk_id", NULL, NULL);
		break;
	case V2N_NO_PPK_AUTH:
		(void)fr_rest(d->t, c, "no_ppk_auth", NULL, NULL);
		break;
	case V2N_ADDITIONAL_KEY_EXCHANGE:
		/* RFC 9370 2.2.4: a link to the next IKE_FOLLOWUP_KE. */
		(void)fr_rest(d->t, c, "link", NULL, NULL);
		break;
	case V2N_SUPPORTED_AUTH_METHODS:
		auth_methods(d, c, b);
		break;
	default:
		break;
	}
}

/*
 * N payload (RFC 7296 3.10)
 *
 *  Protocol ID  |   SPI Size    |      Notify Message Type      |
 *  Security Parameter Index (SPI) ...  Notification Data ...
 */
static void
notify(struct v2 *d, struct cursor *c, int32_t node)
{
	struct cursor dc, sc;
	uint8_t	      proto, spisz;
	uint16_t      nt;
	struct sbuf   b;

	if (rd_enum8(d, c, "protocol_id", REG_V2_PROTOCOL, &proto) != 0 ||
	    rd_u8(d, c, "spi_size", &spisz) != 0 ||
	    rd_enum16(d, c, "notify_type", REG_V2_NOTIFY, &nt) != 0)
		return;
	sb_init(&b);
	sb_name(&b, REG_V2_NOTIFY, nt);
	if (spisz > 0) {
		sc = window(c, spisz);
		if (rd_bytes(d, c, "spi", spisz, NULL) != 0)
			goto out;
		sb_add(&b, " (");
		sb_name(&b, REG_V2_PROTOCOL, proto);
		sb_add(&b, " SPI ");
		sb_hex(&b, sc, 8);
		sb_add(&b, ")");
	}
	dc = *c;
	if (cur_left(c) > 0)
		(void)fr_rest(d->t, c, "data", NULL, NULL);
	notify_data(d, &dc, nt, &b);
out:
	summary(d, node, &b);
}

/*
 * D payload (RFC 7296 3.11)
 *
 *  Protocol ID   |   SPI Size    |          Num of SPIs          |
 *  Security Parameter Index(es) (SPI) ...
 */
static void
del(struct v2 *d, struct cursor *c, int32_t node)
{
	uint8_t	       proto, spisz;
	uint16_t       num, i;
	const uint8_t *p;
	struct sbuf    b;

	if (rd_enum8(d, c, "protocol_id", REG_V2_PROTOCOL, &proto) != 0 ||
	    rd_u8(d, c, "spi_size", &spisz) != 0 ||
	    rd_be16(d, c, "num_spis", &num) != 0)
		return;
	sb_init(&b);
	sb_name(&b, REG_V2_PROTOCOL, proto);
	if (proto == V2_PROTO_IKE && num == 0)
		sb_add(&b, " SA");
	else
		sb_add(&b, ": %u SPI%s", num, num == 1 ? "" : "s");
	if (spisz == 0 && num > 0) {
		fail(d, DS_INVALID, cur_off(c) - 3,
		    "SPI size 0 with a non-zero number of SPIs");
		goto out;
	}
	for (i = 0; i < num && spisz > 0; i++) {
		size_t	      off = cur_off(c);
		struct cursor sc = window(c, spisz);

		if (i >= V2_MAX_ITEMS) {
			fail(d, DS_LIMIT, off,
			    "more SPIs than ikescope follows");
			goto out;
		}
		if (cur_bytes(c, spisz, &p) != 0) {
			fail(d, overrun(d), off,
			    "SPIs run past the end of the Delete payload");
			goto out;
		}
		ft_item(d->t, ft_bytes(d->t, "spis", off, p, spisz));
		if (i < 4) {
			sb_add(&b, "%s", i == 0 ? " " : ", ");
			sb_hex(&b, sc, 8);
		} else if (i == 4)
			sb_add(&b, ", ...");
	}
	if (cur_left(c) > 0) {
		fail(d, DS_INVALID, cur_off(c), "bytes follow the last SPI");
		(void)fr_rest(d->t, c, "trailing", NULL, NULL);
	}
out:
	summary(d, node, &b);
}

/*
 * V payload (RFC 7296 3.12): the Vendor ID, named when known.
 */
static void
vid(struct v2 *d, struct cursor *c, int32_t node)
{
	vendor_fields(d->t, c, node);
}

/*
 * TS payloads (RFC 7296 3.13)
 *
 *  Number of TSs |                 RESERVED                      |
 *  Traffic Selectors ...
 *
 *  TS Type       |IP Protocol ID |       Selector Length         |
 *  Start Port                    |       End Port                |
 *  Starting Address ...          Ending Address ...
 *
 * TS_FC_ADDR_RANGE (RFC 4595 4.1):
 *  TS Type       |   Reserved    |       Selector Length         |
 *  Reserved      |         Starting Address (24 bits)            |
 *  Reserved      |         Ending Address (24 bits)              |
 *  Starting R_CTL| Ending R_CTL  | Starting Type | Ending Type   |
 *
 * TS_SECLABEL (RFC 9478 2):
 *  TS Type       |   Reserved    |       Selector Length         |
 *  Security Label ...
 */

/* The prefix length of the range s..e, or -1 if it is not a prefix. */
static int
prefix_len(const uint8_t *s, const uint8_t *e, size_t n)
{
	size_t i;
	int    plen = -1;

	for (i = 0; i < n * 8; i++) {
		int sb = (s[i / 8] >> (7 - i % 8)) & 1;
		int eb = (e[i / 8] >> (7 - i % 8)) & 1;

		if (plen < 0) {
			if (sb == eb)
				continue;
			if (sb != 0)
				return -1;
			plen = (int)i;
		} else if (sb != 0 || eb != 1)
			return -1;
	}
	return plen < 0 ? (int)(n * 8) : plen;
}

static void
sb_proto(struct sbuf *b, uint8_t proto)
{
	switch (proto) {
	case 0:
		sb_add(b, "any");
		break;
	case 1:
		sb_add(b, "icmp");
		break;
	case 6:
		sb_add(b, "tcp");
		break;
	case 17:
		sb_add(b, "udp");
		break;
	case 47:
		sb_add(b, "gre");
		break;
	case 58:
		sb_add(b, "ipv6-icmp");
		break;
	case 132:
		sb_add(b, "sctp");
		break;
	default:
		sb_add(b, "proto %u", proto);
		break;
	}
}

/* "10.1.0.0/16 any", "10.0.0.1-10.0.0.9 tcp port 443". */
static void
sb_selector(struct sbuf *b, const uint8_t *s, const uint8_t *e, size_t n,
    uint8_t proto, uint16_t sp, uint16_t ep)
{
	int plen = prefix_len(s, e, n);

	sb_addr(b, s, n);
	if (plen >= 0 && plen < (int)(n * 8))
		sb_add(b, "/%d", plen);
	else if (plen < 0) {
		sb_add(b, "-");
		sb_addr(b, e, n);
	}
	sb_add(b, " ");
	sb_proto(b, proto);
	if (sp == 0 && ep == 65535)
		return;
	if (sp == 65535 && ep == 0)
		sb_add(b, " port opaque");
	else if (sp == ep)
		sb_add(b, " port %u", sp);
	else
		sb_add(b, " ports %u-%u", sp, ep);
}

/* One selector; 0, or -1 when the payload cannot be walked further. */
static int
selector(struct v2 *d, struct cursor *c, struct sbuf *all, unsigned i)
{
	size_t	      off = cur_off(c);
	struct cursor sc;
	uint8_t	      type, proto = 0, s[16], e[16];
	uint16_t      len, sp, ep;
	size_t	      alen;
	struct sbuf   b;
	int32_t	      n;
	int	      ret = -1;

	sb_init(&b);
	n = ft_open_item(d->t, "traffic_selectors", off, cur_left(c));
	if (rd_enum8(d, c, "ts_type", REG_V2_TS_TYPE, &type) != 0)
		goto out;
	if (type == V2_TS_IPV4_ADDR_RANGE || type == V2_TS_IPV6_ADDR_RANGE) {
		if (rd_u8(d, c, "ip_protocol", &proto) != 0)
			goto out;
	} else if (rd_reserved(d, c, 1) != 0)
		goto out;
	if (rd_be16(d, c, "length", &len) != 0)
		goto out;
	if (len < 4) {
		fail(d, DS_INVALID, off + 2, "traffic selector length below 4");
		goto out;
	}
	if ((size_t)len - 4 > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "traffic selector length runs past the payload");
		goto out;
	}
	(void)cur_sub(c, (size_t)len - 4, &sc);
	ft_set_len(d->t, n, len);
	ret = 0;
	switch (type) {
	case V2_TS_IPV4_ADDR_RANGE:
	case V2_TS_IPV6_ADDR_RANGE:
		alen = type == V2_TS_IPV4_ADDR_RANGE ? 4 : 16;
		if (len != 8 + 2 * alen) {
			fail(d, DS_INVALID, off + 2,
			    type == V2_TS_IPV4_ADDR_RANGE ?
				"TS_IPV4_ADDR_RANGE selector is not 16 bytes" :
				"TS_IPV6_ADDR_RANGE selector is not 40 bytes");
			(void)fr_rest(d->t, &sc, "selector", NULL, NULL);
			sb_add(&b, "malformed selector");
			break;
		}
		(void)rd_be16(d, &sc, "start_port", &sp);
		(void)rd_be16(d, &sc, "end_port", &ep);
		(void)rd_addr(d, &sc, "starting_address", alen, s);
		(void)rd_addr(d, &sc, "ending_address", alen, e);
		sb_selector(&b, s, e, alen, proto, sp, ep);
		break;
	case V2_TS_FC_ADDR_RANGE:
		if (len != 16) {
			fail(d, DS_INVALID, off + 2,
			    "TS_FC_ADDR_RANGE selector is not 16 bytes");
			(void)fr_rest(d->t, &sc, "selector", NULL, NULL);
			sb_add(&b, "malformed FC selector");
			break;
		} else {
			uint32_t fs = 0, fe = 0;
			uint8_t	 x;
			size_t	 o;

			(void)rd_reserved_key(d, &sc, "start_reserved", 1);
			o = cur_off(&sc);
			(void)cur_be24(&sc, &fs);
			ft_uint(d->t, "starting_address", o, 3, fs);
			(void)rd_reserved_key(d, &sc, "end_reserved", 1);
			o = cur_off(&sc);
			(void)cur_be24(&sc, &fe);
			ft_uint(d->t, "ending_address", o, 3, fe);
			(void)rd_u8(d, &sc, "start_r_ctl", &x);
			(void)rd_u8(d, &sc, "end_r_ctl", &x);
			(void)rd_u8(d, &sc, "start_type", &x);
			(void)rd_u8(d, &sc, "end_type", &x);
			sb_add(&b, "FC %06x-%06x", fs, fe);
		}
		break;
	case V2_TS_SECLABEL:
		(void)fr_rest(d->t, &sc, "security_label", NULL, NULL);
		sb_add(&b, "security label (%u bytes)", len - 4);
		break;
	default:
		(void)fr_rest(d->t, &sc, "selector", NULL, NULL);
		sb_add(&b, "type %u (%u bytes)", type, len - 4);
		break;
	}
	summary(d, n, &b);
	sb_add(all, "%s%s", i > 0 ? ", " : "", b.s);
out:
	ft_close(d->t, n);
	return ret;
}

static void
ts(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t	    off = cur_off(c);
	uint8_t	    num;
	unsigned    i = 0;
	struct sbuf all;

	if (rd_u8(d, c, "num_ts", &num) != 0 || rd_reserved(d, c, 3) != 0)
		return;
	sb_init(&all);
	while (cur_left(c) > 0) {
		if (i >= V2_MAX_ITEMS) {
			fail(d, DS_LIMIT, cur_off(c),
			    "more traffic selectors than ikescope follows");
			break;
		}
		if (selector(d, c, &all, i) != 0)
			break;
		i++;
	}
	if (cur_left(c) == 0 && i != num)
		fail(d, DS_INVALID, off,
		    "number of traffic selectors differs from num_ts");
	if (i == 0)
		sb_add(&all, "no selectors");
	summary(d, node, &all);
}

/*
 * SK payload (RFC 7296 3.14) and SKF (RFC 7383 2.5)
 *
 *  SKF only:  Fragment Number            |  Total Fragments       |
 *  Initialization Vector ...  Encrypted IKE Payloads ...
 *  Padding, Pad Length ...    Integrity Checksum Data ...
 *
 * The IV and ICV lengths come from the negotiated transforms (ctx);
 * without them the body is shown whole.
 */
static void
sk(struct v2 *d, struct cursor *c, int32_t node, int frag)
{
	size_t	       off = cur_off(c), n, iv, icv;
	uint16_t       num = 0, total = 0;
	const uint8_t *p;
	struct sbuf    b;

	sb_init(&b);
	if (frag) {
		if (rd_be16(d, c, "fragment_number", &num) != 0 ||
		    rd_be16(d, c, "total_fragments", &total) != 0)
			return;
		if (num == 0 || total == 0 || num > total)
			fail(d, DS_INVALID, off,
			    "fragment number is not within 1..total");
		sb_add(&b, "fragment %u of %u, ", num, total);
	}
	n = cur_left(c);
	iv = d->ctx != NULL ? d->ctx->sk_iv_len : 0;
	icv = d->ctx != NULL ? d->ctx->sk_icv_len : 0;
	if ((iv != 0 || icv != 0) && iv + icv <= n) {
		size_t icv_off = cur_off(c) + n - icv;

		(void)cur_tail(c, icv, &p);
		if (iv > 0)
			(void)rd_bytes(d, c, "iv", iv, NULL);
		(void)fr_rest(d->t, c, "encrypted_data", NULL, NULL);
		if (icv > 0)
			ft_bytes(d->t, "icv", icv_off, p, icv);
	} else
		(void)fr_rest(d->t, c, "encrypted_data", NULL, NULL);
	if (n == 0)
		fail(d, DS_INVALID, cur_off(c),
		    frag ? "SKF payload carries no encrypted data" :
			   "SK payload carries no encrypted data");
	sb_add(&b, "encrypted, %zu bytes", n);
	summary(d, node, &b);
}

/*
 * CP payload (RFC 7296 3.15)
 *
 *  CFG Type      |                    RESERVED                   |
 *  Configuration Attributes ...
 *
 *  |R|         Attribute Type      |            Length             |
 *  Value ...
 */

/* A value of 0 or exactly want bytes; complains otherwise. */
static int
cp_len_ok(struct v2 *d, size_t off, size_t len, size_t want)
{
	if (len == 0 || len == want)
		return 1;
	fail(d, DS_INVALID, off + 2,
	    "configuration attribute length does not fit its type");
	return 0;
}

static int
cp_attr(struct v2 *d, struct cursor *c, struct sbuf *all, unsigned i)
{
	size_t	      off = cur_off(c);
	struct cursor vc, tc;
	uint16_t      raw, type, len, v16;
	uint32_t      v32;
	uint8_t	      a[16], u8;
	unsigned      k;
	int32_t	      n;
	int	      ret = -1;

	n = ft_open_item(d->t, "attributes", off, cur_left(c));
	if (cur_left(c) < 4) {
		fail(d, overrun(d), off,
		    "configuration attribute header runs past the payload");
		goto out;
	}
	(void)cur_be16(c, &raw);
	type = raw & 0x7fff;
	ft_enum(d->t, "attribute_type", off, 2, type,
	    reg_name(REG_V2_CFG_ATTR, type));
	if (raw & 0x8000)
		ft_uint(d->t, "reserved", off, 1, 1);
	(void)rd_be16(d, c, "length", &len);
	if (len > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "configuration attribute runs past the payload");
		goto out;
	}
	ret = 0;
	ft_set_len(d->t, n, 4 + (size_t)len);
	(void)cur_sub(c, len, &vc);
	tc = vc;
	sb_add(all, "%s", i > 0 ? ", " : " ");
	sb_name(all, REG_V2_CFG_ATTR, type);
	if (len == 0)
		goto out;
	switch (type) {
	case V2_CA_INTERNAL_IP4_ADDRESS:
	case V2_CA_INTERNAL_IP4_NETMASK:
	case V2_CA_INTERNAL_IP4_DNS:
	case V2_CA_INTERNAL_IP4_NBNS:
	case V2_CA_INTERNAL_IP4_DHCP:
	case V2_CA_P_CSCF_IP4_ADDRESS:
	case V2_CA_INTERNAL_IP6_DNS:
	case V2_CA_INTERNAL_IP6_DHCP:
	case V2_CA_P_CSCF_IP6_ADDRESS:
		k = type == V2_CA_INTERNAL_IP6_DNS ||
			type == V2_CA_INTERNAL_IP6_DHCP ||
			type == V2_CA_P_CSCF_IP6_ADDRESS ?
		    16 :
		    4;
		if (!cp_len_ok(d, off, len, k))
			break;
		(void)rd_addr(d, &vc, "value", k, a);
		sb_add(all, " ");
		sb_addr(all, a, k);
		break;
	case V2_CA_INTERNAL_IP6_ADDRESS:
	case V2_CA_INTERNAL_IP6_SUBNET:
	case V2_CA_INTERNAL_IP6_PREFIX:
		/* RFC 7296 3.15.1: address (16 bytes) + prefix length. */
		if (!cp_len_ok(d, off, len, 17))
			break;
		(void)rd_addr(d, &vc, "address", 16, a);
		(void)rd_u8(d, &vc, "prefix_length", &u8);
		sb_add(all, " ");
		sb_addr(all, a, 16);
		sb_add(all, "/%u", u8);
		break;
	case V2_CA_INTERNAL_IP4_SUBNET:
		if (!cp_len_ok(d, off, len, 8))
			break;
		(void)rd_addr(d, &vc, "address", 4, a);
		sb_add(all, " ");
		sb_addr(all, a, 4);
		(void)rd_addr(d, &vc, "netmask", 4, a);
		sb_add(all, "/");
		sb_addr(all, a, 4);
		break;
	case V2_CA_MIP6_HOME_PREFIX:
		/* RFC 5026 4.2.1: lifetime, prefix, prefix length. */
		if (!cp_len_ok(d, off, len, 21))
			break;
		(void)rd_be32(d, &vc, "prefix_lifetime", &v32);
		(void)rd_addr(d, &vc, "address", 16, a);
		(void)rd_u8(d, &vc, "prefix_length", &u8);
		break;
	case V2_CA_INTERNAL_ADDRESS_EXPIRY:
	case V2_CA_TIMEOUT_PERIOD_FOR_LIVENESS_CHECK:
		if (!cp_len_ok(d, off, len, 4))
			break;
		(void)rd_be32(d, &vc, "value", &v32);
		sb_add(all, " %u", v32);
		break;
	case V2_CA_APPLICATION_VERSION:
	case V2_CA_INTERNAL_DNS_DOMAIN:
		(void)rd_text(d, &vc, "value", len);
		sb_add(all, " ");
		sb_text(all, tc, 48);
		break;
	case V2_CA_SUPPORTED_ATTRIBUTES:
		for (k = 0; cur_left(&vc) >= 2 && k < V2_MAX_ITEMS; k++) {
			size_t o = cur_off(&vc);

			(void)cur_be16(&vc, &v16);
			ft_item(d->t,
			    ft_enum(d->t, "supported_attributes", o, 2, v16,
				reg_name(REG_V2_CFG_ATTR, v16 & 0x7fff)));
		}
		if (cur_left(&vc) > 0)
			fail(d, DS_INVALID, cur_off(&vc),
			    "attribute list is not a multiple of 2 bytes");
		break;
	default:
		break;
	}
	if (cur_left(&vc) > 0)
		(void)fr_rest(d->t, &vc, "value", NULL, NULL);
out:
	ft_close(d->t, n);
	return ret;
}

static void
cp(struct v2 *d, struct cursor *c, int32_t node)
{
	uint8_t	    type;
	unsigned    i = 0;
	struct sbuf b;

	if (rd_enum8(d, c, "cfg_type", REG_V2_CFG_TYPE, &type) != 0 ||
	    rd_reserved(d, c, 3) != 0)
		return;
	sb_init(&b);
	sb_name(&b, REG_V2_CFG_TYPE, type);
	while (cur_left(c) > 0) {
		if (i >= V2_MAX_ITEMS) {
			fail(d, DS_LIMIT, cur_off(c),
			    "more configuration "
			    "attributes than ikescope follows");
			break;
		}
		if (cp_attr(d, c, &b, i) != 0)
			break;
		i++;
	}
	summary(d, node, &b);
}

/*
 * EAP payload (RFC 7296 3.16): one EAP message (RFC 3748 4)
 *
 *  Code          |  Identifier   |        Length (eap_length)    |
 *  Type          |  Type-Data ...          (Request and Response)
 */
static void
eap(struct v2 *d, struct cursor *c, int32_t node)
{
	size_t	      off = cur_off(c);
	struct cursor ec, tc;
	uint8_t	      code, ident, type = 0, u8;
	uint16_t      len;
	uint32_t      v32;
	unsigned      i;
	struct sbuf   b;

	if (rd_enum8(d, c, "code", REG_V2_EAP_CODE, &code) != 0 ||
	    rd_u8(d, c, "identifier", &ident) != 0 ||
	    rd_be16(d, c, "eap_length", &len) != 0)
		return;
	sb_init(&b);
	sb_name(&b, REG_V2_EAP_CODE, code);
	if (len < 4) {
		fail(d, DS_INVALID, off + 2, "EAP length below 4");
		goto out;
	}
	if ((size_t)len - 4 > cur_left(c)) {
		fail(d, overrun(d), off + 2,
		    "EAP length runs past the payload");
		ec = window(c, cur_left(c));
		(void)cur_skip(c, cur_left(c));
	} else
		(void)cur_sub(c, (size_t)len - 4, &ec);
	if (code == V2_EAPC_REQUEST || code == V2_EAPC_RESPONSE) {
		if (cur_left(&ec) == 0) {
			fail(d, DS_INVALID, cur_off(&ec),
			    "EAP Request/Response without a Type");
			goto trail;
		}
		(void)rd_enum8(d, &ec, "eap_type", REG_V2_EAP_TYPE, &type);
		sb_add(&b, "/");
		sb_name(&b, REG_V2_EAP_TYPE, type);
		tc = ec;
		switch (type) {
		case V2_EAPT_IDENTITY:
		case V2_EAPT_NOTIFICATION:
			(void)rd_text(d, &ec,
			    type == V2_EAPT_IDENTITY ? "identity" :
						       "notification",
			    cur_left(&ec));
			if (cur_left(&tc) > 0) {
				sb_add(&b, " ");
				sb_text(&b, tc, 96);
			}
			break;
		case V2_EAPT_NAK:
			for (i = 0; cur_left(&ec) > 0 && i < V2_MAX_ITEMS;
			     i++) {
				size_t o = cur_off(&ec);

				(void)cur_u8(&ec, &u8);
				ft_item(d->t,
				    ft_enum(d->t, "desired_types", o, 1, u8,
					reg_name(REG_V2_EAP_TYPE, u8)));
				sb_add(&b, "%s", i == 0 ? ": " : ", ");
				sb_name(&b, REG_V2_EAP_TYPE, u8);
			}
			break;
		case V2_EAPT_EXPANDED:
			/* RFC 3748 5.7: Vendor-Id (3), Vendor-Type (4). */
			if (cur_left(&ec) < 7) {
				fail(d, DS_INVALID, cur_off(&ec),
				    "EAP expanded type header cut short");
				break;
			}
			(void)cur_be24(&ec, &v32);
			ft_uint(d->t, "vendor_id", cur_off(&ec) - 3, 3, v32);
			(void)rd_be32(d, &ec, "vendor_type", &v32);
			break;
		default:
			break;
		}
	}
	if (cur_left(&ec) > 0) {
		sb_add(&b, ", %zu bytes", cur_left(&ec));
		(void)fr_rest(d->t, &ec, "data", NULL, NULL);
	}
trail:
	if (cur_left(c) > 0) {
		fail(d, DS_INVALID, cur_off(c), "bytes follow the EAP message");
		(void)fr_rest(d->t, c, "trailing", NULL, NULL);
	}
out:
	summary(d, node, &b);
}

/* Payloads shown as their bytes (GSPM, GSA, KD, PS, unknown types). */
static void
opaque(struct v2 *d, struct cursor *c, int32_t node, const char *key)
{
	size_t n;

	(void)fr_rest(d->t, c, key, NULL, &n);
	ft_summaryf(d->t, node, "%zu bytes", n);
}

enum dstatus_code
ikev2_payload(struct ftree *t, struct cursor *body, uint8_t type,
    struct dissect_ctx *ctx, int32_t node, struct dstatus *st)
{
	struct v2	    d;
	const struct field *pl, *len;

	memset(&d, 0, sizeof(d));
	d.t = t;
	d.st = st;
	d.ctx = ctx;
	d.rc = DS_OK;
	/* Was the payload cut by the end of the capture? */
	pl = ft_get(t, node);
	len = ft_get(t, ft_find(t, node, "length"));
	d.cut = pl != NULL && len != NULL && len->u > pl->len;

	switch (type) {
	case PT_SA:
		sa(&d, body, node);
		break;
	case PT_KE:
		ke(&d, body, node);
		break;
	case PT_IDI:
	case PT_IDR:
	case PT_IDG:
		id(&d, body, node);
		break;
	case PT_CERT:
		cert(&d, body, node);
		break;
	case PT_CERTREQ:
		certreq(&d, body, node);
		break;
	case PT_AUTH:
		auth(&d, body, node);
		break;
	case PT_NONCE:
		nonce(&d, body, node);
		break;
	case PT_N:
		notify(&d, body, node);
		break;
	case PT_D:
		del(&d, body, node);
		break;
	case PT_V:
		vid(&d, body, node);
		break;
	case PT_TSI:
	case PT_TSR:
		ts(&d, body, node);
		break;
	case PT_SK:
		sk(&d, body, node, 0);
		break;
	case PT_SKF:
		sk(&d, body, node, 1);
		break;
	case PT_CP:
		cp(&d, body, node);
		break;
	case PT_EAP:
		eap(&d, body, node);
		break;
	case PT_PS:
		opaque(&d, body, node, "puzzle_solution");
		break;
	case PT_GSPM:
	case PT_GSA:
	case PT_KD:
	default:
		opaque(&d, body, node, "data");
		break;
	}
	return d.rc;
}
