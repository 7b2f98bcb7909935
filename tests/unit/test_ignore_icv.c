/*
 * test_ignore_icv.c - isc_options.ignore_icv: an IKEv2 SK payload whose
 * ICV fails is decrypted and dissected, but the message stays
 * integrity_failed, is marked icv_ignored, and nothing is derived from
 * it (AUTH, child SAs).  Without the option such a message shows no
 * content.
 *
 * Captures: tcpdump's ikev2pI2 (published keys whose ICV does not
 * verify) and strongSwan samples with one ICV byte flipped.  The files
 * are found under argv[1], else $top_srcdir, else $srcdir, else ".".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/keys.h"
#include "tap.h"

static struct isc_analysis *
run(const char *pcap, const char *keyfile, int ignore)
{
	struct isc_options   o;
	struct isc_analysis *a;
	struct isc_keys	    *k = isc_keys_new();
	char		     err[256];

	if (isc_keys_load_file(k, keyfile, stderr) != 0)
		ok(0, "%s loads", keyfile);
	memset(&o, 0, sizeof(o));
	o.keys = k;
	o.ignore_icv = ignore;
	a = isc_analysis_new(&o);
	if (isc_analysis_read_file(a, pcap, err, sizeof(err)) != 0)
		ok(0, "%s reads: %s", pcap, err);
	isc_analysis_finish(a);
	return a;
}

static void
finish(struct isc_analysis *a)
{
	struct isc_keys *k = a->opts.keys;

	isc_analysis_free(a);
	isc_keys_free(k);
}

/* The encrypted message of frame `frame` (0: the first one), or NULL. */
static const struct isc_msg *
enc_msg(const struct isc_analysis *a, uint64_t frame,
    const struct isc_ike_sa **sap)
{
	size_t i, j, m;

	for (i = 0; i < a->nsas; i++)
		for (j = 0; j < a->sas[i]->nex; j++)
			for (m = 0; m < a->sas[i]->ex[j]->nmsgs; m++) {
				const struct isc_msg *x =
				    a->sas[i]->ex[j]->msgs[m];

				if (!x->encrypted ||
				    (frame != 0 && x->meta.frame != frame))
					continue;
				*sap = a->sas[i];
				return x;
			}
	return NULL;
}

static size_t
count_dec(const struct isc_analysis *a, enum isc_decryption d)
{
	size_t i, j, m, n = 0;

	for (i = 0; i < a->nsas; i++)
		for (j = 0; j < a->sas[i]->nex; j++)
			for (m = 0; m < a->sas[i]->ex[j]->nmsgs; m++)
				if (a->sas[i]->ex[j]->msgs[m]->encrypted &&
				    a->sas[i]->ex[j]->msgs[m]->dec == d)
					n++;
	return n;
}

static void
test_pI2(const char *src)
{
	char			 pcap[1024], keys[1024];
	struct isc_analysis	*a;
	const struct isc_msg	*m;
	const struct isc_ike_sa *sa = NULL;

	snprintf(pcap, sizeof(pcap), "%s/tests/data/tcpdump/ikev2pI2.pcap",
	    src);
	snprintf(keys, sizeof(keys), "%s/tests/data/tcpdump/ikev2pI2.keys",
	    src);
	a = run(pcap, keys, 0);
	m = enc_msg(a, 0, &sa);
	ok(m != NULL && m->dec == ISC_DEC_INTEGRITY_FAILED &&
		m->plain == NULL && !m->icv_ignored,
	    "ikev2pI2 by default: integrity_failed, no content");
	finish(a);

	a = run(pcap, keys, 1);
	m = enc_msg(a, 0, &sa);
	ok(m != NULL && m->dec == ISC_DEC_INTEGRITY_FAILED && m->icv_ignored,
	    "ikev2pI2 with ignore_icv: still integrity_failed, icv_ignored");
	ok(m != NULL && m->plain != NULL && m->plain->npayloads == 2 &&
		m->plain->payloads[0].type == 35 && m->dec_by == ISC_BY_NONE,
	    "ikev2pI2 with ignore_icv: the body dissects (IDi, AUTH: %zu "
	    "payloads)",
	    m != NULL && m->plain != NULL ? m->plain->npayloads : 0);
	ok(sa != NULL && sa->keys[0].state == ISC_KEYS_WRONG &&
		sa->nchildren == 0 && sa->auth[1] != ISC_CHECK_VERIFIED &&
		m != NULL && m->check == ISC_CHECK_NONE,
	    "ikev2pI2 with ignore_icv: keys stay wrong, no AUTH check, no "
	    "child SA");
	finish(a);
}

/* Copy pcap to out with the last byte of frame `frame` flipped. */
static int
flip_last(const char *in, const char *out, uint64_t frame)
{
	FILE	*f = fopen(in, "rb");
	uint8_t *b = NULL;
	long	 n;
	size_t	 off = 24;
	uint64_t i;
	int	 rc = -1, swap;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 24 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	b = malloc((size_t)n);
	if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n)
		goto out;
	swap = b[0] == 0xa1; /* big-endian magic */
	for (i = 1; off + 16 <= (size_t)n; i++) {
		const uint8_t *h = b + off + 8;
		uint32_t       incl = swap ?
			  (uint32_t)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3] :
			  (uint32_t)h[3] << 24 | h[2] << 16 | h[1] << 8 | h[0];

		if (off + 16 + incl > (size_t)n)
			goto out;
		if (i == frame) {
			b[off + 16 + incl - 1] ^= 0x01;
			break;
		}
		off += 16 + incl;
	}
	fclose(f);
	f = fopen(out, "wb");
	if (f != NULL && fwrite(b, 1, (size_t)n, f) == (size_t)n)
		rc = 0;
out:
	if (f != NULL && fclose(f) != 0)
		rc = -1;
	free(b);
	return rc;
}

static void
test_flipped(const char *src, const char *name)
{
	char			 pcap[1024], keys[1024], tmp[1100];
	const char		*dir = getenv("TMPDIR");
	struct isc_analysis	*a;
	const struct isc_msg	*m;
	const struct isc_ike_sa *sa = NULL;
	uint64_t		 frame;
	size_t			 nok, nfail;

	snprintf(pcap, sizeof(pcap), "%s/samples/strongswan/%s.pcap", src,
	    name);
	snprintf(keys, sizeof(keys), "%s/samples/strongswan/%s.min.keys", src,
	    name);
	snprintf(tmp, sizeof(tmp), "%s/ikescope-icv-%ld-%s.pcap",
	    dir != NULL ? dir : "/tmp", (long)getpid(), name);
	a = run(pcap, keys, 0);
	m = enc_msg(a, 0, &sa);
	ok(m != NULL && m->dec == ISC_DEC_OK, "%s: intact, it decrypts", name);
	frame = m != NULL ? m->meta.frame : 0;
	nok = count_dec(a, ISC_DEC_OK);
	finish(a);
	if (frame == 0 || flip_last(pcap, tmp, frame) != 0) {
		ok(0, "%s: copy with a flipped ICV byte", name);
		return;
	}

	a = run(tmp, keys, 0);
	m = enc_msg(a, frame, &sa);
	ok(m != NULL && m->dec == ISC_DEC_INTEGRITY_FAILED &&
		m->plain == NULL && !m->icv_ignored,
	    "%s: flipped ICV byte in frame %llu: integrity_failed, no content",
	    name, (unsigned long long)frame);
	finish(a);

	a = run(tmp, keys, 1);
	m = enc_msg(a, frame, &sa);
	ok(m != NULL && m->dec == ISC_DEC_INTEGRITY_FAILED && m->icv_ignored &&
		m->plain != NULL && m->plain->npayloads > 0 &&
		m->check == ISC_CHECK_NONE,
	    "%s: with ignore_icv: integrity_failed, icv_ignored, content "
	    "dissected, AUTH not checked",
	    name);
	nfail = count_dec(a, ISC_DEC_INTEGRITY_FAILED);
	ok(nfail == 1 && count_dec(a, ISC_DEC_OK) + 1 == nok,
	    "%s: with ignore_icv: the other %zu messages still decrypt with "
	    "their ICV verified",
	    name, nok - 1);
	finish(a);
	unlink(tmp);
}

int
main(int argc, char **argv)
{
	const char *src;

	if (argc > 1)
		src = argv[1];
	else if ((src = getenv("top_srcdir")) == NULL &&
	    (src = getenv("srcdir")) == NULL)
		src = ".";
	test_pI2(src);
	test_flipped(src, "ikev2-psk-aescbc-sha256");
	test_flipped(src, "ikev2-psk-gcm");
	return done();
}
