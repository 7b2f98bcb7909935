/*
 * der.h - a small bounded DER reader (X.690) over the cursor.
 *
 * Shared by the certificate dissector (x509.c) and the analyzer's
 * private key and signature parsing (crypto_pk.c).  Only what DER
 * allows is read: low tag numbers, definite lengths of at most four
 * octets; every length is checked against what is left in the cursor
 * before the value is touched.  Values are views into the caller's
 * buffer; nothing is allocated.
 */
#ifndef IKESCOPE_DER_H
#define IKESCOPE_DER_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"

/* Universal tags (X.690 8.1.2; constructed ones with bit 0x20 set). */
#define DER_BOOLEAN	 0x01
#define DER_INTEGER	 0x02
#define DER_BIT_STRING	 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL	 0x05
#define DER_OID		 0x06
#define DER_UTCTIME	 0x17
#define DER_GENTIME	 0x18
#define DER_SEQUENCE	 0x30
#define DER_SET		 0x31

/*
 * One tag and definite length (X.690 8.1); the value must lie inside c,
 * which is left at its first byte.  Low tag numbers only; indefinite
 * lengths (0x80) and lengths of more than 4 octets are refused.
 * 0, or -1 (c may then have moved).
 */
int der_tl(struct cursor *c, uint8_t *tag, size_t *len);

/* The TLV with tag `tag` next in c: its value in v, c moved past it. */
int der_expect(struct cursor *c, uint8_t tag, struct cursor *v);

/* Skip one TLV, whatever its tag. */
int der_skip(struct cursor *c);

/* Whether the next TLV in c has tag `tag` (c does not move). */
int der_peek_tag(const struct cursor *c, uint8_t tag);

/*
 * Dotted text of an OBJECT IDENTIFIER's contents (X.690 8.19) in buf:
 * 0, or -1 when the contents are empty, longer than 64 octets, have an
 * arc over 64 bits or end inside an arc, or the text does not fit in
 * len bytes (buf then holds an empty string).
 */
int der_oid_text(const struct cursor *oid, char *buf, size_t len);

#endif
