/*
 * htab.h - a chained hash table from 64-bit keys to pointers.
 *
 * Several values may share a key (IKE SAs with the same initiator SPI, ESP
 * SAs with the same SPI towards different peers): htab_first()/htab_next()
 * walk every value stored under a key, newest first.  The table grows as
 * needed; it never owns the values.
 */
#ifndef IKESCOPE_HTAB_H
#define IKESCOPE_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct htab;
struct htab_node;

struct htab *htab_new(void);
void	     htab_free(struct htab *);
void	     htab_put(struct htab *, uint64_t key, void *value);
/* First node under key, or NULL; htab_value() gives its value. */
struct htab_node *htab_first(const struct htab *, uint64_t key);
struct htab_node *htab_next(const struct htab_node *, uint64_t key);
void		 *htab_value(const struct htab_node *);
/* Remove the node of key that holds value (if any). */
void htab_del(struct htab *, uint64_t key, const void *value);

/* 64-bit hash of bytes (FNV-1a, then mixed). */
uint64_t hash_bytes(const void *p, size_t n);

#endif
