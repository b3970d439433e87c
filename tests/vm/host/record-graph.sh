# Host side of the VM case record-graph, sourced by tests/vm/vm.t with $vm_out holding the
# function_graph files tq recorded in the guest on Debian's kernel. trace-cmd report prints
# the graph with its own code, not libtraceevent's (a call and its return on one line when
# nothing happened between them, durations, indentation by depth): tq report must print the
# same, with the flags that go through that printing, and its fast path the same as
# libtraceevent's printing with tq's graph handlers (--slow).
. "$TQ_SRCDIR/tests/record/common.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"
rg_dir=$(scratch_dir)/graph
mkdir -p "$rg_dir"

for rg_name in graph-v7 graph-depth-v6; do
	rg_f=$vm_out/$rg_name.dat
	if [ ! -s "$rg_f" ]; then
		ok 1 "$rg_name: the case's file came out of the guest"
		diag "no $rg_f; out directory: $(ls "$vm_out" 2>&1 | tr '\n' ' ')"
		continue
	fi
	ok 0 "$rg_name: the case's file came out of the guest ($(wc -c < "$rg_f") bytes)"
	"$TQ" report -i "$rg_f" > "$rg_dir/$rg_name.tq" 2> "$rg_dir/$rg_name.err"
	rg_rc=$?
	rg_leaves=$(grep -Ec 'funcgraph_entry: .* us +\|  +[^ ]+\(\);$' "$rg_dir/$rg_name.tq")
	rg_nested=$(grep -Ec 'funcgraph_entry: +\|  +[^ ]+\(\) \{$' "$rg_dir/$rg_name.tq")
	rg_exits=$(grep -Ec 'funcgraph_exit: .* us +\|  +\}$' "$rg_dir/$rg_name.tq")
	ok $([ $rg_rc -eq 0 ] && sanitizer_clean "$rg_dir/$rg_name.err" &&
		[ "$rg_leaves" -ge 1 ] && [ "$rg_nested" -ge 1 ] && [ "$rg_exits" -ge 1 ]
		echo $?) \
		"$rg_name: tq report prints leaves ($rg_leaves), nested calls ($rg_nested) and \
returns ($rg_exits)"
	"$TQ" report --slow -i "$rg_f" > "$rg_dir/$rg_name.slow" 2>&1
	diff_ok "$rg_dir/$rg_name.tq" "$rg_dir/$rg_name.slow" \
		"$rg_name: the fast path prints what libtraceevent prints with the graph handlers"
	if ! have_trace_cmd; then
		skip "$rg_name: trace-cmd is not installed"
		continue
	fi
	# --cpu: trace-cmd's look at the next event still sees the other CPUs' events;
	# -F: and the events the filter hides; -R: no graph, and every return shown
	compare_with_trace_cmd "$rg_f" "$rg_name" "$rg_dir" \
		"" "-t" "-l" "--cpu 1" "--cpu 0 -l" "--ts-diff" "-R" "-w" \
		"-O fgraph:tailprint" "-O fgraph:depth -t" "-O tailprint -O depth=0" \
		"-F funcgraph_entry" "-F funcgraph_entry:depth>0" "-i $vm_out/function-v7.dat"
done
# The function tracer's file, printed by libtraceevent's function plugin, whose options
# -O passes on as trace-cmd does.
rg_f=$vm_out/function-v7.dat
if [ -s "$rg_f" ] && have_trace_cmd; then
	compare_with_trace_cmd "$rg_f" function-v7 "$rg_dir" "" "-O ftrace:parent" \
		"-O parent -O ftrace:indent=0" "-O ftrace:offset" \
		"-O ftrace:parent=1 -O offset=1 -t"
elif [ -s "$rg_f" ]; then
	skip "function-v7: trace-cmd is not installed"
else
	ok 1 "function-v7: the case's file came out of the guest"
fi
# Damaged copies: truncated, and (version 6, whose pages are not compressed) bytes of the
# events changed at random places, so that the graph printing meets impossible depths,
# functions and times, and returns that are too short.
rg_f=$vm_out/graph-depth-v6.dat
if [ -s "$rg_f" ]; then
	rg_size=$(wc -c < "$rg_f")
	rg_data=$("$TQ" dump --flyrecord -i "$rg_f" | awk '/offset, size of cpu/ { print $1; exit }')
	for rg_cut in $((rg_size - 4096 - 100)) $((rg_size - 2000)) $((rg_size - 1)); do
		head -c "$rg_cut" "$rg_f" > "$rg_dir/cut.dat"
		run_damaged "graph-depth-v6 truncated to $rg_cut bytes" "$rg_dir/cut.dat" 1
	done
	for rg_seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
		cp "$rg_f" "$rg_dir/flip.dat"
		awk -v seed="$rg_seed" -v from="$rg_data" -v n="$((rg_size - rg_data))" \
			'BEGIN { srand(seed); for (i = 0; i < 12; i++)
				printf "%d %03o\n", from + 16 + int(rand() * (n - 16)), int(rand() * 256) }' |
		while read -r rg_at rg_byte; do
			poke "$rg_dir/flip.dat" "$rg_at" "$rg_byte"
		done
		run_damaged "graph-depth-v6 with 12 event bytes changed (seed $rg_seed)" \
			"$rg_dir/flip.dat" 0
	done
fi
rg_f=$vm_out/graph-v7.dat
if [ -s "$rg_f" ]; then
	rg_size=$(wc -c < "$rg_f")
	for rg_cut in $((rg_size / 2)) $((rg_size - 3000)) $((rg_size - 1)); do
		head -c "$rg_cut" "$rg_f" > "$rg_dir/cut.dat"
		run_damaged "graph-v7 truncated to $rg_cut bytes" "$rg_dir/cut.dat" 1
	done
fi
same_as_guest "$rg_dir/graph-v7.tq" "$vm_out/graph-v7.guest-report" "graph-v7"
