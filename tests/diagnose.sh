#!/bin/bash
# diagnose.sh - the diagnosis of real-peer failures: for every strongSwan
# scenario with an expectation file (samples/strongswan/*.expect: what
# happened, from both daemons' logs and tshark), ikescope names the code,
# the side and the frames (tests/diagnose.py); then the wrong-PSK samples,
# whose failure is known from how they were made (the responder holds
# another PSK).
. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

S=$top_srcdir/samples/strongswan
names=""
for f in "$S"/*.expect; do
	[ -e "$f" ] || continue
	b=$(basename "$f" .expect)
	names="$names $b"
done
[ -n "$names" ] || tap_bail "no .expect files in $S"

rc=0
# shellcheck disable=SC2086
python3 "$top_srcdir/tests/diagnose.py" "$IKESCOPE" "$S" $names \
    > "$TEST_TMP/results" 2> "$TEST_TMP/err" || rc=$?
tap_results diagnose.py "$rc" "$TEST_TMP/results" "$TEST_TMP/err"

# jq-like checks on one JSON document: PY_EXPR over `d` must be true.
json_ok()
{
	local desc=$1 expr=$2
	shift 2
	RC=0
	"$IKESCOPE" --json "$@" > "$TEST_TMP/doc.json" 2> "$TEST_TMP/err" ||
	    RC=$?
	PRC=0
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sa = d["ike_sas"]
diag = [x for s in sa for x in s["diagnosis"]]
def has(code, side=None, frames=()):
    return any(x["code"] == code and (side is None or x.get("side") == side)
               and all(f in x.get("frames", []) for f in frames)
               for x in diag)
sys.exit(0 if eval(sys.argv[2]) else 1)' "$TEST_TMP/doc.json" "$expr" ||
	    PRC=$?
	if [ "$RC" -eq 0 ] && [ "$PRC" -eq 0 ]; then
		tap_ok 0 "$desc"
	else
		tap_ok 1 "$desc"
		tap_diag_file "$TEST_TMP/err" 10
	fi
}

W=$S/ikev2-wrong-psk
json_ok "ikev2-wrong-psk: failed at IKE_AUTH, the responder refused AUTH (frames 3, 4); the initiator's AUTH verifies with its PSK" \
    'sa[0]["outcome"]["state"] == "failed" and sa[0]["outcome"]["by"] == "responder" and sa[0]["outcome"]["exchange"] == "IKE_AUTH" and has("authentication-failed", "responder", (3, 4)) and "verifies with the key given here" in [x for x in diag if x["code"] == "authentication-failed"][0]["message"]' \
    -k "$W.min.keys" "$W.pcap"
json_ok "ikev2-wrong-psk without keys: the outcome is unknown (the answer is encrypted), no error claimed" \
    'sa[0]["outcome"]["state"] == "unknown" and not any(x["severity"] == "error" for x in diag)' \
    "$W.pcap"
W=$S/ikev1-wrong-psk
json_ok "ikev1-wrong-psk: failed in Main Mode; the responder answered message 5 with an Informational that does not decrypt (frames 5, 6)" \
    'sa[0]["outcome"]["state"] == "failed" and has("psk-mismatch-suspected", "responder", (5, 6)) and has("retransmission", "initiator", (5, 7))' \
    -k "$W.min.keys" "$W.pcap"
json_ok "ikev1-wrong-psk without keys: the same flow says PSK mismatch" \
    'sa[0]["outcome"]["state"] == "failed" and has("psk-mismatch-suspected", "responder", (5, 6))' \
    "$W.pcap"
W=$S/ikev1-aggressive-psk
json_ok "ikev1-aggressive-psk: Aggressive Mode with a PSK is crackable offline" \
    'has("aggressive-psk") and sa[0]["outcome"]["established"]' "$W.pcap"
W=$S/ikev1-3des-md5-modp1024
json_ok "ikev1-3des-md5-modp1024: 3DES, MD5 and MODP-1024 are weak" \
    'any(x["code"] == "weak-crypto" and "3DES" in x["message"] and "MD5" in x["message"] and "MODP-1024" in x["message"] for x in diag)' \
    "$W.pcap"
W=$S/ikev2-rekey
json_ok "ikev2-rekey: IKE SA #1 rekeyed into #2, which the initiator deleted" \
    'sa[0]["outcome"]["state"] == "rekeyed" and sa[0]["outcome"]["replaced_by"] == 1 and sa[1]["outcome"]["state"] == "deleted" and sa[1]["outcome"]["by"] == "initiator"' \
    -k "$W.min.keys" "$W.pcap"
# Make before break: ikev1-delete's exchange moved in time to begin while
# ikev1-dpd's IKE SA is up (2 s after it began, before its Delete), the two
# merged in time order: the older SA is replaced by the newer.
python3 - "$S/ikev1-dpd.pcap" "$S/ikev1-delete.pcap" "$TEST_TMP/overlap.pcap" <<'PY'
import struct, sys
def recs(p):
    d = open(p, "rb").read()
    hdr, off, out = d[:24], 24, []
    while off + 16 <= len(d):
        s, us, cl, wl = struct.unpack("<IIII", d[off:off + 16])
        out.append([s * 1000000 + us, d[off + 16:off + 16 + cl], wl])
        off += 16 + cl
    return hdr, out
h, a = recs(sys.argv[1])
_, b = recs(sys.argv[2])
shift = a[0][0] + 2000000 - b[0][0]
for r in b:
    r[0] += shift
with open(sys.argv[3], "wb") as f:
    f.write(h)
    for t, data, wl in sorted(a + b, key=lambda r: r[0]):
        f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(data),
                            wl) + data)
PY
json_ok "IKEv1 SA replaced by a newer one between the same peers that began while it was up (make before break); the newer one is deleted" \
    'sa[0]["outcome"]["state"] == "rekeyed" and sa[0]["outcome"]["replaced_by"] == 1 and "replaced by IKE SA #2" in sa[0]["outcome"]["reason"] and sa[1]["outcome"]["state"] == "deleted"' \
    -k "$S/ikev1-dpd.min.keys" -k "$S/ikev1-delete.min.keys" \
    "$TEST_TMP/overlap.pcap"
json_ok "the same two captures one after the other: nothing replaced (the first SA had ended)" \
    'sa[0]["outcome"]["state"] == "deleted"' \
    -k "$S/ikev1-dpd.min.keys" -k "$S/ikev1-delete.min.keys" \
    "$S/ikev1-dpd.pcap" "$S/ikev1-delete.pcap"
json_ok "ikev2-natt: both NAT-D source hashes are wrong (strongSwan forces encapsulation), IKE moved to 4500, no address rewritten" \
    'any(x["code"] == "nat-detected" and "both peers" in x["message"] and "4500" in x["message"] and "knows the initiator by another address" not in x["message"] for x in diag)' \
    "$S/ikev2-natt.pcap"
json_ok "ikev2-real-nat: the responder knows the initiator by another address (the NAT's), the capture being inside" \
    'any(x["code"] == "nat-detected" and "the responder knows the initiator by another address than 192.0.2.1:500" in x["message"] and x["frames"][:2] == [1, 2] for x in diag)' \
    "$S/ikev2-real-nat.pcap"
tap_done
