#!/bin/sh
# tq report against trace-cmd report on the same large trace (about 1.6 million events):
# wall time, CPU time and peak memory side by side, and whether the outputs are identical.
# BENCH_FILE=path uses your own trace.dat instead of the generated one.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
work=${TMPDIR:-/tmp}/tq-bench
mkdir -p "$work"

if ! command -v trace-cmd >/dev/null 2>&1; then
	echo "report.sh: trace-cmd is not installed, nothing to compare with"
	exit 0
fi
if [ ! -x /usr/bin/time ]; then
	echo "report.sh: /usr/bin/time (GNU time) is needed for CPU and memory figures"
	exit 0
fi

files=${BENCH_FILE:-}
if [ -z "$files" ]; then
	big=$work/big-v6.dat
	if [ ! -s "$big" ]; then
		command -v python3 >/dev/null || { echo "report.sh: python3 needed"; exit 0; }
		xz -dc "$top/tests/report/fixtures/v6.dat.xz" >"$work/small.dat" &&
			python3 "$top/scripts/bench/mkbig.py" "$work/small.dat" "$big" 425 || exit 1
	fi
	zbig=$work/big-v7-zstd.dat
	[ -s "$zbig" ] || trace-cmd convert -i "$big" -o "$zbig" >/dev/null 2>&1
	files="$big $zbig"
fi

# measure NAME CMD...: prints "wall cpu maxrss_kb" and leaves the output in $work/NAME.out
measure() {
	_name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/$_name.time" "$@" >"$work/$_name.out" 2>/dev/null
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/$_name.time"
}

for f in $files; do
	[ -s "$f" ] || continue
	events=$("$TQ" report -i "$f" 2>/dev/null | wc -l)
	echo "file: $f ($(($(wc -c <"$f") / 1048576)) MiB, $((events - 1)) events)"
	set -- $(measure trace-cmd trace-cmd report -i "$f")
	tc_wall=$1 tc_cpu=$2 tc_mem=$3
	set -- $(measure tq "$TQ" report -i "$f")
	tq_wall=$1 tq_cpu=$2 tq_mem=$3
	if cmp -s "$work/trace-cmd.out" "$work/tq.out"; then same=identical; else same=DIFFERENT; fi
	printf '  %-10s %8s %8s %10s\n' "" "wall s" "cpu s" "max RSS KB"
	printf '  %-10s %8s %8s %10s\n' trace-cmd "$tc_wall" "$tc_cpu" "$tc_mem"
	printf '  %-10s %8s %8s %10s\n' tq "$tq_wall" "$tq_cpu" "$tq_mem"
	awk -v a="$tc_cpu" -v b="$tq_cpu" -v c="$tc_wall" -v d="$tq_wall" 'BEGIN {
		x = 0; y = 0
		if (b > 0) x = a / b
		if (d > 0) y = c / d
		printf "  speed-up: %.1fx CPU, %.1fx wall\n", x, y }'
	echo "  output: $same"
	rm -f "$work/trace-cmd.out" "$work/tq.out"
done
