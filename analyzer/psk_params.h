/*
 * psk_params.h - the inputs of an IKEv1 pre-shared key check, as
 * ike-scan's psk-crack reads and writes them: one line of nine
 * colon-separated hex fields
 *
 *	g_xr:g_xi:cky_r:cky_i:sai_b:idir_b:ni_b:nr_b:hash_r
 *
 * with which (RFC 2409 5, psk-crack's compute_hash())
 *
 *	SKEYID = prf(PSK, ni_b | nr_b)
 *	hash_r = prf(SKEYID, g_xr | g_xi | cky_r | cky_i | sai_b | idir_b)
 *
 * and prf = HMAC of the hash named by hash_r's length (16 MD5, 20 SHA1;
 * psk-crack knows only these two; 32, 48 and 64 are read as SHA2-256,
 * -384 and -512).  "_b" values are payload bodies without the generic
 * payload header.
 *
 * The line is positional, so it also carries the initiator's HASH_I:
 * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b), so
 * with from == ISC_ROLE_INITIATOR the fields hold the initiator's view
 * (g_xr holds g^xi, g_xi holds g^xr, cky_r holds CKY-I, cky_i holds
 * CKY-R, idir_b holds IDii_b, hash_r holds HASH_I; sai_b, ni_b and nr_b
 * are the same for both sides).  psk-crack cracks such a line like any
 * other.
 *
 * Nortel Contivity's variant (psk-crack --norteluser=USER) is not in the
 * line: set nortel_user, and the PSK becomes HMAC-SHA1(SHA1(password),
 * USER) before SKEYID.
 *
 *	struct psk_params p;
 *	if (psk_params_parse_line(line, &p, err, sizeof(err)) == 0) ...
 *	if (psk_params_from_sa(sa, &p) == 0) psk_params_format(&p, stdout);
 *	psk_params_free(&p);
 */
#ifndef IKESCOPE_PSK_PARAMS_H
#define IKESCOPE_PSK_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* Longest line psk_params_read() accepts (psk-crack's own limit is 4095). */
#define PSK_PARAMS_LINE_MAX 65536

/* One field: owned bytes. */
struct psk_field {
	uint8_t *p;
	size_t	 len;
};

struct psk_params {
	/* psk-crack's fields, in line order (see above for HASH_I) */
	struct psk_field g_xr, g_xi, cky_r, cky_i, sai_b, idir_b, ni_b, nr_b;
	struct psk_field hash_r;
	/* IKEv1 hash algorithm (attribute 2): 1 MD5, 2 SHA1, 4 SHA2-256,
	   5 SHA2-384, 6 SHA2-512; from hash_r's length for a parsed line */
	uint16_t      hash;
	enum isc_role from; /* whose hash: RESPONDER (HASH_R) or INITIATOR */
	char	     *nortel_user; /* NULL: RFC 2409 SKEYID (owned) */
	/* Where it came from (frame of the HASH; 0 for a parsed line). */
	uint64_t frame;
};

/* A zeroed set (nothing owned). */
void psk_params_init(struct psk_params *);
void psk_params_free(struct psk_params *);

/*
 * Parse one line (a trailing CR/LF and surrounding blanks are ignored).
 * Returns 0 with the fields in out; 1 for a line psk-crack skips (empty,
 * or starting with '#'); -1 with a message in err for anything else:
 * not 9 fields, an empty field, odd-length or non-hex digits, cookies
 * that are not 8 bytes, a hash_r that is not 16, 20, 32, 48 or 64 bytes.
 * out is initialised in every case (free it with psk_params_free()).
 */
int psk_params_parse_line(const char *line, struct psk_params *out, char *err,
    size_t errlen);

/*
 * The next parameter line of a file (comments and blank lines skipped):
 * 1 with out filled, 0 at end of file, -1 with a message in err (a bad
 * line, a line longer than PSK_PARAMS_LINE_MAX, a read error).  *lineno
 * counts lines read; start it at 0.  A bad line does not end the file:
 * call again for the next one.
 */
int psk_params_read(FILE *f, struct psk_params *out, unsigned long *lineno,
    char *err, size_t errlen);

/*
 * The responder's HASH_R of a captured IKEv1 Phase 1 exchange with
 * pre-shared key authentication: Aggressive Mode (HASH_R is in clear), or
 * Main Mode once the analysis decrypted it (e.g. with only the final key,
 * `ikev1 SPI_I KA`: the line then needs no DH value).  0 with out filled,
 * -1 when the SA has none (not IKEv1, not PSK, encrypted, a message
 * missing).
 */
int psk_params_from_sa(const struct isc_ike_sa *sa, struct psk_params *out);

/*
 * The same for either side: from ISC_ROLE_RESPONDER gives HASH_R (AM2,
 * MM6), ISC_ROLE_INITIATOR HASH_I (AM3, MM5), in clear or decrypted by
 * the analysis.  On -1, *why (when why is not NULL) says why in a phrase
 * (static text).
 */
int psk_params_from_sa_side(const struct isc_ike_sa *sa, enum isc_role from,
    struct psk_params *out, const char **why);

/* Set (or with NULL clear) the Nortel username; 0, or -1 when empty. */
int psk_params_set_nortel_user(struct psk_params *, const char *user);

/*
 * 1 when psk-crack can use the line: an MD5 or SHA1 hash (psk-crack
 * knows no other).
 */
int psk_params_pskcrack_ok(const struct psk_params *);

/* Write the line (lowercase hex, newline-terminated); 0, -1 on error. */
int psk_params_format(const struct psk_params *, FILE *out);

/* The IKEv1 hash's name ("MD5", "SHA1", "SHA2-256"...); "?" if unknown. */
const char *psk_params_hash_name(uint16_t hash);

#endif
