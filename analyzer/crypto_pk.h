/*
 * crypto_pk.h - public-key operations for IKE: RSA private keys a user
 * supplies (IKEv1 public key encryption authentication, RFC 2409 5.2 and
 * 5.3) and signature checks with the public key of a certificate the
 * peer sent (IKEv1 SIG, IKEv2 AUTH methods 1, 9-11 and 14 of RFC 7427).
 * <gcrypt.h> and <ksba.h> are included by crypto_pk.c only.
 */
#ifndef IKESCOPE_CRYPTO_PK_H
#define IKESCOPE_CRYPTO_PK_H

#include <stddef.h>
#include <stdint.h>

struct crypto_rsa;

/*
 * An RSA private key from a file's bytes: PEM ("RSA PRIVATE KEY" PKCS#1
 * or "PRIVATE KEY" PKCS#8) or DER of either.  Encrypted keys are refused
 * with a message that says so.  NULL with a message in err on failure.
 */
struct crypto_rsa *crypto_rsa_load(const uint8_t *data, size_t len, char *err,
    size_t errlen);
void		   crypto_rsa_free(struct crypto_rsa *);
/* Modulus length in bytes. */
size_t crypto_rsa_len(const struct crypto_rsa *);

/*
 * RSAES-PKCS1-v1_5 decryption (RFC 8017 7.2) of one ciphertext of
 * crypto_rsa_len() bytes; the message goes to out (capacity outcap), its
 * length to *outlen.  -1 when the length or padding is wrong (the wrong
 * key, or not the value this key encrypts).
 */
int crypto_rsa_decrypt(const struct crypto_rsa *, const uint8_t *in, size_t len,
    uint8_t *out, size_t outcap, size_t *outlen);

/* Result of a signature check. */
enum crypto_sig_result {
	CRYPTO_SIG_VERIFIED = 0,
	CRYPTO_SIG_FAILED = 1,	    /* the signature does not match */
	CRYPTO_SIG_UNSUPPORTED = 2, /* key type or scheme not handled */
	CRYPTO_SIG_BAD_CERT = 3,    /* the certificate cannot be read */
};

/*
 * Verify an IKEv2 AUTH payload's signature over signed octets with the
 * public key of a DER X.509 certificate.  method is the IKEv2 AUTH
 * method: 1 RSA PKCS#1 v1.5 with SHA-1 (RFC 7296 3.8), 9/10/11 ECDSA
 * with SHA-256/384/512 on P-256/384/521 (RFC 4754: r | s, fixed length),
 * 14 digital signature (RFC 7427: the auth data starts with a length
 * byte and an ASN.1 AlgorithmIdentifier: sha*WithRSAEncryption,
 * RSASSA-PSS with its parameters, ecdsa-with-SHA*, Ed25519, Ed448).
 * why (may be NULL) gets words for a report when the result is not
 * VERIFIED ("RSA-PSS with SHA-256: signature does not match").
 */
enum crypto_sig_result crypto_verify_auth(int method, const uint8_t *cert,
    size_t certlen, const uint8_t *auth, size_t authlen,
    const uint8_t *signed_octets, size_t slen, char *why, size_t whylen);

/*
 * IKEv1 signature (RFC 2409 5.1): an RSA signature is PKCS#1 v1.5 over
 * HASH_I / HASH_R without a DigestInfo (the hash bytes are "signed"
 * directly, padded as type 1); DSS signs the SHA-1 hash (r | s, 20
 * bytes each).  auth_method is the IKEv1 attribute value (2 DSS, 3 RSA).
 */
enum crypto_sig_result crypto_verify_v1_sig(int auth_method,
    const uint8_t *cert, size_t certlen, const uint8_t *sig, size_t siglen,
    const uint8_t *hash, size_t hashlen, char *why, size_t whylen);

#endif
