/*
 * keys_import.c - keys from Wireshark, tcpdump and `ip xfrm state` into a
 * key store (keys_import.h; DESIGN.md "Interoperability formats").
 *
 * Each importer only reads its format: every record it finds is written
 * out as the key-file line that says the same thing and handed to
 * isc_keys_parse_line() as line LINE of the imported file.  So an
 * imported key is checked exactly like a typed one (key lengths,
 * algorithm names, AEAD without INTEG, ...), its message carries the
 * imported file's name and line, and the entry's origin points there.
 * What the key file cannot say (a wildcard inside an address, an
 * unchecked 64-bit ICV, an IKEv2 SA with one direction's keys) is
 * reported here, with what to do instead.
 *
 * The generated lines, the file as read and the tcpdump halves waiting
 * for their other direction hold keys: each is wiped before it is freed.
 */
#include <sys/stat.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algo.h"
#include "crypto.h"
#include "keys.h"
#include "keys_charon.h"
#include "keys_import.h"
#include "util.h"

/* The largest file read: far above any real table, log excerpt or
 * xfrm dump, low enough that a capture given by mistake is refused. */
#define IMPORT_FILE_MAX (64 * 1024 * 1024)
/* Messages shown per imported file; the rest are counted. */
#define IMPORT_REPORT_MAX 50
/* Fields kept per record (Wireshark rows have 8). */
#define UAT_FIELDS 9
/* Words kept per xfrm line. */
#define XFRM_TOKENS 16

/* One imported file. */
struct imp {
	struct isc_keys *k;
	const char	*file; /* as given: messages and origins say it */
	FILE		*errs;
	int		 nbad;	/* bad records */
	int		 nkeys; /* records added */
};

/* A growing text buffer for generated lines; it holds keys. */
struct sb {
	char  *p;
	size_t len, cap;
};

static void __attribute__((format(printf, 3, 4)))
report(struct imp *im, unsigned line, const char *fmt, ...)
{
	va_list ap;

	im->nbad++;
	if (im->errs == NULL || im->nbad > IMPORT_REPORT_MAX)
		return;
	fprintf(im->errs, "%s:%u: ", im->file, line);
	va_start(ap, fmt);
	vfprintf(im->errs, fmt, ap);
	va_end(ap);
	fputc('\n', im->errs);
}

static void
report_end(struct imp *im)
{
	if (im->errs != NULL && im->nbad > IMPORT_REPORT_MAX)
		fprintf(im->errs, "%s: %d more bad records not shown\n",
		    im->file, im->nbad - IMPORT_REPORT_MAX);
}

/* ASCII only: tolower() would follow the locale. */
/* The n characters at p are word, ASCII case aside. */
static int
word_eq(const char *p, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)p[i]) !=
		    ascii_lower((unsigned char)word[i]))
			return 0;
	return 1;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
all_digits(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

static char *
skip_blanks(char *p)
{
	while (is_blank((unsigned char)*p))
		p++;
	return p;
}

/* One character for a message, escaped when it would not print. */
static const char *
char_repr(int c, char *buf, size_t len)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "byte 0x%02x", (unsigned)(c & 0xff));
	return buf;
}

/* ---------------------------------------------------------------------
 * Generated lines
 */

static void
sb_reserve(struct sb *b, size_t more)
{
	size_t ncap;
	char  *np;

	if (b->len + more + 1 <= b->cap)
		return;
	ncap = b->cap != 0 ? b->cap : 128;
	while (ncap < b->len + more + 1)
		ncap *= 2;
	np = xmalloc(ncap);
	if (b->len > 0)
		memcpy(np, b->p, b->len);
	crypto_free_wiped(b->p, b->cap);
	b->p = np;
	b->cap = ncap;
}

static void
sb_add(struct sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_str(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Bytes as a key-file HEX field: `-` when there are none. */
static void
sb_hex(struct sb *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t		  i;

	if (n == 0) {
		sb_str(b, "-");
		return;
	}
	sb_reserve(b, 2 * n);
	for (i = 0; i < n; i++) {
		b->p[b->len++] = digits[p[i] >> 4];
		b->p[b->len++] = digits[p[i] & 15];
	}
	b->p[b->len] = '\0';
}

/*
 * Bytes as a key-file "quoted string": whatever they hold, they stay one
 * field (quotes, backslashes, blanks, # and unprintable bytes escaped).
 */
static void
sb_quote(struct sb *b, const char *s, size_t n)
{
	char   esc[8];
	size_t i;

	sb_str(b, "\"");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			sb_str(b, esc);
		} else
			sb_add(b, (const char *)&c, 1);
	}
	sb_str(b, "\"");
}

static void
sb_reset(struct sb *b)
{
	if (b->p != NULL)
		crypto_wipe(b->p, b->cap);
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static void
sb_free(struct sb *b)
{
	crypto_free_wiped(b->p, b->cap);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* A generated line into the store, as line `line` of the imported file. */
static int
add_record(struct imp *im, unsigned line, const char *text)
{
	char msg[512];

	if (isc_keys_parse_line(im->k, im->file, line, text, msg,
		sizeof(msg)) == 0) {
		im->nkeys++;
		return 0;
	}
	report(im, line, "%s", msg);
	return -1;
}

/* ---------------------------------------------------------------------
 * Files and lines
 */

/*
 * The whole file, NUL-terminated.  A NUL byte near the start means a
 * binary file (a capture given by mistake): refused whole rather than
 * reported line by line.
 */
static int
read_file(const char *path, char **out, size_t *outlen, char *why,
    size_t whylen)
{
	FILE	   *f;
	struct stat st;
	char	   *buf = NULL, *nb, *z;
	size_t	    len = 0, cap = 0, got, ncap;
	int	    e;

	*out = NULL;
	*outlen = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return errf(why, whylen, "%s", strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return errf(why, whylen,
		    "is a directory; give the file to import");
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			ncap = cap != 0 ? cap * 2 : 8192;
			nb = xmalloc(ncap);
			if (len > 0)
				memcpy(nb, buf, len);
			crypto_free_wiped(buf, cap);
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (len > IMPORT_FILE_MAX) {
			fclose(f);
			crypto_free_wiped(buf, cap);
			return errf(why, whylen,
			    "is larger than %d MiB; not a key file of this "
			    "format",
			    IMPORT_FILE_MAX / (1024 * 1024));
		}
		if (got == 0)
			break;
	}
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (e != 0) {
		crypto_free_wiped(buf, cap);
		return errf(why, whylen, "%s", strerror(e));
	}
	buf[len] = '\0';
	if ((z = memchr(buf, '\0', len < 4096 ? len : 4096)) != NULL) {
		len = (size_t)(z - buf);
		crypto_free_wiped(buf, cap);
		return errf(why, whylen,
		    "is not a text file (a NUL byte at offset %zu)", len);
	}
	*out = buf;
	*outlen = len;
	return 0;
}

struct lines {
	char	*buf;
	size_t	 len, pos;
	unsigned no;
};

/*
 * The next line, NUL-terminated in place, without its newline, carriage
 * return or (on line 1) UTF-8 byte order mark.  0 at the end.
 */
static int
next_line(struct lines *l, char **line, size_t *n)
{
	char  *s, *e;
	size_t m;

	if (l->pos >= l->len)
		return 0;
	s = l->buf + l->pos;
	e = memchr(s, '\n', l->len - l->pos);
	m = e != NULL ? (size_t)(e - s) : l->len - l->pos;
	l->pos += m + (e != NULL);
	s[m] = '\0';
	if (m > 0 && s[m - 1] == '\r')
		s[--m] = '\0';
	if (l->no++ == 0 && m >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		m -= 3;
	}
	*line = s;
	*n = m;
	return 1;
}

/* A line with a NUL byte in it: reported, never parsed. */
static int
line_has_nul(struct imp *im, struct lines *l, const char *s, size_t n)
{
	if (strlen(s) == n)
		return 0;
	report(im, l->no, "line has a NUL byte; not a text line");
	return 1;
}

/* ---------------------------------------------------------------------
 * Wireshark user access tables (epan/uat_load.l, uat.c): one record per
 * line, fields separated by commas, each a "quoted string" with C
 * escapes (\xHH, \ooo, \n ...; uat_esc() writes \xHH for " \ and
 * anything unprintable) or bare hex digits; # starts a comment line.
 * A bare field in a string column is hex of the string's bytes, as
 * Wireshark reads it.
 */

enum ws_kind {
	WS_UNKNOWN = -1,
	WS_V1,
	WS_V2,
	WS_ESP
};

static const struct {
	const char *name;
	size_t	    nfields;
} ws_tables[] = {
	{ "ikev1_decryption_table", 2 },
	{ "ikev2_decryption_table", 8 },
	{ "esp_sa", 8 },
};

struct uatf {
	char  *p; /* decoded in place, NUL-terminated */
	size_t len;
	int    quoted;
};

/* Split a record in place into f[]; *n counts fields past UAT_FIELDS. */
static int
uat_split(char *s, struct uatf *f, size_t *n, char *why, size_t whylen)
{
	char *r = s, *w, *start, *end, term, cb[16];
	int   v, k;

	*n = 0;
	for (;;) {
		struct uatf t;

		r = skip_blanks(r);
		start = r;
		if (*r == '"') {
			w = start;
			r++;
			for (;;) {
				if (*r == '\0')
					return errf(why, whylen,
					    "field %zu: quoted string not "
					    "terminated (add the closing \")",
					    *n + 1);
				if (*r == '"') {
					r++;
					break;
				}
				if (*r != '\\') {
					*w++ = *r++;
					continue;
				}
				r++;
				switch (*r) {
				case '\0':
					return errf(why, whylen,
					    "field %zu: quoted string not "
					    "terminated (add the closing \")",
					    *n + 1);
				case 'a':
					*w++ = '\a';
					r++;
					break;
				case 'b':
					*w++ = '\b';
					r++;
					break;
				case 'e':
					*w++ = '\033';
					r++;
					break;
				case 'f':
					*w++ = '\f';
					r++;
					break;
				case 'n':
					*w++ = '\n';
					r++;
					break;
				case 'r':
					*w++ = '\r';
					r++;
					break;
				case 't':
					*w++ = '\t';
					r++;
					break;
				case 'v':
					*w++ = '\v';
					r++;
					break;
				case 'x':
					if (hex_digit((unsigned char)r[1]) >=
						0 &&
					    hex_digit((unsigned char)r[2]) >=
						0) {
						*w++ = (char)(hex_digit((
								  unsigned char)
								      r[1]) *
							16 +
						    hex_digit(
							(unsigned char)r[2]));
						r += 3;
					} else
						*w++ = *r++;
					break;
				default:
					if (*r >= '0' && *r <= '7') {
						v = 0;
						for (k = 0; k < 3 &&
						     *r >= '0' && *r <= '7';
						     k++)
							v = v * 8 +
							    (*r++ - '0');
						*w++ =
						    (char)(v > 255 ? 255 : v);
					} else
						*w++ = *r++;
					break;
				}
			}
			t.p = start;
			t.len = (size_t)(w - start);
			t.quoted = 1;
			end = w;
			r = skip_blanks(r);
			term = *r;
			if (term != '\0' && term != ',')
				return errf(why, whylen,
				    "%s after the quoted field %zu; fields "
				    "are separated by commas",
				    char_repr((unsigned char)term, cb,
					sizeof(cb)),
				    *n + 1);
		} else {
			while (*r != '\0' && *r != ',')
				r++;
			end = r;
			while (end > start && is_blank((unsigned char)end[-1]))
				end--;
			term = *r;
			t.p = start;
			t.len = (size_t)(end - start);
			t.quoted = 0;
		}
		*end = '\0';
		if (*n < UAT_FIELDS)
			f[*n] = t;
		(*n)++;
		if (term == '\0')
			return 0;
		r++;
	}
}

/*
 * A string column's text: a quoted field's bytes, or a bare field's hex
 * decoded, as Wireshark reads it; NULL when a bare field is not hex.
 * Text stops at a NUL, as in Wireshark's C strings.
 */
static const char *
ws_str(struct uatf *f)
{
	size_t i;

	if (!f->quoted) {
		if (f->len % 2 != 0)
			return NULL;
		for (i = 0; i < f->len; i++)
			if (hex_digit((unsigned char)f->p[i]) < 0)
				return NULL;
		for (i = 0; i < f->len / 2; i++)
			f->p[i] =
			    (char)(hex_digit((unsigned char)f->p[2 * i]) * 16 +
				hex_digit((unsigned char)f->p[2 * i + 1]));
		f->len /= 2;
		f->p[f->len] = '\0';
		f->quoted = 1;
	}
	return f->p;
}

/* A string column, or a message: string columns are "quoted". */
static const char *
ws_text(struct imp *im, unsigned line, struct uatf *f, size_t no,
    const char *what)
{
	const char *s = ws_str(f);

	if (s == NULL)
		report(im, line,
		    "field %zu (%s) is bare text but not hex; write it as a "
		    "\"quoted string\", as Wireshark does",
		    no, what);
	return s;
}

/*
 * A hex column (cookies, SPIs, IKE keys): Wireshark writes these bare;
 * a quoted one would be taken as the bytes of its text, surely not what
 * was meant.
 */
static int
ws_hex(struct imp *im, unsigned line, const struct uatf *f, size_t no,
    const char *what, struct sb *b)
{
	size_t i;
	char   cb[16];

	if (f->quoted) {
		report(im, line,
		    "field %zu (%s) is a quoted string, but Wireshark reads "
		    "this column as bare hex digits (quoted, it would take "
		    "the bytes of the text); write the hex without quotes",
		    no, what);
		return -1;
	}
	for (i = 0; i < f->len; i++)
		if (!is_alnum((unsigned char)f->p[i])) {
			report(im, line,
			    "field %zu (%s): %s is not a hex digit", no, what,
			    char_repr((unsigned char)f->p[i], cb, sizeof(cb)));
			return -1;
		}
	if (f->len == 0)
		sb_str(b, "-");
	else
		sb_add(b, f->p, f->len);
	return 0;
}

/* ikev1_decryption_table: "Initiator's COOKIE", "Encryption Key". */
static void
ws_v1(struct imp *im, unsigned line, struct uatf *f)
{
	struct sb b = { 0 };

	sb_str(&b, "ikev1 ");
	if (ws_hex(im, line, &f[0], 1, "initiator's cookie", &b) == 0) {
		sb_str(&b, " ");
		if (ws_hex(im, line, &f[1], 2, "encryption key", &b) == 0)
			add_record(im, line, b.p);
	}
	sb_free(&b);
}

/*
 * ikev2_decryption_table: SPIi, SPIr, SK_ei, SK_er, encryption
 * algorithm, SK_ai, SK_ar, integrity algorithm (packet-isakmp.c; the
 * algorithm strings are the ones keys.c knows).
 */
static void
ws_v2(struct imp *im, unsigned line, struct uatf *f)
{
	static const char *const what[] = { "SPI_I", "SPI_R", "SK_ei", "SK_er",
		"encryption algorithm", "SK_ai", "SK_ar",
		"integrity algorithm" };
	struct sb		 b = { 0 };
	const char		*s;
	size_t			 i;

	sb_str(&b, "ikev2");
	for (i = 0; i < 8; i++) {
		sb_str(&b, " ");
		if (i == 4 || i == 7) {
			if ((s = ws_text(im, line, &f[i], i + 1, what[i])) ==
			    NULL)
				goto out;
			if (i == 7 && strstr(s, "[No Checking]") != NULL) {
				report(im, line,
				    "integrity algorithm '%.64s' checks no "
				    "ICV, but ikescope verifies every IKEv2 "
				    "message before it decrypts it: choose "
				    "the SA's integrity algorithm in the "
				    "table",
				    s);
				goto out;
			}
			sb_quote(&b, s, strlen(s));
		} else if (ws_hex(im, line, &f[i], i + 1, what[i], &b) != 0)
			goto out;
	}
	add_record(im, line, b.p);
out:
	sb_free(&b);
}

/*
 * esp_sa SPI (packet-esp.c filter_spi_match): "*", or a number as C's
 * strtoul(s, NULL, 0) reads it: 0x hex, 0 octal, else decimal.
 */
static int
ws_spi(struct imp *im, unsigned line, const char *s, struct sb *b)
{
	uint64_t    v = 0;
	const char *p = s;
	unsigned    base = 10;
	int	    d;
	char	    cb[16];

	if (strcmp(s, "*") == 0) {
		sb_str(b, "*");
		return 0;
	}
	if (strchr(s, '*') != NULL) {
		report(im, line,
		    "SPI '%.32s' has a wildcard digit; ikescope takes one SPI "
		    "or * for any",
		    s);
		return -1;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0')
		base = 8;
	if (*p == '\0') {
		report(im, line,
		    "SPI '%.32s' has no digits (write 0x and hex digits, a "
		    "decimal number, or * for any)",
		    s);
		return -1;
	}
	for (; *p != '\0'; p++) {
		d = hex_digit((unsigned char)*p);
		if (d < 0 || (unsigned)d >= base) {
			report(im, line,
			    "SPI '%.32s': %s is not a %s digit (Wireshark "
			    "reads 0x... as hex, 0... as octal, anything "
			    "else as decimal)",
			    s, char_repr((unsigned char)*p, cb, sizeof(cb)),
			    base == 16	  ? "hex" :
				base == 8 ? "octal" :
					    "decimal");
			return -1;
		}
		v = v * base + (unsigned)d;
		if (v > 0xffffffffu) {
			report(im, line, "SPI '%.32s' is larger than 32 bits",
			    s);
			return -1;
		}
	}
	sb_printf(b, "%08x", (unsigned)v);
	return 0;
}

/* The family of an address literal: 4, 6 or 0. */
static int
addr_family(const char *s)
{
	uint8_t b[16];

	if (inet_pton(AF_INET, s, b) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, b) == 1)
		return 6;
	return 0;
}

/*
 * An esp_sa address: "*", an address, ADDR/PREFIX, or IPv4 with whole
 * trailing octets as "*" (192.168.*.*, a /16).  fam is the row's
 * protocol column (0: Any).
 */
static int
ws_addr(struct imp *im, unsigned line, const char *what, const char *s, int fam,
    struct sb *b)
{
	char	    buf[64], *oct[4], *save = NULL, *tok;
	const char *slash;
	size_t	    n;
	int	    f, i, nconc = 0, nwild = 0;

	if (*s == '\0') {
		report(im, line,
		    "the %s is empty; Wireshark never matches such a row "
		    "(write * for any address)",
		    what);
		return -1;
	}
	if (strcmp(s, "*") == 0) {
		sb_str(b, "*");
		return 0;
	}
	slash = strchr(s, '/');
	n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(buf)) {
		report(im, line, "the %s '%.64s...' is too long for an address",
		    what, s);
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strchr(buf, '*') != NULL) {
		/* 10.1.*.*: whole octets, and only at the end. */
		if (slash != NULL || strchr(buf, ':') != NULL)
			goto nowild;
		for (i = 0, tok = strtok_r(buf, ".", &save); tok != NULL;
		     tok = strtok_r(NULL, ".", &save)) {
			if (i == 4)
				goto nowild;
			oct[i++] = tok;
		}
		if (i != 4)
			goto nowild;
		for (i = 0; i < 4; i++) {
			if (strcmp(oct[i], "*") == 0) {
				nwild++;
				continue;
			}
			if (nwild > 0 || strlen(oct[i]) > 3 ||
			    strspn(oct[i], "0123456789") != strlen(oct[i]) ||
			    atoi(oct[i]) > 255)
				goto nowild;
			nconc++;
		}
		if (fam == 6)
			goto family;
		sb_str(b, "");
		for (i = 0; i < 4; i++)
			sb_printf(b, "%s%s", i > 0 ? "." : "",
			    i < nconc ? oct[i] : "0");
		sb_printf(b, "/%d", 8 * nconc);
		return 0;
	}
	f = addr_family(buf);
	if (f != 0 && fam != 0 && f != fam)
		goto family;
	/* Quoted: whatever it holds, it stays one field for keys.c. */
	sb_quote(b, s, strlen(s));
	return 0;
nowild:
	report(im, line,
	    "the %s '%.64s' has a wildcard ikescope cannot express; write "
	    "a subnet as ADDR/PREFIX (192.168.0.0/16, 2001:db8::/32) or * "
	    "for any",
	    what, s);
	return -1;
family:
	report(im, line, "the row is for IPv%d but the %s '%.64s' is not", fam,
	    what, s);
	return -1;
}

/*
 * An esp_sa key (packet-esp.c compute_ascii_key): 0x and hex digits (an
 * odd count gets a leading 0), "0x" alone for no key, anything else the
 * bytes of its text.
 */
static int
ws_key(struct imp *im, unsigned line, size_t no, const char *what,
    const char *s, struct sb *b)
{
	size_t n = strlen(s), i;
	char   cb[16];

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n; i++)
			if (hex_digit((unsigned char)s[i]) < 0) {
				report(im, line,
				    "field %zu (%s) starts with 0x but %s at "
				    "position %zu is not a hex digit "
				    "(Wireshark reads a key that starts with "
				    "0x as hex, any other key as text)",
				    no, what,
				    char_repr((unsigned char)s[i], cb,
					sizeof(cb)),
				    i + 1);
				return -1;
			}
		if (n % 2 != 0)
			sb_str(b, "0");
		sb_str(b, s + 2);
		return 0;
	}
	if (n == 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		n = 0;
	sb_hex(b, (const uint8_t *)s, n);
	return 0;
}

/*
 * esp_sa (tshark 4.0): protocol, source, destination, SPI, encryption
 * algorithm, encryption key, authentication algorithm, authentication
 * key.
 */
static void
ws_esp(struct imp *im, unsigned line, struct uatf *f)
{
	static const char *const what[] = { "protocol", "source address",
		"destination address", "SPI", "encryption algorithm",
		"encryption key", "authentication algorithm",
		"authentication key" };
	struct sb		 b = { 0 };
	const char		*s[8];
	size_t			 i;
	int			 fam;

	for (i = 0; i < 8; i++)
		if ((s[i] = ws_text(im, line, &f[i], i + 1, what[i])) == NULL)
			return;
	if (ascii_name_eq(s[0], "IPv4"))
		fam = 4;
	else if (ascii_name_eq(s[0], "IPv6"))
		fam = 6;
	else if (ascii_name_eq(s[0], "Any"))
		fam = 0;
	else {
		report(im, line,
		    "field 1 (protocol) is '%.32s'; an esp_sa row is for "
		    "IPv4, IPv6 or Any",
		    s[0]);
		return;
	}
	if (strcmp(s[4], "AES-GCM [RFC4106]") == 0) {
		report(im, line,
		    "'AES-GCM [RFC4106]' (deprecated in Wireshark) names no "
		    "ICV length; choose 'AES-GCM with 16 octet ICV "
		    "[RFC4106]' (or 8, 12) for the SA");
		return;
	}
	if (strcmp(s[6], "ANY 64 bit authentication [no checking]") == 0) {
		report(im, line,
		    "'%s': an unchecked 64-bit ICV is not supported (ESP "
		    "ICVs are 96 bits or longer)",
		    s[6]);
		return;
	}
	if (strcmp(s[6], "MAC-RIPEMD-160-96 [RFC2857]") == 0) {
		report(im, line,
		    "'%s' is not supported; if only decryption matters, "
		    "choose 'ANY 96 bit authentication [no checking]'",
		    s[6]);
		return;
	}
	sb_str(&b, "esp ");
	if (ws_spi(im, line, s[3], &b) != 0)
		goto out;
	sb_str(&b, " ");
	sb_quote(&b, s[4], strlen(s[4]));
	sb_str(&b, " ");
	if (ws_key(im, line, 6, what[5], s[5], &b) != 0)
		goto out;
	sb_str(&b, " ");
	sb_quote(&b, s[6], strlen(s[6]));
	sb_str(&b, " ");
	if (ws_key(im, line, 8, what[7], s[7], &b) != 0)
		goto out;
	sb_str(&b, " ");
	/*
	 * "*" and "*" in an IPv4 row match IPv4 packets only: say so with
	 * 0.0.0.0/0 (::/0) as SRC.
	 */
	if (fam != 0 && strcmp(s[1], "*") == 0 && strcmp(s[2], "*") == 0)
		sb_str(&b, fam == 4 ? "0.0.0.0/0" : "::/0");
	else if (ws_addr(im, line, what[1], s[1], fam, &b) != 0)
		goto out;
	sb_str(&b, " ");
	if (ws_addr(im, line, what[2], s[2], fam, &b) != 0)
		goto out;
	add_record(im, line, b.p);
out:
	sb_free(&b);
}

static const char *
ws_kind_name(enum ws_kind kind)
{
	return ws_tables[kind].name;
}

/* One table file; kind WS_UNKNOWN: tell from the first record. */
static int
ws_file(struct isc_keys *k, const char *path, enum ws_kind kind, FILE *errs,
    int *nkeys, char *why, size_t whylen)
{
	struct imp   im = { k, path, errs, 0, 0 };
	struct lines l = { 0 };
	struct uatf  f[UAT_FIELDS];
	char	    *line, msg[256];
	const char  *s;
	size_t	     n, nf;

	if (read_file(path, &l.buf, &l.len, why, whylen) != 0)
		return -1;
	while (next_line(&l, &line, &n)) {
		if (line_has_nul(&im, &l, line, n))
			continue;
		line = skip_blanks(line);
		if (*line == '\0' || *line == '#')
			continue;
		if (uat_split(line, f, &nf, msg, sizeof(msg)) != 0) {
			report(&im, l.no, "%s", msg);
			continue;
		}
		if (kind == WS_UNKNOWN) {
			if (nf == 2)
				kind = WS_V1;
			else if (nf == 8) {
				s = f[0].quoted ? f[0].p : "";
				kind = ascii_name_eq(s, "IPv4") ||
					ascii_name_eq(s, "IPv6") ||
					ascii_name_eq(s, "Any") ?
				    WS_ESP :
				    WS_V2;
			} else {
				report(&im, l.no,
				    "%zu fields: not a Wireshark key table "
				    "row (ikev1_decryption_table rows have 2 "
				    "fields, ikev2_decryption_table and "
				    "esp_sa rows 8); name the file after its "
				    "table",
				    nf);
				continue;
			}
		}
		if (nf != ws_tables[kind].nfields) {
			report(&im, l.no, "%zu fields, but %s rows have %zu",
			    nf, ws_kind_name(kind), ws_tables[kind].nfields);
			continue;
		}
		switch (kind) {
		case WS_V1:
			ws_v1(&im, l.no, f);
			break;
		case WS_V2:
			ws_v2(&im, l.no, f);
			break;
		default:
			ws_esp(&im, l.no, f);
			break;
		}
	}
	crypto_free_wiped(l.buf, l.len + 1);
	report_end(&im);
	*nkeys += im.nkeys;
	return im.nbad;
}

/*
 * A profile directory (any of the three tables it holds) or one table
 * file, known by its name (NAME or anything ending in NAME, such as
 * capture.esp_sa) or else by its first record.
 */
static int
import_wireshark(struct isc_keys *k, const char *path, FILE *errs, char *why,
    size_t whylen)
{
	struct stat  st;
	char	    *p, sub[256];
	size_t	     i;
	int	     nbad = 0, nkeys = 0, found = 0, r;
	enum ws_kind kind = WS_UNKNOWN;

	if (stat(path, &st) != 0)
		return errf(why, whylen, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		for (i = 0; i < sizeof(ws_tables) / sizeof(ws_tables[0]); i++) {
			p = xasprintf("%s/%s", path, ws_tables[i].name);
			if (stat(p, &st) != 0 && errno == ENOENT) {
				free(p);
				continue;
			}
			found++;
			r = ws_file(k, p, (enum ws_kind)i, errs, &nkeys, sub,
			    sizeof(sub));
			if (r < 0) {
				if (errs != NULL)
					fprintf(errs, "%s: %s\n", p, sub);
				r = 1;
			}
			nbad += r;
			free(p);
		}
		if (found == 0)
			return errf(why, whylen,
			    "is a directory without Wireshark key tables "
			    "(ikev1_decryption_table, ikev2_decryption_table, "
			    "esp_sa)");
	} else {
		for (i = 0; i < sizeof(ws_tables) / sizeof(ws_tables[0]); i++)
			if (has_suffix(path, ws_tables[i].name))
				kind = (enum ws_kind)i;
		if ((nbad = ws_file(k, path, kind, errs, &nkeys, why, whylen)) <
		    0)
			return -1;
	}
	if (nkeys == 0 && nbad == 0)
		return errf(why, whylen,
		    "holds no Wireshark key table rows (ikev1_decryption_table, "
		    "ikev2_decryption_table, esp_sa)");
	return nbad;
}

/* ---------------------------------------------------------------------
 * tcpdump -E secrets (print-esp.c, esp_print_decode_onesecret and
 * esp_print_decode_ikeline), one per line:
 *
 *	SPI@DST ALGO:SECRET	an ESP SA (SPI as C's strtoul(s, 0, 0))
 *	ALGO:SECRET		every SA without its own line
 *	ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY ENCR:0xKEY
 *
 * ALGO is an OpenSSL cipher name, optionally with -hmac96 (a 12-byte ICV
 * that tcpdump skips unchecked) and -cbc; SECRET is 0x and hex digits,
 * else the bytes of the text.  As in tcpdump's -E argument, a hex secret
 * may be followed by a comma and another secret.  An ikev2 I line holds
 * the initiator's keys (SK_ei, SK_ai), an R line the responder's.
 */

/* tcpdump's cipher names, -hmac96 and -cbc taken off, as ENCR names. */
static const struct {
	const char *tcpdump;
	const char *encr;
} tcp_ciphers[] = {
	{ "des", "des" },
	{ "3des", "3des" },
	{ "des-ede3", "3des" },
	{ "aes", "ENCR_AES_CBC" },
	{ "aes128", "aes128" },
	{ "aes-128", "aes128" },
	{ "aes192", "aes192" },
	{ "aes-192", "aes192" },
	{ "aes256", "aes256" },
	{ "aes-256", "aes256" },
	{ "blowfish", "ENCR_BLOWFISH" },
	{ "bf", "ENCR_BLOWFISH" },
	{ "cast128", "ENCR_CAST" },
	{ "cast5", "ENCR_CAST" },
	{ "cast", "ENCR_CAST" },
	{ "camellia128", "camellia128" },
	{ "camellia-128", "camellia128" },
	{ "camellia192", "camellia192" },
	{ "camellia-192", "camellia192" },
	{ "camellia256", "camellia256" },
	{ "camellia-256", "camellia256" },
	{ "none", "ENCR_NULL" },
	{ "null", "ENCR_NULL" },
};

#define TCP_CIPHERS \
	"des-cbc, 3des-cbc, aes128-cbc, aes192-cbc, aes256-cbc, " \
	"blowfish-cbc, cast128-cbc, camellia128-cbc (192, 256) or none, " \
	"with -hmac96 for a 12-byte ICV"

/*
 * ALGO (cut at its end) as tcpdump reads it; *icv is set for -hmac96.
 * NULL when ikescope does not know the cipher.
 */
static const char *
tcp_cipher(char *algo, int *icv)
{
	size_t n = strlen(algo), i;

	*icv = 0;
	if (n > 7 && ascii_name_eq(algo + n - 7, "-hmac96")) {
		algo[n -= 7] = '\0';
		*icv = 1;
	}
	if (n > 4 && ascii_name_eq(algo + n - 4, "-cbc"))
		algo[n -= 4] = '\0';
	for (i = 0; i < sizeof(tcp_ciphers) / sizeof(tcp_ciphers[0]); i++)
		if (ascii_name_eq(algo, tcp_ciphers[i].tcpdump))
			return tcp_ciphers[i].encr;
	return NULL;
}

/*
 * SECRET at s into b as HEX; *next is set to the secret after a comma,
 * else NULL.  A hex secret ends at a blank or a comma; a text secret is
 * the rest of the line (trailing blanks dropped).
 */
static int
tcp_secret(struct imp *im, unsigned line, char *s, struct sb *b, char **next,
    const char *what)
{
	char  *p, *e, cb[16];
	size_t n;

	*next = NULL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (p = s + 2; hex_digit((unsigned char)*p) >= 0; p++)
			;
		n = (size_t)(p - s - 2);
		e = skip_blanks(p);
		if (*e == ',')
			*next = e + 1;
		else if (*e != '\0') {
			report(im, line,
			    "%s: %s after the hex digits of the secret (a "
			    "hex secret is 0x and hex digits)",
			    what, char_repr((unsigned char)*e, cb, sizeof(cb)));
			return -1;
		}
		if (n % 2 != 0) {
			report(im, line,
			    "%s: the secret has an odd number of hex digits "
			    "(%zu); every byte takes two",
			    what, n);
			return -1;
		}
		if (n == 0)
			sb_str(b, "-");
		else
			sb_add(b, s + 2, n);
		return 0;
	}
	n = strlen(s);
	while (n > 0 && is_blank((unsigned char)s[n - 1]))
		n--;
	sb_hex(b, (const uint8_t *)s, n);
	return 0;
}

/* A strtoul(s, 0, 0) number of 32 bits, all of s. */
static int
tcp_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	int	 d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0')
		base = 8;
	if (*s == '\0' && base != 8)
		return -1;
	for (; *s != '\0'; s++) {
		d = hex_digit((unsigned char)*s);
		if (d < 0 || (unsigned)d >= base)
			return -1;
		v = v * base + (unsigned)d;
		if (v > 0xffffffffu)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* One ESP secret (and those after its commas) from s. */
static void
tcp_esp(struct imp *im, unsigned line, char *s)
{
	struct sb   b = { 0 };
	char	   *e, *spec, *decode, *at, *colon, *next;
	const char *encr;
	uint32_t    spi;
	int	    icv;

	for (; s != NULL; s = next) {
		next = NULL;
		sb_reset(&b);
		s = skip_blanks(s);
		for (e = s; *e != '\0' && !is_blank((unsigned char)*e); e++)
			;
		decode = skip_blanks(e);
		spec = NULL;
		if (*decode == '\0')
			decode = s; /* ALGO:SECRET alone: every SA */
		else {
			spec = s;
			*e = '\0';
		}
		if (spec != NULL) {
			if ((at = strchr(spec, '@')) == NULL) {
				report(im, line,
				    "'%.40s' is not SPI@ADDRESS (write "
				    "SPI@DST ALGO:SECRET, or ALGO:SECRET "
				    "alone for every SA)",
				    spec);
				break;
			}
			*at = '\0';
			if (tcp_u32(spec, &spi) != 0) {
				report(im, line,
				    "SPI '%.32s' is not a 32-bit number (0x "
				    "and hex digits, or decimal)",
				    spec);
				break;
			}
			if (addr_family(at + 1) == 0) {
				report(im, line,
				    "'%.64s' after the @ is not an IPv4 or "
				    "IPv6 address (the SA's destination)",
				    at + 1);
				break;
			}
		}
		if ((colon = strchr(decode, ':')) == NULL) {
			report(im, line,
			    "no ':' between the algorithm and the secret "
			    "(write ALGO:0xHEX, such as "
			    "3des-cbc-hmac96:0x4043...)");
			break;
		}
		*colon = '\0';
		if ((encr = tcp_cipher(decode, &icv)) == NULL) {
			report(im, line,
			    "cipher '%.32s' is not one ikescope decrypts "
			    "(" TCP_CIPHERS ")",
			    decode);
			break;
		}
		if (spec != NULL)
			sb_printf(&b, "esp %08x %s ", (unsigned)spi, encr);
		else
			sb_printf(&b, "esp * %s ", encr);
		if (tcp_secret(im, line, colon + 1, &b, &next, "esp") != 0)
			break;
		sb_printf(&b, " %s -", icv ? "ANY_96" : "NONE");
		if (spec != NULL)
			sb_printf(&b, " * %s", at + 1);
		add_record(im, line, b.p);
	}
	sb_free(&b);
}

/* One direction of an IKEv2 SA, waiting for the other. */
struct v2half {
	unsigned  line;
	char	  encr[64], integ[64];
	struct sb ek, ak; /* HEX text */
};

struct v2pair {
	char	      spi_i[17], spi_r[17];
	int	      have[2]; /* [0] I, [1] R */
	struct v2half h[2];
};

struct v2pairs {
	struct v2pair *v;
	size_t	       n, cap;
};

static void
v2pair_free(struct v2pair *p)
{
	sb_free(&p->h[0].ek);
	sb_free(&p->h[0].ak);
	sb_free(&p->h[1].ek);
	sb_free(&p->h[1].ak);
}

/* "ikev2 SPI_I SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG" of a pair. */
static void
v2line(struct sb *b, const struct v2pair *p, const struct v2half *ih,
    const struct v2half *rh)
{
	sb_printf(b, "ikev2 %s %s %s %s %s %s %s %s", p->spi_i, p->spi_r,
	    ih->ek.p, rh->ek.p, ih->encr, ih->ak.p, rh->ak.p, ih->integ);
}

/*
 * Both directions known: the ikev2 entry, as the first of the two lines.
 * When it is refused, the message goes to the line at fault: the I line
 * if its keys fail on their own, else the R line.
 */
static void
v2emit(struct imp *im, struct v2pair *p)
{
	struct sb	 b = { 0 };
	struct isc_keys *scratch;
	char		 msg[512];
	unsigned	 first, second;

	first = p->h[0].line < p->h[1].line ? p->h[0].line : p->h[1].line;
	second = p->h[0].line < p->h[1].line ? p->h[1].line : p->h[0].line;
	v2line(&b, p, &p->h[0], &p->h[1]);
	if (isc_keys_parse_line(im->k, im->file, first, b.p, msg,
		sizeof(msg)) == 0) {
		im->nkeys++;
		sb_free(&b);
		return;
	}
	sb_reset(&b);
	v2line(&b, p, &p->h[0], &p->h[0]);
	scratch = isc_keys_new();
	if (isc_keys_parse_line(scratch, im->file, p->h[0].line, b.p, msg,
		sizeof(msg)) != 0)
		report(im, p->h[0].line, "%s", msg);
	else {
		sb_reset(&b);
		v2line(&b, p, &p->h[0], &p->h[1]);
		isc_keys_parse_line(scratch, im->file, second, b.p, msg,
		    sizeof(msg));
		report(im, p->h[1].line, "%s", msg);
	}
	isc_keys_free(scratch);
	sb_free(&b);
}

#define V2_TCP_USAGE "ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY ENCR:0xKEY"

/* "0x" and 16 hex digits, lowercased into out[17]. */
static int
tcp_spi64(const char *s, char *out)
{
	size_t i;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || strlen(s) != 18)
		return -1;
	for (i = 0; i < 16; i++) {
		if (hex_digit((unsigned char)s[2 + i]) < 0)
			return -1;
		out[i] = (char)ascii_lower((unsigned char)s[2 + i]);
	}
	out[16] = '\0';
	return 0;
}

/*
 * libreswan's (and Openswan's) names in its ikev2 lines
 * (ikev2_log_parentSA(): the algorithm's encrypt_tcpdump_name, then the
 * key length in bits when it has one: "aes128", "3des192",
 * "aes_gcm_16256"), as key-file names: a strongSwan keyword when the
 * bits fix the key length, else the IANA name.  Longest stems first.
 */
static const struct {
	const char *stem;
	const char *with_bits; /* printf format of the bits, or NULL */
	const char *without;
} lsw_ciphers[] = {
	{ "null_auth_aes_gmac", "aes%ugmac", "ENCR_NULL_AUTH_AES_GMAC" },
	{ "chacha20_poly1305", NULL, "ENCR_CHACHA20_POLY1305" },
	{ "aes_gcm_16", "aes%ugcm16", "ENCR_AES_GCM_16" },
	{ "aes_gcm_12", "aes%ugcm12", "ENCR_AES_GCM_12" },
	{ "aes_gcm_8", "aes%ugcm8", "ENCR_AES_GCM_8" },
	{ "aes_ccm_16", "aes%uccm16", "ENCR_AES_CCM_16" },
	{ "aes_ccm_12", "aes%uccm12", "ENCR_AES_CCM_12" },
	{ "aes_ccm_8", "aes%uccm8", "ENCR_AES_CCM_8" },
	{ "camellia", "camellia%u", "ENCR_CAMELLIA_CBC" },
	{ "aes_gcm", "aes%ugcm8", "ENCR_AES_GCM_8" }, /* libreswan: GCM_8 */
	{ "aes_ctr", "aes%uctr", "ENCR_AES_CTR" },
	{ "3des", NULL, "3des" },
	{ "cast", NULL, "ENCR_CAST" },
	{ "null", NULL, "ENCR_NULL" },
	{ "aes", "aes%u", "ENCR_AES_CBC" },
};

/*
 * An ikev2 line's ENCR as a key-file name into out: tcpdump's own cipher
 * names first, then libreswan's, then any name the key file knows.
 */
static int
v2_encr(char *name, char *out, size_t outlen)
{
	const char *e;
	size_t	    i, n;
	unsigned    bits;
	int	    icv;

	if ((e = tcp_cipher(name, &icv)) != NULL && !icv) {
		snprintf(out, outlen, "%s", e);
		return 0;
	}
	for (i = 0; i < sizeof(lsw_ciphers) / sizeof(lsw_ciphers[0]); i++) {
		n = strlen(lsw_ciphers[i].stem);
		if (strlen(name) < n || !word_eq(name, n, lsw_ciphers[i].stem))
			continue;
		if (name[n] == '\0') {
			snprintf(out, outlen, "%s", lsw_ciphers[i].without);
			return 0;
		}
		if (!all_digits(name + n) || strlen(name + n) > 3)
			continue;
		bits = (unsigned)atoi(name + n);
		if (lsw_ciphers[i].with_bits != NULL &&
		    (bits == 128 || bits == 192 || bits == 256))
			snprintf(out, outlen, lsw_ciphers[i].with_bits, bits);
		else if (strcmp(lsw_ciphers[i].stem, "3des") == 0 &&
		    bits == 192)
			snprintf(out, outlen, "3des");
		else if (strcmp(lsw_ciphers[i].stem, "cast") == 0 &&
		    bits == 128)
			snprintf(out, outlen, "cast128");
		else if (strcmp(lsw_ciphers[i].stem, "chacha20_poly1305") ==
			0 &&
		    bits == 256)
			snprintf(out, outlen, "chacha20poly1305");
		else
			return -1;
		return 0;
	}
	if (isc_algo_parse(ALGO_ENCR, name, NULL, NULL) == 0) {
		snprintf(out, outlen, "%s", name);
		return 0;
	}
	return -1;
}

/* An ikev2 line's INTEG (tcpdump, libreswan or key-file names). */
static int
v2_integ(const char *name, char *out, size_t outlen)
{
	static const struct {
		const char *lsw, *integ;
	} names[] = { { "aes_xcbc", "aesxcbc" }, { "aes_cmac", "aescmac" },
		{ "none", "NONE" } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ascii_name_eq(name, names[i].lsw)) {
			snprintf(out, outlen, "%s", names[i].integ);
			return 0;
		}
	if (isc_algo_parse(ALGO_INTEG, name, NULL, NULL) != 0 ||
	    strchr(name, ' ') != NULL)
		return -1;
	snprintf(out, outlen, "%s", name);
	return 0;
}

/*
 * ikev2 I|R 0xSPI_I 0xSPI_R INTEG:KEY ENCR:KEY.  An I line and an R line
 * with the same SPIs and algorithms make one ikev2 entry, whatever their
 * order and whatever lies between them; several such lines (tcpdump
 * takes them all as candidates) pair up in order.
 */
static void
tcp_ikev2(struct imp *im, unsigned line, char *s, struct v2pairs *ps)
{
	char	      *t[6], *colon, *next, spi_i[17], spi_r[17];
	struct v2half  h = { 0 };
	struct v2pair *p = NULL;
	size_t	       n = 0, i;
	int	       role;

	for (;;) {
		s = skip_blanks(s);
		if (*s == '\0')
			break;
		if (n < 6)
			t[n] = s;
		n++;
		while (*s != '\0' && !is_blank((unsigned char)*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	if (n != 5) {
		report(im, line,
		    "ikev2: expected `%s`, got %zu fields after ikev2",
		    V2_TCP_USAGE, n);
		return;
	}
	if (strcmp(t[0], "I") == 0)
		role = 0;
	else if (strcmp(t[0], "R") == 0)
		role = 1;
	else {
		report(im, line,
		    "ikev2: '%.16s' must be I (the initiator's keys) or R (the "
		    "responder's)",
		    t[0]);
		return;
	}
	if (tcp_spi64(t[1], spi_i) != 0 || tcp_spi64(t[2], spi_r) != 0) {
		report(im, line,
		    "ikev2: SPI_I and SPI_R must each be 0x and 16 hex "
		    "digits; fields are `%s`",
		    V2_TCP_USAGE);
		return;
	}
	h.line = line;
	/* INTEG:KEY */
	if ((colon = strchr(t[3], ':')) == NULL) {
		report(im, line,
		    "ikev2: no ':' in the integrity field '%.40s'; fields are "
		    "`%s`",
		    t[3], V2_TCP_USAGE);
		return;
	}
	*colon = '\0';
	if (v2_integ(t[3], h.integ, sizeof(h.integ)) != 0) {
		report(im, line,
		    "ikev2: unknown integrity algorithm '%.32s' (md5, sha1, "
		    "sha256, sha384, sha512, aes_xcbc, aes_cmac, or an IANA "
		    "name)",
		    t[3]);
		return;
	}
	if (tcp_secret(im, line, colon + 1, &h.ak, &next, "ikev2") != 0)
		goto out;
	if (next != NULL) {
		report(im, line,
		    "ikev2: a comma after the integrity key; fields are `%s`",
		    V2_TCP_USAGE);
		goto out;
	}
	/* ENCR:KEY */
	if ((colon = strchr(t[4], ':')) == NULL) {
		report(im, line,
		    "ikev2: no ':' in the encryption field '%.40s'; fields "
		    "are `%s`",
		    t[4], V2_TCP_USAGE);
		goto out;
	}
	*colon = '\0';
	if (v2_encr(t[4], h.encr, sizeof(h.encr)) != 0) {
		report(im, line,
		    "ikev2: unknown encryption algorithm '%.32s' (aes128, "
		    "aes256, 3des, aes_gcm_16256 and the other names "
		    "libreswan writes, or an IANA name)",
		    t[4]);
		goto out;
	}
	if (tcp_secret(im, line, colon + 1, &h.ek, &next, "ikev2") != 0)
		goto out;
	if (next != NULL) {
		report(im, line,
		    "ikev2: a comma after the encryption key; one SA "
		    "direction per line");
		goto out;
	}
	/* The first pair of these SPIs and algorithms still without it. */
	for (i = 0; i < ps->n && p == NULL; i++)
		if (strcmp(ps->v[i].spi_i, spi_i) == 0 &&
		    strcmp(ps->v[i].spi_r, spi_r) == 0 &&
		    !ps->v[i].have[role] &&
		    ascii_name_eq(ps->v[i].h[!role].encr, h.encr) &&
		    ascii_name_eq(ps->v[i].h[!role].integ, h.integ))
			p = &ps->v[i];
	if (p == NULL) {
		ARRAY_GROW(ps->v, ps->n, ps->cap);
		p = &ps->v[ps->n++];
		memset(p, 0, sizeof(*p));
		memcpy(p->spi_i, spi_i, sizeof(spi_i));
		memcpy(p->spi_r, spi_r, sizeof(spi_r));
	}
	p->h[role] = h;
	p->have[role] = 1;
	if (p->have[0] && p->have[1]) {
		v2emit(im, p);
		v2pair_free(p);
		memmove(p, p + 1,
		    (size_t)(ps->v + ps->n - (p + 1)) * sizeof(*p));
		ps->n--;
	}
	return;
out:
	sb_free(&h.ek);
	sb_free(&h.ak);
}

static int
import_tcpdump(struct isc_keys *k, const char *path, FILE *errs, char *why,
    size_t whylen)
{
	struct imp     im = { k, path, errs, 0, 0 };
	struct lines   l = { 0 };
	struct v2pairs ps = { 0 };
	char	      *line, *p, *w;
	size_t	       n, i;

	if (read_file(path, &l.buf, &l.len, why, whylen) != 0)
		return -1;
	while (next_line(&l, &line, &n)) {
		if (line_has_nul(&im, &l, line, n))
			continue;
		p = skip_blanks(line);
		if (*p == '\0' || *p == '#')
			continue;
		for (w = p; *w != '\0' && !is_blank((unsigned char)*w); w++)
			;
		if (word_eq(p, (size_t)(w - p), "ikev2"))
			tcp_ikev2(&im, l.no, w, &ps);
		else if (word_eq(p, (size_t)(w - p), "file"))
			report(&im, l.no,
			    "a 'file' line names another secrets file, "
			    "which ikescope does not follow: import that "
			    "file with an import line of its own");
		else
			tcp_esp(&im, l.no, p);
	}
	for (i = 0; i < ps.n; i++) {
		struct v2pair *q = &ps.v[i];
		int	       role = q->have[0] ? 0 : 1;

		report(&im, q->h[role].line,
		    "ikev2: only the %s keys for SPIs %s/%s with %s and %s "
		    "(no %s line with the same SPIs and algorithms): an "
		    "ikev2 entry needs both directions' keys, so this SA is "
		    "not imported",
		    role == 0 ? "initiator's" : "responder's", q->spi_i,
		    q->spi_r, q->h[role].integ, q->h[role].encr,
		    role == 0 ? "R" : "I");
		v2pair_free(q);
	}
	free(ps.v);
	crypto_free_wiped(l.buf, l.len + 1);
	report_end(&im);
	if (im.nkeys == 0 && im.nbad == 0)
		return errf(why, whylen,
		    "holds no tcpdump secrets (SPI@DST ALGO:SECRET or "
		    "ikev2 I|R ... lines)");
	return im.nbad;
}

/* ---------------------------------------------------------------------
 * `ip xfrm state` (iproute2 ip/ipxfrm.c xfrm_state_info_print): one
 * block per SA, from a "src A dst B" line to the next one:
 *
 *	src 192.0.2.1 dst 192.0.2.2
 *		proto esp spi 0xc1d2e3f4(3251827700) reqid 1(0x00000001) mode tunnel
 *		replay-window 0 seq 0x00000000 flag af-unspec (0x00100000)
 *		auth-trunc hmac(sha256) 0x... (256 bits) 128
 *		enc cbc(aes) 0x... (128 bits)
 *		aead rfc4106(gcm(aes)) 0x... (160 bits) 128
 *
 * Other lines (encap, sel, lifetime, stats, ...) are not needed.  With
 * -o, a block is one line and "\" separates what would be lines.
 */

/* Linux crypto names of ESP ciphers (kernel xfrm_algo.c), as ENCR. */
static const struct {
	const char *linux_name;
	const char *encr;
} xfrm_ciphers[] = {
	{ "cbc(aes)", "ENCR_AES_CBC" },
	{ "aes", "ENCR_AES_CBC" },
	{ "rfc3686(ctr(aes))", "ENCR_AES_CTR" },
	{ "cbc(des3_ede)", "ENCR_3DES" },
	{ "des3_ede", "ENCR_3DES" },
	{ "cbc(des)", "ENCR_DES" },
	{ "des", "ENCR_DES" },
	{ "cbc(blowfish)", "ENCR_BLOWFISH" },
	{ "blowfish", "ENCR_BLOWFISH" },
	{ "cbc(cast5)", "ENCR_CAST" },
	{ "cast5", "ENCR_CAST" },
	{ "cbc(twofish)", "ENCR_TWOFISH_CBC" },
	{ "twofish", "ENCR_TWOFISH_CBC" },
	{ "cbc(camellia)", "ENCR_CAMELLIA_CBC" },
	{ "camellia", "ENCR_CAMELLIA_CBC" },
	{ "ecb(cipher_null)", "ENCR_NULL" },
	{ "cipher_null", "ENCR_NULL" },
};

/* AEAD names and ICV bits. */
static const struct {
	const char *linux_name;
	unsigned    icv_bits;
	const char *encr;
} xfrm_aeads[] = {
	{ "rfc4106(gcm(aes))", 64, "ENCR_AES_GCM_8" },
	{ "rfc4106(gcm(aes))", 96, "ENCR_AES_GCM_12" },
	{ "rfc4106(gcm(aes))", 128, "ENCR_AES_GCM_16" },
	{ "rfc4309(ccm(aes))", 64, "ENCR_AES_CCM_8" },
	{ "rfc4309(ccm(aes))", 96, "ENCR_AES_CCM_12" },
	{ "rfc4309(ccm(aes))", 128, "ENCR_AES_CCM_16" },
	{ "rfc7539esp(chacha20,poly1305)", 128, "ENCR_CHACHA20_POLY1305" },
	{ "rfc4543(gcm(aes))", 128, "ENCR_NULL_AUTH_AES_GMAC" },
};

/*
 * Integrity names with their truncation; default_bits is what the kernel
 * uses for a plain `auth` (no -trunc) line: hmac(sha256) keeps the old
 * 96 bits there.
 */
static const struct {
	const char *linux_name;
	unsigned    bits;
	const char *integ;
	int	    is_default;
} xfrm_auths[] = {
	{ "hmac(md5)", 96, "AUTH_HMAC_MD5_96", 1 },
	{ "hmac(md5)", 128, "AUTH_HMAC_MD5_128", 0 },
	{ "md5", 96, "AUTH_HMAC_MD5_96", 1 },
	{ "hmac(sha1)", 96, "AUTH_HMAC_SHA1_96", 1 },
	{ "hmac(sha1)", 160, "AUTH_HMAC_SHA1_160", 0 },
	{ "sha1", 96, "AUTH_HMAC_SHA1_96", 1 },
	{ "hmac(sha256)", 96, "AUTH_HMAC_SHA2_256_96", 1 },
	{ "hmac(sha256)", 128, "AUTH_HMAC_SHA2_256_128", 0 },
	{ "sha256", 96, "AUTH_HMAC_SHA2_256_96", 1 },
	{ "hmac(sha384)", 192, "AUTH_HMAC_SHA2_384_192", 1 },
	{ "sha384", 192, "AUTH_HMAC_SHA2_384_192", 1 },
	{ "hmac(sha512)", 256, "AUTH_HMAC_SHA2_512_256", 1 },
	{ "sha512", 256, "AUTH_HMAC_SHA2_512_256", 1 },
	{ "xcbc(aes)", 96, "AUTH_AES_XCBC_96", 1 },
	{ "cmac(aes)", 96, "AUTH_AES_CMAC_96", 1 },
	{ "digest_null", 0, "NONE", 1 },
};

/* One algorithm line of a state. */
struct xalg {
	int	  set;
	unsigned  line;
	char	  name[64];
	long	  bits; /* auth-trunc / aead length, -1 none */
	struct sb key;	/* HEX text */
};

struct xstate {
	int	    open, bad;
	unsigned    line; /* the src line */
	char	    src[64], dst[64];
	int	    proto; /* -1: no proto line */
	char	    proto_name[16];
	int	    have_spi;
	uint32_t    spi;
	struct xalg enc, auth, aead;
};

static void
xstate_clear(struct xstate *x)
{
	sb_free(&x->enc.key);
	sb_free(&x->auth.key);
	sb_free(&x->aead.key);
	memset(x, 0, sizeof(*x));
	x->proto = -1;
}

/* Map a state's algorithms and add its esp or ah line. */
static void
xfrm_finish(struct imp *im, struct xstate *x)
{
	struct sb   b = { 0 };
	const char *encr = NULL, *integ = "NONE", *akey = "-";
	size_t	    i;

	if (!x->open || x->bad)
		goto out;
	if (x->proto < 0) {
		report(im, x->line,
		    "xfrm: the state from %s to %s has no `proto PROTO spi "
		    "SPI` line",
		    x->src, x->dst);
		goto out;
	}
	if (x->proto != 50 && x->proto != 51)
		goto out; /* comp, route2, hao: no keys */
	if (!x->have_spi) {
		report(im, x->line,
		    "xfrm: the %s state from %s to %s has no SPI",
		    x->proto_name, x->src, x->dst);
		goto out;
	}
	if (x->auth.set) {
		integ = NULL;
		for (i = 0; i < sizeof(xfrm_auths) / sizeof(xfrm_auths[0]); i++)
			if (strcmp(x->auth.name, xfrm_auths[i].linux_name) ==
				0 &&
			    (x->auth.bits < 0 ?
				    xfrm_auths[i].is_default :
				    (long)xfrm_auths[i].bits == x->auth.bits))
				integ = xfrm_auths[i].integ;
		/* digest_null checks nothing, whatever its length. */
		if (integ == NULL && strcmp(x->auth.name, "digest_null") == 0)
			integ = "NONE";
		if (integ == NULL) {
			if (x->auth.bits >= 0)
				report(im, x->auth.line,
				    "xfrm: integrity algorithm %s truncated "
				    "to %ld bits is not one ikescope knows "
				    "(hmac(md5) 96/128, hmac(sha1) 96/160, "
				    "hmac(sha256) 96/128, hmac(sha384) 192, "
				    "hmac(sha512) 256, xcbc(aes) 96, cmac(aes) "
				    "96)",
				    x->auth.name, x->auth.bits);
			else
				report(im, x->auth.line,
				    "xfrm: integrity algorithm %s is not one "
				    "ikescope knows",
				    x->auth.name);
			goto out;
		}
		if (strcmp(integ, "NONE") != 0)
			akey = x->auth.key.p;
	}
	if (x->proto == 51) {
		if (!x->auth.set || strcmp(integ, "NONE") == 0) {
			report(im, x->line,
			    "xfrm: the AH state 0x%08x has no integrity "
			    "algorithm (an auth or auth-trunc line with its "
			    "key)",
			    (unsigned)x->spi);
			goto out;
		}
		sb_printf(&b, "ah %08x %s %s %s %s", (unsigned)x->spi, integ,
		    akey, x->src, x->dst);
		add_record(im, x->line, b.p);
		goto out;
	}
	if (x->aead.set) {
		if (x->enc.set || x->auth.set) {
			report(im, x->aead.line,
			    "xfrm: the ESP state 0x%08x has an aead line and "
			    "an enc or auth line; an SA has one or the other",
			    (unsigned)x->spi);
			goto out;
		}
		for (i = 0; i < sizeof(xfrm_aeads) / sizeof(xfrm_aeads[0]); i++)
			if (strcmp(x->aead.name, xfrm_aeads[i].linux_name) ==
				0 &&
			    (long)xfrm_aeads[i].icv_bits == x->aead.bits)
				encr = xfrm_aeads[i].encr;
		if (encr == NULL) {
			report(im, x->aead.line,
			    "xfrm: AEAD %s with a %ld-bit ICV is not one "
			    "ikescope knows (rfc4106(gcm(aes)) and "
			    "rfc4309(ccm(aes)) 64/96/128, "
			    "rfc7539esp(chacha20,poly1305) 128, "
			    "rfc4543(gcm(aes)) 128)",
			    x->aead.name, x->aead.bits);
			goto out;
		}
		sb_printf(&b, "esp %08x %s %s NONE - %s %s", (unsigned)x->spi,
		    encr, x->aead.key.p, x->src, x->dst);
		add_record(im, x->line, b.p);
		goto out;
	}
	if (!x->enc.set) {
		report(im, x->line,
		    "xfrm: the ESP state 0x%08x has no enc or aead line; its "
		    "keys are needed (was the output made with nokeys?)",
		    (unsigned)x->spi);
		goto out;
	}
	for (i = 0; i < sizeof(xfrm_ciphers) / sizeof(xfrm_ciphers[0]); i++)
		if (strcmp(x->enc.name, xfrm_ciphers[i].linux_name) == 0)
			encr = xfrm_ciphers[i].encr;
	if (encr == NULL) {
		report(im, x->enc.line,
		    "xfrm: cipher %s is not one ikescope decrypts (cbc(aes), "
		    "rfc3686(ctr(aes)), cbc(des3_ede), cbc(des), "
		    "cbc(blowfish), cbc(cast5), cbc(twofish), cbc(camellia), "
		    "ecb(cipher_null))",
		    x->enc.name);
		goto out;
	}
	sb_printf(&b, "esp %08x %s %s %s %s %s %s", (unsigned)x->spi, encr,
	    x->enc.key.p, integ, akey, x->src, x->dst);
	add_record(im, x->line, b.p);
out:
	sb_free(&b);
	xstate_clear(x);
}

/* 0x and hex digits (maybe none) into key as HEX text. */
static int
xfrm_key(const char *s, struct sb *key)
{
	size_t n, i;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	n = strlen(s + 2);
	for (i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[2 + i]) < 0)
			return -1;
	if (n % 2 != 0)
		return -1;
	if (n == 0)
		sb_str(key, "-");
	else
		sb_add(key, s + 2, n);
	return 0;
}

/* enc / auth / auth-trunc / aead NAME 0xKEY [(N bits)] [LENGTH] */
static void
xfrm_alg(struct imp *im, unsigned line, struct xstate *x, char **t, size_t n)
{
	struct xalg *a;
	int	     want_len =
	    strcmp(t[0], "auth-trunc") == 0 || strcmp(t[0], "aead") == 0;

	a = strcmp(t[0], "enc") == 0  ? &x->enc :
	    strcmp(t[0], "aead") == 0 ? &x->aead :
					&x->auth;
	if (a->set) {
		report(im, line,
		    "xfrm: a second %s line for the state at line %u", t[0],
		    x->line);
		x->bad = 1;
		return;
	}
	if (n < 3) {
		report(im, line,
		    "xfrm: %s %s has no key (was the output made with "
		    "nokeys?)",
		    t[0], n > 1 ? t[1] : "");
		x->bad = 1;
		return;
	}
	if (xfrm_key(t[2], &a->key) != 0) {
		report(im, line,
		    "xfrm: the %s key must be 0x and an even number of hex "
		    "digits",
		    t[0]);
		x->bad = 1;
		return;
	}
	a->bits = -1;
	if (want_len) {
		if (!all_digits(t[n - 1]) || n < 4) {
			report(im, line,
			    "xfrm: %s needs its %s length in bits after the "
			    "key",
			    t[0],
			    strcmp(t[0], "aead") == 0 ? "ICV" : "truncation");
			x->bad = 1;
			return;
		}
		a->bits = atol(t[n - 1]);
	}
	snprintf(a->name, sizeof(a->name), "%s", t[1]);
	a->line = line;
	a->set = 1;
}

/* proto P spi S reqid R mode M */
static void
xfrm_proto(struct imp *im, unsigned line, struct xstate *x, char **t, size_t n)
{
	static const struct {
		const char *name;
		int	    num;
	} protos[] = { { "esp", 50 }, { "ah", 51 }, { "comp", 108 },
		{ "route2", 43 }, { "hao", 60 } };
	size_t i, j;
	char  *paren;

	for (i = 0; i + 1 < n; i += 2) {
		if (strcmp(t[i], "proto") == 0) {
			snprintf(x->proto_name, sizeof(x->proto_name), "%s",
			    t[i + 1]);
			x->proto = 255;
			for (j = 0; j < sizeof(protos) / sizeof(protos[0]); j++)
				if (strcmp(t[i + 1], protos[j].name) == 0)
					x->proto = protos[j].num;
			if (all_digits(t[i + 1]))
				x->proto = atoi(t[i + 1]) & 0xff;
		} else if (strcmp(t[i], "spi") == 0) {
			if ((paren = strchr(t[i + 1], '(')) != NULL)
				*paren = '\0';
			if (tcp_u32(t[i + 1], &x->spi) != 0) {
				report(im, line,
				    "xfrm: spi '%.32s' is not a 32-bit number",
				    t[i + 1]);
				x->bad = 1;
				return;
			}
			x->have_spi = 1;
		}
	}
}

static int
import_xfrm(struct isc_keys *k, const char *path, FILE *errs, char *why,
    size_t whylen)
{
	struct imp    im = { k, path, errs, 0, 0 };
	struct lines  l = { 0 };
	struct xstate x;
	char	     *line, *seg, *t[XFRM_TOKENS], *s;
	size_t	      n, nt;
	int	      nstates = 0;

	memset(&x, 0, sizeof(x));
	x.proto = -1;
	if (read_file(path, &l.buf, &l.len, why, whylen) != 0)
		return -1;
	while (next_line(&l, &line, &n)) {
		if (line_has_nul(&im, &l, line, n))
			continue;
		/* ip -o: "\" between what would be lines. */
		for (seg = line; seg != NULL; seg = s) {
			if ((s = strchr(seg, '\\')) != NULL)
				*s++ = '\0';
			nt = 0;
			for (;;) {
				seg = skip_blanks(seg);
				if (*seg == '\0')
					break;
				if (nt < XFRM_TOKENS)
					t[nt++] = seg;
				while (*seg != '\0' &&
				    !is_blank((unsigned char)*seg))
					seg++;
				if (*seg != '\0')
					*seg++ = '\0';
			}
			if (nt == 0)
				continue;
			if (strcmp(t[0], "src") == 0) {
				xfrm_finish(&im, &x);
				nstates++;
				x.open = 1;
				x.line = l.no;
				if (nt != 4 || strcmp(t[2], "dst") != 0 ||
				    addr_family(t[1]) == 0 ||
				    addr_family(t[3]) == 0) {
					report(&im, l.no,
					    "xfrm: expected `src ADDR dst "
					    "ADDR` to start a state");
					x.bad = 1;
					continue;
				}
				snprintf(x.src, sizeof(x.src), "%s", t[1]);
				snprintf(x.dst, sizeof(x.dst), "%s", t[3]);
				continue;
			}
			if (!x.open || x.bad)
				continue;
			if (strcmp(t[0], "proto") == 0)
				xfrm_proto(&im, l.no, &x, t, nt);
			else if (strcmp(t[0], "enc") == 0 ||
			    strcmp(t[0], "auth") == 0 ||
			    strcmp(t[0], "auth-trunc") == 0 ||
			    strcmp(t[0], "aead") == 0)
				xfrm_alg(&im, l.no, &x, t, nt);
		}
	}
	xfrm_finish(&im, &x);
	crypto_free_wiped(l.buf, l.len + 1);
	report_end(&im);
	if (nstates == 0)
		return errf(why, whylen,
		    "holds no xfrm state (expected the output of `ip xfrm "
		    "state`: `src ADDR dst ADDR` lines, each followed by its "
		    "proto, enc/auth/aead lines)");
	return im.nbad;
}

/* ---------------------------------------------------------------------
 * Dispatch
 */

int
isc_keys_import_why(struct isc_keys *k, const char *format, const char *path,
    FILE *errs, char *why, size_t whylen)
{
	int r;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (k == NULL || format == NULL || path == NULL)
		return errf(why, whylen, "nothing to import");
	k->importing++;
	if (ascii_name_eq(format, "wireshark"))
		r = import_wireshark(k, path, errs, why, whylen);
	else if (ascii_name_eq(format, "tcpdump"))
		r = import_tcpdump(k, path, errs, why, whylen);
	else if (ascii_name_eq(format, "xfrm"))
		r = import_xfrm(k, path, errs, why, whylen);
	else if (ascii_name_eq(format, "charon-log"))
		r = isc_keys_import_charon(k, path, errs);
	else
		r = errf(why, whylen,
		    "unknown import format '%.32s' (wireshark, tcpdump, "
		    "charon-log, xfrm)",
		    format);
	k->importing--;
	return r;
}

int
isc_keys_import(struct isc_keys *k, const char *format, const char *path,
    FILE *errs)
{
	char why[512];
	int  r;

	r = isc_keys_import_why(k, format, path, errs, why, sizeof(why));
	if (r < 0 && why[0] != '\0' && errs != NULL)
		fprintf(errs, "%s: %s\n", path != NULL ? path : "-", why);
	return r;
}
