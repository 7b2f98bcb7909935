/*
 * isakmp.c - ISAKMP / IKEv2 header and payload chain (RFC 2408 3.1-3.2,
 * RFC 7296 3.1-3.2, RFC 7383 2.5).
 */
#include <string.h>

#include "isakmp.h"

enum dstatus_code
isakmp_parse_header(struct cursor *c, struct isakmp_hdr *h, struct dstatus *st)
{
	size_t	start = cur_off(c);
	uint8_t ver;

	memset(h, 0, sizeof(*h));
	if (cur_left(c) < ISAKMP_HDR_LEN)
		return ds_set(st, DS_TRUNCATED, start,
		    "message shorter than the 28-byte ISAKMP header");
	(void)cur_copy(c, h->spi_i, 8);
	(void)cur_copy(c, h->spi_r, 8);
	(void)cur_u8(c, &h->next_payload);
	(void)cur_u8(c, &ver);
	(void)cur_u8(c, &h->exch_type);
	(void)cur_u8(c, &h->flags);
	(void)cur_be32(c, &h->msgid);
	(void)cur_be32(c, &h->length);
	h->major = ver >> 4;
	h->minor = ver & 0x0f;
	if (h->major != 1 && h->major != 2)
		return ds_set(st, DS_INVALID, start + 17,
		    "ISAKMP major version is neither 1 nor 2");
	if (h->length < ISAKMP_HDR_LEN)
		return ds_set(st, DS_INVALID, start + 24,
		    "ISAKMP length field is below the header size");
	return DS_OK;
}

enum dstatus_code
isakmp_walk_chain(const struct cursor *cin, uint8_t first, int v2,
    struct payload_chain *out)
{
	struct cursor c = *cin;
	uint8_t	      type = first;

	memset(out, 0, sizeof(*out));
	while (type != 0) {
		struct payload_ref *r;
		size_t		    off = cur_off(&c);
		uint8_t		    next, b1;
		uint16_t	    len;

		if (out->n >= ISAKMP_MAX_PAYLOADS)
			return ds_set(&out->st, DS_LIMIT, off,
			    "more payloads than ikescope follows in one chain");
		if (cur_left(&c) == 0)
			return ds_set(&out->st, DS_TRUNCATED, off,
			    "payload chain names another payload but the "
			    "message ends");
		if (cur_left(&c) < ISAKMP_GENERIC_LEN)
			return ds_set(&out->st, DS_TRUNCATED, off,
			    "payload header cut short");
		(void)cur_u8(&c, &next);
		(void)cur_u8(&c, &b1);
		(void)cur_be16(&c, &len);
		if (len < ISAKMP_GENERIC_LEN)
			return ds_set(&out->st, DS_INVALID, off + 2,
			    "payload length below the 4-byte generic header");
		r = &out->v[out->n++];
		r->type = type;
		r->next = next;
		r->critical = v2 ? (b1 >> 7) : 0;
		r->reserved = v2 ? (b1 & 0x7f) : b1;
		r->length = len;
		r->off = (uint32_t)off;
		if ((size_t)len - ISAKMP_GENERIC_LEN > cur_left(&c)) {
			return ds_set(&out->st, DS_TRUNCATED, off + 2,
			    "payload length runs past the end of the message");
		}
		(void)cur_skip(&c, len - ISAKMP_GENERIC_LEN);
		if (v2 && (type == IKEV2_PT_SK || type == IKEV2_PT_SKF)) {
			/*
			 * RFC 7296 3.14: SK is the last payload; its next
			 * payload field names the first payload inside.
			 */
			out->encrypted = 1;
			out->enc_first = next;
			out->enc_off = (uint32_t)(off + ISAKMP_GENERIC_LEN);
			out->enc_len = (uint32_t)(len - ISAKMP_GENERIC_LEN);
			if (cur_left(&c) != 0)
				return ds_set(&out->st, DS_INVALID, cur_off(&c),
				    "bytes follow the SK/SKF "
				    "payload, which must be last");
			return DS_OK;
		}
		type = next;
	}
	if (cur_left(&c) != 0)
		return ds_set(&out->st, DS_INVALID, cur_off(&c),
		    "bytes left after the last payload");
	return DS_OK;
}

enum dstatus_code
isakmp_walk(const struct cursor *msg, const struct isakmp_hdr *h,
    struct payload_chain *out)
{
	struct cursor c = *msg;

	memset(out, 0, sizeof(*out));
	if (cur_skip(&c, ISAKMP_HDR_LEN) != 0)
		return ds_set(&out->st, DS_TRUNCATED, cur_off(msg),
		    "message shorter than the ISAKMP header");
	if (h->major == 1 && (h->flags & ISAKMP_FLAG_E)) {
		/* RFC 2408 3.1: everything after the header is encrypted. */
		out->encrypted = 1;
		out->enc_first = h->next_payload;
		out->enc_off = (uint32_t)cur_off(&c);
		out->enc_len = (uint32_t)cur_left(&c);
		return DS_OK;
	}
	return isakmp_walk_chain(&c, h->next_payload, h->major == 2, out);
}

enum dstatus_code
ikev1_frag_parse(const struct cursor *msg, const struct payload_ref *r,
    struct ikev1_frag *f, struct dstatus *st)
{
	struct cursor c;

	memset(f, 0, sizeof(*f));
	if (cur_window(msg, r->off, r->length, &c) != 0 ||
	    cur_skip(&c, ISAKMP_GENERIC_LEN) != 0)
		return ds_set(st, DS_TRUNCATED, r->off,
		    "fragment payload runs past the end of the message");
	if (cur_be16(&c, &f->id) != 0 || cur_u8(&c, &f->number) != 0 ||
	    cur_u8(&c, &f->flags) != 0)
		return ds_set(st, DS_TRUNCATED, cur_off(&c),
		    "fragment payload header cut short");
	f->len = cur_left(&c);
	(void)cur_bytes(&c, f->len, &f->data);
	return DS_OK;
}
