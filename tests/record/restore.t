#!/bin/sh
# A tq record of the top buffer and an instance, killed with SIGKILL while it records,
# leaves its per-CPU files; tq restore PREFIX finds the instance's files by itself and
# rebuilds a trace.dat that tq report, trace-cmd report and libtracecmd read alike.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"
require_root_tracefs
require_default_tracing
[ -d "$TRACEFS/instances" ] || skip_all "this kernel has no tracing instances"
plan 12
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)
old_kb=$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")
old_on=$(cat "$TRACEFS/tracing_on")
old_pct=$(cat "$TRACEFS/buffer_percent" 2>/dev/null)
inst=tqrestore$$
prefix=$d/killed.dat

# What the killed tq leaves configured, undone by hand (tq is gone, it cannot).
undo_killed() {
	echo 0 >"$TRACEFS/events/enable"
	if [ -d "$TRACEFS/instances/$inst" ]; then
		echo 0 >"$TRACEFS/instances/$inst/events/enable"
		rmdir "$TRACEFS/instances/$inst"
	fi
	echo "$old_kb" >"$TRACEFS/buffer_size_kb"
	echo "$old_on" >"$TRACEFS/tracing_on"
	[ -z "$old_pct" ] || echo "$old_pct" >"$TRACEFS/buffer_percent"
}
trap 'undo_killed 2>/dev/null; kill "$work" 2>/dev/null; rm -rf "$_tq_tmp"' EXIT

# sum_sizes GLOB: total size of the files matching GLOB (0 when none)
sum_sizes() {
	# shellcheck disable=SC2086
	cat $1 2>/dev/null | wc -c | tr -d ' '
}

# Small buffers (64 KiB a CPU), so that pages reach the per-CPU files soon. The command
# execs until it is told to stop; it tells its pid through a fifo once tracing is on.
mkfifo "$d/fifo"
"$TQ" record -e sched -b 64 -B "$inst" -b 64 -e sched:sched_process_exec \
	-e sched:sched_process_exit -o "$prefix" -- \
	sh -c 'echo $$ >"$0"; while [ ! -e "$0.stop" ]; do /bin/true; done' "$d/fifo" \
	>"$d/out" 2>"$d/err" &
tq_pid=$!
read -r work <"$d/fifo"
# Until both buffers have pages in their files (at most 60 s).
i=0
while [ "$(sum_sizes "$prefix.cpu*")" = 0 ] || [ "$(sum_sizes "$prefix.$inst.cpu*")" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || break
	sleep 0.1
done
kill -KILL "$tq_pid"
wait "$tq_pid" 2>/dev/null
: >"$d/fifo.stop"
while kill -0 "$work" 2>/dev/null; do sleep 0.1; done
top_bytes=$(sum_sizes "$prefix.cpu*")
inst_bytes=$(sum_sizes "$prefix.$inst.cpu*")
ok $([ "$top_bytes" -gt 0 ] && [ "$inst_bytes" -gt 0 ]; echo $?) \
	"the killed record left pages for the top buffer ($top_bytes bytes) and the instance ($inst_bytes)"
is "$(ls "$d" | grep -c '^killed\.dat$')" 0 "...and no trace.dat"
undo_killed
is "$(tracefs_state)" "$before" "tracefs is as before once the test undid the killed record"
is "$(cat "$TRACEFS/buffer_percent" 2>/dev/null)" "$old_pct" "...buffer_percent too"

# Restored after the instance is gone: its name comes from the files alone.
run_tq restore "$prefix"
is "$rc" 0 "tq restore PREFIX exits 0"
run_tq report -i "$prefix"
printf '%s\n' "$out" >"$d/tq.txt"
is "$rc" 0 "tq report reads the restored file"
like "$(grep -c "^$inst: .*sched_process_exec: " "$d/tq.txt")" '^[1-9]' \
	"the instance's events are in it, without -B"
like "$(grep -v "^$inst: " "$d/tq.txt" | grep -c ' sched_switch: ')" '^[1-9]' \
	"the top buffer's events are in it"
n=$(grep -Ec '^ *[^ ].*\[[0-9]{3}\] ' "$d/tq.txt")
if have_trace_cmd; then
	trace-cmd report -i "$prefix" >"$d/tc.txt" 2>/dev/null
	diff_ok "$d/tq.txt" "$d/tc.txt" "trace-cmd report prints the same ($n events)"
else
	skip "trace-cmd is not installed"
fi
if [ -n "$TCREAD" ]; then
	is "$("$TCREAD" "$prefix" 2>/dev/null | wc -l | tr -d ' ')" "$n" \
		"libtracecmd iterates every event"
	is "$("$TCREAD" "$prefix" 2>/dev/null | grep -c "^$inst ")" \
		"$(grep -Ec "^$inst: .*\[[0-9]{3}\] " "$d/tq.txt")" "...the instance's as well"
else
	skip "libtracecmd-dev is not installed"
	skip "libtracecmd-dev is not installed"
fi
is "$(ls "$prefix".* | wc -l | tr -d ' ')" "$(($(ls -d "$TRACEFS"/per_cpu/cpu* | wc -l) * 2))" \
	"the per-CPU files are kept"
