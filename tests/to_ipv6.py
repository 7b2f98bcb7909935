#!/usr/bin/env python3
"""to_ipv6.py - the same capture over IPv6, for the IPv6 paths of
ikescope that the IPv4 captures of samples/ exercise (a test-only
translation, RFC 7915 in spirit):

    to_ipv6.py IN.pcap OUT.pcap [IN.keys OUT.keys]

Every Ethernet/IPv4 frame becomes Ethernet/IPv6: address a.b.c.d becomes
2001:db8::a.b.c.d (RFC 3849 documentation prefix), TTL the hop limit, UDP
keeps its ports and payload with the checksum over the IPv6 pseudo
header; an ICMP destination unreachable (type 3) becomes ICMPv6 type 1
(code 3 port unreachable -> 4; host/net -> 3/0, admin -> 1) quoting the
translated datagram it quoted.  Other frames are copied unchanged.
Classic pcap, little-endian, microsecond; Ethernet, or BSD loopback
(DLT_NULL: address family 2 becomes 24, BSD's AF_INET6).  A key file
given with it gets the same addresses (esp lines name their peers).
"""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth import csum  # noqa: E402 - the Internet checksum

ICMP4_TO_6 = {0: 0, 1: 3, 3: 4, 9: 1, 10: 1, 13: 1}


OUTER = set()  # the IPv4 addresses translated (of outer headers)


def addr6(a4):
    OUTER.add(a4)
    return bytes.fromhex("20010db8000000000000000000000000")[:12] + a4


def pseudo(src, dst, nh, length):
    return src + dst + struct.pack("!IxxxB", length, nh)


def udp6(src, dst, seg, full):
    """A UDP segment with its checksum over IPv6 (full: the whole
    datagram is there; a quoted one keeps its checksum field)."""
    if not full or len(seg) < 8:
        return seg
    seg = seg[:6] + b"\0\0" + seg[8:]
    c = csum(pseudo(src, dst, 17, len(seg)) + seg) or 0xffff
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def ip6(v4, full=True):
    """An IPv4 packet (perhaps cut, when quoted) as IPv6, or None."""
    if len(v4) < 20 or v4[0] >> 4 != 4:
        return None
    ihl = (v4[0] & 15) * 4
    tot = struct.unpack("!H", v4[2:4])[0]
    ttl, proto = v4[8], v4[9]
    src, dst = addr6(v4[12:16]), addr6(v4[16:20])
    body = v4[ihl:tot] if full else v4[ihl:]
    if proto == 17:
        body = udp6(src, dst, body, full)
    elif proto == 1 and full and len(body) >= 8 and body[0] == 3:
        inner = ip6(body[8:], full=False)
        if inner is None:
            return None
        icmp = struct.pack("!BBHI", 1, ICMP4_TO_6.get(body[1], 0), 0,
                           0) + inner
        c = csum(pseudo(src, dst, 58, len(icmp)) + icmp)
        body = icmp[:2] + struct.pack("!H", c) + icmp[4:]
        proto = 58
    elif proto == 1:
        return None
    # The payload length says what the packet was; a quote may be cut.
    plen = len(body) if full else tot - ihl
    return struct.pack("!IHBB", 6 << 28, plen, proto, ttl) + src + dst + body


def keys6(line):
    """IPv4 addresses in a key file line, as translated: those the
    capture's outer headers had; a line naming another (a nested SA's
    peers, inside a tunnel) stays as it is."""
    v4 = r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"

    def a4(text):
        return bytes(int(x) for x in text.split("."))

    def one(m):
        b = a4(m.group(0))
        return "2001:db8::%x:%x" % (b[0] << 8 | b[1], b[2] << 8 | b[3])
    if line.lstrip().startswith("#") or any(
            a4(x) not in OUTER for x in re.findall(v4, line)):
        return line
    return re.sub(v4, one, line)


def paths(line, keyfile):
    """rsa and import lines name files beside the key file: the same
    files, wherever the new key file is."""
    w = line.split()
    if len(w) >= 2 and w[0] in ("rsa", "import") and not w[-1].startswith(
            "/"):
        w[-1] = os.path.join(os.path.dirname(os.path.abspath(keyfile)), w[-1])
        return " ".join(w) + "\n"
    return line


def main():
    src = open(sys.argv[1], "rb").read()
    magic, = struct.unpack("<I", src[:4])
    link = struct.unpack("<I", src[20:24])[0]
    if magic != 0xa1b2c3d4 or link not in (0, 1):
        sys.exit("to_ipv6.py: little-endian microsecond pcap, Ethernet or "
                 "BSD loopback only")

    out = [src[:24]]
    off = 24
    while off + 16 <= len(src):
        ts, us, cl, ol = struct.unpack("<IIII", src[off:off + 16])
        frame = src[off + 16:off + 16 + cl]
        off += 16 + cl
        if link == 1 and len(frame) >= 34 and frame[12:14] == b"\x08\x00":
            p6 = ip6(frame[14:])
            if p6 is not None:
                frame = frame[:12] + b"\x86\xdd" + p6
                cl = ol = len(frame)
        elif link == 0 and len(frame) >= 24 and frame[:4] in (
                b"\x02\0\0\0", b"\0\0\0\x02"):
            p6 = ip6(frame[4:])
            if p6 is not None:
                fam = b"\x18\0\0\0" if frame[0] == 2 else b"\0\0\0\x18"
                frame = fam + p6
                cl = ol = len(frame)
        out.append(struct.pack("<IIII", ts, us, cl, ol) + frame)
    open(sys.argv[2], "wb").write(b"".join(out))
    if len(sys.argv) == 5:
        with open(sys.argv[3]) as f, open(sys.argv[4], "w") as o:
            o.writelines(paths(keys6(x), sys.argv[3]) for x in f)


if __name__ == "__main__":
    main()
