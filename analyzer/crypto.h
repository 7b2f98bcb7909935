/*
 * crypto.h - the analyzer's only door to libgcrypt: PRFs and prf+, block
 * ciphers, AEAD, and Diffie-Hellman.  <gcrypt.h> is included by
 * crypto.c, crypto_dh.c, crypto_pk.c and crypto_mb.c (crypto_mb.h: many
 * HMACs at once) and nowhere else.
 *
 * Conventions: every function returns 0 on success and -1 on failure
 * (unknown algorithm, wrong key or buffer length, a libgcrypt error, or
 * for AEAD an ICV that does not verify); outputs are written only on
 * success.  Algorithms are named by IKEv2 transform IDs (analyzer/algo.h);
 * IKEv1 callers map their IDs first.  Secrets passed in are not kept;
 * temporary copies are wiped before they are freed.
 */
#ifndef IKESCOPE_CRYPTO_H
#define IKESCOPE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* Initialise libgcrypt once (version check, secure memory off). */
int crypto_init(void);

/*
 * prf(key, data) for an IKEv2 PRF transform ID (RFC 7296 3.3.2):
 * HMAC-MD5 (1), HMAC-SHA1 (2), AES128-XCBC (4, RFC 4434 key rules),
 * HMAC-SHA2-256/384/512 (5/6/7), AES128-CMAC (8, RFC 4615 key rules).
 * out must hold crypto_prf_len(prf) bytes.
 */
size_t crypto_prf_len(uint16_t prf);
int    crypto_prf(uint16_t prf, const uint8_t *key, size_t keylen,
       const uint8_t *data, size_t len, uint8_t *out);

/*
 * prf+ (RFC 7296 2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
 * concatenated to outlen bytes; fails past 255 rounds.
 */
int crypto_prf_plus(uint16_t prf, const uint8_t *key, size_t keylen,
    const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen);

/*
 * A plain hash for IKEv1 (RFC 2409): MD5 (1), SHA1 (2), SHA2-256 (4),
 * SHA2-384 (5), SHA2-512 (6) by IKEv1 hash algorithm number; HMAC with it.
 */
size_t crypto_hash_len(uint16_t v1_hash);
int    crypto_hash(uint16_t v1_hash, const uint8_t *data, size_t len,
       uint8_t *out);
int    crypto_hmac(uint16_t v1_hash, const uint8_t *key, size_t keylen,
       const uint8_t *data, size_t len, uint8_t *out);

/*
 * Integrity (IKEv2 INTEG transform IDs: HMAC-MD5-96, HMAC-SHA1-96,
 * AES-XCBC-96, HMAC-SHA2-*, AES-CMAC-96...): the truncated ICV of data.
 */
int crypto_integ(uint16_t integ, const uint8_t *key, size_t keylen,
    const uint8_t *data, size_t len, uint8_t *icv, size_t icvlen);

/*
 * Decrypt with a non-AEAD ENCR transform (DES, 3DES, AES-CBC, AES-CTR,
 * Camellia-CBC/CTR, Blowfish, CAST, NULL).  For CTR modes the key ends
 * with the 4-byte nonce (RFC 3686/5930) and iv is the 8-byte explicit
 * IV.  len must be a multiple of the block size for CBC.  in and out may
 * be the same buffer.
 */
int crypto_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *in, size_t len,
    uint8_t *out);

/*
 * AEAD open (AES-GCM 8/12/16, AES-CCM 8/12/16, ChaCha20-Poly1305,
 * AES-GMAC): the key ends with the salt (4 bytes, 3 for CCM); nonce =
 * salt | iv (RFC 4106, 4309, 5282, 7634).  The tag is verified before
 * anything is written to out; -1 when it does not verify.
 */
int crypto_aead_decrypt(uint16_t encr, const uint8_t *key, size_t keylen,
    const uint8_t *iv, size_t ivlen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out);
/*
 * The same, but out is written whatever the tag says: 0 when the tag
 * verifies, 1 when it does not (out then holds UNVERIFIED plaintext, for
 * a caller that shows it as such), -1 when nothing was decrypted.
 */
int crypto_aead_decrypt_unverified(uint16_t encr, const uint8_t *key,
    size_t keylen, const uint8_t *iv, size_t ivlen, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *tag,
    size_t taglen, uint8_t *out);

/*
 * Handles for traffic that uses one key many times (ESP): the cipher or
 * MAC is keyed once and reused per packet.  NULL from *_new() for an
 * unknown algorithm or a key of the wrong length.
 *
 * crypto_cipher_decrypt(): a non-AEAD ENCR, as crypto_decrypt().
 * crypto_cipher_open(): an AEAD ENCR, as crypto_aead_decrypt(), except
 * that out may hold garbage when the tag does not verify (-1).
 * crypto_mac_icv(): the ICV of d1 | d2 (d2 may be NULL/0: the high
 * sequence bits of RFC 4303 ESN go there).
 */
struct crypto_cipher;
struct crypto_cipher *crypto_cipher_new(uint16_t encr, const uint8_t *key,
    size_t keylen);
void		      crypto_cipher_free(struct crypto_cipher *);
int crypto_cipher_decrypt(struct crypto_cipher *, const uint8_t *iv,
    size_t ivlen, const uint8_t *in, size_t len, uint8_t *out);
int crypto_cipher_open(struct crypto_cipher *, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out);

struct crypto_mac;
struct crypto_mac *crypto_mac_new(uint16_t integ, const uint8_t *key,
    size_t keylen);
void		   crypto_mac_free(struct crypto_mac *);
int crypto_mac_icv(struct crypto_mac *, const uint8_t *d1, size_t l1,
    const uint8_t *d2, size_t l2, uint8_t *icv, size_t icvlen);

/*
 * Diffie-Hellman by IKEv2 Key Exchange Method ID (REG_DH_GROUP): MODP 1,
 * 2, 5, 14-18, 22-24; ECP 19-21, 25, 26; Brainpool 27-30; Curve25519 (31),
 * Curve448 (32).  Values use the IKE wire encodings: MODP big-endian
 * padded to the prime length; ECP x | y (RFC 5903 section 7); Curve25519/
 * 448 as RFC 8031.
 *
 * crypto_dh_public(): g^x from the private value x (checks it against the
 * KE payload a user's private value should match).
 * crypto_dh_shared(): g^xy from x and the peer's public value; the
 * shared secret in IKE form (MODP padded; ECP the x coordinate only,
 * RFC 5903 section 9; X25519/X448 output).
 */
size_t crypto_dh_public_len(uint16_t group);
size_t crypto_dh_shared_len(uint16_t group);
int    crypto_dh_public(uint16_t group, const uint8_t *priv, size_t privlen,
       uint8_t *pub, size_t publen);
int    crypto_dh_shared(uint16_t group, const uint8_t *priv, size_t privlen,
       const uint8_t *peer_pub, size_t peerlen, uint8_t *shared, size_t sharedlen);

/* libgcrypt's algorithm number of an IKEv1 hash, 0 if unknown (for the
   crypto*.c modules, which share one table). */
int crypto_md_algo(uint16_t v1_hash);

/* Wipe a secret before it is freed; free a wiped copy (NULL-safe). */
void crypto_wipe(void *p, size_t n);
void crypto_free_wiped(void *p, size_t n);

#endif
