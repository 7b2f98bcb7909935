/*
 * json.c - the --json document: one JSON object for the whole analysis
 * (DESIGN.md, "JSON document").
 *
 * The document is written piece by piece.  The top-level object and its
 * ike_sas and esp_sas arrays are framed by hand; each SA is built as a
 * json-c tree, printed and freed before the next one, so memory follows
 * the largest SA rather than the whole capture.  The framing copies
 * json-c's pretty layout (two spaces a level), so the result reads as if
 * json-c had printed one tree.
 *
 * Text that can come from the wire goes through json_wire_string(), which
 * replaces ill-formed UTF-8 (RFC 3629; Unicode 3.9, "maximal subpart")
 * with U+FFFD.  json-c escapes control characters itself.
 */
#include "config.h"

#include <json-c/json.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analyzer/analysis.h"
#include "../analyzer/model.h"
#include "../analyzer/diag.h"
#include "../analyzer/diagnose.h"
#include "../analyzer/util.h"
#include "../dissect/isakmp.h"
#include "../dissect/registry.h"
#include "../dissect/registry_v1.h"
#include "../dissect/registry_v2.h"
#include "fields.h"
#include "../analyzer/pskcheck.h"
#include "output.h"

#define JSON_FLAGS   (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)
#define JSON_INDENT  2	/* spaces per level, as json-c's pretty mode */
#define ADDR_STR_LEN 64 /* INET6_ADDRSTRLEN and then some */

/* The document as it is written: where to, and whether a write failed. */
struct jout {
	FILE *f;
	int   err;
};

static void
json_oom(void)
{
	fputs("ikescope: out of memory\n", stderr);
	exit(2);
}

/* --- UTF-8 -------------------------------------------------------------- */

/*
 * Length of the well-formed UTF-8 sequence at p (n > 0 bytes left), or 0
 * when it is ill-formed; then *bad is the length of its maximal subpart,
 * the bytes that one U+FFFD replaces.  The ranges are those of Unicode
 * table 3-7: they exclude overlong forms (C0, C1, E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..).
 */
static size_t
utf8_seq(const uint8_t *p, size_t n, size_t *bad)
{
	uint8_t b = p[0], lo = 0x80, hi = 0xbf;
	size_t	need, i;

	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		need = 2;
	else if (b >= 0xe0 && b <= 0xef) {
		need = 3;
		if (b == 0xe0)
			lo = 0xa0;
		else if (b == 0xed)
			hi = 0x9f;
	} else if (b >= 0xf0 && b <= 0xf4) {
		need = 4;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f;
	} else {
		*bad = 1;
		return 0;
	}
	for (i = 1; i < need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return need;
}

static int
utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0, k, bad;

	while (i < n) {
		if ((k = utf8_seq(p + i, n - i, &bad)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * Copy n bytes of p to out, which has room for 3n bytes, with each
 * ill-formed sequence replaced by U+FFFD (EF BF BD).  Returns the bytes
 * written.
 */
static size_t
utf8_clean(const uint8_t *p, size_t n, char *out)
{
	size_t i = 0, o = 0, k, bad;

	while (i < n) {
		if ((k = utf8_seq(p + i, n - i, &bad)) != 0) {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i += bad;
		}
	}
	return o;
}

/*
 * A JSON string of wire text: valid UTF-8 whatever the bytes.  p is
 * borrowed.  Text longer than json-c takes (an int length) is cut; the
 * cut cannot make it invalid since the cleaning comes after.
 */
static struct json_object *
json_wire_string(const uint8_t *p, size_t n)
{
	struct json_object *j;
	size_t		    len;
	char		   *buf;

	if (n > INT_MAX / 3)
		n = INT_MAX / 3;
	if (utf8_valid(p, n))
		return json_object_new_string_len((const char *)p, (int)n);
	buf = xmalloc(3 * n);
	len = utf8_clean(p, n, buf);
	j = json_object_new_string_len(buf, (int)len);
	free(buf);
	return j;
}

static struct json_object *
json_wire_cstr(const char *s)
{
	return json_wire_string((const uint8_t *)s, s != NULL ? strlen(s) : 0);
}

/* --- building trees ----------------------------------------------------- */

static struct json_object *
jnew_obj(void)
{
	struct json_object *j;

	if ((j = json_object_new_object()) == NULL)
		json_oom();
	return j;
}

static struct json_object *
jnew_arr(void)
{
	struct json_object *j;

	if ((j = json_object_new_array()) == NULL)
		json_oom();
	return j;
}

/* Add v (owned by o afterwards) under a constant key; v may be NULL (null). */
static void
jadd_null_ok(struct json_object *o, const char *key, struct json_object *v)
{
	if (json_object_object_add_ex(o, key, v,
		JSON_C_OBJECT_ADD_KEY_IS_NEW |
		    JSON_C_OBJECT_ADD_CONSTANT_KEY) != 0)
		json_oom();
}

/* Add v under key; a NULL v is json-c failing to allocate it. */
static void
jadd(struct json_object *o, const char *key, struct json_object *v)
{
	if (v == NULL)
		json_oom();
	jadd_null_ok(o, key, v);
}

static void
jpush(struct json_object *arr, struct json_object *v)
{
	if (v == NULL || json_object_array_add(arr, v) != 0)
		json_oom();
}

static struct json_object *
json_u64(uint64_t v)
{
	return json_object_new_int64(v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

static void
jadd_u64(struct json_object *o, const char *key, uint64_t v)
{
	jadd(o, key, json_u64(v));
}

static void
jadd_str(struct json_object *o, const char *key, const char *s)
{
	jadd(o, key, json_object_new_string(s));
}

static void
jadd_bool(struct json_object *o, const char *key, int b)
{
	jadd(o, key, json_object_new_boolean(b != 0));
}

static void
jadd_hex(struct json_object *o, const char *key, const uint8_t *p, size_t n)
{
	char *buf = xmalloc(2 * n + 1);

	hex_encode(p, n, buf);
	jadd_str(o, key, buf);
	free(buf);
}

/* Seconds with microseconds, printed as such rather than as %.17g. */
static void
jadd_seconds(struct json_object *o, const char *key, double d)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.6f", d);
	jadd(o, key, json_object_new_double_s(d, buf));
}

/*
 * RFC 3339 UTC with microseconds, "2021-06-25T10:00:01.123456Z"; null for
 * a time that has no four-digit year (0000-01-01 to 9999-12-31).
 */
#define RFC3339_MIN_SEC (-62167219200LL)
#define RFC3339_MAX_SEC 253402300799LL

static void
jadd_time(struct json_object *o, const char *key, struct isc_time t)
{
	int64_t	  sec;
	time_t	  tt;
	struct tm tm;
	char	  buf[80];

	if (t.sec < RFC3339_MIN_SEC || t.sec > RFC3339_MAX_SEC) {
		jadd_null_ok(o, key, NULL);
		return;
	}
	sec = t.sec + t.usec / 1000000;
	tt = (time_t)sec;
	if ((int64_t)tt != sec || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year > 9999 - 1900) {
		jadd_null_ok(o, key, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (unsigned)(t.usec % 1000000));
	jadd_str(o, key, buf);
}

/*
 * Seconds from a to b.  Not isc_time_diff(): its int64 subtraction can
 * overflow on the times a crafted capture carries.
 */
static double
json_duration(struct isc_time a, struct isc_time b)
{
	return ((double)b.sec - (double)a.sec) +
	    ((double)b.usec - (double)a.usec) / 1e6;
}

/* An address as text; null when the model has none. */
static void
jadd_addr(struct json_object *o, const char *key, const struct isc_addr *ad)
{
	char buf[ADDR_STR_LEN];

	if (ad->family != 4 && ad->family != 6) {
		jadd_null_ok(o, key, NULL);
		return;
	}
	jadd_str(o, key, isc_addr_str(ad, buf, sizeof(buf)));
}

static struct json_object *
json_endpoint(const struct isc_endpoint *ep)
{
	struct json_object *j = jnew_obj();

	jadd_addr(j, "ip", &ep->ip);
	jadd_u64(j, "port", ep->port);
	return j;
}

static void
jadd_reg_name(struct json_object *o, const char *key, const struct reg_entry *e,
    uint32_t id)
{
	char buf[32];

	jadd_str(o, key, reg_name_or(e, id, buf, sizeof(buf)));
}

/* --- the model ---------------------------------------------------------- */

static struct json_object *
json_diags(const struct isc_diags *d)
{
	struct json_object    *arr = jnew_arr(), *j;
	const struct isc_diag *e;
	size_t		       i;

	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		j = jnew_obj();
		jadd_str(j, "severity", diag_severity_name(e->sev));
		jadd(j, "code", json_wire_cstr(e->code));
		/* Messages quote wire text (identities, names). */
		jadd(j, "message", json_wire_cstr(e->msg));
		if (e->frame != 0)
			jadd_u64(j, "frame", e->frame);
		if (e->nframes > 0) {
			struct json_object *fr = jnew_arr();
			size_t		    k;

			for (k = 0; k < e->nframes; k++)
				jpush(fr, json_u64(e->frames[k]));
			jadd(j, "frames", fr);
		}
		if (e->side >= 0)
			jadd_str(j, "side",
			    isc_role_name((enum isc_role)e->side));
		if (e->repeats > 0)
			jadd_u64(j, "repeats", e->repeats);
		jpush(arr, j);
	}
	if (d->dropped > 0) {
		char buf[96];

		j = jnew_obj();
		jadd_str(j, "severity", "info");
		jadd_str(j, "code", "diagnostics-dropped");
		snprintf(buf, sizeof(buf), "%llu more diagnostics not kept",
		    (unsigned long long)d->dropped);
		jadd_str(j, "message", buf);
		jpush(arr, j);
	}
	return arr;
}

static struct json_object *
json_capture(const struct isc_capture *c)
{
	struct json_object *j = jnew_obj();

	jadd(j, "file", json_wire_cstr(c->file));
	if (c->linktype_name != NULL)
		jadd(j, "link_type", json_wire_cstr(c->linktype_name));
	else
		jadd(j, "link_type", json_object_new_int(c->linktype));
	jadd_u64(j, "frames", c->frames);
	jadd_u64(j, "ike_messages", c->ike_messages);
	jadd_u64(j, "esp_packets", c->esp_packets);
	jadd_bool(j, "truncated", c->truncated);
	if (c->failed)
		jadd_bool(j, "failed", 1);
	jadd(j, "errors", json_diags(&c->diags));
	return j;
}

static struct json_object *
json_flags(const struct isakmp_hdr *h)
{
	struct json_object *j = jnew_obj();

	jadd_u64(j, "raw", h->flags);
	if (h->major == 2) {
		jadd_bool(j, "initiator", h->flags & IKEV2_FLAG_I);
		jadd_bool(j, "version", h->flags & IKEV2_FLAG_V);
		jadd_bool(j, "response", h->flags & IKEV2_FLAG_R);
	} else {
		jadd_bool(j, "encryption", h->flags & ISAKMP_FLAG_E);
		jadd_bool(j, "commit", h->flags & ISAKMP_FLAG_C);
		jadd_bool(j, "authentication_only", h->flags & ISAKMP_FLAG_A);
	}
	return j;
}

/* --- the field tree ------------------------------------------------------ */

static struct json_object *json_field_value(const struct ftree *,
    const struct field *, const struct output_opts *);

/* Is key used by more than one child of node? Then it renders as a list. */
static int
key_repeats(const struct ftree *t, const struct field *node, const char *key)
{
	int32_t i;
	int	n = 0;

	for (i = node->child; i != FT_NONE; i = t->v[i].next)
		if (strcmp(t->v[i].key, key) == 0 && ++n > 1)
			return 1;
	return 0;
}

/*
 * The children of node as members of obj: a field's key is its member
 * name; an enum adds "<key>_id" with the number; items (and keys that
 * repeat) gather into one array under their key.
 */
static void
json_node_members(struct json_object *obj, const struct ftree *t,
    const struct field *node, const struct output_opts *o)
{
	int32_t i;

	for (i = node->child; i != FT_NONE; i = t->v[i].next) {
		const struct field *c = &t->v[i];
		struct json_object *v = json_field_value(t, c, o), *arr;

		if (c->item || key_repeats(t, node, c->key)) {
			if (!json_object_object_get_ex(obj, c->key, &arr)) {
				arr = jnew_arr();
				if (json_object_object_add(obj, c->key, arr) !=
				    0)
					json_oom();
			}
			jpush(arr, v);
			continue;
		}
		if (json_object_object_add(obj, c->key, v) != 0)
			json_oom();
		if (c->type == FT_ENUM && !(c->secret && !o->show_keys)) {
			char   idkey[96];
			size_t kl = strlen(c->key);

			/* "type" -> "type_id"; "transform_id" -> "..._num" */
			snprintf(idkey, sizeof(idkey), "%s%s", c->key,
			    kl > 3 && strcmp(c->key + kl - 3, "_id") == 0 ?
				"_num" :
				"_id");
			if (json_object_object_add(obj, idkey,
				json_u64(c->u)) != 0)
				json_oom();
		}
	}
}

static struct json_object *
json_field_value(const struct ftree *t, const struct field *f,
    const struct output_opts *o)
{
	struct json_object *obj;
	char		    buf[64];

	if (f->secret && !o->show_keys)
		return json_object_new_string("(hidden; --show-keys shows it)");
	switch (f->type) {
	case FT_NODE:
		obj = jnew_obj();
		if (f->s != NULL)
			jadd(obj, "summary", json_wire_cstr(f->s));
		json_node_members(obj, t, f, o);
		return obj;
	case FT_UINT:
		return json_u64(f->u);
	case FT_ENUM:
		if (f->name != NULL)
			return json_object_new_string(f->name);
		snprintf(buf, sizeof(buf), "UNKNOWN(%llu)",
		    (unsigned long long)f->u);
		return json_object_new_string(buf);
	case FT_BOOL:
		return json_object_new_boolean(f->u != 0);
	case FT_BYTES: {
		char *h = hex_dup(f->p, f->n);

		obj = json_object_new_string(h);
		free(h);
		return obj;
	}
	case FT_TEXT:
		return json_wire_string(f->p, f->n);
	case FT_IPV4:
	case FT_IPV6: {
		struct isc_addr ad;

		memset(&ad, 0, sizeof(ad));
		ad.family = f->type == FT_IPV4 ? 4 : 6;
		memcpy(ad.a, f->p, f->type == FT_IPV4 ? 4 : 16);
		return json_object_new_string(
		    isc_addr_str(&ad, buf, sizeof(buf)));
	}
	case FT_STR:
		return json_wire_cstr(f->s != NULL ? f->s : "");
	}
	return json_object_new_null();
}

static struct json_object *
json_payloads(const struct ftree *t, const struct payload_ref *pl,
    const int32_t *nodes, size_t np, const struct output_opts *o)
{
	struct json_object	 *arr = jnew_arr(), *j;
	const struct payload_ref *r;
	const struct field	 *n;
	size_t			  i;

	for (i = 0; i < np; i++) {
		r = &pl[i];
		j = jnew_obj();
		n = nodes != NULL ? ft_get(t, nodes[i]) : NULL;
		if (n == NULL) {
			/* The tree was full: what the walker knows. */
			jadd_u64(j, "type_id", r->type);
			jadd_reg_name(j, "type", reg_payload_type(r->type),
			    r->type);
			jadd_u64(j, "length", r->length);
		} else {
			json_node_members(j, t, n, o);
			if (n->s != NULL)
				jadd(j, "summary", json_wire_cstr(n->s));
		}
		jadd_u64(j, "offset", r->off);
		jpush(arr, j);
	}
	return arr;
}

static struct json_object *
json_enc_body(const struct isc_msg *m)
{
	struct json_object *j = jnew_obj();

	jadd_u64(j, "offset", m->enc_off);
	jadd_u64(j, "length", m->enc_len);
	jadd_u64(j, "first_payload_id", m->enc_first);
	jadd_reg_name(j, "first_payload", reg_payload_type(m->enc_first),
	    m->enc_first);
	return j;
}

static struct json_object *
json_walk(const struct dstatus *st)
{
	struct json_object *j = jnew_obj();

	jadd_str(j, "status", ds_code_name(st->code));
	jadd_u64(j, "offset", st->off);
	jadd(j, "message", json_wire_cstr(st->msg));
	return j;
}

static struct json_object *
json_msg(const struct isc_msg *m, const struct output_opts *o)
{
	struct json_object	  *j = jnew_obj();
	const struct isc_pkt_meta *mt = &m->meta;

	jadd_u64(j, "frame", mt->frame);
	jadd_time(j, "time", mt->ts);
	jadd_str(j, "from", isc_role_name(m->from));
	jadd_addr(j, "src", &mt->src.ip);
	jadd_u64(j, "src_port", mt->src.port);
	jadd_addr(j, "dst", &mt->dst.ip);
	jadd_u64(j, "dst_port", mt->dst.port);
	jadd_str(j, "transport", isc_transport_name(mt->transport));
	if (mt->reassembled)
		jadd_bool(j, "reassembled", 1);
	jadd_u64(j, "length", m->wire_len);
	if (m->from_fragments)
		jadd_u64(j, "reassembled_from_fragments", m->nfragments);
	if (m->len != m->wire_len)
		jadd_u64(j, "captured", m->len);
	jadd_u64(j, "version_major", m->hdr.major);
	jadd_u64(j, "version_minor", m->hdr.minor);
	jadd(j, "flags", json_flags(&m->hdr));
	jadd_bool(j, "response", m->is_response);
	jadd_bool(j, "retransmission", m->retrans_of != 0);
	if (m->retrans_of != 0)
		jadd_u64(j, "retransmission_of", m->retrans_of);
	jadd_bool(j, "encrypted", m->encrypted);
	jadd_str(j, "decryption", name_decryption(m->dec));
	if (m->dec == ISC_DEC_OK)
		jadd_str(j, "decrypted_by", name_dec_by(m->dec_by));
	if (m->icv_ignored)
		jadd_bool(j, "icv_ignored", 1);
	if (m->check != ISC_CHECK_NONE)
		jadd_str(j, m->hdr.major == 1 ? "hash" : "auth",
		    name_check(m->check));
	if (m->frag_total != 0) {
		struct json_object *fr = jnew_obj();

		jadd_u64(fr, "number", m->frag_no);
		jadd_u64(fr, "total", m->frag_total);
		jadd(j, "fragment", fr);
	}
	jadd(j, "payloads",
	    json_payloads(&m->fields, m->payloads, m->payload_node,
		m->npayloads, o));
	if (m->encrypted)
		jadd(j, "encrypted_body", json_enc_body(m));
	if (m->plain != NULL && m->plain->npayloads > 0) {
		jadd(j, "decrypted_payloads",
		    json_payloads(&m->plain->fields, m->plain->payloads,
			m->plain->payload_node, m->plain->npayloads, o));
		if (m->frag_total != 0)
			jadd_bool(j, "reassembled_from_skf", 1);
		if (m->plain->walk.code != DS_OK)
			jadd(j, "decrypted_walk", json_walk(&m->plain->walk));
	}
	if (m->walk.code != DS_OK)
		jadd(j, "walk", json_walk(&m->walk));
	if (m->diags.n > 0)
		jadd(j, "diagnosis", json_diags(&m->diags));
	return j;
}

/* Add key: a notify type's registry name, "UNKNOWN(n)" without one. */
static void
jadd_notify(struct json_object *j, const char *key, unsigned version,
    uint16_t type)
{
	char	    buf[32];
	const char *n =
	    reg_name(version == 2 ? REG_V2_NOTIFY : REG_V1_NOTIFY, type);

	if (n == NULL) {
		snprintf(buf, sizeof(buf), "UNKNOWN(%u)", type);
		n = buf;
	}
	jadd_str(j, key, n);
}

static struct json_object *
json_exchange(const struct isc_exchange *ex, unsigned version,
    const struct output_opts *o)
{
	struct json_object *j = jnew_obj(), *msgs = jnew_arr();
	size_t		    i;

	jadd_u64(j, "type_id", ex->type);
	jadd_reg_name(j, "type", reg_exchange_type(ex->type), ex->type);
	jadd_u64(j, "message_id", ex->msgid);
	jadd_str(j, "initiated_by", isc_role_name(ex->initiated_by));
	jadd_str(j, "status", diagnose_ex_status_name(ex->status));
	if (ex->error != 0) {
		jadd_u64(j, "error_id", ex->error);
		jadd_notify(j, "error", version, ex->error);
		jadd_u64(j, "error_frame", ex->error_frame);
	}
	jadd_u64(j, "retransmissions", ex->retransmissions);
	for (i = 0; i < ex->nmsgs; i++)
		jpush(msgs, json_msg(ex->msgs[i], o));
	jadd(j, "messages", msgs);
	return j;
}

/* One keyset's values (with --show-keys only). */
static void
jadd_keyset(struct json_object *j, const struct isc_ike_sa *sa,
    const struct isc_ike_keys *k)
{
	if (k->gxy != NULL)
		jadd_hex(j, "dh_shared", k->gxy, k->gxy_len);
	if (sa->version == 1) {
		if (k->have_skeyid) {
			jadd_hex(j, "skeyid", k->skeyid, k->hlen);
			jadd_hex(j, "skeyid_d", k->skeyid_d, k->hlen);
			jadd_hex(j, "skeyid_a", k->skeyid_a, k->hlen);
			jadd_hex(j, "skeyid_e", k->skeyid_e, k->hlen);
		}
		jadd_hex(j, "ka", k->ka, k->ek_len);
		return;
	}
	if (k->have_skeyseed) {
		jadd_hex(j, "skeyseed", k->skeyseed, k->hlen);
		jadd_hex(j, "sk_d", k->sk_d, k->hlen);
	}
	jadd_hex(j, "sk_ei", k->sk_ei, k->ek_len);
	jadd_hex(j, "sk_er", k->sk_er, k->ek_len);
	if (k->ak_len > 0) {
		jadd_hex(j, "sk_ai", k->sk_ai, k->ak_len);
		jadd_hex(j, "sk_ar", k->sk_ar, k->ak_len);
	}
	if (k->have_skeyseed) {
		jadd_hex(j, "sk_pi", k->sk_pi, k->hlen);
		jadd_hex(j, "sk_pr", k->sk_pr, k->hlen);
	}
}

static int
keys_usable(const struct isc_ike_keys *k)
{
	return k->state == ISC_KEYS_DERIVED || k->state == ISC_KEYS_PROVIDED;
}

/*
 * keys: the state (IKEv1: the initiator's keys, or the responder's when
 * only they are known; per side under "sides"), where they came from,
 * what is missing; auth per side.
 */
static void
jadd_sa_crypto(struct json_object *j, const struct isc_ike_sa *sa,
    const struct output_opts *o)
{
	struct json_object	  *keys = jnew_obj(), *auth = jnew_obj();
	const struct isc_ike_keys *k = &sa->keys[sa->version == 1 ? 1 : 0];

	if (sa->version == 1 && !keys_usable(k) && keys_usable(&sa->keys[0]))
		k = &sa->keys[0];
	jadd_str(keys, "state", name_keys_state(k->state));
	if (k->source != NULL)
		jadd(keys, "source", json_wire_cstr(k->source));
	if (sa->version == 1) {
		struct json_object *sides = jnew_obj();

		jadd_str(sides, "initiator",
		    name_keys_state(sa->keys[1].state));
		jadd_str(sides, "responder",
		    name_keys_state(sa->keys[0].state));
		jadd(keys, "sides", sides);
		if (sa->keys[0].source != NULL && sa->keys[1].source != NULL &&
		    strcmp(sa->keys[0].source, sa->keys[1].source) != 0) {
			struct json_object *src = jnew_obj();

			jadd(src, "initiator",
			    json_wire_cstr(sa->keys[1].source));
			jadd(src, "responder",
			    json_wire_cstr(sa->keys[0].source));
			jadd(keys, "sources", src);
		}
	}
	if (sa->missing != NULL) {
		struct json_object *mi = jnew_arr();

		jpush(mi, json_wire_cstr(sa->missing));
		jadd(keys, "missing", mi);
	}
	if (o->show_keys && keys_usable(k)) {
		jadd_keyset(keys, sa, k);
		if (sa->version == 1 && k == &sa->keys[1] &&
		    keys_usable(&sa->keys[0]) &&
		    memcmp(sa->keys[0].ka, sa->keys[1].ka, k->ek_len) != 0) {
			struct json_object *r = jnew_obj();

			jadd_keyset(r, sa, &sa->keys[0]);
			jadd(keys, "responder", r);
		}
	}
	jadd(j, "keys", keys);
	jadd_str(auth, "initiator", name_check(sa->auth[1]));
	jadd_str(auth, "responder", name_check(sa->auth[0]));
	jadd(j, "auth", auth);
}

static void
jadd_spi32(struct json_object *j, const char *key, uint32_t spi)
{
	char b[9];

	snprintf(b, sizeof(b), "%08x", spi);
	jadd_str(j, key, b);
}

static struct json_object *
json_child(const struct isc_ike_sa *sa, const struct isc_child_sa *c,
    const struct output_opts *o)
{
	struct json_object *j = jnew_obj();
	int		    d;

	jadd_str(j, "protocol", c->protocol == 51 ? "ah" : "esp");
	jadd_spi32(j, "spi_i", c->spi_i);
	jadd_spi32(j, "spi_r", c->spi_r);
	if (c->encr != 0) {
		jadd_reg_name(j, "encr", reg_lookup(REG_V2_ENCR, c->encr),
		    c->encr);
		jadd_u64(j, "encr_id", c->encr);
		if (c->encr_keylen != 0)
			jadd_u64(j, "encr_keylen", c->encr_keylen);
	}
	if (c->integ != 0) {
		jadd_reg_name(j, "integ", reg_lookup(REG_V2_INTEG, c->integ),
		    c->integ);
		jadd_u64(j, "integ_id", c->integ);
	}
	if (c->dh != 0) {
		jadd_reg_name(j, "pfs_group", reg_lookup(REG_DH_GROUP, c->dh),
		    c->dh);
		jadd_u64(j, "pfs_group_id", c->dh);
	}
	jadd_bool(j, "esn", c->esn);
	jadd_u64(j, "frame", c->frame);
	jadd_u64(j, "message_id", c->msgid);
	jadd_str(j, "keys", name_keys_state(c->state));
	if (c->missing != NULL)
		jadd_str(j, "missing", c->missing);
	if (o->show_keys && c->state == ISC_KEYS_DERIVED)
		for (d = 0; d < 2; d++) {
			struct json_object *k = jnew_obj();

			if (c->ek_len > 0)
				jadd_hex(k, "encr", c->ekey[d], c->ek_len);
			if (c->ak_len > 0)
				jadd_hex(k, "integ", c->akey[d], c->ak_len);
			jadd(j, d == 0 ? "keys_i_to_r" : "keys_r_to_i", k);
		}
	(void)sa;
	return j;
}

/* What became of the SA (analyzer/diagnose.c). */
static struct json_object *
json_outcome(const struct isc_ike_sa *sa)
{
	const struct isc_sa_outcome *oc = &sa->outcome;
	const struct isc_diag	    *e = diagnose_first_error(sa);
	struct json_object	    *j = jnew_obj();

	jadd_str(j, "state", diagnose_outcome_name(oc->state));
	jadd(j, "reason", json_wire_cstr(oc->reason));
	if (oc->presumed)
		jadd_bool(j, "presumed", 1);
	if (oc->frame != 0)
		jadd_u64(j, "frame", oc->frame);
	if (oc->by >= 0)
		jadd_str(j, "by", isc_role_name((enum isc_role)oc->by));
	if (oc->exch_type != 0) {
		jadd_u64(j, "exchange_id", oc->exch_type);
		jadd_reg_name(j, "exchange", reg_exchange_type(oc->exch_type),
		    oc->exch_type);
	}
	if (oc->error != 0) {
		jadd_u64(j, "error_id", oc->error);
		jadd_notify(j, "error", sa->version, oc->error);
	}
	jadd_bool(j, "established", oc->established);
	if (oc->established) {
		jadd_u64(j, "established_frame", oc->established_frame);
		jadd_time(j, "established_at", oc->established_ts);
	}
	if (oc->replaced_by != 0)
		jadd_u64(j, "replaced_by", oc->replaced_by - 1);
	if (e != NULL)
		jadd(j, "first_error", json_wire_cstr(e->code));
	return j;
}

static struct json_object *
json_ike_sa(const struct isc_ike_sa *sa, const struct output_opts *o)
{
	static const uint8_t zero[8];
	struct json_object  *j = jnew_obj(), *exs = jnew_arr();
	size_t		     i;

	jadd_u64(j, "index", sa->index);
	jadd_u64(j, "ike_version", sa->version);
	jadd_hex(j, "spi_i", sa->spi_i, 8);
	jadd_hex(j, "spi_r", sa->spi_r_known ? sa->spi_r : zero, 8);
	jadd_bool(j, "spi_r_known", sa->spi_r_known);
	jadd(j, "initiator", json_endpoint(&sa->initiator));
	jadd(j, "responder", json_endpoint(&sa->responder));
	jadd_bool(j, "roles_known", sa->roles_known);
	jadd_bool(j, "nat_t", sa->nat_t);
	jadd_bool(j, "tcp", sa->tcp);
	jadd_u64(j, "first_frame", sa->first_frame);
	jadd_u64(j, "last_frame", sa->last_frame);
	jadd_time(j, "start", sa->first_ts);
	jadd_time(j, "end", sa->last_ts);
	jadd_seconds(j, "duration", json_duration(sa->first_ts, sa->last_ts));
	jadd_u64(j, "messages", sa->nmsgs);
	jadd_bool(j, "start_in_capture", sa->saw_start);
	jadd(j, "outcome", json_outcome(sa));
	if (sa->rekey_of_index != 0) {
		struct json_object *r = jnew_obj();

		jadd_u64(r, "ike_sa", sa->rekey_of_index - 1);
		jadd_u64(r, "frame", sa->rekey_frame);
		jadd_bool(r, "inferred", 1);
		jadd(j, "rekey_of", r);
	}
	if (sa->chosen_msg != NULL) {
		const struct field *pn =
		    ft_get(&sa->chosen_msg->fields, sa->chosen_node);

		if (pn != NULL) {
			struct json_object *pj =
			    json_field_value(&sa->chosen_msg->fields, pn, o);

			jadd_u64(pj, "frame", sa->chosen_msg->meta.frame);
			jadd(j, "proposal", pj);
		}
	}
	if (sa->version == 1 && sa->auth_method != 0) {
		const char *am = reg_name(REG_V1_IKE_AUTH, sa->auth_method);
		char	    buf[32];

		if (am == NULL) {
			snprintf(buf, sizeof(buf), "UNKNOWN(%u)",
			    sa->auth_method);
			am = buf;
		}
		jadd_str(j, "auth_method", am);
		jadd_u64(j, "auth_method_id", sa->auth_method);
	}
	jadd_sa_crypto(j, sa, o);
	for (i = 0; i < sa->nex; i++)
		jpush(exs, json_exchange(sa->ex[i], sa->version, o));
	jadd(j, "exchanges", exs);
	{
		struct json_object *ch = jnew_arr();

		for (i = 0; i < sa->nchildren; i++)
			jpush(ch, json_child(sa, sa->children[i], o));
		jadd(j, "child_sas", ch);
	}
	jadd(j, "diagnosis", json_diags(&sa->diags));
	return j;
}

static const char *
esp_keys_from(enum isc_esp_keys_from f)
{
	switch (f) {
	case ISC_ESP_KEYS_IKE:
		return "ike";
	case ISC_ESP_KEYS_KEYFILE:
		return "keyfile";
	case ISC_ESP_KEYS_NONE:
		break;
	}
	return "none";
}

/* What was inside one packet (DESIGN.md esp_sas, per packet). */
static struct json_object *
json_inner(const struct isc_inner *in)
{
	struct json_object *j = jnew_obj();

	if (in->ip_version != 0) {
		jadd_u64(j, "ip_version", in->ip_version);
		jadd_addr(j, "src", &in->src);
		jadd_addr(j, "dst", &in->dst);
	}
	jadd_u64(j, "protocol", in->proto);
	if (in->has_ports) {
		jadd_u64(j, "src_port", in->sport);
		jadd_u64(j, "dst_port", in->dport);
	}
	if (in->has_icmp) {
		jadd_u64(j, "icmp_type", in->icmp_type);
		jadd_u64(j, "icmp_code", in->icmp_code);
	}
	if (in->has_spi) {
		char spi[9];

		snprintf(spi, sizeof(spi), "%08x", (unsigned)in->spi);
		jadd_str(j, "spi", spi);
	}
	jadd_u64(j, "length", in->length);
	return j;
}

static struct json_object *
json_esp_pkt(const struct isc_esp_pkt *p)
{
	struct json_object *j = jnew_obj();

	jadd_u64(j, "frame", p->frame);
	jadd_u64(j, "seq", p->seq);
	jadd_str(j, "decryption", name_esp_result(p->result));
	if (p->replay)
		jadd_bool(j, "replay", 1);
	if (p->result == ISC_ESP_OK || p->result == ISC_ESP_UNVERIFIED) {
		jadd_u64(j, "next_header", p->inner.next_header);
		if (p->inner.next_header != 59)
			jadd(j, "inner", json_inner(&p->inner));
	}
	return j;
}

static struct json_object *
json_esp_sa(const struct isc_esp_sa *e)
{
	struct json_object *j = jnew_obj(), *l;
	char		    spi[9];
	size_t		    i;

	snprintf(spi, sizeof(spi), "%08x", (unsigned)e->spi);
	jadd_str(j, "spi", spi);
	jadd_str(j, "protocol", e->proto == 51 ? "ah" : "esp");
	jadd_addr(j, "src", &e->src.ip);
	jadd_addr(j, "dst", &e->dst.ip);
	jadd_bool(j, "udp_encap", e->udp_encap);
	if (e->udp_encap) {
		jadd_u64(j, "src_port", e->src.port);
		jadd_u64(j, "dst_port", e->dst.port);
	}
	if (e->nested)
		jadd_bool(j, "nested", 1);
	jadd_u64(j, "packets", e->packets);
	jadd_u64(j, "bytes", e->bytes);
	jadd_u64(j, "first_frame", e->first_frame);
	jadd_u64(j, "last_frame", e->last_frame);
	jadd_time(j, "start", e->first_ts);
	jadd_time(j, "end", e->last_ts);
	jadd_u64(j, "decrypted", e->counts[ISC_ESP_OK]);
	jadd_u64(j, "decrypted_unverified", e->counts[ISC_ESP_UNVERIFIED]);
	jadd_u64(j, "integrity_failed", e->counts[ISC_ESP_INTEGRITY_FAILED]);
	jadd_u64(j, "bad_padding", e->counts[ISC_ESP_BAD_PADDING]);
	jadd_u64(j, "malformed", e->counts[ISC_ESP_MALFORMED]);
	jadd_u64(j, "no_keys", e->counts[ISC_ESP_NO_KEYS]);
	jadd_u64(j, "dummy", e->dummies);
	jadd_u64(j, "replays", e->replays);
	jadd_u64(j, "sequence_gaps", e->gaps);
	jadd_str(j, "keys_from", esp_keys_from(e->keys_from));
	if (e->keys_from != ISC_ESP_KEYS_NONE) {
		jadd_str(j, "key_source", e->key_source);
		if (e->ike_sa != NULL)
			jadd_u64(j, "ike_sa", e->ike_sa->index);
		if (e->proto == 50) {
			jadd_str(j, "encr", name_esp_encr(e->encr));
			if (e->encr_keylen != 0)
				jadd_u64(j, "encr_keylen", e->encr_keylen);
		}
		jadd_str(j, "integ", name_esp_integ(e->encr, e->integ));
		jadd_str(j, "integrity", name_esp_integrity(e->encr, e->integ));
		jadd_bool(j, "esn", e->esn);
	}
	if (e->recs != NULL) {
		struct isc_esp_pkt pk;

		l = jnew_arr();
		for (i = 0; i < e->npkts; i++) {
			isc_esp_sa_pkt(e, i, &pk);
			jpush(l, json_esp_pkt(&pk));
		}
		jadd(j, "packet_list", l);
	}
	return j;
}

/* --- writing ------------------------------------------------------------ */

static void
jout_raw(struct jout *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	if (fwrite(s, 1, n, w->f) != n)
		w->err = 1;
}

static void
jout_str(struct jout *w, const char *s)
{
	jout_raw(w, s, strlen(s));
}

static void
jout_indent(struct jout *w, int level)
{
	static const char sp[] = "                ";
	size_t		  n = (size_t)level * JSON_INDENT;

	while (n > 0 && !w->err) {
		size_t k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;

		jout_raw(w, sp, k);
		n -= k;
	}
}

/*
 * Print tree j (consumed) as json-c would print it `level` levels deep:
 * its own first line is not indented, every later line is.  Newlines
 * within strings are escaped, so every raw newline is layout.
 */
static void
jout_tree(struct jout *w, struct json_object *j, int level)
{
	const char *s, *nl;

	if ((s = json_object_to_json_string_ext(j, JSON_FLAGS)) == NULL)
		json_oom();
	while ((nl = strchr(s, '\n')) != NULL) {
		jout_raw(w, s, (size_t)(nl - s) + 1);
		jout_indent(w, level);
		s = nl + 1;
	}
	jout_str(w, s);
	json_object_put(j);
}

/* A member of the top-level object; `n` counts the members written. */
static void
jout_key(struct jout *w, const char *key, size_t *n)
{
	jout_str(w, *n > 0 ? ",\n" : "\n");
	jout_indent(w, 1);
	jout_str(w, "\"");
	jout_str(w, key);
	jout_str(w, "\":");
	(*n)++;
}

static void
jout_member(struct jout *w, const char *key, struct json_object *j, size_t *n)
{
	if (j == NULL)
		json_oom();
	jout_key(w, key, n);
	jout_tree(w, j, 1);
}

/* Elements of an array that is a top-level member, written one by one. */
static void
jout_elem(struct jout *w, struct json_object *j, size_t *n)
{
	if (*n > 0)
		jout_str(w, ",\n");
	jout_indent(w, 2);
	jout_tree(w, j, 2);
	(*n)++;
}

static void
jout_close_array(struct jout *w, size_t n)
{
	if (n > 0)
		jout_str(w, "\n");
	jout_indent(w, 1);
	jout_str(w, "]");
}

static struct json_object *
json_captures(const struct isc_analysis *a)
{
	struct json_object *arr = jnew_arr();
	size_t		    i;

	for (i = 0; i < a->ncaptures; i++)
		jpush(arr, json_capture(a->captures[i]));
	return arr;
}

/* --psk-candidates: one side's result (the PSK with --show-keys). */
static struct json_object *
json_psk_side(const struct psk_side *s, int show)
{
	struct json_object *j = jnew_obj();

	jadd_str(j, "state", psk_side_state_name(s->state));
	if (s->check != NULL)
		jadd_str(j, "check", s->check);
	if (s->frame != 0)
		jadd_u64(j, "frame", s->frame);
	if (s->needs != NULL)
		jadd_str(j, "needs", s->needs);
	if (s->why != NULL)
		jadd_str(j, "reason", s->why);
	if (s->state == PSK_SIDE_FOUND) {
		jadd_u64(j, "line", s->line);
		if (show) {
			jadd(j, "psk", json_wire_string(s->psk, s->psk_len));
			jadd_hex(j, "psk_hex", s->psk, s->psk_len);
		}
	}
	return j;
}

/* --psk-candidates: the run and each IKE SA / parameter line. */
static struct json_object *
json_psk(const struct psk_check *c, const char *file, int show)
{
	const struct psk_crack_stats *st = psk_check_stats(c);
	struct json_object	     *j = jnew_obj(), *items = jnew_arr();
	size_t			      i;

	jadd(j, "file", json_wire_cstr(file));
	jadd_u64(j, "lines", st->lines);
	jadd_u64(j, "tried", st->tried);
	jadd_u64(j, "too_long", st->too_long);
	jadd_seconds(j, "seconds", st->seconds);
	for (i = 0; i < psk_check_count(c); i++) {
		const struct psk_item *it = psk_check_item(c, i);
		struct json_object    *o = jnew_obj();

		if (it->sa_index != PSK_NO_SA) {
			jadd_u64(o, "ike_sa", it->sa_index);
			jadd_u64(o, "ike_version", it->version);
			if (it->version == 1 && it->exch != 0)
				jadd_str(o, "exchange",
				    it->exch == 4 ? "aggressive" : "main");
			jadd_hex(o, "spi_i", it->spi_i, 8);
		} else {
			jadd(o, "params", json_wire_cstr(it->origin));
			jadd_str(o, "hash", psk_params_hash_name(it->hash));
		}
		if (it->side[1].state != PSK_SIDE_NONE)
			jadd(o, "initiator", json_psk_side(&it->side[1], show));
		if (it->side[0].state != PSK_SIDE_NONE)
			jadd(o, "responder", json_psk_side(&it->side[0], show));
		jpush(items, o);
	}
	jadd(j, "items", items);
	return j;
}

/* --- NDJSON events ------------------------------------------------------ */

/*
 * Suricata EVE's timestamp: local-time style with an explicit "+0000"
 * offset (times are UTC), microseconds.
 */
static void
eve_time(struct json_object *o, struct isc_time t)
{
	time_t	  tt = (time_t)t.sec;
	struct tm tm;
	char	  buf[80];

	if (t.sec < RFC3339_MIN_SEC || t.sec > RFC3339_MAX_SEC ||
	    (int64_t)tt != t.sec || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year > 9999 - 1900) {
		jadd_null_ok(o, "timestamp", NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (unsigned)(t.usec % 1000000));
	jadd_str(o, "timestamp", buf);
}

/* The EVE envelope: time, type, the 5-tuple. */
static struct json_object *
eve_event(const char *type, struct isc_time t, const struct isc_endpoint *src,
    const struct isc_endpoint *dst, const char *proto)
{
	struct json_object *j = jnew_obj();

	eve_time(j, t);
	jadd_str(j, "event_type", type);
	if (src != NULL && src->ip.family != 0) {
		jadd_addr(j, "src_ip", &src->ip);
		if (src->port != 0)
			jadd_u64(j, "src_port", src->port);
	}
	if (dst != NULL && dst->ip.family != 0) {
		jadd_addr(j, "dest_ip", &dst->ip);
		if (dst->port != 0)
			jadd_u64(j, "dest_port", dst->port);
	}
	if (proto != NULL)
		jadd_str(j, "proto", proto);
	return j;
}

/* Payload type names of a chain (Suricata's "payload" list). */
static struct json_object *
payload_names(const struct payload_ref *pl, size_t n)
{
	struct json_object *arr = jnew_arr();
	size_t		    i;
	char		    buf[32];

	for (i = 0; i < n; i++)
		jpush(arr,
		    json_object_new_string(
			reg_name_or(reg_payload_type(pl[i].type), pl[i].type,
			    buf, sizeof(buf))));
	return arr;
}

/* Notify names in a chain, clear or decrypted. */
static void
notify_names(struct json_object *arr, unsigned version, const struct ftree *t,
    const struct payload_ref *pl, const int32_t *nodes, size_t n)
{
	size_t i;

	for (i = 0; nodes != NULL && i < n; i++) {
		char	 buf[32];
		uint16_t nt;

		if (pl[i].type != (version == 2 ? 41 : 11) ||
		    nodes[i] == FT_NONE)
			continue;
		nt = (uint16_t)ft_child_u(t, nodes[i], "notify_type");
		jpush(arr,
		    json_object_new_string(
			reg_name_buf(version == 2 ? REG_V2_NOTIFY :
						    REG_V1_NOTIFY,
			    nt, buf, sizeof(buf))));
	}
}

static const char *
eve_proto(const struct isc_pkt_meta *m)
{
	return m->ip_proto == 6 ? "TCP" : "UDP";
}

static void
ndjson_write(struct ndjson *w, struct json_object *j)
{
	const char *s = json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (s == NULL)
		json_oom();
	if (!w->err && (fputs(s, w->f) == EOF || fputc('\n', w->f) == EOF))
		w->err = 1;
	json_object_put(j);
	w->events++;
}

void
ndjson_init(struct ndjson *w, FILE *f, const struct output_opts *o)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->o = o;
}

/* One IKE message, as it is added (isc_events.ike_msg). */
void
ndjson_ike_msg(void *ctx, const struct isc_ike_sa *sa,
    const struct isc_exchange *ex, const struct isc_msg *m)
{
	struct ndjson	    *w = ctx;
	struct json_object  *j, *ike, *notify = jnew_arr();
	static const uint8_t zero[8];

	j = eve_event("ike", m->meta.ts, &m->meta.src, &m->meta.dst,
	    eve_proto(&m->meta));
	jadd_u64(j, "pcap_cnt", m->meta.frame);
	ike = jnew_obj();
	jadd_u64(ike, "version_major", m->hdr.major);
	jadd_u64(ike, "version_minor", m->hdr.minor);
	jadd_hex(ike, "init_spi", m->hdr.spi_i, 8);
	jadd_hex(ike, "resp_spi",
	    memcmp(m->hdr.spi_r, zero, 8) != 0 ? m->hdr.spi_r : zero, 8);
	jadd_u64(ike, "message_id", m->hdr.msgid);
	jadd_u64(ike, "exchange_type", m->hdr.exch_type);
	jadd_reg_name(ike, "exchange_type_name",
	    reg_exchange_type(m->hdr.exch_type), m->hdr.exch_type);
	jadd_str(ike, "role", isc_role_name(m->from));
	jadd(ike, "payload", payload_names(m->payloads, m->npayloads));
	/* ikescope's own fields */
	jadd_u64(ike, "ike_sa", sa->index);
	jadd_u64(ike, "frame", m->meta.frame);
	jadd_u64(ike, "length", m->wire_len);
	jadd_bool(ike, "response", m->is_response);
	if (m->retrans_of != 0)
		jadd_u64(ike, "retransmission_of", m->retrans_of);
	jadd_bool(ike, "encrypted", m->encrypted);
	jadd_str(ike, "decryption", name_decryption(m->dec));
	if (m->dec == ISC_DEC_OK)
		jadd_str(ike, "decrypted_by", name_dec_by(m->dec_by));
	if (m->icv_ignored)
		jadd_bool(ike, "icv_ignored", 1);
	if (m->check != ISC_CHECK_NONE)
		jadd_str(ike, m->hdr.major == 1 ? "hash" : "auth",
		    name_check(m->check));
	notify_names(notify, sa->version, &m->fields, m->payloads,
	    m->payload_node, m->npayloads);
	if (m->plain != NULL) {
		jadd(ike, "decrypted_payload",
		    payload_names(m->plain->payloads, m->plain->npayloads));
		notify_names(notify, sa->version, &m->plain->fields,
		    m->plain->payloads, m->plain->payload_node,
		    m->plain->npayloads);
	}
	jadd(ike, "notify", notify);
	if (w->o->verbose) {
		jadd(ike, "payloads",
		    json_payloads(&m->fields, m->payloads, m->payload_node,
			m->npayloads, w->o));
		if (m->plain != NULL)
			jadd(ike, "decrypted_payloads",
			    json_payloads(&m->plain->fields, m->plain->payloads,
				m->plain->payload_node, m->plain->npayloads,
				w->o));
	}
	if (m->diags.n > 0)
		jadd(ike, "diagnosis", json_diags(&m->diags));
	(void)ex;
	jadd(j, "ike", ike);
	ndjson_write(w, j);
}

/* The time of a frame of the SA (for a diagnosis), else its start. */
static struct isc_time
sa_frame_time(const struct isc_ike_sa *sa, uint64_t frame)
{
	size_t i, k;

	for (i = 0; frame != 0 && i < sa->nex; i++)
		for (k = 0; k < sa->ex[i]->nmsgs; k++)
			if (sa->ex[i]->msgs[k]->meta.frame == frame)
				return sa->ex[i]->msgs[k]->meta.ts;
	return sa->first_ts;
}

static void
ndjson_diags(struct ndjson *w, const struct isc_diags *d,
    const struct isc_ike_sa *sa, struct isc_time t)
{
	struct json_object *all = json_diags(d);
	size_t		    i, n = json_object_array_length(all);

	for (i = 0; i < n; i++) {
		struct json_object *x =
		    json_object_get(json_object_array_get_idx(all, i));
		struct json_object *j;

		if (sa != NULL) {
			uint64_t f = i < d->n ? d->v[i].frame : 0;

			j = eve_event("diagnosis", sa_frame_time(sa, f),
			    &sa->initiator, &sa->responder,
			    sa->tcp ? "TCP" : "UDP");
			jadd_u64(x, "ike_sa", sa->index);
		} else {
			j = eve_event("diagnosis", t, NULL, NULL, NULL);
		}
		jadd(j, "diagnosis", x);
		ndjson_write(w, j);
	}
	json_object_put(all);
}

/* An IKE SA's summary and its diagnoses: at the end, or when it went idle. */
void
ndjson_sa(void *ctx, const struct isc_ike_sa *sa)
{
	struct ndjson	   *w = ctx;
	struct json_object *j, *s, *ike;

	j = eve_event("ike_sa", sa->first_ts, &sa->initiator, &sa->responder,
	    sa->tcp ? "TCP" : "UDP");
	ike = jnew_obj();
	jadd_u64(ike, "version_major", sa->version);
	jadd_hex(ike, "init_spi", sa->spi_i, 8);
	jadd_hex(ike, "resp_spi", sa->spi_r, 8);
	jadd(j, "ike", ike);
	s = json_ike_sa(sa, w->o);
	/* The messages went out as ike events already. */
	json_object_object_del(s, "exchanges");
	jadd(j, "ike_sa", s);
	ndjson_write(w, j);
	ndjson_diags(w, &sa->diags, sa, sa->first_ts);
}

void
ndjson_esp(void *ctx, const struct isc_esp_sa *e)
{
	struct ndjson	   *w = ctx;
	struct json_object *j, *s;

	j = eve_event("esp_sa", e->first_ts, &e->src, &e->dst,
	    e->proto == 51 ? "AH" : "ESP");
	s = json_esp_sa(e);
	json_object_object_del(s, "packet_list");
	jadd(j, "esp_sa", s);
	ndjson_write(w, j);
}

/* What is left once the capture is read: SAs, ESP SAs, diagnoses. */
int
ndjson_finish(struct ndjson *w, const struct isc_analysis *a)
{
	size_t i;

	for (i = 0; i < a->nsas && !w->err; i++)
		ndjson_sa(w, a->sas[i]);
	for (i = 0; i < a->nesp && !w->err; i++)
		ndjson_esp(w, a->esp_sas[i]);
	for (i = 0; i < a->ncaptures && !w->err; i++)
		ndjson_diags(w, &a->captures[i]->diags, NULL, a->first_ts);
	ndjson_diags(w, &a->diags, NULL, a->last_ts);
	if (fflush(w->f) == EOF || ferror(w->f))
		w->err = 1;
	return w->err ? -1 : 0;
}

int
output_json(FILE *out, const struct isc_analysis *a,
    const struct output_opts *o)
{
	struct jout w = { out, 0 };
	size_t	    nkeys = 0, n, i;

	jout_str(&w, "{");
	jout_member(&w, "version", json_object_new_string(PACKAGE_VERSION),
	    &nkeys);
	jout_member(&w, "captures", json_captures(a), &nkeys);

	jout_key(&w, "ike_sas", &nkeys);
	jout_str(&w, "[\n");
	for (i = n = 0; i < a->nsas && !w.err; i++)
		jout_elem(&w, json_ike_sa(a->sas[i], o), &n);
	jout_close_array(&w, n);

	jout_key(&w, "esp_sas", &nkeys);
	jout_str(&w, "[\n");
	for (i = n = 0; i < a->nesp && !w.err; i++)
		jout_elem(&w, json_esp_sa(a->esp_sas[i]), &n);
	jout_close_array(&w, n);

	jout_member(&w, "diagnosis", json_diags(&a->diags), &nkeys);
	if (o->psk != NULL)
		jout_member(&w, "psk_candidates",
		    json_psk(o->psk, o->psk_file, o->show_keys), &nkeys);
	jout_str(&w, "\n}\n");

	if (fflush(out) == EOF || ferror(out))
		w.err = 1;
	return w.err ? -1 : 0;
}
