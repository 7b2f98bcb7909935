/*
 * payload.c - the generic payload header, then the version's dissector
 * (RFC 2408 3.2, RFC 7296 3.2).
 */
#include <string.h>

#include "payload.h"
#include "registry.h"

#define IKEV1_DOI_GDOI 2

uint8_t
dissect_effective_type(const struct dissect_ctx *ctx, uint8_t type)
{
	if (ctx->version != 1 || (type != 15 && type != 16))
		return type;
	if (ctx->exch_type == 2 || ctx->exch_type == 4 ||
	    (ctx->exch_type == 32 && ctx->doi != IKEV1_DOI_GDOI))
		return type == 15 ? 20 : 21;
	return type;
}

enum dstatus_code
dissect_payload(struct ftree *t, const struct cursor *buf,
    const struct payload_ref *r, struct dissect_ctx *ctx, int32_t *node,
    struct dstatus *st)
{
	struct cursor	  pc, body;
	size_t		  len;
	int32_t		  n;
	enum dstatus_code rc = DS_OK;
	uint8_t		  et = dissect_effective_type(ctx, r->type);

	/* The walker recorded the length as sent: keep to what exists. */
	len = r->length;
	if (r->off < buf->base || r->off - buf->base > buf->len)
		len = 0;
	else if (len > buf->len - (r->off - buf->base))
		len = buf->len - (r->off - buf->base);
	n = ft_open(t, "payload", r->off, len);
	*node = n;
	ft_enum(t, "type", r->off, 0, r->type, reg_name(REG_PAYLOAD, et));
	if (et != r->type)
		ft_str(t, "type_note", r->off, 0,
		    strdup("pre-RFC 3947 NAT-T "
			   "number (Cisco/Apple drafts), not GDOI"));
	if (cur_window(buf, r->off, len, &pc) != 0 ||
	    len < ISAKMP_GENERIC_LEN) {
		rc = ds_set(st, DS_TRUNCATED, r->off,
		    "payload header cut short");
		goto out;
	}
	ft_enum(t, "next_payload", r->off, 1, r->next,
	    reg_name(REG_PAYLOAD, r->next));
	if (ctx->version == 2) {
		ft_bool(t, "critical", r->off + 1, 1, r->critical);
		if (r->reserved != 0)
			ft_uint(t, "header_reserved", r->off + 1, 1,
			    r->reserved);
	} else if (r->reserved != 0)
		ft_uint(t, "header_reserved", r->off + 1, 1, r->reserved);
	ft_uint(t, "length", r->off + 2, 2, r->length);
	(void)cur_skip(&pc, ISAKMP_GENERIC_LEN);
	body = pc;
	if (ctx->version == 2)
		rc = ikev2_payload(t, &body, r->type, ctx, n, st);
	else
		rc = ikev1_payload(t, &body, et, ctx, n, st);
	if (rc == DS_OK && len < r->length)
		rc = ds_set(st, DS_TRUNCATED, r->off + len,
		    "payload runs past the end of the message");
out:
	ft_close(t, n);
	return rc;
}
