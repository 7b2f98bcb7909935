#!/bin/bash
# mutate_keys.sh - tampered ciphertext and wrong keys, decrypted WITH keys:
# a tampered message must never show as a verified decryption, a wrong key
# must never verify, and nothing may crash.
#
# Cases: every samples/strongswan/<s>.pcap with <s>.min.keys (psk + DH
# private values: ikescope derives every key) and every
# tests/data/openswan/<x>.pcap with <x>.keys (final IKEv2 keys).
#
# 1. Baseline: ikescope -j -k KEYS CAPTURE.  For every frame whose IKE
#    message decrypts ("decryption": "ok"), three copies of the capture with
#    one bit flipped in the encrypted part (located by parsing the pcap:
#    Ethernet or BSD loopback, IPv4/IPv6, UDP, the non-ESP marker on port
#    4500, the IKE header, IKEv2's SK/SKF payload): the first byte (IKEv2:
#    in the IV; IKEv1: the first cipher block), the middle byte, and the last
#    byte (IKEv2: in the ICV; IKEv1: the last cipher block).  The UDP
#    checksum is left wrong on purpose: ikescope does not check it (the
#    check below fails if a mutated frame is no longer read).
#      IKEv2: that frame must be "integrity_failed", every time.
#      IKEv1 (CBC without a MAC; only the HASH payload protects the
#      content): the frame must not be "ok" with hash "verified" unless
#      the garbled plaintext (the CBC block holding the flipped byte and
#      one bit of the next block) lies wholly outside what the HASH covers:
#      the padding after the payload chain, or in Phase 1 (HASH_I/HASH_R
#      cover only the ID payload) a payload such as INITIAL-CONTACT.  Such
#      legitimate cases are listed as comments.
#    Every run: exit status 0, a JSON document, no sanitizer report, done
#    within "timeout 20", the mutated frame still an IKE message, and no
#    other frame newly verified.
#    A capture without any encrypted IKE message (the failure samples that
#    end before a key exists: no proposal chosen, no answer) is skipped.
# 2. Wrong keys, per capture: strongSwan: one character of the psk changed:
#    IKEv1 messages must not be "ok" nor any hash "verified" (the PSK feeds
#    every IKEv1 key); IKEv2 messages still decrypt (the PSK only feeds
#    AUTH) but "auth" must be "failed" wherever the baseline said
#    "verified".  Openswan: one hex digit of each of SK_ei, SK_er, SK_ai
#    and SK_ar changed: every encrypted message "integrity_failed".
#    Also, one line for all openswan captures: only SK_ei and SK_er changed
#    (SK_ai/SK_ar right, so the ICV verifies and the plaintext is garbage):
#    no message "ok" (ikescope reports them "malformed", sk-garbage: the
#    ICV verifies, the plaintext is not a payload chain).
# 3. One line for the assumption that ikescope does not check UDP
#    checksums: every mutated frame with a (now wrong) nonzero checksum was
#    still read as an IKE message.
#
# One TAP line per (capture, check).  The pcap and JSON work is done by
# tests/mutate_keys.py; the runs by JOBS (default: number of CPUs) workers.
# KEEP_WORK=DIR keeps the mutated captures, key files and outputs in DIR.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

PY=$top_srcdir/tests/mutate_keys.py
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"
[ "$JOBS" -ge 1 ] 2>/dev/null || JOBS=1
export SANITIZER_RE

WORK=${KEEP_WORK:-$TEST_TMP/work}
mkdir -p "$WORK" || tap_bail "cannot create $WORK"
LIST=$WORK/list

# The cases: NAME KIND CAPTURE KEYS (tab-separated).
{
	for cap in "$top_srcdir"/samples/strongswan/*.pcap; do
		[ -e "$cap" ] || continue
		keys=${cap%.pcap}.min.keys
		[ -r "$keys" ] || continue
		name=$(basename "${cap%.pcap}")
		printf '%s\tstrongswan\t%s\t%s\n' "$name" "$cap" "$keys"
	done
	for cap in "$top_srcdir"/tests/data/openswan/*.pcap; do
		[ -e "$cap" ] || continue
		keys=${cap%.pcap}.keys
		[ -r "$keys" ] || continue
		name=openswan-$(basename "${cap%.pcap}")
		printf '%s\topenswan\t%s\t%s\n' "$name" "$cap" "$keys"
	done
} > "$LIST"
[ -s "$LIST" ] || tap_bail "no capture with a key file found"

# run_jobs FILE: run every job of FILE (PREFIX KEYS CAPTURE, tab-separated)
# as "ikescope -j -k KEYS CAPTURE" -> PREFIX.json, PREFIX.err, PREFIX.rc,
# JOBS at a time.
run_worker()
(
	w=$1 file=$2 i=0
	while IFS=$'\t' read -r prefix keys cap; do
		i=$((i + 1))
		[ $((i % JOBS)) -eq "$w" ] || continue
		rc=0
		timeout 20 "$IKESCOPE" -j -k "$keys" "$cap" > "$prefix.json" \
		    2> "$prefix.err" < /dev/null || rc=$?
		echo "$rc" > "$prefix.rc"
	done < "$file"
)

run_jobs()
{
	local w
	for w in $(seq 0 $((JOBS - 1))); do
		run_worker "$w" "$1" &
	done
	wait
}

# 1. The baselines.
while IFS=$'\t' read -r name kind cap keys; do
	mkdir -p "$WORK/$name"
	printf '%s\t%s\t%s\n' "$WORK/$name/base" "$keys" "$cap"
done < "$LIST" > "$WORK/jobs.base"
run_jobs "$WORK/jobs.base"

# 2. The mutated captures and wrong key files, then their runs.
python3 "$PY" prepare "$LIST" "$WORK" > "$WORK/jobs.mut" ||
    tap_bail "mutate_keys.py prepare failed"
run_jobs "$WORK/jobs.mut"

# 3. The verdicts.
python3 "$PY" check "$LIST" "$WORK" > "$WORK/verdicts" ||
    tap_bail "mutate_keys.py check failed"
while IFS=$'\t' read -r kind text; do
	case $kind in
	pass) tap_ok 0 "$text" ;;
	fail) tap_ok 1 "$text" ;;
	diag) tap_diag "$text" ;;
	skip) tap_skip "${text%%$'\t'*}" "${text#*$'\t'}" ;;
	esac
done < "$WORK/verdicts"

tap_done
