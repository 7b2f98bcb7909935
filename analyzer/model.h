/*
 * model.h - what an analysis knows: captures, IKE SAs, their exchanges and
 * messages, ESP SAs.  One set of structures, built by the analyzer in one
 * pass over the frames and read (never changed) by every front-end.
 *
 * Ownership: an isc_analysis owns everything reachable from it; it is
 * released by isc_analysis_free().  Messages keep a copy of their bytes,
 * so payload references stay valid after the capture buffer is gone.
 */
#ifndef IKESCOPE_MODEL_H
#define IKESCOPE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../dissect/field.h"
#include "../dissect/isakmp.h"
#include "diag.h"

struct sa_crypt; /* the analyzer's private key state of an SA */

struct isc_addr {
	uint8_t family; /* 4 or 6; 0 unset */
	uint8_t a[16];
};

struct isc_endpoint {
	struct isc_addr ip;
	uint16_t	port;
};

struct isc_time {
	int64_t	 sec;
	uint32_t usec;
};

enum isc_transport {
	ISC_TR_UDP,	 /* plain UDP (500 or a named port) */
	ISC_TR_UDP_NATT, /* UDP with the RFC 3948 non-ESP marker */
	ISC_TR_TCP,	 /* RFC 8229 / RFC 9329 TCP encapsulation */
};

/* Where a packet was seen: shared by IKE messages and ESP packets. */
struct isc_pkt_meta {
	uint64_t	    frame; /* 1-based, over all files */
	struct isc_time	    ts;
	struct isc_endpoint src;
	struct isc_endpoint dst;
	enum isc_transport  transport;
	uint8_t		    ip_proto;	 /* 17 UDP, 6 TCP, 50 ESP, 51 AH */
	uint8_t		    reassembled; /* from IP fragments */
};

/*
 * What became of an encrypted message (DESIGN.md "decryption").  OK is
 * claimed only when something proved the plaintext: an ICV or AEAD tag
 * (IKEv2), a HASH payload that verifies (IKEv1), or for IKEv1 messages
 * with nothing to verify, a payload chain that fills the body exactly
 * and padding that fits (dec_by says which).
 */
enum isc_decryption {
	ISC_DEC_NOT_ENCRYPTED = 0,
	ISC_DEC_NO_KEYS,
	ISC_DEC_OK,
	ISC_DEC_INTEGRITY_FAILED,
	ISC_DEC_BAD_PADDING,
	ISC_DEC_MALFORMED,
};

enum isc_dec_by {
	ISC_BY_NONE = 0,
	ISC_BY_ICV,	  /* IKEv2 ICV / AEAD tag */
	ISC_BY_HASH,	  /* IKEv1 HASH payload of the message */
	ISC_BY_STRUCTURE, /* IKEv1, nothing to verify: structure fits */
};

/* A check of a HASH, AUTH or signature. */
enum isc_check {
	ISC_CHECK_NONE = 0, /* nothing to check here */
	ISC_CHECK_UNVERIFIED,
	ISC_CHECK_VERIFIED,
	ISC_CHECK_FAILED,
};

/* A decrypted body: its payload chain, dissected like a clear one. */
struct isc_plain {
	uint8_t		   *data; /* the payload chain (no IV, ICV, padding) */
	size_t		    len;
	uint8_t		    first; /* type of the first payload */
	size_t		    pad;   /* padding bytes removed */
	struct payload_ref *payloads;
	size_t		    npayloads;
	struct dstatus	    walk;
	struct ftree	    fields;
	int32_t		   *payload_node;
};

enum isc_role {
	ISC_ROLE_UNKNOWN = -1,
	ISC_ROLE_RESPONDER = 0,
	ISC_ROLE_INITIATOR = 1,
};

struct isc_msg {
	struct isc_pkt_meta meta;
	uint8_t		   *data;     /* the message, as captured */
	size_t		    len;      /* bytes of data */
	size_t		    wire_len; /* bytes on the wire (UDP/TCP) */
	struct isakmp_hdr   hdr;
	struct payload_ref *payloads;
	size_t		    npayloads;
	struct dstatus	    walk; /* why the chain walk stopped */
	/*
	 * Every payload dissected: fields is one tree over data, and
	 * payload_node[i] is the node of payloads[i] in it.
	 */
	struct ftree	    fields;
	int32_t		   *payload_node;
	uint8_t		    from_fragments; /* IKEv1 FRAG reassembly */
	uint8_t		    nfragments;
	uint8_t		    encrypted;
	uint32_t	    enc_off, enc_len;
	uint8_t		    enc_first;
	enum isc_role	    from; /* sender's role in the IKE SA */
	uint8_t		    is_response;
	uint64_t	    retrans_of; /* frame of the first copy; 0 */
	uint64_t	    hash;	/* of the bytes, for retransmits */
	enum isc_decryption dec;
	enum isc_dec_by	    dec_by;
	enum isc_check	    check; /* the HASH / AUTH this message carries */
	/*
	 * When dec is ISC_DEC_OK, or (icv_ignored) an IKEv2 body decrypted
	 * although its ICV failed (isc_options.ignore_icv): dec stays
	 * ISC_DEC_INTEGRITY_FAILED and the content is unverified.
	 */
	struct isc_plain *plain;
	uint8_t		  icv_ignored;
	/* IKEv2 SKF: fragment number and total, 0 when not a fragment. */
	uint16_t	 frag_no, frag_total;
	struct isc_diags diags;
};

/* How an exchange ended (analyzer/diagnose.c). */
enum isc_ex_status {
	ISC_EX_COMPLETE = 0, /* every message the exchange needs was seen */
	ISC_EX_FAILED,	     /* answered with an error notify */
	ISC_EX_UNANSWERED, /* the request (or a later message) got no answer */
	ISC_EX_PARTIAL,	   /* IKEv1: stopped before its last message */
};

struct isc_exchange {
	uint8_t		 type;
	uint32_t	 msgid;
	enum isc_role	 initiated_by; /* role that sent the request */
	struct isc_msg **msgs;
	size_t		 nmsgs, cap;
	/* Filled in by the diagnosis. */
	enum isc_ex_status status;
	uint16_t	   error;	/* error notify type, 0 none */
	uint64_t	   error_frame; /* message that carried it */
	uint32_t	   retransmissions;
};

/*
 * What became of an IKE SA, from the flow and from what decrypted.
 * `presumed` when the decisive messages are encrypted and the outcome is
 * read from what followed them (an answered exchange, ESP traffic).
 */
enum isc_outcome {
	ISC_OUTCOME_UNKNOWN = 0, /* encrypted answers and nothing after them */
	ISC_OUTCOME_ESTABLISHED, /* up at the end of the capture */
	ISC_OUTCOME_FAILED,	 /* refused: an error notify, or AUTH failed */
	ISC_OUTCOME_INCOMPLETE,	 /* no answer: capture ended, peer silent */
	ISC_OUTCOME_DELETED,	 /* a Delete for the IKE SA */
	ISC_OUTCOME_REKEYED,	 /* replaced by a newer IKE SA */
};

struct isc_sa_outcome {
	enum isc_outcome state;
	uint8_t		 presumed;
	uint8_t		 established; /* it was up at some point */
	uint64_t	 established_frame;
	struct isc_time	 established_ts;
	uint64_t	 frame;	    /* the message that decided the state */
	int8_t		 by;	    /* isc_role of the side that failed it,
				       deleted it or did not answer; -1 */
	uint8_t		 exch_type; /* where it stopped (failed, incomplete) */
	uint16_t	 error;	    /* error notify type, 0 none */
	uint64_t	 replaced_by; /* REKEYED: index + 1 of the new SA */
	char		 reason[160]; /* one line: why, for the summary */
};

enum isc_keys_state {
	ISC_KEYS_MISSING = 0,
	ISC_KEYS_DERIVED,  /* computed from PSK / DH / RSA inputs */
	ISC_KEYS_PROVIDED, /* final keys from a key file */
	ISC_KEYS_WRONG,	   /* keys given that do not verify */
};

#define ISC_KEY_MAX 64 /* longest key or hash kept (SHA2-512) */

/*
 * The keys of an IKE SA, for reports (--show-keys) and exports.  IKEv1
 * keeps one set per sender: with a wrong PSK on one side, each side's
 * messages decrypt only with its own keys.
 */
struct isc_ike_keys {
	enum isc_keys_state state;
	char		   *source; /* "psk lab.keys:3, dh lab.keys:5" */
	uint8_t		   *gxy;    /* DH shared secret, when known */
	size_t		    gxy_len;
	size_t		    hlen;   /* IKEv1 hash / IKEv2 PRF output */
	size_t		    ek_len; /* Ka / SK_e* (salt included) */
	size_t		    ak_len; /* SK_a* (0 for AEAD); IKEv1: 0 */
	/* IKEv1 */
	uint8_t skeyid[ISC_KEY_MAX], skeyid_d[ISC_KEY_MAX];
	uint8_t skeyid_a[ISC_KEY_MAX], skeyid_e[ISC_KEY_MAX];
	uint8_t ka[ISC_KEY_MAX];
	uint8_t have_skeyid; /* 0 with a final Ka only */
	/* IKEv2 */
	uint8_t skeyseed[ISC_KEY_MAX], sk_d[ISC_KEY_MAX];
	uint8_t sk_ai[ISC_KEY_MAX], sk_ar[ISC_KEY_MAX];
	uint8_t sk_ei[ISC_KEY_MAX], sk_er[ISC_KEY_MAX];
	uint8_t sk_pi[ISC_KEY_MAX], sk_pr[ISC_KEY_MAX];
	uint8_t have_skeyseed; /* 0 with final keys from a key file */
};

/*
 * A CHILD_SA / IPsec SA pair negotiated by Quick Mode or IKE_AUTH /
 * CREATE_CHILD_SA.  spi_i is the SPI the initiator chose (traffic to the
 * initiator carries it), spi_r the responder's.  Keys per direction:
 * [0] initiator -> responder (SPI spi_r), [1] responder -> initiator.
 */
struct isc_child_sa {
	uint8_t		    protocol; /* 50 ESP, 51 AH */
	uint32_t	    spi_i, spi_r;
	uint16_t	    encr; /* IKEv2 ENCR ID (ESP shares it); 0 none */
	uint16_t	    encr_keylen; /* bits, 0 fixed */
	uint16_t	    integ;	 /* IKEv2 INTEG ID; 0 none */
	uint16_t	    dh;		 /* PFS group, 0 none */
	uint8_t		    esn;
	uint64_t	    frame; /* message that completed the negotiation */
	uint32_t	    msgid;
	enum isc_keys_state state;
	uint8_t		    ekey[2][ISC_KEY_MAX]; /* salt included */
	uint8_t		    akey[2][ISC_KEY_MAX];
	size_t		    ek_len, ak_len;
	const char	   *missing; /* why state is MISSING (static text) */
};

/* IKEv1 fragments (payload 132) waiting for the rest of their message. */
#define ISC_FRAG_MAX	   16
#define ISC_FRAG_MAX_BYTES 65535

struct isc_frag_set {
	uint16_t id;
	uint8_t	 have; /* bit mask of numbers 1..16 */
	uint8_t	 last; /* number of the last fragment */
	uint8_t *part[ISC_FRAG_MAX];
	uint16_t len[ISC_FRAG_MAX];
	size_t	 bytes;
	uint64_t first_frame;
};

/* An ICMP error about an IKE datagram of the SA (RFC 792, RFC 4443). */
#define ISC_ICMP_KEPT 8
struct isc_icmp {
	uint64_t	frame;
	struct isc_addr from; /* the host or router that sent it */
	uint8_t		v6;   /* ICMPv6 */
	uint8_t		type, code;
	int8_t		about; /* isc_role of the datagram's sender */
};

struct isc_ike_sa {
	uint8_t		      version; /* 1 or 2 */
	uint8_t		      spi_i[8];
	uint8_t		      spi_r[8];
	uint8_t		      spi_r_known;
	struct isc_endpoint   initiator;
	struct isc_endpoint   responder;
	uint8_t		      roles_known; /* saw a message that says */
	uint8_t		      nat_t;	   /* moved to / used port 4500 */
	uint8_t		      tcp;
	uint8_t		      saw_start; /* first message of the SA */
	uint8_t		      half_open; /* no message from the responder */
	struct isc_exchange **ex;
	size_t		      nex, excap;
	uint64_t	      nmsgs;
	uint64_t	      first_frame, last_frame;
	struct isc_time	      first_ts, last_ts;
	/*
	 * An IKEv2 SA first seen without IKE_SA_INIT, between the same peers
	 * as an SA that just ran CREATE_CHILD_SA: most likely that exchange
	 * rekeyed the older SA into this one.  Inferred from the flow until
	 * the exchange can be decrypted.
	 */
	/*
	 * The proposal the responder chose (IKE_SA_INIT, Main or Aggressive
	 * Mode response): its node in that message's field tree, and the
	 * transforms it names (0: not negotiated / not seen).
	 */
	const struct isc_msg *chosen_msg;
	int32_t		      chosen_node;
	uint16_t	      encr, encr_keylen, integ, prf, dh, hash;
	uint16_t	      auth_method; /* IKEv1 attribute 3 */
	/* IKEv2 ADDKE1..7 (RFC 9370 transform types 6..12); 0 NONE */
	uint16_t	     addke[7];
	struct isc_frag_set *frags; /* one message in flight each way */
	size_t		     nfrags;
	struct isc_ike_sa   *rekey_of; /* NULL once that SA is forgotten */
	size_t		     rekey_of_index; /* its index + 1; 0 none */
	uint64_t	     rekey_frame;    /* the CREATE_CHILD_SA request */
	struct isc_diags     diags;
	size_t		     index; /* position in analysis */
	/* Keys and checks (IKEv1: keys[role], IKEv2: keys[0]). */
	struct isc_ike_keys   keys[2];
	enum isc_check	      auth[2]; /* by role: [1] initiator */
	char		     *missing; /* what would unlock the SA */
	struct isc_sa_outcome outcome; /* analyzer/diagnose.c */
	/* ICMP errors about its datagrams (the first few, and a count). */
	struct isc_icmp	      icmp[ISC_ICMP_KEPT];
	uint8_t		      nicmp;
	uint32_t	      icmp_count;
	struct isc_child_sa **children;
	size_t		      nchildren, childcap;
	struct sa_crypt	     *crypt; /* analyzer-private state */
	uint64_t peers_hkey;	     /* analyzer-private: its sa_by_peers key */
	uint8_t	 busy;		     /* analyzer-private: idle sweep */
};

/* What became of one ESP/AH packet (DESIGN.md esp_sas). */
enum isc_esp_result {
	ISC_ESP_NO_KEYS = 0,
	ISC_ESP_OK,		  /* ICV or AEAD tag verified */
	ISC_ESP_UNVERIFIED,	  /* no integrity key: padding and inner fit */
	ISC_ESP_INTEGRITY_FAILED, /* ICV / tag does not verify */
	ISC_ESP_BAD_PADDING,	  /* pad bytes or length wrong */
	ISC_ESP_MALFORMED,	  /* too short for IV/ICV, not whole blocks, or
				     garbage without an integrity check */
	ISC_ESP_NRESULTS
};

/* What was inside (dissect/ippkt.h in the model's own words). */
struct isc_inner {
	uint8_t		next_header; /* ESP trailer; 59 dummy */
	uint8_t		ip_version;  /* 4/6 tunnel mode, 0 transport */
	struct isc_addr src, dst;    /* tunnel mode */
	uint8_t		proto;
	uint8_t		has_ports, has_icmp, has_spi;
	uint16_t	sport, dport;
	uint8_t		icmp_type, icmp_code;
	uint32_t	spi;	/* nested ESP/AH */
	uint32_t	length; /* inner packet (tunnel) or payload bytes */
};

/* One packet of an ESP SA: what events.esp_pkt is given, and what
   isc_esp_sa_pkt() reads back from the record kept of it. */
struct isc_esp_pkt {
	uint64_t	    frame;
	uint64_t	    seq; /* with the inferred high bits when ESN */
	enum isc_esp_result result;
	uint8_t		    replay; /* sequence number seen before */
	struct isc_inner    inner;  /* result OK or UNVERIFIED */
};

/* The record kept of a packet (analyzer/esp.c packs and unpacks it). */
struct isc_esp_rec {
	uint64_t frame;
	uint64_t seq;
	uint32_t length; /* isc_inner.length */
	uint32_t detail; /* ports (source << 16), ICMP (type << 8), or SPI */
	uint32_t addrs;	 /* pair index + 1 in isc_esp_sa.addrs; 0 none */
	uint8_t	 result; /* enum isc_esp_result */
	uint8_t	 flags;	 /* ESP_REC_* (analyzer/esp.c) */
	uint8_t	 next_header;
	uint8_t	 proto;
};

enum isc_esp_keys_from {
	ISC_ESP_KEYS_NONE = 0,
	ISC_ESP_KEYS_IKE,     /* a CHILD_SA / Quick Mode SA of the capture */
	ISC_ESP_KEYS_KEYFILE, /* an esp line */
};

struct isc_key_esp; /* analyzer/keys.h */

struct isc_esp_sa {
	uint32_t	    spi;
	uint8_t		    proto; /* 50 ESP, 51 AH */
	struct isc_endpoint src, dst;
	uint8_t		    udp_encap;
	uint8_t		    nested; /* seen inside a decrypted ESP packet */
	uint64_t	    packets;
	uint64_t	    bytes;
	uint64_t	    first_frame, last_frame;
	struct isc_time	    first_ts, last_ts;
	/* Decryption (analyzer/esp.c). */
	uint64_t		 counts[ISC_ESP_NRESULTS];
	uint64_t		 replays, gaps, dummies;
	uint64_t		 highest_seq;
	enum isc_esp_keys_from	 keys_from;
	char			 key_source[96]; /* "keys.txt:4", "IKE SA .." */
	const struct isc_ike_sa *ike_sa;	 /* keys_from IKE */
	const struct isc_key_esp  *key_line;	 /* keys_from KEYFILE */
	const struct isc_child_sa *child;
	uint16_t		   encr, encr_keylen, integ; /* bits */
	uint8_t			   esn;
	/*
	 * Only with isc_options.esp_packets: a 32-byte record per packet,
	 * read with isc_esp_sa_pkt() (a capture of millions of packets is
	 * kept in tens of megabytes).  The inner packets' address pairs are
	 * kept once each in addrs (a tunnel carries few), found again
	 * through addr_hash (indices + 1, 0 free; addr_hcap a power of 2).
	 */
	struct isc_esp_rec *recs;
	size_t		    npkts, pktcap;
	struct isc_addr	   *addrs; /* pairs: source, destination */
	size_t		    naddrs, addrcap;
	uint32_t	   *addr_hash;
	size_t		    addr_hcap;
	struct esp_crypt   *crypt; /* analyzer-private */
};

struct isc_capture {
	char		*file;
	int		 linktype;
	const char	*linktype_name;
	uint64_t	 frames;
	uint64_t	 ike_messages;
	uint64_t	 esp_packets;
	uint8_t		 truncated; /* file ended mid-record */
	uint8_t		 failed;    /* could not be opened */
	struct isc_diags diags;
};

#endif
