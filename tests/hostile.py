#!/usr/bin/env python3
# hostile.py - a capture made to exhaust memory, for tests/caps.sh: every
# reassembly buffer and every table ikescope keeps is pushed past its cap.
#
#   hostile.py OUT.pcap [SCALE [PARTS]]
#
# SCALE (default 1.0) multiplies the counts below; PARTS, a comma-separated
# list of the part names below, keeps only those.  Link type DLT_RAW
# (101): each record an IPv4 packet.  Deterministic (no randomness), so a
# failure reproduces.  What it holds, in order:
#
#   ip-frags      a flood of IP first fragments, each of a new datagram,
#                 and datagrams grown by fragments far apart      -> frag-cap
#   frag-big      a fragment ending past 65 535 bytes         -> frag-too-big
#   ikev1-frags   IKEv1 (Cisco) fragments of many message IDs, numbers out
#                 of range, and fragments adding up past 64 KiB
#                           -> frag-dropped, frag-number, frag-too-big
#   tcp           TCP streams to port 4500 past the stream cap, and one
#                 stream with out-of-order data past its buffer   -> tcp-cap
#   exchanges     one IKE SA with 20 000 INFORMATIONAL exchanges
#                                                              -> exchange-cap
#   retransmits   one request sent 2 000 times                 -> message-cap
#   esp           ESP packets of 120 000 different SPIs         -> esp-sa-cap
#   payloads      one message with 1 000 payloads             -> payload-limit
#   tunnels       IP in IP 40 deep                                -> ip-depth
#   lengths       huge declared lengths: ISAKMP length 0xffffffff, payload
#                 length 0xffff, IP total length 65 535 and UDP length
#                 65 535 on short packets, a record whose original length
#                 is 0xffffffff  -> ike-length, payload-truncated, ...
#   half-open     100 000 IKE SAs that never get an answer: IKE_SA_INIT
#                 (IKEv2) and Main Mode message 1 (IKEv1) requests, each
#                 with its own SPI, from 65 536 addresses      -> ike-sa-cap
#
# Part of ikescope; GPL-2.0-or-later like the rest of it (see COPYING).
# Python 3 standard library only.

import struct
import sys

LINKTYPE_RAW = 101


class Pcap:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0,
                                 262144, LINKTYPE_RAW))
        self.t = 1700000000
        self.us = 0

    def add(self, pkt, orig=None):
        self.us += 1000
        if self.us >= 1000000:
            self.us = 0
            self.t += 1
        self.f.write(struct.pack("<IIII", self.t, self.us, len(pkt),
                                 len(pkt) if orig is None else orig))
        self.f.write(pkt)

    def close(self):
        self.f.close()


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(src, dst, proto, payload, ident=0, frag=0, total=None):
    tl = 20 + len(payload) if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tl, ident, frag, 64, proto, 0,
                    src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(sport, dport, payload, length=None):
    ln = 8 + len(payload) if length is None else length
    return struct.pack("!HHHH", sport, dport, ln, 0) + payload


def addr(n):
    return bytes([10, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])


SERVER = bytes([192, 0, 2, 1])


def ike_hdr(spi_i, spi_r, first, major, exch, flags, msgid, body, length=None):
    ln = 28 + len(body) if length is None else length
    return (spi_i + spi_r + struct.pack("!BBBBII", first, major << 4, exch,
                                        flags, msgid, ln) + body)


def payload(next_, body, length=None):
    ln = 4 + len(body) if length is None else length
    return struct.pack("!BBH", next_, 0, ln) + body


def v2_sa_init(spi):
    # SA: one proposal, one transform (ENCR_AES_CBC); KE group 14 (short
    # data: the flood is about counts, not sizes); Nonce.
    tr = struct.pack("!BBHBBH", 0, 0, 8, 1, 0, 12)
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(tr), 1, 1, 0, 1) + tr
    sa = payload(34, prop)
    ke = payload(40, struct.pack("!HH", 14, 0) + b"\x11" * 8)
    nonce = payload(0, b"\x22" * 16)
    return ike_hdr(spi, b"\0" * 8, 33, 2, 34, 0x08, 0, sa + ke + nonce)


def v1_mm1(cookie):
    # SA with one proposal, one transform, no attributes.
    tr = payload(0, struct.pack("!BBH", 1, 1, 0))
    prop = payload(0, struct.pack("!BBBB", 1, 1, 0, 1) + tr)
    sa = payload(0, struct.pack("!II", 1, 1) + prop)
    return ike_hdr(cookie, b"\0" * 8, 1, 1, 2, 0, 0, sa)


def half_open(p, n):
    for i in range(n):
        spi = struct.pack("!II", 0x48000000 | (i >> 16), 0x10000 | i)
        src = addr(i % 65536)
        if i % 5 == 4:
            msg = v1_mm1(spi)
        else:
            msg = v2_sa_init(spi)
        p.add(ip4(src, SERVER, 17, udp(500, 500, msg)))


def ip_frags(p, nfirst, nbig):
    body = udp(500, 500, b"\x33" * 1472)
    for i in range(nfirst):
        # a first fragment (MF) of a datagram whose rest never comes
        p.add(ip4(addr(0x20000 + i), SERVER, 17, body[:1480],
                  ident=i & 0xffff, frag=0x2000))
    chunk = b"\x44" * 1480
    for i in range(nbig):
        for k in range(8):
            off = k * 8000 // 8
            p.add(ip4(addr(0x30000 + i), SERVER, 17, chunk, ident=i,
                      frag=0x2000 | off))
    # frag-too-big: a fragment at offset 65528 bytes with 1480 bytes
    p.add(ip4(addr(0x3ffff), SERVER, 17, chunk, ident=7,
              frag=0x2000 | (65528 // 8)))


def v1_frag_msg(cookie, fid, number, last, data):
    # Cisco IKE fragmentation payload (type 132): id, number, flags
    frag = struct.pack("!BBHHBB", 0, 0, 8 + len(data), fid, number,
                       1 if last else 0) + data
    return ike_hdr(cookie, b"\x01" * 8, 132, 1, 2, 0, 0, frag)


def ikev1_frags(p, nids):
    cookie = b"\x5a" * 8
    src = bytes([198, 51, 100, 9])
    p.add(ip4(src, SERVER, 17, udp(500, 500, v1_mm1(cookie))))
    for fid in range(nids):
        for num in range(1, 4):
            p.add(ip4(src, SERVER, 17, udp(500, 500, v1_frag_msg(
                cookie, fid, num, False, b"\x55" * 64))))
    # (other SAs: the one above has as many messages as it may keep)
    cookie = b"\x5b" * 8
    p.add(ip4(src, SERVER, 17, udp(500, 500, v1_mm1(cookie))))
    p.add(ip4(src, SERVER, 17, udp(500, 500, v1_frag_msg(
        cookie, 9999, 200, False, b"\x55" * 64))))
    cookie = b"\x5c" * 8
    p.add(ip4(src, SERVER, 17, udp(500, 500, v1_mm1(cookie))))
    for num in range(1, 16):
        p.add(ip4(src, SERVER, 17, udp(500, 500, v1_frag_msg(
            cookie, 4242, num, False, b"\x66" * 8000))))


def tcp_seg(sport, dport, seq, flags, data=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags,
                       65535, 0, 0) + data


def tcp(p, nstreams, nooo):
    for i in range(nstreams):
        p.add(ip4(addr(0x40000 + i), SERVER, 6,
                  tcp_seg(20000 + (i % 40000), 4500, 1000, 0x02)))
    src = bytes([198, 51, 100, 77])
    p.add(ip4(src, SERVER, 6, tcp_seg(33333, 4500, 5000, 0x02)))
    for k in range(nooo):
        # a hole after the SYN: everything waits for it
        p.add(ip4(src, SERVER, 6, tcp_seg(33333, 4500, 5001 + 100 + k * 1400,
                                          0x18, b"\x77" * 1400)))


def exchanges(p, n):
    spi_i, spi_r = b"\x61" * 8, b"\x62" * 8
    src = bytes([198, 51, 100, 11])
    for i in range(n):
        sk = payload(0, b"\x00" * 36)
        p.add(ip4(src, SERVER, 17, udp(4500, 4500, b"\0\0\0\0" + ike_hdr(
            spi_i, spi_r, 46, 2, 37, 0x08, 2 + i, sk))))


def retransmits(p, n):
    spi_i = b"\x71" * 8
    src = bytes([198, 51, 100, 12])
    msg = v2_sa_init(spi_i)
    for i in range(n):
        p.add(ip4(src, SERVER, 17, udp(500, 500, msg)))


def esp(p, n):
    src = bytes([198, 51, 100, 13])
    for i in range(n):
        p.add(ip4(src, SERVER, 50, struct.pack("!II", 0x1000 + i, 1) +
                  b"\x88" * 32))


def many_payloads(p, n):
    body = b"".join(payload(43 if k + 1 < n else 0, b"") for k in range(n))
    msg = ike_hdr(b"\x81" * 8, b"\x82" * 8, 43, 2, 37, 0x08, 5, body)
    p.add(ip4(bytes([198, 51, 100, 14]), SERVER, 17, udp(500, 500, msg)))


def tunnels(p, depth):
    inner = ip4(bytes([198, 51, 100, 15]), SERVER, 17,
                udp(500, 500, v2_sa_init(b"\x91" * 8)))
    for _ in range(depth):
        inner = ip4(bytes([198, 51, 100, 15]), SERVER, 4, inner)
    p.add(inner)


def lengths(p):
    src = bytes([198, 51, 100, 16])
    m = v2_sa_init(b"\xa1" * 8)
    m = m[:24] + struct.pack("!I", 0xffffffff) + m[28:]
    p.add(ip4(src, SERVER, 17, udp(500, 500, m)))
    m = ike_hdr(b"\xa2" * 8, b"\0" * 8, 34, 2, 34, 0x08, 0,
                payload(0, b"\x01" * 8, length=0xffff))
    p.add(ip4(src, SERVER, 17, udp(500, 500, m)))
    m = v2_sa_init(b"\xa3" * 8)
    p.add(ip4(src, SERVER, 17, udp(500, 500, m), total=65535))
    p.add(ip4(src, SERVER, 17, udp(500, 500, m, length=65535)))
    p.add(ip4(src, SERVER, 17, udp(500, 500, m)), orig=0xffffffff)


def main():
    if len(sys.argv) not in (2, 3, 4):
        sys.exit("usage: hostile.py OUT.pcap [SCALE [PARTS]]")
    scale = float(sys.argv[2]) if len(sys.argv) >= 3 else 1.0
    parts = sys.argv[3].split(",") if len(sys.argv) == 4 else None

    def n(x):
        return max(1, int(x * scale))
    p = Pcap(sys.argv[1])
    for name, fn in (
            ("ip-frags", lambda: ip_frags(p, n(3000), n(300))),
            ("ikev1-frags", lambda: ikev1_frags(p, n(200))),
            ("tcp", lambda: tcp(p, n(2000), n(300))),
            ("exchanges", lambda: exchanges(p, n(20000))),
            ("retransmits", lambda: retransmits(p, n(2000))),
            ("esp", lambda: esp(p, n(120000))),
            ("payloads", lambda: many_payloads(p, 1000)),
            ("tunnels", lambda: tunnels(p, 40)),
            ("lengths", lambda: lengths(p)),
            ("half-open", lambda: half_open(p, n(100000)))):
        if parts is None or name in parts:
            fn()
    p.close()


if __name__ == "__main__":
    main()
