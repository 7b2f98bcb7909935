/*
 * registry.h - names of protocol numbers, one table per IANA registry.
 *
 * Each table is generated from a .def file that lists the number, the RFC
 * short name, a long name and the source of each entry.  Registries are
 * named by number: 1..99 here (registry.c), 100..199 the IKEv1/ISAKMP
 * ones (registry_v1.h), 200..299 the IKEv2 ones (registry_v2.h).
 * Lookups return NULL for numbers a registry does not name; front-ends
 * then print UNKNOWN(n) and never drop the value.
 */
#ifndef IKESCOPE_REGISTRY_H
#define IKESCOPE_REGISTRY_H

#include <stdint.h>

struct reg_entry {
	uint32_t    id;
	const char *name;	 /* short name, as the RFC/IANA writes it */
	const char *desc;	 /* long name, or NULL */
	uint8_t	    ike_version; /* 1, 2, or 0 for both */
	const char *source;	 /* RFC or other reference */
};

enum {
	REG_PAYLOAD = 1,  /* ISAKMP + IKEv2 next payload types */
	REG_EXCHANGE = 2, /* ISAKMP + IKEv2 exchange types */
};

/*
 * IKEv2 Transform Type 4 (Key Exchange Method) IDs; the IKEv1 Group
 * Description values (RFC 2409 A, RFC 3526, RFC 5114, RFC 5903...) use
 * the same numbers.  Kept in registry_v2.c, used by both versions.
 */
#define REG_DH_GROUP 200

const struct reg_entry *reg_lookup(unsigned reg, uint32_t id);
/* The short name, or NULL when the registry has none for id. */
const char *reg_name(unsigned reg, uint32_t id);
/* The short name, or "UNKNOWN(n)" written to buf (>= 24 bytes). */
const char *reg_name_buf(unsigned reg, uint32_t id, char *buf, unsigned buflen);

/* Kept for callers that hold an entry already. */
const struct reg_entry *reg_payload_type(uint32_t id);
const struct reg_entry *reg_exchange_type(uint32_t id);
const char *reg_name_or(const struct reg_entry *e, uint32_t id, char *buf,
    unsigned buflen);

/* Provided by registry_v1.c and registry_v2.c for their ranges. */
const struct reg_entry *reg_v1_lookup(unsigned reg, uint32_t id);
const struct reg_entry *reg_v2_lookup(unsigned reg, uint32_t id);

#endif
