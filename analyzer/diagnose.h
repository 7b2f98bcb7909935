/*
 * diagnose.h - outcome of each IKE SA and exchange, and the diagnoses
 * that say what happened and why (analyzer/diagnose.c).
 */
#ifndef IKESCOPE_DIAGNOSE_H
#define IKESCOPE_DIAGNOSE_H

#include "model.h"

struct isc_analysis;

/*
 * Diagnose one IKE SA whose messages are all in and decrypted: sets the
 * exchanges' status, sa->outcome, and adds diagnoses to sa->diags.  `end`
 * is the time of the capture's last frame (how long a request went
 * unanswered).  Call once per SA.
 */
void diagnose_sa(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_time end);
/* Every SA of the analysis (isc_analysis_finish does this). */
void diagnose_all(struct isc_analysis *);

struct htab;
/*
 * The SAs of the analysis by the address of the SA they rekey (their
 * rekey_of), for diagnose_sa_indexed and session_forget: several SAs
 * diagnosed or forgotten at once find their successors by hashing, not
 * by a pass over every SA each.  Valid while no SA is added or freed.
 */
struct htab *diagnose_index(const struct isc_analysis *);
/* An SA that went idle at `end` (isc_options.idle_timeout), with such an
   index (NULL: none): times are counted to then, not to the end of the
   capture. */
void diagnose_sa_indexed(struct isc_analysis *, struct isc_ike_sa *,
    struct isc_time end, const struct htab *);

const char *diagnose_outcome_name(enum isc_outcome);
const char *diagnose_ex_status_name(enum isc_ex_status);
/* The SA's first diagnosis of severity error, or NULL. */
const struct isc_diag *diagnose_first_error(const struct isc_ike_sa *);

#endif
