#!/bin/bash
# expect.sh - the expectation files of the real-peer failure and liveness
# samples (samples/strongswan/<scenario>.expect, format in
# samples/strongswan/README, "Expectation files") hold for their captures.
#
# They were written from the two charon logs and tshark, not from
# ikescope; tests/interop/check-expect.py checks again, with tshark 4.0 and
# the sample's .full.keys as Wireshark key tables, every fact the capture
# shows: the frame count, the IKE SPIs, each error notify (frame, sender,
# exchange, encrypted or not, the INVALID_KE_PAYLOAD group), each Delete
# payload (protocol, SPI), each liveness check (IKEv2 empty INFORMATIONAL
# pair, IKEv1 R-U-THERE / R-U-THERE-ACK with the same sequence number),
# each retransmission (the same datagram), each unanswered request and
# ICMP port unreachable.  One TAP line per .expect file.  Without tshark or
# python3 it is skipped.  ikescope is not run: this test guards the
# expectations that ikescope's diagnosis is compared with.

. "$(dirname "$0")/lib.sh"

WHAT="samples/strongswan/*.expect hold for their captures"
if ! command -v tshark > /dev/null 2>&1; then
	tap_skip "$WHAT" "tshark not installed"
	tap_done
fi
need_python

rc=0
python3 "$top_srcdir/tests/interop/check-expect.py" --records \
    "$top_srcdir/samples/strongswan" "$@" > "$TEST_TMP/results" \
    2> "$TEST_TMP/check.err" || rc=$?
[ -s "$TEST_TMP/results" ] || tap_bail "check-expect.py wrote nothing"
tap_results check-expect.py "$rc" "$TEST_TMP/results" "$TEST_TMP/check.err"

tap_done
