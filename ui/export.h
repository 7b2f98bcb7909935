/*
 * export.h - --export-keys: the keys of a finished analysis in the
 * formats other tools read (DESIGN.md "Interoperability formats").
 *
 *	wireshark  PATH is a directory (created if missing) that receives
 *		   ikev1_decryption_table, ikev2_decryption_table and esp_sa,
 *		   the three UAT files of Wireshark/tshark 4.0 (use it as
 *		   WIRESHARK_CONFIG_DIR, or copy the files to a profile)
 *	tcpdump	   `tcpdump -E file PATH`: ESP lines `0xSPI@DST ALGO:0xKEY`
 *		   and IKEv2 lines `ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY
 *		   ENCR:0xKEY`, for what tcpdump can decrypt (CBC ciphers,
 *		   no ICV or a 96-bit one for ESP)
 *	keys	   ikescope's own key file (ikev1, ikev2, esp and ah lines):
 *		   `ikescope -k PATH CAPTURE` needs no PSK or DH value
 *	psk-crack  one line per IKEv1 Aggressive Mode PSK exchange,
 *		   g_xr:g_xi:cky_r:cky_i:sai_b:idir_b:ni_b:nr_b:hash_r (hex),
 *		   as ike-scan's psk-crack and hashcat modes 5300/5400 read it
 *
 * PATH "-" writes to standard output (all but wireshark).  Keys are those
 * the analysis derived or was given and that verified (IKE SA keys in
 * state derived or provided, child SAs with derived keys, ESP SAs bound to
 * a key-file line).  What a format cannot express is left out, with a
 * comment line in the file where the format has comments, and a note on
 * standard error.  Files are created with mode 0600 (they hold secrets).
 */
#ifndef IKESCOPE_EXPORT_H
#define IKESCOPE_EXPORT_H

#include <stddef.h>

struct isc_analysis;

/*
 * Write every key the analysis derived or was given, in format fmt
 * ("wireshark", "tcpdump", "keys", "psk-crack") to path (a directory for
 * wireshark, created if missing; a file, or "-" for stdout, otherwise).
 * 0, or -1 with a message in err.
 */
int export_keys(const struct isc_analysis *a, const char *fmt, const char *path,
    char *err, size_t errlen);

/* The same, with FMT:PATH in one string as --export-keys takes it. */
int export_keys_arg(const struct isc_analysis *a, const char *arg, char *err,
    size_t errlen);

/*
 * Check FMT:PATH before any capture is read (a known format, a non-empty
 * path, "-" not for wireshark).  0, or -1 with a message in err.
 */
int export_keys_check(const char *arg, char *err, size_t errlen);

#endif
