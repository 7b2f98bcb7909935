/*
 * diag.c - bounded lists of diagnostics.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

struct isc_diag *
diag_add(struct isc_diags *d, enum isc_severity sev, const char *code,
    uint64_t frame, const char *fmt, ...)
{
	struct isc_diag *e;
	size_t		 i, same = 0;
	va_list		 ap;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].code, code) == 0 &&
		    ++same >= DIAG_MAX_PER_CODE) {
			d->v[i].repeats++;
			return NULL;
		}
	}
	if (d->n >= DIAG_MAX_KEPT) {
		d->dropped++;
		return NULL;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 4;

		d->v = xreallocarray(d->v, ncap, sizeof(*d->v));
		d->cap = ncap;
	}
	e = &d->v[d->n++];
	e->sev = sev;
	e->code = code;
	e->frame = frame;
	e->repeats = 0;
	e->nframes = 0;
	e->side = -1;
	diag_frame(e, frame);
	va_start(ap, fmt);
	e->msg = xvasprintf(fmt, ap);
	va_end(ap);
	return e;
}

void
diag_frame(struct isc_diag *d, uint64_t frame)
{
	size_t i;

	if (d == NULL || frame == 0 || d->nframes >= DIAG_MAX_FRAMES)
		return;
	for (i = 0; i < d->nframes; i++)
		if (d->frames[i] == frame)
			return;
	/* In capture order. */
	for (i = d->nframes; i > 0 && d->frames[i - 1] > frame; i--)
		d->frames[i] = d->frames[i - 1];
	d->frames[i] = frame;
	d->nframes++;
}

void
diags_free(struct isc_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

const char *
diag_severity_name(enum isc_severity s)
{
	switch (s) {
	case ISC_SEV_INFO:
		return "info";
	case ISC_SEV_WARNING:
		return "warning";
	case ISC_SEV_ERROR:
		return "error";
	}
	return "?";
}
