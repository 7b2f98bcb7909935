#!/bin/bash
# pskcheck.sh - `--psk-candidates FILE`: which candidate is each IKE SA's
# pre-shared key, per side, in the text report and JSON; psk-crack
# parameter lines as input (--psk-params, --psk-nortel-user); errors.
#
# The test data (tests/data/ike-scan) is first checked with psk-crack
# itself when it is installed: every known PSK matches, the uncrackable
# entries match nothing in upstream's dictionary.  The ikescope checks
# are skipped while the program has no --psk-candidates option.
. "$(dirname "$0")/lib.sh"

DATA=$top_srcdir/tests/data/ike-scan
S=$top_srcdir/samples/strongswan
LONG=12345678901234567890123456789012345678901234567890123456789012345

# --- the data, with psk-crack ------------------------------------------------
if command -v psk-crack >/dev/null 2>&1; then
	printf 'notthisone\nNotThisOne\nabc123\nxyz123\n%s\n' "$LONG" > "$TEST_TMP/dict"
	for f in psk-crack-2_md5 psk-crack-2_sha1 psk-crack-3_nortel_md5:test \
	    psk-crack-3_nortel_sha1:test psk-crack-4_long_md5 psk-crack-4_long_sha1; do
		user=${f#*:}
		[ "$user" = "$f" ] && user=
		f=${f%%:*}
		psk=abc123
		case $f in *long*) psk=$LONG ;; esac
		psk-crack ${user:+--norteluser=$user} -d "$TEST_TMP/dict" "$DATA/$f.psk-params" \
		    > "$TEST_TMP/pc.out" 2>&1
		grep -q "^key \"$psk\" matches" "$TEST_TMP/pc.out"
		tap_ok $? "psk-crack finds the known PSK of $f${user:+ (user $user)}"
	done
	printf 'notthisone\nNotThisOne\nWontMatch\ntesting\nqwerty\n' > "$TEST_TMP/neg"
	psk-crack -d "$TEST_TMP/neg" "$DATA/psk-crack-4_uncrackable.psk-params" > "$TEST_TMP/pc.out" 2>&1
	[ "$(grep -c '^no match found' "$TEST_TMP/pc.out")" = 2 ]
	tap_ok $? "psk-crack: the uncrackable entries match nothing in upstream's dictionary"
else
	tap_skip "the ike-scan data checked with psk-crack" "psk-crack not installed (apt-get install ike-scan)"
fi

# --- ikescope ------------------------------------------------------------------
need_ikescope
if ! "$IKESCOPE" --help 2>&1 | grep -q -- --psk-candidates; then
	tap_skip "ikescope --psk-candidates" "the option is not in this build yet"
	tap_done
fi

# Candidates: wrong ones, then each sample's PSK (line 3 for the first).
cands()
{
	printf 'notthisone\nikescope-wrong-psk\n%s\nabc123 with trailing words\n' "$@" > "$TEST_TMP/cands"
}
dh_keys() # SAMPLE -> a key file with only its dh lines
{
	grep '^dh ' "$S/$1.min.keys" > "$TEST_TMP/$1.dh.keys"
	echo "$TEST_TMP/$1.dh.keys"
}
has() { grep -qF -- "$1" "$TEST_TMP/out"; }
# run OUT ERR ARGS...: run_ikescope, keeping every standard error.
run()
{
	run_ikescope "$@"
	cat "$2" >> "$TEST_TMP/all.err"
}

AM=ikev1-aggressive-psk
AMPSK=ikescope-test-psk-$AM
cands "$AMPSK"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/cands" "$S/$AM.pcap"
tap_ok $RC "Aggressive Mode, no keys: exit 0"
has "responder  HASH_R (frame 2): PSK \"$AMPSK\" (candidate line 3)"
tap_ok $? "Aggressive Mode: HASH_R gives the PSK from the capture alone"
has "initiator  HASH_I not checked: its HASH is encrypted"
tap_ok $? "Aggressive Mode: HASH_I (in the encrypted AM3) needs the DH value"
tap_diag_file "$TEST_TMP/out" 8 >&2

run "$TEST_TMP/out" "$TEST_TMP/err" --psk-candidates "$TEST_TMP/cands" "$S/$AM.pcap"
has "responder  HASH_R (frame 2): the PSK is candidate line 3" && ! has "$AMPSK"
tap_ok $? "without --show-keys: the candidate line, not the PSK"

run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys $AM)" --psk-candidates "$TEST_TMP/cands" "$S/$AM.pcap"
has "initiator  HASH_I (frame 3, with the DH value): PSK \"$AMPSK\" (candidate line 3)"
tap_ok $? "Aggressive Mode with the DH value: HASH_I too"

MM=ikev1-main-psk-aes128-sha1-modp2048
cands "ikescope-test-psk-$MM"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys $MM)" --psk-candidates "$TEST_TMP/cands" "$S/$MM.pcap"
has "initiator  HASH_I (frame 5, with the DH value): PSK \"ikescope-test-psk-$MM\"" &&
    has "responder  HASH_R (frame 6, with the DH value): PSK \"ikescope-test-psk-$MM\""
tap_ok $? "Main Mode with the DH value: both sides"

cands ikescope-test-psk-ikev1-wrong-psk ikescope-wrong-psk
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys ikev1-wrong-psk)" \
    --psk-candidates "$TEST_TMP/cands" "$S/ikev1-wrong-psk.pcap"
has "initiator  HASH_I (frame 5, with the DH value): PSK \"ikescope-test-psk-ikev1-wrong-psk\" (candidate line 3)"
tap_ok $? "Main Mode, responder with another PSK: the initiator's PSK, per side"

V2=ikev2-psk-aescbc-sha256
cands "ikescope-test-psk-$V2"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys $V2)" --psk-candidates "$TEST_TMP/cands" "$S/$V2.pcap"
has "initiator  AUTH (frame 3, IKE_AUTH decrypted): PSK \"ikescope-test-psk-$V2\"" &&
    has "responder  AUTH (frame 4, IKE_AUTH decrypted): PSK \"ikescope-test-psk-$V2\""
tap_ok $? "IKEv2 with the DH value: AUTH of both sides"

cands ikescope-test-psk-ikev2-wrong-psk
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys ikev2-wrong-psk)" \
    --psk-candidates "$TEST_TMP/cands" "$S/ikev2-wrong-psk.pcap"
has "initiator  AUTH (frame 3, IKE_AUTH decrypted): PSK \"ikescope-test-psk-ikev2-wrong-psk\"" &&
    has "responder  AUTH not checked: its IKE_AUTH messages carry no AUTH"
tap_ok $? "IKEv2, responder with another PSK: it sent no AUTH"

run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -k "$(dh_keys ikev2-rsa-sig)" \
    --psk-candidates "$TEST_TMP/cands" "$S/ikev2-rsa-sig.pcap"
has "initiator  not a pre-shared key:"
tap_ok $? "IKEv2 with signatures: not a pre-shared key"

# JSON
if command -v python3 >/dev/null 2>&1; then
	cands "$AMPSK"
	run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys -j --psk-candidates "$TEST_TMP/cands" "$S/$AM.pcap"
	python3 - "$TEST_TMP/out" "$AMPSK" > "$TEST_TMP/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["psk_candidates"]
# reading stops once every check matched (line 3)
assert p["lines"] == 3 and p["tried"] == 3 and p["too_long"] == 0, p
it = p["items"][0]
assert it["ike_sa"] == 0 and it["ike_version"] == 1, it
r, i = it["responder"], it["initiator"]
assert r["state"] == "found" and r["check"] == "HASH_R" and r["frame"] == 2, r
assert r["psk"] == sys.argv[2] and r["psk_hex"] == sys.argv[2].encode().hex(), r
assert r["line"] == 3 and r["needs"] == "psk_only", r
assert i["state"] == "unchecked" and "encrypted" in i["reason"], i
EOF
	tap_ok $? "JSON: psk_candidates with the per-side results"
	tap_diag_file "$TEST_TMP/py" 10 >&2
	run "$TEST_TMP/out" "$TEST_TMP/err" -j --psk-candidates "$TEST_TMP/cands" "$S/$AM.pcap"
	python3 - "$TEST_TMP/out" > "$TEST_TMP/py" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["psk_candidates"]["items"][0]["responder"]
assert r["state"] == "found" and r["line"] == 3, r
assert "psk" not in r and "psk_hex" not in r, r
EOF
	tap_ok $? "JSON without --show-keys: the candidate line, not the PSK"
	tap_diag_file "$TEST_TMP/py" 10 >&2
else
	tap_skip "JSON: psk_candidates" "python3 not installed"
fi

# psk-crack parameter lines as input (no capture needed)
printf 'x\nabc123\n%s\n' "$LONG" > "$TEST_TMP/cands"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/cands" \
    --psk-params "$DATA/psk-crack-2_md5.psk-params" --psk-params "$DATA/psk-crack-2_sha1.psk-params" \
    --psk-params "$DATA/psk-crack-4_long_sha1.psk-params"
[ $RC = 0 ] && [ "$(grep -c ': PSK ' "$TEST_TMP/out")" = 3 ] &&
    has "psk-crack-2_md5.psk-params:1  psk-crack parameters, MD5" &&
    has "HASH_R: PSK \"$LONG\" (candidate line 3)"
tap_ok $? "--psk-params: MD5, SHA1 and the 65-character PSK"
tap_diag_file "$TEST_TMP/err" 5 >&2

run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/cands" \
    --psk-nortel-user test --psk-params "$DATA/psk-crack-3_nortel_md5.psk-params" \
    --psk-params "$DATA/psk-crack-3_nortel_sha1.psk-params"
[ "$(grep -c 'HASH_R: PSK "abc123"' "$TEST_TMP/out")" = 2 ]
tap_ok $? "--psk-nortel-user: the Nortel variant"

printf 'notthisone\nNotThisOne\nWontMatch\ntesting\nqwerty\n' > "$TEST_TMP/neg"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/neg" \
    --psk-params "$DATA/psk-crack-4_uncrackable.psk-params"
[ $RC = 0 ] && [ "$(grep -c 'HASH_R: no candidate matches' "$TEST_TMP/out")" = 2 ]
tap_ok $? "the uncrackable entries: no candidate matches"

printf 'abc123 with trailing words\n' > "$TEST_TMP/words"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/words" \
    --psk-params "$DATA/psk-crack-2_md5.psk-params"
has "no candidate matches"
tap_ok $? "candidates are whole lines by default"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-words --psk-candidates "$TEST_TMP/words" \
    --psk-params "$DATA/psk-crack-2_md5.psk-params"
has 'PSK "abc123" (candidate line 1)'
tap_ok $? "--psk-words: cut at white space, as psk-crack"

# errors: nothing is read
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/nonexistent" "$S/$AM.pcap"
[ $RC = 1 ] && grep -q -- "--psk-candidates: .*nonexistent" "$TEST_TMP/err" && [ ! -s "$TEST_TMP/out" ]
tap_ok $? "an unreadable candidate file: exit 1, a message, no report"
tap_diag_file "$TEST_TMP/err" 3 >&2

printf '# comment\naa:bb:cc\n' > "$TEST_TMP/bad.params"
run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-candidates "$TEST_TMP/cands" --psk-params "$TEST_TMP/bad.params"
[ $RC = 1 ] && grep -q "bad.params:2: expected 9 colon-separated hex fields" "$TEST_TMP/err"
tap_ok $? "a malformed parameter line: FILE:LINE: message, exit 1"
tap_diag_file "$TEST_TMP/err" 3 >&2

run "$TEST_TMP/out" "$TEST_TMP/err" --show-keys --psk-params "$DATA/psk-crack-2_md5.psk-params"
[ $RC = 1 ] && grep -q -- "--psk-candidates" "$TEST_TMP/err"
tap_ok $? "--psk-params without --psk-candidates: exit 1"

! has_sanitizer_report "$TEST_TMP/all.err"
tap_ok $? "no sanitizer reports"
tap_done
