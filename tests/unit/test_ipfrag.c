/*
 * test_ipfrag.c - IPv4/IPv6 fragment reassembly through ipfrag.h:
 * order, overlaps, duplicates, caps, eviction, timeouts.
 */
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/ipfrag.h"
#include "../../analyzer/net.h"
#include "tap.h"

static struct isc_diags diags;

static struct ipfrag_key
key4(uint32_t id, uint8_t last)
{
	struct ipfrag_key k;

	memset(&k, 0, sizeof(k));
	k.src.family = k.dst.family = 4;
	k.src.a[0] = 10;
	k.src.a[3] = 1;
	k.dst.a[0] = 10;
	k.dst.a[3] = last;
	k.id = id;
	k.proto = 17;
	return k;
}

static struct ipfrag_key
key6(uint32_t id)
{
	struct ipfrag_key k;

	memset(&k, 0, sizeof(k));
	k.src.family = k.dst.family = 6;
	k.src.a[0] = 0x20;
	k.src.a[1] = 0x01;
	k.src.a[15] = 1;
	k.dst.a[0] = 0x20;
	k.dst.a[1] = 0x01;
	k.dst.a[15] = 2;
	k.id = id;
	return k;
}

static enum ipfrag_result
add(struct ipfrag *f, const struct ipfrag_key *k, const uint8_t *dgram,
    uint32_t off, size_t len, int more, int64_t sec, struct ipfrag_done *out)
{
	struct ipfrag_frag fr;

	memset(&fr, 0, sizeof(fr));
	fr.off = off;
	fr.more = more;
	fr.nh = 17;
	fr.data = dgram + off;
	fr.len = len;
	fr.frame = (uint64_t)off + 1;
	fr.ts.sec = sec;
	return ipfrag_add(f, k, &fr, &diags, out);
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

static void
fill(uint8_t *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

int
main(void)
{
	struct ipfrag	  *f = ipfrag_new();
	struct ipfrag_key  k = key4(0x1234, 2);
	struct ipfrag_done d;
	uint8_t		   dg[3000], other[3000];
	enum ipfrag_result r;
	size_t		   i;

	fill(dg, sizeof(dg), 3);

	/* In order. */
	r = add(f, &k, dg, 0, 1000, 1, 0, &d);
	ok(r == IPFRAG_PENDING, "first of three fragments pending");
	ok(ipfrag_open(f) == 1, "one datagram open");
	r = add(f, &k, dg, 1000, 1000, 1, 0, &d);
	ok(r == IPFRAG_PENDING, "second pending");
	r = add(f, &k, dg, 2000, 1000, 0, 0, &d);
	ok(r == IPFRAG_DONE, "last completes");
	ok(d.len == 3000 && memcmp(d.data, dg, 3000) == 0,
	    "in-order datagram reassembled byte for byte");
	ok(d.proto == 17 && d.nfrags == 3, "protocol and fragment count");
	ok(ipfrag_open(f) == 0 && ipfrag_bytes(f) == 0,
	    "completed datagram leaves the table, no bytes held");
	free(d.data);

	/* Out of order: last first, then middle, then first. */
	k = key4(0x2000, 2);
	ok(add(f, &k, dg, 2000, 1000, 0, 0, &d) == IPFRAG_PENDING,
	    "last fragment first: pending");
	ok(add(f, &k, dg, 1000, 1000, 1, 0, &d) == IPFRAG_PENDING,
	    "middle: pending");
	r = add(f, &k, dg, 0, 1000, 1, 0, &d);
	ok(r == IPFRAG_DONE && d.len == 3000 && memcmp(d.data, dg, 3000) == 0,
	    "reverse order reassembles");
	free(d.data);

	/* Duplicates do nothing and are not overlaps. */
	k = key4(0x2001, 2);
	add(f, &k, dg, 0, 1000, 1, 0, &d);
	r = add(f, &k, dg, 0, 1000, 1, 0, &d);
	ok(r == IPFRAG_PENDING, "duplicate first fragment: still pending");
	r = add(f, &k, dg, 1000, 500, 0, 0, &d);
	ok(r == IPFRAG_DONE && d.len == 1500 && d.nfrags == 3,
	    "duplicate does not disturb completion");
	free(d.data);
	ok(count_code("frag-overlap") == 0,
	    "identical duplicate is no overlap");

	/* Overlapping, disagreeing data: first copy wins. */
	k = key4(0x2002, 2);
	memcpy(other, dg, sizeof(other));
	memset(other + 800, 0xee, 400);
	add(f, &k, dg, 0, 1000, 1, 0, &d);
	r = add(f, &k, other, 800, 700, 0, 0, &d); /* 800..1500 */
	ok(r == IPFRAG_DONE && d.len == 1500, "overlap completes 1500 bytes");
	ok(memcmp(d.data, dg, 1000) == 0,
	    "bytes 800..999 are the first copy's, not 0xee");
	ok(memcmp(d.data + 1000, other + 1000, 500) == 0,
	    "bytes past the overlap come from the second fragment");
	free(d.data);
	ok(count_code("frag-overlap") == 1, "disagreeing overlap reported");

	/* A hole keeps it pending; a fragment spanning the hole closes it. */
	k = key4(0x2003, 2);
	add(f, &k, dg, 0, 800, 1, 0, &d);
	ok(add(f, &k, dg, 1600, 400, 0, 0, &d) == IPFRAG_PENDING,
	    "hole 800..1600 keeps it pending");
	r = add(f, &k, dg, 400, 1600, 1, 0, &d);
	ok(r == IPFRAG_DONE && memcmp(d.data, dg, 2000) == 0,
	    "fragment covering the hole and overlapping both sides completes");
	free(d.data);

	/* Too big: dropped, later fragments swallowed. */
	k = key4(0x3000, 2);
	{
		static uint8_t big[70000];

		r = add(f, &k, big, 65000, 1000, 1, 0, &d);
		ok(r == IPFRAG_DROPPED, "fragment past 65535 bytes dropped");
		ok(count_code("frag-too-big") == 1, "frag-too-big reported");
		ok(add(f, &k, big, 0, 1000, 1, 0, &d) == IPFRAG_DROPPED,
		    "other fragments of a dropped datagram are swallowed");
		ok(ipfrag_bytes(f) == 0, "dropped datagram holds no bytes");
	}

	/* Inconsistent last fragments. */
	k = key4(0x3001, 2);
	add(f, &k, dg, 0, 1000, 0, 0, &d);
	ok(d.data != NULL && d.len == 1000, "single unfragmented 'fragment'");
	free(d.data);
	k = key4(0x3002, 2);
	add(f, &k, dg, 1000, 1000, 0, 0, &d);
	r = add(f, &k, dg, 1000, 800, 0, 0, &d);
	ok(r == IPFRAG_DROPPED && count_code("frag-inconsistent") == 1,
	    "second last fragment with another length is refused");

	/* Timeout in capture time. */
	ipfrag_flush(f, &diags);
	diags_free(&diags);
	k = key4(0x4000, 2);
	add(f, &k, dg, 0, 1000, 1, 100, &d);
	ok(ipfrag_open(f) == 1, "opened at t=100");
	ipfrag_expire(f, (struct isc_time){ 100 + NET_FRAG_TIMEOUT, 0 },
	    &diags);
	ok(ipfrag_open(f) == 1, "still open at exactly the timeout");
	k = key4(0x4001, 2);
	add(f, &k, dg, 0, 1000, 1, 100 + NET_FRAG_TIMEOUT + 1, &d);
	ok(ipfrag_open(f) == 1 && count_code("frag-timeout") == 1,
	    "a fragment past the timeout expires the old datagram");
	k = key4(0x4000, 2);
	r = add(f, &k, dg, 1000, 1000, 0, 100 + NET_FRAG_TIMEOUT + 1, &d);
	ok(r == IPFRAG_PENDING,
	    "the expired datagram's last fragment "
	    "cannot complete it");
	ipfrag_flush(f, &diags);
	ok(count_code("frag-incomplete") == 2 && ipfrag_open(f) == 0,
	    "flush reports both incomplete datagrams and empties the table");

	/* Too many open: the oldest is evicted. */
	diags_free(&diags);
	for (i = 0; i < NET_FRAG_MAX_OPEN + 3; i++) {
		k = key4((uint32_t)i, 2);
		add(f, &k, dg, 0, 8, 1, 0, &d);
	}
	ok(ipfrag_open(f) == NET_FRAG_MAX_OPEN, "open datagrams capped at %d",
	    NET_FRAG_MAX_OPEN);
	ok(count_code("frag-cap") == 3, "three evictions reported (%zu)",
	    count_code("frag-cap"));
	k = key4(0, 2);
	ok(add(f, &k, dg, 8, 8, 0, 0, &d) == IPFRAG_PENDING &&
		ipfrag_open(f) == NET_FRAG_MAX_OPEN,
	    "evicted datagram 0 starts over instead of completing");
	k = key4(NET_FRAG_MAX_OPEN + 2, 2);
	r = add(f, &k, dg, 8, 8, 0, 0, &d);
	ok(r == IPFRAG_DONE && d.len == 16, "newest datagram still completes");
	free(d.data);
	ipfrag_flush(f, &diags);

	/* Byte cap: many large datagrams evict the oldest. */
	diags_free(&diags);
	{
		static uint8_t big[65535];
		size_t	       n = NET_FRAG_MAX_BYTES / 60000 + 4;

		for (i = 0; i < n; i++) {
			k = key4(0x5000 + (uint32_t)i, 3);
			add(f, &k, big, 0, 60000, 1, 0, &d);
		}
		ok(ipfrag_bytes(f) <= NET_FRAG_MAX_BYTES,
		    "bytes held (%zu) stay under the cap", ipfrag_bytes(f));
		ok(ipfrag_open(f) < n && count_code("frag-cap") > 0,
		    "byte cap evicted %zu datagrams", n - ipfrag_open(f));
	}
	ipfrag_flush(f, &diags);

	/* IPv6: key has no protocol; next header comes from offset 0. */
	diags_free(&diags);
	k = key6(0xdeadbeef);
	{
		struct ipfrag_frag fr;

		memset(&fr, 0, sizeof(fr));
		fr.off = 1232;
		fr.more = 0;
		fr.nh = 99; /* later fragments may differ */
		fr.data = dg + 1232;
		fr.len = 100;
		ok(ipfrag_add(f, &k, &fr, &diags, &d) == IPFRAG_PENDING,
		    "IPv6 last fragment pending");
		fr.off = 0;
		fr.more = 1;
		fr.nh = 60;
		fr.data = dg;
		fr.len = 1232;
		r = ipfrag_add(f, &k, &fr, &diags, &d);
		ok(r == IPFRAG_DONE && d.len == 1332 && d.proto == 60 &&
			memcmp(d.data, dg, 1332) == 0,
		    "IPv6 datagram done, next header from offset 0 (%u)",
		    d.proto);
		free(d.data);
	}
	/* Same id, different source: different datagrams. */
	{
		struct ipfrag_key k2 = key6(7), k3 = key6(7);

		k3.src.a[15] = 9;
		add(f, &k2, dg, 0, 8, 1, 0, &d);
		r = add(f, &k3, dg, 8, 8, 0, 0, &d);
		ok(r == IPFRAG_PENDING && ipfrag_open(f) == 2,
		    "fragments of another source do not complete a datagram");
	}
	ipfrag_flush(f, &diags);
	ok(count_code("frag-incomplete") == 2, "both reported at the end");

	ipfrag_free(f);
	diags_free(&diags);
	return done();
}
