#!/bin/sh
# tq record on the host tracefs: a filter, a command, -F with and without -c; the file is
# read alike by tq report, trace-cmd and libtracecmd; tracefs is left as it was.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
plan 40
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)

# three execs of true and one of echo inside sh (-F -c: nobody else's); the filter keeps true
run_tq record -F -c -e sched:sched_switch -e sched:sched_process_exec -f 'filename == "/bin/true"' \
	-b 1024 -o "$d/a.dat" -- sh -c '/bin/true; /bin/echo >/dev/null; /bin/true; /bin/true'
is "$rc" 0 "record with a filter and a command exits 0"
is "$(tracefs_state)" "$before" "tracefs is as before"
is "$(ls "$d")" "a.dat" "only the trace.dat is left (no per-CPU files)"
check_file "$d/a.dat" "$(events_read "$err")" "filter"
report=$($TQ report -i "$d/a.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c 'sched_process_exec: *filename=/bin/true')" 3 \
	"the command's three execs are recorded"
is "$(printf '%s\n' "$report" | grep -c 'sched_process_exec:.*filename=/bin/echo')" 0 \
	"the filter left out echo"
is "$(printf '%s\n' "$report" | grep -c 'sched_process_exec:.*filename=[^ ]*/sh ')" 0 \
	"the filter left out the command's own exec"

# -F: only the command (sh); -c adds its children
run_tq record -F -e sched:sched_process_exec -e sched:sched_process_exit -o "$d/f.dat" \
	-- sh -c '/bin/true; /bin/true'
is "$rc" 0 "record -F exits 0"
report=$($TQ report -i "$d/f.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c 'filename=/bin/true')" 0 "-F without -c: no child exec"
is "$(printf '%s\n' "$report" | grep -c 'sched_process_exec: *filename=[^ ]*/sh ')" 1 \
	"-F without -c: the command's own exec"
run_tq record -F -c -e sched:sched_process_exec -e sched:sched_process_exit -o "$d/c.dat" \
	-- sh -c '/bin/true; /bin/true'
is "$rc" 0 "record -F -c exits 0"
report=$($TQ report -i "$d/c.dat" 2>/dev/null)
is "$(printf '%s\n' "$report" | grep -c 'filename=/bin/true')" 2 "-F -c: the children's execs"
check_file "$d/c.dat" "$(events_read "$err")" "-F -c"
is "$(tracefs_state)" "$before" "tracefs is as before after -F -c"

# -d without a command
run_tq record --duration 1 -e sched:sched_switch -o "$d/d.dat"
is "$rc" 0 "record --duration 1 without a command exits 0"
like "$(events_read "$err")" '^[1-9]' "--duration 1: events were recorded"
is "$(tracefs_state)" "$before" "tracefs is as before after --duration"

# the recorder is woken half full when the other half is 8 pages or more, else a quarter
# full, or later in a tiny buffer (never for one page of its pages); buffer_percent is put
# back
old_pct=$(cat "$TRACEFS/buffer_percent")
run_tq record -b 1024 -e sched:sched_process_exec -o "$d/p.dat" -- cat "$TRACEFS/buffer_percent"
is "$rc:$out" 0:50 "buffer_percent is 50 while recording into 1 MiB buffers"
run_tq record -b 48 -e sched:sched_process_exec -o "$d/p.dat" -- cat "$TRACEFS/buffer_percent"
is "$rc:$out" 0:25 "...25 into 48 KiB buffers (fewer than 8 pages in a half)"
run_tq record -b 12 -e sched:sched_process_exec -o "$d/p.dat" -- \
	cat "$TRACEFS/buffer_size_kb" "$TRACEFS/buffer_percent"
pages=$(($(printf '%s\n' "$out" | head -n 1 | cut -d' ' -f1) * 1024 / $(getconf PAGESIZE)))
want=$(((100 + pages - 1) / pages))
[ "$want" -le 50 ] || want=50
is "$rc:$(printf '%s\n' "$out" | sed -n 2p)" "0:$want" \
	"in $pages pages, buffer_percent wakes for two pages (at most 50)"
is "$(cat "$TRACEFS/buffer_percent")" "$old_pct" "buffer_percent is put back"

# the recorder threads (one per CPU) are real-time (SCHED_FIFO, policy 1) from their start;
# tq's main thread and the command are not: policy is field 41 of /proc/PID/task/TID/stat
ncpus=$(ls -d "$TRACEFS"/per_cpu/cpu* | wc -l)
run_tq record -b 16 -e sched:sched_process_exec -o "$d/p.dat" -- sh -c \
	'for t in /proc/$PPID/task/*; do echo "${t##*/} $(sed "s/.*) //" "$t/stat" | cut -d" " -f39)"; done
	echo "cmd $(sed "s/.*) //" /proc/$$/stat | cut -d" " -f39)"'
main=$(printf '%s\n' "$out" | head -n 1 | cut -d' ' -f1)
is "$(printf '%s\n' "$out" | grep -c ' 1$')" "$ncpus" "$ncpus recorder threads run at SCHED_FIFO"
is "$(printf '%s\n' "$out" | grep -E "^($main|cmd) " | cut -d' ' -f2 | tr '\n' ' ')" "0 0 " \
	"tq's main thread and the command keep SCHED_OTHER"

# -r PRIO: that priority (rt_priority is field 40 of stat); -r 0: the normal policy
run_tq record -r 5 -b 16 -e sched:sched_process_exec -o "$d/p.dat" -- sh -c \
	'for t in /proc/$PPID/task/*; do echo "${t##*/} $(sed "s/.*) //" "$t/stat" | cut -d" " -f38,39)"; done'
is "$(printf '%s\n' "$out" | grep -c ' 5 1$')" "$ncpus" "-r 5: $ncpus recorder threads at SCHED_FIFO 5"
run_tq record -r 0 -b 16 -e sched:sched_process_exec -o "$d/p.dat" -- sh -c \
	'for t in /proc/$PPID/task/*; do echo "$(sed "s/.*) //" "$t/stat" | cut -d" " -f39)"; done'
is "$rc:$(printf '%s\n' "$out" | sort -u | tr '\n' ' ')" "0:0 " "-r 0: every thread at SCHED_OTHER"
before_r=$(tracefs_state)
run_tq record -r 100 -e sched:sched_process_exec -o "$d/p.dat" -- true
is "$rc" 2 "-r 100 is a usage error"
like "$err" "-r takes a real-time priority from 1 to 99, or 0 for none" "...saying the range"
is "$(tracefs_state)" "$before_r" "...and tracefs is not touched"

# without CAP_SYS_NICE the threads keep the normal policy, and the recording works
if command -v setpriv >/dev/null 2>&1; then
	out=$(setpriv --bounding-set=-sys_nice "$TQ" record -q -b 16 -e sched:sched_process_exec \
		-o "$d/n.dat" -- sh -c 'for t in /proc/$PPID/task/*; do
			sed "s/.*) //" "$t/stat" | cut -d" " -f39; done' 2>"$d/n.err")
	rc=$?
	is "$rc:$(printf '%s\n' "$out" | sort -u | tr '\n' ' ')$(cat "$d/n.err")" "0:0 " \
		"without CAP_SYS_NICE: recorded, every thread at SCHED_OTHER, no message"
	rm -f "$d/n.dat" "$d/n.err"
else
	skip "setpriv is not installed"
fi

# -k leaves the configuration (and tracing off), but not tq's own buffer_percent; the test
# puts the rest back itself
was_on=$(cat "$TRACEFS/tracing_on")
was_kb=$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")
run_tq record -k -b 16 -e sched:sched_process_exec -o "$d/k.dat" -- true
is "$rc" 0 "record -k exits 0"
is "$(cat "$TRACEFS/events/sched/sched_process_exec/enable")" 1 "-k: the event stays enabled"
like "$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")" '^1[6-9]$' "-k: the buffer size stays"
is "$(cat "$TRACEFS/buffer_percent")" "$old_pct" "-k: buffer_percent is put back all the same"
echo 0 >"$TRACEFS/events/sched/sched_process_exec/enable"
echo "$was_on" >"$TRACEFS/tracing_on"
echo "$was_kb" >"$TRACEFS/buffer_size_kb"
echo "$old_pct" >"$TRACEFS/buffer_percent"
is "$(tracefs_state)" "$before" "tracefs is as before once the test undid -k"
