/*
 * keys_charon.h - keys from a strongSwan charon debug log, for the key
 * file's `import charon-log PATH` directive.
 *
 * charon prints the keys it derives when its "ike" and "chd" log groups
 * are at level 4 (filelog or syslog; mgr at 2 and chd at 2 name the SAs
 * they belong to).  Each key becomes the key-file entry a user would
 * write, parsed by isc_keys_parse_line() with the log's name and the
 * line where the key's dump starts as its origin:
 *
 *	dh    SPI_I shared HEX			IKE SA (and PFS) DH secrets
 *	ikev1 SPI_I KA				IKEv1 Phase 1
 *	ikev2 SPI_I SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG
 *	esp   SPI ENCR KEY INTEG KEY SRC DST	each CHILD_SA direction
 */
#ifndef IKESCOPE_KEYS_CHARON_H
#define IKESCOPE_KEYS_CHARON_H

#include <stdio.h>

struct isc_keys;

/*
 * Read a strongSwan charon debug log (ike/chd at level 4) and add the
 * keys it shows to k, as key-file entries: ikev1 SPI_I KA, ikev2 SPI_I
 * SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG, esp SPI ENCR KEY INTEG KEY
 * [SRC [DST]], and dh SPI_I shared HEX where the shared secret is
 * logged.  Problems reported on errs as "FILE:LINE: message"; returns
 * the number of problems, -1 when unreadable.
 */
int isc_keys_import_charon(struct isc_keys *k, const char *path, FILE *errs);

#endif
