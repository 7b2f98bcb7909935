#!/bin/bash
# malformed.sh - adversarial input: ikescope must read broken captures
# without a crash, a hang or an out-of-bounds access, and say what is wrong.
#
# 1. Every capture in tests/data/malformed/ (tcpdump's regression captures
#    for out-of-bounds reads, segfaults, pointer loops, truncated ESP), in
#    text and in JSON mode, under "timeout 20":
#      - exit status 0 (DESIGN: malformed packets are diagnostics),
#      - no sanitizer report on stderr,
#      - JSON mode: the document parses,
#      - at least one diagnostic: text mode, a line with "warning" or
#        "error" (the report prints "  warning [code] frame N: message");
#        JSON mode, a non-empty "errors" or "diagnosis" array anywhere.
#
# 2. A truncation sweep over every capture under tests/data (all folders)
#    smaller than 64 KiB: the file cut with "head -c N" for every N below
#    HEAD_BYTES (200) and every multiple of STRIDE (7) below its size,
#    read in text mode with -v (even N) or JSON mode (odd N).  Allowed:
#    exit 0; exit 1 only while N is inside the file header (pcap: 24
#    bytes; pcapng: the section header block and the blocks up to the
#    first interface description), where the capture is unreadable.
#    Never a signal, a loop (over 20 s of CPU) or a sanitizer report.  One TAP line per
#    capture; the failing cuts are listed as comments.  JOBS (default:
#    number of CPUs) cuts run in parallel.  In a sanitizer build, leaks are
#    looked for in every LEAK_EVERY-th (20th) cut only, to keep the sweep
#    near two minutes on two cores.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

DATA=$top_srcdir/tests/data
: "${STRIDE:=7}"
: "${HEAD_BYTES:=200}"
: "${MAX_SIZE:=65536}"
: "${LEAK_EVERY:=20}"
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"
[ "$JOBS" -ge 1 ] 2>/dev/null || JOBS=1

# --- 1. the malformed captures ---------------------------------------------

# json_check FILE: valid JSON with a non-empty "errors" or "diagnosis" array
# somewhere; prints why not.
json_check()
{
	python3 - "$1" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except (ValueError, UnicodeDecodeError) as e:
    print("not valid JSON: %s" % e)
    sys.exit(1)
def has_diag(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k in ("errors", "diagnosis") and isinstance(v, list) and v:
                return True
            if has_diag(v):
                return True
    elif isinstance(x, list):
        return any(has_diag(v) for v in x)
    return False
if not has_diag(doc):
    print('no non-empty "errors" or "diagnosis" array in the document')
    sys.exit(2)
EOF
}

for f in "$DATA"/malformed/*.pcap "$DATA"/malformed/*.pcapng; do
	[ -e "$f" ] || continue
	rel=${f#"$top_srcdir"/}
	for mode in text json; do
		args=()
		[ "$mode" = json ] && args=(--json)
		rc=0
		timeout 20 "$IKESCOPE" "${args[@]}" "$f" > "$TEST_TMP/out" \
		    2> "$TEST_TMP/err" < /dev/null || rc=$?
		why=""
		if [ "$rc" -eq 124 ]; then
			why="timed out after 20 s"
		elif [ "$rc" -ne 0 ]; then
			why="exit status $rc (expected 0)"
		fi
		if has_sanitizer_report "$TEST_TMP/err"; then
			why="${why:+$why; }sanitizer report"
		fi
		if [ "$mode" = json ]; then
			if ! json_check "$TEST_TMP/out" > "$TEST_TMP/why"; then
				why="${why:+$why; }$(cat "$TEST_TMP/why")"
			fi
		elif ! grep -qiE '(^|[^a-z])(warning|error)([^a-z]|$)' \
		    "$TEST_TMP/out"; then
			why="${why:+$why; }no line with \"warning\" or \"error\" in the report"
		fi
		if [ -z "$why" ]; then
			tap_ok 0 "$rel ($mode)"
		else
			tap_ok 1 "$rel ($mode)"
			tap_diag "$why"
			tap_diag_file "$TEST_TMP/err" 30
		fi
	done
done

# --- 2. truncation sweep ----------------------------------------------------

# make_cuts FILE DIR: write DIR/N for every cut N (see the top of this
# file) and print the header length: the bytes libpcap needs before it
# can open the file.
make_cuts()
{
	python3 - "$1" "$2" "$HEAD_BYTES" "$STRIDE" <<'EOF'
import os, struct, sys
path, out = sys.argv[1], sys.argv[2]
head, stride = int(sys.argv[3]), int(sys.argv[4])
d = open(path, "rb").read()
if d[:4] != b"\x0a\x0d\x0d\x0a":
    hdr = 24                        # pcap global header
else:
    bo = "<" if d[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
    hdr = 0
    while hdr + 12 <= len(d):
        btype, blen = struct.unpack(bo + "II", d[hdr:hdr + 8])
        if blen < 12:
            break
        hdr += blen
        if btype == 1:              # the first interface description
            break
cuts = set(range(min(head, len(d)))) | set(range(0, len(d), stride))
for n in sorted(cuts):
    with open(os.path.join(out, str(n)), "wb") as f:
        f.write(d[:n])
print(hdr)
EOF
}

# sweep_worker HDRLEN WORKER: run the cuts assigned to this worker (every
# JOBS-th file of $TEST_TMP/cuts); failures go to $TEST_TMP/fail.WORKER.
# "ulimit -t" in the forked child stops a looping run (SIGXCPU) without a
# timeout process per cut, which keeps the sweep fast under AddressSanitizer.
sweep_worker()
(
	hdr=$1 w=$2 err=$TEST_TMP/err.$2
	i=0
	for cut in "$TEST_TMP"/cuts/*; do
		i=$((i + 1))
		[ $((i % JOBS)) -eq "$w" ] || continue
		n=${cut##*/}
		if [ $((n % 2)) -eq 1 ]; then
			mode=--json
		else
			mode=--verbose
		fi
		# LeakSanitizer doubles the cost of a run: it checks every
		# LEAK_EVERY-th cut only (if it is on at all).
		asan=$ASAN_OPTIONS
		[ $((n % LEAK_EVERY)) -eq 0 ] || asan=$asan:detect_leaks=0
		rc=0
		(ulimit -t 20; ASAN_OPTIONS=$asan exec "$IKESCOPE" "$mode" \
		    "$cut") > /dev/null 2> "$err" < /dev/null || rc=$?
		if [ -s "$err" ] && has_sanitizer_report "$err"; then
			echo "cut $n ($mode): sanitizer report: $(grep -m1 "$SANITIZER_RE" "$err")"
		elif [ "$rc" -eq 152 ] || [ "$rc" -eq 137 ]; then
			echo "cut $n ($mode): killed by signal $((rc - 128)) (the 20 s CPU limit?): a loop?"
		elif [ "$rc" -ge 128 ]; then
			echo "cut $n ($mode): killed by signal $((rc - 128))"
		elif [ "$rc" -eq 1 ] && [ "$n" -lt "$hdr" ]; then
			:
		elif [ "$rc" -ne 0 ]; then
			echo "cut $n ($mode): exit status $rc (header is $hdr bytes): $(head -n 1 "$err")"
		fi
	done > "$TEST_TMP/fail.$w"
)

while IFS= read -r f; do
	size=$(wc -c < "$f")
	[ "$size" -lt "$MAX_SIZE" ] || continue
	rel=${f#"$top_srcdir"/}
	rm -rf "$TEST_TMP/cuts"
	mkdir "$TEST_TMP/cuts"
	hdr=$(make_cuts "$f" "$TEST_TMP/cuts") ||
	    tap_bail "cannot write the cuts of $rel"
	ncuts=$(find "$TEST_TMP/cuts" -type f | wc -l)
	for w in $(seq 0 $((JOBS - 1))); do
		sweep_worker "$hdr" "$w" &
	done
	wait
	cat "$TEST_TMP"/fail.* > "$TEST_TMP/fails" 2>/dev/null
	if [ -s "$TEST_TMP/fails" ]; then
		tap_ok 1 "truncation sweep: $rel ($ncuts cuts)"
		sort -t' ' -k2,2n "$TEST_TMP/fails" > "$TEST_TMP/fails.sorted"
		tap_diag_file "$TEST_TMP/fails.sorted" 15
	else
		tap_ok 0 "truncation sweep: $rel ($ncuts cuts)"
	fi
	rm -f "$TEST_TMP"/fail.*
done < <(find "$DATA" -type f \( -name '*.pcap' -o -name '*.pcapng' \
    -o -name '*.cap' \) | LC_ALL=C sort)
rm -rf "$TEST_TMP/cuts"

tap_done
