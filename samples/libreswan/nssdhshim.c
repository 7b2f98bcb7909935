/*
 * nssdhshim.c - LD_PRELOAD shim for making libreswan sample captures:
 * wraps NSS's PK11_PubDeriveWithKDF(), which pluto uses for every DH/ECDH
 * shared secret, and appends the secret's bytes (hex, one line per
 * derivation) to $IKESCOPE_DH_LOG.
 *
 * Build: cc -shared -fPIC -o nssdhshim.so nssdhshim.c -ldl \
 *     $(pkg-config --cflags --libs nss)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <nss.h>
#include <pk11pub.h>

typedef PK11SymKey *(*derive_fn)(SECKEYPrivateKey *, SECKEYPublicKey *,
    PRBool, SECItem *, SECItem *, CK_MECHANISM_TYPE, CK_MECHANISM_TYPE,
    CK_ATTRIBUTE_TYPE, int, CK_ULONG, SECItem *, void *);

PK11SymKey *
PK11_PubDeriveWithKDF(SECKEYPrivateKey *priv, SECKEYPublicKey *pub,
    PRBool sender, SECItem *ra, SECItem *rb, CK_MECHANISM_TYPE derive,
    CK_MECHANISM_TYPE target, CK_ATTRIBUTE_TYPE op, int keysize,
    CK_ULONG kdf, SECItem *shared, void *wincx)
{
	static derive_fn real;
	PK11SymKey	*k;
	const char	*path = getenv("IKESCOPE_DH_LOG");

	if (real == NULL)
		real = (derive_fn)dlsym(RTLD_NEXT, "PK11_PubDeriveWithKDF");
	k = real(priv, pub, sender, ra, rb, derive, target, op, keysize, kdf,
	    shared, wincx);
	if (k != NULL && path != NULL &&
	    PK11_ExtractKeyValue(k) == SECSuccess) {
		SECItem *d = PK11_GetKeyData(k);
		FILE	*f = fopen(path, "a");

		if (f != NULL && d != NULL) {
			fprintf(f, "shared ");
			for (unsigned i = 0; i < d->len; i++)
				fprintf(f, "%02x", d->data[i]);
			fprintf(f, "\n");
		}
		if (f != NULL)
			fclose(f);
	} else if (path != NULL) {
		FILE *f = fopen(path, "a");

		if (f != NULL) {
			fprintf(f, "extract-failed %d\n", PORT_GetError());
			fclose(f);
		}
	}
	return k;
}
