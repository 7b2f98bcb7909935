/*
 * vendor.c - name Vendor ID payloads (RFC 2408 3.16, RFC 7296 3.12) and
 * decode the versions some vendors append.
 *
 * Sources: the table in vendor_ids.def (ike-scan ike-vendor-ids,
 * Wireshark packet-isakmp.c, strongSwan isakmp_vendor.c/ike_vendor.c,
 * libreswan vendorid.c, nmap ike-fingerprints.lua, RFC 3706, RFC 3947);
 * field layouts of the decoded suffixes as Wireshark's dissect_vid()
 * and strongSwan's isakmp_vendor.c read them.
 *
 * Every IKE message may carry several Vendor IDs, so the lookup is a
 * binary search over the sorted table plus a short backwards walk for
 * prefix entries; no allocation, no state.
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "vendor.h"

enum vid_match {
	M_EXACT,
	M_PREFIX,
};

enum vid_decode {
	D_NONE,
	D_MSNT5,
	D_CHECKPOINT,
	D_UNITY,
	D_CISCO3K,
	D_FRAG,
	D_DPD,
	D_VERSTR,
	D_ASCII,
	D_HEXTAIL,
	D_NORTEL,
	D_FORTIGATE,
	D_ELVIS,
};

struct vid_entry {
	unsigned char  match;  /* enum vid_match */
	unsigned char  decode; /* enum vid_decode */
	unsigned short len;    /* bytes: strlen(hex) / 2 */
	const char    *hex;
	const char    *name;
	const char    *source;
};

static const struct vid_entry vids[] = {
#define VID(m, d, hex, name, src) \
	{ M_##m, D_##d, (sizeof(hex) - 1) / 2, hex, name, src },
#include "vendor_ids.def"
#undef VID
};

#define NVIDS (sizeof(vids) / sizeof(vids[0]))

static unsigned int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return 0; /* the table holds lower-case hex only (tested) */
}

static uint8_t
vbyte(const struct vid_entry *e, size_t i)
{
	return (
	    uint8_t)(nibble(e->hex[2 * i]) << 4 | nibble(e->hex[2 * i + 1]));
}

/*
 * Order of an entry against the payload, as memcmp over the common
 * length and then shorter-first: the order vendor_ids.def is kept in.
 */
static int
vcmp(const struct vid_entry *e, const uint8_t *p, size_t n)
{
	size_t	i, m = e->len < n ? e->len : n;
	uint8_t b;

	for (i = 0; i < m; i++) {
		b = vbyte(e, i);
		if (b != p[i])
			return b < p[i] ? -1 : 1;
	}
	if (e->len == n)
		return 0;
	return e->len < n ? -1 : 1;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Copy the printable part of p[0..n) into buf: leading and trailing
 * non-printable bytes and blanks dropped (and a leading '-', the
 * separator in "OpenIKED-7.3"), inner ones shown as '.', so a hostile
 * payload cannot put control characters into a terminal.
 */
static void
printable(char *buf, size_t size, const uint8_t *p, size_t n)
{
	size_t i, j = 0;

	if (size == 0)
		return;
	while (n > 0 && (p[0] <= 0x20 || p[0] >= 0x7f || p[0] == '-')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] <= 0x20 || p[n - 1] >= 0x7f))
		n--;
	for (i = 0; i < n && j + 1 < size; i++)
		buf[j++] = (p[i] > 0x20 && p[i] < 0x7f) || p[i] == ' ' ?
		    (char)p[i] :
		    '.';
	buf[j] = '\0';
}

static void
hextail(char *buf, size_t size, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t		  i, j = 0, max = n;

	if (size == 0)
		return;
	/* Room for "..." when the buffer cannot hold all of it. */
	if (2 * n + 1 > size)
		max = size >= 4 ? (size - 4) / 2 : 0;
	for (i = 0; i < max; i++) {
		buf[j++] = hx[p[i] >> 4];
		buf[j++] = hx[p[i] & 0xf];
	}
	if (max < n && size >= 4) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = '\0';
}

/* Release numbers from MS-IKEE as libreswan and Wireshark list them. */
static const char *
windows_release(uint32_t v)
{
	switch (v) {
	case 2:
		return "Windows 2000";
	case 3:
		return "Windows XP";
	case 4:
		return "Windows Server 2003 / XP SP2";
	case 5:
		return "Windows Vista";
	case 6:
		return "Windows Server 2008";
	case 7:
		return "Windows 7";
	case 8:
		return "Windows Server 2008 R2";
	case 9:
		return "Windows 8 or later (8.1, 10, Server 2012+)";
	}
	return NULL;
}

/* Wireshark cp_version, with ike-scan's names for the 4.1 releases. */
static const char *
checkpoint_version(uint32_t v)
{
	switch (v) {
	case 2:
		return "4.1";
	case 3:
		return "4.1 SP1";
	case 4002:
		return "4.1 SP2 or later";
	case 5000:
		return "NG";
	case 5001:
		return "NG FP1";
	case 5002:
		return "NG FP2";
	case 5003:
		return "NG FP3";
	case 5004:
		return "NG AI R54";
	case 5005:
		return "NG AI R55";
	case 5006:
		return "NG AI R56";
	}
	return NULL;
}

/*
 * Check Point, after the 20-byte prefix (Wireshark dissect_vid):
 * product(4) version(4) timestamp(4) reserved(4) features(4).
 * Product 1 is the gateway (VPN-1/FireWall-1), 2 the client
 * (SecuRemote/SecureClient).  Only the fields present are shown.
 */
static void
decode_checkpoint(char *d, size_t size, const uint8_t *p, size_t n)
{
	const char *s;
	uint32_t    v;
	int	    k;

	if (n < 24)
		return;
	v = be32(p + 20);
	if (v == 1)
		k = snprintf(d, size, "gateway (VPN-1/FireWall-1)");
	else if (v == 2)
		k = snprintf(d, size, "client (SecuRemote/SecureClient)");
	else
		k = snprintf(d, size, "product %u", (unsigned int)v);
	if (k < 0 || (size_t)k >= size || n < 28)
		return;
	v = be32(p + 24);
	if ((s = checkpoint_version(v)) != NULL)
		k += snprintf(d + k, size - (size_t)k, ", version %s", s);
	else
		k += snprintf(d + k, size - (size_t)k, ", version %u",
		    (unsigned int)v);
	if ((size_t)k >= size || n < 32)
		return;
	k += snprintf(d + k, size - (size_t)k, ", timestamp %u",
	    (unsigned int)be32(p + 28));
	if ((size_t)k >= size || n < 40)
		return;
	(void)snprintf(d + k, size - (size_t)k, ", features 0x%08x",
	    (unsigned int)be32(p + 36));
}

static void
decode(const struct vid_entry *e, const uint8_t *p, size_t n,
    struct vendor_match *m)
{
	char	   *d = m->detail, tmp[sizeof(m->detail)];
	size_t	    size = sizeof(m->detail);
	const char *s;
	uint32_t    v;

	switch (e->decode) {
	case D_MSNT5:
		/* MD5("MS NT5 ISAKMPOAKLEY") then a 32-bit release number. */
		if (n < 20)
			break;
		v = be32(p + 16);
		if ((s = windows_release(v)) != NULL)
			(void)snprintf(d, size, "%s (version %u)", s,
			    (unsigned int)v);
		else
			(void)snprintf(d, size, "unknown Windows release %u",
			    (unsigned int)v);
		break;
	case D_CHECKPOINT:
		decode_checkpoint(d, size, p, n);
		break;
	case D_UNITY:
	case D_DPD:
		/* The last two of 16 bytes are major and minor version. */
		if (n >= 16)
			(void)snprintf(d, size, "version %u.%u", p[14], p[15]);
		break;
	case D_CISCO3K:
		/* e.g. ...2a 50 03 06 is release 3.0.6 (libreswan). */
		if (n >= 16)
			(void)snprintf(d, size, "version %u.%u.%u", p[14],
			    p[15] >> 4, p[15] & 0xf);
		break;
	case D_FRAG:
		/*
		 * Capability word after MD5("FRAGMENTATION"): 0x80000000
		 * Main/Aggressive Mode messages, 0x40000000 base ISAKMP
		 * messages (strongSwan isakmp_vendor.c, after racoon).
		 */
		if (n < 20)
			break;
		v = be32(p + 16);
		(void)snprintf(d, size, "capabilities 0x%08x%s%s",
		    (unsigned int)v, v & 0x80000000 ? ", main/aggressive" : "",
		    v & 0x40000000 ? ", base mode" : "");
		break;
	case D_VERSTR:
		printable(tmp, sizeof(tmp), p + e->len, n - e->len);
		if (tmp[0] != '\0')
			(void)snprintf(d, size, "version %.86s", tmp);
		break;
	case D_ASCII:
		printable(tmp, sizeof(tmp), p + e->len, n - e->len);
		if (tmp[0] != '\0')
			(void)snprintf(d, size, "\"%.90s\"", tmp);
		break;
	case D_HEXTAIL:
		if (n > e->len)
			hextail(d, size, p + e->len, n - e->len);
		break;
	case D_NORTEL:
		/* "BNES" (Bay Networks Enterprise Switch), then a number. */
		if (n >= 8)
			(void)snprintf(d, size, "version %u",
			    (unsigned int)be32(p + 4));
		break;
	case D_FORTIGATE:
		/* Release and build words (Wireshark dissect_vid). */
		if (n >= 16)
			(void)snprintf(d, size,
			    "release %02x%02x, build %02x%02x", p[12], p[13],
			    p[14], p[15]);
		break;
	case D_ELVIS:
		/* Major and minor nibbles, then a reserved byte. */
		if (n > 20)
			(void)snprintf(d, size, "version %u.%u", p[20] >> 4,
			    p[20] & 0xf);
		break;
	}
}

static int
found(const struct vid_entry *e, const uint8_t *p, size_t n,
    struct vendor_match *m)
{
	if (m == NULL)
		return 1;
	m->name = e->name;
	m->source = e->source;
	decode(e, p, n, m);
	return 1;
}

int
vendor_lookup(const uint8_t *p, size_t n, struct vendor_match *m)
{
	size_t lo = 0, hi = NVIDS, mid, j;

	if (m != NULL) {
		m->name = NULL;
		m->source = NULL;
		m->detail[0] = '\0';
	}
	if (p == NULL || n == 0)
		return 0;

	/* First entry not below the payload. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vcmp(&vids[mid], p, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Same bytes: EXACT sorts before PREFIX, and either matches. */
	if (lo < NVIDS && vcmp(&vids[lo], p, n) == 0)
		return found(&vids[lo], p, n, m);

	/*
	 * Every prefix of the payload sorts below it, and anything between
	 * a prefix and the payload shares that prefix, so walking down the
	 * first prefix entry met is the longest one.  Entries with another
	 * first byte cannot be prefixes.
	 */
	for (j = lo; j-- > 0;) {
		const struct vid_entry *e = &vids[j];

		if (vbyte(e, 0) != p[0])
			break;
		if (e->match == M_PREFIX && e->len <= n &&
		    vcmp(e, p, e->len) == 0)
			return found(e, p, n, m);
	}
	return 0;
}

size_t
vendor_count(void)
{
	return NVIDS;
}

void
vendor_fields(struct ftree *t, struct cursor *c, int32_t node)
{
	struct vendor_match m;
	const uint8_t	   *p;
	size_t		    n, off = cur_off(c);

	(void)fr_rest(t, c, "vendor_id", &p, &n);
	memset(&m, 0, sizeof(m));
	if (n == 0 || !vendor_lookup(p, n, &m) || m.name == NULL) {
		ft_summaryf(t, node, "unknown (%zu bytes)", n);
		return;
	}
	m.detail[sizeof(m.detail) - 1] = '\0';
	ft_str(t, "vendor", off, n, strdup(m.name));
	if (m.detail[0] == '\0') {
		ft_summaryf(t, node, "%s", m.name);
		return;
	}
	ft_str(t, "vendor_detail", off, n, strdup(m.detail));
	ft_summaryf(t, node, "%s (%s)", m.name, m.detail);
}
