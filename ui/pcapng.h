/*
 * pcapng.h - a pcapng writer for -w (draft-ietf-opsawg-pcapng): one
 * section, one interface per distinct link type, one Enhanced Packet Block
 * per packet with an optional comment.
 *
 * Link types are LINKTYPE_ values (the numbers stored in files), not the
 * DLT_ values pcap_datalink() returns: the two differ for some types, for
 * example LINKTYPE_RAW 101 is DLT_RAW 12 (14 on OpenBSD).
 */
#ifndef IKESCOPE_PCAPNG_H
#define IKESCOPE_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#define PCAPNG_LINKTYPE_ETHERNET 1
#define PCAPNG_LINKTYPE_RAW	 101
/* Packets longer than this are written cut to it, their length kept. */
#define PCAPNG_MAX_CAPLEN 262144
/* Comments longer than this are cut to it (at a UTF-8 boundary). */
#define PCAPNG_MAX_COMMENT 65535

struct pcapng_writer;

/*
 * Open path for writing ("-" = standard output) and write the Section
 * Header Block, with app_name as shb_userappl when not NULL.  NULL with a
 * message in err on failure.
 */
struct pcapng_writer *pcapng_open(const char *path, const char *app_name,
    char *err, size_t errlen);
/*
 * One packet.  linktype: a LINKTYPE_ value (1 Ethernet, 101 raw IP, ...).
 * ts_sec/ts_usec: capture time.  caplen bytes of data, wirelen the
 * original length (>= caplen).  comment may be NULL.  Returns 0, or -1 on
 * an error (message via pcapng_error()); errors are sticky: once one
 * happened, every later call fails with the same message.
 */
int pcapng_write(struct pcapng_writer *, int linktype, int64_t ts_sec,
    uint32_t ts_usec, const uint8_t *data, size_t caplen, size_t wirelen,
    const char *comment);
/*
 * Flush and close; returns 0, or -1 if any write or the close failed (err
 * filled).  Frees the writer in all cases.
 */
int pcapng_close(struct pcapng_writer *, char *err, size_t errlen);
/* The first error's message, or "" when there was none. */
const char *pcapng_error(const struct pcapng_writer *);

#endif
