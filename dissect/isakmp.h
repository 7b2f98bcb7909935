/*
 * isakmp.h - the ISAKMP / IKEv2 fixed header and the generic payload chain.
 *
 * RFC 2408 section 3.1 and RFC 7296 section 3.1 share one header layout:
 *
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Initiator Cookie / IKE SA Initiator's SPI    |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Responder Cookie / IKE SA Responder's SPI    |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Every payload starts with the generic header (next payload, a byte whose
 * top bit is IKEv2's critical flag, and a 16-bit length that includes the
 * header).  The walker follows that chain with the guards of STYLE.md: a
 * length below 4 or beyond the message stops the walk, the number of
 * payloads is capped, and IKEv2's SK/SKF must be last (its next-payload
 * field names the first payload inside the ciphertext).
 */
#ifndef IKESCOPE_ISAKMP_H
#define IKESCOPE_ISAKMP_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "dstatus.h"

#define ISAKMP_HDR_LEN	   28
#define ISAKMP_GENERIC_LEN 4

/* IKEv1 flags (RFC 2408 3.1) */
#define ISAKMP_FLAG_E 0x01 /* encryption */
#define ISAKMP_FLAG_C 0x02 /* commit */
#define ISAKMP_FLAG_A 0x04 /* authentication only */
/* IKEv2 flags (RFC 7296 3.1) */
#define IKEV2_FLAG_I 0x08 /* sent by the original initiator */
#define IKEV2_FLAG_V 0x10 /* higher version supported */
#define IKEV2_FLAG_R 0x20 /* response */

#define IKEV2_PT_SK  46
#define IKEV2_PT_SKF 53

/* Caps that keep a hostile message from costing more than its bytes. */
#define ISAKMP_MAX_PAYLOADS 256

struct isakmp_hdr {
	uint8_t	 spi_i[8];
	uint8_t	 spi_r[8];
	uint8_t	 next_payload;
	uint8_t	 major;
	uint8_t	 minor;
	uint8_t	 exch_type;
	uint8_t	 flags;
	uint32_t msgid;
	uint32_t length;
};

/* One payload of the chain: where it is, not yet what it says. */
struct payload_ref {
	uint8_t	 type;
	uint8_t	 next;	   /* its next-payload field */
	uint8_t	 critical; /* IKEv2 C bit (top bit of byte 1) */
	uint8_t	 reserved; /* low 7 bits of byte 1 */
	uint16_t length;   /* as sent, header included */
	uint32_t off;	   /* offset of the generic header */
};

struct payload_chain {
	struct payload_ref v[ISAKMP_MAX_PAYLOADS];
	size_t		   n;
	struct dstatus	   st; /* why the walk stopped early */
	/*
	 * For a chain ending in SK/SKF (IKEv2) or an encrypted IKEv1 body:
	 * offset and length of the bytes that are not in clear, and the
	 * type of the first payload inside them.
	 */
	uint32_t enc_off;
	uint32_t enc_len;
	uint8_t	 enc_first;
	uint8_t	 encrypted;
};

/*
 * Parse the fixed header.  Returns DS_OK, DS_TRUNCATED when fewer than 28
 * bytes are there, or DS_INVALID for a header that cannot be ISAKMP
 * (version 0 or > 2).
 */
enum dstatus_code isakmp_parse_header(struct cursor *c, struct isakmp_hdr *h,
    struct dstatus *st);

/*
 * Walk the payload chain of a message whose header has been parsed.
 * `c` covers the message from its first byte, limited to the header
 * length (or to what was captured, whichever is shorter).  IKEv1 messages
 * with the E flag have an encrypted body: it is recorded in enc_off /
 * enc_len and not walked.
 */
enum dstatus_code isakmp_walk(const struct cursor *c,
    const struct isakmp_hdr *h, struct payload_chain *out);

/*
 * Walk a chain that starts with payload type `first` in `c` (a decrypted
 * body, or the contents of a payload).  Same guards and output as
 * isakmp_walk() (out is reset first); `v2` selects the IKEv2 rules
 * (critical bit, SK last).
 */
enum dstatus_code isakmp_walk_chain(const struct cursor *c, uint8_t first,
    int v2, struct payload_chain *out);

/*
 * The IKEv1 fragmentation payload (type 132, Cisco's format, also used by
 * strongSwan and libreswan): after the generic header,
 *
 *  |      Fragment ID (16)         | Fragment Num  |     Flags     |
 *  |                      Fragment Data ...                        |
 *
 * Flags bit 0 marks the last fragment.  The fragments' data, in number
 * order, is a whole ISAKMP message, header included.
 */
#define IKEV1_PT_FRAG	132
#define IKEV1_FRAG_LAST 0x01

struct ikev1_frag {
	uint16_t       id;
	uint8_t	       number;
	uint8_t	       flags;
	const uint8_t *data; /* view into the message */
	size_t	       len;
};

/* Parse payload r (a FRAG payload) of the message in c. */
enum dstatus_code ikev1_frag_parse(const struct cursor *c,
    const struct payload_ref *r, struct ikev1_frag *f, struct dstatus *st);

#endif
