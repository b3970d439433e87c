# description: tq probe: a synthetic event fed by hist triggers fires; removing it while triggers use it is explained
# requires: dynamic_events synthetic_events events/sched/sched_waking events/sched/sched_switch onmatch(matching.event):README

ts_trigger='hist:keys=pid:ts0=common_timestamp.usecs'
match_trigger='hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:onmatch(sched.sched_waking).trace(vm_wake_lat,$lat,next_pid)'
cleanup() {
	set +e
	echo 0 > events/synthetic/vm_wake_lat/enable
	echo "!$match_trigger" >> events/sched/sched_switch/trigger
	echo "!$ts_trigger" >> events/sched/sched_waking/trigger
	echo '-:synthetic/vm_wake_lat' >> dynamic_events
	: > trace
}
trap cleanup EXIT

tq probe add --print synth vm_wake_lat 'u64 lat; pid_t pid' |
	grep -qx "echo 's:synthetic/vm_wake_lat u64 lat; pid_t pid' >> /sys/kernel/tracing/dynamic_events" ||
	fail "--print does not show the dynamic_events line"
[ -z "$(cat dynamic_events)" ] || fail "--print changed dynamic_events"
tq probe add synth vm_wake_lat 'u64 lat; pid_t pid'
tq probe list | grep -q '^synth  *synthetic/vm_wake_lat ' || fail "not listed as synth"
grep -q 'field:u64 lat;' events/synthetic/vm_wake_lat/format || fail "no lat field"
grep -q 'field:pid_t pid;' events/synthetic/vm_wake_lat/format || fail "no pid field"

echo "$ts_trigger" >> events/sched/sched_waking/trigger
echo "$match_trigger" >> events/sched/sched_switch/trigger
: > trace
echo 1 > events/synthetic/vm_wake_lat/enable
wakeups 30
echo 0 > events/synthetic/vm_wake_lat/enable
trace_lines | grep -m 3 vm_wake_lat
trace_lines | grep -q ' vm_wake_lat: lat=[0-9]* pid=[0-9]*' || fail "the synthetic event did not fire"

tq record -q -e synthetic:vm_wake_lat -o /tmp/vm_syn.dat -- sh -c '. /tq-vm/functions.sh; wakeups 20'
tq report /tmp/vm_syn.dat > /tmp/vm_syn.txt
grep -m 3 vm_wake_lat /tmp/vm_syn.txt
grep -Eq ' vm_wake_lat: +lat=[0-9]+,? pid=[0-9]+' /tmp/vm_syn.txt ||
	fail "no synthetic event in the recorded trace"
rm -f /tmp/vm_syn.dat

if tq probe remove vm_wake_lat 2> /tmp/vm_rm.err; then
	fail "removing a synthetic event that a trigger feeds succeeded"
fi
cat /tmp/vm_rm.err
grep -q "triggers still use it" /tmp/vm_rm.err || fail "EBUSY not explained"
grep -q 'events/sched/sched_switch/trigger: hist:.*trace(vm_wake_lat' /tmp/vm_rm.err ||
	fail "the sched_switch trigger is not named"

echo "!$match_trigger" >> events/sched/sched_switch/trigger
echo "!$ts_trigger" >> events/sched/sched_waking/trigger
tq probe remove synthetic/vm_wake_lat
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
