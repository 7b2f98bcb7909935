/*
 * test_pcapng.c - the pcapng writer (ui/pcapng.c): every block field read
 * back by a small reader of its own (draft-ietf-opsawg-pcapng), the same
 * files read by libpcap where libpcap can, and the error paths.
 *
 * libpcap (1.10) reads a pcapng only while all its interfaces share one
 * link type: at an Interface Description Block of another type it stops
 * with "an interface has a type 101 different from the type of the first
 * interface".  So the mixed file is checked by the reader here, libpcap
 * reads it only up to that point, and reads whole files of one link type.
 */
#include <errno.h>
#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../ui/pcapng.h"
#include "tap.h"

#define LT_ETHERNET 1
#define LT_RAW	    101
#define LT_SLL	    113

struct pkt {
	int	       linktype;
	int64_t	       sec;
	uint32_t       usec;
	const uint8_t *data;
	size_t	       caplen, wirelen;
	const char    *comment;
	/* What the file must hold. */
	uint64_t ts;
	size_t	 out_caplen, out_wirelen, out_clen;
};

/* Ethernet, IPv4, UDP 500 -> 500, 18 bytes of payload: 60 bytes. */
static const uint8_t eth_frame[60] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00,
	0x66, 0x77, 0x88, 0x99, 0xaa, 0x08, 0x00, 0x45, 0x00, 0x00, 0x2e, 0x00,
	0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0xc0,
	0x00, 0x02, 0x02, 0x01, 0xf4, 0x01, 0xf4, 0x00, 0x1a, 0x00, 0x00, 'e',
	't', 'h', 'e', 'r', 'n', 'e', 't', ' ', 'p', 'a', 'y', 'l', 'o', 'a',
	'd', '!', '!' };

/* Raw IPv4, UDP 1234 -> 5678, 13 bytes of payload: 41 bytes, odd. */
static const uint8_t ip4_packet[41] = { 0x45, 0x00, 0x00, 0x29, 0x00, 0x02,
	0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x15, 0x00, 0x00, 'i', 'n',
	'n', 'e', 'r', ' ', 'p', 'a', 'c', 'k', 'e', 't', '.' };

/* Raw IPv6, UDP 1234 -> 5678, 2 bytes of payload: 50 bytes. */
static const uint8_t ip6_packet[50] = { 0x60, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x00, 0x00, 'h', 'i' };

/* Linux cooked capture (SLL), IPv4, UDP 4500 -> 4500, 3 bytes: 47 bytes. */
static const uint8_t sll_frame[47] = { 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00,
	0x66, 0x77, 0x88, 0x99, 0xaa, 0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00,
	0x1f, 0x00, 0x03, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc6, 0x33, 0x64,
	0x01, 0xc6, 0x33, 0x64, 0x02, 0x11, 0x94, 0x11, 0x94, 0x00, 0x0b, 0x00,
	0x00, 0xff, 0xfe, 0xfd };

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			b = realloc(b, cap);
			if (b == NULL)
				abort();
		}
		n = fread(b + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return b;
}

static uint16_t
get16(const uint8_t *b)
{
	uint16_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

static uint32_t
get32(const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static int
zeros(const uint8_t *b, size_t n)
{
	while (n-- > 0)
		if (*b++ != 0)
			return 0;
	return 1;
}

/*
 * The options from b[off] to b[end]: well formed (lengths in bounds,
 * padding zero, one opt_endofopt ending them exactly at end) with at most
 * one option of the given code, returned in *val and *vlen (NULL, 0 when
 * absent).
 */
static int
options_ok(const uint8_t *b, size_t off, size_t end, uint16_t code,
    const uint8_t **val, size_t *vlen)
{
	*val = NULL;
	*vlen = 0;
	if (off == end)
		return 1; /* no options at all */
	while (off + 4 <= end) {
		uint16_t c = get16(b + off), l = get16(b + off + 2);

		off += 4;
		if (c == 0)
			return l == 0 && off == end;
		if (off + pad4(l) > end || !zeros(b + off + l, pad4(l) - l))
			return 0;
		if (c == code) {
			if (*val != NULL)
				return 0;
			*val = b + off;
			*vlen = l;
		}
		off += pad4(l);
	}
	return 0;
}

/*
 * Walk the whole file: the SHB, then for each packet an IDB if its link
 * type is new and its EPB.  Each check is one TAP line per block kind, so
 * a failure names the packet.
 */
static void
check_file(const char *path, const struct pkt *p, size_t np, const char *app)
{
	uint8_t	      *b;
	size_t	       len, off = 0, i, nif = 0, end;
	int	       ifs[16];
	uint32_t       type, total;
	const uint8_t *val;
	size_t	       vlen;

	b = slurp(path, &len);
	ok(b != NULL && len >= 28, "the file can be read back (%zu bytes)",
	    len);
	if (b == NULL || len < 28) {
		free(b);
		return;
	}
	total = get32(b + 4);
	ok(get32(b) == 0x0A0D0D0A && get32(b + 8) == 0x1A2B3C4D &&
		get16(b + 12) == 1 && get16(b + 14) == 0 &&
		get32(b + 16) == 0xffffffff && get32(b + 20) == 0xffffffff,
	    "SHB: type, byte-order magic, version 1.0, section length -1");
	ok(total % 4 == 0 && total >= 28 && total <= len &&
		get32(b + total - 4) == total,
	    "SHB: length %u is a multiple of 4 and repeated at the end", total);
	ok(options_ok(b, 24, total - 4, 4, &val, &vlen) && val != NULL &&
		vlen == strlen(app) && memcmp(val, app, vlen) == 0,
	    "SHB: shb_userappl is \"%s\", options well formed", app);
	off = total;
	for (i = 0; i < np; i++) {
		size_t	 id;
		uint64_t ts;
		int	 good;

		for (id = 0; id < nif; id++)
			if (ifs[id] == p[i].linktype)
				break;
		if (off + 12 > len) {
			ok(0, "packet %zu: file ends early", i);
			break;
		}
		type = get32(b + off);
		total = get32(b + off + 4);
		if (id == nif) {
			ok(type == 1 && total == 20 && off + total <= len &&
				get16(b + off + 8) == p[i].linktype &&
				get16(b + off + 10) == 0 &&
				get32(b + off + 12) == 262144 &&
				get32(b + off + 16) == 20,
			    "packet %zu: IDB %zu for new link type %d first, "
			    "snaplen 262144, no options",
			    i, id, p[i].linktype);
			ifs[nif++] = p[i].linktype;
			off += 20;
			if (off + 12 > len) {
				ok(0, "packet %zu: file ends early", i);
				break;
			}
			type = get32(b + off);
			total = get32(b + off + 4);
		}
		good = type == 6 && total % 4 == 0 && total >= 32 &&
		    off + total <= len && get32(b + off + total - 4) == total;
		ok(good,
		    "packet %zu: EPB of length %u, multiple of 4, repeated at "
		    "the end",
		    i, total);
		if (!good)
			break;
		ts = (uint64_t)get32(b + off + 12) << 32 | get32(b + off + 16);
		ok(get32(b + off + 8) == id && ts == p[i].ts,
		    "packet %zu: interface %zu, timestamp %llu us", i, id,
		    (unsigned long long)p[i].ts);
		ok(get32(b + off + 20) == p[i].out_caplen &&
			get32(b + off + 24) == p[i].out_wirelen,
		    "packet %zu: captured %zu, original %zu", i,
		    p[i].out_caplen, p[i].out_wirelen);
		ok(28 + pad4(p[i].out_caplen) + 4 <= total &&
			(p[i].out_caplen == 0 ||
			    memcmp(b + off + 28, p[i].data, p[i].out_caplen) ==
				0) &&
			zeros(b + off + 28 + p[i].out_caplen,
			    pad4(p[i].out_caplen) - p[i].out_caplen),
		    "packet %zu: data bytes, zero padding to %zu", i,
		    pad4(p[i].out_caplen));
		if (28 + pad4(p[i].out_caplen) + 4 > total)
			break;
		end = off + total - 4;
		ok(options_ok(b, off + 28 + pad4(p[i].out_caplen), end, 1, &val,
		       &vlen) &&
			vlen == p[i].out_clen &&
			(p[i].out_clen == 0 ||
			    memcmp(val, p[i].comment, vlen) == 0),
		    "packet %zu: %s, options well formed", i,
		    p[i].out_clen == 0 ? "no comment" : "comment");
		ok(total ==
			28 + pad4(p[i].out_caplen) +
			    (p[i].out_clen ? 4 + pad4(p[i].out_clen) + 4 : 0) +
			    4,
		    "packet %zu: block length is exactly what it holds", i);
		off += total;
	}
	ok(off == len, "nothing after the last block (%zu of %zu)", off, len);
	free(b);
}

/*
 * libpcap reads the first np packets of the file, of link type dlt, and
 * then (whole) the end of the file or (!whole) an error.
 */
static void
check_libpcap(const char *path, const struct pkt *p, size_t np, int dlt,
    int whole)
{
	char		    ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t		   *pc;
	struct pcap_pkthdr *h;
	const u_char	   *d;
	size_t		    i;
	int		    rc = 0;

	pc = pcap_open_offline(path, ebuf);
	ok(pc != NULL, "libpcap opens %s%s%s", path, pc ? "" : ": ", ebuf);
	if (pc == NULL)
		return;
	ok(pcap_datalink(pc) == dlt, "libpcap: link type DLT %d (wanted %d)",
	    pcap_datalink(pc), dlt);
	for (i = 0; i < np; i++) {
		rc = pcap_next_ex(pc, &h, &d);
		ok(rc == 1 && h->caplen == p[i].out_caplen &&
			h->len == p[i].out_wirelen &&
			(uint64_t)h->ts.tv_sec == p[i].ts / 1000000 &&
			(uint64_t)h->ts.tv_usec == p[i].ts % 1000000 &&
			(h->caplen == 0 ||
			    memcmp(d, p[i].data, h->caplen) == 0),
		    "libpcap: packet %zu: lengths, time and data%s%s", i,
		    rc == -1 ? ": " : "", rc == -1 ? pcap_geterr(pc) : "");
		if (rc != 1)
			break;
	}
	if (rc == 1 && whole)
		ok(pcap_next_ex(pc, &h, &d) == PCAP_ERROR_BREAK,
		    "libpcap: no more packets");
	else if (rc == 1) {
		/* Not a check: a later libpcap may read mixed link types. */
		rc = pcap_next_ex(pc, &h, &d);
		printf("# libpcap then: %s\n",
		    rc == PCAP_ERROR ? pcap_geterr(pc) :
			rc == 1	     ? "another packet" :
				       "the end");
	}
	pcap_close(pc);
}

static int
write_all(const char *path, const struct pkt *p, size_t np, const char *app)
{
	struct pcapng_writer *w;
	char		      err[1024] = "";
	size_t		      i;
	int		      rc = 0;

	w = pcapng_open(path, app, err, sizeof(err));
	ok(w != NULL, "pcapng_open %s%s%s", path, w ? "" : ": ", err);
	if (w == NULL)
		return -1;
	for (i = 0; i < np; i++)
		if (pcapng_write(w, p[i].linktype, p[i].sec, p[i].usec,
			p[i].data, p[i].caplen, p[i].wirelen,
			p[i].comment) != 0) {
			ok(0, "pcapng_write packet %zu: %s", i,
			    pcapng_error(w));
			rc = -1;
		}
	ok(rc == 0 && *pcapng_error(w) == '\0', "%zu packets written", np);
	ok(pcapng_close(w, err, sizeof(err)) == 0, "pcapng_close%s%s",
	    *err ? ": " : "", err);
	return rc;
}

static void
check_errors(const char *dir)
{
	struct pcapng_writer *w;
	char		      err[1024] = "", path[4200];
	static uint8_t	      big[1000];
	int		      i, rc, failed_at = -1;

	snprintf(path, sizeof(path), "%s/no/such/dir/x.pcapng", dir);
	w = pcapng_open(path, "t", err, sizeof(err));
	ok(w == NULL && strstr(err, path) != NULL &&
		strstr(err, strerror(ENOENT)) != NULL,
	    "open in a missing directory fails: %s", err);
	pcapng_close(w, NULL, 0);

	err[0] = '\0';
	w = pcapng_open(dir, "t", err, sizeof(err));
	ok(w == NULL && strstr(err, dir) != NULL &&
		strstr(err, strerror(EISDIR)) != NULL,
	    "open of a directory fails: %s", err);
	pcapng_close(w, NULL, 0);

	if (access("/dev/full", W_OK) != 0) {
		ok(1, "# SKIP /dev/full is not there");
		return;
	}
	err[0] = '\0';
	w = pcapng_open("/dev/full", "t", err, sizeof(err));
	ok(w != NULL, "open /dev/full (the error comes when writing)%s%s",
	    w ? "" : ": ", err);
	if (w == NULL)
		return;
	for (i = 0; i < 100; i++) {
		if (pcapng_write(w, LT_ETHERNET, 1, 0, big, sizeof(big),
			sizeof(big), NULL) != 0) {
			failed_at = i;
			break;
		}
	}
	ok(failed_at >= 0 &&
		strstr(pcapng_error(w), strerror(ENOSPC)) != NULL &&
		strstr(pcapng_error(w), "/dev/full") != NULL,
	    "writing to /dev/full fails at packet %d: %s", failed_at,
	    pcapng_error(w));
	ok(pcapng_write(w, LT_ETHERNET, 1, 0, big, 1, 1, NULL) == -1,
	    "after an error every write fails");
	rc = pcapng_close(w, err, sizeof(err));
	ok(rc == -1 && strstr(err, strerror(ENOSPC)) != NULL,
	    "close reports the error: %s", err);

	/* Small writes stay in the stdio buffer: close finds the error. */
	err[0] = '\0';
	w = pcapng_open("/dev/full", NULL, err, sizeof(err));
	rc = w != NULL ? pcapng_write(w, LT_RAW, 1, 0, ip4_packet,
			     sizeof(ip4_packet), sizeof(ip4_packet), NULL) :
			 -1;
	ok(rc == 0, "a small write to /dev/full is buffered");
	rc = pcapng_close(w, err, sizeof(err));
	ok(rc == -1 && strstr(err, strerror(ENOSPC)) != NULL,
	    "close flushes and reports the error: %s", err);

	/* A link type that does not fit in the IDB's 16 bits. */
	snprintf(path, sizeof(path), "%s/bad-linktype.pcapng", dir);
	w = pcapng_open(path, NULL, err, sizeof(err));
	if (w != NULL) {
		rc = pcapng_write(w, 70000, 1, 0, big, 1, 1, NULL);
		ok(rc == -1 && strstr(pcapng_error(w), "70000") != NULL,
		    "link type 70000 is refused: %s", pcapng_error(w));
		ok(pcapng_close(w, err, sizeof(err)) == -1 && *err != '\0',
		    "and close reports it");
		unlink(path);
	} else
		ok(0, "open %s: %s", path, err);
}

int
main(void)
{
	static uint8_t jumbo[300000];
	static char    longc[70001];
	char	       dir[4096], mixed[4200], eth[4200], raw[4200];
	const char    *tmp = getenv("TMPDIR");
	const char    *c1 = "ikescope: decrypted ESP, SPI 0x0000d431, original "
			    "frame 12";
	const char    *c2 = "ikescope: decrypted ESP, SPI 0x0000d432, "
			    "original frame 135";
	const char    *c3 = "\xc3\xa9t\xc3\xa9"; /* "été", 5 bytes */
	size_t	       i;
	struct pkt     p[] = {
		    { LT_ETHERNET, 1700000000, 1, eth_frame, sizeof(eth_frame),
			sizeof(eth_frame), NULL, 1700000000000001ULL,
			sizeof(eth_frame), sizeof(eth_frame), 0 },
		    { LT_RAW, 1700000000, 250000, ip4_packet, sizeof(ip4_packet),
			sizeof(ip4_packet), c1, 1700000000250000ULL,
			sizeof(ip4_packet), sizeof(ip4_packet), strlen(c1) },
		    { LT_ETHERNET, 1700000001, 999999, eth_frame, 34, 1514, NULL,
			1700000001999999ULL, 34, 1514, 0 },
		    { LT_RAW, 1700000002, 0, ip6_packet, sizeof(ip6_packet),
			sizeof(ip6_packet), c2, 1700000002000000ULL,
			sizeof(ip6_packet), sizeof(ip6_packet), strlen(c2) },
		    { LT_ETHERNET, 1700000003, 5, NULL, 0, 0, "",
			1700000003000005ULL, 0, 0, 0 },
		    { LT_SLL, 1700000004, 7, sll_frame, sizeof(sll_frame),
			sizeof(sll_frame), c3, 1700000004000007ULL,
			sizeof(sll_frame), sizeof(sll_frame), strlen(c3) },
		    { LT_ETHERNET, 1700000005, 0, jumbo, sizeof(jumbo), 0, NULL,
			1700000005000000ULL, 262144, sizeof(jumbo), 0 },
		    { LT_RAW, 1700000006, 0, ip4_packet, 21, 41, longc,
			1700000006000000ULL, 21, 41, 65534 },
		    { LT_ETHERNET, -5, 10, eth_frame, 14, 14, NULL, 0, 14, 14, 0 },
	};
	struct pkt e[3], r[2];

	/* An Ethernet jumbo frame: the header of eth_frame, then a count. */
	memcpy(jumbo, eth_frame, 14);
	for (i = 14; i < sizeof(jumbo); i++)
		jumbo[i] = (uint8_t)(i * 7);
	/* 65534 bytes, then a 2-byte character across the 65535 cut. */
	memset(longc, 'c', sizeof(longc) - 1);
	memcpy(longc + 65534, "\xc3\xa9", 2);

	snprintf(dir, sizeof(dir), "%s/test_pcapng.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(mixed, sizeof(mixed), "%s/mixed.pcapng", dir);
	snprintf(eth, sizeof(eth), "%s/eth.pcapng", dir);
	snprintf(raw, sizeof(raw), "%s/raw.pcapng", dir);

	/* Four link types, interfaces made as they come. */
	write_all(mixed, p, sizeof(p) / sizeof(p[0]), "ikescope-test 1.0");
	check_file(mixed, p, sizeof(p) / sizeof(p[0]), "ikescope-test 1.0");
	/* libpcap reads up to the second IDB, of another link type. */
	check_libpcap(mixed, p, 1, DLT_EN10MB, 0);

	/* Files of one link type, which libpcap reads whole. */
	e[0] = p[0];
	e[1] = p[2];
	e[2] = p[6];
	write_all(eth, e, 3, "ikescope-test");
	check_file(eth, e, 3, "ikescope-test");
	check_libpcap(eth, e, 3, DLT_EN10MB, 1);
	r[0] = p[1];
	r[1] = p[3];
	write_all(raw, r, 2, "x");
	check_file(raw, r, 2, "x");
	/* LINKTYPE_RAW 101 in the file is DLT_RAW to libpcap. */
	check_libpcap(raw, r, 2, DLT_RAW, 1);

	check_errors(dir);

	if (getenv("TEST_PCAPNG_KEEP") != NULL)
		printf("# kept %s\n", dir);
	else {
		unlink(mixed);
		unlink(eth);
		unlink(raw);
		rmdir(dir);
	}
	return done();
}
