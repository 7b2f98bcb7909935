#!/bin/bash
# tui.sh - the browser (ui/tui.c) headless: ikescope --tui --tui-script,
# whose keys drive a virtual screen; each <Dump> writes the screen as text,
# and the text must be the expected screen of tests/tui/NAME.txt.  Then,
# where tmux exists, the same program in a real 80x24 terminal, driven by
# tmux send-keys.
#
# TUI_UPDATE=1 tests/tui.sh rewrites the expected screens (check the diff).
. "$(dirname "$0")/lib.sh"

need_ikescope
EXP=$top_srcdir/tests/tui
S=$top_srcdir/samples/strongswan
E=$top_srcdir/tests/data/esp

# screen NAME DIR CAPTURE KEYS GEOMETRY SCRIPT: run in DIR with relative
# names, so the screens do not depend on where the tree is.
screen()
{
	local name=$1 dir=$2 cap=$3 keys=$4 geom=$5 script=$6 out err
	out=$TEST_TMP/$name.txt
	err=$TEST_TMP/$name.err
	# tui_read_script() drops the file's last newline: the script as is.
	printf '%s\n' "$script" > "$TEST_TMP/$name.keys"
	(cd "$dir" && "$IKESCOPE" --tui ${keys:+-k "$keys"} --tui-size "$geom" \
	    --tui-script "$TEST_TMP/$name.keys" --tui-dump "$out" "$cap") \
	    2> "$err"
	rc=$?
	if [ "$rc" -ne 0 ] || has_sanitizer_report "$err"; then
		tap_ok 1 "$name: ikescope --tui runs (exit $rc)"
		tap_diag_file "$err" 20
		return
	fi
	if [ -n "${TUI_UPDATE:-}" ]; then
		cp "$out" "$EXP/$name.txt"
	fi
	if diff -u "$EXP/$name.txt" "$out" > "$TEST_TMP/$name.diff"; then
		tap_ok 0 "$name: screens as expected"
	else
		tap_ok 1 "$name: screens as expected"
		tap_diag_file "$TEST_TMP/$name.diff" 60
	fi
	# Nothing but printable ASCII reaches the screen.
	if LC_ALL=C grep -q '[^ -~]' "$out"; then
		tap_ok 1 "$name: only printable ASCII on the screen"
	else
		tap_ok 0 "$name: only printable ASCII on the screen"
	fi
}

W=ikev2-wrong-psk
R=ikev2-rekey
screen sas-wrong-psk "$S" $W.pcap $W.min.keys 80x24 '<Dump>'
screen sas-rekey "$S" $R.pcap $R.min.keys 80x24 '<Dump><Tab><PgDn><Dump>'
screen ladder "$S" $W.pcap $W.min.keys 80x24 '<Enter><Dump><End><Dump>'
# Message 3 (IKE_AUTH): the tree, the SK payload's fields, the decrypted
# IDi payload opened, its bytes in the decrypted body.
screen tree-hex "$S" $W.pcap $W.min.keys 80x24 \
    '<Enter><Down><Down><Enter><Dump><Down><Down><Down><Down><Down><Down><Down><Down><Down><Dump><Right><Down><Down><Down><Down><Dump><Tab><PgDn><Dump><Tab><Left><Left><Dump><Bs><Bs><Dump>'
screen search "$S" $W.pcap $W.min.keys 80x24 \
    '<Enter>/IKE_AUTH<Enter><Dump>n<Dump>N<Dump>/no-such-thing<Enter><Dump>'
screen filter-failed "$S" $R.pcap $R.min.keys 80x24 \
    'ff<Dump>ff<Dump>fp192.0.2.2<Enter><Dump>fp10.9.<Enter><Dump>fc<Dump>'
screen filter-failed-ladder "$S" $W.pcap $W.min.keys 80x24 \
    'ff<Dump><Enter><Dump>'
screen resize "$S" $W.pcap $W.min.keys 80x24 \
    '<Enter><Resize 100x30><Dump><Enter><Dump><Resize 15x5><Dump><Resize 80x24><Dump>'
screen no-ike "$E" 02-sunrise-sunset-esp.pcap '' 80x24 \
    '<Dump><Down><Down><Enter><Dump><End><Dump>'
# Search finds fields inside closed nodes and opens the way to them.
screen search-tree "$S" $W.pcap $W.min.keys 80x24 \
    '<Enter><Down><Down><Enter>/traffic_selector<Enter><Dump>n<Dump>N<Dump>'
screen help "$S" $W.pcap $W.min.keys 80x24 '?<Dump><Esc><Dump>'
screen esp-rekey "$S" $R.pcap $R.min.keys 80x24 '<End><Enter><Dump>'
# Public captures: IKEv1 Main Mode from the Wireshark wiki (no keys: the
# encrypted messages as such), IKEv2 from the Openswan test suite with
# its keys (the decrypted IKE_AUTH's tree).
D=$top_srcdir/tests/data
screen corpus-ikev1 "$D/dissect-only" attachment_ikev1_main_mode.pcap '' \
    80x24 '<Dump><Enter><Dump><Down><Enter><Dump>'
screen corpus-openswan "$D/openswan" ct12-parentR2__parentI2.pcap \
    ct12-parentR2__parentI2.keys 80x24 '<Enter><End><Dump><Enter><Dump>'
# The browser opens before the capture is read: <Read N> reads N frames.
# The SA list and the ladder grow as frames come, the outcome waits for
# the end, the status line says how far the reading is; a view of an ESP
# SA gets its packets as they come.
screen reading "$S" $R.pcap $R.min.keys 80x24 \
    '<Read 3><Dump><Enter><Dump><Read 20><Dump><Bs><Read 1000><Dump>'
screen reading-esp "$S" $R.pcap $R.min.keys 80x24 \
    '<Read 10><End><Enter><Dump><Read 10><Dump><Read 100><Dump>'

# A second capture that cannot be read: the browser says so when the
# reading gets there, and ikescope exits 1 with the message on stderr.
printf '<Read 1000><Dump>\n' > "$TEST_TMP/second.keys"
(cd "$S" && "$IKESCOPE" --tui --tui-script "$TEST_TMP/second.keys" \
    --tui-dump "$TEST_TMP/second.txt" $R.pcap no-such.pcap) \
    2> "$TEST_TMP/second.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'no-such.pcap: cannot read capture' \
    "$TEST_TMP/second.err" &&
    tail -n 1 "$TEST_TMP/second.txt" | grep -q 'no-such.pcap: cannot read'
then
	tap_ok 0 "a second capture that cannot be read: status line, stderr, exit 1"
else
	tap_ok 1 "a second capture that cannot be read: status line, stderr, exit 1"
	tap_diag_file "$TEST_TMP/second.err" 5
fi

# Keys from inside the browser: without keys IKE_AUTH is encrypted and the
# outcome unknown; K and the dh line of $W.min.keys analyse the capture
# again: the message open at the time shows its decrypted payloads, the
# ladder its decrypted messages, the SA list the outcome failed.  A
# malformed line shows the parser's message and changes nothing; Esc
# leaves the prompt.
DH=$(grep '^dh ' "$S/$W.min.keys")
screen keys-typed "$S" $W.pcap '' 80x24 \
    "<Dump><Enter><Down><Down><Enter><Dump>K$DH<Enter><Dump><Bs><Dump><Bs><Dump>Kdh 12 private zz<Enter><Dump>Kpsk \"half<Esc><Dump>"
t=$TEST_TMP/keys-typed.txt
sed -n '/^-- screen 1 /,/^-- screen 2 /p' "$t" |
    grep -q '^>  1 v2  192.0.2.1 <-> 192.0.2.2   unknown       2 missing' &&
    sed -n '/^-- screen 5 /,/^-- screen 6 /p' "$t" |
    grep -q '^>  1 v2  192.0.2.1 <-> 192.0.2.2   failed        2 derived'
tap_ok $? "keys-typed: the outcome goes from unknown to failed"
sed -n '/^-- screen 3 /,/^-- screen 4 /p' "$t" |
    grep -q '^ - SK payload (encrypted, 240 bytes) (decrypted, ICV ok)' &&
    sed -n '/^-- screen 4 /,/^-- screen 5 /p' "$t" |
    grep -q '^     4     0.012 d  |<-* IKE_AUTH #1 SK {N}' &&
    sed -n '/^-- screen 6 /,$p' "$t" | grep -q '^key not added: dh: SPI_I'
tap_ok $? "keys-typed: IKE_AUTH decrypted in place; a bad line is refused"
# The same through ikescope itself (ui/main.c reads the captures again):
# the PSK given with -p is kept, so the initiator's AUTH now verifies.
printf 'K%s\n<Dump>' "$DH" > "$TEST_TMP/k.script"
(cd "$S" && "$IKESCOPE" --tui --tui-script "$TEST_TMP/k.script" \
    --tui-dump "$TEST_TMP/k.txt" -p ikescope-test-psk-ikev2-wrong-psk \
    $W.pcap) 2> "$TEST_TMP/k.err"
[ $? -eq 0 ] && ! has_sanitizer_report "$TEST_TMP/k.err" &&
    grep -q '^>  1 v2  192.0.2.1 <-> 192.0.2.2   failed        2 derived' \
    "$TEST_TMP/k.txt" &&
    grep -q '^ Keys derived (dh typed:1)' "$TEST_TMP/k.txt" &&
    grep -q '^ Auth initiator verified' "$TEST_TMP/k.txt"
tap_ok $? "ikescope --tui: K adds a dh line to the -p PSK, the SA fails"
tap_diag_file "$TEST_TMP/k.err" 10
# From standard input the captures cannot be read again.
printf 'K%s\n<Dump>' "$DH" > "$TEST_TMP/k2.script"
"$IKESCOPE" --tui --tui-script "$TEST_TMP/k2.script" \
    --tui-dump "$TEST_TMP/k2.txt" - < "$S/$W.pcap" 2> /dev/null &&
    grep -q '^keys cannot be added here' "$TEST_TMP/k2.txt" &&
    grep -q 'unknown       2 missing' "$TEST_TMP/k2.txt"
tap_ok $? "ikescope --tui on standard input: K says it cannot read it again"
# The mouse: a click selects the row under it and focuses its pane, the
# wheel scrolls the pane under it (or the focused one).
screen mouse "$S" $R.pcap $R.min.keys 80x24 \
    '<Click 10,3><Dump><Click 10,14><WheelDown><WheelDown><Dump><WheelUp 10,14><Click 10,2><Enter><Click 30,4><Dump><Click 0,0><Click 0,23><WheelDown 10,5><WheelDown 10,18><Dump>'
# Sideways: > and < (and Left/Right where there is no tree) scroll a pane
# so long rows can be read at 80 columns.
screen hscroll "$S" $W.pcap $W.min.keys 80x24 \
    '<Enter>>>>>>><Dump><lt><lt><Left><Dump><Right><Down><Down><Enter><Down>>>>>>><Dump><lt><lt><lt><lt><lt><lt><lt><Dump>'

# Wire text with control bytes, an escape sequence, C1 and broken UTF-8
# (an IKEv1 Aggressive Mode ID in clear) is shown escaped.
if command -v python3 > /dev/null 2>&1; then
	python3 - "$TEST_TMP/escape.pcap" << 'PY'
import struct, sys
idata = b"evil\x1b]0;pwned\x07\x1b[2J\x9b\xff\xc3("
idp = struct.pack("!BBHBBH", 0, 0, 8 + len(idata), 2, 17, 500) + idata
ike = struct.pack("!8s8sBBBBII", b"\x11" * 8, b"\0" * 8, 5, 0x10, 4, 0, 0,
    28 + len(idp)) + idp
udp = struct.pack("!HHHH", 500, 500, 8 + len(ike), 0) + ike
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
    bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])) + udp
eth = b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip
open(sys.argv[1], "wb").write(
    struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1) +
    struct.pack("<IIII", 1700000000, 0, len(eth), len(eth)) + eth)
PY
	screen escape "$TEST_TMP" escape.pcap '' 80x24 \
	    '<Enter><Enter>/id: evil<Enter><Dump>'
	grep -qF 'id: evil\x1b]0;pwned\x07\x1b[2J\x9b\xff\xc3(' \
	    "$TEST_TMP/escape.txt"
	tap_ok $? "escape: the ID's bytes are shown as \xHH"
else
	tap_skip "escape: wire text shown escaped" "python3 is not installed"
fi

# A script with a bad key name is refused.
printf '<NoSuchKey>\n' > "$TEST_TMP/bad.keys"
(cd "$S" && "$IKESCOPE" --tui --tui-script "$TEST_TMP/bad.keys" $W.pcap \
    > /dev/null 2>&1)
[ $? -eq 1 ]
tap_ok $? "a script with an unknown <key> is refused (exit 1)"

# A real terminal: tmux at 80x24, the browser in it, keys sent to it.
if ! command -v tmux > /dev/null 2>&1; then
	tap_skip "in tmux: the SA list, the ladder, quit" "tmux is not installed"
else
	sock=$TEST_TMP/tmux.sock
	session=ikescope-tui-$$
	tmx() { tmux -S "$sock" "$@"; }
	# wait_for TEXT: until the pane shows TEXT (at most 10 s).
	wait_for()
	{
		local i
		# Up to 30 s: a sanitizer build on a busy machine is slow.
		for i in $(seq 1 300); do
			tmx capture-pane -p -t "$session" > "$TEST_TMP/pane.txt" \
			    2> /dev/null
			grep -qF -- "$1" "$TEST_TMP/pane.txt" && return 0
			sleep 0.1
		done
		return 1
	}
	tmx -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
	    "cd '$S' && TERM=screen '$IKESCOPE' --tui -k $W.min.keys $W.pcap; echo driver-exit-\$?; sleep 30"
	wait_for "authentication-failed"
	tap_ok $? "in tmux: the SA list shows the SA and its first error"
	grep -q '^>  1 v2  192.0.2.1 <-> 192.0.2.2' "$TEST_TMP/pane.txt"
	tap_ok $? "in tmux: the first SA is selected"
	tmx send-keys -t "$session" Enter
	wait_for "IKE_AUTH #1"
	tap_ok $? "in tmux: Enter opens the ladder"
	grep -q 'Ladder: IKE SA #1' "$TEST_TMP/pane.txt"
	tap_ok $? "in tmux: the title names the SA"
	tmx resize-window -t "$session" -x 100 -y 30 2> /dev/null
	wait_for "192.0.2.2 R"
	[ "$(wc -L < "$TEST_TMP/pane.txt")" -le 100 ]
	tap_ok $? "in tmux: the screen is redrawn after a resize"
	tmx send-keys -t "$session" q
	wait_for "driver-exit-0"
	tap_ok $? "in tmux: q quits with status 0"
	tmx kill-session -t "$session" 2> /dev/null
	# A terminal without colours: the same screen in monochrome.  Each
	# session has a server of its own: one that just lost its last
	# session may still be going away.
	sock=$TEST_TMP/tmux2.sock
	tmx -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
	    "cd '$S' && TERM=vt100 '$IKESCOPE' --tui -k $W.min.keys $W.pcap; echo driver-exit-\$?; sleep 30"
	wait_for "authentication-failed"
	tap_ok $? "in tmux, TERM=vt100 (no colours): the SA list shows"
	tmx send-keys -t "$session" q
	wait_for "driver-exit-0"
	tap_ok $? "in tmux, TERM=vt100: q quits with status 0"
	tmx kill-session -t "$session" 2> /dev/null
	# Without keys, then K and the dh line typed into the browser.
	sock=$TEST_TMP/tmux3.sock
	tmx -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
	    "cd '$S' && TERM=screen '$IKESCOPE' --tui $W.pcap; echo driver-exit-\$?; sleep 30"
	wait_for "unknown       2 missing"
	tap_ok $? "in tmux, no keys: the outcome is unknown"
	tmx send-keys -t "$session" K
	tmx send-keys -t "$session" -l "$DH"
	tmx send-keys -t "$session" Enter
	wait_for "failed        2 derived"
	tap_ok $? "in tmux: K and a dh line: analysed again, the SA failed"
	# The mouse as a terminal sends it (X10: ESC [ M, then button,
	# column and row, each + 32, from 1): a press on row 10 focuses the
	# details, the wheel (button 5) scrolls them.
	tmx send-keys -t "$session" -l $'\e[M &+'
	wait_for "*Details and diagnosis"
	tap_ok $? "in tmux: a click focuses the pane under it"
	tmx send-keys -t "$session" -l $'\e[Ma&+'
	wait_for " 4/17"
	tap_ok $? "in tmux: the wheel scrolls the pane under it"
	tmx send-keys -t "$session" q
	wait_for "driver-exit-0"
	tap_ok $? "in tmux: q quits with status 0 after a key was added"
	tmx kill-session -t "$session" 2> /dev/null
	tmx kill-server 2> /dev/null
fi

tap_done
