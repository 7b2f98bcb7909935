/*
 * keymat.c - IKEv1 and IKEv2 key derivation over crypto.h (RFC 2409
 * section 5 and appendix B; RFC 7296 2.13-2.18; RFC 4434, 4615 for the
 * AES-XCBC/CMAC SKEYSEED key; RFC 4754 and the XAUTH / hybrid drafts
 * for the IKEv1 authentication method values).
 *
 * Every formula is written above the code computing it.  Inputs are
 * joined into a heap buffer that is wiped before it is freed; results
 * are built in locals (wiped too) and copied out only on success.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "keymat.h"

#define KM_V1_MAX_KEY	 256 /* km_v1_enc_key() keylen limit */
#define KM_V1_MAX_KEYMAT 512 /* km_v1_keymat() outlen limit */
#define PRF_AES128_XCBC	 4   /* RFC 7296 3.3.2 */
#define PRF_AES128_CMAC	 8
#define KM_XCBC_NONCE	 8 /* RFC 7296 2.14: bytes of Ni, Nr keyed */

/* crypto_hmac() (IKEv1) and crypto_prf() (IKEv2) share this shape. */
typedef int prf_fn(uint16_t, const uint8_t *, size_t, const uint8_t *, size_t,
    uint8_t *);

static const char key_pad[] = "Key Pad for IKEv2"; /* RFC 7296 2.15 */

/* A km_buf that claims bytes it does not point to. */
static int
buf_bad(struct km_buf b)
{
	return b.p == NULL && b.len > 0;
}

static struct km_buf
mkbuf(const uint8_t *p, size_t len)
{
	struct km_buf b;

	b.p = p;
	b.len = len;
	return b;
}

static void
free_wiped(uint8_t *p, size_t n)
{
	if (p == NULL)
		return;
	crypto_wipe(p, n);
	free(p);
}

/*
 * The concatenation of parts[0..n-1] in a fresh buffer of *len bytes
 * (one byte allocated when empty); NULL on a bad part, overflow or no
 * memory.
 */
static uint8_t *
join(const struct km_buf *parts, size_t n, size_t *len)
{
	uint8_t *buf;
	size_t	 i, total = 0, off = 0;

	for (i = 0; i < n; i++) {
		if (buf_bad(parts[i]) || parts[i].len > SIZE_MAX - total)
			return NULL;
		total += parts[i].len;
	}
	if ((buf = malloc(total > 0 ? total : 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (parts[i].len > 0)
			memcpy(buf + off, parts[i].p, parts[i].len);
		off += parts[i].len;
	}
	*len = total;
	return buf;
}

/* out = f(alg, key, parts[0] | ... | parts[n-1]). */
static int
prf_parts(prf_fn *f, uint16_t alg, const uint8_t *key, size_t keylen,
    const struct km_buf *parts, size_t n, uint8_t *out)
{
	uint8_t *data;
	size_t	 len = 0;
	int	 rc;

	if (key == NULL && keylen > 0)
		return -1;
	if ((data = join(parts, n, &len)) == NULL)
		return -1;
	rc = f(alg, key, keylen, data, len, out);
	free_wiped(data, len);
	return rc;
}

/* out = hash(parts[0] | ... | parts[n-1]) (IKEv1 hash). */
static int
hash_parts(uint16_t hash, const struct km_buf *parts, size_t n, uint8_t *out)
{
	uint8_t *data;
	size_t	 len = 0;
	int	 rc;

	if ((data = join(parts, n, &len)) == NULL)
		return -1;
	rc = crypto_hash(hash, data, len, out);
	free_wiped(data, len);
	return rc;
}

/* The IKEv1 hash output length when it is usable here, else 0. */
static size_t
v1_hlen(uint16_t hash)
{
	size_t n = crypto_hash_len(hash);

	return n > KM_MAX_HASH ? 0 : n;
}

/* The IKEv2 PRF output (and preferred key) length, else 0. */
static size_t
v2_plen(uint16_t prf)
{
	size_t n = crypto_prf_len(prf);

	return n > KM_MAX_HASH ? 0 : n;
}

/* IKEv1 */

int
km_v1_auth_class(uint16_t auth_method)
{
	switch (auth_method) {
	case 1:	    /* pre-shared key (RFC 2409 appendix A) */
	case 65001: /* XAUTHInitPreShared */
	case 65002: /* XAUTHRespPreShared */
		return KM_V1_PSK;
	case 2:	    /* DSS signatures */
	case 3:	    /* RSA signatures */
	case 9:	    /* ECDSA with SHA-256 on P-256 (RFC 4754) */
	case 10:    /* ECDSA with SHA-384 on P-384 */
	case 11:    /* ECDSA with SHA-512 on P-521 */
	case 64221: /* HybridInitRSA */
	case 64222: /* HybridRespRSA */
	case 64223: /* HybridInitDSS */
	case 64224: /* HybridRespDSS */
	case 65003: /* XAUTHInitDSS */
	case 65004: /* XAUTHRespDSS */
	case 65005: /* XAUTHInitRSA */
	case 65006: /* XAUTHRespRSA */
		return KM_V1_SIG;
	case 4:	    /* encryption with RSA */
	case 5:	    /* revised encryption with RSA */
	case 65007: /* XAUTHInitRSAEncryption */
	case 65008: /* XAUTHRespRSAEncryption */
	case 65009: /* XAUTHInitRSARevisedEncryption */
	case 65010: /* XAUTHRespRSARevisedEncryption */
		return KM_V1_PKE;
	}
	return -1;
}

int
km_v1_skeyid(uint16_t hash, enum km_v1_auth cls, struct km_buf psk,
    struct km_buf ni_b, struct km_buf nr_b, struct km_buf gxy,
    const uint8_t cky_i[8], const uint8_t cky_r[8], struct km_v1_keys *out)
{
	struct km_v1_keys k;
	struct km_buf	  p[5];
	uint8_t		  nh[KM_MAX_HASH], *nonces = NULL;
	size_t		  hlen = v1_hlen(hash), nlen = 0;
	int		  rc = -1;
	const uint8_t	  d0 = 0, d1 = 1, d2 = 2;

	if (hlen == 0 || out == NULL || cky_i == NULL || cky_r == NULL ||
	    buf_bad(psk) || buf_bad(ni_b) || buf_bad(nr_b) || buf_bad(gxy) ||
	    gxy.len == 0)
		return -1;
	memset(&k, 0, sizeof(k));
	k.hlen = hlen;
	p[0] = ni_b;
	p[1] = nr_b;
	if ((nonces = join(p, 2, &nlen)) == NULL)
		return -1;
	switch (cls) {
	case KM_V1_PSK:
		/*
		 * For pre-shared keys:
		 * SKEYID = prf(pre-shared-key, Ni_b | Nr_b)
		 */
		if (crypto_hmac(hash, psk.p, psk.len, nonces, nlen, k.skeyid) ==
		    -1)
			goto out;
		break;
	case KM_V1_SIG:
		/* For signatures: SKEYID = prf(Ni_b | Nr_b, g^xy) */
		if (crypto_hmac(hash, nonces, nlen, gxy.p, gxy.len, k.skeyid) ==
		    -1)
			goto out;
		break;
	case KM_V1_PKE:
		/*
		 * For public key encryption:
		 * SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R)
		 */
		if (crypto_hash(hash, nonces, nlen, nh) == -1)
			goto out;
		p[0] = mkbuf(cky_i, 8);
		p[1] = mkbuf(cky_r, 8);
		if (prf_parts(crypto_hmac, hash, nh, hlen, p, 2, k.skeyid) ==
		    -1)
			goto out;
		break;
	default:
		goto out;
	}

	/* SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0) */
	p[0] = gxy;
	p[1] = mkbuf(cky_i, 8);
	p[2] = mkbuf(cky_r, 8);
	p[3] = mkbuf(&d0, 1);
	if (prf_parts(crypto_hmac, hash, k.skeyid, hlen, p, 4, k.skeyid_d) ==
	    -1)
		goto out;

	/* SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1) */
	p[0] = mkbuf(k.skeyid_d, hlen);
	p[1] = gxy;
	p[2] = mkbuf(cky_i, 8);
	p[3] = mkbuf(cky_r, 8);
	p[4] = mkbuf(&d1, 1);
	if (prf_parts(crypto_hmac, hash, k.skeyid, hlen, p, 5, k.skeyid_a) ==
	    -1)
		goto out;

	/* SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2) */
	p[0] = mkbuf(k.skeyid_a, hlen);
	p[4] = mkbuf(&d2, 1);
	if (prf_parts(crypto_hmac, hash, k.skeyid, hlen, p, 5, k.skeyid_e) ==
	    -1)
		goto out;

	memcpy(out, &k, sizeof(k));
	rc = 0;
out:
	crypto_wipe(&k, sizeof(k));
	crypto_wipe(nh, sizeof(nh));
	free_wiped(nonces, nlen);
	return rc;
}

int
km_v1_enc_key(uint16_t hash, const uint8_t *skeyid_e, size_t hlen,
    size_t keylen, uint8_t *ka)
{
	uint8_t	      buf[KM_V1_MAX_KEY + KM_MAX_HASH];
	size_t	      done = 0;
	int	      rc = -1;
	const uint8_t zero = 0;

	if (hlen == 0 || hlen != v1_hlen(hash) || skeyid_e == NULL ||
	    keylen > KM_V1_MAX_KEY || (ka == NULL && keylen > 0))
		return -1;
	if (keylen == 0)
		return 0;
	if (hlen >= keylen) {
		/* SKEYID_e long enough: Ka = the first keylen bytes of it */
		memcpy(ka, skeyid_e, keylen);
		return 0;
	}
	/*
	 * Appendix B: Ka = K1 | K2 | K3 | ...
	 * K1 = prf(SKEYID_e, 0), K2 = prf(SKEYID_e, K1), ...,
	 * Kn = prf(SKEYID_e, Kn-1), cut to keylen.
	 */
	if (crypto_hmac(hash, skeyid_e, hlen, &zero, 1, buf) == -1)
		goto out;
	for (done = hlen; done < keylen; done += hlen) {
		if (crypto_hmac(hash, skeyid_e, hlen, buf + done - hlen, hlen,
			buf + done) == -1)
			goto out;
	}
	memcpy(ka, buf, keylen);
	rc = 0;
out:
	crypto_wipe(buf, sizeof(buf));
	return rc;
}

int
km_v1_skeyid_pke(uint16_t hash, struct km_buf ni_b, struct km_buf nr_b,
    const uint8_t cky_i[8], const uint8_t cky_r[8], uint8_t *out)
{
	struct km_buf p[2];
	uint8_t	      nh[KM_MAX_HASH];
	size_t	      hlen = v1_hlen(hash);
	int	      rc = -1;

	if (hlen == 0 || out == NULL || cky_i == NULL || cky_r == NULL ||
	    buf_bad(ni_b) || buf_bad(nr_b))
		return -1;
	/* SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R) */
	p[0] = ni_b;
	p[1] = nr_b;
	if (hash_parts(hash, p, 2, nh) != 0)
		goto out;
	p[0] = mkbuf(cky_i, 8);
	p[1] = mkbuf(cky_r, 8);
	rc = prf_parts(crypto_hmac, hash, nh, hlen, p, 2, out) == 0 ? 0 : -1;
out:
	crypto_wipe(nh, sizeof(nh));
	return rc;
}

int
km_v1_pke_ke(uint16_t hash, struct km_buf n_b, const uint8_t cky[8],
    size_t keylen, uint8_t *ke)
{
	uint8_t ne[KM_MAX_HASH];
	size_t	hlen = v1_hlen(hash);
	int	rc;

	if (hlen == 0 || cky == NULL || buf_bad(n_b) || n_b.len == 0)
		return -1;
	/* Ne_i = prf(Ni_b, CKY-I); Ne_r = prf(Nr_b, CKY-R) */
	if (crypto_hmac(hash, n_b.p, n_b.len, cky, 8, ne) != 0)
		return -1;
	/* Ke_i from Ne_i as appendix B derives keys (K1 = prf(Ne_i, 0),
	   Kn = prf(Ne_i, Kn-1) when Ne_i is too short) */
	rc = km_v1_enc_key(hash, ne, hlen, keylen, ke);
	crypto_wipe(ne, sizeof(ne));
	return rc;
}

int
km_v1_pke_unpad(const uint8_t *p, size_t len, size_t block, size_t *outlen)
{
	size_t n, i;

	if (p == NULL || outlen == NULL || block == 0 || len == 0 ||
	    len % block != 0)
		return -1;
	/* The last byte counts the 0x00 bytes before it; padding is at
	   least that byte and at most one block. */
	n = p[len - 1];
	if (n + 1 > block || n + 1 > len)
		return -1;
	for (i = len - 1 - n; i < len - 1; i++)
		if (p[i] != 0)
			return -1;
	*outlen = len - 1 - n;
	return 0;
}

int
km_v1_iv_phase1(uint16_t hash, struct km_buf gxi, struct km_buf gxr,
    size_t block, uint8_t *iv)
{
	struct km_buf p[2];
	uint8_t	      h[KM_MAX_HASH];
	size_t	      hlen = v1_hlen(hash);
	int	      rc = -1;

	if (hlen == 0 || block == 0 || block > hlen || iv == NULL ||
	    buf_bad(gxi) || buf_bad(gxr))
		return -1;
	/* Phase 1 IV = hash(g^xi | g^xr), cut to the cipher block length */
	p[0] = gxi;
	p[1] = gxr;
	if (hash_parts(hash, p, 2, h) == 0) {
		memcpy(iv, h, block);
		rc = 0;
	}
	crypto_wipe(h, sizeof(h));
	return rc;
}

int
km_v1_iv_phase2(uint16_t hash, const uint8_t *last_block, size_t block,
    uint32_t msgid, uint8_t *iv)
{
	struct km_buf p[2];
	uint8_t	      h[KM_MAX_HASH], mid[4];
	size_t	      hlen = v1_hlen(hash);
	int	      rc = -1;

	if (hlen == 0 || block == 0 || block > hlen || last_block == NULL ||
	    iv == NULL)
		return -1;
	mid[0] = (uint8_t)(msgid >> 24);
	mid[1] = (uint8_t)(msgid >> 16);
	mid[2] = (uint8_t)(msgid >> 8);
	mid[3] = (uint8_t)msgid;
	/*
	 * Phase 2 / Informational IV = hash(last Phase 1 CBC output block |
	 * M-ID), cut to the cipher block length
	 */
	p[0] = mkbuf(last_block, block);
	p[1] = mkbuf(mid, sizeof(mid));
	if (hash_parts(hash, p, 2, h) == 0) {
		memcpy(iv, h, block);
		rc = 0;
	}
	crypto_wipe(h, sizeof(h));
	return rc;
}

int
km_v1_hash_phase1(uint16_t hash, const uint8_t *skeyid, size_t hlen,
    int initiator, struct km_buf gxi, struct km_buf gxr, const uint8_t cky_i[8],
    const uint8_t cky_r[8], struct km_buf sai_b, struct km_buf id_b,
    uint8_t *out)
{
	struct km_buf p[6];
	uint8_t	      h[KM_MAX_HASH];
	int	      rc;

	if (hlen == 0 || hlen != v1_hlen(hash) || skeyid == NULL ||
	    cky_i == NULL || cky_r == NULL || out == NULL)
		return -1;
	if (initiator) {
		/*
		 * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b |
		 * IDii_b)
		 */
		p[0] = gxi;
		p[1] = gxr;
		p[2] = mkbuf(cky_i, 8);
		p[3] = mkbuf(cky_r, 8);
	} else {
		/*
		 * HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b |
		 * IDir_b)
		 */
		p[0] = gxr;
		p[1] = gxi;
		p[2] = mkbuf(cky_r, 8);
		p[3] = mkbuf(cky_i, 8);
	}
	p[4] = sai_b;
	p[5] = id_b;
	if ((rc = prf_parts(crypto_hmac, hash, skeyid, hlen, p, 6, h)) == 0)
		memcpy(out, h, hlen);
	crypto_wipe(h, sizeof(h));
	return rc;
}

int
km_v1_hash_qm(uint16_t hash, const uint8_t *skeyid_a, size_t hlen, int which,
    uint32_t msgid, struct km_buf ni_b, struct km_buf nr_b, struct km_buf rest,
    uint8_t *out)
{
	struct km_buf p[4];
	uint8_t	      h[KM_MAX_HASH], mid[4];
	size_t	      n;
	int	      rc;
	const uint8_t zero = 0;

	if (hlen == 0 || hlen != v1_hlen(hash) || skeyid_a == NULL ||
	    out == NULL)
		return -1;
	mid[0] = (uint8_t)(msgid >> 24);
	mid[1] = (uint8_t)(msgid >> 16);
	mid[2] = (uint8_t)(msgid >> 8);
	mid[3] = (uint8_t)msgid;
	switch (which) {
	case 1:
		/*
		 * HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci |
		 * IDcr ]), and for Informational (5.7)
		 * HASH(1) = prf(SKEYID_a, M-ID | N/D): M-ID | rest
		 */
		p[0] = mkbuf(mid, sizeof(mid));
		p[1] = rest;
		n = 2;
		break;
	case 2:
		/*
		 * HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ |
		 * IDci | IDcr ]): M-ID | Ni_b | rest
		 */
		p[0] = mkbuf(mid, sizeof(mid));
		p[1] = ni_b;
		p[2] = rest;
		n = 3;
		break;
	case 3:
		/* HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b) */
		p[0] = mkbuf(&zero, 1);
		p[1] = mkbuf(mid, sizeof(mid));
		p[2] = ni_b;
		p[3] = nr_b;
		n = 4;
		break;
	default:
		return -1;
	}
	if ((rc = prf_parts(crypto_hmac, hash, skeyid_a, hlen, p, n, h)) == 0)
		memcpy(out, h, hlen);
	crypto_wipe(h, sizeof(h));
	return rc;
}

int
km_v1_keymat(uint16_t hash, const uint8_t *skeyid_d, size_t hlen,
    struct km_buf gxy_qm, uint8_t protocol, const uint8_t spi[4],
    struct km_buf ni_b, struct km_buf nr_b, uint8_t *out, size_t outlen)
{
	struct km_buf p[6];
	uint8_t	      res[KM_V1_MAX_KEYMAT + KM_MAX_HASH];
	uint8_t	     *buf = NULL;
	size_t	      buflen = 0, done;
	int	      rc = -1;

	if (hlen == 0 || hlen != v1_hlen(hash) || skeyid_d == NULL ||
	    spi == NULL || outlen > KM_V1_MAX_KEYMAT ||
	    (out == NULL && outlen > 0))
		return -1;
	if (outlen == 0)
		return 0;
	memset(res, 0, sizeof(res));
	/*
	 * buf = Kn-1 | [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b, with
	 * room for Kn-1 (hlen bytes) in front; gxy_qm.len is 0 without PFS
	 */
	p[0] = mkbuf(res, hlen);
	p[1] = gxy_qm;
	p[2] = mkbuf(&protocol, 1);
	p[3] = mkbuf(spi, 4);
	p[4] = ni_b;
	p[5] = nr_b;
	if ((buf = join(p, 6, &buflen)) == NULL)
		return -1;
	/*
	 * KEYMAT = K1 | K2 | K3 | ...
	 * K1 = prf(SKEYID_d, [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b)
	 */
	if (crypto_hmac(hash, skeyid_d, hlen, buf + hlen, buflen - hlen, res) ==
	    -1)
		goto out;
	/*
	 * Kn = prf(SKEYID_d, Kn-1 | [ g(qm)^xy | ] protocol | SPI | Ni_b |
	 * Nr_b)
	 */
	for (done = hlen; done < outlen; done += hlen) {
		memcpy(buf, res + done - hlen, hlen);
		if (crypto_hmac(hash, skeyid_d, hlen, buf, buflen,
			res + done) == -1)
			goto out;
	}
	memcpy(out, res, outlen);
	rc = 0;
out:
	crypto_wipe(res, sizeof(res));
	free_wiped(buf, buflen);
	return rc;
}

/* IKEv2 */

int
km_v2_sa_keys(uint16_t prf, struct km_buf old_sk_d, struct km_buf ni,
    struct km_buf nr, struct km_buf gir, const uint8_t spi_i[8],
    const uint8_t spi_r[8], size_t ek_len, size_t ak_len,
    struct km_v2_keys *out)
{
	struct km_v2_keys k;
	struct km_buf	  p[4];
	uint8_t		  seed_key[2 * KM_XCBC_NONCE], *seed = NULL, *ks = NULL;
	size_t		  n = v2_plen(prf), seedlen = 0, kslen = 0, off;
	int		  r, rc = -1;

	if (n == 0 || out == NULL || spi_i == NULL || spi_r == NULL ||
	    buf_bad(old_sk_d) || buf_bad(ni) || buf_bad(nr) || buf_bad(gir) ||
	    gir.len == 0 || ek_len > sizeof(k.sk_ei) ||
	    ak_len > sizeof(k.sk_ai))
		return -1;
	if (old_sk_d.len > 0 && old_sk_d.len != n)
		return -1;
	memset(&k, 0, sizeof(k));
	k.prf_len = n;
	k.ek_len = ek_len;
	k.ak_len = ak_len;

	if (old_sk_d.len > 0) {
		/*
		 * IKE SA rekey (2.18):
		 * SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
		 */
		p[0] = gir;
		p[1] = ni;
		p[2] = nr;
		if (prf_parts(crypto_prf, prf, old_sk_d.p, old_sk_d.len, p, 3,
			k.skeyseed) == -1)
			goto out;
	} else if (prf == PRF_AES128_XCBC || prf == PRF_AES128_CMAC) {
		/*
		 * SKEYSEED = prf(Ni | Nr, g^ir), where for AES-XCBC-PRF-128
		 * and AES-CMAC-PRF-128 only the first 64 bits of Ni and the
		 * first 64 bits of Nr are used as the key (2.14)
		 */
		if (ni.len < KM_XCBC_NONCE || nr.len < KM_XCBC_NONCE)
			goto out;
		memcpy(seed_key, ni.p, KM_XCBC_NONCE);
		memcpy(seed_key + KM_XCBC_NONCE, nr.p, KM_XCBC_NONCE);
		if (crypto_prf(prf, seed_key, sizeof(seed_key), gir.p, gir.len,
			k.skeyseed) == -1)
			goto out;
	} else {
		/* SKEYSEED = prf(Ni | Nr, g^ir) */
		p[0] = ni;
		p[1] = nr;
		if ((seed = join(p, 2, &seedlen)) == NULL)
			goto out;
		r = crypto_prf(prf, seed, seedlen, gir.p, gir.len, k.skeyseed);
		free_wiped(seed, seedlen);
		seed = NULL;
		seedlen = 0;
		if (r == -1)
			goto out;
	}

	/*
	 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
	 *     = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)
	 */
	p[0] = ni;
	p[1] = nr;
	p[2] = mkbuf(spi_i, 8);
	p[3] = mkbuf(spi_r, 8);
	if ((seed = join(p, 4, &seedlen)) == NULL)
		goto out;
	kslen = 3 * n + 2 * ak_len + 2 * ek_len;
	if ((ks = malloc(kslen)) == NULL)
		goto out;
	if (crypto_prf_plus(prf, k.skeyseed, n, seed, seedlen, ks, kslen) == -1)
		goto out;
	off = 0;
	memcpy(k.sk_d, ks + off, n);
	off += n;
	memcpy(k.sk_ai, ks + off, ak_len);
	off += ak_len;
	memcpy(k.sk_ar, ks + off, ak_len);
	off += ak_len;
	memcpy(k.sk_ei, ks + off, ek_len);
	off += ek_len;
	memcpy(k.sk_er, ks + off, ek_len);
	off += ek_len;
	memcpy(k.sk_pi, ks + off, n);
	off += n;
	memcpy(k.sk_pr, ks + off, n);

	memcpy(out, &k, sizeof(k));
	rc = 0;
out:
	crypto_wipe(&k, sizeof(k));
	crypto_wipe(seed_key, sizeof(seed_key));
	free_wiped(seed, seedlen);
	free_wiped(ks, kslen);
	return rc;
}

int
km_v2_child_keymat(uint16_t prf, struct km_buf sk_d, struct km_buf gir,
    struct km_buf ni, struct km_buf nr, uint8_t *out, size_t outlen)
{
	struct km_buf p[3];
	uint8_t	     *seed, *res;
	size_t	      n = v2_plen(prf), seedlen = 0;
	int	      rc = -1;

	if (n == 0 || buf_bad(sk_d) || sk_d.len != n ||
	    (out == NULL && outlen > 0))
		return -1;
	if (outlen == 0)
		return 0;
	/* KEYMAT = prf+(SK_d, [ g^ir (new) | ] Ni | Nr) (2.17) */
	p[0] = gir;
	p[1] = ni;
	p[2] = nr;
	if ((seed = join(p, 3, &seedlen)) == NULL)
		return -1;
	if ((res = malloc(outlen)) != NULL) {
		rc = crypto_prf_plus(prf, sk_d.p, sk_d.len, seed, seedlen, res,
		    outlen);
		if (rc == 0)
			memcpy(out, res, outlen);
		free_wiped(res, outlen);
	}
	free_wiped(seed, seedlen);
	return rc;
}

/*
 * The octets an AUTH covers (2.15):
 * InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI,
 * MACedIDForI = prf(SK_pi, RestOfInitIDPayload); the responder's
 * likewise with RealMessage2, NonceIData and prf(SK_pr, IDr').
 * After IKE_INTERMEDIATE exchanges both end with IntAuth (RFC 9242
 * 3.3.2); intauth.len 0 otherwise.
 * Returns a fresh buffer of *len bytes, or NULL.
 */
static uint8_t *
v2_octets(uint16_t prf, struct km_buf message, struct km_buf nonce,
    struct km_buf sk_p, struct km_buf id_b, struct km_buf intauth, size_t *len)
{
	struct km_buf p[4];
	uint8_t	      maced[KM_MAX_HASH], *oct;
	size_t	      n = v2_plen(prf);

	if (n == 0 || buf_bad(message) || buf_bad(nonce) || buf_bad(sk_p) ||
	    buf_bad(id_b) || buf_bad(intauth) || sk_p.len != n)
		return NULL;
	if (crypto_prf(prf, sk_p.p, sk_p.len, id_b.p, id_b.len, maced) == -1)
		return NULL;
	p[0] = message;
	p[1] = nonce;
	p[2] = mkbuf(maced, n);
	p[3] = intauth;
	oct = join(p, 4, len);
	crypto_wipe(maced, sizeof(maced));
	return oct;
}

int
km_v2_auth_psk(uint16_t prf, struct km_buf key, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b, uint8_t *out)
{
	struct km_buf none = { NULL, 0 };

	return km_v2_auth_psk_ia(prf, key, message, nonce, sk_p, id_b, none,
	    out);
}

int
km_v2_auth_psk_ia(uint16_t prf, struct km_buf key, struct km_buf message,
    struct km_buf nonce, struct km_buf sk_p, struct km_buf id_b,
    struct km_buf intauth, uint8_t *out)
{
	uint8_t *oct, padded[KM_MAX_HASH], auth[KM_MAX_HASH];
	size_t	 n = v2_plen(prf), len = 0;
	int	 rc = -1;

	if (n == 0 || out == NULL || buf_bad(key))
		return -1;
	if ((oct = v2_octets(prf, message, nonce, sk_p, id_b, intauth, &len)) ==
	    NULL)
		return -1;
	/*
	 * AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"),
	 *     <InitiatorSignedOctets>)
	 * (the responder's with <ResponderSignedOctets>); the pad is the
	 * 17 ASCII characters without a terminator
	 */
	if (crypto_prf(prf, key.p, key.len, (const uint8_t *)key_pad,
		sizeof(key_pad) - 1, padded) == 0 &&
	    crypto_prf(prf, padded, n, oct, len, auth) == 0) {
		memcpy(out, auth, n);
		rc = 0;
	}
	crypto_wipe(padded, sizeof(padded));
	crypto_wipe(auth, sizeof(auth));
	free_wiped(oct, len);
	return rc;
}

int
km_v2_signed_octets(uint16_t prf, struct km_buf message, struct km_buf nonce,
    struct km_buf sk_p, struct km_buf id_b, uint8_t *out, size_t outcap,
    size_t *outlen)
{
	struct km_buf none = { NULL, 0 };

	return km_v2_signed_octets_ia(prf, message, nonce, sk_p, id_b, none,
	    out, outcap, outlen);
}

int
km_v2_signed_octets_ia(uint16_t prf, struct km_buf message, struct km_buf nonce,
    struct km_buf sk_p, struct km_buf id_b, struct km_buf intauth, uint8_t *out,
    size_t outcap, size_t *outlen)
{
	uint8_t *oct;
	size_t	 len = 0;
	int	 rc = -1;

	if (out == NULL || outlen == NULL)
		return -1;
	if ((oct = v2_octets(prf, message, nonce, sk_p, id_b, intauth, &len)) ==
	    NULL)
		return -1;
	/*
	 * <SignedOctets> = message | nonce | prf(SK_p, ID') [| IntAuth]
	 * (RFC 7296 2.15, RFC 9242 3.3.2)
	 */
	if (len <= outcap) {
		memcpy(out, oct, len);
		*outlen = len;
		rc = 0;
	}
	free_wiped(oct, len);
	return rc;
}

int
km_v2_intauth(uint16_t prf, struct km_buf sk_p, struct km_buf prev,
    struct km_buf a, struct km_buf p, uint8_t *out)
{
	struct km_buf parts[3];
	uint8_t	     *data, res[KM_MAX_HASH];
	size_t	      n = v2_plen(prf), len = 0;
	int	      rc = -1;

	if (n == 0 || out == NULL || buf_bad(sk_p) || sk_p.len != n ||
	    buf_bad(prev) || buf_bad(a) || buf_bad(p) ||
	    (prev.len != 0 && prev.len != n))
		return -1;
	/*
	 * IntAuth_x1 = prf(SK_px1, IntAuth_x1_A [| IntAuth_x1_P])
	 * IntAuth_xn = prf(SK_pxn, IntAuth_x(n-1) | IntAuth_xn_A
	 *     [| IntAuth_xn_P])   (RFC 9242 3.3.2)
	 */
	parts[0] = prev;
	parts[1] = a;
	parts[2] = p;
	if ((data = join(parts, 3, &len)) == NULL)
		return -1;
	if (crypto_prf(prf, sk_p.p, sk_p.len, data, len, res) == 0) {
		memcpy(out, res, n);
		rc = 0;
	}
	crypto_wipe(res, sizeof(res));
	free_wiped(data, len);
	return rc;
}
