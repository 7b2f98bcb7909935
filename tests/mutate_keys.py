#!/usr/bin/env python3
# mutate_keys.py - the pcap and JSON work of tests/mutate_keys.sh (python3
# standard library only).
#
#   mutate_keys.py prepare LIST WORK
#       LIST has one case per line: NAME<TAB>KIND<TAB>CAPTURE<TAB>KEYS, where
#       KIND is "strongswan" (psk + dh key file) or "openswan" (final ikev2
#       keys) and WORK/NAME/base.{json,err,rc} is the baseline run
#       (ikescope -j -k KEYS CAPTURE).  For every frame whose IKE message
#       the baseline decrypted ("decryption": "ok"), writes copies of the
#       capture with one bit flipped in the encrypted part (first byte,
#       middle byte, last byte) as WORK/NAME/mNNN.pcap, wrong key files as
#       WORK/NAME/wrong-*.keys, a manifest WORK/NAME/manifest.json, and
#       prints the jobs to run, one a line: PREFIX<TAB>KEYS<TAB>CAPTURE
#       (the shell writes PREFIX.json, PREFIX.err, PREFIX.rc).
#
#   mutate_keys.py check LIST WORK
#       Reads the results and prints, per (capture, check), a line
#       "pass<TAB>DESCRIPTION" or "fail<TAB>DESCRIPTION" followed by
#       "diag<TAB>TEXT" lines.
#
# The expectations (see mutate_keys.sh for the reasoning):
#   IKEv2: a flipped bit anywhere in IV | ciphertext | ICV of an SK/SKF
#     payload gives "integrity_failed" for that frame.
#   IKEv1 (no integrity check on the ciphertext itself): the frame may
#     decrypt, but it must not be "ok" with hash "verified" unless the
#     plaintext bytes the flip garbles (CBC: the whole block holding the
#     byte, and one bit of the next block) lie outside what the HASH covers:
#     the padding after the payload chain, or, in Phase 1 (Main/Aggressive
#     Mode, where HASH_I/HASH_R cover only the ID payload), payloads other
#     than ID and HASH (e.g. an INITIAL-CONTACT notify).
#   Every run: exit 0, a JSON document, no sanitizer report, no timeout,
#     the mutated frame still read (ikescope does not check UDP checksums),
#     and no frame newly "verified" that the baseline did not verify.

import json
import os
import re
import struct
import sys

BITS = {"first": 0x01, "middle": 0x10, "last": 0x80}
PHASE1_V1 = (1, 2, 4)           # Base, Identity Protection (Main), Aggressive


def sanitizer_patterns():
    re_ = os.environ.get("SANITIZER_RE", "")
    pats = [p for p in re_.split("\\|") if p]
    return pats or ["runtime error", "AddressSanitizer", "LeakSanitizer",
                    "MemorySanitizer", "ThreadSanitizer",
                    "UndefinedBehaviorSanitizer"]


# --- pcap -------------------------------------------------------------------

class PcapError(Exception):
    pass


def read_pcap(path):
    """(header bytes, endian, linktype, [(record offset, data offset, caplen)])"""
    with open(path, "rb") as f:
        d = f.read()
    if len(d) < 24:
        raise PcapError("shorter than a pcap header")
    magic = d[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        bo = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        bo = ">"
    else:
        raise PcapError("not a classic pcap file (magic %s)" % magic.hex())
    linktype = struct.unpack(bo + "I", d[20:24])[0] & 0x0fffffff
    recs = []
    off = 24
    while off + 16 <= len(d):
        incl = struct.unpack(bo + "I", d[off + 8:off + 12])[0]
        if off + 16 + incl > len(d):
            break
        recs.append((off, off + 16, incl))
        off += 16 + incl
    return d, bo, linktype, recs


def ip_offset(pkt, linktype, bo):
    """Offset of the IP header in a frame, or None."""
    if linktype == 1:                               # Ethernet
        off, et = 14, struct.unpack(">H", pkt[12:14])[0] if len(pkt) >= 14 else 0
        while et in (0x8100, 0x88a8) and len(pkt) >= off + 4:
            et = struct.unpack(">H", pkt[off + 2:off + 4])[0]
            off += 4
        return off if et in (0x0800, 0x86dd) else None
    if linktype in (0, 108):                        # BSD loopback / OpenBSD loop
        if len(pkt) < 4:
            return None
        fam_le = struct.unpack("<I", pkt[:4])[0]
        fam_be = struct.unpack(">I", pkt[:4])[0]
        fam = fam_be if linktype == 108 else min(fam_le, fam_be)
        return 4 if fam in (2, 24, 28, 30) else None
    if linktype == 113:                             # Linux cooked
        return 16 if len(pkt) >= 16 and pkt[14:16] in (b"\x08\x00", b"\x86\xdd") else None
    if linktype == 276:                             # Linux cooked v2
        return 20 if len(pkt) >= 20 and pkt[0:2] in (b"\x08\x00", b"\x86\xdd") else None
    if linktype in (12, 14, 101, 228, 229):         # raw IP
        return 0
    return None


def udp_ike(pkt, linktype, bo):
    """Locate the IKE message of a frame: dict with ike (offset in the
    frame), udp (offset of the UDP header), ip version, csum, or a reason
    string when there is none."""
    ipo = ip_offset(pkt, linktype, bo)
    if ipo is None or len(pkt) < ipo + 1:
        return "no IP header found (link type %d)" % linktype
    v = pkt[ipo] >> 4
    if v == 4:
        ihl = (pkt[ipo] & 15) * 4
        if len(pkt) < ipo + 20 or pkt[ipo + 9] != 17:
            return "not UDP"
        if struct.unpack(">H", pkt[ipo + 6:ipo + 8])[0] & 0x3fff:
            return "an IP fragment"
        udp = ipo + ihl
    elif v == 6:
        if len(pkt) < ipo + 40 or pkt[ipo + 6] != 17:
            return "not UDP (or IPv6 extension headers)"
        udp = ipo + 40
    else:
        return "IP version %d" % v
    if len(pkt) < udp + 8:
        return "truncated UDP header"
    sport, dport, ulen, csum = struct.unpack(">HHHH", pkt[udp:udp + 8])
    ike = udp + 8
    if 4500 in (sport, dport):
        if pkt[ike:ike + 4] != b"\0\0\0\0":
            return "ESP in UDP, not IKE"
        ike += 4
    return {"ip": v, "ipo": ipo, "udp": udp, "ike": ike, "ulen": ulen,
            "csum": csum, "sport": sport, "dport": dport}


def udp_csum_ok(pkt, loc):
    """True/False for an IPv4/IPv6 UDP checksum, None when it is 0 (unused)."""
    if loc["csum"] == 0:
        return None
    udp, ipo, ulen = loc["udp"], loc["ipo"], loc["ulen"]
    seg = pkt[udp:udp + ulen]
    if len(seg) < ulen:
        return None
    if loc["ip"] == 4:
        ph = pkt[ipo + 12:ipo + 20] + struct.pack(">BBH", 0, 17, ulen)
    else:
        ph = pkt[ipo + 8:ipo + 40] + struct.pack(">IxxxB", ulen, 17)
    data = ph + seg
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff


def encrypted_span(msg, major):
    """(start, end, what) of the encrypted part of an IKE message, offsets in
    the message; IKEv2: IV | ciphertext | ICV of the SK/SKF payload."""
    if len(msg) < 28:
        raise PcapError("IKE message shorter than its header")
    length = struct.unpack(">I", msg[24:28])[0]
    end = min(length, len(msg))
    if major == 1:
        return 28, end, "body"
    np, off = msg[16], 28
    while np not in (46, 53):
        if np == 0 or off + 4 > end:
            raise PcapError("no SK/SKF payload in the message")
        plen = struct.unpack(">H", msg[off + 2:off + 4])[0]
        if plen < 4:
            raise PcapError("payload length %d at %d" % (plen, off))
        np, off = msg[off], off + plen
    plen = struct.unpack(">H", msg[off + 2:off + 4])[0]
    hdr = 4 if np == 46 else 8
    return off + hdr, min(off + plen, end), "SK" if np == 46 else "SKF"


# --- the JSON documents -------------------------------------------------------

def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def messages(doc):
    """frame -> list of message records."""
    out = {}
    for sa in doc.get("ike_sas", []):
        enc_alg = None
        for t in (sa.get("proposal") or {}).get("transforms", []):
            for a in t.get("attributes", []):
                if a.get("attribute_type") == "Encryption-Algorithm":
                    enc_alg = str(a.get("value"))
        for ex in sa.get("exchanges", []):
            for m in ex.get("messages", []):
                rec = {
                    "frame": m.get("frame"),
                    "major": m.get("version_major"),
                    "spi_i": sa.get("spi_i"),
                    "exchange": ex.get("type"),
                    "exchange_id": ex.get("type_id"),
                    "length": m.get("length"),
                    "encrypted": m.get("encrypted"),
                    "decryption": m.get("decryption"),
                    "decrypted_by": m.get("decrypted_by"),
                    "check": m.get("hash", m.get("auth")),
                    "check_key": "hash" if m.get("version_major") == 1 else "auth",
                    "encrypted_body": m.get("encrypted_body"),
                    "fragment": m.get("fragment"),
                    "reassembled_from_skf": m.get("reassembled_from_skf", False),
                    "payloads": [(p.get("type"), p.get("offset"), p.get("length"))
                                 for p in m.get("decrypted_payloads", [])],
                    "enc_alg": enc_alg,
                }
                out.setdefault(m.get("frame"), []).append(rec)
    return out


def describe(m):
    s = "decryption %s" % m["decryption"]
    if m.get("decrypted_by"):
        s += " by %s" % m["decrypted_by"]
    if m.get("check") is not None:
        s += ", %s %s" % (m["check_key"], m["check"])
    return s


def block_size(m, enc_len):
    alg = (m.get("enc_alg") or "").upper()
    if any(x in alg for x in ("DES", "BLOWFISH", "CAST", "IDEA", "RC5")):
        return 8
    if any(x in alg for x in ("AES", "CAMELLIA")):
        return 16
    return 16 if enc_len % 16 == 0 else 8


def v1_covered(m):
    """Plaintext offsets the IKEv1 HASH of this message covers (a set)."""
    pl = [p for p in m["payloads"] if p[1] is not None and p[2] is not None]
    cov = set()
    if m["exchange_id"] in PHASE1_V1:
        # HASH_I/HASH_R: prf(SKEYID, g^x | g^y | CKY | CKY | SAi_b | IDi_b);
        # from this message only the ID payload (and the HASH itself).
        for t, off, ln in pl:
            if t in ("ID", "HASH", "SIG"):
                cov.update(range(off, off + ln))
        return cov
    # Quick Mode, Informational, Transaction: the payloads after HASH.
    hashes = [off for t, off, ln in pl if t == "HASH"]
    start = min(hashes) if hashes else 0
    end = max((off + ln for t, off, ln in pl), default=0)
    cov.update(range(start, end))
    return cov


# --- wrong keys -----------------------------------------------------------------

def flip_hex_digit(tok, index=0):
    """tok with its index-th hex digit (after any 0x) changed (x ^ 1)."""
    pre = 2 if tok[:2].lower() == "0x" else 0
    digits = [i for i in range(pre, len(tok)) if tok[i] in "0123456789abcdefABCDEF"]
    if not digits:
        return None
    i = digits[index % len(digits)]
    c = tok[i]
    n = "%x" % (int(c, 16) ^ 1)
    if c.isupper():
        n = n.upper()
    return tok[:i] + n + tok[i + 1:]


def wrong_psk_line(line):
    m = re.match(r'^(\s*psk\s+)("(?:[^"\\]|\\.)*"|\S+)(.*)$', line)
    if not m:
        return None
    head, sec, tail = m.groups()
    if sec.startswith('"'):
        body = sec[1:-1]
        for i in range(len(body) - 1, -1, -1):
            if body[i].isalnum() and (i == 0 or body[i - 1] != "\\"):
                body = body[:i] + chr(ord(body[i]) ^ 1) + body[i + 1:]
                return head + '"' + body + '"' + tail
        return None
    if sec[:2].lower() == "0x":
        new = flip_hex_digit(sec, -1)
        return head + new + tail if new else None
    return head + sec[:-1] + chr(ord(sec[-1]) ^ 1) + tail


def wrong_ikev2_line(line, fields):
    toks = re.findall(r'"[^"]*"|\S+', line)
    if len(toks) < 9 or toks[0] != "ikev2":
        return None
    for i in fields:
        if toks[i] != "-":
            toks[i] = flip_hex_digit(toks[i], 0) or toks[i]
    return " ".join(toks)


def write_wrong_keys(kind, keys, dirpath):
    """{variant: path}: strongswan -> psk (where there is one) and dh (the
    DH values); openswan -> keys (SK_ei, SK_er, SK_ai, SK_ar) and encr
    (SK_ei, SK_er only)."""
    with open(keys, encoding="utf-8") as f:
        lines = f.read().split("\n")
    variants = {}
    if kind == "strongswan":
        out, n = [], 0
        for ln in lines:
            w = wrong_psk_line(ln) if not ln.lstrip().startswith("#") else None
            if w is not None and w != ln:
                n += 1
                out.append(w)
            else:
                out.append(ln)
        if n:
            variants["psk"] = out
        out, n = [], 0
        for ln in lines:
            toks = ln.split()
            if len(toks) == 4 and toks[0] == "dh" and \
                    toks[2] in ("private", "shared"):
                toks[3] = flip_hex_digit(toks[3], 0) or toks[3]
                n += 1
                out.append(" ".join(toks))
            else:
                out.append(ln)
        if n:
            variants["dh"] = out
    else:
        for name, fields in (("keys", (3, 4, 6, 7)), ("encr", (3, 4))):
            out, n = [], 0
            for ln in lines:
                w = wrong_ikev2_line(ln, fields) if ln.startswith("ikev2") else None
                if w is not None and w != ln:
                    n += 1
                    out.append(w)
                else:
                    out.append(ln)
            if n:
                variants[name] = out
    paths = {}
    for name, out in variants.items():
        p = os.path.join(dirpath, "wrong-%s.keys" % name)
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        paths[name] = p
    return paths


# --- prepare --------------------------------------------------------------------

def read_list(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if ln:
                name, kind, cap, keys = ln.split("\t")
                cases.append((name, kind, cap, keys))
    return cases


def run_ok(prefix):
    """Why the run PREFIX.{rc,err,json} failed ("" when fine), and the doc."""
    why = []
    try:
        with open(prefix + ".rc") as f:
            rc = int(f.read().strip() or "-1")
    except (OSError, ValueError):
        rc = -1
    if rc == 124:
        why.append("timed out after 20 s")
    elif rc != 0:
        why.append("exit status %d" % rc)
    try:
        with open(prefix + ".err", encoding="utf-8", errors="replace") as f:
            err = f.read()
    except OSError:
        err = ""
    for p in sanitizer_patterns():
        if p in err:
            line = next((l for l in err.splitlines() if p in l), p)
            why.append("sanitizer report: %s" % line.strip())
            break
    doc = None
    try:
        doc = load_json(prefix + ".json")
    except (OSError, ValueError, UnicodeDecodeError) as e:
        why.append("not valid JSON: %s" % e)
    return "; ".join(why), doc


def prepare_case(name, kind, cap, keys, work):
    d = os.path.join(work, name)
    man = {"name": name, "kind": kind, "capture": cap, "keys": keys,
           "problems": [], "wrong_problems": [], "mutations": [], "wrong": {}}
    why, doc = run_ok(os.path.join(d, "base"))
    jobs = []
    if why or doc is None:
        man["problems"].append("baseline run: %s" % (why or "no document"))
    else:
        base = messages(doc)
        try:
            raw, bo, lt, recs = read_pcap(cap)
        except (OSError, PcapError) as e:
            man["problems"].append("cannot read %s: %s" % (cap, e))
            recs = []
        n = 0
        for frame in sorted(k for k in base if isinstance(k, int)):
            for m in base[frame]:
                if m["decryption"] != "ok" or not m["encrypted"]:
                    continue
                if frame < 1 or frame > len(recs):
                    man["problems"].append("frame %d: not in the capture" % frame)
                    continue
                _, doff, caplen = recs[frame - 1]
                pkt = raw[doff:doff + caplen]
                loc = udp_ike(pkt, lt, bo)
                if isinstance(loc, str):
                    man["problems"].append("frame %d: %s" % (frame, loc))
                    continue
                msg = pkt[loc["ike"]:]
                if msg[:8].hex() != (m["spi_i"] or "").lower() or \
                        len(msg) < 28 or \
                        struct.unpack(">I", msg[24:28])[0] != m["length"]:
                    man["problems"].append(
                        "frame %d: the IKE message found at offset %d of the "
                        "frame does not match the JSON (SPI_i %s, length %s)"
                        % (frame, loc["ike"], m["spi_i"], m["length"]))
                    continue
                try:
                    start, end, what = encrypted_span(msg, m["major"])
                except PcapError as e:
                    man["problems"].append("frame %d: %s" % (frame, e))
                    continue
                eb = m["encrypted_body"] or {}
                jstart = eb.get("offset", -1) + (4 if what == "SKF" else 0)
                jend = eb.get("offset", -1) + eb.get("length", 0)
                if (jstart, jend) != (start, end):
                    man["problems"].append(
                        "frame %d: JSON encrypted_body %s..%s, the %s payload "
                        "has %d..%d" % (frame, eb.get("offset"), jend, what,
                                        start, end))
                if end - start < 1:
                    continue
                csum = udp_csum_ok(pkt, loc)
                spots = [("first", start), ("middle", (start + end) // 2),
                         ("last", end - 1)]
                seen = set()
                for label, pos in spots:
                    if pos in seen:
                        continue
                    seen.add(pos)
                    n += 1
                    mut = bytearray(raw)
                    at = doff + loc["ike"] + pos
                    mut[at] ^= BITS[label]
                    path = os.path.join(d, "m%03d.pcap" % n)
                    with open(path, "wb") as f:
                        f.write(mut)
                    man["mutations"].append({
                        "id": "m%03d" % n, "frame": frame, "label": label,
                        "pos": pos, "start": start, "end": end,
                        "bit": BITS[label], "file_offset": at,
                        "what": what, "major": m["major"],
                        "csum": csum, "base": m,
                        "bs": block_size(m, end - start) if m["major"] == 1 else None,
                    })
                    jobs.append((os.path.join(d, "m%03d" % n), keys, path))
        for variant, p in write_wrong_keys(kind, keys, d).items():
            man["wrong"][variant] = p
            jobs.append((os.path.join(d, "wrong-" + variant), p, cap))
        if not man["wrong"]:
            man["wrong_problems"].append("no key line to make wrong in %s" % keys)
    with open(os.path.join(d, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(man, f)
    return jobs


def cmd_prepare(listfile, work):
    for name, kind, cap, keys in read_list(listfile):
        for prefix, k, c in prepare_case(name, kind, cap, keys, work):
            print("%s\t%s\t%s" % (prefix, k, c))


# --- check ----------------------------------------------------------------------

def emit(ok, desc, diags):
    print("%s\t%s" % ("pass" if ok else "fail", desc))
    for dl in diags:
        for ln in str(dl).splitlines():
            print("diag\t%s" % ln)


def verified(m):
    return m["decryption"] in ("ok", "not_encrypted") and m["check"] == "verified"


def newly_verified(base, res, skip_frame):
    """Frames verified in res that were not verified in the baseline."""
    bad = []
    for frame, ms in res.items():
        if frame == skip_frame:
            continue
        bv = any(verified(x) for x in base.get(frame, []))
        if any(verified(x) for x in ms) and not bv:
            bad.append(frame)
    return bad


# Totals over all cases, for the last lines.
TOTALS = {"csum_nonzero": 0, "csum_zero": 0, "encr": [], "encr_msgs": 0}


def outcome_name(m):
    if m["decryption"] != "ok":
        return m["decryption"]
    if m["check"] == "verified":
        return "ok+verified (flip outside the HASH)"
    return "ok+%s %s" % (m["check_key"], m["check"] or "none")


def fmt_payloads(pls):
    return ", ".join("%s@%s+%s" % tuple(p) for p in pls)


def garbled(x):
    """Plaintext offsets a CBC bit flip at x garbles: its whole block, and
    the same bit of the next block."""
    L, bs, p = x["end"] - x["start"], x["bs"], x["pos"] - x["start"]
    blk = p // bs
    hit = set(range(blk * bs, min(blk * bs + bs, L)))
    if p + bs < L:
        hit.add(p + bs)
    return hit


def check_one_mutation(x, d, base, fails, outcome, tolerated):
    tag = "frame %d, %s byte (offset %d in the IKE message, %s %d..%d), " \
          "bit 0x%02x, %s.pcap" % (x["frame"], x["label"], x["pos"], x["what"],
                                   x["start"], x["end"], x["bit"], x["id"])
    why, doc = run_ok(os.path.join(d, x["id"]))
    if why:
        fails.append("%s: %s" % (tag, why))
    if doc is None:
        return
    res = messages(doc)
    ms = res.get(x["frame"], [])
    if not ms:
        fails.append("%s: the frame is no IKE message in the output (is the "
                     "UDP checksum checked after all?)" % tag)
        return
    TOTALS["csum_zero" if x["csum"] is None else "csum_nonzero"] += 1
    m = ms[0]
    k = outcome_name(m)
    outcome[k] = outcome.get(k, 0) + 1
    if x["major"] == 2:
        if m["decryption"] != "integrity_failed":
            fails.append("%s: %s (expected integrity_failed)"
                         % (tag, describe(m)))
    elif m["decryption"] == "ok" and m["check"] == "verified":
        hit = garbled(x)
        cov = v1_covered(x["base"])
        pls = x["base"]["payloads"]
        if hit & cov:
            fails.append("%s: %s although the flip garbles plaintext bytes "
                         "%d..%d that the HASH covers (payloads %s)"
                         % (tag, describe(m), min(hit & cov), max(hit & cov),
                            fmt_payloads(pls)))
        else:
            chain = max((o + l for _, o, l in pls), default=0)
            where = "padding" if min(hit) >= chain else \
                "payloads the HASH does not cover"
            tolerated.append("frame %d, %s byte: the flip garbles plaintext "
                             "%d..%d, only %s (payloads %s)"
                             % (x["frame"], x["label"], min(hit), max(hit),
                                where, fmt_payloads(pls)))
    nv = newly_verified(base, res, x["frame"])
    if nv:
        fails.append("%s: frame(s) %s newly verified (not in the baseline)"
                     % (tag, ", ".join(map(str, nv))))
    # SKF: a tampered fragment must not give a verified reassembled message.
    if x["what"] == "SKF":
        for fr, ms2 in res.items():
            if fr != x["frame"] and fragment_set(base, fr, x["frame"]) and \
                    any(m2["reassembled_from_skf"] and m2["check"] == "verified"
                        for m2 in ms2):
                fails.append("%s: frame %d still reports the reassembled "
                             "message with auth verified" % (tag, fr))


def check_mutations(man, d):
    muts = man["mutations"]
    name = man["name"]
    if not muts:
        # The failure samples that end before any key exists (no proposal
        # chosen, no answer) have no encrypted message at all: nothing to
        # flip.  A capture with encrypted messages but none decrypted fails.
        doc = None if man["problems"] else run_ok(os.path.join(d, "base"))[1]
        if doc is not None and not any(
                m["encrypted"] for ms in messages(doc).values() for m in ms):
            print("skip\t%s: bit flips\tno encrypted IKE message in the "
                  "capture" % name)
            return
        emit(False, "%s: bit flips: no decrypted message to tamper with" % name,
             man["problems"] or ["the baseline decrypted no message"])
        return
    base = messages(run_ok(os.path.join(d, "base"))[1])
    fails, outcome, tolerated = list(man["problems"]), {}, []
    for x in muts:
        check_one_mutation(x, d, base, fails, outcome, tolerated)
    nmsg = len({x["frame"] for x in muts})
    majors = {x["major"] for x in muts}
    if majors == {2} and set(outcome) <= {"integrity_failed"}:
        summary = "all integrity_failed"
    elif majors == {2}:
        summary = "not all integrity_failed"
    else:
        summary = "none verified where the HASH covers the flip (%s)" % \
            ", ".join("%s %d" % kv for kv in sorted(outcome.items()))
    diags = fails[:25]
    if len(fails) > 25:
        diags.append("... %d failures in all" % len(fails))
    if tolerated:
        diags.append("ok + hash verified, legitimately:")
        diags.extend("  " + t for t in tolerated)
    emit(not fails, "%s: %d bit flips in %d encrypted messages: %s"
         % (name, len(muts), nmsg, summary), diags)


def fragment_set(base, reasm_frame, frag_frame):
    """True when frag_frame is a fragment of the message reassembled at
    reasm_frame (same total, among the frames up to it)."""
    r = base.get(reasm_frame, [None])[0]
    f = base.get(frag_frame, [None])[0]
    if not r or not f or not r.get("fragment") or not f.get("fragment") or \
            not r["reassembled_from_skf"]:
        return False
    n = r["fragment"]["total"]
    return f["fragment"]["total"] == n and \
        reasm_frame - n < frag_frame <= reasm_frame


def check_wrong_variant(variant, base, res, fails, seen):
    nenc = 0
    for frame in sorted(k for k in base if isinstance(k, int)):
        for b in base[frame][:1]:
            r = next(iter(res.get(frame, [])), None)
            if r is None:
                fails.append("frame %d: missing from the output" % frame)
                continue
            key = describe(r)
            seen[r["decryption"]] = seen.get(r["decryption"], 0) + 1
            if b["encrypted"] and b["decryption"] == "ok":
                nenc += 1
            where = "frame %d (IKEv%s %s)" % (frame, b["major"], b["exchange"])
            if variant == "dh":
                # The DH secret feeds every key of both versions (SK_*,
                # SKEYID_e/a/d), but not IKEv1's PSK SKEYID = prf(PSK,
                # Ni | Nr): HASH_R of a clear Aggressive Mode response
                # still verifies with the right PSK.
                if r["decryption"] == "ok":
                    fails.append("%s: %s with a wrong DH value" % (where, key))
                elif r["check"] == "verified" and b["encrypted"]:
                    fails.append("%s: %s verified with a wrong DH value"
                                 % (where, r["check_key"]))
            elif b["major"] == 1:
                # The PSK feeds SKEYID and so every IKEv1 key.
                if r["decryption"] == "ok":
                    fails.append("%s: %s with a wrong psk" % (where, key))
                elif r["check"] == "verified":
                    fails.append("%s: hash verified with a wrong psk" % where)
            elif variant == "psk":
                # IKEv2: the PSK only feeds AUTH.
                if b["decryption"] == "ok" and r["decryption"] != "ok":
                    fails.append("%s: %s with a wrong psk (baseline ok: the "
                                 "psk does not feed SK_e/SK_a)" % (where, key))
                if b["check"] == "verified" and r["check"] != "failed":
                    fails.append("%s: auth %s with a wrong psk (baseline "
                                 "verified; expected failed)"
                                 % (where, r["check"]))
                elif r["check"] == "verified":
                    fails.append("%s: auth verified with a wrong psk" % where)
            elif variant == "keys":
                if b["encrypted"] and r["decryption"] != "integrity_failed":
                    fails.append("%s: %s with wrong SK_e/SK_a keys (expected "
                                 "integrity_failed)" % (where, key))
            elif variant == "encr":
                if b["encrypted"] and r["decryption"] == "ok":
                    fails.append("%s: %s with wrong SK_ei/SK_er (the ICV "
                                 "verifies, the plaintext is garbage)"
                                 % (where, key))
    nv = newly_verified(base, res, None)
    if nv:
        fails.append("frames newly verified with a wrong key: %s"
                     % ", ".join(map(str, nv)))
    return nenc


def check_wrong(man, d):
    name = man["name"]
    base_doc = run_ok(os.path.join(d, "base"))[1]
    if base_doc is None or not man["wrong"]:
        emit(False, "%s: wrong key: not run" % name,
             man["wrong_problems"] + man["problems"] or ["no baseline"])
        return
    base = messages(base_doc)
    for variant in sorted(man["wrong"]):
        fails, seen = [], {}
        why, doc = run_ok(os.path.join(d, "wrong-" + variant))
        if why:
            fails.append("run: %s" % why)
        res = messages(doc) if doc is not None else {}
        nenc = check_wrong_variant(variant, base, res, fails, seen)
        if variant == "encr":
            # Reported once for all cases (see cmd_check).
            TOTALS["encr_msgs"] += nenc
            TOTALS["encr"].extend("%s: %s" % (name, f) for f in fails)
            continue
        if variant == "keys":
            what = "one hex digit of SK_ei, SK_er, SK_ai, SK_ar changed"
            expect = "all integrity_failed"
        elif variant == "dh":
            what = "one hex digit of each DH value changed"
            expect = "none ok, nothing verified"
        else:
            what = "one character of the psk changed"
            v = {b["major"] for ms in base.values() for b in ms}
            expect = ", ".join(
                ([ "IKEv1: none ok, no hash verified"] if 1 in v else []) +
                (["IKEv2: decrypted, auth failed where verified"] if 2 in v
                 else []))
        res_s = ", ".join("%s %d" % kv for kv in sorted(seen.items()))
        emit(not fails, "%s: wrong key (%s): %d encrypted messages: %s (%s)"
             % (name, what, nenc, expect, res_s), fails[:25])


def cmd_check(listfile, work):
    cases = read_list(listfile)
    for name, kind, cap, keys in cases:
        d = os.path.join(work, name)
        try:
            man = load_json(os.path.join(d, "manifest.json"))
        except (OSError, ValueError) as e:
            emit(False, "%s: not prepared" % name, [str(e)])
            continue
        check_mutations(man, d)
        check_wrong(man, d)
    # The UDP checksum assumption: a flipped bit leaves a nonzero checksum
    # wrong (it is not recomputed); every such frame was still read (a frame
    # that was not is a failure above).
    n = TOTALS["csum_nonzero"]
    emit(n > 0, "UDP checksums are not checked: %d mutated frames with a "
         "nonzero UDP checksum (not recomputed after the flip) and %d with "
         "none were all read as IKE" % (n, TOTALS["csum_zero"]),
         [] if n else ["no mutated frame had a nonzero UDP checksum"])
    # Wrong SK_ei/SK_er with the right SK_ai/SK_ar: the ICV verifies, the
    # plaintext is garbage; "decryption": "ok" would claim a proven
    # plaintext (DESIGN: OK only when something proved the plaintext).
    if any(k == "openswan" for _, k, _, _ in cases):
        f = TOTALS["encr"]
        emit(not f, "openswan: wrong SK_ei/SK_er, right SK_ai/SK_ar (the ICV "
             "verifies): %d encrypted messages, none \"ok\" (the ICV proves "
             "the ciphertext, not the encryption key)" % TOTALS["encr_msgs"],
             f[:10] + (["... %d in all" % len(f)] if len(f) > 10 else []))


def main(argv):
    if len(argv) == 4 and argv[1] == "prepare":
        cmd_prepare(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "check":
        cmd_check(argv[2], argv[3])
    else:
        sys.stderr.write("usage: mutate_keys.py prepare|check LIST WORK\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
