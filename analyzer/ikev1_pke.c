/*
 * ikev1_pke.c - IKEv1 Phase 1 authenticated with public key encryption
 * (RFC 2409 5.2, method 4) and its revised form (5.3, method 5).
 *
 * Method 4: the initiator's third Main Mode message (first Aggressive
 * Mode message) carries <IDii_b>PubKey_r and <Ni_b>PubKey_r, the
 * responder's answer <IDir_b>PubKey_i and <Nr_b>PubKey_i: each payload
 * body is one RSAES-PKCS1-v1_5 ciphertext, its generic header clear.
 * Method 5: only the nonce is RSA-encrypted; KE, ID and CERT bodies are
 * encrypted with Ke_i / Ke_r, taken from Ne_i = prf(Ni_b, CKY-I) and
 * Ne_r = prf(Nr_b, CKY-R) as appendix B takes keys, with the negotiated
 * cipher in CBC mode from a zero IV, and padded as km_v1_pke_unpad()
 * says.
 *
 * The message encrypted to the responder's public key needs the
 * responder's private key, and the other way round.  Every `rsa` key
 * is tried; the first whose PKCS#1 padding is valid, whose nonce has a
 * length RFC 2409 allows (8 to 256 bytes) and, in revised mode, whose
 * Ke decrypts every symmetric payload to valid padding is kept as the
 * side's candidate.  The candidate's plaintext is what the rest of the
 * Phase 1 code reads (crypt_v1_p1_msg()), but it is put into the model
 * only when a Phase 1 HASH built from it verifies (ikev1_pke_proved()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/payload.h"
#include "crypt.h"
#include "crypto.h"
#include "crypto_pk.h"
#include "keys.h"
#include "util.h"

#define PT_NONCE   10
#define MAX_HIDDEN 8

/* The decrypted payloads of one side's message. */
struct pke_side {
	struct isc_msg *m;     /* the message with the encrypted payloads */
	uint8_t		done;  /* tried */
	uint8_t		types; /* bit 0 ID, 1 NONCE, 2 KE, 3 CERT encrypted */
	uint8_t	       *data;  /* the decrypted payloads as a chain */
	size_t		len;
	uint8_t		first;
	size_t		key; /* keys->rsa entry that decrypted it */
};

struct pke_state {
	struct crypto_rsa **rsa; /* by keys->rsa entry; NULL unreadable */
	size_t		    nrsa;
	uint8_t		    loaded, proved;
	struct pke_side	    side[2]; /* [1] initiator */
};

static struct pke_state *
pke_state(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	struct sa_crypt	      *c = crypt_state(sa);
	const struct isc_keys *ks = a->opts.keys;
	struct pke_state      *p;
	size_t		       i;
	char		       err[200], at[300];

	if (c->pke == NULL)
		c->pke = xcalloc(1, sizeof(*c->pke));
	p = c->pke;
	if (p->loaded || ks == NULL)
		return p;
	p->loaded = 1;
	p->nrsa = ks->nrsa;
	p->rsa = ks->nrsa ? xcalloc(ks->nrsa, sizeof(*p->rsa)) : NULL;
	for (i = 0; i < ks->nrsa; i++) {
		err[0] = '\0';
		p->rsa[i] = crypto_rsa_load(ks->rsa[i].der, ks->rsa[i].der_len,
		    err, sizeof(err));
		if (p->rsa[i] == NULL)
			diag_add(&sa->diags, ISC_SEV_WARNING,
			    "rsa-key-unusable", sa->first_frame, "%s: %s",
			    isc_key_origin_str(&ks->rsa[i].at, at, sizeof(at)),
			    err[0] ? err : "not an RSA private key");
	}
	return p;
}

void
ikev1_pke_free(struct sa_crypt *c)
{
	struct pke_state *p;
	size_t		  i;

	if (c == NULL || (p = c->pke) == NULL)
		return;
	for (i = 0; i < p->nrsa; i++)
		crypto_rsa_free(p->rsa[i]);
	free(p->rsa);
	for (i = 0; i < 2; i++)
		crypto_free_wiped(p->side[i].data, p->side[i].len);
	free(p);
	c->pke = NULL;
}

static unsigned
type_bit(uint8_t type)
{
	switch (type) {
	case 5:
		return 1;
	case PT_NONCE:
		return 2;
	case 4:
		return 4;
	case 6:
		return 8;
	}
	return 0;
}

struct hidden {
	uint8_t	       type;
	int	       how; /* 1 RSA, 2 Ke */
	const uint8_t *ct;
	size_t	       len;
};

/*
 * Decrypt the hidden payloads of m with RSA key k; on success the
 * decrypted chain in *out / *outlen (owned).  0 when every payload
 * decrypts and fits.
 */
static int
try_key(struct isc_ike_sa *sa, const struct crypto_rsa *k,
    const struct hidden *h, size_t nh, int initiator, uint8_t **out,
    size_t *outlen)
{
	const struct sa_crypt *c = sa->crypt;
	uint8_t		      *chain, *pt[MAX_HIDDEN];
	size_t		       ptlen[MAX_HIDDEN], i, total = 0, at;
	struct km_buf	       nonce = { NULL, 0 };
	uint8_t		       ke[ISC_KEY_MAX], iv[16];
	int		       rc = -1, have_ke = 0;

	memset(pt, 0, sizeof(pt));
	memset(ptlen, 0, sizeof(ptlen));
	/* The RSA-encrypted payloads first: the nonce gives Ke. */
	for (i = 0; i < nh; i++) {
		size_t n;

		if (h[i].how != 1)
			continue;
		if (h[i].len != crypto_rsa_len(k))
			goto out;
		pt[i] = xmalloc(h[i].len);
		if (crypto_rsa_decrypt(k, h[i].ct, h[i].len, pt[i], h[i].len,
			&n) != 0)
			goto out;
		ptlen[i] = n;
		/* RFC 2409 5: a nonce body is 8 to 256 bytes; an ID body
		   has at least its 4 bytes of type, protocol and port. */
		if (h[i].type == PT_NONCE) {
			if (n < 8 || n > 256)
				goto out;
			nonce.p = pt[i];
			nonce.len = n;
		} else if (n < 4)
			goto out;
	}
	for (i = 0; i < nh; i++) {
		size_t n;

		if (h[i].how != 2)
			continue;
		if (!have_ke) {
			/* Ke_i from Ne_i = prf(Ni_b, CKY-I); Ke_r from
			   Ne_r = prf(Nr_b, CKY-R) */
			if (nonce.p == NULL ||
			    km_v1_pke_ke(sa->hash, nonce,
				initiator ? sa->spi_i : sa->spi_r, c->keylen,
				ke) != 0)
				goto out;
			have_ke = 1;
		}
		if (h[i].len == 0 || h[i].len % c->block != 0)
			goto out;
		pt[i] = xmalloc(h[i].len);
		/* CBC from a zero IV, each payload body on its own */
		memset(iv, 0, sizeof(iv));
		if (crypto_decrypt(c->encr, ke, c->keylen, iv, c->block,
			h[i].ct, h[i].len, pt[i]) != 0 ||
		    km_v1_pke_unpad(pt[i], h[i].len, c->block, &n) != 0 ||
		    (h[i].type == 5 && n < 4) || n == 0)
			goto out;
		ptlen[i] = n;
	}
	for (i = 0; i < nh; i++)
		total += 4 + ptlen[i];
	chain = xmalloc(total);
	/* The payloads again, generic headers rebuilt for the plaintext. */
	for (i = 0, at = 0; i < nh; i++) {
		size_t plen = 4 + ptlen[i];

		chain[at] = i + 1 < nh ? h[i + 1].type : 0;
		chain[at + 1] = 0;
		chain[at + 2] = (uint8_t)(plen >> 8);
		chain[at + 3] = (uint8_t)plen;
		memcpy(chain + at + 4, pt[i], ptlen[i]);
		at += plen;
	}
	*out = chain;
	*outlen = total;
	rc = 0;
out:
	for (i = 0; i < nh; i++)
		if (pt[i] != NULL)
			crypto_free_wiped(pt[i], h[i].len);
	crypto_wipe(ke, sizeof(ke));
	return rc;
}

/* Try the keys on one side's message. */
static void
decrypt_side(struct pke_state *p, struct isc_ike_sa *sa, struct pke_side *s,
    int initiator)
{
	const struct isc_msg *m = s->m;
	struct hidden	      h[MAX_HIDDEN];
	size_t		      nh = 0, i;

	s->done = 1;
	for (i = 0; i < m->npayloads && nh < MAX_HIDDEN; i++) {
		const struct payload_ref *r = &m->payloads[i];
		int how = ikev1_pke_hidden(sa->auth_method, r->type);

		if (how == 0 || r->length < 4 ||
		    (size_t)r->off + r->length > m->len)
			continue;
		h[nh].type = r->type;
		h[nh].how = how;
		h[nh].ct = m->data + r->off + 4;
		h[nh].len = r->length - 4;
		nh++;
	}
	if (nh == 0)
		return;
	for (i = 0; i < p->nrsa; i++) {
		if (p->rsa[i] == NULL)
			continue;
		if (try_key(sa, p->rsa[i], h, nh, initiator, &s->data,
			&s->len) == 0) {
			s->first = h[0].type;
			s->key = i;
			return;
		}
	}
}

void
ikev1_pke_prepare(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	const struct isc_exchange *ex = crypt_v1_phase1(sa);
	struct pke_state	  *p;
	size_t			   i, j;

	if (ex == NULL || km_v1_auth_class(sa->auth_method) != KM_V1_PKE)
		return;
	p = pke_state(a, sa);
	for (i = 0; i < ex->nmsgs; i++) {
		struct isc_msg	*m = ex->msgs[i];
		struct pke_side *s;
		unsigned	 bits = 0;

		if (m->retrans_of != 0 || m->encrypted ||
		    m->from == ISC_ROLE_UNKNOWN)
			continue;
		for (j = 0; j < m->npayloads; j++)
			if (ikev1_pke_hidden(sa->auth_method,
				m->payloads[j].type) != 0)
				bits |= type_bit(m->payloads[j].type);
		if (bits == 0)
			continue;
		s = &p->side[m->from == ISC_ROLE_INITIATOR];
		if (s->m != NULL)
			continue; /* the first such message of that side */
		s->m = m;
		s->types = (uint8_t)bits;
		decrypt_side(p, sa, s, m->from == ISC_ROLE_INITIATOR);
	}
}

int
ikev1_pke_body(const struct isc_ike_sa *sa, const struct isc_msg *m,
    uint8_t type, struct km_buf *body)
{
	const struct pke_state *p;
	const struct pke_side  *s;
	struct payload_chain   *pc;
	struct cursor		cur;
	size_t			i;
	int			rc = 1;

	if (m->encrypted || km_v1_auth_class(sa->auth_method) != KM_V1_PKE ||
	    ikev1_pke_hidden(sa->auth_method, type) == 0)
		return -1;
	for (i = 0; i < m->npayloads; i++)
		if (m->payloads[i].type == type)
			break;
	if (i == m->npayloads)
		return -1;
	/* The clear chain holds ciphertext: never hand it out. */
	if (sa->crypt == NULL || (p = sa->crypt->pke) == NULL ||
	    m->from == ISC_ROLE_UNKNOWN)
		return 1;
	s = &p->side[m->from == ISC_ROLE_INITIATOR];
	if (s->m != m || s->data == NULL)
		return 1; /* encrypted, and no key opened it */
	pc = xcalloc(1, sizeof(*pc));
	cur = cur_init(s->data, s->len);
	(void)isakmp_walk_chain(&cur, s->first, 0, pc);
	for (i = 0; i < pc->n; i++) {
		if (pc->v[i].type != type)
			continue;
		body->p = s->data + pc->v[i].off + 4;
		body->len = pc->v[i].length - 4;
		rc = 0;
		break;
	}
	free(pc);
	return rc;
}

void
ikev1_pke_proved(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	struct pke_state *p = sa->crypt != NULL ? sa->crypt->pke : NULL;
	size_t		  i, j;

	if (p == NULL || p->proved)
		return;
	p->proved = 1;
	for (i = 0; i < 2; i++) {
		struct pke_side *s = &p->side[i];

		if (s->data == NULL || s->m->plain != NULL)
			continue;
		for (j = 0; j < sa->nex; j++)
			if (sa->ex[j]->msgid == 0 &&
			    (sa->ex[j]->type == 2 || sa->ex[j]->type == 4))
				break;
		if (j == sa->nex)
			continue;
		crypt_set_plain(sa, sa->ex[j], s->m, s->data, s->len, s->first,
		    0);
		s->m->dec_by = ISC_BY_HASH;
		if (a->opts.keys != NULL && s->key < a->opts.keys->nrsa)
			a->opts.keys->rsa[s->key].used++;
	}
}

void
ikev1_pke_source(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    char *buf, size_t len)
{
	const struct pke_state *p = sa->crypt != NULL ? sa->crypt->pke : NULL;
	char			at[300];
	size_t			i, n = 0;

	buf[0] = '\0';
	if (p == NULL || a->opts.keys == NULL)
		return;
	for (i = 2; i-- > 0;) {
		const struct pke_side *s = &p->side[i];

		if (s->data == NULL || s->key >= a->opts.keys->nrsa || n >= len)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "rsa %s, ",
		    isc_key_origin_str(&a->opts.keys->rsa[s->key].at, at,
			sizeof(at)));
	}
}

int
ikev1_pke_missing(const struct isc_ike_sa *sa, char *buf, size_t len)
{
	const struct pke_state *p = sa->crypt != NULL ? sa->crypt->pke : NULL;
	size_t			i, n = 0;

	buf[0] = '\0';
	if (km_v1_auth_class(sa->auth_method) != KM_V1_PKE)
		return 0;
	for (i = 2; i-- > 0;) {
		const struct pke_side *s = p != NULL ? &p->side[i] : NULL;
		const char	      *who = i ? "responder" : "initiator";
		const char	      *x = i ? "i" : "r";

		if (s == NULL || s->m == NULL || s->data != NULL || n >= len)
			continue;
		/* The initiator's message is encrypted to the responder's
		   public key, and the other way round. */
		n += (size_t)snprintf(buf + n, len - n,
		    "%sthe %s's RSA private key (`rsa PATH`): frame %llu "
		    "carries N%s_b%s%s encrypted with its public key%s",
		    n ? "; " : "", who, (unsigned long long)s->m->meta.frame, x,
		    (s->types & 1) ? (i ? ", IDii_b" : ", IDir_b") : "",
		    (s->types & 4) ? (i ? ", g^xi" : ", g^xr") : "",
		    (s->types & 4) ? " (or with Ke derived from it)" : "");
	}
	return n > 0;
}
