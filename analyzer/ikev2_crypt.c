/*
 * ikev2_crypt.c - IKEv2 keys, SK/SKF decryption, AUTH checks and child
 * SA keys (RFC 7296 2.13-2.18, 3.14; RFC 5282; RFC 7383).
 *
 * An SA's keys come from, in this order: an `ikev2` key-file line with
 * its SPI pair (no IKE_SA_INIT needed); the DH secret of IKE_SA_INIT
 * with its nonces (SKEYSEED = prf(Ni | Nr, g^ir)); or, for an SA that a
 * CREATE_CHILD_SA exchange of another SA created, that exchange's DH
 * secret and nonces with the old SA's SK_d (SKEYSEED = prf(SK_d(old),
 * g^ir(new) | Ni | Nr)).  A candidate is kept only when the first
 * encrypted message's ICV (or AEAD tag) verifies with it.
 *
 * Every SK payload's ICV is checked before its body is decrypted; a
 * message whose ICV fails is integrity_failed, never content.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/registry.h"
#include "algo.h"
#include "crypt.h"
#include "crypto.h"
#include "crypto_pk.h"
#include "keys.h"
#include "util.h"

#define PT_SA	 33
#define PT_KE	 34
#define PT_IDI	 35
#define PT_IDR	 36
#define PT_CERT	 37
#define PT_AUTH	 39
#define PT_NONCE 40
#define PT_N	 41

#define MAX_SKF	      64
#define MAX_SKF_BYTES 65535

/* Keys waiting for the SA a CREATE_CHILD_SA rekey created. */
struct crypt_pending {
	uint8_t		    spi_i[8], spi_r[8];
	uint16_t	    encr, integ, prf;
	size_t		    keylen;
	struct isc_ike_keys k;
	size_t		    old_index;
	uint64_t	    frame;
};

const struct isc_msg *
crypt_v2_init_msg(const struct isc_ike_sa *sa, enum isc_role role)
{
	const struct isc_msg *found = NULL;
	size_t		      i, j;

	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		if (ex->type != 34 || ex->msgid != 0)
			continue;
		for (j = 0; j < ex->nmsgs; j++)
			if (ex->msgs[j]->from == role &&
			    ex->msgs[j]->retrans_of == 0)
				found = ex->msgs[j];
	}
	return found;
}

/* KE data (after group and reserved) of a KE payload body. */
static int
ke_data(const struct isc_msg *m, int plain, struct km_buf *ke, uint16_t *grp)
{
	struct km_buf b;

	if (crypt_payload(m, plain, PT_KE, &b) != 0 || b.len < 4)
		return -1;
	*grp = (uint16_t)(b.p[0] << 8 | b.p[1]);
	ke->p = b.p + 4;
	ke->len = b.len - 4;
	return 0;
}

/* Lengths for the SA's ENCR/INTEG; 0 when both are usable. */
static int
v2_lengths(struct sa_crypt *c, uint16_t encr, size_t keylen, uint16_t integ)
{
	const struct algo *e = algo_find(ALGO_ENCR, encr), *ig;

	if (e == NULL)
		return -1;
	if (keylen == 0)
		keylen = e->key_min;
	if (keylen < e->key_min || keylen > e->key_max)
		return -1;
	c->encr = encr;
	c->keylen = keylen;
	c->block = e->block;
	c->iv_len = e->iv;
	c->ek_len = keylen + e->salt;
	if (e->aead) {
		c->integ = 0;
		c->ak_len = 0;
		c->icv_len = e->icv;
		return 0;
	}
	ig = algo_find(ALGO_INTEG, integ);
	if (ig == NULL)
		return -1;
	c->integ = integ;
	c->ak_len = ig->key_min;
	c->icv_len = ig->icv;
	return 0;
}

/*
 * Check and open one SK/SKF body with keyset k in direction `from_i`.
 * Returns 0 with the plaintext (padding removed) in out and *outlen, 1 when
 * the ICV fails, 2 for bad padding, 3 when the plaintext is not a payload
 * chain (the ICV verified, so SK_e is wrong), -1 for a malformed body.
 * With `lenient` (isc_options.ignore_icv), a whole message (not an SKF
 * fragment) whose ICV fails is decrypted anyway: 4 when its padding fits
 * and its plaintext is a payload chain (UNVERIFIED content), else 1.
 */
static int
v2_open(const struct sa_crypt *c, const struct isc_ike_keys *k, int from_i,
    const struct isc_msg *m, size_t skip, uint8_t *out, size_t *outlen,
    int lenient)
{
	const uint8_t	  *ek = from_i ? k->sk_ei : k->sk_er;
	const uint8_t	  *ak = from_i ? k->sk_ai : k->sk_ar;
	const uint8_t	  *body, *iv, *ct, *icv;
	size_t		   blen, ctlen, pad;
	uint8_t		   mac[64];
	const struct algo *e = algo_find(ALGO_ENCR, c->encr);
	int		   icv_bad = 0, r;

	if (m->enc_off + (size_t)m->enc_len > m->len || e == NULL)
		return -1;
	body = m->data + m->enc_off + skip;
	blen = m->enc_len - skip;
	if (blen < c->iv_len + c->icv_len + 1)
		return -1;
	iv = body;
	ct = body + c->iv_len;
	ctlen = blen - c->iv_len - c->icv_len;
	icv = ct + ctlen;
	lenient = lenient && skip == 0;
	if (e->aead) {
		/* RFC 5282 5.1: the AAD is everything before the IV. */
		if (lenient) {
			r = crypto_aead_decrypt_unverified(c->encr, ek,
			    c->ek_len, iv, c->iv_len, m->data,
			    (size_t)(iv - m->data), ct, ctlen, icv, c->icv_len,
			    out);
			if (r < 0)
				return 1;
			icv_bad = r == 1;
		} else if (crypto_aead_decrypt(c->encr, ek, c->ek_len, iv,
			       c->iv_len, m->data, (size_t)(iv - m->data), ct,
			       ctlen, icv, c->icv_len, out) != 0)
			return 1;
	} else {
		if (c->block > 1 && ctlen % c->block != 0)
			return -1;
		/* The ICV covers the message from its first byte. */
		if (crypto_integ(c->integ, ak, c->ak_len, m->data,
			(size_t)(icv - m->data), mac, c->icv_len) != 0 ||
		    !crypt_equal(mac, icv, c->icv_len)) {
			if (!lenient)
				return 1;
			icv_bad = 1;
		}
		if (crypto_decrypt(c->encr, ek, c->ek_len, iv, c->iv_len, ct,
			ctlen, out) != 0)
			return icv_bad ? 1 : -1;
	}
	/* RFC 7296 3.14: padding, then the pad length byte. */
	if (ctlen == 0)
		return icv_bad ? 1 : 2;
	pad = out[ctlen - 1];
	if (pad + 1 > ctlen)
		return icv_bad ? 1 : 2;
	*outlen = ctlen - 1 - pad;
	/*
	 * The ICV proves the ciphertext, not SK_e: a whole message must
	 * also be a payload chain (fragments are checked once reassembled).
	 */
	if (skip == 0 && !(*outlen == 0 && m->enc_first == 0) &&
	    crypt_chain_fits(out, *outlen, m->enc_first, 1) != 0)
		return icv_bad ? 1 : 3;
	return icv_bad ? 4 : 0;
}

static void
keys_from_line(struct isc_ike_keys *k, const struct isc_key_v2 *l)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->sk_ei, l->sk_ei, l->ek_len);
	memcpy(k->sk_er, l->sk_er, l->ek_len);
	if (l->ak_len > 0) {
		memcpy(k->sk_ai, l->sk_ai, l->ak_len);
		memcpy(k->sk_ar, l->sk_ar, l->ak_len);
	}
	k->ek_len = l->ek_len;
	k->ak_len = l->ak_len;
	k->state = ISC_KEYS_PROVIDED;
}

static void
keys_from_km(struct isc_ike_keys *k, const struct km_v2_keys *kv)
{
	memset(k, 0, sizeof(*k));
	k->hlen = kv->prf_len;
	k->ek_len = kv->ek_len;
	k->ak_len = kv->ak_len;
	memcpy(k->skeyseed, kv->skeyseed, kv->prf_len);
	memcpy(k->sk_d, kv->sk_d, kv->prf_len);
	memcpy(k->sk_pi, kv->sk_pi, kv->prf_len);
	memcpy(k->sk_pr, kv->sk_pr, kv->prf_len);
	memcpy(k->sk_ai, kv->sk_ai, kv->ak_len);
	memcpy(k->sk_ar, kv->sk_ar, kv->ak_len);
	memcpy(k->sk_ei, kv->sk_ei, kv->ek_len);
	memcpy(k->sk_er, kv->sk_er, kv->ek_len);
	k->have_skeyseed = 1;
	k->state = ISC_KEYS_DERIVED;
}

static size_t
skf_skip(const struct isc_msg *m)
{
	return m->payloads[m->npayloads - 1].type == IKEV2_PT_SKF ? 4 : 0;
}

/*
 * Try keyset k on m: 0 when the ICV verifies.  lenient (ignore_icv, after
 * no candidate verified): 0 when the body decrypts to a payload chain
 * although the ICV fails.
 */
static int
v2_verifies(const struct sa_crypt *c, const struct isc_ike_keys *k,
    const struct isc_msg *m, int lenient)
{
	uint8_t *out = xmalloc(m->enc_len + 1);
	size_t	 n;
	int rc = v2_open(c, k, m->from == ISC_ROLE_INITIATOR, m, skf_skip(m),
	    out, &n, lenient);

	crypto_wipe(out, m->enc_len + 1);
	free(out);
	if (lenient)
		return rc == 4 ? 0 : -1;
	/* The ICV decides: SK_a is right (bad padding or a wrong SK_e
	   are reported on the message). */
	return rc == 0 || rc == 2 || rc == 3 ? 0 : -1;
}

/* Find the SA's keys with m; 0 when found. */
static int
v2_establish(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_msg *m,
    int *ncands, int lenient)
{
	struct isc_keys	     *ks = a->opts.keys;
	struct sa_crypt	     *c = crypt_state(sa);
	const struct isc_msg *qi, *ri;
	struct km_buf	      ni, nr, kei, ker, none = { NULL, 0 };
	struct dh_cand	      dhc[16];
	size_t		      i, ndh;
	uint16_t	      gi, gr;
	char		      at[300], buf[700];

	*ncands = 0;
	/* Final keys by SPI pair. */
	for (i = 0; ks != NULL && i < ks->nv2; i++) {
		struct isc_key_v2 *l = &ks->v2[i];
		struct sa_crypt	   t;

		if (memcmp(l->spi_i, sa->spi_i, 8) != 0 ||
		    memcmp(l->spi_r, sa->spi_r, 8) != 0)
			continue;
		memset(&t, 0, sizeof(t));
		if (algo_find(ALGO_ENCR, l->encr) == NULL ||
		    v2_lengths(&t, l->encr,
			l->ek_len - algo_find(ALGO_ENCR, l->encr)->salt,
			l->integ) != 0)
			continue;
		(*ncands)++;
		keys_from_line(&sa->keys[0], l);
		if (v2_verifies(&t, &sa->keys[0], m, lenient) == 0) {
			t.prf = sa->prf;
			*c = t;
			c->have_keys = 1;
			l->used++;
			if (sa->encr == 0) {
				/* No IKE_SA_INIT: the key line names them. */
				sa->encr = l->encr;
				sa->integ = l->integ;
				sa->encr_keylen = (uint16_t)(t.keylen * 8);
			}
			snprintf(buf, sizeof(buf), "ikev2 %s",
			    isc_key_origin_str(&l->at, at, sizeof(at)));
			sa->keys[0].source = xstrdup(buf);
			return 0;
		}
		memset(&sa->keys[0], 0, sizeof(sa->keys[0]));
	}
	/* A rekey's keys, derived when its CREATE_CHILD_SA was read. */
	for (i = 0; !lenient && i < a->npending; i++) {
		struct crypt_pending *p = &a->pending[i];
		struct sa_crypt	      t;

		if (memcmp(p->spi_i, sa->spi_i, 8) != 0 ||
		    memcmp(p->spi_r, sa->spi_r, 8) != 0)
			continue;
		memset(&t, 0, sizeof(t));
		if (v2_lengths(&t, p->encr, p->keylen, p->integ) != 0)
			continue;
		(*ncands)++;
		t.prf = p->prf;
		if (v2_verifies(&t, &p->k, m, 0) == 0) {
			*c = t;
			c->have_keys = 1;
			sa->keys[0] = p->k;
			p->k.source = NULL;
			p->k.gxy = NULL;
			sa->prf = p->prf;
			sa->encr = p->encr;
			sa->integ = p->integ;
			sa->encr_keylen = (uint16_t)(p->keylen * 8);
			if (sa->rekey_of_index != p->old_index + 1) {
				sa->rekey_of = isc_analysis_sa(a, p->old_index);
				sa->rekey_of_index = p->old_index + 1;
				sa->rekey_frame = p->frame;
			}
			diag_add(&sa->diags, ISC_SEV_INFO, "rekey-confirmed",
			    m->meta.frame,
			    "keys derived from the CREATE_CHILD_SA exchange "
			    "of IKE SA #%zu in frame %llu verify: this SA "
			    "rekeyed it",
			    p->old_index + 1, (unsigned long long)p->frame);
			return 0;
		}
	}
	/* IKE_SA_INIT with a DH secret. */
	qi = crypt_v2_init_msg(sa, ISC_ROLE_INITIATOR);
	ri = crypt_v2_init_msg(sa, ISC_ROLE_RESPONDER);
	if (ks == NULL || qi == NULL || ri == NULL || sa->encr == 0 ||
	    sa->prf == 0 || crypt_payload(qi, 0, PT_NONCE, &ni) != 0 ||
	    crypt_payload(ri, 0, PT_NONCE, &nr) != 0 ||
	    ke_data(qi, 0, &kei, &gi) != 0 || ke_data(ri, 0, &ker, &gr) != 0 ||
	    gi != gr)
		return -1;
	{
		struct sa_crypt t;

		memset(&t, 0, sizeof(t));
		if (v2_lengths(&t, sa->encr, sa->encr_keylen / 8, sa->integ) !=
		    0)
			return -1;
		t.prf = sa->prf;
		*c = t;
	}
	ndh = crypt_dh_candidates(a, sa, NULL, gi, kei, ker, m->meta.frame, dhc,
	    16);
	for (i = 0; i < ndh; i++) {
		struct km_v2_keys kv;
		struct km_buf	  g = { dhc[i].gxy, dhc[i].len };

		(*ncands)++;
		/* SKEYSEED = prf(Ni | Nr, g^ir); {SK_d | SK_ai | SK_ar |
		   SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr |
		   SPIi | SPIr) */
		if (km_v2_sa_keys(c->prf, none, ni, nr, g, sa->spi_i, sa->spi_r,
			c->ek_len, c->ak_len, &kv) != 0)
			break;
		keys_from_km(&sa->keys[0], &kv);
		crypto_wipe(&kv, sizeof(kv));
		if (v2_verifies(c, &sa->keys[0], m, lenient) == 0) {
			c->have_keys = 1;
			sa->keys[0].gxy = xmemdup(dhc[i].gxy, dhc[i].len);
			sa->keys[0].gxy_len = dhc[i].len;
			ks->dh[dhc[i].entry].used++;
			snprintf(buf, sizeof(buf), "dh %s",
			    isc_key_origin_str(&ks->dh[dhc[i].entry].at, at,
				sizeof(at)));
			sa->keys[0].source = xstrdup(buf);
			crypt_dh_free(dhc, ndh);
			return 0;
		}
		memset(&sa->keys[0], 0, sizeof(sa->keys[0]));
	}
	crypt_dh_free(dhc, ndh);
	return -1;
}

/* ---- IKE_INTERMEDIATE (RFC 9242) and additional key exchanges (RFC 9370) */

/*
 * The keys that protect m: those before an additional key exchange for
 * messages up to that exchange's ID, else the current ones.
 */
static const struct isc_ike_keys *
v2_keys_for(const struct isc_ike_sa *sa, const struct isc_msg *m)
{
	const struct sa_crypt *c = sa->crypt;
	size_t		       i;

	for (i = 0; i < c->nold; i++)
		if (m->hdr.msgid <= c->old[i].upto)
			return &c->old[i].k;
	return &sa->keys[0];
}

static void
v2_upd_free(struct sa_crypt *c)
{
	if (c->upd != NULL)
		crypto_wipe(c->upd, c->nupd * sizeof(*c->upd));
	free(c->upd);
	free(c->upd_entry);
	c->upd = NULL;
	c->upd_entry = NULL;
	c->nupd = 0;
}

/*
 * The first message after an additional key exchange: the candidate
 * whose keys verify its ICV becomes the SA's keys (the old ones stay for
 * messages of earlier IDs).  0 when one did.
 */
static int
v2_addke_adopt(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_msg *m)
{
	struct sa_crypt *c = sa->crypt;
	struct isc_keys *ks = a->opts.keys;
	size_t		 j, n = c->nold + 1;
	char		 at[300], buf[900];

	for (j = 0; j < c->nupd; j++) {
		char	*src = sa->keys[0].source;
		uint8_t *gxy = sa->keys[0].gxy;
		size_t	 gl = sa->keys[0].gxy_len;

		if (v2_verifies(c, &c->upd[j], m, 0) != 0)
			continue;
		if (c->old == NULL)
			c->old = xcalloc(V2_MAX_OLD, sizeof(*c->old));
		c->old[c->nold].k = sa->keys[0];
		c->old[c->nold].k.source = NULL;
		c->old[c->nold].k.gxy = NULL;
		c->old[c->nold].upto = c->upd_msgid;
		c->nold++;
		sa->keys[0] = c->upd[j];
		sa->keys[0].gxy = gxy;
		sa->keys[0].gxy_len = gl;
		ks->dh[c->upd_entry[j]].used++;
		snprintf(buf, sizeof(buf), "%s, ADDKE%zu dh %s",
		    src != NULL ? src : "?", n,
		    isc_key_origin_str(&ks->dh[c->upd_entry[j]].at, at,
			sizeof(at)));
		free(src);
		sa->keys[0].source = xstrdup(buf);
		diag_add(&sa->diags, ISC_SEV_INFO, "addke-keys", m->meta.frame,
		    "additional key exchange %zu (group %u, IKE_INTERMEDIATE "
		    "of frame %llu): new keys, verified by this message's ICV "
		    "(RFC 9370)",
		    n, c->upd_group, (unsigned long long)c->upd_frame);
		v2_upd_free(c);
		return 0;
	}
	diag_add(&m->diags, ISC_SEV_ERROR, "keys-wrong", m->meta.frame,
	    "none of the %zu key candidates of additional key exchange %zu "
	    "(group %u, frame %llu) verifies this message's ICV",
	    c->nupd, n, c->upd_group, (unsigned long long)c->upd_frame);
	c->stalled = 1;
	c->stall_msgid = c->upd_msgid;
	c->stall_group = c->upd_group;
	c->stall_frame = c->upd_frame;
	v2_upd_free(c);
	return -1;
}

/*
 * An IKE_INTERMEDIATE response decrypted with keys k: when the exchange
 * carries a KE pair, the candidates of the next keys (RFC 9370 2.2.2).
 */
static void
v2_addke(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *resp, const struct isc_ike_keys *k)
{
	struct sa_crypt	     *c = sa->crypt;
	const struct isc_msg *req = NULL, *qi, *ri;
	struct km_buf	      ni, nr, kei, ker;
	struct km_buf	      skd = { k->sk_d, k->hlen };
	struct dh_cand	      dhc[8];
	size_t		      i, ndh;
	uint16_t	      gi, gr;
	char		      gname[48], gtmp[48];

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->from == ex->initiated_by &&
		    ex->msgs[i]->plain != NULL && ex->msgs[i]->retrans_of == 0)
			req = ex->msgs[i];
	if (req == NULL || ke_data(req, 1, &kei, &gi) != 0 ||
	    ke_data(resp, 1, &ker, &gr) != 0 || gi != gr)
		return;
	snprintf(gname, sizeof(gname), "%s",
	    reg_name_buf(REG_DH_GROUP, gi, gtmp, sizeof(gtmp)));
	v2_upd_free(c);
	c->upd_msgid = ex->msgid;
	c->upd_group = gi;
	c->upd_frame = req->meta.frame;
	qi = crypt_v2_init_msg(sa, ISC_ROLE_INITIATOR);
	ri = crypt_v2_init_msg(sa, ISC_ROLE_RESPONDER);
	if (c->nold >= V2_MAX_OLD || !k->have_skeyseed || qi == NULL ||
	    ri == NULL || crypt_payload(qi, 0, PT_NONCE, &ni) != 0 ||
	    crypt_payload(ri, 0, PT_NONCE, &nr) != 0) {
		ndh = 0;
		diag_add(&sa->diags, ISC_SEV_WARNING, "addke-keys-missing",
		    resp->meta.frame,
		    "additional key exchange %zu (group %u, %s) changes the "
		    "keys, but %s",
		    c->nold + 1, gi, gname,
		    c->nold >= V2_MAX_OLD ?
			"RFC 9370 allows at most 7" :
			!k->have_skeyseed ?
			"the new keys need SK_d, which final "
			"SK_e/SK_a keys do not give (give the DH values "
			"instead)" :
			"the nonces of IKE_SA_INIT are not in the "
			"capture");
	} else
		ndh = crypt_dh_candidates(a, sa, NULL, gi, kei, ker,
		    resp->meta.frame, dhc, 8);
	if (ndh == 0) {
		c->stalled = 1;
		c->stall_msgid = ex->msgid;
		c->stall_group = gi;
		c->stall_frame = req->meta.frame;
		return;
	}
	c->upd = xcalloc(ndh, sizeof(*c->upd));
	c->upd_entry = xcalloc(ndh, sizeof(*c->upd_entry));
	for (i = 0; i < ndh; i++) {
		struct km_v2_keys kv;
		struct km_buf	  g = { dhc[i].gxy, dhc[i].len };

		/*
		 * SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr)
		 * {SK_d(n) | SK_ai(n) | SK_ar(n) | SK_ei(n) | SK_er(n) |
		 *  SK_pi(n) | SK_pr(n)} = prf+(SKEYSEED(n), Ni | Nr | SPIi |
		 *  SPIr)   (RFC 9370 2.2.2; the formula of an IKE SA rekey)
		 */
		if (km_v2_sa_keys(c->prf, skd, ni, nr, g, sa->spi_i, sa->spi_r,
			c->ek_len, c->ak_len, &kv) != 0)
			continue;
		keys_from_km(&c->upd[c->nupd], &kv);
		crypto_wipe(&kv, sizeof(kv));
		c->upd_entry[c->nupd++] = dhc[i].entry;
	}
	crypt_dh_free(dhc, ndh);
}

/*
 * Add a decrypted IKE_INTERMEDIATE message, protected with keys k, to
 * its sender's IntAuth chain (RFC 9242 3.3.2).  IntAuth_A is the message
 * from the IKE header to the Encrypted payload header, its Length and
 * Payload Length counting only the inner payloads (a fragmented message
 * counts as sent whole, in one SK payload); IntAuth_P the inner payloads.
 */
static void
v2_intauth_add(struct isc_ike_sa *sa, struct isc_msg *m,
    const struct isc_ike_keys *k)
{
	struct sa_crypt		 *c = sa->crypt;
	const struct payload_ref *sk = &m->payloads[m->npayloads - 1];
	int			  side = m->from == ISC_ROLE_INITIATOR;
	size_t			  plen = m->plain->len, alen;
	struct km_buf		  skp, prev, ab, pb;
	uint8_t			 *buf;
	uint32_t		  total;

	if (!k->have_skeyseed || sk->off < ISAKMP_HDR_LEN ||
	    (size_t)sk->off + ISAKMP_GENERIC_LEN > m->len ||
	    plen > 0xffff - ISAKMP_GENERIC_LEN)
		return;
	alen = (size_t)sk->off + ISAKMP_GENERIC_LEN;
	buf = xmalloc(alen);
	memcpy(buf, m->data, alen);
	if (sk->type == IKEV2_PT_SKF) {
		/* whoever named SKF names SK */
		if (m->npayloads == 1)
			buf[16] = IKEV2_PT_SK;
		else
			buf[m->payloads[m->npayloads - 2].off] = IKEV2_PT_SK;
		buf[sk->off] = m->plain->first;
	}
	total = (uint32_t)(alen + plen);
	buf[24] = (uint8_t)(total >> 24);
	buf[25] = (uint8_t)(total >> 16);
	buf[26] = (uint8_t)(total >> 8);
	buf[27] = (uint8_t)total;
	buf[sk->off + 2] = (uint8_t)((ISAKMP_GENERIC_LEN + plen) >> 8);
	buf[sk->off + 3] = (uint8_t)(ISAKMP_GENERIC_LEN + plen);
	skp.p = side ? k->sk_pi : k->sk_pr;
	skp.len = k->hlen;
	prev.p = c->intauth[side];
	prev.len = c->nintauth[side] > 0 ? k->hlen : 0;
	ab.p = buf;
	ab.len = alen;
	pb.p = m->plain->data;
	pb.len = plen;
	if (km_v2_intauth(c->prf, skp, prev, ab, pb, c->intauth[side]) == 0)
		c->nintauth[side]++;
	free(buf);
}

int
crypt_v2_intauth(const struct isc_ike_sa *sa, uint8_t *out)
{
	const struct sa_crypt *c = sa->crypt;
	unsigned	       seen[2] = { 0, 0 };
	uint32_t	       mid = 0;
	int		       have_auth = 0;
	size_t		       i, j, h = sa->keys[0].hlen;

	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		if (ex->type == 35 && (!have_auth || ex->msgid < mid)) {
			mid = ex->msgid;
			have_auth = 1;
		}
		if (ex->type != 43)
			continue;
		for (j = 0; j < ex->nmsgs; j++)
			if (ex->msgs[j]->retrans_of == 0 &&
			    ex->msgs[j]->frag_no <= 1 &&
			    ex->msgs[j]->from != ISC_ROLE_UNKNOWN)
				seen[ex->msgs[j]->from == ISC_ROLE_INITIATOR]++;
	}
	if (seen[0] == 0 && seen[1] == 0)
		return 0;
	if (c == NULL || seen[0] != c->nintauth[0] ||
	    seen[1] != c->nintauth[1] || !have_auth)
		return -1;
	memcpy(out, c->intauth[1], h);
	memcpy(out + h, c->intauth[0], h);
	out[2 * h] = (uint8_t)(mid >> 24);
	out[2 * h + 1] = (uint8_t)(mid >> 16);
	out[2 * h + 2] = (uint8_t)(mid >> 8);
	out[2 * h + 3] = (uint8_t)mid;
	return (int)(2 * h + 4);
}

/* ---- AUTH (RFC 7296 2.15) ---- */

static void
v2_check_auth(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_msg *m)
{
	struct isc_keys	     *ks = a->opts.keys;
	const struct isc_msg *init;
	const struct isc_msg *peer_init;
	struct km_buf	      auth, id, nonce, cert, skp, iab;
	uint8_t		      out[KM_MAX_HASH], ia[2 * KM_MAX_HASH + 4];
	int		      ialen;
	int		      from_i = m->from == ISC_ROLE_INITIATOR;
	int		      side = from_i;
	uint8_t		      method;
	size_t		      i;
	char		      why[200];

	if (crypt_payload(m, 1, PT_AUTH, &auth) != 0 || auth.len < 4)
		return;
	m->check = ISC_CHECK_UNVERIFIED;
	if (sa->auth[side] == ISC_CHECK_NONE)
		sa->auth[side] = ISC_CHECK_UNVERIFIED;
	method = auth.p[0];
	auth.p += 4;
	auth.len -= 4;
	init = crypt_v2_init_msg(sa, m->from);
	peer_init = crypt_v2_init_msg(sa,
	    from_i ? ISC_ROLE_RESPONDER : ISC_ROLE_INITIATOR);
	if (init == NULL || peer_init == NULL || !sa->keys[0].have_skeyseed ||
	    crypt_payload(m, 1, from_i ? PT_IDI : PT_IDR, &id) != 0 ||
	    crypt_payload(peer_init, 0, PT_NONCE, &nonce) != 0) {
		diag_add(&m->diags, ISC_SEV_INFO, "auth-unverified",
		    m->meta.frame, "AUTH not verified: %s",
		    init == NULL || peer_init == NULL ?
			"it covers the IKE_SA_INIT messages, which are not "
			"in the capture" :
			!sa->keys[0].have_skeyseed ?
			"it needs SK_pi/SK_pr, which final SK_e/SK_a keys do "
			"not give (give the DH value instead)" :
			"its ID or the peer's nonce is missing");
		return;
	}
	skp.p = from_i ? sa->keys[0].sk_pi : sa->keys[0].sk_pr;
	skp.len = sa->keys[0].hlen;
	ialen = crypt_v2_intauth(sa, ia);
	if (ialen < 0) {
		diag_add(&m->diags, ISC_SEV_INFO, "auth-unverified",
		    m->meta.frame,
		    "AUTH not verified: it covers the IKE_INTERMEDIATE "
		    "messages (RFC 9242 IntAuth), and not all of them were "
		    "decrypted");
		return;
	}
	iab.p = ia;
	iab.len = (size_t)ialen;
	{
		struct km_buf msg = { init->data, init->len };

		if (method == 2) {
			/* AUTH = prf(prf(Shared Secret, "Key Pad for
			   IKEv2"), <SignedOctets>) */
			for (i = 0; ks != NULL && i < ks->npsk; i++) {
				struct km_buf p = { ks->psk[i].v,
					ks->psk[i].len };

				if (!crypt_psk_applies(a, sa, i))
					continue;
				if (km_v2_auth_psk_ia(sa->crypt->prf, p, msg,
					nonce, skp, id, iab, out) != 0)
					break;
				if (auth.len == sa->keys[0].hlen &&
				    crypt_equal(out, auth.p, auth.len)) {
					m->check = ISC_CHECK_VERIFIED;
					sa->auth[side] = ISC_CHECK_VERIFIED;
					ks->psk[i].used++;
					return;
				}
			}
			if (ks != NULL && ks->npsk > 0) {
				m->check = ISC_CHECK_FAILED;
				sa->auth[side] = ISC_CHECK_FAILED;
				diag_add(&m->diags, ISC_SEV_ERROR,
				    "auth-failed", m->meta.frame,
				    "the %s's AUTH (shared key) matches none "
				    "of the %zu pre-shared keys given: it "
				    "uses another PSK",
				    from_i ? "initiator" : "responder",
				    ks->npsk);
			}
			return;
		}
		/* Signatures: with the certificate the peer sent. */
		if (crypt_payload(m, 1, PT_CERT, &cert) == 0 && cert.len > 1 &&
		    cert.p[0] == 4) {
			size_t socap =
			    msg.len + nonce.len + KM_MAX_HASH + iab.len;
			uint8_t		      *so = xmalloc(socap);
			size_t		       sol;
			enum crypto_sig_result r;

			if (km_v2_signed_octets_ia(sa->crypt->prf, msg, nonce,
				skp, id, iab, so, socap, &sol) == 0) {
				why[0] = '\0';
				r = crypto_verify_auth(method, cert.p + 1,
				    cert.len - 1, auth.p, auth.len, so, sol,
				    why, sizeof(why));
				if (r == CRYPTO_SIG_VERIFIED) {
					m->check = ISC_CHECK_VERIFIED;
					sa->auth[side] = ISC_CHECK_VERIFIED;
				} else if (r == CRYPTO_SIG_FAILED) {
					m->check = ISC_CHECK_FAILED;
					sa->auth[side] = ISC_CHECK_FAILED;
					diag_add(&m->diags, ISC_SEV_ERROR,
					    "auth-failed", m->meta.frame,
					    "the %s's AUTH signature does not "
					    "verify with its certificate: %s",
					    from_i ? "initiator" : "responder",
					    why);
				} else
					diag_add(&m->diags, ISC_SEV_INFO,
					    "auth-unverified", m->meta.frame,
					    "AUTH not verified: %s", why);
			}
			free(so);
		} else if (method != 2) {
			diag_add(&m->diags, ISC_SEV_INFO, "auth-unverified",
			    m->meta.frame, "AUTH method %u not verified: %s",
			    method,
			    (method == 1 || method == 9 || method == 10 ||
				method == 11 || method == 14) ?
				"no certificate in this message to check the "
				"signature with" :
				"ikescope cannot check this method");
		}
	}
}

/* ---- child SAs and rekeys (RFC 7296 1.3, 2.17, 2.18) ---- */

struct v2_prop {
	uint8_t	 proto; /* 1 IKE, 2 AH, 3 ESP */
	uint8_t	 spi[8];
	size_t	 spi_len;
	uint16_t encr, keybits, integ, prf, dh, esn;
};

/* The first proposal of the message's (decrypted) SA payload. */
static int
v2_prop(const struct isc_msg *m, struct v2_prop *p)
{
	const struct isc_plain *pl = m->plain;
	const struct ftree     *t;
	const struct field     *spi;
	size_t			i;
	int32_t			pr, tr, at;

	memset(p, 0, sizeof(*p));
	if (pl == NULL || pl->payload_node == NULL)
		return -1;
	t = &pl->fields;
	for (i = 0; i < pl->npayloads; i++)
		if (pl->payloads[i].type == PT_SA)
			break;
	if (i == pl->npayloads ||
	    (pr = ft_find(t, pl->payload_node[i], "proposals")) == FT_NONE)
		return -1;
	p->proto = (uint8_t)ft_child_u(t, pr, "protocol_id");
	spi = ft_get(t, ft_find(t, pr, "spi"));
	if (spi != NULL && spi->n <= 8) {
		memcpy(p->spi, spi->p, spi->n);
		p->spi_len = spi->n;
	}
	for (tr = t->v[pr].child; tr != FT_NONE; tr = t->v[tr].next) {
		uint64_t ty, id;
		uint16_t kb = 0;

		if (strcmp(t->v[tr].key, "transforms") != 0)
			continue;
		ty = ft_child_u(t, tr, "transform_type");
		id = ft_child_u(t, tr, "transform_id");
		for (at = t->v[tr].child; at != FT_NONE; at = t->v[at].next)
			if (strcmp(t->v[at].key, "attributes") == 0 &&
			    ft_child_u(t, at, "attribute_type") == 14)
				kb = (uint16_t)ft_child_u(t, at, "value");
		switch (ty) {
		case 1:
			if (p->encr == 0) {
				p->encr = (uint16_t)id;
				p->keybits = kb;
			}
			break;
		case 2:
			if (p->prf == 0)
				p->prf = (uint16_t)id;
			break;
		case 3:
			if (p->integ == 0)
				p->integ = (uint16_t)id;
			break;
		case 4:
			if (p->dh == 0)
				p->dh = (uint16_t)id;
			break;
		case 5:
			p->esn = (uint16_t)id;
			break;
		}
	}
	return 0;
}

static uint32_t
spi32(const struct v2_prop *p)
{
	return p->spi_len == 4 ? (uint32_t)p->spi[0] << 24 | p->spi[1] << 16 |
		p->spi[2] << 8 | p->spi[3] :
				 0;
}

static void
v2_exchange_keys(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex, struct isc_msg *resp)
{
	const struct isc_msg *req = NULL;
	struct v2_prop	      pq, pr;
	struct km_buf	      ni, nr, kei = { 0 }, ker = { 0 }, g = { 0 };
	struct km_buf	      skd = { sa->keys[0].sk_d, sa->keys[0].hlen };
	struct dh_cand	      dhc[8];
	size_t		      i, ndh = 0;
	uint16_t	      gi = 0, gr = 0;
	int		      pfs;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->from == ex->initiated_by &&
		    ex->msgs[i]->plain != NULL)
			req = ex->msgs[i];
	if (req == NULL || v2_prop(req, &pq) != 0 || v2_prop(resp, &pr) != 0)
		return;
	if (ex->type == 35) {
		/* IKE_AUTH: the nonces of IKE_SA_INIT, never PFS. */
		const struct isc_msg *qi =
		    crypt_v2_init_msg(sa, ISC_ROLE_INITIATOR);
		const struct isc_msg *ri =
		    crypt_v2_init_msg(sa, ISC_ROLE_RESPONDER);

		if (qi == NULL || ri == NULL ||
		    crypt_payload(qi, 0, PT_NONCE, &ni) != 0 ||
		    crypt_payload(ri, 0, PT_NONCE, &nr) != 0)
			ni.p = nr.p = NULL;
	} else if (crypt_payload(req, 1, PT_NONCE, &ni) != 0 ||
	    crypt_payload(resp, 1, PT_NONCE, &nr) != 0) {
		return;
	}
	pfs = ex->type == 36 && ke_data(req, 1, &kei, &gi) == 0 &&
	    ke_data(resp, 1, &ker, &gr) == 0 && gi == gr;
	if (pfs && sa->keys[0].have_skeyseed)
		ndh = crypt_dh_candidates(a, sa,
		    pr.proto == 1 && pq.spi_len == 8 ? pq.spi : NULL, gi, kei,
		    ker, resp->meta.frame, dhc, 8);

	if (pr.proto == 1) {
		/* IKE SA rekey: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni |
		   Nr); the new SA's keys wait for its first message. */
		struct crypt_pending *p;
		struct sa_crypt	      t;

		if (!sa->keys[0].have_skeyseed || pq.spi_len != 8 ||
		    pr.spi_len != 8 || ni.p == NULL)
			goto out;
		if (ndh == 0)
			diag_add(&sa->diags, ISC_SEV_INFO, "rekey-keys-missing",
			    resp->meta.frame,
			    "this exchange rekeys the IKE SA; the new SA's "
			    "keys need the DH value of its KE payloads "
			    "(group %u): add `dh SPI_I private|shared HEX` "
			    "with this SA's SPI_I or the new one",
			    gi);
		memset(&t, 0, sizeof(t));
		if (v2_lengths(&t, pr.encr, pr.keybits / 8, pr.integ) != 0)
			goto out;
		for (i = 0; i < ndh; i++) {
			struct km_v2_keys kv;

			g.p = dhc[i].gxy;
			g.len = dhc[i].len;
			if (km_v2_sa_keys(pr.prf, skd, ni, nr, g, pq.spi,
				pr.spi, t.ek_len, t.ak_len, &kv) != 0)
				continue;
			ARRAY_GROW(a->pending, a->npending, a->pendcap);
			p = &a->pending[a->npending++];
			memset(p, 0, sizeof(*p));
			memcpy(p->spi_i, pq.spi, 8);
			memcpy(p->spi_r, pr.spi, 8);
			p->encr = pr.encr;
			p->keylen = t.keylen;
			p->integ = t.integ;
			p->prf = pr.prf;
			p->old_index = sa->index;
			p->frame = req->meta.frame;
			keys_from_km(&p->k, &kv);
			crypto_wipe(&kv, sizeof(kv));
			p->k.gxy = xmemdup(g.p, g.len);
			p->k.gxy_len = g.len;
			{
				char b[400], at[300];

				snprintf(b, sizeof(b),
				    "rekey of IKE SA #%zu: its SK_d, dh %s",
				    sa->index + 1,
				    isc_key_origin_str(&a->opts.keys
							    ->dh[dhc[i].entry]
							    .at,
					at, sizeof(at)));
				p->k.source = xstrdup(b);
			}
			a->opts.keys->dh[dhc[i].entry].used++;
		}
		goto out;
	}
	if (pr.proto != 2 && pr.proto != 3)
		goto out;
	{
		struct isc_child_sa *ch = crypt_child_new(a, sa);
		const struct algo   *ea = NULL, *ia = NULL;
		uint8_t		    *km;
		size_t		     need;
		int		     ok = 0;

		ch->protocol = pr.proto == 2 ? 51 : 50;
		ch->spi_i = spi32(&pq);
		ch->spi_r = spi32(&pr);
		ch->encr = pr.encr;
		ch->encr_keylen = pr.keybits;
		ch->integ = pr.integ;
		ch->dh = pfs ? gi : 0;
		ch->esn = pr.esn == 1;
		ch->frame = resp->meta.frame;
		ch->msgid = ex->msgid;
		if (ch->protocol == 50) {
			ea = algo_find(ALGO_ENCR, ch->encr);
			if (ea == NULL) {
				ch->missing = "unsupported ENCR transform";
				goto out;
			}
			ch->ek_len =
			    (pr.keybits ? pr.keybits / 8 : ea->key_min) +
			    ea->salt;
		}
		if (ch->integ != 0) {
			ia = algo_find(ALGO_INTEG, ch->integ);
			if (ia == NULL) {
				ch->missing = "unsupported INTEG transform";
				goto out;
			}
			ch->ak_len = ia->key_min;
		}
		if (!sa->keys[0].have_skeyseed) {
			ch->missing = "needs SK_d: give the DH value instead "
				      "of the final SK_e/SK_a keys";
			goto out;
		}
		if (ni.p == NULL) {
			ch->missing = "needs the nonces of IKE_SA_INIT, which "
				      "is not in the capture";
			goto out;
		}
		if (pfs && ndh == 0) {
			ch->missing = "uses PFS: needs the DH value of this "
				      "exchange's KE payloads";
			goto out;
		}
		need = 2 * (ch->ek_len + ch->ak_len);
		km = xmalloc(need);
		for (i = 0; i < (pfs ? ndh : 1) && !ok; i++) {
			if (pfs) {
				g.p = dhc[i].gxy;
				g.len = dhc[i].len;
			}
			/* KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) */
			if (km_v2_child_keymat(sa->crypt->prf, skd, g, ni, nr,
				km, need) != 0)
				continue;
			ok = 1;
			if (pfs)
				a->opts.keys->dh[dhc[i].entry].used++;
		}
		if (ok) {
			/* initiator -> responder keys first (2.17) */
			memcpy(ch->ekey[0], km, ch->ek_len);
			memcpy(ch->akey[0], km + ch->ek_len, ch->ak_len);
			memcpy(ch->ekey[1], km + ch->ek_len + ch->ak_len,
			    ch->ek_len);
			memcpy(ch->akey[1], km + 2 * ch->ek_len + ch->ak_len,
			    ch->ak_len);
			ch->state = ISC_KEYS_DERIVED;
		}
		crypto_wipe(km, need);
		free(km);
	}
out:
	crypt_dh_free(dhc, ndh);
}

/* ---- SKF reassembly (RFC 7383 2.6) ---- */

static void
skf_reset(struct skf_set *s)
{
	size_t i;

	for (i = 0; s->part != NULL && i < s->total; i++)
		free(s->part[i]);
	free(s->part);
	free(s->len);
	memset(s, 0, sizeof(*s));
}

/* Add fragment plaintext; returns 1 with the whole message in *out. */
static int
skf_add(struct isc_ike_sa *sa, struct isc_msg *m, uint16_t no, uint16_t total,
    uint8_t first, const uint8_t *p, size_t n, uint8_t **out, size_t *outlen,
    uint8_t *first_type)
{
	struct skf_set *s =
	    &crypt_state(sa)->skf[m->from == ISC_ROLE_INITIATOR];
	size_t i, off;

	if (total == 0 || no == 0 || no > total || total > MAX_SKF) {
		diag_add(&m->diags, ISC_SEV_WARNING, "skf-number",
		    m->meta.frame,
		    "fragment %u of %u is outside 1..%d or beyond the total",
		    no, total, MAX_SKF);
		return 0;
	}
	if (s->active && (s->msgid != m->hdr.msgid || s->total != total)) {
		if (s->msgid == m->hdr.msgid) {
			diag_add(&m->diags, ISC_SEV_INFO, "skf-restart",
			    m->meta.frame,
			    "fragments of message ID %u now come in %u "
			    "parts; the earlier set is dropped",
			    m->hdr.msgid, total);
		} else if (s->have < s->total) {
			diag_add(&m->diags, ISC_SEV_WARNING, "skf-incomplete",
			    m->meta.frame,
			    "fragments of message ID %u never completed "
			    "(%zu of %u)",
			    s->msgid, s->have, s->total);
		}
		skf_reset(s);
	}
	if (!s->active) {
		s->active = 1;
		s->msgid = m->hdr.msgid;
		s->total = total;
		s->part = xcalloc(total, sizeof(*s->part));
		s->len = xcalloc(total, sizeof(*s->len));
	}
	if (s->part[no - 1] != NULL)
		return 0; /* retransmitted fragment */
	if (s->bytes + n > MAX_SKF_BYTES) {
		diag_add(&m->diags, ISC_SEV_WARNING, "skf-too-big",
		    m->meta.frame,
		    "fragments add up to more than %d bytes; not "
		    "reassembled",
		    MAX_SKF_BYTES);
		skf_reset(s);
		return 0;
	}
	s->part[no - 1] = xmemdup(n ? p : (const uint8_t *)"", n);
	s->len[no - 1] = n;
	s->bytes += n;
	s->have++;
	if (no == 1)
		s->first_type = first;
	if (s->have < s->total)
		return 0;
	*out = xmalloc(s->bytes + 1);
	for (i = 0, off = 0; i < s->total; i++) {
		memcpy(*out + off, s->part[i], s->len[i]);
		off += s->len[i];
	}
	*outlen = off;
	*first_type = s->first_type;
	skf_reset(s);
	return 1;
}

void
ikev2_crypt_message(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex, struct isc_msg *m)
{
	struct sa_crypt		  *c = crypt_state(sa);
	uint8_t			  *out;
	size_t			   n = 0, skip;
	int			   rc, ncands = 0, ncands2 = 0, is_skf;
	const struct isc_ike_keys *keys;

	if (!m->encrypted || m->npayloads == 0)
		return;
	is_skf = m->payloads[m->npayloads - 1].type == IKEV2_PT_SKF;
	skip = is_skf ? 4 : 0;
	if (is_skf) {
		const uint8_t *b = m->data + m->enc_off;

		if (m->enc_len < 4 || m->enc_off + 4 > m->len) {
			m->dec = ISC_DEC_MALFORMED;
			return;
		}
		m->frag_no = (uint16_t)(b[0] << 8 | b[1]);
		m->frag_total = (uint16_t)(b[2] << 8 | b[3]);
	}
	if (!c->have_keys) {
		if (c->tries[0] >= 8)
			return;
		if (v2_establish(a, sa, m, &ncands, 0) != 0 &&
		    a->opts.ignore_icv && ncands > 0 && !is_skf &&
		    v2_establish(a, sa, m, &ncands2, 1) == 0) {
			/* No candidate verifies; one decrypts to a payload
			   chain.  Its content is shown, never trusted. */
			c->keys_unverified = 1;
			sa->keys[0].state = ISC_KEYS_WRONG;
			diag_add(&m->diags, ISC_SEV_ERROR, "keys-wrong",
			    m->meta.frame,
			    "the ICV does not verify with any of the %d key "
			    "candidates for this SA; one decrypts the body to "
			    "a payload chain, which is shown UNVERIFIED "
			    "(ICV ignored)",
			    ncands);
		} else if (!c->have_keys) {
			/* Candidates cost DH operations: a few messages
			   per SA, not every one. */
			c->tries[0]++;
			if (ncands > 0) {
				m->dec = ISC_DEC_INTEGRITY_FAILED;
				sa->keys[0].state = ISC_KEYS_WRONG;
				diag_add(&m->diags, ISC_SEV_ERROR, "keys-wrong",
				    m->meta.frame,
				    "the ICV does not verify with any of the "
				    "%d key candidates for this SA",
				    ncands);
			}
			return;
		}
	}
	/* RFC 9370: keys change after an additional key exchange. */
	if (c->nupd > 0 && m->hdr.msgid > c->upd_msgid &&
	    v2_addke_adopt(a, sa, m) != 0) {
		m->dec = ISC_DEC_INTEGRITY_FAILED;
		return;
	}
	if (c->stalled && m->hdr.msgid > c->stall_msgid)
		return; /* keys unknown: no_keys, said in crypt_finish */
	keys = v2_keys_for(sa, m);
	out = xmalloc(m->enc_len + 1);
	rc = v2_open(c, keys, m->from == ISC_ROLE_INITIATOR, m, skip, out, &n,
	    a->opts.ignore_icv);
	if (rc == 4) {
		/* ignore_icv: shown, marked unverified, never used. */
		crypt_set_plain(sa, ex, m, out, n, m->enc_first,
		    m->enc_len - n);
		m->dec = ISC_DEC_INTEGRITY_FAILED;
		m->dec_by = ISC_BY_NONE;
		m->icv_ignored = 1;
		diag_add(&m->diags, ISC_SEV_ERROR, "icv-failed", m->meta.frame,
		    "the ICV does not verify with this SA's keys: the "
		    "message was altered or its keys differ; its body is "
		    "decrypted anyway (ICV ignored) and is UNVERIFIED");
		goto out;
	}
	if (rc == 0 && c->keys_unverified) {
		/* A later message proves the keys after all. */
		c->keys_unverified = 0;
		sa->keys[0].state = sa->keys[0].have_skeyseed ?
		    ISC_KEYS_DERIVED :
		    ISC_KEYS_PROVIDED;
	}
	if (rc == 1) {
		m->dec = ISC_DEC_INTEGRITY_FAILED;
		diag_add(&m->diags, ISC_SEV_ERROR, "icv-failed", m->meta.frame,
		    "the ICV does not verify with this SA's keys: the "
		    "message was altered or its keys differ");
		goto out;
	}
	if (rc == 2) {
		m->dec = ISC_DEC_BAD_PADDING;
		diag_add(&m->diags, ISC_SEV_ERROR, "bad-padding", m->meta.frame,
		    "the ICV verifies but the pad length runs past the "
		    "plaintext");
		goto out;
	}
	if (rc == 3) {
		m->dec = ISC_DEC_MALFORMED;
		diag_add(&m->diags, ISC_SEV_ERROR, "sk-garbage", m->meta.frame,
		    "the ICV verifies but the plaintext is not a payload "
		    "chain: the encryption key (SK_e%c) is wrong",
		    m->from == ISC_ROLE_INITIATOR ? 'i' : 'r');
		goto out;
	}
	if (rc != 0) {
		m->dec = ISC_DEC_MALFORMED;
		diag_add(&m->diags, ISC_SEV_WARNING, "sk-malformed",
		    m->meta.frame,
		    "the encrypted payload is too short for its IV and "
		    "ICV, or not a whole number of blocks");
		goto out;
	}
	m->dec_by = ISC_BY_ICV;
	if (is_skf) {
		uint8_t *whole = NULL, first = 0;
		size_t	 wl = 0;

		m->dec = ISC_DEC_OK;
		if (skf_add(sa, m, m->frag_no, m->frag_total, m->enc_first, out,
			n, &whole, &wl, &first) == 0)
			goto out;
		if (crypt_chain_fits(whole, wl, first, 1) != 0) {
			m->dec = ISC_DEC_MALFORMED;
			diag_add(&m->diags, ISC_SEV_ERROR, "sk-garbage",
			    m->meta.frame,
			    "every fragment's ICV verifies but the reassembled "
			    "plaintext is not a payload chain: the encryption "
			    "key is wrong");
			crypto_wipe(whole, wl);
			free(whole);
			goto out;
		}
		crypt_set_plain(sa, ex, m, whole, wl, first, 0);
		crypto_wipe(whole, wl);
		free(whole);
	} else {
		crypt_set_plain(sa, ex, m, out, n, m->enc_first,
		    m->enc_len - n);
	}
	if (m->retrans_of != 0)
		goto out;
	if (ex->type == 43) {
		v2_intauth_add(sa, m, keys);
		if (m->from != ex->initiated_by)
			v2_addke(a, sa, ex, m, keys);
	}
	if (ex->type == 35)
		v2_check_auth(a, sa, m);
	if ((ex->type == 35 || ex->type == 36) && m->from != ex->initiated_by)
		v2_exchange_keys(a, sa, ex, m);
out:
	crypto_wipe(out, m->enc_len + 1);
	free(out);
}

void
ikev2_crypt_finish(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	uint64_t first = 0, last = 0;
	size_t	 i, j, nenc = 0;
	char	 spi[17], spr[17], gname[48], gtmp[48], buf[900], fr[96];
	const struct isc_msg *qi = crypt_v2_init_msg(sa, ISC_ROLE_INITIATOR);
	struct km_buf	      ke;
	uint16_t	      grp = sa->dh;

	for (i = 0; i < sa->nex; i++)
		for (j = 0; j < sa->ex[i]->nmsgs; j++) {
			const struct isc_msg *m = sa->ex[i]->msgs[j];

			if (m->dec != ISC_DEC_NO_KEYS)
				continue;
			nenc++;
			if (first == 0)
				first = m->meta.frame;
			last = m->meta.frame;
		}
	if (sa->crypt != NULL)
		for (i = 0; i < 2; i++)
			skf_reset(&sa->crypt->skf[i]);
	if (nenc == 0)
		return;
	crypt_frames(first, last, nenc, fr, sizeof(fr));
	hex_encode(sa->spi_i, 8, spi);
	hex_encode(sa->spi_r, 8, spr);
	if (qi != NULL && ke_data(qi, 0, &ke, &grp) != 0)
		grp = sa->dh;
	snprintf(gname, sizeof(gname), "%s",
	    reg_name_buf(REG_DH_GROUP, grp, gtmp, sizeof(gtmp)));
	if (sa->crypt != NULL && sa->crypt->stalled)
		snprintf(buf, sizeof(buf),
		    "%s: the additional key exchange (RFC 9370) of the "
		    "IKE_INTERMEDIATE exchange in frame %llu changed the keys; "
		    "they need its secret, group %u (%s): add `dh %s private "
		    "HEX` (either side's private value) or `dh %s shared HEX`",
		    fr, (unsigned long long)sa->crypt->stall_frame,
		    sa->crypt->stall_group,
		    reg_name_buf(REG_DH_GROUP, sa->crypt->stall_group, gtmp,
			sizeof(gtmp)),
		    spi, spi);
	else if (qi == NULL && sa->rekey_of_index != 0)
		snprintf(buf, sizeof(buf),
		    "%s: this SA "
		    "comes from a rekey in IKE SA #%zu; its keys need that "
		    "SA's keys and the DH value of the CREATE_CHILD_SA "
		    "exchange (`dh %s private|shared HEX` with the old SA's "
		    "SPI_I), or the final keys: `ikev2 %s %s SK_EI SK_ER "
		    "ENCR SK_AI SK_AR INTEG`",
		    fr, sa->rekey_of_index, "SPI_I", spi, spr);
	else if (qi == NULL)
		snprintf(buf, sizeof(buf),
		    "%s: IKE_SA_INIT "
		    "is not in the capture, so only final keys can decrypt "
		    "them: add `ikev2 %s %s SK_EI SK_ER ENCR SK_AI SK_AR "
		    "INTEG` (strongSwan logs them at level 4 as 'Sk_ei "
		    "secret' ...)",
		    fr, spi, spr);
	else
		snprintf(buf, sizeof(buf),
		    "%s: need the DH "
		    "secret of group %u (%s) for SA %s: add `dh %s shared "
		    "HEX` (strongSwan logs it at level 4 as 'shared Diffie "
		    "Hellman secret') or `dh %s private HEX`, or the final "
		    "keys: `ikev2 %s %s SK_EI SK_ER ENCR SK_AI SK_AR INTEG`",
		    fr, grp, gname, spi, spi, spi, spi, spr);
	free(sa->missing);
	sa->missing = xstrdup(buf);
	(void)a;
}

void
crypt_pending_free(struct isc_analysis *a)
{
	size_t i;

	for (i = 0; i < a->npending; i++) {
		free(a->pending[i].k.source);
		if (a->pending[i].k.gxy != NULL)
			crypto_wipe(a->pending[i].k.gxy,
			    a->pending[i].k.gxy_len);
		free(a->pending[i].k.gxy);
		crypto_wipe(&a->pending[i], sizeof(a->pending[i]));
	}
	free(a->pending);
	a->pending = NULL;
	a->npending = 0;
}
