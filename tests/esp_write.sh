#!/bin/bash
# esp_write.sh - ikescope -w (--write-decrypted), checked with tshark.
#
# ikescope -w OUT.pcapng writes every packet of its input, in order, each
# ESP packet it decrypted replaced by the packet it carried (tunnel: the
# inner IP packet; transport: the outer IP header rebuilt around the
# payload), as link type raw IP, with a packet comment naming the SPI and
# the original frame.  For
#   - every capture of tests/data/esp (third-party ESP captures; keys
#     NAME.keys, expected content NAME.oracle.tsv, see
#     tests/data/esp/make_oracle.py):
#         ikescope -w OUT -k NAME.keys NAME.pcap
#   - every real-peer sample samples/strongswan/NAME.pcap, with the keys
#     ikescope derives itself through IKE:
#         ikescope -w OUT -k NAME.min.keys NAME.pcap
#     (tshark decrypts the input with the "esp" lines of NAME.full.keys,
#     charon's logged keys, written as a Wireshark esp_sa table)
# tests/esp_write.py checks, one TAP line each (its header says exactly
# what): a clean run and a readable pcapng; tshark decrypts the input;
# as many packets as the input; no ESP left; each decrypted frame carries
# the innermost ESP layer's packet (IP version, addresses, protocol,
# ports, ICMP type/code); raw IP with a comment naming frame and SPI; the
# bytes are tshark's decryption; frames without ESP byte-identical; for
# the samples also the known UDP payloads "ikescope-known-plaintext NAME
# N" and the ICMP echo requests/replies, as often as tshark decrypts them.
# Details of a failure go to standard error, as "# [N] NAME: ..." lines
# (at most 8 per check, 20 per capture).  Without tshark or python3
# every check is skipped.  By hand:
#     tests/esp_write.sh [NAME...]   (default: every capture of both sets)

. "$(dirname "$0")/lib.sh"

if ! command -v tshark > /dev/null 2>&1; then
	tap_skip "ikescope -w writes the decrypted packets" \
	    "tshark not installed"
	tap_done
fi
if ! command -v python3 > /dev/null 2>&1; then
	tap_skip "ikescope -w writes the decrypted packets" \
	    "python3 not installed"
	tap_done
fi
need_ikescope

CHECK=$top_srcdir/tests/esp_write.py
[ -r "$CHECK" ] || tap_bail "no $CHECK"
[ -d "$top_srcdir/tests/data/esp" ] || tap_bail "no $top_srcdir/tests/data/esp"

tap_diag "$(tshark --version 2> /dev/null | head -n 1)"

rc=0
python3 "$CHECK" "$top_srcdir" "$IKESCOPE" "$TEST_TMP" "$@" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/check.err" || rc=$?
tap_results esp_write.py "$rc" "$TEST_TMP/results" "$TEST_TMP/check.err"

tap_done
