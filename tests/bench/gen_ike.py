#!/usr/bin/env python3
"""gen_ike.py - a capture of many IKEv2 SAs with known keys, for
tests/bench.sh.  Test-only encryptor, written from RFC 7296 with the
`cryptography` package; the message encoding and the key schedule are
tests/intermediate/gen_intermediate.py's (imported, not copied).

    gen_ike.py OUT.pcap OUT.keys NSAS [ESP_PER_SA [INTERVAL_MS]]

NSAS IKE SAs, one after another (a new one every INTERVAL_MS, default 10,
milliseconds of capture time),
each a full IKE_SA_INIT and IKE_AUTH (four messages) between its own
initiator 10.X.Y.Z (port 500) and the gateway 192.0.2.1:
AES-CBC-128, HMAC-SHA2-256-128, PRF-HMAC-SHA2-256, ECP-256 (group 19),
PSK authentication, one CHILD_SA (ESP AES-CBC-128, HMAC-SHA2-256-128).
Every SA has its own SPIs and nonces, so its own SKEYSEED and keys; all
use the same two ECP-256 values, so one `dh * shared` line and one `psk`
line (OUT.keys) unlock them all.  With ESP_PER_SA, that many ESP packets
(1400-byte inner datagrams) follow each IKE_AUTH, half each way, keyed
with the CHILD_SA's KEYMAT (RFC 7296 2.17): the "mixed" capture.
Deterministic.
"""
import hashlib
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, os.path.join(here, "..", "intermediate"))
sys.path.insert(0, here)
import synth  # noqa: E402  (tests/synth.py)
import gen_intermediate as gi  # noqa: E402
import gen_esp  # noqa: E402

PSK = b"ikescope benchmark key"
V = dict(encr=gi.ENCR_AES_CBC, keybits=128, integ=gi.AUTH_HMAC_SHA2_256_128,
         addke=[])
GW = bytes([192, 0, 2, 1])
GW_MAC, CL_MAC = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")


def h(label, i, n):
    return hashlib.sha256(b"%s %d" % (label, i)).digest()[:n]


def sa_messages(i, kei, ker, gir):
    """The four messages of SA i, and its CHILD_SA keys."""
    spi_i, spi_r = h(b"spi_i", i, 8), h(b"spi_r", i, 8)
    ni, nr = h(b"ni", i, 32), h(b"nr", i, 32)
    msgs = []
    # IKE_SA_INIT (RFC 7296 1.2)
    for from_i in (1, 0):
        ke = kei if from_i else ker
        first, body = synth.chain([(gi.PT_SA, gi.ike_proposal(V)),
                                   (gi.PT_KE, struct.pack(">HH", 19, 0) +
                                    ke.pub),
                                   (gi.PT_NONCE, ni if from_i else nr)])
        m = gi.header(spi_i, bytes(8) if from_i else spi_r, first,
                      gi.EXCH_IKE_SA_INIT, gi.FLAG_I if from_i else gi.FLAG_R,
                      0, 28 + len(body)) + body
        msgs.append((from_i, m))
    real1, real2 = msgs[0][1], msgs[1][1]
    # SKEYSEED = prf(Ni | Nr, g^ir)
    k = gi.Keys(gi.prf(ni + nr, gir), ni, nr, spi_i, spi_r, 16, 32)
    pad = gi.prf(PSK, b"Key Pad for IKEv2")
    spi_ci, spi_cr = h(b"child i", i, 4), h(b"child r", i, 4)
    for from_i in (1, 0):
        idb = struct.pack(">BBH", 2, 0, 0) + (b"client%d.example" % i
                                              if from_i else b"gw.example")
        skp = k.sk_pi if from_i else k.sk_pr
        # AUTH = prf(prf(PSK, "Key Pad for IKEv2"), RealMessage |
        # Nonce(peer) | prf(SK_p, ID'))
        octets = ((real1 + nr) if from_i else (real2 + ni)) + gi.prf(skp, idb)
        items = [(gi.PT_IDI if from_i else gi.PT_IDR, idb),
                 (gi.PT_AUTH, struct.pack(">BBH", 2, 0, 0) +
                  gi.prf(pad, octets)),
                 (gi.PT_SA, gi.esp_proposal(spi_ci if from_i else spi_cr)),
                 (gi.PT_TSI, gi.ts([10, 1, 0, 0], [10, 1, 0, 255])),
                 (gi.PT_TSR, gi.ts([10, 2, 0, 0], [10, 2, 0, 255]))]
        m, _, _ = gi.encrypt(V, k, from_i, spi_i, spi_r, gi.EXCH_IKE_AUTH,
                             gi.FLAG_I if from_i else gi.FLAG_R, 1, items,
                             h(b"iv", 2 * i + from_i, 16))
        msgs.append((from_i, m))
    # KEYMAT = prf+(SK_d, Ni | Nr): encr i->r, integ i->r, encr r->i,
    # integ r->i (RFC 7296 2.17)
    km = gi.prf_plus(k.sk_d, ni + nr, 2 * (16 + 32))
    to_r = gen_esp.EspSA(int.from_bytes(spi_cr, "big"), "ENCR_AES_CBC",
                         km[0:16], "AUTH_HMAC_SHA2_256_128", km[16:48])
    to_i = gen_esp.EspSA(int.from_bytes(spi_ci, "big"), "ENCR_AES_CBC",
                         km[48:64], "AUTH_HMAC_SHA2_256_128", km[64:96])
    return msgs, to_r, to_i


def generate(out, keys, nsas, esp_per_sa=0, interval_ms=10):
    rnd = gi.Rand("ikescope bench ike")
    kei, ker = gi.KE(19, rnd, "ke i"), gi.KE(19, rnd, "ke r")
    gir = kei.shared(ker.pub)
    base = rnd.get("payload", gen_esp.INNER - 20 - 8 - 8)
    nframes = 0
    with synth.PcapWriter(out) as w:
        for i in range(nsas):
            cl = bytes([10, (i >> 16) & 255, (i >> 8) & 255, i & 255])
            t = 1700000000 * 1000000 + i * interval_ms * 1000
            msgs, to_r, to_i = sa_messages(i, kei, ker, gir)
            for j, (from_i, m) in enumerate(msgs):
                fr = synth.udp_frame(cl, GW, CL_MAC, GW_MAC, m, j) \
                    if from_i else \
                    synth.udp_frame(GW, cl, GW_MAC, CL_MAC, m, j)
                w.add((t + j * 100) // 1000000, (t + j * 100) % 1000000, fr)
                nframes += 1
            for j in range(esp_per_sa):
                sa = to_r if j % 2 == 0 else to_i
                n = i * esp_per_sa + j
                esp = sa.seal(gen_esp.inner_packet(base, n), 4,
                              hashlib.md5(struct.pack(">Q", n)).digest())
                ip = gen_esp.ipv4(cl, GW, 50, n, esp) if j % 2 == 0 else \
                    gen_esp.ipv4(GW, cl, 50, n, esp)
                fr = (GW_MAC + CL_MAC if j % 2 == 0 else CL_MAC + GW_MAC) + \
                    b"\x08\x00" + ip
                tt = t + 1000 + j * 10
                w.add(tt // 1000000, tt % 1000000, fr)
                nframes += 1
    # Secrets: readable by the owner only (ikescope warns otherwise).
    with open(os.open(keys, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
              "w") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write("# %s: written by tests/bench/gen_ike.py (%d IKE SAs, %d "
                 "frames)\n" % (os.path.basename(out), nsas, nframes))
        fh.write('psk "%s"\n' % PSK.decode())
        fh.write("dh * shared %s\n" % gir.hex())
    return nframes


def main():
    a = sys.argv[1:]
    if len(a) not in (3, 4, 5):
        sys.stderr.write(__doc__)
        return 2
    n = generate(a[0], a[1], int(a[2]), int(a[3]) if len(a) > 3 else 0,
                 int(a[4]) if len(a) > 4 else 10)
    print("%s: %s IKE SAs, %d frames" % (a[0], a[2], n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
