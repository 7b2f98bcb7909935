/*
 * output.h - the front-ends that render a finished analysis.
 *
 * Each walks the same model (analyzer/model.h) and writes to `out`.
 * They never change the model.
 */
#ifndef IKESCOPE_OUTPUT_H
#define IKESCOPE_OUTPUT_H

#include <stdio.h>

#include "../analyzer/analysis.h"

struct psk_check;

struct output_opts {
	int show_keys; /* --show-keys */
	int verbose;   /* -v: more detail per message */
	/* --psk-candidates: the results (after psk_check_run()) and the
	   candidate file as given; NULL without the option. */
	const struct psk_check *psk;
	const char	       *psk_file;
};

/* Text report (default). Returns 0, or -1 on a write error. */
int output_text(FILE *out, const struct isc_analysis *,
    const struct output_opts *);
/* The JSON document of DESIGN.md. Returns 0, or -1 on a write error. */
int output_json(FILE *out, const struct isc_analysis *,
    const struct output_opts *);

#endif
