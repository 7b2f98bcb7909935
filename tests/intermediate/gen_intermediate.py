#!/usr/bin/env python3
"""gen_intermediate.py - IKEv2 captures with IKE_INTERMEDIATE exchanges
(RFC 9242) that carry additional key exchanges (RFC 9370), PSK
authentication, written from the RFCs alone with the `cryptography`
package.

    gen_intermediate.py OUTDIR

writes, for each variant, OUTDIR/NAME.pcap (Ethernet, IPv4, UDP 500), the
key file OUTDIR/NAME.keys (the PSK and the DH inputs, as `psk` / `dh`
lines) and OUTDIR/NAME.secrets (every derived value, for people and
tests).  The output is deterministic: every "random" value comes from
SHA-256 over a fixed seed, so a second run writes the same bytes.

Variants:
  ikev2-intermediate-cbc  AES-CBC-128, HMAC-SHA2-256-128, PRF-HMAC-SHA2-256,
                          KE 19 (ECP-256), ADDKE1 31 (Curve25519): one
                          IKE_INTERMEDIATE exchange.  Key file: the
                          initiator's ECP-256 private value and the
                          responder's Curve25519 private value.
  ikev2-intermediate-gcm  AES-GCM-16-256, PRF-HMAC-SHA2-256, KE 19,
                          ADDKE1 31, ADDKE2 14 (MODP-2048): two
                          IKE_INTERMEDIATE exchanges.  Key file: private
                          values for KE and ADDKE1, the shared secret for
                          ADDKE2.
  ikev2-intermediate-mlkem-shared
                          AES-CBC-256, HMAC-SHA2-256-128, PRF-HMAC-SHA2-256,
                          KE 19, ADDKE1 36 (ML-KEM-768) whose KE data are
                          PLACEHOLDERS of ML-KEM-768's sizes (1184-byte
                          encapsulation key, 1088-byte ciphertext) and
                          whose shared secret is a fixed 32-byte value: the
                          message formats and key schedule are the RFCs',
                          but no ML-KEM is computed (a reader of captures
                          is given the shared secret, never computes it).
                          Key file: the KE private value and the ADDKE1
                          shared secret.

Exit status 77 (automake's "skip") when `cryptography` is missing.
"""
import hashlib
import hmac
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import synth  # noqa: E402  (tests/synth.py)

try:
    from cryptography.hazmat.primitives.asymmetric import ec, x25519
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.ciphers import (Cipher, algorithms,
                                                        modes)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    sys.stderr.write("gen_intermediate.py: python3 `cryptography` missing\n")
    sys.exit(77)


# IANA "IKEv2 Parameters" numbers used here.
EXCH_IKE_SA_INIT, EXCH_IKE_AUTH, EXCH_IKE_INTERMEDIATE = 34, 35, 43
PT_SA, PT_KE, PT_IDI, PT_IDR, PT_AUTH, PT_NONCE, PT_N = 33, 34, 35, 36, 39, 40, 41
PT_TSI, PT_TSR, PT_SK = 44, 45, 46
TT_ENCR, TT_PRF, TT_INTEG, TT_KE, TT_ESN = 1, 2, 3, 4, 5
TT_ADDKE1 = 6
ENCR_AES_CBC, ENCR_AES_GCM_16 = 12, 20
PRF_HMAC_SHA2_256 = 5
AUTH_HMAC_SHA2_256_128 = 12
N_INTERMEDIATE_EXCHANGE_SUPPORTED = 16438
FLAG_I, FLAG_R = 0x08, 0x20
PSK = b"intermediate exchange test key"

VARIANTS = {
    "ikev2-intermediate-cbc": dict(encr=ENCR_AES_CBC, keybits=128,
                                   integ=AUTH_HMAC_SHA2_256_128,
                                   addke=[31]),
    "ikev2-intermediate-gcm": dict(encr=ENCR_AES_GCM_16, keybits=256,
                                   integ=None, addke=[31, 14]),
    "ikev2-intermediate-mlkem-shared": dict(encr=ENCR_AES_CBC, keybits=256,
                                            integ=AUTH_HMAC_SHA2_256_128,
                                            addke=[36]),
}


class Rand:
    """Deterministic bytes: SHA-256(seed | label | counter)."""

    def __init__(self, seed):
        self.seed = seed.encode()

    def get(self, label, n):
        out, i = b"", 0
        while len(out) < n:
            out += hashlib.sha256(self.seed + b"|" + label.encode() + b"|" +
                                  struct.pack(">I", i)).digest()
            i += 1
        return out[:n]


def prf(key, data):
    """PRF_HMAC_SHA2_256 (RFC 4868)."""
    return hmac.new(key, data, hashlib.sha256).digest()


def prf_plus(key, seed, n):
    """RFC 7296 2.13: T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)."""
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = prf(key, t + seed + bytes([i]))
        out += t
        i += 1
    return out[:n]


# ---- key exchange methods -------------------------------------------------

class KE:
    """One side's key exchange value for a method (group)."""

    def __init__(self, group, rnd, label):
        self.group = group
        if group == 19:
            n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
            x = int.from_bytes(rnd.get(label, 32), "big") % (n - 1) + 1
            self.priv = x.to_bytes(32, "big")
            self.key = ec.derive_private_key(x, ec.SECP256R1())
            pn = self.key.public_key().public_numbers()
            # RFC 5903 7: x | y, each 32 octets
            self.pub = pn.x.to_bytes(32, "big") + pn.y.to_bytes(32, "big")
        elif group == 31:
            self.priv = rnd.get(label, 32)
            self.key = x25519.X25519PrivateKey.from_private_bytes(self.priv)
            # RFC 8031 2: the 32-octet u-coordinate
            self.pub = self.key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        elif group == 36:
            # ML-KEM-768 placeholder: sizes of an encapsulation key
            # (initiator) and a ciphertext (responder), a fixed secret
            self.priv = None
            self.pub = rnd.get(label, 1184 if label.endswith(" i") else 1088)
            self.secret = rnd.get("ml-kem-768 shared secret", 32)
        elif group == 14:
            x = int.from_bytes(rnd.get(label, 32), "big") | (1 << 255)
            self.priv = x.to_bytes(32, "big")
            self.x = x
            # RFC 7296 3.4: g^x mod p, as many octets as the prime
            self.pub = pow(2, x, synth.MODP2048_P).to_bytes(256, "big")
        else:
            raise ValueError(group)

    def shared(self, peer_pub):
        if self.group == 36:
            return self.secret
        if self.group == 19:
            peer = ec.EllipticCurvePublicNumbers(
                int.from_bytes(peer_pub[:32], "big"),
                int.from_bytes(peer_pub[32:], "big"),
                ec.SECP256R1()).public_key()
            # RFC 5903 7: the x-coordinate of the shared point
            return self.key.exchange(ec.ECDH(), peer)
        if self.group == 31:
            return self.key.exchange(
                x25519.X25519PublicKey.from_public_bytes(peer_pub))
        return pow(int.from_bytes(peer_pub, "big"), self.x,
                   synth.MODP2048_P).to_bytes(256, "big")


# ---- encoding (RFC 7296 3) ------------------------------------------------

def transform(last, ttype, tid, keybits=None):
    attrs = b""
    if keybits:
        attrs = struct.pack(">HH", 0x8000 | 14, keybits)  # Key Length (TV)
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype,
                       0, tid) + attrs


def proposal(num, proto, spi, trans):
    t = b""
    for i, (tt, tid, kb) in enumerate(trans):
        t += transform(i == len(trans) - 1, tt, tid, kb)
    return struct.pack(">BBHBBBB", 0, 0, 8 + len(spi) + len(t), num, proto,
                       len(spi), len(trans)) + spi + t


def header(spi_i, spi_r, nxt, exch, flags, mid, length):
    return spi_i + spi_r + struct.pack(">BBBBII", nxt, 0x20, exch, flags, mid,
                                       length)


def ike_proposal(v):
    tr = [(TT_ENCR, v["encr"], v["keybits"]), (TT_PRF, PRF_HMAC_SHA2_256, None)]
    if v["integ"]:
        tr.append((TT_INTEG, v["integ"], None))
    tr.append((TT_KE, 19, None))
    for i, g in enumerate(v["addke"]):
        tr.append((TT_ADDKE1 + i, g, None))
    return proposal(1, 1, b"", tr)


def esp_proposal(spi):
    return proposal(1, 3, spi, [(TT_ENCR, ENCR_AES_CBC, 128),
                                (TT_INTEG, AUTH_HMAC_SHA2_256_128, None),
                                (TT_ESN, 0, None)])


def ts(a, b):
    """One TS_IPV4_ADDR_RANGE selector, any protocol and port."""
    sel = struct.pack(">BBHHH", 7, 0, 16, 0, 65535) + bytes(a) + bytes(b)
    return struct.pack(">BBH", 1, 0, 0) + sel


class Keys:
    """SK_* of one generation (RFC 7296 2.14)."""

    def __init__(self, skeyseed, ni, nr, spi_i, spi_r, ek, ak):
        self.skeyseed = skeyseed
        n = 32
        ks = prf_plus(skeyseed, ni + nr + spi_i + spi_r, 3 * n + 2 * ak + 2 * ek)
        o = 0
        self.sk_d = ks[o:o + n]; o += n
        self.sk_ai = ks[o:o + ak]; o += ak
        self.sk_ar = ks[o:o + ak]; o += ak
        self.sk_ei = ks[o:o + ek]; o += ek
        self.sk_er = ks[o:o + ek]; o += ek
        self.sk_pi = ks[o:o + n]; o += n
        self.sk_pr = ks[o:o + n]


def encrypt(v, k, from_i, spi_i, spi_r, exch, flags, mid, items, iv):
    """A message whose only payload is SK{items} (RFC 7296 3.14, RFC 5282).
    Returns the message and (IntAuth_A, IntAuth_P) of RFC 9242 3.3.2."""
    first, inner = synth.chain(items)
    ek = k.sk_ei if from_i else k.sk_er
    if v["encr"] == ENCR_AES_CBC:
        padlen = (-(len(inner) + 1)) % 16
        pt = inner + bytes(padlen) + bytes([padlen])
        enc = Cipher(algorithms.AES(ek), modes.CBC(iv)).encryptor()
        ct = enc.update(pt) + enc.finalize()
        icvlen = 16
        total = 28 + 4 + len(iv) + len(ct) + icvlen
        msg = (header(spi_i, spi_r, PT_SK, exch, flags, mid, total) +
               struct.pack(">BBH", first, 0, 4 + len(iv) + len(ct) + icvlen) +
               iv + ct)
        ak = k.sk_ai if from_i else k.sk_ar
        # the ICV covers the message from the IKE header to the ICV
        msg += hmac.new(ak, msg, hashlib.sha256).digest()[:icvlen]
    else:
        pt = inner + b"\x00"  # no padding, pad length 0
        total = 28 + 4 + len(iv) + len(pt) + 16
        aad = (header(spi_i, spi_r, PT_SK, exch, flags, mid, total) +
               struct.pack(">BBH", first, 0, 4 + len(iv) + len(pt) + 16))
        # RFC 5282: key | 4-octet salt; nonce = salt | IV; AAD = IKE
        # header through the SK payload header
        ctag = AESGCM(ek[:-4]).encrypt(ek[-4:] + iv, pt, aad)
        msg = aad + iv + ctag
    # RFC 9242 3.3.2: the header and SK header with their lengths as if
    # the SK payload held only the inner payloads in clear
    a = (header(spi_i, spi_r, PT_SK, exch, flags, mid, 28 + 4 + len(inner)) +
         struct.pack(">BBH", first, 0, 4 + len(inner)))
    return msg, a, inner


def generate(name, v):
    rnd = Rand("ikescope " + name)
    spi_i = rnd.get("spi_i", 8)
    spi_r = rnd.get("spi_r", 8)
    ni = rnd.get("ni", 32)
    nr = rnd.get("nr", 32)
    ivlen = 16 if v["encr"] == ENCR_AES_CBC else 8
    ek = v["keybits"] // 8 + (4 if v["encr"] == ENCR_AES_GCM_16 else 0)
    ak = 32 if v["integ"] else 0
    msgs = []  # (from_i, bytes)
    sec = []   # secrets file lines

    # IKE_SA_INIT (RFC 7296 1.2), both sides announcing RFC 9242 support
    kei = KE(19, rnd, "ke0 i")
    ker = KE(19, rnd, "ke0 r")
    nsup = struct.pack(">BBH", 0, 0, N_INTERMEDIATE_EXCHANGE_SUPPORTED)
    for from_i in (1, 0):
        ke = kei if from_i else ker
        first, body = synth.chain([(PT_SA, ike_proposal(v)),
                             (PT_KE, struct.pack(">HH", 19, 0) + ke.pub),
                             (PT_NONCE, ni if from_i else nr),
                             (PT_N, nsup)])
        m = header(spi_i, spi_r if not from_i else bytes(8), first,
                   EXCH_IKE_SA_INIT, FLAG_I if from_i else FLAG_R, 0,
                   28 + len(body)) + body
        msgs.append((from_i, m))
    real1, real2 = msgs[0][1], msgs[1][1]

    # SKEYSEED = prf(Ni | Nr, g^ir)
    gir = kei.shared(ker.pub)
    assert gir == ker.shared(kei.pub)
    k = Keys(prf(ni + nr, gir), ni, nr, spi_i, spi_r, ek, ak)
    sec += ["# generation 0 (IKE_SA_INIT, group 19)", "g^ir " + gir.hex()]
    sec += keylines(k)
    keyfile = ["dh %s private %s   # KE, group 19, initiator" %
               (spi_i.hex(), kei.priv.hex())]

    # IKE_INTERMEDIATE exchanges, message IDs 1, 2, ... (RFC 9242 3.1):
    # each carries the KE of the next additional key exchange (RFC 9370
    # 2.2.2) and is protected with the keys of the previous generation
    intauth = {1: b"", 0: b""}
    mid = 1
    for n, group in enumerate(v["addke"], 1):
        ki = KE(group, rnd, "addke%d i" % n)
        kr = KE(group, rnd, "addke%d r" % n)
        for from_i in (1, 0):
            kx = ki if from_i else kr
            m, a, p = encrypt(v, k, from_i, spi_i, spi_r,
                              EXCH_IKE_INTERMEDIATE,
                              FLAG_I if from_i else FLAG_R, mid,
                              [(PT_KE, struct.pack(">HH", group, 0) + kx.pub)],
                              rnd.get("iv %d %d" % (mid, from_i), ivlen))
            msgs.append((from_i, m))
            # IntAuth_x1 = prf(SK_px1, IntAuth_x1_A | IntAuth_x1_P),
            # IntAuth_xn = prf(SK_pxn, IntAuth_x(n-1) | IntAuth_xn_A |
            # IntAuth_xn_P), SK_p of the keys that protect the exchange
            skp = k.sk_pi if from_i else k.sk_pr
            intauth[from_i] = prf(skp, intauth[from_i] + a + p)
            sec.append("IntAuth_%s%d %s" % ("i" if from_i else "r", mid,
                                             intauth[from_i].hex()))
        sk = ki.shared(kr.pub)
        assert sk == kr.shared(ki.pub)
        # RFC 9370 2.2.2: SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr),
        # {SK_d(n) | SK_ai(n) | ...} = prf+(SKEYSEED(n), Ni | Nr | SPIi | SPIr)
        k = Keys(prf(k.sk_d, sk + ni + nr), ni, nr, spi_i, spi_r, ek, ak)
        sec += ["# generation %d (ADDKE%d, group %d)" % (n, n, group),
                "SK(%d) %s" % (n, sk.hex())]
        sec += keylines(k)
        if group == 36:
            keyfile.append("dh %s shared %s   # ADDKE%d, group %d "
                           "(placeholder secret)" % (spi_i.hex(), sk.hex(),
                                                     n, group))
        elif n == 1:
            if v["encr"] == ENCR_AES_CBC:
                keyfile.append("dh %s private %s   # ADDKE1, group %d, "
                               "responder" % (spi_i.hex(), kr.priv.hex(),
                                              group))
            else:
                keyfile.append("dh %s private %s   # ADDKE1, group %d, "
                               "initiator" % (spi_i.hex(), ki.priv.hex(),
                                              group))
        else:
            keyfile.append("dh %s shared %s   # ADDKE%d, group %d" %
                           (spi_i.hex(), sk.hex(), n, group))
        mid += 1

    # IKE_AUTH (RFC 7296 1.2, 2.15; RFC 9242 3.3.2)
    auth_mid = mid
    ia = intauth[1] + intauth[0] + struct.pack(">I", auth_mid)
    sec.append("IntAuth " + ia.hex())
    pad = prf(PSK, b"Key Pad for IKEv2")
    spi_ci, spi_cr = rnd.get("child i", 4), rnd.get("child r", 4)
    for from_i in (1, 0):
        idb = struct.pack(">BBH", 2, 0, 0) + (b"initiator.example" if from_i
                                              else b"responder.example")
        skp = k.sk_pi if from_i else k.sk_pr
        # <SignedOctets> = RealMessage | Nonce(peer) | prf(SK_p, ID') |
        # IntAuth; AUTH = prf(prf(PSK, "Key Pad for IKEv2"), SignedOctets)
        octets = ((real1 + nr) if from_i else (real2 + ni)) + prf(skp, idb) + ia
        auth = prf(pad, octets)
        sec.append("AUTH_%s %s" % ("i" if from_i else "r", auth.hex()))
        items = [(PT_IDI if from_i else PT_IDR, idb),
                 (PT_AUTH, struct.pack(">BBH", 2, 0, 0) + auth),
                 (PT_SA, esp_proposal(spi_ci if from_i else spi_cr)),
                 (PT_TSI, ts([10, 1, 0, 0], [10, 1, 0, 255])),
                 (PT_TSR, ts([10, 2, 0, 0], [10, 2, 0, 255]))]
        m, _, _ = encrypt(v, k, from_i, spi_i, spi_r, EXCH_IKE_AUTH,
                          FLAG_I if from_i else FLAG_R, auth_mid, items,
                          rnd.get("iv %d %d" % (auth_mid, from_i), ivlen))
        msgs.append((from_i, m))
    return msgs, sec, keyfile, spi_i


def keylines(k):
    out = []
    for f in ("skeyseed", "sk_d", "sk_ai", "sk_ar", "sk_ei", "sk_er", "sk_pi",
              "sk_pr"):
        val = getattr(k, f)
        if val:
            out.append("%s %s" % (f, val.hex()))
    return out


# ---- capture --------------------------------------------------------------

def write_pcap(path, msgs):
    """[(from initiator?, message)] -> the capture: 192.0.2.1 <-> .2."""
    i_ip, r_ip = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    i_mac, r_mac = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")
    recs = []
    for i, (from_i, m) in enumerate(msgs):
        f = synth.udp_frame(i_ip, r_ip, i_mac, r_mac, m, 0x100 + i) \
            if from_i else \
            synth.udp_frame(r_ip, i_ip, r_mac, i_mac, m, 0x100 + i)
        recs.append((1700000000 + i // 2, (i % 2) * 1000 + i * 10, f))
    synth.write_pcap(path, recs)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: gen_intermediate.py OUTDIR\n")
        return 2
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, v in VARIANTS.items():
        msgs, sec, keyfile, spi_i = generate(name, v)
        write_pcap(os.path.join(outdir, name + ".pcap"), msgs)
        with open(os.path.join(outdir, name + ".keys"), "w") as fh:
            fh.write("# %s.pcap: written by tests/intermediate/"
                     "gen_intermediate.py\n" % name)
            fh.write('psk "%s"\n' % PSK.decode())
            fh.write("\n".join(keyfile) + "\n")
        with open(os.path.join(outdir, name + ".secrets"), "w") as fh:
            fh.write("# %s.pcap: every value derived, SPI_I %s "
                     "(tests/intermediate/gen_intermediate.py)\n" %
                     (name, spi_i.hex()))
            fh.write("\n".join(sec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
