# description: tq sql -e: CREATE EVENT with a histogram on it, COMM and strings through a synthetic event, onmax().save()
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README "onmax(var)":README

script='CREATE EVENT sql_feat AS
  SELECT start.pid, start.COMM AS waker, end.next_comm AS comm,
         (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat
  FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
  WHERE start.prio < 200;
SELECT comm, lat.log2, count(*) FROM sql_feat;'
cleanup() {
	set +e
	tq sql -e --remove "$script"
}
trap cleanup EXIT
tq sql "$script"
tq sql -e "$script"
wakeups 20
cat events/synthetic/sql_feat/hist | head -n 12
[ "$(hist_hits events/synthetic/sql_feat/hist)" -gt 0 ] || fail "no hits on the created event"
grep -q '^{ comm: .*, lat: ~ 2^' events/synthetic/sql_feat/hist || fail "no comm/lat rows"
tq sql -e --remove "$script"
! grep -q sql_feat dynamic_events || fail "the created event was not removed"

q='SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat
   FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid'
trap 'tq sql -e --remove -n sql_max -m lat -S prev_pid,next_comm "$q"' EXIT
tq sql -e -n sql_max -m lat -S prev_pid,next_comm "$q"
wakeups 20
cat events/sched/sched_switch/hist | grep -m 3 'max:' || fail "onmax() saved nothing"
tq sql -e --remove -n sql_max -m lat -S prev_pid,next_comm "$q"
trap - EXIT
! grep -q sql_max dynamic_events || fail "the onmax event was not removed"
