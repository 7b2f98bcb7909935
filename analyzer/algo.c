/*
 * algo.c - algorithm facts (RFC 7296 3.3.2; IANA "IKEv2 Transform Type
 * 1/2/3 Transform IDs"; the RFC named in each row for lengths).
 */
#include <stddef.h>

#include "algo.h"

static const struct algo algos[] = {
	/* kind, id, name, key min/max, salt, iv, block, icv, aead, source */
	{ ALGO_ENCR, 2, "DES-CBC", 8, 8, 0, 8, 8, 0, 0, "RFC 2405" },
	{ ALGO_ENCR, 3, "3DES-CBC", 24, 24, 0, 8, 8, 0, 0, "RFC 2451" },
	{ ALGO_ENCR, 6, "CAST-CBC", 5, 16, 0, 8, 8, 0, 0, "RFC 2144" },
	{ ALGO_ENCR, 7, "Blowfish-CBC", 5, 56, 0, 8, 8, 0, 0, "RFC 2451" },
	{ ALGO_ENCR, 11, "NULL", 0, 0, 0, 0, 1, 0, 0, "RFC 2410" },
	{ ALGO_ENCR, 12, "AES-CBC", 16, 32, 0, 16, 16, 0, 0, "RFC 3602" },
	{ ALGO_ENCR, 13, "AES-CTR", 16, 32, 4, 8, 1, 0, 0, "RFC 5930" },
	{ ALGO_ENCR, 14, "AES-CCM-8", 16, 32, 3, 8, 1, 8, 1, "RFC 5282" },
	{ ALGO_ENCR, 15, "AES-CCM-12", 16, 32, 3, 8, 1, 12, 1, "RFC 5282" },
	{ ALGO_ENCR, 16, "AES-CCM-16", 16, 32, 3, 8, 1, 16, 1, "RFC 5282" },
	{ ALGO_ENCR, 18, "AES-GCM-8", 16, 32, 4, 8, 1, 8, 1, "RFC 5282" },
	{ ALGO_ENCR, 19, "AES-GCM-12", 16, 32, 4, 8, 1, 12, 1, "RFC 5282" },
	{ ALGO_ENCR, 20, "AES-GCM-16", 16, 32, 4, 8, 1, 16, 1, "RFC 5282" },
	{ ALGO_ENCR, 21, "AES-GMAC", 16, 32, 4, 8, 1, 16, 1, "RFC 4543" },
	{ ALGO_ENCR, 23, "Camellia-CBC", 16, 32, 0, 16, 16, 0, 0, "RFC 5529" },
	{ ALGO_ENCR, 24, "Camellia-CTR", 16, 32, 4, 8, 1, 0, 0, "RFC 5529" },
	{ ALGO_ENCR, 25, "Camellia-CCM-8", 16, 32, 3, 8, 1, 8, 1, "RFC 5529" },
	{ ALGO_ENCR, 26, "Camellia-CCM-12", 16, 32, 3, 8, 1, 12, 1,
	    "RFC 5529" },
	{ ALGO_ENCR, 27, "Camellia-CCM-16", 16, 32, 3, 8, 1, 16, 1,
	    "RFC 5529" },
	{ ALGO_ENCR, 28, "ChaCha20-Poly1305", 32, 32, 4, 8, 1, 16, 1,
	    "RFC 7634" },
	/* Private use (IANA 1024-65535), with strongSwan's numbers. */
	{ ALGO_ENCR, 1027, "Twofish-CBC", 16, 32, 0, 16, 16, 0, 0,
	    "Twofish paper; strongSwan private ID" },
	{ ALGO_PRF, 1, "PRF-HMAC-MD5", 16, 16, 0, 0, 0, 16, 0, "RFC 2104" },
	{ ALGO_PRF, 2, "PRF-HMAC-SHA1", 20, 20, 0, 0, 0, 20, 0, "RFC 2104" },
	{ ALGO_PRF, 4, "PRF-AES128-XCBC", 16, 16, 0, 0, 0, 16, 0, "RFC 4434" },
	{ ALGO_PRF, 5, "PRF-HMAC-SHA2-256", 32, 32, 0, 0, 0, 32, 0,
	    "RFC 4868" },
	{ ALGO_PRF, 6, "PRF-HMAC-SHA2-384", 48, 48, 0, 0, 0, 48, 0,
	    "RFC 4868" },
	{ ALGO_PRF, 7, "PRF-HMAC-SHA2-512", 64, 64, 0, 0, 0, 64, 0,
	    "RFC 4868" },
	{ ALGO_PRF, 8, "PRF-AES128-CMAC", 16, 16, 0, 0, 0, 16, 0, "RFC 4615" },
	{ ALGO_INTEG, 1, "HMAC-MD5-96", 16, 16, 0, 0, 0, 12, 0, "RFC 2403" },
	{ ALGO_INTEG, 2, "HMAC-SHA1-96", 20, 20, 0, 0, 0, 12, 0, "RFC 2404" },
	{ ALGO_INTEG, 5, "AES-XCBC-96", 16, 16, 0, 0, 0, 12, 0, "RFC 3566" },
	{ ALGO_INTEG, 6, "HMAC-MD5-128", 16, 16, 0, 0, 0, 16, 0, "RFC 4595" },
	{ ALGO_INTEG, 7, "HMAC-SHA1-160", 20, 20, 0, 0, 0, 20, 0, "RFC 4595" },
	{ ALGO_INTEG, 8, "AES-CMAC-96", 16, 16, 0, 0, 0, 12, 0, "RFC 4494" },
	{ ALGO_INTEG, 12, "HMAC-SHA2-256-128", 32, 32, 0, 0, 0, 16, 0,
	    "RFC 4868" },
	{ ALGO_INTEG, 13, "HMAC-SHA2-384-192", 48, 48, 0, 0, 0, 24, 0,
	    "RFC 4868" },
	{ ALGO_INTEG, 14, "HMAC-SHA2-512-256", 64, 64, 0, 0, 0, 32, 0,
	    "RFC 4868" },
	/* Private use, strongSwan's number: Linux before 2.6.33. */
	{ ALGO_INTEG, 1026, "HMAC-SHA2-256-96", 32, 32, 0, 0, 0, 12, 0,
	    "draft-ietf-ipsec-ciph-sha-256-00" },
	/*
	 * An ICV whose algorithm or key is not known (Wireshark's "ANY n bit
	 * authentication [no checking]"): skipped, never checked.  IDs
	 * private to ikescope.
	 */
	{ ALGO_INTEG, ALGO_INTEG_ANY_96, "unchecked 96-bit ICV", 0, 0, 0, 0, 0,
	    12, 0, "ikescope" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_128, "unchecked 128-bit ICV", 0, 0, 0, 0,
	    0, 16, 0, "ikescope" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_192, "unchecked 192-bit ICV", 0, 0, 0, 0,
	    0, 24, 0, "ikescope" },
	{ ALGO_INTEG, ALGO_INTEG_ANY_256, "unchecked 256-bit ICV", 0, 0, 0, 0,
	    0, 32, 0, "ikescope" },
};

const struct algo *
algo_find(enum algo_kind kind, uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(algos) / sizeof(algos[0]); i++)
		if (algos[i].kind == kind && algos[i].id == id)
			return &algos[i];
	return NULL;
}
