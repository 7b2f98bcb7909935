#!/bin/bash
# pke.sh - IKEv1 public key encryption authentication (RFC 2409 5.2 method
# 4, 5.3 method 5) on the synthetic captures of samples/pke:
#  - with both RSA private keys (and the DH value) every encrypted message
#    decrypts with its HASH verified, HASH_I and HASH_R verify, the
#    RSA-encrypted payloads are shown decrypted (proved by the HASH), and
#    the Quick Mode child SA gets keys;
#  - with one private key the report names the side whose key is missing
#    and nothing is claimed decrypted;
#  - with a wrong RSA key nothing is claimed;
#  - the generator, tests/pke/gen_pke.py, run again, writes the same bytes
#    as the committed files (skipped without python3 and `cryptography`).
. "$(dirname "$0")/lib.sh"

need_ikescope
need_python

P=$top_srcdir/samples/pke
[ -d "$P" ] || tap_bail "no samples/pke"

# check JSON MODE [SIDE]: MODE "full" (everything decrypted and verified),
# "none" (nothing claimed); SIDE (initiator|responder) is whose RSA key
# the missing text must name.
check()
{
	python3 - "$@" <<'EOF'
import json, sys
path, mode = sys.argv[1], sys.argv[2]
side = sys.argv[3] if len(sys.argv) > 3 else None
bad = []
with open(path) as f:
    d = json.load(f)
sas = d.get("ike_sas", [])
if len(sas) != 1:
    print("one IKE SA, found %d" % len(sas))
    sys.exit(1)
sa = sas[0]
msgs = [m for ex in sa["exchanges"] for m in ex["messages"]]
def pke(m):
    return any("encrypted with" in p.get("summary", "")
               for p in m["payloads"])
npke = sum(1 for m in msgs if pke(m))
if npke != 2:
    bad.append("%d messages with encrypted payloads, want 2" % npke)
if mode == "full":
    for m in msgs:
        if m["encrypted"] and (m["decryption"] != "ok" or
                               m.get("hash") != "verified"):
            bad.append("frame %d: %s, hash %s" % (m["frame"],
                       m["decryption"], m.get("hash")))
        if pke(m):
            kinds = [p["type"] for p in m["payloads"]
                     if "encrypted with" in p.get("summary", "")]
            got = [p["type"] for p in m.get("decrypted_payloads", [])]
            if m["decryption"] != "ok" or m.get("decrypted_by") != "hash" \
                    or got != kinds:
                bad.append("frame %d: RSA payloads %s, decrypted %s (%s)" %
                           (m["frame"], kinds, got, m["decryption"]))
            if "NONCE" in got:
                n = [p for p in m["decrypted_payloads"]
                     if p["type"] == "NONCE"][0]
                if len(n.get("nonce_data", "")) not in (48, 64):
                    bad.append("frame %d: nonce %s" % (m["frame"],
                               n.get("nonce_data")))
    if sa["auth"] != {"initiator": "verified", "responder": "verified"}:
        bad.append("auth %s" % sa["auth"])
    if sa["keys"]["state"] != "derived" or "rsa " not in \
            sa["keys"].get("source", ""):
        bad.append("keys %s" % sa["keys"])
    ch = sa.get("child_sas", [])
    if len(ch) != 1 or ch[0]["keys"] != "derived":
        bad.append("child SAs %s" % ch)
else:
    for m in msgs:
        if m["decryption"] == "ok" or m.get("decrypted_payloads"):
            bad.append("frame %d claimed decrypted" % m["frame"])
        if m.get("hash") == "verified":
            bad.append("frame %d HASH verified" % m["frame"])
    if "verified" in sa.get("auth", {}).values():
        bad.append("auth %s" % sa["auth"])
    for c in sa.get("child_sas", []):
        if c["keys"] == "derived":
            bad.append("child SA keys derived")
    miss = " ".join(sa["keys"].get("missing", []))
    if side is not None and ("the %s's RSA private key" % side) not in miss:
        bad.append("missing text: %r" % miss)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

# keyfile NAME SAMPLE KEY...: a key file with these rsa keys (paths in
# samples/pke) and the sample's dh line.
keyfile()
{
	local name=$1 sample=$2 k
	shift 2
	: > "$TEST_TMP/$name"
	for k in "$@"; do
		echo "rsa $P/$k" >> "$TEST_TMP/$name"
	done
	grep '^dh ' "$P/$sample.keys" >> "$TEST_TMP/$name"
}

for s in ikev1-pke-main ikev1-pke-rev-main ikev1-pke-aggr; do
	# (a) both keys, from the committed key file
	run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$P/$s.keys" "$P/$s.pcap"
	ok=1
	[ "$RC" -eq 0 ] && ! has_sanitizer_report "$TEST_TMP/err" && ok=0
	tap_ok $ok "$s: runs cleanly with both RSA keys"
	check "$TEST_TMP/out.json" full > "$TEST_TMP/why" 2>&1
	tap_ok $? "$s: both keys: every message decrypts with its HASH verified, RSA payloads shown decrypted"
	tap_diag_file "$TEST_TMP/why"
	run_ikescope "$TEST_TMP/out.txt" "$TEST_TMP/err" -k "$P/$s.keys" "$P/$s.pcap"
	grep -q "Auth      initiator verified, responder verified (HASH_I / HASH_R)" "$TEST_TMP/out.txt" &&
	    grep -q "RSA-decrypted, proved by the Phase 1 HASH" "$TEST_TMP/out.txt" &&
	    grep -q "encrypted with the responder's RSA public key" "$TEST_TMP/out.txt"
	tap_ok $? "$s: text report: HASH_I / HASH_R verified, RSA payloads proved"

	# (b) one key: the other side's nonce stays encrypted
	keyfile one-i.keys "$s" initiator.key
	run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/one-i.keys" "$P/$s.pcap"
	check "$TEST_TMP/out.json" none responder > "$TEST_TMP/why" 2>&1
	tap_ok $? "$s: initiator's key only: the responder's key is missing, nothing claimed"
	tap_diag_file "$TEST_TMP/why"
	keyfile one-r.keys "$s" responder.key
	run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/one-r.keys" "$P/$s.pcap"
	check "$TEST_TMP/out.json" none initiator > "$TEST_TMP/why" 2>&1
	tap_ok $? "$s: responder's key only: the initiator's key is missing, nothing claimed"
	tap_diag_file "$TEST_TMP/why"

	# (c) a wrong key in place of one, or of both
	keyfile wrong.keys "$s" initiator.key other.key
	run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/wrong.keys" "$P/$s.pcap"
	check "$TEST_TMP/out.json" none responder > "$TEST_TMP/why" 2>&1
	tap_ok $? "$s: a wrong key for the responder: nothing claimed"
	tap_diag_file "$TEST_TMP/why"
	keyfile wrong2.keys "$s" other.key
	run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/wrong2.keys" "$P/$s.pcap"
	check "$TEST_TMP/out.json" none > "$TEST_TMP/why" 2>&1 &&
	    grep -q "wrong2.keys:1: this RSA private key decrypted no nonce" "$TEST_TMP/out.json"
	tap_ok $? "$s: only an unrelated key: nothing claimed, the key reported unused"
	tap_diag_file "$TEST_TMP/why"
done

# RSA keys without the DH value: Aggressive Mode's clear HASH_R / HASH_I
# verify with the nonces alone (SKEYID needs no g^xy) and prove frames
# 1-2; nothing encrypted decrypts.  Main Mode proves nothing.
grep '^rsa ' "$P/ikev1-pke-aggr.keys" | sed "s|^rsa |rsa $P/|" > "$TEST_TMP/rsa-only.keys"
run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/rsa-only.keys" "$P/ikev1-pke-aggr.pcap"
python3 - "$TEST_TMP/out.json" > "$TEST_TMP/why" 2>&1 <<'PYEOF'
import json, sys
sa = json.load(open(sys.argv[1]))["ike_sas"][0]
msgs = [m for ex in sa["exchanges"] for m in ex["messages"]]
dec = [m["decryption"] for m in msgs]
ok = sa["auth"] == {"initiator": "verified", "responder": "verified"}
ok = ok and dec[:3] == ["ok", "ok", "not_encrypted"]
ok = ok and all(d == "no_keys" for d in dec[3:])
ok = ok and all(c["keys"] != "derived" for c in sa.get("child_sas", []))
if not ok:
    print(sa["auth"], dec)
sys.exit(0 if ok else 1)
PYEOF
tap_ok $? "ikev1-pke-aggr: RSA keys, no DH: clear HASH_I / HASH_R verified, Quick Mode not decrypted"
tap_diag_file "$TEST_TMP/why"
grep '^rsa ' "$P/ikev1-pke-main.keys" | sed "s|^rsa |rsa $P/|" > "$TEST_TMP/rsa-only.keys"
run_ikescope "$TEST_TMP/out.json" "$TEST_TMP/err" --json -k "$TEST_TMP/rsa-only.keys" "$P/ikev1-pke-main.pcap"
check "$TEST_TMP/out.json" none > "$TEST_TMP/why" 2>&1 &&
    grep -q "need the DH secret of group 14" "$TEST_TMP/out.json"
tap_ok $? "ikev1-pke-main: RSA keys, no DH: nothing claimed, the DH secret is missing"
tap_diag_file "$TEST_TMP/why"

# No key at all: the dissection still marks the encrypted payloads.
run_ikescope "$TEST_TMP/out.txt" "$TEST_TMP/err" "$P/ikev1-pke-rev-main.pcap"
grep -q "KE      encrypted with Ke_i, 272 bytes" "$TEST_TMP/out.txt" &&
    grep -q "NONCE   encrypted with the initiator's RSA public key, 256 bytes" "$TEST_TMP/out.txt"
tap_ok $? "without keys: RSA- and Ke-encrypted payloads are shown as such"

# (d) the generator reproduces the committed files
if python3 -c 'import cryptography' 2>/dev/null; then
	if python3 "$top_srcdir/tests/pke/gen_pke.py" "$TEST_TMP/gen" > "$TEST_TMP/gen.out" 2>&1; then
		diff -r "$TEST_TMP/gen" "$P" -x README > "$TEST_TMP/why" 2>&1
		tap_ok $? "gen_pke.py reproduces samples/pke byte for byte"
		tap_diag_file "$TEST_TMP/why"
	else
		tap_ok 1 "gen_pke.py runs"
		tap_diag_file "$TEST_TMP/gen.out"
	fi
else
	tap_skip "gen_pke.py reproduces samples/pke" "python3 has no 'cryptography' package (pip install cryptography)"
fi

tap_done
