#!/bin/sh
# tq report prints trace-cmd 3.1.6's samples exactly as trace-cmd report did.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
plan 12
d=$(scratch_dir)
for s in $SAMPLES; do
	dat=$(fixture "$s.dat")
	want=$(fixture "$s.report.txt")
	(cd "$(dirname "$dat")" && "$TQ" report -i "$s.dat") >"$d/$s.out" 2>"$d/$s.err"
	rc=$?
	is "$rc" 0 "$s: exit status"
	diff_ok "$d/$s.out" "$want" "$s: identical to trace-cmd report"
	if sanitizer_clean "$d/$s.err" && [ ! -s "$d/$s.err" ]; then
		ok 0 "$s: nothing on stderr"
	else
		ok 1 "$s: nothing on stderr"
		head -20 "$d/$s.err" | sed 's/^/# /'
	fi
done
