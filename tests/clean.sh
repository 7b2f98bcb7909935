#!/bin/bash
# clean.sh - the real captures are clean: for every capture under
# tests/data except malformed/ (whose captures are broken on purpose),
# "ikescope --json CAPTURE" exits 0, with no sanitizer report, writes a
# JSON document, and reports no diagnostic of its own:
#   - no entry in any message's "diagnosis", whatever its severity (a
#     message-level diagnostic says a payload was malformed, misplaced or
#     not understood);
#   - no entry of severity "warning" or "error" in any other "diagnosis"
#     or "errors" array (the IKE SAs', the captures', the document's, or
#     any other that appears).  Info-level diagnostics outside messages
#     are facts about the capture, not faults: "sa-midstream" (an SA set
#     up before the capture began), "roles-inferred", "rekey-inferred",
#     "natt-keepalive" and the like are fine;
# except the diagnostics listed in the table below, each with its reason.
# An entry of the table that matches no diagnostic fails too, so the table
# cannot go stale.  One TAP line per capture; what was found is listed as
# TAP comments, in the table's format.
#
# A diagnostic found here on a real capture is either an ikescope bug (a
# payload decoded wrongly, a wrong placement rule): fix it, do not list it;
# or a fault of the capture itself: list it, with the reason.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

DATA=$top_srcdir/tests/data

# --- expected diagnostics ----------------------------------------------------
#
# One line per expected diagnostic, fields separated by blanks:
#	CAPTURE  FRAME  SEVERITY  CODE  [MESSAGE]
# CAPTURE is the path under tests/data; FRAME the frame the diagnostic
# names, "-" for none, or "*" for any; MESSAGE, if given, a shell-style
# pattern (fnmatch, the rest of the line) the diagnostic's message must
# match.  An entry covers every diagnostic it matches and must match at
# least one.  A comment above each group says why the diagnostics are right.
cat > "$TEST_TMP/expected" <<'EOF'
# ikev2-id-normal.pcap and ikev2-id-short.pcap are tcpdump regression
# captures (tests/ikev2-id-*.pcap) made to exercise an ID payload of bad
# length: one IKE_AUTH request whose only payload is an unencrypted IDi
# (ID_IPV4_ADDR) of length 9 (1 byte of address) or 5 (not even the ID
# header), followed by 39 or 43 bytes of filler inside the IKE message.
# So: the ID is malformed; the payload chain ends (next payload NONE)
# before the message does; and an IDi outside SK in IKE_AUTH is misplaced
# (RFC 7296 1.2: IKE_AUTH payloads are encrypted).
dissect-only/ikev2-id-normal.pcap  1  error    payload-invalid     payload chain stops at offset 37: bytes left after the last payload
dissect-only/ikev2-id-normal.pcap  1  warning  payload-malformed   IDi payload at offset 28: ID_IPV4_ADDR is not 4 bytes*
dissect-only/ikev2-id-normal.pcap  1  warning  payload-unexpected  IDi payload is not expected in IKE_AUTH request outside the SK payload*
dissect-only/ikev2-id-short.pcap   1  error    payload-invalid     payload chain stops at offset 33: bytes left after the last payload
dissect-only/ikev2-id-short.pcap   1  warning  payload-malformed   IDi payload at offset 28: field runs past the end of its payload*
dissect-only/ikev2-id-short.pcap   1  warning  payload-unexpected  IDi payload is not expected in IKE_AUTH request outside the SK payload*

# synthetic/ikev2-every-payload.pcap (tests/mkpayloads.py) carries, on
# purpose, the payloads that RFC 7296 allows only inside SK in clear, so
# that they can be dissected without keys: in its IKE_AUTH,
# CREATE_CHILD_SA and INFORMATIONAL exchanges every payload is "not
# expected ... outside the SK payload".  Nothing else may be reported
# there (its IKE_SA_INIT messages in particular must stay clean).
synthetic/ikev2-every-payload.pcap  *  warning  payload-unexpected  * payload is not expected in IKE_AUTH * outside the SK payload (it must be encrypted)
synthetic/ikev2-every-payload.pcap  *  warning  payload-unexpected  * payload is not expected in CREATE_CHILD_SA * outside the SK payload (it must be encrypted)
synthetic/ikev2-every-payload.pcap  *  warning  payload-unexpected  * payload is not expected in INFORMATIONAL * outside the SK payload (it must be encrypted)
EOF

# --- run ikescope on every capture -------------------------------------------
: > "$TEST_TMP/manifest"
n=0
while IFS= read -r f; do
	n=$((n + 1))
	rel=${f#"$DATA"/}
	rc=0
	"$IKESCOPE" --json "$f" > "$TEST_TMP/$n.json" 2> "$TEST_TMP/$n.err" \
	    < /dev/null || rc=$?
	if [ "$rc" -eq 0 ] && has_sanitizer_report "$TEST_TMP/$n.err"; then
		rc="0, with a sanitizer report"
	fi
	printf '%s\t%s\t%s\t%s\n' "$rel" "$TEST_TMP/$n.json" "$rc" \
	    "$TEST_TMP/$n.err" >> "$TEST_TMP/manifest"
done < <(find "$DATA" -path "$DATA/malformed" -prune -o -type f \
    \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print |
    LC_ALL=C sort)

# --- check the documents -----------------------------------------------------
# Prints PASS<TAB>text, FAIL<TAB>text and DIAG<TAB>text records.
rc=0
python3 - "$TEST_TMP/expected" "$TEST_TMP/manifest" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/py.err" <<'PY' || rc=$?
import fnmatch, json, sys

expected = []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    cols = line.split(None, 4)
    if len(cols) < 4:
        sys.exit("expected diagnostics, line %d: want CAPTURE FRAME "
                 "SEVERITY CODE [MESSAGE]" % n)
    expected.append({"cap": cols[0], "frame": cols[1], "sev": cols[2],
                     "code": cols[3],
                     "msg": cols[4].strip() if len(cols) > 4 else "*",
                     "text": line.strip(), "used": 0})


def covers(e, rel, frame, sev, code, msg):
    return (e["cap"] == rel and e["frame"] in ("*", frame) and
            e["sev"] == sev and e["code"] == code and
            fnmatch.fnmatchcase(msg, e["msg"]))


def emit(kind, text):
    for l in str(text).split("\n"):
        print("%s\t%s" % (kind, l))


def walk(node, where, in_message, found):
    """Every entry of every "diagnosis"/"errors" array, with where it is."""
    if isinstance(node, dict):
        is_msg = in_message or ("payloads" in node and "frame" in node)
        for k, v in node.items():
            if k in ("diagnosis", "errors") and isinstance(v, list):
                for d in v:
                    if isinstance(d, dict):
                        found.append((where + "." + k, is_msg, d))
            else:
                walk(v, where + "." + k, is_msg, found)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, "%s[%d]" % (where, i), in_message, found)


# What the diagnosis says about the peers' negotiation (analyzer/diagnose.c:
# a refused proposal, a silent peer, weak algorithms) is a fact about the
# VPN, not a fault of the capture or of ikescope: tests/diagnose.sh checks
# those against what really happened.
NEGOTIATION = {
    "no-proposal-chosen", "invalid-ke-payload", "authentication-failed",
    "invalid-id-information", "ts-unacceptable", "error-notify",
    "no-response", "peer-unresponsive", "unanswered-at-end",
    "retransmission", "duplicate-frames", "psk-mismatch-suspected", "dpd",
    "dpd-unanswered", "delete", "nat-detected", "no-nat",
    "nat-port-rewritten", "natt-unsupported", "natt-no-switch",
    "weak-crypto", "aggressive-psk", "xauth-failed", "lifetime",
    "icmp-unreachable",
    "keys-missing",
}

seen = set()
for line in open(sys.argv[2], encoding="utf-8"):
    rel, path, rc, err = line.rstrip("\n").split("\t")
    seen.add(rel)
    desc = "%s: no unexplained diagnostics" % rel
    if rc != "0":
        emit("FAIL", desc)
        emit("DIAG", "ikescope --json failed (exit %s)" % rc)
        with open(err, encoding="utf-8", errors="replace") as f:
            for l in f.readlines()[:10]:
                emit("DIAG", "  " + l.rstrip("\n"))
        continue
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        emit("FAIL", desc)
        emit("DIAG", "no valid JSON: %s" % e)
        continue
    found = []
    walk(doc, "$", False, found)
    bad = []
    nexp = ninfo = 0
    for where, in_msg, d in found:
        sev = d.get("severity", "?")
        if not in_msg and (sev not in ("warning", "error") or
                           d.get("code") in NEGOTIATION):
            ninfo += 1
            continue
        frame = d.get("frame")
        frame = "-" if frame is None else str(frame)
        code, msg = d.get("code", "?"), d.get("message", "")
        hit = [e for e in expected if covers(e, rel, frame, sev, code, msg)]
        for e in hit:
            e["used"] += 1
        if hit:
            nexp += 1
        else:
            bad.append("%s  %s  %s  %s  %s\n      (at %s)"
                       % (rel, frame, sev, code, msg, where))
    stale = [e for e in expected if e["cap"] == rel and not e["used"]]
    if nexp:
        desc += " (%d expected)" % nexp
    if ninfo:
        desc += " (%d info)" % ninfo
    emit("FAIL" if bad or stale else "PASS", desc)
    if bad:
        emit("DIAG", "diagnostics not in the table (an ikescope bug? else "
             "list them with the reason):")
        for b in bad[:30]:
            emit("DIAG", "  " + b)
        if len(bad) > 30:
            emit("DIAG", "  ... (%d in all)" % len(bad))
    if stale:
        emit("DIAG", "table entries that match no diagnostic:")
        for e in stale:
            emit("DIAG", "  " + e["text"])
missing = [e for e in expected if e["cap"] not in seen]
if missing:
    emit("FAIL", "the table of expected diagnostics names only captures "
         "that exist")
    for e in missing:
        emit("DIAG", "  " + e["text"])
PY
while IFS=$'\t' read -r kind text; do
	case $kind in
	PASS) tap_ok 0 "$text" ;;
	FAIL) tap_ok 1 "$text" ;;
	DIAG) printf '#   %s\n' "$text" ;;
	*) printf '#   %s\t%s\n' "$kind" "$text" ;;
	esac
done < "$TEST_TMP/results"
if [ "$rc" -ne 0 ]; then
	tap_ok 1 "the JSON checks ran to the end"
	tap_diag "exit status $rc"
	tap_diag_file "$TEST_TMP/py.err" 20
fi

tap_done
