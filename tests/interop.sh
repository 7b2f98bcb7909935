#!/bin/bash
# interop.sh - real peers, now: regenerate the strongSwan captures with
# tests/interop/gen.sh (two charon daemons in network namespaces, see
# samples/strongswan/README) into a temporary directory, and run on the
# fresh captures the checks tshark_keys.sh runs on the committed samples
# (tests/tshark_keys.py): ikescope derives from the PSK and the captured DH
# private values exactly the keys charon logged, decrypts every IKE message
# (HASH / ICV verified) and every ESP packet (ICV verified, keys from the
# captured CHILD_SAs, the known UDP payload among them), and tshark decrypts
# the same with ikescope's keys.
#
# `make interop` runs it; tests/run-all.sh runs `make interop` after the
# test suite.  It needs root, network namespaces, /dev/net/tun and the
# strongSwan packages (tests/setup.sh installs them); without them every
# check is skipped and the reason is printed.  INTEROP_SCENARIOS limits it
# to some scenarios (names as `tests/interop/gen.sh --list` prints them).

. "$(dirname "$0")/lib.sh"

GEN=$top_srcdir/tests/interop/gen.sh
WHAT="fresh strongSwan captures: keys, IKE and ESP decryption checked"

if ! command -v python3 > /dev/null 2>&1 || ! command -v tshark \
    > /dev/null 2>&1; then
	tap_skip "$WHAT" "python3 or tshark not installed"
	tap_done
fi
need_ikescope

OUT=$TEST_TMP/samples
mkdir -p "$OUT" || tap_bail "cannot create $OUT"
rc=0
# shellcheck disable=SC2086
"$GEN" --out "$OUT" ${INTEROP_SCENARIOS:-} > "$TEST_TMP/gen.log" 2>&1 \
    < /dev/null || rc=$?
if [ "$rc" -eq 77 ]; then
	tap_skip "$WHAT" "$(grep 'cannot run' "$TEST_TMP/gen.log" | tail -n 1)"
	tap_done
fi
n=$(find "$OUT" -name '*.pcap' | wc -l)
tap_ok "$rc" "tests/interop/gen.sh regenerated $n captures"
if [ "$rc" -ne 0 ]; then
	tap_diag_file "$TEST_TMP/gen.log" 30
fi
[ "$n" -gt 0 ] || tap_done

tap_diag "$(tshark --version 2> /dev/null | head -n 1)"
prc=0
TSHARK_KEYS_FRESH=1 python3 "$top_srcdir/tests/tshark_keys.py" "$OUT" "$IKESCOPE" \
    "$TEST_TMP/work" > "$TEST_TMP/results" 2> "$TEST_TMP/check.err" ||
    prc=$?
tap_results tshark_keys.py "$prc" "$TEST_TMP/results" "$TEST_TMP/check.err" "fresh "

tap_done
