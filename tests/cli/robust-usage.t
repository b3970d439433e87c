#!/bin/sh
# Issue 15, defect 8: command lines that were accepted but wrong are refused clearly.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
[ -f "$T/README" ] || skip_all "the tracefs fixture does not unpack"

run_tq --version extra
is "$rc" 2 "--version with a word after it is a usage error"
like "$err" "'--version' takes nothing after it, not 'extra'" "... naming the word"
is "$out" "" "... printing no version"
run_tq --version
is "$rc" 0 "--version alone still prints the version"

q='SELECT e.next_pid, e.TIMESTAMP_USECS - s.TIMESTAMP_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid'
for bad in ',,,' ',next_pid' 'next_pid,' 'next_pid,,prev_pid'; do
	run_tq sql -t "$T" -m lat -S "$bad" "$q"
	is "$rc" 1 "-S '$bad' is refused"
	like "$err" "-S '$bad': an empty field name" "... as having an empty name"
	unlike "$out" 'save\(' "... printing no save()"
done
run_tq sql -t "$T" -m lat -S next_pid "$q"
is "$rc" 0 "-S with one field is taken"
like "$out" 'save\(next_pid\)' "... into save()"

run_tq sql -t "$T" -n '' "$q"
is "$rc" 1 "an empty -n is refused"
like "$err" "'' is not a valid event name" "... as no event name"

for d in /etc/hostname /nonexistent-tq-dir; do
	run_tq --tracefs "$d" probe add --print synth s 'u64 a'
	is "$rc" 1 "--tracefs $d is refused in print mode"
	like "$err" "'$d' is not a tracefs directory" "... saying why"
done
done_testing
