/*
 * diagnose.c - what happened to each IKE SA, where it stopped and why.
 *
 * Runs once per IKE SA after its messages are in and decrypted (at the end
 * of the capture), on the model alone: exchanges are marked complete,
 * failed or unanswered, the SA gets an outcome (established, failed,
 * incomplete, deleted, rekeyed) and diagnoses with the frames that show
 * them.  It works without keys, from the clear messages and the shape of
 * the flow, and says more where messages decrypted.
 *
 * Notify semantics: RFC 2408 3.14.1 and RFC 7296 3.10.1 (error types
 * below 16384); NAT detection: RFC 3947 3.2 and RFC 7296 2.23; dead peer
 * detection: RFC 3706 (IKEv1) and RFC 7296 2.4 (empty INFORMATIONAL).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dissect/registry.h"
#include "../dissect/registry_v1.h"
#include "../dissect/registry_v2.h"
#include "analysis.h"
#include "crypto.h"
#include "diagnose.h"
#include "htab.h"
#include "util.h"

/* Payload types (RFC 2408 3.1, RFC 7296 3.2). */
#define V1_SA	 1
#define V1_ID	 5
#define V1_N	 11
#define V1_D	 12
#define V1_ATTR	 14
#define V1_NATD	 20
#define V1_NATD0 130 /* draft-ietf-ipsec-nat-t-ike-02/03 */
#define V2_SA	 33
#define V2_KE	 34
#define V2_IDI	 35
#define V2_IDR	 36
#define V2_AUTH	 39
#define V2_N	 41
#define V2_D	 42
#define V2_TSI	 44
#define V2_TSR	 45

/* Exchange types. */
#define X_MAIN		2
#define X_AGGRESSIVE	4
#define X_INFO		5
#define X_TRANSACTION	6
#define X_QUICK		32
#define X_SA_INIT	34
#define X_AUTH		35
#define X_CHILD		36
#define X_INFORMATIONAL 37
#define X_INTERMEDIATE	43

/* Notify types used below (the same numbers in IKEv1 and IKEv2 < 40). */
#define N_NO_PROPOSAL_CHOSEN	   14
#define N_INVALID_KE_PAYLOAD	   17
#define N_INVALID_ID_INFORMATION   18
#define N_INVALID_HASH_INFORMATION 23
#define N_AUTHENTICATION_FAILED	   24
#define N_INVALID_SIGNATURE	   25
#define N_TS_UNACCEPTABLE	   38
#define N_V2_NATD_SRC		   16388
#define N_V2_NATD_DST		   16389
#define N_V2_COOKIE		   16390
#define N_R_U_THERE		   36136
#define N_R_U_THERE_ACK		   36137

/* XAUTH-STATUS (draft-beaulieu-ike-xauth-02 2.4). */
#define CFG_XAUTH_STATUS 16527

/* A request answered after more than this many seconds is still answered;
   one the capture holds longer unanswered than this was not. */
#define GIVE_UP_SECONDS 10.0

/* ---------------------------------------------------------------- walks */

/* Payloads of a message: the clear ones, then the decrypted ones. */
struct pit {
	const struct isc_msg *m;
	int		      plain;
	size_t		      i;
};

static struct pit
pit_of(const struct isc_msg *m)
{
	struct pit it = { m, 0, 0 };

	return it;
}

/* The next payload of `type` (0: any): its node in *t, or FT_NONE. */
static int32_t
pit_next(struct pit *it, uint8_t type, const struct ftree **t,
    uint8_t *got_type)
{
	const struct isc_msg *m = it->m;

	for (;;) {
		const struct payload_ref *pl;
		const int32_t		 *nodes;
		const struct ftree	 *tree;
		size_t			  n;

		if (!it->plain) {
			pl = m->payloads;
			n = m->npayloads;
			nodes = m->payload_node;
			tree = &m->fields;
		} else if (m->plain != NULL) {
			pl = m->plain->payloads;
			n = m->plain->npayloads;
			nodes = m->plain->payload_node;
			tree = &m->plain->fields;
		} else {
			return FT_NONE;
		}
		while (nodes != NULL && it->i < n) {
			size_t k = it->i++;

			if ((type == 0 || pl[k].type == type) &&
			    nodes[k] != FT_NONE) {
				*t = tree;
				if (got_type != NULL)
					*got_type = pl[k].type;
				return nodes[k];
			}
		}
		if (it->plain)
			return FT_NONE;
		it->plain = 1;
		it->i = 0;
	}
}

/* Error types are below 16384 in both versions (RFC 2408 3.14.1 with
   its private range 8192-16383, RFC 7296 3.10.1). */
static int
is_error_notify(uint16_t type)
{
	return type != 0 && type < 16384;
}

/* The first error notify in m (its type), or 0; *node gets its node. */
static uint16_t
msg_error(const struct isc_ike_sa *sa, const struct isc_msg *m,
    const struct ftree **t, int32_t *node)
{
	struct pit	    it = pit_of(m);
	const struct ftree *tt;
	int32_t		    n;

	while ((n = pit_next(&it, sa->version == 2 ? V2_N : V1_N, &tt, NULL)) !=
	    FT_NONE) {
		uint16_t nt = (uint16_t)ft_child_u(tt, n, "notify_type");

		if (is_error_notify(nt)) {
			if (t != NULL)
				*t = tt;
			if (node != NULL)
				*node = n;
			return nt;
		}
	}
	return 0;
}

static int
msg_has_notify(const struct isc_ike_sa *sa, const struct isc_msg *m,
    uint16_t type)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n;

	while ((n = pit_next(&it, sa->version == 2 ? V2_N : V1_N, &t, NULL)) !=
	    FT_NONE)
		if (ft_child_u(t, n, "notify_type") == type)
			return 1;
	return 0;
}

static int
msg_has(const struct isc_msg *m, uint8_t type)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;

	return pit_next(&it, type, &t, NULL) != FT_NONE;
}

/* Messages of the payload chain that are readable: clear, or decrypted. */
static int
readable(const struct isc_msg *m)
{
	return !m->encrypted || m->plain != NULL;
}

static const char *
notify_name(const struct isc_ike_sa *sa, uint16_t type, char *buf, size_t len)
{
	return reg_name_buf(sa->version == 2 ? REG_V2_NOTIFY : REG_V1_NOTIFY,
	    type, buf, (unsigned)len);
}

static const char *
xname(uint8_t type, char *buf, size_t len)
{
	return reg_name_or(reg_exchange_type(type), type, buf, (unsigned)len);
}

static const char *
role(int r)
{
	return isc_role_name((enum isc_role)r);
}

static enum isc_role
other(enum isc_role r)
{
	return r == ISC_ROLE_INITIATOR ? ISC_ROLE_RESPONDER :
	    r == ISC_ROLE_RESPONDER    ? ISC_ROLE_INITIATOR :
					 ISC_ROLE_UNKNOWN;
}

/* A growing line of text, cut (with "...") when it gets long. */
struct line {
	char   s[640];
	size_t n;
};

static void line_add(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int	r;

	if (l->n >= sizeof(l->s) - 1)
		return;
	va_start(ap, fmt);
	r = vsnprintf(l->s + l->n, sizeof(l->s) - l->n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	if ((size_t)r >= sizeof(l->s) - l->n) {
		l->n = sizeof(l->s) - 1;
		memcpy(l->s + l->n - 3, "...", 3);
	} else {
		l->n += (size_t)r;
	}
}

/* The summaries of every payload of `type` in m, "; "-separated. */
static void
line_payloads(struct line *l, const struct isc_msg *m, uint8_t type,
    const char *label)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n;
	int		    first = 1;

	while ((n = pit_next(&it, type, &t, NULL)) != FT_NONE) {
		const struct field *f = ft_get(t, n);

		if (f == NULL || f->s == NULL)
			continue;
		line_add(l, "%s%s%s", first ? label : "; ", f->s, "");
		first = 0;
	}
}

/* --------------------------------------------------- exchange status */

struct exinfo {
	const struct isc_msg *req;   /* first copy of the first message */
	const struct isc_msg *resp;  /* first message from the other side */
	const struct isc_msg *last;  /* last first-copy message */
	size_t		      count; /* first copies */
	uint32_t	      retrans;
};

static void
ex_info(const struct isc_exchange *ex, struct exinfo *x)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < ex->nmsgs; i++) {
		const struct isc_msg *m = ex->msgs[i];

		if (m->retrans_of != 0) {
			x->retrans++;
			continue;
		}
		if (m->from_fragments && m->nfragments == 0)
			continue;
		x->count++;
		if (x->req == NULL)
			x->req = m;
		else if (x->resp == NULL && m->from != x->req->from)
			x->resp = m;
		x->last = m;
	}
}

/* Messages an IKEv1 exchange has when it runs to the end. */
static size_t
v1_needed(uint8_t type)
{
	switch (type) {
	case X_MAIN:
		return 6;
	case X_AGGRESSIVE:
	case X_QUICK:
		return 3;
	case X_INFO:
		return 1;
	default:
		return 2;
	}
}

/* Copies of one message (its retransmissions) and the frames. */
static size_t
copies(const struct isc_exchange *ex, const struct isc_msg *m,
    struct isc_diag *d)
{
	size_t i, n = 1;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->retrans_of == m->meta.frame) {
			n++;
			diag_frame(d, ex->msgs[i]->meta.frame);
		}
	return n;
}

static uint64_t
last_copy_frame(const struct isc_exchange *ex, const struct isc_msg *m)
{
	uint64_t f = m->meta.frame;
	size_t	 i;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->retrans_of == m->meta.frame)
			f = ex->msgs[i]->meta.frame;
	return f;
}

static struct isc_time
last_copy_ts(const struct isc_exchange *ex, const struct isc_msg *m)
{
	struct isc_time t = m->meta.ts;
	size_t		i;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->retrans_of == m->meta.frame)
			t = ex->msgs[i]->meta.ts;
	return t;
}

/* --------------------------------------------------------------- state */

struct diagnose {
	struct isc_analysis *a;
	struct isc_ike_sa   *sa;
	struct isc_time	     end;  /* last frame of the capture */
	int		     idle; /* diagnosed as it went idle (end: then) */
	/* Flow facts. */
	const struct isc_msg *established;
	const struct isc_msg *failed; /* the message that failed it */
	uint16_t	      failed_error;
	int		      failed_by;
	uint8_t		      failed_exch;
	const char	     *failed_what; /* "AUTH does not verify", ... */
	const struct isc_msg *deleted;
	const struct isc_msg *encrypted_answer; /* answer nobody can read */
	const struct isc_exchange *stalled;	/* unanswered exchange */
	const struct isc_msg	  *stalled_msg;
	int			   stalled_by; /* side that did not answer */
	const struct isc_msg	  *p1_info;    /* IKEv1: unreadable notify */
	size_t			   nchild_ok;
	/* SAs by the address of the SA they rekey (diagnose_all), or NULL. */
	const struct htab *by_old;
};

/* Where the time of an unanswered request is counted to. */
static const char *
until(const struct diagnose *g)
{
	return g->idle ? "the moment the SA went idle" :
			 "the end of the capture";
}

static void
set_failed(struct diagnose *g, const struct isc_msg *m, uint16_t err, int by,
    uint8_t exch, const char *what)
{
	if (g->failed != NULL)
		return;
	g->failed = m;
	g->failed_error = err;
	g->failed_by = by;
	g->failed_exch = exch;
	g->failed_what = what;
}

/* ------------------------------------------------ proposals and notifies */

/* "offered: P1; P2" from the SA payload of m. */
static void
line_offer(struct line *l, const struct isc_ike_sa *sa, const struct isc_msg *m)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n, p, x;
	int		    first = 1;

	n = pit_next(&it, sa->version == 2 ? V2_SA : V1_SA, &t, NULL);
	if (n == FT_NONE) {
		line_add(l, "no SA payload");
		return;
	}
	for (p = t->v[n].child; p != FT_NONE; p = t->v[p].next) {
		if (strcmp(t->v[p].key, "proposals") != 0)
			continue;
		if (sa->version == 2) {
			if (t->v[p].s != NULL)
				line_add(l, "%s%s", first ? "" : "; ",
				    t->v[p].s);
			first = 0;
			continue;
		}
		for (x = t->v[p].child; x != FT_NONE; x = t->v[x].next) {
			if (strcmp(t->v[x].key, "transforms") != 0 ||
			    t->v[x].s == NULL)
				continue;
			line_add(l, "%s%s", first ? "" : "; ", t->v[x].s);
			first = 0;
		}
	}
}

/*
 * Transform sets for comparing offers: (kind, value) pairs.  IKEv2: kind
 * is the transform type, value the ID (ENCR: ID << 16 | key length).
 * IKEv1: kind is the attribute class (1 encryption with the key length,
 * 2 hash, 3 authentication, 4 group).
 */
#define TS_MAX 64
struct tset {
	uint8_t	 kind[TS_MAX];
	uint32_t val[TS_MAX];
	char	*name[TS_MAX]; /* borrowed summaries */
	size_t	 n;
};

static void
tset_add(struct tset *s, uint8_t kind, uint32_t val, char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->kind[i] == kind && s->val[i] == val)
			return;
	if (s->n < TS_MAX) {
		s->kind[s->n] = kind;
		s->val[s->n] = val;
		s->name[s->n] = name;
		s->n++;
	}
}

/* The transforms of every proposal of the SA payload of m. */
static void
tset_of(struct tset *s, unsigned version, const struct isc_msg *m)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n, p, x, at;

	n = pit_next(&it, version == 2 ? V2_SA : V1_SA, &t, NULL);
	if (n == FT_NONE)
		return;
	for (p = t->v[n].child; p != FT_NONE; p = t->v[p].next) {
		if (strcmp(t->v[p].key, "proposals") != 0)
			continue;
		for (x = t->v[p].child; x != FT_NONE; x = t->v[x].next) {
			uint32_t keylen = 0, encr = 0;

			if (strcmp(t->v[x].key, "transforms") != 0)
				continue;
			if (version == 2) {
				uint8_t type =
				    (uint8_t)ft_child_u(t, x, "transform_type");
				uint32_t id =
				    (uint32_t)ft_child_u(t, x, "transform_id");

				for (at = t->v[x].child; at != FT_NONE;
				     at = t->v[at].next)
					if (strcmp(t->v[at].key,
						"attributes") == 0 &&
					    ft_child_u(t, at,
						"attribute_type") == 14)
						keylen = (uint32_t)ft_child_u(t,
						    at, "value");
				tset_add(s, type,
				    type == 1 ? id << 16 | keylen : id,
				    t->v[x].s);
				continue;
			}
			for (at = t->v[x].child; at != FT_NONE;
			     at = t->v[at].next) {
				uint64_t ty, v;

				if (strcmp(t->v[at].key, "attributes") != 0)
					continue;
				ty = ft_child_u(t, at, "attribute_type");
				v = ft_child_u(t, at, "value");
				if (ty == 1)
					encr = (uint32_t)v;
				else if (ty == 14)
					keylen = (uint32_t)v;
				else if (ty >= 2 && ty <= 4)
					tset_add(s, (uint8_t)ty, (uint32_t)v,
					    t->v[at].s);
			}
			if (encr != 0)
				tset_add(s, 1, encr << 16 | keylen, NULL);
		}
	}
}

static const char *
kind_name(unsigned version, uint8_t kind)
{
	static const char *v2[] = { "?", "encryption", "PRF", "integrity",
		"DH group", "ESN" };
	static const char *v1[] = { "?", "encryption", "hash",
		"authentication method", "DH group" };

	if (version == 2)
		return kind < 6 ? v2[kind] : "additional key exchange";
	return kind < 5 ? v1[kind] : "?";
}

/*
 * What the responder of a failed negotiation accepts or offers elsewhere
 * in the capture: the proposals it chose as responder, or offered as
 * initiator, in IKE SAs of the same version.  For each transform kind it
 * uses, say when the initiator offered none of its values.
 */
static void
line_compare(struct line *l, const struct isc_analysis *a,
    const struct isc_ike_sa *sa, const struct isc_msg *offer)
{
	struct tset mine = { 0 }, theirs = { 0 };
	struct line kinds = { "", 0 };
	size_t	    i, k, j;
	uint64_t    where = 0;
	int	    said = 0;

	for (i = 0; i < a->nsas && theirs.n == 0; i++) {
		const struct isc_ike_sa *o = a->sas[i];

		if (o == sa || o->version != sa->version)
			continue;
		if (o->chosen_msg != NULL &&
		    isc_addr_eq(&o->responder.ip, &sa->responder.ip)) {
			tset_of(&theirs, o->version, o->chosen_msg);
			where = o->index + 1;
		} else if (isc_addr_eq(&o->initiator.ip, &sa->responder.ip) &&
		    o->nex > 0 && o->ex[0]->nmsgs > 0) {
			tset_of(&theirs, o->version, o->ex[0]->msgs[0]);
			where = o->index + 1;
		}
	}
	if (theirs.n == 0)
		return;
	tset_of(&mine, sa->version, offer);
	for (k = 1; k < 13; k++) {
		int have = 0, common = 0;

		for (j = 0; j < theirs.n; j++) {
			if (theirs.kind[j] != k)
				continue;
			have = 1;
			for (i = 0; i < mine.n; i++)
				if (mine.kind[i] == k &&
				    mine.val[i] == theirs.val[j])
					common = 1;
		}
		if (!have || common)
			continue;
		line_add(&kinds, "%s%s", said ? ", " : "",
		    kind_name(sa->version, (uint8_t)k));
		said = 1;
	}
	if (said)
		line_add(l,
		    "; nothing in common with what the responder "
		    "uses in IKE SA #%llu for: %s",
		    (unsigned long long)where, kinds.s);
	else
		line_add(l,
		    "; IKE SA #%llu of the same responder uses "
		    "values the initiator offers: look at key "
		    "lengths, attributes and lifetimes",
		    (unsigned long long)where);
}

/* ---------------------------------------------------------- diagnoses */

static struct isc_diag *add(struct diagnose *g, enum isc_severity sev,
    const char *code, const struct isc_msg *m, int side, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static struct isc_diag *
add(struct diagnose *g, enum isc_severity sev, const char *code,
    const struct isc_msg *m, int side, const char *fmt, ...)
{
	struct isc_diag *d;
	va_list		 ap;
	char		*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	d = diag_add(&g->sa->diags, sev, code, m != NULL ? m->meta.frame : 0,
	    "%s", s);
	free(s);
	if (d != NULL)
		d->side = (int8_t)side;
	return d;
}

/* The message of exchange ex that m answers: the other side's last one
   before m (a first copy), or NULL. */
static const struct isc_msg *
request_of(const struct isc_exchange *ex, const struct isc_msg *m)
{
	const struct isc_msg *r = NULL;
	size_t		      i;

	for (i = 0; i < ex->nmsgs; i++)
		if (ex->msgs[i]->from != m->from &&
		    ex->msgs[i]->retrans_of == 0 &&
		    ex->msgs[i]->meta.frame < m->meta.frame)
			r = ex->msgs[i];
	return r;
}

/* The IKE_AUTH request (IDs, TS, SA) of an IKEv2 SA, or NULL. */
static const struct isc_msg *
v2_auth_request(const struct isc_ike_sa *sa)
{
	size_t i;

	for (i = 0; i < sa->nex; i++)
		if (sa->ex[i]->type == X_AUTH && sa->ex[i]->nmsgs > 0 &&
		    sa->ex[i]->msgs[0]->plain != NULL)
			return sa->ex[i]->msgs[0];
	return NULL;
}

/* The KE group of an IKEv2 message, 0 without a KE payload. */
static uint64_t
ke_group(const struct isc_msg *m)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n = pit_next(&it, V2_KE, &t, NULL);

	return n != FT_NONE ? ft_child_u(t, n, "dh_group") : 0;
}

/*
 * The IKE_SA_INIT request after refusal m that carries a KE of the group
 * asked for: in this SA (same SPI_i), or a new SA between the same peers.
 */
static const struct isc_msg *
ke_retry(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    const struct isc_msg *m, uint64_t grp)
{
	size_t i, j, k;

	for (k = 0; k < a->nsas; k++) {
		const struct isc_ike_sa *o = a->sas[k];

		if (o != sa &&
		    (o->version != 2 ||
			!isc_addr_eq(&o->initiator.ip, &sa->initiator.ip) ||
			!isc_addr_eq(&o->responder.ip, &sa->responder.ip)))
			continue;
		for (i = 0; i < o->nex; i++)
			for (j = 0; j < o->ex[i]->nmsgs; j++) {
				const struct isc_msg *r = o->ex[i]->msgs[j];

				if (o->ex[i]->type == X_SA_INIT &&
				    r->from == ISC_ROLE_INITIATOR &&
				    r->retrans_of == 0 &&
				    r->meta.frame > m->meta.frame &&
				    ke_group(r) == grp)
					return r;
			}
	}
	return NULL;
}

/* One diagnosis for an error notify in m (of exchange ex). */
static void
notify_diag(struct diagnose *g, const struct isc_exchange *ex,
    const struct isc_msg *m, uint16_t err, const struct ftree *t, int32_t node)
{
	struct isc_ike_sa    *sa = g->sa;
	const struct isc_msg *req = request_of(ex, m);
	struct isc_diag	     *d;
	struct line	      l = { "", 0 };
	char		      nb[64], xb[32];
	const char	     *nn = notify_name(sa, err, nb, sizeof(nb));
	const char	     *xn = xname(ex->type, xb, sizeof(xb));

	switch (err) {
	case N_NO_PROPOSAL_CHOSEN:
		if (req == NULL && sa->version == 1 && sa->nex > 0 &&
		    sa->ex[0]->nmsgs > 0 && m->meta.frame >= sa->first_frame)
			req = NULL;
		line_add(&l, "the %s sent %s in %s: ", role(m->from), nn, xn);
		if (req != NULL && req->from != m->from &&
		    msg_has(req, sa->version == 2 ? V2_SA : V1_SA)) {
			line_add(&l, "it was offered ");
			line_offer(&l, sa, req);
			line_compare(&l, g->a, sa, req);
		} else {
			line_add(&l,
			    "none of the proposals of the %s's "
			    "last request is acceptable to it",
			    role(other(m->from)));
		}
		d = add(g, ISC_SEV_ERROR, "no-proposal-chosen", m, m->from,
		    "%s", l.s);
		if (req != NULL)
			diag_frame(d, req->meta.frame);
		break;
	case N_INVALID_KE_PAYLOAD: {
		uint64_t    grp = ft_child_u(t, node, "dh_group");
		char	    gb[48];
		const char *gn =
		    reg_name_buf(REG_DH_GROUP, (uint32_t)grp, gb, sizeof(gb));

		const struct isc_msg *retry = ke_retry(g->a, sa, m, grp);

		if (retry != NULL) {
			d = add(g, ISC_SEV_WARNING, "invalid-ke-payload", m,
			    m->from,
			    "the %s refused the KE payload and asked for "
			    "group %llu (%s); the initiator tried again with "
			    "it in frame %llu (one round trip lost: offer "
			    "that group first)",
			    role(m->from), (unsigned long long)grp, gn,
			    (unsigned long long)retry->meta.frame);
			diag_frame(d, retry->meta.frame);
		} else {
			d = add(g, ISC_SEV_ERROR, "invalid-ke-payload", m,
			    m->from,
			    "the %s refused the KE payload and asked for "
			    "group %llu (%s); no new IKE_SA_INIT with a KE of "
			    "that group follows in the capture",
			    role(m->from), (unsigned long long)grp, gn);
		}
		if (req != NULL)
			diag_frame(d, req->meta.frame);
		break;
	}
	case N_AUTHENTICATION_FAILED:
	case N_INVALID_HASH_INFORMATION:
	case N_INVALID_SIGNATURE: {
		int		      peer = other(m->from);
		enum isc_check	      c = sa->auth[peer == ISC_ROLE_INITIATOR];
		const struct isc_msg *r = req;
		const char	     *what = sa->version == 2 ? "AUTH" :
			      peer == ISC_ROLE_INITIATOR      ? "HASH_I" :
								"HASH_R";

		line_add(&l,
		    "the %s rejected the %s's authentication (%s in %s)",
		    role(m->from), role(peer), nn, xn);
		if (c == ISC_CHECK_VERIFIED)
			line_add(&l,
			    "; the %s's %s verifies with the key given "
			    "here, so the %s holds another pre-shared "
			    "key or does not accept the %s's identity",
			    role(peer), what, role(m->from), role(peer));
		else if (c == ISC_CHECK_FAILED)
			line_add(&l,
			    "; the %s's %s does not verify with the "
			    "key given here either",
			    role(peer), what);
		else
			line_add(&l,
			    "; with the PSK (and the DH value) "
			    "ikescope can check which side holds "
			    "which key");
		if (sa->version == 2 && (r == NULL || !msg_has(r, V2_IDI)))
			r = v2_auth_request(sa);
		if (r != NULL && readable(r)) {
			if (sa->version == 2) {
				line_payloads(&l, r, V2_IDI, "; IDi ");
				line_payloads(&l, r, V2_IDR, ", IDr ");
			} else {
				line_payloads(&l, r, V1_ID, "; its ID ");
			}
		}
		d = add(g, ISC_SEV_ERROR, "authentication-failed", m, m->from,
		    "%s", l.s);
		if (req != NULL)
			diag_frame(d, req->meta.frame);
		break;
	}
	case N_INVALID_ID_INFORMATION:
	case N_TS_UNACCEPTABLE: {
		const struct isc_msg *r = req;

		line_add(&l, "the %s sent %s in %s", role(m->from), nn, xn);
		if (r == NULL && sa->version == 2)
			r = v2_auth_request(sa);
		if (r != NULL && readable(r)) {
			if (sa->version == 2) {
				line_payloads(&l, r, V2_IDI, "; IDi ");
				line_payloads(&l, r, V2_IDR, "; IDr ");
				line_payloads(&l, r, V2_TSI, "; TSi ");
				line_payloads(&l, r, V2_TSR, "; TSr ");
			} else {
				line_payloads(&l, r, V1_ID,
				    "; the request's IDs: ");
			}
			line_add(&l, " (proposed by the %s)", role(r->from));
		}
		d = add(g, ISC_SEV_ERROR,
		    err == N_TS_UNACCEPTABLE ? "ts-unacceptable" :
					       "invalid-id-information",
		    m, m->from, "%s", l.s);
		if (r != NULL)
			diag_frame(d, r->meta.frame);
		break;
	}
	default:
		d = add(g, ISC_SEV_ERROR, "error-notify", m, m->from,
		    "the %s sent %s in %s", role(m->from), nn, xn);
		if (req != NULL)
			diag_frame(d, req->meta.frame);
		break;
	}
}

/* ------------------------------------------------------------- IKEv2 */

static int
empty_plain(const struct isc_msg *m)
{
	return m->plain != NULL && m->plain->npayloads == 0;
}

/*
 * Where an SA first seen without IKE_SA_INIT came up: the answer to the
 * CREATE_CHILD_SA that rekeyed an older SA into it, or else its first
 * message in the capture.
 */
static const struct isc_msg *
rekey_answer(const struct isc_ike_sa *sa)
{
	const struct isc_ike_sa *old = sa->rekey_of;
	size_t			 i, j;

	for (i = 0; old != NULL && i < old->nex; i++)
		for (j = 0; j < old->ex[i]->nmsgs; j++)
			if (old->ex[i]->msgs[j]->meta.frame ==
			    sa->rekey_frame) {
				struct exinfo x;

				ex_info(old->ex[i], &x);
				return x.resp != NULL ? x.resp : x.req;
			}
	return sa->nex > 0 && sa->ex[0]->nmsgs > 0 ? sa->ex[0]->msgs[0] : NULL;
}

static void
v2_flow(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i;

	/* Seen from its IKE_AUTH on, it was still being set up. */
	if (!sa->saw_start && sa->nex > 0 && sa->ex[0]->type != X_SA_INIT &&
	    sa->ex[0]->type != X_AUTH && sa->ex[0]->type != X_INTERMEDIATE)
		g->established = rekey_answer(sa);
	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange  *ex = sa->ex[i];
		struct exinfo	      x;
		const struct ftree   *t = NULL;
		int32_t		      node = FT_NONE;
		uint16_t	      err = 0;
		const struct isc_msg *errm = NULL;

		ex_info(ex, &x);
		ex->retransmissions = x.retrans;
		if (x.req == NULL)
			continue;
		if (x.resp != NULL && readable(x.resp))
			err = msg_error(sa, x.resp, &t, &node);
		if (err == 0 && readable(x.req) && ex->type == X_INFORMATIONAL)
			err = msg_error(sa, x.req, &t, &node),
			errm = err != 0 ? x.req : NULL;
		else if (err != 0)
			errm = x.resp;
		if (x.resp == NULL) {
			ex->status = ISC_EX_UNANSWERED;
			if (ex->type != X_INFORMATIONAL || g->stalled == NULL) {
				g->stalled = ex;
				g->stalled_msg = x.req;
				g->stalled_by = other(x.req->from);
			}
		} else if (errm != NULL && errm == x.resp) {
			ex->status = ISC_EX_FAILED;
		}
		if (errm != NULL) {
			ex->error = err;
			ex->error_frame = errm->meta.frame;
			notify_diag(g, ex, errm, err, t, node);
		}
		switch (ex->type) {
		case X_SA_INIT:
		case X_INTERMEDIATE:
			if (errm != NULL && err != N_INVALID_KE_PAYLOAD)
				set_failed(g, errm, err, errm->from, ex->type,
				    NULL);
			break;
		case X_AUTH:
			if (x.resp == NULL)
				break;
			if (!readable(x.resp)) {
				if (g->encrypted_answer == NULL)
					g->encrypted_answer = x.resp;
				break;
			}
			if (msg_has(x.resp, V2_AUTH) &&
			    err != N_AUTHENTICATION_FAILED) {
				if (g->established == NULL)
					g->established = x.resp;
				if (errm == NULL && msg_has(x.resp, V2_SA))
					g->nchild_ok++;
			} else if (errm != NULL) {
				set_failed(g, errm, err, errm->from, ex->type,
				    NULL);
			}
			break;
		case X_CHILD:
			if (x.resp != NULL && readable(x.resp) &&
			    errm == NULL && msg_has(x.resp, V2_SA))
				g->nchild_ok++;
			break;
		case X_INFORMATIONAL:
			/* The initiator refusing the responder's AUTH. */
			if (errm != NULL && err == N_AUTHENTICATION_FAILED &&
			    errm == x.req)
				set_failed(g, errm, err, errm->from, X_AUTH,
				    NULL);
			break;
		}
	}
}

/* ------------------------------------------------------------- IKEv1 */

static void
v1_flow(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i;
	int		   phase1_done = !sa->saw_start;

	if (!sa->saw_start && sa->nex > 0 && sa->ex[0]->nmsgs > 0 &&
	    sa->ex[0]->type != X_MAIN && sa->ex[0]->type != X_AGGRESSIVE)
		g->established = sa->ex[0]->msgs[0];
	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];
		struct exinfo	     x;
		size_t		     need = v1_needed(ex->type);

		ex_info(ex, &x);
		ex->retransmissions = x.retrans;
		if (x.req == NULL)
			continue;
		if (x.count < need) {
			/* Did a later exchange start anyway (lost frame)? */
			ex->status = i + 1 < sa->nex &&
				(sa->ex[i + 1]->type == X_QUICK ||
				    sa->ex[i + 1]->type == X_TRANSACTION) &&
				(ex->type == X_MAIN ||
				    ex->type == X_AGGRESSIVE) &&
				x.count + 1 >= need ?
			    ISC_EX_PARTIAL :
			    ISC_EX_UNANSWERED;
			if (ex->status == ISC_EX_UNANSWERED &&
			    ex->type != X_INFO) {
				g->stalled = ex;
				g->stalled_msg = x.last;
				g->stalled_by = other(x.last->from);
			}
		}
		if ((ex->type == X_MAIN || ex->type == X_AGGRESSIVE) &&
		    (x.count >= need || ex->status == ISC_EX_PARTIAL)) {
			phase1_done = 1;
			if (g->established == NULL)
				g->established = x.last;
		}
		if (ex->type == X_QUICK && x.count >= 2)
			g->nchild_ok++;
		/* An Informational during Phase 1 is a notify, and one
		   nobody can read is most often "I could not decrypt". */
		if (ex->type == X_INFO && !phase1_done && x.req->encrypted &&
		    x.req->plain == NULL && g->p1_info == NULL)
			g->p1_info = x.req;
		/* Error notifies: in the exchange itself, or Informational. */
		{
			size_t j;

			for (j = 0; j < ex->nmsgs; j++) {
				const struct isc_msg *m = ex->msgs[j];
				const struct ftree   *t;
				int32_t		      node;
				uint16_t	      err;
				struct isc_exchange  *at = ex;
				size_t		      k;

				if (m->retrans_of != 0 || !readable(m))
					continue;
				err = msg_error(sa, m, &t, &node);
				if (err == 0)
					continue;
				/* An Informational reports on the exchange
				   running when it was sent. */
				if (ex->type == X_INFO)
					for (k = 0; k < sa->nex; k++) {
						struct exinfo y;

						if (sa->ex[k]->type == X_INFO)
							continue;
						ex_info(sa->ex[k], &y);
						if (y.req != NULL &&
						    y.req->meta.frame <
							m->meta.frame)
							at = sa->ex[k];
					}
				if (at->error == 0) {
					at->error = err;
					at->error_frame = m->meta.frame;
					at->status = ISC_EX_FAILED;
				}
				notify_diag(g, at, m, err, t, node);
				if (!phase1_done || at->type == X_MAIN ||
				    at->type == X_AGGRESSIVE)
					set_failed(g, m, err, m->from, at->type,
					    NULL);
			}
		}
	}
}

/*
 * IKEv1 Phase 1 that stopped at its first encrypted message (Main Mode 5,
 * Aggressive Mode 3): unanswered, or answered by an Informational that
 * does not decrypt.  Both are the flow of a pre-shared key mismatch: the
 * peer cannot decrypt, or its keys differ from the sender's.
 */
static void
v1_psk_flow(struct diagnose *g)
{
	struct isc_ike_sa    *sa = g->sa;
	const struct isc_msg *enc = NULL, *info = g->p1_info;
	struct isc_diag	     *d;
	size_t		      i, j;

	if (sa->version != 1 || g->established != NULL || g->failed != NULL)
		return;
	for (i = 0; i < sa->nex && enc == NULL; i++) {
		if (sa->ex[i]->type != X_MAIN &&
		    sa->ex[i]->type != X_AGGRESSIVE)
			continue;
		for (j = 0; j < sa->ex[i]->nmsgs; j++)
			if (sa->ex[i]->msgs[j]->encrypted &&
			    sa->ex[i]->msgs[j]->retrans_of == 0) {
				enc = sa->ex[i]->msgs[j];
				break;
			}
	}
	if (enc == NULL)
		return;
	if (info != NULL && info->from != enc->from) {
		set_failed(g, info, 0, info->from, X_MAIN,
		    "the first encrypted message was answered by an "
		    "Informational that does not decrypt");
		d = add(g, ISC_SEV_ERROR, "psk-mismatch-suspected", info,
		    info->from,
		    "the %s answered the %s's first encrypted message "
		    "(frame %llu) with an encrypted Informational that %s: "
		    "the %s most likely holds another pre-shared key (give "
		    "both sides' PSKs with -k to see which holds which)",
		    role(info->from), role(enc->from),
		    (unsigned long long)enc->meta.frame,
		    enc->dec == ISC_DEC_OK ?
			"does not decrypt with the keys that decrypted "
			"that message" :
			"nobody here can decrypt",
		    role(info->from));
		diag_frame(d, enc->meta.frame);
		return;
	}
	if (g->stalled != NULL && g->stalled_msg == enc)
		add(g, ISC_SEV_ERROR, "psk-mismatch-suspected", enc,
		    other(enc->from),
		    "the %s never answered the first encrypted message: a "
		    "peer that cannot decrypt it (another pre-shared key) "
		    "stays silent; give both sides' PSKs with -k to see "
		    "which holds which",
		    role(other(enc->from)));
}

/*
 * One side's AUTH / HASH verifies with the key given and the other's does
 * not: the other side used another pre-shared key (or, for signatures,
 * another private key).  IKEv1 with both PSKs given says it already.
 */
static void
auth_asymmetry(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i;
	int		   bad;

	for (i = 0; i < sa->diags.n; i++)
		if (strcmp(sa->diags.v[i].code, "psk-mismatch") == 0)
			return;
	if (sa->auth[1] == ISC_CHECK_VERIFIED &&
	    sa->auth[0] == ISC_CHECK_FAILED)
		bad = ISC_ROLE_RESPONDER;
	else if (sa->auth[0] == ISC_CHECK_VERIFIED &&
	    sa->auth[1] == ISC_CHECK_FAILED)
		bad = ISC_ROLE_INITIATOR;
	else
		return;
	add(g, ISC_SEV_ERROR, "psk-mismatch", NULL, bad,
	    "the %s's %s verifies with the key given here and the %s's does "
	    "not: the %s used another %s",
	    role(other(bad)), sa->version == 2 ? "AUTH" : "HASH", role(bad),
	    role(bad),
	    sa->auth_method == 1 || sa->version == 2 ? "pre-shared key" :
						       "key");
}

/* ----------------------------------------------------- after the flow */

/* Deletes: of the IKE SA (outcome) and of IPsec SAs (info). */
static void
deletes(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i, j;

	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];
			struct pit	      it = pit_of(m);
			const struct ftree   *t;
			int32_t		      n;

			if (m->retrans_of != 0)
				continue;
			while (
			    (n = pit_next(&it, sa->version == 2 ? V2_D : V1_D,
				 &t, NULL)) != FT_NONE) {
				uint64_t proto =
				    ft_child_u(t, n, "protocol_id");
				int		    ike = proto == 1;
				const struct field *f = ft_get(t, n);

				if (ike && g->deleted == NULL)
					g->deleted = m;
				add(g, ISC_SEV_INFO, "delete", m, m->from,
				    "the %s deleted %s%s%s", role(m->from),
				    ike		   ? "the IKE SA" :
					proto == 3 ? "ESP SA" :
					proto == 2 ? "AH SA" :
						     "an SA",
				    ike || f == NULL || f->s == NULL ? "" :
								       ": ",
				    ike || f == NULL || f->s == NULL ? "" :
								       f->s);
			}
		}
	}
}

/* Liveness: DPD (RFC 3706) and empty INFORMATIONAL (RFC 7296 2.4). */
static void
liveness(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i, j, checks = 0, answered = 0;
	struct isc_diag	  *d = NULL;
	int		   by = -1;

	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];
		struct exinfo	     x;

		ex_info(ex, &x);
		if (x.req == NULL)
			continue;
		if (sa->version == 2) {
			if (ex->type != X_INFORMATIONAL || !empty_plain(x.req))
				continue;
			checks++;
			by = x.req->from;
			if (x.resp != NULL) {
				answered++;
				continue;
			}
		} else {
			uint64_t seq = 0;

			if (ex->type != X_INFO ||
			    !msg_has_notify(sa, x.req, N_R_U_THERE))
				continue;
			checks++;
			by = x.req->from;
			{
				struct pit	    it = pit_of(x.req);
				const struct ftree *t;
				int32_t		    n;

				while ((n = pit_next(&it, V1_N, &t, NULL)) !=
				    FT_NONE)
					if (ft_child_u(t, n, "notify_type") ==
					    N_R_U_THERE)
						seq = ft_child_u(t, n,
						    "sequence_number");
			}
			/* The ACK is its own Informational exchange. */
			for (j = 0; j < sa->nex; j++) {
				struct exinfo	    y;
				struct pit	    it;
				const struct ftree *t;
				int32_t		    n;
				int		    hit = 0;

				ex_info(sa->ex[j], &y);
				if (sa->ex[j]->type != X_INFO ||
				    y.req == NULL || y.req->from == x.req->from)
					continue;
				it = pit_of(y.req);
				while ((n = pit_next(&it, V1_N, &t, NULL)) !=
				    FT_NONE)
					if (ft_child_u(t, n, "notify_type") ==
						N_R_U_THERE_ACK &&
					    ft_child_u(t, n,
						"sequence_number") == seq)
						hit = 1;
				if (hit)
					break;
			}
			if (j < sa->nex) {
				answered++;
				continue;
			}
		}
		/* An unanswered liveness check. */
		d = add(g, ISC_SEV_ERROR, "dpd-unanswered", x.req,
		    other(x.req->from),
		    "the %s did not answer the %s's liveness check "
		    "(%zu copies, the last %.1f s before %s): the peer is "
		    "gone or the path is broken",
		    role(other(x.req->from)), role(x.req->from),
		    copies(ex, x.req, NULL),
		    isc_time_diff(g->end, last_copy_ts(ex, x.req)), until(g));
		(void)copies(ex, x.req, d);
	}
	if (checks > 0)
		add(g, ISC_SEV_INFO, "dpd", NULL, by,
		    "%zu liveness check%s (%s), %zu answered", checks,
		    checks == 1 ? "" : "s",
		    sa->version == 2 ? "empty INFORMATIONAL" :
				       "R-U-THERE, RFC 3706",
		    answered);
}

/* Retransmissions, per message that was sent more than once. */
static void
retransmissions(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i, j;
	char		   xb[32];

	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];

		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];
			struct isc_diag	     *d;
			size_t		      n;
			double		      span;

			if (m->retrans_of != 0)
				continue;
			n = copies(ex, m, NULL);
			if (n < 2)
				continue;
			span = isc_time_diff(last_copy_ts(ex, m), m->meta.ts);
			/* Copies within a millisecond are the capture's,
			   not the sender's (two interfaces, a SPAN port). */
			if (span < 0.001)
				d = add(g, ISC_SEV_INFO, "duplicate-frames", m,
				    m->from,
				    "%s %s from the %s captured %zu times "
				    "within a millisecond: duplicates in the "
				    "capture, not retransmissions",
				    xname(ex->type, xb, sizeof(xb)),
				    m->is_response ? "response" : "request",
				    role(m->from), n);
			else
				d = add(g, ISC_SEV_WARNING, "retransmission", m,
				    m->from,
				    "%s %s from the %s sent %zu times over "
				    "%.1f s (no answer in time)",
				    xname(ex->type, xb, sizeof(xb)),
				    m->is_response ? "response" : "request",
				    role(m->from), n, span);
			(void)copies(ex, m, d);
		}
	}
}

/* NAT-D hash of one address (RFC 3947 3.2, RFC 7296 2.23). */
static size_t
natd_hash(const struct isc_ike_sa *sa, const struct isc_msg *m,
    const struct isc_endpoint *ep, uint8_t *out)
{
	uint8_t buf[16 + 16 + 2];
	size_t	n = 0, alen = ep->ip.family == 6 ? 16 : 4;
	/* IKEv1: the negotiated hash; IKEv2: SHA-1. */
	uint16_t h = sa->version == 2 ? 2 : sa->hash;

	if (h == 0 || ep->ip.family == 0)
		return 0;
	memcpy(buf, m->hdr.spi_i, 8);
	memcpy(buf + 8, m->hdr.spi_r, 8);
	n = 16;
	memcpy(buf + n, ep->ip.a, alen);
	n += alen;
	buf[n++] = (uint8_t)(ep->port >> 8);
	buf[n++] = (uint8_t)ep->port;
	if (crypto_hash(h, buf, n, out) != 0)
		return 0;
	return crypto_hash_len(h);
}

struct natd {
	int		      seen;
	int		      src_ok, dst_ok; /* -1 not sent */
	const struct isc_msg *m;
};

static void
natd_of(const struct isc_ike_sa *sa, const struct isc_msg *m, struct natd *r)
{
	struct pit	    it = pit_of(m);
	const struct ftree *t;
	int32_t		    n;
	uint8_t		    hs[64], hd[64], type;
	size_t		    ls = natd_hash(sa, m, &m->meta.src, hs);
	size_t		    ld = natd_hash(sa, m, &m->meta.dst, hd);
	int		    k = 0;

	r->seen = 0;
	r->src_ok = r->dst_ok = -1;
	r->m = m;
	if (ls == 0 || ld == 0)
		return;
	while ((n = pit_next(&it, 0, &t, &type)) != FT_NONE) {
		const struct field *f;
		int		    is_src;

		if (sa->version == 2) {
			uint64_t nt;

			if (type != V2_N)
				continue;
			nt = ft_child_u(t, n, "notify_type");
			if (nt != N_V2_NATD_SRC && nt != N_V2_NATD_DST)
				continue;
			is_src = nt == N_V2_NATD_SRC;
		} else {
			if (type != V1_NATD && type != V1_NATD0)
				continue;
			/* The first is the peer's address, then ours. */
			is_src = k++ > 0;
		}
		f = ft_get(t, ft_find(t, n, "hash"));
		if (f == NULL || f->p == NULL)
			continue;
		r->seen = 1;
		if (is_src) {
			int ok = f->n == ls && memcmp(f->p, hs, ls) == 0;

			r->src_ok = r->src_ok == 1 ? 1 : ok;
		} else {
			r->dst_ok = f->n == ld && memcmp(f->p, hd, ld) == 0;
		}
	}
}

static void
nat(struct diagnose *g)
{
	struct isc_ike_sa    *sa = g->sa;
	struct natd	      ni = { 0 }, nr = { 0 };
	const struct isc_msg *switched = NULL;
	size_t		      i, j;
	int		      i_nat, r_nat;
	struct isc_diag	     *d;

	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];
		struct natd	     r;

		if (ex->type != X_SA_INIT && ex->type != X_MAIN &&
		    ex->type != X_AGGRESSIVE)
			continue;
		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];

			if (m->retrans_of != 0)
				continue;
			natd_of(sa, m, &r);
			if (!r.seen)
				continue;
			if (m->from == ISC_ROLE_INITIATOR && !ni.seen)
				ni = r;
			else if (m->from == ISC_ROLE_RESPONDER && !nr.seen)
				nr = r;
		}
	}
	for (i = 0; i < sa->nex && switched == NULL; i++)
		for (j = 0; j < sa->ex[i]->nmsgs; j++)
			if (sa->ex[i]->msgs[j]->meta.transport != ISC_TR_UDP) {
				switched = sa->ex[i]->msgs[j];
				break;
			}
	if (sa->initiator.port != 500 && sa->initiator.port != 4500 &&
	    sa->initiator.port != 0 && !sa->tcp)
		add(g, ISC_SEV_INFO, "nat-port-rewritten",
		    sa->nex > 0 && sa->ex[0]->nmsgs > 0 ? sa->ex[0]->msgs[0] :
							  NULL,
		    ISC_ROLE_INITIATOR,
		    "the initiator sends from port %u, not 500: a NAT "
		    "rewrote its port (or it uses a random source port)",
		    sa->initiator.port);
	if (!ni.seen || !nr.seen) {
		/* NAT-D from one side only: nothing to compare. */
		if (ni.seen)
			add(g, ISC_SEV_INFO, "natt-unsupported", ni.m,
			    ISC_ROLE_RESPONDER,
			    "the initiator offered NAT detection; the "
			    "responder answered without it (no NAT-T on its "
			    "side)");
		return;
	}
	/* Seen from the capture point: each side's own address, and the
	   address it knows its peer by. */
	i_nat = ni.src_ok == 0 || nr.dst_ok == 0;
	r_nat = nr.src_ok == 0 || ni.dst_ok == 0;
	if (!i_nat && !r_nat) {
		d = add(g, ISC_SEV_INFO, "no-nat", ni.m, -1,
		    "NAT detection: no address or port was rewritten "
		    "between the peers");
		if (nr.m != NULL)
			diag_frame(d, nr.m->meta.frame);
		return;
	}
	/*
	 * What each hash says, seen from this capture point.  A peer's own
	 * (source) hash that does not fit its address here: a NAT between it
	 * and this point, or a peer forcing UDP encapsulation with a wrong
	 * hash on purpose (strongSwan's encap=yes).  A peer's view of the
	 * other that does not fit: a NAT between this point and that peer
	 * rewrote the other's address.
	 */
	{
		struct line l = { "", 0 };
		char	    ib[64], rb[64];

		isc_addr_str(&ni.m->meta.src.ip, ib, sizeof(ib));
		isc_addr_str(&nr.m->meta.src.ip, rb, sizeof(rb));
		line_add(&l, "NAT detection: ");
		if (nr.dst_ok == 0)
			line_add(&l,
			    "the responder knows the initiator by "
			    "another address than %s:%u (a NAT between "
			    "this capture point and the responder "
			    "rewrote it); ",
			    ib, ni.m->meta.src.port);
		if (ni.src_ok == 0)
			line_add(&l,
			    "the initiator's own hash does not match "
			    "%s:%u (a NAT between it and this capture "
			    "point, or it forces UDP encapsulation); ",
			    ib, ni.m->meta.src.port);
		if (ni.dst_ok == 0)
			line_add(&l,
			    "the initiator knows the responder by "
			    "another address than %s:%u (a NAT between "
			    "this capture point and the initiator "
			    "rewrote it); ",
			    rb, nr.m->meta.src.port);
		if (nr.src_ok == 0)
			line_add(&l,
			    "the responder's own hash does not match "
			    "%s:%u (a NAT between it and this capture "
			    "point, or it forces UDP encapsulation); ",
			    rb, nr.m->meta.src.port);
		line_add(&l, "so %s behind a NAT%s",
		    i_nat && r_nat ? "both peers are (or act as if)" :
			i_nat	   ? "the initiator is" :
				     "the responder is",
		    switched != NULL ? "; IKE moved to port 4500" : "");
		d = add(g, ISC_SEV_INFO, "nat-detected", ni.m,
		    i_nat && !r_nat	? ISC_ROLE_INITIATOR :
			r_nat && !i_nat ? ISC_ROLE_RESPONDER :
					  -1,
		    "%s", l.s);
	}
	if (d != NULL) {
		diag_frame(d, nr.m->meta.frame);
		if (switched != NULL)
			diag_frame(d, switched->meta.frame);
	}
	if (switched == NULL && !sa->tcp && g->established != NULL)
		add(g, ISC_SEV_WARNING, "natt-no-switch", nr.m, -1,
		    "a NAT was detected but IKE never moved to UDP port "
		    "4500: ESP will not pass the NAT unencapsulated");
}

/* What ICMP error type/code means for the datagram's receiver. */
static const char *
icmp_words(const struct isc_icmp *e, int *port)
{
	*port = 0;
	if (!e->v6 && e->type == 3) {
		switch (e->code) {
		case 3:
			*port = 1;
			return "port unreachable";
		case 0:
			return "network unreachable";
		case 1:
			return "host unreachable";
		case 9:
		case 10:
		case 13:
			return "administratively prohibited";
		default:
			return "destination unreachable";
		}
	}
	if (e->v6 && e->type == 1) {
		switch (e->code) {
		case 4:
			*port = 1;
			return "port unreachable";
		case 0:
			return "no route to destination";
		case 1:
			return "administratively prohibited";
		case 3:
			return "address unreachable";
		default:
			return "destination unreachable";
		}
	}
	return "time exceeded (a routing loop, or a TTL too small)";
}

/* ICMP errors about the SA's datagrams: the first one, counted. */
static void
icmp(struct diagnose *g)
{
	struct isc_ike_sa	  *sa = g->sa;
	const struct isc_icmp	  *e;
	struct isc_diag		  *d;
	const struct isc_endpoint *to;
	char			   ab[64], tb[64];
	int			   port;
	const char		  *w;
	size_t			   i;

	if (sa->nicmp == 0)
		return;
	e = &sa->icmp[0];
	w = icmp_words(e, &port);
	to = e->about == ISC_ROLE_INITIATOR ? &sa->responder : &sa->initiator;
	isc_addr_str(&e->from, ab, sizeof(ab));
	isc_addr_str(&to->ip, tb, sizeof(tb));
	d = add(g, ISC_SEV_ERROR, "icmp-unreachable", NULL,
	    other((enum isc_role)e->about),
	    "%s answered the %s's IKE datagrams to %s with ICMP%s %s (%u "
	    "time%s)%s",
	    isc_addr_eq(&e->from, &to->ip) ? "the peer's host" : "a router",
	    role(e->about), tb, e->v6 ? "v6" : "", w, sa->icmp_count,
	    sa->icmp_count == 1 ? "" : "s",
	    port ? ": nothing listens on that UDP port there (IKE daemon "
		   "down, or a firewall rejecting)" :
		   ": the peer cannot be reached from here");
	for (i = 0; i < sa->nicmp; i++)
		diag_frame(d, sa->icmp[i].frame);
	(void)tb;
}

/* DES, 3DES, MD5, SHA-1 PRF, small MODP groups: each named once. */
static void
hygiene(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	struct line	   l = { "", 0 };
	size_t		   i;

	if (sa->chosen_msg == NULL)
		return;
	if (sa->version == 1) {
		if (sa->encr == 1)
			line_add(&l, ", DES");
		if (sa->encr == 5)
			line_add(&l, ", 3DES (64-bit blocks)");
		if (sa->encr == 3 || sa->encr == 6)
			line_add(&l, ", %s (64-bit blocks)",
			    sa->encr == 3 ? "Blowfish" : "CAST");
		if (sa->hash == 1)
			line_add(&l, ", MD5");
		if (sa->hash == 2)
			line_add(&l, ", SHA-1 as PRF and hash");
	} else {
		if (sa->encr == 1 || sa->encr == 2)
			line_add(&l, ", DES");
		if (sa->encr == 3)
			line_add(&l, ", 3DES (64-bit blocks)");
		if (sa->encr == 11)
			line_add(&l, ", no encryption (ENCR_NULL)");
		if (sa->prf == 1)
			line_add(&l, ", PRF HMAC-MD5");
		if (sa->prf == 2)
			line_add(&l, ", PRF HMAC-SHA1");
		if (sa->integ == 1)
			line_add(&l, ", HMAC-MD5-96");
	}
	if (sa->dh == 1 || sa->dh == 2 || sa->dh == 22)
		line_add(&l, ", DH group %u (%s)", sa->dh,
		    sa->dh == 1 ? "MODP-768" : "MODP-1024");
	for (i = 0; i < sa->nchildren; i++) {
		const struct isc_child_sa *c = sa->children[i];

		if (c->encr == 2 || c->encr == 3)
			line_add(&l, ", %s for ESP SA 0x%08x",
			    c->encr == 2 ? "DES" : "3DES", c->spi_r);
		else if (c->encr == 11 && c->integ != 0)
			line_add(&l,
			    ", no ESP encryption (ENCR_NULL) for "
			    "SA 0x%08x",
			    c->spi_r);
		if (c->integ == 1)
			line_add(&l, ", HMAC-MD5-96 for SA 0x%08x", c->spi_r);
	}
	if (l.n > 0)
		add(g, ISC_SEV_WARNING, "weak-crypto", sa->chosen_msg, -1,
		    "weak algorithms negotiated: %s", l.s + 2);
	if (sa->version == 1 && sa->auth_method == 1) {
		for (i = 0; i < sa->nex; i++)
			if (sa->ex[i]->type == X_AGGRESSIVE)
				break;
		if (i < sa->nex && sa->ex[i]->nmsgs >= 2)
			add(g, ISC_SEV_WARNING, "aggressive-psk",
			    sa->ex[i]->msgs[0], -1,
			    "Aggressive Mode with a pre-shared key: its "
			    "HASH_R can be cracked offline by anyone who saw "
			    "these packets (ikescope --export-keys "
			    "psk-crack:FILE writes it for psk-crack or "
			    "hashcat -m 5300/5400; --psk-candidates tests "
			    "a list)");
	}
}

/* XAUTH status in Transaction exchanges (draft-beaulieu-ike-xauth-02). */
static void
xauth(struct diagnose *g)
{
	struct isc_ike_sa *sa = g->sa;
	size_t		   i, j;

	if (sa->version != 1)
		return;
	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];

		if (ex->type != X_TRANSACTION)
			continue;
		for (j = 0; j < ex->nmsgs; j++) {
			const struct isc_msg *m = ex->msgs[j];
			struct pit	      it = pit_of(m);
			const struct ftree   *t;
			int32_t		      n, a;

			if (m->retrans_of != 0)
				continue;
			while (
			    (n = pit_next(&it, V1_ATTR, &t, NULL)) != FT_NONE)
				for (a = t->v[n].child; a != FT_NONE;
				     a = t->v[a].next) {
					if (strcmp(t->v[a].key, "attributes") !=
						0 ||
					    ft_child_u(t, a,
						"attribute_type") !=
						CFG_XAUTH_STATUS)
						continue;
					/* The ACK echoes the type with no
					   value: only a SET says FAIL. */
					if (ft_find(t, a, "value") != FT_NONE &&
					    ft_child_u(t, a, "value") == 0) {
						add(g, ISC_SEV_ERROR,
						    "xauth-failed", m, m->from,
						    "the %s reported "
						    "XAUTH-STATUS FAIL: "
						    "the user name or "
						    "password was refused",
						    role(m->from));
						set_failed(g, m, 0, m->from,
						    X_TRANSACTION,
						    "XAUTH refused");
					}
				}
		}
	}
}

/* Lifetime negotiated (IKEv1 Phase 1) against the rekey seen. */
static uint64_t
v1_lifetime(const struct isc_ike_sa *sa)
{
	const struct ftree *t;
	int32_t		    x, a;
	uint64_t	    type = 0;

	if (sa->version != 1 || sa->chosen_msg == NULL)
		return 0;
	t = &sa->chosen_msg->fields;
	for (x = ft_find(t, sa->chosen_node, "transforms"); x != FT_NONE;
	     x = FT_NONE)
		for (a = t->v[x].child; a != FT_NONE; a = t->v[a].next) {
			uint64_t at;

			if (strcmp(t->v[a].key, "attributes") != 0)
				continue;
			at = ft_child_u(t, a, "attribute_type");
			if (at == 11)
				type = ft_child_u(t, a, "value");
			else if (at == 12 && type == 1)
				return ft_child_u(t, a, "value");
		}
	return 0;
}

/* ------------------------------------------------------------ outcome */

static int
esp_after(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    uint64_t frame)
{
	size_t i;

	for (i = 0; i < a->nesp; i++) {
		const struct isc_esp_sa *e = a->esp_sas[i];

		if (e->last_frame > frame &&
		    ((isc_addr_eq(&e->src.ip, &sa->initiator.ip) &&
			 isc_addr_eq(&e->dst.ip, &sa->responder.ip)) ||
			(isc_addr_eq(&e->src.ip, &sa->responder.ip) &&
			    isc_addr_eq(&e->dst.ip, &sa->initiator.ip))))
			return 1;
	}
	return 0;
}

/* An answered exchange after frame (the SA was up to run it). */
static const struct isc_msg *
answered_after(const struct isc_ike_sa *sa, uint64_t frame)
{
	size_t i;

	for (i = 0; i < sa->nex; i++) {
		struct exinfo x;

		ex_info(sa->ex[i], &x);
		if (x.req != NULL && x.resp != NULL &&
		    x.req->meta.frame > frame &&
		    (sa->ex[i]->type == X_INFORMATIONAL ||
			sa->ex[i]->type == X_CHILD ||
			sa->ex[i]->type == X_QUICK))
			return x.resp;
	}
	return NULL;
}

/* The first SA (in index order) that rekeys sa. */
static const struct isc_ike_sa *
successor(const struct isc_analysis *a, const struct htab *by_old,
    const struct isc_ike_sa *sa)
{
	const struct htab_node *n;
	uint64_t		key = (uint64_t)(uintptr_t)sa;
	size_t			i;

	if (by_old != NULL) {
		/* Filled in reverse index order: the first found is the
		   lowest index. */
		for (n = htab_first(by_old, key); n != NULL;
		     n = htab_next(n, key)) {
			const struct isc_ike_sa *x = htab_value(n);

			if (x->rekey_of == sa)
				return x;
		}
		return NULL;
	}
	for (i = 0; i < a->nsas; i++)
		if (a->sas[i]->rekey_of == sa)
			return a->sas[i];
	return NULL;
}

/*
 * A newer IKE SA between the same peers, negotiated after this one came
 * up and before it was deleted (make before break): an IKEv1 Phase 1
 * rekey, or an IKEv2 reauthentication, replaced it.
 */
static int
replaces(const struct isc_ike_sa *x, const struct isc_ike_sa *sa, uint64_t up,
    const struct isc_msg *deleted)
{
	/* Their lives overlap: the new one began before the old one was
	   deleted, or before its last message. */
	if (x == sa || x->version != sa->version || !x->saw_start ||
	    x->chosen_msg == NULL || x->first_frame <= up ||
	    x->first_frame >
		(deleted != NULL ? deleted->meta.frame : sa->last_frame))
		return 0;
	return (isc_addr_eq(&x->initiator.ip, &sa->initiator.ip) &&
		   isc_addr_eq(&x->responder.ip, &sa->responder.ip)) ||
	    (isc_addr_eq(&x->initiator.ip, &sa->responder.ip) &&
		isc_addr_eq(&x->responder.ip, &sa->initiator.ip));
}

/*
 * The first such SA in index order.  Every SA with the same pair of
 * peers is under sa's key in a->sa_by_peers (the key does not depend on
 * the order of the pair), so only those are looked at.
 */
static const struct isc_ike_sa *
replacement(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    uint64_t up, const struct isc_msg *deleted)
{
	const struct isc_ike_sa *best = NULL;
	const struct htab_node	*n;
	size_t			 i;

	if (sa->peers_hkey != 0 && a->sa_by_peers != NULL) {
		for (n = htab_first(a->sa_by_peers, sa->peers_hkey); n != NULL;
		     n = htab_next(n, sa->peers_hkey)) {
			const struct isc_ike_sa *x = htab_value(n);

			if (replaces(x, sa, up, deleted) &&
			    (best == NULL || x->index < best->index))
				best = x;
		}
		return best;
	}
	for (i = 0; i < a->nsas; i++)
		if (replaces(a->sas[i], sa, up, deleted))
			return a->sas[i];
	return NULL;
}

static void
outcome(struct diagnose *g)
{
	struct isc_ike_sa	*sa = g->sa;
	struct isc_sa_outcome	*o = &sa->outcome;
	const struct isc_ike_sa *next = successor(g->a, g->by_old, sa);
	char			 nb[64], xb[32];
	struct isc_diag		*d;

	o->by = -1;
	if (g->established != NULL) {
		o->established = 1;
		o->established_frame = g->established->meta.frame;
		o->established_ts = g->established->meta.ts;
	} else if (g->encrypted_answer != NULL && g->failed == NULL) {
		const struct isc_msg *after =
		    answered_after(sa, g->encrypted_answer->meta.frame);

		if (after != NULL ||
		    esp_after(g->a, sa, g->encrypted_answer->meta.frame)) {
			o->established = 1;
			o->presumed = 1;
			o->established_frame = g->encrypted_answer->meta.frame;
			o->established_ts = g->encrypted_answer->meta.ts;
		}
	}

	if (g->failed != NULL) {
		o->state = ISC_OUTCOME_FAILED;
		o->frame = g->failed->meta.frame;
		o->by = (int8_t)g->failed_by;
		o->exch_type = g->failed_exch;
		o->error = g->failed_error;
		if (g->failed_error != 0)
			snprintf(o->reason, sizeof(o->reason),
			    "%s: the %s sent %s (frame %llu)",
			    xname(g->failed_exch, xb, sizeof(xb)),
			    role(g->failed_by),
			    notify_name(sa, g->failed_error, nb, sizeof(nb)),
			    (unsigned long long)o->frame);
		else
			snprintf(o->reason, sizeof(o->reason),
			    "%s: %s (frame %llu)",
			    xname(g->failed_exch, xb, sizeof(xb)),
			    g->failed_what != NULL ? g->failed_what : "refused",
			    (unsigned long long)o->frame);
		return;
	}
	if (next != NULL) {
		o->state = ISC_OUTCOME_REKEYED;
		o->frame = next->rekey_frame;
		o->replaced_by = next->index + 1;
		snprintf(o->reason, sizeof(o->reason),
		    "rekeyed into IKE SA #%llu (frame %llu)%s%s%s",
		    (unsigned long long)o->replaced_by,
		    (unsigned long long)o->frame,
		    g->deleted != NULL ? ", then deleted by the " : "",
		    g->deleted != NULL ? role(g->deleted->from) : "", "");
		return;
	}
	if (o->established &&
	    (next = replacement(g->a, sa, o->established_frame, g->deleted)) !=
		NULL) {
		o->state = ISC_OUTCOME_REKEYED;
		o->frame = next->first_frame;
		o->replaced_by = next->index + 1;
		snprintf(o->reason, sizeof(o->reason),
		    "replaced by IKE SA #%llu, negotiated between the same "
		    "peers from frame %llu%s%s",
		    (unsigned long long)o->replaced_by,
		    (unsigned long long)o->frame,
		    g->deleted != NULL ? ", then deleted by the " : "",
		    g->deleted != NULL ? role(g->deleted->from) : "");
		return;
	}
	if (g->deleted != NULL) {
		o->state = ISC_OUTCOME_DELETED;
		o->frame = g->deleted->meta.frame;
		o->by = (int8_t)g->deleted->from;
		if (o->established && sa->saw_start)
			snprintf(o->reason, sizeof(o->reason),
			    "deleted by the %s (frame %llu) after %.1f s up",
			    role(o->by), (unsigned long long)o->frame,
			    isc_time_diff(g->deleted->meta.ts,
				o->established_ts));
		else
			snprintf(o->reason, sizeof(o->reason),
			    "deleted by the %s (frame %llu)", role(o->by),
			    (unsigned long long)o->frame);
		return;
	}
	if (o->established) {
		o->state = ISC_OUTCOME_ESTABLISHED;
		o->frame = o->established_frame;
		if (!sa->saw_start)
			snprintf(o->reason, sizeof(o->reason),
			    "set up before the capture began");
		else {
			char   cb[32];
			size_t n = g->nchild_ok;

			const char *what =
			    sa->version == 1 ? "IPsec SA" : "CHILD_SA";

			if (n == 0)
				snprintf(cb, sizeof(cb), "no %s", what);
			else
				snprintf(cb, sizeof(cb), "%zu %s%s", n, what,
				    n == 1 ? "" : "s");
			snprintf(o->reason, sizeof(o->reason),
			    "up at frame %llu%s, %s",
			    (unsigned long long)o->frame,
			    o->presumed ? " (presumed: the answer is "
					  "encrypted and traffic followed)" :
					  "",
			    cb);
		}
		if (g->stalled != NULL &&
		    g->stalled_msg->meta.frame > o->frame) {
			const struct isc_msg *m = g->stalled_msg;
			size_t		      n = copies(g->stalled, m, NULL);
			double		      wait =
			    isc_time_diff(g->end, last_copy_ts(g->stalled, m));
			int gone = n > 1 || wait > GIVE_UP_SECONDS;

			if (gone && g->deleted == NULL) {
				/* The asking side gives up on the SA (RFC
				   7296 2.4, RFC 3706): it is gone. */
				o->state = ISC_OUTCOME_DELETED;
				o->frame = last_copy_frame(g->stalled, m);
				o->by = (int8_t)m->from;
				snprintf(o->reason, sizeof(o->reason),
				    "given up by the %s: the %s stopped "
				    "answering (frame %llu, %zu copies)",
				    role(m->from), role(g->stalled_by),
				    (unsigned long long)m->meta.frame, n);
			}
			d = add(g, gone ? ISC_SEV_ERROR : ISC_SEV_INFO,
			    gone ? "peer-unresponsive" : "unanswered-at-end", m,
			    g->stalled_by,
			    gone ? "the %s stopped answering: the %s request "
				   "of frame %llu got no answer (sent %zu "
				   "time%s, %.1f s before %s)" :
				   "the %s had not answered the %s request of "
				   "frame %llu (sent %zu time%s, %.1f s before "
				   "%s)",
			    role(g->stalled_by),
			    xname(g->stalled->type, xb, sizeof(xb)),
			    (unsigned long long)m->meta.frame, n,
			    n == 1 ? "" : "s", wait, until(g));
			(void)copies(g->stalled, m, d);
		}
		return;
	}
	if (g->encrypted_answer != NULL) {
		o->state = ISC_OUTCOME_UNKNOWN;
		o->frame = g->encrypted_answer->meta.frame;
		snprintf(o->reason, sizeof(o->reason),
		    "%s answered (frame %llu) but the answer is encrypted: "
		    "give keys to see whether it succeeded",
		    xname(X_AUTH, xb, sizeof(xb)),
		    (unsigned long long)o->frame);
		return;
	}
	o->state = ISC_OUTCOME_INCOMPLETE;
	if (g->stalled != NULL) {
		const struct isc_msg *m = g->stalled_msg;
		size_t		      n = copies(g->stalled, m, NULL);
		double		      wait =
		    isc_time_diff(g->end, last_copy_ts(g->stalled, m));

		o->frame = m->meta.frame;
		o->by = (int8_t)g->stalled_by;
		o->exch_type = g->stalled->type;
		snprintf(o->reason, sizeof(o->reason),
		    "%s: no answer from the %s (%zu cop%s of frame %llu)%s",
		    xname(g->stalled->type, xb, sizeof(xb)),
		    role(g->stalled_by), n, n == 1 ? "y" : "ies",
		    (unsigned long long)m->meta.frame,
		    sa->nicmp > 0 ? ", ICMP errors came back" : "");
		d = add(g,
		    n > 1 || wait > GIVE_UP_SECONDS ? ISC_SEV_ERROR :
						      ISC_SEV_WARNING,
		    "no-response", m, g->stalled_by,
		    "the %s never answered the %s's %s message (sent %zu "
		    "time%s; %.1f s from the last copy to %s)%s",
		    role(g->stalled_by), role(m->from),
		    xname(g->stalled->type, xb, sizeof(xb)), n,
		    n == 1 ? "" : "s", wait, until(g),
		    sa->nicmp > 0 ?
			": ICMP errors came back instead "
			"(see icmp-unreachable)" :
			n == 1 && wait <= GIVE_UP_SECONDS && !g->idle ?
			": the capture may have ended too early" :
			": the peer is down, filtered, or drops it");
		(void)copies(g->stalled, m, d);
	} else {
		snprintf(o->reason, sizeof(o->reason),
		    "the capture holds only part of the setup");
	}
}

/* The first error diagnosis (for the one-line summary). */
const struct isc_diag *
diagnose_first_error(const struct isc_ike_sa *sa)
{
	size_t i;

	for (i = 0; i < sa->diags.n; i++)
		if (sa->diags.v[i].sev == ISC_SEV_ERROR)
			return &sa->diags.v[i];
	return NULL;
}

const char *
diagnose_outcome_name(enum isc_outcome o)
{
	switch (o) {
	case ISC_OUTCOME_UNKNOWN:
		return "unknown";
	case ISC_OUTCOME_ESTABLISHED:
		return "established";
	case ISC_OUTCOME_FAILED:
		return "failed";
	case ISC_OUTCOME_INCOMPLETE:
		return "incomplete";
	case ISC_OUTCOME_DELETED:
		return "deleted";
	case ISC_OUTCOME_REKEYED:
		return "rekeyed";
	}
	return "unknown";
}

const char *
diagnose_ex_status_name(enum isc_ex_status s)
{
	switch (s) {
	case ISC_EX_COMPLETE:
		return "complete";
	case ISC_EX_FAILED:
		return "failed";
	case ISC_EX_UNANSWERED:
		return "unanswered";
	case ISC_EX_PARTIAL:
		return "partial";
	}
	return "?";
}

static void
diagnose_one(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_time end,
    int idle, const struct htab *by_old)
{
	struct diagnose g;
	uint64_t	life;

	memset(&g, 0, sizeof(g));
	g.a = a;
	g.sa = sa;
	g.by_old = by_old;
	g.end = end;
	g.idle = idle;
	g.failed_by = -1;
	if (sa->version == 2)
		v2_flow(&g);
	else
		v1_flow(&g);
	xauth(&g);
	auth_asymmetry(&g);
	v1_psk_flow(&g);
	deletes(&g);
	outcome(&g);
	liveness(&g);
	retransmissions(&g);
	icmp(&g);
	nat(&g);
	hygiene(&g);
	life = v1_lifetime(sa);
	if (life != 0 && sa->outcome.state == ISC_OUTCOME_REKEYED &&
	    sa->outcome.established)
		add(&g, ISC_SEV_INFO, "lifetime", sa->chosen_msg, -1,
		    "lifetime negotiated %llu s; replaced after %.0f s",
		    (unsigned long long)life,
		    isc_time_diff(sa->last_ts, sa->outcome.established_ts));
	if (sa->missing != NULL)
		add(&g, ISC_SEV_INFO, "keys-missing", NULL, -1, "%s",
		    sa->missing);
}

void
diagnose_sa(struct isc_analysis *a, struct isc_ike_sa *sa, struct isc_time end)
{
	diagnose_one(a, sa, end, 0, NULL);
}

void
diagnose_sa_indexed(struct isc_analysis *a, struct isc_ike_sa *sa,
    struct isc_time end, const struct htab *by_old)
{
	diagnose_one(a, sa, end, 1, by_old);
}

struct htab *
diagnose_index(const struct isc_analysis *a)
{
	struct htab *by_old = htab_new();
	size_t	     i;

	/* In reverse index order: a lookup finds the lowest index first. */
	for (i = a->nsas; i-- > 0;)
		if (a->sas[i]->rekey_of != NULL)
			htab_put(by_old,
			    (uint64_t)(uintptr_t)a->sas[i]->rekey_of,
			    a->sas[i]);
	return by_old;
}

void
diagnose_all(struct isc_analysis *a)
{
	struct isc_time end = { 0, 0 };
	struct htab    *by_old;
	size_t		i;

	for (i = 0; i < a->nsas; i++)
		if (isc_time_diff(a->sas[i]->last_ts, end) > 0)
			end = a->sas[i]->last_ts;
	if (isc_time_diff(a->last_ts, end) > 0)
		end = a->last_ts;
	/* Each SA's successor found by hashing, not by a scan per SA. */
	by_old = diagnose_index(a);
	for (i = 0; i < a->nsas; i++)
		diagnose_one(a, a->sas[i], end, 0, by_old);
	htab_free(by_old);
}
