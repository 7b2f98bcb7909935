/*
 * session.c - IKE messages into IKE SAs and exchanges; ESP packets into
 * ESP SAs (RFC 2408 2.5.3, RFC 2409 5, RFC 7296 2.1-2.2, 2.6).
 *
 * An IKE SA is named by its SPI pair (IKEv1 cookies).  The first message
 * of an SA carries a zero responder SPI; the reply fills it in, so a
 * message whose pair is unknown joins the SA with the same initiator SPI
 * and no responder SPI yet.  A pair never seen before starts a new SA:
 * either the capture began after the SA was set up, or a rekey created
 * it (IKEv2 CREATE_CHILD_SA of an IKE SA moves to new SPIs).
 *
 * Exchanges: IKEv1 names them by exchange type and message ID (Main and
 * Aggressive Mode use message ID 0).  IKEv2 message IDs count requests
 * separately in each direction (RFC 7296 2.2), so an exchange is the
 * message ID together with the role that sent the request.
 *
 * Roles: IKEv2 marks the original initiator in every header (I flag).
 * IKEv1 does not; its initiator is whoever sent the message with a zero
 * responder cookie, and later messages are placed by address.  When the
 * capture starts after that message the first sender is taken as the
 * initiator, and the SA says so in a diagnostic.
 */
#include <stdlib.h>
#include <string.h>

#include "../dissect/isakmp.h"
#include "../dissect/payload.h"
#include "../dissect/placement.h"
#include "../dissect/registry.h"
#include "algo.h"
#include "crypt.h"
#include "htab.h"
#include "esp.h"
#include "net.h"
#include "util.h"

static const uint8_t zero_spi[8];

/*
 * Caps on what one analysis keeps, so that a capture made to exhaust
 * memory (a flood of half-open IKE SAs, of exchanges in one SA, of one
 * message sent again and again, of ESP SPIs) costs bounded memory.  Past
 * a cap the message or packet is counted but not kept, and one
 * diagnostic per list says so (its repeats count the rest).  With
 * --ndjson and --idle-timeout, SAs that go idle leave, and only the SAs
 * open at once count.
 */
#define SESSION_MAX_HALF_OPEN 10000  /* IKE SAs with no answer yet */
#define SESSION_MAX_EXCHANGES 10000  /* exchanges kept per IKE SA */
#define SESSION_MAX_EX_MSGS   256    /* messages kept per exchange */
#define SESSION_MAX_ESP_SAS   100000 /* ESP and AH SAs kept at once */

/* A cap already told in d: count one more hit, and say so. */
static int
cap_repeat(struct isc_diags *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].code, code) == 0) {
			d->v[i].repeats++;
			return 1;
		}
	return 0;
}

/* Forward: used by the cap check before a message is kept. */
static struct isc_ike_sa *sa_find(struct isc_analysis *,
    const struct isakmp_hdr *);

/*
 * Whether message h is past a cap: a new IKE SA when
 * SESSION_MAX_HALF_OPEN SAs have had no answer from their responder yet
 * (a flood of IKE_SA_INIT or Main Mode requests; SAs that were answered
 * are not limited: a capture of a busy gateway holds many), a new exchange in an SA that has SESSION_MAX_EXCHANGES, one
 * more message in an exchange that has SESSION_MAX_EX_MSGS.  Says so
 * (once per list) and counts the message as seen.
 */
static int
ike_over_cap(struct isc_analysis *a, const struct isakmp_hdr *h,
    const struct isc_pkt_meta *meta)
{
	struct isc_ike_sa	  *sa = sa_find(a, h);
	const struct isc_exchange *ex = NULL;
	size_t			   i;

	if (sa == NULL) {
		if (a->nhalf_open < SESSION_MAX_HALF_OPEN)
			return 0;
		if (!cap_repeat(&a->cur->diags, "ike-sa-cap"))
			diag_add(&a->cur->diags, ISC_SEV_WARNING, "ike-sa-cap",
			    meta->frame,
			    "%d IKE SAs are half-open (no answer from their "
			    "responder): messages of further new SAs are "
			    "counted but not analysed until some are answered "
			    "(with --ndjson, idle SAs leave after "
			    "--idle-timeout)",
			    SESSION_MAX_HALF_OPEN);
		goto over;
	}
	for (i = sa->nex; i-- > 0;)
		if (sa->ex[i]->type == h->exch_type &&
		    sa->ex[i]->msgid == h->msgid) {
			ex = sa->ex[i];
			break;
		}
	if (ex == NULL && sa->nex >= SESSION_MAX_EXCHANGES) {
		if (!cap_repeat(&sa->diags, "exchange-cap"))
			diag_add(&sa->diags, ISC_SEV_WARNING, "exchange-cap",
			    meta->frame,
			    "this IKE SA has %d exchanges: further ones are "
			    "counted but not analysed",
			    SESSION_MAX_EXCHANGES);
		goto over;
	}
	if (ex != NULL && ex->nmsgs >= SESSION_MAX_EX_MSGS) {
		if (!cap_repeat(&sa->diags, "message-cap"))
			diag_add(&sa->diags, ISC_SEV_WARNING, "message-cap",
			    meta->frame,
			    "exchange %u (message ID %u) has %d messages: "
			    "further ones are counted but not analysed",
			    ex->type, ex->msgid, SESSION_MAX_EX_MSGS);
		goto over;
	}
	return 0;
over:
	a->ike_messages++;
	a->cur->ike_messages++;
	return 1;
}

static uint64_t
spi_key(const uint8_t spi[8])
{
	uint64_t k = 0;
	int	 i;

	for (i = 0; i < 8; i++)
		k = (k << 8) | spi[i];
	return k;
}

static struct isc_ike_sa *
sa_new(struct isc_analysis *a, const struct isakmp_hdr *h)
{
	struct isc_ike_sa *sa = xcalloc(1, sizeof(*sa));

	sa->version = h->major;
	memcpy(sa->spi_i, h->spi_i, 8);
	memcpy(sa->spi_r, h->spi_r, 8);
	sa->spi_r_known = memcmp(h->spi_r, zero_spi, 8) != 0;
	sa->index = a->sas_seen++;
	ARRAY_GROW(a->sas, a->nsas, a->sacap);
	a->sas[a->nsas++] = sa;
	sa->half_open = 1;
	a->nhalf_open++;
	htab_put(a->sa_by_spi, spi_key(h->spi_i), sa);
	return sa;
}

/*
 * The SA a message belongs to, or NULL.  Among SAs with this initiator
 * SPI, prefer the exact pair, then one still waiting for its responder
 * SPI (the newest, as lookups walk newest first).
 */
static struct isc_ike_sa *
sa_find(struct isc_analysis *a, const struct isakmp_hdr *h)
{
	struct isc_ike_sa *waiting = NULL, *any = NULL;
	uint64_t	   key = spi_key(h->spi_i);
	struct htab_node  *n;
	int		   rzero = memcmp(h->spi_r, zero_spi, 8) == 0;

	for (n = htab_first(a->sa_by_spi, key); n != NULL;
	     n = htab_next(n, key)) {
		struct isc_ike_sa *sa = htab_value(n);

		if (sa->version != h->major ||
		    memcmp(sa->spi_i, h->spi_i, 8) != 0)
			continue;
		if (rzero) {
			/* First message again, or a reply that keeps SPIr 0. */
			if (any == NULL)
				any = sa;
			continue;
		}
		if (sa->spi_r_known && memcmp(sa->spi_r, h->spi_r, 8) == 0)
			return sa;
		if (!sa->spi_r_known && waiting == NULL)
			waiting = sa;
	}
	return rzero ? any : waiting;
}

static enum isc_role
other_role(enum isc_role r)
{
	if (r == ISC_ROLE_INITIATOR)
		return ISC_ROLE_RESPONDER;
	if (r == ISC_ROLE_RESPONDER)
		return ISC_ROLE_INITIATOR;
	return ISC_ROLE_UNKNOWN;
}

static void
set_roles(struct isc_ike_sa *sa, const struct isc_pkt_meta *m,
    enum isc_role sender)
{
	if (sender == ISC_ROLE_INITIATOR) {
		sa->initiator = m->src;
		sa->responder = m->dst;
	} else {
		sa->initiator = m->dst;
		sa->responder = m->src;
	}
}

/* Which role sent this message. */
static enum isc_role
sender_role(struct isc_ike_sa *sa, const struct isakmp_hdr *h,
    const struct isc_pkt_meta *m, int is_new)
{
	enum isc_role r;
	int	      rzero;

	if (h->major == 2) {
		r = (h->flags & IKEV2_FLAG_I) ? ISC_ROLE_INITIATOR :
						ISC_ROLE_RESPONDER;
		if (!sa->roles_known) {
			set_roles(sa, m, r);
			sa->roles_known = 1;
		}
		return r;
	}
	/*
	 * IKEv1: the first message, with a zero responder cookie, comes from
	 * the initiator.  Later ones are placed by address: a responder may
	 * refuse statelessly with a zero cookie too.
	 */
	rzero = memcmp(h->spi_r, zero_spi, 8) == 0;
	if (rzero && !sa->roles_known) {
		set_roles(sa, m, ISC_ROLE_INITIATOR);
		sa->roles_known = 1;
		return ISC_ROLE_INITIATOR;
	}
	if (is_new) {
		set_roles(sa, m, ISC_ROLE_INITIATOR);
		diag_add(&sa->diags, ISC_SEV_INFO, "roles-inferred", m->frame,
		    "the capture starts after this IKEv1 SA was set "
		    "up; the first sender seen is taken as the initiator");
		return ISC_ROLE_INITIATOR;
	}
	/* Place by address, then by port when both peers share an address. */
	if (isc_addr_eq(&m->src.ip, &sa->initiator.ip) &&
	    !isc_addr_eq(&m->src.ip, &sa->responder.ip))
		return ISC_ROLE_INITIATOR;
	if (isc_addr_eq(&m->src.ip, &sa->responder.ip) &&
	    !isc_addr_eq(&m->src.ip, &sa->initiator.ip))
		return ISC_ROLE_RESPONDER;
	if (isc_endpoint_eq(&m->src, &sa->initiator))
		return ISC_ROLE_INITIATOR;
	if (isc_endpoint_eq(&m->src, &sa->responder))
		return ISC_ROLE_RESPONDER;
	/* A NAT changed the address: the destination may still tell. */
	if (isc_addr_eq(&m->dst.ip, &sa->responder.ip))
		return ISC_ROLE_INITIATOR;
	if (isc_addr_eq(&m->dst.ip, &sa->initiator.ip))
		return ISC_ROLE_RESPONDER;
	return rzero ? ISC_ROLE_INITIATOR : ISC_ROLE_UNKNOWN;
}

/* Same key for (a, b) and (b, a): the pair of peer addresses. */
static uint64_t
peers_key(const struct isc_ike_sa *sa)
{
	uint64_t x = hash_bytes(sa->initiator.ip.a, sizeof(sa->initiator.ip.a));
	uint64_t y = hash_bytes(sa->responder.ip.a, sizeof(sa->responder.ip.a));

	return x ^ y;
}

static int
same_peers(const struct isc_ike_sa *x, const struct isc_ike_sa *y)
{
	return (isc_addr_eq(&x->initiator.ip, &y->initiator.ip) &&
		   isc_addr_eq(&x->responder.ip, &y->responder.ip)) ||
	    (isc_addr_eq(&x->initiator.ip, &y->responder.ip) &&
		isc_addr_eq(&x->responder.ip, &y->initiator.ip));
}

#define REKEY_LOOKBACK 8

/*
 * RFC 7296 1.3.2: rekeying an IKE SA is a CREATE_CHILD_SA exchange of the
 * old SA; the new SA's messages then use the SPIs it negotiated, with no
 * IKE_SA_INIT.  Until the exchange is decrypted, link a new mid-stream SA
 * to the latest SA between the same peers that ran CREATE_CHILD_SA.
 */
static void
link_rekey(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	uint64_t	  key = peers_key(sa);
	struct htab_node *n;
	int		  looked = 0;

	for (n = htab_first(a->sa_by_peers, key);
	     n != NULL && looked < REKEY_LOOKBACK; n = htab_next(n, key)) {
		struct isc_ike_sa *old = htab_value(n);
		size_t		   i;

		if (old == sa || old->version != 2 || !same_peers(old, sa))
			continue;
		looked++;
		for (i = old->nex; i-- > 0;) {
			const struct isc_exchange *ex = old->ex[i];

			if (ex->type != 36 || ex->nmsgs == 0)
				continue;
			sa->rekey_of = old;
			sa->rekey_of_index = old->index + 1;
			sa->rekey_frame = ex->msgs[0]->meta.frame;
			diag_add(&sa->diags, ISC_SEV_INFO, "rekey-inferred",
			    sa->first_frame,
			    "probably created by the "
			    "CREATE_CHILD_SA exchange of IKE SA #%zu in frame "
			    "%llu (same peers, no IKE_SA_INIT); decryption "
			    "will confirm it",
			    old->index + 1,
			    (unsigned long long)sa->rekey_frame);
			return;
		}
	}
}

static struct isc_exchange *
exchange_find(struct isc_ike_sa *sa, const struct isakmp_hdr *h,
    enum isc_role initiated_by)
{
	size_t i;

	for (i = sa->nex; i-- > 0;) {
		struct isc_exchange *ex = sa->ex[i];

		if (ex->type != h->exch_type || ex->msgid != h->msgid)
			continue;
		if (h->major == 2 && ex->initiated_by != initiated_by)
			continue;
		return ex;
	}
	return NULL;
}

static struct isc_exchange *
exchange_new(struct isc_ike_sa *sa, const struct isakmp_hdr *h,
    enum isc_role initiated_by)
{
	struct isc_exchange *ex = xcalloc(1, sizeof(*ex));

	ex->type = h->exch_type;
	ex->msgid = h->msgid;
	ex->initiated_by = initiated_by;
	ARRAY_GROW(sa->ex, sa->nex, sa->excap);
	sa->ex[sa->nex++] = ex;
	return ex;
}

/* An earlier message of the exchange with the same bytes, or NULL. */
static const struct isc_msg *
retransmission_of(const struct isc_exchange *ex, const struct isc_msg *m)
{
	size_t i;

	for (i = 0; i < ex->nmsgs; i++) {
		const struct isc_msg *o = ex->msgs[i];

		if (o->hash == m->hash && o->len == m->len &&
		    o->from == m->from && o->retrans_of == 0 &&
		    memcmp(o->data, m->data, m->len) == 0)
			return o;
	}
	return NULL;
}

static void
msg_walk(struct isc_msg *m)
{
	struct payload_chain *pc = xmalloc(sizeof(*pc));
	struct cursor	      c = cur_init(m->data, m->len);

	(void)isakmp_walk(&c, &m->hdr, pc);
	m->walk = pc->st;
	m->npayloads = pc->n;
	if (pc->n > 0)
		m->payloads = xmemdup(pc->v, pc->n * sizeof(pc->v[0]));
	m->encrypted = pc->encrypted;
	m->enc_off = pc->enc_off;
	m->enc_len = pc->enc_len;
	m->enc_first = pc->enc_first;
	if (pc->st.code != DS_OK)
		diag_add(&m->diags,
		    pc->st.code == DS_TRUNCATED ? ISC_SEV_WARNING :
						  ISC_SEV_ERROR,
		    pc->st.code == DS_TRUNCATED ? "payload-truncated" :
			pc->st.code == DS_LIMIT ? "payload-limit" :
						  "payload-invalid",
		    m->meta.frame, "payload chain stops at offset %zu: %s",
		    pc->st.off, pc->st.msg);
	free(pc);
}

/* Does m carry an IKEv1 fragment (payload 132) of another message? */
static int
frag_carrier(const struct isc_msg *m)
{
	size_t i;

	if (m->hdr.major != 1 || m->from_fragments)
		return 0;
	for (i = 0; i < m->npayloads; i++)
		if (m->payloads[i].type == IKEV1_PT_FRAG)
			return 1;
	return 0;
}

/*
 * Position of m among the distinct messages of its exchange, from 1:
 * retransmissions and fragment carriers do not count (a fragmented
 * message counts once, when reassembled).
 */
static unsigned
msg_number(const struct isc_exchange *ex, const struct isc_msg *m)
{
	unsigned n = 1;
	size_t	 i;

	for (i = 0; i < ex->nmsgs && ex->msgs[i] != m; i++)
		if (ex->msgs[i]->retrans_of == 0 && !frag_carrier(ex->msgs[i]))
			n++;
	return n;
}

/*
 * Dissect every payload of a chain into tree (nodes in *nodes), and
 * check each against the payloads its exchange and direction may carry.
 * inner: the chain came out of an encrypted body (IKEv2: from SK).
 */
static void
dissect_chain(const struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *m, const uint8_t *data, size_t len,
    const struct payload_ref *pl, size_t n, const struct dstatus *walk,
    struct ftree *tree, int32_t **nodes, int inner)
{
	struct cursor	   buf = cur_init(data, len);
	struct dissect_ctx ctx;
	unsigned	   msg_no = msg_number(ex, m);
	char		   xb[32], pb[32];
	size_t		   i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.version = m->hdr.major;
	ctx.exch_type = m->hdr.exch_type;
	ctx.is_response = m->is_response;
	ctx.from_initiator = m->from == ISC_ROLE_INITIATOR;
	ctx.doi = 1;
	ctx.in_encrypted = (uint8_t)inner;
	if (sa->version == 1)
		ctx.v1_auth = sa->auth_method;
	if (sa->version == 2 && sa->encr != 0) {
		const struct algo *e = algo_find(ALGO_ENCR, sa->encr);
		const struct algo *ig = algo_find(ALGO_INTEG, sa->integ);

		if (e != NULL && (e->aead || ig != NULL)) {
			ctx.sk_iv_len = e->iv;
			ctx.sk_icv_len = e->aead ? e->icv : ig->icv;
		}
	}
	if (n == 0)
		return;
	*nodes = xcalloc(n, sizeof(**nodes));
	for (i = 0; i < n; i++) {
		const struct payload_ref *r = &pl[i];
		struct dstatus		  st = { DS_OK, 0, NULL };
		enum placement		  place;
		uint8_t			  et;
		int			  in_sk;

		if (dissect_payload(tree, &buf, r, &ctx, &(*nodes)[i], &st) !=
			DS_OK &&
		    !(walk->code != DS_OK && i + 1 == n &&
			st.code == DS_TRUNCATED))
			diag_add(&m->diags, ISC_SEV_WARNING,
			    st.code == DS_TRUNCATED ? "payload-truncated" :
				st.code == DS_LIMIT ? "payload-limit" :
						      "payload-malformed",
			    m->meta.frame,
			    "%s%s payload at offset %u: %s (at offset %zu)",
			    inner ? "decrypted " : "",
			    reg_name_buf(REG_PAYLOAD, r->type, pb, sizeof(pb)),
			    r->off, st.msg != NULL ? st.msg : "?", st.off);
		et = dissect_effective_type(&ctx, r->type);
		place = placement_check(m->hdr.major, m->hdr.exch_type,
		    m->is_response, inner && m->hdr.major == 2, msg_no, et);
		if (place != PLACE_NOT_ALLOWED)
			continue;
		/* IKEv2: a payload that belongs inside SK, found outside. */
		in_sk = !inner && m->hdr.major == 2 &&
		    placement_check(m->hdr.major, m->hdr.exch_type,
			m->is_response, 1, msg_no, et) == PLACE_ALLOWED;
		diag_add(&m->diags, ISC_SEV_WARNING, "payload-unexpected",
		    m->meta.frame, "%s payload is not expected in %s %s%s",
		    reg_name_buf(REG_PAYLOAD, et, pb, sizeof(pb)),
		    reg_name_buf(REG_EXCHANGE, m->hdr.exch_type, xb,
			sizeof(xb)),
		    m->is_response ? "response" : "request",
		    in_sk ? " outside the SK payload (it must be "
			    "encrypted)" :
			m->hdr.major == 1 ? " at this point" :
					    "");
	}
	ft_shrink(tree);
	if (tree->full)
		diag_add(&m->diags, ISC_SEV_WARNING, "fields-limit",
		    m->meta.frame,
		    "message has more fields than ikescope "
		    "keeps (%d); the rest are not shown",
		    FT_MAX_FIELDS);
	if (tree->deep)
		diag_add(&m->diags, ISC_SEV_WARNING, "fields-depth",
		    m->meta.frame,
		    "message nests fields more than %d levels deep; the "
		    "deeper ones are not shown",
		    FT_MAX_DEPTH);
}

static void
msg_dissect(const struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *m)
{
	ft_init(&m->fields);
	dissect_chain(sa, ex, m, m->data, m->len, m->payloads, m->npayloads,
	    &m->walk, &m->fields, &m->payload_node, 0);
}

void
session_dissect_plain(const struct isc_ike_sa *sa, struct isc_exchange *ex,
    struct isc_msg *m)
{
	struct isc_plain *pl = m->plain;

	if (pl->walk.code != DS_OK)
		diag_add(&m->diags, ISC_SEV_WARNING, "decrypted-chain",
		    m->meta.frame,
		    "decrypted payload chain stops at offset %zu: %s",
		    pl->walk.off, pl->walk.msg);
	dissect_chain(sa, ex, m, pl->data, pl->len, pl->payloads, pl->npayloads,
	    &pl->walk, &pl->fields, &pl->payload_node, 1);
}

/*
 * Read the chosen proposal from a response's SA payload: the transforms
 * by IKEv2 type, or the IKEv1 ISAKMP transform's attributes (RFC 2409
 * appendix A: 1 encryption, 2 hash, 3 auth method, 4 group, 14 key
 * length, 13 PRF).
 */
static void
learn_chosen(struct isc_ike_sa *sa, const struct isc_msg *m)
{
	const struct ftree *t = &m->fields;
	int32_t		    prop, i, j;
	size_t		    k;

	for (k = 0; k < m->npayloads; k++)
		if (m->payloads[k].type == (sa->version == 2 ? 33 : 1))
			break;
	if (k == m->npayloads || m->payload_node == NULL)
		return;
	prop = ft_find(t, m->payload_node[k], "proposals");
	if (prop == FT_NONE)
		return;
	sa->chosen_msg = m;
	sa->chosen_node = prop;
	sa->encr = sa->encr_keylen = sa->integ = sa->prf = sa->dh = 0;
	sa->hash = sa->auth_method = 0;
	memset(sa->addke, 0, sizeof(sa->addke));
	for (i = t->v[prop].child; i != FT_NONE; i = t->v[i].next) {
		uint64_t type = ft_child_u(t, i, "transform_type");
		uint64_t id = ft_child_u(t, i, "transform_id");
		uint16_t keylen = 0;

		if (strcmp(t->v[i].key, "transforms") != 0)
			continue;
		for (j = t->v[i].child; j != FT_NONE; j = t->v[j].next) {
			uint64_t at, av;

			if (strcmp(t->v[j].key, "attributes") != 0)
				continue;
			at = ft_child_u(t, j, "attribute_type");
			av = ft_child_u(t, j, "value");
			if (sa->version == 2) {
				if (at == 14)
					keylen = (uint16_t)av;
				continue;
			}
			switch (at) {
			case 1:
				sa->encr = (uint16_t)av;
				break;
			case 2:
				sa->hash = (uint16_t)av;
				break;
			case 3:
				sa->auth_method = (uint16_t)av;
				break;
			case 4:
				sa->dh = (uint16_t)av;
				break;
			case 13:
				sa->prf = (uint16_t)av;
				break;
			case 14:
				sa->encr_keylen = (uint16_t)av;
				break;
			}
		}
		if (sa->version == 1) {
			/* A response names one transform: the chosen one. */
			break;
		}
		switch (type) {
		case 1:
			sa->encr = (uint16_t)id;
			sa->encr_keylen = keylen;
			break;
		case 2:
			sa->prf = (uint16_t)id;
			break;
		case 3:
			sa->integ = (uint16_t)id;
			break;
		case 4:
			sa->dh = (uint16_t)id;
			break;
		case 6:
		case 7:
		case 8:
		case 9:
		case 10:
		case 11:
		case 12:
			sa->addke[type - 6] = (uint16_t)id;
			break;
		}
	}
}

static void ike_message(struct isc_analysis *, const struct isc_pkt_meta *,
    const uint8_t *, size_t, size_t, unsigned);

/*
 * IKEv1 fragmentation: collect the FRAG payloads of one fragment ID;
 * when the last one and all before it are there, the concatenated data
 * is the message they carry, analysed like any other.
 */
static void
frag_collect(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_msg *m)
{
	struct cursor	     c = cur_init(m->data, m->len);
	struct dstatus	     st = { DS_OK, 0, NULL };
	struct isc_frag_set *fs = NULL;
	struct ikev1_frag    f;
	uint8_t		    *buf;
	size_t		     i, off;
	unsigned	     k;

	for (i = 0; i < m->npayloads; i++)
		if (m->payloads[i].type == IKEV1_PT_FRAG)
			break;
	if (i == m->npayloads ||
	    ikev1_frag_parse(&c, &m->payloads[i], &f, &st) != DS_OK)
		return;
	if (f.number == 0 || f.number > ISC_FRAG_MAX) {
		diag_add(&m->diags, ISC_SEV_WARNING, "frag-number",
		    m->meta.frame, "IKEv1 fragment number %u is outside 1..%d",
		    f.number, ISC_FRAG_MAX);
		return;
	}
	for (i = 0; i < sa->nfrags; i++)
		if (sa->frags[i].id == f.id)
			fs = &sa->frags[i];
	if (fs == NULL) {
		/* Keep a few fragment IDs per SA; the oldest goes first. */
		if (sa->nfrags == 4) {
			for (k = 0; k < ISC_FRAG_MAX; k++)
				free(sa->frags[0].part[k]);
			memmove(&sa->frags[0], &sa->frags[1],
			    3 * sizeof(sa->frags[0]));
			sa->nfrags--;
			diag_add(&sa->diags, ISC_SEV_WARNING, "frag-dropped",
			    m->meta.frame,
			    "IKEv1 fragments of an older "
			    "message never completed and were dropped");
		}
		sa->frags = xreallocarray(sa->frags, sa->nfrags + 1,
		    sizeof(*sa->frags));
		fs = &sa->frags[sa->nfrags++];
		memset(fs, 0, sizeof(*fs));
		fs->id = f.id;
		fs->first_frame = m->meta.frame;
	}
	k = f.number - 1;
	if (fs->part[k] != NULL)
		return; /* a retransmitted fragment */
	if (fs->bytes + f.len > ISC_FRAG_MAX_BYTES) {
		diag_add(&m->diags, ISC_SEV_WARNING, "frag-too-big",
		    m->meta.frame,
		    "IKEv1 fragments of ID %u add up to more "
		    "than %d bytes; not reassembled",
		    f.id, ISC_FRAG_MAX_BYTES);
		return;
	}
	fs->part[k] = xmemdup(f.data, f.len);
	fs->len[k] = (uint16_t)f.len;
	fs->bytes += f.len;
	fs->have |= 1u << k;
	if (f.flags & IKEV1_FRAG_LAST)
		fs->last = f.number;
	if (fs->last == 0 || fs->have != (1u << fs->last) - 1)
		return;
	buf = xmalloc(fs->bytes);
	for (k = 0, off = 0; k < fs->last; k++) {
		memcpy(buf + off, fs->part[k], fs->len[k]);
		off += fs->len[k];
		free(fs->part[k]);
		fs->part[k] = NULL;
	}
	k = fs->last;
	*fs = sa->frags[--sa->nfrags];
	ike_message(a, &m->meta, buf, off, off, k);
	free(buf);
}

void
session_ike(struct isc_analysis *a, const struct isc_pkt_meta *meta,
    const uint8_t *p, size_t caplen, size_t wirelen)
{
	ike_message(a, meta, p, caplen, wirelen, 0);
}

/* nfrag: 0, or the number of IKEv1 fragments this message came in. */
static void
ike_message(struct isc_analysis *a, const struct isc_pkt_meta *meta,
    const uint8_t *p, size_t caplen, size_t wirelen, unsigned nfrag)
{
	struct cursor	      c = cur_init(p, caplen);
	struct dstatus	      st = { DS_OK, 0, NULL };
	struct isc_ike_sa    *sa;
	struct isc_exchange  *ex;
	struct isakmp_hdr     h;
	struct isc_msg	     *m;
	enum isc_role	      from, initiated_by;
	const struct isc_msg *orig;
	size_t		      len;
	size_t		      nchildren;
	int		      is_new = 0;

	if (isakmp_parse_header(&c, &h, &st) != DS_OK) {
		if (st.code == DS_TRUNCATED && wirelen >= ISAKMP_HDR_LEN)
			diag_add(&a->cur->diags, ISC_SEV_WARNING,
			    "ike-truncated", meta->frame,
			    "IKE message cut "
			    "to %zu bytes by the capture, header unreadable",
			    caplen);
		else
			diag_add(&a->cur->diags, ISC_SEV_WARNING, "not-ike",
			    meta->frame,
			    "%zu bytes on an IKE port are not an "
			    "ISAKMP message: %s",
			    caplen, st.msg);
		return;
	}
	/* Fragments were counted as they came (nfrag: their message). */
	if (nfrag == 0 && ike_over_cap(a, &h, meta))
		return;

	m = xcalloc(1, sizeof(*m));
	m->meta = *meta;
	m->hdr = h;
	m->wire_len = wirelen;
	len = h.length < caplen ? h.length : caplen;
	m->data = xmemdup(p, len);
	m->len = len;
	m->hash = hash_bytes(m->data, m->len);
	m->from_fragments = nfrag != 0;
	m->nfragments = (uint8_t)nfrag;
	if (h.length > caplen) {
		if (caplen < wirelen)
			diag_add(&m->diags, ISC_SEV_WARNING, "ike-truncated",
			    meta->frame,
			    "message of %u bytes cut to %zu by "
			    "the capture's snapshot length",
			    h.length, caplen);
		else
			diag_add(&m->diags, ISC_SEV_ERROR, "ike-length",
			    meta->frame,
			    "ISAKMP length says %u bytes but the "
			    "datagram holds %zu",
			    h.length, caplen);
	} else if (h.length < wirelen) {
		diag_add(&m->diags, ISC_SEV_WARNING, "ike-trailing",
		    meta->frame,
		    "%zu bytes follow the %u-byte message in "
		    "the datagram",
		    wirelen - h.length, h.length);
	}
	msg_walk(m);

	sa = sa_find(a, &h);
	if (sa == NULL) {
		sa = sa_new(a, &h);
		is_new = 1;
		sa->first_frame = meta->frame;
		sa->first_ts = meta->ts;
		sa->saw_start = memcmp(h.spi_r, zero_spi, 8) == 0;
	} else if (!sa->spi_r_known && memcmp(h.spi_r, zero_spi, 8) != 0) {
		memcpy(sa->spi_r, h.spi_r, 8);
		sa->spi_r_known = 1;
	}
	from = sender_role(sa, &h, meta, is_new);
	m->from = from;
	if (sa->half_open && from == ISC_ROLE_RESPONDER) {
		sa->half_open = 0; /* answered: out of the half-open cap */
		a->nhalf_open--;
	}
	if (is_new) {
		if (h.major == 2 && !sa->saw_start) {
			link_rekey(a, sa);
			if (sa->rekey_of == NULL)
				diag_add(&sa->diags, ISC_SEV_INFO,
				    "sa-midstream", meta->frame,
				    "no "
				    "IKE_SA_INIT for this SA in the capture: "
				    "it was set up before the capture began");
		}
		sa->peers_hkey = peers_key(sa);
		htab_put(a->sa_by_peers, sa->peers_hkey, sa);
	}

	if (h.major == 2) {
		m->is_response = (h.flags & IKEV2_FLAG_R) != 0;
		initiated_by = m->is_response ? other_role(from) : from;
		ex = exchange_find(sa, &h, initiated_by);
	} else {
		ex = exchange_find(sa, &h, from);
		initiated_by = ex != NULL ? ex->initiated_by : from;
		m->is_response = ex != NULL && from != ex->initiated_by;
	}
	if (ex == NULL)
		ex = exchange_new(sa, &h, initiated_by);

	orig = retransmission_of(ex, m);
	if (orig != NULL)
		m->retrans_of = orig->meta.frame;

	if (meta->transport == ISC_TR_UDP_NATT)
		sa->nat_t = 1;
	if (meta->transport == ISC_TR_TCP)
		sa->tcp = 1;
	ARRAY_GROW(ex->msgs, ex->nmsgs, ex->cap);
	ex->msgs[ex->nmsgs++] = m;
	msg_dissect(sa, ex, m);
	if (m->is_response && m->retrans_of == 0 &&
	    (h.exch_type == 34 ||
		(h.major == 1 && (h.exch_type == 2 || h.exch_type == 4))))
		learn_chosen(sa, m);
	nchildren = sa->nchildren;
	crypt_message(a, sa, ex, m);
	if (sa->nchildren != nchildren)
		a->child_gen++; /* new keys for ESP SAs still without */
	if (nfrag == 0)
		sa->nmsgs++; /* messages on the wire */
	sa->last_frame = meta->frame;
	sa->last_ts = meta->ts;
	if (nfrag == 0) {
		a->ike_messages++;
		a->cur->ike_messages++;
	}
	if (a->events.ike_msg != NULL)
		a->events.ike_msg(a->events.ctx, sa, ex, m);
	if (h.major == 1 && nfrag == 0 && m->retrans_of == 0)
		frag_collect(a, sa, m);
}

static uint64_t
esp_key(uint32_t spi, uint8_t proto)
{
	return ((uint64_t)proto << 32) | spi;
}

struct isc_esp_sa *
session_esp_find(const struct isc_analysis *a, uint32_t spi, uint8_t proto,
    const struct isc_addr *src, const struct isc_addr *dst)
{
	uint64_t	  key = esp_key(spi, proto);
	struct htab_node *n;

	for (n = htab_first(a->esp_by_spi, key); n != NULL;
	     n = htab_next(n, key)) {
		struct isc_esp_sa *x = htab_value(n);

		if (x->spi == spi && x->proto == proto &&
		    isc_addr_eq(&x->dst.ip, dst) &&
		    isc_addr_eq(&x->src.ip, src))
			return x;
	}
	return NULL;
}

void
session_esp(struct isc_analysis *a, const struct isc_pkt_meta *meta,
    const uint8_t *p, size_t caplen, size_t wirelen, const uint8_t *iph,
    size_t iphlen, int depth)
{
	struct cursor	   c = cur_init(p, caplen);
	struct isc_esp_sa *e = NULL;
	uint8_t		   proto = meta->ip_proto == 51 ? 51 : 50;
	uint32_t	   spi;
	uint64_t	   key;

	if (proto == 51) {
		/* RFC 4302 2: next header, length, reserved, then SPI. */
		if (cur_skip(&c, 4) != 0 || cur_be32(&c, &spi) != 0) {
			diag_add(&a->cur->diags, ISC_SEV_WARNING,
			    "ah-truncated", meta->frame,
			    "AH header cut "
			    "short (%zu bytes)",
			    caplen);
			return;
		}
	} else if (cur_be32(&c, &spi) != 0) {
		diag_add(&a->cur->diags, ISC_SEV_WARNING, "esp-truncated",
		    meta->frame,
		    "ESP packet of %zu bytes has no room for "
		    "its SPI",
		    caplen);
		return;
	}
	key = esp_key(spi, proto);
	e = session_esp_find(a, spi, proto, &meta->src.ip, &meta->dst.ip);
	if (e == NULL && a->nesp >= SESSION_MAX_ESP_SAS) {
		if (!cap_repeat(&a->cur->diags, "esp-sa-cap"))
			diag_add(&a->cur->diags, ISC_SEV_WARNING, "esp-sa-cap",
			    meta->frame,
			    "%d ESP and AH SAs are open: packets of further "
			    "SPIs are counted but not analysed",
			    SESSION_MAX_ESP_SAS);
		a->esp_packets++;
		a->cur->esp_packets++;
		return;
	}
	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->spi = spi;
		e->proto = proto;
		e->src = meta->src;
		e->dst = meta->dst;
		e->udp_encap = meta->ip_proto == 17 || meta->ip_proto == 6;
		e->first_frame = meta->frame;
		e->first_ts = meta->ts;
		ARRAY_GROW(a->esp_sas, a->nesp, a->espcap);
		a->esp_sas[a->nesp++] = e;
		htab_put(a->esp_by_spi, key, e);
	}
	e->packets++;
	e->bytes += wirelen;
	e->last_frame = meta->frame;
	e->last_ts = meta->ts;
	if (depth > 0)
		e->nested = 1;
	a->esp_packets++;
	a->cur->esp_packets++;
	esp_packet(a, e, meta, p, caplen, wirelen, iph, iphlen, depth);
}

/*
 * Put the CHILD_SAs made since the last call under their SPIs in
 * a->sa_by_child_spi (one node per SPI and child, pointing at the IKE SA).
 */
void
session_index_children(struct isc_analysis *a)
{
	size_t i;

	for (i = 0; i < a->nchild_new; i++) {
		const struct isc_child_sa *c = a->child_new[i].child;

		htab_put(a->sa_by_child_spi, c->spi_i, a->child_new[i].sa);
		if (c->spi_r != c->spi_i)
			htab_put(a->sa_by_child_spi, c->spi_r,
			    a->child_new[i].sa);
	}
	a->nchild_new = 0;
}

/*
 * Forget an SA that is about to be freed: no lookup may find it.  by_old
 * (diagnose_index) finds the SAs that rekey it, or NULL: a pass over all.
 */
void
session_forget(struct isc_analysis *a, struct isc_ike_sa *sa,
    const struct htab *by_old)
{
	const struct htab_node *n;
	uint64_t		key = (uint64_t)(uintptr_t)sa;
	size_t			i;

	session_index_children(a);
	for (i = 0; i < sa->nchildren; i++) {
		const struct isc_child_sa *c = sa->children[i];

		htab_del(a->sa_by_child_spi, c->spi_i, sa);
		if (c->spi_r != c->spi_i)
			htab_del(a->sa_by_child_spi, c->spi_r, sa);
	}
	htab_del(a->sa_by_spi, spi_key(sa->spi_i), sa);
	if (sa->peers_hkey != 0)
		htab_del(a->sa_by_peers, sa->peers_hkey, sa);
	if (by_old != NULL) {
		for (n = htab_first(by_old, key); n != NULL;
		     n = htab_next(n, key)) {
			struct isc_ike_sa *x = htab_value(n);

			if (x->rekey_of == sa)
				x->rekey_of = NULL; /* rekey_of_index stays */
		}
		return;
	}
	for (i = 0; i < a->nsas; i++)
		if (a->sas[i]->rekey_of == sa)
			a->sas[i]->rekey_of = NULL; /* rekey_of_index stays */
}

void
session_forget_esp(struct isc_analysis *a, struct isc_esp_sa *e)
{
	htab_del(a->esp_by_spi, esp_key(e->spi, e->proto), e);
}

/*
 * An ICMP error about one of an SA's datagrams: the SA of the quoted
 * SPI_i between those peers, else the newest between those peers.
 */
void
session_icmp(struct isc_analysis *a, const struct isc_pkt_meta *m, uint8_t type,
    uint8_t code, const struct isc_endpoint *qs, const struct isc_endpoint *qd,
    const uint8_t *spi_i)
{
	struct isc_ike_sa *sa = NULL;
	struct isc_icmp	  *e;
	size_t		   i;

	for (i = a->nsas; i-- > 0 && sa == NULL;) {
		struct isc_ike_sa *x = a->sas[i];
		int fits = (isc_addr_eq(&x->initiator.ip, &qs->ip) &&
			       isc_addr_eq(&x->responder.ip, &qd->ip)) ||
		    (isc_addr_eq(&x->initiator.ip, &qd->ip) &&
			isc_addr_eq(&x->responder.ip, &qs->ip));

		if (fits && (spi_i == NULL || memcmp(x->spi_i, spi_i, 8) == 0))
			sa = x;
	}
	if (sa == NULL)
		return;
	sa->icmp_count++;
	if (sa->nicmp >= ISC_ICMP_KEPT)
		return;
	e = &sa->icmp[sa->nicmp++];
	e->frame = m->frame;
	e->from = m->src.ip;
	e->v6 = m->src.ip.family == 6;
	e->type = type;
	e->code = code;
	e->about = isc_addr_eq(&qs->ip, &sa->initiator.ip) ?
	    ISC_ROLE_INITIATOR :
	    ISC_ROLE_RESPONDER;
}
