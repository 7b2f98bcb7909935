/*
 * robust.c - bad input in bulk, in one process: a capture cut short at
 * every place that matters, or with its IKE messages mutated, each
 * variant read by the analysis and written by the text, JSON and NDJSON
 * writers as ikescope does it (tests/robust.sh runs it on every capture
 * of samples/ and tests/data/).
 *
 *	robust [-v] [-n MAX] [-k KEYS]... MODE CAPTURE
 *
 * MODE is one of
 *	trunc	the file cut at every byte of its header and a few past
 *		it, at every record boundary +-3 bytes (at most 64 of them,
 *		spread over the file, plus every record holding an IKE
 *		message), and at every IKE payload boundary +-3 bytes;
 *	snap	every record cut to a snapshot length (as tcpdump -s does):
 *		the offsets in the frame of every payload boundary of every
 *		IKE message +-3, and the link, IP and UDP header ends;
 *	mutate	each IKE message changed in one place: bits flipped in the
 *		header and at sampled positions, bytes inverted, every
 *		payload length set to 0, 3, 4, length-1, length+1 and
 *		0xffff, the header length to 0, 27, 28, length+-1 and
 *		0xffffffff, next-payload fields pointed back at an earlier
 *		payload's type (a loop) or on past the last payload.
 * The IKE messages are those the analysis of the whole capture finds
 * (with the keys, so decrypted ones too), located in the file by their
 * bytes; reassembled ones (IP or IKE fragments, TCP) are skipped.
 * -n MAX keeps at most MAX variants of the mode (evenly spread).
 *
 * Every variant must give: the capture read (exit status 0 of ikescope)
 * except for a cut inside the file header; a text report with no byte
 * below 0x20 but newline and tab, and no DEL; a JSON document and NDJSON
 * lines that parse as JSON and are valid UTF-8; and where data ran out,
 * a diagnostic that says so: a cut inside a record marks the capture
 * truncated (capture-truncated), and a snapshot length that cuts an IKE
 * message leaves a diagnostic whose code ends in "-truncated".  A crash
 * or a sanitizer report ends the process (-v names each variant on
 * standard error first, to find it).
 *
 * Prints "robust: MODE CAPTURE: N variants, F failed" and one line per
 * failure; exit status 0 when all passed, 1 on failures, 2 on usage or
 * read errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzer/analysis.h"
#include "../analyzer/keys.h"
#include "../fuzz/fuzz.h"
#include "../ui/output.h"

#define MAX_RECORDS 1000000

struct record {
	size_t	 off;	    /* of the record / block */
	size_t	 end;	    /* past it */
	size_t	 data;	    /* of the packet bytes */
	uint32_t caplen;    /* bytes of packet data */
	int	 is_packet; /* a frame (pcapng: EPB, SPB, OPB) */
};

struct capfile {
	uint8_t	      *d;
	size_t	       len;
	size_t	       hdr; /* bytes before the first frame can be read */
	int	       pcapng;
	int	       swap; /* byte order differs from the host's */
	struct record *rec;
	size_t	       nrec;
	size_t	      *frame_rec; /* frame N (1-based) -> rec index */
	size_t	       nframes;
};

/* An IKE message found in the file. */
struct found {
	size_t	 rec;	  /* its record */
	size_t	 off;	  /* file offset of its first byte */
	size_t	 inframe; /* its offset in the frame's data */
	size_t	 len;
	uint32_t bounds[2 * 256 + 4];
	size_t	 nbounds;
	/* payloads: offsets of generic headers in the message, types */
	uint32_t poff[256];
	uint8_t	 ptype[256];
	size_t	 np;
	uint8_t	 major;
};

struct variant {
	uint8_t	 kind;	/* 't' cut, 's' snaplen, 'm' mutation */
	size_t	 a;	/* cut / snaplen / file offset */
	uint8_t	 width; /* mutation: bytes written at a (1, 2, 4) */
	uint32_t value; /* mutation: value written (big-endian) */
	uint8_t xor ;	/* mutation: xor instead of a write */
	char what[64];
};

static struct isc_keys *keys;
static int		verbose;
static unsigned long	nfail, nrun;
static const char      *capname;

static uint32_t
rd32(const struct capfile *c, size_t off)
{
	const uint8_t *p = c->d + off;
	uint32_t       v;

	if (c->swap)
		v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	else
		v = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[1] << 8 | p[0];
	return v;
}

static void
wr32(const struct capfile *c, uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[c->swap ? i : 3 - i] = (uint8_t)(v >> (24 - 8 * i));
}

static void
add_record(struct capfile *c, size_t off, size_t end, size_t data,
    uint32_t caplen, int is_packet)
{
	struct record *r;

	if (c->nrec % 256 == 0) {
		r = realloc(c->rec, (c->nrec + 256) * sizeof(*r));
		if (r == NULL) {
			fprintf(stderr, "robust: out of memory\n");
			exit(2);
		}
		c->rec = r;
	}
	r = &c->rec[c->nrec++];
	r->off = off;
	r->end = end;
	r->data = data;
	r->caplen = caplen;
	r->is_packet = is_packet;
}

/* Split the file into records; 0, or -1 when it is not a capture. */
static int
parse_records(struct capfile *c)
{
	size_t off, i;

	if (c->len < 24)
		return -1;
	if (memcmp(c->d, "\x0a\x0d\x0d\x0a", 4) == 0) {
		c->pcapng = 1;
		c->swap = memcmp(c->d + 8, "\x4d\x3c\x2b\x1a", 4) != 0;
		off = 0;
		c->hdr = 0;
		while (off + 12 <= c->len && c->nrec < MAX_RECORDS) {
			uint32_t type = rd32(c, off), blen = rd32(c, off + 4);

			if (blen < 12 || blen % 4 != 0 || blen > c->len - off)
				break;
			if (type == 6 && blen >= 32)
				add_record(c, off, off + blen, off + 28,
				    rd32(c, off + 20), 1);
			else if (type == 3 && blen >= 16)
				add_record(c, off, off + blen, off + 12,
				    blen - 16, 1);
			else
				add_record(c, off, off + blen, 0, 0, 0);
			if (type == 1 && c->hdr == 0)
				c->hdr = off + blen;
			off += blen;
		}
	} else {
		if (memcmp(c->d, "\xd4\xc3\xb2\xa1", 4) == 0 ||
		    memcmp(c->d, "\x4d\x3c\xb2\xa1", 4) == 0)
			c->swap = 0;
		else if (memcmp(c->d, "\xa1\xb2\xc3\xd4", 4) == 0 ||
		    memcmp(c->d, "\xa1\xb2\x3c\x4d", 4) == 0)
			c->swap = 1;
		else
			return -1;
		c->hdr = 24;
		off = 24;
		while (off + 16 <= c->len && c->nrec < MAX_RECORDS) {
			uint32_t cl = rd32(c, off + 8);

			if (cl > c->len - off - 16)
				break;
			add_record(c, off, off + 16 + cl, off + 16, cl, 1);
			off += 16 + (size_t)cl;
		}
	}
	c->frame_rec = calloc(c->nrec + 1, sizeof(*c->frame_rec));
	if (c->frame_rec == NULL)
		return -1;
	for (i = 0; i < c->nrec; i++)
		if (c->rec[i].is_packet)
			c->frame_rec[++c->nframes] = i;
	return 0;
}

static int
read_whole(const char *path, struct capfile *c)
{
	FILE	*f;
	uint8_t *nb;
	size_t	 cap = 0, got;

	memset(c, 0, sizeof(*c));
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "robust: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (c->len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(c->d, cap)) == NULL) {
				fclose(f);
				return -1;
			}
			c->d = nb;
		}
		got = fread(c->d + c->len, 1, cap - c->len, f);
		if (got == 0)
			break;
		c->len += got;
	}
	fclose(f);
	if (parse_records(c) != 0) {
		fprintf(stderr, "robust: %s: not a pcap or pcapng file\n",
		    path);
		return -1;
	}
	return 0;
}

/* --- the checks --------------------------------------------------------- */

static void fail(const struct variant *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(const struct variant *v, const char *fmt, ...)
{
	va_list ap;

	nfail++;
	if (nfail > 50)
		return;
	printf("FAIL %s: %s: ", capname, v->what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Text: no byte below 0x20 but \n and \t, no DEL. */
static void
check_text(const struct variant *v, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) {
			fail(v, "text report has byte 0x%02x at offset %zu", ch,
			    i);
			return;
		}
	}
}

/* One JSON text, strict, valid UTF-8; returns 0 when it parses. */
static int
json_ok(const char *s, size_t n, char *why, size_t whylen)
{
	struct json_tokener    *tok;
	struct json_object     *o;
	enum json_tokener_error e;
	int			rc = 0;

	tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	if (tok == NULL)
		return -1;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)n);
	e = json_tokener_get_error(tok);
	if (o == NULL || e != json_tokener_success) {
		snprintf(why, whylen, "%s at offset %zu",
		    e == json_tokener_continue ? "unfinished" :
						 json_tokener_error_desc(e),
		    json_tokener_get_parse_end(tok));
		rc = -1;
	} else if (json_tokener_get_parse_end(tok) != n) {
		/* trailing white space only */
		size_t i;

		for (i = json_tokener_get_parse_end(tok); i < n; i++)
			if (s[i] != '\n' && s[i] != ' ') {
				snprintf(why, whylen,
				    "text after the document at offset %zu", i);
				rc = -1;
				break;
			}
	}
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

static void
check_json(const struct variant *v, const char *what, const char *s, size_t n)
{
	char why[160];

	if (json_ok(s, n, why, sizeof(why)) != 0)
		fail(v, "%s does not parse: %s", what, why);
}

static void
check_ndjson(const struct variant *v, const char *s, size_t n)
{
	size_t i = 0, j;
	char   why[160];

	while (i < n) {
		for (j = i; j < n && s[j] != '\n'; j++)
			;
		if (j == n) {
			fail(v, "NDJSON output does not end in a newline");
			return;
		}
		if (json_ok(s + i, j - i, why, sizeof(why)) != 0) {
			fail(v, "NDJSON line at offset %zu: %s", i, why);
			return;
		}
		i = j + 1;
	}
}

static int
diags_have_truncated(const struct isc_diags *d)
{
	size_t i, n;

	for (i = 0; i < d->n; i++) {
		n = strlen(d->v[i].code);
		if (n >= 10 && strcmp(d->v[i].code + n - 10, "-truncated") == 0)
			return 1;
	}
	return 0;
}

/* Some diagnostic anywhere says data ran out. */
static int
any_truncated(const struct isc_analysis *a)
{
	size_t i, j, k;

	if (diags_have_truncated(&a->diags))
		return 1;
	for (i = 0; i < a->ncaptures; i++)
		if (a->captures[i]->truncated ||
		    diags_have_truncated(&a->captures[i]->diags))
			return 1;
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (diags_have_truncated(&sa->diags))
			return 1;
		for (j = 0; j < sa->nex; j++)
			for (k = 0; k < sa->ex[j]->nmsgs; k++)
				if (diags_have_truncated(
					&sa->ex[j]->msgs[k]->diags))
					return 1;
	}
	return 0;
}

/*
 * Run the analysis on data as a capture file.  expect_open: the file must
 * open; expect_trunc: 1 the capture must be marked truncated, 2 some
 * "-truncated" diagnostic must appear.
 */
static void
run_variant(const struct variant *v, const uint8_t *data, size_t len,
    int expect_open, int expect_trunc)
{
	struct isc_options   opts;
	struct output_opts   oo;
	struct isc_analysis *a;
	struct ndjson	     nd;
	const char	    *path;
	char		     err[512];
	char		    *buf = NULL;
	size_t		     blen = 0;
	FILE		    *f, *ndf = NULL;
	int		     rc, use_nd = nrun % 2 == 1;

	nrun++;
	if (verbose)
		fprintf(stderr, "robust: %s: %s\n", capname, v->what);
	if ((path = fuzz_write_file("variant", data, len)) == NULL) {
		fprintf(stderr, "robust: cannot write a scratch file\n");
		exit(2);
	}
	memset(&opts, 0, sizeof(opts));
	opts.keys = keys;
	opts.esp_packets = nrun % 3 == 0;
	memset(&oo, 0, sizeof(oo));
	oo.verbose = nrun % 3 == 0;
	a = isc_analysis_new(&opts);
	if (use_nd) {
		ndf = open_memstream(&buf, &blen);
		if (ndf == NULL)
			exit(2);
		ndjson_init(&nd, ndf, &oo);
		a->events.ctx = &nd;
		a->events.ike_msg = ndjson_ike_msg;
		a->events.sa_done = ndjson_sa;
		a->events.esp_done = ndjson_esp;
	}
	rc = isc_analysis_read_file(a, path, err, sizeof(err));
	isc_analysis_finish(a);
	if (rc != 0 && expect_open)
		fail(v, "capture not read: %s", err);
	if (rc == 0 && expect_trunc == 1 &&
	    (a->ncaptures == 0 || !a->captures[0]->truncated))
		fail(v, "cut inside a record, capture not marked truncated");
	if (rc == 0 && expect_trunc == 2 && !any_truncated(a))
		fail(v,
		    "an IKE message cut short, no \"-truncated\" "
		    "diagnostic");
	if (use_nd) {
		(void)ndjson_finish(&nd, a);
		fclose(ndf);
		check_ndjson(v, buf, blen);
		free(buf);
		buf = NULL;
	}
	if ((f = open_memstream(&buf, &blen)) == NULL)
		exit(2);
	(void)output_text(f, a, &oo);
	fclose(f);
	check_text(v, buf, blen);
	free(buf);
	buf = NULL;
	if ((f = open_memstream(&buf, &blen)) == NULL)
		exit(2);
	(void)output_json(f, a, &oo);
	fclose(f);
	check_json(v, "JSON document", buf, blen);
	free(buf);
	isc_analysis_free(a);
}

/* --- where the IKE messages are ---------------------------------------- */

static void
add_bound(struct found *fd, long b)
{
	if (b >= 0 && fd->nbounds < sizeof(fd->bounds) / sizeof(fd->bounds[0]))
		fd->bounds[fd->nbounds++] = (uint32_t)b;
}

static void *
memfind(const uint8_t *h, size_t hn, const uint8_t *n, size_t nn)
{
	size_t i;

	if (nn == 0 || nn > hn)
		return NULL;
	for (i = 0; i + nn <= hn; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nn) == 0)
			return (void *)(h + i);
	return NULL;
}

/* The IKE messages of the whole capture, found in its records. */
static struct found *
find_messages(const struct capfile *c, const char *path, size_t *nout)
{
	struct isc_options   opts;
	struct isc_analysis *a;
	struct found	    *v = NULL, *fd;
	char		     err[512];
	size_t		     n = 0, i, j, k, p;

	memset(&opts, 0, sizeof(opts));
	opts.keys = keys;
	a = isc_analysis_new(&opts);
	(void)isc_analysis_read_file(a, path, err, sizeof(err));
	isc_analysis_finish(a);
	for (i = 0; i < a->nsas; i++)
		for (j = 0; j < a->sas[i]->nex; j++)
			for (k = 0; k < a->sas[i]->ex[j]->nmsgs; k++) {
				const struct isc_msg *m =
				    a->sas[i]->ex[j]->msgs[k];
				const struct record *r;
				const uint8_t	    *at;

				if (m->from_fragments || m->meta.reassembled ||
				    m->meta.transport == ISC_TR_TCP ||
				    m->retrans_of != 0 ||
				    m->meta.frame > c->nframes || m->len == 0)
					continue;
				r = &c->rec[c->frame_rec[m->meta.frame]];
				at = memfind(c->d + r->data, r->caplen, m->data,
				    m->len);
				if (at == NULL)
					continue;
				if ((v = realloc(v, (n + 1) * sizeof(*v))) ==
				    NULL)
					exit(2);
				fd = &v[n++];
				memset(fd, 0, sizeof(*fd));
				fd->rec = c->frame_rec[m->meta.frame];
				fd->off = (size_t)(at - c->d);
				fd->inframe = fd->off - r->data;
				fd->len = m->len;
				fd->major = m->hdr.major;
				add_bound(fd, 0);
				add_bound(fd, 28);
				add_bound(fd, (long)m->len);
				for (p = 0; p < m->npayloads && p < 256; p++) {
					const struct payload_ref *pr =
					    &m->payloads[p];

					fd->poff[fd->np] = pr->off;
					fd->ptype[fd->np++] = pr->type;
					add_bound(fd, pr->off);
					add_bound(fd, pr->off + 4);
					add_bound(fd,
					    (long)pr->off + pr->length);
				}
			}
	isc_analysis_free(a);
	*nout = n;
	return v;
}

/* --- the variants ------------------------------------------------------ */

static struct variant *vars;
static size_t	       nvars, varcap;

static struct variant *var_add(uint8_t kind, size_t a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct variant *
var_add(uint8_t kind, size_t a, const char *fmt, ...)
{
	struct variant *v;
	va_list		ap;

	if (nvars == varcap) {
		varcap = varcap ? varcap * 2 : 1024;
		if ((vars = realloc(vars, varcap * sizeof(*vars))) == NULL)
			exit(2);
	}
	v = &vars[nvars++];
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->a = a;
	va_start(ap, fmt);
	vsnprintf(v->what, sizeof(v->what), fmt, ap);
	va_end(ap);
	return v;
}

static int
size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

/* Sorted, unique. */
static size_t
uniq(size_t *v, size_t n)
{
	size_t i, o = 0;

	qsort(v, n, sizeof(*v), size_cmp);
	for (i = 0; i < n; i++)
		if (o == 0 || v[o - 1] != v[i])
			v[o++] = v[i];
	return o;
}

static size_t *
grow_list(size_t *l, size_t n, size_t more)
{
	l = realloc(l, (n + more) * sizeof(*l));
	if (l == NULL)
		exit(2);
	return l;
}

static void
make_cuts(const struct capfile *c, const struct found *fd, size_t nfd)
{
	size_t *l = NULL, n = 0, i, r, step;
	long	d;

	l = grow_list(l, n, c->hdr + 8);
	for (i = 0; i < c->hdr + 8 && i < c->len; i++)
		l[n++] = i;
	step = c->nrec > 64 ? c->nrec / 64 : 1;
	for (r = 0; r < c->nrec; r++) {
		int has_ike = 0;

		for (i = 0; i < nfd; i++)
			if (fd[i].rec == r)
				has_ike = 1;
		if (r % step != 0 && !has_ike && r + 1 != c->nrec)
			continue;
		l = grow_list(l, n, 14);
		for (d = -3; d <= 3; d++) {
			if ((long)c->rec[r].off + d > 0)
				l[n++] = (size_t)((long)c->rec[r].off + d);
			if ((long)c->rec[r].data + d > 0 && c->rec[r].data)
				l[n++] = (size_t)((long)c->rec[r].data + d);
		}
	}
	for (i = 0; i < nfd; i++)
		for (r = 0; r < fd[i].nbounds; r++) {
			l = grow_list(l, n, 7);
			for (d = -3; d <= 3; d++)
				if ((long)(fd[i].off + fd[i].bounds[r]) + d > 0)
					l[n++] = (size_t)((long)(fd[i].off +
							      fd[i].bounds[r]) +
					    d);
		}
	n = uniq(l, n);
	for (i = 0; i < n; i++)
		if (l[i] < c->len)
			var_add('t', l[i], "cut at byte %zu of %zu", l[i],
			    c->len);
	free(l);
}

static void
make_snaps(const struct capfile *c, const struct found *fd, size_t nfd)
{
	size_t *l = NULL, n = 0, i, r;
	long	d;

	(void)c;
	l = grow_list(l, n, 64);
	for (i = 0; i < 64; i++)
		l[n++] = i;
	for (i = 0; i < nfd; i++) {
		l = grow_list(l, n, 7 * (fd[i].nbounds + 1));
		for (d = -3; d <= 3; d++)
			if ((long)fd[i].inframe - 8 + d > 0)
				l[n++] = (size_t)((long)fd[i].inframe - 8 + d);
		for (r = 0; r < fd[i].nbounds; r++)
			for (d = -3; d <= 3; d++)
				if ((long)(fd[i].inframe + fd[i].bounds[r]) +
					d >
				    0)
					l[n++] = (size_t)((long)(fd[i].inframe +
							      fd[i].bounds[r]) +
					    d);
	}
	n = uniq(l, n);
	for (i = 0; i < n; i++)
		var_add('s', l[i], "snapshot length %zu", l[i]);
	free(l);
}

static void
mut(size_t off, uint8_t width, uint32_t value, uint8_t x, const char *what,
    size_t msg, size_t at)
{
	struct variant *v;

	v = var_add('m', off, "message %zu: %s at %zu", msg, what, at);
	v->width = width;
	v->value = value;
	v->xor = x;
}

static void
make_mutations(const struct capfile *c, const struct found *fd, size_t nfd)
{
	static const uint32_t plen[] = { 0, 3, 4, 0xffff };
	static const uint32_t hlen[] = { 0, 27, 28, 0xffffffff };
	size_t		      i, p, q, step, off;
	char		      what[48];

	(void)c;
	for (i = 0; i < nfd; i++) {
		const struct found *f = &fd[i];

		/* every bit of the header's flags, type, version, next
		   payload and length; one bit of each other header byte */
		for (p = 0; p < 28 && p < f->len; p++) {
			if (p == 16 || p == 17 || p == 18 || p == 19 ||
			    p >= 24) {
				for (q = 0; q < 8; q++) {
					snprintf(what, sizeof(what),
					    "bit %zu flipped", q);
					mut(f->off + p, 1, 1u << q, 1, what, i,
					    p);
				}
			} else
				mut(f->off + p, 1, 1u << (p % 8), 1,
				    "bit flipped", i, p);
		}
		/* sampled positions in the payloads: a bit, and the byte */
		step = f->len > 28 + 48 ? (f->len - 28) / 48 : 1;
		for (p = 28; p < f->len; p += step) {
			mut(f->off + p, 1, 1u << ((p * 5) % 8), 1,
			    "bit flipped", i, p);
			if (p + step / 2 < f->len)
				mut(f->off + p + step / 2, 1, 0xff, 1,
				    "byte inverted", i, p + step / 2);
		}
		/* payload lengths */
		for (p = 0; p < f->np; p++) {
			uint16_t cur;

			off = f->poff[p];
			if (off + 4 > f->len)
				continue;
			cur = (uint16_t)(c->d[f->off + off + 2] << 8 |
			    c->d[f->off + off + 3]);
			for (q = 0; q < 4; q++) {
				snprintf(what, sizeof(what),
				    "payload %zu length %u", p,
				    (unsigned)plen[q]);
				mut(f->off + off + 2, 2, plen[q], 0, what, i,
				    off + 2);
			}
			snprintf(what, sizeof(what), "payload %zu length-1", p);
			mut(f->off + off + 2, 2, (uint16_t)(cur - 1), 0, what,
			    i, off + 2);
			snprintf(what, sizeof(what), "payload %zu length+1", p);
			mut(f->off + off + 2, 2, (uint16_t)(cur + 1), 0, what,
			    i, off + 2);
			/* next payload: loop back to an earlier type */
			for (q = 0; q <= p; q++) {
				snprintf(what, sizeof(what),
				    "payload %zu next -> type of %zu", p, q);
				mut(f->off + off, 1, f->ptype[q], 0, what, i,
				    off);
			}
		}
		/* the last payload's next: on past the end */
		if (f->np > 0 && f->poff[f->np - 1] < f->len)
			mut(f->off + f->poff[f->np - 1], 1, f->ptype[0], 0,
			    "last payload next -> the first's type", i,
			    f->poff[f->np - 1]);
		/* header length */
		if (f->len >= 28) {
			for (q = 0; q < 4; q++) {
				snprintf(what, sizeof(what),
				    "header length %lu",
				    (unsigned long)hlen[q]);
				mut(f->off + 24, 4, hlen[q], 0, what, i, 24);
			}
			mut(f->off + 24, 4, (uint32_t)f->len - 1, 0,
			    "header length-1", i, 24);
			mut(f->off + 24, 4, (uint32_t)f->len + 1, 0,
			    "header length+1", i, 24);
		}
	}
}

/* The file with every packet record cut to snaplen bytes. */
static uint8_t *
snap_file(const struct capfile *c, size_t snap, size_t *outlen)
{
	uint8_t *o = malloc(c->len + 4);
	size_t	 n, r, prev = 0;

	if (o == NULL)
		exit(2);
	n = 0;
	for (r = 0; r < c->nrec; r++) {
		const struct record *rc = &c->rec[r];
		size_t		     keep, pad, optoff, optlen;

		memcpy(o + n, c->d + prev, rc->off - prev); /* header, gaps */
		n += rc->off - prev;
		prev = rc->end;
		if (!rc->is_packet || rc->caplen <= snap) {
			memcpy(o + n, c->d + rc->off, rc->end - rc->off);
			n += rc->end - rc->off;
			continue;
		}
		keep = snap;
		if (!c->pcapng) {
			memcpy(o + n, c->d + rc->off, 16);
			wr32(c, o + n + 8, (uint32_t)keep);
			memcpy(o + n + 16, c->d + rc->data, keep);
			n += 16 + keep;
			continue;
		}
		if (rd32(c, rc->off) != 6) { /* SPB: leave it */
			memcpy(o + n, c->d + rc->off, rc->end - rc->off);
			n += rc->end - rc->off;
			continue;
		}
		/* EPB: header, data padded to 4, options, total length */
		pad = (4 - keep % 4) % 4;
		optoff = rc->data + ((rc->caplen + 3) & ~(size_t)3);
		optlen = rc->end - 4 > optoff ? rc->end - 4 - optoff : 0;
		memcpy(o + n, c->d + rc->off, 28);
		wr32(c, o + n + 4, (uint32_t)(28 + keep + pad + optlen + 4));
		wr32(c, o + n + 20, (uint32_t)keep);
		memcpy(o + n + 28, c->d + rc->data, keep);
		memset(o + n + 28 + keep, 0, pad);
		memcpy(o + n + 28 + keep + pad, c->d + optoff, optlen);
		wr32(c, o + n + 28 + keep + pad + optlen,
		    (uint32_t)(28 + keep + pad + optlen + 4));
		n += 28 + keep + pad + optlen + 4;
	}
	memcpy(o + n, c->d + prev, c->len - prev);
	n += c->len - prev;
	*outlen = n;
	return o;
}

static int
is_boundary(const struct capfile *c, size_t at)
{
	size_t r;

	if (at == c->hdr)
		return 1;
	for (r = 0; r < c->nrec; r++)
		if (c->rec[r].end == at)
			return 1;
	return 0;
}

static void
run_all(const struct capfile *c, const struct found *fd, size_t nfd, size_t max)
{
	size_t	 i, j, step1000, len;
	uint8_t *buf;
	int	 snap_cuts;

	/* evenly spread subset: i * nvars / max */
	step1000 = nvars > max ? nvars * 1000 / max : 1000;
	for (j = 0; j * step1000 / 1000 < nvars; j++) {
		const struct variant *v = &vars[j * step1000 / 1000];

		switch (v->kind) {
		case 't':
			run_variant(v, c->d, v->a, v->a >= c->hdr,
			    v->a > c->hdr && !is_boundary(c, v->a) ? 1 : 0);
			break;
		case 's':
			buf = snap_file(c, v->a, &len);
			snap_cuts = 0;
			for (i = 0; i < nfd; i++)
				if (c->rec[fd[i].rec].caplen > v->a)
					snap_cuts = 1;
			run_variant(v, buf, len, 1, snap_cuts ? 2 : 0);
			free(buf);
			break;
		case 'm':
			if ((buf = malloc(c->len)) == NULL)
				exit(2);
			memcpy(buf, c->d, c->len);
			if (v->xor)
				buf[v->a] ^= (uint8_t)v->value;
			else
				for (i = 0; i < v->width; i++)
					buf[v->a + i] = (uint8_t)(v->value >>
					    (8 * (v->width - 1 - i)));
			run_variant(v, buf, c->len, 1, 0);
			free(buf);
			break;
		}
	}
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: robust [-v] [-n MAX] [-k KEYS]... trunc|snap|mutate "
	    "CAPTURE\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct capfile c;
	struct found  *fd;
	size_t	       nfd, max = (size_t)-1;
	const char    *mode;
	clock_t	       t0 = clock();
	int	       ch;

	keys = isc_keys_new();
	while ((ch = getopt(argc, argv, "k:n:v")) != -1) {
		switch (ch) {
		case 'k':
			if (isc_keys_load_file(keys, optarg, stderr) != 0)
				return 2;
			break;
		case 'n':
			max = strtoul(optarg, NULL, 10);
			if (max == 0)
				usage();
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	mode = argv[optind];
	capname = argv[optind + 1];
	if (read_whole(capname, &c) != 0)
		return 2;
	fd = find_messages(&c, capname, &nfd);
	if (strcmp(mode, "trunc") == 0)
		make_cuts(&c, fd, nfd);
	else if (strcmp(mode, "snap") == 0)
		make_snaps(&c, fd, nfd);
	else if (strcmp(mode, "mutate") == 0)
		make_mutations(&c, fd, nfd);
	else
		usage();
	run_all(&c, fd, nfd, max);
	printf("robust: %s %s: %lu variants (%zu IKE messages), %lu failed, "
	       "%.1f s\n",
	    mode, capname, nrun, nfd, nfail,
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	free(fd);
	free(vars);
	free(c.rec);
	free(c.frame_rec);
	free(c.d);
	isc_keys_free(keys);
	return nfail ? 1 : 0;
}
