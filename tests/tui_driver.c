/*
 * tui_driver.c - reads captures and runs the browser (ui/tui.c), on the
 * terminal or headless with a key script, for tests/tui.sh.
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
#include "../analyzer/keys.h"
#include "../ui/tui.h"

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
	int		     ch, rc = 0, i;

	memset(&opts, 0, sizeof(opts));
	memset(&to, 0, sizeof(to));
	while ((ch = getopt(argc, argv, "k:s:S:g:o:")) != -1) {
		switch (ch) {
		case 'k':
			if (keys == NULL)
				keys = isc_keys_new();
			if (isc_keys_load_file(keys, optarg, stderr) != 0)
				return 2;
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
	free(script);
	return rc;
}
