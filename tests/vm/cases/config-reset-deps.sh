# description: tq reset removes chained hist triggers and the synthetic event in dependency order
# requires: synthetic_events events/sched/sched_waking onmatch(matching.event):README

# tq reset puts the clock back to local; hist triggers on common_timestamp had made it global
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset
	echo "$clock" > trace_clock
}
trap cleanup EXIT

echo 'vm_cfg_lat u64 lat' >> synthetic_events
# written in the order that makes removal in the wrong order fail with EBUSY
echo 'hist:keys=pid:ts0=common_timestamp.usecs' >> events/sched/sched_waking/trigger
echo 'hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:onmatch(sched.sched_waking).trace(vm_cfg_lat,$lat)' \
	>> events/sched/sched_switch/trigger
echo 'hist:keys=lat' >> events/synthetic/vm_cfg_lat/trigger
wakeups 10

tq reset --print > /tmp/reset.sh
cat /tmp/reset.sh
# the action trigger goes before the trigger whose variable it reads, the synthetic event last
a=$(grep -n 'sched_switch/trigger' /tmp/reset.sh | cut -d: -f1)
b=$(grep -n 'sched_waking/trigger' /tmp/reset.sh | cut -d: -f1)
c=$(grep -n 'dynamic_events\|synthetic_events' /tmp/reset.sh | cut -d: -f1 | tail -n 1)
[ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] || fail "reset does not remove all three"
[ "$a" -lt "$b" ] || fail "the onmatch trigger must be removed before the variable's"
[ "$b" -lt "$c" ] || fail "the synthetic event must be removed after the triggers"
tq reset
echo "$clock" > trace_clock
if grep -q vm_cfg_lat synthetic_events; then fail "synthetic event left"; fi
if grep -q '^hist' events/sched/sched_switch/trigger; then fail "trigger left"; fi
if grep -q '^hist' events/sched/sched_waking/trigger; then fail "trigger left"; fi
