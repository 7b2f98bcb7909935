/*
 * export.c - --export-keys (DESIGN.md "Interoperability formats"): the
 * keys of a finished analysis as Wireshark key tables, tcpdump -E
 * secrets, an ikescope key file, or psk-crack / hashcat lines.
 *
 * Every format is written from the same two lists: the IKE SAs whose
 * keys verified (isc_ike_keys in state DERIVED or PROVIDED; for IKEv1
 * each side's keys, which differ when the two sides had different
 * PSKs) and the ESP/AH SAs (each direction of every child SA with
 * derived keys, and every ESP/AH SA bound to a key-file line).  An
 * ESP/AH row takes its addresses from the ESP SA of the capture that the
 * analyzer bound to those keys; a direction never seen in the capture
 * gets the IKE SA's addresses, from the initiator of the exchange that
 * created it.
 *
 * What a format cannot express is left out with a comment line in the
 * file (all formats but psk-crack have comments) and one note on stderr.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyzer/algo.h"
#include "../analyzer/analysis.h"
#include "../analyzer/keymat.h"
#include "../analyzer/keys.h"
#include "../analyzer/util.h"
#include "../dissect/registry.h"
#include "../dissect/registry_v2.h"
#include "../analyzer/psk_params.h"
#include "export.h"

#define PT_SA	 1
#define PT_KE	 4
#define PT_ID	 5
#define PT_HASH	 8
#define PT_NONCE 10

#define EX_AGGRESSIVE 4 /* IKEv1 exchange type */

static const char *const formats[] = { "wireshark", "tcpdump", "keys",
	"psk-crack" };

/* One export: where notes go and how many things were left out. */
struct ex {
	const struct isc_analysis *a;
	const char		  *fmt;
	const char		  *path;
	unsigned		   skipped;
};

/* One direction of an ESP or AH SA, with its keys. */
struct esp_row {
	uint8_t			   proto; /* 50 ESP, 51 AH */
	uint32_t		   spi;
	struct isc_addr		   src, dst;
	uint16_t		   encr, integ; /* IKEv2 transform IDs */
	const uint8_t		  *ekey, *akey;
	size_t			   ek_len, ak_len;
	const struct isc_ike_sa	  *sa; /* NULL: a key-file line */
	const struct isc_child_sa *child;
	int			   dir; /* child: 0 i->r (spi_r), 1 r->i */
	char			   origin[128];
};

struct esp_rows {
	struct esp_row *v;
	size_t		n, cap;
};

/* ---------------------------------------------------------------------
 * Output helpers
 */

static void
put_hex(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* Text that may come from a key file name or a capture name: no
   control bytes in a comment line. */
static void
put_safe(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

/*
 * Something the format cannot hold: a comment in the file (when f is
 * not NULL) and a note on stderr.
 */
static void __attribute__((format(printf, 3, 4)))
skip(struct ex *x, FILE *f, const char *fmt, ...)
{
	va_list ap;
	char	msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->skipped++;
	if (f != NULL) {
		fputs("# left out: ", f);
		put_safe(f, msg);
		fputc('\n', f);
	}
	fprintf(stderr, "ikescope: --export-keys %s: left out: ", x->fmt);
	put_safe(stderr, msg);
	fputc('\n', stderr);
}

/* A file for secrets: mode 0600 when created; "-" is stdout. */
static FILE *
open_out(const char *path, char *err, size_t errlen)
{
	FILE *f;
	int   fd;

	if (strcmp(path, "-") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}

static int
close_out(FILE *f, const char *path, char *err, size_t errlen)
{
	int bad;

	if (f == stdout) {
		if (fflush(f) != 0 || ferror(f))
			return errf(err, errlen,
			    "writing to standard output: "
			    "%s",
			    strerror(errno));
		return 0;
	}
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return errf(err, errlen, "%s: %s", path,
		    errno != 0 ? strerror(errno) : "write error");
	return 0;
}

static void
put_header(FILE *f, const struct ex *x, const char *what)
{
	size_t i;

	fprintf(f, "# %s, written by ikescope %s (--export-keys %s)\n", what,
	    PACKAGE_VERSION, x->fmt);
	for (i = 0; i < x->a->ncaptures; i++) {
		fputs(i == 0 ? "# from: " : "#       ", f);
		put_safe(f, x->a->captures[i]->file);
		fputc('\n', f);
	}
}

static const char *
spi_hex(const uint8_t spi[8], char buf[17])
{
	hex_encode(spi, 8, buf);
	return buf;
}

/* ---------------------------------------------------------------------
 * What the analysis holds
 */

static int
usable(const struct isc_ike_keys *k)
{
	return k->state == ISC_KEYS_DERIVED || k->state == ISC_KEYS_PROVIDED;
}

/*
 * The IKEv1 keysets of an SA worth writing: the initiator's, then the
 * responder's when they differ (different PSKs on the two sides).
 * Returns how many, with the side (1 initiator, 0 responder) of each.
 */
static size_t
v1_keysets(const struct isc_ike_sa *sa, const struct isc_ike_keys *out[2],
    int side[2])
{
	const struct isc_ike_keys *ki = &sa->keys[1], *kr = &sa->keys[0];
	size_t			   n = 0;

	if (usable(ki)) {
		out[n] = ki;
		side[n++] = 1;
	}
	if (usable(kr) &&
	    !(n == 1 && kr->ek_len == ki->ek_len &&
		memcmp(kr->ka, ki->ka, ki->ek_len) == 0)) {
		out[n] = kr;
		side[n++] = 0;
	}
	return n;
}

/* The IKEv2 keys of an SA, when they can be written at all. */
static const struct isc_ike_keys *
v2_keys(const struct isc_ike_sa *sa)
{
	const struct isc_ike_keys *k = &sa->keys[0];

	return usable(k) && sa->spi_r_known ? k : NULL;
}

static const char *
role_addr(const struct isc_ike_sa *sa, enum isc_role r, char *buf, size_t len)
{
	return isc_addr_str(r == ISC_ROLE_RESPONDER ? &sa->responder.ip :
						      &sa->initiator.ip,
	    buf, len);
}

/* "IKE SA 5408dd73977ee25d (IKEv1, 192.0.2.1 -> 192.0.2.2)" */
static void
put_sa_label(FILE *f, const struct isc_ike_sa *sa)
{
	char h[17], i[64], r[64];

	fprintf(f, "IKE SA %s (IKEv%u, %s -> %s)", spi_hex(sa->spi_i, h),
	    sa->version, role_addr(sa, ISC_ROLE_INITIATOR, i, sizeof(i)),
	    role_addr(sa, ISC_ROLE_RESPONDER, r, sizeof(r)));
}

static void
put_keys_comment(FILE *f, const struct isc_ike_sa *sa,
    const struct isc_ike_keys *k, int side)
{
	fputs("# ", f);
	put_sa_label(f, sa);
	if (side >= 0)
		fprintf(f, ", the %s's keys", side ? "initiator" : "responder");
	fprintf(f, ", %s",
	    k->state == ISC_KEYS_PROVIDED ? "keys given" : "keys derived");
	if (k->source != NULL) {
		fputs(" (", f);
		put_safe(f, k->source);
		fputc(')', f);
	}
	fputc('\n', f);
}

/* The role that initiated the exchange that made child c. */
static enum isc_role
child_creator(const struct isc_ike_sa *sa, const struct isc_child_sa *c)
{
	size_t i, j;

	for (i = 0; i < sa->nex; i++)
		for (j = 0; j < sa->ex[i]->nmsgs; j++)
			if (sa->ex[i]->msgs[j]->meta.frame == c->frame &&
			    sa->ex[i]->initiated_by != ISC_ROLE_UNKNOWN)
				return sa->ex[i]->initiated_by;
	return ISC_ROLE_INITIATOR;
}

static int
same_row(const struct esp_row *x, const struct esp_row *y)
{
	return x->proto == y->proto && x->spi == y->spi &&
	    isc_addr_eq(&x->src, &y->src) && isc_addr_eq(&x->dst, &y->dst) &&
	    x->encr == y->encr && x->integ == y->integ &&
	    x->ek_len == y->ek_len && x->ak_len == y->ak_len &&
	    (x->ek_len == 0 || memcmp(x->ekey, y->ekey, x->ek_len) == 0) &&
	    (x->ak_len == 0 || memcmp(x->akey, y->akey, x->ak_len) == 0);
}

static void
row_add(struct esp_rows *r, const struct esp_row *row)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (same_row(&r->v[i], row))
			return;
	ARRAY_GROW(r->v, r->n, r->cap);
	r->v[r->n++] = *row;
}

static void
child_rows(const struct isc_analysis *a, const struct isc_ike_sa *sa,
    const struct isc_child_sa *c, struct esp_rows *r)
{
	struct esp_row row;
	enum isc_role  from;
	size_t	       i;
	int	       d, found;
	char	       h[17];

	for (d = 0; d < 2; d++) {
		memset(&row, 0, sizeof(row));
		row.proto = c->protocol;
		row.spi = d == 0 ? c->spi_r : c->spi_i;
		row.encr = c->protocol == 50 ? c->encr : 0;
		row.integ = c->integ;
		row.ekey = c->ekey[d];
		row.ek_len = c->protocol == 50 ? c->ek_len : 0;
		row.akey = c->akey[d];
		row.ak_len = c->ak_len;
		row.sa = sa;
		row.child = c;
		row.dir = d;
		snprintf(row.origin, sizeof(row.origin),
		    "CHILD_SA %08x/%08x of IKE SA %s (frame %llu), %s",
		    (unsigned)c->spi_i, (unsigned)c->spi_r,
		    spi_hex(sa->spi_i, h), (unsigned long long)c->frame,
		    d == 0 ? "initiator -> responder" :
			     "responder -> initiator");
		/* The ESP SAs of the capture these keys decrypted. */
		found = 0;
		for (i = 0; i < a->nesp; i++) {
			const struct isc_esp_sa *e = a->esp_sas[i];

			if (e->child != c || e->spi != row.spi ||
			    e->proto != c->protocol)
				continue;
			row.src = e->src.ip;
			row.dst = e->dst.ip;
			row_add(r, &row);
			found++;
		}
		if (found)
			continue;
		/* Not in the capture: the creating exchange's roles. */
		from = child_creator(sa, c);
		if (d == 1)
			from = from == ISC_ROLE_INITIATOR ? ISC_ROLE_RESPONDER :
							    ISC_ROLE_INITIATOR;
		row.src = from == ISC_ROLE_INITIATOR ? sa->initiator.ip :
						       sa->responder.ip;
		row.dst = from == ISC_ROLE_INITIATOR ? sa->responder.ip :
						       sa->initiator.ip;
		row_add(r, &row);
	}
}

/* The key-file line an ESP SA was bound to (NULL: none). */
static const struct isc_key_esp *
esp_line(const struct isc_analysis *a, const struct isc_esp_sa *e)
{
	(void)a;
	return e->keys_from == ISC_ESP_KEYS_KEYFILE ? e->key_line : NULL;
}

static void
collect_esp(struct ex *x, struct esp_rows *r)
{
	const struct isc_analysis *a = x->a;
	struct esp_row		   row;
	size_t			   i, j;

	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		for (j = 0; j < sa->nchildren; j++) {
			const struct isc_child_sa *c = sa->children[j];

			if (c->state == ISC_KEYS_DERIVED ||
			    c->state == ISC_KEYS_PROVIDED)
				child_rows(a, sa, c, r);
		}
	}
	for (i = 0; i < a->nesp; i++) {
		const struct isc_esp_sa	 *e = a->esp_sas[i];
		const struct isc_key_esp *k;

		if (e->keys_from != ISC_ESP_KEYS_KEYFILE)
			continue;
		if ((k = esp_line(a, e)) == NULL) {
			skip(x, NULL,
			    "SPI %08x: keys from %s, but that line is not "
			    "found in the key store",
			    (unsigned)e->spi, e->key_source);
			continue;
		}
		memset(&row, 0, sizeof(row));
		row.proto = e->proto;
		row.spi = e->spi;
		row.src = e->src.ip;
		row.dst = e->dst.ip;
		row.encr = e->proto == 50 ? k->encr : 0;
		row.integ = k->integ;
		row.ekey = k->ekey;
		row.ek_len = k->ek_len;
		row.akey = k->akey;
		row.ak_len = k->ak_len;
		snprintf(row.origin, sizeof(row.origin), "key file line %s",
		    e->key_source);
		row_add(r, &row);
	}
}

/* ICV bytes of an ESP/AH row (AEAD tag, or integrity output). */
static size_t
row_icv(const struct esp_row *row)
{
	const struct algo *ea = algo_find(ALGO_ENCR, row->encr);
	const struct algo *ia = algo_find(ALGO_INTEG, row->integ);

	if (row->proto == 50 && ea != NULL && ea->aead)
		return ea->icv;
	return row->integ != 0 && ia != NULL ? ia->icv : 0;
}

static const char *
algo_label(int kind, uint16_t id, char *buf, size_t len)
{
	const struct algo *al = algo_find((enum algo_kind)kind, id);

	if (kind == ALGO_INTEG && id == 0)
		return "no integrity";
	if (al != NULL)
		return al->name;
	snprintf(buf, len, "%s %u", kind == ALGO_ENCR ? "ENCR" : "INTEG", id);
	return buf;
}

static void
put_row_comment(FILE *f, const struct esp_row *row)
{
	char s[64], d[64];

	fprintf(f, "# %s SPI %08x %s -> %s, ", row->proto == 51 ? "AH" : "ESP",
	    (unsigned)row->spi, isc_addr_str(&row->src, s, sizeof(s)),
	    isc_addr_str(&row->dst, d, sizeof(d)));
	put_safe(f, row->origin);
	fputc('\n', f);
}

/* ---------------------------------------------------------------------
 * Wireshark 4.0 key tables
 *
 * The enum strings of the UAT fields exactly as libwireshark 4.0 spells
 * them (vs_ikev2_encr_algs / vs_ikev2_auth_algs in packet-isakmp.c,
 * esp_encryption_type_vals / esp_authentication_type_vals in
 * packet-esp.c).  The byte fields of the IKE tables are bare hex
 * (Wireshark reads a quoted value as text); the esp_sa fields are all
 * quoted text, keys with 0x.
 */

/* IKEv2 table encryption string, or NULL; bits without the salt. */
static const char *
ws_v2_encr(uint16_t id, unsigned bits, char *buf, size_t len)
{
	const char *mode;
	int	    icv = 0;

	switch (id) {
	case 3:
		return "3DES [RFC2451]";
	case 11:
		return "NULL [RFC2410]";
	case 12:
		mode = "CBC";
		break;
	case 13:
		mode = "CTR";
		break;
	case 14:
	case 15:
	case 16:
		mode = "CCM";
		icv = id == 14 ? 8 : id == 15 ? 12 : 16;
		break;
	case 18:
	case 19:
	case 20:
		mode = "GCM";
		icv = id == 18 ? 8 : id == 19 ? 12 : 16;
		break;
	default:
		return NULL;
	}
	if (bits != 128 && bits != 192 && bits != 256)
		return NULL;
	if (icv != 0)
		snprintf(buf, len, "AES-%s-%u with %d octet ICV [RFC5282]",
		    mode, bits, icv);
	else
		snprintf(buf, len, "AES-%s-%u [%s]", mode, bits,
		    id == 12 ? "RFC3602" : "RFC5930");
	return buf;
}

/*
 * IKEv2 table integrity string, or NULL.  *nokey: the row carries no
 * integrity keys (AEAD, or an ICV Wireshark skips unchecked).
 */
static const char *
ws_v2_integ(uint16_t id, int *nokey)
{
	*nokey = 0;
	switch (id) {
	case 0:
		*nokey = 1;
		return "NONE [RFC4306]";
	case 1:
		return "HMAC_MD5_96 [RFC2403]";
	case 2:
		return "HMAC_SHA1_96 [RFC2404]";
	case 6:
		return "HMAC_MD5_128 [RFC4595]";
	case 7:
		return "HMAC_SHA1_160 [RFC4595]";
	case 12:
		return "HMAC_SHA2_256_128 [RFC4868]";
	case 13:
		return "HMAC_SHA2_384_192 [RFC4868]";
	case 14:
		return "HMAC_SHA2_512_256 [RFC4868]";
	case 1026:
		return "HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]";
	case 5: /* AES-XCBC-96, AES-CMAC-96: Wireshark has neither */
	case 8:
		*nokey = 1;
		return "ANY 96-bits of Authentication [No Checking]";
	}
	return NULL;
}

static const char *
ws_esp_encr(uint16_t id)
{
	switch (id) {
	case 2:
		return "DES-CBC [RFC2405]";
	case 3:
		return "TripleDES-CBC [RFC2451]";
	case 6:
		return "CAST5-CBC [RFC2144]";
	case 7:
		return "BLOWFISH-CBC [RFC2451]";
	case 11:
		return "NULL";
	case 12:
		return "AES-CBC [RFC3602]";
	case 13:
		return "AES-CTR [RFC3686]";
	case 18:
		return "AES-GCM with 8 octet ICV [RFC4106]";
	case 19:
		return "AES-GCM with 12 octet ICV [RFC4106]";
	case 20:
		return "AES-GCM with 16 octet ICV [RFC4106]";
	case 1027:
		return "TWOFISH-CBC";
	}
	return NULL;
}

/* esp_sa authentication string, or NULL; *nokey as ws_v2_integ(). */
static const char *
ws_esp_integ(uint16_t id, int *nokey)
{
	*nokey = 0;
	switch (id) {
	case 0:
		*nokey = 1;
		return "NULL";
	case 1:
		return "HMAC-MD5-96 [RFC2403]";
	case 2:
		return "HMAC-SHA-1-96 [RFC2404]";
	case 12:
		return "HMAC-SHA-256-128 [RFC4868]";
	case 13:
		return "HMAC-SHA-384-192 [RFC4868]";
	case 14:
		return "HMAC-SHA-512-256 [RFC4868]";
	case 1026:
		return "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]";
	case 5: /* AES-XCBC-96, AES-CMAC-96: skipped unchecked */
	case 8:
	case ALGO_INTEG_ANY_96:
		*nokey = 1;
		return "ANY 96 bit authentication [no checking]";
	case ALGO_INTEG_ANY_128:
		*nokey = 1;
		return "ANY 128 bit authentication [no checking]";
	case ALGO_INTEG_ANY_192:
		*nokey = 1;
		return "ANY 192 bit authentication [no checking]";
	case ALGO_INTEG_ANY_256:
		*nokey = 1;
		return "ANY 256 bit authentication [no checking]";
	}
	return NULL;
}

static void
ws_ikev1(struct ex *x, FILE *f)
{
	const struct isc_analysis *a = x->a;
	const struct isc_ike_keys *ks[2];
	size_t			   i, n;
	int			   side[2];
	char			   h[17];

	put_header(f, x, "Wireshark IKEv1 decryption table: SPI_I,Ka");
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (sa->version != 1 || (n = v1_keysets(sa, ks, side)) == 0)
			continue;
		put_keys_comment(f, sa, ks[0], n == 2 ? side[0] : -1);
		/* Wireshark 4.0 decrypts IKEv1 with DES, 3DES, AES-CBC. */
		if (sa->encr != 0 && sa->encr != 1 && sa->encr != 5 &&
		    sa->encr != 7)
			fprintf(f,
			    "# (tshark 4.0 decrypts IKEv1 only with DES, "
			    "3DES and AES-CBC, not IKEv1 cipher %u)\n",
			    sa->encr);
		fprintf(f, "%s,", spi_hex(sa->spi_i, h));
		put_hex(f, ks[0]->ka, ks[0]->ek_len);
		fputc('\n', f);
		if (n == 2)
			skip(x, f,
			    "IKE SA %s: the responder's Ka differs from the "
			    "initiator's (another PSK); the table holds one "
			    "Ka per SPI_I, the initiator's is written",
			    h);
	}
}

static void
ws_ikev2(struct ex *x, FILE *f)
{
	const struct isc_analysis *a = x->a;
	size_t			   i;
	char			   hi[17], hr[17], eb[64];

	put_header(f, x,
	    "Wireshark IKEv2 decryption table: "
	    "SPI_I,SPI_R,SK_ei,SK_er,ENCR,SK_ai,SK_ar,INTEG");
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa	  *sa = a->sas[i];
		const struct isc_ike_keys *k;
		const struct algo	  *ea;
		const char		  *e, *in;
		int			   nokey;

		if (sa->version != 2 || (k = v2_keys(sa)) == NULL)
			continue;
		ea = algo_find(ALGO_ENCR, sa->encr);
		e = ea != NULL && k->ek_len >= ea->salt ?
		    ws_v2_encr(sa->encr, (unsigned)((k->ek_len - ea->salt) * 8),
			eb, sizeof(eb)) :
		    NULL;
		in = ws_v2_integ(sa->integ, &nokey);
		spi_hex(sa->spi_i, hi);
		if (e == NULL || in == NULL) {
			char b1[32], b2[32];

			skip(x, f,
			    "IKE SA %s: Wireshark 4.0's IKEv2 table has no %s",
			    hi,
			    e == NULL ? algo_label(ALGO_ENCR, sa->encr, b1,
					    sizeof(b1)) :
					algo_label(ALGO_INTEG, sa->integ, b2,
					    sizeof(b2)));
			continue;
		}
		put_keys_comment(f, sa, k, -1);
		fprintf(f, "%s,%s,", hi, spi_hex(sa->spi_r, hr));
		put_hex(f, k->sk_ei, k->ek_len);
		fputc(',', f);
		put_hex(f, k->sk_er, k->ek_len);
		fprintf(f, ",\"%s\",", e);
		if (!nokey)
			put_hex(f, k->sk_ai, k->ak_len);
		fputc(',', f);
		if (!nokey)
			put_hex(f, k->sk_ar, k->ak_len);
		fprintf(f, ",\"%s\"\n", in);
	}
}

static void
ws_esp(struct ex *x, FILE *f, const struct esp_rows *r)
{
	size_t i;

	put_header(f, x,
	    "Wireshark ESP SAs: protocol,src,dst,SPI,ENCR,key,AUTH,key");
	for (i = 0; i < r->n; i++) {
		const struct esp_row *row = &r->v[i];
		const char	     *e, *in;
		char		      s[64], d[64], b[32];
		int		      nokey;

		if (row->proto != 50) {
			skip(x, f,
			    "AH SPI %08x: Wireshark's esp_sa holds ESP SAs "
			    "only",
			    (unsigned)row->spi);
			continue;
		}
		e = ws_esp_encr(row->encr);
		in = ws_esp_integ(row->integ, &nokey);
		if (e == NULL || in == NULL) {
			skip(x, f,
			    "ESP SPI %08x: tshark 4.0's esp_sa has no %s",
			    (unsigned)row->spi,
			    e == NULL ?
				algo_label(ALGO_ENCR, row->encr, b, sizeof(b)) :
				algo_label(ALGO_INTEG, row->integ, b,
				    sizeof(b)));
			continue;
		}
		put_row_comment(f, row);
		fprintf(f, "\"%s\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"",
		    row->src.family == 6 ? "IPv6" : "IPv4",
		    isc_addr_str(&row->src, s, sizeof(s)),
		    isc_addr_str(&row->dst, d, sizeof(d)), (unsigned)row->spi,
		    e);
		if (row->ek_len > 0) {
			fputs("0x", f);
			put_hex(f, row->ekey, row->ek_len);
		}
		fprintf(f, "\",\"%s\",\"", in);
		if (!nokey && row->ak_len > 0) {
			fputs("0x", f);
			put_hex(f, row->akey, row->ak_len);
		}
		fputs("\"\n", f);
	}
}

static int
make_dir(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (stat(path, &st) != 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return errf(err, errlen,
		    "%s: not a directory (wireshark:DIR writes three "
		    "files into a directory)",
		    path);
	return 0;
}

static int
export_wireshark(struct ex *x, const struct esp_rows *r, char *err,
    size_t errlen)
{
	static const char *const names[] = { "ikev1_decryption_table",
		"ikev2_decryption_table", "esp_sa" };
	size_t			 i;

	if (make_dir(x->path, err, errlen) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		char *p = xasprintf("%s/%s", x->path, names[i]);
		FILE *f = open_out(p, err, errlen);
		int   rc;

		if (f == NULL) {
			free(p);
			return -1;
		}
		if (i == 0)
			ws_ikev1(x, f);
		else if (i == 1)
			ws_ikev2(x, f);
		else
			ws_esp(x, f, r);
		rc = close_out(f, p, err, errlen);
		free(p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * tcpdump -E (print-esp.c): `0xSPI@DST ALGO:0xKEY` and `ikev2 I|R
 * 0xSPI_I 0xSPI_R INTEG:0xKEY ENCR:0xKEY`.  tcpdump hands ALGO, without
 * a "-hmac96" suffix (which says: a 12-byte ICV follows) and then a
 * "-cbc" suffix, to OpenSSL's EVP_get_cipherbyname(), takes the IV
 * length from the cipher and never checks an ICV.  Counter and AEAD
 * modes, and ICVs of another size, are beyond it.  It ignores the INTEG
 * name of ikev2 lines; libreswan's names are written.
 */

/*
 * DES, Blowfish and CAST are in OpenSSL 3's legacy provider, which
 * tcpdump does not load: tcpdump 4.99 with OpenSSL 3 finds the names but
 * cannot use the cipher (with a Blowfish line it crashes).  They are left
 * out; *why says so.
 */
static const char *
td_encr(uint16_t id, size_t keylen, char *buf, size_t len, const char **why)
{
	const char *base;

	*why = "a cipher tcpdump -E cannot use (CBC ciphers only)";
	switch (id) {
	case 2:
	case 6:
	case 7:
		*why = "a cipher only OpenSSL's legacy provider has, which "
		       "tcpdump does not load";
		return NULL;
	case 3:
		return "3des-cbc";
	case 12:
		base = "aes";
		break;
	case 23:
		base = "camellia";
		break;
	default:
		return NULL;
	}
	if (keylen != 16 && keylen != 24 && keylen != 32)
		return NULL;
	snprintf(buf, len, "%s%zu-cbc", base, keylen * 8);
	return buf;
}

static const char *
td_integ(uint16_t id)
{
	switch (id) {
	case 1:
		return "md5";
	case 2:
		return "sha1";
	case 5:
		return "aes_xcbc";
	case 8:
		return "aes_cmac";
	case 12:
		return "sha2_256";
	case 13:
		return "sha2_384";
	case 14:
		return "sha2_512";
	case 1026:
		return "sha2_256_96";
	}
	return NULL;
}

static void
td_ikev2(struct ex *x, FILE *f)
{
	const struct isc_analysis *a = x->a;
	size_t			   i;
	int			   side;
	char			   hi[17], hr[17], eb[32], b[32];
	const char		  *why;

	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa	  *sa = a->sas[i];
		const struct isc_ike_keys *k;
		const struct algo	  *ia;
		const char		  *e, *in;

		if (sa->version == 1) {
			const struct isc_ike_keys *ks[2];
			int			   sd[2];

			if (v1_keysets(sa, ks, sd) > 0)
				skip(x, f,
				    "IKE SA %s: tcpdump does not decrypt IKEv1",
				    spi_hex(sa->spi_i, hi));
			continue;
		}
		if ((k = v2_keys(sa)) == NULL)
			continue;
		spi_hex(sa->spi_i, hi);
		spi_hex(sa->spi_r, hr);
		e = td_encr(sa->encr, k->ek_len, eb, sizeof(eb), &why);
		in = td_integ(sa->integ);
		ia = algo_find(ALGO_INTEG, sa->integ);
		if (e == NULL) {
			skip(x, f, "IKE SA %s: %s is %s", hi,
			    algo_label(ALGO_ENCR, sa->encr, b, sizeof(b)), why);
			continue;
		}
		if (in == NULL || ia == NULL) {
			skip(x, f, "IKE SA %s: tcpdump has no name for %s", hi,
			    algo_label(ALGO_INTEG, sa->integ, b, sizeof(b)));
			continue;
		}
		put_keys_comment(f, sa, k, -1);
		for (side = 1; side >= 0; side--) {
			fprintf(f, "ikev2 %c 0x%s 0x%s %s:0x", side ? 'I' : 'R',
			    hi, hr, in);
			put_hex(f, side ? k->sk_ai : k->sk_ar, k->ak_len);
			fprintf(f, " %s%s:0x", e,
			    ia->icv == 12 ? "-hmac96" : "");
			put_hex(f, side ? k->sk_ei : k->sk_er, k->ek_len);
			fputc('\n', f);
		}
	}
}

static void
td_esp(struct ex *x, FILE *f, const struct esp_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct esp_row *row = &r->v[i];
		const char	     *e, *why;
		size_t		      icv = row_icv(row);
		char		      d[64], eb[32], b[32];

		if (row->proto != 50) {
			skip(x, f, "AH SPI %08x: tcpdump -E is for ESP only",
			    (unsigned)row->spi);
			continue;
		}
		e = td_encr(row->encr, row->ek_len, eb, sizeof(eb), &why);
		if (e == NULL) {
			skip(x, f, "ESP SPI %08x: %s is %s", (unsigned)row->spi,
			    algo_label(ALGO_ENCR, row->encr, b, sizeof(b)),
			    why);
			continue;
		}
		if (icv != 0 && icv != 12) {
			skip(x, f,
			    "ESP SPI %08x: %s has a %zu-byte ICV; tcpdump "
			    "knows none or 12 bytes (-hmac96)",
			    (unsigned)row->spi,
			    algo_label(ALGO_INTEG, row->integ, b, sizeof(b)),
			    icv);
			continue;
		}
		put_row_comment(f, row);
		fprintf(f, "0x%08x@%s %s%s:0x", (unsigned)row->spi,
		    isc_addr_str(&row->dst, d, sizeof(d)), e,
		    icv == 12 ? "-hmac96" : "");
		put_hex(f, row->ekey, row->ek_len);
		fputc('\n', f);
	}
}

static int
export_tcpdump(struct ex *x, const struct esp_rows *r, char *err, size_t errlen)
{
	FILE *f = open_out(x->path, err, errlen);

	if (f == NULL)
		return -1;
	put_header(f, x, "tcpdump ESP/IKEv2 secrets");
	fputs("# use: tcpdump -r CAPTURE -E 'file THIS-FILE'\n"
	      "# (tcpdump reads it at the first ESP packet, after it gave up "
	      "root for\n"
	      "# its -Z user: run it as this file's owner, or with -Z root)\n",
	    f);
	td_ikev2(x, f);
	td_esp(x, f, r);
	return close_out(f, x->path, err, errlen);
}

/* ---------------------------------------------------------------------
 * ikescope's key file (README "Key file")
 */

/*
 * The name a key file line takes for a transform: IANA's (the registry
 * name), else one of ikescope's private ones; always one that
 * isc_algo_parse() reads back to the same ID.  NULL when none does.
 */
static const char *
kf_algo(int kind, uint16_t id)
{
	static const char *const priv[] = { "ENCR_TWOFISH_CBC",
		"AUTH_HMAC_SHA2_256_96", "ANY_96", "ANY_128", "ANY_192",
		"ANY_256" };
	const char		*n;
	uint16_t		 back;
	size_t			 i;

	n = reg_name(kind == ALGO_ENCR ? REG_V2_ENCR : REG_V2_INTEG, id);
	if (n != NULL && isc_algo_parse(kind, n, &back, NULL) == 0 &&
	    back == id)
		return n;
	for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		if (isc_algo_parse(kind, priv[i], &back, NULL) == 0 &&
		    back == id)
			return priv[i];
	return NULL;
}

/* HEX, or - for an empty field. */
static void
kf_hex(FILE *f, const uint8_t *p, size_t n)
{
	if (n == 0)
		fputc('-', f);
	else
		put_hex(f, p, n);
}

static void
kf_ike(struct ex *x, FILE *f)
{
	const struct isc_analysis *a = x->a;
	size_t			   i, j, n;
	char			   hi[17], hr[17], b[32];

	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa	  *sa = a->sas[i];
		const struct isc_ike_keys *ks[2], *k;
		const char		  *e, *in;
		int			   side[2];

		spi_hex(sa->spi_i, hi);
		if (sa->version == 1) {
			n = v1_keysets(sa, ks, side);
			for (j = 0; j < n; j++) {
				put_keys_comment(f, sa, ks[j],
				    n == 2 ? side[j] : -1);
				fprintf(f, "ikev1 %s ", hi);
				put_hex(f, ks[j]->ka, ks[j]->ek_len);
				fputc('\n', f);
			}
			continue;
		}
		if ((k = v2_keys(sa)) == NULL)
			continue;
		e = kf_algo(ALGO_ENCR, sa->encr);
		in = kf_algo(ALGO_INTEG, sa->integ);
		if (e == NULL || in == NULL) {
			skip(x, f, "IKE SA %s: no key file name for %s", hi,
			    e == NULL ?
				algo_label(ALGO_ENCR, sa->encr, b, sizeof(b)) :
				algo_label(ALGO_INTEG, sa->integ, b,
				    sizeof(b)));
			continue;
		}
		put_keys_comment(f, sa, k, -1);
		fprintf(f, "ikev2 %s %s ", hi, spi_hex(sa->spi_r, hr));
		kf_hex(f, k->sk_ei, k->ek_len);
		fputc(' ', f);
		kf_hex(f, k->sk_er, k->ek_len);
		fprintf(f, " %s ", e);
		kf_hex(f, k->sk_ai, sa->integ != 0 ? k->ak_len : 0);
		fputc(' ', f);
		kf_hex(f, k->sk_ar, sa->integ != 0 ? k->ak_len : 0);
		fprintf(f, " %s\n", in);
	}
}

static void
kf_esp(struct ex *x, FILE *f, const struct esp_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct esp_row *row = &r->v[i];
		const char	     *e = NULL, *in;
		char		      s[64], d[64], b[32];

		in = kf_algo(ALGO_INTEG, row->integ);
		if (row->proto == 50)
			e = kf_algo(ALGO_ENCR, row->encr);
		if ((row->proto == 50 && e == NULL) || in == NULL ||
		    (row->proto == 51 && row->integ == 0)) {
			skip(x, f, "SPI %08x: no key file name for %s",
			    (unsigned)row->spi,
			    row->proto == 50 && e == NULL ?
				algo_label(ALGO_ENCR, row->encr, b, sizeof(b)) :
				algo_label(ALGO_INTEG, row->integ, b,
				    sizeof(b)));
			continue;
		}
		put_row_comment(f, row);
		if (row->proto == 50) {
			fprintf(f, "esp %08x %s ", (unsigned)row->spi, e);
			kf_hex(f, row->ekey, row->ek_len);
			fprintf(f, " %s ", in);
		} else
			fprintf(f, "ah %08x %s ", (unsigned)row->spi, in);
		kf_hex(f, row->akey, row->integ != 0 ? row->ak_len : 0);
		fprintf(f, " %s %s\n", isc_addr_str(&row->src, s, sizeof(s)),
		    isc_addr_str(&row->dst, d, sizeof(d)));
	}
}

static int
export_keyfile(struct ex *x, const struct esp_rows *r, char *err, size_t errlen)
{
	FILE *f = open_out(x->path, err, errlen);

	if (f == NULL)
		return -1;
	put_header(f, x, "ikescope key file");
	fputs("#\n"
	      "# Every key ikescope derived from, or was given for, these "
	      "captures.\n"
	      "# Read it back with `ikescope -k THIS-FILE CAPTURE...`: no "
	      "PSK, DH value\n"
	      "# or RSA key is needed.  Final keys alone cannot check "
	      "IKEv1 HASHes\n"
	      "# (no SKEYID_a) or IKEv2 AUTH (no SK_p*), nor derive child "
	      "SA keys\n"
	      "# (no SKEYID_d / SK_d): every child SA's keys are "
	      "written as esp/ah\n"
	      "# lines, one per direction, instead.\n",
	    f);
	kf_ike(x, f);
	kf_esp(x, f, r);
	return close_out(f, x->path, err, errlen);
}

/* ---------------------------------------------------------------------
 * psk-crack / hashcat 5300 (MD5) and 5400 (SHA1): RFC 2409 5.4, HASH_R =
 * prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b) with SKEYID =
 * prf(PSK, Ni_b | Nr_b); one line
 * g_xr:g_xi:cky_r:cky_i:sai_b:idir_b:ni_b:nr_b:hash_r, payload bodies
 * without their generic header, as ike-scan --pskcrack writes them.
 * The inputs are those analyzer/ikev1_crypt.c checks HASH_R with
 * (v1_clear_hash): the first copy of each Aggressive Mode message.
 */

/* The psk-crack line of an Aggressive Mode SA (analyzer/psk_params.c). */
static void
pc_sa(struct ex *x, FILE *f, const struct isc_ike_sa *sa)
{
	struct psk_params p;
	const char	 *why = NULL;
	char		  h[17];

	spi_hex(sa->spi_i, h);
	if (psk_params_from_sa_side(sa, ISC_ROLE_RESPONDER, &p, &why) != 0)
		skip(x, NULL, "IKE SA %s: %s", h,
		    why != NULL ? why : "no HASH_R");
	else if (!psk_params_pskcrack_ok(&p))
		skip(x, NULL,
		    "IKE SA %s: HASH_R is %zu bytes; psk-crack and hashcat "
		    "5300/5400 take MD5 (16) or SHA1 (20) only",
		    h, p.hash_r.len);
	else
		(void)psk_params_format(&p, f);
	psk_params_free(&p);
}

static int
export_pskcrack(struct ex *x, char *err, size_t errlen)
{
	const struct isc_analysis *a = x->a;
	FILE			  *f;
	size_t			   i, j, lines = 0;

	if ((f = open_out(x->path, err, errlen)) == NULL)
		return -1;
	/* No comments: psk-crack stops at the first line that is not 9
	   fields. */
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (sa->version != 1 ||
		    km_v1_auth_class(sa->auth_method) != KM_V1_PSK)
			continue;
		for (j = 0; j < sa->nex; j++)
			if (sa->ex[j]->type == EX_AGGRESSIVE &&
			    sa->ex[j]->msgid == 0) {
				pc_sa(x, f, sa);
				lines++;
				break;
			}
	}
	if (lines == 0)
		fprintf(stderr,
		    "ikescope: --export-keys psk-crack: no IKEv1 Aggressive "
		    "Mode exchange with PSK authentication in the capture; "
		    "%s is empty\n",
		    strcmp(x->path, "-") == 0 ? "the output" : x->path);
	return close_out(f, x->path, err, errlen);
}

/* ---------------------------------------------------------------------
 * Entry points
 */

static int
known_format(const char *fmt, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strlen(formats[i]) == len &&
		    strncmp(formats[i], fmt, len) == 0)
			return 1;
	return 0;
}

static int
check(const char *fmt, size_t flen, const char *path, char *err, size_t errlen)
{
	if (!known_format(fmt, flen))
		return errf(err, errlen,
		    "--export-keys: unknown format \"%.*s\" (wireshark:DIR, "
		    "tcpdump:FILE, keys:FILE or psk-crack:FILE)",
		    (int)(flen > 32 ? 32 : flen), fmt);
	if (path == NULL || *path == '\0')
		return errf(err, errlen,
		    "--export-keys %.*s: no path after "
		    "the colon",
		    (int)flen, fmt);
	if (flen == 9 && strncmp(fmt, "wireshark", 9) == 0 &&
	    strcmp(path, "-") == 0)
		return errf(err, errlen,
		    "--export-keys wireshark: needs a directory (it writes "
		    "three tables), not -");
	return 0;
}

int
export_keys_check(const char *arg, char *err, size_t errlen)
{
	const char *colon = strchr(arg, ':');

	if (colon == NULL)
		return errf(err, errlen,
		    "--export-keys: \"%.64s\" is not FMT:PATH (wireshark:DIR, "
		    "tcpdump:FILE, keys:FILE or psk-crack:FILE)",
		    arg);
	return check(arg, (size_t)(colon - arg), colon + 1, err, errlen);
}

int
export_keys(const struct isc_analysis *a, const char *fmt, const char *path,
    char *err, size_t errlen)
{
	struct ex	x;
	struct esp_rows r;
	int		rc;

	if (check(fmt, strlen(fmt), path, err, errlen) != 0)
		return -1;
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.fmt = fmt;
	x.path = path;
	memset(&r, 0, sizeof(r));
	if (strcmp(fmt, "psk-crack") == 0)
		rc = export_pskcrack(&x, err, errlen);
	else {
		collect_esp(&x, &r);
		if (strcmp(fmt, "wireshark") == 0)
			rc = export_wireshark(&x, &r, err, errlen);
		else if (strcmp(fmt, "tcpdump") == 0)
			rc = export_tcpdump(&x, &r, err, errlen);
		else
			rc = export_keyfile(&x, &r, err, errlen);
		free(r.v);
	}
	if (rc != 0 && errlen > 0) {
		char *m = xasprintf("--export-keys %s: %s", fmt, err);

		snprintf(err, errlen, "%s", m);
		free(m);
	}
	return rc;
}

int
export_keys_arg(const struct isc_analysis *a, const char *arg, char *err,
    size_t errlen)
{
	const char *colon = strchr(arg, ':');
	char	   *fmt;
	int	    rc;

	if (colon == NULL)
		return export_keys_check(arg, err, errlen);
	fmt = xmemdup(arg, (size_t)(colon - arg) + 1);
	fmt[colon - arg] = '\0';
	rc = export_keys(a, fmt, colon + 1, err, errlen);
	free(fmt);
	return rc;
}
