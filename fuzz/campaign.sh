#!/bin/bash
# campaign.sh - a long libFuzzer campaign over every target, round robin,
# with the CPU time each target got written down, so "how long did each
# target run" has an answer.
#
#	fuzz/campaign.sh BUILD_DIR WORK_DIR
#
# BUILD_DIR: a build configured with --enable-fuzzing (see README).
# WORK_DIR: where the campaign keeps its state across runs and restarts:
#   c-TARGET/    the working corpus (seeded from fuzz/corpus/fuzz_TARGET)
#   art/         crashes, leaks, timeouts (TARGET-crash-SHA1 ...)
#   art/spurious/  timeouts and slow units that replay in well under the
#                time limit: the fuzzer was paused or starved (SIGSTOP, a
#                loaded machine), not slowed by its input
#   log.tsv      one line per slice: target, CPU seconds (user + system),
#                start (UTC), new corpus files, artifacts of the target
#   last.TARGET.ID.log   libFuzzer's output of the last slice
# Each slice runs one target SLICE seconds of wall time (default 900) at
# nice 19: the target of TARGETS (default: all seven) with the least CPU
# time so far that no other runner is running.  ID names this runner: two
# runners (ID=a, ID=b) use both cores.
# `touch WORK_DIR/stop` ends the campaign after the slice under way.
# CPU seconds per target so far:
#   awk -F'\t' '{c[$1]+=$2} END {for (t in c) print t, c[t]}' WORK_DIR/log.tsv
set -u
B=${1:?usage: campaign.sh BUILD_DIR WORK_DIR}
C=${2:?usage: campaign.sh BUILD_DIR WORK_DIR}
S=$(cd "$(dirname "$0")" && pwd)
SLICE=${SLICE:-900}
ID=${ID:-a}
mkdir -p "$C/art"
cat "$S/ike.dict" "$S/net.dict" > "$C/pipeline.dict"
dict()
{
	case $1 in
	ikev1 | ikev2 | plain) echo "$S/ike.dict" ;;
	esp) echo "$S/net.dict" ;;
	keyfile | import) echo "$S/keys.dict" ;;
	pipeline) echo "$C/pipeline.dict" ;;
	esac
}
# A timeout or slow unit that replays in under a quarter of the limit was
# the machine's doing; keep it apart so it is not counted as a finding.
spurious()
{
	local a s
	for a in "$C/art/$1"-timeout-* "$C/art/$1"-slow-unit-*; do
		[ -f "$a" ] || continue
		s=$(date +%s%N)
		timeout 10 "$B/fuzz/fuzz_$1" "$a" > /dev/null 2>&1 || continue
		if [ $((($(date +%s%N) - s) / 1000000)) -lt 2500 ]; then
			mkdir -p "$C/art/spurious"
			mv "$a" "$C/art/spurious/"
		fi
	done
}
# The target with the least CPU time so far that no other runner has.
pick()
{
	local t
	for t in ${TARGETS:-ikev1 ikev2 plain esp keyfile import pipeline}; do
		echo "$t $(awk -F'\t' -v t="$t" '$1 == t { c += $2 }
		    END { print c + 0 }' "$C/log.tsv" 2>/dev/null)"
	done | sort -k2,2n | while read -r t _; do
		if [ ! -f "$C/running.$t" ] ||
		    [ "$(cat "$C/running.$t")" = "$ID" ]; then
			echo "$t"
			break
		fi
	done
}
rm -f $(grep -l "^$ID\$" "$C"/running.* 2>/dev/null)
while :; do
	{
		[ -f "$C/stop" ] && exit 0
		t=$(pick)
		[ -n "$t" ] || { sleep 10; continue; }
		echo "$ID" > "$C/running.$t"
		d=$C/c-$t
		mkdir -p "$d"
		[ -n "$(ls -A "$d")" ] || cp "$S/corpus/fuzz_$t"/* "$d/" 2>/dev/null
		before=$(ls "$d" | wc -l)
		start=$(date -u +%FT%TZ)
		(cd "$C/art" && /usr/bin/time -f "%U %S" -o "$C/time.$t.$ID" \
		    nice -n 19 "$B/fuzz/fuzz_$t" -dict="$(dict "$t")" \
		    -max_total_time="$SLICE" -timeout=10 -rss_limit_mb=2048 \
		    -max_len="${MAXLEN:-65536}" -print_final_stats=1 \
		    -artifact_prefix="$C/art/$t-" "$d" \
		    > "$C/last.$t.$ID.log" 2>&1)
		# the last line: /usr/bin/time puts "Command exited with
		# non-zero status N" before it when libFuzzer found something
		cpu=$(tail -n 1 "$C/time.$t.$ID" | awk '{print $1 + $2}')
		spurious "$t"
		after=$(ls "$d" | wc -l)
		arts=$(ls "$C/art" | grep -c "^$t-")
		printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$cpu" "$start" \
		    $((after - before)) "$arts" >> "$C/log.tsv"
		rm -f "$C/running.$t"
	}
done
