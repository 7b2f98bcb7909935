#!/usr/bin/env python3
"""esp_write.py - the checks behind tests/esp_write.sh.

    python3 tests/esp_write.py TOP IKESCOPE WORKDIR [NAME...]

TOP is the source tree, IKESCOPE the program to test, WORKDIR a scratch
directory.  The checks are about -w (--write-decrypted): ikescope writes a
pcapng with every packet of its input, in order, each ESP packet it
decrypted replaced by the packet it carried (tunnel mode: the inner IP
packet; transport mode: the outer IP header rebuilt around the payload),
as link type raw IP (LINKTYPE_RAW 101, or IPV4 228 / IPV6 229), with a
packet comment naming the SPI and the original frame.  tshark reads the
output (it is needed: esp_write.sh skips everything without it).

Two sets of captures, NAME being either:

  * tests/data/esp/NAME.pcap (Wireshark wiki and tcpdump ESP captures,
    see tests/data/esp/SOURCE.md), with NAME.keys:
        IKESCOPE -w WORKDIR/NAME.pcapng -k NAME.keys NAME.pcap
    What it must contain comes from NAME.oracle.tsv (tshark's decryption
    with the capture's esp_sa table, one row per ESP layer; see
    tests/data/esp/make_oracle.py) and, for the exact bytes, from tshark
    run again on the input with NAME.esp_sa;
  * samples/strongswan/NAME.pcap (real charon <-> charon, ESP in UDP
    4500, see its README), with NAME.min.keys (PSK and DH private values:
    the ESP keys are the ones ikescope derives through IKE).  What it must
    contain comes from tshark run on the input with the "esp" lines of
    NAME.full.keys (charon's logged keys) written as a Wireshark esp_sa
    table.

The checks, per capture, in this order:

  1. ikescope exits 0, with no sanitizer report on stderr, and writes a
     pcapng this script can read (section header, interface
     descriptions, enhanced / simple packet blocks);
  2. tshark decrypts every ESP layer of the input with the key table,
     and no ICV is bad (samples: every ICV is good; corpus: as many
     layers as NAME.oracle.tsv has rows);
  3. the output has as many packets as the input, for tshark and for
     this script's reader;
  4. no ESP layer is left in the output (top-level "esp" layers, as
     tshark dissects the output without keys; ESP quoted inside an ICMP
     error does not count);
  5. for every frame with decrypted ESP, the output packet of the same
     number carries the innermost ESP layer's packet: its first IP header
     has the expected version, source, destination and protocol (tunnel:
     the inner header's; transport: the header around that ESP layer,
     i.e. the innermost tunnel's inner header, or the frame's outer IP
     header), and the same UDP/TCP ports or ICMP type/code;
  6. those packets are raw IP, with a packet comment that names the
     frame number and one of the frame's SPIs (8 hex digits);
  7. their bytes are tshark's decryption: tunnel mode, exactly the inner
     IP packet (esp.contained_data of the innermost layer); transport
     mode, the carried payload after a rebuilt IP header whose length
     fields fit the packet (and whose IPv4 header checksum is right);
  8. frames without ESP are byte-identical (same link type, same bytes);
  samples/strongswan only:
  9. the known UDP payloads "ikescope-known-plaintext NAME N" occur in
     the output exactly as often as in tshark's decryption of the input
     (the datagram, and the copy quoted by the ICMP port unreachable);
 10. the ICMP echo requests and replies are there, as many as tshark
     decrypts.

Output records on standard output, one per line: PASS<TAB>what,
FAIL<TAB>what, SKIP<TAB>what<TAB>reason, DIAG<TAB>text (details of the
check before; at most 8 lines per check, 20 per capture).
"""

import importlib.util
import ipaddress
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True

DIAG_LINES = 20
CHECK_LINES = 8
RAW_LINKTYPES = (101, 228, 229)
SANITIZER = re.compile(r"runtime error|AddressSanitizer|LeakSanitizer|"
                       r"MemorySanitizer|ThreadSanitizer|"
                       r"UndefinedBehaviorSanitizer")
TSHARK_NOISE = re.compile(r"Running as user .* This could be dangerous")
PLAINTEXT = re.compile(rb"ikescope-known-plaintext [A-Za-z0-9_.-]+ [0-9]+")

# samples/strongswan key file names -> Wireshark 4.0 esp_sa strings
WS_ENCR = {"ENCR_NULL": "NULL", "ENCR_DES": "DES-CBC [RFC2405]",
           "ENCR_3DES": "TripleDES-CBC [RFC2451]",
           "ENCR_AES_CBC": "AES-CBC [RFC3602]",
           "ENCR_AES_CTR": "AES-CTR [RFC3686]",
           "ENCR_BLOWFISH": "BLOWFISH-CBC [RFC2451]",
           "ENCR_CAST": "CAST5-CBC [RFC2144]",
           "ENCR_AES_GCM_8": "AES-GCM with 8 octet ICV [RFC4106]",
           "ENCR_AES_GCM_12": "AES-GCM with 12 octet ICV [RFC4106]",
           "ENCR_AES_GCM_16": "AES-GCM with 16 octet ICV [RFC4106]"}
WS_INTEG = {"NONE": "NULL", "AUTH_HMAC_MD5_96": "HMAC-MD5-96 [RFC2403]",
            "AUTH_HMAC_SHA1_96": "HMAC-SHA-1-96 [RFC2404]",
            "AUTH_HMAC_SHA2_256_128": "HMAC-SHA-256-128 [RFC4868]",
            "AUTH_HMAC_SHA2_384_192": "HMAC-SHA-384-192 [RFC4868]",
            "AUTH_HMAC_SHA2_512_256": "HMAC-SHA-512-256 [RFC4868]",
            # tshark 4.0 has no XCBC/CMAC: it skips the ICV unchecked
            "AUTH_AES_XCBC_96": "ANY 96 bit authentication [no checking]",
            "AUTH_AES_CMAC_96": "ANY 96 bit authentication [no checking]"}
# ... and cannot decrypt these at all: samples using them are checked
# without tshark's decryption of the input (one_without_tshark()).
WS_MISSING = ("ENCR_AES_CCM_8", "ENCR_AES_CCM_12", "ENCR_AES_CCM_16",
              "ENCR_CHACHA20_POLY1305", "ENCR_CAMELLIA_CBC",
              "ENCR_CAMELLIA_CTR", "ENCR_NULL_AUTH_AES_GMAC")
UNCHECKED = ("AUTH_AES_XCBC_96", "AUTH_AES_CMAC_96")


def tshark_cannot(path):
    """The ENCR of the first esp line tshark 4.0 cannot decrypt, or None."""
    with open(path) as fh:
        for line in fh:
            f = line.split("#")[0].split()
            if len(f) >= 3 and f[0] == "esp" and f[2].upper() in WS_MISSING:
                return f[2]
    return None


def unchecked_icv(path):
    with open(path) as fh:
        return any(len(f) >= 5 and f[0] == "esp" and f[4].upper() in UNCHECKED
                   for f in (l.split("#")[0].split() for l in fh))


class Error(Exception):
    pass


class Results:
    def __init__(self, name):
        self.name = name
        self.recs = []
        self.budget = DIAG_LINES

    def check(self, ok, what, diags=()):
        diags = [str(d) for d in diags]
        # At most CHECK_LINES per check, DIAG_LINES per capture.
        room = min(self.budget, CHECK_LINES)
        if len(diags) > room:
            n = max(room - 1, 0)
            more = len(diags) - n
            diags = diags[:n]
            if room > 0:
                diags.append("... %d more not shown" % more)
        self.budget -= len(diags)
        self.recs.append(("PASS" if ok else "FAIL",
                          "%s: %s" % (self.name, what), diags))

    def skip(self, what, why):
        self.recs.append(("SKIP", "%s: %s" % (self.name, what), why))

    def write(self, out):
        for kind, what, extra in self.recs:
            if kind == "SKIP":
                out.write("SKIP\t%s\t%s\n" % (what, extra))
                continue
            out.write("%s\t%s\n" % (kind, what))
            for d in extra:
                for line in d.split("\n"):
                    out.write("DIAG\t%s: %s\n" % (self.name, line))


# --- capture files ---------------------------------------------------------

def read_capture(path):
    """[(link type, packet bytes)] of a pcap or pcapng file."""
    with open(path, "rb") as fh:
        buf = fh.read()
    if len(buf) < 4:
        raise Error("%s: %d bytes, not a capture" % (path, len(buf)))
    magic = buf[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1",
                 b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        return read_pcap(buf, path)
    if magic == b"\x0a\x0d\x0d\x0a":
        return read_pcapng(buf, path)
    raise Error("%s: not pcap or pcapng (magic %s)" % (path, magic.hex()))


def read_pcap(buf, path):
    e = "<" if buf[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    if len(buf) < 24:
        raise Error("%s: truncated pcap header" % path)
    link = struct.unpack(e + "I", buf[20:24])[0] & 0x0fffffff
    out, off = [], 24
    while off < len(buf):
        if off + 16 > len(buf):
            raise Error("%s: truncated record header at offset %d"
                        % (path, off))
        incl = struct.unpack(e + "I", buf[off + 8:off + 12])[0]
        if off + 16 + incl > len(buf):
            raise Error("%s: truncated record at offset %d" % (path, off))
        out.append((link, buf[off + 16:off + 16 + incl]))
        off += 16 + incl
    return out


def read_pcapng(buf, path):
    out, off, e, ifaces = [], 0, "<", []
    while off < len(buf):
        if off + 12 > len(buf):
            raise Error("%s: truncated block at offset %d" % (path, off))
        btype = buf[off:off + 4]
        if btype == b"\x0a\x0d\x0d\x0a":
            bom = buf[off + 8:off + 12]
            if bom == b"\x4d\x3c\x2b\x1a":
                e = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                e = ">"
            else:
                raise Error("%s: bad byte-order magic at offset %d"
                            % (path, off))
            ifaces = []
        t = struct.unpack(e + "I", btype)[0]
        blen = struct.unpack(e + "I", buf[off + 4:off + 8])[0]
        if blen < 12 or blen % 4 or off + blen > len(buf):
            raise Error("%s: bad block length %d at offset %d"
                        % (path, blen, off))
        if struct.unpack(e + "I", buf[off + blen - 4:off + blen])[0] != blen:
            raise Error("%s: block at offset %d: trailing length differs"
                        % (path, off))
        body = buf[off + 8:off + blen - 4]
        if t == 1:  # interface description
            if len(body) < 8:
                raise Error("%s: short IDB at offset %d" % (path, off))
            link, _, snap = struct.unpack(e + "HHI", body[:8])
            ifaces.append((link, snap))
        elif t == 6:  # enhanced packet
            if len(body) < 20:
                raise Error("%s: short EPB at offset %d" % (path, off))
            ifc, _, _, cap, _ = struct.unpack(e + "IIIII", body[:20])
            if ifc >= len(ifaces):
                raise Error("%s: EPB at offset %d names interface %d of %d"
                            % (path, off, ifc, len(ifaces)))
            if 20 + cap > len(body):
                raise Error("%s: EPB at offset %d: captured length %d "
                            "overruns the block" % (path, off, cap))
            out.append((ifaces[ifc][0], body[20:20 + cap]))
        elif t == 3:  # simple packet
            if not ifaces:
                raise Error("%s: SPB before any IDB" % path)
            orig = struct.unpack(e + "I", body[:4])[0]
            snap = ifaces[0][1] or orig
            cap = min(orig, snap, len(body) - 4)
            out.append((ifaces[0][0], body[4:4 + cap]))
        elif t == 2:  # obsolete packet block
            ifc, _, _, _, cap, _ = struct.unpack(e + "HHIIII", body[:20])
            if ifc >= len(ifaces):
                raise Error("%s: packet block names interface %d of %d"
                            % (path, ifc, len(ifaces)))
            out.append((ifaces[ifc][0], body[20:20 + cap]))
        off += blen
    return out


def ipv4_checksum_ok(hdr):
    s = 0
    for i in range(0, len(hdr), 2):
        s += (hdr[i] << 8) + (hdr[i + 1] if i + 1 < len(hdr) else 0)
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff


# --- tshark ----------------------------------------------------------------

def run(cmd, env=None, timeout=600):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %d s" % timeout
    except OSError as e:
        return None, b"", "cannot run: %s" % e
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def tshark_pdml(path, conf, esp_sa_rows=None):
    """The PDML root of tshark's dissection of path; with esp_sa_rows (the
    lines of an esp_sa table) ESP decryption and ICV checking are on."""
    os.makedirs(conf, exist_ok=True)
    cmd = ["tshark", "-n", "-r", path]
    if esp_sa_rows is not None:
        with open(os.path.join(conf, "esp_sa"), "w") as fh:
            fh.write("".join(r.rstrip("\n") + "\n" for r in esp_sa_rows))
        cmd += ["-o", "esp.enable_encryption_decode:TRUE",
                "-o", "esp.enable_authentication_check:TRUE",
                "-o", "esp.enable_null_encryption_decode_heuristic:FALSE"]
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=conf)
    env.pop("WIRESHARK_RUN_FROM_BUILD_DIRECTORY", None)
    rc, out, err = run(cmd + ["-T", "pdml"], env=env)
    errs = [l for l in err.split("\n")
            if l.strip() and not TSHARK_NOISE.search(l)]
    if rc != 0 or errs:
        raise Error("tshark -r %s: exit %s; %s" % (
            os.path.basename(path), rc, "; ".join(errs[:5]) or "no message"))
    try:
        return ET.fromstring(out)
    except ET.ParseError as e:
        raise Error("tshark -r %s: no valid PDML: %s"
                    % (os.path.basename(path), e))


def kshow(e, name):
    for c in e:
        if c.tag == "field" and c.get("name") == name:
            return c.get("show")
    return None


def pdml_frames(root):
    """{frame number: [(layer name, element), ...] (top level)}, and
    {frame number: [comment, ...]}."""
    frames, comments = {}, {}
    for pkt in root.findall("packet"):
        protos = pkt.findall("proto")
        fr = [p for p in protos if p.get("name") == "frame"]
        if not fr:
            continue
        n = int(kshow(fr[0], "frame.number"))
        frames[n] = [(p.get("name"), p) for p in protos]
        comments[n] = [f.get("show") or "" for f in pkt.iter("field")
                       if f.get("name") == "frame.comment"]
    return frames, comments


def first_ip(layers, before=None):
    """(version, src, dst, protocol, index) of the first top-level IP
    layer (or, with before, the last one before that index)."""
    found = None
    for i, (n, p) in enumerate(layers):
        if before is not None and i >= before:
            break
        if n in ("ip", "ipv6"):
            v = "4" if n == "ip" else "6"
            found = (v, kshow(p, n + ".src"), kshow(p, n + ".dst"),
                     kshow(p, "ip.proto" if n == "ip" else "ipv6.nxt"), i)
            if before is None:
                return found
    return found


def carried(layers):
    """What the first IP packet of an output frame is: a dict with the
    oracle's column names."""
    ip = first_ip(layers)
    d = dict.fromkeys(("inner_version", "inner_src", "inner_dst",
                       "inner_proto", "sport", "dport", "icmp_type",
                       "icmp_code"))
    if ip is None:
        return d
    d.update(inner_version=ip[0], inner_src=ip[1], inner_dst=ip[2],
             inner_proto=ip[3])
    for n, p in layers[ip[4] + 1:]:
        if n in ("udp", "tcp"):
            d.update(sport=kshow(p, n + ".srcport"),
                     dport=kshow(p, n + ".dstport"))
            break
        if n in ("icmp", "icmpv6"):
            d.update(icmp_type=kshow(p, n + ".type"),
                     icmp_code=kshow(p, n + ".code"))
            break
        if n in ("ip", "ipv6", "esp"):
            break
    return d


def top_esp(layers):
    """Whether an ESP layer is left at the top level (not in ICMP)."""
    return any(n == "esp" for n, _ in layers)


def same(col, mine, theirs):
    if theirs in (None, "-"):
        return mine in (None, "", "-")
    if mine in (None, ""):
        return False
    if col in ("inner_src", "inner_dst"):
        try:
            return ipaddress.ip_address(mine) == ipaddress.ip_address(theirs)
        except ValueError:
            return False
    try:
        return int(str(mine), 0) == int(str(theirs), 0)
    except ValueError:
        return str(mine) == str(theirs)


# --- expectations ----------------------------------------------------------

def load_make_oracle(top):
    path = os.path.join(top, "tests", "data", "esp", "make_oracle.py")
    spec = importlib.util.spec_from_file_location("make_oracle", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_oracle(path, columns):
    rows = []
    with open(path) as fh:
        head = tuple(fh.readline().rstrip("\n").split("\t"))
        if head != tuple(columns):
            raise Error("%s: unexpected header" % path)
        for no, line in enumerate(fh, 2):
            f = line.rstrip("\n").split("\t")
            if len(f) != len(columns):
                raise Error("%s:%d: %d columns" % (path, no, len(f)))
            rows.append(dict(zip(columns, f)))
    return rows


def contained(root):
    """{frame: [esp.contained_data bytes of each top-level ESP layer]}."""
    out = {}
    for pkt in root.findall("packet"):
        protos = pkt.findall("proto")
        n = None
        for p in protos:
            if p.get("name") == "frame":
                n = int(kshow(p, "frame.number"))
        for p in protos:
            if p.get("name") != "esp":
                continue
            f = p.find(".//field[@name='esp.contained_data']")
            v = f.get("value") if f is not None else None
            out.setdefault(n, []).append(bytes.fromhex(v) if v else None)
    return out


def expectations(rows, in_frames):
    """{frame: (rows of the frame, expected carried packet)}."""
    by_frame = {}
    for r in rows:
        by_frame.setdefault(int(r["frame"]), []).append(r)
    exp = {}
    for f, rs in by_frame.items():
        last = rs[-1]
        e = {k: last[k] for k in ("inner_proto", "sport", "dport",
                                  "icmp_type", "icmp_code")}
        if last["inner_version"] != "-":
            e.update(inner_version=last["inner_version"],
                     inner_src=last["inner_src"],
                     inner_dst=last["inner_dst"])
        else:
            tun = [r for r in rs[:-1] if r["inner_version"] != "-"]
            if tun:
                enc = (tun[-1]["inner_version"], tun[-1]["inner_src"],
                       tun[-1]["inner_dst"])
            else:
                layers = in_frames.get(f) or []
                esp_at = [i for i, (n, _) in enumerate(layers)
                          if n == "esp"]
                ip = first_ip(layers, esp_at[0]) if esp_at else None
                enc = ip[:3] if ip else ("?", "?", "?")
            e.update(inner_version=enc[0], inner_src=enc[1],
                     inner_dst=enc[2])
        exp[f] = (rs, e)
    return exp


def esp_sa_from_keys(path):
    """The esp lines of a key file as esp_sa rows."""
    rows = []
    with open(path) as fh:
        for no, line in enumerate(fh, 1):
            f = line.split("#")[0].split()
            if not f or f[0] != "esp":
                continue
            if len(f) != 8:
                raise Error("%s:%d: esp line with %d fields, 8 expected"
                            % (path, no, len(f)))
            _, spi, e, ek, i, ik, src, dst = f
            if e.upper() not in WS_ENCR or i.upper() not in WS_INTEG:
                raise Error("%s:%d: no esp_sa string for %s / %s"
                            % (path, no, e, i))
            fam = "IPv6" if ":" in src + dst else "IPv4"
            k = lambda x: "" if x == "-" else "0x" + x.lower().replace(
                "0x", "", 1)
            rows.append('"%s","%s","%s","%s","%s","%s","%s","%s"' % (
                fam, src, dst, spi if spi == "*" else "0x" + spi,
                WS_ENCR[e.upper()], k(ek), WS_INTEG[i.upper()], k(ik)))
    return rows


# --- one capture -----------------------------------------------------------

def one(mo, name, pcap, keys, esp_sa_rows, oracle, work, samples):
    r = Results(name)
    wd = os.path.join(work, name)
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    out = os.path.join(wd, "out.pcapng")

    # 1. ikescope
    rc, _, err = run([IKESCOPE, "-w", out, "-k", keys, pcap])
    diags, written = [], None
    if rc is None:
        diags.append("ikescope " + err)
    elif rc != 0:
        diags.append("exit status %d" % rc)
    if SANITIZER.search(err):
        diags.append("sanitizer report on stderr")
    if rc is not None and os.path.exists(out):
        try:
            written = read_capture(out)
        except (Error, struct.error) as e:
            diags.append("the output is no readable pcapng: %s" % e)
    elif rc is not None:
        diags.append("no output file %s" % os.path.basename(out))
    if diags and err.strip():
        diags += ["stderr: " + l for l in err.strip().split("\n")[:8]]
    r.check(rc == 0 and not SANITIZER.search(err) and written is not None,
            "ikescope -w OUT -k %s runs cleanly and writes a pcapng"
            % os.path.basename(keys), diags)

    # 2. tshark decrypts the input
    what2 = "tshark decrypts every ESP layer of the input with %s" % (
        "the esp lines of %s.full.keys" % name if samples else
        name + ".esp_sa")
    try:
        original = read_capture(pcap)
        in_root = tshark_pdml(pcap, os.path.join(wd, "conf-in"), esp_sa_rows)
        in_frames, _ = pdml_frames(in_root)
        rows, _ = mo.esp_rows(in_root, name)
        rows = [dict(r2) for r2 in rows]
        got = contained(in_root)
    except (Error, mo.Error, OSError, struct.error) as e:
        r.check(False, what2, [str(e)])
        return r
    d2 = ["frame %s spi %s: tshark's ICV verdict is %s" % (
        x["frame"], x["spi"], x["icv"]) for x in rows
        if x["icv"] == "bad" or (samples and x["icv"] != "good" and
                                 not unchecked_icv(keys.replace(
                                     ".min.keys", ".full.keys")))]
    if oracle is not None:
        if len(rows) != len(oracle):
            d2.append("tshark now decrypts %d ESP layers, %s.oracle.tsv "
                      "has %d rows" % (len(rows), name, len(oracle)))
        rows = oracle
    r.check(not d2, what2 + " (%d layers in %d frames)" % (
        len(rows), len({x["frame"] for x in rows})), d2)

    if written is None:
        for what in CHECK_NAMES[2:8] + (CHECK_NAMES[8:] if samples else ()):
            r.check(False, what, ["not checked: no output to read"])
        return r
    try:
        out_root = tshark_pdml(out, os.path.join(wd, "conf-out"))
        out_frames, comments = pdml_frames(out_root)
    except Error as e:
        for what in CHECK_NAMES[2:8] + (CHECK_NAMES[8:] if samples else ()):
            r.check(False, what, ["tshark cannot read the output: %s" % e])
        return r
    exp = expectations(rows, in_frames)

    # 3. packet count
    d = []
    if len(out_frames) != len(original):
        d.append("tshark reads %d packets in the output, the input has %d"
                 % (len(out_frames), len(original)))
    if len(written) != len(original):
        d.append("the output has %d packet blocks, the input %d packets"
                 % (len(written), len(original)))
    r.check(not d, CHECK_NAMES[2] + " (%d)" % len(original), d)

    # 4. no ESP left
    d = ["output packet %d (frame %d of the input): an ESP layer is left "
         "(%s)" % (f, f, ":".join(n for n, _ in out_frames[f][2:]))
         for f in sorted(out_frames) if top_esp(out_frames[f])]
    r.check(not d, CHECK_NAMES[3], d)

    # 5. the carried packet
    d = []
    cols = ("inner_version", "inner_src", "inner_dst", "inner_proto",
            "sport", "dport", "icmp_type", "icmp_code")
    for f in sorted(exp):
        rs, e = exp[f]
        layers = out_frames.get(f)
        at = "frame %d spi %s" % (f, rs[-1]["spi"])
        if layers is None:
            d.append("%s: no output packet %d" % (at, f))
            continue
        c = carried(layers)
        if c["inner_version"] is None:
            d.append("%s: the output packet has no IP header (%s)" % (
                at, ":".join(n for n, _ in layers[2:])))
            continue
        for k in cols:
            if not same(k, c[k], e[k]):
                d.append("%s: output %s %s, tshark %s" % (
                    at, k, c[k] if c[k] not in (None, "") else "none",
                    "none" if e[k] in (None, "-") else e[k]))
    r.check(not d, CHECK_NAMES[4] + " (%d frames)" % len(exp), d)

    # 6. raw IP, comment
    d = []
    for f in sorted(exp):
        rs, _ = exp[f]
        if f > len(written):
            continue
        link = written[f - 1][0]
        if link not in RAW_LINKTYPES:
            d.append("frame %d: output link type %d, not raw IP" % (f, link))
        text = " ".join(comments.get(f) or [])
        spis = {x["spi"] for x in rs}
        if not text:
            d.append("frame %d: no packet comment" % f)
            continue
        if not re.search(r"(?<![0-9])%d(?![0-9])" % f, text):
            d.append("frame %d: the comment does not name frame %d: %r"
                     % (f, f, text[:120]))
        if not any(re.search(r"(?i)(?<![0-9a-f])(0x)?%s(?![0-9a-f])" % s,
                             text) for s in spis):
            d.append("frame %d: the comment names no SPI of the frame (%s):"
                     " %r" % (f, ",".join(sorted(spis)), text[:120]))
    r.check(not d, CHECK_NAMES[5], d)

    # 7. bytes
    d = []
    for f in sorted(exp):
        rs, e = exp[f]
        if f > len(written):
            continue
        data = written[f - 1][1]
        inner = (got.get(f) or [None])[-1] if len(got.get(f) or []) == \
            len(rs) else None
        at = "frame %d spi %s" % (f, rs[-1]["spi"])
        if inner is None:
            d.append("%s: tshark shows no decrypted bytes for this layer"
                     % at)
            continue
        if rs[-1]["inner_version"] != "-":
            if data != inner:
                d.append("%s: the output packet (%d bytes) is not the inner "
                         "packet tshark decrypts (%d bytes)%s" % (
                             at, len(data), len(inner), first_diff(
                                 data, inner)))
            continue
        # transport: rebuilt header + payload
        if not data.endswith(inner) or len(data) <= len(inner):
            d.append("%s: the output packet (%d bytes) does not end with "
                     "the %d-byte payload tshark decrypts" % (
                         at, len(data), len(inner)))
            continue
        hdr = data[:len(data) - len(inner)]
        v = data[0] >> 4
        if v == 4:
            ihl = (data[0] & 15) * 4
            tot = struct.unpack(">H", data[2:4])[0]
            if ihl != len(hdr):
                d.append("%s: IPv4 header length %d, but %d bytes precede "
                         "the payload" % (at, ihl, len(hdr)))
            if tot != len(data):
                d.append("%s: IPv4 total length %d, packet %d bytes"
                         % (at, tot, len(data)))
            if len(data) >= ihl >= 20 and not ipv4_checksum_ok(data[:ihl]):
                d.append("%s: bad IPv4 header checksum in the rebuilt "
                         "header" % at)
            if len(data) > 9 and str(data[9]) != e["inner_proto"] and \
                    ihl == 20:
                d.append("%s: IPv4 protocol %d, tshark %s"
                         % (at, data[9], e["inner_proto"]))
        elif v == 6:
            plen = struct.unpack(">H", data[4:6])[0]
            if plen + 40 != len(data):
                d.append("%s: IPv6 payload length %d, packet %d bytes"
                         % (at, plen, len(data)))
        else:
            d.append("%s: the output packet starts with IP version %d"
                     % (at, v))
    r.check(not d, CHECK_NAMES[6], d)

    # 8. frames without ESP
    d = []
    same_n = 0
    for i, (link, data) in enumerate(original, 1):
        if i in exp:
            continue
        if i > len(written):
            d.append("frame %d: no output packet" % i)
            continue
        ol, od = written[i - 1]
        if ol != link or od != data:
            d.append("frame %d: output differs from the input (link type "
                     "%d -> %d, %d -> %d bytes)%s" % (
                         i, link, ol, len(data), len(od),
                         first_diff(od, data)))
        else:
            same_n += 1
    r.check(not d, CHECK_NAMES[7] + " (%d frames)" % (
        len(original) - len(exp)), d)

    if not samples:
        return r

    # 9. known plaintext
    want, have = {}, {}
    for i, (link, data) in enumerate(original, 1):
        blob = data
        if i in exp:
            blob = (got.get(i) or [b""])[-1] or b""
        for m in PLAINTEXT.findall(blob):
            want[m] = want.get(m, 0) + 1
    for link, data in written:
        for m in PLAINTEXT.findall(data):
            have[m] = have.get(m, 0) + 1
    if not want and not have:
        r.skip(CHECK_NAMES[8], "no known plaintext in tshark's decryption "
               "of the input")
    else:
        d = ["%r: %d in the output, %d in tshark's decryption" % (
            k.decode(), have.get(k, 0), want.get(k, 0))
            for k in sorted(set(want) | set(have))
            if have.get(k, 0) != want.get(k, 0)]
        r.check(not d, CHECK_NAMES[8] + " (%s)" % ", ".join(
            "'%s' x%d" % (k.decode(), v) for k, v in sorted(want.items())),
            d)

    # 10. ICMP echo
    t_req = sum(1 for f in exp if exp[f][1]["icmp_type"] == "8")
    t_rep = sum(1 for f in exp if exp[f][1]["icmp_type"] == "0")
    o_req = o_rep = 0
    for f in exp:
        c = carried(out_frames.get(f) or [])
        if c["inner_proto"] == "1":
            o_req += c["icmp_type"] == "8"
            o_rep += c["icmp_type"] == "0"
    if not t_req and not t_rep:
        r.skip(CHECK_NAMES[9], "tshark decrypts no ICMP echo")
    else:
        d = []
        if (o_req, o_rep) != (t_req, t_rep):
            d.append("output: %d echo requests, %d replies; tshark's "
                     "decryption: %d, %d" % (o_req, o_rep, t_req, t_rep))
        r.check(not d, CHECK_NAMES[9] + " (%d requests, %d replies)"
                % (t_req, t_rep), d)
    return r


def one_without_tshark(name, pcap, keys, work, why):
    """A sample whose ESP tshark 4.0 cannot decrypt: the output alone is
    checked (read by tshark), against what the generator sent."""
    r = Results(name)
    wd = os.path.join(work, name)
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    out = os.path.join(wd, "out.pcapng")
    rc, _, err = run([IKESCOPE, "-w", out, "-k", keys, pcap])
    ok = rc == 0 and not SANITIZER.search(err) and os.path.exists(out)
    r.check(ok, "ikescope -w OUT -k %s runs cleanly and writes a pcapng"
            % os.path.basename(keys),
            [] if ok else ["exit status %s" % rc] + err.strip().split("\n")[:8])
    r.skip(CHECK_NAMES[1], "tshark 4.0 cannot decrypt %s" % why)
    if not ok:
        return r
    original = read_capture(pcap)
    written = read_capture(out)
    out_frames, _ = pdml_frames(tshark_pdml(out, os.path.join(wd, "conf")))
    d = [] if len(written) == len(original) == len(out_frames) else [
        "input %d, output %d blocks, tshark reads %d" % (
            len(original), len(written), len(out_frames))]
    r.check(not d, CHECK_NAMES[2] + " (%d)" % len(original), d)
    d = ["output packet %d: an ESP layer is left" % f
         for f in sorted(out_frames) if top_esp(out_frames[f])]
    r.check(not d, CHECK_NAMES[3], d)
    have = {}
    for link, data in written:
        for m in PLAINTEXT.findall(data):
            have[m] = have.get(m, 0) + 1
    want = ("ikescope-known-plaintext %s 1" % name).encode()
    r.check(have.get(want, 0) >= 1, "the known UDP payload '%s' is in the "
            "output" % want.decode(),
            [] if have.get(want, 0) else ["found: %r" % have])
    req = rep_ = 0
    for f in out_frames:
        c = carried(out_frames[f])
        if c["inner_proto"] == "1":
            req += c["icmp_type"] == "8"
            rep_ += c["icmp_type"] == "0"
    r.check(req > 0 and req == rep_, "ICMP echo requests and replies are "
            "there (%d, %d)" % (req, rep_))
    return r


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "; first difference at byte %d" % i
    return ""


CHECK_NAMES = (
    "ikescope -w runs cleanly",
    "tshark decrypts the input",
    "the output has as many packets as the input",
    "no ESP layer is left in the output",
    "decrypted frames carry the innermost ESP layer's packet (IP version, "
    "addresses, protocol, ports, ICMP)",
    "decrypted frames are raw IP with a comment naming the frame and SPI",
    "decrypted frames hold tshark's decrypted bytes (tunnel: the inner "
    "packet; transport: payload after a consistent rebuilt IP header)",
    "frames without ESP are byte-identical",
    "the known UDP payloads occur as often as in tshark's decryption",
    "ICMP echo requests and replies are there, as in tshark's decryption",
)


def main():
    global IKESCOPE
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    top, IKESCOPE, work = sys.argv[1:4]
    data = os.path.join(top, "tests", "data", "esp")
    samples = os.path.join(top, "samples", "strongswan")
    mo = load_make_oracle(top)
    corpus = sorted(f[:-len(".oracle.tsv")] for f in os.listdir(data)
                    if f.endswith(".oracle.tsv"))
    scen = sorted(f[:-len(".pcap")] for f in os.listdir(samples)
                  if f.endswith(".pcap")) if os.path.isdir(samples) else []
    names = sys.argv[4:] or corpus + scen
    for name in names:
        try:
            if name in corpus:
                base = os.path.join(data, name)
                with open(base + ".esp_sa") as fh:
                    table = [l for l in fh if l.strip() and
                             not l.lstrip().startswith("#")]
                res = one(mo, name, base + ".pcap", base + ".keys", table,
                          read_oracle(base + ".oracle.tsv", mo.COLUMNS),
                          work, False)
            elif name in scen and tshark_cannot(
                    os.path.join(samples, name + ".full.keys")):
                base = os.path.join(samples, name)
                res = one_without_tshark(
                    name, base + ".pcap", base + ".min.keys", work,
                    tshark_cannot(base + ".full.keys"))
            elif name in scen:
                base = os.path.join(samples, name)
                res = one(mo, name, base + ".pcap", base + ".min.keys",
                          esp_sa_from_keys(base + ".full.keys"), None, work,
                          True)
            else:
                res = Results(name)
                res.check(False, "is a capture of tests/data/esp or "
                          "samples/strongswan", ["no such capture"])
        except Exception as e:  # report it, and go on with the others
            res = Results(name)
            res.check(False, "the checks ran to the end",
                      ["%s: %s" % (type(e).__name__, e)])
        res.write(sys.stdout)
        sys.stdout.flush()
    return 0


IKESCOPE = None

if __name__ == "__main__":
    sys.exit(main())
