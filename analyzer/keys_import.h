/*
 * keys_import.h - keys from other tools into a key store (keys.h): what
 * a key file's `import FORMAT PATH` line reads (DESIGN.md "Key file",
 * "Interoperability formats").
 *
 *	n = isc_keys_import(k, "wireshark", "/home/me/.config/wireshark",
 *	    stderr);	0: all imported; > 0: bad records; -1: unreadable
 *
 * Formats:
 *   wireshark   a Wireshark profile directory holding any of
 *               ikev1_decryption_table, ikev2_decryption_table and esp_sa
 *               (user access tables), or one such file;
 *   tcpdump     a tcpdump -E secrets file: "SPI@DST ALGO:SECRET" ESP
 *               lines and "ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY
 *               ENCR:0xKEY" lines;
 *   xfrm        the output of `ip xfrm state` (with or without -s, -o);
 *   charon-log  a strongSwan charon log (keys_charon.c).
 *
 * Every record becomes the key-file line that says the same
 * ("esp ...", "ikev2 ...", "ikev1 ...", "ah ...") and goes through
 * isc_keys_parse_line() as line LINE of PATH: the checks and messages
 * are the key file's, and each entry's origin is "PATH:LINE", the
 * record's place in the imported file.
 */
#ifndef IKESCOPE_KEYS_IMPORT_H
#define IKESCOPE_KEYS_IMPORT_H

#include <stddef.h>
#include <stdio.h>

struct isc_keys;

/*
 * Import PATH, in FORMAT (a name above, case-insensitive), into k.  Each
 * bad record is reported on errs (may be NULL) as "PATH:LINE: message"
 * and skipped; the return value is the number of bad records, or -1 when
 * nothing could be read: PATH missing or unreadable, an unknown format,
 * a file that holds no keys of that format (reported as "PATH: reason").
 */
int isc_keys_import(struct isc_keys *k, const char *format, const char *path,
    FILE *errs);

/*
 * The same, for keys.c's import line: when the result is -1, the reason
 * is put in why (without a "PATH: " prefix; empty when the importer
 * printed it on errs itself) instead of being printed.
 */
int isc_keys_import_why(struct isc_keys *k, const char *format,
    const char *path, FILE *errs, char *why, size_t whylen);

#endif
