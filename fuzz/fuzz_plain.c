/*
 * fuzz_plain.c - a decrypted body (an IKEv1 encrypted message's or an
 * IKEv2 SK payload's plaintext, padding removed) through the walker and
 * the dissectors, as session_dissect_plain() takes it.
 *
 * Input: byte 0 the type of the first payload (the SK payload's or the
 * header's next-payload field), byte 1 flags (bit 0 IKEv2, bit 1
 * response, bit 2 from the initiator, bits 3-4 the SK IV/ICV lengths,
 * bits 5-6 the message's number in its exchange), byte 2 the exchange
 * type; the body follows.
 */
#include "fuzz_ike.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct payload_chain *pc;
	struct dissect_ctx    ctx;
	struct cursor	      c;
	uint8_t		      fl;

	if (size < 3)
		return 0;
	fl = data[1];
	c = cur_init(data + 3, size - 3);
	if ((pc = malloc(sizeof(*pc))) == NULL)
		return 0;
	(void)isakmp_walk_chain(&c, data[0], fl & 1, pc);
	memset(&ctx, 0, sizeof(ctx));
	ctx.version = (fl & 1) ? 2 : 1;
	ctx.is_response = (fl >> 1) & 1;
	ctx.from_initiator = (fl >> 2) & 1;
	ctx.sk_iv_len = fuzz_sk_lens[(fl >> 3) & 3][0];
	ctx.sk_icv_len = fuzz_sk_lens[(fl >> 3) & 3][1];
	ctx.exch_type = data[2];
	ctx.doi = 1;
	ctx.in_encrypted = 1;
	fuzz_dissect_chain(&c, pc, &ctx, 1 + ((fl >> 5) & 3), 1);
	free(pc);
	return 0;
}
