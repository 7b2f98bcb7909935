/*
 * vendor.h - known Vendor ID payload contents.
 *
 * The table (vendor_ids.def) lists each Vendor ID with how it matches
 * (the whole payload, or a prefix followed by version bytes), a name, and
 * where the value was published.  Some vendors encode versions or
 * capabilities after the prefix (Check Point, strongSwan, Cisco); the
 * match decodes those into `detail`.
 */
#ifndef IKESCOPE_VENDOR_H
#define IKESCOPE_VENDOR_H

#include <stddef.h>
#include <stdint.h>

struct vendor_match {
	const char *name;	/* e.g. "RFC 3947 NAT-T" */
	const char *source;	/* where the value was published */
	char	    detail[96]; /* decoded version / flags, or "" */
};

/* 1 and *m filled when the payload body is a known Vendor ID, else 0. */
int vendor_lookup(const uint8_t *p, size_t n, struct vendor_match *m);
/*
 * The body of a Vendor ID payload (IKEv1 VID, IKEv2 V) as fields under
 * the open node: the bytes as `vendor_id`, and when known the `vendor`
 * name and `vendor_detail`; the node's summary names the vendor.
 */
struct ftree;
struct cursor;
void vendor_fields(struct ftree *t, struct cursor *c, int32_t node);

/* Number of entries in the table (for tests). */
size_t vendor_count(void);

#endif
