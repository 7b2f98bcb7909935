/*
 * crypt.h - inside the analyzer: keys meet messages.  session.c hands
 * every IKE message to crypt_message() once it is placed in its SA and
 * exchange and its clear payloads are dissected; the version's module
 * (ikev1_crypt.c, ikev2_crypt.c) finds the inputs in earlier messages
 * and the key store, derives keys once per SA, decrypts, verifies, and
 * records the result in the message (dec, check, plain) and the SA
 * (keys, auth, children).  crypt_finish() says what was missing.
 *
 * Everything runs in capture order, once per message: IVs and keys are
 * computed when the message that needs them arrives and stored, so the
 * front-ends never derive anything.
 */
#ifndef IKESCOPE_CRYPT_H
#define IKESCOPE_CRYPT_H

#include "analysis.h"
#include "keymat.h"

/* IKEv1: the IV chain of one Phase 2 / Informational / Transaction. */
struct v1_xiv {
	uint32_t msgid;
	uint8_t	 iv[16];
};

/* Key generations kept for RFC 9370 additional key exchanges. */
#define V2_MAX_OLD 7

/* An earlier key generation and the last message ID it protects. */
struct v2_gen {
	struct isc_ike_keys k; /* no source or gxy */
	uint32_t	    upto;
};

/* The analyzer's private state of an SA (isc_ike_sa.crypt). */
struct sa_crypt {
	/* cipher in IKEv2 terms, from the chosen proposal */
	uint16_t encr;
	size_t	 keylen; /* key bytes, salt excluded */
	size_t	 block;
	uint8_t	 alg_checked, alg_ok;
	/* IKEv1 IV chain (RFC 2409 appendix B) */
	uint8_t		  iv_ready;
	uint8_t		  p1_iv[16];   /* next Phase 1 message's IV */
	uint8_t		  p1_last[16]; /* last Phase 1 cipher block */
	uint8_t		  p1_iv0[16];  /* hash(g^xi | g^xr) */
	struct v1_xiv	 *xiv;
	size_t		  nxiv, xivcap;
	unsigned	  tries[2]; /* failed attempts to find keys, by side */
	struct pke_state *pke;	    /* public key encryption (ikev1_pke.c) */
	uint8_t		  said_unsupported;
	/* IKEv2 */
	uint16_t integ, prf;
	size_t	 iv_len, icv_len, ek_len, ak_len;
	uint8_t	 have_keys;
	uint8_t	 keys_unverified; /* ignore_icv: adopted without an ICV */
	/*
	 * RFC 9242 IKE_INTERMEDIATE: the IntAuth chains by sender ([1]
	 * initiator) and how many messages each holds.  RFC 9370: the keys
	 * before each additional key exchange, used for messages up to that
	 * exchange's ID; candidates of the next keys, kept until a later
	 * message's ICV picks one; or, when no candidate could be made,
	 * the exchange after which messages cannot be decrypted.
	 */
	uint8_t	       intauth[2][KM_MAX_HASH];
	unsigned       nintauth[2];
	struct v2_gen *old; /* V2_MAX_OLD, made at the first; owned, wiped */
	size_t	       nold;
	struct isc_ike_keys *upd;
	size_t		    *upd_entry;
	size_t		     nupd;
	uint32_t	     upd_msgid;
	uint16_t	     upd_group;
	uint64_t	     upd_frame;
	uint8_t		     stalled;
	uint32_t	     stall_msgid;
	uint16_t	     stall_group;
	uint64_t	     stall_frame;
	/* SKF reassembly: fragments of one message in flight each way */
	struct skf_set {
		uint32_t  msgid;
		uint16_t  total;
		uint8_t	  first_type;
		uint8_t	  active;
		uint8_t **part;
		size_t	 *len;
		size_t	  have, bytes;
	} skf[2];
};

/* One message in, its decryption and checks recorded. */
void crypt_message(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_exchange *, struct isc_msg *);
/* End of input: what is missing, which key-file entries fit nothing. */
void crypt_finish(struct isc_analysis *);
/* The same for one SA (before an idle SA is freed). */
void crypt_finish_sa(struct isc_analysis *, struct isc_ike_sa *);
void crypt_sa_free(struct isc_ike_sa *);
void crypt_pending_free(struct isc_analysis *);

/* --- shared by ikev1_crypt.c and ikev2_crypt.c --- */

void ikev1_crypt_message(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_exchange *, struct isc_msg *);
void ikev2_crypt_message(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_exchange *, struct isc_msg *);
void ikev1_crypt_finish(struct isc_analysis *, struct isc_ike_sa *);
void ikev2_crypt_finish(struct isc_analysis *, struct isc_ike_sa *);

/*
 * Body of the first payload of `type` in m (its plaintext when plain is
 * set), without the generic header; 0 when found.
 */
int crypt_payload(const struct isc_msg *m, int plain, uint8_t type,
    struct km_buf *body);
/* The same, whole payload with its generic header. */
int crypt_payload_whole(const struct isc_msg *m, int plain, uint8_t type,
    struct km_buf *whole);

/*
 * Record a decrypted body in m: walk its chain from `first`, dissect it
 * like clear payloads (session_dissect_plain), set dec = OK.  data is
 * copied.
 */
void crypt_set_plain(const struct isc_ike_sa *, struct isc_exchange *,
    struct isc_msg *, const uint8_t *data, size_t len, uint8_t first,
    size_t pad);
/* Walk only (for trying candidates): 0 when the chain fills len exactly. */
int crypt_chain_fits(const uint8_t *data, size_t len, uint8_t first, int v2);

/* Dissect m->plain's payloads (session.c). */
void session_dissect_plain(const struct isc_ike_sa *, struct isc_exchange *,
    struct isc_msg *);

/*
 * Candidate DH shared secrets for an SA (or entries naming spi_alt, the
 * initiator SPI of the SA an IKE SA rekey creates; may be NULL) and group: `dh ... shared`
 * entries of the right length, and `dh ... private` entries whose g^x is
 * one of the two public values given (then g^xy against the other).
 * Each found secret is appended to out (capacity max) with the index of
 * its key-store entry; returns how many.  Entries that fit the SA but
 * not the group or either public value are noted in the SA's
 * diagnostics once.
 */
struct dh_cand {
	uint8_t *gxy; /* owned; crypt_dh_free() */
	size_t	 len;
	size_t	 entry; /* index in keys->dh */
};
size_t crypt_dh_candidates(struct isc_analysis *, struct isc_ike_sa *,
    const uint8_t *spi_alt, uint16_t group, struct km_buf pub_i,
    struct km_buf pub_r, uint64_t frame, struct dh_cand *out, size_t max);
void   crypt_dh_free(struct dh_cand *, size_t n);

/* PSK entries that may apply to this SA (PEER matches or is unset). */
int crypt_psk_applies(const struct isc_analysis *, const struct isc_ike_sa *,
    size_t psk_index);

/* Constant-time comparison of two equal-length byte strings. */
int crypt_equal(const uint8_t *a, const uint8_t *b, size_t n);

/* "frames 5-20 (16 encrypted messages)" or "frame 21 (1 ...)". */
void crypt_frames(uint64_t first, uint64_t last, size_t n, char *buf,
    size_t len);

/* The SA's private key state, made on first use. */
struct sa_crypt *crypt_state(struct isc_ike_sa *);

/* A child SA appended to the SA (zeroed), for the version modules. */
struct isc_child_sa *crypt_child_new(struct isc_analysis *,
    struct isc_ike_sa *);

/*
 * IKEv1 public key encryption authentication (ikev1_pke.c, RFC 2409
 * 5.2, 5.3).  prepare: decrypt, with every `rsa` key, the Phase 1
 * payloads encrypted to the peers' public keys (once per side; the
 * cipher facts of the SA must be known).  body: the decrypted body of a
 * payload of m: 0 found, 1 the payload is encrypted and no key opened
 * it, -1 not such a payload.  proved: a Phase 1 HASH built from the
 * decrypted values verified: put them into the messages (plain) and
 * count the keys used.  source: "rsa FILE:LINE, " per side that
 * decrypted.  missing: which private key is missing, 0 when none.
 */
void ikev1_pke_prepare(struct isc_analysis *, struct isc_ike_sa *);
int  ikev1_pke_body(const struct isc_ike_sa *, const struct isc_msg *m,
     uint8_t type, struct km_buf *body);
void ikev1_pke_proved(struct isc_analysis *, struct isc_ike_sa *);
void ikev1_pke_source(const struct isc_analysis *, const struct isc_ike_sa *,
    char *buf, size_t len);
int  ikev1_pke_missing(const struct isc_ike_sa *, char *buf, size_t len);
void ikev1_pke_free(struct sa_crypt *);

/* The IKEv1 Phase 1 exchange (Main or Aggressive Mode, message ID 0). */
const struct isc_exchange *crypt_v1_phase1(const struct isc_ike_sa *sa);
/*
 * The first (not retransmitted) message of `role` in an IKEv1 Phase 1
 * exchange that has a payload of `type`, clear or decrypted, and that
 * payload's body; NULL when none.
 */
const struct isc_msg *crypt_v1_p1_msg(const struct isc_ike_sa *sa,
    enum isc_role role, uint8_t type, struct km_buf *body);
/*
 * IntAuth = IntAuth_iN | IntAuth_rN | IKE_AUTH_MID (RFC 9242 3.3.2),
 * IKE_AUTH_MID the message ID of the first IKE_AUTH request, into out
 * (2 * KM_MAX_HASH + 4 bytes).  Returns its length, 0 without
 * IKE_INTERMEDIATE exchanges, -1 when some of their messages were not
 * decrypted (IntAuth unknown).
 */
int crypt_v2_intauth(const struct isc_ike_sa *sa, uint8_t *out);
/* The last message of `role` in the IKEv2 IKE_SA_INIT exchange, or NULL. */
const struct isc_msg *crypt_v2_init_msg(const struct isc_ike_sa *sa,
    enum isc_role						 role);

#endif
