#!/usr/bin/env python3
"""ipv6.py - the same analysis over IPv6: every capture given is
translated to IPv6 by tests/to_ipv6.py (a.b.c.d -> 2001:db8::a.b.c.d,
ICMP errors -> ICMPv6) and ikescope's JSON of both, with the same key
file, must say the same thing about each IKE SA and ESP SA:

  IKE SA   version, SPIs, outcome state, key state, AUTH checks, per
           exchange its type, message ID, status and for each message
           its frame and decryption result, the child SAs' key state,
           and the diagnosis codes with their frames
  ESP SA   SPI, packets, decrypted, integrity failures, no-key counts

except what depends on the addresses by design: the NAT-detection hashes
cover them, so the nat*, no-nat diagnoses and the NAT-T flag are left out.

    ipv6.py IKESCOPE TO_IPV6 TMPDIR CAPTURE[:KEYFILE]...

(the key file is translated too: its IPv4 addresses as in the capture)

One line per capture: PASS|FAIL<TAB>description[<TAB>what differs].
"""
import json
import subprocess
import sys


def run(ikescope, cap, keys):
    cmd = [ikescope, "--json"] + (["-k", keys] if keys else []) + [cap]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr[:300]))
    return json.loads(p.stdout)


def diags(lst):
    return sorted((d["code"], tuple(d.get("frames", [])))
                  for d in lst if not d["code"].startswith(("nat", "no-nat")))


def facts(doc):
    out = []
    for sa in doc["ike_sas"]:
        exs = []
        for ex in sa["exchanges"]:
            exs.append((ex["type"], ex.get("message_id"), ex.get("status"),
                        tuple((m["frame"], m.get("decryption"),
                               m.get("auth")) for m in ex["messages"])))
        out.append(("ike", sa["ike_version"], sa["spi_i"], sa["spi_r"],
                    sa["outcome"]["state"], sa["keys"]["state"],
                    json.dumps(sa.get("auth"), sort_keys=True), tuple(exs),
                    tuple(json.dumps(c.get("keys"), sort_keys=True)
                          for c in sa.get("child_sas", [])),
                    tuple(diags(sa.get("diagnosis", [])))))
    for e in doc["esp_sas"]:
        out.append(("esp", e["spi"], e["packets"], e["decrypted"],
                    e["integrity_failed"], e["no_keys"]))
    return out


def main():
    ikescope, to6, tmp = sys.argv[1:4]
    bad = 0
    for arg in sys.argv[4:]:
        cap, _, keys = arg.partition(":")
        name = cap.rsplit("/", 1)[-1]
        out6 = "%s/%s.v6.pcap" % (tmp, name)
        try:
            keys6 = out6 + ".keys" if keys else ""
            subprocess.run([sys.executable, to6, cap, out6] +
                           ([keys, keys6] if keys else []), check=True)
            a, b = facts(run(ikescope, cap, keys)), facts(run(ikescope, out6,
                                                              keys6))
        except Exception as e:  # noqa: BLE001 - report, go on
            print("FAIL\t%s over IPv6\t%s" % (name, e))
            bad += 1
            continue
        if a == b and a:
            print("PASS\t%s over IPv6: the same %d IKE/ESP SA facts" %
                  (name, len(a)))
        else:
            diff = [(x, y) for x, y in zip(a, b) if x != y][:1]
            print("FAIL\t%s over IPv6: %d vs %d SAs\t%s" %
                  (name, len(a), len(b), str(diff)[:600]))
            bad += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
