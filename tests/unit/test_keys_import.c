/*
 * test_keys_import.c - keys imported from other tools (analyzer/
 * keys_import.h) and the key file's `import FORMAT PATH` line.
 *
 * Real files first: every Wireshark table and tcpdump secrets file that
 * came with a public capture (tests/data/esp, tests/data/import) must
 * give the same store as the key file the project wrote for that
 * capture, and the xfrm renderings of the strongSwan samples the same
 * esp entries as their .full.keys.  Then each format's syntax, good and
 * bad, with the exact "FILE:LINE: message" it reports; then the import
 * line itself (relative PATH, unreadable files, bad records, nesting).
 *
 * Data files are found under argv[1], else $top_srcdir, else $srcdir,
 * else ".".
 */
#include <sys/stat.h>

#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzer/keys.h"
#include "../../analyzer/keys_import.h"
#include "tap.h"

#define K16 "00112233445566778899aabbccddeeff"
#define K20 K16 "01020304"
#define K24 K16 "0123456789abcdef"
#define K32 K16 K16

static const char *srcdir;
static char	   tmpdir[64];
static char	   out[16384]; /* what the last import printed */

/* ---------------------------------------------------------------------
 * Helpers
 */

static const char *
data(const char *rel)
{
	static char buf[4][512];
	static int  i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/tests/data/%s", srcdir, rel);
	return buf[i];
}

/* A file NAME in the temporary directory holding text; its path. */
static const char *
tmpf(const char *name, const char *text)
{
	static char buf[4][256];
	static int  i;
	FILE	   *f;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	if ((f = fopen(buf[i], "wb")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return buf[i];
}

static void
slurp(FILE *f)
{
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
}

/* isc_keys_import(); what it printed is in out[]. */
static int
imp(struct isc_keys *k, const char *fmt, const char *path)
{
	FILE *f = tmpfile();
	int   n;

	out[0] = '\0';
	if (f == NULL)
		return -2;
	n = isc_keys_import(k, fmt, path, f);
	slurp(f);
	fclose(f);
	return n;
}

/* isc_keys_load_file(); what it printed is in out[]. */
static int
load(struct isc_keys *k, const char *path)
{
	FILE *f = tmpfile();
	int   n;

	out[0] = '\0';
	if (f == NULL)
		return -2;
	n = isc_keys_load_file(k, path, f);
	slurp(f);
	fclose(f);
	return n;
}

/* The first line of out[], for a test's name (TAP lines are lines). */
static const char *
first(void)
{
	static char buf[256];
	size_t	    n = strcspn(out, "\n");

	snprintf(buf, sizeof(buf), "%.*s", (int)(n < 200 ? n : 200), out);
	return buf;
}

/* out[] as TAP comments, after a failed check. */
static void
diag(int good)
{
	const char *p = out, *e;

	if (good)
		return;
	while (*p != '\0') {
		e = strchr(p, '\n');
		printf("# %.*s\n", (int)(e != NULL ? e - p : (long)strlen(p)),
		    p);
		p = e != NULL ? e + 1 : p + strlen(p);
	}
}

/* "PATH:LINE: message\n" */
static const char *
at(const char *path, unsigned line, const char *msg)
{
	static char buf[4][1024];
	static int  i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s:%u: %s\n", path, line, msg);
	return buf[i];
}

static int
bytes_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static int
addr_eq(const struct isc_addr *a, const struct isc_addr *b)
{
	return a->family == b->family &&
	    (a->family == 0 ||
		memcmp(a->a, b->a, a->family == 4 ? 4 : 16) == 0);
}

static int
esp_eq(const struct isc_key_esp *a, const struct isc_key_esp *b)
{
	return a->proto == b->proto && a->spi == b->spi &&
	    a->spi_any == b->spi_any && a->encr == b->encr &&
	    a->integ == b->integ &&
	    bytes_eq(a->ekey, a->ek_len, b->ekey, b->ek_len) &&
	    bytes_eq(a->akey, a->ak_len, b->akey, b->ak_len) &&
	    addr_eq(&a->src, &b->src) && addr_eq(&a->dst, &b->dst) &&
	    a->src_plen == b->src_plen && a->dst_plen == b->dst_plen;
}

static int
v2_eq(const struct isc_key_v2 *a, const struct isc_key_v2 *b)
{
	return memcmp(a->spi_i, b->spi_i, 8) == 0 &&
	    memcmp(a->spi_r, b->spi_r, 8) == 0 && a->encr == b->encr &&
	    a->integ == b->integ && a->ek_len == b->ek_len &&
	    a->ak_len == b->ak_len &&
	    bytes_eq(a->sk_ei, a->ek_len, b->sk_ei, b->ek_len) &&
	    bytes_eq(a->sk_er, a->ek_len, b->sk_er, b->ek_len) &&
	    bytes_eq(a->sk_ai, a->ak_len, b->sk_ai, b->ak_len) &&
	    bytes_eq(a->sk_ar, a->ak_len, b->sk_ar, b->ak_len);
}

static int
v1_eq(const struct isc_key_v1 *a, const struct isc_key_v1 *b)
{
	return memcmp(a->spi_i, b->spi_i, 8) == 0 &&
	    bytes_eq(a->ka, a->ka_len, b->ka, b->ka_len);
}

/* The same entries in the same order. */
static int
stores_eq(const struct isc_keys *a, const struct isc_keys *b)
{
	size_t i;

	if (a->nv1 != b->nv1 || a->nv2 != b->nv2 || a->nesp != b->nesp ||
	    a->npsk != b->npsk || a->ndh != b->ndh || a->nrsa != b->nrsa)
		return 0;
	for (i = 0; i < a->nv1; i++)
		if (!v1_eq(&a->v1[i], &b->v1[i]))
			return 0;
	for (i = 0; i < a->nv2; i++)
		if (!v2_eq(&a->v2[i], &b->v2[i]))
			return 0;
	for (i = 0; i < a->nesp; i++)
		if (!esp_eq(&a->esp[i], &b->esp[i]))
			return 0;
	return 1;
}

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* ---------------------------------------------------------------------
 * Real files
 */

/* Each esp_sa of tests/data/esp against the key file made from it. */
static void
test_corpus_esp_sa(void)
{
	glob_t		 g;
	size_t		 i;
	char		 keys[512];
	struct isc_keys *a, *b;
	int		 n, m, r;

	if (glob(data("esp/*.esp_sa"), 0, NULL, &g) != 0 || g.gl_pathc < 8) {
		ok(0, "the 8 esp_sa tables of tests/data/esp");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(keys, sizeof(keys), "%.*s.keys",
		    (int)(strlen(g.gl_pathv[i]) - 7), g.gl_pathv[i]);
		a = isc_keys_new();
		b = isc_keys_new();
		n = imp(a, "wireshark", g.gl_pathv[i]);
		m = isc_keys_load_file(b, keys, NULL);
		r = n == 0 && m == 0 && a->nesp > 0 && stores_eq(a, b);
		ok(r, "wireshark %s: %zu esp entries, as in its .keys",
		    base(g.gl_pathv[i]), a->nesp);
		diag(r);
		ok(a->nesp > 0 && a->esp[0].at.line > 0 &&
			strcmp(a->esp[0].at.file, g.gl_pathv[i]) == 0,
		    "%s: origins point into the table", base(g.gl_pathv[i]));
		isc_keys_free(a);
		isc_keys_free(b);
	}
	globfree(&g);
}

/*
 * Openswan's ikev2_decryption_table and tcpdump-style lines for each of
 * its captures, against tests/data/openswan/NAME.keys.  lp74 and lp75
 * print three variants of one SA, two with the wrong labels: those two
 * are reported, the right one is imported.
 */
static void
test_corpus_openswan(void)
{
	glob_t		 g;
	size_t		 i, nok = 0, ntcp = 0;
	char		 keys[512], secrets[512], name[256];
	struct isc_keys *a, *b, *c;
	int		 n, m, t;

	if (glob(data("import/openswan/*.ikev2_decryption_table"), 0, NULL,
		&g) != 0 ||
	    g.gl_pathc != 32) {
		ok(0, "the 32 Openswan tables");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(name, sizeof(name), "%.*s",
		    (int)(strlen(base(g.gl_pathv[i])) - 23),
		    base(g.gl_pathv[i]));
		snprintf(keys, sizeof(keys), "%s/tests/data/openswan/%s.keys",
		    srcdir, name);
		snprintf(secrets, sizeof(secrets), "%.*s.tcpdump-secrets.txt",
		    (int)(strlen(g.gl_pathv[i]) - 23), g.gl_pathv[i]);
		a = isc_keys_new();
		b = isc_keys_new();
		c = isc_keys_new();
		n = imp(a, "wireshark", g.gl_pathv[i]);
		m = isc_keys_load_file(b, keys, NULL);
		nok += n == 0 && m == 0 && a->nv2 == 1 && stores_eq(a, b);
		t = imp(c, "tcpdump", secrets);
		if (strncmp(name, "lp74", 4) == 0 ||
		    strncmp(name, "lp75", 4) == 0) {
			ok(t == 2 && stores_eq(c, b) &&
				strstr(out,
				    at(secrets, 2,
					"ikev2: SK_ei is 24 bytes but "
					"aes128 takes 16")) != NULL &&
				strstr(out,
				    at(secrets, 3,
					"ikev2: SK_ei is 24 bytes but "
					"aes128 takes 16")) != NULL,
			    "%s tcpdump secrets: the md5/3des192 pair "
			    "imported, the two mislabeled ones reported at "
			    "their I lines",
			    name);
		} else
			ntcp += t == 0 && stores_eq(c, b);
		isc_keys_free(a);
		isc_keys_free(b);
		isc_keys_free(c);
	}
	ok(nok == 32,
	    "all 32 Openswan ikev2_decryption_tables give their "
	    ".keys entry (%zu)",
	    nok);
	ok(ntcp == 30,
	    "30 Openswan tcpdump-secrets files give the same entry (%zu)",
	    ntcp);
	globfree(&g);
}

/* tcpdump's own test secrets and their Wireshark conversions. */
static void
test_corpus_tcpdump(void)
{
	struct isc_keys *a = isc_keys_new(), *b = isc_keys_new(),
			*c = isc_keys_new();
	int n, m, t;

	n = imp(a, "wireshark",
	    data("import/tcpdump/ikev2pI2.ikev2_decryption_table"));
	t = imp(c, "tcpdump", data("import/tcpdump/ikev2pI2-secrets.txt"));
	m = isc_keys_load_file(b, data("tcpdump/ikev2pI2.keys"), NULL);
	ok(n == 0 && t == 0 && m == 0 && a->nv2 == 1 && stores_eq(a, b) &&
		stores_eq(c, b),
	    "ikev2pI2: the Wireshark table and tcpdump's secrets give the "
	    ".keys entry");
	ok(c->nv2 == 1 && c->v2[0].at.line == 1 && c->v2[0].encr == 12 &&
		c->v2[0].integ == 2 && c->v2[0].ak_len == 20,
	    "ikev2pI2 secrets: AES-CBC-128 / HMAC-SHA1-96, origin line 1");
	isc_keys_free(a);
	isc_keys_free(b);
	isc_keys_free(c);

	a = isc_keys_new();
	b = isc_keys_new();
	n = imp(a, "tcpdump",
	    data("import/tcpdump/02-sunrise-sunset-esp.tcpdump-secrets.txt"));
	m = isc_keys_load_file(b, data("esp/02-sunrise-sunset-esp.keys"), NULL);
	ok(n == 0 && m == 0 && stores_eq(a, b),
	    "02-sunrise-sunset-esp: 3des-cbc-hmac96 as in its .keys "
	    "(ENCR_3DES, ANY_96, * to 192.1.2.45)");
	isc_keys_free(a);
	isc_keys_free(b);
	a = isc_keys_new();
	b = isc_keys_new();
	n = imp(a, "tcpdump",
	    data("import/tcpdump/espudp1.tcpdump-secrets.txt"));
	m = isc_keys_load_file(b, data("esp/espudp1.keys"), NULL);
	ok(n == 0 && m == 0 && stores_eq(a, b), "espudp1 as in its .keys");
	isc_keys_free(a);
	isc_keys_free(b);

	/* esp-secrets.txt: 08-sunrise-sunset-esp2's two SAs, then -aes's. */
	a = isc_keys_new();
	b = isc_keys_new();
	c = isc_keys_new();
	n = imp(a, "tcpdump", data("import/tcpdump/esp-secrets.txt"));
	isc_keys_load_file(b, data("esp/08-sunrise-sunset-esp2.keys"), NULL);
	isc_keys_load_file(c, data("esp/08-sunrise-sunset-aes.keys"), NULL);
	ok(n == 0 && a->nesp == 3 && b->nesp == 2 && c->nesp == 1 &&
		esp_eq(&a->esp[0], &b->esp[0]) &&
		esp_eq(&a->esp[1], &b->esp[1]) &&
		esp_eq(&a->esp[2], &c->esp[0]),
	    "esp-secrets.txt: the esp2 and aes captures' SAs");
	ok(a->nesp == 3 && a->esp[0].at.line == 3 && a->esp[2].at.line == 5,
	    "esp-secrets.txt: origins at lines 3 and 5 (after a comment "
	    "and a blank line)");
	isc_keys_free(a);
	isc_keys_free(b);
	isc_keys_free(c);
}

/* The esp lines of a strongSwan sample's .full.keys, by SPI. */
static void
test_corpus_xfrm(void)
{
	glob_t		 g;
	size_t		 i, j, l, same, nsame = 0;
	char		 full[512], name[256], *dot;
	struct isc_keys *a, *b;
	int		 n;

	if (glob(data("import/*.xfrm"), 0, NULL, &g) != 0 || g.gl_pathc < 21) {
		ok(0, "the xfrm renderings of the strongSwan samples");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(name, sizeof(name), "%s", base(g.gl_pathv[i]));
		if (strncmp(name, "xfrm-", 5) == 0)
			continue;
		if ((dot = strchr(name, '.')) != NULL)
			*dot = '\0';
		snprintf(full, sizeof(full),
		    "%s/samples/strongswan/%s.full.keys", srcdir, name);
		a = isc_keys_new();
		b = isc_keys_new();
		n = imp(a, "xfrm", g.gl_pathv[i]);
		isc_keys_load_file(b, full, NULL);
		same = 0;
		for (j = 0; j < a->nesp; j++)
			for (l = 0; l < b->nesp; l++)
				if (a->esp[j].spi == b->esp[l].spi)
					same += esp_eq(&a->esp[j], &b->esp[l]);
		ok(n == 0 && a->nesp >= 2 && a->nesp == b->nesp &&
			same == a->nesp,
		    "xfrm %s: %zu esp entries, as in %s.full.keys",
		    base(g.gl_pathv[i]), a->nesp, name);
		diag(n == 0);
		nsame += n == 0 && same == a->nesp;
		isc_keys_free(a);
		isc_keys_free(b);
	}
	ok(nsame >= 21, "%zu xfrm files checked", nsame);
	globfree(&g);
}

/* A Wireshark profile directory with all three tables. */
static void
test_profile_dir(void)
{
	struct isc_keys *k = isc_keys_new();
	const char	*dir = data("import/wireshark-profile");
	char		 want[512];
	int		 n;

	n = imp(k, "wireshark", dir);
	ok(n == 0 && k->nv1 == 1 && k->nv2 == 1 && k->nesp == 4,
	    "profile directory: 1 ikev1, 1 ikev2, 4 esp entries");
	diag(n == 0);
	snprintf(want, sizeof(want), "%s/esp_sa", dir);
	ok(k->nesp == 4 && strcmp(k->esp[3].at.file, want) == 0 &&
		k->esp[3].at.line == 5 && k->esp[0].encr == 20 &&
		k->esp[0].integ == 0 && k->esp[0].ek_len == 20 &&
		k->esp[2].integ == 2 && k->esp[2].src_plen == 32,
	    "profile esp_sa: AES-GCM-16 with salt, HMAC-SHA1-96, origins");
	ok(k->nv2 == 1 && k->v2[0].encr == 12 && k->v2[0].integ == 12 &&
		k->v2[0].ek_len == 16 && k->v2[0].ak_len == 32 && k->nv1 == 1 &&
		k->v1[0].ka_len == 16,
	    "profile ikev2 and ikev1 tables");
	isc_keys_free(k);

	k = isc_keys_new();
	ok(imp(k, "wireshark", tmpdir) == -1 &&
		strcmp(out, at(tmpdir, 0, "")) != 0 &&
		strstr(out, "is a directory without Wireshark key tables") !=
		    NULL,
	    "a directory without tables: -1, %s", first());
	isc_keys_free(k);
}

/* ---------------------------------------------------------------------
 * Wireshark syntax
 */

struct case_ {
	const char *name; /* file name in tmpdir */
	const char *text; /* its content */
	int	    nbad; /* expected return */
	const char *msgs; /* expected output, "%s" for the path each time,
			      or NULL for none */
	size_t	    nesp, nv2, nv1;
};

static void
run_cases(const char *fmt, const struct case_ *c, size_t n)
{
	struct isc_keys *k;
	const char	*p;
	char		 want[4096], *w;
	const char	*m;
	size_t		 i, left;
	int		 r, good;

	for (i = 0; i < n; i++) {
		k = isc_keys_new();
		p = tmpf(c[i].name, c[i].text);
		r = imp(k, fmt, p);
		want[0] = '\0';
		if (c[i].msgs != NULL) {
			/* Each "%s" in msgs is the path. */
			for (w = want, left = sizeof(want), m = c[i].msgs;
			     *m != '\0' && left > 1;) {
				if (m[0] == '%' && m[1] == 's') {
					snprintf(w, left, "%s", p);
					m += 2;
				} else {
					w[0] = *m++;
					w[1] = '\0';
				}
				left -= strlen(w);
				w += strlen(w);
			}
		}
		good = r == c[i].nbad && strcmp(out, want) == 0 &&
		    k->nesp == c[i].nesp && k->nv2 == c[i].nv2 &&
		    k->nv1 == c[i].nv1;
		ok(good,
		    "%s %s: returns %d, %zu esp, %zu ikev2, %zu ikev1 "
		    "entries, %s",
		    fmt, c[i].name, r, k->nesp, k->nv2, k->nv1,
		    out[0] != '\0' ? "each message as expected" : "no message");
		diag(good);
		if (!good) {
			snprintf(out, sizeof(out), "wanted %d:\n%s", c[i].nbad,
			    want);
			diag(0);
		}
		isc_keys_free(k);
	}
}

static const struct case_ ws_cases[] = {
	/* Syntax: escapes, blanks, comments, CRLF, detection by content. */
	{ "a.esp_sa",
	    "# comment\n"
	    "  # indented comment\n"
	    "\n"
	    "\"IPv4\" , \"10.0.0.1\",\"10.0.0.2\",\"0x00000101\","
	    "\"AES-CBC\\x20[RFC3602]\",\"0x" K16 "\","
	    "\"HMAC-SHA-1-96 [RFC2404]\",\"0x" K20 "\"\r\n",
	    0, NULL, 1, 0, 0 },
	{ "plain.txt",
	    "\"IPv6\",\"*\",\"2001:db8::1\",\"*\",\"NULL\",\"\","
	    "\"HMAC-SHA-256-128 [RFC4868]\",\"0x" K32 "\"\n",
	    0, NULL, 1, 0, 0 },
	{ "v2.txt",
	    "0001020304050607,08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-128 [RFC3602]\"," K20 "," K20
	    ",\"HMAC_SHA1_96 [RFC2404]\"\n",
	    0, NULL, 0, 1, 0 },
	{ "v1.txt", "0001020304050607," K16 "\n", 0, NULL, 0, 0, 1 },
	{ "aead.ikev2_decryption_table",
	    "0001020304050607,08090a0b0c0d0e0f," K20 "," K20
	    ",\"AES-GCM-128 with 16 octet ICV [RFC5282]\",,,"
	    "\"NONE [RFC4306]\"\n",
	    0, NULL, 0, 1, 0 },
	/* esp_sa values: SPI forms, keys, addresses. */
	{ "forms.esp_sa",
	    "\"IPv4\",\"10.1.*.*\",\"*\",\"10\",\"AES-CBC [RFC3602]\","
	    "\"aescbcencryption\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"010\",\"TripleDES-CBC [RFC2451]\","
	    "\"0x43434545464649494a4a4c4c4f4f51515252545457575840\","
	    "\"ANY 96 bit authentication [no checking]\",\"\"\n"
	    "\"IPv6\",\"2001:db8::/32\",\"*\",\"*\","
	    "\"BLOWFISH-CBC [RFC2451]\","
	    "\"0xecafecacafecafebbccbbccdadaffff\",\"NULL\",\"0x\"\n"
	    "\"Any\",\"*\",\"*\",\"0xffffffff\",\"NULL\",\"0x\","
	    "\"HMAC-MD5-96 [RFC2403]\",\"hmacmd5authentic\"\n",
	    0, NULL, 4, 0, 0 },
	/* Errors. */
	{ "bad1.esp_sa",
	    "\"IPv4\",\"*\",\"*\",\"0x1234****\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"10.*.0.1\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv6\",\"3ffe::*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"3ffe::1\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPX\",\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"NULL\",\"\","
	    "\"ANY 64 bit authentication [no checking]\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"AES-GCM [RFC4106]\",\"\",\"NULL\","
	    "\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"0x1g\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"4294967296\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"AES-CBC [RFC3602]\",\"0x12zz\","
	    "\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"AES-CBC [RFC3602]\",\"short\","
	    "\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"NULL\",\"\","
	    "\"MAC-RIPEMD-160-96 [RFC2857]\",\"\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\"\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\" x\n"
	    "\"IPv4\",\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\n"
	    "49507634,\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "IPv4,\"*\",\"*\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n",
	    17,
	    "%s:1: SPI '0x1234****' has a wildcard digit; ikescope takes one "
	    "SPI or * for any\n"
	    "%s:2: the source address '10.*.0.1' has a wildcard ikescope "
	    "cannot express; write a subnet as ADDR/PREFIX (192.168.0.0/16, "
	    "2001:db8::/32) or * for any\n"
	    "%s:3: the source address '3ffe::*' has a wildcard ikescope "
	    "cannot express; write a subnet as ADDR/PREFIX (192.168.0.0/16, "
	    "2001:db8::/32) or * for any\n"
	    "%s:4: the row is for IPv4 but the source address '3ffe::1' is "
	    "not\n"
	    "%s:5: the source address is empty; Wireshark never matches such "
	    "a row (write * for any address)\n"
	    "%s:6: field 1 (protocol) is 'IPX'; an esp_sa row is for IPv4, "
	    "IPv6 or Any\n"
	    "%s:7: 'ANY 64 bit authentication [no checking]': an unchecked "
	    "64-bit ICV is not supported (ESP ICVs are 96 bits or longer)\n"
	    "%s:8: 'AES-GCM [RFC4106]' (deprecated in Wireshark) names no ICV "
	    "length; choose 'AES-GCM with 16 octet ICV [RFC4106]' (or 8, 12) "
	    "for the SA\n"
	    "%s:9: SPI '0x1g': 'g' is not a hex digit (Wireshark reads 0x... "
	    "as hex, 0... as octal, anything else as decimal)\n"
	    "%s:10: SPI '4294967296' is larger than 32 bits\n"
	    "%s:11: field 6 (encryption key) starts with 0x but 'z' at "
	    "position 5 is not a hex digit (Wireshark reads a key that "
	    "starts with 0x as hex, any other key as text)\n"
	    "%s:12: esp: the ENCR key is 5 bytes but AES-CBC [RFC3602] takes "
	    "16, 24 or 32\n"
	    "%s:13: 'MAC-RIPEMD-160-96 [RFC2857]' is not supported; if only "
	    "decryption matters, choose 'ANY 96 bit authentication [no "
	    "checking]'\n"
	    "%s:14: 7 fields, but esp_sa rows have 8\n"
	    "%s:15: 'x' after the quoted field 8; fields are separated by "
	    "commas\n"
	    "%s:16: field 8: quoted string not terminated (add the closing "
	    "\")\n"
	    "%s:18: field 1 (protocol) is bare text but not hex; write it as "
	    "a \"quoted string\", as Wireshark does\n",
	    1, 0, 0 },
	{ "bad2.ikev2_decryption_table",
	    "\"0001020304050607\",08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-128 [RFC3602]\"," K20 "," K20
	    ",\"HMAC_SHA1_96 [RFC2404]\"\n"
	    "0001020304050607,08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-128 [RFC3602]\",,,"
	    "\"ANY 96-bits of Authentication [No Checking]\"\n"
	    "0001020304050607,08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-256 [RFC3602]\"," K20 "," K20
	    ",\"HMAC_SHA1_96 [RFC2404]\"\n"
	    "0001020304050607,08090a0b0c0d0e0f,00 11," K16
	    ",\"AES-CBC-128 [RFC3602]\"," K20 "," K20
	    ",\"HMAC_SHA1_96 [RFC2404]\"\n"
	    "0001020304050607,08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-128 [RFC3602]\"," K20 "," K20 "\n"
	    "00010203040506,08090a0b0c0d0e0f," K16 "," K16
	    ",\"AES-CBC-128 [RFC3602]\"," K20 "," K20
	    ",\"HMAC_SHA1_96 [RFC2404]\"\n"
	    "0001020304050607,08090a0b0c0d0e0f," K16 "," K16 ",\"FOO\"," K20
	    "," K20 ",\"HMAC_SHA1_96 [RFC2404]\"\n",
	    7,
	    "%s:1: field 1 (SPI_I) is a quoted string, but Wireshark reads "
	    "this column as bare hex digits (quoted, it would take the bytes "
	    "of the text); write the hex without quotes\n"
	    "%s:2: integrity algorithm 'ANY 96-bits of Authentication [No "
	    "Checking]' checks no ICV, but ikescope verifies every IKEv2 "
	    "message before it decrypts it: choose the SA's integrity "
	    "algorithm in the table\n"
	    "%s:3: ikev2: SK_ei is 16 bytes but AES-CBC-256 [RFC3602] takes "
	    "32\n"
	    "%s:4: field 3 (SK_ei): byte 0x20 is not a hex digit\n"
	    "%s:5: 7 fields, but ikev2_decryption_table rows have 8\n"
	    "%s:6: ikev2: SPI_I must be 16 hex digits (0x optional), got 14\n"
	    "%s:7: ikev2: unknown ENCR 'FOO' (write an IANA name such as "
	    "ENCR_AES_CBC or ENCR_AES_GCM_16, a strongSwan keyword such as "
	    "aes128 or aes256gcm16, or a Wireshark table string in quotes)\n",
	    0, 0, 0 },
	{ "bad3.ikev1_decryption_table",
	    "0001020304050607," K16 "\n"
	    "0001020304050607,0011\n"
	    "0001020304050607\n",
	    2,
	    "%s:2: ikev1: KA is 2 bytes but an IKEv1 encryption key is 5 to "
	    "56 bytes (the final key, as long as the cipher's key)\n"
	    "%s:3: 1 fields, but ikev1_decryption_table rows have 2\n",
	    0, 0, 1 },
	{ "odd.txt", "a,b,c\n", 1,
	    "%s:1: 3 fields: not a Wireshark key table row "
	    "(ikev1_decryption_table rows have 2 fields, "
	    "ikev2_decryption_table and esp_sa rows 8); name the file after "
	    "its table\n",
	    0, 0, 0 },
};

static void
test_wireshark_syntax(void)
{
	struct isc_keys *k;
	const char	*p;

	run_cases("wireshark", ws_cases,
	    sizeof(ws_cases) / sizeof(ws_cases[0]));

	/* The values of forms.esp_sa. */
	k = isc_keys_new();
	p = tmpf("forms.esp_sa", ws_cases[5].text);
	imp(k, "wireshark", p);
	ok(k->nesp == 4 && k->esp[0].spi == 10 && k->esp[0].src.family == 4 &&
		k->esp[0].src_plen == 16 && k->esp[0].src.a[0] == 10 &&
		k->esp[0].src.a[1] == 1 && k->esp[0].dst.family == 0 &&
		bytes_eq(k->esp[0].ekey, k->esp[0].ek_len,
		    (const uint8_t *)"aescbcencryption", 16),
	    "\"10\" is SPI 10, 10.1.*.* is 10.1.0.0/16, a text key is its "
	    "bytes");
	ok(k->nesp == 4 && k->esp[1].spi == 8 && k->esp[1].integ != 0 &&
		k->esp[1].src.family == 4 && k->esp[1].src_plen == 0 &&
		k->esp[1].dst.family == 0,
	    "\"010\" is octal 8; * and * in an IPv4 row are 0.0.0.0/0 and *");
	ok(k->nesp == 4 && k->esp[2].spi_any && k->esp[2].ek_len == 16 &&
		k->esp[2].ekey[0] == 0x0e && k->esp[2].src.family == 6 &&
		k->esp[2].src_plen == 32 && k->esp[2].ak_len == 0,
	    "31 hex digits get a leading 0; \"0x\" is no key; IPv6 subnet");
	ok(k->nesp == 4 && k->esp[3].spi == 0xffffffff &&
		k->esp[3].src.family == 0 && k->esp[3].dst.family == 0 &&
		k->esp[3].encr == 11 && k->esp[3].ek_len == 0 &&
		k->esp[3].integ == 1 && k->esp[3].ak_len == 16,
	    "an Any row with * and * matches every address");
	isc_keys_free(k);

	k = isc_keys_new();
	p = tmpf("a.esp_sa", ws_cases[0].text);
	imp(k, "wireshark", p);
	ok(k->nesp == 1 && k->esp[0].at.line == 4 && k->esp[0].encr == 12 &&
		k->esp[0].spi == 0x101,
	    "\\x20 in a quoted string; origin line 4 after comments");
	isc_keys_free(k);
}

/* ---------------------------------------------------------------------
 * tcpdump syntax
 */

static const struct case_ tcp_cases[] = {
	{ "ok.txt",
	    "# tcpdump -E secrets\n"
	    "0x12345678@192.1.2.45 3des-cbc-hmac96:0x" K24 "\n"
	    "  305419897@2001:db8::1\taes128-cbc:0x" K16 "\n"
	    "0x10@10.0.0.1 blowfish-cbc:blowfishblowfish\n"
	    "0x11@10.0.0.1 none:\n"
	    "aes256-cbc-hmac96:0x" K32 "\n"
	    "0x20@10.0.0.1 des-cbc:0x0011223344556677,0x21@10.0.0.1 "
	    "cast128-cbc:0x" K16 "\n",
	    0, NULL, 7, 0, 0 },
	{ "bad.txt",
	    "0x12345678@192.1.2.45 rc3-cbc:0x" K16 "\n"
	    "0x12345678 3des-cbc:0x" K24 "\n"
	    "0x123456789@1.2.3.4 3des-cbc:0x" K24 "\n"
	    "0x12@1.2.3 3des-cbc:0x" K24 "\n"
	    "0x12@1.2.3.4 3des-cbc 0x" K24 "\n"
	    "0x12@1.2.3.4 3des-cbc:0x" K24 "0\n"
	    "0x12@1.2.3.4 3des-cbc:0x" K24 " junk\n"
	    "0x12@1.2.3.4 3des-cbc:0x" K16 "\n"
	    "file /etc/esp.secrets\n"
	    "0x13@1.2.3.4 3des-cbc:0x" K24 ",aes99:0x00\n",
	    10,
	    "%s:1: cipher 'rc3' is not one ikescope decrypts (des-cbc, "
	    "3des-cbc, aes128-cbc, aes192-cbc, aes256-cbc, blowfish-cbc, "
	    "cast128-cbc, camellia128-cbc (192, 256) or none, with -hmac96 "
	    "for a 12-byte ICV)\n"
	    "%s:2: '0x12345678' is not SPI@ADDRESS (write SPI@DST "
	    "ALGO:SECRET, or ALGO:SECRET alone for every SA)\n"
	    "%s:3: SPI '0x123456789' is not a 32-bit number (0x and hex "
	    "digits, or decimal)\n"
	    "%s:4: '1.2.3' after the @ is not an IPv4 or IPv6 address (the "
	    "SA's destination)\n"
	    "%s:5: no ':' between the algorithm and the secret (write "
	    "ALGO:0xHEX, such as 3des-cbc-hmac96:0x4043...)\n"
	    "%s:6: esp: the secret has an odd number of hex digits (49); "
	    "every byte takes two\n"
	    "%s:7: esp: 'j' after the hex digits of the secret (a hex secret "
	    "is 0x and hex digits)\n"
	    "%s:8: esp: the ENCR key is 16 bytes but 3des takes 24\n"
	    "%s:9: a 'file' line names another secrets file, which ikescope "
	    "does not follow: import that file with an import line of its "
	    "own\n"
	    "%s:10: cipher 'aes99' is not one ikescope decrypts (des-cbc, "
	    "3des-cbc, aes128-cbc, aes192-cbc, aes256-cbc, blowfish-cbc, "
	    "cast128-cbc, camellia128-cbc (192, 256) or none, with -hmac96 "
	    "for a 12-byte ICV)\n",
	    1, 0, 0 },
	{ "v2.txt",
	    "ikev2 R 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "# the I line after the R line\n"
	    "ikev2 I 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 I 0x1111111111111111 0x2222222222222222 none:0x "
	    "aes_gcm_16256:0x" K32 "01020304\n"
	    "ikev2 R 0x1111111111111111 0x2222222222222222 none:0x "
	    "aes_gcm_16256:0x" K32 "01020304\n"
	    "IKEV2 I 0x3333333333333333 0x4444444444444444 md5:0x" K16
	    " 3des192:0x" K24 "\n"
	    "ikev2 R 0x3333333333333333 0x4444444444444444 md5:0x" K16
	    " 3des192:0x" K24 "\n"
	    "ikev2 I 0x5555555555555555 0x6666666666666666 aes_xcbc:0x" K16
	    " aes_ctr128:0x" K20 "\n"
	    "ikev2 R 0x5555555555555555 0x6666666666666666 aes_xcbc:0x" K16
	    " aes_ctr128:0x" K20 "\n",
	    0, NULL, 0, 4, 0 },
	{ "v2bad.txt",
	    "ikev2 I 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 R 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes256:0x" K16 "\n"
	    "ikev2 I 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20 "\n"
	    "ikev2 X 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 I 0x00010203040506 0x08090a0b0c0d0e0f sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 I 0x0001020304050607 0x08090a0b0c0d0e0f whirlpool:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 I 0x0001020304050607 0x08090a0b0c0d0e0f sha1:0x" K20
	    " rot13:0x" K16 "\n"
	    "ikev2 I 0x7777777777777777 0x8888888888888888 sha1:0x" K20
	    " aes128:0x" K16 "\n"
	    "ikev2 R 0x7777777777777777 0x8888888888888888 sha1:0x" K16
	    " aes128:0x" K16 "\n"
	    "ikev2 I 0x9999999999999999 0x8888888888888888 sha1:0x" K16
	    " aes128:0x" K16 "\n"
	    "ikev2 R 0x9999999999999999 0x8888888888888888 sha1:0x" K20
	    " aes128:0x" K16 "\n",
	    9,
	    "%s:3: ikev2: expected `ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY "
	    "ENCR:0xKEY`, got 4 fields after ikev2\n"
	    "%s:4: ikev2: 'X' must be I (the initiator's keys) or R (the "
	    "responder's)\n"
	    "%s:5: ikev2: SPI_I and SPI_R must each be 0x and 16 hex digits; "
	    "fields are `ikev2 I|R 0xSPI_I 0xSPI_R INTEG:0xKEY ENCR:0xKEY`\n"
	    "%s:6: ikev2: unknown integrity algorithm 'whirlpool' (md5, sha1, "
	    "sha256, sha384, sha512, aes_xcbc, aes_cmac, or an IANA name)\n"
	    "%s:7: ikev2: unknown encryption algorithm 'rot13' (aes128, "
	    "aes256, 3des, aes_gcm_16256 and the other names libreswan "
	    "writes, or an IANA name)\n"
	    "%s:9: ikev2: SK_ar is 16 bytes but sha1 takes 20\n"
	    "%s:10: ikev2: SK_ai is 16 bytes but sha1 takes 20\n"
	    "%s:1: ikev2: only the initiator's keys for SPIs "
	    "0001020304050607/08090a0b0c0d0e0f with sha1 and aes128 (no R "
	    "line with the same SPIs and algorithms): an ikev2 entry needs "
	    "both directions' keys, so this SA is not imported\n"
	    "%s:2: ikev2: only the responder's keys for SPIs "
	    "0001020304050607/08090a0b0c0d0e0f with sha1 and aes256 (no I "
	    "line with the same SPIs and algorithms): an ikev2 entry needs "
	    "both directions' keys, so this SA is not imported\n",
	    0, 0, 0 },
};

static void
test_tcpdump_syntax(void)
{
	struct isc_keys *k;
	const char	*p;

	run_cases("tcpdump", tcp_cases,
	    sizeof(tcp_cases) / sizeof(tcp_cases[0]));

	k = isc_keys_new();
	p = tmpf("ok.txt", tcp_cases[0].text);
	imp(k, "tcpdump", p);
	ok(k->nesp == 7 && k->esp[0].spi == 0x12345678 && k->esp[0].encr == 3 &&
		k->esp[0].src.family == 0 && k->esp[0].dst.family == 4 &&
		k->esp[0].at.line == 2,
	    "SPI@DST: * to DST, origin line 2");
	ok(k->nesp == 7 && k->esp[1].spi == 305419897 &&
		k->esp[1].dst.family == 6 && k->esp[1].integ == 0 &&
		k->esp[1].encr == 12 && k->esp[1].ek_len == 16,
	    "decimal SPI, IPv6 destination, no -hmac96: INTEG NONE");
	ok(k->nesp == 7 && k->esp[2].encr == 7 &&
		bytes_eq(k->esp[2].ekey, k->esp[2].ek_len,
		    (const uint8_t *)"blowfishblowfish", 16) &&
		k->esp[3].encr == 11 && k->esp[3].ek_len == 0,
	    "a text secret is its bytes; none: is ENCR_NULL");
	ok(k->nesp == 7 && k->esp[4].spi_any && k->esp[4].dst.family == 0 &&
		k->esp[4].ek_len == 32 && k->esp[4].integ != 0,
	    "ALGO:SECRET alone: any SPI, any address");
	ok(k->nesp == 7 && k->esp[5].spi == 0x20 && k->esp[5].encr == 2 &&
		k->esp[6].spi == 0x21 && k->esp[6].encr == 6 &&
		k->esp[6].at.line == 7,
	    "two secrets on a line, separated by a comma");
	isc_keys_free(k);

	k = isc_keys_new();
	p = tmpf("v2.txt", tcp_cases[2].text);
	imp(k, "tcpdump", p);
	ok(k->nv2 == 4 && k->v2[0].at.line == 1 && k->v2[0].integ == 2 &&
		k->v2[0].ek_len == 16,
	    "an R line then its I line: one entry, at the first line");
	ok(k->nv2 == 4 && k->v2[1].encr == 20 && k->v2[1].ek_len == 36 &&
		k->v2[1].integ == 0 && k->v2[2].encr == 3 &&
		k->v2[2].integ == 1 && k->v2[3].encr == 13 &&
		k->v2[3].ek_len == 20 && k->v2[3].integ == 5,
	    "libreswan names: aes_gcm_16256, 3des192 with md5, aes_ctr128 "
	    "with aes_xcbc");
	isc_keys_free(k);
}

/* ---------------------------------------------------------------------
 * xfrm
 */

static const struct case_ xfrm_cases[] = {
	{ "bad.xfrm",
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000401 reqid 1 mode tunnel\n"
	    "\tenc cbc(serpent) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000402 reqid 1 mode tunnel\n"
	    "\tauth-trunc hmac(sha256) 0x" K32 " 64\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000403 reqid 1 mode tunnel\n"
	    "\tenc cbc(aes) 0x0011\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000404 reqid 1 mode tunnel\n"
	    "\treplay-window 0\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000406 reqid 1 mode tunnel\n"
	    "\tenc cbc(aes) 0x00112233445566778899aabbccddeeXX\n"
	    "src 192.0.2.1\n"
	    "\tproto esp spi 0x00000407\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto ah spi 0x00000408 reqid 1 mode tunnel\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x00000409 reqid 1 mode tunnel\n"
	    "\taead rfc4106(gcm(aes)) 0x" K20 " 128\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x0000040a reqid 1 mode tunnel\n"
	    "\taead rfc4106(gcm(aes)) 0x" K20 " 32\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x0000040b reqid 1 mode tunnel\n"
	    "\tenc cbc(aes)\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x0000040c reqid 1 mode tunnel\n"
	    "\tauth-trunc hmac(sha1) 0x" K20 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x0000040d reqid 1 mode tunnel\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "\tenc cbc(aes) 0x" K16 "\n"
	    "src 192.0.2.1 dst 192.0.2.2\n"
	    "\tproto esp spi 0x0000040e reqid 1 mode tunnel\n"
	    "\tauth-trunc hmac(sha1) 0x" K20 " 96\n"
	    "\tenc cbc(aes) 0x" K16 "\n",
	    13,
	    "%s:3: xfrm: cipher cbc(serpent) is not one ikescope decrypts "
	    "(cbc(aes), rfc3686(ctr(aes)), cbc(des3_ede), cbc(des), "
	    "cbc(blowfish), cbc(cast5), cbc(twofish), cbc(camellia), "
	    "ecb(cipher_null))\n"
	    "%s:6: xfrm: integrity algorithm hmac(sha256) truncated to 64 "
	    "bits is not one ikescope knows (hmac(md5) 96/128, hmac(sha1) "
	    "96/160, hmac(sha256) 96/128, hmac(sha384) 192, hmac(sha512) "
	    "256, xcbc(aes) 96, cmac(aes) 96)\n"
	    "%s:8: esp: the ENCR key is 2 bytes but ENCR_AES_CBC takes 16, 24 "
	    "or 32\n"
	    "%s:11: xfrm: the ESP state 0x00000404 has no enc or aead line; "
	    "its keys are needed (was the output made with nokeys?)\n"
	    "%s:14: xfrm: the state from 192.0.2.1 to 192.0.2.2 has no `proto "
	    "PROTO spi SPI` line\n"
	    "%s:18: xfrm: the enc key must be 0x and an even number of hex "
	    "digits\n"
	    "%s:19: xfrm: expected `src ADDR dst ADDR` to start a state\n"
	    "%s:21: xfrm: the AH state 0x00000408 has no integrity algorithm "
	    "(an auth or auth-trunc line with its key)\n"
	    "%s:26: xfrm: the ESP state 0x00000409 has an aead line and an "
	    "enc or auth line; an SA has one or the other\n"
	    "%s:30: xfrm: AEAD rfc4106(gcm(aes)) with a 32-bit ICV is not one "
	    "ikescope knows (rfc4106(gcm(aes)) and rfc4309(ccm(aes)) "
	    "64/96/128, rfc7539esp(chacha20,poly1305) 128, rfc4543(gcm(aes)) "
	    "128)\n"
	    "%s:33: xfrm: enc cbc(aes) has no key (was the output made with "
	    "nokeys?)\n"
	    "%s:36: xfrm: auth-trunc needs its truncation length in bits "
	    "after the key\n"
	    "%s:40: xfrm: a second enc line for the state at line 37\n",
	    1, 0, 0 },
	{ "empty.xfrm", "\n# nothing\n", -1,
	    "%s: holds no xfrm state (expected the output of `ip xfrm state`: "
	    "`src ADDR dst ADDR` lines, each followed by its proto, "
	    "enc/auth/aead lines)\n",
	    0, 0, 0 },
};

static void
test_xfrm(void)
{
	struct isc_keys	   *k = isc_keys_new();
	struct isc_key_esp *e;
	int		    n;

	run_cases("xfrm", xfrm_cases,
	    sizeof(xfrm_cases) / sizeof(xfrm_cases[0]));

	n = imp(k, "xfrm", data("import/xfrm-misc.xfrm"));
	ok(n == 0 && k->nesp == 6,
	    "xfrm-misc.xfrm: 6 SAs (a comp state has no keys)");
	diag(n == 0);
	if (k->nesp != 6) {
		isc_keys_free(k);
		return;
	}
	e = k->esp;
	ok(e[0].proto == 50 && e[0].spi == 0x301 && e[0].integ == 1026 &&
		e[0].encr == 12 && e[0].ek_len == 32 && e[0].src.family == 6 &&
		e[0].at.line == 1,
	    "hmac(sha256) truncated to 96 bits is AUTH_HMAC_SHA2_256_96; "
	    "IPv6; esn flag and context lines pass");
	ok(e[1].proto == 51 && e[1].spi == 0x302 && e[1].integ == 2 &&
		e[1].ak_len == 20 && e[1].at.line == 11,
	    "proto ah: an ah entry");
	ok(e[2].spi == 0x303 && e[2].integ == 1026 && e[2].encr == 3,
	    "plain auth hmac(sha256): the kernel's 96 bits; cbc(des3_ede)");
	ok(e[3].spi == 0x304 && e[3].encr == 21 && e[3].integ == 0 &&
		e[3].ek_len == 20,
	    "rfc4543(gcm(aes)) is ENCR_NULL_AUTH_AES_GMAC");
	ok(e[4].spi == 0x305 && e[4].encr == 1027 && e[4].integ == 0,
	    "digest_null is NONE; cbc(twofish)");
	ok(e[5].spi == 0x306 && e[5].encr == 6 && e[5].integ == 6,
	    "hmac(md5) 128 is AUTH_HMAC_MD5_128; cbc(cast5)");
	isc_keys_free(k);
}

/* ---------------------------------------------------------------------
 * The API and the import line
 */

static void
test_api(void)
{
	struct isc_keys	 *k = isc_keys_new();
	char		  want[512], path[256];
	const char	 *p;
	static const char bin[] = "\xd4\xc3\xb2\xa1\x02\x00\x04\x00";
	FILE		 *f;

	ok(imp(k, "snort", "/x") == -1 &&
		strcmp(out,
		    "/x: unknown import format 'snort' (wireshark, "
		    "tcpdump, charon-log, xfrm)\n") == 0,
	    "unknown format: -1, %s", first());
	ok(isc_keys_import(NULL, "xfrm", "/x", NULL) == -1 &&
		isc_keys_import(k, NULL, "/x", NULL) == -1 &&
		isc_keys_import(k, "xfrm", NULL, NULL) == -1,
	    "NULL arguments: -1");
	snprintf(path, sizeof(path), "%s/none", tmpdir);
	snprintf(want, sizeof(want), "%s: %s\n", path, strerror(ENOENT));
	ok(imp(k, "xfrm", path) == -1 && strcmp(out, want) == 0,
	    "missing file: -1, PATH: reason");
	ok(imp(k, "tcpdump", tmpdir) == -1 &&
		strstr(out, "is a directory; give the file") != NULL,
	    "a directory for tcpdump: -1");
	p = tmpf("capture.pcap", "");
	if ((f = fopen(p, "wb")) != NULL) {
		fwrite(bin, 1, sizeof(bin) - 1, f);
		fclose(f);
	}
	ok(imp(k, "wireshark", p) == -1 &&
		strstr(out, "is not a text file (a NUL byte at offset 5)") !=
		    NULL,
	    "a capture given by mistake: -1, %s", first());
	p = tmpf("empty.esp_sa", "# no rows\n");
	ok(imp(k, "wireshark", p) == -1 &&
		strstr(out, "holds no Wireshark key table rows") != NULL,
	    "a table without rows: -1");
	p = tmpf("empty.secrets", "");
	ok(imp(k, "tcpdump", p) == -1 &&
		strstr(out, "holds no tcpdump secrets") != NULL,
	    "an empty secrets file: -1");
	ok(k->nv1 + k->nv2 + k->nesp + k->npsk + k->ndh + k->nrsa == 0,
	    "nothing was added by any of these");
	isc_keys_free(k);
}

static void
test_import_line(void)
{
	struct isc_keys *k;
	const char	*kf, *tab;
	char		 want[1024], err[512], sub[256];
	int		 n;

	/* PATH relative to the key file's directory. */
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	mkdir(sub, 0700);
	tab = tmpf("sub/t.esp_sa",
	    "\"IPv4\",\"*\",\"10.0.0.1\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n"
	    "\"IPv4\",\"*\",\"10.0.0.1\",\"2\",\"NULL\",\"x\",\"NULL\",\"\"\n");
	kf = tmpf("sub/lab.keys",
	    "# lab\nimport wireshark t.esp_sa\n"
	    "import xfrm missing.xfrm\n"
	    "psk after\n");
	k = isc_keys_new();
	n = load(k, kf);
	snprintf(want, sizeof(want),
	    "%s:2: esp: the ENCR key is 1 bytes but NULL takes no key (write "
	    "-)\n"
	    "%s:2: import: 1 bad record in wireshark file '%s' (reported "
	    "above); the others were imported\n"
	    "%s:3: import: %s/missing.xfrm: %s\n",
	    tab, kf, tab, kf, sub, strerror(ENOENT));
	ok(n == 3 && strcmp(out, want) == 0,
	    "key file: the record's message at its own line, the import "
	    "line after it, an unreadable import: 3 errors (%d)",
	    n);
	diag(n == 3 && strcmp(out, want) == 0);
	ok(k->nesp == 1 && k->npsk == 1 && k->esp[0].at.line == 1 &&
		strcmp(k->esp[0].at.file, tab) == 0,
	    "the good record is kept, its origin is the table's line 1");
	isc_keys_free(k);

	kf = tmpf("sub/good.keys", "import wireshark t.esp_sa\n");
	tmpf("sub/t.esp_sa",
	    "\"IPv4\",\"*\",\"10.0.0.1\",\"1\",\"NULL\",\"\",\"NULL\",\"\"\n");
	k = isc_keys_new();
	ok(load(k, kf) == 0 && out[0] == '\0' && k->nesp == 1,
	    "a clean import: 0 errors, nothing printed");
	isc_keys_free(k);

	/* Through isc_keys_parse_line: the count, not the messages. */
	k = isc_keys_new();
	snprintf(want, sizeof(want), "import tcpdump %s",
	    tmpf("x.secrets", "0x1@1.2.3.4 des-cbc:0x00\n"));
	ok(isc_keys_parse_line(k, "t.keys", 1, want, err, sizeof(err)) == -1 &&
		strstr(err, "import: 1 bad record in tcpdump file") != NULL &&
		strstr(err, "reported above") == NULL,
	    "parse_line: %s", err);
	isc_keys_free(k);

	/* An import cannot import. */
	k = isc_keys_new();
	k->importing = 1;
	ok(isc_keys_parse_line(k, "t.keys", 1, "import xfrm x", err,
	       sizeof(err)) == -1 &&
		strcmp(err,
		    "import: an imported file cannot import another "
		    "one; import each file from the key file") == 0,
	    "nested import refused");
	k->importing = 0;
	isc_keys_free(k);

	/* charon-log goes to keys_charon.c; a missing log is unreadable. */
	k = isc_keys_new();
	ok(imp(k, "charon-log", "/nonexistent/charon.log") == -1 && k->nv2 == 0,
	    "charon-log: a missing log is -1");
	isc_keys_free(k);
}

static void
cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		srcdir = argv[1];
	else if ((srcdir = getenv("top_srcdir")) == NULL &&
	    (srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_keys_import.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return done();
	}
	test_corpus_esp_sa();
	test_corpus_openswan();
	test_corpus_tcpdump();
	test_corpus_xfrm();
	test_profile_dir();
	test_wireshark_syntax();
	test_tcpdump_syntax();
	test_xfrm();
	test_api();
	test_import_line();
	cleanup();
	return done();
}
