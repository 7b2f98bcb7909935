/*
 * main.c - the ikescope command line: options, reading captures, and the
 * choice of front-end.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzer/analysis.h"
#include "../analyzer/crypto.h"
#include "../analyzer/keys.h"
#include "../analyzer/psk_params.h"
#include "../analyzer/pskcheck.h"
#include "../analyzer/util.h"
#include "export.h"
#include "output.h"
#include "pcapng.h"
#include "tui.h"

enum {
	OPT_NDJSON = 256,
	OPT_EXPORT_KEYS,
	OPT_SHOW_KEYS,
	OPT_IKE_PORT,
	OPT_PSK_CANDIDATES,
	OPT_PSK_PARAMS,
	OPT_PSK_NORTEL_USER,
	OPT_PSK_WORDS,
	OPT_COLOR,
	OPT_IDLE_TIMEOUT,
	OPT_THREADS,
	OPT_TUI_SCRIPT,
	OPT_TUI_DUMP,
	OPT_TUI_SIZE,
	OPT_IGNORE_ICV,
};

#define MAX_EXPORTS    8  /* --export-keys options */
#define MAX_PSK_PARAMS 64 /* --psk-params options */

static const struct option longopts[] = {
	{ "keys", required_argument, NULL, 'k' },
	{ "psk", required_argument, NULL, 'p' },
	{ "filter", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "ndjson", no_argument, NULL, OPT_NDJSON },
	{ "tui", no_argument, NULL, 't' },
	{ "tui-script", required_argument, NULL, OPT_TUI_SCRIPT },
	{ "tui-dump", required_argument, NULL, OPT_TUI_DUMP },
	{ "tui-size", required_argument, NULL, OPT_TUI_SIZE },
	{ "write-decrypted", required_argument, NULL, 'w' },
	{ "export-keys", required_argument, NULL, OPT_EXPORT_KEYS },
	{ "show-keys", no_argument, NULL, OPT_SHOW_KEYS },
	{ "ignore-icv", no_argument, NULL, OPT_IGNORE_ICV },
	{ "ike-port", required_argument, NULL, OPT_IKE_PORT },
	{ "psk-candidates", required_argument, NULL, OPT_PSK_CANDIDATES },
	{ "psk-params", required_argument, NULL, OPT_PSK_PARAMS },
	{ "psk-nortel-user", required_argument, NULL, OPT_PSK_NORTEL_USER },
	{ "psk-words", no_argument, NULL, OPT_PSK_WORDS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fputs(
	    "Usage: ikescope [OPTION]... CAPTURE...\n"
	    "Analyze IKE (IKEv1, IKEv2) and IPsec traffic in pcap/pcapng captures.\n"
	    "CAPTURE is a pcap or pcapng file, or \"-\" for standard input; several\n"
	    "files are read in order as one stream of frames.\n"
	    "\n"
	    "Input:\n"
	    "  -f, --filter EXPR        BPF filter applied while reading\n"
	    "      --ike-port PORT      also read IKE on this UDP/TCP port (repeatable)\n"
	    "      --threads N          1: decrypt ESP on one core; 2 (the default\n"
	    "                           with two CPUs): on two while a file is read\n"
	    "\n"
	    "Keys (decrypt and verify; see ikescope(1) for the key file):\n"
	    "  -k, --keys FILE          key file (repeatable): psk, dh, rsa, ikev1, ikev2,\n"
	    "                           esp lines\n"
	    "  -p, --psk SECRET         pre-shared key to try on every IKE SA (repeatable);\n"
	    "                           \"quoted\" with C escapes, or 0xHEX for bytes\n"
	    "      --ignore-icv         IKEv2: decrypt and show SK payloads whose ICV\n"
	    "                           fails, marked \"ICV FAILED, shown anyway\";\n"
	    "                           nothing is derived from them\n"
	    "\n"
	    "PSK candidates (which is each IKE SA's pre-shared key, per side):\n"
	    "      --psk-candidates F   candidate file, one per line (- for stdin);\n"
	    "                           IKEv1 Aggressive Mode from the capture alone,\n"
	    "                           Main Mode and IKEv2 with the SA's DH value (-k)\n"
	    "      --psk-params FILE    also check ike-scan/psk-crack parameter lines\n"
	    "                           (repeatable; then no capture is needed)\n"
	    "      --psk-nortel-user U  Nortel Contivity variant for --psk-params lines\n"
	    "      --psk-words          cut candidates at white space, as psk-crack\n"
	    "\n"
	    "Output (default: text report):\n"
	    "  -j, --json               one JSON document on stdout\n"
	    "      --ndjson             one JSON event per line on stdout (Suricata\n"
	    "                           EVE style): ike, ike_sa, esp_sa, diagnosis\n"
	    "      --idle-timeout S     an IKE SA (with its ESP SAs) idle S seconds of\n"
	    "                           capture time is reported as it goes idle and\n"
	    "                           forgotten, so memory stays bounded (text,\n"
	    "                           --ndjson, -w; default 3600; 0 keeps every SA\n"
	    "                           to the end)\n"
	    "      --color[=WHEN]       colour the text report: auto (a terminal,\n"
	    "                           NO_COLOR unset; the default), always, never\n"
	    "  -v, --verbose            every field of every payload, with "
	    "byte offsets\n"
	    "      --show-keys          show secrets: derived keys, XAUTH "
	    "passwords\n"
	    "  -w, --write-decrypted F  pcapng of every frame, decrypted ESP "
	    "replaced by\n"
	    "                           the packet it carried (- for stdout)\n"
	    "      --export-keys FMT:PATH   write every key derived or given "
	    "(repeatable):\n"
	    "                           wireshark:DIR, tcpdump:FILE, keys:FILE "
	    "or\n"
	    "                           psk-crack:FILE (FILE - for stdout)\n"
	    "  -h, --help               show this help and exit\n"
	    "  -V, --version            show the version and exit\n"
	    "\n"
	    "  -t, --tui                browse the analysis in the terminal (? in it\n"
	    "                           lists the keys)\n"
	    "      --tui-script F       with --tui, no terminal: the keys in F drive\n"
	    "                           a virtual screen; each <Dump> in F writes the\n"
	    "                           screen as text (--tui-dump FILE, default stdout)\n"
	    "      --tui-size CxR       that screen's size (default 80x24)\n"
	    "\n"
	    "Exit status: 0 when the captures were read (malformed packets are reported,\n"
	    "not fatal), 1 for bad usage, an unreadable capture or a key file with\n"
	    "errors (each reported as FILE:LINE: message).\n"
	    "See ikescope(1) for the key file format and the output formats.\n",
	    f);
}

static int
parse_port(const char *s, uint16_t *port)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 1 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* A --psk-params line, kept until the analysis is done. */
struct psk_line {
	struct psk_params p;
	char		 *origin; /* "FILE:LINE" */
};

/*
 * --psk-candidates: open the candidate file and read the --psk-params
 * files before any capture; every bad line is reported.  0, or -1.
 */
static int
psk_prepare(const char *cands, FILE **cf, const char *const *pfiles,
    size_t npfiles, const char *nortel, struct psk_line **pl, size_t *npl)
{
	size_t j, cap = 0;
	int    perr = 0;

	*cf = strcmp(cands, "-") == 0 ? stdin : fopen(cands, "r");
	if (*cf == NULL) {
		fprintf(stderr, "ikescope: --psk-candidates: %s: %s\n", cands,
		    strerror(errno));
		return -1;
	}
	for (j = 0; j < npfiles; j++) {
		FILE	     *pf = fopen(pfiles[j], "r");
		unsigned long ln = 0;
		char	      err[256];
		int	      r;

		if (pf == NULL) {
			fprintf(stderr, "ikescope: --psk-params: %s: %s\n",
			    pfiles[j], strerror(errno));
			perr++;
			continue;
		}
		for (;;) {
			ARRAY_GROW(*pl, *npl, cap);
			r = psk_params_read(pf, &(*pl)[*npl].p, &ln, err,
			    sizeof(err));
			if (r == 0)
				break;
			if (r < 0) {
				fprintf(stderr, "ikescope: %s:%lu: %s\n",
				    pfiles[j], ln, err);
				perr++;
				continue;
			}
			if (nortel != NULL)
				psk_params_set_nortel_user(&(*pl)[*npl].p,
				    nortel);
			(*pl)[(*npl)++].origin =
			    xasprintf("%s:%lu", pfiles[j], ln);
		}
		fclose(pf);
	}
	if (perr > 0) {
		fprintf(stderr,
		    "ikescope: %d psk parameter %s with errors; fix %s and run "
		    "again (nothing was read)\n",
		    perr, perr == 1 ? "line" : "lines",
		    perr == 1 ? "it" : "them");
		return -1;
	}
	return 0;
}

/* -w: every frame as it was, or the packet its ESP carried. */
struct writer {
	const char	     *path;
	struct pcapng_writer *pw;
	int		      failed;
};

/* What the analysis calls back while it reads (isc_events.ctx). */
struct run {
	struct writer	   *w;	      /* -w, or NULL */
	struct ndjson	   *nd;	      /* --ndjson, or NULL */
	struct text_stream *ts;	      /* the text report, or NULL */
	int		    progress; /* stderr is a terminal */
	time_t		    last;     /* last progress line */
	uint64_t	    frames;
};

/* libpcap's DLT_RAW (12, or 14 on OpenBSD) is LINKTYPE_RAW in files. */
static int
dlt_to_linktype(int dlt)
{
	return dlt == 12 || dlt == 14 ? PCAPNG_LINKTYPE_RAW : dlt;
}

static void
write_frame(struct writer *w, const struct isc_frame_out *f)
{
	char comment[128];
	int  r;

	if (w->failed)
		return;
	if (f->repl != NULL) {
		snprintf(comment, sizeof(comment),
		    "ikescope: decrypted ESP, SPI 0x%08x, original frame %llu",
		    (unsigned)f->repl_spi, (unsigned long long)f->frame);
		r = pcapng_write(w->pw, PCAPNG_LINKTYPE_RAW, f->ts.sec,
		    f->ts.usec, f->repl, f->repl_len, f->repl_len, comment);
	} else
		r = pcapng_write(w->pw, dlt_to_linktype(f->linktype), f->ts.sec,
		    f->ts.usec, f->data, f->caplen, f->wirelen, NULL);
	if (r != 0)
		w->failed = 1; /* told at pcapng_close() */
}

/* Every frame: -w, and a progress line on a terminal about once a second. */
static void
on_frame(void *ctx, const struct isc_frame_out *f)
{
	struct run *r = ctx;

	if (r->w != NULL)
		write_frame(r->w, f);
	r->frames = f->frame;
	if (r->progress && (f->frame & 0x3fff) == 0) {
		time_t now = time(NULL);

		if (now != r->last) {
			r->last = now;
			fprintf(stderr, "\rikescope: %llu frames read...",
			    (unsigned long long)f->frame);
		}
	}
}

/* The progress line goes before the report writes on the terminal. */
static void
progress_clear(struct run *r)
{
	if (r->progress && r->last != 0) {
		fputs("\r\033[K", stderr);
		r->last = 0;
	}
}

static void
on_ike_msg(void *ctx, const struct isc_ike_sa *sa,
    const struct isc_exchange *ex, const struct isc_msg *m)
{
	struct run *r = ctx;

	if (r->nd != NULL)
		ndjson_ike_msg(r->nd, sa, ex, m);
}

static void
on_sa_done(void *ctx, const struct isc_ike_sa *sa)
{
	struct run *r = ctx;

	if (r->nd != NULL)
		ndjson_sa(r->nd, sa);
	if (r->ts != NULL) {
		progress_clear(r);
		text_stream_sa(r->ts, sa);
	}
}

static void
on_esp_done(void *ctx, const struct isc_esp_sa *e)
{
	struct run *r = ctx;

	if (r->nd != NULL)
		ndjson_esp(r->nd, e);
	if (r->ts != NULL) {
		progress_clear(r);
		text_stream_esp(r->ts, e);
	}
}

/* --color=WHEN, or auto: a terminal without NO_COLOR or TERM=dumb. */
static int
parse_color(const char *when, int *color)
{
	const char *term = getenv("TERM");

	if (when == NULL || strcmp(when, "auto") == 0)
		*color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL &&
		    (term == NULL || strcmp(term, "dumb") != 0);
	else if (strcmp(when, "always") == 0)
		*color = 1;
	else if (strcmp(when, "never") == 0)
		*color = 0;
	else
		return -1;
	return 0;
}

/*
 * --tui: what the browser needs to analyse the captures again with a key
 * line typed in it.  The key set is made anew each time from its sources
 * in command-line order (-k files read again, -p secrets), then the lines
 * typed so far, so every analysis has a store of its own.  The browser
 * frees the analyses it got from analyse_again(); the stores are freed
 * after it returns.
 */
struct keysrc {
	int	    opt; /* 'k' a key file, 'p' a secret */
	const char *arg;
};

#define MAX_KEY_SOURCES 64 /* more -k and -p: no keys added in the browser */

struct again {
	struct isc_options opts; /* keys: replaced each time */
	char *const	  *files;
	int		   nfiles;
	struct keysrc	   src[MAX_KEY_SOURCES];
	size_t		   nsrc;
	int		   off;	  /* too many -k and -p, or no capture that
				   can be read again */
	char		 **lines; /* typed so far (secrets: wiped) */
	size_t		   nlines;
	struct isc_keys	 **stores;
	size_t		   nstores;
};

static struct isc_keys *
again_keys(struct again *g, const char *line, char *err, size_t errlen)
{
	struct isc_keys *k = isc_keys_new();
	size_t		 i;

	for (i = 0; i < g->nsrc; i++) {
		int r = g->src[i].opt == 'k' ?
		    isc_keys_load_file(k, g->src[i].arg, NULL) :
		    isc_keys_add_psk(k, g->src[i].arg, err, errlen);

		if (r != 0) {
			if (g->src[i].opt == 'k')
				snprintf(err, errlen,
				    "%s: cannot be read again, or has "
				    "errors now",
				    g->src[i].arg);
			isc_keys_free(k);
			return NULL;
		}
	}
	for (i = 0; i < g->nlines; i++)
		if (isc_keys_parse_line(k, "typed", (unsigned)i + 1,
			g->lines[i], err, errlen) != 0) {
			isc_keys_free(k);
			return NULL;
		}
	if (line != NULL &&
	    isc_keys_parse_line(k, "typed", (unsigned)g->nlines + 1, line, err,
		errlen) != 0) {
		isc_keys_free(k);
		return NULL;
	}
	return k;
}

static struct isc_analysis *
analyse_again(void *ctx, const char *line, char *err, size_t errlen)
{
	struct again	    *g = ctx;
	struct isc_keys	    *k;
	struct isc_analysis *a;
	int		     i;

	/* A malformed line changes nothing: the parser's message. */
	if ((k = again_keys(g, line, err, errlen)) == NULL)
		return NULL;
	g->opts.keys = k;
	a = isc_analysis_new(&g->opts);
	for (i = 0; i < g->nfiles; i++)
		if (isc_analysis_read_file(a, g->files[i], err, errlen) != 0) {
			isc_analysis_free(a);
			isc_keys_free(k);
			return NULL;
		}
	isc_analysis_finish(a);
	g->stores =
	    xreallocarray(g->stores, g->nstores + 1, sizeof(*g->stores));
	g->stores[g->nstores++] = k;
	g->lines = xreallocarray(g->lines, g->nlines + 1, sizeof(*g->lines));
	g->lines[g->nlines++] = xstrdup(line);
	return a;
}

static void
again_free(struct again *g)
{
	size_t i;

	for (i = 0; i < g->nstores; i++)
		isc_keys_free(g->stores[i]);
	for (i = 0; i < g->nlines; i++)
		crypto_free_wiped(g->lines[i], strlen(g->lines[i]) + 1);
	free(g->stores);
	free(g->lines);
}

/*
 * --tui: the captures read while the browser is open (tui_opts.load).
 * The first is opened before the browser starts, so a capture that
 * cannot be read is an error on the command line as without --tui; one
 * after it that cannot be read is said in the status line and on stderr
 * when the browser ends.
 */
struct loader {
	struct isc_analysis *a;
	char *const	    *files;
	int		     nfiles, next; /* files[next - 1] is being read */
	struct isc_reader   *r;
	char		     err[512]; /* the first error */
	int		     failed;
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
loader_open_next(struct loader *l)
{
	char err[512];

	while (l->next < l->nfiles) {
		l->r = isc_reader_open(l->a, l->files[l->next++], err,
		    sizeof(err));
		if (l->r != NULL)
			return 1;
		if (!l->failed)
			snprintf(l->err, sizeof(l->err), "%s", err);
		l->failed = 1;
	}
	return 0;
}

static int
loader_load(void *ctx, unsigned long max_frames, unsigned max_ms, char *status,
    size_t len)
{
	struct loader  *l = ctx;
	uint64_t	done, size;
	unsigned long	n = 0;
	const char     *name;
	struct timespec s0;

	clock_gettime(CLOCK_MONOTONIC, &s0);
	while (l->r != NULL) {
		/* Slices of 256 frames until the frames or the time asked
		   for are used up. */
		unsigned long slice = max_frames != 0 && max_frames - n < 256 ?
		    max_frames - n :
		    256;

		if (isc_reader_step(l->r, slice) == 0) {
			isc_reader_close(l->r);
			l->r = NULL;
			loader_open_next(l);
		}
		n += slice;
		if ((max_frames != 0 && n >= max_frames) ||
		    (max_ms != 0 && seconds_since(&s0) * 1000 >= max_ms))
			break;
	}
	if (l->r != NULL) {
		name = l->files[l->next - 1];
		isc_reader_progress(l->r, &done, &size);
		if (size != 0)
			snprintf(status, len, "reading %s %u%%  %llu frames",
			    strcmp(name, "-") == 0 ? "standard input" : name,
			    (unsigned)(done * 100 / size),
			    (unsigned long long)l->a->frames);
		else
			snprintf(status, len, "reading %s  %llu frames",
			    strcmp(name, "-") == 0 ? "standard input" : name,
			    (unsigned long long)l->a->frames);
		return 1;
	}
	isc_analysis_finish(l->a);
	if (l->failed) {
		snprintf(status, len, "%s", l->err);
		return -1;
	}
	snprintf(status, len, "all %llu frames read",
	    (unsigned long long)l->a->frames);
	return 0;
}

static void
again_source(struct again *g, int opt, const char *arg)
{
	if (g->nsrc == MAX_KEY_SOURCES) {
		g->off = 1;
		return;
	}
	g->src[g->nsrc].opt = opt;
	g->src[g->nsrc++].arg = arg;
}

/* Secrets in a file others may read: say so (as ssh does), and go on. */
static void
key_file_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IRGRP | S_IROTH)) == 0)
		return;
	fprintf(stderr,
	    "%s: warning: the key file is readable by %s (mode %04o) and "
	    "holds secrets; chmod 600 %s\n",
	    path, (st.st_mode & S_IROTH) != 0 ? "others" : "its group",
	    (unsigned)(st.st_mode & 07777), path);
}

int
main(int argc, char **argv)
{
	struct isc_options   opts;
	struct output_opts   oo;
	struct isc_analysis *a;
	const char	    *wpath = NULL, *tui_dump = NULL;
	char		    *script = NULL;
	struct tui_opts	     to;
	struct again	     ag;
	struct loader	     ld;
	int		     tui = 0, fill = 0;
	const char	    *exports[MAX_EXPORTS];
	int		     nexports = 0, to_stdout = 0;
	struct writer	     w;
	struct ndjson	     nd;
	struct text_stream   ts;
	struct run	     run;
	const char	    *color = NULL;
	double		     idle = -1;
	struct isc_keys	    *keys = NULL;
	int		     ch, json = 0, ndjson = 0, rc = 0, i, n, keyerr = 0;
	const char	    *psk_cands = NULL, *nortel = NULL;
	const char	    *pfiles[MAX_PSK_PARAMS];
	struct psk_line	    *pl = NULL;
	size_t		     npfiles = 0, npl = 0, j;
	unsigned	     psk_flags = 0;
	FILE		    *cf = NULL;
	struct psk_check    *pc = NULL;

	memset(&opts, 0, sizeof(opts));
	memset(&oo, 0, sizeof(oo));
	memset(&to, 0, sizeof(to));
	memset(&ag, 0, sizeof(ag));
	while ((ch = getopt_long(argc, argv, "k:p:f:jtw:vhV", longopts,
		    NULL)) != -1) {
		switch (ch) {
		case 'f':
			opts.filter = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'v':
			oo.verbose = 1;
			break;
		case OPT_IKE_PORT:
			if (opts.n_ike_ports >= ISC_MAX_IKE_PORTS) {
				fprintf(stderr,
				    "ikescope: at most %d "
				    "--ike-port options\n",
				    ISC_MAX_IKE_PORTS);
				return 1;
			}
			if (parse_port(optarg,
				&opts.ike_ports[opts.n_ike_ports]) != 0) {
				fprintf(stderr,
				    "ikescope: --ike-port: \"%s\" "
				    "is not a port number (1-65535)\n",
				    optarg);
				return 1;
			}
			opts.n_ike_ports++;
			break;
		case 'k':
			again_source(&ag, 'k', optarg);
			if (keys == NULL)
				keys = isc_keys_new();
			key_file_mode(optarg);
			n = isc_keys_load_file(keys, optarg, stderr);
			if (n < 0)
				keyerr = -1;
			else if (n > 0 && keyerr >= 0)
				keyerr += n;
			break;
		case 'p': {
			char err[256];

			again_source(&ag, 'p', optarg);
			if (keys == NULL)
				keys = isc_keys_new();
			if (isc_keys_add_psk(keys, optarg, err, sizeof(err)) !=
			    0) {
				fprintf(stderr, "ikescope: %s\n", err);
				if (keyerr >= 0)
					keyerr++;
			}
			break;
		}
		case OPT_PSK_CANDIDATES:
			psk_cands = optarg;
			break;
		case OPT_PSK_PARAMS:
			if (npfiles >= MAX_PSK_PARAMS) {
				fprintf(stderr,
				    "ikescope: at most %d --psk-params "
				    "options\n",
				    MAX_PSK_PARAMS);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			pfiles[npfiles++] = optarg;
			break;
		case OPT_PSK_NORTEL_USER:
			nortel = optarg;
			break;
		case OPT_PSK_WORDS:
			psk_flags |= PSK_CAND_PSKCRACK;
			break;
		case OPT_NDJSON:
			ndjson = 1;
			break;
		case OPT_THREADS:
			if (strcmp(optarg, "1") != 0 &&
			    strcmp(optarg, "2") != 0) {
				fprintf(stderr,
				    "ikescope: --threads: \"%s\": give 1 or 2\n",
				    optarg);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			opts.threads = optarg[0] - '0';
			break;
		case OPT_IDLE_TIMEOUT: {
			char  *end;
			double v;

			errno = 0;
			v = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(v >= 0 && v <= 1e9)) {
				fprintf(stderr,
				    "ikescope: --idle-timeout: \"%s\" is not a "
				    "number of seconds (0 to keep every SA)\n",
				    optarg);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			idle = v;
			break;
		}
		case OPT_COLOR:
			color = optarg != NULL ? optarg : "always";
			if (parse_color(color, &oo.color) != 0) {
				fprintf(stderr,
				    "ikescope: --color: \"%s\" is not auto, "
				    "always or never\n",
				    optarg);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			break;
		case 't':
			tui = 1;
			break;
		case OPT_TUI_SCRIPT:
			free(script);
			if ((script = tui_read_script(optarg)) == NULL) {
				fprintf(stderr,
				    "ikescope: --tui-script: %s: %s\n", optarg,
				    strerror(errno));
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			break;
		case OPT_TUI_DUMP:
			tui_dump = optarg;
			break;
		case OPT_TUI_SIZE: {
			char c;

			if (sscanf(optarg, "%dx%d%c", &to.cols, &to.rows, &c) !=
				2 ||
			    to.cols < 1 || to.rows < 1 || to.cols > 4096 ||
			    to.rows > 4096) {
				fprintf(stderr,
				    "ikescope: --tui-size: \"%s\" is not "
				    "COLUMNSxROWS, e.g. 80x24\n",
				    optarg);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			break;
		}
		case 'w':
			wpath = optarg;
			break;
		case OPT_EXPORT_KEYS: {
			char   err[256];
			size_t alen = strlen(optarg);

			if (export_keys_check(optarg, err, sizeof(err)) != 0 ||
			    nexports >= MAX_EXPORTS) {
				if (nexports >= MAX_EXPORTS)
					snprintf(err, sizeof(err),
					    "at most %d --export-keys options",
					    MAX_EXPORTS);
				fprintf(stderr, "ikescope: %s\n", err);
				free(script);
				isc_keys_free(keys);
				return 1;
			}
			if (alen >= 2 && strcmp(optarg + alen - 2, ":-") == 0)
				to_stdout++;
			exports[nexports++] = optarg;
			break;
		}
		case OPT_SHOW_KEYS:
			oo.show_keys = 1;
			break;
		case OPT_IGNORE_ICV:
			opts.ignore_icv = 1;
			break;
		case 'h':
			usage(stdout);
			free(script);
			isc_keys_free(keys);
			return 0;
		case 'V':
			printf("ikescope %s\n", PACKAGE_VERSION);
			free(script);
			isc_keys_free(keys);
			return 0;
		default:
			isc_keys_free(keys);
			fputs("Try 'ikescope --help' for more information.\n",
			    stderr);
			return 1;
		}
	}
	if (keyerr != 0) {
		if (keyerr > 0)
			fprintf(stderr,
			    "ikescope: %d key %s with errors; fix %s and run "
			    "again (nothing was read)\n",
			    keyerr, keyerr == 1 ? "entry" : "entries",
			    keyerr == 1 ? "it" : "them");
		free(script);
		isc_keys_free(keys);
		return 1;
	}
	opts.keys = keys;
	if (color == NULL)
		(void)parse_color(NULL, &oo.color);
	if (tui &&
	    (json || ndjson || to_stdout > 0 ||
		(wpath != NULL && strcmp(wpath, "-") == 0))) {
		fputs("ikescope: --tui uses the terminal; --json, --ndjson, "
		      "-w - and --export-keys FMT:- write to standard output: "
		      "choose one\n",
		    stderr);
		free(script);
		isc_keys_free(keys);
		return 1;
	}
	if (!tui && (script != NULL || tui_dump != NULL)) {
		fputs("ikescope: --tui-script and --tui-dump go with --tui\n",
		    stderr);
		free(script);
		isc_keys_free(keys);
		return 1;
	}
	if (json && ndjson) {
		fputs("ikescope: --json and --ndjson both write to standard "
		      "output: choose one\n",
		    stderr);
		free(script);
		isc_keys_free(keys);
		return 1;
	}
	if (to_stdout + (wpath != NULL && strcmp(wpath, "-") == 0) > 1 ||
	    (ndjson &&
		to_stdout + (wpath != NULL && strcmp(wpath, "-") == 0) > 0)) {
		fputs("ikescope: only one of -w, --export-keys and --ndjson can "
		      "write to standard output (-)\n",
		    stderr);
		free(script);
		isc_keys_free(keys);
		return 1;
	}
	if (psk_cands == NULL && (npfiles > 0 || nortel != NULL || psk_flags)) {
		fputs("ikescope: --psk-params, --psk-nortel-user and "
		      "--psk-words go with --psk-candidates FILE\n",
		    stderr);
		rc = 1;
		goto out;
	}
	if (psk_cands != NULL &&
	    psk_prepare(psk_cands, &cf, pfiles, npfiles, nortel, &pl, &npl) !=
		0) {
		rc = 1;
		goto out;
	}
	if (optind >= argc && npl == 0) {
		fputs("ikescope: no capture file given\n"
		      "Try 'ikescope --help' for more information.\n",
		    stderr);
		rc = 1;
		goto out;
	}

	if (oo.verbose || tui)
		opts.esp_packets = 1; /* the browser lists ESP packets */
	/*
	 * --ndjson, the text report and -w stream: an SA idle long enough
	 * is reported and freed.  What needs every SA at the end (--json,
	 * the browser, --export-keys, --psk-candidates) keeps them all.
	 */
	if (!json && !tui && nexports == 0 && psk_cands == NULL)
		opts.idle_timeout = idle >= 0 ? idle : 3600;
	else if (idle > 0)
		fputs("ikescope: --idle-timeout does not apply with --json, "
		      "--tui, --export-keys or --psk-candidates; every SA is "
		      "kept\n",
		    stderr);
	a = isc_analysis_new(&opts);
	memset(&w, 0, sizeof(w));
	memset(&run, 0, sizeof(run));
	run.progress = isatty(STDERR_FILENO) && !ndjson && !tui;
	a->events.ctx = &run;
	if (run.progress)
		a->events.frame = on_frame;
	/* The text report, unless -w - has standard output. */
	if (!ndjson && !json && !tui && opts.idle_timeout > 0 &&
	    !(wpath != NULL && strcmp(wpath, "-") == 0) && to_stdout == 0 &&
	    optind < argc) {
		text_stream_init(&ts, stdout, &oo, opts.idle_timeout);
		run.ts = &ts;
		a->events.sa_done = on_sa_done;
		a->events.esp_done = on_esp_done;
	}
	if (ndjson) {
		ndjson_init(&nd, stdout, &oo);
		run.nd = &nd;
		a->events.ike_msg = on_ike_msg;
		a->events.sa_done = on_sa_done;
		a->events.esp_done = on_esp_done;
	}
	if (wpath != NULL) {
		char err[512];

		w.path = wpath;
		if ((w.pw = pcapng_open(wpath, "ikescope " PACKAGE_VERSION, err,
			 sizeof(err))) == NULL) {
			fprintf(stderr, "ikescope: -w: %s\n", err);
			isc_analysis_free(a);
			free(script);
			isc_keys_free(keys);
			return 1;
		}
		run.w = &w;
		a->events.frame = on_frame;
	}
	/*
	 * --tui alone opens the browser at once and reads the captures in
	 * it; what needs them read first (-w, --export-keys, the PSK
	 * check) reads them here.
	 */
	memset(&ld, 0, sizeof(ld));
	fill = tui && wpath == NULL && nexports == 0 && cf == NULL &&
	    optind < argc;
	if (fill) {
		ld.a = a;
		ld.files = argv + optind;
		ld.nfiles = argc - optind;
		if (!loader_open_next(&ld)) {
			fprintf(stderr, "ikescope: %s\n", ld.err);
			rc = 1;
		} else if (ld.failed) {
			fprintf(stderr, "ikescope: %s\n", ld.err);
			ld.failed = 0;
			rc = 1;
		}
	}
	for (i = optind; !fill && i < argc; i++) {
		char err[512];

		if (isc_analysis_read_file(a, argv[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "ikescope: %s\n", err);
			rc = 1;
		}
	}
	if (run.progress && run.last != 0)
		fputs("\r\033[K", stderr); /* the progress line goes */
	if (!fill)
		isc_analysis_finish(a);
	if (cf != NULL) {
		char err[256];

		pc = psk_check_new();
		psk_check_add_analysis(pc, a);
		for (j = 0; j < npl; j++)
			psk_check_add_params(pc, &pl[j].p, pl[j].origin);
		if (psk_check_run(pc, cf, psk_flags, err, sizeof(err)) != 0) {
			fprintf(stderr, "ikescope: --psk-candidates: %s: %s\n",
			    psk_cands, err);
			rc = 1;
		}
		oo.psk = pc;
		oo.psk_file = psk_cands;
	}
	if (w.pw != NULL) {
		char err[512];

		if (pcapng_close(w.pw, err, sizeof(err)) != 0) {
			fprintf(stderr, "ikescope: -w: %s\n", err);
			rc = 1;
		}
	}
	for (i = 0; rc == 0 && i < nexports; i++) {
		char err[512];

		if (export_keys_arg(a, exports[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "ikescope: %s\n", err);
			rc = 1;
		}
	}
	if (rc == 0 && tui) {
		FILE *df = stdout;

		if (tui_dump != NULL && (df = fopen(tui_dump, "w")) == NULL) {
			fprintf(stderr, "ikescope: --tui-dump: %s: %s\n",
			    tui_dump, strerror(errno));
			rc = 1;
		} else {
			to.show_keys = oo.show_keys;
			to.title = optind < argc ? argv[optind] : "";
			to.script = script;
			to.dump = df;
			ag.opts = opts;
			ag.opts.idle_timeout = 0;
			ag.files = argv + optind;
			ag.nfiles = argc - optind;
			/* Standard input cannot be read twice. */
			for (i = optind; i < argc; i++)
				if (strcmp(argv[i], "-") == 0)
					ag.off = 1;
			if (ag.nfiles <= 0)
				ag.off = 1;
			to.reanalyze = ag.off ? NULL : analyse_again;
			to.ctx = &ag;
			to.load = fill ? loader_load : NULL;
			to.load_ctx = &ld;
			if (tui_run(a, &to) != 0)
				rc = 1;
			if (ld.failed) {
				fprintf(stderr, "ikescope: %s\n", ld.err);
				rc = 1;
			}
			if (df != stdout && fclose(df) != 0) {
				fprintf(stderr,
				    "ikescope: --tui-dump: %s: %s\n", tui_dump,
				    strerror(errno));
				rc = 1;
			}
		}
	}
	/* -w - or --export-keys FMT:- puts its output on standard output: no
	   report there. */
	if (rc == 0 && !tui && !(wpath != NULL && strcmp(wpath, "-") == 0) &&
	    to_stdout == 0) {
		/* Only --psk-params lines: the PSK section alone. */
		if ((ndjson		   ? ndjson_finish(&nd, a) :
			    json	   ? output_json(stdout, a, &oo) :
			    optind >= argc ? psk_check_text(stdout, pc,
						 psk_cands, oo.show_keys) :
			    run.ts != NULL ? text_stream_finish(&ts, a) :
					     output_text(stdout, a, &oo)) !=
			0 ||
		    fflush(stdout) != 0) {
			fprintf(stderr, "ikescope: writing output: %s\n",
			    strerror(errno));
			rc = 1;
		}
	}
	if (run.ts != NULL)
		text_stream_free(&ts);
	isc_reader_close(ld.r); /* the browser quit while reading */
#ifdef FREE_AT_EXIT
	isc_analysis_free(a);
#else
	isc_analysis_wipe(a); /* and the memory goes with the process */
#endif
out:
	psk_check_free(pc);
	if (cf != NULL && cf != stdin)
		fclose(cf);
	for (j = 0; j < npl; j++) {
		psk_params_free(&pl[j].p);
		free(pl[j].origin);
	}
	free(pl);
	free(script);
	again_free(&ag);
	isc_keys_free(keys);
	return rc;
}
