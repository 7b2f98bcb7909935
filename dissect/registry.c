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
	snprintf(buf, buflen, "UNKNOWN(%u)", (unsigned)id);
	return buf;
}

const struct reg_entry *
reg_lookup(unsigned reg, uint32_t id)
{
	switch (reg) {
	case REG_PAYLOAD:
		return reg_payload_type(id);
	case REG_EXCHANGE:
		return reg_exchange_type(id);
	}
	if (reg >= 100 && reg < 200)
		return reg_v1_lookup(reg, id);
	if (reg >= 200 && reg < 300)
		return reg_v2_lookup(reg, id);
	return NULL;
}

const char *
reg_name(unsigned reg, uint32_t id)
{
	const struct reg_entry *e = reg_lookup(reg, id);

	return e != NULL ? e->name : NULL;
}

const char *
reg_name_buf(unsigned reg, uint32_t id, char *buf, unsigned buflen)
{
	return reg_name_or(reg_lookup(reg, id), id, buf, buflen);
}
