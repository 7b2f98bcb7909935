/*
 * test_diagnose.c - the diagnosis on IKE SAs built by hand, for the cases
 * real captures do not show: one side's AUTH verifying and the other's
 * not, weak algorithms, an SA with no messages, and the names.
 * (Real failures: tests/diagnose.sh on strongSwan captures.)
 */
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/diagnose.h"
#include "tap.h"

static const struct isc_diag *
find(const struct isc_ike_sa *sa, const char *code)
{
	size_t i;

	for (i = 0; i < sa->diags.n; i++)
		if (strcmp(sa->diags.v[i].code, code) == 0)
			return &sa->diags.v[i];
	return NULL;
}

static struct isc_ike_sa *
sa_new(struct isc_analysis *a, unsigned version)
{
	struct isc_ike_sa *sa = calloc(1, sizeof(*sa));

	sa->version = (uint8_t)version;
	sa->saw_start = 1;
	sa->index = a->nsas;
	a->sas = realloc(a->sas, (a->nsas + 1) * sizeof(*a->sas));
	a->sas[a->nsas++] = sa;
	return sa;
}

int
main(void)
{
	struct isc_analysis    a;
	struct isc_ike_sa     *sa;
	const struct isc_diag *d;
	struct isc_time	       end = { 1000, 0 };
	size_t		       i;

	memset(&a, 0, sizeof(a));

	/* IKEv2: the initiator's AUTH verifies, the responder's does not. */
	sa = sa_new(&a, 2);
	sa->auth[1] = ISC_CHECK_VERIFIED;
	sa->auth[0] = ISC_CHECK_FAILED;
	diagnose_sa(&a, sa, end);
	d = find(sa, "psk-mismatch");
	ok(d != NULL && d->sev == ISC_SEV_ERROR &&
		d->side == ISC_ROLE_RESPONDER &&
		strstr(d->msg, "the responder used another pre-shared key") !=
		    NULL,
	    "AUTH verified for the initiator, failed for the responder: "
	    "psk-mismatch on the responder's side");
	ok(sa->outcome.state == ISC_OUTCOME_INCOMPLETE &&
		strstr(sa->outcome.reason, "only part") != NULL,
	    "no exchange at all: incomplete, the capture holds only part");

	/* ... and the other way round; both verified: nothing. */
	sa = sa_new(&a, 1);
	sa->auth[1] = ISC_CHECK_FAILED;
	sa->auth[0] = ISC_CHECK_VERIFIED;
	sa->auth_method = 1;
	diagnose_sa(&a, sa, end);
	d = find(sa, "psk-mismatch");
	ok(d != NULL && d->side == ISC_ROLE_INITIATOR &&
		strstr(d->msg, "responder's HASH verifies") != NULL,
	    "IKEv1 HASH_R verified, HASH_I failed: the initiator's PSK "
	    "differs");
	sa = sa_new(&a, 2);
	sa->auth[1] = sa->auth[0] = ISC_CHECK_VERIFIED;
	diagnose_sa(&a, sa, end);
	ok(find(sa, "psk-mismatch") == NULL,
	    "both AUTHs verified: no mismatch");
	sa = sa_new(&a, 2);
	sa->auth[1] = ISC_CHECK_VERIFIED;
	sa->auth[0] = ISC_CHECK_UNVERIFIED;
	diagnose_sa(&a, sa, end);
	ok(find(sa, "psk-mismatch") == NULL,
	    "one AUTH verified, the other not checked: no mismatch");

	/* Names are the contract's words. */
	ok(strcmp(diagnose_outcome_name(ISC_OUTCOME_ESTABLISHED),
	       "established") == 0 &&
		strcmp(diagnose_outcome_name(ISC_OUTCOME_FAILED), "failed") ==
		    0 &&
		strcmp(diagnose_outcome_name(ISC_OUTCOME_INCOMPLETE),
		    "incomplete") == 0 &&
		strcmp(diagnose_outcome_name(ISC_OUTCOME_DELETED), "deleted") ==
		    0 &&
		strcmp(diagnose_outcome_name(ISC_OUTCOME_REKEYED), "rekeyed") ==
		    0 &&
		strcmp(diagnose_outcome_name(ISC_OUTCOME_UNKNOWN), "unknown") ==
		    0,
	    "outcome names");
	ok(strcmp(diagnose_ex_status_name(ISC_EX_COMPLETE), "complete") == 0 &&
		strcmp(diagnose_ex_status_name(ISC_EX_FAILED), "failed") == 0 &&
		strcmp(diagnose_ex_status_name(ISC_EX_UNANSWERED),
		    "unanswered") == 0 &&
		strcmp(diagnose_ex_status_name(ISC_EX_PARTIAL), "partial") == 0,
	    "exchange status names");

	/* diag_frame keeps frames in capture order, once each, at most 8. */
	{
		struct isc_diags ds;
		struct isc_diag *x;
		int		 sorted = 1;

		memset(&ds, 0, sizeof(ds));
		x = diag_add(&ds, ISC_SEV_INFO, "t", 9, "x");
		for (i = 20; i > 0; i--)
			diag_frame(x, i % 12);
		diag_frame(x, 9);
		for (i = 1; i < x->nframes; i++)
			if (x->frames[i - 1] >= x->frames[i])
				sorted = 0;
		ok(x->nframes == DIAG_MAX_FRAMES && sorted && x->frames[0] < 9,
		    "diag_frame: %u frames, sorted, no duplicate, no 0",
		    x->nframes);
		diags_free(&ds);
	}

	for (i = 0; i < a.nsas; i++) {
		diags_free(&a.sas[i]->diags);
		free(a.sas[i]);
	}
	free(a.sas);
	return done();
}
