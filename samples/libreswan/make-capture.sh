#!/bin/bash
# make-capture.sh - make ikev2-intermediate-psk.pcap again: two libreswan
# 4.10 pluto daemons (Debian 12 package `libreswan`, unpacked, not
# installed: it conflicts with strongSwan) in network namespaces
# iks-lsw-i (initiator, 192.0.2.11) and iks-lsw-r (responder, 192.0.2.12)
# joined by a veth pair (lswv-i / lswv-r); IKEv2 with `intermediate=yes`,
# PSK, AES-CBC-128 / HMAC-SHA2-256-128 / PRF-HMAC-SHA2-256 / ECP-256.
# tcpdump on lswv-i records the negotiation.  nssdhshim.so (LD_PRELOAD)
# logs the ECDH shared secret each pluto computes; pluto's own debug log
# (plutodebug="all crypt private") gives the final SK_e/SK_a as tcpdump
# `ikev2 I|R` lines.
#
# Run as root from any directory: make-capture.sh OUTDIR.  Needs
# apt-get (libreswan .deb, libldns3, libevent-pthreads-2.1-7,
# libnss3-tools, libnss3-dev), tcpdump, cc.  Writes OUTDIR/
# ikev2-intermediate-psk.{pcap,keys,tcpdump-keys}.
set -eu
out=$(cd "${1:?usage: make-capture.sh OUTDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/iks-lsw.XXXXXX)
pids=()
cleanup()
{
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	sleep 1
	ip netns del iks-lsw-i 2>/dev/null || true
	ip netns del iks-lsw-r 2>/dev/null || true
	rm -rf "$W"
}
trap cleanup EXIT

apt-get install -y -q libldns3 libevent-pthreads-2.1-7 libnss3-tools \
    libnss3-dev >/dev/null
(cd "$W" && apt-get download libreswan >/dev/null && dpkg -x libreswan_*.deb root)
R=$W/root
cc -shared -fPIC -o "$W/nssdhshim.so" "$here/nssdhshim.c" -ldl \
    $(pkg-config --cflags --libs nss)

ip netns add iks-lsw-i
ip netns add iks-lsw-r
ip link add lswv-i netns iks-lsw-i type veth peer name lswv-r netns iks-lsw-r
ip -n iks-lsw-i addr add 192.0.2.11/24 dev lswv-i
ip -n iks-lsw-r addr add 192.0.2.12/24 dev lswv-r
for s in i r; do
	ip -n iks-lsw-$s link set lswv-$s up
	ip -n iks-lsw-$s link set lo up
done

for s in r i; do
	d=$W/$s
	mkdir -p "$d/run" "$d/nss" "$d/ipsec.d"
	certutil -N -d "sql:$d/nss" --empty-password
	if [ $s = i ]; then
		me=192.0.2.11 peer=192.0.2.12 myid=west theirid=east
		mynet=198.51.100.1/32 theirnet=198.51.100.2/32
	else
		me=192.0.2.12 peer=192.0.2.11 myid=east theirid=west
		mynet=198.51.100.2/32 theirnet=198.51.100.1/32
	fi
	cat > "$d/ipsec.conf" <<EOC
config setup
	plutodebug="all crypt private"
	ikev1-policy=drop
conn t
	left=$me
	right=$peer
	leftid=@$myid.example
	rightid=@$theirid.example
	leftsubnet=$mynet
	rightsubnet=$theirnet
	authby=secret
	ikev2=yes
	intermediate=yes
	ike=aes128-sha2_256-dh19
	esp=aes128-sha2_256
	auto=add
EOC
	echo '@west.example @east.example : PSK "libreswan intermediate test"' \
	    > "$d/ipsec.secrets"
	chmod 600 "$d/ipsec.secrets"
	# pluto runs /usr/libexec/ipsec/addconn: the unpacked tree is
	# mounted there, in a mount namespace of its own
	ip netns exec iks-lsw-$s unshare -m --propagation private sh -c "
	    mount --bind $R/usr/libexec /usr/libexec &&
	    IKESCOPE_DH_LOG=$d/dh.log LD_PRELOAD=$W/nssdhshim.so \
	    exec /usr/libexec/ipsec/pluto --config $d/ipsec.conf --nofork \
	    --stderrlog --rundir $d/run --nssdir $d/nss \
	    --secretsfile $d/ipsec.secrets --ipsecdir $d/ipsec.d \
	    --dumpdir $d/run --no-dnssec" > "$d/pluto.log" 2>&1 &
	pids+=($!)
done
sleep 4
ip netns exec iks-lsw-i tcpdump -i lswv-i -w "$W/cap.pcap" -U udp \
    2>/dev/null &
pids+=($!)
sleep 1.5
ip netns exec iks-lsw-i "$R/usr/libexec/ipsec/whack" \
    --ctlsocket "$W/i/run/pluto.ctl" --name t --initiate || true
sleep 2
kill "${pids[-1]}"
sleep 0.5

n=ikev2-intermediate-psk
cp "$W/cap.pcap" "$out/$n.pcap"
spi=$(grep -m1 -o 'ikev2 I 0x[0-9a-f]*' "$W/i/pluto.log" | sed 's/.*0x//')
{
	echo "# $n.pcap: the PSK and the ECDH shared secret (nssdhshim.c)"
	echo 'psk "libreswan intermediate test"'
	echo "dh $spi shared $(head -1 "$W/i/dh.log" | cut -d' ' -f2)"
} > "$out/$n.keys"
{
	echo "# $n.pcap: final SK_a/SK_e as pluto logs them (plutodebug crypt)"
	grep -o 'ikev2 [IR] 0x.*' "$W/i/pluto.log"
} > "$out/$n.tcpdump-keys"
