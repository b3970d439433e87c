#!/bin/sh
# tq extract saves what the top buffer holds (a trace_marker write here, which changes no
# setting) and consumes it; trace-cmd and libtracecmd read the file.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
[ "$(cat "$TRACEFS/tracing_on")" = 1 ] || skip_all "tracing is off in the top buffer"
plan 16
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)
mark="tq-extract-test-$$"

echo "$mark one" >"$TRACEFS/trace_marker"
echo "$mark two" >"$TRACEFS/trace_marker"
run_tq extract -o "$d/x.dat"
is "$rc" 0 "extract exits 0"
is "$(ls "$d")" "x.dat" "only the trace.dat is left"
is "$($TQ report -i "$d/x.dat" 2>/dev/null | grep -c "print: .*$mark")" 2 "both markers are in the file"
if have_trace_cmd; then
	is "$(trace-cmd report -i "$d/x.dat" 2>/dev/null | grep -c "$mark")" 2 \
		"trace-cmd reads them too"
else
	skip "trace-cmd is not installed"
fi
if [ -n "$TCREAD" ]; then
	like "$("$TCREAD" "$d/x.dat" 2>/dev/null | grep -c 'ftrace:print')" '^[1-9]' \
		"libtracecmd iterates the markers"
else
	skip "libtracecmd-dev is not installed"
fi
run_tq extract --file-version 6 -o "$d/y.dat"
is "$rc" 0 "a second extract (v6) exits 0"
is "$($TQ report -i "$d/y.dat" 2>/dev/null | grep -c "$mark")" 0 "the first extract consumed the markers"
is "$(tracefs_state)" "$before" "no setting changed"
run_tq extract -B no_such_instance_tq -o "$d/z.dat"
like "$err" "no instance 'no_such_instance_tq'" "an unknown instance is an error"

# --from: the per-CPU files a killed record left (here: pages trace-cmd recorded)
mkdir -p "$d/fx"
tar -xzf "$TQ_SRCDIR/tests/record/fixtures/sample-pages.tar.gz" -C "$d/fx" ./cpu0.raw ./cpu1.raw
mv "$d/fx/cpu0.raw" "$d/killed.dat.cpu0"
mv "$d/fx/cpu1.raw" "$d/killed.dat.cpu1"
run_tq extract --from "$d/killed.dat"
is "$rc" 0 "extract --from exits 0"
is "$($TQ report -i "$d/killed.dat" 2>/dev/null | grep -c '\[00[01]\]')" 3762 \
	"--from: every event of the per-CPU files is in the rebuilt trace.dat"
is "$(ls "$d"/killed.dat.cpu* | wc -l | tr -d ' ')" 2 "--from keeps the per-CPU files"

# the start / stop / extract workflow, in an instance so that the top buffer is left alone
run_tq start -B tqextract -e sched:sched_process_exec
is "$rc" 0 "tq start in an instance"
# a program of our own, so that nobody else's execs count
cp /bin/true "$d/tq-extract-true"
"$d/tq-extract-true"
"$d/tq-extract-true"
run_tq stop -B tqextract
run_tq extract --no-top -B tqextract -o "$d/w.dat"
is "$rc" 0 "extract of the instance exits 0"
is "$($TQ report -i "$d/w.dat" 2>/dev/null | grep -c "^tqextract: .*filename=$d/tq-extract-true")" 2 \
	"the instance's events are in the file"
echo 0 >"$TRACEFS/instances/tqextract/events/sched/sched_process_exec/enable"
rmdir "$TRACEFS/instances/tqextract"
is "$(tracefs_state)" "$before" "after removing the test's instance, tracefs is as before"
