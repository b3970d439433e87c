# description: tq hist with a command: wakeup latency bars with hits, and nothing left behind
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README

out=$(tq hist -n sql_one 'SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*)
	FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat' \
	-- sh -c 'i=0; while [ $i -lt 30 ]; do sleep 0.001; i=$((i+1)); done')
echo "$out"
echo "$out" | grep -q '^lat:' || fail "no bar chart"
echo "$out" | grep -Eq '^\[[0-9]+, [0-9]+\] +[1-9][0-9]* \|@' || fail "no bucket with hits"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "no hits in the totals"
! grep -q sql_one dynamic_events || fail "tq hist left its synthetic event behind"

json=$(tq hist --json -d 1 'SELECT common_pid.execname, count(*) FROM sched_switch')
echo "$json" | grep -q '"hits":[1-9]' || fail "no hits in the JSON output: $json"
