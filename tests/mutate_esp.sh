#!/bin/bash
# mutate_esp.sh - one flipped bit in an ESP packet is never decrypted as
# verified.
#
# For every capture whose ESP ikescope decrypts with a checked ICV (the
# real-peer samples samples/strongswan/*.pcap with their .min.keys, so the
# ESP keys come from the captured IKE exchange, and the public captures in
# tests/data/esp/ with their esp lines), a baseline run
#     ikescope -j -v -k KEYS CAPTURE
# picks up to four verified packets per ESP SA; tests/mutate_esp.py writes
# copies of the capture where those packets have one bit flipped in the
# sequence number, the first byte after it, the middle, or the last byte
# (the ICV), and ikescope reads each copy.  Per copy, one TAP line: every
# flipped packet is "integrity_failed", every other packet keeps its
# baseline result, the run exits 0 without a sanitizer report.
# Without python3 every check is skipped.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

PY=$top_srcdir/tests/mutate_esp.py
WORK=${KEEP_WORK:-$TEST_TMP/work}
mkdir -p "$WORK" || tap_bail "cannot create $WORK"

# run PREFIX KEYS CAPTURE: ikescope -j -v into PREFIX.json; 0 when clean.
run()
{
	local rc=0
	timeout 20 "$IKESCOPE" -j -v -k "$2" "$3" > "$1.json" 2> "$1.err" \
	    < /dev/null || rc=$?
	if [ "$rc" -ne 0 ] || grep -q "$SANITIZER_RE" "$1.err"; then
		tap_diag "ikescope -j -v -k $2 $3: exit $rc"
		head -n 5 "$1.err" | tap_diag
		return 1
	fi
	return 0
}

cases()
{
	local cap
	for cap in "$top_srcdir"/samples/strongswan/*.pcap; do
		[ -r "${cap%.pcap}.min.keys" ] &&
		    printf '%s\t%s\n' "$cap" "${cap%.pcap}.min.keys"
	done
	for cap in "$top_srcdir"/tests/data/esp/*.pcap; do
		[ -r "${cap%.pcap}.keys" ] &&
		    printf '%s\t%s\n' "$cap" "${cap%.pcap}.keys"
	done
}

while IFS=$'\t' read -r cap keys; do
	name=$(basename "${cap%.pcap}")
	if ! run "$WORK/$name-base" "$keys" "$cap"; then
		tap_ok 1 "$name: baseline run"
		continue
	fi
	if ! python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if any(e.get("integrity")=="checked" and e.get("decrypted",0)>0
                  for e in d.get("esp_sas",[])) else 1)' "$WORK/$name-base.json"
	then
		continue # no ESP with a checked ICV here (wrong PSK, no ICV key)
	fi
	python3 "$PY" prepare "$name" "$cap" "$WORK/$name-base.json" "$WORK" \
	    > "$WORK/$name.jobs" || { tap_ok 1 "$name: prepare"; continue; }
	clean=0
	while IFS=$'\t' read -r pos path; do
		run "$WORK/$name-$pos" "$keys" "$path" || clean=1
	done < "$WORK/$name.jobs"
	tap_ok $clean "$name: every mutated copy read cleanly (exit 0, no sanitizer report)"
	python3 "$PY" check "$name" "$WORK" > "$WORK/$name.verdicts" ||
	    { tap_ok 1 "$name: check"; continue; }
	while IFS=$'\t' read -r kind text; do
		case $kind in
		pass) tap_ok 0 "$text" ;;
		fail) tap_ok 1 "$text" ;;
		diag) tap_diag "$text" ;;
		esac
	done < "$WORK/$name.verdicts"
done < <(cases)

tap_done
