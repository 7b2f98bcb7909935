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
#include "../dissect/registry.h"
#include "htab.h"
#include "net.h"
#include "util.h"

static const uint8_t zero_spi[8];

static uint64_t
spi_key(const uint8_t spi[8])
{
	uint64_t k = 0;
	int i;

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
	sa->index = a->nsas;
	ARRAY_GROW(a->sas, a->nsas, a->sacap);
	a->sas[a->nsas++] = sa;
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
	uint64_t key = spi_key(h->spi_i);
	struct htab_node *n;
	int rzero = memcmp(h->spi_r, zero_spi, 8) == 0;

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

	if (h->major == 2) {
		r = (h->flags & IKEV2_FLAG_I) ? ISC_ROLE_INITIATOR :
		    ISC_ROLE_RESPONDER;
		if (!sa->roles_known) {
			set_roles(sa, m, r);
			sa->roles_known = 1;
		}
		return r;
	}
	/* IKEv1: a zero responder cookie comes from the initiator. */
	if (memcmp(h->spi_r, zero_spi, 8) == 0) {
		if (!sa->roles_known) {
			set_roles(sa, m, ISC_ROLE_INITIATOR);
			sa->roles_known = 1;
		}
		return ISC_ROLE_INITIATOR;
	}
	if (is_new) {
		set_roles(sa, m, ISC_ROLE_INITIATOR);
		diag_add(&sa->diags, ISC_SEV_INFO, "roles-inferred",
		    m->frame, "the capture starts after this IKEv1 SA was set "
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
	return ISC_ROLE_UNKNOWN;
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

#define REKEY_LOOKBACK	8

/*
 * RFC 7296 1.3.2: rekeying an IKE SA is a CREATE_CHILD_SA exchange of the
 * old SA; the new SA's messages then use the SPIs it negotiated, with no
 * IKE_SA_INIT.  Until the exchange is decrypted, link a new mid-stream SA
 * to the latest SA between the same peers that ran CREATE_CHILD_SA.
 */
static void
link_rekey(struct isc_analysis *a, struct isc_ike_sa *sa)
{
	uint64_t key = peers_key(sa);
	struct htab_node *n;
	int looked = 0;

	for (n = htab_first(a->sa_by_peers, key);
	    n != NULL && looked < REKEY_LOOKBACK; n = htab_next(n, key)) {
		struct isc_ike_sa *old = htab_value(n);
		size_t i;

		if (old == sa || old->version != 2 || !same_peers(old, sa))
			continue;
		looked++;
		for (i = old->nex; i-- > 0;) {
			const struct isc_exchange *ex = old->ex[i];

			if (ex->type != 36 || ex->nmsgs == 0)
				continue;
			sa->rekey_of = old;
			sa->rekey_frame = ex->msgs[0]->meta.frame;
			diag_add(&sa->diags, ISC_SEV_INFO, "rekey-inferred",
			    sa->first_frame, "probably created by the "
			    "CREATE_CHILD_SA exchange of IKE SA #%zu in frame "
			    "%llu (same peers, no IKE_SA_INIT); decryption "
			    "will confirm it", old->index + 1,
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
	struct cursor c = cur_init(m->data, m->len);

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
		diag_add(&m->diags, pc->st.code == DS_TRUNCATED ?
		    ISC_SEV_WARNING : ISC_SEV_ERROR,
		    pc->st.code == DS_TRUNCATED ? "payload-truncated" :
		    pc->st.code == DS_LIMIT ? "payload-limit" :
		    "payload-invalid", m->meta.frame,
		    "payload chain stops at offset %zu: %s", pc->st.off,
		    pc->st.msg);
	free(pc);
}

void
session_ike(struct isc_analysis *a, const struct isc_pkt_meta *meta,
    const uint8_t *p, size_t caplen, size_t wirelen)
{
	struct cursor c = cur_init(p, caplen);
	struct dstatus st = { DS_OK, 0, NULL };
	struct isc_ike_sa *sa;
	struct isc_exchange *ex;
	struct isakmp_hdr h;
	struct isc_msg *m;
	enum isc_role from, initiated_by;
	const struct isc_msg *orig;
	size_t len;
	int is_new = 0;

	if (isakmp_parse_header(&c, &h, &st) != DS_OK) {
		if (st.code == DS_TRUNCATED && wirelen >= ISAKMP_HDR_LEN)
			diag_add(&a->cur->diags, ISC_SEV_WARNING,
			    "ike-truncated", meta->frame, "IKE message cut "
			    "to %zu bytes by the capture, header unreadable",
			    caplen);
		else
			diag_add(&a->cur->diags, ISC_SEV_WARNING, "not-ike",
			    meta->frame, "%zu bytes on an IKE port are not an "
			    "ISAKMP message: %s", caplen, st.msg);
		return;
	}

	m = xcalloc(1, sizeof(*m));
	m->meta = *meta;
	m->hdr = h;
	m->wire_len = wirelen;
	len = h.length < caplen ? h.length : caplen;
	m->data = xmemdup(p, len);
	m->len = len;
	m->hash = hash_bytes(m->data, m->len);
	if (h.length > caplen) {
		if (caplen < wirelen)
			diag_add(&m->diags, ISC_SEV_WARNING, "ike-truncated",
			    meta->frame, "message of %u bytes cut to %zu by "
			    "the capture's snapshot length", h.length, caplen);
		else
			diag_add(&m->diags, ISC_SEV_ERROR, "ike-length",
			    meta->frame, "ISAKMP length says %u bytes but the "
			    "datagram holds %zu", h.length, caplen);
	} else if (h.length < wirelen) {
		diag_add(&m->diags, ISC_SEV_WARNING, "ike-trailing",
		    meta->frame, "%zu bytes follow the %u-byte message in "
		    "the datagram", wirelen - h.length, h.length);
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
	if (is_new) {
		if (h.major == 2 && !sa->saw_start) {
			link_rekey(a, sa);
			if (sa->rekey_of == NULL)
				diag_add(&sa->diags, ISC_SEV_INFO,
				    "sa-midstream", meta->frame, "no "
				    "IKE_SA_INIT for this SA in the capture: "
				    "it was set up before the capture began");
		}
		htab_put(a->sa_by_peers, peers_key(sa), sa);
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
	sa->nmsgs++;
	sa->last_frame = meta->frame;
	sa->last_ts = meta->ts;
	a->ike_messages++;
	a->cur->ike_messages++;
	if (a->events.ike_msg != NULL)
		a->events.ike_msg(a->events.ctx, sa, ex, m);
}

static uint64_t
esp_key(uint32_t spi, uint8_t proto)
{
	return ((uint64_t)proto << 32) | spi;
}

void
session_esp(struct isc_analysis *a, const struct isc_pkt_meta *meta,
    const uint8_t *p, size_t caplen, size_t wirelen)
{
	struct cursor c = cur_init(p, caplen);
	struct isc_esp_sa *e = NULL;
	struct htab_node *n;
	uint8_t proto = meta->ip_proto == 51 ? 51 : 50;
	uint32_t spi;
	uint64_t key;

	if (proto == 51) {
		/* RFC 4302 2: next header, length, reserved, then SPI. */
		if (cur_skip(&c, 4) != 0 || cur_be32(&c, &spi) != 0) {
			diag_add(&a->cur->diags, ISC_SEV_WARNING,
			    "ah-truncated", meta->frame, "AH header cut "
			    "short (%zu bytes)", caplen);
			return;
		}
	} else if (cur_be32(&c, &spi) != 0) {
		diag_add(&a->cur->diags, ISC_SEV_WARNING, "esp-truncated",
		    meta->frame, "ESP packet of %zu bytes has no room for "
		    "its SPI", caplen);
		return;
	}
	key = esp_key(spi, proto);
	for (n = htab_first(a->esp_by_spi, key); n != NULL;
	    n = htab_next(n, key)) {
		struct isc_esp_sa *x = htab_value(n);

		if (x->spi == spi && x->proto == proto &&
		    isc_addr_eq(&x->dst.ip, &meta->dst.ip) &&
		    isc_addr_eq(&x->src.ip, &meta->src.ip)) {
			e = x;
			break;
		}
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
	a->esp_packets++;
	a->cur->esp_packets++;
	if (a->events.esp_pkt != NULL)
		a->events.esp_pkt(a->events.ctx, e, meta, caplen);
}
