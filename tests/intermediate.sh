#!/bin/bash
# intermediate.sh - IKE_INTERMEDIATE (RFC 9242) and additional key exchanges
# (RFC 9370), on the captures of samples/intermediate, written by an
# independent implementation of those RFCs (tests/intermediate/
# gen_intermediate.py, Python 3 + `cryptography`).  For each sample:
#   - with its key file, every encrypted message decrypts with its ICV
#     verified (the IKE_INTERMEDIATE ones with the keys of the key
#     exchanges before them, IKE_AUTH with the last keys), both AUTHs
#     verify (they cover IntAuth), each additional key exchange is taken,
#     the child SA gets keys, and the last SK_ei is the generator's;
#   (one sample's additional key exchange is ML-KEM-768, given as a shared
#   secret: its KE data are placeholders, see the generator);
#   - with a wrong PSK both AUTHs FAIL (IntAuth is in the checked octets,
#     not a way around them);
#   - without the `dh` line of the first additional key exchange, the
#     messages after it have no keys, and the report says which exchange
#     and group they need;
#   - a clean run (exit 0, no sanitizer report).
# The same checks (but for additional key exchanges, which it does not do)
# on a real libreswan 4.10 negotiation, samples/libreswan, whose derived
# SK_a/SK_e must also be those pluto logged.  Then, where python3 and
# `cryptography` are installed, the generator run again writes the
# committed files byte for byte.

. "$(dirname "$0")/lib.sh"
need_ikescope

dir=$top_srcdir/samples/intermediate

for name in ikev2-intermediate-cbc ikev2-intermediate-gcm \
    ikev2-intermediate-mlkem-shared; do
	pcap=$dir/$name.pcap
	keys=$dir/$name.keys
	case $name in
	*-cbc) nenc=4 naddke=1 group1=31 ;;
	*-gcm) nenc=6 naddke=2 group1=31 ;;
	*) nenc=4 naddke=1 group1=36 ;;
	esac
	out=$TEST_TMP/$name.txt
	err=$TEST_TMP/$name.err
	run_ikescope "$out" "$err" --show-keys -k "$keys" "$pcap"
	[ "$RC" -eq 0 ] && quiet_stderr "$err"
	tap_ok $? "$name: clean run"
	has_sanitizer_report "$err"
	tap_ok $((!$?)) "$name: no sanitizer report"
	n=$(grep -c '(decrypted, ICV ok' "$out")
	[ "$n" -eq "$nenc" ] && ! grep -q 'FAILED\|no keys' "$out"
	tap_ok $? "$name: all $nenc encrypted messages decrypt, ICV ok ($n)"
	n=$(grep -c 'SK {KE}  (decrypted, ICV ok)' "$out")
	[ "$n" -eq $((2 * naddke)) ]
	tap_ok $? "$name: $((2 * naddke)) IKE_INTERMEDIATE messages with KE decrypt ($n)"
	n=$(grep -c '\[addke-keys\]' "$out")
	[ "$n" -eq "$naddke" ]
	tap_ok $? "$name: $naddke additional key exchanges update the keys ($n)"
	grep -q 'Auth      initiator verified, responder verified' "$out" &&
	    [ "$(grep -c 'ICV ok, AUTH verified' "$out")" -eq 2 ]
	tap_ok $? "$name: both AUTH payloads verify (with IntAuth)"
	grep -q 'keys derived (frame' "$out"
	tap_ok $? "$name: the IKE_AUTH child SA gets keys"
	want=$(awk '$1 == "sk_ei" { v = $2 } END { print v }' "$dir/$name.secrets")
	got=$(awk '$1 == "SK_ei" { print $2; exit }' "$out")
	[ -n "$want" ] && [ "$want" = "$got" ]
	tap_ok $? "$name: the last SK_ei is the generator's ($got)"

	sed 's/^psk .*/psk "not the key"/' "$keys" > "$TEST_TMP/wrong.keys"
	run_ikescope "$out" "$err" -k "$TEST_TMP/wrong.keys" "$pcap"
	[ "$RC" -eq 0 ] && [ "$(grep -c 'ICV ok, AUTH FAILED' "$out")" -eq 2 ] &&
	    ! grep -q 'AUTH verified' "$out"
	tap_ok $? "$name: a wrong PSK fails both AUTHs"

	grep -v 'ADDKE1' "$keys" > "$TEST_TMP/noadd.keys"
	run_ikescope "$out" "$err" -k "$TEST_TMP/noadd.keys" "$pcap"
	[ "$RC" -eq 0 ] &&
	    [ "$(grep -c '(decrypted, ICV ok)' "$out")" -eq 2 ] &&
	    [ "$(grep -c '(no keys)' "$out")" -eq $((nenc - 2)) ] &&
	    grep -q "Missing .*additional key exchange (RFC 9370) of the IKE_INTERMEDIATE exchange in frame 3 .*group $group1" "$out"
	tap_ok $? "$name: without ADDKE1's value, later messages have no keys, and the report says why"
done

# A real peer: libreswan 4.10, one IKE_INTERMEDIATE exchange with empty SK
# payloads (samples/libreswan/README).
l=$top_srcdir/samples/libreswan/ikev2-intermediate-psk
out=$TEST_TMP/lsw.txt
err=$TEST_TMP/lsw.err
run_ikescope "$out" "$err" -k "$l.keys" --export-keys "tcpdump:$TEST_TMP/lsw.tcpdump" "$l.pcap"
[ "$RC" -eq 0 ] && quiet_stderr "$err" &&
    [ "$(grep -c '(decrypted, ICV ok' "$out")" -eq 4 ] &&
    [ "$(grep -c 'SK {}  (decrypted, ICV ok)' "$out")" -eq 2 ]
tap_ok $? "libreswan: every message decrypts, the IKE_INTERMEDIATE ones empty"
grep -q 'Auth      initiator verified, responder verified' "$out" &&
    [ "$(grep -c 'ICV ok, AUTH verified' "$out")" -eq 2 ]
tap_ok $? "libreswan: both AUTH payloads verify (with IntAuth)"
keys_of() { grep '^ikev2 ' "$1" | sed 's/[a-z0-9_-]*:0x/:/g' | sort; }
[ -n "$(keys_of "$l.tcpdump-keys")" ] &&
    [ "$(keys_of "$l.tcpdump-keys")" = "$(keys_of "$TEST_TMP/lsw.tcpdump")" ]
tap_ok $? "libreswan: the SK_a/SK_e derived are those pluto logged"
sed 's/^psk .*/psk "not the key"/' "$l.keys" > "$TEST_TMP/wrong.keys"
run_ikescope "$out" "$err" -k "$TEST_TMP/wrong.keys" "$l.pcap"
[ "$(grep -c 'ICV ok, AUTH FAILED' "$out")" -eq 2 ]
tap_ok $? "libreswan: a wrong PSK fails both AUTHs"

if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import cryptography' >/dev/null 2>&1; then
	python3 "$top_srcdir/tests/intermediate/gen_intermediate.py" \
	    "$TEST_TMP/gen" > "$TEST_TMP/gen.log" 2>&1
	rc=$?
	for f in "$dir"/*.pcap "$dir"/*.keys "$dir"/*.secrets; do
		[ $rc -eq 0 ] && cmp -s "$f" "$TEST_TMP/gen/${f##*/}"
		tap_ok $? "the generator writes ${f##*/} again, byte for byte"
	done
else
	tap_skip "the generator writes the samples again" \
	    "python3 with the cryptography package is not installed"
fi

tap_done
