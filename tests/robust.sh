#!/bin/bash
# robust.sh - every capture of samples/ and tests/data/ (whatever its
# size) cut short and mutated, in bulk, through tests/robust (a driver
# linking libikescope and the writers, one process per capture and
# mode; see tests/robust.c for what each mode does and checks):
#
#   trunc   the file cut inside its header, at record boundaries +-3
#           bytes, and at every IKE payload boundary +-3 bytes: the
#           capture is read, and a cut inside a record is reported
#           (capture-truncated);
#   snap    every record cut to a snapshot length at the same payload
#           boundaries (in the frame) +-3: a "-truncated" diagnostic
#           wherever an IKE message was cut;
#   mutate  each IKE message with bits flipped (every bit of the header
#           fields that steer parsing), bytes inverted at sampled
#           positions, payload lengths set to 0, 3, 4, 0xffff and +-1,
#           the header length to 0, 27, 28, 0xffffffff and +-1,
#           next-payload fields looped back to earlier payloads' types.
#
# Every variant: no crash, no sanitizer report, no hang (a CPU limit),
# a text report free of control bytes, a JSON document and NDJSON lines
# that parse as strict JSON in valid UTF-8.  Each capture runs without
# keys, and, when it has a key file beside it (NAME.min.keys or
# NAME.keys), with it too, so truncated and mutated messages also go
# through key derivation and decryption.
#
# A capture has hundreds to thousands of variants per mode; make check
# runs an evenly spread subset of each (the counts below, times
# ROBUST_SCALE: 1, or 0.3 in a sanitizer build); ROBUST_FULL=1 runs
# every variant (several minutes).  Identical captures run once.  JOBS
# (default: the number of CPUs) captures run in parallel.

. "$(dirname "$0")/lib.sh"
need_ikescope

ROBUST=$top_builddir/tests/robust
[ -x "$ROBUST" ] || tap_bail "$ROBUST not built (make check builds it)"

sanitized=0
if [ -f "$top_builddir/config.status" ] &&
    "$top_builddir/config.status" --config 2>/dev/null |
    grep -q 'enable-asan\|enable-ubsan'; then
	sanitized=1
fi
if [ -z "${ROBUST_SCALE:-}" ]; then
	ROBUST_SCALE=1
	[ $sanitized -eq 1 ] && ROBUST_SCALE=0.3
fi
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"
[ "$JOBS" -ge 1 ] 2>/dev/null || JOBS=1

# n COUNT: COUNT times the scale, at least 1; empty with ROBUST_FULL
n()
{
	[ -n "${ROBUST_FULL:-}" ] && return 0
	awk -v c="$1" -v s="$ROBUST_SCALE" \
	    'BEGIN { v = int(c * s); if (v < 1) v = 1; print "-n " v }'
}

# The runs of one capture: MODE COUNT [KEYS].
runs_of()
{
	local f=$1 keys=$2
	echo "trunc $(n 60)"
	echo "snap $(n 30)"
	echo "mutate $(n 60)"
	if [ -n "$keys" ]; then
		echo "trunc $(n 12) -k $keys"
		echo "snap $(n 6) -k $keys"
		echo "mutate $(n 12) -k $keys"
	fi
}

# check_capture FILE RESULT: every run of one capture; RESULT gets
# "ok" or the failures.
check_capture()
{
	local f=$1 res=$2 base keys="" kf mode args rc err
	base=${f%.*}
	for kf in "$base.min.keys" "$base.keys"; do
		if [ -f "$kf" ]; then
			keys=$kf
			break
		fi
	done
	err=$res.err
	: > "$res"
	runs_of "$f" "$keys" | while read -r mode args; do
		rc=0
		# shellcheck disable=SC2086
		(ulimit -t 300; exec "$ROBUST" $args "$mode" "$f") \
		    > "$res.out" 2> "$err" < /dev/null || rc=$?
		if [ $rc -ne 0 ] || has_sanitizer_report "$err"; then
			echo "robust $args $mode: exit status $rc" >> "$res"
			grep '^FAIL' "$res.out" | head -n 5 >> "$res"
			grep -v '^robust: .*: ' "$err" | head -n 15 >> "$res"
			if [ $rc -ge 128 ] || has_sanitizer_report "$err"; then
				# which variant: again, naming each
				# shellcheck disable=SC2086
				(ulimit -t 300; exec "$ROBUST" -v $args \
				    "$mode" "$f") > /dev/null 2> "$err.v" ||
				    true
				grep '^robust: ' "$err.v" | tail -n 1 >> "$res"
			fi
		fi
		sed -n 's/^robust: \([a-z]*\) .*: \([0-9]*\) variants.*/\1 \2/p' \
		    "$res.out" >> "$res.count"
	done
}

# Captures, identical ones once.
find "$top_srcdir/samples" "$top_srcdir/tests/data" -type f \
    \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) |
    LC_ALL=C sort > "$TEST_TMP/all"
: > "$TEST_TMP/list"
while IFS= read -r f; do
	sum=$(cksum < "$f")
	grep -qF "$sum" "$TEST_TMP/sums" 2>/dev/null && continue
	echo "$sum" >> "$TEST_TMP/sums"
	echo "$f" >> "$TEST_TMP/list"
done < "$TEST_TMP/all"

start=$(date +%s)
i=0
while IFS= read -r f; do
	i=$((i + 1))
	check_capture "$f" "$TEST_TMP/res.$i" &
	if [ $((i % JOBS)) -eq 0 ]; then
		wait
	fi
done < "$TEST_TMP/list"
wait

i=0
while IFS= read -r f; do
	i=$((i + 1))
	rel=${f#"$top_srcdir"/}
	nv=$(awk '{ s += $2 } END { print s + 0 }' "$TEST_TMP/res.$i.count" \
	    2>/dev/null)
	if [ -s "$TEST_TMP/res.$i" ]; then
		tap_ok 1 "$rel: $nv cut and mutated variants"
		tap_diag_file "$TEST_TMP/res.$i" 30
	else
		tap_ok 0 "$rel: $nv cut and mutated variants"
	fi
done < "$TEST_TMP/list"
echo "# $(wc -l < "$TEST_TMP/list") captures in $(($(date +%s) - start)) s"

tap_done
