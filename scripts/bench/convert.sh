#!/bin/sh
# tq convert of a large trace (the sched/irq/timer fixture grown to about 1.6 million
# events, as report.sh makes it) to each format, next to tq report of the same file: wall
# time, CPU time, peak memory and output size. The memory must not grow with the file.
# BENCH_FILE=path uses your own trace.dat instead.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
work=${TMPDIR:-/tmp}/tq-bench
mkdir -p "$work"
. "$top/scripts/bench/lib"

if [ ! -x /usr/bin/time ]; then
	echo "convert.sh: /usr/bin/time (GNU time) is needed for CPU and memory figures"
	exit 0
fi
big=${BENCH_FILE:-}
[ -n "$big" ] || big=$(bench_big_v6) || exit 1

# run WHAT OUT CMD...: one line: what, wall s, CPU s, peak RSS MiB, output size MiB
run() {
	_what=$1 _out=$2
	shift 2
	rm -rf "$_out"
	_t=$(time_once "$@") || {
		echo "$_what: failed: $(head -3 "$work/time.err")"
		return
	}
	_size=$(du -sk "$_out" 2>/dev/null | cut -f1)
	echo "$_t" | awk -v w="$_what" -v size="${_size:-0}" '{
		printf "%-22s %7.2f s wall %7.2f s CPU %7.1f MiB peak %8.1f MiB out\n", w,
			$1, $2, $3 / 1024, size / 1024 }'
}

events=$("$TQ" report -i "$big" --json 2>/dev/null | wc -l)
echo "file: $big ($(du -k "$big" | cut -f1) KiB, $events events)"
run "tq report" "$work/report.txt" sh -c "'$TQ' report -i '$big' >'$work/report.txt'"
run "tq convert ctf" "$work/big.ctf" "$TQ" convert -i "$big" --to ctf -o "$work/big.ctf"
run "tq convert perfetto" "$work/big.pftrace" "$TQ" convert -i "$big" --to perfetto \
	-o "$work/big.pftrace"
run "tq convert chrome-json" "$work/big.json" "$TQ" convert -i "$big" --to chrome-json \
	-o "$work/big.json"
run "tq convert systrace" "$work/big.txt" "$TQ" convert -i "$big" --to systrace \
	-o "$work/big.txt"
rm -rf "$work/big.ctf" "$work/big.pftrace" "$work/big.json" "$work/big.txt" "$work/report.txt"
