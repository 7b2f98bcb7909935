/*
 * test_session.c - IKE messages into SAs, exchanges, roles and
 * retransmissions; IKEv1 fragment reassembly; rekey inference.
 */
#include <string.h>

#include "../../analyzer/analysis.h"
#include "tap.h"

#define DLT_IPV4 228

static const uint8_t A[4] = { 192, 0, 2, 1 }, B[4] = { 198, 51, 100, 7 };
static int64_t	     now = 1000;

/* Send an IKE message from (src) to (dst) over IPv4/UDP 500. */
static void
send(struct isc_analysis *a, const uint8_t *src, const uint8_t *dst,
    const uint8_t *ike, size_t n)
{
	uint8_t		f[2048];
	size_t		len = 20 + 8 + n;
	struct isc_time ts = { now++, 0 };

	memset(f, 0, 28);
	f[0] = 0x45;
	f[2] = (uint8_t)(len >> 8);
	f[3] = (uint8_t)len;
	f[8] = 64;
	f[9] = 17;
	memcpy(f + 12, src, 4);
	memcpy(f + 16, dst, 4);
	f[20] = 0x01;
	f[21] = 0xf4;
	f[22] = 0x01;
	f[23] = 0xf4;
	f[24] = (uint8_t)((8 + n) >> 8);
	f[25] = (uint8_t)(8 + n);
	memcpy(f + 28, ike, n);
	isc_analysis_frame(a, f, len, len, ts);
}

/* An ISAKMP header; returns 28. */
static size_t
hdr(uint8_t *m, uint64_t spi_i, uint64_t spi_r, uint8_t np, uint8_t ver,
    uint8_t xt, uint8_t flags, uint32_t msgid, uint32_t len)
{
	int i;

	for (i = 0; i < 8; i++) {
		m[i] = (uint8_t)(spi_i >> (56 - 8 * i));
		m[8 + i] = (uint8_t)(spi_r >> (56 - 8 * i));
	}
	m[16] = np;
	m[17] = (uint8_t)(ver << 4);
	m[18] = xt;
	m[19] = flags;
	m[20] = (uint8_t)(msgid >> 24);
	m[21] = (uint8_t)(msgid >> 16);
	m[22] = (uint8_t)(msgid >> 8);
	m[23] = (uint8_t)msgid;
	m[24] = (uint8_t)(len >> 24);
	m[25] = (uint8_t)(len >> 16);
	m[26] = (uint8_t)(len >> 8);
	m[27] = (uint8_t)len;
	return 28;
}

/* A message of only a header plus one 8-byte VID/V payload. */
static size_t
simple(uint8_t *m, uint64_t si, uint64_t sr, uint8_t ver, uint8_t xt,
    uint8_t flags, uint32_t msgid, uint8_t tag)
{
	size_t off =
	    hdr(m, si, sr, ver == 2 ? 43 : 13, ver, xt, flags, msgid, 36);

	m[off] = 0;
	m[off + 1] = 0;
	m[off + 2] = 0;
	m[off + 3] = 8;
	memset(m + off + 4, tag, 4);
	return 36;
}

/* d holds exactly one entry of code, repeated `repeats` more times. */
static int
has_diag(const struct isc_diags *d, const char *code, uint64_t repeats)
{
	size_t i, found = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].code, code) == 0) {
			if (d->v[i].repeats != repeats)
				return 0;
			found++;
		}
	return found == 1;
}

static struct isc_analysis *
start(void)
{
	struct isc_analysis *a = isc_analysis_new(NULL);

	isc_analysis_begin_capture(a, "test", DLT_IPV4);
	return a;
}

int
main(void)
{
	struct isc_analysis	*a;
	const struct isc_ike_sa *sa;
	uint8_t			 m[1024], whole[256];
	size_t			 n, wn;

	/* IKEv1 Main Mode: message 1 twice, reply, then message 3. */
	a = start();
	n = simple(m, 0x1111, 0, 1, 2, 0, 0, 1);
	send(a, A, B, m, n);
	send(a, A, B, m, n);
	n = simple(m, 0x1111, 0x2222, 1, 2, 0, 0, 2);
	send(a, B, A, m, n);
	n = simple(m, 0x1111, 0x2222, 1, 2, 0, 0, 3);
	send(a, A, B, m, n);
	/* Quick Mode started by the responder */
	n = simple(m, 0x1111, 0x2222, 1, 32, 1, 0x55, 4);
	send(a, B, A, m, n);
	n = simple(m, 0x1111, 0x2222, 1, 32, 1, 0x55, 5);
	send(a, A, B, m, n);
	isc_analysis_finish(a);
	ok(a->nsas == 1, "IKEv1: one SA from cookies (got %zu)", a->nsas);
	sa = a->sas[0];
	ok(sa->spi_r_known && sa->roles_known && sa->nex == 2,
	    "IKEv1: responder cookie learnt, roles known, 2 exchanges");
	ok(sa->ex[0]->nmsgs == 4 && sa->ex[0]->msgs[1]->retrans_of == 1 &&
		sa->ex[0]->msgs[0]->retrans_of == 0,
	    "IKEv1: message 1 sent twice is a retransmission of frame 1");
	ok(sa->ex[0]->msgs[2]->from == ISC_ROLE_RESPONDER &&
		sa->ex[0]->msgs[2]->is_response &&
		sa->ex[0]->msgs[3]->from == ISC_ROLE_INITIATOR,
	    "IKEv1: roles and responses by address");
	ok(sa->ex[1]->type == 32 &&
		sa->ex[1]->initiated_by == ISC_ROLE_RESPONDER &&
		!sa->ex[1]->msgs[0]->is_response &&
		sa->ex[1]->msgs[1]->is_response,
	    "IKEv1: Quick Mode started by the responder");
	ok(sa->ex[0]->msgs[0]->npayloads == 1 &&
		sa->ex[0]->msgs[0]->payload_node != NULL &&
		sa->ex[0]->msgs[0]->fields.n > 0,
	    "payloads dissected into a "
	    "field tree");
	isc_analysis_free(a);

	/*
	 * IKEv2: both sides use message ID 0 for their first request;
	 * they are two exchanges, told apart by who sent the request.
	 */
	a = start();
	n = simple(m, 0xaaaa, 0, 2, 34, 0x08, 0, 1);
	send(a, A, B, m, n);
	n = simple(m, 0xaaaa, 0xbbbb, 2, 34, 0x20, 0, 2);
	send(a, B, A, m, n);
	n = simple(m, 0xaaaa, 0xbbbb, 2, 37, 0x08, 0, 3);
	send(a, A, B, m, n);
	n = simple(m, 0xaaaa, 0xbbbb, 2, 37, 0x00, 0, 4);
	send(a, B, A, m, n); /* responder's own request, msgid 0 */
	n = simple(m, 0xaaaa, 0xbbbb, 2, 37, 0x28, 0, 5);
	send(a, A, B, m, n); /* initiator answers it */
	n = simple(m, 0xaaaa, 0xbbbb, 2, 37, 0x20, 0, 6);
	send(a, B, A, m, n); /* responder answers the first */
	/* CREATE_CHILD_SA, then a new SA pair between the same peers */
	n = simple(m, 0xaaaa, 0xbbbb, 2, 36, 0x08, 1, 7);
	send(a, A, B, m, n);
	n = simple(m, 0xaaaa, 0xbbbb, 2, 36, 0x20, 1, 8);
	send(a, B, A, m, n);
	n = simple(m, 0xcccc, 0xdddd, 2, 37, 0x08, 0, 9);
	send(a, A, B, m, n);
	isc_analysis_finish(a);
	ok(a->nsas == 2, "IKEv2: two SAs (got %zu)", a->nsas);
	sa = a->sas[0];
	ok(sa->nex == 4,
	    "IKEv2: INIT, two INFORMATIONAL with msgid 0 "
	    "(one each way), CREATE_CHILD_SA (got %zu)",
	    sa->nex);
	ok(sa->nex >= 3 && sa->ex[1]->nmsgs == 2 && sa->ex[2]->nmsgs == 2 &&
		sa->ex[1]->initiated_by == ISC_ROLE_INITIATOR &&
		sa->ex[2]->initiated_by == ISC_ROLE_RESPONDER,
	    "IKEv2: each INFORMATIONAL pairs its request and response");
	ok(a->nsas == 2 && a->sas[1]->rekey_of == a->sas[0] &&
		a->sas[1]->rekey_frame == 7,
	    "IKEv2: the new SA is linked to the CREATE_CHILD_SA in frame 7");
	isc_analysis_free(a);

	/*
	 * IKEv1 fragmentation (payload 132): a 56-byte message split in
	 * two FRAG payloads, the second one first; the reassembled message
	 * is analysed and marked.
	 */
	wn = hdr(whole, 0x7777, 0x8888, 13, 1, 2, 0, 0, 56);
	whole[wn] = 0;
	whole[wn + 1] = 0;
	whole[wn + 2] = 0;
	whole[wn + 3] = 28;
	memset(whole + wn + 4, 0x42, 24);
	a = start();
	/* fragment 2 (last): bytes 30..55 */
	n = hdr(m, 0x7777, 0x8888, 132, 1, 2, 0, 0, 28 + 8 + 26);
	m[n] = 0;
	m[n + 1] = 0;
	m[n + 2] = 0;
	m[n + 3] = 8 + 26;
	m[n + 4] = 0;
	m[n + 5] = 9; /* fragment ID 9 */
	m[n + 6] = 2;
	m[n + 7] = 1; /* last */
	memcpy(m + n + 8, whole + 30, 26);
	send(a, B, A, m, n + 8 + 26);
	/* fragment 1: bytes 0..29 */
	n = hdr(m, 0x7777, 0x8888, 132, 1, 2, 0, 0, 28 + 8 + 30);
	m[n] = 0;
	m[n + 1] = 0;
	m[n + 2] = 0;
	m[n + 3] = 8 + 30;
	m[n + 4] = 0;
	m[n + 5] = 9;
	m[n + 6] = 1;
	m[n + 7] = 0;
	memcpy(m + n + 8, whole, 30);
	send(a, B, A, m, n + 8 + 30);
	isc_analysis_finish(a);
	sa = a->nsas == 1 ? a->sas[0] : NULL;
	ok(sa != NULL && sa->nex == 1 && sa->ex[0]->nmsgs == 3,
	    "IKEv1 FRAG: two fragments and the reassembled message");
	ok(sa != NULL && sa->nex == 1 && sa->ex[0]->nmsgs == 3 &&
		sa->ex[0]->msgs[2]->from_fragments &&
		sa->ex[0]->msgs[2]->nfragments == 2 &&
		sa->ex[0]->msgs[2]->len == 56 &&
		memcmp(sa->ex[0]->msgs[2]->data, whole, 56) == 0 &&
		sa->ex[0]->msgs[2]->npayloads == 1 &&
		sa->ex[0]->msgs[2]->payloads[0].type == 13,
	    "IKEv1 FRAG: reassembled in number order, then dissected");
	ok(sa != NULL && sa->nmsgs == 2 && a->ike_messages == 2,
	    "IKEv1 FRAG: the reassembled message is not counted as one more "
	    "on the wire");
	isc_analysis_free(a);

	/*
	 * A responder refusing statelessly answers with a zero responder
	 * cookie too: placed by address, it is the responder's message.
	 */
	a = start();
	n = simple(m, 0x4242, 0, 1, 4, 0, 0, 1);
	send(a, A, B, m, n);
	n = simple(m, 0x4242, 0, 1, 5, 0, 0x99, 2);
	send(a, B, A, m, n);
	isc_analysis_finish(a);
	ok(a->nsas == 1 && a->sas[0]->nex == 2 &&
		a->sas[0]->ex[1]->msgs[0]->from == ISC_ROLE_RESPONDER &&
		a->sas[0]->ex[1]->initiated_by == ISC_ROLE_RESPONDER,
	    "IKEv1: zero responder cookie from the responder's address is "
	    "the responder's");
	isc_analysis_free(a);

	/* A message shorter than its header length, and one not ISAKMP. */
	a = start();
	n = simple(m, 0x1234, 0, 2, 34, 0x08, 0, 1);
	m[27] = 200;
	send(a, A, B, m, n);
	send(a, A, B, (const uint8_t *)"hello", 5);
	isc_analysis_finish(a);
	ok(a->nsas == 1 && a->sas[0]->ex[0]->msgs[0]->diags.n >= 1 &&
		strcmp(a->sas[0]->ex[0]->msgs[0]->diags.v[0].code,
		    "ike-length") == 0,
	    "length field beyond the datagram: ike-length diagnostic");
	ok(a->captures[0]->diags.n >= 1 &&
		strcmp(a->captures[0]->diags.v[0].code, "not-ike") == 0,
	    "5 bytes on port 500: not-ike diagnostic, no message");
	isc_analysis_free(a);

	/*
	 * Caps (session.c): 10 000 half-open IKE SAs (no answer yet),
	 * 10 000 exchanges per SA, 256 messages per exchange; past each,
	 * one diagnostic whose repeats count the rest, and the messages
	 * still counted.  SAs that were answered are not limited.
	 */
	a = start();
	for (n = 0; n < 10003; n++) {
		size_t k = simple(m, 0x100000 + n, 0, 2, 34, 0x08, 0, 1);

		send(a, A, B, m, k);
	}
	isc_analysis_finish(a);
	ok(a->nsas == 10000 && a->ike_messages == 10003 &&
		has_diag(&a->captures[0]->diags, "ike-sa-cap", 2),
	    "10 003 half-open IKE SAs: 10 000 kept, one ike-sa-cap "
	    "diagnostic (+2)");
	isc_analysis_free(a);
	a = start();
	for (n = 0; n < 10003; n++) {
		size_t k = simple(m, 0x100000 + n, 0, 2, 34, 0x08, 0, 1);

		send(a, A, B, m, k);
		k = simple(m, 0x100000 + n, 0x900000 + n, 2, 34, 0x20, 0, 1);
		send(a, B, A, m, k);
	}
	isc_analysis_finish(a);
	ok(a->nsas == 10003 && a->nhalf_open == 0 &&
		!has_diag(&a->captures[0]->diags, "ike-sa-cap", 0),
	    "10 003 IKE SAs, each answered: all kept, no ike-sa-cap");
	isc_analysis_free(a);
	a = start();
	for (n = 0; n < 10002; n++) {
		size_t k =
		    simple(m, 0x7777, 0x8888, 2, 37, 0x08, (uint32_t)n, 1);

		send(a, A, B, m, k);
	}
	for (n = 0; n < 300; n++) {
		size_t k = simple(m, 0x7777, 0x8888, 2, 37, 0x08, 0, 2);

		send(a, A, B, m, k);
	}
	isc_analysis_finish(a);
	sa = a->nsas == 1 ? a->sas[0] : NULL;
	ok(sa != NULL && sa->nex == 10000 &&
		has_diag(&sa->diags, "exchange-cap", 1),
	    "10 002 exchanges in one SA: 10 000 kept, exchange-cap (+1)");
	ok(sa != NULL && sa->ex[0]->nmsgs == 256 &&
		has_diag(&sa->diags, "message-cap", 300 - 255 - 1),
	    "301 messages in one exchange: 256 kept, message-cap");
	isc_analysis_free(a);
	return done();
}
