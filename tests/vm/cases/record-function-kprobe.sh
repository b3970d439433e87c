# description: tq record with the function tracer, a kprobe and sched events (v7 zstd, v6); the files go to the host
# requires: kprobe_events function:tracer set_ftrace_filter
# timeout: 90

cleanup() {
	set +e
	echo '-:tqrec/open' >> kprobe_events
	rm -f /tmp/f.dat /tmp/k.dat
}
trap cleanup EXIT

# the function tracer, limited to one function, while cat opens a file
tq record -q -p function -l do_sys_openat2 -b 512 -o /tmp/f.dat -- cat /proc/version > /dev/null
n=$(tq report -i /tmp/f.dat | grep -c 'function: .*do_sys_openat2' || true)
tq report -i /tmp/f.dat | head -n 3
[ "$n" -ge 1 ] || fail "no do_sys_openat2 calls in the recorded function trace"
[ "$(cat current_tracer)" = nop ] || fail "the tracer was not restored"
[ -z "$(cat set_ftrace_filter | grep -v '^#')" ] || fail "set_ftrace_filter was not restored"

# a kprobe recorded as an event, v6 file
echo 'p:tqrec/open do_sys_openat2 dfd=%di:s32' >> kprobe_events
tq record -q --file-version 6 -e tqrec:open -o /tmp/k.dat -- cat /proc/version > /dev/null
tq report -i /tmp/k.dat | grep -m 3 ' open: '
tq report -i /tmp/k.dat | grep -q ' open: *([0-9a-f]*) dfd=-100' ||
	fail "no kprobe hit with its argument in the recorded file"
[ "$(cat events/tqrec/open/enable)" = 0 ] || fail "the kprobe event was left enabled"

# For the host (tests/vm/host/record-function-kprobe.sh): all three at once, as trace-cmd
# writes by default (v7 zstd) and in version 6; the host reads them with tq report,
# trace-cmd report and libtracecmd.
for v in 7 6; do
	tq record -q --file-version $v -p function -l do_sys_openat2 -e tqrec:open \
		-e sched:sched_switch -e sched:sched_process_exec -e sched:sched_process_exit \
		-b 1024 -o "$TQ_VM_OUT/all-v$v.dat" -- sh -c 'cat /proc/version; ls /tq-vm' > /dev/null
done
echo "guest report of all-v7.dat: $(tq report -i "$TQ_VM_OUT/all-v7.dat" | wc -l) lines"
tq report -i "$TQ_VM_OUT/all-v7.dat" > "$TQ_VM_OUT/all-v7.guest-report"
[ "$(cat current_tracer)" = nop ] || fail "the tracer was not restored"
