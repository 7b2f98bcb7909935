/*
 * test_utf8.c - the UTF-8 cleaning behind json_wire_string() (ui/json.c):
 * ill-formed sequences become U+FFFD one maximal subpart at a time
 * (Unicode 3.9, table 3-8), well-formed text passes unchanged.
 *
 * ui/json.c is included so its static functions can be tested as they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/json.c"
#include "tap.h"

#define R "\xef\xbf\xbd" /* U+FFFD */

struct vec {
	const char *name;
	const char *in;
	size_t	    inlen;
	const char *want;
};

#define V(name, in, want) \
	{ \
		name, in, sizeof(in) - 1, want \
	}

static const struct vec vecs[] = {
	V("empty", "", ""),
	V("ascii", "abc", "abc"),
	V("NUL kept (json-c escapes it)", "a\0b", "a\0b"),
	V("control kept", "\x01\x1f\x7f", "\x01\x1f\x7f"),
	V("2-byte", "\xc3\xa9", "\xc3\xa9"),
	V("3-byte", "\xe2\x82\xac", "\xe2\x82\xac"),
	V("4-byte", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"),
	V("U+10FFFF", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"),
	V("U+D7FF", "\xed\x9f\xbf", "\xed\x9f\xbf"),
	V("U+E000", "\xee\x80\x80", "\xee\x80\x80"),
	V("lone continuation", "\x80", R),
	V("two continuations", "\x80\xbf", R R),
	V("overlong 2-byte", "\xc0\xaf", R R),
	V("overlong C1", "\xc1\xbf", R R),
	V("overlong 3-byte", "\xe0\x80\xaf", R R R),
	V("overlong 4-byte", "\xf0\x80\x80\xaf", R R R R),
	V("high surrogate", "\xed\xa0\x80", R R R),
	V("low surrogate", "\xed\xbf\xbf", R R R),
	V("above U+10FFFF", "\xf4\x90\x80\x80", R R R R),
	V("F5 lead", "\xf5\x80\x80\x80", R R R R),
	V("FE FF", "\xfe\xff", R R),
	V("truncated 2-byte at end", "a\xc3", "a" R),
	V("truncated 3-byte at end", "\xe2\x82", R),
	V("truncated 4-byte at end", "\xf0\x9f\x98", R),
	V("truncated 4-byte then ascii",
	    "\xf0\x9f\x98"
	    "a",
	    R "a"),
	V("truncated 3-byte then 3-byte", "\xe2\x82\xe2\x82\xac",
	    R "\xe2\x82\xac"),
	V("Unicode table 3-8",
	    "\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64",
	    "a" R R R "b" R "c" R R "d"),
};

static int
check_vec(const struct vec *v)
{
	size_t wantlen = strlen(v->want), n;
	char  *out = malloc(3 * v->inlen + 1);
	int    good;

	/* The NUL vector: its expected output is the input itself. */
	if (v->inlen > 0 && memchr(v->in, '\0', v->inlen) != NULL)
		wantlen = v->inlen;
	n = utf8_clean((const uint8_t *)v->in, v->inlen, out);
	good = n == wantlen && memcmp(out, v->want, n) == 0 &&
	    utf8_valid((const uint8_t *)out, n) &&
	    utf8_valid((const uint8_t *)v->in, v->inlen) ==
		(n == v->inlen && memcmp(out, v->in, n) == 0);
	free(out);
	return good;
}

/* Deterministic xorshift, so a failure can be replayed. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Random bytes, biased towards lead and continuation bytes: the output is
 * always well-formed, cleaning it again changes nothing, and it is never
 * more than three times the input.
 */
static int
check_random(int rounds)
{
	static const uint8_t pick[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90,
		0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed,
		0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff };
	uint8_t		     in[32];
	char		     out[3 * sizeof(in)], again[3 * sizeof(out)];
	uint32_t	     s = 0x2545f491;
	size_t		     n, k, m, i;
	int		     r;

	for (r = 0; r < rounds; r++) {
		n = rnd(&s) % (sizeof(in) + 1);
		for (i = 0; i < n; i++)
			in[i] = (rnd(&s) & 1) ? pick[rnd(&s) % sizeof(pick)] :
						(uint8_t)rnd(&s);
		k = utf8_clean(in, n, out);
		if (k > 3 * n || !utf8_valid((const uint8_t *)out, k))
			return 0;
		m = utf8_clean((const uint8_t *)out, k, again);
		if (m != k || memcmp(out, again, k) != 0)
			return 0;
	}
	return 1;
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		ok(check_vec(&vecs[i]), "utf8: %s", vecs[i].name);
	ok(check_random(100000),
	    "utf8: random input cleans to valid, "
	    "idempotent output");
	return done();
}
