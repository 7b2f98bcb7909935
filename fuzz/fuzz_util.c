/*
 * fuzz_util.c - helpers of fuzz.h: a null output stream and a private
 * scratch directory for targets whose code under test reads a file.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analyzer/keys.h"
#include "fuzz.h"

static char scratch[PATH_MAX];
static char path[PATH_MAX];

FILE *
fuzz_null_stream(void)
{
	static FILE *null;

	/* FUZZ_SHOW_OUTPUT=1: standard output instead, to see what a
	   target made of an input. */
	if (null == NULL)
		null = getenv("FUZZ_SHOW_OUTPUT") != NULL ?
		    stdout :
		    fopen("/dev/null", "w");
	return null;
}

/* Remove the scratch directory and what the targets wrote in it. */
static void
scratch_remove(void)
{
	DIR	      *d;
	struct dirent *e;
	char	       p[PATH_MAX + 256];

	if (scratch[0] == '\0' || (d = opendir(scratch)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", scratch, e->d_name);
		(void)unlink(p);
	}
	closedir(d);
	(void)rmdir(scratch);
}

const char *
fuzz_scratch_path(const char *name)
{
	const char *tmp;

	if (scratch[0] == '\0') {
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    getenv("TMPDIR") != NULL	    ? getenv("TMPDIR") :
						      "/tmp";
		snprintf(scratch, sizeof(scratch), "%s/ikescope-fuzz.XXXXXX",
		    tmp);
		if (mkdtemp(scratch) == NULL) {
			scratch[0] = '\0';
			return NULL;
		}
		atexit(scratch_remove);
	}
	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	return path;
}

const char *
fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	FILE *f;

	if (fuzz_scratch_path(name) == NULL)
		return NULL;
	if ((f = fopen(path, "wb")) == NULL)
		return NULL;
	if (size > 0 && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return NULL;
	}
	if (fclose(f) != 0)
		return NULL;
	return path;
}

struct isc_keys *
fuzz_keys(const char *text)
{
	struct isc_keys *k = isc_keys_new();
	char		 line[1024], err[256];
	const char	*p = text, *nl;
	unsigned	 no = 0;
	size_t		 n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (isc_keys_parse_line(k, "fuzz-keys", ++no, line, err,
			sizeof(err)) != 0) {
			fprintf(stderr, "fuzz-keys:%u: %s\n", no, err);
			abort();
		}
		p += n + (nl != NULL);
	}
	return k;
}
