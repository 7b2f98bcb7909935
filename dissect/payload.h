/*
 * payload.h - dissecting one payload into the field tree.
 *
 * dissect_payload() opens a node for the payload, adds the generic header
 * (next payload, critical bit / reserved, length), then hands the body to
 * the version's dissector:
 *
 *	ikev1_payload()  dissect/ikev1.c  RFC 2407, 2408, 2409, 3947, 6407...
 *	ikev2_payload()  dissect/ikev2.c  RFC 7296, 7383, 7427, 9242, 9370...
 *
 * Both read the body through the cursor they are given (its base is the
 * body's offset in the dissected buffer, so spans are absolute), add
 * fields under the open node, may set the node's one-line summary, and
 * return DS_OK or what went wrong in st.  They never read outside the
 * cursor, never allocate except into the tree, and keep no state between
 * calls other than what ctx carries.
 */
#ifndef IKESCOPE_PAYLOAD_H
#define IKESCOPE_PAYLOAD_H

#include <stdint.h>

#include "cursor.h"
#include "dstatus.h"
#include "field.h"
#include "isakmp.h"

struct dissect_ctx {
	uint8_t	 version; /* 1 or 2 */
	uint8_t	 exch_type;
	uint8_t	 is_response;
	uint8_t	 from_initiator;
	uint8_t	 show_secrets; /* unused by dissectors: fields are
					   marked secret, front-ends hide */
	uint32_t doi;	       /* IKEv1: DOI of this message's SA
					   payload; 1 (IPsec) until one says */
	uint8_t	 in_encrypted; /* payloads come from a decrypted body */
	/*
	 * IKEv1 Phase 1 authentication method (attribute 3): the chosen
	 * one, or the first an SA payload of this message offers.  With
	 * public key encryption (RFC 2409 5.2, 5.3) the bodies of some
	 * clear Main / Aggressive Mode payloads are ciphertext.
	 */
	uint16_t v1_auth;
	/*
	 * IKEv2 SK/SKF: IV and ICV lengths of the negotiated ENCR/INTEG,
	 * known once IKE_SA_INIT's response was seen (0: unknown, the body
	 * is shown whole).
	 */
	uint16_t sk_iv_len;
	uint16_t sk_icv_len;
};

/*
 * Dissect payload r of the buffer covered by buf (a cursor whose base is
 * 0 at the start of the message or decrypted body).  The payload node is
 * left closed; its index is returned in *node (FT_NONE if the tree is
 * full).
 */
enum dstatus_code dissect_payload(struct ftree *t, const struct cursor *buf,
    const struct payload_ref *r, struct dissect_ctx *ctx, int32_t *node,
    struct dstatus *st);

/*
 * The payload type a number stands for in this context.  Early Cisco and
 * Apple NAT-T implementations (the "bad drafts" racoon and libreswan
 * still accept) sent NAT-D as 15 and NAT-OA as 16, numbers RFC 6407 gives
 * to GDOI's SAK and SAT.  Outside GDOI (Phase 1 exchanges, or a DOI other
 * than GDOI) they are read as NAT-D (20) and NAT-OA (21).
 */
uint8_t dissect_effective_type(const struct dissect_ctx *ctx, uint8_t type);

/*
 * Whether a clear IKEv1 Phase 1 payload of `type` carries ciphertext
 * under authentication method auth (RFC 2409): 1 for a body encrypted
 * with the peer's RSA public key (5.2: ID and Nonce; 5.3: Nonce), 2 for
 * one encrypted with Ke_i / Ke_r (5.3: KE, ID, CERT), 0 otherwise.  The
 * generic payload header stays clear in both.
 */
int ikev1_pke_hidden(uint16_t auth, uint8_t type);

enum dstatus_code ikev1_payload(struct ftree *t, struct cursor *body,
    uint8_t type, struct dissect_ctx *ctx, int32_t node, struct dstatus *st);
enum dstatus_code ikev2_payload(struct ftree *t, struct cursor *body,
    uint8_t type, struct dissect_ctx *ctx, int32_t node, struct dstatus *st);

#endif
