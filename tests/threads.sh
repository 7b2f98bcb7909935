#!/bin/bash
# threads.sh - ESP opened on two threads (analyzer/esp_par.c) gives the
# same analysis as on one: a gen_esp.py capture of the four cipher and
# integrity pairs (thousands of packets, so batches are opened by the
# worker), with some packets altered (ICV failures found by the worker)
# and a pause longer than the idle timeout in the middle (its SAs are
# finished and freed while the worker opens the next batch, then made and
# bound again), read with --threads 1 and --threads 2: the text report
# (-v, every packet), the JSON document, the NDJSON events and the -w
# capture must be the same bytes.  Skipped without python3 and its
# `cryptography` package.
. "$(dirname "$0")/lib.sh"
need_ikescope

gen=$top_srcdir/tests/bench
if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import cryptography' 2>/dev/null; then
	tap_skip "two threads" "python3 with cryptography not installed"
	tap_done
fi

c=$TEST_TMP/esp
python3 "$gen/gen_esp.py" "$c.pcap" "$c.keys" 6 > /dev/null 2> "$TEST_TMP/gen.err"
tap_ok $? "gen_esp.py writes a capture"
# Every 97th frame altered after its ESP header; from the middle on,
# every frame 100 s later.
python3 - "$c.pcap" "$c-alt.pcap" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
out, off, i = [d[:24]], 24, 0
n = 0
while off + 16 <= len(d):
    n += 1
    off += 16 + struct.unpack("<I", d[off + 8:off + 12])[0]
off, half = 24, n // 2
while off + 16 <= len(d):
    sec, usec, cap, wire = struct.unpack("<IIII", d[off:off + 16])
    rec = bytearray(d[off + 16:off + 16 + cap])
    if i % 97 == 50 and cap > 80:
        rec[70] ^= 0x5a
    if i >= half:
        sec += 100
    out.append(struct.pack("<IIII", sec, usec, cap, wire) + bytes(rec))
    off += 16 + cap
    i += 1
open(sys.argv[2], "wb").write(b"".join(out))
PY
tap_ok $? "altered and paused copy"

run() # NAME ARGS...: threads 1 and 2, same stdout and -w file
{
	local name=$1 t
	shift
	for t in 1 2; do
		"$IKESCOPE" --threads $t "$@" -k "$c.keys" \
		    -w "$TEST_TMP/w$t.pcapng" "$c-alt.pcap" \
		    > "$TEST_TMP/out$t" 2> "$TEST_TMP/err$t"
		if [ $? -ne 0 ] || [ -s "$TEST_TMP/err$t" ]; then
			tap_ok 1 "$name: --threads $t runs cleanly"
			tap_diag_file "$TEST_TMP/err$t" 10
			return
		fi
	done
	if cmp -s "$TEST_TMP/out1" "$TEST_TMP/out2" &&
	    cmp -s "$TEST_TMP/w1.pcapng" "$TEST_TMP/w2.pcapng"; then
		tap_ok 0 "$name: the same with one and two threads"
	else
		tap_ok 1 "$name: the same with one and two threads"
		diff "$TEST_TMP/out1" "$TEST_TMP/out2" | head -20 |
		    sed 's/^/# /'
	fi
}
run "text -v" -v
cp "$TEST_TMP/out2" "$TEST_TMP/text-v"
run "text, SAs idle after 10 s" --idle-timeout 10
cp "$TEST_TMP/out2" "$TEST_TMP/text-idle"
run "--json -v" --json -v
run "--ndjson, SAs idle after 10 s" --ndjson --idle-timeout 10

# The report says what was done: most packets verified, the altered ones
# failed, and the pause made new SAs.
ok=$(awk '/decrypted \(ICV verified\)/ { s += $1 } END { print s + 0 }' "$TEST_TMP/text-v")
bad=$(grep -c 'seq [0-9]*: integrity_failed' "$TEST_TMP/text-v")
total=$(sed -n '1s/.*(\([0-9]*\) packets.*/\1/p' "$c.keys")
tap_ok $((ok + bad != total || bad < 20)) \
    "$ok packets verified and $bad altered ones failed, of $total"
n=$(grep -c '^  ESP   0x' "$TEST_TMP/text-idle")
# the first frame after the pause is read before the sweep: its SA stays
tap_ok $((n != 7)) "the pause: 3 of the 4 SAs finished and made again ($n ESP SA rows)"
tap_done
