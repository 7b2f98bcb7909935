/*
 * algo.h - the one table of algorithm facts: for each IKEv2 transform ID
 * (and the IKEv1 / ESP IDs that map onto it), the key, salt, IV, block
 * and ICV lengths.  Nothing else in the tree hard-codes such a length;
 * the crypto module adds the libgcrypt algorithm and mode to these rows.
 */
#ifndef IKESCOPE_ALGO_H
#define IKESCOPE_ALGO_H

#include <stdint.h>

enum algo_kind {
	ALGO_ENCR = 1,	/* IKEv2 transform type 1 */
	ALGO_PRF = 2,	/* type 2 */
	ALGO_INTEG = 3, /* type 3 */
};

struct algo {
	enum algo_kind kind;
	uint16_t       id;	/* IKEv2 transform ID */
	const char    *name;	/* words for reports: "AES-CBC" */
	uint8_t	       key_min; /* key bytes (without salt) */
	uint8_t	       key_max; /* = key_min when fixed */
	uint8_t	       salt;	/* RFC 4106 / 3686 / 7634 nonce bytes */
	uint8_t	       iv;	/* explicit IV bytes on the wire */
	uint8_t	       block;	/* padding unit */
	uint8_t	       icv;	/* AEAD tag or INTEG output bytes */
	uint8_t	       aead;	/* ENCR that also protects integrity */
	const char    *source;
};

/*
 * INTEG IDs private to ikescope: an ICV of 12/16/24/32 bytes that is
 * skipped unchecked (no key, or an unknown algorithm).
 */
#define ALGO_INTEG_ANY_96  65012
#define ALGO_INTEG_ANY_128 65016
#define ALGO_INTEG_ANY_192 65024
#define ALGO_INTEG_ANY_256 65032
#define ALGO_INTEG_IS_ANY(id) \
	((id) == ALGO_INTEG_ANY_96 || (id) == ALGO_INTEG_ANY_128 || \
	    (id) == ALGO_INTEG_ANY_192 || (id) == ALGO_INTEG_ANY_256)

/* The row for (kind, IKEv2 transform ID), or NULL when unknown. */
const struct algo *algo_find(enum algo_kind kind, uint16_t id);

#endif
