# lib.sh - shared helpers for the TAP test scripts (sourced, not run).
#
#	. "$(dirname "$0")/lib.sh"
#	tap_ok $? "what was checked"
#	tap_done
#
# The scripts are run by "make check" (automake's tap-driver.sh), with
# top_srcdir and top_builddir exported by AM_TESTS_ENVIRONMENT, or by hand
# from anywhere: top_srcdir then defaults to the directory above this file,
# top_builddir to the same or, when the program is not there, to build/
# (where tests/setup.sh builds).  IKESCOPE overrides the program to test.
#
# Output is TAP as tap-driver.sh reads it: one "ok N - ..." or
# "not ok N - ..." line per check, "# ..." diagnostics, the plan "1..N"
# printed last by tap_done.  A script exits 0 when it ran to the end, even
# if checks failed (the TAP lines carry the result); "Bail out!" stops it
# when it cannot run at all.

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)
: "${top_srcdir:=$(cd "$_lib_dir/.." && pwd)}"
if [ -z "${top_builddir:-}" ]; then
	# By hand: an in-tree build, else build/ (where tests/setup.sh builds).
	if [ ! -x "$top_srcdir/ikescope" ] && [ -x "$top_srcdir/build/ikescope" ]; then
		top_builddir=$top_srcdir/build
	else
		top_builddir=$top_srcdir
	fi
fi
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
export top_srcdir top_builddir

: "${IKESCOPE:=$top_builddir/ikescope}"

# Sanitizer defaults for builds configured with --enable-asan/--enable-ubsan;
# the caller's settings win.
: "${ASAN_OPTIONS:=abort_on_error=0:detect_leaks=1}"
: "${UBSAN_OPTIONS:=print_stacktrace=1}"
export ASAN_OPTIONS UBSAN_OPTIONS

# What counts as a sanitizer report in a program's standard error.
SANITIZER_RE='runtime error\|AddressSanitizer\|LeakSanitizer\|MemorySanitizer\|ThreadSanitizer\|UndefinedBehaviorSanitizer'

_tap_n=0
_tap_failed=0

# tap_ok STATUS DESCRIPTION: one test line; STATUS 0 passes.
tap_ok()
{
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		# A TODO test (a contract not built yet) is an expected
		# failure; once it passes, the harness reports XPASS.
		case $2 in
		*"# TODO"*) ;;
		*) _tap_failed=$((_tap_failed + 1)) ;;
		esac
	fi
}

# tap_skip DESCRIPTION REASON
tap_skip()
{
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# tap_diag TEXT...: diagnostic lines ("# ..."); reads stdin when no TEXT.
tap_diag()
{
	if [ $# -gt 0 ]; then
		printf '%s\n' "$*" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

# tap_diag_file FILE [MAXLINES]: the head of a file as diagnostics.
tap_diag_file()
{
	[ -s "$1" ] || return 0
	head -n "${2:-40}" "$1" | sed 's/^/#   /'
	if [ "$(wc -l < "$1")" -gt "${2:-40}" ]; then
		echo "#   ... ($(wc -l < "$1") lines in all)"
	fi
}

# tap_results CHECKER RC RESULTS ERRFILE [PREFIX]: the records a python
# checker wrote to RESULTS, one a line, as TAP lines: "PASS<TAB>TEXT",
# "FAIL<TAB>TEXT", "SKIP<TAB>TEXT<TAB>REASON", "DIAG<TAB>TEXT" (a detail of
# the line before, to standard error as "# [N] TEXT").  PREFIX goes before
# every TEXT.  A checker that exited with RC != 0 or wrote to ERRFILE
# fails one more line.
tap_results()
{
	local checker=$1 rc=$2 results=$3 errfile=$4 prefix=${5:-}
	local kind text reason
	while IFS=$'\t' read -r kind text reason; do
		case $kind in
		PASS) tap_ok 0 "$prefix$text" ;;
		FAIL) tap_ok 1 "$prefix$text" ;;
		SKIP) tap_skip "$prefix$text" "$reason" ;;
		DIAG) printf '# [%d] %s\n' "$_tap_n" "$text" >&2 ;;
		*) printf '# [%d] %s\t%s\n' "$_tap_n" "$kind" "$text" >&2 ;;
		esac
	done < "$results"
	if [ "$rc" -ne 0 ] || [ -s "$errfile" ]; then
		tap_ok 1 "$checker ran to the end"
		tap_diag "exit status $rc"
		tap_diag_file "$errfile" 20 >&2
	fi
}

tap_bail()
{
	echo "Bail out! $*"
	exit 99
}

# tap_done: print the plan; exit 0 (the TAP lines carry the results).
tap_done()
{
	echo "1..$_tap_n"
	exit 0
}

# need_ikescope: bail out unless the program to test exists.
need_ikescope()
{
	[ -x "$IKESCOPE" ] || tap_bail "ikescope not found at $IKESCOPE (build it first, or set IKESCOPE)"
}

# need_python: bail out without python3 (JSON checks).
need_python()
{
	command -v python3 >/dev/null 2>&1 || tap_bail "python3 is needed for the JSON checks"
}

# by_first_frame PCAP...: the classic pcap files in the order of their
# first frame's time (the order they were made in).
by_first_frame()
{
	python3 -c 'import struct, sys
def t0(p):
    with open(p, "rb") as f:
        h = f.read(24 + 8)
    e = "<" if h[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    return struct.unpack(e + "II", h[24:32])
print("\n".join(sorted(sys.argv[1:], key=t0)))' "$@"
}

# has_sanitizer_report FILE: true when FILE holds a sanitizer report.
has_sanitizer_report()
{
	grep -q "$SANITIZER_RE" "$1" 2>/dev/null
}

# A private scratch directory, removed on exit.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ikescope-test.XXXXXX") ||
    tap_bail "cannot create a temporary directory"
trap 'rm -rf "$TEST_TMP"' EXIT
trap 'exit 130' INT TERM

# run_ikescope OUT ERR ARGS...: run the program, stdout to OUT, stderr to
# ERR (stdin is the caller's); sets RC to its exit status.
# quiet_stderr FILE: true when FILE holds nothing but the warning about
# a key file others may read (the samples' key files are mode 0644 in
# the tree; tests/safe_output.sh checks the warning itself).
quiet_stderr()
{
	! grep -qv ': warning: the key file is readable by ' "$1"
}

run_ikescope()
{
	local out=$1 err=$2
	shift 2
	RC=0
	"$IKESCOPE" "$@" > "$out" 2> "$err" || RC=$?
}
