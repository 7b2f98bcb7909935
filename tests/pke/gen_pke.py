#!/usr/bin/env python3
"""gen_pke.py - synthetic IKEv1 exchanges authenticated with public key
encryption (RFC 2409 5.2, method 4) and revised public key encryption
(RFC 2409 5.3, method 5), for testing ikescope.

No implementation available to the project speaks these methods, so this
script plays both peers, from the RFC text: RSA-2048 keys, a MODP-2048
Diffie-Hellman exchange, SKEYID for public key encryption, HASH_I/HASH_R,
Phase 1 and Quick Mode encryption (RFC 2409 appendix B), and Quick Mode
HASH(1..3).  Everything is deterministic (fixed seeds, nonces, cookies,
times), so running it again gives the same bytes.

    gen_pke.py OUTDIR

writes into OUTDIR:
    initiator.key   the initiator's RSA private key (PKCS#1 PEM)
    responder.key   the responder's RSA private key (PKCS#8 PEM)
    other.key       an RSA key neither peer uses (PKCS#1 PEM)
    ikev1-pke-main.pcap / .keys         Main Mode, method 4, + Quick Mode
    ikev1-pke-rev-main.pcap / .keys     Main Mode, method 5, + Quick Mode
    ikev1-pke-aggr.pcap / .keys         Aggressive Mode, method 4, + Quick Mode

Needs the `cryptography` package (AES and PEM encoding); RSA, PKCS#1 v1.5
padding and Diffie-Hellman are done with Python integers.
"""

import hashlib
import hmac
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import synth  # noqa: E402  (tests/synth.py)

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


# IKEv1 numbers (RFC 2407, 2408, 2409, RFC 3602).
PT_SA, PT_P, PT_T, PT_KE, PT_ID, PT_HASH, PT_NONCE = 1, 2, 3, 4, 5, 8, 10
EXCH_MAIN, EXCH_AGGR, EXCH_QUICK = 2, 4, 32
FLAG_E = 1


# --- deterministic RSA ------------------------------------------------------

def is_probable_prime(n, rng):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(40):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(rng, bits, e):
    while True:
        c = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (c - 1) % e != 0 and is_probable_prime(c, rng):
            return c


def rsa_key(seed):
    """An RSA-2048 private key from a seed, as a cryptography object."""
    rng = random.Random(seed)
    e = 65537
    while True:
        p, q = prime(rng, 1024, e), prime(rng, 1024, e)
        if p != q and (p * q).bit_length() == 2048:
            break
    if p < q:
        p, q = q, p
    n = p * q
    d = pow(e, -1, (p - 1) * (q - 1))
    pub = rsa.RSAPublicNumbers(e, n)
    priv = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1),
                                 pow(q, -1, p), pub)
    return priv.private_key()


def rsa_encrypt(key, msg, rng):
    """RSAES-PKCS1-v1_5 encryption (RFC 8017 7.2.1) with padding bytes
    from rng, so the ciphertext is reproducible."""
    pn = key.public_key().public_numbers()
    k = (pn.n.bit_length() + 7) // 8
    if len(msg) > k - 11:
        raise ValueError("message too long")
    ps = bytes(rng.randrange(1, 256) for _ in range(k - 3 - len(msg)))
    em = b"\x00\x02" + ps + b"\x00" + msg
    c = pow(int.from_bytes(em, "big"), pn.e, pn.n)
    return c.to_bytes(k, "big")


# --- IKEv1 crypto (RFC 2409) -----------------------------------------------

class Suite:
    def __init__(self, hashname, keylen):
        self.hashname = hashname      # "sha1" / "sha256"
        self.keylen = keylen          # AES key bytes
        self.block = 16

    def h(self, data):
        return hashlib.new(self.hashname, data).digest()

    def prf(self, key, data):
        return hmac.new(key, data, self.hashname).digest()

    def expand(self, k):
        """Appendix B: a cipher key from SKEYID_e (or Ne_i/Ne_r)."""
        if len(k) >= self.keylen:
            return k[:self.keylen]
        out = self.prf(k, b"\x00")
        last = out
        while len(out) < self.keylen:
            last = self.prf(k, last)
            out += last
        return out[:self.keylen]

    def cbc(self, key, iv, data, decrypt=False):
        c = Cipher(algorithms.AES(key), modes.CBC(iv))
        op = c.decryptor() if decrypt else c.encryptor()
        return op.update(data) + op.finalize()


def ike_pad(data, block):
    """RFC 2408 3.5: zero padding to the cipher block."""
    n = (-len(data)) % block
    return data + b"\x00" * n


def rev_pad(data, block):
    """RFC 2409 5.3: padding is always added; its bytes are 0x00 but the
    last, which holds the number of padding bytes before it."""
    total = block - (len(data) % block)
    return data + b"\x00" * (total - 1) + bytes([total - 1])


# --- ISAKMP encoding (RFC 2408) ----------------------------------------------

def header(icky, rcky, first, exch, flags, msgid, body_len):
    return (icky + rcky + struct.pack("!BBBBII", first, 0x10, exch, flags,
                                      msgid, 28 + body_len))


def tv(t, v):
    return struct.pack("!HH", 0x8000 | t, v)


def tlv(t, v):
    return struct.pack("!HH", t, len(v)) + v


def isakmp_sa_body(auth, keybits, hash_alg):
    """SA body (DOI IPsec, SIT_IDENTITY_ONLY), one proposal, one
    transform: AES-CBC, hash, auth method, MODP-2048, 8 hours."""
    attrs = (tv(1, 7) + tv(14, keybits) + tv(2, hash_alg) + tv(3, auth) +
             tv(4, 14) + tv(11, 1) + tlv(12, struct.pack("!I", 28800)))
    xf = struct.pack("!BBH", 0, 0, 8 + len(attrs)) + \
        struct.pack("!BBH", 1, 1, 0) + attrs
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(xf), 1, 1, 0, 1) + xf
    return struct.pack("!II", 1, 1) + prop


def esp_sa_body(spi):
    """Quick Mode SA body: ESP, AES-CBC-128, HMAC-SHA1, tunnel mode."""
    attrs = (tv(1, 1) + tlv(2, struct.pack("!I", 3600)) + tv(4, 1) +
             tv(5, 2) + tv(6, 128))
    xf = struct.pack("!BBH", 0, 0, 8 + len(attrs)) + \
        struct.pack("!BBH", 1, 12, 0) + attrs
    prop = struct.pack("!BBHBBBB", 0, 0, 12 + len(xf), 1, 3, 4, 1) + \
        spi + xf
    return struct.pack("!II", 1, 1) + prop


def id_body(id_type, data, proto=0, port=0):
    return struct.pack("!BBH", id_type, proto, port) + data


# --- capture (pcap, Ethernet, IPv4, UDP 500) --------------------------------

def frame(src, dst, data, ident):
    """One IKE datagram between the two peers (their own MAC addresses)."""
    macs = {b"\xc0\x00\x02\x0a": b"\x02\x00\x00\x00\x00\x0a",
            b"\xc0\x00\x02\x14": b"\x02\x00\x00\x00\x00\x14"}
    return synth.udp_frame(src, dst, macs[src], macs[dst], data, ident)


# --- the exchanges -----------------------------------------------------------

I_ADDR = bytes([192, 0, 2, 10])
R_ADDR = bytes([192, 0, 2, 20])


class Peer:
    def __init__(self, tag, rsa_priv, dh_x, nonce, ident):
        self.tag = tag
        self.rsa = rsa_priv
        self.x = dh_x
        self.gx = pow(synth.MODP2048_G, dh_x, synth.MODP2048_P).to_bytes(256, "big")
        self.nonce = nonce
        self.id_b = ident


def quick_mode(suite, ka, skeyid_a, p1_last_block, icky, rcky):
    """Quick Mode (RFC 2409 5.5), no PFS, ESP: the three messages."""
    msgid = 0x1a2b3c4d
    ni = hashlib.sha256(b"qm-ni").digest()
    nr = hashlib.sha256(b"qm-nr").digest()
    spi_i, spi_r = b"\xc1\x00\x00\x01", b"\xc2\x00\x00\x02"
    idci = id_body(4, bytes([10, 1, 0, 0, 255, 255, 255, 0]))
    idcr = id_body(4, bytes([10, 2, 0, 0, 255, 255, 255, 0]))
    mid = struct.pack("!I", msgid)
    # IV = hash(last Phase 1 CBC block | M-ID), then the last block
    iv = suite.h(p1_last_block + mid)[:suite.block]
    msgs = []

    def enc_msg(items, from_i):
        nonlocal iv
        first, body = synth.chain(items)
        ct = suite.cbc(ka, iv, ike_pad(body, suite.block))
        iv = ct[-suite.block:]
        hdr = header(icky, rcky, first, EXCH_QUICK, FLAG_E, msgid, len(ct))
        msgs.append((from_i, hdr + ct))

    _, rest1 = synth.chain([(PT_SA, esp_sa_body(spi_i)), (PT_NONCE, ni),
                      (PT_ID, idci), (PT_ID, idcr)])
    # HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ])
    h1 = suite.prf(skeyid_a, mid + rest1)
    enc_msg([(PT_HASH, h1), (PT_SA, esp_sa_body(spi_i)), (PT_NONCE, ni),
             (PT_ID, idci), (PT_ID, idcr)], True)
    _, rest2 = synth.chain([(PT_SA, esp_sa_body(spi_r)), (PT_NONCE, nr),
                      (PT_ID, idci), (PT_ID, idcr)])
    # HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci |
    # IDcr ])
    h2 = suite.prf(skeyid_a, mid + ni + rest2)
    enc_msg([(PT_HASH, h2), (PT_SA, esp_sa_body(spi_r)), (PT_NONCE, nr),
             (PT_ID, idci), (PT_ID, idcr)], False)
    # HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
    h3 = suite.prf(skeyid_a, b"\x00" + mid + ni + nr)
    enc_msg([(PT_HASH, h3)], True)
    return msgs


def phase1_keys(suite, ni_b, nr_b, gxy, icky, rcky):
    # SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R)
    skeyid = suite.prf(suite.h(ni_b + nr_b), icky + rcky)
    # SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0), and _a, _e
    d = suite.prf(skeyid, gxy + icky + rcky + b"\x00")
    a = suite.prf(skeyid, d + gxy + icky + rcky + b"\x01")
    e = suite.prf(skeyid, a + gxy + icky + rcky + b"\x02")
    return skeyid, d, a, e


def exchange(mode, method, suite, hash_alg, ini, res, icky, rcky, rng):
    """Build one Phase 1 (mode "main"/"aggr", method 4/5) + Quick Mode.
    Returns [(from_initiator, bytes)]."""
    msgs = []
    sa_b = isakmp_sa_body(method, suite.keylen * 8, hash_alg)
    pub_i, pub_r = ini.rsa, res.rsa
    gxy = pow(int.from_bytes(res.gx, "big"), ini.x,
              synth.MODP2048_P).to_bytes(256, "big")

    def rsa_to(peer, data):
        return rsa_encrypt(peer, data, rng)

    def ke_key(nonce_b, cky):
        # Ne_i = prf(Ni_b, CKY-I), Ne_r = prf(Nr_b, CKY-R); Ke from Ne
        # as appendix B
        return suite.expand(suite.prf(nonce_b, cky))

    def sym(key, data):
        # revised mode: the body alone, CBC from a zero IV, 5.3 padding
        return suite.cbc(key, b"\x00" * suite.block,
                         rev_pad(data, suite.block))

    if method == 4:
        # HDR, KE, <IDii_b>PubKey_r, <Ni_b>PubKey_r
        i_items = [(PT_KE, ini.gx), (PT_ID, rsa_to(pub_r, ini.id_b)),
                   (PT_NONCE, rsa_to(pub_r, ini.nonce))]
        r_items = [(PT_KE, res.gx), (PT_ID, rsa_to(pub_i, res.id_b)),
                   (PT_NONCE, rsa_to(pub_i, res.nonce))]
    else:
        # HDR, <Ni_b>Pubkey_r, <KE_b>Ke_i, <IDii_b>Ke_i
        ke_i = ke_key(ini.nonce, icky)
        ke_r = ke_key(res.nonce, rcky)
        i_items = [(PT_NONCE, rsa_to(pub_r, ini.nonce)),
                   (PT_KE, sym(ke_i, ini.gx)), (PT_ID, sym(ke_i, ini.id_b))]
        r_items = [(PT_NONCE, rsa_to(pub_i, res.nonce)),
                   (PT_KE, sym(ke_r, res.gx)), (PT_ID, sym(ke_r, res.id_b))]

    skeyid, sk_d, sk_a, sk_e = phase1_keys(suite, ini.nonce, res.nonce, gxy,
                                           icky, rcky)
    # HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
    hash_i = suite.prf(skeyid, ini.gx + res.gx + icky + rcky + sa_b +
                       ini.id_b)
    # HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
    hash_r = suite.prf(skeyid, res.gx + ini.gx + rcky + icky + sa_b +
                       res.id_b)
    zero = b"\x00" * 8

    def clear(first_items, from_i, exch, r):
        first, body = synth.chain(first_items)
        msgs.append((from_i, header(icky, r, first, exch, 0, 0, len(body)) +
                     body))

    ka = suite.expand(sk_e)
    # Phase 1 IV = hash(g^xi | g^xr), then the last cipher block
    iv = [suite.h(ini.gx + res.gx)[:suite.block]]

    def p1_enc(items, from_i, exch):
        first, body = synth.chain(items)
        ct = suite.cbc(ka, iv[0], ike_pad(body, suite.block))
        iv[0] = ct[-suite.block:]
        msgs.append((from_i, header(icky, rcky, first, exch, FLAG_E, 0,
                                    len(ct)) + ct))

    if mode == "main":
        clear([(PT_SA, sa_b)], True, EXCH_MAIN, zero)
        clear([(PT_SA, sa_b)], False, EXCH_MAIN, rcky)
        clear(i_items, True, EXCH_MAIN, rcky)
        clear(r_items, False, EXCH_MAIN, rcky)
        p1_enc([(PT_HASH, hash_i)], True, EXCH_MAIN)
        p1_enc([(PT_HASH, hash_r)], False, EXCH_MAIN)
    else:
        # HDR, SA, KE, <IDii_b>Pubkey_r, <Ni_b>Pubkey_r
        clear([(PT_SA, sa_b)] + i_items, True, EXCH_AGGR, zero)
        # HDR, SA, KE, <IDir_b>PubKey_i, <Nr_b>PubKey_i, HASH_R
        clear([(PT_SA, sa_b)] + r_items + [(PT_HASH, hash_r)], False,
              EXCH_AGGR, rcky)
        # HDR, HASH_I (clear, as the RFC draws it)
        clear([(PT_HASH, hash_i)], True, EXCH_AGGR, rcky)
    msgs += quick_mode(suite, ka, sk_a, iv[0], icky, rcky)
    return msgs


def pem(key, pkcs8):
    fmt = (serialization.PrivateFormat.PKCS8 if pkcs8
           else serialization.PrivateFormat.TraditionalOpenSSL)
    return key.private_bytes(serialization.Encoding.PEM, fmt,
                             serialization.NoEncryption())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_pke.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    k_i = rsa_key("ikescope-pke-initiator")
    k_r = rsa_key("ikescope-pke-responder")
    k_o = rsa_key("ikescope-pke-other")
    files = {"initiator.key": pem(k_i, False),
             "responder.key": pem(k_r, True),
             "other.key": pem(k_o, False)}
    cases = [
        ("ikev1-pke-main", "main", 4, Suite("sha256", 16), 4,
         "Main Mode, RSA encryption (method 4), AES-CBC-128, SHA2-256, "
         "MODP-2048; Quick Mode ESP without PFS"),
        ("ikev1-pke-rev-main", "main", 5, Suite("sha1", 32), 2,
         "Main Mode, revised RSA encryption (method 5), AES-CBC-256, SHA1, "
         "MODP-2048; Quick Mode ESP without PFS"),
        ("ikev1-pke-aggr", "aggr", 4, Suite("sha1", 16), 2,
         "Aggressive Mode, RSA encryption (method 4), AES-CBC-128, SHA1, "
         "MODP-2048; Quick Mode ESP without PFS"),
    ]
    for n, (name, mode, method, suite, hash_alg, what) in enumerate(cases):
        rng = random.Random("ikescope-pke-padding-" + name)
        tagb = name.encode()
        icky = hashlib.sha256(b"icky" + tagb).digest()[:8]
        rcky = hashlib.sha256(b"rcky" + tagb).digest()[:8]
        x_i = int.from_bytes(hashlib.sha256(b"x_i" + tagb).digest(), "big")
        x_r = int.from_bytes(hashlib.sha256(b"x_r" + tagb).digest(), "big")
        ini = Peer("i", k_i, x_i, hashlib.sha256(b"Ni" + tagb).digest(),
                   id_body(2, b"initiator.example.org"))
        res = Peer("r", k_r, x_r, hashlib.sha256(b"Nr" + tagb).digest()[:24],
                   id_body(1, R_ADDR, 17, 500))
        msgs = exchange(mode, method, suite, hash_alg, ini, res, icky, rcky,
                        rng)
        frames = []
        for i, (from_i, data) in enumerate(msgs):
            src, dst = (I_ADDR, R_ADDR) if from_i else (R_ADDR, I_ADDR)
            frames.append(frame(src, dst, data, 0x100 * (n + 1) + i))
        # 2026-01-01, four frames a second
        synth.write_pcap(os.path.join(out, name + ".pcap"),
                         [(1767225600 + i // 4, (i % 4) * 250000, fr)
                          for i, fr in enumerate(frames)])
        keys = ("# ikescope key file for %s.pcap (generated by "
                "tests/pke/gen_pke.py)\n# %s\n"
                "rsa initiator.key\nrsa responder.key\n"
                "dh %s private %064x\n" % (name, what, icky.hex(), x_i))
        files[name + ".keys"] = keys.encode()
    for fname, data in files.items():
        with open(os.path.join(out, fname), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
