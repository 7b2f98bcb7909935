#!/bin/bash
# bench_psk.sh - candidates per second of ikescope's PSK check against
# psk-crack (ike-scan) on the same parameter lines and the same candidate
# list, one core each.  A benchmark, not a test: it prints a table and
# exits 0 (1 only when it cannot run at all).
#
#	tests/bench_psk.sh [N]		N candidates (default 1000000)
#
# Each program runs BENCH_REPEAT times (default 5), alternating, and the
# best and the median rate of each are shown: on a shared machine the
# best run is the one least disturbed by other load, the median the
# typical one.  The ratio is ikescope's over psk-crack's, best to best and
# median to median.  The engine line says how ikescope hashes (the
# multi-buffer library and its SIMD path, or libgcrypt).
#
# The list is N pseudo-random words (fixed seed) with the PSK as its last
# line, so both programs read all of it and must find the key at the end.
# ikescope's side is a small driver built here from analyzer/pskcheck.c
# and analyzer/psk_params.c against libikescope.a (found in top_builddir,
# or set LIBIKESCOPE=/path/to/libikescope.a), or `ikescope --psk-params`
# when the program has that option (BENCH_USE_IKESCOPE=1).  Both cut
# candidates at white space, as psk-crack does.  Also shown: ikescope
# alone on captures that psk-crack cannot take (Main Mode and IKEv1
# Aggressive Mode HASH_I with the DH value, IKEv2 AUTH).
set -u

_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$_dir/.." && pwd)}"
if [ -z "${top_builddir:-}" ]; then
	if [ -f "$top_srcdir/libikescope.a" ] || [ ! -f "$top_srcdir/build/libikescope.a" ]; then
		top_builddir=$top_srcdir
	else
		top_builddir=$top_srcdir/build
	fi
fi
: "${LIBIKESCOPE:=$top_builddir/libikescope.a}"
: "${IKESCOPE:=$top_builddir/ikescope}"
N=${1:-${BENCH_N:-1000000}}
R=${BENCH_REPEAT:-5}
DATA=$top_srcdir/tests/data/ike-scan
SAMPLES=$top_srcdir/samples/strongswan

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench_psk.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# One core for both: the comparison is per core.
PIN=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	PIN="taskset -c 0"
fi

# --- ikescope's side ---------------------------------------------------------
use_prog=0
if [ "${BENCH_USE_IKESCOPE:-0}" = 1 ] && [ -x "$IKESCOPE" ] &&
    "$IKESCOPE" --help 2>/dev/null | grep -q -- --psk-params; then
	use_prog=1
fi
if [ $use_prog = 0 ]; then
	if [ ! -f "$LIBIKESCOPE" ]; then
		echo "bench_psk: no libikescope.a at $LIBIKESCOPE (build first, or set LIBIKESCOPE)" >&2
		exit 1
	fi
	cat > "$TMP/drv.c" <<'EOF'
/* bench driver: psk-crack's job (params) or a capture's sides (capture). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analysis.h"
#include "analyzer/crypto_mb.h"
#include "analyzer/keys.h"
#include "analyzer/psk_params.h"
#include "analyzer/pskcheck.h"

static void
rate(const struct psk_crack_stats *st)
{
	printf("ikescope: %llu candidates in %.3f s (%.0f candidates/s)\n",
	    (unsigned long long)st->tried, st->seconds,
	    st->seconds > 0 ? st->tried / st->seconds : 0.0);
}

int
main(int argc, char **argv)
{
	char   err[512];
	FILE  *cf;

	if (argc >= 2 && strcmp(argv[1], "engine") == 0) {
		struct crypto_mb *m5 = crypto_mb_new(1, 0), *m1 = crypto_mb_new(2, 0);

		printf("MD5 %s, SHA1 %s\n", m5 ? crypto_mb_engine(m5) : "?",
		    m1 ? crypto_mb_engine(m1) : "?");
		crypto_mb_free(m5);
		crypto_mb_free(m1);
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "params") == 0) {
		struct psk_params p;
		unsigned long	  ln = 0;
		FILE		 *pf = fopen(argv[2], "r");
		int		  r;

		if (pf == NULL || (cf = fopen(argv[3], "r")) == NULL)
			return 1;
		while ((r = psk_params_read(pf, &p, &ln, err, sizeof(err))) != 0) {
			struct psk_cracker     *c = psk_cracker_new();
			struct psk_crack_stats	st;
			const struct psk_found *f;

			if (r < 0) {
				fprintf(stderr, "%s:%lu: %s\n", argv[2], ln, err);
				psk_cracker_free(c);
				continue;
			}
			if (argc > 4)
				psk_params_set_nortel_user(&p, argv[4]);
			psk_cracker_add_params(c, &p);
			rewind(cf);
			psk_crack_stream(c, cf, PSK_CAND_PSKCRACK, &st);
			f = psk_cracker_result(c, 0);
			if (f->found)
				printf("key \"%s\" matches %s hash\n", (char *)f->psk,
				    psk_params_hash_name(p.hash));
			else
				printf("no match found for %s hash\n",
				    psk_params_hash_name(p.hash));
			rate(&st);
			psk_cracker_free(c);
			psk_params_free(&p);
		}
		return 0;
	}
	if (argc >= 5 && strcmp(argv[1], "capture") == 0) {
		struct isc_options   o;
		struct isc_analysis *a;
		struct isc_keys	    *k = isc_keys_new();
		struct psk_check    *c = psk_check_new();

		if (isc_keys_load_file(k, argv[3], stderr) != 0 ||
		    (cf = fopen(argv[4], "r")) == NULL)
			return 1;
		memset(&o, 0, sizeof(o));
		o.keys = k;
		a = isc_analysis_new(&o);
		if (isc_analysis_read_file(a, argv[2], err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		isc_analysis_finish(a);
		psk_check_add_analysis(c, a);
		psk_check_run(c, cf, PSK_CAND_PSKCRACK, err, sizeof(err));
		psk_check_text(stdout, c, argv[4], 1);
		rate(psk_check_stats(c));
		psk_check_free(c);
		isc_analysis_free(a);
		isc_keys_free(k);
		return 0;
	}
	fprintf(stderr, "usage: drv params FILE LIST [NORTEL_USER] | "
			"capture PCAP KEYS LIST\n");
	return 2;
}
EOF
	JSONC_LIBS=$(pkg-config --libs json-c 2>/dev/null || echo -ljson-c)
	# The multi-buffer library, when the build found it (configure).
	MB_LIBS=$(sed -n 's/^IPSEC_MB_LIBS = //p' "$top_builddir/Makefile" 2>/dev/null)
	if ! ${CC:-cc} -O2 -I"$top_srcdir" -I"$top_builddir" -o "$TMP/drv" "$TMP/drv.c" \
	    "$top_srcdir/analyzer/pskcheck.c" "$top_srcdir/analyzer/psk_params.c" \
	    "$LIBIKESCOPE" -lpcap -lgcrypt -lksba -lgpg-error $MB_LIBS $JSONC_LIBS 2> "$TMP/cc.err"; then
		echo "bench_psk: building the driver failed:" >&2
		cat "$TMP/cc.err" >&2
		exit 1
	fi
fi

# --- the candidate list --------------------------------------------------------
# words: N pseudo-random [a-z0-9]{6,12} (fixed seed), then the PSK.
make_list()
{
	awk -v n="$N" -v seed=1 'BEGIN {
		srand(seed); cs = "abcdefghijklmnopqrstuvwxyz0123456789";
		for (i = 0; i < n; i++) {
			l = 6 + int(rand() * 7); w = "";
			for (j = 0; j < l; j++) w = w substr(cs, 1 + int(rand() * 36), 1);
			print w;
		}
	}' > "$TMP/words"
}
make_list
lines_for() # PSK -> $TMP/list.<hash of psk>
{
	local f=$TMP/list.$(printf '%s' "$1" | cksum | cut -d' ' -f1)
	if [ ! -f "$f" ]; then
		cp "$TMP/words" "$f"
		printf '%s\n' "$1" >> "$f"
	fi
	echo "$f"
}

# rate_of TEXT: the candidates/s number of a psk-crack or ikescope run.
pskcrack_rate() { sed -n 's/.*(\([0-9.]*\) iterations\/sec).*/\1/p' | tail -1; }
ikescope_rate() { sed -n 's/.*(\([0-9.]*\) candidates\/s).*/\1/p; s/.* tried in .* s, \([0-9]*\)\/s.*/\1/p' | tail -1; }

# stat best|median RATE...: the largest, or the median, of the rates.
stat()
{
	local how=$1
	shift
	printf '%s\n' "$@" | sort -g | awk -v how="$how" '
		{ v[NR] = $1 + 0 }
		END {
			if (NR == 0) { print 0; exit }
			if (how == "best") { print v[NR]; exit }
			print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

have_pskcrack=0
command -v psk-crack >/dev/null 2>&1 && have_pskcrack=1

echo "PSK check benchmark: $((N + 1)) candidates, one core${PIN:+ (taskset -c 0)}, $R runs each (alternating)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?) on $(nproc 2>/dev/null || echo ?) CPUs"
echo "ikescope: $([ $use_prog = 1 ] && echo "$IKESCOPE --psk-params" || echo "driver on $LIBIKESCOPE")"
[ $use_prog = 0 ] && echo "ikescope engine: $("$TMP/drv" engine 2>&1)"
echo "psk-crack: $([ $have_pskcrack = 1 ] && psk-crack --version 2>&1 | head -1 || echo "not installed (apt-get install ike-scan)")"
echo
printf '%-36s %-5s %21s %21s %11s  %s\n' "" "" "psk-crack c/s" "ikescope c/s" "ratio" ""
printf '%-36s %-5s %10s %10s %10s %10s %5s %5s  %s\n' "parameters" "hash" "best" "median" "best" "median" "best" "med" "found"

run_params() # FILE PSK [NORTEL_USER]
{
	local file=$1 psk=$2 user=${3:-} list out hash found x
	local pcs=() iks=() r=0 pcok=1 pcb=- pcm=- ikb ikm rb=- rm=-
	list=$(lines_for "$psk")
	# Time one entry per run: the first line of the file.
	head -n 1 "$file" > "$TMP/one.params"
	found=yes
	while [ $r -lt "$R" ]; do
		r=$((r + 1))
		if [ $have_pskcrack = 1 ]; then
			out=$($PIN psk-crack ${user:+--norteluser="$user"} -d "$list" "$TMP/one.params" 2>&1)
			x=$(printf '%s\n' "$out" | pskcrack_rate)
			pcs+=("${x:-0}")
			printf '%s\n' "$out" | grep -q "^key \"$psk\" matches" || pcok=0
		fi
		if [ $use_prog = 1 ]; then
			out=$($PIN "$IKESCOPE" --show-keys --psk-params "$TMP/one.params" ${user:+--psk-nortel-user "$user"} \
			    --psk-words --psk-candidates "$list" 2>&1)
		else
			out=$($PIN "$TMP/drv" params "$TMP/one.params" "$list" $user 2>&1)
		fi
		x=$(printf '%s\n' "$out" | ikescope_rate)
		iks+=("${x:-0}")
		printf '%s\n' "$out" | grep -q "\"$psk\"" || found=no
	done
	ikb=$(stat best "${iks[@]}")
	ikm=$(stat median "${iks[@]}")
	if [ $have_pskcrack = 1 ]; then
		pcb=$(stat best "${pcs[@]}")
		pcm=$(stat median "${pcs[@]}")
		rb=$(ratio "$ikb" "$pcb")
		rm=$(ratio "$ikm" "$pcm")
		pcb=${pcb%.*}
		pcm=${pcm%.*}
		[ $pcok = 1 ] || pcm="$pcm(!)"
	fi
	hash=$(printf '%s\n' "$out" | sed -n 's/.* matches \([A-Z0-9-]*\) hash.*/\1/p; s/.*parameters, \([A-Z0-9-]*\).*/\1/p' | head -1)
	printf '%-36s %-5s %10s %10s %10s %10s %5s %5s  %s\n' \
	    "$(basename "$file" .psk-params)${user:+ (user $user)}" "${hash:-?}" \
	    "$pcb" "$pcm" "${ikb%.*}" "${ikm%.*}" "$rb" "$rm" "$found"
}

run_params "$DATA/psk-crack-2_md5.psk-params" abc123
run_params "$DATA/psk-crack-2_sha1.psk-params" abc123
run_params "$DATA/psk-crack-3_nortel_md5.psk-params" abc123 test
run_params "$DATA/psk-crack-3_nortel_sha1.psk-params" abc123 test
run_params "$DATA/psk-crack-4_long_md5.psk-params" 12345678901234567890123456789012345678901234567890123456789012345
run_params "$DATA/psk-crack-4_long_sha1.psk-params" 12345678901234567890123456789012345678901234567890123456789012345
run_params "$DATA/psk-crack-4_uncrackable.psk-params" garibaldi

# The strongSwan Aggressive Mode sample as psk-crack takes it: our line.
if [ $use_prog = 0 ] && [ -f "$SAMPLES/ikev1-aggressive-psk.pcap" ]; then
	cat > "$TMP/am.c" <<'EOF'
#include <stdio.h>
#include "analyzer/analysis.h"
#include "analyzer/psk_params.h"
int
main(int argc, char **argv)
{
	struct isc_options   o = { 0 };
	struct isc_analysis *a = isc_analysis_new(&o);
	struct psk_params    p;
	char		     err[256];

	if (argc < 2 || isc_analysis_read_file(a, argv[1], err, sizeof(err)) != 0)
		return 1;
	isc_analysis_finish(a);
	if (a->nsas < 1 || psk_params_from_sa(a->sas[0], &p) != 0)
		return 1;
	psk_params_format(&p, stdout);
	return 0;
}
EOF
	if ${CC:-cc} -O2 -I"$top_srcdir" -o "$TMP/am" "$TMP/am.c" "$top_srcdir/analyzer/psk_params.c" \
	    "$LIBIKESCOPE" -lpcap -lgcrypt -lksba -lgpg-error $MB_LIBS $JSONC_LIBS 2>/dev/null &&
	    "$TMP/am" "$SAMPLES/ikev1-aggressive-psk.pcap" > "$TMP/ikev1-aggressive-psk.psk-params"; then
		run_params "$TMP/ikev1-aggressive-psk.psk-params" ikescope-test-psk-ikev1-aggressive-psk
	fi
fi

# ikescope only: checks psk-crack cannot do (with the DH value).
echo
printf '%-36s %-14s %14s  %s\n' "capture (dh line only)" "checks" "ikescope c/s" "found"
run_capture() # SAMPLE PSK
{
	local s=$1 psk=$2 list out ik found
	[ -f "$SAMPLES/$s.pcap" ] || return 0
	list=$(lines_for "$psk")
	grep '^dh ' "$SAMPLES/$s.min.keys" > "$TMP/$s.keys"
	if [ $use_prog = 1 ]; then
		out=$($PIN "$IKESCOPE" -k "$TMP/$s.keys" --show-keys --psk-words --psk-candidates "$list" \
		    "$SAMPLES/$s.pcap" 2>&1)
	else
		out=$($PIN "$TMP/drv" capture "$SAMPLES/$s.pcap" "$TMP/$s.keys" "$list" 2>&1)
	fi
	ik=$(printf '%s\n' "$out" | ikescope_rate)
	found=$(printf '%s\n' "$out" | grep -c ": PSK \"$psk\"")
	# (one run: these are for scale, nothing to compare with)
	printf '%-36s %-14s %14s  %s of 2 sides\n' "$s" \
	    "$(printf '%s\n' "$out" | sed -n 's/^    [a-z]*  \(HASH_[IR]\|AUTH\) .*/\1/p' | sort -u | tr '\n' ' ')" \
	    "${ik%.*}" "$found"
}
run_capture ikev1-main-psk-aes128-sha1-modp2048 ikescope-test-psk-ikev1-main-psk-aes128-sha1-modp2048
run_capture ikev1-aggressive-psk ikescope-test-psk-ikev1-aggressive-psk
run_capture ikev2-psk-aescbc-sha256 ikescope-test-psk-ikev2-psk-aescbc-sha256
echo
echo "c/s: candidates per second (a capture's rate counts each candidate once, for all its sides)."
echo "ratio: ikescope / psk-crack; (!) after a psk-crack rate: it did not find the PSK."
exit 0
