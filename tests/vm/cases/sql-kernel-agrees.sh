# description: a corpus of queries: tq sql rejects each at compile time (nothing written), or the kernel takes what it compiles and --remove takes it all away
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch events/raw_syscalls/sys_enter "trace(<synthetic_event>,param list)":README "multiplication(*)":README
# timeout: 120
set +x

# Each line: [OPTIONS |] QUERY. A query tq accepts must be accepted by this kernel; one tq
# refuses must be refused before anything is written. One line of output per failure.
corpus='SELECT pid FROM sched_waking
SELECT id.syscall, count(*) FROM sys_enter GROUP BY id.syscall ORDER BY count(*) DESC LIMIT 10
SELECT CAST(call_site AS SYM-OFFSET), bytes_req, CAST(bytes_alloc AS _COUNTER_) FROM kmalloc
select CAST(common_pid AS comm), CAST(id AS syscall) FROM sys_enter
select \from from regcache_drop_region
SELECT pid, sum(prio), sum(target_cpu) FROM sched_waking GROUP BY pid
SELECT pid, percent(sum(prio)) AS p, graph(sum(target_cpu)) AS g FROM sched_waking GROUP BY pid
SELECT pid FROM sched_waking SIZE 65
SELECT log2(TIMESTAMP) FROM sched_waking
SELECT STACKTRACE, count(*) FROM sched_switch GROUP BY STACKTRACE
SELECT TIMESTAMP_USECS, COMM, count(*) FROM sched_waking GROUP BY TIMESTAMP_USECS, COMM ORDER BY TIMESTAMP_USECS DESC, COMM
SELECT pid, prio, target_cpu, count(*) FROM sched_waking GROUP BY pid, prio, target_cpu ORDER BY pid, count(*) DESC
SELECT pid FROM sched_stat_runtime WHERE runtime < 18446744073709551615
SELECT next_pid FROM sched_switch WHERE prev_prio BETWEEN 100 AND 139 AND prev_state & 0x1 AND NOT (next_prio IN (120, 130) OR next_comm ~ "kworker*") AND COMM != "nobody" AND CPU > -1
SELECT pid, sum(prio), sum(target_cpu), sum(common_pid) FROM sched_waking GROUP BY pid
SELECT pid.percent FROM sched_waking
SELECT pid, percent(count(*)) FROM sched_waking GROUP BY pid
SELECT pid FROM sched_waking SIZE 64
SELECT log2(TIMESTAMP_USECS) FROM sched_waking
SELECT prev_pid.log2.hex FROM sched_switch
SELECT args FROM sys_enter
SELECT id, sum(args) FROM sys_enter GROUP BY id
SELECT pid FROM sched_waking WHERE pid > 18446744073709551615
SELECT pid FROM sched_waking WHERE common_flags > -1
SELECT pid FROM sched_waking WHERE TIMESTAMP > 5
SELECT pid, prio, sum(target_cpu) FROM sched_waking GROUP BY pid, prio ORDER BY pid, prio, count(*)
SELECT pid, sum(prio + 1) AS p FROM sched_waking GROUP BY pid
-m prio | SELECT pid FROM sched_waking
SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
SELECT log2(end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat, count(*) FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid GROUP BY lat
SELECT count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY e.prev_comm
SELECT start.pid, start.prio, end.prev_pid, CAST(end.next_prio AS HEX) np FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
SELECT CAST(start.common_pid AS EXECNAME) AS waker, end.next_comm FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid
SELECT execname(e.common_pid) AS who, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY who
SELECT (e.TIMESTAMP_USECS - 5) AS x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT (e.TIMESTAMP_USECS - s.pid) AS x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT (TIMESTAMP_DELTA_USECS - 5) AS x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT s.pid, e.prev_comm FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid AND s.prio = e.next_prio WHERE s.prio < 130 AND e.prev_comm != "swapper/0"
SELECT (b.TIMESTAMP_USECS - a.TIMESTAMP_USECS) AS oncpu, a.next_comm FROM sched_switch AS a JOIN sched_switch AS b ON a.next_pid = b.prev_pid
SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM hrtimer_expire_entry AS t JOIN sched_waking AS w ON t.common_pid = w.common_pid JOIN sched_switch AS s ON w.pid = s.next_pid GROUP BY lat
SELECT t.COMM AS who, (s.TIMESTAMP_USECS - t.TIMESTAMP_USECS) AS lat FROM hrtimer_expire_entry AS t JOIN sched_waking AS w ON t.common_pid = w.common_pid JOIN sched_switch AS s ON w.pid = s.next_pid
CREATE EVENT vm_wl AS SELECT s.pid, (e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid; SELECT lat.log2, count(*) FROM vm_wl
CREATE EVENT vm_cw AS SELECT e.next_comm AS comm, s.prio, (e.next_prio - s.prio) AS d FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid; SELECT comm, count(*) FROM vm_cw WHERE comm != "swapper/0" AND d < 0 GROUP BY comm
SELECT log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat ORDER BY lat DESC LIMIT 5 SIZE 256
select start.truesize, end.len, (start.truesize - end.len) as diff from napi_gro_receive_entry as start JOIN netif_receive_skb as end ON start.skbaddr = end.skbaddr
SELECT start.fd AS filed, end.ret AS return FROM sys_enter_read AS start JOIN sys_exit_read AS end ON start.common_pid = end.common_pid
select start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) as lat from sched_waking as start JOIN sched_switch as end ON start.pid = end.next_pid WHERE start.prio < 100 && (!(end.prev_pid < 1 || end.prev_prio > 100) || end.prev_pid == 0)
-n vm_max -m lat -s | SELECT log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat
-n wakeup_lat -T -m lat | SELECT end.next_comm AS comm, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid WHERE end.next_prio < 100 && end.next_comm == "cyclictest"
SELECT s.comm AS a1, s.pid AS a2, s.prio AS a3, s.target_cpu AS a4, s.common_flags AS a5, s.common_preempt_count AS a6, s.common_pid AS a7, s.TIMESTAMP AS a8 FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT e.CPU AS cpu, TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.comm = e.next_comm GROUP BY e.prev_pid
-m lat -T -S prev_pid | SELECT (e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, s.pid AS p1, s.prio AS p2, s.prio AS p3, s.prio AS p4, s.prio AS p5, e.prev_prio AS q1, e.prev_prio AS q2, e.prev_prio AS q3, e.prev_prio AS q4 FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT (e.prev_pid * e.prev_prio + e.next_pid * e.next_prio - s.prio) AS x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT (e.prev_pid / 0) AS x FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT s.pid FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid WHERE s.prio < e.next_prio
SELECT s.comm AS a1, s.pid AS a2, s.prio AS a3, s.target_cpu AS a4, s.common_flags AS a5, s.common_preempt_count AS a6, s.common_pid AS a7, s.TIMESTAMP AS a8, s.CPU AS a9 FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
select start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) as lat from sched_waking as start JOIN sched_switch as end ON start.pid = end.next_pid WHERE start.prio < 100 || end.prev_prio < 100
SELECT syscalls.sys_enter_read.fd, syscalls.sys_exit_read.ret FROM syscalls.sys_enter_read JOIN syscalls.sys_exit_read ON syscalls.sys_enter_read.common_pid = syscalls.sys_exit_write.common_pid
-n sched_switch | SELECT s.pid FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT (e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) / 1000 AS ms FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
-m lat -T | SELECT log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat
SELECT execname(s.common_pid) AS waker, execname(e.common_pid) AS cur, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY waker, cur
SELECT s.comm AS waker, e.COMM AS cur, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY waker, cur
SELECT name, STACKTRACE, irq, count(*) FROM irq_handler_entry GROUP BY name, STACKTRACE, irq
SELECT pid FROM sched_waking; SELECT pid FROM sched_waking SIZE 256
SELECT common_pid, count(*) FROM rcu_utilization WHERE s == "Start context switch" GROUP BY common_pid
SELECT common_pid FROM rcu_utilization WHERE s == 5
-c comm -S prev_pid | SELECT e.next_comm AS comm, s.pid FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
SELECT ip FROM ftrace.function
SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM print AS s JOIN print AS e ON s.common_pid = e.common_pid GROUP BY lat
SELECT c.vec, TIMESTAMP_DELTA AS ns FROM softirq_raise AS c JOIN softirq_entry AS d ON c.vec = d.vec AND c.CPU = d.CPU'

[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty at the start"
applied=
cleanup() {
	set +e
	# shellcheck disable=SC2086
	[ -z "$applied" ] || tq sql -e --remove $args "$q" >/dev/null 2>&1
	# -s takes snapshots: give the buffer back
	echo 0 > snapshot 2>/dev/null
}
trap cleanup EXIT
total=0 accepted=0 bad=0
while IFS= read -r line; do
	[ -n "$line" ] || continue
	case $line in
	*' | '*) args=${line%% | *}; q=${line#* | } ;;
	*) args=; q=$line ;;
	esac
	total=$((total + 1))
	# shellcheck disable=SC2086
	if ! tq sql $args "$q" >/tmp/ka.plan 2>/tmp/ka.cerr; then
		echo > error_log
		if tq sql -e $args "$q" >/dev/null 2>/tmp/ka.eerr || ! cmp -s /tmp/ka.cerr /tmp/ka.eerr; then
			echo "NOT-REFUSED-BEFORE-WRITING: $q"
			bad=$((bad + 1))
		fi
		continue
	fi
	accepted=$((accepted + 1))
	echo > error_log
	applied=1
	if tq sql -e $args "$q" >/tmp/ka.out 2>&1; then
		for h in $(sed -n 's|.* >> /sys/kernel/tracing/\(.*\)/trigger$|\1/hist|p' /tmp/ka.plan); do
			[ ! -e "$h" ] || cat "$h" >/dev/null || { echo "UNREADABLE: $h :: $q"; bad=$((bad + 1)); }
		done
		if ! tq sql -e --remove $args "$q" >/tmp/ka.out 2>&1; then
			echo "REMOVE-FAILED: $q :: $(tail -n 1 /tmp/ka.out)"
			bad=$((bad + 1))
		fi
	else
		# the kernel's own words when it has some (filters leave none in error_log)
		why=$(grep -o 'error: .*' error_log | tail -n 1)
		echo "KERNEL-REFUSED: $q :: ${why:-$(head -n 1 /tmp/ka.out)}"
		bad=$((bad + 1))
	fi
	applied=
	# what -e wrote, --remove (or -e's own rollback) must have taken away
	for t in $(sed -n 's|.* >> /sys/kernel/tracing/\(.*/trigger\)$|\1|p' /tmp/ka.plan); do
		if [ -e "$t" ] && grep -qv '^#' "$t"; then
			echo "LEFT-BEHIND: $t :: $q"
			bad=$((bad + 1))
			grep -v '^#' "$t" | sed 's/ \[.*//; s/^/!/' | while IFS= read -r trig; do
				echo "$trig" >> "$t"
			done
		fi
	done
	if [ -n "$(cat dynamic_events)" ]; then
		echo "LEFT-BEHIND: dynamic_events :: $q"
		bad=$((bad + 1))
		sed 's/^s:[^/]*\/\([^ ]*\).*/-:\1/' dynamic_events | while IFS= read -r d; do
			echo "$d" >> dynamic_events
		done
	fi
done <<END
$corpus
END
echo "$total queries: $accepted accepted and applied, $((total - accepted)) refused by tq, $bad failures"
[ "$total" -ge 40 ] || fail "the corpus has $total queries, fewer than 40"
[ "$bad" = 0 ] || fail "$bad queries tq and the kernel disagree on"
