# description: syscall latency by syscall (raw_syscalls enter/exit) through tq hist, with hits
# requires: dynamic_events events/raw_syscalls/sys_enter events/raw_syscalls/sys_exit "trace(<synthetic_event>,param list)":README

out=$(tq hist -n sql_sys --table 'SELECT e.id.syscall AS id, log2(e.TIMESTAMP_USECS - s.TIMESTAMP_USECS) AS lat, count(*)
	FROM raw_syscalls.sys_enter AS s JOIN raw_syscalls.sys_exit AS e ON s.common_pid = e.common_pid
	GROUP BY id, lat' -- sh -c 'i=0; while [ $i -lt 20 ]; do cat /proc/version >/dev/null; i=$((i+1)); done')
echo "$out" | head -n 20
echo "$out" | grep -Eq '^sys_[a-z0-9_]+ ' || fail "no syscall names in the table"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "no hits"
