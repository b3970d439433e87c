#!/bin/sh
# set/start/stop/clear/show/stat/reset on the host's real tracefs, and rollback when the
# kernel refuses a step. Every test leaves tracefs as it found it.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
require_root_tracefs

tracefs_guard
# tracefs_cleanup puts back overwrite only: the other option this test changes, should tq
# itself break
trap 'restore; echo 0 > $TRACEFS/options/sym-offset; rm -rf "$_tq_tmp"' EXIT

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

# -- a buffer the kernel cannot allocate: its ENOMEM is a refusal, not tq out of memory.
# Each CPU asks for twice the machine's memory: the kernel checks before it allocates.
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
huge=$((mem_kb * 2))
if [ "$huge" -le 1073741824 ]; then
	run_tq set -b "$huge" -e sched:sched_switch
	is "$rc" 1 "a buffer larger than the machine's memory fails"
	like "$err" "^tq: set: the kernel refused to write '$huge' in 'buffer_size_kb': it cannot allocate that much memory \\(ENOMEM\\)" \
		"naming the file, the value and the kernel's reason"
	like "$err" "from: -b $huge" "and the flag"
	like "$err" "buffer_size_kb is per CPU, in KiB: $huge KiB on each of [0-9]+ CPUs is [0-9.]+ GiB," \
		"with how much that is"
	like "$err" "and this machine has [0-9.]+ GiB of memory: give a smaller -b" \
		"against the machine's memory"
	like "$err" "nothing was changed" "and says nothing was changed"
	unlike "$err" "out of memory" "not that tq ran out of memory"
	is "$(tracefs_state)" "$before" "tracefs is exactly as before"
else
	for i in 1 2 3 4 5 6 7 8; do skip "this machine has more memory than -b takes"; done
fi

# -- a pid that no process has: the kernel takes any number and traces nothing
nopid=999999
while [ -e /proc/$nopid ]; do nopid=$((nopid - 1)); done
run_tq set -P $nopid -e sched:sched_switch
is "$rc" 1 "-P of a process that does not exist fails"
like "$err" "^tq: set: no process $nopid \\(-P $nopid\\): give the pid of a running process \\(see 'ps -e'\\), or run the command under 'tq record -F'" \
	"and says how to fix it"
is "$(tracefs_state)" "$before" "nothing was changed"
run_tq set -P $$ --print
is "$rc" 0 "a running process is taken"
run_tq set -P 0 --print
is "$out" "echo 0 > $TRACEFS/set_event_pid" "and so is 0, the idle task /proc does not list"

run_tq set -e sched_switch -R 'no_such_trigger'
is "$rc" 1 "a trigger the kernel refuses fails the command"
is "$(tracefs_state)" "$before" "and changes nothing"

# -- a filter for a whole system goes on the events that have its fields, as trace-cmd
# writes it per event; sched_kthread_stop has no prev_pid
run_tq set -e sched -f 'prev_pid > 0' -e 'sched:sched_wak*' -R 'stacktrace if prio < 0'
is "$rc" 0 "a system-wide filter naming a field only some events have applies"
is "$(cat $TRACEFS/events/sched/sched_switch/filter)" "prev_pid > 0" \
	"on the events that have the field"
is "$(cat $TRACEFS/events/sched/sched_kthread_stop/filter)" "none" "not on those without it"
like "$err" "-e sched -f 'prev_pid > 0': not set on [0-9]+ of the [0-9]+ events, which lack its fields; they are traced unfiltered: .*sched/sched_kthread_stop" \
	"and says which were left out"
like "$(cat $TRACEFS/events/sched/sched_waking/trigger)" '^stacktrace:unlimited if prio < 0' \
	"a trigger for a glob goes on the events with its fields"
like "$err" "-R 'stacktrace if prio < 0': not set on sched/sched_wake_idle_without_ipi, which lacks its fields" \
	"and names the one without them"
run_tq stat
like "$out" "sched/sched_switch: prev_pid > 0" "stat shows the filter"
unlike "$out" "sched_kthread_stop: prev_pid" "and not on the events left out"
run_tq reset
is "$(tracefs_state)" "$before" "reset removes all of it"
run_tq set -e sched -f 'no_such_field > 0'
is "$rc" 1 "a field no event of the system has is refused"
like "$err" "bad filter: sched/[a-z_]+ has no field 'no_such_field'" \
	"by tq, from the formats, before the kernel sees it (issue 15, defect 8)"
is "$(tracefs_state)" "$before" "and nothing changed"

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
run_tq set -C global -P 1 -M 1 -O nooverwrite -O sym-offset
is "$rc" 0 "set clock, pid, cpumask and options"
like "$(cat $TRACEFS/trace_clock)" '\[global\]' "clock set"
is "$(cat $TRACEFS/set_event_pid)" 1 "pid set"
is "$(cat $TRACEFS/options/overwrite)" 0 "option cleared"
run_tq stat
like "$out" "^changed options: +nooverwrite sym-offset$" \
	"stat lists the options that differ from the kernel's defaults"
run_tq reset
is "$(tracefs_state)" "$before" "reset restores clock, pids, cpumask and options"
run_tq stat
unlike "$out" "changed options" "and stat has none left to show"

# -- options of an instance have their own defaults (trace_printk_dest is the top's only)
"$TQ" set -B tqopt -O noirq-info >/dev/null 2>&1
run_tq stat -B tqopt
like "$out" "^  changed options: +noirq-info$" "an instance's changed option is shown"
unlike "$out" "trace_printk_dest|copy_trace_marker" "and not what only differs from the top's"
run_tq reset
is "$(cat $TRACEFS/instances/tqopt/options/irq-info)" 1 "reset restores it in the instance"
run_tq reset -d
is "$(tracefs_state)" "$before" "and reset -d removes the instance"

# -- pid lists stat shows, and reset clears
echo 1 > $TRACEFS/set_event_notrace_pid
run_tq stat
like "$out" "^event notrace pids: +1$" "stat shows set_event_notrace_pid"
run_tq reset
is "$(cat $TRACEFS/set_event_notrace_pid)" "" "reset clears it"

# -- the longest instance name the kernel takes
name255=$(printf 'y%.0s' $(seq 255))
run_tq start -B "$name255" -e sched:sched_switch
is "$rc" 0 "a 255-byte instance name works"
ok "$([ -d "$TRACEFS/instances/$name255" ]; echo $?)" "the instance has its whole name"
run_tq reset -d
is "$(tracefs_state)" "$before" "and is removed by reset -d"

# -- the function tracer is forbidden on some hosts: a clear message and exit 3
if ! cat $TRACEFS/set_ftrace_filter >/dev/null 2>&1; then
	run_tq set -p function
	is "$rc" 3 "-p function where it is forbidden exits 3"
	like "$err" "forbids" "and says the kernel or sandbox forbids it"
	run_tq list -f
	is "$rc" 3 "list -f where functions cannot be read exits 3"
	is "$(tracefs_state)" "$before" "nothing changed"
	run_tq stat
	like "$out" "^unavailable \(EPERM\): +set_ftrace_filter set_ftrace_notrace set_ftrace_pid" \
		"stat names the forbidden files on one line"
else
	for i in 1 2 3 4 5; do skip "function tracer files are readable here"; done
fi
if [ -e $TRACEFS/set_ftrace_pid ] && ! cat $TRACEFS/set_ftrace_pid >/dev/null 2>&1; then
	run_tq set -P 1
	is "$rc" 0 "-P without a function tracer works where set_ftrace_pid is forbidden"
	like "$err" "set_ftrace_pid' cannot be opened here .*: the pid filter applies to events, and could not to a function tracer" \
		"with a note that it limits events only"
	is "$(cat $TRACEFS/set_event_pid)" 1 "set_event_pid is set"
	run_tq reset
	run_tq set -P 1 -p function
	is "$rc" 3 "-P with a function tracer there exits 3"
	like "$err" "needs 'set_ftrace_pid'" "naming set_ftrace_pid"
	is "$(tracefs_state)" "$before" "nothing changed"
else
	for i in 1 2 3 4 5 6; do skip "set_ftrace_pid is missing or readable here (see the VM case)"; done
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
