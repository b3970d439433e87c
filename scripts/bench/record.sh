#!/bin/sh
# tq record against trace-cmd record, side by side in one run: every syscalls event, the
# same per-CPU buffer size, the same syscall-heavy workload (dd copying one byte at a time:
# a read and a write per byte, four events) that fills at least 50 MB of ring-buffer pages.
# Reports events recorded and lost, the recorder's CPU time, the ring-buffer data it copied
# and the bytes of the file written, and tq/trace-cmd ratios of each.
#
#   scripts/bench/record.sh    (root, host tracefs; BENCH_SYSCALLS, BENCH_BUFFER_KB,
#                               BENCH_RUNS: rounds of both, medians reported, default 3)
#
# The workload runs outside the recorders (so its CPU time is not theirs) and both trace
# only its pid (-P): the recorders' own system calls would otherwise feed the buffers they
# copy without end. The workload waits until the recorder says it is recording.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
TQ=${TQ_PLAIN:-$top/build/tq}
T=/sys/kernel/tracing
SYSCALLS=${BENCH_SYSCALLS:-500000}
BUF_KB=${BENCH_BUFFER_KB:-1024}
RUNS=${BENCH_RUNS:-3}
MIN_MB=50

die() { echo "record.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root"
[ -x "$TQ" ] || die "build tq first (make)"
command -v trace-cmd >/dev/null || die "trace-cmd is not installed"
[ -x /usr/bin/time ] || die "GNU time is not installed"
[ -d "$T/events/syscalls" ] || die "this kernel has no syscalls events"

work=$(mktemp -d /tmp/tq-bench-record.XXXXXX)
mounted=""
old_kb=$(cut -d' ' -f1 "$T/buffer_size_kb")
old_on=$(cat "$T/tracing_on")
old_pct=$(cat "$T/buffer_percent")
tpid="" wpid=""
cleanup() {
	# a recorder still running (we are failing): stop it the way a user would, then wait
	if [ -n "$tpid" ]; then
		kill -INT $(pgrep -P "$tpid") 2>/dev/null || true
		wait "$tpid" 2>/dev/null || true
	fi
	[ -z "$wpid" ] || kill -KILL "$wpid" 2>/dev/null || true
	# whatever a recorder killed half-way left: the syscalls events off first
	echo 0 >"$T/events/syscalls/enable" 2>/dev/null || true
	: >"$T/set_event_pid" 2>/dev/null || true
	for m in $mounted; do umount "$m" 2>/dev/null || true; done
	echo "$old_kb" >"$T/buffer_size_kb" 2>/dev/null || true
	echo "$old_on" >"$T/tracing_on" 2>/dev/null || true
	echo "$old_pct" >"$T/buffer_percent" 2>/dev/null || true
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

# Counting events through libtracecmd is neutral and fast; trace-cmd report otherwise.
reader=$work/tracecmd-read
# shellcheck disable=SC2046
cc -std=c11 -O2 -o "$reader" "$top/tests/record/tracecmd-read.c" \
	$(pkg-config --cflags --libs libtracecmd 2>/dev/null) 2>/dev/null || reader=""
count_events() {
	if [ -n "$reader" ]; then
		"$reader" "$1" 2>/dev/null | wc -l
	else
		trace-cmd report -i "$1" 2>/dev/null | grep -c '\[[0-9][0-9][0-9]\]' || true
	fi
}

# run NAME READY_TEXT RECORDER...: the workload, held on a fifo, is the only traced pid;
# it starts once the recorder prints READY_TEXT (line-buffered: trace-cmd's stdout is a
# file here), and the recorder gets SIGINT at its end.
run() {
	name=$1 ready=$2
	shift 2
	rm -f "$work/go"
	mkfifo "$work/go"
	sh -c 'read x <"$0"; exec dd if=/dev/zero of=/dev/null bs=1 count="$1"' \
		"$work/go" "$SYSCALLS" 2>/dev/null &
	wpid=$!
	: >"$work/$name.log"
	# shellcheck disable=SC2046
	/usr/bin/time -f '%U %S' -o "$work/$name.time" stdbuf -oL -eL \
		$(echo "$@" | sed "s/@PID@/$wpid/") >"$work/$name.log" 2>&1 &
	tpid=$!
	i=0
	until grep -q "$ready" "$work/$name.log"; do
		i=$((i + 1))
		[ $i -lt 300 ] || die "$name did not start recording in 30 s: $(tail -n 3 "$work/$name.log")"
		sleep 0.1
	done
	echo go >"$work/go"
	wait "$wpid"
	wpid=""
	kill -INT "$(pgrep -P "$tpid")"
	wait "$tpid" || true
	tpid=""
}

# sum FIELD FILE: a CPUSTAT field over every CPU, from the file itself
sum_stat() {
	trace-cmd report --stat -i "$2" 2>/dev/null |
		awk -v f="$1" 'index($0, f ":") == 1 { s += $NF } END { print s + 0 }'
}

measure() { # NAME FILE RAW_BYTES -> "events lost cpu raw bytes"
	events=$(count_events "$2")
	lost=$(( $(sum_stat overrun "$2") + $(sum_stat "dropped events" "$2") ))
	cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/$1.time")
	bytes=$(stat -c %s "$2")
	echo "$events $lost $cpu $3 $bytes"
}

# One round: tq, then trace-cmd; appends "events lost cpu raw bytes" to tq.rows, tc.rows.
round() {
	run tq "recording; Ctrl-C stops" "$TQ" record -e syscalls -P @PID@ -b "$BUF_KB" \
		-o "$work/tq.dat"
	# the pages tq copied: its "N bytes recorded" per CPU
	raw=$(sed -n 's/.* \([0-9]*\) bytes recorded$/\1/p' "$work/tq.log" |
		awk '{ s += $1 } END { print s + 0 }')
	measure tq "$work/tq.dat" "$raw" >>"$work/tq.rows"
	bind_for_trace_cmd
	run trace-cmd "Hit Ctrl^C to stop recording" trace-cmd record -e syscalls -P @PID@ \
		-b "$BUF_KB" -o "$work/tc.dat"
	unbind
	# "N bytes in size (M uncompressed)" per CPU, or "N bytes in size" uncompressed
	raw=$(sed -n 's/.*bytes in size (\([0-9]*\) uncompressed).*/\1/p; t
		s/^ *\([0-9]*\) bytes in size$/\1/p' "$work/trace-cmd.log" |
		awk '{ s += $1 } END { print s + 0 }')
	measure trace-cmd "$work/tc.dat" "$raw" >>"$work/tc.rows"
	rm -f "$work/tq.dat" "$work/tc.dat"
}

# median COLUMN FILE
median() {
	cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

r=0
while [ $r -lt "$RUNS" ]; do
	round
	r=$((r + 1))
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf '%-26s %14s %14s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

echo "record: syscalls events of one pid, buffer ${BUF_KB} KiB/CPU, workload: dd bs=1" \
	"count=$SYSCALLS; median of $RUNS rounds"
printf '%-26s %14s %14s %8s\n' "" "tq" "trace-cmd" "tq/tc"
col=1
for what in "events recorded" "events lost" "recorder CPU s" "ring-buffer data copied" \
	"bytes written (zstd)"; do
	row "$what" "$(median $col "$work/tq.rows")" "$(median $col "$work/tc.rows")"
	col=$((col + 1))
done
# per round, for the spread: lost events and CPU time vary with the machine's load
for c in "2 lost" "3 CPU s"; do
	printf '%-26s tq: %s  trace-cmd: %s\n' "${c#* } per round" \
		"$(cut -d' ' -f"${c%% *}" "$work/tq.rows" | tr '\n' ' ')" \
		"$(cut -d' ' -f"${c%% *}" "$work/tc.rows" | tr '\n' ' ')"
done

status=0
for f in tq tc; do
	small=$(awk -v min=$((MIN_MB * 1000000)) '$4 < min { print $4; exit }' "$work/$f.rows")
	if [ -n "$small" ]; then
		echo "record.sh: a $f round copied only $small bytes of ring-buffer data, less than" \
			"$MIN_MB MB: raise BENCH_SYSCALLS" >&2
		status=1
	fi
done
exit $status
