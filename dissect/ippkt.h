/*
 * ippkt.h - a summary of the packet inside a decrypted ESP packet.
 *
 * After ESP decryption the trailer's Next Header (RFC 4303 2.6) says what
 * the payload is: 4 or 41 for a tunnelled IPv4 (RFC 791) or IPv6 (RFC
 * 8200) packet, anything else for a transport-mode payload that starts
 * with that protocol's header.  This parser says who talks to whom over
 * which protocol and ports, and whether the bytes look like a packet at
 * all: with no integrity check, the IPv4 header checksum and the length
 * fields are what tell a wrong key from a right one.
 *
 * The payload handed in is complete (the ESP trailer has been found and
 * taken off), so a length field that runs past it, or an upper-layer
 * header cut short, is IPPKT_BAD rather than IPPKT_TRUNCATED.  Bytes after
 * the IP packet's own length are TFC padding (RFC 4303 2.7) and are
 * accepted.
 */
#ifndef IKESCOPE_IPPKT_H
#define IKESCOPE_IPPKT_H

#include <stddef.h>
#include <stdint.h>

/* IPv6 extension headers followed before giving up. */
#define IPPKT_MAX_EXT 16

enum ippkt_status {
	IPPKT_OK = 0,
	IPPKT_TRUNCATED,
	IPPKT_BAD
};

struct ippkt {
	/* 4 or 6 for a tunnelled IP packet; 0 for a transport-mode payload */
	uint8_t version;
	uint8_t src[16], dst[16]; /* v4: first 4 bytes used */
	/* Upper-layer protocol (after IPv6 extension headers). */
	uint8_t proto;
	/*
	 * IPv4 total length / 40 + IPv6 payload length; for transport
	 * payloads the bytes given.
	 */
	uint32_t length;
	uint8_t	 has_ports; /* TCP 6, UDP 17, UDP-Lite 136, SCTP 132, DCCP 33 */
	uint16_t sport, dport;
	uint8_t	 has_icmp; /* ICMP 1, ICMPv6 58 */
	uint8_t	 icmp_type, icmp_code;
	uint8_t	 has_spi; /* ESP 50 / AH 51 inside: the SPI (nested ESP) */
	uint32_t spi;
	/*
	 * A non-first fragment (no upper-layer header) or first fragment;
	 * an atomic fragment (offset 0, no more fragments) is not one.
	 */
	uint8_t		  fragment;
	enum ippkt_status status;
	/*
	 * Static text when status != OK, for a person to read: "IPv4 header
	 * checksum wrong", "IPv4 total length exceeds the bytes decrypted".
	 * NULL when OK.
	 */
	const char *problem;
};

/*
 * Bytes starting with an IPv4 or IPv6 header (ESP next header 4 or 41).
 * Returns status.  Whatever the status, *out is fully initialised; when
 * it is not IPPKT_OK the fields hold what was read before the problem
 * was found.  IPPKT_TRUNCATED is never returned: the payload is complete
 * by construction (see above).
 */
enum ippkt_status ippkt_parse_ip(const uint8_t *p, size_t len,
    uint8_t next_header, struct ippkt *out);
/*
 * A transport-mode payload: upper-layer header of protocol proto (ESP
 * next header) with no IP header.  IPv6 extension headers that may follow
 * ESP (destination options, RFC 4303 3.1.1) are walked as in an IPv6
 * packet.  proto 4 or 41 hands the bytes to ippkt_parse_ip().
 */
enum ippkt_status ippkt_parse_transport(uint8_t proto, const uint8_t *p,
    size_t len, struct ippkt *out);
/*
 * "ICMP echo-request", "UDP 51234 > 9999", "TCP 22 > 5555", "ESP SPI
 * 0x...", "proto 47": short text for reports, into buf; returns buf.
 * When status is not IPPKT_OK the text is the problem.
 */
const char *ippkt_describe(const struct ippkt *, char *buf, size_t len);

#endif
