/*
 * crypt.c - what IKEv1 and IKEv2 decryption share: finding payloads,
 * recording a decrypted body, DH and PSK candidates from the key store,
 * and the end-of-input report of keys that fit nothing.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/isakmp.h"
#include "../dissect/registry.h"
#include "crypt.h"
#include "crypto.h"
#include "keys.h"
#include "util.h"

struct sa_crypt *
crypt_state(struct isc_ike_sa *sa)
{
	if (sa->crypt == NULL)
		sa->crypt = xcalloc(1, sizeof(*sa->crypt));
	return sa->crypt;
}

void
crypt_frames(uint64_t first, uint64_t last, size_t n, char *buf, size_t len)
{
	if (first == last)
		snprintf(buf, len, "frame %llu (%zu encrypted message%s)",
		    (unsigned long long)first, n, n == 1 ? "" : "s");
	else
		snprintf(buf, len, "frames %llu-%llu (%zu encrypted messages)",
		    (unsigned long long)first, (unsigned long long)last, n);
}

int
crypt_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

static int
find_payload(const struct isc_msg *m, int plain, uint8_t type,
    const struct payload_ref **r, const uint8_t **base, size_t *blen)
{
	const struct payload_ref *v;
	size_t			  n, i;

	if (plain) {
		/* Unverified content (ignore_icv) is shown, never used. */
		if (m->plain == NULL || m->icv_ignored)
			return -1;
		v = m->plain->payloads;
		n = m->plain->npayloads;
		*base = m->plain->data;
		*blen = m->plain->len;
	} else {
		v = m->payloads;
		n = m->npayloads;
		*base = m->data;
		*blen = m->len;
	}
	for (i = 0; i < n; i++) {
		if (v[i].type != type)
			continue;
		if (v[i].length < ISAKMP_GENERIC_LEN ||
		    (size_t)v[i].off + v[i].length > *blen)
			return -1; /* cut short by the capture */
		*r = &v[i];
		return 0;
	}
	return -1;
}

int
crypt_payload(const struct isc_msg *m, int plain, uint8_t type,
    struct km_buf *body)
{
	const struct payload_ref *r;
	const uint8_t		 *base;
	size_t			  blen;

	if (find_payload(m, plain, type, &r, &base, &blen) != 0)
		return -1;
	body->p = base + r->off + ISAKMP_GENERIC_LEN;
	body->len = r->length - ISAKMP_GENERIC_LEN;
	return 0;
}

int
crypt_payload_whole(const struct isc_msg *m, int plain, uint8_t type,
    struct km_buf *whole)
{
	const struct payload_ref *r;
	const uint8_t		 *base;
	size_t			  blen;

	if (find_payload(m, plain, type, &r, &base, &blen) != 0)
		return -1;
	whole->p = base + r->off;
	whole->len = r->length;
	return 0;
}

int
crypt_chain_fits(const uint8_t *data, size_t len, uint8_t first, int v2)
{
	struct payload_chain *pc = xcalloc(1, sizeof(*pc));
	struct cursor	      c = cur_init(data, len);
	int		      rc = -1;
	size_t		      end;

	if (first != 0 && isakmp_walk_chain(&c, first, v2, pc) == DS_OK &&
	    pc->n > 0) {
		end = pc->v[pc->n - 1].off + pc->v[pc->n - 1].length;
		rc = end == len ? 0 : -1;
	}
	free(pc);
	return rc;
}

void
crypt_set_plain(const struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *m, const uint8_t *data, size_t len, uint8_t first,
    size_t pad)
{
	struct isc_plain     *pl = xcalloc(1, sizeof(*pl));
	struct payload_chain *pc = xcalloc(1, sizeof(*pc));
	struct cursor	      c;

	pl->data = xmemdup(len > 0 ? data : (const uint8_t *)"", len);
	pl->len = len;
	pl->first = first;
	pl->pad = pad;
	c = cur_init(pl->data, pl->len);
	if (first != 0)
		(void)isakmp_walk_chain(&c, first, m->hdr.major == 2, pc);
	else {
		memset(pc, 0, sizeof(*pc));
	}
	pl->walk = pc->st;
	pl->npayloads = pc->n;
	if (pc->n > 0)
		pl->payloads = xmemdup(pc->v, pc->n * sizeof(pc->v[0]));
	free(pc);
	ft_init(&pl->fields);
	m->plain = pl;
	m->dec = ISC_DEC_OK;
	session_dissect_plain(sa, ex, m);
}

struct isc_child_sa *
crypt_child_new(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	struct isc_child_sa *c = xcalloc(1, sizeof(*c));

	ARRAY_GROW(sa->children, sa->nchildren, sa->childcap);
	sa->children[sa->nchildren++] = c;
	/* Indexed by its SPIs at the next ESP key search. */
	ARRAY_GROW(a->child_new, a->nchild_new, a->child_new_cap);
	a->child_new[a->nchild_new].sa = sa;
	a->child_new[a->nchild_new++].child = c;
	return c;
}

int
crypt_psk_applies(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    size_t k)
{
	const struct isc_key_psk *p = &a->opts.keys->psk[k];
	char			  ip[64];

	if (p->peer == NULL)
		return 1;
	if (strcmp(isc_addr_str(&sa->initiator.ip, ip, sizeof(ip)), p->peer) ==
		0 ||
	    strcmp(isc_addr_str(&sa->responder.ip, ip, sizeof(ip)), p->peer) ==
		0)
		return 1;
	/*
	 * Not one of the addresses: if PEER is an address, it names another
	 * SA; otherwise it is an ID, checked by the HASH / AUTH it makes.
	 */
	{
		uint8_t tmp[16];

		if (inet_pton(AF_INET, p->peer, tmp) == 1 ||
		    inet_pton(AF_INET6, p->peer, tmp) == 1)
			return 0;
	}
	return 1;
}

/* A MODP secret given without its leading zero bytes is padded. */
static int
shared_fits(uint16_t group, size_t want, size_t have)
{
	if (have == want)
		return 1;
	return have < want && have + 4 >= want &&
	    ((group >= 1 && group <= 2) || group == 5 ||
		(group >= 14 && group <= 18) || (group >= 22 && group <= 24));
}

size_t
crypt_dh_candidates(struct isc_analysis *a, struct isc_ike_sa *sa,
    const uint8_t *spi_alt, uint16_t group, struct km_buf pub_i,
    struct km_buf pub_r, uint64_t frame, struct dh_cand *out, size_t max)
{
	const struct isc_keys *k = a->opts.keys;
	size_t		       want = crypto_dh_shared_len(group);
	size_t		       publen = crypto_dh_public_len(group);
	size_t		       i, n = 0;
	char		       at[300], gname[48], gtmp[48];
	/* With RFC 9370 additional key exchanges an SA's entries are for
	   several methods: one that does not fit this one is no news. */
	int quiet = 0;

	for (i = 0; i < 7; i++)
		if (sa->addke[i] != 0)
			quiet = 1;
	/*
	 * ML-KEM (draft-ietf-ipsecme-ikev2-mlkem): no computation here, but
	 * its 32-byte shared secret can be given (`dh ... shared`).
	 */
	if (want == 0 && group >= 35 && group <= 37)
		want = 32;
	if (k == NULL || want == 0)
		return 0;
	snprintf(gname, sizeof(gname), "%s",
	    reg_name_buf(REG_DH_GROUP, group, gtmp, sizeof(gtmp)));
	for (i = 0; i < k->ndh && n < max; i++) {
		const struct isc_key_dh *d = &k->dh[i];
		uint8_t			*pub, *gxy;
		int			 mine_i, mine_r;

		if (!d->any_sa && memcmp(d->spi_i, sa->spi_i, 8) != 0 &&
		    (spi_alt == NULL || memcmp(d->spi_i, spi_alt, 8) != 0))
			continue;
		if (d->shared) {
			if (!shared_fits(group, want, d->len)) {
				if (!d->any_sa && !quiet)
					diag_add(&sa->diags, ISC_SEV_WARNING,
					    "dh-length", frame,
					    "%s: the DH shared secret is %zu "
					    "bytes, but group %u (%s) makes "
					    "%zu-byte secrets; not used here",
					    isc_key_origin_str(&d->at, at,
						sizeof(at)),
					    d->len, group, gname, want);
				continue;
			}
			gxy = xcalloc(1, want);
			memcpy(gxy + (want - d->len), d->v, d->len);
			out[n].gxy = gxy;
			out[n].len = want;
			out[n].entry = i;
			n++;
			continue;
		}
		if (pub_i.len != publen && pub_r.len != publen)
			continue;
		pub = xmalloc(publen);
		if (crypto_dh_public(group, d->v, d->len, pub, publen) != 0) {
			free(pub);
			if (!d->any_sa && !quiet)
				diag_add(&sa->diags, ISC_SEV_WARNING,
				    "dh-private-unfit", frame,
				    "%s: this DH private value cannot be "
				    "used with group %u (%s)",
				    isc_key_origin_str(&d->at, at, sizeof(at)),
				    group, gname);
			continue;
		}
		mine_i =
		    pub_i.len == publen && memcmp(pub, pub_i.p, publen) == 0;
		mine_r =
		    pub_r.len == publen && memcmp(pub, pub_r.p, publen) == 0;
		free(pub);
		if (!mine_i && !mine_r)
			continue; /* maybe another exchange's value */
		gxy = xmalloc(want);
		if (crypto_dh_shared(group, d->v, d->len,
			mine_i ? pub_r.p : pub_i.p,
			mine_i ? pub_r.len : pub_i.len, gxy, want) != 0) {
			free(gxy);
			diag_add(&sa->diags, ISC_SEV_WARNING, "dh-peer-invalid",
			    frame,
			    "%s matches the %s's KE, but the %s's "
			    "public value is not valid for group %u (%s)",
			    isc_key_origin_str(&d->at, at, sizeof(at)),
			    mine_i ? "initiator" : "responder",
			    mine_i ? "responder" : "initiator", group, gname);
			continue;
		}
		out[n].gxy = gxy;
		out[n].len = want;
		out[n].entry = i;
		n++;
	}
	return n;
}

void
crypt_dh_free(struct dh_cand *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (c[i].gxy != NULL)
			crypto_wipe(c[i].gxy, c[i].len);
		free(c[i].gxy);
		c[i].gxy = NULL;
	}
}

void
crypt_message(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_exchange *ex, struct isc_msg *m)
{
	if (m->encrypted)
		m->dec = ISC_DEC_NO_KEYS;
	if (sa->version == 1)
		ikev1_crypt_message(a, sa, ex, m);
	else
		ikev2_crypt_message(a, sa, ex, m);
}

void
crypt_finish_sa(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	if (sa->version == 1)
		ikev1_crypt_finish(a, sa);
	else
		ikev2_crypt_finish(a, sa);
}

void
crypt_finish(struct isc_analysis *a)
{
	const struct isc_keys *k = a->opts.keys;
	size_t		       i;
	char		       at[300];

	for (i = 0; i < a->nsas; i++)
		crypt_finish_sa(a, a->sas[i]);
	if (k == NULL)
		return;
	/* Secrets that fit nothing are said, never dropped silently. */
	for (i = 0; i < k->npsk; i++)
		if (k->psk[i].used == 0 && a->sas_seen > 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: this pre-shared key verified on no IKE SA",
			    isc_key_origin_str(&k->psk[i].at, at, sizeof(at)));
	for (i = 0; i < k->ndh; i++) {
		const struct isc_key_dh *d = &k->dh[i];
		size_t			 j;
		int			 named = d->any_sa;

		if (d->used != 0 || a->sas_seen == 0)
			continue;
		/* A value for an SA the capture does not hold: say so. */
		for (j = 0; j < a->nsas && !named; j++)
			named = memcmp(a->sas[j]->spi_i, d->spi_i, 8) == 0;
		if (!named && a->sas_retired == 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: this DH %s value is for IKE SA "
			    "%02x%02x%02x%02x%02x%02x%02x%02x, which is not "
			    "in the capture (a key of another capture?)",
			    isc_key_origin_str(&d->at, at, sizeof(at)),
			    d->shared ? "shared" : "private", d->spi_i[0],
			    d->spi_i[1], d->spi_i[2], d->spi_i[3], d->spi_i[4],
			    d->spi_i[5], d->spi_i[6], d->spi_i[7]);
		else
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: this DH %s value fits no exchange in the "
			    "capture",
			    isc_key_origin_str(&d->at, at, sizeof(at)),
			    d->shared ? "shared" : "private");
	}
	for (i = 0; i < k->nrsa; i++)
		if (k->rsa[i].used == 0 && a->nsas > 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: this RSA private key decrypted no nonce "
			    "that a Phase 1 HASH verified",
			    isc_key_origin_str(&k->rsa[i].at, at, sizeof(at)));
	for (i = 0; i < k->nv1; i++)
		if (k->v1[i].used == 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: no IKEv1 SA with this initiator cookie "
			    "decrypted with this key",
			    isc_key_origin_str(&k->v1[i].at, at, sizeof(at)));
	for (i = 0; i < k->nv2; i++)
		if (k->v2[i].used == 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: no IKEv2 SA with these SPIs decrypted with "
			    "these keys",
			    isc_key_origin_str(&k->v2[i].at, at, sizeof(at)));
	for (i = 0; i < k->nesp; i++)
		if (k->esp[i].used == 0)
			diag_add(&a->diags, ISC_SEV_INFO, "key-unused", 0,
			    "%s: no %s SA in the capture verified a packet "
			    "with this key",
			    isc_key_origin_str(&k->esp[i].at, at, sizeof(at)),
			    k->esp[i].proto == 51 ? "AH" : "ESP");
}

void
crypt_sa_free(struct isc_ike_sa *sa)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		free(sa->keys[i].source);
		if (sa->keys[i].gxy != NULL)
			crypto_wipe(sa->keys[i].gxy, sa->keys[i].gxy_len);
		free(sa->keys[i].gxy);
		crypto_wipe(&sa->keys[i], sizeof(sa->keys[i]));
	}
	for (i = 0; i < sa->nchildren; i++) {
		crypto_wipe(sa->children[i], sizeof(*sa->children[i]));
		free(sa->children[i]);
	}
	free(sa->children);
	sa->children = NULL;
	sa->nchildren = 0;
	free(sa->missing);
	sa->missing = NULL;
	if (sa->crypt != NULL) {
		ikev1_pke_free(sa->crypt);
		free(sa->crypt->xiv);
		for (i = 0; i < 2; i++) {
			size_t j;

			for (j = 0; sa->crypt->skf[i].part != NULL &&
			     j < sa->crypt->skf[i].total;
			     j++)
				free(sa->crypt->skf[i].part[j]);
			free(sa->crypt->skf[i].part);
			free(sa->crypt->skf[i].len);
		}
		if (sa->crypt->upd != NULL)
			crypto_wipe(sa->crypt->upd,
			    sa->crypt->nupd * sizeof(*sa->crypt->upd));
		free(sa->crypt->upd);
		free(sa->crypt->upd_entry);
		crypto_free_wiped(sa->crypt->old,
		    V2_MAX_OLD * sizeof(*sa->crypt->old));
		crypto_wipe(sa->crypt, sizeof(*sa->crypt));
	}
	free(sa->crypt);
	sa->crypt = NULL; /* and again does nothing (isc_analysis_wipe) */
}
