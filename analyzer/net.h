/*
 * net.h - from a link-layer frame to IKE messages and ESP packets.
 *
 * Link layers (Ethernet with VLAN tags, Linux SLL/SLL2, raw IP, BSD
 * loopback, PPP), IPv4 and IPv6 with extension headers, reassembly of IP
 * fragments, UDP 500/4500 (RFC 3948 non-ESP marker, NAT keepalives,
 * ESP-in-UDP), TCP encapsulation (RFC 8229 / RFC 9329) and ESP.  What it
 * finds goes to session_ike() and session_esp(); what is wrong goes to
 * the current capture's diagnostics.  Every buffer it keeps is capped.
 */
#ifndef IKESCOPE_NET_H
#define IKESCOPE_NET_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

/* Reassembly caps (IP fragments, TCP streams). */
#define NET_FRAG_MAX_DATAGRAM 65535	 /* bytes in one reassembled datagram */
#define NET_FRAG_MAX_OPEN     256	 /* datagrams being reassembled */
#define NET_FRAG_MAX_BYTES    (4u << 20) /* bytes buffered for all */
#define NET_FRAG_TIMEOUT      30	 /* seconds of capture time */
#define NET_TCP_MAX_STREAMS   256
#define NET_TCP_MAX_BUFFER    (256u << 10) /* per direction */

struct net_state *net_new(void);
void		  net_free(struct net_state *);

/* Is this a link type we decode?  Returns its name, or NULL. */
const char *net_linktype_name(int dlt);

/*
 * One frame of link type dlt.  meta->frame and meta->ts are set by the
 * caller; the rest is filled in here.
 */
void net_frame(struct isc_analysis *a, int dlt, const uint8_t *p, size_t caplen,
    size_t wirelen, uint64_t frame, struct isc_time ts);

/*
 * A packet found inside a decrypted ESP packet (an IP packet, from its
 * header), read as if captured in frame m->frame; depth counts the ESP
 * layers around it.
 */
void net_inner(struct isc_analysis *a, const struct isc_pkt_meta *m,
    const uint8_t *p, size_t len, int depth);

/* End of input: report reassemblies left open, free their buffers. */
void net_finish(struct isc_analysis *a);

/* Is port one the user or the RFCs name for IKE? */
int net_is_ike_port(const struct isc_analysis *a, uint16_t port);

/* Implemented in session.c: called by net_frame() for what it found. */
void session_ike(struct isc_analysis *a, const struct isc_pkt_meta *m,
    const uint8_t *msg, size_t caplen, size_t wirelen);
/* iph: the IP header that carried it (NULL over TCP); depth: net_inner's. */
/*
 * An ICMP error of type/code about the UDP datagram qs -> qd on an IKE
 * port, with the quoted SPI_i when the quote reaches it (spi_i NULL).
 */
void session_icmp(struct isc_analysis *a, const struct isc_pkt_meta *m,
    uint8_t type, uint8_t code, const struct isc_endpoint *qs,
    const struct isc_endpoint *qd, const uint8_t *spi_i);
/* Take an SA out of the lookups before it is freed (idle sweep). */
struct htab;
void session_forget(struct isc_analysis *a, struct isc_ike_sa *sa,
    const struct htab *by_old);
/* Index the CHILD_SAs made since the last call by their SPIs. */
void session_index_children(struct isc_analysis *a);
void session_forget_esp(struct isc_analysis *a, struct isc_esp_sa *e);
/* The ESP (50) or AH (51) SA of these SPI and addresses, or NULL. */
struct isc_esp_sa *session_esp_find(const struct isc_analysis *a, uint32_t spi,
    uint8_t proto, const struct isc_addr *src, const struct isc_addr *dst);
void session_esp(struct isc_analysis *a, const struct isc_pkt_meta *m,
    const uint8_t *pkt, size_t caplen, size_t wirelen, const uint8_t *iph,
    size_t iphlen, int depth);

#endif
