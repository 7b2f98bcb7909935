/*
 * text.c - the default report: per capture, per IKE SA (peers, SPIs,
 * exchanges and their messages in order), then ESP SAs.  Streamed, the
 * SAs that go idle while the capture is read come first, as they go.
 *
 * Text that can come from the wire is printed through put_safe(), so no
 * control byte or escape sequence reaches the terminal.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analyzer/algo.h"
#include "../analyzer/diagnose.h"
#include "../analyzer/keymat.h"
#include "../analyzer/util.h"
#include "../dissect/registry.h"
#include "../dissect/registry_v2.h"
#include "fields.h"
#include "../analyzer/pskcheck.h"
#include "output.h"

static void
put_safe(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

static void
put_time(FILE *f, struct isc_time t)
{
	time_t	  s = (time_t)t.sec;
	struct tm tm;
	char	  buf[64];

	if (gmtime_r(&s, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		fprintf(f, "%lld.%06u", (long long)t.sec, t.usec);
		return;
	}
	fprintf(f, "%s.%06u UTC", buf, t.usec);
}

static void
put_endpoint(FILE *f, const struct isc_endpoint *e)
{
	char buf[64];

	isc_addr_str(&e->ip, buf, sizeof(buf));
	if (e->ip.family == 6)
		fprintf(f, "[%s]:%u", buf, e->port);
	else
		fprintf(f, "%s:%u", buf, e->port);
}

/* ANSI colours, only when asked (a terminal, --color=always). */
enum colour {
	C_NONE,
	C_RED,
	C_GREEN,
	C_YELLOW,
	C_CYAN,
	C_BOLD
};

static int use_colour; /* set by output_text() for this report */

static void
colour(FILE *f, enum colour c)
{
	static const char *seq[] = { "\033[0m", "\033[31m", "\033[32m",
		"\033[33m", "\033[36m", "\033[1m" };

	if (use_colour)
		fputs(seq[c], f);
}

static enum colour
sev_colour(enum isc_severity s)
{
	return s == ISC_SEV_ERROR ? C_RED :
	    s == ISC_SEV_WARNING  ? C_YELLOW :
				    C_NONE;
}

static enum colour
outcome_colour(enum isc_outcome o)
{
	switch (o) {
	case ISC_OUTCOME_ESTABLISHED:
		return C_GREEN;
	case ISC_OUTCOME_FAILED:
		return C_RED;
	case ISC_OUTCOME_INCOMPLETE:
	case ISC_OUTCOME_UNKNOWN:
		return C_YELLOW;
	default:
		return C_CYAN;
	}
}

static void
put_frames(FILE *f, const struct isc_diag *x)
{
	size_t i;

	if (x->nframes == 0)
		return;
	fprintf(f, " frame%s ", x->nframes > 1 ? "s" : "");
	for (i = 0; i < x->nframes; i++)
		fprintf(f, "%s%llu", i ? "," : "",
		    (unsigned long long)x->frames[i]);
}

/* The diagnostics of a list, but `skip` (a code shown elsewhere). */
static void
put_diags_but(FILE *f, const char *indent, const struct isc_diags *d,
    const char *skip)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct isc_diag *x = &d->v[i];

		if (skip != NULL && strcmp(x->code, skip) == 0)
			continue;
		fputs(indent, f);
		colour(f, sev_colour(x->sev));
		fprintf(f, "%s", diag_severity_name(x->sev));
		colour(f, C_NONE);
		fprintf(f, " [%s]", x->code);
		if (x->side >= 0)
			fprintf(f, " %s", isc_role_name(x->side));
		put_frames(f, x);
		fputs(": ", f);
		put_safe(f, x->msg);
		if (x->repeats != 0)
			fprintf(f, " (and %llu more like it)",
			    (unsigned long long)x->repeats);
		fputc('\n', f);
	}
	if (d->dropped != 0)
		fprintf(f, "%s(%llu more diagnostics not kept)\n", indent,
		    (unsigned long long)d->dropped);
}

static void
put_diags(FILE *f, const char *indent, const struct isc_diags *d)
{
	put_diags_but(f, indent, d, NULL);
}

static const char *
xname(uint8_t type, char *buf, unsigned len)
{
	return reg_name_or(reg_exchange_type(type), type, buf, len);
}

/* One dissected chain: clear payloads or a decrypted body. */
struct chain {
	const struct ftree	 *t;
	const struct payload_ref *pl;
	const int32_t		 *nodes;
	size_t			  n;
};

static struct chain
clear_chain(const struct isc_msg *m)
{
	struct chain c = { &m->fields, m->payloads, m->payload_node,
		m->npayloads };

	return c;
}

static struct chain
plain_chain(const struct isc_msg *m)
{
	struct chain c = { &m->plain->fields, m->plain->payloads,
		m->plain->payload_node, m->plain->npayloads };

	return c;
}

/* The name the dissector gave payload i (context may change it). */
static const char *
payload_name(const struct chain *c, size_t i, char *buf, unsigned len)
{
	return chain_payload_name(c->t, c->pl, c->nodes, i, buf, len);
}

static void
put_payloads(FILE *f, const struct isc_msg *m)
{
	char buf[4096];

	fputs(msg_payloads_str(m, buf, sizeof(buf)), f);
}

/* Every field under node, one per line, indented by depth (-v). */
static void
put_tree(FILE *f, const struct ftree *t, int32_t node, int indent,
    const struct output_opts *o)
{
	const struct field *n = ft_get(t, node);
	char		    buf[512];
	int32_t		    i;

	if (n == NULL)
		return;
	for (i = n->child; i != FT_NONE; i = t->v[i].next) {
		const struct field *c = &t->v[i];

		field_value_str(c, o->show_keys, 64, buf, sizeof(buf));
		if (c->type == FT_NODE)
			fprintf(f, "%*s%s%s%s%s", indent, "", c->key,
			    buf[0] != '\0' ? " (" : "", buf,
			    buf[0] != '\0' ? ")" : "");
		else
			fprintf(f, "%*s%s: %s", indent, "", c->key, buf);
		fprintf(f, "  [%u+%u]\n", c->off, c->len);
		if (c->type == FT_NODE)
			put_tree(f, t, i, indent + 2, o);
	}
}

/* One line per payload with something to say; every field with -v. */
static void
put_payload_details(FILE *f, const struct chain *c, const struct output_opts *o)
{
	char   buf[512], pb[32];
	size_t i;

	for (i = 0; i < c->n && c->nodes != NULL; i++) {
		const struct field *n = ft_get(c->t, c->nodes[i]);
		const char	   *tn = payload_name(c, i, pb, sizeof(pb));

		if (n == NULL)
			continue;
		if (o->verbose) {
			fprintf(f, "          %s payload  [%u+%u]\n", tn,
			    n->off, n->len);
			put_tree(f, c->t, c->nodes[i], 12, o);
			continue;
		}
		if (n->s == NULL)
			continue;
		field_value_str(n, o->show_keys, 64, buf, sizeof(buf));
		fprintf(f, "          %-7s %s\n", tn, buf);
	}
}

static void
put_msg(FILE *f, const struct isc_ike_sa *sa, const struct isc_msg *m,
    const struct output_opts *o)
{
	const char *arrow;

	switch (m->from) {
	case ISC_ROLE_INITIATOR:
		arrow = "I -> R";
		break;
	case ISC_ROLE_RESPONDER:
		arrow = "I <- R";
		break;
	default:
		arrow = "? -> ?";
		break;
	}
	fprintf(f, "    frame %-6llu %+10.6fs  %s  %-8s %5zu  ",
	    (unsigned long long)m->meta.frame,
	    isc_time_diff(m->meta.ts, sa->first_ts), arrow,
	    m->is_response ? "response" : "request", m->wire_len);
	put_payloads(f, m);
	if (m->retrans_of != 0)
		fprintf(f, "  (retransmission of frame %llu)",
		    (unsigned long long)m->retrans_of);
	if (m->meta.transport == ISC_TR_TCP)
		fputs("  [TCP]", f);
	if (m->from_fragments)
		fprintf(f, "  [reassembled from %u fragments]", m->nfragments);
	fputc('\n', f);
	if (o->verbose) {
		fputs("          ", f);
		put_endpoint(f, &m->meta.src);
		fputs(" -> ", f);
		put_endpoint(f, &m->meta.dst);
		fprintf(f, "  %s  flags 0x%02x  version %u.%u\n",
		    isc_transport_name(m->meta.transport), m->hdr.flags,
		    m->hdr.major, m->hdr.minor);
	}
	if (m->retrans_of == 0) {
		struct chain c = clear_chain(m);

		put_payload_details(f, &c, o);
		if (m->plain != NULL) {
			c = plain_chain(m);
			if (o->verbose)
				fputs(m->icv_ignored ?
					"          decrypted, UNVERIFIED (ICV "
					"failed):\n" :
					"          decrypted:\n",
				    f);
			put_payload_details(f, &c, o);
		}
	}
	put_diags(f, "          ", &m->diags);
}

static void
put_hex_line(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(f, "            %-9s ", name);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\n', f);
}

static int
usable(const struct isc_ike_keys *k)
{
	return k->state == ISC_KEYS_DERIVED || k->state == ISC_KEYS_PROVIDED;
}

static void
put_keyset(FILE *f, const struct isc_ike_sa *sa, const struct isc_ike_keys *k)
{
	if (k->gxy != NULL)
		put_hex_line(f, "g^xy", k->gxy, k->gxy_len);
	if (sa->version == 1) {
		if (k->have_skeyid) {
			put_hex_line(f, "SKEYID", k->skeyid, k->hlen);
			put_hex_line(f, "SKEYID_d", k->skeyid_d, k->hlen);
			put_hex_line(f, "SKEYID_a", k->skeyid_a, k->hlen);
			put_hex_line(f, "SKEYID_e", k->skeyid_e, k->hlen);
		}
		put_hex_line(f, "Ka", k->ka, k->ek_len);
		return;
	}
	if (k->have_skeyseed) {
		put_hex_line(f, "SKEYSEED", k->skeyseed, k->hlen);
		put_hex_line(f, "SK_d", k->sk_d, k->hlen);
	}
	if (k->ak_len > 0) {
		put_hex_line(f, "SK_ai", k->sk_ai, k->ak_len);
		put_hex_line(f, "SK_ar", k->sk_ar, k->ak_len);
	}
	put_hex_line(f, "SK_ei", k->sk_ei, k->ek_len);
	put_hex_line(f, "SK_er", k->sk_er, k->ek_len);
	if (k->have_skeyseed) {
		put_hex_line(f, "SK_pi", k->sk_pi, k->hlen);
		put_hex_line(f, "SK_pr", k->sk_pr, k->hlen);
	}
}

static const char *
check_words(enum isc_check c)
{
	switch (c) {
	case ISC_CHECK_VERIFIED:
		return "verified";
	case ISC_CHECK_FAILED:
		return "FAILED";
	default:
		return "unverified";
	}
}

/* Keys, authentication and child SAs of an SA, in a few lines. */
static void
put_sa_keys(FILE *f, const struct isc_ike_sa *sa, const struct output_opts *o)
{
	const struct isc_ike_keys *ki = &sa->keys[sa->version == 1 ? 1 : 0];
	const struct isc_ike_keys *kr = &sa->keys[0];
	char			   nb[48], nb2[48];
	size_t			   i;
	int			   d;

	if (sa->version == 1 &&
	    (ki->state != kr->state ||
		(ki->source != NULL && kr->source != NULL &&
		    strcmp(ki->source, kr->source) != 0)))
		fprintf(f,
		    "  Keys      initiator: %s%s%s%s, responder: %s%s%s%s\n",
		    name_keys_state(ki->state), ki->source ? " (" : "",
		    ki->source ? ki->source : "", ki->source ? ")" : "",
		    name_keys_state(kr->state), kr->source ? " (" : "",
		    kr->source ? kr->source : "", kr->source ? ")" : "");
	else if (usable(ki) || ki->state == ISC_KEYS_WRONG)
		fprintf(f, "  Keys      %s%s%s%s\n", name_keys_state(ki->state),
		    ki->source ? " (" : "", ki->source ? ki->source : "",
		    ki->source ? ")" : "");
	if (sa->missing != NULL)
		fprintf(f, "  Missing   %s\n", sa->missing);
	if (o->show_keys && usable(ki)) {
		put_keyset(f, sa, ki);
		if (sa->version == 1 && usable(kr) &&
		    memcmp(kr->ka, ki->ka, ki->ek_len) != 0) {
			fputs("            responder's keys:\n", f);
			put_keyset(f, sa, kr);
		}
	} else if (o->show_keys && sa->version == 1 && usable(kr))
		put_keyset(f, sa, kr);
	if (sa->auth[0] != ISC_CHECK_NONE || sa->auth[1] != ISC_CHECK_NONE)
		fprintf(f, "  Auth      initiator %s, responder %s (%s)\n",
		    check_words(sa->auth[1]), check_words(sa->auth[0]),
		    sa->version == 2 ? "AUTH payloads" :
			km_v1_auth_class(sa->auth_method) == KM_V1_SIG ?
				       "SIG_I / SIG_R" :
				       "HASH_I / HASH_R");
	for (i = 0; i < sa->nchildren; i++) {
		const struct isc_child_sa *c = sa->children[i];

		fprintf(f,
		    "  %s  SPIs %08x (to initiator) / %08x (to responder)",
		    i == 0 ? "Child SAs" : "         ", c->spi_i, c->spi_r);
		fprintf(f, "\n             %s",
		    c->protocol == 51 ? "AH" : "ESP");
		if (c->encr != 0)
			fprintf(f, " %s%s",
			    reg_name_buf(REG_V2_ENCR, c->encr, nb, sizeof(nb)),
			    "");
		if (c->encr_keylen != 0)
			fprintf(f, "-%u", c->encr_keylen);
		if (c->integ != 0)
			fprintf(f, " %s",
			    reg_name_buf(REG_V2_INTEG, c->integ, nb2,
				sizeof(nb2)));
		if (c->dh != 0)
			fprintf(f, " PFS group %u", c->dh);
		fprintf(f, ", keys %s%s%s (frame %llu)\n",
		    name_keys_state(c->state), c->missing ? ": " : "",
		    c->missing ? c->missing : "", (unsigned long long)c->frame);
		if (o->show_keys && c->state == ISC_KEYS_DERIVED)
			for (d = 0; d < 2; d++) {
				fprintf(f, "            %s\n",
				    d == 0 ? "initiator -> responder:" :
					     "responder -> initiator:");
				if (c->ek_len > 0)
					put_hex_line(f, "encr", c->ekey[d],
					    c->ek_len);
				if (c->ak_len > 0)
					put_hex_line(f, "integ", c->akey[d],
					    c->ak_len);
			}
	}
}

static void
put_sa(FILE *f, const struct isc_ike_sa *sa, const struct output_opts *o)
{
	char   si[17], sr[17], buf[32];
	size_t i, j;

	hex_encode(sa->spi_i, 8, si);
	hex_encode(sa->spi_r, 8, sr);
	fprintf(f, "IKE SA #%zu  IKEv%u  ", sa->index + 1, sa->version);
	put_endpoint(f, &sa->initiator);
	fputs(" (initiator) <-> ", f);
	put_endpoint(f, &sa->responder);
	fputs(" (responder)", f);
	if (sa->nat_t)
		fputs("  NAT-T", f);
	if (sa->tcp)
		fputs("  TCP", f);
	fputc('\n', f);
	fprintf(f, "  SPIs      %s / %s\n", si,
	    sa->spi_r_known ? sr : "(no responder SPI seen)");
	if (sa->chosen_msg != NULL) {
		const struct field *pn =
		    ft_get(&sa->chosen_msg->fields, sa->chosen_node);
		char pbuf[512];

		if (pn != NULL && pn->s != NULL) {
			field_value_str(pn, 0, 64, pbuf, sizeof(pbuf));
			fprintf(f, "  Proposal  %s (chosen, frame %llu)\n",
			    pbuf,
			    (unsigned long long)sa->chosen_msg->meta.frame);
		}
	}
	fputs("  Time      ", f);
	put_time(f, sa->first_ts);
	fprintf(f, ", %.3f s, frames %llu-%llu, %llu messages\n",
	    isc_time_diff(sa->last_ts, sa->first_ts),
	    (unsigned long long)sa->first_frame,
	    (unsigned long long)sa->last_frame, (unsigned long long)sa->nmsgs);
	fputs("  Outcome   ", f);
	colour(f, outcome_colour(sa->outcome.state));
	fputs(diagnose_outcome_name(sa->outcome.state), f);
	colour(f, C_NONE);
	fputs(": ", f);
	put_safe(f, sa->outcome.reason);
	fputc('\n', f);
	put_sa_keys(f, sa, o);
	for (i = 0; i < sa->nex; i++) {
		const struct isc_exchange *ex = sa->ex[i];

		fprintf(f, "  %s, message ID 0x%08x",
		    xname(ex->type, buf, sizeof(buf)), ex->msgid);
		if (sa->version == 2 || ex->type == 32 || ex->type == 5 ||
		    ex->type == 6)
			fprintf(f, ", started by the %s",
			    isc_role_name(ex->initiated_by));
		if (ex->status != ISC_EX_COMPLETE) {
			fputs("  ", f);
			colour(f,
			    ex->status == ISC_EX_PARTIAL    ? C_NONE :
				ex->status == ISC_EX_FAILED ? C_RED :
							      C_YELLOW);
			fprintf(f, "[%s]", diagnose_ex_status_name(ex->status));
			colour(f, C_NONE);
		}
		fputc('\n', f);
		for (j = 0; j < ex->nmsgs; j++)
			put_msg(f, sa, ex->msgs[j], o);
	}
	for (i = 0; i < sa->diags.n; i++)
		if (strcmp(sa->diags.v[i].code, "keys-missing") != 0)
			break;
	if (i < sa->diags.n || sa->diags.dropped != 0)
		fputs("  Diagnosis\n", f);
	/* "Missing" above says it already. */
	put_diags_but(f, "    ", &sa->diags, "keys-missing");
}

/* One line per IKE SA: number, version, peers, outcome, first error. */
static void
put_summary_line(FILE *f, const struct text_done *d)
{
	char ib[48], rb[48], peers[112];

	snprintf(peers, sizeof(peers), "%s <-> %s",
	    isc_addr_str(&d->initiator, ib, sizeof(ib)),
	    isc_addr_str(&d->responder, rb, sizeof(rb)));
	fprintf(f, "  #%-3zu IKEv%u  %-33s ", d->index + 1, d->version, peers);
	colour(f, outcome_colour(d->state));
	fprintf(f, "%-11s", diagnose_outcome_name(d->state));
	colour(f, C_NONE);
	fputc(' ', f);
	put_safe(f, d->reason);
	if (d->error != NULL && d->state != ISC_OUTCOME_FAILED &&
	    d->state != ISC_OUTCOME_INCOMPLETE) {
		fputs("; ", f);
		colour(f, C_RED);
		fputs(d->error, f);
		colour(f, C_NONE);
	}
	fputc('\n', f);
}

/* What the summary says of an SA; reason borrowed from it. */
static void
summary_of(const struct isc_ike_sa *sa, struct text_done *d)
{
	const struct isc_diag *e = diagnose_first_error(sa);

	d->index = sa->index;
	d->version = sa->version;
	d->state = sa->outcome.state;
	d->initiator = sa->initiator.ip;
	d->responder = sa->responder.ip;
	d->error = e != NULL ? e->code : NULL;
	d->reason = (char *)sa->outcome.reason;
}

static int
done_cmp(const void *x, const void *y)
{
	const struct text_done *a = x, *b = y;

	return a->index < b->index ? -1 : a->index > b->index;
}

/* Every IKE SA in index order: those written while reading (done) and
   those still held. */
static void
put_summary(FILE *f, struct text_stream *t, const struct isc_analysis *a)
{
	size_t		 i = 0, j = 0, n = t->ndone + a->nsas;
	struct text_done d;

	fprintf(f, "\nSummary: %zu IKE SA%s", n, n == 1 ? "" : "s");
	if (t->ndone != 0)
		fprintf(f, " (%zu reported above as they went idle)", t->ndone);
	fputc('\n', f);
	if (t->ndone > 1) /* t->done is NULL while empty */
		qsort(t->done, t->ndone, sizeof(*t->done), done_cmp);
	while (i < t->ndone || j < a->nsas) {
		if (j == a->nsas ||
		    (i < t->ndone && t->done[i].index < a->sas[j]->index))
			put_summary_line(f, &t->done[i++]);
		else {
			summary_of(a->sas[j++], &d);
			put_summary_line(f, &d);
		}
	}
}

/* "ICMP 8/0", "UDP 500 > 4500", "ESP 0x...": one inner packet. */
static void
put_inner(FILE *f, const struct isc_inner *in)
{
	char buf[256];

	fputs(inner_str(in, buf, sizeof(buf)), f);
}

static void
put_count(FILE *f, int *first, uint64_t n, const char *what)
{
	if (n == 0)
		return;
	fprintf(f, "%s%llu %s", *first ? "" : ", ", (unsigned long long)n,
	    what);
	*first = 0;
}

/* Keys, algorithms and what became of the packets of one ESP SA. */
static void
put_esp_detail(FILE *f, const struct isc_esp_sa *e, const struct output_opts *o)
{
	const char	  *integrity = name_esp_integrity(e->encr, e->integ);
	const struct algo *ea;
	int		   first = 1;
	size_t		   i;

	if (e->keys_from == ISC_ESP_KEYS_NONE) {
		fputs("        no keys: ", f);
		if (e->counts[ISC_ESP_INTEGRITY_FAILED] +
			e->counts[ISC_ESP_MALFORMED] >
		    0)
			fputs("none of the candidate keys fits (see the "
			      "diagnostics)\n",
			    f);
		else
			fputs("no decrypted CHILD_SA or Quick Mode and no "
			      "esp line has this SPI (give the IKE SA's keys "
			      "or an esp line with -k)\n",
			    f);
	} else if (e->proto == 51) {
		fprintf(f, "        %s%s, keys from %s\n",
		    name_esp_integ(0, e->integ), e->esn ? ", ESN" : "",
		    e->key_source);
	} else {
		fprintf(f, "        %s", name_esp_encr(e->encr));
		ea = algo_find(ALGO_ENCR, e->encr);
		if (ea != NULL && ea->key_min != ea->key_max)
			fprintf(f, "-%u", e->encr_keylen);
		fprintf(f, ", %s%s, keys from %s\n",
		    name_esp_integ(e->encr, e->integ), e->esn ? ", ESN" : "",
		    e->key_source);
	}
	fputs("        ", f);
	put_count(f, &first, e->counts[ISC_ESP_OK],
	    e->proto == 51 ? "verified (ICV)" : "decrypted (ICV verified)");
	put_count(f, &first, e->counts[ISC_ESP_UNVERIFIED],
	    e->proto == 51 ?
		"not checked (IP options or extension headers "
		"before AH)" :
		strcmp(integrity, "unchecked") == 0 ?
		"decrypted, ICV not checked (no integrity key)" :
		"decrypted, no integrity protection (padding and inner "
		"header fit)");
	put_count(f, &first, e->counts[ISC_ESP_INTEGRITY_FAILED],
	    "INTEGRITY FAILED");
	put_count(f, &first, e->counts[ISC_ESP_BAD_PADDING], "bad padding");
	put_count(f, &first, e->counts[ISC_ESP_MALFORMED],
	    "malformed or not decryptable");
	put_count(f, &first, e->counts[ISC_ESP_NO_KEYS], "without keys");
	put_count(f, &first, e->dummies, "dummy");
	put_count(f, &first, e->replays, "replayed");
	put_count(f, &first, e->gaps, "sequence gaps");
	fputc('\n', f);
	if (!o->verbose)
		return;
	for (i = 0; i < e->npkts; i++) {
		struct isc_esp_pkt	  pk;
		const struct isc_esp_pkt *p = &pk;

		isc_esp_sa_pkt(e, i, &pk);

		fprintf(f, "        frame %llu seq %llu: %s",
		    (unsigned long long)p->frame, (unsigned long long)p->seq,
		    name_esp_result(p->result));
		if (p->replay)
			fputs(" (replay)", f);
		if (p->result == ISC_ESP_OK ||
		    p->result == ISC_ESP_UNVERIFIED) {
			fputs(", ", f);
			put_inner(f, &p->inner);
		}
		fputc('\n', f);
	}
}

static void
put_esp_header(FILE *f)
{
	fprintf(f, "  %-5s %-10s  %-45s %8s %10s  %s\n", "proto", "SPI",
	    "source -> destination", "packets", "bytes", "frames");
}

static void
put_esp_sa(FILE *f, const struct isc_esp_sa *e, const struct output_opts *o)
{
	char s[64], d[64], peers[160];

	isc_addr_str(&e->src.ip, s, sizeof(s));
	isc_addr_str(&e->dst.ip, d, sizeof(d));
	snprintf(peers, sizeof(peers), "%s -> %s%s%s", s, d,
	    e->udp_encap ? " (UDP)" : "", e->nested ? " (inner)" : "");
	fprintf(f, "  %-5s 0x%08x  %-45s %8llu %10llu  %llu-%llu\n",
	    e->proto == 51 ? "AH" : "ESP", e->spi, peers,
	    (unsigned long long)e->packets, (unsigned long long)e->bytes,
	    (unsigned long long)e->first_frame,
	    (unsigned long long)e->last_frame);
	put_esp_detail(f, e, o);
}

static void
put_esp(FILE *f, const struct text_stream *t, const struct isc_analysis *a)
{
	size_t i;

	if (a->nesp == 0)
		return;
	fprintf(f, "ESP/AH SAs: %zu", a->nesp);
	if (t->nesp_done != 0)
		fprintf(f, " (and %llu reported above as they went idle)",
		    (unsigned long long)t->nesp_done);
	fputc('\n', f);
	put_esp_header(f);
	for (i = 0; i < a->nesp; i++)
		put_esp_sa(f, a->esp_sas[i], t->o);
}

void
text_stream_init(struct text_stream *t, FILE *f, const struct output_opts *o,
    double idle_timeout)
{
	memset(t, 0, sizeof(*t));
	t->f = f;
	t->o = o;
	t->idle_timeout = idle_timeout;
}

/* The first SA or ESP SA written while reading says how the report goes. */
static void
stream_start(struct text_stream *t)
{
	if (t->started)
		return;
	t->started = 1;
	use_colour = t->o->color;
	fprintf(t->f,
	    "IKE and ESP SAs idle for %g s of capture time are reported as "
	    "they go idle (--idle-timeout); the summary is at the end.\n",
	    t->idle_timeout);
}

void
text_stream_sa(void *ctx, const struct isc_ike_sa *sa)
{
	struct text_stream *t = ctx;
	struct text_done   *d;

	if (t->ndone == t->cap) {
		size_t		  cap = t->cap != 0 ? t->cap * 2 : 64;
		struct text_done *v = realloc(t->done, cap * sizeof(*v));

		if (v == NULL) {
			t->err = 1;
			return;
		}
		t->done = v;
		t->cap = cap;
	}
	stream_start(t);
	d = &t->done[t->ndone];
	summary_of(sa, d);
	if ((d->reason = strdup(sa->outcome.reason)) == NULL) {
		t->err = 1;
		return;
	}
	t->ndone++;
	t->in_esp = 0;
	fputc('\n', t->f);
	put_sa(t->f, sa, t->o);
}

void
text_stream_esp(void *ctx, const struct isc_esp_sa *e)
{
	struct text_stream *t = ctx;

	stream_start(t);
	if (!t->in_esp) {
		fputs("\nESP/AH SAs gone idle:\n", t->f);
		put_esp_header(t->f);
		t->in_esp = 1;
	}
	put_esp_sa(t->f, e, t->o);
	t->nesp_done++;
}

void
text_stream_free(struct text_stream *t)
{
	size_t i;

	for (i = 0; i < t->ndone; i++)
		free(t->done[i].reason);
	free(t->done);
	t->done = NULL;
	t->ndone = t->cap = 0;
}

int
text_stream_finish(struct text_stream *t, const struct isc_analysis *a)
{
	FILE  *f = t->f;
	size_t i;

	use_colour = t->o->color;
	if (t->started)
		fputc('\n', f);
	for (i = 0; i < a->ncaptures; i++) {
		const struct isc_capture *c = a->captures[i];

		fputs("Capture ", f);
		put_safe(f, c->file);
		fputs(": ", f);
		if (c->linktype_name != NULL)
			fputs(c->linktype_name, f);
		else
			fprintf(f, "link type %d", c->linktype);
		fprintf(f,
		    ", %llu frames, %llu IKE messages, %llu ESP/AH "
		    "packets%s\n",
		    (unsigned long long)c->frames,
		    (unsigned long long)c->ike_messages,
		    (unsigned long long)c->esp_packets,
		    c->truncated ? " (truncated)" : "");
		put_diags(f, "  ", &c->diags);
	}
	/* Sections are separated by one blank line, none after the last. */
	if (a->nsas == 0 && t->ndone == 0)
		fputs("\nNo IKE messages found.\n", f);
	else
		put_summary(f, t, a);
	for (i = 0; i < a->nsas; i++) {
		fputc('\n', f);
		put_sa(f, a->sas[i], t->o);
	}
	if (a->nesp != 0)
		fputc('\n', f);
	put_esp(f, t, a);
	if (a->diags.n != 0 || a->diags.dropped != 0)
		fputc('\n', f);
	put_diags(f, "", &a->diags);
	if (t->o->psk != NULL) {
		fputc('\n', f);
		psk_check_text(f, t->o->psk, t->o->psk_file, t->o->show_keys);
	}
	if (t->err)
		fputs("\n(out of memory: some IKE SAs are missing from the "
		      "summary)\n",
		    f);
	return ferror(f) ? -1 : 0;
}

int
output_text(FILE *f, const struct isc_analysis *a, const struct output_opts *o)
{
	struct text_stream t;
	int		   r;

	text_stream_init(&t, f, o, 0);
	r = text_stream_finish(&t, a);
	text_stream_free(&t);
	return r;
}
