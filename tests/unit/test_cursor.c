/*
 * test_cursor.c - the bounds-checked reader never reads past its end.
 */
#include <string.h>

#include "../../dissect/cursor.h"
#include "tap.h"

int
main(void)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a };
	struct cursor	     c = cur_init(b, sizeof(b)), s;
	const uint8_t	    *v;
	uint8_t		     u8, out[4];
	uint16_t	     u16;
	uint32_t	     u32;
	uint64_t	     u64;

	ok(cur_u8(&c, &u8) == 0 && u8 == 1, "u8 reads the first byte");
	ok(cur_be16(&c, &u16) == 0 && u16 == 0x0203, "be16 is big-endian");
	ok(cur_be24(&c, &u32) == 0 && u32 == 0x040506, "be24 is big-endian");
	ok(cur_off(&c) == 6 && cur_left(&c) == 4,
	    "offset and left track "
	    "reads");
	ok(cur_be64(&c, &u64) == -1 && cur_off(&c) == 6,
	    "be64 past the end fails without moving");
	ok(cur_sub(&c, 5, &s) == -1 && cur_left(&c) == 4,
	    "sub longer than what is left fails");
	ok(cur_sub(&c, 3, &s) == 0 && s.base == 6 && cur_left(&s) == 3 &&
		cur_left(&c) == 1,
	    "sub carves the next bytes, keeps offsets");
	ok(cur_be32(&s, &u32) == -1,
	    "sub-cursor cannot read past its end "
	    "into the parent's bytes");
	ok(cur_bytes(&s, 2, &v) == 0 && v[0] == 7 && v[1] == 8 &&
		cur_off(&s) == 8,
	    "bytes gives a view");
	ok(cur_peek(&s, 0, &u8) == 0 && u8 == 9 && cur_peek(&s, 1, &u8) == -1,
	    "peek is bounded");
	c = cur_init(b, sizeof(b));
	ok(cur_tail(&c, 2, &v) == 0 && v[0] == 9 && cur_left(&c) == 8,
	    "tail takes bytes off the end");
	ok(cur_tail(&c, 9, &v) == -1 && cur_left(&c) == 8,
	    "tail longer than the cursor fails");
	ok(cur_copy(&c, out, 4) == 0 && memcmp(out, b, 4) == 0, "copy copies");
	ok(cur_skip(&c, 5) == -1 && cur_skip(&c, 4) == 0 && cur_left(&c) == 0,
	    "skip is bounded and exact");
	ok(cur_u8(&c, &u8) == -1, "empty cursor reads nothing");
	c = cur_init(NULL, 0);
	ok(cur_be16(&c, &u16) == -1 && cur_bytes(&c, 0, &v) == 0,
	    "zero-length cursor: reads fail, empty views succeed");
	ok(cur_skip(&c, (size_t)-1) == -1, "a huge length does not wrap");
	return done();
}
