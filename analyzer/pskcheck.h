/*
 * pskcheck.h - which of a list of candidates is an IKE SA's pre-shared
 * key (--psk-candidates FILE), per SA and per side:
 *
 *  - IKEv1 HASH_I / HASH_R in clear (Aggressive Mode), or decrypted by
 *    the analysis (final keys given): with the candidate alone,
 *	SKEYID = prf(PSK, Ni_b | Nr_b)
 *	HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
 *    as psk-crack computes it (psk_params.h), Nortel variant included;
 *  - IKEv1 HASH in an encrypted Phase 1 message (Main Mode 5 and 6,
 *    Aggressive Mode 3) when a DH value fits the SA: SKEYID, SKEYID_d,
 *    SKEYID_a, SKEYID_e and Ka per candidate, one cipher block decrypted
 *    as a filter, then the HASH verified;
 *  - IKEv2 AUTH (shared key) once the analysis decrypted IKE_AUTH (a DH
 *    value or final keys): the signed octets do not depend on the PSK and
 *    are made once;
 *	AUTH = prf(prf(PSK, "Key Pad for IKEv2"), <signed octets>).
 *
 * Work per candidate is what HMAC requires and no more: every prf is keyed
 * with the candidate (or a key derived from it), and HMAC's inner hash
 * starts with the key block, so the fixed data has to be hashed again for
 * each key.  What is done once per target: the data of every prf laid
 * out behind a key-pad slot (no copy, no allocation per candidate), the
 * expected value, the IKEv2 signed octets.
 *
 *	struct psk_check *c = psk_check_new();
 *	psk_check_add_analysis(c, a);		after isc_analysis_finish()
 *	psk_check_run(c, fp, 0, err, sizeof(err));
 *	psk_check_text(stdout, c, "words.txt", show_keys);
 *	psk_check_free(c);
 */
#ifndef IKESCOPE_PSKCHECK_H
#define IKESCOPE_PSKCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis.h"
#include "keymat.h"
#include "psk_params.h"

/* Longest candidate (bytes); longer lines are skipped and counted. */
#define PSK_CAND_MAX 4096

/* Candidate lines: the whole line without its CR/LF (default), or cut at
   the first white space or NUL as psk-crack does. */
#define PSK_CAND_PSKCRACK 0x1

/*
 * One candidate against one parameter set, computed the plain way
 * (crypto_hmac): 1 when cand is the PSK, 0 when not, -1 when the hash is
 * unknown.
 */
int psk_try(const struct psk_params *p, const uint8_t *cand, size_t len);

/* ---- many candidates against many targets ---- */

struct psk_cracker;

struct psk_found {
	int	 found;
	uint8_t *psk; /* owned, NUL-terminated after len bytes */
	size_t	 len;
	uint64_t line; /* 1-based line of the candidate file; 0 if not read
			  from one */
};

struct psk_crack_stats {
	uint64_t lines;	   /* candidate lines read */
	uint64_t tried;	   /* candidates tried (a target each, or more) */
	uint64_t too_long; /* lines over PSK_CAND_MAX, skipped */
	double	 seconds;
};

/*
 * IKEv1 HASH in an encrypted Phase 1 message (inputs are copied): the
 * cipher in IKEv2 terms, the SKEYID inputs, and the message.
 */
struct psk_v1_enc {
	uint16_t	     hash;	    /* IKEv1 hash algorithm */
	uint16_t	     encr;	    /* IKEv2 ENCR ID of the cipher */
	size_t		     keylen, block; /* key bytes, cipher block */
	const uint8_t	    *cky_i, *cky_r; /* 8 bytes each */
	struct km_buf	     ni, nr, gxi, gxr, sai;
	const struct km_buf *gxy; /* DH shared secrets to try */
	size_t		     ngxy;
	struct km_buf  id;    /* the sender's ID body when the message has none
			       (Aggressive Mode 3); p NULL otherwise */
	const uint8_t *iv;    /* block bytes */
	struct km_buf  ct;    /* the encrypted body, whole blocks */
	uint8_t	       first; /* the header's next payload */
	int	       initiator; /* HASH_I (1) or HASH_R (0) */
};

struct psk_cracker *psk_cracker_new(void);
void		    psk_cracker_free(struct psk_cracker *);

/*
 * Targets (inputs are copied); each returns its index (0, 1, ...) or -1
 * when it cannot be checked (unknown hash or PRF, lengths that do not
 * fit).
 */
int psk_cracker_add_params(struct psk_cracker *, const struct psk_params *);
int psk_cracker_add_v1_enc(struct psk_cracker *, const struct psk_v1_enc *);
/* IKEv2: prf transform ID, the signed octets, the AUTH data (after the
   method and reserved bytes). */
int psk_cracker_add_v2_auth(struct psk_cracker *, uint16_t prf,
    const uint8_t *octets, size_t octets_len, const uint8_t *auth,
    size_t auth_len);

size_t psk_cracker_count(const struct psk_cracker *);
size_t psk_cracker_left(const struct psk_cracker *); /* not found yet */

/*
 * One candidate against every target not found yet; returns how many it
 * matched (their results record line).
 */
size_t psk_cracker_try(struct psk_cracker *, const uint8_t *cand, size_t len,
    uint64_t line);

/*
 * Candidates from a file, one per line, until every target is found or
 * the file ends.  Memory is bounded (a 64 KiB buffer).  0, or -1 on a
 * read error (stats filled either way; stats may be NULL).
 */
int psk_crack_stream(struct psk_cracker *, FILE *candidates, unsigned flags,
    struct psk_crack_stats *stats);

const struct psk_found *psk_cracker_result(const struct psk_cracker *,
    size_t target);

/*
 * One parameter set against a candidate file: 1 with the PSK in *psk
 * (malloc'ed, NUL-terminated; free it), its length and line; 0 when no
 * line matches; -1 on a read error or unusable params.
 */
int psk_crack_file(const struct psk_params *p, FILE *candidates, unsigned flags,
    uint8_t **psk, size_t *len, uint64_t *line);

/* ---- per SA and side, for the report ---- */

enum psk_side_state {
	PSK_SIDE_NONE = 0,  /* not part of this item (a parameter line) */
	PSK_SIDE_FOUND,	    /* a candidate verifies */
	PSK_SIDE_NOT_FOUND, /* checked against every candidate: none does */
	PSK_SIDE_UNCHECKED, /* what the check needs is missing (why) */
	PSK_SIDE_NOT_PSK,   /* authenticated by other means (why) */
};

struct psk_side {
	enum psk_side_state state;
	const char	   *check; /* "HASH_I", "HASH_R", "AUTH" */
	/* what the check uses besides the candidate: "psk_only",
	   "dh_value", "ike_auth_keys" (IKEv2 SK_p); NULL unchecked */
	const char    *needs;
	uint64_t       frame; /* of the message checked; 0 unknown */
	const char    *why;   /* UNCHECKED, NOT_PSK: a phrase (static) */
	const uint8_t *psk;   /* FOUND: owned by the psk_check */
	size_t	       psk_len;
	uint64_t       line;   /* FOUND: candidate line */
	int	       target; /* cracker target, -1 none */
};

#define PSK_NO_SA ((size_t)-1)

struct psk_item {
	size_t		sa_index; /* in isc_analysis.sas, or PSK_NO_SA */
	char	       *origin;	  /* a parameter line: "FILE:LINE" */
	uint8_t		version;  /* IKE version */
	uint8_t		exch;	  /* IKEv1 Phase 1: 2 Main, 4 Aggressive */
	uint16_t	hash;	  /* parameter line: its hash */
	uint8_t		spi_i[8];
	struct psk_side side[2]; /* by role: [1] initiator, [0] responder */
};

struct psk_check;

struct psk_check *psk_check_new(void);
void		  psk_check_free(struct psk_check *);

/*
 * Every IKE SA of a finished analysis: a target for each side that can
 * be checked, the reason for the others.  DH values come from the
 * analysis' key store (dh lines); the analysis is not changed.
 */
void psk_check_add_analysis(struct psk_check *, const struct isc_analysis *);

/* One psk-crack parameter line; origin is copied (e.g. "x.params:3"). */
int psk_check_add_params(struct psk_check *, const struct psk_params *,
    const char *origin);

/* Read the candidates and fill the results; 0, or -1 with err. */
int psk_check_run(struct psk_check *, FILE *candidates, unsigned flags,
    char *err, size_t errlen);

size_t		       psk_check_count(const struct psk_check *);
const struct psk_item *psk_check_item(const struct psk_check *, size_t i);
const struct psk_crack_stats *psk_check_stats(const struct psk_check *);

/*
 * The text report section (see ikescope(1)); name is the candidate file
 * as given.  A PSK found is written only with show_psk (--show-keys);
 * else its candidate line.  0, or -1 on a write error.
 */
int psk_check_text(FILE *out, const struct psk_check *, const char *name,
    int show_psk);

/* How the text report writes a PSK: "text" with C escapes, or 0xHEX
   when it is not mostly printable.  Returns out. */
char *psk_quote(const uint8_t *psk, size_t len, char *out, size_t outlen);

/* Names for the report and JSON: "found", "not_found", "unchecked",
   "not_psk", "none". */
const char *psk_side_state_name(enum psk_side_state);

#endif
