#!/usr/bin/env python3
# mkpayloads.py - build the synthetic "every payload" captures in
# tests/data/synthetic/ from the wire formats of the RFCs:
#
#   ikev1-every-payload.pcap   ISAKMP/IKEv1 (RFC 2407, 2408, 2409, 3706,
#                              3947, draft-dukes-ike-mode-cfg-02,
#                              draft-beaulieu-ike-xauth-02, Cisco IKE
#                              fragmentation), every message in clear
#   ikev2-every-payload.pcap   IKEv2 (RFC 7296, 5685, 7383, 7427, 7619)
#
# Part of ikescope; GPL-2.0-or-later like the rest of it (see COPYING).
#
# Usage:  tests/mkpayloads.py [OUTDIR]      (default: tests/data/synthetic
#                                            beside this script)
#
# Python 3 standard library only.  The output is byte for byte the same on
# every run: fixed timestamps, fixed SPIs and cookies, and "random" values
# (KE data, nonces, hashes, signatures, ciphertext) drawn from SHA-256 of a
# label (prand below), so a change to this script shows as a change of the
# captures.  Nothing in the files comes from a third party; the only
# external input is the X.509 certificate below, made once with OpenSSL.
#
# Both captures are "clean" references: every length field is right and
# each payload sits in an exchange and message where the RFCs allow it,
# except for the IKEv2 payloads that RFC 7296 only allows inside SK: those
# are carried in clear ON PURPOSE (ikescope then warns that they are
# outside the SK payload; that warning is expected).
#
# Link type DLT_RAW (LINKTYPE_RAW, 101): each record is an IPv4 packet;
# UDP port 500 on both sides; IP and UDP checksums are right.

import hashlib
import os
import struct
import sys

# ---------------------------------------------------------------------------
# The certificate.  A self-signed ECDSA P-256 certificate, generated once
# (2026-11-22, OpenSSL 3.0.19) with
#
#   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
#       -subj '/CN=synthetic/O=ikescope test' -days 3650 -outform DER \
#       -keyout /dev/null -out synthetic.der
#
# and embedded here as hex; the private key was thrown away.  Subject and
# issuer: CN=synthetic, O=ikescope test; serial
# 62713e66457280497b787728d1a3084070eb9b29; valid 2026-11-22 23:09:40 UTC
# to 2036-11-19 23:09:40 UTC; signature ecdsa-with-SHA256.
CERT_DER = bytes.fromhex(
    "308201ad30820153a003020102021462713e66457280497b787728d1a3084070eb"
    "9b29300a06082a8648ce3d040302302c3112301006035504030c0973796e746865"
    "74696331163014060355040a0c0d696b6573636f70652074657374301e170d3236"
    "313132323233303934305a170d3336313131393233303934305a302c3112301006"
    "035504030c0973796e74686574696331163014060355040a0c0d696b6573636f70"
    "6520746573743059301306072a8648ce3d020106082a8648ce3d03010703420004"
    "2acf12a72ee4828df8c4a22a13410ffeb72ea16bf114b4d4fdd831cae6c6d3c690"
    "d6dfbed7b4dd004e956d6289396d93a45d9ae37b504c49f26624d6f0f4925ea353"
    "3051301d0603551d0e04160414fa400ab64749f65ea485a94dca58477c571b814f"
    "301f0603551d23041830168014fa400ab64749f65ea485a94dca58477c571b814f"
    "300f0603551d130101ff040530030101ff300a06082a8648ce3d04030203480030"
    "45022100aeec3650605e99cfe8dbb5aed738bb2ea28026858f7c3dc80259425095"
    "97d659022036b5de855802766a40e459ff9ba2e295623f75e9bc4cfda361cf177b"
    "977c281d")


# ---------------------------------------------------------------------------
# Small helpers

def prand(label, n):
    """n deterministic pseudo-random bytes named by label."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s/%d" % (label, i)).encode()).digest()
        i += 1
    return out[:n]


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def ip6(s):
    """IPv6 text to 16 bytes (full or with one '::')."""
    if "::" in s:
        head, tail = s.split("::")
        h = [x for x in head.split(":") if x]
        t = [x for x in tail.split(":") if x]
        groups = h + ["0"] * (8 - len(h) - len(t)) + t
    else:
        groups = s.split(":")
    assert len(groups) == 8, s
    return b"".join(struct.pack("!H", int(g, 16)) for g in groups)


def be16(v):
    return struct.pack("!H", v)


def be32(v):
    return struct.pack("!I", v)


# --- DER (X.690), only what the DNs and AlgorithmIdentifiers need ---------

def der(tag, content):
    n = len(content)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 0xff])
    return bytes([tag]) + ln + content


def der_oid(dotted):
    arcs = [int(x) for x in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7f]
        a >>= 7
        while a:
            enc.insert(0, 0x80 | (a & 0x7f))
            a >>= 7
        out += bytes(enc)
    return der(0x06, out)


def der_name(rdns):
    """X.501 Name from [(oid, text), ...], one attribute per RDN,
    values as UTF8String (as OpenSSL writes them)."""
    return der(0x30, b"".join(
        der(0x31, der(0x30, der_oid(oid) + der(0x0c, val.encode())))
        for oid, val in rdns))


def der_items(buf):
    """The TLVs of a DER buffer: [(tag, whole_tlv, contents), ...]."""
    items = []
    i = 0
    while i < len(buf):
        tag = buf[i]
        ln = buf[i + 1]
        hl = 2
        if ln & 0x80:
            k = ln & 0x7f
            ln = int.from_bytes(buf[i + 2:i + 2 + k], "big")
            hl = 2 + k
        items.append((tag, buf[i:i + hl + ln], buf[i + hl:i + hl + ln]))
        i += hl + ln
    return items


OID_CN = "2.5.4.3"
OID_O = "2.5.4.10"

# The certificate's subject (= issuer, self-signed), built from X.501 and
# checked against the certificate's bytes.
DN_SYNTHETIC = der_name([(OID_CN, "synthetic"), (OID_O, "ikescope test")])
_tbs = der_items(der_items(der_items(CERT_DER)[0][2])[0][2])
# tbsCertificate: [0] version, serial, signature, issuer, validity,
# subject, subjectPublicKeyInfo, [3] extensions
assert _tbs[3][1] == DN_SYNTHETIC and _tbs[5][1] == DN_SYNTHETIC
CERT_SPKI = _tbs[6][1]

# RFC 7427 appendix A: AlgorithmIdentifiers.
ALGID_SHA256_RSA = der(0x30, der_oid("1.2.840.113549.1.1.11") +
                       der(0x05, b""))
ALGID_ECDSA_SHA256 = der(0x30, der_oid("1.2.840.10045.4.3.2"))
assert ALGID_SHA256_RSA.hex() == "300d06092a864886f70d01010b0500"
assert ALGID_ECDSA_SHA256.hex() == "300a06082a8648ce3d040302"


def ecdsa_der_sig(label):
    """An ECDSA-Sig-Value (SEQUENCE { r, s }) with 32-byte r and s."""
    r = bytearray(prand(label + "/r", 32))
    s = bytearray(prand(label + "/s", 32))
    r[0] &= 0x7f
    s[0] &= 0x7f
    r[0] |= 0x01
    s[0] |= 0x01
    return der(0x30, der(0x02, bytes(r)) + der(0x02, bytes(s)))


def modp_value(label, n):
    """A Diffie-Hellman public value of n bytes (top bit set, below p)."""
    v = bytearray(prand(label, n))
    v[0] = 0x80 | (v[0] & 0x3f)
    return bytes(v)


# ---------------------------------------------------------------------------
# pcap (LINKTYPE_RAW), IPv4, UDP

class Pcap:
    def __init__(self, base):
        self.base = base        # seconds since the epoch of t = 0
        self.recs = []
        self.ipid = 0x2000

    def udp(self, t, src, dst, payload, sport=500, dport=500):
        s, d = ip4(src), ip4(dst)
        ulen = 8 + len(payload)
        pseudo = s + d + struct.pack("!BBH", 0, 17, ulen)
        uh = struct.pack("!HHHH", sport, dport, ulen, 0)
        ck = csum(pseudo + uh + payload) or 0xffff
        uh = struct.pack("!HHHH", sport, dport, ulen, ck)
        self.ipid += 1
        ih = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, self.ipid,
                         0x4000, 64, 17, 0, s, d)
        ih = ih[:10] + be16(csum(ih)) + ih[12:]
        self.recs.append((t, ih + uh + payload))

    def write(self, path):
        out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101)
        last = -1.0
        for t, pkt in self.recs:
            assert t > last, "timestamps must increase"
            last = t
            usec_total = int(round(t * 1e6))
            sec = self.base + usec_total // 1000000
            usec = usec_total % 1000000
            out += struct.pack("<IIII", sec, usec, len(pkt), len(pkt)) + pkt
        with open(path, "wb") as f:
            f.write(out)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


# ---------------------------------------------------------------------------
# Payload chains (RFC 2408 3.2 / RFC 7296 3.2): a list of (type, body) or
# (type, body, next_payload_override).  The generic header's Next Payload
# is the type of the following payload, 0 after the last; SK and SKF name
# the first payload inside them instead (RFC 7296 3.14, RFC 7383 2.5).

def chain(payloads):
    out = b""
    for i, p in enumerate(payloads):
        ptype, body = p[0], p[1]
        if len(p) > 2:
            np = p[2]
        else:
            np = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += struct.pack("!BBH", np, 0, 4 + len(body)) + body
    return out


def isakmp(spi_i, spi_r, version, exch, flags, msgid, payloads):
    """ISAKMP / IKEv2 header (RFC 2408 3.1, RFC 7296 3.1) and payloads."""
    body = chain(payloads)
    first = payloads[0][0] if payloads else 0
    return (spi_i + spi_r + struct.pack("!BBBBII", first, version, exch,
                                        flags, msgid, 28 + len(body)) + body)


# ===========================================================================
# IKEv1
# ===========================================================================

# Payload types (RFC 2408 3.1, RFC 3947, Cisco)
V1_SA, V1_KE, V1_ID, V1_CERT, V1_CR, V1_HASH, V1_SIG = 1, 4, 5, 6, 7, 8, 9
V1_NONCE, V1_N, V1_D, V1_VID, V1_ATTR = 10, 11, 12, 13, 14
V1_NATD, V1_NATOA, V1_FRAG = 20, 21, 132
# Exchange types
X_MAIN, X_AGGR, X_INFO, X_TRANS, X_QUICK = 2, 4, 5, 6, 32


def v1(cky_i, cky_r, exch, msgid, payloads):
    return isakmp(cky_i, cky_r, 0x10, exch, 0, msgid, payloads)


def tv(atype, value):
    """Data attribute, AF=1 (RFC 2408 3.3)."""
    return struct.pack("!HH", 0x8000 | atype, value)


def tlv(atype, value):
    """Data attribute, AF=0."""
    return struct.pack("!HH", atype, len(value)) + value


def v1_transform(num, xf_id, attrs, last):
    body = struct.pack("!BBH", num, xf_id, 0) + b"".join(attrs)
    return struct.pack("!BBH", 0 if last else 3, 0, 4 + len(body)) + body


def v1_proposal(num, proto, spi, transforms, last):
    body = (struct.pack("!BBBB", num, proto, len(spi), len(transforms)) +
            spi + b"".join(transforms))
    return struct.pack("!BBH", 0 if last else 2, 0, 4 + len(body)) + body


def v1_sa(proposals):
    # DOI 1 (IPsec), situation SIT_IDENTITY_ONLY (RFC 2407 4.6.1)
    return struct.pack("!II", 1, 1) + b"".join(proposals)


def v1_id(id_type, data, proto=0, port=0):
    return struct.pack("!BBH", id_type, proto, port) + data


def v1_n(proto, ntype, spi=b"", data=b""):
    return struct.pack("!IBBH", 1, proto, len(spi), ntype) + spi + data


def v1_d(proto, spis):
    return (struct.pack("!IBBH", 1, proto, len(spis[0]), len(spis)) +
            b"".join(spis))


def v1_natoa(addr):
    return struct.pack("!B3x", 1 if len(addr) == 4 else 5) + addr


def v1_attr(cfg_type, ident, attrs):
    return struct.pack("!BBH", cfg_type, 0, ident) + b"".join(attrs)


# IKE attribute classes (RFC 2409 appendix A) and values
A_ENCR, A_HASH, A_AUTH, A_GROUP, A_LIFE_TYPE, A_LIFE_DUR, A_KEYLEN = \
    1, 2, 3, 4, 11, 12, 14
# IPsec DOI SA attributes (RFC 2407 4.5)
I_LIFE_TYPE, I_LIFE_DUR, I_GROUP, I_ENCAP, I_AUTH, I_KEYLEN = 1, 2, 3, 4, 5, 6
# Mode-Config / XAUTH attribute types
C_IP4_ADDR, C_IP4_MASK, C_IP4_DNS, C_APP_VERSION = 1, 2, 3, 7
C_XAUTH_TYPE, C_XAUTH_USER, C_XAUTH_PASS, C_XAUTH_STATUS = \
    16520, 16521, 16522, 16527
C_UNITY_BANNER = 28672
CFG_REQUEST, CFG_REPLY, CFG_SET, CFG_ACK = 1, 2, 3, 4

# Vendor IDs
VID_RFC3947 = bytes.fromhex("4a131c81070358455c5728f20e95452f")  # MD5("RFC 3947")
VID_DPD = bytes.fromhex("afcad71368a1f1c96b8696fc77570100")      # RFC 3706
VID_XAUTH = bytes.fromhex("09002689dfd6b712")
VID_UNITY = bytes.fromhex("12f5f28c457168a9702d9fe274cc0100")    # Cisco Unity 1.0
VID_FRAG = bytes.fromhex("4048b7d56ebce88525e7de7f00d6c2d3c0000000")
VID_UNKNOWN_1 = prand("ikev1 unknown vendor id", 16)


def natd_v1(hashfn, cky_i, cky_r, ip, port):
    """RFC 3947 3.2: HASH(CKY-I | CKY-R | IP | Port)."""
    return hashfn(cky_i + cky_r + ip4(ip) + be16(port)).digest()


def build_ikev1(path):
    cap = Pcap(1704067200)      # 2024-01-01T00:00:00Z
    PROTO_ISAKMP, PROTO_ESP = 1, 3

    # -------------------------------------------------------------------
    # SA A: Main Mode with ECDSA signatures and a certificate, three Quick
    # Modes, DPD and a Delete.  192.0.2.10 (initiator) <-> 198.51.100.20.
    I, R = "192.0.2.10", "198.51.100.20"
    ci, cr = bytes.fromhex("a1a1a1a1a1a1a101"), bytes.fromhex("b2b2b2b2b2b2b201")
    zero = bytes(8)
    t = 0.0

    def send(src, dst, msg, dt=0.010):
        nonlocal t
        t += dt
        cap.udp(t, src, dst, msg)

    ike_t1 = v1_transform(1, 1, [
        tv(A_ENCR, 7), tv(A_KEYLEN, 256), tv(A_HASH, 4), tv(A_AUTH, 9),
        tv(A_GROUP, 14), tv(A_LIFE_TYPE, 1),
        tlv(A_LIFE_DUR, be32(86400))], last=False)
    ike_t2 = v1_transform(2, 1, [
        tv(A_ENCR, 7), tv(A_KEYLEN, 128), tv(A_HASH, 2), tv(A_AUTH, 9),
        tv(A_GROUP, 14), tv(A_LIFE_TYPE, 1), tv(A_LIFE_DUR, 28800)],
        last=True)
    ike_t1_chosen = v1_transform(1, 1, [
        tv(A_ENCR, 7), tv(A_KEYLEN, 256), tv(A_HASH, 4), tv(A_AUTH, 9),
        tv(A_GROUP, 14), tv(A_LIFE_TYPE, 1),
        tlv(A_LIFE_DUR, be32(86400))], last=True)

    # MM1 (RFC 2409 5.1): HDR, SA [, VID...]
    send(I, R, v1(ci, zero, X_MAIN, 0, [
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ISAKMP, b"", [ike_t1, ike_t2],
                                   last=True)])),
        (V1_VID, VID_RFC3947),
        (V1_VID, VID_DPD),
        (V1_VID, VID_UNKNOWN_1)]), dt=0.0)
    # MM2: HDR, SA
    send(R, I, v1(ci, cr, X_MAIN, 0, [
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ISAKMP, b"", [ike_t1_chosen],
                                   last=True)])),
        (V1_VID, VID_RFC3947),
        (V1_VID, VID_DPD)]))
    # MM3: HDR, KE, Ni, NAT-D, NAT-D (RFC 3947 3.2: remote first, then
    # local; SHA2-256 is the negotiated hash).  No NAT here.
    h = hashlib.sha256
    send(I, R, v1(ci, cr, X_MAIN, 0, [
        (V1_KE, modp_value("A KEi", 256)),
        (V1_NONCE, prand("A Ni", 32)),
        (V1_NATD, natd_v1(h, ci, cr, R, 500)),
        (V1_NATD, natd_v1(h, ci, cr, I, 500))]))
    # MM4: HDR, KE, Nr, CR, NAT-D, NAT-D
    send(R, I, v1(ci, cr, X_MAIN, 0, [
        (V1_KE, modp_value("A KEr", 256)),
        (V1_NONCE, prand("A Nr", 32)),
        (V1_CR, bytes([4]) + DN_SYNTHETIC),          # X.509 sig, CA DN
        (V1_NATD, natd_v1(h, ci, cr, I, 500)),
        (V1_NATD, natd_v1(h, ci, cr, R, 500))]))
    # MM5: HDR, IDii, CERT, SIG_I (+ N INITIAL-CONTACT), here in clear
    send(I, R, v1(ci, cr, X_MAIN, 0, [
        (V1_ID, v1_id(9, DN_SYNTHETIC, 17, 500)),    # ID_DER_ASN1_DN
        (V1_CERT, bytes([4]) + CERT_DER),            # X.509 signature
        (V1_SIG, prand("A SIG_I", 64)),              # RFC 4754: r | s
        (V1_N, v1_n(PROTO_ISAKMP, 24578, ci + cr))]))  # INITIAL-CONTACT
    # MM6: HDR, IDir, SIG_R
    send(R, I, v1(ci, cr, X_MAIN, 0, [
        (V1_ID, v1_id(2, b"vpn.example.net", 17, 500)),  # ID_FQDN
        (V1_SIG, prand("A SIG_R", 64))]))

    # Quick Mode 1 (RFC 2409 5.5): HDR, HASH(1), SA, Ni, KE, IDci, IDcr;
    # tunnel mode with PFS, IPv4 subnets.
    qm = 0x3c5a7e01
    spi_i1, spi_r1 = bytes.fromhex("c0a80101"), bytes.fromhex("d0a80101")

    def esp_xf(num, encr, keylen, aalg, encap, life_s, group=None,
               life_kb=None, last=True):
        attrs = [tv(I_LIFE_TYPE, 1), tlv(I_LIFE_DUR, be32(life_s))]
        if life_kb is not None:
            attrs += [tv(I_LIFE_TYPE, 2), tlv(I_LIFE_DUR, be32(life_kb))]
        if group is not None:
            attrs.append(tv(I_GROUP, group))
        attrs.append(tv(I_ENCAP, encap))
        if aalg is not None:
            attrs.append(tv(I_AUTH, aalg))
        attrs.append(tv(I_KEYLEN, keylen))
        return v1_transform(num, encr, attrs, last)

    qm1_xfs = [esp_xf(1, 12, 256, 5, 1, 28800, group=14, life_kb=4608000,
                      last=False),
               esp_xf(2, 12, 128, 2, 1, 28800, group=14, life_kb=4608000)]
    id_ci = v1_id(4, ip4("10.1.0.0") + ip4("255.255.0.0"))  # IPV4_ADDR_SUBNET
    id_cr = v1_id(4, ip4("10.2.0.0") + ip4("255.255.0.0"))
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM1 HASH1", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_i1, qm1_xfs,
                                   last=True)])),
        (V1_NONCE, prand("A QM1 Ni", 32)),
        (V1_KE, modp_value("A QM1 KEi", 256)),
        (V1_ID, id_ci),
        (V1_ID, id_cr)]), dt=0.050)
    # HDR, HASH(2), SA, Nr, KE, IDci, IDcr, N(RESPONDER-LIFETIME)
    # (RFC 2407 4.6.3.1: the SA's life as IPsec DOI attributes)
    send(R, I, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM1 HASH2", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_r1, [
            esp_xf(1, 12, 256, 5, 1, 28800, group=14, life_kb=4608000)],
            last=True)])),
        (V1_NONCE, prand("A QM1 Nr", 32)),
        (V1_KE, modp_value("A QM1 KEr", 256)),
        (V1_ID, id_ci),
        (V1_ID, id_cr),
        (V1_N, v1_n(PROTO_ESP, 24576, spi_r1,
                    tv(I_LIFE_TYPE, 1) + tlv(I_LIFE_DUR, be32(3600)) +
                    tv(I_LIFE_TYPE, 2) + tlv(I_LIFE_DUR, be32(1000000))))]))
    # HDR, HASH(3)
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM1 HASH3", 32))]))

    # Quick Mode 2: IPv6 selectors in an IPv4 tunnel, AES-GCM, no PFS.
    qm = 0x3c5a7e02
    spi_i2, spi_r2 = bytes.fromhex("c0a80102"), bytes.fromhex("d0a80102")
    id_ci = v1_id(8, ip6("2001:db8:1::100") + ip6("2001:db8:1::1ff"))
    id_cr = v1_id(6, ip6("2001:db8:2::") + ip6("ffff:ffff:ffff::"))
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM2 HASH1", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_i2, [
            esp_xf(1, 20, 128, None, 1, 3600)], last=True)])),
        (V1_NONCE, prand("A QM2 Ni", 32)),
        (V1_ID, id_ci),
        (V1_ID, id_cr)]), dt=0.050)
    send(R, I, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM2 HASH2", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_r2, [
            esp_xf(1, 20, 128, None, 1, 3600)], last=True)])),
        (V1_NONCE, prand("A QM2 Nr", 32)),
        (V1_ID, id_ci),
        (V1_ID, id_cr)]))
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM2 HASH3", 32))]))

    # Quick Mode 3: host to host, transport mode, no IDs (RFC 2409 5.5: the
    # Phase 1 addresses are implied), with NAT-OAi and NAT-OAr (RFC 3947
    # 5.2: the original addresses; no NAT here, so they are the real ones).
    qm = 0x3c5a7e03
    spi_i3, spi_r3 = bytes.fromhex("c0a80103"), bytes.fromhex("d0a80103")
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM3 HASH1", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_i3, [
            esp_xf(1, 12, 128, 2, 2, 1200)], last=True)])),
        (V1_NONCE, prand("A QM3 Ni", 32)),
        (V1_NATOA, v1_natoa(ip4(I))),
        (V1_NATOA, v1_natoa(ip4(R)))]), dt=0.050)
    send(R, I, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM3 HASH2", 32)),
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ESP, spi_r3, [
            esp_xf(1, 12, 128, 2, 2, 1200)], last=True)])),
        (V1_NONCE, prand("A QM3 Nr", 32)),
        (V1_NATOA, v1_natoa(ip4(I))),
        (V1_NATOA, v1_natoa(ip4(R)))]))
    send(I, R, v1(ci, cr, X_QUICK, qm, [
        (V1_HASH, prand("A QM3 HASH3", 32))]))

    # Informational (RFC 2409 5.7: HDR, HASH(1), N/D): DPD (RFC 3706 5:
    # SPI = the cookies, data = a 32-bit sequence number) and a Delete of
    # two ESP SAs (the initiator's inbound SPIs of Quick Modes 1 and 2).
    send(I, R, v1(ci, cr, X_INFO, 0x5e000001, [
        (V1_HASH, prand("A DPD HASH", 32)),
        (V1_N, v1_n(PROTO_ISAKMP, 36136, ci + cr, be32(0x1f2e3d4c)))]),
        dt=10.0)
    send(R, I, v1(ci, cr, X_INFO, 0x5e000002, [
        (V1_HASH, prand("A DPD ACK HASH", 32)),
        (V1_N, v1_n(PROTO_ISAKMP, 36137, ci + cr, be32(0x1f2e3d4c)))]))
    send(I, R, v1(ci, cr, X_INFO, 0x5e000003, [
        (V1_HASH, prand("A D HASH", 32)),
        (V1_D, v1_d(PROTO_ESP, [spi_i1, spi_i2]))]), dt=5.0)

    # -------------------------------------------------------------------
    # SA B: a Cisco-style remote-access client: Aggressive Mode with
    # pre-shared key and XAUTH, the first message in two Cisco FRAG
    # payloads, then XAUTH and Mode-Config Transaction exchanges.
    # 192.0.2.20 (initiator) <-> 198.51.100.20.
    I, R = "192.0.2.20", "198.51.100.20"
    ci, cr = bytes.fromhex("a1a1a1a1a1a1a102"), bytes.fromhex("b2b2b2b2b2b2b202")
    t = 30.0
    h = hashlib.sha1
    xf = v1_transform(1, 1, [
        tv(A_ENCR, 7), tv(A_KEYLEN, 256), tv(A_HASH, 2),
        tv(A_AUTH, 65001), tv(A_GROUP, 2), tv(A_LIFE_TYPE, 1),
        tlv(A_LIFE_DUR, be32(86400))], last=True)
    sa_b = v1_sa([v1_proposal(1, PROTO_ISAKMP, b"", [xf], last=True)])
    # AM1 (RFC 2409 5.4): HDR, SA, KE, Ni, IDii [, VID...]
    am1 = v1(ci, zero, X_AGGR, 0, [
        (V1_SA, sa_b),
        (V1_KE, modp_value("B KEi", 128)),
        (V1_NONCE, prand("B Ni", 20)),
        (V1_ID, v1_id(11, b"vpngroup", 17, 500)),    # ID_KEY_ID
        (V1_VID, VID_XAUTH),
        (V1_VID, VID_UNITY),
        (V1_VID, VID_FRAG),
        (V1_VID, VID_DPD),
        (V1_VID, VID_RFC3947)])
    # Cisco fragmentation: HDR (next payload 132), FRAG {ID, number,
    # flags (1 = last)}; the fragments' data, in number order, is the
    # whole original message, header included.
    half = len(am1) // 2
    for num, part, flags in ((1, am1[:half], 0), (2, am1[half:], 1)):
        send(I, R, v1(ci, zero, X_AGGR, 0, [
            (V1_FRAG, struct.pack("!HBB", 0x0101, num, flags) + part)]),
            dt=0.0 if num == 1 else 0.001)
    # AM2: HDR, SA, KE, Nr, IDir, HASH_R, VID..., NAT-D, NAT-D
    send(R, I, v1(ci, cr, X_AGGR, 0, [
        (V1_SA, sa_b),
        (V1_KE, modp_value("B KEr", 128)),
        (V1_NONCE, prand("B Nr", 20)),
        (V1_ID, v1_id(1, ip4(R), 17, 500)),          # ID_IPV4_ADDR
        (V1_HASH, prand("B HASH_R", 20)),
        (V1_VID, VID_UNITY),
        (V1_VID, VID_XAUTH),
        (V1_VID, VID_DPD),
        (V1_VID, VID_RFC3947),
        (V1_NATD, natd_v1(h, ci, cr, I, 500)),
        (V1_NATD, natd_v1(h, ci, cr, R, 500))]))
    # AM3: HDR, HASH_I, NAT-D, NAT-D, N(INITIAL-CONTACT)
    send(I, R, v1(ci, cr, X_AGGR, 0, [
        (V1_HASH, prand("B HASH_I", 20)),
        (V1_NATD, natd_v1(h, ci, cr, R, 500)),
        (V1_NATD, natd_v1(h, ci, cr, I, 500)),
        (V1_N, v1_n(PROTO_ISAKMP, 24578, ci + cr))]))
    # XAUTH (draft-beaulieu-ike-xauth-02 4): the edge device asks
    # (REQUEST with empty attributes), the client answers (REPLY), then
    # SET / ACK of XAUTH-STATUS.  Every Transaction message starts with
    # HASH (draft-dukes-ike-mode-cfg-02 3.1).
    xm, ident = 0x7a000001, 0x1234
    send(R, I, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B XAUTH HASH1", 20)),
        (V1_ATTR, v1_attr(CFG_REQUEST, ident, [
            tv(C_XAUTH_TYPE, 0), tlv(C_XAUTH_USER, b""),
            tlv(C_XAUTH_PASS, b"")]))]), dt=0.020)
    send(I, R, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B XAUTH HASH2", 20)),
        (V1_ATTR, v1_attr(CFG_REPLY, ident, [
            tv(C_XAUTH_TYPE, 0), tlv(C_XAUTH_USER, b"alice"),
            tlv(C_XAUTH_PASS, b"correct horse")]))]), dt=2.5)
    xm, ident = 0x7a000002, 0x1235
    send(R, I, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B XAUTH HASH3", 20)),
        (V1_ATTR, v1_attr(CFG_SET, ident, [tv(C_XAUTH_STATUS, 1)]))]))
    send(I, R, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B XAUTH HASH4", 20)),
        (V1_ATTR, v1_attr(CFG_ACK, ident, [tv(C_XAUTH_STATUS, 1)]))]))
    # Mode-Config pull (draft-dukes-ike-mode-cfg-02 3.3): REQUEST with
    # empty attributes, REPLY with the values.
    xm, ident = 0x7a000003, 0x0042
    send(I, R, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B CFG HASH1", 20)),
        (V1_ATTR, v1_attr(CFG_REQUEST, ident, [
            tlv(C_IP4_ADDR, b""), tlv(C_IP4_MASK, b""), tlv(C_IP4_DNS, b""),
            tlv(C_UNITY_BANNER, b""),
            tlv(C_APP_VERSION, b"ikescope synthetic client 1.0")]))]))
    send(R, I, v1(ci, cr, X_TRANS, xm, [
        (V1_HASH, prand("B CFG HASH2", 20)),
        (V1_ATTR, v1_attr(CFG_REPLY, ident, [
            tlv(C_IP4_ADDR, ip4("10.8.0.5")),
            tlv(C_IP4_MASK, ip4("255.255.255.0")),
            tlv(C_IP4_DNS, ip4("10.8.0.1")),
            tlv(C_UNITY_BANNER, b"Authorized use only.")]))]))

    # -------------------------------------------------------------------
    # SA C: Aggressive Mode refused: the responder answers with an
    # unprotected Informational N(NO-PROPOSAL-CHOSEN) (RFC 2408 3.14.1,
    # 5.3).  It keeps no state, so the header carries the initiator's
    # cookie and a zero responder cookie, as the message it refuses did.
    # 192.0.2.30 (initiator) <-> 198.51.100.20.
    I, R = "192.0.2.30", "198.51.100.20"
    ci = bytes.fromhex("a1a1a1a1a1a1a103")
    t = 60.0
    xf = v1_transform(1, 1, [
        tv(A_ENCR, 5), tv(A_HASH, 1), tv(A_AUTH, 1), tv(A_GROUP, 1),
        tv(A_LIFE_TYPE, 1), tv(A_LIFE_DUR, 28800)], last=True)
    send(I, R, v1(ci, zero, X_AGGR, 0, [
        (V1_SA, v1_sa([v1_proposal(1, PROTO_ISAKMP, b"", [xf], last=True)])),
        (V1_KE, modp_value("C KEi", 96)),
        (V1_NONCE, prand("C Ni", 16)),
        (V1_ID, v1_id(3, b"bob@example.com", 17, 500)),  # ID_USER_FQDN
        (V1_VID, prand("ikev1 unknown vendor id 2", 20))]), dt=0.0)
    send(R, I, v1(ci, zero, X_INFO, 0x00c0ffee, [
        (V1_N, v1_n(PROTO_ISAKMP, 14))]))

    cap.write(path)


# ===========================================================================
# IKEv2
# ===========================================================================

P_SA, P_KE, P_IDI, P_IDR, P_CERT, P_CERTREQ, P_AUTH, P_NONCE = \
    33, 34, 35, 36, 37, 38, 39, 40
P_N, P_D, P_V, P_TSI, P_TSR, P_SK, P_CP, P_EAP, P_SKF = \
    41, 42, 43, 44, 45, 46, 47, 48, 53
IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL = 34, 35, 36, 37
F_I, F_R = 0x08, 0x20
T_ENCR, T_PRF, T_INTEG, T_KE, T_ESN = 1, 2, 3, 4, 5
PROTO_IKE, PROTO_ESP = 1, 3

N_INVALID_KE_PAYLOAD = 17
N_INITIAL_CONTACT = 16384
N_NAT_SRC, N_NAT_DST, N_COOKIE = 16388, 16389, 16390
N_REKEY_SA = 16393
N_REDIRECT_SUPPORTED, N_REDIRECT = 16406, 16407
N_FRAG_SUPPORTED, N_SIG_HASH_ALGS = 16430, 16431

VID_STRONGSWAN = bytes.fromhex("882fe56d6fd20dbc2251613b2ebe5beb")  # MD5("strongSwan")
VID_UNKNOWN_2 = prand("ikev2 unknown vendor id", 16)


def v2(spi_i, spi_r, exch, flags, msgid, payloads):
    return isakmp(spi_i, spi_r, 0x20, exch, flags, msgid, payloads)


def xf2(ttype, tid, keylen=None, last=False):
    attrs = struct.pack("!HH", 0x8000 | 14, keylen) if keylen else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs),
                       ttype, 0, tid) + attrs


def prop2(num, proto, spi, xfs, last=True):
    xfs = list(xfs)
    # the last transform says 0
    xfs[-1] = b"\0" + xfs[-1][1:]
    body = (struct.pack("!BBBB", num, proto, len(spi), len(xfs)) + spi +
            b"".join(xfs))
    return struct.pack("!BBH", 0 if last else 2, 0, 4 + len(body)) + body


def ke2(group, data):
    return struct.pack("!HH", group, 0) + data


def id2(id_type, data):
    return struct.pack("!B3x", id_type) + data


def auth2(method, data):
    return struct.pack("!B3x", method) + data


def n2(ntype, data=b"", proto=0, spi=b""):
    return struct.pack("!BBH", proto, len(spi), ntype) + spi + data


def d2(proto, spis, spi_size=None):
    if spi_size is None:
        spi_size = len(spis[0]) if spis else 0
    return struct.pack("!BBH", proto, spi_size, len(spis)) + b"".join(spis)


def ts2(selectors):
    return struct.pack("!B3x", len(selectors)) + b"".join(selectors)


def sel4(start, end, proto=0, sport=0, eport=65535):
    return (struct.pack("!BBHHH", 7, proto, 16, sport, eport) +
            ip4(start) + ip4(end))


def sel6(start, end, proto=0, sport=0, eport=65535):
    return (struct.pack("!BBHHH", 8, proto, 40, sport, eport) +
            ip6(start) + ip6(end))


def cp2(cfg_type, attrs):
    return struct.pack("!B3x", cfg_type) + b"".join(
        struct.pack("!HH", a, len(v)) + v for a, v in attrs)


def eap2(code, ident, eap_type=None, data=b""):
    body = (bytes([eap_type]) if eap_type is not None else b"") + data
    return struct.pack("!BBH", code, ident, 4 + len(body)) + body


def natd_v2(spi_i, spi_r, ip, port):
    """RFC 7296 2.23: SHA-1(SPIi | SPIr | IP | Port)."""
    return hashlib.sha1(spi_i + spi_r + ip4(ip) + be16(port)).digest()


def build_ikev2(path):
    cap = Pcap(1704153600)      # 2024-01-02T00:00:00Z
    zero = bytes(8)
    t = 0.0

    def send(src, dst, msg, dt=0.010):
        nonlocal t
        t += dt
        cap.udp(t, src, dst, msg)

    def init_pair(I, R, si, sr, sa_i, sa_r, group, ke_len, label,
                  extra_i=(), extra_r=()):
        """A plain IKE_SA_INIT request and response."""
        send(I, R, v2(si, zero, IKE_SA_INIT, F_I, 0, [
            (P_SA, sa_i),
            (P_KE, ke2(group, prand(label + " KEi", ke_len))),
            (P_NONCE, prand(label + " Ni", 32)),
            (P_N, n2(N_NAT_SRC, natd_v2(si, zero, I, 500))),
            (P_N, n2(N_NAT_DST, natd_v2(si, zero, R, 500)))] +
            list(extra_i)), dt=0.0)
        send(R, I, v2(si, sr, IKE_SA_INIT, F_R, 0, [
            (P_SA, sa_r),
            (P_KE, ke2(group, prand(label + " KEr", ke_len))),
            (P_NONCE, prand(label + " Nr", 32)),
            (P_N, n2(N_NAT_SRC, natd_v2(si, sr, R, 500))),
            (P_N, n2(N_NAT_DST, natd_v2(si, sr, I, 500)))] +
            list(extra_r)))

    # -------------------------------------------------------------------
    # SA X: IKE_SA_INIT with INVALID_KE_PAYLOAD, then COOKIE, then the
    # exchange completes with AES-CBC-128 / HMAC-SHA2-256-128; IKE_AUTH
    # encrypted: the request in one SK payload, the response in two SKF
    # fragments.  192.0.2.100 (initiator) <-> 203.0.113.5.
    I, R = "192.0.2.100", "203.0.113.5"
    si, sr = bytes.fromhex("1111111111110001"), bytes.fromhex("2222222222220001")
    sa_offer = prop2(1, PROTO_IKE, b"", [
        xf2(T_ENCR, 12, 128), xf2(T_ENCR, 12, 256),
        xf2(T_PRF, 5), xf2(T_PRF, 6),
        xf2(T_INTEG, 12), xf2(T_INTEG, 13),
        xf2(T_KE, 19), xf2(T_KE, 14)])
    sa_chosen = prop2(1, PROTO_IKE, b"", [
        xf2(T_ENCR, 12, 128), xf2(T_PRF, 5), xf2(T_INTEG, 12),
        xf2(T_KE, 14)])
    ni = prand("X Ni", 32)
    cookie = prand("X cookie", 32)
    sig_hashes = be16(2) + be16(3) + be16(4)

    def init_req(group, ke_len, cookie_n=None):
        pl = []
        if cookie_n is not None:
            pl.append((P_N, n2(N_COOKIE, cookie_n)))  # RFC 7296 2.6: first
        pl += [
            (P_SA, sa_offer),
            (P_KE, ke2(group, modp_value("X KEi %d" % group, ke_len))),
            (P_NONCE, ni),
            (P_N, n2(N_NAT_SRC, natd_v2(si, zero, I, 500))),
            (P_N, n2(N_NAT_DST, natd_v2(si, zero, R, 500))),
            (P_N, n2(N_FRAG_SUPPORTED)),
            (P_N, n2(N_SIG_HASH_ALGS, sig_hashes)),
            (P_N, n2(N_REDIRECT_SUPPORTED)),
            (P_V, VID_STRONGSWAN),
            (P_V, VID_UNKNOWN_2)]
        return v2(si, zero, IKE_SA_INIT, F_I, 0, pl)

    send(I, R, init_req(19, 64), dt=0.0)
    # RFC 7296 1.2, 3.10.1: the group the responder wants, in 2 bytes
    send(R, I, v2(si, zero, IKE_SA_INIT, F_R, 0, [
        (P_N, n2(N_INVALID_KE_PAYLOAD, be16(14)))]))
    send(I, R, init_req(14, 256))
    send(R, I, v2(si, zero, IKE_SA_INIT, F_R, 0, [
        (P_N, n2(N_COOKIE, cookie))]))
    send(I, R, init_req(14, 256, cookie))
    # CERTREQ (RFC 7296 3.7): SHA-1 hashes of trusted CAs' public keys
    # (SubjectPublicKeyInfo): the synthetic certificate's, and one more.
    send(R, I, v2(si, sr, IKE_SA_INIT, F_R, 0, [
        (P_SA, sa_chosen),
        (P_KE, ke2(14, modp_value("X KEr", 256))),
        (P_NONCE, prand("X Nr", 32)),
        (P_N, n2(N_NAT_SRC, natd_v2(si, sr, R, 500))),
        (P_N, n2(N_NAT_DST, natd_v2(si, sr, I, 500))),
        (P_N, n2(N_FRAG_SUPPORTED)),
        (P_N, n2(N_SIG_HASH_ALGS, sig_hashes)),
        (P_CERTREQ, bytes([4]) + hashlib.sha1(CERT_SPKI).digest() +
         hashlib.sha1(b"another trusted CA public key").digest()),
        (P_V, VID_STRONGSWAN)]))
    # IKE_AUTH request: SK (RFC 7296 3.14): IV (16, AES-CBC), the
    # encrypted payloads with padding (a multiple of 16 bytes), ICV (16,
    # HMAC-SHA2-256-128).  Next Payload names the first inner payload.
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 1, [
        (P_SK, prand("X SK iv", 16) + prand("X SK ct", 464) +
         prand("X SK icv", 16), P_IDI)]))
    # IKE_AUTH response in two SKF fragments (RFC 7383 2.5): Fragment
    # Number, Total Fragments, then IV, data, ICV; only the first names
    # the first inner payload.
    for num in (1, 2):
        send(R, I, v2(si, sr, IKE_AUTH, F_R, 1, [
            (P_SKF, be16(num) + be16(2) + prand("X SKF%d iv" % num, 16) +
             prand("X SKF%d ct" % num, 256 if num == 1 else 112) +
             prand("X SKF%d icv" % num, 16), P_IDR if num == 1 else 0)]),
            dt=0.010 if num == 1 else 0.001)

    # -------------------------------------------------------------------
    # SA R: REDIRECT (RFC 5685 4.2): the responder answers IKE_SA_INIT
    # with N(REDIRECT): gateway type FQDN, its length, the name, then the
    # initiator's nonce.  192.0.2.101 <-> 203.0.113.5.
    I, R = "192.0.2.101", "203.0.113.5"
    si = bytes.fromhex("1111111111110002")
    t = 20.0
    ni = prand("R Ni", 32)
    gw = b"gw2.example.net"
    send(I, R, v2(si, zero, IKE_SA_INIT, F_I, 0, [
        (P_SA, prop2(1, PROTO_IKE, b"", [
            xf2(T_ENCR, 20, 256), xf2(T_PRF, 5), xf2(T_KE, 19)])),
        (P_KE, ke2(19, prand("R KEi", 64))),
        (P_NONCE, ni),
        (P_N, n2(N_REDIRECT_SUPPORTED))]), dt=0.0)
    send(R, I, v2(si, zero, IKE_SA_INIT, F_R, 0, [
        (P_N, n2(N_REDIRECT, bytes([3, len(gw)]) + gw + ni))]))

    # -------------------------------------------------------------------
    # SA Y: IKE_AUTH with EAP and configuration, all in clear on purpose:
    # the request IDi (RFC822), IDr (FQDN), CP(CFG_REQUEST), SA (ESP),
    # TSi, TSr; the response IDr, CERT (Hash and URL), AUTH (RFC 7427
    # Digital Signature, sha256WithRSAEncryption), EAP Request/Identity;
    # EAP Response/Identity, EAP Success; AUTH (MSK) both ways with
    # CP(CFG_REPLY), SA, TSi, TSr.  192.0.2.102 <-> 203.0.113.5.
    I, R = "192.0.2.102", "203.0.113.5"
    si, sr = bytes.fromhex("1111111111110003"), bytes.fromhex("2222222222220003")
    t = 40.0
    sa_y = prop2(1, PROTO_IKE, b"", [
        xf2(T_ENCR, 20, 256), xf2(T_PRF, 5), xf2(T_KE, 19)])
    init_pair(I, R, si, sr, sa_y, sa_y, 19, 64, "Y")
    esp_i = bytes.fromhex("c1000003")
    esp_r = bytes.fromhex("d1000003")
    sa_esp_offer = prop2(1, PROTO_ESP, esp_i, [
        xf2(T_ENCR, 12, 128), xf2(T_INTEG, 12), xf2(T_ESN, 0),
        xf2(T_ESN, 1)])
    tsi_any = ts2([sel4("0.0.0.0", "255.255.255.255"),
                   sel6("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")])
    tsr_net = ts2([sel4("10.0.0.0", "10.255.255.255"),
                   sel6("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")])
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 1, [
        (P_IDI, id2(3, b"alice@example.com")),       # ID_RFC822_ADDR
        (P_N, n2(N_INITIAL_CONTACT)),
        (P_IDR, id2(2, b"vpn.example.net")),         # ID_FQDN
        (P_CP, cp2(1, [(1, b""), (3, b""), (8, b""), (10, b""),
                       (7, b"ikescope synthetic 1.0")])),
        (P_SA, sa_esp_offer),
        (P_TSI, tsi_any),
        (P_TSR, tsr_net)]))
    # RFC 7296 3.6: Hash and URL = SHA-1 of the certificate, then its URL
    # (the certificate itself is not in this capture).
    url = b"http://certs.example.net/vpn.example.net.der"
    send(R, I, v2(si, sr, IKE_AUTH, F_R, 1, [
        (P_IDR, id2(2, b"vpn.example.net")),
        (P_CERT, bytes([12]) + hashlib.sha1(b"vpn.example.net RSA "
                                            b"certificate").digest() + url),
        # RFC 7427 3: ASN.1 length, AlgorithmIdentifier, signature
        (P_AUTH, auth2(14, bytes([len(ALGID_SHA256_RSA)]) +
                       ALGID_SHA256_RSA + prand("Y RSA signature", 256))),
        (P_EAP, eap2(1, 1, 1))]))                    # Request/Identity
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 2, [
        (P_EAP, eap2(2, 1, 1, b"alice"))]))          # Response/Identity
    send(R, I, v2(si, sr, IKE_AUTH, F_R, 2, [
        (P_EAP, eap2(3, 1))]))                       # Success
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 3, [
        (P_AUTH, auth2(2, prand("Y AUTH i", 32)))]))
    send(R, I, v2(si, sr, IKE_AUTH, F_R, 3, [
        (P_AUTH, auth2(2, prand("Y AUTH r", 32))),
        (P_CP, cp2(2, [(1, ip4("10.9.0.7")), (3, ip4("10.9.0.1")),
                       (8, ip6("2001:db8:9::7") + bytes([64])),
                       (10, ip6("2001:db8:9::1"))])),
        (P_SA, prop2(1, PROTO_ESP, esp_r, [
            xf2(T_ENCR, 12, 128), xf2(T_INTEG, 12), xf2(T_ESN, 0)])),
        (P_TSI, ts2([sel4("10.9.0.7", "10.9.0.7"),
                     sel6("2001:db8:9::7", "2001:db8:9::7")])),
        (P_TSR, tsr_net)]))

    # -------------------------------------------------------------------
    # SA Z: certificate-authenticated initiator (IDi DN, CERT X.509,
    # CERTREQ, AUTH Digital Signature ecdsa-with-SHA256), PSK responder
    # (IDr IPv4); CREATE_CHILD_SA rekeying a Child SA (N(REKEY_SA), PFS);
    # INFORMATIONAL with Deletes of ESP SAs and of the IKE SA.  All in
    # clear on purpose.  192.0.2.103 <-> 203.0.113.5.
    I, R = "192.0.2.103", "203.0.113.5"
    si, sr = bytes.fromhex("1111111111110004"), bytes.fromhex("2222222222220004")
    t = 60.0
    sa_z = prop2(1, PROTO_IKE, b"", [
        xf2(T_ENCR, 12, 256), xf2(T_PRF, 7), xf2(T_INTEG, 14),
        xf2(T_KE, 31)])
    init_pair(I, R, si, sr, sa_z, sa_z, 31, 32, "Z")
    esp_i, esp_r = bytes.fromhex("c1000004"), bytes.fromhex("d1000004")
    sa_gcm = [xf2(T_ENCR, 20, 256), xf2(T_ESN, 1)]
    tsi = ts2([sel4("192.0.2.103", "192.0.2.103", 6, 1024, 65535)])
    tsr = ts2([sel4("203.0.113.0", "203.0.113.255", 17, 53, 53),
               sel6("2001:db8:5::", "2001:db8:5::ffff")])
    sig = ecdsa_der_sig("Z ECDSA")
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 1, [
        (P_IDI, id2(9, DN_SYNTHETIC)),               # ID_DER_ASN1_DN
        (P_CERT, bytes([4]) + CERT_DER),             # X.509 Signature
        (P_CERTREQ, bytes([4]) + hashlib.sha1(CERT_SPKI).digest()),
        (P_IDR, id2(11, b"\x01\x02\x03\x04gateway-key")),  # ID_KEY_ID
        (P_AUTH, auth2(14, bytes([len(ALGID_ECDSA_SHA256)]) +
                       ALGID_ECDSA_SHA256 + sig)),
        (P_SA, prop2(1, PROTO_ESP, esp_i, sa_gcm)),
        (P_TSI, tsi),
        (P_TSR, tsr)]))
    send(R, I, v2(si, sr, IKE_AUTH, F_R, 1, [
        (P_IDR, id2(1, ip4(R))),                     # ID_IPV4_ADDR
        (P_AUTH, auth2(2, prand("Z AUTH r", 64))),   # PSK, PRF SHA2-512
        (P_SA, prop2(1, PROTO_ESP, esp_r, sa_gcm)),
        (P_TSI, tsi),
        (P_TSR, tsr)]))
    # CREATE_CHILD_SA (RFC 7296 1.3.3): N(REKEY_SA) with the old SA's
    # SPI, SA, Ni, KEi, TSi, TSr; response SA, Nr, KEr, TSi, TSr.
    esp_i2, esp_r2 = bytes.fromhex("c2000004"), bytes.fromhex("d2000004")
    send(I, R, v2(si, sr, CREATE_CHILD_SA, F_I, 2, [
        (P_N, n2(N_REKEY_SA, proto=PROTO_ESP, spi=esp_i)),
        (P_SA, prop2(1, PROTO_ESP, esp_i2, sa_gcm[:1] + [xf2(T_KE, 31)] +
                     sa_gcm[1:])),
        (P_NONCE, prand("Z CCS Ni", 32)),
        (P_KE, ke2(31, prand("Z CCS KEi", 32))),
        (P_TSI, tsi),
        (P_TSR, tsr)]), dt=3600.0)
    send(R, I, v2(si, sr, CREATE_CHILD_SA, F_R, 2, [
        (P_SA, prop2(1, PROTO_ESP, esp_r2, sa_gcm[:1] + [xf2(T_KE, 31)] +
                     sa_gcm[1:])),
        (P_NONCE, prand("Z CCS Nr", 32)),
        (P_KE, ke2(31, prand("Z CCS KEr", 32))),
        (P_TSI, tsi),
        (P_TSR, tsr)]))
    # INFORMATIONAL (RFC 7296 1.4.1): Delete of ESP SAs (each side names
    # its inbound SPIs), then Delete of the IKE SA (SPI size 0, no SPIs)
    # answered by an empty INFORMATIONAL.
    send(I, R, v2(si, sr, INFORMATIONAL, F_I, 3, [
        (P_D, d2(PROTO_ESP, [esp_i, esp_i2]))]), dt=1.0)
    send(R, I, v2(si, sr, INFORMATIONAL, F_R, 3, [
        (P_D, d2(PROTO_ESP, [esp_r, esp_r2]))]))
    send(I, R, v2(si, sr, INFORMATIONAL, F_I, 4, [
        (P_D, d2(PROTO_IKE, [], spi_size=0))]), dt=1.0)
    send(R, I, v2(si, sr, INFORMATIONAL, F_R, 4, []))

    # -------------------------------------------------------------------
    # SA W: NULL authentication (RFC 7619): IDi ID_NULL, IDr
    # ID_DER_ASN1_GN (dNSName) in the request, ID_IPV6_ADDR in the
    # response, AUTH method 13.  In clear on purpose.
    # 192.0.2.104 <-> 203.0.113.5.
    I, R = "192.0.2.104", "203.0.113.5"
    si, sr = bytes.fromhex("1111111111110005"), bytes.fromhex("2222222222220005")
    t = 3800.0
    sa_w = prop2(1, PROTO_IKE, b"", [
        xf2(T_ENCR, 28), xf2(T_PRF, 5), xf2(T_KE, 31)])
    init_pair(I, R, si, sr, sa_w, sa_w, 31, 32, "W")
    esp_i, esp_r = bytes.fromhex("c1000005"), bytes.fromhex("d1000005")
    tsw = ts2([sel6("2001:db8:4::", "2001:db8:4::ffff", 58, 0, 65535)])
    send(I, R, v2(si, sr, IKE_AUTH, F_I, 1, [
        (P_IDI, id2(13, b"")),                       # ID_NULL
        (P_IDR, id2(10, der(0x82, b"gw.example.net"))),  # GN dNSName
        (P_AUTH, auth2(13, prand("W AUTH i", 32))),
        (P_SA, prop2(1, PROTO_ESP, esp_i, [xf2(T_ENCR, 28), xf2(T_ESN, 0)])),
        (P_TSI, tsw),
        (P_TSR, tsw)]))
    send(R, I, v2(si, sr, IKE_AUTH, F_R, 1, [
        (P_IDR, id2(5, ip6("2001:db8::5"))),         # ID_IPV6_ADDR
        (P_AUTH, auth2(13, prand("W AUTH r", 32))),
        (P_SA, prop2(1, PROTO_ESP, esp_r, [xf2(T_ENCR, 28), xf2(T_ESN, 0)])),
        (P_TSI, tsw),
        (P_TSR, tsw)]))

    cap.write(path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(here, "data", "synthetic")
    os.makedirs(out, exist_ok=True)
    build_ikev1(os.path.join(out, "ikev1-every-payload.pcap"))
    build_ikev2(os.path.join(out, "ikev2-every-payload.pcap"))


if __name__ == "__main__":
    main()
