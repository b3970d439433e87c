# description: a hist trigger the kernel refuses rolls back everything tq set did, with error_log shown
# requires: events/sched/sched_switch/hist error_log

before=$(cat events/sched/sched_waking/filter)
if tq set -e sched_waking -f 'pid > 0' -e sched:sched_switch -R 'hist:keys=no_such_field' \
	2>/tmp/err; then
	fail "the kernel accepted a hist trigger on a missing field"
fi
cat /tmp/err
grep -q "the kernel refused" /tmp/err || fail "no refusal message"
grep -q "kernel error_log:" /tmp/err || fail "error_log not shown"
grep -q "no_such_field" /tmp/err || fail "the error_log entry does not show the command"
[ "$(cat events/sched/sched_waking/filter)" = "$before" ] || fail "the filter was left"
[ "$(cat events/sched/sched_waking/enable)" = 0 ] || fail "the event was left enabled"
