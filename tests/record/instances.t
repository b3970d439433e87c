#!/bin/sh
# --instances: tq record (and tq extract) take every instance that exists, as it is
# configured, besides the buffers the flags configure; the instance keeps its settings.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
[ -d "$TRACEFS/instances" ] || skip_all "this kernel has no tracing instances"
plan 18
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)
inst=tqinst$$
# a program of our own, so that nobody else's execs count
cp /bin/true "$d/tq-inst-true"
workload="$d/tq-inst-true; $d/tq-inst-true; $d/tq-inst-true"

# An instance someone else set up: an event and a filter of its own.
mkdir "$TRACEFS/instances/$inst"
trap 'if [ -d "$TRACEFS/instances/$inst" ]; then
		echo 0 >"$TRACEFS/instances/$inst/events/enable"; rmdir "$TRACEFS/instances/$inst"
	fi; rm -rf "$_tq_tmp"' EXIT
echo "filename ~ \"*tq-inst-true\"" >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/filter"
echo 1 >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/enable"
inst_state() {
	(cd "$TRACEFS/instances/$inst" && cat tracing_on set_event set_event_pid \
		events/sched/sched_process_exec/filter buffer_size_kb)
}
inst_before=$(inst_state)

run_tq record --instances -F -c -e sched:sched_process_exit -o "$d/a.dat" -- sh -c "$workload"
is "$rc" 0 "record --instances exits 0"
report=$($TQ report -i "$d/a.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c "^$inst: .*sched_process_exec: *filename=$d/tq-inst-true")" 3 \
	"the existing instance's events are recorded, with its filter"
is "$(printf '%s\n' "$report" | grep -v "^$inst: " | grep -c 'sched_process_exit: *comm=tq-inst-true ')" 3 \
	"the top buffer's events too"
is "$(printf '%s\n' "$report" | grep "^$inst: " | grep -vc 'sched_process_exec: ')" 0 \
	"the instance got nothing of the top buffer's configuration"
check_file "$d/a.dat" "$(events_read "$err")" "--instances"
is "$(inst_state)" "$inst_before" "the instance keeps its settings"
is "$(echo 0 >"$TRACEFS/instances/$inst/events/enable";
	echo 0 >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/filter"
	rmdir "$TRACEFS/instances/$inst"; tracefs_state)" "$before" \
	"with the instance removed, tracefs is as before"

# only the instances: no flag for the top buffer, which is then not recorded
mkdir "$TRACEFS/instances/$inst"
echo 1 >"$TRACEFS/instances/$inst/events/sched/sched_process_exec/enable"
run_tq record --instances -F -c -o "$d/b.dat" -- sh -c "$workload"
is "$rc" 0 "record --instances alone exits 0"
report=$($TQ report -i "$d/b.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c "^$inst: .*filename=$d/tq-inst-true")" 3 \
	"the instance is recorded"
is "$(printf '%s\n' "$report" | grep -vc -e "^$inst: " -e '^cpus=')" 0 "the top buffer is not"

# extract --instances: what the instance holds now, without naming it
"$d/tq-inst-true"
run_tq extract --instances --no-top -o "$d/x.dat"
is "$rc" 0 "extract --instances --no-top exits 0"
is "$($TQ report -i "$d/x.dat" 2>/dev/null | grep -c "^$inst: .*filename=$d/tq-inst-true")" 1 \
	"the instance's event is extracted"
echo 0 >"$TRACEFS/instances/$inst/events/enable"
rmdir "$TRACEFS/instances/$inst"

# no instance at all, and nothing for the top buffer
if [ -n "$(ls "$TRACEFS/instances")" ]; then
	skip "someone else's instance exists: $(ls "$TRACEFS/instances" | tr '\n' ' ')"
	skip "someone else's instance exists"
else
	run_tq record --instances -o "$d/c.dat" -- true
	is "$rc" 1 "record --instances without any instance or flag fails"
	like "$err" 'nothing to record: --instances found no instance' "...saying why"
fi
is "$(tracefs_state)" "$before" "tracefs is as before"
