#!/bin/sh
# Bad flags are usage errors (exit 2) before tracefs is touched; a bad event is an error
# that leaves tracefs and the output directory as they were.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
plan 38
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
	i=0
	while [ $i -lt 26 ]; do skip "needs root and the host tracefs"; i=$((i + 1)); done
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

# A command that cannot be started is an error, not a recording: a missing one is found
# before tracefs is touched (the buffer still holds a marker written before), one that
# exec refuses (a missing #! interpreter) ends the recording; no file either way.
if [ "$(cat "$TRACEFS/tracing_on")" = 1 ]; then
	echo tq-errors-t-marker >"$TRACEFS/trace_marker"
fi
for cmd in /nonexistent/cmd tq-no-such-command; do
	run_tq record -e sched:sched_process_exec -o "$d/x.dat" -- "$cmd" arg
	is "$rc" 1 "'$cmd': exit 1"
	is "$err" "tq: record: cannot run '$cmd': No such file or directory" \
		"...naming the command and the errno"
	is "$(tracefs_state)" "$before" "...tracefs is as before"
	is "$(ls -A "$d")" "" "...no file"
done
if [ "$(cat "$TRACEFS/tracing_on")" = 1 ]; then
	is "$(grep -c tq-errors-t-marker "$TRACEFS/trace")" 1 \
		"a missing command fails before tracefs is changed (the buffer was not emptied)"
else
	skip "tracing_on is 0: no marker to look for"
fi
printf '#!/nonexistent/interpreter\n' >"$_tq_tmp/badinterp"
chmod +x "$_tq_tmp/badinterp"
run_tq record -e sched:sched_process_exec -o "$d/x.dat" -- "$_tq_tmp/badinterp"
is "$rc" 1 "a command exec refuses: exit 1"
bad="cannot run '$_tq_tmp/badinterp': No such file or directory (is its interpreter missing?)"
is "$err" "tq: record: $bad" "...naming the command and the errno"
is "$(tracefs_state)" "$before" "...tracefs is as before"
is "$(ls -A "$d")" "" "...no file, no per-CPU files"
run_tq record -e sched:sched_process_exec -o "$d/x.dat" -- "$_tq_tmp"
is "$rc:$err" "1:tq: record: cannot run '$_tq_tmp': Permission denied" "a directory: exit 1, EACCES"
run_tq stream -e sched:sched_process_exec -- /nonexistent/cmd
is "$rc:$err" "1:tq: stream: cannot run '/nonexistent/cmd': No such file or directory" \
	"stream: a missing command is an error too"
is "$(tracefs_state)" "$before" "...tracefs is as before"

# A command that ran and failed was recorded: as trace-cmd, the file is written and tq
# exits 0, with a warning
run_tq record -q -F -e sched:sched_process_exec -o "$d/f.dat" -- sh -c 'exit 3'
is "$rc" 0 "a command exiting 3: exit 0"
like "$err" "^tq: record: warning: 'sh' exited with status 3\$" "...with a warning saying so"
run_tq report -i "$d/f.dat"
is "$rc:$(printf '%s\n' "$out" | grep -c 'sched_process_exec:')" 0:1 \
	"...and its file holds the recording (the command's exec)"
run_tq record -q -e sched:sched_process_exec -o "$d/f.dat" -- sh -c 'kill -TERM $$'
is "$rc:$err" "0:tq: record: warning: 'sh' was killed by signal 15 (Terminated)" \
	"a command killed by a signal: exit 0, a warning"
is "$(tracefs_state)" "$before" "tracefs is as before"
