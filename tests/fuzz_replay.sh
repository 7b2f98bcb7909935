#!/bin/bash
# fuzz_replay.sh - every fuzz corpus input through its target, in every
# build: fuzz/replay_TARGET (the target linked with fuzz/replay.c instead
# of libFuzzer) runs once on each file of fuzz/corpus/TARGET/, the seeds
# and the inputs that once crashed (crash-*, kept as regressions).  One
# TAP line per target: it passes when the replay exits 0 and its
# standard error holds no sanitizer report, so `make check` in an
# --enable-asan --enable-ubsan build checks the whole corpus under the
# sanitizers without clang.  FUZZ_TARGETS limits the run to some targets.

. "$(dirname "$0")/lib.sh"

CORPUS=$top_srcdir/fuzz/corpus
: "${FUZZ_TARGETS:=ikev1 ikev2 plain esp keyfile import pipeline}"

for t in $FUZZ_TARGETS; do
	bin=$top_builddir/fuzz/replay_$t
	dir=$CORPUS/fuzz_$t
	if [ ! -x "$bin" ]; then
		tap_ok 1 "fuzz_$t: $bin not built (make check builds it)"
		continue
	fi
	if [ ! -d "$dir" ]; then
		tap_ok 1 "fuzz_$t: no corpus directory $dir"
		continue
	fi
	n=$(find "$dir" -maxdepth 1 -type f ! -name '.*' | wc -l)
	if [ "$n" -eq 0 ]; then
		tap_ok 1 "fuzz_$t: corpus $dir is empty"
		continue
	fi
	"$bin" -v "$dir" > "$TEST_TMP/out" 2> "$TEST_TMP/err"
	rc=$?
	ok=0
	if [ $rc -ne 0 ] || has_sanitizer_report "$TEST_TMP/err" ||
	    ! grep -q "^replay: $n inputs run" "$TEST_TMP/out"; then
		ok=1
	fi
	tap_ok $ok "fuzz_$t: $n corpus inputs replayed"
	if [ $ok -ne 0 ]; then
		tap_diag "exit status $rc; last input started:"
		grep '^replay: ' "$TEST_TMP/err" | tail -n 1 | tap_diag
		grep -v '^replay: ' "$TEST_TMP/err" > "$TEST_TMP/err2"
		tap_diag_file "$TEST_TMP/err2" 30
	fi
done
tap_done
