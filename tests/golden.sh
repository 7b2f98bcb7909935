#!/bin/bash
# golden.sh - golden-output tests: the text report and the JSON document of
# every capture named in tests/golden/LIST, compared with the expected
# files beside it.
#
# LIST has one case per line (blank lines and "#" comments ignored):
#	NAME  CAPTURE  [ARGS...]
# CAPTURE is relative to top_srcdir; ARGS may be quoted as in the shell
# (-f 'udp port 500').  For each case this runs, from top_srcdir (so file
# names in the output are the same relative paths everywhere):
#	ikescope ARGS CAPTURE          -> compared with NAME.txt
#	ikescope --json ARGS CAPTURE   -> compared with NAME.json
# Both must exit 0 with no sanitizer report.  The JSON is compared after
# parsing and re-printing it (2-space indent, key order kept) without the
# top-level "version" member, so a new version number or a change of
# whitespace in the writer does not touch the expected files; a document
# that does not parse fails.
#
#	UPDATE=1 tests/golden.sh	rewrites the expected files from the
#					current program (review the diff!)
#
# Differences are shown as "diff -u expected actual" in TAP comments.

. "$(dirname "$0")/lib.sh"
need_ikescope
need_python

GOLDEN=$top_srcdir/tests/golden
LIST=$GOLDEN/LIST
[ -r "$LIST" ] || tap_bail "no $LIST"

# normalize_json IN OUT: parse IN, drop "version", print to OUT.
normalize_json()
{
	python3 - "$1" "$2" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except (ValueError, UnicodeDecodeError) as e:
    print("output is not valid JSON (UTF-8): %s" % e)
    sys.exit(1)
if not isinstance(doc, dict):
    print("output is not a JSON object")
    sys.exit(1)
doc.pop("version", None)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
EOF
}

# check NAME KIND EXPECTED ACTUAL RC ERRFILE
check()
{
	local name=$1 kind=$2 exp=$3 act=$4 rc=$5 err=$6 bad=0

	if [ "$rc" -ne 0 ]; then
		bad=1
	fi
	if has_sanitizer_report "$err"; then
		bad=1
	fi
	if [ -n "$UPDATE" ]; then
		if [ "$bad" -eq 0 ]; then
			cp "$act" "$exp"
		fi
		tap_ok "$bad" "$name $kind: updated $(basename "$exp")"
	elif [ ! -f "$exp" ]; then
		bad=1
		tap_ok "$bad" "$name $kind"
		tap_diag "missing $exp; run UPDATE=1 $0 and review the result"
	else
		diff -u "$exp" "$act" > "$TEST_TMP/diff" 2>&1 || bad=1
		tap_ok "$bad" "$name $kind"
		if [ -s "$TEST_TMP/diff" ]; then
			tap_diag_file "$TEST_TMP/diff" 60
		fi
	fi
	if [ "$rc" -ne 0 ]; then
		tap_diag "exit status $rc (expected 0); stderr:"
		tap_diag_file "$err" 20
	elif has_sanitizer_report "$err"; then
		tap_diag "sanitizer report:"
		tap_diag_file "$err" 40
	fi
}

names=" "
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	''|'#'*|[[:space:]]*'#'*) continue ;;
	esac
	eval "set -- $line"
	[ $# -ge 2 ] || tap_bail "bad LIST line: $line"
	name=$1 cap=$2
	shift 2
	names="$names$name "
	if [ ! -r "$top_srcdir/$cap" ]; then
		tap_ok 1 "$name: capture $cap exists"
		continue
	fi

	rc=0
	(cd "$top_srcdir" && exec "$IKESCOPE" "$@" "$cap") \
	    > "$TEST_TMP/out.txt" 2> "$TEST_TMP/err.txt" < /dev/null || rc=$?
	check "$name" text "$GOLDEN/$name.txt" "$TEST_TMP/out.txt" "$rc" \
	    "$TEST_TMP/err.txt"

	rc=0
	(cd "$top_srcdir" && exec "$IKESCOPE" --json "$@" "$cap") \
	    > "$TEST_TMP/out.raw" 2> "$TEST_TMP/err.txt" < /dev/null || rc=$?
	if ! normalize_json "$TEST_TMP/out.raw" "$TEST_TMP/out.json" \
	    > "$TEST_TMP/why" 2>&1; then
		cat "$TEST_TMP/why" >> "$TEST_TMP/err.txt"
		[ "$rc" -ne 0 ] || rc=254
		: > "$TEST_TMP/out.json"
	fi
	check "$name" json "$GOLDEN/$name.json" "$TEST_TMP/out.json" "$rc" \
	    "$TEST_TMP/err.txt"
done < "$LIST"

# Every expected file belongs to a LIST case.
orphans=""
for f in "$GOLDEN"/*.txt "$GOLDEN"/*.json; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	b=${b%.*}
	case $names in
	*" $b "*) ;;
	*) orphans="$orphans $(basename "$f")" ;;
	esac
done
if [ -n "$orphans" ]; then
	tap_ok 1 "every expected file has a LIST entry"
	tap_diag "not in LIST:$orphans"
else
	tap_ok 0 "every expected file has a LIST entry"
fi

tap_done
