/*
 * util.h - allocation that does not return NULL, growable arrays, hex and
 * address formatting shared by the analyzer and the front-ends.
 *
 * Allocation failure is the one condition the library does not turn into
 * a diagnostic: the x* functions print a message and exit(2), because no
 * partial result can be trusted after it.
 */
#ifndef IKESCOPE_UTIL_H
#define IKESCOPE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
void *xmemdup(const void *p, size_t n);
char *xstrdup(const char *s);
char *xvasprintf(const char *fmt, va_list ap);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *v (of *cap elements) so that it holds at least n+1 elements. */
#define ARRAY_GROW(v, n, cap) \
	do { \
		if ((n) >= (cap)) { \
			size_t _nc = (cap) ? (cap)*2 : 4; \
			(v) = xreallocarray((v), _nc, sizeof(*(v))); \
			(cap) = _nc; \
		} \
	} while (0)

/* vsnprintf the message into err (when err and errlen are set); -1. */
int errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The value of one hex digit, or -1. */
int hex_digit(int c);
/* ASCII case folding: tolower() would follow the locale (Turkish i). */
int ascii_lower(int c);
/* a and b are equal, ASCII case aside. */
int ascii_name_eq(const char *a, const char *b);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void hex_encode(const uint8_t *p, size_t n, char *out);
/* Allocated lowercase hex string. */
char *hex_dup(const uint8_t *p, size_t n);

#endif
