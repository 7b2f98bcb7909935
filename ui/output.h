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
/*
 * The text report streamed: with an idle timeout (isc_options), the IKE
 * SAs and ESP SAs the analyzer finishes while it reads are written as
 * they go (set isc_events.sa_done / esp_done to text_stream_sa /
 * text_stream_esp with the stream as ctx), and only a summary line of
 * each is kept; text_stream_finish() writes the captures, the summary of
 * every SA, the SAs still held and the diagnoses.  output_text() is the
 * same with nothing written before.  The options must outlive it.
 */
struct text_done {
	size_t		 index;
	struct isc_addr	 initiator, responder;
	uint8_t		 version;
	enum isc_outcome state;
	const char	*error; /* first error's code (static), or NULL */
	char		*reason;
};

struct text_stream {
	FILE			 *f;
	const struct output_opts *o;
	double			  idle_timeout;
	struct text_done	 *done; /* SAs written while reading */
	size_t			  ndone, cap;
	uint64_t		  nesp_done;
	int			  started, in_esp, err;
};

void text_stream_init(struct text_stream *, FILE *out,
    const struct output_opts *, double		  idle_timeout);
void text_stream_sa(void *ctx, const struct isc_ike_sa *);
void text_stream_esp(void *ctx, const struct isc_esp_sa *);
/* Returns 0, or -1 on a write error. */
int  text_stream_finish(struct text_stream *, const struct isc_analysis *);
void text_stream_free(struct text_stream *);
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
