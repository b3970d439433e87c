#!/bin/sh
# tq convert --to ctf, read back by real readers: babeltrace2 reads every trace without a
# warning (a file with lost events: only the tracer's discarded-events notice, with the
# count), and through python3-bt2 every event (time, buffer, CPU, task, name, fields) is
# the one tq report --json prints, as are the events lost per CPU.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
command -v babeltrace2 >/dev/null || skip_all "babeltrace2 is not installed (scripts/install-deps)"
/usr/bin/python3 -c 'import bt2' 2>/dev/null ||
	skip_all "python3-bt2 is not installed for /usr/bin/python3 (scripts/install-deps)"
d=$(scratch_dir)
cd "$d" || exit 1
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
done
lost_events v7-none.dat lost.dat
empty_cpu1 v6.dat empty-cpu.dat

# check NAME FILE WANT_DISCARDED: convert, babeltrace2, compare (four tests)
check() {
	rm -rf "$1.ctf"
	"$TQ" convert -i "$2" --to ctf -o "$1.ctf" >out 2>err
	rc=$?
	[ $rc -eq 0 ] && sanitizer_clean err && [ ! -s err ]
	ok $? "$1: convert exits 0, says nothing"
	[ -s err ] && sed 's/^/# /' err
	babeltrace2 "$1.ctf" >bt.out 2>bt.err
	rc=$?
	if [ "$3" = 0 ]; then
		[ $rc -eq 0 ] && [ ! -s bt.err ]
	else
		[ $rc -eq 0 ] && [ "$(grep -c . bt.err)" -eq 1 ] &&
			grep -q "^WARNING: Tracer discarded $3 events between" bt.err
	fi
	ok $? "$1: babeltrace2 reads it, no warnings${3#0}"
	[ -s bt.err ] && head -5 bt.err | sed 's/^/# /'
	"$TQ" report -i "$2" --json >want.json 2>/dev/null
	is "$(wc -l <bt.out | tr -d ' ')" "$(wc -l <want.json | tr -d ' ')" \
		"$1: babeltrace2 prints as many events as tq report"
	/usr/bin/python3 "$TQ_SRCDIR/tests/export/ctf-compare.py" "$1.ctf" want.json >cmp 2>&1
	ok $? "$1: every event and lost count as tq report has them ($(tail -1 cmp))"
	[ "$(tail -1 cmp)" = "${cmp_last:-}" ] || sed '$d; s/^/# /' cmp
}

for s in $SAMPLES; do
	check "$s" "$s.dat" 0
done
check lost lost.dat 12345
check empty-cpu empty-cpu.dat 0
is "$(wc -c <empty-cpu.ctf/channel0_1 | tr -d ' ')" 84 \
	"a CPU without data gets its stream, one empty packet (header and context)"
like "$(ls v7-instance.ctf)" "instance-inst1_0" "an instance has its own stream files, named"
like "$(cat v6.ctf/metadata)" 'packet\.context := struct' "the metadata is TSDL text"
perm=$(stat -c %a v6.ctf)
is "$perm" "$(printf '%o' $((0777 & ~$(umask))))" "the trace directory has the umask's mode"
done_testing
