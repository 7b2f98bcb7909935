/*
 * test_walker.c - the payload chain walker and its guards.
 */
#include <string.h>

#include "../../dissect/isakmp.h"
#include "tap.h"

static uint8_t msg[4096];

/* Write a header; returns its length (28). */
static size_t
hdr(uint8_t major, uint8_t np, uint8_t flags, uint32_t len)
{
	memset(msg, 0, ISAKMP_HDR_LEN);
	memset(msg, 0x11, 8);
	msg[16] = np;
	msg[17] = (uint8_t)(major << 4);
	msg[18] = major == 2 ? 34 : 2;
	msg[19] = flags;
	msg[24] = (uint8_t)(len >> 24);
	msg[25] = (uint8_t)(len >> 16);
	msg[26] = (uint8_t)(len >> 8);
	msg[27] = (uint8_t)len;
	return ISAKMP_HDR_LEN;
}

static size_t
pl(size_t off, uint8_t next, uint16_t len)
{
	msg[off] = next;
	msg[off + 1] = 0;
	msg[off + 2] = (uint8_t)(len >> 8);
	msg[off + 3] = (uint8_t)len;
	return off + len;
}

static enum dstatus_code
walk(size_t len, struct isakmp_hdr *h, struct payload_chain *pc)
{
	struct cursor	  c = cur_init(msg, len);
	struct dstatus	  st = { DS_OK, 0, NULL };
	enum dstatus_code rc;

	/* A length field of 0 in the test means "the bytes given". */
	if (msg[24] == 0 && msg[25] == 0 && msg[26] == 0 && msg[27] == 0) {
		msg[24] = (uint8_t)(len >> 24);
		msg[25] = (uint8_t)(len >> 16);
		msg[26] = (uint8_t)(len >> 8);
		msg[27] = (uint8_t)len;
	}

	rc = isakmp_parse_header(&c, h, &st);
	if (rc != DS_OK)
		return rc;
	c = cur_init(msg, len);
	return isakmp_walk(&c, h, pc);
}

int
main(void)
{
	static struct payload_chain pc;
	struct isakmp_hdr	    h;
	struct dstatus		    st = { DS_OK, 0, NULL };
	struct cursor		    c;
	size_t			    off, i;

	/* IKEv1 SA(40) VID(20) */
	off = hdr(1, 1, 0, 88);
	off = pl(off, 13, 40);
	off = pl(off, 0, 20);
	ok(walk(off, &h, &pc) == DS_OK && pc.n == 2 && pc.v[0].type == 1 &&
		pc.v[1].type == 13 && pc.v[1].off == 68 && pc.v[1].length == 20,
	    "IKEv1 SA+VID chain walked with types, offsets, lengths");
	ok(h.major == 1 && h.exch_type == 2 && h.length == 88,
	    "header fields parsed");

	/* Truncated header */
	c = cur_init(msg, 27);
	ok(isakmp_parse_header(&c, &h, &st) == DS_TRUNCATED,
	    "27-byte message: header truncated");
	/* Bad version */
	hdr(3, 0, 0, 28);
	c = cur_init(msg, 28);
	st.code = DS_OK;
	ok(isakmp_parse_header(&c, &h, &st) == DS_INVALID && st.off == 17,
	    "major version 3 is invalid, offset points at the version byte");

	/* Payload length 0 must stop the walk (no infinite loop). */
	off = hdr(1, 1, 0, 36);
	pl(off, 1, 0);
	ok(walk(36, &h, &pc) == DS_INVALID && pc.n == 0,
	    "payload length 0 stops the walk");
	off = hdr(1, 1, 0, 36);
	pl(off, 1, 3);
	ok(walk(36, &h, &pc) == DS_INVALID, "payload length 3 stops the walk");

	/* Length past the end */
	off = hdr(2, 33, 0, 40);
	pl(off, 0, 100);
	ok(walk(40, &h, &pc) == DS_TRUNCATED && pc.n == 1 &&
		pc.v[0].length == 100,
	    "payload running past the end: truncated, "
	    "payload still listed");

	/* Next payload named but message ends */
	off = hdr(2, 33, 0, 36);
	pl(off, 34, 8);
	ok(walk(36, &h, &pc) == DS_TRUNCATED && pc.n == 1,
	    "chain names a payload after the end: truncated");

	/* Payload chain loop: 4-byte payloads pointing at each other stop at
	 * the cap, not forever. */
	off = hdr(2, 41, 0, 0);
	for (i = 0; i < 300; i++)
		off = pl(off, 41, 4);
	ok(walk(off, &h, &pc) == DS_LIMIT && pc.n == ISAKMP_MAX_PAYLOADS,
	    "more than %d payloads: capped", ISAKMP_MAX_PAYLOADS);

	/* SK last */
	off = hdr(2, 41, 0x08, 0);
	off = pl(off, 46, 8);
	off = pl(off, 35, 40);
	ok(walk(off, &h, &pc) == DS_OK && pc.encrypted && pc.enc_first == 35 &&
		pc.enc_off == 40 && pc.enc_len == 36 && pc.n == 2,
	    "IKEv2 N + SK: SK ends the walk, inner first payload recorded");
	/* bytes after SK */
	off = hdr(2, 46, 0x08, 0);
	off = pl(off, 35, 20);
	off = pl(off, 0, 8);
	ok(walk(off, &h, &pc) == DS_INVALID && pc.encrypted,
	    "bytes after SK are an error");
	/* IKEv2 critical bit */
	off = hdr(2, 41, 0, 0);
	off = pl(off, 0, 8);
	msg[29] = 0x80;
	ok(walk(off, &h, &pc) == DS_OK && pc.v[0].critical == 1,
	    "critical bit recorded");

	/* IKEv1 encrypted body is not walked */
	off = hdr(1, 5, 0x01, 60);
	ok(walk(60, &h, &pc) == DS_OK && pc.encrypted && pc.n == 0 &&
		pc.enc_off == 28 && pc.enc_len == 32 && pc.enc_first == 5,
	    "IKEv1 E flag: body recorded as encrypted, not walked");

	/* Trailing bytes after the last payload */
	off = hdr(1, 13, 0, 40);
	pl(off, 0, 8);
	ok(walk(40, &h, &pc) == DS_INVALID && pc.n == 1,
	    "bytes after the last payload reported");
	return done();
}
