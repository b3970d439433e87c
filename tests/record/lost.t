#!/bin/sh
# Events lost for real, end to end: a 4 KiB buffer and a recorder that cannot read (tq is
# stopped with SIGSTOP while the command execs). tq record prints the per-CPU overruns,
# warns loudly that events were LOST and suggests the -b that would have held them,
# computed from those numbers; the file is still complete for what was kept.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
[ "$(cat "$TRACEFS/options/overwrite" 2>/dev/null)" = 1 ] ||
	skip_all "options/overwrite is off: lost events would be dropped, not overrun"
plan 10
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)

mkfifo "$d/ready" "$d/go" "$d/done"
# The command tells its pid once tracing is on, waits for go, execs 300 times, says done.
"$TQ" record -e sched -b 4 -o "$d/l.dat" -- sh -c 'echo $$ >"$0/ready"; read x <"$0/go"
	i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i + 1)); done; echo done >"$0/done"' "$d" \
	>"$d/out" 2>"$d/err" &
tq_pid=$!
trap 'kill -CONT "$tq_pid" 2>/dev/null; rm -rf "$_tq_tmp"' EXIT
read -r child <"$d/ready"
kill -STOP "$tq_pid"
# what tq will find in buffer_size_kb when it computes the suggestion
kb=$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")
echo go >"$d/go"
read -r _ <"$d/done"
kill -CONT "$tq_pid"
wait "$tq_pid"
rc=$?
err=$(cat "$d/err")
is "$rc" 0 "record exits 0 although events were lost"
unlike "$err" 'AddressSanitizer|runtime error' "no sanitizer report"
is "$(tracefs_state)" "$before" "tracefs is as before"

# the per-CPU lines: "cpuN: READ events read, OVERRUN overrun, DROPPED dropped, ..."
sums=$(printf '%s\n' "$err" | sed -n 's/^cpu[0-9]*: \([0-9]*\) events read, \([0-9]*\) overrun, \([0-9]*\) dropped.*/\1 \2 \3/p' |
	awk '{ r += $1; l += $2 + $3 } END { print r + 0, l + 0 }')
read=${sums% *} lost=${sums#* }
like "$lost" '^[1-9]' "the stats show events lost ($lost) with a $kb KiB buffer"
# the smallest power of two at least twice the buffer and at least kb * (read + lost) / read
want=$(awk -v kb="$kb" -v r="$read" -v l="$lost" 'BEGIN {
	need = kb * (r + l) / (r ? r : 1); s = 1
	while (s < 2 * kb || s < need) s *= 2
	print s }')
warning=$(printf '%s\n' "$err" | grep 'LOST')
like "$warning" "^tq: record: warning: $lost events were LOST in the top buffer" \
	"a warning says how many events were LOST"
like "$warning" "a bigger buffer \(-b $want\) would probably have held them" \
	"...and suggests -b $want"
ok $([ "$want" -gt "$kb" ]; echo $?) "the suggestion is bigger than the buffer was ($want > $kb)"
run_tq report -i "$d/l.dat"
is "$rc" 0 "the file is readable"
like "$(printf '%s\n' "$out" | grep -c 'sched_process_exec: *filename=/bin/true')" '^[1-9]' \
	"...with the execs the buffer kept"
if have_trace_cmd; then
	is "$(trace-cmd report -i "$d/l.dat" 2>/dev/null)" "$out" "trace-cmd report prints the same"
else
	skip "trace-cmd is not installed"
fi
