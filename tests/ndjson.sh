#!/bin/bash
# ndjson.sh - --ndjson with SAs forgotten as they go idle gives the same
# events as keeping every SA: the strongSwan samples, read as one stream
# (made at different times, so earlier ones go idle while later ones are
# read), with all their key files, once with --idle-timeout 0 (keep all)
# and once with 30 s.  The ike events must be the same, every IKE SA the
# same outcome, keys and auth, every ESP SA the same counts; and SAs must
# really have been finished before the end of the input.
. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

S=$top_srcdir/samples/strongswan
# In the order they were made (their first frame's time).
caps=$(by_first_frame "$S"/*.pcap)
cat "$S"/*.min.keys > "$TEST_TMP/all.keys"
for t in 0 30; do
	run_ikescope "$TEST_TMP/ev$t" "$TEST_TMP/err$t" --ndjson \
	    --idle-timeout $t -k "$TEST_TMP/all.keys" $caps < /dev/null
	if [ "$RC" -ne 0 ] || has_sanitizer_report "$TEST_TMP/err$t"; then
		tap_ok 1 "--ndjson --idle-timeout $t runs"
		tap_diag_file "$TEST_TMP/err$t" 20
	else
		tap_ok 0 "--ndjson --idle-timeout $t runs"
	fi
done

rc=0
python3 - "$TEST_TMP/ev0" "$TEST_TMP/ev30" > "$TEST_TMP/results" \
    2> "$TEST_TMP/perr" <<'PY' || rc=$?
import json, sys
from collections import Counter

def load(p):
    return [json.loads(l) for l in open(p, encoding="utf-8")]

def out(ok, text, why=""):
    print("%s\t%s\t%s" % ("PASS" if ok else "FAIL", text, why))

keep, idle = load(sys.argv[1]), load(sys.argv[2])
ike = lambda evs: sorted(json.dumps(e, sort_keys=True) for e in evs
                         if e["event_type"] == "ike")
a, b = ike(keep), ike(idle)
out(len(a) > 100 and a == b, "the same %d ike events (decryption included)"
    % len(a), "" if a == b else "%d vs %d events differ" % (len(a), len(b)))

def sas(evs):
    r = {}
    for e in evs:
        if e["event_type"] == "ike_sa":
            s = e["ike_sa"]
            r[s["index"]] = (s["outcome"]["state"], s["outcome"]["established"],
                             s["keys"]["state"], json.dumps(s["auth"]),
                             len(s["child_sas"]))
    return r
x, y = sas(keep), sas(idle)
diff = [i for i in x if x[i] != y.get(i)]
out(len(x) > 30 and not diff and len(x) == len(y),
    "the same %d IKE SAs: outcome, keys, auth, child SAs" % len(x),
    "; ".join("#%d %s / %s" % (i, x[i], y.get(i)) for i in diff[:5]))

def esp(evs):
    c = Counter()
    for e in evs:
        if e["event_type"] == "esp_sa":
            s = e["esp_sa"]
            k = (s["spi"], s["src"], s["dst"])
            for f in ("packets", "decrypted", "integrity_failed", "no_keys"):
                c[k + (f,)] += s[f]
    return c
p, q = esp(keep), esp(idle)
out(sum(v for k, v in p.items() if k[3] == "decrypted") > 100 and p == q,
    "the same ESP packets decrypted, SPI by SPI",
    "" if p == q else str(list((p - q).items())[:3]))

last_ike = max(i for i, e in enumerate(idle) if e["event_type"] == "ike")
early = [e for e in idle[:last_ike] if e["event_type"] == "ike_sa"]
out(len(early) >= 10, "%d IKE SAs finished before the last message was read"
    % len(early))
early = [e for e in keep[:max(i for i, e in enumerate(keep)
                              if e["event_type"] == "ike")]
         if e["event_type"] == "ike_sa"]
out(not early, "with --idle-timeout 0 every SA is kept to the end")
PY
tap_results "ndjson check" "$rc" "$TEST_TMP/results" "$TEST_TMP/perr"
tap_done
