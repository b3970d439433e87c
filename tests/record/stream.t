#!/bin/sh
# tq stream prints events live in tq report's format and restores tracefs, also when its
# reader goes away (| head).
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
plan 11
d=$(scratch_dir)
before=$(tracefs_state)

run_tq stream -F -c -e sched:sched_process_exec -e sched:sched_process_exit -- \
	sh -c '/bin/true; /bin/true'
is "$rc" 0 "stream with a command exits 0"
is "$(printf '%s\n' "$out" | grep -Ec \
	'^ +true-[0-9]+ +\[[0-9]{3}\] +[0-9]+\.[0-9]{6}: sched_process_exec: +filename=/bin/true ')" 2 \
	"both execs, formatted as tq report formats them"
is "$(printf '%s\n' "$out" | grep -c 'sched_process_exit: ')" 3 "the exits of true, true and sh"
is "$(tracefs_state)" "$before" "tracefs is as before"

# the reader quits after one line; tq must still restore everything (and the instance)
{ "$TQ" stream -e sched:sched_switch -B tqstream -e sched:sched_switch --duration 3 2>"$d/err"
	echo $? >"$d/rc"; } | head -1 >"$d/out"
is "$(wc -l <"$d/out" | tr -d ' ')" 1 "| head -1 got its line"
is "$(cat "$d/rc")" 0 "stream exits 0 when its reader goes away"
is "$(tracefs_state)" "$before" "tracefs is as before, the instance removed"
unlike "$(cat "$d/err")" 'AddressSanitizer|runtime error|could not restore' "no error at the end"

# --instances: an instance set up by hand is streamed too, with its name, and kept
inst=tqstrinst$$
cp /bin/true "$d/tq-stream-true"
mkdir "$TRACEFS/instances/$inst"
echo 1 >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/enable"
run_tq stream --instances -F -c -e sched:sched_process_exit -- \
	sh -c "$d/tq-stream-true; $d/tq-stream-true"
is "$(printf '%s\n' "$out" | grep -c "^$inst: .*sched_process_exec: *filename=$d/tq-stream-true ")" 2 \
	"stream --instances: the instance's events, named"
is "$(cat "$TRACEFS/instances/$inst/events/sched/sched_process_exec/enable")" 1 \
	"stream --instances: the instance keeps its event"
echo 0 >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/enable"
rmdir "$TRACEFS/instances/$inst"
is "$(tracefs_state)" "$before" "tracefs is as before once the test removed its instance"
