/*
 * replay.c - runs a fuzz target without libFuzzer: LLVMFuzzerTestOneInput()
 * once on each file named on the command line, and on each regular file
 * of each directory named there (not recursively), in name order.  Every
 * input is copied into a buffer of its exact size, so a sanitizer sees a
 * read past its end.  Built with each target as a check program, it
 * replays the corpora in `make check` (tests/fuzz_replay.sh).
 *
 * Exit status 0 when every input was run, 1 when a file could not be
 * read; a crash or a sanitizer report ends the process as it would end
 * the fuzzer.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
run_file(const char *path, int verbose)
{
	FILE	*f;
	uint8_t *buf = NULL, *nb;
	size_t	 len = 0, cap = 0, got;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap != 0 ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n",
				    path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* exactly len bytes, so reading past the input is caught */
	nb = malloc(len > 0 ? len : 1);
	if (nb == NULL) {
		free(buf);
		return -1;
	}
	if (len > 0)
		memcpy(nb, buf, len);
	free(buf);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	(void)LLVMFuzzerTestOneInput(nb, len);
	free(nb);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, int verbose, unsigned long *n)
{
	DIR	      *d;
	struct dirent *e;
	struct stat    st;
	char	     **names = NULL, **nn, *p;
	size_t	       count = 0, cap = 0, i;
	int	       rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (count == cap) {
			cap = cap != 0 ? cap * 2 : 256;
			if ((nn = realloc(names, cap * sizeof(*names))) ==
			    NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((p = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
			rc = -1;
			break;
		}
		sprintf(p, "%s/%s", dir, e->d_name);
		names[count++] = p;
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof(*names), name_cmp);
	for (i = 0; i < count; i++) {
		if (rc == 0 && stat(names[i], &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			if (run_file(names[i], verbose) != 0)
				rc = -1;
			else
				(*n)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat   st;
	unsigned long n = 0;
	int	      i, rc = 0, verbose = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr,
		    "usage: %s [-v] FILE|DIR...\n"
		    "runs the fuzz target once on each input\n",
		    argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], verbose, &n) != 0)
				rc = 1;
		} else if (run_file(argv[i], verbose) != 0)
			rc = 1;
		else
			n++;
	}
	printf("replay: %lu inputs run\n", n);
	return rc;
}
