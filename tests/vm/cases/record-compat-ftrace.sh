# description: trace-cmd's function-tracer record flags: -d, -D, --func-stack, --module, --max-graph-depth, --profile (what tracefs holds during the run, the file, the restore)
# requires: function:tracer function_graph:tracer set_ftrace_filter max_graph_depth options/func_stack_trace options/function-trace
# timeout: 120

# tq reset puts the clock back to local; an earlier case may have left it global
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset
	echo "$clock" > trace_clock
}
trap cleanup EXIT
ft=$(cat options/function-trace)
en=$(cat /proc/sys/kernel/ftrace_enabled)

# -d: options/function-trace 0, as trace-cmd writes it. The kernel honours it in the latency
# tracers (irqsoff, wakeup: no function tracing); the function tracer itself goes on.
out=$(tq record -q -p function -l vfs_read -d -e sched:sched_process_exit -o "$TQ_VM_OUT/d.dat" \
	-- sh -c 'cat options/function-trace; cat /proc/version > /dev/null')
[ "$out" = 0 ] || fail "-d: options/function-trace was '$out' during the run"
[ "$(cat options/function-trace)" = "$ft" ] || fail "-d: function-trace not restored"
tq report -i "$TQ_VM_OUT/d.dat" > /tmp/d.txt
grep -q "sched_process_exit:" /tmp/d.txt || fail "-d: no event recorded"

# -D: ftrace off for all users while recording
out=$(tq record -q -D -p function -l vfs_read -e sched:sched_process_exit \
	-o "$TQ_VM_OUT/D.dat" -- cat /proc/sys/kernel/ftrace_enabled)
[ "$out" = 0 ] || fail "-D: ftrace_enabled was '$out' during the run"
[ "$(cat /proc/sys/kernel/ftrace_enabled)" = "$en" ] || fail "-D: ftrace_enabled not restored"
tq report -i "$TQ_VM_OUT/D.dat" > /tmp/D.txt
if grep -q "function:" /tmp/D.txt; then fail "-D: functions were recorded"; fi

# --func-stack: a stack after every filtered function
out=$(tq record -q -p function -l vfs_read --func-stack -o "$TQ_VM_OUT/func-stack.dat" \
	-- sh -c 'cat options/func_stack_trace; cat /proc/version > /dev/null')
[ "$out" = 1 ] || fail "--func-stack: options/func_stack_trace was '$out' during the run"
[ "$(cat options/func_stack_trace)" = 0 ] || fail "--func-stack: option not restored"
tq report -i "$TQ_VM_OUT/func-stack.dat" > /tmp/fs.txt
grep -q 'function: *vfs_read' /tmp/fs.txt || fail "--func-stack: no vfs_read"
grep -q "=> " /tmp/fs.txt || fail "--func-stack: no stack in the report"

# --module: -l after it is FUNC:mod:MODULE; alone, the whole module (the kernel lists
# what it matched; a module that is not loaded matches nothing and is refused)
mod=$(sed -n '1s/ .*//p' /proc/modules)
if [ -n "$mod" ]; then
	out=$(tq record -q -p function --module "$mod" -o "$TQ_VM_OUT/mod.dat" \
		-- sh -c 'grep -c . set_ftrace_filter')
	[ "$out" -gt 0 ] || fail "--module $mod: set_ftrace_filter was empty during the run"
fi

# --max-graph-depth
out=$(tq record -q -p function_graph -l vfs_read --max-graph-depth 2 -o "$TQ_VM_OUT/g.dat" \
	-- cat max_graph_depth)
[ "$out" = 2 ] || fail "--max-graph-depth: max_graph_depth was '$out' during the run"
[ "$(cat max_graph_depth)" = 0 ] || fail "--max-graph-depth: not restored"

# --profile: trace-cmd's function_graph at depth 1, stacktrace triggers, the profile events
out=$(tq record -q --profile -o "$TQ_VM_OUT/profile.dat" -- sh -c \
	'cat current_tracer max_graph_depth; grep -c stacktrace events/sched/sched_switch/trigger;
	 grep -c . set_event')
set -- $out
[ "$1" = function_graph ] || fail "--profile: tracer '$1'"
[ "$2" = 1 ] || fail "--profile: max_graph_depth '$2'"
[ "$3" = 1 ] || fail "--profile: no stacktrace trigger on sched_switch"
[ "$4" -ge 8 ] || fail "--profile: only $4 events enabled"
[ "$(cat current_tracer)" = nop ] || fail "--profile: tracer not restored"
