# description: recordings for the readers on the host: function tracer with a kprobe, function_graph, kernel stack traces (tq convert, flame graphs)
# requires: kprobe_events function:tracer function_graph:tracer set_ftrace_filter options/stacktrace
# timeout: 120

cleanup() {
	set +e
	echo '-:tqexp/open' >> kprobe_events
	echo '-:tqexp/opened' >> kprobe_events
}
trap cleanup EXIT

# The host converts these to CTF, Perfetto and Chrome JSON and draws flame graphs from
# them (tests/vm/host/export-recordings.sh): here only the recording, with its checks.
echo 'p:tqexp/open do_sys_openat2 dfd=%di:s32 path=+0(%si):string' >> kprobe_events
echo 'r:tqexp/opened do_sys_openat2 fd=$retval:s64' >> kprobe_events
tq record -q -p function -l do_sys_openat2 -l vfs_read -e tqexp:open -e tqexp:opened \
	-e sched:sched_switch -e sched:sched_waking -e sched:sched_process_exec -b 1024 \
	-o "$TQ_VM_OUT/function-kprobe.dat" -- sh -c 'cat /proc/version; ls /' > /dev/null
[ "$(cat events/tqexp/open/enable)" = 0 ] || fail "the kprobe event was left enabled"
[ "$(cat events/tqexp/opened/enable)" = 0 ] || fail "the kretprobe event was left enabled"
tq report -i "$TQ_VM_OUT/function-kprobe.dat" | grep -q ' open: .*path="/proc/version"' ||
	fail "no kprobe hit with its path in the recording"

tq record -q -p function_graph -l vfs_read -l ksys_read -l __x64_sys_read -l seq_read_iter \
	-l proc_reg_read_iter -l version_proc_show -l seq_printf -l pipe_read -l mutex_lock \
	-l mutex_unlock -l rw_verify_area -e sched:sched_switch -b 1024 \
	-o "$TQ_VM_OUT/graph.dat" -- sh -c 'cat /proc/version | cat' > /dev/null
[ "$(cat current_tracer)" = nop ] || fail "the tracer was not restored"

tq record -q -T -e sched:sched_switch -e sched:sched_process_exec -b 1024 \
	-o "$TQ_VM_OUT/stacks.dat" -- sh -c 'cat /proc/version; ls /' > /dev/null
[ "$(cat options/stacktrace)" = 0 ] || fail "the stacktrace option was not restored"
tq report -i "$TQ_VM_OUT/stacks.dat" | grep -q 'kernel_stack:' ||
	fail "no kernel stack traces in the recording"
