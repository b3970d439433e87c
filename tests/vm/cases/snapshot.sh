# description: a snapshot taken by hand and one taken by an event trigger keep their contents
# requires: snapshot trace_marker events/sched/sched_switch/trigger

cleanup() {
	set +e
	echo '!snapshot' >> events/sched/sched_switch/trigger
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

# An event trigger takes the next snapshot: one sched_switch swaps the buffers once.
echo 'snapshot:1' >> events/sched/sched_switch/trigger
wakeups 5
grep -q '^snapshot:count=0' events/sched/sched_switch/trigger ||
	fail "the snapshot trigger did not fire: $(grep -v '^#' events/sched/sched_switch/trigger)"
grep -q vm-snap-second snapshot || fail "the triggered snapshot lacks the second marker"
echo '!snapshot' >> events/sched/sched_switch/trigger
