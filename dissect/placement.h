/*
 * placement.h - which payloads each exchange and direction may carry.
 *
 * From the message descriptions of RFC 2409 (Main, Aggressive, Quick,
 * New Group), RFC 2408 (Informational), draft-dukes-ike-mode-cfg
 * (Transaction) and RFC 7296 (IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA,
 * INFORMATIONAL) and their extensions.  A payload outside the table is a
 * diagnostic, never a reason to stop dissecting.
 */
#ifndef IKESCOPE_PLACEMENT_H
#define IKESCOPE_PLACEMENT_H

#include <stdint.h>

enum placement {
	PLACE_NO_RULE = -1, /* exchange not described: no check */
	PLACE_NOT_ALLOWED = 0,
	PLACE_ALLOWED = 1,
};

/*
 * May a message of this version and exchange type, request or response,
 * carry payload type `type`?  For IKEv2, `inside_sk` says whether the
 * payload sits inside SK/SKF (IKE_AUTH payloads other than SK itself are
 * allowed only there).  IKEv1 Main Mode uses the message number within
 * the exchange (1..6) where it matters; 0 when unknown.
 */
enum placement placement_check(uint8_t version, uint8_t exch_type,
    int is_response, int inside_sk, unsigned msg_no, uint8_t type);

#endif
