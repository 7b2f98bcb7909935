#!/bin/bash
# ipv6.sh - the IPv6 paths of the analysis on real-peer data: every
# capture of samples/strongswan, samples/libreswan and the public ESP and
# Openswan captures of tests/data, translated to IPv6 by tests/to_ipv6.py
# (addresses 2001:db8::a.b.c.d, ICMP errors as ICMPv6, the key file's
# addresses with them), must give the same IKE SAs, exchanges, decryption
# results, outcomes, diagnoses (but the NAT-detection ones, whose hashes
# cover the addresses) and ESP counts as the original (tests/ipv6.py).
. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

caps=""
add()
{
	local k
	for k in "$@"; do
		[ -e "$k" ] || continue
		b=${k%.keys}
		b=${b%.min}
		[ -f "$b.pcap" ] && caps="$caps $b.pcap:$k"
	done
}
add "$top_srcdir"/samples/strongswan/*.min.keys \
    "$top_srcdir"/samples/libreswan/*.keys "$top_srcdir"/samples/pke/*.keys \
    "$top_srcdir"/samples/intermediate/*.keys \
    "$top_srcdir"/tests/data/esp/*.keys "$top_srcdir"/tests/data/openswan/*.keys
[ -n "$caps" ] || tap_bail "no captures with key files found"

rc=0
# shellcheck disable=SC2086
python3 "$top_srcdir/tests/ipv6.py" "$IKESCOPE" "$top_srcdir/tests/to_ipv6.py" \
    "$TEST_TMP" $caps > "$TEST_TMP/results" 2> "$TEST_TMP/err" || rc=$?
tap_results ipv6.py "$rc" "$TEST_TMP/results" "$TEST_TMP/err"

# The ICMP errors of a peer without an IKE daemon, over IPv6: ICMPv6 port
# unreachable, named as such.
U=$TEST_TMP/ikev1-unanswered.pcap.v6.pcap
if [ -f "$U" ]; then
	"$IKESCOPE" "$U" > "$TEST_TMP/u6.txt" 2>&1
	grep -q 'icmp-unreachable.*with ICMPv6 port unreachable (4 times)' \
	    "$TEST_TMP/u6.txt"
	tap_ok $? "ICMPv6 port unreachable: the icmp-unreachable diagnosis names it"
else
	tap_ok 1 "ikev1-unanswered over IPv6 was not made"
fi
tap_done
