/*
 * test_crypto_mb.c - analyzer/crypto_mb.c, the batch HMAC, against
 * crypto_hmac() (libgcrypt's HMAC) and crypto_hash().
 *
 * Every pair of key length 0..130 and message length 0..200 (both sides
 * of the 64- and 128-byte block boundaries, and keys longer than the
 * block, which HMAC hashes first), random bytes, in batches of every
 * size 1..CRYPTO_MB_MAX, for each IKEv1 hash; through the multi-buffer
 * library when it is built in and through libgcrypt alone either way.
 */
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/crypto.h"
#include "../../analyzer/crypto_mb.h"
#include "tap.h"

#define KEY_MAX 130
#define MSG_MAX 200

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static void
fill(uint8_t *p, size_t n)
{
	while (n-- > 0) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		*p++ = (uint8_t)(rng >> 24);
	}
}

/* Every (key length, message length) pair; returns the mismatches. */
static size_t
sweep(struct crypto_mb *m, uint16_t h, int hmac, size_t *batches)
{
	static uint8_t	     key[CRYPTO_MB_MAX][KEY_MAX];
	static uint8_t	     msg[CRYPTO_MB_MAX][MSG_MAX];
	static uint8_t	     out[CRYPTO_MB_MAX][64], ref[64];
	struct crypto_mb_job j[CRYPTO_MB_MAX];
	size_t		     hlen = crypto_hash_len(h), total, idx = 0;
	size_t		     bad = 0, n = 1, i;

	total = hmac ? (KEY_MAX + 1) * (MSG_MAX + 1) : MSG_MAX + 1;
	*batches = 0;
	while (idx < total) {
		size_t k = n;

		if (k > total - idx)
			k = total - idx;
		for (i = 0; i < k; i++, idx++) {
			j[i].keylen = hmac ? idx % (KEY_MAX + 1) : 0;
			j[i].len = hmac ? idx / (KEY_MAX + 1) : idx;
			fill(key[i], j[i].keylen);
			fill(msg[i], j[i].len);
			j[i].key = key[i];
			j[i].data = msg[i];
			memset(out[i], 0xaa, sizeof(out[i]));
			j[i].out = out[i];
		}
		if ((hmac ? crypto_mb_hmac(m, j, k) :
			    crypto_mb_hash(m, j, k)) != 0) {
			printf("# hash %u: a batch of %zu (message %zu..%zu "
			       "bytes) failed\n",
			    h, k, j[0].len, j[k - 1].len);
			bad += k;
			continue;
		}
		for (i = 0; i < k; i++) {
			if ((hmac ? crypto_hmac(h, key[i], j[i].keylen, msg[i],
					j[i].len, ref) :
				    crypto_hash(h, msg[i], j[i].len, ref)) !=
				0 ||
			    memcmp(ref, out[i], hlen) != 0) {
				if (bad < 3)
					printf("# hash %u key %zu msg %zu "
					       "(lane %zu of %zu): differs\n",
					    h, j[i].keylen, j[i].len, i, k);
				bad++;
			}
		}
		(*batches)++;
		n = n % CRYPTO_MB_MAX + 1;
	}
	return bad;
}

int
main(void)
{
	static const uint16_t hashes[] = { 1, 2, 4, 5, 6 };
	static const unsigned flags[] = { 0, CRYPTO_MB_GCRYPT };
	size_t		      i, f, bad, nb;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		for (f = 0; f < 2; f++) {
			struct crypto_mb *m =
			    crypto_mb_new(hashes[i], flags[f]);

			ok(m != NULL, "hash %u: an engine (%s)", hashes[i],
			    m != NULL ? crypto_mb_engine(m) : "none");
			if (m == NULL)
				continue;
			if (flags[f] == CRYPTO_MB_GCRYPT)
				ok(strcmp(crypto_mb_engine(m), "libgcrypt") ==
					0,
				    "hash %u: CRYPTO_MB_GCRYPT is libgcrypt",
				    hashes[i]);
			bad = sweep(m, hashes[i], 1, &nb);
			ok(bad == 0,
			    "hash %u, %s: HMAC of keys 0..%d x messages 0..%d "
			    "bytes in %zu batches of 1..%d: %zu differ",
			    hashes[i], crypto_mb_engine(m), KEY_MAX, MSG_MAX,
			    nb, CRYPTO_MB_MAX, bad);
			bad = sweep(m, hashes[i], 0, &nb);
			ok(bad == 0,
			    "hash %u, %s: hash of 0..%d bytes: %zu differ",
			    hashes[i], crypto_mb_engine(m), MSG_MAX, bad);
			ok(crypto_mb_hmac(m, NULL, CRYPTO_MB_MAX + 1) == -1,
			    "hash %u: more than CRYPTO_MB_MAX jobs refused",
			    hashes[i]);
			crypto_mb_free(m);
		}
	ok(crypto_mb_new(3, 0) == NULL && crypto_mb_new(7, 0) == NULL,
	    "unknown hashes have no engine");
	crypto_mb_free(NULL);
	return done();
}
