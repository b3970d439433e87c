#!/bin/sh
# tq sql's command line: where the query comes from, usage errors, and -e on a kernel
# without hist triggers (the host), which must change nothing.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

deb=$(fixture_tracefs debian-6.1-amd64)
TQ_TRACEFS=/sys/kernel/tracing
export TQ_TRACEFS
q='SELECT prev_pid FROM sched_switch'
want='echo hist:keys=prev_pid >> /sys/kernel/tracing/events/sched/sched_switch/trigger'

run_tq sql -t "$deb" $q
is "$out" "$want" "several words are one query"

printf '%s\n' "$q" > "$(scratch_dir)/q.sql"
run_tq sql -t "$deb" -f "$(scratch_dir)/q.sql"
is "$out" "$want" "-f FILE"

out=$(printf '%s\n' "$q" | "$TQ" sql -t "$deb" -f -)
is "$out" "$want" "-f - reads stdin"

run_tq sql -t "$deb"
is "$rc" 2 "no query: usage error"
like "$err" 'no query given' "says so"

run_tq sql -t "$deb" -f "$(scratch_dir)/q.sql" "$q"
is "$rc" 2 "-f and a query: usage error"

run_tq sql -t "$deb" -f /nonexistent/q.sql
is "$rc" 1 "unreadable file"
like "$err" "cannot open '/nonexistent/q.sql'" "names the file"

run_tq sql -t /nonexistent/dir "$q"
is "$rc" 1 "missing -t directory"

run_tq sql -h
is "$rc" 0 "-h"
like "$out" '-m, --max VAR' "lists sqlhist's options"

run_tq sql -t "$deb" -B 'a/b' "$q"
is "$rc" 1 "a bad instance name"

# -e on this machine's kernel, which has no hist triggers: exit 3, nothing written
if [ "$(id -u)" -eq 0 ] && [ -r /sys/kernel/tracing/README ] &&
	! grep -q 'hist trigger' /sys/kernel/tracing/README; then
	before=$(cat /sys/kernel/tracing/events/sched/sched_switch/trigger)
	run_tq sql -t "$deb" -e "$q"
	is "$rc" 3 "-e on a kernel without hist triggers: exit 3"
	like "$err" 'lacks hist triggers' "with the reason"
	is "$(cat /sys/kernel/tracing/events/sched/sched_switch/trigger)" "$before" "nothing written"
	run_tq sql "$q"
	is "$rc" 3 "compiling against the live kernel without hist triggers: exit 3"
else
	skip "needs root and a host kernel without hist triggers"
	skip "needs root and a host kernel without hist triggers"
	skip "needs root and a host kernel without hist triggers"
	skip "needs root and a host kernel without hist triggers"
fi
done_testing
