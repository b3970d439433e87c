# description: Debian's trace-cmd records function_graph, function and kprobe traces on Debian's kernel (v7 zstd, v7 none, v6); the files go to the host, whose tq report must print what trace-cmd report prints
# requires: function_graph:tracer function:tracer set_graph_function set_ftrace_filter kprobe_events
# timeout: 120

command -v trace-cmd > /dev/null ||
	unsupported "trace-cmd is not in the image (not installed on the host)"
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null 2>&1
	echo "$clock" > trace_clock
	[ ! -d events/tqtc ] || echo '-:tqtc/open' >> kprobe_events
	rm -f /tmp/tc.dat*
}
trap cleanup EXIT

fns="-l vfs_read -l vfs_write -l rw_verify_area -l security_file_permission -l ksys_read
	-l ksys_write -l seq_read_iter -l proc_reg_read_iter -l pipe_read -l pipe_write
	-l mutex_lock -l mutex_unlock -l __check_object_size -l schedule"
# shellcheck disable=SC2086
tc_record tc-graph -p function_graph $fns -e sched:sched_switch -e sched:sched_wakeup
# shellcheck disable=SC2086
tc_record tc-graph-depth-v6 --file-version 6 -p function_graph -g vfs_read \
	--max-graph-depth 2 $fns
echo 'p:tqtc/open do_sys_openat2 dfd=%di:s32 name=+0(%si):string' >> kprobe_events
# shellcheck disable=SC2086
tc_record tc-function-kprobe-none --compression none -p function $fns -e tqtc:open
echo '-:tqtc/open' >> kprobe_events
[ "$(cat current_tracer)" = nop ] || fail "trace-cmd left a tracer set"
for f in tc-graph tc-graph-depth-v6 tc-function-kprobe-none; do
	[ -s "$TQ_VM_OUT/$f.dat" ] || fail "trace-cmd wrote no $f.dat"
	echo "$f: $(tq report -i "$TQ_VM_OUT/$f.dat" | wc -l) lines in tq report"
done
tq report -i "$TQ_VM_OUT/tc-graph.dat" | grep -m 3 funcgraph_
