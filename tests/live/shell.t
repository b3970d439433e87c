#!/bin/sh
# tq shell on the host's live tracefs: \l and \d describe the running kernel, completion
# stays quick with its thousands of events, and nothing is left changed. This kernel has
# no hist triggers: a histogram statement must say so (exit 3) and change nothing.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
require_root_tracefs

before=$(tracefs_state)
dir=$(scratch_dir)
shell() { printf '%s\n' "$@" >"$dir/in.sql"; run_tq shell -d 0.05 -f "$dir/in.sql"; }

shell '\l'
is "$rc" 0 "\\l on the live tracefs"
is "$(printf '%s\n' "$out" | wc -l)" "$(sort -u "$TRACEFS/available_events" | wc -l)" \
	"\\l lists every event in available_events"
is "$(printf '%s\n' "$out" | grep -c '^[a-z0-9_]*\.[A-Za-z0-9_]*$')" \
	"$(printf '%s\n' "$out" | wc -l)" "each as system.event"

shell '\l sched_sw'
is "$out" "$(grep '^sched:sched_sw' "$TRACEFS/available_events" | tr : . | sort)" \
	"\\l PATTERN on the live kernel"

fmt=$TRACEFS/events/sched/sched_switch/format
shell '\d sched.sched_switch'
is "$rc" 0 "\\d on the live tracefs"
is "$(printf '%s\n' "$out" | head -1)" "sched.sched_switch (id $(sed -n 's/^ID: //p' "$fmt"))" \
	"\\d names the event and its id"
missing=""
for f in $(sed -n 's/.*field:[^;]* \([a-z_]*\)\(\[[0-9]*\]\)\{0,1\};.*/\1/p' "$fmt"); do
	off=$(grep "[ *]$f\(\[[0-9]*\]\)\{0,1\};" "$fmt" | sed -n 's/.*offset:\([0-9]*\);.*/\1/p')
	printf '%s\n' "$out" | grep -Eq "^  $f +.* $off +[0-9]+  (yes|no)$" || missing="$missing $f"
done
is "$missing" "" "every field of the format, at its offset"
is "$(printf '%s\n' "$out" | tail -1)" "$(grep '^print fmt: ' "$fmt")" "and the print fmt"

shell '\d syscalls:sys_enter_openat'
like "$out" '^  filename ' "\\d with system:event (a syscall's argument)"

# completion over every event, timed
start=$(date +%s%N)
run_tq shell --complete 'SELECT * FROM '
ms=$((($(date +%s%N) - start) / 1000000))
n=$(printf '%s\n' "$out" | grep -vc '\.$')
is "$n" "$(cut -d: -f2 "$TRACEFS/available_events" | sort -u | wc -l)" \
	"after FROM Tab offers every event name"
diag "completing one of $n events took ${ms} ms (sanitizer build included)"
[ "$ms" -lt 3000 ]
ok $? "completion over all events is quick (${ms} ms)"
run_tq shell --complete 'SELECT x FROM sched_switch AS s WHERE s.next_'
is "$out" "$(printf 's.next_comm\ns.next_pid\ns.next_prio')" "fields of the live format"

# a histogram needs hist triggers, which this kernel lacks
shell 'SELECT common_pid, count(*) FROM sched_switch;' '\l sched_switch'
if grep -q 'hist trigger' "$TRACEFS/README"; then
	skip "this kernel has hist triggers"
	skip "this kernel has hist triggers"
else
	is "$rc" 3 "a histogram on a kernel without hist triggers: exit 3"
	like "$err" "no hist triggers" "and says so"
fi
is "$(tracefs_state)" "$before" "tracefs is as it was"

done_testing
