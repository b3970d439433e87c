#!/bin/sh
# tq list and tq show on the host's real tracefs (read only).
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
require_root_tracefs

run_tq list -e 'sched_sw'
is "$rc" 0 "list -e REGEX"
like "$out" '^sched:sched_switch$' "finds sched:sched_switch"
unlike "$out" '^irq:' "and only what matches"
run_tq list -e '^sched:sched_switch$' -F
like "$out" 'field:pid_t next_pid' "-F prints the event's format"
run_tq list -t
like "$out" '^nop$' "list -t has nop"
run_tq list -C
like "$out" '^\[[a-z0-9-]+\]$' "list -C brackets the current clock"
run_tq list -o
like "$out" '^(no)?overwrite$' "list -o shows options as -O takes them"
run_tq list -c
like "$out" '^zstd, [0-9]' "list -c names zstd with its version"
run_tq list --dynamic
ok "$([ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; echo $?)" "list --dynamic works or says the kernel has none"
run_tq list
like "$out" '^tracers:' "plain list shows events, tracers and options"
like "$out" '^options:' "options too"
run_tq list -e '('
is "$rc" 1 "a bad regular expression is an error"
like "$err" "bad regular expression '\\('" "that names it"

# -R and -l show what is set on each event: set a trigger and a filter, then put them back
tracefs_guard
"$TQ" set -e sched:sched_switch -f 'prev_pid > 0' -R 'stacktrace if prev_pid == 999999999' \
	>/dev/null 2>&1
run_tq list -e '^sched:sched_switch$' -l
is "$out" "sched:sched_switch
  filter: prev_pid > 0" "list -e -l shows the event's filter"
run_tq list -e '^sched:sched_switch$' -R
is "$out" "sched:sched_switch
  trigger: stacktrace:unlimited if prev_pid == 999999999" "list -e -R shows its trigger"
run_tq list -e '^sched:sched_wakeup$' -l -R
is "$out" "sched:sched_wakeup" "an event without either shows just its name"
run_tq list -l
like "$out" "^  filter: prev_pid > 0$" "-l alone lists every event with their filters"
"$TQ" reset >/dev/null 2>&1
run_tq list -l -R
unlike "$out" "^  (filter|trigger):" "and reset takes them away again"

run_tq show --clock
like "$out" '\[' "show --clock"
run_tq show -c 99999
is "$rc" 1 "show -c of a CPU that does not exist fails"
like "$err" "no CPU 99999" "and names it"
run_tq show --pipe --snapshot
is "$rc" 2 "two things at once is a usage error"

done_testing
