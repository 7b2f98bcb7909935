/*
 * diag.h - diagnostics: what the analyzer noticed, with severity, a stable
 * code, a message and the frame that shows it.
 *
 * A list keeps at most DIAG_MAX_KEPT entries and counts the rest, so a
 * capture full of broken packets costs bounded memory; codes that repeat
 * are kept DIAG_MAX_PER_CODE times and then only counted.
 */
#ifndef IKESCOPE_DIAG_H
#define IKESCOPE_DIAG_H

#include <stddef.h>
#include <stdint.h>

#define DIAG_MAX_KEPT	  256
#define DIAG_MAX_PER_CODE 8
#define DIAG_MAX_FRAMES	  8 /* frames named by one diagnostic */

enum isc_severity {
	ISC_SEV_INFO,
	ISC_SEV_WARNING,
	ISC_SEV_ERROR,
};

struct isc_diag {
	enum isc_severity sev;
	const char	 *code; /* static, stable, kebab-case */
	char		 *msg;
	uint64_t	  frame;   /* 0: not tied to a frame; frames[0] */
	uint64_t	  repeats; /* same code seen again, not kept */
	/* The frames that show it, in capture order, frame first. */
	uint64_t frames[DIAG_MAX_FRAMES];
	uint8_t	 nframes;
	/* The side it concerns: an isc_role (model.h), -1 none. */
	int8_t side;
};

struct isc_diags {
	struct isc_diag *v;
	size_t		 n;
	size_t		 cap;
	uint64_t	 dropped; /* past DIAG_MAX_KEPT */
};

/*
 * Add a diagnostic.  Returns it, for diag_frame() and `side`, or NULL
 * when the list had no room and only counted it.
 */
struct isc_diag *diag_add(struct isc_diags *d, enum isc_severity sev,
    const char *code, uint64_t frame, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Name one more frame that shows it (ignored past DIAG_MAX_FRAMES, for 0
   and for a frame already named; d may be NULL). */
void	    diag_frame(struct isc_diag *d, uint64_t frame);
void	    diags_free(struct isc_diags *d);
const char *diag_severity_name(enum isc_severity s);

#endif
