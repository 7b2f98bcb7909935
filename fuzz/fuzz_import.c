/*
 * fuzz_import.c - the key importers (analyzer/keys_import.c,
 * keys_charon.c).  Byte 0 picks the format, the rest is the file:
 *
 *	0 Wireshark ikev1_decryption_table	3 tcpdump -E secrets
 *	1 Wireshark ikev2_decryption_table	4 ip xfrm state
 *	2 Wireshark esp_sa			5 charon log
 *	6 a Wireshark table named by nothing (kind from its first record)
 */
#include "../analyzer/keys.h"
#include "../analyzer/keys_import.h"
#include "fuzz.h"

static const struct {
	const char *format;
	const char *file;
} fuzz_formats[] = {
	{ "wireshark", "ikev1_decryption_table" },
	{ "wireshark", "ikev2_decryption_table" },
	{ "wireshark", "esp_sa" },
	{ "tcpdump", "esp-secrets" },
	{ "xfrm", "xfrm-state" },
	{ "charon-log", "charon.log" },
	{ "wireshark", "table" },
};

#define NFORMATS (sizeof(fuzz_formats) / sizeof(fuzz_formats[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_keys *k;
	const char	*path;
	char		 why[256];
	size_t		 f;

	if (size < 1)
		return 0;
	f = data[0] % NFORMATS;
	path = fuzz_write_file(fuzz_formats[f].file, data + 1, size - 1);
	if (path == NULL || (k = isc_keys_new()) == NULL)
		return 0;
	(void)isc_keys_import_why(k, fuzz_formats[f].format, path,
	    fuzz_null_stream(), why, sizeof(why));
	isc_keys_free(k);
	return 0;
}
