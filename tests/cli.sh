#!/bin/bash
# cli.sh - the command line contract of DESIGN.md ("Command line"): options,
# "-" for standard input, several captures in one run, filters, exit status
# (0 when the capture was read; 1 for bad usage, an unreadable capture or a
# key file with errors, reported as FILE:LINE: message).
#
# These checks say what ikescope must do; when one fails, the program and
# DESIGN.md disagree, and it is the program or DESIGN.md that changes.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

D=$top_srcdir/tests/data
V1=$D/dissect-only/isakmp4500.pcap	# IKEv1 on UDP 500 and 4500, ESP in UDP
V2=$D/dissect-only/ikev2four.pcap	# IKEv2, DLT_NULL
O=$TEST_TMP/out
E=$TEST_TMP/err

# ok_if DESC COMMAND...: one TAP line for the exit status of COMMAND.
ok_if()
{
	local desc=$1
	shift
	if "$@"; then
		tap_ok 0 "$desc"
	else
		tap_ok 1 "$desc"
		[ ! -s "$E" ] || { tap_diag "stderr:"; tap_diag_file "$E" 10; }
	fi
}

# json_get FILE EXPR: evaluate a python expression over the document "d".
json_get()
{
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def frames(d):
    s = set()
    for sa in d.get("ike_sas", []):
        for ex in sa.get("exchanges", []):
            for m in ex.get("messages", []):
                s.add(m["frame"])
    return s
print(eval(sys.argv[2]))' "$1" "$2"
}

# --- help and version ---------------------------------------------------

run_ikescope "$O" "$E" --help < /dev/null
ok_if "--help exits 0" [ "$RC" -eq 0 ]
missing=""
for opt in -k --keys -p --psk -f --filter -j --json --ndjson -t --tui \
    -w --write-decrypted --export-keys --show-keys -h --help -V --version \
    --ike-port -v --psk-candidates --psk-params --psk-nortel-user \
    --psk-words --color --idle-timeout --ignore-icv --tui-script --threads; do
	grep -qE -e "(^|[^-[:alnum:]])$opt([^-[:alnum:]]|\$)" "$O" ||
	    missing="$missing $opt"
done
ok_if "--help names every option of the command line" [ -z "$missing" ]
[ -z "$missing" ] || tap_diag "not in --help:$missing"
run_ikescope "$TEST_TMP/h" "$E" -h < /dev/null
ok_if "-h is --help" cmp -s "$O" "$TEST_TMP/h"

for opt in -V --version; do
	run_ikescope "$O" "$E" "$opt" < /dev/null
	ok_if "$opt exits 0 and prints the version" eval \
	    '[ "$RC" -eq 0 ] && grep -qE "^ikescope [0-9]+\.[0-9]+" "$O"'
done

# --- bad usage ----------------------------------------------------------

for opt in --no-such-option -Z; do
	run_ikescope "$O" "$E" "$opt" "$V1" < /dev/null
	ok_if "unknown option $opt: exit 1, stderr points to --help" eval \
	    '[ "$RC" -eq 1 ] && grep -q -e "--help" "$E"'
done

run_ikescope "$O" "$E" < /dev/null
ok_if "no CAPTURE: exit 1 with a message" eval '[ "$RC" -eq 1 ] && [ -s "$E" ]'

run_ikescope "$O" "$E" --filter < /dev/null
ok_if "option without its argument: exit 1" [ "$RC" -eq 1 ]

for p in 0 65536 abc ''; do
	run_ikescope "$O" "$E" --ike-port "$p" "$V1" < /dev/null
	ok_if "--ike-port '$p' is refused (exit 1)" eval \
	    '[ "$RC" -eq 1 ] && [ -s "$E" ]'
done

for t in 0 3 two ''; do
	run_ikescope "$O" "$E" --threads "$t" "$V1" < /dev/null
	ok_if "--threads '$t' is refused (exit 1)" eval \
	    '[ "$RC" -eq 1 ] && grep -q -e "--threads" "$E"'
done
for t in 1 2; do
	run_ikescope "$TEST_TMP/t$t" "$E" --threads "$t" "$V1" < /dev/null
	ok_if "--threads $t runs" [ "$RC" -eq 0 ]
done
ok_if "--threads 1 and 2: the same report" cmp -s "$TEST_TMP/t1" "$TEST_TMP/t2"

# --- unreadable captures ------------------------------------------------

run_ikescope "$O" "$E" "$TEST_TMP/no-such-file.pcap" < /dev/null
ok_if "missing file: exit 1, the message names the file" eval \
    '[ "$RC" -eq 1 ] && grep -q "no-such-file.pcap" "$E"'

run_ikescope "$O" "$E" "$D/openswan/SOURCE.md" < /dev/null
ok_if "a file that is not a capture: exit 1, the message names it" eval \
    '[ "$RC" -eq 1 ] && grep -q "SOURCE.md" "$E"'

: > "$TEST_TMP/empty.pcap"
run_ikescope "$O" "$E" "$TEST_TMP/empty.pcap" < /dev/null
ok_if "an empty file: exit 1" [ "$RC" -eq 1 ]

run_ikescope "$O" "$E" "$V1" "$TEST_TMP/no-such-file.pcap" < /dev/null
ok_if "a readable and a missing file: exit 1" eval \
    '[ "$RC" -eq 1 ] && grep -q "no-such-file.pcap" "$E"'

# --- a normal run -------------------------------------------------------

run_ikescope "$O" "$E" "$V1" < /dev/null
ok_if "text report of $(basename "$V1"): exit 0, non-empty" eval \
    '[ "$RC" -eq 0 ] && [ -s "$O" ]'
cp "$O" "$TEST_TMP/v1.txt"

run_ikescope "$TEST_TMP/v1.json" "$E" --json "$V1" < /dev/null
ok_if "--json: exit 0, the document parses" eval \
    '[ "$RC" -eq 0 ] && json_get "$TEST_TMP/v1.json" 1 > /dev/null'
run_ikescope "$O" "$E" -j "$V1" < /dev/null
ok_if "-j is --json" cmp -s "$O" "$TEST_TMP/v1.json"

# --- standard input -----------------------------------------------------

run_ikescope "$TEST_TMP/stdin.json" "$E" --json - < "$V1"
ok_if "- reads standard input (JSON): exit 0" [ "$RC" -eq 0 ]
same=$(python3 - "$TEST_TMP/v1.json" "$TEST_TMP/stdin.json" <<'EOF'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for d in (a, b):
    for c in d.get("captures", []):
        c.pop("file", None)
print(int(a == b))
EOF
)
ok_if "- reads standard input: same JSON as the file, but for its name" \
    [ "$same" = 1 ]

run_ikescope "$TEST_TMP/stdin.txt" "$E" - < "$V1"
same=$(python3 - "$TEST_TMP/v1.txt" "$TEST_TMP/stdin.txt" "$V1" <<'EOF'
import sys
a = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
b = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
name = sys.argv[3]
ok = len(a) == len(b) and all(x == y for x, y in zip(a, b) if name not in x)
print(int(ok))
EOF
)
ok_if "- reads standard input: same text report but for the file name" \
    eval '[ "$RC" -eq 0 ] && [ "$same" = 1 ]'

# --- several captures ---------------------------------------------------

run_ikescope "$TEST_TMP/v2.json" "$E" --json "$V2" < /dev/null
run_ikescope "$TEST_TMP/both.json" "$E" --json "$V1" "$V2" < /dev/null
ok_if "two captures in one run: exit 0" [ "$RC" -eq 0 ]
check=$(python3 - "$TEST_TMP/v1.json" "$TEST_TMP/v2.json" \
    "$TEST_TMP/both.json" <<'EOF'
import json, sys
a, b, ab = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
def frames(d):
    return sorted(m["frame"] for sa in d.get("ike_sas", [])
                  for ex in sa.get("exchanges", [])
                  for m in ex.get("messages", []))
fa = sum(c["frames"] for c in a["captures"])
fb = sum(c["frames"] for c in b["captures"])
why = []
if len(ab["captures"]) != 2:
    why.append("%d captures listed, not 2" % len(ab["captures"]))
elif [c["frames"] for c in ab["captures"]] != [fa, fb]:
    why.append("frames per capture %s, expected %s" %
               ([c["frames"] for c in ab["captures"]], [fa, fb]))
if sum(c["ike_messages"] for c in ab["captures"]) != \
   sum(c["ike_messages"] for c in a["captures"] + b["captures"]):
    why.append("IKE message counts do not add up")
expect = sorted(frames(a) + [f + fa for f in frames(b)])
if frames(ab) != expect:
    why.append("frame numbers are not continuous over the two files")
print("; ".join(why) or "ok")
EOF
)
ok_if "two captures: frames numbered on from the first file, counts add up" \
    [ "$check" = ok ]
[ "$check" = ok ] || tap_diag "$check"

# --- filters and ports --------------------------------------------------

run_ikescope "$TEST_TMP/f.json" "$E" --json -f 'udp port 500' "$V1" < /dev/null
ok_if "-f 'udp port 500': exit 0" [ "$RC" -eq 0 ]
n_all=$(json_get "$TEST_TMP/v1.json" 'sum(c["ike_messages"] for c in d["captures"])' 2>/dev/null)
n_500=$(json_get "$TEST_TMP/f.json" 'sum(c["ike_messages"] for c in d["captures"])' 2>/dev/null)
ok_if "-f 'udp port 500' keeps fewer IKE messages (${n_500:-?} of ${n_all:-?})" \
    eval '[ -n "$n_500" ] && [ -n "$n_all" ] && [ "$n_500" -gt 0 ] && [ "$n_500" -lt "$n_all" ]'
run_ikescope "$O" "$E" --json --filter 'udp port 500' "$V1" < /dev/null
ok_if "--filter is -f" cmp -s "$O" "$TEST_TMP/f.json"

run_ikescope "$O" "$E" -f 'udp port and and' "$V1" < /dev/null
ok_if "a bad filter: exit 1 with libpcap's message" eval \
    '[ "$RC" -eq 1 ] && grep -qi "syntax\|filter\|parse" "$E"'

run_ikescope "$O" "$E" --ike-port 4501 --ike-port 1701 "$V1" < /dev/null
ok_if "--ike-port N (twice) is accepted" [ "$RC" -eq 0 ]

# --- secrets: the XAUTH password of the synthetic capture ----------------
X=$D/synthetic/ikev1-every-payload.pcap
run_ikescope "$O" "$E" --json "$X" < /dev/null
ok_if "without --show-keys the XAUTH password is hidden" eval \
    '[ "$RC" -eq 0 ] && ! grep -q "correct horse" "$O" &&
    grep -q "hidden; --show-keys" "$O"'
run_ikescope "$O" "$E" --json --show-keys "$X" < /dev/null
ok_if "--show-keys shows the XAUTH password" eval \
    '[ "$RC" -eq 0 ] && grep -q "correct horse" "$O"'
run_ikescope "$O" "$E" -v "$X" < /dev/null
ok_if "-v alone does not show the XAUTH password" eval \
    '[ "$RC" -eq 0 ] && ! grep -q "correct horse" "$O"'

# --- key files (DESIGN: errors reported as FILE:LINE: message, exit 1) --

printf '# a comment\nfrobnicate 1 2 3\n' > "$TEST_TMP/bad.keys"
run_ikescope "$O" "$E" -k "$TEST_TMP/bad.keys" "$V1" < /dev/null
ok_if "a key file with an error: exit 1, FILE:LINE: message" eval \
    '[ "$RC" -eq 1 ] && grep -q "bad.keys:2:" "$E"'

run_ikescope "$O" "$E" --keys "$TEST_TMP/no-such.keys" "$V1" < /dev/null
ok_if "a missing key file: exit 1, the message names it" eval \
    '[ "$RC" -eq 1 ] && grep -q "no-such.keys" "$E"'

printf '# nothing but a comment\n\npsk "secret"\n' > "$TEST_TMP/good.keys"
run_ikescope "$O" "$E" -k "$TEST_TMP/good.keys" -p other "$V1" < /dev/null
ok_if "a valid key file and -p: exit 0" [ "$RC" -eq 0 ]

# --- -w: a pcapng of every frame, decrypted ESP replaced ------------------

S=$top_srcdir/samples/strongswan/ikev2-psk-gcm
W=$TEST_TMP/clear.pcapng
run_ikescope "$O" "$E" -k "$S.min.keys" -w "$W" "$S.pcap" < /dev/null
ok_if "-w FILE: exit 0, a report on stdout, a pcapng in FILE" eval \
    '[ "$RC" -eq 0 ] && grep -q "decrypted (ICV verified)" "$O" &&
    [ "$(head -c 4 "$W" | od -An -tx1 | tr -d " \n")" = 0a0d0d0a ]'
run_ikescope "$O" "$E" -k "$S.min.keys" -w - "$S.pcap" < /dev/null
ok_if "-w -: the pcapng goes to stdout, the same as -w FILE, no report" \
    cmp -s "$O" "$W"
run_ikescope "$O" "$E" -w "$TEST_TMP/no/such/dir/x.pcapng" "$V1" < /dev/null
ok_if "-w into a missing directory: exit 1, the message names the file" eval \
    '[ "$RC" -eq 1 ] && grep -q "x.pcapng" "$E" && [ ! -s "$O" ]'
if [ -w /dev/full ]; then
	run_ikescope "$O" "$E" -w /dev/full "$V1" < /dev/null
	ok_if "-w /dev/full: exit 1, a write error" eval \
	    '[ "$RC" -eq 1 ] && grep -qi "space" "$E"'
fi

# --- --ndjson and --color ------------------------------------------------

S=$top_srcdir/samples/strongswan/ikev2-wrong-psk
run_ikescope "$O" "$E" --ndjson -k "$S.min.keys" "$S.pcap" < /dev/null
ok_if "--ndjson: exit 0, one JSON object per line, ike events first" eval \
    '[ "$RC" -eq 0 ] && python3 -c "
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
t = [e[\"event_type\"] for e in ev]
assert t[:4] == [\"ike\"] * 4 and t[4] == \"ike_sa\", t
assert ev[4][\"ike_sa\"][\"outcome\"][\"state\"] == \"failed\"
" "$O"'
run_ikescope "$O" "$E" --ndjson --json "$V1" < /dev/null
ok_if "--ndjson with --json: exit 1, nothing on stdout" eval \
    '[ "$RC" -eq 1 ] && [ ! -s "$O" ] && grep -q "ndjson" "$E"'
run_ikescope "$O" "$E" --ndjson -w - "$V1" < /dev/null
ok_if "--ndjson with -w -: exit 1 (one of them may use stdout)" eval \
    '[ "$RC" -eq 1 ] && [ ! -s "$O" ]'
run_ikescope "$O" "$E" --color=always "$S.pcap" < /dev/null
ok_if "--color=always: ANSI colours in the report" eval \
    '[ "$RC" -eq 0 ] && grep -q "$(printf "\033")\[3" "$O"'
run_ikescope "$O" "$E" "$S.pcap" < /dev/null
ok_if "no terminal (auto): no escape sequence in the report" eval \
    '[ "$RC" -eq 0 ] && ! grep -q "$(printf "\033")" "$O"'
run_ikescope "$O" "$E" --color=sometimes "$S.pcap" < /dev/null
ok_if "--color=sometimes: exit 1, the message names the values" eval \
    '[ "$RC" -eq 1 ] && grep -q "always" "$E"'

tap_done
