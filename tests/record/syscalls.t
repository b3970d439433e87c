#!/bin/sh
# tq record with syscalls events, sched events, a filter, an instance and a command:
# tq report, trace-cmd report and libtracecmd read the same events. -F -c keeps the
# syscalls events to the command and its children (set_event_pid in both buffers), so the
# recorder's own system calls never feed the buffers it copies.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
[ -d "$TRACEFS/events/syscalls/sys_exit_openat" ] || skip_all "no syscalls events in this kernel"
[ -d "$TRACEFS/instances" ] || skip_all "this kernel has no tracing instances"
plan 13
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)
inst=tqsys$$
# a program of our own, so that its events are easy to pick out
cp /bin/cat "$d/tq-sys-cat"
echo hello >"$d/exists"

# the command opens one file that exists and one that does not; the filter keeps the
# failed opens of sys_exit_openat only
run_tq record -F -c -e syscalls:sys_enter_openat -e syscalls:sys_exit_openat -f 'ret < 0' \
	-e sched:sched_process_exec -B "$inst" -e syscalls:sys_enter_close -b 256 \
	-o "$d/s.dat" -- \
	sh -c "$d/tq-sys-cat $d/exists >/dev/null; $d/tq-sys-cat $d/missing 2>/dev/null; true"
is "$rc" 0 "record with syscalls events, a filter and an instance exits 0"
is "$(tracefs_state)" "$before" "tracefs is as before (the instance removed, syscalls events off)"
check_file "$d/s.dat" "$(events_read "$err")" "syscalls"
report=$($TQ report -i "$d/s.dat" 2>/dev/null)
mine=$(printf '%s\n' "$report" | grep -E '^( *|[a-z0-9]+: +)tq-sys-cat-[0-9]+ ')
like "$(printf '%s\n' "$mine" | grep -v "^$inst: " | grep -c ' sys_enter_openat: *dfd: ')" '^[1-9]' \
	"the command's openat calls are recorded"
exits=$(printf '%s\n' "$report" | grep -v "^$inst: " | grep ' sys_exit_openat: ')
like "$(printf '%s\n' "$exits" | grep -c ': *0xfffffffffffffffe$')" '^[1-9]' \
	"the failed open (ENOENT) returns are recorded"
is "$(printf '%s\n' "$exits" | grep -vc ': *0xffffffffffff[0-9a-f]*$')" 0 \
	"the filter left out every successful open"
is "$(printf '%s\n' "$report" | grep -v "^$inst: " | grep -c "sched_process_exec: *filename=$d/tq-sys-cat ")" 2 \
	"the sched events of the command's children"
like "$(printf '%s\n' "$mine" | grep -c "^$inst: .* sys_enter_close: *fd: ")" '^[1-9]' \
	"the instance has its own syscalls event"
is "$(printf '%s\n' "$report" | grep "^$inst: " | grep -vc ' sys_enter_close: *fd: ')" 0 \
	"...and only that one"
# nothing of anybody else: every syscall event is from the command or its children
others=$(printf '%s\n' "$report" | grep -E ' sys_(enter|exit)_[a-z0-9_]+: ' |
	grep -Ev '^( *|[a-z0-9]+: +)(sh|tq-sys-cat)-[0-9]+ ' | head -n 3)
is "$others" "" "no syscalls event of another process (the recorder's included)"
