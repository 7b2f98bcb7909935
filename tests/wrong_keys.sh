#!/bin/bash
# wrong_keys.sh - keys that are wrong in every way: nothing is shown as
# decrypted that the right key did not decrypt, and the report says why.
#
# Cases, on strongSwan samples (IKEv2 ikev2-psk-gcm, IKEv1
# ikev1-main-psk-aes128-sha1-modp2048) and an ESP capture:
#   - IKEv2, wrong PSK, right DH value: the messages decrypt (their keys
#     come from the DH secret and the ICV proves them), both AUTHs FAIL,
#     and the diagnosis says the PSK does not match;
#   - IKEv2, wrong DH private value (one digit changed): nothing decrypts,
#     the keys are "missing", the value is reported as fitting nothing;
#   - IKEv2, a DH shared secret of the wrong length: nothing decrypts, a
#     dh-length diagnostic names the lengths;
#   - IKEv2, the keys of another capture's SA: nothing decrypts, the
#     value is reported as being for an SA not in the capture;
#   - IKEv1, wrong PSK, right DH value: nothing decrypts, keys "wrong",
#     each message says no candidate decrypts it (keys-wrong);
#   - IKEv1, wrong DH private value: nothing decrypts, the value is
#     reported as fitting nothing;
#   - ESP, esp lines whose integrity keys are wrong (one digit changed):
#     no packet decrypts, they fail their integrity check;
#   - key files with corrupted lines (every directive, and junk): exit
#     status 1, nothing on standard output, one FILE:LINE: message per
#     bad line; final IKEv2 keys of the wrong length likewise.
# Checked in the JSON document (every message's "decryption", every ESP
# SA's counts) and in the text report (no "(decrypted" line).

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

S=$top_srcdir/samples/strongswan
V2=$S/ikev2-psk-gcm
V1=$S/ikev1-main-psk-aes128-sha1-modp2048
E=$S/ikev2-esp-sha384
K=$TEST_TMP/keys
mkdir "$K"

V2DH=4d7dbfaf6e854dbb
V2PRIV=01fca40bf463914d0675f11cc50c16c7c87031e1e7918c6901ccd7ee5b
V1DH=7f6180e4c5690dc9
V1PRIV=01298930cabdc3759cd8e44b03da47846fdb59d5f8a38d408098ba9d52

keyfile()
{
	local name=$1
	shift
	printf '%s\n' "$@" > "$K/$name"
	chmod 600 "$K/$name"
}
keyfile v2-psk 'psk "not-the-psk"' "dh $V2DH private $V2PRIV"
keyfile v2-dh 'psk "ikescope-test-psk-ikev2-psk-gcm"' \
    "dh $V2DH private 11${V2PRIV#01}"
keyfile v2-dhlen 'psk "ikescope-test-psk-ikev2-psk-gcm"' \
    "dh $V2DH shared 0102030405060708090a0b0c0d0e0f"
keyfile v2-other 'psk "ikescope-test-psk-ikev2-psk-gcm"' \
    "dh $V1DH private $V1PRIV"
keyfile v1-psk 'psk "not-the-psk"' "dh $V1DH private $V1PRIV"
keyfile v1-dh 'psk "ikescope-test-psk-ikev1-main-psk-aes128-sha1-modp2048"' \
    "dh $V1DH private 11${V1PRIV#01}"
# the esp lines of a sample, each integrity key's last digit changed
awk '$1 == "esp" { k = $6; c = substr(k, length(k));
	$6 = substr(k, 1, length(k) - 1) (c == "0" ? "1" : "0"); print }' \
    "$E.full.keys" > "$K/esp"
chmod 600 "$K/esp"
[ -s "$K/esp" ] || tap_bail "no esp lines in $E.full.keys"

# check NAME CAPTURE KEYS EXPECT: ikescope --json -v and text on CAPTURE;
# tests/wrong_keys.py-like checks inline (EXPECT names the case).
check()
{
	local name=$1 cap=$2 keys=$3 expect=$4 rc=0
	"$IKESCOPE" --json -v -k "$keys" "$cap" > "$TEST_TMP/$name.json" \
	    2> "$TEST_TMP/$name.err" || rc=$?
	"$IKESCOPE" -v -k "$keys" "$cap" > "$TEST_TMP/$name.txt" \
	    2>> "$TEST_TMP/$name.err" || rc=$?
	why=$(python3 - "$TEST_TMP/$name.json" "$TEST_TMP/$name.txt" \
	    "$expect" "${keys##*/}" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
expect, kname = sys.argv[3], sys.argv[4]
fails = []
msgs = [m for sa in doc["ike_sas"] for ex in sa["exchanges"]
        for m in ex["messages"]]
enc = [m for m in msgs if m.get("encrypted")]
ok = [m["frame"] for m in enc if m.get("decryption") == "ok"]
diags = [d for sa in doc["ike_sas"] for d in sa.get("diagnosis", [])]
diags += doc.get("diagnosis", [])
diags += [d for m in msgs for d in m.get("diagnosis", [])]
diags += [d for c in doc["captures"] for d in c.get("errors", [])]
def said(code, *words):
    for d in diags:
        if d.get("code") == code and all(w in d["message"] for w in words):
            return True
    fails.append("no %s diagnostic saying %s" % (code, " / ".join(words)))
    return False
sa = doc["ike_sas"][0] if doc["ike_sas"] else {}
if not enc and expect != "esp":
    fails.append("no encrypted message in the capture?")
if expect == "v2-psk":
    if len(ok) != len(enc):
        fails.append("with the right DH value every message should "
                     "decrypt (ICV), %d of %d did" % (len(ok), len(enc)))
    if sa.get("auth") != {"initiator": "failed", "responder": "failed"}:
        fails.append("auth is %s, expected both failed" % sa.get("auth"))
    said("key-unused", kname + ":1", "pre-shared key")
elif expect == "esp":
    enc = [1]
    for e in doc["esp_sas"]:
        if e.get("decrypted") or e.get("decrypted_unverified"):
            fails.append("ESP SA %s: %s packets decrypted with a wrong key"
                         % (e["spi"], e.get("decrypted")))
    if not any(e.get("integrity_failed") for e in doc["esp_sas"]):
        fails.append("no ESP packet failed its integrity check")
else:
    if ok:
        fails.append("frames %s shown as decrypted with a wrong key" % ok)
    if "(decrypted" in text:
        fails.append("the text report shows a decrypted message")
    if expect == "v2-dh":
        said("key-unused", kname + ":2", "fits no exchange")
        if sa["keys"]["state"] != "missing":
            fails.append("keys state %s" % sa["keys"]["state"])
    elif expect == "v2-dhlen":
        said("dh-length", kname + ":2", "15 bytes", "256-byte")
    elif expect == "v2-other":
        said("key-unused", kname + ":2", "not in the capture")
    elif expect == "v1-dh":
        said("key-unused", kname + ":2", "fits no exchange")
    elif expect == "v1-psk":
        if sa["keys"]["state"] != "wrong":
            fails.append("keys state %s, expected wrong"
                         % sa["keys"]["state"])
        said("keys-wrong", "none of the", "key candidates decrypts")
print("; ".join(fails))
EOF
	)
	[ $rc -eq 0 ] || why="exit status $rc${why:+; $why}"
	has_sanitizer_report "$TEST_TMP/$name.err" &&
	    why="${why:+$why; }sanitizer report"
	tap_ok "$([ -z "$why" ] && echo 0 || echo 1)" "$name"
	[ -z "$why" ] || tap_diag "$why"
}

check "IKEv2, wrong PSK: messages decrypt (DH keys, ICV ok), both AUTHs fail" \
    "$V2.pcap" "$K/v2-psk" v2-psk
check "IKEv2, wrong DH private value: nothing decrypted, the value fits nothing" \
    "$V2.pcap" "$K/v2-dh" v2-dh
check "IKEv2, DH shared secret of the wrong length: nothing decrypted, dh-length" \
    "$V2.pcap" "$K/v2-dhlen" v2-dhlen
check "IKEv2, keys of another capture's SA: nothing decrypted, said so" \
    "$V2.pcap" "$K/v2-other" v2-other
check "IKEv1, wrong PSK: nothing decrypted, keys wrong, keys-wrong per message" \
    "$V1.pcap" "$K/v1-psk" v1-psk
check "IKEv1, wrong DH private value: nothing decrypted, the value fits nothing" \
    "$V1.pcap" "$K/v1-dh" v1-dh
check "ESP, wrong integrity keys: no packet decrypted, integrity failures" \
    "$E.pcap" "$K/esp" esp

# Corrupted key files: exit 1, no output, FILE:LINE for every bad line.
keyfile bad '# one bad line of each kind' \
    'psk "unterminated' \
    "dh ${V2DH%?} private 01fca4" \
    "dh $V2DH private 0xZZ" \
    "dh $V2DH private 01fca" \
    "dh $V2DH secret 01fc" \
    "ikev2 $V2DH 48e6d1a7774ca7d7 00 11" \
    'esp 0x1234 ENCR_FROB 00112233 NONE -' \
    'frobnicate x' \
    'rsa /nonexistent/key.pem' \
    'import nosuchformat x' \
    'ikev1 21c0c759812bab69' \
    'esp 12345678 ENCR_AES_CBC 0011 AUTH_HMAC_SHA1_96 -' \
    "ikev2 $V2DH 48e6d1a7774ca7d7 0011 2233 ENCR_AES_CBC 4455 6677 AUTH_HMAC_SHA2_256_128" \
    'psk' \
    'dh * private' \
    "$(printf 'dh \033[31m\001 private 00')"
rc=0
"$IKESCOPE" -k "$K/bad" "$V2.pcap" > "$TEST_TMP/bad.out" 2> "$TEST_TMP/bad.err" ||
    rc=$?
missing=""
for n in $(seq 2 17); do
	grep -q "^$K/bad:$n: " "$TEST_TMP/bad.err" || missing="$missing $n"
done
[ $rc -eq 1 ] && [ ! -s "$TEST_TMP/bad.out" ] && [ -z "$missing" ] &&
    ! has_sanitizer_report "$TEST_TMP/bad.err"
tap_ok $? "corrupted key file: exit 1, no output, FILE:LINE for each of 16 bad lines"
[ -z "$missing" ] || tap_diag "no message for lines:$missing (exit $rc)"
# The messages themselves are safe to print: the ESC of line 17 escaped.
! grep -q $'\033' "$TEST_TMP/bad.err"
tap_ok $? "corrupted key file: the messages hold no raw escape character"

tap_done
