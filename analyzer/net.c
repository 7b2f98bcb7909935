/*
 * net.c - from a link-layer frame to IKE messages and ESP packets.
 *
 * Link layers: Ethernet with stacked IEEE 802.1Q / 802.1ad tags and
 * PPPoE sessions (RFC 2516), Linux cooked captures v1 and v2, raw IP, BSD
 * loopback (either byte order), PPP (RFC 1661, RFC 1662 framing) and
 * Cisco HDLC.  Network: IPv4 (RFC 791), IPv6 and its extension headers
 * (RFC 8200), fragment reassembly (ipfrag.c), IP-in-IP tunnels (RFC 2003,
 * RFC 2473), AH (RFC 4302) and ESP (RFC 4303).  Transport: UDP (RFC 768)
 * on port 500 and the ports the user names, UDP 4500 with the non-ESP
 * marker, NAT-keepalives and ESP-in-UDP (RFC 3948), and IKE/ESP over TCP
 * (RFC 8229, RFC 9329; tcpstream.c).
 *
 * Each layer reads through a cursor over what was captured and carries
 * beside it `wire`, the bytes the layer has on the wire, so truncation by
 * the capture (snapshot length) is told apart from a packet whose own
 * length fields are wrong.  Truncation found in the IP layer is reported
 * only once something above it turns out to be IKE or IPsec, so a short
 * snapshot length does not flood the report with unrelated traffic.
 */
#include <stdlib.h>
#include <string.h>

#include "../dissect/cursor.h"
#include "analysis.h"
#include "ipfrag.h"
#include "net.h"
#include "tcpstream.h"
#include "util.h"

/*
 * DLT_ values as pcap_datalink() returns them (pcap/dlt.h).  OpenBSD
 * numbers DLT_LOOP 12 and DLT_RAW 14; elsewhere 12 is DLT_RAW.
 */
#define DLT_NULL_	0
#define DLT_EN10MB_	1
#define DLT_PPP_	9
#define DLT_RAW12_	12
#define DLT_RAW14_	14
#define DLT_PPP_SERIAL_ 50
#define LINKTYPE_RAW_	101
#define DLT_C_HDLC_	104
#define DLT_LOOP_	108
#define DLT_LINUX_SLL_	113
#define DLT_IPV4_	228
#define DLT_IPV6_	229
#define DLT_LINUX_SLL2_ 276

#define ETH_IPV4     0x0800
#define ETH_IPV6     0x86dd
#define ETH_8021Q    0x8100
#define ETH_8021AD   0x88a8
#define ETH_QINQ_OLD 0x9100
#define ETH_PPPOE    0x8864

#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057

#define IPP_HOPOPT   0
#define IPP_ICMP     1
#define IPP_IPIP     4
#define IPP_TCP	     6
#define IPP_UDP	     17
#define IPP_IPV6     41
#define IPP_ROUTING  43
#define IPP_FRAGMENT 44
#define IPP_ESP	     50
#define IPP_AH	     51
#define IPP_NONE     59
#define IPP_DSTOPTS  60
#define IPP_ICMPV6   58
#define IPP_MOBILITY 135
#define IPP_HIP	     139
#define IPP_SHIM6    140

#define PORT_IKE  500
#define PORT_NATT 4500

#define NET_MAX_VLAN  8	 /* stacked tags followed */
#define NET_MAX_DEPTH 16 /* extension headers, AH and tunnels */

struct net_state {
	struct ipfrag *frag;
	struct tcps   *tcp;
	/* NAT-keepalives are counted, and told once per capture. */
	struct isc_capture *kcap;
	uint64_t	    keepalives;
	uint64_t	    keepalive_frame;
};

/* One packet on its way up the stack. */
struct pkt {
	struct isc_analysis *a;
	struct isc_diags    *diags;
	struct isc_pkt_meta  meta;
	size_t		     caplen; /* of the frame, for messages */
	int		     depth;
	/* Truncation seen in the IP layer, reported when it matters. */
	const char *trunc_what;
	size_t	    trunc_have, trunc_want;
	uint8_t	    trunc_told;
	/* The nearest IP header, for ESP in transport mode. */
	const uint8_t *iph;
	size_t	       iphlen;
	int	       esp_depth; /* inside this many decrypted packets */
};

static void ip_v4(struct pkt *, struct cursor *, size_t);
static void ip_v6(struct pkt *, struct cursor *, size_t);
static void ip_proto(struct pkt *, uint8_t, struct cursor *, size_t);
static void ip6_payload(struct pkt *, uint8_t, struct cursor *, size_t);
static void icmp_error(struct pkt *, uint8_t, struct cursor *);

struct net_state *
net_new(void)
{
	struct net_state *ns = xcalloc(1, sizeof(*ns));

	ns->frag = ipfrag_new();
	ns->tcp = tcps_new();
	return ns;
}

void
net_free(struct net_state *ns)
{
	if (ns == NULL)
		return;
	ipfrag_free(ns->frag);
	tcps_free(ns->tcp);
	free(ns);
}

const char *
net_linktype_name(int dlt)
{
	switch (dlt) {
	case DLT_NULL_:
		return "BSD loopback";
	case DLT_EN10MB_:
		return "Ethernet";
	case DLT_PPP_:
		return "PPP";
	case DLT_RAW12_:
#ifdef __OpenBSD__
		return "OpenBSD loopback";
#endif
	case DLT_RAW14_:
	case LINKTYPE_RAW_:
		return "raw IP";
	case DLT_PPP_SERIAL_:
		return "PPP in HDLC-like framing";
	case DLT_C_HDLC_:
		return "Cisco HDLC";
	case DLT_LOOP_:
		return "OpenBSD loopback";
	case DLT_LINUX_SLL_:
		return "Linux cooked";
	case DLT_IPV4_:
		return "raw IPv4";
	case DLT_IPV6_:
		return "raw IPv6";
	case DLT_LINUX_SLL2_:
		return "Linux cooked v2";
	}
	return NULL;
}

int
net_is_ike_port(const struct isc_analysis *a, uint16_t port)
{
	size_t i, n = a->opts.n_ike_ports;

	if (port == PORT_IKE || port == PORT_NATT)
		return 1;
	if (n > ISC_MAX_IKE_PORTS)
		n = ISC_MAX_IKE_PORTS;
	for (i = 0; i < n; i++)
		if (port != 0 && a->opts.ike_ports[i] == port)
			return 1;
	return 0;
}

/* The bytes a cursor covers, taken through the checked accessor. */
static const uint8_t *
cur_view(const struct cursor *c)
{
	struct cursor  t = *c;
	const uint8_t *v = NULL;

	(void)cur_bytes(&t, cur_left(&t), &v);
	return v;
}

/* Report IP-layer truncation once, now that the packet matters. */
static void
report_trunc(struct pkt *k)
{
	if (k->trunc_what == NULL || k->trunc_told)
		return;
	k->trunc_told = 1;
	diag_add(k->diags, ISC_SEV_WARNING, "ip-truncated", k->meta.frame,
	    "%s header says %zu bytes but only %zu were captured (snaplen?)",
	    k->trunc_what, k->trunc_want, k->trunc_have);
}

/*
 * A header that does not fit in what was captured: either the capture cut
 * it (the wire had the bytes) or the packet itself is too short.
 */
static void
short_hdr(struct pkt *k, const struct cursor *c, size_t wire, size_t need,
    const char *what)
{
	if (wire >= need)
		diag_add(k->diags, ISC_SEV_WARNING, "ip-truncated",
		    k->meta.frame,
		    "%s cut to %zu of its %zu bytes by the "
		    "capture (snaplen?)",
		    what, cur_left(c), need);
	else
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-header",
		    k->meta.frame,
		    "%s needs %zu bytes but the packet has "
		    "only %zu",
		    what, need, wire);
}

static void
link_short(struct pkt *k, const char *what)
{
	diag_add(k->diags, ISC_SEV_WARNING, "link-truncated", k->meta.frame,
	    "frame of %zu bytes is too short for its %s header", k->caplen,
	    what);
}

/* --- IKE, ESP, AH ------------------------------------------------------ */

static void
to_ike(struct pkt *k, enum isc_transport tr, const struct cursor *msg,
    size_t wire)
{
	k->meta.transport = tr;
	session_ike(k->a, &k->meta, cur_view(msg), cur_left(msg), wire);
}

static void
to_esp(struct pkt *k, uint8_t proto, const struct cursor *pkt, size_t wire)
{
	k->meta.ip_proto = proto;
	session_esp(k->a, &k->meta, cur_view(pkt), cur_left(pkt), wire, k->iph,
	    k->iphlen, k->esp_depth);
}

/* IP protocol 50: the payload is the ESP packet, from its SPI. */
static void
esp(struct pkt *k, struct cursor *c, size_t wire)
{
	report_trunc(k);
	k->meta.transport = ISC_TR_UDP;
	to_esp(k, IPP_ESP, c, wire);
}

/*
 * IP protocol 51.  The AH packet is counted like ESP; its payload is in
 * clear (RFC 4302 3.1), so parsing goes on after the header:
 *
 *	Next Header | Payload Len | Reserved | SPI | Sequence | ICV ...
 *
 * Payload Len is the header's length in 32-bit words, minus 2.
 */
static void
ah(struct pkt *k, struct cursor *c, size_t wire)
{
	uint8_t nh, plen;
	size_t	n;

	report_trunc(k);
	k->meta.transport = ISC_TR_UDP;
	to_esp(k, IPP_AH, c, wire);
	if (cur_u8(c, &nh) != 0 || cur_u8(c, &plen) != 0)
		return; /* session_esp() said so */
	n = ((size_t)plen + 2) * 4;
	if (n < 12) {
		diag_add(k->diags, ISC_SEV_WARNING, "ah-bad-length",
		    k->meta.frame,
		    "AH payload length %u makes a %zu-byte "
		    "header, below the 12 bytes of its fixed part",
		    plen, n);
		return;
	}
	if (cur_skip(c, n - 2) != 0) {
		if (wire < n)
			diag_add(k->diags, ISC_SEV_WARNING, "ah-bad-length",
			    k->meta.frame,
			    "AH header of %zu bytes runs past "
			    "the %zu bytes of the packet",
			    n, wire);
		return;
	}
	if (++k->depth > NET_MAX_DEPTH) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-depth", k->meta.frame,
		    "more than %d IP headers, extension headers and tunnels "
		    "in one packet; the rest is not parsed",
		    NET_MAX_DEPTH);
		return;
	}
	if (k->meta.src.ip.family == 6)
		ip6_payload(k, nh, c, wire - n);
	else
		ip_proto(k, nh, c, wire - n);
}

/* --- UDP -------------------------------------------------------------- */

static void
natt_keepalive(struct pkt *k)
{
	struct net_state *ns = k->a->net;

	if (ns->keepalives++ == 0)
		ns->keepalive_frame = k->meta.frame;
}

/* Tell the capture how many keepalives it had (once per capture). */
static void
keepalive_flush(struct net_state *ns)
{
	if (ns->kcap != NULL && ns->keepalives > 0)
		diag_add(&ns->kcap->diags, ISC_SEV_INFO, "natt-keepalive",
		    ns->keepalive_frame,
		    "%llu NAT-keepalive packet%s (RFC "
		    "3948 2.3) on UDP port 4500, the first in frame %llu",
		    (unsigned long long)ns->keepalives,
		    ns->keepalives == 1 ? "" : "s",
		    (unsigned long long)ns->keepalive_frame);
	ns->keepalives = 0;
	ns->keepalive_frame = 0;
}

/*
 * UDP port 4500 (RFC 3948 2): one 0xff byte is a NAT-keepalive, four zero
 * bytes (the non-ESP marker) come before an IKE message, and anything
 * else is ESP, whose SPI is never zero.
 */
static void
natt(struct pkt *k, struct cursor *body, size_t wire)
{
	struct cursor m = *body;
	uint32_t      marker;
	uint8_t	      b;

	k->meta.transport = ISC_TR_UDP_NATT;
	if (wire == 1 && cur_peek(body, 0, &b) == 0 && b == 0xff) {
		natt_keepalive(k);
		return;
	}
	if (wire < 4) {
		diag_add(k->diags, ISC_SEV_WARNING, "natt-short", k->meta.frame,
		    "UDP port 4500 payload of %zu bytes is "
		    "neither a NAT-keepalive (one 0xff byte) nor long enough "
		    "for a non-ESP marker or an ESP SPI (RFC 3948)",
		    wire);
		return;
	}
	if (cur_be32(&m, &marker) != 0)
		return; /* cut by the capture: told already */
	if (marker == 0)
		to_ike(k, ISC_TR_UDP_NATT, &m, wire - 4);
	else
		to_esp(k, IPP_UDP, body, wire);
}

/* Does the UDP payload start with the non-ESP marker or a keepalive? */
static int
natt_framed(const struct cursor *body, size_t wire)
{
	struct cursor m = *body;
	uint32_t      marker;
	uint8_t	      b;

	if (wire == 1)
		return cur_peek(body, 0, &b) == 0 && b == 0xff;
	return cur_be32(&m, &marker) == 0 && marker == 0;
}

static void
udp(struct pkt *k, struct cursor *c, size_t wire)
{
	struct cursor body;
	uint16_t      sport, dport, ulen, sum;
	size_t	      plen, cap;
	int	      is_natt, is_ike;

	if (cur_left(c) < 8) {
		short_hdr(k, c, wire, 8, "UDP header");
		return;
	}
	(void)cur_be16(c, &sport);
	(void)cur_be16(c, &dport);
	(void)cur_be16(c, &ulen);
	(void)cur_be16(c, &sum);
	k->meta.src.port = sport;
	k->meta.dst.port = dport;
	k->meta.ip_proto = IPP_UDP;
	is_natt = sport == PORT_NATT || dport == PORT_NATT;
	is_ike = net_is_ike_port(k->a, sport) || net_is_ike_port(k->a, dport);
	if (!is_natt && !is_ike)
		return;
	report_trunc(k);

	if (ulen < 8) {
		/* IPv6 jumbograms say 0 (RFC 2675): the IP length rules. */
		if (ulen != 0 || k->meta.src.ip.family != 6) {
			diag_add(k->diags, ISC_SEV_WARNING, "udp-bad-length",
			    k->meta.frame,
			    "UDP length %u is below the 8 bytes "
			    "of its own header",
			    ulen);
			return;
		}
		plen = wire - 8;
	} else
		plen = (size_t)ulen - 8;
	if (plen > wire - 8) {
		diag_add(k->diags, ISC_SEV_WARNING, "udp-bad-length",
		    k->meta.frame,
		    "UDP length says %zu bytes but the IP "
		    "payload holds %zu",
		    plen + 8, wire);
		plen = wire - 8;
	}
	/* The UDP length is trusted only within what was captured. */
	cap = plen < cur_left(c) ? plen : cur_left(c);
	if (cap < plen && k->trunc_what == NULL)
		diag_add(k->diags, ISC_SEV_WARNING, "udp-truncated",
		    k->meta.frame,
		    "UDP datagram of %zu bytes cut to %zu by "
		    "the capture (snaplen?)",
		    plen + 8, cap + 8);
	(void)cur_sub(c, cap, &body);

	/*
	 * 4500 means RFC 3948 framing, whatever other port is named.  Port
	 * 500 against 4500 happens behind NATs that remap the source port:
	 * the marker decides, as an IKE SPI is never zero.
	 */
	if (is_natt && (sport == PORT_IKE || dport == PORT_IKE))
		is_natt = natt_framed(&body, plen);
	if (is_natt)
		natt(k, &body, plen);
	else
		to_ike(k, ISC_TR_UDP, &body, plen);
}

/* --- ICMP errors about IKE --------------------------------------------- */

/*
 * An ICMP error (RFC 792: destination unreachable, time exceeded; RFC
 * 4443: the same for IPv6) quotes the IP header and at least 8 bytes of
 * the datagram it is about.  When that is a UDP datagram to or from an
 * IKE port, the session hears of it: a peer whose host answers "port
 * unreachable" runs no IKE daemon.  The quoted ISAKMP SPI_i, when the
 * quote is long enough (Linux quotes up to 576 bytes), names the SA.
 */
static void
icmp_error(struct pkt *k, uint8_t proto, struct cursor *c)
{
	struct isc_endpoint qs, qd;
	uint8_t		    type, code, vihl, qproto, spi[8];
	uint16_t	    sport, dport;
	uint32_t	    marker;
	int		    have_spi = 0;

	if (cur_u8(c, &type) != 0 || cur_u8(c, &code) != 0 ||
	    cur_skip(c, 6) != 0)
		return;
	if (proto == IPP_ICMP ? type != 3 && type != 11 :
				type != 1 && type != 3)
		return;
	memset(&qs, 0, sizeof(qs));
	memset(&qd, 0, sizeof(qd));
	if (proto == IPP_ICMP) {
		if (cur_u8(c, &vihl) != 0 || vihl >> 4 != 4 ||
		    (vihl & 0x0f) < 5 || cur_skip(c, 8) != 0 ||
		    cur_u8(c, &qproto) != 0 || cur_skip(c, 2) != 0)
			return;
		qs.ip.family = qd.ip.family = 4;
		if (cur_copy(c, qs.ip.a, 4) != 0 ||
		    cur_copy(c, qd.ip.a, 4) != 0 ||
		    cur_skip(c, (size_t)(vihl & 0x0f) * 4 - 20) != 0)
			return;
	} else {
		/* The fixed header only: no extension headers followed. */
		if (cur_u8(c, &vihl) != 0 || vihl >> 4 != 6 ||
		    cur_skip(c, 5) != 0 || cur_u8(c, &qproto) != 0 ||
		    cur_skip(c, 1) != 0)
			return;
		qs.ip.family = qd.ip.family = 6;
		if (cur_copy(c, qs.ip.a, 16) != 0 ||
		    cur_copy(c, qd.ip.a, 16) != 0)
			return;
	}
	if (qproto != IPP_UDP || cur_be16(c, &sport) != 0 ||
	    cur_be16(c, &dport) != 0 || cur_skip(c, 4) != 0)
		return;
	if (!net_is_ike_port(k->a, sport) && !net_is_ike_port(k->a, dport) &&
	    sport != PORT_NATT && dport != PORT_NATT)
		return;
	qs.port = sport;
	qd.port = dport;
	/* RFC 3948: on 4500 a zero marker comes before the ISAKMP header. */
	if (sport == PORT_NATT || dport == PORT_NATT) {
		struct cursor peek = *c;

		if (cur_be32(&peek, &marker) == 0 && marker == 0)
			*c = peek;
	}
	if (cur_copy(c, spi, 8) == 0)
		have_spi = 1;
	session_icmp(k->a, &k->meta, type, code, &qs, &qd,
	    have_spi ? spi : NULL);
}

/* --- TCP -------------------------------------------------------------- */

static void
tcp_record(void *ctx, const struct tcps_rec *r)
{
	struct isc_analysis *a = ctx;
	struct isc_pkt_meta  m;

	memset(&m, 0, sizeof(m));
	m.frame = r->frame;
	m.ts = r->ts;
	m.src = r->src;
	m.dst = r->dst;
	m.transport = ISC_TR_TCP;
	m.ip_proto = IPP_TCP;
	m.reassembled = r->reassembled;
	if (r->kind == TCPS_IKE)
		session_ike(a, &m, r->data, r->len, r->len);
	else
		session_esp(a, &m, r->data, r->len, r->len, NULL, 0, 0);
}

static void
tcp(struct pkt *k, struct cursor *c, size_t wire)
{
	struct tcps_sink sink;
	struct tcps_seg	 g;
	uint32_t	 seq, ack;
	uint16_t	 sport, dport, offfl;
	size_t		 doff;

	if (cur_left(c) < 20) {
		short_hdr(k, c, wire, 20, "TCP header");
		return;
	}
	(void)cur_be16(c, &sport);
	(void)cur_be16(c, &dport);
	(void)cur_be32(c, &seq);
	(void)cur_be32(c, &ack);
	(void)cur_be16(c, &offfl);
	(void)cur_skip(c, 6); /* window, checksum, urgent */
	k->meta.src.port = sport;
	k->meta.dst.port = dport;
	k->meta.ip_proto = IPP_TCP;
	if (!net_is_ike_port(k->a, sport) && !net_is_ike_port(k->a, dport))
		return;
	report_trunc(k);
	doff = (size_t)(offfl >> 12) * 4;
	if (doff < 20 || doff > wire) {
		diag_add(k->diags, ISC_SEV_WARNING, "tcp-bad-header",
		    k->meta.frame,
		    "TCP data offset of %zu bytes does not fit "
		    "a %zu-byte segment",
		    doff, wire);
		return;
	}
	if (cur_skip(c, doff - 20) != 0) {
		short_hdr(k, c, wire, doff, "TCP options");
		return;
	}

	memset(&g, 0, sizeof(g));
	g.src = k->meta.src;
	g.dst = k->meta.dst;
	g.seq = seq;
	g.flags = offfl & (TCPS_FIN | TCPS_SYN | TCPS_RST);
	g.reassembled = k->meta.reassembled;
	g.data = cur_view(c);
	g.len = cur_left(c);
	g.wirelen = wire - doff;
	g.frame = k->meta.frame;
	g.ts = k->meta.ts;
	sink.rec = tcp_record;
	sink.ctx = k->a;
	sink.diags = k->diags;
	tcps_segment(k->a->net->tcp, &g, &sink);
}

/* --- IP --------------------------------------------------------------- */

static void
ip_proto(struct pkt *k, uint8_t proto, struct cursor *c, size_t wire)
{
	switch (proto) {
	case IPP_UDP:
		udp(k, c, wire);
		break;
	case IPP_TCP:
		tcp(k, c, wire);
		break;
	case IPP_ESP:
		esp(k, c, wire);
		break;
	case IPP_AH:
		ah(k, c, wire);
		break;
	case IPP_ICMP:
	case IPP_ICMPV6:
		icmp_error(k, proto, c);
		break;
	case IPP_IPIP:
	case IPP_IPV6:
		/* IP-in-IP: IKE may run inside, e.g. under AH tunnel mode. */
		if (++k->depth > NET_MAX_DEPTH) {
			diag_add(k->diags, ISC_SEV_WARNING, "ip-depth",
			    k->meta.frame,
			    "more than %d IP headers, extension "
			    "headers and tunnels in one packet; the rest is "
			    "not parsed",
			    NET_MAX_DEPTH);
			return;
		}
		if (proto == IPP_IPIP)
			ip_v4(k, c, wire);
		else
			ip_v6(k, c, wire);
		break;
	default:
		break;
	}
}

/* Only datagrams that can hold IKE or IPsec are worth reassembling. */
static int
frag_wanted(uint8_t proto)
{
	return proto == IPP_UDP || proto == IPP_TCP || proto == IPP_ESP ||
	    proto == IPP_AH || proto == IPP_IPIP || proto == IPP_IPV6;
}

/*
 * Hand a fragment to the reassembly table; when it completes its datagram,
 * the datagram goes up the stack as if it had arrived whole in this frame.
 */
static void
fragment(struct pkt *k, const struct ipfrag_key *key, uint32_t off, int more,
    uint8_t nh, struct cursor *c, size_t wire)
{
	struct ipfrag_frag fr;
	struct ipfrag_done done;
	struct cursor	   dc;
	struct pkt	   k2;

	if (cur_left(c) < wire) {
		report_trunc(k);
		diag_add(k->diags, ISC_SEV_WARNING, "frag-truncated",
		    k->meta.frame,
		    "IP fragment at offset %u cut to %zu of its "
		    "%zu bytes by the capture; its datagram cannot be "
		    "reassembled",
		    off, cur_left(c), wire);
		/*
		 * The first fragment still shows the start of the message
		 * (SPIs, exchange): read what is there, with the UDP length
		 * as the datagram's length, like a message cut by snaplen.
		 */
		if (off == 0 && nh == IPP_UDP)
			udp(k, c, NET_FRAG_MAX_DATAGRAM);
		return;
	}
	memset(&fr, 0, sizeof(fr));
	fr.off = off;
	fr.more = more != 0;
	fr.nh = nh;
	fr.data = cur_view(c);
	fr.len = cur_left(c);
	fr.frame = k->meta.frame;
	fr.ts = k->meta.ts;
	if (ipfrag_add(k->a->net->frag, key, &fr, k->diags, &done) !=
	    IPFRAG_DONE)
		return;
	k2 = *k;
	k2.meta.reassembled = 1;
	dc = cur_init(done.data, done.len);
	if (k->meta.src.ip.family == 6)
		ip6_payload(&k2, done.proto, &dc, done.len);
	else
		ip_proto(&k2, done.proto, &dc, done.len);
	free(done.data);
}

/*
 * IPv4 (RFC 791 3.1).  The total length trims link-layer padding; a total
 * length beyond what was captured is truncation by the capture when the
 * frame on the wire was long enough, and a broken header otherwise.
 */
static void
ip_v4(struct pkt *k, struct cursor *c, size_t wire)
{
	struct cursor hdr = *c, body;
	uint16_t      totlen, id, fo, sum;
	uint8_t	      vihl, tos, ttl, proto;
	size_t	      hl, plen, cap;

	if (cur_left(c) < 20) {
		short_hdr(k, c, wire, 20, "IPv4 header");
		return;
	}
	(void)cur_u8(c, &vihl);
	(void)cur_u8(c, &tos);
	(void)cur_be16(c, &totlen);
	(void)cur_be16(c, &id);
	(void)cur_be16(c, &fo);
	(void)cur_u8(c, &ttl);
	(void)cur_u8(c, &proto);
	(void)cur_be16(c, &sum);
	memset(&k->meta.src, 0, sizeof(k->meta.src));
	memset(&k->meta.dst, 0, sizeof(k->meta.dst));
	k->meta.src.ip.family = k->meta.dst.ip.family = 4;
	(void)cur_copy(c, k->meta.src.ip.a, 4);
	(void)cur_copy(c, k->meta.dst.ip.a, 4);
	k->meta.ip_proto = proto;

	hl = (size_t)(vihl & 0x0f) * 4;
	if (vihl >> 4 != 4 || hl < 20) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-header",
		    k->meta.frame,
		    "IPv4 header with version %u and header "
		    "length %zu (must be 4 and at least 20)",
		    vihl >> 4, hl);
		return;
	}
	if (cur_skip(c, hl - 20) != 0) {
		short_hdr(k, c, wire, hl, "IPv4 header with options");
		return;
	}
	k->iph = cur_view(&hdr);
	k->iphlen = hl;
	if (totlen == 0) {
		/* Segmentation offload: the NIC fills it in after capture. */
		diag_add(k->diags, ISC_SEV_INFO, "ip-length-zero",
		    k->meta.frame,
		    "IPv4 total length is 0 (segmentation "
		    "offload?); the frame's length is used");
		plen = wire - hl;
	} else if (totlen < hl) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-header",
		    k->meta.frame,
		    "IPv4 total length %u is below its header "
		    "length %zu",
		    totlen, hl);
		return;
	} else
		plen = (size_t)totlen - hl;
	if (plen > wire - hl) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-length",
		    k->meta.frame,
		    "IPv4 total length %u is more than the %zu "
		    "bytes the frame holds",
		    totlen, wire);
		plen = wire - hl;
	}
	cap = plen < cur_left(c) ? plen : cur_left(c);
	if (cap < plen && k->trunc_what == NULL) {
		k->trunc_what = "IPv4";
		k->trunc_want = hl + plen;
		k->trunc_have = hl + cap;
	}
	(void)cur_sub(c, cap, &body);

	if ((fo & 0x2000) != 0 || (fo & 0x1fff) != 0) {
		struct ipfrag_key key;

		if (!frag_wanted(proto))
			return;
		memset(&key, 0, sizeof(key));
		key.src = k->meta.src.ip;
		key.dst = k->meta.dst.ip;
		key.id = id;
		key.proto = proto;
		fragment(k, &key, (uint32_t)(fo & 0x1fff) * 8,
		    (fo & 0x2000) != 0, proto, &body, plen);
		return;
	}
	ip_proto(k, proto, &body, plen);
}

/*
 * What follows the IPv6 header or a reassembled IPv6 datagram: extension
 * headers, then the upper layer (RFC 8200 4).  Hop-by-hop, routing,
 * destination options and the other headers in the generic format are
 * skipped; a fragment header hands the rest to reassembly; AH is counted
 * and parsed through.
 */
static void
ip6_payload(struct pkt *k, uint8_t nh, struct cursor *c, size_t wire)
{
	for (;;) {
		uint8_t	 next, hlen, res;
		uint16_t offm;
		uint32_t id;
		size_t	 n;

		switch (nh) {
		case IPP_HOPOPT:
		case IPP_ROUTING:
		case IPP_DSTOPTS:
		case IPP_MOBILITY:
		case IPP_HIP:
		case IPP_SHIM6:
		case IPP_FRAGMENT:
			if (++k->depth > NET_MAX_DEPTH) {
				diag_add(k->diags, ISC_SEV_WARNING, "ip-depth",
				    k->meta.frame,
				    "more than %d IP headers, "
				    "extension headers and tunnels in one "
				    "packet; the rest is not parsed",
				    NET_MAX_DEPTH);
				return;
			}
			break;
		case IPP_NONE:
			return;
		default:
			ip_proto(k, nh, c, wire);
			return;
		}
		if (nh == IPP_FRAGMENT) {
			struct ipfrag_key key;

			if (cur_left(c) < 8) {
				short_hdr(k, c, wire, 8,
				    "IPv6 fragment header");
				return;
			}
			(void)cur_u8(c, &next);
			(void)cur_u8(c, &res);
			(void)cur_be16(c, &offm);
			(void)cur_be32(c, &id);
			wire -= 8;
			if ((offm & 0xfff8) == 0 && (offm & 1) == 0) {
				/* Atomic fragment (RFC 6946): no reassembly. */
				nh = next;
				continue;
			}
			memset(&key, 0, sizeof(key));
			key.src = k->meta.src.ip;
			key.dst = k->meta.dst.ip;
			key.id = id;
			fragment(k, &key, offm & 0xfff8, offm & 1, next, c,
			    wire);
			return;
		}
		if (cur_u8(c, &next) != 0 || cur_u8(c, &hlen) != 0) {
			short_hdr(k, c, wire, 2, "IPv6 extension header");
			return;
		}
		n = ((size_t)hlen + 1) * 8;
		if (cur_skip(c, n - 2) != 0) {
			short_hdr(k, c, wire, n, "IPv6 extension header");
			return;
		}
		wire -= n;
		nh = next;
	}
}

/* IPv6 (RFC 8200 3). */
static void
ip_v6(struct pkt *k, struct cursor *c, size_t wire)
{
	struct cursor hdr = *c, body;
	uint32_t      vtf;
	uint16_t      plen16;
	uint8_t	      nh, hlim;
	size_t	      plen, cap;

	if (cur_left(c) < 40) {
		short_hdr(k, c, wire, 40, "IPv6 header");
		return;
	}
	(void)cur_be32(c, &vtf);
	(void)cur_be16(c, &plen16);
	(void)cur_u8(c, &nh);
	(void)cur_u8(c, &hlim);
	memset(&k->meta.src, 0, sizeof(k->meta.src));
	memset(&k->meta.dst, 0, sizeof(k->meta.dst));
	k->meta.src.ip.family = k->meta.dst.ip.family = 6;
	(void)cur_copy(c, k->meta.src.ip.a, 16);
	(void)cur_copy(c, k->meta.dst.ip.a, 16);
	if (vtf >> 28 != 6) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-header",
		    k->meta.frame, "IPv6 header with version %u", vtf >> 28);
		return;
	}
	k->iph = cur_view(&hdr);
	k->iphlen = 40;
	plen = plen16;
	if (plen == 0) {
		/* A jumbogram (RFC 2675) or segmentation offload. */
		plen = wire - 40;
	} else if (plen > wire - 40) {
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-length",
		    k->meta.frame,
		    "IPv6 payload length %zu is more than the "
		    "%zu bytes the frame holds after the header",
		    plen, wire - 40);
		plen = wire - 40;
	}
	cap = plen < cur_left(c) ? plen : cur_left(c);
	if (cap < plen && k->trunc_what == NULL) {
		k->trunc_what = "IPv6";
		k->trunc_want = 40 + plen;
		k->trunc_have = 40 + cap;
	}
	(void)cur_sub(c, cap, &body);
	ip6_payload(k, nh, &body, plen);
}

/* The version nibble decides, for link types that carry either. */
static void
ip_any(struct pkt *k, struct cursor *c, size_t wire)
{
	uint8_t v;

	if (cur_peek(c, 0, &v) != 0) {
		link_short(k, "IP");
		return;
	}
	if (v >> 4 == 4)
		ip_v4(k, c, wire);
	else if (v >> 4 == 6)
		ip_v6(k, c, wire);
	else
		diag_add(k->diags, ISC_SEV_WARNING, "ip-bad-header",
		    k->meta.frame, "raw IP frame starts with IP version %u",
		    v >> 4);
}

/* --- link layers ------------------------------------------------------ */

/*
 * PPP protocol numbers (RFC 1661 2): the protocol field may be compressed
 * to one byte (RFC 1661 6.5), which the odd low bit tells.
 */
static void
ppp_proto(struct pkt *k, struct cursor *c, size_t wire)
{
	uint16_t proto;
	uint8_t	 b;

	if (cur_peek(c, 0, &b) != 0) {
		link_short(k, "PPP");
		return;
	}
	if (b & 1) {
		(void)cur_u8(c, &b);
		proto = b;
		wire -= 1;
	} else {
		if (cur_be16(c, &proto) != 0) {
			link_short(k, "PPP");
			return;
		}
		wire -= 2;
	}
	if (proto == PPP_IPV4)
		ip_v4(k, c, wire);
	else if (proto == PPP_IPV6)
		ip_v6(k, c, wire);
}

static void
ether_type(struct pkt *k, uint16_t type, struct cursor *c, size_t wire)
{
	int	 tags = 0;
	uint8_t	 vt, code;
	uint16_t sid, len;

	for (;;) {
		switch (type) {
		case ETH_8021Q:
		case ETH_8021AD:
		case ETH_QINQ_OLD:
			if (++tags > NET_MAX_VLAN) {
				diag_add(k->diags, ISC_SEV_WARNING,
				    "vlan-depth", k->meta.frame,
				    "more than %d "
				    "stacked VLAN tags; the frame is not "
				    "parsed",
				    NET_MAX_VLAN);
				return;
			}
			if (cur_skip(c, 2) != 0 || cur_be16(c, &type) != 0) {
				link_short(k, "VLAN tag");
				return;
			}
			wire -= 4;
			continue;
		case ETH_IPV4:
			ip_v4(k, c, wire);
			return;
		case ETH_IPV6:
			ip_v6(k, c, wire);
			return;
		case ETH_PPPOE:
			/* RFC 2516 4: ver/type, code 0, session, length. */
			if (cur_u8(c, &vt) != 0 || cur_u8(c, &code) != 0 ||
			    cur_be16(c, &sid) != 0 || cur_be16(c, &len) != 0) {
				link_short(k, "PPPoE");
				return;
			}
			if (vt != 0x11 || code != 0)
				return;
			ppp_proto(k, c, wire - 6);
			return;
		default:
			return; /* not IP: not ours */
		}
	}
}

/* BSD loopback: the address family, in the byte order of the capturer. */
static void
link_null(struct pkt *k, struct cursor *c, size_t wire)
{
	uint32_t af;

	if (cur_be32(c, &af) != 0) {
		link_short(k, "loopback");
		return;
	}
	if (af > 0xffff)
		af = ((af & 0xff) << 24) | ((af & 0xff00) << 8) |
		    ((af >> 8) & 0xff00) | (af >> 24);
	switch (af) {
	case 2: /* AF_INET everywhere */
		ip_v4(k, c, wire - 4);
		break;
	case 24: /* AF_INET6: OpenBSD, NetBSD */
	case 28: /* FreeBSD, DragonFly */
	case 30: /* macOS */
		ip_v6(k, c, wire - 4);
		break;
	default:
		break;
	}
}

/* PPP (RFC 1661) with or without the 0xff 0x03 of RFC 1662 framing. */
static void
link_ppp(struct pkt *k, struct cursor *c, size_t wire, int serial)
{
	uint8_t	 b0, b1;
	uint16_t type;

	if (cur_peek(c, 0, &b0) != 0 || cur_peek(c, 1, &b1) != 0) {
		link_short(k, "PPP");
		return;
	}
	/* DLT_PPP_SERIAL may hold Cisco HDLC frames as well. */
	if (serial && (b0 == 0x0f || b0 == 0x8f) && b1 == 0x00) {
		(void)cur_skip(c, 2);
		if (cur_be16(c, &type) != 0) {
			link_short(k, "Cisco HDLC");
			return;
		}
		ether_type(k, type, c, wire - 4);
		return;
	}
	if (b0 == 0xff && b1 == 0x03) {
		(void)cur_skip(c, 2);
		wire -= 2;
	}
	ppp_proto(k, c, wire);
}

void
net_frame(struct isc_analysis *a, int dlt, const uint8_t *p, size_t caplen,
    size_t wirelen, uint64_t frame, struct isc_time ts)
{
	struct net_state *ns = a->net;
	struct cursor	  c = cur_init(p, caplen);
	struct pkt	  k;
	uint16_t	  type;

	if (ns == NULL || a->cur == NULL || (p == NULL && caplen > 0))
		return;
	if (ns->kcap != a->cur) {
		keepalive_flush(ns);
		ns->kcap = a->cur;
	}
	memset(&k, 0, sizeof(k));
	k.a = a;
	k.diags = &a->cur->diags;
	k.meta.frame = frame;
	k.meta.ts = ts;
	k.caplen = caplen;
	if (wirelen < caplen)
		wirelen = caplen;

	switch (dlt) {
	case DLT_EN10MB_:
		if (cur_skip(&c, 12) != 0 || cur_be16(&c, &type) != 0) {
			link_short(&k, "Ethernet");
			return;
		}
		ether_type(&k, type, &c, wirelen - 14);
		break;
	case DLT_LINUX_SLL_:
		/* packet type, ARPHRD, address length, address[8], protocol */
		if (cur_skip(&c, 14) != 0 || cur_be16(&c, &type) != 0) {
			link_short(&k, "Linux cooked");
			return;
		}
		ether_type(&k, type, &c, wirelen - 16);
		break;
	case DLT_LINUX_SLL2_:
		/* protocol, reserved, ifindex, ARPHRD, type, len, address[8] */
		if (cur_be16(&c, &type) != 0 || cur_skip(&c, 18) != 0) {
			link_short(&k, "Linux cooked v2");
			return;
		}
		ether_type(&k, type, &c, wirelen - 20);
		break;
	case DLT_RAW12_:
#ifdef __OpenBSD__
		link_null(&k, &c, wirelen);
		break;
#endif
	case DLT_RAW14_:
	case LINKTYPE_RAW_:
		ip_any(&k, &c, wirelen);
		break;
	case DLT_IPV4_:
		ip_v4(&k, &c, wirelen);
		break;
	case DLT_IPV6_:
		ip_v6(&k, &c, wirelen);
		break;
	case DLT_NULL_:
	case DLT_LOOP_:
		link_null(&k, &c, wirelen);
		break;
	case DLT_PPP_:
		link_ppp(&k, &c, wirelen, 0);
		break;
	case DLT_PPP_SERIAL_:
		link_ppp(&k, &c, wirelen, 1);
		break;
	case DLT_C_HDLC_:
		/* address, control, then an Ethernet type */
		if (cur_skip(&c, 2) != 0 || cur_be16(&c, &type) != 0) {
			link_short(&k, "Cisco HDLC");
			return;
		}
		ether_type(&k, type, &c, wirelen - 4);
		break;
	default:
		break;
	}
}

void
net_inner(struct isc_analysis *a, const struct isc_pkt_meta *m,
    const uint8_t *p, size_t len, int depth)
{
	struct cursor c = cur_init(p, len);
	struct pkt    k;

	if (a->net == NULL || a->cur == NULL || p == NULL)
		return;
	memset(&k, 0, sizeof(k));
	k.a = a;
	k.diags = &a->cur->diags;
	k.meta.frame = m->frame;
	k.meta.ts = m->ts;
	k.caplen = len;
	k.esp_depth = depth;
	ip_any(&k, &c, len);
}

void
net_finish(struct isc_analysis *a)
{
	struct net_state *ns = a->net;
	struct tcps_sink  sink;

	if (ns == NULL)
		return;
	keepalive_flush(ns);
	ns->kcap = NULL;
	if (a->cur == NULL)
		return; /* no capture: nothing was ever kept */
	ipfrag_flush(ns->frag, &a->cur->diags);
	sink.rec = tcp_record;
	sink.ctx = a;
	sink.diags = &a->cur->diags;
	tcps_finish(ns->tcp, &sink);
}
