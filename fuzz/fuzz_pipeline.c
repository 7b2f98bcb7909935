/*
 * fuzz_pipeline.c - a whole capture file (pcap or pcapng) through the
 * whole analysis, as `ikescope -k KEYS` runs it: the capture reader,
 * link layers, IP reassembly, UDP/TCP IKE, sessions, key derivation
 * and decryption with a fixed key set (the PSKs and DH private values of
 * some samples/strongswan captures, and the RSA keys and DH values of
 * samples/pke, so mutations of those captures decrypt), ESP, the diagnosis, and then the text, JSON and NDJSON
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
#include <stdio.h>
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
    "99 \"HMAC_SHA2_256_128 [RFC4868]\"\n"
    /* samples/pke: public key encryption (the rsa lines are added at
       run time, naming the keys below written to the scratch directory) */
    "dh 33b87321980aac9b private 74b20f92565024d5871b576692b19a7c57881846921b2e0949bdfdb59c5cad7d\n"
    "dh e37c24880ebd78cf private 78f953c0e9767884797eeefa807e7621216820e2d44c0987aeab87363d867cc8\n"
    "dh 3849efccff86bd3d private 0b33f78a3e532daf715b87b27b14697c998c3d4e4d58ec9b22bf55304afa7e12\n";

/* samples/pke/initiator.key and responder.key (synthetic, see its README) */
static const char fuzz_pke_initiator[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpQIBAAKCAQEAu0O6wVVb/Tl24ziqq8QvV3zt7yNFy1ewYcn2+fq/C71u2wes\n"
    "0cZj19LlI7uPY7ptkc6Wi3jyKg9jLNEHkOqJrwVCJHP5s0iA7WEXs+O/ZrsZKfdY\n"
    "VrINzOUQNxm5jjeOHUeT0kjUfdZ1HDtB84orwbHfhjnCEB6GkNV+gqiy1axVNaGq\n"
    "HFhEOoG6NTeMU2YipVwMprKZmYuZ+Chl3zCwMB14RMBe2fLhf2jDVNVmPKqcVG/R\n"
    "RtTSACyUC+AmUuySuxDSanGotC5eznd0993aWec1uXDNlDuGMitrDCBk9qJ1ub9d\n"
    "kGGT0/2fF/HZ7t1UuwnuuEL0GNspxJ6Y/YQPrQIDAQABAoIBAFzO1F+8zjpRoHo8\n"
    "O1mlgVD6uXErKgv9CY1tatm5S7WlzKsAwsW0bQcpniZ3bjkey+7XVAULi/kMZzpu\n"
    "3jEUC+iR0pX+ZGJWLI947yZYWSOw1mfWDhHpbK1/WOn19eBl6CjasIgnUCiNgLzd\n"
    "IXJxp/33CbCcL3GNr2NYa7qVoQwD4om1y5I+VAgNZeBFQ0ggiBj3QFQLQ9QN/sgz\n"
    "KEJkvUHtZv6FoJBzfJUQXlpsgJA3mt4pFn2uu3kId56KfwgqibjND+aAyrJmdWsT\n"
    "mLtgJ+osblrckk2835POMohj/HwhoJajEURleINvKatjJR1xCyIrBOXSDhSiIxOB\n"
    "9IaCAAECgYEA8q7WjLumCp68P7EcrsSZWDUSRBIrWGr4mpbOzbqPS+5JlDLCEqBQ\n"
    "NS+f9CBTRRk3Xe5NFew534qp930YeWCc9m1Yren1z7BnPT1w/9LCxUOCuCbYpYoZ\n"
    "RcK6I78N1hMFihi+zBwTCFcx1CdQ9lEHXDEUtAfoX1DdxiqWHZ3F6a0CgYEAxYpi\n"
    "h39je+QldqADYZ0lcXUV4TVZ628AT6mYRDy9pIUV5sAs9w3YClI0Wlf8PerDXH5R\n"
    "OquGkk2g/5+pbb7IiJq30mCSqfOAMlOqXlPSawMQTxt2QW6mDl1tMW6xKgBhbFIH\n"
    "kWU/Lxsgr75WGlfMERrO1iyECkLxmaherT8HfgECgYEAlnmKVuDTZ6pdFzD+k+8b\n"
    "FfJyTPrnHX/WfiQcPrv6th4eSWHfrCTzFsdc6sZQW3vzNK7Z5Un/6HfWQ7qxPjGF\n"
    "odbTMaLr48eBfBtowXcxhZcCqqSLmLk0SmkfeaKxNZe9y47kXzLZKkbGgsGOFezQ\n"
    "H33fVHHCx7cgjAtD4UE+wlECgYEAiSRxETb8n1eeNsQSdON/ykwKW6cJfW073xKU\n"
    "FtPAqYaH1QKYdRCUa1304L/y7B2fcgh0ZnIM5GemnbGAFCP+3u/jLNhFGl5mIwp4\n"
    "3jH9hLPEz9b1+6lQ+eoc09PQhaNr/6LXhDaxbge8YqaW6oUHtNxSuth+9wzQ5OfC\n"
    "iy6WCgECgYEAlxhDOjdaQyb2kknysQ9/nO2736t3APOCHsCkmJdhH/WMF0Gu3RDV\n"
    "/8mxAu1ZVPDg5IVBsuzgMocJk7jtnuJq09wUwDXoBfrazHQktcVPxgSiv4lmReik\n"
    "/c2EWKc9iFYtf3uUuSnlAu/EZktFzQkoDz2II1RwE5cwy+HwypIMX6M=\n"
    "-----END RSA PRIVATE KEY-----\n";
static const char fuzz_pke_responder[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC4TmKVQmzF/e8Z\n"
    "td5SuTLZOlNoj93Kf1Ael9uWg853m9JvsW7Qujuhu/m85pe6pMwMSB9A3auk2jCU\n"
    "BTFVTLkvfozMcYdNoSyjmeVKF1N9e4YhgCmSiLnchjlW5tqpfImsQBU4+3CYbf+E\n"
    "bdNFALYS43j1lyiZofoJt83CRJg+QI6dOmQ7d6dQcZeXOLWu7iWAHXrT/BPBefbC\n"
    "3VwWUfxx7k5sYu/TK7CzQHNfavdIDQqf6qOiMkdrMQFDvlHGf3/a2DajqvYRQj0f\n"
    "AZfV0QSWFub5rdmD5wpMCSZpGzwTzBbLoJUmAP7KbHnKZS8CwTMvSZC7DdqD2hIX\n"
    "mH2aNhMHAgMBAAECggEAIUTU+shwxhSecm+n4BraGOg0Yi2GBaWRmtQiqTrFrEWO\n"
    "aOcIb9kOJpW98OFXBjP1OUpTiev5rdpM5otBanpc+zvGwqjDmbm8SxPelc88HOyN\n"
    "O8Lcvjy8ABiihRNK6Uk3uMYgjpakrn88nnUMq+oC88nn7b0JcSIR9msdUzH6oVHL\n"
    "dB43zDRQHtdsTwz1LVioQGccBoZB9/QZwtdeJ1mLEhGwehvLNDI5Wyq3b26cmBlZ\n"
    "HUXm+rykGcakJSxpvN8H/AE9LZpP7BsqNVblWa5APDE6DbjNxXnYgScVJUgdWGOE\n"
    "Spe0PnvcJlqDSbkm+OBIinK2mvmwU2Cs2kVrrBFLYQKBgQDhLGjM/PWJ7ZmNAP7W\n"
    "cZboL9AzzMv5t0jBWrtnTXXXWjKdFf+NVPz69xVE4lUrqPYEifhJTpg5WCmxH432\n"
    "PSaAtB50izW9KljEgyDRkN3p7mMg5dTmagR5Nn7ENIQeMdizplZjKjEy+biePnyY\n"
    "rUghplQ2mxybz4waZg/snL+t+QKBgQDRibYyTnnidRMX6CCXeaIUN9zTyCqYMiNS\n"
    "bVhWXXIv1aDkBcCJqU0wRfhQlwI7e/3D8NV60NyZ5v84sA6fdT/KEVy5a959MD9r\n"
    "AhS9FN/Yr+TN7xWYd5gVJwjXOeLt6u8sp26peZ+y1pMEGDZNfk1ILnn7WUgfY9Nk\n"
    "6UWdHpgI/wKBgB8mL5E75ROhhL5WxuoPaJrSEnE4AXeX/T6SOJ5/vq990MaeRm3c\n"
    "tepZx91xmeqiQvY5x9kMQE6efZX9EXxg1TS0tgnVQCfc9c6pfR7AdZJo4dmpMZx2\n"
    "Sgwil8K4qRYsOxgPCKBLM+cjWIC7kCzmu7W79qZfKsP7IBx+xfErdfCxAoGADD7W\n"
    "DP6VFOzunrkMHo4XMMNK/n12L8rOUaTeQr3XTIBZlLnZVLI2NpoANwV8Nem7HNZY\n"
    "Q4MtQTlEtRVk5WC+x5pYJuXs7LgDHMfUWnB73Hf7ESXlxzFGDAZp99oELw9JxvxJ\n"
    "9VGMSbFMijK4CbNV5OACdPP0yRDWa9FOJi6BiBUCgYEAlNwf/nQHRGEonWgCImmg\n"
    "J2Sv7NKFsKl/bVkImRncTDBb0x5hUUiAd0+L6AfRYiDShVi0sdMf1+p/6RSKSNr7\n"
    "w3nlraZwtJMkbRPjqX3LSnFemHBmHyVRSGi9eHVAG+AlnynGPJOkB2IXDVyfzzjU\n"
    "dT/93HKyM+8BJydT/9QlHac=\n"
    "-----END PRIVATE KEY-----\n";

/*
 * The key text: the lines above and an rsa line for each PKE key, written
 * once to the scratch directory (rsa lines name files).  NULL on error.
 */
static const char *
pipeline_keys(void)
{
	static char *text;
	const char  *p;
	char	     ini[4096], rsp[4096];
	size_t	     n;

	if (text != NULL)
		return text;
	if ((p = fuzz_write_file("initiator.key",
		 (const uint8_t *)fuzz_pke_initiator,
		 sizeof(fuzz_pke_initiator) - 1)) == NULL)
		return NULL;
	snprintf(ini, sizeof(ini), "%s", p);
	if ((p = fuzz_write_file("responder.key",
		 (const uint8_t *)fuzz_pke_responder,
		 sizeof(fuzz_pke_responder) - 1)) == NULL)
		return NULL;
	snprintf(rsp, sizeof(rsp), "%s", p);
	n = sizeof(fuzz_pipeline_keys) + strlen(ini) + strlen(rsp) + 32;
	if ((text = malloc(n)) == NULL)
		return NULL;
	snprintf(text, n, "%srsa %s\nrsa %s\n", fuzz_pipeline_keys, ini, rsp);
	return text;
}

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
	if (pipeline_keys() == NULL)
		return 0;
	if ((path = fuzz_write_file("capture", data, size)) == NULL)
		return 0;
	k = fuzz_keys(pipeline_keys());
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
