/*
 * fuzz_keyfile.c - the key file parser (analyzer/keys.c): the input is
 * a key file, read by isc_keys_load_file() as the -k option reads one.
 *
 * Every '/' of the input is made '_' first, so the paths of `rsa` and
 * `import` lines stay names in the scratch directory (relative to the
 * key file) and never reach the rest of the file system.  A file named
 * "keys" (the key file itself) is there to be imported or read.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyzer/keys.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_keys *k;
	const char	*path;
	uint8_t		*buf;
	size_t		 i;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	for (i = 0; i < size; i++)
		buf[i] = data[i] == '/' ? '_' : data[i];
	path = fuzz_write_file("keys", buf, size);
	free(buf);
	if (path == NULL || (k = isc_keys_new()) == NULL)
		return 0;
	(void)isc_keys_load_file(k, path, fuzz_null_stream());
	isc_keys_free(k);
	return 0;
}
