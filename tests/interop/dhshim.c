/* dhshim.c - LD_PRELOAD shim for ikescope's interop generator.
 *
 * Wraps OpenSSL's EVP_PKEY_derive(), which strongSwan's openssl plugin uses to
 * compute every DH/ECDH/X25519 shared secret, and appends one JSON line per
 * derivation to $IKESCOPE_DH_LOG: own private value, own public value, peer
 * public value and the shared secret (hex).  The shared secret lets the
 * extractor tie the private value to the SA whose charon log line
 * "shared Diffie Hellman secret" carries the same bytes.
 *
 * Build: cc -shared -fPIC -o dhshim.so dhshim.c -ldl -lcrypto
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void hex(FILE *f, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static void pub_hex(FILE *f, EVP_PKEY *k)
{
	unsigned char buf[2048];
	size_t n = 0;
	if (k && EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
						 buf, sizeof(buf), &n) == 1)
		hex(f, buf, n);
}

static void priv_hex(FILE *f, EVP_PKEY *k)
{
	unsigned char buf[1024];
	size_t n = sizeof(buf);
	BIGNUM *bn = NULL;

	if (!k)
		return;
	if (EVP_PKEY_get_raw_private_key(k, buf, &n) == 1) {
		hex(f, buf, n);
		return;
	}
	if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1) {
		int len = BN_num_bytes(bn);
		if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC) {
			int bits = EVP_PKEY_get_bits(k);
			if ((bits + 7) / 8 > len)
				len = (bits + 7) / 8;
		}
		if (len <= (int)sizeof(buf) && BN_bn2binpad(bn, buf, len) == len)
			hex(f, buf, len);
		BN_clear_free(bn);
	}
}

int EVP_PKEY_derive(EVP_PKEY_CTX *ctx, unsigned char *key, size_t *keylen)
{
	static int (*real)(EVP_PKEY_CTX *, unsigned char *, size_t *);
	const char *path;
	int ret;

	if (!real)
		real = (int (*)(EVP_PKEY_CTX *, unsigned char *, size_t *))
			dlsym(RTLD_NEXT, "EVP_PKEY_derive");
	ret = real(ctx, key, keylen);
	path = getenv("IKESCOPE_DH_LOG");
	EVP_PKEY *own = (ret > 0 && key && path) ? EVP_PKEY_CTX_get0_pkey(ctx) : NULL;
	EVP_PKEY *peer = own ? EVP_PKEY_CTX_get0_peerkey(ctx) : NULL;
	/* only key agreement (DH, ECDH, X25519/X448); skip KDF contexts */
	if (own && peer) {
		pthread_mutex_lock(&lock);
		FILE *f = fopen(path, "a");
		if (f) {
			fprintf(f, "{\"pid\": %d, \"type\": \"%s\", \"bits\": %d, \"private\": \"",
				(int)getpid(), own ? OBJ_nid2sn(EVP_PKEY_get_base_id(own)) : "?",
				own ? EVP_PKEY_get_bits(own) : 0);
			priv_hex(f, own);
			fputs("\", \"public\": \"", f);
			pub_hex(f, own);
			fputs("\", \"peer_public\": \"", f);
			pub_hex(f, peer);
			fputs("\", \"shared\": \"", f);
			hex(f, key, *keylen);
			fputs("\"}\n", f);
			fclose(f);
		}
		pthread_mutex_unlock(&lock);
	}
	return ret;
}
