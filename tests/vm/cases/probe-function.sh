# description: tq start -p function -l FUNC traces only FUNC; -p function_graph -g FUNC --max-graph-depth; -T stacks on a kprobe
# requires: function:tracer function_graph:tracer set_ftrace_filter set_graph_function max_graph_depth kprobe_events options/stacktrace

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null
	echo "$clock" > trace_clock
	echo nop > current_tracer
	echo 0 > options/stacktrace
	echo 0 > max_graph_depth
	: > set_ftrace_filter
	: > set_graph_function
	echo 1 > tracing_on
	: > trace
}
trap cleanup EXIT

grep -qx 'vfs_read' available_filter_functions || unsupported "vfs_read cannot be traced"

tq start -p function -l vfs_read
[ "$(cat current_tracer)" = function ] || fail "the tracer is $(cat current_tracer)"
[ "$(grep -v '^#' set_ftrace_filter)" = vfs_read ] || fail "set_ftrace_filter: $(cat set_ftrace_filter)"
for i in 1 2 3; do
	read -r line < /proc/version
done
tq stop
trace_lines | head -n 3
n=$(trace_lines | grep -c ' vfs_read <-' || true)
[ "$n" -ge 3 ] || fail "$n vfs_read calls traced, expected at least 3"
others=$(trace_lines | grep -v ' vfs_read <-' | head -n 3)
[ -z "$others" ] || fail "functions outside the filter were traced: $others"
tq reset

tq start -p function_graph -g vfs_read --max-graph-depth 2
[ "$(cat max_graph_depth)" = 2 ] || fail "max_graph_depth is $(cat max_graph_depth)"
read -r line < /proc/version
tq stop
trace_lines | head -n 8
trace_lines | grep -q 'vfs_read() {' || fail "no vfs_read graph entry"
# depth 2: vfs_read and its direct callees, nothing nested deeper than one level
deep=$(trace_lines | grep -E '\| {6,}[a-z_]' | head -n 3)
[ -z "$deep" ] || fail "calls deeper than two levels: $deep"
tq reset

# -T: a kernel stack after each event of a kprobe made by tq probe
tq probe add kprobe vm_stk/vm_read vfs_read
tq start -e vm_stk -T
read -r line < /proc/version
tq stop
trace_lines | grep -m 1 -A 4 ' vm_read:'
trace_lines | grep -A 3 ' vm_read:' | grep -q '<stack trace>' || fail "no stack trace after the kprobe"
tq reset
