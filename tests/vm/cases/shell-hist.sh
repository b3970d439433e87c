# description: tq shell runs a script: CREATE EVENT, a log2 histogram on it and one on a plain event, while tasks wake; all removed at exit
# requires: events/sched/sched_waking events/sched/sched_switch onmatch(matching.event):README
# timeout: 90

cleanup() {
	set +e
	touch /tmp/vm-shell.done
	[ -z "$work" ] || wait "$work"
}
trap cleanup EXIT

cat >/tmp/vm-shell.sql <<'E'
-- wakeup latency, as a user would explore it
CREATE EVENT vm_shell_lat AS
  SELECT TIMESTAMP_DELTA_USECS AS lat
  FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;
\dt
SELECT lat.log2, count(*) FROM vm_shell_lat;
SELECT next_pid, count(*) FROM sched_switch ORDER BY count(*) DESC LIMIT 3;
\duration 1
\watch 0.3
SELECT log2(TIMESTAMP_DELTA_USECS) AS wl, count(*)
  FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY wl;
E

# something to measure for as long as the shell runs
(while [ ! -f /tmp/vm-shell.done ]; do wakeups 20; done) &
work=$!

tq shell -d 2 -f /tmp/vm-shell.sql >/tmp/vm-shell.out 2>&1 || {
	cat /tmp/vm-shell.out
	fail "tq shell -f failed"
}
touch /tmp/vm-shell.done
wait "$work"
work=
cat /tmp/vm-shell.out

grep -qx 'created event vm_shell_lat (u64 lat;)' /tmp/vm-shell.out ||
	fail "CREATE EVENT was not reported"
grep -qx 'synthetic.vm_shell_lat (u64 lat;)' /tmp/vm-shell.out || fail "\\dt did not list it"
grep -qx 'lat:' /tmp/vm-shell.out || fail "no bars for the log2 key"
hits=$(sed -n 's/^hits: \([0-9]*\) .*/\1/p' /tmp/vm-shell.out | head -n 1)
[ "${hits:-0}" -gt 0 ] || fail "the latency histogram has no hits"
grep -q '^next_pid *hitcount$' /tmp/vm-shell.out || fail "no table for the plain histogram"
# the first table of that statement (\\watch shows more of them)
first_table() { awk '/^next_pid *hitcount$/ { f = 1; next } f && /^$/ { exit } f' /tmp/vm-shell.out; }
rows=$(first_table | grep -c '^ *[0-9]')
[ "$rows" -ge 1 ] && [ "$rows" -le 3 ] || fail "LIMIT 3 showed $rows rows"
# the busiest first: the table of this statement, not that of the JOIN's trigger (same keys)
counts=$(first_table | sed -n 's/^[0-9]* *\([0-9]*\)$/\1/p')
first=$(echo "$counts" | head -n 1)
last=$(echo "$counts" | tail -n 1)
[ "$first" -gt 1 ] && [ "$first" -ge "$last" ] || fail "ORDER BY count(*) DESC: $counts"

stamps=$(grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$' /tmp/vm-shell.out)
[ "$stamps" -ge 2 ] || fail "\\watch showed the histogram $stamps times"
grep -qx 'wl:' /tmp/vm-shell.out || fail "no bars for the one-statement JOIN histogram"
hits=$(sed -n 's/^hits: \([0-9]*\) .*/\1/p' /tmp/vm-shell.out | tail -n 1)
[ "${hits:-0}" -gt 0 ] || fail "the JOIN histogram has no hits"

# everything the session made is gone (the runner compares the rest of tracefs)
! grep -q vm_shell_lat dynamic_events || fail "the synthetic event was left behind"
! grep -q Anonymous dynamic_events || fail "the JOIN histogram's synthetic event was left behind"
[ ! -d events/synthetic/vm_shell_lat ] || fail "events/synthetic/vm_shell_lat remains"
