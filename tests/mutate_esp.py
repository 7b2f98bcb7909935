#!/usr/bin/env python3
# mutate_esp.py - ESP packets with one bit flipped must never decrypt as
# verified (the pcap and JSON work of tests/mutate_esp.sh; python3
# standard library only).
#
#   mutate_esp.py prepare NAME CAPTURE BASE.json WORK
#       BASE.json is ikescope -j -v on CAPTURE with its keys.  For every
#       ESP SA whose packets are "ok" (ICV or AEAD tag verified), up to
#       four of them get one bit flipped: in the sequence number, the
#       first byte after it (IV or ciphertext), the middle, or the last
#       byte (ICV).  One copy of the capture per position is written as
#       WORK/NAME-POS.pcap, with a manifest WORK/NAME.json; prints
#       "POS<TAB>PATH" for each copy.
#
#   mutate_esp.py check NAME WORK
#       Reads WORK/NAME-POS.json (ikescope -j -v on each copy) and prints
#       "pass<TAB>TEXT" or "fail<TAB>TEXT" lines, with "diag<TAB>TEXT".
#
# Expectations: every flipped packet of an SA with a checked ICV is
# "integrity_failed" (the ICV covers SPI to next header, and for AEAD the
# tag covers SPI, sequence and ciphertext); every other packet keeps its
# baseline result; nothing becomes "ok" that was not.

import json
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutate_keys import ip_offset, read_pcap  # noqa: E402

POSITIONS = ("seq", "first", "middle", "last")
PER_SA = 4


def esp_offset(pkt, linktype, bo):
    """(offset of the ESP header, its length) in a frame, or None."""
    ipo = ip_offset(pkt, linktype, bo)
    if ipo is None or len(pkt) < ipo + 20:
        return None
    v = pkt[ipo] >> 4
    if v == 4:
        ihl = (pkt[ipo] & 15) * 4
        total = struct.unpack(">H", pkt[ipo + 2:ipo + 4])[0]
        proto, off, end = pkt[ipo + 9], ipo + ihl, ipo + total
    elif v == 6 and len(pkt) >= ipo + 40:
        plen = struct.unpack(">H", pkt[ipo + 4:ipo + 6])[0]
        proto, off, end = pkt[ipo + 6], ipo + 40, ipo + 40 + plen
    else:
        return None
    end = min(end, len(pkt))
    if proto == 50:
        return off, end - off
    if proto == 17 and end >= off + 8:
        sport, dport = struct.unpack(">HH", pkt[off:off + 4])
        if 4500 in (sport, dport) and pkt[off + 8:off + 12] != b"\0\0\0\0":
            return off + 8, end - off - 8
    return None


def results(doc):
    """(frame, spi) -> decryption, for every ESP packet of the document."""
    out = {}
    for e in doc.get("esp_sas", []):
        for p in e.get("packet_list", []):
            out[(p["frame"], e["spi"])] = p["decryption"]
    return out


def prepare(name, capture, base, work):
    doc = json.load(open(base, encoding="utf-8"))
    d, bo, lt, recs = read_pcap(capture)
    chosen = []                         # (frame, spi)
    for e in doc.get("esp_sas", []):
        if e.get("nested") or e.get("integrity") != "checked":
            continue
        ok = [p["frame"] for p in e.get("packet_list", [])
              if p["decryption"] == "ok"]
        chosen += [(f, e["spi"]) for f in ok[:PER_SA]]
    manifest = {"capture": capture, "flipped": {}}
    for pos in POSITIONS:
        buf = bytearray(d)
        flipped = []
        for frame, spi in chosen:
            if frame - 1 >= len(recs):
                continue
            _, doff, caplen = recs[frame - 1]
            pkt = bytes(buf[doff:doff + caplen])
            loc = esp_offset(pkt, lt, bo)
            if loc is None or pkt[loc[0]:loc[0] + 4].hex() != spi:
                continue
            off, n = loc
            if n < 12:
                continue
            at = {"seq": 7, "first": 8, "middle": 8 + (n - 8) // 2,
                  "last": n - 1}[pos]
            buf[doff + off + at] ^= 0x04
            flipped.append([frame, spi, at])
        path = os.path.join(work, "%s-%s.pcap" % (name, pos))
        with open(path, "wb") as f:
            f.write(bytes(buf))
        manifest["flipped"][pos] = flipped
        print("%s\t%s" % (pos, path))
    manifest["base"] = {"%d/%s" % k: v for k, v in results(doc).items()}
    with open(os.path.join(work, name + ".json"), "w") as f:
        json.dump(manifest, f)


def check(name, work):
    man = json.load(open(os.path.join(work, name + ".json")))
    base = man["base"]
    for pos in POSITIONS:
        flipped = man["flipped"][pos]
        what = "%s: bit flipped in the %s byte of %d ESP packets" % (
            name, pos, len(flipped))
        try:
            doc = json.load(open(os.path.join(work, "%s-%s.json" % (
                name, pos)), encoding="utf-8"))
        except (OSError, ValueError) as e:
            print("fail\t%s: no JSON (%s)" % (what, e))
            continue
        got = {"%d/%s" % k: v for k, v in results(doc).items()}
        bad = []
        fl = {"%d/%s" % (f, s) for f, s, _ in flipped}
        for k in fl:
            if got.get(k) != "integrity_failed":
                bad.append("frame/spi %s: %s, want integrity_failed" %
                           (k, got.get(k)))
        for k, v in got.items():
            if k in fl:
                continue
            if v == "ok" and base.get(k) != "ok":
                bad.append("frame/spi %s: ok, but %s without the flip" %
                           (k, base.get(k)))
            elif base.get(k) is not None and v != base[k]:
                bad.append("frame/spi %s: %s, was %s" % (k, v, base[k]))
        if not flipped:
            print("fail\t%s: nothing to flip (no verified packets?)" % what)
            continue
        print("%s\t%s" % ("fail" if bad else "pass", what))
        for b in bad[:10]:
            print("diag\t%s" % b)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "prepare":
        prepare(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(*sys.argv[2:])
    else:
        sys.stderr.write(__doc__ if __doc__ else "usage\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
