/*
 * field.c - building the field tree.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "registry.h"

void
ft_init(struct ftree *t)
{
	memset(t, 0, sizeof(*t));
	t->open = FT_NONE;
}

void
ft_free(struct ftree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	ft_init(t);
}

void
ft_shrink(struct ftree *t)
{
	struct field *nv;

	if (t == NULL || t->cap <= t->n || t->n == 0)
		return;
	if ((nv = realloc(t->v, t->n * sizeof(*nv))) == NULL)
		return; /* the larger array stays valid */
	t->v = nv;
	t->cap = t->n;
}

/* Append a field under the open node; FT_NONE when a cap is reached. */
static int32_t
add(struct ftree *t, const char *key, uint8_t type, size_t off, size_t len)
{
	struct field *f;
	int32_t	      i;

	if (t->full)
		return FT_NONE;
	if (t->n >= FT_MAX_FIELDS) {
		t->full = 1;
		return FT_NONE;
	}
	if (t->n == t->cap) {
		size_t	      ncap = t->cap ? t->cap * 2 : 32;
		struct field *nv = realloc(t->v, ncap * sizeof(*nv));

		if (nv == NULL) {
			t->full = 1;
			return FT_NONE;
		}
		t->v = nv;
		t->cap = ncap;
	}
	i = (int32_t)t->n++;
	f = &t->v[i];
	memset(f, 0, sizeof(*f));
	f->key = key;
	f->type = type;
	f->depth = t->depth;
	f->off = (uint32_t)off;
	f->len = (uint32_t)len;
	f->parent = t->open;
	f->child = f->last = f->next = FT_NONE;
	if (t->open != FT_NONE) {
		struct field *p = &t->v[t->open];

		if (p->last != FT_NONE)
			t->v[p->last].next = i;
		else
			p->child = i;
		p->last = i;
	}
	return i;
}

int32_t
ft_open(struct ftree *t, const char *key, size_t off, size_t len)
{
	int32_t i;

	if (t->depth >= FT_MAX_DEPTH) {
		t->deep = 1;
		return FT_NONE;
	}
	i = add(t, key, FT_NODE, off, len);
	if (i != FT_NONE) {
		t->open = i;
		t->depth++;
	}
	return i;
}

void
ft_close(struct ftree *t, int32_t node)
{
	if (node == FT_NONE || (size_t)node >= t->n)
		return;
	/* Close node and anything still open inside it. */
	t->open = t->v[node].parent;
	t->depth = t->v[node].depth;
}

void
ft_set_len(struct ftree *t, int32_t node, size_t len)
{
	if (node != FT_NONE && (size_t)node < t->n)
		t->v[node].len = (uint32_t)len;
}

void
ft_summary(struct ftree *t, int32_t node, char *s)
{
	if (node == FT_NONE || (size_t)node >= t->n) {
		free(s);
		return;
	}
	free(t->v[node].s);
	t->v[node].s = s;
}

void
ft_summaryf(struct ftree *t, int32_t node, const char *fmt, ...)
{
	va_list ap;
	char   *s;
	int	n;

	char buf[256];

	/* Most summaries are short: formatted once, on the stack. */
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return;
	if ((size_t)n < sizeof(buf))
		memcpy(s, buf, (size_t)n + 1);
	else {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	ft_summary(t, node, s);
}

void
ft_summaryn(struct ftree *t, int32_t node, const char *s, size_t n)
{
	char *c;

	if (node == FT_NONE || (size_t)node >= t->n ||
	    (c = malloc(n + 1)) == NULL)
		return;
	memcpy(c, s, n);
	c[n] = '\0';
	ft_summary(t, node, c);
}

const char *
fmt_literal(const char *fmt, va_list ap)
{
	if (strchr(fmt, '%') == NULL)
		return fmt;
	if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0')
		return va_arg(ap, const char *);
	return NULL;
}

void
ft_item(struct ftree *t, int32_t i)
{
	if (i != FT_NONE && (size_t)i < t->n)
		t->v[i].item = 1;
}

int32_t
ft_open_item(struct ftree *t, const char *key, size_t off, size_t len)
{
	int32_t i = ft_open(t, key, off, len);

	ft_item(t, i);
	return i;
}

int32_t
ft_uint(struct ftree *t, const char *key, size_t off, size_t len, uint64_t v)
{
	int32_t i = add(t, key, FT_UINT, off, len);

	if (i != FT_NONE)
		t->v[i].u = v;
	return i;
}

int32_t
ft_enum(struct ftree *t, const char *key, size_t off, size_t len, uint64_t v,
    const char *name)
{
	int32_t i = add(t, key, FT_ENUM, off, len);

	if (i != FT_NONE) {
		t->v[i].u = v;
		t->v[i].name = name;
	}
	return i;
}

int32_t
ft_bool(struct ftree *t, const char *key, size_t off, size_t len, int v)
{
	int32_t i = add(t, key, FT_BOOL, off, len);

	if (i != FT_NONE)
		t->v[i].u = v != 0;
	return i;
}

static int32_t
add_view(struct ftree *t, const char *key, uint8_t type, size_t off,
    const uint8_t *p, size_t n)
{
	int32_t i = add(t, key, type, off, n);

	if (i != FT_NONE) {
		t->v[i].p = p;
		t->v[i].n = (uint32_t)n;
	}
	return i;
}

int32_t
ft_bytes(struct ftree *t, const char *key, size_t off, const uint8_t *p,
    size_t n)
{
	return add_view(t, key, FT_BYTES, off, p, n);
}

int32_t
ft_text(struct ftree *t, const char *key, size_t off, const uint8_t *p,
    size_t n)
{
	return add_view(t, key, FT_TEXT, off, p, n);
}

int32_t
ft_addr(struct ftree *t, const char *key, size_t off, const uint8_t *p,
    size_t n)
{
	if (n != 4 && n != 16)
		return add_view(t, key, FT_BYTES, off, p, n);
	return add_view(t, key, n == 4 ? FT_IPV4 : FT_IPV6, off, p, n);
}

int32_t
ft_str(struct ftree *t, const char *key, size_t off, size_t len, char *s)
{
	int32_t i;

	if (s == NULL)
		return FT_NONE;
	i = add(t, key, FT_STR, off, len);
	if (i == FT_NONE) {
		free(s);
		return FT_NONE;
	}
	t->v[i].s = s;
	return i;
}

void
ft_secret(struct ftree *t, int32_t i)
{
	if (i != FT_NONE && (size_t)i < t->n)
		t->v[i].secret = 1;
}

int32_t
ft_find(const struct ftree *t, int32_t node, const char *key)
{
	const struct field *f = ft_get(t, node);
	int32_t		    i;

	if (f == NULL)
		return FT_NONE;
	/* Keys are static strings, often the very same one. */
	for (i = f->child; i != FT_NONE; i = t->v[i].next)
		if (t->v[i].key == key || strcmp(t->v[i].key, key) == 0)
			return i;
	return FT_NONE;
}

uint64_t
ft_child_u(const struct ftree *t, int32_t node, const char *key)
{
	const struct field *f = ft_get(t, ft_find(t, node, key));

	return f != NULL ? f->u : 0;
}

static int
short_read(struct cursor *c, const char *key, struct dstatus *st)
{
	(void)key;
	ds_set(st, DS_TRUNCATED, cur_off(c), "field cut short");
	return -1;
}

int
fr_u8(struct ftree *t, struct cursor *c, const char *key, uint8_t *v,
    struct dstatus *st)
{
	size_t	off = cur_off(c);
	uint8_t x;

	if (cur_u8(c, &x) != 0)
		return short_read(c, key, st);
	ft_uint(t, key, off, 1, x);
	if (v != NULL)
		*v = x;
	return 0;
}

int
fr_be16(struct ftree *t, struct cursor *c, const char *key, uint16_t *v,
    struct dstatus *st)
{
	size_t	 off = cur_off(c);
	uint16_t x;

	if (cur_be16(c, &x) != 0)
		return short_read(c, key, st);
	ft_uint(t, key, off, 2, x);
	if (v != NULL)
		*v = x;
	return 0;
}

int
fr_be32(struct ftree *t, struct cursor *c, const char *key, uint32_t *v,
    struct dstatus *st)
{
	size_t	 off = cur_off(c);
	uint32_t x;

	if (cur_be32(c, &x) != 0)
		return short_read(c, key, st);
	ft_uint(t, key, off, 4, x);
	if (v != NULL)
		*v = x;
	return 0;
}

int
fr_enum8(struct ftree *t, struct cursor *c, const char *key, unsigned reg,
    uint8_t *v, struct dstatus *st)
{
	size_t	off = cur_off(c);
	uint8_t x;

	if (cur_u8(c, &x) != 0)
		return short_read(c, key, st);
	ft_enum(t, key, off, 1, x, reg_name(reg, x));
	if (v != NULL)
		*v = x;
	return 0;
}

int
fr_enum16(struct ftree *t, struct cursor *c, const char *key, unsigned reg,
    uint16_t *v, struct dstatus *st)
{
	size_t	 off = cur_off(c);
	uint16_t x;

	if (cur_be16(c, &x) != 0)
		return short_read(c, key, st);
	ft_enum(t, key, off, 2, x, reg_name(reg, x));
	if (v != NULL)
		*v = x;
	return 0;
}

int
fr_bytes(struct ftree *t, struct cursor *c, const char *key, size_t n,
    const uint8_t **v, struct dstatus *st)
{
	size_t	       off = cur_off(c);
	const uint8_t *p;

	if (cur_bytes(c, n, &p) != 0)
		return short_read(c, key, st);
	ft_bytes(t, key, off, p, n);
	if (v != NULL)
		*v = p;
	return 0;
}

int
fr_text(struct ftree *t, struct cursor *c, const char *key, size_t n,
    struct dstatus *st)
{
	size_t	       off = cur_off(c);
	const uint8_t *p;

	if (cur_bytes(c, n, &p) != 0)
		return short_read(c, key, st);
	ft_text(t, key, off, p, n);
	return 0;
}

int
fr_rest(struct ftree *t, struct cursor *c, const char *key, const uint8_t **v,
    size_t *n)
{
	size_t	       off = cur_off(c), len = cur_left(c);
	const uint8_t *p = c->p;

	(void)cur_skip(c, len);
	ft_bytes(t, key, off, p, len);
	if (v != NULL)
		*v = p;
	if (n != NULL)
		*n = len;
	return 0;
}
