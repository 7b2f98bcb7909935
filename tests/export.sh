#!/bin/bash
# export.sh - --export-keys FMT:PATH (DESIGN.md "Interoperability
# formats"): what ikescope exports must make the other tools do what
# ikescope did.
#
# For every real-peer sample samples/strongswan/<scenario>.pcap, run with
# <scenario>.min.keys (the PSK and the initiator's DH private values), and
# every capture of the ESP corpus tests/data/esp (with its esp lines):
#   - wireshark:DIR: tshark, with DIR as its configuration directory,
#     decrypts the same IKE messages (to the same payloads) and ESP
#     packets ikescope decrypted; the tables equal the ones
#     tests/tshark_keys.py builds from ikescope's --show-keys JSON; for
#     the ESP corpus, tshark reproduces NAME.oracle.tsv (tshark with the
#     table that came with the capture);
#   - keys:FILE: ikescope -k FILE alone (no PSK, no DH value) decrypts the
#     same IKE messages to the same payloads and gets the same ESP
#     results; only what final keys cannot do differs (IKEv1 HASH and
#     IKEv2 AUTH checks, child SA keys), and exactly that is asserted;
#   - tcpdump:FILE: tcpdump -r CAPTURE -E 'file FILE' decrypts the ESP
#     (CBC ciphers, no ICV or a 96-bit one) and IKEv2 SK payloads it is
#     given, to the same inner packets / number of payloads; the rest is
#     named in "# left out:" comments;
#   - psk-crack:FILE: one line per IKEv1 Aggressive Mode PSK exchange, in
#     ike-scan's format; psk-crack (package ike-scan) finds the PSK of
#     ikev1-aggressive-psk with a one-word dictionary; HASH_R recomputed
#     in Python from the line equals its last field, and the same
#     computation holds on ike-scan's own parameter files
#     (tests/data/ike-scan).
# Bad --export-keys arguments end with exit status 1.  tests/export.py's
# header lists every check.  Checks that need tshark, tcpdump or
# psk-crack are skipped, with the reason, when the tool is missing.
# Details of a failure go to standard error as "# [N] scenario: ..."
# lines.  By hand:
#     tests/export.sh [SCENARIO...]   (a sample name, esp/NAME, cli,
#                                      psk-crack; default: all)

. "$(dirname "$0")/lib.sh"

if ! command -v python3 > /dev/null 2>&1; then
	tap_skip "--export-keys" "python3 not installed"
	tap_done
fi
need_ikescope

CHECK=$top_srcdir/tests/export.py
[ -r "$CHECK" ] || tap_bail "no $CHECK"
[ -d "$top_srcdir/samples/strongswan" ] || tap_bail "no samples/strongswan"

command -v tshark > /dev/null 2>&1 &&
    tap_diag "$(tshark --version 2> /dev/null | head -n 1)"
command -v tcpdump > /dev/null 2>&1 &&
    tap_diag "$(tcpdump --version 2> /dev/null | head -n 1)"
command -v psk-crack > /dev/null 2>&1 &&
    tap_diag "$(psk-crack --version 2>&1 | head -n 1)"

rc=0
python3 "$CHECK" "$top_srcdir" "$IKESCOPE" "$TEST_TMP" "$@" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/check.err" || rc=$?
tap_results export.py "$rc" "$TEST_TMP/results" "$TEST_TMP/check.err"

tap_done
