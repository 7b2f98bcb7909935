#!/bin/bash
# gen.sh - regenerate ikescope's real-peer samples with two strongSwan charon
# daemons in two network namespaces joined by a veth pair.
#
# usage: tests/interop/gen.sh [--install] [--out DIR] [--keep] [--logs]
#                             [SCENARIO...]
#
#   --install   apt-get install the Debian packages it needs (root only)
#   --out DIR   where to write the samples (default: samples/strongswan)
#   --keep      keep the temporary work directory (logs, configs)
#   --logs      also write the two daemons' charon logs (ike and chd at
#               level 4: every key) as DIR/<scenario>.charon-i.log
#               (initiator) and DIR/<scenario>.charon-r.log (responder)
#   --list      list the scenarios and exit
#
# Each scenario writes DIR/<scenario>.pcap, .secrets.json, .min.keys and
# .full.keys; the certificate scenarios (*-rsa-sig) also write the PEM files
# DIR/<scenario>.{ca,initiator,responder}.crt and .key (made with pki).
# Exit status: 0 all done, 1 some scenario failed, 77 cannot run here (not
# root, missing package, no TUN device) - the reason is printed.
#
# The machine's kernel needs no ESP support: strongSwan's kernel-libipsec
# plugin does ESP in user space over a TUN device.  No packet leaves the
# machine: everything runs in the namespaces iks-i (initiator, 192.0.2.1)
# and iks-r (responder, 192.0.2.2); the tunnel joins 198.51.100.1 and
# 198.51.100.2.  DH private values are captured by dhshim.so, an LD_PRELOAD
# wrapper around OpenSSL's EVP_PKEY_derive (charon does all DH through the
# openssl plugin here: gmp and curve25519 are not loaded).

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
OUT="$TOP/samples/strongswan"
INSTALL=0
KEEP=0
LOGS=0
CHARON=/usr/lib/ipsec/charon
PLUGINDIR=/usr/lib/ipsec/plugins
NS_I=iks-i
NS_R=iks-r
IP_I=192.0.2.1
IP_R=192.0.2.2
IN_I=198.51.100.1
IN_R=198.51.100.2
PACKAGES="strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins libcharon-extauth-plugins libstrongswan-extra-plugins libstrongswan-standard-plugins tcpdump iproute2 iputils-ping gcc libssl-dev python3"

ALL_SCENARIOS="ikev2-psk-aescbc-sha256 ikev1-main-psk-aes128-sha1-modp2048
ikev2-psk-gcm ikev1-main-pfs ikev1-aggressive-psk ikev1-3des-md5-modp1024
ikev1-aes256-sha256 ikev1-natt ikev1-qm-rekey ikev1-ecp256 ikev1-x25519
ikev2-ecp256 ikev2-x25519 ikev2-natt ikev2-rekey ikev1-wrong-psk
ikev2-wrong-psk ikev2-fragmentation ikev1-xauth-modecfg ikev1-rsa-sig
ikev2-rsa-sig ikev2-esp-aesctr ikev2-esp-ccm ikev2-esp-ccm8 ikev2-esp-chacha
ikev2-esp-gcm8 ikev2-esp-gcm12 ikev2-esp-sha384 ikev2-esp-sha512
ikev2-esp-xcbc ikev2-esp-cmac ikev2-esp-md5 ikev2-esp-null ikev2-esp-camellia
ikev2-esp-blowfish ikev2-esp-cast ikev1-esp-sha512-pfs"

die77() { echo "gen.sh: cannot run: $*" >&2; exit 77; }
log() { echo "gen.sh: $*" >&2; }

SCENARIOS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--install) INSTALL=1 ;;
	--keep) KEEP=1 ;;
	--logs) LOGS=1 ;;
	--out) OUT=$2; shift ;;
	--list) echo $ALL_SCENARIOS | tr ' ' '\n'; exit 0 ;;
	-h|--help) sed -n '2,/^set -u/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "gen.sh: unknown option $1" >&2; exit 2 ;;
	*) SCENARIOS+=("$1") ;;
	esac
	shift
done
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=($ALL_SCENARIOS)

# ---------------------------------------------------------------- checks
[ "$(id -u)" = 0 ] || die77 "must run as root (network namespaces, TUN devices, tcpdump)"
if [ $INSTALL = 1 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES >&2 ||
		die77 "apt-get install failed"
fi
missing=""
[ -x "$CHARON" ] || missing="$missing strongswan-charon($CHARON)"
command -v swanctl >/dev/null || missing="$missing strongswan-swanctl(swanctl)"
[ -f "$PLUGINDIR/libstrongswan-kernel-libipsec.so" ] || missing="$missing libcharon-extra-plugins(kernel-libipsec)"
[ -f "$PLUGINDIR/libstrongswan-openssl.so" ] || missing="$missing libstrongswan-standard-plugins(openssl)"
command -v tcpdump >/dev/null || missing="$missing tcpdump"
command -v ping >/dev/null || missing="$missing iputils-ping(ping)"
command -v ip >/dev/null || missing="$missing iproute2(ip)"
command -v cc >/dev/null || missing="$missing gcc(cc)"
command -v python3 >/dev/null || missing="$missing python3"
[ -f /usr/include/openssl/evp.h ] || missing="$missing libssl-dev"
for sc in "${SCENARIOS[@]}"; do
	case "$sc" in
	*rsa-sig*) command -v pki >/dev/null || missing="$missing strongswan-pki(pki,for:$sc)" ;;
	*xauth*) [ -f "$PLUGINDIR/libstrongswan-xauth-generic.so" ] ||
		missing="$missing libcharon-extauth-plugins(xauth-generic,for:$sc)" ;;
	esac
done
[ -z "$missing" ] || die77 "missing:$missing (run with --install as root)"
[ -c /dev/net/tun ] || die77 "no /dev/net/tun (kernel-libipsec needs TUN)"
ip netns list >/dev/null 2>&1 || die77 "no network namespace support"
for n in $NS_I $NS_R; do
	ip netns list | grep -qw "$n" && die77 "namespace $n exists (another gen.sh running? remove with: ip netns del $n)"
done

WORK=$(mktemp -d /tmp/ikescope-interop.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.3
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	PIDS=()
	ip netns del $NS_I 2>/dev/null
	ip netns del $NS_R 2>/dev/null
}
final() {
	cleanup
	if [ $KEEP = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap final EXIT
trap 'exit 130' INT TERM

cc -O2 -Wall -shared -fPIC -o "$WORK/dhshim.so" "$HERE/dhshim.c" -ldl -lcrypto ||
	die77 "cannot build dhshim.so"
mkdir -p "$OUT"

# ---------------------------------------------------------------- network
setup_net() {
	ip netns add $NS_I && ip netns add $NS_R || return 1
	ip link add iks-veth-i type veth peer name iks-veth-r || return 1
	ip link set iks-veth-i netns $NS_I && ip link set iks-veth-r netns $NS_R || return 1
	ip -n $NS_I addr add $IP_I/24 dev iks-veth-i
	ip -n $NS_R addr add $IP_R/24 dev iks-veth-r
	ip -n $NS_I addr add $IN_I/32 dev lo
	ip -n $NS_R addr add $IN_R/32 dev lo
	local n
	for n in $NS_I $NS_R; do
		ip -n $n link set lo up
	done
	if [ -n "$MTU" ]; then
		ip -n $NS_I link set iks-veth-i mtu $MTU
		ip -n $NS_R link set iks-veth-r mtu $MTU
	fi
	ip -n $NS_I link set iks-veth-i up
	ip -n $NS_R link set iks-veth-r up
	# no segmentation offload: tcpdump then sees what the wire carries
	ip netns exec $NS_I ethtool -K iks-veth-i tso off gso off gro off >/dev/null 2>&1
	ip netns exec $NS_R ethtool -K iks-veth-r tso off gso off gro off >/dev/null 2>&1
	return 0
}

# ---------------------------------------------------------------- scenarios
# Sets: VER PROP ESP AGGR ENCAP FRAG FRAGSIZE PSK_I PSK_R REKEY WHAT
#       AUTH (psk | xauth = PSK + XAUTH + Mode Config | rsa = X.509/RSA)
#       XAUTH_USER XAUTH_PASS POOL (xauth only)  MTU (veth MTU, "" = 1500)
#       PLUGINS (extra charon plugins: the ESP algorithm scenarios)
scenario() {
	VER=2 PROP=aes128-sha256-modp2048 ESP=aes128-sha1 AGGR=no ENCAP=no
	FRAG=yes FRAGSIZE=0 PSK_I="ikescope-test-psk-$1" PSK_R="" REKEY="" WHAT=""
	AUTH=psk XAUTH_USER="" XAUTH_PASS="" POOL="" MTU="" PLUGINS=""
	case "$1" in
	ikev2-psk-aescbc-sha256)
		WHAT="IKEv2 PSK, IKE AES-CBC-128/HMAC-SHA2-256/MODP-2048, ESP AES-CBC-128/HMAC-SHA1-96" ;;
	ikev1-main-psk-aes128-sha1-modp2048)
		VER=1 PROP=aes128-sha1-modp2048
		WHAT="IKEv1 Main Mode PSK AES-128/SHA1/MODP-2048 + Quick Mode ESP AES-128/SHA1 (no PFS)" ;;
	ikev2-psk-gcm)
		ESP=aes128gcm16
		WHAT="IKEv2 PSK AES-CBC/SHA2-256/MODP-2048, ESP AES-GCM-16 (128-bit key)" ;;
	ikev1-main-pfs)
		VER=1 PROP=aes128-sha1-modp2048 ESP=aes128-sha1-modp2048
		WHAT="IKEv1 Main Mode PSK + Quick Mode with PFS (MODP-2048 KE in QM)" ;;
	ikev1-aggressive-psk)
		VER=1 PROP=aes128-sha1-modp2048 AGGR=yes
		WHAT="IKEv1 Aggressive Mode PSK AES-128/SHA1/MODP-2048 + Quick Mode" ;;
	ikev1-3des-md5-modp1024)
		VER=1 PROP=3des-md5-modp1024 ESP=3des-md5
		WHAT="IKEv1 Main Mode PSK 3DES/MD5/MODP-1024, ESP 3DES/HMAC-MD5-96" ;;
	ikev1-aes256-sha256)
		VER=1 PROP=aes256-sha256-modp2048 ESP=aes256-sha256
		WHAT="IKEv1 Main Mode PSK AES-256/SHA2-256/MODP-2048, ESP AES-256/HMAC-SHA2-256-128" ;;
	ikev1-natt)
		VER=1 PROP=aes128-sha1-modp2048 ENCAP=yes
		WHAT="IKEv1 Main Mode PSK, NAT-T forced (port 4500, ESP-in-UDP)" ;;
	ikev1-qm-rekey)
		VER=1 PROP=aes128-sha1-modp2048 ESP=aes128-sha1-modp2048 REKEY=child
		WHAT="IKEv1 Main Mode PSK, Quick Mode with PFS, then a Quick Mode rekey (second QM, new SPIs)" ;;
	ikev1-ecp256)
		VER=1 PROP=aes128-sha256-ecp256
		WHAT="IKEv1 Main Mode PSK AES-128/SHA2-256/ECP-256 (group 19)" ;;
	ikev1-x25519)
		VER=1 PROP=aes128-sha256-curve25519
		WHAT="IKEv1 Main Mode PSK AES-128/SHA2-256/Curve25519 (group 31)" ;;
	ikev2-ecp256)
		PROP=aes128-sha256-ecp256
		WHAT="IKEv2 PSK AES-128/SHA2-256/ECP-256 (group 19)" ;;
	ikev2-x25519)
		PROP=aes128-sha256-curve25519
		WHAT="IKEv2 PSK AES-128/SHA2-256/Curve25519 (group 31)" ;;
	ikev2-natt)
		ENCAP=yes
		WHAT="IKEv2 PSK, NAT-T forced: IKE moves to 4500, ESP-in-UDP" ;;
	ikev2-rekey)
		ESP=aes128-sha1-modp2048 REKEY=child,ike
		WHAT="IKEv2 PSK; CHILD_SA rekey with PFS (KE in CREATE_CHILD_SA), then IKE SA rekey" ;;
	ikev1-wrong-psk)
		VER=1 PROP=aes128-sha1-modp2048 PSK_R="ikescope-wrong-psk"
		WHAT="IKEv1 Main Mode, responder has another PSK: MM5 does not decrypt at the responder" ;;
	ikev2-wrong-psk)
		PSK_R="ikescope-wrong-psk"
		WHAT="IKEv2, responder has another PSK: AUTH fails, AUTHENTICATION_FAILED notify" ;;
	ikev2-fragmentation)
		FRAG=force FRAGSIZE=160
		WHAT="IKEv2 PSK with RFC 7383 fragmentation forced (fragment_size 160): SKF payloads" ;;
	ikev1-xauth-modecfg)
		VER=1 PROP=aes128-sha1-modp2048 AUTH=xauth
		XAUTH_USER="ikescope-user" XAUTH_PASS="ikescope-xauth-password"
		# a one-address pool: the virtual IP is the tunnel's inner address
		POOL="$IN_I-$IN_I"
		WHAT="IKEv1 Main Mode PSK (XAUTHInitPreShared) + XAUTH user/password + Mode Config virtual IP from a pool: Transaction (type 6) exchanges" ;;
	# RSA-2048 certificates make MM5/MM6 ~1.4 kB and IKE_AUTH ~1.6 kB: without
	# FRAG=no strongSwan would split them (IKEv1 FRAG payloads, IKEv2 SKF),
	# and IKE_AUTH would be IP-fragmented at MTU 1500.  Keep every message
	# one datagram so the CERT/SIG/AUTH payloads sit in one packet.
	ikev1-rsa-sig)
		VER=1 PROP=aes128-sha1-modp2048 AUTH=rsa PSK_I="" FRAG=no MTU=9000
		WHAT="IKEv1 Main Mode RSA signatures (auth method 3), X.509 certificates (pki CA) in CERT payloads" ;;
	ikev2-rsa-sig)
		AUTH=rsa PSK_I="" FRAG=no MTU=9000
		WHAT="IKEv2 RSA signatures with X.509 certificates (pki CA) in CERT payloads, RFC 7427 digital signature AUTH" ;;
	# ESP algorithm scenarios: IKE stays AES-CBC-128/HMAC-SHA2-256/MODP-2048,
	# one CHILD_SA algorithm set each (kernel-libipsec does the ESP).
	# PLUGINS: xcbc and cmac are required (without them: NO_PROPOSAL_CHOSEN);
	# Debian's openssl plugin already does AES-CTR, AES-CCM and
	# ChaCha20-Poly1305 (checked), ctr/ccm/chapoly are loaded as a fallback
	# for builds where it does not.
	# Not possible with strongSwan 5.9.8's kernel-libipsec (the responder
	# answers NO_PROPOSAL_CHOSEN because it cannot install the SA):
	#   aes128gmac (ENCR_NULL_AUTH_AES_GMAC): "failed to create ESP context:
	#     unsupported AEAD algorithm NULL_AES_GMAC" (libipsec's esp_context
	#     knows only GCM, CCM and ChaCha20-Poly1305 as AEADs);
	#   aes128-sha256-esn (extended sequence numbers): "IPsec SA: ESN not
	#     supported".
	ikev2-esp-aesctr)
		ESP=aes128ctr-sha256 PLUGINS="ctr"
		WHAT="IKEv2 PSK, ESP AES-CTR-128 (RFC 3686, 4-byte nonce) + HMAC-SHA2-256-128" ;;
	ikev2-esp-ccm)
		ESP=aes256ccm16 PLUGINS="ccm"
		WHAT="IKEv2 PSK, ESP AES-CCM-256 with 16-byte ICV (RFC 4309, 3-byte salt)" ;;
	ikev2-esp-ccm8)
		ESP=aes128ccm8 PLUGINS="ccm"
		WHAT="IKEv2 PSK, ESP AES-CCM-128 with 8-byte ICV (RFC 4309, 3-byte salt)" ;;
	ikev2-esp-chacha)
		ESP=chacha20poly1305 PLUGINS="chapoly"
		WHAT="IKEv2 PSK, ESP ChaCha20-Poly1305 (RFC 7634, 4-byte salt)" ;;
	ikev2-esp-gcm8)
		ESP=aes128gcm8
		WHAT="IKEv2 PSK, ESP AES-GCM-128 with 8-byte ICV" ;;
	ikev2-esp-gcm12)
		ESP=aes192gcm12
		WHAT="IKEv2 PSK, ESP AES-GCM-192 with 12-byte ICV" ;;
	ikev2-esp-sha384)
		ESP=aes256-sha384
		WHAT="IKEv2 PSK, ESP AES-CBC-256 + HMAC-SHA2-384-192" ;;
	ikev2-esp-sha512)
		ESP=aes256-sha512
		WHAT="IKEv2 PSK, ESP AES-CBC-256 + HMAC-SHA2-512-256" ;;
	ikev2-esp-xcbc)
		ESP=aes128-aesxcbc PLUGINS="xcbc"
		WHAT="IKEv2 PSK, ESP AES-CBC-128 + AES-XCBC-MAC-96 (RFC 3566)" ;;
	ikev2-esp-cmac)
		ESP=aes128-aescmac PLUGINS="cmac"
		WHAT="IKEv2 PSK, ESP AES-CBC-128 + AES-CMAC-96 (RFC 4494)" ;;
	ikev2-esp-md5)
		ESP=3des-md5
		WHAT="IKEv2 PSK, ESP 3DES-CBC + HMAC-MD5-96" ;;
	ikev2-esp-null)
		ESP=null-sha1
		WHAT="IKEv2 PSK, ESP ENCR_NULL + HMAC-SHA1-96 (integrity only, RFC 2410)" ;;
	ikev2-esp-camellia)
		ESP=camellia128-sha256
		WHAT="IKEv2 PSK, ESP Camellia-CBC-128 (RFC 4312) + HMAC-SHA2-256-128" ;;
	ikev2-esp-blowfish)
		ESP=blowfish128-sha1
		WHAT="IKEv2 PSK, ESP Blowfish-CBC-128 + HMAC-SHA1-96" ;;
	ikev2-esp-cast)
		ESP=cast128-sha1
		WHAT="IKEv2 PSK, ESP CAST-128-CBC (RFC 2144/2451) + HMAC-SHA1-96" ;;
	ikev1-esp-sha512-pfs)
		VER=1 PROP=aes256-sha512-modp2048 ESP=aes256-sha512-modp2048
		WHAT="IKEv1 Main Mode PSK AES-256/SHA2-512/MODP-2048 + Quick Mode with PFS (MODP-2048), ESP AES-CBC-256 + HMAC-SHA2-512-256" ;;
	*) return 1 ;;
	esac
	[ -n "$PSK_R" ] || PSK_R=$PSK_I
	return 0
}

# X.509 subject DNs of the certificate scenarios (also the IKE identities)
DN_CA="C=CH, O=ikescope, CN=ikescope test CA"
DN_I="C=CH, O=ikescope, CN=initiator.ikescope.test"
DN_R="C=CH, O=ikescope, CN=responder.ikescope.test"

make_pki() { # dir: CA + one RSA-2048 certificate per peer, all PEM
	local d=$1
	[ -n "$d" ] && mkdir -p "$d" || return 1
	# pki alone would try every plugin (tpm complains): load only what it needs
	cat > "$d/strongswan.conf" <<EOF
pki {
	load = random openssl pem pkcs1 pkcs8 x509 pubkey sha1 sha2
}
EOF
	local P="env STRONGSWAN_CONF=$d/strongswan.conf pki"
	$P --gen --type rsa --size 2048 --outform pem >"$d/ca.key" &&
	$P --self --in "$d/ca.key" --type rsa --dn "$DN_CA" --ca --lifetime 10950 \
		--digest sha256 --outform pem >"$d/ca.crt" || return 1
	local who dn ip name
	for who in initiator responder; do
		if [ $who = initiator ]; then dn=$DN_I ip=$IP_I; else dn=$DN_R ip=$IP_R; fi
		name=${dn##*CN=}
		$P --gen --type rsa --size 2048 --outform pem >"$d/$who.key" &&
		$P --pub --in "$d/$who.key" --type rsa |
			$P --issue --cacert "$d/ca.crt" --cakey "$d/ca.key" --dn "$dn" \
				--san "$name" --san "$ip" --lifetime 10950 --digest sha256 \
				--flag serverAuth --flag clientAuth --outform pem >"$d/$who.crt" || return 1
	done
	return 0
}

write_conf() { # side dir
	local side=$1 d=$2 me peer inme inpeer psk dnme dnpeer who
	if [ $side = i ]; then me=$IP_I peer=$IP_R inme=$IN_I inpeer=$IN_R psk=$PSK_I
		dnme=$DN_I dnpeer=$DN_R who=initiator
	else me=$IP_R peer=$IP_I inme=$IN_R inpeer=$IN_I psk=$PSK_R
		dnme=$DN_R dnpeer=$DN_I who=responder; fi
	local load="random nonce openssl aes sha1 sha2 md5 hmac gcm kdf pem pkcs1 pubkey x509 socket-default kernel-libipsec kernel-netlink vici"
	[ $AUTH = xauth ] && load="$load xauth-generic"
	[ -n "$PLUGINS" ] && load="$load $PLUGINS"
	# swanctl --load-all --file DIR/swanctl.conf reads credentials from DIR/x509...
	if [ $AUTH = rsa ]; then
		mkdir -p "$d/x509" "$d/x509ca" "$d/private" &&
		cp "$WORK/$SC/pki/ca.crt" "$d/x509ca/ca.crt" &&
		cp "$WORK/$SC/pki/$who.crt" "$d/x509/$who.crt" &&
		cp "$WORK/$SC/pki/$who.key" "$d/private/$who.key" || return 1
	fi
	cat > "$d/strongswan.conf" <<EOF
charon {
	load = $load
	port = 500
	port_nat_t = 4500
	install_virtual_ip = no
	retransmit_tries = 1
	retransmit_timeout = 1.0
	half_open_timeout = 5
	fragment_size = $FRAGSIZE
	i_dont_care_about_security_and_use_aggressive_mode_psk = $AGGR
	plugins {
		vici {
			socket = unix://$d/charon.vici
		}
		kernel-libipsec {
			raw_esp = yes
		}
	}
	syslog {
		identifier = ikescope-$side
		daemon {
			default = -1
		}
	}
	filelog {
		charon {
			path = $d/charon.log
			append = no
			flush_line = yes
			ike_name = yes
			time_format = %s
			default = 1
			ike = 4
			chd = 4
			cfg = 2
			knl = 2
			mgr = 2
			enc = 1
			net = 2
			esp = 2
		}
	}
}
EOF
	local auth conn="" secrets=""
	case "$AUTH.$side" in
	psk.*)
		auth="		local {
			auth = psk
			id = $me
		}
		remote {
			auth = psk
			id = $peer
		}" ;;
	xauth.i)
		# XAUTH client; Mode Config pull: ask for any virtual IP
		conn="		vips = 0.0.0.0"
		auth="		local-1 {
			auth = psk
			id = $me
		}
		local-2 {
			auth = xauth
			xauth_id = $XAUTH_USER
		}
		remote {
			auth = psk
			id = $peer
		}" ;;
	xauth.r)
		# XAUTH server (xauth-generic checks the xauth secret); virtual IP pool
		conn="		pools = iks-pool"
		auth="		local {
			auth = psk
			id = $me
		}
		remote-1 {
			auth = psk
			id = $peer
		}
		remote-2 {
			auth = xauth
		}" ;;
	rsa.*)
		# certificates always in CERT payloads (not only on CERTREQ)
		conn="		send_cert = always"
		auth="		local {
			auth = pubkey
			certs = $who.crt
			id = \"$dnme\"
		}
		remote {
			auth = pubkey
			id = \"$dnpeer\"
		}" ;;
	esac
	[ $AUTH = xauth ] && secrets="	xauth-iks {
		id = $XAUTH_USER
		secret = \"$XAUTH_PASS\"
	}"
	[ $AUTH = rsa ] || secrets="	ike-iks {
		id-a = $me
		id-b = $peer
		secret = \"$psk\"
	}
$secrets"
	cat > "$d/swanctl.conf" <<EOF
connections {
	iks {
		version = $VER
		local_addrs = $me
		remote_addrs = $peer
		proposals = $PROP
		aggressive = $AGGR
		encap = $ENCAP
		fragmentation = $FRAG
		rekey_time = 0
		reauth_time = 0
		dpd_delay = 0
$conn
$auth
		children {
			iks {
				local_ts = $inme/32
				remote_ts = $inpeer/32
				esp_proposals = $ESP
				mode = tunnel
				rekey_time = 0
				life_time = 0
				start_action = none
			}
		}
	}
}
secrets {
$secrets
}
EOF
	if [ $AUTH = xauth ] && [ $side = r ]; then
		cat >> "$d/swanctl.conf" <<EOF
pools {
	iks-pool {
		addrs = $POOL
	}
}
EOF
	fi
	return 0
}

start_charon() { # side ns dir
	local side=$1 ns=$2 d=$3
	ip netns exec $ns unshare -m sh -c '
		mount -t tmpfs ikescope-run /run || exit 1
		exec env STRONGSWAN_CONF="$1/strongswan.conf" LD_PRELOAD="$2" \
			IKESCOPE_DH_LOG="$1/dh.jsonl" "$3" --use-syslog' \
		sh "$d" "$WORK/dhshim.so" "$CHARON" >"$d/charon.stdout" 2>&1 &
	PIDS+=($!)
	local t
	for t in $(seq 50); do
		[ -S "$d/charon.vici" ] && return 0
		sleep 0.1
	done
	log "charon ($side) did not come up; see $d/charon.stdout"
	return 1
}

sw() { # dir args...
	local d=$1; shift
	swanctl "$@" --uri "unix://$d/charon.vici"
}

traffic() { # scenario label
	ip netns exec $NS_I ping -n -c 3 -i 0.2 -W 1 -I $IN_I $IN_R >>"$WORK/$1/traffic.txt" 2>&1
	ip netns exec $NS_I python3 - "$IN_I" "$IN_R" "ikescope-known-plaintext $1 $2" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.sendto(sys.argv[3].encode(), (sys.argv[2], 9999))
EOF
	sleep 0.5
}

# Plugins some scenarios load besides the default set (scenario() above
# says which); checked with the packages before anything starts.
for sc in "${SCENARIOS[@]}"; do
	scenario "$sc" || continue
	for p in $PLUGINS; do
		[ -f "$PLUGINDIR/libstrongswan-$p.so" ] || case $p in
			xcbc) missing="$missing libstrongswan($p,for:$sc)" ;;
			*) missing="$missing libstrongswan-extra-plugins($p,for:$sc)" ;;
			esac
	done
done
[ -z "$missing" ] || die77 "missing:$missing (run with --install as root)"

run_scenario() {
	local sc=$1 d=$WORK/$sc
	SC=$sc
	scenario "$sc" || { log "unknown scenario $sc"; return 1; }
	mkdir -p "$d/i" "$d/r"
	if [ $AUTH = rsa ]; then
		make_pki "$d/pki" >"$d/pki.log" 2>&1 || { log "$sc: pki failed (see $d/pki.log)"; return 1; }
	fi
	write_conf i "$d/i" && write_conf r "$d/r" || { log "$sc: config failed"; return 1; }
	setup_net || { log "network setup failed"; cleanup; return 1; }
	start_charon i $NS_I "$d/i" && start_charon r $NS_R "$d/r" || { cleanup; return 1; }
	sw "$d/i" --load-all --file "$d/i/swanctl.conf" >"$d/i/load.txt" 2>&1
	sw "$d/r" --load-all --file "$d/r/swanctl.conf" >"$d/r/load.txt" 2>&1
	# --immediate-mode: without it the last packets (the final DELETE exchange)
	# can still sit in the kernel's capture buffer when tcpdump is stopped
	ip netns exec $NS_I tcpdump -i iks-veth-i -s 0 -U --immediate-mode -n -w "$d/capture.pcap" \
		'udp port 500 or udp port 4500 or ip proto 50' >"$d/tcpdump.txt" 2>&1 &
	local tcpd=$!
	PIDS+=($tcpd)
	sleep 1
	local ok=1
	if sw "$d/i" --initiate --child iks --timeout 15 >"$d/initiate.txt" 2>&1; then
		sleep 0.3
		traffic "$sc" 1
		case "$REKEY" in *child*)
			sw "$d/i" --rekey --child iks >>"$d/initiate.txt" 2>&1
			sleep 1.5
			traffic "$sc" 2 ;;
		esac
		case "$REKEY" in *ike*)
			sw "$d/i" --rekey --ike iks >>"$d/initiate.txt" 2>&1
			sleep 1.5
			traffic "$sc" 3 ;;
		esac
		sw "$d/i" --list-sas --raw >"$d/i/sas.txt" 2>&1
		sw "$d/r" --list-sas --raw >"$d/r/sas.txt" 2>&1
		sw "$d/i" --terminate --ike iks --timeout 5 >>"$d/initiate.txt" 2>&1
	else
		case "$sc" in *wrong-psk*) : ;; *) ok=0; log "$sc: initiate failed (see $d/initiate.txt)";; esac
		sleep 2
	fi
	sleep 0.5
	kill -INT $tcpd 2>/dev/null; wait $tcpd 2>/dev/null
	cleanup
	cp "$d/capture.pcap" "$OUT/$sc.pcap"
	if [ $LOGS = 1 ]; then
		cp "$d/i/charon.log" "$OUT/$sc.charon-i.log" &&
		cp "$d/r/charon.log" "$OUT/$sc.charon-r.log" || ok=0
	fi
	local extra=()
	case $AUTH in
	psk) extra=(--auth psk) ;;
	xauth) extra=(--auth xauth-psk --xauth-user "$XAUTH_USER" --xauth-password "$XAUTH_PASS"
		--pool "$POOL") ;;
	rsa) extra=(--auth rsa-sig --id-i "$DN_I" --id-r "$DN_R" --cert-prefix "$sc")
		local f
		for f in ca initiator responder; do
			cp "$d/pki/$f.crt" "$OUT/$sc.$f.crt" && cp "$d/pki/$f.key" "$OUT/$sc.$f.key" || ok=0
		done ;;
	esac
	python3 "$HERE/extract.py" --scenario "$sc" --what "$WHAT" --work "$d" \
		--psk-i "$PSK_I" --psk-r "$PSK_R" --ike-version $VER --out "$OUT" "${extra[@]}" || ok=0
	[ $ok = 1 ]
}

T0=$(date +%s)
failed=""
for sc in "${SCENARIOS[@]}"; do
	log "scenario $sc"
	run_scenario "$sc" || failed="$failed $sc"
done
log "done in $(( $(date +%s) - T0 ))s; output in $OUT"
if [ -n "$failed" ]; then
	log "FAILED:$failed"
	exit 1
fi
exit 0
