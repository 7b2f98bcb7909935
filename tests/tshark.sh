#!/bin/bash
# tshark.sh - tshark as an independent oracle for what ikescope finds in a
# capture (DESIGN.md, "How correctness is established").
#
# For every capture under tests/data except malformed/, two checks:
#   1. IKE messages: the multiset of (frame, SPIi, SPIr, exchange type,
#      message ID) that tshark reports with
#        tshark -r CAP -Y 'isakmp && !icmp && !icmpv6' -T fields
#            -e frame.number -e isakmp.ispi -e isakmp.rspi
#            -e isakmp.exchangetype -e isakmp.messageid
#      equals the one read from "ikescope --json CAP" (every message of
#      every exchange of every IKE SA: the message's frame, the SA's SPIs,
#      the exchange's type_id and message_id).
#   2. ESP packets: the number of ESP packets per SPI from
#        tshark -r CAP -Y 'esp && !icmp && !icmpv6' -e frame.number -e esp.spi
#      equals the "packets" of ikescope's esp_sas (protocol "esp"), summed
#      per SPI.
# Without tshark every check is skipped.
#
# Known, legitimate differences, and how they are handled:
#   - tshark dissects the IKE or ESP header quoted inside ICMP errors;
#     those are not messages of the exchange, and ikescope does not count
#     them: "!icmp && !icmpv6" leaves them out on tshark's side.
#   - The responder SPI is zero in the header of an exchange's first
#     messages (IKEv1 Main/Aggressive Mode message 1, IKEv2 IKE_SA_INIT
#     request, a responder's COOKIE or INVALID_KE reply) while ikescope
#     reports the SA's SPIs, learned from later messages.  SPIr is compared
#     only where tshark's is not zero.
#   - IKE on TCP (RFC 8229) or on a port other than 500/4500: tshark needs
#     "-d tcp.port==N,tcpencap" / "-d udp.port==N,isakmp" and ikescope
#     "--ike-port N".  Such captures get their extra arguments in
#     extra_args() below (none of the current ones needs any).
#   - Nested ESP (ESP inside ESP): without keys neither tool sees the inner
#     packets, so both count the outer SPI only.

. "$(dirname "$0")/lib.sh"

if ! command -v tshark > /dev/null 2>&1; then
	echo "ok 1 # SKIP tshark not installed"
	echo "1..1"
	exit 0
fi
need_ikescope
need_python

DATA=$top_srcdir/tests/data
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

compare()
{
	python3 - "$@" <<'EOF'
import collections, json, sys

kind, tshark_out, ike_json = sys.argv[1:4]
doc = json.load(open(ike_json, encoding="utf-8"))

def rows(path):
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line:
            yield line.split("\t")

def show(c, limit=12):
    out = []
    for k, n in sorted(c.items()):
        out.append("  %s%s" % (k, "" if n == 1 else " x%d" % n))
    if len(out) > limit:
        out = out[:limit] + ["  ... (%d in all)" % len(out)]
    return "\n".join(out)

if kind == "ike":
    ts = collections.Counter()
    zero_rspi = set()
    for r in rows(tshark_out):
        frame = int(r[0])
        cols = [c.split(",") for c in r[1:5]]
        for ispi, rspi, et, mid in zip(*cols):
            rs = rspi.lower()
            if int(rs or "0", 16) == 0:
                zero_rspi.add((frame, ispi.lower(), int(et), int(mid, 16)))
                rs = "*"
            ts[(frame, ispi.lower(), rs, int(et), "%08x" % int(mid, 16))] += 1
    ik = collections.Counter()
    for sa in doc.get("ike_sas", []):
        for ex in sa.get("exchanges", []):
            for m in ex.get("messages", []):
                key = (m["frame"], sa["spi_i"].lower(), ex["type_id"],
                       ex["message_id"])
                rs = "*" if key in zero_rspi else sa["spi_r"].lower()
                ik[(key[0], key[1], rs, key[2], "%08x" % key[3])] += 1
    what = "IKE messages (frame, SPIi, SPIr, exchange, message ID)"
else:
    ts = collections.Counter()
    for r in rows(tshark_out):
        for spi in r[1].split(","):
            if spi:
                ts["%08x" % int(spi, 16)] += 1
    ik = collections.Counter()
    for e in doc.get("esp_sas", []):
        if e.get("protocol", "esp") == "esp":
            ik[e["spi"].lower().replace("0x", "").zfill(8)] += e["packets"]
    what = "ESP packets per SPI"

if ts == ik:
    print("ok %d" % sum(ts.values()))
    sys.exit(0)
print("%s differ:" % what)
if kind == "esp":
    for spi in sorted(set(ts) | set(ik)):
        if ts[spi] != ik[spi]:
            print("  SPI %s: tshark %d, ikescope %d" % (spi, ts[spi], ik[spi]))
    sys.exit(1)
only_t, only_i = ts - ik, ik - ts
if only_t:
    print("only tshark:\n" + show(only_t))
if only_i:
    print("only ikescope:\n" + show(only_i))
sys.exit(1)
EOF
}

while IFS= read -r f; do
	rel=${f#"$top_srcdir"/}
	IFS='|' read -r t_extra i_extra <<< "$(extra_args "$f")"
	rc=0
	# shellcheck disable=SC2086
	"$IKESCOPE" --json $i_extra "$f" > "$TEST_TMP/ike.json" \
	    2> "$TEST_TMP/err" < /dev/null || rc=$?
	if [ "$rc" -ne 0 ] || ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
	    "$TEST_TMP/ike.json" 2>/dev/null; then
		tap_ok 1 "$rel: IKE messages as tshark sees them"
		tap_diag "ikescope --json failed (exit $rc)"
		tap_diag_file "$TEST_TMP/err" 10
		tap_ok 1 "$rel: ESP packets per SPI as tshark sees them"
		continue
	fi
	for kind in ike esp; do
		if [ "$kind" = ike ]; then
			filter='isakmp && !icmp && !icmpv6'
			fields=(-e frame.number -e isakmp.ispi -e isakmp.rspi
			    -e isakmp.exchangetype -e isakmp.messageid)
			desc="IKE messages as tshark sees them"
		else
			filter='esp && !icmp && !icmpv6'
			fields=(-e frame.number -e esp.spi)
			desc="ESP packets per SPI as tshark sees them"
		fi
		# shellcheck disable=SC2086
		if ! tshark -n -r "$f" $t_extra -Y "$filter" -T fields \
		    -E separator=/t -E occurrence=a -E aggregator=, \
		    "${fields[@]}" > "$TEST_TMP/tshark.txt" \
		    2> "$TEST_TMP/tshark.err"; then
			tap_ok 1 "$rel: $desc"
			tap_diag "tshark failed:"
			grep -v 'Running as user' "$TEST_TMP/tshark.err" |
			    head -n 10 | tap_diag
			continue
		fi
		if compare "$kind" "$TEST_TMP/tshark.txt" "$TEST_TMP/ike.json" \
		    > "$TEST_TMP/cmp" 2>&1; then
			n=$(sed -n 's/^ok //p' "$TEST_TMP/cmp")
			tap_ok 0 "$rel: $desc ($n)"
		else
			tap_ok 1 "$rel: $desc"
			tap_diag_file "$TEST_TMP/cmp" 40
		fi
	done
done < <(find "$DATA" -path "$DATA/malformed" -prune -o -type f \
    \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print |
    LC_ALL=C sort)

tap_done
