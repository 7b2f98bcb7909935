/*
 * der.c - the bounded DER reader of der.h (X.690 8.1, 8.19).
 */
#include <stdio.h>

#include "der.h"

int
der_tl(struct cursor *c, uint8_t *tag, size_t *len)
{
	uint8_t b, nb;
	size_t	l = 0;

	if (cur_u8(c, tag) != 0 || cur_u8(c, &b) != 0)
		return -1;
	if ((*tag & 0x1f) == 0x1f)
		return -1;
	if (b < 0x80)
		l = b;
	else {
		nb = b & 0x7f;
		if (nb == 0 || nb > 4)
			return -1;
		while (nb-- > 0) {
			if (cur_u8(c, &b) != 0)
				return -1;
			l = (l << 8) | b;
		}
	}
	if (l > cur_left(c))
		return -1;
	*len = l;
	return 0;
}

int
der_expect(struct cursor *c, uint8_t tag, struct cursor *v)
{
	uint8_t t;
	size_t	len;

	if (der_tl(c, &t, &len) != 0 || t != tag || cur_sub(c, len, v) != 0)
		return -1;
	return 0;
}

int
der_skip(struct cursor *c)
{
	uint8_t t;
	size_t	len;

	return der_tl(c, &t, &len) == 0 && cur_skip(c, len) == 0 ? 0 : -1;
}

int
der_peek_tag(const struct cursor *c, uint8_t tag)
{
	uint8_t t;

	return cur_peek(c, 0, &t) == 0 && t == tag;
}

int
der_oid_text(const struct cursor *oid, char *buf, size_t len)
{
	struct cursor	   c = *oid;
	unsigned long long x = 0;
	size_t		   used = 0;
	int		   first = 1, w;
	uint8_t		   b = 0;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (cur_left(&c) == 0 || cur_left(&c) > 64)
		return -1;
	while (cur_u8(&c, &b) == 0) {
		if (x > (~0ULL >> 8))
			goto bad;
		x = (x << 7) | (b & 0x7f);
		if (b & 0x80)
			continue;
		if (first) {
			unsigned long long a = x < 40 ? 0 : x < 80 ? 1 : 2;

			w = snprintf(buf + used, len - used, "%llu.%llu", a,
			    x - a * 40);
			first = 0;
		} else
			w = snprintf(buf + used, len - used, ".%llu", x);
		if (w < 0 || (size_t)w >= len - used)
			goto bad;
		used += (size_t)w;
		x = 0;
	}
	if (b & 0x80)
		goto bad;
	return 0;
bad:
	buf[0] = '\0';
	return -1;
}
