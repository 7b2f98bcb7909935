/*
 * pskcheck.c - which candidate is the pre-shared key (pskcheck.h).
 *
 * The prfs are HMACs (RFC 2104), HMAC(K, d) = H(K ^ opad | H(K ^ ipad |
 * d)), computed for a batch of candidates at once (crypto_mb.h: SIMD
 * lanes when the multi-buffer library is built in, a reused libgcrypt
 * handle otherwise).  Each prf of a target has its data laid out once
 * (behind a slot for a previous output where the data starts with one),
 * so a candidate costs the hashing and no copies or allocation.  The
 * number of compression-function calls is the minimum HMAC allows: the
 * inner hash starts with the key's pad block, so no state can be shared
 * between keys.  IKEv2's AES-XCBC and AES-CMAC prfs go through
 * crypto_prf() instead, one candidate at a time.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypt.h"
#include "crypto.h"
#include "crypto_mb.h"
#include "keymat.h"
#include "keys.h"
#include "pskcheck.h"
#include "util.h"

#define PT_V1_ID    5
#define PT_V1_HASH  8
#define PT_V1_KE    4
#define PT_V1_NONCE 10
#define PT_V1_SA    1
#define PT_V2_IDI   35
#define PT_V2_IDR   36
#define PT_V2_AUTH  39
#define PT_V2_NONCE 40
#define PT_V2_EAP   48

#define MAX_DH 8

static const uint8_t v2_key_pad[] = "Key Pad for IKEv2"; /* 17 bytes used */

/* ---- HMAC with a fixed data part ---- */

#define BATCH CRYPTO_MB_MAX

struct hm {
	uint16_t	  h; /* IKEv1 hash number */
	size_t		  hlen, slot;
	uint8_t		 *in; /* slot bytes, then the data */
	size_t		  inlen;
	uint8_t		 *lanes; /* slot > 0: a copy of in per candidate */
	struct crypto_mb *eng;	 /* the cracker's, for h */
};

/* Candidates hashed together: borrowed from the reader's buffer. */
struct batch {
	const uint8_t *p[BATCH];
	size_t	       len[BATCH];
	uint64_t       line[BATCH];
	uint64_t       too_long[BATCH]; /* stats when it was read */
	size_t	       n;
};

/*
 * Lay out the data: `slot` bytes the caller fills per candidate (a
 * previous output), then the parts.  -1 for an unknown hash.
 */
static int
hm_init(struct crypto_mb *eng, struct hm *m, uint16_t h, size_t slot,
    const struct km_buf *parts, size_t nparts)
{
	size_t i, off;

	memset(m, 0, sizeof(*m));
	if (eng == NULL || (m->hlen = crypto_hash_len(h)) == 0 ||
	    m->hlen > KM_MAX_HASH)
		return -1;
	m->h = h;
	m->eng = eng;
	m->slot = slot;
	m->inlen = slot;
	for (i = 0; i < nparts; i++)
		m->inlen += parts[i].len;
	m->in = xcalloc(1, m->inlen ? m->inlen : 1);
	off = slot;
	for (i = 0; i < nparts; i++) {
		if (parts[i].len > 0)
			memcpy(m->in + off, parts[i].p, parts[i].len);
		off += parts[i].len;
	}
	if (slot > 0) {
		m->lanes = xcalloc(BATCH, m->inlen);
		for (i = 0; i < BATCH; i++)
			memcpy(m->lanes + i * m->inlen, m->in, m->inlen);
	}
	return 0;
}

/* Where candidate i's previous output goes (slot > 0). */
static uint8_t *
hm_slot(struct hm *m, size_t i)
{
	return m->lanes + i * m->inlen;
}

/*
 * out[i] = HMAC(key[i], slot_i | data) for i < n; the key lengths in
 * klen, or all `kl` when klen is NULL.  0, or -1.
 */
static int
hm_batch(struct hm *m, const uint8_t *const *key, const size_t *klen, size_t kl,
    uint8_t *const *out, size_t n)
{
	struct crypto_mb_job j[BATCH];
	size_t		     i;

	for (i = 0; i < n; i++) {
		j[i].key = key[i];
		j[i].keylen = klen != NULL ? klen[i] : kl;
		j[i].data = m->slot > 0 ? hm_slot(m, i) : m->in;
		j[i].len = m->inlen;
		j[i].out = out[i];
	}
	return crypto_mb_hmac(m->eng, j, n);
}

static void
hm_free(struct hm *m)
{
	if (m->in != NULL)
		crypto_wipe(m->in, m->inlen);
	free(m->in);
	crypto_free_wiped(m->lanes, m->lanes != NULL ? BATCH * m->inlen : 0);
	crypto_wipe(m, sizeof(*m));
}

/* ---- targets ---- */

enum tkind {
	T_V1,
	T_V1_ENC,
	T_V2
};

struct v1_dh {
	struct hm d, a, e; /* SKEYID_d, _a, _e with this g^xy */
};

struct target {
	enum tkind kind;
	uint16_t   hash; /* HMAC hash (IKEv1 number); 0: T_V2 via crypto_prf */
	uint16_t   prf;	 /* T_V2 */
	size_t	   hlen; /* prf output */
	struct hm  k;	 /* keyed with the candidate */
	struct hm  chk;	 /* T_V1: HASH with SKEYID; T_V2: AUTH */
	uint8_t	   expect[KM_MAX_HASH];
	size_t	   elen;
	/* T_V1, Nortel: PSK = HMAC-SHA1(SHA1(password), user) */
	int	  nortel;
	struct hm nt;
	/* T_V2 through crypto_prf() */
	uint8_t *octets;
	size_t	 olen;
	/* T_V1_ENC */
	struct v1_dh	*dh;
	size_t		 ndh;
	uint16_t	 encr;
	size_t		 keylen, block;
	uint8_t		 iv[16];
	struct psk_field ct, gxi, gxr, sai, id;
	uint8_t		 first;
	int		 initiator;
	uint8_t		 cky_i[8], cky_r[8];

	/*
	 * What the candidates of a batch derive, shared with later targets
	 * of the same inputs (the other side of an SA; IKEv2 SAs with the
	 * same PRF): serial names the batch c_k holds, keys_serial the one
	 * c_ka holds.  share_k: an earlier target whose first prf (SKEYID,
	 * or IKEv2's prf(PSK, pad)) is the same; share_keys: an earlier
	 * T_V1_ENC target with the same Ka.
	 */
	const struct target *share_k, *share_keys;
	uint64_t	     serial, keys_serial;
	uint8_t		     c_k[BATCH][KM_MAX_HASH];
	/* T_V1_ENC: keylen bytes per candidate and DH value */
	uint8_t *c_ka;
	uint32_t c_ka_ok[BATCH]; /* bit j: c_ka of DH value j is set */

	struct psk_found res;
};

struct psk_cracker {
	struct target	**t;
	size_t		  n, cap, left;
	uint64_t	  serial; /* batches tried */
	struct crypto_mb *eng[7]; /* by IKEv1 hash number, made when needed */
};

static struct crypto_mb *
cracker_eng(struct psk_cracker *c, uint16_t h)
{
	if (h >= sizeof(c->eng) / sizeof(c->eng[0]))
		return NULL;
	if (c->eng[h] == NULL)
		c->eng[h] = crypto_mb_new(h, 0);
	return c->eng[h];
}

static void
field_copy(struct psk_field *f, const uint8_t *p, size_t len)
{
	f->p = xmalloc(len ? len : 1);
	if (len)
		memcpy(f->p, p, len);
	f->len = len;
}

static struct km_buf
kb(const struct psk_field *f)
{
	return (struct km_buf){ f->p, f->len };
}

static void
target_free(struct target *t)
{
	size_t i;

	if (t == NULL)
		return;
	hm_free(&t->k);
	hm_free(&t->chk);
	hm_free(&t->nt);
	for (i = 0; i < t->ndh; i++) {
		hm_free(&t->dh[i].d);
		hm_free(&t->dh[i].a);
		hm_free(&t->dh[i].e);
	}
	free(t->dh);
	crypto_free_wiped(t->c_ka,
	    t->c_ka != NULL ? BATCH * t->ndh * t->keylen : 0);
	free(t->octets);
	free(t->ct.p);
	free(t->gxi.p);
	free(t->gxr.p);
	free(t->sai.p);
	free(t->id.p);
	if (t->res.psk != NULL)
		crypto_wipe(t->res.psk, t->res.len);
	free(t->res.psk);
	crypto_wipe(t, sizeof(*t));
	free(t);
}

/* Two prfs with the same hash and data (the key aside). */
static int
same_hm(const struct hm *a, const struct hm *b)
{
	return a->in != NULL && b->in != NULL && a->h == b->h &&
	    a->inlen == b->inlen && a->slot == b->slot &&
	    memcmp(a->in + a->slot, b->in + b->slot, a->inlen - a->slot) == 0;
}

/* An earlier target whose first prf a candidate keys the same way. */
static const struct target *
find_share_k(const struct psk_cracker *c, const struct target *t)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct target *o = c->t[i];

		if ((o->kind == T_V2) != (t->kind == T_V2) ||
		    o->nortel != t->nortel ||
		    (t->nortel && !same_hm(&o->nt, &t->nt)) ||
		    (t->kind == T_V2 && (o->prf != t->prf || o->hash == 0)) ||
		    !same_hm(&o->k, &t->k))
			continue;
		return o;
	}
	return NULL;
}

/* An earlier T_V1_ENC target with the same SKEYID_e and cipher key. */
static const struct target *
find_share_keys(const struct psk_cracker *c, const struct target *t)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		const struct target *o = c->t[i];

		if (o->kind != T_V1_ENC || o->encr != t->encr ||
		    o->keylen != t->keylen || o->ndh != t->ndh ||
		    !same_hm(&o->k, &t->k))
			continue;
		for (j = 0; j < t->ndh && same_hm(&o->dh[j].d, &t->dh[j].d);
		     j++)
			;
		if (j == t->ndh)
			return o;
	}
	return NULL;
}

struct psk_cracker *
psk_cracker_new(void)
{
	return xcalloc(1, sizeof(struct psk_cracker));
}

void
psk_cracker_free(struct psk_cracker *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		target_free(c->t[i]);
	free(c->t);
	for (i = 0; i < sizeof(c->eng) / sizeof(c->eng[0]); i++)
		crypto_mb_free(c->eng[i]);
	free(c);
}

static int
add_target(struct psk_cracker *c, struct target *t)
{
	t->share_k = find_share_k(c, t);
	if (t->kind == T_V1_ENC) {
		t->share_keys = find_share_keys(c, t);
		t->c_ka = xcalloc(BATCH * t->ndh, t->keylen);
	}
	ARRAY_GROW(c->t, c->n, c->cap);
	c->t[c->n] = t;
	c->left++;
	return (int)c->n++;
}

int
psk_cracker_add_params(struct psk_cracker *c, const struct psk_params *p)
{
	struct target *t = xcalloc(1, sizeof(*t));
	struct km_buf  nn[2], hd[6];

	t->kind = T_V1;
	t->hash = p->hash;
	t->hlen = crypto_hash_len(p->hash);
	nn[0] = kb(&p->ni_b);
	nn[1] = kb(&p->nr_b);
	hd[0] = kb(&p->g_xr);
	hd[1] = kb(&p->g_xi);
	hd[2] = kb(&p->cky_r);
	hd[3] = kb(&p->cky_i);
	hd[4] = kb(&p->sai_b);
	hd[5] = kb(&p->idir_b);
	if (t->hlen == 0 || p->hash_r.len != t->hlen ||
	    hm_init(cracker_eng(c, p->hash), &t->k, p->hash, 0, nn, 2) != 0 ||
	    hm_init(cracker_eng(c, p->hash), &t->chk, p->hash, 0, hd, 6) != 0)
		goto bad;
	if (p->nortel_user != NULL) {
		struct km_buf u = { (const uint8_t *)p->nortel_user,
			strlen(p->nortel_user) };

		if (hm_init(cracker_eng(c, 2), &t->nt, 2, 0, &u, 1) != 0)
			goto bad;
		t->nortel = 1;
	}
	memcpy(t->expect, p->hash_r.p, t->hlen);
	t->elen = t->hlen;
	return add_target(c, t);
bad:
	target_free(t);
	return -1;
}

/* The HMAC hash of an IKEv2 PRF, 0 for AES-XCBC / AES-CMAC. */
static uint16_t
v2_prf_hash(uint16_t prf)
{
	switch (prf) {
	case 1:
		return 1;
	case 2:
		return 2;
	case 5:
		return 4;
	case 6:
		return 5;
	case 7:
		return 6;
	}
	return 0;
}

int
psk_cracker_add_v2_auth(struct psk_cracker *c, uint16_t prf,
    const uint8_t *octets, size_t octets_len, const uint8_t *auth,
    size_t auth_len)
{
	struct target *t = xcalloc(1, sizeof(*t));
	struct km_buf  pad = { v2_key_pad, 17 }, oc = { octets, octets_len };

	t->kind = T_V2;
	t->prf = prf;
	t->hlen = crypto_prf_len(prf);
	t->hash = v2_prf_hash(prf);
	if (t->hlen == 0 || t->hlen > KM_MAX_HASH || auth_len != t->hlen)
		goto bad;
	if (t->hash != 0) {
		if (hm_init(cracker_eng(c, t->hash), &t->k, t->hash, 0, &pad,
			1) != 0 ||
		    hm_init(cracker_eng(c, t->hash), &t->chk, t->hash, 0, &oc,
			1) != 0)
			goto bad;
	} else {
		t->octets = xmemdup(octets, octets_len ? octets_len : 1);
		t->olen = octets_len;
	}
	memcpy(t->expect, auth, auth_len);
	t->elen = auth_len;
	return add_target(c, t);
bad:
	target_free(t);
	return -1;
}

int
psk_cracker_add_v1_enc(struct psk_cracker *c, const struct psk_v1_enc *e)
{
	struct target *t = xcalloc(1, sizeof(*t));
	struct km_buf  nn[2] = { e->ni, e->nr };
	size_t	       i;
	const uint8_t  b0 = 0, b1 = 1, b2 = 2;

	t->kind = T_V1_ENC;
	t->hash = e->hash;
	t->hlen = crypto_hash_len(e->hash);
	t->encr = e->encr;
	t->keylen = e->keylen;
	t->block = e->block;
	t->first = e->first;
	t->initiator = e->initiator;
	if (t->hlen == 0 || e->block == 0 || e->block > sizeof(t->iv) ||
	    e->keylen == 0 || e->keylen > 256 || e->ct.len < e->block ||
	    e->ct.len % e->block != 0 || e->ngxy == 0 || e->ngxy > 32 ||
	    hm_init(cracker_eng(c, e->hash), &t->k, e->hash, 0, nn, 2) != 0)
		goto bad;
	memcpy(t->iv, e->iv, e->block);
	memcpy(t->cky_i, e->cky_i, 8);
	memcpy(t->cky_r, e->cky_r, 8);
	field_copy(&t->ct, e->ct.p, e->ct.len);
	field_copy(&t->gxi, e->gxi.p, e->gxi.len);
	field_copy(&t->gxr, e->gxr.p, e->gxr.len);
	field_copy(&t->sai, e->sai.p, e->sai.len);
	if (e->id.p != NULL)
		field_copy(&t->id, e->id.p, e->id.len);
	t->dh = xcalloc(e->ngxy, sizeof(*t->dh));
	for (i = 0; i < e->ngxy; i++) {
		/* SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
		   SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
		   SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2) */
		struct km_buf p[4] = { e->gxy[i], { e->cky_i, 8 },
			{ e->cky_r, 8 }, { &b0, 1 } };

		t->ndh++;
		if (hm_init(cracker_eng(c, e->hash), &t->dh[i].d, e->hash, 0, p,
			4) != 0)
			goto bad;
		p[3].p = &b1;
		if (hm_init(cracker_eng(c, e->hash), &t->dh[i].a, e->hash,
			t->hlen, p, 4) != 0)
			goto bad;
		p[3].p = &b2;
		if (hm_init(cracker_eng(c, e->hash), &t->dh[i].e, e->hash,
			t->hlen, p, 4) != 0)
			goto bad;
	}
	return add_target(c, t);
bad:
	target_free(t);
	return -1;
}

size_t
psk_cracker_count(const struct psk_cracker *c)
{
	return c->n;
}

size_t
psk_cracker_left(const struct psk_cracker *c)
{
	return c->left;
}

const struct psk_found *
psk_cracker_result(const struct psk_cracker *c, size_t i)
{
	return i < c->n ? &c->t[i]->res : NULL;
}

/*
 * A decrypted first block that may start the message's payload chain:
 * a generic header with reserved 0 and a length that fits (a HASH first:
 * exactly the hash).  Only a filter; the HASH decides.
 */
static int
plausible(const struct target *t, const uint8_t *b)
{
	size_t len = (size_t)b[2] << 8 | b[3];

	if (b[1] != 0 || len < 4 || len > t->ct.len)
		return 0;
	if (t->first == PT_V1_HASH && len != 4 + t->hlen)
		return 0;
	return 1;
}

/* Decrypt the whole body with ka; 1 when its HASH verifies with skeyid. */
static int
v1_enc_verify(const struct target *t, const uint8_t *skeyid, const uint8_t *ka)
{
	struct payload_chain *pc;
	struct cursor	      cur;
	struct km_buf	      hash = { NULL, 0 }, id = kb(&t->id);
	uint8_t		     *pt = xmalloc(t->ct.len), out[KM_MAX_HASH];
	size_t		      i;
	int		      ok = 0;

	pc = xcalloc(1, sizeof(*pc));
	if (crypto_decrypt(t->encr, ka, t->keylen, t->iv, t->block, t->ct.p,
		t->ct.len, pt) != 0)
		goto out;
	cur = cur_init(pt, t->ct.len);
	/* Padding follows the chain: the walk may stop there. */
	(void)isakmp_walk_chain(&cur, t->first, 0, pc);
	for (i = 0; i < pc->n; i++) {
		const struct payload_ref *r = &pc->v[i];

		if (r->type == PT_V1_HASH && hash.p == NULL) {
			hash.p = pt + r->off + 4;
			hash.len = r->length - 4;
		}
		if (r->type == PT_V1_ID && id.p == NULL) {
			id.p = pt + r->off + 4;
			id.len = r->length - 4;
		}
	}
	if (hash.p == NULL || id.p == NULL || hash.len != t->hlen)
		goto out;
	if (km_v1_hash_phase1(t->hash, skeyid, t->hlen, t->initiator,
		kb(&t->gxi), kb(&t->gxr), t->cky_i, t->cky_r, kb(&t->sai), id,
		out) == 0 &&
	    memcmp(out, hash.p, t->hlen) == 0)
		ok = 1;
out:
	crypto_wipe(pt, t->ct.len);
	free(pt);
	free(pc);
	return ok;
}

/*
 * The first prf of every candidate of the batch into t->c_k:
 * SKEYID = prf(PSK, Ni_b | Nr_b) (Nortel: PSK = HMAC-SHA1(SHA1(password),
 * user)), or IKEv2's prf(PSK, "Key Pad for IKEv2"); taken from share_k
 * when that target made it for this batch.
 */
static int
first_prf(struct psk_cracker *c, struct target *t, const struct batch *b)
{
	const uint8_t *const *key = b->p;
	const size_t	     *klen = b->len;
	uint8_t		      pw[BATCH][20], npsk[BATCH][20];
	uint8_t		     *out[BATCH];
	const uint8_t	     *in[BATCH];
	size_t		      i;
	int		      rc = 0;

	if (t->share_k != NULL && t->share_k->serial == c->serial) {
		memcpy(t->c_k, t->share_k->c_k, b->n * sizeof(t->c_k[0]));
		t->serial = c->serial;
		return 0;
	}
	if (t->nortel) {
		struct crypto_mb_job j[BATCH];

		for (i = 0; i < b->n; i++) {
			j[i].data = b->p[i];
			j[i].len = b->len[i];
			j[i].out = pw[i];
			in[i] = pw[i];
			out[i] = npsk[i];
		}
		if (crypto_mb_hash(t->nt.eng, j, b->n) != 0 ||
		    hm_batch(&t->nt, in, NULL, 20, out, b->n) != 0)
			rc = -1;
		for (i = 0; i < b->n; i++)
			in[i] = npsk[i];
		key = in;
		klen = NULL;
	}
	if (rc == 0 && t->kind == T_V2 && t->hash == 0) {
		for (i = 0; i < b->n && rc == 0; i++)
			rc = crypto_prf(t->prf, key[i], b->len[i], v2_key_pad,
			    17, t->c_k[i]);
	} else if (rc == 0) {
		for (i = 0; i < b->n; i++)
			out[i] = t->c_k[i];
		rc = hm_batch(&t->k, key, klen, 20, out, b->n);
	}
	if (t->nortel) {
		crypto_wipe(pw, b->n * sizeof(pw[0]));
		crypto_wipe(npsk, b->n * sizeof(npsk[0]));
	}
	if (rc == 0)
		t->serial = c->serial;
	return rc;
}

/*
 * SKEYID_d, SKEYID_a, SKEYID_e and Ka for each candidate and DH value,
 * from SKEYID in t->c_k (RFC 2409 5 and appendix B); or all of it from
 * share_keys.
 */
static int
v1_keys(struct psk_cracker *c, struct target *t, const struct batch *b)
{
	const struct target *o = t->share_keys;
	uint8_t		     e[BATCH][KM_MAX_HASH];
	const uint8_t	    *key[BATCH];
	uint8_t		    *out[BATCH];
	size_t		     i, j, hlen = t->hlen, kl = t->keylen;

	if (o != NULL && o->keys_serial == c->serial) {
		memcpy(t->c_k, o->c_k, b->n * sizeof(t->c_k[0]));
		memcpy(t->c_ka, o->c_ka, b->n * t->ndh * kl);
		memcpy(t->c_ka_ok, o->c_ka_ok, b->n * sizeof(t->c_ka_ok[0]));
		t->serial = t->keys_serial = c->serial;
		return 0;
	}
	if (first_prf(c, t, b) != 0)
		return -1;
	for (i = 0; i < b->n; i++) {
		t->c_ka_ok[i] = 0;
		key[i] = t->c_k[i];
	}
	for (j = 0; j < t->ndh; j++) {
		struct v1_dh *d = &t->dh[j];

		/* SKEYID_d into SKEYID_a's slot, SKEYID_a into SKEYID_e's */
		for (i = 0; i < b->n; i++)
			out[i] = hm_slot(&d->a, i);
		if (hm_batch(&d->d, key, NULL, hlen, out, b->n) != 0)
			continue;
		for (i = 0; i < b->n; i++)
			out[i] = hm_slot(&d->e, i);
		if (hm_batch(&d->a, key, NULL, hlen, out, b->n) != 0)
			continue;
		for (i = 0; i < b->n; i++)
			out[i] = e[i];
		if (hm_batch(&d->e, key, NULL, hlen, out, b->n) != 0)
			continue;
		for (i = 0; i < b->n; i++)
			if (km_v1_enc_key(t->hash, e[i], hlen, kl,
				t->c_ka + (i * t->ndh + j) * kl) == 0)
				t->c_ka_ok[i] |= 1u << j;
	}
	crypto_wipe(e, sizeof(e));
	t->keys_serial = c->serial;
	return 0;
}

/* The first candidate of the batch that is the target's PSK, or -1. */
static int
try_target(struct psk_cracker *c, struct target *t, const struct batch *b)
{
	uint8_t	 mac[BATCH][KM_MAX_HASH], blk[16];
	uint8_t *out[BATCH];
	size_t	 i, j;

	switch (t->kind) {
	case T_V1:
	case T_V2:
		/* HASH = prf(SKEYID, ...); AUTH = prf(prf(PSK, pad), octets) */
		if (first_prf(c, t, b) != 0)
			return -1;
		if (t->kind == T_V2 && t->hash == 0) {
			for (i = 0; i < b->n; i++)
				if (crypto_prf(t->prf, t->c_k[i], t->hlen,
					t->octets, t->olen, mac[i]) == 0 &&
				    memcmp(mac[i], t->expect, t->elen) == 0)
					return (int)i;
			return -1;
		}
		{
			const uint8_t *key[BATCH];

			for (i = 0; i < b->n; i++) {
				key[i] = t->c_k[i];
				out[i] = mac[i];
			}
			if (hm_batch(&t->chk, key, NULL, t->hlen, out, b->n) !=
			    0)
				return -1;
		}
		for (i = 0; i < b->n; i++)
			if (memcmp(mac[i], t->expect, t->elen) == 0)
				return (int)i;
		return -1;
	case T_V1_ENC:
		if (v1_keys(c, t, b) != 0)
			return -1;
		for (i = 0; i < b->n; i++)
			for (j = 0; j < t->ndh; j++) {
				const uint8_t *ka =
				    t->c_ka + (i * t->ndh + j) * t->keylen;

				/* The first block as a filter (CBC), then
				   the HASH. */
				if ((t->c_ka_ok[i] & (1u << j)) == 0 ||
				    crypto_decrypt(t->encr, ka, t->keylen,
					t->iv, t->block, t->ct.p, t->block,
					blk) != 0)
					continue;
				if (plausible(t, blk) &&
				    v1_enc_verify(t, t->c_k[i], ka))
					return (int)i;
			}
		return -1;
	}
	return -1;
}

/*
 * The batch against every target not found yet: how many it matched;
 * *last the index of the latest candidate a match needed.
 */
static size_t
try_batch(struct psk_cracker *c, const struct batch *b, size_t *last)
{
	size_t i, n = 0;

	*last = 0;
	if (b->n == 0)
		return 0;
	c->serial++;
	for (i = 0; i < c->n; i++) {
		struct target *t = c->t[i];
		int	       k;
		size_t	       len;

		if (t->res.found || (k = try_target(c, t, b)) < 0)
			continue;
		len = b->len[k];
		t->res.found = 1;
		t->res.psk = xmalloc(len + 1);
		if (len)
			memcpy(t->res.psk, b->p[k], len);
		t->res.psk[len] = '\0';
		t->res.len = len;
		t->res.line = b->line[k];
		c->left--;
		n++;
		if ((size_t)k > *last)
			*last = (size_t)k;
	}
	return n;
}

size_t
psk_cracker_try(struct psk_cracker *c, const uint8_t *cand, size_t len,
    uint64_t line)
{
	struct batch b;
	size_t	     last;

	b.p[0] = cand;
	b.len[0] = len;
	b.line[0] = line;
	b.n = 1;
	return try_batch(c, &b, &last);
}

/* ---- candidate files ---- */

#define RBUF (64 * 1024)

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Try the batch; when it finds the last target, the counts stop at the
 * candidate that did.
 */
static void
flush_batch(struct psk_cracker *c, struct batch *b, struct psk_crack_stats *s)
{
	size_t last;

	if (b->n == 0)
		return;
	try_batch(c, b, &last);
	if (c->left == 0) {
		s->tried -= b->n - 1 - last;
		s->lines = b->line[last];
		s->too_long = b->too_long[last];
	}
	b->n = 0;
}

static void
one_line(struct psk_cracker *c, struct batch *b, const uint8_t *p, size_t len,
    unsigned flags, struct psk_crack_stats *s)
{
	size_t i;

	s->lines++;
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (flags & PSK_CAND_PSKCRACK) {
		/* psk-crack: the word ends at the first white space (and,
		   being a C string, at a NUL) */
		for (i = 0; i < len && p[i] != '\0' && !isspace(p[i]); i++)
			;
		len = i;
	}
	if (len > PSK_CAND_MAX) {
		s->too_long++;
		return;
	}
	s->tried++;
	b->p[b->n] = p;
	b->len[b->n] = len;
	b->line[b->n] = s->lines;
	b->too_long[b->n] = s->too_long;
	if (++b->n == BATCH)
		flush_batch(c, b, s);
}

int
psk_crack_stream(struct psk_cracker *c, FILE *f, unsigned flags,
    struct psk_crack_stats *stats)
{
	struct psk_crack_stats s;
	struct batch	       b;
	uint8_t		      *buf;
	size_t		       have = 0, start, n;
	int		       rc = 0, eof = 0, skipping = 0;
	double		       t0 = now();

	memset(&s, 0, sizeof(s));
	b.n = 0;
	buf = xmalloc(RBUF);
	while (c->left > 0 && !eof) {
		n = fread(buf + have, 1, RBUF - have, f);
		if (n == 0) {
			eof = 1;
			if (ferror(f))
				rc = -1;
		}
		have += n;
		start = 0;
		while (c->left > 0) {
			uint8_t *nl = memchr(buf + start, '\n', have - start);
			size_t	 end;

			if (nl == NULL && (!eof || start == have))
				break;
			end = nl != NULL ? (size_t)(nl - buf) : have;
			if (skipping)
				skipping = 0; /* the end of a long line */
			else
				one_line(c, &b, buf + start, end - start, flags,
				    &s);
			start = nl != NULL ? end + 1 : have;
		}
		/* The batch points into buf: try it before buf moves. */
		flush_batch(c, &b, &s);
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have == RBUF) {
			/* A line longer than the buffer: skip to its end. */
			if (!skipping) {
				s.lines++;
				s.too_long++;
			}
			skipping = 1;
			have = 0;
		}
	}
	free(buf);
	s.seconds = now() - t0;
	if (stats != NULL)
		*stats = s;
	return rc;
}

int
psk_crack_file(const struct psk_params *p, FILE *cands, unsigned flags,
    uint8_t **psk, size_t *len, uint64_t *line)
{
	struct psk_cracker     *c = psk_cracker_new();
	const struct psk_found *r;
	int			rc;

	*psk = NULL;
	*len = 0;
	*line = 0;
	if (psk_cracker_add_params(c, p) < 0) {
		psk_cracker_free(c);
		return -1;
	}
	rc = psk_crack_stream(c, cands, flags, NULL);
	r = psk_cracker_result(c, 0);
	if (r->found) {
		*psk = xmemdup(r->psk, r->len + 1);
		*len = r->len;
		*line = r->line;
		rc = 1;
	}
	psk_cracker_free(c);
	return rc;
}

/* ---- the reference check ---- */

static uint8_t *
concat(const struct psk_field *const *f, size_t n, size_t *len)
{
	uint8_t *p, *q;
	size_t	 i;

	for (*len = 0, i = 0; i < n; i++)
		*len += f[i]->len;
	p = q = xmalloc(*len ? *len : 1);
	for (i = 0; i < n; i++) {
		if (f[i]->len)
			memcpy(q, f[i]->p, f[i]->len);
		q += f[i]->len;
	}
	return p;
}

int
psk_try(const struct psk_params *p, const uint8_t *cand, size_t len)
{
	const struct psk_field *nf[2] = { &p->ni_b, &p->nr_b };
	const struct psk_field *hf[6] = { &p->g_xr, &p->g_xi, &p->cky_r,
		&p->cky_i, &p->sai_b, &p->idir_b };
	uint8_t			skeyid[KM_MAX_HASH], mac[KM_MAX_HASH];
	uint8_t			pw[20], npsk[20], *nn, *hd;
	size_t			hlen = crypto_hash_len(p->hash), nlen, hdlen;
	int			rc = -1;

	if (hlen == 0 || hlen != p->hash_r.len)
		return -1;
	if (p->nortel_user != NULL) {
		if (crypto_hash(2, cand, len, pw) != 0 ||
		    crypto_hmac(2, pw, 20, (const uint8_t *)p->nortel_user,
			strlen(p->nortel_user), npsk) != 0)
			return -1;
		cand = npsk;
		len = 20;
	}
	nn = concat(nf, 2, &nlen);
	hd = concat(hf, 6, &hdlen);
	if (crypto_hmac(p->hash, cand, len, nn, nlen, skeyid) == 0 &&
	    crypto_hmac(p->hash, skeyid, hlen, hd, hdlen, mac) == 0)
		rc = memcmp(mac, p->hash_r.p, hlen) == 0;
	free(nn);
	free(hd);
	crypto_wipe(skeyid, sizeof(skeyid));
	return rc;
}

/* ---- per SA and side ---- */

struct psk_check {
	struct psk_cracker    *c;
	struct psk_item	      *v;
	size_t		       n, cap;
	struct psk_crack_stats st;
	int		       ran;
};

struct psk_check *
psk_check_new(void)
{
	struct psk_check *k = xcalloc(1, sizeof(*k));

	k->c = psk_cracker_new();
	return k;
}

void
psk_check_free(struct psk_check *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++)
		free(k->v[i].origin);
	free(k->v);
	psk_cracker_free(k->c);
	free(k);
}

static struct psk_item *
new_item(struct psk_check *k)
{
	struct psk_item *it;

	ARRAY_GROW(k->v, k->n, k->cap);
	it = &k->v[k->n++];
	memset(it, 0, sizeof(*it));
	it->side[0].target = it->side[1].target = -1;
	return it;
}

static void
side_unchecked(struct psk_side *s, enum psk_side_state st, const char *why)
{
	s->state = st;
	s->why = why;
	s->target = -1;
}

/* A clear payload of a Phase 1 message of role (retransmits skipped). */
static int
p1_clear(const struct isc_exchange *ex, enum isc_role role, uint8_t type,
    struct km_buf *b)
{
	size_t j;

	for (j = 0; j < ex->nmsgs; j++)
		if (ex->msgs[j]->from == role && ex->msgs[j]->retrans_of == 0 &&
		    crypt_payload(ex->msgs[j], 0, type, b) == 0)
			return 0;
	return -1;
}

/* A HASH payload of role in a Phase 1 message, clear or decrypted. */
static int
has_hash(const struct isc_exchange *ex, enum isc_role role)
{
	struct km_buf b;
	size_t	      j;

	for (j = 0; j < ex->nmsgs; j++)
		if (ex->msgs[j]->from == role && ex->msgs[j]->retrans_of == 0 &&
		    (crypt_payload(ex->msgs[j], 0, PT_V1_HASH, &b) == 0 ||
			crypt_payload(ex->msgs[j], 1, PT_V1_HASH, &b) == 0))
			return 1;
	return 0;
}

/*
 * The HASH of role's first encrypted Phase 1 message, checked with each
 * DH value of the key store that fits the SA.  0 with the target set;
 * -1 with *why.
 */
static int
v1_enc_side(struct psk_check *k, const struct isc_analysis *a,
    const struct isc_ike_sa *sa, const struct isc_exchange *ex,
    enum isc_role role, struct psk_side *side, const char **why)
{
	const struct sa_crypt *sc = sa->crypt;
	const struct isc_msg  *m = NULL;
	struct psk_v1_enc      e;
	struct km_buf	       gxy[MAX_DH];
	struct dh_cand	       dhc[MAX_DH];
	const uint8_t	      *iv;
	size_t		       j, ndh = 0, ng = 0;
	int		       t;

	memset(&e, 0, sizeof(e));
	if (sc == NULL || !sc->alg_ok || !sc->iv_ready) {
		*why = "its HASH is encrypted, with a cipher ikescope does not "
		       "decrypt or an IV it cannot compute";
		return -1;
	}
	iv = sc->p1_iv0;
	for (j = 0; j < ex->nmsgs; j++) {
		const struct isc_msg *x = ex->msgs[j];

		if (x->retrans_of != 0 || !x->encrypted)
			continue;
		if (x->enc_len < sc->block || x->enc_len % sc->block != 0 ||
		    (size_t)x->enc_off + x->enc_len > x->len) {
			*why = "its encrypted Phase 1 message is cut or "
			       "malformed";
			return -1;
		}
		if (x->from == role) {
			m = x;
			break;
		}
		iv = x->data + x->enc_off + x->enc_len - sc->block;
	}
	if (m == NULL) {
		*why = role == ISC_ROLE_INITIATOR ?
		    "no HASH_I in the capture (no encrypted Phase 1 message "
		    "from the initiator)" :
		    "no HASH_R in the capture (no encrypted Phase 1 message "
		    "from the responder)";
		return -1;
	}
	if (p1_clear(ex, ISC_ROLE_INITIATOR, PT_V1_SA, &e.sai) != 0 ||
	    p1_clear(ex, ISC_ROLE_INITIATOR, PT_V1_KE, &e.gxi) != 0 ||
	    p1_clear(ex, ISC_ROLE_RESPONDER, PT_V1_KE, &e.gxr) != 0 ||
	    p1_clear(ex, ISC_ROLE_INITIATOR, PT_V1_NONCE, &e.ni) != 0 ||
	    p1_clear(ex, ISC_ROLE_RESPONDER, PT_V1_NONCE, &e.nr) != 0) {
		*why = "a payload its HASH covers (SA, KE or nonce) is not in "
		       "the capture";
		return -1;
	}
	/* Aggressive Mode 3 has no ID: HASH_I covers the one of AM1. */
	if (ex->type == 4 && p1_clear(ex, role, PT_V1_ID, &e.id) != 0) {
		*why = "the ID its HASH covers is not in the capture";
		return -1;
	}
	if (sa->keys[0].gxy != NULL || sa->keys[1].gxy != NULL) {
		const struct isc_ike_keys *kk =
		    sa->keys[0].gxy != NULL ? &sa->keys[0] : &sa->keys[1];

		gxy[ng++] = (struct km_buf){ kk->gxy, kk->gxy_len };
	} else if (a->opts.keys != NULL && sa->dh != 0) {
		/* A scratch copy takes the diagnostics the search may
		   write: the analysis reported them already. */
		struct isc_ike_sa scratch = *sa;

		memset(&scratch.diags, 0, sizeof(scratch.diags));
		ndh = crypt_dh_candidates((struct isc_analysis *)a, &scratch,
		    NULL, sa->dh, e.gxi, e.gxr, m->meta.frame, dhc, MAX_DH);
		diags_free(&scratch.diags);
		for (j = 0; j < ndh; j++)
			gxy[ng++] = (struct km_buf){ dhc[j].gxy, dhc[j].len };
	}
	if (ng == 0) {
		*why = "its HASH is encrypted: checking it needs the SA's DH "
		       "value (`dh SPI_I shared|private HEX` in a key file)";
		return -1;
	}
	e.hash = sa->hash;
	e.encr = sc->encr;
	e.keylen = sc->keylen;
	e.block = sc->block;
	e.cky_i = sa->spi_i;
	e.cky_r = sa->spi_r;
	e.gxy = gxy;
	e.ngxy = ng;
	e.iv = iv;
	e.ct = (struct km_buf){ m->data + m->enc_off, m->enc_len };
	e.first = m->hdr.next_payload;
	e.initiator = role == ISC_ROLE_INITIATOR;
	t = psk_cracker_add_v1_enc(k->c, &e);
	crypt_dh_free(dhc, ndh);
	if (t < 0) {
		*why = "the SA's hash or cipher is not supported";
		return -1;
	}
	side->target = t;
	side->frame = m->meta.frame;
	side->needs = "dh_value";
	side->state = PSK_SIDE_NOT_FOUND;
	return 0;
}

static void
add_v1(struct psk_check *k, const struct isc_analysis *a,
    const struct isc_ike_sa *sa, struct psk_item *it)
{
	const struct isc_exchange *ex = crypt_v1_phase1(sa);
	int			   role;

	it->exch = ex != NULL ? ex->type : 0;
	for (role = 0; role <= 1; role++) {
		struct psk_side	 *s = &it->side[role];
		struct psk_params p;
		const char	 *why = NULL;
		int		  cls = km_v1_auth_class(sa->auth_method);

		s->check = role ? "HASH_I" : "HASH_R";
		if (sa->auth_method != 0 && cls < 0) {
			side_unchecked(s, PSK_SIDE_UNCHECKED,
			    "the SA's authentication method is unknown");
			continue;
		}
		if (sa->auth_method != 0 && cls != KM_V1_PSK) {
			side_unchecked(s, PSK_SIDE_NOT_PSK,
			    cls == KM_V1_PKE ?
				"authenticated by public key encryption" :
				"authenticated by signatures");
			continue;
		}
		if (ex == NULL) {
			side_unchecked(s, PSK_SIDE_UNCHECKED,
			    "no Phase 1 exchange in the capture");
			continue;
		}
		if (!has_hash(ex, (enum isc_role)role)) {
			/* Encrypted (or absent): with the DH value. */
			if (v1_enc_side(k, a, sa, ex, (enum isc_role)role, s,
				&why) != 0)
				side_unchecked(s, PSK_SIDE_UNCHECKED, why);
			continue;
		}
		if (psk_params_from_sa_side(sa, (enum isc_role)role, &p,
			&why) == 0) {
			s->target = psk_cracker_add_params(k->c, &p);
			s->frame = p.frame;
			s->needs = "psk_only";
			s->state = s->target >= 0 ? PSK_SIDE_NOT_FOUND :
						    PSK_SIDE_UNCHECKED;
			if (s->target < 0)
				s->why = "the SA's hash is not supported";
			psk_params_free(&p);
			continue;
		}
		side_unchecked(s, PSK_SIDE_UNCHECKED, why);
	}
}

static void
add_v2_side(struct psk_check *k, const struct isc_ike_sa *sa,
    enum isc_role role, struct psk_side *s)
{
	const struct isc_msg *am = NULL, *init, *peer_init;
	struct km_buf	      auth = { NULL, 0 }, id, nonce, skp, b;
	int		      from_i = role == ISC_ROLE_INITIATOR;
	int		      saw_ike_auth = 0, saw_msg = 0, saw_enc = 0;
	int		      eap = 0;
	size_t		      i, j, cap, olen, plen;
	uint8_t		     *oc, ia[2 * KM_MAX_HASH + 4];
	int		      ialen;

	s->check = "AUTH";
	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		if (ex->type != 35)
			continue;
		saw_ike_auth = 1;
		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];

			if (m->retrans_of != 0)
				continue;
			if (m->plain != NULL &&
			    crypt_payload(m, 1, PT_V2_EAP, &b) == 0)
				eap = 1;
			if (m->from != role)
				continue;
			saw_msg = 1;
			if (m->encrypted && m->plain == NULL)
				saw_enc = 1;
			if (am == NULL &&
			    crypt_payload(m, 1, PT_V2_AUTH, &auth) == 0)
				am = m;
		}
	}
	if (am == NULL) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    !saw_ike_auth ? (sa->rekey_of_index != 0 ?
					    "a rekeyed IKE SA: it has no "
					    "IKE_AUTH to check" :
					    "no IKE_AUTH exchange in the "
					    "capture") :
			saw_enc	 ? "IKE_AUTH is encrypted: checking AUTH needs "
				   "the SA's DH value (or its keys)" :
			!saw_msg ? (from_i ? "no IKE_AUTH message from the "
					     "initiator" :
					     "no IKE_AUTH message from the "
					     "responder") :
				   "its IKE_AUTH messages carry no AUTH");
		return;
	}
	s->frame = am->meta.frame;
	if (auth.len < 4 || auth.p[0] != 2) {
		side_unchecked(s, PSK_SIDE_NOT_PSK,
		    "its AUTH is not a shared key MIC (a signature or "
		    "another method)");
		return;
	}
	if (eap) {
		side_unchecked(s, PSK_SIDE_NOT_PSK,
		    "EAP: the shared key of AUTH is the EAP MSK, not a PSK");
		return;
	}
	init = crypt_v2_init_msg(sa, role);
	peer_init = crypt_v2_init_msg(sa,
	    from_i ? ISC_ROLE_RESPONDER : ISC_ROLE_INITIATOR);
	plen = crypto_prf_len(sa->prf);
	if (init == NULL || peer_init == NULL ||
	    crypt_payload(peer_init, 0, PT_V2_NONCE, &nonce) != 0) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "AUTH covers the IKE_SA_INIT messages, which are not in "
		    "the capture");
		return;
	}
	if (!sa->keys[0].have_skeyseed) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "AUTH needs SK_pi/SK_pr, which final SK_e/SK_a keys do "
		    "not give (give the DH value instead)");
		return;
	}
	if (crypt_payload(am, 1, from_i ? PT_V2_IDI : PT_V2_IDR, &id) != 0) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "the ID that AUTH covers is not in the message");
		return;
	}
	if (plen == 0 || plen != sa->keys[0].hlen || auth.len - 4 != plen) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "the SA's PRF is not supported, or AUTH does not have "
		    "its length");
		return;
	}
	if ((ialen = crypt_v2_intauth(sa, ia)) < 0) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "AUTH covers the IKE_INTERMEDIATE messages, and not all "
		    "of them were decrypted");
		return;
	}
	/*
	 * <signed octets> = first message | peer's nonce | prf(SK_p, ID')
	 * [| IntAuth] (RFC 7296 2.15, RFC 9242 3.3.2)
	 */
	skp.p = from_i ? sa->keys[0].sk_pi : sa->keys[0].sk_pr;
	skp.len = plen;
	cap = init->len + nonce.len + KM_MAX_HASH + (size_t)ialen;
	oc = xmalloc(cap);
	if (km_v2_signed_octets_ia(sa->prf,
		(struct km_buf){ init->data, init->len }, nonce, skp, id,
		(struct km_buf){ ia, (size_t)ialen }, oc, cap, &olen) != 0 ||
	    (s->target = psk_cracker_add_v2_auth(k->c, sa->prf, oc, olen,
		 auth.p + 4, auth.len - 4)) < 0) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "the SA's PRF is not supported");
		free(oc);
		return;
	}
	free(oc);
	s->needs = "ike_auth_keys";
	s->state = PSK_SIDE_NOT_FOUND;
}

void
psk_check_add_analysis(struct psk_check *k, const struct isc_analysis *a)
{
	size_t i;

	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];
		struct psk_item		*it = new_item(k);

		it->sa_index = i;
		it->version = sa->version;
		memcpy(it->spi_i, sa->spi_i, 8);
		if (sa->version == 1)
			add_v1(k, a, sa, it);
		else {
			add_v2_side(k, sa, ISC_ROLE_INITIATOR, &it->side[1]);
			add_v2_side(k, sa, ISC_ROLE_RESPONDER, &it->side[0]);
		}
	}
}

int
psk_check_add_params(struct psk_check *k, const struct psk_params *p,
    const char *origin)
{
	struct psk_item *it = new_item(k);
	struct psk_side *s = &it->side[p->from == ISC_ROLE_INITIATOR];

	it->sa_index = PSK_NO_SA;
	it->origin = xstrdup(origin != NULL ? origin : "");
	it->version = 1;
	it->exch = 4;
	it->hash = p->hash;
	if (p->cky_i.len == 8)
		memcpy(it->spi_i,
		    p->from == ISC_ROLE_INITIATOR ? p->cky_r.p : p->cky_i.p, 8);
	s->check = p->from == ISC_ROLE_INITIATOR ? "HASH_I" : "HASH_R";
	s->needs = "psk_only";
	s->target = psk_cracker_add_params(k->c, p);
	if (s->target < 0) {
		side_unchecked(s, PSK_SIDE_UNCHECKED,
		    "the hash is not supported");
		return -1;
	}
	s->state = PSK_SIDE_NOT_FOUND;
	return 0;
}

int
psk_check_run(struct psk_check *k, FILE *cands, unsigned flags, char *err,
    size_t errlen)
{
	size_t i;
	int    role, rc;

	rc = psk_crack_stream(k->c, cands, flags, &k->st);
	if (rc != 0)
		snprintf(err, errlen, "read error in the candidate file");
	for (i = 0; i < k->n; i++)
		for (role = 0; role <= 1; role++) {
			struct psk_side	       *s = &k->v[i].side[role];
			const struct psk_found *r;

			if (s->target < 0)
				continue;
			r = psk_cracker_result(k->c, (size_t)s->target);
			if (r->found) {
				s->state = PSK_SIDE_FOUND;
				s->psk = r->psk;
				s->psk_len = r->len;
				s->line = r->line;
			} else
				s->state = PSK_SIDE_NOT_FOUND;
		}
	k->ran = 1;
	return rc;
}

size_t
psk_check_count(const struct psk_check *k)
{
	return k->n;
}

const struct psk_item *
psk_check_item(const struct psk_check *k, size_t i)
{
	return i < k->n ? &k->v[i] : NULL;
}

const struct psk_crack_stats *
psk_check_stats(const struct psk_check *k)
{
	return &k->st;
}

const char *
psk_side_state_name(enum psk_side_state s)
{
	switch (s) {
	case PSK_SIDE_FOUND:
		return "found";
	case PSK_SIDE_NOT_FOUND:
		return "not_found";
	case PSK_SIDE_UNCHECKED:
		return "unchecked";
	case PSK_SIDE_NOT_PSK:
		return "not_psk";
	case PSK_SIDE_NONE:
		break;
	}
	return "none";
}

char *
psk_quote(const uint8_t *p, size_t len, char *out, size_t outlen)
{
	size_t i, o = 0, bad = 0;

	if (outlen == 0)
		return out;
	for (i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			bad++;
	if (bad * 4 > len) {
		/* mostly bytes: 0xHEX, as -p and key files take it */
		if (outlen < 3) {
			out[0] = '\0';
			return out;
		}
		memcpy(out, "0x", 2);
		o = 2;
		for (i = 0; i < len && o + 3 <= outlen; i++, o += 2)
			snprintf(out + o, 3, "%02x", p[i]);
		out[o] = '\0';
		return out;
	}
	out[o++] = '"';
	for (i = 0; i < len && o + 6 < outlen; i++) {
		uint8_t c = p[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c == '\t') {
			out[o++] = '\\';
			out[o++] = 't';
		} else if (c < 0x20 || c > 0x7e) {
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		} else
			out[o++] = (char)c;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

/* "HASH_I (frame 5, with the DH value)" */
static void
put_check(FILE *f, const char *role, const struct psk_side *s)
{
	const char *how = "";

	if (s->needs != NULL && strcmp(s->needs, "dh_value") == 0)
		how = ", with the DH value";
	else if (s->needs != NULL && strcmp(s->needs, "ike_auth_keys") == 0)
		how = ", IKE_AUTH decrypted";
	fprintf(f, "    %-9s  %s", role, s->check);
	if (s->frame != 0)
		fprintf(f, " (frame %llu%s)", (unsigned long long)s->frame,
		    how);
}

static void
put_side(FILE *f, const char *role, const struct psk_side *s, int show)
{
	char q[4 * PSK_CAND_MAX + 8];

	switch (s->state) {
	case PSK_SIDE_NONE:
		return;
	case PSK_SIDE_FOUND:
		put_check(f, role, s);
		if (show)
			fprintf(f, ": PSK %s (candidate line %llu)\n",
			    psk_quote(s->psk, s->psk_len, q, sizeof(q)),
			    (unsigned long long)s->line);
		else
			fprintf(f, ": the PSK is candidate line %llu\n",
			    (unsigned long long)s->line);
		return;
	case PSK_SIDE_NOT_FOUND:
		put_check(f, role, s);
		fputs(": no candidate matches\n", f);
		return;
	case PSK_SIDE_UNCHECKED:
		fprintf(f, "    %-9s  %s not checked: %s\n", role, s->check,
		    s->why != NULL ? s->why : "?");
		return;
	case PSK_SIDE_NOT_PSK:
		fprintf(f, "    %-9s  not a pre-shared key: %s\n", role,
		    s->why != NULL ? s->why : "?");
		return;
	}
}

int
psk_check_text(FILE *f, const struct psk_check *k, const char *name, int show)
{
	const struct psk_crack_stats *st = &k->st;
	size_t			      i;
	char			      spi[17];

	fprintf(f, "PSK candidates (%s): %llu tried in %.3f s", name,
	    (unsigned long long)st->tried, st->seconds);
	if (st->tried > 0 && st->seconds > 0)
		fprintf(f, ", %.0f/s", (double)st->tried / st->seconds);
	if (psk_cracker_left(k->c) == 0 && psk_cracker_count(k->c) > 0)
		fputs(", every check matched", f);
	fputc('\n', f);
	if (st->too_long > 0)
		fprintf(f, "  %llu lines longer than %d bytes skipped\n",
		    (unsigned long long)st->too_long, PSK_CAND_MAX);
	if (k->n == 0)
		fputs("  no IKE SA to check\n", f);
	for (i = 0; i < k->n; i++) {
		const struct psk_item *it = &k->v[i];

		hex_encode(it->spi_i, 8, spi);
		if (it->sa_index != PSK_NO_SA)
			fprintf(f, "  IKE SA #%zu  IKEv%u%s  %s\n",
			    it->sa_index + 1, it->version,
			    it->version == 2  ? "" :
				it->exch == 4 ? " Aggressive Mode" :
				it->exch == 2 ? " Main Mode" :
						"",
			    spi);
		else
			fprintf(f, "  %s  psk-crack parameters, %s\n",
			    it->origin, psk_params_hash_name(it->hash));
		put_side(f, "initiator", &it->side[1], show);
		put_side(f, "responder", &it->side[0], show);
	}
	return ferror(f) ? -1 : 0;
}
