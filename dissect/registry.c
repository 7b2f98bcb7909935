/*
 * registry.c - IANA registry tables built from the .def lists.
 */
#include <stdio.h>
#include <stddef.h>

#include "registry.h"

static const struct reg_entry payload_types[] = {
#define PT(id, name, desc, v, src) { id, name, desc, v, src },
#include "payload_types.def"
#undef PT
};

static const struct reg_entry exchange_types[] = {
#define XT(id, name, desc, v, src) { id, name, desc, v, src },
#include "exchange_types.def"
#undef XT
};

static const struct reg_entry *
lookup(const struct reg_entry *t, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

#define LOOKUP(t, id) lookup((t), sizeof(t) / sizeof((t)[0]), (id))

const struct reg_entry *
reg_payload_type(uint32_t id)
{
	return LOOKUP(payload_types, id);
}

const struct reg_entry *
reg_exchange_type(uint32_t id)
{
	return LOOKUP(exchange_types, id);
}

const char *
reg_name_or(const struct reg_entry *e, uint32_t id, char *buf, unsigned buflen)
{
	if (e != NULL)
		return e->name;
	snprintf(buf, buflen, "UNKNOWN-%u", (unsigned)id);
	return buf;
}
