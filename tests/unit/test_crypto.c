/*
 * test_crypto.c - analyzer/crypto.c against published test vectors:
 * HMAC (RFC 2202, 4231, 4868), AES-XCBC (RFC 3566, 4434), AES-CMAC
 * (RFC 4493, 4494, 4615), prf+ (RFC 7296 2.13), AES-CBC (RFC 3602),
 * AES-CTR (RFC 3686), AES-GCM (McGrew-Viega GCM spec), ChaCha20-
 * Poly1305 (RFC 8439 2.8.2), DES (FIPS 81), 3DES (SP 800-67), CAST-128
 * (RFC 2144 B.1), Blowfish (Schneier), Camellia (RFC 3713).
 *
 * Byte strings are written as specs: "x:hex", "r:AA*n" (n bytes AA),
 * "q:AA-BB" (the bytes AA, AA+1, ... BB), "s:text", "" (empty).
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "../../analyzer/crypto.h"
#include "tap.h"

#define MAXB 1100

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Expand a spec into buf; returns the length. */
static size_t
spec(const char *s, uint8_t *buf)
{
	size_t	      n = 0, i, cnt;
	unsigned long a, b;
	char	     *end;
	int	      hi, lo;

	if (s == NULL || *s == '\0')
		return 0;
	switch (s[0]) {
	case 'x':
		for (s += 2; *s != '\0';) {
			if (*s == ' ') {
				s++;
				continue;
			}
			hi = hexval(s[0]);
			lo = hexval(s[1]);
			if (hi < 0 || lo < 0 || n >= MAXB)
				return n;
			buf[n++] = (uint8_t)(hi << 4 | lo);
			s += 2;
		}
		return n;
	case 'r':
		a = strtoul(s + 2, &end, 16);
		cnt = strtoul(end + 1, NULL, 10);
		for (i = 0; i < cnt && n < MAXB; i++)
			buf[n++] = (uint8_t)a;
		return n;
	case 'q':
		a = strtoul(s + 2, &end, 16);
		b = strtoul(end + 1, NULL, 16);
		for (; a <= b && n < MAXB; a++)
			buf[n++] = (uint8_t)a;
		return n;
	case 's':
		n = strlen(s + 2);
		memcpy(buf, s + 2, n);
		return n;
	}
	return 0;
}

enum {
	PRF,
	HMAC,
	INTEG
};

struct mac_vec {
	int	    kind;
	uint16_t    id;
	const char *key, *data, *out, *src;
};

#define T1 "s:Test Using Larger Than Block-Size Key - Hash Key First"
#define T2 \
	"s:Test Using Larger Than Block-Size Key and Larger Than One " \
	"Block-Size Data"
#define T3 \
	"s:This is a test using a larger than block-size key and a larger " \
	"than block-size data. The key needs to be hashed before being used " \
	"by the HMAC algorithm."
#define JEFE "s:what do ya want for nothing?"
#define XK   "q:00-0f"
#define CK   "x:2b7e151628aed2a6abf7158809cf4f3c"
#define CM1  "x:6bc1bee22e409f96e93d7e117393172a"
#define CM2  CM1 "ae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411"
#define CM3  CM2 "e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"

static const struct mac_vec macs[] = {
	/* RFC 2202 section 2, HMAC-MD5, as PRF 1 and IKEv1 hash 1 */
	{ PRF, 1, "r:0b*16", "s:Hi There", "x:9294727a3638bb1c13f48ef8158bfc9d",
	    "RFC 2202 MD5 1" },
	{ PRF, 1, "s:Jefe", JEFE, "x:750c783e6ab0b503eaa86e310a5db738",
	    "RFC 2202 MD5 2" },
	{ PRF, 1, "r:aa*16", "r:dd*50", "x:56be34521d144c88dbb8c733f0e8b3f6",
	    "RFC 2202 MD5 3" },
	{ PRF, 1, "q:01-19", "r:cd*50", "x:697eaf0aca3a3aea3a75164746ffaa79",
	    "RFC 2202 MD5 4" },
	{ PRF, 1, "r:0c*16", "s:Test With Truncation",
	    "x:56461ef2342edc00f9bab995690efd4c", "RFC 2202 MD5 5" },
	{ PRF, 1, "r:aa*80", T1, "x:6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
	    "RFC 2202 MD5 6" },
	{ PRF, 1, "r:aa*80", T2, "x:6f630fad67cda0ee1fb1f562db3aa53e",
	    "RFC 2202 MD5 7" },
	/* RFC 2202 section 3, HMAC-SHA-1 */
	{ PRF, 2, "r:0b*20", "s:Hi There",
	    "x:b617318655057264e28bc0b6fb378c8ef146be00", "RFC 2202 SHA1 1" },
	{ PRF, 2, "s:Jefe", JEFE, "x:effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	    "RFC 2202 SHA1 2" },
	{ PRF, 2, "r:aa*20", "r:dd*50",
	    "x:125d7342b9ac11cd91a39af48aa17b4f63f175d3", "RFC 2202 SHA1 3" },
	{ PRF, 2, "q:01-19", "r:cd*50",
	    "x:4c9007f4026250c6bc8414f9bf50c86c2d7235da", "RFC 2202 SHA1 4" },
	{ PRF, 2, "r:0c*20", "s:Test With Truncation",
	    "x:4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", "RFC 2202 SHA1 5" },
	{ PRF, 2, "r:aa*80", T1, "x:aa4ae5e15272d00e95705637ce8a3b55ed402112",
	    "RFC 2202 SHA1 6" },
	{ PRF, 2, "r:aa*80", T2, "x:e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
	    "RFC 2202 SHA1 7" },
	/* RFC 4231 section 4, HMAC-SHA-256/384/512, cases 1-4, 6, 7 */
	{ PRF, 5, "r:0b*20", "s:Hi There",
	    "x:b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    "RFC 4231 1 SHA-256" },
	{ PRF, 6, "r:0b*20", "s:Hi There",
	    "x:afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	    "faea9ea9076ede7f4af152e8b2fa9cb6",
	    "RFC 4231 1 SHA-384" },
	{ PRF, 7, "r:0b*20", "s:Hi There",
	    "x:87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	    "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	    "RFC 4231 1 SHA-512" },
	{ PRF, 5, "s:Jefe", JEFE,
	    "x:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "RFC 4231 2 SHA-256" },
	{ PRF, 6, "s:Jefe", JEFE,
	    "x:af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649",
	    "RFC 4231 2 SHA-384" },
	{ PRF, 7, "s:Jefe", JEFE,
	    "x:164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	    "RFC 4231 2 SHA-512" },
	{ PRF, 5, "r:aa*20", "r:dd*50",
	    "x:773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    "RFC 4231 3 SHA-256" },
	{ PRF, 6, "r:aa*20", "r:dd*50",
	    "x:88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	    "2a5ab39dc13814b94e3ab6e101a34f27",
	    "RFC 4231 3 SHA-384" },
	{ PRF, 7, "r:aa*20", "r:dd*50",
	    "x:fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	    "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
	    "RFC 4231 3 SHA-512" },
	{ PRF, 5, "q:01-19", "r:cd*50",
	    "x:82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    "RFC 4231 4 SHA-256" },
	{ PRF, 6, "q:01-19", "r:cd*50",
	    "x:3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	    "6801dd23c4a7d679ccf8a386c674cffb",
	    "RFC 4231 4 SHA-384" },
	{ PRF, 7, "q:01-19", "r:cd*50",
	    "x:b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	    "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
	    "RFC 4231 4 SHA-512" },
	{ PRF, 5, "r:aa*131", T1,
	    "x:60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "RFC 4231 6 SHA-256" },
	{ PRF, 6, "r:aa*131", T1,
	    "x:4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	    "0c2ef6ab4030fe8296248df163f44952",
	    "RFC 4231 6 SHA-384" },
	{ PRF, 7, "r:aa*131", T1,
	    "x:80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	    "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	    "RFC 4231 6 SHA-512" },
	{ PRF, 5, "r:aa*131", T3,
	    "x:9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	    "RFC 4231 7 SHA-256" },
	{ PRF, 6, "r:aa*131", T3,
	    "x:6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	    "a678cc31e799176d3860e6110c46523e",
	    "RFC 4231 7 SHA-384" },
	{ PRF, 7, "r:aa*131", T3,
	    "x:e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	    "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
	    "RFC 4231 7 SHA-512" },
	/* IKEv1 HMAC (hash numbers 1, 2, 4, 5, 6), same RFCs */
	{ HMAC, 1, "r:0b*16", "s:Hi There",
	    "x:9294727a3638bb1c13f48ef8158bfc9d", "RFC 2202 MD5 1" },
	{ HMAC, 2, "s:Jefe", JEFE, "x:effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	    "RFC 2202 SHA1 2" },
	{ HMAC, 4, "q:01-19", "r:cd*50",
	    "x:82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    "RFC 4231 4 SHA-256" },
	{ HMAC, 5, "r:aa*131", T1,
	    "x:4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	    "0c2ef6ab4030fe8296248df163f44952",
	    "RFC 4231 6 SHA-384" },
	{ HMAC, 6, "s:Jefe", JEFE,
	    "x:164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	    "RFC 4231 2 SHA-512" },
	/* HMAC-MD5-96 / HMAC-SHA1-96: RFC 2202 values cut to 12 bytes */
	{ INTEG, 1, "r:0b*16", "s:Hi There", "x:9294727a3638bb1c13f48ef8",
	    "RFC 2202 MD5 1, 96 bits" },
	{ INTEG, 1, "r:0c*16", "s:Test With Truncation",
	    "x:56461ef2342edc00f9bab995", "RFC 2202 MD5 5, 96 bits" },
	{ INTEG, 2, "r:0b*20", "s:Hi There", "x:b617318655057264e28bc0b6",
	    "RFC 2202 SHA1 1, 96 bits" },
	{ INTEG, 2, "r:0c*20", "s:Test With Truncation",
	    "x:4c1a03424b55e07fe7f27be1", "RFC 2202 SHA1 5, 96 bits" },
	{ INTEG, 6, "r:aa*16", "r:dd*50", "x:56be34521d144c88dbb8c733f0e8b3f6",
	    "RFC 2202 MD5 3, HMAC-MD5-128" },
	{ INTEG, 7, "r:aa*20", "r:dd*50",
	    "x:125d7342b9ac11cd91a39af48aa17b4f63f175d3",
	    "RFC 2202 SHA1 3, HMAC-SHA1-160" },
	/* RFC 4868 2.7.2: HMAC-SHA-256-128 / 384-192 / 512-256 */
	{ INTEG, 12, "r:0b*32", "s:Hi There",
	    "x:198a607eb44bfbc69903a0f1cf2bbdc5", "RFC 4868 2.7.2.1 case 1" },
	{ INTEG, 12, "s:JefeJefeJefeJefeJefeJefeJefeJefe", JEFE,
	    "x:167f928588c5cc2eef8e3093caa0e87c", "RFC 4868 2.7.2.1 case 2" },
	{ INTEG, 13, "r:0b*48", "s:Hi There",
	    "x:b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973",
	    "RFC 4868 2.7.2.2 case 1" },
	{ INTEG, 14, "r:0b*64", "s:Hi There",
	    "x:637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8",
	    "RFC 4868 2.7.2.3 case 1" },
	/* RFC 3566 4.6: AES-XCBC-MAC-96 (INTEG 5) and full (PRF 4) */
	{ INTEG, 5, XK, "", "x:75f0251d528ac01c4573dfd5", "RFC 3566 4.6 #1" },
	{ INTEG, 5, XK, "q:00-02", "x:5b376580ae2f19afe7219cee",
	    "RFC 3566 4.6 #2" },
	{ INTEG, 5, XK, "q:00-0f", "x:d2a246fa349b68a79998a439",
	    "RFC 3566 4.6 #3" },
	{ INTEG, 5, XK, "q:00-13", "x:47f51b4564966215b8985c63",
	    "RFC 3566 4.6 #4" },
	{ INTEG, 5, XK, "q:00-1f", "x:f54f0ec8d2b9f3d36807734b",
	    "RFC 3566 4.6 #5" },
	{ INTEG, 5, XK, "q:00-21", "x:becbb3bccdb518a30677d548",
	    "RFC 3566 4.6 #6" },
	{ INTEG, 5, XK, "r:00*1000", "x:f0dafee895db30253761103b",
	    "RFC 3566 4.6 #7" },
	{ PRF, 4, XK, "", "x:75f0251d528ac01c4573dfd584d79f29",
	    "RFC 3566 4.6 #1 full" },
	{ PRF, 4, XK, "q:00-02", "x:5b376580ae2f19afe7219ceef172756f",
	    "RFC 3566 4.6 #2 full" },
	{ PRF, 4, XK, "q:00-0f", "x:d2a246fa349b68a79998a4394ff7a263",
	    "RFC 3566 4.6 #3 full" },
	{ PRF, 4, XK, "q:00-21", "x:becbb3bccdb518a30677d5481fb6b4d8",
	    "RFC 3566 4.6 #6 full" },
	{ PRF, 4, XK, "r:00*1000", "x:f0dafee895db30253761103b5d84528f",
	    "RFC 3566 4.6 #7 full" },
	/* RFC 4434 section 4: PRF-AES128-XCBC key lengths 16, 10, 18 */
	{ PRF, 4, XK, "q:00-13", "x:47f51b4564966215b8985c63055ed308",
	    "RFC 4434 4, 16-byte key" },
	{ PRF, 4, "q:00-09", "q:00-13", "x:0fa087af7d866e7653434e602fdde835",
	    "RFC 4434 4, 10-byte key" },
	{ PRF, 4, "x:000102030405060708090a0b0c0d0e0fedcb", "q:00-13",
	    "x:8cd3c93ae598a9803006ffb67c40e9e4", "RFC 4434 4, 18-byte key" },
	/* RFC 4493 4: AES-CMAC (PRF 8 with a 16-byte key; INTEG 8) */
	{ PRF, 8, CK, "", "x:bb1d6929e95937287fa37d129b756746",
	    "RFC 4493 4 example 1" },
	{ PRF, 8, CK, CM1, "x:070a16b46b4d4144f79bdd9dd04a287c",
	    "RFC 4493 4 example 2" },
	{ PRF, 8, CK, CM2, "x:dfa66747de9ae63030ca32611497c827",
	    "RFC 4493 4 example 3" },
	{ PRF, 8, CK, CM3, "x:51f0bebf7e3b9d92fc49741779363cfe",
	    "RFC 4493 4 example 4" },
	{ INTEG, 8, CK, "", "x:bb1d6929e95937287fa37d12",
	    "RFC 4494 2.4 example 1 (RFC 4493 cut to 96 bits)" },
	{ INTEG, 8, CK, CM3, "x:51f0bebf7e3b9d92fc497417",
	    "RFC 4494 2.4 example 4 (RFC 4493 cut to 96 bits)" },
	/* RFC 4615 4: AES-CMAC-PRF-128 key lengths 18, 16, 10 */
	{ PRF, 8, "x:000102030405060708090a0b0c0d0e0fedcb", "q:00-13",
	    "x:84a348a4a45d235babfffc0d2b4da09a", "RFC 4615 4, 18-byte key" },
	{ PRF, 8, XK, "q:00-13", "x:980ae87b5f4c9c5214f5b6a8455e4c2d",
	    "RFC 4615 4, 16-byte key" },
	{ PRF, 8, "q:00-09", "q:00-13", "x:290d9e112edb09ee141fcf64c0b72f3d",
	    "RFC 4615 4, 10-byte key" },
};

static void
test_macs(void)
{
	static uint8_t key[MAXB], data[MAXB], want[MAXB], got[MAXB];
	size_t	       i, kl, dl, wl;
	int	       rc;

	for (i = 0; i < sizeof(macs) / sizeof(macs[0]); i++) {
		const struct mac_vec *v = &macs[i];

		kl = spec(v->key, key);
		dl = spec(v->data, data);
		wl = spec(v->out, want);
		memset(got, 0xee, sizeof(got));
		switch (v->kind) {
		case PRF:
			ok(crypto_prf_len(v->id) == wl, "prf %u length %zu",
			    v->id, wl);
			rc = crypto_prf(v->id, key, kl, data, dl, got);
			break;
		case HMAC:
			ok(crypto_hash_len(v->id) == wl, "hash %u length %zu",
			    v->id, wl);
			rc = crypto_hmac(v->id, key, kl, data, dl, got);
			break;
		default:
			rc = crypto_integ(v->id, key, kl, data, dl, got, wl);
			break;
		}
		ok(rc == 0 && memcmp(got, want, wl) == 0 && got[wl] == 0xee,
		    "%s %u: %s",
		    v->kind == PRF	? "prf" :
			v->kind == HMAC ? "hmac" :
					  "integ",
		    v->id, v->src);
	}
}

static void
test_hash(void)
{
	uint8_t out[64], want[64];
	size_t	n;

	/* FIPS 180-2 appendix B.1 / RFC 1321 A.5 "abc" */
	n = spec("x:a9993e364706816aba3e25717850c26c9cd0d89d", want);
	ok(crypto_hash(2, (const uint8_t *)"abc", 3, out) == 0 &&
		memcmp(out, want, n) == 0,
	    "SHA-1(abc) FIPS 180-2 B.1");
	n = spec("x:900150983cd24fb0d6963f7d28e17f72", want);
	ok(crypto_hash(1, (const uint8_t *)"abc", 3, out) == 0 &&
		memcmp(out, want, n) == 0,
	    "MD5(abc) RFC 1321 A.5");
	n = spec("x:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    want);
	ok(crypto_hash(4, (const uint8_t *)"abc", 3, out) == 0 &&
		memcmp(out, want, n) == 0,
	    "SHA-256(abc) FIPS 180-2 B.1");
	ok(crypto_hash(3, (const uint8_t *)"abc", 3, out) == -1 &&
		crypto_hash_len(3) == 0,
	    "IKEv1 hash 3 (Tiger) unsupported");
}

static void
test_errors(void)
{
	uint8_t k[64] = { 0 }, out[64];

	ok(crypto_prf_len(3) == 0 && crypto_prf(3, k, 16, k, 1, out) == -1,
	    "prf 3 (TIGER) unknown");
	ok(crypto_integ(1, k, 15, k, 1, out, 12) == -1,
	    "integ HMAC-MD5-96 with a 15-byte key fails");
	ok(crypto_integ(12, k, 32, k, 1, out, 12) == -1,
	    "integ HMAC-SHA2-256-128 with a 12-byte ICV fails");
	ok(crypto_integ(99, k, 16, k, 1, out, 12) == -1, "integ 99 unknown");
	ok(crypto_decrypt(12, k, 16, k, 16, k, 15, out) == -1,
	    "AES-CBC with a partial block fails");
	ok(crypto_decrypt(12, k, 20, k, 16, k, 16, out) == -1,
	    "AES-CBC with a 20-byte key fails");
	ok(crypto_decrypt(12, k, 16, k, 8, k, 16, out) == -1,
	    "AES-CBC with an 8-byte IV fails");
	ok(crypto_decrypt(20, k, 20, k, 8, k, 16, out) == -1,
	    "AES-GCM through crypto_decrypt fails");
	ok(crypto_aead_decrypt(12, k, 16, k, 16, NULL, 0, k, 16, k, 16, out) ==
		-1,
	    "AES-CBC through crypto_aead_decrypt fails");
}

/*
 * prf+ (RFC 7296 2.13) against T1 | T2 | T3 built by hand with prf:
 * T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n).
 */
static void
test_prf_plus(void)
{
	static const uint16_t prfs[] = { 2, 4, 5, 8 };
	static uint8_t	      big[255 * 20 + 1];
	uint8_t		      key[20], seed[37], buf[64 + 37 + 1], t[64];
	uint8_t		      want[3 * 64], got[3 * 64 + 1];
	size_t		      i, h, n, outlen;
	unsigned int	      r;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0x40 + i);
	for (i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(0xa0 + i);
	for (i = 0; i < sizeof(prfs) / sizeof(prfs[0]); i++) {
		h = crypto_prf_len(prfs[i]);
		n = 0;
		for (r = 1; r <= 3; r++) {
			size_t bl = 0;

			if (r > 1) {
				memcpy(buf, t, h);
				bl = h;
			}
			memcpy(buf + bl, seed, sizeof(seed));
			bl += sizeof(seed);
			buf[bl++] = (uint8_t)r;
			if (crypto_prf(prfs[i], key, sizeof(key), buf, bl, t) ==
			    -1)
				break;
			memcpy(want + n, t, h);
			n += h;
		}
		outlen = 2 * h + h / 2 + 1; /* part of T3 */
		memset(got, 0xee, sizeof(got));
		ok(n == 3 * h &&
			crypto_prf_plus(prfs[i], key, sizeof(key), seed,
			    sizeof(seed), got, outlen) == 0 &&
			memcmp(got, want, outlen) == 0 && got[outlen] == 0xee,
		    "prf+ prf %u: %zu bytes = T1 | T2 | part of T3", prfs[i],
		    outlen);
	}
	ok(crypto_prf_plus(2, key, 20, seed, 5, big, 255 * 20) == 0,
	    "prf+ 255 rounds of SHA1 allowed");
	memset(big, 0x5a, sizeof(big));
	ok(crypto_prf_plus(2, key, 20, seed, 5, big, 255 * 20 + 1) == -1 &&
		big[0] == 0x5a && big[255 * 20] == 0x5a,
	    "prf+ 256 rounds refused, output untouched");
	ok(crypto_prf_plus(99, key, 20, seed, 5, got, 16) == -1,
	    "prf+ unknown prf refused");
}

struct cipher_vec {
	uint16_t    encr;
	const char *key, *iv, *pt, *ct, *src;
};

static const struct cipher_vec ciphers[] = {
	{ 12, "x:06a9214036b8a15b512e03d534120006",
	    "x:3dafba429d9eb430b422da802c9fac41", "s:Single block msg",
	    "x:e353779c1079aeb82708942dbe77181a", "RFC 3602 4 case 1" },
	{ 12, "x:c286696d887c9aa0611bbb3e2025a45a",
	    "x:562e17996d093d28ddb3ba695a2e6f58", "q:00-1f",
	    "x:d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1",
	    "RFC 3602 4 case 2" },
	{ 12, "x:6c3ea0477630ce21a2ce334aa746c2cd",
	    "x:c782dc4c098c66cbd9cd27d825682c81",
	    "s:This is a 48-byte message (exactly 3 AES blocks)",
	    "x:d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
	    "021c19216bad525c8579695d83ba2684",
	    "RFC 3602 4 case 3" },
	{ 12, "x:56e47a38c5598974bc46903dba290349",
	    "x:8ce82eefbea0da3c44699ed7db51b7d9", "q:a0-df",
	    "x:c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
	    "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55",
	    "RFC 3602 4 case 4" },
	/* RFC 3686 6: key = AES key | nonce, iv = 8-byte IV */
	{ 13, "x:ae6852f8121067cc4bf7a5765577f39e 00000030",
	    "x:0000000000000000", "s:Single block msg",
	    "x:e4095d4fb7a7b3792d6175a3261311b8", "RFC 3686 6 vector 1" },
	{ 13, "x:7e24067817fae0d743d6ce1f32539163 006cb6db",
	    "x:c0543b59da48d90b", "q:00-1f",
	    "x:5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28",
	    "RFC 3686 6 vector 2" },
	{ 13, "x:7691be035e5020a8ac6e618529f9a0dc 00e0017b",
	    "x:27777f3f4a1786f0", "q:00-23",
	    "x:c1cf48a89f2ffdd9cf4652e9efdb72d74540a42bde6d7836d59a5ceaaef31053"
	    "25b2072f",
	    "RFC 3686 6 vector 3" },
	/* FIPS 81 appendix C, CBC example */
	{ 2, "x:0123456789abcdef", "x:1234567890abcdef",
	    "s:Now is the time for all ",
	    "x:e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6",
	    "FIPS 81 CBC example" },
	/* SP 800-67 appendix B (ECB) as single CBC blocks under a zero IV */
	{ 3, "x:0123456789abcdef23456789abcdef01456789abcdef0123",
	    "x:0000000000000000", "s:The qufc", "x:a826fd8ce53b855f",
	    "SP 800-67 B block 1" },
	{ 3, "x:0123456789abcdef23456789abcdef01456789abcdef0123",
	    "x:0000000000000000", "s:k brown ", "x:cce21c8112256fe6",
	    "SP 800-67 B block 2" },
	{ 3, "x:0123456789abcdef23456789abcdef01456789abcdef0123",
	    "x:0000000000000000", "s:fox jump", "x:68d5c05dd9b6b900",
	    "SP 800-67 B block 3" },
	/* RFC 2144 B.1, 128-bit key, as a CBC block under a zero IV */
	{ 6, "x:0123456712345678234567893456789a", "x:0000000000000000",
	    "x:0123456789abcdef", "x:238b4fe5847e44b2", "RFC 2144 B.1" },
	/* Schneier's Blowfish vectors (vectors.txt, first line) */
	{ 7, "x:0000000000000000", "x:0000000000000000", "x:0000000000000000",
	    "x:4ef997456198dd78", "Blowfish ECB vector 1" },
	/* RFC 3713 appendix A, 128-bit key */
	{ 23, "x:0123456789abcdeffedcba9876543210",
	    "x:00000000000000000000000000000000",
	    "x:0123456789abcdeffedcba9876543210",
	    "x:67673138549669730857065648eabe43", "RFC 3713 A Camellia-128" },
	{ 11, "", "", "s:plain", "s:plain", "NULL (RFC 2410)" },
};

static void
test_ciphers(void)
{
	static uint8_t key[MAXB], iv[MAXB], pt[MAXB], ct[MAXB], got[MAXB];
	size_t	       i, kl, il, pl, cl;

	for (i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++) {
		const struct cipher_vec *v = &ciphers[i];

		kl = spec(v->key, key);
		il = spec(v->iv, iv);
		pl = spec(v->pt, pt);
		cl = spec(v->ct, ct);
		memset(got, 0xee, sizeof(got));
		ok(pl == cl &&
			crypto_decrypt(v->encr, key, kl, iv, il, ct, cl, got) ==
			    0 &&
			memcmp(got, pt, pl) == 0 && got[pl] == 0xee,
		    "decrypt %u: %s", v->encr, v->src);
		/* in place */
		ok(crypto_decrypt(v->encr, key, kl, iv, il, ct, cl, ct) == 0 &&
			memcmp(ct, pt, pl) == 0,
		    "decrypt %u in place: %s", v->encr, v->src);
	}
}

/* SP 800-67 B as one 3-block CBC message: P[i] = ECB-P[i] ^ C[i-1]. */
static void
test_3des_cbc(void)
{
	uint8_t key[24], iv[8] = { 0 }, ct[24], pt[24], want[24], got[24];
	size_t	i;

	spec("x:0123456789abcdef23456789abcdef01456789abcdef0123", key);
	spec("x:a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900", ct);
	memcpy(pt, "The qufck brown fox jump", 24);
	for (i = 0; i < 24; i++)
		want[i] = pt[i] ^ (i < 8 ? 0 : ct[i - 8]);
	ok(crypto_decrypt(3, key, 24, iv, 8, ct, 24, got) == 0 &&
		memcmp(got, want, 24) == 0,
	    "3DES-CBC 3 blocks from SP 800-67 B");
}

struct aead_vec {
	uint16_t    encr;
	const char *key, *iv, *aad, *pt, *ct, *tag, *src;
};

#define GK  "x:feffe9928665731c6d6a8f9467308308 cafebabe"
#define GIV "x:facedbaddecaf888"
#define GP3 \
	"x:d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
#define GC3 \
	"x:42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" \
	"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
#define GP4 \
	"x:d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GC4 \
	"x:42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" \
	"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
#define GA4 "x:feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define CHK "q:80-9f"
#define CHP \
	"s:Ladies and Gentlemen of the class of '99: If I could offer you " \
	"only one tip for the future, sunscreen would be it."
#define CHC \
	"x:d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" \
	"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" \
	"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" \
	"3ff4def08e4b7a9de576d26586cec64b6116"

static const struct aead_vec aeads[] = {
	/* GCM spec (McGrew-Viega) test case 3: salt = IV[0..3] */
	{ 20, GK, GIV, "", GP3, GC3, "x:4d5c2af327cd64a62cf35abd2ba6fab4",
	    "GCM spec test case 3" },
	{ 20, GK, GIV, GA4, GP4, GC4, "x:5bc94fbc3221a5db94fae95ae7121a47",
	    "GCM spec test case 4" },
	{ 19, GK, GIV, GA4, GP4, GC4, "x:5bc94fbc3221a5db94fae95a",
	    "GCM spec test case 4, 12-byte ICV" },
	{ 18, GK, GIV, GA4, GP4, GC4, "x:5bc94fbc3221a5db",
	    "GCM spec test case 4, 8-byte ICV" },
	/* GCM spec test case 1 (no data at all) as GMAC */
	{ 21, "r:00*20", "r:00*8", "", "", "",
	    "x:58e2fccefa7e3061367f1d57a4e7455a",
	    "GCM spec test case 1 as AES-GMAC" },
	/* RFC 8439 2.8.2: salt = nonce[0..3] = 07000000 */
	{ 28, CHK " x:07000000", "x:4041424344454647",
	    "x:50515253c0c1c2c3c4c5c6c7", CHP, CHC,
	    "x:1ae10b594f09e26a7e902ecbd0600691", "RFC 8439 2.8.2" },
};

static void
test_aeads(void)
{
	static uint8_t key[MAXB], iv[MAXB], aad[MAXB], pt[MAXB], ct[MAXB];
	static uint8_t tag[MAXB], got[MAXB];
	size_t	       i, kl, il, al, pl, cl, tl;

	for (i = 0; i < sizeof(aeads) / sizeof(aeads[0]); i++) {
		const struct aead_vec *v = &aeads[i];

		kl = spec(v->key, key);
		if (strchr(v->key, ' ') != NULL && v->key[0] == 'q')
			kl += spec(strchr(v->key, ' ') + 1, key + kl);
		il = spec(v->iv, iv);
		al = spec(v->aad, aad);
		pl = spec(v->pt, pt);
		cl = spec(v->ct, ct);
		tl = spec(v->tag, tag);
		memset(got, 0xee, sizeof(got));
		ok(pl == cl &&
			crypto_aead_decrypt(v->encr, key, kl, iv, il, aad, al,
			    ct, cl, tag, tl, got) == 0 &&
			memcmp(got, pt, pl) == 0 && got[pl] == 0xee,
		    "aead %u: %s", v->encr, v->src);
		tag[tl - 1] ^= 0x01;
		memset(got, 0xee, sizeof(got));
		ok(crypto_aead_decrypt(v->encr, key, kl, iv, il, aad, al, ct,
		       cl, tag, tl, got) == -1 &&
			got[0] == 0xee,
		    "aead %u: %s, flipped tag refused, nothing written",
		    v->encr, v->src);
		tag[tl - 1] ^= 0x01;
		if (al > 0) {
			aad[0] ^= 0x80;
			ok(crypto_aead_decrypt(v->encr, key, kl, iv, il, aad,
			       al, ct, cl, tag, tl, got) == -1,
			    "aead %u: %s, flipped AAD refused", v->encr,
			    v->src);
			aad[0] ^= 0x80;
		}
		if (cl > 0) {
			ct[cl / 2] ^= 0x04;
			ok(crypto_aead_decrypt(v->encr, key, kl, iv, il, aad,
			       al, ct, cl, tag, tl, got) == -1 &&
				got[0] == 0xee,
			    "aead %u: %s, flipped ciphertext refused", v->encr,
			    v->src);
			ct[cl / 2] ^= 0x04;
			ok(crypto_aead_decrypt(v->encr, key, kl, iv, il, aad,
			       al, ct, cl, tag, tl, ct) == 0 &&
				memcmp(ct, pt, pl) == 0,
			    "aead %u: %s in place", v->encr, v->src);
		}
	}
}

/*
 * AES-CCM with the IPsec 11-byte nonce (3-byte salt | 8-byte IV,
 * RFC 4309): no published vector with that nonce length was at hand,
 * so these are NOT independent checks: the sealed message comes from
 * libgcrypt itself, and the test shows the key/salt/nonce/length
 * plumbing round-trips and that tampering is caught.
 */
static void
test_ccm_roundtrip(void)
{
	static const uint16_t ids[] = { 14, 15, 16, 25, 26, 27 };
	gcry_cipher_hd_t      h;
	uint8_t		      key[35], nonce[11], aad[12], pt[45], ct[45];
	uint8_t		      tag[16], got[45];
	uint64_t	      lens[3];
	size_t		      i, j, taglen, klen;
	int		      algo;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0xc0 + i);
	for (i = 0; i < sizeof(aad); i++)
		aad[i] = (uint8_t)i;
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = (uint8_t)(0x20 + i);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		taglen = ids[i] % 3 == 2 ? 8 : ids[i] % 3 == 0 ? 12 : 16;
		if (ids[i] >= 25)
			taglen = ids[i] == 25 ? 8 : ids[i] == 26 ? 12 : 16;
		klen = i % 3 == 0 ? 16 : i % 3 == 1 ? 24 : 32;
		algo = ids[i] >= 25 ?
		    (klen == 16	       ? GCRY_CIPHER_CAMELLIA128 :
			    klen == 24 ? GCRY_CIPHER_CAMELLIA192 :
					 GCRY_CIPHER_CAMELLIA256) :
		    (klen == 16	       ? GCRY_CIPHER_AES128 :
			    klen == 24 ? GCRY_CIPHER_AES192 :
					 GCRY_CIPHER_AES256);
		memcpy(nonce, key + klen, 3);
		for (j = 0; j < 8; j++)
			nonce[3 + j] = (uint8_t)(0x70 + j + i);
		lens[0] = sizeof(pt);
		lens[1] = sizeof(aad);
		lens[2] = taglen;
		if (gcry_cipher_open(&h, algo, GCRY_CIPHER_MODE_CCM, 0) != 0)
			continue;
		gcry_cipher_setkey(h, key, klen);
		gcry_cipher_setiv(h, nonce, 11);
		gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, lens, sizeof(lens));
		gcry_cipher_authenticate(h, aad, sizeof(aad));
		gcry_cipher_final(h);
		gcry_cipher_encrypt(h, ct, sizeof(ct), pt, sizeof(pt));
		gcry_cipher_gettag(h, tag, taglen);
		gcry_cipher_close(h);
		memset(got, 0xee, sizeof(got));
		ok(crypto_aead_decrypt(ids[i], key, klen + 3, nonce + 3, 8, aad,
		       sizeof(aad), ct, sizeof(ct), tag, taglen, got) == 0 &&
			memcmp(got, pt, sizeof(pt)) == 0,
		    "CCM %u (%zu-byte key, ICV %zu) round trip "
		    "(not independent)",
		    ids[i], klen, taglen);
		tag[0] ^= 1;
		memset(got, 0xee, sizeof(got));
		ok(crypto_aead_decrypt(ids[i], key, klen + 3, nonce + 3, 8, aad,
		       sizeof(aad), ct, sizeof(ct), tag, taglen, got) == -1 &&
			got[0] == 0xee,
		    "CCM %u flipped tag refused", ids[i]);
		tag[0] ^= 1;
		ok(crypto_aead_decrypt(ids[i], key, klen + 2, nonce + 3, 8, aad,
		       sizeof(aad), ct, sizeof(ct), tag, taglen, got) == -1,
		    "CCM %u key without a whole salt refused", ids[i]);
	}
}

static void
test_wipe(void)
{
	uint8_t b[32];
	size_t	i;
	int	zero = 1;

	memset(b, 0xa5, sizeof(b));
	crypto_wipe(b, sizeof(b));
	for (i = 0; i < sizeof(b); i++)
		if (b[i] != 0)
			zero = 0;
	ok(zero, "crypto_wipe zeroes");
}

int
main(void)
{
	ok(crypto_init() == 0 && crypto_init() == 0, "crypto_init twice");
	test_macs();
	test_hash();
	test_errors();
	test_prf_plus();
	test_ciphers();
	test_3des_cbc();
	test_aeads();
	test_ccm_roundtrip();
	test_wipe();
	return done();
}
