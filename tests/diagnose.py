#!/usr/bin/env python3
"""diagnose.py - ikescope's diagnosis against what really happened.

    diagnose.py IKESCOPE SAMPLES_DIR SCENARIO...

For each scenario, SAMPLES_DIR/SCENARIO.expect says what happened in
SCENARIO.pcap, derived from both daemons' logs and from tshark (never from
ikescope; format in samples/strongswan/README, "Expectation files").  This
runs `ikescope --json -k SCENARIO.min.keys SCENARIO.pcap` and, with no keys
at all, once more, and checks every fact the diagnosis must show:

  notify NAME from= frame=   a diagnosis of the matching code (NO_PROPOSAL_
                             CHOSEN -> no-proposal-chosen, ...), that side,
                             that frame among its frames (with keys; without
                             keys only when the notify travels in clear)
  delete from= frame=        a "delete" diagnosis of that side and frame
  dpd request= response=     a "dpd" diagnosis; an unanswered one a
                             "dpd-unanswered" naming the request frame
  retransmit frame= of=      a "retransmission" naming both frames
  icmp frame= type=          an "icmp-unreachable" naming that frame
  unanswered frame=          a diagnosis naming that frame: no-response,
                             peer-unresponsive, dpd-unanswered or
                             unanswered-at-end
  retry ... after ke_group=  the invalid-ke-payload diagnosis, and the SA
                             (or its successor) established
  ike_sa state=established   the first IKE SA's outcome says established at
                             some point; state=failed: it never was
  outcome deleted deleted_by=   an IKE SA "deleted" (or "rekeyed") by that side

Prints one line per check, tab-separated: PASS|FAIL, the description, and
what was found when it fails.
"""
import json
import os
import subprocess
import sys

CODES = {
    "NO_PROPOSAL_CHOSEN": "no-proposal-chosen",
    "NO-PROPOSAL-CHOSEN": "no-proposal-chosen",
    "INVALID_KE_PAYLOAD": "invalid-ke-payload",
    "AUTHENTICATION_FAILED": "authentication-failed",
    "AUTHENTICATION-FAILED": "authentication-failed",
    "INVALID-HASH-INFORMATION": "authentication-failed",
    "INVALID_SIGNATURE": "authentication-failed",
    "TS_UNACCEPTABLE": "ts-unacceptable",
    "INVALID_ID_INFORMATION": "invalid-id-information",
    "INVALID-ID-INFORMATION": "invalid-id-information",
}
UNANSWERED = {"no-response", "peer-unresponsive", "dpd-unanswered",
              "unanswered-at-end"}


def out(kind, text, why=""):
    print("%s\t%s\t%s" % (kind, text, why))


def facts(path):
    res = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            kv, words = {}, []
            for c in cols[1:]:
                if "=" in c and " " not in c.split("=", 1)[0]:
                    k, v = c.split("=", 1)
                    kv[k] = v
                else:
                    words.append(c)
            res.append((cols[0], words, kv))
    return res


def run(ikescope, args):
    p = subprocess.run([ikescope, "--json"] + args, capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr[:300]))
    return json.loads(p.stdout)


def diags(doc):
    for i, sa in enumerate(doc["ike_sas"]):
        for d in sa["diagnosis"]:
            yield i, d


def find(doc, code=None, side=None, frame=None, codes=None):
    for i, d in diags(doc):
        if code is not None and d["code"] != code:
            continue
        if codes is not None and d["code"] not in codes:
            continue
        if side is not None and d.get("side") != side:
            continue
        if frame is not None and int(frame) not in d.get("frames", []):
            continue
        return d
    return None


def brief(doc):
    return "; ".join("#%d %s: %s" % (i, d["code"], ",".join(
        map(str, d.get("frames", [])))) for i, d in diags(doc)
        if d["severity"] != "info" or d["code"] in ("delete", "dpd"))[:400]


def check(ikescope, sdir, name):
    pcap = os.path.join(sdir, name + ".pcap")
    keys = os.path.join(sdir, name + ".min.keys")
    fs = facts(os.path.join(sdir, name + ".expect"))
    try:
        with_keys = run(ikescope, ["-k", keys, pcap])
        no_keys = run(ikescope, [pcap])
    except (RuntimeError, ValueError) as e:
        out("FAIL", "%s: ikescope --json runs" % name, str(e))
        return
    sas = with_keys["ike_sas"]
    for kind, words, kv in fs:
        if kind == "notify":
            nm = words[0] if words else kv.get("name", "?")
            code = CODES.get(nm, "error-notify")
            for doc, which in ((with_keys, "with keys"),
                               (no_keys, "without keys")):
                if which == "without keys" and kv.get("encrypted") == "yes":
                    continue
                d = find(doc, code, kv.get("from"), kv.get("frame"))
                out("PASS" if d else "FAIL",
                    "%s %s: %s from the %s in frame %s -> %s" % (
                        name, which, nm, kv.get("from"), kv.get("frame"),
                        code), "" if d else brief(doc))
        elif kind == "delete":
            d = find(with_keys, "delete", kv.get("from"), kv.get("frame"))
            out("PASS" if d else "FAIL",
                "%s: %s deleted %s in frame %s" % (
                    name, kv.get("from"), kv.get("protocol"),
                    kv.get("frame")), "" if d else brief(with_keys))
        elif kind == "dpd":
            resp = kv.get("response", "none")
            if resp == "none":
                d = find(with_keys, frame=kv.get("request"),
                         codes=UNANSWERED)
                what = "unanswered liveness check in frame %s" % kv.get(
                    "request")
            else:
                d = find(with_keys, "dpd")
                what = "liveness check %s/%s answered" % (
                    kv.get("request"), resp)
                if d and "0 answered" in d["message"]:
                    d = None
            out("PASS" if d else "FAIL", "%s: %s" % (name, what),
                "" if d else brief(with_keys))
        elif kind == "retransmit":
            d = find(no_keys, "retransmission", frame=kv.get("frame"))
            ok = d is not None and int(kv.get("of")) in d.get("frames", [])
            out("PASS" if ok else "FAIL",
                "%s: frame %s retransmits frame %s" % (
                    name, kv.get("frame"), kv.get("of")),
                "" if ok else brief(no_keys))
        elif kind == "unanswered":
            # Answered by an error notify instead of the next message
            # counts too: the diagnosis of that notify names the request.
            d = find(with_keys, frame=kv.get("frame"), codes=UNANSWERED) or \
                next((d for i, d in diags(with_keys)
                      if d["severity"] == "error" and
                      int(kv.get("frame")) in d.get("frames", [])), None)
            out("PASS" if d else "FAIL",
                "%s: request of frame %s unanswered (%s)" % (
                    name, kv.get("frame"), kv.get("exchange", "?")),
                "" if d else brief(with_keys))
        elif kind == "icmp":
            d = find(no_keys, "icmp-unreachable", frame=kv.get("frame"))
            ok = d is not None and (kv.get("type") != "port-unreachable" or
                                    "port unreachable" in d["message"])
            out("PASS" if ok else "FAIL",
                "%s: ICMP %s in frame %s about frame %s" % (
                    name, kv.get("type"), kv.get("frame"), kv.get("for")),
                "" if ok else brief(no_keys))
        elif kind == "retry":
            d = find(with_keys, "invalid-ke-payload")
            up = any(s["outcome"]["established"] for s in sas)
            out("PASS" if d and up else "FAIL",
                "%s: INVALID_KE_PAYLOAD, then a retry in frame %s that "
                "came up" % (name, kv.get("frame")),
                "" if d and up else brief(with_keys))
        elif kind == "ike_sa" and sas:
            want = kv.get("state")
            got = [s for s in sas if s["spi_i"] == kv.get("spi_i")] or sas
            est = got[0]["outcome"]["established"]
            ok = est if want == "established" else not est
            out("PASS" if ok else "FAIL",
                "%s: IKE SA %s %s" % (name, kv.get("spi_i", ""), want),
                "" if ok else json.dumps(got[0]["outcome"]))
        elif kind == "outcome" and words and sas:
            state = words[0]
            last = sas[-1]["outcome"]
            if state == "deleted" and kv.get("deleted_by"):
                ok = any(s["outcome"]["state"] in ("deleted", "rekeyed") and
                         s["outcome"].get("by", kv["deleted_by"]) ==
                         kv["deleted_by"] for s in sas)
            elif state == "failed":
                ok = all(s["outcome"]["state"] in ("failed", "incomplete")
                         for s in sas)
            elif state == "established":
                ok = last["state"] == "established"
            else:  # incomplete: IKE SA up, no CHILD_SA
                ok = any(s["outcome"]["established"] for s in sas)
            out("PASS" if ok else "FAIL",
                "%s: outcome %s" % (name, state),
                "" if ok else json.dumps([s["outcome"] for s in sas])[:400])


def main():
    ikescope, sdir = sys.argv[1], sys.argv[2]
    for name in sys.argv[3:]:
        check(ikescope, sdir, name)


main()
