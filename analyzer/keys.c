/*
 * keys.c - the key file (DESIGN.md "Key file") and -p secrets parsed into
 * a key store, and algorithm names mapped to IKEv2 transform IDs.
 *
 * A line is parsed into a local entry that is appended only when the
 * whole line is valid, so a bad line never leaves half an entry behind.
 * Messages say what is wrong and what to write instead: key files are
 * written by hand or pasted from logs, and a key that slipped through
 * would only show up much later as "decryption failed".
 *
 * Secret text passes through several buffers (the line as read, its copy
 * being split into fields, decoded hex); each one is wiped before it is
 * freed, and so are the stored keys.
 */
#include <sys/stat.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algo.h"
#include "crypto.h"
#include "keys.h"
#include "keys_import.h"
#include "util.h"

/*
 * The longest line: far above any real entry (an 8192-bit DH value is
 * 2048 hex digits) and low enough that a binary file given by mistake
 * cannot make us hold more than this.
 */
#define KEYS_LINE_MAX (1024 * 1024)
/* The largest rsa file: a PEM RSA-16384 key is about 13 kB. */
#define KEYS_FILE_MAX (1024 * 1024)
/* Fields kept per line; the longest directive (ikev2) has 9. */
#define KEYS_TOK_MAX 12

struct tok {
	char  *p; /* decoded and NUL-terminated; a quoted string may
			  also hold NULs, len is what counts */
	size_t len;
	int    quoted; /* "..." written: never "-", never 0xHEX */
};

struct fields {
	struct tok t[KEYS_TOK_MAX];
	size_t	   n; /* fields on the line, may exceed KEYS_TOK_MAX */
};

/* What a directive's parser gets. */
struct ctx {
	struct isc_keys *k;
	const char	*file;
	unsigned	 line;
	struct fields	*f;
	char		*err;
	size_t		 errlen;
	FILE		*errs; /* where an import reports its records, or
				  NULL */
	int		 nsub; /* bad records an import reported */
};

/*
 * Algorithm names, one static table.  kind is ALGO_ENCR or ALGO_INTEG;
 * keylen is the key length in bytes (salt excluded) that the name
 * implies, 0 when it does not fix one.  First match wins; names are
 * compared without regard to ASCII case.
 */
struct algo_name {
	uint8_t	    kind;
	uint16_t    id;
	uint8_t	    keylen;
	const char *name;
};

static const struct algo_name algo_names[] = {
	/*
	 * IANA "IKEv2 Parameters", Transform Type 1 (Encryption Algorithm
	 * Transform IDs) and Type 3 (Integrity Algorithm Transform IDs).
	 * ENCR_CAMELLIA_CCM_*_ICV are IANA's spellings of 25-27; the
	 * shorter ones match ENCR_AES_CCM_*.
	 */
	{ ALGO_ENCR, 2, 0, "ENCR_DES" },
	{ ALGO_ENCR, 3, 0, "ENCR_3DES" },
	{ ALGO_ENCR, 6, 0, "ENCR_CAST" },
	{ ALGO_ENCR, 7, 0, "ENCR_BLOWFISH" },
	{ ALGO_ENCR, 11, 0, "ENCR_NULL" },
	{ ALGO_ENCR, 12, 0, "ENCR_AES_CBC" },
	{ ALGO_ENCR, 13, 0, "ENCR_AES_CTR" },
	{ ALGO_ENCR, 14, 0, "ENCR_AES_CCM_8" },
	{ ALGO_ENCR, 15, 0, "ENCR_AES_CCM_12" },
	{ ALGO_ENCR, 16, 0, "ENCR_AES_CCM_16" },
	{ ALGO_ENCR, 18, 0, "ENCR_AES_GCM_8" },
	{ ALGO_ENCR, 19, 0, "ENCR_AES_GCM_12" },
	{ ALGO_ENCR, 20, 0, "ENCR_AES_GCM_16" },
	{ ALGO_ENCR, 21, 0, "ENCR_NULL_AUTH_AES_GMAC" },
	{ ALGO_ENCR, 23, 0, "ENCR_CAMELLIA_CBC" },
	{ ALGO_ENCR, 24, 0, "ENCR_CAMELLIA_CTR" },
	{ ALGO_ENCR, 25, 0, "ENCR_CAMELLIA_CCM_8_ICV" },
	{ ALGO_ENCR, 26, 0, "ENCR_CAMELLIA_CCM_12_ICV" },
	{ ALGO_ENCR, 27, 0, "ENCR_CAMELLIA_CCM_16_ICV" },
	{ ALGO_ENCR, 25, 0, "ENCR_CAMELLIA_CCM_8" },
	{ ALGO_ENCR, 26, 0, "ENCR_CAMELLIA_CCM_12" },
	{ ALGO_ENCR, 27, 0, "ENCR_CAMELLIA_CCM_16" },
	{ ALGO_ENCR, 28, 0, "ENCR_CHACHA20_POLY1305" },
	{ ALGO_INTEG, 0, 0, "NONE" },
	{ ALGO_INTEG, 1, 0, "AUTH_HMAC_MD5_96" },
	{ ALGO_INTEG, 2, 0, "AUTH_HMAC_SHA1_96" },
	{ ALGO_INTEG, 5, 0, "AUTH_AES_XCBC_96" },
	{ ALGO_INTEG, 6, 0, "AUTH_HMAC_MD5_128" },
	{ ALGO_INTEG, 7, 0, "AUTH_HMAC_SHA1_160" },
	{ ALGO_INTEG, 8, 0, "AUTH_AES_CMAC_96" },
	{ ALGO_INTEG, 12, 0, "AUTH_HMAC_SHA2_256_128" },
	{ ALGO_INTEG, 13, 0, "AUTH_HMAC_SHA2_384_192" },
	{ ALGO_INTEG, 14, 0, "AUTH_HMAC_SHA2_512_256" },
	/* Private use: strongSwan's names and numbers (algo.c). */
	{ ALGO_ENCR, 1027, 0, "ENCR_TWOFISH_CBC" },
	{ ALGO_INTEG, 1026, 0, "AUTH_HMAC_SHA2_256_96" },
	/* ESP only: an ICV of that size, skipped unchecked (algo.h). */
	{ ALGO_INTEG, ALGO_INTEG_ANY_96, 0, "ANY_96" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_128, 0, "ANY_128" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_192, 0, "ANY_192" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_256, 0, "ANY_256" },

	/*
	 * strongSwan proposal keywords (docs.strongswan.org "IKEv2 Cipher
	 * Suites"; src/libstrongswan/crypto/proposal/
	 * proposal_keywords_static.txt), key sizes as listed there.  Left
	 * out: serpent* and camelliaxcbc, which have no row in algo.c.
	 * "null" is also Wireshark esp_sa's ENCR "NULL".
	 */
	{ ALGO_ENCR, 11, 0, "null" },
	{ ALGO_ENCR, 2, 0, "des" },
	{ ALGO_ENCR, 3, 0, "3des" },
	{ ALGO_ENCR, 12, 16, "aes" },
	{ ALGO_ENCR, 12, 16, "aes128" },
	{ ALGO_ENCR, 12, 24, "aes192" },
	{ ALGO_ENCR, 12, 32, "aes256" },
	{ ALGO_ENCR, 13, 16, "aes128ctr" },
	{ ALGO_ENCR, 13, 24, "aes192ctr" },
	{ ALGO_ENCR, 13, 32, "aes256ctr" },
	{ ALGO_ENCR, 14, 16, "aes128ccm8" },
	{ ALGO_ENCR, 14, 16, "aes128ccm64" },
	{ ALGO_ENCR, 15, 16, "aes128ccm12" },
	{ ALGO_ENCR, 15, 16, "aes128ccm96" },
	{ ALGO_ENCR, 16, 16, "aes128ccm16" },
	{ ALGO_ENCR, 16, 16, "aes128ccm128" },
	{ ALGO_ENCR, 16, 16, "aes128ccm" },
	{ ALGO_ENCR, 14, 24, "aes192ccm8" },
	{ ALGO_ENCR, 14, 24, "aes192ccm64" },
	{ ALGO_ENCR, 15, 24, "aes192ccm12" },
	{ ALGO_ENCR, 15, 24, "aes192ccm96" },
	{ ALGO_ENCR, 16, 24, "aes192ccm16" },
	{ ALGO_ENCR, 16, 24, "aes192ccm128" },
	{ ALGO_ENCR, 16, 24, "aes192ccm" },
	{ ALGO_ENCR, 14, 32, "aes256ccm8" },
	{ ALGO_ENCR, 14, 32, "aes256ccm64" },
	{ ALGO_ENCR, 15, 32, "aes256ccm12" },
	{ ALGO_ENCR, 15, 32, "aes256ccm96" },
	{ ALGO_ENCR, 16, 32, "aes256ccm16" },
	{ ALGO_ENCR, 16, 32, "aes256ccm128" },
	{ ALGO_ENCR, 16, 32, "aes256ccm" },
	{ ALGO_ENCR, 18, 16, "aes128gcm8" },
	{ ALGO_ENCR, 18, 16, "aes128gcm64" },
	{ ALGO_ENCR, 19, 16, "aes128gcm12" },
	{ ALGO_ENCR, 19, 16, "aes128gcm96" },
	{ ALGO_ENCR, 20, 16, "aes128gcm16" },
	{ ALGO_ENCR, 20, 16, "aes128gcm128" },
	{ ALGO_ENCR, 20, 16, "aes128gcm" },
	{ ALGO_ENCR, 18, 24, "aes192gcm8" },
	{ ALGO_ENCR, 18, 24, "aes192gcm64" },
	{ ALGO_ENCR, 19, 24, "aes192gcm12" },
	{ ALGO_ENCR, 19, 24, "aes192gcm96" },
	{ ALGO_ENCR, 20, 24, "aes192gcm16" },
	{ ALGO_ENCR, 20, 24, "aes192gcm128" },
	{ ALGO_ENCR, 20, 24, "aes192gcm" },
	{ ALGO_ENCR, 18, 32, "aes256gcm8" },
	{ ALGO_ENCR, 18, 32, "aes256gcm64" },
	{ ALGO_ENCR, 19, 32, "aes256gcm12" },
	{ ALGO_ENCR, 19, 32, "aes256gcm96" },
	{ ALGO_ENCR, 20, 32, "aes256gcm16" },
	{ ALGO_ENCR, 20, 32, "aes256gcm128" },
	{ ALGO_ENCR, 20, 32, "aes256gcm" },
	{ ALGO_ENCR, 21, 16, "aes128gmac" },
	{ ALGO_ENCR, 21, 24, "aes192gmac" },
	{ ALGO_ENCR, 21, 32, "aes256gmac" },
	{ ALGO_ENCR, 28, 0, "chacha20poly1305" },
	{ ALGO_ENCR, 7, 16, "blowfish" },
	{ ALGO_ENCR, 7, 16, "blowfish128" },
	{ ALGO_ENCR, 7, 24, "blowfish192" },
	{ ALGO_ENCR, 7, 32, "blowfish256" },
	{ ALGO_ENCR, 23, 16, "camellia" },
	{ ALGO_ENCR, 23, 16, "camellia128" },
	{ ALGO_ENCR, 23, 24, "camellia192" },
	{ ALGO_ENCR, 23, 32, "camellia256" },
	{ ALGO_ENCR, 24, 16, "camellia128ctr" },
	{ ALGO_ENCR, 24, 24, "camellia192ctr" },
	{ ALGO_ENCR, 24, 32, "camellia256ctr" },
	{ ALGO_ENCR, 25, 16, "camellia128ccm8" },
	{ ALGO_ENCR, 25, 16, "camellia128ccm64" },
	{ ALGO_ENCR, 26, 16, "camellia128ccm12" },
	{ ALGO_ENCR, 26, 16, "camellia128ccm96" },
	{ ALGO_ENCR, 27, 16, "camellia128ccm16" },
	{ ALGO_ENCR, 27, 16, "camellia128ccm128" },
	{ ALGO_ENCR, 25, 24, "camellia192ccm8" },
	{ ALGO_ENCR, 25, 24, "camellia192ccm64" },
	{ ALGO_ENCR, 26, 24, "camellia192ccm12" },
	{ ALGO_ENCR, 26, 24, "camellia192ccm96" },
	{ ALGO_ENCR, 27, 24, "camellia192ccm16" },
	{ ALGO_ENCR, 27, 24, "camellia192ccm128" },
	{ ALGO_ENCR, 25, 32, "camellia256ccm8" },
	{ ALGO_ENCR, 25, 32, "camellia256ccm64" },
	{ ALGO_ENCR, 26, 32, "camellia256ccm12" },
	{ ALGO_ENCR, 26, 32, "camellia256ccm96" },
	{ ALGO_ENCR, 27, 32, "camellia256ccm16" },
	{ ALGO_ENCR, 27, 32, "camellia256ccm128" },
	{ ALGO_ENCR, 6, 16, "cast128" },
	{ ALGO_ENCR, 1027, 16, "twofish" },
	{ ALGO_ENCR, 1027, 16, "twofish128" },
	{ ALGO_ENCR, 1027, 32, "twofish256" },
	{ ALGO_INTEG, 1026, 0, "sha256_96" },
	{ ALGO_INTEG, 1026, 0, "sha2_256_96" },
	{ ALGO_INTEG, 2, 0, "sha" },
	{ ALGO_INTEG, 2, 0, "sha1" },
	{ ALGO_INTEG, 7, 0, "sha1_160" },
	{ ALGO_INTEG, 12, 0, "sha256" },
	{ ALGO_INTEG, 12, 0, "sha2_256" },
	{ ALGO_INTEG, 13, 0, "sha384" },
	{ ALGO_INTEG, 13, 0, "sha2_384" },
	{ ALGO_INTEG, 14, 0, "sha512" },
	{ ALGO_INTEG, 14, 0, "sha2_512" },
	{ ALGO_INTEG, 1, 0, "md5" },
	{ ALGO_INTEG, 6, 0, "md5_128" },
	{ ALGO_INTEG, 5, 0, "aesxcbc" },
	{ ALGO_INTEG, 8, 0, "aescmac" },

	/*
	 * Wireshark's IKEv2 decryption table (epan/dissectors/
	 * packet-isakmp.c, vs_ikev2_encr_algs and vs_ikev2_auth_algs;
	 * unchanged through 4.0).  Left out: the "ANY n-bits of
	 * Authentication [No Checking]" entries (ikev2 lines need a checked
	 * ICV).
	 */
	{ ALGO_ENCR, 3, 0, "3DES [RFC2451]" },
	{ ALGO_ENCR, 12, 16, "AES-CBC-128 [RFC3602]" },
	{ ALGO_ENCR, 12, 24, "AES-CBC-192 [RFC3602]" },
	{ ALGO_ENCR, 12, 32, "AES-CBC-256 [RFC3602]" },
	{ ALGO_ENCR, 11, 0, "NULL [RFC2410]" },
	{ ALGO_ENCR, 13, 16, "AES-CTR-128 [RFC5930]" },
	{ ALGO_ENCR, 13, 24, "AES-CTR-192 [RFC5930]" },
	{ ALGO_ENCR, 13, 32, "AES-CTR-256 [RFC5930]" },
	{ ALGO_ENCR, 20, 16, "AES-GCM-128 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 20, 24, "AES-GCM-192 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 20, 32, "AES-GCM-256 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 18, 16, "AES-GCM-128 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 18, 24, "AES-GCM-192 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 18, 32, "AES-GCM-256 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 19, 16, "AES-GCM-128 with 12 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 19, 24, "AES-GCM-192 with 12 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 19, 32, "AES-GCM-256 with 12 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 16, 16, "AES-CCM-128 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 16, 24, "AES-CCM-192 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 16, 32, "AES-CCM-256 with 16 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 14, 16, "AES-CCM-128 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 14, 24, "AES-CCM-192 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 14, 32, "AES-CCM-256 with 8 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 15, 16, "AES-CCM-128 with 12 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 15, 24, "AES-CCM-192 with 12 octet ICV [RFC5282]" },
	{ ALGO_ENCR, 15, 32, "AES-CCM-256 with 12 octet ICV [RFC5282]" },
	{ ALGO_INTEG, 1, 0, "HMAC_MD5_96 [RFC2403]" },
	{ ALGO_INTEG, 2, 0, "HMAC_SHA1_96 [RFC2404]" },
	{ ALGO_INTEG, 6, 0, "HMAC_MD5_128 [RFC4595]" },
	{ ALGO_INTEG, 7, 0, "HMAC_SHA1_160 [RFC4595]" },
	{ ALGO_INTEG, 12, 0, "HMAC_SHA2_256_128 [RFC4868]" },
	{ ALGO_INTEG, 13, 0, "HMAC_SHA2_384_192 [RFC4868]" },
	{ ALGO_INTEG, 14, 0, "HMAC_SHA2_512_256 [RFC4868]" },
	{ ALGO_INTEG, 0, 0, "NONE [RFC4306]" },
	{ ALGO_INTEG, 1026, 0,
	    "HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]" },

	/*
	 * Wireshark's ESP SA table (epan/dissectors/packet-esp.c,
	 * esp_encryption_type_vals and esp_authentication_type_vals, as in
	 * 4.0).  ENCR "NULL" is strongSwan's "null" above.  Left out:
	 * "MAC-RIPEMD-160-96 [RFC2857]" (not supported) and "AES-GCM
	 * [RFC4106]" (deprecated there: it names no ICV length).
	 */
	{ ALGO_ENCR, 3, 0, "TripleDES-CBC [RFC2451]" },
	{ ALGO_ENCR, 12, 0, "AES-CBC [RFC3602]" },
	{ ALGO_ENCR, 13, 0, "AES-CTR [RFC3686]" },
	{ ALGO_ENCR, 2, 0, "DES-CBC [RFC2405]" },
	{ ALGO_ENCR, 6, 0, "CAST5-CBC [RFC2144]" },
	{ ALGO_ENCR, 7, 0, "BLOWFISH-CBC [RFC2451]" },
	{ ALGO_ENCR, 18, 0, "AES-GCM with 8 octet ICV [RFC4106]" },
	{ ALGO_ENCR, 19, 0, "AES-GCM with 12 octet ICV [RFC4106]" },
	{ ALGO_ENCR, 20, 0, "AES-GCM with 16 octet ICV [RFC4106]" },
	{ ALGO_INTEG, 0, 0, "NULL" },
	{ ALGO_INTEG, 2, 0, "HMAC-SHA-1-96 [RFC2404]" },
	{ ALGO_INTEG, 12, 0, "HMAC-SHA-256-128 [RFC4868]" },
	{ ALGO_INTEG, 13, 0, "HMAC-SHA-384-192 [RFC4868]" },
	{ ALGO_INTEG, 14, 0, "HMAC-SHA-512-256 [RFC4868]" },
	{ ALGO_INTEG, 1, 0, "HMAC-MD5-96 [RFC2403]" },
	{ ALGO_ENCR, 1027, 0, "TWOFISH-CBC" },
	{ ALGO_INTEG, 1026, 0,
	    "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_96, 0,
	    "ANY 96 bit authentication [no checking]" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_128, 0,
	    "ANY 128 bit authentication [no checking]" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_192, 0,
	    "ANY 192 bit authentication [no checking]" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_256, 0,
	    "ANY 256 bit authentication [no checking]" },
};

static const char *const import_formats[] = { "wireshark", "tcpdump",
	"charon-log", "xfrm" };

/* ASCII only: tolower() would follow the locale (Turkish dotless i). */
static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* One character for a message, escaped when it would not print. */
static const char *
char_repr(int c, char *buf, size_t len)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "byte 0x%02x", (unsigned)(c & 0xff));
	return buf;
}

/*
 * Grow an array whose capacity is implied by its count (the next power
 * of two), because struct isc_keys keeps counts but no capacities.
 */
#define KEYS_GROW(v, n) \
	do { \
		if (((n) & ((n)-1)) == 0) \
			(v) = xreallocarray((v), (n) ? 2 * (n) : 1, \
			    sizeof(*(v))); \
	} while (0)

/* ---------------------------------------------------------------------
 * Fields
 */

/*
 * Decode the quoted string at *rp (on its opening quote) into *wp with C
 * escapes; *rp ends after the closing quote.  Writing never overtakes
 * reading, so this decodes in place.  \x takes at most two hex digits
 * (C takes any number, which would make "\x41BC" ambiguous here).
 */
static int
unquote(char **rp, char **wp, char *err, size_t errlen)
{
	char *r = *rp + 1, *w = *wp, cb[16];
	int   v, k;

	for (;;) {
		if (*r == '\0')
			return errf(err, errlen,
			    "quoted string not terminated (add the closing \")");
		if (*r == '"') {
			r++;
			break;
		}
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r) {
		case 'n':
			*w++ = '\n';
			r++;
			break;
		case 't':
			*w++ = '\t';
			r++;
			break;
		case 'r':
			*w++ = '\r';
			r++;
			break;
		case 'a':
			*w++ = '\a';
			r++;
			break;
		case 'b':
			*w++ = '\b';
			r++;
			break;
		case 'f':
			*w++ = '\f';
			r++;
			break;
		case 'v':
			*w++ = '\v';
			r++;
			break;
		case '\\':
		case '"':
		case '\'':
		case '?':
			*w++ = *r++;
			break;
		case 'x':
			r++;
			if ((v = hex_digit((unsigned char)*r)) < 0)
				return errf(err, errlen,
				    "\\x in a quoted string needs one or two "
				    "hex digits, as in \\x41");
			r++;
			if (hex_digit((unsigned char)*r) >= 0)
				v = v * 16 + hex_digit((unsigned char)*r++);
			*w++ = (char)v;
			break;
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
			v = 0;
			for (k = 0; k < 3 && *r >= '0' && *r <= '7'; k++)
				v = v * 8 + (*r++ - '0');
			if (v > 0377)
				return errf(err, errlen,
				    "octal escape above \\377 in a quoted "
				    "string (a byte is \\000 to \\377)");
			*w++ = (char)v;
			break;
		case '\0':
			return errf(err, errlen,
			    "quoted string not terminated (add the closing \")");
		default:
			return errf(err, errlen,
			    "unknown escape: backslash before %s in a quoted "
			    "string (known: \\n \\t \\r \\\\ \\\" \\xHH \\ooo; "
			    "write \\\\ for a backslash)",
			    char_repr((unsigned char)*r, cb, sizeof(cb)));
		}
	}
	*rp = r;
	*wp = w;
	return 0;
}

/*
 * Split s (modified in place) into fields: blanks separate, `#` outside
 * a quoted string ends the line.
 */
static int
split(char *s, struct fields *f, char *err, size_t errlen)
{
	char	   *r = s, *w, *start, term;
	struct tok *t;

	f->n = 0;
	for (;;) {
		while (is_blank((unsigned char)*r))
			r++;
		if (*r == '\0' || *r == '#')
			return 0;
		t = f->n < KEYS_TOK_MAX ? &f->t[f->n] : NULL;
		start = r;
		if (*r == '"') {
			w = r;
			if (unquote(&r, &w, err, errlen) != 0)
				return -1;
			term = *r;
			if (term != '\0' && term != '#' &&
			    !is_blank((unsigned char)term))
				return errf(err, errlen,
				    "text right after a closing quote (field "
				    "%zu); put a blank between fields",
				    f->n + 1);
			/* w is at most on the closing quote: r is intact. */
			*w = '\0';
			if (t != NULL) {
				t->p = start;
				t->len = (size_t)(w - start);
				t->quoted = 1;
			}
			if (term != '\0')
				r++;
		} else {
			while (*r != '\0' && *r != '#' &&
			    !is_blank((unsigned char)*r)) {
				if (*r == '"')
					return errf(err, errlen,
					    "a quote inside field %zu; a "
					    "quoted string must be the whole "
					    "field (\"...\", with \\\" for a "
					    "quote inside it)",
					    f->n + 1);
				r++;
			}
			term = *r;
			if (t != NULL) {
				t->p = start;
				t->len = (size_t)(r - start);
				t->quoted = 0;
			}
			if (term != '\0')
				*r++ = '\0';
		}
		f->n++;
		if (term == '\0' || term == '#')
			return 0;
	}
}

/* Bare `-`: the empty field. */
static int
is_dash(const struct tok *t)
{
	return !t->quoted && t->len == 1 && t->p[0] == '-';
}

static int
has_hex_prefix(const char *s, size_t n)
{
	return n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/* Text fields (names, paths, addresses) cannot hold a NUL. */
static int
text_field(const struct tok *t, const char *dir, const char *what, char *err,
    size_t errlen)
{
	if (memchr(t->p, '\0', t->len) != NULL)
		return errf(err, errlen, "%s: %s contains a NUL byte", dir,
		    what);
	return 0;
}

/*
 * HEX field: optional 0x, whole bytes; `-` (or nothing after 0x) is
 * empty.  The digits are a key: messages never repeat them.
 */
static int
parse_hex(const struct tok *t, const char *dir, const char *what, uint8_t **out,
    size_t *outlen, char *err, size_t errlen)
{
	const char *s = t->p;
	size_t	    n = t->len, i;
	char	    cb[16];

	*out = NULL;
	*outlen = 0;
	if (is_dash(t))
		return 0;
	if (has_hex_prefix(s, n)) {
		s += 2;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return errf(err, errlen,
			    "%s: %s is not hex: %s at position %zu is not a hex "
			    "digit (write hex digits, 0x optional, or - for "
			    "none)",
			    dir, what,
			    char_repr((unsigned char)s[i], cb, sizeof(cb)),
			    i + 1 + (size_t)(s - t->p));
	if (n % 2 != 0)
		return errf(err, errlen,
		    "%s: %s has an odd number of hex digits (%zu); every byte "
		    "takes two (is a digit missing?)",
		    dir, what, n);
	if (n == 0)
		return 0;
	*out = xmalloc(n / 2);
	for (i = 0; i < n / 2; i++)
		(*out)[i] = (uint8_t)(hex_digit((unsigned char)s[2 * i]) << 4 |
		    hex_digit((unsigned char)s[2 * i + 1]));
	*outlen = n / 2;
	return 0;
}

/*
 * A hex field of exactly nbytes bytes (SPIs), into out.  alt is what
 * else the field may hold, for the message ("" when nothing).
 */
static int
parse_fixed_hex(const struct tok *t, const char *dir, const char *what,
    const char *alt, uint8_t *out, size_t nbytes, char *err, size_t errlen)
{
	const char *s = t->p;
	size_t	    n = t->len, i;
	char	    cb[16];

	if (!t->quoted && n == 1 && s[0] == '*' && alt[0] == '\0')
		return errf(err, errlen,
		    "%s: %s must be %zu hex digits (0x optional); * (any SA) "
		    "is for dh lines only",
		    dir, what, 2 * nbytes);
	if (has_hex_prefix(s, n)) {
		s += 2;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return errf(err, errlen,
			    "%s: %s must be %zu hex digits (0x optional)%s, but "
			    "%s is not a hex digit",
			    dir, what, 2 * nbytes, alt,
			    char_repr((unsigned char)s[i], cb, sizeof(cb)));
	if (n != 2 * nbytes)
		return errf(err, errlen,
		    "%s: %s must be %zu hex digits (0x optional)%s, got %zu",
		    dir, what, 2 * nbytes, alt, n);
	for (i = 0; i < nbytes; i++)
		out[i] = (uint8_t)(hex_digit((unsigned char)s[2 * i]) << 4 |
		    hex_digit((unsigned char)s[2 * i + 1]));
	return 0;
}

/*
 * SECRET: a quoted string is its bytes; a bare word starting with 0x is
 * hex; any other bare word is its text.  Empty is an error: no IKE peer
 * accepts an empty PSK, so it is a mistake in the file.
 */
static int
parse_secret(const struct tok *t, const char *dir, uint8_t **out,
    size_t *outlen, char *err, size_t errlen)
{
	*out = NULL;
	*outlen = 0;
	if (!t->quoted && has_hex_prefix(t->p, t->len)) {
		if (parse_hex(t, dir, "SECRET", out, outlen, err, errlen) != 0)
			return -1;
	} else if (!is_dash(t) && t->len > 0) {
		*out = xmemdup(t->p, t->len);
		*outlen = t->len;
	}
	if (*outlen == 0)
		return errf(err, errlen,
		    "%s: the secret is empty (write a word, a \"quoted "
		    "string\" or 0xHEX)",
		    dir);
	return 0;
}

/*
 * SRC/DST: an IPv4 or IPv6 literal, ADDR/PREFIX for a subnet (as
 * Wireshark's esp_sa table and ip-xfrm selectors write them), or `*`/`-`
 * for any.  Bits past the prefix are cleared: 192.0.2.7/24 is
 * 192.0.2.0/24, as Wireshark and iproute2 read it.
 */
static int
parse_addr(const struct tok *t, const char *dir, const char *what,
    struct isc_addr *a, uint8_t *plen, char *err, size_t errlen)
{
	uint8_t	    b[16];
	char	    buf[64], cb[16];
	const char *slash, *p;
	unsigned    n = 0, max, i;
	size_t	    alen;

	memset(a, 0, sizeof(*a));
	*plen = 0;
	if (!t->quoted && t->len == 1 && (t->p[0] == '*' || t->p[0] == '-'))
		return 0;
	if (text_field(t, dir, what, err, errlen) != 0)
		return -1;
	slash = strchr(t->p, '/');
	alen = slash != NULL ? (size_t)(slash - t->p) : t->len;
	if (alen < sizeof(buf)) {
		memcpy(buf, t->p, alen);
		buf[alen] = '\0';
		if (inet_pton(AF_INET, buf, b) == 1) {
			a->family = 4;
			memcpy(a->a, b, 4);
		} else if (inet_pton(AF_INET6, buf, b) == 1) {
			a->family = 6;
			memcpy(a->a, b, 16);
		}
	}
	if (a->family == 0)
		return errf(err, errlen,
		    "%s: %s '%.64s' is not an IPv4 or IPv6 address (write one, "
		    "ADDR/PREFIX for a subnet, or * for any)",
		    dir, what, t->p);
	max = a->family == 4 ? 32 : 128;
	*plen = (uint8_t)max;
	if (slash == NULL)
		return 0;
	p = slash + 1;
	if (*p == '\0')
		return errf(err, errlen,
		    "%s: %s '%.64s' has no prefix length after '/' (write "
		    "ADDR/PREFIX with PREFIX 0 to %u)",
		    dir, what, t->p, max);
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return errf(err, errlen,
			    "%s: %s '%.64s': %s in the prefix length is not a "
			    "digit (write ADDR/PREFIX with PREFIX 0 to %u)",
			    dir, what, t->p,
			    char_repr((unsigned char)*p, cb, sizeof(cb)), max);
		n = n * 10 + (unsigned)(*p - '0');
		if (n > max)
			return errf(err, errlen,
			    "%s: %s '%.64s': the prefix length is above %u, "
			    "the length of an IPv%u address",
			    dir, what, t->p, max, (unsigned)a->family);
	}
	*plen = (uint8_t)n;
	for (i = 0; i < max / 8; i++) {
		if (i * 8 >= n)
			a->a[i] = 0;
		else if (i * 8 + 8 > n)
			a->a[i] &= (uint8_t)(0xff00u >> (n - i * 8));
	}
	return 0;
}

int
isc_key_addr_match(const struct isc_addr *want, uint8_t plen,
    const struct isc_addr *have)
{
	unsigned max, full, rest;

	if (want == NULL || want->family == 0)
		return 1;
	if (have == NULL || have->family != want->family)
		return 0;
	max = want->family == 4 ? 32 : 128;
	if (plen > max)
		plen = (uint8_t)max;
	full = plen / 8;
	rest = plen % 8;
	if (memcmp(want->a, have->a, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((want->a[full] ^ have->a[full]) & (0xff00u >> rest) & 0xff) ==
	    0;
}

/* ---------------------------------------------------------------------
 * Algorithms and key lengths
 */

int
isc_algo_parse(int kind, const char *name, uint16_t *id, size_t *keylen)
{
	const struct algo *a;
	size_t		   i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(algo_names) / sizeof(algo_names[0]); i++) {
		if (algo_names[i].kind != kind ||
		    !ascii_name_eq(algo_names[i].name, name))
			continue;
		if (id != NULL)
			*id = algo_names[i].id;
		if (keylen != NULL) {
			*keylen = algo_names[i].keylen;
			/* A fixed-length algorithm's name implies it too. */
			a = algo_find((enum algo_kind)kind, algo_names[i].id);
			if (*keylen == 0 && a != NULL &&
			    a->key_min == a->key_max)
				*keylen = a->key_min;
		}
		return 0;
	}
	return -1;
}

/*
 * ENCR and INTEG of one ikev2 or esp line.  *implied is the key length
 * the ENCR name fixes (salt excluded), 0 if none.
 */
static int
parse_algos(const char *dir, const char *usage, const struct tok *te,
    const struct tok *ti, const struct algo **ea, uint16_t *encr,
    size_t *implied, const struct algo **ia, uint16_t *integ, char *err,
    size_t errlen)
{
	size_t dummy;

	if (text_field(te, dir, "ENCR", err, errlen) != 0 ||
	    text_field(ti, dir, "INTEG", err, errlen) != 0)
		return -1;
	if (isc_algo_parse(ALGO_ENCR, te->p, encr, implied) != 0 ||
	    (*ea = algo_find(ALGO_ENCR, *encr)) == NULL) {
		if (isc_algo_parse(ALGO_INTEG, te->p, NULL, NULL) == 0)
			return errf(err, errlen,
			    "%s: '%.64s' is an integrity algorithm, not an "
			    "ENCR; fields are `%s`",
			    dir, te->p, usage);
		return errf(err, errlen,
		    "%s: unknown ENCR '%.64s' (write an IANA name such as "
		    "ENCR_AES_CBC or ENCR_AES_GCM_16, a strongSwan keyword "
		    "such as aes128 or aes256gcm16, or a Wireshark table "
		    "string in quotes)",
		    dir, te->p);
	}
	if (isc_algo_parse(ALGO_INTEG, ti->p, integ, &dummy) != 0) {
		if (isc_algo_parse(ALGO_ENCR, ti->p, NULL, NULL) == 0)
			return errf(err, errlen,
			    "%s: '%.64s' is an encryption algorithm, not an "
			    "INTEG; fields are `%s`",
			    dir, ti->p, usage);
		return errf(err, errlen,
		    "%s: unknown INTEG '%.64s' (write an IANA name such as "
		    "AUTH_HMAC_SHA2_256_128 or AUTH_HMAC_SHA1_96, a "
		    "strongSwan keyword such as sha256 or sha1, NONE, or a "
		    "Wireshark table string in quotes)",
		    dir, ti->p);
	}
	if (ALGO_INTEG_IS_ANY(*integ) && strcmp(dir, "esp") != 0)
		return errf(err, errlen,
		    "%s: INTEG '%.64s' (an ICV that is not checked) is only "
		    "for esp lines; name the SA's integrity algorithm",
		    dir, ti->p);
	*ia = *integ == 0 ? NULL : algo_find(ALGO_INTEG, *integ);
	if (*integ != 0 && *ia == NULL)
		return errf(err, errlen, "%s: INTEG '%.64s' is not supported",
		    dir, ti->p);
	if ((*ea)->aead && *integ != 0)
		return errf(err, errlen,
		    "%s: %.64s is an AEAD algorithm (it protects integrity "
		    "itself), so INTEG must be NONE with - for its keys, not "
		    "%.64s",
		    dir, te->p, ti->p);
	return 0;
}

/*
 * An encryption key: key + salt bytes, within the algorithm's range.
 * AES and Camellia (the rows with a 16..32 range) take only 128, 192 or
 * 256-bit keys, which the range alone does not say.
 */
static int
check_ekey(const char *dir, const char *what, size_t len, const struct algo *a,
    const char *name, size_t implied, char *err, size_t errlen)
{
	char   want[128], salt[64];
	size_t s = a->salt;

	salt[0] = '\0';
	if (implied != 0) {
		if (len == implied + s)
			return 0;
		if (s != 0)
			snprintf(salt, sizeof(salt),
			    " (%zu key bytes and %zu salt bytes at the end)",
			    implied, s);
		snprintf(want, sizeof(want), "%zu%s", implied + s, salt);
	} else if (a->key_max == 0) {
		if (len == 0)
			return 0;
		return errf(err, errlen,
		    "%s: %s is %zu bytes but %.64s takes no key (write -)", dir,
		    what, len, name);
	} else if (a->key_min == 16 && a->key_max == 32) {
		if (len == 16 + s || len == 24 + s || len == 32 + s)
			return 0;
		if (s != 0)
			snprintf(salt, sizeof(salt),
			    " (16, 24 or 32 key bytes and %zu salt bytes at "
			    "the end)",
			    s);
		snprintf(want, sizeof(want), "%zu, %zu or %zu%s", 16 + s,
		    24 + s, 32 + s, salt);
	} else {
		if (len >= a->key_min + s && len <= a->key_max + s)
			return 0;
		if (s != 0)
			snprintf(salt, sizeof(salt),
			    " (key and %zu salt bytes at the end)", s);
		if (a->key_min == a->key_max)
			snprintf(want, sizeof(want), "%zu%s", a->key_min + s,
			    salt);
		else
			snprintf(want, sizeof(want), "%zu to %zu%s",
			    a->key_min + s, a->key_max + s, salt);
	}
	if (len == 0)
		return errf(err, errlen, "%s: %s is missing but %.64s takes %s",
		    dir, what, name, want);
	return errf(err, errlen, "%s: %s is %zu bytes but %.64s takes %s", dir,
	    what, len, name, want);
}

/* An integrity key: the algorithm's one key length; none for NONE. */
static int
check_akey(const char *dir, const char *what, size_t len, const struct algo *a,
    const char *name, char *err, size_t errlen)
{
	if (a == NULL) {
		if (len == 0)
			return 0;
		return errf(err, errlen,
		    "%s: %s is %zu bytes but INTEG %.64s takes no key (write "
		    "-)",
		    dir, what, len, name);
	}
	if (len == a->key_min)
		return 0;
	if (a->key_max == 0)
		return errf(err, errlen,
		    "%s: %s is %zu bytes but INTEG %.64s takes no key (write "
		    "-)",
		    dir, what, len, name);
	if (len == 0)
		return errf(err, errlen,
		    "%s: %s is missing but %.64s takes %u bytes", dir, what,
		    name, (unsigned)a->key_min);
	return errf(err, errlen, "%s: %s is %zu bytes but %.64s takes %u", dir,
	    what, len, name, (unsigned)a->key_min);
}

/* ---------------------------------------------------------------------
 * Directives
 */

static int
usage(struct ctx *c, const char *dir, const char *u)
{
	return errf(c->err, c->errlen, "%s: expected `%s`, got %zu fields", dir,
	    u, c->f->n);
}

static const char *
intern(struct isc_keys *k, const char *file)
{
	size_t i;

	for (i = 0; i < k->nfiles; i++)
		if (strcmp(k->files[i], file) == 0)
			return k->files[i];
	KEYS_GROW(k->files, k->nfiles);
	k->files[k->nfiles] = xstrdup(file);
	return k->files[k->nfiles++];
}

static struct isc_key_origin
origin(struct ctx *c)
{
	struct isc_key_origin o;

	o.file = intern(c->k, c->file);
	o.line = c->line;
	return o;
}

static void
add_psk(struct isc_keys *k, struct isc_key_psk *e)
{
	KEYS_GROW(k->psk, k->npsk);
	k->psk[k->npsk++] = *e;
}

#define PSK_USAGE "psk SECRET [PEER]"

static int
do_psk(struct ctx *c)
{
	struct isc_key_psk e;
	struct tok	  *t = c->f->t;

	if (c->f->n < 2 || c->f->n > 3)
		return usage(c, "psk", PSK_USAGE);
	memset(&e, 0, sizeof(e));
	if (c->f->n == 3 && !is_dash(&t[2]) && t[2].len > 0) {
		if (text_field(&t[2], "psk", "PEER", c->err, c->errlen) != 0)
			return -1;
	}
	if (parse_secret(&t[1], "psk", &e.v, &e.len, c->err, c->errlen) != 0)
		return -1;
	if (c->f->n == 3 && !is_dash(&t[2]) && t[2].len > 0)
		e.peer = xstrdup(t[2].p);
	e.at = origin(c);
	add_psk(c->k, &e);
	return 0;
}

#define DH_USAGE "dh SPI_I|* private|shared HEX"

static int
do_dh(struct ctx *c)
{
	struct isc_key_dh e;
	struct tok	 *t = c->f->t;
	const char	 *what;

	if (c->f->n != 4)
		return usage(c, "dh", DH_USAGE);
	memset(&e, 0, sizeof(e));
	if (!t[1].quoted && t[1].len == 1 && t[1].p[0] == '*')
		e.any_sa = 1;
	else if (parse_fixed_hex(&t[1], "dh", "SPI_I", " or * for any SA",
		     e.spi_i, 8, c->err, c->errlen) != 0)
		return -1;
	if (ascii_name_eq(t[2].p, "private") && t[2].len == 7)
		e.shared = 0;
	else if (ascii_name_eq(t[2].p, "shared") && t[2].len == 6)
		e.shared = 1;
	else
		return errf(c->err, c->errlen,
		    "dh: the second field must be private or shared, not "
		    "'%.32s'; fields are `%s`",
		    t[2].p, DH_USAGE);
	what = e.shared ? "the shared secret" : "the private value";
	if (parse_hex(&t[3], "dh", what, &e.v, &e.len, c->err, c->errlen) != 0)
		return -1;
	if (e.len == 0)
		return errf(c->err, c->errlen,
		    "dh: %s is empty; write it in hex", what);
	e.at = origin(c);
	KEYS_GROW(c->k->dh, c->k->ndh);
	c->k->dh[c->k->ndh++] = e;
	return 0;
}

/* A relative PATH is relative to the key file's directory. */
static char *
resolve(const char *file, const char *path)
{
	const char *slash;

	if (path[0] == '/' || file == NULL ||
	    (slash = strrchr(file, '/')) == NULL)
		return xstrdup(path);
	return xasprintf("%.*s%s", (int)(slash - file + 1), file, path);
}

/* The whole of a (small) file; secrets, so nothing is left unwiped. */
static int
read_small_file(const char *dir, const char *path, uint8_t **out,
    size_t *outlen, char *err, size_t errlen)
{
	FILE	   *f;
	struct stat st;
	uint8_t	   *buf;
	size_t	    n, got;
	int	    e;

	*out = NULL;
	*outlen = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return errf(err, errlen, "%s: cannot read '%s': %s", dir, path,
		    strerror(errno));
	if (fstat(fileno(f), &st) == -1) {
		e = errno;
		fclose(f);
		return errf(err, errlen, "%s: cannot read '%s': %s", dir, path,
		    strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		fclose(f);
		return errf(err, errlen, "%s: cannot read '%s': %s", dir, path,
		    strerror(EISDIR));
	}
	if (!S_ISREG(st.st_mode)) {
		fclose(f);
		return errf(err, errlen,
		    "%s: '%s' is not a regular file; give the key file itself",
		    dir, path);
	}
	if (st.st_size == 0) {
		fclose(f);
		return errf(err, errlen,
		    "%s: '%s' is empty; expected a PEM or DER private key", dir,
		    path);
	}
	if (st.st_size > KEYS_FILE_MAX) {
		fclose(f);
		return errf(err, errlen,
		    "%s: '%s' is larger than 1 MiB; expected a PEM or DER "
		    "private key",
		    dir, path);
	}
	n = (size_t)st.st_size;
	buf = xmalloc(n);
	got = fread(buf, 1, n, f);
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (got != n) {
		crypto_free_wiped(buf, n);
		return errf(err, errlen, "%s: cannot read '%s': %s", dir, path,
		    e != 0 ? strerror(e) : "file shrank while being read");
	}
	*out = buf;
	*outlen = n;
	return 0;
}

static int
do_rsa(struct ctx *c)
{
	struct isc_key_rsa e;
	struct tok	  *t = c->f->t;

	if (c->f->n != 2)
		return usage(c, "rsa", "rsa PATH");
	if (text_field(&t[1], "rsa", "PATH", c->err, c->errlen) != 0)
		return -1;
	if (is_dash(&t[1]) || t[1].len == 0)
		return errf(c->err, c->errlen,
		    "rsa: PATH is empty; write the private key file's path");
	memset(&e, 0, sizeof(e));
	e.path = resolve(c->file, t[1].p);
	if (read_small_file("rsa", e.path, &e.der, &e.der_len, c->err,
		c->errlen) != 0) {
		free(e.path);
		return -1;
	}
	e.at = origin(c);
	KEYS_GROW(c->k->rsa, c->k->nrsa);
	c->k->rsa[c->k->nrsa++] = e;
	return 0;
}

/* Key lengths of the ciphers IKEv1 Phase 1 uses (CBC, no salt). */
static void
v1_key_range(size_t *lo, size_t *hi)
{
	const struct algo *a;
	unsigned	   id;

	*lo = SIZE_MAX;
	*hi = 0;
	for (id = 1; id < 64; id++) {
		a = algo_find(ALGO_ENCR, (uint16_t)id);
		if (a == NULL || a->aead || a->salt != 0 || a->key_max == 0)
			continue;
		if (a->key_min < *lo)
			*lo = a->key_min;
		if (a->key_max > *hi)
			*hi = a->key_max;
	}
}

#define V1_USAGE "ikev1 SPI_I KA_HEX"

static int
do_ikev1(struct ctx *c)
{
	struct isc_key_v1 e;
	struct tok	 *t = c->f->t;
	size_t		  lo, hi;

	if (c->f->n != 3)
		return usage(c, "ikev1", V1_USAGE);
	memset(&e, 0, sizeof(e));
	if (parse_fixed_hex(&t[1], "ikev1", "SPI_I", "", e.spi_i, 8, c->err,
		c->errlen) != 0)
		return -1;
	if (parse_hex(&t[2], "ikev1", "KA", &e.ka, &e.ka_len, c->err,
		c->errlen) != 0)
		return -1;
	v1_key_range(&lo, &hi);
	if (e.ka_len < lo || e.ka_len > hi) {
		crypto_free_wiped(e.ka, e.ka_len);
		return errf(c->err, c->errlen,
		    "ikev1: KA is %zu bytes but an IKEv1 encryption key is %zu "
		    "to %zu bytes (the final key, as long as the cipher's key)",
		    e.ka_len, lo, hi);
	}
	e.at = origin(c);
	KEYS_GROW(c->k->v1, c->k->nv1);
	c->k->v1[c->k->nv1++] = e;
	return 0;
}

static void
free_v2(struct isc_key_v2 *e)
{
	crypto_free_wiped(e->sk_ei, e->ek_len);
	crypto_free_wiped(e->sk_er, e->ek_len);
	crypto_free_wiped(e->sk_ai, e->ak_len);
	crypto_free_wiped(e->sk_ar, e->ak_len);
}

#define V2_USAGE "ikev2 SPI_I SPI_R SK_EI SK_ER ENCR SK_AI SK_AR INTEG"

static int
do_ikev2(struct ctx *c)
{
	struct isc_key_v2  e;
	struct tok	  *t = c->f->t;
	const struct algo *ea, *ia;
	size_t		   implied, lei = 0, ler = 0, lai = 0, lar = 0;

	if (c->f->n != 9)
		return usage(c, "ikev2", V2_USAGE);
	memset(&e, 0, sizeof(e));
	if (parse_fixed_hex(&t[1], "ikev2", "SPI_I", "", e.spi_i, 8, c->err,
		c->errlen) != 0 ||
	    parse_fixed_hex(&t[2], "ikev2", "SPI_R", "", e.spi_r, 8, c->err,
		c->errlen) != 0)
		return -1;
	if (parse_algos("ikev2", V2_USAGE, &t[5], &t[8], &ea, &e.encr, &implied,
		&ia, &e.integ, c->err, c->errlen) != 0)
		return -1;
	/* Lengths are kept apart until they are known to agree. */
	if (parse_hex(&t[3], "ikev2", "SK_ei", &e.sk_ei, &lei, c->err,
		c->errlen) != 0)
		goto bad;
	if (parse_hex(&t[4], "ikev2", "SK_er", &e.sk_er, &ler, c->err,
		c->errlen) != 0)
		goto bad;
	if (parse_hex(&t[6], "ikev2", "SK_ai", &e.sk_ai, &lai, c->err,
		c->errlen) != 0)
		goto bad;
	if (parse_hex(&t[7], "ikev2", "SK_ar", &e.sk_ar, &lar, c->err,
		c->errlen) != 0)
		goto bad;
	if (check_ekey("ikev2", "SK_ei", lei, ea, t[5].p, implied, c->err,
		c->errlen) != 0 ||
	    check_ekey("ikev2", "SK_er", ler, ea, t[5].p, implied, c->err,
		c->errlen) != 0 ||
	    check_akey("ikev2", "SK_ai", lai, ia, t[8].p, c->err, c->errlen) !=
		0 ||
	    check_akey("ikev2", "SK_ar", lar, ia, t[8].p, c->err, c->errlen) !=
		0)
		goto bad;
	if (lei != ler) {
		errf(c->err, c->errlen,
		    "ikev2: SK_ei is %zu bytes but SK_er is %zu; both "
		    "directions use keys of the same length",
		    lei, ler);
		goto bad;
	}
	e.ek_len = lei;
	e.ak_len = lai;
	e.at = origin(c);
	KEYS_GROW(c->k->v2, c->k->nv2);
	c->k->v2[c->k->nv2++] = e;
	return 0;
bad:
	crypto_free_wiped(e.sk_ei, lei);
	crypto_free_wiped(e.sk_er, ler);
	crypto_free_wiped(e.sk_ai, lai);
	crypto_free_wiped(e.sk_ar, lar);
	return -1;
}

#define ESP_USAGE "esp SPI ENCR KEY INTEG KEY [SRC [DST]]"
#define AH_USAGE  "ah SPI INTEG KEY [SRC [DST]]"

/* SPI (or * for any) and the optional SRC and DST of an esp or ah line. */
static int
parse_sa_fields(struct ctx *c, const char *dir, size_t at_src,
    struct isc_key_esp *e)
{
	struct tok *t = c->f->t;
	uint8_t	    spi[4];

	if (!t[1].quoted && t[1].len == 1 && t[1].p[0] == '*')
		e->spi_any = 1;
	else if (parse_fixed_hex(&t[1], dir, "SPI", " (or * for any)", spi, 4,
		     c->err, c->errlen) != 0)
		return -1;
	else
		e->spi = (uint32_t)spi[0] << 24 | (uint32_t)spi[1] << 16 |
		    (uint32_t)spi[2] << 8 | spi[3];
	if (c->f->n > at_src &&
	    parse_addr(&t[at_src], dir, "SRC", &e->src, &e->src_plen, c->err,
		c->errlen) != 0)
		return -1;
	if (c->f->n > at_src + 1 &&
	    parse_addr(&t[at_src + 1], dir, "DST", &e->dst, &e->dst_plen,
		c->err, c->errlen) != 0)
		return -1;
	return 0;
}

/* ah SPI INTEG KEY [SRC [DST]]: a manual AH SA (RFC 4302). */
static int
do_ah(struct ctx *c)
{
	struct isc_key_esp e;
	struct tok	  *t = c->f->t;
	const struct algo *ia;

	if (c->f->n < 4 || c->f->n > 6)
		return usage(c, "ah", AH_USAGE);
	memset(&e, 0, sizeof(e));
	e.proto = 51;
	if (parse_sa_fields(c, "ah", 4, &e) != 0)
		return -1;
	if (text_field(&t[2], "ah", "INTEG", c->err, c->errlen) != 0)
		return -1;
	if (isc_algo_parse(ALGO_INTEG, t[2].p, &e.integ, NULL) != 0 ||
	    e.integ == 0 || ALGO_INTEG_IS_ANY(e.integ) ||
	    (ia = algo_find(ALGO_INTEG, e.integ)) == NULL)
		return errf(c->err, c->errlen,
		    "ah: INTEG '%.64s' is not an integrity algorithm AH can "
		    "check (write an IANA name such as AUTH_HMAC_SHA1_96 or "
		    "a strongSwan keyword such as sha256); fields are `%s`",
		    t[2].p, AH_USAGE);
	if (parse_hex(&t[3], "ah", "the INTEG key", &e.akey, &e.ak_len, c->err,
		c->errlen) != 0)
		return -1;
	if (check_akey("ah", "the INTEG key", e.ak_len, ia, t[2].p, c->err,
		c->errlen) != 0) {
		crypto_free_wiped(e.akey, e.ak_len);
		return -1;
	}
	e.at = origin(c);
	KEYS_GROW(c->k->esp, c->k->nesp);
	c->k->esp[c->k->nesp++] = e;
	return 0;
}

static int
do_esp(struct ctx *c)
{
	struct isc_key_esp e;
	struct tok	  *t = c->f->t;
	const struct algo *ea, *ia;
	size_t		   implied;

	if (c->f->n < 6 || c->f->n > 8)
		return usage(c, "esp", ESP_USAGE);
	memset(&e, 0, sizeof(e));
	e.proto = 50;
	if (parse_sa_fields(c, "esp", 6, &e) != 0)
		return -1;
	if (parse_algos("esp", ESP_USAGE, &t[2], &t[4], &ea, &e.encr, &implied,
		&ia, &e.integ, c->err, c->errlen) != 0)
		return -1;
	if (parse_hex(&t[3], "esp", "the ENCR key", &e.ekey, &e.ek_len, c->err,
		c->errlen) != 0)
		return -1;
	if (parse_hex(&t[5], "esp", "the INTEG key", &e.akey, &e.ak_len, c->err,
		c->errlen) != 0 ||
	    check_ekey("esp", "the ENCR key", e.ek_len, ea, t[2].p, implied,
		c->err, c->errlen) != 0 ||
	    check_akey("esp", "the INTEG key", e.ak_len, ia, t[4].p, c->err,
		c->errlen) != 0) {
		crypto_free_wiped(e.ekey, e.ek_len);
		crypto_free_wiped(e.akey, e.ak_len);
		return -1;
	}
	e.at = origin(c);
	KEYS_GROW(c->k->esp, c->k->nesp);
	c->k->esp[c->k->nesp++] = e;
	return 0;
}

/*
 * import FORMAT PATH: the records of another tool's key file, through
 * keys_import.c, into this store.  PATH is relative to the key file's
 * directory, like rsa PATH.  Each bad record is reported on c->errs at
 * its own line of PATH and counted in c->nsub; this line fails too when
 * PATH cannot be read or had bad records, so that the run stops.
 */
static int
do_import(struct ctx *c)
{
	struct tok *t = c->f->t;
	const char *fmt = NULL;
	char	   *path, why[256];
	size_t	    i;
	int	    n;

	if (c->f->n != 3)
		return usage(c, "import", "import FORMAT PATH");
	for (i = 0; i < sizeof(import_formats) / sizeof(import_formats[0]); i++)
		if (t[1].len == strlen(import_formats[i]) &&
		    ascii_name_eq(t[1].p, import_formats[i]))
			fmt = import_formats[i];
	if (fmt == NULL)
		return errf(c->err, c->errlen,
		    "import: unknown import format '%.32s' (wireshark, "
		    "tcpdump, charon-log, xfrm)",
		    t[1].p);
	if (c->k->importing > 0)
		return errf(c->err, c->errlen,
		    "import: an imported file cannot import another one; "
		    "import each file from the key file");
	if (text_field(&t[2], "import", "PATH", c->err, c->errlen) != 0)
		return -1;
	if (is_dash(&t[2]) || t[2].len == 0)
		return errf(c->err, c->errlen,
		    "import: PATH is empty; write the file (or, for "
		    "wireshark, the directory) to import");
	path = resolve(c->file, t[2].p);
	why[0] = '\0';
	n = isc_keys_import_why(c->k, fmt, path, c->errs, why, sizeof(why));
	if (n < 0) {
		if (why[0] != '\0')
			errf(c->err, c->errlen, "import: %.200s: %s", path,
			    why);
		else
			errf(c->err, c->errlen,
			    "import: no %s keys read from '%.200s'%s", fmt,
			    path, c->errs != NULL ? " (see above)" : "");
		free(path);
		return -1;
	}
	if (n > 0) {
		c->nsub = n;
		errf(c->err, c->errlen,
		    "import: %d bad record%s in %s file '%.200s'%s; the "
		    "others were imported",
		    n, n == 1 ? "" : "s", fmt, path,
		    c->errs != NULL ? " (reported above)" : "");
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *);
} directives[] = {
	{ "psk", do_psk },
	{ "dh", do_dh },
	{ "rsa", do_rsa },
	{ "ikev1", do_ikev1 },
	{ "ikev2", do_ikev2 },
	{ "esp", do_esp },
	{ "ah", do_ah },
	{ "import", do_import },
};

/* ---------------------------------------------------------------------
 * The store
 */

struct isc_keys *
isc_keys_new(void)
{
	return xcalloc(1, sizeof(struct isc_keys));
}

void
isc_keys_free(struct isc_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->npsk; i++) {
		crypto_free_wiped(k->psk[i].v, k->psk[i].len);
		free(k->psk[i].peer);
	}
	for (i = 0; i < k->ndh; i++)
		crypto_free_wiped(k->dh[i].v, k->dh[i].len);
	for (i = 0; i < k->nrsa; i++) {
		crypto_free_wiped(k->rsa[i].der, k->rsa[i].der_len);
		free(k->rsa[i].path);
	}
	for (i = 0; i < k->nv1; i++)
		crypto_free_wiped(k->v1[i].ka, k->v1[i].ka_len);
	for (i = 0; i < k->nv2; i++)
		free_v2(&k->v2[i]);
	for (i = 0; i < k->nesp; i++) {
		crypto_free_wiped(k->esp[i].ekey, k->esp[i].ek_len);
		crypto_free_wiped(k->esp[i].akey, k->esp[i].ak_len);
	}
	for (i = 0; i < k->nfiles; i++)
		free(k->files[i]);
	free(k->psk);
	free(k->dh);
	free(k->rsa);
	free(k->v1);
	free(k->v2);
	free(k->esp);
	free(k->files);
	free(k);
}

/*
 * One line; errs (may be NULL) gets an import's record messages, and
 * *nsub how many there were.
 */
static int
parse_line(struct isc_keys *k, const char *file, unsigned line,
    const char *text, char *err, size_t errlen, FILE *errs, int *nsub)
{
	struct fields f;
	struct ctx    c;
	char	     *buf;
	size_t	      len, i, n;
	int	      rc;

	*nsub = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (k == NULL || text == NULL)
		return errf(err, errlen, "no key store or no text");
	len = strlen(text);
	if (len > KEYS_LINE_MAX)
		return errf(err, errlen,
		    "line is %zu bytes, longer than the %d a key file line "
		    "may have",
		    len, KEYS_LINE_MAX);
	buf = xmemdup(text, len + 1);
	rc = split(buf, &f, err, errlen);
	if (rc != 0 || f.n == 0)
		goto out;
	c.k = k;
	c.file = file != NULL ? file : "-";
	c.line = line;
	c.f = &f;
	c.err = err;
	c.errlen = errlen;
	c.errs = errs;
	c.nsub = 0;
	n = sizeof(directives) / sizeof(directives[0]);
	for (i = 0; i < n; i++)
		if (f.t[0].len == strlen(directives[i].name) &&
		    ascii_name_eq(f.t[0].p, directives[i].name))
			break;
	if (i == n) {
		rc = errf(err, errlen,
		    "unknown directive '%.32s' (psk, dh, rsa, ikev1, ikev2, "
		    "esp, ah, import)",
		    f.t[0].p);
		goto out;
	}
	rc = directives[i].fn(&c);
	*nsub = c.nsub;
out:
	crypto_free_wiped(buf, len + 1);
	return rc;
}

int
isc_keys_parse_line(struct isc_keys *k, const char *file, unsigned line,
    const char *text, char *err, size_t errlen)
{
	int nsub;

	return parse_line(k, file, line, text, err, errlen, NULL, &nsub);
}

int
isc_keys_add_psk(struct isc_keys *k, const char *secret, char *err,
    size_t errlen)
{
	struct isc_key_psk e;
	struct tok	   t;
	char		  *buf, *r, *w;
	size_t		   len;
	int		   rc = -1;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (k == NULL || secret == NULL)
		return errf(err, errlen, "-p: no secret");
	len = strlen(secret);
	buf = xmemdup(secret, len + 1);
	/*
	 * A -p argument is one word already (the shell split it), so an
	 * unquoted one is taken whole, blanks and # included.
	 */
	t.p = buf;
	t.len = len;
	t.quoted = 0;
	if (buf[0] == '"') {
		r = w = buf;
		if (unquote(&r, &w, err, errlen) != 0)
			goto out;
		if (*r != '\0') {
			errf(err, errlen,
			    "-p: text after the closing quote; quote the whole "
			    "secret");
			goto out;
		}
		*w = '\0';
		t.len = (size_t)(w - buf);
		t.quoted = 1;
	}
	memset(&e, 0, sizeof(e));
	if (parse_secret(&t, "-p", &e.v, &e.len, err, errlen) != 0)
		goto out;
	e.at.file = intern(k, "-p");
	e.at.line = 0;
	add_psk(k, &e);
	rc = 0;
out:
	crypto_free_wiped(buf, len + 1);
	return rc;
}

/*
 * One line of f into *buf (grown as needed, wiped when moved), without
 * its newline.  1: a line; 0: end of file; -1: read error (errno in
 * *eno).  A line past
 * KEYS_LINE_MAX is read to its end but not kept (*toolong).
 */
static int
read_line(FILE *f, char **buf, size_t *cap, size_t *len, int *toolong, int *eno)
{
	size_t n = 0, ncap;
	char  *nb;
	int    ch;

	*toolong = 0;
	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (n >= KEYS_LINE_MAX) {
			*toolong = 1;
			continue;
		}
		if (n + 1 >= *cap) {
			ncap = *cap != 0 ? *cap * 2 : 256;
			if (ncap > KEYS_LINE_MAX + 1)
				ncap = KEYS_LINE_MAX + 1;
			nb = xmalloc(ncap);
			if (n > 0)
				memcpy(nb, *buf, n);
			crypto_free_wiped(*buf, *cap);
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[n++] = (char)ch;
	}
	if (ch == EOF) {
		if (ferror(f)) {
			*eno = errno != 0 ? errno : EIO;
			return -1;
		}
		if (n == 0 && !*toolong)
			return 0;
	}
	if (*cap == 0) {
		*buf = xmalloc(1);
		*cap = 1;
	}
	(*buf)[n] = '\0';
	*len = n;
	return 1;
}

int
isc_keys_load_file(struct isc_keys *k, const char *path, FILE *errs)
{
	FILE	*f;
	char	*buf = NULL, *p, msg[512];
	char	 iobuf[4096]; /* stdio's buffer: wiped, it held secrets */
	size_t	 cap = 0, len = 0;
	unsigned lineno = 0;
	int	 nerr = 0, r, toolong, e = 0, nsub, pr;

	if (k == NULL || path == NULL)
		return -1;
	if ((f = fopen(path, "r")) == NULL) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	(void)setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	while ((r = read_line(f, &buf, &cap, &len, &toolong, &e)) == 1) {
		lineno++;
		p = buf;
		if (toolong) {
			snprintf(msg, sizeof(msg),
			    "line is longer than %d bytes; a key file line "
			    "holds one directive",
			    KEYS_LINE_MAX);
		} else if (memchr(p, '\0', len) != NULL) {
			snprintf(msg, sizeof(msg),
			    "line has a NUL byte; a key file is text (write "
			    "\\0 in a quoted string)");
		} else {
			/* A UTF-8 byte order mark, as some editors write. */
			if (lineno == 1 && len >= 3 &&
			    memcmp(p, "\xef\xbb\xbf", 3) == 0)
				p += 3;
			pr = parse_line(k, path, lineno, p, msg, sizeof(msg),
			    errs, &nsub);
			nerr += nsub;
			if (pr == 0)
				continue;
		}
		nerr++;
		if (errs != NULL)
			fprintf(errs, "%s:%u: %s\n", path, lineno, msg);
	}
	crypto_free_wiped(buf, cap);
	fclose(f);
	crypto_wipe(iobuf, sizeof(iobuf));
	if (r < 0) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(e));
		return -1;
	}
	return nerr;
}

const char *
isc_key_origin_str(const struct isc_key_origin *o, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return "";
	if (o == NULL || o->file == NULL)
		snprintf(buf, len, "?");
	else if (o->line == 0)
		snprintf(buf, len, "%s", o->file);
	else
		snprintf(buf, len, "%s:%u", o->file, o->line);
	return buf;
}
