/*
 * dstatus.h - how a parser tells what went wrong, and where.
 *
 * Every parser in dissect/ returns one of these codes and, when it is not
 * DS_OK, fills a struct dstatus with the byte offset (in the message) and
 * a static message.  Nothing here allocates.
 */
#ifndef IKESCOPE_DSTATUS_H
#define IKESCOPE_DSTATUS_H

#include <stddef.h>

enum dstatus_code {
	DS_OK = 0,
	DS_TRUNCATED, /* ran out of bytes */
	DS_INVALID,   /* bytes present but not what the RFC allows */
	DS_LIMIT,     /* a cap (payload count, depth) was reached */
};

struct dstatus {
	enum dstatus_code code;
	size_t		  off;
	const char	 *msg;
};

static inline enum dstatus_code
ds_set(struct dstatus *st, enum dstatus_code code, size_t off, const char *msg)
{
	if (st != NULL && st->code == DS_OK) {
		st->code = code;
		st->off = off;
		st->msg = msg;
	}
	return code;
}

static inline const char *
ds_code_name(enum dstatus_code c)
{
	switch (c) {
	case DS_OK:
		return "ok";
	case DS_TRUNCATED:
		return "truncated";
	case DS_INVALID:
		return "invalid";
	case DS_LIMIT:
		return "limit";
	}
	return "?";
}

#endif
