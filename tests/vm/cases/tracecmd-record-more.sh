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
[ "$(cat current_tracer)" = nop ] || fail "a tracer was left set"
