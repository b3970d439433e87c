# description: a JOIN that passes no start value fires only on matched pairs: none when the start event never passes its filter, at most one per start event otherwise
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README

all='SELECT prev_prio FROM sched_switch'
never='SELECT count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
	WHERE s.prio > 1000 GROUP BY e.prev_comm'
q='SELECT count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
	GROUP BY e.prev_comm'
cleanup() {
	set +e
	tq sql -e --remove -n vm_match "$q"
	tq sql -e --remove -n vm_never "$never"
	tq sql -e --remove "$all"
}
trap cleanup EXIT

# every switch, counted by a histogram of its own (the JOIN's end trigger counts only matches)
tq sql -e "$all"
tq sql -e -n vm_never "$never"
wakeups 20
hits=$(hist_hits events/synthetic/vm_never/hist)
switches=$(awk '/trigger info: hist:keys=prev_prio:/ { t = 1 } t && /Hits:/ { print $2; exit }' \
	events/sched/sched_switch/hist)
echo "no start event: $hits matches in $switches switches"
[ "$switches" -gt 0 ] || fail "no sched_switch at all"
[ "$hits" = 0 ] || fail "$hits pairs matched with no start event"
tq sql -e --remove -n vm_never "$never"

tq sql -e -n vm_match "$q"
wakeups 20
# the matches first: start events read later only raise the bound
hits=$(hist_hits events/synthetic/vm_match/hist)
starts=$(hist_hits events/sched/sched_waking/hist)
echo "matched $hits of $starts wakeups"
[ "$hits" -gt 0 ] || fail "no pair matched"
[ "$hits" -le "$starts" ] || fail "$hits matches from $starts start events"
tq sql -e --remove -n vm_match "$q"
tq sql -e --remove "$all"
trap - EXIT
