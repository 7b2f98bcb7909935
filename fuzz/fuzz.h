/*
 * fuzz.h - what the fuzz targets share: the libFuzzer entry point, and
 * helpers for targets whose code under test reads files or writes to a
 * stream.
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput().  With --enable-fuzzing
 * (clang) it is linked with -fsanitize=fuzzer; in every build it is also
 * linked with replay.c, whose main() runs it once on each file named on
 * the command line (or found in a directory named there), so `make
 * check` replays the corpora under whatever sanitizers the build has.
 */
#ifndef IKESCOPE_FUZZ_H
#define IKESCOPE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct isc_keys;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stream that discards what is written to it (opened once), or
   standard output when FUZZ_SHOW_OUTPUT is set. */
FILE *fuzz_null_stream(void);

/*
 * Write data to a file called name in a private directory made once per
 * process (removed at exit), and return the file's path (static
 * storage, valid until the next call), or NULL.
 */
const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

/* The path of name in that directory (static storage), or NULL. */
const char *fuzz_scratch_path(const char *name);

/*
 * A key store holding the key-file lines of text (newline-separated);
 * a line that does not parse is a bug of the target (reported on
 * stderr, and the process aborts so the target is fixed).
 */
struct isc_keys *fuzz_keys(const char *text);

#endif
