/*
 * test_tcpstream.c - TCP reassembly and RFC 8229 framing through
 * tcpstream.h: order, retransmissions, the IKETCP prefix, records split
 * and packed across segments, framing errors, holes and caps.
 */
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/net.h"
#include "../../analyzer/tcpstream.h"
#include "tap.h"

#define MAXREC 64

struct rec {
	enum tcps_kind kind;
	uint8_t	       data[2048];
	size_t	       len;
	uint64_t       frame;
	uint16_t       sport;
};

static struct rec	recs[MAXREC];
static size_t		nrecs;
static struct isc_diags diags;
static struct tcps_sink sink;

static void
collect(void *ctx, const struct tcps_rec *r)
{
	struct rec *x;

	(void)ctx;
	if (nrecs >= MAXREC)
		return;
	x = &recs[nrecs++];
	x->kind = r->kind;
	x->len = r->len < sizeof(x->data) ? r->len : sizeof(x->data);
	memcpy(x->data, r->data, x->len);
	x->frame = r->frame;
	x->sport = r->src.port;
}

static void
reset(void)
{
	nrecs = 0;
	diags_free(&diags);
}

static size_t
count_code(const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < diags.n; i++)
		if (strcmp(diags.v[i].code, code) == 0)
			n += 1 + diags.v[i].repeats;
	return n;
}

static struct isc_endpoint
ep(uint8_t last, uint16_t port)
{
	struct isc_endpoint e;

	memset(&e, 0, sizeof(e));
	e.ip.family = 4;
	e.ip.a[0] = 192;
	e.ip.a[1] = 0;
	e.ip.a[2] = 2;
	e.ip.a[3] = last;
	e.port = port;
	return e;
}

/* Client 192.0.2.1:port -> server 192.0.2.2:4500, or back. */
static void
seg(struct tcps *t, uint16_t cport, int from_server, uint32_t seq,
    uint8_t flags, const uint8_t *data, size_t len, uint64_t frame)
{
	struct tcps_seg g;

	memset(&g, 0, sizeof(g));
	if (from_server) {
		g.src = ep(2, 4500);
		g.dst = ep(1, cport);
	} else {
		g.src = ep(1, cport);
		g.dst = ep(2, 4500);
	}
	g.seq = seq;
	g.flags = flags;
	g.data = data;
	g.len = len;
	g.wirelen = len;
	g.frame = frame;
	tcps_segment(t, &g, &sink);
}

/* An RFC 8229 IKE record: length, marker, 28-byte IKEv2 header + body. */
static size_t
ike_record(uint8_t *p, uint8_t tag, size_t body)
{
	size_t ike = 28 + body, n = 2 + 4 + ike, i;

	memset(p, 0, n);
	p[0] = (uint8_t)(n >> 8);
	p[1] = (uint8_t)n;
	for (i = 0; i < 8; i++)
		p[6 + i] = (uint8_t)(tag + i + 1); /* SPIi */
	p[6 + 17] = 0x20;			   /* IKEv2 */
	p[6 + 18] = 34;				   /* IKE_SA_INIT */
	p[6 + 19] = 0x08;
	p[6 + 24] = (uint8_t)(ike >> 24);
	p[6 + 25] = (uint8_t)(ike >> 16);
	p[6 + 26] = (uint8_t)(ike >> 8);
	p[6 + 27] = (uint8_t)ike;
	for (i = 0; i < body; i++)
		p[6 + 28 + i] = (uint8_t)(tag ^ i);
	return n;
}

static size_t
esp_record(uint8_t *p, uint32_t spi, size_t body)
{
	size_t n = 2 + 8 + body, i;

	p[0] = (uint8_t)(n >> 8);
	p[1] = (uint8_t)n;
	p[2] = (uint8_t)(spi >> 24);
	p[3] = (uint8_t)(spi >> 16);
	p[4] = (uint8_t)(spi >> 8);
	p[5] = (uint8_t)spi;
	memset(p + 6, 0, 4);
	p[9] = 1;
	for (i = 0; i < body; i++)
		p[10 + i] = (uint8_t)i;
	return n;
}

static int
is_ike(const struct rec *r, uint8_t tag, size_t body)
{
	return r->kind == TCPS_IKE && r->len == 28 + body &&
	    r->data[0] == tag + 1 && r->data[17] == 0x20;
}

int
main(void)
{
	struct tcps *t = tcps_new();
	uint8_t	     buf[8192], b2[2048];
	size_t	     n, m, i;
	uint32_t     c = 1000, s = 5000; /* client and server ISNs */

	sink.rec = collect;
	sink.ctx = NULL;
	sink.diags = &diags;

	/* Handshake, then IKETCP + one IKE record in one segment. */
	seg(t, 40001, 0, c, TCPS_SYN, NULL, 0, 1);
	seg(t, 40001, 1, s, TCPS_SYN, NULL, 0, 2);
	memcpy(buf, "IKETCP", 6);
	n = 6 + ike_record(buf + 6, 0x10, 0);
	seg(t, 40001, 0, c + 1, 0, buf, n, 3);
	ok(nrecs == 1 && is_ike(&recs[0], 0x10, 0),
	    "IKETCP prefix skipped, 28-byte IKE message delivered");
	ok(nrecs == 1 && recs[0].frame == 3 && recs[0].sport == 40001,
	    "record credited to frame 3 from the client");
	c += 1 + (uint32_t)n;

	/* Server answers with IKE + ESP + IKE in one segment. */
	n = ike_record(buf, 0x20, 40);
	n += esp_record(buf + n, 0xc0ffee01, 50);
	n += ike_record(buf + n, 0x30, 8);
	seg(t, 40001, 1, s + 1, 0, buf, n, 4);
	ok(nrecs == 4, "three records in one segment (%zu)", nrecs - 1);
	ok(is_ike(&recs[1], 0x20, 40) && recs[1].data[28] == 0x20,
	    "first: IKE with its body");
	ok(recs[2].kind == TCPS_ESP && recs[2].len == 58 &&
		recs[2].data[0] == 0xc0 && recs[2].data[3] == 0x01,
	    "second: ESP from its SPI, 58 bytes");
	ok(is_ike(&recs[3], 0x30, 8) && recs[3].sport == 4500,
	    "third: IKE from the server");
	s += 1 + (uint32_t)n;

	/* One record across three segments, length field split too. */
	reset();
	n = ike_record(buf, 0x40, 300);
	seg(t, 40001, 0, c, 0, buf, 1, 5);
	seg(t, 40001, 0, c + 1, 0, buf + 1, 100, 6);
	ok(nrecs == 0, "incomplete record not delivered");
	seg(t, 40001, 0, c + 101, 0, buf + 101, n - 101, 7);
	ok(nrecs == 1 && is_ike(&recs[0], 0x40, 300) && recs[0].frame == 7,
	    "record across three segments delivered on frame 7");
	ok(memcmp(recs[0].data, buf + 6, n - 6) == 0,
	    "reassembled bytes are the record's");
	c += (uint32_t)n;

	/* Out of order, then retransmissions. */
	reset();
	n = ike_record(buf, 0x50, 100);
	m = ike_record(buf + n, 0x60, 20);
	seg(t, 40001, 0, c + 60, 0, buf + 60, n + m - 60, 8);
	ok(nrecs == 0 && tcps_buffered(t) > 0,
	    "segment ahead of the hole is held");
	seg(t, 40001, 0, c, 0, buf, 60, 9);
	ok(nrecs == 2 && is_ike(&recs[0], 0x50, 100) &&
		is_ike(&recs[1], 0x60, 20),
	    "hole filled: both records");
	ok(recs[0].frame == 9 && recs[1].frame == 9,
	    "credited to the segment that filled the hole");
	seg(t, 40001, 0, c, 0, buf, 60, 10);
	seg(t, 40001, 0, c + 60, 0, buf + 60, n + m - 60, 11);
	ok(nrecs == 2, "retransmitted segments deliver nothing again");
	c += (uint32_t)(n + m);
	/* A retransmission that overlaps old data and adds new data. */
	n = ike_record(buf, 0x70, 10);
	seg(t, 40001, 0, c, 0, buf, 20, 12);
	memcpy(b2, buf, n);
	memset(b2, 0xaa, 20); /* the old part differs: ignored */
	seg(t, 40001, 0, c, 0, b2, n, 13);
	ok(nrecs == 3 && is_ike(&recs[2], 0x70, 10) &&
		memcmp(recs[2].data, buf + 6, n - 6) == 0,
	    "overlapping retransmission: only the new bytes are used");
	c += (uint32_t)n;
	ok(tcps_buffered(t) == 0, "nothing left buffered");
	ok(diags.n == 0, "no diagnostics so far (%zu)", diags.n);

	/* FIN both ways closes the stream. */
	seg(t, 40001, 0, c, TCPS_FIN, NULL, 0, 14);
	ok(tcps_count(t) == 1, "half-closed stream still followed");
	seg(t, 40001, 1, s, TCPS_FIN, NULL, 0, 15);
	ok(tcps_count(t) == 0, "FIN both ways closes it");

	/* IKETCP prefix split across segments. */
	reset();
	c = 7000;
	seg(t, 40002, 0, c, TCPS_SYN, NULL, 0, 20);
	seg(t, 40002, 0, c + 1, 0, (const uint8_t *)"IKE", 3, 21);
	memcpy(buf, "TCP", 3);
	n = 3 + ike_record(buf + 3, 0x11, 4);
	seg(t, 40002, 0, c + 4, 0, buf, n, 22);
	ok(nrecs == 1 && is_ike(&recs[0], 0x11, 4),
	    "IKETCP split over two segments is still skipped");
	c += 1 + 3 + (uint32_t)n;

	/* Bad length: framing error, the direction stops. */
	buf[0] = 0;
	buf[1] = 3;
	memset(buf + 2, 0, 10);
	n = 12 + ike_record(buf + 12, 0x12, 0);
	seg(t, 40002, 0, c, 0, buf, n, 23);
	ok(nrecs == 1 && count_code("tcp-framing") == 1,
	    "record length 3 is a framing error, nothing delivered");
	c += (uint32_t)n;
	n = ike_record(buf, 0x13, 0);
	seg(t, 40002, 0, c, 0, buf, n, 24);
	ok(nrecs == 1, "later records in that direction are not parsed");
	seg(t, 40002, 1, 9000, TCPS_SYN, NULL, 0, 25);
	n = ike_record(buf, 0x14, 0);
	seg(t, 40002, 1, 9001, 0, buf, n, 26);
	ok(nrecs == 2 && is_ike(&recs[1], 0x14, 0),
	    "the other direction still works");
	seg(t, 40002, 0, c, TCPS_RST, NULL, 0, 27);
	ok(tcps_count(t) == 0, "RST closes the stream");

	/* Mid-stream start: resync on the first whole IKE record. */
	reset();
	n = ike_record(buf, 0x15, 64);
	m = ike_record(buf + n, 0x16, 0);
	seg(t, 40003, 0, 123456, 0, buf + 20, n + m - 20, 30);
	ok(nrecs == 1 && is_ike(&recs[0], 0x16, 0),
	    "capture starting mid-record resyncs on the next IKE record");
	ok(count_code("tcp-resync") == 1, "the skipped bytes are reported");
	tcps_finish(t, &sink);
	ok(tcps_count(t) == 0, "finish forgets every stream");

	/* A lost segment: ESP after it is skipped until the next IKE. */
	reset();
	c = 100;
	seg(t, 40004, 0, c, TCPS_SYN, NULL, 0, 40);
	n = ike_record(buf, 0x17, 100);
	seg(t, 40004, 0, c + 1, 0, buf, 50, 41); /* first half only */
	m = ike_record(b2, 0x18, 0);
	seg(t, 40004, 0, c + 1 + (uint32_t)n, 0, b2, m, 42);
	ok(nrecs == 0, "record after a hole is held, not delivered");
	tcps_finish(t, &sink);
	ok(count_code("tcp-gap") == 1, "at the end the hole is reported");
	ok(nrecs == 1 && is_ike(&recs[0], 0x18, 0) && recs[0].frame == 42,
	    "and the record after it delivered, credited to its frame");

	/* Stream ends inside a record. */
	reset();
	seg(t, 40005, 0, 1, TCPS_SYN, NULL, 0, 50);
	n = ike_record(buf, 0x19, 100);
	seg(t, 40005, 0, 2, 0, buf, 40, 51);
	tcps_finish(t, &sink);
	ok(nrecs == 0 && count_code("tcp-truncated") == 1,
	    "stream ending inside a record is reported, not delivered");

	/* Snapshot length cut a segment: hole, then resync. */
	reset();
	{
		struct tcps_seg g;

		seg(t, 40006, 0, 1, TCPS_SYN, NULL, 0, 60);
		n = ike_record(buf, 0x1a, 400);
		memset(&g, 0, sizeof(g));
		g.src = ep(1, 40006);
		g.dst = ep(2, 4500);
		g.seq = 2;
		g.data = buf;
		g.len = 100;
		g.wirelen = n;
		g.frame = 61;
		tcps_segment(t, &g, &sink);
		ok(nrecs == 0 && count_code("tcp-gap") == 1,
		    "cut segment makes a hole");
		m = ike_record(b2, 0x1b, 0);
		seg(t, 40006, 0, 2 + (uint32_t)n, 0, b2, m, 62);
		ok(nrecs == 1 && is_ike(&recs[0], 0x1b, 0),
		    "next record after the cut one is found");
	}
	tcps_finish(t, &sink);

	/* Out-of-order buffer cap. */
	reset();
	seg(t, 40007, 0, 1, TCPS_SYN, NULL, 0, 70);
	{
		static uint8_t big[1400];
		uint32_t       q = 2 + 1400; /* leave a hole of 1400 */
		size_t	       most = 0;

		n = ike_record(buf, 0x1c, 0);
		for (i = 0; i < (NET_TCP_MAX_BUFFER / 1400) + 10; i++) {
			memset(big, 0x55, sizeof(big));
			seg(t, 40007, 0, q, 0, big, sizeof(big), 71 + i);
			q += sizeof(big);
			if (tcps_buffered(t) > most)
				most = tcps_buffered(t);
		}
		ok(most <= NET_TCP_MAX_BUFFER,
		    "held bytes never above the cap "
		    "(at most %zu)",
		    most);
		ok(count_code("tcp-cap") >= 1, "out-of-order cap reported");
		ok(tcps_buffered(t) <= NET_TCP_MAX_BUFFER,
		    "held bytes within the cap (%zu)", tcps_buffered(t));
		seg(t, 40007, 0, q, 0, buf, n, 9999);
		ok(nrecs == 1 && is_ike(&recs[0], 0x1c, 0),
		    "reassembly goes on past the abandoned hole");
	}
	tcps_finish(t, &sink);

	/* Stream cap. */
	reset();
	for (i = 0; i < NET_TCP_MAX_STREAMS + 5; i++)
		seg(t, (uint16_t)(10000 + i), 0, 1, TCPS_SYN, NULL, 0, 100 + i);
	ok(tcps_count(t) == NET_TCP_MAX_STREAMS, "streams capped at %d",
	    NET_TCP_MAX_STREAMS);
	ok(count_code("tcp-cap") == 5, "five evictions reported (%zu)",
	    count_code("tcp-cap"));
	/* The evicted first stream no longer knows its ISN. */
	n = ike_record(buf, 0x1d, 0);
	seg(t, 10000, 0, 2, 0, buf, n, 500);
	ok(nrecs == 1, "evicted stream re-learned mid-stream and resynced");
	seg(t, (uint16_t)(10000 + NET_TCP_MAX_STREAMS + 4), 0, 2, 0, buf, n,
	    501);
	ok(nrecs == 2, "newest stream delivers");
	tcps_finish(t, &sink);
	ok(tcps_count(t) == 0 && tcps_buffered(t) == 0, "all freed");

	tcps_free(t);
	diags_free(&diags);
	return done();
}
