#!/bin/sh
# trace-cmd report's -r/-n (raw fields / no plugin handler for the events a regex names),
# --ts-check and -V[LEVEL], run by trace-cmd and by tq on the same files.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
have_trace_cmd || skip_all "trace-cmd is not installed"

d=$(scratch_dir)
fixture v6.dat >/dev/null
fixture v7-zstd.dat >/dev/null
fixture v7-none.dat >/dev/null
cd "$d" || exit 1

trace-cmd report -i v7-zstd.dat >plain 2>/dev/null
trace-cmd report -r sched_switch -i v7-zstd.dat >raw 2>/dev/null
cmp -s plain raw
ok $((! $?)) "-r changes trace-cmd's output of this file (the comparisons below mean something)"

compare "-r sched_switch" -r sched_switch -i v7-zstd.dat
compare "-n sched_switch" -n sched_switch -i v7-zstd.dat
compare "-r by system, any case" -r SCHED -i v7-zstd.dat
compare "-n by system" -n sched -i v6.dat
compare "-r regex" -r 'sys_enter.*' -i v6.dat
compare "-n and -r" -n sched_wakeup -r sched_switch -i v7-zstd.dat
compare "-r twice, with -t" -r sched_switch -r sched_waking -t -i v7-zstd.dat
compare "-r, two files" -r sched_switch -i v7-zstd.dat -i v6.dat
compare "-n, latency format" -n sched_switch -l -i v6.dat
compare "-r of no event" -r no_such_event -i v6.dat

run_tq report -r '[' -i v6.dat
is "$rc" 2 "-r with a bad regex: usage error"
like "$err" "'\\[' is not a regular expression" "... that names it"

# --ts-check: a copy of v7-none.dat whose second CPU 0 page starts 1 ms before its first
cp v7-none.dat back.dat
_p1=5840896
_t1=$(od -An -tu8 -j $_p1 -N8 back.dat | tr -d ' ')
python3 -c "
import struct, sys
with open('back.dat', 'r+b') as f:
    f.seek($_p1 + 4096)
    f.write(struct.pack('<Q', $_t1 - 1000000))
"
trace-cmd report --ts-check -i back.dat >want 2>want.err
"$TQ" report --ts-check -i back.dat >got 2>got.err
diff_ok got want "--ts-check: the events as trace-cmd shows them"
want_w=$(sed -n 's/^  WARNING: Record/record/p' want.err)
got_w=$(sed -n 's/^tq: report: warning: //p' got.err)
[ -n "$want_w" ]
ok $? "trace-cmd warns about the time going back"
is "$got_w" "$want_w" "--ts-check: tq warns as trace-cmd does"
run_tq report --ts-check -i v7-none.dat
is "$err" "" "--ts-check: nothing to say about a file whose times only go forward"
run_tq report -q --ts-check -i back.dat
is "$err" "" "--ts-check -q: quiet, as trace-cmd"
compare "--ts-check --cpu 1 (the CPU that is in order)" --ts-check --cpu 1 -i back.dat

# -V: libtracecmd's "version =" and libtraceevent's plugin lines. Which handler
# libtraceevent says it overrides, and when, follows tq's own order: left out here.
# compare_v DESCRIPTION ARGS...
compare_v() {
	_desc=$1
	shift
	trace-cmd report "$@" 2>/dev/null | grep -v -e '^overriding event' \
		-e '^removing override' >want
	"$TQ" report "$@" 2>err | grep -v -e '^overriding event' -e '^removing override' >got
	sanitizer_clean err || diag "$(head -5 err)"
	diff_ok got want "$_desc"
}
compare_v "-V" -V -i v6.dat
compare_v "-V, two files" -V -i v6.dat -i v7-zstd.dat
compare_v "--verbose=info" --verbose=info -i v7-zstd.dat
compare_v "-V4" -V4 -i v7-zstd.dat
compare "-V0" -V0 -i v7-zstd.dat
compare "-V1 -t" -V1 -t -i v6.dat
compare_v "-V alone, the file after it" -V v6.dat
run_tq report -Vx -i v6.dat
is "$rc" 2 "-V with a bad level: usage error"
like "$err" "invalid verbose level 'x'" "... that names it"

done_testing
