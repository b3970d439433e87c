# description: tq sql --remove -e switches off a synthetic event enabled in the top buffer and an instance before removing it, and names a trigger that still keeps it busy
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README

q='SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat
   FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid'
cleanup() {
	set +e
	echo '!hist:keys=lat' >> events/synthetic/vm_rm/trigger
	tq sql -e --remove -n vm_rm "$q"
	rmdir instances/vm_rm
}
trap cleanup EXIT
tq sql -e -n vm_rm "$q"
mkdir instances/vm_rm
tq start -e synthetic:vm_rm
tq start -B vm_rm -e synthetic:vm_rm
tq sql -e --remove -n vm_rm "$q"
! grep -q vm_rm dynamic_events || fail "the enabled synthetic event was not removed"
echo 0 > tracing_on
echo 1 > tracing_on

# a trigger of the user's own keeps the event busy: the refusal says which
tq sql -e -n vm_rm "$q"
echo 'hist:keys=lat' >> events/synthetic/vm_rm/trigger
if tq sql -e --remove -n vm_rm "$q" 2>/tmp/rm.err; then
	fail "the removal succeeded although a trigger uses the event"
fi
cat /tmp/rm.err
grep -q "cannot remove 'synthetic/vm_rm': triggers still use it" /tmp/rm.err ||
	fail "the busy event is not explained"
grep -q 'events/synthetic/vm_rm/trigger: hist:keys=lat' /tmp/rm.err ||
	fail "the trigger that keeps it busy is not named"
! grep -q 'Device or resource busy' /tmp/rm.err || fail "a raw EBUSY is shown"
echo '!hist:keys=lat' >> events/synthetic/vm_rm/trigger
tq sql -e --remove -n vm_rm "$q"
! grep -q vm_rm dynamic_events || fail "the synthetic event was not removed at last"
rmdir instances/vm_rm
trap - EXIT
