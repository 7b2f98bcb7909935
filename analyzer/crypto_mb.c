/*
 * crypto_mb.c - many HMACs at once (crypto_mb.h).
 *
 * HMAC (RFC 2104): HMAC(K, d) = H(K ^ opad | H(K ^ ipad | d)), K first
 * hashed when it is longer than the block, then padded with zeros to
 * the block.  Nothing keyed can be shared between jobs, so the speed
 * comes from hashing jobs side by side and from calls that allocate
 * nothing:
 *
 *  - SHA1 with the multi-buffer library: both hashes of every job are
 *    plain SHA1 jobs in the SIMD lanes, the key pad written in front of
 *    a per-lane copy of the data, so the pad blocks are hashed in the
 *    lanes as well;
 *  - MD5 with the library (which has no plain MD5 jobs): the pad blocks
 *    hashed one at a time (IMB_MD5_ONE_BLOCK), then HMAC-MD5 jobs from
 *    those states in the lanes;
 *  - otherwise one libgcrypt handle, reset and reused for every hash.
 *
 * <intel-ipsec-mb.h> is included here and nowhere else.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#ifdef HAVE_IPSEC_MB
#include <intel-ipsec-mb.h>
#endif

#include "crypto.h"
#include "crypto_mb.h"
#include "util.h"

#define MB_BLK_MAX  128
#define MB_HASH_MAX 64
#define MB_STATE    32 /* an MD5 or SHA1 state, rounded up */

struct crypto_mb {
	uint16_t     hash;
	size_t	     blk, hlen;
	gcry_md_hd_t md; /* long keys, and every hash without the library */
	char	     name[64];
	uint8_t	     pad[MB_BLK_MAX];
	uint8_t	     inner[MB_HASH_MAX];
	uint8_t	     kh[MB_HASH_MAX];
#ifdef HAVE_IPSEC_MB
	IMB_MGR *mgr; /* NULL: libgcrypt */
	/* SHA1: per lane, the key pad then the data (slot bytes each);
	   the outer input, key pad then inner digest */
	uint8_t *scratch;
	size_t	 slot;
	uint8_t	 obuf[CRYPTO_MB_MAX][64 + 20];
	/* MD5: the hashed key pads */
	uint8_t ipad[CRYPTO_MB_MAX][MB_STATE];
	uint8_t opad[CRYPTO_MB_MAX][MB_STATE];
#endif
};

struct crypto_mb *
crypto_mb_new(uint16_t v1_hash, unsigned flags)
{
	struct crypto_mb *m;
	int		  algo = crypto_md_algo(v1_hash);

	if (algo == 0 || crypto_init() != 0)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	m->hash = v1_hash;
	m->hlen = crypto_hash_len(v1_hash);
	m->blk = v1_hash == 5 || v1_hash == 6 ? 128 : 64;
	if (m->hlen == 0 || m->hlen > MB_HASH_MAX ||
	    gcry_md_open(&m->md, algo, 0) != 0) {
		free(m);
		return NULL;
	}
	snprintf(m->name, sizeof(m->name), "libgcrypt");
#ifdef HAVE_IPSEC_MB
	if ((flags & CRYPTO_MB_GCRYPT) == 0 && (v1_hash == 1 || v1_hash == 2) &&
	    (m->mgr = alloc_mb_mgr(0)) != NULL) {
		IMB_ARCH    arch = IMB_ARCH_NONE;
		const char *an;

		init_mb_mgr_auto(m->mgr, &arch);
		switch (arch) {
		case IMB_ARCH_SSE:
			an = "SSE";
			break;
		case IMB_ARCH_AVX:
			an = "AVX";
			break;
		case IMB_ARCH_AVX2:
			an = "AVX2";
			break;
		case IMB_ARCH_AVX512:
			an = "AVX512";
			break;
		default:
			an = NULL;
			break;
		}
		if (an == NULL || imb_get_errno(m->mgr) != 0) {
			free_mb_mgr(m->mgr);
			m->mgr = NULL;
		} else
			snprintf(m->name, sizeof(m->name),
			    "intel-ipsec-mb %s %s", imb_get_version_str(), an);
	}
#else
	(void)flags;
#endif
	return m;
}

void
crypto_mb_free(struct crypto_mb *m)
{
	if (m == NULL)
		return;
	gcry_md_close(m->md);
#ifdef HAVE_IPSEC_MB
	if (m->mgr != NULL)
		free_mb_mgr(m->mgr);
	crypto_free_wiped(m->scratch, m->slot * CRYPTO_MB_MAX);
#endif
	crypto_wipe(m, sizeof(*m));
	free(m);
}

const char *
crypto_mb_engine(const struct crypto_mb *m)
{
	return m->name;
}

/* out = H(a | b) with the reused handle. */
static void
gc_hash2(struct crypto_mb *m, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen, uint8_t *out)
{
	gcry_md_reset(m->md);
	if (alen > 0)
		gcry_md_write(m->md, a, alen);
	if (blen > 0)
		gcry_md_write(m->md, b, blen);
	memcpy(out, gcry_md_read(m->md, 0), m->hlen);
}

/* The key as HMAC uses it: hashed first when longer than the block. */
static const uint8_t *
hmac_key(struct crypto_mb *m, const uint8_t *key, size_t *keylen)
{
	if (*keylen <= m->blk)
		return key;
	gc_hash2(m, key, *keylen, NULL, 0, m->kh);
	*keylen = m->hlen;
	return m->kh;
}

/* pad = K ^ x, zero-padded to the block (RFC 2104 ipad 0x36, opad 0x5c). */
static void
key_pad(uint8_t *pad, size_t blk, const uint8_t *key, size_t keylen, uint8_t x)
{
	size_t i;

	for (i = 0; i < keylen; i++)
		pad[i] = key[i] ^ x;
	memset(pad + keylen, x, blk - keylen);
}

static void
gc_hmac(struct crypto_mb *m, struct crypto_mb_job *j)
{
	size_t	       kl = j->keylen;
	const uint8_t *k = hmac_key(m, j->key, &kl);

	/* HMAC(K, d) = H(K ^ opad | H(K ^ ipad | d)) */
	key_pad(m->pad, m->blk, k, kl, 0x36);
	gc_hash2(m, m->pad, m->blk, j->data, j->len, m->inner);
	key_pad(m->pad, m->blk, k, kl, 0x5c);
	gc_hash2(m, m->pad, m->blk, m->inner, m->hlen, j->out);
}

#ifdef HAVE_IPSEC_MB
/* Submit a job; -1 when a finished one reports an error. */
static int
mb_submit(IMB_MGR *mgr, int *done)
{
	IMB_JOB *j = IMB_SUBMIT_JOB(mgr);

	if (j == NULL)
		return imb_get_errno(mgr) != 0 ? -1 : 0;
	(*done)++;
	return j->status == IMB_STATUS_COMPLETED ? 0 : -1;
}

/* Finish every job submitted; -1 when one failed or went missing. */
static int
mb_flush(IMB_MGR *mgr, int done, size_t n, int rc)
{
	IMB_JOB *j;

	while ((j = IMB_FLUSH_JOB(mgr)) != NULL) {
		done++;
		if (j->status != IMB_STATUS_COMPLETED)
			rc = -1;
	}
	return rc == 0 && (size_t)done == n ? 0 : -1;
}

static IMB_JOB *
mb_job(IMB_MGR *mgr, IMB_HASH_ALG alg, const uint8_t *src, size_t len,
    uint8_t *out, size_t outlen)
{
	IMB_JOB *j = IMB_GET_NEXT_JOB(mgr);

	j->cipher_mode = IMB_CIPHER_NULL;
	j->cipher_direction = IMB_DIR_ENCRYPT;
	j->chain_order = IMB_ORDER_HASH_CIPHER;
	j->src = src;
	j->dst = NULL;
	j->cipher_start_src_offset_in_bytes = 0;
	j->msg_len_to_cipher_in_bytes = 0;
	j->hash_alg = alg;
	j->hash_start_src_offset_in_bytes = 0;
	j->msg_len_to_hash_in_bytes = len;
	j->auth_tag_output = out;
	j->auth_tag_output_len_in_bytes = outlen;
	return j;
}

/* Plain SHA1 of each jobs' src (n <= CRYPTO_MB_MAX). */
static int
mb_sha1(IMB_MGR *mgr, const uint8_t *const *src, const size_t *len,
    uint8_t *const *out, size_t n)
{
	size_t i;
	int    done = 0, rc = 0;

	for (i = 0; i < n; i++) {
		mb_job(mgr, IMB_AUTH_SHA_1, src[i], len[i], out[i], 20);
		if (mb_submit(mgr, &done) != 0)
			rc = -1;
	}
	return mb_flush(mgr, done, n, rc);
}

static int
mb_sha1_hmac(struct crypto_mb *m, struct crypto_mb_job *jobs, size_t n)
{
	const uint8_t *src[CRYPTO_MB_MAX] = { NULL };
	size_t	       len[CRYPTO_MB_MAX] = { 0 }, i, need = 0;
	uint8_t	      *out[CRYPTO_MB_MAX] = { NULL };

	for (i = 0; i < n; i++)
		if (64 + jobs[i].len > need)
			need = 64 + jobs[i].len;
	if (need > m->slot) {
		crypto_free_wiped(m->scratch, m->slot * CRYPTO_MB_MAX);
		m->scratch = xmalloc(need * CRYPTO_MB_MAX);
		m->slot = need;
	}
	/* inner = SHA1(K ^ ipad | d), all lanes; then SHA1(K ^ opad | inner) */
	for (i = 0; i < n; i++) {
		uint8_t	      *b = m->scratch + i * m->slot;
		size_t	       kl = jobs[i].keylen;
		const uint8_t *k = hmac_key(m, jobs[i].key, &kl);

		key_pad(b, 64, k, kl, 0x36);
		key_pad(m->obuf[i], 64, k, kl, 0x5c);
		if (jobs[i].len > 0)
			memcpy(b + 64, jobs[i].data, jobs[i].len);
		src[i] = b;
		len[i] = 64 + jobs[i].len;
		out[i] = m->obuf[i] + 64;
	}
	if (mb_sha1(m->mgr, src, len, out, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		src[i] = m->obuf[i];
		len[i] = 64 + 20;
		out[i] = jobs[i].out;
	}
	return mb_sha1(m->mgr, src, len, out, n);
}

static int
mb_md5_hmac(struct crypto_mb *m, struct crypto_mb_job *jobs, size_t n)
{
	size_t i, sub = 0;
	int    done = 0, rc = 0;

	for (i = 0; i < n; i++) {
		size_t	       kl = jobs[i].keylen;
		const uint8_t *k;
		IMB_JOB	      *j;

		if (jobs[i].len == 0) {
			/* the library takes no empty HMAC-MD5 message */
			gc_hmac(m, &jobs[i]);
			continue;
		}
		k = hmac_key(m, jobs[i].key, &kl);
		sub++;
		/* the states after the key pads, then HMAC-MD5 in lanes */
		key_pad(m->pad, 64, k, kl, 0x36);
		IMB_MD5_ONE_BLOCK(m->mgr, m->pad, m->ipad[i]);
		key_pad(m->pad, 64, k, kl, 0x5c);
		IMB_MD5_ONE_BLOCK(m->mgr, m->pad, m->opad[i]);
		j = mb_job(m->mgr, IMB_AUTH_MD5, jobs[i].data, jobs[i].len,
		    jobs[i].out, 16);
		j->u.HMAC._hashed_auth_key_xor_ipad = m->ipad[i];
		j->u.HMAC._hashed_auth_key_xor_opad = m->opad[i];
		if (mb_submit(m->mgr, &done) != 0)
			rc = -1;
	}
	return mb_flush(m->mgr, done, sub, rc);
}
#endif

int
crypto_mb_hmac(struct crypto_mb *m, struct crypto_mb_job *jobs, size_t n)
{
	size_t i;

	if (n > CRYPTO_MB_MAX)
		return -1;
#ifdef HAVE_IPSEC_MB
	if (m->mgr != NULL && n > 0)
		return m->hash == 1 ? mb_md5_hmac(m, jobs, n) :
				      mb_sha1_hmac(m, jobs, n);
#endif
	for (i = 0; i < n; i++)
		gc_hmac(m, &jobs[i]);
	return 0;
}

int
crypto_mb_hash(struct crypto_mb *m, struct crypto_mb_job *jobs, size_t n)
{
	size_t i;

	if (n > CRYPTO_MB_MAX)
		return -1;
#ifdef HAVE_IPSEC_MB
	if (m->mgr != NULL && m->hash == 2 && n > 0) {
		const uint8_t *src[CRYPTO_MB_MAX];
		size_t	       len[CRYPTO_MB_MAX];
		uint8_t	      *out[CRYPTO_MB_MAX];

		for (i = 0; i < n; i++) {
			src[i] = jobs[i].data;
			len[i] = jobs[i].len;
			out[i] = jobs[i].out;
		}
		return mb_sha1(m->mgr, src, len, out, n);
	}
#endif
	for (i = 0; i < n; i++)
		gc_hash2(m, jobs[i].data, jobs[i].len, NULL, 0, jobs[i].out);
	return 0;
}
