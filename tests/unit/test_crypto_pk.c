/*
 * test_crypto_pk.c - analyzer/crypto_pk.c: RSA private keys in PKCS#1 and
 * PKCS#8, PEM and DER (RFC 8017 A.1.2, RFC 5208, RFC 7468), RSAES-PKCS1-
 * v1_5 decryption (RFC 8017 7.2), IKEv2 AUTH signatures of methods 1,
 * 9-11 (RFC 4754) and 14 (RFC 7427: PKCS#1 v1.5, RSA-PSS, ECDSA,
 * Ed25519/Ed448 of RFC 8410) and IKEv1 RSA and DSS signatures (RFC 2409
 * 5.1), with hostile input: truncations and byte flips (run it under
 * ASan).
 *
 * Every key, certificate and signature below was made once with the
 * OpenSSL 3 command line (nothing runs it here); the recipe:
 *
 * #!/bin/sh
 * # Recipe for the test vectors of tests/unit/test_crypto_pk.c (OpenSSL 3).
 * set -e
 * o=openssl
 * printf 'ikescope signed octets: RFC 7296 2.15 InitiatorSignedOctets' > msg
 * printf '0123456789abcdefghij' > h20          # a 20-byte HASH_I stand-in
 * printf 'IKEv1 PKE nonce payload body' > secret
 * $o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa8.pem
 * $o rsa -in rsa8.pem -traditional -out rsa1.pem
 * $o pkcs8 -topk8 -nocrypt -in rsa8.pem -outform DER -out rsa8.der
 * $o rsa -in rsa8.pem -traditional -outform DER -out rsa1.der
 * $o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsab.pem
 * $o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 -out small.pem
 * $o pkey -in small.pem -aes256 -passout pass:x -out enc8.pem
 * $o rsa -in small.pem -traditional -aes128 -passout pass:x -out enc1.pem
 * $o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256.pem
 * $o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.pem
 * $o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out ec521.pem
 * $o genpkey -algorithm ED25519 -out ed25519.pem
 * $o genpkey -algorithm ED448 -out ed448.pem
 * $o genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 \
 *     -pkeyopt dsa_paramgen_q_bits:160 -out dsap.pem
 * $o genpkey -paramfile dsap.pem -out dsa.pem
 * for k in rsa8 ec256 ec384 ec521 ed25519 ed448 dsa; do
 * 	$o req -x509 -new -key $k.pem -subj "/CN=ikescope $k" -days 36500 \
 * 	    -outform DER -out $k.crt
 * done
 * # IKEv1 PKE: RSAES-PKCS1-v1_5 to the public key.
 * $o pkeyutl -encrypt -inkey rsa8.pem -pkeyopt rsa_padding_mode:pkcs1 \
 *     -in secret -out secret.enc
 * # PKCS#1 v1.5 signatures with DigestInfo.
 * for h in sha1 sha256 sha384 sha512; do
 * 	$o dgst -$h -sign rsa8.pem -out rsa_$h.sig msg
 * done
 * # RSASSA-PSS.
 * for s in 0 20 32 max; do
 * 	$o dgst -sha256 -sign rsa8.pem -sigopt rsa_padding_mode:pss \
 * 	    -sigopt rsa_pss_saltlen:$s -out pss256_$s.sig msg
 * done
 * $o dgst -sha384 -sign rsa8.pem -sigopt rsa_padding_mode:pss \
 *     -sigopt rsa_pss_saltlen:48 -out pss384_48.sig msg
 * $o dgst -sha512 -sign rsa8.pem -sigopt rsa_padding_mode:pss \
 *     -sigopt rsa_pss_saltlen:64 -out pss512_64.sig msg
 * $o dgst -sha256 -sign rsa8.pem -sigopt rsa_padding_mode:pss \
 *     -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha1 -out pss256m1.sig msg
 * # ECDSA: DER for RFC 7427, r | s for RFC 4754.
 * $o dgst -sha256 -sign ec256.pem -out ec256.sig msg
 * $o dgst -sha384 -sign ec384.pem -out ec384.sig msg
 * $o dgst -sha512 -sign ec521.pem -out ec521.sig msg
 * $o dgst -sha1 -sign ec256.pem -out ec256_sha1.sig msg
 * $o dgst -sha512 -sign ec256.pem -out ec256_sha512.sig msg
 * rs() {	# DER ECDSA-Sig-Value -> r | s of $2 bytes each, hex
 * 	w=$(($2 * 2))
 * 	$o asn1parse -inform DER -in $1 | awk -F: '/INTEGER/ { print $NF }' |
 * 	    sed 's/^0\{1,\}//' | while read v; do
 * 		printf "%${w}s" $v | tr ' ' 0
 * 	done
 * }
 * rs ec256.sig 32 > ec256.rs; rs ec384.sig 48 > ec384.rs
 * rs ec521.sig 66 > ec521.rs
 * # EdDSA (pure).
 * $o pkeyutl -sign -inkey ed25519.pem -rawin -in msg -out ed25519.sig
 * $o pkeyutl -sign -inkey ed448.pem -rawin -in msg -out ed448.sig
 * # IKEv1: RSA PKCS#1 type 1 over the raw 20 bytes (no DigestInfo), DSS.
 * $o pkeyutl -sign -inkey rsa8.pem -pkeyopt rsa_padding_mode:pkcs1 -in h20 \
 *     -out v1rsa.sig
 * $o pkeyutl -sign -inkey dsa.pem -in h20 -out dsa.sig
 * rs dsa.sig 20 > dsa.rs
 * # RFC 7427 AlgorithmIdentifier of RSASSA-PSS (RFC 4055 parameters).
 * pss() {	# hash mgf1-hash salt -> DER
 * 	cat > pss.cnf <<EOC
 * asn1 = SEQUENCE:alg
 * [alg]
 * oid = OID:rsassaPss
 * params = SEQUENCE:params
 * [params]
 * hash = EXPLICIT:0,SEQUENCE:hashalg
 * mgf = EXPLICIT:1,SEQUENCE:mgf
 * salt = EXPLICIT:2,INTEGER:$3
 * [hashalg]
 * oid = OID:$1
 * null = NULL
 * [mgf]
 * oid = OID:mgf1
 * hash = SEQUENCE:mgfhash
 * [mgfhash]
 * oid = OID:$2
 * null = NULL
 * EOC
 * 	$o asn1parse -genconf pss.cnf -noout -out /dev/stdout
 * }
 * pss sha256 sha256 32 > ai_pss256_32.der
 * pss sha256 sha256 0 > ai_pss256_0.der
 * pss sha256 sha256 20 > ai_pss256_20.der
 * pss sha256 sha256 222 > ai_pss256_max.der
 * pss sha384 sha384 48 > ai_pss384_48.der
 * pss sha512 sha512 64 > ai_pss512_64.der
 * pss sha256 sha1 32 > ai_pss256m1.der
 * # An RSASSA-PSS key certificate (SubjectPublicKeyInfo id-RSASSA-PSS).
 * $o genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsapss.pem
 * $o req -x509 -new -key rsapss.pem -subj "/CN=ikescope rsapss" -days 36500 \
 *     -outform DER -out rsapss.crt
 * $o dgst -sha256 -sign rsapss.pem -sigopt rsa_padding_mode:pss \
 *     -sigopt rsa_pss_saltlen:32 -out rsapss.sig msg
 * # SEC1 EC private keys (not RSA).
 * $o ec -in ec256.pem -out ec256sec1.pem
 * $o ec -in ec256.pem -outform DER -out ec256sec1.der
 *
 * and each file went in as hex (PEM files as text); *.rs are hex already.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/crypto.h"
#include "../../analyzer/crypto_pk.h"
#include "tap.h"

/* --- vectors -------------------------------------------------------------- */

static const char rsa1_pem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA6Zp7QRveSKqltGHolG53yKASNO9/Z4YpY6E99ovkpcX9ZrH4\n"
    "aApVVoEj5/pK5jEoBvP1QY1V3I9LEhd3iq8/i+Ds0eIVrkF/o1ZyL2txZTEkJXm8\n"
    "4SMAa1m0Y5vshWDo2JZweDRgtQ3DImgy3+gTAZ8z+95cT7rrF8z8LbPBEveEWyyy\n"
    "xOLk+Jtj3Z1NWla4RX43pxuaHEEykRRRPOsDQYrso6oFdaWyNTwNXP+ReBJrYDpC\n"
    "QOwd/LbQOY3jMpAu0xlCYH0ByTw/WJlc0AnYWQeSjHogcghqcp3UrW8PJkJf/NJ4\n"
    "lrEoAjWrwK7JqTrdZSE3cMQ37SvzKgMeMaGXFwIDAQABAoIBAAHT6NOj7BHgX337\n"
    "7pMoEo8xMIwrCji2JCFt/MQ89tyxMDjweuAWaQ4UjNCX9Nz1VNZJ+pcq0u7TomrY\n"
    "mUUuaLyLHMSUhmMf4Es7buwsSHvaGLDcmKaDo+3BUgmsJlDVSoCp/1ad4Wi3eIQr\n"
    "LhnVucvmc8Rzg0dj+q5BGqwE3wkV8N+DMmGKSDXkNWbTpXrO/jKSzMNuhYl23oC6\n"
    "u/uWiuBu30C19xvAPdBhb7W3UxyrHg/BsFV6djw3K0JUgJm13a3j304njyUv9ZRJ\n"
    "/PSIJ75LGPoZ2+v5p9ZtE9Ryc4+DJ5keMmU7lcgtbP5tbJgN2Wuu+QPuwkTnRCAP\n"
    "K0jDInkCgYEA+CQQuVDrXElhH6SMHJK+UCtXedvI3i8Bo+euS5N9TUNPZ4fS6I3+\n"
    "quBzDvdYnVie3f0Vg3mjxYBEX99Z95JGWgsgjbQd3eGehwWWqEvVzEmz9/A8BOL2\n"
    "RGF8gPZY/b+GEmR0UKZoUeWp5ZHD9udVrOFvVG8zhwMbUz2pqIKehTsCgYEA8QCL\n"
    "zV+qjaVPlmnp0cCJUL5Ky8Sw1DrtXX4fmzfIc6lgO3wVxlhOb7HoSjSnX0v9wVDa\n"
    "CSMwhmk39QMtMAbmO2nzHdVgizU5RGBRWjoYECmk2GrJ4kjHIk8+tb+Za49tXifr\n"
    "PZRvDHshvQxfMPx5Oi2EmymeA63/6d7VfQpGZ9UCgYBOb7gJnBaJuXhF9FGFxqz5\n"
    "0nl4P40jDmDKWrWxlhGJlrlG1JxKfnf9s60rEeyk8BpnuVRPlue5ym3SkFtz8nzi\n"
    "gZnssP6v4F2n+JBC6pXOWY3V1c5jDQsjWl1stnIy45ORxMcvpypamOo3cvgq170x\n"
    "RKFYYz46czTz/w3eAkvxeQKBgQCBYUisPZKDLl8Woc9r0pAlL7NZx0Mi/GuXiHER\n"
    "VBYhuak25fuOmrOpFPpec/vylgopcO1MgH65ed0XhNgKc3nAJbXlqzqEIVOYGJkz\n"
    "9gIbEzAzGsk82NNG4QIKcky7yKjvJkEMsxYWvjezlOO5maC/EdahserpkMzVUdKM\n"
    "qSp47QKBgQDmXJEWCr3EjtxjBUaukr2WOytGL3RF3JkupdTBUial7ip0ZP8un3nz\n"
    "FtKPJKf3NlLHISWXk4yZNHl2rGrFYOnw/iX86TAbOJ55RP1pQd7kItfqu5nRkWq3\n"
    "y8abCiau9CqiyMBDnDqEWlg9bhgeSmw7X6FHrC6CJkoia6yYybOF/A==\n"
    "-----END RSA PRIVATE KEY-----\n";

static const char rsa8_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDpmntBG95IqqW0\n"
    "YeiUbnfIoBI0739nhiljoT32i+Slxf1msfhoClVWgSPn+krmMSgG8/VBjVXcj0sS\n"
    "F3eKrz+L4OzR4hWuQX+jVnIva3FlMSQlebzhIwBrWbRjm+yFYOjYlnB4NGC1DcMi\n"
    "aDLf6BMBnzP73lxPuusXzPwts8ES94RbLLLE4uT4m2PdnU1aVrhFfjenG5ocQTKR\n"
    "FFE86wNBiuyjqgV1pbI1PA1c/5F4EmtgOkJA7B38ttA5jeMykC7TGUJgfQHJPD9Y\n"
    "mVzQCdhZB5KMeiByCGpyndStbw8mQl/80niWsSgCNavArsmpOt1lITdwxDftK/Mq\n"
    "Ax4xoZcXAgMBAAECggEAAdPo06PsEeBfffvukygSjzEwjCsKOLYkIW38xDz23LEw\n"
    "OPB64BZpDhSM0Jf03PVU1kn6lyrS7tOiatiZRS5ovIscxJSGYx/gSztu7CxIe9oY\n"
    "sNyYpoOj7cFSCawmUNVKgKn/Vp3haLd4hCsuGdW5y+ZzxHODR2P6rkEarATfCRXw\n"
    "34MyYYpINeQ1ZtOles7+MpLMw26FiXbegLq7+5aK4G7fQLX3G8A90GFvtbdTHKse\n"
    "D8GwVXp2PDcrQlSAmbXdrePfTiePJS/1lEn89IgnvksY+hnb6/mn1m0T1HJzj4Mn\n"
    "mR4yZTuVyC1s/m1smA3Za675A+7CROdEIA8rSMMieQKBgQD4JBC5UOtcSWEfpIwc\n"
    "kr5QK1d528jeLwGj565Lk31NQ09nh9Lojf6q4HMO91idWJ7d/RWDeaPFgERf31n3\n"
    "kkZaCyCNtB3d4Z6HBZaoS9XMSbP38DwE4vZEYXyA9lj9v4YSZHRQpmhR5anlkcP2\n"
    "51Ws4W9UbzOHAxtTPamogp6FOwKBgQDxAIvNX6qNpU+WaenRwIlQvkrLxLDUOu1d\n"
    "fh+bN8hzqWA7fBXGWE5vsehKNKdfS/3BUNoJIzCGaTf1Ay0wBuY7afMd1WCLNTlE\n"
    "YFFaOhgQKaTYasniSMciTz61v5lrj21eJ+s9lG8MeyG9DF8w/Hk6LYSbKZ4Drf/p\n"
    "3tV9CkZn1QKBgE5vuAmcFom5eEX0UYXGrPnSeXg/jSMOYMpatbGWEYmWuUbUnEp+\n"
    "d/2zrSsR7KTwGme5VE+W57nKbdKQW3PyfOKBmeyw/q/gXaf4kELqlc5ZjdXVzmMN\n"
    "CyNaXWy2cjLjk5HExy+nKlqY6jdy+CrXvTFEoVhjPjpzNPP/Dd4CS/F5AoGBAIFh\n"
    "SKw9koMuXxahz2vSkCUvs1nHQyL8a5eIcRFUFiG5qTbl+46as6kU+l5z+/KWCilw\n"
    "7UyAfrl53ReE2ApzecAlteWrOoQhU5gYmTP2AhsTMDMayTzY00bhAgpyTLvIqO8m\n"
    "QQyzFha+N7OU47mZoL8R1qGx6umQzNVR0oypKnjtAoGBAOZckRYKvcSO3GMFRq6S\n"
    "vZY7K0YvdEXcmS6l1MFSJqXuKnRk/y6fefMW0o8kp/c2UschJZeTjJk0eXasasVg\n"
    "6fD+JfzpMBs4nnlE/WlB3uQi1+q7mdGRarfLxpsKJq70KqLIwEOcOoRaWD1uGB5K\n"
    "bDtfoUesLoImSiJrrJjJs4X8\n"
    "-----END PRIVATE KEY-----\n";

static const char rsab_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDnwK1ytnBlMtvv\n"
    "2nr6dKM+Mxh9TIhv0y+bHccL3DbKaKSxxaYJY3AwbqfWBOZj8n+TptwjRAEIAu25\n"
    "zjZ0EtKnWsP79EHR3VPKdeasudKn/AWXKn1eigTEEoFLrR/Sczb4Ab+NwyurnpHV\n"
    "PNtjpt/nluDXk4LJpOemp9y4JA8hrEfvfrOqf22WdNVn5ppXUfLx1YP0/ZY2GyNE\n"
    "fALVWzLt5bcQdawl1nDyPBnWxBPGYggKgwsojnZECItfcvmDTm1D/+9hWUQj+VvG\n"
    "BVCKwovKDI14B74jNAmj7qNz8GTy4asJNMx96fcb8ta+Qvv9u+MPyDWQ874Hmu9v\n"
    "gCnSYnmlAgMBAAECggEAJv6jYKwkbM66NZlGPIqwJgjca8bbJS+8cKX5xjvbR0ME\n"
    "xTnLxoQiDjAsUuVXq8UTpNE8dL2eS84MWImDXZQGOG0cEXKnuYt7bBNbCUCqGqRb\n"
    "/3PBjQz9oM05TrW2Z0eGHgRTSiPnHvUrNh1Lj/C194aKVhOmu82gwci4aY59sk0z\n"
    "8rHuLLHauH9yZiOVpTzR3MLnBvSC89eI08HkTYdRi/lEVcwLf41AMF/1z//OMEUn\n"
    "B3RGVYvwFNWgxb9vo+ETK42VQ70md70EqzVQWX39Zh7GxGH+ogOv5R5YCFI6gPxk\n"
    "/Jc+BXaGZf9Ri4whO/a6zXIpmLuUQjNw33QNew+J4QKBgQD9x5HG+erkn2pEleqT\n"
    "UbDGkbolNEcn/4iSuuqxUBW2CKvnDRAIf1U/HWZNeesXayJaOS+kKUhqIjbttrkx\n"
    "xnqp5zUOso10fvVY26lxTVPTQsHaw2ZCyQq4x7gBy6HR1crEiBpyOH+H7IG8LN7i\n"
    "LC8JKMxOHy7cJHz030Vm/AdfYQKBgQDpx8VYfJnForbC29EGt/DPkhm9BX+Xr0w5\n"
    "cE9qM0FLuANBY5wGkXXI2uWLo70DS8kJVdw26rLZLJd0FWEzCW027j9S2QbOy0TU\n"
    "lw0tSclm6DMbtE41YCHC68wAH0RqkDLbo9JghdwxLU0MsDd9+P5ig5JKkHAnIDiB\n"
    "mN+FYNKUxQKBgF8Wo/yWL/kx8jN4qMhCV6ZPfBvslqzaBmZUOxPtGfV3ElIkhtlo\n"
    "PJzFe0uUXw4LSnfb7YnpHgUGhOZVDNcls1huFWdIZ9A6sdt1kuutObdy0AgUJwDn\n"
    "K2lJDB1AG4XwQWWaSa56lO5tI79KYMkGHSmla8fpzzkVQuzNq8eGr4yBAoGBANHl\n"
    "C/ljfcilS8PuCmEm2y3ydetxOVqeCCj1/kdSl4h9QWb/IQIArajVaA0UyMphy7D3\n"
    "Bs3DsSot0BlobKmfCBCuneorcuJOPJFGwYzs18fuKJzyKNnhYs6YWMOvTwUCTLdJ\n"
    "AcSpysXYb3o56MjQus0GZl1OC3QFiNZKxD0Dbm4lAoGBANoWxQewhNoWqtBSp7h3\n"
    "wPUIEt/nU54CzprBPN7N+ElXOISgotjPWUZ6B7ipDd1jDsdZH+x0vjdzluPTZm7K\n"
    "zGTOnPh7D9tNauhWfqFvJqfXVqfoMm3i2z8wecOPLu+iJ4I62r2U/RI5V9sF73OX\n"
    "WdOF5FO3bMF7ecZ5wfOWxqw0\n"
    "-----END PRIVATE KEY-----\n";

static const char enc8_pem[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIcuo2ougqzioCAggA\n"
    "MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBAknDCATRSDOMEastUrX3RLBIIB\n"
    "YEjfkShcuKZjU27Mr4gAoL6aD5yjPI9V5ZJeK3Wg0r0kvTVI846xaifJ3Nmu7S4b\n"
    "67NwdeK331I95oNrJ5kLJfyRa2GdHTVz3vj0Rm7C/m77vzWfjZP389tImp0IOfEN\n"
    "rhWnspAOdCXjo+t2eudj7Ao8Jdb72LDZmWACFxwXfTZ0yiGyYqoHZmWmr2oZUv/O\n"
    "dHxGEmfcZrEaQqBKhDpq9JdbNuVE6IZ1g+86G5Hamb0WrjXJZWMnjwCH5d2lGbaP\n"
    "OjtgY9jxdgY3NHTQ9E9qEVj66Z7/opVWzoc/Ro+azeACvoeL6cyhgHRf43dR3u82\n"
    "70VRpNFMg3Z9Jj7t3mFxawnhgv3Os6vMtu42eU7kYH7sVqEgTcKDNqE5TktOmZx9\n"
    "19K6V/l2xnTRM9Sc+ntH+AbsEo9s/czyZwR3VHzV8OKATvCNWrV35ZShU06h9JUF\n"
    "5QFq0+zaIIe6EGtpEKDoCy4=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";

static const char enc1_pem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "Proc-Type: 4,ENCRYPTED\n"
    "DEK-Info: AES-128-CBC,A17B9CC6DCCFB1CCD3093339664C540D\n"
    "\n"
    "pIrivbzGS2HXpmEpcBFObfWgg0yPYDzD1X+tfQo2iAZNhrIkzaG2H/yOm0naaIR5\n"
    "YisQa6GruO09fBxgjWMl2beEEdf8xXDzguD34RHAWFW5MPiJSb39iSHm101/wggj\n"
    "Y+lqr4JkqjRiBhq5DyFa1RQlODsIJB/pwZu180kH6xPcdhQq71dlBRGwpDLUPeBX\n"
    "CXBSB5s4Yy6VeucspQfdx8DZ8cuHQiSDZcA/VvVaRFovBDxMI6wk+2t5z7LXIrs8\n"
    "D/U56q3JQhm3R1+5zY/cQSYxeBHlCr14hG05VsZTtuJV80O8nOkI1tbHw9sJeli6\n"
    "AtJ9O4RdUyUVp9OLPydu7AT13XpQaOfR4zzB+R2I3aqjxNHhdeeRRDsNA/ezVYJS\n"
    "WRycfw6rOwJv1mkEhZEpjU363XsJ1Li5h98d/ue54VI=\n"
    "-----END RSA PRIVATE KEY-----\n";

static const char ec256_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgcE44ad3kxhZ7Eygw\n"
    "8qF9csg8nMQZx2T8TEyJGAdOKiyhRANCAATI21U/EaoRC5v+NkHleamyt1qQvQAC\n"
    "z8eCzAq7DjuhWmi0i7u1lTwM2+phyxyXPcQle0Wsj1R5ZxFSxD91r/Bz\n"
    "-----END PRIVATE KEY-----\n";

static const char ec256sec1_pem[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIHBOOGnd5MYWexMoMPKhfXLIPJzEGcdk/ExMiRgHTiosoAoGCCqGSM49\n"
    "AwEHoUQDQgAEyNtVPxGqEQub/jZB5XmpsrdakL0AAs/HgswKuw47oVpotIu7tZU8\n"
    "DNvqYcsclz3EJXtFrI9UeWcRUsQ/da/wcw==\n"
    "-----END EC PRIVATE KEY-----\n";

static const char rsapss_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvAIBADALBgkqhkiG9w0BAQoEggSoMIIEpAIBAAKCAQEAx7onKSCX4EOGhRew\n"
    "64pMVfBDm7oAOi+oJL83wmYVf3LiknVKHi/dokA2wB5IJLmhcR5tafjP++e++NLq\n"
    "rAYQbT1oSDHu19jJIeOc6DtBcYNDTssOg3fGdEZPX1kr7azG/coJzsceEFSI5bXv\n"
    "0UUaqcICQO0Z0Kr6EMYjVbYz49LVLeU7sZ5SDo6+qyfBkkG+KmR6BO1bHxgAaqfC\n"
    "C/e8m7oYtZB6pkBhItwoFbJAEyoIXDNfaP5MfAwmZ/n7f9crO1k7OggYXNKID4dH\n"
    "zhXRURxQ3W3pWsoamPPDgwZvTaPCSsC+cEsLAYgVzSjBoVfalG847F+1+T0/OPRx\n"
    "tdaFzwIDAQABAoIBAFnzkOeI8l3ii5ctkFTEuJSL3ScpoiiShhvmsuoup8f6qehk\n"
    "QrlNvXfxi7cC7GL956PWnFh54tIFEZFnDKHlKUjJu0mok3VLAWrt5CEDbvn8sDew\n"
    "ZBz5uLttXxoGQy6L/iMW90vVici5Cd7LDfMmOFf0NKehIVtFZdJgKlHT+ZLE+Ybx\n"
    "FfH6M5OsYlgcrCAhobRe6JhvDtBuSGsIlsGH0U3TB/CtR8Gc6ET+O2w82A5NfU9S\n"
    "PT5kLxeZok9ulhLg4k8rBuqNXYbhZi7eKuHY1ymIkFndRJEQNRZGDQDoHFq9Wj2b\n"
    "pEBIgOjgNq2ukhFuO0YprVsg6DYMEcGripZMbKECgYEA8FpmuZFecFExnzaaKQjn\n"
    "JlUnbdryxbVCRh4pXCjANE5W++71P+lpgh7B4o/IvzaxSHS1oVR/HNBpjz7JMG+4\n"
    "HrBHyIfQnK9R6sLRzqd/6XY1Uusngbyl/x4op0JQV3FRMX3aNS3fe+gu18aQnVbP\n"
    "5Obj5+85kmrDWEXRCh3vja0CgYEA1LqzX3Do26/VdJ9WkhOgCFwepeUDFwf0ziqf\n"
    "5V26/pdicBxtJz/wSOrb7K/+EuRDo09mmOsYe19fnccsyls9o1Ga2V+21zIkqyyv\n"
    "JNizu6KzswXlsbOtwC5EnJdmScs9Hefx3VsmVgRZfS9zrnk5r6EUxj6PeQO8etTF\n"
    "R7qsWOsCgYEAuh5234nHJJhrIYwJsm73d8KHBtV+G0UyLdPbWUchFx/20Z4IAdbA\n"
    "YgdpQgTvgcpbW+0sXOJukCR/KXKIHt7UJ8d/vrQVAc/tUipMh4dDUMi9oBkCfb9U\n"
    "l4qGFocOabgRFI8NMxLztSJla6eSgpQf5nQ41Xh1D4FnBWsC5Z+qyf0CgYEAg8aH\n"
    "mMajqHq6mnydru1zQ9p0rcU4bcri7ddfp0CxtkXml5Y0U4z69uBtjafTlrZJ498q\n"
    "qe1wA/SnkWAxMcTlYMcLSj5NT+7i4hpTAFswszntYSd1CuhH6HWA0RPELFA2stDc\n"
    "dYeiLsSQ/sgnO9wiTNZWvRtB2u/ikKA++Nj9LDMCgYAQhqy/CFS94FbGOp5URXMo\n"
    "Or6y0VlVl8a4wudLtUR9f0R/fkoF0Co8x9Psa4ZgnICxvj5l3jMIYHEhV97Mhg2X\n"
    "3o25/57geZgDk7PSukeCyGY1Ih26RXVktCXwjEP3197B95ZigB3iRp+b2rFR1PV1\n"
    "8E7FIEzIrREELtERtQ18Eg==\n"
    "-----END PRIVATE KEY-----\n";

static const char rsa1_der[] =
    "308204a40201000282010100e99a7b411bde48aaa5b461e8946e77c8a01234ef"
    "7f67862963a13df68be4a5c5fd66b1f8680a55568123e7fa4ae6312806f3f541"
    "8d55dc8f4b1217778aaf3f8be0ecd1e215ae417fa356722f6b716531242579bc"
    "e123006b59b4639bec8560e8d89670783460b50dc3226832dfe813019f33fbde"
    "5c4fbaeb17ccfc2db3c112f7845b2cb2c4e2e4f89b63dd9d4d5a56b8457e37a7"
    "1b9a1c41329114513ceb03418aeca3aa0575a5b2353c0d5cff9178126b603a42"
    "40ec1dfcb6d0398de332902ed31942607d01c93c3f58995cd009d85907928c7a"
    "2072086a729dd4ad6f0f26425ffcd27896b1280235abc0aec9a93add65213770"
    "c437ed2bf32a031e31a1971702030100010282010001d3e8d3a3ec11e05f7dfb"
    "ee9328128f31308c2b0a38b624216dfcc43cf6dcb13038f07ae016690e148cd0"
    "97f4dcf554d649fa972ad2eed3a26ad899452e68bc8b1cc49486631fe04b3b6e"
    "ec2c487bda18b0dc98a683a3edc15209ac2650d54a80a9ff569de168b778842b"
    "2e19d5b9cbe673c473834763faae411aac04df0915f0df8332618a4835e43566"
    "d3a57acefe3292ccc36e858976de80babbfb968ae06edf40b5f71bc03dd0616f"
    "b5b7531cab1e0fc1b0557a763c372b42548099b5ddade3df4e278f252ff59449"
    "fcf48827be4b18fa19dbebf9a7d66d13d472738f8327991e32653b95c82d6cfe"
    "6d6c980dd96baef903eec244e744200f2b48c3227902818100f82410b950eb5c"
    "49611fa48c1c92be502b5779dbc8de2f01a3e7ae4b937d4d434f6787d2e88dfe"
    "aae0730ef7589d589eddfd158379a3c580445fdf59f792465a0b208db41ddde1"
    "9e870596a84bd5cc49b3f7f03c04e2f644617c80f658fdbf8612647450a66851"
    "e5a9e591c3f6e755ace16f546f3387031b533da9a8829e853b02818100f1008b"
    "cd5faa8da54f9669e9d1c08950be4acbc4b0d43aed5d7e1f9b37c873a9603b7c"
    "15c6584e6fb1e84a34a75f4bfdc150da092330866937f5032d3006e63b69f31d"
    "d5608b35394460515a3a181029a4d86ac9e248c7224f3eb5bf996b8f6d5e27eb"
    "3d946f0c7b21bd0c5f30fc793a2d849b299e03adffe9ded57d0a4667d5028180"
    "4e6fb8099c1689b97845f45185c6acf9d279783f8d230e60ca5ab5b196118996"
    "b946d49c4a7e77fdb3ad2b11eca4f01a67b9544f96e7b9ca6dd2905b73f27ce2"
    "8199ecb0feafe05da7f89042ea95ce598dd5d5ce630d0b235a5d6cb67232e393"
    "91c4c72fa72a5a98ea3772f82ad7bd3144a158633e3a7334f3ff0dde024bf179"
    "02818100816148ac3d92832e5f16a1cf6bd290252fb359c74322fc6b97887111"
    "541621b9a936e5fb8e9ab3a914fa5e73fbf2960a2970ed4c807eb979dd1784d8"
    "0a7379c025b5e5ab3a84215398189933f6021b1330331ac93cd8d346e1020a72"
    "4cbbc8a8ef26410cb31616be37b394e3b999a0bf11d6a1b1eae990ccd551d28c"
    "a92a78ed02818100e65c91160abdc48edc630546ae92bd963b2b462f7445dc99"
    "2ea5d4c15226a5ee2a7464ff2e9f79f316d28f24a7f73652c7212597938c9934"
    "7976ac6ac560e9f0fe25fce9301b389e7944fd6941dee422d7eabb99d1916ab7"
    "cbc69b0a26aef42aa2c8c0439c3a845a583d6e181e4a6c3b5fa147ac2e82264a"
    "226bac98c9b385fc";

static const char rsa8_der[] =
    "308204be020100300d06092a864886f70d0101010500048204a8308204a40201"
    "000282010100e99a7b411bde48aaa5b461e8946e77c8a01234ef7f67862963a1"
    "3df68be4a5c5fd66b1f8680a55568123e7fa4ae6312806f3f5418d55dc8f4b12"
    "17778aaf3f8be0ecd1e215ae417fa356722f6b716531242579bce123006b59b4"
    "639bec8560e8d89670783460b50dc3226832dfe813019f33fbde5c4fbaeb17cc"
    "fc2db3c112f7845b2cb2c4e2e4f89b63dd9d4d5a56b8457e37a71b9a1c413291"
    "14513ceb03418aeca3aa0575a5b2353c0d5cff9178126b603a4240ec1dfcb6d0"
    "398de332902ed31942607d01c93c3f58995cd009d85907928c7a2072086a729d"
    "d4ad6f0f26425ffcd27896b1280235abc0aec9a93add65213770c437ed2bf32a"
    "031e31a1971702030100010282010001d3e8d3a3ec11e05f7dfbee9328128f31"
    "308c2b0a38b624216dfcc43cf6dcb13038f07ae016690e148cd097f4dcf554d6"
    "49fa972ad2eed3a26ad899452e68bc8b1cc49486631fe04b3b6eec2c487bda18"
    "b0dc98a683a3edc15209ac2650d54a80a9ff569de168b778842b2e19d5b9cbe6"
    "73c473834763faae411aac04df0915f0df8332618a4835e43566d3a57acefe32"
    "92ccc36e858976de80babbfb968ae06edf40b5f71bc03dd0616fb5b7531cab1e"
    "0fc1b0557a763c372b42548099b5ddade3df4e278f252ff59449fcf48827be4b"
    "18fa19dbebf9a7d66d13d472738f8327991e32653b95c82d6cfe6d6c980dd96b"
    "aef903eec244e744200f2b48c3227902818100f82410b950eb5c49611fa48c1c"
    "92be502b5779dbc8de2f01a3e7ae4b937d4d434f6787d2e88dfeaae0730ef758"
    "9d589eddfd158379a3c580445fdf59f792465a0b208db41ddde19e870596a84b"
    "d5cc49b3f7f03c04e2f644617c80f658fdbf8612647450a66851e5a9e591c3f6"
    "e755ace16f546f3387031b533da9a8829e853b02818100f1008bcd5faa8da54f"
    "9669e9d1c08950be4acbc4b0d43aed5d7e1f9b37c873a9603b7c15c6584e6fb1"
    "e84a34a75f4bfdc150da092330866937f5032d3006e63b69f31dd5608b353944"
    "60515a3a181029a4d86ac9e248c7224f3eb5bf996b8f6d5e27eb3d946f0c7b21"
    "bd0c5f30fc793a2d849b299e03adffe9ded57d0a4667d50281804e6fb8099c16"
    "89b97845f45185c6acf9d279783f8d230e60ca5ab5b196118996b946d49c4a7e"
    "77fdb3ad2b11eca4f01a67b9544f96e7b9ca6dd2905b73f27ce28199ecb0feaf"
    "e05da7f89042ea95ce598dd5d5ce630d0b235a5d6cb67232e39391c4c72fa72a"
    "5a98ea3772f82ad7bd3144a158633e3a7334f3ff0dde024bf179028181008161"
    "48ac3d92832e5f16a1cf6bd290252fb359c74322fc6b97887111541621b9a936"
    "e5fb8e9ab3a914fa5e73fbf2960a2970ed4c807eb979dd1784d80a7379c025b5"
    "e5ab3a84215398189933f6021b1330331ac93cd8d346e1020a724cbbc8a8ef26"
    "410cb31616be37b394e3b999a0bf11d6a1b1eae990ccd551d28ca92a78ed0281"
    "8100e65c91160abdc48edc630546ae92bd963b2b462f7445dc992ea5d4c15226"
    "a5ee2a7464ff2e9f79f316d28f24a7f73652c7212597938c99347976ac6ac560"
    "e9f0fe25fce9301b389e7944fd6941dee422d7eabb99d1916ab7cbc69b0a26ae"
    "f42aa2c8c0439c3a845a583d6e181e4a6c3b5fa147ac2e82264a226bac98c9b3"
    "85fc";

static const char ec256sec1_der[] =
    "30770201010420704e3869dde4c6167b132830f2a17d72c83c9cc419c764fc4c"
    "4c8918074e2a2ca00a06082a8648ce3d030107a14403420004c8db553f11aa11"
    "0b9bfe3641e579a9b2b75a90bd0002cfc782cc0abb0e3ba15a68b48bbbb5953c"
    "0cdbea61cb1c973dc4257b45ac8f5479671152c43f75aff073";

static const char rsa8_crt[] =
    "30820313308201fba00302010202143df41fdec457366dfc0fa984b66685f253"
    "c436ca300d06092a864886f70d01010b050030183116301406035504030c0d69"
    "6b6573636f706520727361383020170d3236313132333030313033325a180f32"
    "313236313033303030313033325a30183116301406035504030c0d696b657363"
    "6f7065207273613830820122300d06092a864886f70d01010105000382010f00"
    "3082010a0282010100e99a7b411bde48aaa5b461e8946e77c8a01234ef7f6786"
    "2963a13df68be4a5c5fd66b1f8680a55568123e7fa4ae6312806f3f5418d55dc"
    "8f4b1217778aaf3f8be0ecd1e215ae417fa356722f6b716531242579bce12300"
    "6b59b4639bec8560e8d89670783460b50dc3226832dfe813019f33fbde5c4fba"
    "eb17ccfc2db3c112f7845b2cb2c4e2e4f89b63dd9d4d5a56b8457e37a71b9a1c"
    "41329114513ceb03418aeca3aa0575a5b2353c0d5cff9178126b603a4240ec1d"
    "fcb6d0398de332902ed31942607d01c93c3f58995cd009d85907928c7a207208"
    "6a729dd4ad6f0f26425ffcd27896b1280235abc0aec9a93add65213770c437ed"
    "2bf32a031e31a197170203010001a3533051301d0603551d0e04160414a0d2ce"
    "6f0ea6d74d2b371d7b8bf23b59ef935d37301f0603551d23041830168014a0d2"
    "ce6f0ea6d74d2b371d7b8bf23b59ef935d37300f0603551d130101ff04053003"
    "0101ff300d06092a864886f70d01010b05000382010100aaf96d02e87f931a77"
    "05d1bd3c5a9d6a746295842f91b93d1b73b29dfc276d2c37f2218fc7e8a7dcff"
    "f80f6845f524207e403ab258cb0a6aabe5c2dac736cef1b12fe0895a9c269375"
    "d6fa3811987aedfeb39a1256b4a6f5829996bbd83ddda398a059224e004986b1"
    "4e2cc44c4656d5fe76e0f39f4b6c8fd79ebe61436a4643cf67069fae08b5e3aa"
    "a6cfa8f4aea8f4394dedf5933e90eeb8b81e123fe69fd4713b605d679f592f20"
    "79bcd4b6a3d07a1eb6f83ca52bfb370bf9495a88c24b32263ee5a41a23bb73ed"
    "842e0aacc7c61c485e15862c2f4d70a24b7d7d7caf1917078bbbbfb27a55a534"
    "62294772e4f5dc84b312e299c59ded292ad041ab6f1c4e";

static const char rsapss_crt[] =
    "3082037f30820232a003020102021443fe9b77367b75980edebdff10e8724dc1"
    "65191f304206092a864886f70d01010a3035a00f300d06096086480165030402"
    "010500a11c301a06092a864886f70d010108300d060960864801650304020105"
    "00a204020200de301a3118301606035504030c0f696b6573636f706520727361"
    "7073733020170d3236313132333030313033335a180f32313236313033303030"
    "313033335a301a3118301606035504030c0f696b6573636f7065207273617073"
    "7330820120300b06092a864886f70d01010a0382010f003082010a0282010100"
    "c7ba27292097e043868517b0eb8a4c55f0439bba003a2fa824bf37c266157f72"
    "e292754a1e2fdda24036c01e4824b9a1711e6d69f8cffbe7bef8d2eaac06106d"
    "3d684831eed7d8c921e39ce83b417183434ecb0e8377c674464f5f592bedacc6"
    "fdca09cec71e105488e5b5efd1451aa9c20240ed19d0aafa10c62355b633e3d2"
    "d52de53bb19e520e8ebeab27c19241be2a647a04ed5b1f18006aa7c20bf7bc9b"
    "ba18b5907aa6406122dc2815b240132a085c335f68fe4c7c0c2667f9fb7fd72b"
    "3b593b3a08185cd2880f8747ce15d1511c50dd6de95aca1a98f3c383066f4da3"
    "c24ac0be704b0b018815cd28c1a157da946f38ec5fb5f93d3f38f471b5d685cf"
    "0203010001a3533051301d0603551d0e041604144de9dfc6551c934664a00a2d"
    "d019bcfc209b60a1301f0603551d230418301680144de9dfc6551c934664a00a"
    "2dd019bcfc209b60a1300f0603551d130101ff040530030101ff304206092a86"
    "4886f70d01010a3035a00f300d06096086480165030402010500a11c301a0609"
    "2a864886f70d010108300d06096086480165030402010500a204020200de0382"
    "0101006f2dd2f75bd957f77905cbdfbb0150c4b0de59387904cddeea343a9c7f"
    "0913efda4b7bdf2d648ab42e993b53f88f9d9e99c39b1bc585f83f8d990972df"
    "3d5d3503401a3e193f7b84da4720c51893393ef3e12c117978b295fad544a2b9"
    "14881afe8f6101cefde399556ab1743bf43ea8f11d6125cf285b3b052d01373e"
    "5f6470cdbfa56ed14cb14a5fd5a8afd5ccf9866b48356c1d553b33d7cc12c85f"
    "ba73b75f138a8e6740f7fe11d0b722d76cd7142ef243ad502ecec72b3413a32c"
    "49a6e5cbc71ea7d8833fb0ec7a4cd5fb28c679216a3297f8382a27d402fbe370"
    "65134e40fe0f2126ddf9ed8568d08336002e4a85154bd41f56ab23e1daf3b68b"
    "4495a3";

static const char ec256_crt[] =
    "308201893082012fa0030201020214142a499f9b7bfacbcf337d7bd0670b7eeb"
    "1b04e0300a06082a8648ce3d04030230193117301506035504030c0e696b6573"
    "636f70652065633235363020170d3236313132333030313033325a180f323132"
    "36313033303030313033325a30193117301506035504030c0e696b6573636f70"
    "652065633235363059301306072a8648ce3d020106082a8648ce3d0301070342"
    "0004c8db553f11aa110b9bfe3641e579a9b2b75a90bd0002cfc782cc0abb0e3b"
    "a15a68b48bbbb5953c0cdbea61cb1c973dc4257b45ac8f5479671152c43f75af"
    "f073a3533051301d0603551d0e04160414c25bdac936cc5c80032836f2f9b1be"
    "5453cae88d301f0603551d23041830168014c25bdac936cc5c80032836f2f9b1"
    "be5453cae88d300f0603551d130101ff040530030101ff300a06082a8648ce3d"
    "0403020348003045022100ccb92d05cd522ef654daa39ae86d45f2378f5973a5"
    "c6a6674b39500c7614027e02206c33a1ad03d639ba82848e0756b95c92353ecb"
    "3d4a2822f5bbffb1994e7e8714";

static const char ec384_crt[] =
    "308201c53082014ca003020102021446fce8a6b5ded8bbdfa565a1608f31ea74"
    "bbed51300a06082a8648ce3d04030230193117301506035504030c0e696b6573"
    "636f70652065633338343020170d3236313132333030313033335a180f323132"
    "36313033303030313033335a30193117301506035504030c0e696b6573636f70"
    "652065633338343076301006072a8648ce3d020106052b810400220362000421"
    "a9a3fa50d4fa92f6b3c6de43b846081b563384ad22b0a8244cae55fba164907c"
    "04e940aa0a8a11f1da21672d5d0327f0946ef3737cc6961c8763855c213eab67"
    "4811dfdc06ff8cc7163b386444a67f20973d07c7246c5772ec633abc38c5aaa3"
    "533051301d0603551d0e0416041441aa8a048d13e1dfec569ac23b65d53718a7"
    "202c301f0603551d2304183016801441aa8a048d13e1dfec569ac23b65d53718"
    "a7202c300f0603551d130101ff040530030101ff300a06082a8648ce3d040302"
    "036700306402304c20e56251bcdf3c9284e3084e3716f5bf0681ecca6140c7f0"
    "e147a66c5689a61fac2e2c8c3e0df56a0ef1c61d396faa0230345f43ce1522c3"
    "daa28bdef1b5d2a93dd7813c1e10bdc761469a86e206a611664b509c850665a6"
    "01891de718c3fdfba4";

static const char ec521_crt[] =
    "3082020f30820172a0030201020214607957893d8abf07081cd0607a8c89eaa6"
    "d58969300a06082a8648ce3d04030230193117301506035504030c0e696b6573"
    "636f70652065633532313020170d3236313132333030313033335a180f323132"
    "36313033303030313033335a30193117301506035504030c0e696b6573636f70"
    "6520656335323130819b301006072a8648ce3d020106052b8104002303818600"
    "040082d1808471bff4b8e2b4827f0676c641f615d51e1e9ba856ef5e0ca3326a"
    "ff0fc35813ffa5e43d24acc67b2dccaa0fd447fed6f986f8f4cf69b22ca529b4"
    "3ee285018b0fa32d2de0b279ba4f4c33f2d0b906d12c71d2051e20230713b119"
    "cc40dec4afa6d20489631bf8c5c9f1bfdb6046f852dafe6eeedd93b57bf2b422"
    "f06d7f4eb6a3533051301d0603551d0e041604141294c4bb6d4a429316788773"
    "509bb5bd6bf2986b301f0603551d230418301680141294c4bb6d4a4293167887"
    "73509bb5bd6bf2986b300f0603551d130101ff040530030101ff300a06082a86"
    "48ce3d04030203818a00308186024176df2dd19f5ea96f7a8ecdd7eedd1e5c69"
    "e48f5ae2f4235a789f87f9787bd32d66e9ac43028b0a4c3e3c2bdd98b94655fe"
    "32a28fdf5e6d6802b9b0128d851362090241551169e504e6050055c9c92990d0"
    "a7c3713fa30abbb49a632a27d8088cd281e995bc3e111555dcf4b354cd8b24f3"
    "b8358117951ca5626baf54ebbb7875924c55b4";

static const char ed25519_crt[] =
    "3082014c3081ffa003020102021472558f3f28926f50e512429858669bd1227d"
    "aba6300506032b6570301b3119301706035504030c10696b6573636f70652065"
    "6432353531393020170d3236313132333030313033335a180f32313236313033"
    "303030313033335a301b3119301706035504030c10696b6573636f7065206564"
    "3235353139302a300506032b6570032100e4666123aaf16c6ab74da457954605"
    "1407e8c1ab29d2bd8ebe05b93139dd2477a3533051301d0603551d0e04160414"
    "e1e222a1a8651572e6705a0112e6ed6353eef094301f0603551d230418301680"
    "14e1e222a1a8651572e6705a0112e6ed6353eef094300f0603551d130101ff04"
    "0530030101ff300506032b6570034100cff3b2757faae952795d9b9a74454d3a"
    "b4ef583d85a8960d125e01dd11257bf5ab468657773f10f502e7bcfb5a1e6df6"
    "c358c3b995af648008453b5d9077b00e";

static const char ed448_crt[] =
    "3082019430820114a003020102021405f992c60b1a5135669ed293a704d2728e"
    "c4d241300506032b657130193117301506035504030c0e696b6573636f706520"
    "65643434383020170d3236313132333030313033335a180f3231323631303330"
    "3030313033335a30193117301506035504030c0e696b6573636f706520656434"
    "34383043300506032b6571033a00fd305bacb110528957bacf95b0636da6c4a6"
    "37461e806dc0e1112572305211e343c73a31a4c27c1591593e16546c5963b429"
    "e7fb93dfec1100a3533051301d0603551d0e04160414a8740e1553845ebe8de7"
    "1c51d80d2469f5af7a2e301f0603551d23041830168014a8740e1553845ebe8d"
    "e71c51d80d2469f5af7a2e300f0603551d130101ff040530030101ff30050603"
    "2b6571037300dbe9458daa8c2659daace903aa6f27d47748d2a8067e0822dac8"
    "0422b1a842bb234decdbd95be596ed223d1ab6fad9706beaa49a75a6bc29806e"
    "cca25e25895956dc01312590f4ea52d0f9f9888c2c0d5abff123c63ada571658"
    "932d79139624b4c0d1e6b25b1829517a61e518452a5b3000";

static const char dsa_crt[] =
    "308202cf3082028ba00302010202146160ba99af2e7e7103100d1832bd400a90"
    "e8d4d4300b060960864801650304030230173115301306035504030c0c696b65"
    "73636f7065206473613020170d3236313132333030313033335a180f32313236"
    "313033303030313033335a30173115301306035504030c0c696b6573636f7065"
    "20647361308201b63082012b06072a8648ce3804013082011e0281810081c248"
    "bf0a484942b0f3b3d0a289e0a3fa1df25b09bec49114a80b513e418c90d6a448"
    "d2516ceb50fb4e0b485d85818333c17b2483034bd514298895152a4d0839c19e"
    "5eb1ad8a7c16c3fe68049e41ecc63d22d65a6dd69e25f63a21c2f60494d53161"
    "fdb22c5a4399cd2384187272ddcf5852a4b7f77653ecc2f00b9955616b021500"
    "c7792b5fa84fc743a848959af1fccf1b68cd500b02818006559ba54214a1a490"
    "2dd32336e90752a98be213aa302cc5f5d13641ac93c3cc623d0c13163fe6c5fe"
    "ebc68e8c692c92a3a17adf596f898ddff1b344231e84c7182f71cc0ebd1435ee"
    "b967c62a48d5c01df026cf7d6b0cee97f191913bc435f2b8481f6c3cbb10b25c"
    "b0361ee4849b88af30b0ca219a487ddd78e9c3cd2aa40503818400028180353c"
    "a6b4c9ed30f7dead1895a30e457f792089ecc060b3fe54adc114f0c06bb5da19"
    "b17b378c60b08d1371df76df3ab0e65a1acdfa3c352dc0acdbeb987d2f92a24b"
    "25213b725005333e4320c57ab11a166f4d37f912eba099b17644558da6256b81"
    "661cb0d08b88de45209d6ef813613d26503cd5cd0d3cb991b2ed8397519ba353"
    "3051301d0603551d0e041604142c87b46d3b05c003bfafe5fdc060324adeca7f"
    "bd301f0603551d230418301680142c87b46d3b05c003bfafe5fdc060324adeca"
    "7fbd300f0603551d130101ff040530030101ff300b0609608648016503040302"
    "033100302e02150096cee89839c1c9ac586d972b954f911b439050e0021500c0"
    "0bd15a5ab34aa6bd2a04ec8ce73b04f0e8e121";

static const char secret_enc[] =
    "5bade08d22db69971df4068c3cee89b176be428fe40130b53ae85b368c4e95f3"
    "2943e2e6ae562765a60ec0ad351fba0e83fac826ce68c5722ba071bfa0083c08"
    "e2ceb328dff1a42394fdc437d41dc973660f7cd2fbcf09f10e3209b94ad14582"
    "15ee201b1e26cd484359aed4f1beac026ce999d29dcf8b614774c3a87de7ad29"
    "c2754ed4539397d9d03025abe51715ed30303e813bfc83eb86cdf7130fde2d50"
    "feebfe90fdb1e38ec83f97d904ab0f906e3e25933e351a8201cdbdc71306d0cb"
    "ab58c278b8f17a056e7e9b99a0c6356afe64a209b2eae59368ddb7bc76a5ac85"
    "4a2734dfdc1c308ab714f493ce87a60818287724de9b40a034656328d47b1127";

static const char rsa_sha1_sig[] =
    "35085a3f360599977c8f3a3368efef3c95065d0d623faec6fc001089d13893e4"
    "0444c480ff1ee09a17d813060b1aa48497c89dfba556e4dcdc5f86862347e4cc"
    "bbdc816a5fe1a020c0720e3667d845ef584e272bffcaed0cdbbf32e78b72098e"
    "ac374a1ad49d4b0f3e994dba256a5af9251eba7d4acdf394668b10087da1a0f1"
    "8c4cc3f8e0422b2ddfeae35de3c94d20758c5b028b26ae7fa182b51d62cc3815"
    "83ba60de6d2a976c7d540fc85b9144ba437a4f497a408bb99b325c19d11af7a3"
    "d6231e5c379815591a5cb3f465ef67664c8fe93160777d0d19e45c339d3e14ff"
    "bb563fffe3927c1e0d92335703aa4c5e287a3e3ba0d84511e828598c126b3fe1";

static const char rsa_sha256_sig[] =
    "c8a335b5a6910165cdd9344d9de2287136a5799f99b80660444229db523ffa9d"
    "f582535a6a639ad1eb2e106d6f83d1d0d836713efaa5006fdea60ebbbb1d4d59"
    "008620d158d25828b9e85c95ac39f0f58da70e678940bfde64b50b6d9fbfd184"
    "777270083673e5eb783fa99c58980eff2821e588c21105c478aeef2579f75e53"
    "56a124f3a62dc05fc024f17c353c3ee19b4256c5327f3b8d3e7b703f07ba7132"
    "f415ef510d2355452e10eee1cdefb8dbcc131fd9fca8bfce6d17636d717a52e7"
    "3f1e12f9883dd5b769b8e598f45127171d6143d6d86c0b62e5ce34d5362ec3ae"
    "9e3e59e0f1fcb7ff140c759780c8126f9fae3a9b8f4478ba4ad90f40570ea78c";

static const char rsa_sha384_sig[] =
    "df4705124f9eb5405cbf36ae2e18fdf6f19744eeaf2c84b09e65e72b30509cab"
    "cf63d65af39b579e0d03609252c0017b47db6b44328cb93b817d464f91a5e8ef"
    "34c19e0d13188a85851442446203648caa45281f5933f2589c8475029495c592"
    "bcc511698726d50d08c5cfe171f9b488dc4079382c069deb9e7159d3930d89c3"
    "c0f2134bd4852a78ad128afda1e1584f6755568a78339f55be8cc2fb4c87e377"
    "86c4ca4ae138677e79ddb89dffd2a27b400e81e8cdc4cdd097724b4b586c90a7"
    "d80f9de29c42aba91472ddaf8679905861d8a0f62b4df4a0755d63127f47bcdb"
    "1e9f8f444a745931b76a0f6057273c60c994bc92e78f74be6de7eee8141d70dd";

static const char rsa_sha512_sig[] =
    "3c32169c3bceb669521405c28527b0b1bbe60af6e40bc1d426149ac582cc2764"
    "d61f36e8a1c271ee88f0669bb43485e6e239e8812d393230446b7dde07b9a168"
    "6fa1278e744129608b7743ca31b9b642ba0e6ea79ec6f0e4d3f298df33f3d3db"
    "dcfd4fb30b4c98f2e043028770b1c8612710516ac2a3706fff60c50bd0939f73"
    "49b494ac3c4812c46fa4d3918053c537c2860c105b645814f154ba6c40f39b6b"
    "4d736c539e84e6768c89d79f68c0789bd83dc6b6b716816175e983941dc604d9"
    "e61c96eec2d8bcde4b41dc371929df5210dc38a2b715c876c58df901c4eda929"
    "d4b98b31c577691cc62481ec02ef121707840d6e545b7676a85e9fe75eb94382";

static const char pss256_0_sig[] =
    "59b89feb62fadd895688ec708a824a965530e41524c6d56bf52944b16106bbf6"
    "5b49a9cceb8f80b9aa1871d67f326efde84350120bfb6dacd7de33f5bb58ef63"
    "f9c7d2d262b6ced60ca81aa75524c31f2646b1a45152e199d6187542760210cb"
    "825e45e82cf4881e30f9e907f9cf706fb31de72536ab48b0f7ff842db2d1b16a"
    "5ea9746c5fe7558c40e1ee24e0059b59a1a7b7cb366cd46c72d57d20720b8f1f"
    "26eea7462d6c327228b34f7336607777b004d0f05526668c7aaf818d86b73e13"
    "ddc986a81be7bc2aa8de7743c001940afa451d23a92915bc0534fd52db0da09c"
    "8f4295660c5b2449de1b9ae06fdf845a8e13aaebea7dfc72df15c0d5690dd3e3";

static const char pss256_20_sig[] =
    "cc1c624dec3554cc4c7f0b2d0b5fbbee3758e5aa109e14321a8d6b7957c576b8"
    "e9734192bc522a31988d54c14d218dedca405577295a22ca4bab1a258bd0cdab"
    "d1f5cc120d0f40503b1ae753d69bd043d8ac561bd7b4c2bbf5f6cc19f3bf0ab0"
    "981e90e6ec6d94aa9b6e9db804ccb7b39a1497b8c13b8673acba66f6c5b8bfd2"
    "b9e84525a3fc0347c5c765eb820c42f987fc5e0af6885697ac891284fd4bc7a6"
    "1e798b4e2d197e97ab0a29304f804464c9c132f598cc80598a8c3aeece9f1a7e"
    "9b6b24ae5e61b795a80ae2907044485f2c63ad2ce8e1a89962f18e81e646f5d8"
    "e97d1eeca47dfd821f4563f2456453bd49652470f7e6cb3e3602b57cf3e1861c";

static const char pss256_32_sig[] =
    "e147bfbe58c965b3b0eb843ac4d99f8e6965aa715060b0f2e67640d1a55c993c"
    "64a4afea78ccfeb2daa6c0e1fc9810ebb4dc624bcdd4f65851f6133cb1e3163f"
    "5dd0c956b9de478beb088bdc8f305c4c8eb16a7d7c059bf1ed22296f750ca62e"
    "3d1084d66a3c2b7e5c54d3dc0e5a180431acaecf52aa6c49aec9a715ca8d747f"
    "5a778a30a90cb9b6cf24bcfb79557792ff96a369c0603d5c50cd3ce59078ae08"
    "df486f00ace5a727969098ed759d20fbd12077ff02b449366e313ae8a10eb287"
    "0512adfff6dcdf6f9fee596c99bd1b215d0603da318a667b5f53610e2c56f803"
    "9800f96c49e88b7f15225d830af58e61a79c31fb7eeff5d0af5ce1d25cc5ae7d";

static const char pss256_max_sig[] =
    "dcc30a4665983b073b03a81bc86e24f83a9ea9556a943a1d0dec4026fc81ccfe"
    "46cf7278729f20760c07c8a784a49e0f5d3a6e2c7c7f32d6ce7829660ce9f219"
    "04fc1ddd857f49e5087cb7d8335170772074f5120ef684d2a0acd9c7f59c1fb7"
    "26c24190a015e8801a2ca2ebbf292c2da7a77ee5557c444feaa2be9b411f865e"
    "5dfe26bf541e7e410dd42598934428db4851534a843c5443c62ffc013333c947"
    "866c03ca1095ac2a9d5147337b697051954af356f8dccbe65c9f3e35ce3fb8aa"
    "f33d5f9302bedc10de8d2d855e93413b9710293e967031cb016174f75e70ac0d"
    "785ab087eeeaa27e2e6d94fbd2ba1b2298958f349e4eb834c7cfc60dee46d275";

static const char pss384_48_sig[] =
    "e6b4582f21c39aa689843431122f2773bd868703d47fe84cf63e3170491c7389"
    "991759be719565cf8b1e39cfc48d16181ebe0862bcb940de2fd819db7e76adfd"
    "33027f34fb9b7b37feaca0e5611c8edff8a767a6cce64ce0038c00e718b7dce6"
    "c9e683a978e8c80776f6e6eda0e49aa930b460c5e0cbfb865ed08910cdb91cab"
    "33bf388ef250ba3f61deee0aaa88d352e02a05b48245996204c41d4f3d080579"
    "fbb0d9953a45818c5771103979247cececea3f7107320ad70992031c871cfa4c"
    "1b6820820ecfae8859191e944e8df836febc6534003d8aa5a0a67b7df9582ab0"
    "89694b8d1bb453c0c131629cdd909d4623441960444ae93f2456f0e4383bd083";

static const char pss512_64_sig[] =
    "c59178f2bee0dfefc73b9725ab5034657cb9cc1ab58b48a3a099527c07d58620"
    "17f4bffb584445b5b6a0f4c58bff2d57a350ede1b1ec817a59f3c8d2d7eb6ca6"
    "2285ea34df3a9f03b34eecd042bf165b765c876f29e48b68fe71a61fc7aaf0c1"
    "2fdfe1e81fc80448140f26feec65d262b268c16b82d0d46773945298d7c2faa1"
    "0509823a576011730f78402431b0f1f0f185c13318925d8e741c04bce6e43dc3"
    "8f70d8514d3dc7e4652c9daa23530c2c560fabb68d29447c6594e70a33305667"
    "5ae0fc35c582d29bee6d7922caf5686c78cb7fd63e5edd7606ba765b3a1ed6c8"
    "dfe0e20cd099583497e9fd28ba9571d977c389c994d4cbeaf61810a0d6f565b2";

static const char pss256m1_sig[] =
    "216ea7253440bc376d5e78eb201b1b62a527ce27af599ddad3b5fa489e74624e"
    "ba57963fdf1129f986bda57dff675175e653e0ebb44011b208c04fff07afa086"
    "6a47cc33a4b36db1a3f83dc1d4e3364db37b2b07abe4eaf4a4fe1d2b781b6420"
    "c353eabd6670a15c32f91f9efa7f8ea3c2dd92eeb5442a1b01d401060f7b1d23"
    "89b5ebe4df0d4f664408a0b3f2ff48eca564f0eef5c7356f01e79a08cd1e8b90"
    "752e34056be1d3e51734c3f2617ff583998067fcf1d3c1af89a6b45ee4d7b985"
    "b7a6af31d5ba9cc588ef228f5b223317d472b3a422c82e92b0c7dcbd7964b25f"
    "16d1ee60d2eb0c35c6a3e78073d39726b9c9f7eb2ca3de1db550d928c31441f5";

static const char rsapss_sig[] =
    "592255e930ad56e27a1e576a762943791f6aac5905d398536f4d5454d3f691af"
    "717c06907df61e96556b81ee5dc518599d4e4cf95ebf8315578a47bde3240de1"
    "f0669666d98155a2e892250f13fdc1f060a7a6a2afa51393ab530e5f5fff0127"
    "fbd5a01fa228588215cc196dfdf1886420e9fa7cf55385d78ac0be864a561995"
    "0df7e8dde2e3507632c2cbe73e258a7800f653e324d30738b137625f053146b7"
    "21edbc66f5398b4bb29ef9e10714bafcb5a18d2e96fcaa94478a3bd8d1b5a46b"
    "84ab3689f0627b4812d6fc8fdbfddc0222422c37623150ac1b97c1a3cb4cb25f"
    "e7972f572563ee624b4692b668ca5f91d9a7169d7f9a77b7aca6358f20059c08";

static const char ec256_sig[] =
    "3045022061dd2b2943b3869f92c9bac533398780bbc1962afd3cc0398763df11"
    "f778a24f0221009917957974c9032e9ce96c6ddd0d10f407ce5f2d7e4818d719"
    "da94e45041e972";

static const char ec384_sig[] =
    "30660231009f5deb9c17901126103f5b1e73463c2ff47502d4e8e40b99dbcda7"
    "eb8f59a3f77f1b94b861f0384d1242b307b329c27c023100c337486cefbd454a"
    "39f5792205f434091014de3735b6e40e64fe45a7c5cf3844bd89daa0e7b0e385"
    "2df56bae1bbdefad";

static const char ec521_sig[] =
    "308187024201b75b4e0c168f32a9579f2f6fbb08cf3bb23e448aaa3a1d2f3563"
    "c7d61d0009b31d5c7fb9d02c9b31d35ead3250419f985c6083014fd95cbd8e87"
    "b0f98013dc9d9002416a8c3f71bfe96c618da3c697c588bc210bd5ab69b4deb4"
    "dc226c03b6f6c072665a247e02676d7a86823a5c91b88c87b411b6f2c8fb07ab"
    "b5b2580f3b2bc39f2adf";

static const char ec256_sha1_sig[] =
    "3046022100a36e3d65e55432bf51b4119ad259d61479bcf1f333983aabd03316"
    "ce1ee79e8e0221008d3d18a32746f4ef312827eacff5c0404e4786e696979ce4"
    "448367c3be25e947";

static const char ec256_sha512_sig[] =
    "304402203124988ff67c781e964f6b6ea7995b8b33ff147ffaa0854f7de72964"
    "4610d061022008ef277f1dc3f0fd8e554ec782fc26a3b6cc5d08f856908971ac"
    "a91dfdb9aeb8";

static const char ed25519_sig[] =
    "b2ba491c5e3ca6ebea7270d10e3f1304443c0337ba101666cda31a88333cb678"
    "d87ccdf5555c866afb28f4f19be9b0c9a56f7f78e70588f6dfd1de61dab44b0c";

static const char ed448_sig[] =
    "d02d4bd5fcd6140516db32677a369629ee8175d117a92eb8906f5db8ac300de7"
    "f8946401183f98b1dce6b6b9ade29326813159659be5400300d066a2a54c3467"
    "4c47da85bb1c9b42082321a03f25e2bbc7eb2677030b86902ef5a9f1268d2453"
    "b35a8f2cda21091748930db4216254660b00";

static const char v1rsa_sig[] =
    "49700091a2f929e37c366e73fe591ca270c6c8f35d87ae30daffaf0dfa226de5"
    "927c0695e58b3149554d95f0945e2cbe88b16416d785f9516fa645f4e2e16fe1"
    "b098eee8e30428f7d0ead6de443b26d7b943d2e5d670df8f7416f83021c18bbb"
    "e8ce0d56345e6274f18185401b14dddfd01784ddc5df6a571d86d69a0fbeee9f"
    "ae65f017aa4728bbe78b976ec042fbc8f996a9bd401ab2447c3803f052c78f2e"
    "da0974e46cd8b16baaaaf73c896909d5d78baee37388cbce86ed61c4ed1fe896"
    "958684ff2bfb36c694b1b7e09a994cf2a8a9d5ca65758e9db9a3f3d938e04a42"
    "55f10e1fc38eb98d779a14a873046aa9c8893d5f02d88df437c14318a3f566e7";

static const char ai_pss256_0[] =
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a203"
    "020100";

static const char ai_pss256_20[] =
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a203"
    "020114";

static const char ai_pss256_32[] =
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a203"
    "020120";

static const char ai_pss256_max[] =
    "304206092a864886f70d01010a3035a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a204"
    "020200de";

static const char ai_pss384_48[] =
    "304106092a864886f70d01010a3034a00f300d06096086480165030402020500"
    "a11c301a06092a864886f70d010108300d06096086480165030402020500a203"
    "020130";

static const char ai_pss512_64[] =
    "304106092a864886f70d01010a3034a00f300d06096086480165030402030500"
    "a11c301a06092a864886f70d010108300d06096086480165030402030500a203"
    "020140";

static const char ai_pss256m1[] =
    "303d06092a864886f70d01010a3030a00f300d06096086480165030402010500"
    "a118301606092a864886f70d010108300906052b0e03021a0500a203020120";

static const char ec256_rs[] =
    "61dd2b2943b3869f92c9bac533398780bbc1962afd3cc0398763df11f778a24f"
    "9917957974c9032e9ce96c6ddd0d10f407ce5f2d7e4818d719da94e45041e972";

static const char ec384_rs[] =
    "9f5deb9c17901126103f5b1e73463c2ff47502d4e8e40b99dbcda7eb8f59a3f7"
    "7f1b94b861f0384d1242b307b329c27cc337486cefbd454a39f5792205f43409"
    "1014de3735b6e40e64fe45a7c5cf3844bd89daa0e7b0e3852df56bae1bbdefad";

static const char ec521_rs[] =
    "01b75b4e0c168f32a9579f2f6fbb08cf3bb23e448aaa3a1d2f3563c7d61d0009"
    "b31d5c7fb9d02c9b31d35ead3250419f985c6083014fd95cbd8e87b0f98013dc"
    "9d90006a8c3f71bfe96c618da3c697c588bc210bd5ab69b4deb4dc226c03b6f6"
    "c072665a247e02676d7a86823a5c91b88c87b411b6f2c8fb07abb5b2580f3b2b"
    "c39f2adf";

static const char dsa_rs[] =
    "674939c4571ac9adfa01796233e733cb330c54222dda25b2820ebe7d41833610"
    "20b9b8a48e9953d7";

/* --- helpers -------------------------------------------------------------- */

#define MSG    "ikescope signed octets: RFC 7296 2.15 InitiatorSignedOctets"
#define H20    "0123456789abcdefghij"
#define SECRET "IKEv1 PKE nonce payload body"

/* AlgorithmIdentifiers of RFC 7427 appendix A. */
static const char ai_sha1_rsa[] = "300d06092a864886f70d0101050500";
static const char ai_sha256_rsa[] = "300d06092a864886f70d01010b0500";
static const char ai_sha384_rsa[] = "300d06092a864886f70d01010c0500";
static const char ai_sha512_rsa[] = "300d06092a864886f70d01010d0500";
static const char ai_ecdsa_sha1[] = "300906072a8648ce3d0401";
static const char ai_ecdsa_sha256[] = "300a06082a8648ce3d040302";
static const char ai_ecdsa_sha384[] = "300a06082a8648ce3d040303";
static const char ai_ecdsa_sha512[] = "300a06082a8648ce3d040304";
static const char ai_ed25519[] = "300506032b6570";
static const char ai_ed448[] = "300506032b6571";
/* md5WithRSAEncryption, dsa-with-sha256: not handled */
static const char ai_md5_rsa[] = "300d06092a864886f70d0101040500";
static const char ai_dsa_sha256[] = "300b0609608648016503040302";

struct buf {
	uint8_t *p;
	size_t	 n;
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Bytes of a hex string, in a heap block of exactly their length. */
static struct buf
unhex(const char *s)
{
	struct buf b;
	size_t	   i, n = strlen(s) / 2;

	b.p = malloc(n > 0 ? n : 1);
	b.n = n;
	for (i = 0; i < n; i++)
		b.p[i] =
		    (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	return b;
}

/* A heap copy of exactly n bytes (so ASan sees any read past them). */
static struct buf
copy(const void *p, size_t n)
{
	struct buf b;

	b.p = malloc(n > 0 ? n : 1);
	b.n = n;
	if (n > 0)
		memcpy(b.p, p, n);
	return b;
}

/* a | b | c as one buffer. */
static struct buf
cat3(const void *a, size_t an, const void *b, size_t bn, const void *c,
    size_t cn)
{
	struct buf r;

	r.n = an + bn + cn;
	r.p = malloc(r.n > 0 ? r.n : 1);
	if (an > 0)
		memcpy(r.p, a, an);
	if (bn > 0)
		memcpy(r.p + an, b, bn);
	if (cn > 0)
		memcpy(r.p + an + bn, c, cn);
	return r;
}

/* RFC 7427 auth data: length octet, AlgorithmIdentifier, signature. */
static struct buf
auth14(const char *ai_hex, const char *sig_hex)
{
	struct buf ai = unhex(ai_hex), sig = unhex(sig_hex), r;
	uint8_t	   l = (uint8_t)ai.n;

	r = cat3(&l, 1, ai.p, ai.n, sig.p, sig.n);
	free(ai.p);
	free(sig.p);
	return r;
}

static struct crypto_rsa *
load(const void *p, size_t n, char *err, size_t errlen)
{
	struct buf	   b = copy(p, n);
	struct crypto_rsa *k = crypto_rsa_load(b.p, b.n, err, errlen);

	free(b.p);
	return k;
}

static struct crypto_rsa *
load_hex(const char *hex, char *err, size_t errlen)
{
	struct buf	   b = unhex(hex);
	struct crypto_rsa *k = crypto_rsa_load(b.p, b.n, err, errlen);

	free(b.p);
	return k;
}

/* Whether k decrypts secret_enc to SECRET. */
static int
decrypts(const struct crypto_rsa *k)
{
	struct buf c = unhex(secret_enc);
	uint8_t	   out[512];
	size_t	   n = 0;
	int	   rc;

	rc = crypto_rsa_decrypt(k, c.p, c.n, out, sizeof(out), &n);
	free(c.p);
	return rc == 0 && n == strlen(SECRET) && memcmp(out, SECRET, n) == 0;
}

static const char *
res_name(enum crypto_sig_result r)
{
	switch (r) {
	case CRYPTO_SIG_VERIFIED:
		return "VERIFIED";
	case CRYPTO_SIG_FAILED:
		return "FAILED";
	case CRYPTO_SIG_UNSUPPORTED:
		return "UNSUPPORTED";
	case CRYPTO_SIG_BAD_CERT:
		return "BAD_CERT";
	}
	return "?";
}

static int
res_valid(enum crypto_sig_result r)
{
	return r == CRYPTO_SIG_VERIFIED || r == CRYPTO_SIG_FAILED ||
	    r == CRYPTO_SIG_UNSUPPORTED || r == CRYPTO_SIG_BAD_CERT;
}

/*
 * Check an IKEv2 AUTH: method, certificate hex, auth data, message
 * (MSG unless msg is given), expected result.
 */
static void
auth_case(const char *what, int method, const char *cert_hex,
    const struct buf *auth, const char *m, enum crypto_sig_result want)
{
	struct buf	       cert = unhex(cert_hex), mb;
	enum crypto_sig_result r;
	char		       why[256];

	if (m == NULL)
		m = MSG;
	mb = copy(m, strlen(m));
	r = crypto_verify_auth(method, cert.p, cert.n, auth->p, auth->n, mb.p,
	    mb.n, why, sizeof(why));
	ok(r == want && why[0] != '\0', "%s: %s (%s)", what, res_name(r), why);
	free(cert.p);
	free(mb.p);
}

/* The auth data signs MSG; a flipped bit in the signature must not. */
static void
auth_pair(const char *what, int method, const char *cert_hex, struct buf auth)
{
	char name[160];

	snprintf(name, sizeof(name), "%s verifies", what);
	auth_case(name, method, cert_hex, &auth, NULL, CRYPTO_SIG_VERIFIED);
	auth.p[auth.n - 1] ^= 0x01;
	snprintf(name, sizeof(name), "%s with a flipped signature bit fails",
	    what);
	auth_case(name, method, cert_hex, &auth, NULL, CRYPTO_SIG_FAILED);
	auth.p[auth.n - 1] ^= 0x01;
	snprintf(name, sizeof(name), "%s over another message fails", what);
	auth_case(name, method, cert_hex, &auth, MSG "!", CRYPTO_SIG_FAILED);
	free(auth.p);
}

static void
v1_case(const char *what, int method, const char *cert_hex,
    const struct buf *sig, const void *hash, size_t hashlen,
    enum crypto_sig_result want, const char *why_has)
{
	struct buf	       cert = unhex(cert_hex), h;
	enum crypto_sig_result r;
	char		       why[256];

	h = copy(hash, hashlen);
	r = crypto_verify_v1_sig(method, cert.p, cert.n, sig->p, sig->n, h.p,
	    h.n, why, sizeof(why));
	ok(r == want && why[0] != '\0' &&
		(why_has == NULL || strstr(why, why_has) != NULL),
	    "%s: %s (%s)", what, res_name(r), why);
	free(cert.p);
	free(h.p);
}

/* --- private keys --------------------------------------------------------- */

static void
test_load(void)
{
	static const struct {
		const char *name;
		const char *text; /* PEM, or NULL */
		const char *hex;  /* DER */
	} forms[] = {
		{ "PKCS#1 PEM", rsa1_pem, NULL },
		{ "PKCS#8 PEM", rsa8_pem, NULL },
		{ "PKCS#1 DER", NULL, rsa1_der },
		{ "PKCS#8 DER", NULL, rsa8_der },
	};
	struct crypto_rsa *k;
	char		   err[256];
	size_t		   i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		err[0] = '\0';
		k = forms[i].text != NULL ?
		    load(forms[i].text, strlen(forms[i].text), err,
			sizeof(err)) :
		    load_hex(forms[i].hex, err, sizeof(err));
		ok(k != NULL && crypto_rsa_len(k) == 256,
		    "%s RSA-2048 key loads (%s)", forms[i].name, err);
		ok(k != NULL && decrypts(k),
		    "%s key decrypts the openssl pkeyutl -encrypt ciphertext",
		    forms[i].name);
		crypto_rsa_free(k);
	}
}

/* PEM with CRLF line ends, as a Windows editor leaves it. */
static void
test_crlf(void)
{
	char		  *t = malloc(2 * sizeof(rsa1_pem)), *o = t;
	const char	  *s;
	struct crypto_rsa *k;
	char		   err[256] = "";

	for (s = rsa1_pem; *s != '\0'; s++) {
		if (*s == '\n')
			*o++ = '\r';
		*o++ = *s;
	}
	k = load(t, (size_t)(o - t), err, sizeof(err));
	ok(k != NULL && decrypts(k),
	    "PKCS#1 PEM with CRLF line ends loads (%s)", err);
	crypto_rsa_free(k);
	free(t);
}

static void
test_decrypt(void)
{
	struct crypto_rsa *a, *b;
	struct buf	   c = unhex(secret_enc);
	uint8_t		   out[512], big[256];
	size_t		   n = 0;
	char		   err[256];

	a = load(rsa1_pem, strlen(rsa1_pem), err, sizeof(err));
	b = load(rsab_pem, strlen(rsab_pem), err, sizeof(err));
	ok(a != NULL && b != NULL && crypto_rsa_len(b) == 256,
	    "second RSA-2048 key loads");
	ok(b != NULL &&
		crypto_rsa_decrypt(b, c.p, c.n, out, sizeof(out), &n) == -1,
	    "the wrong key does not decrypt (bad padding)");
	ok(crypto_rsa_decrypt(a, c.p, c.n - 1, out, sizeof(out), &n) == -1,
	    "a ciphertext one byte short is refused");
	ok(crypto_rsa_decrypt(a, c.p, c.n, out, strlen(SECRET) - 1, &n) == -1,
	    "an output buffer one byte short is refused");
	ok(crypto_rsa_decrypt(a, c.p, c.n, out, strlen(SECRET), &n) == 0 &&
		n == strlen(SECRET),
	    "an output buffer of exactly the message length is enough");
	memset(big, 0xff, sizeof(big));
	ok(crypto_rsa_decrypt(a, big, sizeof(big), out, sizeof(out), &n) == -1,
	    "a ciphertext above the modulus is refused");
	memset(big, 0, sizeof(big));
	ok(crypto_rsa_decrypt(a, big, sizeof(big), out, sizeof(out), &n) == -1,
	    "a zero ciphertext is refused");
	c.p[100] ^= 0x40;
	ok(crypto_rsa_decrypt(a, c.p, c.n, out, sizeof(out), &n) == -1,
	    "a damaged ciphertext does not decrypt");
	ok(crypto_rsa_decrypt(NULL, c.p, c.n, out, sizeof(out), &n) == -1 &&
		crypto_rsa_len(NULL) == 0,
	    "NULL key is refused");
	crypto_rsa_free(a);
	crypto_rsa_free(b);
	crypto_rsa_free(NULL);
	free(c.p);
}

static void
refused(const char *what, const void *p, size_t n, const char *want)
{
	struct crypto_rsa *k;
	char		   err[256] = "";

	k = load(p, n, err, sizeof(err));
	ok(k == NULL && strstr(err, want) != NULL, "%s is refused: %s", what,
	    err);
	crypto_rsa_free(k);
}

static void
refused_hex(const char *what, const char *hex, const char *want)
{
	struct buf b = unhex(hex);

	refused(what, b.p, b.n, want);
	free(b.p);
}

static void
test_refusals(void)
{
	static const char cert_pem[] = "-----BEGIN CERTIFICATE-----\n"
				       "MAA=\n"
				       "-----END CERTIFICATE-----\n";
	static const char bad_b64[] = "-----BEGIN RSA PRIVATE KEY-----\n"
				      "MII*AAAA\n"
				      "-----END RSA PRIVATE KEY-----\n";
	static const char no_end[] = "-----BEGIN PRIVATE KEY-----\n"
				     "MAA=\n";
	static const char ossh[] = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
				   "b3BlbnNzaC1rZXktdjEAAAAA\n"
				   "-----END OPENSSH PRIVATE KEY-----\n";
	static const char mismatch[] = "-----BEGIN PRIVATE KEY-----\n"
				       "MAA=\n"
				       "-----END RSA PRIVATE KEY-----\n";
	/* SEQUENCE { INTEGER 0, INTEGER 0x01 * 1025, ... } */
	uint8_t *big;
	size_t	 i;
	/* a PKCS#1 key whose modulus has one bit changed */
	struct buf k = unhex(rsa1_der);

	refused("PKCS#8 encrypted PEM", enc8_pem, strlen(enc8_pem),
	    "openssl pkey -in KEY -out PLAIN");
	refused("PKCS#8 encrypted PEM (says so)", enc8_pem, strlen(enc8_pem),
	    "encrypted private key");
	refused("Proc-Type: 4,ENCRYPTED PEM", enc1_pem, strlen(enc1_pem),
	    "openssl pkey -in KEY -out PLAIN");
	refused("EC PKCS#8 PEM", ec256_pem, strlen(ec256_pem),
	    "not an RSA key (OID 1.2.840.10045.2.1, EC)");
	refused("EC SEC1 PEM", ec256sec1_pem, strlen(ec256sec1_pem),
	    "not an RSA key (PEM \"EC PRIVATE KEY\")");
	refused_hex("EC SEC1 DER", ec256sec1_der, "not an RSA key");
	refused("RSASSA-PSS PKCS#8 PEM", rsapss_pem, strlen(rsapss_pem),
	    "signatures only");
	refused("OpenSSH PEM", ossh, strlen(ossh), "ssh-keygen");
	refused("a certificate", cert_pem, strlen(cert_pem),
	    "no private key in the PEM text");
	refused("bad base64", bad_b64, strlen(bad_b64), "base64");
	refused("PEM without END", no_end, strlen(no_end), "END");
	refused("PEM with another END", mismatch, strlen(mismatch), "END");
	refused("text", "hello, world", 12, "not a DER private key");
	refused("an empty file", "", 0, "empty");
	refused("an indefinite length", "\x30\x80\x02\x01\x00\x00\x00", 7,
	    "not a DER private key");
	refused("a length past the end", "\x30\x84\x7f\xff\xff\xff\x02\x01", 8,
	    "not a DER private key");
	refused("a multi-prime key", "\x30\x06\x02\x01\x01\x02\x01\x05", 8,
	    "multi-prime");
	big = malloc(1036);
	memcpy(big, "\x30\x82\x04\x08\x02\x01\x00\x02\x82\x04\x01\x01", 12);
	for (i = 12; i < 1036; i++)
		big[i] = 0x01;
	refused("an INTEGER of 1025 bytes", big, 1036, "INTEGER");
	free(big);
	/* modulus: 30 82 04 a2 02 01 00 02 82 01 01 00 <n> */
	k.p[20] ^= 0x01;
	refused("a key whose modulus is not p * q", k.p, k.n, "modulus");
	k.p[20] ^= 0x01;
	k.p[k.n - 1] ^= 0x01;
	{
		char		   err[256] = "";
		struct crypto_rsa *r = load(k.p, k.n, err, sizeof(err));

		ok(r != NULL && decrypts(r),
		    "a wrong coefficient in the file is recomputed (%s)", err);
		crypto_rsa_free(r);
	}
	free(k.p);
	ok(crypto_rsa_load(NULL, 10, NULL, 0) == NULL,
	    "NULL data, NULL err: refused without a crash");
}

/* Every truncation of a DER or PEM key fails, cleanly (run under ASan). */
static void
truncations(const char *what, const uint8_t *p, size_t n, size_t upto)
{
	struct crypto_rsa *k;
	size_t		   i, bad = 0;
	char		   err[256];

	for (i = 0; i < upto; i++) {
		if ((k = load(p, i, err, sizeof(err))) != NULL) {
			bad++;
			crypto_rsa_free(k);
		}
	}
	ok(bad == 0, "%s: all %zu truncations are refused", what, upto);
	(void)n;
}

/*
 * Flip each of the first upto bytes of a DER key in turn: whatever loads
 * must still work.
 */
static void
flips(const char *what, const char *hex, size_t upto)
{
	struct buf	   b = unhex(hex);
	struct crypto_rsa *k;
	size_t		   i, loaded = 0, wrong = 0;
	char		   err[256];

	for (i = 0; i < b.n && i < upto; i++) {
		b.p[i] ^= 0xff;
		if ((k = load(b.p, b.n, err, sizeof(err))) != NULL) {
			loaded++;
			if (!decrypts(k))
				wrong++;
			crypto_rsa_free(k);
		}
		b.p[i] ^= 0xff;
	}
	/* CRT exponents and the coefficient are not used: those flips load. */
	ok(wrong == 0, "%s: %zu byte flips, %zu load, all of those decrypt",
	    what, i, loaded);
	free(b.p);
}

static void
test_truncations(void)
{
	struct buf b;

	b = unhex(rsa1_der);
	truncations("PKCS#1 DER", b.p, b.n, b.n);
	free(b.p);
	b = unhex(rsa8_der);
	truncations("PKCS#8 DER", b.p, b.n, b.n);
	free(b.p);
	b = unhex(ec256sec1_der);
	truncations("SEC1 DER", b.p, b.n, b.n);
	free(b.p);
	/* The last byte is the END line's '\n'. */
	truncations("PKCS#1 PEM", (const uint8_t *)rsa1_pem, strlen(rsa1_pem),
	    strlen(rsa1_pem) - 1);
	truncations("PKCS#8 PEM", (const uint8_t *)rsa8_pem, strlen(rsa8_pem),
	    strlen(rsa8_pem) - 1);
	flips("PKCS#1 DER", rsa1_der, SIZE_MAX);
	/* the same RSAPrivateKey inside: flip the PKCS#8 wrapper only */
	flips("PKCS#8 DER", rsa8_der, 40);
}

/* --- IKEv2 signatures ----------------------------------------------------- */

static void
test_auth(void)
{
	struct buf a;

	/* method 1: RSA PKCS#1 v1.5, SHA-1 */
	a = unhex(rsa_sha1_sig);
	auth_pair("method 1 RSA SHA-1", 1, rsa8_crt, a);
	/* methods 9-11: ECDSA r | s */
	auth_pair("method 9 ECDSA P-256", 9, ec256_crt, unhex(ec256_rs));
	auth_pair("method 10 ECDSA P-384", 10, ec384_crt, unhex(ec384_rs));
	auth_pair("method 11 ECDSA P-521", 11, ec521_crt, unhex(ec521_rs));
	/* method 14 */
	auth_pair("method 14 sha1WithRSAEncryption", 14, rsa8_crt,
	    auth14(ai_sha1_rsa, rsa_sha1_sig));
	auth_pair("method 14 sha256WithRSAEncryption", 14, rsa8_crt,
	    auth14(ai_sha256_rsa, rsa_sha256_sig));
	auth_pair("method 14 sha384WithRSAEncryption", 14, rsa8_crt,
	    auth14(ai_sha384_rsa, rsa_sha384_sig));
	auth_pair("method 14 sha512WithRSAEncryption", 14, rsa8_crt,
	    auth14(ai_sha512_rsa, rsa_sha512_sig));
	auth_pair("method 14 RSA-PSS SHA-256 salt 0", 14, rsa8_crt,
	    auth14(ai_pss256_0, pss256_0_sig));
	auth_pair("method 14 RSA-PSS SHA-256 salt 20", 14, rsa8_crt,
	    auth14(ai_pss256_20, pss256_20_sig));
	auth_pair("method 14 RSA-PSS SHA-256 salt 32", 14, rsa8_crt,
	    auth14(ai_pss256_32, pss256_32_sig));
	auth_pair("method 14 RSA-PSS SHA-256 salt 222 (max)", 14, rsa8_crt,
	    auth14(ai_pss256_max, pss256_max_sig));
	auth_pair("method 14 RSA-PSS SHA-384 salt 48", 14, rsa8_crt,
	    auth14(ai_pss384_48, pss384_48_sig));
	auth_pair("method 14 RSA-PSS SHA-512 salt 64", 14, rsa8_crt,
	    auth14(ai_pss512_64, pss512_64_sig));
	auth_pair("method 14 RSA-PSS SHA-256 MGF1-SHA-1", 14, rsa8_crt,
	    auth14(ai_pss256m1, pss256m1_sig));
	auth_pair("method 14 RSA-PSS, id-RSASSA-PSS certificate", 14,
	    rsapss_crt, auth14(ai_pss256_32, rsapss_sig));
	auth_pair("method 14 ecdsa-with-SHA256 P-256", 14, ec256_crt,
	    auth14(ai_ecdsa_sha256, ec256_sig));
	auth_pair("method 14 ecdsa-with-SHA384 P-384", 14, ec384_crt,
	    auth14(ai_ecdsa_sha384, ec384_sig));
	auth_pair("method 14 ecdsa-with-SHA512 P-521", 14, ec521_crt,
	    auth14(ai_ecdsa_sha512, ec521_sig));
	auth_pair("method 14 ecdsa-with-SHA1 P-256", 14, ec256_crt,
	    auth14(ai_ecdsa_sha1, ec256_sha1_sig));
	auth_pair("method 14 ecdsa-with-SHA512 P-256 (hash cut)", 14, ec256_crt,
	    auth14(ai_ecdsa_sha512, ec256_sha512_sig));
	auth_pair("method 14 Ed25519", 14, ed25519_crt,
	    auth14(ai_ed25519, ed25519_sig));
	auth_pair("method 14 Ed448", 14, ed448_crt,
	    auth14(ai_ed448, ed448_sig));

	/* A signature with the wrong salt length in its parameters. */
	a = auth14(ai_pss256_20, pss256_32_sig);
	auth_case("RSA-PSS salt 32 checked as salt 20 fails", 14, rsa8_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_pss256_32, pss256m1_sig);
	auth_case("RSA-PSS MGF1-SHA-1 checked as MGF1-SHA-256 fails", 14,
	    rsa8_crt, &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_sha256_rsa, pss256_32_sig);
	auth_case("RSA-PSS checked as PKCS#1 v1.5 fails", 14, rsa8_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_sha256_rsa, rsa_sha384_sig);
	auth_case("SHA-384 signature checked as SHA-256 fails", 14, rsa8_crt,
	    &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);

	/* Keys that do not fit the method. */
	a = unhex(ec384_rs);
	auth_case("method 9 with a P-384 certificate fails", 9, ec384_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = unhex(ec256_rs);
	auth_case("method 10 with a P-256 certificate fails", 10, ec256_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = unhex(rsa_sha1_sig);
	auth_case("method 1 with an Ed25519 certificate fails", 1, ed25519_crt,
	    &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_sha256_rsa, rsa_sha256_sig);
	auth_case("sha256WithRSAEncryption with an EC certificate fails", 14,
	    ec256_crt, &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_ed25519, ed448_sig);
	auth_case("Ed25519 with an Ed448 certificate fails", 14, ed448_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14(ai_ecdsa_sha256, ec256_sig);
	auth_case("ECDSA with an RSA certificate fails", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);

	/* Lengths. */
	a = unhex(ec256_rs);
	a.n--;
	auth_case("method 9 r | s one byte short fails", 9, ec256_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = unhex(rsa_sha1_sig);
	a.n = 128;
	auth_case("method 1 half a signature fails", 1, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = copy("", 0);
	auth_case("method 1 empty signature fails", 1, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	auth_case("method 14 empty auth data fails", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = unhex("ff");
	memset(a.p, 0xff, a.n);
	{
		struct buf s = unhex(rsa_sha1_sig);

		memset(s.p, 0xff, s.n);
		auth_case("method 1 signature above the modulus fails", 1,
		    rsa8_crt, &s, NULL, CRYPTO_SIG_FAILED);
		free(s.p);
	}
	free(a.p);
	a = unhex(ec256_rs);
	memset(a.p, 0, a.n);
	auth_case("method 9 r = s = 0 fails", 9, ec256_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);

	a = unhex(rsa_sha1_sig);
	auth_case("method 2 (shared key) is not handled", 2, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_UNSUPPORTED);
	free(a.p);
}

/* Garbage in the RFC 7427 AlgorithmIdentifier. */
static void
test_bad_ai(void)
{
	struct buf	       a, ai, sig;
	enum crypto_sig_result r;
	char		       why[256];
	size_t		       i, bad;

	a = auth14(ai_md5_rsa, rsa_sha1_sig);
	auth_case("md5WithRSAEncryption is not handled", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_UNSUPPORTED);
	{
		struct buf cert = unhex(rsa8_crt);

		crypto_verify_auth(14, cert.p, cert.n, a.p, a.n,
		    (const uint8_t *)MSG, strlen(MSG), why, sizeof(why));
		ok(strstr(why, "1.2.840.113549.1.1.4") != NULL,
		    "the unhandled OID is named: %s", why);
		free(cert.p);
	}
	free(a.p);
	a = auth14(ai_dsa_sha256, rsa_sha1_sig);
	auth_case("dsa-with-sha256 is not handled", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_UNSUPPORTED);
	free(a.p);
	/* PSS with SHA3-256 (2.16.840.1.101.3.4.2.8) as its hash */
	ai = unhex(ai_pss256_32);
	ai.p[29] = 0x08; /* the last octet of the [0] hash OID */
	sig = unhex(pss256_32_sig);
	{
		uint8_t l = (uint8_t)ai.n;

		a = cat3(&l, 1, ai.p, ai.n, sig.p, sig.n);
	}
	auth_case("RSA-PSS with SHA3-256 is not handled", 14, rsa8_crt, &a,
	    NULL, CRYPTO_SIG_UNSUPPORTED);
	free(a.p);
	free(ai.p);
	free(sig.p);
	/* PSS parameters: SEQUENCE { [5] { } } */
	a = auth14("3011"
		   "06092a864886f70d01010a"
		   "3004"
		   "a5020500",
	    pss256_32_sig);
	auth_case("RSA-PSS with garbage parameters fails", 14, rsa8_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("300b"
		   "06092a864886f70d01010a",
	    pss256_20_sig);
	auth_case("RSA-PSS without parameters takes the defaults (SHA-1)", 14,
	    rsa8_crt, &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = unhex("20");
	auth_case("a length octet past the data fails", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("", rsa_sha1_sig);
	auth_case("an empty AlgorithmIdentifier fails", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("040100", rsa_sha1_sig);
	auth_case("an AlgorithmIdentifier that is no SEQUENCE fails", 14,
	    rsa8_crt, &a, NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("3080060100", rsa_sha1_sig);
	auth_case("an indefinite length fails", 14, rsa8_crt, &a, NULL,
	    CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("300506ff2b6570", ed25519_sig);
	auth_case("an OID longer than its SEQUENCE fails", 14, ed25519_crt, &a,
	    NULL, CRYPTO_SIG_FAILED);
	free(a.p);
	a = auth14("30050603888080", ed25519_sig);
	auth_case("a strange OID is not handled", 14, ed25519_crt, &a, NULL,
	    CRYPTO_SIG_UNSUPPORTED);
	free(a.p);

	/* Every truncation and every byte flip of a PSS AUTH. */
	sig = unhex(pss256_32_sig);
	a = auth14(ai_pss256_32, pss256_32_sig);
	{
		struct buf cert = unhex(rsa8_crt);

		bad = 0;
		for (i = 0; i < a.n; i++) {
			struct buf t = copy(a.p, i);

			r = crypto_verify_auth(14, cert.p, cert.n, t.p, t.n,
			    (const uint8_t *)MSG, strlen(MSG), why,
			    sizeof(why));
			if (r == CRYPTO_SIG_VERIFIED || !res_valid(r))
				bad++;
			free(t.p);
		}
		ok(bad == 0, "all %zu truncations of an RSA-PSS AUTH fail",
		    a.n);
		bad = 0;
		for (i = 0; i < a.n; i++) {
			a.p[i] ^= 0xff;
			r = crypto_verify_auth(14, cert.p, cert.n, a.p, a.n,
			    (const uint8_t *)MSG, strlen(MSG), why,
			    sizeof(why));
			if (r == CRYPTO_SIG_VERIFIED || !res_valid(r))
				bad++;
			a.p[i] ^= 0xff;
		}
		ok(bad == 0, "all %zu byte flips of an RSA-PSS AUTH fail", a.n);
		free(cert.p);
	}
	free(a.p);
	free(sig.p);
}

/* Certificates that cannot be read. */
static void
bad_cert_loop(const char *what, const char *cert_hex, int method,
    const char *auth_hex, const char *ai_hex)
{
	struct buf	       cert = unhex(cert_hex), a;
	enum crypto_sig_result r;
	char		       why[256];
	size_t		       i, bad = 0, verified = 0;

	a = ai_hex != NULL ? auth14(ai_hex, auth_hex) : unhex(auth_hex);
	for (i = 0; i < cert.n; i++) {
		struct buf t = copy(cert.p, i);

		r = crypto_verify_auth(method, t.p, t.n, a.p, a.n,
		    (const uint8_t *)MSG, strlen(MSG), why, sizeof(why));
		if (r != CRYPTO_SIG_BAD_CERT)
			bad++;
		free(t.p);
	}
	ok(bad == 0, "%s: all %zu truncations of the certificate: BAD_CERT",
	    what, cert.n);
	bad = 0;
	for (i = 0; i < cert.n; i++) {
		cert.p[i] ^= 0xff;
		r = crypto_verify_auth(method, cert.p, cert.n, a.p, a.n,
		    (const uint8_t *)MSG, strlen(MSG), why, sizeof(why));
		if (!res_valid(r))
			bad++;
		if (r == CRYPTO_SIG_VERIFIED)
			verified++;
		cert.p[i] ^= 0xff;
	}
	/* Flips outside the key leave a certificate that still verifies. */
	ok(bad == 0,
	    "%s: %zu byte flips of the certificate, no crash (%zu "
	    "still verify)",
	    what, cert.n, verified);
	free(cert.p);
	free(a.p);
}

static void
test_bad_cert(void)
{
	struct buf a = unhex(rsa_sha1_sig), g;
	char	   why[256];

	g = copy("hello, world", 12);
	ok(crypto_verify_auth(1, g.p, g.n, a.p, a.n, (const uint8_t *)MSG,
	       strlen(MSG), why, sizeof(why)) == CRYPTO_SIG_BAD_CERT,
	    "a text certificate: BAD_CERT (%s)", why);
	free(g.p);
	ok(crypto_verify_auth(1, NULL, 0, a.p, a.n, (const uint8_t *)MSG,
	       strlen(MSG), NULL, 0) == CRYPTO_SIG_BAD_CERT,
	    "no certificate: BAD_CERT");
	g = unhex(rsa8_der);
	ok(crypto_verify_auth(1, g.p, g.n, a.p, a.n, (const uint8_t *)MSG,
	       strlen(MSG), why, sizeof(why)) == CRYPTO_SIG_BAD_CERT,
	    "a private key as certificate: BAD_CERT (%s)", why);
	free(g.p);
	free(a.p);
	bad_cert_loop("RSA", rsa8_crt, 1, rsa_sha1_sig, NULL);
	bad_cert_loop("P-256", ec256_crt, 9, ec256_rs, NULL);
	bad_cert_loop("Ed25519", ed25519_crt, 14, ed25519_sig, ai_ed25519);
	/* A DSA key under ECDSA: only the certificate parsing is exercised. */
	bad_cert_loop("DSA", dsa_crt, 14, ec256_sig, ai_ecdsa_sha256);
}

/* --- IKEv1 ---------------------------------------------------------------- */

static void
test_v1(void)
{
	struct buf sig = unhex(v1rsa_sig), dss = unhex(dsa_rs), cert;
	uint8_t	   h[20], sha1[20];
	char	   why[256];

	memcpy(h, H20, 20);
	v1_case("IKEv1 RSA signature verifies", 3, rsa8_crt, &sig, h, 20,
	    CRYPTO_SIG_VERIFIED, NULL);
	v1_case("IKEv1 XAUTHInitRSA signature verifies", 65003, rsa8_crt, &sig,
	    h, 20, CRYPTO_SIG_VERIFIED, NULL);
	sig.p[10] ^= 0x80;
	v1_case("IKEv1 RSA signature with a flipped bit fails", 3, rsa8_crt,
	    &sig, h, 20, CRYPTO_SIG_FAILED, NULL);
	sig.p[10] ^= 0x80;
	h[19] ^= 1;
	v1_case("IKEv1 RSA signature over another hash fails", 3, rsa8_crt,
	    &sig, h, 20, CRYPTO_SIG_FAILED, "does not match");
	h[19] ^= 1;
	v1_case("IKEv1 RSA signature with a short hash fails", 3, rsa8_crt,
	    &sig, h, 19, CRYPTO_SIG_FAILED, NULL);
	v1_case("IKEv1 RSA signature with a P-256 certificate fails", 3,
	    ec256_crt, &sig, h, 20, CRYPTO_SIG_FAILED, "wrong key");
	free(sig.p);
	/* An IKEv2-style signature (DigestInfo) is told apart. */
	ok(crypto_hash(2, (const uint8_t *)MSG, strlen(MSG), sha1) == 0,
	    "SHA-1 of the message");
	sig = unhex(rsa_sha1_sig);
	v1_case("IKEv1 check of a DigestInfo signature fails", 3, rsa8_crt,
	    &sig, sha1, 20, CRYPTO_SIG_FAILED, "DigestInfo");
	free(sig.p);

	v1_case("IKEv1 DSS signature verifies", 2, dsa_crt, &dss, h, 20,
	    CRYPTO_SIG_VERIFIED, NULL);
	v1_case("IKEv1 XAUTHRespDSS signature verifies", 65002, dsa_crt, &dss,
	    h, 20, CRYPTO_SIG_VERIFIED, NULL);
	dss.p[39] ^= 1;
	v1_case("IKEv1 DSS signature with a flipped bit fails", 2, dsa_crt,
	    &dss, h, 20, CRYPTO_SIG_FAILED, NULL);
	dss.p[39] ^= 1;
	h[0] ^= 1;
	v1_case("IKEv1 DSS signature over another hash fails", 2, dsa_crt, &dss,
	    h, 20, CRYPTO_SIG_FAILED, NULL);
	h[0] ^= 1;
	dss.n = 39;
	v1_case("IKEv1 DSS signature of 39 bytes fails", 2, dsa_crt, &dss, h,
	    20, CRYPTO_SIG_FAILED, NULL);
	dss.n = 40;
	v1_case("IKEv1 DSS with an RSA certificate fails", 2, rsa8_crt, &dss, h,
	    20, CRYPTO_SIG_FAILED, "wrong key");
	v1_case("IKEv1 pre-shared key is not a signature", 1, rsa8_crt, &dss, h,
	    20, CRYPTO_SIG_UNSUPPORTED, NULL);
	cert = unhex(dsa_crt);
	ok(crypto_verify_v1_sig(2, cert.p, cert.n / 2, dss.p, dss.n, h, 20, why,
	       sizeof(why)) == CRYPTO_SIG_BAD_CERT,
	    "IKEv1 DSS with half a certificate: BAD_CERT (%s)", why);
	ok(crypto_verify_v1_sig(2, cert.p, cert.n, NULL, 0, NULL, 0, why,
	       sizeof(why)) == CRYPTO_SIG_FAILED,
	    "IKEv1 DSS without signature or hash fails (%s)", why);
	ok(crypto_verify_v1_sig(3, cert.p, cert.n, NULL, 0, NULL, 0, why,
	       sizeof(why)) == CRYPTO_SIG_FAILED,
	    "IKEv1 RSA with a DSA certificate, no signature, fails (%s)", why);
	free(cert.p);
	free(dss.p);
}

int
main(void)
{
	ok(crypto_init() == 0, "crypto_init");
	test_load();
	test_crlf();
	test_decrypt();
	test_refusals();
	test_truncations();
	test_auth();
	test_bad_ai();
	test_bad_cert();
	test_v1();
	return done();
}
