/*
 * test_pskcheck.c - psk-crack parameter lines (analyzer/psk_params.h) and
 * the candidate check (analyzer/pskcheck.h):
 *
 *  - tests/data/ike-scan: every parameter file with a known PSK verifies
 *    (MD5, SHA1, Nortel, the 65-character PSK), with psk_try() and with
 *    the cracker over a candidate list; the "uncrackable" entries match
 *    nothing in upstream's dictionary nor in psk-crack's 6-character
 *    brute force over "abc123", and do match "garibaldi" (named in
 *    upstream's script);
 *  - malformed lines, comments, file reading, line formatting;
 *  - candidate lines: CR/LF, psk-crack's cut at white space, overlong
 *    lines, no final newline;
 *  - strongSwan samples: the Aggressive Mode SA gives a line that
 *    psk_try() and psk-crack (when installed) verify with its PSK; per SA
 *    and side with only the DH value (Aggressive, Main Mode, IKEv2, and
 *    the two wrong-PSK captures), with only the final IKEv1 key, and with
 *    no keys.
 *
 * The data is found under argv[1], else $top_srcdir, else $srcdir, else
 * ".".
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/crypto.h"
#include "../../analyzer/keys.h"
#include "../../analyzer/psk_params.h"
#include "../../analyzer/pskcheck.h"
#include "tap.h"

static const char *srcdir;
static char	   tmpdir[64];

static const char *const long_psk =
    "12345678901234567890123456789012345678901234567890123456789012345";

/* The lines of a file (without newlines), NULL-terminated; NULL if none. */
static char **
read_lines(const char *path, size_t *n)
{
	FILE  *f = fopen(path, "r");
	char **v = NULL, buf[8192];
	size_t cap = 0;

	*n = 0;
	if (f == NULL)
		return NULL;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (*n + 2 > cap) {
			cap = cap ? cap * 2 : 8;
			v = realloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = strdup(buf);
		v[*n] = NULL;
	}
	fclose(f);
	return v;
}

static void
free_lines(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A temporary file holding text; its path in out. */
static FILE *
tmpfile_with(const char *name, const void *text, size_t len, char *out,
    size_t outlen)
{
	FILE *f;

	snprintf(out, outlen, "%s/%s", tmpdir, name);
	if ((f = fopen(out, "w+")) == NULL)
		return NULL;
	fwrite(text, 1, len, f);
	rewind(f);
	return f;
}

static FILE *
memfile(const char *text)
{
	char p[256];

	return tmpfile_with("cands.txt", text, strlen(text), p, sizeof(p));
}

static int
try_str(const struct psk_params *p, const char *s)
{
	return psk_try(p, (const uint8_t *)s, strlen(s));
}

/* 1 when psk_params_format() writes p as line (plus a newline). */
static int
same_line(const struct psk_params *p, const char *line)
{
	char  *buf = NULL;
	size_t blen = 0;
	FILE  *m = open_memstream(&buf, &blen);
	int    r;

	r = m != NULL && psk_params_format(p, m) == 0;
	if (m != NULL)
		fclose(m);
	r = r && blen == strlen(line) + 1 && memcmp(buf, line, blen - 1) == 0 &&
	    buf[blen - 1] == '\n';
	free(buf);
	return r;
}

/* The text report as TAP diagnostics; 1 when it contains `want`. */
static int
show_report_x(const struct psk_check *c, const char *name, const char *want,
    int show)
{
	char  *buf = NULL, *line, *save = NULL;
	size_t blen = 0;
	FILE  *m = open_memstream(&buf, &blen);
	int    r = 0;

	if (m == NULL)
		return 0;
	psk_check_text(m, c, name, show);
	fclose(m);
	if (want != NULL && strstr(buf, want) != NULL)
		r = 1;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		printf("# %s\n", line);
	free(buf);
	return r;
}

static int
show_report(const struct psk_check *c, const char *name, const char *want)
{
	return show_report_x(c, name, want, 1);
}

/* Every line of an ike-scan parameter file: psk_try and the cracker. */
static void
corpus_file(const char *name, const char *psk, const char *user)
{
	char		  path[512], err[256];
	char		**lines;
	size_t		  n, i, good = 0, crack_ok = 0, fmt_ok = 0;
	struct psk_params p;

	snprintf(path, sizeof(path), "%s/tests/data/ike-scan/%s", srcdir, name);
	lines = read_lines(path, &n);
	ok(lines != NULL && n > 0, "%s: read %zu lines", name, n);
	for (i = 0; i < n; i++) {
		uint8_t *found = NULL;
		size_t	 flen;
		uint64_t line;
		FILE	*cf;
		char	 text[512];

		if (psk_params_parse_line(lines[i], &p, err, sizeof(err)) !=
		    0) {
			ok(0, "%s:%zu parses: %s", name, i + 1, err);
			continue;
		}
		if (user != NULL)
			psk_params_set_nortel_user(&p, user);
		if (try_str(&p, psk) == 1 && try_str(&p, "abc124") == 0 &&
		    try_str(&p, "") == 0)
			good++;
		/* The PSK third in a list, as a whole line after CRLF ones. */
		snprintf(text, sizeof(text),
		    "notthisone\r\nNotThisOne\r\n%s\n"
		    "zzz\n",
		    psk);
		cf = memfile(text);
		if (cf != NULL &&
		    psk_crack_file(&p, cf, 0, &found, &flen, &line) == 1 &&
		    flen == strlen(psk) && memcmp(found, psk, flen) == 0 &&
		    line == 3)
			crack_ok++;
		if (cf != NULL)
			fclose(cf);
		free(found);
		if (same_line(&p, lines[i]))
			fmt_ok++;
		psk_params_free(&p);
	}
	ok(good == n, "%s: psk_try verifies %s on %zu of %zu lines (%s)", name,
	    psk, good, n, user ? "Nortel user" : "RFC 2409");
	ok(crack_ok == n, "%s: the cracker finds it at candidate line 3", name);
	ok(fmt_ok == n, "%s: psk_params_format writes each line back", name);
	free_lines(lines, n);
}

static void
test_corpus(void)
{
	char		  path[512], err[256];
	char		**lines;
	size_t		  n, i;
	struct psk_params p;

	corpus_file("psk-crack-2_md5.psk-params", "abc123", NULL);
	corpus_file("psk-crack-2_sha1.psk-params", "abc123", NULL);
	corpus_file("psk-crack-3_nortel_md5.psk-params", "abc123", "test");
	corpus_file("psk-crack-3_nortel_sha1.psk-params", "abc123", "test");
	corpus_file("psk-crack-4_long_md5.psk-params", long_psk, NULL);
	corpus_file("psk-crack-4_long_sha1.psk-params", long_psk, NULL);

	/* Nortel lines without the user (and the reverse) do not verify. */
	snprintf(path, sizeof(path),
	    "%s/tests/data/ike-scan/psk-crack-3_nortel_sha1.psk-params",
	    srcdir);
	lines = read_lines(path, &n);
	if (lines != NULL &&
	    psk_params_parse_line(lines[0], &p, err, sizeof(err)) == 0) {
		ok(try_str(&p, "abc123") == 0,
		    "Nortel line without --norteluser: abc123 does not verify");
		psk_params_set_nortel_user(&p, "other");
		ok(try_str(&p, "abc123") == 0,
		    "Nortel line with another user: no match");
		ok(psk_params_set_nortel_user(&p, "") == -1,
		    "an empty Nortel user is refused");
		psk_params_free(&p);
	}
	free_lines(lines, n);

	/* The "uncrackable" entries: upstream's negative tests. */
	snprintf(path, sizeof(path),
	    "%s/tests/data/ike-scan/psk-crack-4_uncrackable.psk-params",
	    srcdir);
	lines = read_lines(path, &n);
	ok(lines != NULL && n == 2, "uncrackable: 2 entries");
	for (i = 0; i < n; i++) {
		static const char   charset[] = "abc123";
		struct psk_cracker *c = psk_cracker_new();
		uint64_t	    loop, max = 1, val;
		char		    w[8];
		size_t		    base = 6, hits = 0, j;
		FILE		   *cf;
		uint8_t		   *found = NULL;
		size_t		    flen;
		uint64_t	    line;

		if (psk_params_parse_line(lines[i], &p, err, sizeof(err)) !=
		    0) {
			ok(0, "uncrackable:%zu parses: %s", i + 1, err);
			psk_cracker_free(c);
			continue;
		}
		cf = memfile("notthisone\nNotThisOne\nWontMatch\ntesting\n"
			     "qwerty\n");
		ok(cf != NULL &&
			psk_crack_file(&p, cf, 0, &found, &flen, &line) == 0,
		    "uncrackable:%zu (%s): upstream's dictionary finds no "
		    "match",
		    i + 1, psk_params_hash_name(p.hash));
		if (cf != NULL)
			fclose(cf);
		free(found);
		/* psk-crack --bruteforce=6 --charset=abc123 */
		psk_cracker_add_params(c, &p);
		for (j = 0; j < 6; j++)
			max *= base;
		for (loop = 0; loop < max; loop++) {
			char *q = w;

			val = loop;
			do {
				*q++ = charset[val % base];
				val /= base;
			} while (val);
			hits += psk_cracker_try(c, (const uint8_t *)w,
			    (size_t)(q - w), loop + 1);
		}
		ok(hits == 0 && psk_cracker_left(c) == 1,
		    "uncrackable:%zu: %llu brute-force candidates, no match",
		    i + 1, (unsigned long long)max);
		ok(try_str(&p, "garibaldi") == 1,
		    "uncrackable:%zu: \"garibaldi\" (upstream script's "
		    "comment) verifies",
		    i + 1);
		psk_cracker_free(c);
		psk_params_free(&p);
	}
	free_lines(lines, n);
}

static void
test_malformed(void)
{
	static const char good[] =
	    "aa:bb:0102030405060708:1112131415161718:cc:dd:ee:ff:"
	    "00112233445566778899aabbccddeeff";
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{ "aa:bb:cc", "found 3" },
		{ "aa:bb:0102030405060708:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff:00",
		    "found 10" },
		{ "aa::0102030405060708:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff",
		    "field 2 (g_xi) is empty" },
		{ "aab:bb:0102030405060708:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff",
		    "field 1 (g_xr) has an odd number" },
		{ "aa:bb:0102030405060708:1112131415161718:cc:dd:eg:ff:"
		  "00112233445566778899aabbccddeeff",
		    "field 7 (ni_b): 'g' at column 2 is not a hex digit" },
		{ "aa:bb:01020304050607:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff",
		    "field 3 (cky_r) is 7 bytes" },
		{ "aa:bb:0102030405060708:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff00",
		    "hash_r) is 17 bytes" },
		{ "a bb:bb:0102030405060708:1112131415161718:cc:dd:ee:ff:"
		  "00112233445566778899aabbccddeeff",
		    "field 1 (g_xr): ' ' at column 2 is not a hex digit" },
	};
	struct psk_params p;
	char		  err[256], line[512];
	size_t		  i;
	FILE		 *f;
	char		  path[256];
	int		  r;
	unsigned long	  ln = 0;

	ok(psk_params_parse_line(good, &p, err, sizeof(err)) == 0 &&
		p.hash == 1 && p.g_xr.len == 1 && p.g_xr.p[0] == 0xaa &&
		p.cky_i.len == 8 && p.hash_r.len == 16,
	    "a minimal line parses (MD5 by its 16-byte hash)");
	psk_params_free(&p);
	snprintf(line, sizeof(line), "  %s \r\n", good);
	for (i = 0; line[i]; i++)
		if (line[i] >= 'a' && line[i] <= 'f')
			line[i] = (char)(line[i] - 'a' + 'A');
	ok(psk_params_parse_line(line, &p, err, sizeof(err)) == 0 &&
		p.g_xr.p[0] == 0xaa,
	    "upper-case hex, blanks and CRLF are accepted");
	psk_params_free(&p);
	ok(psk_params_parse_line("", &p, err, sizeof(err)) == 1 &&
		psk_params_parse_line("\r\n", &p, err, sizeof(err)) == 1 &&
		psk_params_parse_line("# a comment", &p, err, sizeof(err)) == 1,
	    "blank lines and # comments are skipped (1)");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = psk_params_parse_line(bad[i].line, &p, err, sizeof(err));
		ok(r == -1 && strstr(err, bad[i].msg) != NULL,
		    "malformed line %zu: \"%s\"", i + 1, err);
		psk_params_free(&p);
	}
	/* 20, 32, 48, 64-byte hashes */
	{
		static const struct {
			size_t	    bytes;
			uint16_t    hash;
			const char *name;
		} h[] = { { 20, 2, "SHA1" }, { 32, 4, "SHA2-256" },
			{ 48, 5, "SHA2-384" }, { 64, 6, "SHA2-512" } };

		for (i = 0; i < 4; i++) {
			size_t j, o;

			o = (size_t)snprintf(line, sizeof(line),
			    "aa:bb:0102030405060708:1112131415161718:cc:dd:ee:"
			    "ff:");
			for (j = 0; j < h[i].bytes; j++)
				o += (size_t)snprintf(line + o,
				    sizeof(line) - o, "%02x", (unsigned)j);
			ok(psk_params_parse_line(line, &p, err, sizeof(err)) ==
				    0 &&
				p.hash == h[i].hash &&
				strcmp(psk_params_hash_name(p.hash),
				    h[i].name) == 0 &&
				psk_params_pskcrack_ok(&p) == (i == 0),
			    "a %zu-byte hash is %s (psk-crack: %s)", h[i].bytes,
			    h[i].name, i == 0 ? "yes" : "no");
			psk_params_free(&p);
		}
	}
	/* A file: comment, blank, bad, good, last line without newline. */
	snprintf(line, sizeof(line),
	    "# ike-scan --pskcrack output\n\naa:bb\n%s\n%s", good, good);
	f = tmpfile_with("params.txt", line, strlen(line), path, sizeof(path));
	r = psk_params_read(f, &p, &ln, err, sizeof(err));
	ok(r == -1 && ln == 3 && strstr(err, "found 2") != NULL,
	    "psk_params_read: the bad line 3 is reported (%s)", err);
	psk_params_free(&p);
	r = psk_params_read(f, &p, &ln, err, sizeof(err));
	ok(r == 1 && ln == 4 && p.hash == 1,
	    "psk_params_read: then line 4 is read");
	psk_params_free(&p);
	r = psk_params_read(f, &p, &ln, err, sizeof(err));
	ok(r == 1 && ln == 5, "psk_params_read: a last line without newline");
	psk_params_free(&p);
	ok(psk_params_read(f, &p, &ln, err, sizeof(err)) == 0,
	    "psk_params_read: then end of file");
	fclose(f);
	/* Format round trip. */
	{
		char  *buf = NULL;
		size_t blen = 0;
		FILE  *m = open_memstream(&buf, &blen);

		psk_params_parse_line(good, &p, err, sizeof(err));
		psk_params_format(&p, m);
		fclose(m);
		ok(blen == strlen(good) + 1 &&
			memcmp(buf, good, blen - 1) == 0 &&
			buf[blen - 1] == '\n',
		    "psk_params_format writes the line back");
		free(buf);
		psk_params_free(&p);
	}
}

/* Candidate lines: what is tried, line numbers, skipped lines. */
static void
test_candidates(void)
{
	struct psk_params      p;
	struct psk_cracker    *c;
	struct psk_crack_stats st;
	char		       err[256], path[512], **lines;
	size_t		       n, len, i;
	FILE		      *f;
	char		      *text;

	snprintf(path, sizeof(path),
	    "%s/tests/data/ike-scan/psk-crack-2_sha1.psk-params", srcdir);
	lines = read_lines(path, &n);
	if (lines == NULL ||
	    psk_params_parse_line(lines[0], &p, err, sizeof(err)) != 0) {
		ok(0, "candidates: no parameter line");
		free_lines(lines, n);
		return;
	}
	/* psk-crack cuts at white space; the whole-line mode does not. */
	f = memfile("xyz\nabc123 trailing words\n");
	c = psk_cracker_new();
	psk_cracker_add_params(c, &p);
	psk_crack_stream(c, f, PSK_CAND_PSKCRACK, &st);
	ok(psk_cracker_result(c, 0)->found &&
		psk_cracker_result(c, 0)->line == 2 && st.lines == 2,
	    "PSK_CAND_PSKCRACK: \"abc123 trailing words\" is \"abc123\"");
	psk_cracker_free(c);
	rewind(f);
	c = psk_cracker_new();
	psk_cracker_add_params(c, &p);
	psk_crack_stream(c, f, 0, &st);
	ok(!psk_cracker_result(c, 0)->found && st.tried == 2,
	    "whole lines: \"abc123 trailing words\" is not the PSK");
	psk_cracker_free(c);
	fclose(f);
	/* An overlong line (and one longer than the read buffer) is
	   skipped and counted; lines after it keep their numbers; the last
	   line has no newline. */
	len = 70000 + 5000 + 100;
	text = malloc(len);
	memset(text, 'x', 70000);
	text[70000] = '\n';
	memset(text + 70001, 'y', 5000);
	text[75001] = '\n';
	i = 75002;
	i += (size_t)snprintf(text + i, len - i, "a\r\nabc123");
	f = tmpfile_with("long.txt", text, i, path, sizeof(path));
	c = psk_cracker_new();
	psk_cracker_add_params(c, &p);
	psk_crack_stream(c, f, 0, &st);
	ok(psk_cracker_result(c, 0)->found &&
		psk_cracker_result(c, 0)->line == 4 && st.too_long == 2 &&
		st.lines == 4 && st.tried == 2,
	    "long lines skipped (%llu), the PSK found on line %llu",
	    (unsigned long long)st.too_long,
	    (unsigned long long)psk_cracker_result(c, 0)->line);
	psk_cracker_free(c);
	fclose(f);
	free(text);
	/* A NUL inside a line is part of the candidate in whole-line mode. */
	f = tmpfile_with("nul.txt", "abc123\0x\nabc123\n", 16, path,
	    sizeof(path));
	c = psk_cracker_new();
	psk_cracker_add_params(c, &p);
	psk_crack_stream(c, f, 0, &st);
	ok(psk_cracker_result(c, 0)->line == 2,
	    "a NUL byte does not end a whole-line candidate");
	rewind(f);
	psk_cracker_free(c);
	c = psk_cracker_new();
	psk_cracker_add_params(c, &p);
	psk_crack_stream(c, f, PSK_CAND_PSKCRACK, &st);
	ok(psk_cracker_result(c, 0)->line == 1,
	    "PSK_CAND_PSKCRACK: a NUL byte ends the word (as strlen)");
	psk_cracker_free(c);
	fclose(f);
	/* Candidates are hashed in batches: a PSK inside one is found on
	   its line, the counts stop there, and two targets found in
	   different batches each keep their own line. */
	{
		struct psk_params p2;
		char		 *words = malloc(300 * 16), *w = words;
		char		  sp[512], **l2;
		size_t		  n2, k;

		for (k = 1; k <= 300; k++)
			w += sprintf(w, "%s\n",
			    k == 100	 ? "abc123" :
				k == 250 ? "garibaldi" :
					   (snprintf(sp, 16, "w%zu", k), sp));
		snprintf(sp, sizeof(sp),
		    "%s/tests/data/ike-scan/psk-crack-4_uncrackable.psk-params",
		    srcdir);
		l2 = read_lines(sp, &n2);
		f = memfile(words);
		c = psk_cracker_new();
		psk_cracker_add_params(c, &p);
		psk_crack_stream(c, f, 0, &st);
		ok(psk_cracker_result(c, 0)->line == 100 && st.lines == 100 &&
			st.tried == 100,
		    "a PSK inside a batch: line %llu, %llu lines, %llu tried",
		    (unsigned long long)psk_cracker_result(c, 0)->line,
		    (unsigned long long)st.lines, (unsigned long long)st.tried);
		psk_cracker_free(c);
		rewind(f);
		c = psk_cracker_new();
		psk_cracker_add_params(c, &p);
		if (l2 != NULL && n2 == 2 &&
		    psk_params_parse_line(l2[1], &p2, err, sizeof(err)) == 0) {
			psk_cracker_add_params(c, &p2);
			psk_params_free(&p2);
		}
		psk_crack_stream(c, f, 0, &st);
		ok(psk_cracker_count(c) == 2 &&
			psk_cracker_result(c, 0)->line == 100 &&
			psk_cracker_result(c, 1)->found &&
			psk_cracker_result(c, 1)->line == 250 &&
			st.tried == 250,
		    "two targets in different batches: lines 100 and 250, %llu "
		    "tried",
		    (unsigned long long)st.tried);
		psk_cracker_free(c);
		fclose(f);
		free_lines(l2, n2);
		free(words);
	}
	psk_params_free(&p);
	free_lines(lines, n);
	{
		char q[64];

		ok(strcmp(psk_quote((const uint8_t *)"a\"b\\c", 5, q,
			      sizeof(q)),
		       "\"a\\\"b\\\\c\"") == 0,
		    "psk_quote escapes quotes: %s", q);
		ok(strcmp(psk_quote((const uint8_t *)"\x01\x02\xff", 3, q,
			      sizeof(q)),
		       "0x0102ff") == 0,
		    "psk_quote writes bytes as 0xHEX: %s", q);
	}
}

/* Keys of a sample: only the lines that start with `prefix`. */
static struct isc_keys *
sample_keys(const char *name, const char *suffix, const char *prefix)
{
	struct isc_keys *k;
	char		 path[512], err[256], **lines;
	size_t		 n, i;

	if (prefix == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/samples/strongswan/%s.%s", srcdir,
	    name, suffix);
	lines = read_lines(path, &n);
	k = isc_keys_new();
	for (i = 0; i < n; i++)
		if (strncmp(lines[i], prefix, strlen(prefix)) == 0 &&
		    isc_keys_parse_line(k, path, (unsigned)i + 1, lines[i], err,
			sizeof(err)) != 0)
			ok(0, "%s:%zu: %s", path, i + 1, err);
	free_lines(lines, n);
	return k;
}

static struct isc_analysis *
analyse(const char *name, struct isc_keys *keys)
{
	struct isc_options   o;
	struct isc_analysis *a;
	char		     path[512], err[512];

	memset(&o, 0, sizeof(o));
	o.keys = keys;
	a = isc_analysis_new(&o);
	snprintf(path, sizeof(path), "%s/samples/strongswan/%s.pcap", srcdir,
	    name);
	if (isc_analysis_read_file(a, path, err, sizeof(err)) != 0)
		ok(0, "%s: %s", name, err);
	isc_analysis_finish(a);
	return a;
}

/* The PSK of a sample (psk_initiator / psk_responder of secrets.json). */
static char *
sample_psk(const char *name, const char *which)
{
	char   path[512], **lines, key[64], *r = NULL, *p, *e;
	size_t n, i;

	snprintf(path, sizeof(path), "%s/samples/strongswan/%s.secrets.json",
	    srcdir, name);
	snprintf(key, sizeof(key), "\"psk_%s\": \"", which);
	lines = read_lines(path, &n);
	for (i = 0; i < n && r == NULL; i++)
		if ((p = strstr(lines[i], key)) != NULL) {
			p += strlen(key);
			if ((e = strchr(p, '"')) != NULL) {
				*e = '\0';
				r = strdup(p);
			}
		}
	free_lines(lines, n);
	return r;
}

static void
test_aggressive_sample(void)
{
	const char	    *name = "ikev1-aggressive-psk";
	struct isc_analysis *a = analyse(name, NULL);
	struct psk_params    p;
	char		    *psk = sample_psk(name, "responder");
	const char	    *why = NULL;
	char		     path[512], dict[512], cmd[2048], out[512];
	FILE		    *f;
	int		     found = 0;

	ok(a->nsas == 1 && psk != NULL, "%s: one IKE SA, PSK known", name);
	if (a->nsas != 1 || psk == NULL) {
		free(psk);
		isc_analysis_free(a);
		return;
	}
	ok(psk_params_from_sa(a->sas[0], &p) == 0 && p.hash == 2 &&
		p.frame == 2 && p.from == ISC_ROLE_RESPONDER,
	    "%s: psk_params_from_sa gives the SHA1 HASH_R of frame 2", name);
	ok(try_str(&p, psk) == 1, "%s: psk_try verifies the PSK of %s.min.keys",
	    name, name);
	ok(try_str(&p, "ikescope-wrong-psk") == 0,
	    "%s: another PSK does not verify", name);
	/* The exported line, back through the parser and psk-crack. */
	f = tmpfile_with("am.psk-params", "", 0, path, sizeof(path));
	psk_params_format(&p, f);
	fclose(f);
	f = fopen(path, "r");
	{
		struct psk_params q;
		unsigned long	  ln = 0;
		char		  err[256];

		ok(psk_params_read(f, &q, &ln, err, sizeof(err)) == 1 &&
			try_str(&q, psk) == 1,
		    "%s: the formatted line reads back and verifies", name);
		psk_params_free(&q);
	}
	fclose(f);
	fclose(tmpfile_with("am.dict", "", 0, dict, sizeof(dict)));
	f = fopen(dict, "w");
	fprintf(f, "notthisone\n%s\nzzz\n", psk);
	fclose(f);
	if (system("command -v psk-crack >/dev/null 2>&1") != 0) {
		ok(1,
		    "# SKIP psk-crack not installed (apt-get install "
		    "ike-scan)");
	} else {
		snprintf(cmd, sizeof(cmd), "psk-crack -d '%s' '%s' 2>&1", dict,
		    path);
		if ((f = popen(cmd, "r")) != NULL) {
			char want[256];

			snprintf(want, sizeof(want),
			    "key \"%s\" matches SHA1 hash", psk);
			while (fgets(out, sizeof(out), f) != NULL)
				if (strstr(out, want) != NULL)
					found = 1;
			pclose(f);
		}
		ok(found, "%s: psk-crack finds the PSK from our line", name);
	}
	psk_params_free(&p);
	found =
	    psk_params_from_sa_side(a->sas[0], ISC_ROLE_INITIATOR, &p, &why);
	ok(found == -1 && why != NULL && strstr(why, "encrypted") != NULL,
	    "%s: HASH_I is in the encrypted AM3: \"%s\"", name, why);
	psk_params_free(&p);
	free(psk);
	isc_analysis_free(a);
}

/*
 * One sample through psk_check: keys from the sample's key file (lines
 * starting with `prefix`, NULL: none), the candidates a few wrong ones
 * and both sides' PSKs; expected states per side.
 */
static void
check_sample(const char *name, const char *suffix, const char *prefix,
    enum psk_side_state want_i, enum psk_side_state want_r, const char *needs)
{
	struct isc_keys	      *k = sample_keys(name, suffix, prefix);
	struct isc_analysis   *a = analyse(name, k);
	struct psk_check      *c = psk_check_new();
	const struct psk_item *it;
	char		      *pi = sample_psk(name, "initiator");
	char		      *pr = sample_psk(name, "responder");
	char		       text[1024], err[256];
	FILE		      *f;
	int		       role;

	snprintf(text, sizeof(text), "a\nb\n%s\nc\n%s\nd\n", pr ? pr : "",
	    pi ? pi : "");
	f = memfile(text);
	psk_check_add_analysis(c, a);
	ok(psk_check_run(c, f, 0, err, sizeof(err)) == 0 &&
		psk_check_count(c) == a->nsas && a->nsas >= 1,
	    "%s (%s keys): %zu SAs checked", name, prefix ? prefix : "no",
	    a->nsas);
	fclose(f);
	it = psk_check_item(c, 0);
	for (role = 1; it != NULL && role >= 0; role--) {
		const struct psk_side *s = &it->side[role];
		enum psk_side_state    want = role ? want_i : want_r;
		const char	      *psk = role ? pi : pr;
		uint64_t	       line =
			  psk != NULL && pr != NULL && strcmp(psk, pr) == 0 ? 3 : 5;
		int good = s->state == want;

		if (want == PSK_SIDE_FOUND)
			good = good && psk != NULL &&
			    s->psk_len == strlen(psk) &&
			    memcmp(s->psk, psk, s->psk_len) == 0 &&
			    s->line == line && s->frame != 0 &&
			    (needs == NULL || strcmp(s->needs, needs) == 0);
		ok(good, "%s: %s %s: %s%s%s (needs %s)", name,
		    role ? "initiator" : "responder", s->check,
		    psk_side_state_name(s->state), s->why ? ": " : "",
		    s->why ? s->why : "", s->needs ? s->needs : "-");
	}
	if (want_i == PSK_SIDE_FOUND && pi != NULL) {
		char q[256], w[300];

		snprintf(w, sizeof(w), "): PSK %s (candidate line %d)",
		    psk_quote((const uint8_t *)pi, strlen(pi), q, sizeof(q)),
		    pr != NULL && strcmp(pi, pr) == 0 ? 3 : 5);
		ok(show_report(c, "test candidates", w),
		    "%s: the text report names the initiator's PSK", name);
	} else
		show_report(c, "test candidates", NULL);
	psk_check_free(c);
	isc_analysis_free(a);
	isc_keys_free(k);
	free(pi);
	free(pr);
}

static void
test_samples(void)
{
	/* Aggressive Mode: HASH_R alone; HASH_I (AM3 encrypted) with DH. */
	check_sample("ikev1-aggressive-psk", "min.keys", NULL,
	    PSK_SIDE_UNCHECKED, PSK_SIDE_FOUND, "psk_only");
	check_sample("ikev1-aggressive-psk", "min.keys", "dh", PSK_SIDE_FOUND,
	    PSK_SIDE_FOUND, NULL);
	/* Main Mode: only with the DH value, or the final key. */
	check_sample("ikev1-main-psk-aes128-sha1-modp2048", "min.keys", NULL,
	    PSK_SIDE_UNCHECKED, PSK_SIDE_UNCHECKED, NULL);
	check_sample("ikev1-main-psk-aes128-sha1-modp2048", "min.keys", "dh",
	    PSK_SIDE_FOUND, PSK_SIDE_FOUND, "dh_value");
	check_sample("ikev1-main-psk-aes128-sha1-modp2048", "full.keys",
	    "ikev1", PSK_SIDE_FOUND, PSK_SIDE_FOUND, "psk_only");
	/* The responder has another PSK: it never sends MM6. */
	check_sample("ikev1-wrong-psk", "min.keys", "dh", PSK_SIDE_FOUND,
	    PSK_SIDE_UNCHECKED, "dh_value");
	/* IKEv2: AUTH once IKE_AUTH is decrypted. */
	check_sample("ikev2-psk-aescbc-sha256", "min.keys", NULL,
	    PSK_SIDE_UNCHECKED, PSK_SIDE_UNCHECKED, NULL);
	check_sample("ikev2-psk-aescbc-sha256", "min.keys", "dh",
	    PSK_SIDE_FOUND, PSK_SIDE_FOUND, "ike_auth_keys");
	check_sample("ikev2-wrong-psk", "min.keys", "dh", PSK_SIDE_FOUND,
	    PSK_SIDE_UNCHECKED, "ike_auth_keys");
	/* Signatures: not a PSK. */
	check_sample("ikev2-rsa-sig", "min.keys", "dh", PSK_SIDE_NOT_PSK,
	    PSK_SIDE_NOT_PSK, NULL);
	check_sample("ikev1-rsa-sig", "min.keys", NULL, PSK_SIDE_NOT_PSK,
	    PSK_SIDE_NOT_PSK, NULL);
}

/* HASH_R of p for psk (RFC 2409 5), written into p->hash_r. */
static void
set_hash_r(struct psk_params *p, const char *psk)
{
	uint8_t nn[512], hd[2048], skeyid[64];
	size_t	n = 0, h = 0;

	memcpy(nn, p->ni_b.p, p->ni_b.len);
	n += p->ni_b.len;
	memcpy(nn + n, p->nr_b.p, p->nr_b.len);
	n += p->nr_b.len;
#define PUT(f) \
	do { \
		memcpy(hd + h, p->f.p, p->f.len); \
		h += p->f.len; \
	} while (0)
	PUT(g_xr);
	PUT(g_xi);
	PUT(cky_r);
	PUT(cky_i);
	PUT(sai_b);
	PUT(idir_b);
#undef PUT
	crypto_hmac(p->hash, (const uint8_t *)psk, strlen(psk), nn, n, skeyid);
	crypto_hmac(p->hash, skeyid, p->hash_r.len, hd, h, p->hash_r.p);
}

/*
 * Targets with the same SKEYID inputs share it per candidate; one found
 * early must not leave the other with a stale SKEYID.
 */
static void
test_sharing(void)
{
	static const char *const orders[2] = { "abc123\nx\nsecond\n",
		"second\nx\nabc123\n" };
	struct psk_params	 p1, p2;
	char			 path[512], err[256], **lines;
	size_t			 n, k;

	snprintf(path, sizeof(path),
	    "%s/tests/data/ike-scan/psk-crack-2_sha1.psk-params", srcdir);
	lines = read_lines(path, &n);
	if (lines == NULL ||
	    psk_params_parse_line(lines[0], &p1, err, sizeof(err)) != 0 ||
	    psk_params_parse_line(lines[0], &p2, err, sizeof(err)) != 0) {
		ok(0, "sharing: no parameter line");
		free_lines(lines, n);
		return;
	}
	p2.idir_b.p[p2.idir_b.len - 1] ^= 1; /* another ID, same nonces */
	set_hash_r(&p2, "second");
	ok(try_str(&p2, "second") == 1 && try_str(&p2, "abc123") == 0,
	    "sharing: a second target with the same nonces, PSK \"second\"");
	for (k = 0; k < 2; k++) {
		struct psk_cracker *c = psk_cracker_new();
		FILE		   *f = memfile(orders[k]);

		psk_cracker_add_params(c, &p1);
		psk_cracker_add_params(c, &p2);
		psk_crack_stream(c, f, 0, NULL);
		ok(psk_cracker_result(c, 0)->found &&
			psk_cracker_result(c, 0)->line == (k ? 3 : 1) &&
			psk_cracker_result(c, 1)->found &&
			psk_cracker_result(c, 1)->line == (k ? 1 : 3),
		    "sharing, %s first: each target finds its own PSK",
		    k ? "\"second\"" : "\"abc123\"");
		fclose(f);
		psk_cracker_free(c);
	}
	psk_params_free(&p1);
	psk_params_free(&p2);
	free_lines(lines, n);
}

/* psk_check_add_params: parameter lines in the report. */
static void
test_params_report(void)
{
	struct psk_check *c = psk_check_new();
	struct psk_params p;
	char		  path[512], err[256], **lines;
	size_t		  n;
	FILE		 *f;

	snprintf(path, sizeof(path),
	    "%s/tests/data/ike-scan/psk-crack-2_md5.psk-params", srcdir);
	lines = read_lines(path, &n);
	if (lines != NULL &&
	    psk_params_parse_line(lines[0], &p, err, sizeof(err)) == 0) {
		psk_check_add_params(c, &p, "psk-crack-2_md5.psk-params:1");
		psk_params_free(&p);
	}
	f = memfile("x\nabc123\n");
	psk_check_run(c, f, 0, err, sizeof(err));
	fclose(f);
	ok(psk_check_count(c) == 1 &&
		psk_check_item(c, 0)->side[0].state == PSK_SIDE_FOUND &&
		psk_check_item(c, 0)->side[0].line == 2 &&
		psk_check_item(c, 0)->side[1].state == PSK_SIDE_NONE &&
		psk_check_item(c, 0)->sa_index == PSK_NO_SA,
	    "a parameter line in the report: found on line 2");
	ok(show_report(c, "x",
	       "psk-crack-2_md5.psk-params:1  psk-crack parameters, MD5"),
	    "the text report names the parameter line");
	ok(show_report_x(c, "x", "HASH_R: the PSK is candidate line 2", 0) &&
		!show_report_x(c, "x", "abc123", 0),
	    "without --show-keys the report gives the line, not the PSK");
	psk_check_free(c);
	free_lines(lines, n);
}

int
main(int argc, char **argv)
{
	const char *t = getenv("TMPDIR");

	if (argc > 1)
		srcdir = argv[1];
	else if ((srcdir = getenv("top_srcdir")) == NULL &&
	    (srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_pskcheck.XXXXXX",
	    t != NULL && strlen(t) < 32 ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return done();
	}
	test_corpus();
	test_malformed();
	test_candidates();
	test_sharing();
	test_aggressive_sample();
	test_samples();
	test_params_report();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			ok(0, "removing %s", tmpdir);
	}
	return done();
}
