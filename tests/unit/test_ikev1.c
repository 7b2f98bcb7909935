/*
 * test_ikev1.c - the IKEv1 / ISAKMP payload dissectors (dissect/ikev1.c),
 * their registries (registry_v1.c) and the X.509 helpers (x509.c).
 *
 * Payload bodies are built by hand from the RFC formats, put behind a
 * 28-byte header-sized gap so spans are absolute offsets in a message,
 * and run through dissect_payload() as the analyzer does.  Then the
 * field tree is checked: keys, values, names, spans, summaries, errors.
 * The certificates are real ones, made with
 *   openssl req -x509 -newkey rsa:2048 -nodes -subj '/CN=test/O=ikescope'
 *     -days 1 -addext "subjectAltName=DNS:vpn.example.com,IP:192.0.2.1,
 *     email:a@example.com" -outform DER
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes
 *     -subj '/CN=ec test/O=ikescope' -days 1 -outform DER
 * Every body is also dissected cut at every length and with every bit
 * flipped, so the sanitizers see the error paths.
 */
#include <stdlib.h>
#include <string.h>

#include "../../dissect/payload.h"
#include "../../dissect/registry_v1.h"
#include "../../dissect/x509.h"
#include "tap.h"

static const uint8_t cert_rsa[] = {
	0x30,
	0x82,
	0x03,
	0x58,
	0x30,
	0x82,
	0x02,
	0x40,
	0xa0,
	0x03,
	0x02,
	0x01,
	0x02,
	0x02,
	0x14,
	0x09,
	0x08,
	0x1e,
	0x7f,
	0x94,
	0x0d,
	0x16,
	0x0c,
	0xff,
	0x54,
	0x85,
	0xd4,
	0x46,
	0x85,
	0xfc,
	0x5f,
	0xcf,
	0xa1,
	0x20,
	0xe1,
	0x30,
	0x0d,
	0x06,
	0x09,
	0x2a,
	0x86,
	0x48,
	0x86,
	0xf7,
	0x0d,
	0x01,
	0x01,
	0x0b,
	0x05,
	0x00,
	0x30,
	0x22,
	0x31,
	0x0d,
	0x30,
	0x0b,
	0x06,
	0x03,
	0x55,
	0x04,
	0x03,
	0x0c,
	0x04,
	0x74,
	0x65,
	0x73,
	0x74,
	0x31,
	0x11,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x04,
	0x0a,
	0x0c,
	0x08,
	0x69,
	0x6b,
	0x65,
	0x73,
	0x63,
	0x6f,
	0x70,
	0x65,
	0x30,
	0x1e,
	0x17,
	0x0d,
	0x32,
	0x36,
	0x31,
	0x31,
	0x32,
	0x32,
	0x32,
	0x32,
	0x32,
	0x33,
	0x33,
	0x31,
	0x5a,
	0x17,
	0x0d,
	0x32,
	0x36,
	0x31,
	0x31,
	0x32,
	0x33,
	0x32,
	0x32,
	0x32,
	0x33,
	0x33,
	0x31,
	0x5a,
	0x30,
	0x22,
	0x31,
	0x0d,
	0x30,
	0x0b,
	0x06,
	0x03,
	0x55,
	0x04,
	0x03,
	0x0c,
	0x04,
	0x74,
	0x65,
	0x73,
	0x74,
	0x31,
	0x11,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x04,
	0x0a,
	0x0c,
	0x08,
	0x69,
	0x6b,
	0x65,
	0x73,
	0x63,
	0x6f,
	0x70,
	0x65,
	0x30,
	0x82,
	0x01,
	0x22,
	0x30,
	0x0d,
	0x06,
	0x09,
	0x2a,
	0x86,
	0x48,
	0x86,
	0xf7,
	0x0d,
	0x01,
	0x01,
	0x01,
	0x05,
	0x00,
	0x03,
	0x82,
	0x01,
	0x0f,
	0x00,
	0x30,
	0x82,
	0x01,
	0x0a,
	0x02,
	0x82,
	0x01,
	0x01,
	0x00,
	0xae,
	0x06,
	0x55,
	0xaf,
	0xf3,
	0x1f,
	0x8e,
	0xa2,
	0xe3,
	0x97,
	0xa8,
	0x20,
	0x40,
	0x3a,
	0x97,
	0x50,
	0x89,
	0x67,
	0x4c,
	0x94,
	0x33,
	0x05,
	0xe3,
	0x48,
	0x93,
	0x37,
	0x76,
	0xcc,
	0x0f,
	0x9a,
	0x16,
	0x92,
	0x46,
	0xad,
	0x0e,
	0xfa,
	0x97,
	0xec,
	0xf8,
	0x03,
	0xbe,
	0x93,
	0x59,
	0x8e,
	0x33,
	0x66,
	0x30,
	0x0b,
	0x2f,
	0x7b,
	0x35,
	0x9f,
	0x55,
	0x10,
	0x0c,
	0xe1,
	0x5f,
	0x17,
	0xf6,
	0x67,
	0xf9,
	0xc7,
	0xb4,
	0xce,
	0x10,
	0x38,
	0x9b,
	0xb1,
	0xd5,
	0x3c,
	0x9d,
	0x51,
	0xaf,
	0x8f,
	0xce,
	0xfe,
	0x4d,
	0x21,
	0xf5,
	0xae,
	0x59,
	0x95,
	0xa3,
	0x93,
	0x7a,
	0x51,
	0x0a,
	0xc9,
	0xba,
	0xc2,
	0xfb,
	0xce,
	0xed,
	0xd9,
	0x0a,
	0xaa,
	0x3d,
	0x59,
	0xaf,
	0xee,
	0xc5,
	0xed,
	0xda,
	0xcb,
	0x64,
	0x2b,
	0x67,
	0xdb,
	0x4b,
	0xb3,
	0x57,
	0x2e,
	0xf2,
	0x7d,
	0x40,
	0x1e,
	0x73,
	0x00,
	0xfa,
	0xc0,
	0x67,
	0xb4,
	0xae,
	0xbd,
	0x0b,
	0x64,
	0xb7,
	0xc8,
	0x97,
	0x85,
	0x4c,
	0x8c,
	0x1b,
	0xfd,
	0x59,
	0x61,
	0x02,
	0xdd,
	0xaa,
	0x9f,
	0xaa,
	0x7b,
	0x83,
	0x84,
	0x93,
	0x5d,
	0xae,
	0x27,
	0x16,
	0x3b,
	0xb6,
	0xad,
	0x6e,
	0x2a,
	0x11,
	0x79,
	0xb0,
	0x41,
	0xb9,
	0xcc,
	0x71,
	0x73,
	0x18,
	0x39,
	0x2e,
	0xd4,
	0x98,
	0xb4,
	0xae,
	0x2f,
	0xb5,
	0x25,
	0x96,
	0x11,
	0x0d,
	0x85,
	0x22,
	0x67,
	0xad,
	0x80,
	0xa8,
	0x65,
	0xc0,
	0xd7,
	0x07,
	0xfa,
	0x70,
	0xee,
	0xa7,
	0x46,
	0x94,
	0x87,
	0xc7,
	0x2a,
	0x56,
	0x87,
	0x24,
	0x4e,
	0xe3,
	0x27,
	0x4a,
	0x7d,
	0x80,
	0xa3,
	0x4a,
	0x0f,
	0x20,
	0x88,
	0x7e,
	0x6a,
	0xd0,
	0x63,
	0xb6,
	0xb7,
	0xea,
	0x0c,
	0xf5,
	0x68,
	0xa0,
	0x9a,
	0xa7,
	0xfe,
	0x94,
	0x06,
	0x72,
	0x56,
	0xc3,
	0x7e,
	0xb6,
	0xf8,
	0x38,
	0x20,
	0xa2,
	0x60,
	0xf9,
	0x20,
	0x32,
	0x58,
	0x03,
	0xd0,
	0xe9,
	0x00,
	0xba,
	0x40,
	0x41,
	0xbb,
	0xcd,
	0x20,
	0x65,
	0xc2,
	0x4a,
	0x39,
	0x1c,
	0xd9,
	0x28,
	0xd3,
	0x02,
	0x03,
	0x01,
	0x00,
	0x01,
	0xa3,
	0x81,
	0x85,
	0x30,
	0x81,
	0x82,
	0x30,
	0x1d,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x0e,
	0x04,
	0x16,
	0x04,
	0x14,
	0x83,
	0x16,
	0x05,
	0x52,
	0x71,
	0x2a,
	0x1d,
	0x72,
	0xfa,
	0x81,
	0x0a,
	0xed,
	0x74,
	0x05,
	0x2c,
	0x81,
	0x20,
	0x9e,
	0x37,
	0xca,
	0x30,
	0x1f,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x23,
	0x04,
	0x18,
	0x30,
	0x16,
	0x80,
	0x14,
	0x83,
	0x16,
	0x05,
	0x52,
	0x71,
	0x2a,
	0x1d,
	0x72,
	0xfa,
	0x81,
	0x0a,
	0xed,
	0x74,
	0x05,
	0x2c,
	0x81,
	0x20,
	0x9e,
	0x37,
	0xca,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x13,
	0x01,
	0x01,
	0xff,
	0x04,
	0x05,
	0x30,
	0x03,
	0x01,
	0x01,
	0xff,
	0x30,
	0x2f,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x11,
	0x04,
	0x28,
	0x30,
	0x26,
	0x82,
	0x0f,
	0x76,
	0x70,
	0x6e,
	0x2e,
	0x65,
	0x78,
	0x61,
	0x6d,
	0x70,
	0x6c,
	0x65,
	0x2e,
	0x63,
	0x6f,
	0x6d,
	0x87,
	0x04,
	0xc0,
	0x00,
	0x02,
	0x01,
	0x81,
	0x0d,
	0x61,
	0x40,
	0x65,
	0x78,
	0x61,
	0x6d,
	0x70,
	0x6c,
	0x65,
	0x2e,
	0x63,
	0x6f,
	0x6d,
	0x30,
	0x0d,
	0x06,
	0x09,
	0x2a,
	0x86,
	0x48,
	0x86,
	0xf7,
	0x0d,
	0x01,
	0x01,
	0x0b,
	0x05,
	0x00,
	0x03,
	0x82,
	0x01,
	0x01,
	0x00,
	0x07,
	0x47,
	0xa2,
	0x5c,
	0xba,
	0x9d,
	0xe1,
	0xe2,
	0x69,
	0x1b,
	0x8b,
	0x91,
	0x2c,
	0xfd,
	0x35,
	0x5e,
	0xf1,
	0x0a,
	0xd5,
	0xe4,
	0x4e,
	0xca,
	0x13,
	0x70,
	0xb8,
	0x33,
	0xe9,
	0x28,
	0x0d,
	0x08,
	0xc4,
	0xaf,
	0x38,
	0xcc,
	0x86,
	0x69,
	0x39,
	0xdc,
	0x9c,
	0x95,
	0x4c,
	0xc2,
	0x34,
	0x32,
	0x7b,
	0x2a,
	0xfb,
	0x9b,
	0x04,
	0xc6,
	0xf2,
	0xf4,
	0x10,
	0x13,
	0x25,
	0xda,
	0x36,
	0x4b,
	0x27,
	0x26,
	0x83,
	0x42,
	0x50,
	0x43,
	0x59,
	0xee,
	0x77,
	0xf3,
	0xe1,
	0x30,
	0xdc,
	0x1e,
	0x0e,
	0x94,
	0x28,
	0x46,
	0x1c,
	0x1a,
	0xb9,
	0x04,
	0x49,
	0x38,
	0x6f,
	0x4c,
	0xb7,
	0x4d,
	0x8c,
	0x2d,
	0x96,
	0xc7,
	0x24,
	0x5a,
	0x30,
	0xaa,
	0x29,
	0xa0,
	0xef,
	0xdf,
	0x01,
	0x6d,
	0xb8,
	0x2a,
	0x77,
	0xa7,
	0x6e,
	0x38,
	0x1d,
	0x6f,
	0xf2,
	0xe2,
	0xce,
	0x0e,
	0x4d,
	0x91,
	0xc5,
	0xb1,
	0x3f,
	0xac,
	0x42,
	0x2f,
	0xa8,
	0xa2,
	0x47,
	0x71,
	0xf3,
	0x10,
	0x2c,
	0xf7,
	0x0f,
	0xbc,
	0x23,
	0xfb,
	0x49,
	0xf4,
	0x6f,
	0xc4,
	0x5f,
	0x47,
	0xa6,
	0x3d,
	0xaf,
	0xfa,
	0x31,
	0x75,
	0x8e,
	0x63,
	0xd7,
	0x01,
	0x1c,
	0x40,
	0x68,
	0xb0,
	0x5e,
	0x6a,
	0x54,
	0xbd,
	0x31,
	0x1d,
	0xc4,
	0x8d,
	0x39,
	0xcb,
	0x2d,
	0xe4,
	0xab,
	0x0c,
	0x96,
	0xa4,
	0x3d,
	0xcc,
	0x27,
	0xaf,
	0x01,
	0xef,
	0xc5,
	0xff,
	0x35,
	0x44,
	0xcb,
	0xdc,
	0xc0,
	0x63,
	0x1e,
	0xbd,
	0x88,
	0x99,
	0x67,
	0x69,
	0xdf,
	0xfe,
	0xa7,
	0xf7,
	0x93,
	0x80,
	0xb1,
	0x87,
	0xb2,
	0x18,
	0x5a,
	0x03,
	0x9d,
	0x9b,
	0x16,
	0xa7,
	0x51,
	0xa7,
	0x79,
	0x58,
	0x7e,
	0x82,
	0xd5,
	0x68,
	0x22,
	0x33,
	0xd5,
	0xbd,
	0x22,
	0x0d,
	0x23,
	0xb9,
	0x00,
	0xa1,
	0x52,
	0x8c,
	0xef,
	0xa6,
	0x48,
	0x9a,
	0xee,
	0xbf,
	0x2f,
	0x5f,
	0x50,
	0xec,
	0x50,
	0x62,
	0x77,
	0x29,
	0x10,
	0x82,
	0xd8,
	0x03,
	0x8b,
	0xfe,
	0xd1,
	0x0e,
	0xc3,
	0xd1,
	0x76,
	0x50,
	0x3d,
	0xfc,
	0x29,
	0x41,
	0x42,
	0xe0,
};

static const uint8_t cert_ec[] = {
	0x30,
	0x82,
	0x01,
	0xa0,
	0x30,
	0x82,
	0x01,
	0x45,
	0xa0,
	0x03,
	0x02,
	0x01,
	0x02,
	0x02,
	0x14,
	0x73,
	0x3a,
	0x43,
	0x34,
	0x3a,
	0x00,
	0xcb,
	0xe1,
	0xf4,
	0x01,
	0x3c,
	0x6c,
	0xe8,
	0x56,
	0x34,
	0x45,
	0xac,
	0x54,
	0xb0,
	0xbd,
	0x30,
	0x0a,
	0x06,
	0x08,
	0x2a,
	0x86,
	0x48,
	0xce,
	0x3d,
	0x04,
	0x03,
	0x02,
	0x30,
	0x25,
	0x31,
	0x10,
	0x30,
	0x0e,
	0x06,
	0x03,
	0x55,
	0x04,
	0x03,
	0x0c,
	0x07,
	0x65,
	0x63,
	0x20,
	0x74,
	0x65,
	0x73,
	0x74,
	0x31,
	0x11,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x04,
	0x0a,
	0x0c,
	0x08,
	0x69,
	0x6b,
	0x65,
	0x73,
	0x63,
	0x6f,
	0x70,
	0x65,
	0x30,
	0x1e,
	0x17,
	0x0d,
	0x32,
	0x36,
	0x31,
	0x31,
	0x32,
	0x32,
	0x32,
	0x32,
	0x32,
	0x33,
	0x33,
	0x31,
	0x5a,
	0x17,
	0x0d,
	0x32,
	0x36,
	0x31,
	0x31,
	0x32,
	0x33,
	0x32,
	0x32,
	0x32,
	0x33,
	0x33,
	0x31,
	0x5a,
	0x30,
	0x25,
	0x31,
	0x10,
	0x30,
	0x0e,
	0x06,
	0x03,
	0x55,
	0x04,
	0x03,
	0x0c,
	0x07,
	0x65,
	0x63,
	0x20,
	0x74,
	0x65,
	0x73,
	0x74,
	0x31,
	0x11,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x04,
	0x0a,
	0x0c,
	0x08,
	0x69,
	0x6b,
	0x65,
	0x73,
	0x63,
	0x6f,
	0x70,
	0x65,
	0x30,
	0x59,
	0x30,
	0x13,
	0x06,
	0x07,
	0x2a,
	0x86,
	0x48,
	0xce,
	0x3d,
	0x02,
	0x01,
	0x06,
	0x08,
	0x2a,
	0x86,
	0x48,
	0xce,
	0x3d,
	0x03,
	0x01,
	0x07,
	0x03,
	0x42,
	0x00,
	0x04,
	0x60,
	0xf3,
	0xaf,
	0x76,
	0x5c,
	0x3d,
	0x26,
	0xd1,
	0xf8,
	0x33,
	0x51,
	0xf8,
	0x58,
	0xb3,
	0x1a,
	0xaa,
	0xe8,
	0x75,
	0x58,
	0x42,
	0x0e,
	0x41,
	0xe8,
	0x90,
	0x68,
	0xa5,
	0x24,
	0x41,
	0x80,
	0xf8,
	0x5c,
	0xdc,
	0xff,
	0x28,
	0xd3,
	0x52,
	0x3c,
	0x2e,
	0xcc,
	0xe7,
	0x14,
	0x47,
	0x8e,
	0x25,
	0xee,
	0x61,
	0x3b,
	0x62,
	0x1a,
	0x90,
	0xea,
	0xa6,
	0x54,
	0x4f,
	0x7b,
	0xd2,
	0x4e,
	0x22,
	0xc3,
	0x30,
	0x08,
	0x8f,
	0x8e,
	0x9d,
	0xa3,
	0x53,
	0x30,
	0x51,
	0x30,
	0x1d,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x0e,
	0x04,
	0x16,
	0x04,
	0x14,
	0x9e,
	0x8a,
	0x99,
	0xb2,
	0x0b,
	0x6a,
	0x8b,
	0x4e,
	0x42,
	0x66,
	0xd8,
	0xf7,
	0x06,
	0xcf,
	0x27,
	0xbb,
	0xad,
	0x0d,
	0x6e,
	0xdc,
	0x30,
	0x1f,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x23,
	0x04,
	0x18,
	0x30,
	0x16,
	0x80,
	0x14,
	0x9e,
	0x8a,
	0x99,
	0xb2,
	0x0b,
	0x6a,
	0x8b,
	0x4e,
	0x42,
	0x66,
	0xd8,
	0xf7,
	0x06,
	0xcf,
	0x27,
	0xbb,
	0xad,
	0x0d,
	0x6e,
	0xdc,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x1d,
	0x13,
	0x01,
	0x01,
	0xff,
	0x04,
	0x05,
	0x30,
	0x03,
	0x01,
	0x01,
	0xff,
	0x30,
	0x0a,
	0x06,
	0x08,
	0x2a,
	0x86,
	0x48,
	0xce,
	0x3d,
	0x04,
	0x03,
	0x02,
	0x03,
	0x49,
	0x00,
	0x30,
	0x46,
	0x02,
	0x21,
	0x00,
	0xae,
	0xbf,
	0x47,
	0x9e,
	0x03,
	0x1a,
	0x1b,
	0x03,
	0xe4,
	0x7c,
	0x7b,
	0xe3,
	0x4c,
	0x86,
	0xb6,
	0x56,
	0x99,
	0x3b,
	0x8c,
	0xd5,
	0xfa,
	0x7e,
	0xab,
	0x3b,
	0xc3,
	0x27,
	0xe7,
	0xd8,
	0xb9,
	0xbb,
	0x61,
	0x04,
	0x02,
	0x21,
	0x00,
	0xd3,
	0xf8,
	0x18,
	0x13,
	0xbc,
	0xd6,
	0xbb,
	0x90,
	0xcc,
	0xfa,
	0x44,
	0xdd,
	0x9b,
	0x96,
	0xa7,
	0xae,
	0x3b,
	0x74,
	0x92,
	0x56,
	0xb4,
	0x79,
	0xd6,
	0xec,
	0x0f,
	0x67,
	0x26,
	0x01,
	0x1d,
	0x8a,
	0xcb,
	0x6f,
};

/* --- building bodies ------------------------------------------------- */

#define MSG_OFF 28 /* where the payload starts in the "message" */

static uint8_t b[2048];
static size_t  bn;

static void
put8(unsigned v)
{
	b[bn++] = (uint8_t)v;
}

static void
put16(unsigned v)
{
	put8(v >> 8);
	put8(v);
}

static void
put32(uint32_t v)
{
	put16(v >> 16);
	put16(v & 0xffff);
}

static void
putb(const void *p, size_t n)
{
	memcpy(b + bn, p, n);
	bn += n;
}

static void
puts_(const char *s)
{
	putb(s, strlen(s));
}

/* Patch a 16-bit length at position at. */
static void
patch16(size_t at, size_t v)
{
	b[at] = (uint8_t)(v >> 8);
	b[at + 1] = (uint8_t)v;
}

/* TV attribute */
static void
tv(unsigned type, unsigned val)
{
	put16(0x8000 | type);
	put16(val);
}

/* TLV attribute */
static void
tlv(unsigned type, const void *p, size_t n)
{
	put16(type);
	put16((unsigned)n);
	putb(p, n);
}

/* --- dissecting ------------------------------------------------------ */

struct res {
	struct ftree	   t;
	struct dissect_ctx ctx;
	struct dstatus	   st;
	enum dstatus_code  rc;
	int32_t		   node;
};

static uint8_t msg[4096];

/*
 * Dissect body b[0..bn) as payload `type`, its generic header saying
 * 4 + bn + extra bytes, the message holding only `have` bytes of the
 * payload (have == 0: all of it).
 */
static void
run2(struct res *r, uint8_t type, size_t extra, size_t have)
{
	struct payload_ref ref;
	struct cursor	   c;
	size_t		   plen = 4 + bn;

	memset(msg, 0, sizeof(msg));
	msg[MSG_OFF] = 0;
	msg[MSG_OFF + 2] = (uint8_t)((plen + extra) >> 8);
	msg[MSG_OFF + 3] = (uint8_t)(plen + extra);
	memcpy(msg + MSG_OFF + 4, b, bn);
	memset(&ref, 0, sizeof(ref));
	ref.type = type;
	ref.length = (uint16_t)(plen + extra);
	ref.off = MSG_OFF;
	c = cur_init(msg, MSG_OFF + (have ? have : plen));
	ft_init(&r->t);
	memset(&r->ctx, 0, sizeof(r->ctx));
	r->ctx.version = 1;
	r->ctx.doi = 1;
	memset(&r->st, 0, sizeof(r->st));
	r->rc = dissect_payload(&r->t, &c, &ref, &r->ctx, &r->node, &r->st);
}

static void
run(struct res *r, uint8_t type)
{
	run2(r, type, 0, 0);
}

/* The n-th (from 0) child of node with key, or NULL. */
static const struct field *
kid(const struct res *r, int32_t node, const char *key, int n)
{
	const struct field *f = ft_get(&r->t, node);
	int32_t		    i;

	if (f == NULL)
		return NULL;
	for (i = f->child; i != FT_NONE; i = r->t.v[i].next)
		if (strcmp(r->t.v[i].key, key) == 0 && n-- == 0)
			return &r->t.v[i];
	return NULL;
}

static int32_t
idx(const struct res *r, const struct field *f)
{
	return f == NULL ? FT_NONE : (int32_t)(f - r->t.v);
}

/* Child of a child: kid(kid(node, k1, n1), k2, n2). */
static const struct field *
kid2(const struct res *r, int32_t node, const char *k1, int n1, const char *k2,
    int n2)
{
	return kid(r, idx(r, kid(r, node, k1, n1)), k2, n2);
}

static const char *
summary(const struct res *r, const struct field *f)
{
	(void)r;
	return f != NULL && f->s != NULL ? f->s : "";
}

static const char *
psum(const struct res *r)
{
	return summary(r, ft_get(&r->t, r->node));
}

static int
is_uint(const struct field *f, uint64_t v)
{
	return f != NULL && (f->type == FT_UINT || f->type == FT_ENUM) &&
	    f->u == v;
}

static int
is_enum(const struct field *f, uint64_t v, const char *name)
{
	return f != NULL && f->type == FT_ENUM && f->u == v &&
	    ((name == NULL && f->name == NULL) ||
		(name != NULL && f->name != NULL &&
		    strcmp(f->name, name) == 0));
}

static int
is_str(const struct field *f, const char *s)
{
	return f != NULL && f->type == FT_STR && f->s != NULL &&
	    strcmp(f->s, s) == 0;
}

static int
is_text(const struct field *f, const char *s)
{
	return f != NULL && f->type == FT_TEXT && f->n == strlen(s) &&
	    memcmp(f->p, s, f->n) == 0;
}

static int
is_bytes(const struct field *f, const void *p, size_t n)
{
	return f != NULL && f->type == FT_BYTES && f->n == n &&
	    (n == 0 || memcmp(f->p, p, n) == 0);
}

static int
span(const struct field *f, size_t off, size_t len)
{
	return f != NULL && f->off == off && f->len == len;
}

static int
count(const struct res *r, int32_t node, const char *key)
{
	int n = 0;

	while (kid(r, node, key, n) != NULL)
		n++;
	return n;
}

static void
done_res(struct res *r)
{
	ft_free(&r->t);
}

/*
 * Every prefix of the body as the whole message (truncated), and every
 * single bit flipped: no crash, no read outside, a status that is one
 * of the four.
 */
static void
torture(uint8_t type, const char *what)
{
	uint8_t	   save[2048];
	size_t	   n = bn, i, bad = 0;
	int	   bit;
	struct res r;

	memcpy(save, b, n);
	/* Cut by the capture: always DS_TRUNCATED, never "invalid". */
	for (i = 1; i < 4 + n; i++) {
		run2(&r, type, 0, i);
		if (r.rc != DS_TRUNCATED || r.st.code != DS_TRUNCATED) {
			if (bad++ < 3)
				printf("# %s cut at %zu: %s/%s at %zu: %s\n",
				    what, i, ds_code_name(r.rc),
				    ds_code_name(r.st.code), r.st.off,
				    r.st.msg ? r.st.msg : "");
		}
		done_res(&r);
	}
	/* All bytes there: never DS_TRUNCATED; an error is recorded. */
	for (i = 0; i < n; i++)
		for (bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1 << bit);
			run(&r, type);
			if (r.rc == DS_TRUNCATED || r.rc > DS_LIMIT ||
			    (r.rc != DS_OK && r.st.code == DS_OK)) {
				if (bad++ < 3)
					printf("# %s byte %zu bit %d: %s/%s "
					       "at %zu: %s\n",
					    what, i, bit, ds_code_name(r.rc),
					    ds_code_name(r.st.code), r.st.off,
					    r.st.msg ? r.st.msg : "");
			}
			done_res(&r);
			b[i] ^= (uint8_t)(1 << bit);
		}
	ok(bad == 0, "%s: every truncation and bit flip handled (%zu bad)",
	    what, bad);
	memcpy(b, save, n);
	bn = n;
}

/* --- registries ------------------------------------------------------- */

static void
test_registries(void)
{
	const struct reg_entry *e;

	ok(reg_name(REG_V1_XF_ESP, 20) != NULL &&
		strcmp(reg_name(REG_V1_XF_ESP, 20), "ESP_AES-GCM_16") == 0,
	    "ESP transform 20 is ESP_AES-GCM_16");
	ok(reg_name(REG_V1_XF_ESP, 17) == NULL,
	    "ESP transform 17 is unassigned");
	ok(strcmp(reg_name(REG_V1_NOTIFY, 36136), "R-U-THERE") == 0 &&
		strcmp(reg_name(REG_V1_NOTIFY, 24578), "INITIAL-CONTACT") ==
		    0 &&
		strcmp(reg_name(REG_V1_NOTIFY, 30),
		    "UNEQUAL-PAYLOAD-LENGTHS") == 0,
	    "notify names");
	ok(strcmp(reg_name(REG_V1_IKE_AUTH, 65001), "XAUTHInitPreShared") ==
		    0 &&
		strcmp(reg_name(REG_V1_IKE_AUTH, 64221), "HybridInitRSA") ==
		    0 &&
		strcmp(reg_name(REG_V1_IKE_AUTH, 9), "ECDSA-SHA256-P256") == 0,
	    "authentication methods incl. XAUTH, hybrid and RFC 4754");
	ok(strcmp(reg_name(REG_V1_GROUP_DESC, 3), "EC2N-155") == 0,
	    "group 3 is the IKEv1 EC2N group");
	ok(reg_name(REG_V1_GROUP_DESC, 14) == reg_name(REG_DH_GROUP, 14),
	    "group 14 comes from REG_DH_GROUP");
	ok(reg_name(REG_V1_IKE_PRF, 1) == NULL, "no IKEv1 PRF is assigned");
	ok(strcmp(reg_name(REG_V1_ENCAP_MODE, 61443),
	       "UDP-Encapsulated-Tunnel-draft") == 0,
	    "draft encapsulation mode");
	e = reg_lookup(REG_V1_CFG_ATTR, 16522);
	ok(e != NULL && strcmp(e->name, "XAUTH-USER-PASSWORD") == 0 &&
		e->source != NULL && e->ike_version == 1,
	    "XAUTH-USER-PASSWORD with its source");
	ok(reg_v1_transform_reg(V1_PROTO_AH) == REG_V1_XF_AH &&
		reg_v1_attr_reg(V1_PROTO_ISAKMP) == REG_V1_IKE_ATTR &&
		reg_v1_attr_value_reg(V1_PROTO_ESP, V1_IPSEC_AUTH_ALG) ==
		    REG_V1_AUTH_ALG &&
		reg_v1_attr_value_reg(V1_PROTO_ISAKMP, V1_IKE_LIFE_DURATION) ==
		    0,
	    "registry selectors");
	ok(V1_ESP_NULL_AUTH_AES_GMAC == 23 && V1_N_R_U_THERE_ACK == 36137 &&
		V1_CFGA_UNITY_BANNER == 28672,
	    "enums come from the same lists");
}

/* --- SA ------------------------------------------------------------- */

static void
build_sa2(void)
{
	static const uint8_t dur3[] = { 0x00, 0x0e, 0x10 };
	static const uint8_t dur4[] = { 0x00, 0x00, 0x70, 0x80 };
	static const uint8_t prime[12] = { 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8,
		9, 10 };
	static const uint8_t spi[4] = { 0x11, 0x22, 0x33, 0x44 };
	size_t		     p1, p2, t, l;

	bn = 0;
	put32(1); /* IPsec DOI */
	put32(1); /* SIT_IDENTITY_ONLY */
	/* Proposal 1: ISAKMP, one transform */
	p1 = bn;
	put8(2);
	put8(0);
	put16(0);
	put8(1);
	put8(1);
	put8(0);
	put8(1);
	t = bn;
	put8(0);
	put8(0);
	put16(0);
	put8(1);
	put8(1);
	put16(0);
	tv(1, 7); /* AES-CBC */
	tv(14, 256);
	tv(2, 4); /* SHA2-256 */
	tv(3, 1); /* PSK */
	tv(4, 14);
	tv(11, 1);	  /* seconds */
	tlv(12, dur4, 4); /* 28800 */
	patch16(t + 2, bn - t);
	patch16(p1 + 2, bn - p1);
	/* Proposal 2: ESP with an SPI, two transforms */
	p2 = bn;
	put8(0);
	put8(0);
	put16(0);
	put8(2);
	put8(3);
	put8(4);
	put8(2);
	putb(spi, 4);
	t = bn;
	put8(3);
	put8(0);
	put16(0);
	put8(1);
	put8(12);
	put16(0);
	tv(6, 128);
	tv(5, 5); /* HMAC-SHA2-256 */
	tv(4, 1); /* tunnel */
	tv(1, 1);
	tlv(2, dur3, 3); /* 3600 in 3 bytes */
	patch16(t + 2, bn - t);
	l = bn;
	put8(0);
	put8(0);
	put16(0);
	put8(2);
	put8(3);
	put16(0);
	tlv(3, prime, 12); /* a 12-byte value: shown as bytes */
	patch16(l + 2, bn - l);
	patch16(p2 + 2, bn - p2);
}

static void
test_sa(void)
{
	struct res	    r;
	const struct field *f, *p1, *p2, *t1, *a;
	int32_t		    n;

	build_sa2();
	run(&r, 1);
	n = r.node;
	ok(r.rc == DS_OK && r.st.code == DS_OK, "SA: dissected");
	ok(is_enum(kid(&r, n, "doi", 0), 1, "IPSEC") &&
		span(kid(&r, n, "doi", 0), MSG_OFF + 4, 4),
	    "SA: doi");
	ok(r.ctx.doi == 1, "SA: ctx->doi set");
	ok(is_uint(kid(&r, n, "situation", 0), 1) &&
		is_enum(kid(&r, n, "situation_flags", 0), 1,
		    "SIT_IDENTITY_ONLY") &&
		kid(&r, n, "situation_flags", 0)->item,
	    "SA: situation bits");
	ok(count(&r, n, "proposals") == 2, "SA: 2 proposals");
	p1 = kid(&r, n, "proposals", 0);
	p2 = kid(&r, n, "proposals", 1);
	ok(p1 != NULL && p1->item && p1->type == FT_NODE &&
		span(p1, MSG_OFF + 4 + 8, 48),
	    "SA: proposal 1 node and span");
	ok(is_uint(kid(&r, idx(&r, p1), "proposal_number", 0), 1) &&
		is_enum(kid(&r, idx(&r, p1), "protocol_id", 0), 1,
		    "PROTO_ISAKMP") &&
		is_uint(kid(&r, idx(&r, p1), "spi_size", 0), 0) &&
		is_uint(kid(&r, idx(&r, p1), "num_transforms", 0), 1),
	    "SA: proposal 1 fields");
	t1 = kid(&r, idx(&r, p1), "transforms", 0);
	ok(t1 != NULL && t1->item &&
		is_enum(kid(&r, idx(&r, t1), "transform_id", 0), 1,
		    "KEY_IKE") &&
		is_uint(kid(&r, idx(&r, t1), "transform_number", 0), 1),
	    "SA: ISAKMP transform KEY_IKE");
	ok(count(&r, idx(&r, t1), "attributes") == 7, "SA: 7 attributes");
	a = kid(&r, idx(&r, t1), "attributes", 0);
	ok(a != NULL && a->item && span(a, MSG_OFF + 4 + 24, 4) &&
		is_enum(kid(&r, idx(&r, a), "attribute_type", 0), 1,
		    "Encryption-Algorithm") &&
		is_str(kid(&r, idx(&r, a), "format", 0), "TV") &&
		is_enum(kid(&r, idx(&r, a), "value", 0), 7, "AES-CBC") &&
		span(kid(&r, idx(&r, a), "value", 0), MSG_OFF + 4 + 26, 2),
	    "SA: TV attribute Encryption-Algorithm = AES-CBC");
	a = kid(&r, idx(&r, t1), "attributes", 6);
	ok(a != NULL &&
		is_enum(kid(&r, idx(&r, a), "attribute_type", 0), 12,
		    "Life-Duration") &&
		is_str(kid(&r, idx(&r, a), "format", 0), "TLV") &&
		is_uint(kid(&r, idx(&r, a), "length", 0), 4) &&
		is_uint(kid(&r, idx(&r, a), "value", 0), 28800) &&
		kid(&r, idx(&r, a), "value", 0)->type == FT_UINT &&
		span(kid(&r, idx(&r, a), "value", 0), MSG_OFF + 4 + 52, 4) &&
		span(a, MSG_OFF + 4 + 48, 8),
	    "SA: TLV life duration 28800");
	a = kid(&r, idx(&r, t1), "attributes", 4);
	ok(a != NULL && kid(&r, idx(&r, a), "value", 0) != NULL &&
		kid(&r, idx(&r, a), "value", 0)->type == FT_ENUM &&
		kid(&r, idx(&r, a), "value", 0)->u == 14 &&
		kid(&r, idx(&r, a), "value", 0)->name ==
		    reg_name(REG_DH_GROUP, 14),
	    "SA: group description named by REG_DH_GROUP");
	ok(strncmp(summary(&r, t1), "AES-CBC-256, SHA2-256, PSK, group 14",
	       36) == 0 &&
		strstr(summary(&r, t1), "lifetime 28800 s") != NULL,
	    "SA: transform summary '%s'", summary(&r, t1));
	ok(is_enum(kid(&r, idx(&r, p2), "protocol_id", 0), 3,
	       "PROTO_IPSEC_ESP") &&
		is_bytes(kid(&r, idx(&r, p2), "spi", 0), "\x11\x22\x33\x44",
		    4) &&
		span(kid(&r, idx(&r, p2), "spi", 0), MSG_OFF + 4 + 64, 4),
	    "SA: ESP proposal with SPI");
	f = kid2(&r, idx(&r, p2), "transforms", 0, "transform_id", 0);
	ok(is_enum(f, 12, "ESP_AES-CBC"),
	    "SA: ESP transform id named by "
	    "the ESP registry");
	a = kid2(&r, idx(&r, p2), "transforms", 0, "attributes", 1);
	ok(a != NULL &&
		is_enum(kid(&r, idx(&r, a), "attribute_type", 0), 5,
		    "Authentication-Algorithm") &&
		is_enum(kid(&r, idx(&r, a), "value", 0), 5, "HMAC-SHA2-256"),
	    "SA: IPsec attribute Authentication-Algorithm");
	a = kid2(&r, idx(&r, p2), "transforms", 0, "attributes", 4);
	ok(a != NULL && is_uint(kid(&r, idx(&r, a), "value", 0), 3600) &&
		kid(&r, idx(&r, a), "value", 0)->len == 3,
	    "SA: 3-byte life duration read as a number");
	ok(strcmp(summary(&r, kid(&r, idx(&r, p2), "transforms", 0)),
	       "AES-CBC-128, HMAC-SHA2-256, Tunnel, lifetime 3600 s") == 0,
	    "SA: ESP transform summary '%s'",
	    summary(&r, kid(&r, idx(&r, p2), "transforms", 0)));
	a = kid2(&r, idx(&r, p2), "transforms", 1, "attributes", 0);
	ok(a != NULL && kid(&r, idx(&r, a), "value", 0) != NULL &&
		kid(&r, idx(&r, a), "value", 0)->type == FT_BYTES &&
		kid(&r, idx(&r, a), "value", 0)->n == 12,
	    "SA: 12-byte value shown as bytes");
	ok(is_enum(kid2(&r, idx(&r, p2), "transforms", 1, "transform_id", 0), 3,
	       "ESP_3DES"),
	    "SA: second ESP transform");
	ok(strcmp(summary(&r, p2), "ESP: 2 transforms") == 0,
	    "SA: proposal summary '%s'", summary(&r, p2));
	ok(strcmp(psum(&r), "IPsec DOI, 2 proposals, 3 transforms") == 0,
	    "SA: summary '%s'", psum(&r));
	done_res(&r);
	torture(1, "SA");

	/* One proposal, one transform: the summary in words. */
	bn = 0;
	build_sa2();
	b[8] = 0; /* proposal 1 is the last */
	bn = 8 + 48;
	run(&r, 1);
	ok(r.rc == DS_OK &&
		strncmp(psum(&r),
		    "IPsec DOI, 1 proposal: ISAKMP: "
		    "AES-CBC-256, SHA2-256, PSK, group 14",
		    67) == 0 &&
		strstr(psum(&r), "lifetime 28800 s") != NULL,
	    "SA: single proposal summary '%s'", psum(&r));
	done_res(&r);

	/* Truncated by the capture inside proposal 2. */
	build_sa2();
	run2(&r, 1, 0, 4 + 56 + 10);
	ok(r.rc == DS_TRUNCATED && r.st.code == DS_TRUNCATED &&
		r.st.off == MSG_OFF + 4 + 56 + 2,
	    "SA: truncated proposal reported at its length field (%s at %zu)",
	    ds_code_name(r.st.code), r.st.off);
	ok(count(&r, r.node, "proposals") == 2 &&
		is_uint(kid2(&r, r.node, "proposals", 1, "proposal_number", 0),
		    2),
	    "SA: what was read stays in the tree");
	ok(r.t.open == FT_NONE && r.t.depth == 0, "SA: every node closed");
	done_res(&r);

	/* Malformed: a TLV attribute runs past its transform. */
	build_sa2();
	b[8 + 8 + 8 + 24 + 2] = 0; /* Life-Duration length 4 -> 200 */
	b[8 + 8 + 8 + 24 + 3] = 200;
	run(&r, 1);
	ok(r.rc == DS_INVALID && r.st.code == DS_INVALID &&
		r.st.off == MSG_OFF + 4 + 8 + 8 + 8 + 24 + 2,
	    "SA: attribute length past its transform is invalid at the "
	    "length field (%s at %zu: %s)",
	    ds_code_name(r.st.code), r.st.off, r.st.msg ? r.st.msg : "");
	ok(r.t.open == FT_NONE, "SA: nodes closed after the error");
	done_res(&r);

	/* Malformed: proposal length 0. */
	build_sa2();
	patch16(8 + 2, 0);
	run(&r, 1);
	ok(r.rc == DS_INVALID && r.st.off == MSG_OFF + 4 + 8 + 2 &&
		count(&r, r.node, "proposals") == 1,
	    "SA: proposal length 0 is invalid, the walk stops (%s at %zu)",
	    ds_code_name(r.st.code), r.st.off);
	done_res(&r);

	/* Unknown DOI: the rest as bytes, no error. */
	bn = 0;
	put32(77);
	put32(0xdeadbeef);
	run(&r, 1);
	ok(r.rc == DS_OK && is_enum(kid(&r, r.node, "doi", 0), 77, NULL) &&
		kid(&r, r.node, "doi_specific_data", 0) != NULL &&
		r.ctx.doi == 77,
	    "SA: unknown DOI");
	done_res(&r);
}

/* --- ID --------------------------------------------------------------- */

/* CN=test,O=ikescope as DER (O first: RFC 2253 prints it last). */
static const uint8_t dn_der[] = {
	0x30,
	0x22,
	0x31,
	0x11,
	0x30,
	0x0f,
	0x06,
	0x03,
	0x55,
	0x04,
	0x0a,
	0x0c,
	0x08,
	'i',
	'k',
	'e',
	's',
	'c',
	'o',
	'p',
	'e',
	0x31,
	0x0d,
	0x30,
	0x0b,
	0x06,
	0x03,
	0x55,
	0x04,
	0x03,
	0x0c,
	0x04,
	't',
	'e',
	's',
	't',
};

static void
id_hdr(unsigned type, unsigned proto, unsigned port)
{
	bn = 0;
	put8(type);
	put8(proto);
	put16(port);
}

static void
test_id(void)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t v6m[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff };
	static const uint8_t a4[4] = { 192, 0, 2, 1 };
	struct res	     r;
	const struct field  *f;
	int32_t		     n;
	uint8_t		     gn[2 + sizeof(dn_der)];

	id_hdr(1, 17, 500);
	putb(a4, 4);
	run(&r, 5);
	n = r.node;
	ok(r.rc == DS_OK && is_enum(kid(&r, n, "id_type", 0), 1, "IPV4_ADDR") &&
		is_uint(kid(&r, n, "ip_protocol", 0), 17) &&
		is_uint(kid(&r, n, "port", 0), 500) &&
		span(kid(&r, n, "port", 0), MSG_OFF + 6, 2),
	    "ID: header fields");
	f = kid(&r, n, "id", 0);
	ok(f != NULL && f->type == FT_IPV4 && memcmp(f->p, a4, 4) == 0 &&
		span(f, MSG_OFF + 8, 4),
	    "ID: IPV4_ADDR as an address");
	ok(strcmp(psum(&r), "IPV4_ADDR 192.0.2.1 proto 17 port 500") == 0,
	    "ID: summary '%s'", psum(&r));
	done_res(&r);
	torture(5, "ID IPV4_ADDR");

	id_hdr(2, 0, 0);
	puts_("vpn.example.com");
	run(&r, 5);
	ok(is_text(kid(&r, r.node, "id", 0), "vpn.example.com") &&
		strcmp(psum(&r), "FQDN vpn.example.com") == 0,
	    "ID: FQDN as text, summary '%s'", psum(&r));
	done_res(&r);

	id_hdr(3, 0, 0);
	puts_("alice@example.com\x01");
	run(&r, 5);
	ok(kid(&r, r.node, "id", 0) != NULL &&
		kid(&r, r.node, "id", 0)->type == FT_TEXT &&
		strcmp(psum(&r), "USER_FQDN alice@example.com?") == 0,
	    "ID: USER_FQDN, control byte made safe in '%s'", psum(&r));
	done_res(&r);

	id_hdr(4, 17, 500);
	put32(0x0a000000);
	put32(0xffffff00);
	run(&r, 5);
	n = r.node;
	ok(kid(&r, n, "address", 0) != NULL &&
		kid(&r, n, "address", 0)->type == FT_IPV4 &&
		kid(&r, n, "mask", 0) != NULL &&
		span(kid(&r, n, "mask", 0), MSG_OFF + 12, 4) &&
		is_uint(kid(&r, n, "prefix_length", 0), 24),
	    "ID: IPV4_ADDR_SUBNET address, mask, prefix");
	ok(strcmp(psum(&r), "IPV4_ADDR_SUBNET 10.0.0.0/24 proto 17 port 500") ==
		0,
	    "ID: summary '%s'", psum(&r));
	done_res(&r);
	torture(5, "ID IPV4_ADDR_SUBNET");

	id_hdr(5, 0, 0);
	putb(v6, 16);
	run(&r, 5);
	ok(kid(&r, r.node, "id", 0) != NULL &&
		kid(&r, r.node, "id", 0)->type == FT_IPV6 &&
		strcmp(psum(&r), "IPV6_ADDR 2001:db8::1") == 0,
	    "ID: IPV6_ADDR '%s'", psum(&r));
	done_res(&r);

	id_hdr(6, 0, 0);
	putb(v6, 16);
	putb(v6m, 16);
	run(&r, 5);
	ok(kid(&r, r.node, "address", 0)->type == FT_IPV6 &&
		is_uint(kid(&r, r.node, "prefix_length", 0), 64),
	    "ID: IPV6_ADDR_SUBNET /64");
	done_res(&r);

	id_hdr(7, 0, 0);
	put32(0x0a000001);
	put32(0x0a0000fe);
	run(&r, 5);
	ok(kid(&r, r.node, "start", 0) != NULL &&
		kid(&r, r.node, "end", 0) != NULL &&
		strcmp(psum(&r), "IPV4_ADDR_RANGE 10.0.0.1-10.0.0.254") == 0,
	    "ID: IPV4_ADDR_RANGE '%s'", psum(&r));
	done_res(&r);

	id_hdr(8, 0, 0);
	putb(v6, 16);
	putb(v6, 16);
	run(&r, 5);
	ok(kid(&r, r.node, "end", 0) != NULL &&
		kid(&r, r.node, "end", 0)->type == FT_IPV6,
	    "ID: IPV6_ADDR_RANGE");
	done_res(&r);

	id_hdr(9, 0, 0);
	putb(dn_der, sizeof(dn_der));
	run(&r, 5);
	ok(r.rc == DS_OK &&
		is_str(kid(&r, r.node, "id", 0), "CN=test,O=ikescope") &&
		is_bytes(kid(&r, r.node, "id_data", 0), dn_der,
		    sizeof(dn_der)) &&
		strcmp(psum(&r), "DER_ASN1_DN CN=test,O=ikescope") == 0,
	    "ID: DER_ASN1_DN through x509_dn_str '%s'", psum(&r));
	done_res(&r);
	torture(5, "ID DER_ASN1_DN");

	id_hdr(10, 0, 0);
	put8(0x82);
	put8(15);
	puts_("vpn.example.com");
	run(&r, 5);
	ok(is_str(kid(&r, r.node, "id", 0), "DNS:vpn.example.com"),
	    "ID: DER_ASN1_GN dNSName");
	done_res(&r);

	gn[0] = 0xa4;
	gn[1] = sizeof(dn_der);
	memcpy(gn + 2, dn_der, sizeof(dn_der));
	id_hdr(10, 0, 0);
	putb(gn, sizeof(gn));
	run(&r, 5);
	ok(is_str(kid(&r, r.node, "id", 0), "DirName:CN=test,O=ikescope"),
	    "ID: DER_ASN1_GN directoryName");
	done_res(&r);

	id_hdr(11, 0, 0);
	puts_("group1");
	run(&r, 5);
	ok(is_bytes(kid(&r, r.node, "id", 0), "group1", 6) &&
		strcmp(psum(&r), "KEY_ID group1") == 0,
	    "ID: KEY_ID '%s'", psum(&r));
	done_res(&r);

	/* ID_LIST (RFC 3554): ID payloads with their generic headers. */
	id_hdr(12, 0, 0);
	put8(5);
	put8(0);
	put16(12);
	put8(1);
	put8(0);
	put16(0);
	putb(a4, 4);
	put8(0);
	put8(0);
	put16(8 + 7);
	put8(2);
	put8(0);
	put16(0);
	puts_("a.b.cd");
	put8(0);
	b[bn - 1] = 'e';
	run(&r, 5);
	ok(r.rc == DS_OK && count(&r, r.node, "ids") == 2 &&
		is_enum(kid2(&r, r.node, "ids", 1, "id_type", 0), 2, "FQDN") &&
		is_text(kid2(&r, r.node, "ids", 1, "id", 0), "a.b.cde") &&
		strcmp(psum(&r), "LIST IPV4_ADDR 192.0.2.1; FQDN a.b.cde") == 0,
	    "ID: LIST of two '%s'", psum(&r));
	done_res(&r);
	torture(5, "ID LIST");

	/* Wrong size: all bytes there, so invalid. */
	id_hdr(1, 0, 0);
	put8(1);
	put8(2);
	put8(3);
	run(&r, 5);
	ok(r.rc == DS_INVALID && r.st.off == MSG_OFF + 8 &&
		kid(&r, r.node, "id", 0) != NULL &&
		kid(&r, r.node, "id", 0)->type == FT_BYTES,
	    "ID: 3-byte IPV4_ADDR is invalid, kept as bytes");
	done_res(&r);
}

/* --- N, D ----------------------------------------------------------- */

static void
test_notify(void)
{
	static const uint8_t spi[4] = { 0xca, 0xfe, 0xba, 0xbe };
	static const uint8_t cookies[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
		12, 13, 14, 15, 16 };
	static const uint8_t d4[4] = { 0, 0, 0x0e, 0x10 };
	struct res	     r;
	int32_t		     n;

	bn = 0;
	put32(1);
	put8(3);
	put8(4);
	put16(24576);
	putb(spi, 4);
	tv(1, 1);
	tlv(2, d4, 4);
	run(&r, 11);
	n = r.node;
	ok(r.rc == DS_OK && is_enum(kid(&r, n, "doi", 0), 1, "IPSEC") &&
		is_enum(kid(&r, n, "protocol_id", 0), 3, "PROTO_IPSEC_ESP") &&
		is_uint(kid(&r, n, "spi_size", 0), 4) &&
		is_enum(kid(&r, n, "notify_type", 0), 24576,
		    "RESPONDER-LIFETIME") &&
		span(kid(&r, n, "notify_type", 0), MSG_OFF + 10, 2) &&
		is_bytes(kid(&r, n, "spi", 0), spi, 4) &&
		kid(&r, n, "data", 0) != NULL &&
		span(kid(&r, n, "data", 0), MSG_OFF + 16, 12),
	    "N: RESPONDER-LIFETIME fields");
	ok(count(&r, n, "attributes") == 2 &&
		is_enum(kid2(&r, n, "attributes", 0, "value", 0), 1,
		    "seconds") &&
		is_uint(kid2(&r, n, "attributes", 1, "value", 0), 3600),
	    "N: RESPONDER-LIFETIME attributes decoded");
	ok(strcmp(psum(&r), "RESPONDER-LIFETIME 3600 s (ESP SPI 0xcafebabe)") ==
		0,
	    "N: summary '%s'", psum(&r));
	done_res(&r);
	torture(11, "N RESPONDER-LIFETIME");

	bn = 0;
	put32(1);
	put8(1);
	put8(16);
	put16(36136);
	putb(cookies, 16);
	put32(12345);
	run(&r, 11);
	ok(r.rc == DS_OK &&
		is_uint(kid(&r, r.node, "sequence_number", 0), 12345) &&
		span(kid(&r, r.node, "sequence_number", 0), MSG_OFF + 28, 4) &&
		strcmp(psum(&r), "R-U-THERE seq 12345") == 0,
	    "N: DPD R-U-THERE '%s'", psum(&r));
	done_res(&r);

	bn = 0;
	put32(1);
	put8(1);
	put8(0);
	put16(24578);
	run(&r, 11);
	ok(r.rc == DS_OK && strcmp(psum(&r), "INITIAL-CONTACT") == 0 &&
		kid(&r, r.node, "data", 0) == NULL,
	    "N: INITIAL-CONTACT");
	done_res(&r);

	bn = 0;
	put32(1);
	put8(1);
	put8(0);
	put16(24577);
	put32(1);
	run(&r, 11);
	ok(kid(&r, r.node, "replay_detection", 0) != NULL &&
		kid(&r, r.node, "replay_detection", 0)->u == 1,
	    "N: REPLAY-STATUS flag");
	done_res(&r);

	bn = 0;
	put32(1);
	put8(3);
	put8(4);
	put16(50000);
	putb(spi, 4);
	put16(0xabcd);
	run(&r, 11);
	ok(r.rc == DS_OK &&
		strcmp(psum(&r),
		    "UNKNOWN(50000) (ESP SPI "
		    "0xcafebabe)") == 0 &&
		is_bytes(kid(&r, r.node, "data", 0), "\xab\xcd", 2),
	    "N: unknown type, data as bytes");
	done_res(&r);
}

static void
test_delete(void)
{
	struct res r;
	int32_t	   n;

	bn = 0;
	put32(1);
	put8(3);
	put8(4);
	put16(3);
	put32(0x12345678);
	put32(0x9abcdef0);
	put32(0x0badf00d);
	run(&r, 12);
	n = r.node;
	ok(r.rc == DS_OK && is_uint(kid(&r, n, "num_spis", 0), 3) &&
		count(&r, n, "spis") == 3 && kid(&r, n, "spis", 2)->item &&
		is_bytes(kid(&r, n, "spis", 1), "\x9a\xbc\xde\xf0", 4) &&
		span(kid(&r, n, "spis", 2), MSG_OFF + 20, 4),
	    "D: three ESP SPIs as a list");
	ok(strcmp(psum(&r), "ESP 3 SPIs: 0x12345678, 0x9abcdef0, 0x0badf00d") ==
		0,
	    "D: summary '%s'", psum(&r));
	done_res(&r);
	torture(12, "D");

	bn = 0;
	put32(1);
	put8(3);
	put8(4);
	put16(3);
	put32(0x12345678);
	run(&r, 12);
	ok(r.rc == DS_INVALID && r.st.off == MSG_OFF + 16 &&
		count(&r, r.node, "spis") == 1,
	    "D: fewer SPIs than counted is invalid");
	done_res(&r);
}

/* --- ATTR (Mode-Config, XAUTH) -------------------------------------- */

static int
find_secret_text(const struct res *r, const char *s)
{
	size_t i;

	for (i = 0; i < r->t.n; i++)
		if (r->t.v[i].type == FT_TEXT && r->t.v[i].n == strlen(s) &&
		    memcmp(r->t.v[i].p, s, r->t.v[i].n) == 0)
			return r->t.v[i].secret ? 1 : 0;
	return -1;
}

static void
test_attr(void)
{
	static const uint8_t ip[4] = { 10, 1, 0, 5 };
	static const uint8_t mask[4] = { 255, 255, 255, 0 };
	struct res	     r;
	const struct field  *a;
	size_t		     i;
	int		     leaked = 0;

	/* XAUTH request from the gateway. */
	bn = 0;
	put8(1);
	put8(0);
	put16(0x1234);
	tv(16520, 0);
	tlv(16521, "", 0);
	tlv(16522, "", 0);
	run(&r, 14);
	ok(r.rc == DS_OK &&
		is_enum(kid(&r, r.node, "cfg_type", 0), 1,
		    "ISAKMP_CFG_REQUEST") &&
		is_uint(kid(&r, r.node, "identifier", 0), 0x1234) &&
		count(&r, r.node, "attributes") == 3,
	    "ATTR: XAUTH request");
	ok(is_enum(kid2(&r, r.node, "attributes", 0, "value", 0), 0, "Generic"),
	    "ATTR: XAUTH-TYPE Generic");
	ok(strcmp(psum(&r),
	       "REQUEST: XAUTH-TYPE Generic, XAUTH-USER-NAME, "
	       "XAUTH-USER-PASSWORD") == 0,
	    "ATTR: summary '%s'", psum(&r));
	done_res(&r);

	/* The client's answer: the password is secret. */
	bn = 0;
	put8(2);
	put8(0);
	put16(0x1234);
	tlv(16521, "alice", 5);
	tlv(16522, "s3cret", 6);
	run(&r, 14);
	a = kid(&r, r.node, "attributes", 0);
	ok(r.rc == DS_OK &&
		is_enum(kid(&r, idx(&r, a), "attribute_type", 0), 16521,
		    "XAUTH-USER-NAME") &&
		is_text(kid(&r, idx(&r, a), "value", 0), "alice") &&
		span(kid(&r, idx(&r, a), "value", 0), MSG_OFF + 12, 5),
	    "ATTR: XAUTH-USER-NAME as text");
	ok(find_secret_text(&r, "s3cret") == 1,
	    "ATTR: XAUTH-USER-PASSWORD is marked secret");
	ok(find_secret_text(&r, "alice") == 0, "ATTR: user name is not secret");
	for (i = 0; i < r.t.n; i++)
		if (r.t.v[i].s != NULL && strstr(r.t.v[i].s, "s3cret") != NULL)
			leaked = 1;
	ok(!leaked &&
		strcmp(psum(&r),
		    "REPLY: XAUTH-USER-NAME alice, "
		    "XAUTH-USER-PASSWORD (hidden)") == 0,
	    "ATTR: no summary shows the password '%s'", psum(&r));
	done_res(&r);
	torture(14, "ATTR XAUTH");

	/* Mode-Config reply. */
	bn = 0;
	put8(2);
	put8(0);
	put16(7);
	tlv(1, ip, 4);
	tlv(2, mask, 4);
	tlv(28672, "Hello\n", 6);
	tv(16527, 1);
	run(&r, 14);
	a = kid(&r, r.node, "attributes", 0);
	ok(r.rc == DS_OK && kid(&r, idx(&r, a), "value", 0) != NULL &&
		kid(&r, idx(&r, a), "value", 0)->type == FT_IPV4,
	    "ATTR: INTERNAL_IP4_ADDRESS as an address");
	ok(is_text(kid2(&r, r.node, "attributes", 2, "value", 0), "Hello\n"),
	    "ATTR: UNITY_BANNER as text");
	ok(is_enum(kid2(&r, r.node, "attributes", 3, "value", 0), 1, "OK"),
	    "ATTR: XAUTH-STATUS OK");
	ok(strcmp(psum(&r),
	       "REPLY: INTERNAL_IP4_ADDRESS 10.1.0.5, "
	       "INTERNAL_IP4_NETMASK 255.255.255.0, UNITY_BANNER Hello?, "
	       "XAUTH-STATUS OK") == 0,
	    "ATTR: summary '%s'", psum(&r));
	done_res(&r);
}

/* --- NAT-OA, NAT-D, FRAG, VID, KE, unknown ------------------------------ */

static void
test_misc(void)
{
	static const uint8_t a4[4] = { 192, 168, 1, 10 };
	struct res	     r;
	const struct field  *f;

	bn = 0;
	put8(1);
	put8(0);
	put16(0);
	putb(a4, 4);
	run(&r, 21);
	f = kid(&r, r.node, "address", 0);
	ok(r.rc == DS_OK &&
		is_enum(kid(&r, r.node, "id_type", 0), 1, "IPV4_ADDR") &&
		f != NULL && f->type == FT_IPV4 && span(f, MSG_OFF + 8, 4) &&
		strcmp(psum(&r), "IPV4_ADDR 192.168.1.10") == 0,
	    "NAT-OA: RFC 3947 '%s'", psum(&r));
	done_res(&r);
	run(&r, 131);
	ok(r.rc == DS_OK && kid(&r, r.node, "address", 0) != NULL,
	    "NAT-OA: draft type 131");
	done_res(&r);
	torture(21, "NAT-OA");

	bn = 0;
	putb("\x1a\x2b\x3c\x4d\x5e\x6f\x70\x81\x92\xa3\xb4\xc5\xd6\xe7\xf8\x09"
	     "\x10\x20\x30\x40",
	    20);
	run(&r, 20);
	ok(r.rc == DS_OK && kid(&r, r.node, "hash", 0) != NULL &&
		kid(&r, r.node, "hash", 0)->n == 20 &&
		strcmp(psum(&r), "hash 1a2b3c4d5e6f...") == 0,
	    "NAT-D: hash '%s'", psum(&r));
	done_res(&r);
	run(&r, 130);
	ok(r.rc == DS_OK && kid(&r, r.node, "hash", 0) != NULL,
	    "NAT-D: draft type 130");
	done_res(&r);
	run(&r, 15);
	ok(r.rc == DS_OK && kid(&r, r.node, "hash", 0) != NULL &&
		strncmp(psum(&r), "NAT-D (draft): hash", 19) == 0,
	    "NAT-D: draft type 15 outside GDOI");
	done_res(&r);

	bn = 0;
	put16(0x0102);
	put8(2);
	put8(1);
	putb("0123456789", 10);
	run(&r, 132);
	ok(r.rc == DS_OK &&
		is_uint(kid(&r, r.node, "fragment_id", 0), 0x0102) &&
		is_uint(kid(&r, r.node, "fragment_number", 0), 2) &&
		is_uint(kid(&r, r.node, "flags", 0), 1) &&
		kid(&r, r.node, "last_fragment", 0) != NULL &&
		kid(&r, r.node, "last_fragment", 0)->u == 1 &&
		is_bytes(kid(&r, r.node, "fragment_data", 0), "0123456789",
		    10) &&
		span(kid(&r, r.node, "fragment_data", 0), MSG_OFF + 8, 10),
	    "FRAG: Cisco fragment fields");
	ok(strcmp(psum(&r), "fragment 2 of ID 258 (last), 10 bytes") == 0,
	    "FRAG: summary '%s'", psum(&r));
	done_res(&r);
	torture(132, "FRAG");

	bn = 0;
	putb("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10",
	    16);
	run(&r, 13);
	ok(r.rc == DS_OK && kid(&r, r.node, "vendor_id", 0) != NULL &&
		kid(&r, r.node, "vendor_id", 0)->n == 16 &&
		strcmp(psum(&r), "unknown (16 bytes)") == 0,
	    "VID: unknown");
	done_res(&r);

	bn = 0;
	memset(b, 0x42, 256);
	bn = 256;
	run(&r, 4);
	ok(r.rc == DS_OK && kid(&r, r.node, "key_exchange_data", 0) != NULL &&
		span(kid(&r, r.node, "key_exchange_data", 0), MSG_OFF + 4,
		    256) &&
		strcmp(psum(&r), "256 bytes") == 0,
	    "KE: 256 bytes");
	done_res(&r);
	bn = 32;
	run(&r, 10);
	ok(kid(&r, r.node, "nonce_data", 0) != NULL &&
		strcmp(psum(&r), "32 bytes") == 0,
	    "NONCE: 32 bytes");
	done_res(&r);
	bn = 20;
	run(&r, 8);
	ok(kid(&r, r.node, "hash_data", 0) != NULL, "HASH");
	done_res(&r);
	run(&r, 9);
	ok(kid(&r, r.node, "signature_data", 0) != NULL, "SIG");
	done_res(&r);
	run(&r, 99);
	ok(r.rc == DS_OK && kid(&r, r.node, "data", 0) != NULL,
	    "unknown payload type: bytes, no error");
	done_res(&r);
}

/* --- GDOI ------------------------------------------------------------ */

static void
test_gdoi(void)
{
	struct res	    r;
	const struct field *sat;
	size_t		    sak, satp, l;

	bn = 0;
	put32(2); /* GDOI */
	put32(0);
	put16(15); /* first SA attribute payload: SAK */
	put16(0);
	sak = bn;
	put8(16);
	put8(0);
	put16(0);
	put8(17); /* UDP */
	put8(1);
	put16(848);
	put8(4);
	put32(0x0a000001);
	put8(1);
	put16(848);
	put8(4);
	put32(0xe0000001);
	putb("0123456789abcdef", 16);
	put32(0);
	tv(2, 3); /* KEK_ALG_AES */
	tv(6, 1); /* SIG_ALG_RSA */
	patch16(sak + 2, bn - sak);
	satp = bn;
	put8(0);
	put8(0);
	put16(0);
	put8(1); /* GDOI_PROTO_IPSEC_ESP */
	put8(0);
	put8(1);
	put16(0);
	put8(4);
	put32(0x0a000000);
	put8(1);
	put16(0);
	put8(4);
	put32(0xe0000001);
	put8(12); /* ESP_AES-CBC */
	put32(0xabcdef01);
	tv(5, 2);
	tv(4, 1);
	patch16(satp + 2, bn - satp);
	l = bn;
	(void)l;
	run(&r, 1);
	ok(r.rc == DS_OK && r.ctx.doi == 2 &&
		count(&r, r.node, "sa_attributes") == 2,
	    "GDOI: SA with a SAK and a SAT (%s %s)", ds_code_name(r.rc),
	    r.st.msg ? r.st.msg : "");
	ok(is_enum(kid2(&r, r.node, "sa_attributes", 0, "attributes", 0) ?
		   kid(&r,
		       idx(&r,
			   kid2(&r, r.node, "sa_attributes", 0, "attributes",
			       0)),
		       "value", 0) :
		   NULL,
	       3, "KEK_ALG_AES"),
	    "GDOI: KEK attribute named");
	sat = kid(&r, r.node, "sa_attributes", 1);
	ok(is_enum(kid(&r, idx(&r, sat), "protocol_id", 0), 1,
	       "GDOI_PROTO_IPSEC_ESP") &&
		is_enum(kid(&r, idx(&r, sat), "transform_id", 0), 12,
		    "ESP_AES-CBC") &&
		kid(&r, idx(&r, sat), "source", 0) != NULL,
	    "GDOI: SAT for ESP");
	ok(strstr(psum(&r), "GDOI: SAK; SAT ESP: AES-CBC, HMAC-SHA, Tunnel") ==
		psum(&r),
	    "GDOI: summary '%s'", psum(&r));
	done_res(&r);
	torture(1, "GDOI SA");

	/* KD with a TEK key packet: the key is secret. */
	bn = 0;
	put16(1);
	put16(0);
	put8(1);
	put8(0);
	put16(4 + 1 + 4 + 4 + 16);
	put8(4);
	put32(0xabcdef01);
	tlv(1, "0123456789abcdef", 16);
	run(&r, 17);
	ok(r.rc == DS_OK && count(&r, r.node, "key_packets") == 1 &&
		kid2(&r, idx(&r, kid(&r, r.node, "key_packets", 0)),
		    "attributes", 0, "value", 0) != NULL &&
		kid2(&r, idx(&r, kid(&r, r.node, "key_packets", 0)),
		    "attributes", 0, "value", 0)
		    ->secret,
	    "GDOI: KD key marked secret");
	done_res(&r);
	torture(17, "GDOI KD");

	bn = 0;
	put32(7);
	run(&r, 18);
	ok(r.rc == DS_OK && is_uint(kid(&r, r.node, "sequence_number", 0), 7),
	    "GDOI: SEQ");
	done_res(&r);
}

/* --- X.509: CERT, CR ------------------------------------------------- */

static void
test_x509(void)
{
	struct res	    r;
	const struct field *c, *f;
	int32_t		    cn;
	char		   *s;
	int		    k, ok_dates;

	bn = 0;
	put8(4); /* X.509 signature */
	putb(cert_rsa, sizeof(cert_rsa));
	run(&r, 6);
	ok(r.rc == DS_OK &&
		is_enum(kid(&r, r.node, "encoding", 0), 4, "X509_SIG") &&
		is_bytes(kid(&r, r.node, "certificate_data", 0), cert_rsa,
		    sizeof(cert_rsa)),
	    "CERT: encoding and data");
	c = kid(&r, r.node, "certificate", 0);
	cn = idx(&r, c);
	ok(c != NULL && c->type == FT_NODE &&
		span(c, MSG_OFF + 5, sizeof(cert_rsa)),
	    "CERT: certificate node spans the DER");
	/* openssl put CN first: RFC 2253 prints it last. */
	ok(is_str(kid(&r, cn, "subject", 0), "O=ikescope,CN=test") &&
		is_str(kid(&r, cn, "issuer", 0), "O=ikescope,CN=test"),
	    "CERT: subject and issuer");
	f = kid(&r, cn, "serial", 0);
	ok(f != NULL && f->type == FT_STR && strlen(f->s) >= 2 &&
		strspn(f->s, "0123456789abcdef") == strlen(f->s),
	    "CERT: serial in hex '%s'", f ? f->s : "");
	ok_dates = 1;
	for (k = 0; k < 2; k++) {
		f = kid(&r, cn, k ? "not_after" : "not_before", 0);
		if (f == NULL || f->type != FT_STR || strlen(f->s) != 20 ||
		    f->s[4] != '-' || f->s[10] != 'T' || f->s[19] != 'Z')
			ok_dates = 0;
	}
	ok(ok_dates, "CERT: validity in RFC 3339");
	ok(is_str(kid(&r, cn, "public_key_algorithm", 0), "rsa") &&
		is_uint(kid(&r, cn, "public_key_bits", 0), 2048),
	    "CERT: RSA 2048");
	ok(is_str(kid(&r, cn, "signature_algorithm", 0),
	       "sha256WithRSAEncryption"),
	    "CERT: signature algorithm");
	ok(count(&r, cn, "subject_alt_names") == 3 &&
		is_str(kid(&r, cn, "subject_alt_names", 0),
		    "DNS:vpn.example.com") &&
		is_str(kid(&r, cn, "subject_alt_names", 1), "IP:192.0.2.1") &&
		is_str(kid(&r, cn, "subject_alt_names", 2),
		    "email:a@example.com") &&
		kid(&r, cn, "subject_alt_names", 0)->item,
	    "CERT: subjectAltNames");
	f = kid(&r, cn, "subject_alt_names", 0);
	ok(f != NULL && f->off > MSG_OFF + 5 &&
		f->off + f->len <= MSG_OFF + 5 + sizeof(cert_rsa) &&
		f->len == 17,
	    "CERT: SAN span inside the certificate");
	ok(strcmp(psum(&r), "X509_SIG: O=ikescope,CN=test") == 0,
	    "CERT: summary '%s'", psum(&r));
	done_res(&r);

	bn = 0;
	put8(4);
	putb(cert_ec, sizeof(cert_ec));
	run(&r, 6);
	cn = idx(&r, kid(&r, r.node, "certificate", 0));
	ok(r.rc == DS_OK &&
		is_str(kid(&r, cn, "public_key_algorithm", 0), "ecc") &&
		is_str(kid(&r, cn, "curve", 0), "NIST P-256") &&
		is_uint(kid(&r, cn, "public_key_bits", 0), 256) &&
		is_str(kid(&r, cn, "subject", 0), "O=ikescope,CN=ec test"),
	    "CERT: ECDSA P-256");
	done_res(&r);
	/* The torture test parses a certificate per bit: keep it small. */
	torture(6, "CERT EC");

	/* Garbage as a certificate: invalid, not a crash. */
	bn = 0;
	put8(4);
	putb("\x30\x82\x01\x00garbage", 11);
	run(&r, 6);
	ok(r.rc == DS_INVALID && r.st.code == DS_INVALID &&
		r.st.off == MSG_OFF + 5 &&
		kid(&r, r.node, "certificate_data", 0) != NULL,
	    "CERT: garbage is DS_INVALID, bytes kept");
	done_res(&r);

	/* Non-X.509 encodings are bytes. */
	bn = 0;
	put8(2);
	puts_("pgp");
	run(&r, 6);
	ok(r.rc == DS_OK && kid(&r, r.node, "certificate", 0) == NULL &&
		strcmp(psum(&r), "PGP, 3 bytes") == 0,
	    "CERT: PGP as bytes");
	done_res(&r);

	bn = 0;
	put8(4);
	putb(dn_der, sizeof(dn_der));
	run(&r, 7);
	ok(r.rc == DS_OK &&
		is_bytes(kid(&r, r.node, "certificate_authority", 0), dn_der,
		    sizeof(dn_der)) &&
		is_str(kid(&r, r.node, "ca_name", 0), "CN=test,O=ikescope") &&
		strcmp(psum(&r), "X509_SIG, CA CN=test,O=ikescope") == 0,
	    "CR: CA name '%s'", psum(&r));
	done_res(&r);
	bn = 0;
	put8(4);
	run(&r, 7);
	ok(r.rc == DS_OK && strcmp(psum(&r), "X509_SIG, any CA") == 0,
	    "CR: any CA");
	done_res(&r);

	/* The helpers directly. */
	s = x509_dn_str(dn_der, sizeof(dn_der));
	ok(s != NULL && strcmp(s, "CN=test,O=ikescope") == 0, "x509_dn_str");
	free(s);
	ok(x509_dn_str((const uint8_t *)"\x30\x05\x31", 3) == NULL &&
		x509_dn_str(NULL, 0) == NULL,
	    "x509_dn_str: garbage is NULL");
	s = x509_gn_str((const uint8_t *)"\x87\x04\x0a\x00\x00\x01", 6);
	ok(s != NULL && strcmp(s, "IP:10.0.0.1") == 0, "x509_gn_str: IP");
	free(s);
	s = x509_gn_str((const uint8_t *)"\x86\x05http:", 7);
	ok(s != NULL && strcmp(s, "URI:http:") == 0, "x509_gn_str: URI");
	free(s);
	s = x509_gn_str((const uint8_t *)"\x81\x03\x61\x00\x62", 5);
	ok(s != NULL && strcmp(s, "email:a?b") == 0,
	    "x509_gn_str: NUL made safe");
	free(s);
	ok(x509_gn_str((const uint8_t *)"\x82\x05"
					"ab",
	       4) == NULL &&
		x509_gn_str((const uint8_t *)"\x82\x84\xff\xff\xff\xff", 6) ==
		    NULL &&
		x509_gn_str((const uint8_t *)"\x82\x01"
					     "ab",
		    4) == NULL,
	    "x509_gn_str: bad lengths and trailing bytes are NULL");
}

int
main(void)
{
	test_registries();
	test_sa();
	test_id();
	test_notify();
	test_delete();
	test_attr();
	test_misc();
	test_gdoi();
	test_x509();
	return done();
}
