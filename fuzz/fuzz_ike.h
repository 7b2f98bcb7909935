/*
 * fuzz_ike.h - one IKE message (fuzz_ikev1.c, fuzz_ikev2.c) or one
 * decrypted payload chain (fuzz_plain.c) through what session.c does
 * with it: the payload walker, every payload's dissector, the placement
 * rules, IKEv1 fragment parsing, and the text of every field as the
 * front-ends print it (ui/fields.c).
 */
#ifndef IKESCOPE_FUZZ_IKE_H
#define IKESCOPE_FUZZ_IKE_H

#include <stdlib.h>
#include <string.h>

#include "../dissect/cursor.h"
#include "../dissect/field.h"
#include "../dissect/isakmp.h"
#include "../dissect/payload.h"
#include "../dissect/placement.h"
#include "../ui/fields.h"
#include "fuzz.h"

/* IKEv2 SK IV / ICV lengths the dissectors may be told (0: unknown). */
static const uint16_t fuzz_sk_lens[4][2] = { { 0, 0 }, { 16, 12 }, { 8, 16 },
	{ 16, 16 } };

/* Dissect the payloads of chain pc found in buf, as session.c does. */
static void
fuzz_dissect_chain(const struct cursor *buf, const struct payload_chain *pc,
    struct dissect_ctx *ctx, unsigned msg_no, int inner)
{
	struct ftree t;
	char	     vb[256];
	size_t	     i;

	ft_init(&t);
	for (i = 0; i < pc->n; i++) {
		const struct payload_ref *r = &pc->v[i];
		struct dstatus		  st = { DS_OK, 0, NULL };
		struct ikev1_frag	  fr;
		int32_t			  node;
		uint8_t			  et;

		(void)dissect_payload(&t, buf, r, ctx, &node, &st);
		et = dissect_effective_type(ctx, r->type);
		if (placement_check(ctx->version, ctx->exch_type,
			ctx->is_response, inner && ctx->version == 2, msg_no,
			et) == PLACE_NOT_ALLOWED)
			(void)placement_check(ctx->version, ctx->exch_type,
			    ctx->is_response, 1, msg_no, et);
		if (ctx->version == 1 && r->type == IKEV1_PT_FRAG) {
			memset(&st, 0, sizeof(st));
			(void)ikev1_frag_parse(buf, r, &fr, &st);
		}
	}
	/* Every field as the text and JSON writers show it. */
	for (i = 0; i < t.n; i++) {
		(void)field_value_str(&t.v[i], 0, 64, vb, sizeof(vb));
		(void)field_value_str(&t.v[i], 1, 0, vb, sizeof(vb));
	}
	ft_free(&t);
}

/*
 * One message of IKE version `version`, whatever its header says (so
 * both targets take every seed).  Bits of the responder SPI, which no
 * parser checks, pick the context session.c would give: direction, the
 * message's place in its exchange, the negotiated SK IV/ICV lengths.
 */
static inline int
fuzz_ike_message(const uint8_t *data, size_t size, uint8_t version)
{
	struct cursor	      c = cur_init(data, size), mc;
	struct dstatus	      st = { DS_OK, 0, NULL };
	struct isakmp_hdr     h;
	struct payload_chain *pc;
	struct dissect_ctx    ctx;
	size_t		      len;
	unsigned	      msg_no;

	if (isakmp_parse_header(&c, &h, &st) != DS_OK)
		return 0;
	h.major = version;
	len = h.length < size ? h.length : size;
	mc = cur_init(data, len);
	if ((pc = malloc(sizeof(*pc))) == NULL)
		return 0;
	(void)isakmp_walk(&mc, &h, pc);

	memset(&ctx, 0, sizeof(ctx));
	ctx.version = version;
	ctx.exch_type = h.exch_type;
	ctx.doi = 1;
	if (version == 2) {
		ctx.is_response = (h.flags & IKEV2_FLAG_R) != 0;
		ctx.from_initiator = (h.flags & IKEV2_FLAG_I) != 0;
		ctx.sk_iv_len = fuzz_sk_lens[h.spi_r[7] & 3][0];
		ctx.sk_icv_len = fuzz_sk_lens[h.spi_r[7] & 3][1];
	} else {
		ctx.is_response = h.spi_r[7] & 1;
		ctx.from_initiator = (h.spi_r[7] & 2) == 0;
	}
	msg_no = 1 + (h.spi_r[6] & 3);
	fuzz_dissect_chain(&mc, pc, &ctx, msg_no, 0);
	free(pc);
	return 0;
}

#endif
