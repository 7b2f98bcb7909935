/*
 * crypto_pk.c - RSA private keys, RSAES-PKCS1-v1_5 decryption and IKE
 * signature checks over libgcrypt and libksba (RFC 8017, 7427, 4754,
 * 8410, 2409; RFC 5208/5958 PKCS#8, RFC 4055 RSASSA-PSS parameters).
 *
 * Private keys are read with the bounded DER reader of dissect/der.h
 * (libksba does not parse them): every length is checked against what
 * is left before anything is read, indefinite lengths are refused, and
 * so are INTEGERs of more than DER_INT_MAX bytes.  Certificates go to
 * libksba only once x509_cert_safe() of dissect/x509.h passes them
 * (libksba's decoder misbehaves on some hostile input); the public key
 * it returns as a canonical S-expression is handed to libgcrypt.
 *
 * Copies of private key material made here (decoded PEM, the decrypted
 * block) are wiped before they are freed; libgcrypt's own MPIs wipe
 * their limbs when released.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#include <ksba.h>

#include "../dissect/cursor.h"
#include "../dissect/der.h"
#include "../dissect/x509.h"
#include "crypto.h"
#include "crypto_pk.h"

#define DER_INT_MAX   1024 /* INTEGER magnitude, bytes (RSA-8192) */
#define RSA_MIN_BITS  512
#define PKCS1_MIN_PAD 8 /* RFC 8017 7.2.2 and 8.2.2: PS >= 8 octets */

#define DECRYPT_HINT "decrypt it first with `openssl pkey -in KEY -out PLAIN`"

struct crypto_rsa {
	gcry_sexp_t key; /* (private-key (rsa (n e d p q u))) */
	gcry_mpi_t  n;
	size_t	    len; /* modulus bytes */
};

/* Object identifiers, DER contents octets. */
static const uint8_t oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1,
	1 };
static const uint8_t oid_rsa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1,
	10 };
static const uint8_t oid_mgf1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1,
	8 };

/* Key algorithms named in messages about keys that are not RSA. */
static const struct {
	const char *oid;
	const char *name;
} key_names[] = {
	{ "1.2.840.10045.2.1", "EC" },
	{ "1.2.840.10040.4.1", "DSA" },
	{ "1.2.840.10046.2.1", "DH" },
	{ "1.3.101.110", "X25519" },
	{ "1.3.101.111", "X448" },
	{ "1.3.101.112", "Ed25519" },
	{ "1.3.101.113", "Ed448" },
};

/* Hash algorithm identifiers (RFC 4055 2.1, RFC 5754 2). */
static const struct {
	uint8_t oid[9];
	uint8_t len;
	int	md;
} hash_oids[] = {
	{ { 0x2b, 0x0e, 0x03, 0x02, 0x1a }, 5, GCRY_MD_SHA1 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04 }, 9,
	    GCRY_MD_SHA224 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 }, 9,
	    GCRY_MD_SHA256 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 }, 9,
	    GCRY_MD_SHA384 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 }, 9,
	    GCRY_MD_SHA512 },
};

enum sig_kind {
	SK_RSA_PKCS1, /* RSASSA-PKCS1-v1_5, DigestInfo (RFC 8017 8.2) */
	SK_RSA_PSS,   /* RSASSA-PSS (RFC 8017 8.1) */
	SK_ECDSA_RS,  /* r | s, fixed length (RFC 4754 7) */
	SK_ECDSA_DER, /* Ecdsa-Sig-Value (RFC 7427 3, RFC 3279 2.2.3) */
	SK_EDDSA      /* pure EdDSA (RFC 8032, RFC 8410) */
};

/* RFC 7427 signature algorithms by AlgorithmIdentifier OID. */
static const struct {
	uint8_t	      oid[9];
	uint8_t	      len;
	enum sig_kind kind;
	int	      md;
	const char   *curve; /* EdDSA: libgcrypt's curve name */
} digsig_algs[] = {
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 5 }, 9, SK_RSA_PKCS1,
	    GCRY_MD_SHA1, NULL },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11 }, 9, SK_RSA_PKCS1,
	    GCRY_MD_SHA256, NULL },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 12 }, 9, SK_RSA_PKCS1,
	    GCRY_MD_SHA384, NULL },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 13 }, 9, SK_RSA_PKCS1,
	    GCRY_MD_SHA512, NULL },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 10 }, 9, SK_RSA_PSS, 0,
	    NULL },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 1 }, 7, SK_ECDSA_DER, GCRY_MD_SHA1,
	    NULL },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 3, 2 }, 8, SK_ECDSA_DER,
	    GCRY_MD_SHA256, NULL },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 3, 3 }, 8, SK_ECDSA_DER,
	    GCRY_MD_SHA384, NULL },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 3, 4 }, 8, SK_ECDSA_DER,
	    GCRY_MD_SHA512, NULL },
	{ { 0x2b, 0x65, 0x70 }, 3, SK_EDDSA, 0, "Ed25519" },
	{ { 0x2b, 0x65, 0x71 }, 3, SK_EDDSA, 0, "Ed448" },
};

/* A signature scheme, from the AUTH method or RFC 7427 AlgorithmIdentifier. */
struct scheme {
	enum sig_kind kind;
	int	      md;     /* message hash (none for EdDSA) */
	int	      mgf_md; /* RSA-PSS: MGF1 hash */
	unsigned long salt;   /* RSA-PSS: salt length */
	const char   *curve;  /* libgcrypt curve name the key must be on */
	char	      name[96];
};

enum key_kind {
	KEY_RSA,
	KEY_DSA,
	KEY_ECDSA,
	KEY_EDDSA,
	KEY_OTHER
};

/* A certificate's public key. */
struct pubkey {
	gcry_sexp_t   sx;
	enum key_kind kind;
	const char   *curve; /* ECC: libgcrypt's name (static storage) */
	unsigned      bits;  /* RSA, DSA: modulus / p; ECC: curve */
	unsigned      qbits; /* DSA: q */
	gcry_mpi_t    n, e;  /* RSA */
	size_t	      k;     /* RSA: modulus bytes */
	char	      desc[48];
};

static void __attribute__((format(printf, 3, 4)))
msg(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* msg() and a signature result in one. */
static enum crypto_sig_result __attribute__((format(printf, 4, 5)))
say(enum crypto_sig_result r, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return r;
}

/* --- DER ------------------------------------------------------------------ */

/*
 * A non-negative INTEGER: its magnitude (leading zero octets dropped,
 * possibly empty for 0) in v, at most DER_INT_MAX octets.
 */
static int
der_uint(struct cursor *c, const uint8_t **v, size_t *n)
{
	struct cursor i;
	uint8_t	      b;

	if (der_expect(c, DER_INTEGER, &i) != 0 || cur_peek(&i, 0, &b) != 0 ||
	    (b & 0x80) != 0)
		return -1;
	while (cur_peek(&i, 0, &b) == 0 && b == 0)
		(void)cur_skip(&i, 1);
	if (cur_left(&i) > DER_INT_MAX)
		return -1;
	*n = cur_left(&i);
	return cur_bytes(&i, *n, v);
}

/* A small non-negative INTEGER (a version, a salt length). */
static int
der_small_uint(struct cursor *c, unsigned long *out)
{
	const uint8_t *v;
	size_t	       n, i;
	unsigned long  x = 0;

	if (der_uint(c, &v, &n) != 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++)
		x = (x << 8) | v[i];
	*out = x;
	return 0;
}

/* Dotted text of an OBJECT IDENTIFIER's contents, for messages. */
static void
oid_text(const struct cursor *oid, char *buf, size_t len)
{
	if (len > 0 && der_oid_text(oid, buf, len) != 0)
		snprintf(buf, len, "(malformed OID)");
}

/* --- MPIs ----------------------------------------------------------------- */

/* An unsigned big-endian integer; n may be 0. */
static gcry_mpi_t
mpi_of(const uint8_t *v, size_t n)
{
	gcry_mpi_t m = NULL;

	if (n == 0)
		return gcry_mpi_new(0);
	if (gcry_mpi_scan(&m, GCRYMPI_FMT_USG, v, n, NULL) != 0)
		return NULL;
	return m;
}

/* m as exactly len big-endian bytes; -1 when it does not fit. */
static int
mpi_fixed(gcry_mpi_t m, uint8_t *out, size_t len)
{
	size_t n = 0;

	if (gcry_mpi_print(GCRYMPI_FMT_USG, NULL, 0, &n, m) != 0 || n > len)
		return -1;
	memset(out, 0, len);
	if (n > 0 &&
	    gcry_mpi_print(GCRYMPI_FMT_USG, out + (len - n), n, &n, m) != 0)
		return -1;
	return 0;
}

/* The MPI after the token name in sx, or NULL. */
static gcry_mpi_t
sexp_mpi(gcry_sexp_t sx, const char *name)
{
	gcry_sexp_t l;
	gcry_mpi_t  m;

	if ((l = gcry_sexp_find_token(sx, name, 0)) == NULL)
		return NULL;
	m = gcry_sexp_nth_mpi(l, 1, GCRYMPI_FMT_USG);
	gcry_sexp_release(l);
	return m;
}

/* --- RSA private keys ----------------------------------------------------- */

static struct crypto_rsa *
rsa_fail(char *err, size_t errlen, const char *what)
{
	msg(err, errlen, "%s", what);
	return NULL;
}

/*
 * n, e, d, p, q as libgcrypt wants them: p < q, u = p^-1 mod q (the
 * coefficient in the file is q^-1 mod p and is not used).  Checked:
 * p * q = n, and e * d = 1 modulo p - 1 and q - 1 (so d undoes e).
 */
static struct crypto_rsa *
rsa_build(const uint8_t *const v[5], const size_t l[5], char *err,
    size_t errlen)
{
	struct crypto_rsa *k = NULL;
	gcry_mpi_t	   m[5] = { NULL }, u = NULL, t = NULL, x = NULL;
	gcry_sexp_t	   sx = NULL;
	const char	  *why = NULL;
	unsigned	   nbits;
	int		   i;

	for (i = 0; i < 5; i++)
		if ((m[i] = mpi_of(v[i], l[i])) == NULL) {
			why = "RSA key: cannot read an integer";
			goto out;
		}
	/* m[]: n e d p q */
	nbits = gcry_mpi_get_nbits(m[0]);
	u = gcry_mpi_new(0);
	t = gcry_mpi_new(0);
	x = gcry_mpi_new(0);
	if (nbits < RSA_MIN_BITS) {
		why = "RSA key: the modulus is too small (under 512 bits)";
		goto out;
	}
	if (!gcry_mpi_test_bit(m[1], 0) || gcry_mpi_cmp_ui(m[1], 3) < 0 ||
	    gcry_mpi_cmp(m[1], m[0]) >= 0) {
		why = "RSA key: the public exponent is not valid";
		goto out;
	}
	if (gcry_mpi_cmp_ui(m[2], 1) <= 0 || gcry_mpi_cmp_ui(m[3], 1) <= 0 ||
	    gcry_mpi_cmp_ui(m[4], 1) <= 0 || gcry_mpi_cmp(m[3], m[4]) == 0) {
		why = "RSA key: the private exponent or a prime is not valid";
		goto out;
	}
	gcry_mpi_mul(t, m[3], m[4]);
	if (gcry_mpi_cmp(t, m[0]) != 0) {
		why = "RSA key: the primes do not multiply to the modulus";
		goto out;
	}
	gcry_mpi_mul(t, m[1], m[2]);
	gcry_mpi_sub_ui(t, t, 1);
	for (i = 3; i < 5; i++) {
		gcry_mpi_sub_ui(x, m[i], 1);
		gcry_mpi_mod(u, t, x);
		if (gcry_mpi_cmp_ui(u, 0) != 0) {
			why = "RSA key: the private exponent does not match "
			      "the public one";
			goto out;
		}
	}
	if (gcry_mpi_cmp(m[3], m[4]) > 0)
		gcry_mpi_swap(m[3], m[4]);
	if (!gcry_mpi_invm(u, m[3], m[4])) {
		why = "RSA key: the primes are not coprime";
		goto out;
	}
	if (gcry_sexp_build(&sx, NULL,
		"(private-key(rsa(n%m)(e%m)(d%m)(p%m)(q%m)(u%m)))", m[0], m[1],
		m[2], m[3], m[4], u) != 0 ||
	    gcry_pk_testkey(sx) != 0) {
		why = "RSA key: libgcrypt rejects the key";
		goto out;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		why = "out of memory";
		goto out;
	}
	k->key = sx;
	sx = NULL;
	k->n = m[0];
	m[0] = NULL;
	k->len = (nbits + 7) / 8;
out:
	if (why != NULL)
		msg(err, errlen, "%s", why);
	for (i = 0; i < 5; i++)
		gcry_mpi_release(m[i]);
	gcry_mpi_release(u);
	gcry_mpi_release(t);
	gcry_mpi_release(x);
	gcry_sexp_release(sx);
	return k;
}

/* RSAPrivateKey (RFC 8017 A.1.2), the contents of its SEQUENCE. */
static struct crypto_rsa *
pkcs1_key(struct cursor *seq, char *err, size_t errlen)
{
	static const char *const names[8] = { "modulus", "publicExponent",
		"privateExponent", "prime1", "prime2", "exponent1", "exponent2",
		"coefficient" };
	const uint8_t		*v[8];
	size_t			 l[8];
	unsigned long		 ver;
	int			 i;

	if (der_small_uint(seq, &ver) != 0)
		return rsa_fail(err, errlen, "RSAPrivateKey: no version");
	if (ver == 1)
		return rsa_fail(err, errlen,
		    "multi-prime RSA keys (RSAPrivateKey version 1) are not "
		    "supported");
	if (ver != 0)
		return rsa_fail(err, errlen, "RSAPrivateKey: unknown version");
	for (i = 0; i < 8; i++)
		if (der_uint(seq, &v[i], &l[i]) != 0) {
			msg(err, errlen,
			    "RSAPrivateKey: %s is not a valid INTEGER (or "
			    "longer than %d bytes)",
			    names[i], DER_INT_MAX);
			return NULL;
		}
	if (cur_left(seq) != 0)
		return rsa_fail(err, errlen,
		    "RSAPrivateKey: bytes after the coefficient");
	return rsa_build(v, l, err, errlen);
}

/*
 * PrivateKeyInfo / OneAsymmetricKey (RFC 5208 5, RFC 5958 2) after its
 * version: AlgorithmIdentifier, OCTET STRING, optional attributes and
 * public key.
 */
static struct crypto_rsa *
pkcs8_key(struct cursor *seq, char *err, size_t errlen)
{
	struct cursor alg, oid, params, inner, rsakey;
	char	      text[96];
	size_t	      i;

	if (der_expect(seq, DER_SEQUENCE, &alg) != 0 ||
	    der_expect(&alg, DER_OID, &oid) != 0)
		return rsa_fail(err, errlen,
		    "PrivateKeyInfo: no algorithm identifier");
	if (cur_equals(&oid, oid_rsa_pss, sizeof(oid_rsa_pss)))
		return rsa_fail(err, errlen,
		    "an RSASSA-PSS key (OID 1.2.840.113549.1.1.10) is for "
		    "signatures only and cannot decrypt");
	if (!cur_equals(&oid, oid_rsa, sizeof(oid_rsa))) {
		oid_text(&oid, text, sizeof(text));
		for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
			if (strcmp(text, key_names[i].oid) == 0) {
				msg(err, errlen, "not an RSA key (OID %s, %s)",
				    text, key_names[i].name);
				return NULL;
			}
		msg(err, errlen, "not an RSA key (OID %s)", text);
		return NULL;
	}
	if (cur_left(&alg) > 0 &&
	    (der_expect(&alg, DER_NULL, &params) != 0 ||
		cur_left(&params) != 0 || cur_left(&alg) != 0))
		return rsa_fail(err, errlen,
		    "PrivateKeyInfo: rsaEncryption with parameters");
	if (der_expect(seq, DER_OCTET_STRING, &inner) != 0)
		return rsa_fail(err, errlen, "PrivateKeyInfo: no privateKey");
	while (cur_left(seq) > 0)
		if (der_skip(seq) != 0)
			return rsa_fail(err, errlen,
			    "PrivateKeyInfo: malformed after the key");
	if (der_expect(&inner, DER_SEQUENCE, &rsakey) != 0 ||
	    cur_left(&inner) != 0)
		return rsa_fail(err, errlen,
		    "PrivateKeyInfo: the privateKey is not an RSAPrivateKey");
	return pkcs1_key(&rsakey, err, errlen);
}

/* A DER key: PKCS#1 RSAPrivateKey or PKCS#8, told apart by shape. */
static struct crypto_rsa *
der_key(const uint8_t *der, size_t len, char *err, size_t errlen)
{
	struct cursor c = cur_init(der, len), seq, v;
	unsigned long ver;

	if (der_expect(&c, DER_SEQUENCE, &seq) != 0)
		return rsa_fail(err, errlen,
		    "not a DER private key (no outer SEQUENCE, or it is "
		    "truncated)");
	if (cur_left(&c) != 0)
		return rsa_fail(err, errlen,
		    "not a DER private key (bytes after the outer SEQUENCE)");
	if (der_peek_tag(&seq, DER_SEQUENCE)) {
		msg(err, errlen,
		    "encrypted PKCS#8 key (EncryptedPrivateKeyInfo): %s",
		    DECRYPT_HINT);
		return NULL;
	}
	v = seq;
	if (der_small_uint(&v, &ver) != 0)
		return rsa_fail(err, errlen,
		    "not a private key (no version INTEGER)");
	if (der_peek_tag(&v, DER_INTEGER))
		return pkcs1_key(&seq, err, errlen);
	if (der_peek_tag(&v, DER_SEQUENCE)) {
		if (ver > 1)
			return rsa_fail(err, errlen,
			    "PrivateKeyInfo: unknown version");
		return pkcs8_key(&v, err, errlen);
	}
	if (ver == 1 && der_peek_tag(&v, DER_OCTET_STRING))
		return rsa_fail(err, errlen,
		    "not an RSA key (an EC private key, RFC 5915)");
	return rsa_fail(err, errlen,
	    "not a private key (neither PKCS#1 nor PKCS#8)");
}

/* The last byte of c, or -1 when it is empty. */
static int
last_byte(const struct cursor *c)
{
	uint8_t b;

	if (cur_left(c) == 0 || cur_peek(c, cur_left(c) - 1, &b) != 0)
		return -1;
	return b;
}

/* The next line of c without its line end; -1 at the end. */
static int
next_line(struct cursor *c, struct cursor *line)
{
	const uint8_t *v;
	size_t	       i;
	uint8_t	       b = 0;

	if (cur_left(c) == 0)
		return -1;
	for (i = 0; cur_peek(c, i, &b) == 0 && b != '\n'; i++)
		;
	(void)cur_sub(c, i, line);
	(void)cur_skip(c, b == '\n' ? 1 : 0);
	if (last_byte(line) == '\r')
		(void)cur_tail(line, 1, &v);
	return 0;
}

static int
has_prefix(const struct cursor *c, const char *s)
{
	size_t	n = strlen(s), i;
	uint8_t b;

	for (i = 0; i < n; i++)
		if (cur_peek(c, i, &b) != 0 || b != (uint8_t)s[i])
			return 0;
	return 1;
}

/* Whether s occurs in c. */
static int
contains(const struct cursor *c, const char *s)
{
	struct cursor w = *c;

	while (cur_left(&w) > 0) {
		if (has_prefix(&w, s))
			return 1;
		(void)cur_skip(&w, 1);
	}
	return 0;
}

/* The label of a "-----BEGIN label-----" or END line, in label. */
static int
pem_label(const struct cursor *line, const char *what, struct cursor *label)
{
	struct cursor  l = *line, tail;
	const uint8_t *v;

	while (last_byte(&l) == ' ' || last_byte(&l) == '\t')
		(void)cur_tail(&l, 1, &v);
	if (!has_prefix(&l, what) || cur_skip(&l, strlen(what)) != 0 ||
	    cur_left(&l) < 5)
		return -1;
	tail = l;
	if (cur_skip(&tail, cur_left(&l) - 5) != 0 ||
	    !has_prefix(&tail, "-----"))
		return -1;
	*label = l;
	return cur_tail(label, 5, &v);
}

static int
label_is(const struct cursor *label, const char *s)
{
	return cur_equals(label, (const uint8_t *)s, strlen(s));
}

static int
b64_val(uint8_t ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* Base64 decoding across lines (RFC 7468 2). */
struct b64 {
	uint8_t *out;
	size_t	 n, cap;
	uint32_t acc;
	int	 nacc, pad;
};

static int
b64_line(struct b64 *d, const struct cursor *line)
{
	struct cursor c = *line;
	uint8_t	      ch;
	int	      v;

	while (cur_u8(&c, &ch) == 0) {
		if (ch == ' ' || ch == '\t')
			continue;
		if (ch == '=') {
			d->pad++;
			continue;
		}
		if ((v = b64_val(ch)) < 0 || d->pad > 0)
			return -1;
		d->acc = (d->acc << 6) | (uint32_t)v;
		if (++d->nacc == 4) {
			if (d->n + 3 > d->cap)
				return -1;
			d->out[d->n++] = (uint8_t)(d->acc >> 16);
			d->out[d->n++] = (uint8_t)(d->acc >> 8);
			d->out[d->n++] = (uint8_t)d->acc;
			d->acc = 0;
			d->nacc = 0;
		}
	}
	return 0;
}

static int
b64_end(struct b64 *d)
{
	if (d->nacc == 1 || d->pad > 2 || d->n + 2 > d->cap)
		return -1;
	if (d->nacc == 2)
		d->out[d->n++] = (uint8_t)(d->acc >> 4);
	else if (d->nacc == 3) {
		d->out[d->n++] = (uint8_t)(d->acc >> 10);
		d->out[d->n++] = (uint8_t)(d->acc >> 2);
	}
	d->acc = 0;
	return 0;
}

/* A PEM label fit for a message: printable ASCII, bounded. */
static void
label_text(const struct cursor *label, char *buf, size_t len)
{
	size_t	i, o = 0;
	uint8_t b;

	for (i = 0; o + 1 < len && i < 40 && cur_peek(label, i, &b) == 0; i++)
		buf[o++] = b >= 0x20 && b < 0x7f ? (char)b : '?';
	buf[o] = '\0';
}

/*
 * The first private key block of PEM text: "RSA PRIVATE KEY" (PKCS#1,
 * RFC 8017 A.1.2 with the RFC 1421 headers OpenSSL writes) or "PRIVATE
 * KEY" (PKCS#8, RFC 7468 10).
 */
static struct crypto_rsa *
pem_key(const uint8_t *data, size_t len, char *err, size_t errlen)
{
	struct cursor	   c = cur_init(data, len), line, label, end;
	struct b64	   d;
	struct crypto_rsa *k;
	char		   text[48] = "";
	int		   in_block = 0, found = 0;

	while (next_line(&c, &line) == 0) {
		if (pem_label(&line, "-----BEGIN ", &label) != 0)
			continue;
		if (label_is(&label, "ENCRYPTED PRIVATE KEY")) {
			msg(err, errlen, "encrypted private key: %s",
			    DECRYPT_HINT);
			return NULL;
		}
		if (label_is(&label, "RSA PRIVATE KEY") ||
		    label_is(&label, "PRIVATE KEY")) {
			in_block = 1;
			break;
		}
		label_text(&label, text, sizeof(text));
		if (label_is(&label, "OPENSSH PRIVATE KEY")) {
			msg(err, errlen,
			    "OpenSSH key format: convert it with `ssh-keygen "
			    "-p -m PEM -f KEY`");
			return NULL;
		}
		if (contains(&label, "PRIVATE KEY")) {
			msg(err, errlen, "not an RSA key (PEM \"%s\")", text);
			return NULL;
		}
		found = 1;
	}
	if (!in_block) {
		if (found)
			msg(err, errlen,
			    "no private key in the PEM text (last block: "
			    "\"%s\")",
			    text);
		else
			msg(err, errlen, "neither a PEM nor a DER private key");
		return NULL;
	}
	memset(&d, 0, sizeof(d));
	d.cap = cur_left(&c) / 4 * 3 + 3;
	if ((d.out = malloc(d.cap)) == NULL)
		return rsa_fail(err, errlen, "out of memory");
	k = NULL;
	for (;;) {
		if (next_line(&c, &line) != 0) {
			msg(err, errlen, "PEM block without its END line");
			break;
		}
		if (pem_label(&line, "-----END ", &end) == 0) {
			if (!cur_equals(&end, label.p, label.len))
				msg(err, errlen, "PEM END line does not match");
			else if (b64_end(&d) != 0 || d.n == 0)
				msg(err, errlen, "PEM: bad base64");
			else
				k = der_key(d.out, d.n, err, errlen);
			break;
		}
		if (contains(&line, ":")) {
			/* RFC 1421 headers: Proc-Type, DEK-Info */
			if (d.n > 0 || d.nacc > 0) {
				msg(err, errlen, "PEM: bad base64");
				break;
			}
			if (has_prefix(&line, "Proc-Type:") &&
			    contains(&line, "ENCRYPTED")) {
				msg(err, errlen, "encrypted private key: %s",
				    DECRYPT_HINT);
				break;
			}
			continue;
		}
		if (b64_line(&d, &line) != 0) {
			msg(err, errlen, "PEM: bad base64");
			break;
		}
	}
	crypto_wipe(d.out, d.cap);
	free(d.out);
	crypto_wipe(&d, sizeof(d));
	return k;
}

struct crypto_rsa *
crypto_rsa_load(const uint8_t *data, size_t len, char *err, size_t errlen)
{
	struct cursor c;

	msg(err, errlen, "%s", "");
	if (crypto_init() != 0)
		return rsa_fail(err, errlen, "libgcrypt cannot be initialised");
	if (data == NULL || len == 0)
		return rsa_fail(err, errlen, "empty key");
	c = cur_init(data, len);
	if (contains(&c, "-----BEGIN "))
		return pem_key(data, len, err, errlen);
	return der_key(data, len, err, errlen);
}

void
crypto_rsa_free(struct crypto_rsa *k)
{
	if (k == NULL)
		return;
	gcry_sexp_release(k->key);
	gcry_mpi_release(k->n);
	crypto_wipe(k, sizeof(*k));
	free(k);
}

size_t
crypto_rsa_len(const struct crypto_rsa *k)
{
	return k == NULL ? 0 : k->len;
}

/*
 * RSAES-PKCS1-v1_5 (RFC 8017 7.2.2): a raw RSA decryption, then
 * EM = 0x00 || 0x02 || PS (>= 8 nonzero octets) || 0x00 || M.
 */
int
crypto_rsa_decrypt(const struct crypto_rsa *k, const uint8_t *in, size_t len,
    uint8_t *out, size_t outcap, size_t *outlen)
{
	gcry_mpi_t  c = NULL, m = NULL;
	gcry_sexp_t ev = NULL, res = NULL, l;
	uint8_t	   *em = NULL;
	size_t	    i, mlen;
	int	    rc = -1;

	if (k == NULL || in == NULL || outlen == NULL || len != k->len ||
	    (out == NULL && outcap > 0))
		return -1;
	if ((c = mpi_of(in, len)) == NULL || gcry_mpi_cmp(c, k->n) >= 0)
		goto out;
	if (gcry_sexp_build(&ev, NULL, "(enc-val(flags raw)(rsa(a%m)))", c))
		goto out;
	if (gcry_pk_decrypt(&res, ev, k->key) != 0)
		goto out;
	if ((l = gcry_sexp_find_token(res, "value", 0)) != NULL) {
		m = gcry_sexp_nth_mpi(l, 1, GCRYMPI_FMT_USG);
		gcry_sexp_release(l);
	} else
		m = gcry_sexp_nth_mpi(res, 0, GCRYMPI_FMT_USG);
	if (m == NULL || (em = malloc(len)) == NULL ||
	    mpi_fixed(m, em, len) != 0)
		goto out;
	if (em[0] != 0x00 || em[1] != 0x02)
		goto out;
	for (i = 2; i < len && em[i] != 0; i++)
		;
	if (i == len || i - 2 < PKCS1_MIN_PAD)
		goto out;
	mlen = len - i - 1;
	if (mlen > outcap)
		goto out;
	if (mlen > 0)
		memcpy(out, em + i + 1, mlen);
	*outlen = mlen;
	rc = 0;
out:
	if (em != NULL) {
		crypto_wipe(em, len);
		free(em);
	}
	gcry_mpi_release(c);
	gcry_mpi_release(m);
	gcry_sexp_release(ev);
	gcry_sexp_release(res);
	return rc;
}

/* --- certificates and public keys ----------------------------------------- */

static void
pubkey_free(struct pubkey *pk)
{
	gcry_sexp_release(pk->sx);
	gcry_mpi_release(pk->n);
	gcry_mpi_release(pk->e);
	memset(pk, 0, sizeof(*pk));
}

/* Sort the key libgcrypt holds: RSA, DSA, ECDSA or EdDSA. */
static void
pubkey_classify(struct pubkey *pk)
{
	gcry_sexp_t l;
	gcry_mpi_t  q;
	unsigned    nb = 0;

	pk->kind = KEY_OTHER;
	pk->bits = gcry_pk_get_nbits(pk->sx);
	snprintf(pk->desc, sizeof(pk->desc), "unknown");
	if ((l = gcry_sexp_find_token(pk->sx, "rsa", 0)) != NULL) {
		gcry_sexp_release(l);
		pk->n = sexp_mpi(pk->sx, "n");
		pk->e = sexp_mpi(pk->sx, "e");
		if (pk->n == NULL || pk->e == NULL || pk->bits == 0)
			return;
		pk->kind = KEY_RSA;
		pk->k = (pk->bits + 7) / 8;
		snprintf(pk->desc, sizeof(pk->desc), "RSA-%u", pk->bits);
	} else if ((l = gcry_sexp_find_token(pk->sx, "dsa", 0)) != NULL) {
		gcry_sexp_release(l);
		if ((q = sexp_mpi(pk->sx, "q")) == NULL)
			return;
		pk->qbits = gcry_mpi_get_nbits(q);
		gcry_mpi_release(q);
		pk->kind = KEY_DSA;
		snprintf(pk->desc, sizeof(pk->desc), "DSA-%u", pk->bits);
	} else if ((l = gcry_sexp_find_token(pk->sx, "ecc", 0)) != NULL) {
		gcry_sexp_release(l);
		snprintf(pk->desc, sizeof(pk->desc), "EC on an unknown curve");
		if ((pk->curve = gcry_pk_get_curve(pk->sx, 0, &nb)) == NULL)
			return;
		if (strcmp(pk->curve, "Ed25519") == 0 ||
		    strcmp(pk->curve, "Ed448") == 0)
			pk->kind = KEY_EDDSA;
		else
			pk->kind = KEY_ECDSA;
		snprintf(pk->desc, sizeof(pk->desc), "%s", pk->curve);
	}
}

/* The public key of a DER certificate, through libksba. */
static enum crypto_sig_result
cert_key(const uint8_t *der, size_t len, struct pubkey *pk, char *why,
    size_t whylen)
{
	ksba_cert_t	       cert = NULL;
	ksba_sexp_t	       sx = NULL;
	size_t		       n;
	enum crypto_sig_result r = CRYPTO_SIG_BAD_CERT;

	memset(pk, 0, sizeof(*pk));
	if (der == NULL || len == 0)
		return say(r, why, whylen, "no certificate");
	if (!x509_cert_safe(der, len))
		return say(r, why, whylen,
		    "certificate is not well-formed DER X.509, or its public "
		    "key is malformed");
	if (ksba_cert_new(&cert) != 0) {
		say(r, why, whylen, "out of memory");
		goto out;
	}
	if (ksba_cert_init_from_mem(cert, der, len) != 0) {
		say(r, why, whylen, "certificate cannot be parsed");
		goto out;
	}
	if ((sx = ksba_cert_get_public_key(cert)) == NULL) {
		say(r, why, whylen, "certificate's public key cannot be read");
		goto out;
	}
	if ((n = gcry_sexp_canon_len(sx, 0, NULL, NULL)) == 0 ||
	    gcry_sexp_new(&pk->sx, sx, n, 1) != 0) {
		say(r, why, whylen, "certificate's public key cannot be read");
		goto out;
	}
	pubkey_classify(pk);
	r = CRYPTO_SIG_VERIFIED;
out:
	ksba_free(sx);
	ksba_cert_release(cert);
	return r;
}

/* --- signature schemes ---------------------------------------------------- */

static const char *
md_sexp(int md)
{
	switch (md) {
	case GCRY_MD_SHA1:
		return "sha1";
	case GCRY_MD_SHA224:
		return "sha224";
	case GCRY_MD_SHA256:
		return "sha256";
	case GCRY_MD_SHA384:
		return "sha384";
	case GCRY_MD_SHA512:
		return "sha512";
	}
	return "?";
}

static const char *
md_label(int md)
{
	switch (md) {
	case GCRY_MD_SHA1:
		return "SHA-1";
	case GCRY_MD_SHA224:
		return "SHA-224";
	case GCRY_MD_SHA256:
		return "SHA-256";
	case GCRY_MD_SHA384:
		return "SHA-384";
	case GCRY_MD_SHA512:
		return "SHA-512";
	}
	return "?";
}

/* The libgcrypt verify result as ours. */
static enum crypto_sig_result
gcry_result(gcry_error_t e, const struct scheme *sc, char *why, size_t whylen)
{
	if (e == 0)
		return say(CRYPTO_SIG_VERIFIED, why, whylen, "%s: verified",
		    sc->name);
	if (gcry_err_code(e) == GPG_ERR_BAD_SIGNATURE)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: signature does not match", sc->name);
	return say(CRYPTO_SIG_FAILED, why, whylen,
	    "%s: signature rejected (%s)", sc->name, gcry_strerror(e));
}

/*
 * The raw RSA public operation s^e mod n (RFC 8017 5.2.2) into em,
 * pk->k bytes: -1 unless the signature is k bytes and s < n.
 */
static int
rsa_public_raw(const struct pubkey *pk, const uint8_t *sig, size_t siglen,
    uint8_t *em)
{
	gcry_mpi_t s, m;
	int	   rc = -1;

	if (siglen != pk->k || (s = mpi_of(sig, siglen)) == NULL)
		return -1;
	m = gcry_mpi_new(0);
	if (gcry_mpi_cmp(s, pk->n) < 0) {
		gcry_mpi_powm(m, s, pk->e, pk->n);
		rc = mpi_fixed(m, em, pk->k);
	}
	gcry_mpi_release(s);
	gcry_mpi_release(m);
	return rc;
}

/* MGF1 (RFC 8017 B.2.1): mask of len bytes from seed. */
static int
mgf1(int md, const uint8_t *seed, size_t seedlen, uint8_t *mask, size_t len)
{
	gcry_md_hd_t h;
	size_t	     hlen = gcry_md_get_algo_dlen(md), done = 0, n;
	uint32_t     ctr = 0;
	uint8_t	     cb[4];

	if (hlen == 0 || gcry_md_open(&h, md, 0) != 0)
		return -1;
	while (done < len) {
		cb[0] = (uint8_t)(ctr >> 24);
		cb[1] = (uint8_t)(ctr >> 16);
		cb[2] = (uint8_t)(ctr >> 8);
		cb[3] = (uint8_t)ctr;
		gcry_md_reset(h);
		gcry_md_write(h, seed, seedlen);
		gcry_md_write(h, cb, sizeof(cb));
		n = len - done < hlen ? len - done : hlen;
		memcpy(mask + done, gcry_md_read(h, md), n);
		done += n;
		ctr++;
	}
	gcry_md_close(h);
	return 0;
}

/*
 * EMSA-PSS-VERIFY (RFC 8017 9.1.2) for an MGF1 hash other than the
 * message hash, which libgcrypt's (flags pss) cannot express: 0 when EM
 * (pk->k bytes from the raw RSA operation) encodes mhash.
 */
static int
pss_verify(const struct pubkey *pk, const struct scheme *sc,
    const uint8_t *mhash, const uint8_t *emk)
{
	static const uint8_t zeros[8] = { 0 };
	gcry_md_hd_t	     h;
	const uint8_t	    *em = emk, *hh;
	uint8_t		    *db = NULL, hp[64];
	size_t		     hlen, emlen, dblen, i;
	unsigned	     embits, top;
	int		     rc = -1;

	hlen = gcry_md_get_algo_dlen(sc->md);
	embits = pk->bits - 1;
	emlen = (embits + 7) / 8;
	if (emlen < pk->k) {
		if (emk[0] != 0)
			return -1;
		em = emk + 1;
	}
	if (hlen == 0 || hlen > sizeof(hp) || emlen < hlen + sc->salt + 2 ||
	    em[emlen - 1] != 0xbc)
		return -1;
	dblen = emlen - hlen - 1;
	hh = em + dblen;
	top = 8 * (unsigned)emlen - embits;
	if (top > 0 && (em[0] >> (8 - top)) != 0)
		return -1;
	if ((db = malloc(dblen)) == NULL)
		return -1;
	if (mgf1(sc->mgf_md, hh, hlen, db, dblen) != 0)
		goto out;
	for (i = 0; i < dblen; i++)
		db[i] ^= em[i];
	if (top > 0)
		db[0] &= (uint8_t)(0xff >> top);
	for (i = 0; i < dblen - sc->salt - 1; i++)
		if (db[i] != 0)
			goto out;
	if (db[i] != 0x01)
		goto out;
	if (gcry_md_open(&h, sc->md, 0) != 0)
		goto out;
	gcry_md_write(h, zeros, sizeof(zeros));
	gcry_md_write(h, mhash, hlen);
	gcry_md_write(h, db + dblen - sc->salt, sc->salt);
	memcpy(hp, gcry_md_read(h, sc->md), hlen);
	gcry_md_close(h);
	rc = memcmp(hp, hh, hlen) == 0 ? 0 : -1;
out:
	free(db);
	return rc;
}

/*
 * The integer DSA and ECDSA sign for a hash: its leftmost qbits bits
 * (FIPS 186-4 6.4), cut here so libgcrypt never shifts an integer whose
 * leading zero bits it cannot see.
 */
static gcry_mpi_t
hash_int(const uint8_t *h, size_t hlen, unsigned qbits)
{
	size_t	   nb = (qbits + 7) / 8;
	gcry_mpi_t e;

	if (qbits == 0)
		return NULL;
	if (hlen * 8 <= qbits)
		return mpi_of(h, hlen);
	if ((e = mpi_of(h, nb)) != NULL && nb * 8 > qbits)
		gcry_mpi_rshift(e, e, (unsigned)(nb * 8 - qbits));
	return e;
}

/* DSA or ECDSA: (r, s) over a hash value. */
static enum crypto_sig_result
dsa_verify(const struct pubkey *pk, const struct scheme *sc, const uint8_t *r,
    size_t rlen, const uint8_t *s, size_t slen, const uint8_t *h, size_t hlen,
    char *why, size_t whylen)
{
	gcry_mpi_t	       mr, ms, e;
	gcry_sexp_t	       sig = NULL, data = NULL;
	gcry_error_t	       err;
	enum crypto_sig_result res;

	mr = mpi_of(r, rlen);
	ms = mpi_of(s, slen);
	e = hash_int(h, hlen, pk->kind == KEY_DSA ? pk->qbits : pk->bits);
	if (mr == NULL || ms == NULL || e == NULL ||
	    gcry_sexp_build(&sig, NULL,
		pk->kind == KEY_DSA ? "(sig-val(dsa(r%m)(s%m)))" :
				      "(sig-val(ecdsa(r%m)(s%m)))",
		mr, ms) != 0 ||
	    gcry_sexp_build(&data, NULL, "(data(flags raw)(value%m))", e) != 0)
		res = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: cannot build the check", sc->name);
	else {
		err = gcry_pk_verify(sig, data, pk->sx);
		res = gcry_result(err, sc, why, whylen);
	}
	gcry_mpi_release(mr);
	gcry_mpi_release(ms);
	gcry_mpi_release(e);
	gcry_sexp_release(sig);
	gcry_sexp_release(data);
	return res;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } and nothing after. */
static int
ecdsa_der(const uint8_t *sig, size_t siglen, const uint8_t **r, size_t *rlen,
    const uint8_t **s, size_t *slen)
{
	struct cursor c = cur_init(sig, siglen), seq;

	if (der_expect(&c, DER_SEQUENCE, &seq) != 0 || cur_left(&c) != 0 ||
	    der_uint(&seq, r, rlen) != 0 || der_uint(&seq, s, slen) != 0 ||
	    cur_left(&seq) != 0 || *rlen > 66 || *slen > 66)
		return -1;
	return 0;
}

static const char *
kind_needs(enum sig_kind k)
{
	switch (k) {
	case SK_RSA_PKCS1:
	case SK_RSA_PSS:
		return "RSA";
	case SK_ECDSA_RS:
	case SK_ECDSA_DER:
		return "ECDSA";
	case SK_EDDSA:
		break;
	}
	return "EdDSA";
}

/* Whether the certificate's key fits the scheme. */
static int
key_fits(const struct pubkey *pk, const struct scheme *sc)
{
	switch (sc->kind) {
	case SK_RSA_PKCS1:
	case SK_RSA_PSS:
		return pk->kind == KEY_RSA;
	case SK_ECDSA_RS:
	case SK_ECDSA_DER:
		return pk->kind == KEY_ECDSA &&
		    (sc->curve == NULL || strcmp(pk->curve, sc->curve) == 0);
	case SK_EDDSA:
		return pk->kind == KEY_EDDSA &&
		    strcmp(pk->curve, sc->curve) == 0;
	}
	return 0;
}

/* RSASSA-PKCS1-v1_5 or RSASSA-PSS over the message hash h. */
static enum crypto_sig_result
rsa_verify(const struct scheme *sc, const struct pubkey *pk, const uint8_t *sig,
    size_t siglen, const uint8_t *h, size_t hlen, char *why, size_t whylen)
{
	gcry_mpi_t	       ms = NULL;
	gcry_sexp_t	       sx = NULL, data = NULL;
	gcry_error_t	       e;
	uint8_t		      *em = NULL;
	enum crypto_sig_result res;

	if (siglen != pk->k)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature is %zu bytes, the key's modulus %zu",
		    sc->name, siglen, pk->k);
	if ((ms = mpi_of(sig, siglen)) == NULL ||
	    gcry_mpi_cmp(ms, pk->n) >= 0) {
		res = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature is not below the modulus", sc->name);
		goto out;
	}
	if (sc->kind == SK_RSA_PSS && sc->mgf_md != sc->md) {
		if ((em = malloc(pk->k)) == NULL ||
		    rsa_public_raw(pk, sig, siglen, em) != 0)
			res = say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: cannot check", sc->name);
		else if (pss_verify(pk, sc, h, em) != 0)
			res = say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: signature does not match", sc->name);
		else
			res = say(CRYPTO_SIG_VERIFIED, why, whylen,
			    "%s: verified", sc->name);
		goto out;
	}
	if (sc->kind == SK_RSA_PKCS1)
		e = gcry_sexp_build(&data, NULL,
		    "(data(flags pkcs1)(hash %s %b))", md_sexp(sc->md),
		    (int)hlen, h);
	else
		e = gcry_sexp_build(&data, NULL,
		    "(data(flags pss)(hash %s %b)(salt-length %u))",
		    md_sexp(sc->md), (int)hlen, h, (unsigned)sc->salt);
	if (e != 0 || gcry_sexp_build(&sx, NULL, "(sig-val(rsa(s%m)))", ms)) {
		res = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: cannot build the check", sc->name);
		goto out;
	}
	res = gcry_result(gcry_pk_verify(sx, data, pk->sx), sc, why, whylen);
out:
	free(em); /* public values only */
	gcry_mpi_release(ms);
	gcry_sexp_release(sx);
	gcry_sexp_release(data);
	return res;
}

/* Pure EdDSA (RFC 8032 5.1.7, 5.2.7): R | S over the message itself. */
static enum crypto_sig_result
eddsa_verify(const struct scheme *sc, const struct pubkey *pk,
    const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen, char *why,
    size_t whylen)
{
	static const uint8_t   none[1] = { 0 };
	gcry_sexp_t	       sx = NULL, data = NULL;
	size_t		       half;
	enum crypto_sig_result res;

	half = strcmp(sc->curve, "Ed25519") == 0 ? 32 : 57;
	if (siglen != 2 * half)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature is %zu bytes, not %zu", sc->name, siglen,
		    2 * half);
	if (gcry_sexp_build(&sx, NULL, "(sig-val(eddsa(r%b)(s%b)))", (int)half,
		sig, (int)half, sig + half) != 0 ||
	    gcry_sexp_build(&data, NULL,
		"(data(flags eddsa)(hash-algo %s)(value %b))",
		half == 32 ? "sha512" : "shake256", (int)mlen,
		m != NULL ? m : none) != 0)
		res = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: cannot build the check", sc->name);
	else
		res = gcry_result(gcry_pk_verify(sx, data, pk->sx), sc, why,
		    whylen);
	gcry_sexp_release(sx);
	gcry_sexp_release(data);
	return res;
}

/* Verify sig over the message m with the scheme and key. */
static enum crypto_sig_result
verify(const struct scheme *sc, const struct pubkey *pk, const uint8_t *sig,
    size_t siglen, const uint8_t *m, size_t mlen, char *why, size_t whylen)
{
	uint8_t	       h[64];
	const uint8_t *r, *s;
	size_t	       hlen = 0, rlen, slen, half;

	if (pk->kind == KEY_OTHER)
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "%s: the certificate's key (%s) is not supported", sc->name,
		    pk->desc);
	if (!key_fits(pk, sc))
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: wrong key type (certificate key: %s; needed: %s)",
		    sc->name, pk->desc,
		    sc->curve != NULL ? sc->curve : kind_needs(sc->kind));
	if (m == NULL && mlen > 0)
		return say(CRYPTO_SIG_FAILED, why, whylen, "%s: no message",
		    sc->name);
	if (sig == NULL)
		siglen = 0;
	if (sc->kind == SK_EDDSA)
		return eddsa_verify(sc, pk, sig, siglen, m, mlen, why, whylen);
	hlen = gcry_md_get_algo_dlen(sc->md);
	if (hlen == 0 || hlen > sizeof(h))
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "%s: hash not available", sc->name);
	gcry_md_hash_buffer(sc->md, h, m != NULL ? m : h, mlen);
	switch (sc->kind) {
	case SK_RSA_PKCS1:
	case SK_RSA_PSS:
		return rsa_verify(sc, pk, sig, siglen, h, hlen, why, whylen);
	case SK_ECDSA_RS:
		half = (pk->bits + 7) / 8;
		if (siglen != 2 * half)
			return say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: the signature is %zu bytes, not %zu", sc->name,
			    siglen, 2 * half);
		return dsa_verify(pk, sc, sig, half, sig + half, half, h, hlen,
		    why, whylen);
	case SK_ECDSA_DER:
		if (ecdsa_der(sig, siglen, &r, &rlen, &s, &slen) != 0)
			return say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: the signature is not a DER SEQUENCE { r, s }",
			    sc->name);
		return dsa_verify(pk, sc, r, rlen, s, slen, h, hlen, why,
		    whylen);
	case SK_EDDSA:
		break;
	}
	return say(CRYPTO_SIG_UNSUPPORTED, why, whylen, "%s: not handled",
	    sc->name);
}

/* AlgorithmIdentifier of a hash (RFC 4055 2.1): the libgcrypt algorithm. */
static enum crypto_sig_result
hash_alg(struct cursor *ai, int *md, char *why, size_t whylen)
{
	struct cursor oid, nul;
	char	      text[96];
	size_t	      i;

	if (der_expect(ai, DER_OID, &oid) != 0 ||
	    (cur_left(ai) > 0 &&
		(der_expect(ai, DER_NULL, &nul) != 0 || cur_left(&nul) != 0)) ||
	    cur_left(ai) != 0)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "RSA-PSS: malformed hash AlgorithmIdentifier");
	for (i = 0; i < sizeof(hash_oids) / sizeof(hash_oids[0]); i++)
		if (cur_equals(&oid, hash_oids[i].oid, hash_oids[i].len)) {
			*md = hash_oids[i].md;
			return CRYPTO_SIG_VERIFIED;
		}
	oid_text(&oid, text, sizeof(text));
	return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
	    "RSA-PSS: hash algorithm OID %s is not supported", text);
}

/*
 * RSASSA-PSS-params (RFC 4055 3.1; RFC 8017 A.2.3): hashAlgorithm [0],
 * maskGenAlgorithm [1] (MGF1 only), saltLength [2], trailerField [3],
 * each optional with the defaults SHA-1, MGF1 with SHA-1, 20, 1.
 * VERIFIED here means "parsed".
 */
static enum crypto_sig_result
pss_params(struct cursor *ai, struct scheme *sc, char *why, size_t whylen)
{
	struct cursor	       p, f, a, oid;
	unsigned long	       trailer = 1;
	char		       text[96];
	enum crypto_sig_result r;

	sc->md = sc->mgf_md = GCRY_MD_SHA1;
	sc->salt = 20;
	if (cur_left(ai) == 0)
		return CRYPTO_SIG_VERIFIED;
	if (der_expect(ai, DER_SEQUENCE, &p) != 0 || cur_left(ai) != 0)
		goto bad;
	if (der_peek_tag(&p, 0xa0)) {
		if (der_expect(&p, 0xa0, &f) != 0 ||
		    der_expect(&f, DER_SEQUENCE, &a) != 0 || cur_left(&f) != 0)
			goto bad;
		if ((r = hash_alg(&a, &sc->md, why, whylen)) !=
		    CRYPTO_SIG_VERIFIED)
			return r;
	}
	if (der_peek_tag(&p, 0xa1)) {
		if (der_expect(&p, 0xa1, &f) != 0 ||
		    der_expect(&f, DER_SEQUENCE, &a) != 0 ||
		    cur_left(&f) != 0 || der_expect(&a, DER_OID, &oid) != 0)
			goto bad;
		if (!cur_equals(&oid, oid_mgf1, sizeof(oid_mgf1))) {
			oid_text(&oid, text, sizeof(text));
			return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
			    "RSA-PSS: mask generation function OID %s is not "
			    "supported",
			    text);
		}
		if (der_expect(&a, DER_SEQUENCE, &f) != 0 || cur_left(&a) != 0)
			goto bad;
		if ((r = hash_alg(&f, &sc->mgf_md, why, whylen)) !=
		    CRYPTO_SIG_VERIFIED)
			return r;
	}
	if (der_peek_tag(&p, 0xa2) &&
	    (der_expect(&p, 0xa2, &f) != 0 ||
		der_small_uint(&f, &sc->salt) != 0 || cur_left(&f) != 0))
		goto bad;
	if (der_peek_tag(&p, 0xa3) &&
	    (der_expect(&p, 0xa3, &f) != 0 ||
		der_small_uint(&f, &trailer) != 0 || cur_left(&f) != 0))
		goto bad;
	if (cur_left(&p) != 0)
		goto bad;
	if (trailer != 1)
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "RSA-PSS: trailer field %lu is not supported", trailer);
	return CRYPTO_SIG_VERIFIED;
bad:
	return say(CRYPTO_SIG_FAILED, why, whylen,
	    "RSA-PSS: malformed parameters");
}

/*
 * The scheme of an RFC 7427 AUTH payload: a length octet, that many
 * octets of AlgorithmIdentifier, then the signature (section 3).
 * VERIFIED here means "parsed".
 */
static enum crypto_sig_result
digsig_scheme(const uint8_t *auth, size_t authlen, struct scheme *sc,
    const uint8_t **sig, size_t *siglen, char *why, size_t whylen)
{
	struct cursor	       c, ai, alg, oid, nul;
	const uint8_t	      *aiv;
	uint8_t		       l;
	char		       text[96];
	size_t		       i;
	enum crypto_sig_result r;

	c = cur_init(auth, auth == NULL ? 0 : authlen);
	if (cur_u8(&c, &l) != 0 || cur_bytes(&c, l, &aiv) != 0)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "digital signature: the AlgorithmIdentifier is cut short");
	*siglen = cur_left(&c);
	(void)cur_bytes(&c, *siglen, sig);
	ai = cur_init(aiv, l);
	if (der_expect(&ai, DER_SEQUENCE, &alg) != 0 || cur_left(&ai) != 0 ||
	    der_expect(&alg, DER_OID, &oid) != 0)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "digital signature: malformed AlgorithmIdentifier");
	for (i = 0; i < sizeof(digsig_algs) / sizeof(digsig_algs[0]); i++)
		if (cur_equals(&oid, digsig_algs[i].oid, digsig_algs[i].len))
			break;
	if (i == sizeof(digsig_algs) / sizeof(digsig_algs[0])) {
		oid_text(&oid, text, sizeof(text));
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "digital signature: algorithm OID %s is not supported",
		    text);
	}
	memset(sc, 0, sizeof(*sc));
	sc->kind = digsig_algs[i].kind;
	sc->md = sc->mgf_md = digsig_algs[i].md;
	sc->curve = digsig_algs[i].curve;
	switch (sc->kind) {
	case SK_RSA_PKCS1:
		/* parameters NULL (RFC 8017 A.2.4), or absent */
		if (cur_left(&alg) > 0 &&
		    (der_expect(&alg, DER_NULL, &nul) != 0 ||
			cur_left(&nul) != 0 || cur_left(&alg) != 0))
			return say(CRYPTO_SIG_FAILED, why, whylen,
			    "digital signature: RSA with unexpected "
			    "parameters");
		snprintf(sc->name, sizeof(sc->name), "RSA PKCS#1 v1.5 with %s",
		    md_label(sc->md));
		break;
	case SK_RSA_PSS:
		if ((r = pss_params(&alg, sc, why, whylen)) !=
		    CRYPTO_SIG_VERIFIED)
			return r;
		if (sc->md == sc->mgf_md)
			snprintf(sc->name, sizeof(sc->name),
			    "RSA-PSS with %s (salt %lu)", md_label(sc->md),
			    sc->salt);
		else
			snprintf(sc->name, sizeof(sc->name),
			    "RSA-PSS with %s, MGF1 with %s (salt %lu)",
			    md_label(sc->md), md_label(sc->mgf_md), sc->salt);
		break;
	case SK_ECDSA_RS:
	case SK_ECDSA_DER:
		if (cur_left(&alg) != 0)
			return say(CRYPTO_SIG_FAILED, why, whylen,
			    "digital signature: ECDSA with parameters");
		snprintf(sc->name, sizeof(sc->name), "ECDSA with %s",
		    md_label(sc->md));
		break;
	case SK_EDDSA:
		if (cur_left(&alg) != 0)
			return say(CRYPTO_SIG_FAILED, why, whylen,
			    "digital signature: %s with parameters", sc->curve);
		snprintf(sc->name, sizeof(sc->name), "%s", sc->curve);
		break;
	}
	return CRYPTO_SIG_VERIFIED;
}

enum crypto_sig_result
crypto_verify_auth(int method, const uint8_t *cert, size_t certlen,
    const uint8_t *auth, size_t authlen, const uint8_t *signed_octets,
    size_t slen, char *why, size_t whylen)
{
	struct scheme	       sc;
	struct pubkey	       pk;
	const uint8_t	      *sig = auth;
	size_t		       siglen = auth == NULL ? 0 : authlen;
	enum crypto_sig_result r;

	msg(why, whylen, "%s", "");
	if (crypto_init() != 0)
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "libgcrypt cannot be initialised");
	memset(&sc, 0, sizeof(sc));
	switch (method) {
	case 1: /* RFC 7296 3.8 */
		sc.kind = SK_RSA_PKCS1;
		sc.md = GCRY_MD_SHA1;
		snprintf(sc.name, sizeof(sc.name),
		    "RSA PKCS#1 v1.5 with SHA-1");
		break;
	case 9: /* RFC 4754 */
	case 10:
	case 11:
		sc.kind = SK_ECDSA_RS;
		sc.md = method == 9 ? GCRY_MD_SHA256 :
		    method == 10    ? GCRY_MD_SHA384 :
				      GCRY_MD_SHA512;
		sc.curve = method == 9 ? "NIST P-256" :
		    method == 10       ? "NIST P-384" :
					 "NIST P-521";
		snprintf(sc.name, sizeof(sc.name), "ECDSA %s with %s",
		    sc.curve + strlen("NIST "), md_label(sc.md));
		break;
	case 14: /* RFC 7427 */
		if ((r = digsig_scheme(auth, authlen, &sc, &sig, &siglen, why,
			 whylen)) != CRYPTO_SIG_VERIFIED)
			return r;
		break;
	default:
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "AUTH method %d is not a signature method handled here",
		    method);
	}
	if ((r = cert_key(cert, certlen, &pk, why, whylen)) !=
	    CRYPTO_SIG_VERIFIED)
		return r;
	r = verify(&sc, &pk, sig, siglen, signed_octets, slen, why, whylen);
	pubkey_free(&pk);
	return r;
}

/*
 * IKEv1 RSA signature (RFC 2409 5.1): EM = 0x00 || 0x01 || 0xff...
 * || 0x00 || HASH, the hash bytes themselves where RFC 8017 puts a
 * DigestInfo.
 */
static enum crypto_sig_result
v1_rsa(const struct pubkey *pk, const uint8_t *sig, size_t siglen,
    const uint8_t *hash, size_t hashlen, char *why, size_t whylen)
{
	static const char      name[] = "IKEv1 RSA signature";
	uint8_t		      *em;
	size_t		       i;
	enum crypto_sig_result r;

	if (pk->kind != KEY_RSA)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: wrong key type (certificate key: %s; needed: RSA)",
		    name, pk->desc);
	if (siglen != pk->k)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature is %zu bytes, the key's modulus %zu",
		    name, siglen, pk->k);
	if (pk->k < hashlen + 3 + PKCS1_MIN_PAD)
		return say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the key is too small for a %zu-byte hash", name,
		    hashlen);
	if ((em = malloc(pk->k)) == NULL)
		return say(CRYPTO_SIG_FAILED, why, whylen, "out of memory");
	if (rsa_public_raw(pk, sig, siglen, em) != 0) {
		r = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature is not below the modulus", name);
		goto out;
	}
	for (i = 2; i < pk->k && em[i] == 0xff; i++)
		;
	if (em[0] != 0x00 || em[1] != 0x01 || i == pk->k || em[i] != 0x00 ||
	    i - 2 < PKCS1_MIN_PAD) {
		r = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: signature does not match (no PKCS#1 type 1 block: "
		    "another key signed, or it is damaged)",
		    name);
		goto out;
	}
	i++;
	if (pk->k - i == hashlen && hash != NULL &&
	    memcmp(em + i, hash, hashlen) == 0)
		r = say(CRYPTO_SIG_VERIFIED, why, whylen, "%s: verified", name);
	else if (pk->k - i > hashlen && hash != NULL && hashlen > 0 &&
	    em[i] == DER_SEQUENCE &&
	    memcmp(em + pk->k - hashlen, hash, hashlen) == 0)
		r = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: the signature holds the hash in a DigestInfo, which "
		    "IKEv1 does not use",
		    name);
	else
		r = say(CRYPTO_SIG_FAILED, why, whylen,
		    "%s: signature does not match", name);
out:
	crypto_wipe(em, pk->k);
	free(em);
	return r;
}

enum crypto_sig_result
crypto_verify_v1_sig(int auth_method, const uint8_t *cert, size_t certlen,
    const uint8_t *sig, size_t siglen, const uint8_t *hash, size_t hashlen,
    char *why, size_t whylen)
{
	struct scheme	       sc;
	struct pubkey	       pk;
	size_t		       half;
	enum crypto_sig_result r;
	int		       dss;

	msg(why, whylen, "%s", "");
	if (crypto_init() != 0)
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "libgcrypt cannot be initialised");
	switch (auth_method) {
	case 2:	    /* DSS signatures */
	case 64223: /* HybridInitDSS (draft-ietf-ipsec-isakmp-hybrid-auth) */
	case 64224: /* HybridRespDSS */
	case 65001: /* XAUTHInitDSS (draft-ietf-ipsec-isakmp-xauth) */
	case 65002: /* XAUTHRespDSS */
		dss = 1;
		break;
	case 3:	    /* RSA signatures */
	case 64221: /* HybridInitRSA */
	case 64222: /* HybridRespRSA */
	case 65003: /* XAUTHInitRSA */
	case 65004: /* XAUTHRespRSA */
		dss = 0;
		break;
	default:
		return say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "IKEv1 authentication method %d is not a signature "
		    "method handled here",
		    auth_method);
	}
	if (sig == NULL)
		siglen = 0;
	if (hash == NULL)
		hashlen = 0;
	if ((r = cert_key(cert, certlen, &pk, why, whylen)) !=
	    CRYPTO_SIG_VERIFIED)
		return r;
	if (pk.kind == KEY_OTHER)
		r = say(CRYPTO_SIG_UNSUPPORTED, why, whylen,
		    "the certificate's key (%s) is not supported", pk.desc);
	else if (!dss)
		r = v1_rsa(&pk, sig, siglen, hash, hashlen, why, whylen);
	else if (pk.kind != KEY_DSA)
		r = say(CRYPTO_SIG_FAILED, why, whylen,
		    "IKEv1 DSS signature: wrong key type (certificate key: "
		    "%s; needed: DSA)",
		    pk.desc);
	else {
		memset(&sc, 0, sizeof(sc));
		snprintf(sc.name, sizeof(sc.name), "IKEv1 DSS signature");
		half = (pk.qbits + 7) / 8;
		if (hashlen == 0)
			r = say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: no hash to check", sc.name);
		else if (siglen != 2 * half)
			r = say(CRYPTO_SIG_FAILED, why, whylen,
			    "%s: the signature is %zu bytes, not %zu", sc.name,
			    siglen, 2 * half);
		else
			r = dsa_verify(&pk, &sc, sig, half, sig + half, half,
			    hash, hashlen, why, whylen);
	}
	pubkey_free(&pk);
	return r;
}
