# description: tq shell fed line by line on the real kernel: a kprobe made elsewhere while it runs is listed and queried, a latency histogram is interrupted with SIGINT and watched, \q quits, and tq stat shows nothing left
# requires: dynamic_events kprobe_events "$retval":README "trace(<synthetic_event>,param list)":README
# timeout: 120

cleanup() {
	set +e
	exec 3>&-
	[ -z "$shpid" ] || kill "$shpid" 2> /dev/null
	[ -z "$shpid" ] || wait "$shpid"
	tq probe rm vm_sh/vm_open vm_sh/vm_open_ret 2> /dev/null
	rm -f /tmp/vm_sh.in /tmp/vm_sh.out /tmp/vm_sh.err /tmp/vm_sh.stat
}
trap cleanup EXIT

# poll CONDITION: wait until the shell command CONDITION holds (a bounded poll, ~20 s)
poll() {
	case $- in *x*) _ux=1; set +x ;; *) _ux= ;; esac
	_i=0
	while ! eval "$1"; do
		_i=$((_i + 1))
		if [ $_i -ge 400 ]; then
			cat /tmp/vm_sh.out /tmp/vm_sh.err
			fail "waited in vain for: $1"
		fi
		/bin/sleep 0.05
	done
	[ -z "$_ux" ] || set -x
}
opens() {
	for i in 1 2 3 4 5 6 7 8; do read -r line < /proc/version; done
}

mkfifo /tmp/vm_sh.in
tq shell -d 0 < /tmp/vm_sh.in > /tmp/vm_sh.out 2> /tmp/vm_sh.err &
shpid=$!
exec 3> /tmp/vm_sh.in

echo '\l vm_open' >&3
poll "grep -q \"no event matches 'vm_open'\" /tmp/vm_sh.err"
# another terminal makes the probes while the shell runs
tq probe add kprobe vm_sh/vm_open do_sys_openat2
tq probe add kretprobe vm_sh/vm_open_ret do_sys_openat2 'ret=$retval:s64'

# by their bare names: dynamic_events changed, so the shell reads its event list again
echo 'SELECT log2(r.TIMESTAMP_USECS - p.TIMESTAMP_USECS) AS usecs, count(*)
  FROM vm_open AS p JOIN vm_open_ret AS r ON p.common_pid = r.common_pid GROUP BY usecs;' >&3
# the last of its steps: an onmatch() trigger on the return probe
poll "grep -q '^hist:' events/vm_sh/vm_open_ret/trigger"
opens
kill -INT "$shpid"
poll "grep -q '^hits: ' /tmp/vm_sh.out"
hits=$(sed -n 's/^hits: \([0-9]*\).*/\1/p' /tmp/vm_sh.out | head -n 1)
[ "${hits:-0}" -ge 8 ] || fail "the latency histogram has ${hits:-no} hits for 8 opens"
kill -0 "$shpid" || fail "SIGINT ended the shell instead of the histogram"
# removed once shown
poll "! grep -q '^hist:' events/vm_sh/vm_open_ret/trigger"

echo '\watch 0.2' >&3
poll "grep -q '^hist:' events/vm_sh/vm_open_ret/trigger"
opens
# two timestamped showings, then SIGINT ends \watch
poll "[ \$(grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\$' /tmp/vm_sh.out) -ge 2 ]"
kill -INT "$shpid"
echo '\l vm_open' >&3
poll "grep -qx vm_sh.vm_open_ret /tmp/vm_sh.out"
grep -qx 'vm_sh.vm_open' /tmp/vm_sh.out || fail "\\l does not list the kprobe made after the start"
echo '\q' >&3
exec 3>&-
wait "$shpid" || fail "tq shell exited $?: $(cat /tmp/vm_sh.err)"
shpid=
cat /tmp/vm_sh.out | head -n 20
grep -v "no event matches 'vm_open'" /tmp/vm_sh.err && fail "tq shell complained"

# nothing of the session is left: tq stat shows only the two probes
tq stat > /tmp/vm_sh.stat
cat /tmp/vm_sh.stat
! grep -q 'triggers' /tmp/vm_sh.stat || fail "tq stat shows triggers left behind"
! grep -q 'synthetic' /tmp/vm_sh.stat || fail "tq stat shows a synthetic event left behind"
tq probe rm vm_open vm_open_ret
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
