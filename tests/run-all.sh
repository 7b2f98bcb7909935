#!/bin/bash
# run-all.sh - every test, in two builds, and one line of result.  The
# README's second quick-start command (after tests/setup.sh):
#
#	tests/run-all.sh
#
#   build/        normal build:  make check, then make distcheck, then
#                 make interop (fresh strongSwan captures, tests/interop.sh)
#   build-asan/   --enable-asan --enable-ubsan (gcc):  make check, with
#                 LeakSanitizer on where it works on this machine
#
# Each build is configured when needed and rebuilt (make -j$JOBS, default 2).
# The automake summaries (# PASS:, # FAIL:, # ERROR:, # XPASS:) are added up
# over both builds; FAIL, ERROR and XPASS count as failed; a build that
# does not compile, or a make check that does not get to its summary,
# counts as 1 failed; make distcheck counts as 1 passed or 1 failed.  The
# failing tests' results are shown, and the last line is exactly
#
#	N passed, N failed
#
# The exit status is 0 when nothing failed.  Needs no terminal; works as
# root.  Logs: build*/run-all-*.log, build*/test-suite.log.

set -u

cd "$(dirname "$0")/.."
top=$(pwd)
: "${JOBS:=2}"
passed=0
failed=0

say() { printf 'run-all: %s\n' "$*"; }

# show_tail FILE N: the last N lines of FILE, indented.
show_tail()
{
	[ -f "$1" ] && tail -n "$2" "$1" | sed 's/^/    /'
}

# --- configure script -------------------------------------------------------
if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ] || [ ! -f build-aux/tap-driver.sh ]; then
	say "running ./autogen.sh"
	mkdir -p build
	if ! ./autogen.sh < /dev/null > build/run-all-autogen.log 2>&1; then
		show_tail build/run-all-autogen.log 20
		echo "0 passed, 1 failed"
		exit 1
	fi
fi

# --- LeakSanitizer: does it work here? --------------------------------------
# It needs ptrace-like access that some containers deny; then leaks cannot
# be checked, and detect_leaks=1 would fail every test.
lsan=1
probe=$(mktemp -d "${TMPDIR:-/tmp}/ikescope-lsan.XXXXXX")
printf 'int main(void) { return 0; }\n' > "$probe/p.c"
if ! gcc -fsanitize=address "$probe/p.c" -o "$probe/p" > /dev/null 2>&1 ||
    ! ASAN_OPTIONS=detect_leaks=1 "$probe/p" > /dev/null 2>&1; then
	lsan=0
fi
rm -rf "$probe"
if [ "$lsan" -eq 1 ]; then
	asan_options="detect_leaks=1:abort_on_error=0"
else
	asan_options="detect_leaks=0:abort_on_error=0"
	say "note: LeakSanitizer does not work on this machine (ptrace denied?);"
	say "      build-asan/ runs with detect_leaks=0: leaks are not checked"
fi

# build DIR CONFIGURE-ARGS...: configure when needed, then make.
build()
{
	local dir=$1 stamp
	shift
	mkdir -p "$dir"
	stamp="$*"
	if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/config.status" ] ||
	    [ "$(cat "$dir/.run-all-configure" 2>/dev/null)" != "$stamp" ]; then
		say "$dir: configure $stamp"
		if ! (cd "$dir" && "$top/configure" "$@" < /dev/null \
		    > run-all-configure.log 2>&1); then
			say "$dir: configure failed"
			show_tail "$dir/run-all-configure.log" 15
			return 1
		fi
		printf '%s\n' "$stamp" > "$dir/.run-all-configure"
	fi
	say "$dir: make -j$JOBS"
	if ! make -C "$dir" -j"$JOBS" < /dev/null > "$dir/run-all-make.log" 2>&1; then
		say "$dir: build failed"
		grep -E 'error|Error' "$dir/run-all-make.log" | head -n 20 |
		    sed 's/^/    /'
		return 1
	fi
}

# count LOG: add the automake summary in LOG to the totals; prints it.
count()
{
	local log=$1 p f e x s xf
	p=$(sed -n 's/^# PASS: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^# FAIL: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	e=$(sed -n 's/^# ERROR: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	x=$(sed -n 's/^# XPASS: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	s=$(sed -n 's/^# SKIP: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	xf=$(sed -n 's/^# XFAIL: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ -z "$p$f$e$x" ]; then
		return 1
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
	say "    PASS ${p:-0}  FAIL ${f:-0}  ERROR ${e:-0}  XPASS ${x:-0}  SKIP ${s:-0}  XFAIL ${xf:-0}"
}

# show_failures DIR: what went wrong in every test that did not pass: its
# "not ok" lines and the diagnostics after them (or the log's end).
show_failures()
{
	local trs log
	while IFS= read -r trs; do
		log=${trs%.trs}.log
		say "  failed: ${log#"$1"/} ($(grep -cE '^(not ok|Bail out!)' "$log") not ok)"
		if grep -qE '^(not ok|Bail out!)' "$log"; then
			awk '/^(not ok|Bail out!)/ { p = 1; print; next }
			    /^ok / { p = 0 }
			    p && /^#/ { print }' "$log" | head -n 40 |
			    sed 's/^/    /'
		else
			show_tail "$log" 20
		fi
	done < <(find "$1" -name '*.trs' -newer "$1/.run-all-check-start" \
	    -exec grep -lE '^:test-result: (FAIL|ERROR|XPASS)' {} + 2>/dev/null |
	    LC_ALL=C sort)
}

# check DIR [ENV...]: make check in DIR, count, show failures.
check()
{
	local dir=$1
	shift
	say "$dir: make -j$JOBS check"
	touch "$dir/.run-all-check-start"
	env "$@" make -C "$dir" -j"$JOBS" check < /dev/null \
	    > "$dir/run-all-check.log" 2>&1
	if ! count "$dir/run-all-check.log"; then
		say "$dir: make check did not get to its summary"
		show_tail "$dir/run-all-check.log" 25
		failed=$((failed + 1))
		return
	fi
	show_failures "$dir"
}

# --- build/: normal build, check, distcheck ---------------------------------
if build build; then
	check build
	say "build: make -j$JOBS distcheck"
	if make -C build -j"$JOBS" distcheck < /dev/null \
	    > build/run-all-distcheck.log 2>&1; then
		passed=$((passed + 1))
		say "    distcheck passed"
	else
		failed=$((failed + 1))
		say "    distcheck FAILED (build/run-all-distcheck.log):"
		grep -E '^(FAIL|ERROR|XPASS):|\*\*\*|error:|No rule|No such file' \
		    build/run-all-distcheck.log | head -n 30 | sed 's/^/    /'
	fi
else
	failed=$((failed + 1))
fi

# --- make interop: strongSwan captures made now, checked ---------------------
# Needs root, network namespaces and the strongSwan packages (tests/setup.sh
# installs them); otherwise its one check is skipped, with the reason.
if [ -f build/Makefile ]; then
	say "build: make interop (fresh captures from two strongSwan daemons)"
	make -C build interop < /dev/null > build/run-all-interop.log 2>&1
	i_ok=$(grep -E '^ok ' build/run-all-interop.log | grep -vc '# SKIP')
	i_skip=$(grep -E '^ok ' build/run-all-interop.log | grep -c '# SKIP')
	i_bad=$(grep -cE '^(not ok|Bail out!)' build/run-all-interop.log)
	if [ "$i_ok$i_bad" = 00 ] && [ "$i_skip" -eq 0 ]; then
		i_bad=1 # it did not get to its checks
		show_tail build/run-all-interop.log 20
	fi
	passed=$((passed + i_ok))
	failed=$((failed + i_bad))
	say "    PASS $i_ok  FAIL $i_bad  SKIP $i_skip"
	if [ "$i_skip" -gt 0 ] && [ "$i_ok$i_bad" = 00 ]; then
		grep -E '^ok .*# SKIP' build/run-all-interop.log | head -n 1 |
		    sed 's/^ok [0-9]* - /    skipped: /'
	fi
	grep -E '^(not ok|Bail out!)' build/run-all-interop.log | head -n 20 |
	    sed 's/^/    /'
fi

# --- build-asan/: sanitizers ------------------------------------------------
if build build-asan --enable-asan --enable-ubsan CC=gcc; then
	check build-asan ASAN_OPTIONS="$asan_options" \
	    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
else
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
