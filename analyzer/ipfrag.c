/*
 * ipfrag.c - reassembly of IPv4 and IPv6 fragments (RFC 791 3.2,
 * RFC 815, RFC 8200 4.5, RFC 5722).
 *
 * Each datagram keeps one buffer for its payload and a bitmap of the bytes
 * received, both grown to the highest byte seen so far.  A byte is written
 * only the first time it arrives, which makes duplicates free and fixes
 * the overlap policy: first copy wins.  A datagram is complete when the
 * last fragment (MF/M clear) has told its length and every byte below it
 * has arrived; counting bytes received as they are set avoids rescanning
 * the bitmap.
 *
 * The table is a list in the order datagrams were opened, so the oldest
 * is at the head for timeouts and evictions.  NET_FRAG_MAX_OPEN is small
 * enough that finding a datagram by walking the list is cheap.
 *
 * A datagram that cannot be reassembled (too big, lengths that disagree)
 * stays in the table as "dead", without buffers, until it times out, so
 * its other fragments are swallowed quietly instead of each opening a
 * new datagram that could never complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/cursor.h"
#include "analysis.h"
#include "ipfrag.h"
#include "net.h"
#include "util.h"

struct dgram {
	struct dgram	 *prev, *next;
	struct ipfrag_key key;
	uint8_t		 *buf;
	uint8_t		 *have;	  /* bitmap, one bit per byte */
	size_t		  cap;	  /* bytes of buf */
	size_t		  got;	  /* bytes received */
	size_t		  total;  /* length, once known */
	size_t		  maxend; /* highest byte received + 1 */
	uint8_t		  total_known;
	uint8_t		  nh, nh_known;
	uint8_t		  dead;
	uint8_t		  overlap_told;
	uint32_t	  nfrags;
	uint64_t	  first_frame;
	struct isc_time	  first_ts;
};

struct ipfrag {
	struct dgram *head, *tail; /* oldest first */
	size_t	      n;
	size_t	      bytes; /* buffers and bitmaps of all */
};

static size_t
dgram_cost(size_t cap)
{
	return cap + (cap + 7) / 8;
}

static int
key_eq(const struct ipfrag_key *x, const struct ipfrag_key *y)
{
	return x->id == y->id && x->proto == y->proto &&
	    isc_addr_eq(&x->src, &y->src) && isc_addr_eq(&x->dst, &y->dst);
}

static const char *
key_str(const struct ipfrag_key *k, char *buf, size_t len)
{
	char s[64], d[64];

	isc_addr_str(&k->src, s, sizeof(s));
	isc_addr_str(&k->dst, d, sizeof(d));
	if (k->src.family == 6)
		snprintf(buf, len, "IPv6 datagram %s -> %s id 0x%08x", s, d,
		    k->id);
	else
		snprintf(buf, len,
		    "IPv4 datagram %s -> %s id 0x%04x "
		    "protocol %u",
		    s, d, k->id, k->proto);
	return buf;
}

struct ipfrag *
ipfrag_new(void)
{
	return xcalloc(1, sizeof(struct ipfrag));
}

static void
dgram_release(struct dgram *g)
{
	free(g->buf);
	free(g->have);
	g->buf = g->have = NULL;
}

/* Take g out of the table and free it (its buffer too, unless handed out). */
static void
dgram_remove(struct ipfrag *f, struct dgram *g)
{
	if (g->prev != NULL)
		g->prev->next = g->next;
	else
		f->head = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
	else
		f->tail = g->prev;
	f->n--;
	f->bytes -= dgram_cost(g->cap);
	dgram_release(g);
	free(g);
}

/* Drop g's buffers but remember it, so its other fragments are ignored. */
static void
dgram_kill(struct ipfrag *f, struct dgram *g)
{
	f->bytes -= dgram_cost(g->cap);
	dgram_release(g);
	g->cap = 0;
	g->dead = 1;
}

void
ipfrag_free(struct ipfrag *f)
{
	if (f == NULL)
		return;
	while (f->head != NULL)
		dgram_remove(f, f->head);
	free(f);
}

size_t
ipfrag_open(const struct ipfrag *f)
{
	return f->n;
}

size_t
ipfrag_bytes(const struct ipfrag *f)
{
	return f->bytes;
}

static void
evict_oldest(struct ipfrag *f, const struct dgram *keep, uint64_t frame,
    const char *why, struct isc_diags *d)
{
	struct dgram *g = f->head;
	char	      ks[200];

	if (g == keep)
		g = g->next;
	if (g == NULL)
		return;
	if (!g->dead)
		diag_add(d, ISC_SEV_WARNING, "frag-cap", frame,
		    "IP reassembly is full (%s), so the oldest incomplete "
		    "datagram (%s, first fragment in frame %llu, %zu bytes so "
		    "far) is dropped",
		    why, key_str(&g->key, ks, sizeof(ks)),
		    (unsigned long long)g->first_frame, g->got);
	dgram_remove(f, g);
}

void
ipfrag_expire(struct ipfrag *f, struct isc_time now, struct isc_diags *d)
{
	char ks[200];

	/*
	 * Opened in order, so the first one young enough ends the walk.
	 * Capture time may step back between files; such datagrams stay.
	 */
	while (f->head != NULL && now.sec > f->head->first_ts.sec &&
	    now.sec - f->head->first_ts.sec > NET_FRAG_TIMEOUT) {
		struct dgram *g = f->head;

		if (!g->dead)
			diag_add(d, ISC_SEV_WARNING, "frag-timeout",
			    g->first_frame,
			    "%s: only %zu bytes arrived within "
			    "%d seconds of its first fragment; dropped",
			    key_str(&g->key, ks, sizeof(ks)), g->got,
			    NET_FRAG_TIMEOUT);
		dgram_remove(f, g);
	}
}

static struct dgram *
dgram_open(struct ipfrag *f, const struct ipfrag_key *k,
    const struct ipfrag_frag *fr, struct isc_diags *d)
{
	struct dgram *g;

	while (f->n >= NET_FRAG_MAX_OPEN)
		evict_oldest(f, NULL, fr->frame, "too many datagrams open", d);
	g = xcalloc(1, sizeof(*g));
	g->key = *k;
	g->first_frame = fr->frame;
	g->first_ts = fr->ts;
	g->prev = f->tail;
	if (f->tail != NULL)
		f->tail->next = g;
	else
		f->head = g;
	f->tail = g;
	f->n++;
	return g;
}

/* Make room for `end` bytes in g, evicting others to stay in the caps. */
static void
dgram_grow(struct ipfrag *f, struct dgram *g, size_t end, uint64_t frame,
    struct isc_diags *d)
{
	size_t ncap, oldmap, newmap;

	if (end <= g->cap)
		return;
	/* Round up so a run of in-order fragments does not realloc each. */
	ncap = (end + 2047) & ~(size_t)2047;
	if (ncap > NET_FRAG_MAX_DATAGRAM)
		ncap = NET_FRAG_MAX_DATAGRAM;
	while (f->bytes - dgram_cost(g->cap) + dgram_cost(ncap) >
		NET_FRAG_MAX_BYTES &&
	    f->n > 1)
		evict_oldest(f, g, frame, "too many bytes buffered", d);
	oldmap = (g->cap + 7) / 8;
	newmap = (ncap + 7) / 8;
	g->buf = xreallocarray(g->buf, ncap, 1);
	g->have = xreallocarray(g->have, newmap, 1);
	memset(g->have + oldmap, 0, newmap - oldmap);
	f->bytes += dgram_cost(ncap) - dgram_cost(g->cap);
	g->cap = ncap;
}

enum ipfrag_result
ipfrag_add(struct ipfrag *f, const struct ipfrag_key *k,
    const struct ipfrag_frag *fr, struct isc_diags *d, struct ipfrag_done *out)
{
	struct cursor c = cur_init(fr->data, fr->len);
	struct dgram *g;
	size_t	      end = (size_t)fr->off + fr->len, i;
	int	      differs = 0;
	char	      ks[200];

	memset(out, 0, sizeof(*out));
	ipfrag_expire(f, fr->ts, d);
	for (g = f->head; g != NULL; g = g->next)
		if (key_eq(&g->key, k))
			break;
	if (g == NULL)
		g = dgram_open(f, k, fr, d);
	if (g->dead)
		return IPFRAG_DROPPED;
	g->nfrags++;

	if (end > NET_FRAG_MAX_DATAGRAM) {
		diag_add(d, ISC_SEV_WARNING, "frag-too-big", fr->frame,
		    "%s: fragment at offset %u ends at byte %zu, past the "
		    "%u bytes a datagram can hold; the datagram is dropped",
		    key_str(k, ks, sizeof(ks)), fr->off, end,
		    (unsigned)NET_FRAG_MAX_DATAGRAM);
		dgram_kill(f, g);
		return IPFRAG_DROPPED;
	}
	if (!fr->more) {
		if (g->total_known && g->total != end) {
			diag_add(d, ISC_SEV_WARNING, "frag-inconsistent",
			    fr->frame,
			    "%s: a second last fragment says the "
			    "datagram is %zu bytes, the first said %zu; the "
			    "first is kept",
			    key_str(k, ks, sizeof(ks)), end, g->total);
			return IPFRAG_DROPPED;
		}
		if (g->maxend > end) {
			diag_add(d, ISC_SEV_WARNING, "frag-inconsistent",
			    fr->frame,
			    "%s: last fragment ends at byte %zu "
			    "but bytes up to %zu have arrived; the datagram "
			    "is dropped",
			    key_str(k, ks, sizeof(ks)), end, g->maxend);
			dgram_kill(f, g);
			return IPFRAG_DROPPED;
		}
		g->total = end;
		g->total_known = 1;
	} else if (g->total_known && end > g->total) {
		diag_add(d, ISC_SEV_WARNING, "frag-inconsistent", fr->frame,
		    "%s: fragment at offset %u runs to byte %zu, past the "
		    "datagram's end at %zu; ignored",
		    key_str(k, ks, sizeof(ks)), fr->off, end, g->total);
		return IPFRAG_DROPPED;
	}
	if (fr->off == 0 && !g->nh_known) {
		/* RFC 8200 4.5: the offset-0 fragment's next header counts. */
		g->nh = fr->nh;
		g->nh_known = 1;
	}
	if (fr->len > 0)
		dgram_grow(f, g, end, fr->frame, d);

	for (i = fr->off; i < end; i++) {
		uint8_t b;

		if (cur_u8(&c, &b) != 0)
			break;
		if (g->have[i / 8] & (1u << (i % 8))) {
			if (g->buf[i] != b)
				differs = 1;
			continue;
		}
		g->have[i / 8] |= (uint8_t)(1u << (i % 8));
		g->buf[i] = b;
		g->got++;
	}
	if (end > g->maxend)
		g->maxend = end;
	if (differs && !g->overlap_told) {
		g->overlap_told = 1;
		diag_add(d, ISC_SEV_WARNING, "frag-overlap", fr->frame,
		    "%s: fragment at offset %u overlaps bytes already received "
		    "and disagrees with them (RFC 5722); the first copy is "
		    "kept",
		    key_str(k, ks, sizeof(ks)), fr->off);
	}

	if (!g->total_known || g->got != g->total)
		return IPFRAG_PENDING;

	/* Complete: hand the buffer over and forget the datagram. */
	out->data = g->buf != NULL ? g->buf : xmalloc(1);
	out->len = g->total;
	out->proto = k->src.family == 6 ? g->nh : k->proto;
	out->nfrags = g->nfrags;
	g->buf = NULL;
	dgram_remove(f, g);
	return IPFRAG_DONE;
}

void
ipfrag_flush(struct ipfrag *f, struct isc_diags *d)
{
	char ks[200];

	while (f->head != NULL) {
		struct dgram *g = f->head;

		if (!g->dead) {
			if (g->total_known)
				diag_add(d, ISC_SEV_WARNING, "frag-incomplete",
				    g->first_frame,
				    "%s: capture ended with "
				    "%zu of its %zu bytes reassembled (%u "
				    "fragments seen)",
				    key_str(&g->key, ks, sizeof(ks)), g->got,
				    g->total, g->nfrags);
			else
				diag_add(d, ISC_SEV_WARNING, "frag-incomplete",
				    g->first_frame,
				    "%s: capture ended with "
				    "%zu bytes reassembled and the last "
				    "fragment never seen (%u fragments seen)",
				    key_str(&g->key, ks, sizeof(ks)), g->got,
				    g->nfrags);
		}
		dgram_remove(f, g);
	}
}
