#!/bin/sh
# tq hist -i (the SQL engine over a file) against libtracecmd's bare iteration of the same
# file and trace-cmd report of it: wall time, CPU time and peak memory side by side, median
# of BENCH_RUNS rounds. The file: the sched fixture grown to about 1.6 million events (as
# report.sh makes it), or BENCH_FILE.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
work=${TMPDIR:-/tmp}/tq-bench
mkdir -p "$work"
. "$top/scripts/bench/lib"
RUNS=${BENCH_RUNS:-3}

if [ ! -x /usr/bin/time ]; then
	echo "hist.sh: /usr/bin/time (GNU time) is needed for CPU and memory figures"
	exit 0
fi
f=${BENCH_FILE:-}
[ -n "$f" ] || f=$(bench_big_v6) || exit 1
iter=$work/tracecmd-iterate
# shellcheck disable=SC2046
cc -std=c11 -O2 -o "$iter" "$top/scripts/bench/tracecmd-iterate.c" \
	$(pkg-config --cflags --libs libtracecmd 2>/dev/null) 2>/dev/null || iter=""

q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s
	JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'


: >"$work/h.t"; : >"$work/i.t"; : >"$work/r.t"
r=0
while [ $r -lt "$RUNS" ]; do
	time_once "$TQ" hist -i "$f" "$q" >>"$work/h.t"
	[ -z "$iter" ] || time_once "$iter" "$f" >>"$work/i.t"
	! command -v trace-cmd >/dev/null || time_once trace-cmd report -i "$f" >>"$work/r.t"
	r=$((r + 1))
done
events=$([ -n "$iter" ] && "$iter" "$f" || echo "?")
echo "file: $f ($events events; median of $RUNS runs)"
printf '%-34s %8s %8s %10s\n' "" "wall s" "cpu s" "peak KiB"
show() {
	[ -s "$2" ] || { printf '%-34s %s\n' "$1" "(not available)"; return; }
	printf '%-34s %8s %8s %10s\n' "$1" "$(median 1 "$2")" "$(median 2 "$2")" "$(median 3 "$2")"
}
show "tq hist -i (wakeup-latency JOIN)" "$work/h.t"
show "libtracecmd bare iteration" "$work/i.t"
show "trace-cmd report" "$work/r.t"
if [ -s "$work/i.t" ] && [ -s "$work/r.t" ]; then
	awk -v h="$(median 1 "$work/h.t")" -v i="$(median 1 "$work/i.t")" \
		-v r="$(median 1 "$work/r.t")" 'BEGIN {
		printf "tq hist -i: %.2fx the bare iteration, %.1fx faster than trace-cmd report\n",
			h / i, r / h }'
fi
