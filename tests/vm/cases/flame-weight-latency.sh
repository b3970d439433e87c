# description: tq report --weight EVENT.FIELD: kernel stacks of a synthetic wakeup-latency event a query made, recorded with -T, weigh its latency (checked on the host against the report's text)
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch options/stacktrace "trace(<synthetic_event>,param list)":README
# timeout: 120

q='SELECT s.pid AS pid, TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s
	 JOIN sched_switch AS e ON s.pid = e.next_pid'
cleanup() {
	set +e
	tq sql -e --remove -n vm_wlat "$q"
}
trap cleanup EXIT

# the query's synthetic event in place, recorded with a stack trace after each, and a
# sched event beside it, whose stacks --weight vm_wlat.lat must leave out
tq sql -e -n vm_wlat "$q"
tq record -q -T -e synthetic:vm_wlat -e sched:sched_process_exec -b 1024 \
	-o "$TQ_VM_OUT/wlat.dat" -- sh -c 'i=0; while [ $i -lt 20 ]; do usleep 2000; ls / > /dev/null; i=$((i + 1)); done'
tq sql -e --remove -n vm_wlat "$q"
trap - EXIT
! grep -q vm_wlat dynamic_events || fail "the synthetic event is still there"
[ "$(cat options/stacktrace)" = 0 ] || fail "the stacktrace option was not restored"
tq report -i "$TQ_VM_OUT/wlat.dat" > /tmp/wlat.txt
grep -q ' vm_wlat: ' /tmp/wlat.txt || fail "no vm_wlat event in the recording"
grep -q 'kernel_stack:' /tmp/wlat.txt || fail "no stack traces in the recording"
rm -f /tmp/wlat.txt
tq report -i "$TQ_VM_OUT/wlat.dat" --folded --weight vm_wlat.lat > "$TQ_VM_OUT/wlat.folded"
[ -s "$TQ_VM_OUT/wlat.folded" ] || fail "--weight vm_wlat.lat: no stacks"
tq report -i "$TQ_VM_OUT/wlat.dat" --flamegraph "$TQ_VM_OUT/wlat.svg" --weight synthetic:vm_wlat.lat
[ -s "$TQ_VM_OUT/wlat.svg" ] || fail "no flame graph"
