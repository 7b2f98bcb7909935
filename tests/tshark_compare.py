#!/usr/bin/env python3
"""tshark_compare.py - the comparisons behind tests/tshark.sh.

    python3 tests/tshark_compare.py KNOWN MANIFEST

MANIFEST has one line per capture, tab-separated:

    REL  IKE_JSON  IKE_RC  IKE_ERR  PDML  TSHARK_RC  TSHARK_ERR

REL is the capture's path under tests/data, IKE_JSON what "ikescope --json"
wrote, PDML what

    tshark -n -r CAPTURE -Y '(isakmp || esp) && !icmp && !icmpv6'
           -T pdml -J 'esp isakmp'

wrote (each *_RC the exit status, each *_ERR the standard error).  KNOWN is
the table of known, explained differences (tests/tshark.sh writes it; the
format is described there).

For every capture this prints, on standard output, one record per check:

    PASS<TAB>description        or        FAIL<TAB>description

each followed by any number of DIAG<TAB>text records (explanations, shown
as TAP comments).  The checks, per capture, in this order:

  IKE messages      the multiset of (frame, SPIi, SPIr, exchange type,
                    message ID): every "isakmp" layer tshark dissects, and
                    every message of every exchange of every IKE SA in
                    ikescope's JSON.  SPIr is compared only where tshark's
                    is not zero (ikescope reports the SA's SPIs, learned
                    from later messages).
  ESP packets       the number of ESP packets per SPI ("esp.spi" of every
                    "esp" layer; the "packets" of ikescope's esp_sas of
                    protocol "esp", summed per SPI).
  then, for every IKE message both tools report (matched by frame, SPIi,
  exchange type and message ID), the decoded values of its clear payloads,
  by number, never by name (the two registries spell names differently):
  payload types     the type numbers of the payload chain, in order (an
                    SK/E payload counts as one; neither tool decrypts here).
  notify types      the Notify Message Type of every N payload, in order.
  transforms        per transform of every SA payload: proposal number,
                    protocol ID, SPI, then IKEv1: transform number,
                    transform ID and every data attribute as type=value
                    (encryption, hash, auth method, group, key length, life
                    type/duration, IPsec attributes); IKEv2: transform
                    type, transform ID and the Key Length attribute.
  IDs               per ID/IDi/IDr payload: ID type, IKEv1 protocol and
                    port, and the value: an address (or address/mask,
                    start-end) as text, an FQDN or RFC 822 name as text,
                    anything else as the hex of the identification data.
  KE DH groups      the DH group of every IKEv2 KE payload.
  vendor IDs        per Vendor ID payload: its bytes, exactly, and whether
                    each tool recognises it.  For a few well-known IDs the
                    names are mapped to a common class (DPD, Cisco Unity,
                    XAUTH, NAT-T drafts, RFC 3947, ...) and the classes
                    must agree; otherwise "known" on both sides, or
                    "unknown" on both sides, is agreement.

A difference fails its check unless KNOWN lists it exactly (capture,
frame, aspect, tshark's value, ikescope's value, as printed in the
failure message); a KNOWN entry that matches nothing fails too, so the
table cannot go stale silently.
"""

import collections
import ipaddress
import json
import re
import sys
import xml.etree.ElementTree as ET

ASPECTS = [
    ("types", "payload types"),
    ("notify", "notify types"),
    ("transforms", "transforms"),
    ("ids", "IDs"),
    ("ke", "KE DH groups"),
    ("vendor", "vendor IDs"),
]

# Payload type numbers (IKEv1 and IKEv2 share one number space).
PT_V1_SA, PT_V1_ID, PT_V1_N, PT_V1_VID = 1, 5, 11, 13
PT_V2_SA, PT_V2_KE, PT_V2_IDI, PT_V2_IDR = 33, 34, 35, 36
PT_V2_N, PT_V2_V = 41, 43
SA_TYPES = (PT_V1_SA, PT_V2_SA)
ID_TYPES = (PT_V1_ID, PT_V2_IDI, PT_V2_IDR)
N_TYPES = (PT_V1_N, PT_V2_N)
V_TYPES = (PT_V1_VID, PT_V2_V)

out = sys.stdout


def emit(kind, text):
    for line in str(text).split("\n"):
        out.write("%s\t%s\n" % (kind, line))


# --- helpers --------------------------------------------------------------

def hexnorm(s):
    return (s or "").replace(":", "").lower()


def num(s):
    """A number as tshark's PDML "show" prints it (decimal or 0x...)."""
    s = (s or "").strip()
    return int(s, 16) if s.lower().startswith("0x") else int(s)


def addr(s):
    try:
        return str(ipaddress.ip_address(s))
    except ValueError:
        return s


# IKEv1 and IKEv2 ID types whose value is an address, or an address pair.
V1_ID_ADDR = {1: "addr", 5: "addr", 4: "subnet", 6: "subnet",
              7: "range", 8: "range"}
V1_ID_TEXT = (2, 3)
V2_ID_ADDR = {1: "addr", 5: "addr"}
V2_ID_TEXT = (2, 3)

# tshark's field for each kind of address-valued ID data.
T_ID_ADDR = ("isakmp.id.data.ipv4_addr", "isakmp.id.data.ipv6_addr")
T_ID_PAIR = {
    "subnet": (("isakmp.id.data.ipv4_addr", "isakmp.id.data.ipv4_subnet"),
               ("isakmp.id.data.ipv6_addr", "isakmp.id.data.ipv6_subnet")),
    "range": (("isakmp.id.data.ipv4_range_start",
               "isakmp.id.data.ipv4_range_end"),
              ("isakmp.id.data.ipv6_range_start",
               "isakmp.id.data.ipv6_range_end")),
}
T_ID_TEXT = ("isakmp.id.data.fqdn", "isakmp.id.data.user_fqdn")


# --- vendor names ---------------------------------------------------------
#
# The two vendor databases name IDs differently ("RFC 3706 DPD (Dead Peer
# Detection)" / "Dead Peer Detection 1.0", "CISCO-UNITY" / "Cisco Unity
# 1.0").  vendor_class() maps a few well-known names to a common class;
# a name it does not map is just "known".

VENDOR_CLASSES = [
    (re.compile(r"nat-t-ike-(\d\d)(.*)", re.I),
     lambda m: "nat-t-draft-%s%s" % (
         m.group(1),
         "-newline" if re.search(r"newline|\\n|\n", m.group(2)) else "")),
    (re.compile(r"RFC ?3947", re.I), lambda m: "rfc3947"),
    (re.compile(r"dead peer detection|\bDPD\b", re.I), lambda m: "dpd"),
    (re.compile(r"cisco.?unity", re.I), lambda m: "cisco-unity"),
    (re.compile(r"^xauth$", re.I), lambda m: "xauth"),
    (re.compile(r"fragmentation", re.I), lambda m: "ike-fragmentation"),
    (re.compile(r"strongswan", re.I), lambda m: "strongswan"),
    (re.compile(r"MS NT5 ISAKMPOAKLEY|windows|microsoft", re.I),
     lambda m: "microsoft"),
]


def vendor_class(name):
    if name is None:
        return "unknown"
    for rx, f in VENDOR_CLASSES:
        m = rx.search(name)
        if m:
            return f(m)
    return "known"


def vendor_equal(t, i):
    """t and i are 'HEX CLASS' renderings."""
    th, tc = t.split(" ", 1)
    ih, ic = i.split(" ", 1)
    if th != ih:
        return False
    if (tc == "unknown") != (ic == "unknown"):
        return False
    return tc == ic or tc == "known" or ic == "known"


# --- tshark's side (PDML) -------------------------------------------------

def kids(e, name=None):
    return [c for c in e if c.tag == "field" and
            (name is None or c.get("name") == name)]


def kid(e, name):
    for c in e:
        if c.tag == "field" and c.get("name") == name:
            return c
    return None


def kshow(e, name, default=None):
    c = kid(e, name)
    return default if c is None else c.get("show")


def find(e, name):
    """First descendant field called name (depth first)."""
    for c in e.iter("field"):
        if c.get("name") == name:
            return c
    return None


def t_transform(prop_key, tf):
    """One transform of a tshark proposal."""
    if kid(tf, "isakmp.tf.type") is not None:           # IKEv2
        ttype = num(kshow(tf, "isakmp.tf.type"))
        tid = None
        for c in kids(tf):
            if c.get("name", "").startswith("isakmp.tf.id"):
                tid = num(c.get("show"))
                break
        keylen = None
        for a in kids(tf, "isakmp.ike2.attr"):
            if num(kshow(a, "isakmp.ike2.attr.type", "0")) == 14:
                keylen = int(hexnorm(kshow(a, "isakmp.ike2.attr.value")
                                     or "0") or "0", 16)
        s = "%s: type %d id %s" % (prop_key, ttype, tid)
        if keylen is not None:
            s += " keylen %d" % keylen
        return s
    attrs = []
    for a in kids(tf):
        n = a.get("name", "")
        if not (n.endswith(".attr") and n.startswith("isakmp.")):
            continue
        atype = num(kshow(a, n + ".type", "0"))
        raw = hexnorm(kshow(a, n + ".value"))
        attrs.append("%d=%s" % (atype, attr_value_str(raw)))
    return "%s T%s id %s: %s" % (
        prop_key, kshow(tf, "isakmp.trans.number"),
        kshow(tf, "isakmp.trans.id"), " ".join(attrs))


def attr_value_str(raw_hex):
    """An attribute value: a number when 1..8 bytes, else hex."""
    if 2 <= len(raw_hex) <= 16:
        return str(int(raw_hex, 16))
    return "0x" + raw_hex


def t_sa(pl):
    res = []
    for prop in kids(pl, "isakmp.typepayload"):
        if prop.get("show") != "2":
            continue
        key = "P%s proto %s" % (kshow(prop, "isakmp.prop.number"),
                                num(kshow(prop, "isakmp.prop.protoid", "0")))
        spi = kid(prop, "isakmp.spi")
        if spi is not None:
            key += " spi " + hexnorm(spi.get("value"))
        for tf in kids(prop, "isakmp.typepayload"):
            if tf.get("show") == "3":
                res.append(t_transform(key, tf))
    return res


def t_id(pl, v1):
    ptype = num(pl.get("show"))
    idt = num(kshow(pl, "isakmp.id.type", "0"))
    s = "%d type %d" % (ptype, idt)
    if v1:
        s += " proto %s port %s" % (kshow(pl, "isakmp.id.protoid"),
                                     kshow(pl, "isakmp.id.port"))
    kinds = V1_ID_ADDR if v1 else V2_ID_ADDR
    texts = V1_ID_TEXT if v1 else V2_ID_TEXT
    kind = kinds.get(idt)
    if kind == "addr":
        for f in T_ID_ADDR:
            e = find(pl, f)
            if e is not None:
                return s + " " + addr(e.get("show"))
    elif kind in ("subnet", "range"):
        for a, b in T_ID_PAIR[kind]:
            ea, eb = find(pl, a), find(pl, b)
            if ea is not None and eb is not None:
                sep = "/" if kind == "subnet" else "-"
                return s + " %s%s%s" % (addr(ea.get("show")), sep,
                                        addr(eb.get("show")))
    elif idt in texts:
        for f in T_ID_TEXT:
            e = find(pl, f)
            if e is not None:
                return s + " " + e.get("show")
    # Anything else: the identification data as hex, from the payload's
    # bytes (generic header 4 + ID header 4).
    data = hexnorm(pl.get("value"))[16:]
    return s + (" 0x" + data if data else "")


def t_vendor(pl):
    vb = kid(pl, "isakmp.vid_bytes")
    vs = kshow(pl, "isakmp.vid_string")
    name = None if vs in (None, "Unknown Vendor ID") else vs
    return "%s %s" % (hexnorm(vb.get("value") if vb is not None else ""),
                      vendor_class(name))


def tshark_messages(pdml):
    """{key: [message]}, and the IKE and ESP multisets of the old checks."""
    msgs = collections.defaultdict(list)
    ike = []
    esp = collections.Counter()
    root = ET.parse(pdml).getroot()
    for pk in root.iter("packet"):
        frame = None
        for p in pk.findall("proto"):
            if p.get("name") == "geninfo":
                frame = num(kshow(p, "num"))
        # iter(), not findall(): a message tshark reassembled from IKEv1
        # (Cisco) fragments is an "isakmp" layer inside the last
        # fragment's payload.
        for p in pk.iter("proto"):
            if p.get("name") == "esp":
                for spi in kids(p, "esp.spi"):
                    esp["%08x" % int(hexnorm(spi.get("value")), 16)] += 1
            if p.get("name") != "isakmp":
                continue
            if kid(p, "isakmp.ispi") is None:
                continue                    # a NAT keepalive, not a message
            ispi = hexnorm(kid(p, "isakmp.ispi").get("value"))
            rspi = hexnorm(kid(p, "isakmp.rspi").get("value"))
            et = num(kshow(p, "isakmp.exchangetype"))
            mid = num(kshow(p, "isakmp.messageid"))
            ike.append((frame, ispi, rspi, et, mid))
            mj = find(p, "isakmp.mjver")
            v1 = mj is None or num(mj.get("show")) == 1
            m = {"types": [], "notify": [], "transforms": [], "ids": [],
                 "ke": [], "vendor": []}
            for pl in kids(p, "isakmp.typepayload"):
                pt = num(pl.get("show"))
                m["types"].append(pt)
                if pt in SA_TYPES:
                    m["transforms"] += t_sa(pl)
                elif pt in N_TYPES:
                    m["notify"].append(
                        str(num(kshow(pl, "isakmp.notify.msgtype", "-1"))))
                elif pt in ID_TYPES:
                    m["ids"].append(t_id(pl, v1))
                elif pt == PT_V2_KE and not v1:
                    m["ke"].append(
                        str(num(kshow(pl, "isakmp.key_exchange.dh_group",
                                      "-1"))))
                elif pt in V_TYPES:
                    m["vendor"].append(t_vendor(pl))
            m["types"] = [" ".join(str(t) for t in m["types"])]
            msgs[(frame, ispi, et, mid)].append(m)
    return msgs, ike, esp


# --- ikescope's side (JSON) -----------------------------------------------

def i_num(v, idv):
    if idv is not None:
        return idv
    return v


def i_attr_value(a):
    if "value_id" in a:
        return str(a["value_id"])
    v = a.get("value")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and re.fullmatch(r"[0-9a-f]*", v):
        return attr_value_str(v)
    return repr(v)


def i_sa(p, v1):
    res = []
    for prop in p.get("proposals", []):
        key = "P%s proto %s" % (prop.get("proposal_number"),
                                prop.get("protocol_id_num"))
        if prop.get("spi"):
            key += " spi " + prop["spi"].lower()
        for tf in prop.get("transforms", []):
            if v1:
                attrs = ["%d=%s" % (a.get("attribute_type_id"),
                                    i_attr_value(a))
                         for a in tf.get("attributes", [])]
                res.append("%s T%s id %s: %s" % (
                    key, tf.get("transform_number"),
                    tf.get("transform_id_num"), " ".join(attrs)))
            else:
                keylen = None
                for a in tf.get("attributes", []):
                    if a.get("attribute_type_id") == 14:
                        keylen = a.get("value")
                s = "%s: type %s id %s" % (key, tf.get("transform_type_id"),
                                           tf.get("transform_id_num"))
                if keylen is not None:
                    s += " keylen %s" % keylen
                res.append(s)
    return res


def i_id(p, v1):
    idt = p.get("id_type_id")
    s = "%d type %s" % (p["type_id"], idt)
    if v1:
        s += " proto %s port %s" % (p.get("ip_protocol"), p.get("port"))
    if "address" in p and "mask" in p:
        return s + " %s/%s" % (addr(p["address"]), addr(p["mask"]))
    if "start" in p and "end" in p:
        return s + " %s-%s" % (addr(p["start"]), addr(p["end"]))
    kinds = V1_ID_ADDR if v1 else V2_ID_ADDR
    texts = V1_ID_TEXT if v1 else V2_ID_TEXT
    v = p.get("id")
    if v is None:
        return s
    if kinds.get(idt) == "addr" and re.search(r"[.:]", v):
        return s + " " + addr(v)
    if idt in texts:
        return s + " " + v
    raw = p.get("id_data") or p.get("id_der") or v
    return s + " 0x" + raw.lower()


def ikescope_messages(doc):
    msgs = collections.defaultdict(list)
    ike = []
    esp = collections.Counter()
    for sa in doc.get("ike_sas", []):
        v1 = sa.get("ike_version") == 1
        for ex in sa.get("exchanges", []):
            for msg in ex.get("messages", []):
                ike.append((msg["frame"], sa["spi_i"].lower(),
                            sa["spi_r"].lower(), ex["type_id"],
                            ex["message_id"]))
                m = {"types": [], "notify": [], "transforms": [], "ids": [],
                     "ke": [], "vendor": []}
                for p in msg.get("payloads", []):
                    pt = p["type_id"]
                    m["types"].append(pt)
                    if pt in SA_TYPES:
                        m["transforms"] += i_sa(p, v1)
                    elif pt in N_TYPES:
                        m["notify"].append(str(p.get("notify_type_id")))
                    elif pt in ID_TYPES:
                        m["ids"].append(i_id(p, v1))
                    elif pt == PT_V2_KE and not v1:
                        m["ke"].append(str(p.get("dh_group_id")))
                    elif pt in V_TYPES:
                        m["vendor"].append("%s %s" % (
                            (p.get("vendor_id") or "").lower(),
                            vendor_class(p.get("vendor"))))
                m["types"] = [" ".join(str(t) for t in m["types"])]
                msgs[(msg["frame"], sa["spi_i"].lower(), ex["type_id"],
                      ex["message_id"])].append(m)
    for e in doc.get("esp_sas", []):
        if e.get("protocol", "esp") == "esp":
            esp[e["spi"].lower().replace("0x", "").zfill(8)] += e["packets"]
    return msgs, ike, esp


# --- the known differences ------------------------------------------------

class Known:
    """The table of known differences: records of three lines,

        CAPTURE FRAME ASPECT
            tshark: VALUE
            ikescope: VALUE

    CAPTURE as in the test lines (tests/data/...), ASPECT one of types,
    notify, transforms, ids, ke, vendor, each VALUE exactly as the failure
    message prints it ("-" where that side has no value at that position).
    Blank lines and lines starting with '#' are comments."""

    def __init__(self, path):
        self.entries = []
        cur = None
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                m = re.match(r"(tshark|ikescope):\s?(.*)$", text)
                if m:
                    if cur is None or m.group(1)[0] in cur:
                        raise SystemExit("%s:%d: %s: line out of place"
                                         % (path, n, m.group(1)))
                    cur[m.group(1)[0]] = m.group(2).rstrip()
                    continue
                cols = text.split()
                if len(cols) != 3 or not cols[1].isdigit() or \
                        cols[2] not in [a for a, _ in ASPECTS]:
                    raise SystemExit("%s:%d: expected CAPTURE FRAME ASPECT"
                                     % (path, n))
                cur = {"cap": cols[0], "frame": int(cols[1]),
                       "aspect": cols[2], "line": n, "used": 0}
                self.entries.append(cur)
        for e in self.entries:
            if "t" not in e or "i" not in e:
                raise SystemExit("%s:%d: needs a tshark: and an ikescope: "
                                 "line" % (path, e["line"]))

    def match(self, cap, frame, aspect, t, i):
        for e in self.entries:
            if (e["cap"], e["frame"], e["aspect"], e["t"], e["i"]) == \
                    (cap, frame, aspect, t if t is not None else "-",
                     i if i is not None else "-"):
                e["used"] += 1
                return e
        return None

    def unused(self, cap=None):
        return [e for e in self.entries if not e["used"] and
                (cap is None or e["cap"] == cap)]


# --- the checks -----------------------------------------------------------

def show(c, limit=12):
    lines = ["  %s%s" % (k, "" if n == 1 else " x%d" % n)
             for k, n in sorted(c.items())]
    if len(lines) > limit:
        lines = lines[:limit] + ["  ... (%d in all)" % len(lines)]
    return "\n".join(lines)


def check_ike(rel, t_ike, i_ike):
    desc = "%s: IKE messages as tshark sees them" % rel
    ts = collections.Counter()
    zero_rspi = set()
    for frame, ispi, rspi, et, mid in t_ike:
        rs = rspi
        if int(rs or "0", 16) == 0:
            zero_rspi.add((frame, ispi, et, mid))
            rs = "*"
        ts[(frame, ispi, rs, et, "%08x" % mid)] += 1
    ik = collections.Counter()
    for frame, ispi, rspi, et, mid in i_ike:
        rs = "*" if (frame, ispi, et, mid) in zero_rspi else rspi
        ik[(frame, ispi, rs, et, "%08x" % mid)] += 1
    if ts == ik:
        emit("PASS", "%s (%d)" % (desc, sum(ts.values())))
        return
    emit("FAIL", desc)
    emit("DIAG", "IKE messages (frame, SPIi, SPIr, exchange, message ID) "
         "differ:")
    only_t, only_i = ts - ik, ik - ts
    if only_t:
        emit("DIAG", "only tshark:\n" + show(only_t))
    if only_i:
        emit("DIAG", "only ikescope:\n" + show(only_i))


def check_esp(rel, ts, ik):
    desc = "%s: ESP packets per SPI as tshark sees them" % rel
    if ts == ik:
        emit("PASS", "%s (%d)" % (desc, sum(ts.values())))
        return
    emit("FAIL", desc)
    emit("DIAG", "ESP packets per SPI differ:")
    for spi in sorted(set(ts) | set(ik)):
        if ts[spi] != ik[spi]:
            emit("DIAG", "  SPI %s: tshark %d, ikescope %d"
                 % (spi, ts[spi], ik[spi]))


def check_aspects(rel, known, t_msgs, i_msgs):
    keys = sorted(set(t_msgs) & set(i_msgs))
    for aspect, label in ASPECTS:
        nmsg = nval = 0
        bad, excused = [], []
        eq = vendor_equal if aspect == "vendor" else (lambda a, b: a == b)
        for key in keys:
            for tm, im in zip(t_msgs[key], i_msgs[key]):
                nmsg += 1
                tv, iv = tm[aspect], im[aspect]
                if aspect != "types":
                    nval += max(len(tv), len(iv))
                for k in range(max(len(tv), len(iv))):
                    a = tv[k] if k < len(tv) else None
                    b = iv[k] if k < len(iv) else None
                    if a is not None and b is not None and eq(a, b):
                        continue
                    e = known.match(rel, key[0], aspect, a, b)
                    ta = "-" if a is None else a
                    ib = "-" if b is None else b
                    if e:
                        excused.append(
                            "known difference: frame %d, tshark %s, "
                            "ikescope %s" % (key[0], ta, ib))
                    else:
                        bad.append("%s %d %s\n    tshark: %s\n"
                                   "    ikescope: %s"
                                   % (rel, key[0], aspect, ta, ib))
        stale = [e for e in known.unused(rel) if e["aspect"] == aspect]
        what = "" if aspect == "types" else \
            ", %d value%s" % (nval, "" if nval == 1 else "s")
        desc = "%s: %s agree in %d message%s%s" % (
            rel, label, nmsg, "" if nmsg == 1 else "s", what)
        if excused:
            desc += " (%d known difference%s)" % (
                len(excused), "" if len(excused) == 1 else "s")
        emit("FAIL" if bad or stale else "PASS", desc)
        if bad:
            emit("DIAG", "%s differ (list a difference among the known "
                 "ones only with the reason for it):" % label)
            for r in bad[:20]:
                emit("DIAG", "  " + r.replace("\n", "\n  "))
            if len(bad) > 20:
                emit("DIAG", "  ... (%d in all)" % len(bad))
        for e in stale:
            emit("DIAG", "a known difference matches nothing:\n"
                 "  %s %d %s\n      tshark: %s\n      ikescope: %s"
                 % (rel, e["frame"], aspect, e["t"], e["i"]))
        for r in excused:
            emit("DIAG", r)


def fail_all(rel, why, errfile):
    emit("FAIL", "%s: IKE messages as tshark sees them" % rel)
    emit("DIAG", why)
    try:
        with open(errfile, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f
                     if "Running as user" not in l][:10]
        for l in lines:
            emit("DIAG", "  " + l)
    except OSError:
        pass
    emit("FAIL", "%s: ESP packets per SPI as tshark sees them" % rel)
    for aspect, label in ASPECTS:
        emit("FAIL", "%s: %s" % (rel, label))


def main():
    known = Known(sys.argv[1])
    seen = set()
    with open(sys.argv[2], encoding="utf-8") as f:
        manifest = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for rel, ijson, irc, ierr, pdml, trc, terr in manifest:
        seen.add(rel)
        if irc != "0":
            fail_all(rel, "ikescope --json failed (exit %s)" % irc, ierr)
            continue
        try:
            with open(ijson, encoding="utf-8") as jf:
                doc = json.load(jf)
        except (ValueError, OSError) as e:
            fail_all(rel, "ikescope --json wrote no valid JSON: %s" % e,
                     ierr)
            continue
        if trc != "0":
            fail_all(rel, "tshark failed (exit %s)" % trc, terr)
            continue
        try:
            t_msgs, t_ike, t_esp = tshark_messages(pdml)
        except (ET.ParseError, OSError) as e:
            fail_all(rel, "tshark wrote no valid PDML: %s" % e, terr)
            continue
        i_msgs, i_ike, i_esp = ikescope_messages(doc)
        check_ike(rel, t_ike, i_ike)
        check_esp(rel, t_esp, i_esp)
        check_aspects(rel, known, t_msgs, i_msgs)
    stale = [e for e in known.unused() if e["cap"] not in seen]
    if stale:
        emit("FAIL", "known differences name only captures that exist")
        for e in stale:
            emit("DIAG", "  %s %d %s: no such capture"
                 % (e["cap"], e["frame"], e["aspect"]))


if __name__ == "__main__":
    main()
