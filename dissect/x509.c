/*
 * x509.c - X.509 certificates, distinguished names and general names
 * for the CERT, CR/CERTREQ and ID dissectors (RFC 5280, read with
 * libksba; DNs printed as RFC 4514 / RFC 2253 strings).
 *
 * libksba parses the certificate; what it returns (strings, canonical
 * S-expressions) is freed here with ksba_free() and copied into strings
 * the field tree owns.  Bytes of the packet are read only through the
 * cursor: the subjectAltName extension, whose place libksba reports, and
 * GeneralNames are walked with a small bounded DER reader.  Nothing is
 * verified here: signatures belong to the analyzer's crypto.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ksba.h>

#include "cursor.h"
#include "der.h"
#include "x509.h"

/* subjectAltName (RFC 5280 4.2.1.6) */
#define OID_SAN "2.5.29.17"
/* A certificate with more extensions than this is not looked at further. */
#define X509_MAX_EXT   64
#define X509_MAX_SAN   32
#define X509_MAX_DEPTH 32 /* DER nesting of a certificate */

/* DER tags of GeneralName (RFC 5280 4.2.1.6), context-specific. */
#define GN_OTHER_NAME 0xa0 /* [0] constructed */
#define GN_RFC822     0x81 /* [1] IA5String */
#define GN_DNS	      0x82 /* [2] IA5String */
#define GN_X400	      0xa3 /* [3] constructed */
#define GN_DIRECTORY  0xa4 /* [4] explicit Name */
#define GN_EDI_PARTY  0xa5 /* [5] constructed */
#define GN_URI	      0x86 /* [6] IA5String */
#define GN_IP	      0x87 /* [7] OCTET STRING */
#define GN_RID	      0x88 /* [8] OBJECT IDENTIFIER */

/*
 * A copy of s (n bytes) that any renderer can print: valid UTF-8 is
 * kept, control characters and bytes that are not UTF-8 become '?'.
 */
static char *
clean_str(const unsigned char *s, size_t n)
{
	char  *out, *o;
	size_t i = 0, k, need;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	o = out;
	while (i < n) {
		unsigned char b = s[i];

		if (b >= 0x20 && b < 0x7f) {
			*o++ = (char)b;
			i++;
			continue;
		}
		need = b >= 0xc2 && b <= 0xdf ? 1 :
		    b >= 0xe0 && b <= 0xef    ? 2 :
		    b >= 0xf0 && b <= 0xf4    ? 3 :
						0;
		if (need != 0 && need < n - i) {
			for (k = 1; k <= need; k++)
				if ((s[i + k] & 0xc0) != 0x80)
					break;
			/* No overlong 3/4-byte forms, no surrogates. */
			if (k > need && !(b == 0xe0 && s[i + 1] < 0xa0) &&
			    !(b == 0xed && s[i + 1] >= 0xa0) &&
			    !(b == 0xf0 && s[i + 1] < 0x90) &&
			    !(b == 0xf4 && s[i + 1] >= 0x90)) {
				memcpy(o, s + i, need + 1);
				o += need + 1;
				i += need + 1;
				continue;
			}
		}
		*o++ = '?';
		i++;
	}
	*o = '\0';
	return out;
}

/* A string from libksba, made safe and moved to malloc'd memory. */
static char *
take_ksba_str(char *s)
{
	char *r;

	if (s == NULL)
		return NULL;
	r = clean_str((const unsigned char *)s, strlen(s));
	ksba_free(s);
	return r;
}

static char *
hex_str(const uint8_t *p, size_t n, const char *sep)
{
	size_t i, sl = strlen(sep), len = n * (2 + sl) + 1;
	char  *s, *o;

	if ((s = malloc(len)) == NULL)
		return NULL;
	o = s;
	*o = '\0';
	for (i = 0; i < n; i++) {
		snprintf(o, 3, "%02x", p[i]);
		o += 2;
		if (i + 1 < n && sl != 0) {
			memcpy(o, sep, sl);
			o += sl;
		}
	}
	*o = '\0';
	return s;
}

/*
 * Whether c holds exactly a sequence of well-formed DER TLVs, each
 * constructed one (bit 0x20) made of such TLVs in turn.  libksba's BER
 * decoder writes to stderr when lengths do not add up, so a certificate
 * reaches it only after this walk; depth is bounded by X509_MAX_DEPTH.
 */
static int
der_wellformed(struct cursor *c, int depth)
{
	struct cursor v;
	uint8_t	      tag, unused;
	size_t	      len;

	if (depth > X509_MAX_DEPTH)
		return 0;
	while (cur_left(c) > 0) {
		/* Tag 0 (end-of-contents) has no place in DER. */
		if (der_tl(c, &tag, &len) != 0 || cur_sub(c, len, &v) != 0 ||
		    tag == 0)
			return 0;
		if ((tag & 0x20) && !der_wellformed(&v, depth + 1))
			return 0;
		/*
		 * The BIT STRINGs a certificate's structure holds (key,
		 * signature) are whole octets; libksba warns on stderr
		 * about any other.
		 */
		if (tag == DER_BIT_STRING &&
		    (cur_peek(&v, 0, &unused) != 0 || unused != 0))
			return 0;
	}
	return 1;
}

/*
 * One SEQUENCE, nothing after it, every length inside consistent: what
 * a certificate or a Name must be before libksba sees it.
 */
static int
der_seq_wellformed(const struct cursor *cin)
{
	struct cursor c = *cin;
	uint8_t	      tag;
	size_t	      len;

	if (der_tl(&c, &tag, &len) != 0 || tag != DER_SEQUENCE ||
	    len != cur_left(&c))
		return 0;
	return der_wellformed(&c, 1);
}

char *
x509_dn_str(const uint8_t *der, size_t n)
{
	struct cursor c;
	char	     *s = NULL;

	if (der == NULL || n == 0)
		return NULL;
	c = cur_init(der, n);
	if (!der_seq_wellformed(&c))
		return NULL;
	if (ksba_dn_der2str(der, n, &s) != 0) {
		ksba_free(s);
		return NULL;
	}
	return take_ksba_str(s);
}

/* "prefix" + v as text (IA5String: ASCII, anything else escaped). */
static char *
prefixed(const char *prefix, const uint8_t *v, size_t n)
{
	char  *t, *s;
	size_t len;

	if ((t = clean_str(v, n)) == NULL)
		return NULL;
	len = strlen(prefix) + strlen(t) + 1;
	if ((s = malloc(len)) != NULL)
		snprintf(s, len, "%s%s", prefix, t);
	free(t);
	return s;
}

static char *
prefixed_hex(const char *prefix, const uint8_t *v, size_t n)
{
	char  *h, *s;
	size_t len;

	if ((h = hex_str(v, n, "")) == NULL)
		return NULL;
	len = strlen(prefix) + strlen(h) + 1;
	if ((s = malloc(len)) != NULL)
		snprintf(s, len, "%s%s", prefix, h);
	free(h);
	return s;
}

/* Dotted OID text of a DER OBJECT IDENTIFIER value (X.690 8.19). */
static char *
oid_str(const uint8_t *v, size_t n)
{
	struct cursor c = cur_init(v, n);
	char	      buf[256];

	if (der_oid_text(&c, buf, sizeof(buf)) != 0)
		return NULL;
	return strdup(buf);
}

/* One GeneralName (tag and value already read) as "type:value". */
static char *
gn_value_str(uint8_t tag, const uint8_t *v, size_t n)
{
	char   buf[64], *s, *t;
	size_t len;

	switch (tag) {
	case GN_RFC822:
		return prefixed("email:", v, n);
	case GN_DNS:
		return prefixed("DNS:", v, n);
	case GN_URI:
		return prefixed("URI:", v, n);
	case GN_IP:
		if (n == 4) {
			snprintf(buf, sizeof(buf), "IP:%u.%u.%u.%u", v[0], v[1],
			    v[2], v[3]);
			return strdup(buf);
		}
		if (n == 16) {
			size_t i;
			char  *o = buf;

			memcpy(o, "IP:", 3);
			o += 3;
			for (i = 0; i < 16; i += 2)
				o += snprintf(o, 6, "%s%x", i ? ":" : "",
				    (unsigned)(v[i] << 8 | v[i + 1]));
			return strdup(buf);
		}
		/* Name constraints carry address and mask: show the bytes. */
		return prefixed_hex("IP:", v, n);
	case GN_DIRECTORY:
		/* [4] is explicit: the value is a whole Name. */
		if ((t = x509_dn_str(v, n)) == NULL)
			return NULL;
		len = strlen(t) + 9;
		if ((s = malloc(len)) != NULL)
			snprintf(s, len, "DirName:%s", t);
		free(t);
		return s;
	case GN_RID:
		if ((t = oid_str(v, n)) == NULL)
			return NULL;
		len = strlen(t) + 5;
		if ((s = malloc(len)) != NULL)
			snprintf(s, len, "RID:%s", t);
		free(t);
		return s;
	case GN_OTHER_NAME:
		return prefixed_hex("othername:", v, n);
	case GN_X400:
		return prefixed_hex("X400Name:", v, n);
	case GN_EDI_PARTY:
		return prefixed_hex("EdiPartyName:", v, n);
	}
	return NULL;
}

char *
x509_gn_str(const uint8_t *der, size_t n)
{
	struct cursor  c;
	const uint8_t *v;
	uint8_t	       tag;
	size_t	       len;

	if (der == NULL)
		return NULL;
	c = cur_init(der, n);
	if (der_tl(&c, &tag, &len) != 0 || cur_bytes(&c, len, &v) != 0 ||
	    cur_left(&c) != 0)
		return NULL;
	return gn_value_str(tag, v, len);
}

/*
 * Length of a canonical S-expression as libksba makes them ("(3:abc)"),
 * or 0 when it is not one.  libksba's output is trusted to be well
 * formed; the walk still stops at a bound.
 */
static size_t
sexp_len(const unsigned char *s)
{
	size_t i = 0, n;
	int    depth = 0;

	if (s == NULL || s[0] != '(')
		return 0;
	while (i < (1u << 20)) {
		if (s[i] == '(') {
			depth++;
			i++;
		} else if (s[i] == ')') {
			i++;
			if (--depth == 0)
				return i;
		} else if (s[i] >= '0' && s[i] <= '9') {
			for (n = 0; s[i] >= '0' && s[i] <= '9'; i++) {
				if (n > 100000000)
					return 0;
				n = n * 10 + (size_t)(s[i] - '0');
			}
			if (s[i] != ':')
				return 0;
			i += 1 + n;
		} else
			return 0;
	}
	return 0;
}

/* The next token of a canonical S-expression: '(' ')' or a string. */
enum {
	TOK_OPEN,
	TOK_CLOSE,
	TOK_STR,
	TOK_END
};

static int
sexp_tok(struct cursor *c, const uint8_t **v, size_t *n)
{
	uint8_t b;
	size_t	len = 0;

	if (cur_u8(c, &b) != 0)
		return TOK_END;
	if (b == '(')
		return TOK_OPEN;
	if (b == ')')
		return TOK_CLOSE;
	while (b >= '0' && b <= '9') {
		if (len > 100000000)
			return TOK_END;
		len = len * 10 + (size_t)(b - '0');
		if (cur_u8(c, &b) != 0)
			return TOK_END;
	}
	if (b != ':' || cur_bytes(c, len, v) != 0)
		return TOK_END;
	*n = len;
	return TOK_STR;
}

static int
tok_is(const uint8_t *v, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(v, s, n) == 0;
}

/* Bits of a big-endian unsigned integer. */
static unsigned
int_bits(const uint8_t *v, size_t n)
{
	unsigned bits;
	uint8_t	 b;

	while (n > 0 && v[0] == 0) {
		v++;
		n--;
	}
	if (n == 0)
		return 0;
	bits = (unsigned)(n - 1) * 8;
	for (b = v[0]; b != 0; b >>= 1)
		bits++;
	return bits;
}

static const struct {
	const char *oid;
	const char *name;
	unsigned    bits;
} curves[] = {
	{ "1.2.840.10045.3.1.7", "NIST P-256", 256 },
	{ "1.3.132.0.34", "NIST P-384", 384 },
	{ "1.3.132.0.35", "NIST P-521", 521 },
	{ "1.2.840.10045.3.1.1", "NIST P-192", 192 },
	{ "1.3.132.0.33", "NIST P-224", 224 },
	{ "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", 256 },
	{ "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", 384 },
	{ "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", 512 },
	{ "1.3.101.112", "Ed25519", 256 },
	{ "1.3.101.113", "Ed448", 456 },
	{ "1.3.101.110", "Curve25519", 256 },
	{ "1.3.101.111", "X448", 448 },
};

/*
 * Key type and size from libksba's public key S-expression, e.g.
 * (10:public-key(3:rsa(1:n257:...)(1:e3:...))) or
 * (10:public-key(3:ecc(5:curve10:NIST P-256)(1:q65:...))).
 */
static void
add_public_key(struct ftree *t, ksba_sexp_t key, size_t off, size_t len)
{
	struct cursor  c;
	const uint8_t *v, *alg = NULL, *curve = NULL;
	size_t	       n, alg_n = 0, curve_n = 0, i;
	unsigned       bits = 0;
	int	       tok, depth = 0, head = 0, want = 0;
	char	      *s;

	if ((n = sexp_len(key)) == 0)
		return;
	c = cur_init(key, n);
	while ((tok = sexp_tok(&c, &v, &n)) != TOK_END) {
		if (tok == TOK_OPEN) {
			depth++;
			head = 1;
			continue;
		}
		if (tok == TOK_CLOSE) {
			depth--;
			head = 0;
			want = 0;
			continue;
		}
		if (head && depth == 2 && alg == NULL) {
			alg = v;
			alg_n = n;
		} else if (head && depth == 3)
			want = tok_is(v, n, "n") || tok_is(v, n, "p") ? 1 :
			    tok_is(v, n, "curve")		      ? 2 :
									0;
		else if (want == 1 && bits == 0)
			bits = int_bits(v, n);
		else if (want == 2 && curve == NULL) {
			curve = v;
			curve_n = n;
		}
		head = 0;
	}
	if (alg == NULL)
		return;
	ft_str(t, "public_key_algorithm", off, len, clean_str(alg, alg_n));
	if (curve != NULL) {
		s = clean_str(curve, curve_n);
		for (i = 0; s != NULL && i < sizeof(curves) / sizeof(curves[0]);
		     i++)
			if (strcmp(s, curves[i].oid) == 0 ||
			    strcmp(s, curves[i].name) == 0) {
				free(s);
				s = strdup(curves[i].name);
				bits = curves[i].bits;
				break;
			}
		ft_str(t, "curve", off, len, s);
	}
	if (bits != 0)
		ft_uint(t, "public_key_bits", off, len, bits);
}

/* c holds exactly n INTEGERs. */
static int
der_ints(struct cursor *c, int n)
{
	struct cursor v;

	while (n-- > 0)
		if (der_expect(c, DER_INTEGER, &v) != 0)
			return 0;
	return cur_left(c) == 0;
}

/* A Name (RFC 5280 4.1.2.4): SEQUENCE OF SET OF SEQUENCE { OID, value }. */
static int
der_name(struct cursor *c)
{
	struct cursor name, set, atv, v;
	uint8_t	      tag;
	size_t	      len;

	if (der_expect(c, DER_SEQUENCE, &name) != 0)
		return 0;
	while (cur_left(&name) > 0) {
		if (der_expect(&name, DER_SET, &set) != 0)
			return 0;
		while (cur_left(&set) > 0)
			if (der_expect(&set, DER_SEQUENCE, &atv) != 0 ||
			    der_expect(&atv, DER_OID, &v) != 0 ||
			    der_tl(&atv, &tag, &len) != 0 || (tag & 0x20) ||
			    cur_skip(&atv, len) != 0 || cur_left(&atv) != 0)
				return 0;
	}
	return 1;
}

/*
 * The outline of a certificate (RFC 5280 4.1) with the tag of every
 * field libksba's decoder walks into.  libksba leaks its parse tree on
 * some certificates that are well-formed DER but break this outline
 * (a version holding something other than an INTEGER next to a serial
 * that is not one), so it only sees certificates that keep to it.
 */
static int
cert_outline(const struct cursor *cert)
{
	struct cursor outer = *cert, c, tbs, f, ext, one, v;
	uint8_t	      tag;
	int	      k;

	if (der_expect(&outer, DER_SEQUENCE, &c) != 0 ||
	    der_expect(&c, DER_SEQUENCE, &tbs) != 0)
		return 0;
	if (der_peek_tag(&tbs, 0xa0) &&
	    (der_expect(&tbs, 0xa0, &f) != 0 ||
		der_expect(&f, DER_INTEGER, &v) != 0 || cur_left(&f) != 0))
		return 0;
	if (der_expect(&tbs, DER_INTEGER, &v) != 0 ||
	    der_expect(&tbs, DER_SEQUENCE, &f) != 0 ||
	    der_expect(&f, DER_OID, &v) != 0 || !der_name(&tbs) ||
	    der_expect(&tbs, DER_SEQUENCE, &f) != 0)
		return 0;
	for (k = 0; k < 2; k++)
		if (cur_peek(&f, 0, &tag) != 0 ||
		    (tag != DER_UTCTIME && tag != DER_GENTIME) ||
		    der_skip(&f) != 0)
			return 0;
	if (cur_left(&f) != 0 || !der_name(&tbs) ||
	    der_expect(&tbs, DER_SEQUENCE, &f) != 0 ||
	    der_expect(&f, DER_SEQUENCE, &v) != 0 ||
	    der_expect(&v, DER_OID, &one) != 0 ||
	    der_expect(&f, DER_BIT_STRING, &v) != 0 || cur_left(&f) != 0)
		return 0;
	/* [1], [2] unique IDs, then [3] extensions */
	while (cur_peek(&tbs, 0, &tag) == 0 && (tag == 0x81 || tag == 0x82))
		if (der_skip(&tbs) != 0)
			return 0;
	if (cur_left(&tbs) > 0) {
		if (der_expect(&tbs, 0xa3, &f) != 0 ||
		    der_expect(&f, DER_SEQUENCE, &ext) != 0 ||
		    cur_left(&f) != 0 || cur_left(&tbs) != 0)
			return 0;
		while (cur_left(&ext) > 0) {
			if (der_expect(&ext, DER_SEQUENCE, &one) != 0 ||
			    der_expect(&one, DER_OID, &v) != 0)
				return 0;
			if (der_peek_tag(&one, DER_BOOLEAN) &&
			    der_skip(&one) != 0)
				return 0;
			if (der_expect(&one, DER_OCTET_STRING, &v) != 0 ||
			    cur_left(&one) != 0)
				return 0;
		}
	}
	if (der_expect(&c, DER_SEQUENCE, &f) != 0 ||
	    der_expect(&f, DER_OID, &v) != 0 ||
	    der_expect(&c, DER_BIT_STRING, &v) != 0)
		return 0;
	return cur_left(&c) == 0;
}

/*
 * Whether libksba can turn the certificate's SubjectPublicKeyInfo (RFC
 * 5280 4.1) into an S-expression without failing half way: on a
 * malformed RSA or DSA key it returns an error and leaks the buffer it
 * started (keyinfo.c says so).  So RSA keys must be SEQUENCE { n, e }
 * and DSA keys carry SEQUENCE { p, q, g } and an INTEGER; EC and EdDSA
 * keys are taken raw and cannot fail there.
 */
static int
spki_safe(const struct cursor *cert)
{
	static const uint8_t rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1,
		1 };
	static const uint8_t rsa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
		1, 1, 10 };
	static const uint8_t dsa[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 4, 1 };
	struct cursor outer = *cert, c, tbs, spki, alg, oid, key, seq, parm;
	uint8_t	      unused;
	int	      i, is_rsa, is_dsa;

	if (der_expect(&outer, DER_SEQUENCE, &c) != 0 ||
	    der_expect(&c, DER_SEQUENCE, &tbs) != 0)
		return 0;
	/* [0] version, serial, signature, issuer, validity, subject */
	if (der_peek_tag(&tbs, 0xa0) && der_skip(&tbs) != 0)
		return 0;
	for (i = 0; i < 5; i++)
		if (der_skip(&tbs) != 0)
			return 0;
	if (der_expect(&tbs, DER_SEQUENCE, &spki) != 0 ||
	    der_expect(&spki, DER_SEQUENCE, &alg) != 0 ||
	    der_expect(&alg, DER_OID, &oid) != 0 ||
	    der_expect(&spki, DER_BIT_STRING, &key) != 0 ||
	    cur_u8(&key, &unused) != 0 || unused != 0)
		return 0;
	is_rsa = cur_equals(&oid, rsa, sizeof(rsa)) ||
	    cur_equals(&oid, rsa_pss, sizeof(rsa_pss));
	is_dsa = cur_equals(&oid, dsa, sizeof(dsa));
	if (is_rsa)
		return der_expect(&key, DER_SEQUENCE, &seq) == 0 &&
		    cur_left(&key) == 0 && der_ints(&seq, 2);
	if (is_dsa)
		return der_expect(&alg, DER_SEQUENCE, &parm) == 0 &&
		    der_ints(&parm, 3) && der_ints(&key, 1);
	return 1;
}

/*
 * What libksba must be spared before it parses a certificate at all:
 * one well-formed DER SEQUENCE keeping to the outline.
 */
static int
cert_parse_safe(const struct cursor *cert)
{
	return der_seq_wellformed(cert) && cert_outline(cert);
}

int
x509_cert_safe(const uint8_t *der, size_t n)
{
	struct cursor c;

	if (der == NULL || n == 0)
		return 0;
	c = cur_init(der, n);
	return cert_parse_safe(&c) && spki_safe(&c);
}

/* "(N:bytes)" -> hex */
static char *
serial_str(ksba_sexp_t sx)
{
	struct cursor  c;
	const uint8_t *v;
	size_t	       n;

	if ((n = sexp_len(sx)) == 0)
		return NULL;
	c = cur_init(sx, n);
	if (sexp_tok(&c, &v, &n) != TOK_OPEN || sexp_tok(&c, &v, &n) != TOK_STR)
		return NULL;
	return hex_str(v, n, "");
}

/* ksba_isotime_t "YYYYMMDDTHHMMSS" -> RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" */
static char *
time_str(const ksba_isotime_t it)
{
	char   buf[32];
	size_t i;

	for (i = 0; i < 15; i++)
		if (i == 8 ? it[i] != 'T' : (it[i] < '0' || it[i] > '9'))
			return NULL;
	snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", it, it + 4,
	    it + 6, it + 9, it + 11, it + 13);
	return strdup(buf);
}

static const struct {
	const char *oid;
	const char *name;
} sig_algs[] = {
	{ "1.2.840.113549.1.1.4", "md5WithRSAEncryption" },
	{ "1.2.840.113549.1.1.5", "sha1WithRSAEncryption" },
	{ "1.2.840.113549.1.1.10", "RSASSA-PSS" },
	{ "1.2.840.113549.1.1.11", "sha256WithRSAEncryption" },
	{ "1.2.840.113549.1.1.12", "sha384WithRSAEncryption" },
	{ "1.2.840.113549.1.1.13", "sha512WithRSAEncryption" },
	{ "1.2.840.113549.1.1.14", "sha224WithRSAEncryption" },
	{ "1.2.840.10040.4.3", "dsa-with-sha1" },
	{ "2.16.840.1.101.3.4.3.2", "dsa-with-sha256" },
	{ "1.2.840.10045.4.1", "ecdsa-with-SHA1" },
	{ "1.2.840.10045.4.3.2", "ecdsa-with-SHA256" },
	{ "1.2.840.10045.4.3.3", "ecdsa-with-SHA384" },
	{ "1.2.840.10045.4.3.4", "ecdsa-with-SHA512" },
	{ "1.3.101.112", "Ed25519" },
	{ "1.3.101.113", "Ed448" },
};

/*
 * The GeneralNames of the subjectAltName extension, found through
 * libksba and read from our own buffer (SEQUENCE OF GeneralName).
 */
static void
add_alt_names(struct ftree *t, ksba_cert_t cert, const struct cursor *cc)
{
	struct cursor ext, seq;
	const char   *oid;
	size_t	      deroff, derlen, len;
	int	      idx, crit, k;
	uint8_t	      tag;

	for (idx = 0; idx < X509_MAX_EXT; idx++) {
		if (ksba_cert_get_extension(cert, idx, &oid, &crit, &deroff,
			&derlen) != 0)
			return;
		if (oid == NULL || strcmp(oid, OID_SAN) != 0)
			continue;
		if (cur_window(cc, cc->base + deroff, derlen, &ext) != 0 ||
		    der_tl(&ext, &tag, &len) != 0 || tag != DER_SEQUENCE ||
		    cur_sub(&ext, len, &seq) != 0)
			return;
		for (k = 0; k < X509_MAX_SAN && cur_left(&seq) > 0; k++) {
			size_t	       at = cur_off(&seq);
			const uint8_t *v;
			int32_t	       i;

			if (der_tl(&seq, &tag, &len) != 0 ||
			    cur_bytes(&seq, len, &v) != 0)
				return;
			i = ft_str(t, "subject_alt_names", at,
			    cur_off(&seq) - at, gn_value_str(tag, v, len));
			ft_item(t, i);
		}
		return;
	}
}

enum dstatus_code
x509_cert_fields(struct ftree *t, const uint8_t *der, size_t n, size_t off,
    struct dstatus *st)
{
	ksba_cert_t	  cert = NULL;
	ksba_sexp_t	  sx;
	ksba_isotime_t	  it;
	struct cursor	  cc;
	const char	 *oid;
	enum dstatus_code rc = DS_OK;
	size_t		  i;

	if (der == NULL || n == 0)
		return ds_set(st, DS_INVALID, off, "empty certificate");
	cc = cur_init(der, n);
	cc.base = off;
	/*
	 * Not x509_cert_safe(): a certificate whose key libksba cannot read
	 * safely is still shown, without its key.
	 */
	if (!cert_parse_safe(&cc))
		return ds_set(st, DS_INVALID, off,
		    "certificate is not well-formed DER X.509");
	if (ksba_cert_new(&cert) != 0) {
		rc = ds_set(st, DS_INVALID, off,
		    "certificate could not be parsed (out of memory)");
		goto out;
	}
	if (ksba_cert_init_from_mem(cert, der, n) != 0) {
		rc = ds_set(st, DS_INVALID, off,
		    "certificate is not a DER X.509 certificate");
		goto out;
	}
	ft_str(t, "subject", off, n,
	    take_ksba_str(ksba_cert_get_subject(cert, 0)));
	ft_str(t, "issuer", off, n,
	    take_ksba_str(ksba_cert_get_issuer(cert, 0)));
	if ((sx = ksba_cert_get_serial(cert)) != NULL) {
		ft_str(t, "serial", off, n, serial_str(sx));
		ksba_free(sx);
	}
	if (ksba_cert_get_validity(cert, 0, it) == 0)
		ft_str(t, "not_before", off, n, time_str(it));
	if (ksba_cert_get_validity(cert, 1, it) == 0)
		ft_str(t, "not_after", off, n, time_str(it));
	if ((oid = ksba_cert_get_digest_algo(cert)) != NULL) {
		const char *name = oid;

		for (i = 0; i < sizeof(sig_algs) / sizeof(sig_algs[0]); i++)
			if (strcmp(oid, sig_algs[i].oid) == 0)
				name = sig_algs[i].name;
		ft_str(t, "signature_algorithm", off, n, strdup(name));
	}
	if (spki_safe(&cc) && (sx = ksba_cert_get_public_key(cert)) != NULL) {
		add_public_key(t, sx, off, n);
		ksba_free(sx);
	}
	add_alt_names(t, cert, &cc);
out:
	ksba_cert_release(cert);
	return rc;
}
