#!/usr/bin/env python3
"""gen_esp.py - a large ESP capture with known keys, for tests/bench.sh.
Test-only encryptor, written from RFC 4303 (ESP), RFC 2404 / RFC 4868
(HMAC-SHA1-96, HMAC-SHA2-256-128), RFC 3602 (AES-CBC), RFC 4106 (AES-GCM)
and RFC 7634 (ChaCha20-Poly1305) with the `cryptography` package.

    gen_esp.py OUT.pcap OUT.keys MEGABYTES [PAIRS]

ESP SAs in tunnel mode between 198.51.100.1 and 198.51.100.2, their
packets interleaved round-robin until the capture holds MEGABYTES of ESP
(10^6 bytes, ESP header to ICV).  PAIRS, comma-separated, says which
(default: all four):

    cbc128-sha1    c0000001  ENCR_AES_CBC 128 + AUTH_HMAC_SHA1_96
    cbc256-sha256  c0000002  ENCR_AES_CBC 256 + AUTH_HMAC_SHA2_256_128
    gcm128         c0000003  ENCR_AES_GCM_16 128 (RFC 4106)
    chacha         c0000004  ENCR_CHACHA20_POLY1305 (RFC 7634)

Each packet carries one inner IPv4/UDP datagram of INNER bytes (1400)
from 10.1.0.1 to 10.2.0.1, header checksum set, RFC 4303 padding 1, 2,
3...  OUT.keys holds one `esp` line per SA.  Deterministic: keys and
contents come from SHA-256 over fixed labels, IVs from the packet counter
(hashed with MD5 for CBC), so a second run writes the same bytes.

    gen_esp.py --selftest SAMPLE.pcap SAMPLE.full.keys

re-encrypts every AES-CBC + HMAC ESP packet of a real-peer capture
(samples/strongswan) with this encryptor, from the plaintext and IV that
packet carries, and checks that the bytes come out identical: the
encryptor builds ESP the way the peers do.
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
    from cryptography.hazmat.primitives.ciphers import (Cipher, algorithms,
                                                        modes)
    from cryptography.hazmat.primitives.ciphers.aead import (
        AESGCM, ChaCha20Poly1305)
except ImportError:
    sys.stderr.write("gen_esp.py: python3 `cryptography` missing\n")
    sys.exit(77)

INNER = 1400
SRC, DST = bytes([198, 51, 100, 1]), bytes([198, 51, 100, 2])
SMAC, DMAC = bytes.fromhex("020000000011"), bytes.fromhex("020000000012")


def rnd(seed, label, n):
    out, i = b"", 0
    while len(out) < n:
        out += hashlib.sha256(("%s|%s|%d" % (seed, label, i)).encode()).digest()
        i += 1
    return out[:n]


class EspSA:
    """One outbound ESP SA: encr/integ names as the key file spells them."""

    def __init__(self, spi, encr, ekey, integ=None, akey=b""):
        self.spi, self.encr, self.ekey = spi, encr, ekey
        self.integ, self.akey = integ, akey
        self.seq = 0
        if encr == "ENCR_AES_CBC":
            self.iv, self.block = 16, 16
            self.aead = None
        elif encr == "ENCR_AES_GCM_16":
            # RFC 4106 8.1: key | 4-octet salt; 8-octet explicit IV
            self.iv, self.block = 8, 4
            self.aead = AESGCM(ekey[:-4])
        elif encr == "ENCR_CHACHA20_POLY1305":
            # RFC 7634 2: 32-octet key | 4-octet salt; 8-octet IV
            self.iv, self.block = 8, 4
            self.aead = ChaCha20Poly1305(ekey[:-4])
        else:
            raise ValueError(encr)
        if integ == "AUTH_HMAC_SHA1_96":
            self.mac, self.icv = hmac.new(akey, digestmod=hashlib.sha1), 12
        elif integ == "AUTH_HMAC_SHA2_256_128":
            self.mac, self.icv = hmac.new(akey, digestmod=hashlib.sha256), 16
        else:
            self.mac, self.icv = None, 16

    def keyline(self, src="", dst=""):
        return "esp %08x %s %s %s %s %s %s" % (
            self.spi, self.encr, self.ekey.hex(), self.integ or "NONE",
            self.akey.hex() or "-", src, dst)

    def seal(self, payload, nh, iv, seq=None):
        """RFC 4303 2: SPI | Seq | IV | E(payload | pad | padlen | nh) |
        ICV, the pad 1, 2, 3... up to the cipher's block (4 for AEAD)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        padlen = (-(len(payload) + 2)) % self.block
        pt = payload + bytes(range(1, padlen + 1)) + bytes([padlen, nh])
        hdr = struct.pack(">II", self.spi, seq)
        if self.aead is not None:
            # RFC 4106 5 / RFC 7634 2: nonce = salt | IV, AAD = SPI | Seq
            ct = self.aead.encrypt(self.ekey[-4:] + iv, pt, hdr)
            return hdr + iv + ct
        enc = Cipher(algorithms.AES(self.ekey), modes.CBC(iv)).encryptor()
        body = hdr + iv + enc.update(pt) + enc.finalize()
        # RFC 4303 3.3.2: the ICV covers SPI through Next Header
        m = self.mac.copy()
        m.update(body)
        return body + m.digest()[:self.icv]


def ipv4(src, dst, proto, ident, payload):
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xffff,
                     0x4000, 64, proto, 0, src, dst)
    return ip[:10] + struct.pack(">H", synth.csum(ip)) + ip[12:] + payload


def inner_packet(base, n):
    """A 1400-byte IPv4/UDP datagram 10.1.0.1:5001 -> 10.2.0.1:5002; the
    UDP checksum is left 0 (allowed over IPv4)."""
    data = struct.pack(">Q", n) + base
    udp = struct.pack(">HHHH", 5001, 5002, 8 + len(data), 0) + data
    return ipv4(bytes([10, 1, 0, 1]), bytes([10, 2, 0, 1]), 17, n, udp)


PAIRS = ("cbc128-sha1", "cbc256-sha256", "gcm128", "chacha")


def sas(seed):
    r = lambda lab, n: rnd(seed, lab, n)  # noqa: E731
    return [
        EspSA(0xc0000001, "ENCR_AES_CBC", r("k1e", 16),
              "AUTH_HMAC_SHA1_96", r("k1a", 20)),
        EspSA(0xc0000002, "ENCR_AES_CBC", r("k2e", 32),
              "AUTH_HMAC_SHA2_256_128", r("k2a", 32)),
        EspSA(0xc0000003, "ENCR_AES_GCM_16", r("k3e", 20)),
        EspSA(0xc0000004, "ENCR_CHACHA20_POLY1305", r("k4e", 36)),
    ]


def generate(out, keys, mbytes, pairs="", seed="ikescope bench esp"):
    ss = [sa for name, sa in zip(PAIRS, sas(seed))
          if not pairs or name in pairs.split(",")]
    if not ss:
        raise ValueError("no such pair: %s" % pairs)
    base = rnd(seed, "payload", INNER - 20 - 8 - 8)
    limit = int(mbytes * 1e6)
    total, n = 0, 0
    with synth.PcapWriter(out) as w:
        while total < limit:
            sa = ss[n % len(ss)]
            # an IV that never repeats for a key: a counter, hashed for CBC
            # (RFC 3602 3 wants it unpredictable), as is for AEAD (RFC 4106
            # 3.1 asks only uniqueness)
            if sa.aead is None:
                iv = hashlib.md5(struct.pack(">QI", n, sa.spi)).digest()
            else:
                iv = struct.pack(">Q", n)
            esp = sa.seal(inner_packet(base, n), 4, iv)
            fr = DMAC + SMAC + b"\x08\x00" + ipv4(SRC, DST, 50, n, esp)
            w.add(1700000000 + n // 10000, (n % 10000) * 100, fr)
            total += len(esp)
            n += 1
    # Secrets: readable by the owner only (ikescope warns otherwise).
    with open(os.open(keys, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
              "w") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write("# %s: written by tests/bench/gen_esp.py (%d packets, %d "
                 "bytes of ESP)\n" % (os.path.basename(out), n, total))
        for sa in ss:
            fh.write(sa.keyline(
                "198.51.100.1", "198.51.100.2") + "\n")
    return n, total


# ---- self test against a real peer's capture ------------------------------

def read_pcap(path):
    with open(path, "rb") as fh:
        d = fh.read()
    magic = struct.unpack("<I", d[:4])[0]
    if magic not in (0xa1b2c3d4, 0xa1b23c4d):
        raise ValueError("%s: not a little-endian classic pcap" % path)
    link = struct.unpack("<I", d[20:24])[0]
    off = 24
    while off + 16 <= len(d):
        incl = struct.unpack("<I", d[off + 8:off + 12])[0]
        yield link, d[off + 16:off + 16 + incl]
        off += 16 + incl


def selftest(pcap, keyfile):
    keys = {}
    for line in open(keyfile):
        f = line.split()
        if len(f) >= 6 and f[0] == "esp" and f[2] == "ENCR_AES_CBC" and \
                f[4] in ("AUTH_HMAC_SHA1_96", "AUTH_HMAC_SHA2_256_128"):
            keys[int(f[1], 16)] = EspSA(int(f[1], 16), f[2],
                                        bytes.fromhex(f[3]), f[4],
                                        bytes.fromhex(f[5]))
    checked = bad = 0
    for link, fr in read_pcap(pcap):
        off = {1: 14, 113: 16, 0: 4, 101: 0}.get(link)
        if off is None or len(fr) < off + 20 or fr[off] >> 4 != 4:
            continue
        ihl = (fr[off] & 15) * 4
        tot = struct.unpack(">H", fr[off + 2:off + 4])[0]
        ip = fr[off:off + tot]
        if ip[9] == 50:
            esp = ip[ihl:]
        elif ip[9] == 17 and len(ip) > ihl + 12 and \
                struct.unpack(">H", ip[ihl + 2:ihl + 4])[0] == 4500 and \
                ip[ihl + 8:ihl + 12] != b"\0\0\0\0":
            esp = ip[ihl + 8:]
        else:
            continue
        spi, seq = struct.unpack(">II", esp[:8])
        sa = keys.get(spi)
        if sa is None or len(esp) < 8 + 16 + 16 + sa.icv:
            continue
        iv = esp[8:24]
        dec = Cipher(algorithms.AES(sa.ekey), modes.CBC(iv)).decryptor()
        pt = dec.update(esp[24:-sa.icv]) + dec.finalize()
        padlen, nh = pt[-2], pt[-1]
        again = sa.seal(pt[:-2 - padlen], nh, iv, seq)
        checked += 1
        if again != esp:
            bad += 1
            sys.stderr.write("SPI %08x seq %d: re-encrypted packet differs\n"
                             % (spi, seq))
    print("%s: %d ESP packets re-encrypted, %d differ" % (pcap, checked, bad))
    return 0 if checked and not bad else 1


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "--selftest":
        return selftest(a[1], a[2])
    if len(a) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    n, total = generate(a[0], a[1], float(a[2]), *a[3:])
    print("%s: %d ESP packets, %d bytes of ESP" % (a[0], n, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
