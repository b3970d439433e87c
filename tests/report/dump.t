#!/bin/sh
# tq dump: the same text as trace-cmd dump, for each flag and for flags together (printed
# in file order, as trace-cmd walks the file), against the outputs stored with the samples
# and, when trace-cmd is installed, against trace-cmd dump run on the same file.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
	fixture "$s.dump.txt" >/dev/null
done
cd "$d" || exit 1

# the stored outputs: --summary alone, and the sample README's list of flags
SAMPLE_FLAGS="--head-page --head-event --ftrace-events --systems --printk --cmd-lines \
--options --flyrecord --clock"
for s in $SAMPLES; do
	"$TQ" dump --summary -i "$s.dat" >got 2>err
	is "$?" 0 "$s: dump --summary exits 0"
	diff_ok got "$FIXTURES/$s.dump-summary.txt" "$s: summary as trace-cmd's"
	"$TQ" dump "$s.dat" >got 2>>err
	diff_ok got "$FIXTURES/$s.dump-summary.txt" "$s: summary is the default"
	# shellcheck disable=SC2086
	"$TQ" dump $SAMPLE_FLAGS -i "$s.dat" >got 2>>err
	diff_ok got "$s.dump.txt" "$s: nine flags together, in file order"
	# shellcheck disable=SC2086
	"$TQ" dump --clock --flyrecord --options --cmd-lines --printk --systems \
		--ftrace-events --head-event --head-page -i "$s.dat" >got 2>>err
	diff_ok got "$s.dump.txt" "$s: the order of the flags does not matter"
	"$TQ" dump -v -i "$s.dat" >got 2>>err
	is "$(cat got)" "File $s.dat is a valid trace-cmd file" "$s: -v alone"
	sanitizer_clean err
	ok $? "$s: no sanitizer report"
done

# parts of the stored output that single flags give
"$TQ" dump --systems -i v6.dat >got
is "$(cat got)" "	[Events format, 2 systems]
		sched 26 [system, events]
		syscalls 720 [system, events]" "v6: --systems"
"$TQ" dump --systems -i v7-none.dat >got
is "$(head -1 got)" '	[Section 18 @ 12437: "events format", flags 0x0, 407496 bytes]' \
	"v7: --systems starts with its section"
"$TQ" dump --events -i v7-zstd.dat >got
is "$(grep -c '^name: ' got) $(sed -n 3p got)" "746 name: sched_waking" \
	"--events: every event format"
"$TQ" dump --ftrace-events -i v6.dat >got
is "$(grep -c '^name: ' got)" 18 "--ftrace-events: the ftrace formats"
"$TQ" dump --kallsyms -i v6.dat >got
is "$(sed -n '1,2p' got)" "	[Kallsyms, 5413118 bytes]
ffffffff81000000 T srso_alias_untrain_ret" "--kallsyms"
"$TQ" dump --flyrecord -i v7-zstd.dat >got
grep -q '^   0 1044480	11258	\[id, data offset and size\]$' got
ok $? "--flyrecord shows the CPU offsets and sizes"
"$TQ" dump --sections -i v7-zstd.dat >got
is "$(sed -n 1p got)" '	[Section 16 @ 37              	"headers", flags 0x1, 253 compressed, 451 uncompressed]' \
	"--sections: compressed sizes"
"$TQ" dump --strings -i v7-none.dat >got
is "$(sed -n '1,2p' got)" '	[String @ offset]
		"headers" @ 0' "--strings"
"$TQ" dump --all -i v7-instance.dat >got
is "$(grep -c '^	\[Section' got) $(tail -1 got)" "23 	[12 sections]" "--all"

# a v6 CPU without data: trace-cmd leaves its size blank
empty_cpu1 v6.dat empty-cpu.dat
"$TQ" dump --flyrecord -i empty-cpu.dat >got
is "$(sed -n 3p got)" "	    5926912           	[offset, size of cpu 1]" "--flyrecord: a size of 0 is blank"

# options that the samples lack, added to copies
if command -v python3 >/dev/null; then
	add="python3 $TQ_SRCDIR/tests/report/add-option.py"
	$add v7-none.dat guest.dat \
		13:x:67310034120000000000000200000000000000d204000001000000ae160000 \
		12:x:edfe000000000000010000000100000001000000e803000000000000050000000000000007000000000000000300000000000000 \
		14:x:7b0000000a0000006300000000000000 23:x:0c00000000000000
	"$TQ" dump --options -i guest.dat >got
	is "$(sed -n '/GUEST/,/DONE/p' got)" "		[Option GUEST, 31 bytes]
g1 [Guest name]
0x1234 [trace id]
2 [Guest CPUs]
  0 1234 [guest cpu, host pid]
  1 5806 [guest cpu, host pid]
		[Option TimeShift, 52 bytes]
0xFEED [peer's trace id]
0x1 [peer's protocol flags]
0x1 [peer's CPU count]
1 [samples count for CPU 0]
	5 7 3 1000[offset * scaling >> fraction @ time]

		[Option TSC2NSEC, 16 bytes]
123 10 99 [multiplier, shift, offset]
 23 8	[Unknown option, size - skipping]
		[Option DONE, 8 bytes]" "GUEST, TIME_SHIFT, TSC2NSEC and an id 3.1.6 does not know"
	$add v7-instance.dat big.dat "2:s:$(head -c 2500 /dev/zero | tr '\0' x)"
	"$TQ" dump --options -i big.dat >got
	like "$(grep -A1 'CPUSTAT, 2501 bytes' got)" 'x{2500}$' "a long option text in one piece"
else
	skip "python3 is not installed"
	skip "python3 is not installed"
fi

"$TQ" dump -i nonexistent.dat >/dev/null 2>err
is "$?" 1 "missing file: exit 1"

# live: every flag alone and some together, on the samples and the files made above
if have_trace_cmd; then
	FLAGS='--summary|--head-page|--head-event|--ftrace-events|--systems|--events|--kallsyms|--printk|--cmd-lines|--options|--flyrecord|--clock|--sections|--strings|--all|-v|-v --systems|--summary --options|--flyrecord --options|--clock --flyrecord|--printk --summary --head-page'
	files="v6.dat v7-none.dat v7-zstd.dat v7-instance.dat empty-cpu.dat"
	[ -f guest.dat ] && files="$files guest.dat big.dat"
	for f in $files; do
		old_ifs=$IFS
		IFS='|'
		for flags in $FLAGS; do
			IFS=$old_ifs
			# shellcheck disable=SC2086
			trace-cmd dump $flags -i "$f" >want 2>/dev/null
			# shellcheck disable=SC2086
			"$TQ" dump $flags -i "$f" >got 2>err
			diff_ok got want "$f: dump $flags as trace-cmd dump"
			IFS='|'
		done
		IFS=$old_ifs
	done
else
	skip "trace-cmd is not installed"
fi
done_testing
