#!/bin/sh
# Every file version and compression, an instance, --date and --cmdlines-size: readable by
# tq report, trace-cmd (all but zlib, which Debian's trace-cmd does not read) and
# libtracecmd, with every recorded event.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
plan 48
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)
workload='for i in 1 2 3; do /bin/true; done'

for f in "7 zstd 7 zstd" "7 none 7 none" "6 none 6 -" "7 zlib 7 zlib" "6 zstd 7 zstd"; do
	set -- $f
	run_tq record --file-version "$1" --compression "$2" -e sched:sched_process_exec \
		-e sched:sched_process_exit -e sched:sched_switch -o "$d/v$1-$2.dat" -- sh -c "$workload"
	is "$rc" 0 "v$1 $2: record exits 0"
	is "$(file_version "$d/v$1-$2.dat")" "$3" "v$1 $2: file version $3"
	[ "$4" = - ] || is "$(file_compression "$d/v$1-$2.dat")" "$4" "v$1 $2: compression $4"
	check_file "$d/v$1-$2.dat" "$(events_read "$err")" "v$1 $2" \
		"$([ "$2" = zlib ] && echo zlib)"
done
is "$(tracefs_state)" "$before" "tracefs is as before"

# an instance with its own events, removed afterwards
run_tq record -F -c -e sched:sched_switch -B tqrec -e sched:sched_process_exec -o "$d/inst.dat" \
	-- sh -c "$workload"
is "$rc" 0 "instance: record exits 0"
check_file "$d/inst.dat" "$(events_read "$err")" "instance"
is "$($TQ report -i "$d/inst.dat" 2>/dev/null | grep -c '^tqrec: .*sched_process_exec: *filename=/bin/true')" 3 \
	"instance: its events are labelled with its name"
is "$(tracefs_state)" "$before" "instance: removed, tracefs is as before"

# only an instance: the top buffer is neither configured nor recorded
run_tq record -F -c -B tqrec -e sched:sched_process_exec -o "$d/only.dat" -- sh -c "$workload"
is "$rc" 0 "instance only: record exits 0"
report=$($TQ report -i "$d/only.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c '^tqrec: .*filename=/bin/true')" 3 \
	"instance only: its events are there"
is "$(printf '%s\n' "$report" | grep -vc -e '^tqrec: ' -e '^cpus=')" 0 \
	"instance only: nothing from the top buffer"

# --date: report shows wall-clock seconds (after 2020) instead of seconds since boot
old_size=$(cat "$TRACEFS/saved_cmdlines_size")
run_tq record -F --date --cmdlines-size 1024 -e sched:sched_process_exec -o "$d/date.dat" -- true
is "$rc" 0 "--date --cmdlines-size: record exits 0"
if have_trace_cmd; then report="trace-cmd report"; else report="$TQ report"; fi
secs=$($report -i "$d/date.dat" 2>/dev/null | sed -n 's/.*\] *\([0-9]*\)\.[0-9]*: sched_process_exec.*/\1/p')
like "$secs" '^1[6-9][0-9]{8}$|^[2-9][0-9]{9}$' "--date: timestamps are wall-clock seconds ($secs)"
is "$(cat "$TRACEFS/saved_cmdlines_size")" "$old_size" "--cmdlines-size is restored"
