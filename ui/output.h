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
	int color;     /* ANSI colours (a terminal, --color) */
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

/*
 * NDJSON events (DESIGN.md): an `ike` event per IKE message as the
 * analyzer adds it (set isc_events.ike_msg to ndjson_ike_msg with the
 * writer as ctx), one `ike_sa` per IKE SA followed by its `diagnosis`
 * events and one `esp_sa` per ESP/AH SA when the analyzer finishes them
 * (isc_events.sa_done / esp_done with an idle timeout, or at the end),
 * then the captures' own diagnoses.  The options must outlive the writer.
 */
struct ndjson {
	FILE			 *f;
	const struct output_opts *o;
	uint64_t		  events;
	int			  err;
};

void ndjson_init(struct ndjson *, FILE *out, const struct output_opts *);
void ndjson_ike_msg(void *ctx, const struct isc_ike_sa *,
    const struct isc_exchange *, const struct isc_msg *);
/* One SA's summary (isc_events.sa_done / esp_done while reading). */
void ndjson_sa(void *ctx, const struct isc_ike_sa *);
void ndjson_esp(void *ctx, const struct isc_esp_sa *);
/* The SAs still held, and the captures' diagnoses.  Returns 0, or -1 when
   a write failed. */
int ndjson_finish(struct ndjson *, const struct isc_analysis *);

#endif
