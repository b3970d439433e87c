# description: the script tq sql prints, run by busybox sh, makes the same histogram as tq sql -e; so does the one tq hist --print prints, waiting for a command or -d, then removing it all
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

# tq hist --print: the whole one-liner as a script, for a command and for -d
tq sql -e --remove -n sql_print "$q"
trap - EXIT
tq hist --print -n sql_print "$q" -- sh -c '. /tq-vm/functions.sh; wakeups 20' > /tmp/hist.sh
cat /tmp/hist.sh
sh /tmp/hist.sh > /tmp/hist.out 2>&1 || fail "the printed tq hist script failed: $(tail -3 /tmp/hist.out)"
grep -q '^# trigger info: hist:keys=lat.log2' /tmp/hist.out || fail "no hist file in its output"
h=$(hist_hits /tmp/hist.out)
[ "$h" -gt 0 ] || fail "the printed tq hist script's histogram has no hits"
! grep -q sql_print dynamic_events || fail "the printed tq hist script left the event"
tq hist --print -d 0.5 'SELECT common_pid, count(*) FROM sched.sched_switch' > /tmp/hist-d.sh
grep -qx 'sleep 0.5' /tmp/hist-d.sh || fail "no 'sleep 0.5' in the -d script"
sh /tmp/hist-d.sh > /tmp/hist-d.out 2>&1 || fail "the -d script failed: $(tail -3 /tmp/hist-d.out)"
[ "$(hist_hits /tmp/hist-d.out)" -gt 0 ] || fail "the -d script's histogram has no hits"
if grep -v '^#' events/sched/sched_switch/trigger | grep -q .; then
	fail "the -d script left its trigger"
fi
