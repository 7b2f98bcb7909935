#!/bin/bash
# ah.sh - AH (RFC 4302) integrity checks, against ICVs computed here by an
# independent implementation (python3's hmac module) of RFC 4302 3.3.3.
#
# A capture is built in the test directory: IPv4 and IPv6 packets with AH
# (HMAC-SHA1-96, HMAC-SHA2-256-128) in transport mode around ICMP and in
# tunnel mode around an IPv4 packet, with the IP header's mutable fields
# (TOS, TTL, flags, checksum / traffic class, flow label, hop limit) set to
# values other than zero, then read with `ah` key lines:
#   - every packet is "ok" (ICV verified) and its inner packet is read;
#   - a copy with one bit flipped in the payload, the AH header or the ICV
#     is "integrity_failed", while changing a mutable field (the TTL) keeps
#     it "ok";
#   - a wrong key gives "integrity_failed" for every packet.
# Without python3 every check is skipped.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

python3 - "$TEST_TMP" <<'PY' || tap_bail "could not build the AH captures"
import hashlib, hmac, struct, sys
out = sys.argv[1]
K1 = bytes(range(20))                     # HMAC-SHA1-96
K2 = bytes(range(100, 132))               # HMAC-SHA2-256-128

def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack(">%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def icmp_echo(seq):
    body = struct.pack(">BBHHH", 8, 0, 0, 0x1234, seq) + b"ikescope-ah" * 4
    c = csum(body)
    return body[:2] + struct.pack(">H", c) + body[4:]

def v4(proto, payload, ttl=64, tos=0x10, ident=7, flags=0x4000):
    h = struct.pack(">BBHHHBBH4s4s", 0x45, tos, 20 + len(payload), ident,
                    flags, ttl, proto, 0, bytes([192, 0, 2, 1]),
                    bytes([192, 0, 2, 2]))
    return h[:10] + struct.pack(">H", csum(h)) + h[12:] + payload

def v6(nh, payload, hlim=64):
    h = struct.pack(">IHBB16s16s", 0x6ab12345, len(payload), nh, hlim,
                    bytes.fromhex("20010db8" + "00" * 11 + "01"),
                    bytes.fromhex("20010db8" + "00" * 11 + "02"))
    return h + payload

def ah_packet(ipver, nh, inner, spi, seq, key, digest, icvlen, **kw):
    hlen = 12 + icvlen
    if ipver == 6 and hlen % 8: hlen += 8 - hlen % 8
    ah0 = struct.pack(">BBHII", nh, hlen // 4 - 2, 0, spi, seq) + b"\0" * (hlen - 12)
    pkt = (v4(51, ah0 + inner, **kw) if ipver == 4 else v6(51, ah0 + inner, **kw))
    # RFC 4302 3.3.3.1: mutable fields zeroed for the ICV
    m = bytearray(pkt)
    if ipver == 4:
        m[1] = 0; m[6] = m[7] = 0; m[8] = 0; m[10] = m[11] = 0
        ipl = 20
    else:
        m[0] = 0x60; m[1] = m[2] = m[3] = 0; m[7] = 0
        ipl = 40
    icv = hmac.new(key, bytes(m), digest).digest()[:icvlen]
    p = bytearray(pkt)
    p[ipl + 12:ipl + 12 + icvlen] = icv
    return bytes(p)

def pcap(path, pkts):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
            f.write(p)

pk = []
for s in (1, 2, 3):
    pk.append(ah_packet(4, 1, icmp_echo(s), 0x1001, s, K1, hashlib.sha1, 12))
for s in (1, 2):
    pk.append(ah_packet(6, 58, b"\x80\x00\x00\x00" + b"v6" * 10, 0x2002, s, K2,
                        hashlib.sha256, 16))
inner = v4(1, icmp_echo(9))
pk.append(ah_packet(4, 4, inner, 0x3003, 1, K1, hashlib.sha1, 12))
pcap(out + "/ah.pcap", pk)

def flip(pkts, i, off):
    q = [bytearray(p) for p in pkts]
    q[i][off] ^= 0x01
    return [bytes(x) for x in q]

pcap(out + "/ah-payload.pcap", flip(pk, 0, len(pk[0]) - 1))
pcap(out + "/ah-header.pcap", flip(pk, 1, 20 + 8))        # AH sequence
pcap(out + "/ah-icv.pcap", flip(pk, 3, 40 + 12))           # IPv6 ICV
pcap(out + "/ah-ttl.pcap", flip(pk, 2, 8))                 # TTL: mutable
with open(out + "/ah.keys", "w") as f:
    f.write("ah 00001001 AUTH_HMAC_SHA1_96 %s\n" % K1.hex())
    f.write("ah 00002002 sha256 %s * 2001:db8::2\n" % K2.hex())
    f.write("ah 00003003 AUTH_HMAC_SHA1_96 %s 192.0.2.1 192.0.2.2\n" % K1.hex())
with open(out + "/wrong.keys", "w") as f:
    f.write("ah * AUTH_HMAC_SHA1_96 %s\n" % bytes(20).hex())
    f.write("ah * sha256 %s\n" % bytes(32).hex())
PY

# results KEYS CAPTURE: "frame:result" for every AH packet, in frame order.
results()
{
	"$IKESCOPE" -j -v -k "$1" "$2" 2> "$TEST_TMP/err" | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = sorted((p["frame"], p["decryption"], (p.get("inner") or {}).get("protocol"))
           for e in d["esp_sas"] for p in e.get("packet_list", []))
print(" ".join("%d:%s:%s" % x for x in r))'
}

T=$TEST_TMP
ALL="1:ok:1 2:ok:1 3:ok:1 4:ok:58 5:ok:58 6:ok:1"
got=$(results "$T/ah.keys" "$T/ah.pcap")
tap_ok "$([ "$got" = "$ALL" ] && echo 0 || echo 1)" \
    "AH over IPv4 and IPv6, transport and tunnel: every ICV verified, inner packet read"
[ "$got" = "$ALL" ] || tap_diag "got: $got"
! grep -q "$SANITIZER_RE" "$T/err"
tap_ok $? "no sanitizer report"

for c in payload:1 header:2 icv:4; do
	name=${c%:*} frame=${c#*:}
	got=$(results "$T/ah.keys" "$T/ah-$name.pcap")
	want=$(echo "$ALL" | tr ' ' '\n' |
	    sed "s/^$frame:ok:\([0-9]*\)$/$frame:integrity_failed:None/" |
	    tr '\n' ' ' | sed 's/ $//')
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" \
	    "one bit flipped in the $name of frame $frame: integrity_failed there only"
	[ "$got" = "$want" ] || { tap_diag "got:  $got"; tap_diag "want: $want"; }
done

got=$(results "$T/ah.keys" "$T/ah-ttl.pcap")
[ "$got" = "$ALL" ] || tap_diag "got: $got"
tap_ok "$([ "$got" = "$ALL" ] && echo 0 || echo 1)" \
    "a changed TTL (a mutable field) still verifies"

got=$(results "$T/wrong.keys" "$T/ah.pcap")
case $got in
*ok:*) rc=1 ;;
*) rc=0 ;;
esac
tap_ok $rc "wrong keys: nothing verified"
[ "$rc" -eq 0 ] || tap_diag "got: $got"

tap_done
