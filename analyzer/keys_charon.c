/*
 * keys_charon.c - the keys a strongSwan charon debug log shows, as key
 * file entries (the `import charon-log PATH` directive).
 *
 * charon (filelog or syslog, ike and chd at level 4) dumps every key it
 * derives as a labelled hex dump on several lines:
 *
 *	12[IKE] <iks|1> Sk_ei secret => 16 bytes @ 0x7f3c...
 *	12[IKE] <iks|1>    0: 6B 2C ...  k,...
 *
 * A line is "[TIME ]THREAD[GRP] [<NAME|ID> ]MESSAGE"; anything before the
 * THREAD[GRP] tag (a syslog header) is skipped, and a line without the
 * tag is ignored.  One thread runs one job at a time, so the keys are tied
 * to their SA by what the same thread logs around them (the logic of
 * tests/interop/extract.py):
 *
 * - IKE SA keys ("shared Diffie Hellman secret", then SKEYID, SKEYID_d/a/e,
 *   "encryption key Ka" for IKEv1, or SKEYSEED, "Sk_d secret" ... "Sk_pr
 *   secret" for IKEv2) start a record; the thread's next "checkin IKEvN SA
 *   NAME[ID] with SPIs I_i R_r" (mgr 2) names its SA, else its last
 *   "checkout ... with SPIs" (a failed exchange).  "selected proposal:
 *   IKE:AES_CBC_128/HMAC_SHA2_256_128/..." in the same job gives IKEv2's
 *   algorithms, else (an IKEv2 responder derives the keys when IKE_AUTH
 *   arrives, often in another thread) the proposal chosen for the SPI_I.
 *   A "checkout" starts a new job: what the thread logged before it is
 *   forgotten.
 * - CHILD_SA keys ("encryption initiator key", "integrity responder key",
 *   PFS "DH secret"; chd 4) come after "using AES_CBC for encryption" /
 *   "using HMAC_SHA1_96 for integrity" and before "adding inbound ESP SA"
 *   / "SPI 0x..., src A dst B" (chd 2) for each direction.  The initiator
 *   keys protect what the initiator of the exchange sends: that is this
 *   daemon when the thread's last "parsed ... response" (enc 1) came
 *   before the keys, the peer after "parsed ... request" (without enc
 *   lines: whoever initiated the IKE SA).  A rekey's responder installs
 *   its outbound SA later: that SPI line joins the CHILD_SA it completes.
 *   Where the SPI lines are missing (a log filtered by hand), "CHILD_SA
 *   ... established with SPIs I_i O_o" gives the SPIs, without addresses.
 *
 * The entries: `dh SPI_I shared HEX` (IKE SA and PFS secrets), `ikev1
 * SPI_I KA`, `ikev2 SPI_I SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG`, and
 * `esp SPI ENCR KEY INTEG KEY SRC DST` (`ah` for AH) per direction, each
 * checked by isc_keys_parse_line() with the line where its key's dump
 * starts as origin.  A dump cut short, keys no SA claims, and entries the
 * parser refuses are reported; everything else that is not a charon line
 * we know is ignored.  Key bytes are wiped before their buffers are freed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "keys.h"
#include "keys_charon.h"
#include "util.h"

/* Longer lines are skipped: charon's are shorter but for proposal lists. */
#define CL_LINE_MAX 8192
/* The largest dump kept: an 8192-bit DH secret is 1024 bytes. */
#define CL_DUMP_MAX 4096
/* Thread numbers tracked; lines of more threads (garbage) are ignored. */
#define CL_THREADS_MAX 1024
#define CL_NAME_MAX    64
#define CL_PROP_MAX    256
#define CL_ADDR_MAX    64

enum ike_key {
	IK_DH,
	IK_SKEYSEED,
	IK_SK_D,
	IK_SK_AI,
	IK_SK_AR,
	IK_SK_EI,
	IK_SK_ER,
	IK_SK_PI,
	IK_SK_PR,
	IK_SKEYID,
	IK_SKEYID_D,
	IK_SKEYID_A,
	IK_SKEYID_E,
	IK_KA,
	IK_IV,
	IK_N
};

static const char *const ike_labels[IK_N] = {
	"shared Diffie Hellman secret",
	"SKEYSEED",
	"Sk_d secret",
	"Sk_ai secret",
	"Sk_ar secret",
	"Sk_ei secret",
	"Sk_er secret",
	"Sk_pi secret",
	"Sk_pr secret",
	"SKEYID",
	"SKEYID_d",
	"SKEYID_a",
	"SKEYID_e",
	"encryption key Ka",
	"initial IV",
};

enum child_key {
	CK_ENCR_I,
	CK_ENCR_R,
	CK_INTEG_I,
	CK_INTEG_R,
	CK_DH,
	CK_N
};

static const char *const child_labels[CK_N] = {
	"encryption initiator key",
	"encryption responder key",
	"integrity initiator key",
	"integrity responder key",
	"DH secret",
};

struct blob {
	uint8_t *v;
	size_t	 len;
	unsigned line; /* where its dump starts */
	uint8_t	 have;
};

struct ike_rec {
	struct blob k[IK_N];
	char	    proposal[CL_PROP_MAX];  /* "AES_CBC_128/HMAC_..." or "" */
	char	    spi_i[17], spi_r[17];   /* from its checkin; "" unknown */
	char	    dspi_i[17], dspi_r[17]; /* the thread's SA when derived */
	size_t	    thr;
	int	    version; /* 1, 2, 0 unknown */
	uint8_t	    done;    /* checked in */
};

struct child_dir {
	char	 spi[9];
	char	 src[CL_ADDR_MAX], dst[CL_ADDR_MAX];
	int	 inbound; /* 1, 0, -1 unknown */
	unsigned line;
};

struct child_rec {
	struct blob	 k[CK_N];
	struct child_dir sa[2];
	int		 nsa;
	int		 ah; /* "adding ... AH SA" */
	char		 encr[CL_NAME_MAX], integ[CL_NAME_MAX]; /* "using" */
	char		 proposal[CL_PROP_MAX];
	char		 ike_spi_i[17], ike_spi_r[17];
	int		 we_init; /* this daemon initiated the exchange */
	uint8_t		 done;
};

struct thr {
	long	 id;
	int	 dkind; /* dump in progress: 0 none, 1 IKE, 2 CHILD, 3 skip */
	size_t	 drec;
	int	 dkey;
	size_t	 dlen, dgot;
	uint8_t *dbuf;
	unsigned dline;
	long	 ike, child; /* records being filled, -1 none */
	char	 proposal[CL_PROP_MAX], esp_proposal[CL_PROP_MAX];
	char	 encr[CL_NAME_MAX], integ[CL_NAME_MAX];
	char	 spi_i[17], spi_r[17];
	int	 parsed; /* last "parsed ...": 1 request, 2 response, 0 */
	int	 adding; /* "adding inbound|outbound ...": 1, 0, -1 */
	int	 adding_ah;
};

/* "selected proposal: IKE:..." logged while the thread had this SA. */
struct ike_prop {
	char spi_i[17];
	char proposal[CL_PROP_MAX];
};

struct cl {
	const char	 *path;
	FILE		 *errs;
	struct isc_keys	 *k;
	int		  problems;
	unsigned	  lineno;
	struct thr	 *t;
	size_t		  nt, tcap;
	struct ike_rec	 *ike;
	size_t		  nike, ikecap;
	struct child_rec *ch;
	size_t		  nch, chcap;
	struct ike_prop	 *prop;
	size_t		  nprop, propcap;
	int		  role; /* "initiating IKE_SA": 1, "is initiating": 0 */
	int		  entries; /* added to the key store */
};

static void __attribute__((format(printf, 3, 4)))
problem(struct cl *c, unsigned line, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	if (c->errs == NULL)
		return;
	if (line != 0)
		fprintf(c->errs, "%s:%u: ", c->path, line);
	else
		fprintf(c->errs, "%s: ", c->path);
	va_start(ap, fmt);
	vfprintf(c->errs, fmt, ap);
	va_end(ap);
	fputc('\n', c->errs);
}

static void
blob_free(struct blob *b)
{
	if (b->v != NULL) {
		crypto_wipe(b->v, b->len);
		free(b->v);
	}
	memset(b, 0, sizeof(*b));
}

/* Copy at most max-1 bytes of s (n of them) into a NUL-terminated d. */
static void
copy(char *d, size_t max, const char *s, size_t n)
{
	if (n >= max)
		n = max - 1;
	memcpy(d, s, n);
	d[n] = '\0';
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t
word_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && s[n] != ' ' && s[n] != '\t')
		n++;
	return n;
}

/* n hex digits at s (lowercased into out, n+1 bytes); 0 or -1. */
static int
take_hex(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (hex_digit((unsigned char)s[i]) < 0)
			return -1;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[n] = '\0';
	return 0;
}

static size_t
thr_get(struct cl *c, long id)
{
	size_t	    i;
	struct thr *t;

	for (i = 0; i < c->nt; i++)
		if (c->t[i].id == id)
			return i;
	if (c->nt >= CL_THREADS_MAX)
		return (size_t)-1;
	ARRAY_GROW(c->t, c->nt, c->tcap);
	t = &c->t[c->nt];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->ike = t->child = -1;
	t->adding = -1;
	return c->nt++;
}

/*
 * The THREAD[GRP] tag: digits (or none) and three capitals in brackets,
 * at the start or after a blank, followed by a blank.  *msg is what
 * follows, without an ike_name "<NAME|ID> " prefix.  0 or -1.
 */
static int
split_prefix(const char *line, long *thread, char grp[4], const char **msg)
{
	const char *p, *q, *d;
	long	    id;

	for (p = line; (p = strchr(p, '[')) != NULL; p++) {
		if (!(isupper((unsigned char)p[1]) &&
			isupper((unsigned char)p[2]) &&
			isupper((unsigned char)p[3]) && p[4] == ']' &&
			p[5] == ' '))
			continue;
		d = p;
		while (d > line && isdigit((unsigned char)d[-1]))
			d--;
		if (d > line && d[-1] != ' ' && d[-1] != '\t')
			continue;
		id = -1;
		if (d < p) {
			if (p - d > 9)
				continue;
			id = strtol(d, NULL, 10);
		}
		*thread = id;
		memcpy(grp, p + 1, 3);
		grp[3] = '\0';
		q = p + 6;
		if (*q == '<') {
			const char *e = strchr(q, '>');

			if (e != NULL && e[1] == ' ' && e - q < 256)
				q = e + 2;
		}
		*msg = q;
		return 0;
	}
	return -1;
}

/*
 * "LABEL => N bytes @ 0x..." (the address may be "(nil)" or missing):
 * the label, blanks trimmed, into label; N into *n.  0 or -1.
 */
static int
dump_head(const char *msg, char *label, size_t lmax, size_t *n)
{
	const char   *a = strstr(msg, " => "), *p, *s;
	unsigned long v;
	char	     *end;

	if (a == NULL)
		return -1;
	p = a + 4;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno != 0 || end - p > 9 || !starts(end, " bytes"))
		return -1;
	end += 6;
	if (*end != '\0' && !starts(end, " @ "))
		return -1;
	s = skip_blanks(msg);
	copy(label, lmax, s, (size_t)(a - s));
	*n = (size_t)v;
	return 0;
}

/* Wiped and freed; a dump of a key we wanted that stops early is said. */
static void
dump_abort(struct cl *c, struct thr *t, const char *why)
{
	const char *label = t->dkind == 1 ? ike_labels[t->dkey] :
	    t->dkind == 2		  ? child_labels[t->dkey] :
					    NULL;

	if (label != NULL)
		problem(c, t->dline,
		    "'%s': the dump of %zu bytes stops after %zu (%s); this "
		    "key is not used",
		    label, t->dlen, t->dgot, why);
	if (t->dbuf != NULL) {
		crypto_wipe(t->dbuf, t->dlen);
		free(t->dbuf);
	}
	t->dbuf = NULL;
	t->dkind = 0;
}

static void
dump_store(struct cl *c, struct thr *t)
{
	struct blob *b;

	if (t->dkind == 1)
		b = &c->ike[t->drec].k[t->dkey];
	else if (t->dkind == 2)
		b = &c->ch[t->drec].k[t->dkey];
	else
		b = NULL;
	if (b != NULL) {
		blob_free(b);
		b->v = t->dbuf;
		b->len = t->dlen;
		b->line = t->dline;
		b->have = 1;
	} else if (t->dbuf != NULL) {
		crypto_wipe(t->dbuf, t->dlen);
		free(t->dbuf);
	}
	t->dbuf = NULL;
	t->dkind = 0;
}

/*
 * "   OFF: XX XX ... XX   ascii" continuing the thread's dump: 1 when
 * taken, 0 when the line is no row of it.
 */
static int
dump_row(struct thr *t, const char *msg)
{
	const char   *p = skip_blanks(msg);
	unsigned long off;
	char	     *end;
	size_t	      want, got = 0;
	uint8_t	      b[16];
	int	      hi, lo;

	if (!isdigit((unsigned char)*p))
		return 0;
	off = strtoul(p, &end, 10);
	if (end - p > 9 || end[0] != ':' || end[1] != ' ' || off != t->dgot)
		return 0;
	p = end + 2;
	want = t->dlen - t->dgot;
	if (want > 16)
		want = 16;
	while (got < want) {
		hi = hex_digit((unsigned char)p[0]);
		lo = hi < 0 ? -1 : hex_digit((unsigned char)p[1]);
		if (lo < 0 || (p[2] != ' ' && p[2] != '\0'))
			break;
		b[got++] = (uint8_t)(hi << 4 | lo);
		p += p[2] == ' ' ? 3 : 2;
	}
	if (got != want) {
		crypto_wipe(b, sizeof(b));
		return 0;
	}
	if (t->dbuf != NULL)
		memcpy(t->dbuf + t->dgot, b, got);
	t->dgot += got;
	crypto_wipe(b, sizeof(b));
	return 1;
}

static long
new_ike(struct cl *c, size_t ti)
{
	struct thr     *t = &c->t[ti];
	struct ike_rec *r;

	ARRAY_GROW(c->ike, c->nike, c->ikecap);
	r = &c->ike[c->nike];
	memset(r, 0, sizeof(*r));
	copy(r->proposal, sizeof(r->proposal), t->proposal,
	    strlen(t->proposal));
	memcpy(r->dspi_i, t->spi_i, sizeof(r->dspi_i));
	memcpy(r->dspi_r, t->spi_r, sizeof(r->dspi_r));
	r->thr = ti;
	return (long)c->nike++;
}

static long
new_child(struct cl *c, size_t ti)
{
	struct thr	 *t = &c->t[ti];
	struct child_rec *r;

	ARRAY_GROW(c->ch, c->nch, c->chcap);
	r = &c->ch[c->nch];
	memset(r, 0, sizeof(*r));
	memcpy(r->encr, t->encr, sizeof(r->encr));
	memcpy(r->integ, t->integ, sizeof(r->integ));
	memcpy(r->proposal, t->esp_proposal, sizeof(r->proposal));
	/* until the thread checks an SA in: the one it works on */
	memcpy(r->ike_spi_i, t->spi_i, sizeof(r->ike_spi_i));
	memcpy(r->ike_spi_r, t->spi_r, sizeof(r->ike_spi_r));
	r->we_init = t->parsed == 2 ? 1 : t->parsed == 1 ? 0 : -1;
	return (long)c->nch++;
}

static int
label_index(const char *const *labels, int n, const char *label)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(labels[i], label) == 0)
			return i;
	return -1;
}

static void
on_dump_head(struct cl *c, size_t ti, const char *label, size_t n)
{
	struct thr *t = &c->t[ti];
	int	    key;

	t->dkind = 3;
	t->dlen = n;
	t->dgot = 0;
	t->dline = c->lineno;
	t->dbuf = NULL;
	if ((key = label_index(ike_labels, IK_N, label)) >= 0) {
		if (key == IK_DH || t->ike < 0 || c->ike[t->ike].k[key].have)
			t->ike = new_ike(c, ti);
		t->dkind = 1;
		t->drec = (size_t)t->ike;
	} else if ((key = label_index(child_labels, CK_N, label)) >= 0) {
		if (t->child < 0 || c->ch[t->child].k[key].have ||
		    c->ch[t->child].nsa > 0)
			t->child = new_child(c, ti);
		t->dkind = 2;
		t->drec = (size_t)t->child;
	}
	t->dkey = key;
	if (t->dkind != 3 && n > CL_DUMP_MAX) {
		problem(c, c->lineno,
		    "'%s' is %zu bytes, more than the %d taken from a log; "
		    "this key is not used",
		    label, n, CL_DUMP_MAX);
		t->dkind = 3;
	}
	if (t->dkind == 3 && n > 1024 * 1024)
		t->dkind = 0; /* not a dump we could follow */
	if (t->dkind == 1 || t->dkind == 2)
		t->dbuf = xmalloc(n);
	if (t->dkind != 0 && n == 0)
		dump_store(c, t);
}

/* "... with SPIs 0123456789abcdef_i 0123456789abcdef_r" */
static int
two_spis(const char *msg, char spi_i[17], char spi_r[17])
{
	const char *p = strstr(msg, " with SPIs ");

	if (p == NULL)
		return -1;
	p += 11;
	if (take_hex(p, 16, spi_i) != 0 || !starts(p + 16, "_i ") ||
	    take_hex(p + 19, 16, spi_r) != 0 || !starts(p + 35, "_r"))
		return -1;
	return 0;
}

static void
on_checkin(struct cl *c, size_t ti, const char *msg)
{
	struct thr *t = &c->t[ti];
	char	    si[17], sr[17];
	const char *v = strstr(msg, "IKEv");
	int	    version = 0;

	if (two_spis(msg, si, sr) != 0)
		return;
	if (v != NULL && (v[4] == '1' || v[4] == '2'))
		version = v[4] - '0';
	if (t->ike >= 0 && strcmp(sr, "0000000000000000") != 0) {
		struct ike_rec *r = &c->ike[t->ike];

		memcpy(r->spi_i, si, sizeof(si));
		memcpy(r->spi_r, sr, sizeof(sr));
		r->version = version;
		r->done = 1;
		t->ike = -1;
	}
	if (t->child >= 0 && c->ch[t->child].nsa >= 2) {
		struct child_rec *r = &c->ch[t->child];

		memcpy(r->ike_spi_i, si, sizeof(si));
		memcpy(r->ike_spi_r, sr, sizeof(sr));
		r->done = 1;
		t->child = -1;
	}
	memcpy(t->spi_i, si, sizeof(si));
	memcpy(t->spi_r, sr, sizeof(sr));
}

/*
 * "  SPI 0x01234567, src 192.0.2.1 dst 192.0.2.2": one direction of the
 * thread's CHILD_SA, or the outbound SA charon installs later (a rekey's
 * responder) of the last one still missing it.
 */
static void
on_spi(struct cl *c, size_t ti, const char *msg)
{
	struct thr	 *t = &c->t[ti];
	struct child_rec *r = NULL;
	struct child_dir  d;
	const char	 *p = msg + 6, *s, *e;
	size_t		  i;

	memset(&d, 0, sizeof(d));
	if (take_hex(p, 8, d.spi) != 0 || !starts(p + 8, ", src "))
		return;
	s = p + 14;
	e = strstr(s, " dst ");
	if (e == NULL)
		return;
	copy(d.src, sizeof(d.src), s, (size_t)(e - s));
	s = e + 5;
	copy(d.dst, sizeof(d.dst), s, word_len(s));
	if (d.src[0] == '\0' || d.dst[0] == '\0')
		return;
	d.inbound = t->adding;
	d.line = c->lineno;
	t->adding = -1;
	if (t->child >= 0 && c->ch[t->child].nsa < 2)
		r = &c->ch[t->child];
	for (i = c->nch; r == NULL && i-- > 0;) {
		struct child_dir *o = &c->ch[i].sa[0];

		if (c->ch[i].nsa == 1 && strcmp(o->src, d.dst) == 0 &&
		    strcmp(o->dst, d.src) == 0 &&
		    (o->inbound < 0 || d.inbound < 0 ||
			o->inbound != d.inbound))
			r = &c->ch[i];
	}
	if (r == NULL)
		return;
	if (t->adding_ah)
		r->ah = 1;
	r->sa[r->nsa++] = d;
}

/*
 * "CHILD_SA NAME{N} established with SPIs 01234567_i 89abcdef_o and TS
 * ...": the SPIs when chd is below 2 (no addresses then).
 */
static void
on_established(struct cl *c, size_t ti, const char *msg)
{
	struct thr	 *t = &c->t[ti];
	struct child_rec *r;
	const char	 *p = strstr(msg, " established with SPIs ");
	char		  in[9], out[9];

	if (p == NULL || t->child < 0)
		return;
	r = &c->ch[t->child];
	p += 23;
	if (r->nsa != 0 || take_hex(p, 8, in) != 0 || !starts(p + 8, "_i ") ||
	    take_hex(p + 11, 8, out) != 0 || !starts(p + 19, "_o"))
		return;
	memcpy(r->sa[0].spi, in, sizeof(in));
	r->sa[0].inbound = 1;
	r->sa[0].line = c->lineno;
	memcpy(r->sa[1].spi, out, sizeof(out));
	r->sa[1].inbound = 0;
	r->sa[1].line = c->lineno;
	r->nsa = 2;
}

static void
on_line(struct cl *c, const char *line)
{
	long	    id;
	char	    grp[4], label[128];
	const char *msg, *p;
	size_t	    ti, n;
	struct thr *t;

	if (split_prefix(line, &id, grp, &msg) != 0)
		return;
	if ((ti = thr_get(c, id)) == (size_t)-1)
		return;
	t = &c->t[ti];
	if (t->dkind != 0) {
		if (dump_row(t, msg)) {
			if (t->dgot >= t->dlen)
				dump_store(c, t);
			return;
		}
		dump_abort(c, t, "a line that is no row of it follows");
	}
	if (dump_head(msg, label, sizeof(label), &n) == 0) {
		on_dump_head(c, ti, label, n);
		return;
	}
	if (starts(msg, "checkout IKEv")) {
		/* a new job: nothing of the last one's applies */
		two_spis(msg, t->spi_i, t->spi_r);
		t->proposal[0] = t->esp_proposal[0] = '\0';
		t->encr[0] = t->integ[0] = '\0';
		t->parsed = 0;
		return;
	}
	if (starts(msg, "checkin ") && strstr(msg, " SA ") != NULL) {
		on_checkin(c, ti, msg);
		return;
	}
	if ((p = strstr(msg, "selected proposal: ")) != NULL) {
		p += 19;
		if (starts(p, "IKE:")) {
			copy(t->proposal, sizeof(t->proposal), p + 4,
			    word_len(p + 4));
			if (t->spi_i[0] != '\0') {
				ARRAY_GROW(c->prop, c->nprop, c->propcap);
				memcpy(c->prop[c->nprop].spi_i, t->spi_i, 17);
				memcpy(c->prop[c->nprop].proposal, t->proposal,
				    CL_PROP_MAX);
				c->nprop++;
			}
		} else if (starts(p, "ESP:") || starts(p, "AH:"))
			copy(t->esp_proposal, sizeof(t->esp_proposal),
			    p + (p[0] == 'A' ? 3 : 4),
			    word_len(p + (p[0] == 'A' ? 3 : 4)));
		return;
	}
	if (strcmp(grp, "ENC") == 0 && starts(msg, "parsed ")) {
		p = msg + 7;
		p = skip_blanks(p + word_len(p));
		if (starts(p, "request "))
			t->parsed = 1;
		else if (starts(p, "response "))
			t->parsed = 2;
		return;
	}
	if (strcmp(grp, "CHD") == 0) {
		p = skip_blanks(msg);
		if (starts(p, "using ")) {
			const char *w = p + 6;
			size_t	    wl = word_len(w);

			if (starts(skip_blanks(w + wl), "for encryption")) {
				copy(t->encr, sizeof(t->encr), w, wl);
				t->integ[0] = '\0';
			} else if (starts(skip_blanks(w + wl), "for integrity"))
				copy(t->integ, sizeof(t->integ), w, wl);
		} else if (starts(p, "adding inbound ") ||
		    starts(p, "adding outbound ")) {
			t->adding = p[7] == 'i';
			t->adding_ah = strstr(p, " AH SA") != NULL;
		} else if (starts(p, "SPI 0x"))
			on_spi(c, ti, p);
		return;
	}
	if (starts(msg, "CHILD_SA ")) {
		on_established(c, ti, msg);
		return;
	}
	if (starts(msg, "initiating ") && strstr(msg, "IKE_SA") != NULL) {
		if (c->role < 0)
			c->role = 1;
	} else if (strstr(msg, " is initiating a") != NULL &&
	    strstr(msg, "IKE_SA") != NULL) {
		if (c->role < 0)
			c->role = 0;
	}
}

/*
 * charon's algorithm names (proposal parts and "using" lines) as key
 * file names: AES_CBC_128 -> ENCR_AES_CBC, HMAC_SHA1_96 ->
 * AUTH_HMAC_SHA1_96.
 */
static void
encr_name(const char *s, char *out, size_t max)
{
	static const struct {
		const char *charon, *name;
	} map[] = {
		{ "3DES_CBC", "ENCR_3DES" },
		{ "DES_CBC", "ENCR_DES" },
		{ "BLOWFISH_CBC", "ENCR_BLOWFISH" },
		{ "CAST_CBC", "ENCR_CAST" },
		{ "NULL_AES_GMAC", "ENCR_NULL_AUTH_AES_GMAC" },
	};
	char   b[CL_NAME_MAX];
	size_t n = strlen(s), i;

	copy(b, sizeof(b), s, n);
	n = strlen(b);
	if (n > 4 &&
	    (strcmp(b + n - 4, "_128") == 0 || strcmp(b + n - 4, "_192") == 0 ||
		strcmp(b + n - 4, "_256") == 0))
		b[n - 4] = '\0';
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(b, map[i].charon) == 0) {
			snprintf(out, max, "%s", map[i].name);
			return;
		}
	snprintf(out, max, "ENCR_%s", b);
}

static void
integ_name(const char *s, char *out, size_t max)
{
	if (s[0] == '\0' || strcmp(s, "NONE") == 0 || strcmp(s, "(null)") == 0)
		snprintf(out, max, "NONE");
	else
		snprintf(out, max, "AUTH_%s", s);
}

static int
is_integ(const char *p, size_t n)
{
	static const char *const prefix[] = { "HMAC_", "AES_XCBC", "AES_CMAC",
		"CAMELLIA_XCBC", "DES_MAC", "KPDK_" };
	size_t			 i;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (n >= strlen(prefix[i]) &&
		    strncmp(p, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	/* AES_128_GMAC ... (integrity); NULL_AES_GMAC is encryption */
	return n > 5 && strncmp(p, "AES_", 4) == 0 &&
	    strncmp(p + n - 5, "_GMAC", 5) == 0;
}

static int
is_encr(const char *p, size_t n)
{
	static const char *const prefix[] = { "AES_", "3DES", "DES",
		"CAMELLIA_", "CHACHA20", "BLOWFISH", "CAST", "SERPENT",
		"TWOFISH", "NULL", "IDEA", "3IDEA", "RC5" };
	size_t			 i;

	if (n == 0 || is_integ(p, n))
		return 0;
	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (n >= strlen(prefix[i]) &&
		    strncmp(p, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
}

/* The ENCR and INTEG parts of "AES_CBC_128/HMAC_SHA2_256_128/PRF_.../..." */
static void
proposal_algos(const char *prop, char *encr, char *integ, size_t max)
{
	const char *p = prop, *e;
	size_t	    n;

	encr[0] = integ[0] = '\0';
	while (*p != '\0') {
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (is_integ(p, n))
			copy(integ, max, p, n);
		else if (is_encr(p, n) && encr[0] == '\0')
			copy(encr, max, p, n);
		p += n;
		if (*p == '/')
			p++;
	}
}

/* Lowercase hex of a blob, "-" when empty; freed with free_line(). */
static char *
hex_of(const struct blob *b)
{
	char *s;

	if (b == NULL || !b->have || b->len == 0)
		return xstrdup("-");
	s = xmalloc(b->len * 2 + 1);
	hex_encode(b->v, b->len, s);
	return s;
}

static void
free_line(char *s)
{
	if (s != NULL) {
		crypto_wipe(s, strlen(s));
		free(s);
	}
}

/* One key-file entry; what the parser refuses is a problem. */
static void
add_entry(struct cl *c, unsigned line, const char *what, char *text)
{
	char err[512];

	if (isc_keys_parse_line(c->k, c->path, line, text, err, sizeof(err)) ==
	    0)
		c->entries++;
	else
		problem(c, line, "%s: %s", what, err);
	free_line(text);
}

static void
add_dh(struct cl *c, const char *spi_i, const struct blob *b, const char *what)
{
	char *h;

	if (!b->have || b->len == 0)
		return;
	if (spi_i[0] == '\0') {
		problem(c, b->line,
		    "%s: no IKE SA SPIs near it in the log (charon's mgr "
		    "group at level 2 logs them); not used",
		    what);
		return;
	}
	h = hex_of(b);
	add_entry(c, b->line, what, xasprintf("dh %s shared %s", spi_i, h));
	free_line(h);
}

static void
emit_ike(struct cl *c, struct ike_rec *r)
{
	const struct thr *t = &c->t[r->thr];
	const char	 *si = r->spi_i, *sr = r->spi_r;
	char		  encr[CL_NAME_MAX], integ[CL_NAME_MAX];
	char		  en[CL_NAME_MAX + 8], in[CL_NAME_MAX + 8];
	char		 *h[4];
	const char	 *prop;
	size_t		  j;
	int		  i, v1, v2;

	if (si[0] == '\0') {
		/* a failed exchange: the SA the thread had checked out */
		si = r->dspi_i[0] != '\0' ? r->dspi_i : t->spi_i;
		sr = r->dspi_i[0] != '\0' ? r->dspi_r : t->spi_r;
	}
	add_dh(c, si, &r->k[IK_DH], "IKE SA DH shared secret");
	v1 = r->k[IK_KA].have;
	v2 = r->k[IK_SK_EI].have && r->k[IK_SK_ER].have;
	if (!v1 && !v2)
		return;
	if (si[0] == '\0') {
		problem(c, r->k[v1 ? IK_KA : IK_SK_EI].line,
		    "IKE SA keys with no IKE SA SPIs near them in the log "
		    "(charon's mgr group at level 2 logs them); not used");
		return;
	}
	if (v1) {
		h[0] = hex_of(&r->k[IK_KA]);
		add_entry(c, r->k[IK_KA].line, "IKEv1 Ka",
		    xasprintf("ikev1 %s %s", si, h[0]));
		free_line(h[0]);
	}
	if (!v2 || r->version == 1)
		return;
	if (sr[0] == '\0' || strcmp(sr, "0000000000000000") == 0) {
		problem(c, r->k[IK_SK_EI].line,
		    "IKEv2 keys of SA %s: its responder SPI is not in the "
		    "log; not used",
		    si);
		return;
	}
	/*
	 * An IKEv2 responder derives the keys of IKE_SA_INIT when IKE_AUTH
	 * arrives, often in another thread than the one that chose the
	 * proposal: the SA's own choice then.
	 */
	prop = r->proposal;
	for (j = 0; prop[0] == '\0' && j < c->nprop; j++)
		if (strcmp(c->prop[j].spi_i, si) == 0)
			prop = c->prop[j].proposal;
	proposal_algos(prop, encr, integ, sizeof(encr));
	if (encr[0] == '\0') {
		problem(c, r->k[IK_SK_EI].line,
		    "IKEv2 keys of SA %s_i %s_r: no \"selected proposal: "
		    "IKE:...\" line before them names the algorithms; not used",
		    si, sr);
		return;
	}
	encr_name(encr, en, sizeof(en));
	integ_name(integ, in, sizeof(in));
	h[0] = hex_of(&r->k[IK_SK_EI]);
	h[1] = hex_of(&r->k[IK_SK_ER]);
	h[2] = hex_of(&r->k[IK_SK_AI]);
	h[3] = hex_of(&r->k[IK_SK_AR]);
	add_entry(c, r->k[IK_SK_EI].line, "IKEv2 SK_*",
	    xasprintf("ikev2 %s %s %s %s %s %s %s %s", si, sr, h[0], h[1], en,
		h[2], h[3], in));
	for (i = 0; i < 4; i++)
		free_line(h[i]);
}

static void
emit_child(struct cl *c, struct child_rec *r)
{
	char		   encr[CL_NAME_MAX], integ[CL_NAME_MAX];
	char		   en[CL_NAME_MAX + 8], in[CL_NAME_MAX + 8];
	char		   pe[CL_NAME_MAX], pi[CL_NAME_MAX], what[64];
	char		  *he, *ha;
	const struct blob *ek, *ak;
	unsigned	   first = 0;
	int		   i, we_init = r->we_init, init_traffic, using;

	for (i = 0; i < CK_N; i++)
		if (r->k[i].have && (first == 0 || r->k[i].line < first))
			first = r->k[i].line;
	add_dh(c, r->ike_spi_i, &r->k[CK_DH], "PFS DH shared secret");
	if (!r->k[CK_ENCR_I].have && !r->k[CK_ENCR_R].have &&
	    !r->k[CK_INTEG_I].have && !r->k[CK_INTEG_R].have)
		return;
	if (r->nsa == 0) {
		problem(c, first,
		    "CHILD_SA keys with no SPIs after them in the log "
		    "(charon's chd group at level 2 logs them); not used");
		return;
	}
	if (we_init < 0)
		we_init = c->role; /* the IKE initiator starts exchanges */
	/* a direction logged without "adding in/outbound": the other one */
	if (r->nsa == 2 && r->sa[0].inbound < 0 && r->sa[1].inbound >= 0)
		r->sa[0].inbound = !r->sa[1].inbound;
	if (r->nsa == 2 && r->sa[1].inbound < 0 && r->sa[0].inbound >= 0)
		r->sa[1].inbound = !r->sa[0].inbound;
	/* "using" lines (chd 2), else the selected proposal */
	proposal_algos(r->proposal, pe, pi, sizeof(pe));
	using = r->encr[0] != '\0' || r->integ[0] != '\0';
	snprintf(encr, sizeof(encr), "%s", using ? r->encr : pe);
	snprintf(integ, sizeof(integ), "%s", using ? r->integ : pi);
	if (encr[0] == '\0' && !r->ah) {
		problem(c, first,
		    "CHILD_SA keys: no \"using ... for encryption\" or "
		    "\"selected proposal: ESP:...\" line names the algorithm; "
		    "not used");
		return;
	}
	encr_name(encr, en, sizeof(en));
	integ_name(integ, in, sizeof(in));
	for (i = 0; i < r->nsa; i++) {
		struct child_dir *d = &r->sa[i];

		if (we_init < 0 || d->inbound < 0) {
			problem(c, d->line,
			    "SA 0x%s: cannot tell whether the initiator or "
			    "the responder keys are its own (no \"parsed ... "
			    "request/response\" or \"adding inbound/outbound\" "
			    "lines); not used",
			    d->spi);
			continue;
		}
		init_traffic = we_init ? !d->inbound : d->inbound;
		ek = &r->k[init_traffic ? CK_ENCR_I : CK_ENCR_R];
		ak = &r->k[init_traffic ? CK_INTEG_I : CK_INTEG_R];
		he = hex_of(ek);
		ha = hex_of(ak);
		snprintf(what, sizeof(what), "%s SA 0x%s", r->ah ? "AH" : "ESP",
		    d->spi);
		if (r->ah)
			add_entry(c, ak->have ? ak->line : first, what,
			    xasprintf("ah %s %s %s %s %s", d->spi, in, ha,
				d->src, d->dst));
		else
			add_entry(c,
			    ek->have	 ? ek->line :
				ak->have ? ak->line :
					   first,
			    what,
			    xasprintf("esp %s %s %s %s %s %s %s", d->spi, en,
				he, in, ha, d->src, d->dst));
		free_line(he);
		free_line(ha);
	}
}

static void
cl_free(struct cl *c)
{
	size_t i;
	int    j;

	for (i = 0; i < c->nt; i++)
		if (c->t[i].dbuf != NULL) {
			crypto_wipe(c->t[i].dbuf, c->t[i].dlen);
			free(c->t[i].dbuf);
		}
	for (i = 0; i < c->nike; i++)
		for (j = 0; j < IK_N; j++)
			blob_free(&c->ike[i].k[j]);
	for (i = 0; i < c->nch; i++)
		for (j = 0; j < CK_N; j++)
			blob_free(&c->ch[i].k[j]);
	free(c->t);
	free(c->ike);
	free(c->ch);
	free(c->prop);
}

int
isc_keys_import_charon(struct isc_keys *k, const char *path, FILE *errs)
{
	struct cl c;
	FILE	 *f;
	char	 *buf;
	size_t	  n, i;
	int	  ch, toolong, nul;

	if (k == NULL || path == NULL)
		return -1;
	if ((f = fopen(path, "r")) == NULL) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.errs = errs;
	c.k = k;
	c.role = -1;
	buf = xmalloc(CL_LINE_MAX + 1);
	for (;;) {
		n = 0;
		toolong = nul = 0;
		while ((ch = getc(f)) != EOF && ch != '\n') {
			if (ch == '\0')
				nul = 1;
			if (n < CL_LINE_MAX)
				buf[n++] = (char)ch;
			else
				toolong = 1;
		}
		if (ch == EOF && n == 0 && !toolong)
			break;
		c.lineno++;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
		buf[n] = '\0';
		if (!toolong && !nul)
			on_line(&c, buf);
		if (ch == EOF)
			break;
	}
	if (ferror(f)) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(EIO));
		crypto_wipe(buf, CL_LINE_MAX + 1);
		free(buf);
		fclose(f);
		cl_free(&c);
		return -1;
	}
	crypto_wipe(buf, CL_LINE_MAX + 1);
	free(buf);
	fclose(f);
	for (i = 0; i < c.nt; i++)
		if (c.t[i].dkind != 0)
			dump_abort(&c, &c.t[i], "the log ends");
	for (i = 0; i < c.nike; i++)
		emit_ike(&c, &c.ike[i]);
	for (i = 0; i < c.nch; i++)
		emit_child(&c, &c.ch[i]);
	if (c.entries == 0 && c.problems == 0)
		problem(&c, 0,
		    "no keys in this log (charon logs them with the ike and "
		    "chd groups at level 4)");
	cl_free(&c);
	return c.problems;
}
