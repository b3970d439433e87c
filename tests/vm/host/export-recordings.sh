# Host side of the VM case export-recordings, sourced by tests/vm/vm.t with $vm_out holding
# files tq recorded in the guest on Debian's kernel: the function tracer with a kprobe and
# sched events, function_graph, and kernel stack traces. Each goes through the readers the
# export and picture outputs are for: babeltrace2 (CTF, every event and field compared
# through python3-bt2 with tq report --json), Perfetto's trace_processor (perfetto and
# chrome-json), and the flame graph checked against the numbers of tq report's text and
# drawn through xmllint and rsvg-convert.
. "$TQ_SRCDIR/tests/report/report-lib.sh"
ex_dir=$(scratch_dir)/export-vm
mkdir -p "$ex_dir"
ex_tp=${TQ_TRACE_PROCESSOR:-$HOME/.cache/tq/trace-processor}
ex_have_tp=no
if "$TQ_SRCDIR/scripts/trace-processor/fetch" "$ex_tp" >"$ex_dir/fetch.out" 2>&1; then
	ex_have_tp=yes
fi

# ex_ctf NAME: CTF of $vm_out/NAME.dat read by babeltrace2 and compared event by event
ex_ctf() {
	ex_f=$vm_out/$1.dat
	rm -rf "$ex_dir/$1.ctf"
	"$TQ" convert -i "$ex_f" --to ctf -o "$ex_dir/$1.ctf" >"$ex_dir/out" 2>"$ex_dir/err"
	ok $? "$1: convert --to ctf"
	sed 's/^/# /' "$ex_dir/err" | head -5
	if ! command -v babeltrace2 >/dev/null || ! /usr/bin/python3 -c 'import bt2' 2>/dev/null
	then
		skip "$1: babeltrace2 or python3-bt2 is not installed (scripts/install-deps)"
		return
	fi
	babeltrace2 "$ex_dir/$1.ctf" >"$ex_dir/bt.out" 2>"$ex_dir/bt.err"
	[ $? -eq 0 ] && [ ! -s "$ex_dir/bt.err" ]
	ok $? "$1: babeltrace2 reads it without a warning ($(wc -l <"$ex_dir/bt.out") events)"
	head -3 "$ex_dir/bt.err" | sed 's/^/# /'
	"$TQ" report -i "$ex_f" --json >"$ex_dir/$1.json" 2>/dev/null
	/usr/bin/python3 "$TQ_SRCDIR/tests/export/ctf-compare.py" "$ex_dir/$1.ctf" \
		"$ex_dir/$1.json" >"$ex_dir/cmp" 2>&1
	ok $? "$1: every event and field as tq report has them ($(tail -1 "$ex_dir/cmp"))"
	sed '$d; s/^/# /' "$ex_dir/cmp" | head -10
}

# ex_tp NAME FORMAT: trace_processor reads the FORMAT conversion as tq reads the file
ex_tp() {
	if [ $ex_have_tp != yes ]; then
		skip "$1: trace_processor could not be fetched: $(tail -1 "$ex_dir/fetch.out")"
		return
	fi
	ex_count="select count(*) n from slice"
	[ "$2" = perfetto ] && ex_count="select count(*) n from ftrace_event"
	"$TQ" convert -i "$vm_out/$1.dat" --to "$2" -o "$ex_dir/$1.$2" --force 2>"$ex_dir/err" &&
	node "$TQ_SRCDIR/scripts/trace-processor/tp-query.mjs" "$ex_tp" "$ex_dir/$1.$2" \
		"select cpu, count(*) n from sched group by cpu" \
		"select name, value from stats where value > 0 and severity in ('error', 'data_loss')" \
		"select tid, name from thread" "$ex_count" >"$ex_dir/tp.out" 2>"$ex_dir/tp.err" &&
	python3 "$TQ_SRCDIR/tests/export/tp-check.py" "$2" "$ex_dir/$1.json" "$ex_dir/tp.out" \
		>"$ex_dir/res" 2>&1
	ok $? "$1: trace_processor reads the $2 as tq reads the file ($(tail -1 "$ex_dir/res"))"
	cat "$ex_dir/err" "$ex_dir/tp.err" 2>/dev/null | head -5 | sed 's/^/# /'
	sed '$d; s/^/# /' "$ex_dir/res" | head -10
}

# ex_svg NAME DESCRIPTION: $ex_dir/NAME.svg is well-formed XML that rsvg-convert renders
ex_svg() {
	if command -v xmllint >/dev/null && command -v rsvg-convert >/dev/null; then
		xmllint --noout "$ex_dir/$1.svg" && rsvg-convert -o "$ex_dir/$1.png" "$ex_dir/$1.svg"
		ok $? "$2"
	else
		skip "xmllint or rsvg-convert is not installed (scripts/install-deps)"
	fi
}

ex_missing=""
for ex_name in function-kprobe graph stacks; do
	[ -s "$vm_out/$ex_name.dat" ] || ex_missing="$ex_missing $ex_name"
done
ok "$([ -z "$ex_missing" ] && echo 0 || echo 1)" \
	"export-recordings: the case's files came out of the guest${ex_missing:+ (missing:$ex_missing)}"
if [ -z "$ex_missing" ]; then
	for ex_name in function-kprobe graph stacks; do
		ex_ctf $ex_name
	done
	ex_tp function-kprobe perfetto
	ex_tp function-kprobe systrace
	ex_tp graph chrome-json

	# Flame graph of the kernel stacks: one sample a stack trace, the same stacks as
	# the report's text collapsed by awk.
	"$TQ" report -i "$vm_out/stacks.dat" >"$ex_dir/stacks.txt" 2>/dev/null
	"$TQ" report --folded "$vm_out/stacks.dat" >"$ex_dir/stacks.folded" 2>"$ex_dir/err"
	ok $? "stacks: --folded"
	awk -f "$TQ_SRCDIR/tests/pictures/collapse.awk" "$ex_dir/stacks.txt" | LC_ALL=C sort \
		>"$ex_dir/stacks.awk"
	cmp -s "$ex_dir/stacks.awk" "$ex_dir/stacks.folded"
	ok $? "stacks: the report's text collapsed by awk gives the same stacks and counts"
	# failed once in about twenty runs: show how, with the report around the stacks
	if ! cmp -s "$ex_dir/stacks.awk" "$ex_dir/stacks.folded"; then
		diff "$ex_dir/stacks.awk" "$ex_dir/stacks.folded" | head -20 | sed 's/^/# /'
		grep -v '^=> ' "$ex_dir/stacks.txt" | head -40 | sed 's/^/# /'
	fi
	is "$(awk '{ s += $NF } END { print s }' "$ex_dir/stacks.folded")" \
		"$(grep -c ': kernel_stack: ' "$ex_dir/stacks.txt")" \
		"stacks: the samples add up to the stack traces"

	# Flame graph of function_graph: each task's total is the time its outermost calls
	# took (funcgraph_exit at depth 0, rettime - calltime), as the report's JSON says.
	"$TQ" report --folded "$vm_out/graph.dat" >"$ex_dir/graph.folded" 2>"$ex_dir/err"
	ok $? "graph: --folded"
	ex_want=$(grep '"event":"funcgraph_exit"' "$ex_dir/graph.json" |
		sed -n 's/.*"comm":"\([^"]*\)".*"depth":0,.*"calltime":\([0-9]*\),"rettime":\([0-9]*\).*/\1 \2 \3/p' |
		awk '{ t[$1] += $3 - $2 } END { for (c in t) print c, t[c] }' | LC_ALL=C sort)
	ex_got=$(awk '{ n = split($0, p, ";"); t[p[1]] += $NF } END { for (c in t) print c, t[c] }' \
		"$ex_dir/graph.folded" | LC_ALL=C sort)
	ok "$([ -n "$ex_got" ] && [ "$ex_got" = "$ex_want" ] && echo 0 || echo 1)" \
		"graph: each task's weight is the time of its outermost calls"
	[ "$ex_got" = "$ex_want" ] || diag "got: $ex_got" "want: $ex_want"
	# cat reads /proc/version by splice, not vfs_read: version_proc_show calls seq_printf,
	# a leaf whose durations the report prints in microseconds
	"$TQ" report -i "$vm_out/graph.dat" >"$ex_dir/graph.txt" 2>/dev/null
	ex_want=$(grep -E '^ *cat-[0-9]+ .*funcgraph_entry: .* us +\| +seq_printf\(\);$' \
		"$ex_dir/graph.txt" | sed 's/.*funcgraph_entry:[ +!#*@$]*\([0-9.]*\) us.*/\1/' |
		awk '{ s += $1 * 1000 } END { printf "%d\n", s + 0.5 }')
	ex_got=$(awk '$1 == "cat;proc_reg_read_iter;seq_read_iter;version_proc_show;seq_printf" \
		{ print $2 }' "$ex_dir/graph.folded")
	ok "$([ "${ex_want:-0}" -gt 0 ] && [ "$ex_got" = "$ex_want" ] && echo 0 || echo 1)" \
		"graph: cat's path to seq_printf weighs its calls' time in the report ($ex_want ns)"
	[ "$ex_got" = "$ex_want" ] || diag "got '$ex_got', want '$ex_want'"
	"$TQ" report --flamegraph "$ex_dir/graph.svg" "$vm_out/graph.dat" 2>"$ex_dir/err"
	ok $? "graph: --flamegraph draws the SVG"
	ex_svg graph "graph: the SVG is well-formed XML that rsvg-convert renders"
fi

# A heat map of the open latency the kprobe and kretprobe recorded: per bucket, its cells
# add up to the histogram of the same query, and the SVG is one rsvg-convert renders.
if [ -z "$ex_missing" ]; then
	ex_q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM tqexp.open AS s
		JOIN tqexp.opened AS e ON s.common_pid = e.common_pid'
	"$TQ" hist -i "$vm_out/function-kprobe.dat" --table "$ex_q" 2>"$ex_dir/err" |
		sed -n 's/^~ 2^\([0-9]*\) *\([0-9]*\)$/\1 \2/p' | sort -n >"$ex_dir/lat.want"
	"$TQ" hist -i "$vm_out/function-kprobe.dat" --heatmap "$ex_dir/lat.svg" --step 0.001 \
		"$ex_q" >/dev/null 2>>"$ex_dir/err"
	ok $? "function-kprobe: --heatmap of the kprobe's open latency"
	sed 's/^/# /' "$ex_dir/err" | head -5
	# each cell's tooltip: "T0-T1 s, 2^K us: N" (time range, bucket, count)
	sed -n 's/.*<rect class="c" .*<title>[^,]*, 2^\([0-9]*\) us: \([0-9]*\).*/\1 \2/p' \
		"$ex_dir/lat.svg" | awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' |
		sort -n >"$ex_dir/lat.got"
	cmp -s "$ex_dir/lat.want" "$ex_dir/lat.got" && [ -s "$ex_dir/lat.got" ]
	ok $? "function-kprobe: the cells of each bucket add up to the histogram's counts"
	cmp -s "$ex_dir/lat.want" "$ex_dir/lat.got" ||
		diag "histogram: $(tr '\n' ' ' <"$ex_dir/lat.want")" \
			"cells: $(tr '\n' ' ' <"$ex_dir/lat.got")"
	ex_svg lat "function-kprobe: the heat map is well-formed XML that rsvg-convert renders"
fi
