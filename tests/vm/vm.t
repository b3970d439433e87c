#!/bin/sh
# The VM suite: boots Debian's kernel under qemu once (scripts/vm/run), runs every case in
# tests/vm/cases/ inside it as root on a real tracefs with hist triggers, synthetic events,
# kprobes and the function tracer, and reports each case as one TAP test, plus one for the
# boot itself. A FAIL shows its reason, the case's last output lines, the guest's
# error_log and dmesg tail as diagnostics. Without qemu, busybox-static, cpio or a kernel
# from apt the whole suite is skipped, with the reason. A case NAME may have a host side,
# tests/vm/host/NAME.sh, sourced here after the boot to check (with more TAP tests) the
# files the case saved in $TQ_VM_OUT in the guest; they are in $vm_out.
#
# TQ_VM_CASES="a b" runs only those cases; TQ_VM_CASEDIR takes them from another directory
# (tests of the harness itself); TQ_VM_BOOT_TIMEOUT limits the boot (default: the sum of the
# cases' limits plus slack, see scripts/vm/run); TQ_VM_TQ puts another tq binary in the
# guest (default $TQ_PLAIN, build/tq).
#
# WRITING A CASE: tests/vm/cases/NAME.sh, a POSIX sh file (busybox ash runs it; not
# executable, not ending in .t):
#
#   # description: one line, shown in the TAP output
#   # requires: synthetic_events events/sched/sched_switch kprobe_events function:tracer
#   #           "onmatch(matching.event)":README ...   (all on the one requires: line)
#   # timeout: 60            optional, seconds (default 60)
#   # modules: NAME ...      optional, kernel modules to insmod at boot (from the package)
#   cleanup() { set +e; ...undo every change, in reverse order...; }
#   trap cleanup EXIT
#   ...commands; any failing command fails the case (sh -e)...
#
# - requires: words are paths under tracefs that must exist, NAME:tracer (NAME listed in
#   available_tracers), or TEXT:README (TEXT occurs in tracefs README; quote it with
#   double quotes if it has spaces). The first missing one makes the case UNSUPPORTED.
# - The case runs under `sh -e -x` with the tracefs root as its current directory, as
#   root, with busybox and `tq` (the freshly built binary) on PATH. Helpers from
#   tests/vm/guest/functions.sh: fail MSG, unsupported MSG, wakeups [N] (a workload that
#   wakes tasks), hist_hits FILE, trace_lines; $TRACEFS is the tracefs root.
# - Results: exit 0 PASS, `fail` or any failing command FAIL, `unsupported` UNSUPPORTED
#   (reported as a TAP skip). Past its timeout a case is killed and FAILs. A sanitizer
#   report in its output (TQ_VM_TQ=build/san/tq) FAILs it too.
# - A case must leave tracefs as it found it (events, triggers, filters, dynamic events,
#   tracers, ftrace filters, snapshot, instances, options, buffer size): the runner
#   compares before and after, FAILs a case that leaves anything behind, and resets.
# - Write to tracefs with echo only when the text has no backslashes (else printf).
# - Keep output small: it travels over an emulated serial line only when a case fails.
#
# By hand: scripts/vm/run [NAME...] prints PASS/FAIL lines; scripts/vm/run --shell gives a
# shell in the guest. See Documentation/vm-tests.md. The last run's result stream, console
# and harness messages are kept in build/vm/last-vm.t/.

: "${TQ_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TQ_SRCDIR/tests/lib.sh"
top=$TQ_SRCDIR
casedir=${TQ_VM_CASEDIR:-$top/tests/vm/cases}
hostdir=$top/tests/vm/host

if [ -n "${TQ_VM_CASES:-}" ]; then
	cases=$(for c in $TQ_VM_CASES; do basename "$c" .sh; done)
else
	cases=$(cd "$casedir" && for c in *.sh; do [ -f "$c" ] && basename "$c" .sh; done |
		LC_ALL=C sort)
fi
[ -n "$cases" ] || skip_all "no VM test cases in $casedir"

work=$(scratch_dir)
not_run=
"$top/scripts/vm/run" -q --tq "${TQ_VM_TQ:-${TQ_PLAIN:-$top/build/tq}}" \
	${TQ_VM_BOOT_TIMEOUT:+--timeout "$TQ_VM_BOOT_TIMEOUT"} --cases "$casedir" \
	--results "$work/results" --console "$work/console" --out "$work/out" $cases \
	2> "$work/stderr"
rc=$?
# Kept for a look after the fact: the scratch directory goes away with this script.
last=${TQ_VM_DIR:-$top/build/vm}/last-vm.t
mkdir -p "$last" && cp "$work/results" "$work/console" "$work/stderr" "$last/" 2>/dev/null
rm -rf "$last/out" && cp -r "$work/out" "$last/out" 2>/dev/null
if [ $rc = 3 ]; then
	skip_all "$(tail -n 1 "$work/stderr" | sed 's|^vm/run: ||')"
fi

timing=$(sed -n 's|^vm/run: ||p' "$work/stderr" | grep 'boot + suite' | tail -n 1)
if [ $rc = 0 ] || [ $rc = 1 ]; then
	ok 0 "the guest booted, ran the suite and powered off ($timing)"
else
	ok 1 "the guest booted, ran the suite and powered off"
	sed 's/^/# /' "$work/stderr" >&2
fi

# Text safe as a TAP description: no '#', which would start a directive.
tap_text() { tr '#' '_'; }

for name in $cases; do
	desc=$(sed -n 's/^# description: *//p' "$casedir/$name.sh" 2>/dev/null | head -n 1 |
		tap_text)
	title="$name${desc:+: $desc}"
	line=$(grep "^result $name " "$work/results" 2>/dev/null | head -n 1)
	set -f; set -- $line; set +f
	status=${3:-}
	reason=$(echo "$line" | cut -d' ' -f5- | tap_text)
	case $status in
	PASS)
		ok 0 "$title"
		;;
	UNSUPPORTED)
		skip "$name: unsupported: $reason"
		;;
	FAIL)
		ok 1 "$title"
		diag "FAIL: $reason"
		sed -n "s|^diag $name ||p" "$work/results" | sed 's/^/#   /' >&2
		;;
	*)
		ok 1 "$title"
		if grep -qx "start $name" "$work/results" 2>/dev/null; then
			diag "the guest hung or crashed in this case (the first test shows how)"
		else
			not_run="${not_run:+$not_run }$name"
		fi
		;;
	esac
	if [ -f "$hostdir/$name.sh" ]; then
		if [ "$status" = PASS ]; then
			vm_out=$work/out/$name
			. "$hostdir/$name.sh"
		else
			skip "$name: host side not checked: the case did not pass"
		fi
	fi
done
# Last, so that the tail of a CI log shows how the guest stopped.
if [ -n "${not_run:-}" ]; then
	diag "not run, the guest stopped before them: $not_run" "how it stopped:"
	sed 's/^/#   /' "$work/stderr" >&2
fi
done_testing
