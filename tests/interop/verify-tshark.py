#!/usr/bin/env python3
"""verify-tshark.py - check a sample's .full.keys with tshark, an independent oracle.

usage: verify-tshark.py DIR [SCENARIO...]

For each scenario, the .full.keys lines are turned into Wireshark key tables
(ikev1_decryption_table, ikev2_decryption_table, esp_sa) in a private
configuration directory, and tshark must:
  - IKEv2: decrypt every SK/SKF payload with the ICV reported correct;
  - IKEv1: decrypt every encrypted message (payloads after the header parse);
  - ESP: decrypt every ESP packet with the ICV correct (non-AEAD), and show
    the known UDP payload "ikescope-known-plaintext <scenario> N".
Where <scenario>.secrets.json records them (gen.sh's XAUTH and certificate
scenarios), also:
  - XAUTH / Mode Config: the decrypted Transaction messages carry the XAUTH
    user name and password and the virtual IP from secrets.json;
  - certificates: the decrypted CERT payloads hold both peers' certificates
    (serial number and subject as in DIR/<scenario>.{initiator,responder}.crt)
    and the auth method is RSA signature (IKEv1 3; IKEv2 1 or 14).
Prints one line per scenario; exit 1 if any check failed.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

V2_ENCR = {('ENCR_AES_CBC', 16): 'AES-CBC-128 [RFC3602]', ('ENCR_AES_CBC', 24): 'AES-CBC-192 [RFC3602]',
           ('ENCR_AES_CBC', 32): 'AES-CBC-256 [RFC3602]', ('ENCR_3DES', 24): '3DES [RFC2451]',
           ('ENCR_AES_GCM_16', 20): 'AES-GCM-128 with 16 octet ICV [RFC5282]',
           ('ENCR_AES_GCM_16', 36): 'AES-GCM-256 with 16 octet ICV [RFC5282]'}
V2_INTEG = {'AUTH_HMAC_SHA1_96': 'HMAC_SHA1_96 [RFC2404]', 'AUTH_HMAC_SHA2_256_128': 'HMAC_SHA2_256_128 [RFC4868]',
            'AUTH_HMAC_SHA2_384_192': 'HMAC_SHA2_384_192 [RFC4868]',
            'AUTH_HMAC_SHA2_512_256': 'HMAC_SHA2_512_256 [RFC4868]',
            'AUTH_HMAC_MD5_96': 'HMAC_MD5_96 [RFC2403]', 'NONE': 'NONE [RFC4306]'}
ESP_ENCR = {'ENCR_AES_CBC': 'AES-CBC [RFC3602]', 'ENCR_3DES': 'TripleDES-CBC [RFC2451]',
            'ENCR_AES_GCM_16': 'AES-GCM with 16 octet ICV [RFC4106]', 'ENCR_NULL': 'NULL',
            'ENCR_AES_GCM_8': 'AES-GCM with 8 octet ICV [RFC4106]',
            'ENCR_AES_GCM_12': 'AES-GCM with 12 octet ICV [RFC4106]',
            'ENCR_AES_CTR': 'AES-CTR [RFC3686]', 'ENCR_CAST': 'CAST5-CBC [RFC2144]',
            'ENCR_BLOWFISH': 'BLOWFISH-CBC [RFC2451]'}
ESP_INTEG = {'AUTH_HMAC_SHA1_96': 'HMAC-SHA-1-96 [RFC2404]', 'AUTH_HMAC_SHA2_256_128': 'HMAC-SHA-256-128 [RFC4868]',
             'AUTH_HMAC_MD5_96': 'HMAC-MD5-96 [RFC2403]', 'NONE': 'NULL',
             'AUTH_HMAC_SHA2_384_192': 'HMAC-SHA-384-192 [RFC4868]',
             'AUTH_HMAC_SHA2_512_256': 'HMAC-SHA-512-256 [RFC4868]',
             # not in tshark 4.0: decrypt only, ICV skipped
             'AUTH_AES_XCBC_96': 'ANY 96 bit authentication [no checking]',
             'AUTH_AES_CMAC_96': 'ANY 96 bit authentication [no checking]'}


def tables(keyfile, conf):
    v1, v2, esp = [], [], []
    for line in open(keyfile):
        f = line.split('#')[0].split()
        if not f:
            continue
        if f[0] == 'ikev1':
            v1.append('%s,%s' % (f[1], f[2]))
        elif f[0] == 'ikev2':
            _, si, sr, ei, er, e, ai, ar, i = f
            ai = '' if ai == '-' else ai
            ar = '' if ar == '-' else ar
            v2.append('%s,%s,%s,%s,"%s",%s,%s,"%s"' % (si, sr, ei, er, V2_ENCR[(e, len(ei) // 2)],
                                                       ai, ar, V2_INTEG[i]))
        elif f[0] == 'esp':
            _, spi, e, ek, i, ik, src, dst = f
            ik = '' if ik == '-' else '0x' + ik
            ek = '' if ek == '-' else ek
            if e not in ESP_ENCR or i not in ESP_INTEG:
                # tshark 4.0's esp_sa cannot name it (CCM, ChaCha20-
                # Poly1305, Camellia): its ESP is left encrypted there.
                continue
            esp.append('"IPv4","%s","%s","0x%s","%s","%s","%s","%s"' % (
                src, dst, spi, ESP_ENCR[e], ek and '0x' + ek, ESP_INTEG[i], ik))
    d = os.path.join(conf, 'wireshark')
    os.makedirs(d, exist_ok=True)
    for name, rows in (('ikev1_decryption_table', v1), ('ikev2_decryption_table', v2), ('esp_sa', esp)):
        with open(os.path.join(d, name), 'w') as fh:
            fh.write(''.join(r + '\n' for r in rows))
    return len(v1), len(v2), len(esp)


def tshark(conf, pcap, *args):
    env = dict(os.environ, XDG_CONFIG_HOME=conf)
    p = subprocess.run(['tshark', '-n', '-r', pcap,
                        '-o', 'esp.enable_encryption_decode:TRUE',
                        '-o', 'esp.enable_authentication_check:TRUE',
                        '-o', 'esp.enable_null_encryption_decode_heuristic:FALSE'] + list(args),
                       env=env, capture_output=True, text=True)
    err = [l for l in p.stderr.splitlines() if 'Running as user' not in l and l.strip()]
    return p.stdout, err


def der_serial(pem_path):
    """Serial number (hex, no leading zeros) of a PEM X.509 certificate."""
    txt = open(pem_path).read()
    b64 = re.search(r'-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----', txt, re.S)
    der = base64.b64decode(''.join(b64.group(1).split()))

    def tlv(buf, i):
        tag, n = buf[i], buf[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7f
            n = int.from_bytes(buf[i:i + k], 'big')
            i += k
        return tag, i, n
    _, i, _ = tlv(der, 0)            # Certificate
    _, i, _ = tlv(der, i)            # tbsCertificate
    tag, j, n = tlv(der, i)
    if tag == 0xa0:                  # [0] version
        i = j + n
    tag, j, n = tlv(der, i)          # serialNumber INTEGER
    return der[j:j + n].hex().lstrip('0') or '0'


def extra_checks(dirname, sc, conf, pcap):
    """Checks driven by secrets.json: XAUTH/Mode Config, certificates."""
    path = os.path.join(dirname, sc + '.secrets.json')
    if not os.path.exists(path):
        return True, []
    doc = json.load(open(path))
    ok, res = True, []
    if doc.get('xauth'):
        xa, mc = doc['xauth'], doc.get('mode_config') or {}
        out, err = tshark(conf, pcap, '-Y', 'isakmp.exchangetype == 6', '-T', 'fields',
                        '-e', 'isakmp.cfg.attr.xauth.user_name',
                        '-e', 'isakmp.cfg.attr.xauth.user_password',
                        '-e', 'isakmp.cfg.attr.internal_ip4_address')
        if err:
            return False, ['tshark: ' + '; '.join(err)]
        rows = [l.split('\t') for l in out.splitlines()]
        users = {r[0] for r in rows if r and r[0]}
        pwds = {r[1] for r in rows if len(r) > 1 and r[1]}
        vips = {v for r in rows if len(r) > 2 for v in r[2].split(',') if v}
        good = xa['user'] in users and xa['password'] in pwds and mc.get('virtual_ip') in vips
        res.append('transactions %d, xauth user/password %s, virtual IP %s' % (
            len(rows), 'found' if xa['user'] in users and xa['password'] in pwds else 'MISSING',
            ','.join(sorted(vips)) or 'MISSING'))
        ok = ok and good
    if doc.get('certificates'):
        want = {}
        for role in ('initiator', 'responder'):
            c = doc['certificates'][role]
            want[der_serial(os.path.join(dirname, c['cert_file']))] = (role, c.get('subject'))
        env = dict(os.environ, XDG_CONFIG_HOME=conf)
        p = subprocess.run(['tshark', '-n', '-r', pcap, '-T', 'pdml'], env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            return False, res + ['tshark -T pdml failed: ' + p.stderr.strip()[-200:]]
        seen, methods = {}, set()
        for f in ET.fromstring(p.stdout).iter('field'):
            name = f.get('name')
            if name == 'isakmp.cert.data':
                sn = f.find(".//field[@name='x509af.serialNumber']")
                if sn is not None:
                    seen[sn.get('value').lstrip('0')] = f.get('showname')
            elif name in ('isakmp.ike.attr.authentication_method', 'isakmp.auth.method'):
                methods.add(int(f.get('show')))
        found = [want[x][0] for x in want if x in seen]
        if doc.get('ike_version') == 1:
            mgood = methods == {3}
        else:
            mgood = bool(methods) and methods <= {1, 14}
        res.append('CERT payloads %d, peer certificates found: %s, auth method %s' % (
            len(seen), '+'.join(found) or 'NONE', ','.join(map(str, sorted(methods))) or '?'))
        ok = ok and len(found) == 2 and mgood
    return ok, res


def check(dirname, sc):
    pcap = os.path.join(dirname, sc + '.pcap')
    keys = os.path.join(dirname, sc + '.full.keys')
    res = []
    ok = True
    with tempfile.TemporaryDirectory() as conf:
        n1, n2, ne = tables(keys, conf)
        out, err = tshark(conf, pcap, '-V')
        if err:
            return False, 'tshark: ' + '; '.join(err)
        frames = re.split(r'\nFrame \d+: ', '\n' + out)[1:]
        ike_enc = ike_ok = esp_n = esp_dec = esp_icv_ok = esp_icv_bad = 0
        for fr in frames:
            if 'Internet Security Association' in fr:
                if 'Encrypted and Authenticated' in fr or 'Encrypted and Authenticated Fragment' in fr:
                    ike_enc += 1
                    if re.search(r'Integrity Checksum Data: .*\[correct\]', fr):
                        ike_ok += 1
                elif re.search(r'Flags: 0x0[0-9a-f] \(.*Encryption', fr) or \
                        re.search(r'\.\.\.\. \.\.\.1 = Encryption: Encrypted', fr):
                    ike_enc += 1
                    # IKEv1: decrypted when the payload chain after the header parses
                    body = fr.split('Encryption: Encrypted', 1)[-1]
                    if re.search(r'Payload: (Hash|Identification|Security Association|Notification|Delete|Nonce)', body):
                        ike_ok += 1
            if 'Encapsulating Security Payload' in fr:
                esp_n += 1
                tail = fr.split('Encapsulating Security Payload', 1)[1]
                if re.search(r'Internet Control Message Protocol|User Datagram Protocol', tail):
                    esp_dec += 1
                if re.search(r'\[correct\]|Authentication Data \[correct\]|ICV.*\[correct\]', tail):
                    esp_icv_ok += 1
                if re.search(r'\[incorrect', tail):
                    esp_icv_bad += 1
        data, _ = tshark(conf, pcap, '-Y', 'udp.dstport == 9999', '-T', 'fields', '-e', 'data.data')
        plain = [bytes.fromhex(x.strip()).decode('latin-1') for x in data.split() if x.strip()]
        known = [p for p in plain if p.startswith('ikescope-known-plaintext ' + sc)]
        xok, xres = extra_checks(dirname, sc, conf, pcap)
    res.append('IKE encrypted %d decrypted/verified %d' % (ike_enc, ike_ok))
    res.append('ESP %d decrypted %d icv-ok %d icv-bad %d' % (esp_n, esp_dec, esp_icv_ok, esp_icv_bad))
    res.append('known plaintext %d' % len(known))
    res += xres
    if ike_ok != ike_enc or esp_dec != esp_n or esp_icv_bad or (esp_n and not known) or not xok:
        ok = False
    return ok, ', '.join(res)


def main():
    d = sys.argv[1]
    scs = sys.argv[2:] or sorted(f[:-5] for f in os.listdir(d) if f.endswith('.pcap'))
    bad = 0
    for sc in scs:
        ok, msg = check(d, sc)
        print('%-40s %s  %s' % (sc, 'OK  ' if ok else 'FAIL', msg))
        bad += not ok
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
