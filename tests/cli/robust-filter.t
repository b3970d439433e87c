#!/bin/sh
# Issue 15, defect 8: libtraceevent reads a name in a filter that is no field of the event as
# FALSE, without a word ("sched_switch: nosuchfield == 1" hid every event and exited 0).
# tq checks the names against the event formats: report against the file's, set/record
# against the tracefs'.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
S=$(scratch_dir)
xz -dc "$TQ_SRCDIR/tests/report/fixtures/v7-none.dat.xz" > "$S/t.dat"

run_tq report -i "$S/t.dat" -F 'sched_switch: nosuchfield == 1'
is "$rc" 2 "report: an unknown field in -F is a usage error"
like "$err" "bad filter: sched:sched_switch has no field 'nosuchfield' at byte 15" \
	"... naming the field, the event and the byte"
like "$err" "
  sched_switch: nosuchfield == 1
                \\^" "... with a caret under it"
like "$err" "the fields of sched:sched_switch: prev_comm prev_pid prev_prio prev_state next_comm next_pid next_prio, the common_\\* ones, COMM and CPU" \
	"... and the event's fields"
is "$out" "" "... and nothing is printed"

run_tq report -i "$S/t.dat" -F 'sched_switch: prev_pid > 0 && next_prioo < 100'
is "$rc" 2 "report: a misspelt field after a good one"
like "$err" "has no field 'next_prioo' \\(did you mean 'next_prio'\\?\\) at byte 31" \
	"... the nearest field is suggested"

run_tq report -i "$S/t.dat" -F 'sched_switch,sched_wakeup: pid == 1'
is "$rc" 2 "report: a field one of the listed events lacks"
like "$err" "sched:sched_switch has no field 'pid'" "... names that event"

run_tq report -i "$S/t.dat" -F 'sched/sched_w.*: nope > 2'
is "$rc" 2 "report: a field none of a pattern's events has"
like "$err" "none of the [0-9]+ events 'sched/sched_w.\\*' names has a field 'nope'" \
	"... names the pattern"

# what libtraceevent does accept: fields, common fields, COMM and CPU, strings, numbers,
# and a pattern whose events have the field between them
for f in 'sched_switch: prev_pid == 0' 'sched_switch: common_pid >= 0 && CPU < 64' \
	'sched_switch: COMM != "no such" || prev_comm ~ "swap*"' 'sched/sched_w.*: pid > 0' \
	'sched_switch: prev_state & 0x1' 'sched_switch' "sched_switch: prev_comm == 'x y'"; do
	run_tq report -i "$S/t.dat" -F "$f"
	is "$rc" 0 "report -F '$f' is accepted"
done

# set/record: the tracefs' formats
run_tq --tracefs "$T" set -e sched_switch -f 'nosuchfield == 1' --print
is "$rc" 1 "set: an unknown field in -f is refused"
like "$err" "bad filter: sched/sched_switch has no field 'nosuchfield' at byte 1" \
	"... naming the field and the event"
like "$err" "'tq list -e \"\\^sched:sched_switch\\$\" -F' shows its fields" \
	"... and where to see its fields"
is "$out" "" "... and nothing is printed"
run_tq --tracefs "$T" set -e sched_switch -f 'prev_pid > 0 && next_pidd == 1' --print
like "$err" "no field 'next_pidd' \\(did you mean 'next_pid'\\?\\) at byte 17" \
	"set: the nearest field and the place"
run_tq --tracefs "$T" set -e sched -f 'bogus > 1' --print
is "$rc" 1 "set: a system filter none of whose events has the field"
run_tq --tracefs "$T" set -e sched -f 'prev_pid > 0' --print
is "$rc" 0 "set: a system filter that some events take is still written there"
done_testing
