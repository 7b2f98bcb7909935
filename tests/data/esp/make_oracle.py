#!/usr/bin/env python3
"""make_oracle.py - the ESP oracle of tests/esp_corpus.sh and esp_write.sh.

    python3 tests/data/esp/make_oracle.py [--check] [--corpus DIR] [NAME...]

For every capture NAME.pcap of this directory that has a Wireshark key
table NAME.esp_sa beside it (or only the NAMEs given), it writes

  NAME.keys        the esp_sa table converted to ikescope's key file
                   format (the "esp" lines of ikescope(1)); see KEY FILES;
  NAME.oracle.tsv  what TShark decrypts with the original table; see
                   ORACLE.

Both are committed: the tests read them and need no tshark for that
(esp_write.sh runs tshark on ikescope's output, and skips without it).
Run this again only when a capture or a table changes, or to check the
committed files with another tshark: --check regenerates into memory and
reports every difference instead of writing (exit 1 on a difference).
--corpus DIR cross-checks the totals with the reference summaries
DIR/**/NAME.tshark.summary (TShark 4.0.17, made when the corpus was
collected) and reports any difference.  Needs tshark (made with 4.0.17);
uses only the Python standard library.

ORACLE
------
tshark is run once per capture, with a private configuration directory
(WIRESHARK_CONFIG_DIR) holding only NAME.esp_sa as "esp_sa":

    tshark -n -r NAME.pcap -o esp.enable_encryption_decode:TRUE
           -o esp.enable_authentication_check:TRUE
           -o esp.enable_null_encryption_decode_heuristic:FALSE -T pdml

The PDML lists each frame's protocol layers in order.  Every top-level
"esp" layer is one row (a frame with nested ESP has one row per layer,
outer first).  ESP headers that TShark dissects inside the quoted packet
of an ICMP error are not top-level layers and are not rows: they are not
ESP packets of the flow (tests/tshark.sh treats them the same way).
Columns, tab-separated, "-" for a value that does not apply:

  frame         frame number (1-based, as in the capture)
  spi           the SPI, 8 lowercase hex digits
  seq           the sequence number, decimal
  icv           good | bad (esp.icv_good / esp.icv_bad), unchecked (an ICV
                is there but not checked: "ANY 96 bit authentication [no
                checking]"), none (NULL authentication: no ICV)
  inner_version 4 | 6 in tunnel mode (next header 4 or 41: the version of
                the inner IP header); - in transport mode
  inner_src     inner IP source, tunnel mode; - in transport mode
  inner_dst     inner IP destination, tunnel mode; - in transport mode
  inner_proto   tunnel mode: the inner IP header's protocol (IPv4
                ip.proto, IPv6 ipv6.nxt of the fixed header); transport
                mode: ESP's next header; 50 when the layer carries another
                ESP packet
  sport dport   UDP / TCP ports of the carried packet
  icmp_type icmp_code   ICMP / ICMPv6 type and code of the carried packet

Every row's layer must have been decrypted by tshark (ESP Decrypted Data
present); the script stops if one was not, since the tests take every row
as "decrypts".  It also counts, for the summary it prints, the carried
ICMP/UDP/TCP checksums tshark found good: for the tcpdump captures, whose
ICV cannot be checked, that is the evidence the decryption is right.

KEY FILES
---------
Wireshark's esp_sa rows are "IPv4"|"IPv6", src, dst, SPI, encryption,
encryption key, authentication, authentication key.  Each becomes

    esp SPI ENCR KEY INTEG KEY SRC DST

  - SPI: Wireshark reads it with strtoul(s, NULL, 0): "10" is decimal 10
    (0000000a), "0x12345678" is hex; "*" (any SPI) stays "*";
  - keys: a "0x..." key is hex (an odd number of digits gets a leading 0,
    as Wireshark's compute_ascii_key does); any other key is ASCII text,
    written as the hex of its bytes ("aescbcencryption" ->
    6165736362636...); an empty key is "-";
  - algorithms: the names in ENCR_NAMES / INTEG_NAMES below; "ANY 96 bit
    authentication [no checking]" becomes ANY_96 (a 12-byte ICV whose key
    is unknown: not checked);
  - addresses: as in the table, "*" stays "*"; the IPv4/IPv6 column is
    implied by the addresses.
Each converted line follows a comment with the original row.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

ENCR_NAMES = {
    "NULL": "ENCR_NULL",
    "DES-CBC [RFC2405]": "ENCR_DES",
    "TripleDES-CBC [RFC2451]": "ENCR_3DES",
    "AES-CBC [RFC3602]": "ENCR_AES_CBC",
    "AES-CTR [RFC3686]": "ENCR_AES_CTR",
    "BLOWFISH-CBC [RFC2451]": "ENCR_BLOWFISH",
    "TWOFISH-CBC": "ENCR_TWOFISH_CBC",
    "CAST5-CBC [RFC2144]": "ENCR_CAST",
    "AES-GCM with 8 octet ICV [RFC4106]": "ENCR_AES_GCM_8",
    "AES-GCM with 12 octet ICV [RFC4106]": "ENCR_AES_GCM_12",
    "AES-GCM with 16 octet ICV [RFC4106]": "ENCR_AES_GCM_16",
}
INTEG_NAMES = {
    "NULL": "NONE",
    "HMAC-SHA-1-96 [RFC2404]": "AUTH_HMAC_SHA1_96",
    "HMAC-MD5-96 [RFC2403]": "AUTH_HMAC_MD5_96",
    "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]":
        "AUTH_HMAC_SHA2_256_96",
    "HMAC-SHA-256-128 [RFC4868]": "AUTH_HMAC_SHA2_256_128",
    "HMAC-SHA-384-192 [RFC4868]": "AUTH_HMAC_SHA2_384_192",
    "HMAC-SHA-512-256 [RFC4868]": "AUTH_HMAC_SHA2_512_256",
    "ANY 64 bit authentication [no checking]": "ANY_64",
    "ANY 96 bit authentication [no checking]": "ANY_96",
    "ANY 128 bit authentication [no checking]": "ANY_128",
    "ANY 192 bit authentication [no checking]": "ANY_192",
    "ANY 256 bit authentication [no checking]": "ANY_256",
}

COLUMNS = ("frame", "spi", "seq", "icv", "inner_version", "inner_src",
           "inner_dst", "inner_proto", "sport", "dport", "icmp_type",
           "icmp_code")

TSHARK_NOISE = re.compile(r"Running as user .* This could be dangerous")


class Error(Exception):
    pass


# --- esp_sa -> key file ------------------------------------------------------

def uat_fields(line):
    """The fields of one UAT line: "quoted" (\\xHH and \\\\ escapes) or
    bare, separated by commas."""
    out, i, n = [], 0, len(line)
    while True:
        if i < n and line[i] == '"':
            i += 1
            buf = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    if line[i + 1] == "x" and i + 3 < n:
                        buf.append(chr(int(line[i + 2:i + 4], 16)))
                        i += 4
                        continue
                    buf.append(line[i + 1])
                    i += 2
                    continue
                buf.append(line[i])
                i += 1
            if i >= n:
                raise Error("unterminated quoted field")
            i += 1
            out.append("".join(buf))
        else:
            j = line.find(",", i)
            j = n if j < 0 else j
            out.append(line[i:j].strip())
            i = j
        if i >= n:
            return out
        if line[i] != ",":
            raise Error("expected ',' at column %d" % (i + 1))
        i += 1


def read_esp_sa(path):
    """[(line number, raw line, fields)] of the table's rows."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for no, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                f = uat_fields(line)
            except Error as e:
                raise Error("%s:%d: %s" % (path, no, e))
            if len(f) != 8:
                raise Error("%s:%d: %d fields, esp_sa has 8"
                            % (path, no, len(f)))
            rows.append((no, line, f))
    return rows


def c_strtoul(s):
    s = s.strip()
    if s.lower().startswith("0x"):
        return int(s[2:], 16)
    if len(s) > 1 and s.startswith("0"):
        return int(s[1:], 8)
    return int(s, 10)


def conv_spi(s):
    if s == "*":
        return "*"
    if "*" in s:
        raise Error("SPI %r: a partial wildcard has no key file form" % s)
    return "%08x" % c_strtoul(s)


def conv_key(s):
    if s == "":
        return "-"
    if len(s) > 2 and s[0] == "0" and s[1] in "xX":
        h = s[2:]
        if len(h) % 2:
            h = "0" + h
        bytes.fromhex(h)  # must be hex
        return h.lower()
    return s.encode("latin-1").hex()


def convert(name, rows):
    lines = [
        "# ikescope key file for %s.pcap, converted from %s.esp_sa" % (
            name, name),
        "# (the Wireshark esp_sa table that came with the capture, see",
        "# SOURCE.md) by make_oracle.py: one esp line per table row, in "
        "order.",
        "# SPI: Wireshark reads it as C strtoul(s, 0): \"10\" is decimal "
        "(0000000a),",
        "# \"0x..\" hex, \"*\" any SPI.  Keys: \"0x..\" is hex (an odd "
        "digit count gets",
        "# a leading 0, as Wireshark does); any other key is ASCII text, "
        "written as",
        "# the hex of its bytes; an empty key is \"-\".  \"ANY 96 bit "
        "authentication",
        "# [no checking]\" is ANY_96: a 12-byte ICV whose key is unknown.",
        "# esp SPI ENCR KEY INTEG KEY SRC DST",
    ]
    notes = []
    for no, raw, f in rows:
        fam, src, dst, spi, encr, ekey, integ, ikey = f
        if fam not in ("IPv4", "IPv6"):
            raise Error("%s.esp_sa:%d: protocol %r" % (name, no, fam))
        if encr not in ENCR_NAMES:
            raise Error("%s.esp_sa:%d: no key file name for encryption %r"
                        % (name, no, encr))
        if integ not in INTEG_NAMES:
            raise Error("%s.esp_sa:%d: no key file name for "
                        "authentication %r" % (name, no, integ))
        ek, ik = conv_key(ekey), conv_key(ikey)
        if ekey.lower().startswith("0x") and len(ekey) % 2:
            notes.append("%s.esp_sa:%d: encryption key %s has an odd number "
                         "of hex digits; Wireshark reads it with a leading "
                         "0: %s" % (name, no, ekey, ek))
        lines.append("# esp_sa line %d: %s" % (no, raw))
        lines.append(" ".join(["esp", conv_spi(spi), ENCR_NAMES[encr], ek,
                               INTEG_NAMES[integ], ik, src or "*",
                               dst or "*"]))
    return "\n".join(lines) + "\n", notes


# --- tshark -> oracle rows ---------------------------------------------------

def kid(e, name):
    for c in e:
        if c.tag == "field" and c.get("name") == name:
            return c
    return None


def kshow(e, name):
    c = kid(e, name)
    return None if c is None else c.get("show")


def deep(e, name):
    return e.find(".//field[@name='%s']" % name)


def num(s):
    if s is None:
        return None
    return int(s, 16) if s.lower().startswith("0x") else int(s)


def run_tshark(pcap, esp_sa):
    conf = tempfile.mkdtemp(prefix="make_oracle.")
    try:
        shutil.copyfile(esp_sa, os.path.join(conf, "esp_sa"))
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=conf)
        env.pop("WIRESHARK_RUN_FROM_BUILD_DIRECTORY", None)
        p = subprocess.run(
            ["tshark", "-n", "-r", pcap,
             "-o", "esp.enable_encryption_decode:TRUE",
             "-o", "esp.enable_authentication_check:TRUE",
             "-o", "esp.enable_null_encryption_decode_heuristic:FALSE",
             "-T", "pdml"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env)
    finally:
        shutil.rmtree(conf, ignore_errors=True)
    err = [l for l in p.stderr.decode("utf-8", "replace").split("\n")
           if l.strip() and not TSHARK_NOISE.search(l)]
    if p.returncode or err:
        raise Error("tshark on %s: exit %d; %s"
                    % (pcap, p.returncode, "; ".join(err[:5])))
    return ET.fromstring(p.stdout)


CHECKSUM_STATUS = {"ip": None, "icmp": "icmp.checksum.status",
                   "icmpv6": "icmpv6.checksum.status",
                   "udp": "udp.checksum.status",
                   "tcp": "tcp.checksum.status"}


def esp_rows(root, name):
    """The rows, and statistics for the summary."""
    rows = []
    st = {"frames": 0, "esp_frames": 0, "nested_frames": 0, "quoted": 0,
          "cksum_good": 0, "cksum_other": 0, "tunnel": 0, "transport": 0,
          "udp_encap": 0}
    for pkt in root.findall("packet"):
        st["frames"] += 1
        protos = pkt.findall("proto")
        names = [p.get("name") for p in protos]
        frame = int(kshow(protos[names.index("frame")], "frame.number"))
        idx = [i for i, n in enumerate(names) if n == "esp"]
        # ESP quoted in ICMP errors: nested "esp" protos, not top level.
        anywhere = pkt.findall(".//proto[@name='esp']")
        st["quoted"] += len(anywhere) - len(idx)
        # Frame counts as the corpus *.tshark.summary has them: frames
        # with an ESP layer anywhere (quoted ones included), decrypted,
        # with a good / bad ICV somewhere.
        if anywhere:
            fs = st.setdefault("by_frame", dict.fromkeys(
                ("esp_frames", "esp_decrypted", "esp_icv_good",
                 "esp_icv_bad"), 0))
            fs["esp_frames"] += 1
            fs["esp_decrypted"] += any(
                kid(e, "esp.decrypted_data") is not None for e in anywhere)
            fs["esp_icv_good"] += any(
                kshow(e, "esp.icv_good") == "1"
                for x in anywhere for e in x.iter("field")
                if e.get("name") == "esp.icv")
            fs["esp_icv_bad"] += any(
                kshow(e, "esp.icv_bad") == "1"
                for x in anywhere for e in x.iter("field")
                if e.get("name") == "esp.icv")
        if not idx:
            continue
        st["esp_frames"] += 1
        if len(idx) > 1:
            st["nested_frames"] += 1
        if idx[0] > 0 and names[idx[0] - 1] == "udpencap":
            st["udp_encap"] += 1
        for k, i in enumerate(idx):
            esp = protos[i]
            after = protos[i + 1:idx[k + 1] if k + 1 < len(idx) else None]
            rows.append(one_row(name, frame, esp, after, st))
    return rows, st


def one_row(name, frame, esp, after, st):
    where = "%s frame %d" % (name, frame)
    spi = num(kshow(esp, "esp.spi"))
    seq = num(kshow(esp, "esp.sequence"))
    if spi is None or seq is None:
        raise Error("%s: ESP layer without SPI or sequence number" % where)
    icv_f = kid(esp, "esp.icv")
    if icv_f is None:
        icv = "none"
    else:
        good = kshow(icv_f, "esp.icv_good")
        bad = kshow(icv_f, "esp.icv_bad")
        icv = "good" if good == "1" else "bad" if bad == "1" else "unchecked"
    dec = kid(esp, "esp.decrypted_data")
    if dec is None:
        raise Error("%s: tshark did not decrypt the ESP layer of SPI %08x "
                    "(the tests take every row as decrypted)" % (where, spi))
    nh_f = deep(dec, "esp.protocol")
    nh = num(nh_f.get("show")) if nh_f is not None else None
    if nh is None:
        raise Error("%s: no next header in the decrypted ESP trailer"
                    % where)
    r = dict.fromkeys(COLUMNS, "-")
    r.update(frame=str(frame), spi="%08x" % spi, seq=str(seq), icv=icv)
    rest = list(after)
    if nh in (4, 41):
        st["tunnel"] += 1
        want = "ip" if nh == 4 else "ipv6"
        if not rest or rest[0].get("name") != want:
            raise Error("%s: next header %d but the next layer is %s"
                        % (where, nh, rest[0].get("name") if rest else
                           "missing"))
        ip = rest.pop(0)
        if nh == 4:
            r.update(inner_version="4", inner_src=kshow(ip, "ip.src"),
                     inner_dst=kshow(ip, "ip.dst"),
                     inner_proto=str(num(kshow(ip, "ip.proto"))))
        else:
            r.update(inner_version="6", inner_src=kshow(ip, "ipv6.src"),
                     inner_dst=kshow(ip, "ipv6.dst"),
                     inner_proto=str(num(kshow(ip, "ipv6.nxt"))))
    else:
        st["transport"] += 1
        r["inner_proto"] = str(nh)
    proto = int(r["inner_proto"])
    up = {1: "icmp", 58: "icmpv6", 17: "udp", 6: "tcp"}.get(proto)
    layer = rest[0] if rest and rest[0].get("name") == up else None
    if up and layer is None:
        raise Error("%s: protocol %d but no %s layer after the ESP layer"
                    % (where, proto, up))
    if layer is not None:
        if up in ("udp", "tcp"):
            r.update(sport=kshow(layer, up + ".srcport"),
                     dport=kshow(layer, up + ".dstport"))
        else:
            r.update(icmp_type=kshow(layer, up + ".type"),
                     icmp_code=kshow(layer, up + ".code"))
        cs = kshow(layer, CHECKSUM_STATUS[up])
        st["cksum_good" if cs == "1" else "cksum_other"] += 1
    for c in COLUMNS:
        if r[c] is None or r[c] == "":
            raise Error("%s: no value for %s" % (where, c))
    return r


def tsv(rows):
    out = ["\t".join(COLUMNS)]
    out += ["\t".join(r[c] for c in COLUMNS) for r in rows]
    return "\n".join(out) + "\n"


def summary(name, rows, st):
    icv = {}
    for r in rows:
        icv[r["icv"]] = icv.get(r["icv"], 0) + 1
    spis = sorted({r["spi"] for r in rows})
    return ("%s: %d frames, %d with ESP (%d nested), %d rows (%d tunnel, "
            "%d transport, %d frames ESP-in-UDP); icv %s; SPIs %s; carried "
            "checksums good %d, other %d; %d ESP headers quoted in ICMP "
            "errors (not rows)" % (
                name, st["frames"], st["esp_frames"], st["nested_frames"],
                len(rows), st["tunnel"], st["transport"], st["udp_encap"],
                " ".join("%s=%d" % kv for kv in sorted(icv.items())),
                ",".join(spis), st["cksum_good"], st["cksum_other"],
                st["quoted"]))


def corpus_check(name, st, corpus):
    """The corpus summaries count frames (an ESP layer anywhere in the
    frame, quoted in an ICMP error too), not rows: compare those."""
    hits = glob.glob(os.path.join(corpus, "**", name + ".tshark.summary"),
                     recursive=True)
    if not hits:
        return ["%s: no %s.tshark.summary under %s" % (name, name, corpus)]
    with open(hits[0]) as fh:
        s = dict(kv.split("=", 1) for kv in fh.read().split())
    mine = st.get("by_frame") or {}
    out = []
    for k, v in sorted(mine.items()):
        if k in s and int(s[k]) != v:
            out.append("%s: %s: corpus summary %s, tshark now %d"
                       % (name, k, s[k], v))
    if not out:
        out.append("%s: agrees with %s (frames: %s)" % (
            name, os.path.relpath(hits[0], corpus),
            " ".join("%s=%d" % kv for kv in sorted(mine.items()))))
    return out


def main():
    ap = argparse.ArgumentParser(
        description="Write NAME.keys and NAME.oracle.tsv from NAME.esp_sa "
        "and tshark (see the header of this file).")
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed files, write nothing")
    ap.add_argument("--corpus", metavar="DIR",
                    help="cross-check the totals with DIR/**/NAME.tshark."
                    "summary")
    ap.add_argument("names", nargs="*", metavar="NAME")
    a = ap.parse_args()
    if shutil.which("tshark") is None:
        sys.stderr.write("make_oracle.py: tshark is needed\n")
        return 2
    names = a.names or sorted(
        os.path.basename(p)[:-7]
        for p in glob.glob(os.path.join(HERE, "*.esp_sa"))
        if os.path.exists(p[:-7] + ".pcap"))
    status = 0
    for name in names:
        base = os.path.join(HERE, name)
        try:
            keys, notes = convert(name, read_esp_sa(base + ".esp_sa"))
            rows, st = esp_rows(run_tshark(base + ".pcap", base + ".esp_sa"),
                                name)
        except (Error, OSError, ET.ParseError, ValueError) as e:
            sys.stderr.write("make_oracle.py: %s: %s\n" % (name, e))
            status = 1
            continue
        for n in notes:
            print("note: " + n)
        print(summary(name, rows, st))
        if a.corpus:
            for l in corpus_check(name, st, a.corpus):
                print("corpus: " + l)
        for path, text in ((base + ".keys", keys),
                           (base + ".oracle.tsv", tsv(rows))):
            if a.check:
                try:
                    with open(path) as fh:
                        old = fh.read()
                except OSError:
                    old = None
                if old != text:
                    print("DIFFERS: %s" % os.path.basename(path))
                    status = 1
            else:
                with open(path, "w") as fh:
                    fh.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
