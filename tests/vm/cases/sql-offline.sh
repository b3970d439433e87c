# description: tq hist -i of a recording gives the kernel's own histograms of the same run, key by key and count by count, for 23 queries (hist triggers and tq record in one instance, gated by one pid filter)
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch events/sched/sched_stat_runtime events/raw_syscalls/sys_enter events/timer/hrtimer_start events/task/task_rename "trace(<synthetic_event>,param list)":README
# timeout: 240

inst=vmoff
qs=/tmp/vmoff.queries
# name|event of its histogram|query (name: the -n of a JOIN, - for one event)
cat >"$qs" <<'Q'
-|sched:sched_switch|SELECT prev_comm, count(*) FROM sched_switch GROUP BY prev_comm
-|sched:sched_switch|SELECT prev_pid, prev_state, sum(prev_prio), count(*) FROM sched_switch WHERE prev_comm ~ "*sh*" || prev_pid == 0 GROUP BY prev_pid, prev_state
-|sched:sched_switch|SELECT COMM, CPU, count(*) FROM sched_switch GROUP BY COMM, CPU
-|sched:sched_switch|SELECT hex(next_prio), count(*) FROM sched_switch GROUP BY hex(next_prio)
-|sched:sched_switch|SELECT TIMESTAMP, count(*) FROM sched_switch WHERE CPU == 0 SIZE 128
-|sched:sched_stat_runtime|SELECT log2(runtime), count(*) FROM sched_stat_runtime GROUP BY log2(runtime)
-|sched:sched_stat_runtime|SELECT buckets(runtime, 100000) AS r, count(*) FROM sched_stat_runtime GROUP BY r
-|sched:sched_waking|SELECT target_cpu, count(*) FROM sched_waking WHERE prio < 130 && !(comm ~ "kworker*") GROUP BY target_cpu
-|sched:sched_waking|SELECT common_pid, count(*) FROM sched_waking GROUP BY common_pid
-|sched:sched_wakeup|SELECT comm, sum(prio), count(*) FROM sched_wakeup GROUP BY comm
-|sched:sched_wakeup|SELECT execname(common_pid), count(*) FROM sched_wakeup GROUP BY execname(common_pid)
-|raw_syscalls:sys_enter|SELECT id, count(*) FROM raw_syscalls.sys_enter GROUP BY id
-|raw_syscalls:sys_exit|SELECT ret, count(*) FROM raw_syscalls.sys_exit WHERE id == 0 GROUP BY ret
-|timer:hrtimer_start|SELECT function.sym, count(*) FROM hrtimer_start GROUP BY function.sym
vmoff_wl|synthetic:vmoff_wl|SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat
vmoff_wn|synthetic:vmoff_wn|SELECT buckets(TIMESTAMP_DELTA, 10000) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat
vmoff_wc|synthetic:vmoff_wc|SELECT s.comm AS comm, sum(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY comm
vmoff_wf|synthetic:vmoff_wf|SELECT e.prev_comm AS pc, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid WHERE s.target_cpu == 0 && e.prev_state != 0 GROUP BY pc, lat
vmoff_ch|synthetic:vmoff_ch|SELECT e2.prev_state AS st, e2.next_comm AS nc, count(*) FROM sched_waking AS s JOIN sched_switch AS e1 ON s.pid = e1.next_pid JOIN sched_switch AS e2 ON e1.next_pid = e2.prev_pid GROUP BY st, nc
vmoff_mx|synthetic:vmoff_mx|SELECT log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS + s.prio) AS x, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY x
vmoff_sc|synthetic:vmoff_sc|SELECT e.id AS id, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM raw_syscalls.sys_enter AS s JOIN raw_syscalls.sys_exit AS e ON s.common_pid = e.common_pid GROUP BY id, lat
vmoff_mu|synthetic:vmoff_mu|SELECT log2(TIMESTAMP_DELTA_USECS) AS us, buckets(TIMESTAMP_DELTA, 1000000) AS ns, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY us, ns
-|synthetic:vmoff_ce|CREATE EVENT vmoff_ce AS SELECT s.pid AS pid, TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid; SELECT pid, count(*) FROM vmoff_ce WHERE lat > 10 GROUP BY pid
Q

each() {
	while IFS='|' read -r name ev q; do
		"$@"
	done <"$qs"
}
nopt() { [ "$name" = - ] && echo "" || echo "-n $name"; }
add() {
	# shellcheck disable=SC2046
	tq sql -e -B "$inst" $(nopt) "$q" >/dev/null
}
del() {
	# shellcheck disable=SC2046
	tq sql -e --remove -B "$inst" $(nopt) "$q" >/dev/null 2>&1 || true
}
cleanup() {
	set +e
	each del
	: >"instances/$inst/set_event_pid"
	rmdir "instances/$inst"
	rm -f /tmp/vmoff.dat /tmp/vmoff.*
}
trap cleanup EXIT

mkdir "instances/$inst"
echo 8192 >"instances/$inst/buffer_size_kb"
# The gate: a pid filter that lets nothing through. The kernel checks it before it reserves
# an event, for the ring buffer (the recording) and the triggers alike; tracing_on does not
# stop the triggers of an event that goes through its temporary per-CPU buffer.
echo 32767 >"instances/$inst/set_event_pid"
set +x
each add
cut -d'|' -f2 "$qs" | sort -u >/tmp/vmoff.events
# The command opens the gate, runs the workload, closes it, and saves the kernel's
# histograms: both sides saw exactly the events that passed while it was open.
cat >/tmp/vmoff.cmd <<'C'
: >/sys/kernel/tracing/instances/vmoff/set_event_pid
i=0
while [ $i -lt 30 ]; do /bin/sleep 0.002; read -r l </proc/version; i=$((i+1)); done
echo 32767 >/sys/kernel/tracing/instances/vmoff/set_event_pid
while read -r ev; do
	tq hist --event "$ev" -B vmoff --json >"/tmp/vmoff.k.$(echo "$ev" | tr : _)"
done </tmp/vmoff.events
C
# task_rename: the moment an exec renames a task, which execname keys read (query 11)
tq record -q -B "$inst" -e sched -e raw_syscalls -e timer:hrtimer_start -e task:task_rename \
	-o /tmp/vmoff.dat -- \
	sh /tmp/vmoff.cmd

# rows of one JSON table, one per line and sorted (the kernel leaves ties unordered)
rows() { sed 's/.*"rows":\[//; s/\],"hits".*//; s/},{/}\
{/g' | sort; }
totals() { sed 's/.*\],"hits"/"hits"/'; }

# Events whose time the recording lost. The ring buffer gives an event interrupted between
# reading the clock and reserving its space (__rb_reserve_next(), "Interrupted between C and
# F") a delta of 0: the file shows the time of the interrupting event before it, while the
# hist triggers read the clock again after the interrupt (info->ts = ts). Such an event has
# the time of the event before it on its CPU, which ran in an interrupt (h, s) and it not.
# A query that reads timestamps may differ by the hits of these events, and only by them.
tq report -l -t -i /tmp/vmoff.dat 2>/dev/null | awk '
	{ cpu = $3; sub(/[^0-9].*/, "", cpu); ctx = substr($3, length(cpu) + 3, 1)
	  if ($4 == last[cpu] && pctx[cpu] ~ /[hsH]/ && ctx != pctx[cpu]) { ev = $5; sub(/:$/, "", ev); print ev }
	  last[cpu] = $4; pctx[cpu] = ctx }' >/tmp/vmoff.lost
echo "events with a lost time stamp: $(sort /tmp/vmoff.lost | uniq -c | tr -s ' \n' ' ')"
# lost events of the events a query reads
lost_of() {
	for w in $(echo "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == "FROM" || $i == "JOIN") print $(i + 1) }'); do
		grep -c -x "${w#*.}" /tmp/vmoff.lost || true
	done | awk '{ n += $1 } END { print n + 0 }'
}
hits_of() { sed 's/.*\],"hits":\([0-9]*\).*/\1/'; }
n=0
bad=0
i=0
while IFS='|' read -r name ev q; do
	i=$((i + 1))
	# shellcheck disable=SC2046
	tq hist -i /tmp/vmoff.dat -B "$inst" --json $(nopt) "$q" >/tmp/vmoff.$i.o 2>&1 ||
		echo "query $i: $(head -c 200 /tmp/vmoff.$i.o)"
	keys=$(sed -n 's/^{"trigger":"hist:keys=\([^: "]*\).*/\1/p' /tmp/vmoff.$i.o)
	grep -F "{\"trigger\":\"hist:keys=$keys:" "/tmp/vmoff.k.$(echo "$ev" | tr : _)" |
		grep -v -e 'onmatch(' -e ':__' >/tmp/vmoff.$i.k || true
	if [ "$(wc -l </tmp/vmoff.$i.k)" != 1 ]; then
		echo "query $i: $(wc -l </tmp/vmoff.$i.k) kernel tables with keys=$keys on $ev"
		bad=$((bad + 1))
		continue
	fi
	if [ "$(rows </tmp/vmoff.$i.k)" = "$(rows </tmp/vmoff.$i.o)" ] &&
	   [ "$(totals </tmp/vmoff.$i.k)" = "$(totals </tmp/vmoff.$i.o)" ]; then
		n=$((n + 1))
	else
		rows </tmp/vmoff.$i.k >/tmp/vmoff.k.rows
		rows </tmp/vmoff.$i.o >/tmp/vmoff.o.rows
		l=0
		case $q in *TIMESTAMP*) l=$(lost_of "$q") ;; esac
		d=$(diff /tmp/vmoff.k.rows /tmp/vmoff.o.rows | grep -c '^<' || true)
		dh=$(( $(hits_of </tmp/vmoff.$i.k) - $(hits_of </tmp/vmoff.$i.o) ))
		if [ "$l" -gt 0 ] && [ "$d" -le $((2 * l)) ] && [ "${dh#-}" -le "$l" ]; then
			echo "query $i: $d rows differ, within what $l events with lost times allow"
			n=$((n + 1))
		else
			bad=$((bad + 1))
			echo "query $i differs: kernel $(totals </tmp/vmoff.$i.k) file $(totals </tmp/vmoff.$i.o)"
		fi
		diff /tmp/vmoff.k.rows /tmp/vmoff.o.rows | grep '^[<>] {' | head -4 || true
	fi
	[ -z "${TQ_VM_OUT:-}" ] || cp /tmp/vmoff.$i.k /tmp/vmoff.$i.o "$TQ_VM_OUT/" 2>/dev/null || true
done <"$qs"
[ -z "${TQ_VM_OUT:-}" ] || cp /tmp/vmoff.dat "$TQ_VM_OUT/" 2>/dev/null || true
echo "$n of $i queries agree"
[ "$bad" = 0 ] || fail "$bad of $i queries differ between the kernel and tq hist -i"
