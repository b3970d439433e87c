# description: tq probe events in use: a kprobe-to-kretprobe latency histogram through tq hist (SQL), and a recorded trace.dat read by tq report
# requires: dynamic_events kprobe_events "$retval":README "trace(<synthetic_event>,param list)":README

cleanup() {
	set +e
	tq probe rm vm_lat/vm_open vm_lat/vm_open_ret
	rm -f /tmp/vm_probe.dat
}
trap cleanup EXIT

workload='i=0; while [ $i -lt 20 ]; do read -r l < /proc/version; i=$((i+1)); done'
tq probe add kprobe vm_lat/vm_open do_sys_openat2 'fn=+0($arg2):ustring'
tq probe add kretprobe vm_lat/vm_open_ret do_sys_openat2 'ret=$retval:s64'

# how long do_sys_openat2 takes, as a log2 histogram, per process
out=$(tq hist -n vm_open_lat --table 'SELECT p.common_pid AS pid,
	log2(r.TIMESTAMP_USECS - p.TIMESTAMP_USECS) AS usecs, count(*)
	FROM vm_lat.vm_open AS p JOIN vm_lat.vm_open_ret AS r ON p.common_pid = r.common_pid
	GROUP BY pid, usecs' -- sh -c "$workload")
echo "$out" | head -n 12
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -ge 20 ] || fail "the latency histogram has ${hits:-no} hits, expected 20 or more"
[ "$(tq probe list | grep -c '^k')" -eq 2 ] || fail "tq hist did not leave the probes alone"
tq probe list | grep -q synthetic && fail "tq hist left its synthetic event behind"

# record both probes while the workload runs, read them back
tq record -q -e vm_lat -o /tmp/vm_probe.dat -- sh -c "$workload"
tq report /tmp/vm_probe.dat > /tmp/vm_probe.txt
grep -m 3 vm_open /tmp/vm_probe.txt
# the probe address shows as do_sys_openat2+0x0/SIZE where the trace.dat has kallsyms
n=$(grep -Ec ' vm_open: +\((do_sys_openat2\+0x0/0x[0-9a-f]+|[0-9a-f]+)\) fn="/proc/version"' \
	/tmp/vm_probe.txt || true)
[ "$n" -ge 20 ] || fail "$n kprobe events in the recorded trace, expected 20 or more"
grep -Eq ' vm_open_ret: +\(.* <- .*\) ret=[0-9]' /tmp/vm_probe.txt ||
	fail "no kretprobe events in the recorded trace"

tq probe rm vm_open vm_open_ret
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
