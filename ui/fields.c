/*
 * fields.c - a field's value as safe, readable text.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../analyzer/algo.h"
#include "../analyzer/analysis.h"
#include "../analyzer/esp.h"
#include "../dissect/registry.h"
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

const char *
ascii_safe(const char *s, char *buf, size_t len)
{
	size_t at = 0;

	if (len == 0)
		return "";
	buf[0] = '\0';
	if (s != NULL)
		put_safe(buf, len, &at, (const unsigned char *)s, strlen(s));
	return buf;
}

const char *
chain_payload_name(const struct ftree *t, const struct payload_ref *pl,
    const int32_t *nodes, size_t i, char *buf, unsigned len)
{
	const struct field *ty =
	    nodes != NULL ? ft_get(t, ft_find(t, nodes[i], "type")) : NULL;

	if (ty != NULL && ty->name != NULL)
		return ty->name;
	return reg_name_buf(REG_PAYLOAD, pl[i].type, buf, len);
}

/* An IKEv1 body authenticated by a SIG payload rather than a HASH. */
static int
v1_signed(const struct isc_msg *m)
{
	size_t i;

	for (i = 0; m->plain != NULL && i < m->plain->npayloads; i++)
		if (m->plain->payloads[i].type == 9)
			return 1;
	return 0;
}

const char *
msg_dec_words(const struct isc_msg *m)
{
	switch (m->dec) {
	case ISC_DEC_OK:
		if (m->check == ISC_CHECK_VERIFIED)
			return m->hdr.major == 2 ? "decrypted, ICV ok, AUTH "
						   "verified" :
			    v1_signed(m)	 ? "decrypted, SIG verified" :
						   "decrypted, HASH verified";
		if (m->check == ISC_CHECK_FAILED)
			return m->hdr.major == 2 ? "decrypted, ICV ok, AUTH "
						   "FAILED" :
			    v1_signed(m)	 ? "decrypted, SIG FAILED" :
						   "decrypted, HASH FAILED";
		if (m->dec_by == ISC_BY_ICV)
			return "decrypted, ICV ok";
		if (m->dec_by == ISC_BY_STRUCTURE)
			return "decrypted (nothing to verify: structure fits)";
		/* Public key encryption: payloads of a clear message,
		   proved by the Phase 1 HASH made from them. */
		if (!m->encrypted && m->dec_by == ISC_BY_HASH)
			return "RSA-decrypted, proved by the Phase 1 HASH";
		return "decrypted";
	case ISC_DEC_NO_KEYS:
		return "no keys";
	case ISC_DEC_INTEGRITY_FAILED:
		if (m->icv_ignored)
			return "ICV FAILED, shown anyway";
		return m->hdr.major == 2 ? "ICV FAILED" :
					   "does not decrypt with any key";
	case ISC_DEC_BAD_PADDING:
		return "bad padding";
	case ISC_DEC_MALFORMED:
		return "malformed encrypted body";
	default:
		return NULL;
	}
}

/* Append formatted text to buf at *at, never past len. */
static void put_fmt(char *buf, size_t len, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* n bytes of s, cut as put_fmt() cuts. */
static void
put_str(char *buf, size_t len, size_t *at, const char *s, size_t n)
{
	if (*at >= len)
		return;
	if (n > len - *at - 1)
		n = len - *at - 1;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
}

static void
put_fmt(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	const char *lit;
	va_list	    ap;
	int	    n;

	if (*at >= len)
		return;
	/* Words and names without printf: most of a message line. */
	va_start(ap, fmt);
	lit = fmt_literal(fmt, ap);
	va_end(ap);
	if (lit != NULL) {
		put_str(buf, len, at, lit, strlen(lit));
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at = (size_t)n < len - *at ? *at + (size_t)n : len - 1;
}

static void
put_chain_names(char *buf, size_t len, size_t *at, const struct ftree *t,
    const struct payload_ref *pl, const int32_t *nodes, size_t n)
{
	char   nb[32];
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			put_fmt(buf, len, at, " ");
		put_fmt(buf, len, at, "%s",
		    chain_payload_name(t, pl, nodes, i, nb, sizeof(nb)));
	}
}

const char *
msg_payloads_str(const struct isc_msg *m, char *buf, size_t len)
{
	char	    nb[32];
	const char *w;
	size_t	    at = 0;

	if (len == 0)
		return "";
	buf[0] = '\0';
	put_chain_names(buf, len, &at, &m->fields, m->payloads, m->payload_node,
	    m->npayloads);
	if (m->plain != NULL) {
		put_fmt(buf, len, &at, "%s",
		    m->npayloads && m->hdr.major == 1 ? " [" :
			m->npayloads		      ? " {" :
			m->hdr.major == 1	      ? "[" :
							"{");
		put_chain_names(buf, len, &at, &m->plain->fields,
		    m->plain->payloads, m->plain->payload_node,
		    m->plain->npayloads);
		put_fmt(buf, len, &at, "%s", m->hdr.major == 1 ? "]" : "}");
	} else if (m->encrypted && m->hdr.major == 1)
		put_fmt(buf, len, &at, "%s[encrypted, %u bytes]",
		    m->npayloads ? " " : "", m->enc_len);
	else if (m->encrypted && m->enc_first == 0)
		put_fmt(buf, len, &at, "{...}"); /* RFC 7383: later
						     fragments name none */
	else if (m->encrypted)
		put_fmt(buf, len, &at, "{%s ...}",
		    reg_name_or(reg_payload_type(m->enc_first), m->enc_first,
			nb, sizeof(nb)));
	if (m->npayloads == 0 && !m->encrypted)
		put_fmt(buf, len, &at, "(no payloads)");
	if (m->frag_total != 0)
		put_fmt(buf, len, &at, "  fragment %u/%u", m->frag_no,
		    m->frag_total);
	if (m->plain != NULL && m->frag_total != 0)
		put_fmt(buf, len, &at, " (reassembled)");
	w = m->encrypted || m->plain != NULL ? msg_dec_words(m) : NULL;
	if (w != NULL)
		put_fmt(buf, len, &at, "  (%s)", w);
	else if (m->check == ISC_CHECK_VERIFIED)
		put_fmt(buf, len, &at, "  (HASH verified)");
	else if (m->check == ISC_CHECK_FAILED)
		put_fmt(buf, len, &at, "  (HASH FAILED)");
	return buf;
}

const char *
inner_str(const struct isc_inner *in, char *buf, size_t len)
{
	char   s[64], d[64];
	size_t at = 0;

	if (len == 0)
		return "";
	buf[0] = '\0';
	if (in->next_header == 59) {
		put_fmt(buf, len, &at, "dummy packet (next header 59)");
		return buf;
	}
	if (in->ip_version != 0)
		put_fmt(buf, len, &at, "IPv%u %s > %s ", in->ip_version,
		    isc_addr_str(&in->src, s, sizeof(s)),
		    isc_addr_str(&in->dst, d, sizeof(d)));
	else
		put_fmt(buf, len, &at, "transport ");
	switch (in->proto) {
	case 1:
	case 58:
		put_fmt(buf, len, &at, "ICMP%s type %u code %u",
		    in->proto == 58 ? "v6" : "", in->icmp_type, in->icmp_code);
		break;
	case 6:
	case 17:
		put_fmt(buf, len, &at, "%s", in->proto == 6 ? "TCP" : "UDP");
		if (in->has_ports)
			put_fmt(buf, len, &at, " %u > %u", in->sport,
			    in->dport);
		break;
	case 50:
	case 51:
		put_fmt(buf, len, &at, "%s", in->proto == 50 ? "ESP" : "AH");
		if (in->has_spi)
			put_fmt(buf, len, &at, " SPI 0x%08x",
			    (unsigned)in->spi);
		break;
	default:
		put_fmt(buf, len, &at, "protocol %u", in->proto);
		if (in->has_ports)
			put_fmt(buf, len, &at, " %u > %u", in->sport,
			    in->dport);
	}
	put_fmt(buf, len, &at, ", %u bytes", (unsigned)in->length);
	return buf;
}
