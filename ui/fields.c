/*
 * fields.c - a field's value as safe, readable text.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../analyzer/algo.h"
#include "../analyzer/esp.h"
#include "fields.h"

/* Append printable ASCII, escape the rest; stop before len runs out. */
static void
put_safe(char *buf, size_t len, size_t *at, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && *at + 5 < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			buf[(*at)++] = (char)p[i];
		else
			*at += (size_t)snprintf(buf + *at, len - *at, "\\x%02x",
			    p[i]);
	}
	if (i < n && *at + 4 < len) {
		memcpy(buf + *at, "...", 3);
		*at += 3;
	}
	buf[*at] = '\0';
}

static void
put_hex(char *buf, size_t len, const unsigned char *p, size_t n,
    size_t max_bytes)
{
	static const char hx[] = "0123456789abcdef";
	size_t		  i, at = 0, lim = n < max_bytes ? n : max_bytes;

	for (i = 0; i < lim && at + 3 < len; i++) {
		buf[at++] = hx[p[i] >> 4];
		buf[at++] = hx[p[i] & 15];
	}
	if (i < n && at + 4 < len)
		at += (size_t)snprintf(buf + at, len - at, "...");
	buf[at] = '\0';
}

const char *
field_value_str(const struct field *f, int show_secrets, size_t max_bytes,
    char *buf, size_t len)
{
	size_t at = 0;

	if (len == 0)
		return "";
	buf[0] = '\0';
	if (f->secret && !show_secrets) {
		snprintf(buf, len, "%s", FIELD_HIDDEN);
		return buf;
	}
	switch (f->type) {
	case FT_NODE:
		if (f->s != NULL)
			put_safe(buf, len, &at, (const unsigned char *)f->s,
			    strlen(f->s));
		break;
	case FT_UINT:
		snprintf(buf, len, "%llu", (unsigned long long)f->u);
		break;
	case FT_ENUM:
		if (f->name != NULL)
			snprintf(buf, len, "%s (%llu)", f->name,
			    (unsigned long long)f->u);
		else
			snprintf(buf, len, "UNKNOWN(%llu)",
			    (unsigned long long)f->u);
		break;
	case FT_BOOL:
		snprintf(buf, len, "%s", f->u ? "yes" : "no");
		break;
	case FT_BYTES:
		if (f->n == 0)
			snprintf(buf, len, "(empty)");
		else
			put_hex(buf, len, f->p, f->n, max_bytes);
		break;
	case FT_TEXT:
		put_safe(buf, len, &at, f->p,
		    f->n < max_bytes ? f->n : max_bytes);
		break;
	case FT_IPV4:
	case FT_IPV6:
		if (inet_ntop(f->type == FT_IPV4 ? AF_INET : AF_INET6, f->p,
			buf, (socklen_t)len) == NULL)
			snprintf(buf, len, "?");
		break;
	case FT_STR:
		if (f->s != NULL)
			put_safe(buf, len, &at, (const unsigned char *)f->s,
			    strlen(f->s));
		break;
	}
	return buf;
}

const char *
name_decryption(int dec)
{
	static const char *const n[] = { "not_encrypted", "no_keys", "ok",
		"integrity_failed", "bad_padding", "malformed" };

	return dec >= 0 && dec < (int)(sizeof(n) / sizeof(n[0])) ? n[dec] : "?";
}

const char *
name_dec_by(int by)
{
	static const char *const n[] = { "none", "icv", "hash", "structure" };

	return by >= 0 && by < (int)(sizeof(n) / sizeof(n[0])) ? n[by] : "?";
}

const char *
name_check(int check)
{
	static const char *const n[] = { "unverified", "unverified", "verified",
		"failed" };

	return check >= 0 && check < (int)(sizeof(n) / sizeof(n[0])) ?
	    n[check] :
	    "?";
}

const char *
name_keys_state(int state)
{
	static const char *const n[] = { "missing", "derived", "provided",
		"wrong" };

	return state >= 0 && state < (int)(sizeof(n) / sizeof(n[0])) ?
	    n[state] :
	    "?";
}

const char *
name_esp_result(int r)
{
	return esp_result_name((enum isc_esp_result)r);
}

const char *
name_esp_encr(unsigned encr)
{
	const struct algo *a = algo_find(ALGO_ENCR, (uint16_t)encr);

	return a != NULL ? a->name : "?";
}

const char *
name_esp_integ(unsigned encr, unsigned integ)
{
	const struct algo *a = algo_find(ALGO_INTEG, (uint16_t)integ);
	const struct algo *e = algo_find(ALGO_ENCR, (uint16_t)encr);

	if (integ == 0)
		return e != NULL && e->aead ? "AEAD" : "none";
	return a != NULL ? a->name : "?";
}

const char *
name_esp_integrity(unsigned encr, unsigned integ)
{
	const struct algo *e = algo_find(ALGO_ENCR, (uint16_t)encr);

	if (e != NULL && e->aead)
		return "checked";
	if (integ == 0)
		return "none";
	return ALGO_INTEG_IS_ANY(integ) ? "unchecked" : "checked";
}
