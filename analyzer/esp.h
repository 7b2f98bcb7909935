/*
 * esp.h - ESP decryption (RFC 4303; RFC 3948 framing is undone by net.c).
 *
 * Every ESP SA of the capture looks for its keys among the CHILD_SAs /
 * Quick Mode SAs the capture negotiated (whose keys analyzer/crypt.c
 * derived) and the key file's esp lines.  A candidate is kept only when
 * it verifies a packet: its ICV or AEAD tag, or, for an SA without an
 * integrity key, padding and an inner header that fit.  Cipher and MAC
 * handles are keyed once per SA.  Per packet: ICV first, then
 * decryption, the RFC 4303 trailer (monotonic padding, next header),
 * sequence numbers (replays, gaps, the high bits of extended sequence
 * numbers inferred as RFC 4303 appendix A does), and the packet that
 * was carried, which is handed back to net.c so that ESP inside ESP and
 * IKE inside a tunnel are read as well.
 */
#ifndef IKESCOPE_ESP_H
#define IKESCOPE_ESP_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

/* ESP inside ESP is followed this deep. */
#define ESP_MAX_NEST 4

/*
 * One ESP packet of SA e (counted already), starting at its SPI.  iph is
 * the IP header that carried it (iphlen bytes; IPv4 with options, IPv6
 * the fixed 40), for transport mode; depth is 0 for a packet of the
 * capture, n for one found inside n decrypted packets.
 */
void esp_packet(struct isc_analysis *a, struct isc_esp_sa *e,
    const struct isc_pkt_meta *m, const uint8_t *p, size_t caplen,
    size_t wirelen, const uint8_t *iph, size_t iphlen, int depth);

/*
 * For esp_par.c, which verifies and decrypts ESP packets of a batch of
 * frames on two threads before the analysis reads them.  A packet's
 * result (esp_packet() takes it for the packet at p, of n bytes, through
 * isc_analysis.par_job, if the SA is still bound the same way):
 */
struct esp_crypt;
struct esp_par_job {
	const uint8_t	 *p; /* the ESP packet, from its SPI */
	size_t		  n;
	struct esp_crypt *ec;	  /* its SA's keys when the batch began */
	uint64_t	  serial; /* and their binding */
	uint8_t		 *pt;	  /* the plaintext (IV and ICV stripped) */
	size_t		  ptlen;
	uint8_t		  r; /* enum isc_esp_result of the crypto alone */
	uint8_t		  icv_ok;
};

/* The keys of SA e if its packets can be opened away from the analysis
   (bound to keys a packet proved, ESP, no ESN, worker handles), and the
   binding's number; else NULL. */
struct esp_crypt *esp_par_crypt(const struct isc_esp_sa *e, uint64_t *serial);
/* Verify and decrypt with the analysis's handles (worker 0) or the
   worker's; changes nothing of the SA. */
enum isc_esp_result esp_par_open(const struct esp_crypt *, int worker,
    const uint8_t *p, size_t n, uint8_t *pt, size_t *ptlen, uint8_t *icv_ok);

/* Free an SA's private state (handles, keys). */
void esp_sa_free(struct isc_esp_sa *e);

/* Free the analysis-wide buffers. */
void esp_state_free(struct isc_analysis *a);

/* Words for reports. */
const char *esp_result_name(enum isc_esp_result);

#endif
