/*
 * field.h - the field tree: what a dissector found, named, with the byte
 * span of each field, in the order of the wire.
 *
 * Dissectors add fields as they read them; text, JSON and the TUI walk
 * the same tree, so they cannot disagree about what was parsed.  A tree
 * is a flat array of fields linked by index (parent, first child, next
 * sibling), so building it costs one allocation that grows.
 *
 * Ownership: the tree owns its array and the strings it made (FT_STR);
 * FT_BYTES, FT_TEXT and address fields are views into the buffer that was
 * dissected (the message, or a decrypted body) and live as long as it.
 * ft_free() releases what the tree owns; ft_free(NULL) does nothing.
 */
#ifndef IKESCOPE_FIELD_H
#define IKESCOPE_FIELD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "dstatus.h"

enum field_type {
	FT_NODE,  /* a group: payload, proposal, transform, attribute */
	FT_UINT,  /* a number */
	FT_ENUM,  /* a number with its registry name (name may be NULL) */
	FT_BOOL,  /* a flag */
	FT_BYTES, /* binary, shown as hex */
	FT_TEXT,  /* text from the wire (not trusted to be UTF-8) */
	FT_IPV4,  /* 4-byte address */
	FT_IPV6,  /* 16-byte address */
	FT_STR,	  /* text the dissector made (a DN, a date, a summary) */
};

#define FT_NONE (-1)
/* Caps: a hostile message cannot make the tree larger than this. */
#define FT_MAX_FIELDS 8192
#define FT_MAX_DEPTH  16

struct field {
	const char    *key; /* JSON key (snake_case), static string */
	uint8_t	       type;
	uint8_t	       secret; /* shown only with --show-keys */
	uint8_t	       item;   /* one element of a list named key */
	uint8_t	       depth;
	uint32_t       off; /* byte span in the dissected buffer */
	uint32_t       len;
	uint32_t       n;    /* bytes at p (packets are under 4 GB) */
	uint64_t       u;    /* FT_UINT, FT_ENUM, FT_BOOL value */
	const char    *name; /* FT_ENUM: registry name, NULL if unknown */
	const uint8_t *p;    /* FT_BYTES, FT_TEXT, FT_IPV4/6: view */
	char	      *s;    /* FT_STR text; FT_NODE one-line summary; owned */
	int32_t	       parent;
	int32_t	       child; /* first child */
	int32_t	       last;  /* last child */
	int32_t	       next;  /* next sibling */
};

struct ftree {
	struct field *v;
	size_t	      n, cap;
	int32_t	      open; /* node new fields go into, or FT_NONE */
	uint8_t	      depth;
	uint8_t	      full; /* a cap was reached; later adds are dropped */
	uint8_t	      deep; /* a node past FT_MAX_DEPTH was not opened */
};

void ft_init(struct ftree *);
void ft_free(struct ftree *);
/* Give back the unused end of the array once the tree is complete. */
void ft_shrink(struct ftree *);

/*
 * Open a node (it becomes the parent of what follows) and close it.
 * ft_close() takes the index ft_open() returned, so a dissector that
 * returns early on an error leaves the tree consistent when it closes
 * its nodes on the way out.  ft_set_len() fixes a node's span once its
 * end is known.
 */
int32_t ft_open(struct ftree *, const char *key, size_t off, size_t len);
void	ft_close(struct ftree *, int32_t node);
void	ft_set_len(struct ftree *, int32_t node, size_t len);
/*
 * A one-line summary of a node in words, for the text report
 * ("ESP: AES-CBC-256, HMAC-SHA1-96", "FQDN vpn.example.com").  Takes
 * ownership of the malloc'd string; replaces an earlier summary.
 */
void ft_summary(struct ftree *, int32_t node, char *s);
void ft_summaryf(struct ftree *, int32_t node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * For summary builders: the text a printf format gives when it needs no
 * formatting (no conversion at all, or just "%s": then the argument),
 * else NULL.  Most summary pieces are words and names; copying them is
 * much cheaper than vsnprintf.
 */
const char *fmt_literal(const char *fmt, va_list ap);
/* The summary from n bytes of s (copied). */
void ft_summaryn(struct ftree *, int32_t node, const char *s, size_t n);
/*
 * Mark a field as one element of a list: siblings marked so under the
 * same key are rendered as one JSON array (proposals, transforms,
 * attributes, SPIs, CA hashes, traffic selectors).  ft_open_item() is
 * ft_open() + ft_item().
 */
void	ft_item(struct ftree *, int32_t field);
int32_t ft_open_item(struct ftree *, const char *key, size_t off, size_t len);

int32_t ft_uint(struct ftree *, const char *key, size_t off, size_t len,
    uint64_t v);
int32_t ft_enum(struct ftree *, const char *key, size_t off, size_t len,
    uint64_t v, const char *name);
int32_t ft_bool(struct ftree *, const char *key, size_t off, size_t len, int v);
int32_t ft_bytes(struct ftree *, const char *key, size_t off, const uint8_t *p,
    size_t n);
int32_t ft_text(struct ftree *, const char *key, size_t off, const uint8_t *p,
    size_t n);
int32_t ft_addr(struct ftree *, const char *key, size_t off, const uint8_t *p,
    size_t n); /* n is 4 or 16 */
/* Takes ownership of s (malloc'd); NULL s adds nothing. */
int32_t ft_str(struct ftree *, const char *key, size_t off, size_t len,
    char *s);
void	ft_secret(struct ftree *, int32_t field);

/*
 * Read-and-record helpers: read from the cursor, add the field with the
 * span read, and return 0; on a short cursor add nothing, record
 * DS_TRUNCATED in st with the offset and return -1.  `reg` names the
 * registry (registry.h) that gives the value's name.
 */

int fr_u8(struct ftree *, struct cursor *, const char *key, uint8_t *v,
    struct dstatus *st);
int fr_be16(struct ftree *, struct cursor *, const char *key, uint16_t *v,
    struct dstatus *st);
int fr_be32(struct ftree *, struct cursor *, const char *key, uint32_t *v,
    struct dstatus *st);
int fr_enum8(struct ftree *, struct cursor *, const char *key, unsigned reg,
    uint8_t *v, struct dstatus *st);
int fr_enum16(struct ftree *, struct cursor *, const char *key, unsigned reg,
    uint16_t *v, struct dstatus *st);
int fr_bytes(struct ftree *, struct cursor *, const char *key, size_t n,
    const uint8_t **v, struct dstatus *st);
int fr_text(struct ftree *, struct cursor *, const char *key, size_t n,
    struct dstatus *st);
int fr_rest(struct ftree *, struct cursor *, const char *key, const uint8_t **v,
    size_t *n); /* all that is left, maybe 0 */

/* Tree walking for front-ends. */
static inline const struct field *
ft_get(const struct ftree *t, int32_t i)
{
	return (i >= 0 && (size_t)i < t->n) ? &t->v[i] : NULL;
}

/* First direct child of node with this key, or FT_NONE. */
int32_t ft_find(const struct ftree *, int32_t node, const char *key);
/* The numeric value (u) of that child, or 0 when there is none. */
uint64_t ft_child_u(const struct ftree *, int32_t node, const char *key);

#endif
