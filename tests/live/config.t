#!/bin/sh
# set/start/stop/clear/show/stat/reset on the host's real tracefs, and rollback when the
# kernel refuses a step. Every test leaves tracefs as it found it.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
require_root_tracefs

tracefs_guard

# -- set: filter, trigger and enable land in the files
run_tq set -e sched:sched_switch -f 'prev_pid > 0' -R 'stacktrace if prev_pid == 999999999' \
	-e sched_waking
is "$rc" 0 "set applies"
like "$(cat $TRACEFS/events/sched/sched_switch/enable)" '^1' "the event is enabled"
is "$(cat $TRACEFS/events/sched/sched_switch/filter)" "prev_pid > 0" "the filter is set"
like "$(cat $TRACEFS/events/sched/sched_switch/trigger)" '^stacktrace:unlimited if' \
	"the trigger is set"

run_tq stat
like "$out" 'sched:sched_switch' "stat lists the enabled event"
like "$out" 'sched/sched_switch: prev_pid > 0' "stat shows the filter"
like "$out" 'sched/sched_switch: stacktrace:unlimited' "stat shows the trigger"

run_tq reset
is "$rc" 0 "reset applies"
is "$(tracefs_state)" "$before" "after reset, tracefs is as before"

# -- rollback: the second filter is refused, the first change must be undone
run_tq set -b 2048 -e sched_switch -f 'prev_pid > 0' -e sched_waking -f 'pid >>> 3'
is "$rc" 1 "a filter the kernel refuses fails the command"
like "$err" "the kernel refused to write 'pid >>> 3' in 'events/sched/sched_waking/filter'" \
	"the message names the write"
like "$err" "from: -e sched_waking -f 'pid >>> 3'" "and the flags it came from"
like "$err" "kernel error_log:" "and quotes the kernel's error_log"
like "$err" "nothing was changed" "and says nothing was changed"
is "$(tracefs_state)" "$before" "tracefs is exactly as before"

run_tq set -e sched_switch -R 'no_such_trigger'
is "$rc" 1 "a trigger the kernel refuses fails the command"
is "$(tracefs_state)" "$before" "and changes nothing"

# -- start/stop/restart/clear/show on an instance that tq creates
run_tq start -B tqlive -e sched:sched_switch
is "$rc" 0 "start creates an instance and enables an event there"
ok "$([ -d $TRACEFS/instances/tqlive ]; echo $?)" "the instance exists"
is "$(cat $TRACEFS/instances/tqlive/tracing_on)" 1 "tracing is on in the instance"
run_tq stop -B tqlive
is "$(cat $TRACEFS/instances/tqlive/tracing_on)" 0 "stop turns it off"
run_tq restart -B tqlive
is "$(cat $TRACEFS/instances/tqlive/tracing_on)" 1 "restart turns it back on"

echo tq-live-marker-1 > $TRACEFS/instances/tqlive/trace_marker
run_tq show -B tqlive
like "$out" 'tq-live-marker-1' "show prints the instance's trace"
run_tq clear -B tqlive
run_tq show -B tqlive
unlike "$out" 'tq-live-marker-1' "clear empties it"
run_tq show -B tqlive --tracing_on
is "$out" 1 "show --tracing_on"

run_tq stat
like "$out" 'instance tqlive:' "stat shows the instance"
run_tq reset -d
is "$rc" 0 "reset -d"
ok "$([ ! -d $TRACEFS/instances/tqlive ]; echo $?)" "removes the instance"
is "$(tracefs_state)" "$before" "and tracefs is as before"

# -- options, clock, pids, cpumask round trip through reset
run_tq set -C global -P 1 -M 1 -O nooverwrite
is "$rc" 0 "set clock, pid, cpumask and an option"
like "$(cat $TRACEFS/trace_clock)" '\[global\]' "clock set"
is "$(cat $TRACEFS/set_event_pid)" 1 "pid set"
is "$(cat $TRACEFS/options/overwrite)" 0 "option cleared"
"$TQ" set -O overwrite >/dev/null
run_tq reset
is "$(tracefs_state)" "$before" "reset restores clock, pids and cpumask"

# -- the function tracer is forbidden on some hosts: a clear message and exit 3
if ! cat $TRACEFS/set_ftrace_filter >/dev/null 2>&1; then
	run_tq set -p function
	is "$rc" 3 "-p function where it is forbidden exits 3"
	like "$err" "forbids" "and says the kernel or sandbox forbids it"
	run_tq list -f
	is "$rc" 3 "list -f where functions cannot be read exits 3"
	is "$(tracefs_state)" "$before" "nothing changed"
else
	skip "function tracer files are readable here"
	skip "function tracer files are readable here"
	skip "function tracer files are readable here"
	skip "function tracer files are readable here"
fi

# -- tracefs access: not root, and not mounted (in a private mount namespace)
if command -v setpriv >/dev/null; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$TQ" stat 2>&1)
	like "$out" "needs root or tracefs group access" "a non-root user is told what is needed"
else
	skip "setpriv is missing"
fi
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	out=$(unshare -m sh -c "umount $TRACEFS && \"$TQ\" show --tracing_on" 2>&1)
	is "$out" 1 "tq mounts tracefs when it is not mounted (private mount namespace)"
else
	skip "no mount namespaces here"
fi

done_testing
