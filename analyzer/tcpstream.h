/*
 * tcpstream.h - TCP stream reassembly and the framing of IKE and ESP over
 * TCP (RFC 9293 3.4, 3.10; RFC 8229 3; RFC 9329 3).
 *
 * Segments go in one at a time, in capture order; each direction of each
 * connection is put back in sequence order, and the byte stream is cut
 * into RFC 8229 records:
 *
 *	"IKETCP" (once, at the start of the initiator's stream, RFC 8229 3.1)
 *	Length (16 bits, counts itself) | Non-ESP Marker (32 zero bits) | IKE
 *	Length (16 bits, counts itself) | ESP packet
 *
 * Each complete record is handed to the sink's callback.  Out-of-order
 * data is kept up to NET_TCP_MAX_BUFFER bytes per direction and at most
 * NET_TCP_MAX_STREAMS connections are followed (the least recently active
 * is dropped); passing either cap is a diagnostic.  Data the capture
 * lacks (a lost segment, a snapshot length) is skipped, and the framing
 * is found again from the next IKE record.
 */
#ifndef IKESCOPE_TCPSTREAM_H
#define IKESCOPE_TCPSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define TCPS_FIN 0x01 /* TCP header flag bits */
#define TCPS_SYN 0x02
#define TCPS_RST 0x04

struct tcps;

/* One segment; data is borrowed for the call. */
struct tcps_seg {
	struct isc_endpoint src, dst;
	uint32_t	    seq;
	uint8_t		    flags;	 /* TCPS_* */
	uint8_t		    reassembled; /* from IP fragments */
	const uint8_t	   *data;	 /* captured payload */
	size_t		    len;	 /* bytes of data */
	size_t		    wirelen;	 /* on the wire, >= len */
	uint64_t	    frame;
	struct isc_time	    ts;
};

enum tcps_kind {
	TCPS_IKE, /* data: the IKE message, marker removed */
	TCPS_ESP, /* data: the ESP packet, from its SPI */
};

/* One record; data is valid only during the callback. */
struct tcps_rec {
	enum tcps_kind	    kind;
	struct isc_endpoint src, dst;
	const uint8_t	   *data;
	size_t		    len;
	uint64_t	    frame; /* segment that completed it */
	struct isc_time	    ts;
	uint8_t		    reassembled;
};

/* Where records and diagnostics go. */
struct tcps_sink {
	void (*rec)(void *ctx, const struct tcps_rec *);
	void		 *ctx;
	struct isc_diags *diags;
};

struct tcps *tcps_new(void);
void	     tcps_free(struct tcps *);

void tcps_segment(struct tcps *, const struct tcps_seg *,
    const struct tcps_sink *);

/*
 * End of input: skip over what is missing, deliver the records that
 * complete, report streams that end inside a record, and forget every
 * stream (the table stays usable).
 */
void tcps_finish(struct tcps *, const struct tcps_sink *);

/* For tests and statistics. */
size_t tcps_count(const struct tcps *);
size_t tcps_buffered(const struct tcps *);

#endif
