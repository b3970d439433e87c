# description: tq set -R adds a hist trigger, tq show --hist shows it with hits, tq reset removes it
# requires: events/sched/sched_switch/hist

# tq reset puts the clock back to local; hist triggers on common_timestamp had made it global
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset
	echo "$clock" > trace_clock
}
trap cleanup EXIT

tq set -e sched:sched_switch -R 'hist:keys=next_pid:vals=hitcount:sort=hitcount.descending'
grep -q '^hist:keys=next_pid' events/sched/sched_switch/trigger || fail "trigger not set"
wakeups 20
out=$(tq show --hist sched:sched_switch)
echo "$out" | head -20
echo "$out" | grep -q 'next_pid' || fail "the table has no next_pid column"
hits=$(hist_hits events/sched/sched_switch/hist)
[ "$hits" -gt 0 ] || fail "no hits"
json=$(tq show --hist sched:sched_switch --json)
echo "$json" | grep -q '"hits"' || fail "no hits in the JSON"
tq stat | grep -q 'sched/sched_switch: hist:keys=next_pid' || fail "stat does not show the trigger"
tq reset
echo "$clock" > trace_clock
if grep -q '^hist' events/sched/sched_switch/trigger; then fail "reset left the hist trigger"; fi
[ "$(cat events/sched/sched_switch/enable)" = 0 ] || fail "reset left the event enabled"
