/*
 * pcapng.c - writing pcapng files (draft-ietf-opsawg-pcapng-02).
 *
 * One Section Header Block, then an Interface Description Block for each
 * distinct link type, written the first time a packet of that type comes,
 * and one Enhanced Packet Block per packet.  Everything is in host byte
 * order, as the format allows: the SHB's byte-order magic tells readers
 * which.  Timestamps are in microseconds, the default if_tsresol, so the
 * IDBs carry no options.
 *
 * Every block is laid out as
 *
 *	block type (4) | block total length (4) | body | block total length (4)
 *
 * with the body, its packet data and every option value padded to 32 bits.
 * Errors are sticky: after the first one nothing more is written, so the
 * file never holds a block cut in the middle followed by more blocks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"

#define BT_SHB		 0x0A0D0D0AU
#define BT_IDB		 0x00000001U
#define BT_EPB		 0x00000006U
#define BYTE_ORDER_MAGIC 0x1A2B3C4DU

#define OPT_ENDOFOPT	 0
#define OPT_COMMENT	 1
#define OPT_SHB_USERAPPL 4

struct pcapng_writer {
	FILE  *f;
	int    is_stdout;
	char  *name;   /* the path, or "standard output", for messages */
	int    failed; /* an error happened; err holds the first */
	char   err[1024];
	int   *linktypes; /* the link type of each interface, by id */
	size_t nifaces, capifaces;
};

static void __attribute__((format(printf, 2, 3)))
set_error(struct pcapng_writer *w, const char *fmt, ...)
{
	va_list ap;

	if (w->failed)
		return;
	w->failed = 1;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof(w->err), fmt, ap);
	va_end(ap);
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static void
set16(uint8_t *b, uint16_t v)
{
	memcpy(b, &v, sizeof(v));
}

static void
set32(uint8_t *b, uint32_t v)
{
	memcpy(b, &v, sizeof(v));
}

static void
set64(uint8_t *b, uint64_t v)
{
	memcpy(b, &v, sizeof(v));
}

/*
 * The length of s cut to max bytes, backing off so that a multi-byte
 * UTF-8 character is not split.
 */
static size_t
cut_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);
	int    i;

	if (n <= max)
		return n;
	n = max;
	for (i = 0; i < 3 && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; i++)
		n--;
	return n;
}

static int
put(struct pcapng_writer *w, const void *p, size_t n)
{
	if (w->failed)
		return -1;
	if (n == 0)
		return 0;
	errno = 0;
	if (fwrite(p, 1, n, w->f) != n) {
		set_error(w, "%s: write error: %s", w->name,
		    errno != 0 ? strerror(errno) : "unknown error");
		return -1;
	}
	return 0;
}

/* The zero bytes that bring n up to a multiple of 4. */
static int
put_pad(struct pcapng_writer *w, size_t n)
{
	static const uint8_t zero[4];

	return put(w, zero, pad4(n) - n);
}

/* One option: code, length, value, padding. */
static int
put_option(struct pcapng_writer *w, uint16_t code, const void *v, size_t len)
{
	uint8_t h[4];

	set16(h, code);
	set16(h + 2, (uint16_t)len);
	if (put(w, h, sizeof(h)) != 0 || put(w, v, len) != 0 ||
	    put_pad(w, len) != 0)
		return -1;
	return 0;
}

/* The size on disk of the options {code, string}, opt_endofopt. */
static size_t
string_options_len(size_t len)
{
	return 4 + pad4(len) + 4;
}

static int
put_string_options(struct pcapng_writer *w, uint16_t code, const char *s,
    size_t len)
{
	if (put_option(w, code, s, len) != 0 ||
	    put_option(w, OPT_ENDOFOPT, NULL, 0) != 0)
		return -1;
	return 0;
}

static int
put_trailer(struct pcapng_writer *w, uint32_t total)
{
	uint8_t b[4];

	set32(b, total);
	return put(w, b, sizeof(b));
}

static int
write_shb(struct pcapng_writer *w, const char *app_name)
{
	uint8_t	 h[24];
	size_t	 alen = 0, optlen = 0;
	uint32_t total;

	if (app_name != NULL && *app_name != '\0') {
		alen = cut_utf8(app_name, PCAPNG_MAX_COMMENT);
		optlen = string_options_len(alen);
	}
	total = (uint32_t)(sizeof(h) + optlen + 4);
	set32(h, BT_SHB);
	set32(h + 4, total);
	set32(h + 8, BYTE_ORDER_MAGIC);
	set16(h + 12, 1);	   /* major version */
	set16(h + 14, 0);	   /* minor version */
	set64(h + 16, UINT64_MAX); /* section length: not specified (-1) */
	if (put(w, h, sizeof(h)) != 0)
		return -1;
	if (optlen != 0 &&
	    put_string_options(w, OPT_SHB_USERAPPL, app_name, alen) != 0)
		return -1;
	return put_trailer(w, total);
}

/*
 * The interface id for linktype, writing its Interface Description Block
 * the first time.
 */
static int
interface_id(struct pcapng_writer *w, int linktype, uint32_t *id)
{
	uint8_t	 h[16];
	size_t	 i;
	uint32_t total = sizeof(h) + 4;

	for (i = 0; i < w->nifaces; i++) {
		if (w->linktypes[i] == linktype) {
			*id = (uint32_t)i;
			return 0;
		}
	}
	if (linktype < 0 || linktype > 0xffff) {
		set_error(w, "%s: link type %d does not fit in pcapng", w->name,
		    linktype);
		return -1;
	}
	if (w->nifaces == w->capifaces) {
		size_t nc = w->capifaces ? w->capifaces * 2 : 4;
		int   *v = realloc(w->linktypes, nc * sizeof(*v));

		if (v == NULL) {
			set_error(w, "%s: out of memory", w->name);
			return -1;
		}
		w->linktypes = v;
		w->capifaces = nc;
	}
	set32(h, BT_IDB);
	set32(h + 4, total);
	set16(h + 8, (uint16_t)linktype);
	set16(h + 10, 0);		  /* reserved */
	set32(h + 12, PCAPNG_MAX_CAPLEN); /* snaplen */
	if (put(w, h, sizeof(h)) != 0 || put_trailer(w, total) != 0)
		return -1;
	w->linktypes[w->nifaces] = linktype;
	*id = (uint32_t)w->nifaces++;
	return 0;
}

struct pcapng_writer *
pcapng_open(const char *path, const char *app_name, char *err, size_t errlen)
{
	struct pcapng_writer *w;
	const char	     *name;

	name = strcmp(path, "-") == 0 ? "standard output" : path;
	w = calloc(1, sizeof(*w));
	if (w == NULL || (w->name = strdup(name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(w);
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		w->f = stdout;
		w->is_stdout = 1;
	} else if ((w->f = fopen(path, "wb")) == NULL) {
		snprintf(err, errlen, "%s: cannot open for writing: %s", name,
		    strerror(errno));
		free(w->name);
		free(w);
		return NULL;
	}
	if (write_shb(w, app_name) != 0) {
		snprintf(err, errlen, "%s", w->err);
		pcapng_close(w, NULL, 0);
		return NULL;
	}
	return w;
}

int
pcapng_write(struct pcapng_writer *w, int linktype, int64_t ts_sec,
    uint32_t ts_usec, const uint8_t *data, size_t caplen, size_t wirelen,
    const char *comment)
{
	uint8_t	 h[28];
	uint64_t ts;
	uint32_t id, total;
	size_t	 clen = 0, optlen = 0;

	if (w->failed)
		return -1;
	if (data == NULL && caplen != 0) {
		set_error(w, "%s: packet of %zu bytes without data", w->name,
		    caplen);
		return -1;
	}
	if (interface_id(w, linktype, &id) != 0)
		return -1;
	if (wirelen < caplen)
		wirelen = caplen;
	if (wirelen > UINT32_MAX)
		wirelen = UINT32_MAX;
	if (caplen > PCAPNG_MAX_CAPLEN)
		caplen = PCAPNG_MAX_CAPLEN;
	/* Times before 1970 cannot be written: the timestamp is unsigned. */
	if (ts_sec < 0)
		ts = 0;
	else if ((uint64_t)ts_sec > (UINT64_MAX - ts_usec) / 1000000)
		ts = UINT64_MAX;
	else
		ts = (uint64_t)ts_sec * 1000000 + ts_usec;
	if (comment != NULL && *comment != '\0') {
		clen = cut_utf8(comment, PCAPNG_MAX_COMMENT);
		if (clen != 0)
			optlen = string_options_len(clen);
	}
	total = (uint32_t)(sizeof(h) + pad4(caplen) + optlen + 4);
	set32(h, BT_EPB);
	set32(h + 4, total);
	set32(h + 8, id);
	set32(h + 12, (uint32_t)(ts >> 32));
	set32(h + 16, (uint32_t)ts);
	set32(h + 20, (uint32_t)caplen);
	set32(h + 24, (uint32_t)wirelen);
	if (put(w, h, sizeof(h)) != 0 || put(w, data, caplen) != 0 ||
	    put_pad(w, caplen) != 0)
		return -1;
	if (optlen != 0 &&
	    put_string_options(w, OPT_COMMENT, comment, clen) != 0)
		return -1;
	return put_trailer(w, total);
}

int
pcapng_close(struct pcapng_writer *w, char *err, size_t errlen)
{
	int rc;

	if (w == NULL)
		return 0;
	errno = 0;
	if (w->is_stdout) {
		if (fflush(w->f) != 0 || ferror(w->f))
			set_error(w, "%s: write error: %s", w->name,
			    errno != 0 ? strerror(errno) : "unknown error");
	} else if (fclose(w->f) != 0)
		set_error(w, "%s: write error: %s", w->name,
		    errno != 0 ? strerror(errno) : "unknown error");
	rc = w->failed ? -1 : 0;
	if (rc != 0 && err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", w->err);
	free(w->linktypes);
	free(w->name);
	free(w);
	return rc;
}

const char *
pcapng_error(const struct pcapng_writer *w)
{
	return w->err;
}
