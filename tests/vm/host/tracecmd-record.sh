# Host side of the VM case tracecmd-record, sourced by tests/vm/vm.t with $vm_out holding
# the files Debian's trace-cmd recorded in the guest on Debian's kernel (function_graph,
# function and a kprobe; v7 zstd, v7 uncompressed, v6): tq report must print, with the
# usual flags, what trace-cmd report prints.
. "$TQ_SRCDIR/tests/report/report-lib.sh"
tt_dir=$(scratch_dir)/tracecmd-record
mkdir -p "$tt_dir"
for tt_name in tc-graph tc-graph-depth-v6 tc-function-kprobe-none; do
	tt_f=$vm_out/$tt_name.dat
	if [ ! -s "$tt_f" ]; then
		ok 1 "$tt_name: the case's file came out of the guest"
		continue
	fi
	if ! have_trace_cmd; then
		skip "$tt_name: trace-cmd is not installed"
		continue
	fi
	case $tt_name in
	*graph*) tt_filter="-F funcgraph_exit -F sched_switch" ;;
	*) tt_filter="-F open -F function:ip>0" ;;
	esac
	compare_with_trace_cmd "$tt_f" "$tt_name" "$tt_dir" "" "-t" "-l" "--cpu 0" "-R" \
		"-O fgraph:tailprint -O ftrace:parent" "$tt_filter"
done
