/*
 * crypto_limit.c - what libgcrypt alone allows for ESP on one core: per
 * packet, the integrity check and the decryption ESP needs (RFC 4303
 * 3.4.4: ICV first, then decrypt), nothing else.  For tests/bench.sh;
 * built by it, not by make.
 *
 *	crypto_limit PAIR ESPLEN [SECONDS]
 *
 * PAIR: cbc128-sha1 (AES-CBC-128 + HMAC-SHA1-96), cbc256-sha256
 * (AES-CBC-256 + HMAC-SHA2-256-128), gcm128 (AES-GCM-16, 128-bit key),
 * chacha (ChaCha20-Poly1305).  ESPLEN is the length of one ESP packet
 * from its SPI to its ICV, as in the capture.  Prints "PAIR ESPLEN
 * packets/s MB/s" (MB of ESP packets, 10^6 bytes), best of three runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gcrypt.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	gcry_cipher_hd_t c;
	gcry_mac_hd_t	 m = NULL;
	unsigned char	 key[32], akey[32], nonce[12], icv[64], *pkt, *out;
	const char	*pair;
	size_t		 len, ivl, icvl, body, n;
	double		 secs, t0, t, best = 0;
	long		 i, cnt;
	int		 aead, algo, mode, macalgo = 0, run;

	if (argc < 3) {
		fprintf(stderr, "usage: crypto_limit PAIR ESPLEN [SECONDS]\n");
		return 2;
	}
	pair = argv[1];
	len = strtoul(argv[2], NULL, 10);
	secs = argc > 3 ? atof(argv[3]) : 1.0;
	if (!gcry_check_version(GCRYPT_VERSION))
		return 1;
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	memset(key, 0x11, sizeof(key));
	memset(akey, 0x22, sizeof(akey));
	if (strcmp(pair, "cbc128-sha1") == 0) {
		algo = GCRY_CIPHER_AES128, mode = GCRY_CIPHER_MODE_CBC;
		macalgo = GCRY_MAC_HMAC_SHA1, ivl = 16, icvl = 12, aead = 0;
	} else if (strcmp(pair, "cbc256-sha256") == 0) {
		algo = GCRY_CIPHER_AES256, mode = GCRY_CIPHER_MODE_CBC;
		macalgo = GCRY_MAC_HMAC_SHA256, ivl = 16, icvl = 16, aead = 0;
	} else if (strcmp(pair, "gcm128") == 0) {
		algo = GCRY_CIPHER_AES128, mode = GCRY_CIPHER_MODE_GCM;
		ivl = 8, icvl = 16, aead = 1;
	} else if (strcmp(pair, "chacha") == 0) {
		algo = GCRY_CIPHER_CHACHA20, mode = GCRY_CIPHER_MODE_POLY1305;
		ivl = 8, icvl = 16, aead = 1;
	} else {
		fprintf(stderr, "crypto_limit: unknown pair %s\n", pair);
		return 2;
	}
	if (len < 8 + ivl + icvl + 16)
		return 2;
	body = len - 8 - ivl - icvl;
	if (!aead)
		body -= body % 16;
	pkt = calloc(1, len);
	out = malloc(len);
	if (pkt == NULL || out == NULL)
		return 1;
	if (gcry_cipher_open(&c, algo, mode, 0) ||
	    gcry_cipher_setkey(c, key, gcry_cipher_get_algo_keylen(algo)))
		return 1;
	if (!aead &&
	    (gcry_mac_open(&m, macalgo, 0, NULL) ||
		gcry_mac_setkey(m, akey,
		    macalgo == GCRY_MAC_HMAC_SHA1 ? 20 : 32)))
		return 1;
	memset(nonce, 0x33, sizeof(nonce));
	for (run = 0; run < 3; run++) {
		cnt = 0;
		t0 = now();
		do {
			for (i = 0; i < 256; i++) {
				/* The check fails (random ICV): the work is the same. */
				if (aead) {
					gcry_cipher_reset(c);
					gcry_cipher_setiv(c, nonce, 12);
					gcry_cipher_authenticate(c, pkt, 8);
					gcry_cipher_final(c);
					gcry_cipher_decrypt(c, out, body,
					    pkt + 8 + ivl, body);
					(void)gcry_cipher_checktag(c,
					    pkt + len - icvl, icvl);
				} else {
					n = sizeof(icv);
					gcry_mac_reset(m);
					gcry_mac_write(m, pkt, 8 + ivl + body);
					gcry_mac_read(m, icv, &n);
					(void)memcmp(icv, pkt + len - icvl,
					    icvl);
					gcry_cipher_reset(c);
					gcry_cipher_setiv(c, pkt + 8, 16);
					gcry_cipher_decrypt(c, out, body,
					    pkt + 8 + ivl, body);
				}
			}
			cnt += 256;
			t = now() - t0;
		} while (t < secs);
		if (cnt / t > best)
			best = cnt / t;
	}
	printf("%s %zu %.0f %.1f\n", pair, len, best, best * len / 1e6);
	gcry_cipher_close(c);
	gcry_mac_close(m);
	free(pkt);
	free(out);
	return 0;
}
