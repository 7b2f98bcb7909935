/*
 * ipfrag.h - reassembly of IPv4 and IPv6 fragments (RFC 791 3.2,
 * RFC 815, RFC 8200 4.5, RFC 5722).
 *
 * A table of datagrams being put back together, each named by a key:
 * (source, destination, identification, protocol) for IPv4 and
 * (source, destination, identification) for IPv6.  Fragments may come in
 * any order, repeat, or overlap; where two fragments cover the same byte,
 * the first copy is kept (a later copy that differs is reported, since
 * RFC 5722 treats overlaps as an attack or a broken sender).
 *
 * Everything the table holds is capped by the NET_FRAG_* limits in net.h:
 * a datagram past NET_FRAG_MAX_DATAGRAM bytes is dropped, and opening more
 * than NET_FRAG_MAX_OPEN datagrams or buffering more than
 * NET_FRAG_MAX_BYTES evicts the oldest.  Datagrams older than
 * NET_FRAG_TIMEOUT seconds of capture time are dropped.  Each of these is
 * a diagnostic in the list the caller passes.
 */
#ifndef IKESCOPE_IPFRAG_H
#define IKESCOPE_IPFRAG_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct ipfrag;

struct ipfrag_key {
	struct isc_addr src;
	struct isc_addr dst;
	uint32_t	id;    /* 16 bits for IPv4, 32 for IPv6 */
	uint8_t		proto; /* IPv4 protocol; 0 for IPv6 */
};

/* One fragment: its place in the datagram and its bytes (borrowed). */
struct ipfrag_frag {
	uint32_t	off;  /* byte offset in the datagram */
	uint8_t		more; /* more fragments follow (MF, M) */
	uint8_t		nh;   /* IPv6: next header of the frag hdr */
	const uint8_t  *data;
	size_t		len;
	uint64_t	frame;
	struct isc_time ts;
};

/* A datagram put back together; data is the caller's to free(). */
struct ipfrag_done {
	uint8_t *data;
	size_t	 len;
	uint8_t	 proto; /* IPv4: key's; IPv6: offset-0 nh */
	uint32_t nfrags;
};

enum ipfrag_result {
	IPFRAG_DROPPED = -1, /* fragment not kept: see the diagnostics */
	IPFRAG_PENDING = 0,  /* kept; the datagram is still incomplete */
	IPFRAG_DONE = 1,     /* this fragment completed the datagram */
};

struct ipfrag *ipfrag_new(void);
void	       ipfrag_free(struct ipfrag *);

/*
 * Add one fragment.  The fragment's bytes are copied.  On IPFRAG_DONE,
 * *out holds the whole datagram's payload (the bytes after the IP header,
 * or after the IPv6 fragment header), and the datagram leaves the table.
 * Diagnostics (caps, timeouts, overlaps, inconsistent lengths) go to d.
 */
enum ipfrag_result ipfrag_add(struct ipfrag *, const struct ipfrag_key *,
    const struct ipfrag_frag *, struct isc_diags *d, struct ipfrag_done *out);

/* Drop datagrams that began more than NET_FRAG_TIMEOUT before now. */
void ipfrag_expire(struct ipfrag *, struct isc_time now, struct isc_diags *d);

/*
 * End of input: report every datagram left incomplete, then empty the
 * table (it stays usable).
 */
void ipfrag_flush(struct ipfrag *, struct isc_diags *d);

/* For tests and statistics. */
size_t ipfrag_open(const struct ipfrag *);
size_t ipfrag_bytes(const struct ipfrag *);

#endif
