#!/bin/sh
# Every report flag that trace-cmd also has gives the same bytes as trace-cmd report,
# run live on the same file.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
have_trace_cmd || skip_all "trace-cmd is not installed"

FLAGS='-t|-R|-l|-l -t|--cpu 0|--cpu 1|--cpu 0-1|--ts-diff|-t --ts-diff|-E|--stat|--uname|--version|--first-event|--last-event|--first-event --last-event|--cpus|-R -t|-l -R|-l -R -t|-l -R --ts-diff|--stat --uname|--stat --version|-I|-S|-I -S|-I --cpu 1|-e|-f|-P|-N|-N -t|-L|-q|--nodate|--raw-ts|--raw-ts -t|--align-ts|--align-ts -t|--raw-ts --align-ts|--ts2secs 1000|--ts2secs 1000 -t|--ts2secs 7 -t|--ts2secs 1000 --align-ts -t|--check-events'
d=$(scratch_dir)
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
done
cd "$d" || exit 1

for s in $SAMPLES; do
	old_ifs=$IFS
	IFS='|'
	for f in $FLAGS; do
		IFS=$old_ifs
		# shellcheck disable=SC2086
		compare "$s: report $f" $f -i "$s.dat"
		IFS='|'
	done
	IFS=$old_ifs
done

# wakeup latencies
for s in $SAMPLES; do
	compare "$s: report -w" -w -i "$s.dat"
	compare "$s: report -w -t" -w -t -i "$s.dat"
done

# several files merged by time, with and without instances
compare "two files" -i v7-zstd.dat -i v6.dat
compare "file with an instance and another" -i v7-instance.dat -i v7-zstd.dat
compare "three files, latency format" -i v7-none.dat -i v7-instance.dat -i v6.dat -l
compare "two files, ts-diff" -i v6.dat -i v7-none.dat --ts-diff
mkdir -p sub && cp v7-none.dat sub/
for f in --stat --uname --version; do
	compare "two files, $f" $f -i v7-zstd.dat -i "$d/sub/v7-none.dat"
done
compare "two files named by paths" -i "$d/v7-zstd.dat" -i ./sub/v7-none.dat
cp v7-instance.dat i
cp v7-zstd.dat j
compare "instance name longer than the file names" -i j -i i
compare "filter before the files" -F sched_switch -i v7-zstd.dat -i v6.dat
compare "filter between the files" -i v7-zstd.dat -v -F sched_switch -i v6.dat
compare "filter after the second file" -i v7-zstd.dat -i v6.dat -F sched_switch
compare "filters for both files" -F sched_waking -i v7-zstd.dat -i v6.dat -F sched_switch
# trace-cmd's time flags over several files: they merge by the times they show
compare "two files, --align-ts to the first of both" -i v7-zstd.dat -i v6.dat --align-ts
compare "two files, --ts2secs for both" --ts2secs 1000 -i v6.dat -i v7-zstd.dat -t
compare "two files, --ts2secs for the second" -i v7-zstd.dat -i v6.dat --ts2secs 1000
compare "two files, --raw-ts" -i v7-none.dat -i v7-instance.dat --raw-ts
compare "two files, -I -S" -i v7-instance.dat -i v6.dat -I -S

# a v6 CPU without data still has its line in --stat
empty_cpu1 v6.dat empty-cpu.dat
compare "v6 CPU without data: --stat" --stat -i empty-cpu.dat
compare "v6 CPU without data" -i empty-cpu.dat

# lost events, also with a name before the lines
lost_events v7-none.dat lost.dat
compare "lost events" -i lost.dat
compare "lost events, two files" -i lost.dat -i v7-zstd.dat
compare "lost events, two files, -l -t" -i v7-instance.dat -i lost.dat -l -t

# HOOK options (record -H) that trace-cmd can split (it crashes on the others)
if command -v python3 >/dev/null; then
	add="python3 $TQ_SRCDIR/tests/report/add-option.py"
	$add v6.dat hook6.dat '6:s:sched_switch,prev_pid/sched_wakeup,pid' \
		'6:s:a:b,c,d/e:f,g,Ps' '6:s:,a:b,c/d,e' '6:s:a,b//c,d' '6:s:a/b,c/d,e'
	$add v7-instance.dat hook7.dat '6:s::x,y/z,w/v' '6:s:a:b:c,d/e,f'
	compare "v6 HOOK options" -i hook6.dat
	compare "v7 HOOK options" -i hook7.dat
	compare "HOOK options, two files" -i hook6.dat -i hook7.dat
	compare "HOOK options, --stat" --stat -i hook7.dat
	# TSC2NSEC (record --tsc2nsec): times are (raw * multiplier >> shift) + offset; the
	# multipliers here are below 2^31, which trace-cmd 3.1.6 takes as a signed int
	$add v6.dat tsc6.dat 14:x:0300000001000000e803000000000000
	$add v7-zstd.dat tsc7.dat 14:x:0100000000000000c0b4b3ffffffffff
	compare "v6 TSC2NSEC option (x1.5, +1000 ns)" -i tsc6.dat
	compare "v6 TSC2NSEC option, -t --ts-diff" -t --ts-diff -i tsc6.dat
	compare "v7 TSC2NSEC option (offset -5 ms), --first-event" --first-event -i tsc7.dat
	compare "TSC2NSEC options, two files" -i tsc7.dat -i tsc6.dat
	compare "TSC2NSEC option, --raw-ts" --raw-ts -i tsc6.dat
	# DATE (record --date): a wall-clock offset in microseconds, which --nodate drops
	$add v7-zstd.dat date7.dat 1:s:1000000
	compare "DATE option" -i date7.dat
	compare "DATE option, --nodate" --nodate -i date7.dat
	compare "DATE option, --raw-ts" --raw-ts -i date7.dat
else
	for _i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		skip "python3 is not installed"
	done
fi
done_testing
