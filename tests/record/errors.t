#!/bin/sh
# Bad flags are usage errors (exit 2) before tracefs is touched; a bad event is an error
# that leaves tracefs and the output directory as they were.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
plan 17
d=$(scratch_dir)

run_tq record --file-version 5 -e sched -o "$d/x.dat" -- true
is "$rc" 2 "--file-version 5: usage error"
like "$err" 'unsupported file version 5' "...saying why"
run_tq record --compression lz4 -e sched -o "$d/x.dat" -- true
is "$rc" 2 "--compression lz4: usage error"
like "$err" "unknown compression 'lz4'" "...saying why"
run_tq record -c -e sched -o "$d/x.dat" -- true
is "$rc" 2 "-c without -F: usage error"
run_tq record -F -e sched -o "$d/x.dat"
is "$rc" 2 "-F without a command: usage error"
run_tq record -o "$d/x.dat" -- true
is "$rc" 2 "nothing to record: usage error"
like "$err" 'nothing to record' "...saying why"
run_tq record -d -1 -e sched -o "$d/x.dat"
is "$rc" 2 "negative -d: usage error"
mkdir "$d/adir"
run_tq record -e sched -o "$d/adir" -- true
is "$rc" 2 "-o naming a directory: usage error"
rmdir "$d/adir"
run_tq record -e sched -o '' -- true
is "$rc" 2 "-o '': usage error"
is "$(ls -A "$d")" "" "no file was created by usage errors"

if [ "$(id -u)" -ne 0 ] || [ ! -w "$TRACEFS/tracing_on" ]; then
	skip "needs root and the host tracefs" 5
	i=1
	while [ $i -lt 5 ]; do skip "needs root and the host tracefs"; i=$((i + 1)); done
	exit 0
fi
tracefs_lock
before=$(tracefs_state)
run_tq record -e sched:no_such_event -o "$d/x.dat" -- true
is "$rc" 1 "an unknown event: exit 1"
like "$err" 'no_such_event' "the error names it"
is "$(tracefs_state)" "$before" "tracefs is as before"
is "$(ls -A "$d")" "" "no file was created"
run_tq record -e sched:sched_switch -f 'no_such_field == 1' -o "$d/x.dat" -- true
is "$(tracefs_state)" "$before" "a refused filter leaves tracefs as before (rc $rc)"
