#!/bin/sh
# tq's own report options: --json, -F/-v filters (trace-cmd 3.1.6 ignores a -F after the only -i,
# so these are checked against the default output), usage errors.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
fixture v7-zstd.dat >/dev/null
fixture v7-instance.dat >/dev/null
fixture v7-zstd.report.txt >/dev/null

run_tq report --json -i v7-zstd.dat
is "$rc" 0 "--json exits 0"
is "$(printf '%s\n' "$out" | wc -l)" "$(($(wc -l <v7-zstd.report.txt) - 1))" \
	"--json: one line per event"
like "$(printf '%s\n' "$out" | head -1)" \
	'^\{"file":"v7-zstd.dat","buffer":"","cpu":0,"ts":1708388868704,"pid":9783,"comm":"sleep","system":"syscalls","event":"sys_exit_write","fields":\{"__syscall_nr":1,"ret":1\}\}$' \
	"--json: first event, fields typed"
like "$out" '"event":"sched_switch","fields":\{"prev_comm":"[^"]*","prev_pid":[0-9]+,' \
	"--json: strings and numbers in sched_switch"
if command -v python3 >/dev/null; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
for l in sys.stdin: json.loads(l)'
	ok $? "--json: every line parses as JSON"
else
	skip "python3 is not installed"
fi
run_tq report --json -i v7-instance.dat
like "$out" '"buffer":"inst1"' "--json: instance named"

run_tq report -F sched_switch -i v7-zstd.dat
is "$rc" 0 "-F exits 0"
is "$(printf '%s\n' "$out" | sed 1d | grep -vc ' sched_switch: ')" 0 "-F: only sched_switch"
is "$(printf '%s\n' "$out" | sed 1d | wc -l)" "$(grep -c ' sched_switch: ' v7-zstd.report.txt)" \
	"-F: every sched_switch"
run_tq report -F sched -v -F sched_switch -i v7-zstd.dat
is "$(printf '%s\n' "$out" | sed 1d | grep -c -e ' sched_switch: ' -e ' sys_')" 0 \
	"-v negates only the -F after it"
is "$(printf '%s\n' "$out" | sed 1d | wc -l)" \
	"$(grep ' sched_' v7-zstd.report.txt | grep -vc ' sched_switch: ')" "-F sched -v -F sched_switch"
run_tq report -F 'sched_switch: prev_pid == 0' -i v7-zstd.dat
is "$(printf '%s\n' "$out" | sed 1d | grep -vc 'swapper/0:0 \[120\] R ==>\|swapper/1:0 \[120\] R ==>')" 0 \
	"-F with a condition"
run_tq report -v -F sched_switch -i v7-zstd.dat
is "$(printf '%s\n' "$out" | grep -c ' sched_switch: ')" 0 "-v -F: no sched_switch"
is "$(printf '%s\n' "$out" | wc -l)" \
	"$(($(wc -l <v7-zstd.report.txt) - $(grep -c ' sched_switch: ' v7-zstd.report.txt)))" \
	"-v -F: everything else"
for f in 'nosuchevent' 'sched_switch: (prev_pid == 0' 'sched_switch: prev_pid == 0)' \
	'sched_switch: prev_comm == "x'; do
	run_tq report -F "$f" -i v7-zstd.dat
	[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]
	ok $? "bad filter '$f': refused"
	like "$err" "^tq: report: bad filter" "bad filter '$f': message"
done
run_tq report --cpu 1-x -i v7-zstd.dat
is "$rc" 2 "bad CPU list: exit 2"
run_tq report --slow -i v7-zstd.dat
printf '%s\n' "$out" >slow.txt
diff_ok slow.txt v7-zstd.report.txt "--slow (libtraceevent only) gives the same text"
# -O: trace-cmd's printing options; on a file without graph or function events they
# change nothing, and an option that does not exist is a usage error that lists them
run_tq report -O fgraph:tailprint -O depth=1 -O ftrace:parent=0 -i v7-zstd.dat
printf '%s\n' "$out" >opts.txt
diff_ok opts.txt v7-zstd.report.txt "-O options change nothing without graph events"
for o in nosuch ftrace:nosuch fgraph: :depth =1 sched:parent; do
	run_tq report -O "$o" -i v7-zstd.dat
	is "$rc" 2 "-O '$o': exit 2"
	like "$err" "^tq: report: -O '$o': no such plugin option; known: fgraph:tailprint, fgraph:depth, ftrace:parent, ftrace:indent, ftrace:offset" \
		"-O '$o': says so and lists the options"
done
run_tq report -O fgraph:depth=2 -i v7-zstd.dat
is "$rc" 2 "-O with a value that is not 1 or 0: exit 2"
like "$err" "^tq: report: -O 'fgraph:depth=2': '2' is not a value for this option: give 1 or 0" \
	"-O with a bad value: says which values there are"
is "$out" "" "-O with a bad value: nothing printed"
for hz in 0 -5 1k 99999999999999999999; do
	run_tq report --ts2secs "$hz" -i v7-zstd.dat
	is "$rc" 2 "--ts2secs $hz: exit 2"
	like "$err" "^tq: report: --ts2secs takes the timestamps' frequency per second, not '$hz'" \
		"--ts2secs $hz: says what it takes"
done
run_tq report
is "$rc" 1 "no trace.dat here: exit 1"
like "$err" "trace.dat" "no trace.dat here: named"
done_testing
