#!/bin/sh
# tq convert --to ctf, read back by real readers: babeltrace2 reads every trace without a
# warning (a file with lost events: only the tracer's discarded-events notices, with the
# counts), and through python3-bt2 every event (time, buffer, CPU, task, name, fields) is
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

# check NAME FILE: convert, babeltrace2, compare (four tests). babeltrace2 may only say
# that the tracer discarded events, as many as tq report --json counts as missed.
check() {
	rm -rf "$1.ctf"
	"$TQ" convert -i "$2" --to ctf -o "$1.ctf" >out 2>err
	rc=$?
	[ $rc -eq 0 ] && sanitizer_clean err && [ ! -s err ]
	ok $? "$1: convert exits 0, says nothing"
	[ -s err ] && sed 's/^/# /' err
	babeltrace2 "$1.ctf" >bt.out 2>bt.err
	rc=$?
	"$TQ" report -i "$2" --json >want.json 2>/dev/null
	lost=$(sed -n 's/.*"missed":\([0-9]*\).*/\1/p' want.json | awk '{ n += $1 } END { print n + 0 }')
	told=$(sed -n 's/^WARNING: Tracer discarded \([0-9]*\) events between .*/\1/p' bt.err |
		awk '{ n += $1 } END { print n + 0 }')
	[ $rc -eq 0 ] && ! grep -v '^WARNING: Tracer discarded [0-9]* events between' bt.err |
		grep -q . && [ "$told" = "$lost" ]
	ok $? "$1: babeltrace2 reads it, no warnings but $lost discarded events"
	[ $rc -eq 0 ] && [ "$told" = "$lost" ] || head -5 bt.err | sed 's/^/# /'

	is "$(wc -l <bt.out | tr -d ' ')" "$(wc -l <want.json | tr -d ' ')" \
		"$1: babeltrace2 prints as many events as tq report"
	/usr/bin/python3 "$TQ_SRCDIR/tests/export/ctf-compare.py" "$1.ctf" want.json >cmp 2>&1
	ok $? "$1: every event and lost count as tq report has them ($(tail -1 cmp))"
	[ "$(tail -1 cmp)" = "${cmp_last:-}" ] || sed '$d; s/^/# /' cmp
}

xz -dc "$TQ_SRCDIR/tests/export/fixtures/lost-recorded.dat.xz" >lost-recorded.dat

for s in $SAMPLES; do
	check "$s" "$s.dat"
done
check lost lost.dat
# tq record with a 4 KiB buffer and the recorder stopped: thousands lost on both CPUs
check lost-recorded lost-recorded.dat
check empty-cpu empty-cpu.dat
# kernel stack traces (6.18): caller[8] is declared, but each record holds `size` entries
xz -dc "$TQ_SRCDIR/tests/pictures/fixtures/kstacks.dat.xz" >kstacks.dat
check kstacks kstacks.dat
"$TQ" report -i kstacks.dat --json | grep '"event":"kernel_stack"' |
	sed 's/.*"size":\([0-9]*\),"caller":\[\([^]]*\)\].*/\1 \2/' |
	awk '{ n = split($2, a, ","); if (n != $1) bad++; else good++ }
	     END { print good + 0, bad + 0 }' >stacks.count
like "$(cat stacks.count)" '^[1-9][0-9]* 0$' \
	"report --json: every kernel stack has as many callers as its size ($(cat stacks.count))"
is "$(wc -c <empty-cpu.ctf/channel0_1 | tr -d ' ')" 84 \
	"a CPU without data gets its stream, one empty packet (header and context)"
like "$(ls v7-instance.ctf)" "instance-inst1_0" "an instance has its own stream files, named"
like "$(cat v6.ctf/metadata)" 'packet\.context := struct' "the metadata is TSDL text"
perm=$(stat -c %a v6.ctf)
is "$perm" "$(printf '%o' $((0777 & ~$(umask))))" "the trace directory has the umask's mode"
done_testing
