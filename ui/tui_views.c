/*
 * tui_views.c - the browser's views.  Each pane is a small ops table
 * (tui_int.h) that says how many rows there are and what row i shows;
 * ui/tui.c draws them all the same way.
 *
 *	SAs	  IKE SAs, then ESP/AH SAs | the selected SA's diagnosis
 *	Ladder	  one IKE SA's messages    | the message and the SA
 *	Message	  the field tree	   | the bytes, the field's span in [ ]
 *	ESP	  one ESP SA's packets	   | its keys and counts
 *	Help	  the request list
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzer/diagnose.h"
#include "../analyzer/util.h"
#include "../dissect/registry.h"
#include "fields.h"
#include "tui_int.h"

#define ADDR_LEN 64

/* --- shared words ------------------------------------------------------- */

static enum tstyle
outcome_style(enum isc_outcome o)
{
	switch (o) {
	case ISC_OUTCOME_ESTABLISHED:
		return ST_OK;
	case ISC_OUTCOME_FAILED:
		return ST_ERR;
	case ISC_OUTCOME_INCOMPLETE:
	case ISC_OUTCOME_UNKNOWN:
		return ST_WARN;
	default:
		return ST_INFO;
	}
}

static enum tstyle
sev_style(enum isc_severity s)
{
	return s == ISC_SEV_ERROR ? ST_ERR :
	    s == ISC_SEV_WARNING  ? ST_WARN :
				    ST_NORMAL;
}

static const char *
endpoint_str(const struct isc_endpoint *e, char *buf, size_t len)
{
	char a[ADDR_LEN];

	isc_addr_str(&e->ip, a, sizeof(a));
	snprintf(buf, len, e->ip.family == 6 ? "[%s]:%u" : "%s:%u", a, e->port);
	return buf;
}

static const char *
xname(uint8_t type, char *buf, unsigned len)
{
	return reg_name_or(reg_exchange_type(type), type, buf, len);
}

static const struct isc_ike_keys *
sa_keys(const struct isc_ike_sa *sa)
{
	return &sa->keys[sa->version == 1 ? 1 : 0];
}

static int
sa_failed(const struct isc_ike_sa *sa)
{
	return sa->outcome.state == ISC_OUTCOME_FAILED ||
	    diagnose_first_error(sa) != NULL;
}

static uint64_t
esp_failures(const struct isc_esp_sa *e)
{
	return e->counts[ISC_ESP_INTEGRITY_FAILED] +
	    e->counts[ISC_ESP_BAD_PADDING] + e->counts[ISC_ESP_MALFORMED];
}

static int
msg_failed(const struct lmsg *l)
{
	const struct isc_msg *m = l->m;
	size_t		      i;

	if (m->dec == ISC_DEC_INTEGRITY_FAILED ||
	    m->dec == ISC_DEC_BAD_PADDING || m->dec == ISC_DEC_MALFORMED ||
	    m->check == ISC_CHECK_FAILED)
		return 1;
	if (l->ex->status == ISC_EX_FAILED &&
	    l->ex->error_frame == m->meta.frame)
		return 1;
	for (i = 0; i < m->diags.n; i++)
		if (m->diags.v[i].sev == ISC_SEV_ERROR)
			return 1;
	return 0;
}

static void
add_diags(struct ttext *tt, const struct isc_diags *d, const char *skip,
    const char *indent)
{
	char   fr[160], side[24];
	size_t i, k, at;

	for (i = 0; i < d->n; i++) {
		const struct isc_diag *x = &d->v[i];

		if (skip != NULL && strcmp(x->code, skip) == 0)
			continue;
		fr[0] = '\0';
		for (k = 0, at = 0; k < x->nframes && at < sizeof(fr); k++)
			at +=
			    (size_t)snprintf(fr + at, sizeof(fr) - at, "%s%llu",
				k		   ? "," :
				    x->nframes > 1 ? " frames " :
						     " frame ",
				(unsigned long long)x->frames[k]);
		side[0] = '\0';
		if (x->side >= 0)
			snprintf(side, sizeof(side), " %s",
			    isc_role_name(x->side));
		ttext_addf(tt, sev_style(x->sev), (int)strlen(indent) + 2,
		    "%s%s [%s]%s%s: %s%s", indent, diag_severity_name(x->sev),
		    x->code, side, fr, x->msg,
		    x->repeats ? " (and more like it)" : "");
	}
	if (d->dropped != 0)
		ttext_addf(tt, ST_DIM, 0, "%s(%llu more diagnostics not kept)",
		    indent, (unsigned long long)d->dropped);
}

/* An IKE SA in a few lines and its diagnosis. */
static void
sa_detail(struct tui *t, const struct isc_ike_sa *sa, struct ttext *tt)
{
	const struct isc_ike_keys *k = sa_keys(sa);
	char			   ib[96], rb[96], si[17], sr[17];
	size_t			   i;

	ttext_addf(tt, ST_NORMAL, 4,
	    "IKE SA #%zu  IKEv%u  %s (initiator) <-> %s (responder)%s%s",
	    sa->index + 1, sa->version,
	    endpoint_str(&sa->initiator, ib, sizeof(ib)),
	    endpoint_str(&sa->responder, rb, sizeof(rb)),
	    sa->nat_t ? "  NAT-T" : "", sa->tcp ? "  TCP" : "");
	hex_encode(sa->spi_i, 8, si);
	hex_encode(sa->spi_r, 8, sr);
	ttext_addf(tt, ST_NORMAL, 4,
	    "SPIs %s / %s, %llu messages, frames %llu-%llu", si,
	    sa->spi_r_known ? sr : "(none seen)", (unsigned long long)sa->nmsgs,
	    (unsigned long long)sa->first_frame,
	    (unsigned long long)sa->last_frame);
	/* The outcome and the diagnosis are made once the captures are
	   read. */
	if (t->loading)
		ttext_add(tt, ST_DIM, 4,
		    "Outcome: known when the captures have been read");
	else
		ttext_addf(tt, outcome_style(sa->outcome.state), 4,
		    "Outcome %s%s: %s",
		    diagnose_outcome_name(sa->outcome.state),
		    sa->outcome.presumed ? " (presumed)" : "",
		    sa->outcome.reason);
	ttext_addf(tt, ST_NORMAL, 4, "Keys %s%s%s%s", name_keys_state(k->state),
	    k->source ? " (" : "", k->source ? k->source : "",
	    k->source ? ")" : "");
	if (sa->version == 1 && sa->keys[0].state != k->state)
		ttext_addf(tt, ST_NORMAL, 4, "     responder's keys %s",
		    name_keys_state(sa->keys[0].state));
	if (sa->missing != NULL)
		ttext_addf(tt, ST_WARN, 4, "Missing %s", sa->missing);
	if (sa->auth[0] != ISC_CHECK_NONE || sa->auth[1] != ISC_CHECK_NONE)
		ttext_addf(tt,
		    sa->auth[0] == ISC_CHECK_FAILED ||
			    sa->auth[1] == ISC_CHECK_FAILED ?
			ST_ERR :
			ST_NORMAL,
		    4, "Auth initiator %s, responder %s",
		    name_check(sa->auth[1]), name_check(sa->auth[0]));
	for (i = 0; i < sa->nchildren; i++)
		ttext_addf(tt, ST_NORMAL, 4,
		    "Child SA %s %08x / %08x, keys %s%s%s",
		    sa->children[i]->protocol == 51 ? "AH" : "ESP",
		    sa->children[i]->spi_i, sa->children[i]->spi_r,
		    name_keys_state(sa->children[i]->state),
		    sa->children[i]->missing ? ": " : "",
		    sa->children[i]->missing ? sa->children[i]->missing : "");
	for (i = 0; i < sa->diags.n; i++)
		if (strcmp(sa->diags.v[i].code, "keys-missing") != 0)
			break;
	if (i == sa->diags.n && sa->diags.dropped == 0) {
		ttext_add(tt, ST_HEAD, 0, "Diagnosis: nothing to report");
		return;
	}
	ttext_add(tt, ST_HEAD, 0, "Diagnosis");
	add_diags(tt, &sa->diags, "keys-missing", "  ");
}

static void
esp_detail(struct tui *t, const struct isc_esp_sa *e, struct ttext *tt)
{
	char s[ADDR_LEN], d[ADDR_LEN];

	ttext_addf(tt, ST_NORMAL, 4, "%s SPI 0x%08x  %s -> %s%s%s",
	    e->proto == 51 ? "AH" : "ESP", e->spi,
	    isc_addr_str(&e->src.ip, s, sizeof(s)),
	    isc_addr_str(&e->dst.ip, d, sizeof(d)),
	    e->udp_encap ? "  (UDP)" : "", e->nested ? "  (inner)" : "");
	ttext_addf(tt, ST_NORMAL, 4,
	    "%llu packets, %llu bytes, frames %llu-%llu",
	    (unsigned long long)e->packets, (unsigned long long)e->bytes,
	    (unsigned long long)e->first_frame,
	    (unsigned long long)e->last_frame);
	if (e->keys_from == ISC_ESP_KEYS_NONE)
		ttext_add(tt, ST_WARN, 4,
		    "Keys none (no decrypted CHILD_SA or Quick Mode and no esp line has this SPI)");
	else
		ttext_addf(tt, ST_NORMAL, 4, "Keys from %s: %s, %s%s",
		    e->key_source, name_esp_encr(e->encr),
		    name_esp_integ(e->encr, e->integ), e->esn ? ", ESN" : "");
	ttext_addf(tt, esp_failures(e) ? ST_ERR : ST_NORMAL, 4,
	    "Decrypted %llu (%llu verified), failed %llu (integrity %llu, padding %llu, malformed %llu), without keys %llu",
	    (unsigned long long)(e->counts[ISC_ESP_OK] +
		e->counts[ISC_ESP_UNVERIFIED]),
	    (unsigned long long)e->counts[ISC_ESP_OK],
	    (unsigned long long)esp_failures(e),
	    (unsigned long long)e->counts[ISC_ESP_INTEGRITY_FAILED],
	    (unsigned long long)e->counts[ISC_ESP_BAD_PADDING],
	    (unsigned long long)e->counts[ISC_ESP_MALFORMED],
	    (unsigned long long)e->counts[ISC_ESP_NO_KEYS]);
	if (e->replays || e->gaps || e->dummies)
		ttext_addf(tt, ST_WARN, 4,
		    "%llu replayed, %llu sequence gaps, %llu dummy",
		    (unsigned long long)e->replays, (unsigned long long)e->gaps,
		    (unsigned long long)e->dummies);
	if (e->npkts == 0 && e->packets != 0)
		ttext_add(tt, ST_DIM, 4,
		    "(no per-packet records: the analysis kept only counts)");
	(void)t;
}

/* The captures and the analysis's own diagnoses. */
static void
captures_detail(struct tui *t, struct ttext *tt)
{
	const struct isc_analysis *a = t->a;
	size_t			   i;

	for (i = 0; i < a->ncaptures; i++) {
		const struct isc_capture *c = a->captures[i];

		ttext_addf(tt, ST_NORMAL, 4,
		    "Capture %s: %llu frames, %llu IKE messages, %llu ESP/AH packets%s",
		    c->file, (unsigned long long)c->frames,
		    (unsigned long long)c->ike_messages,
		    (unsigned long long)c->esp_packets,
		    c->truncated ? " (truncated)" : "");
		add_diags(tt, &c->diags, NULL, "  ");
	}
	add_diags(tt, &a->diags, NULL, "");
}

/* --- text panes --------------------------------------------------------- */

static size_t
text_nrows(struct tui *t, struct view *v, int i)
{
	(void)t;
	return v->p[i].text.n;
}

static void
text_row(struct tui *t, struct view *v, int i, size_t r, struct tline *l)
{
	(void)t;
	tl_puts(l, (enum tstyle)v->p[i].text.v[r].st, v->p[i].text.v[r].s);
}

/* --- SAs ---------------------------------------------------------------- */

enum {
	ROW_IKE = 1,
	ROW_ESPHEAD,
	ROW_ESP,
	ROW_NOIKE
};
#define ROW(kind, i) (((uint64_t)(kind) << 56) | (uint64_t)(i))
#define ROW_KIND(r)  ((int)((r) >> 56))
#define ROW_INDEX(r) ((size_t)((r) & ((UINT64_C(1) << 56) - 1)))

static void
add_row(struct view *v, uint64_t r, size_t *cap)
{
	if (v->nrows == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		v->rows = xreallocarray(v->rows, *cap, sizeof(*v->rows));
	}
	v->rows[v->nrows++] = r;
}

static int
peer_match(struct tui *t, const struct isc_addr *x, const struct isc_addr *y)
{
	char a[ADDR_LEN], b[ADDR_LEN];

	if (t->f_peer[0] == '\0')
		return 1;
	return tui_contains(isc_addr_str(x, a, sizeof(a)), t->f_peer) ||
	    tui_contains(isc_addr_str(y, b, sizeof(b)), t->f_peer);
}

static void
sas_rows(struct tui *t, struct view *v)
{
	const struct isc_analysis *a = t->a;
	size_t			   i, cap = 0, nike = 0, nesp = 0;

	v->nrows = 0;
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if ((t->f_failed && !sa_failed(sa)) ||
		    !peer_match(t, &sa->initiator.ip, &sa->responder.ip))
			continue;
		add_row(v, ROW(ROW_IKE, i), &cap);
		nike++;
	}
	if (nike == 0)
		add_row(v, ROW(ROW_NOIKE, 0), &cap);
	for (i = 0; i < a->nesp; i++) {
		const struct isc_esp_sa *e = a->esp_sas[i];

		if ((t->f_failed && esp_failures(e) == 0) ||
		    !peer_match(t, &e->src.ip, &e->dst.ip))
			continue;
		if (nesp++ == 0)
			add_row(v, ROW(ROW_ESPHEAD, 0), &cap);
		add_row(v, ROW(ROW_ESP, i), &cap);
	}
}

static size_t
sas_nrows(struct tui *t, struct view *v, int i)
{
	(void)t;
	(void)i;
	return v->nrows;
}

/* The peers column: wider on a wider screen. */
static int
peers_width(int width)
{
	int w = 25 + (width > 80 ? (width - 80) / 2 : 0);

	return w > 45 ? 45 : w;
}

static void
sas_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	(void)t;
	(void)v;
	(void)i;
	tl_printf(l, ST_HEAD,
	    "  # ver  %-*s outcome     exc keys     first error",
	    peers_width(l->width), "peers");
}

static void
sas_row(struct tui *t, struct view *v, int pane, size_t r, struct tline *l)
{
	uint64_t row = v->rows[r];
	char	 ib[ADDR_LEN], rb[ADDR_LEN], peers[2 * ADDR_LEN + 8];

	(void)pane;
	switch (ROW_KIND(row)) {
	case ROW_IKE: {
		const struct isc_ike_sa	  *sa = t->a->sas[ROW_INDEX(row)];
		const struct isc_diag	  *e = diagnose_first_error(sa);
		const struct isc_ike_keys *k = sa_keys(sa);

		snprintf(peers, sizeof(peers), "%s <-> %s",
		    isc_addr_str(&sa->initiator.ip, ib, sizeof(ib)),
		    isc_addr_str(&sa->responder.ip, rb, sizeof(rb)));
		tl_printf(l, ST_NORMAL, "%3zu v%u  %-*.*s ", sa->index + 1,
		    sa->version, peers_width(l->width), peers_width(l->width),
		    peers);
		if (t->loading)
			tl_printf(l, ST_DIM, "%-11s", "reading");
		else
			tl_printf(l, outcome_style(sa->outcome.state), "%-11s",
			    diagnose_outcome_name(sa->outcome.state));
		tl_printf(l, ST_NORMAL, " %3zu %-8s%s ", sa->nex,
		    name_keys_state(k->state),
		    sa->version == 1 && sa->keys[0].state != k->state ? "*" :
									" ");
		if (e != NULL)
			tl_puts(l, ST_ERR, e->code);
		break;
	}
	case ROW_NOIKE:
		tl_puts(l, ST_DIM,
		    t->a->nsas == 0 ? "    (no IKE SA)" :
				      "    (no IKE SA matches the filter)");
		break;
	case ROW_ESPHEAD:
		tl_printf(l, ST_HEAD, "    %-16s%-31s %7s %9s %6s", "ESP/AH SA",
		    "source -> destination", "packets", "decrypted", "failed");
		break;
	case ROW_ESP: {
		const struct isc_esp_sa *e = t->a->esp_sas[ROW_INDEX(row)];

		snprintf(peers, sizeof(peers), "%s -> %s",
		    isc_addr_str(&e->src.ip, ib, sizeof(ib)),
		    isc_addr_str(&e->dst.ip, rb, sizeof(rb)));
		tl_printf(l, ST_NORMAL,
		    "    %-3s 0x%08x  %-31.31s %7llu %9llu ",
		    e->proto == 51 ? "AH" : "ESP", e->spi, peers,
		    (unsigned long long)e->packets,
		    (unsigned long long)(e->counts[ISC_ESP_OK] +
			e->counts[ISC_ESP_UNVERIFIED]));
		tl_printf(l, esp_failures(e) ? ST_ERR : ST_NORMAL, "%6llu",
		    (unsigned long long)esp_failures(e));
		break;
	}
	}
}

static int
sas_open(struct tui *t, struct view *v, int pane)
{
	uint64_t     row;
	struct view *n;

	(void)pane;
	if (v->nrows == 0)
		return RD_NONE;
	row = v->rows[v->p[0].cur];
	if (ROW_KIND(row) == ROW_IKE) {
		if ((n = view_push(t, V_LADDER)) == NULL)
			return RD_NONE;
		n->sa = ROW_INDEX(row);
	} else if (ROW_KIND(row) == ROW_ESP) {
		if ((n = view_push(t, V_ESP)) == NULL)
			return RD_NONE;
		n->esp = ROW_INDEX(row);
	} else
		return RD_NONE;
	view_refresh(t, n);
	return RD_ALL;
}

static void
sas_detail_build(struct tui *t, struct view *v, int i, int width)
{
	struct ttext *tt = &v->p[i].text;
	uint64_t      row;

	ttext_clear(tt);
	tt->width = width;
	if (v->nrows == 0) {
		captures_detail(t, tt);
		return;
	}
	row = v->rows[v->p[0].cur < v->nrows ? v->p[0].cur : 0];
	if (ROW_KIND(row) == ROW_IKE)
		sa_detail(t, t->a->sas[ROW_INDEX(row)], tt);
	else if (ROW_KIND(row) == ROW_ESP)
		esp_detail(t, t->a->esp_sas[ROW_INDEX(row)], tt);
	else
		captures_detail(t, tt);
}

static void
detail_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	(void)t;
	(void)v;
	(void)i;
	tl_puts(l, ST_HEAD, "Details and diagnosis");
}

static const struct pane_ops sas_ops = {
	.selectable = 1,
	.nrows = sas_nrows,
	.row = sas_row,
	.header = sas_header,
	.open = sas_open,
};

static const struct pane_ops sas_detail_ops = {
	.selectable = 0,
	.build = sas_detail_build,
	.nrows = text_nrows,
	.row = text_row,
	.header = detail_header,
};

/* --- the ladder --------------------------------------------------------- */

static int
lmsg_cmp(const void *x, const void *y)
{
	const struct lmsg *a = x, *b = y;

	return a->m->meta.frame < b->m->meta.frame ? -1 :
	    a->m->meta.frame > b->m->meta.frame	   ? 1 :
						     0;
}

static const struct isc_ike_sa *
view_sa(struct tui *t, const struct view *v)
{
	return v->sa < t->a->nsas ? t->a->sas[v->sa] : NULL;
}

static void
ladder_rows(struct tui *t, struct view *v)
{
	const struct isc_ike_sa *sa = view_sa(t, v);
	size_t			 i, j, cap = 0;

	if (v->msgs == NULL && sa != NULL) {
		for (i = 0; i < sa->nex; i++)
			v->nmsgs += sa->ex[i]->nmsgs;
		v->msgs = xcalloc(v->nmsgs ? v->nmsgs : 1, sizeof(*v->msgs));
		v->nmsgs = 0;
		for (i = 0; i < sa->nex; i++)
			for (j = 0; j < sa->ex[i]->nmsgs; j++) {
				v->msgs[v->nmsgs].m = sa->ex[i]->msgs[j];
				v->msgs[v->nmsgs].ex = sa->ex[i];
				v->nmsgs++;
			}
		qsort(v->msgs, v->nmsgs, sizeof(*v->msgs), lmsg_cmp);
	}
	v->nrows = 0;
	for (i = 0; i < v->nmsgs; i++)
		if (!t->f_failed || msg_failed(&v->msgs[i]))
			add_row(v, i, &cap);
}

static void
ladder_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	const struct isc_ike_sa *sa = view_sa(t, v);
	char			 ib[ADDR_LEN], rb[ADDR_LEN];
	int			 w;

	(void)i;
	if (sa == NULL)
		return;
	isc_addr_str(&sa->initiator.ip, ib, sizeof(ib));
	isc_addr_str(&sa->responder.ip, rb, sizeof(rb));
	tl_printf(l, ST_HEAD, " frame      time    I %s", ib);
	w = l->width - 12 - (int)strlen(rb);
	tl_pad(l, w > l->n + 1 ? w : l->n + 1);
	tl_printf(l, ST_HEAD, "%s R", rb);
}

static enum tstyle
lmsg_style(const struct lmsg *lm)
{
	const struct isc_msg *m = lm->m;

	if (msg_failed(lm))
		return ST_ERR;
	if (m->retrans_of != 0)
		return ST_WARN;
	if (m->dec == ISC_DEC_OK)
		return ST_OK;
	return ST_NORMAL;
}

static void
ladder_row(struct tui *t, struct view *v, int pane, size_t r, struct tline *l)
{
	const struct isc_ike_sa *sa = view_sa(t, v);
	const struct lmsg	*lm = &v->msgs[v->rows[r]];
	const struct isc_msg	*m = lm->m;
	enum tstyle		 st = lmsg_style(lm);
	char			 label[2200], pl[2048], xb[32], re[48];
	const char		*xn;
	size_t			 len, k;
	int			 avail, fill;

	(void)pane;
	tl_printf(l, ST_NORMAL, "%5llu %9.3f ",
	    (unsigned long long)m->meta.frame,
	    sa != NULL ? isc_time_diff(m->meta.ts, sa->first_ts) : 0.0);
	/* Two marks: d decrypted, e encrypted (no keys), X failed (decryption
	   or the AUTH/HASH it carries); r a retransmission. */
	tl_putc(l, st,
	    m->dec == ISC_DEC_OK && m->check != ISC_CHECK_FAILED ? 'd' :
		m->dec == ISC_DEC_NO_KEYS			 ? 'e' :
		m->dec != ISC_DEC_NOT_ENCRYPTED ||
		    m->check == ISC_CHECK_FAILED ?
					    'X' :
					    ' ');
	tl_putc(l, st, m->retrans_of != 0 ? 'r' : ' ');
	tl_putc(l, ST_NORMAL, ' ');
	re[0] = '\0';
	if (m->retrans_of != 0)
		snprintf(re, sizeof(re), " [retrans of %llu]",
		    (unsigned long long)m->retrans_of);
	msg_payloads_str(m, pl, sizeof(pl));
	xn = xname(lm->ex->type, xb, sizeof(xb));
	if (m->hdr.major == 1)
		snprintf(label, sizeof(label), "%s 0x%x%s %s", xn,
		    (unsigned)m->hdr.msgid, re, pl);
	else
		snprintf(label, sizeof(label), "%s #%u%s %s", xn,
		    (unsigned)m->hdr.msgid, re, pl);
	avail = l->width - l->n - 1;
	if (avail < 8) {
		tl_puts(l, st, label);
		return;
	}
	/* "|- label ---->|" from the initiator, "|<---- label -|" back. */
	len = strlen(label);
	if (len > (size_t)avail - 6)
		len = (size_t)avail - 6;
	label[len] = '\0';
	fill = avail - 6 - (int)len;
	if (m->from == ISC_ROLE_RESPONDER) {
		tl_puts(l, st, "|<");
		for (k = 0; k < (size_t)fill + 1; k++)
			tl_putc(l, st, '-');
		tl_putc(l, st, ' ');
		tl_puts(l, st, label);
		tl_puts(l, st, " -|");
	} else {
		tl_puts(l, st, m->from == ISC_ROLE_INITIATOR ? "|- " : "|? ");
		tl_puts(l, st, label);
		tl_putc(l, st, ' ');
		for (k = 0; k < (size_t)fill; k++)
			tl_putc(l, st, '-');
		tl_puts(l, st, m->from == ISC_ROLE_INITIATOR ? ">|" : "?|");
	}
}

static int
ladder_open(struct tui *t, struct view *v, int pane)
{
	struct view *n;
	size_t	     cur = v->p[0].cur;

	(void)pane;
	if (cur >= v->nrows || (n = view_push(t, V_MSG)) == NULL)
		return RD_NONE;
	n->sa = v->sa;
	n->m = v->msgs[v->rows[cur]].m;
	view_refresh(t, n);
	return RD_ALL;
}

static void
msg_detail(const struct lmsg *lm, int loading, struct ttext *tt)
{
	const struct isc_msg *m = lm->m;
	char		      s[96], d[96], xb[32], pl[2048];

	ttext_addf(tt, ST_NORMAL, 4, "Frame %llu  %s -> %s  %s  %zu bytes  %s",
	    (unsigned long long)m->meta.frame,
	    endpoint_str(&m->meta.src, s, sizeof(s)),
	    endpoint_str(&m->meta.dst, d, sizeof(d)),
	    isc_transport_name(m->meta.transport), m->wire_len,
	    m->is_response ? "response" : "request");
	/* An exchange's status is known once the captures are read. */
	ttext_addf(tt, lm->ex->status == ISC_EX_FAILED ? ST_ERR : ST_NORMAL, 4,
	    "Exchange %s, message ID 0x%08x%s%s",
	    xname(lm->ex->type, xb, sizeof(xb)), lm->ex->msgid,
	    loading ? "" : ", ",
	    loading ? "" : diagnose_ex_status_name(lm->ex->status));
	ttext_addf(tt, lmsg_style(lm), 4, "Payloads %s",
	    msg_payloads_str(m, pl, sizeof(pl)));
	if (m->retrans_of != 0)
		ttext_addf(tt, ST_WARN, 4, "Retransmission of frame %llu",
		    (unsigned long long)m->retrans_of);
	add_diags(tt, &m->diags, NULL, "  ");
}

static void
ladder_detail_build(struct tui *t, struct view *v, int i, int width)
{
	struct ttext		*tt = &v->p[i].text;
	const struct isc_ike_sa *sa = view_sa(t, v);

	ttext_clear(tt);
	tt->width = width;
	if (v->p[0].cur < v->nrows) {
		msg_detail(&v->msgs[v->rows[v->p[0].cur]], t->loading, tt);
		ttext_add(tt, ST_NORMAL, 0, "");
	}
	if (sa != NULL)
		sa_detail(t, sa, tt);
}

static const struct pane_ops ladder_ops = {
	.selectable = 1,
	.nrows = sas_nrows,
	.row = ladder_row,
	.header = ladder_header,
	.open = ladder_open,
};

static const struct pane_ops ladder_detail_ops = {
	.selectable = 0,
	.build = ladder_detail_build,
	.nrows = text_nrows,
	.row = text_row,
	.header = detail_header,
};

/* --- one message: the field tree ---------------------------------------- */

static const struct ftree *
row_tree(const struct view *v, const struct trow *r)
{
	return r->tree == 1 ? &v->m->plain->fields : &v->m->fields;
}

/* The clear payload node that carries the encrypted body (SK, SKF). */
static int
is_sk(const struct isc_msg *m, int32_t node)
{
	const struct field *f = ft_get(&m->fields, node);
	uint64_t	    ty;

	if (f == NULL || f->parent != FT_NONE || m->hdr.major != 2)
		return 0;
	ty = ft_child_u(&m->fields, node, "type");
	return ty == 46 || ty == 53;
}

static int
has_sk(const struct isc_msg *m)
{
	size_t i;

	for (i = 0; i < m->fields.n; i++)
		if (is_sk(m, (int32_t)i))
			return 1;
	return 0;
}

static void
trow_add(struct view *v, size_t *cap, int tree, int depth, int kind,
    int32_t node)
{
	if (v->ntrows == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		v->trows = xreallocarray(v->trows, *cap, sizeof(*v->trows));
	}
	v->trows[v->ntrows].tree = (int8_t)tree;
	v->trows[v->ntrows].depth = (uint8_t)(depth > 255 ? 255 : depth);
	v->trows[v->ntrows].kind = (uint8_t)kind;
	v->trows[v->ntrows].node = node;
	v->ntrows++;
}

static void tree_add_plain(struct view *, size_t *, int depth);

static void
tree_add(struct view *v, size_t *cap, int tree, int32_t node, int depth)
{
	const struct ftree *t = tree ? &v->m->plain->fields : &v->m->fields;
	int32_t		    c;

	trow_add(v, cap, tree, depth, TR_FIELD, node);
	if (!v->all_open && !v->open[tree][node])
		return;
	for (c = t->v[node].child; c != FT_NONE; c = t->v[c].next)
		tree_add(v, cap, tree, c, depth + 1);
	if (tree == 0 && v->m->plain != NULL && is_sk(v->m, node))
		tree_add_plain(v, cap, depth + 1);
}

static void
tree_add_plain(struct view *v, size_t *cap, int depth)
{
	const struct ftree *t = &v->m->plain->fields;
	size_t		    i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].parent == FT_NONE)
			tree_add(v, cap, 1, (int32_t)i, depth);
}

static void
msg_rows(struct tui *t, struct view *v)
{
	const struct isc_msg *m = v->m;
	size_t		      i, cap = 0;

	(void)t;
	v->ntrows = 0;
	trow_add(v, &cap, -1, 0, TR_HEADER, FT_NONE);
	for (i = 0; i < m->fields.n; i++)
		if (m->fields.v[i].parent == FT_NONE)
			tree_add(v, &cap, 0, (int32_t)i, 0);
	if (m->encrypted && !has_sk(m)) {
		trow_add(v, &cap, -1, 0, TR_ENC, FT_NONE);
		if ((v->all_open || v->open_enc) && m->plain != NULL)
			tree_add_plain(v, &cap, 1);
	}
}

static size_t
tree_nrows(struct tui *t, struct view *v, int i)
{
	(void)t;
	(void)i;
	return v->ntrows;
}

static int
trow_has_children(const struct view *v, const struct trow *r)
{
	const struct field *f;

	if (r->kind == TR_ENC)
		return v->m->plain != NULL;
	if (r->kind != TR_FIELD)
		return 0;
	f = ft_get(row_tree(v, r), r->node);
	if (f == NULL)
		return 0;
	return f->child != FT_NONE ||
	    (r->tree == 0 && v->m->plain != NULL && is_sk(v->m, r->node));
}

static int
trow_is_open(const struct view *v, const struct trow *r)
{
	if (r->kind == TR_ENC)
		return v->open_enc;
	if (r->kind != TR_FIELD)
		return 0;
	return v->open[r->tree][r->node];
}

/* The bytes a row's span is in, and the span. */
static void
trow_span(const struct view *v, const struct trow *r, const uint8_t **data,
    size_t *len, size_t *off, size_t *n, const char **what)
{
	const struct isc_msg *m = v->m;
	const struct field   *f;

	*data = m->data;
	*len = m->len;
	*what = "message";
	*off = 0;
	*n = 0;
	switch (r->kind) {
	case TR_HEADER:
		*n = m->len < 28 ? m->len : 28;
		break;
	case TR_ENC:
		*off = m->enc_off;
		*n = m->enc_len;
		break;
	default:
		if (r->tree == 1) {
			*data = m->plain->data;
			*len = m->plain->len;
			*what = "decrypted body";
		}
		if ((f = ft_get(row_tree(v, r), r->node)) != NULL) {
			*off = f->off;
			*n = f->len;
		}
	}
	if (*off > *len)
		*off = *len;
	if (*n > *len - *off)
		*n = *len - *off;
}

static void
tree_row(struct tui *t, struct view *v, int pane, size_t i, struct tline *l)
{
	const struct trow    *r = &v->trows[i];
	const struct isc_msg *m = v->m;
	const struct field   *f;
	char		      buf[512], nb[32], xb[32];
	const uint8_t	     *d;
	size_t		      len, off, n;
	const char	     *what;
	int		      k;

	(void)pane;
	for (k = 0; k < r->depth && k < 32; k++)
		tl_puts(l, ST_NORMAL, "  ");
	tl_puts(l, ST_NORMAL,
	    !trow_has_children(v, r) ? "  " :
		trow_is_open(v, r)   ? "- " :
				       "+ ");
	switch (r->kind) {
	case TR_HEADER:
		tl_printf(l, ST_NORMAL,
		    "header: version %u.%u, %s, flags 0x%02x, message ID 0x%08x, length %u",
		    m->hdr.major, m->hdr.minor,
		    xname(m->hdr.exch_type, xb, sizeof(xb)), m->hdr.flags,
		    (unsigned)m->hdr.msgid, (unsigned)m->hdr.length);
		break;
	case TR_ENC:
		tl_puts(l, m->dec == ISC_DEC_OK ? ST_OK : ST_ERR,
		    "encrypted body (");
		tl_puts(l, m->dec == ISC_DEC_OK ? ST_OK : ST_ERR,
		    msg_dec_words(m) != NULL ? msg_dec_words(m) : "?");
		tl_puts(l, m->dec == ISC_DEC_OK ? ST_OK : ST_ERR, ")");
		break;
	default:
		f = ft_get(row_tree(v, r), r->node);
		if (f == NULL)
			return;
		field_value_str(f, t->o->show_keys, 32, buf, sizeof(buf));
		if (f->type == FT_NODE && f->parent == FT_NONE) {
			const struct field *ty = ft_get(row_tree(v, r),
			    ft_find(row_tree(v, r), r->node, "type"));

			tl_printf(l, r->tree ? ST_OK : ST_NORMAL, "%s payload",
			    ty != NULL && ty->name != NULL ? ty->name :
				ty != NULL ? reg_name_buf(REG_PAYLOAD,
						 (uint32_t)ty->u, nb,
						 sizeof(nb)) :
					     "?");
			if (buf[0] != '\0')
				tl_printf(l, ST_NORMAL, " (%s)", buf);
			if (r->tree == 0 && is_sk(m, r->node) &&
			    msg_dec_words(m) != NULL)
				tl_printf(l,
				    m->dec == ISC_DEC_OK ? ST_OK : ST_ERR,
				    " (%s)", msg_dec_words(m));
		} else if (f->type == FT_NODE) {
			tl_puts(l, ST_NORMAL, f->key);
			if (buf[0] != '\0')
				tl_printf(l, ST_NORMAL, " (%s)", buf);
		} else
			tl_printf(l, ST_NORMAL, "%s: %s", f->key, buf);
	}
	trow_span(v, r, &d, &len, &off, &n, &what);
	(void)d;
	tl_printf(l, ST_DIM, "  [%s%zu+%zu]", r->tree == 1 ? "d:" : "", off, n);
}

static void
tree_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	(void)t;
	(void)i;
	tl_printf(l, ST_HEAD,
	    "Frame %llu: fields ([offset+length], d: in the decrypted body)",
	    (unsigned long long)v->m->meta.frame);
}

static size_t
tree_find_row(const struct view *v, int tree, int kind, int32_t node)
{
	size_t i;

	for (i = 0; i < v->ntrows; i++)
		if (v->trows[i].tree == tree && v->trows[i].kind == kind &&
		    v->trows[i].node == node)
			return i;
	return 0;
}

static int
tree_expand(struct tui *t, struct view *v, int pane, int expand)
{
	struct trow	    r;
	const struct field *f;

	(void)pane;
	if (v->p[0].cur >= v->ntrows)
		return RD_NONE;
	r = v->trows[v->p[0].cur];
	if (expand < 0)
		expand = !trow_is_open(v, &r);
	if (trow_has_children(v, &r) && trow_is_open(v, &r) != expand) {
		if (r.kind == TR_ENC)
			v->open_enc = (uint8_t)expand;
		else
			v->open[r.tree][r.node] = (uint8_t)expand;
		msg_rows(t, v);
		return RD_PANES;
	}
	if (!expand && r.kind == TR_FIELD) {
		/* Already closed: to the parent (or the SK / body row). */
		f = ft_get(row_tree(v, &r), r.node);
		if (f != NULL && f->parent != FT_NONE)
			v->p[0].cur =
			    tree_find_row(v, r.tree, TR_FIELD, f->parent);
		else if (f != NULL && r.tree == 1) {
			size_t i;

			for (i = v->p[0].cur; i-- > 0;)
				if (v->trows[i].depth < r.depth)
					break;
			v->p[0].cur = i < v->ntrows ? i : 0;
		}
		return RD_PANES;
	}
	return RD_NONE;
}

static int
tree_open(struct tui *t, struct view *v, int pane)
{
	return tree_expand(t, v, pane, -1);
}

/*
 * Search every field, open or not: the match's ancestors are opened so
 * its row shows.  Returns 1 when found (the cursor is on it).
 */
static int
tree_find(struct tui *t, struct view *v, int pane, const char *needle, int dir)
{
	struct trow *shown = v->trows, *all, want, cur;
	size_t	     nshown = v->ntrows, nall, k, i, at = 0;
	struct tline l;
	char	     text[TUI_MAXW + 1];
	int	     found = 0;

	(void)pane;
	if (v->p[0].cur >= nshown)
		return 0;
	cur = shown[v->p[0].cur];
	v->trows = NULL;
	v->ntrows = 0;
	v->all_open = 1;
	msg_rows(t, v);
	v->all_open = 0;
	all = v->trows;
	nall = v->ntrows;
	for (i = 0; i < nall; i++)
		if (all[i].tree == cur.tree && all[i].kind == cur.kind &&
		    all[i].node == cur.node)
			at = i;
	for (k = 1; k <= nall && !found; k++) {
		i = dir > 0 ? (at + k) % nall : (at + nall - k % nall) % nall;
		tl_init(&l, TUI_MAXW);
		tree_row(t, v, 0, i, &l);
		tl_text(&l, text, sizeof(text));
		if (tui_contains(text, needle)) {
			want = all[i];
			found = 1;
		}
	}
	free(all);
	v->trows = shown;
	v->ntrows = nshown;
	if (!found)
		return 0;
	/* Open the way to it: its ancestors, and the body it is in. */
	if (want.kind == TR_FIELD) {
		const struct ftree *ft = row_tree(v, &want);
		int32_t		    p = ft->v[want.node].parent;

		for (; p != FT_NONE; p = ft->v[p].parent)
			v->open[want.tree][p] = 1;
		if (want.tree == 1) {
			v->open_enc = 1;
			for (i = 0; i < v->m->fields.n; i++)
				if (is_sk(v->m, (int32_t)i))
					v->open[0][i] = 1;
		}
	}
	msg_rows(t, v);
	v->p[0].cur = tree_find_row(v, want.tree, want.kind, want.node);
	return 1;
}

/* --- one message: the bytes --------------------------------------------- */

static const struct trow *
hex_row_sel(const struct view *v)
{
	return v->p[0].cur < v->ntrows ? &v->trows[v->p[0].cur] : NULL;
}

static void
hex_build(struct tui *t, struct view *v, int i, int width)
{
	const struct trow *r = hex_row_sel(v);
	const uint8_t	  *d;
	size_t		   len, off, n, h;
	const char	  *what;

	(void)t;
	(void)width;
	if (r == NULL || v->hex_for == v->p[0].cur + 1)
		return;
	/* The selection moved: bring its span into view. */
	v->hex_for = v->p[0].cur + 1;
	trow_span(v, r, &d, &len, &off, &n, &what);
	h = v->p[i].h > 1 ? (size_t)v->p[i].h - 1 : 1;
	if (off / 16 < v->p[i].top || off / 16 >= v->p[i].top + h)
		v->p[i].top = off / 16;
}

static size_t
hex_nrows(struct tui *t, struct view *v, int i)
{
	const struct trow *r = hex_row_sel(v);
	const uint8_t	  *d;
	size_t		   len, off, n;
	const char	  *what;

	(void)t;
	(void)i;
	if (r == NULL)
		return 0;
	trow_span(v, r, &d, &len, &off, &n, &what);
	return (len + 15) / 16;
}

static void
hex_row(struct tui *t, struct view *v, int pane, size_t row, struct tline *l)
{
	const struct trow *r = hex_row_sel(v);
	const uint8_t	  *d;
	size_t		   len, off, n, j, b;
	const char	  *what;
	static const char  hx[] = "0123456789abcdef";

	(void)t;
	(void)pane;
	if (r == NULL)
		return;
	trow_span(v, r, &d, &len, &off, &n, &what);
	tl_printf(l, ST_DIM, "%04zx", row * 16);
	/* Separator j is before byte j: '[' opens the span, ']' closes it. */
	for (j = 0; j <= 16; j++) {
		b = row * 16 + j;
		if (j == 8)
			tl_putc(l, ST_NORMAL, ' ');
		if (n > 0 && b == off && b < len)
			tl_putc(l, ST_MARK, '[');
		else if (n > 0 && b == off + n && j > 0)
			tl_putc(l, ST_MARK, ']');
		else
			tl_putc(l, ST_NORMAL, ' ');
		if (j == 16)
			break;
		if (b < len) {
			enum tstyle st =
			    b >= off && b < off + n ? ST_MARK : ST_NORMAL;

			tl_putc(l, st, hx[d[b] >> 4]);
			tl_putc(l, st, hx[d[b] & 15]);
		} else
			tl_puts(l, ST_NORMAL, "  ");
	}
	tl_puts(l, ST_NORMAL, " ");
	for (j = 0; j < 16 && row * 16 + j < len; j++) {
		b = row * 16 + j;
		tl_putc(l, b >= off && b < off + n ? ST_MARK : ST_NORMAL,
		    d[b] >= 0x20 && d[b] < 0x7f ? (char)d[b] : '.');
	}
}

static void
hex_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	const struct trow *r = hex_row_sel(v);
	const uint8_t	  *d;
	size_t		   len, off, n;
	const char	  *what;

	(void)t;
	(void)i;
	if (r == NULL)
		return;
	trow_span(v, r, &d, &len, &off, &n, &what);
	tl_printf(l, ST_HEAD, "Bytes of the %s (%zu): selected %zu+%zu", what,
	    len, off, n);
}

static const struct pane_ops tree_ops = {
	.selectable = 1,
	.nrows = tree_nrows,
	.row = tree_row,
	.header = tree_header,
	.open = tree_open,
	.expand = tree_expand,
	.find = tree_find,
};

static const struct pane_ops hex_ops = {
	.selectable = 0,
	.build = hex_build,
	.nrows = hex_nrows,
	.row = hex_row,
	.header = hex_header,
};

/* --- ESP packets -------------------------------------------------------- */

static const struct isc_esp_sa *
view_esp(struct tui *t, const struct view *v)
{
	return v->esp < t->a->nesp ? t->a->esp_sas[v->esp] : NULL;
}

static void
esp_rows(struct tui *t, struct view *v)
{
	const struct isc_esp_sa *e = view_esp(t, v);
	size_t			 i, cap = 0;

	/* Unfiltered, row r is packet r: no list of millions of rows. */
	if (!t->f_failed) {
		free(v->rows);
		v->rows = NULL;
		v->nrows = e != NULL ? e->npkts : 0;
		return;
	}
	v->nrows = 0;
	for (i = 0; e != NULL && i < e->npkts; i++) {
		enum isc_esp_result r = e->recs[i].result;

		if (t->f_failed && r != ISC_ESP_INTEGRITY_FAILED &&
		    r != ISC_ESP_BAD_PADDING && r != ISC_ESP_MALFORMED)
			continue;
		add_row(v, i, &cap);
	}
}

static void
esp_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	const struct isc_esp_sa *e = view_esp(t, v);

	(void)i;
	if (e != NULL && e->npkts == 0)
		tl_puts(l, ST_HEAD, "Packets: no per-packet records");
	else
		tl_puts(l, ST_HEAD,
		    "  frame        seq result             contents");
}

static void
esp_row(struct tui *t, struct view *v, int pane, size_t r, struct tline *l)
{
	const struct isc_esp_sa	 *e = view_esp(t, v);
	struct isc_esp_pkt	  pk;
	const struct isc_esp_pkt *p = &pk;
	char			  buf[256];

	(void)pane;
	if (e == NULL)
		return;
	isc_esp_sa_pkt(e, v->rows != NULL ? v->rows[r] : r, &pk);
	tl_printf(l, ST_NORMAL, "%6llu %10llu ", (unsigned long long)p->frame,
	    (unsigned long long)p->seq);
	tl_printf(l,
	    p->result == ISC_ESP_OK ? ST_OK :
		p->result == ISC_ESP_UNVERIFIED ||
		    p->result == ISC_ESP_NO_KEYS ?
				      ST_NORMAL :
				      ST_ERR,
	    "%-18s", name_esp_result(p->result));
	if (p->replay)
		tl_puts(l, ST_WARN, " replay");
	if (p->result == ISC_ESP_OK || p->result == ISC_ESP_UNVERIFIED) {
		tl_putc(l, ST_NORMAL, ' ');
		tl_puts(l, ST_NORMAL, inner_str(&p->inner, buf, sizeof(buf)));
	}
}

static void
esp_detail_build(struct tui *t, struct view *v, int i, int width)
{
	struct ttext		*tt = &v->p[i].text;
	const struct isc_esp_sa *e = view_esp(t, v);

	ttext_clear(tt);
	tt->width = width;
	if (e != NULL)
		esp_detail(t, e, tt);
}

static const struct pane_ops esp_ops = {
	.selectable = 1,
	.nrows = sas_nrows,
	.row = esp_row,
	.header = esp_header,
};

static const struct pane_ops esp_detail_ops = {
	.selectable = 0,
	.build = esp_detail_build,
	.nrows = text_nrows,
	.row = text_row,
	.header = detail_header,
};

/* --- help --------------------------------------------------------------- */

static void
help_build(struct tui *t, struct view *v, int i, int width)
{
	struct ttext *tt = &v->p[i].text;

	(void)t;
	ttext_clear(tt);
	tt->width = width;
	tui_help_text(tt);
}

static void
help_header(struct tui *t, struct view *v, int i, struct tline *l)
{
	(void)t;
	(void)v;
	(void)i;
	tl_puts(l, ST_HEAD, "Help (Esc or Backspace: back)");
}

static const struct pane_ops help_ops = {
	.selectable = 0,
	.build = help_build,
	.nrows = text_nrows,
	.row = text_row,
	.header = help_header,
};

/* --- the stack ---------------------------------------------------------- */

struct view *
view_push(struct tui *t, enum view_kind kind)
{
	struct view *v;

	if (t->nviews >= TUI_MAX_VIEWS)
		return NULL;
	v = &t->views[t->nviews++];
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->np = 2;
	switch (kind) {
	case V_SAS:
		v->p[0].ops = &sas_ops;
		v->p[1].ops = &sas_detail_ops;
		break;
	case V_LADDER:
		v->p[0].ops = &ladder_ops;
		v->p[1].ops = &ladder_detail_ops;
		break;
	case V_MSG:
		v->p[0].ops = &tree_ops;
		v->p[1].ops = &hex_ops;
		break;
	case V_ESP:
		v->p[0].ops = &esp_ops;
		v->p[1].ops = &esp_detail_ops;
		break;
	case V_HELP:
		v->p[0].ops = &help_ops;
		v->np = 1;
		break;
	}
	return v;
}

void
view_free(struct view *v)
{
	ttext_free(&v->p[0].text);
	ttext_free(&v->p[1].text);
	free(v->rows);
	free(v->msgs);
	free(v->trows);
	free(v->open[0]);
	free(v->open[1]);
	memset(v, 0, sizeof(*v));
}

void
view_refresh(struct tui *t, struct view *v)
{
	size_t i;

	switch (v->kind) {
	case V_SAS:
		sas_rows(t, v);
		snprintf(v->title, sizeof(v->title), "%s",
		    t->o->title != NULL ? t->o->title : "");
		break;
	case V_LADDER:
		ladder_rows(t, v);
		snprintf(v->title, sizeof(v->title), "IKE SA #%zu",
		    view_sa(t, v) != NULL ? view_sa(t, v)->index + 1 : 0);
		break;
	case V_MSG:
		if (v->open[0] == NULL) {
			v->nopen[0] = v->m->fields.n + 1;
			v->nopen[1] =
			    v->m->plain ? v->m->plain->fields.n + 1 : 1;
			v->open[0] = xcalloc(v->nopen[0], 1);
			v->open[1] = xcalloc(v->nopen[1], 1);
			/* The encrypted body starts open: its decrypted
			   payloads show at once. */
			v->open_enc = 1;
			for (i = 0; i < v->m->fields.n; i++)
				if (is_sk(v->m, (int32_t)i))
					v->open[0][i] = 1;
		}
		msg_rows(t, v);
		snprintf(v->title, sizeof(v->title), "frame %llu",
		    (unsigned long long)v->m->meta.frame);
		break;
	case V_ESP:
		esp_rows(t, v);
		if (view_esp(t, v) != NULL)
			snprintf(v->title, sizeof(v->title), "SPI 0x%08x",
			    view_esp(t, v)->spi);
		break;
	case V_HELP:
		break;
	}
}

void
view_open_sas(struct tui *t)
{
	struct view *v = view_push(t, V_SAS);

	if (v != NULL)
		view_refresh(t, v);
}

/*
 * The message of the new analysis that stands where m stood in the old
 * one: the same SA index, the same frame, the same place among the
 * messages of that frame (a TCP segment may carry several).
 */
static const struct isc_msg *
msg_again(const struct isc_ike_sa *old, const struct isc_ike_sa *sa,
    const struct isc_msg *m)
{
	size_t i, j, nth = 0;

	for (i = 0; i < old->nex; i++)
		for (j = 0; j < old->ex[i]->nmsgs; j++) {
			if (old->ex[i]->msgs[j] == m)
				goto found;
			if (old->ex[i]->msgs[j]->meta.frame == m->meta.frame)
				nth++;
		}
	return NULL;
found:
	for (i = 0; i < sa->nex; i++)
		for (j = 0; j < sa->ex[i]->nmsgs; j++)
			if (sa->ex[i]->msgs[j]->meta.frame == m->meta.frame &&
			    nth-- == 0)
				return sa->ex[i]->msgs[j];
	return NULL;
}

void
view_grow(struct tui *t, struct view *v)
{
	size_t n0, n1;

	switch (v->kind) {
	case V_LADDER:
		free(v->msgs);
		v->msgs = NULL;
		v->nmsgs = 0;
		break;
	case V_MSG:
		/* A body decrypted since: the tree of it starts open. */
		n0 = v->m->fields.n + 1;
		n1 = v->m->plain ? v->m->plain->fields.n + 1 : 1;
		if (v->open[0] != NULL &&
		    (n0 != v->nopen[0] || n1 != v->nopen[1])) {
			free(v->open[0]);
			free(v->open[1]);
			v->open[0] = v->open[1] = NULL;
		}
		break;
	default:
		break;
	}
	view_refresh(t, v);
}

int
view_rebind(struct tui *t, struct view *v, const struct isc_analysis *old)
{
	const struct isc_msg *m;

	switch (v->kind) {
	case V_LADDER:
		free(v->msgs);
		v->msgs = NULL;
		v->nmsgs = 0;
		if (v->sa >= t->a->nsas)
			return -1;
		break;
	case V_MSG:
		if (v->sa >= t->a->nsas || v->sa >= old->nsas ||
		    (m = msg_again(old->sas[v->sa], t->a->sas[v->sa], v->m)) ==
			NULL)
			return -1;
		/* The tree may have grown (a body decrypted now): it opens
		   as it does at first, the cursor stays on its row. */
		v->m = m;
		free(v->open[0]);
		free(v->open[1]);
		v->open[0] = v->open[1] = NULL;
		v->all_open = 0;
		v->hex_for = 0;
		break;
	case V_ESP:
		if (v->esp >= t->a->nesp)
			return -1;
		break;
	default:
		break;
	}
	view_refresh(t, v);
	return 0;
}
