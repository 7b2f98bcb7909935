#!/bin/bash
# setup.sh - from a fresh Debian 12 (bookworm) to a built ikescope and a
# first report.  The README's first quick-start command; run it as root
# from anywhere:
#
#	tests/setup.sh
#
# 1. installs the Debian packages that are missing (apt output goes to
#    build/setup.log; errors are shown),
# 2. generates configure (./autogen.sh) when needed,
# 3. configures and builds in build/ (out of tree),
# 4. prints the report of a strongSwan capture decrypted with its PSK and
#    DH value (samples/strongswan/ikev1-main-psk-aes128-sha1-modp2048).
#
# Safe to run again: it installs, regenerates and rebuilds only what is
# missing or out of date.  Needs no terminal (CI, stdin closed).

set -eu
set -o pipefail

cd "$(dirname "$0")/.."
top=$(pwd)
mkdir -p build
log=$top/build/setup.log
: > "$log"

say() { printf 'setup: %s\n' "$*"; }
fail()
{
	printf 'setup: error: %s\n' "$*" >&2
	if [ -s "$log" ]; then
		printf 'setup: last lines of %s:\n' "$log" >&2
		tail -n 25 "$log" | sed 's/^/  /' >&2
	fi
	exit 1
}

# --- 1. packages ------------------------------------------------------------
# To build: compiler, autotools, libraries (libipsec-mb-dev is optional:
# multi-buffer MD5/SHA1 for --psk-candidates).  To test: python3 (JSON
# checks; python3-jsonschema validates every JSON output against
# docs/schema),
# tshark (the independent oracle), clang-format (tests/format.sh), clang
# (optional second compiler for the sanitizer build), gawk (automake's TAP
# driver), xz-utils (make distcheck); for `make interop` (real-peer
# captures made now, tests/interop.sh): strongSwan, tcpdump, iproute2, ping,
# libssl-dev (the DH shim) and nftables (the NAT of ikev2-real-nat);
# ike-scan (psk-crack reads --export-keys psk-crack: output in
# tests/export.sh); tmux (tests/tui.sh runs the browser in a real terminal).
packages="build-essential autoconf automake libtool pkg-config
	libpcap-dev libgcrypt20-dev libksba-dev libjson-c-dev libncurses-dev
	libipsec-mb-dev
	python3 python3-jsonschema tshark clang clang-format gawk xz-utils
	strongswan-charon strongswan-swanctl strongswan-pki
	libcharon-extra-plugins libcharon-extauth-plugins
	libstrongswan-extra-plugins libstrongswan-standard-plugins
	tcpdump iproute2 iputils-ping libssl-dev nftables ike-scan tmux"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif command -v sudo > /dev/null 2>&1; then
		sudo="sudo -n"
	else
		fail "missing packages:$missing; run this script as root"
	fi
	say "installing:$missing (log: build/setup.log)"
	export DEBIAN_FRONTEND=noninteractive
	# tshark asks whether non-superusers may capture; keep the default (no).
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
	    $sudo debconf-set-selections >> "$log" 2>&1 || true
	$sudo apt-get update -q < /dev/null >> "$log" 2>&1 ||
	    fail "apt-get update failed"
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends \
	    -o Dpkg::Options::=--force-confdef \
	    -o Dpkg::Options::=--force-confold \
	    $missing < /dev/null >> "$log" 2>&1 ||
	    fail "apt-get install failed"
else
	say "all needed Debian packages are installed"
fi

# --- 2. configure script ----------------------------------------------------
if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ] || [ ! -f build-aux/tap-driver.sh ]; then
	say "running ./autogen.sh"
	./autogen.sh < /dev/null >> "$log" 2>&1 || fail "./autogen.sh failed"
fi

# --- 3. build in build/ -----------------------------------------------------
jobs=$(nproc 2>/dev/null || echo 2)
cd build
if [ ! -f Makefile ] || [ ../configure -nt config.status ]; then
	say "configuring in build/"
	../configure < /dev/null >> "$log" 2>&1 || {
		grep -A3 'error:' config.log | tail -n 8 >> "$log" || true
		fail "configure failed"
	}
fi
say "building in build/ (make -j$jobs)"
make -j"$jobs" < /dev/null >> "$log" 2>&1 || fail "make failed"
cd "$top"

# --- 4. a first report ------------------------------------------------------
# A real strongSwan negotiation, decrypted from the least a user has (the
# PSK and one DH private value): IKEv1 Main and Quick Mode, then the ESP.
sample=samples/strongswan/ikev1-main-psk-aes128-sha1-modp2048
say "build/ikescope -k $sample.min.keys $sample.pcap"
echo
build/ikescope -k "$sample.min.keys" "$sample.pcap" < /dev/null
