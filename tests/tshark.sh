#!/bin/bash
# tshark.sh - tshark as an independent oracle for what ikescope finds in a
# capture (DESIGN.md, "How correctness is established").
#
# For every capture under tests/data except malformed/, tshark is run once,
#     tshark -n -r CAP -Y '(isakmp || esp) && !icmp && !icmpv6'
#            -T pdml -J 'esp isakmp'
# (the full ISAKMP/ESP dissection tree of every IKE and ESP frame) and
# ikescope once ("ikescope --json CAP"); tests/tshark_compare.py compares
# the two and prints one TAP line per capture for each of:
#   1. IKE messages: the multiset of (frame, SPIi, SPIr, exchange type,
#      message ID) of every "isakmp" layer tshark dissects equals the one
#      read from ikescope's JSON (every message of every exchange of every
#      IKE SA: the message's frame, the SA's SPIs, the exchange's type_id
#      and message_id).
#   2. ESP packets: the number of ESP packets per SPI (tshark's esp.spi)
#      equals the "packets" of ikescope's esp_sas (protocol "esp"), summed
#      per SPI.
#   Then, for every IKE message both report (same frame, SPIi, exchange
#   type and message ID), the values decoded from its clear payloads,
#   compared as numbers, never as names (the registries spell names
#   differently; tshark's is older for some notify and transform names):
#   3. payload types: the type numbers of the payload chain, in order
#      (tshark does not decrypt here, so an SK / encrypted IKEv1 body is
#      opaque to both);
#   4. notify types: the Notify Message Type of every N payload;
#   5. transforms: per transform, proposal number, protocol ID and SPI,
#      then IKEv1 transform number, transform ID and every data attribute
#      as type=value (encryption, hash, auth method, group, key length,
#      life type and duration, ...), IKEv2 transform type, transform ID and
#      key length;
#   6. IDs: ID type (IKEv1: protocol and port) and value (address, subnet,
#      range or name as text, other types as the hex of the data);
#   7. KE DH groups (IKEv2 KE payloads);
#   8. vendor IDs: the bytes, exactly; and whether each tool recognises
#      the ID.  The two vendor databases name IDs differently, so a few
#      well-known names are mapped to a common class (DPD, Cisco Unity,
#      XAUTH, the NAT-T drafts, RFC 3947, ...) that must agree; for other
#      names "known" / "unknown" must agree.
# A difference fails its test unless it is listed, with its reason, in the
# table of known differences below; an entry of the table that matches
# nothing fails as well.  On failure the differing values are printed in
# the table's format.  Without tshark every check is skipped.
#
# Known, legitimate differences handled by a rule rather than by the
# table:
#   - tshark dissects the IKE or ESP header quoted inside ICMP errors;
#     those are not messages of the exchange, and ikescope does not count
#     them: "!icmp && !icmpv6" leaves them out on tshark's side.
#   - The responder SPI is zero in the header of an exchange's first
#     messages (IKEv1 Main/Aggressive Mode message 1, IKEv2 IKE_SA_INIT
#     request, a responder's COOKIE or INVALID_KE reply) while ikescope
#     reports the SA's SPIs, learned from later messages.  SPIr is compared
#     only where tshark's is not zero.
#   - NAT keepalives on UDP 4500 are an "isakmp" layer without a header
#     for tshark; they are not IKE messages and are not counted.
#   - An IKEv1 message sent in Cisco fragments (payload 132) is, for both
#     tools, one message per fragment plus the reassembled message at the
#     frame of the last fragment (tshark: an "isakmp" layer nested in the
#     last fragment's payload); all of them are compared.
#   - IKE on TCP (RFC 8229) or on a port other than 500/4500: tshark needs
#     "-d tcp.port==N,tcpencap" / "-d udp.port==N,isakmp" and ikescope
#     "--ike-port N".  Such captures get their extra arguments in
#     extra_args() below (none of the current ones needs any).
#   - Nested ESP (ESP inside ESP): without keys neither tool sees the inner
#     packets, so both count the outer SPI only.
#   - Names: ISAKMP_sa_setup.pcap carries payload type 15, which tshark
#     names "SA KEK Payload" (GDOI, RFC 6407) and ikescope "NAT-D" (the
#     pre-RFC 3947 number of Cisco's early NAT-T drafts, outside GDOI;
#     racoon calls it NATD_BADDRAFT).  Only the number is compared, and
#     it agrees; what tshark then does with it is in the table below.

. "$(dirname "$0")/lib.sh"

if ! command -v tshark > /dev/null 2>&1; then
	echo "ok 1 # SKIP tshark not installed"
	echo "1..1"
	exit 0
fi
need_ikescope
need_python

DATA=$top_srcdir/tests/data
COMPARE=$top_srcdir/tests/tshark_compare.py
[ -r "$COMPARE" ] || tap_bail "no $COMPARE"
# tshark with its default preferences, whatever the user has configured.
export WIRESHARK_CONFIG_DIR=$TEST_TMP/wireshark
mkdir -p "$WIRESHARK_CONFIG_DIR"

# extra_args CAPTURE: prints "TSHARK_ARGS|IKESCOPE_ARGS" for captures that
# carry IKE where neither tool looks by default.
extra_args()
{
	case $(basename "$1") in
	*) echo "|" ;;
	esac
}

# --- known differences ----------------------------------------------------
#
# Records of three lines:
#	CAPTURE FRAME ASPECT
#	    tshark: VALUE
#	    ikescope: VALUE
# ASPECT is types, notify, transforms, ids, ke or vendor; each VALUE is
# exactly what a failing test prints for that side ("-": no value there).
# Every record needs a comment saying why the difference is legitimate;
# a difference that is an ikescope bug must be fixed, not listed here.
cat > "$TEST_TMP/known" <<'EOF'
# ISAKMP_sa_setup.pcap, Main Mode messages 3 and 4 (Cisco IOS) end with two
# payloads of type 15: NAT-D under the number of the pre-RFC 3947 NAT-T
# drafts (draft-ietf-ipsec-nat-t-ike-02/03, announced by the VIDs of
# message 1), 24 bytes each = 4-byte header + 20-byte SHA-1 hash.  tshark
# reads 15 as a GDOI "SA KEK" payload, takes hash bytes for SAK fields (a
# source ID length of 246 in a 24-byte payload), runs past the payload,
# stops with "Malformed Packet" and never lists the second payload 15.
# ikescope walks the chain by the payloads' lengths and lists both.
tests/data/dissect-only/ISAKMP_sa_setup.pcap 3 types
    tshark: 4 10 13 13 13 13 15
    ikescope: 4 10 13 13 13 13 15 15
tests/data/dissect-only/ISAKMP_sa_setup.pcap 4 types
    tshark: 4 10 13 13 13 13 15
    ikescope: 4 10 13 13 13 13 15 15

# ikev2-id-normal.pcap, ikev2-id-short.pcap: tcpdump regression captures
# with a deliberately malformed IDi (ID_IPV4_ADDR).  Payload length 9
# leaves 1 byte of identification data (de); tshark reads a whole IPv4
# address (de ad be ef) past the end of the payload.  Payload length 5
# does not even hold the ID type's 3 reserved bytes, so ikescope has no
# identification data at all; tshark again reads 4 bytes past the payload.
tests/data/dissect-only/ikev2-id-normal.pcap 1 ids
    tshark: 35 type 1 222.173.190.239
    ikescope: 35 type 1 0xde
tests/data/dissect-only/ikev2-id-short.pcap 1 ids
    tshark: 35 type 1 222.173.190.239
    ikescope: 35 type 1

# Openswan's own vendor ID: "OE" followed by 10 characters derived from its
# version string (pluto's init_pluto_vendorid(); "OEplutounit0" in its unit
# tests).  It has no fixed value, so tshark's table, which holds fixed IDs
# only, does not know it; ikescope recognises the "OE" prefix.
tests/data/dissect-only/isakmp4500.pcap 3 vendor
    tshark: 4f456b5262475852766d5045 unknown
    ikescope: 4f456b5262475852766d5045 known
tests/data/dissect-only/isakmp4500.pcap 4 vendor
    tshark: 4f456b5262475852766d5045 unknown
    ikescope: 4f456b5262475852766d5045 known
tests/data/openswan/lp91-h2h-sareplace-R1__h2hR2rekey.pcap 3 vendor
    tshark: 4f45706c75746f756e697430 unknown
    ikescope: 4f45706c75746f756e697430 known
tests/data/tcpdump/ikev2pI2.pcap 1 vendor
    tshark: 4f45726c415c6e51756b5352 unknown
    ikescope: 4f45726c415c6e51756b5352 known

# synthetic/ikev2-every-payload.pcap (made by tests/mkpayloads.py), frame
# 32: IKE_AUTH request (in clear on purpose) whose IDi is ID_NULL (type 13,
# RFC 7619: no identification data, payload length 8).  tshark 4.0 does
# not know type 13 ("Future use") and its dissector fails an assertion on
# the empty data ('Dissector bug ... tvbuff.c: failed assertion "len > 0"'),
# so it lists nothing after the IDi: not the IDr (ID_DER_ASN1_GN, type 10),
# AUTH, SA (one ESP proposal: ENCR_AES_GCM_16, ESN none) and TSi/TSr that
# ikescope decodes.
tests/data/synthetic/ikev2-every-payload.pcap 32 types
    tshark: 35
    ikescope: 35 36 39 33 44 45
tests/data/synthetic/ikev2-every-payload.pcap 32 transforms
    tshark: -
    ikescope: P1 proto 3 spi c1000005: type 1 id 28
tests/data/synthetic/ikev2-every-payload.pcap 32 transforms
    tshark: -
    ikescope: P1 proto 3 spi c1000005: type 5 id 0
tests/data/synthetic/ikev2-every-payload.pcap 32 ids
    tshark: -
    ikescope: 36 type 10 0x820e67772e6578616d706c652e6e6574
EOF

# --- run both tools on every capture ---------------------------------------
: > "$TEST_TMP/manifest"
n=0
while IFS= read -r f; do
	n=$((n + 1))
	rel=${f#"$top_srcdir"/}
	IFS='|' read -r t_extra i_extra <<< "$(extra_args "$f")"
	j=$TEST_TMP/$n.json p=$TEST_TMP/$n.pdml
	irc=0
	# shellcheck disable=SC2086
	"$IKESCOPE" --json $i_extra "$f" > "$j" 2> "$j.err" < /dev/null ||
	    irc=$?
	if [ "$irc" -eq 0 ] && has_sanitizer_report "$j.err"; then
		irc="0, with a sanitizer report"
	fi
	trc=0
	# shellcheck disable=SC2086
	tshark -n -r "$f" $t_extra -Y '(isakmp || esp) && !icmp && !icmpv6' \
	    -T pdml -J 'esp isakmp' > "$p" 2> "$p.err" < /dev/null || trc=$?
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$j" "$irc" "$j.err" \
	    "$p" "$trc" "$p.err" >> "$TEST_TMP/manifest"
done < <(find "$DATA" -path "$DATA/malformed" -prune -o -type f \
    \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print |
    LC_ALL=C sort)

# --- compare ----------------------------------------------------------------
rc=0
python3 "$COMPARE" "$TEST_TMP/known" "$TEST_TMP/manifest" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/compare.err" || rc=$?
while IFS=$'\t' read -r kind text; do
	case $kind in
	PASS) tap_ok 0 "$text" ;;
	FAIL) tap_ok 1 "$text" ;;
	DIAG) printf '#   %s\n' "$text" ;;
	*) printf '#   %s\t%s\n' "$kind" "$text" ;;
	esac
done < "$TEST_TMP/results"
if [ "$rc" -ne 0 ]; then
	tap_ok 1 "tshark_compare.py ran to the end"
	tap_diag "exit status $rc"
	tap_diag_file "$TEST_TMP/compare.err" 20
fi

tap_done
