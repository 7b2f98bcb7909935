/*
 * x509.h - X.509 certificates and distinguished names, read with libksba.
 *
 * Used by the CERT, CR/CERTREQ and ID (DER_ASN1_DN / DER_ASN1_GN)
 * dissectors of both IKE versions.  Input is DER; nothing is verified
 * here (signature checks belong to the analyzer's crypto).
 */
#ifndef IKESCOPE_X509_H
#define IKESCOPE_X509_H

#include <stddef.h>
#include <stdint.h>

#include "dstatus.h"
#include "field.h"

/*
 * Add the fields of a DER certificate at offset off under the open node:
 * subject, issuer (RFC 4514 strings), serial (hex), not_before/not_after
 * (RFC 3339), key type and size, subject alternative names.  Returns
 * DS_OK, or DS_INVALID with a message when the bytes are not a
 * certificate (the raw bytes are already in the tree as the caller's
 * field).
 */
enum dstatus_code x509_cert_fields(struct ftree *t, const uint8_t *der,
    size_t n, size_t off, struct dstatus *st);

/*
 * Whether a DER certificate may be handed to libksba, its public key
 * included: 1 when it is one well-formed DER SEQUENCE (definite lengths,
 * nothing after it, nesting bounded, whole-octet BIT STRINGs) that keeps
 * to the outline of RFC 5280 4.1 and whose SubjectPublicKeyInfo has the
 * shape libksba reads without failing half way (RSA: SEQUENCE { n, e };
 * DSA: SEQUENCE { p, q, g } and an INTEGER); else 0.  libksba's decoder
 * writes to stderr, leaks or misreads on input that breaks these.
 */
int x509_cert_safe(const uint8_t *der, size_t n);

/* A DER Name as an RFC 4514 string (malloc'd), or NULL if not a Name. */
char *x509_dn_str(const uint8_t *der, size_t n);

/* A DER GeneralName as "type:value" (malloc'd), or NULL. */
char *x509_gn_str(const uint8_t *der, size_t n);

#endif
