#!/bin/sh
# What --print emits, run by BusyBox's sh against the real tracefs, must leave tracefs in
# the same state as tq applying the same command itself.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
command -v busybox >/dev/null || skip_all "busybox is not installed (scripts/install-deps)"
require_root_tracefs

tracefs_guard

# compare_print DESCRIPTION tq-arguments...
compare_print() {
	desc=$1
	shift
	# notes go to stderr; the script is stdout alone
	script=$("$TQ" "$@" --print 2>"$_tq_tmp/print.err")
	rc1=$?
	printf '%s\n' "$script" > "$_tq_tmp/script.sh"
	busybox sh "$_tq_tmp/script.sh" > "$_tq_tmp/bb.out" 2>&1
	rc2=$?
	via_busybox=$(tracefs_state)
	restore
	"$TQ" "$@" > "$_tq_tmp/tq.out" 2>&1
	rc3=$?
	via_tq=$(tracefs_state)
	restore
	if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ] || [ $rc3 -ne 0 ]; then
		ok 1 "$desc"
		diag "exit codes: print $rc1, busybox $rc2, tq $rc3" "script:" "$script" \
			"print said:" "$(cat "$_tq_tmp/print.err")"
		diag "busybox said:" "$(cat "$_tq_tmp/bb.out")" "tq said:" "$(cat "$_tq_tmp/tq.out")"
		return
	fi
	if [ "$via_busybox" = "$via_tq" ] && [ "$via_tq" != "$before" ]; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
		diag "script:" "$script" "state via busybox:" "$via_busybox" "state via tq:" "$via_tq"
	fi
}

compare_print "set with a filter holding a quote, and a trigger" \
	set -e sched:sched_switch -f 'prev_comm != "it'"'"'s"' \
	-R 'stacktrace if prev_pid == 999999999'
compare_print "start in a new instance with clock and pid" \
	start -B tqbb -e sched_waking -C global -P 1
compare_print "globs, an option and a cpumask" \
	set -e 'sched:sched_wak*' -O nooverwrite -M 1
compare_print "a whole system with a backslash in its filter" \
	set -e sched -f 'comm ~ "a\\b*"'
compare_print "a whole system with a filter only some of its events take" \
	set -e sched -f 'prev_pid > 0'
compare_print "a glob with a trigger only some of its events take" \
	set -e 'sched:sched_wak*' -R 'stacktrace if prio < 0'
compare_print "start with only an instance" start -B tqbb3 -e sched:sched_switch -O noirq-info

# --tracefs-copy: the script printed from a saved copy of this kernel's tracefs (as for a
# device) names /sys/kernel/tracing, and does there what tq does
copy=$(fixture_tracefs host-6.18-firecracker)
script=$("$TQ" --tracefs-copy "$copy" set -e sched:sched_waking -f 'prio < 200' -e sched \
	-v -e sched:sched_switch --print 2>"$_tq_tmp/print.err")
printf '%s\n' "$script" > "$_tq_tmp/script.sh"
busybox sh "$_tq_tmp/script.sh" > "$_tq_tmp/bb.out" 2>&1
rc2=$?
via_busybox=$(tracefs_state)
restore
"$TQ" set -e sched:sched_waking -f 'prio < 200' -e sched -v -e sched:sched_switch \
	> "$_tq_tmp/tq.out" 2>&1
via_tq=$(tracefs_state)
restore
unlike "$script" "$copy" "a script printed from a copy never names the copy"
is "$rc2" 0 "busybox runs it"
[ "$via_busybox" = "$via_tq" ] && [ "$via_tq" != "$before" ]
ok $? "and it leaves tracefs as tq set does"

# reset's own plan: set something, then compare busybox running 'reset --print' with tq reset
"$TQ" start -B tqbb2 -e sched_switch -f 'prev_pid > 1' -R 'stacktrace if prev_pid == 999999999' \
	>/dev/null 2>&1
"$TQ" set -e sched_waking -P 1 -C global -O nooverwrite -O noirq-info >/dev/null 2>&1
"$TQ" set -B tqbb2 -O nomarkers >/dev/null 2>&1
script=$("$TQ" reset -d --print)
busybox sh -c "$script"
is "$(tracefs_state)" "$before" "reset --print run by busybox puts tracefs back to its defaults"
like "$script" "echo 1 > $TRACEFS/options/overwrite" "options included"

done_testing
