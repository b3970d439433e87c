# Host side of the VM case tracecmd-record-more: files Debian's trace-cmd recorded in the
# guest (every event of Debian 6.1, an instance, stack traces); tq report must print what
# trace-cmd report prints, and its fast path what libtraceevent prints.
. "$TQ_SRCDIR/tests/report/report-lib.sh"
tm_dir=$(scratch_dir)/tracecmd-record-more
mkdir -p "$tm_dir"
tm_names="tc-all tc-instance tc-stack tc-func-stack tc-function-indent tc-graph-counter"
# only where the kernel has function_graph in instances (not 6.1)
[ ! -s "$vm_out/tc-graph-instance.dat" ] || tm_names="$tm_names tc-graph-instance"
for tm_name in $tm_names; do
	tm_f=$vm_out/$tm_name.dat
	if [ ! -s "$tm_f" ]; then
		ok 1 "$tm_name: the case's file came out of the guest"
		continue
	fi
	"$TQ" report --slow -i "$tm_f" > "$tm_dir/slow.out" 2>&1
	"$TQ" report -i "$tm_f" > "$tm_dir/tq.out" 2>&1
	diff_ok "$tm_dir/tq.out" "$tm_dir/slow.out" \
		"$tm_name: the fast path prints what libtraceevent prints"
	if ! have_trace_cmd; then
		skip "$tm_name: trace-cmd is not installed"
		continue
	fi
	compare_with_trace_cmd "$tm_f" "$tm_name" "$tm_dir" "" "-t" "-l" "--cpu 1" "-R" "--ts-diff"
	case $tm_name in
	tc-function-indent)
		compare_with_trace_cmd "$tm_f" "$tm_name" "$tm_dir" "-O ftrace:parent" \
			"-O ftrace:offset -O parent" "-O ftrace:indent" "-O indent=0 -O parent=1"
		# 12 columns pad "function:"; each level of the plugin's guess adds 3
		tm_deep=$(trace-cmd report -i "$tm_f" 2>/dev/null | grep -Ec 'function: {15,}[^ ]')
		ok $([ "$tm_deep" -ge 1 ]; echo $?) \
			"$tm_name: the plugin's indentation is there to compare ($tm_deep lines indented)"
		;;
	esac
done
