/*
 * test_net.c - frames built by hand, through the public analysis API:
 * link layers, IPv4/IPv6 and extension headers, AH, fragments, UDP 500,
 * UDP 4500 (marker, keepalive, ESP-in-UDP), TCP (RFC 8229), ESP.
 */
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/analysis.h"
#include "../../analyzer/net.h"
#include "tap.h"

#define DLT_NULL       0
#define DLT_EN10MB     1
#define DLT_PPP	       9
#define DLT_RAW	       12
#define DLT_PPP_SERIAL 50
#define LINKTYPE_RAW   101
#define DLT_C_HDLC     104
#define DLT_LOOP       108
#define DLT_LINUX_SLL  113
#define DLT_IPV4       228
#define DLT_IPV6       229
#define DLT_LINUX_SLL2 276

static const uint8_t A4[4] = { 192, 0, 2, 1 }, B4[4] = { 198, 51, 100, 7 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static int64_t now;
static int     last_esp_result = -1;
static size_t  last_esp_caplen;

static void
on_esp(void *ctx, const struct isc_esp_sa *e, const struct isc_pkt_meta *m,
    const struct isc_esp_pkt *p)
{
	(void)ctx;
	(void)m;
	last_esp_caplen = (size_t)e->bytes;
	last_esp_result = p->result;
}

/* --- builders --------------------------------------------------------- */

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* IKEv2 IKE_SA_INIT request header of `len` bytes, SPIi = tag... */
static size_t
ike(uint8_t *p, uint8_t tag, size_t len)
{
	size_t i;

	memset(p, 0, len);
	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(tag + i);
	p[16] = 0;    /* next payload: none */
	p[17] = 0x20; /* IKEv2 */
	p[18] = 34;   /* IKE_SA_INIT */
	p[19] = 0x08; /* initiator */
	put32(p + 24, (uint32_t)len);
	for (i = 28; i < len; i++)
		p[i] = (uint8_t)i;
	return len;
}

static size_t
udp(uint8_t *p, unsigned sport, unsigned dport, const uint8_t *pl, size_t len)
{
	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, (unsigned)(8 + len));
	put16(p + 6, 0);
	memcpy(p + 8, pl, len);
	return 8 + len;
}

static size_t
tcp(uint8_t *p, unsigned sport, unsigned dport, uint32_t seq, uint8_t flags,
    const uint8_t *pl, size_t len)
{
	memset(p, 0, 20);
	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, seq);
	p[12] = 5 << 4;
	p[13] = flags;
	if (len > 0)
		memcpy(p + 20, pl, len);
	return 20 + len;
}

static size_t
ip4(uint8_t *p, uint8_t proto, const uint8_t *pl, size_t len, uint16_t id,
    uint16_t fo)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, (unsigned)(20 + len));
	put16(p + 4, id);
	put16(p + 6, fo);
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, A4, 4);
	memcpy(p + 16, B4, 4);
	memcpy(p + 20, pl, len);
	return 20 + len;
}

static size_t
ip6(uint8_t *p, uint8_t nh, const uint8_t *pl, size_t len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, (unsigned)len);
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, A6, 16);
	memcpy(p + 24, B6, 16);
	memcpy(p + 40, pl, len);
	return 40 + len;
}

/* Ethernet with `ntags` VLAN tags of the given TPIDs. */
static size_t
eth(uint8_t *p, const unsigned *tpid, int ntags, unsigned type,
    const uint8_t *pl, size_t len)
{
	size_t o = 12;
	int    i;

	memset(p, 0x02, 12);
	for (i = 0; i < ntags; i++) {
		put16(p + o, tpid[i]);
		put16(p + o + 2, (unsigned)(100 + i));
		o += 4;
	}
	put16(p + o, type);
	memcpy(p + o + 2, pl, len);
	return o + 2 + len;
}

/* --- running ---------------------------------------------------------- */

static struct isc_analysis *
start(int dlt, const struct isc_options *o)
{
	struct isc_options   def;
	struct isc_analysis *a;

	memset(&def, 0, sizeof(def));
	a = isc_analysis_new(o != NULL ? o : &def);
	isc_analysis_begin_capture(a, "test", dlt);
	now = 1700000000;
	return a;
}

static void
feed2(struct isc_analysis *a, const uint8_t *p, size_t caplen, size_t wire)
{
	struct isc_time ts = { now++, 0 };

	isc_analysis_frame(a, p, caplen, wire, ts);
}

static void
feed(struct isc_analysis *a, const uint8_t *p, size_t len)
{
	feed2(a, p, len, len);
}

static const struct isc_msg *
msg_by_tag(const struct isc_analysis *a, uint8_t tag)
{
	size_t i, j, k;

	for (i = 0; i < a->nsas; i++) {
		const struct isc_ike_sa *sa = a->sas[i];

		if (sa->spi_i[0] != tag)
			continue;
		for (j = 0; j < sa->nex; j++)
			for (k = 0; k < sa->ex[j]->nmsgs; k++)
				return sa->ex[j]->msgs[k];
	}
	return NULL;
}

static size_t
ndiag(const struct isc_analysis *a, const char *code)
{
	const struct isc_diags *d = &a->captures[a->ncaptures - 1]->diags;
	size_t			i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].code, code) == 0)
			n += 1 + d->v[i].repeats;
	return n;
}

static size_t
nwarn(const struct isc_analysis *a)
{
	const struct isc_diags *d = &a->captures[a->ncaptures - 1]->diags;
	size_t			i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev != ISC_SEV_INFO)
			n++;
	return n;
}

static int
is_a4(const struct isc_endpoint *e, const uint8_t *ip, uint16_t port)
{
	return e->ip.family == 4 && memcmp(e->ip.a, ip, 4) == 0 &&
	    e->port == port;
}

static int
is_a6(const struct isc_endpoint *e, const uint8_t *ip, uint16_t port)
{
	return e->ip.family == 6 && memcmp(e->ip.a, ip, 16) == 0 &&
	    e->port == port;
}

/* An IPv4 UDP/500 IKE datagram, ready for a link header. */
static size_t
ike4(uint8_t *p, uint8_t tag, unsigned sport, unsigned dport)
{
	uint8_t m[64], u[128];
	size_t	n;

	n = ike(m, tag, 28);
	n = udp(u, sport, dport, m, n);
	return ip4(p, 17, u, n, 1, 0);
}

static size_t
ike6(uint8_t *p, uint8_t tag)
{
	uint8_t m[64], u[128];
	size_t	n;

	n = ike(m, tag, 28);
	n = udp(u, 500, 500, m, n);
	return ip6(p, 17, u, n);
}

/* --- tests ------------------------------------------------------------ */

static void
test_ethernet(void)
{
	static const unsigned tags2[] = { 0x88a8, 0x8100 };
	static const unsigned tags9[] = { 0x8100, 0x8100, 0x8100, 0x8100,
		0x8100, 0x8100, 0x8100, 0x8100, 0x8100 };
	struct isc_analysis  *a = start(DLT_EN10MB, NULL);
	const struct isc_msg *m;
	uint8_t		      ip[256], f[512];
	size_t		      n;

	n = ike4(ip, 0x10, 500, 500);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n);
	ok(a->ike_messages == 1 && a->nsas == 1,
	    "Ethernet IPv4 UDP 500: one "
	    "IKE message, one SA");
	m = msg_by_tag(a, 0x10);
	ok(m != NULL && is_a4(&m->meta.src, A4, 500) &&
		is_a4(&m->meta.dst, B4, 500),
	    "source and destination 500/500");
	ok(m != NULL && m->meta.transport == ISC_TR_UDP &&
		m->meta.ip_proto == 17 && m->meta.frame == 1 &&
		!m->meta.reassembled,
	    "plain UDP, protocol 17, frame 1");
	ok(m != NULL && m->len == 28 && m->wire_len == 28,
	    "message is the 28 bytes after the UDP header");

	n = ike4(ip, 0x11, 500, 500);
	n = eth(f, tags2, 2, 0x0800, ip, n);
	feed(a, f, n);
	ok(msg_by_tag(a, 0x11) != NULL, "802.1ad + 802.1Q stacked tags");

	n = ike4(ip, 0x12, 500, 500);
	n = eth(f, tags9, 9, 0x0800, ip, n);
	feed(a, f, n);
	ok(msg_by_tag(a, 0x12) == NULL && ndiag(a, "vlan-depth") == 1,
	    "nine stacked tags: vlan-depth, frame not parsed");

	n = ike4(ip, 0x13, 500, 500);
	n = eth(f, tags2 + 1, 1, 0x0806, ip, n);
	feed(a, f, n);
	ok(msg_by_tag(a, 0x13) == NULL, "ARP ethertype is not parsed as IP");

	/* Ethernet padding after a short IP packet is not ESP data. */
	{
		uint8_t e[16];

		memset(e, 0xab, sizeof(e));
		put32(e, 0x11223344);
		a->events.esp_pkt = on_esp;
		n = ip4(ip, 50, e, 16, 2, 0);
		n = eth(f, NULL, 0, 0x0800, ip, n);
		memset(f + n, 0, 20);
		feed(a, f, n + 20);
		ok(a->nesp == 1 && a->esp_sas[0]->spi == 0x11223344 &&
			a->esp_sas[0]->bytes == 16,
		    "ESP over Ethernet: SPI read, link padding trimmed (%llu)",
		    a->nesp ? (unsigned long long)a->esp_sas[0]->bytes : 0);
		ok(last_esp_caplen == 16 && last_esp_result == ISC_ESP_NO_KEYS,
		    "ESP handed over without the 20 padding bytes (%zu), "
		    "no keys for it",
		    last_esp_caplen);
	}
	feed(a, f, 10);
	ok(ndiag(a, "link-truncated") == 1, "10-byte frame: link-truncated");
	ok(a->captures[0]->frames == 6, "six frames counted");
	isc_analysis_finish(a);
	isc_analysis_free(a);
}

static void
test_cooked_raw(void)
{
	struct isc_analysis *a;
	uint8_t		     ip[256], f[512];
	size_t		     n;

	/* SLL: 14 bytes, then the protocol. */
	a = start(DLT_LINUX_SLL, NULL);
	n = ike6(ip, 0x20);
	memset(f, 0, 16);
	put16(f + 2, 1);
	put16(f + 14, 0x86dd);
	memcpy(f + 16, ip, n);
	feed(a, f, n + 16);
	ok(a->ike_messages == 1 && msg_by_tag(a, 0x20) != NULL &&
		is_a6(&msg_by_tag(a, 0x20)->meta.src, A6, 500),
	    "Linux cooked, IPv6: message from 2001:db8::1");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	/* SLL2: protocol first, 20 bytes. */
	a = start(DLT_LINUX_SLL2, NULL);
	n = ike4(ip, 0x21, 500, 500);
	memset(f, 0, 20);
	put16(f, 0x0800);
	f[10] = 1;
	memcpy(f + 20, ip, n);
	feed(a, f, n + 20);
	ok(msg_by_tag(a, 0x21) != NULL, "Linux cooked v2, IPv4");
	/* Wrong protocol: nothing. */
	put16(f, 0x0806);
	feed(a, f, n + 20);
	ok(a->ike_messages == 1, "SLL2 with ARP protocol ignored");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	/* Raw IP in three numberings, and the IPv4/IPv6-only types. */
	a = start(DLT_RAW, NULL);
	n = ike4(ip, 0x22, 500, 500);
	feed(a, ip, n);
	n = ike6(ip, 0x23);
	feed(a, ip, n);
	ok(msg_by_tag(a, 0x22) != NULL && msg_by_tag(a, 0x23) != NULL,
	    "DLT_RAW (12): IPv4 and IPv6 by version nibble");
	ip[0] = 0x50;
	feed(a, ip, n);
	ok(ndiag(a, "ip-bad-header") == 1, "version 5 is a bad header");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(LINKTYPE_RAW, NULL);
	n = ike4(ip, 0x24, 500, 500);
	feed(a, ip, n);
	ok(msg_by_tag(a, 0x24) != NULL, "LINKTYPE_RAW (101)");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_IPV6, NULL);
	n = ike6(ip, 0x25);
	feed(a, ip, n);
	ok(msg_by_tag(a, 0x25) != NULL, "DLT_IPV6 (229)");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_IPV4, NULL);
	n = ike4(ip, 0x26, 500, 500);
	feed(a, ip, n);
	ok(msg_by_tag(a, 0x26) != NULL, "DLT_IPV4 (228)");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	ok(net_linktype_name(DLT_EN10MB) != NULL &&
		net_linktype_name(DLT_LINUX_SLL2) != NULL &&
		net_linktype_name(DLT_C_HDLC) != NULL &&
		net_linktype_name(147) == NULL && net_linktype_name(-1) == NULL,
	    "link type names: known ones named, others NULL");
}

static void
test_loopback_ppp(void)
{
	struct isc_analysis *a;
	uint8_t		     ip[256], f[512];
	size_t		     n;

	a = start(DLT_NULL, NULL);
	n = ike4(ip, 0x30, 500, 500);
	memcpy(f, "\x02\x00\x00\x00", 4); /* AF_INET, little endian */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	n = ike6(ip, 0x31);
	memcpy(f, "\x1e\x00\x00\x00", 4); /* AF_INET6 30 (macOS), LE */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	n = ike4(ip, 0x32, 500, 500);
	memcpy(f, "\x00\x00\x00\x02", 4); /* AF_INET, big endian */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	memcpy(f, "\x00\x00\x00\x07", 4); /* some other family */
	f[4 + 20 + 8] ^= 0x40;		  /* other SPI */
	feed(a, f, n + 4);
	ok(msg_by_tag(a, 0x30) != NULL && msg_by_tag(a, 0x31) != NULL &&
		msg_by_tag(a, 0x32) != NULL && a->ike_messages == 3,
	    "DLT_NULL: AF_INET both byte orders, AF_INET6 (30); family 7 "
	    "ignored");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_LOOP, NULL);
	n = ike6(ip, 0x33);
	memcpy(f, "\x00\x00\x00\x18", 4); /* AF_INET6 24, network order */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	memcpy(f, "\x00\x00\x00\x1c", 4); /* 28 (FreeBSD) */
	f[4 + 40 + 8] = 0x34;
	feed(a, f, n + 4);
	ok(msg_by_tag(a, 0x33) != NULL && msg_by_tag(a, 0x34) != NULL,
	    "DLT_LOOP: AF_INET6 24 and 28 in network order");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_PPP, NULL);
	n = ike4(ip, 0x35, 500, 500);
	memcpy(f, "\xff\x03\x00\x21", 4); /* HDLC address, control */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	n = ike6(ip, 0x36);
	memcpy(f, "\x00\x57", 2); /* no address/control */
	memcpy(f + 2, ip, n);
	feed(a, f, n + 2);
	n = ike4(ip, 0x37, 500, 500);
	f[0] = 0x21; /* compressed protocol */
	memcpy(f + 1, ip, n);
	feed(a, f, n + 1);
	n = ike4(ip, 0x38, 500, 500);
	memcpy(f, "\xc0\x21", 2); /* LCP: not IP */
	memcpy(f + 2, ip, n);
	feed(a, f, n + 2);
	ok(msg_by_tag(a, 0x35) != NULL && msg_by_tag(a, 0x36) != NULL &&
		msg_by_tag(a, 0x37) != NULL && msg_by_tag(a, 0x38) == NULL,
	    "PPP: ff03+0x0021, bare 0x0057, 1-byte 0x21; LCP ignored");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_PPP_SERIAL, NULL);
	n = ike4(ip, 0x39, 500, 500);
	memcpy(f, "\xff\x03\x00\x21", 4);
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	n = ike4(ip, 0x3a, 500, 500);
	memcpy(f, "\x0f\x00\x08\x00", 4); /* Cisco HDLC inside */
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	ok(msg_by_tag(a, 0x39) != NULL && msg_by_tag(a, 0x3a) != NULL,
	    "PPP_SERIAL: PPP and Cisco HDLC framing");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	a = start(DLT_C_HDLC, NULL);
	n = ike6(ip, 0x3b);
	memcpy(f, "\x0f\x00\x86\xdd", 4);
	memcpy(f + 4, ip, n);
	feed(a, f, n + 4);
	ok(msg_by_tag(a, 0x3b) != NULL, "Cisco HDLC, IPv6");
	isc_analysis_finish(a);
	isc_analysis_free(a);
}

static void
test_ipv6_ext_ah(void)
{
	struct isc_analysis  *a = start(DLT_IPV6, NULL);
	const struct isc_msg *m;
	uint8_t		      pl[512], f[512], u[128], mm[64];
	size_t		      n, un;
	int		      i;

	/* Hop-by-hop (8), routing (24), destination options (16), UDP. */
	n = ike(mm, 0x40, 28);
	un = udp(u, 500, 500, mm, n);
	memset(pl, 0, 48);
	pl[0] = 43;
	pl[1] = 0;
	pl[8] = 60;
	pl[9] = 2;
	pl[32] = 17;
	pl[33] = 1;
	memcpy(pl + 48, u, un);
	n = ip6(f, 0, pl, 48 + un);
	feed(a, f, n);
	m = msg_by_tag(a, 0x40);
	ok(m != NULL && m->len == 28 && is_a6(&m->meta.dst, B6, 500),
	    "IPv6 hop-by-hop, routing, destination options, then UDP 500");

	/* AH (RFC 4302) with a 12-byte ICV: counted, then parsed through. */
	n = ike(mm, 0x41, 28);
	un = udp(u, 500, 500, mm, n);
	memset(pl, 0, 24);
	pl[0] = 17;
	pl[1] = (24 / 4) - 2;
	put32(pl + 4, 0xa11a0001);
	put32(pl + 8, 1);
	memcpy(pl + 24, u, un);
	n = ip6(f, 51, pl, 24 + un);
	feed(a, f, n);
	ok(a->nesp == 1 && a->esp_sas[0]->spi == 0xa11a0001 &&
		a->esp_sas[0]->proto == 51,
	    "AH counted with its SPI as protocol "
	    "51");
	m = msg_by_tag(a, 0x41);
	ok(m != NULL && m->len == 28 && m->meta.ip_proto == 17,
	    "IKE inside AH is still found");

	/* A chain longer than the cap stops with ip-depth. */
	memset(pl, 0, 8 * 20);
	for (i = 0; i < 20; i++)
		pl[8 * i] = 60;
	n = ip6(f, 60, pl, 8 * 20);
	feed(a, f, n);
	ok(ndiag(a, "ip-depth") == 1, "20 extension headers: ip-depth");

	/* An extension header running past the packet. */
	memset(pl, 0, 8);
	pl[0] = 17;
	pl[1] = 4; /* 40 bytes, only 8 there */
	n = ip6(f, 0, pl, 8);
	feed(a, f, n);
	ok(ndiag(a, "ip-bad-header") == 1,
	    "extension header longer than the packet: ip-bad-header");
	isc_analysis_finish(a);
	isc_analysis_free(a);

	/* AH over IPv4. */
	a = start(DLT_RAW, NULL);
	n = ike(mm, 0x42, 28);
	un = udp(u, 500, 500, mm, n);
	memset(pl, 0, 24);
	pl[0] = 17;
	pl[1] = 4;
	put32(pl + 4, 0xa11a0002);
	memcpy(pl + 24, u, un);
	n = ip4(f, 51, pl, 24 + un, 9, 0);
	feed(a, f, n);
	ok(a->nesp == 1 && a->esp_sas[0]->spi == 0xa11a0002 &&
		msg_by_tag(a, 0x42) != NULL,
	    "IPv4 AH: counted and IKE inside");
	isc_analysis_finish(a);
	isc_analysis_free(a);
}

static void
test_udp_4500(void)
{
	struct isc_options    o;
	struct isc_analysis  *a;
	const struct isc_msg *m;
	uint8_t		      pl[256], u[256], f[512];
	size_t		      n;

	a = start(DLT_RAW, NULL);
	/* Non-ESP marker + IKE. */
	memset(pl, 0, 4);
	n = 4 + ike(pl + 4, 0x50, 28);
	n = udp(u, 4500, 4500, pl, n);
	n = ip4(f, 17, u, n, 3, 0);
	feed(a, f, n);
	m = msg_by_tag(a, 0x50);
	ok(m != NULL && m->meta.transport == ISC_TR_UDP_NATT && m->len == 28 &&
		m->wire_len == 28 && m->data[0] == 0x50,
	    "4500 with marker: IKE from the byte after the marker");
	ok(a->nsas == 1 && a->sas[0]->nat_t, "SA marked NAT-T");

	/* Keepalive. */
	pl[0] = 0xff;
	n = udp(u, 4500, 4500, pl, 1);
	n = ip4(f, 17, u, n, 4, 0);
	feed(a, f, n);
	feed(a, f, n);
	ok(a->ike_messages == 1 && a->esp_packets == 0 && nwarn(a) == 0,
	    "keepalives: not IKE, not ESP, no warning");

	/* ESP in UDP. */
	put32(pl, 0xfeedf00d);
	put32(pl + 4, 1);
	memset(pl + 8, 0x77, 40);
	n = udp(u, 4500, 4500, pl, 48);
	n = ip4(f, 17, u, n, 5, 0);
	feed(a, f, n);
	ok(a->esp_packets == 1 && a->nesp == 1 &&
		a->esp_sas[0]->spi == 0xfeedf00d && a->esp_sas[0]->udp_encap &&
		a->esp_sas[0]->bytes == 48,
	    "ESP-in-UDP: SPI, encapsulated, 48 "
	    "bytes");

	/* Too short for anything. */
	n = udp(u, 4500, 4500, pl, 2);
	n = ip4(f, 17, u, n, 6, 0);
	feed(a, f, n);
	ok(ndiag(a, "natt-short") == 1, "2-byte payload on 4500: natt-short");

	/* Source port 500 to 4500 without marker: plain IKE. */
	n = ike(pl, 0x51, 28);
	n = udp(u, 500, 4500, pl, n);
	n = ip4(f, 17, u, n, 7, 0);
	feed(a, f, n);
	m = msg_by_tag(a, 0x51);
	ok(m != NULL && m->meta.transport == ISC_TR_UDP,
	    "500 -> 4500 without marker: plain IKE");

	/* Other UDP ports are not looked at. */
	n = ike(pl, 0x52, 28);
	n = udp(u, 53, 7500, pl, n);
	n = ip4(f, 17, u, n, 8, 0);
	feed(a, f, n);
	ok(msg_by_tag(a, 0x52) == NULL, "UDP 7500 is not IKE by default");

	/* UDP length shorter than the header. */
	n = ike(pl, 0x53, 28);
	n = udp(u, 500, 500, pl, n);
	put16(u + 4, 4);
	n = ip4(f, 17, u, n, 9, 0);
	feed(a, f, n);
	ok(msg_by_tag(a, 0x53) == NULL && ndiag(a, "udp-bad-length") == 1,
	    "UDP length 4: udp-bad-length");
	isc_analysis_finish(a);
	ok(ndiag(a, "natt-keepalive") == 1 &&
		strstr(a->captures[0]->diags.v[a->captures[0]->diags.n - 1].msg,
		    "2 NAT-keepalive") != NULL,
	    "keepalives counted: %s",
	    a->captures[0]->diags.v[a->captures[0]->diags.n - 1].msg);
	isc_analysis_free(a);

	/* A port the user names is plain IKE. */
	memset(&o, 0, sizeof(o));
	o.ike_ports[0] = 7500;
	o.n_ike_ports = 1;
	a = start(DLT_RAW, &o);
	ok(net_is_ike_port(a, 7500) && net_is_ike_port(a, 500) &&
		net_is_ike_port(a, 4500) && !net_is_ike_port(a, 7501) &&
		!net_is_ike_port(a, 0),
	    "net_is_ike_port");
	n = ike(pl, 0x54, 28);
	n = udp(u, 40000, 7500, pl, n);
	n = ip4(f, 17, u, n, 8, 0);
	feed(a, f, n);
	m = msg_by_tag(a, 0x54);
	ok(m != NULL && m->meta.transport == ISC_TR_UDP &&
		m->meta.dst.port == 7500,
	    "named port 7500 carries plain IKE");
	isc_analysis_finish(a);
	isc_analysis_free(a);
}

static void
test_esp_trunc(void)
{
	struct isc_analysis  *a = start(DLT_RAW, NULL);
	const struct isc_msg *m;
	uint8_t		      pl[2048], u[2048], f[2048];
	size_t		      n;

	/* Protocol 50. */
	put32(pl, 0x0000abcd);
	put32(pl + 4, 7);
	memset(pl + 8, 0, 32);
	n = ip4(f, 50, pl, 40, 1, 0);
	feed(a, f, n);
	n = ip4(f, 50, pl, 40, 2, 0);
	feed(a, f, n);
	ok(a->esp_packets == 2 && a->nesp == 1 &&
		a->esp_sas[0]->spi == 0xabcd && a->esp_sas[0]->proto == 50 &&
		!a->esp_sas[0]->udp_encap && a->esp_sas[0]->packets == 2,
	    "protocol 50: one SA, two packets");

	/* Snapshot length: 96 of 1028 bytes captured. */
	n = ike(pl, 0x60, 1000);
	n = udp(u, 500, 500, pl, n);
	n = ip4(f, 17, u, n, 3, 0);
	feed2(a, f, 96, n);
	m = msg_by_tag(a, 0x60);
	ok(ndiag(a, "ip-truncated") == 1, "cut packet: ip-truncated");
	ok(m != NULL && m->len == 68 && m->wire_len == 1000,
	    "message keeps 68 captured bytes, 1000 on the wire");

	/* IP total length larger than the frame itself. */
	n = ike(pl, 0x61, 28);
	n = udp(u, 500, 500, pl, n);
	n = ip4(f, 17, u, n, 4, 0);
	put16(f + 2, 200);
	feed(a, f, n);
	ok(ndiag(a, "ip-bad-length") == 1,
	    "total length past the frame: "
	    "ip-bad-length");

	/* Header length below 20. */
	n = ip4(f, 17, u, 36, 5, 0);
	f[0] = 0x44;
	feed(a, f, n);
	ok(ndiag(a, "ip-bad-header") == 1, "IHL 4: ip-bad-header");

	/* Truncated non-IKE traffic stays quiet. */
	n = udp(u, 53, 53, pl, 500);
	n = ip4(f, 17, u, n, 6, 0);
	feed2(a, f, 60, n);
	ok(ndiag(a, "ip-truncated") == 1, "cut DNS packet: no new diagnostic");
	isc_analysis_finish(a);
	isc_analysis_free(a);
}

static void
test_fragments(void)
{
	struct isc_analysis  *a = start(DLT_RAW, NULL);
	const struct isc_msg *m;
	uint8_t		      pl[2048], u[2048], f[2048];
	size_t		      n, un;

	/* 1228-byte datagram in fragments of 600, 600 and the rest. */
	n = ike(pl, 0x70, 1200);
	un = udp(u, 500, 500, pl, n);
	n = ip4(f, 17, u + 600, 600, 0x77, 600 / 8 | 0x2000);
	feed(a, f, n); /* frame 1: middle */
	n = ip4(f, 17, u + 1200, un - 1200, 0x77, 1200 / 8);
	feed(a, f, n); /* frame 2: last */
	ok(a->ike_messages == 0, "incomplete datagram: nothing yet");
	n = ip4(f, 17, u, 600, 0x77, 0x2000);
	feed(a, f, n); /* frame 3: first */
	m = msg_by_tag(a, 0x70);
	ok(m != NULL && m->len == 1200 && m->meta.reassembled &&
		m->meta.frame == 3,
	    "IPv4 fragments out of order: reassembled "
	    "1200-byte message credited to frame 3");
	ok(m != NULL && m->data[1199] == (uint8_t)1199,
	    "reassembled bytes are right");

	/* IPv6 fragment header. */
	n = ike(pl, 0x71, 1500);
	un = udp(u, 500, 500, pl, n);
	{
		uint8_t fp[1600];

		memset(fp, 0, 8);
		fp[0] = 17;
		put16(fp + 2, 1); /* offset 0, M */
		put32(fp + 4, 0xcafe);
		memcpy(fp + 8, u, 1000);
		n = ip6(f, 44, fp, 1008);
		feed(a, f, n);	     /* frame 4 */
		put16(fp + 2, 1000); /* offset 1000 (125 units << 3) */
		memcpy(fp + 8, u + 1000, un - 1000);
		n = ip6(f, 44, fp, 8 + un - 1000);
		feed(a, f, n); /* frame 5 */
	}
	m = msg_by_tag(a, 0x71);
	ok(m != NULL && m->len == 1500 && m->meta.reassembled &&
		m->meta.frame == 5 && m->meta.src.ip.family == 6,
	    "IPv6 fragments reassembled, frame 5");

	/* One fragment that never completes. */
	n = ike(pl, 0x72, 1200);
	un = udp(u, 500, 500, pl, n);
	n = ip4(f, 17, u, 600, 0x99, 0x2000);
	feed(a, f, n);
	/* A fragment of a protocol that cannot hold IKE: not kept. */
	n = ip4(f, 1, u, 600, 0x9a, 0x2000);
	feed(a, f, n);
	/* A first fragment cut by the snapshot length: read as it is. */
	n = ike(pl, 0x73, 1200);
	un = udp(u, 500, 500, pl, n);
	n = ip4(f, 17, u, 600, 0x9b, 0x2000);
	feed2(a, f, 96, n);
	m = msg_by_tag(a, 0x73);
	ok(ndiag(a, "frag-truncated") == 1 && m != NULL && m->len == 68 &&
		m->wire_len == 1200 && !m->meta.reassembled,
	    "cut first fragment: frag-truncated, and a 68-byte message of "
	    "1200 on the wire");
	isc_analysis_finish(a);
	ok(ndiag(a, "frag-incomplete") == 1,
	    "end of capture: one frag-incomplete (ICMP fragment not kept)");
	ok(msg_by_tag(a, 0x72) == NULL, "and no message from it");
	isc_analysis_free(a);
}

static void
test_tcp(void)
{
	struct isc_analysis  *a = start(DLT_EN10MB, NULL);
	const struct isc_msg *m;
	uint8_t		      s[512], t[512], ip[512], f[512];
	size_t		      n, sn;
	uint32_t	      cseq = 1000;

	/* SYN, SYN-ACK. */
	n = tcp(t, 50000, 4500, cseq, 0x02, NULL, 0);
	n = ip4(ip, 6, t, n, 1, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n);
	cseq++;

	/* IKETCP, an IKE record, half of the next record. */
	memcpy(s, "IKETCP", 6);
	put16(s + 6, 2 + 4 + 28);
	memset(s + 8, 0, 4);
	ike(s + 12, 0x80, 28);
	sn = 12 + 28;
	put16(s + sn, 2 + 40); /* ESP record: SPI + seq + 32 */
	put32(s + sn + 2, 0x0badcafe);
	put32(s + sn + 6, 1);
	memset(s + sn + 10, 0x11, 32);
	n = tcp(t, 50000, 4500, cseq, 0x18, s, sn + 20);
	n = ip4(ip, 6, t, n, 2, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n); /* frame 2 */
	m = msg_by_tag(a, 0x80);
	ok(m != NULL && m->meta.transport == ISC_TR_TCP &&
		m->meta.ip_proto == 6 && m->len == 28 && m->meta.frame == 2 &&
		is_a4(&m->meta.src, A4, 50000) && is_a4(&m->meta.dst, B4, 4500),
	    "TCP: IKETCP skipped, IKE message with TCP transport and ports");
	ok(a->nsas == 1 && a->sas[0]->tcp, "SA marked TCP");
	ok(a->esp_packets == 0, "half an ESP record: not yet");
	n = tcp(t, 50000, 4500, cseq + (uint32_t)sn + 20, 0x18, s + sn + 20,
	    22);
	n = ip4(ip, 6, t, n, 3, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n); /* frame 3 */
	ok(a->esp_packets == 1 && a->nesp == 1 &&
		a->esp_sas[0]->spi == 0x0badcafe && a->esp_sas[0]->udp_encap &&
		a->esp_sas[0]->last_frame == 3 && a->esp_sas[0]->bytes == 40,
	    "ESP record completed by frame 3, 40 bytes");

	/* Retransmission of frame 2 delivers nothing. */
	n = tcp(t, 50000, 4500, cseq, 0x18, s, sn + 20);
	n = ip4(ip, 6, t, n, 4, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n);
	ok(a->ike_messages == 1 && a->esp_packets == 1,
	    "retransmitted segment: no duplicate message");

	/* Framing error. */
	put16(s, 1);
	n = tcp(t, 50000, 4500, cseq + (uint32_t)sn + 42, 0x18, s, 2);
	n = ip4(ip, 6, t, n, 5, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n);
	ok(ndiag(a, "tcp-framing") == 1, "record length 1: tcp-framing");

	/* TCP on a port that is not IKE: ignored. */
	n = tcp(t, 50001, 443, 1, 0x18, s + 6, sn - 6);
	n = ip4(ip, 6, t, n, 6, 0);
	n = eth(f, NULL, 0, 0x0800, ip, n);
	feed(a, f, n);
	isc_analysis_finish(a);
	ok(a->ike_messages == 1 && ndiag(a, "tcp-unsynced") == 0,
	    "TCP port 443 is not followed");
	isc_analysis_free(a);
}

int
main(void)
{
	test_ethernet();
	test_cooked_raw();
	test_loopback_ppp();
	test_ipv6_ext_ah();
	test_udp_4500();
	test_esp_trunc();
	test_fragments();
	test_tcp();
	return done();
}
