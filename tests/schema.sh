#!/bin/bash
# schema.sh - every --json document and every --ndjson event of the golden
# cases (tests/golden/LIST: corpus, samples, malformed captures), plain and
# with -v, validates against the JSON Schemas in docs/schema.
. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

LIST=$top_srcdir/tests/golden/LIST
[ -r "$LIST" ] || tap_bail "no $LIST"
mkdir -p "$TEST_TMP/out"
n=0
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	''|'#'*|[[:space:]]*'#'*) continue ;;
	esac
	eval "set -- $line"
	name=$1 cap=$2
	shift 2
	[ -r "$top_srcdir/$cap" ] || continue
	for mode in json ndjson; do
		for v in "" -v; do
			out=$TEST_TMP/out/$name$v.$mode
			rc=0
			(cd "$top_srcdir" && exec "$IKESCOPE" --$mode $v "$@" \
			    "$cap") > "$out" 2> "$TEST_TMP/err" < /dev/null ||
			    rc=$?
			if [ "$rc" -ne 0 ] || has_sanitizer_report "$TEST_TMP/err"
			then
				tap_ok 1 "$name --$mode $v runs"
				tap_diag_file "$TEST_TMP/err" 20
			fi
			n=$((n + 1))
		done
	done
done < "$LIST"
[ "$n" -gt 0 ] || tap_bail "no cases in $LIST"

rc=0
(cd "$TEST_TMP/out" && exec python3 "$top_srcdir/tests/schema_check.py" \
    "$top_srcdir/docs/schema" *) > "$TEST_TMP/results" 2> "$TEST_TMP/perr" ||
    rc=$?
if [ "$rc" -eq 2 ]; then
	tap_bail "$(cut -f3 "$TEST_TMP/results")"
fi
tap_results schema_check.py "$rc" "$TEST_TMP/results" "$TEST_TMP/perr"
tap_done
