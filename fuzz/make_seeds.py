#!/usr/bin/env python3
"""make_seeds.py - seed corpora for the fuzz targets, from the project's
captures and key files.

    fuzz/make_seeds.py [OUTDIR]        (default: fuzz/corpus)

Writes OUTDIR/fuzz_TARGET/ for each target (see fuzz/README):

  fuzz_ikev1, fuzz_ikev2  each IKE message (UDP 500/4500 payload, the
                          non-ESP marker stripped) of every capture under
                          samples/ and tests/data/, by ISAKMP version
  fuzz_plain              the payload chains of those messages in the
                          target's format: first payload type, flags,
                          exchange type, body
  fuzz_esp                the first ESP_PER_CAPTURE ESP packets (protocol
                          50, or ESP in UDP 4500) of each capture, from the
                          IP header, after a flags byte (0 to 7 in turn)
  fuzz_keyfile            every key file (*.keys)
  fuzz_import             every import file (tests/data/import, the charon
                          logs of samples/strongswan/charon-log) after its
                          format byte (charon logs cut to the lines the
                          importer reads)
  fuzz_pipeline           every capture file up to 16 KiB, and for the
                          strongSwan samples copies with option bits in
                          the pcap header (fuzz_pipeline.c)

Files are named by the SHA-1 of their contents (as libFuzzer names
them), so identical inputs are kept once; each target is capped at
MAX_PER_TARGET files, chosen in a fixed order.  Existing files in the
output directories are kept (crash-* regressions among them).  Only the
standard library is used.
"""

import hashlib
import os
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_PER_TARGET = 300
PIPELINE_MAX_BYTES = 16 * 1024
ESP_PER_CAPTURE = 8


def frames(path):
    """(linktype, frame bytes) of each record of a pcap or pcapng file."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        end = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        end = '>'
    elif magic == b'\x0a\x0d\x0d\x0a':
        yield from pcapng_frames(data)
        return
    else:
        return
    linktype = struct.unpack(end + 'I', data[20:24])[0] & 0x0fffffff
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(end + 'I', data[off + 8:off + 12])[0]
        off += 16
        if off + caplen > len(data):
            break
        yield linktype, data[off:off + caplen]
        off += caplen


def pcapng_frames(data):
    off = 0
    end = '<'
    links = []
    while off + 12 <= len(data):
        btype = data[off:off + 4]
        if btype == b'\x0a\x0d\x0d\x0a':
            bom = data[off + 8:off + 12]
            end = '<' if bom == b'\x4d\x3c\x2b\x1a' else '>'
            links = []
        btype = struct.unpack(end + 'I', data[off:off + 4])[0]
        blen = struct.unpack(end + 'I', data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            break
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 2:
            links.append(struct.unpack(end + 'H', body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            ifid, _, _, caplen, _ = struct.unpack(end + 'IIIII', body[:20])
            if ifid < len(links):
                yield links[ifid], body[20:20 + caplen]
        elif btype == 3 and len(body) >= 4 and links:
            yield links[0], body[4:]
        off += blen


def ip_of(linktype, fr):
    """The IP packet of a frame, or None."""
    if linktype == 1:  # Ethernet, with VLAN tags
        off = 12
        while off + 2 <= len(fr):
            et = struct.unpack('>H', fr[off:off + 2])[0]
            if et in (0x8100, 0x88a8):
                off += 4
                continue
            if et in (0x0800, 0x86dd):
                return fr[off + 2:]
            return None
        return None
    if linktype in (12, 14, 101, 228, 229):
        return fr
    if linktype in (0, 108):
        return fr[4:]
    if linktype == 113:
        return fr[16:]
    if linktype == 276:
        return fr[20:]
    return None


def transport(ip):
    """(proto, payload, src, dst, ip_packet) or None; first fragments only."""
    if len(ip) < 1:
        return None
    v = ip[0] >> 4
    if v == 4 and len(ip) >= 20:
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack('>H', ip[2:4])[0]
        frag = struct.unpack('>H', ip[6:8])[0]
        if frag & 0x1fff or frag & 0x2000:
            return None
        ip = ip[:tot] if 20 <= tot <= len(ip) else ip
        return ip[9], ip[ihl:], ip
    if v == 6 and len(ip) >= 40:
        plen = struct.unpack('>H', ip[4:6])[0]
        ip = ip[:40 + plen] if 40 + plen <= len(ip) else ip
        nh = ip[6]
        off = 40
        while nh in (0, 43, 60) and off + 8 <= len(ip):
            nh, off = ip[off], off + (ip[off + 1] + 1) * 8
        if nh == 44:
            return None
        return nh, ip[off:], ip
    return None


def packets(path):
    """('ike', message) and ('esp', ip_packet) items of a capture."""
    for lt, fr in frames(path):
        ip = ip_of(lt, fr)
        if ip is None:
            continue
        t = transport(ip)
        if t is None:
            continue
        proto, pl, whole = t
        if proto == 50:
            yield 'esp', whole
        elif proto == 17 and len(pl) >= 8:
            sport, dport = struct.unpack('>HH', pl[:4])
            data = pl[8:]
            if 4500 in (sport, dport):
                if data[:4] == b'\0\0\0\0':
                    yield 'ike', data[4:]
                elif len(data) > 8:
                    yield 'esp', whole
            elif 500 in (sport, dport) and len(data) >= 28:
                yield 'ike', data


def charon_labels():
    """The dump labels keys_charon.c takes (its ike_labels, child_labels)."""
    import re
    src = open(os.path.join(TOP, 'analyzer', 'keys_charon.c')).read()
    out = set()
    for m in re.finditer(r'_labels\[[A-Z_]+\] = \{(.*?)\};', src, re.S):
        out.update(re.findall(r'"([^"]+)"', m.group(1)))
    return out


CHARON_KEEP = ('checkout IKEv', 'checkin ', 'selected proposal', 'parsed ',
               'using ', 'adding inbound', 'adding outbound', 'SPI 0x',
               'CHILD_SA ', 'initiating ', 'established')


def charon_trim(data):
    """A charon log cut to the lines keys_charon.c reads: the dumps of
    the labels it knows (with their rows) and the lines that name SAs,
    SPIs and algorithms; a level-4 log is mostly packet dumps."""
    import re
    labels = charon_labels()
    head = re.compile(rb'^\S+ \d+\[\w+\] (?:<[^>]*> )?(.*?) => \d+ bytes @')
    row = re.compile(rb'^\S+ \d+\[\w+\] (?:<[^>]*> )?\s*\d+: [0-9A-F]{2} ')
    out = []
    keep_rows = False
    for line in data.split(b'\n'):
        m = head.match(line)
        if m:
            keep_rows = m.group(1).decode('latin-1') in labels
            if keep_rows:
                out.append(line)
            continue
        if row.match(line):
            if keep_rows:
                out.append(line)
            continue
        keep_rows = False
        if any(k.encode() in line for k in CHARON_KEEP):
            out.append(line)
    return b'\n'.join(out) + b'\n'


class Corpus:
    def __init__(self, outdir, name):
        self.dir = os.path.join(outdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.n = 0
        self.seen = set()

    def add(self, data):
        if self.n >= MAX_PER_TARGET or not data:
            return
        h = hashlib.sha1(data).hexdigest()
        if h in self.seen:
            return
        self.seen.add(h)
        p = os.path.join(self.dir, h)
        if not os.path.exists(p):
            with open(p, 'wb') as f:
                f.write(data)
        self.n += 1


def files_under(top, suffixes, skip=()):
    out = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for fn in sorted(files):
            if fn.endswith(suffixes) and not any(s in root for s in skip):
                out.append(os.path.join(root, fn))
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        TOP, 'fuzz', 'corpus')
    c = {t: Corpus(outdir, 'fuzz_' + t) for t in (
        'ikev1', 'ikev2', 'plain', 'esp', 'keyfile', 'import', 'pipeline')}
    captures = (files_under(os.path.join(TOP, 'samples'),
                            ('.pcap', '.pcapng', '.cap')) +
                files_under(os.path.join(TOP, 'tests', 'data'),
                            ('.pcap', '.pcapng', '.cap')))
    for path in captures:
        nesp = 0
        for kind, data in packets(path):
            if kind == 'esp':
                # a few per capture, with each flags value in turn
                if nesp < ESP_PER_CAPTURE:
                    c['esp'].add(bytes([nesp % 8]) + data)
                nesp += 1
                continue
            major = data[17] >> 4 if len(data) > 17 else 0
            (c['ikev2'] if major == 2 else c['ikev1']).add(data)
            if len(data) > 28:
                flags = 1 if major == 2 else 0
                if major == 2:
                    flags |= 2 if data[19] & 0x20 else 0
                    flags |= 4 if data[19] & 0x08 else 0
                c['plain'].add(bytes([data[16], flags, data[18]]) +
                               data[28:])
    for path in captures:
        if os.path.getsize(path) <= PIPELINE_MAX_BYTES:
            with open(path, 'rb') as f:
                data = f.read()
            c['pipeline'].add(data)
    # Option bits (byte 8 of a pcap header) on the strongSwan samples:
    # idle sweep + NDJSON, and everything.
    for path in files_under(os.path.join(TOP, 'samples', 'strongswan'),
                            ('.pcap',)):
        with open(path, 'rb') as f:
            data = f.read()
        if len(data) > PIPELINE_MAX_BYTES or data[:2] not in (
                b'\xd4\xc3', b'\xa1\xb2', b'\x4d\x3c'):
            continue
        for opt in (0x03, 0x1f):
            c['pipeline'].add(data[:8] + bytes([opt]) + data[9:])
    for path in (files_under(os.path.join(TOP, 'samples'), ('.keys',)) +
                 files_under(os.path.join(TOP, 'tests', 'data'),
                             ('.keys',))):
        with open(path, 'rb') as f:
            c['keyfile'].add(f.read())
    # fuzz_import.c's format byte
    imports = []
    imp = os.path.join(TOP, 'tests', 'data', 'import')
    for path in files_under(imp, ('ikev1_decryption_table',)):
        imports.append((0, path))
    for path in files_under(imp, ('ikev2_decryption_table',)):
        imports.append((1, path))
    for path in files_under(imp, ('esp_sa',)):
        imports.append((2, path))
    for path in files_under(imp, ('secrets.txt',)):
        imports.append((3, path))
    for path in files_under(imp, ('.xfrm',)):
        imports.append((4, path))
    for path in files_under(os.path.join(TOP, 'samples', 'strongswan',
                                         'charon-log'), ('.log',)):
        imports.append((5, path))
    for path in files_under(os.path.join(TOP, 'tests', 'data', 'esp'),
                            ('.esp_sa',)):
        imports.append((6, path))
    for sel, path in imports:
        with open(path, 'rb') as f:
            data = f.read()
        if sel == 5:
            data = charon_trim(data)
        c['import'].add(bytes([sel]) + data)
    for t in sorted(c):
        print('%-10s %d' % (t, c[t].n))


if __name__ == '__main__':
    main()
