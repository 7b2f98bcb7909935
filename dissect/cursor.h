/*
 * cursor.h - the one bounds-checked reader every parser goes through.
 *
 * A cursor is a view of `len` bytes at `p`; `base` is the offset of p[0]
 * from the start of the buffer the caller cares about (the IKE message),
 * so byte spans recorded while parsing are absolute.  Every read checks
 * the remaining length first and fails without moving when there is not
 * enough; nothing indexes packet bytes directly.  Values returned by
 * cur_bytes() and cur_sub() are views into the same buffer: they live as
 * long as the buffer does and are never freed.
 */
#ifndef IKESCOPE_CURSOR_H
#define IKESCOPE_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct cursor {
	const uint8_t *p;
	size_t	       len;  /* bytes left */
	size_t	       base; /* offset of p[0] in the outer buffer */
};

static inline struct cursor
cur_init(const void *p, size_t len)
{
	struct cursor c = { (const uint8_t *)p, len, 0 };
	return c;
}

static inline size_t
cur_left(const struct cursor *c)
{
	return c->len;
}

static inline size_t
cur_off(const struct cursor *c)
{
	return c->base;
}

static inline int
cur_skip(struct cursor *c, size_t n)
{
	if (n > c->len)
		return -1;
	c->p += n;
	c->len -= n;
	c->base += n;
	return 0;
}

static inline int
cur_u8(struct cursor *c, uint8_t *v)
{
	if (c->len < 1)
		return -1;
	*v = c->p[0];
	return cur_skip(c, 1);
}

static inline int
cur_be16(struct cursor *c, uint16_t *v)
{
	if (c->len < 2)
		return -1;
	*v = (uint16_t)((c->p[0] << 8) | c->p[1]);
	return cur_skip(c, 2);
}

static inline int
cur_be24(struct cursor *c, uint32_t *v)
{
	if (c->len < 3)
		return -1;
	*v = ((uint32_t)c->p[0] << 16) | ((uint32_t)c->p[1] << 8) | c->p[2];
	return cur_skip(c, 3);
}

static inline int
cur_be32(struct cursor *c, uint32_t *v)
{
	if (c->len < 4)
		return -1;
	*v = ((uint32_t)c->p[0] << 24) | ((uint32_t)c->p[1] << 16) |
	    ((uint32_t)c->p[2] << 8) | c->p[3];
	return cur_skip(c, 4);
}

static inline int
cur_be64(struct cursor *c, uint64_t *v)
{
	uint32_t hi, lo;

	if (c->len < 8)
		return -1;
	(void)cur_be32(c, &hi);
	(void)cur_be32(c, &lo);
	*v = ((uint64_t)hi << 32) | lo;
	return 0;
}

/* A view of the next n bytes; the cursor moves past them. */
static inline int
cur_bytes(struct cursor *c, size_t n, const uint8_t **v)
{
	if (n > c->len)
		return -1;
	*v = c->p;
	return cur_skip(c, n);
}

/* Copy the next n bytes out. */
static inline int
cur_copy(struct cursor *c, void *dst, size_t n)
{
	size_t i;

	if (n > c->len)
		return -1;
	for (i = 0; i < n; i++)
		((uint8_t *)dst)[i] = c->p[i];
	return cur_skip(c, n);
}

/* A sub-cursor over the next n bytes; the parent moves past them. */
static inline int
cur_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	if (n > c->len)
		return -1;
	sub->p = c->p;
	sub->len = n;
	sub->base = c->base;
	return cur_skip(c, n);
}

/*
 * A cursor over n bytes at offset off of c's buffer (off counts from the
 * same origin as c->base), without moving c.  Fails unless the window
 * lies inside c.
 */
static inline int
cur_window(const struct cursor *c, size_t off, size_t n, struct cursor *w)
{
	if (off < c->base || off - c->base > c->len ||
	    n > c->len - (off - c->base))
		return -1;
	w->p = c->p + (off - c->base);
	w->len = n;
	w->base = off;
	return 0;
}

/* Does c hold exactly the n bytes at v (an OID, a magic value)? */
static inline int
cur_equals(const struct cursor *c, const uint8_t *v, size_t n)
{
	size_t i;

	if (c->len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (c->p[i] != v[i])
			return 0;
	return 1;
}

/* Look at byte i ahead without moving. */
static inline int
cur_peek(const struct cursor *c, size_t i, uint8_t *v)
{
	if (i >= c->len)
		return -1;
	*v = c->p[i];
	return 0;
}

/* Take n bytes off the end (ESP trailers, ICVs). */
static inline int
cur_tail(struct cursor *c, size_t n, const uint8_t **v)
{
	if (n > c->len)
		return -1;
	c->len -= n;
	*v = c->p + c->len;
	return 0;
}

#endif
