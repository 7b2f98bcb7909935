#!/usr/bin/env python3
# safe_output.py - the capture and the checks of tests/safe_output.sh:
# hostile text from the wire must not reach a terminal or break JSON.
#
#   safe_output.py make OUT.pcap
#       IKE messages whose strings carry terminal escape sequences (CSI,
#       OSC that sets the window title, a bell), C0 controls (CR, NUL,
#       backspace), DEL, C1 controls (raw 0x9b and U+009B in UTF-8),
#       invalid UTF-8 (a lone continuation byte, 0xff, an overlong form,
#       a UTF-16 surrogate, a cut sequence) and a right-to-left override:
#         IKEv1 Aggressive Mode: ID_FQDN, a vendor ID of text, a CERT
#           payload whose X.509 subject and issuer CN hold the string;
#         IKEv1 Transaction (Mode Config / XAUTH): XAUTH_USER_NAME,
#           XAUTH_PASSWORD, XAUTH_MESSAGE, APPLICATION_VERSION, the
#           Unity banner;
#         IKEv2 (in clear): IDi / IDr of type FQDN, RFC822 and KEY_ID, a
#           CP with APPLICATION_VERSION, an EAP Identity, a vendor ID,
#           a notify with text data.
#   safe_output.py text FILE
#       a text report (or a TUI screen dump): valid UTF-8 with no C0
#       control but newline and tab, no DEL, no C1 control (U+0080 to
#       U+009F); and the hostile string shows escaped somewhere ("RED"
#       is found), so the check is not vacuous.
#   safe_output.py json FILE | ndjson FILE
#       strict JSON (every line of NDJSON) in valid UTF-8 (controls from
#       the wire are JSON escapes there, which is valid JSON), holding
#       the hostile string's visible part ("RED").
#
# Prints the first problem and exits 1, or exits 0.  Python 3 standard
# library only; part of ikescope (GPL-2.0-or-later, see COPYING).

import json
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkpayloads as mk  # noqa: E402

EVIL = (b"RED\x1b[31m\x1b]0;pwned\x07\x08\r\n\x00\x7f"
        b"\x9b2J\xc2\x9b2J\x80\xff\xc0\xaf\xed\xa0\x80\xe2\x80\xae"
        b"end\xe2\x82")


def cert_with(cn):
    """The synthetic certificate with subject and issuer CN = cn (its
    signature no longer verifies: only the names matter here)."""
    name = mk.der(0x30, mk.der(0x31, mk.der(0x30, mk.der_oid(mk.OID_CN) +
                                            mk.der(0x0c, cn))))
    tbs = mk.der_items(mk.der_items(mk.der_items(mk.CERT_DER)[0][2])[0][2])
    parts = [t[1] for t in tbs]
    parts[3] = name
    parts[5] = name
    outer = mk.der_items(mk.der_items(mk.CERT_DER)[0][2])
    return mk.der(0x30, mk.der(0x30, b"".join(parts)) + outer[1][1] +
                  outer[2][1])


def make(path):
    cap = mk.Pcap(1704153600)
    a, b = "192.0.2.1", "192.0.2.2"
    ci, cr = b"\x51" * 8, b"\x52" * 8
    sa = mk.v1_sa([mk.v1_proposal(1, 1, b"", [mk.v1_transform(
        1, 1, [mk.tv(mk.A_ENCR, 7), mk.tv(mk.A_HASH, 2),
               mk.tv(mk.A_AUTH, 1), mk.tv(mk.A_GROUP, 14),
               mk.tv(mk.A_KEYLEN, 128)], True)], True)])
    ke = mk.modp_value("safe ke", 256)
    m1 = mk.v1(ci, bytes(8), mk.X_AGGR, 0, [
        (mk.V1_SA, sa), (mk.V1_KE, ke), (mk.V1_NONCE, b"\x33" * 16),
        (mk.V1_ID, mk.v1_id(2, EVIL, 17, 500)),
        (mk.V1_VID, EVIL),
        (mk.V1_CERT, b"\x04" + cert_with(EVIL)),
    ])
    cap.udp(0.0, a, b, m1)
    m2 = mk.v1(ci, cr, mk.X_AGGR, 0, [
        (mk.V1_SA, sa), (mk.V1_KE, ke), (mk.V1_NONCE, b"\x34" * 16),
        (mk.V1_ID, mk.v1_id(3, EVIL, 17, 500)),
        (mk.V1_HASH, b"\x35" * 20),
    ])
    cap.udp(0.1, b, a, m2)
    attrs = [mk.tlv(mk.C_XAUTH_USER, EVIL), mk.tlv(mk.C_XAUTH_PASS, EVIL),
             mk.tlv(16526, EVIL), mk.tlv(mk.C_APP_VERSION, EVIL),
             mk.tlv(mk.C_UNITY_BANNER, EVIL)]
    m3 = mk.v1(ci, cr, mk.X_TRANS, 0x01020304, [
        (mk.V1_HASH, b"\x36" * 20), (mk.V1_ATTR, mk.v1_attr(2, 7, attrs))])
    cap.udp(0.2, a, b, m3)

    si, sr = b"\x61" * 8, b"\x62" * 8
    m4 = mk.v2(si, bytes(8), 34, 0x08, 0, [
        (35, mk.id2(2, EVIL)), (36, mk.id2(3, EVIL)),
        (35, mk.id2(11, EVIL)),
        (47, mk.cp2(1, [(7, EVIL)])),
        (48, mk.eap2(2, 1, 1, EVIL)),
        (43, EVIL),
        (41, mk.n2(16384, EVIL)),
    ])
    cap.udp(1.0, a, b, m4)
    m5 = mk.v2(si, sr, 34, 0x20, 0, [(41, mk.n2(14, EVIL))])
    cap.udp(1.1, b, a, m5)
    cap.write(path)


def bad_codepoint(ch):
    o = ord(ch)
    return (o < 0x20 and ch not in "\n\t") or 0x7f <= o <= 0x9f


def check_text(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "not valid UTF-8: %s" % e
    for i, ch in enumerate(text):
        if bad_codepoint(ch):
            line = text.count("\n", 0, i) + 1
            return "control character U+%04X at line %d: %r" % (
                ord(ch), line, text[max(0, i - 30):i + 10])
    if "RED" not in text:
        return "the hostile string is not shown at all (test is vacuous)"
    return None


def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


def check_json(path, ndjson):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "not valid UTF-8: %s" % e
    docs = []
    try:
        if ndjson:
            lines = text.split("\n")
            if lines[-1] != "":
                return "does not end with a newline"
            docs = [json.loads(ln) for ln in lines[:-1]]
        else:
            docs = [json.loads(text)]
    except ValueError as e:
        return "not JSON: %s" % e
    seen = False
    for d in docs:
        if any("RED" in s for s in strings(d)):
            seen = True
    if not seen:
        return "the hostile string is not in the output (test is vacuous)"
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: safe_output.py make|text|json|ndjson FILE")
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "make":
        make(path)
        return
    if cmd == "text":
        why = check_text(path)
    elif cmd in ("json", "ndjson"):
        why = check_json(path, cmd == "ndjson")
    else:
        sys.exit("unknown command %s" % cmd)
    if why:
        print(why)
        sys.exit(1)


if __name__ == "__main__":
    main()
