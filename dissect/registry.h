/*
 * registry.h - names of protocol numbers, one table per IANA registry.
 *
 * Each table is generated from its .def file, which lists the number,
 * the RFC short name, a long name and the source of each entry.  Lookups
 * return NULL for numbers the registry does not name; callers print the
 * number then (see reg_name_or()).
 */
#ifndef IKESCOPE_REGISTRY_H
#define IKESCOPE_REGISTRY_H

#include <stdint.h>

struct reg_entry {
	uint32_t	 id;
	const char	*name;		/* RFC short name */
	const char	*desc;		/* long name */
	uint8_t		 ike_version;	/* 1, 2, or 0 for both */
	const char	*source;
};

/* Payload types: the IKEv1 and IKEv2 ranges do not overlap (33..54 v2). */
const struct reg_entry	*reg_payload_type(uint32_t id);
/* Exchange types. */
const struct reg_entry	*reg_exchange_type(uint32_t id);

/*
 * The name of an entry, or "UNKNOWN-<n>" written to buf (at least 24
 * bytes) when the registry has none.
 */
const char	*reg_name_or(const struct reg_entry *e, uint32_t id, char *buf,
		    unsigned buflen);

#endif
