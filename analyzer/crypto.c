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

/* A heap copy wiped before free; NULL-safe. */
static void
free_wiped(void *p, size_t n)
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
	unsigned int round;
	int	     rc = -1;

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
	for (round = 1; done < outlen; round++) {
		/* buf = Tn-1 | S | n, Tn-1 empty in round 1 */
		if (seedlen > 0)
			memcpy(buf + tlen, seed, seedlen);
		buf[tlen + seedlen] = (uint8_t)round;
		if (crypto_prf(prf, key, keylen, buf, tlen + seedlen + 1,
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
	free_wiped(buf, buflen);
	free_wiped(res, outlen);
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

/*
 * ICV = the first icvlen bytes of MAC(K, data): HMAC-MD5-96 (RFC 2403),
 * HMAC-SHA1-96 (RFC 2404), AES-XCBC-MAC-96 (RFC 3566), HMAC-MD5-128 /
 * HMAC-SHA1-160 (RFC 4595), AES-CMAC-96 (RFC 4494), HMAC-SHA2-256-128 /
 * 384-192 / 512-256 (RFC 4868).  The key is exactly the table's length.
 */
int
crypto_integ(uint16_t integ, const uint8_t *key, size_t keylen,
    const uint8_t *data, size_t len, uint8_t *icv, size_t icvlen)
{
	const struct algo *a = algo_find(ALGO_INTEG, integ);
	uint8_t		   full[AES_BLOCK];
	int		   algo, rc;

	if (a == NULL || keylen < a->key_min || keylen > a->key_max ||
	    icvlen != a->icv)
		return -1;
	switch (integ) {
	case 1:
	case 6:
		algo = GCRY_MAC_HMAC_MD5;
		break;
	case 2:
	case 7:
		algo = GCRY_MAC_HMAC_SHA1;
		break;
	case 8:
		algo = GCRY_MAC_CMAC_AES;
		break;
	case 12:
		algo = GCRY_MAC_HMAC_SHA256;
		break;
	case 13:
		algo = GCRY_MAC_HMAC_SHA384;
		break;
	case 14:
		algo = GCRY_MAC_HMAC_SHA512;
		break;
	case 5:
		if (icvlen > sizeof(full))
			return -1;
		rc = aes_xcbc(key, data, len, full);
		if (rc == 0)
			memcpy(icv, full, icvlen);
		crypto_wipe(full, sizeof(full));
		return rc;
	default:
		return -1;
	}
	return mac(algo, key, keylen, data, len, icv, icvlen);
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

/* Open and key a cipher; DES weak keys are accepted (we only read). */
static int
cipher_open(gcry_cipher_hd_t *h, int algo, int mode, const uint8_t *key,
    size_t keylen)
{
	gcry_error_t err;

	if (algo == 0 || crypto_init() == -1)
		return -1;
	if (gcry_cipher_open(h, algo, mode, 0) != 0)
		return -1;
	err = gcry_cipher_setkey(*h, key, keylen);
	if (err != 0 && gcry_err_code(err) != GPG_ERR_WEAK_KEY) {
		gcry_cipher_close(*h);
		return -1;
	}
	return 0;
}

/*
 * CBC (RFC 2405, 2451, 3602, 5529): P[i] = D(K, C[i]) ^ C[i-1], C[0] = IV.
 * CTR (RFC 3686, 5529): key = K | nonce; counter block =
 * nonce(4) | IV(8) | 0x00000001, incremented per block.
 */
int
crypto_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *in, size_t len,
    uint8_t *out)
{
	const struct algo *a = algo_find(ALGO_ENCR, encr);
	gcry_cipher_hd_t   h;
	uint8_t		   ctr[AES_BLOCK], k[16];
	const uint8_t	  *kp = key;
	size_t		   klen;
	int		   algo = 0, mode = GCRY_CIPHER_MODE_CBC, rc = -1;

	if (a == NULL || a->aead || keylen < a->salt || ivlen != a->iv)
		return -1;
	klen = keylen - a->salt;
	if (klen < a->key_min || klen > a->key_max)
		return -1;
	if (a->block > 1 && len % a->block != 0)
		return -1;
	switch (encr) {
	case 11: /* NULL (RFC 2410) */
		if (len > 0)
			memmove(out, in, len);
		return 0;
	case 2:
		algo = GCRY_CIPHER_DES;
		break;
	case 3:
		algo = GCRY_CIPHER_3DES;
		break;
	case 6:
		/*
		 * CAST-128 keys under 128 bits are zero-padded (RFC 2144
		 * 2.5); up to 80 bits they also use 12 rounds, which
		 * libgcrypt does not do.
		 */
		if (klen <= 10)
			return -1;
		memset(k, 0, sizeof(k));
		memcpy(k, key, klen);
		kp = k;
		klen = sizeof(k);
		algo = GCRY_CIPHER_CAST5;
		break;
	case 7:
		algo = GCRY_CIPHER_BLOWFISH;
		break;
	case 12:
		algo = keyed_cipher(0, klen);
		break;
	case 23:
		algo = keyed_cipher(1, klen);
		break;
	case 13:
		algo = keyed_cipher(0, klen);
		mode = GCRY_CIPHER_MODE_CTR;
		break;
	case 24:
		algo = keyed_cipher(1, klen);
		mode = GCRY_CIPHER_MODE_CTR;
		break;
	default:
		return -1;
	}
	if (cipher_open(&h, algo, mode, kp, klen) == -1) {
		crypto_wipe(k, sizeof(k));
		return -1;
	}
	crypto_wipe(k, sizeof(k));
	if (mode == GCRY_CIPHER_MODE_CTR) {
		if (a->salt + ivlen + 4 != sizeof(ctr))
			goto out;
		memcpy(ctr, key + klen, a->salt);
		memcpy(ctr + a->salt, iv, ivlen);
		memset(ctr + a->salt + ivlen, 0, 4);
		ctr[sizeof(ctr) - 1] = 1;
		if (gcry_cipher_setctr(h, ctr, sizeof(ctr)) != 0)
			goto out;
	} else if (gcry_cipher_setiv(h, iv, ivlen) != 0)
		goto out;
	if (len == 0 || gcry_cipher_decrypt(h, out, len, in, len) == 0)
		rc = 0;
out:
	gcry_cipher_close(h);
	crypto_wipe(ctr, sizeof(ctr));
	return rc;
}

/*
 * AEAD open.  Nonce = salt | IV, the salt being the key's tail:
 * AES-GCM (RFC 4106, 5282): 4 + 8 bytes, tag 8/12/16.
 * AES-GMAC (RFC 4543): GCM with no plaintext; aad | in is authenticated
 * (the caller puts SPI | Seq | IV in aad) and in is copied to out.
 * AES/Camellia-CCM (RFC 4309, 5282, 5529): 3 + 8 bytes, tag 8/12/16.
 * ChaCha20-Poly1305 (RFC 7634): 4 + 8 bytes, tag 16.
 * The plaintext is held in a scratch buffer until the tag verifies.
 */
int
crypto_aead_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	const struct algo *a = algo_find(ALGO_ENCR, encr);
	gcry_cipher_hd_t   h;
	uint8_t		   nonce[16], *tmp = NULL, *auth = NULL;
	uint64_t	   ccm[3];
	size_t		   klen, authlen = 0;
	int		   algo, mode, rc = -1;

	if (a == NULL || !a->aead || keylen < a->salt || ivlen != a->iv ||
	    taglen != a->icv || a->salt + ivlen > sizeof(nonce))
		return -1;
	klen = keylen - a->salt;
	if (klen < a->key_min || klen > a->key_max)
		return -1;
	switch (encr) {
	case 14:
	case 15:
	case 16:
		algo = keyed_cipher(0, klen);
		mode = GCRY_CIPHER_MODE_CCM;
		break;
	case 25:
	case 26:
	case 27:
		algo = keyed_cipher(1, klen);
		mode = GCRY_CIPHER_MODE_CCM;
		break;
	case 18:
	case 19:
	case 20:
	case 21:
		algo = keyed_cipher(0, klen);
		mode = GCRY_CIPHER_MODE_GCM;
		break;
	case 28:
		algo = GCRY_CIPHER_CHACHA20;
		mode = GCRY_CIPHER_MODE_POLY1305;
		break;
	default:
		return -1;
	}
	if (encr == 21) {
		/* GMAC: everything is additional data. */
		if (aadlen > SIZE_MAX - len)
			return -1;
		authlen = aadlen + len;
		if ((auth = malloc(authlen > 0 ? authlen : 1)) == NULL)
			return -1;
		if (aadlen > 0)
			memcpy(auth, aad, aadlen);
		if (len > 0)
			memcpy(auth + aadlen, in, len);
	}
	if ((tmp = malloc(len > 0 ? len : 1)) == NULL) {
		free(auth);
		return -1;
	}
	if (cipher_open(&h, algo, mode, key, klen) == -1) {
		free(auth);
		free(tmp);
		return -1;
	}
	memcpy(nonce, key + klen, a->salt);
	memcpy(nonce + a->salt, iv, ivlen);
	if (gcry_cipher_setiv(h, nonce, a->salt + ivlen) != 0)
		goto out;
	if (mode == GCRY_CIPHER_MODE_CCM) {
		ccm[0] = len;
		ccm[1] = aadlen;
		ccm[2] = taglen;
		if (gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, ccm,
			sizeof(ccm)) != 0)
			goto out;
	}
	if (encr == 21) {
		if (gcry_cipher_authenticate(h, auth, authlen) != 0)
			goto out;
		if (len > 0)
			memcpy(tmp, in, len);
	} else {
		if (gcry_cipher_authenticate(h, aad, aadlen) != 0)
			goto out;
		if (gcry_cipher_final(h) != 0 ||
		    gcry_cipher_decrypt(h, tmp, len, in, len) != 0)
			goto out;
	}
	if (gcry_cipher_checktag(h, tag, taglen) != 0)
		goto out;
	if (len > 0)
		memmove(out, tmp, len);
	rc = 0;
out:
	gcry_cipher_close(h);
	crypto_wipe(nonce, sizeof(nonce));
	free_wiped(tmp, len > 0 ? len : 1);
	if (auth != NULL)
		free(auth);
	return rc;
}
