/*
 * ippkt.c - a summary of the packet inside a decrypted ESP packet (RFC
 * 4303 2.6, 2.7; tunnel mode RFC 4301 5.1.2).
 *
 * IPv4 (RFC 791) with its header checksum (RFC 1071), IPv6 (RFC 8200)
 * with its extension headers, mobility (RFC 6275), HIP (RFC 7401) and
 * shim6 (RFC 5533) headers; then the first bytes of the upper layer: the
 * ports of TCP (RFC 9293), UDP (RFC 768), UDP-Lite (RFC 3828), SCTP (RFC
 * 9260) and DCCP (RFC 4340), the type and code of ICMP (RFC 792) and
 * ICMPv6 (RFC 4443, RFC 4861), and the SPI of a nested ESP (RFC 4303) or
 * AH (RFC 4302).
 */
#include <stdio.h>
#include <string.h>

#include "cursor.h"
#include "ippkt.h"

#define IPP_HOPOPT   0
#define IPP_ICMP     1
#define IPP_IPIP     4
#define IPP_TCP	     6
#define IPP_UDP	     17
#define IPP_DCCP     33
#define IPP_IPV6     41
#define IPP_ROUTING  43
#define IPP_FRAGMENT 44
#define IPP_ESP	     50
#define IPP_AH	     51
#define IPP_ICMPV6   58
#define IPP_NONE     59
#define IPP_DSTOPTS  60
#define IPP_SCTP     132
#define IPP_UDPLITE  136
#define IPP_MOBILITY 135
#define IPP_HIP	     139
#define IPP_SHIM6    140

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40

static enum ippkt_status
bad(struct ippkt *out, const char *problem)
{
	out->status = IPPKT_BAD;
	out->problem = problem;
	return IPPKT_BAD;
}

static void
clear(struct ippkt *out)
{
	memset(out, 0, sizeof(*out));
	out->status = IPPKT_OK;
	out->problem = NULL;
}

static const char *
proto_name(uint8_t proto)
{
	switch (proto) {
	case IPP_ICMP:
		return "ICMP";
	case IPP_TCP:
		return "TCP";
	case IPP_UDP:
		return "UDP";
	case IPP_DCCP:
		return "DCCP";
	case IPP_ESP:
		return "ESP";
	case IPP_AH:
		return "AH";
	case IPP_ICMPV6:
		return "ICMPv6";
	case IPP_SCTP:
		return "SCTP";
	case IPP_UDPLITE:
		return "UDP-Lite";
	}
	return NULL;
}

/* The problem text for an upper-layer header too short for its summary. */
static const char *
cut_short(uint8_t proto)
{
	switch (proto) {
	case IPP_ICMP:
		return "ICMP header cut short";
	case IPP_TCP:
		return "TCP header cut short";
	case IPP_UDP:
		return "UDP header cut short";
	case IPP_DCCP:
		return "DCCP header cut short";
	case IPP_ESP:
		return "ESP header cut short";
	case IPP_AH:
		return "AH header cut short";
	case IPP_ICMPV6:
		return "ICMPv6 header cut short";
	case IPP_SCTP:
		return "SCTP header cut short";
	case IPP_UDPLITE:
		return "UDP-Lite header cut short";
	}
	return "upper-layer header cut short";
}

/*
 * The first bytes of the upper-layer header in c, whose protocol is
 * out->proto.  Ports are its first four bytes for every protocol that has
 * them; ICMP's type and code are its first two; ESP's SPI is at offset 0
 * and AH's at offset 4 (after Next Header, Payload Len and Reserved).
 */
static enum ippkt_status
upper(struct ippkt *out, struct cursor *c)
{
	switch (out->proto) {
	case IPP_TCP:
	case IPP_UDP:
	case IPP_DCCP:
	case IPP_SCTP:
	case IPP_UDPLITE:
		if (cur_left(c) < 4)
			return bad(out, cut_short(out->proto));
		(void)cur_be16(c, &out->sport);
		(void)cur_be16(c, &out->dport);
		out->has_ports = 1;
		break;
	case IPP_ICMP:
	case IPP_ICMPV6:
		if (cur_left(c) < 2)
			return bad(out, cut_short(out->proto));
		(void)cur_u8(c, &out->icmp_type);
		(void)cur_u8(c, &out->icmp_code);
		out->has_icmp = 1;
		break;
	case IPP_ESP:
		if (cur_be32(c, &out->spi) != 0)
			return bad(out, cut_short(out->proto));
		out->has_spi = 1;
		break;
	case IPP_AH:
		if (cur_left(c) < 8)
			return bad(out, cut_short(out->proto));
		(void)cur_skip(c, 4);
		(void)cur_be32(c, &out->spi);
		out->has_spi = 1;
		break;
	}
	return IPPKT_OK;
}

/*
 * From protocol nh at the start of c: walk the IPv6 extension headers
 * (RFC 8200 4), then summarise the upper layer.  Every extension header
 * but the fragment header has the same shape:
 *
 *	Next Header | Hdr Ext Len | ... (Hdr Ext Len + 1) * 8 bytes in all
 *
 * AH is an upper layer here: its SPI is what a nested SA is known by.
 * A fragment header with a non-zero offset ends the walk, as what follows
 * is the middle of the upper-layer data.
 */
static enum ippkt_status
chain(struct ippkt *out, uint8_t nh, struct cursor *c)
{
	int depth;

	for (depth = 0;; depth++) {
		uint8_t	 next, hlen;
		uint16_t offfl = 0;

		out->proto = nh;
		switch (nh) {
		case IPP_HOPOPT:
		case IPP_ROUTING:
		case IPP_DSTOPTS:
		case IPP_MOBILITY:
		case IPP_HIP:
		case IPP_SHIM6:
		case IPP_FRAGMENT:
			break;
		default:
			return upper(out, c);
		}
		if (depth >= IPPKT_MAX_EXT)
			return bad(out, "more than 16 IPv6 extension headers");
		if (cur_left(c) < 8)
			return bad(out,
			    "IPv6 extension header runs past the end of the "
			    "packet");
		(void)cur_u8(c, &next);
		(void)cur_u8(c, &hlen);
		if (nh == IPP_FRAGMENT) {
			/* Next Header, Reserved, Offset|Res|M, Identification */
			(void)cur_be16(c, &offfl);
			(void)cur_skip(c, 4);
			if ((offfl >> 3) != 0) {
				out->fragment = 1;
				out->proto = next;
				return IPPKT_OK;
			}
			if (offfl & 1)
				out->fragment = 1;
		} else if (cur_skip(c, (size_t)hlen * 8 + 6) != 0)
			return bad(out,
			    "IPv6 extension header runs past the end of the "
			    "packet");
		nh = next;
	}
}

/* Does the one's complement sum of the n header bytes in c verify? */
static int
ipv4_csum_ok(const struct cursor *c, size_t n)
{
	struct cursor h = *c;
	uint32_t      sum = 0;
	uint16_t      w;

	if (cur_left(&h) < n)
		return 0;
	for (; n >= 2; n -= 2) {
		if (cur_be16(&h, &w) != 0)
			return 0;
		sum += w;
	}
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/*
 * RFC 791 3.1.  Nothing in the header is believed before its checksum
 * verifies; after that the fields are read before the lengths are
 * checked, so a packet whose total length is wrong still shows what it
 * claimed.
 */
static enum ippkt_status
ipv4(struct ippkt *out, struct cursor *c)
{
	struct cursor body;
	size_t	      have = cur_left(c), ihl;
	uint16_t      total, id, offfl, sum;
	uint8_t	      vihl = 0, tos, ttl;

	if (have < IPV4_HDR_LEN)
		return bad(out, "IPv4 header cut short: fewer than 20 bytes");
	(void)cur_peek(c, 0, &vihl);
	ihl = (size_t)(vihl & 0x0f) * 4;
	if (ihl < IPV4_HDR_LEN)
		return bad(out, "IPv4 header length (IHL) below 20 bytes");
	if (ihl > have)
		return bad(out,
		    "IPv4 header length (IHL) runs past the bytes decrypted");
	if (!ipv4_csum_ok(c, ihl))
		return bad(out, "IPv4 header checksum wrong");
	(void)cur_u8(c, &vihl);
	(void)cur_u8(c, &tos);
	(void)cur_be16(c, &total);
	(void)cur_be16(c, &id);
	(void)cur_be16(c, &offfl);
	(void)cur_u8(c, &ttl);
	(void)cur_u8(c, &out->proto);
	(void)cur_be16(c, &sum);
	(void)cur_copy(c, out->src, 4);
	(void)cur_copy(c, out->dst, 4);
	(void)cur_skip(c, ihl - IPV4_HDR_LEN); /* options */
	out->length = total;
	if (total < ihl)
		return bad(out, "IPv4 total length is below its header length");
	if (total > have)
		return bad(out,
		    "IPv4 total length exceeds the bytes decrypted");
	/* Flags: reserved, DF, MF; then a 13-bit offset in 8-byte units. */
	if (offfl & 0x3fff)
		out->fragment = 1;
	if (offfl & 0x1fff)
		return IPPKT_OK;
	/* Bytes past the total length are TFC padding: not looked at. */
	(void)cur_sub(c, total - ihl, &body);
	return upper(out, &body);
}

/* RFC 8200 3: a fixed 40-byte header; Payload Length counts the rest. */
static enum ippkt_status
ipv6(struct ippkt *out, struct cursor *c)
{
	struct cursor body;
	uint32_t      vtcfl;
	uint16_t      plen;
	uint8_t	      nh, hlim;

	if (cur_left(c) < IPV6_HDR_LEN)
		return bad(out, "IPv6 header cut short: fewer than 40 bytes");
	(void)cur_be32(c, &vtcfl);
	(void)cur_be16(c, &plen);
	(void)cur_u8(c, &nh);
	(void)cur_u8(c, &hlim);
	(void)cur_copy(c, out->src, 16);
	(void)cur_copy(c, out->dst, 16);
	out->proto = nh;
	out->length = (uint32_t)plen + IPV6_HDR_LEN;
	/* RFC 2675 jumbograms say 0 here; an ESP payload is never one. */
	if (plen == 0 && cur_left(c) != 0)
		return bad(out,
		    "IPv6 payload length 0 but bytes follow the header "
		    "(jumbograms are not supported)");
	if (plen > cur_left(c))
		return bad(out,
		    "IPv6 payload length exceeds the bytes decrypted");
	(void)cur_sub(c, plen, &body);
	return chain(out, nh, &body);
}

enum ippkt_status
ippkt_parse_ip(const uint8_t *p, size_t len, uint8_t next_header,
    struct ippkt *out)
{
	struct cursor c = cur_init(p, len);
	uint8_t	      b;

	clear(out);
	if (next_header != IPP_IPIP && next_header != IPP_IPV6)
		return bad(out,
		    "ESP next header is neither 4 (IPv4) nor 41 (IPv6)");
	if (cur_peek(&c, 0, &b) != 0)
		return bad(out,
		    next_header == IPP_IPIP ?
			"ESP next header 4 but the payload is empty" :
			"ESP next header 41 but the payload is empty");
	if (next_header == IPP_IPIP && (b >> 4) == 6)
		return bad(out, "ESP next header 4 but the packet is IPv6");
	if (next_header == IPP_IPV6 && (b >> 4) == 4)
		return bad(out, "ESP next header 41 but the packet is IPv4");
	if (next_header == IPP_IPIP && (b >> 4) != 4)
		return bad(out,
		    "ESP next header 4 but the IP version field is not 4");
	if (next_header == IPP_IPV6 && (b >> 4) != 6)
		return bad(out,
		    "ESP next header 41 but the IP version field is not 6");
	out->version = b >> 4;
	return out->version == 4 ? ipv4(out, &c) : ipv6(out, &c);
}

enum ippkt_status
ippkt_parse_transport(uint8_t proto, const uint8_t *p, size_t len,
    struct ippkt *out)
{
	struct cursor c = cur_init(p, len);

	if (proto == IPP_IPIP || proto == IPP_IPV6)
		return ippkt_parse_ip(p, len, proto, out);
	clear(out);
	out->length = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	return chain(out, proto, &c);
}

/* --- describe ---------------------------------------------------------- */

struct icmp_name {
	uint8_t	    v6; /* 0 for ICMP, 1 for ICMPv6 */
	uint8_t	    type;
	int	    code; /* -1: the type's name, for any code */
	const char *name;
};

/*
 * Names for types (code -1) and for the codes worth naming.  A type
 * without a named code prints its code when that is not 0.
 */
static const struct icmp_name icmp_names[] = {
	{ 0, 0, -1, "echo-reply" },
	{ 0, 3, -1, "destination-unreachable" },
	{ 0, 3, 0, "net-unreachable" },
	{ 0, 3, 1, "host-unreachable" },
	{ 0, 3, 2, "protocol-unreachable" },
	{ 0, 3, 3, "port-unreachable" },
	{ 0, 3, 4, "fragmentation-needed" },
	{ 0, 3, 13, "administratively-prohibited" },
	{ 0, 4, -1, "source-quench" },
	{ 0, 5, -1, "redirect" },
	{ 0, 8, -1, "echo-request" },
	{ 0, 11, -1, "time-exceeded" },
	{ 0, 11, 0, "in-transit" },
	{ 0, 11, 1, "reassembly" },
	{ 0, 12, -1, "parameter-problem" },
	{ 1, 1, -1, "destination-unreachable" },
	{ 1, 1, 0, "no-route" },
	{ 1, 1, 1, "administratively-prohibited" },
	{ 1, 1, 2, "beyond-scope" },
	{ 1, 1, 3, "address-unreachable" },
	{ 1, 1, 4, "port-unreachable" },
	{ 1, 1, 5, "source-address-failed-policy" },
	{ 1, 1, 6, "reject-route" },
	{ 1, 2, -1, "packet-too-big" },
	{ 1, 3, -1, "time-exceeded" },
	{ 1, 3, 0, "in-transit" },
	{ 1, 3, 1, "reassembly" },
	{ 1, 4, -1, "parameter-problem" },
	{ 1, 128, -1, "echo-request" },
	{ 1, 129, -1, "echo-reply" },
	{ 1, 133, -1, "router-solicitation" },
	{ 1, 134, -1, "router-advertisement" },
	{ 1, 135, -1, "neighbor-solicitation" },
	{ 1, 136, -1, "neighbor-advertisement" },
	{ 1, 137, -1, "redirect" },
};

static const char *
icmp_lookup(uint8_t v6, uint8_t type, int code)
{
	size_t i;

	for (i = 0; i < sizeof(icmp_names) / sizeof(icmp_names[0]); i++)
		if (icmp_names[i].v6 == v6 && icmp_names[i].type == type &&
		    icmp_names[i].code == code)
			return icmp_names[i].name;
	return NULL;
}

static void
icmp_describe(const struct ippkt *pk, char *buf, size_t len)
{
	const char *pn = pk->proto == IPP_ICMPV6 ? "ICMPv6" : "ICMP";
	uint8_t	    v6 = pk->proto == IPP_ICMPV6;
	const char *tn = icmp_lookup(v6, pk->icmp_type, -1);
	const char *cn = icmp_lookup(v6, pk->icmp_type, pk->icmp_code);

	if (tn == NULL)
		snprintf(buf, len, "%s type %u code %u", pn,
		    (unsigned)pk->icmp_type, (unsigned)pk->icmp_code);
	else if (cn != NULL)
		snprintf(buf, len, "%s %s %s", pn, tn, cn);
	else if (pk->icmp_code != 0)
		snprintf(buf, len, "%s %s code %u", pn, tn,
		    (unsigned)pk->icmp_code);
	else
		snprintf(buf, len, "%s %s", pn, tn);
}

const char *
ippkt_describe(const struct ippkt *pk, char *buf, size_t len)
{
	const char *name;
	size_t	    n;

	if (buf == NULL || len == 0)
		return buf;
	buf[0] = '\0';
	if (pk->status != IPPKT_OK) {
		snprintf(buf, len, "%s",
		    pk->problem != NULL ? pk->problem : "not a packet");
		return buf;
	}
	name = proto_name(pk->proto);
	if (pk->has_ports)
		snprintf(buf, len, "%s %u > %u", name, (unsigned)pk->sport,
		    (unsigned)pk->dport);
	else if (pk->has_icmp)
		icmp_describe(pk, buf, len);
	else if (pk->has_spi)
		snprintf(buf, len, "%s SPI 0x%08x", name, (unsigned)pk->spi);
	else if (pk->fragment) {
		/* A non-first fragment: the upper-layer header is elsewhere. */
		if (name != NULL)
			snprintf(buf, len, "%s non-first fragment", name);
		else
			snprintf(buf, len, "proto %u non-first fragment",
			    (unsigned)pk->proto);
		return buf;
	} else if (pk->proto == IPP_NONE)
		snprintf(buf, len, "no next header");
	else
		snprintf(buf, len, "proto %u", (unsigned)pk->proto);
	if (pk->fragment) {
		n = strlen(buf);
		if (n < len)
			snprintf(buf + n, len - n, " (first fragment)");
	}
	return buf;
}
