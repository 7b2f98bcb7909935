#!/bin/bash
# skf_caps.sh - IKEv2 fragment reassembly (RFC 7383) past its caps, with
# fragments whose ICVs verify (tests/skf_caps.py makes them with the keys
# of a verified IKE SA), so that every one reaches reassembly:
#   - a message in 70 fragments (more than 64): each one says skf-number,
#     none is kept;
#   - a message left at 2 of 3 fragments when the next begins:
#     skf-incomplete;
#   - two fragments of 40 000 bytes (more than 65 535 in all):
#     skf-too-big, not reassembled;
#   - fragment 3 of 2: skf-number;
#   - and after all that, a message in 2 fragments is still reassembled
#     and decrypted;
#   - exit status 0, no sanitizer report, the JSON document parses.
# Skipped without python3 and its `cryptography` package.

. "$(dirname "$0")/lib.sh"
need_ikescope

if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import cryptography' 2>/dev/null; then
	tap_skip "SKF caps" "python3 with cryptography not installed"
	tap_done
fi
python3 "$top_srcdir/tests/skf_caps.py" "$TEST_TMP/skf.pcap" \
    "$TEST_TMP/skf.keys" || tap_bail "tests/skf_caps.py failed"
chmod 600 "$TEST_TMP/skf.keys"

run_ikescope "$TEST_TMP/out" "$TEST_TMP/err" -k "$TEST_TMP/skf.keys" \
    "$TEST_TMP/skf.pcap"
tap_ok $((RC != 0)) "exit status 0 (got $RC)"
! has_sanitizer_report "$TEST_TMP/err"
tap_ok $? "no sanitizer report"
[ ! -s "$TEST_TMP/err" ]
tap_ok $? "nothing on standard error"
tap_diag_file "$TEST_TMP/err" 10

o=$TEST_TMP/out
grep -q "IDi .*client7.example" "$o" &&
    [ "$(grep -c '(decrypted, ICV ok, AUTH verified)' "$o")" -eq 2 ]
tap_ok $? "the IKE SA's keys are derived and both AUTHs verify"
n=$(grep -c 'warning \[skf-number\] frame [0-9]*: fragment [0-9]* of 70 is outside 1..64' "$o")
tap_ok $((n != 70)) "70 fragments of 70: skf-number for each ($n)"
grep -q 'warning \[skf-incomplete\] frame 77: fragments of message ID 3 never completed (2 of 3)' "$o"
tap_ok $? "message ID 3 left at 2 of 3 fragments: skf-incomplete"
grep -q 'warning \[skf-too-big\] frame 78: fragments add up to more than 65535 bytes' "$o"
tap_ok $? "2 x 40 000 bytes: skf-too-big"
grep -q 'warning \[skf-number\] frame 79: fragment 3 of 2' "$o"
tap_ok $? "fragment 3 of 2: skf-number"
[ "$(grep -c '(reassembled)' "$o")" -eq 1 ] &&
    grep -q 'frame 81 .*SKF {N}  fragment 2/2 (reassembled)  (decrypted, ICV ok)' "$o" &&
    grep -q 'N       INITIAL_CONTACT' "$o"
tap_ok $? "only message ID 6 is reassembled, and decrypts to its Notify"

run_ikescope "$TEST_TMP/json" "$TEST_TMP/err" --json -k "$TEST_TMP/skf.keys" \
    "$TEST_TMP/skf.pcap"
[ "$RC" -eq 0 ] && ! has_sanitizer_report "$TEST_TMP/err" &&
    python3 -m json.tool "$TEST_TMP/json" > /dev/null
tap_ok $? "--json: exit status 0, the document parses"
tap_done
