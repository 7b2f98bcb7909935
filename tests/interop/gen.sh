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
# 198.51.100.2.  ikev2-real-nat puts a third namespace iks-n between them
# that masquerades (nftables); its responder is 203.0.113.2.  The failure
# scenarios (proposal, traffic selector and ID mismatches, no answer) must
# fail to initiate; their key files may hold only the PSK.  DH private
# values are captured by dhshim.so, an LD_PRELOAD wrapper around OpenSSL's
# EVP_PKEY_derive (charon does all DH through the openssl plugin here: gmp
# and curve25519 are not loaded).

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
NS_N=iks-n
IP_I=192.0.2.1
IP_R=192.0.2.2
# ikev2-real-nat: the responder sits behind a NAT router (namespace iks-n,
# 192.0.2.254 inside, 203.0.113.254 outside, nftables masquerade)
IP_R_DIRECT=192.0.2.2
IP_R_NAT=203.0.113.2
NAT_IN=192.0.2.254
NAT_OUT=203.0.113.254
IN_I=198.51.100.1
IN_R=198.51.100.2
PACKAGES="strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins libcharon-extauth-plugins libstrongswan-extra-plugins libstrongswan-standard-plugins tcpdump iproute2 iputils-ping gcc libssl-dev python3 nftables"

ALL_SCENARIOS="ikev2-psk-aescbc-sha256 ikev1-main-psk-aes128-sha1-modp2048
ikev2-psk-gcm ikev1-main-pfs ikev1-aggressive-psk ikev1-3des-md5-modp1024
ikev1-aes256-sha256 ikev1-natt ikev1-qm-rekey ikev1-ecp256 ikev1-x25519
ikev2-ecp256 ikev2-x25519 ikev2-natt ikev2-rekey ikev1-wrong-psk
ikev2-wrong-psk ikev2-fragmentation ikev1-xauth-modecfg ikev1-rsa-sig
ikev2-rsa-sig ikev2-esp-aesctr ikev2-esp-ccm ikev2-esp-ccm8 ikev2-esp-chacha
ikev2-esp-gcm8 ikev2-esp-gcm12 ikev2-esp-sha384 ikev2-esp-sha512
ikev2-esp-xcbc ikev2-esp-cmac ikev2-esp-md5 ikev2-esp-null ikev2-esp-camellia
ikev2-esp-blowfish ikev2-esp-cast ikev1-esp-sha512-pfs
ikev1-proposal-mismatch ikev2-proposal-mismatch ikev2-child-proposal-mismatch
ikev1-qm-proposal-mismatch ikev2-ts-mismatch ikev1-id-mismatch
ikev2-id-mismatch ikev1-unanswered ikev2-unanswered ikev2-invalid-ke
ikev1-dpd ikev2-dpd ikev2-dpd-dead ikev1-delete ikev2-delete ikev1-camellia
ikev1-blowfish ikev1-cast ikev2-real-nat"

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
	*real-nat*) command -v nft >/dev/null || missing="$missing nftables(nft,for:$sc)" ;;
	*xauth*) [ -f "$PLUGINDIR/libstrongswan-xauth-generic.so" ] ||
		missing="$missing libcharon-extauth-plugins(xauth-generic,for:$sc)" ;;
	esac
done
[ -z "$missing" ] || die77 "missing:$missing (run with --install as root)"
[ -c /dev/net/tun ] || die77 "no /dev/net/tun (kernel-libipsec needs TUN)"
ip netns list >/dev/null 2>&1 || die77 "no network namespace support"
for n in $NS_I $NS_R $NS_N; do
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
	ip netns del $NS_N 2>/dev/null
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
	if [ $NAT = yes ]; then
		# iks-i -- iks-n (masquerade) -- iks-r: a real NAT between the peers
		ip netns add $NS_N || return 1
		ip link add iks-veth-i type veth peer name iks-veth-ni || return 1
		ip link add iks-veth-r type veth peer name iks-veth-nr || return 1
		ip link set iks-veth-ni netns $NS_N && ip link set iks-veth-nr netns $NS_N || return 1
		ip -n $NS_N addr add $NAT_IN/24 dev iks-veth-ni
		ip -n $NS_N addr add $NAT_OUT/24 dev iks-veth-nr
		ip -n $NS_N link set lo up
		ip -n $NS_N link set iks-veth-ni up
		ip -n $NS_N link set iks-veth-nr up
		ip netns exec $NS_N ethtool -K iks-veth-ni tso off gso off gro off >/dev/null 2>&1
		ip netns exec $NS_N ethtool -K iks-veth-nr tso off gso off gro off >/dev/null 2>&1
		ip netns exec $NS_N sysctl -qw net.ipv4.ip_forward=1 || return 1
		echo 'table ip iks-nat {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "iks-veth-nr" masquerade
	}
}' | ip netns exec $NS_N nft -f - || return 1
	else
		ip link add iks-veth-i type veth peer name iks-veth-r || return 1
	fi
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
	if [ $NAT = yes ]; then
		ip -n $NS_I route add default via $NAT_IN || return 1
		ip -n $NS_R route add default via $NAT_OUT || return 1
	fi
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
#   and for the failure and liveness scenarios:
#       PROP_R ESP_R   the responder's IKE / ESP proposals ("" = PROP / ESP)
#       TS_R           the responder's remote_ts ("" = the initiator's inner IP)
#       RID_R          the remote ID the responder expects ("" = initiator's IP)
#       RESP           run (default) | none: no responder daemon at all (its
#                      kernel answers ICMP port unreachable) | silent: no
#                      daemon and a blackhole route back (a silent drop)
#       TRIES          charon.retransmit_tries (both daemons)
#       DPD            the initiator's dpd_delay in seconds (0 = off; the
#                      responder has none: all liveness checks come from
#                      the initiator), dpd_action = clear
#       AFTER          what follows the traffic: terminate (default: IKE SA) |
#                      delete (CHILD_SA, then IKE SA) | dpd (wait DPD_WAIT
#                      seconds, then terminate) | dpd-dead (kill -9 the
#                      responder, wait until the initiator gives up)
#       FAIL           yes: the initiation is meant to fail
#       NAT            yes: a NAT router between the peers (IP_R becomes
#                      203.0.113.2; the responder sees the initiator as
#                      203.0.113.254)
scenario() {
	VER=2 PROP=aes128-sha256-modp2048 ESP=aes128-sha1 AGGR=no ENCAP=no
	FRAG=yes FRAGSIZE=0 PSK_I="ikescope-test-psk-$1" PSK_R="" REKEY="" WHAT=""
	AUTH=psk XAUTH_USER="" XAUTH_PASS="" POOL="" MTU="" PLUGINS=""
	PROP_R="" ESP_R="" TS_R="" RID_R="" RESP=run TRIES=1 DPD=0 AFTER=terminate
	DPD_WAIT=0 FAIL=no NAT=no
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
	# Failure scenarios ("the VPN does not come up"): see the README for
	# what each one really shows and <scenario>.expect for the facts.
	ikev1-proposal-mismatch)
		VER=1 PROP=aes128-sha1-modp2048 PROP_R=aes256-sha256-modp3072 FAIL=yes
		WHAT="IKEv1 Main Mode: the initiator offers only AES-128/SHA1/MODP-2048, the responder accepts only AES-256/SHA2-256/MODP-3072: NO_PROPOSAL_CHOSEN" ;;
	ikev2-proposal-mismatch)
		PROP=aes128-sha256-modp2048 PROP_R=aes256-sha384-modp3072 FAIL=yes
		WHAT="IKEv2 IKE_SA_INIT: the initiator offers only AES-128/SHA2-256/MODP-2048, the responder accepts only AES-256/SHA2-384/MODP-3072: N(NO_PROPOSAL_CHOSEN)" ;;
	ikev2-child-proposal-mismatch)
		ESP=aes128-sha1 ESP_R=aes256gcm16 FAIL=yes
		WHAT="IKEv2: the IKE SA comes up, but the ESP proposals do not match (AES-128/SHA1 offered, AES-GCM-256 accepted): IKE_AUTH response with N(NO_PROPOSAL_CHOSEN), no CHILD_SA" ;;
	ikev1-qm-proposal-mismatch)
		VER=1 PROP=aes128-sha1-modp2048 ESP=aes128-sha1 ESP_R=aes256-sha256 FAIL=yes
		WHAT="IKEv1: Main Mode completes, the Quick Mode ESP proposals do not match (AES-128/SHA1 offered, AES-256/SHA2-256 accepted): encrypted Informational NO_PROPOSAL_CHOSEN" ;;
	ikev2-ts-mismatch)
		TS_R=198.51.100.99/32 FAIL=yes
		WHAT="IKEv2: the responder's traffic selectors do not cover the initiator's (remote_ts 198.51.100.99/32 instead of 198.51.100.1/32): IKE_AUTH response with N(TS_UNACCEPTABLE), no CHILD_SA" ;;
	ikev1-id-mismatch)
		VER=1 PROP=aes128-sha1-modp2048 RID_R=other.ikescope.test FAIL=yes
		WHAT="IKEv1 Main Mode PSK: the responder expects the remote ID other.ikescope.test, the initiator sends its IP address: no peer configuration matches in MM5" ;;
	ikev2-id-mismatch)
		RID_R=other.ikescope.test FAIL=yes
		WHAT="IKEv2 PSK: the responder expects the remote ID other.ikescope.test, the initiator sends its IP address: no peer configuration matches in IKE_AUTH" ;;
	ikev1-unanswered)
		VER=1 PROP=aes128-sha1-modp2048 RESP=none TRIES=3 FAIL=yes
		WHAT="IKEv1 Main Mode, no responder daemon (its kernel answers ICMP port unreachable): the initiator retransmits MM1 (retransmit_tries 3) and gives up" ;;
	ikev2-unanswered)
		RESP=silent TRIES=3 FAIL=yes
		WHAT="IKEv2, no answer at all (no responder daemon, nothing comes back): the initiator retransmits IKE_SA_INIT (retransmit_tries 3) and gives up" ;;
	ikev2-invalid-ke)
		PROP=aes128-sha256-modp2048-ecp256 PROP_R=aes128-sha256-ecp256
		WHAT="IKEv2: the initiator's KE is MODP-2048, the responder accepts only ECP-256: N(INVALID_KE_PAYLOAD) with group 19, IKE_SA_INIT again with an ECP-256 KE; then the SA comes up" ;;
	ikev1-dpd)
		VER=1 PROP=aes128-sha1-modp2048 DPD=2 AFTER=dpd DPD_WAIT=7
		WHAT="IKEv1 Main Mode PSK with dead peer detection (dpd_delay 2s): R-U-THERE / R-U-THERE-ACK notifies in encrypted Informational exchanges" ;;
	ikev2-dpd)
		DPD=2 AFTER=dpd DPD_WAIT=7
		WHAT="IKEv2 PSK with dead peer detection (dpd_delay 2s): empty INFORMATIONAL requests and responses (liveness checks)" ;;
	ikev2-dpd-dead)
		DPD=2 TRIES=2 AFTER=dpd-dead DPD_WAIT=15
		WHAT="IKEv2 PSK with DPD (dpd_delay 2s); the responder daemon is killed after the traffic: the liveness check goes unanswered, the initiator retransmits it and deletes the SA" ;;
	ikev1-delete)
		VER=1 PROP=aes128-sha1-modp2048 AFTER=delete
		WHAT="IKEv1 Main Mode PSK; after the traffic the initiator deletes the CHILD_SA, then the IKE SA: Delete payloads (ESP, ISAKMP) in encrypted Informational exchanges" ;;
	ikev2-delete)
		AFTER=delete
		WHAT="IKEv2 PSK; after the traffic the initiator deletes the CHILD_SA, then the IKE SA: D(ESP) and D(IKE) in INFORMATIONAL exchanges" ;;
	ikev2-real-nat)
		NAT=yes
		WHAT="IKEv2 PSK through a real NAT (nftables masquerade in a third namespace): the responder 203.0.113.2 sees the initiator 192.0.2.1 as 203.0.113.254; NAT-D detects it, IKE moves to 4500, ESP-in-UDP" ;;
	ikev1-camellia)
		VER=1 PROP=camellia128-sha256-modp2048 ESP=aes128-sha1
		WHAT="IKEv1 Main Mode PSK, IKE encryption Camellia-CBC-128 (IKEv1 algorithm 8), SHA2-256, MODP-2048" ;;
	ikev1-blowfish)
		VER=1 PROP=blowfish128-sha1-modp2048 ESP=aes128-sha1
		WHAT="IKEv1 Main Mode PSK, IKE encryption Blowfish-CBC-128 (IKEv1 algorithm 3), SHA1, MODP-2048" ;;
	ikev1-cast)
		VER=1 PROP=cast128-sha1-modp2048 ESP=aes128-sha1
		WHAT="IKEv1 Main Mode PSK, IKE encryption CAST-128-CBC (IKEv1 algorithm 6), SHA1, MODP-2048" ;;
	*) return 1 ;;
	esac
	[ -n "$PSK_R" ] || PSK_R=$PSK_I
	if [ $NAT = yes ]; then IP_R=$IP_R_NAT; else IP_R=$IP_R_DIRECT; fi
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
	local prop=$PROP esp=$ESP rts rid peeraddr
	if [ $side = i ]; then me=$IP_I peer=$IP_R inme=$IN_I inpeer=$IN_R psk=$PSK_I
		dnme=$DN_I dnpeer=$DN_R who=initiator
	else me=$IP_R peer=$IP_I inme=$IN_R inpeer=$IN_I psk=$PSK_R
		dnme=$DN_R dnpeer=$DN_I who=responder
		[ -n "$PROP_R" ] && prop=$PROP_R
		[ -n "$ESP_R" ] && esp=$ESP_R
	fi
	# behind the NAT the responder sees the initiator as the NAT's address;
	# the IKE identities stay the peers' own addresses
	peeraddr=$peer
	[ $side = r ] && [ $NAT = yes ] && peeraddr=$NAT_OUT
	rts=$inpeer/32 rid=$peer dpd=0
	[ $side = i ] && dpd=$DPD
	[ $side = r ] && [ -n "$TS_R" ] && rts=$TS_R
	[ $side = r ] && [ -n "$RID_R" ] && rid=$RID_R
	# the retransmission scenarios: 1 s, 1.4 s, 1.96 s, ... (default base 1.8)
	local rbase=""
	[ "$TRIES" != 1 ] && rbase="retransmit_base = 1.4"
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
	retransmit_tries = $TRIES
	retransmit_timeout = 1.0
	$rbase
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
			id = $rid
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
	local idc=""
	[ "$rid" != "$peer" ] && idc="
		id-c = $rid"
	[ $AUTH = rsa ] || secrets="	ike-iks {
		id-a = $me
		id-b = $peer$idc
		secret = \"$psk\"
	}
$secrets"
	cat > "$d/swanctl.conf" <<EOF
connections {
	iks {
		version = $VER
		local_addrs = $me
		remote_addrs = $peeraddr
		proposals = $prop
		aggressive = $AGGR
		encap = $ENCAP
		fragmentation = $FRAG
		rekey_time = 0
		reauth_time = 0
		dpd_delay = $dpd
$conn
$auth
		children {
			iks {
				local_ts = $inme/32
				remote_ts = $rts
				esp_proposals = $esp
				mode = tunnel
				rekey_time = 0
				life_time = 0
				start_action = none
				dpd_action = clear
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
	start_charon i $NS_I "$d/i" || { cleanup; return 1; }
	local rpid=""
	if [ $RESP = run ]; then
		start_charon r $NS_R "$d/r" || { cleanup; return 1; }
		rpid=${PIDS[${#PIDS[@]}-1]}
	else
		: >"$d/r/charon.log"
		# silent: the responder's kernel cannot route its ICMP errors back
		[ $RESP = silent ] && ip -n $NS_R route add blackhole $IP_I/32
	fi
	sw "$d/i" --load-all --file "$d/i/swanctl.conf" >"$d/i/load.txt" 2>&1
	[ $RESP = run ] && sw "$d/r" --load-all --file "$d/r/swanctl.conf" >"$d/r/load.txt" 2>&1
	local f
	for f in "$d/i/load.txt" ${rpid:+"$d/r/load.txt"}; do
		grep -q "successfully loaded 1 connections" "$f" ||
			{ log "$sc: swanctl did not load the connection (see $f)"; cleanup; return 1; }
	done
	# --immediate-mode: without it the last packets (the final DELETE exchange)
	# can still sit in the kernel's capture buffer when tcpdump is stopped.
	# No responder daemon: also the ICMP port unreachable its kernel sends.
	local filter='udp port 500 or udp port 4500 or ip proto 50'
	[ $RESP = run ] || filter="$filter or icmp"
	ip netns exec $NS_I tcpdump -i iks-veth-i -s 0 -U --immediate-mode -n -w "$d/capture.pcap" \
		"$filter" >"$d/tcpdump.txt" 2>&1 &
	local tcpd=$!
	PIDS+=($tcpd)
	sleep 1
	local ok=1
	# a liveness / teardown step after the traffic; the failure scenarios
	# wait for the initiator to give up (retransmissions) instead
	local itimeout=15
	[ $RESP = run ] || itimeout=25
	if sw "$d/i" --initiate --child iks --timeout $itimeout >"$d/initiate.txt" 2>&1 &&
		[ $FAIL = no ]; then
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
		case $AFTER in
		dpd)
			sleep $DPD_WAIT
			sw "$d/i" --terminate --ike iks --timeout 5 >>"$d/initiate.txt" 2>&1 ;;
		dpd-dead)
			# the responder vanishes without a word (no DELETE)
			kill -9 $rpid 2>/dev/null; wait $rpid 2>/dev/null
			local t
			for t in $(seq $((DPD_WAIT * 2))); do
				sleep 0.5
				sw "$d/i" --list-sas --raw 2>/dev/null | grep -q . || break
			done
			sleep 0.5 ;;
		delete)
			sw "$d/i" --terminate --child iks --timeout 5 >>"$d/initiate.txt" 2>&1
			sleep 0.5
			sw "$d/i" --terminate --ike iks --timeout 5 >>"$d/initiate.txt" 2>&1 ;;
		*)
			sw "$d/i" --terminate --ike iks --timeout 5 >>"$d/initiate.txt" 2>&1 ;;
		esac
	elif [ $FAIL = yes ]; then
		if grep -q "initiate completed successfully" "$d/initiate.txt"; then
			ok=0; log "$sc: initiate succeeded, but it must fail (see $d/initiate.txt)"
		fi
		sw "$d/i" --list-sas --raw >"$d/i/sas.txt" 2>&1
		[ $RESP = run ] && sw "$d/r" --list-sas --raw >"$d/r/sas.txt" 2>&1
		sleep 2
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
	[ $FAIL = yes ] && extra+=(--may-fail)
	case $AUTH in
	psk) extra+=(--auth psk) ;;
	xauth) extra=(--auth xauth-psk --xauth-user "$XAUTH_USER" --xauth-password "$XAUTH_PASS"
		--pool "$POOL") ;;
	rsa) extra=(--auth rsa-sig --id-i "$DN_I" --id-r "$DN_R" --cert-prefix "$sc")
		local f
		for f in ca initiator responder; do
			cp "$d/pki/$f.crt" "$OUT/$sc.$f.crt" && cp "$d/pki/$f.key" "$OUT/$sc.$f.key" || ok=0
		done ;;
	esac
	python3 "$HERE/extract.py" --scenario "$sc" --what "$WHAT" --work "$d" --responder-ip "$IP_R" \
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
