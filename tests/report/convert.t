#!/bin/sh
# Files rewritten by `trace-cmd convert` (v6 <-> v7, zstd <-> none) are reported by tq
# exactly as trace-cmd reports them.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
have_trace_cmd || skip_all "trace-cmd is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
for s in v6 v7-zstd v7-instance; do
	fixture "$s.dat" >/dev/null
	for to in "6 none" "7 none" "7 zstd"; do
		set -- $to
		out="$s-to-v$1-$2.dat"
		if [ "$1" = 6 ]; then
			trace-cmd convert -i "$s.dat" -o "$out" --file-version 6 >/dev/null 2>&1
		else
			trace-cmd convert -i "$s.dat" -o "$out" --file-version 7 \
				--compression "$2" >/dev/null 2>&1
		fi
		if [ ! -s "$out" ]; then
			skip "trace-cmd convert to v$1 $2 failed"
			continue
		fi
		trace-cmd report -i "$out" >want 2>/dev/null
		"$TQ" report -i "$out" >got 2>err
		rc=$?
		[ $rc -eq 0 ] && sanitizer_clean err
		ok $? "$out: exit 0, sanitizers quiet"
		diff_ok got want "$out: same as trace-cmd report"
		"$TQ" report -i "$s.dat" >orig 2>/dev/null
		diff_ok got orig "$out: same as the original file"
	done
done
done_testing
