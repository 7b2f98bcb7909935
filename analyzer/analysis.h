/*
 * analysis.h - the library's front door: one analysis over one or more
 * captures, read in order as a single stream of frames.
 *
 *	a = isc_analysis_new(&opts);
 *	isc_analysis_read_file(a, "x.pcap", err, sizeof(err));	(repeat)
 *	isc_analysis_finish(a);
 *	... walk a->sas, a->esp_sas, a->captures ...
 *	isc_analysis_free(a);
 *
 * Front-ends that stream (NDJSON) set `events` and are called as each IKE
 * message and ESP packet is added; the model is complete only after
 * isc_analysis_finish().
 */
#ifndef IKESCOPE_ANALYSIS_H
#define IKESCOPE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define ISC_MAX_IKE_PORTS 16

struct isc_options {
	/* UDP and TCP ports that carry IKE besides 500 and 4500. */
	uint16_t    ike_ports[ISC_MAX_IKE_PORTS];
	size_t	    n_ike_ports;
	const char *filter; /* BPF expression, or NULL */
	/* Key candidates (borrowed, must outlive the analysis; NULL: none).
	   Their `used` counters are updated. */
	struct isc_keys *keys;
	/* Keep a record of every ESP packet (isc_esp_sa.pkts): JSON -v. */
	int esp_packets;
	/*
	 * Seconds of capture time after which an idle IKE SA (no message,
	 * and no packet on the ESP SAs it keys) is finished: diagnosed,
	 * handed to events.sa_done, and freed with those ESP SAs (each to
	 * events.esp_done first), so memory follows the SAs in use, not
	 * the capture's length.  0 keeps everything to the end.
	 */
	double idle_timeout;
	/*
	 * IKEv2: decrypt and dissect an SK payload whose ICV does not verify
	 * (keys wrong, message altered).  The message stays
	 * integrity_failed, with icv_ignored set; nothing is derived from
	 * its content (AUTH, child SAs).
	 */
	int ignore_icv;
	/* Threads verifying and decrypting ESP while a capture file is read
	   (1: none besides the analysis; 0: two when two CPUs are there). */
	int threads;
};

/*
 * A frame after analysis, for writers (-w): the frame as captured, and
 * the packet that replaces it when ESP in it was decrypted (the innermost
 * layer's inner IP packet, or its payload with the outer IP header
 * rebuilt), else repl NULL.
 */
struct isc_frame_out {
	uint64_t	frame;
	struct isc_time ts;
	int		linktype; /* DLT_ value of the capture */
	const uint8_t  *data;
	size_t		caplen, wirelen;
	const uint8_t  *repl; /* an IPv4 or IPv6 packet */
	size_t		repl_len;
	uint32_t	repl_spi;
};

struct isc_events {
	void *ctx;
	void (*ike_msg)(void *ctx, const struct isc_ike_sa *,
	    const struct isc_exchange *, const struct isc_msg *);
	void (*esp_pkt)(void *ctx, const struct isc_esp_sa *,
	    const struct isc_pkt_meta *, const struct isc_esp_pkt *);
	void (*frame)(void *ctx, const struct isc_frame_out *);
	/* An SA about to be freed (isc_options.idle_timeout): final. */
	void (*sa_done)(void *ctx, const struct isc_ike_sa *);
	void (*esp_done)(void *ctx, const struct isc_esp_sa *);
};

struct net_state;
struct isc_keys;
struct crypt_pending;
struct esp_state;
struct esp_par_job;
struct esp_par;
struct htab;

/* A CHILD_SA and the IKE SA that made it (analyzer-private). */
struct isc_child_ref {
	struct isc_ike_sa   *sa;
	struct isc_child_sa *child;
};

struct isc_analysis {
	struct isc_options opts;
	struct isc_events  events;

	struct isc_capture **captures;
	size_t		     ncaptures, capcap;
	struct isc_capture  *cur; /* capture being read */

	struct isc_ike_sa **sas; /* in index order; idle ones leave */
	size_t		    nsas, sacap;
	size_t		    sas_seen;	 /* IKE SAs ever: the next index */
	size_t		    nhalf_open;	 /* of them, none answered yet */
	uint64_t	    sas_retired; /* freed as idle */
	uint64_t	    esp_retired;
	struct isc_time	    next_sweep;
	struct isc_esp_sa **esp_sas;
	size_t		    nesp, espcap;

	uint64_t	frames;		   /* over all captures */
	struct isc_time first_ts, last_ts; /* of the first and last frame */
	uint64_t	ike_messages;
	uint64_t	esp_packets;

	struct isc_diags diags; /* not tied to one capture */

	/* private to the analyzer */
	struct net_state     *net;
	struct htab	     *sa_by_spi;
	struct htab	     *esp_by_spi;
	struct htab	     *sa_by_peers;
	struct crypt_pending *pending; /* keys of IKE SA rekeys */
	size_t		      npending, pendcap;
	uint64_t	      child_gen; /* bumped when CHILD_SAs appear */
	/* IKE SAs by the SPIs of their CHILD_SAs (ESP key search); children
	   made since the last search wait in child_new, their SPIs not yet
	   known when they are made. */
	struct htab	     *sa_by_child_spi;
	struct isc_child_ref *child_new;
	size_t		      nchild_new, child_new_cap;
	struct esp_state     *esp; /* ESP scratch buffers */
	/* ESP decrypted ahead on two threads (esp_par.c), and the result
	   for the frame being read, if any. */
	struct esp_par		 *par;
	const struct esp_par_job *par_job;
	const uint8_t		 *repl; /* this frame's replacement */
	size_t			  repl_len;
	uint32_t		  repl_spi;
	int			  repl_depth;
};

struct isc_analysis *isc_analysis_new(const struct isc_options *);
/*
 * Read one capture file ("-" for standard input) and add its frames.
 * Returns 0 when the file was read (a truncated file or broken packets
 * are diagnostics, not failures) and -1 when it could not be opened or
 * the filter does not compile, with a message in err.
 */
int isc_analysis_read_file(struct isc_analysis *, const char *path, char *err,
    size_t errlen);
/*
 * The same a slice at a time, for front-ends that show the analysis while
 * it grows: open (-1 and err as above: NULL), then step until it returns
 * 0.  A step reads up to max_frames frames (0: to the end) and returns 1
 * while frames may remain.  Progress: bytes read and the file's size (0
 * when not known, standard input).  Close when done or to give up.
 */
struct isc_reader;
struct isc_reader *isc_reader_open(struct isc_analysis *, const char *path,
    char *err, size_t errlen);
int		   isc_reader_step(struct isc_reader *, uint64_t max_frames);
void isc_reader_progress(const struct isc_reader *, uint64_t *done,
    uint64_t *size);
void isc_reader_close(struct isc_reader *);
/*
 * Add one frame of the given link type (a DLT_ value).  The capture
 * reader calls this; tests and fuzzers may call it directly after
 * isc_analysis_begin_capture().
 */
void isc_analysis_begin_capture(struct isc_analysis *, const char *name,
    int linktype);
void isc_analysis_frame(struct isc_analysis *, const uint8_t *data,
    size_t caplen, size_t wirelen, struct isc_time ts);
/* Flush reassembly state at the end of input; finalise the model. */
void isc_analysis_finish(struct isc_analysis *);
void isc_analysis_free(struct isc_analysis *);
/*
 * For a process about to exit: wipe the analysis's secrets (keys, DH
 * secrets, decrypted bodies) and close its crypto handles, and leave the
 * rest to the operating system.  Afterwards the analysis may only be
 * freed.
 */
void isc_analysis_wipe(struct isc_analysis *);

/* Packet i of an ESP SA's kept records (isc_options.esp_packets), in
   full; i < e->npkts. */
void isc_esp_sa_pkt(const struct isc_esp_sa *e, size_t i,
    struct isc_esp_pkt *out);

/* The IKE SA of this index, or NULL (none, or freed as idle). */
struct isc_ike_sa *isc_analysis_sa(const struct isc_analysis *, size_t index);

/* Helpers for front-ends. */
const char *isc_addr_str(const struct isc_addr *, char *buf, size_t len);
int	    isc_addr_eq(const struct isc_addr *, const struct isc_addr *);
int isc_endpoint_eq(const struct isc_endpoint *, const struct isc_endpoint *);
const char *isc_transport_name(enum isc_transport);
const char *isc_role_name(enum isc_role);
/* Seconds between two times, as a double. */
double isc_time_diff(struct isc_time a, struct isc_time b);

#endif
