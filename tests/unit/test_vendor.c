/*
 * test_vendor.c - Vendor ID lookup: known values by their bytes, prefix
 * matches with decoded versions, unknown and short payloads, and the
 * table itself (order, duplicates, every entry reachable).
 *
 * Payloads are copied into buffers of exactly their length so that the
 * sanitizers catch any read past n.
 */
#include <stdlib.h>
#include <string.h>

#include "../../dissect/vendor.h"
#include "tap.h"

/* The table again, read straight from the .def (no accessor needed). */
enum {
	EXACT,
	PREFIX
};

struct row {
	int	    prefix;
	const char *hex;
	const char *name;
};

static const struct row rows[] = {
#define VID(m, d, hex, name, src) { m, hex, name },
#include "../../dissect/vendor_ids.def"
#undef VID
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode hex plus a raw tail into a malloc'd buffer of exactly n bytes. */
static uint8_t *
mk(const char *hex, const void *tail, size_t tlen, size_t *n)
{
	size_t	 hl = strlen(hex) / 2, i;
	uint8_t *b = malloc(hl + tlen > 0 ? hl + tlen : 1);

	if (b == NULL)
		exit(2);
	for (i = 0; i < hl; i++)
		b[i] =
		    (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	if (tlen > 0)
		memcpy(b + hl, tail, tlen);
	*n = hl + tlen;
	return b;
}

static int
look(const char *hex, const void *tail, size_t tlen, struct vendor_match *m)
{
	size_t	 n;
	uint8_t *b = mk(hex, tail, tlen, &n);
	int	 r = vendor_lookup(b, n, m);

	free(b);
	return r;
}

static int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* Known values, by bytes, with the name (and detail) they must give. */
static const struct {
	const char *hex;
	const char *name;
	const char *detail;
} known[] = {
	{ "afcad71368a1f1c96b8696fc77570100", "Dead Peer Detection",
	    "version 1.0" },
	{ "4a131c81070358455c5728f20e95452f", "RFC 3947", "" },
	{ "4485152d18b6bbcd0be8a8469579ddcc", "nat-t-ike-00", "" },
	{ "cd60464335df21f87cfdb2fc68b6a448", "nat-t-ike-02", "" },
	{ "90cb80913ebb696e086381b5ec427b1f", "nat-t-ike-02 (newline", "" },
	{ "7d9419a65310ca6f2c179d9215529d56", "nat-t-ike-03", "" },
	{ "42ea5b6f898d9773a575df26e7dd19e1", "nat-t-ike-09", "" },
	{ "4df37928e9fc4fd1b3262170d515c662", "draft-ietf-ipsec-nat-t-ike",
	    "" },
	{ "882fe56d6fd20dbc2251613b2ebe5beb", "strongSwan", "" },
	{ "2d1f406118fbd5d28474791ffa00488a", "strongSwan 4.2.3", "" },
	{ "12f5f28c457168a9702d9fe274cc0100", "Cisco Unity", "version 1.0" },
	{ "4048b7d56ebce88525e7de7f00d6c2d3", "IKE Fragmentation", "" },
	{ "4048b7d56ebce88525e7de7f00d6c2d380000000", "IKE Fragmentation",
	    "main/aggressive" },
	{ "09002689dfd6b712", "XAUTH", "" },
	{ "1e2b516905991c7d7c96fcbfb587e46100000007", "Windows 7",
	    "Windows 7 (version 7)" },
	{ "1e2b516905991c7d7c96fcbfb587e46100000002", "Windows 2000",
	    "Windows 2000" },
	{ "f4ed19e0c114eb516faaac0ee37daf2807b4381f"
	  "000000010000138b00000000000000000000001c",
	    "NG FP3",
	    "gateway (VPN-1/FireWall-1), version NG FP3, timestamp 0, "
	    "features 0x0000001c" },
	{ "26244d38eddb61b3172a36e3d0cfb819", "Vid-Initial-Contact", "" },
	{ "fb1de3cdf341b7ea16b7e5be0855f120", "Negotiation Discovery", "" },
	{ "464c455856504e2d535550504f52544544", "FlexVPN", "" },
	{ "434953434f2d44454c4554452d524541534f4e", "Delete Reason", "" },
	{ "1f07f70eaa6514d3b0fa96542a500306", "VPN 3000", "version 3.0.6" },
	{ "7003cbc1097dbe9c2600ba6983bc8b35", "KAME/racoon", "" },
	{ "4f45486b7d44784d42676b5d", "FreeS/WAN 2.00", "" },
	{ "fbf47614984031fa8e3bb6198089b223", "SSH IPSEC Express 1.1.0", "" },
	{ "b4f01ca951e9da8d0bafbbd34ad3044e", "Fortinet Endpoint Control", "" },
	{ "f14b94b7bff1fef02773b8c49feded26", "Shrew Soft", "" },
	{ "625027749d5ab97f5616c1602765cf480a3b7d0b", "ZyWALL", "" },
};

static void
test_known(void)
{
	struct vendor_match m;
	size_t		    i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		int r = look(known[i].hex, NULL, 0, &m);

		ok(r == 1 && has(m.name, known[i].name) && m.source != NULL &&
			m.source[0] != '\0' && has(m.detail, known[i].detail) &&
			(known[i].detail[0] != '\0' || m.detail[0] == '\0'),
		    "%s is %s [%s]", known[i].hex, known[i].name,
		    r ? m.detail : "not found");
	}
}

static void
test_prefix(void)
{
	static const uint8_t ns_tail[] = { 0, 0, 0, 7, 0, 0, 5, 0 };
	static const uint8_t ctl[] = { '4', '.', '1', 0x1b, '[', '3', '1', 'm',
		0x07, '2', 0xff, 0x00 };
	uint8_t		     big[200];
	struct vendor_match  m;
	int		     r;

	r = look("4f452d4c696272657377616e2d", "4.12", 4, &m);
	ok(r == 1 && has(m.name, "Libreswan") &&
		strcmp(m.detail, "version 4.12") == 0,
	    "OE-Libreswan-4.12 gives the version [%s]", m.detail);
	r = look("4f452d4c696272657377616e2d", ctl, sizeof(ctl), &m);
	ok(r == 1 && strchr(m.detail, 0x1b) == NULL &&
		strchr(m.detail, 0x07) == NULL &&
		strchr(m.detail, (char)0xff) == NULL,
	    "control bytes in the version are sanitized [%s]", m.detail);
	r = look("afcad71368a1f1c96b8696fc77570200", NULL, 0, &m);
	ok(r == 1 && strcmp(m.detail, "version 2.0") == 0,
	    "unknown DPD version matches the prefix [%s]", m.detail);
	r = look("1e2b516905991c7d7c96fcbfb587e4610000000300000000", NULL, 0,
	    &m);
	ok(r == 1 && has(m.name, "MS NT5") && has(m.detail, "Windows XP"),
	    "MS NT5 with trailing bytes falls back to the prefix [%s]",
	    m.detail);
	r = look("1e2b516905991c7d7c96fcbfb587e46100000063", NULL, 0, &m);
	ok(r == 1 && has(m.detail, "unknown Windows release 99"),
	    "unknown Windows release is reported [%s]", m.detail);
	r = look("9b096d9ac3275a7d6fe8b91c583111b09efed1a0", ns_tail,
	    sizeof(ns_tail), &m);
	ok(r == 1 && has(m.name, "NetScreen") &&
		strcmp(m.detail, "0000000700000500") == 0,
	    "NetScreen trailer shown in hex [%s]", m.detail);
	memset(big, 0xab, sizeof(big));
	r = look("9b096d9ac3275a7d6fe8b91c583111b09efed1a0", big, sizeof(big),
	    &m);
	ok(r == 1 && strlen(m.detail) < sizeof(m.detail) &&
		has(m.detail, "..."),
	    "long trailer is cut with ...");
	r = look("f4ed19e0c114eb516faaac0ee37daf2807b4381f00000002", NULL, 0,
	    &m);
	ok(r == 1 && strcmp(m.detail, "client (SecuRemote/SecureClient)") == 0,
	    "Check Point with only a product field [%s]", m.detail);
	r = look("f4ed19e0c114eb516faaac0ee37daf2807b4381f"
		 "00000001000013880000000000000000",
	    NULL, 0, &m);
	ok(r == 1 && has(m.detail, "version NG,") && !has(m.detail, "features"),
	    "Check Point without features word [%s]", m.detail);
	r = look("4048b7d56ebce88525e7de7f00d6c2d3c0000000", NULL, 0, &m);
	ok(r == 1 && has(m.detail, "main/aggressive, base mode"),
	    "fragmentation capabilities [%s]", m.detail);
	r = look("4048b7d56ebce88525e7de7f00d6c2d340000000", NULL, 0, &m);
	ok(r == 1 && has(m.name, "Fragmentation") &&
		has(m.detail, "0x40000000"),
	    "fragmentation with other flags uses the prefix [%s]", m.detail);
	r = look("424e45530000000a", NULL, 0, &m);
	ok(r == 1 && has(m.name, "Nortel") &&
		strcmp(m.detail, "version 10") == 0,
	    "Nortel BNES version [%s]", m.detail);
	r = look("424e455300000123", NULL, 0, &m);
	ok(r == 1 && strcmp(m.detail, "version 291") == 0,
	    "Nortel unlisted value via prefix [%s]", m.detail);
	r = look("54494d4553544550", " 1 SGW 1520", 11, &m);
	ok(r == 1 && has(m.name, "Timestep") && has(m.detail, "1 SGW 1520"),
	    "Timestep text [%s]", m.detail);
	r = look("4f70656e494b4544", "-7.3", 4, &m);
	ok(r == 1 && has(m.name, "OpenIKED") &&
		strcmp(m.detail, "version 7.3") == 0,
	    "OpenIKED version [%s]", m.detail);
	r = look("12f5f28c457168a9702d9fe274cc0102", NULL, 0, &m);
	ok(r == 1 && strcmp(m.detail, "version 1.2") == 0,
	    "Cisco Unity 1.2 [%s]", m.detail);
	r = look("4f45", "ABCDEFGHIJ", 10, &m);
	ok(r == 1 && has(m.name, "OE"),
	    "bare OE prefix is Openswan/FreeS/WAN [%s]", m.name);
	r = look("4f45486b7d44784d42676b5d00", NULL, 0, &m);
	ok(r == 1 && has(m.name, "OE") && !has(m.name, "2.00"),
	    "FreeS/WAN exact value plus a byte is only the OE prefix");
	ok(vendor_lookup((const uint8_t *)"OE-Libreswan-5.0", 16, NULL) == 1,
	    "a NULL match is allowed");
}

static void
test_unknown(void)
{
	struct vendor_match m;
	uint8_t		    one = 0x09;

	ok(look("00112233445566778899aabbccddeeff", NULL, 0, &m) == 0 &&
		m.name == NULL && m.detail[0] == '\0',
	    "unknown ID is not found");
	ok(look("ffffffffffffffffffffffffffffffffff", NULL, 0, &m) == 0,
	    "all-ones ID is not found");
	ok(look("afcad71368a1f1c96b8696fc7757", NULL, 0, &m) == 1 &&
		m.detail[0] == '\0',
	    "bare DPD prefix matches without version");
	ok(look("afcad71368a1f1c96b8696fc77", NULL, 0, &m) == 0,
	    "one byte short of the DPD prefix is unknown");
	ok(look("09002689dfd6b7", NULL, 0, &m) == 0,
	    "XAUTH cut to 7 bytes is unknown");
	ok(look("09002689dfd6b71200", NULL, 0, &m) == 0,
	    "XAUTH plus a byte is unknown (exact match only)");
	ok(vendor_lookup(&one, 1, &m) == 0, "one byte is too short");
	ok(vendor_lookup(&one, 0, &m) == 0 && m.name == NULL,
	    "zero bytes match nothing");
	ok(vendor_lookup(NULL, 16, &m) == 0, "NULL payload matches nothing");
	ok(look("1e2b516905991c7d7c96fcbfb587e4610000", NULL, 0, &m) == 1 &&
		m.detail[0] == '\0',
	    "MS NT5 cut before the version: no detail");
}

static int
rowcmp(const struct row *a, const struct row *b)
{
	int c = strcmp(a->hex, b->hex);

	/* Hex digits sort like the bytes; a shorter prefix sorts first. */
	if (c != 0)
		return c;
	return a->prefix - b->prefix;
}

static void
test_table(void)
{
	struct vendor_match m;
	size_t i, j, bad_hex = 0, bad_order = 0, dup = 0, lost = 0, cut = 0;

	ok(vendor_count() >= 300, "table has %zu entries (>= 300)",
	    vendor_count());
	ok(vendor_count() == NROWS, "vendor_count matches the .def");
	for (i = 0; i < NROWS; i++) {
		size_t l = strlen(rows[i].hex);

		if (l == 0 || l % 2 != 0)
			bad_hex++;
		for (j = 0; j < l; j++)
			if (hexval(rows[i].hex[j]) < 0)
				bad_hex++;
		if (i > 0 && rowcmp(&rows[i - 1], &rows[i]) >= 0) {
			bad_order++;
			if (rowcmp(&rows[i - 1], &rows[i]) == 0)
				dup++;
		}
	}
	ok(bad_hex == 0, "every value is lower-case hex of whole bytes");
	ok(bad_order == 0, "the .def is sorted by bytes");
	ok(dup == 0, "no duplicate entries");
	for (i = 0; i < NROWS; i++)
		for (j = i + 1;
		     j < NROWS && strcmp(rows[i].hex, rows[j].hex) == 0; j++)
			if (rows[i].prefix == rows[j].prefix)
				dup++;
	ok(dup == 0, "no two EXACT (or PREFIX) entries share bytes");

	/*
	 * Every entry is reachable: its own bytes find it (an EXACT entry
	 * wins over a PREFIX with the same bytes), and its bytes minus the
	 * last one never crash the lookup.
	 */
	for (i = 0; i < NROWS; i++) {
		size_t	 n;
		uint8_t *b = mk(rows[i].hex, NULL, 0, &n);
		int	 shadowed = rows[i].prefix && i > 0 &&
		    strcmp(rows[i - 1].hex, rows[i].hex) == 0;

		if (vendor_lookup(b, n, &m) != 1 ||
		    (!shadowed && strcmp(m.name, rows[i].name) != 0)) {
			lost++;
			printf("# lost: %s %s\n", rows[i].hex, rows[i].name);
		}
		if (n > 1 && vendor_lookup(b, n - 1, &m) == 1 && m.name == NULL)
			cut++;
		free(b);
	}
	ok(lost == 0, "every table entry is found by its own bytes");
	ok(cut == 0, "truncated entries never give a match without a name");
}

int
main(void)
{
	test_known();
	test_prefix();
	test_unknown();
	test_table();
	return done();
}
