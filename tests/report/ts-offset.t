#!/bin/sh
# report --ts-offset NS shifts the times of the previous -i's file, as trace-cmd 3.1.6
# does (from the second -i on; the first file's offset is ignored, with a warning).
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
plan 6
d=$(scratch_dir)
z=$(fixture v7-zstd.dat)
v6=$(fixture v6.dat)
cd "$d" || exit 1
for args in "-i v7-zstd.dat -i v6.dat --ts-offset 1000000000" \
	"-i v7-zstd.dat --ts-offset -5000 -i v6.dat"; do
	if have_trace_cmd; then
		trace-cmd report $args >want 2>/dev/null
		"$TQ" report $args >got 2>err
		diff_ok got want "report $args: as trace-cmd"
	else
		skip "trace-cmd is not installed"
	fi
done
"$TQ" report -i v6.dat >plain 2>/dev/null
run_tq report -i v6.dat --ts-offset 5
is "$out" "$(cat plain)" "one -i: times unchanged, as trace-cmd"
like "$err" "ignored" "one -i: a warning says so"
run_tq report --ts-offset 5 -i v6.dat
like "$rc:$err" "^2:.*must come after -i" "before any -i: usage error"
run_tq report -i v6.dat -i v7-zstd.dat --ts-offset 5x
like "$rc:$err" "^2:.*takes nanoseconds" "not a number: usage error"
done_testing
