/*
 * htab.c - chained hash table from 64-bit keys to pointers.
 */
#include <stdlib.h>

#include "htab.h"
#include "util.h"

struct htab_node {
	struct htab_node *next;
	uint64_t	  key;
	void		 *value;
};

struct htab {
	struct htab_node **b;
	size_t		   nb; /* power of two */
	size_t		   n;
};

static size_t
slot(uint64_t key, size_t nb)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)(key & (nb - 1));
}

struct htab *
htab_new(void)
{
	struct htab *h = xcalloc(1, sizeof(*h));

	h->nb = 64;
	h->b = xcalloc(h->nb, sizeof(*h->b));
	return h;
}

void
htab_free(struct htab *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nb; i++) {
		struct htab_node *n = h->b[i], *next;

		for (; n != NULL; n = next) {
			next = n->next;
			free(n);
		}
	}
	free(h->b);
	free(h);
}

static void
grow(struct htab *h)
{
	size_t		   nb = h->nb * 2, i;
	struct htab_node **b = xcalloc(nb, sizeof(*b));

	/* Keep the newest-first order within each key. */
	for (i = 0; i < h->nb; i++) {
		struct htab_node *n = h->b[i], *next, **tail;

		for (; n != NULL; n = next) {
			next = n->next;
			tail = &b[slot(n->key, nb)];
			while (*tail != NULL)
				tail = &(*tail)->next;
			n->next = NULL;
			*tail = n;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
}

void
htab_put(struct htab *h, uint64_t key, void *value)
{
	struct htab_node *n = xmalloc(sizeof(*n));
	size_t		  s;

	if (h->n >= h->nb)
		grow(h);
	s = slot(key, h->nb);
	n->key = key;
	n->value = value;
	n->next = h->b[s];
	h->b[s] = n;
	h->n++;
}

void
htab_del(struct htab *h, uint64_t key, const void *value)
{
	struct htab_node **pp = &h->b[slot(key, h->nb)];

	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->key == key && (*pp)->value == value) {
			struct htab_node *n = *pp;

			*pp = n->next;
			free(n);
			h->n--;
			return;
		}
}

struct htab_node *
htab_first(const struct htab *h, uint64_t key)
{
	struct htab_node *n = h->b[slot(key, h->nb)];

	while (n != NULL && n->key != key)
		n = n->next;
	return n;
}

struct htab_node *
htab_next(const struct htab_node *n, uint64_t key)
{
	for (n = n->next; n != NULL && n->key != key; n = n->next)
		;
	return (struct htab_node *)n;
}

void *
htab_value(const struct htab_node *n)
{
	return n->value;
}

uint64_t
hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t       h = 0xcbf29ce484222325ULL;
	size_t	       i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 29;
	return h;
}
