/*
 * test_wipe.c - isc_analysis_wipe(), what ikescope does at exit instead
 * of freeing everything: every IKE SA's keys and DH secret, every
 * decrypted body and every ESP SA's crypto state are gone afterwards, and
 * the analysis can still be freed without a leak or a double free (the
 * ASan build checks that).
 *
 * Captures: strongSwan samples (IKEv2 with ESP, IKEv1 Main + Quick Mode),
 * found under argv[1], else $top_srcdir, else $srcdir, else ".".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/keys.h"
#include "tap.h"

static int
all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t	       i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static void
test_sample(const char *src, const char *name)
{
	struct isc_options   o;
	struct isc_analysis *a;
	struct isc_keys	    *k = isc_keys_new();
	char		     path[512], keyfile[512], err[256];
	size_t		     i, j, m, nkeys = 0, nplain = 0, nzero = 0;
	size_t		     nesp = 0, nopen = 0;

	snprintf(path, sizeof(path), "%s/samples/strongswan/%s.pcap", src,
	    name);
	snprintf(keyfile, sizeof(keyfile), "%s/samples/strongswan/%s.min.keys",
	    src, name);
	if (isc_keys_load_file(k, keyfile, stderr) != 0)
		ok(0, "%s loads", keyfile);
	memset(&o, 0, sizeof(o));
	o.keys = k;
	a = isc_analysis_new(&o);
	if (isc_analysis_read_file(a, path, err, sizeof(err)) != 0)
		ok(0, "%s reads: %s", path, err);
	isc_analysis_finish(a);

	/* Before: keys derived, bodies decrypted, ESP SAs keyed. */
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (sa->keys[0].state == ISC_KEYS_DERIVED)
			nkeys++;
		for (j = 0; j < sa->nex; j++)
			for (m = 0; m < sa->ex[j]->nmsgs; m++)
				if (sa->ex[j]->msgs[m]->plain != NULL &&
				    sa->ex[j]->msgs[m]->plain->len > 0)
					nplain++;
	}
	for (i = 0; i < a->nesp; i++)
		if (a->esp_sas[i]->crypt != NULL)
			nesp++;
	ok(nkeys > 0 && nplain > 0 && nesp > 0,
	    "%s: %zu IKE SAs with derived keys, %zu decrypted bodies, %zu "
	    "keyed ESP SAs before the wipe",
	    name, nkeys, nplain, nesp);

	isc_analysis_wipe(a);

	nkeys = nplain = 0;
	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (all_zero(sa->keys, sizeof(sa->keys)))
			nkeys++;
		if (sa->crypt != NULL || sa->children != NULL)
			nopen++;
		for (j = 0; j < sa->nex; j++)
			for (m = 0; m < sa->ex[j]->nmsgs; m++) {
				const struct isc_plain *pl =
				    sa->ex[j]->msgs[m]->plain;

				if (pl == NULL || pl->len == 0)
					continue;
				nplain++;
				if (all_zero(pl->data, pl->len))
					nzero++;
			}
	}
	ok(nkeys == a->nsas, "%s: the keys of all %zu IKE SAs are zero", name,
	    a->nsas);
	ok(nopen == 0, "%s: no IKE SA keeps its key state or CHILD_SA keys",
	    name);
	ok(nzero == nplain, "%s: %zu of %zu decrypted bodies are zero", name,
	    nzero, nplain);
	for (i = nesp = 0; i < a->nesp; i++)
		if (a->esp_sas[i]->crypt != NULL)
			nesp++;
	ok(nesp == 0, "%s: no ESP SA keeps its keys or handles", name);
	isc_analysis_wipe(a); /* twice does no harm */
	isc_analysis_free(a); /* and then freeing all: no double free */
	isc_keys_free(k);
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
	test_sample(src, "ikev2-rekey");
	test_sample(src, "ikev1-aes256-sha256");
	return done();
}
