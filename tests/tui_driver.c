/*
 * tui_driver.c - reads captures and runs the browser (ui/tui.c), on the
 * terminal or headless with a key script, for tests/tui.sh.  Keys typed
 * in the browser (K) are added as in ikescope: the -k files are read
 * again into a new store, the lines typed so far after them.
 *
 *	tui_driver [-k KEYS]... [-s SCRIPT | -S FILE] [-g COLSxROWS]
 *	    [-o DUMP] CAPTURE...
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analyzer/analysis.h"
#include "../analyzer/crypto.h"
#include "../analyzer/keys.h"
#include "../analyzer/util.h"
#include "../ui/tui.h"

#define MAX_KEYFILES 16

struct again {
	struct isc_options opts;
	char *const	  *files;
	int		   nfiles;
	const char	  *keyfiles[MAX_KEYFILES];
	int		   nkeyfiles;
	char		 **lines;
	size_t		   nlines;
	struct isc_keys	 **stores;
	size_t		   nstores;
};

static struct isc_analysis *
again(void *ctx, const char *line, char *err, size_t errlen)
{
	struct again	    *g = ctx;
	struct isc_keys	    *k = isc_keys_new();
	struct isc_analysis *a;
	size_t		     i;
	int		     j;

	for (j = 0; j < g->nkeyfiles; j++)
		if (isc_keys_load_file(k, g->keyfiles[j], NULL) != 0) {
			snprintf(err, errlen, "%s: read again", g->keyfiles[j]);
			goto bad;
		}
	for (i = 0; i < g->nlines; i++)
		if (isc_keys_parse_line(k, "typed", (unsigned)i + 1,
			g->lines[i], err, errlen) != 0)
			goto bad;
	if (isc_keys_parse_line(k, "typed", (unsigned)i + 1, line, err,
		errlen) != 0)
		goto bad;
	g->opts.keys = k;
	a = isc_analysis_new(&g->opts);
	for (j = 0; j < g->nfiles; j++)
		if (isc_analysis_read_file(a, g->files[j], err, errlen) != 0) {
			isc_analysis_free(a);
			goto bad;
		}
	isc_analysis_finish(a);
	g->stores =
	    xreallocarray(g->stores, g->nstores + 1, sizeof(*g->stores));
	g->stores[g->nstores++] = k;
	g->lines = xreallocarray(g->lines, g->nlines + 1, sizeof(*g->lines));
	g->lines[g->nlines++] = xstrdup(line);
	return a;
bad:
	isc_keys_free(k);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct isc_options   opts;
	struct tui_opts	     to;
	struct isc_analysis *a;
	struct isc_keys	    *keys = NULL;
	char		    *script = NULL, err[512];
	const char	    *out = NULL;
	FILE		    *df = NULL;
	struct again	     g;
	int		     ch, rc = 0, i;
	size_t		     j;

	memset(&opts, 0, sizeof(opts));
	memset(&to, 0, sizeof(to));
	memset(&g, 0, sizeof(g));
	while ((ch = getopt(argc, argv, "k:s:S:g:o:")) != -1) {
		switch (ch) {
		case 'k':
			if (keys == NULL)
				keys = isc_keys_new();
			if (isc_keys_load_file(keys, optarg, stderr) != 0 ||
			    g.nkeyfiles == MAX_KEYFILES)
				return 2;
			g.keyfiles[g.nkeyfiles++] = optarg;
			break;
		case 's':
			free(script);
			script = strdup(optarg);
			break;
		case 'S':
			free(script);
			if ((script = tui_read_script(optarg)) == NULL) {
				perror(optarg);
				return 2;
			}
			break;
		case 'g':
			if (sscanf(optarg, "%dx%d", &to.cols, &to.rows) != 2)
				return 2;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("usage: tui_driver [-k KEYS] [-s SCRIPT | -S FILE] "
		      "[-g COLSxROWS] [-o DUMP] CAPTURE...\n",
		    stderr);
		return 2;
	}
	opts.keys = keys;
	opts.esp_packets = 1;
	a = isc_analysis_new(&opts);
	for (i = optind; i < argc; i++)
		if (isc_analysis_read_file(a, argv[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "tui_driver: %s\n", err);
			rc = 2;
		}
	isc_analysis_finish(a);
	g.opts = opts;
	g.files = argv + optind;
	g.nfiles = argc - optind;
	to.reanalyze = again;
	to.ctx = &g;
	to.title = strrchr(argv[optind], '/') ? strrchr(argv[optind], '/') + 1 :
						argv[optind];
	if (script != NULL) {
		to.script = script;
		df = out != NULL ? fopen(out, "w") : stdout;
		if (df == NULL) {
			perror(out);
			rc = 2;
			goto done;
		}
		to.dump = df;
	}
	if (rc == 0 && tui_run(a, &to) != 0)
		rc = 1;
	if (df != NULL && df != stdout)
		fclose(df);
done:
	isc_analysis_free(a);
	isc_keys_free(keys);
	for (j = 0; j < g.nstores; j++)
		isc_keys_free(g.stores[j]);
	for (j = 0; j < g.nlines; j++)
		crypto_free_wiped(g.lines[j], strlen(g.lines[j]) + 1);
	free(g.stores);
	free(g.lines);
	free(script);
	return rc;
}
