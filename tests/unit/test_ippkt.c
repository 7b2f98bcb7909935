/*
 * test_ippkt.c - the summary of a decrypted ESP payload: IPv4 and IPv6
 * packets built by hand (checksums computed here), real inner packets
 * from the Wireshark wiki ESP captures, every truncation of each, and the
 * text describe() gives.
 */
#include <stdlib.h>
#include <string.h>

#include "../../dissect/ippkt.h"
#include "tap.h"

static const uint8_t a4_src[4] = { 192, 0, 2, 1 };
static const uint8_t a4_dst[4] = { 198, 51, 100, 7 };
static const uint8_t a6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 1 };
static const uint8_t a6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 2 };

/*
 * Capture ipsec_esp_capture_2.pcap frame 1: tunnel-mode ESP (SPI 0x0a,
 * AES-CBC) from 10.0.0.1 to 10.0.0.2; decrypted (tshark with the
 * capture's esp_sa), its payload is this 120-byte IPv4 packet from
 * 192.168.0.3 to 10.0.0.2 carrying transport-mode ESP with SPI 0x0f.  The
 * last 8 bytes are the outer ESP trailer (pad 1..6, pad length 6, next
 * header 4).
 */
static const uint8_t real_tunnel[128] = { 0x45, 0x00, 0x00, 0x78, 0x00, 0x5a,
	0x40, 0x00, 0x3f, 0x32, 0x70, 0x4d, 0xc0, 0xa8, 0x00, 0x03, 0x0a, 0x00,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x84, 0x96, 0x7e,
	0x43, 0x12, 0xe9, 0xe1, 0x1a, 0xb3, 0x90, 0xd9, 0xe9, 0xaf, 0x57, 0xea,
	0x3c, 0x7a, 0xe9, 0xf1, 0x5f, 0x79, 0xdb, 0xce, 0x15, 0x65, 0x8d, 0xa9,
	0xbe, 0xbc, 0x2b, 0x21, 0x9f, 0x03, 0x4a, 0x4d, 0x5a, 0xc5, 0xf0, 0xb3,
	0xb2, 0x1b, 0x2f, 0xec, 0x86, 0xc4, 0xe4, 0x3d, 0x3c, 0x51, 0x03, 0x81,
	0x8c, 0xed, 0x26, 0xd2, 0xa7, 0xd3, 0xe9, 0x54, 0x47, 0x74, 0x9c, 0x99,
	0x93, 0x79, 0x7e, 0x77, 0xc8, 0xd0, 0xf2, 0x06, 0x0d, 0xc1, 0x1b, 0x3d,
	0x43, 0x3c, 0xe6, 0x22, 0xd3, 0x29, 0x6a, 0x10, 0xe0, 0x5f, 0xd3, 0xfd,
	0x5e, 0xfb, 0x6f, 0x8d, 0x8f, 0x07, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
	0x06, 0x04 };

/*
 * Capture ipsec_esp_capture_1.pcap frame 32: transport-mode ESP with SPI
 * 0x71, NULL encryption (RFC 2410), so the payload is in clear: an ICMP
 * echo request of 64 bytes (ESP next header 1).
 */
static const uint8_t real_icmp[64] = { 0x08, 0x00, 0x14, 0x59, 0x03, 0x64, 0x00,
	0x01, 0x96, 0xa8, 0xf9, 0x43, 0x5b, 0x52, 0x0a, 0x00, 0x08, 0x09, 0x0a,
	0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
	0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22,
	0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e,
	0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37 };

/*
 * Capture ipsec_esp_capture_1.pcap frame 452: IPv6 transport-mode ESP with
 * SPI 0x0d, NULL encryption: an ICMPv6 echo request of 64 bytes (ESP next
 * header 58).
 */
static const uint8_t real_icmp6[64] = { 0x80, 0x00, 0xc3, 0x56, 0xf8, 0x55,
	0x00, 0x01, 0x1c, 0xab, 0xf9, 0x43, 0x38, 0xe3, 0x0a, 0x00, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
	0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21,
	0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
	0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37 };

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1071 over n bytes (n even), as the IPv4 header checksum field. */
static unsigned
csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t	 i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* Recompute the header checksum of the IPv4 packet at b. */
static void
fix4(uint8_t *b)
{
	size_t ihl = (size_t)(b[0] & 0x0f) * 4;

	put16(b + 10, 0);
	put16(b + 10, csum(b, ihl));
}

/*
 * An IPv4 packet into b: `opt` bytes of options (a multiple of 4, NOPs),
 * flags/offset as given, then the payload.  Returns its total length.
 */
static size_t
ip4(uint8_t *b, uint8_t proto, unsigned offfl, size_t opt, const uint8_t *pl,
    size_t plen)
{
	size_t ihl = 20 + opt, total = ihl + plen;

	memset(b, 0, ihl);
	b[0] = (uint8_t)(0x40 | (ihl / 4));
	put16(b + 2, (unsigned)total);
	put16(b + 4, 0x1234);
	put16(b + 6, offfl);
	b[8] = 64;
	b[9] = proto;
	memcpy(b + 12, a4_src, 4);
	memcpy(b + 16, a4_dst, 4);
	memset(b + 20, 1, opt);
	memcpy(b + ihl, pl, plen);
	fix4(b);
	return total;
}

/* An IPv6 packet into b; pl holds extension headers and upper layer. */
static size_t
ip6(uint8_t *b, uint8_t nh, const uint8_t *pl, size_t plen)
{
	memset(b, 0, 40);
	b[0] = 0x60;
	put16(b + 4, (unsigned)plen);
	b[6] = nh;
	b[7] = 64;
	memcpy(b + 8, a6_src, 16);
	memcpy(b + 24, a6_dst, 16);
	memcpy(b + 40, pl, plen);
	return 40 + plen;
}

/* The packet's summary, or its problem, as describe() gives it. */
static const char *
desc(const struct ippkt *k)
{
	static char buf[128];

	return ippkt_describe(k, buf, sizeof(buf));
}

static int
is(const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return 1;
	printf("# got \"%s\", want \"%s\"\n", got, want);
	return 0;
}

/*
 * Parse every prefix of b, each from a heap copy of exactly that many
 * bytes so the sanitizer sees any read past it.  Below `full` bytes the
 * result must be IPPKT_BAD with a problem; at `full`, want.
 */
static int
every_prefix(int transport, uint8_t nh, const uint8_t *b, size_t full,
    size_t okfrom)
{
	struct ippkt k;
	size_t	     n;
	int	     good = 1;

	for (n = 0; n <= full; n++) {
		uint8_t		 *copy = malloc(n ? n : 1);
		enum ippkt_status st;

		memcpy(copy, b, n);
		st = transport ? ippkt_parse_transport(nh, copy, n, &k) :
				 ippkt_parse_ip(copy, n, nh, &k);
		free(copy);
		if (st != k.status)
			good = 0;
		if (n < okfrom && (st != IPPKT_BAD || k.problem == NULL)) {
			printf("# %zu bytes: status %d\n", n, st);
			good = 0;
		}
		if (n >= okfrom && (st != IPPKT_OK || k.problem != NULL)) {
			printf("# %zu bytes: status %d (%s)\n", n, st,
			    k.problem ? k.problem : "");
			good = 0;
		}
	}
	return good;
}

static void
test_ipv4(void)
{
	static const uint8_t udp[] = { 0xc8, 0x22, 0x27, 0x0f, 0x00, 0x0c, 0x00,
		0x00, 'p', 'i', 'n', 'g' };
	static const uint8_t tcp[20] = { 0x00, 0x16, 0x15, 0xb3, 0, 0, 0, 1, 0,
		0, 0, 0, 0x50, 0x18, 0xff, 0xff };
	uint8_t echo[16] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1, 'a', 'b', 'c', 'd',
		'e', 'f', 'g', 'h' };
	uint8_t b[256];
	struct ippkt k;
	size_t	     n;

	n = ip4(b, 17, 0x4000, 0, udp, sizeof(udp));
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.status == IPPKT_OK &&
		k.problem == NULL,
	    "IPv4 UDP parses");
	ok(k.version == 4 && k.proto == 17 && k.length == 32 &&
		memcmp(k.src, a4_src, 4) == 0 &&
		memcmp(k.dst, a4_dst, 4) == 0 && k.src[4] == 0,
	    "IPv4 UDP: version, protocol, length and addresses");
	ok(k.has_ports && k.sport == 51234 && k.dport == 9999 && !k.has_icmp &&
		!k.has_spi && !k.fragment,
	    "IPv4 UDP: ports in host order, DF is not a fragment");
	ok(is(desc(&k), "UDP 51234 > 9999"), "describe IPv4 UDP");
	ok(every_prefix(0, 4, b, n, n), "IPv4 UDP: every prefix is bad");

	n = ip4(b, 6, 0, 0, tcp, sizeof(tcp));
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.has_ports &&
		k.sport == 22 && k.dport == 5555 && k.length == 40,
	    "IPv4 TCP parses");
	ok(is(desc(&k), "TCP 22 > 5555"), "describe IPv4 TCP");

	put16(echo + 2, csum(echo, sizeof(echo)));
	n = ip4(b, 1, 0, 8, echo, sizeof(echo));
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.has_icmp &&
		k.icmp_type == 8 && k.icmp_code == 0 && k.length == 44,
	    "IPv4 ICMP echo request with 8 bytes of options");
	ok(is(desc(&k), "ICMP echo-request"), "describe ICMP echo request");
	ok(every_prefix(0, 4, b, n, n), "IPv4 ICMP: every prefix is bad");

	/* TFC padding (RFC 4303 2.7) after the packet is fine. */
	memset(b + n, 0, 40);
	ok(ippkt_parse_ip(b, n + 40, 4, &k) == IPPKT_OK && k.length == n &&
		k.has_icmp,
	    "IPv4 followed by TFC padding: accepted, length is the IP one");

	/* A wrong checksum is the sign of a wrong key. */
	n = ip4(b, 17, 0, 0, udp, sizeof(udp));
	b[11] ^= 0x01;
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD && k.status == IPPKT_BAD &&
		is(k.problem, "IPv4 header checksum wrong"),
	    "IPv4 header checksum wrong");
	ok(is(desc(&k), "IPv4 header checksum wrong"),
	    "describe gives the problem");

	n = ip4(b, 17, 0, 0, udp, sizeof(udp));
	put16(b + 2, 1500);
	fix4(b);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD && k.length == 1500 &&
		is(k.problem, "IPv4 total length exceeds the bytes decrypted"),
	    "IPv4 total length beyond the payload is bad, not truncated");

	put16(b + 2, 16);
	fix4(b);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem, "IPv4 total length is below its header length"),
	    "IPv4 total length below the header");

	n = ip4(b, 17, 0, 0, udp, sizeof(udp));
	b[0] = 0x44;
	fix4(b);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem, "IPv4 header length (IHL) below 20 bytes"),
	    "IPv4 IHL below 5");
	b[0] = 0x4f;
	ok(ippkt_parse_ip(b, 40, 4, &k) == IPPKT_BAD &&
		is(k.problem,
		    "IPv4 header length (IHL) runs past the bytes decrypted"),
	    "IPv4 IHL past the payload");

	/* Fragments: MF with offset 0 is the first; an offset is not. */
	n = ip4(b, 17, 0x2000, 0, udp, sizeof(udp));
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.fragment &&
		k.has_ports && k.sport == 51234,
	    "IPv4 first fragment: fragment, ports");
	ok(is(desc(&k), "UDP 51234 > 9999 (first fragment)"),
	    "describe a first fragment");
	n = ip4(b, 17, 185, 0, udp + 8, 2);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.fragment &&
		!k.has_ports && k.proto == 17,
	    "IPv4 non-first fragment (2 bytes): no ports, not cut short");
	ok(is(desc(&k), "UDP non-first fragment"),
	    "describe a non-first fragment");
	n = ip4(b, 47, 0x2000 | 185, 0, udp, 8);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.fragment &&
		!k.has_ports && is(desc(&k), "proto 47 non-first fragment"),
	    "IPv4 middle fragment of GRE");

	/* The upper layer cut short, inside a complete packet. */
	n = ip4(b, 17, 0, 0, udp, 3);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem, "UDP header cut short") && k.proto == 17,
	    "IPv4 with 3 bytes of UDP: cut short");
	n = ip4(b, 1, 0, 0, echo, 1);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem, "ICMP header cut short"),
	    "IPv4 with 1 byte of ICMP: cut short");
	n = ip4(b, 1, 0, 0, echo, 2);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.has_icmp,
	    "IPv4 with 2 bytes of ICMP: enough");
	n = ip4(b, 47, 0, 0, udp, 0);
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_OK && k.length == 20 &&
		is(desc(&k), "proto 47"),
	    "IPv4 GRE with no payload: proto 47");
}

static void
test_real(void)
{
	struct ippkt k;

	ok(ippkt_parse_ip(real_tunnel, 120, 4, &k) == IPPKT_OK &&
		k.version == 4 && k.proto == 50 && k.length == 120,
	    "real tunnel-mode packet (capture 2): IPv4 carrying ESP");
	ok(k.src[0] == 192 && k.src[1] == 168 && k.src[3] == 3 &&
		k.dst[0] == 10 && k.dst[3] == 2,
	    "real tunnel-mode packet: 192.168.0.3 > 10.0.0.2");
	ok(k.has_spi && k.spi == 0x0f && !k.has_ports && !k.has_icmp,
	    "nested ESP: its SPI");
	ok(is(desc(&k), "ESP SPI 0x0000000f"), "describe nested ESP");
	ok(ippkt_parse_ip(real_tunnel, sizeof(real_tunnel), 4, &k) ==
		    IPPKT_OK &&
		k.length == 120 && k.spi == 0x0f,
	    "real tunnel-mode packet with the ESP trailer left on: the "
	    "trailer reads as TFC padding");
	ok(every_prefix(0, 4, real_tunnel, 120, 120),
	    "real tunnel-mode packet: every prefix is bad");

	ok(ippkt_parse_transport(1, real_icmp, sizeof(real_icmp), &k) ==
		    IPPKT_OK &&
		k.version == 0 && k.proto == 1 && k.length == 64 &&
		k.has_icmp && k.icmp_type == 8,
	    "real NULL-encryption transport payload (capture 1): ICMP");
	ok(is(desc(&k), "ICMP echo-request"), "describe real transport ICMP");
	ok(ippkt_parse_transport(58, real_icmp6, sizeof(real_icmp6), &k) ==
		    IPPKT_OK &&
		k.version == 0 && k.proto == 58 && k.length == 64 &&
		k.icmp_type == 128,
	    "real NULL-encryption IPv6 transport payload: ICMPv6");
	ok(is(desc(&k), "ICMPv6 echo-request"),
	    "describe real transport ICMPv6");
	ok(every_prefix(1, 58, real_icmp6, 64, 2),
	    "transport ICMPv6: bad below 2 bytes, fine from 2");
}

static void
test_ipv6(void)
{
	static const uint8_t hbh_dst_udp[] = {
		/* hop-by-hop, 8 bytes: next 60, PadN */
		60, 0, 1, 4, 0, 0, 0, 0,
		/* destination options, 16 bytes: next 17, PadN */
		17, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* UDP 500 > 4500 */
		0x01, 0xf4, 0x11, 0x94, 0x00, 0x0a, 0x00, 0x00, 'h', 'i'
	};
	static const uint8_t frag_later[] = { 17, 0, 0x03, 0x20, 0, 0, 0, 7,
		0xaa, 0xbb };
	static const uint8_t frag_first[] = { 17, 0, 0x00, 0x01, 0, 0, 0, 7,
		0x01, 0xf4, 0x11, 0x94, 0x00, 0x10, 0, 0 };
	static const uint8_t atomic[] = { 58, 0, 0x00, 0x00, 0, 0, 0, 7, 129, 0,
		0, 0 };
	static const uint8_t ah[] = { 17, 4, 0, 0, 0xc0, 0x01, 0xd0, 0x0d, 0, 0,
		0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t routing_past[] = { 17, 2, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0 };
	uint8_t		     b[512], pl[256];
	struct ippkt	     k;
	size_t		     n, i;

	n = ip6(b, 0, hbh_dst_udp, sizeof(hbh_dst_udp));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.version == 6 &&
		k.proto == 17 && k.length == n,
	    "IPv6 hop-by-hop + destination options + UDP");
	ok(memcmp(k.src, a6_src, 16) == 0 && memcmp(k.dst, a6_dst, 16) == 0,
	    "IPv6 addresses");
	ok(k.has_ports && k.sport == 500 && k.dport == 4500 && !k.fragment,
	    "IPv6 UDP ports after the extension headers");
	ok(is(desc(&k), "UDP 500 > 4500"), "describe IPv6 UDP");
	ok(every_prefix(0, 41, b, n, n), "IPv6: every prefix is bad");
	memset(b + n, 0, 24);
	ok(ippkt_parse_ip(b, n + 24, 41, &k) == IPPKT_OK && k.length == n,
	    "IPv6 followed by TFC padding");

	n = ip6(b, 44, frag_later, sizeof(frag_later));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.fragment &&
		!k.has_ports && k.proto == 17,
	    "IPv6 non-first fragment: fragment, protocol, no ports");
	ok(is(desc(&k), "UDP non-first fragment"),
	    "describe IPv6 non-first fragment");
	n = ip6(b, 44, frag_first, sizeof(frag_first));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.fragment &&
		k.has_ports && k.dport == 4500,
	    "IPv6 first fragment: fragment with ports");
	n = ip6(b, 44, atomic, sizeof(atomic));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && !k.fragment &&
		k.has_icmp && is(desc(&k), "ICMPv6 echo-reply"),
	    "IPv6 atomic fragment (offset 0, M clear) is not a fragment");

	n = ip6(b, 51, ah, sizeof(ah));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.proto == 51 &&
		k.has_spi && k.spi == 0xc001d00d && !k.has_ports,
	    "AH inside IPv6: its SPI, not what it protects");
	ok(is(desc(&k), "AH SPI 0xc001d00d"), "describe AH");
	n = ip6(b, 51, ah, 7);
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_BAD &&
		is(k.problem, "AH header cut short"),
	    "AH of 7 bytes is cut short");

	n = ip6(b, 43, routing_past, sizeof(routing_past));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_BAD &&
		is(k.problem,
		    "IPv6 extension header runs past the end of the packet"),
	    "IPv6 extension header past the payload length");

	/* Sixteen extension headers are followed; seventeen are too many. */
	for (i = 0; i < 17; i++) {
		memset(pl + i * 8, 0, 8);
		pl[i * 8] = 60;
		pl[i * 8 + 2] = 1;
		pl[i * 8 + 3] = 4;
	}
	pl[15 * 8] = 59;
	n = ip6(b, 60, pl, 16 * 8);
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.proto == 59 &&
		is(desc(&k), "no next header"),
	    "16 extension headers then no next header");
	pl[15 * 8] = 60;
	pl[16 * 8] = 59;
	n = ip6(b, 60, pl, 17 * 8);
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_BAD &&
		is(k.problem, "more than 16 IPv6 extension headers"),
	    "17 extension headers are too many");

	/* Payload length 0: only a bare 40-byte header. */
	n = ip6(b, 59, pl, 0);
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_OK && k.length == 40,
	    "IPv6 header alone with no next header");
	memset(b + 40, 0, 8);
	ok(ippkt_parse_ip(b, 48, 41, &k) == IPPKT_BAD,
	    "IPv6 payload length 0 with bytes after it (jumbogram?) is bad");
	n = ip6(b, 17, hbh_dst_udp, 8);
	put16(b + 4, 200);
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_BAD && k.length == 240 &&
		is(k.problem,
		    "IPv6 payload length exceeds the bytes decrypted"),
	    "IPv6 payload length beyond the payload");
}

static void
test_version(void)
{
	static const uint8_t udp[8] = { 0, 53, 0, 53, 0, 8, 0, 0 };
	uint8_t		     b[128];
	struct ippkt	     k;
	size_t		     n;

	n = ip6(b, 17, udp, sizeof(udp));
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem, "ESP next header 4 but the packet is IPv6"),
	    "next header 4, IPv6 packet");
	n = ip4(b, 17, 0, 0, udp, sizeof(udp));
	ok(ippkt_parse_ip(b, n, 41, &k) == IPPKT_BAD &&
		is(k.problem, "ESP next header 41 but the packet is IPv4"),
	    "next header 41, IPv4 packet");
	b[0] = 0x55;
	ok(ippkt_parse_ip(b, n, 4, &k) == IPPKT_BAD &&
		is(k.problem,
		    "ESP next header 4 but the IP version field is not 4"),
	    "version 5 under next header 4");
	ok(ippkt_parse_ip(b, n, 17, &k) == IPPKT_BAD && k.problem != NULL,
	    "next header 17 is not for parse_ip");
	ok(ippkt_parse_ip(NULL, 0, 4, &k) == IPPKT_BAD && k.version == 0 &&
		is(k.problem, "ESP next header 4 but the payload is empty"),
	    "empty payload");
}

static void
test_transport(void)
{
	static const uint8_t udp[] = { 0x30, 0x39, 0x00, 0x35, 0x00, 0x0a, 0x00,
		0x00, 'x', 'y' };
	static const uint8_t esp[] = { 0x00, 0x00, 0x12, 0x34, 0, 0, 0, 1, 0xde,
		0xad };
	static const uint8_t dst_udp[] = { 17, 0, 1, 4, 0, 0, 0, 0, 0x30, 0x39,
		0x00, 0x35 };
	uint8_t		     b[64];
	struct ippkt	     k;
	size_t		     n;

	ok(ippkt_parse_transport(17, udp, sizeof(udp), &k) == IPPKT_OK &&
		k.version == 0 && k.proto == 17 && k.length == sizeof(udp) &&
		k.has_ports && k.sport == 12345 && k.dport == 53,
	    "transport UDP");
	ok(is(desc(&k), "UDP 12345 > 53"), "describe transport UDP");
	ok(every_prefix(1, 17, udp, sizeof(udp), 4),
	    "transport UDP: bad below 4 bytes, fine from 4");
	ok(ippkt_parse_transport(17, udp, 3, &k) == IPPKT_BAD &&
		is(k.problem, "UDP header cut short") && k.length == 3,
	    "transport UDP of 3 bytes is cut short");
	ok(ippkt_parse_transport(50, esp, sizeof(esp), &k) == IPPKT_OK &&
		k.has_spi && k.spi == 0x1234 &&
		is(desc(&k), "ESP SPI 0x00001234"),
	    "transport ESP (nested): its SPI");
	ok(every_prefix(1, 50, esp, sizeof(esp), 4),
	    "transport ESP: bad below 4 bytes");
	ok(ippkt_parse_transport(60, dst_udp, sizeof(dst_udp), &k) ==
		    IPPKT_OK &&
		k.proto == 17 && k.sport == 12345,
	    "transport destination options then UDP (RFC 4303 3.1.1)");
	ok(ippkt_parse_transport(59, NULL, 0, &k) == IPPKT_OK &&
		is(desc(&k), "no next header"),
	    "transport next header 59 (a dummy packet)");
	ok(ippkt_parse_transport(47, udp, sizeof(udp), &k) == IPPKT_OK &&
		is(desc(&k), "proto 47"),
	    "transport GRE: proto 47");
	n = ip4(b, 17, 0, 0, udp, sizeof(udp));
	ok(ippkt_parse_transport(4, b, n, &k) == IPPKT_OK && k.version == 4 &&
		k.sport == 12345,
	    "transport with proto 4 is an IPv4 packet");
}

/* describe() for one ICMP or ICMPv6 type and code. */
static const char *
icmp(uint8_t proto, uint8_t type, uint8_t code)
{
	struct ippkt k;

	memset(&k, 0, sizeof(k));
	k.proto = proto;
	k.has_icmp = 1;
	k.icmp_type = type;
	k.icmp_code = code;
	return desc(&k);
}

static void
test_describe(void)
{
	struct ippkt k;
	char	     small[8];

	ok(is(icmp(1, 0, 0), "ICMP echo-reply"), "ICMP echo reply");
	ok(is(icmp(1, 3, 3), "ICMP destination-unreachable port-unreachable"),
	    "ICMP port unreachable");
	ok(is(icmp(1, 3, 1), "ICMP destination-unreachable host-unreachable"),
	    "ICMP host unreachable");
	ok(is(icmp(1, 3, 9), "ICMP destination-unreachable code 9"),
	    "ICMP unreachable with an unnamed code");
	ok(is(icmp(1, 11, 0), "ICMP time-exceeded in-transit"),
	    "ICMP time exceeded");
	ok(is(icmp(1, 8, 3), "ICMP echo-request code 3"),
	    "ICMP echo request with a code");
	ok(is(icmp(1, 42, 7), "ICMP type 42 code 7"), "ICMP unknown type");
	ok(is(icmp(58, 128, 0), "ICMPv6 echo-request"), "ICMPv6 echo request");
	ok(is(icmp(58, 129, 0), "ICMPv6 echo-reply"), "ICMPv6 echo reply");
	ok(is(icmp(58, 133, 0), "ICMPv6 router-solicitation"),
	    "ICMPv6 router solicitation");
	ok(is(icmp(58, 134, 0), "ICMPv6 router-advertisement"),
	    "ICMPv6 router advertisement");
	ok(is(icmp(58, 135, 0), "ICMPv6 neighbor-solicitation"),
	    "ICMPv6 neighbor solicitation");
	ok(is(icmp(58, 136, 0), "ICMPv6 neighbor-advertisement"),
	    "ICMPv6 neighbor advertisement");
	ok(is(icmp(58, 1, 4),
	       "ICMPv6 destination-unreachable port-unreachable"),
	    "ICMPv6 port unreachable");
	ok(is(icmp(58, 8, 0), "ICMPv6 type 8 code 0"),
	    "ICMPv6 type 8 is not ICMP's echo request");

	ippkt_parse_transport(17, (const uint8_t *)"\xc8\x22\x27\x0f", 4, &k);
	ok(ippkt_describe(&k, small, sizeof(small)) == small &&
		is(small, "UDP 512"),
	    "describe into a small buffer is cut and terminated");
	small[0] = 'z';
	ok(ippkt_describe(&k, small, 0) == small && small[0] == 'z',
	    "describe into a zero-length buffer writes nothing");
}

/*
 * Pseudo-random bytes under every entry point: whatever comes back, the
 * status agrees with the return value and a problem is given exactly
 * when it is not OK (and the sanitizer sees no stray read).
 */
static void
test_noise(void)
{
	uint32_t x = 2463534242u;
	int	 good = 1, i, oks = 0;

	for (i = 0; i < 20000; i++) {
		struct ippkt	  k;
		enum ippkt_status st;
		size_t		  n, j;
		uint8_t		 *p;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		n = x % 96;
		p = malloc(n ? n : 1);
		for (j = 0; j < n; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			p[j] = (uint8_t)x;
		}
		/* Nudge most toward well-formed headers. */
		switch (i % 4) {
		case 1:
			if (n < 20)
				break;
			p[0] = 0x45;
			put16(p + 2, (unsigned)(n - (x & 7) % (n - 19)));
			put16(p + 6, (x >> 3) & 1 ? 0x2000 : 0);
			fix4(p);
			break;
		case 2:
			if (n < 40)
				break;
			p[0] = 0x60;
			put16(p + 4, (unsigned)(n - 40 - (x & 3) % (n - 39)));
			break;
		}
		if (i & 4)
			st = ippkt_parse_transport((uint8_t)(x >> 8), p, n, &k);
		else
			st = ippkt_parse_ip(p, n, i % 4 < 2 ? 4 : 41, &k);
		if (st == IPPKT_OK)
			oks++;
		free(p);
		if (st != k.status || (st == IPPKT_OK) != (k.problem == NULL) ||
		    st == IPPKT_TRUNCATED)
			good = 0;
		(void)desc(&k);
	}
	ok(good, "20000 noise payloads: status and problem agree");
	ok(oks > 1000, "noise: %d of them parse", oks);
}

int
main(void)
{
	test_ipv4();
	test_real();
	test_ipv6();
	test_version();
	test_transport();
	test_describe();
	test_noise();
	return done();
}
