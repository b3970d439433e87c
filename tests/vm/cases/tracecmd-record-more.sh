# description: Debian's trace-cmd records every event of Debian's kernel, an instance with the function tracer, and stack traces; the host's tq report must print what trace-cmd report prints
# requires: function:tracer set_ftrace_filter options/stacktrace options/func_stack_trace
# timeout: 240

command -v trace-cmd > /dev/null ||
	unsupported "trace-cmd is not in the image (not installed on the host)"
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
size=$(cat buffer_size_kb)
cleanup() {
	set +e
	tq reset > /dev/null 2>&1
	echo "$clock" > trace_clock
	echo "$size" > buffer_size_kb
	[ ! -d instances/tctq ] || rmdir instances/tctq
	rm -f /tmp/tc.dat*
}
trap cleanup EXIT

# every event the kernel has: the formats of another kernel than the host's
tc_record tc-all -e all -b 2048
# an instance with the function tracer beside sched events in the top buffer
tc_record tc-instance -e sched:sched_switch -e sched:sched_process_exec -B tctq \
	-p function -l vfs_read -l ksys_write
# stack traces: after each event (-T), and after each traced function (--func-stack)
tc_record tc-stack -T -e sched:sched_process_exec -e sched:sched_process_exit
tc_record tc-func-stack -p function -l vfs_read --func-stack -C mono
# the function tracer on functions that call each other, for the plugin's indentation
tc_record tc-function-indent -p function -l 'vfs_*' -l '*_lock' -l '*_unlock' -l dput \
	-l 'path_*' -l 'kmem_cache_*'
# the graph with a clock shown as raw numbers, and in an instance if the kernel can
tc_record tc-graph-counter -C counter -p function_graph -l vfs_read -l ksys_read \
	-l rw_verify_area -l mutex_lock -l mutex_unlock
if grep -qw function_graph instances/tctq/available_tracers 2>/dev/null ||
	{ mkdir instances/tctq && grep -qw function_graph instances/tctq/available_tracers &&
		rmdir instances/tctq; }; then
	tc_record tc-graph-instance -e sched:sched_switch -B tctq -p function_graph \
		-l vfs_read -l ksys_read -l rw_verify_area -l mutex_lock -l mutex_unlock
else
	[ ! -d instances/tctq ] || rmdir instances/tctq
	echo "no function_graph in instances on this kernel"
fi
[ "$(cat current_tracer)" = nop ] || fail "a tracer was left set"
