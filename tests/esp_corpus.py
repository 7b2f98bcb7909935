#!/usr/bin/env python3
"""esp_corpus.py - the checks behind tests/esp_corpus.sh.

    python3 tests/esp_corpus.py DATA IKESCOPE WORKDIR [NAME...]

DATA is tests/data/esp: third-party ESP captures (Wireshark wiki, tcpdump
test suite; see DATA/SOURCE.md), each NAME.pcap with NAME.keys (its
Wireshark esp_sa table converted to ikescope's key file) and
NAME.oracle.tsv (what TShark 4.0 decrypts with that table: one row per
ESP layer per frame; DATA/make_oracle.py made both and describes the
columns).  IKESCOPE is the program to test, WORKDIR a scratch directory.
For every NAME.oracle.tsv (or only the NAMEs given), ikescope is run once:

    IKESCOPE --json -v -k NAME.keys NAME.pcap

and its esp_sas[].packet_list is compared with the oracle.  Six checks per
capture, always in this order (a check that cannot run fails):

  1. ikescope exits 0, writes one JSON document, and no sanitizer report
     is on its standard error;
  2. every oracle row has a packet_list entry of an esp_sas member with
     the same frame and SPI (several rows of one frame and SPI pair with
     the entries in order), and the entry has the row's sequence number;
  3. the verdicts agree: ICV good <=> "decryption": "ok"; ICV bad <=>
     "integrity_failed"; ICV unchecked (ANY_96) or none (NULL
     authentication) <=> "unverified";
  4. the carried packet agrees, for every matched row: "inner" has
     ip_version, src, dst in tunnel mode and none of them in transport
     mode; protocol, src_port/dst_port, icmp_type/icmp_code as the
     oracle (absent where the oracle has "-"); the entry's next_header
     is 4 (IPv4 tunnel), 41 (IPv6 tunnel) or the oracle's protocol
     (transport).  Addresses are compared as addresses (IPv6 text
     forms may differ);
  5. no packet_list entry says "ok" for a frame and SPI pair the oracle
     has no row for (ESP quoted in ICMP errors has no row: it is not an
     ESP packet of the flow);
  6. per esp_sas member, the counts add up: "packets" equals decrypted +
     decrypted_unverified + integrity_failed + bad_padding + malformed +
     no_keys, equals the number of packet_list entries, and each count
     equals the entries in that state.

Output, one record per line on standard output (tests/esp_corpus.sh turns
them into TAP):
    PASS<TAB>description
    FAIL<TAB>description
    SKIP<TAB>description<TAB>reason
    DIAG<TAB>text        (details of the check before it; at most 8
                          lines per check, 20 per capture, e.g.
                          "frame 12 spi 0000d431: ikescope inner dst
                          10.0.0.3, tshark 10.0.0.2")
"""

import ipaddress
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from esp_write import Results  # noqa: E402  (one capture's TAP records)

COLUMNS = ("frame", "spi", "seq", "icv", "inner_version", "inner_src",
           "inner_dst", "inner_proto", "sport", "dport", "icmp_type",
           "icmp_code")
OUTCOMES = ("decrypted", "decrypted_unverified", "integrity_failed",
            "bad_padding", "malformed", "no_keys")
# packet_list "decryption" -> the per-SA count it adds to.
STATE_COUNT = {"ok": "decrypted", "unverified": "decrypted_unverified",
               "integrity_failed": "integrity_failed",
               "bad_padding": "bad_padding", "malformed": "malformed",
               "no_keys": "no_keys"}
ICV_STATE = {"good": "ok", "bad": "integrity_failed",
             "unchecked": "unverified", "none": "unverified"}
# oracle column -> ikescope "inner" member
INNER = (("inner_version", "ip_version"), ("inner_src", "src"),
         ("inner_dst", "dst"), ("inner_proto", "protocol"),
         ("sport", "src_port"), ("dport", "dst_port"),
         ("icmp_type", "icmp_type"), ("icmp_code", "icmp_code"))
SANITIZER = re.compile(r"runtime error|AddressSanitizer|LeakSanitizer|"
                       r"MemorySanitizer|ThreadSanitizer|"
                       r"UndefinedBehaviorSanitizer")
CHECKS = (
    "ikescope --json -v -k %(name)s.keys runs cleanly",
    "every ESP layer tshark decrypts (%(rows)d rows) has a packet_list "
    "entry with its frame, SPI and sequence number",
    "decryption verdicts match tshark's ICV (%(icv)s)",
    "carried packets match tshark's (IP version, addresses, protocol, "
    "next header, ports, ICMP type/code)",
    "no packet is \"ok\" where tshark decrypted no ESP layer",
    "per-SA counts add up (packets = sum of outcomes = packet_list "
    "entries)",
)


def read_oracle(path):
    rows = []
    with open(path) as fh:
        head = fh.readline().rstrip("\n").split("\t")
        if tuple(head) != COLUMNS:
            raise ValueError("%s: unexpected header %r" % (path, head))
        for no, line in enumerate(fh, 2):
            f = line.rstrip("\n").split("\t")
            if len(f) != len(COLUMNS):
                raise ValueError("%s:%d: %d columns, want %d"
                                 % (path, no, len(f), len(COLUMNS)))
            r = dict(zip(COLUMNS, f))
            r["frame"] = int(r["frame"])
            r["seq"] = int(r["seq"])
            r["spi"] = r["spi"].lower()
            rows.append(r)
    return rows


def norm_spi(s):
    s = str(s or "").lower()
    if s.startswith("0x"):
        s = s[2:]
    try:
        return "%08x" % int(s, 16)
    except ValueError:
        return s


def same_value(col, mine, theirs):
    """Whether ikescope's value (None when absent) is the oracle's
    ("-" when not applicable)."""
    if theirs == "-":
        return mine is None
    if mine is None:
        return False
    if col in ("inner_src", "inner_dst"):
        try:
            return ipaddress.ip_address(str(mine)) == \
                ipaddress.ip_address(theirs)
        except ValueError:
            return False
    try:
        return int(mine) == int(theirs)
    except (TypeError, ValueError):
        return False


def show(v):
    return "none" if v is None else str(v)


def run(cmd, timeout=600):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %d s" % timeout
    except OSError as e:
        return None, b"", "cannot run: %s" % e
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def ikescope_packets(doc):
    """({(frame, spi): [(sa, entry), ...]}, problems)."""
    by_key, problems = {}, []
    sas = doc.get("esp_sas")
    if not isinstance(sas, list):
        return by_key, ["the JSON document has no esp_sas list"]
    for sa in sas:
        if not isinstance(sa, dict):
            problems.append("an esp_sas member is not an object")
            continue
        if sa.get("protocol", "esp") != "esp":
            continue
        pl = sa.get("packet_list")
        if pl is None:
            if sa.get("packets"):
                problems.append("SA %s %s->%s: no packet_list, although "
                                "-v was given" % (sa.get("spi"),
                                                  sa.get("src"),
                                                  sa.get("dst")))
            continue
        if not isinstance(pl, list):
            problems.append("SA %s: packet_list is not a list"
                            % sa.get("spi"))
            continue
        for p in pl:
            if not isinstance(p, dict):
                continue
            try:
                key = (int(p.get("frame")), norm_spi(sa.get("spi")))
            except (TypeError, ValueError):
                problems.append("SA %s: entry without a frame number: %s"
                                % (sa.get("spi"), json.dumps(p)[:100]))
                continue
            by_key.setdefault(key, []).append((sa, p))
    return by_key, problems


def compare(name, rows, doc, r):
    by_key, problems = ikescope_packets(doc)
    want = {}
    for row in rows:
        want.setdefault((row["frame"], row["spi"]), []).append(row)
    pairs, missing = [], []
    for key, rs in want.items():
        got = by_key.get(key, [])
        for i, row in enumerate(rs):
            if i < len(got):
                pairs.append((row, got[i][1]))
            else:
                missing.append(row)
    pairs.sort(key=lambda x: (x[0]["frame"], x[0]["spi"]))
    at = lambda row: "frame %d spi %s" % (row["frame"], row["spi"])

    # 2. presence and sequence numbers
    diags = list(problems)
    for row in sorted(missing, key=lambda x: (x["frame"], x["spi"])):
        diags.append("%s: no ikescope packet_list entry (tshark: seq %d, "
                     "ICV %s)" % (at(row), row["seq"], row["icv"]))
    for row, p in pairs:
        if not same_value("seq", p.get("seq"), str(row["seq"])):
            diags.append("%s: ikescope seq %s, tshark %d"
                         % (at(row), show(p.get("seq")), row["seq"]))
    r.check(not diags, CHECKS[1] % {"rows": len(rows)} +
            (" (%d missing)" % len(missing) if missing else ""), diags)

    # 3. verdicts
    diags = []
    icv = {}
    for row in rows:
        icv[row["icv"]] = icv.get(row["icv"], 0) + 1
    for row, p in pairs:
        exp = ICV_STATE.get(row["icv"], "?")
        if p.get("decryption") != exp:
            diags.append("%s: ikescope decryption %s, tshark ICV %s "
                         "(expected %s)" % (at(row), show(p.get("decryption")),
                                            row["icv"], exp))
    r.check(not diags and not missing, CHECKS[2] % {
        "icv": ", ".join("%s %d" % kv for kv in sorted(icv.items()))},
        diags + (["%d rows without an entry (see above)" % len(missing)]
                 if missing else []))

    # 4. inner packets
    diags = []
    for row, p in pairs:
        inner = p.get("inner")
        if not isinstance(inner, dict):
            diags.append("%s: ikescope has no inner packet (decryption %s); "
                         "tshark: %s" % (at(row), show(p.get("decryption")),
                                         describe(row)))
            continue
        for col, key in INNER:
            if not same_value(col, inner.get(key), row[col]):
                diags.append("%s: ikescope inner %s %s, tshark %s"
                             % (at(row), key, show(inner.get(key)),
                                "none" if row[col] == "-" else row[col]))
        nh = {"4": 4, "6": 41}.get(row["inner_version"])
        if nh is None:
            nh = int(row["inner_proto"])
        if not same_value("next_header", p.get("next_header"), str(nh)):
            diags.append("%s: ikescope next_header %s, tshark %d"
                         % (at(row), show(p.get("next_header")), nh))
    r.check(not diags and not missing, CHECKS[3],
            diags + (["%d rows without an entry (see above)" % len(missing)]
                     if missing else []))

    # 5. "ok" without an oracle row
    diags = []
    for key in sorted(by_key):
        extra = by_key[key][len(want.get(key, [])):]
        for sa, p in extra:
            if p.get("decryption") == "ok":
                diags.append("frame %d spi %s: ikescope says ok (seq %s, SA "
                             "%s->%s), tshark has no such ESP layer"
                             % (key[0], key[1], show(p.get("seq")),
                                sa.get("src"), sa.get("dst")))
    r.check(not diags, CHECKS[4], diags)

    # 6. counts
    diags = []
    for sa in doc.get("esp_sas") or []:
        if not isinstance(sa, dict):
            continue
        what = "SA %s %s->%s" % (sa.get("spi"), sa.get("src"), sa.get("dst"))
        counts = {}
        for c in ("packets",) + OUTCOMES:
            v = sa.get(c)
            if v is None:
                diags.append("%s: no \"%s\" count" % (what, c))
                v = 0
            elif not isinstance(v, int) or isinstance(v, bool):
                diags.append("%s: %s is %s, not a count"
                             % (what, c, json.dumps(v)))
                v = 0
            counts[c] = v
        total = sum(counts[c] for c in OUTCOMES)
        if counts["packets"] != total:
            diags.append("%s: packets %d, sum of outcomes %d (%s)" % (
                what, counts["packets"], total,
                ", ".join("%s %d" % (c, counts[c]) for c in OUTCOMES)))
        pl = sa.get("packet_list")
        if isinstance(pl, list):
            if len(pl) != counts["packets"]:
                diags.append("%s: packets %d, packet_list has %d entries"
                             % (what, counts["packets"], len(pl)))
            tally = dict.fromkeys(OUTCOMES, 0)
            for p in pl:
                st = p.get("decryption") if isinstance(p, dict) else None
                if st not in STATE_COUNT:
                    diags.append("%s: frame %s: unknown decryption state %s"
                                 % (what, p.get("frame") if isinstance(
                                     p, dict) else "?", show(st)))
                    continue
                tally[STATE_COUNT[st]] += 1
            for c in OUTCOMES:
                if tally[c] != counts[c]:
                    diags.append("%s: %s %d, but %d packet_list entries say "
                                 "so" % (what, c, counts[c], tally[c]))
    r.check(not diags, CHECKS[5], diags)


def describe(row):
    parts = []
    if row["inner_version"] != "-":
        parts.append("IPv%s %s -> %s" % (row["inner_version"],
                                          row["inner_src"], row["inner_dst"]))
    parts.append("protocol %s" % row["inner_proto"])
    if row["sport"] != "-":
        parts.append("ports %s -> %s" % (row["sport"], row["dport"]))
    if row["icmp_type"] != "-":
        parts.append("ICMP %s/%s" % (row["icmp_type"], row["icmp_code"]))
    return ", ".join(parts)


def capture(data, ikescope, work, name):
    r = Results(name)
    try:
        rows = read_oracle(os.path.join(data, name + ".oracle.tsv"))
    except (OSError, ValueError) as e:
        r.check(False, "the oracle %s.oracle.tsv is readable" % name, [e])
        return r
    pcap = os.path.join(data, name + ".pcap")
    keys = os.path.join(data, name + ".keys")
    rc, out, err = run([ikescope, "--json", "-v", "-k", keys, pcap])
    doc, diags = None, []
    if rc is None:
        diags.append("ikescope %s" % err)
    else:
        try:
            doc = json.loads(out.decode("utf-8"))
            if not isinstance(doc, dict):
                diags.append("the JSON document is not an object")
                doc = None
        except ValueError as e:
            diags.append("no valid JSON document on stdout (%d bytes): %s"
                         % (len(out), e))
        if rc != 0:
            diags.insert(0, "exit status %d" % rc)
        if SANITIZER.search(err):
            diags.append("sanitizer report on stderr")
        if err.strip() and (rc != 0 or doc is None or SANITIZER.search(err)):
            diags += ["stderr: " + l for l in err.strip().split("\n")[:10]]
    ok = rc == 0 and doc is not None and not SANITIZER.search(err)
    r.check(ok, CHECKS[0] % {"name": name}, diags)
    if doc is None:
        icv = {}
        for row in rows:
            icv[row["icv"]] = icv.get(row["icv"], 0) + 1
        args = {"rows": len(rows), "name": name,
                "icv": ", ".join("%s %d" % kv for kv in sorted(icv.items()))}
        for c in CHECKS[1:]:
            r.check(False, c % args, ["not checked: no JSON document"])
        return r
    compare(name, rows, doc, r)
    return r


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    data, ikescope, work = sys.argv[1:4]
    names = sys.argv[4:] or sorted(
        f[:-len(".oracle.tsv")] for f in os.listdir(data)
        if f.endswith(".oracle.tsv"))
    if not names:
        sys.stdout.write("FAIL\tthere are oracle files in %s\n" % data)
        return 0
    for name in names:
        try:
            res = capture(data, ikescope, work, name)
        except Exception as e:  # report it, and go on with the others
            res = Results(name)
            res.check(False, "the checks ran to the end",
                      ["%s: %s" % (type(e).__name__, e)])
        res.write(sys.stdout)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
