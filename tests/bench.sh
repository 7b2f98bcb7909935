#!/bin/bash
# bench.sh - ikescope against tshark, and against what libgcrypt itself
# allows, on large captures with known keys.  A benchmark, not a test: it
# prints tables and exits 0 (1 only when it cannot run at all).
#
#	tests/bench.sh [ALL|esp|ike|mixed|rss]...	(default: all of them)
#
# Environment:
#   BENCH_DIR     where the generated captures are kept between runs
#                 (default /tmp/ikescope-bench); they are made once per
#                 scale, by tests/bench/gen_esp.py and gen_ike.py
#   BENCH_SCALE   1 (default): 4 x 250 MB of ESP (one capture per cipher
#                 and integrity pair), 100 000 IKE SAs, a mixed capture of
#                 10 000 IKE SAs with 20 ESP packets each; 0.05 is a quick
#                 run (50 MB of ESP, 5 000 IKE SAs, 500 mixed)
#   BENCH_TSHARK  0 leaves tshark out
#   BENCH_TSHARK_TIMEOUT  seconds a tshark run may take (default 900): on
#                 the mixed capture tshark looks each ESP packet's SA up
#                 in its table row by row, 20 000 rows at scale 1, and
#                 does not finish in minutes; such a row says so
#   BENCH_REPEAT  ikescope's ESP runs are repeated this often and the
#                 fastest is shown (default 3; tshark runs once)
# The captures stay in BENCH_DIR for the next run (remove it to free the
# space: about 1.7 GB at scale 1); outputs go to a temporary directory
# and are deleted.
#
# Columns: wall and CPU (user + system) seconds, MB/s (ESP bytes for the
# ESP captures, capture file bytes otherwise; 10^6 bytes), frames per
# second, peak RSS (/usr/bin/time), and for ESP the libgcrypt limit: the
# MB/s one core reaches doing only the ICV check and decryption of packets
# of the same size (tests/bench/crypto_limit.c, built here, measured in
# process CPU time), and the fraction of it that the run reached: by wall
# clock (throughput; the second core may take part) and by CPU time (MB
# per CPU second of all threads: the overhead around the crypto).  tshark
# gets the key tables ikescope exports (--export-keys wireshark:DIR) in a
# private WIRESHARK_CONFIG_DIR, with ESP decryption and ICV checking on.
# Each ikescope run's output is checked: every ESP packet decrypted with
# its ICV verified, every IKE_AUTH decrypted.
#
# The RSS tables: peak RSS on a capture and on one ten times longer, in
# every output mode: same SAs with 10x the ESP packets; 10x the IKE SAs
# over 10x the time, a day of a gateway (SAs idle for --idle-timeout are
# let go as the capture is read); and 10x the IKE SAs in the same 100 s
# (also with --idle-timeout 1).
set -u

_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$_dir/.." && pwd)}"
if [ -z "${top_builddir:-}" ]; then
	if [ -x "$top_srcdir/ikescope" ] || [ ! -x "$top_srcdir/build/ikescope" ]; then
		top_builddir=$top_srcdir
	else
		top_builddir=$top_srcdir/build
	fi
fi
: "${IKESCOPE:=$top_builddir/ikescope}"
: "${BENCH_DIR:=/tmp/ikescope-bench}"
: "${BENCH_SCALE:=1}"
: "${BENCH_TSHARK:=1}"
: "${BENCH_TSHARK_TIMEOUT:=900}"
R=${BENCH_REPEAT:-3}
GEN=$top_srcdir/tests/bench
WHAT=${*:-esp ike mixed rss}

if [ ! -x "$IKESCOPE" ]; then
	echo "bench: no ikescope at $IKESCOPE (build first, or set IKESCOPE)" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench: needs /usr/bin/time (GNU time)" >&2
	exit 1
fi
if ! python3 -c 'import cryptography' 2>/dev/null; then
	echo "bench: needs python3 and its cryptography package" >&2
	exit 1
fi
have_tshark=0
if [ "$BENCH_TSHARK" = 1 ] && command -v tshark >/dev/null 2>&1; then
	have_tshark=1
fi
mkdir -p "$BENCH_DIR" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# N scaled, at least MIN.
scaled() # N MIN
{
	awk -v n="$1" -v s="$BENCH_SCALE" -v m="$2" \
	    'BEGIN { v = int(n * s + 0.5); print (v < m ? m : v) }'
}

# --- the captures ---------------------------------------------------------

# gen_esp NAME MB PAIRS -> $BENCH_DIR/NAME.pcap, NAME.keys (once)
gen_esp()
{
	local f=$BENCH_DIR/$1
	if [ ! -s "$f.keys" ] || [ ! -s "$f.pcap" ]; then
		echo "  generating $1.pcap ($2 MB of ESP, $3)" >&2
		python3 "$GEN/gen_esp.py" "$f.pcap" "$f.keys" "$2" "$3" >/dev/null ||
			return 1
	fi
}

# gen_ike NAME NSAS ESP_PER_SA (once)
gen_ike()
{
	local f=$BENCH_DIR/$1
	if [ ! -s "$f.keys" ] || [ ! -s "$f.pcap" ]; then
		echo "  generating $1.pcap ($2 IKE SAs, $3 ESP packets each)" >&2
		python3 "$GEN/gen_ike.py" "$f.pcap" "$f.keys" "$2" "$3" \
		    ${4:+"$4"} >/dev/null ||
			return 1
	fi
}

# Counts the generators wrote in the key file's first line.
esp_bytes() { sed -n '1s/.*, \([0-9]*\) bytes of ESP.*/\1/p' "$1"; }
frames_of()
{
	sed -n '1{s/.*(\([0-9]*\) packets.*/\1/p;s/.*, \([0-9]*\) frames).*/\1/p}' "$1"
}

# --- the crypto limit -----------------------------------------------------

CL=$TMP/crypto_limit
limit_ok=0
if ${CC:-cc} -O2 -o "$CL" "$GEN/crypto_limit.c" -lgcrypt 2> "$TMP/cc.err"; then
	limit_ok=1
else
	echo "bench: crypto_limit.c does not build (libgcrypt headers?):" >&2
	cat "$TMP/cc.err" >&2
fi

# limit PAIR ESPLEN -> MB/s of one core
limit()
{
	[ $limit_ok = 1 ] || { echo 0; return; }
	"$CL" "$1" "$2" 1 | awk '{ print $4 }'
}

# --- one measured run -----------------------------------------------------

# run OUT CMD... : time it; leaves "wall cpu rss_kb" in $TMP/t
run()
{
	local out=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$@" > "$out" 2> "$TMP/err"
	# the last line: a line before it says how a killed command ended
	awk 'END { printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$TMP/time" > "$TMP/t"
}

# best N OUT CMD... : run N times, keep the fastest (wall) in $TMP/t
best()
{
	local n=$1 i
	shift
	run "$@"
	cp "$TMP/t" "$TMP/best"
	for ((i = 1; i < n; i++)); do
		run "$@"
		if awk 'NR == FNR { w = $1; next } { exit !($1 < w) }' \
		    "$TMP/best" "$TMP/t"; then
			cp "$TMP/t" "$TMP/best"
		fi
	done
	cp "$TMP/best" "$TMP/t"
}

# row TOOL BYTES FRAMES LIMIT_MBS : print the last run's row; the
# fraction of the limit by wall clock (throughput) and by CPU time
# (the work done per CPU second, all threads)
row()
{
	read -r wall cpu rss < "$TMP/t"
	awk -v tool="$1" -v b="$2" -v fr="$3" -v lim="$4" -v w="$wall" \
	    -v c="$cpu" -v r="$rss" 'BEGIN {
		if (w <= 0) w = 0.01;
		if (c <= 0) c = 0.01;
		mbs = b / 1e6 / w;
		fl = lim > 0 ? sprintf("%7.0f %6.0f%% %6.0f%%", lim,
		    100 * mbs / lim, 100 * b / 1e6 / c / lim) :
		    sprintf("%7s %7s %7s", "-", "-", "-");
		printf "  %-30s %7.2f %7.2f %8.1f %9.0f %7.1f %s\n", tool, w, c,
		    mbs, fr / w, r / 1024, fl
	}'
}

header()
{
	printf '  %-30s %7s %7s %8s %9s %7s %7s %7s %7s\n' "" "wall s" \
	    "CPU s" "MB/s" "frames/s" "RSS MB" "limit" "wall" "CPU"
}

# export_tables KEYS PCAP DIR : ikescope's Wireshark tables for tshark
export_tables()
{
	rm -rf "$3"
	mkdir -p "$3"
	"$IKESCOPE" -k "$1" --export-keys "wireshark:$3" "$2" > /dev/null 2>&1
}

tshark_esp_opts="-o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE"
TS="timeout $BENCH_TSHARK_TIMEOUT tshark"

# trow TOOL BYTES FRAMES LIMIT : row() for a tshark run that may have
# reached the time limit
trow()
{
	if grep -q 'status 124\|signal' "$TMP/time"; then
		row "$1 (stopped at ${BENCH_TSHARK_TIMEOUT} s)" "$2" "$3" "$4"
	else
		row "$@"
	fi
}

echo "ikescope benchmark: $("$IKESCOPE" --version 2>/dev/null | head -1)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "libgcrypt $(pkg-config --modversion libgcrypt 2>/dev/null || libgcrypt-config --version 2>/dev/null)," \
    "$(tshark -v 2>/dev/null | awk 'NR == 1 { print $1, $3 "," }')" \
    "scale $BENCH_SCALE, captures in $BENCH_DIR"

# --- ESP ------------------------------------------------------------------

bench_esp()
{
	local mb pair f bytes frames len lim n ok
	mb=$(scaled 250 5)
	echo
	echo "ESP: one capture per pair, $mb MB of ESP each (1400-byte inner packets)"
	header
	for pair in cbc128-sha1 cbc256-sha256 gcm128 chacha; do
		f=$BENCH_DIR/esp-$pair-$mb
		gen_esp "esp-$pair-$mb" "$mb" "$pair" || return 1
		bytes=$(esp_bytes "$f.keys")
		frames=$(frames_of "$f.keys")
		len=$((bytes / frames))
		lim=$(limit "$pair" "$len")
		echo "  $pair ($frames packets of $len bytes; libgcrypt alone: $lim MB/s)"
		best "$R" "$TMP/out" "$IKESCOPE" -k "$f.keys" "$f.pcap"
		n=$(sed -n 's/^ *\([0-9]*\) decrypted (ICV verified).*/\1/p' "$TMP/out")
		ok=""
		[ "${n:-0}" = "$frames" ] || ok="  (!) $n of $frames verified"
		row "ikescope$ok" "$bytes" "$frames" "$lim"
		best "$R" "$TMP/out" "$IKESCOPE" --threads 1 -k "$f.keys" "$f.pcap"
		row "ikescope --threads 1" "$bytes" "$frames" "$lim"
		best "$R" "$TMP/out" "$IKESCOPE" -k "$f.keys" -w "$TMP/w.pcapng" "$f.pcap"
		row "ikescope -w" "$bytes" "$frames" "$lim"
		rm -f "$TMP/w.pcapng"
		best "$R" "$TMP/out" "$IKESCOPE" --ndjson -k "$f.keys" "$f.pcap"
		row "ikescope --ndjson" "$bytes" "$frames" "$lim"
		if [ $have_tshark = 1 ]; then
			if [ "$pair" = chacha ]; then
				echo "  tshark: no ChaCha20-Poly1305 in its esp_sa table (Wireshark 4.0)"
				continue
			fi
			export_tables "$f.keys" "$f.pcap" "$TMP/ws"
			WIRESHARK_CONFIG_DIR=$TMP/ws run "$TMP/out" $TS -n -r "$f.pcap" \
			    $tshark_esp_opts
			trow "tshark" "$bytes" "$frames" "$lim"
		fi
		rm -f "$TMP/out"
	done
}

# --- IKE ------------------------------------------------------------------

bench_ike() # NAME NSAS ESP_PER_SA TITLE
{
	local f=$BENCH_DIR/$1 bytes frames n want e
	gen_ike "$1" "$2" "$3" || return 1
	bytes=$(stat -c %s "$f.pcap")
	frames=$(frames_of "$f.keys")
	echo
	echo "$4"
	header
	run "$TMP/out" "$IKESCOPE" -k "$f.keys" "$f.pcap"
	n=$(grep -c 'decrypted, ICV ok, AUTH verified' "$TMP/out")
	want=$(($2 * 2))
	e=$(awk '/^ +[0-9]+ decrypted \(ICV verified\)/ { s += $1 }
	    END { print s + 0 }' "$TMP/out")
	if [ "$n" = "$want" ] && [ "$e" = $(($2 * $3)) ]; then
		row "ikescope" "$bytes" "$frames" 0
	else
		row "ikescope  (!) $n/$want IKE_AUTH, $e ESP" "$bytes" "$frames" 0
	fi
	run "$TMP/out" "$IKESCOPE" -v -k "$f.keys" "$f.pcap"
	row "ikescope -v" "$bytes" "$frames" 0
	run "$TMP/out" "$IKESCOPE" -j -k "$f.keys" "$f.pcap"
	row "ikescope --json" "$bytes" "$frames" 0
	run "$TMP/out" "$IKESCOPE" --ndjson -k "$f.keys" "$f.pcap"
	row "ikescope --ndjson" "$bytes" "$frames" 0
	rm -f "$TMP/out"
	if [ $have_tshark = 1 ]; then
		export_tables "$f.keys" "$f.pcap" "$TMP/ws"
		WIRESHARK_CONFIG_DIR=$TMP/ws run "$TMP/out" $TS -n -r "$f.pcap" \
		    $tshark_esp_opts
		trow "tshark" "$bytes" "$frames" 0
		# -V writes about 10 kB a frame: counted through a pipe, not kept
		WIRESHARK_CONFIG_DIR=$TMP/ws run "$TMP/out" sh -c \
		    "$TS"' -n -V -r "$1" '"$tshark_esp_opts"' |
		    grep -c "\[correct\]"; exit 0' sh "$f.pcap"
		row "tshark -V" "$bytes" "$frames" 0
		echo "  tshark -V: $(cat "$TMP/out") correct ICVs (IKE messages and ESP" \
		    "packets; $(($2 * 2 + $2 * $3)) expected)"
		rm -f "$TMP/out"
	fi
}

# --- memory ---------------------------------------------------------------

rss_row() # LABEL PCAP1 PCAP10 KEYS ARGS...
{
	local label=$1 p1=$2 p10=$3 keys=$4 r1 r10
	shift 4
	run /dev/null "$IKESCOPE" "$@" -k "$keys" "$p1"
	r1=$(awk '{ print $3 }' "$TMP/t")
	run /dev/null "$IKESCOPE" "$@" -k "$keys" "$p10"
	r10=$(awk '{ print $3 }' "$TMP/t")
	awk -v l="$label" -v a="$r1" -v b="$r10" 'BEGIN {
		printf "  %-34s %9.1f %9.1f %+8.0f%%\n", l, a / 1024, b / 1024,
		    100 * (b - a) / a }'
	rm -f "$TMP/w.pcapng"
}

bench_rss()
{
	local m1 m10 s1 s10 e1 e10 k1 k10
	m1=$(scaled 25 5)
	m10=$((m1 * 10))
	gen_esp "rss-esp-$m1" "$m1" "" || return 1
	gen_esp "rss-esp-$m10" "$m10" "" || return 1
	e1=$BENCH_DIR/rss-esp-$m1
	e10=$BENCH_DIR/rss-esp-$m10
	echo
	echo "Peak RSS (MB): the same 4 ESP SAs, $m1 MB then $m10 MB of ESP"
	printf '  %-34s %9s %9s %9s\n' "" "1x" "10x" "change"
	rss_row "text" "$e1.pcap" "$e10.pcap" "$e1.keys"
	rss_row "--json" "$e1.pcap" "$e10.pcap" "$e1.keys" -j
	rss_row "--ndjson" "$e1.pcap" "$e10.pcap" "$e1.keys" --ndjson
	rss_row "-w" "$e1.pcap" "$e10.pcap" "$e1.keys" -w "$TMP/w.pcapng"
	s1=$(scaled 1000 100)
	s10=$((s1 * 10))
	# One SA every 10 s: 2.8 hours of capture, then 28 (at scale 1),
	# longer than the idle timeout (3600 s), as a gateway's day is.
	gen_ike "long-$s1" "$s1" 20 10000 || return 1
	gen_ike "long-$s10" "$s10" 20 10000 || return 1
	k1=$BENCH_DIR/long-$s1
	k10=$BENCH_DIR/long-$s10
	echo
	echo "Peak RSS (MB): $s1 then $s10 IKE SAs, one every 10 s (the capture 10x" \
	    "longer), 20 ESP packets each"
	printf '  %-34s %9s %9s %9s\n' "" "1x" "10x" "change"
	rss_row "text" "$k1.pcap" "$k10.pcap" "$k1.keys"
	rss_row "text --idle-timeout 0" "$k1.pcap" "$k10.pcap" "$k1.keys" \
	    --idle-timeout 0
	rss_row "--json" "$k1.pcap" "$k10.pcap" "$k1.keys" -j
	rss_row "--ndjson" "$k1.pcap" "$k10.pcap" "$k1.keys" --ndjson
	rss_row "-w" "$k1.pcap" "$k10.pcap" "$k1.keys" -w "$TMP/w.pcapng"
	# The same number of SAs packed into 10 ms steps: 100 s of capture,
	# shorter than the idle timeout, so every SA is held to the end.
	gen_ike "mixed-$s1" "$s1" 20 || return 1
	gen_ike "mixed-$s10" "$s10" 20 || return 1
	k1=$BENCH_DIR/mixed-$s1
	k10=$BENCH_DIR/mixed-$s10
	echo
	echo "Peak RSS (MB): $s1 then $s10 IKE SAs, one every 10 ms (10x more SAs" \
	    "at once), 20 ESP packets each"
	printf '  %-34s %9s %9s %9s\n' "" "1x" "10x" "change"
	rss_row "text" "$k1.pcap" "$k10.pcap" "$k1.keys"
	rss_row "--json" "$k1.pcap" "$k10.pcap" "$k1.keys" -j
	rss_row "--ndjson" "$k1.pcap" "$k10.pcap" "$k1.keys" --ndjson
	rss_row "--ndjson --idle-timeout 1" "$k1.pcap" "$k10.pcap" "$k1.keys" \
	    --ndjson --idle-timeout 1
	rss_row "text --idle-timeout 1" "$k1.pcap" "$k10.pcap" "$k1.keys" \
	    --idle-timeout 1
	rss_row "-w" "$k1.pcap" "$k10.pcap" "$k1.keys" -w "$TMP/w.pcapng"
}

for w in $WHAT; do
	case $w in
	ALL) bench_esp; bench_ike "ike-$(scaled 100000 100)" "$(scaled 100000 100)" 0 \
	    "IKE: $(scaled 100000 100) IKEv2 SAs (IKE_SA_INIT + IKE_AUTH, PSK, decrypted)"
	    bench_ike "mixed-$(scaled 10000 50)" "$(scaled 10000 50)" 20 \
	    "Mixed: $(scaled 10000 50) IKEv2 SAs, 20 ESP packets each"; bench_rss ;;
	esp) bench_esp ;;
	ike) bench_ike "ike-$(scaled 100000 100)" "$(scaled 100000 100)" 0 \
	    "IKE: $(scaled 100000 100) IKEv2 SAs (IKE_SA_INIT + IKE_AUTH, PSK, decrypted)" ;;
	mixed) bench_ike "mixed-$(scaled 10000 50)" "$(scaled 10000 50)" 20 \
	    "Mixed: $(scaled 10000 50) IKEv2 SAs, 20 ESP packets each" ;;
	rss) bench_rss ;;
	*) echo "bench: unknown part $w (esp, ike, mixed, rss)" >&2; exit 1 ;;
	esac
done
exit 0
