# description: the script tq sql prints, run by busybox sh, makes the same histogram as tq sql -e
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README

q='SELECT log2(end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat, count(*)
   FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
   WHERE start.prio < 200 GROUP BY lat'
tq sql -n sql_print "$q" > /tmp/setup.sh
tq sql -n sql_print --remove "$q" > /tmp/remove.sh
cat /tmp/setup.sh
cleanup() {
	set +e
	sh /tmp/remove.sh
}
trap cleanup EXIT

sh /tmp/setup.sh
wakeups 20
printed=$(grep 'trigger info' events/synthetic/sql_print/hist)
[ "$(hist_hits events/synthetic/sql_print/hist)" -gt 0 ] || fail "the printed script's histogram has no hits"
sh /tmp/remove.sh
! grep -q sql_print dynamic_events || fail "the printed removal script left the event"

tq sql -e -n sql_print "$q"
trap 'tq sql -e --remove -n sql_print "$q"' EXIT
wakeups 20
applied=$(grep 'trigger info' events/synthetic/sql_print/hist)
[ "$(hist_hits events/synthetic/sql_print/hist)" -gt 0 ] || fail "tq sql -e's histogram has no hits"
[ "$printed" = "$applied" ] || fail "different histograms: '$printed' vs '$applied'"
for f in events/sched/sched_switch/trigger events/sched/sched_waking/trigger; do
	grep -v '^#' "$f"
done
