#!/bin/bash
# safe_output.sh - what ikescope writes is safe to show and to parse, keeps
# secrets to itself, and goes only where it was asked to:
#
# 1. Hostile wire text (tests/safe_output.py make: terminal escape
#    sequences, C0/C1 controls, DEL, invalid UTF-8, in IKEv1/IKEv2 IDs,
#    vendor IDs, XAUTH and Mode Config strings, CP and EAP identities,
#    notify data, certificate subject and issuer names): the text report
#    (plain, -v, -v --show-keys) and a TUI screen dump hold no control
#    character but newline and tab, no DEL, no C1, and are valid UTF-8;
#    the JSON document and the NDJSON lines parse as UTF-8 JSON.
# 2. Secrets: the XAUTH password of that capture is not shown without
#    --show-keys, in text, JSON and NDJSON; nor are the PSK and DH values
#    of a strongSwan sample with its keys, nor the derived keys (shown
#    with --show-keys, so the check can fail).
# 3. A key file readable by group or others gives a warning on standard
#    error that says to chmod 600; a mode 600 file gives none.
# 4. Nothing is written where nobody asked: a run of every output mode in
#    an empty directory, with HOME and TMPDIR pointing at empty
#    directories too, leaves all three empty.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

PY=$top_srcdir/tests/safe_output.py
S=$top_srcdir/samples/strongswan/ikev1-xauth-modecfg
cap=$TEST_TMP/hostile.pcap
python3 "$PY" make "$cap" || tap_bail "safe_output.py make failed"

# run NAME KIND ARGS...: ikescope ARGS on the hostile capture, the output
# checked as KIND (text, json, ndjson).
run()
{
	local name=$1 kind=$2 out=$TEST_TMP/$1.out err=$TEST_TMP/$1.err rc=0
	shift 2
	"$IKESCOPE" "$@" "$cap" > "$out" 2> "$err" < /dev/null || rc=$?
	why=""
	[ $rc -eq 0 ] || why="exit status $rc"
	has_sanitizer_report "$err" && why="${why:+$why; }sanitizer report"
	if ! python3 "$PY" "$kind" "$out" > "$TEST_TMP/why"; then
		why="${why:+$why; }$(cat "$TEST_TMP/why")"
	fi
	tap_ok "$([ -z "$why" ] && echo 0 || echo 1)" \
	    "hostile strings, $name: safe $kind"
	[ -z "$why" ] || tap_diag "$why"
}

# --- 1. hostile wire text ----------------------------------------------------
run text text --color=never
run "text -v" text --color=never -v
run "text -v --show-keys" text --color=never -v --show-keys
run json json --json
run "json -v --show-keys" json --json -v --show-keys
run "ndjson -v" ndjson --ndjson -v

# The colour run above: colour escapes are ikescope's own, so only check
# that no wire ESC sequence got through (the hostile OSC "]0;pwned").
"$IKESCOPE" --color=always -v "$cap" > "$TEST_TMP/color.out" 2>/dev/null
! grep -q $'\x1b\\]0;pwned' "$TEST_TMP/color.out"
tap_ok $? "hostile strings, colours on: no wire escape sequence passes"

# The TUI: every screen of the SA list, the ladder, the tree of each message.
printf '%s\n' '<Dump><Enter><Dump><Enter><Dump><Down><Dump><Down><Dump><Down><Dump><Esc><Down><Dump><Down><Dump><Enter><Dump>' \
    > "$TEST_TMP/tui.keys"
rc=0
"$IKESCOPE" --tui --tui-size 120x40 --tui-script "$TEST_TMP/tui.keys" \
    --tui-dump "$TEST_TMP/tui.out" "$cap" 2> "$TEST_TMP/tui.err" || rc=$?
why=""
[ $rc -eq 0 ] || why="exit status $rc"
python3 "$PY" text "$TEST_TMP/tui.out" > "$TEST_TMP/why" ||
    why="${why:+$why; }$(cat "$TEST_TMP/why")"
tap_ok "$([ -z "$why" ] && echo 0 || echo 1)" "hostile strings, TUI screens: safe text"
[ -z "$why" ] || tap_diag "$why"

# --- 2. secrets -------------------------------------------------------------
# The XAUTH password (the hostile string, after its visible "RED"): the
# field is there, its value hidden without --show-keys.
for mode in "" --json --ndjson; do
	"$IKESCOPE" $mode -v "$cap" > "$TEST_TMP/pw.out" 2>/dev/null
	n=$(grep -o 'pwned' "$TEST_TMP/pw.out" | wc -l)
	"$IKESCOPE" $mode -v --show-keys "$cap" > "$TEST_TMP/pw2.out" 2>/dev/null
	n2=$(grep -o 'pwned' "$TEST_TMP/pw2.out" | wc -l)
	# the same string is also the user name, ID, etc.: it shows once
	# more with --show-keys (the password)
	[ "$n2" -gt "$n" ]
	tap_ok $? "XAUTH password hidden without --show-keys (${mode:-text}: $n times, $n2 with it)"
done

# A real sample with its keys: neither the PSK nor the DH private value nor
# a derived key (SKEYID from the .full.keys file) appears without
# --show-keys; the derived key does with it.
secrets=$TEST_TMP/secrets
python3 - "$S.min.keys" "$S.full.keys" > "$secrets" <<'EOF'
import re, sys
out = set()
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r'psk\s+"([^"]+)"', line)
        if m:
            out.add(m.group(1))
            continue
        for tok in line.split():
            if re.fullmatch(r"(0x)?[0-9a-fA-F]{32,}", tok):
                out.add(tok[2:].lower() if tok.lower().startswith("0x")
                        else tok.lower())
for s in sorted(out):
    print(s)
EOF
[ -s "$secrets" ] || tap_bail "no secrets found in $S.min.keys"
cp "$S.min.keys" "$TEST_TMP/min.keys"
chmod 600 "$TEST_TMP/min.keys"
for mode in "" --json --ndjson; do
	"$IKESCOPE" $mode -v -k "$TEST_TMP/min.keys" "$S.pcap" > "$TEST_TMP/k.out" 2>/dev/null
	leaked=$(grep -o -F -f "$secrets" "$TEST_TMP/k.out" | sort -u | head -n 3)
	[ -z "$leaked" ]
	tap_ok $? "keys of ${S##*/}: no secret in ${mode:-text} -v without --show-keys"
	[ -z "$leaked" ] || tap_diag "shown: $leaked"
	"$IKESCOPE" $mode -v --show-keys -k "$TEST_TMP/min.keys" "$S.pcap" > "$TEST_TMP/k2.out" 2>/dev/null
	grep -q -F -f "$secrets" "$TEST_TMP/k2.out"
	tap_ok $? "keys of ${S##*/}: --show-keys shows them (${mode:-text})"
done

# --- 3. key file permissions --------------------------------------------------
chmod 644 "$TEST_TMP/min.keys"
"$IKESCOPE" -k "$TEST_TMP/min.keys" "$S.pcap" > /dev/null 2> "$TEST_TMP/perm.err"
grep -q 'readable by others.*chmod 600' "$TEST_TMP/perm.err"
tap_ok $? "a key file readable by others: a warning that says chmod 600"
chmod 640 "$TEST_TMP/min.keys"
"$IKESCOPE" -k "$TEST_TMP/min.keys" "$S.pcap" > /dev/null 2> "$TEST_TMP/perm.err"
grep -q 'readable by its group.*chmod 600' "$TEST_TMP/perm.err"
tap_ok $? "a key file readable by its group: a warning"
chmod 600 "$TEST_TMP/min.keys"
"$IKESCOPE" -k "$TEST_TMP/min.keys" "$S.pcap" > /dev/null 2> "$TEST_TMP/perm.err"
! grep -q 'warning' "$TEST_TMP/perm.err"
tap_ok $? "a key file of mode 600: no warning"

# --- 4. nothing written unasked ------------------------------------------------
mkdir "$TEST_TMP/cwd" "$TEST_TMP/home" "$TEST_TMP/tmp"
cp "$S.pcap" "$TEST_TMP/s.pcap"
(
	cd "$TEST_TMP/cwd" || exit 1
	export HOME=$TEST_TMP/home TMPDIR=$TEST_TMP/tmp
	for mode in "" -v --json --ndjson "--json -v --show-keys"; do
		# shellcheck disable=SC2086
		"$IKESCOPE" $mode -k "$TEST_TMP/min.keys" "$TEST_TMP/s.pcap" \
		    > /dev/null 2>&1 < /dev/null
	done
	"$IKESCOPE" --tui --tui-script "$TEST_TMP/tui.keys" \
	    --tui-dump /dev/null -k "$TEST_TMP/min.keys" "$TEST_TMP/s.pcap" \
	    > /dev/null 2>&1 < /dev/null
	"$IKESCOPE" -k "$TEST_TMP/min.keys" - < "$TEST_TMP/s.pcap" \
	    > /dev/null 2>&1
)
left=$(find "$TEST_TMP/cwd" "$TEST_TMP/home" "$TEST_TMP/tmp" -mindepth 1 | head -n 5)
[ -z "$left" ]
tap_ok $? "text, JSON, NDJSON, TUI and stdin runs write no file (cwd, HOME, TMPDIR stay empty)"
[ -z "$left" ] || tap_diag "written: $left"

tap_done
