#!/bin/sh
# tq hist -i FILE: what a file cannot be combined with, and the limits of its options.
# Each is a usage error (exit 2) that names the option and changes nothing.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
dat=$(fixture v7-zstd.dat)
q='SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'

# usage WHAT PATTERN ARGS...: tq hist ARGS exits 2 with PATTERN in its message
usage() {
	_what=$1 _pattern=$2
	shift 2
	run_tq hist "$@"
	is "$rc" 2 "$_what: usage error"
	like "$err" "$_pattern" "$_what: says why"
}

usage "-i with a command" "-i reads a file: no command" -i "$dat" "$q" -- true
usage "-i with --event" "-i reads a file" -i "$dat" --event sched:sched_switch
usage "-i with --print" "-i reads a file" -i "$dat" --print "$q"
usage "-i with --duration" "-i reads a file" -i "$dat" -d 1 "$q"
usage "-i with --interval" "-i reads a file" -i "$dat" --interval 1 "$q"
usage "-i with --textfile" "-i reads a file" -i "$dat" --textfile "$d" --interval 1 "$q"
usage "-i with -t" "-i reads a file" -i "$dat" -t "$d" "$q"
usage "-i without a query" "no query given" -i "$dat"
printf '%s\n' "$q" >"$d/q.sql"
usage "-i with -f and a query" "with -f or as arguments, not both" -i "$dat" -f "$d/q.sql" "$q"
usage "--from that is not a time" "--from 'soon' is not a time in seconds" -i "$dat" \
	--from soon "$q"
usage "--to that is not a time" "--to '1e' is not a time in seconds" -i "$dat" --to 1e "$q"
usage "--step without --heatmap" "--step is the width of --heatmap's columns" -i "$dat" \
	--step 1 "$q"
usage "--heatmap with an empty name" "--heatmap needs a file name" -i "$dat" --heatmap '' "$q"
usage "--step of nan" "--step 'nan' is not a time in seconds" -i "$dat" --heatmap "$d/h.svg" \
	--step nan "$q"
ls "$d"/h.svg >/dev/null 2>&1
is $? 2 "...and no heat map was written"

# The most files one run reads: 256 pass the option parser (shown by the next check's
# error, made before any file is read); one more is refused before anything is read.
set --
i=0
while [ $i -lt 256 ]; do
	set -- "$@" -i "$dat"
	i=$((i + 1))
done
usage "256 -i files" "--step is the width of --heatmap's columns" "$@" --step 1 "$q"
usage "a 257th -i file" "more than 256 -i files: tq hist reads at most that many" "$@" \
	-i "$dat" "$q"
is "$out" "" "...with nothing counted"
done_testing
