#!/usr/bin/env python3
"""render_xfrm.py - `ip xfrm state` output for the strongSwan samples.

    python3 tests/data/import/render_xfrm.py [--check]

For each sample NAME in SAMPLES, reads samples/strongswan/NAME.secrets.json
(the CHILD_SA keys charon logged, see samples/strongswan/README) and
writes NAME.xfrm here: every ESP SA of the capture as Linux's
`ip -s xfrm state` would list it, in the layout of iproute2's
ip/ipxfrm.c (xfrm_state_info_print, xfrm_xfrma_print: "src A dst B",
then tab-indented "proto esp spi 0x..(dec) reqid N(0x..) mode tunnel",
"replay-window", "auth-trunc NAME 0xKEY (BITS bits) TRUNC",
"enc NAME 0xKEY (BITS bits)" or "aead NAME 0xKEY (BITS bits) ICV",
"encap", "anti-replay context", "lifetime", "stats").  The algorithm
names and truncation lengths are the ones the Linux kernel reports for
those transforms (net/xfrm/xfrm_algo.c); keys of AEAD and counter modes
end with their salt, as the kernel holds them.

These are not captured from a kernel: the samples were made with
strongSwan's kernel-libipsec (userspace ESP), so no xfrm state existed.
They are what the kernel would have listed for the same SAs, made so that
`import xfrm` can be checked end to end against real captures.

Two more renderings of ikev2-psk-aescbc-sha256 cover the other output
forms: NAME.plain.xfrm (`ip xfrm state`, no -s: no "(bits)", no
lifetime/stats) and NAME.oneline.xfrm (`ip -o -s xfrm state`: one line
per SA, "\\" where a line would end).

--check compares instead of writing and exits 1 on a difference.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES_DIR = os.path.join(HERE, "..", "..", "..", "samples", "strongswan")

SAMPLES = [
    "ikev2-psk-aescbc-sha256", "ikev2-psk-gcm", "ikev2-esp-aesctr",
    "ikev2-esp-blowfish", "ikev2-esp-camellia", "ikev2-esp-cast",
    "ikev2-esp-ccm", "ikev2-esp-ccm8", "ikev2-esp-chacha", "ikev2-esp-cmac",
    "ikev2-esp-gcm8", "ikev2-esp-gcm12", "ikev2-esp-md5", "ikev2-esp-null",
    "ikev2-esp-sha384", "ikev2-esp-sha512", "ikev2-esp-xcbc", "ikev2-rekey",
    "ikev1-esp-sha512-pfs",
]

ENC = {
    "ENCR_AES_CBC": "cbc(aes)", "ENCR_AES_CTR": "rfc3686(ctr(aes))",
    "ENCR_3DES": "cbc(des3_ede)", "ENCR_DES": "cbc(des)",
    "ENCR_BLOWFISH": "cbc(blowfish)", "ENCR_CAST": "cbc(cast5)",
    "ENCR_CAMELLIA_CBC": "cbc(camellia)", "ENCR_NULL": "ecb(cipher_null)",
}
AEAD = {
    "ENCR_AES_GCM_8": ("rfc4106(gcm(aes))", 64),
    "ENCR_AES_GCM_12": ("rfc4106(gcm(aes))", 96),
    "ENCR_AES_GCM_16": ("rfc4106(gcm(aes))", 128),
    "ENCR_AES_CCM_8": ("rfc4309(ccm(aes))", 64),
    "ENCR_AES_CCM_12": ("rfc4309(ccm(aes))", 96),
    "ENCR_AES_CCM_16": ("rfc4309(ccm(aes))", 128),
    "ENCR_CHACHA20_POLY1305": ("rfc7539esp(chacha20,poly1305)", 128),
}
AUTH = {
    "AUTH_HMAC_MD5_96": ("hmac(md5)", 96),
    "AUTH_HMAC_SHA1_96": ("hmac(sha1)", 96),
    "AUTH_HMAC_SHA2_256_128": ("hmac(sha256)", 128),
    "AUTH_HMAC_SHA2_384_192": ("hmac(sha384)", 192),
    "AUTH_HMAC_SHA2_512_256": ("hmac(sha512)", 256),
    "AUTH_AES_XCBC_96": ("xcbc(aes)", 96),
    "AUTH_AES_CMAC_96": ("cmac(aes)", 96),
}


def block(sa, reqid, stats):
    """The lines of one SA (without the trailing newline)."""
    spi = int(sa["spi"], 16)
    bits = (lambda k: " (%d bits)" % (len(k) * 4)) if stats else \
        (lambda k: "")
    out = ["src %s dst %s" % (sa["src"], sa["dst"])]
    if stats:
        out.append("\tproto esp spi 0x%08x(%u) reqid %u(0x%08x) mode tunnel"
                   % (spi, spi, reqid, reqid))
        out.append("\treplay-window 32 seq 0x00000000 flag af-unspec "
                   "(0x00100000)")
    else:
        out.append("\tproto esp spi 0x%08x reqid %u mode tunnel"
                   % (spi, reqid))
        out.append("\treplay-window 32 flag af-unspec")
    if sa["encr"] in AEAD:
        name, icv = AEAD[sa["encr"]]
        out.append("\taead %s 0x%s%s %d" % (name, sa["encr_key"],
                                             bits(sa["encr_key"]), icv))
    else:
        if sa["integ"] != "NONE":
            name, trunc = AUTH[sa["integ"]]
            out.append("\tauth-trunc %s 0x%s%s %d"
                       % (name, sa["integ_key"], bits(sa["integ_key"]),
                          trunc))
        out.append("\tenc %s 0x%s%s" % (ENC[sa["encr"]], sa["encr_key"],
                                         bits(sa["encr_key"])))
    out.append("\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0")
    out.append("\tanti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000")
    if stats:
        out += ["\tlifetime config:",
                "\t  limit: soft (INF)(bytes), hard (INF)(bytes)",
                "\t  limit: soft (INF)(packets), hard (INF)(packets)",
                "\t  expire add: soft 3343(sec), hard 3600(sec)",
                "\t  expire use: soft 0(sec), hard 0(sec)",
                "\tlifetime current:",
                "\t  0(bytes), 0(packets)",
                "\t  add 2024-05-06 10:00:00 use -",
                "\tstats:",
                "\t  replay-window 0 replay 0 failed 0"]
    return out


def render(name, stats=True, oneline=False):
    d = json.load(open(os.path.join(SAMPLES_DIR, name + ".secrets.json")))
    text = []
    reqid = 0
    for child in d["child_sas"]:
        reqid += 1
        for sa in child["sas"]:
            lines = block(sa, reqid, stats)
            if oneline:
                text.append("\\".join(lines))
            else:
                text += lines
    return "\n".join(text) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    outputs = {n + ".xfrm": render(n) for n in SAMPLES}
    base = "ikev2-psk-aescbc-sha256"
    outputs[base + ".plain.xfrm"] = render(base, stats=False)
    outputs[base + ".oneline.xfrm"] = render(base, oneline=True)
    bad = 0
    for fn, text in sorted(outputs.items()):
        path = os.path.join(HERE, fn)
        if check:
            old = open(path).read() if os.path.exists(path) else None
            if old != text:
                print("differs: " + fn)
                bad = 1
        else:
            with open(path, "w") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main())
