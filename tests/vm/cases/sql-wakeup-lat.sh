# description: tq sql -e: wakeup latency as one query (synthetic event + log2 histogram), hits, removal
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README

q='SELECT log2(end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat, count(*)
   FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
   GROUP BY lat'
cleanup() {
	set +e
	tq sql -e --remove -n sql_wlat "$q"
}
trap cleanup EXIT

tq sql -e -n sql_wlat "$q"
grep -q '^s:synthetic/sql_wlat u64 lat' dynamic_events || grep -q 'sql_wlat' dynamic_events ||
	fail "synthetic event not defined"
wakeups 30
cat events/synthetic/sql_wlat/hist
[ "$(hist_hits events/synthetic/sql_wlat/hist)" -gt 0 ] || fail "the latency histogram has no hits"
grep -q '^{ lat: ~ 2^' events/synthetic/sql_wlat/hist || fail "no log2 buckets in the histogram"
tq sql -e --remove -n sql_wlat "$q"
trap - EXIT
! grep -q sql_wlat dynamic_events || fail "the synthetic event is still there after --remove"
[ -z "$(grep -v '^#' events/sched/sched_switch/trigger)" ] || fail "a trigger is left on sched_switch"
[ -z "$(grep -v '^#' events/sched/sched_waking/trigger)" ] || fail "a trigger is left on sched_waking"
