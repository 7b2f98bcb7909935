#!/usr/bin/env python3
"""extract.py - turn one gen.sh scenario run into ikescope sample files.

Reads the two charon logs (level 4 for IKE and CHD: DH shared secret,
SKEYID*/Ka or SKEYSEED/SK_*, CHILD_SA keys), the DH log of dhshim.so
(private values) and writes, into --out:

  <scenario>.secrets.json   everything, machine-readable
  <scenario>.min.keys       ikescope key file: psk + dh SPI_I private HEX
                            (no psk line with --auth rsa-sig)
  <scenario>.full.keys      ikescope key file: ikev1 / ikev2 / esp lines

--auth xauth-psk adds the XAUTH user/password, the Mode Config virtual IP and
the Transaction exchanges to secrets.json; --auth rsa-sig adds the
certificates (files written by gen.sh next to the sample) and the signature
schemes charon logged.

The initiator's log is the reference; the responder's log is parsed the same
way and compared (they differ only where the PSKs differ, IKEv1 wrong PSK).
With --may-fail (the failure scenarios) a run without any IKE SA keys is no
error: both key files then hold only the PSK.  A missing responder log (no
responder daemon ran) counts as empty.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sys

LINE = re.compile(r'^(\d+) (\d+)\[(\w+)\] (?:<[^>]*> )?(.*)$')
DUMP_HEAD = re.compile(r'^(.*?) => (\d+) bytes @ 0x[0-9a-f]+$')
DUMP_ROW = re.compile(r'^\s*\d+: ((?:[0-9A-F]{2} ){1,16})')
SPIS = re.compile(r'IKEv(\d) SA (\S+)\[(\d+)\] with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r')
CHECKOUT = re.compile(r'checkout IKEv(\d) SA (?:by message )?with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r')
CHILD_SPI = re.compile(r'^\s*SPI 0x([0-9a-f]{8}), src (\S+) dst (\S+)')
SELECTED = re.compile(r'selected proposal: (IKE|ESP):(\S+)')
USING = re.compile(r'^\s*using (\S+) for (encryption|integrity)')

IKE_LABELS = {
    'shared Diffie Hellman secret': 'dh_shared',
    'SKEYSEED': 'skeyseed',
    'Sk_d secret': 'sk_d', 'Sk_ai secret': 'sk_ai', 'Sk_ar secret': 'sk_ar',
    'Sk_ei secret': 'sk_ei', 'Sk_er secret': 'sk_er',
    'Sk_pi secret': 'sk_pi', 'Sk_pr secret': 'sk_pr',
    'SKEYID': 'skeyid', 'SKEYID_d': 'skeyid_d', 'SKEYID_a': 'skeyid_a',
    'SKEYID_e': 'skeyid_e', 'encryption key Ka': 'ka', 'initial IV': 'initial_iv',
}
CHILD_LABELS = {
    'encryption initiator key': 'encr_i', 'encryption responder key': 'encr_r',
    'integrity initiator key': 'integ_i', 'integrity responder key': 'integ_r',
    'DH secret': 'pfs_dh_shared',
}

# charon's names -> IANA names ikescope accepts (analyzer/keys.c algo_names[])
ENCR = {'3DES_CBC': 'ENCR_3DES', 'DES_CBC': 'ENCR_DES', 'BLOWFISH_CBC': 'ENCR_BLOWFISH',
        'CAST_CBC': 'ENCR_CAST', 'NULL_AES_GMAC': 'ENCR_NULL_AUTH_AES_GMAC'}

# charon's ENC lines: "generating TRANSACTION request 3368742605 [ HASH CPRQ(X_USER X_PWD) ]"
ENC_MSG = re.compile(r'(generating|parsed) (\w+) (request|response) (\d+) \[ (.*) \]')
AUTH_OK = re.compile(r"authentication of '([^']*)' (\(myself\) )?(?:with (\S+) )?successful")
XAUTH_OK = re.compile(r"XAuth authentication of '([^']*)' (?:\(myself\) )?(successful|failed)")
VIP_I = re.compile(r'installing new virtual IP (\S+)')
VIP_R = re.compile(r"assigning virtual IP (\S+) to peer '([^']*)'")


def log_lines(path):
    with open(path, errors='replace') as f:
        for raw in f:
            m = LINE.match(raw.rstrip('\n'))
            if m:
                yield m.group(3), m.group(4)


def log_events(path):
    """What charon logged about authentication and configuration payloads."""
    ev = {'messages': [], 'auth': [], 'xauth': [], 'vip_installed': [], 'vip_assigned': []}
    for grp, msg in log_lines(path):
        m = ENC_MSG.search(msg)
        if m and 'FRAG' not in m.group(5) and 'EF(' not in m.group(5):
            ev['messages'].append({'action': m.group(1), 'exchange': m.group(2),
                                   'kind': m.group(3), 'message_id': int(m.group(4)),
                                   'payloads': m.group(5)})
            continue
        m = XAUTH_OK.search(msg)
        if m:
            ev['xauth'].append({'user': m.group(1), 'result': m.group(2)})
            continue
        m = AUTH_OK.search(msg)
        if m:
            ev['auth'].append({'id': m.group(1), 'self': bool(m.group(2)),
                               'scheme': m.group(3)})
            continue
        m = VIP_I.search(msg)
        if m:
            ev['vip_installed'].append(m.group(1))
            continue
        m = VIP_R.search(msg)
        if m:
            ev['vip_assigned'].append({'ip': m.group(1), 'peer': m.group(2)})
    return ev


def pem_der(path):
    txt = open(path).read()
    m = re.search(r'-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----', txt, re.S)
    if not m:
        return None, None
    return m.group(1), base64.b64decode(''.join(m.group(2).split()))


def encr_name(s):
    if not s:
        return None
    s = re.sub(r'_(128|192|256)$', '', s)  # AES_CBC_128 -> AES_CBC
    return ENCR.get(s, 'ENCR_' + s)


def esp_salt(s):
    """Salt/nonce bytes at the end of charon's ESP encryption key (RFC 3686
    AES-CTR nonce, RFC 4106/4543 GCM/GMAC, RFC 4309 CCM, RFC 7634 ChaCha20)."""
    s = s or ''
    if re.match(r'(AES|CAMELLIA)_CCM', s):
        return '3 bytes (RFC 4309 CCM salt) at the end of encr_key'
    if re.match(r'(AES_GCM|NULL_AES_GMAC|CHACHA20_POLY1305)', s):
        return '4 bytes (RFC 4106/4543/7634 salt) at the end of encr_key'
    if re.match(r'(AES|CAMELLIA)_CTR', s):
        return '4 bytes (RFC 3686 nonce) at the end of encr_key'
    return None


def integ_name(s):
    if not s or s in ('NONE', '(null)'):
        return 'NONE'
    return 'AUTH_' + s


def parse_proposal(p):
    out = {'raw': p}
    for part in p.split('/'):
        if re.match(r'(AES|3DES|DES|CAMELLIA|CHACHA|BLOWFISH|CAST|SERPENT|TWOFISH)', part):
            out['encr'] = part
        elif part.startswith('PRF_'):
            out['prf'] = part
        elif re.match(r'(HMAC|AES_XCBC|AES_CMAC)', part):
            out['integ'] = part
        elif re.match(r'(MODP|ECP|CURVE|ECC|X25519|X448)', part):
            out['dh_group'] = part
        elif part in ('NO_EXT_SEQ', 'EXT_SEQ'):
            out['esn'] = part
    return out


def parse_log(path, ini_ip, resp_ip=None):
    """Return (ike_sas, esp_sas) in log order.

    A CHILD_SA's direction: towards the responder (resp_ip) is the
    initiator's; with a NAT between the peers the responder's log names
    the initiator by the NAT's address, so the destination decides."""
    threads = {}   # thread -> state
    ike_sas, esp_sas, pending_ike = [], [], []

    def st(t):
        return threads.setdefault(t, {'dump': None, 'ike': None, 'child': None,
                                      'proposal': None, 'esp_proposal': None,
                                      'using': {}, 'spis': None})
    with open(path, errors='replace') as f:
        for raw in f:
            m = LINE.match(raw.rstrip('\n'))
            if not m:
                continue
            _, thr, grp, msg = m.groups()
            s = st(thr)
            d = s['dump']
            if d is not None:
                r = DUMP_ROW.match(msg)
                if r and len(d['data']) < d['len']:
                    d['data'] += bytes.fromhex(r.group(1).replace(' ', ''))
                    if len(d['data']) >= d['len']:
                        d['done'](d['data'][:d['len']].hex())
                        s['dump'] = None
                    continue
                s['dump'] = None
            h = DUMP_HEAD.match(msg)
            if h:
                label, n = h.group(1), int(h.group(2))
                if label in IKE_LABELS:
                    key = IKE_LABELS[label]
                    if key == 'dh_shared' or s['ike'] is None or key in s['ike']:
                        s['ike'] = {'keys': {}, 'proposal': s['proposal'],
                                    'spis_at_derivation': s['spis']}
                        pending_ike.append((thr, s['ike']))
                    rec = s['ike']['keys']
                    s['dump'] = {'len': n, 'data': b'',
                                 'done': (lambda v, rec=rec, key=key: rec.__setitem__(key, v))}
                    if n == 0:
                        rec[key] = ''
                        s['dump'] = None
                elif label in CHILD_LABELS:
                    key = CHILD_LABELS[label]
                    if s['child'] is None or key in s['child']['keys'] or \
                            s['child'].get('spis'):
                        s['child'] = {'keys': {}, 'spis': [], 'using': dict(s['using']),
                                      'proposal': s['esp_proposal']}
                    rec = s['child']['keys']
                    s['dump'] = {'len': n, 'data': b'',
                                 'done': (lambda v, rec=rec, key=key: rec.__setitem__(key, v))}
                    if n == 0:
                        rec[key] = ''
                        s['dump'] = None
                continue
            c = CHECKOUT.search(msg)
            if c:
                s['spis'] = (c.group(2), c.group(3))
                continue
            c = SPIS.search(msg)
            if c and 'checkin' in msg:
                spi_i, spi_r = c.group(4), c.group(5)
                if s['ike'] is not None and spi_r != '0' * 16:
                    s['ike']['spi_i'], s['ike']['spi_r'] = spi_i, spi_r
                    s['ike']['version'] = int(c.group(1))
                    s['ike']['unique_id'] = int(c.group(3))
                    ike_sas.append(s['ike'])
                    s['ike'] = None
                if s['child'] is not None and len(s['child']['spis']) >= 2:
                    s['child']['ike_spi_i'], s['child']['ike_spi_r'] = spi_i, spi_r
                    esp_sas.append(s['child'])
                    s['child'] = None
                s['spis'] = (spi_i, spi_r)
                continue
            c = SELECTED.search(msg)
            if c:
                if c.group(1) == 'IKE':
                    s['proposal'] = c.group(2)
                else:
                    s['esp_proposal'] = c.group(2)
                continue
            c = USING.match(msg)
            if c and grp == 'CHD':
                if c.group(2) == 'encryption':
                    s['using'] = {}
                s['using'][c.group(2)] = c.group(1)
                continue
            c = CHILD_SPI.match(msg)
            if c and grp == 'CHD' and s['child'] is not None and len(s['child']['spis']) < 2:
                s['child']['spis'].append((c.group(1), c.group(2), c.group(3)))
                continue
    # blocks whose SA never checked in (failed exchange): keep, SPIs from checkout
    for thr, rec in pending_ike:
        if rec not in ike_sas and rec['keys']:
            sp = rec.get('spis_at_derivation') or threads[thr]['spis']
            if sp:
                rec['spi_i'], rec['spi_r'] = sp
            rec['incomplete'] = True
            ike_sas.append(rec)
    for s in threads.values():
        if s['child'] is not None and len(s['child']['spis']) >= 2:
            esp_sas.append(s['child'])

    ikes = []
    for rec in ike_sas:
        prop = parse_proposal(rec['proposal']) if rec.get('proposal') else {}
        ikes.append({'version': rec.get('version'), 'spi_i': rec.get('spi_i'),
                     'spi_r': rec.get('spi_r'), 'proposal': prop,
                     'complete': not rec.get('incomplete', False), **rec['keys']})
    esps = []
    for ch in esp_sas:
        k = ch['keys']
        using = ch['using']
        encr = using.get('encryption')
        integ = using.get('integrity')
        child = {'ike_spi_i': ch.get('ike_spi_i'), 'ike_spi_r': ch.get('ike_spi_r'),
                 'encr': encr, 'integ': integ, 'proposal': ch.get('proposal')}
        salt = esp_salt(encr)
        if salt:
            child['encr_key_salt'] = salt
        child['sas'] = []
        if 'pfs_dh_shared' in k:
            child['pfs_dh_shared'] = k['pfs_dh_shared']
        for spi, src, dst in ch['spis']:
            side = 'i' if (dst == resp_ip if resp_ip else src == ini_ip) else 'r'
            child['sas'].append({'spi': spi, 'src': src, 'dst': dst,
                                 'direction': 'initiator_to_responder' if side == 'i'
                                 else 'responder_to_initiator',
                                 'encr': encr_name(encr),
                                 'encr_key': k.get('encr_' + side) or '',
                                 'integ': integ_name(integ),
                                 'integ_key': k.get('integ_' + side) or ''})
        esps.append(child)
    return ikes, esps


def read_dh(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scenario', required=True)
    ap.add_argument('--what', default='')
    ap.add_argument('--work', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--psk-i', required=True)
    ap.add_argument('--psk-r', required=True)
    ap.add_argument('--ike-version', type=int, required=True)
    ap.add_argument('--initiator-ip', default='192.0.2.1')
    ap.add_argument('--responder-ip', default='192.0.2.2')
    ap.add_argument('--generator', default='strongSwan charon + kernel-libipsec')
    ap.add_argument('--auth', default='psk', choices=('psk', 'xauth-psk', 'rsa-sig'))
    ap.add_argument('--xauth-user')
    ap.add_argument('--xauth-password')
    ap.add_argument('--pool', help='Mode Config address pool (responder)')
    ap.add_argument('--id-i', help='initiator IKE identity (default: its IP)')
    ap.add_argument('--id-r', help='responder IKE identity (default: its IP)')
    ap.add_argument('--cert-prefix', help='certificates are in OUT/PREFIX.{ca,initiator,responder}.{crt,key}')
    ap.add_argument('--may-fail', action='store_true',
                    help='a failure scenario: no IKE SA with keys is no error (the key '
                         'files then hold only what the user configured: the PSK)')
    a = ap.parse_args()
    w = a.work
    ike_i, esp_i = parse_log(os.path.join(w, 'i', 'charon.log'), a.initiator_ip,
                             a.responder_ip)
    # no responder daemon (the unanswered scenarios): an empty log
    ike_r, esp_r = parse_log(os.path.join(w, 'r', 'charon.log'), a.initiator_ip,
                             a.responder_ip) \
        if os.path.exists(os.path.join(w, 'r', 'charon.log')) else ([], [])
    dh_i = read_dh(os.path.join(w, 'i', 'dh.jsonl'))
    dh_r = read_dh(os.path.join(w, 'r', 'dh.jsonl'))
    problems = []

    # merge IKE SAs: initiator's view first, responder's where they differ
    by_spi_r = {(x['spi_i'], x['spi_r']): x for x in ike_r}
    ike = []
    for x in ike_i:
        y = by_spi_r.pop((x['spi_i'], x['spi_r']), None)
        x = dict(x)
        if y is not None:
            diff = {k: v for k, v in y.items() if k in IKE_LABELS.values() and x.get(k) != v}
            if diff:
                x['responder_view'] = diff
        else:
            x['responder_view'] = 'responder did not derive keys for this SA'
        ike.append(x)
    for y in by_spi_r.values():
        y = dict(y)
        y['only_in_responder_log'] = True
        ike.append(y)

    # DH private values: match the shim's shared secret to the SA's
    dh_pfs = []
    anchors = []  # (index in dh_i, ike sa)
    for sa in ike:
        sh = sa.get('dh_shared')
        for side, lst in (('initiator', dh_i), ('responder', dh_r)):
            for n, e in enumerate(lst):
                if sh and e.get('shared') == sh:
                    sa['dh_private_' + side] = e['private']
                    sa['dh_public_' + side] = e['public']
                    if side == 'initiator':
                        anchors.append((n, sa))
    for sa in ike:
        for side in ('initiator', 'responder'):
            if sa.get('dh_shared') and 'dh_private_' + side not in sa:
                problems.append('no DH private value (%s) for IKE SA %s' % (side, sa.get('spi_i')))
    anchors.sort(key=lambda t: t[0])
    matched = {e['shared'] for sa in ike for e in dh_i if e.get('shared') == sa.get('dh_shared')}
    for n, e in enumerate(dh_i):
        if e['shared'] in matched:
            continue
        owner = None
        for idx, sa in anchors:
            if idx < n:
                owner = sa
        peer = [x for x in dh_r if x.get('shared') == e['shared']]
        dh_pfs.append({'ike_spi_i': owner and owner['spi_i'], 'ike_spi_r': owner and owner['spi_r'],
                       'type': e['type'], 'bits': e['bits'], 'shared': e['shared'],
                       'private_initiator': e['private'], 'public_initiator': e['public'],
                       'private_responder': peer[0]['private'] if peer else None,
                       'public_responder': peer[0]['public'] if peer else None})

    # merge ESP SAs: compare the two logs
    r_by_spi = {s['spi']: s for c in esp_r for s in c['sas']}
    for c in esp_i:
        for s in c['sas']:
            o = r_by_spi.get(s['spi'])
            if o is None:
                problems.append('ESP SA %s not in responder log' % s['spi'])
            elif (o['encr_key'], o['integ_key']) != (s['encr_key'], s['integ_key']):
                problems.append('ESP SA %s: keys differ between the two logs' % s['spi'])

    known = ['ikescope-known-plaintext %s %d' % (a.scenario, n) for n in (1, 2, 3)]
    rsa = a.auth == 'rsa-sig'
    doc = {
        'scenario': a.scenario,
        'description': a.what,
        'generator': a.generator,
        'ike_version': a.ike_version,
        'initiator': {'ip': a.initiator_ip, 'id': a.id_i or a.initiator_ip,
                      'inner_ip': '198.51.100.1'},
        'responder': {'ip': a.responder_ip, 'id': a.id_r or a.responder_ip,
                      'inner_ip': '198.51.100.2'},
        'auth': {'psk': 'pre-shared key',
                 'xauth-psk': 'pre-shared key + XAUTH (IKEv1 auth method XAUTHInitPreShared 65001)',
                 'rsa-sig': 'RSA signatures with X.509 certificates'}[a.auth],
        'psk_initiator': None if rsa else a.psk_i,
        'psk_responder': None if rsa else a.psk_r,
        'traffic': {'icmp_echo': '3 pings 198.51.100.1 -> 198.51.100.2 after each (re)key',
                    'udp': {'src': '198.51.100.1', 'dst': '198.51.100.2', 'dst_port': 9999,
                            'payloads': known,
                            'note': 'payload N is sent after step N: 1 first CHILD_SA, '
                                    '2 after CHILD_SA rekey, 3 after IKE SA rekey'}},
        'nonces': 'not logged by charon; read them from the capture (cleartext in '
                  'IKE_SA_INIT / Main Mode message 3-4 / Aggressive Mode)',
        'ike_sas': ike,
        'child_sas': esp_i,
        'pfs_dh': dh_pfs,
        'dh_log': {'initiator': dh_i, 'responder': dh_r},
        'problems': problems,
    }
    if a.auth != 'psk':
        ev_i = log_events(os.path.join(w, 'i', 'charon.log'))
        ev_r = log_events(os.path.join(w, 'r', 'charon.log'))
    if rsa:
        doc['authentication_log'] = {
            'note': "charon's 'authentication of ID [with SCHEME] successful' lines; "
                    "self = the daemon's own signature, else the peer's it verified",
            'initiator': ev_i['auth'], 'responder': ev_r['auth']}
    if a.auth == 'xauth-psk':
        vip = (ev_i['vip_installed'] or [None])[0]
        vip_r = (ev_r['vip_assigned'] or [{}])[0].get('ip')
        if vip is None:
            problems.append('initiator log shows no virtual IP')
        elif vip_r != vip:
            problems.append('virtual IP: initiator installed %s, responder assigned %s'
                            % (vip, vip_r))
        xa = {'initiator': ev_i['xauth'], 'responder': ev_r['xauth']}
        if not any(x['result'] == 'successful' for x in ev_r['xauth']):
            problems.append('no successful XAUTH in the logs')
        doc['xauth'] = {'user': a.xauth_user, 'password': a.xauth_password,
                        'type': 'generic (XAUTH_USER_NAME / XAUTH_USER_PASSWORD attributes)',
                        'server': 'responder', 'result_log': xa}
        tr = []
        for m in ev_i['messages']:
            if m['exchange'] != 'TRANSACTION':
                continue
            sent = m['action'] == 'generating'
            tr.append({'message_id': '%08x' % m['message_id'],
                       'from': 'initiator' if sent else 'responder',
                       'kind': m['kind'], 'payloads': m['payloads']})
        doc['mode_config'] = {
            'pool': a.pool, 'virtual_ip': vip,
            'assigned_by_responder_to': (ev_r['vip_assigned'] or [{}])[0].get('peer'),
            'transactions': tr,
            'note': 'Transaction (exchange type 6) messages, in order, from the '
                    "initiator's log: CPRQ/CPRP/CPS/CPA = ISAKMP_CFG_REQUEST/REPLY/SET/ACK; "
                    'X_USER/X_PWD/X_STATUS = XAUTH attributes, ADDR = INTERNAL_IP4_ADDRESS. '
                    'They are encrypted with the Phase 1 key (Ka), the IV from the last '
                    'Phase 1 CBC block and the message ID'}
    if rsa:
        certs = {}
        for role, dn in (('ca', None), ('initiator', a.id_i), ('responder', a.id_r)):
            crt = '%s.%s.crt' % (a.cert_prefix, role)
            key = '%s.%s.key' % (a.cert_prefix, role)
            ent = {'cert_file': crt, 'key_file': key}
            if dn:
                ent['subject'] = dn
            try:
                _, der = pem_der(os.path.join(a.out, crt))
                ent['cert_sha1'] = hashlib.sha1(der).hexdigest()
                ent['cert_sha256'] = hashlib.sha256(der).hexdigest()
                kt, _ = pem_der(os.path.join(a.out, key))
                ent['key_format'] = 'PEM "%s" (%s), RSA-2048' % (
                    kt, 'PKCS#1' if kt == 'RSA PRIVATE KEY' else 'PKCS#8')
            except (OSError, TypeError, ValueError) as e:
                problems.append('certificate %s: %s' % (crt, e))
            certs[role] = ent
        certs['note'] = ('made with strongSwan pki; the CA signs both peers (sha256WithRSA); '
                         'each peer sends its certificate in a CERT payload '
                         '(X.509 Certificate - Signature, encoding 4), send_cert = always')
        doc['certificates'] = certs
        for ev in (ev_i, ev_r):
            if not any(not x['self'] for x in ev['auth']):
                problems.append('a peer signature was not verified (see authentication_log)')
    doc['problems'] = problems

    base = os.path.join(a.out, a.scenario)
    with open(base + '.secrets.json', 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')

    def q(s):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

    hdr = ('# ikescope key file for %s.pcap (generated by tests/interop/gen.sh)\n# %s\n'
           % (a.scenario, a.what))
    if rsa:
        mn = [hdr + '# least a user would have: the initiator\'s DH private values (RSA signature\n'
              '# authentication: no PSK; certificates and private keys are in %s.*.crt/.key)\n'
              % a.cert_prefix]
    else:
        mn = [hdr + '# least a user would have: the PSK and the initiator\'s DH private values\n']
        mn.append('psk %s\n' % q(a.psk_i))
    if a.psk_r != a.psk_i and not rsa:
        mn.append('# the responder was configured with another PSK: %s\n' % q(a.psk_r))
    if a.auth == 'xauth-psk':
        mn.append('# XAUTH (not needed to decrypt): user %s password %s\n'
                  % (q(a.xauth_user or ''), q(a.xauth_password or '')))
    for sa in ike:
        if sa.get('dh_private_initiator') and sa.get('spi_i'):
            mn.append('dh %s private %s\n' % (sa['spi_i'], sa['dh_private_initiator']))
    for p in dh_pfs:
        if p['ike_spi_i']:
            mn.append('dh %s private %s   # PFS (Quick Mode / CREATE_CHILD_SA KE)\n'
                      % (p['ike_spi_i'], p['private_initiator']))
    fu = [hdr + '# final keys, as charon logged them\n']
    if not ike:
        note = '# no IKE SA derived keys in this scenario (it fails before that)\n'
        mn.append(note)
        fu.append(note)
        if not rsa:
            fu.append('psk %s\n' % q(a.psk_i))
    for sa in ike:
        if not sa.get('spi_i') or sa.get('only_in_responder_log'):
            continue
        prop = sa.get('proposal', {})
        if sa.get('version') == 1 or 'ka' in sa:
            if sa.get('ka'):
                fu.append('ikev1 %s %s\n' % (sa['spi_i'], sa['ka']))
            rv = sa.get('responder_view')
            if isinstance(rv, dict) and rv.get('ka'):
                fu.append('# responder (other PSK) derived Ka %s\n' % rv['ka'])
        elif sa.get('sk_ei') is not None:
            fu.append('ikev2 %s %s %s %s %s %s %s %s\n' % (
                sa['spi_i'], sa['spi_r'], sa['sk_ei'], sa['sk_er'],
                encr_name(prop.get('encr')), sa.get('sk_ai') or '-', sa.get('sk_ar') or '-',
                integ_name(prop.get('integ'))))
    for c in esp_i:
        for s in c['sas']:
            fu.append('esp %s %s %s %s %s %s %s\n' % (
                s['spi'], s['encr'], s['encr_key'] or '-', s['integ'], s['integ_key'] or '-',
                s['src'], s['dst']))
    with open(base + '.min.keys', 'w') as f:
        f.write(''.join(mn))
    with open(base + '.full.keys', 'w') as f:
        f.write(''.join(fu))
    for p in problems:
        print('extract.py: %s: %s' % (a.scenario, p), file=sys.stderr)
    if not ike and not a.may_fail:
        print('extract.py: %s: no IKE keys found in the logs' % a.scenario, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
