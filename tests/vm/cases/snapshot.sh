# description: a snapshot taken by hand and one taken by an event trigger keep their contents
# requires: snapshot trace_marker events/sched/sched_process_fork/trigger

cleanup() {
	set +e
	echo '!snapshot' >> events/sched/sched_process_fork/trigger
	echo 0 > snapshot
	: > trace
}
trap cleanup EXIT

: > trace
echo vm-snap-first > trace_marker
echo 1 > snapshot
grep -q vm-snap-first snapshot || fail "the snapshot lacks the marker written before it"
trace_lines | grep -q vm-snap-first && fail "the marker stayed in the live buffer after the swap"

echo vm-snap-second > trace_marker
grep -q vm-snap-second trace || fail "the live buffer lacks the marker written after the snapshot"
grep -q vm-snap-second snapshot && fail "the snapshot changed after it was taken"

# An event trigger takes the next snapshot. Its count is not decremented atomically, so
# an event two CPUs can hit at once could swap twice; only this shell's forks match here.
echo "snapshot:1 if parent_pid == $$" >> events/sched/sched_process_fork/trigger
/bin/true
grep -q '^snapshot:count=0' events/sched/sched_process_fork/trigger ||
	fail "the snapshot trigger did not fire: $(grep -v '^#' events/sched/sched_process_fork/trigger)"
if ! grep -q vm-snap-second snapshot; then
	grep -v '^#' snapshot | head -n 5
	fail "the triggered snapshot lacks the second marker"
fi
echo '!snapshot' >> events/sched/sched_process_fork/trigger
