#!/bin/bash
# bench_gen.sh - the captures of the benchmark generators (tests/bench/)
# are what they claim, on small instances:
#   - gen_esp.py re-encrypts the AES-CBC + HMAC ESP packets of real
#     strongSwan captures (samples/strongswan) to the same bytes, from the
#     plaintext and IV each packet carries;
#   - ikescope decrypts every packet of a gen_esp.py capture (the four
#     cipher and integrity pairs) with its ICV or tag verified;
#   - ikescope decrypts both IKE_AUTH messages of every IKE SA of a
#     gen_ike.py capture, verifies both AUTHs, keys every CHILD_SA and
#     decrypts every ESP packet with the CHILD_SA keys, from one `psk` and
#     one `dh` line; the same with --ndjson while SAs are let go as they
#     go idle (--idle-timeout 1: the CHILD_SA index and the successor
#     index are updated as SAs are forgotten);
#   - tshark, given the tables ikescope exports, finds the same messages
#     and packets with a correct ICV (all but ChaCha20-Poly1305, which
#     tshark 4.0 does not have);
#   - clean runs (exit 0, no sanitizer report).
# Skipped without python3 and its `cryptography` package (and tshark's
# part without tshark).

. "$(dirname "$0")/lib.sh"
need_ikescope

gen=$top_srcdir/tests/bench
if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import cryptography' 2>/dev/null; then
	tap_skip "benchmark generators" "python3 with cryptography not installed"
	tap_done
fi

clean() # ERRFILE: no sanitizer report
{
	! grep -q "$SANITIZER_RE" "$1"
}

# --- the encryptor against real peers ----------------------------------------
for s in ikev2-rekey ikev1-main-psk-aes128-sha1-modp2048; do
	p=$top_srcdir/samples/strongswan/$s
	if [ ! -f "$p.pcap" ] || [ ! -f "$p.full.keys" ]; then
		tap_skip "gen_esp.py builds ESP as strongSwan does ($s)" "sample missing"
		continue
	fi
	python3 "$gen/gen_esp.py" --selftest "$p.pcap" "$p.full.keys" \
	    > "$TEST_TMP/self.out" 2>&1
	tap_ok $? "gen_esp.py re-encrypts $s's ESP packets to the same bytes"
	tap_diag_file "$TEST_TMP/self.out" 5
done

# --- ESP ----------------------------------------------------------------------
esp=$TEST_TMP/esp
python3 "$gen/gen_esp.py" "$esp.pcap" "$esp.keys" 1 > /dev/null 2> "$TEST_TMP/gen.err"
tap_ok $? "gen_esp.py writes a capture"
"$IKESCOPE" -k "$esp.keys" "$esp.pcap" > "$TEST_TMP/esp.txt" 2> "$TEST_TMP/esp.err"
rc=$?
tap_ok $((rc != 0 || $(wc -c < "$TEST_TMP/esp.err") != 0)) "ikescope reads it cleanly"
total=$(sed -n '1s/.*(\([0-9]*\) packets.*/\1/p' "$esp.keys")
got=$(awk '/^ +[0-9]+ decrypted \(ICV verified\)/ { s += $1 } END { print s + 0 }' \
    "$TEST_TMP/esp.txt")
nsa=$(grep -c 'decrypted (ICV verified)' "$TEST_TMP/esp.txt")
[ "$got" = "$total" ] && [ "$nsa" = 4 ]
tap_ok $? "every ESP packet decrypts with its ICV verified, 4 SAs ($got of $total)"

# --- IKE and ESP keyed by IKE -------------------------------------------------
ike=$TEST_TMP/ike
nsas=300
per=4
python3 "$gen/gen_ike.py" "$ike.pcap" "$ike.keys" $nsas $per > /dev/null 2> "$TEST_TMP/gen.err"
tap_ok $? "gen_ike.py writes a capture"
"$IKESCOPE" -k "$ike.keys" "$ike.pcap" > "$TEST_TMP/ike.txt" 2> "$TEST_TMP/ike.err"
rc=$?
tap_ok $((rc != 0 || $(wc -c < "$TEST_TMP/ike.err") != 0)) "ikescope reads it cleanly"
n=$(grep -c 'SK {ID[ir] AUTH SA TSi TSr}  (decrypted, ICV ok, AUTH verified)' "$TEST_TMP/ike.txt")
tap_ok $((n != nsas * 2)) "every IKE_AUTH decrypts, ICV and AUTH verified ($n of $((nsas * 2)))"
n=$(grep -c 'keys derived (frame' "$TEST_TMP/ike.txt")
tap_ok $((n != nsas)) "every CHILD_SA has its keys ($n of $nsas)"
got=$(awk '/^ +[0-9]+ decrypted \(ICV verified\)/ { s += $1 } END { print s + 0 }' \
    "$TEST_TMP/ike.txt")
tap_ok $((got != nsas * per)) "every ESP packet decrypts with the CHILD_SA keys ($got of $((nsas * per)))"

"$IKESCOPE" --ndjson --idle-timeout 1 -k "$ike.keys" "$ike.pcap" \
    > "$TEST_TMP/ike.ndjson" 2> "$TEST_TMP/nd.err"
rc=$?
tap_ok $((rc != 0 || $(wc -c < "$TEST_TMP/nd.err") != 0)) "--ndjson --idle-timeout 1 runs cleanly"
python3 - "$TEST_TMP/ike.ndjson" $nsas $per > "$TEST_TMP/nd.out" 2>&1 <<'EOF'
import json, sys
path, nsas, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sas = esp = dec = auth = 0
for line in open(path):
    ev = json.loads(line)
    t = ev.get("event_type")
    if t == "ike_sa":
        o = ev["ike_sa"]
        sas += 1
        if o["auth"]["initiator"] == "verified" and \
                o["auth"]["responder"] == "verified":
            auth += 1
    elif t == "esp_sa":
        esp += 1
        dec += ev["esp_sa"]["decrypted"]
print("ike_sa %d (auth verified %d), esp_sa %d, decrypted %d" %
      (sas, auth, esp, dec))
sys.exit(0 if (sas, auth, esp, dec) == (nsas, nsas, 2 * nsas, nsas * per)
         else 1)
EOF
tap_ok $? "--ndjson while SAs are let go: every SA verified, every ESP packet decrypted"
tap_diag_file "$TEST_TMP/nd.out" 3

for f in "$TEST_TMP"/*.err; do
	clean "$f" || { tap_ok 1 "no sanitizer report ($(basename "$f"))"; tap_diag_file "$f"; }
done

# --- tshark, with the tables ikescope exports ---------------------------------
if ! command -v tshark >/dev/null 2>&1; then
	tap_skip "tshark decrypts the generated captures" "tshark not installed"
	tap_done
fi
tshark_count() # PCAP KEYS -> correct ICVs tshark shows
{
	rm -rf "$TEST_TMP/ws"
	mkdir -p "$TEST_TMP/ws"
	"$IKESCOPE" -k "$2" --export-keys "wireshark:$TEST_TMP/ws" "$1" > /dev/null 2>&1
	WIRESHARK_CONFIG_DIR=$TEST_TMP/ws tshark -n -V -r "$1" \
	    -o esp.enable_encryption_decode:TRUE \
	    -o esp.enable_authentication_check:TRUE 2> /dev/null |
	    grep -c '\[correct\]'
}
n=$(tshark_count "$esp.pcap" "$esp.keys")
# three of the four SAs: ChaCha20-Poly1305 is not in tshark 4.0
want=$(awk -v t="$total" 'BEGIN { print t - int(t / 4) }')
tap_ok $((n != want)) "tshark: ESP packets with a correct ICV ($n of $want; ChaCha20 left out)"
n=$(tshark_count "$ike.pcap" "$ike.keys")
want=$((nsas * 2 + nsas * per))
tap_ok $((n != want)) "tshark: IKE_AUTH messages and ESP packets with a correct ICV ($n of $want)"
tap_done
