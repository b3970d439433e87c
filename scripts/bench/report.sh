#!/bin/sh
# tq report against trace-cmd report on the same large traces (about 1.6 million events
# each): wall time, CPU time and peak memory side by side, and whether the outputs are
# identical. The traces: the sched/irq/timer fixture grown to size (v6, and v7 zstd), and,
# as root on a kernel with syscalls events, a syscall-heavy recording (raw_syscalls and
# syscalls, half the events printing array elements) made by tq record, and a function
# tracer recording made in the VM on Debian's kernel.
# BENCH_FILE=path uses your own trace.dat instead of the generated ones.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
work=${TMPDIR:-/tmp}/tq-bench
mkdir -p "$work"
. "$top/scripts/bench/lib"

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
	big=$(bench_big_v6) || exit 1
	zbig=$work/big-v7-zstd.dat
	[ -s "$zbig" ] || trace-cmd convert -i "$big" -o "$zbig" >/dev/null 2>&1
	files="$big $zbig"
	sys=$work/syscalls.dat
	if [ ! -s "$sys" ] && [ "$(id -u)" -eq 0 ] &&
		[ -d /sys/kernel/tracing/events/raw_syscalls ]; then
		flock /tmp/tq-tracefs.lock "$TQ" record -q -e raw_syscalls -e syscalls -b 20000 \
			-o "$sys" -- dd if=/dev/zero of=/dev/null bs=1 count=200000 >/dev/null 2>&1 ||
			rm -f "$sys"
	fi
	if [ -s "$sys" ]; then
		files="$files $sys"
	else
		echo "report.sh: no syscall trace (needs root and syscalls events)"
	fi
	# The function tracer, which this host's kernel may not allow: recorded in the VM on
	# Debian's kernel (scripts/bench/vm/function-trace.sh), then doubled.
	fn=$work/function.dat
	if [ ! -s "$fn" ]; then
		"$top/scripts/vm/run" -q --cases "$top/scripts/bench/vm" --out "$work/vm-out" \
			function-trace >/dev/null 2>&1 &&
			python3 "$top/scripts/bench/mkbig.py" \
				"$work/vm-out/function-trace/function.dat" "$fn" 2 || rm -f "$fn"
	fi
	if [ -s "$fn" ]; then
		files="$files $fn"
	else
		echo "report.sh: no function trace (the VM could not record one)"
	fi
fi

# The machine's speed wanders (the same trace-cmd run took 2.8 s and 4.7 s minutes apart):
# rounds of both, interleaved, and the medians. Timed runs print to /dev/null, so that
# what is measured is the reading and formatting, not the file system; one more run of
# each into files compares the texts.
RUNS=${BENCH_RUNS:-3}


for f in $files; do
	[ -s "$f" ] || continue
	events=$("$TQ" report -i "$f" 2>/dev/null | wc -l)
	echo "file: $f ($(($(wc -c <"$f") / 1048576)) MiB, $((events - 1)) events)," \
		"median of $RUNS rounds"
	: >"$work/tc.rows"
	: >"$work/tq.rows"
	r=0
	while [ $r -lt "$RUNS" ]; do
		time_once trace-cmd report -i "$f" >>"$work/tc.rows"
		time_once "$TQ" report -i "$f" >>"$work/tq.rows"
		r=$((r + 1))
	done
	trace-cmd report -i "$f" >"$work/trace-cmd.out" 2>/dev/null
	"$TQ" report -i "$f" >"$work/tq.out" 2>/dev/null
	if cmp -s "$work/trace-cmd.out" "$work/tq.out"; then same=identical; else same=DIFFERENT; fi
	printf '  %-10s %8s %8s %10s   %s\n' "" "wall s" "cpu s" "max RSS KB" "cpu s per round"
	for who in trace-cmd:tc tq:tq; do
		rows=$work/${who#*:}.rows
		printf '  %-10s %8s %8s %10s   %s\n' "${who%:*}" "$(median 1 "$rows")" \
			"$(median 2 "$rows")" "$(median 3 "$rows")" "$(cut -d' ' -f2 "$rows" | tr '\n' ' ')"
	done
	awk -v a="$(median 2 "$work/tc.rows")" -v b="$(median 2 "$work/tq.rows")" \
		-v c="$(median 1 "$work/tc.rows")" -v d="$(median 1 "$work/tq.rows")" 'BEGIN {
		x = 0; y = 0
		if (b > 0) x = a / b
		if (d > 0) y = c / d
		printf "  speed-up: %.1fx CPU, %.1fx wall\n", x, y }'
	echo "  output: $same"
	rm -f "$work/trace-cmd.out" "$work/tq.out"
done
