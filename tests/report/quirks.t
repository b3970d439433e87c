#!/bin/sh
# Corners of trace-cmd report's output that the samples do not show by default, with the
# text trace-cmd 3.1.6 prints written out (flags.t compares the same cases live), and the
# choices tq makes where trace-cmd misbehaves (see tq-report(1)).
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
done

# -w: the summary shows microseconds, also with -t
run_tq report -w -t -i v6.dat
is "$(printf '%s\n' "$out" | grep '^M')" "Maximum Latency: 60.440 usecs at timestamp: 1711.023829
Minimum Latency: 0.826 usecs at timestamp: 1711.425328" "-w -t: summary timestamps in microseconds"
run_tq report -w -t -i v7-instance.dat
is "$(printf '%s\n' "$out" | tail -3)" "Average wakeup latency: 3.449 usecs
Maximum Latency: 3.449 usecs at timestamp: 1724.621872
Minimum Latency: 3.449 usecs at timestamp: 1724.621872" "-w -t: real-time summary too"

# -l -R: the flags byte as a number after the CPU
run_tq report -l -R -i v7-zstd.dat
is "$(printf '%s\n' "$out" | sed -n 2p)" \
	"   sleep-9783    0-0x0  1708.388869: sys_exit_write:        __syscall_nr=1 ret=0x1" \
	"-l -R: flags as -0x%x"
run_tq report -l -R -t -i v7-instance.dat
like "$(printf '%s\n' "$out" | sed -n 3p)" '^          sleep-9886    1-0x25  1724\.621868657: sched_wakeup: ' \
	"-l -R -t: instance line"

# --stat on a v6 file whose CPU 1 recorded nothing: its table entry is still shown
empty_cpu1 v6.dat empty-cpu.dat
run_tq report --stat -i empty-cpu.dat
is "$(printf '%s\n' "$out" | tail -4)" "CPU0 data recorded at offset=0x592000
    86016 bytes in size
CPU1 data recorded at offset=0x5a7000
    0 bytes in size" "--stat: a CPU without data"
run_tq report -i empty-cpu.dat
is "$rc" 0 "a CPU without data reads"

# several files: prefixes are base names; --stat, --uname and --version per file
mkdir -p sub && cp v7-none.dat sub/
run_tq report --stat -i v7-zstd.dat -i "$d/sub/v7-none.dat"
is "$(printf '%s\n' "$out" | grep 'cpus=')" "v7-zstd.dat: cpus=2
v7-none.dat: cpus=2" "--stat, two files: each cpus= line names its file"
is "$(printf '%s\n' "$out" | grep -c 'Kernel buffer statistics')" 2 "--stat, two files: both"
run_tq report --uname -i v7-zstd.dat -i v7-instance.dat
is "$out" "    v7-zstd.dat: cpus=2
Linux vm 6.18.44-fc-v595 x86_64
3.1.6 not-a-git-repo
v7-instance.dat: cpus=2
Linux vm 6.18.44-fc-v595 x86_64
3.1.6 not-a-git-repo" "--uname, two files: each file's cpus= line before its uname"
run_tq report --stat --version -i v7-zstd.dat
is "$out" "cpus=2
3.1.6 not-a-git-repo" "--version wins over --stat"
run_tq report -i ./v7-zstd.dat -i "$d/sub/v7-none.dat"
is "$(printf '%s\n' "$out" | sed -n '1p;3p')" "v7-zstd.dat: cpus=2
v7-zstd.dat:            sleep-9783  [000]  1708.388869: sys_exit_write:       0x1" \
	"two files: lines start with the base name"
run_tq report -w -i v7-zstd.dat -i v7-none.dat
is "$rc" 2 "-w with two files: refused"
like "$err" "-w .*one file" "-w with two files: says why"
# an instance name longer than the file names widens the prefix only after that file
cp v7-instance.dat i
cp v7-zstd.dat j
run_tq report -i j -i i
is "$(printf '%s\n' "$out" | sed -n '1,3p')" "j: cpus=2
i: cpus=2
    j:            sleep-9783  [000]  1708.388869: sys_exit_write:       0x1" \
	"instance names widen the prefix after their file's cpus= line"

# lost events with several files: the file name goes before the DROPPED line, not the event
lost_events v7-none.dat lost.dat
run_tq report -i lost.dat -i v7-zstd.dat
is "$(printf '%s\n' "$out" | grep -A1 DROPPED)" "   lost.dat: CPU:0 [12345 EVENTS DROPPED]
           sleep-9788  [000]  1709.698310: sys_enter_openat:     dfd: 0xffffff9c, filename: 0x7f041c067970, flags: 0x00000000, mode: 0x00000000" \
	"DROPPED line named, its event line not"

# -F belongs to the file of the -i before it, or to the first file
count() { printf '%s\n' "$out" | grep -c "^ *$1: .* $2: "; }
run_tq report -F sched_switch -i v7-zstd.dat -i v7-none.dat
is "$(count v7-zstd.dat sched_switch) $(count v7-none.dat sys_exit_mremap)" "454 771" \
	"-F before -i: the first file only"
run_tq report -i v7-zstd.dat -i v7-none.dat -F sched_switch
is "$(count v7-zstd.dat sys_exit_mremap) $(count v7-none.dat sched_switch)" "776 435" \
	"-F after the second -i: the second file only"
is "$(printf '%s\n' "$out" | grep '^v7-none' | grep -vc ' sched_switch: ')" 1 \
	"-F after the second -i: nothing else from it"
run_tq report -i v7-zstd.dat -v -F sched_switch -i v7-none.dat
is "$(count v7-zstd.dat sched_switch) $(count v7-none.dat sched_switch)" "0 435" \
	"-v -F between the files: the first file only"
run_tq report -i v7-zstd.dat -F sched_switch
is "$(printf '%s\n' "$out" | sed 1d | grep -vc ' sched_switch: ')" 0 \
	"-F after the only -i applies (trace-cmd 3.1.6 drops it)"
run_tq report -i v7-zstd.dat -i v6.dat -F nosuchevent
is "$rc" 1 "a bad filter for the second file is refused"
# --cpu: every file (trace-cmd 3.1.6 shows nothing of the files after the first)
run_tq report --cpu 1 -i v7-zstd.dat -i v7-none.dat
is "$(printf '%s\n' "$out" | grep -c '^v7-none.dat: .*\[001\]') $(printf '%s\n' "$out" |
	grep -c '\[000\]')" "2086 0" "--cpu with two files: the CPU of each file"

# HOOK options: trace-cmd prints how it split them before anything else
if command -v python3 >/dev/null; then
	add="python3 $TQ_SRCDIR/tests/report/add-option.py"
	$add v6.dat hook6.dat '6:s:sched_switch,prev_pid/sched_wakeup,pid' \
		'6:s:a:b,c,d/e:f,g,Ps'
	$add v7-zstd.dat hook7.dat '6:s::x,y/z,w/v'
	run_tq report -i hook6.dat
	is "$(printf '%s\n' "$out" | sed -n '1,3p')" \
		"start (null):sched_switch:prev_pid ((null)) end (null):sched_wakeup:pid ((null))
start a:b:c (d) end e:f:g (Ps)
cpus=2" "v6 HOOK options: one line each, in file order, first"
	run_tq report --stat -i hook7.dat
	is "$(printf '%s\n' "$out" | sed -n '1,2p')" "start (null):x:y ((null)) end (null):z:w/v ((null))
cpus=2" "v7 HOOK option, also with --stat"
	run_tq report --json -i hook7.dat
	unlike "$out" "^start" "--json: no HOOK line"
	$add v6.dat badhook.dat '6:s:nothing-to-split' '6:s:a,b/c'
	run_tq report -i badhook.dat
	is "$rc" 0 "a HOOK that does not split: still reads (trace-cmd 3.1.6 crashes)"
	like "$err" "warning: .*HOOK option 'nothing-to-split' .*ignored" "bad HOOK: warned"
	like "$err" "HOOK option 'a,b/c' " "bad HOOK without end match: warned"
	is "$(printf '%s\n' "$out" | head -1)" "cpus=2" "bad HOOK: no line for it"
else
	for _i in 1 2 3 4 5 6 7; do
		skip "python3 is not installed"
	done
fi

# A TSC2NSEC multiplier of 2^31 or more (the kernel's is a u32): trace-cmd 3.1.6 takes it
# as a negative int and prints wrapped times out of order; tq multiplies as unsigned.
if command -v python3 >/dev/null; then
	python3 "$TQ_SRCDIR/tests/report/add-option.py" v6.dat tscbig.dat \
		14:x:abaaaaaa1f0000000000000000000000
	run_tq report -t -i v6.dat
	raw=$(printf '%s\n' "$out" | sed -n '2s/.*\] *\([0-9]*\)\.\([0-9]*\):.*/\1\2/p')
	want=$(python3 -c "t = ($raw * 0xaaaaaaab) >> 31; print('%d.%09d' % divmod(t, 10**9))")
	run_tq report -t -i tscbig.dat
	is "$(printf '%s\n' "$out" | sed -n '2s/.*\] *\([0-9.]*\):.*/\1/p')" "$want" \
		"TSC2NSEC multiplier 0xaaaaaaab: the first time is raw * 4/3"
	printf '%s\n' "$out" | sed 1d | sed 's/.*\] *\([0-9]*\)\.\([0-9]*\):.*/\1\2/' |
		sort -c -n
	ok $? "TSC2NSEC multiplier 0xaaaaaaab: times stay in order"
else
	skip "python3 is not installed"
	skip "python3 is not installed"
fi
done_testing
