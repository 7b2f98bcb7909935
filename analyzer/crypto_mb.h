/*
 * crypto_mb.h - many HMACs at once: the batch interface the PSK check
 * (pskcheck.c) uses to hash several candidates side by side.
 *
 * An engine serves one IKEv1 hash algorithm (MD5 (1), SHA1 (2), SHA2-256
 * (4), SHA2-384 (5), SHA2-512 (6)).  With Intel's Multi-Buffer Crypto for
 * IPsec library (configure --with-ipsec-mb, HAVE_IPSEC_MB), MD5 and SHA1
 * run in its SIMD lanes (SSE, AVX2 or AVX512, whichever the CPU has);
 * everything else, and everything when the library is absent, goes
 * through one reused libgcrypt handle.  Either way a call allocates
 * nothing: what the engine needs is made by crypto_mb_new() (and grown,
 * never shrunk, by the first call with a longer message).
 *
 * Secrets: the key pads, HMAC states and inner digests a call leaves in
 * the engine are wiped when it is freed.
 */
#ifndef IKESCOPE_CRYPTO_MB_H
#define IKESCOPE_CRYPTO_MB_H

#include <stddef.h>
#include <stdint.h>

/* Jobs per call, at most. */
#define CRYPTO_MB_MAX 64

/* crypto_mb_new() flag: libgcrypt only, even with the library built in. */
#define CRYPTO_MB_GCRYPT 0x1

/*
 * One HMAC (or hash): out (crypto_hash_len() bytes) = HMAC-H(key, data),
 * or H(data) for crypto_mb_hash() (key unused).  Buffers are borrowed for
 * the call; out may not overlap the inputs.
 */
struct crypto_mb_job {
	const uint8_t *key;
	size_t	       keylen;
	const uint8_t *data;
	size_t	       len;
	uint8_t	      *out;
};

struct crypto_mb;

/* NULL for an unknown hash, or when libgcrypt cannot start. */
struct crypto_mb *crypto_mb_new(uint16_t v1_hash, unsigned flags);
void		  crypto_mb_free(struct crypto_mb *);

/* What computes: "libgcrypt", or e.g. "intel-ipsec-mb 1.3.0 AVX512". */
const char *crypto_mb_engine(const struct crypto_mb *);

/* n <= CRYPTO_MB_MAX independent jobs; 0, or -1 (every out undefined). */
int crypto_mb_hmac(struct crypto_mb *, struct crypto_mb_job *jobs, size_t n);
int crypto_mb_hash(struct crypto_mb *, struct crypto_mb_job *jobs, size_t n);

#endif
