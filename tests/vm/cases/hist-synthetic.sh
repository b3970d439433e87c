# description: wakeup latency through a synthetic event fed by hist triggers, with hits
# requires: synthetic_events events/sched/sched_waking events/sched/sched_switch onmatch(matching.event):README

cleanup() {
	set +e
	echo '!hist:keys=pid,lat:sort=lat' >> events/synthetic/vm_wakeup_lat/trigger
	echo '!hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:onmatch(sched.sched_waking).trace(vm_wakeup_lat,$lat,next_pid)' \
		>> events/sched/sched_switch/trigger
	echo '!hist:keys=pid:ts0=common_timestamp.usecs' >> events/sched/sched_waking/trigger
	echo '!vm_wakeup_lat' >> synthetic_events
}
trap cleanup EXIT

echo 'vm_wakeup_lat u64 lat; pid_t pid' >> synthetic_events
grep -q vm_wakeup_lat synthetic_events || fail "synthetic event not listed"
echo 'hist:keys=pid:ts0=common_timestamp.usecs' >> events/sched/sched_waking/trigger
echo 'hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:onmatch(sched.sched_waking).trace(vm_wakeup_lat,$lat,next_pid)' \
	>> events/sched/sched_switch/trigger
echo 'hist:keys=pid,lat:sort=lat' >> events/synthetic/vm_wakeup_lat/trigger

wakeups 30

cat events/synthetic/vm_wakeup_lat/hist
hits=$(hist_hits events/synthetic/vm_wakeup_lat/hist)
[ "$hits" -gt 0 ] || fail "the synthetic event's histogram has no hits"
grep -q '^{ pid: *[0-9]*, lat: *[0-9]* }' events/synthetic/vm_wakeup_lat/hist ||
	fail "no pid/lat entries in the histogram"
[ "$(hist_hits events/sched/sched_waking/hist)" -gt 0 ] || fail "sched_waking histogram has no hits"
