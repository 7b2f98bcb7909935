/*
 * esp_par.h - ESP verified and decrypted on a second core while a
 * capture file is read (see esp_par.c).
 *
 *	for each frame:
 *		if (!esp_par_batching(p))
 *			isc_analysis_frame(a, frame...);
 *		else if (!esp_par_add(p, frame...))
 *			esp_par_flush(p, linktype);
 *	esp_par_flush(p, linktype);
 *	esp_par_drain(p);
 *
 * A flushed batch is opened by the worker while the batch before it is
 * analysed; after esp_par_drain() every frame added has been analysed.
 */
#ifndef IKESCOPE_ESP_PAR_H
#define IKESCOPE_ESP_PAR_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

/* NULL when there is one CPU or isc_options.threads is 1. */
struct esp_par *esp_par_new(struct isc_analysis *);
void		esp_par_free(struct esp_par *);
/* Whether the next frame goes into a batch (else: analyse it at once). */
int esp_par_batching(struct esp_par *);
/* Copy a frame into the batch; 0 when the batch is full. */
int esp_par_add(struct esp_par *, const uint8_t *data, size_t caplen,
    size_t wirelen, struct isc_time ts);
/* Hand the batch to the worker; analyse the one before it. */
void esp_par_flush(struct esp_par *, int linktype);
/* Analyse what is left (after esp_par_flush). */
void esp_par_drain(struct esp_par *);
/* Wait until the worker uses no SA's keys (before an ESP SA is freed). */
void esp_par_quiesce(struct esp_par *);

#endif
