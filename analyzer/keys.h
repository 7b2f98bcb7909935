/*
 * keys.h - key sources: the key file of DESIGN.md ("Key file"), -p
 * secrets, and imports from other tools (keys_import.h; an `import`
 * line of a key file reads them into the same store).  A key store is a
 * list of candidates; the analyzer tries each where it fits and records
 * what it was used for, so that unused or wrong entries can be reported.
 *
 *	struct isc_keys *k = isc_keys_new();
 *	n = isc_keys_load_file(k, "lab.keys", errs);	0: no errors
 *	isc_keys_add_psk(k, "-p", 0, "0x6b6579");
 *	...
 *	isc_keys_free(k);
 *
 * Every secret is stored as bytes; texts are wiped when the store is freed.
 */
#ifndef IKESCOPE_KEYS_H
#define IKESCOPE_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* Where an entry came from, for messages: "lab.keys:12" or "-p". */
struct isc_key_origin {
	const char *file; /* owned by the store; "-p" for the command line */
	unsigned    line; /* 0 for the command line */
};

struct isc_key_psk {
	struct isc_key_origin at;
	uint8_t		     *v;
	size_t		      len;
	char		     *peer; /* NULL: any SA; else an IP address or
					   an ID value (compared as text) */
	unsigned	      used; /* SAs it verified on */
};

struct isc_key_dh {
	struct isc_key_origin at;
	uint8_t		      spi_i[8];
	uint8_t		      any_sa; /* "*" */
	uint8_t		      shared; /* 1: g^xy given; 0: a private value */
	uint8_t		     *v;
	size_t		      len;
	unsigned	      used;
};

struct isc_key_rsa {
	struct isc_key_origin at;
	char		     *path;
	uint8_t		     *der; /* the file's contents (PEM or DER) */
	size_t		      der_len;
	unsigned	      used;
};

struct isc_key_v1 {
	struct isc_key_origin at;
	uint8_t		      spi_i[8];
	uint8_t		     *ka; /* final encryption key */
	size_t		      ka_len;
	unsigned	      used;
};

struct isc_key_v2 {
	struct isc_key_origin at;
	uint8_t		      spi_i[8];
	uint8_t		      spi_r[8];
	uint16_t	      encr;  /* IKEv2 ENCR transform ID */
	uint16_t	      integ; /* IKEv2 INTEG transform ID; 0 NONE */
	uint8_t		     *sk_ei, *sk_er, *sk_ai, *sk_ar;
	size_t		      ek_len; /* each encryption key, salt included */
	size_t		      ak_len; /* each integrity key */
	unsigned	      used;
};

struct isc_key_esp {
	struct isc_key_origin at;
	uint8_t		      proto; /* 50 an esp line, 51 an ah line */
	uint32_t	      spi;
	uint8_t		      spi_any; /* SPI written as `*` */
	uint16_t	      encr;    /* IKEv2 ENCR transform ID (ESP uses the
					same registry) */
	uint16_t	      integ;   /* 0: NONE */
	uint8_t		     *ekey;    /* salt included for AEAD/CTR */
	size_t		      ek_len;
	uint8_t		     *akey;
	size_t		      ak_len;
	struct isc_addr	      src, dst; /* family 0: any */
	uint8_t		      src_plen; /* prefix length in bits: 32 or 128
					   for one address, less for
					   SRC/PREFIX; used when the
					   family is set */
	uint8_t		      dst_plen;
	unsigned	      used;
};

struct isc_keys {
	struct isc_key_psk *psk;
	size_t		    npsk;
	struct isc_key_dh  *dh;
	size_t		    ndh;
	struct isc_key_rsa *rsa;
	size_t		    nrsa;
	struct isc_key_v1  *v1;
	size_t		    nv1;
	struct isc_key_v2  *v2;
	size_t		    nv2;
	struct isc_key_esp *esp;
	size_t		    nesp;
	char		  **files; /* names kept for origins */
	size_t		    nfiles;
	unsigned	    importing; /* > 0 while an import runs: an
					  imported file cannot import */
};

struct isc_keys *isc_keys_new(void);
void		 isc_keys_free(struct isc_keys *);

/*
 * Read a key file.  Every malformed line is reported on errs as
 * "FILE:LINE: message" (with what to write instead) and skipped; the
 * return value is the number of such lines, or -1 when the file cannot
 * be read (reported as "FILE: reason").  A caller stops on anything but 0.
 *
 * An `import FORMAT PATH` line reads PATH (relative to the key file's
 * directory) with isc_keys_import() (keys_import.h): each bad record of
 * PATH is reported as "PATH:LINE: message" and counted, and the import
 * line itself is reported too ("FILE:LINE: import: ...") when PATH
 * cannot be read or had bad records.
 */
int isc_keys_load_file(struct isc_keys *, const char *path, FILE *errs);

/*
 * Parse one key-file line (no trailing newline needed) as if it were
 * line `line` of `file`; 0 when it was added or is blank/comment, -1 with
 * a message in err (without the "FILE:LINE: " prefix) otherwise.  An
 * import line that read its file but found bad records returns -1 too
 * (the good records stay added); the records' own messages are only
 * printed by isc_keys_load_file() and isc_keys_import().
 */
int isc_keys_parse_line(struct isc_keys *, const char *file, unsigned line,
    const char *text, char *err, size_t errlen);

/*
 * A -p SECRET: the key file's SECRET syntax (bare word, "quoted string"
 * with C escapes, or 0xHEX).  -1 with a message in err when malformed.
 */
int isc_keys_add_psk(struct isc_keys *, const char *secret, char *err,
    size_t errlen);

/*
 * Whether address `have` is within `want`/`plen` (an esp or ah line's
 * SRC or DST): 1 when want's family is 0 (any address), 0 when the
 * families differ, else whether the first plen bits are equal (plen
 * above the address length counts as the whole address).
 */
int isc_key_addr_match(const struct isc_addr *want, uint8_t plen,
    const struct isc_addr *have);

/* "file:line" or "-p" for messages. */
const char *isc_key_origin_str(const struct isc_key_origin *, char *buf,
    size_t len);

/*
 * Algorithm names as key files and imports write them: IANA registry
 * names ("ENCR_AES_CBC", "AUTH_HMAC_SHA2_256_128", "NONE"), strongSwan
 * proposal keywords ("aes128", "aes256gcm16", "sha256", "sha1"), and
 * Wireshark's IKEv2 table and ESP SA strings ("AES-CBC-128 [RFC3602]",
 * "HMAC_SHA2_256_128 [RFC4868]"), case-insensitive.  kind is ALGO_ENCR or
 * ALGO_INTEG (analyzer/algo.h).  *keylen is set to the key length in
 * bytes (salt excluded) when the name implies one, else 0.  Returns 0 and
 * the IKEv2 transform ID in *id (INTEG "NONE": 0), or -1.
 */
int isc_algo_parse(int kind, const char *name, uint16_t *id, size_t *keylen);

#endif
