#!/usr/bin/env python3
"""check-expect.py - check samples' .expect files against tshark.

usage: check-expect.py [--records] DIR [SCENARIO...]

Every DIR/<scenario>.expect (samples/strongswan/README, "Expectation
files") is checked against what tshark 4.0 shows in DIR/<scenario>.pcap,
decrypted with DIR/<scenario>.full.keys written as Wireshark key tables
(verify-tshark.py's tables), without ikescope:

  frames N                     the capture has N frames
  ike_sa spi_i=X [spi_r=Y]     some IKE message has these SPIs
  notify NAME from= frame=     frame is from that peer and carries the notify
         exchange=             (IKEv2 / IKEv1 exchange name), encrypted=yes
         encrypted=            only inside SK or an IKEv1 encrypted message
  delete from= frame=          frame is from that peer, has a Delete payload
         protocol= [spi=]      of that protocol (and SPI)
  dpd from= request= response= IKEv2: INFORMATIONAL request with nothing in
                               SK and its response; IKEv1: R-U-THERE and
                               R-U-THERE-ACK with the same sequence number
  retransmit frame= of=        the same UDP payload, byte for byte
  unanswered frame=            no later message with the same SPIs, exchange
                               and message ID comes from the other peer
  icmp frame= type=port-unreachable for=F
                               ICMP 3/3 from the responder quoting frame F
  informational request= response= payloads=
                               the two messages have the same message ID
Lines of other kinds (log, outcome, gave_up, retry, child_sa, request) come
from the charon logs and are not checked here.  Prints one line per
scenario; exit 1 if a fact does not hold.  --records: tests/lib.sh's
tap_results records instead (PASS / FAIL / DIAG, tab-separated; exit 0),
for tests/expect.sh.
"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    'verify_tshark', os.path.join(HERE, 'verify-tshark.py'))
vt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vt)

ROLE = {'192.0.2.1': 'initiator', '192.0.2.2': 'responder'}
V1_EXCH = {'2': 'Main Mode', '4': 'Aggressive Mode', '5': 'Informational',
           '32': 'Quick Mode', '6': 'Transaction'}
V2_EXCH = {'34': 'IKE_SA_INIT', '35': 'IKE_AUTH', '36': 'CREATE_CHILD_SA',
           '37': 'INFORMATIONAL'}


class Frame:
    def __init__(self, pkt):
        self.f = {}
        for p in pkt.findall('proto'):
            for x in p.iter('field'):
                self.f.setdefault(x.get('name'), []).append(x)
        self.protos = [p.get('name') for p in pkt.findall('proto')]

    def show(self, name):
        return [x.get('show') for x in self.f.get(name, [])]

    def value(self, name):
        """The raw hex of a field (no colons), first occurrence."""
        v = self.f.get(name)
        return v[0].get('value') if v else None

    def first(self, name, default=None):
        v = self.show(name)
        return v[0] if v else default

    def role(self):
        return ROLE.get(self.first('ip.src'))

    def is_ike(self):
        return 'isakmp' in self.protos and 'icmp' not in self.protos

    def exchange(self):
        t = self.first('isakmp.exchangetype')
        if self.first('isakmp.version', '').startswith('0x1'):
            return V1_EXCH.get(t, t)
        return V2_EXCH.get(t, t)

    def notifies(self):
        out = []
        for x in self.f.get('isakmp.notify.msgtype', []):
            m = re.match(r'.*: (\S+) \(\d+\)$', x.get('showname', ''))
            out.append(m.group(1) if m else x.get('show'))
        return out

    def encrypted(self):
        return bool(self.f.get('isakmp.enc.decrypted') or
                    self.f.get('isakmp.enc.data'))

    def sk_payloads(self):
        dec = self.f.get('isakmp.enc.decrypted')
        if not dec:
            return None
        return [x.get('show') for x in dec[0].iter('field')
                if x.get('name') == 'isakmp.typepayload']


def kv(fields):
    d, pos = {}, []
    for x in fields:
        if '=' in x:
            k, v = x.split('=', 1)
            d[k] = v
        else:
            pos.append(x)
    return d, pos


def load(dirname, sc, work):
    conf = os.path.join(work, sc)
    vt.tables(os.path.join(dirname, sc + '.full.keys'), conf)
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=os.path.join(conf, 'wireshark'))
    out = subprocess.run(['tshark', '-n', '-r', os.path.join(dirname, sc + '.pcap'),
                          '-T', 'pdml'], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=False).stdout
    frames = {}
    for pkt in ET.fromstring(out).findall('packet'):
        fr = Frame(pkt)
        frames[int(fr.first('frame.number'))] = fr
    payload = subprocess.run(['tshark', '-n', '-r', os.path.join(dirname, sc + '.pcap'),
                              '-T', 'fields', '-e', 'frame.number', '-e', 'udp.payload'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, check=False).stdout
    udp = {}
    for line in payload.splitlines():
        n, _, p = line.partition('\t')
        udp[int(n)] = p
    return frames, udp


def check(dirname, sc, work):
    frames, udp = load(dirname, sc, work)
    bad = []

    def fr(n, what):
        f = frames.get(int(n))
        if f is None:
            bad.append('%s: no frame %s' % (what, n))
        return f

    for line in open(os.path.join(dirname, sc + '.expect')):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        kind, *rest = line.split('\t')
        d, pos = kv(rest)
        what = line.replace('\t', ' ')
        if kind == 'frames':
            if len(frames) != int(pos[0]):
                bad.append('%s: tshark counts %d' % (what, len(frames)))
        elif kind == 'ike_sa':
            spis = {(f.value('isakmp.ispi'), f.value('isakmp.rspi'))
                    for f in frames.values() if f.is_ike()}
            if not any(s[0] == d['spi_i'] and d.get('spi_r', s[1]) == s[1]
                       for s in spis):
                bad.append('%s: no IKE message with these SPIs' % what)
        elif kind == 'notify':
            f = fr(d['frame'], what)
            if f is None:
                continue
            if f.role() != d['from'] or pos[0] not in f.notifies() or \
                    f.exchange() != d['exchange'] or \
                    (d['encrypted'] == 'yes') != f.encrypted():
                bad.append('%s: tshark: from %s, %s, notifies %s, encrypted %s'
                           % (what, f.role(), f.exchange(), f.notifies(),
                              f.encrypted()))
            if 'group' in d and d['group'] not in \
                    f.show('isakmp.notify.data.accepted_dh_group'):
                bad.append('%s: accepted group %s' % (
                    what, f.show('isakmp.notify.data.accepted_dh_group')))
        elif kind == 'delete':
            f = fr(d['frame'], what)
            if f is None:
                continue
            protos = [x.get('showname', '') for x in f.f.get('isakmp.delete.protoid', [])]
            spis = [x.get('value') for x in f.f.get('isakmp.delete.spi', [])]
            if f.role() != d['from'] or \
                    not any(re.search(r'[:_ ]%s \(' % re.escape(d['protocol']), p)
                            for p in protos) or \
                    ('spi' in d and d['spi'] not in spis):
                bad.append('%s: tshark: from %s, delete %s SPIs %s'
                           % (what, f.role(), protos, spis))
        elif kind == 'dpd':
            q = fr(d['request'], what)
            if q is None:
                continue
            r = None if d['response'] == 'none' else fr(d['response'], what)
            v1 = q.first('isakmp.version', '').startswith('0x1')
            if q.role() != d['from']:
                bad.append('%s: request from %s' % (what, q.role()))
            if v1:
                if 'R-U-THERE' not in q.notifies() or \
                        (r is not None and 'R-U-THERE-ACK' not in r.notifies()):
                    bad.append('%s: notifies %s / %s' % (
                        what, q.notifies(), r and r.notifies()))
                elif r is not None and q.show('isakmp.notify.data') != \
                        r.show('isakmp.notify.data'):
                    bad.append('%s: sequence numbers differ' % what)
            else:
                if q.exchange() != 'INFORMATIONAL' or q.sk_payloads() != [] or \
                        (r is not None and (r.sk_payloads() != [] or
                                            r.first('isakmp.messageid') !=
                                            q.first('isakmp.messageid'))):
                    bad.append('%s: not an empty INFORMATIONAL pair' % what)
        elif kind == 'retransmit':
            a, b = int(d['frame']), int(d['of'])
            if not udp.get(a) or udp.get(a) != udp.get(b):
                bad.append('%s: UDP payloads differ' % what)
        elif kind == 'unanswered':
            q = fr(d['frame'], what)
            if q is None:
                continue
            key = (q.value('isakmp.ispi'), q.first('isakmp.messageid'),
                   q.first('isakmp.exchangetype'))
            for n, f in sorted(frames.items()):
                if n > int(d['frame']) and f.is_ike() and f.role() != q.role() and \
                        (f.value('isakmp.ispi'), f.first('isakmp.messageid'),
                         f.first('isakmp.exchangetype')) == key:
                    bad.append('%s: frame %d answers it' % (what, n))
                    break
        elif kind == 'icmp':
            f = fr(d['frame'], what)
            if f is None:
                continue
            quoted = f.value('udp.payload') or ''
            orig = udp.get(int(d['for'])) or '-'
            if f.first('icmp.type') != '3' or f.first('icmp.code') != '3' or \
                    f.role() != d['from'] or not quoted or not orig.startswith(quoted):
                bad.append('%s: not ICMP port unreachable for frame %s' % (what, d['for']))
        elif kind == 'informational':
            q, r = fr(d['request'], what), fr(d['response'], what)
            if q is None or r is None:
                continue
            if q.role() != d['from'] or r.role() == q.role() or \
                    q.first('isakmp.messageid') != r.first('isakmp.messageid'):
                bad.append('%s: not a request/response pair' % what)
    return bad


def main():
    args = sys.argv[1:]
    records = bool(args) and args[0] == '--records'
    if records:
        args = args[1:]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    d = args[0]
    scs = args[1:] or sorted(f[:-7] for f in os.listdir(d) if f.endswith('.expect'))
    rc = 0
    with tempfile.TemporaryDirectory() as work:
        for sc in scs:
            bad = check(d, sc, work)
            if records:
                n = sum(1 for l in open(os.path.join(d, sc + '.expect'))
                        if l.strip() and not l.startswith('#'))
                print('%s\t%s.expect: the capture shows its facts (%d lines; '
                      'tshark)' % ('FAIL' if bad else 'PASS', sc, n))
                for b in bad:
                    print('DIAG\t%s: %s' % (sc, b))
            else:
                print('%s %s' % ('OK  ' if not bad else 'FAIL', sc))
                for b in bad:
                    print('     ' + b)
                rc |= bool(bad)
            sys.stdout.flush()
    return rc


if __name__ == '__main__':
    sys.exit(main())
