# description: the function tracer with set_ftrace_filter traces only the filtered function
# requires: function:tracer set_ftrace_filter available_filter_functions

cleanup() {
	set +e
	echo nop > current_tracer
	echo 1 > tracing_on
	: > set_ftrace_filter
	: > trace
}
trap cleanup EXIT

grep -qx 'vfs_read' available_filter_functions || unsupported "vfs_read cannot be traced"
echo vfs_read > set_ftrace_filter
[ "$(grep -v '^#' set_ftrace_filter)" = vfs_read ] || fail "set_ftrace_filter does not read back"

: > trace
echo function > current_tracer
# The shell's read builtin calls read(2); busybox cat would use sendfile(2) instead.
for _ in 1 2 3; do
	read -r _ < /proc/version
done
# Stop the buffer before reading it: switching tracers would empty it.
echo 0 > tracing_on

trace_lines | head -n 5
n=$(trace_lines | grep -c ' vfs_read <-' || true)
[ "$n" -ge 3 ] || fail "$n vfs_read calls traced, expected at least 3"
others=$(trace_lines | grep -v ' vfs_read <-' | head -n 5)
[ -z "$others" ] || fail "functions outside the filter were traced: $others"
