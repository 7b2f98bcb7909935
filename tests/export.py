#!/usr/bin/env python3
"""export.py - the checks behind tests/export.sh (--export-keys).

    python3 tests/export.py TOP_SRCDIR IKESCOPE WORKDIR [NAME...]

IKESCOPE is the program to test, WORKDIR a private scratch directory.
NAMEs select scenarios (default: all): a strongSwan sample
(samples/strongswan/<name>.pcap, run with <name>.min.keys: the PSK and
the initiator's DH private values), "esp/<name>" for a capture of the
ESP corpus (tests/data/esp/<name>.pcap with its <name>.keys, esp lines
converted from the Wireshark table that came with it, and
<name>.oracle.tsv, what tshark 4.0 decrypts with that table), or "cli",
"psk-crack".

Per strongSwan sample:

  wireshark  ikescope -j -v --show-keys -k <sc>.min.keys
                 --export-keys wireshark:DIR <sc>.pcap
    - runs cleanly (exit 0, a JSON document, nothing on stderr but
      "left out" notes), writes DIR/ikev1_decryption_table,
      ikev2_decryption_table and esp_sa (mode 0600, DIR 0700);
    - the rows (comments aside) are the ones tests/tshark_keys.py builds
      from the same run's --show-keys JSON with its own Python copy of
      Wireshark 4.0's algorithm strings (an "ANY ... [no checking]"
      row's key is not compared: tshark ignores it);
    - tshark -o esp.enable_encryption_decode:TRUE ... -T pdml with DIR as
      WIRESHARK_CONFIG_DIR takes the tables without a complaint;
    - per IKE SA: tshark decrypts every message ikescope decrypted to the
      same payloads (tshark_keys.check_tshark_ike: ICV [correct] for
      IKEv2; its KNOWN_TSHARK list applies);
    - per ESP SA of the capture: tshark decrypts every packet ikescope
      decrypted with the exported esp_sa row, ICV correct where the row
      checks one, an inner packet dissected; an SA the table cannot hold
      (tshark 4.0 has no ChaCha20, CCM, ...) must be named in a
      "# left out:" comment and is skipped with that reason;
  keys  ikescope -k <sc>.min.keys --export-keys keys:FILE <sc>.pcap, then
        ikescope -j -v -k FILE <sc>.pcap (no PSK, no DH value)
    - FILE is written (mode 0600), the second run reads it without an
      error and uses every line (a key-unused note only for an esp/ah
      line whose SPI has no packet in the capture);
    - every IKE message has the same "decryption" and the same decrypted
      payloads in both runs;
    - what final keys cannot do, and nothing else, differs: IKEv1
      messages decrypted by their HASH are now decrypted by structure
      ("decrypted_by": "structure": with Ka alone there is no SKEYID_a);
      every HASH / AUTH check that was "verified" or "failed" is now
      "unverified" (IKEv1: no SKEYID_a, nor the PSK for Aggressive Mode's
      clear HASH_R; IKEv2: no SK_p*); IKE SA keys are "provided"; child
      SAs have no keys (no SKEYID_d / SK_d);
    - every ESP SA has the same packet counts and results (decrypted,
      unverified, integrity_failed, bad_padding, malformed, no_keys,
      dummy, replays, sequence_gaps), now with keys from the key file;
  tcpdump (when tcpdump is installed)
        ikescope -k <sc>.min.keys --export-keys tcpdump:FILE, then
        tcpdump -n --number -r <sc>.pcap -E 'file FILE' (and -v for IKE)
    - every ESP SA and IKEv2 SA ikescope has keys for is in FILE or
      named in a "# left out:" comment (tcpdump does CBC ciphers with no
      ICV or a 96-bit one, and not IKEv1);
    - per ESP SPI in FILE: tcpdump prints the carried packet of every
      packet ikescope decrypted, with the same inner addresses (and
      ports);
    - per IKEv2 SA in FILE: tcpdump -v prints as many payloads inside
      each SK payload as ikescope decrypted (RFC 7383 fragments aside:
      tcpdump does not reassemble them);
  psk-crack (every sample): --export-keys psk-crack:FILE writes one line
        per IKEv1 Aggressive Mode PSK exchange and nothing for the others
        (see "psk-crack" below for what is checked of the lines).

The ikev1-wrong-psk sample is also run with both sides' Ka (its
.full.keys and the responder's Ka from the comment there): the key file
export then holds two ikev1 lines for the SA, and the second run
decrypts the responder's messages too; the Wireshark table, one Ka per
SPI_I, holds the initiator's and says so in a comment.

Per ESP corpus capture (esp/<name>): wireshark export as above, and
tshark with the exported esp_sa reproduces <name>.oracle.tsv exactly
(tests/data/esp/make_oracle.py's rows); keys round trip (same ESP
results); tcpdump as above.

cli: bad --export-keys arguments end with exit status 1 and a message
before any capture is read (unknown format, no colon, no path,
wireshark:-, a path that cannot be written).

psk-crack: the line of ikev1-aggressive-psk has the shape of ike-scan's
(9 colon-separated lowercase hex fields: g_xr, g_xi, the cookies as the
capture has them, SAi_b starting with the IPsec DOI, IDir_b, Ni_b, Nr_b,
HASH_R of 16 or 20 bytes); HASH_R recomputed in Python from the fields
and the sample's PSK (RFC 2409 5.4: prf(prf(PSK, Ni_b | Nr_b), g_xr |
g_xi | CKY-R | CKY-I | SAi_b | IDir_b)) equals the field; when psk-crack
(Debian package ike-scan) is installed, it finds the PSK with a
one-word dictionary and nothing with a wrong word.  The same Python
computation is checked on ike-scan's own parameter files
(tests/data/ike-scan, or $IKESCAN_CORPUS) with their known PSKs, which
shows the field order is the one psk-crack reads.

Records, one per line on standard output: PASS/FAIL/SKIP/DIAG as in
tests/tshark_keys.py.  Without tshark, tcpdump or psk-crack, their
checks are skipped with the reason.
"""

import concurrent.futures
import csv
import hashlib
import hmac
import json
import os
import re
import shutil
import stat
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "data", "esp"))
import tshark_keys as tk  # noqa: E402
import make_oracle  # noqa: E402

HAVE_TSHARK = shutil.which("tshark") is not None
HAVE_TCPDUMP = shutil.which("tcpdump") is not None
HAVE_PSKCRACK = shutil.which("psk-crack") is not None

LEFT_OUT = re.compile(r"^ikescope: --export-keys [a-z-]+: left out: ")
# Notes of a run that exported (exit 0): what was left out, an empty file.
NOTE = re.compile(r"^ikescope: --export-keys [a-z-]+: ")
# The samples' key files are mode 0644 in the tree: that warning is fine.
KEY_MODE = re.compile(r": warning: the key file is readable by ")
TABLES = ("ikev1_decryption_table", "ikev2_decryption_table", "esp_sa")
ESP_COUNTS = ("packets", "decrypted", "decrypted_unverified",
              "integrity_failed", "bad_padding", "malformed", "no_keys",
              "dummy", "replays", "sequence_gaps")
ANY_AUTH = re.compile(r"^ANY \d+ bit authentication \[no checking\]$")


# --- helpers --------------------------------------------------------------

run = tk.run


def ikescope(r, prog, args, what, allow_left_out=True, want_json=True):
    """Run ikescope; one check; (doc or stdout bytes, stderr lines) or
    (None, lines) when it failed."""
    rc, out, err = run([prog] + args)
    lines = [l for l in err.split("\n") if l.strip()]
    other = [l for l in lines
             if not (allow_left_out and rc == 0 and NOTE.match(l)) and
             not KEY_MODE.search(l)]
    diags = ["exit status %d" % rc] if rc else []
    diags += ["stderr: " + l for l in other[:20]]
    doc = out
    if want_json:
        try:
            doc = json.loads(out.decode("utf-8"))
        except ValueError as e:
            doc = None
            diags.append("no valid JSON document: %s" % e)
    ok = rc == 0 and not other and doc is not None
    r.check(ok, what, diags)
    return (doc if ok else None), lines


def data_rows(path):
    with open(path) as fh:
        return [l.rstrip("\n") for l in fh
                if l.strip() and not l.startswith("#")]


def comments(path):
    with open(path) as fh:
        return [l.rstrip("\n") for l in fh if l.startswith("# left out:")]


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def ike_msgs(doc):
    return {m["frame"]: (sa, ex, m) for sa, ex, m in tk.ike_messages(doc)}


def esp_map(doc):
    return {(e["spi"], e["src"], e["dst"]): e
            for e in doc.get("esp_sas") or []}


def esp_label(e):
    return "ESP SPI %s (%s -> %s)" % (e["spi"], e["src"], e["dst"])


def psk_of(keyfile):
    """The PSK of a sample's key file (psk "..." or psk 0xHEX)."""
    with open(keyfile) as fh:
        for l in fh:
            m = re.match(r'\s*psk\s+"((?:[^"\\]|\\.)*)"', l)
            if m:
                return m.group(1).encode().decode("unicode_escape").encode(
                    "latin-1")
            m = re.match(r"\s*psk\s+0x([0-9a-fA-F]+)", l)
            if m:
                return bytes.fromhex(m.group(1))
    return None


# --- wireshark ------------------------------------------------------------

def esp_sa_rows(path):
    """(spi, src, dst) -> the 8 fields of each exported esp_sa row."""
    out = {}
    for l in data_rows(path):
        f = next(csv.reader([l]))
        spi = f[3][2:] if f[3].startswith("0x") else f[3]
        out[(spi, f[1], f[2])] = f
    return out


def norm_esp(l):
    """An esp_sa row with the key of an ANY (unchecked) auth blanked."""
    f = next(csv.reader([l]))
    if len(f) == 8 and ANY_AUTH.match(f[6]):
        f[7] = ""
    return tuple(f)


def check_tables_equal(r, wsdir, doc, wd):
    rows, problems, notes, _, _ = tk.build_tables(doc,
                                                  os.path.join(wd, "tk"))
    diags = []
    for name, key in zip(TABLES, ("ikev1", "ikev2", "esp")):
        mine = data_rows(os.path.join(wsdir, name))
        theirs = rows[key]
        if key == "esp":
            a = sorted(norm_esp(x) for x in mine)
            b = sorted(norm_esp(x) for x in theirs)
        else:
            a, b = sorted(mine), sorted(theirs)
        for x in b:
            if x not in a:
                diags.append("%s: tshark_keys.py has %s, the export not"
                             % (name, x))
        for x in a:
            if x not in b:
                diags.append("%s: the export has %s, tshark_keys.py not"
                             % (name, x))
    diags += ["tshark_keys.py: " + p for p in problems]
    n = [len(data_rows(os.path.join(wsdir, t))) for t in TABLES]
    r.check(not diags, "the exported tables (%d IKEv1, %d IKEv2, %d esp_sa "
            "rows) are those tests/tshark_keys.py builds from the JSON"
            % tuple(n), diags)


def run_tshark(pcap, confdir, wd):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=confdir)
    env.pop("WIRESHARK_RUN_FROM_BUILD_DIRECTORY", None)
    rc, out, err = run(["tshark", "-n", "-r", pcap,
                        "-o", "esp.enable_encryption_decode:TRUE",
                        "-o", "esp.enable_authentication_check:TRUE",
                        "-o", "esp.enable_null_encryption_decode_heuristic:"
                        "FALSE", "-T", "pdml"], env=env)
    pdml = os.path.join(wd, "tshark.pdml")
    with open(pdml, "wb") as fh:
        fh.write(out)
    errs = [l for l in err.split("\n")
            if l.strip() and not tk.TSHARK_NOISE.search(l)]
    return rc, errs, pdml


def sa_info_from_tables(doc, wsdir):
    """tshark_keys.check_tshark_ike's sa_info from the exported rows."""
    v1 = {}
    for l in data_rows(os.path.join(wsdir, "ikev1_decryption_table")):
        spi, ka = l.split(",")
        v1.setdefault(spi, ka)
    v2 = {}
    for l in data_rows(os.path.join(wsdir, "ikev2_decryption_table")):
        f = next(csv.reader([l]))
        v2[(f[0], f[1])] = (f[4], f[7])
    info = {}
    for n, sa in enumerate(doc.get("ike_sas") or []):
        if sa.get("ike_version") == 1 and sa.get("spi_i") in v1:
            info[n] = ("%d bytes" % (len(v1[sa["spi_i"]]) // 2), None)
        elif (sa.get("spi_i"), sa.get("spi_r")) in v2:
            info[n] = v2[(sa["spi_i"], sa["spi_r"])]
    return info


def left_out_reason(lines, spi):
    for l in lines:
        if spi in l:
            return l.split("left out: ", 1)[-1]
    return None


def check_tshark_esp(r, doc, frames, wsdir, left):
    rows = esp_sa_rows(os.path.join(wsdir, "esp_sa"))
    for e in doc.get("esp_sas") or []:
        if e.get("protocol") != "esp":
            continue
        pl = e.get("packet_list") or []
        done = [p for p in pl if p.get("decryption") in ("ok", "unverified")]
        what = "%s: tshark decrypts the %d packets ikescope decrypted" % (
            esp_label(e), len(done))
        if e.get("keys_from") == "none" or not done:
            r.skip(what, "ikescope has no keys for it / decrypted none")
            continue
        row = rows.get((e["spi"], e["src"], e["dst"]))
        if row is None:
            why = left_out_reason(left, e["spi"])
            if why is not None:
                r.skip(what, "not in the table: " + why)
            else:
                r.check(False, what, ["no esp_sa row and no left-out "
                                      "comment for this SA"])
            continue
        checked = row[6] != "NULL" and not ANY_AUTH.match(row[6])
        aead = "GCM" in row[4]
        what += " with the exported row (%s, %s)%s, inner packet dissected" \
            % (row[4], row[6], ", ICV correct" if checked or aead else "")
        diags = []
        for p in done:
            f = frames.get(p["frame"])
            if f is None or f.esp is None:
                diags.append("frame %d: tshark shows no ESP" % p["frame"])
                continue
            dec, good, inner = f.esp_state()
            why = []
            if not dec:
                why.append("not decrypted")
            if (checked or aead) and p["decryption"] == "ok" and not good:
                why.append("ICV not correct")
            if dec and p.get("next_header") != 59 and inner is None:
                why.append("no inner packet (layers %s)"
                           % " ".join(f.protos))
            if why:
                diags.append("frame %d: %s" % (p["frame"], "; ".join(why)))
        r.check(not diags, what, diags)


def wireshark_checks(r, prog, pcap, keys, wd, sc, strongswan):
    wsdir = os.path.join(wd, "ws")
    shutil.rmtree(wsdir, ignore_errors=True)
    doc, err = ikescope(r, prog, ["-j", "-v", "--show-keys", "-k", keys,
                                  "--export-keys", "wireshark:" + wsdir,
                                  pcap],
                        "ikescope -j -v --show-keys -k %s --export-keys "
                        "wireshark:DIR runs cleanly" % os.path.basename(keys))
    if doc is None:
        return None
    diags = []
    if not os.path.isdir(wsdir):
        diags.append("no directory %s" % wsdir)
    else:
        if mode_of(wsdir) != 0o700:
            diags.append("DIR mode %o, not 700" % mode_of(wsdir))
        for t in TABLES:
            p = os.path.join(wsdir, t)
            if not os.path.isfile(p):
                diags.append("no %s" % t)
            elif mode_of(p) != 0o600:
                diags.append("%s mode %o, not 600" % (t, mode_of(p)))
    r.check(not diags, "DIR (0700) holds the three tables (0600)", diags)
    if diags:
        return doc
    left = [l for l in err if LEFT_OUT.match(l)]
    for t in TABLES:
        left += comments(os.path.join(wsdir, t))
    if strongswan:
        check_tables_equal(r, wsdir, doc, wd)
    if not HAVE_TSHARK:
        r.skip("tshark decrypts with the exported tables",
               "tshark not installed")
        return doc
    rc, errs, pdml = run_tshark(pcap, wsdir, wd)
    frames = None
    diags = ["tshark exit status %d" % rc] if rc else []
    diags += ["tshark: " + l.strip() for l in errs[:20]]
    try:
        frames = tk.read_pdml(pdml)
    except Exception as e:  # ParseError
        diags.append("tshark wrote no valid PDML: %s" % e)
    r.check(not diags and frames is not None,
            "tshark reads %s with the exported tables without complaint"
            % os.path.basename(pcap), diags)
    if frames is None:
        return doc
    if strongswan:
        tk.check_tshark_ike(r, doc, frames,
                            sa_info_from_tables(doc, wsdir))
    check_tshark_esp(r, doc, frames, wsdir, left)
    return doc


def oracle_check(r, pcap, wsdir, oracle, name):
    what = "tshark with the exported esp_sa reproduces %s" \
        % os.path.basename(oracle)
    if not HAVE_TSHARK:
        r.skip(what, "tshark not installed")
        return
    try:
        root = make_oracle.run_tshark(pcap, os.path.join(wsdir, "esp_sa"))
        rows, _ = make_oracle.esp_rows(root, name)
        got = make_oracle.tsv(rows)
    except make_oracle.Error as e:
        r.check(False, what, [str(e)])
        return
    with open(oracle) as fh:
        want = fh.read()
    diags = []
    if got != want:
        g, w = got.split("\n"), want.split("\n")
        diags = ["oracle: %s" % x for x in w if x not in g][:8]
        diags += ["export: %s" % x for x in g if x not in w][:8]
    r.check(not diags, what + " (%d rows)" % (len(want.split("\n")) - 2),
            diags)


# --- keys round trip ------------------------------------------------------

def key_lines(path):
    n = {}
    for l in data_rows(path):
        n[l.split()[0]] = n.get(l.split()[0], 0) + 1
    return n


def keys_checks(r, prog, pcap, keys, wd, doc1, label=None):
    """Export keys:FILE from a run with `keys`, read FILE back; compare
    with doc1 (the first run's JSON, -v)."""
    kf = os.path.join(wd, "exported.keys")
    out, err = ikescope(r, prog, ["-k", keys, "--export-keys", "keys:" + kf,
                                  pcap],
                        "ikescope -k %s --export-keys keys:FILE runs cleanly"
                        % (label or os.path.basename(keys)),
                        want_json=False)
    if out is None:
        return
    diags = []
    if not os.path.isfile(kf):
        r.check(False, "FILE is written", ["no %s" % kf])
        return
    if mode_of(kf) != 0o600:
        diags.append("mode %o, not 600" % mode_of(kf))
    n = key_lines(kf)
    r.check(not diags, "FILE (mode 0600) holds %s" % (
        ", ".join("%d %s" % (v, k) for k, v in sorted(n.items())) or
        "no keys"), diags)
    doc2, _ = ikescope(r, prog, ["-j", "-v", "-k", kf, pcap],
                       "ikescope -j -v -k FILE (no PSK, no DH value) reads "
                       "it without an error", allow_left_out=False)
    if doc2 is None or doc1 is None:
        return
    # every line used, but esp/ah lines of SPIs never seen
    with open(kf) as fh:
        flines = fh.read().split("\n")
    seen = {e["spi"] for e in doc2.get("esp_sas") or []}
    diags = []
    for d in doc2.get("diagnosis") or []:
        if d.get("code") != "key-unused":
            continue
        m = re.search(re.escape(kf) + r":(\d+):", d.get("message", ""))
        if m is None:
            diags.append(d.get("message"))
            continue
        l = flines[int(m.group(1)) - 1].split()
        if l and l[0] in ("esp", "ah") and l[1] not in seen:
            continue
        diags.append("%s (line: %s)" % (d.get("message"), " ".join(l)[:80]))
    r.check(not diags, "the second run uses every line of FILE", diags)
    compare_runs(r, doc1, doc2)


def compare_runs(r, doc1, doc2):
    m1, m2 = ike_msgs(doc1), ike_msgs(doc2)
    diags = []
    nenc = nok = 0
    for f in sorted(set(m1) | set(m2)):
        if f not in m1 or f not in m2:
            diags.append("frame %d: an IKE message in one run only" % f)
            continue
        a, b = m1[f][2], m2[f][2]
        nenc += bool(a.get("encrypted"))
        nok += a.get("decryption") == "ok"
        if a.get("decryption") != b.get("decryption"):
            diags.append("frame %d: %s, then %s" % (
                f, a.get("decryption"), b.get("decryption")))
        pa = [p.get("type_id") for p in a.get("decrypted_payloads") or []]
        pb = [p.get("type_id") for p in b.get("decrypted_payloads") or []]
        if pa != pb:
            diags.append("frame %d: payloads %s, then %s" % (f, pa, pb))
    r.check(not diags, "every IKE message (%d encrypted, %d decrypted) has "
            "the same decryption and payloads with FILE alone"
            % (nenc, nok), diags)

    # what final keys cannot do, and nothing else
    diags = []
    v1 = any(sa.get("ike_version") == 1 for sa in doc1.get("ike_sas") or [])
    v2 = any(sa.get("ike_version") == 2 for sa in doc1.get("ike_sas") or [])
    for f in sorted(set(m1) & set(m2)):
        sa, ex, a = m1[f]
        b = m2[f][2]
        want_by = a.get("decrypted_by")
        if sa.get("ike_version") == 1 and want_by == "hash":
            want_by = "structure"
        if b.get("decrypted_by") != want_by:
            diags.append("frame %d: decrypted_by %s, then %s (want %s)"
                         % (f, a.get("decrypted_by"), b.get("decrypted_by"),
                            want_by))
        sig = [p.get("type_id") for p in a.get("decrypted_payloads") or []]
        sig = 9 in sig and 8 not in sig
        for k in ("hash", "auth"):
            want = a.get(k)
            if want in ("verified", "failed"):
                want = "unverified"
            # IKEv1 SIG (no HASH payload): checked against SKEYID, which
            # Ka alone does not give; ikescope then reports no check.
            if k == "hash" and sig and b.get(k) is None:
                continue
            if b.get(k) != want:
                diags.append("frame %d: %s %s, then %s (want %s)"
                             % (f, k, a.get(k), b.get(k), want))
    s1, s2 = doc1.get("ike_sas") or [], doc2.get("ike_sas") or []
    if len(s1) != len(s2):
        diags.append("%d IKE SAs, then %d" % (len(s1), len(s2)))
    for x, y in zip(s1, s2):
        lab = "IKE SA %s" % x.get("spi_i")
        kx, ky = (x.get("keys") or {}).get("state"), \
            (y.get("keys") or {}).get("state")
        if kx in ("derived", "provided") and ky != "provided":
            diags.append("%s: keys %s, then %s (want provided)"
                         % (lab, kx, ky))
        for side in ("initiator", "responder"):
            ax = (x.get("auth") or {}).get(side)
            ay = (y.get("auth") or {}).get(side)
            if ay != "unverified":
                diags.append("%s: %s auth %s, then %s (want unverified)"
                             % (lab, side, ax, ay))
        for c in y.get("child_sas") or []:
            if c.get("keys") != "missing":
                diags.append("%s: CHILD_SA %s/%s keys %s (want missing: "
                             "no SKEYID_d / SK_d)" % (
                                 lab, c.get("spi_i"), c.get("spi_r"),
                                 c.get("keys")))
    what = "and only what final keys cannot do differs:"
    if v1:
        what += " IKEv1 decrypted by structure (no SKEYID_a), HASH " \
            "unverified;"
    if v2:
        what += " IKEv2 AUTH unverified (no SK_p*);"
    what += " keys provided; child SAs without keys (no SKEYID_d / SK_d)"
    if s1:
        r.check(not diags, what, diags)

    # ESP
    e1, e2 = esp_map(doc1), esp_map(doc2)
    diags = []
    for k in sorted(set(e1) | set(e2)):
        a, b = e1.get(k), e2.get(k)
        if a is None or b is None:
            diags.append("SPI %s %s -> %s: in one run only" % k)
            continue
        d = ["%s %s/%s" % (c, a.get(c), b.get(c)) for c in ESP_COUNTS
             if a.get(c) != b.get(c)]
        if d:
            diags.append("SPI %s %s -> %s: %s" % (k + ("; ".join(d),)))
        if a.get("keys_from") != "none" and b.get("keys_from") != "keyfile":
            diags.append("SPI %s %s -> %s: keys from %s, then %s" % (
                k + (a.get("keys_from"), b.get("keys_from"))))
    n = sum(x.get("packets", 0) for x in e1.values())
    dec = sum(x.get("decrypted", 0) + x.get("decrypted_unverified", 0)
              for x in e1.values())
    what = "every ESP/AH SA (%d, %d packets, %d decrypted) has the same " \
        "results with keys from FILE" % (len(e1), n, dec)
    if not e1:
        r.skip(what, "no ESP/AH packets in the capture")
    else:
        r.check(not diags, what, diags)


# --- tcpdump --------------------------------------------------------------

TD_FRAME = re.compile(r"^\s*(\d+)\s+\d\d:\d\d:\d\d\.\d+ ")
TD_ESP = re.compile(r"ESP\(spi=0x([0-9a-f]{8}),seq=0x[0-9a-f]+\), "
                    r"length \d+")
TD_INNER = re.compile(r"^(IP6?) (\S+) > (\S+?): ")


def tcpdump(pcap, secrets, verbose):
    cmd = ["tcpdump", "-n", "--number", "-r", pcap, "-E", "file " + secrets]
    if verbose:
        cmd.insert(1, "-v")
    if os.geteuid() == 0:
        cmd[1:1] = ["-Z", "root"]  # it reads the 0600 file after setuid
    rc, out, err = run(cmd)
    blocks, cur = {}, None
    for l in out.decode("utf-8", "replace").split("\n"):
        m = TD_FRAME.match(l)
        if m:
            cur = int(m.group(1))
            blocks[cur] = []
        if cur is not None:
            blocks[cur].append(l)
    errs = [l for l in err.split("\n")
            if l.strip() and not l.startswith("reading from file")]
    return rc, errs, blocks


def endpoint(ip, port):
    return ip if port is None else "%s.%d" % (ip, port)


def tcpdump_checks(r, prog, pcap, keys, wd, doc):
    if not HAVE_TCPDUMP:
        r.skip("tcpdump -E decrypts with the exported secrets",
               "tcpdump not installed")
        return
    tf = os.path.join(wd, "tcpdump.secrets")
    out, err = ikescope(r, prog, ["-k", keys, "--export-keys", "tcpdump:" + tf,
                                  pcap],
                        "ikescope --export-keys tcpdump:FILE runs cleanly",
                        want_json=False)
    if out is None or doc is None:
        return
    rows = data_rows(tf)
    left = comments(tf)
    esp_spis = {}
    ike = set()
    for l in rows:
        f = l.split()
        if f[0] == "ikev2":
            ike.add(f[2][2:])
        else:
            spi, dst = f[0].split("@")
            esp_spis[(spi[2:], dst)] = f[1]
    # nothing left out silently
    diags = []
    for e in doc.get("esp_sas") or []:
        if e.get("keys_from") == "none":
            continue
        if (e["spi"], e["dst"]) not in esp_spis and \
                not any(e["spi"] in c for c in left):
            diags.append("%s: neither written nor left out" % esp_label(e))
    for sa in doc.get("ike_sas") or []:
        if sa.get("ike_version") != 2 or \
                (sa.get("keys") or {}).get("state") not in ("derived",
                                                            "provided"):
            continue
        if sa["spi_i"] not in ike and \
                not any(sa["spi_i"] in c for c in left):
            diags.append("IKE SA %s: neither written nor left out"
                         % sa["spi_i"])
    r.check(not diags, "FILE has %d ikev2 and %d ESP lines; everything else "
            "is in a left-out comment (%d)" % (
                len(rows) - len(esp_spis), len(esp_spis), len(left)),
            diags + ["left out: " + c[12:] for c in left])
    if not rows:
        return
    rc, errs, blocks = tcpdump(pcap, tf, False)
    r.check(rc == 0 and not errs, "tcpdump -r %s -E 'file FILE' runs "
            "without a complaint" % os.path.basename(pcap),
            ["exit status %d" % rc] + errs[:10] if rc or errs else [])
    for e in doc.get("esp_sas") or []:
        if (e["spi"], e["dst"]) not in esp_spis:
            continue
        done = [p for p in e.get("packet_list") or []
                if p.get("decryption") in ("ok", "unverified")
                and p.get("next_header") != 59]
        diags = []
        for p in done:
            text = " ".join(blocks.get(p["frame"], []))
            # the layer of this SPI (nested ESP: not the first one)
            m = [x for x in TD_ESP.finditer(text) if x.group(1) == e["spi"]]
            if not m:
                diags.append("frame %d: tcpdump shows no ESP of this SPI"
                             % p["frame"])
                continue
            after = text[m[0].end():]
            after = after[2:] if after.startswith(": ") else ""
            if not after.strip():
                diags.append("frame %d: tcpdump did not decrypt it"
                             % p["frame"])
                continue
            inner = p.get("inner") or {}
            if inner.get("ip_version"):
                mi = TD_INNER.match(after)
                want = (endpoint(inner["src"], inner.get("src_port")),
                        endpoint(inner["dst"], inner.get("dst_port")))
                if mi is None or (mi.group(2), mi.group(3)) != want:
                    diags.append("frame %d: tcpdump %r, ikescope %s > %s"
                                 % ((p["frame"], after[:60]) + want))
        r.check(not diags, "%s: tcpdump decrypts the %d packets ikescope "
                "decrypted (%s), same inner packets" % (
                    esp_label(e), len(done), esp_spis[(e["spi"], e["dst"])]
                    .split(":")[0]), diags)
    if not ike:
        return
    rc, errs, vblocks = tcpdump(pcap, tf, True)
    for sa in doc.get("ike_sas") or []:
        if sa.get("spi_i") not in ike:
            continue
        diags, frames = [], []
        for ex in sa.get("exchanges") or []:
            for m in ex.get("messages") or []:
                if m.get("decryption") != "ok" or m.get("fragment"):
                    continue
                frames.append(m["frame"])
                lines = vblocks.get(m["frame"], [])
                try:
                    i = next(k for k, l in enumerate(lines)
                             if "(v2e" in l)
                except StopIteration:
                    diags.append("frame %d: no SK payload in tcpdump's "
                                 "output" % m["frame"])
                    continue
                got = sum(1 for l in lines[i + 1:]
                          if re.match(r"^ {12}\(", l))
                want = len(m.get("decrypted_payloads") or [])
                if got != want:
                    diags.append("frame %d: tcpdump shows %d payloads in "
                                 "SK, ikescope decrypted %d"
                                 % (m["frame"], got, want))
        r.check(not diags, "IKE SA %s: tcpdump -v decrypts the SK payloads "
                "of frames %s (the same number of payloads)"
                % (sa["spi_i"], tk.frames_str(frames)), diags)


# --- psk-crack ------------------------------------------------------------

def hash_r(fields, psk):
    """RFC 2409 5.4 HASH_R from a psk-crack line's fields."""
    b = [bytes.fromhex(x) for x in fields]
    h = hashlib.md5 if len(b[8]) == 16 else hashlib.sha1
    skeyid = hmac.new(psk, b[6] + b[7], h).digest()
    return hmac.new(skeyid, b[0] + b[1] + b[2] + b[3] + b[4] + b[5],
                    h).digest()


def pskcrack_checks(r, prog, pcap, keys, wd, doc, am):
    pf = os.path.join(wd, "psk-crack.txt")
    out, err = ikescope(r, prog, ["-k", keys, "--export-keys",
                                  "psk-crack:" + pf, pcap],
                        "ikescope --export-keys psk-crack:FILE runs cleanly",
                        want_json=False)
    if out is None or doc is None:
        return
    with open(pf) as fh:
        lines = [l.rstrip("\n") for l in fh]
    if not am:
        r.check(lines == [], "FILE is empty (no IKEv1 Aggressive Mode PSK "
                "exchange)", ["line: " + l[:100] for l in lines])
        return
    sas = [sa for sa in doc.get("ike_sas") or []
           if any(ex.get("type_id") == 4 for ex in sa.get("exchanges") or [])]
    diags = []
    if len(lines) != len(sas):
        diags.append("%d lines for %d Aggressive Mode SAs"
                     % (len(lines), len(sas)))
    for l, sa in zip(lines, sas):
        f = l.split(":")
        if len(f) != 9 or not all(re.fullmatch("[0-9a-f]+", x) for x in f):
            diags.append("not 9 colon-separated lowercase hex fields: %s"
                         % l[:100])
            continue
        if f[2] != sa.get("spi_r") or f[3] != sa.get("spi_i"):
            diags.append("cookies %s:%s, the SA's are %s:%s"
                         % (f[2], f[3], sa.get("spi_r"), sa.get("spi_i")))
        if not f[4].startswith("00000001"):
            diags.append("SAi_b does not start with the IPsec DOI: %s"
                         % f[4][:16])
        if len(f[8]) not in (32, 40):
            diags.append("HASH_R is %d hex digits" % len(f[8]))
    r.check(not diags, "FILE has one psk-crack line per Aggressive Mode SA "
            "(%d), shaped as ike-scan writes them, with the SA's cookies"
            % len(sas), diags)
    if diags:
        return
    psk = psk_of(keys)
    f = lines[0].split(":")
    ok = psk is not None and hash_r(f, psk).hex() == f[8]
    r.check(ok, "HASH_R recomputed from the fields and the sample's PSK "
            "(RFC 2409 5.4) equals the hash_r field",
            [] if ok else ["no psk line in %s" % keys] if psk is None else
            ["computed %s" % hash_r(f, psk).hex()])
    what = "psk-crack finds the PSK with a one-word dictionary, and " \
        "nothing with a wrong word"
    if not HAVE_PSKCRACK:
        r.skip(what, "psk-crack not installed (Debian package ike-scan)")
        return
    if psk is None or re.search(rb"\s", psk):
        r.skip(what, "the PSK is not one dictionary word")
        return
    diags = []
    for word, want in ((psk, True), (b"not-the-psk", False)):
        d = os.path.join(wd, "dict-%s" % want)
        with open(d, "wb") as fh:
            fh.write(word + b"\n")
        rc, o, e = run(["psk-crack", "-d", d, pf])
        text = o.decode("utf-8", "replace")
        found = re.search(r'^key "(.*)" matches (MD5|SHA1) hash ([0-9a-f]+)',
                          text, re.M)
        if rc != 0:
            diags.append("psk-crack exit status %d: %s" % (rc, e.strip()))
        elif want and (found is None or found.group(1).encode() != psk or
                       found.group(3) != f[8]):
            diags.append("with %r: %s" % (word, text.strip()))
        elif not want and (found is not None or
                           "no match found" not in text):
            diags.append("with a wrong word: %s" % text.strip())
    r.check(not diags, what, diags)


def ikescan_corpus(r, top):
    d = os.environ.get("IKESCAN_CORPUS") or \
        os.path.join(top, "tests", "data", "ike-scan")
    if not os.path.isdir(d):
        d = os.path.join(top, "..", "shared", "corpus", "ike-scan")
    long_psk = b"1234567890" * 6 + b"12345"
    # (file, PSK, matches): ike-scan's own parameter files and the PSKs
    # of its check-psk-crack-2 and -4 scripts; the uncrackable entries
    # must not match abc123.
    known = (("psk-crack-2_md5.psk-params", b"abc123", True),
             ("psk-crack-2_sha1.psk-params", b"abc123", True),
             ("psk-crack-4_long_md5.psk-params", long_psk, True),
             ("psk-crack-4_long_sha1.psk-params", long_psk, True),
             ("psk-crack-4_uncrackable.psk-params", b"abc123", False))
    what = "the HASH_R computation used above matches ike-scan's own " \
        "psk-crack parameter files with their PSKs, and not the " \
        "uncrackable ones (the field order is psk-crack's)"
    if not os.path.isdir(d):
        r.skip(what, "no ike-scan parameter files in tests/data/ike-scan "
               "(or $IKESCAN_CORPUS)")
        return
    diags, n = [], 0
    for name, psk, match in known:
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            diags.append("no %s" % name)
            continue
        with open(p) as fh:
            for l in fh:
                f = l.strip().split(":")
                if len(f) != 9:
                    continue
                n += 1
                if (hash_r(f, psk).hex() == f[8]) != match:
                    diags.append("%s: computed %s, file %s"
                                 % (name, hash_r(f, psk).hex(), f[8]))
    r.check(not diags and n > 0, what + " (%d lines)" % n, diags)


# --- scenarios ------------------------------------------------------------

def strongswan(top, prog, work, sc):
    r = tk.Results(sc)
    samples = os.path.join(top, "samples", "strongswan")
    pcap = os.path.join(samples, sc + ".pcap")
    keys = os.path.join(samples, sc + ".min.keys")
    wd = os.path.join(work, sc)
    os.makedirs(wd, exist_ok=True)
    doc = wireshark_checks(r, prog, pcap, keys, wd, sc, True)
    keys_checks(r, prog, pcap, keys, wd, doc)
    tcpdump_checks(r, prog, pcap, keys, wd, doc)
    am = doc is not None and any(
        ex.get("type_id") == 4 and sa.get("auth_method_id") in (1, 65001,
                                                                65002)
        for sa in doc.get("ike_sas") or []
        for ex in sa.get("exchanges") or [])
    pskcrack_checks(r, prog, pcap, keys, wd, doc, am)
    if sc == "ikev1-wrong-psk":
        both_sides(r, prog, pcap, samples, wd)
    return r


def both_sides(r, prog, pcap, samples, wd):
    """ikev1-wrong-psk with each side's Ka."""
    full = os.path.join(samples, "ikev1-wrong-psk.full.keys")
    with open(full) as fh:
        text = fh.read()
    m = re.search(r"^# responder \(other PSK\) derived Ka ([0-9a-f]+)", text,
                  re.M)
    v1 = re.search(r"^ikev1 ([0-9a-f]{16}) ", text, re.M)
    if m is None or v1 is None:
        r.check(False, "both sides' Ka: the responder's Ka is in the "
                ".full.keys comment", ["not found in " + full])
        return
    kf = os.path.join(wd, "both-sides.keys")
    with open(kf, "w") as fh:
        fh.write(text + "ikev1 %s %s\n" % (v1.group(1), m.group(1)))
    wd2 = os.path.join(wd, "both")
    os.makedirs(wd2, exist_ok=True)
    doc, _ = ikescope(r, prog, ["-j", "-v", "-k", kf, pcap],
                      "both sides' Ka: ikescope decrypts with both")
    if doc is None:
        return
    undec = [m["frame"] for sa, ex, m in tk.ike_messages(doc)
             if m.get("encrypted") and m.get("decryption") != "ok"]
    r.check(not undec, "both sides' Ka: every encrypted message decrypts",
            ["frames %s do not" % undec])
    keys_checks(r, prog, pcap, kf, wd2, doc, "both-sides.keys")
    lines = [l for l in data_rows(os.path.join(wd2, "exported.keys"))
             if l.startswith("ikev1 ")]
    r.check(lines == ["ikev1 %s %s" % (v1.group(1), k)
                      for k in (text.split("ikev1 %s " % v1.group(1))[1]
                                .split()[0], m.group(1))],
            "both sides' Ka: FILE has the initiator's, then the "
            "responder's ikev1 line", lines)
    wsdir = os.path.join(wd2, "ws")
    out, err = ikescope(r, prog, ["-k", kf, "--export-keys",
                                  "wireshark:" + wsdir, pcap],
                        "both sides' Ka: --export-keys wireshark:DIR",
                        want_json=False)
    if out is None:
        return
    rows = data_rows(os.path.join(wsdir, "ikev1_decryption_table"))
    com = comments(os.path.join(wsdir, "ikev1_decryption_table"))
    note = [l for l in err if "responder's Ka differs" in l]
    r.check(len(rows) == 1 and rows[0].split(",")[1] != m.group(1) and
            len(com) == 1 and len(note) == 1,
            "both sides' Ka: the IKEv1 table holds the initiator's Ka, a "
            "comment and a note on stderr say the responder's is left out",
            rows + com + note)


def esp_corpus(top, prog, work, name):
    sc = "esp/" + name
    r = tk.Results(sc)
    data = os.path.join(top, "tests", "data", "esp")
    pcap = os.path.join(data, name + ".pcap")
    keys = os.path.join(data, name + ".keys")
    wd = os.path.join(work, "esp-" + name)
    os.makedirs(wd, exist_ok=True)
    doc = wireshark_checks(r, prog, pcap, keys, wd, sc, False)
    if doc is not None:
        oracle_check(r, pcap, os.path.join(wd, "ws"),
                     os.path.join(data, name + ".oracle.tsv"), name)
    keys_checks(r, prog, pcap, keys, wd, doc)
    tcpdump_checks(r, prog, pcap, keys, wd, doc)
    return r


def cli(top, prog, work):
    r = tk.Results("cli")
    pcap = os.path.join(top, "samples", "strongswan",
                        "ikev1-aggressive-psk.pcap")
    nodir = os.path.join(work, "no", "such", "dir", "x")
    for arg, what in (("nosuch:" + work, "an unknown format"),
                      ("keys", "FMT without :PATH"),
                      ("keys:", "an empty PATH"),
                      ("wireshark:-", "wireshark:- (a directory is needed)"),
                      ("keys:" + nodir, "a PATH that cannot be written")):
        rc, out, err = run([prog, "--export-keys", arg, pcap])
        ok = rc == 1 and "--export-keys" in err and out == b""
        r.check(ok, "--export-keys %s: exit status 1 with a message, no "
                "report" % what, [] if ok else [
                    "exit status %d, stderr: %s" % (rc, err.strip())])
    rc, out, err = run([prog, "-w", "-", "--export-keys", "keys:-", pcap])
    r.check(rc == 1 and out == b"" and "standard output" in err,
            "-w - with --export-keys keys:-: exit status 1 (one output on "
            "stdout)", [] if rc == 1 else
            ["exit status %d, stderr: %s" % (rc, err.strip())])
    keys = pcap[:-5] + ".min.keys"
    kf, pf = os.path.join(work, "cli.keys"), os.path.join(work, "cli.psk")
    rc, out, err = run([prog, "-k", keys, "--export-keys", "keys:" + kf,
                        "--export-keys", "psk-crack:" + pf, pcap])
    ok = rc == 0 and out != b"" and os.path.isfile(kf) and \
        os.path.isfile(pf) and data_rows(kf) and data_rows(pf)
    r.check(ok, "two --export-keys in one run write both, and the report",
            [] if ok else ["exit status %d, stderr: %s" % (rc, err.strip())])
    rc, out, err = run([prog, "-k", keys, "--export-keys", "keys:-", pcap])
    text = out.decode("utf-8", "replace")
    ok = rc == 0 and text.startswith("# ikescope key file") and \
        text.replace("\n", "") and open(kf).read() == text
    r.check(ok, "--export-keys keys:- writes the key file on stdout, and "
            "no report", [] if ok else ["exit status %d, stdout: %s"
                                        % (rc, text[:200])])
    return r


def pskcrack_global(top, prog, work):
    r = tk.Results("psk-crack")
    ikescan_corpus(r, top)
    return r


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    top, prog, work = sys.argv[1:4]
    names = sys.argv[4:]
    samples = os.path.join(top, "samples", "strongswan")
    data = os.path.join(top, "tests", "data", "esp")
    jobs = []
    allss = sorted(f[:-5] for f in os.listdir(samples)
                   if f.endswith(".pcap"))
    alles = sorted(f[:-11] for f in os.listdir(data)
                   if f.endswith(".oracle.tsv"))
    for n in names or (["cli", "psk-crack"] + allss +
                       ["esp/" + x for x in alles]):
        if n == "cli":
            jobs.append((n, cli, (top, prog, work)))
        elif n == "psk-crack":
            jobs.append((n, pskcrack_global, (top, prog, work)))
        elif n.startswith("esp/"):
            jobs.append((n, esp_corpus, (top, prog, work, n[4:])))
        else:
            jobs.append((n, strongswan, (top, prog, work, n)))
    with concurrent.futures.ThreadPoolExecutor(
            max_workers=min(8, os.cpu_count() or 2)) as ex:
        futs = [ex.submit(fn, *args) for _, fn, args in jobs]
        for (n, _, _), fut in zip(jobs, futs):
            try:
                res = fut.result()
            except Exception as e:  # report it, and go on
                res = tk.Results(n)
                res.check(False, "the checks ran to the end",
                          ["%s: %s" % (type(e).__name__, e)])
            res.write(sys.stdout)
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
