/*
 * ikev1_crypt.c - IKEv1 keys, decryption and HASH checks (RFC 2409).
 *
 * For each SA, in capture order:
 *  - the Phase 1 IV chain starts at hash(g^xi | g^xr) once both KE
 *    payloads were seen; every encrypted Phase 1 message moves it to its
 *    last cipher block; each Phase 2 / Informational / Transaction message
 *    ID starts at hash(last Phase 1 block | M-ID) and chains from there
 *    (appendix B).  IVs depend on the ciphertext only, so they are right
 *    whatever keys turn out to be.
 *  - keys are chosen per sender, by the first encrypted message of each
 *    side: every candidate (a final Ka, or SKEYID* derived from each
 *    PSK and DH secret that fit) decrypts it, and the one whose HASH
 *    verifies (or, with nothing to verify, whose payload chain fills the
 *    body) is kept.  With a different PSK on each side, each side's
 *    messages decrypt with its own keys and the report says so.
 *  - HASH_I / HASH_R (section 5), Quick Mode HASH(1..3) (5.5) and
 *    Informational / Transaction HASH(1) (5.7) are verified; Quick Mode
 *    KEYMAT (5.5) gives the child SAs, with PFS when a DH value fits.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/registry.h"
#include "../dissect/registry_v1.h"
#include "algo.h"
#include "crypt.h"
#include "crypto.h"
#include "crypto_pk.h"
#include "keys.h"
#include "util.h"

#define PT_SA	 1
#define PT_KE	 4
#define PT_ID	 5
#define PT_HASH	 8
#define PT_CERT	 6
#define PT_SIG	 9
#define PT_NONCE 10

#define MAX_CANDS 64

/* The exchange types that are Phase 1 (message ID 0). */
static int
is_phase1(const struct isc_exchange *ex)
{
	return ex->msgid == 0 && (ex->type == 2 || ex->type == 4);
}

const struct isc_exchange *
crypt_v1_phase1(const struct isc_ike_sa *sa)
{
	size_t i;

	for (i = 0; i < sa->nex; i++)
		if (is_phase1(sa->ex[i]))
			return sa->ex[i];
	return NULL;
}

/*
 * IKEv1 encryption algorithm attribute (RFC 2409 appendix A, RFC 3602,
 * RFC 4132) to the IKEv2 ENCR ID that has the same cipher and mode, and
 * the key length used when the SA names none.
 */
static int
v1_cipher(uint16_t v1, uint16_t keybits, uint16_t *encr, size_t *keylen)
{
	static const struct {
		uint16_t v1, v2, def_bits;
	} map[] = {
		{ 1, 2, 64 },	/* DES-CBC */
		{ 3, 7, 128 },	/* Blowfish-CBC */
		{ 5, 3, 192 },	/* 3DES-CBC */
		{ 6, 6, 128 },	/* CAST-CBC */
		{ 7, 12, 128 }, /* AES-CBC */
		{ 8, 23, 128 }, /* Camellia-CBC */
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i].v1 != v1)
			continue;
		*encr = map[i].v2;
		if (v1 == 1 || v1 == 5)
			keybits = 0; /* fixed */
		*keylen = (keybits != 0 ? keybits : map[i].def_bits) / 8;
		return 0;
	}
	return -1;
}

const struct isc_msg *
crypt_v1_p1_msg(const struct isc_ike_sa *sa, enum isc_role role, uint8_t type,
    struct km_buf *body)
{
	size_t i, j;
	int    rc;

	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		if (!is_phase1(ex))
			continue;
		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];

			if (m->from != role || m->retrans_of != 0)
				continue;
			/* Public key encryption: the decrypted body, never
			   the ciphertext. */
			rc = ikev1_pke_body(sa, m, type, body);
			if (rc == 0)
				return m;
			if (rc == 1)
				continue;
			if (crypt_payload(m, 0, type, body) == 0 ||
			    crypt_payload(m, 1, type, body) == 0)
				return m;
		}
	}
	return NULL;
}

/* Cipher facts for the SA; 0 when it can be decrypted at all. */
static int
v1_algs(struct isc_ike_sa *sa, uint64_t frame)
{
	struct sa_crypt	  *c = crypt_state(sa);
	const struct algo *al;
	char		   nb[48];

	if (c->alg_checked)
		return c->alg_ok ? 0 : -1;
	if (sa->encr == 0 || sa->hash == 0)
		return -1; /* not known yet: no response to the SA offer */
	c->alg_checked = 1;
	if (v1_cipher(sa->encr, sa->encr_keylen, &c->encr, &c->keylen) != 0 ||
	    (al = algo_find(ALGO_ENCR, c->encr)) == NULL) {
		diag_add(&sa->diags, ISC_SEV_WARNING, "cipher-unsupported",
		    frame,
		    "the SA encrypts with %s, which ikescope "
		    "cannot decrypt",
		    reg_name_buf(REG_V1_IKE_ENCR, sa->encr, nb, sizeof(nb)));
		return -1;
	}
	if (crypto_hash_len(sa->hash) == 0) {
		diag_add(&sa->diags, ISC_SEV_WARNING, "hash-unsupported", frame,
		    "the SA uses hash %s, which ikescope does not implement",
		    reg_name_buf(REG_V1_IKE_HASH, sa->hash, nb, sizeof(nb)));
		return -1;
	}
	if (sa->prf != 0) {
		diag_add(&sa->diags, ISC_SEV_WARNING, "prf-unsupported", frame,
		    "the SA negotiates PRF %u instead of HMAC of its hash; "
		    "ikescope cannot derive its keys",
		    sa->prf);
		return -1;
	}
	if (c->keylen < al->key_min || c->keylen > al->key_max) {
		diag_add(&sa->diags, ISC_SEV_WARNING, "keylen-invalid", frame,
		    "key length %zu bits is not valid for %s", c->keylen * 8,
		    al->name);
		return -1;
	}
	c->block = al->block;
	c->alg_ok = 1;
	return 0;
}

/* Phase 1 IV = hash(g^xi | g^xr) once both KE payloads are known. */
static int
v1_iv_init(struct isc_ike_sa *sa)
{
	struct sa_crypt *c = crypt_state(sa);
	struct km_buf	 gxi, gxr;

	if (c->iv_ready)
		return 0;
	if (crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr) == NULL)
		return -1;
	if (km_v1_iv_phase1(sa->hash, gxi, gxr, c->block, c->p1_iv) != 0)
		return -1;
	memcpy(c->p1_last, c->p1_iv, c->block);
	memcpy(c->p1_iv0, c->p1_iv, c->block);
	c->iv_ready = 1;
	return 0;
}

static struct v1_xiv *
xiv_find(struct sa_crypt *c, uint32_t msgid)
{
	size_t i;

	for (i = 0; i < c->nxiv; i++)
		if (c->xiv[i].msgid == msgid)
			return &c->xiv[i];
	return NULL;
}

/*
 * Where a HASH payload must sit and what it covers, for a decrypted
 * body: *which is 0 (Phase 1 HASH_I/HASH_R), 1, 2 or 3.
 */
static int
hash_kind(const struct isc_exchange *ex, const struct isc_msg *m)
{
	size_t i, n = 0;

	if (is_phase1(ex))
		return 0;
	if (ex->type != 32)
		return 1; /* Informational, Transaction: HASH(1) form */
	for (i = 0; i < ex->nmsgs && ex->msgs[i] != m; i++)
		if (ex->msgs[i]->retrans_of == 0 &&
		    ex->msgs[i]->from == m->from)
			n++;
	if (m->from == ex->initiated_by)
		return n == 0 ? 1 : 3;
	return 2;
}

/* A Quick Mode message of ex from role, decrypted. */
static const struct isc_msg *
qm_msg(const struct isc_exchange *ex, enum isc_role role)
{
	size_t i;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->from == role && ex->msgs[i]->plain != NULL &&
		    ex->msgs[i]->retrans_of == 0)
			return ex->msgs[i];
	return NULL;
}

/*
 * Signature authentication (RFC 2409 5.1): SIG_I / SIG_R sign HASH_I /
 * HASH_R; checked with the key of the CERT payload in the same message
 * (X.509 signature encoding 4).  UNVERIFIED without one.
 */
static enum isc_check
v1_check_sig(struct isc_ike_sa *sa, const struct isc_msg *m,
    const struct isc_ike_keys *k, const uint8_t *body,
    const struct payload_chain *pc, struct km_buf id)
{
	struct km_buf	       sig = { NULL, 0 }, cert = { NULL, 0 };
	struct km_buf	       gxi, gxr, sai;
	uint8_t		       h[KM_MAX_HASH];
	enum crypto_sig_result r;
	char		       why[160];
	size_t		       i;

	for (i = 0; i < pc->n; i++) {
		const struct payload_ref *p = &pc->v[i];

		if (p->type == PT_SIG && sig.p == NULL) {
			sig.p = body + p->off + 4;
			sig.len = p->length - 4;
		}
		if (p->type == PT_CERT && cert.p == NULL && p->length > 5 &&
		    body[p->off + 4] == 4) {
			cert.p = body + p->off + 5;
			cert.len = p->length - 5;
		}
	}
	if (sig.p == NULL)
		return ISC_CHECK_NONE;
	if (cert.p == NULL || id.p == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_SA, &sai) == NULL ||
	    km_v1_hash_phase1(sa->hash, k->skeyid, k->hlen,
		m->from == ISC_ROLE_INITIATOR, gxi, gxr, sa->spi_i, sa->spi_r,
		sai, id, h) != 0)
		return ISC_CHECK_UNVERIFIED;
	why[0] = '\0';
	r = crypto_verify_v1_sig(sa->auth_method, cert.p, cert.len, sig.p,
	    sig.len, h, k->hlen, why, sizeof(why));
	if (r == CRYPTO_SIG_VERIFIED)
		return ISC_CHECK_VERIFIED;
	if (r == CRYPTO_SIG_FAILED)
		return ISC_CHECK_FAILED;
	return ISC_CHECK_UNVERIFIED;
}

/*
 * Verify the HASH in a decrypted body with keyset k.  Returns the check
 * state (NONE when the body carries no HASH to check, UNVERIFIED when
 * the keys lack SKEYID or an input is missing).
 */
static enum isc_check
v1_check_hash(struct isc_ike_sa *sa, const struct isc_exchange *ex,
    const struct isc_msg *m, const struct isc_ike_keys *k, const uint8_t *body,
    size_t len, uint8_t first)
{
	struct payload_chain *pc;
	struct cursor	      cur = cur_init(body, len);
	uint8_t		      out[KM_MAX_HASH];
	struct km_buf	      hash = { NULL, 0 }, id = { NULL, 0 };
	struct km_buf	      ni = { NULL, 0 }, nr = { NULL, 0 }, rest;
	enum isc_check	      res = ISC_CHECK_NONE;
	int		      kind = hash_kind(ex, m), rc = -1;
	size_t		      i, end;

	pc = xcalloc(1, sizeof(*pc));
	if (isakmp_walk_chain(&cur, first, 0, pc) != DS_OK || pc->n == 0)
		goto out;
	end = pc->v[pc->n - 1].off + pc->v[pc->n - 1].length;
	for (i = 0; i < pc->n; i++) {
		const struct payload_ref *r = &pc->v[i];

		if (r->type == PT_HASH && hash.p == NULL) {
			hash.p = body + r->off + 4;
			hash.len = r->length - 4;
		}
		if (r->type == PT_ID && id.p == NULL) {
			id.p = body + r->off + 4;
			id.len = r->length - 4;
		}
	}
	if (hash.p == NULL && kind == 0 && k->have_skeyid) {
		res = v1_check_sig(sa, m, k, body, pc, id);
		goto out;
	}
	if (hash.p == NULL)
		goto out;
	res = ISC_CHECK_UNVERIFIED;
	if (!k->have_skeyid || hash.len != k->hlen)
		goto out;
	if (kind == 0) {
		struct km_buf gxi, gxr, sai;

		/* Aggressive Mode's third message carries no ID: HASH_I
		   covers the one of the first. */
		if (id.p == NULL &&
		    crypt_v1_p1_msg(sa, m->from, PT_ID, &id) == NULL)
			goto out;
		if (crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi) ==
			NULL ||
		    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr) ==
			NULL ||
		    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_SA, &sai) ==
			NULL)
			goto out;
		/* HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b |
		   IDii_b); HASH_R swaps the DH values and cookies. */
		rc = km_v1_hash_phase1(sa->hash, k->skeyid, k->hlen,
		    m->from == ISC_ROLE_INITIATOR, gxi, gxr, sa->spi_i,
		    sa->spi_r, sai, id, out);
	} else {
		/* The HASH payload comes first; the rest follows it. */
		if (pc->v[0].type != PT_HASH)
			goto out;
		rest.p = body + pc->v[0].length;
		rest.len = end - pc->v[0].length;
		if (kind >= 2) {
			const struct isc_msg *q1 = qm_msg(ex, ex->initiated_by);
			if (q1 == NULL ||
			    crypt_payload(q1, 1, PT_NONCE, &ni) != 0)
				goto out;
		}
		if (kind == 3) {
			const struct isc_msg *q2 = qm_msg(ex,
			    ex->initiated_by == ISC_ROLE_INITIATOR ?
				ISC_ROLE_RESPONDER :
				ISC_ROLE_INITIATOR);
			if (q2 == NULL ||
			    crypt_payload(q2, 1, PT_NONCE, &nr) != 0)
				goto out;
		}
		rc = km_v1_hash_qm(sa->hash, k->skeyid_a, k->hlen, kind,
		    m->hdr.msgid, ni, nr, rest, out);
	}
	if (rc == 0)
		res = crypt_equal(out, hash.p, hash.len) ? ISC_CHECK_VERIFIED :
							   ISC_CHECK_FAILED;
out:
	free(pc);
	return res;
}

/*
 * Decrypt body with keyset k and iv; on a fit, *plain_len is the chain
 * length (padding excluded).  0: the chain fits; -1: it does not.
 */
static int
v1_try(struct isc_ike_sa *sa, const struct isc_msg *m,
    const struct isc_ike_keys *k, const uint8_t *iv, uint8_t *out,
    size_t *plain_len)
{
	struct sa_crypt	     *c = sa->crypt;
	const uint8_t	     *ct = m->data + m->enc_off;
	struct payload_chain *pc;
	struct cursor	      cur;
	size_t		      end;
	int		      rc = -1;

	if (crypto_decrypt(c->encr, k->ka, c->keylen, iv, c->block, ct,
		m->enc_len, out) != 0)
		return -1;
	pc = xcalloc(1, sizeof(*pc));
	cur = cur_init(out, m->enc_len);
	/*
	 * The chain must end (a payload naming no next one) inside the
	 * body; what follows is padding (RFC 2408 3.5: to the block, some
	 * pad more), which the walker reports as bytes left over.
	 */
	(void)isakmp_walk_chain(&cur, m->hdr.next_payload, 0, pc);
	if (pc->n > 0 && pc->v[pc->n - 1].next == 0 &&
	    (pc->st.code == DS_OK || pc->st.code == DS_INVALID)) {
		end = pc->v[pc->n - 1].off + pc->v[pc->n - 1].length;
		if (end <= m->enc_len && m->enc_len - end < 256 &&
		    (pc->st.code == DS_OK || pc->st.off == end)) {
			*plain_len = end;
			rc = 0;
		}
	}
	free(pc);
	return rc;
}

/* Fill keyset k from SKEYID inputs; 0 on success. */
static int
v1_derive(struct isc_ike_sa *sa, int cls, const struct isc_key_psk *psk,
    const struct dh_cand *dh, struct isc_ike_keys *k)
{
	struct sa_crypt	 *c = sa->crypt;
	struct km_v1_keys kv;
	struct km_buf	  ni, nr, pskb = { NULL, 0 }, gxy;

	if (crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_NONCE, &ni) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_NONCE, &nr) == NULL)
		return -1;
	if (psk != NULL) {
		pskb.p = psk->v;
		pskb.len = psk->len;
	}
	gxy.p = dh->gxy;
	gxy.len = dh->len;
	if (km_v1_skeyid(sa->hash, (enum km_v1_auth)cls, pskb, ni, nr, gxy,
		sa->spi_i, sa->spi_r, &kv) != 0)
		return -1;
	memset(k, 0, sizeof(*k));
	k->hlen = kv.hlen;
	memcpy(k->skeyid, kv.skeyid, kv.hlen);
	memcpy(k->skeyid_d, kv.skeyid_d, kv.hlen);
	memcpy(k->skeyid_a, kv.skeyid_a, kv.hlen);
	memcpy(k->skeyid_e, kv.skeyid_e, kv.hlen);
	crypto_wipe(&kv, sizeof(kv));
	k->ek_len = c->keylen;
	if (km_v1_enc_key(sa->hash, k->skeyid_e, k->hlen, c->keylen, k->ka) !=
	    0)
		return -1;
	k->have_skeyid = 1;
	k->state = ISC_KEYS_DERIVED;
	return 0;
}

struct v1_cand {
	struct isc_ike_keys k;
	const char	   *why;
	size_t		    psk, dh; /* entries, or (size_t)-1 */
	size_t		    v1;
};

static void
set_source(struct isc_analysis *a, const struct isc_ike_sa *sa,
    struct isc_ike_keys *k, const struct v1_cand *cd, const struct dh_cand *dhc)
{
	const struct isc_keys *ks = a->opts.keys;
	char		       b1[300], b2[300], buf[700];

	if (cd->v1 != (size_t)-1)
		snprintf(buf, sizeof(buf), "ikev1 %s",
		    isc_key_origin_str(&ks->v1[cd->v1].at, b1, sizeof(b1)));
	else if (cd->psk != (size_t)-1)
		snprintf(buf, sizeof(buf), "psk %s, dh %s",
		    isc_key_origin_str(&ks->psk[cd->psk].at, b1, sizeof(b1)),
		    isc_key_origin_str(&ks->dh[dhc->entry].at, b2, sizeof(b2)));
	else {
		/* public key encryption: the RSA keys that opened the
		   nonces come first */
		ikev1_pke_source(a, sa, b1, sizeof(b1));
		snprintf(buf, sizeof(buf), "%sdh %s", b1,
		    isc_key_origin_str(&ks->dh[dhc->entry].at, b2, sizeof(b2)));
	}
	free(k->source);
	k->source = xstrdup(buf);
}

/*
 * Find the keys of side `side` with message m (encrypted, iv given):
 * try every candidate; keep the one that verifies.  Returns 0 and fills
 * sa->keys[side] when one does.
 */
static int
v1_establish(struct isc_analysis *a, struct isc_ike_sa *sa,
    const struct isc_exchange *ex, struct isc_msg *m, int side,
    const uint8_t *iv, uint8_t *out, size_t *plain_len, int *ncands)
{
	const struct isc_keys *ks = a->opts.keys;
	struct v1_cand	      *cd;
	struct dh_cand	       dhc[16];
	size_t		       ndh = 0, n = 0, i, j, best = (size_t)-1;
	enum isc_check	       best_chk = ISC_CHECK_NONE;
	int		       cls = km_v1_auth_class(sa->auth_method);
	struct km_buf	       gxi = { NULL, 0 }, gxr = { NULL, 0 };

	*ncands = 0;
	if (ks == NULL)
		return -1;
	cd = xcalloc(MAX_CANDS, sizeof(*cd));
	/* The other side's keys first: normally both sides agree. */
	if (sa->keys[!side].state == ISC_KEYS_DERIVED ||
	    sa->keys[!side].state == ISC_KEYS_PROVIDED) {
		cd[n].k = sa->keys[!side];
		cd[n].k.source = NULL;
		cd[n].k.gxy = NULL;
		cd[n].psk = cd[n].dh = cd[n].v1 = (size_t)-2;
		n++;
	}
	for (i = 0; i < ks->nv1 && n < MAX_CANDS; i++) {
		if (memcmp(ks->v1[i].spi_i, sa->spi_i, 8) != 0 ||
		    ks->v1[i].ka_len < sa->crypt->keylen)
			continue;
		memset(&cd[n], 0, sizeof(cd[n]));
		memcpy(cd[n].k.ka, ks->v1[i].ka, sa->crypt->keylen);
		cd[n].k.ek_len = sa->crypt->keylen;
		cd[n].k.state = ISC_KEYS_PROVIDED;
		cd[n].psk = cd[n].dh = (size_t)-1;
		cd[n].v1 = i;
		n++;
	}
	if (cls >= 0 && sa->dh != 0) {
		crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi);
		crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr);
		ndh = crypt_dh_candidates(a, sa, NULL, sa->dh, gxi, gxr,
		    m->meta.frame, dhc, 16);
	}
	for (j = 0; j < ndh; j++) {
		if (cls == KM_V1_PSK) {
			for (i = 0; i < ks->npsk && n < MAX_CANDS; i++) {
				if (!crypt_psk_applies(a, sa, i) ||
				    v1_derive(sa, cls, &ks->psk[i], &dhc[j],
					&cd[n].k) != 0)
					continue;
				cd[n].psk = i;
				cd[n].dh = j;
				cd[n].v1 = (size_t)-1;
				n++;
			}
		} else if ((cls == KM_V1_SIG || cls == KM_V1_PKE) &&
		    n < MAX_CANDS) {
			if (v1_derive(sa, cls, NULL, &dhc[j], &cd[n].k) != 0)
				continue;
			cd[n].psk = (size_t)-1;
			cd[n].dh = j;
			cd[n].v1 = (size_t)-1;
			n++;
		}
	}
	*ncands = (int)n;
	for (i = 0; i < n; i++) {
		size_t	       pl;
		enum isc_check chk;

		if (v1_try(sa, m, &cd[i].k, iv, out, &pl) != 0)
			continue;
		chk = v1_check_hash(sa, ex, m, &cd[i].k, out, pl,
		    m->hdr.next_payload);
		if (chk == ISC_CHECK_VERIFIED) {
			best = i;
			best_chk = chk;
			break;
		}
		/* A fit without a verified HASH: keep looking for better. */
		if (best == (size_t)-1) {
			best = i;
			best_chk = chk;
		}
	}
	if (best != (size_t)-1) {
		struct isc_ike_keys *k = &sa->keys[side];
		char		    *src = k->source;

		if (best_chk == ISC_CHECK_FAILED && cd[best].k.have_skeyid &&
		    (cls == KM_V1_PSK || cls == KM_V1_PKE)) {
			/* Structure fits, HASH does not: not these keys. */
			best = (size_t)-1;
		} else {
			*k = cd[best].k;
			k->source = src;
			if (cd[best].psk == (size_t)-2) {
				k->source = xstrdup(sa->keys[!side].source ?
					sa->keys[!side].source :
					"");
				if (sa->keys[!side].gxy != NULL) {
					k->gxy = xmemdup(sa->keys[!side].gxy,
					    sa->keys[!side].gxy_len);
					k->gxy_len = sa->keys[!side].gxy_len;
				}
			} else {
				set_source(a, sa, k, &cd[best],
				    cd[best].dh != (size_t)-1 ?
					&dhc[cd[best].dh] :
					NULL);
				if (cd[best].dh != (size_t)-1) {
					struct dh_cand *d = &dhc[cd[best].dh];

					k->gxy = xmemdup(d->gxy, d->len);
					k->gxy_len = d->len;
					ks->dh[d->entry].used++;
				}
				if (cd[best].psk != (size_t)-1)
					ks->psk[cd[best].psk].used++;
				if (cd[best].v1 != (size_t)-1)
					ks->v1[cd[best].v1].used++;
			}
			/* Redo the winner's plaintext (out was overwritten). */
			(void)v1_try(sa, m, k, iv, out, plain_len);
		}
	}
	crypt_dh_free(dhc, ndh);
	crypto_wipe(cd, MAX_CANDS * sizeof(*cd));
	free(cd);
	return best != (size_t)-1 ? 0 : -1;
}

/* Copy the outcome of the first copy to a retransmission. */
static void
v1_copy_retrans(struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *m)
{
	size_t i;

	for (i = 0; i < ex->nmsgs; i++) {
		const struct isc_msg *o = ex->msgs[i];

		if (o->meta.frame != m->retrans_of || o == m)
			continue;
		m->dec = o->dec;
		m->dec_by = o->dec_by;
		m->check = o->check;
		if (o->plain != NULL)
			crypt_set_plain(sa, ex, m, o->plain->data,
			    o->plain->len, o->plain->first, o->plain->pad);
		m->dec = o->dec;
		return;
	}
}

static void v1_children(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_exchange *);

/*
 * Public key encryption: a clear HASH_I / HASH_R (Aggressive Mode) is
 * checked with SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R) from the
 * nonces the RSA keys decrypted; no DH value is needed.
 */
static void
v1_clear_hash_pke(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_msg *m, struct km_buf hash, int side)
{
	struct km_buf id, gxi, gxr, sai, ni, nr;
	uint8_t	      out[KM_MAX_HASH], skeyid[KM_MAX_HASH];
	size_t	      hlen = crypto_hash_len(sa->hash);

	if (hlen == 0 || hlen != hash.len ||
	    crypt_v1_p1_msg(sa, m->from, PT_ID, &id) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_SA, &sai) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_NONCE, &ni) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_NONCE, &nr) == NULL)
		return;
	if (km_v1_skeyid_pke(sa->hash, ni, nr, sa->spi_i, sa->spi_r, skeyid) !=
		0 ||
	    km_v1_hash_phase1(sa->hash, skeyid, hlen,
		m->from == ISC_ROLE_INITIATOR, gxi, gxr, sa->spi_i, sa->spi_r,
		sai, id, out) != 0) {
		crypto_wipe(skeyid, sizeof(skeyid));
		return;
	}
	crypto_wipe(skeyid, sizeof(skeyid));
	if (crypt_equal(out, hash.p, hash.len)) {
		m->check = ISC_CHECK_VERIFIED;
		sa->auth[side] = ISC_CHECK_VERIFIED;
		ikev1_pke_proved(a, sa);
		return;
	}
	m->check = ISC_CHECK_FAILED;
	sa->auth[side] = ISC_CHECK_FAILED;
	diag_add(&m->diags, ISC_SEV_ERROR, "hash-failed", m->meta.frame,
	    "the %s's HASH does not verify with the nonces and IDs the RSA "
	    "keys decrypted",
	    isc_role_name(m->from));
}

/* Phase 1 HASH in a clear message (Aggressive Mode): check PSKs. */
static void
v1_clear_hash(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex, struct isc_msg *m)
{
	const struct isc_keys *ks = a->opts.keys;
	struct km_buf	       hash, id, gxi, gxr, sai, ni, nr;
	uint8_t		       out[KM_MAX_HASH], skeyid[KM_MAX_HASH];
	size_t		       i, hlen = crypto_hash_len(sa->hash);
	int		       side = m->from == ISC_ROLE_INITIATOR;
	int		       rc, tested;

	if (crypt_payload(m, 0, PT_HASH, &hash) != 0)
		return;
	m->check = ISC_CHECK_UNVERIFIED;
	if (km_v1_auth_class(sa->auth_method) == KM_V1_PKE) {
		v1_clear_hash_pke(a, sa, m, hash, side);
		return;
	}
	/* HASH_R covers IDir_b of AM2; HASH_I (AM3) the IDii_b of AM1. */
	if (ks == NULL || km_v1_auth_class(sa->auth_method) != KM_V1_PSK ||
	    crypt_v1_p1_msg(sa, m->from, PT_ID, &id) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_KE, &gxi) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_KE, &gxr) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_SA, &sai) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_INITIATOR, PT_NONCE, &ni) == NULL ||
	    crypt_v1_p1_msg(sa, ISC_ROLE_RESPONDER, PT_NONCE, &nr) == NULL)
		return;
	tested = 0;
	for (i = 0; i < ks->npsk; i++) {
		uint8_t *nn;

		if (!crypt_psk_applies(a, sa, i))
			continue;
		/* SKEYID = prf(pre-shared-key, Ni_b | Nr_b): no g^xy. */
		nn = xmalloc(ni.len + nr.len);
		memcpy(nn, ni.p, ni.len);
		memcpy(nn + ni.len, nr.p, nr.len);
		rc = crypto_hmac(sa->hash, ks->psk[i].v, ks->psk[i].len, nn,
		    ni.len + nr.len, skeyid);
		free(nn);
		if (rc != 0 || hlen != hash.len ||
		    km_v1_hash_phase1(sa->hash, skeyid, hlen,
			m->from == ISC_ROLE_INITIATOR, gxi, gxr, sa->spi_i,
			sa->spi_r, sai, id, out) != 0)
			continue;
		tested++;
		if (crypt_equal(out, hash.p, hash.len)) {
			m->check = ISC_CHECK_VERIFIED;
			sa->auth[side] = ISC_CHECK_VERIFIED;
			ks->psk[i].used++;
			crypto_wipe(skeyid, sizeof(skeyid));
			return;
		}
	}
	crypto_wipe(skeyid, sizeof(skeyid));
	if (tested > 0) {
		m->check = ISC_CHECK_FAILED;
		sa->auth[side] = ISC_CHECK_FAILED;
		diag_add(&m->diags, ISC_SEV_ERROR, "hash-failed", m->meta.frame,
		    "the %s's HASH matches none of the %d pre-shared keys "
		    "given: it uses another PSK",
		    isc_role_name(m->from), tested);
	}
	(void)ex;
}

void
ikev1_crypt_message(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex, struct isc_msg *m)
{
	struct sa_crypt *c = crypt_state(sa);
	struct v1_xiv	*x = NULL;
	uint8_t		 ivs[2][16], *out;
	size_t		 plain_len = 0, i, niv;
	int		 side, ncands = 0, p1 = is_phase1(ex);
	enum isc_check	 chk;

	if (p1 && m->retrans_of == 0 &&
	    km_v1_auth_class(sa->auth_method) == KM_V1_PKE &&
	    v1_algs(sa, m->meta.frame) == 0)
		ikev1_pke_prepare(a, sa);
	if (!m->encrypted) {
		if (p1 && m->retrans_of == 0)
			v1_clear_hash(a, sa, ex, m);
		return;
	}
	if (m->retrans_of != 0) {
		v1_copy_retrans(sa, ex, m);
		return;
	}
	if (v1_algs(sa, m->meta.frame) != 0)
		return;
	if (m->enc_len == 0 || m->enc_len % c->block != 0 ||
	    m->enc_off + m->enc_len > m->len) {
		m->dec = ISC_DEC_MALFORMED;
		diag_add(&m->diags, ISC_SEV_WARNING, "enc-length",
		    m->meta.frame,
		    "encrypted body of %u bytes is not a whole number of "
		    "%zu-byte cipher blocks (or was cut by the capture)",
		    m->enc_len, c->block);
		return;
	}
	if (v1_iv_init(sa) != 0)
		return; /* no KE pair seen: the IV is unknown */
	niv = 1;
	if (p1) {
		memcpy(ivs[0], c->p1_iv, c->block);
	} else {
		x = xiv_find(c, m->hdr.msgid);
		if (x == NULL) {
			ARRAY_GROW(c->xiv, c->nxiv, c->xivcap);
			x = &c->xiv[c->nxiv++];
			x->msgid = m->hdr.msgid;
			/* IV = hash(last Phase 1 CBC block | M-ID) */
			if (km_v1_iv_phase2(sa->hash, c->p1_last, c->block,
				m->hdr.msgid, x->iv) != 0)
				return;
			/*
			 * A peer that could not decrypt the last Phase 1
			 * message (a wrong PSK) keeps the initial IV as its
			 * "last block" (strongSwan does): try that too.
			 */
			if (memcmp(c->p1_last, c->p1_iv0, c->block) != 0 &&
			    km_v1_iv_phase2(sa->hash, c->p1_iv0, c->block,
				m->hdr.msgid, ivs[1]) == 0)
				niv = 2;
		}
		memcpy(ivs[0], x->iv, c->block);
	}
	/* The next message of this exchange chains from this one. */
	if (p1) {
		memcpy(c->p1_iv, m->data + m->enc_off + m->enc_len - c->block,
		    c->block);
		memcpy(c->p1_last, c->p1_iv, c->block);
	} else {
		memcpy(x->iv, m->data + m->enc_off + m->enc_len - c->block,
		    c->block);
	}

	side = m->from == ISC_ROLE_INITIATOR;
	out = xmalloc(m->enc_len);
	if (sa->keys[side].state == ISC_KEYS_DERIVED ||
	    sa->keys[side].state == ISC_KEYS_PROVIDED) {
		for (i = 0; i < niv; i++)
			if (v1_try(sa, m, &sa->keys[side], ivs[i], out,
				&plain_len) == 0)
				break;
		if (i == niv) {
			m->dec = ISC_DEC_MALFORMED;
			diag_add(&m->diags, ISC_SEV_WARNING, "decrypt-garbage",
			    m->meta.frame,
			    "does not decrypt to a payload chain with the "
			    "keys this side used so far");
			goto out;
		}
	} else {
		if (c->tries[side] >= 8)
			goto out;
		for (i = 0; i < niv; i++)
			if (v1_establish(a, sa, ex, m, side, ivs[i], out,
				&plain_len, &ncands) == 0)
				break;
		if (i == niv) {
			/* Candidates cost DH operations: a few messages
			   per side, not every one. */
			c->tries[side]++;
			if (ncands > 0) {
				m->dec = ISC_DEC_INTEGRITY_FAILED;
				if (sa->keys[side].state == ISC_KEYS_MISSING)
					sa->keys[side].state = ISC_KEYS_WRONG;
				diag_add(&m->diags, ISC_SEV_ERROR, "keys-wrong",
				    m->meta.frame,
				    "none of the %d key candidates decrypts "
				    "this message from the %s: it uses keys "
				    "from another %s",
				    ncands, isc_role_name(m->from),
				    km_v1_auth_class(sa->auth_method) ==
					    KM_V1_PSK ?
					"pre-shared key (or DH value)" :
					"DH value");
			}
			goto out;
		}
		if (sa->keys[side].state == ISC_KEYS_WRONG)
			sa->keys[side].state = ISC_KEYS_DERIVED;
	}
	chk = v1_check_hash(sa, ex, m, &sa->keys[side], out, plain_len,
	    m->hdr.next_payload);
	m->check = chk;
	m->dec_by = chk == ISC_CHECK_VERIFIED ? ISC_BY_HASH : ISC_BY_STRUCTURE;
	crypt_set_plain(sa, ex, m, out, plain_len, m->hdr.next_payload,
	    m->enc_len - plain_len);
	if (chk == ISC_CHECK_FAILED)
		diag_add(&m->diags, ISC_SEV_ERROR, "hash-failed", m->meta.frame,
		    "decrypts, but its %s does not verify with the "
		    "%s's keys",
		    crypt_payload(m, 1, PT_SIG, &(struct km_buf){ 0 }) == 0 ?
			"signature (with the certificate it carries)" :
			"HASH",
		    isc_role_name(m->from));
	if (p1 && chk != ISC_CHECK_NONE)
		sa->auth[side] = chk;
	/* HASH_I / HASH_R cover the nonces (SKEYID) and the IDs: what the
	   RSA keys decrypted is proved. */
	if (p1 && chk == ISC_CHECK_VERIFIED &&
	    km_v1_auth_class(sa->auth_method) == KM_V1_PKE)
		ikev1_pke_proved(a, sa);
	if (ex->type == 32 && m->from != ex->initiated_by)
		v1_children(a, sa, ex);
out:
	crypto_wipe(out, m->enc_len);
	free(out);
}

/* ---- Quick Mode child SAs (RFC 2409 5.5, RFC 2407 4.5) ---- */

/* IKEv1 IPsec auth algorithm attribute (RFC 2407 4.5) to IKEv2 INTEG. */
static uint16_t
v1_integ(uint16_t v)
{
	switch (v) {
	case 1:
		return 1; /* HMAC-MD5 */
	case 2:
		return 2; /* HMAC-SHA */
	case 5:
		return 12; /* HMAC-SHA2-256 */
	case 6:
		return 13;
	case 7:
		return 14;
	case 9:
		return 5; /* AES-XCBC-MAC */
	}
	return 0xffff;
}

/* AH transform ID (RFC 2407 4.4.3) to IKEv2 INTEG. */
static uint16_t
ah_integ(uint16_t t)
{
	switch (t) {
	case 2:
		return 1;
	case 3:
		return 2;
	case 5:
		return 12;
	case 6:
		return 13;
	case 7:
		return 14;
	case 9:
		return 5;
	}
	return 0xffff;
}

struct qm_prop {
	uint8_t	 proto; /* IKEv1 protocol ID: 2 AH, 3 ESP */
	uint8_t	 spi[4];
	uint8_t	 have_spi;
	uint16_t transform, group, auth, keybits, esn;
};

/* The proposals of a decrypted QM message's SA payload (first transform). */
static size_t
qm_props(const struct isc_msg *m, struct qm_prop *out, size_t max)
{
	const struct isc_plain *pl = m->plain;
	const struct ftree     *t = &pl->fields;
	size_t			i, n = 0;
	int32_t			p, tr, at;

	for (i = 0; i < pl->npayloads; i++)
		if (pl->payloads[i].type == PT_SA)
			break;
	if (i == pl->npayloads || pl->payload_node == NULL)
		return 0;
	for (p = ft_get(t, pl->payload_node[i]) ?
		 t->v[pl->payload_node[i]].child :
		 FT_NONE;
	     p != FT_NONE && n < max; p = t->v[p].next) {
		const struct field *spi;

		if (strcmp(t->v[p].key, "proposals") != 0)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].proto = (uint8_t)ft_child_u(t, p, "protocol_id");
		spi = ft_get(t, ft_find(t, p, "spi"));
		if (spi != NULL && spi->n == 4) {
			memcpy(out[n].spi, spi->p, 4);
			out[n].have_spi = 1;
		}
		tr = ft_find(t, p, "transforms");
		if (tr != FT_NONE) {
			out[n].transform =
			    (uint16_t)ft_child_u(t, tr, "transform_id");
			for (at = t->v[tr].child; at != FT_NONE;
			     at = t->v[at].next) {
				uint64_t ty, v;

				if (strcmp(t->v[at].key, "attributes") != 0)
					continue;
				ty = ft_child_u(t, at, "attribute_type");
				v = ft_child_u(t, at, "value");
				if (ty == 3)
					out[n].group = (uint16_t)v;
				else if (ty == 5)
					out[n].auth = (uint16_t)v;
				else if (ty == 6)
					out[n].keybits = (uint16_t)v;
				else if (ty == 11)
					out[n].esn = (uint16_t)v;
			}
		}
		n++;
	}
	return n;
}

static void
v1_children(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex)
{
	const struct isc_msg	  *q1 = qm_msg(ex, ex->initiated_by);
	const struct isc_msg	  *q2 = qm_msg(ex,
		 ex->initiated_by == ISC_ROLE_INITIATOR ? ISC_ROLE_RESPONDER :
							  ISC_ROLE_INITIATOR);
	const struct isc_ike_keys *k;
	struct qm_prop		   p1[8], p2[8];
	struct km_buf		   ni, nr, ke_i = { 0 }, ke_r = { 0 };
	struct dh_cand		   dhc[8];
	size_t			   n1, n2, i, j, ndh = 0;
	int			   pfs;

	if (q1 == NULL || q2 == NULL || ex->nmsgs == 0)
		return;
	/* Once per exchange: the responder's first message. */
	for (i = 0; i < sa->nchildren; i++)
		if (sa->children[i]->msgid == ex->msgid &&
		    sa->children[i]->frame != 0)
			return;
	if (crypt_payload(q1, 1, PT_NONCE, &ni) != 0 ||
	    crypt_payload(q2, 1, PT_NONCE, &nr) != 0)
		return;
	n1 = qm_props(q1, p1, 8);
	n2 = qm_props(q2, p2, 8);
	pfs = crypt_payload(q1, 1, PT_KE, &ke_i) == 0 &&
	    crypt_payload(q2, 1, PT_KE, &ke_r) == 0;
	/* The keys of the side that initiated the Quick Mode. */
	k = &sa->keys[ex->initiated_by == ISC_ROLE_INITIATOR];
	if (!k->have_skeyid)
		k = &sa->keys[ex->initiated_by != ISC_ROLE_INITIATOR];
	if (pfs && n2 > 0 && p2[0].group != 0 && k->have_skeyid) {
		/* initiator of the QM first, as the KE payloads are. */
		ndh = crypt_dh_candidates(a, sa, NULL, p2[0].group, ke_i, ke_r,
		    q2->meta.frame, dhc, 8);
	}
	for (i = 0; i < n2; i++) {
		struct isc_child_sa *ch;
		const struct algo   *ea = NULL, *ia = NULL;
		uint8_t		     km[2][2 * ISC_KEY_MAX];
		uint8_t		     proto = p2[i].proto == 2 ? 51 : 50;
		size_t		     need, d;
		int		     ok = 0;

		for (j = 0; j < n1; j++)
			if (p1[j].proto == p2[i].proto && p1[j].have_spi)
				break;
		if (j == n1 || !p2[i].have_spi ||
		    (p2[i].proto != 2 && p2[i].proto != 3))
			continue;
		ch = crypt_child_new(a, sa);
		ch->protocol = proto;
		ch->msgid = ex->msgid;
		ch->frame = q2->meta.frame;
		ch->dh = pfs ? p2[i].group : 0;
		ch->esn = p2[i].esn == 1;
		/* initiator of the QM = "i" side of the child SA */
		ch->spi_i = (uint32_t)p1[j].spi[0] << 24 | p1[j].spi[1] << 16 |
		    p1[j].spi[2] << 8 | p1[j].spi[3];
		ch->spi_r = (uint32_t)p2[i].spi[0] << 24 | p2[i].spi[1] << 16 |
		    p2[i].spi[2] << 8 | p2[i].spi[3];
		if (proto == 50) {
			ch->encr = p2[i].transform == 22 ? 23 : p2[i].transform;
			ch->integ = p2[i].auth ? v1_integ(p2[i].auth) : 0;
			ea = algo_find(ALGO_ENCR, ch->encr);
			if (ea == NULL) {
				ch->missing = "unsupported ESP transform";
				continue;
			}
			ch->encr_keylen = p2[i].keybits;
			ch->ek_len =
			    (p2[i].keybits ? p2[i].keybits / 8 : ea->key_min) +
			    ea->salt;
		} else {
			ch->integ = ah_integ(p2[i].transform);
		}
		if (ch->integ != 0) {
			ia = algo_find(ALGO_INTEG, ch->integ);
			if (ia == NULL) {
				ch->missing = "unsupported integrity algorithm";
				continue;
			}
			ch->ak_len = ia->key_min;
		}
		need = ch->ek_len + ch->ak_len;
		if (!k->have_skeyid) {
			ch->missing = "needs SKEYID_d: give the PSK and DH "
				      "value instead of the final Ka";
			continue;
		}
		if (pfs && ndh == 0) {
			ch->missing = "Quick Mode uses PFS: needs the DH value "
				      "of its KE exchange";
			continue;
		}
		for (d = 0; d < (pfs ? ndh : 1) && !ok; d++) {
			struct km_buf g = { NULL, 0 };

			if (pfs) {
				g.p = dhc[d].gxy;
				g.len = dhc[d].len;
			}
			/* KEYMAT = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI
			   | Ni_b | Nr_b), one per SPI: [0] is the SA the
			   responder receives on (its SPI). */
			if (km_v1_keymat(sa->hash, k->skeyid_d, k->hlen, g,
				p2[i].proto, p2[i].spi, ni, nr, km[0],
				need) != 0 ||
			    km_v1_keymat(sa->hash, k->skeyid_d, k->hlen, g,
				p2[i].proto, p1[j].spi, ni, nr, km[1],
				need) != 0)
				break;
			ok = 1;
			if (pfs)
				a->opts.keys->dh[dhc[d].entry].used++;
		}
		if (!ok)
			continue;
		for (d = 0; d < 2; d++) {
			memcpy(ch->ekey[d], km[d], ch->ek_len);
			memcpy(ch->akey[d], km[d] + ch->ek_len, ch->ak_len);
		}
		crypto_wipe(km, sizeof(km));
		ch->state = ISC_KEYS_DERIVED;
	}
	crypt_dh_free(dhc, ndh);
}

void
ikev1_crypt_finish(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	const struct isc_ike_keys *ki = &sa->keys[1], *kr = &sa->keys[0];
	struct sa_crypt		  *c = sa->crypt;
	uint64_t		   first = 0, last = 0;
	size_t			   i, j, nenc = 0;
	char spi[17], gname[48], gtmp[48], buf[1400], fr[96], pk[600];
	int  cls = km_v1_auth_class(sa->auth_method);
	int  have_psk = a->opts.keys != NULL && a->opts.keys->npsk;
	int  have_dh = a->opts.keys != NULL && a->opts.keys->ndh;

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
	/* Each side decrypts only with its own keys: say which. */
	if (ki->have_skeyid && kr->have_skeyid && ki->hlen == kr->hlen &&
	    memcmp(ki->skeyid, kr->skeyid, ki->hlen) != 0)
		diag_add(&sa->diags, ISC_SEV_ERROR, "psk-mismatch",
		    sa->first_frame,
		    "the peers derived different keys: the initiator's "
		    "messages decrypt with %s, the responder's with %s%s",
		    ki->source ? ki->source : "?",
		    kr->source ? kr->source : "?",
		    km_v1_auth_class(sa->auth_method) == KM_V1_PSK ?
			" (they are configured with different pre-shared "
			"keys)" :
			"");
	if (nenc == 0)
		return;
	crypt_frames(first, last, nenc, fr, sizeof(fr));
	hex_encode(sa->spi_i, 8, spi);
	snprintf(gname, sizeof(gname), "%s",
	    reg_name_buf(REG_DH_GROUP, sa->dh, gtmp, sizeof(gtmp)));
	if (c == NULL || !c->alg_ok)
		snprintf(buf, sizeof(buf),
		    "%s stay "
		    "encrypted: the chosen proposal %s",
		    fr,
		    sa->encr == 0 ?
			"is not in the capture (give the final "
			"key: `ikev1 SPI_I KA_HEX`)" :
			"uses algorithms ikescope does not decrypt");
	else if (ikev1_pke_missing(sa, pk, sizeof(pk)))
		snprintf(buf, sizeof(buf), "%s: need %s%s", fr, pk,
		    have_dh ? " (the DH values given are tried once both "
			      "nonces are known)" :
			      "; and the DH secret of this group for the SA "
			      "(`dh SPI_I shared HEX` or `dh SPI_I private "
			      "HEX`)");
	else if (!c->iv_ready)
		snprintf(buf, sizeof(buf),
		    "%s stay "
		    "encrypted: the KE payloads of Phase 1 are not in the "
		    "capture, so the IV cannot be computed",
		    fr);
	else
		snprintf(buf, sizeof(buf),
		    "%s: need %s%s"
		    "the DH secret of group %u (%s) for SA %s: add `dh %s "
		    "shared HEX` (strongSwan logs it at level 4 as 'shared "
		    "Diffie Hellman secret') or `dh %s private HEX`%s",
		    fr,
		    cls == KM_V1_PSK && !have_psk ?
			"the pre-shared key (`psk SECRET` or -p SECRET) and " :
			"",
		    have_dh ? "a matching value for " : "", sa->dh, gname, spi,
		    spi, spi, "; or the final key: `ikev1 SPI_I KA_HEX`");
	free(sa->missing);
	sa->missing = xstrdup(buf);
}
