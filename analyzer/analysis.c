/*
 * analysis.c - lifetime of an analysis, and small model helpers.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "crypt.h"
#include "crypto.h"
#include "diagnose.h"
#include "esp.h"
#include "esp_par.h"
#include "htab.h"
#include "net.h"
#include "util.h"

static void sa_free(struct isc_ike_sa *);
static void sweep_idle(struct isc_analysis *, struct isc_time);

struct isc_analysis *
isc_analysis_new(const struct isc_options *opts)
{
	struct isc_analysis *a = xcalloc(1, sizeof(*a));

	(void)crypto_init();

	if (opts != NULL)
		a->opts = *opts;
	a->net = net_new();
	a->sa_by_spi = htab_new();
	a->esp_by_spi = htab_new();
	a->sa_by_peers = htab_new();
	a->sa_by_child_spi = htab_new();
	return a;
}

void
isc_analysis_begin_capture(struct isc_analysis *a, const char *name,
    int linktype)
{
	struct isc_capture *c = xcalloc(1, sizeof(*c));

	c->file = xstrdup(name);
	c->linktype = linktype;
	c->linktype_name = net_linktype_name(linktype);
	ARRAY_GROW(a->captures, a->ncaptures, a->capcap);
	a->captures[a->ncaptures++] = c;
	a->cur = c;
	if (c->linktype_name == NULL)
		diag_add(&c->diags, ISC_SEV_ERROR, "link-type-unsupported", 0,
		    "link type %d is not one ikescope decodes (Ethernet, "
		    "Linux cooked, raw IP, loopback, PPP); its frames are "
		    "counted but not read",
		    linktype);
}

void
isc_analysis_frame(struct isc_analysis *a, const uint8_t *data, size_t caplen,
    size_t wirelen, struct isc_time ts)
{
	struct isc_capture *c = a->cur;

	if (c == NULL)
		return;
	a->frames++;
	c->frames++;
	if (a->frames == 1)
		a->first_ts = ts;
	a->last_ts = ts;
	a->repl = NULL;
	a->repl_len = 0;
	if (c->linktype_name != NULL)
		net_frame(a, c->linktype, data, caplen, wirelen, a->frames, ts);
	if (a->opts.idle_timeout > 0 && isc_time_diff(ts, a->next_sweep) >= 0)
		sweep_idle(a, ts);
	if (a->events.frame != NULL) {
		struct isc_frame_out f;

		f.frame = a->frames;
		f.ts = ts;
		f.linktype = c->linktype;
		f.data = data;
		f.caplen = caplen;
		f.wirelen = wirelen < caplen ? caplen : wirelen;
		f.repl = a->repl;
		f.repl_len = a->repl_len;
		f.repl_spi = a->repl_spi;
		a->events.frame(a->events.ctx, &f);
	}
	a->repl = NULL;
}

struct isc_ike_sa *
isc_analysis_sa(const struct isc_analysis *a, size_t index)
{
	size_t lo = 0, hi = a->nsas;

	/* a->sas stays in index order: idle SAs leave, none moves. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->sas[mid]->index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nsas && a->sas[lo]->index == index ? a->sas[lo] : NULL;
}

static void
esp_done(struct isc_analysis *a, struct isc_esp_sa *e)
{
	esp_par_quiesce(a->par); /* the worker may hold its keys */
	if (a->events.esp_done != NULL)
		a->events.esp_done(a->events.ctx, e);
	session_forget_esp(a, e);
	esp_sa_free(e);
	free(e);
	a->esp_retired++;
}

/*
 * Finish the IKE SAs and ESP SAs idle for opts.idle_timeout seconds: an
 * IKE SA stays while an ESP SA it keys carries packets.  Runs about ten
 * times per timeout, each time one pass over the SAs.
 */
static void
sweep_idle(struct isc_analysis *a, struct isc_time now)
{
	double	     timeout = a->opts.idle_timeout;
	size_t	     i, k;
	int64_t	     step = (int64_t)(timeout / 10) + 1;
	struct htab *by_old = NULL;

	a->next_sweep = now;
	a->next_sweep.sec += step;
	for (i = 0; i < a->nsas; i++)
		a->sas[i]->busy =
		    isc_time_diff(now, a->sas[i]->last_ts) < timeout;
	for (i = 0; i < a->nesp; i++) {
		struct isc_esp_sa *e = a->esp_sas[i];

		if (e->ike_sa != NULL &&
		    isc_time_diff(now, e->last_ts) < timeout)
			((struct isc_ike_sa *)e->ike_sa)->busy = 1;
	}
	/* Diagnose and report them all before any is freed: a diagnosis
	   looks at the other SAs (a successor, the same responder). */
	for (i = 0; i < a->nsas; i++) {
		struct isc_ike_sa *sa = a->sas[i];

		if (sa->busy)
			continue;
		if (by_old == NULL)
			by_old = diagnose_index(a);
		crypt_finish_sa(a, sa);
		diagnose_sa_indexed(a, sa, now, by_old);
		if (a->events.sa_done != NULL)
			a->events.sa_done(a->events.ctx, sa);
	}
	/* Then the ESP SAs: idle ones, and those of idle IKE SAs. */
	for (i = k = 0; i < a->nesp; i++) {
		struct isc_esp_sa *e = a->esp_sas[i];

		if (isc_time_diff(now, e->last_ts) >= timeout &&
		    (e->ike_sa == NULL || !e->ike_sa->busy))
			esp_done(a, e);
		else
			a->esp_sas[k++] = e;
	}
	a->nesp = k;
	for (i = 0; i < a->nsas; i++)
		if (!a->sas[i]->busy)
			session_forget(a, a->sas[i], by_old);
	htab_free(by_old);
	for (i = k = 0; i < a->nsas; i++) {
		struct isc_ike_sa *sa = a->sas[i];

		if (sa->busy) {
			a->sas[k++] = sa;
			continue;
		}
		if (sa->half_open)
			a->nhalf_open--;
		sa_free(sa);
		a->sas_retired++;
	}
	a->nsas = k;
}

void
isc_analysis_finish(struct isc_analysis *a)
{
	net_finish(a);
	crypt_finish(a);
	diagnose_all(a);
}

static void
msg_free(struct isc_msg *m)
{
	if (m == NULL)
		return;
	free(m->data);
	free(m->payloads);
	free(m->payload_node);
	ft_free(&m->fields);
	if (m->plain != NULL) {
		crypto_wipe(m->plain->data, m->plain->len);
		free(m->plain->data);
		free(m->plain->payloads);
		free(m->plain->payload_node);
		ft_free(&m->plain->fields);
		free(m->plain);
	}
	diags_free(&m->diags);
	free(m);
}

static void
sa_free(struct isc_ike_sa *sa)
{
	size_t i, j;

	if (sa == NULL)
		return;
	for (i = 0; i < sa->nex; i++) {
		struct isc_exchange *ex = sa->ex[i];

		for (j = 0; j < ex->nmsgs; j++)
			msg_free(ex->msgs[j]);
		free(ex->msgs);
		free(ex);
	}
	free(sa->ex);
	for (i = 0; i < sa->nfrags; i++)
		for (j = 0; j < ISC_FRAG_MAX; j++)
			free(sa->frags[i].part[j]);
	free(sa->frags);
	crypt_sa_free(sa);
	diags_free(&sa->diags);
	free(sa);
}

void
isc_analysis_free(struct isc_analysis *a)
{
	size_t i;

	if (a == NULL)
		return;
	esp_par_free(a->par); /* its worker first */
	a->par = NULL;
	for (i = 0; i < a->ncaptures; i++) {
		free(a->captures[i]->file);
		diags_free(&a->captures[i]->diags);
		free(a->captures[i]);
	}
	free(a->captures);
	for (i = 0; i < a->nsas; i++)
		sa_free(a->sas[i]);
	free(a->sas);
	for (i = 0; i < a->nesp; i++) {
		esp_sa_free(a->esp_sas[i]);
		free(a->esp_sas[i]);
	}
	esp_state_free(a);
	free(a->esp_sas);
	diags_free(&a->diags);
	net_free(a->net);
	htab_free(a->sa_by_spi);
	htab_free(a->esp_by_spi);
	htab_free(a->sa_by_peers);
	htab_free(a->sa_by_child_spi);
	free(a->child_new);
	crypt_pending_free(a);
	free(a);
}

/*
 * At exit: wipe what must not outlive the run (keys, DH secrets,
 * decrypted bodies) and close the crypto handles that hold key schedules;
 * the memory itself goes back with the process.  Freeing a large
 * analysis piece by piece costs as much as a sixth of a run.
 */
void
isc_analysis_wipe(struct isc_analysis *a)
{
	size_t i, j, k;

	if (a == NULL)
		return;
	esp_par_free(a->par); /* its worker first */
	a->par = NULL;
	for (i = 0; i < a->nsas; i++) {
		struct isc_ike_sa *sa = a->sas[i];

		for (j = 0; j < sa->nex; j++)
			for (k = 0; k < sa->ex[j]->nmsgs; k++) {
				struct isc_plain *pl =
				    sa->ex[j]->msgs[k]->plain;

				if (pl != NULL)
					crypto_wipe(pl->data, pl->len);
			}
		crypt_sa_free(sa);
	}
	for (i = 0; i < a->nesp; i++)
		esp_sa_free(a->esp_sas[i]);
	esp_state_free(a);
	crypt_pending_free(a);
}

const char *
isc_addr_str(const struct isc_addr *ad, char *buf, size_t len)
{
	if (ad->family == 4) {
		if (inet_ntop(AF_INET, ad->a, buf, (socklen_t)len) != NULL)
			return buf;
	} else if (ad->family == 6) {
		if (inet_ntop(AF_INET6, ad->a, buf, (socklen_t)len) != NULL)
			return buf;
	}
	snprintf(buf, len, "?");
	return buf;
}

int
isc_addr_eq(const struct isc_addr *x, const struct isc_addr *y)
{
	size_t n;

	if (x->family != y->family)
		return 0;
	n = x->family == 4 ? 4 : 16;
	return memcmp(x->a, y->a, n) == 0;
}

int
isc_endpoint_eq(const struct isc_endpoint *x, const struct isc_endpoint *y)
{
	return x->port == y->port && isc_addr_eq(&x->ip, &y->ip);
}

const char *
isc_transport_name(enum isc_transport t)
{
	switch (t) {
	case ISC_TR_UDP:
		return "udp";
	case ISC_TR_UDP_NATT:
		return "udp-natt";
	case ISC_TR_TCP:
		return "tcp";
	}
	return "?";
}

const char *
isc_role_name(enum isc_role r)
{
	switch (r) {
	case ISC_ROLE_INITIATOR:
		return "initiator";
	case ISC_ROLE_RESPONDER:
		return "responder";
	case ISC_ROLE_UNKNOWN:
		break;
	}
	return "unknown";
}

double
isc_time_diff(struct isc_time a, struct isc_time b)
{
	/* In double: int64 subtraction overflows on hostile timestamps. */
	return ((double)a.sec - (double)b.sec) +
	    ((double)a.usec - (double)b.usec) / 1e6;
}
