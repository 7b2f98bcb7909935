/*
 * keymat.h - key derivation of IKEv1 (RFC 2409) and IKEv2 (RFC 7296),
 * as pure functions over byte strings, on top of crypto.h.  The analyzer
 * finds the inputs in the capture and the key store; these functions
 * only compute.  Each returns 0 on success, -1 when an algorithm is
 * unknown or a length does not fit; outputs are written only on success.
 *
 * IKEv1 functions take the negotiated hash algorithm (IKEv1 attribute 2:
 * 1 MD5, 2 SHA1, 4 SHA2-256, 5 SHA2-384, 6 SHA2-512); the PRF is HMAC
 * with it (RFC 2409 4: "the HMAC version of the negotiated hash").
 * IKEv2 functions take the PRF transform ID (RFC 7296 3.3.2).
 *
 * "_b" values are payload bodies without the generic payload header, as
 * RFC 2409 5 defines them.
 */
#ifndef IKESCOPE_KEYMAT_H
#define IKESCOPE_KEYMAT_H

#include <stddef.h>
#include <stdint.h>

#define KM_MAX_HASH 64 /* longest PRF / hash output (SHA2-512) */

/* A byte string that is an input (not owned). */
struct km_buf {
	const uint8_t *p;
	size_t	       len;
};

/* IKEv1 authentication method classes for SKEYID (RFC 2409 5). */
enum km_v1_auth {
	KM_V1_PSK, /* prf(pre-shared-key, Ni_b | Nr_b) */
	KM_V1_SIG, /* prf(Ni_b | Nr_b, g^xy) */
	KM_V1_PKE, /* prf(hash(Ni_b | Nr_b), CKY-I | CKY-R) */
};

/*
 * The class of an IKEv1 authentication method attribute value (RFC 2409
 * appendix A, RFC 4754, draft-ietf-ipsec-isakmp-xauth / hybrid values
 * 64221-65010): 1 PSK and XAUTHInitPreShared/RespPreShared; 4 and 5 (and
 * their XAUTH forms) public key encryption; everything with a signature
 * (DSS, RSA, ECDSA, hybrid) SIG.  -1 when unknown.
 */
int km_v1_auth_class(uint16_t auth_method);

struct km_v1_keys {
	size_t	hlen; /* hash output length */
	uint8_t skeyid[KM_MAX_HASH];
	uint8_t skeyid_d[KM_MAX_HASH];
	uint8_t skeyid_a[KM_MAX_HASH];
	uint8_t skeyid_e[KM_MAX_HASH];
};

/*
 * SKEYID for the method class; psk is used for KM_V1_PSK only; gxy for
 * KM_V1_SIG (and later for all three SKEYID_*).  Then SKEYID_d =
 * prf(SKEYID, g^xy | CKY-I | CKY-R | 0), SKEYID_a = prf(SKEYID, SKEYID_d
 * | g^xy | CKY-I | CKY-R | 1), SKEYID_e = prf(SKEYID, SKEYID_a | g^xy |
 * CKY-I | CKY-R | 2).
 */
int km_v1_skeyid(uint16_t hash, enum km_v1_auth cls, struct km_buf psk,
    struct km_buf ni_b, struct km_buf nr_b, struct km_buf gxy,
    const uint8_t cky_i[8], const uint8_t cky_r[8], struct km_v1_keys *out);

/*
 * RFC 2409 appendix B: the cipher key from SKEYID_e.  When SKEYID_e is
 * at least keylen bytes its first keylen bytes; else K1 = prf(SKEYID_e,
 * 0), Kn = prf(SKEYID_e, Kn-1), Ka = K1 | K2 | ... cut to keylen.
 * keylen at most 256.
 */
int km_v1_enc_key(uint16_t hash, const uint8_t *skeyid_e, size_t hlen,
    size_t keylen, uint8_t *ka);

/*
 * Public key encryption SKEYID alone (RFC 2409 5.2, 5.3): SKEYID =
 * prf(hash(Ni_b | Nr_b), CKY-I | CKY-R), which needs no g^xy (HASH_I /
 * HASH_R of a clear Aggressive Mode message can be checked with it).
 * out holds the hash length.
 */
int km_v1_skeyid_pke(uint16_t hash, struct km_buf ni_b, struct km_buf nr_b,
    const uint8_t cky_i[8], const uint8_t cky_r[8], uint8_t *out);

/*
 * Revised public key encryption (RFC 2409 5.3): the symmetric key of
 * one side from its nonce body and its own cookie: Ne_i = prf(Ni_b,
 * CKY-I) (Ne_r = prf(Nr_b, CKY-R)), then Ke_i taken from Ne_i as
 * appendix B takes a cipher key from SKEYID_e (km_v1_enc_key()).
 */
int km_v1_pke_ke(uint16_t hash, struct km_buf n_b, const uint8_t cky[8],
    size_t keylen, uint8_t *ke);

/*
 * The padding of a payload body encrypted with Ke_i / Ke_r (RFC 2409
 * 5.3): always present, all bytes 0x00 but the last, which counts the
 * padding bytes before it; the padding ends the body on a block
 * boundary.  *outlen gets the body length without padding; -1 when len
 * is not a whole number of blocks or the padding is wrong.
 */
int km_v1_pke_unpad(const uint8_t *p, size_t len, size_t block, size_t *outlen);

/*
 * IVs (RFC 2409 appendix B): Phase 1 IV = hash(g^xi | g^xr) cut to the
 * block length; a Phase 2 / Informational / Transaction exchange starts
 * with hash(last Phase 1 cipher block | M-ID) cut to the block length.
 * msgid is the header's message ID (written big-endian).
 */
int km_v1_iv_phase1(uint16_t hash, struct km_buf gxi, struct km_buf gxr,
    size_t block, uint8_t *iv);
int km_v1_iv_phase2(uint16_t hash, const uint8_t *last_block, size_t block,
    uint32_t msgid, uint8_t *iv);

/*
 * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b),
 * HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
 * (RFC 2409 5).  initiator selects HASH_I; id_b is that side's ID body.
 * out holds hlen bytes.
 */
int km_v1_hash_phase1(uint16_t hash, const uint8_t *skeyid, size_t hlen,
    int initiator, struct km_buf gxi, struct km_buf gxr, const uint8_t cky_i[8],
    const uint8_t cky_r[8], struct km_buf sai_b, struct km_buf id_b,
    uint8_t *out);

/*
 * Quick Mode and Informational hashes (RFC 2409 5.5, 5.7): prf(SKEYID_a,
 * [0 |] M-ID | [Ni_b |] [Nr_b |] rest).  which: 1 HASH(1) = M-ID | rest;
 * 2 HASH(2) = M-ID | Ni_b | rest; 3 HASH(3) = 0 | M-ID | Ni_b | Nr_b.
 * rest is the message after the HASH payload (all payloads including
 * their generic headers, up to but not including the padding).
 */
int km_v1_hash_qm(uint16_t hash, const uint8_t *skeyid_a, size_t hlen,
    int which, uint32_t msgid, struct km_buf ni_b, struct km_buf nr_b,
    struct km_buf rest, uint8_t *out);

/*
 * Quick Mode KEYMAT (RFC 2409 5.5): K1 = prf(SKEYID_d, [g(qm)^xy |]
 * protocol | SPI | Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |]
 * protocol | SPI | Ni_b | Nr_b); KEYMAT = K1 | K2 | ... cut to outlen
 * (at most 512).  gxy_qm.len 0 without PFS.  spi is the 4-byte SPI of the
 * SA as its receiver chose it, in network order.
 */
int km_v1_keymat(uint16_t hash, const uint8_t *skeyid_d, size_t hlen,
    struct km_buf gxy_qm, uint8_t protocol, const uint8_t spi[4],
    struct km_buf ni_b, struct km_buf nr_b, uint8_t *out, size_t outlen);

/* IKEv2 keys of one IKE SA (RFC 7296 2.14). */
struct km_v2_keys {
	size_t	prf_len; /* SK_d, SK_pi, SK_pr length */
	size_t	ek_len;	 /* SK_ei/er length, salt included */
	size_t	ak_len;	 /* SK_ai/ar length; 0 for AEAD */
	uint8_t skeyseed[KM_MAX_HASH];
	uint8_t sk_d[KM_MAX_HASH];
	uint8_t sk_ai[KM_MAX_HASH], sk_ar[KM_MAX_HASH];
	uint8_t sk_ei[64], sk_er[64];
	uint8_t sk_pi[KM_MAX_HASH], sk_pr[KM_MAX_HASH];
};

/*
 * SKEYSEED = prf(Ni | Nr, g^ir) (AES-XCBC/CMAC PRFs: the first 8 bytes
 * of each nonce as the key, RFC 7296 2.14); for an IKE SA rekey
 * (old_sk_d.len > 0) SKEYSEED = prf(SK_d(old), g^ir(new) | Ni | Nr)
 * (RFC 7296 2.18).  Then {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi |
 * SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) with ek_len (key plus
 * salt) and ak_len (0 for AEAD) as given.
 */
int km_v2_sa_keys(uint16_t prf, struct km_buf old_sk_d, struct km_buf ni,
    struct km_buf nr, struct km_buf gir, const uint8_t spi_i[8],
    const uint8_t spi_r[8], size_t ek_len, size_t ak_len,
    struct km_v2_keys *out);

/*
 * CHILD_SA KEYMAT = prf+(SK_d, [g^ir(new) |] Ni | Nr) (RFC 7296 2.17),
 * outlen bytes (the caller splits: initiator's encryption key, its
 * integrity key, then the responder's).
 */
int km_v2_child_keymat(uint16_t prf, struct km_buf sk_d, struct km_buf gir,
    struct km_buf ni, struct km_buf nr, uint8_t *out, size_t outlen);

/*
 * AUTH for a shared key (RFC 7296 2.15): prf(prf(key, "Key Pad for
 * IKEv2"), message | nonce | prf(SK_p, id_b)) where message is the
 * sender's first message (IKE_SA_INIT request or response) as sent,
 * nonce the peer's nonce data, SK_p the sender's SK_pi/SK_pr and id_b
 * the sender's IDi/IDr payload body (without the generic header).
 * out holds crypto_prf_len(prf) bytes.
 */
int km_v2_auth_psk(uint16_t prf, struct km_buf key, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b, uint8_t *out);
/* The same with IntAuth (RFC 9242 3.3.2) after the MACed ID. */
int km_v2_auth_psk_ia(uint16_t prf, struct km_buf key, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b,
    struct km_buf intauth, uint8_t *out);

/*
 * The octets a signature AUTH covers (RFC 7296 2.15): message | nonce |
 * prf(SK_p, id_b), written to out (at most outcap bytes); the length in
 * *outlen.
 */
int km_v2_signed_octets(uint16_t prf, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b, uint8_t *out,
    size_t outcap, size_t *outlen);
/* The same with IntAuth (RFC 9242 3.3.2) after the MACed ID. */
int km_v2_signed_octets_ia(uint16_t prf, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b,
    struct km_buf intauth, uint8_t *out, size_t outcap, size_t *outlen);

/*
 * One step of an IKE_INTERMEDIATE chain (RFC 9242 3.3.2): out =
 * prf(SK_p, prev | A | P), prev empty for the first message.  A is the
 * message from the IKE header to the Encrypted payload header, with the
 * two length fields counting only the inner payloads; P the inner
 * payloads in clear.  SK_p is the sender's, of the keys that protected
 * the message.  out holds the PRF's output length.
 */
int km_v2_intauth(uint16_t prf, struct km_buf sk_p, struct km_buf prev,
    struct km_buf a, struct km_buf p, uint8_t *out);

#endif
