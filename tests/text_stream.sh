#!/bin/bash
# text_stream.sh - the text report written as SAs go idle says the same as
# the report written at the end: the strongSwan samples read as one stream
# (made at different times, so earlier SAs go idle while later ones are
# read), with all their key files, once with --idle-timeout 0 (every SA
# kept) and once with 30 s.  Every IKE SA block, summary line and ESP SA
# must be the same (but for what a diagnosis made as an SA goes idle
# cannot know: how long a request stayed unanswered until the end of the
# capture, and the SAs of the same responder still held then), SAs must really have been written before the end of
# the input (before the capture line), and -w must write the same file.
. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

S=$top_srcdir/samples/strongswan
caps=$(by_first_frame "$S"/*.pcap)
cat "$S"/*.min.keys > "$TEST_TMP/all.keys"
chmod 600 "$TEST_TMP/all.keys"
for t in 0 30; do
	for v in "" -v; do
		run_ikescope "$TEST_TMP/out$t$v" "$TEST_TMP/err$t$v" $v \
		    --idle-timeout $t -w "$TEST_TMP/w$t$v.pcapng" \
		    -k "$TEST_TMP/all.keys" $caps < /dev/null
		if [ "$RC" -ne 0 ] || [ -s "$TEST_TMP/err$t$v" ]; then
			tap_ok 1 "text $v --idle-timeout $t runs"
			tap_diag_file "$TEST_TMP/err$t$v" 20
		else
			tap_ok 0 "text $v --idle-timeout $t runs"
		fi
	done
done
for v in "" -v; do
	if cmp -s "$TEST_TMP/w0$v.pcapng" "$TEST_TMP/w30$v.pcapng"; then
		tap_ok 0 "-w $v writes the same file either way"
	else
		tap_ok 1 "-w $v writes the same file either way"
	fi
done

rc=0
python3 - "$TEST_TMP/out0" "$TEST_TMP/out30" "$TEST_TMP/out0-v" \
    "$TEST_TMP/out30-v" > "$TEST_TMP/results" 2> "$TEST_TMP/perr" <<'PY' || rc=$?
import re, sys
from collections import Counter

def out(ok, text, why=""):
    print("%s\t%s\t%s" % ("PASS" if ok else "FAIL", text, why))

def norm(block):
    """What differs between a diagnosis made at the end and one made as
    the SA went idle."""
    block = re.sub(r"[0-9.]+ s (before|from the last copy to) "
                   r"(the end of the capture|the moment the SA went idle)",
                   r"N s \1 END", block)
    return re.sub(r"IKE SA #\d+( of the same responder| for)",
                  r"IKE SA #N\1", block)

def parse(p):
    """SA blocks by index, summary lines, ESP SA rows with their detail
    lines, and where the capture line is."""
    lines = open(p, encoding="utf-8").read().split("\n")
    sas, summary, esp, cap_at, first_sa_at = {}, [], Counter(), None, None
    i = 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r"IKE SA #(\d+) ", l)
        if m:
            j = i + 1
            while j < len(lines) and lines[j] != "":
                j += 1
            sas[int(m.group(1))] = norm("\n".join(lines[i:j]))
            if first_sa_at is None:
                first_sa_at = i
            i = j
            continue
        if l.startswith("Capture ") and cap_at is None:
            cap_at = i
        if re.match(r"  #\d+ ", l):
            summary.append(l)
        if re.match(r"  (ESP|AH) +0x", l):
            j = i + 1
            while j < len(lines) and lines[j].startswith("        "):
                j += 1
            esp["\n".join(lines[i:j])] += 1
            i = j
            continue
        i += 1
    return sas, summary, esp, cap_at, first_sa_at

for keep, idle, v in ((sys.argv[1], sys.argv[2], ""),
                      (sys.argv[3], sys.argv[4], " -v")):
    a, b = parse(keep), parse(idle)
    diff = [i for i in a[0] if a[0][i] != b[0].get(i)]
    out(len(a[0]) > 30 and not diff and len(a[0]) == len(b[0]),
        "%s: the same %d IKE SA blocks" % (v or "text", len(a[0])),
        "; ".join("#%d" % i for i in diff[:5]))
    out(a[1] == b[1] and len(a[1]) == len(a[0]),
        "%s: the same summary, one line per SA" % (v or "text"))
    out(sum(a[2].values()) > 30 and a[2] == b[2],
        "%s: the same %d ESP SAs with their counts" %
        (v or "text", sum(a[2].values())),
        str(list((a[2] - b[2]).items())[:2]))
    text = open(idle, encoding="utf-8").read()
    early = [i for i in b[0] if text.index("\nIKE SA #%d " % i) <
             text.index("\nCapture ")]
    out(len(early) >= 10,
        "%s: %d IKE SAs written before the capture line" %
        (v or "text", len(early)))
    out("went idle" in text and "went idle" not in
        open(keep, encoding="utf-8").read(),
        "%s: times counted to when the SA went idle, said so" % (v or "text"))
    out(a[4] > a[3], "%s: with --idle-timeout 0 the report starts with the "
        "capture" % (v or "text"))
PY
tap_results "text stream check" "$rc" "$TEST_TMP/results" "$TEST_TMP/perr"
tap_done
