#!/bin/sh
# tq dump: the summary matches trace-cmd dump --summary; the section flags work.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
done
cd "$d" || exit 1
for s in $SAMPLES; do
	"$TQ" dump --summary -i "$s.dat" >"$d/got" 2>"$d/err"
	is "$?" 0 "$s: dump --summary exits 0"
	diff_ok "$d/got" "$FIXTURES/$s.dump-summary.txt" "$s: summary as trace-cmd's"
	"$TQ" dump "$s.dat" >"$d/got2" 2>>"$d/err"
	diff_ok "$d/got2" "$FIXTURES/$s.dump-summary.txt" "$s: summary is the default"
	for f in --options --sections --flyrecord --clock --cmd-lines --printk --head-page \
		--head-event; do
		"$TQ" dump $f -i "$s.dat" >"$d/got3" 2>>"$d/err"
		rc=$?
		[ $rc -eq 0 ] && [ -s "$d/got3" ] || [ $f = --sections ]
		ok $? "$s: dump $f"
	done
	sanitizer_clean "$d/err"
	ok $? "$s: no sanitizer report"
done
"$TQ" dump --head-page -i v6.dat >"$d/got"
grep -q 'field: local_t commit;' "$d/got"
ok $? "head page text shown"
"$TQ" dump --flyrecord -i v7-zstd.dat >"$d/got"
grep -q '^   0 1044480	11258	\[id, data offset and size\]$' "$d/got"
ok $? "flyrecord shows the CPU offsets and sizes"
"$TQ" dump --options -i v7-instance.dat >"$d/got"
grep -q 'Section 0 @ 1018734: "options", flags 0x0, 892 bytes' "$d/got"
ok $? "options grouped by section"
FLAGS="--summary --options --flyrecord --clock --cmd-lines --printk --head-page --head-event"
for s in $SAMPLES; do
	for f in $FLAGS; do
		if have_trace_cmd; then
			trace-cmd dump $f -i "$s.dat" >"$d/want" 2>/dev/null
			"$TQ" dump $f -i "$s.dat" >"$d/got" 2>/dev/null
			diff_ok "$d/got" "$d/want" "$s: dump $f as live trace-cmd dump $f"
		else
			skip "trace-cmd is not installed"
		fi
	done
done
"$TQ" dump -i nonexistent.dat >/dev/null 2>"$d/err"
is "$?" 1 "missing file: exit 1"
done_testing
