/*
 * test_keys_charon.c - keys from strongSwan charon debug logs
 * (analyzer/keys_charon.h).
 *
 * Real logs: samples/strongswan/charon-log/<scenario>.charon-i.log (the
 * initiator's; .charon-r.log the responder's where there is one), made
 * by tests/interop/gen.sh --logs in the same run as <scenario>.pcap and
 * <scenario>.secrets.json.  Each log must give, without a problem,
 * exactly the keys secrets.json lists (IKE SA DH secrets, Ka or SK_*,
 * PFS DH secrets, both directions of every CHILD_SA with algorithms and
 * addresses), and those keys alone must make the analyzer decrypt the
 * capture: every encrypted IKE message, every ESP packet with its ICV
 * or tag verified.
 *
 * Made-up logs: the line formats (file log, syslog, CRLF), dumps
 * interleaved with other threads and garbage, dumps cut short (reported
 * at the dump's first line), over-long lines and NUL bytes, keys no SA
 * claims, the responder's view of key directions, AH, algorithm names
 * the key file does not know, files that are no log at all.
 *
 * The samples are found under argv[1], else $top_srcdir, else $srcdir,
 * else ".".
 */
#include <json-c/json.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzer/algo.h"
#include "../../analyzer/analysis.h"
#include "../../analyzer/keys.h"
#include "../../analyzer/keys_charon.h"
#include "../../analyzer/model.h"
#include "tap.h"

/* The scenarios with logs, and whether the responder's log is there. */
static const struct {
	const char *name;
	int	    with_r;
} scenarios[] = {
	{ "ikev1-main-psk-aes128-sha1-modp2048", 0 },
	{ "ikev1-qm-rekey", 1 },
	{ "ikev2-psk-gcm", 0 },
	{ "ikev2-rekey", 1 },
};

static char errbuf[8192];

static void
hexs(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

/* p/n written as hex equals hex ("" or NULL for empty). */
static int
eq_hex(const uint8_t *p, size_t n, const char *hex)
{
	char b[4200];

	if (hex == NULL)
		hex = "";
	if (n * 2 + 1 > sizeof(b))
		return 0;
	hexs(p, n, b);
	return strcmp(b, hex) == 0;
}

static size_t
total(const struct isc_keys *k)
{
	return k->npsk + k->ndh + k->nrsa + k->nv1 + k->nv2 + k->nesp;
}

/* Import path with its messages in errbuf. */
static int
import(struct isc_keys *k, const char *path)
{
	FILE  *e = tmpfile();
	size_t n = 0, i;
	int    r;

	errbuf[0] = '\0';
	r = isc_keys_import_charon(k, path, e);
	if (e != NULL) {
		rewind(e);
		n = fread(errbuf, 1, sizeof(errbuf) - 1, e);
		errbuf[n] = '\0';
		fclose(e);
	}
	/* one TAP line: messages separated by " | " */
	while (n > 0 && errbuf[n - 1] == '\n')
		errbuf[--n] = '\0';
	for (i = 0; i < n; i++)
		if (errbuf[i] == '\n')
			errbuf[i] = '|';
	return r;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const struct isc_key_dh *
find_dh(const struct isc_keys *k, const char *spi_i, const char *shared)
{
	char   s[17];
	size_t i;

	for (i = 0; i < k->ndh; i++) {
		hexs(k->dh[i].spi_i, 8, s);
		if (strcmp(s, spi_i) == 0 && k->dh[i].shared &&
		    eq_hex(k->dh[i].v, k->dh[i].len, shared))
			return &k->dh[i];
	}
	return NULL;
}

/*
 * charon's proposal part as a key-file name, the way secrets.json
 * readers write it (extract.py): AES_CBC_128 -> ENCR_AES_CBC.
 */
static uint16_t
algo_id(int kind, const char *charon)
{
	char	 b[96];
	size_t	 n;
	uint16_t id = 0xffff;

	if (charon == NULL || charon[0] == '\0')
		charon = "NONE";
	snprintf(b, sizeof(b), "%s%s",
	    strcmp(charon, "NONE") == 0 ? "" :
		kind == ALGO_ENCR	? "ENCR_" :
					  "AUTH_",
	    charon);
	n = strlen(b);
	if (kind == ALGO_ENCR && n > 4 &&
	    (strcmp(b + n - 4, "_128") == 0 || strcmp(b + n - 4, "_256") == 0))
		b[n - 4] = '\0';
	if (isc_algo_parse(kind, b, &id, NULL) != 0)
		return 0xffff;
	return id;
}

/* Every key of secrets.json in k, nothing else. */
static void
check_against_secrets(const char *what, const struct isc_keys *k,
    const char *json_path)
{
	struct json_object *doc = json_object_from_file(json_path);
	struct json_object *a, *sa, *ch, *sas, *e;
	size_t		    i, j, want = 0, m;
	char		    s[17], s2[17], addr[64];

	ok(doc != NULL, "%s: %s reads", what, json_path);
	if (doc == NULL)
		return;
	a = jget(doc, "ike_sas");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		const char *spi_i, *spi_r, *x;

		sa = json_object_array_get_idx(a, i);
		if (jget(sa, "only_in_responder_log") != NULL)
			continue;
		spi_i = jstr(sa, "spi_i");
		spi_r = jstr(sa, "spi_r");
		if ((x = jstr(sa, "dh_shared")) != NULL) {
			want++;
			ok(find_dh(k, spi_i, x) != NULL,
			    "%s: IKE SA %s: dh shared secret", what, spi_i);
		}
		if ((x = jstr(sa, "ka")) != NULL) {
			want++;
			for (j = 0; j < k->nv1; j++) {
				hexs(k->v1[j].spi_i, 8, s);
				if (strcmp(s, spi_i) == 0)
					break;
			}
			ok(j < k->nv1 &&
				eq_hex(k->v1[j].ka, k->v1[j].ka_len, x),
			    "%s: IKE SA %s: ikev1 Ka", what, spi_i);
		}
		if ((x = jstr(sa, "sk_ei")) != NULL) {
			const struct isc_key_v2 *v = NULL;
			struct json_object	*p = jget(sa, "proposal");

			want++;
			for (j = 0; j < k->nv2; j++) {
				hexs(k->v2[j].spi_i, 8, s);
				hexs(k->v2[j].spi_r, 8, s2);
				if (strcmp(s, spi_i) == 0 &&
				    strcmp(s2, spi_r) == 0)
					v = &k->v2[j];
			}
			ok(v != NULL && eq_hex(v->sk_ei, v->ek_len, x) &&
				eq_hex(v->sk_er, v->ek_len,
				    jstr(sa, "sk_er")) &&
				eq_hex(v->sk_ai, v->ak_len,
				    jstr(sa, "sk_ai")) &&
				eq_hex(v->sk_ar, v->ak_len, jstr(sa, "sk_ar")),
			    "%s: IKE SA %s_i %s_r: ikev2 SK_ei/er/ai/ar", what,
			    spi_i, spi_r);
			ok(v != NULL &&
				v->encr ==
				    algo_id(ALGO_ENCR, jstr(p, "encr")) &&
				v->integ ==
				    algo_id(ALGO_INTEG, jstr(p, "integ")),
			    "%s: IKE SA %s: ikev2 algorithms %s, %s", what,
			    spi_i, jstr(p, "encr"), jstr(p, "integ"));
		}
	}
	a = jget(doc, "child_sas");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		const char *x;

		ch = json_object_array_get_idx(a, i);
		if ((x = jstr(ch, "pfs_dh_shared")) != NULL) {
			want++;
			ok(find_dh(k, jstr(ch, "ike_spi_i"), x) != NULL,
			    "%s: CHILD_SA %zu: PFS dh shared secret (IKE SA "
			    "%s)",
			    what, i, jstr(ch, "ike_spi_i"));
		}
		sas = jget(ch, "sas");
		for (j = 0; sas != NULL && j < json_object_array_length(sas);
		     j++) {
			const struct isc_key_esp *es = NULL;
			uint16_t		  encr, integ;

			e = json_object_array_get_idx(sas, j);
			want++;
			for (m = 0; m < k->nesp; m++) {
				snprintf(s, sizeof(s), "%08x", k->esp[m].spi);
				if (strcmp(s, jstr(e, "spi")) == 0)
					es = &k->esp[m];
			}
			isc_algo_parse(ALGO_ENCR, jstr(e, "encr"), &encr, NULL);
			isc_algo_parse(ALGO_INTEG, jstr(e, "integ"), &integ,
			    NULL);
			ok(es != NULL && es->proto == 50 && es->encr == encr &&
				es->integ == integ &&
				eq_hex(es->ekey, es->ek_len,
				    jstr(e, "encr_key")) &&
				eq_hex(es->akey, es->ak_len,
				    jstr(e, "integ_key")),
			    "%s: ESP SA %s (%s): algorithms and keys", what,
			    jstr(e, "spi"), jstr(e, "direction"));
			ok(es != NULL &&
				strcmp(isc_addr_str(&es->src, addr,
					   sizeof(addr)),
				    jstr(e, "src")) == 0 &&
				strcmp(isc_addr_str(&es->dst, addr,
					   sizeof(addr)),
				    jstr(e, "dst")) == 0,
			    "%s: ESP SA %s: %s -> %s", what, jstr(e, "spi"),
			    jstr(e, "src"), jstr(e, "dst"));
		}
	}
	ok(total(k) == want && k->npsk == 0,
	    "%s: %zu entries, as many as secrets.json has keys (%zu)", what,
	    total(k), want);
	json_object_put(doc);
}

/*
 * The capture with the log's keys alone: every encrypted IKE message
 * decrypts, every ESP packet with its ICV/tag verified.
 */
static void
check_decrypts(const char *what, struct isc_keys *k, const char *pcap)
{
	struct isc_options   o;
	struct isc_analysis *a;
	char		     err[256];
	size_t		     i, j, m, enc = 0, bad = 0, nesp = 0;
	uint64_t	     pk = 0, okp = 0;

	memset(&o, 0, sizeof(o));
	o.keys = k;
	a = isc_analysis_new(&o);
	ok(isc_analysis_read_file(a, pcap, err, sizeof(err)) == 0,
	    "%s: %s reads", what, pcap);
	isc_analysis_finish(a);
	for (i = 0; i < a->nsas; i++)
		for (j = 0; j < a->sas[i]->nex; j++) {
			struct isc_exchange *ex = a->sas[i]->ex[j];

			for (m = 0; m < ex->nmsgs; m++) {
				if (!ex->msgs[m]->encrypted)
					continue;
				enc++;
				if (ex->msgs[m]->dec != ISC_DEC_OK)
					bad++;
			}
		}
	ok(enc > 0 && bad == 0,
	    "%s: all %zu encrypted IKE messages decrypt (%zu do not)", what,
	    enc, bad);
	for (i = 0; i < a->nesp; i++) {
		nesp++;
		pk += a->esp_sas[i]->packets;
		okp += a->esp_sas[i]->counts[ISC_ESP_OK];
	}
	ok(nesp >= 2 && pk > 0 && okp == pk,
	    "%s: %llu of %llu ESP packets (%zu SAs) decrypt with the ICV "
	    "verified",
	    what, (unsigned long long)okp, (unsigned long long)pk, nesp);
	isc_analysis_free(a);
}

static void
test_samples(const char *srcdir)
{
	char		 log[1024], js[1024], cap[1024], what[160];
	size_t		 i;
	int		 side, r;
	struct isc_keys *k;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		for (side = 0; side < 1 + scenarios[i].with_r; side++) {
			snprintf(log, sizeof(log),
			    "%s/samples/strongswan/charon-log/%s.charon-%c.log",
			    srcdir, scenarios[i].name, side ? 'r' : 'i');
			snprintf(js, sizeof(js),
			    "%s/samples/strongswan/charon-log/%s.secrets.json",
			    srcdir, scenarios[i].name);
			snprintf(cap, sizeof(cap),
			    "%s/samples/strongswan/charon-log/%s.pcap", srcdir,
			    scenarios[i].name);
			snprintf(what, sizeof(what), "%s (%s log)",
			    scenarios[i].name,
			    side ? "responder's" : "initiator's");
			k = isc_keys_new();
			r = import(k, log);
			ok(r == 0, "%s: read without problems (%d): %s", what,
			    r, errbuf);
			check_against_secrets(what, k, js);
			check_decrypts(what, k, cap);
			isc_keys_free(k);
		}
}

/* ------------------------------------------------------- made-up logs */

static char tmpl[512];

/* A new temporary file holding the text; its name in tmpl. */
static const char *
write_tmp(const char *text, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int	    fd;

	if (dir == NULL || dir[0] == '\0' || strlen(dir) > 400)
		dir = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/test_keys_charon.XXXXXX", dir);
	if ((fd = mkstemp(tmpl)) < 0)
		return NULL;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return NULL;
	}
	close(fd);
	return tmpl;
}

/* A growing log text. */
struct txt {
	char  *p;
	size_t len, cap;
	int    lines;
};

static void __attribute__((format(printf, 2, 3)))
put(struct txt *t, const char *fmt, ...)
{
	va_list ap;
	int	n, i;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->p = realloc(t->p, t->cap);
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (i = 0; i < n; i++)
		if (t->p[t->len + (size_t)i] == '\n')
			t->lines++;
	t->len += (size_t)n;
}

/* Bytes seed, seed+1, ... as hex. */
static void
pattern_hex(int seed, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", (seed + (int)i) & 0xff);
	out[2 * n] = '\0';
}

/*
 * charon's hex dump of n pattern bytes: "LABEL => N bytes @ 0x..." and
 * rows "%4d: XX XX ...  ascii", each line with the prefix pre.  With
 * stop >= 0, only that many rows.  Returns the head's line number.
 */
static int
dump(struct txt *t, const char *pre, const char *label, int seed, size_t n,
    int stop)
{
	size_t i, j;
	int    head = t->lines + 1, rows = 0;
	char   hex[64], asc[20];

	put(t, "%s%s => %zu bytes @ 0x7f62400030c0\n", pre, label, n);
	for (i = 0; i < n; i += 16) {
		if (stop >= 0 && rows++ >= stop)
			break;
		hex[0] = '\0';
		for (j = 0; j < 16; j++) {
			int b = (seed + (int)(i + j)) & 0xff;

			if (i + j < n) {
				sprintf(hex + 3 * j, "%02X ", b);
				asc[j] = b >= 32 && b < 127 ? (char)b : '.';
			} else {
				strcat(hex, "   ");
				asc[j] = '\0';
			}
		}
		asc[16] = '\0';
		put(t, "%s%4zu: %s %s\n", pre, i, hex, asc);
	}
	return head;
}

static const struct isc_key_esp *
esp_by_spi(const struct isc_keys *k, uint32_t spi)
{
	size_t i;

	for (i = 0; i < k->nesp; i++)
		if (k->esp[i].spi == spi)
			return &k->esp[i];
	return NULL;
}

static int
import_text(struct isc_keys *k, const struct txt *t)
{
	const char *p = write_tmp(t->p, t->len);
	int	    r;

	if (p == NULL)
		return -2;
	r = import(k, p);
	unlink(p);
	return r;
}

#define SPI_I "0011223344556677"
#define SPI_R "8899aabbccddeeff"
#define P7    "1700000000 07[IKE] <c|1> "
#define C7    "1700000000 07[CHD] <c|1> "

/* The IKEv2 exchanges of one SA, as an initiator logs them. */
static void
ikev2_log(struct txt *t, int *l_dh, int *l_ei, int *l_ci, int *l_cr)
{
	put(t,
	    "Nov 23 02:00:00 host charon: 00[DMN] Starting IKE charon "
	    "daemon (strongSwan 5.9.8)\n");
	put(t, "this line is no charon line\n");
	put(t,
	    "1700000000 07[MGR] checkout IKEv2 SA by message with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	put(t,
	    "1700000000 07[ENC] <c|1> parsed IKE_SA_INIT response 0 [ SA "
	    "KE No ]\n");
	put(t,
	    "1700000000 07[CFG] <c|1> selected proposal: "
	    "IKE:AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256\n");
	/* another thread's dump and a garbage line amid the first dump */
	*l_dh = dump(t, P7, "shared Diffie Hellman secret", 0x40, 32, 1);
	dump(t, "1700000000 09[IKE] <d|2> ", "Sk_ei secret", 0x99, 16, -1);
	put(t, "1700000000 09[KNL] an interface changed\n");
	put(t,
	    P7 "  16: 50 51 52 53 54 55 56 57 58 59 5A 5B 5C 5D 5E 5F   "
	       "PQRSTUVWXYZ[\\]^_\n");
	dump(t, P7, "SKEYSEED", 0x01, 64, -1);
	dump(t, P7, "Sk_d secret", 0x02, 64, -1);
	dump(t, P7, "Sk_ai secret", 0x03, 64, -1);
	dump(t, P7, "Sk_ar secret", 0x04, 64, -1);
	*l_ei = dump(t, P7, "Sk_ei secret", 0x05, 32, -1);
	dump(t, P7, "Sk_er secret", 0x06, 32, -1);
	dump(t, P7, "Sk_pi secret", 0x07, 64, -1);
	dump(t, P7, "Sk_pr secret", 0x08, 64, -1);
	put(t,
	    "1700000000 07[MGR] <c|1> checkin IKEv2 SA c[1] with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	put(t,
	    "1700000000 07[MGR] checkout IKEv2 SA by message with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	put(t,
	    "1700000000 07[ENC] <c|1> parsed IKE_AUTH response 1 [ IDr "
	    "AUTH SA TSi TSr ]\r\n");
	put(t,
	    "1700000000 07[CFG] <c|1> selected proposal: "
	    "ESP:AES_CTR_128/HMAC_SHA2_256_128/NO_EXT_SEQ\n");
	put(t, C7 "  using AES_CTR for encryption\n");
	put(t, C7 "  using HMAC_SHA2_256_128 for integrity\n");
	dump(t, C7, "seed", 0x10, 64, -1);
	*l_ci = dump(t, C7, "encryption initiator key", 0x20, 20, -1);
	*l_cr = dump(t, C7, "encryption responder key", 0x30, 20, -1);
	dump(t, C7, "integrity initiator key", 0x50, 32, -1);
	dump(t, C7, "integrity responder key", 0x60, 32, -1);
	put(t, C7 "adding inbound ESP SA\n");
	put(t, C7 "  SPI 0xc1c2c3c4, src 2001:db8::2 dst 2001:db8::1\n");
	put(t, C7 "adding outbound ESP SA\n");
	put(t, C7 "  SPI 0xd1d2d3d4, src 2001:db8::1 dst 2001:db8::2\n");
	put(t,
	    "1700000000 07[IKE] <c|1> CHILD_SA c{1} established with SPIs "
	    "c1c2c3c4_i d1d2d3d4_o and TS ::/0 === ::/0\n");
	put(t,
	    "1700000000 07[MGR] <c|1> checkin IKEv2 SA c[1] with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
}

static void
test_made_up(void)
{
	struct txt		  t;
	struct isc_keys		 *k;
	const struct isc_key_esp *e;
	char			  h[300], addr[64];
	char			  want[1024];
	int			  r, l_dh, l_ei, l_ci, l_cr;

	/* a whole IKEv2 SA */
	memset(&t, 0, sizeof(t));
	ikev2_log(&t, &l_dh, &l_ei, &l_ci, &l_cr);
	k = isc_keys_new();
	r = import_text(k, &t);
	ok(r == 0 && errbuf[0] == '\0',
	    "made-up IKEv2 log: no problems (%d: %s)", r, errbuf);
	ok(k->ndh == 1 && k->nv2 == 1 && k->nesp == 2 && total(k) == 4,
	    "made-up IKEv2 log: 1 dh, 1 ikev2, 2 esp entries (%zu %zu %zu)",
	    k->ndh, k->nv2, k->nesp);
	pattern_hex(0x40, 32, h);
	ok(find_dh(k, SPI_I, h) != NULL && k->dh[0].at.line == (unsigned)l_dh &&
		strcmp(k->dh[0].at.file, tmpl) == 0,
	    "dh: the dump joined across another thread's lines, origin "
	    "FILE:%d",
	    l_dh);
	if (k->nv2 == 1) {
		struct isc_key_v2 *v = &k->v2[0];
		char		   x[300];

		pattern_hex(0x05, 32, h);
		pattern_hex(0x06, 32, x);
		ok(eq_hex(v->sk_ei, v->ek_len, h) &&
			eq_hex(v->sk_er, v->ek_len, x) &&
			v->at.line == (unsigned)l_ei,
		    "ikev2: SK_ei, SK_er; origin the Sk_ei dump, line %d",
		    l_ei);
		pattern_hex(0x03, 64, h);
		pattern_hex(0x04, 64, x);
		ok(eq_hex(v->sk_ai, v->ak_len, h) &&
			eq_hex(v->sk_ar, v->ak_len, x),
		    "ikev2: SK_ai, SK_ar");
		ok(v->encr == 12 && v->integ == 14,
		    "ikev2: AES_CBC_256 / HMAC_SHA2_512_256 from the "
		    "selected proposal (%u %u)",
		    v->encr, v->integ);
	}
	e = esp_by_spi(k, 0xd1d2d3d4);
	pattern_hex(0x20, 20, h);
	ok(e != NULL && e->encr == 13 && e->integ == 12 &&
		eq_hex(e->ekey, e->ek_len, h) && e->at.line == (unsigned)l_ci,
	    "esp d1d2d3d4 (outbound of the exchange's initiator): initiator "
	    "keys, AES-CTR key with its nonce, origin line %d",
	    l_ci);
	pattern_hex(0x50, 32, h);
	ok(e != NULL && eq_hex(e->akey, e->ak_len, h) &&
		strcmp(isc_addr_str(&e->src, addr, sizeof(addr)),
		    "2001:db8::1") == 0,
	    "esp d1d2d3d4: integrity initiator key, from 2001:db8::1");
	e = esp_by_spi(k, 0xc1c2c3c4);
	pattern_hex(0x30, 20, h);
	ok(e != NULL && eq_hex(e->ekey, e->ek_len, h) &&
		e->at.line == (unsigned)l_cr,
	    "esp c1c2c3c4 (inbound): responder keys");
	isc_keys_free(k);

	/* the same lines as the exchange's responder logs them */
	{
		struct txt u;
		char	  *p;

		memset(&u, 0, sizeof(u));
		put(&u, "%s", t.p);
		while ((p = strstr(u.p, "IKE_AUTH response")) != NULL)
			memcpy(p, "IKE_AUTH request ", 17);
		k = isc_keys_new();
		r = import_text(k, &u);
		e = esp_by_spi(k, 0xd1d2d3d4);
		pattern_hex(0x30, 20, h);
		ok(r == 0 && e != NULL && eq_hex(e->ekey, e->ek_len, h),
		    "after \"parsed IKE_AUTH request\": the outbound SA has "
		    "the responder keys");
		isc_keys_free(k);
		free(u.p);
	}

	/* the same lines through syslog, with CRLF */
	{
		struct txt u;
		char	  *p, *q;

		memset(&u, 0, sizeof(u));
		for (p = t.p; *p != '\0'; p = q + 1) {
			q = strchr(p, '\n');
			put(&u, "Nov 23 02:00:00 gw charon: %.*s\r\n",
			    (int)(q - p), p + 11);
		}
		k = isc_keys_new();
		r = import_text(k, &u);
		ok(r == 0 && total(k) == 4,
		    "the same log through syslog, CRLF: %d, %zu entries (%s)",
		    r, total(k), errbuf);
		isc_keys_free(k);
		free(u.p);
	}
	free(t.p);

	/* a dump cut short by a line of its own thread, and at the end */
	memset(&t, 0, sizeof(t));
	put(&t, "1700000000 07[MGR] checkout IKEv1 SA with SPIs %s_i %s_r\n",
	    SPI_I, SPI_R);
	l_dh = dump(&t, P7, "shared Diffie Hellman secret", 1, 48, 2);
	put(&t, P7 "SKEYID_e => 16 bytes @ 0x1\n");
	put(&t, P7 "   0: 00 11 22 33   ..\"3\n");
	l_ei = dump(&t, P7, "encryption key Ka", 0x77, 16, -1);
	put(&t,
	    "1700000000 07[MGR] <c|1> checkin IKEv1 SA c[1] with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	l_cr = dump(&t, C7, "encryption initiator key", 1, 32, 1);
	k = isc_keys_new();
	r = import_text(k, &t);
	snprintf(want, sizeof(want),
	    "%s:%d: 'shared Diffie Hellman secret': the dump of 48 bytes "
	    "stops after 32",
	    tmpl, l_dh);
	ok(r == 3 && strstr(errbuf, want) != NULL,
	    "cut dumps: 3 problems, the first at its head line %d: %s", l_dh,
	    errbuf);
	snprintf(want, sizeof(want), "%s:%d: 'encryption initiator key'", tmpl,
	    l_cr);
	ok(strstr(errbuf, want) != NULL && strstr(errbuf, "the log ends"),
	    "a dump the end of the log cuts is reported at line %d", l_cr);
	pattern_hex(0x77, 16, h);
	ok(k->ndh == 0 && k->nv1 == 1 &&
		eq_hex(k->v1[0].ka, k->v1[0].ka_len, h) &&
		k->v1[0].at.line == (unsigned)l_ei,
	    "the cut secret is left out; the whole Ka is kept (line %d)", l_ei);
	isc_keys_free(k);
	free(t.p);

	/* over-long lines, NUL bytes, binary garbage between the rows */
	memset(&t, 0, sizeof(t));
	put(&t, "1700000000 07[MGR] checkout IKEv1 SA with SPIs %s_i %s_r\n",
	    SPI_I, SPI_R);
	put(&t, "%s", P7 "encryption key Ka => 16 bytes @ 0x1\n");
	{
		char *big = malloc(20001);

		memset(big, 'A', 20000);
		big[20000] = '\0';
		memcpy(big, P7, strlen(P7));
		put(&t, "%s\n", big);
		free(big);
	}
	put(&t,
	    P7 "   0: 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF  "
	       "..\n");
	put(&t, "\x01\x02\xff\xfe 07[IKE] \n");
	put(&t,
	    "1700000000 07[MGR] <c|1> checkin IKEv1 SA c[1] with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	t.p[t.len - 3] = '\0'; /* a NUL in the checkin line: ignored */
	put(&t,
	    "1700000000 07[MGR] <c|1> checkin IKEv1 SA c[1] with SPIs "
	    "%s_i %s_r\n",
	    SPI_I, SPI_R);
	k = isc_keys_new();
	r = import_text(k, &t);
	ok(r == 0 && k->nv1 == 1 &&
		eq_hex(k->v1[0].ka, k->v1[0].ka_len,
		    "00112233445566778899aabbccddeeff"),
	    "a 20000-byte line and a line with a NUL are skipped (%d: %s)", r,
	    errbuf);
	isc_keys_free(k);
	free(t.p);

	/* keys no SA claims: IKE keys without mgr lines, CHILD keys without
	   SPIs; the directions of an AH SA from "established with SPIs" */
	memset(&t, 0, sizeof(t));
	l_ei = dump(&t, P7, "encryption key Ka", 0x10, 16, -1);
	put(&t,
	    "1700000000 05[ENC] <c|1> parsed QUICK_MODE response 1 [ H "
	    "SA No ID ID ]\n");
	put(&t,
	    "1700000000 05[CHD] <c|1>   using HMAC_SHA1_96 for "
	    "integrity\n");
	dump(&t, "1700000000 05[CHD] <c|1> ", "integrity initiator key", 0x20,
	    20, -1);
	dump(&t, "1700000000 05[CHD] <c|1> ", "integrity responder key", 0x30,
	    20, -1);
	put(&t, "1700000000 05[CHD] <c|1> adding inbound AH SA\n");
	put(&t,
	    "1700000000 05[CHD] <c|1>   SPI 0x0000a001, src 192.0.2.2 dst "
	    "192.0.2.1\n");
	put(&t, "1700000000 05[CHD] <c|1> adding outbound AH SA\n");
	put(&t,
	    "1700000000 05[CHD] <c|1>   SPI 0x0000a002, src 192.0.2.1 dst "
	    "192.0.2.2\n");
	l_cr = dump(&t, "1700000000 06[CHD] <c|1> ", "encryption initiator key",
	    0x20, 16, -1);
	k = isc_keys_new();
	r = import_text(k, &t);
	snprintf(want, sizeof(want), "%s:%d: IKE SA keys with no IKE SA SPIs",
	    tmpl, l_ei);
	ok(r == 2 && strstr(errbuf, want) != NULL,
	    "Ka without SPIs: reported at line %d (%d: %s)", l_ei, r, errbuf);
	snprintf(want, sizeof(want), "%s:%d: CHILD_SA keys with no SPIs", tmpl,
	    l_cr);
	ok(strstr(errbuf, want) != NULL,
	    "CHILD_SA keys without SPIs: reported at line %d", l_cr);
	pattern_hex(0x20, 20, h);
	e = esp_by_spi(k, 0xa002);
	ok(k->nesp == 2 && e != NULL && e->proto == 51 && e->integ == 2 &&
		eq_hex(e->akey, e->ak_len, h),
	    "AH: ah entries, outbound of the QM initiator with the "
	    "initiator key");
	isc_keys_free(k);
	free(t.p);

	/* an algorithm the key file does not know: the parser's message */
	memset(&t, 0, sizeof(t));
	put(&t,
	    "1700000000 05[ENC] <c|1> parsed QUICK_MODE request 1 [ H "
	    "]\n");
	put(&t,
	    "1700000000 05[CHD] <c|1>   using SERPENT_CBC for "
	    "encryption\n");
	l_ci = dump(&t, "1700000000 05[CHD] <c|1> ", "encryption initiator key",
	    0x20, 16, -1);
	dump(&t, "1700000000 05[CHD] <c|1> ", "encryption responder key", 0x30,
	    16, -1);
	put(&t,
	    "1700000000 05[IKE] <c|1> CHILD_SA c{1} established with SPIs "
	    "0000b001_i 0000b002_o and TS 10.0.0.0/8 === 10.0.0.0/8\n");
	k = isc_keys_new();
	r = import_text(k, &t);
	snprintf(want, sizeof(want), "%s:%d: ESP SA 0x0000b001: ", tmpl, l_ci);
	ok(r == 2 && k->nesp == 0 && strstr(errbuf, want) != NULL &&
		strstr(errbuf, "ENCR_SERPENT_CBC") != NULL,
	    "unknown ENCR: both SAs reported with the parser's message (%d: "
	    "%s)",
	    r, errbuf);
	isc_keys_free(k);
	free(t.p);

	/* no log at all */
	k = isc_keys_new();
	ok(import(k, "/nonexistent/charon.log") == -1 &&
		strstr(errbuf, "/nonexistent/charon.log: ") != NULL,
	    "a file that cannot be read: -1 (%s)", errbuf);
	memset(&t, 0, sizeof(t));
	t.p = h;
	r = import_text(k, &t);
	ok(r == 1 && strstr(errbuf, "no keys") != NULL && total(k) == 0,
	    "an empty file: one problem, no keys (%s)", errbuf);
	{
		char   bin[65536];
		size_t i;

		srand(7);
		for (i = 0; i < sizeof(bin); i++)
			bin[i] = (char)(rand() & 0xff);
		t.p = bin;
		t.len = sizeof(bin);
		r = import_text(k, &t);
		ok(r == 1 && total(k) == 0,
		    "64 KB of random bytes: no keys (%d)", r);
	}
	isc_keys_free(k);
}

/*
 * A real log cut anywhere, and with lines dropped: never more keys
 * than the whole log gives, each cut dump reported, no crash.
 */
static void
test_damaged(const char *srcdir)
{
	char		 path[1024];
	FILE		*f;
	struct txt	 t, u;
	struct isc_keys *k;
	size_t		 whole, off, bad = 0, runs = 0, n, line;
	char		*p, *q;
	int		 r;

	snprintf(path, sizeof(path),
	    "%s/samples/strongswan/charon-log/ikev2-rekey.charon-i.log",
	    srcdir);
	memset(&t, 0, sizeof(t));
	if ((f = fopen(path, "rb")) == NULL) {
		ok(0, "%s: %s", path, strerror(errno));
		return;
	}
	t.p = malloc(1 << 20);
	t.len = fread(t.p, 1, (1 << 20) - 1, f);
	t.p[t.len] = '\0';
	fclose(f);
	k = isc_keys_new();
	r = import_text(k, &t);
	whole = total(k);
	isc_keys_free(k);
	ok(r == 0 && whole == 9, "ikev2-rekey log: %zu entries", whole);
	n = t.len;
	for (off = 0; off < n; off += 499) {
		t.len = off;
		k = isc_keys_new();
		r = import_text(k, &t);
		if (r < 0 || total(k) > whole)
			bad++;
		runs++;
		isc_keys_free(k);
	}
	t.len = n;
	ok(bad == 0, "the log cut at %zu places: never an error or more keys",
	    runs);
	/* every 7th line dropped, from each of 7 starting lines */
	bad = runs = 0;
	for (r = 0; r < 7; r++) {
		memset(&u, 0, sizeof(u));
		for (p = t.p, line = 0; *p != '\0'; p = q + 1, line++) {
			q = strchr(p, '\n');
			if (q == NULL)
				break;
			if (line % 7 != (size_t)r)
				put(&u, "%.*s\n", (int)(q - p), p);
		}
		k = isc_keys_new();
		if (import_text(k, &u) < 0 || total(k) > whole)
			bad++;
		runs++;
		isc_keys_free(k);
		free(u.p);
	}
	ok(bad == 0, "the log without every 7th line (%zu ways): no error",
	    runs);
	free(t.p);
}

int
main(int argc, char **argv)
{
	const char *srcdir;

	if (argc > 1)
		srcdir = argv[1];
	else if ((srcdir = getenv("top_srcdir")) == NULL &&
	    (srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	test_made_up();
	test_samples(srcdir);
	test_damaged(srcdir);
	return done();
}
