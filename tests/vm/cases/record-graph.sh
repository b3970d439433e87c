# description: tq record with the function_graph tracer (leaves, nesting, a depth limit, sched events between) and the function tracer; the files go to the host
# requires: function_graph:tracer set_graph_function max_graph_depth set_ftrace_filter
# timeout: 90

# -l keeps the tracer to the read and write paths' functions: hooking every function of
# the kernel takes seconds each way under emulation.
fns="-l vfs_read -l vfs_write -l rw_verify_area -l security_file_permission
	-l __fsnotify_parent -l ksys_read -l ksys_write -l __x64_sys_read -l __x64_sys_write
	-l seq_read_iter -l proc_reg_read_iter -l version_proc_show -l seq_printf -l pipe_read
	-l pipe_write -l mutex_lock -l mutex_unlock -l __check_object_size -l schedule"
# shellcheck disable=SC2086
tq record -q -p function_graph $fns -e sched:sched_switch -e sched:sched_wakeup -b 1024 \
	-o "$TQ_VM_OUT/graph-v7.dat" -- sh -c 'cat /proc/version; cat /proc/version | cat' > /dev/null
[ "$(cat current_tracer)" = nop ] || fail "the tracer was not restored"
[ -z "$(grep -v '^#' set_ftrace_filter)" ] || fail "set_ftrace_filter was not restored"
# shellcheck disable=SC2086
tq record -q --file-version 6 -p function_graph -g vfs_read --max-graph-depth 2 $fns \
	-o "$TQ_VM_OUT/graph-depth-v6.dat" -- cat /proc/version > /dev/null
[ "$(cat max_graph_depth)" = 0 ] || fail "the graph depth was not restored"
# and the function tracer on the same functions, whose text trace-cmd prints with its
# own handler too (the parent after each call)
# shellcheck disable=SC2086
tq record -q -p function $fns -o "$TQ_VM_OUT/function-v7.dat" -- \
	sh -c 'cat /proc/version | cat' > /dev/null
[ "$(cat current_tracer)" = nop ] || fail "the tracer was not restored"
tq report -i "$TQ_VM_OUT/graph-v7.dat" > "$TQ_VM_OUT/graph-v7.guest-report"
grep -m 5 'funcgraph_' "$TQ_VM_OUT/graph-v7.guest-report"
grep -q 'funcgraph_entry: .*|  *vfs_read() {$' "$TQ_VM_OUT/graph-v7.guest-report" ||
	fail "no vfs_read with callees in the report"
grep -Eq 'funcgraph_entry: .*[0-9] us +\|  +[a-z_]+\(\);$' "$TQ_VM_OUT/graph-v7.guest-report" ||
	fail "no leaf call with its duration in the report"
grep -Eq 'funcgraph_exit: .*[0-9] us +\|  +}$' "$TQ_VM_OUT/graph-v7.guest-report" ||
	fail "no return with its duration in the report"
