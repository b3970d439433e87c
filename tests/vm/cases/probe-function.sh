# description: tq start -p function -l FUNC traces only FUNC; -T puts a stack after each hit of a kprobe made by tq probe
# requires: function:tracer set_ftrace_filter dynamic_events kprobe_events options/stacktrace

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null
	echo "$clock" > trace_clock
	echo nop > current_tracer
	echo 0 > options/stacktrace
	: > set_ftrace_filter
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

# -T: a kernel stack after each event of a kprobe made by tq probe
tq probe add kprobe vm_stk/vm_read vfs_read
tq start -e vm_stk -T
read -r line < /proc/version
tq stop
trace_lines | grep -m 1 -A 4 ' vm_read:'
trace_lines | grep -A 3 ' vm_read:' | grep -q '<stack trace>' || fail "no stack trace after the kprobe"
tq reset
