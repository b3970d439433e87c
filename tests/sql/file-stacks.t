#!/bin/sh
# tq hist -i FILE with STACKTRACE keys, --folded and --flamegraph: the stacks of a file
# recorded with -T, checked against an awk replay of tq report's text (each event's
# stack trace is the next record of its CPU; a hist key holds its first 16 frames), and
# the error paths of the options. As the kernel's hist key, a stack starts below the
# tracepoint's own frames (trace_event_raw_event_*, __traceiter_*).
. "$TQ_SRCDIR/tests/lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
dat=$d/kstacks.dat
xz -dc "$TQ_SRCDIR/tests/pictures/fixtures/kstacks.dat.xz" >"$dat" || skip_all "no fixture"
"$TQ_PLAIN" report -i "$dat" >"$d/report.txt" 2>/dev/null || { ok 1 "tq report"; done_testing; exit; }

# replay EVENT [FIELD]: "root;...;leaf weight" of EVENT's stacks (weight 1, or FIELD=N)
replay() {
	awk -v want="$1:" -v field="${2:-}" \
	    -v tracing='^(trace_event_raw_event_|__traceiter_|__do_trace_|perf_trace_|ftrace_syscall_)' '
	function flush(   p, i) {
		if (cur == "" || owner != want) { cur = ""; return }
		p = ""
		for (s = 0; s < n && s < 8 && fr[s + 1] ~ tracing; s++)
			;
		if (s == n)
			s = 0
		for (i = (n - s > 16 ? 16 : n - s) + s; i > s; i--)
			p = p (p == "" ? "" : ";") fr[i]
		if (n)
			w[p] += field == "" ? 1 : weight
		cur = ""
	}
	/^=> / { if (cur != "") fr[++n] = $2; next }
	{
		flush()
		for (i = 1; i <= NF; i++)
			if ($i ~ /^\[[0-9]+\]$/)
				break
		cpu = $i; ev = $(i + 2)
		if (ev == "kernel_stack:") {
			cur = cpu; owner = last[cpu]; weight = lastw[cpu]; n = 0
			last[cpu] = ""
			next
		}
		last[cpu] = ev; lastw[cpu] = 0
		if (field != "" && match($0, field "=[0-9]+"))
			lastw[cpu] = substr($0, RSTART + length(field) + 1, RLENGTH - length(field) - 1)
	}
	END { flush(); for (p in w) print p, w[p] }' "$d/report.txt" | sort
}

run_tq hist -i "$dat" --folded 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 0 "--folded: exit 0"
is "$(echo "$out" | sort)" "$(replay sched_switch)" \
	"sched_switch's stacks and counts: those of tq report's text"
is "$(echo "$out" | awk '{ s += $NF } END { print s }')" \
	"$(grep -c ' sched_switch: ' "$d/report.txt")" "every sched_switch in one stack"

run_tq hist -i "$dat" --folded --weight runtime \
	'SELECT STACKTRACE, sum(runtime) FROM sched_stat_runtime'
is "$rc" 0 "--folded --weight runtime: exit 0"
is "$(echo "$out" | sort)" "$(replay sched_stat_runtime runtime)" \
	"weighed by sum(runtime): the runtimes of tq report's text, per stack"

# the table shows the same stacks with their offsets, innermost first
run_tq hist -i "$dat" --table 'SELECT STACKTRACE, count(*) FROM sched_switch ORDER BY count(*) DESC LIMIT 1'
like "$out" "^common_stacktrace" "the table's key column is the kernel's name"
like "$out" "^__schedule\\+0x628/0xf60 schedule_idle\\+0x1e/0x40" \
	"frames as %pS: sym+0xoff/0xsize, from the function that hit the tracepoint"

svg=$d/stacks.svg
run_tq hist -i "$dat" --flamegraph "$svg" 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 0 "--flamegraph: exit 0"
like "$out" "hits: 80  entries: 16  dropped: 0" "--flamegraph alone: the table too"
ok "$([ -s "$svg" ] && grep -q '<svg' "$svg"; echo $?)" "--flamegraph writes the SVG"
if command -v xmllint >/dev/null; then
	ok "$(xmllint --noout "$svg" 2>&1 >/dev/null; echo $?)" "the SVG is well-formed XML"
else
	skip "xmllint is not installed"
fi
like "$(cat "$svg")" "schedule_idle" "the SVG names the frames"

# bad input
run_tq hist -i "$dat" --flamegraph '' 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 2 "--flamegraph '': usage error"
run_tq hist -i "$dat" --folded --flame-width 10 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 2 "--flame-width 10: usage error"
like "$err" "give 30 to 100000 pixels" "--flame-width: what to give"
run_tq hist -i "$dat" --weight runtime 'SELECT STACKTRACE, sum(runtime) FROM sched_stat_runtime'
is "$rc" 2 "--weight without --folded: usage error"
run_tq hist -i "$dat" --flamegraph "$d/no/such/dir/x.svg" 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 1 "an unwritable --flamegraph: exit 1"
like "$err" "no/such/dir" "an unwritable --flamegraph: its name"
run_tq hist -i "$dat" --folded 'SELECT STACKTRACE, count(*) FROM sched_switch; SELECT prev_pid, count(*) FROM sched_switch'
is "$rc" 2 "--folded of two histograms: usage error"
run_tq hist -i "$dat" -i "$dat" 'SELECT STACKTRACE, count(*) FROM sched_switch'
is "$rc" 2 "STACKTRACE over two -i files: usage error"
like "$err" "STACKTRACE keys are read from one file at a time" "...saying why"
is "$out" "" "...before counting anything"
run_tq hist --folded --event sched:sched_switch
is "$rc" 2 "--folded --event: usage error"
done_testing
