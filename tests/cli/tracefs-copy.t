#!/bin/sh
# --tracefs-copy DIR: config commands checked against a saved copy of a device's tracefs
# print the device's paths (/sys/kernel/tracing/...), as 'tq sql -t DIR' does; applying
# to a copy is refused. --tracefs DIR still prints DIR's paths.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
mkdir -p "$T/options" "$T/instances"
echo 1 > "$T/options/function-trace"
R=/sys/kernel/tracing
unset TQ_TRACEFS

run_tq --tracefs-copy "$T" set --print -e sched:sched_switch -f 'prev_pid > 0'
is "$rc" 0 "set --print against a copy exits 0"
is "$out" "echo 'prev_pid > 0' > $R/events/sched/sched_switch/filter
echo 1 > $R/events/sched/sched_switch/enable" "and prints the device's paths"

run_tq "--tracefs-copy=$T" start --print -d -e sched -v -e sched_switch
is "$out" "echo 0 > $R/options/function-trace
echo 1 > $R/events/sched/enable
echo 0 > $R/events/sched/sched_switch/enable
echo 1 > $R/tracing_on" "--tracefs-copy=DIR; start -d and -v as trace-cmd has them"

run_tq --tracefs-copy "$T" set --print -p function -l vfs_read --module ext4 -l ext4_*
is "$out" "echo 'vfs_read ext4_*:mod:ext4' > $R/set_ftrace_filter
echo function > $R/current_tracer" "the function tracer a copy has; --module qualifies -l"

run_tq --tracefs-copy "$T" set --print -P 1 -e sched_switch
like "$out" "^echo 1 > $R/set_event_pid" "-P checks no process on a copy (another machine's)"

run_tq --tracefs-copy "$T" reset --print
like "$out" "$R/" "reset --print names the device's paths"
unlike "$out" "$T" "and never the copy's"

run_tq --tracefs-copy "$T" set -e sched:sched_switch
is "$rc" 2 "applying to a copy is a usage error"
like "$err" "takes --print only" "that says --print"
is "$(cat "$T/events/sched/sched_switch/enable")" "0" "and the copy is untouched"

run_tq --tracefs-copy "$T" set --print -e no_such_event_x
is "$rc" 1 "a missing event of the copy is an error"
like "$err" "no_such_event_x" "naming it"

run_tq --tracefs "$T" set --print -e sched:sched_switch
is "$out" "echo 1 > $T/events/sched/sched_switch/enable" "--tracefs DIR prints DIR's paths"

run_tq --tracefs-copy
is "$rc" 2 "--tracefs-copy without a directory is a usage error"

run_tq --tracefs-copy "$T" sql 'SELECT count(*) FROM sched_switch'
sql_out=$out
run_tq sql -t "$T" 'SELECT count(*) FROM sched_switch'
is "$sql_out" "$out" "tq --tracefs-copy DIR sql is tq sql -t DIR"
done_testing
