# description: hrtimer start-to-expiry latency, and the three-event chain timer -> wakeup -> switch
# requires: dynamic_events events/timer/hrtimer_start events/timer/hrtimer_expire_entry events/sched/sched_waking events/sched/sched_switch "multiplication(*)":README

work='i=0; while [ $i -lt 30 ]; do sleep 0.002; i=$((i+1)); done'
out=$(tq hist -n sql_timer 'SELECT log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, count(*)
	FROM hrtimer_start AS s JOIN hrtimer_expire_entry AS e ON s.hrtimer = e.hrtimer
	GROUP BY lat' -- sh -c "$work")
echo "$out"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "timer latency: no hits"

out=$(tq hist -n sql_chain 'SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*)
	FROM hrtimer_expire_entry AS t
	JOIN sched_waking AS w ON t.common_pid = w.common_pid
	JOIN sched_switch AS s ON w.pid = s.next_pid
	GROUP BY lat' -- sh -c "$work")
echo "$out"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "three-event chain: no hits"
! grep -q sql_chain dynamic_events || fail "chain events left behind"
