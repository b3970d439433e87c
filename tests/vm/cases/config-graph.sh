# description: function_graph with -g and --max-graph-depth, and -T stack traces on an event
# requires: function_graph:tracer set_graph_function max_graph_depth options/stacktrace

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset
	echo 0 > options/stacktrace
	echo "$clock" > trace_clock
}
trap cleanup EXIT

# -l keeps the graph tracer to two functions: hooking every function of the kernel takes
# seconds each way under emulation, and longer still on a loaded machine.
tq start -p function_graph -g vfs_read --max-graph-depth 2 -l vfs_read -l rw_verify_area
[ "$(cat current_tracer)" = function_graph ] || fail "tracer not set"
[ "$(cat max_graph_depth)" = 2 ] || fail "depth not set"
grep -qx vfs_read set_graph_function || fail "graph function not set"
cat /proc/version > /dev/null
tq stop
trace_lines | head -8
trace_lines | grep -q 'vfs_read() {' || fail "no vfs_read with callees in the graph"
trace_lines | grep -q ' rw_verify_area();' || fail "no rw_verify_area below vfs_read"
tq reset
[ "$(cat max_graph_depth)" = 0 ] || fail "reset did not put the depth back"
if grep -q vfs_read set_graph_function; then fail "reset left the graph function"; fi

tq start -T -e sched:sched_switch
[ "$(cat options/stacktrace)" = 1 ] || fail "-T did not set the stacktrace option"
wakeups 5
tq stop
trace_lines | grep -q '=> ' || fail "no stack trace lines after events"
