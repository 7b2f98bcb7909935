/*
 * fuzz_ikev2.c - one IKEv2 message (UDP payload, no non-ESP marker):
 * header, payload walk, dissectors, placement (fuzz_ike.h).
 */
#include "fuzz_ike.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ike_message(data, size, 2);
}
