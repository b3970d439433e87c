#!/bin/sh
# tq record against trace-cmd record, side by side: the same sched events, the same
# per-CPU buffer size and the same context-switch-heavy workload (a byte-at-a-time pipe),
# one after the other. Reports events recorded and lost, the recorder's CPU time (the
# workload runs outside the recorder so it is not counted) and the bytes written.
#
#   scripts/bench/record.sh            (root, host tracefs; BENCH_BYTES, BENCH_BUFFER_KB)
#
# syscalls events are deliberately not used: the recorders' own syscalls would feed the
# buffers without end.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
T=/sys/kernel/tracing
BYTES=${BENCH_BYTES:-2000000}
BUF_KB=${BENCH_BUFFER_KB:-1024}

[ "$(id -u)" -eq 0 ] || { echo "record.sh: needs root" >&2; exit 1; }
[ -x "$TQ" ] || { echo "record.sh: build tq first (make)" >&2; exit 1; }
command -v trace-cmd >/dev/null || { echo "record.sh: trace-cmd is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "record.sh: GNU time is not installed" >&2; exit 1; }

work=$(mktemp -d /tmp/tq-bench-record.XXXXXX)
mounted=""
# trace-cmd record leaves its -b behind: put the buffer size back at the end
old_kb=$(sed 's/ .*//' "$T/buffer_size_kb")
cleanup() {
	for m in $mounted; do umount "$m" 2>/dev/null || true; done
	echo "$old_kb" >"$T/buffer_size_kb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

exec 9>/tmp/tq-tracefs.lock
flock 9

# trace-cmd opens the function-tracer files, which this kernel refuses (EPERM):
# give it harmless stand-ins for the duration of its run (see environment.md).
bind_for_trace_cmd() {
	: >"$work/empty"
	echo 1 >"$work/one"
	for f in set_ftrace_pid set_ftrace_notrace_pid set_ftrace_filter set_ftrace_notrace; do
		[ -e "$T/$f" ] || continue
		mount --bind "$work/empty" "$T/$f"
		mounted="$T/$f $mounted"
	done
	mount --bind "$work/one" /proc/sys/kernel/ftrace_enabled
	mounted="/proc/sys/kernel/ftrace_enabled $mounted"
}

unbind() {
	for m in $mounted; do umount "$m"; done
	mounted=""
}

workload() {
	dd if=/dev/zero bs=1 count="$BYTES" 2>/dev/null | cat >/dev/null
}

# run NAME COMMAND...: record until the workload is done, then SIGINT the recorder.
run() {
	name=$1
	shift
	/usr/bin/time -f '%U %S' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 &
	tpid=$!
	# the recorders print nothing when ready: give them a moment to set up
	sleep 2
	workload
	kill -INT "$(pgrep -P "$tpid")"
	wait "$tpid" || true
}

# sum FIELD FILE: a CPUSTAT field over every CPU, from the file itself
sum_stat() {
	trace-cmd report --stat -i "$2" 2>/dev/null |
		awk -v f="$1" 'index($0, f ":") == 1 { s += $NF } END { print s + 0 }'
}

measure() { # NAME FILE -> "events lost cpu bytes"
	events=$(trace-cmd report -i "$2" 2>/dev/null | grep -c '\[[0-9][0-9][0-9]\]' || true)
	lost=$(( $(sum_stat overrun "$2") + $(sum_stat "dropped events" "$2") ))
	cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/$1.time")
	bytes=$(stat -c %s "$2")
	echo "$events $lost $cpu $bytes"
}

run tq "$TQ" record -q -e sched -b "$BUF_KB" -o "$work/tq.dat"
bind_for_trace_cmd
run trace-cmd trace-cmd record -e sched -b "$BUF_KB" -o "$work/tc.dat"
unbind

set -- $(measure tq "$work/tq.dat")
tq_ev=$1 tq_lost=$2 tq_cpu=$3 tq_bytes=$4
set -- $(measure trace-cmd "$work/tc.dat")
tc_ev=$1 tc_lost=$2 tc_cpu=$3 tc_bytes=$4

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "record: sched events, buffer ${BUF_KB} KiB/CPU, workload: $BYTES one-byte pipe writes"
printf '%-22s %14s %14s %8s\n' "" "tq" "trace-cmd" "tq/tc"
printf '%-22s %14s %14s %8s\n' "events recorded" "$tq_ev" "$tc_ev" "$(ratio "$tq_ev" "$tc_ev")"
printf '%-22s %14s %14s %8s\n' "events lost" "$tq_lost" "$tc_lost" "$(ratio "$tq_lost" "$tc_lost")"
printf '%-22s %14s %14s %8s\n' "recorder CPU s" "$tq_cpu" "$tc_cpu" "$(ratio "$tq_cpu" "$tc_cpu")"
printf '%-22s %14s %14s %8s\n' "bytes written" "$tq_bytes" "$tc_bytes" \
	"$(ratio "$tq_bytes" "$tc_bytes")"
# the workload is not perfectly repeatable: compare per recorded event too
per() { awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { if (b > 0) printf "%.3f", a * k / b; else print "-" }'; }
tq_cpe=$(per "$tq_cpu" "$tq_ev" 1000000) tc_cpe=$(per "$tc_cpu" "$tc_ev" 1000000)
printf '%-22s %14s %14s %8s\n' "CPU us per event" "$tq_cpe" "$tc_cpe" "$(ratio "$tq_cpe" "$tc_cpe")"
tq_bpe=$(per "$tq_bytes" "$tq_ev" 1) tc_bpe=$(per "$tc_bytes" "$tc_ev" 1)
printf '%-22s %14s %14s %8s\n' "bytes per event" "$tq_bpe" "$tc_bpe" "$(ratio "$tq_bpe" "$tc_bpe")"
