/*
 * fuzz_pipeline.c - a whole capture file (pcap or pcapng) through the
 * whole analysis, as `ikescope -k KEYS` runs it: the capture reader,
 * link layers, IP reassembly, UDP/TCP IKE, sessions, key derivation
 * and decryption with a fixed key set (the PSKs and DH private values of
 * some samples/strongswan captures, so mutations of those captures
 * decrypt), ESP, the diagnosis, and then the text, JSON and NDJSON
 * writers and the key exports, all writing to nothing.
 *
 * Options come from byte 8 of a pcap file (the low byte of the header's
 * thiszone, which readers ignore; 0 in pcapng files):
 *	bit 0	isc_options.idle_timeout 1 second (the idle-SA sweep)
 *	bit 1	NDJSON events while reading (ikescope --ndjson)
 *	bit 2	--show-keys
 *	bit 3	-v (every ESP packet recorded)
 *	bit 4	--export-keys keys, tcpdump and psk-crack
 */
#include <stdlib.h>
#include <string.h>

#include "../analyzer/analysis.h"
#include "../analyzer/keys.h"
#include "../ui/export.h"
#include "../ui/output.h"
#include "fuzz.h"

static const char fuzz_pipeline_keys[] =
    /* ikev1-main-psk-aes128-sha1-modp2048 */
    "psk "
    "\"ikescope-test-psk-ikev1-main-psk-aes128-sha1-modp2048\"\n"
    "dh 7f6180e4c5690dc9 private "
    "01298930cabdc3759cd8e44b03da47846fdb59d5f8a38d408098ba9d52\n"
    /* ikev2-psk-gcm */
    "psk \"ikescope-test-psk-ikev2-psk-gcm\"\n"
    "dh 4d7dbfaf6e854dbb private "
    "01fca40bf463914d0675f11cc50c16c7c87031e1e7918c6901ccd7ee5b\n"
    /* ikev2-esp-null */
    "psk \"ikescope-test-psk-ikev2-esp-null\"\n"
    "dh 8044fc86d249c129 private "
    "7df8913a5d82d46e5cb9e5252ad9d3838f319542a143864b2579c853\n"
    /* ikev2-x25519 */
    "psk \"ikescope-test-psk-ikev2-x25519\"\n"
    "dh 5c9fe47cc6f00d05 private "
    "382084ed86e17b780c7a7a34a04efaa30bb2dd452a21388602912a2d211890"
    "68\n"
    /* ikev1-x25519 */
    "psk \"ikescope-test-psk-ikev1-x25519\"\n"
    "dh 36c616f3ff06a233 private "
    "0892daa69825333efff3bd459dab78d3e0faacfa8f7a5d5721f4fd92408f1c"
    "4c\n"
    /* ikev1-aggressive-psk */
    "psk \"ikescope-test-psk-ikev1-aggressive-psk\"\n"
    "dh 0158a0e832350b69 private "
    "19ea566d43fc0b7811c340ca65656d6b0a178c16ded83ef3f9373416\n"
    /* ikev2-fragmentation */
    "psk \"ikescope-test-psk-ikev2-fragmentation\"\n"
    "dh e1a6b82aa9e42af9 private "
    "017dbd894e6f2b814d8ee37f2fef0a62ab1b308996893c02c03f449972\n"
    /* ikev1-xauth-modecfg */
    "psk \"ikescope-test-psk-ikev1-xauth-modecfg\"\n"
    "dh 9ddbb86d241552ed private "
    "cd45c381b842d9823becd2708101b5df847cb36152b08f33881b883b\n"
    /* ikev2-rekey */
    "psk \"ikescope-test-psk-ikev2-rekey\"\n"
    "dh 62f024844d12ba5d private "
    "01c3a81f5ed79147b27bcd8e295c6197602cf1e89ec3ba5e9b088dc88c\n"
    "dh e52ce35716d245c5 private "
    "8c0f64ae891d2f1c4ec2a9c72a1954b8fe614bd26d1eca1dc02235e5\n"
    "dh 62f024844d12ba5d private "
    "016d7e14d8d36d1ba563b81b371aa09a1c445d799f07c53f5cffc9a326\n"
    /* ikev1-qm-rekey */
    "psk \"ikescope-test-psk-ikev1-qm-rekey\"\n"
    "dh df02502e1979c917 private "
    "52b72ea8707d496a35bcf1c6fe880ae78e5a7289261fec89a0b35a7d\n"
    "dh df02502e1979c917 private "
    "f3d8ca99b8302646498e055c313987fdf476701937d36d6f67832218\n"
    "dh df02502e1979c917 private "
    "ac3579b3c7bba127b8963976a510aaf1faec7ae82ace2ed425fcfcf7\n"
    /* ikev1-natt */
    "psk \"ikescope-test-psk-ikev1-natt\"\n"
    "dh 2841c43dd34149b0 private "
    "5049b5b90a4632639636f50ecc619cf17ae000af54eae40763b416e3\n"
    /* ikev2-natt */
    "psk \"ikescope-test-psk-ikev2-natt\"\n"
    "dh 93ee9f630f646cb2 private "
    "35ecd5df1aac6893336efe3e40557dab208522d254b6b304aff6a667\n"
    /* ikev2-psk-aescbc-sha256 */
    "ikev2 1f11892043ac004b f5515d785de23ec2 "
    "959801230ff901c0c6e0e5135d60db90 "
    "7bfbe554338bae713d956ce4ff8a6950 ENCR_AES_CBC "
    "f166c75f7dae57f38fe6d63a86b165bc3068a1ff3c8b92bec48618b9a0c139"
    "42 "
    "cdbaa2d9660f9aba1c815dc13d3034fbf811cf929b82047de055726748dcab"
    "1b AUTH_HMAC_SHA2_256_128\n"
    /* ikev1-aes256-sha256 */
    "ikev1 21c0c759812bab69 "
    "bf4195773e10312dac04184aa65c5b9ad3e6c6ddbe0501ff9a5edaffa6f5e7"
    "49\n"
    "ikev2 8001020304050607 debc583a8f40d0cf "
    "3f44bf47cafd8150591deb088199fcbf "
    "bedb67ec7dc3d00cccac42e70cd63bde \"AES-CBC-128 [RFC3602]\" "
    "4ea8e662b07cdd430f6944c6723e4b822e053c7e128712992e053c7e128712"
    "99 "
    "515b0bd22e6d76b34fdb760aa7bfad802e053c7e128712992e053c7e128712"
    "99 \"HMAC_SHA2_256_128 [RFC4868]\"\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char   *exports[] = { "keys", "tcpdump", "psk-crack" };
	struct isc_options   opts;
	struct output_opts   oo;
	struct ndjson	     nd;
	struct isc_analysis *a;
	struct isc_keys	    *k;
	const char	    *path;
	char		     err[512];
	uint8_t		     fl = 0;
	size_t		     i;

	/* pcap, either byte order and either time precision */
	if (size >= 24 &&
	    ((data[0] == 0xd4 && data[1] == 0xc3) ||
		(data[0] == 0x4d && data[1] == 0x3c) ||
		(data[0] == 0xa1 && data[1] == 0xb2)))
		fl = data[8];
	if ((path = fuzz_write_file("capture", data, size)) == NULL)
		return 0;
	k = fuzz_keys(fuzz_pipeline_keys);
	memset(&opts, 0, sizeof(opts));
	opts.keys = k;
	opts.idle_timeout = (fl & 1) ? 1.0 : 0;
	opts.esp_packets = (fl >> 3) & 1;
	memset(&oo, 0, sizeof(oo));
	oo.show_keys = (fl >> 2) & 1;
	oo.verbose = opts.esp_packets;
	a = isc_analysis_new(&opts);
	if (fl & 2) {
		ndjson_init(&nd, fuzz_null_stream(), &oo);
		a->events.ctx = &nd;
		a->events.ike_msg = ndjson_ike_msg;
		a->events.sa_done = ndjson_sa;
		a->events.esp_done = ndjson_esp;
	}
	(void)isc_analysis_read_file(a, path, err, sizeof(err));
	isc_analysis_finish(a);
	if (fl & 2)
		(void)ndjson_finish(&nd, a);
	(void)output_text(fuzz_null_stream(), a, &oo);
	(void)output_json(fuzz_null_stream(), a, &oo);
	for (i = 0; (fl & 16) && i < sizeof(exports) / sizeof(exports[0]); i++)
		if ((path = fuzz_scratch_path("export")) != NULL)
			(void)export_keys(a, exports[i], path, err,
			    sizeof(err));
	isc_analysis_free(a);
	isc_keys_free(k);
	return 0;
}
