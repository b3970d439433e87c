#!/bin/sh
# tq convert --to systrace writes the kernel's own trace text: every event line is what
# trace-cmd report -N -l (libtraceevent without trace-cmd's plugins, latency flags)
# prints for it. --to chrome-json is JSON with one trace event per event, at its time,
# of its task and with the fields tq report --json has, and the systrace text in
# systemTraceEvents.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
command -v python3 >/dev/null || skip_all "python3 is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
for s in v6 v7-none v7-zstd v7-instance; do
	fixture "$s.dat" >/dev/null
done
lost_events v7-none.dat lost.dat
cmp="$TQ_SRCDIR/tests/export/text-compare.py"

for s in v6 v7-zstd lost v7-instance; do
	"$TQ" convert -i "$s.dat" --to systrace -o "$s.txt" >out 2>err
	rc=$?
	if [ "$s" = v7-instance ]; then
		[ $rc -eq 0 ] && sanitizer_clean err &&
			grep -q "instance 'inst1': systrace text has only the top buffer" err
		ok $? "$s: systrace exits 0, warns that the instance is left out"
	else
		[ $rc -eq 0 ] && sanitizer_clean err && [ ! -s err ]
		ok $? "$s: systrace exits 0, says nothing"
	fi
	is "$(head -1 "$s.txt")" "# tracer: nop" "$s: the nop tracer's header"
	if have_trace_cmd && [ "$s" != v7-instance ]; then
		trace-cmd report -N -l -i "$s.dat" >tc.txt 2>/dev/null
		python3 "$cmp" systrace "$s.txt" tc.txt >res 2>&1
		ok $? "$s: the text trace-cmd report -N prints ($(tail -1 res))"
		[ "$(tail -1 res)" = "${res_same:-}" ] || sed '$d; s/^/# /' res | head -20
	else
		skip "trace-cmd is not installed or the file has instances"
	fi
	"$TQ" convert -i "$s.dat" --to chrome-json -o "$s.json" >out 2>err
	rc=$?
	[ $rc -eq 0 ] && sanitizer_clean err
	ok $? "$s: chrome-json exits 0"
	"$TQ" report -i "$s.dat" --json >report.json 2>/dev/null
	python3 "$cmp" chrome "$s.json" report.json "$s.txt" >res 2>&1
	ok $? "$s: chrome-json has the events tq report has ($(tail -1 res))"
	sed '$d; s/^/# /' res | head -20
done
done_testing
