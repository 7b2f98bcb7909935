/*
 * crypto.c - PRFs, prf+, hashes, integrity, block ciphers and AEAD over
 * libgcrypt (RFC 7296 2.13, 3.3.2; RFC 2104, 2409, 3566, 3602, 3686,
 * 4106, 4309, 4434, 4493, 4494, 4543, 4615, 4868, 5282, 5529, 7634).
 *
 * Lengths (key, salt, IV, ICV) come from the algorithm table (algo.h);
 * this file only adds the libgcrypt algorithm and mode for each
 * transform ID.  AES-XCBC (RFC 3566) is not in libgcrypt and is built
 * here from AES-ECB.  Diffie-Hellman lives in crypto_dh.c.
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "algo.h"
#include "crypto.h"

#define AES_BLOCK   16
#define PRFPLUS_MAX 255 /* RFC 7296 2.13: the counter is one octet */

static int crypto_ready;

int
crypto_init(void)
{
	if (crypto_ready)
		return 0;
	if (gcry_check_version(GCRYPT_VERSION) == NULL)
		return -1;
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	crypto_ready = 1;
	return 0;
}

void
crypto_wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n-- > 0)
		*v++ = 0;
}

void
crypto_free_wiped(void *p, size_t n)
{
	if (p == NULL)
		return;
	crypto_wipe(p, n);
	free(p);
}

/* IKEv1 hash algorithm number (RFC 2409 appendix A) to libgcrypt. */
static int
v1_md(uint16_t v1_hash)
{
	switch (v1_hash) {
	case 1:
		return GCRY_MD_MD5;
	case 2:
		return GCRY_MD_SHA1;
	case 4:
		return GCRY_MD_SHA256;
	case 5:
		return GCRY_MD_SHA384;
	case 6:
		return GCRY_MD_SHA512;
	}
	return 0;
}

int
crypto_md_algo(uint16_t v1_hash)
{
	return v1_md(v1_hash);
}

static int
md_to_hmac(int md)
{
	switch (md) {
	case GCRY_MD_MD5:
		return GCRY_MAC_HMAC_MD5;
	case GCRY_MD_SHA1:
		return GCRY_MAC_HMAC_SHA1;
	case GCRY_MD_SHA256:
		return GCRY_MAC_HMAC_SHA256;
	case GCRY_MD_SHA384:
		return GCRY_MAC_HMAC_SHA384;
	case GCRY_MD_SHA512:
		return GCRY_MAC_HMAC_SHA512;
	}
	return 0;
}

/* HMAC or CMAC through gcry_mac; out gets outlen (<= full) bytes. */
static int
mac(int algo, const uint8_t *key, size_t keylen, const uint8_t *data,
    size_t len, uint8_t *out, size_t outlen)
{
	gcry_mac_hd_t h;
	uint8_t	      full[64];
	size_t	      n;
	int	      rc = -1;

	if (crypto_init() == -1)
		return -1;
	n = gcry_mac_get_algo_maclen(algo);
	if (n == 0 || n > sizeof(full) || outlen > n)
		return -1;
	if (gcry_mac_open(&h, algo, 0, NULL) != 0)
		return -1;
	if (gcry_mac_setkey(h, key, keylen) == 0 &&
	    gcry_mac_write(h, data, len) == 0 &&
	    gcry_mac_read(h, full, &n) == 0 && n >= outlen) {
		memcpy(out, full, outlen);
		rc = 0;
	}
	gcry_mac_close(h);
	crypto_wipe(full, sizeof(full));
	return rc;
}

/* One AES-128 block: out = E(K, in). */
static int
aes_ecb(const uint8_t key[AES_BLOCK], const uint8_t in[AES_BLOCK],
    uint8_t out[AES_BLOCK])
{
	gcry_cipher_hd_t h;
	int		 rc = -1;

	if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) !=
	    0)
		return -1;
	if (gcry_cipher_setkey(h, key, AES_BLOCK) == 0 &&
	    gcry_cipher_encrypt(h, out, AES_BLOCK, in, AES_BLOCK) == 0)
		rc = 0;
	gcry_cipher_close(h);
	return rc;
}

/*
 * AES-XCBC-MAC (RFC 3566 2.3):
 * K1 = E(K, 0x01^16), K2 = E(K, 0x02^16), K3 = E(K, 0x03^16);
 * E[0] = 0, E[i] = E(K1, M[i] ^ E[i-1]) for all blocks but the last;
 * last block complete: E[n] = E(K1, M[n] ^ E[n-1] ^ K2);
 * otherwise M[n] is padded with 0x80 0x00... and K3 replaces K2.
 * out gets the full 16 bytes.
 */
static int
aes_xcbc(const uint8_t key[AES_BLOCK], const uint8_t *data, size_t len,
    uint8_t out[AES_BLOCK])
{
	gcry_cipher_hd_t h = NULL;
	uint8_t		 k1[AES_BLOCK], k2[AES_BLOCK], k3[AES_BLOCK];
	uint8_t		 c[AES_BLOCK], e[AES_BLOCK], blk[AES_BLOCK];
	size_t		 i, off = 0, last;
	int		 rc = -1;

	if (crypto_init() == -1)
		return -1;
	memset(c, 0x01, sizeof(c));
	if (aes_ecb(key, c, k1) == -1)
		goto out;
	memset(c, 0x02, sizeof(c));
	if (aes_ecb(key, c, k2) == -1)
		goto out;
	memset(c, 0x03, sizeof(c));
	if (aes_ecb(key, c, k3) == -1)
		goto out;
	if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) !=
		0 ||
	    gcry_cipher_setkey(h, k1, AES_BLOCK) != 0)
		goto out;
	memset(e, 0, sizeof(e));
	/* The last block is the final 1..16 bytes (a padded empty one). */
	while (len - off > AES_BLOCK) {
		for (i = 0; i < AES_BLOCK; i++)
			blk[i] = data[off + i] ^ e[i];
		if (gcry_cipher_encrypt(h, e, AES_BLOCK, blk, AES_BLOCK) != 0)
			goto out;
		off += AES_BLOCK;
	}
	last = len - off;
	memset(blk, 0, sizeof(blk));
	if (last > 0)
		memcpy(blk, data + off, last);
	if (last == AES_BLOCK) {
		for (i = 0; i < AES_BLOCK; i++)
			blk[i] ^= e[i] ^ k2[i];
	} else {
		blk[last] = 0x80;
		for (i = 0; i < AES_BLOCK; i++)
			blk[i] ^= e[i] ^ k3[i];
	}
	if (gcry_cipher_encrypt(h, e, AES_BLOCK, blk, AES_BLOCK) != 0)
		goto out;
	memcpy(out, e, AES_BLOCK);
	rc = 0;
out:
	if (h != NULL)
		gcry_cipher_close(h);
	crypto_wipe(k1, sizeof(k1));
	crypto_wipe(k2, sizeof(k2));
	crypto_wipe(k3, sizeof(k3));
	crypto_wipe(e, sizeof(e));
	crypto_wipe(blk, sizeof(blk));
	return rc;
}

static const uint8_t zero_key[AES_BLOCK];

/*
 * PRF-AES128-XCBC key (RFC 4434 2): 16 bytes as is; shorter padded
 * with zeros; longer K = AES-XCBC-MAC(0^16, key).
 */
static int
xcbc_prf_key(const uint8_t *key, size_t keylen, uint8_t k[AES_BLOCK])
{
	if (keylen == AES_BLOCK) {
		memcpy(k, key, AES_BLOCK);
		return 0;
	}
	if (keylen < AES_BLOCK) {
		memset(k, 0, AES_BLOCK);
		if (keylen > 0)
			memcpy(k, key, keylen);
		return 0;
	}
	return aes_xcbc(zero_key, key, keylen, k);
}

/*
 * PRF-AES128-CMAC key (RFC 4615 3): 16 bytes as is; otherwise
 * K = AES-CMAC(0^16, key).
 */
static int
cmac_prf_key(const uint8_t *key, size_t keylen, uint8_t k[AES_BLOCK])
{
	if (keylen == AES_BLOCK) {
		memcpy(k, key, AES_BLOCK);
		return 0;
	}
	return mac(GCRY_MAC_CMAC_AES, zero_key, AES_BLOCK, key, keylen, k,
	    AES_BLOCK);
}

/* IKEv2 PRF transform ID (RFC 7296 3.3.2) to the HMAC hash, or 0. */
static int
prf_md(uint16_t prf)
{
	switch (prf) {
	case 1:
		return GCRY_MD_MD5;
	case 2:
		return GCRY_MD_SHA1;
	case 5:
		return GCRY_MD_SHA256;
	case 6:
		return GCRY_MD_SHA384;
	case 7:
		return GCRY_MD_SHA512;
	}
	return 0;
}

size_t
crypto_prf_len(uint16_t prf)
{
	const struct algo *a = algo_find(ALGO_PRF, prf);

	if (a == NULL || (prf_md(prf) == 0 && prf != 4 && prf != 8))
		return 0;
	return a->icv;
}

/*
 * prf(K, S): HMAC-H(K, S) (RFC 2104) with any key length;
 * AES-XCBC-PRF-128(K', S) (RFC 4434); AES-CMAC-PRF-128(K', S) (RFC 4615).
 */
int
crypto_prf(uint16_t prf, const uint8_t *key, size_t keylen, const uint8_t *data,
    size_t len, uint8_t *out)
{
	uint8_t k[AES_BLOCK];
	size_t	n = crypto_prf_len(prf);
	int	md, rc = -1;

	if (n == 0)
		return -1;
	if ((md = prf_md(prf)) != 0)
		return mac(md_to_hmac(md), key, keylen, data, len, out, n);
	if (crypto_init() == -1)
		return -1;
	if (prf == 4) {
		if (xcbc_prf_key(key, keylen, k) == 0)
			rc = aes_xcbc(k, data, len, out);
	} else {
		if (cmac_prf_key(key, keylen, k) == 0)
			rc = mac(GCRY_MAC_CMAC_AES, k, AES_BLOCK, data, len,
			    out, AES_BLOCK);
	}
	crypto_wipe(k, sizeof(k));
	return rc;
}

/*
 * prf+ (RFC 7296 2.13):
 * prf+(K, S) = T1 | T2 | T3 | ...
 * T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), n <= 255.
 */
int
crypto_prf_plus(uint16_t prf, const uint8_t *key, size_t keylen,
    const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen)
{
	uint8_t *buf = NULL, *res = NULL;
	size_t	 n = crypto_prf_len(prf), buflen = 0, done = 0, take, tlen = 0;
	unsigned int  round;
	int	      rc = -1, md;
	gcry_mac_hd_t h = NULL;

	if (n == 0 || (seed == NULL && seedlen > 0))
		return -1;
	if (outlen == 0)
		return 0;
	if ((outlen + n - 1) / n > PRFPLUS_MAX)
		return -1;
	if (seedlen > SIZE_MAX - n - 1)
		return -1;
	buflen = n + seedlen + 1;
	if ((buf = malloc(buflen)) == NULL || (res = malloc(outlen)) == NULL)
		goto out;
	/* HMAC PRFs: keyed once, reset for each round (it keeps the key). */
	if ((md = prf_md(prf)) != 0) {
		if (crypto_init() == -1 ||
		    gcry_mac_open(&h, md_to_hmac(md), 0, NULL) != 0)
			goto out;
		if (gcry_mac_setkey(h, key, keylen) != 0)
			goto out;
	}
	for (round = 1; done < outlen; round++) {
		/* buf = Tn-1 | S | n, Tn-1 empty in round 1 */
		if (seedlen > 0)
			memcpy(buf + tlen, seed, seedlen);
		buf[tlen + seedlen] = (uint8_t)round;
		if (h != NULL) {
			size_t got = n;

			if (gcry_mac_reset(h) != 0 ||
			    gcry_mac_write(h, buf, tlen + seedlen + 1) != 0 ||
			    gcry_mac_read(h, buf, &got) != 0 || got != n)
				goto out;
		} else if (crypto_prf(prf, key, keylen, buf, tlen + seedlen + 1,
			       buf) == -1)
			goto out;
		tlen = n;
		take = outlen - done < n ? outlen - done : n;
		memcpy(res + done, buf, take);
		done += take;
	}
	memcpy(out, res, outlen);
	rc = 0;
out:
	if (h != NULL)
		gcry_mac_close(h);
	crypto_free_wiped(buf, buflen);
	crypto_free_wiped(res, outlen);
	return rc;
}

size_t
crypto_hash_len(uint16_t v1_hash)
{
	int md = v1_md(v1_hash);

	return md == 0 ? 0 : gcry_md_get_algo_dlen(md);
}

/* H(data) for an IKEv1 hash algorithm (RFC 2409 appendix A). */
int
crypto_hash(uint16_t v1_hash, const uint8_t *data, size_t len, uint8_t *out)
{
	int md = v1_md(v1_hash);

	if (md == 0 || crypto_init() == -1)
		return -1;
	gcry_md_hash_buffer(md, out, data, len);
	return 0;
}

/* HMAC-H(K, data) (RFC 2104), the IKEv1 prf when none is negotiated. */
int
crypto_hmac(uint16_t v1_hash, const uint8_t *key, size_t keylen,
    const uint8_t *data, size_t len, uint8_t *out)
{
	int md = v1_md(v1_hash);

	if (md == 0)
		return -1;
	return mac(md_to_hmac(md), key, keylen, data, len, out,
	    gcry_md_get_algo_dlen(md));
}

/* The gcry_mac algorithm of an INTEG transform; 0 for XCBC or unknown. */
static int
integ_mac_algo(uint16_t integ)
{
	switch (integ) {
	case 1:
	case 6:
		return GCRY_MAC_HMAC_MD5;
	case 2:
	case 7:
		return GCRY_MAC_HMAC_SHA1;
	case 8:
		return GCRY_MAC_CMAC_AES;
	case 12:
	case 1026:
		return GCRY_MAC_HMAC_SHA256;
	case 13:
		return GCRY_MAC_HMAC_SHA384;
	case 14:
		return GCRY_MAC_HMAC_SHA512;
	}
	return 0;
}

struct crypto_mac {
	const struct algo *a;
	gcry_mac_hd_t	   h;		    /* HMAC and CMAC */
	uint8_t		   xcbc[AES_BLOCK]; /* AES-XCBC key (integ 5) */
	int		   is_xcbc;
};

struct crypto_mac *
crypto_mac_new(uint16_t integ, const uint8_t *key, size_t keylen)
{
	const struct algo *a = algo_find(ALGO_INTEG, integ);
	struct crypto_mac *m;
	int		   algo = integ_mac_algo(integ);

	if (a == NULL || a->icv == 0 || keylen < a->key_min ||
	    keylen > a->key_max || crypto_init() == -1)
		return NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->a = a;
	if (integ == 5 && keylen == AES_BLOCK) {
		m->is_xcbc = 1;
		memcpy(m->xcbc, key, AES_BLOCK);
		return m;
	}
	if (algo == 0 || gcry_mac_get_algo_maclen(algo) < a->icv ||
	    gcry_mac_open(&m->h, algo, 0, NULL) != 0) {
		free(m);
		return NULL;
	}
	if (gcry_mac_setkey(m->h, key, keylen) != 0) {
		gcry_mac_close(m->h);
		free(m);
		return NULL;
	}
	return m;
}

void
crypto_mac_free(struct crypto_mac *m)
{
	if (m == NULL)
		return;
	if (!m->is_xcbc)
		gcry_mac_close(m->h);
	crypto_wipe(m->xcbc, sizeof(m->xcbc));
	free(m);
}

int
crypto_mac_icv(struct crypto_mac *m, const uint8_t *d1, size_t l1,
    const uint8_t *d2, size_t l2, uint8_t *icv, size_t icvlen)
{
	uint8_t full[64], *cat;
	size_t	n = sizeof(full);
	int	rc = -1;

	if (m == NULL || icvlen != m->a->icv)
		return -1;
	if (m->is_xcbc) {
		if (l2 == 0)
			rc = aes_xcbc(m->xcbc, d1, l1, full);
		else {
			if (l1 > SIZE_MAX - l2 ||
			    (cat = malloc(l1 + l2)) == NULL)
				return -1;
			if (l1 > 0)
				memcpy(cat, d1, l1);
			memcpy(cat + l1, d2, l2);
			rc = aes_xcbc(m->xcbc, cat, l1 + l2, full);
			free(cat);
		}
	} else if (gcry_mac_reset(m->h) == 0 &&
	    (l1 == 0 || gcry_mac_write(m->h, d1, l1) == 0) &&
	    (l2 == 0 || gcry_mac_write(m->h, d2, l2) == 0) &&
	    gcry_mac_read(m->h, full, &n) == 0 && n >= icvlen)
		rc = 0;
	if (rc == 0)
		memcpy(icv, full, icvlen);
	crypto_wipe(full, sizeof(full));
	return rc;
}

/*
 * ICV = the first icvlen bytes of MAC(K, data): HMAC-MD5-96 (RFC 2403),
 * HMAC-SHA1-96 (RFC 2404), AES-XCBC-MAC-96 (RFC 3566), HMAC-MD5-128 /
 * HMAC-SHA1-160 (RFC 4595), AES-CMAC-96 (RFC 4494), HMAC-SHA2-256-128 /
 * 384-192 / 512-256 (RFC 4868), and the pre-standard HMAC-SHA2-256-96 of
 * older Linux kernels.  The key is exactly the table's length.
 */
int
crypto_integ(uint16_t integ, const uint8_t *key, size_t keylen,
    const uint8_t *data, size_t len, uint8_t *icv, size_t icvlen)
{
	struct crypto_mac *m = crypto_mac_new(integ, key, keylen);
	int rc = crypto_mac_icv(m, data, len, NULL, 0, icv, icvlen);

	crypto_mac_free(m);
	return rc;
}

/* libgcrypt AES or Camellia by key length, or 0. */
static int
keyed_cipher(int camellia, size_t keylen)
{
	switch (keylen) {
	case 16:
		return camellia ? GCRY_CIPHER_CAMELLIA128 : GCRY_CIPHER_AES128;
	case 24:
		return camellia ? GCRY_CIPHER_CAMELLIA192 : GCRY_CIPHER_AES192;
	case 32:
		return camellia ? GCRY_CIPHER_CAMELLIA256 : GCRY_CIPHER_AES256;
	}
	return 0;
}

/*
 * The libgcrypt algorithm and mode of an ENCR transform for a key of klen
 * bytes (salt excluded); 0 when there is none.
 */
static int
encr_cipher(uint16_t encr, size_t klen, int *mode)
{
	*mode = GCRY_CIPHER_MODE_CBC;
	switch (encr) {
	case 2:
		return GCRY_CIPHER_DES;
	case 3:
		return GCRY_CIPHER_3DES;
	case 6:
		return GCRY_CIPHER_CAST5;
	case 7:
		return GCRY_CIPHER_BLOWFISH;
	case 12:
		return keyed_cipher(0, klen);
	case 23:
		return keyed_cipher(1, klen);
	case 1027: /* Twofish-CBC (strongSwan's private ID) */
		return klen == 16 ? GCRY_CIPHER_TWOFISH128 :
		    klen == 32	  ? GCRY_CIPHER_TWOFISH :
				    0;
	case 13:
		*mode = GCRY_CIPHER_MODE_CTR;
		return keyed_cipher(0, klen);
	case 24:
		*mode = GCRY_CIPHER_MODE_CTR;
		return keyed_cipher(1, klen);
	case 14:
	case 15:
	case 16:
		*mode = GCRY_CIPHER_MODE_CCM;
		return keyed_cipher(0, klen);
	case 25:
	case 26:
	case 27:
		*mode = GCRY_CIPHER_MODE_CCM;
		return keyed_cipher(1, klen);
	case 18:
	case 19:
	case 20:
	case 21:
		*mode = GCRY_CIPHER_MODE_GCM;
		return keyed_cipher(0, klen);
	case 28:
		*mode = GCRY_CIPHER_MODE_POLY1305;
		return GCRY_CIPHER_CHACHA20;
	}
	return 0;
}

struct crypto_cipher {
	const struct algo *a;
	uint16_t	   encr;
	int		   mode;
	int		   null; /* ENCR_NULL: no handle */
	gcry_cipher_hd_t   h;
	uint8_t		   salt[4];
};

/*
 * CBC (RFC 2405, 2451, 3602, 5529): P[i] = D(K, C[i]) ^ C[i-1], C[0] = IV.
 * CTR (RFC 3686, 5529): key = K | nonce; counter block =
 * nonce(4) | IV(8) | 0x00000001, incremented per block.
 * AEAD: key = K | salt; nonce = salt | IV.  DES weak keys are accepted
 * (we only read).
 */
struct crypto_cipher *
crypto_cipher_new(uint16_t encr, const uint8_t *key, size_t keylen)
{
	const struct algo    *a = algo_find(ALGO_ENCR, encr);
	struct crypto_cipher *c;
	const uint8_t	     *kp = key;
	uint8_t		      k[16];
	size_t		      klen;
	gcry_error_t	      err;
	int		      algo, mode;

	if (a == NULL || keylen < a->salt || a->salt > sizeof(c->salt) ||
	    crypto_init() == -1)
		return NULL;
	klen = keylen - a->salt;
	if (klen < a->key_min || klen > a->key_max)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->a = a;
	c->encr = encr;
	if (encr == 11) { /* NULL (RFC 2410) */
		c->null = 1;
		return c;
	}
	if (encr == 6) {
		/*
		 * CAST-128 keys under 128 bits are zero-padded (RFC 2144
		 * 2.5); up to 80 bits they also use 12 rounds, which
		 * libgcrypt does not do.
		 */
		if (klen <= 10)
			goto fail;
		memset(k, 0, sizeof(k));
		memcpy(k, key, klen);
		kp = k;
		klen = sizeof(k);
	}
	if ((algo = encr_cipher(encr, klen, &mode)) == 0 ||
	    gcry_cipher_open(&c->h, algo, mode, 0) != 0)
		goto fail;
	err = gcry_cipher_setkey(c->h, kp, klen);
	if (err != 0 && gcry_err_code(err) != GPG_ERR_WEAK_KEY) {
		gcry_cipher_close(c->h);
		goto fail;
	}
	crypto_wipe(k, sizeof(k));
	c->mode = mode;
	memcpy(c->salt, key + (keylen - a->salt), a->salt);
	return c;
fail:
	crypto_wipe(k, sizeof(k));
	free(c);
	return NULL;
}

void
crypto_cipher_free(struct crypto_cipher *c)
{
	if (c == NULL)
		return;
	if (!c->null)
		gcry_cipher_close(c->h);
	crypto_wipe(c->salt, sizeof(c->salt));
	free(c);
}

int
crypto_cipher_decrypt(struct crypto_cipher *c, const uint8_t *iv, size_t ivlen,
    const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t ctr[AES_BLOCK];
	int	rc = -1;

	if (c == NULL || c->a->aead || ivlen != c->a->iv ||
	    (c->a->block > 1 && len % c->a->block != 0))
		return -1;
	if (c->null) {
		if (len > 0 && out != in)
			memmove(out, in, len);
		return 0;
	}
	if (gcry_cipher_reset(c->h) != 0)
		return -1;
	if (c->mode == GCRY_CIPHER_MODE_CTR) {
		if (c->a->salt + ivlen + 4 != sizeof(ctr))
			return -1;
		memcpy(ctr, c->salt, c->a->salt);
		memcpy(ctr + c->a->salt, iv, ivlen);
		memset(ctr + c->a->salt + ivlen, 0, 4);
		ctr[sizeof(ctr) - 1] = 1;
		if (gcry_cipher_setctr(c->h, ctr, sizeof(ctr)) != 0)
			goto out;
	} else if (gcry_cipher_setiv(c->h, iv, ivlen) != 0)
		goto out;
	if (len == 0 || gcry_cipher_decrypt(c->h, out, len, in, len) == 0)
		rc = 0;
out:
	crypto_wipe(ctr, sizeof(ctr));
	return rc;
}

/*
 * Decrypt (GMAC: copy) and check the tag: -1 when nothing could be
 * decrypted, else 0 with *tag_ok saying whether the tag verified.
 */
static int
cipher_open(struct crypto_cipher *c, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out, int *tag_ok)
{
	uint8_t	 nonce[16], *auth = NULL;
	uint64_t ccm[3];
	size_t	 authlen;
	int	 rc = -1;

	if (c == NULL || !c->a->aead || ivlen != c->a->iv ||
	    taglen != c->a->icv || c->a->salt + ivlen > sizeof(nonce))
		return -1;
	if (gcry_cipher_reset(c->h) != 0)
		return -1;
	memcpy(nonce, c->salt, c->a->salt);
	memcpy(nonce + c->a->salt, iv, ivlen);
	if (gcry_cipher_setiv(c->h, nonce, c->a->salt + ivlen) != 0)
		goto out;
	if (c->mode == GCRY_CIPHER_MODE_CCM) {
		ccm[0] = len;
		ccm[1] = aadlen;
		ccm[2] = taglen;
		if (gcry_cipher_ctl(c->h, GCRYCTL_SET_CCM_LENGTHS, ccm,
			sizeof(ccm)) != 0)
			goto out;
	}
	if (c->encr == 21) {
		/* GMAC (RFC 4543): everything is additional data. */
		if (aadlen > SIZE_MAX - len)
			goto out;
		authlen = aadlen + len;
		if ((auth = malloc(authlen > 0 ? authlen : 1)) == NULL)
			goto out;
		if (aadlen > 0)
			memcpy(auth, aad, aadlen);
		if (len > 0)
			memcpy(auth + aadlen, in, len);
		if (gcry_cipher_authenticate(c->h, auth, authlen) != 0)
			goto out;
		if (len > 0 && out != in)
			memmove(out, in, len);
	} else {
		if (gcry_cipher_authenticate(c->h, aad, aadlen) != 0)
			goto out;
		if (gcry_cipher_final(c->h) != 0 ||
		    gcry_cipher_decrypt(c->h, out, len, in, len) != 0)
			goto out;
	}
	*tag_ok = gcry_cipher_checktag(c->h, tag, taglen) == 0;
	rc = 0;
out:
	crypto_wipe(nonce, sizeof(nonce));
	free(auth);
	return rc;
}

int
crypto_cipher_open(struct crypto_cipher *c, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out)
{
	int ok = 0;

	if (cipher_open(c, iv, ivlen, aad, aadlen, in, len, tag, taglen, out,
		&ok) != 0 ||
	    !ok)
		return -1;
	return 0;
}

int
crypto_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *in, size_t len,
    uint8_t *out)
{
	struct crypto_cipher *c = crypto_cipher_new(encr, key, keylen);
	int rc = crypto_cipher_decrypt(c, iv, ivlen, in, len, out);

	crypto_cipher_free(c);
	return rc;
}

int
crypto_aead_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	struct crypto_cipher *c = crypto_cipher_new(encr, key, keylen);
	uint8_t		     *tmp;
	int		      rc = -1;

	if (c == NULL)
		return -1;
	/* out is written only when the tag verifies. */
	if ((tmp = malloc(len > 0 ? len : 1)) != NULL &&
	    crypto_cipher_open(c, iv, ivlen, aad, aadlen, in, len, tag, taglen,
		tmp) == 0) {
		if (len > 0)
			memmove(out, tmp, len);
		rc = 0;
	}
	crypto_free_wiped(tmp, len > 0 ? len : 1);
	crypto_cipher_free(c);
	return rc;
}

int
crypto_aead_decrypt_unverified(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	struct crypto_cipher *c = crypto_cipher_new(encr, key, keylen);
	int		      ok = 0, rc = -1;

	if (c == NULL)
		return -1;
	if (cipher_open(c, iv, ivlen, aad, aadlen, in, len, tag, taglen, out,
		&ok) == 0)
		rc = ok ? 0 : 1;
	crypto_cipher_free(c);
	return rc;
}
