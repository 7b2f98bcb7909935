/*
 * psk_params.c - psk-crack parameter lines: parse, write, and take from
 * a captured IKEv1 Aggressive Mode exchange (psk_params.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypt.h"
#include "crypto.h"
#include "keymat.h"
#include "psk_params.h"
#include "util.h"

#define PT_SA	 1
#define PT_KE	 4
#define PT_ID	 5
#define PT_HASH	 8
#define PT_NONCE 10

static const struct {
	const char *name;
	size_t	    off;
} fields[] = {
	{ "g_xr", offsetof(struct psk_params, g_xr) },
	{ "g_xi", offsetof(struct psk_params, g_xi) },
	{ "cky_r", offsetof(struct psk_params, cky_r) },
	{ "cky_i", offsetof(struct psk_params, cky_i) },
	{ "sai_b", offsetof(struct psk_params, sai_b) },
	{ "idir_b", offsetof(struct psk_params, idir_b) },
	{ "ni_b", offsetof(struct psk_params, ni_b) },
	{ "nr_b", offsetof(struct psk_params, nr_b) },
	{ "hash_r", offsetof(struct psk_params, hash_r) },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static struct psk_field *
field(struct psk_params *p, size_t i)
{
	return (struct psk_field *)((char *)p + fields[i].off);
}

static const struct psk_field *
cfield(const struct psk_params *p, size_t i)
{
	return (const struct psk_field *)((const char *)p + fields[i].off);
}

void
psk_params_init(struct psk_params *p)
{
	memset(p, 0, sizeof(*p));
	p->from = ISC_ROLE_RESPONDER;
}

void
psk_params_free(struct psk_params *p)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		free(field(p, i)->p);
	free(p->nortel_user);
	psk_params_init(p);
}

const char *
psk_params_hash_name(uint16_t hash)
{
	switch (hash) {
	case 1:
		return "MD5";
	case 2:
		return "SHA1";
	case 4:
		return "SHA2-256";
	case 5:
		return "SHA2-384";
	case 6:
		return "SHA2-512";
	}
	return "?";
}

/* The IKEv1 hash a HASH of len bytes implies (psk-crack: 16 or 20). */
static uint16_t
hash_by_len(size_t len)
{
	switch (len) {
	case 16:
		return 1;
	case 20:
		return 2;
	case 32:
		return 4;
	case 48:
		return 5;
	case 64:
		return 6;
	}
	return 0;
}

/* One field of s[0..n): hex into f; -1 with a message. */
static int
parse_hex(const char *s, size_t n, size_t idx, struct psk_field *f, char *err,
    size_t errlen)
{
	size_t i;

	if (n == 0) {
		snprintf(err, errlen, "field %zu (%s) is empty", idx + 1,
		    fields[idx].name);
		return -1;
	}
	if (n % 2 != 0) {
		snprintf(err, errlen,
		    "field %zu (%s) has an odd number of hex digits (%zu)",
		    idx + 1, fields[idx].name, n);
		return -1;
	}
	f->p = xmalloc(n / 2);
	f->len = n / 2;
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit((unsigned char)s[i]);
		int lo = hex_digit((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0) {
			snprintf(err, errlen,
			    "field %zu (%s): '%c' at column %zu is not a hex "
			    "digit",
			    idx + 1, fields[idx].name, hi < 0 ? s[i] : s[i + 1],
			    i + (hi < 0 ? 1 : 2));
			return -1;
		}
		f->p[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int
psk_params_parse_line(const char *line, struct psk_params *out, char *err,
    size_t errlen)
{
	const char *s = line, *e, *c;
	size_t	    n = 1, i;

	psk_params_init(out);
	if (errlen > 0)
		err[0] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e == s || *s == '#')
		return 1;
	for (c = s; c < e; c++)
		if (*c == ':')
			n++;
	if (n != NFIELDS) {
		snprintf(err, errlen,
		    "expected 9 colon-separated hex fields "
		    "(g_xr:g_xi:cky_r:cky_i:sai_b:idir_b:ni_b:nr_b:hash_r), "
		    "found %zu",
		    n);
		return -1;
	}
	for (i = 0; i < NFIELDS; i++) {
		for (c = s; c < e && *c != ':'; c++)
			;
		if (parse_hex(s, (size_t)(c - s), i, field(out, i), err,
			errlen) != 0)
			goto bad;
		s = c + 1;
	}
	if (out->cky_r.len != 8 || out->cky_i.len != 8) {
		snprintf(err, errlen,
		    "field %d (%s) is %zu bytes; an ISAKMP cookie is 8",
		    out->cky_r.len != 8 ? 3 : 4,
		    out->cky_r.len != 8 ? "cky_r" : "cky_i",
		    out->cky_r.len != 8 ? out->cky_r.len : out->cky_i.len);
		goto bad;
	}
	if ((out->hash = hash_by_len(out->hash_r.len)) == 0) {
		snprintf(err, errlen,
		    "field 9 (hash_r) is %zu bytes: the hash cannot be told "
		    "(16 MD5, 20 SHA1, 32/48/64 SHA2)",
		    out->hash_r.len);
		goto bad;
	}
	return 0;
bad:
	psk_params_free(out);
	return -1;
}

int
psk_params_read(FILE *f, struct psk_params *out, unsigned long *lineno,
    char *err, size_t errlen)
{
	char *buf = xmalloc(PSK_PARAMS_LINE_MAX + 2);
	int   rc = 0, ch;

	psk_params_init(out);
	for (;;) {
		size_t len;

		if (fgets(buf, PSK_PARAMS_LINE_MAX + 2, f) == NULL) {
			if (ferror(f)) {
				snprintf(err, errlen, "read error");
				rc = -1;
			}
			break;
		}
		(*lineno)++;
		len = strlen(buf);
		if (len > PSK_PARAMS_LINE_MAX && buf[len - 1] != '\n') {
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
			snprintf(err, errlen,
			    "line %lu is longer than %d bytes", *lineno,
			    PSK_PARAMS_LINE_MAX);
			rc = -1;
			break;
		}
		rc = psk_params_parse_line(buf, out, err, errlen);
		if (rc == 1)
			continue;
		rc = rc == 0 ? 1 : -1;
		break;
	}
	free(buf);
	return rc;
}

int
psk_params_set_nortel_user(struct psk_params *p, const char *user)
{
	free(p->nortel_user);
	p->nortel_user = NULL;
	if (user == NULL)
		return 0;
	if (*user == '\0')
		return -1;
	p->nortel_user = xstrdup(user);
	return 0;
}

int
psk_params_pskcrack_ok(const struct psk_params *p)
{
	return (p->hash == 1 && p->hash_r.len == 16) ||
	    (p->hash == 2 && p->hash_r.len == 20);
}

int
psk_params_format(const struct psk_params *p, FILE *out)
{
	size_t i, j;

	for (i = 0; i < NFIELDS; i++) {
		const struct psk_field *f = cfield(p, i);

		if (i > 0 && putc(':', out) == EOF)
			return -1;
		for (j = 0; j < f->len; j++)
			if (fprintf(out, "%02x", f->p[j]) != 2)
				return -1;
	}
	return putc('\n', out) == EOF ? -1 : 0;
}

/* ---- from a capture ---- */

/* An encrypted Phase 1 message of role that was not decrypted. */
static int
p1_encrypted(const struct isc_exchange *ex, enum isc_role role)
{
	size_t j;

	for (j = 0; j < ex->nmsgs; j++)
		if (ex->msgs[j]->from == role && ex->msgs[j]->encrypted &&
		    ex->msgs[j]->plain == NULL)
			return 1;
	return 0;
}

static void
set_field(struct psk_field *f, struct km_buf b)
{
	f->p = xmemdup(b.p, b.len ? b.len : 1);
	f->len = b.len;
}

int
psk_params_from_sa(const struct isc_ike_sa *sa, struct psk_params *out)
{
	return psk_params_from_sa_side(sa, ISC_ROLE_RESPONDER, out, NULL);
}

int
psk_params_from_sa_side(const struct isc_ike_sa *sa, enum isc_role from,
    struct psk_params *out, const char **why)
{
	const struct isc_exchange *ex;
	const struct isc_msg	  *hm;
	struct km_buf		   sai, kei, ker, ni, nr, id, hash;
	const char		  *w = NULL;
	uint16_t		   h;
	uint8_t			   ckys[2][8];

	psk_params_init(out);
	if (sa->version != 1)
		w = "not IKEv1";
	else if (sa->auth_method != 0 &&
	    km_v1_auth_class(sa->auth_method) != KM_V1_PSK)
		w = "not authenticated with a pre-shared key";
	else if (sa->prf != 0)
		w = "the SA negotiates a PRF instead of HMAC of its hash";
	else if ((ex = crypt_v1_phase1(sa)) == NULL)
		w = "no Phase 1 exchange in the capture";
	else if (!sa->spi_r_known)
		w = "the responder's cookie is not known";
	else if ((hm = crypt_v1_p1_msg(sa, from, PT_HASH, &hash)) == NULL)
		w = p1_encrypted(ex, from) ?
		    "its HASH is encrypted: checking it needs the DH value" :
		    from == ISC_ROLE_INITIATOR ? "no HASH_I in the capture" :
						 "no HASH_R in the capture";
	else if (crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_SA, &sai) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &kei) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &ker) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_NONCE, &ni) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_NONCE, &nr) == NULL ||
	    crypt_v1_p1_msg(sa, from, PT_ID, &id) == NULL)
		w = "a payload it covers (SA, KE, nonce or ID) is missing";
	else if ((h = sa->hash != 0 ? sa->hash : hash_by_len(hash.len)) == 0 ||
	    crypto_hash_len(h) == 0)
		w = "the SA's hash algorithm is not supported";
	else if (crypto_hash_len(h) != hash.len)
		w = "the HASH payload's length does not fit the SA's hash";
	if (w != NULL) {
		if (why != NULL)
			*why = w;
		return -1;
	}
	memcpy(ckys[0], sa->spi_i, 8);
	memcpy(ckys[1], sa->spi_r, 8);
	/*
	 * HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
	 * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
	 * psk-crack's positions: "own" values first.
	 */
	if (from == ISC_ROLE_INITIATOR) {
		set_field(&out->g_xr, kei);
		set_field(&out->g_xi, ker);
		set_field(&out->cky_r, (struct km_buf){ ckys[0], 8 });
		set_field(&out->cky_i, (struct km_buf){ ckys[1], 8 });
	} else {
		set_field(&out->g_xr, ker);
		set_field(&out->g_xi, kei);
		set_field(&out->cky_r, (struct km_buf){ ckys[1], 8 });
		set_field(&out->cky_i, (struct km_buf){ ckys[0], 8 });
	}
	set_field(&out->sai_b, sai);
	set_field(&out->idir_b, id);
	set_field(&out->ni_b, ni);
	set_field(&out->nr_b, nr);
	set_field(&out->hash_r, hash);
	out->hash = h;
	out->from = from;
	out->frame = hm->meta.frame;
	return 0;
}
