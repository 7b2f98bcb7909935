#!/bin/bash
# format.sh - the C sources are formatted as .clang-format says (the style
# is OpenBSD KNF as far as clang-format can express it).  One TAP line per
# file; skipped where clang-format is not installed.
. "$(dirname "$0")/lib.sh"

cd "$top_srcdir" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
	tap_skip "sources formatted" "clang-format not installed"
	tap_done
fi
for f in dissect/*.[ch] analyzer/*.[ch] ui/*.[ch] tests/unit/*.[ch]; do
	if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		tap_ok 0 "$f is formatted"
	else
		tap_ok 1 "$f is formatted (run: clang-format -i $f)"
	fi
done
tap_done
