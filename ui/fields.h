/*
 * fields.h - one way to show a field's value as text, shared by the text
 * report and the browser, so both print the same thing.
 */
#ifndef IKESCOPE_UI_FIELDS_H
#define IKESCOPE_UI_FIELDS_H

#include <stddef.h>

#include "../analyzer/model.h"
#include "../dissect/field.h"

#define FIELD_HIDDEN "(hidden; --show-keys shows it)"

/*
 * The value of f as text into buf (always terminated; long values are cut
 * with "..." when max_bytes stops them).  Wire text is made safe: bytes
 * outside printable ASCII appear as \xHH.  Secret fields show
 * FIELD_HIDDEN unless show_secrets.  Nodes show their summary, or "".
 */
const char *field_value_str(const struct field *f, int show_secrets,
    size_t max_bytes, char *buf, size_t len);

/* Names of the model's states, as JSON writes them. */
const char *name_decryption(int dec);	/* enum isc_decryption */
const char *name_dec_by(int by);	/* enum isc_dec_by: "icv"... */
const char *name_check(int check);	/* enum isc_check */
const char *name_keys_state(int state); /* enum isc_keys_state */
const char *name_esp_result(int r);	/* enum isc_esp_result */
/* An ESP SA's algorithms: "AES-GCM-16", "HMAC-SHA1-96" / "none". */
const char *name_esp_encr(unsigned encr);
const char *name_esp_integ(unsigned encr, unsigned integ);
/* What proves its packets: "checked" (ICV or AEAD tag), "unchecked"
   (an ICV whose key is not known), "none". */
const char *name_esp_integrity(unsigned encr, unsigned integ);

/* s with every byte outside printable ASCII as \xHH (for a screen that
   must not see control bytes, escape sequences or broken UTF-8). */
const char *ascii_safe(const char *s, char *buf, size_t len);
/* The name the dissector gave payload i of a chain (context may change
   it: pre-RFC NAT-T numbers), else the registry's. */
const char *chain_payload_name(const struct ftree *t,
    const struct payload_ref *pl, const int32_t *nodes, size_t i, char *buf,
    unsigned len);
/* What decryption said of m, in a few words; NULL when not encrypted. */
const char *msg_dec_words(const struct isc_msg *m);
/* One line naming m's payloads, the decrypted ones in {} (IKEv2) or []
   (IKEv1), fragments and what decryption said: "SA KE Ni {IDi AUTH}". */
const char *msg_payloads_str(const struct isc_msg *m, char *buf, size_t len);
/* One ESP packet's contents: "IPv4 a > b ICMP type 8 code 0, 84 bytes". */
const char *inner_str(const struct isc_inner *in, char *buf, size_t len);

#endif
