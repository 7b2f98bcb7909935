/*
 * tcpstream.c - TCP stream reassembly and RFC 8229 / RFC 9329 framing of
 * IKE and ESP over TCP (RFC 9293 3.4, 3.10; RFC 8229 3, 3.1; RFC 9329 3).
 *
 * Each direction of a connection keeps the next sequence number it
 * expects, a list of segments that arrived ahead of it (sorted, capped at
 * NET_TCP_MAX_BUFFER bytes), and the in-order bytes not yet cut into
 * records.  The SYN fixes the initial sequence number; a direction first
 * seen without one starts at its first segment and is "unsynced": it does
 * not know where records begin, so it looks for the first position that
 * reads as a whole IKE record (length, zero marker, an ISAKMP header whose
 * own length fits the record) and starts there.  The same search follows
 * every hole in the data, since a record that spans a hole is lost and
 * the bytes after it are no guide.
 *
 * Data before the expected sequence number is a retransmission: only the
 * new part of an overlapping segment is used (the first copy wins, as for
 * IP fragments).  A record length below 6 cannot hold a marker or an SPI
 * and means the framing is lost for good: that direction is no longer
 * parsed, so a broken stream costs no memory and cannot loop.
 *
 * A record is reported with the frame of the segment whose arrival
 * completed it in capture order (for segments held out of order, the one
 * that filled the hole), so records come out in capture order.  At the
 * end of input, records completed by giving up on a hole carry the frame
 * of the segment that held their last byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/cursor.h"
#include "analysis.h"
#include "net.h"
#include "tcpstream.h"
#include "util.h"

#define IKETCP_LEN 6 /* "IKETCP", RFC 8229 3.1 */
#define REC_MIN	   6 /* length field + marker or SPI */
/* Bytes needed to recognise an IKE record: length, marker, ISAKMP header */
#define SYNC_LEN (2 + 4 + 28)

static const uint8_t iketcp[IKETCP_LEN] = { 'I', 'K', 'E', 'T', 'C', 'P' };

struct ooo {
	struct ooo     *next;
	uint32_t	seq;
	size_t		len;	 /* captured bytes in data[] */
	size_t		wirelen; /* sequence space it covers */
	uint64_t	frame;
	struct isc_time ts;
	uint8_t		reassembled;
	uint8_t		data[];
};

struct dir {
	struct isc_endpoint src, dst;
	uint8_t		    started; /* next is meaningful */
	uint8_t		    syn_seen;
	uint8_t		    synced; /* buf starts at a record */
	uint8_t		    prefix; /* "IKETCP" may come next */
	uint8_t		    broken; /* framing lost: stop */
	uint8_t		    fin;
	uint32_t	    isn;
	uint32_t	    next;      /* next sequence number */
	struct ooo	   *ooo;       /* ahead of next, by seq */
	size_t		    ooo_bytes; /* with their headers */
	uint8_t		   *buf;       /* in order, not yet framed */
	size_t		    len, cap;
	size_t		    skipped;	/* unsynced bytes passed over */
	uint64_t	    last_frame; /* for end-of-stream reports */
};

struct stream {
	struct stream *prev, *next; /* least recently active first */
	struct dir     d[2];	    /* d[0] sent the first segment seen */
};

struct tcps {
	struct stream *head, *tail;
	size_t	       n;
};

/* Who gets a record, and which segment it is credited to. */
struct emit {
	const struct tcps_sink *sink;
	uint64_t		frame;
	struct isc_time		ts;
	uint8_t			reassembled;
};

static const char *
dir_str(const struct dir *dr, char *buf, size_t len)
{
	char s[64], d[64];

	isc_addr_str(&dr->src.ip, s, sizeof(s));
	isc_addr_str(&dr->dst.ip, d, sizeof(d));
	snprintf(buf, len, "%s%s%s:%u -> %s%s%s:%u",
	    dr->src.ip.family == 6 ? "[" : "", s,
	    dr->src.ip.family == 6 ? "]" : "", dr->src.port,
	    dr->dst.ip.family == 6 ? "[" : "", d,
	    dr->dst.ip.family == 6 ? "]" : "", dr->dst.port);
	return buf;
}

struct tcps *
tcps_new(void)
{
	return xcalloc(1, sizeof(struct tcps));
}

size_t
tcps_count(const struct tcps *t)
{
	return t->n;
}

size_t
tcps_buffered(const struct tcps *t)
{
	const struct stream *s;
	size_t		     n = 0;
	int		     i;

	for (s = t->head; s != NULL; s = s->next)
		for (i = 0; i < 2; i++)
			n += s->d[i].ooo_bytes + s->d[i].len;
	return n;
}

static void
dir_clear(struct dir *dr)
{
	struct ooo *o;

	while ((o = dr->ooo) != NULL) {
		dr->ooo = o->next;
		free(o);
	}
	dr->ooo_bytes = 0;
	free(dr->buf);
	dr->buf = NULL;
	dr->len = dr->cap = 0;
}

static void
emit_record(struct dir *dr, enum tcps_kind kind, struct cursor *body,
    const struct emit *e)
{
	struct tcps_rec r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.src = dr->src;
	r.dst = dr->dst;
	r.data = body->p;
	r.len = cur_left(body);
	r.frame = e->frame;
	r.ts = e->ts;
	r.reassembled = e->reassembled;
	if (e->sink->rec != NULL)
		e->sink->rec(e->sink->ctx, &r);
}

/*
 * Does an IKE record start here?  Length, zero marker, and an ISAKMP
 * header of a known major version whose length is the rest of the record.
 */
static int
looks_like_ike_record(struct cursor c)
{
	uint32_t marker, ikelen;
	uint16_t rlen;
	uint8_t	 ver;

	if (cur_be16(&c, &rlen) != 0 || cur_be32(&c, &marker) != 0 ||
	    marker != 0 || rlen < SYNC_LEN)
		return 0;
	if (cur_skip(&c, 17) != 0 || cur_u8(&c, &ver) != 0 ||
	    (ver >> 4 != 1 && ver >> 4 != 2))
		return 0;
	if (cur_skip(&c, 6) != 0 || cur_be32(&c, &ikelen) != 0)
		return 0;
	return ikelen + 6 == rlen;
}

/*
 * Find where records begin in buf[*off..].  Returns 1 with *off moved
 * there, or 0 after dropping all but the bytes that could still start a
 * record once more data comes.
 */
static int
dir_resync(struct dir *dr, size_t *off, const struct emit *e)
{
	size_t i;
	char   ds[160];

	for (i = *off; dr->len - i >= SYNC_LEN; i++) {
		if (!looks_like_ike_record(cur_init(dr->buf + i, dr->len - i)))
			continue;
		dr->skipped += i - *off;
		if (dr->skipped > 0)
			diag_add(e->sink->diags, ISC_SEV_INFO, "tcp-resync",
			    e->frame,
			    "%s: skipped %zu bytes to find the start "
			    "of an RFC 8229 record",
			    dir_str(dr, ds, sizeof(ds)), dr->skipped);
		dr->skipped = 0;
		dr->synced = 1;
		*off = i;
		return 1;
	}
	if (dr->len - *off >= SYNC_LEN) {
		dr->skipped += dr->len - (SYNC_LEN - 1) - *off;
		*off = dr->len - (SYNC_LEN - 1);
	}
	return 0;
}

/* Cut the in-order bytes into records and hand each one on. */
static void
dir_parse(struct dir *dr, const struct emit *e)
{
	size_t off = 0;
	char   ds[160];

	while (!dr->broken && off < dr->len) {
		struct cursor c = cur_init(dr->buf + off, dr->len - off);
		struct cursor body, m;
		uint32_t      marker;
		uint16_t      rlen;

		if (dr->prefix) {
			size_t n = cur_left(&c) < IKETCP_LEN ? cur_left(&c) :
							       IKETCP_LEN;
			const uint8_t *v;

			(void)cur_bytes(&c, n, &v);
			if (memcmp(v, iketcp, n) != 0)
				dr->prefix = 0;
			else if (n < IKETCP_LEN)
				break; /* wait for the rest */
			else {
				/* The stream's true start: records follow. */
				dr->prefix = 0;
				dr->synced = 1;
				off += IKETCP_LEN;
				continue;
			}
			c = cur_init(dr->buf + off, dr->len - off);
		}
		if (!dr->synced) {
			if (!dir_resync(dr, &off, e))
				break;
			continue;
		}
		if (cur_be16(&c, &rlen) != 0)
			break;
		if (rlen < REC_MIN) {
			diag_add(e->sink->diags, ISC_SEV_WARNING, "tcp-framing",
			    e->frame,
			    "%s: RFC 8229 record length %u is below "
			    "the 6 bytes of length and marker or SPI; the rest "
			    "of this direction is not parsed",
			    dir_str(dr, ds, sizeof(ds)), rlen);
			dr->broken = 1;
			dir_clear(dr);
			return;
		}
		if (cur_sub(&c, rlen - 2u, &body) != 0)
			break; /* record not complete yet */
		m = body;
		(void)cur_be32(&m, &marker);
		if (marker == 0)
			emit_record(dr, TCPS_IKE, &m, e);
		else
			emit_record(dr, TCPS_ESP, &body, e);
		off += rlen;
	}
	if (off > 0 && dr->buf != NULL) {
		memmove(dr->buf, dr->buf + off, dr->len - off);
		dr->len -= off;
	}
}

/*
 * Bytes the capture does not have: whatever record was being collected is
 * lost, and the framing has to be found again after the hole.
 */
static void
dir_hole(struct dir *dr, size_t missing, const char *why, const struct emit *e)
{
	char ds[160];

	if (dr->broken)
		return;
	diag_add(e->sink->diags, ISC_SEV_WARNING, "tcp-gap", e->frame,
	    "%s: %zu bytes %s; records resume at the next IKE message "
	    "found",
	    dir_str(dr, ds, sizeof(ds)), missing, why);
	dr->len = 0;
	dr->synced = 0;
	dr->prefix = 0;
	dr->skipped = 0;
}

/* In-order data: len captured bytes of the wirelen the segment covers. */
static void
dir_take(struct dir *dr, const uint8_t *p, size_t len, size_t wirelen,
    const struct emit *e)
{
	struct cursor c = cur_init(p, len);

	dr->next += (uint32_t)wirelen;
	if (dr->broken)
		return;
	if (len > 0) {
		if (dr->len + len > dr->cap) {
			size_t ncap = dr->cap ? dr->cap : 2048;

			while (ncap < dr->len + len)
				ncap *= 2;
			dr->buf = xreallocarray(dr->buf, ncap, 1);
			dr->cap = ncap;
		}
		(void)cur_copy(&c, dr->buf + dr->len, len);
		dr->len += len;
		dir_parse(dr, e);
	}
	if (wirelen > len)
		dir_hole(dr, wirelen - len,
		    "of a segment were not captured "
		    "(snapshot length)",
		    e);
}

/* Feed data that sits at or before next; trims what was already seen. */
static void
dir_feed(struct dir *dr, uint32_t seq, const uint8_t *p, size_t len,
    size_t wirelen, const struct emit *e)
{
	int64_t ahead = (int32_t)(seq - dr->next);
	size_t	old;

	if (ahead >= 0) {
		dir_take(dr, p, len, wirelen, e);
		return;
	}
	old = (size_t)-ahead;
	if (old >= wirelen)
		return; /* all seen before: retransmission */
	if (old < len) {
		struct cursor c = cur_init(p, len);

		(void)cur_skip(&c, old);
		dir_take(dr, c.p, len - old, wirelen - old, e);
	} else
		dir_take(dr, p, 0, wirelen - old, e);
}

/* Use the held segments that are now in order. */
static void
dir_drain(struct dir *dr, const struct emit *e, int own_frame)
{
	struct ooo *o;

	while ((o = dr->ooo) != NULL && (int32_t)(o->seq - dr->next) <= 0) {
		struct emit oe = *e;

		dr->ooo = o->next;
		dr->ooo_bytes -= sizeof(*o) + o->len;
		if (own_frame) {
			oe.frame = o->frame;
			oe.ts = o->ts;
			oe.reassembled = o->reassembled;
		}
		dir_feed(dr, o->seq, o->data, o->len, o->wirelen, &oe);
		free(o);
	}
}

/* Give up waiting for the hole before the first held segment. */
static void
dir_skip_hole(struct dir *dr, const struct emit *e, int own_frame)
{
	struct ooo *o = dr->ooo;
	struct emit oe = *e;

	if (o == NULL)
		return;
	if (own_frame) {
		oe.frame = o->frame;
		oe.ts = o->ts;
	}
	dir_hole(dr, (size_t)(uint32_t)(o->seq - dr->next),
	    "were never captured (segments lost)", &oe);
	dr->next = o->seq;
	dir_drain(dr, &oe, own_frame);
}

static void
dir_hold(struct dir *dr, const struct tcps_seg *g, uint32_t seq,
    const struct emit *e)
{
	struct ooo **pp, *o;
	char	     ds[160];

	if (dr->broken)
		return;
	for (pp = &dr->ooo; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->seq == seq && (*pp)->wirelen >= g->wirelen)
			return; /* the same segment again */
		if ((int32_t)((*pp)->seq - seq) > 0)
			break;
	}
	o = xmalloc(sizeof(*o) + g->len);
	o->seq = seq;
	o->len = g->len;
	o->wirelen = g->wirelen;
	o->frame = g->frame;
	o->ts = g->ts;
	o->reassembled = g->reassembled;
	if (g->len > 0) {
		struct cursor c = cur_init(g->data, g->len);

		(void)cur_copy(&c, o->data, g->len);
	}
	o->next = *pp;
	*pp = o;
	/* Count the header too: segments with no captured data add up. */
	dr->ooo_bytes += sizeof(*o) + g->len;
	if (dr->ooo_bytes > NET_TCP_MAX_BUFFER) {
		diag_add(e->sink->diags, ISC_SEV_WARNING, "tcp-cap", e->frame,
		    "%s: more than %u bytes wait for a missing segment; "
		    "reassembly skips the hole",
		    dir_str(dr, ds, sizeof(ds)), (unsigned)NET_TCP_MAX_BUFFER);
		while (dr->ooo != NULL && dr->ooo_bytes > NET_TCP_MAX_BUFFER)
			dir_skip_hole(dr, e, 0);
	}
}

/* No more data will come: use what is held, report what is left. */
static void
dir_flush(struct dir *dr, const struct tcps_sink *sink)
{
	struct emit e;
	char	    ds[160];

	memset(&e, 0, sizeof(e));
	e.sink = sink;
	while (dr->ooo != NULL)
		dir_skip_hole(dr, &e, 1);
	if (!dr->broken && dr->synced && dr->len > 0) {
		struct cursor c = cur_init(dr->buf, dr->len);
		uint16_t      rlen = 0;

		(void)cur_be16(&c, &rlen);
		diag_add(sink->diags, ISC_SEV_WARNING, "tcp-truncated",
		    dr->last_frame,
		    "%s: the stream ends inside an RFC 8229 record (%zu of "
		    "%u bytes)",
		    dir_str(dr, ds, sizeof(ds)), dr->len, rlen);
	} else if (!dr->broken && !dr->synced &&
	    dr->skipped + dr->len >= SYNC_LEN)
		diag_add(sink->diags, ISC_SEV_INFO, "tcp-unsynced",
		    dr->last_frame,
		    "%s: %zu bytes never showed where an RFC 8229 record "
		    "begins (the capture started mid-connection and no IKE "
		    "message followed)",
		    dir_str(dr, ds, sizeof(ds)), dr->skipped + dr->len);
	dir_clear(dr);
}

static void
stream_unlink(struct tcps *t, struct stream *s)
{
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		t->head = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	else
		t->tail = s->prev;
	s->prev = s->next = NULL;
}

static void
stream_link_tail(struct tcps *t, struct stream *s)
{
	s->prev = t->tail;
	s->next = NULL;
	if (t->tail != NULL)
		t->tail->next = s;
	else
		t->head = s;
	t->tail = s;
}

static void
stream_close(struct tcps *t, struct stream *s, const struct tcps_sink *sink)
{
	stream_unlink(t, s);
	t->n--;
	dir_flush(&s->d[0], sink);
	dir_flush(&s->d[1], sink);
	free(s);
}

void
tcps_segment(struct tcps *t, const struct tcps_seg *g,
    const struct tcps_sink *sink)
{
	struct stream *s;
	struct dir    *dr;
	struct emit    e;
	uint32_t       seq = g->seq;
	size_t	       wirelen = g->wirelen < g->len ? g->len : g->wirelen;
	char	       ds[160];

	for (s = t->head; s != NULL; s = s->next) {
		if (isc_endpoint_eq(&s->d[0].src, &g->src) &&
		    isc_endpoint_eq(&s->d[0].dst, &g->dst))
			break;
		if (isc_endpoint_eq(&s->d[1].src, &g->src) &&
		    isc_endpoint_eq(&s->d[1].dst, &g->dst))
			break;
	}
	if (s == NULL) {
		/* Bare ACKs, FINs and RSTs of unknown streams: nothing. */
		if (!(g->flags & TCPS_SYN) && wirelen == 0)
			return;
		if (g->flags & TCPS_RST)
			return;
		while (t->n >= NET_TCP_MAX_STREAMS) {
			dir_str(&t->head->d[0], ds, sizeof(ds));
			diag_add(sink->diags, ISC_SEV_WARNING, "tcp-cap",
			    g->frame,
			    "more than %u TCP streams on IKE ports; "
			    "the least recently active (%s) is no longer "
			    "followed",
			    (unsigned)NET_TCP_MAX_STREAMS, ds);
			stream_close(t, t->head, sink);
		}
		s = xcalloc(1, sizeof(*s));
		s->d[0].src = s->d[1].dst = g->src;
		s->d[0].dst = s->d[1].src = g->dst;
		t->n++;
	} else
		stream_unlink(t, s);
	stream_link_tail(t, s);
	dr = isc_endpoint_eq(&s->d[0].src, &g->src) ? &s->d[0] : &s->d[1];
	dr->last_frame = g->frame;

	memset(&e, 0, sizeof(e));
	e.sink = sink;
	e.frame = g->frame;
	e.ts = g->ts;
	e.reassembled = g->reassembled;

	if (g->flags & TCPS_RST) {
		stream_close(t, s, sink);
		return;
	}
	if (g->flags & TCPS_SYN) {
		if (!dr->syn_seen || dr->isn != g->seq) {
			if (dr->started) {
				/* A new connection on the same ports. */
				dir_flush(dr, sink);
				dr->fin = 0;
				dr->broken = 0;
			}
			dr->syn_seen = 1;
			dr->isn = g->seq;
			dr->next = g->seq + 1;
			dr->started = 1;
			dr->synced = 1;
			dr->prefix = 1;
			dr->skipped = 0;
		}
		seq = g->seq + 1; /* SYN takes one sequence number */
	}
	if (wirelen > 0) {
		if (!dr->started) {
			/* Joined mid-stream: start here, framing unknown. */
			dr->started = 1;
			dr->next = seq;
			dr->synced = 0;
			dr->prefix = 1;
		}
		if ((int32_t)(seq - dr->next) > 0) {
			struct tcps_seg h = *g;

			h.wirelen = wirelen;
			dir_hold(dr, &h, seq, &e);
		} else {
			dir_feed(dr, seq, g->data, g->len, wirelen, &e);
			dir_drain(dr, &e, 0);
		}
	}
	if (g->flags & TCPS_FIN) {
		dr->fin = 1;
		if (s->d[0].fin && s->d[1].fin)
			stream_close(t, s, sink);
	}
}

void
tcps_finish(struct tcps *t, const struct tcps_sink *sink)
{
	while (t->head != NULL)
		stream_close(t, t->head, sink);
}

void
tcps_free(struct tcps *t)
{
	struct stream *s;

	if (t == NULL)
		return;
	while ((s = t->head) != NULL) {
		stream_unlink(t, s);
		dir_clear(&s->d[0]);
		dir_clear(&s->d[1]);
		free(s);
	}
	free(t);
}
