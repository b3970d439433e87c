#!/bin/sh
# Issue 15, defect 9: a trace.dat whose metadata crashes libtraceevent is refused by the
# guarded parse, and the message names the section and event being parsed.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

S=$(scratch_dir)
for f in fuzz-crash-4102d600 fuzz-crash-9d4c3010; do
	xz -dc "$TQ_SRCDIR/tests/report/fixtures/$f.dat.xz" > "$S/$f.dat"
	for c in report dump; do
		run_tq $c -i "$S/$f.dat"
		is "$rc" 1 "$c $f: refused"
		like "$err" "malformed metadata \\(event formats: system 'sched', format 6 of 26, event 'sched_switch'\\)" \
			"$c $f: the section, system, format and event are named"
	done
done
done_testing
