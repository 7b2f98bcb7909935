#!/bin/bash
# tshark_keys.sh - tshark as an independent oracle for the keys ikescope
# derives (DESIGN.md, "How correctness is established").
#
# For every real-peer sample samples/strongswan/<scenario>.pcap (strongSwan
# charon <-> charon, see samples/strongswan/README), ikescope is given the
# least a user would have, <scenario>.min.keys (the PSK and the
# initiator's DH private values), and run once:
#     ikescope -j --show-keys -k <scenario>.min.keys <scenario>.pcap
# The keys in its JSON are written as Wireshark key tables
# (ikev1_decryption_table, ikev2_decryption_table and esp_sa, with
# Wireshark 4.0's exact algorithm strings) into a private configuration
# directory, and tshark is run once on the capture with them:
#     tshark -n -r CAP -o esp.enable_encryption_decode:TRUE
#            -o esp.enable_authentication_check:TRUE -T pdml
# tests/tshark_keys.py compares, one TAP line per check (its header says
# exactly what is compared):
#   - ikescope runs cleanly; tshark takes the tables without complaint;
#   - every IKE SA key (DH secret, SKEYID*/Ka, SKEYSEED/SK_*) and every
#     CHILD_SA key ikescope prints equals what charon logged
#     (<scenario>.secrets.json, matched by SPIs);
#   - ikescope decrypts every encrypted IKE message, except those the
#     wrong-PSK scenarios cannot decrypt (listed, with the reason, in
#     tshark_keys.py);
#   - tshark decrypts every IKE message ikescope decrypted to the same
#     payload types, with the IKEv2 ICV [correct];
#   - tshark decrypts every ESP packet of every CHILD_SA, ICV [correct],
#     and the known UDP payloads ("ikescope-known-plaintext <scenario> N")
#     appear in its decrypted ESP.
# Details of a failure go to standard error, as "# [N] scenario: ..."
# lines, N the number of the test line they explain (the test log gets
# standard error before the TAP lines).
# Without tshark or python3 every check is skipped.  By hand:
#     tests/tshark_keys.sh [SCENARIO...]      (default: all of them)

. "$(dirname "$0")/lib.sh"

if ! command -v tshark > /dev/null 2>&1; then
	tap_skip "tshark decrypts with ikescope's keys" "tshark not installed"
	tap_done
fi
if ! command -v python3 > /dev/null 2>&1; then
	tap_skip "tshark decrypts with ikescope's keys" "python3 not installed"
	tap_done
fi
need_ikescope

SAMPLES=$top_srcdir/samples/strongswan
CHECK=$top_srcdir/tests/tshark_keys.py
[ -r "$CHECK" ] || tap_bail "no $CHECK"
[ -d "$SAMPLES" ] || tap_bail "no $SAMPLES"

tap_diag "$(tshark --version 2> /dev/null | head -n 1)"

rc=0
python3 "$CHECK" "$SAMPLES" "$IKESCOPE" "$TEST_TMP" "$@" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/check.err" || rc=$?
tap_results tshark_keys.py "$rc" "$TEST_TMP/results" "$TEST_TMP/check.err"

tap_done
