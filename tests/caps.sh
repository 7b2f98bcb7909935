#!/bin/bash
# caps.sh - a capture made to exhaust memory (tests/hostile.py: 100 000
# half-open IKE SAs, IP and IKEv1 fragment floods, TCP streams past the
# stream and buffer caps, 20 000 exchanges in one SA, one message sent
# 2 000 times, 120 000 ESP SPIs, 1 000 payloads in one message, IP in IP
# 40 deep, huge declared lengths) read in text, JSON and NDJSON mode
# under a fixed address-space limit (ulimit -v, LIMIT_KB: 512 MiB) and
# a CPU limit (60 s):
#   - exit status 0, no sanitizer report, the JSON document and every
#     NDJSON line parse;
#   - every cap says so with its diagnostic code: ike-sa-cap,
#     exchange-cap, message-cap, esp-sa-cap, frag-cap, frag-too-big,
#     frag-number, frag-dropped, tcp-cap, payload-limit, ip-depth,
#     ike-length; the new caps (ike-sa-cap, esp-sa-cap, exchange-cap,
#     message-cap) are one diagnostic per list, whose "repeats" count
#     the rest, so the document stays small; the 60 s CPU limit also
#     catches work that grows with the square of the SAs (the diagnosis
#     once scanned every SA for each SA's successor: minutes here).
# AddressSanitizer reserves terabytes of address space, so a sanitizer
# build runs a tenth of the capture without the limit (no crash, no
# report; the caps are not all reached there).

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

: "${LIMIT_KB:=524288}"
CAPS="ike-sa-cap exchange-cap message-cap esp-sa-cap frag-cap frag-too-big
frag-number frag-dropped tcp-cap payload-limit ip-depth ike-length"

sanitized=0
if [ -f "$top_builddir/config.status" ] &&
    "$top_builddir/config.status" --config 2>/dev/null |
    grep -q 'enable-asan\|enable-ubsan'; then
	sanitized=1
fi

scale=1
[ $sanitized -eq 1 ] && scale=0.1
python3 "$top_srcdir/tests/hostile.py" "$TEST_TMP/hostile.pcap" $scale ||
    tap_bail "tests/hostile.py failed"

# run MODE OUT: ikescope under the limits; prints the exit status
run()
{
	local rc=0
	(
		ulimit -t 60
		[ $sanitized -eq 1 ] || ulimit -v "$LIMIT_KB"
		exec "$IKESCOPE" $1 "$TEST_TMP/hostile.pcap"
	) > "$2" 2> "$2.err" < /dev/null || rc=$?
	echo $rc
}

for mode in text --json --ndjson; do
	case $mode in
	text) out=$TEST_TMP/out.txt; opt="" ;;
	--json) out=$TEST_TMP/out.json; opt=--json ;;
	--ndjson) out=$TEST_TMP/out.ndjson; opt=--ndjson ;;
	esac
	start=$(date +%s)
	rc=$(run "$opt" "$out")
	secs=$(($(date +%s) - start))
	why=""
	[ "$rc" -eq 0 ] || why="exit status $rc"
	if has_sanitizer_report "$out.err"; then
		why="${why:+$why; }sanitizer report"
	fi
	if [ "$mode" != text ] && ! python3 - "$out" "$mode" <<'EOF'
import json, sys
path, mode = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    text = f.read()
if mode == "--json":
    json.loads(text)
else:
    for n, line in enumerate(text.split("\n")[:-1], 1):
        json.loads(line)
EOF
	then
		why="${why:+$why; }output does not parse"
	fi
	lim="under ulimit -v $LIMIT_KB"
	[ $sanitized -eq 1 ] && lim="sanitizer build, scale 0.1, no ulimit -v"
	tap_ok "$([ -z "$why" ] && echo 0 || echo 1)" \
	    "hostile capture, ${mode#--} ($lim): read to the end in ${secs} s"
	[ -z "$why" ] || { tap_diag "$why"; tap_diag_file "$out.err" 20; }
done

# The caps, from the JSON document: each code present, one entry per list.
if [ $sanitized -eq 1 ]; then
	tap_skip "every cap reported" "sanitizer build runs a smaller capture"
else
	python3 - "$TEST_TMP/out.json" $CAPS > "$TEST_TMP/caps" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = sys.argv[2:]
found = {}
def walk(x):
    if isinstance(x, dict):
        if "code" in x and "severity" in x and "message" in x:
            found.setdefault(x["code"], []).append(x)
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(doc)
for code in want:
    if code not in found:
        print("FAIL\t%s: not reported" % code)
        continue
    n = len(found[code])
    hits = sum(1 + d.get("repeats", 0) for d in found[code])
    print("PASS\t%s: reported (%d entries, %d hits): %s"
          % (code, n, hits, found[code][0]["message"][:100]))
for code in ("ike-sa-cap", "esp-sa-cap"):   # capture-level: one list
    if code in found and len(found[code]) != 1:
        print("FAIL\t%s: %d entries, expected one with repeats"
              % (code, len(found[code])))
EOF
	tap_results "caps check" $? "$TEST_TMP/caps" /dev/null
fi

tap_done
