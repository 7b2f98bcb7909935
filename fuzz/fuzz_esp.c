/*
 * fuzz_esp.c - one IP packet carrying ESP (IP protocol 50, or UDP 4500
 * after the non-ESP marker's place) through the analysis: the IP and
 * transport parsers (dissect/ippkt.c, analyzer/net.c), the ESP SA
 * lookup, integrity check and decryption (analyzer/esp.c) and the inner
 * packet's parse, with the manual ESP SAs of a few sample captures
 * (their SPIs and addresses, so the seeds decrypt), then the decrypted
 * packet written as pcapng (-w) and the text and JSON reports.
 *
 * Input: byte 0 flags (bit 0 the packet is given twice, as a
 * retransmission or replay; bit 1 every ESP packet is recorded, as -v
 * does; bit 2 the frame is IPv4/IPv6 by link type 228/229 instead of raw
 * IP), then the packet from its IP header.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyzer/analysis.h"
#include "../analyzer/keys.h"
#include "../ui/output.h"
#include "../ui/pcapng.h"
#include "fuzz.h"

/* esp lines of the full.keys files of samples/strongswan and of
   tests/data/esp. */
static const char fuzz_esp_keys[] =
    "esp e75dbeec ENCR_NULL - AUTH_HMAC_SHA1_96 "
    "71e7359f53462d94b0516331428b118f7a574463 192.0.2.2 192.0.2.1\n"
    "esp fbd39967 ENCR_NULL - AUTH_HMAC_SHA1_96 "
    "410521ee9a1be82c974464180e88590b59d862b4 192.0.2.1 192.0.2.2\n"
    "esp 66a52498 ENCR_AES_GCM_16 e521f404afce8931b4bdcd8bf0d0607d87b2163b "
    "NONE - 192.0.2.2 192.0.2.1\n"
    "esp 892c9676 ENCR_AES_GCM_16 cb2c8ac055a5daf4026c73a8fa6f564b58dbfe87 "
    "NONE - 192.0.2.1 192.0.2.2\n"
    "esp 8379046e ENCR_AES_CBC 617cb3fa1d69f9c57753b73d652074ef "
    "AUTH_HMAC_SHA1_96 05c6487f5b4f0874ee5926db7586125a9698da9b "
    "192.0.2.2 192.0.2.1\n"
    "esp 57d1ea51 ENCR_AES_CBC d3031441eba7ba9f17401f7146675f7b "
    "AUTH_HMAC_SHA1_96 497bd3199cb89d0004b203a959f76073bbb4605b "
    "192.0.2.1 192.0.2.2\n"
    "esp a26862b8 ENCR_CHACHA20_POLY1305 "
    "20412de175b30a50cff4022c4c640499310a2860a4578c7a4e1b35de976c05539cf40297 "
    "NONE - 192.0.2.2 192.0.2.1\n"
    "esp fd5e4de4 ENCR_CHACHA20_POLY1305 "
    "05e43650a45f8094c9b08b914b242f0860c8826173b2e4a626f4fa6edcd8a462b2ba27fe "
    "NONE - 192.0.2.1 192.0.2.2\n"
    "esp 37f8fe14 ENCR_AES_CCM_8 3498e0e5ea520897f74676999bf3c9ee26f128 "
    "NONE - 192.0.2.2 192.0.2.1\n"
    "esp 63e2ac61 ENCR_AES_CCM_8 9369bf8166398d27c8c1df3e5403a7e8fe6e9a "
    "NONE - 192.0.2.1 192.0.2.2\n"
    "esp 0aa024c7 ENCR_AES_CTR 8c2c62a916f3b2e8d1548fe15019240c1bb4ffac "
    "AUTH_HMAC_SHA2_256_128 "
    "8ca57cc356826b5cbfc148c71f1390d2e674f5a988d85829d0d24c929ef9be84 "
    "192.0.2.2 192.0.2.1\n"
    "esp 908cc0e8 ENCR_AES_CTR ea22e808711d5def529c8be7936a6b764e76011c "
    "AUTH_HMAC_SHA2_256_128 "
    "d67c43a35b7087293b7454ef8aaeb932327e2e4f8e49c8dd37d04ba02a4cf7eb "
    "192.0.2.1 192.0.2.2\n"
    "esp b02e7474 ENCR_AES_CBC dc2fd8a7dbbf6bf59d2b00306935d143 "
    "AUTH_AES_XCBC_96 88c23c91602cef9b7bf5ac45f2f8dd2e 192.0.2.2 "
    "192.0.2.1\n"
    "esp 64fe89e3 ENCR_AES_CBC b1298b725d7f5d0316d6be32fda3f0f7 "
    "AUTH_AES_XCBC_96 5202543fe289d95e74bb3a558ef67441 192.0.2.1 "
    "192.0.2.2\n"
    "esp a20b29a5 ENCR_AES_CBC ac842c21e94962ccca4025dee7dc8865 "
    "AUTH_HMAC_SHA1_96 bcbdbfc2e01b003f6cc6e117a38fb6ec08dfc98d "
    "192.0.2.2 192.0.2.1\n"
    "esp 063495d5 ENCR_AES_CBC eb285953fddf89080387fbf9b7047eaf "
    "AUTH_HMAC_SHA1_96 019935e8f1c2b934a179119d34c2f1193b1502a9 "
    "192.0.2.1 192.0.2.2\n"
    "esp fd3948de ENCR_AES_CBC 9843fa8fb718eebfe0b9bc0bbaad2a54 "
    "AUTH_HMAC_SHA1_96 9d07f9610e1f25331672f74c8d4758b67f587ba5 "
    "192.0.2.2 192.0.2.1\n"
    "esp fde27e73 ENCR_AES_CBC 709f72ebf5ce4f711b954b72f1c93dd8 "
    "AUTH_HMAC_SHA1_96 c95a5ab0ce285e0e5eaa8c478ec9576a25ed09ff "
    "192.0.2.1 192.0.2.2\n"
    "esp 12345678 ENCR_3DES 4043434545464649494a4a4c4c4f4f515152525454575758 "
    "ANY_96 - * 192.1.2.45\n";

struct fuzz_esp_run {
	struct pcapng_writer *w;
};

/* -w: every decrypted packet as main.c writes it. */
static void
fuzz_esp_frame(void *ctx, const struct isc_frame_out *f)
{
	struct fuzz_esp_run *r = ctx;

	if (f->repl != NULL && r->w != NULL)
		(void)pcapng_write(r->w, PCAPNG_LINKTYPE_RAW, f->ts.sec,
		    f->ts.usec, f->repl, f->repl_len, f->repl_len,
		    "decrypted ESP");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_options   opts;
	struct output_opts   oo;
	struct fuzz_esp_run  run;
	struct isc_analysis *a;
	struct isc_keys	    *k;
	struct isc_time	     ts = { 1700000000, 0 };
	char		     err[256];
	uint8_t		     fl;
	int		     dlt;

	if (size < 1)
		return 0;
	fl = data[0];
	data++;
	size--;
	k = fuzz_keys(fuzz_esp_keys);
	memset(&opts, 0, sizeof(opts));
	opts.keys = k;
	opts.esp_packets = (fl >> 1) & 1;
	a = isc_analysis_new(&opts);
	memset(&run, 0, sizeof(run));
	run.w = pcapng_open("/dev/null", "fuzz_esp", err, sizeof(err));
	a->events.ctx = &run;
	a->events.frame = fuzz_esp_frame;
	dlt = 12; /* DLT_RAW */
	if (fl & 4)
		dlt = size > 0 && (data[0] >> 4) == 6 ? 229 : 228;
	isc_analysis_begin_capture(a, "fuzz", dlt);
	isc_analysis_frame(a, data, size, size, ts);
	if (fl & 1) {
		ts.usec = 1000;
		isc_analysis_frame(a, data, size, size, ts);
	}
	isc_analysis_finish(a);
	memset(&oo, 0, sizeof(oo));
	oo.verbose = opts.esp_packets;
	(void)output_text(fuzz_null_stream(), a, &oo);
	(void)output_json(fuzz_null_stream(), a, &oo);
	if (run.w != NULL)
		(void)pcapng_close(run.w, err, sizeof(err));
	isc_analysis_free(a);
	isc_keys_free(k);
	return 0;
}
