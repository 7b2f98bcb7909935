/*
 * ikev1.c - IKEv1 / ISAKMP payload bodies into the field tree (RFC 2407
 * IPsec DOI, RFC 2408 ISAKMP, RFC 2409 IKE, RFC 3947 NAT-T, RFC 3554
 * ID_LIST, RFC 3706 DPD, RFC 6407 GDOI, draft-dukes-ike-mode-cfg-02,
 * draft-beaulieu-ike-xauth-02, Cisco IKE fragmentation).
 *
 * dissect_payload() (payload.c) has added the generic header; here the
 * body is read through its cursor, every field named and spanned.  The
 * nested structures (proposals, transforms, data attributes, ID lists,
 * GDOI attribute payloads, key packets) are walked with the guards of
 * isakmp.c: a length below its header stops the walk, a length beyond
 * its container is an error, every list has a cap, nothing recurses
 * deeper than one level.
 *
 * Errors: a field or nested length that runs past its container is
 * DS_TRUNCATED when the container was itself cut short by the capture
 * (the payload's length field says more than the message holds) and
 * DS_INVALID otherwise: the bytes are all there and disagree.  What was
 * read stays in the tree; every node opened is closed on the way out.
 */
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "registry_v1.h"
#include "vendor.h"
#include "x509.h"

/* Caps: a hostile payload costs no more than these. */
#define V1_MAX_PROPOSALS     64
#define V1_MAX_TRANSFORMS    64	 /* per proposal */
#define V1_MAX_ATTRS	     128 /* per attribute list */
#define V1_MAX_SPIS	     256 /* per Delete payload */
#define V1_MAX_IDS	     16	 /* per ID_LIST */
#define V1_MAX_SA_ATTR_PL    32	 /* GDOI SAK/SAT/GAP in one SA */
#define V1_MAX_KEY_PACKETS   32	 /* GDOI KD */
#define V1_MAX_SUMMARY_ITEMS 8	 /* attributes named in a summary */

#define V1_PT_PROPOSAL	2
#define V1_PT_TRANSFORM 3
#define V1_PT_SAK	15
#define V1_PT_SAT	16
#define V1_PT_KD	17
#define V1_PT_SEQ	18
#define V1_PT_GAP	22

/* Which registries name an attribute list's types and values. */
enum attr_kind {
	AK_SA,	   /* transform attributes of protocol `proto` */
	AK_KEK,	   /* GDOI SAK */
	AK_GAP,	   /* GDOI GAP */
	AK_KD_TEK, /* GDOI key packets: values are keys (secret) */
	AK_KD_KEK,
	AK_KD_LKH,
	AK_KD_SID,
};

struct v1 {
	struct ftree	   *t;
	struct dissect_ctx *ctx;
	struct dstatus	   *st;
};

/* A one-line summary being written; cut silently when full. */
struct sbuf {
	char   s[512];
	size_t n;
};

/* What one transform negotiates, for the summaries. */
struct xf_sum {
	uint32_t proto, xf_id;
	uint32_t encr, hash, auth, group, keylen, encap, aalg;
	uint32_t life_type;
	uint64_t life_s, life_kb;
	uint8_t	 has_encr, has_hash, has_auth, has_group, has_keylen;
	uint8_t	 has_encap, has_aalg, has_s, has_kb;
};

/* n bytes of s, cut as sb_add() cuts. */
static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + 1 >= sizeof(b->s))
		return;
	if (n > sizeof(b->s) - b->n - 1)
		n = sizeof(b->s) - b->n - 1;
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
sb_add(struct sbuf *b, const char *fmt, ...)
{
	const char *lit;
	va_list	    ap;
	int	    r;

	if (b->n + 1 >= sizeof(b->s))
		return;
	/* Words and names (most of a summary) without printf. */
	va_start(ap, fmt);
	lit = fmt_literal(fmt, ap);
	va_end(ap);
	if (lit != NULL) {
		sb_put(b, lit, strlen(lit));
		return;
	}
	va_start(ap, fmt);
	r = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	b->n += (size_t)r < sizeof(b->s) - b->n ? (size_t)r :
						  sizeof(b->s) - b->n - 1;
}

/*
 * Text from the wire: printable ASCII as is, anything else as '?' (the
 * front-ends escape what they print; a second escape would double).
 */
static void
sb_text(struct sbuf *b, const uint8_t *p, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++) {
		char c = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';

		sb_put(b, &c, 1);
	}
	if (n > max)
		sb_add(b, "...");
}

static void
sb_hex(struct sbuf *b, const uint8_t *p, size_t n, size_t max)
{
	size_t i;

	static const char hx[] = "0123456789abcdef";

	for (i = 0; i < n && i < max; i++) {
		char h[2] = { hx[p[i] >> 4], hx[p[i] & 15] };

		sb_put(b, h, 2);
	}
	if (n > max)
		sb_add(b, "...");
}

static void
sb_addr(struct sbuf *b, const uint8_t *p, size_t n)
{
	char buf[INET6_ADDRSTRLEN];

	if (n != 4 && n != 16) {
		sb_hex(b, p, n, 16);
		return;
	}
	/* RFC 5952 text, as the JSON and the IKEv2 summaries print it. */
	if (inet_ntop(n == 4 ? AF_INET : AF_INET6, p, buf, sizeof(buf)) == NULL)
		sb_hex(b, p, n, 16);
	else
		sb_add(b, "%s", buf);
}

static void
sb_done(struct ftree *t, int32_t node, struct sbuf *b)
{
	if (b->n > 0)
		ft_summaryn(t, node, b->s, b->n);
}

static int
printable(const uint8_t *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return 0;
	return 1;
}

/* A registry name without the prefix every entry of its list has. */
static const char *
short_name(const char *s)
{
	static const char *const pfx[] = {
		"PROTO_IPSEC_",
		"PROTO_",
		"ESP_",
		"AH_",
		"IPCOMP_",
		"GDOI_PROTO_IPSEC_",
	};
	size_t i, l;

	if (s == NULL)
		return NULL;
	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++) {
		l = strlen(pfx[i]);
		if (strncmp(s, pfx[i], l) == 0 && s[l] != '\0')
			return s + l;
	}
	return s;
}

/* Name of value id in registry reg, or UNKNOWN(id) in buf. */
static const char *
nm(unsigned reg, uint32_t id, char *buf, size_t len)
{
	return reg_name_buf(reg, id, buf, (unsigned)len);
}

static const char *
doi_words(uint32_t doi, char *buf, size_t len)
{
	switch (doi) {
	case V1_DOI_ISAKMP:
		return "ISAKMP DOI";
	case V1_DOI_IPSEC:
		return "IPsec DOI";
	case V1_DOI_GDOI:
		return "GDOI";
	}
	snprintf(buf, len, "DOI %u", (unsigned)doi);
	return buf;
}

/*
 * Record an error; the first one recorded is what the payload reports,
 * so that is what is returned.
 */
static enum dstatus_code
fail(struct v1 *v, enum dstatus_code code, size_t off, const char *msg)
{
	ds_set(v->st, code, off, msg);
	return v->st != NULL && v->st->code != DS_OK ? v->st->code : code;
}

/*
 * A length that runs past its container: truncated if the container was
 * cut short by the capture, invalid if the bytes are all there.
 */
static enum dstatus_code
overrun(struct v1 *v, int cut, size_t off, const char *msg)
{
	enum dstatus_code code = cut ? DS_TRUNCATED : DS_INVALID;

	return fail(v, code, off, msg);
}

static int
short_field(struct v1 *v, struct cursor *c, int cut)
{
	overrun(v, cut, cur_off(c),
	    cut ? "field cut short" :
		  "length too short for the fields it must hold");
	return -1;
}

/* Read-and-record helpers: 0, or -1 with the error in v->st. */
static int
rd_u8(struct v1 *v, struct cursor *c, int cut, const char *key, uint8_t *x)
{
	size_t	off = cur_off(c);
	uint8_t b;

	if (cur_u8(c, &b) != 0)
		return short_field(v, c, cut);
	if (key != NULL)
		ft_uint(v->t, key, off, 1, b);
	if (x != NULL)
		*x = b;
	return 0;
}

static int
rd_be16(struct v1 *v, struct cursor *c, int cut, const char *key, uint16_t *x)
{
	size_t	 off = cur_off(c);
	uint16_t w;

	if (cur_be16(c, &w) != 0)
		return short_field(v, c, cut);
	if (key != NULL)
		ft_uint(v->t, key, off, 2, w);
	if (x != NULL)
		*x = w;
	return 0;
}

static int
rd_be32(struct v1 *v, struct cursor *c, int cut, const char *key, uint32_t *x)
{
	size_t	 off = cur_off(c);
	uint32_t w;

	if (cur_be32(c, &w) != 0)
		return short_field(v, c, cut);
	if (key != NULL)
		ft_uint(v->t, key, off, 4, w);
	if (x != NULL)
		*x = w;
	return 0;
}

/* An enum of n (1, 2 or 4) bytes named by registry reg. */
static int
rd_enum(struct v1 *v, struct cursor *c, int cut, const char *key, unsigned reg,
    size_t n, uint32_t *x)
{
	size_t	 off = cur_off(c);
	uint32_t w = 0;
	uint16_t h;
	uint8_t	 b;
	int	 r;

	r = n == 1 ? cur_u8(c, &b) : n == 2 ? cur_be16(c, &h) : cur_be32(c, &w);
	if (r != 0)
		return short_field(v, c, cut);
	if (n == 1)
		w = b;
	else if (n == 2)
		w = h;
	ft_enum(v->t, key, off, n, w, reg_name(reg, w));
	if (x != NULL)
		*x = w;
	return 0;
}

static int
rd_bytes(struct v1 *v, struct cursor *c, int cut, const char *key, size_t n,
    const uint8_t **p)
{
	size_t	       off = cur_off(c);
	const uint8_t *q;

	if (cur_bytes(c, n, &q) != 0)
		return short_field(v, c, cut);
	ft_bytes(v->t, key, off, q, n);
	if (p != NULL)
		*p = q;
	return 0;
}

/* A reserved field: shown only when it is not zero. */
static int
rd_reserved(struct v1 *v, struct cursor *c, int cut, const char *key, size_t n)
{
	size_t	       off = cur_off(c), i;
	const uint8_t *q;

	if (cur_bytes(c, n, &q) != 0)
		return short_field(v, c, cut);
	for (i = 0; i < n; i++)
		if (q[i] != 0) {
			ft_bytes(v->t, key, off, q, n);
			break;
		}
	return 0;
}

/*
 * A nested structure that starts with the generic header (RFC 2408 3.2):
 * read its header, check its length against what is left of the
 * container, and give its body.  *scut says whether the body was cut
 * short (then it is parsed as far as it goes).  Returns -1 when the
 * walk cannot go on.
 */
static int
nested_header(struct v1 *v, struct cursor *c, int cut, size_t minlen,
    const char *what, uint8_t *next, uint16_t *len, struct cursor *body,
    int *scut)
{
	size_t	off = cur_off(c);
	uint8_t b1 = 0;

	*scut = 0;
	if (cur_left(c) < ISAKMP_GENERIC_LEN) {
		overrun(v, cut, off, what);
		return -1;
	}
	(void)cur_u8(c, next);
	(void)cur_u8(c, &b1);
	(void)cur_be16(c, len);
	ft_enum(v->t, "next_payload", off, 1, *next,
	    reg_name(REG_PAYLOAD, *next));
	if (b1 != 0)
		ft_uint(v->t, "reserved", off + 1, 1, b1);
	ft_uint(v->t, "length", off + 2, 2, *len);
	if (*len < minlen) {
		fail(v, DS_INVALID, off + 2,
		    "nested length below its fixed header");
		return -1;
	}
	if ((size_t)*len - ISAKMP_GENERIC_LEN > cur_left(c)) {
		overrun(v, cut, off + 2,
		    "nested length runs past the end of its container");
		*scut = 1;
		(void)cur_sub(c, cur_left(c), body);
		return 0;
	}
	(void)cur_sub(c, (size_t)*len - ISAKMP_GENERIC_LEN, body);
	return 0;
}

/* --- data attributes (RFC 2408 3.3) ------------------------------------ */

static unsigned
attr_type_reg(enum attr_kind k, uint32_t proto)
{
	switch (k) {
	case AK_SA:
		return reg_v1_attr_reg(proto);
	case AK_KEK:
		return REG_V1_GDOI_KEK_ATTR;
	case AK_GAP:
		return REG_V1_GDOI_GAP_ATTR;
	case AK_KD_TEK:
		return REG_V1_GDOI_KD_TEK_ATTR;
	case AK_KD_KEK:
		return REG_V1_GDOI_KD_KEK_ATTR;
	case AK_KD_LKH:
		return REG_V1_GDOI_KD_LKH_ATTR;
	case AK_KD_SID:
		return REG_V1_GDOI_KD_SID_ATTR;
	}
	return 0;
}

static unsigned
attr_value_reg(enum attr_kind k, uint32_t proto, uint32_t type)
{
	if (k == AK_SA)
		return reg_v1_attr_value_reg(proto, type);
	if (k != AK_KEK)
		return 0;
	switch (type) {
	case V1_KEKA_MANAGEMENT_ALGORITHM:
		return REG_V1_GDOI_KEK_MGMT;
	case V1_KEKA_ALGORITHM:
		return REG_V1_GDOI_KEK_ALG;
	case V1_KEKA_SIG_HASH_ALGORITHM:
		return REG_V1_GDOI_SIG_HASH;
	case V1_KEKA_SIG_ALGORITHM:
		return REG_V1_GDOI_SIG_ALG;
	case V1_KEKA_KE_OAKLEY_GROUP:
		return REG_V1_GROUP_DESC;
	}
	return 0;
}

/* Key packets carry keys: their values are secret, except SID numbers. */
static int
attr_secret(enum attr_kind k)
{
	return k == AK_KD_TEK || k == AK_KD_KEK || k == AK_KD_LKH;
}

/* Remember what a transform attribute says, for the summaries. */
static void
xf_note(struct xf_sum *s, uint32_t type, uint64_t val)
{
	if (s->proto == V1_PROTO_ISAKMP) {
		switch (type) {
		case V1_IKE_ENCR:
			s->encr = (uint32_t)val;
			s->has_encr = 1;
			break;
		case V1_IKE_HASH:
			s->hash = (uint32_t)val;
			s->has_hash = 1;
			break;
		case V1_IKE_AUTH:
			s->auth = (uint32_t)val;
			s->has_auth = 1;
			break;
		case V1_IKE_GROUP_DESC:
			s->group = (uint32_t)val;
			s->has_group = 1;
			break;
		case V1_IKE_KEY_LENGTH:
			s->keylen = (uint32_t)val;
			s->has_keylen = 1;
			break;
		case V1_IKE_LIFE_TYPE:
			s->life_type = (uint32_t)val;
			break;
		case V1_IKE_LIFE_DURATION:
			if (s->life_type == V1_LIFE_KILOBYTES) {
				s->life_kb = val;
				s->has_kb = 1;
			} else if (s->life_type == V1_LIFE_SECONDS) {
				s->life_s = val;
				s->has_s = 1;
			}
			break;
		}
		return;
	}
	switch (type) {
	case V1_IPSEC_LIFE_TYPE:
		s->life_type = (uint32_t)val;
		break;
	case V1_IPSEC_LIFE_DURATION:
		if (s->life_type == V1_SALIFE_KILOBYTES) {
			s->life_kb = val;
			s->has_kb = 1;
		} else if (s->life_type == V1_SALIFE_SECONDS) {
			s->life_s = val;
			s->has_s = 1;
		}
		break;
	case V1_IPSEC_GROUP_DESC:
		s->group = (uint32_t)val;
		s->has_group = 1;
		break;
	case V1_IPSEC_ENCAP_MODE:
		s->encap = (uint32_t)val;
		s->has_encap = 1;
		break;
	case V1_IPSEC_AUTH_ALG:
		s->aalg = (uint32_t)val;
		s->has_aalg = 1;
		break;
	case V1_IPSEC_KEY_LENGTH:
		s->keylen = (uint32_t)val;
		s->has_keylen = 1;
		break;
	}
}

/*
 * One data attribute:
 *
 *  |A|       Attribute Type        |    AF=0  Attribute Length     |
 *  |F|                             |    AF=1  Attribute Value      |
 *  .                   AF=0  Attribute Value                       .
 *
 * TV values are 2-byte numbers; TLV values of 1 to 8 bytes are shown as
 * numbers, longer ones (group primes, long life durations) as bytes.
 */
static enum dstatus_code
attribute(struct v1 *v, struct cursor *c, int cut, enum attr_kind k,
    uint32_t proto, struct xf_sum *sum, struct sbuf *sb)
{
	size_t		  start = cur_off(c), voff;
	unsigned	  treg = attr_type_reg(k, proto), vreg;
	const uint8_t	 *p;
	char		  nbuf[32], vbuf[48];
	const char	 *tname, *vname;
	uint64_t	  val = 0;
	uint16_t	  w = 0, len = 0;
	uint32_t	  type;
	int32_t		  node, f;
	int		  af, numeric = 0;
	size_t		  i;
	enum dstatus_code rc = DS_OK;

	node = ft_open_item(v->t, "attributes", start, 0);
	if (cur_left(c) < 4) {
		rc = overrun(v, cut, start, "data attribute cut short");
		goto out;
	}
	(void)cur_be16(c, &w);
	af = w >> 15;
	type = w & 0x7fff;
	tname = reg_name(treg, type);
	ft_enum(v->t, "attribute_type", start, 2, type, tname);
	ft_str(v->t, "format", start, 2, strdup(af ? "TV" : "TLV"));
	vreg = attr_value_reg(k, proto, type);
	voff = start + 2;
	if (af) {
		(void)cur_be16(c, &len);
		val = len;
		numeric = 1;
		len = 2;
		p = NULL;
	} else {
		(void)cur_be16(c, &len);
		ft_uint(v->t, "length", start + 2, 2, len);
		voff = start + 4;
		if (len > cur_left(c)) {
			rc = overrun(v, cut, start + 2,
			    "data attribute length runs past its container");
			goto out;
		}
		(void)cur_bytes(c, len, &p);
		if (len >= 1 && len <= 8) {
			for (i = 0; i < len; i++)
				val = (val << 8) | p[i];
			numeric = 1;
		}
	}
	vname = NULL;
	if (numeric && vreg != 0) {
		vname = reg_name(vreg, (uint32_t)val);
		f = ft_enum(v->t, "value", voff, len, val, vname);
	} else if (numeric)
		f = ft_uint(v->t, "value", voff, len, val);
	else
		f = ft_bytes(v->t, "value", voff, p, len);
	if (attr_secret(k))
		ft_secret(v->t, f);
	ft_set_len(v->t, node, cur_off(c) - start);

	if (tname == NULL)
		tname = nm(treg, type, nbuf, sizeof(nbuf));
	if (attr_secret(k))
		ft_summaryf(v->t, node, "%s (%u bytes, hidden)", tname,
		    (unsigned)len);
	else if (numeric && vreg != 0)
		ft_summaryf(v->t, node, "%s = %s", tname,
		    nm(vreg, (uint32_t)val, vbuf, sizeof(vbuf)));
	else if (numeric)
		ft_summaryf(v->t, node, "%s = %llu", tname,
		    (unsigned long long)val);
	else
		ft_summaryf(v->t, node, "%s (%u bytes)", tname, (unsigned)len);
	if (sum != NULL && numeric)
		xf_note(sum, type, val);
	if (sb != NULL) {
		sb_add(sb, "%s%s", sb->n ? ", " : "", tname);
		if (numeric && !attr_secret(k) && vname != NULL)
			sb_add(sb, " %s", vname);
		else if (numeric && !attr_secret(k))
			sb_add(sb, " %llu", (unsigned long long)val);
	}
out:
	ft_set_len(v->t, node, cur_off(c) - start);
	ft_close(v->t, node);
	return rc;
}

/* Data attributes up to the end of c. */
static enum dstatus_code
attr_list(struct v1 *v, struct cursor *c, int cut, enum attr_kind k,
    uint32_t proto, struct xf_sum *sum, struct sbuf *sb)
{
	enum dstatus_code rc;
	int		  n;

	for (n = 0; cur_left(c) > 0; n++) {
		if (n >= V1_MAX_ATTRS)
			return fail(v, DS_LIMIT, cur_off(c),
			    "more data attributes than ikescope follows");
		if ((rc = attribute(v, c, cut, k, proto, sum, sb)) != DS_OK)
			return rc;
	}
	return DS_OK;
}

/* --- SA, proposals, transforms (RFC 2408 3.4-3.6) ---------------------- */

/* The words of a transform: "AES-CBC-256, SHA2-256, PSK, group 14". */
static void
xf_words(const struct xf_sum *s, struct sbuf *b)
{
	char	    buf[48];
	const char *g;
	size_t	    start = b->n;

#define SEP() (b->n > start ? ", " : "")
	if (s->proto == V1_PROTO_ISAKMP) {
		if (s->has_encr)
			sb_add(b, "%s",
			    nm(REG_V1_IKE_ENCR, s->encr, buf, sizeof(buf)));
		if (s->has_encr && s->has_keylen)
			sb_add(b, "-%u", (unsigned)s->keylen);
		if (s->has_hash)
			sb_add(b, "%s%s", SEP(),
			    nm(REG_V1_IKE_HASH, s->hash, buf, sizeof(buf)));
		if (s->has_auth)
			sb_add(b, "%s%s", SEP(),
			    nm(REG_V1_IKE_AUTH, s->auth, buf, sizeof(buf)));
	} else {
		unsigned r = reg_v1_transform_reg(s->proto);

		if (r != 0)
			sb_add(b, "%s",
			    short_name(nm(r, s->xf_id, buf, sizeof(buf))));
		else
			sb_add(b, "transform %u", (unsigned)s->xf_id);
		if (s->has_keylen)
			sb_add(b, "-%u", (unsigned)s->keylen);
		if (s->has_aalg)
			sb_add(b, ", %s",
			    nm(REG_V1_AUTH_ALG, s->aalg, buf, sizeof(buf)));
		if (s->has_encap)
			sb_add(b, ", %s",
			    nm(REG_V1_ENCAP_MODE, s->encap, buf, sizeof(buf)));
	}
	if (s->has_group) {
		g = reg_name(REG_V1_GROUP_DESC, s->group);
		sb_add(b, "%sgroup %u", SEP(), (unsigned)s->group);
		if (g != NULL)
			sb_add(b, " (%s)", g);
	}
	if (s->has_s)
		sb_add(b, "%slifetime %llu s", SEP(),
		    (unsigned long long)s->life_s);
	if (s->has_kb)
		sb_add(b, "%slifetime %llu KB", SEP(),
		    (unsigned long long)s->life_kb);
#undef SEP
}

/*
 * Transform payload:
 *
 *  ! Next Payload  !   RESERVED    !         Payload Length        !
 *  !  Transform #  !  Transform-Id !           RESERVED2           !
 *  ~                        SA Attributes                          ~
 */
static enum dstatus_code
transform(struct v1 *v, struct cursor *c, int cut, uint32_t proto,
    uint8_t *next, struct sbuf *words)
{
	struct cursor	  b;
	struct xf_sum	  sum;
	size_t		  start = cur_off(c);
	uint32_t	  id;
	uint16_t	  len;
	int32_t		  node;
	int		  scut;
	enum dstatus_code rc = DS_OK;

	memset(&sum, 0, sizeof(sum));
	sum.proto = proto;
	node = ft_open_item(v->t, "transforms", start, 0);
	if (nested_header(v, c, cut, 8, "transform header cut short", next,
		&len, &b, &scut) != 0) {
		rc = v->st->code;
		goto out;
	}
	ft_set_len(v->t, node, ISAKMP_GENERIC_LEN + cur_left(&b));
	if (rd_u8(v, &b, scut, "transform_number", NULL) != 0 ||
	    rd_enum(v, &b, scut, "transform_id", reg_v1_transform_reg(proto), 1,
		&id) != 0 ||
	    rd_reserved(v, &b, scut, "reserved2", 2) != 0) {
		rc = v->st->code;
		goto out;
	}
	sum.xf_id = id;
	rc = attr_list(v, &b, scut, AK_SA, proto, &sum, NULL);
	/* An offer before the SA is chosen: its first method says how the
	   payloads after it are encrypted (Aggressive Mode). */
	if (proto == V1_PROTO_ISAKMP && sum.has_auth && v->ctx->v1_auth == 0)
		v->ctx->v1_auth = (uint16_t)sum.auth;
	if (words != NULL)
		xf_words(&sum, words);
	{
		struct sbuf s = { "", 0 };

		xf_words(&sum, &s);
		sb_done(v->t, node, &s);
	}
	if (rc == DS_OK && scut)
		rc = v->st->code;
out:
	ft_close(v->t, node);
	return rc;
}

/*
 * Proposal payload:
 *
 *  ! Next Payload  !   RESERVED    !         Payload Length        !
 *  !  Proposal #   !  Protocol-Id  !    SPI Size   !# of Transforms!
 *  !                        SPI (variable)                         !
 *  ~                        Transforms                             ~
 */
static enum dstatus_code
proposal(struct v1 *v, struct cursor *c, int cut, uint8_t *next, int *nxf,
    struct sbuf *words)
{
	struct cursor	  b;
	struct sbuf	  one = { "", 0 };
	size_t		  start = cur_off(c);
	uint32_t	  proto = 0;
	uint16_t	  len;
	uint8_t		  spi_size, xnext = V1_PT_TRANSFORM;
	int32_t		  node;
	int		  scut, n = 0;
	char		  buf[32];
	const char	 *pname;
	enum dstatus_code rc = DS_OK;

	node = ft_open_item(v->t, "proposals", start, 0);
	if (nested_header(v, c, cut, 8, "proposal header cut short", next, &len,
		&b, &scut) != 0) {
		rc = v->st->code;
		goto out;
	}
	ft_set_len(v->t, node, ISAKMP_GENERIC_LEN + cur_left(&b));
	if (rd_u8(v, &b, scut, "proposal_number", NULL) != 0 ||
	    rd_enum(v, &b, scut, "protocol_id", REG_V1_PROTO, 1, &proto) != 0 ||
	    rd_u8(v, &b, scut, "spi_size", &spi_size) != 0 ||
	    rd_u8(v, &b, scut, "num_transforms", NULL) != 0 ||
	    (spi_size > 0 &&
		rd_bytes(v, &b, scut, "spi", spi_size, NULL) != 0)) {
		rc = v->st->code;
		goto out;
	}
	/* Transforms chain with next payload 3; the last one says 0. */
	while (xnext == V1_PT_TRANSFORM) {
		if (n >= V1_MAX_TRANSFORMS) {
			rc = fail(v, DS_LIMIT, cur_off(&b),
			    "more transforms than ikescope follows");
			goto out;
		}
		if (cur_left(&b) == 0) {
			if (n > 0)
				rc = overrun(v, scut, cur_off(&b),
				    "transform "
				    "chain names another transform but the "
				    "proposal ends");
			break;
		}
		one.n = 0;
		one.s[0] = '\0';
		if ((rc = transform(v, &b, scut, proto, &xnext, &one)) != DS_OK)
			goto out;
		n++;
		if (xnext != V1_PT_TRANSFORM && xnext != 0) {
			rc = fail(v, DS_INVALID, cur_off(&b),
			    "transform's next payload is neither 3 nor 0");
			goto out;
		}
	}
	if (rc == DS_OK && cur_left(&b) != 0)
		rc = fail(v, DS_INVALID, cur_off(&b),
		    "bytes after the last transform of the proposal");
	if (rc == DS_OK && scut)
		rc = v->st->code;
out:
	*nxf += n;
	pname = short_name(nm(REG_V1_PROTO, proto, buf, sizeof(buf)));
	{
		struct sbuf s = { "", 0 };

		if (n == 1)
			sb_add(&s, "%s: %s", pname, one.s);
		else
			sb_add(&s, "%s: %d transforms", pname, n);
		sb_done(v->t, node, &s);
		if (words != NULL)
			sb_add(words, "%s", s.s);
	}
	ft_close(v->t, node);
	return rc;
}

/*
 * IPsec DOI labeled situations (RFC 2407 4.6.1): present when
 * SIT_SECRECY or SIT_INTEGRITY is set, between the situation and the
 * first proposal.  Levels and bitmaps are padded to 32 bits.
 */
static int
sit_labels(struct v1 *v, struct cursor *c, int cut, uint32_t sit)
{
	static const char *const keys[2][2] = {
		{ "secrecy_level", "secrecy_category_bitmap" },
		{ "integrity_level", "integrity_category_bitmap" },
	};
	uint16_t len;
	size_t	 n;
	int	 i, j;

	if (rd_be32(v, c, cut, "labeled_domain_identifier", NULL) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if (!(sit & (i == 0 ? V1_SIT_SECRECY : V1_SIT_INTEGRITY)))
			continue;
		for (j = 0; j < 2; j++) {
			/* A level's length is in octets, a bitmap's in bits. */
			if (rd_be16(v, c, cut,
				j == 0 ? "level_length" :
					 "category_length_bits",
				&len) != 0 ||
			    rd_reserved(v, c, cut, "reserved", 2) != 0)
				return -1;
			n = j == 0 ? len : ((size_t)len + 7) / 8;
			if (rd_bytes(v, c, cut, keys[i][j], n, NULL) != 0 ||
			    rd_reserved(v, c, cut, "padding",
				(4 - n % 4) % 4) != 0)
				return -1;
		}
	}
	return 0;
}

static enum dstatus_code sa_attr_payloads(struct v1 *, struct cursor *, int,
    uint8_t, struct sbuf *);

/*
 * SA payload (RFC 2408 3.4, RFC 2407 4.6.1):
 *
 *  !              Domain of Interpretation  (DOI)                  !
 *  ~                           Situation                           ~
 *  ~                  Proposals (IPsec DOI) ...                    ~
 *
 * GDOI (RFC 6407 5.2) has, after the situation, the type of the first
 * SA attribute payload (SAK, SAT, GAP) that the SA contains.
 */
static enum dstatus_code
sa_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	struct sbuf	  words = { "", 0 }, s = { "", 0 };
	uint32_t	  doi, sit, bit;
	uint16_t	  attr_next;
	uint8_t		  next = V1_PT_PROPOSAL;
	size_t		  off;
	int		  np = 0, nxf = 0;
	int32_t		  i;
	char		  buf[32];
	enum dstatus_code rc = DS_OK;

	if (rd_enum(v, c, cut, "doi", REG_V1_DOI, 4, &doi) != 0)
		return v->st->code;
	v->ctx->doi = doi;
	if (doi != V1_DOI_ISAKMP && doi != V1_DOI_IPSEC && doi != V1_DOI_GDOI) {
		/* The situation's length is the DOI's business. */
		if (cur_left(c) > 0)
			fr_rest(v->t, c, "doi_specific_data", NULL, NULL);
		ft_summaryf(v->t, node, "%s", doi_words(doi, buf, sizeof(buf)));
		return DS_OK;
	}
	off = cur_off(c);
	if (rd_be32(v, c, cut, "situation", &sit) != 0)
		return v->st->code;
	for (bit = 1; bit != 0 && bit <= sit; bit <<= 1)
		if ((sit & bit) && doi == V1_DOI_IPSEC) {
			i = ft_enum(v->t, "situation_flags", off, 4, bit,
			    reg_name(REG_V1_SITUATION, bit));
			ft_item(v->t, i);
		}
	if (doi == V1_DOI_IPSEC &&
	    (sit & (V1_SIT_SECRECY | V1_SIT_INTEGRITY)) &&
	    sit_labels(v, c, cut, sit) != 0)
		return v->st->code;
	if (doi == V1_DOI_GDOI) {
		/*
		 * RFC 6407 5.2's figure draws SA Attribute Next Payload and
		 * RESERVED2 as 16 bits each (its text says 1 octet); the
		 * payload type is the low byte either way.
		 */
		off = cur_off(c);
		if (rd_be16(v, c, cut, NULL, &attr_next) != 0)
			return v->st->code;
		ft_enum(v->t, "sa_attribute_next_payload", off, 2, attr_next,
		    reg_name(REG_PAYLOAD, attr_next));
		if (rd_reserved(v, c, cut, "reserved2", 2) != 0)
			return v->st->code;
		rc = sa_attr_payloads(v, c, cut, (uint8_t)attr_next, &words);
		sb_add(&s, "GDOI");
		if (words.n)
			sb_add(&s, ": %s", words.s);
		sb_done(v->t, node, &s);
		return rc;
	}
	while (next == V1_PT_PROPOSAL) {
		if (np >= V1_MAX_PROPOSALS) {
			rc = fail(v, DS_LIMIT, cur_off(c),
			    "more proposals than ikescope follows");
			break;
		}
		if (cur_left(c) == 0) {
			rc = overrun(v, cut, cur_off(c),
			    np == 0 ? "SA payload holds no proposal" :
				      "proposal chain "
				      "names another proposal but the SA ends");
			break;
		}
		words.n = 0;
		words.s[0] = '\0';
		rc = proposal(v, c, cut, &next, &nxf, &words);
		np++;
		if (rc != DS_OK)
			break;
		if (next != V1_PT_PROPOSAL && next != 0) {
			rc = fail(v, DS_INVALID, cur_off(c),
			    "proposal's next payload is neither 2 nor 0");
			break;
		}
	}
	if (rc == DS_OK && cur_left(c) != 0)
		rc = fail(v, DS_INVALID, cur_off(c),
		    "bytes after the last proposal of the SA");
	sb_add(&s, "%s, ", doi_words(doi, buf, sizeof(buf)));
	if (np == 1 && nxf == 1)
		sb_add(&s, "1 proposal: %s", words.s);
	else
		sb_add(&s, "%d proposal%s, %d transform%s", np,
		    np == 1 ? "" : "s", nxf, nxf == 1 ? "" : "s");
	sb_done(v->t, node, &s);
	return rc;
}

/* --- GDOI (RFC 6407) ---------------------------------------------------- */

/*
 * The source or destination of a SAK or SAT (RFC 6407 5.3, 5.4.1):
 *
 *  ! ID Type  !  ID Port (16)  ! ID Data Len !  ID Data ...
 */
static int
gdoi_id(struct v1 *v, struct cursor *c, int cut, const char *key)
{
	struct cursor  d;
	size_t	       start = cur_off(c);
	uint32_t       type;
	uint8_t	       dlen;
	int32_t	       node;
	const uint8_t *p;
	int	       r = -1;

	node = ft_open(v->t, key, start, 0);
	if (rd_enum(v, c, cut, "id_type", REG_V1_ID_TYPE, 1, &type) != 0 ||
	    rd_be16(v, c, cut, "port", NULL) != 0 ||
	    rd_u8(v, c, cut, "id_data_length", &dlen) != 0)
		goto out;
	if (cur_sub(c, dlen, &d) != 0) {
		short_field(v, c, cut);
		goto out;
	}
	p = d.p;
	if ((type == V1_ID_IPV4_ADDR && dlen == 4) ||
	    (type == V1_ID_IPV6_ADDR && dlen == 16))
		ft_addr(v->t, "id", cur_off(&d), p, dlen);
	else if ((type == V1_ID_IPV4_ADDR_SUBNET && dlen == 8) ||
	    (type == V1_ID_IPV6_ADDR_SUBNET && dlen == 32)) {
		ft_addr(v->t, "address", cur_off(&d), p, dlen / 2);
		ft_addr(v->t, "mask", cur_off(&d) + dlen / 2, p + dlen / 2,
		    dlen / 2);
	} else
		ft_bytes(v->t, "id", cur_off(&d), p, dlen);
	r = 0;
out:
	ft_set_len(v->t, node, cur_off(c) - start);
	ft_close(v->t, node);
	return r;
}

/*
 * SA KEK (RFC 6407 5.3):
 *
 *  !   Protocol    !  SRC ID ... (gdoi_id)   DST ID ...
 *  !                    SPI (16 octets)                            !
 *  !                    RESERVED2 (RFC 3547: POP algorithm, length)!
 *  ~                    KEK Attributes                             ~
 */
static enum dstatus_code
gdoi_sak(struct v1 *v, struct cursor *c, int cut, struct sbuf *sb)
{
	if (rd_u8(v, c, cut, "ip_protocol", NULL) != 0 ||
	    gdoi_id(v, c, cut, "source") != 0 ||
	    gdoi_id(v, c, cut, "destination") != 0 ||
	    rd_bytes(v, c, cut, "spi", 16, NULL) != 0 ||
	    rd_reserved(v, c, cut, "reserved2", 4) != 0)
		return v->st->code;
	sb_add(sb, "SAK");
	return attr_list(v, c, cut, AK_KEK, 0, NULL, NULL);
}

/*
 * SA TEK (RFC 6407 5.4): Protocol-ID, then for PROTO_IPSEC_ESP/AH
 * (5.4.1):
 *
 *  !   Protocol    !  SRC ID ... (gdoi_id)   DST ID ...
 *  ! Transform ID  !                 SPI (4 octets) ...
 *  ~              RFC 2407 SA Attributes                           ~
 */
static enum dstatus_code
gdoi_sat(struct v1 *v, struct cursor *c, int cut, struct sbuf *sb)
{
	struct xf_sum	  sum;
	uint32_t	  proto, id;
	enum dstatus_code rc;

	memset(&sum, 0, sizeof(sum));
	if (rd_enum(v, c, cut, "protocol_id", REG_V1_GDOI_TEK_PROTO, 1,
		&proto) != 0)
		return v->st->code;
	if (proto != V1_TEKPROTO_IPSEC_ESP && proto != V1_TEKPROTO_IPSEC_AH) {
		if (cur_left(c) > 0)
			fr_rest(v->t, c, "tek_protocol_data", NULL, NULL);
		sb_add(sb, "SAT");
		return DS_OK;
	}
	sum.proto = proto == V1_TEKPROTO_IPSEC_ESP ? V1_PROTO_ESP : V1_PROTO_AH;
	if (rd_u8(v, c, cut, "ip_protocol", NULL) != 0 ||
	    gdoi_id(v, c, cut, "source") != 0 ||
	    gdoi_id(v, c, cut, "destination") != 0 ||
	    rd_enum(v, c, cut, "transform_id", reg_v1_transform_reg(sum.proto),
		1, &id) != 0 ||
	    rd_bytes(v, c, cut, "spi", 4, NULL) != 0)
		return v->st->code;
	sum.xf_id = id;
	rc = attr_list(v, c, cut, AK_SA, sum.proto, &sum, NULL);
	sb_add(sb, "SAT %s: ", short_name(reg_name(REG_V1_PROTO, sum.proto)));
	xf_words(&sum, sb);
	return rc;
}

/*
 * The SA attribute payloads of a GDOI SA (SAK, SAT, GAP), chained by
 * their generic headers inside the SA payload (RFC 6407 5.2.1).
 */
static enum dstatus_code
sa_attr_payloads(struct v1 *v, struct cursor *c, int cut, uint8_t type,
    struct sbuf *sb)
{
	struct cursor	  b;
	uint16_t	  len;
	uint8_t		  next;
	int32_t		  node;
	int		  n, scut;
	enum dstatus_code rc = DS_OK;

	for (n = 0; type != 0 && rc == DS_OK; n++, type = next) {
		if (n >= V1_MAX_SA_ATTR_PL)
			return fail(v, DS_LIMIT, cur_off(c),
			    "more SA attribute payloads than ikescope "
			    "follows");
		if (cur_left(c) == 0)
			return overrun(v, cut, cur_off(c),
			    "SA names another "
			    "attribute payload but ends");
		if (sb->n)
			sb_add(sb, "; ");
		node = ft_open_item(v->t, "sa_attributes", cur_off(c), 0);
		ft_enum(v->t, "type", cur_off(c), 0, type,
		    reg_name(REG_PAYLOAD, type));
		if (nested_header(v, c, cut, ISAKMP_GENERIC_LEN,
			"SA attribute payload header cut short", &next, &len,
			&b, &scut) != 0) {
			ft_close(v->t, node);
			return v->st->code;
		}
		ft_set_len(v->t, node, ISAKMP_GENERIC_LEN + cur_left(&b));
		switch (type) {
		case V1_PT_SAK:
			rc = gdoi_sak(v, &b, scut, sb);
			break;
		case V1_PT_SAT:
			rc = gdoi_sat(v, &b, scut, sb);
			break;
		case V1_PT_GAP:
			sb_add(sb, "GAP");
			rc = attr_list(v, &b, scut, AK_GAP, 0, NULL, NULL);
			break;
		default:
			if (cur_left(&b) > 0)
				fr_rest(v->t, &b, "data", NULL, NULL);
			break;
		}
		if (rc == DS_OK && scut)
			rc = v->st->code;
		ft_close(v->t, node);
	}
	if (rc == DS_OK && cur_left(c) != 0)
		rc = fail(v, DS_INVALID, cur_off(c),
		    "bytes after the last SA attribute payload");
	return rc;
}

/*
 * Key Download (RFC 6407 5.5):
 *
 *  !     Number of Key Packets     !            RESERVED2          !
 *  ~                    Key Packets                                ~
 *
 * each key packet:
 *
 *  !    KD Type    !   RESERVED    !            KD Length          !
 *  !    SPI Size   !                   SPI (variable) ...
 *  ~                    Key Packet Attributes                      ~
 */
static enum dstatus_code
kd_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	struct cursor	  b;
	uint16_t	  count, len;
	uint32_t	  type;
	uint8_t		  spi_size;
	int32_t		  kp;
	int		  n, kcut;
	size_t		  start;
	enum dstatus_code r2;
	enum attr_kind	  k;
	enum dstatus_code rc = DS_OK;

	if (rd_be16(v, c, cut, "num_key_packets", &count) != 0 ||
	    rd_reserved(v, c, cut, "reserved2", 2) != 0)
		return v->st->code;
	for (n = 0; cur_left(c) > 0 && rc == DS_OK; n++) {
		if (n >= V1_MAX_KEY_PACKETS)
			return fail(v, DS_LIMIT, cur_off(c),
			    "more key packets than ikescope follows");
		start = cur_off(c);
		kp = ft_open_item(v->t, "key_packets", start, 0);
		if (rd_enum(v, c, cut, "kd_type", REG_V1_GDOI_KD_TYPE, 1,
			&type) != 0 ||
		    rd_reserved(v, c, cut, "reserved", 1) != 0 ||
		    rd_be16(v, c, cut, "kd_length", &len) != 0) {
			ft_close(v->t, kp);
			return v->st->code;
		}
		if (len < 4) {
			ft_close(v->t, kp);
			return fail(v, DS_INVALID, start + 2,
			    "key packet length below its 4-byte header");
		}
		kcut = (size_t)len - 4 > cur_left(c);
		if (kcut) {
			rc = overrun(v, cut, start + 2,
			    "key packet length runs past the payload");
			(void)cur_sub(c, cur_left(c), &b);
		} else
			(void)cur_sub(c, (size_t)len - 4, &b);
		ft_set_len(v->t, kp, 4 + cur_left(&b));
		k = type == V1_KD_TEK ? AK_KD_TEK :
		    type == V1_KD_KEK ? AK_KD_KEK :
		    type == V1_KD_LKH ? AK_KD_LKH :
					AK_KD_SID;
		if (rd_u8(v, &b, kcut, "spi_size", &spi_size) != 0 ||
		    (spi_size > 0 &&
			rd_bytes(v, &b, kcut, "spi", spi_size, NULL) != 0)) {
			ft_close(v->t, kp);
			return v->st->code;
		}
		if (type >= V1_KD_TEK && type <= V1_KD_SID) {
			r2 = attr_list(v, &b, kcut, k, 0, NULL, NULL);
			if (rc == DS_OK)
				rc = r2;
		} else if (cur_left(&b) > 0)
			ft_secret(v->t,
			    ft_bytes(v->t, "key_data", cur_off(&b), b.p,
				cur_left(&b)));
		ft_close(v->t, kp);
	}
	ft_summaryf(v->t, node, "%u key packet%s", (unsigned)count,
	    count == 1 ? "" : "s");
	return rc;
}

/* --- ID (RFC 2407 4.6.2, RFC 2408 3.8, RFC 3554) ------------------------ */

static int
mask_prefix(const uint8_t *m, size_t n)
{
	size_t	i;
	int	bits = 0, end = 0;
	uint8_t b;

	for (i = 0; i < n; i++)
		for (b = 0x80; b != 0; b >>= 1) {
			if (m[i] & b) {
				if (end)
					return -1;
				bits++;
			} else
				end = 1;
		}
	return bits;
}

static enum dstatus_code id_body(struct v1 *, struct cursor *, int, int,
    struct sbuf *);

/*
 * The Identification Data for ID type `type` (the whole of c), in
 * words into sb.  `depth` is 0 for an ID payload, 1 inside an ID_LIST.
 */
static enum dstatus_code
id_data(struct v1 *v, struct cursor *c, int cut, uint32_t type, int depth,
    struct sbuf *sb)
{
	struct cursor	  b;
	const uint8_t	 *p = c->p;
	size_t		  n = cur_left(c), off = cur_off(c), a;
	uint16_t	  len;
	uint8_t		  next;
	int32_t		  node;
	int		  k, pfx, scut;
	char		 *s;
	enum dstatus_code rc = DS_OK;

	switch (type) {
	case V1_ID_IPV4_ADDR:
	case V1_ID_IPV6_ADDR:
		a = type == V1_ID_IPV4_ADDR ? 4 : 16;
		if (n != a)
			break;
		ft_addr(v->t, "id", off, p, n);
		sb_addr(sb, p, n);
		(void)cur_skip(c, n);
		return DS_OK;
	case V1_ID_IPV4_ADDR_SUBNET:
	case V1_ID_IPV6_ADDR_SUBNET:
	case V1_ID_IPV4_ADDR_RANGE:
	case V1_ID_IPV6_ADDR_RANGE:
		a = type == V1_ID_IPV4_ADDR_SUBNET ||
			type == V1_ID_IPV4_ADDR_RANGE ?
		    4 :
		    16;
		if (n != 2 * a)
			break;
		if (type == V1_ID_IPV4_ADDR_SUBNET ||
		    type == V1_ID_IPV6_ADDR_SUBNET) {
			ft_addr(v->t, "address", off, p, a);
			ft_addr(v->t, "mask", off + a, p + a, a);
			sb_addr(sb, p, a);
			if ((pfx = mask_prefix(p + a, a)) >= 0) {
				ft_uint(v->t, "prefix_length", off + a, a,
				    (uint64_t)pfx);
				sb_add(sb, "/%d", pfx);
			} else {
				sb_add(sb, " mask ");
				sb_addr(sb, p + a, a);
			}
		} else {
			ft_addr(v->t, "start", off, p, a);
			ft_addr(v->t, "end", off + a, p + a, a);
			sb_addr(sb, p, a);
			sb_add(sb, "-");
			sb_addr(sb, p + a, a);
		}
		(void)cur_skip(c, n);
		return DS_OK;
	case V1_ID_FQDN:
	case V1_ID_USER_FQDN:
		ft_text(v->t, "id", off, p, n);
		sb_text(sb, p, n, 128);
		(void)cur_skip(c, n);
		return DS_OK;
	case V1_ID_DER_ASN1_DN:
	case V1_ID_DER_ASN1_GN:
		/* The DER as sent, then its text when it parses. */
		s = type == V1_ID_DER_ASN1_DN ? x509_dn_str(p, n) :
						x509_gn_str(p, n);
		ft_bytes(v->t, s != NULL ? "id_data" : "id", off, p, n);
		if (s != NULL) {
			sb_add(sb, "%s", s);
			ft_str(v->t, "id", off, n, s);
		} else
			sb_add(sb, "(%zu bytes, not parsed)", n);
		(void)cur_skip(c, n);
		return DS_OK;
	case V1_ID_KEY_ID:
		ft_bytes(v->t, "id", off, p, n);
		/* Cisco group names travel as KEY_IDs: show text as text. */
		if (printable(p, n))
			sb_text(sb, p, n, 128);
		else
			sb_hex(sb, p, n, 16);
		(void)cur_skip(c, n);
		return DS_OK;
	case V1_ID_LIST:
		if (depth > 0)
			break;
		/* RFC 3554: ID payloads, each with its generic header. */
		for (k = 0; cur_left(c) > 0; k++) {
			if (k >= V1_MAX_IDS)
				return fail(v, DS_LIMIT, cur_off(c),
				    "more IDs in the list than ikescope "
				    "follows");
			node = ft_open_item(v->t, "ids", cur_off(c), 0);
			if (nested_header(v, c, cut, 8,
				"listed ID header "
				"cut short",
				&next, &len, &b, &scut) != 0) {
				ft_close(v->t, node);
				return v->st->code;
			}
			ft_set_len(v->t, node, 4 + cur_left(&b));
			sb_add(sb, "%s", k ? "; " : "");
			rc = id_body(v, &b, scut, 1, sb);
			ft_close(v->t, node);
			if (rc != DS_OK)
				return rc;
			if (scut)
				return v->st->code;
		}
		return DS_OK;
	}
	/* Unknown types, and known ones of the wrong size, as bytes. */
	if (n > 0)
		ft_bytes(v->t, "id", off, p, n);
	sb_add(sb, "%zu bytes", n);
	(void)cur_skip(c, n);
	if (type >= V1_ID_IPV4_ADDR && type <= V1_ID_IPV6_ADDR_RANGE)
		return overrun(v, cut, off,
		    cut ? "identification data cut "
			  "short" :
			  "identification data has the wrong size for "
			  "its type");
	if (type == V1_ID_LIST)
		return fail(v, DS_INVALID, off, "ID_LIST inside an ID_LIST");
	return DS_OK;
}

/*
 * ID payload body (RFC 2407 4.6.2; the same layout serves phase 1 of
 * every DOI, and GDOI, whose protocol and port are zero):
 *
 *  !   ID Type     !  Protocol ID  !             Port              !
 *  ~                     Identification Data                       ~
 */
static enum dstatus_code
id_body(struct v1 *v, struct cursor *c, int cut, int depth, struct sbuf *sb)
{
	uint32_t	  type;
	uint16_t	  port;
	uint8_t		  proto;
	char		  buf[32];
	enum dstatus_code rc;

	if (rd_enum(v, c, cut, "id_type", REG_V1_ID_TYPE, 1, &type) != 0 ||
	    rd_u8(v, c, cut, "ip_protocol", &proto) != 0 ||
	    rd_be16(v, c, cut, "port", &port) != 0)
		return v->st->code;
	sb_add(sb, "%s ", nm(REG_V1_ID_TYPE, type, buf, sizeof(buf)));
	rc = id_data(v, c, cut, type, depth, sb);
	if (proto != 0)
		sb_add(sb, " proto %u", proto);
	if (port != 0)
		sb_add(sb, " port %u", port);
	return rc;
}

/* --- the other payloads ------------------------------------------------- */

static enum dstatus_code
bytes_payload(struct v1 *v, struct cursor *c, int32_t node, const char *key)
{
	size_t n = cur_left(c);

	fr_rest(v->t, c, key, NULL, NULL);
	ft_summaryf(v->t, node, "%zu bytes", n);
	return DS_OK;
}

/*
 * CERT (RFC 2408 3.9):  ! Cert Encoding ! Certificate Data ~
 * X.509 encodings get the certificate's fields under "certificate".
 */
static enum dstatus_code
cert_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	const uint8_t	 *p;
	size_t		  n, off;
	uint32_t	  enc;
	int32_t		  cn, sub;
	char		  buf[32];
	enum dstatus_code rc = DS_OK;

	if (rd_enum(v, c, cut, "encoding", REG_V1_CERT_ENCODING, 1, &enc) != 0)
		return v->st->code;
	off = cur_off(c);
	fr_rest(v->t, c, "certificate_data", &p, &n);
	/* A certificate cut short by the capture is not parsed. */
	if ((enc == V1_CERT_X509_SIG || enc == V1_CERT_X509_KE) && n > 0 &&
	    !cut) {
		cn = ft_open(v->t, "certificate", off, n);
		rc = x509_cert_fields(v->t, p, n, off, v->st);
		ft_close(v->t, cn);
		sub = cn != FT_NONE ? ft_find(v->t, cn, "subject") : FT_NONE;
		if (sub != FT_NONE && v->t->v[sub].s != NULL) {
			ft_summaryf(v->t, node, "%s: %s",
			    nm(REG_V1_CERT_ENCODING, enc, buf, sizeof(buf)),
			    v->t->v[sub].s);
			return rc;
		}
	}
	ft_summaryf(v->t, node, "%s, %zu bytes",
	    nm(REG_V1_CERT_ENCODING, enc, buf, sizeof(buf)), n);
	return rc;
}

/*
 * CR (RFC 2408 3.10):  ! Cert. Type ! Certificate Authority ~
 * The authority, when present, is a DER Distinguished Name.
 */
static enum dstatus_code
cr_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	const uint8_t *p;
	size_t	       n, off;
	uint32_t       enc;
	char	       buf[32], *dn = NULL;

	if (rd_enum(v, c, cut, "encoding", REG_V1_CERT_ENCODING, 1, &enc) != 0)
		return v->st->code;
	off = cur_off(c);
	n = cur_left(c);
	if (n > 0) {
		fr_rest(v->t, c, "certificate_authority", &p, &n);
		if ((dn = x509_dn_str(p, n)) != NULL) {
			ft_summaryf(v->t, node, "%s, CA %s",
			    nm(REG_V1_CERT_ENCODING, enc, buf, sizeof(buf)),
			    dn);
			ft_str(v->t, "ca_name", off, n, dn);
			return DS_OK;
		}
	}
	ft_summaryf(v->t, node, "%s%s",
	    nm(REG_V1_CERT_ENCODING, enc, buf, sizeof(buf)),
	    n == 0 ? ", any CA" : "");
	return DS_OK;
}

/*
 * Notification (RFC 2408 3.14):
 *
 *  !              Domain of Interpretation  (DOI)                  !
 *  !  Protocol-ID  !   SPI Size    !      Notify Message Type      !
 *  ~                Security Parameter Index (SPI)                 ~
 *  ~                Notification Data                              ~
 */
static enum dstatus_code
n_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	struct sbuf	  s = { "", 0 };
	struct xf_sum	  sum;
	const uint8_t	 *spi = NULL, *p;
	uint32_t	  proto, type, w;
	uint8_t		  spi_size;
	size_t		  n, off;
	char		  buf[32];
	enum dstatus_code rc = DS_OK;

	if (rd_enum(v, c, cut, "doi", REG_V1_DOI, 4, NULL) != 0 ||
	    rd_enum(v, c, cut, "protocol_id", REG_V1_PROTO, 1, &proto) != 0 ||
	    rd_u8(v, c, cut, "spi_size", &spi_size) != 0 ||
	    rd_enum(v, c, cut, "notify_type", REG_V1_NOTIFY, 2, &type) != 0 ||
	    (spi_size > 0 && rd_bytes(v, c, cut, "spi", spi_size, &spi) != 0))
		return v->st->code;
	sb_add(&s, "%s", nm(REG_V1_NOTIFY, type, buf, sizeof(buf)));
	off = cur_off(c);
	n = cur_left(c);
	if (n > 0) {
		struct cursor d = *c;

		fr_rest(v->t, c, "data", &p, &n);
		switch (type) {
		case V1_N_RESPONDER_LIFETIME:
			/* RFC 2407 4.6.3.1: the SA's life attributes. */
			memset(&sum, 0, sizeof(sum));
			sum.proto = proto;
			rc = attr_list(v, &d, cut, AK_SA, proto, &sum, NULL);
			if (sum.has_s)
				sb_add(&s, " %llu s",
				    (unsigned long long)sum.life_s);
			if (sum.has_kb)
				sb_add(&s, " %llu KB",
				    (unsigned long long)sum.life_kb);
			break;
		case V1_N_REPLAY_STATUS:
			/* RFC 2407 4.6.3.2: 0 replay detection off, 1 on. */
			if (n == 4) {
				(void)cur_be32(&d, &w);
				ft_bool(v->t, "replay_detection", off, 4,
				    w != 0);
				sb_add(&s, " %s", w ? "enabled" : "disabled");
			}
			break;
		case V1_N_R_U_THERE:
		case V1_N_R_U_THERE_ACK:
			/* RFC 3706 5: a 32-bit sequence number. */
			if (n == 4) {
				(void)cur_be32(&d, &w);
				ft_uint(v->t, "sequence_number", off, 4, w);
				sb_add(&s, " seq %u", (unsigned)w);
			}
			break;
		case V1_N_UNITY_LOAD_BALANCE:
			/* The gateway the client is sent to (strongSwan). */
			if (n == 4) {
				ft_addr(v->t, "gateway", off, p, 4);
				sb_add(&s, " to ");
				sb_addr(&s, p, 4);
			}
			break;
		}
	}
	if (spi != NULL && spi_size == 4) {
		sb_add(&s, " (%s SPI 0x",
		    short_name(nm(REG_V1_PROTO, proto, buf, sizeof(buf))));
		sb_hex(&s, spi, spi_size, 4);
		sb_add(&s, ")");
	}
	sb_done(v->t, node, &s);
	return rc;
}

/*
 * Delete (RFC 2408 3.15):
 *
 *  !              Domain of Interpretation  (DOI)                  !
 *  !  Protocol-Id  !   SPI Size    !           # of SPIs           !
 *  ~               Security Parameter Index(es) (SPI)              ~
 */
static enum dstatus_code
d_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	struct sbuf	  s = { "", 0 };
	const uint8_t	 *p;
	uint32_t	  proto;
	uint16_t	  count, k;
	uint8_t		  spi_size;
	size_t		  off;
	int32_t		  i;
	char		  buf[32];
	enum dstatus_code rc = DS_OK;

	if (rd_enum(v, c, cut, "doi", REG_V1_DOI, 4, NULL) != 0 ||
	    rd_enum(v, c, cut, "protocol_id", REG_V1_PROTO, 1, &proto) != 0 ||
	    rd_u8(v, c, cut, "spi_size", &spi_size) != 0 ||
	    rd_be16(v, c, cut, "num_spis", &count) != 0)
		return v->st->code;
	sb_add(&s, "%s %u SPI%s",
	    short_name(nm(REG_V1_PROTO, proto, buf, sizeof(buf))), count,
	    count == 1 ? "" : "s");
	for (k = 0; k < count && spi_size > 0; k++) {
		if (k >= V1_MAX_SPIS) {
			rc = fail(v, DS_LIMIT, cur_off(c),
			    "more SPIs than ikescope follows");
			break;
		}
		off = cur_off(c);
		if (cur_bytes(c, spi_size, &p) != 0) {
			rc = overrun(v, cut, off,
			    "fewer SPIs than the count "
			    "says");
			break;
		}
		i = ft_bytes(v->t, "spis", off, p, spi_size);
		ft_item(v->t, i);
		if (k < 4) {
			sb_add(&s, "%s0x", k ? ", " : ": ");
			sb_hex(&s, p, spi_size, 16);
		} else if (k == 4)
			sb_add(&s, ", ...");
	}
	if (rc == DS_OK && cur_left(c) != 0)
		rc = fail(v, DS_INVALID, cur_off(c),
		    "bytes after the SPIs the count announces");
	sb_done(v->t, node, &s);
	return rc;
}

static enum dstatus_code
vid_payload(struct v1 *v, struct cursor *c, int32_t node)
{
	vendor_fields(v->t, c, node);
	return DS_OK;
}

static enum dstatus_code
natd_payload(struct v1 *v, struct cursor *c, int32_t node, const char *what)
{
	struct sbuf    s = { "", 0 };
	const uint8_t *p;
	size_t	       n;

	fr_rest(v->t, c, "hash", &p, &n);
	sb_add(&s, "%shash ", what);
	sb_hex(&s, p, n, 6);
	sb_done(v->t, node, &s);
	return DS_OK;
}

/*
 * NAT-OA (RFC 3947 5.2; the drafts' type 131 has the same body):
 *
 *  !    ID Type    !   RESERVED    !            RESERVED           !
 *  ~           IPv4 (4 octets) or IPv6 address (16 octets)         ~
 */
static enum dstatus_code
natoa_payload(struct v1 *v, struct cursor *c, int cut, int32_t node,
    const char *what)
{
	struct sbuf s = { "", 0 };
	uint32_t    type;
	size_t	    n, off;
	char	    buf[32];

	if (rd_enum(v, c, cut, "id_type", REG_V1_ID_TYPE, 1, &type) != 0 ||
	    rd_reserved(v, c, cut, "reserved", 3) != 0)
		return v->st->code;
	off = cur_off(c);
	n = cur_left(c);
	sb_add(&s, "%s%s ", what, nm(REG_V1_ID_TYPE, type, buf, sizeof(buf)));
	if ((type == V1_ID_IPV4_ADDR && n == 4) ||
	    (type == V1_ID_IPV6_ADDR && n == 16)) {
		ft_addr(v->t, "address", off, c->p, n);
		sb_addr(&s, c->p, n);
		(void)cur_skip(c, n);
		sb_done(v->t, node, &s);
		return DS_OK;
	}
	if (n > 0)
		fr_rest(v->t, c, "address", NULL, NULL);
	sb_add(&s, "%zu bytes", n);
	sb_done(v->t, node, &s);
	return overrun(v, cut, off,
	    cut ? "NAT-OA address cut short" :
		  "NAT-OA address is neither an IPv4 nor an IPv6 address");
}

/* Mode-Config attributes whose value is text from the wire. */
static int
cfg_is_text(uint32_t type)
{
	switch (type) {
	case V1_CFGA_APPLICATION_VERSION:
	case V1_CFGA_CHKPT_DEF_DOMAIN:
	case V1_CFGA_XAUTH_USER_NAME:
	case V1_CFGA_XAUTH_USER_PASSWORD:
	case V1_CFGA_XAUTH_PASSCODE:
	case V1_CFGA_XAUTH_MESSAGE:
	case V1_CFGA_XAUTH_CHALLENGE:
	case V1_CFGA_XAUTH_DOMAIN:
	case V1_CFGA_XAUTH_NEXT_PIN:
	case V1_CFGA_XAUTH_ANSWER:
	case V1_CFGA_UNITY_BANNER:
	case V1_CFGA_UNITY_DEF_DOMAIN:
	case V1_CFGA_UNITY_SPLITDNS_NAME:
	case V1_CFGA_UNITY_BACKUP_SERVERS:
	case V1_CFGA_UNITY_DDNS_HOSTNAME:
		return 1;
	}
	return 0;
}

/* Values that are passwords, one-time codes and answers to challenges. */
static int
cfg_is_secret(uint32_t type)
{
	return type == V1_CFGA_XAUTH_USER_PASSWORD ||
	    type == V1_CFGA_XAUTH_PASSCODE || type == V1_CFGA_XAUTH_NEXT_PIN ||
	    type == V1_CFGA_XAUTH_ANSWER;
}

static int
cfg_is_addr(uint32_t type)
{
	switch (type) {
	case V1_CFGA_INTERNAL_IP4_ADDRESS:
	case V1_CFGA_INTERNAL_IP4_NETMASK:
	case V1_CFGA_INTERNAL_IP4_DNS:
	case V1_CFGA_INTERNAL_IP4_NBNS:
	case V1_CFGA_INTERNAL_IP4_DHCP:
	case V1_CFGA_INTERNAL_IP6_ADDRESS:
	case V1_CFGA_INTERNAL_IP6_NETMASK:
	case V1_CFGA_INTERNAL_IP6_DNS:
	case V1_CFGA_INTERNAL_IP6_NBNS:
	case V1_CFGA_INTERNAL_IP6_DHCP:
		return 1;
	}
	return 0;
}

/* The value of one Mode-Config attribute (n bytes at p, offset off). */
static void
cfg_value(struct v1 *v, uint32_t type, const uint8_t *p, size_t n, size_t off,
    struct sbuf *sb)
{
	struct cursor c = cur_init(p, n);
	uint64_t      val = 0;
	uint16_t      w = 0;
	int32_t	      f;
	size_t	      i;
	char	      buf[32];

	c.base = off;
	if (cfg_is_secret(type)) {
		f = ft_text(v->t, "value", off, p, n);
		ft_secret(v->t, f);
		sb_add(sb, " (hidden)");
		return;
	}
	if (cfg_is_text(type)) {
		ft_text(v->t, "value", off, p, n);
		sb_add(sb, " ");
		sb_text(sb, p, n, 48);
		return;
	}
	if (cfg_is_addr(type) && (n == 4 || n == 16 || n == 17)) {
		/* IKEv1 IPv6 addresses may carry a prefix byte (as IKEv2). */
		ft_addr(v->t, "value", off, p, n == 17 ? 16 : n);
		if (n == 17)
			ft_uint(v->t, "prefix_length", off + 16, 1, p[16]);
		sb_add(sb, " ");
		sb_addr(sb, p, n == 17 ? 16 : n);
		if (n == 17)
			sb_add(sb, "/%u", p[16]);
		return;
	}
	if ((type == V1_CFGA_INTERNAL_IP4_SUBNET && n == 8) ||
	    (type == V1_CFGA_INTERNAL_IP6_SUBNET && n == 17)) {
		size_t a = n == 8 ? 4 : 16;

		ft_addr(v->t, "address", off, p, a);
		if (a == 4)
			ft_addr(v->t, "mask", off + 4, p + 4, 4);
		else
			ft_uint(v->t, "prefix_length", off + 16, 1, p[16]);
		sb_add(sb, " ");
		sb_addr(sb, p, a);
		if (a == 4 && mask_prefix(p + 4, 4) >= 0)
			sb_add(sb, "/%d", mask_prefix(p + 4, 4));
		else if (a == 16)
			sb_add(sb, "/%u", p[16]);
		return;
	}
	if (type == V1_CFGA_SUPPORTED_ATTRIBUTES && n % 2 == 0) {
		for (i = 0; i + 2 <= n && i < 2 * V1_MAX_ATTRS; i += 2) {
			(void)cur_be16(&c, &w);
			f = ft_enum(v->t, "supported", off + i, 2, w,
			    reg_name(REG_V1_CFG_ATTR, w));
			ft_item(v->t, f);
		}
		return;
	}
	if ((type == V1_CFGA_UNITY_SPLIT_INCLUDE ||
		type == V1_CFGA_UNITY_LOCAL_LAN) &&
	    n % 14 == 0) {
		/* Cisco: address, mask and 6 bytes of protocol and ports. */
		for (i = 0; i + 14 <= n && i < 14 * V1_MAX_ATTRS; i += 14) {
			f = ft_open_item(v->t, "networks", off + i, 14);
			ft_addr(v->t, "address", off + i, p + i, 4);
			ft_addr(v->t, "mask", off + i + 4, p + i + 4, 4);
			ft_close(v->t, f);
			sb_add(sb, "%s", i ? "," : " ");
			sb_addr(sb, p + i, 4);
			if (mask_prefix(p + i + 4, 4) >= 0)
				sb_add(sb, "/%d", mask_prefix(p + i + 4, 4));
		}
		return;
	}
	if (n >= 1 && n <= 4) {
		for (i = 0; i < n; i++)
			val = (val << 8) | p[i];
		if (type == V1_CFGA_XAUTH_TYPE ||
		    type == V1_CFGA_XAUTH_STATUS) {
			unsigned r = type == V1_CFGA_XAUTH_TYPE ?
			    REG_V1_XAUTH_TYPE :
			    REG_V1_XAUTH_STATUS;

			ft_enum(v->t, "value", off, n, val,
			    reg_name(r, (uint32_t)val));
			sb_add(sb, " %s",
			    nm(r, (uint32_t)val, buf, sizeof(buf)));
		} else {
			ft_uint(v->t, "value", off, n, val);
			sb_add(sb, " %llu", (unsigned long long)val);
		}
		return;
	}
	ft_bytes(v->t, "value", off, p, n);
	sb_add(sb, " (%zu bytes)", n);
}

/*
 * Attribute payload (draft-dukes-ike-mode-cfg-02 3.2):
 *
 *  !     Type      !   RESERVED    !           Identifier          !
 *  ~                           Attributes                          ~
 *
 * Attributes have the data attribute format of RFC 2408 3.3; an empty
 * TLV asks for a value.
 */
static enum dstatus_code
attr_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	struct sbuf	  s = { "", 0 };
	const uint8_t	 *p;
	uint32_t	  type, atype;
	uint16_t	  w = 0, len = 0;
	size_t		  start;
	int32_t		  an;
	int		  k;
	char		  buf[48];
	const char	 *name;
	enum dstatus_code rc = DS_OK;

	if (rd_enum(v, c, cut, "cfg_type", REG_V1_CFG_TYPE, 1, &type) != 0 ||
	    rd_reserved(v, c, cut, "reserved", 1) != 0 ||
	    rd_be16(v, c, cut, "identifier", NULL) != 0)
		return v->st->code;
	name = nm(REG_V1_CFG_TYPE, type, buf, sizeof(buf));
	if (strncmp(name, "ISAKMP_CFG_", 11) == 0)
		name += 11;
	sb_add(&s, "%s:", name);
	for (k = 0; cur_left(c) > 0; k++) {
		struct sbuf one = { "", 0 };

		if (k >= V1_MAX_ATTRS) {
			rc = fail(v, DS_LIMIT, cur_off(c),
			    "more attributes than ikescope follows");
			break;
		}
		start = cur_off(c);
		an = ft_open_item(v->t, "attributes", start, 0);
		if (cur_left(c) < 4) {
			rc = overrun(v, cut, start, "attribute cut short");
			ft_close(v->t, an);
			break;
		}
		(void)cur_be16(c, &w);
		atype = w & 0x7fff;
		ft_enum(v->t, "attribute_type", start, 2, atype,
		    reg_name(REG_V1_CFG_ATTR, atype));
		ft_str(v->t, "format", start, 2,
		    strdup(w >> 15 ? "TV" : "TLV"));
		sb_add(&one, "%s",
		    nm(REG_V1_CFG_ATTR, atype, buf, sizeof(buf)));
		if (w >> 15) {
			p = c->p;
			(void)cur_skip(c, 2);
			cfg_value(v, atype, p, 2, start + 2, &one);
		} else {
			(void)cur_be16(c, &len);
			ft_uint(v->t, "length", start + 2, 2, len);
			if (cur_bytes(c, len, &p) != 0) {
				rc = overrun(v, cut, start + 2,
				    "attribute "
				    "length runs past the payload");
				ft_close(v->t, an);
				break;
			}
			if (len > 0)
				cfg_value(v, atype, p, len, start + 4, &one);
		}
		ft_set_len(v->t, an, cur_off(c) - start);
		ft_summaryf(v->t, an, "%s", one.s);
		ft_close(v->t, an);
		if (k < V1_MAX_SUMMARY_ITEMS)
			sb_add(&s, "%s %s", k ? "," : "", one.s);
		else if (k == V1_MAX_SUMMARY_ITEMS)
			sb_add(&s, ", ...");
	}
	sb_done(v->t, node, &s);
	return rc;
}

/*
 * Cisco IKE fragmentation (type 132):
 *
 *  !        Fragment ID            ! Fragment Num  !     Flags     !
 *  ~                        Fragment Data                          ~
 */
static enum dstatus_code
frag_payload(struct v1 *v, struct cursor *c, int cut, int32_t node)
{
	uint16_t id;
	uint8_t	 num, flags;
	size_t	 off, n;

	if (rd_be16(v, c, cut, "fragment_id", &id) != 0 ||
	    rd_u8(v, c, cut, "fragment_number", &num) != 0)
		return v->st->code;
	off = cur_off(c);
	if (rd_u8(v, c, cut, "flags", &flags) != 0)
		return v->st->code;
	ft_bool(v->t, "last_fragment", off, 1, flags & IKEV1_FRAG_LAST);
	n = cur_left(c);
	fr_rest(v->t, c, "fragment_data", NULL, NULL);
	ft_summaryf(v->t, node, "fragment %u of ID %u%s, %zu bytes", num, id,
	    flags & IKEV1_FRAG_LAST ? " (last)" : "", n);
	return DS_OK;
}

int
ikev1_pke_hidden(uint16_t auth, uint8_t type)
{
	switch (auth) {
	case 4:	    /* RSA encryption (RFC 2409 5.2) */
	case 65007: /* XAUTHInitRSAEncryption */
	case 65008: /* XAUTHRespRSAEncryption */
		return type == 5 || type == 10 ? 1 : 0;
	case 5:	    /* revised RSA encryption (RFC 2409 5.3) */
	case 65009: /* XAUTHInitRSARevisedEncryption */
	case 65010: /* XAUTHRespRSARevisedEncryption */
		if (type == 10)
			return 1;
		return type == 4 || type == 5 || type == 6 ? 2 : 0;
	}
	return 0;
}

/*
 * A Phase 1 payload whose body is ciphertext (RFC 2409 5.2, 5.3: "only
 * the body of the payloads are encrypted ... the generic payload
 * headers are left in the clear").  The analyzer decrypts it with the
 * RSA private keys it is given; here it is only bytes.
 */
static enum dstatus_code
pke_payload(struct v1 *v, struct cursor *c, int32_t node, int how)
{
	size_t n = cur_left(c);

	fr_rest(v->t, c, "encrypted_data", NULL, NULL);
	if (how == 1)
		ft_summaryf(v->t, node,
		    "encrypted with the %s's RSA public key, %zu bytes",
		    v->ctx->from_initiator ? "responder" : "initiator", n);
	else
		ft_summaryf(v->t, node, "encrypted with %s, %zu bytes",
		    v->ctx->from_initiator ? "Ke_i" : "Ke_r", n);
	return DS_OK;
}

/* Whether the payload's own length says more than the message holds. */
static int
body_cut(const struct ftree *t, int32_t node, const struct cursor *body)
{
	int32_t		    i = ft_find(t, node, "length");
	const struct field *f = ft_get(t, i);

	return f != NULL && f->u > cur_left(body) + ISAKMP_GENERIC_LEN;
}

enum dstatus_code
ikev1_payload(struct ftree *t, struct cursor *body, uint8_t type,
    struct dissect_ctx *ctx, int32_t node, struct dstatus *st)
{
	struct dstatus	  local = { DS_OK, 0, NULL };
	struct v1	  v = { t, ctx, st != NULL ? st : &local };
	struct sbuf	  s = { "", 0 };
	int		  cut = body_cut(t, node, body);
	enum dstatus_code rc = DS_OK;

	st = v.st;

	if (!ctx->in_encrypted &&
	    (ctx->exch_type == 2 || ctx->exch_type == 4) &&
	    ikev1_pke_hidden(ctx->v1_auth, type) != 0)
		return pke_payload(&v, body, node,
		    ikev1_pke_hidden(ctx->v1_auth, type));

	switch (type) {
	case 1: /* SA */
		rc = sa_payload(&v, body, cut, node);
		break;
	case 4: /* KE */
		rc = bytes_payload(&v, body, node, "key_exchange_data");
		break;
	case 5: /* ID */
		rc = id_body(&v, body, cut, 0, &s);
		sb_done(t, node, &s);
		break;
	case 6: /* CERT */
		rc = cert_payload(&v, body, cut, node);
		break;
	case 7: /* CR */
		rc = cr_payload(&v, body, cut, node);
		break;
	case 8: /* HASH */
		rc = bytes_payload(&v, body, node, "hash_data");
		break;
	case 9: /* SIG */
		rc = bytes_payload(&v, body, node, "signature_data");
		break;
	case 10: /* NONCE */
		rc = bytes_payload(&v, body, node, "nonce_data");
		break;
	case 11: /* N */
		rc = n_payload(&v, body, cut, node);
		break;
	case 12: /* D */
		rc = d_payload(&v, body, cut, node);
		break;
	case 13: /* VID */
		rc = vid_payload(&v, body, node);
		break;
	case 14: /* ATTR */
		rc = attr_payload(&v, body, cut, node);
		break;
	case V1_PT_SAK:
	case V1_PT_SAT:
		/*
		 * In GDOI these sit inside the SA; standing alone in another
		 * DOI they are the NAT-T drafts' (-04 to -08) NAT-D/NAT-OA.
		 */
		if (ctx->doi != V1_DOI_GDOI) {
			rc = type == V1_PT_SAK ?
			    natd_payload(&v, body, node, "NAT-D (draft): ") :
			    natoa_payload(&v, body, cut, node,
				"NAT-OA (draft): ");
			break;
		}
		rc = type == V1_PT_SAK ? gdoi_sak(&v, body, cut, &s) :
					 gdoi_sat(&v, body, cut, &s);
		sb_done(t, node, &s);
		break;
	case V1_PT_KD:
		rc = kd_payload(&v, body, cut, node);
		break;
	case V1_PT_SEQ:
		/* RFC 6407 5.6: a 32-bit sequence number. */
		if (rd_be32(&v, body, cut, "sequence_number", NULL) != 0)
			rc = st->code;
		else if (cur_left(body) != 0)
			rc = ds_set(st, DS_INVALID, cur_off(body),
			    "bytes after the sequence number");
		break;
	case V1_PT_GAP:
		rc = attr_list(&v, body, cut, AK_GAP, 0, NULL, &s);
		sb_done(t, node, &s);
		break;
	case 19: /* POP (RFC 3547) */
		rc = bytes_payload(&v, body, node, "pop_data");
		break;
	case 20:  /* NAT-D (RFC 3947) */
	case 130: /* NAT-D (drafts -02, -03) */
		rc = natd_payload(&v, body, node, "");
		break;
	case 21:  /* NAT-OA (RFC 3947) */
	case 131: /* NAT-OA (drafts -02, -03) */
		rc = natoa_payload(&v, body, cut, node, "");
		break;
	case IKEV1_PT_FRAG:
		rc = frag_payload(&v, body, cut, node);
		break;
	default:
		if (cur_left(body) > 0)
			fr_rest(t, body, "data", NULL, NULL);
		break;
	}
	return rc;
}
