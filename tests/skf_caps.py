#!/usr/bin/env python3
"""skf_caps.py - IKEv2 fragments (RFC 7383) that push ikescope's SKF
reassembly past its caps, for tests/skf_caps.sh.

    skf_caps.py OUT.pcap OUT.keys

One IKE SA of tests/bench/gen_ike.py (IKE_SA_INIT and IKE_AUTH, PSK, the
keys verified by the IKE_AUTH ICVs and AUTHs), then INFORMATIONAL
requests from the initiator, each sent as SKF fragments encrypted and
integrity-protected with the SA's keys, so that every fragment's ICV
verifies and the fragments reach reassembly:

  message ID 2   70 fragments of a total of 70: more than ikescope
                 reassembles (64)                         -> skf-number
  message ID 3   fragments 1 and 2 of 3, then message ID 4 -> skf-incomplete
  message ID 4   2 fragments of 40 000 bytes each: more than 65 535 bytes
                 in all                                   -> skf-too-big
  message ID 5   fragment 3 of 2                          -> skf-number
  message ID 6   2 fragments of a Delete-free INFORMATIONAL with one
                 Notify: reassembled and decrypted as one message

Deterministic.  Test-only encryptor; needs the `cryptography` package.
Part of ikescope; GPL-2.0-or-later like the rest of it (see COPYING).
"""
import hashlib
import hmac
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "bench"))
sys.path.insert(0, os.path.join(here, "intermediate"))
import synth  # noqa: E402
import gen_intermediate as gi  # noqa: E402
import gen_ike  # noqa: E402
from cryptography.hazmat.primitives.ciphers import (  # noqa: E402
    Cipher, algorithms, modes)

PT_SKF = 53
PT_NOTIFY = 41
EXCH_INFORMATIONAL = 37


def skf(k, spi_i, spi_r, mid, no, total, first, data, iv):
    """One SKF message from the initiator (RFC 7383 2.5): AES-CBC-128 and
    HMAC-SHA2-256-128 with SK_ei / SK_ai, as gen_intermediate.encrypt."""
    padlen = (-(len(data) + 1)) % 16
    pt = data + bytes(padlen) + bytes([padlen])
    enc = Cipher(algorithms.AES(k.sk_ei), modes.CBC(iv)).encryptor()
    ct = enc.update(pt) + enc.finalize()
    plen = 4 + 4 + len(iv) + len(ct) + 16
    msg = (gi.header(spi_i, spi_r, PT_SKF, EXCH_INFORMATIONAL, gi.FLAG_I,
                     mid, 28 + plen) +
           struct.pack(">BBHHH", first if no == 1 else 0, 0, plen, no,
                       total) + iv + ct)
    return msg + hmac.new(k.sk_ai, msg, hashlib.sha256).digest()[:16]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: skf_caps.py OUT.pcap OUT.keys")
    rnd = gi.Rand("ikescope skf caps")
    kei, ker = gi.KE(19, rnd, "ke i"), gi.KE(19, rnd, "ke r")
    gir = kei.shared(ker.pub)
    i = 7
    msgs, _, _ = gen_ike.sa_messages(i, kei, ker, gir)
    spi_i, spi_r = gen_ike.h(b"spi_i", i, 8), gen_ike.h(b"spi_r", i, 8)
    ni, nr = gen_ike.h(b"ni", i, 32), gen_ike.h(b"nr", i, 32)
    k = gi.Keys(gi.prf(ni + nr, gir), ni, nr, spi_i, spi_r, 16, 32)
    n = [0]

    def iv():
        n[0] += 1
        return hashlib.sha256(b"skf iv %d" % n[0]).digest()[:16]

    out = [(f, m) for f, m in msgs]
    # a Notify payload's body: protocol 0, SPI size 0, type 16384
    # (INITIAL_CONTACT); the inner chain split over the fragments
    notify = synth.chain([(PT_NOTIFY, struct.pack(">BBH", 0, 0, 16384))])[1]
    for no in range(1, 71):
        out.append((1, skf(k, spi_i, spi_r, 2, no, 70, PT_NOTIFY,
                           notify, iv())))
    for no in (1, 2):
        out.append((1, skf(k, spi_i, spi_r, 3, no, 3, PT_NOTIFY,
                           notify, iv())))
    for no in (1, 2):
        out.append((1, skf(k, spi_i, spi_r, 4, no, 2, PT_NOTIFY,
                           bytes(40000), iv())))
    out.append((1, skf(k, spi_i, spi_r, 5, 3, 2, PT_NOTIFY, notify, iv())))
    half = len(notify) // 2
    out.append((1, skf(k, spi_i, spi_r, 6, 1, 2, PT_NOTIFY, notify[:half],
                       iv())))
    out.append((1, skf(k, spi_i, spi_r, 6, 2, 2, PT_NOTIFY, notify[half:],
                       iv())))
    cl, gw = bytes([10, 0, 0, 7]), gen_ike.GW
    with synth.PcapWriter(sys.argv[1]) as w:
        for j, (from_i, m) in enumerate(out):
            # 40 000-byte fragments: carried as one (reassembled) IP
            # datagram of the capture, as UDP allows
            fr = synth.udp_frame(cl, gw, gen_ike.CL_MAC, gen_ike.GW_MAC, m,
                                 j) if from_i else \
                synth.udp_frame(gw, cl, gen_ike.GW_MAC, gen_ike.CL_MAC, m, j)
            w.add(1700000000 + j, 0, fr)
    with open(sys.argv[2], "w") as f:
        f.write('psk "%s"\n' % gen_ike.PSK.decode())
        f.write("dh * shared %s\n" % gir.hex())


if __name__ == "__main__":
    main()
