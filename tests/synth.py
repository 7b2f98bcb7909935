"""synth.py - building blocks of the test-only generators of IKE captures
(tests/pke/gen_pke.py, tests/intermediate/gen_intermediate.py): the RFC 3526
MODP-2048 group, ISAKMP payload chains, IPv4/UDP/Ethernet frames with their
checksums, and classic pcap files.  Written from the RFCs; no ikescope code.
"""
import struct

# RFC 3526 section 3: the 2048-bit MODP group (IKE group 14), generator 2.
MODP2048_P = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)
MODP2048_G = 2


def payload(nxt, body):
    """Generic payload header (RFC 2408 3.2, RFC 7296 3.2): next payload,
    reserved/critical, length."""
    return struct.pack(">BBH", nxt, 0, 4 + len(body)) + body


def chain(items):
    """[(type, body)...] -> (first type, payloads with their next fields)."""
    out = b""
    for i, (_, body) in enumerate(items):
        nxt = items[i + 1][0] if i + 1 < len(items) else 0
        out += payload(nxt, body)
    return (items[0][0] if items else 0), out


def csum(b):
    """The Internet checksum (RFC 1071)."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(">%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def udp_frame(src, dst, smac, dmac, data, ident, port=500):
    """Ethernet + IPv4 (DF, TTL 64) + UDP port -> port, checksums set."""
    udp = struct.pack(">HHHH", port, port, 8 + len(data), 0) + data
    pseudo = src + dst + struct.pack(">BBH", 0, 17, len(udp))
    c = csum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack(">H", c) + udp[8:]
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, 0x4000,
                     64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack(">H", csum(ip)) + ip[12:]
    return dmac + smac + b"\x08\x00" + ip + udp


class PcapWriter:
    """A classic pcap file written record by record (microseconds,
    Ethernet, snaplen 65535), for captures too large to build in memory:

        with PcapWriter(path) as w:
            w.add(seconds, microseconds, frame)
    """

    def __init__(self, path):
        self.fh = open(path, "wb", buffering=1 << 20)
        self.fh.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535,
                                  1))

    def add(self, sec, usec, fr):
        self.fh.write(struct.pack("<IIII", sec, usec, len(fr), len(fr)))
        self.fh.write(fr)

    def close(self):
        self.fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write_pcap(path, records):
    """records: [(seconds, microseconds, frame)] -> a classic pcap file
    (microseconds, Ethernet, snaplen 65535)."""
    with PcapWriter(path) as w:
        for sec, usec, fr in records:
            w.add(sec, usec, fr)
