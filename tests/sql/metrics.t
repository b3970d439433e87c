#!/bin/sh
# Prometheus metrics from histograms: tq hist --openmetrics / --prometheus / --textfile and
# tq show --hist, on a tracefs copy whose hist files are written by hand. Every exposition
# is read by a real parser: Prometheus's text format by promtool (exit 1 is a parse error,
# 3 a lint warning: both fail), OpenMetrics by python3-prometheus-client's parser, which
# also refuses buckets out of order, a missing +Inf and a missing # EOF.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/sql/tree-lib.sh"

command -v promtool >/dev/null || skip_all "promtool (Debian's prometheus) is not installed"
/usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' 2>/dev/null ||
	skip_all "python3-prometheus-client is not installed"

dir=$(scratch_dir)
tree=$dir/tracefs
make_tree "$tree"
cat >"$tree/events/synthetic/wlat/hist" <<'H'
# event histogram
#
# trigger info: hist:keys=lat.log2:vals=hitcount:sort=hitcount:size=2048 [active]
#

{ lat: ~ 2^3  } hitcount:          4
{ lat: ~ 2^6  } hitcount:          8

Totals:
    Hits: 12
    Entries: 2
    Dropped: 5
H
cat >"$tree/events/kmem/kmalloc/hist" <<'H'
# event histogram
#
# trigger info: hist:keys=common_pid.execname:vals=hitcount,bytes_alloc:sort=bytes_alloc.descending:size=2048 [active]
#

{ common_pid: bash            [      2378] } hitcount:          3  bytes_alloc:       4096
{ common_pid: sshd            [       612] } hitcount:          9  bytes_alloc:       1024

Totals:
    Hits: 12
    Entries: 2
    Dropped: 0
H
cat >"$tree/events/sched/sched_switch/hist" <<'H'
# event histogram
#
# trigger info: hist:keys=prev_comm,prev_prio.buckets=10:vals=hitcount:sort=hitcount:size=2048 [active]
#

{ prev_comm: some "quoted" \ name, prev_prio: ~ 120-129 } hitcount:          6
{ prev_comm: kworker/0:1     , prev_prio: ~ 100-109 } hitcount:          2
{ prev_comm: kworker/0:1     , prev_prio: ~ 120-129 } hitcount:          1

Totals:
    Hits: 9
    Entries: 3
    Dropped: 0
H

q_lat='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'
q_kmalloc='SELECT common_pid.execname, sum(bytes_alloc) FROM kmalloc'

# om_parse FILE: the families and samples python3-prometheus-client's OpenMetrics parser
# reads, one "name type sample{labels} value" line each; "ERR ..." when it refuses
om_parse() {
	/usr/bin/python3 - "$1" <<'PY'
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
try:
    for f in text_string_to_metric_families(open(sys.argv[1]).read()):
        for s in f.samples:
            labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
            print("%s %s %s{%s} %r" % (f.name, f.type, s.name, labels, s.value))
except Exception as e:
    print("ERR %s" % e)
PY
}

# promtool_ok FILE DESCRIPTION: promtool reads it without an error or a lint warning
promtool_ok() {
	promtool check metrics <"$1" >"$dir/promtool.out" 2>&1
	pc=$?
	is "$pc" 0 "$2: promtool check metrics"
	[ "$pc" = 0 ] || diag "$(cat "$dir/promtool.out")"
}


# --- a log2 latency in microseconds: a histogram in seconds ---
run_tq --tracefs "$tree" hist -n wlat --openmetrics -d 0.05 "$q_lat"
is "$rc" 0 "tq hist --openmetrics"
printf '%s\n' "$out" >"$dir/lat.om"
parsed=$(om_parse "$dir/lat.om")
unlike "$parsed" '^ERR' "the OpenMetrics parser reads it"
like "$out" '^# TYPE tq_wlat_seconds histogram$' "a histogram named from -n, in seconds"
like "$out" '^# UNIT tq_wlat_seconds seconds$' "...with its unit"
like "$out" "^# HELP tq_wlat_seconds SELECT log2\\(TIMESTAMP_DELTA_USECS\\)" "HELP is the query"
# ~2^3 holds (4, 8] us: le 8e-06; buckets from 2^0 up to the highest, empty ones filled
like "$out" '^tq_wlat_seconds_bucket\{le="1e-06"\} 0$' "the first bucket, empty"
like "$out" '^tq_wlat_seconds_bucket\{le="8e-06"\} 4$' "2^3 us is le 8e-06 s"
like "$out" '^tq_wlat_seconds_bucket\{le="3.2e-05"\} 4$' "an empty bucket between keeps the sum"
like "$out" '^tq_wlat_seconds_bucket\{le="6.4e-05"\} 12$' "cumulative at 2^6"
like "$out" '^tq_wlat_seconds_bucket\{le="\+Inf"\} 12$' "+Inf holds every hit"
is "$(printf '%s\n' "$out" | grep -c '_bucket{')" 8 "2^0 .. 2^6 and +Inf"
unlike "$out" '_count' "no _count without a _sum in OpenMetrics"
like "$out" '^tq_wlat_dropped_total 5$' "the kernel's dropped count is a counter"
like "$out" '# EOF$' "ends with # EOF"
is "$(net_triggers)" "" "the triggers were removed"

run_tq --tracefs "$tree" hist -n wlat --prometheus -d 0.05 "$q_lat"
is "$rc" 0 "tq hist --prometheus"
printf '%s\n' "$out" >"$dir/lat.prom"
promtool_ok "$dir/lat.prom" "log2 histogram"
like "$out" '^tq_wlat_seconds_count 12$' "Prometheus's format has the _count"
like "$out" '^# TYPE tq_wlat_dropped_total counter$' "a counter's TYPE names its _total"

# --- counters: no bucket key ---
run_tq --tracefs "$tree" hist --openmetrics -d 0.05 "$q_kmalloc"
printf '%s\n' "$out" >"$dir/kmalloc.om"
parsed=$(om_parse "$dir/kmalloc.om")
unlike "$parsed" '^ERR' "counters: the OpenMetrics parser reads them"
like "$parsed" '^tq_kmalloc counter tq_kmalloc_total\{common_pid=bash \[2378\]\} 3$' \
	"count(*) per execname, the key a label"
like "$parsed" '^tq_kmalloc_bytes_alloc counter tq_kmalloc_bytes_alloc_total\{common_pid=sshd \[612\]\} 1024$' \
	"sum(bytes_alloc) is its own counter"
run_tq --tracefs "$tree" hist --prometheus -d 0.05 "$q_kmalloc"
printf '%s\n' "$out" >"$dir/kmalloc.prom"
promtool_ok "$dir/kmalloc.prom" "counters"

# --- an existing trigger: linear buckets, labels that need escaping ---
run_tq --tracefs "$tree" show --hist sched:sched_switch --openmetrics
is "$rc" 0 "tq show --hist --openmetrics"
printf '%s\n' "$out" >"$dir/switch.om"
parsed=$(om_parse "$dir/switch.om")
unlike "$parsed" '^ERR' "linear buckets: the OpenMetrics parser reads them"
like "$out" 'prev_comm="some \\"quoted\\" \\\\ name",le="129"\} 6' \
	"quotes and backslashes escaped; .buckets=10 bucket k has le (k+1)*10-1"
like "$out" '^tq_sched_switch_bucket\{prev_comm="kworker/0:1",le="109"\} 2$' "a second series"
like "$out" '^tq_sched_switch_bucket\{prev_comm="kworker/0:1",le="119"\} 2$' "...its empty bucket filled"
like "$out" '^tq_sched_switch_bucket\{prev_comm="kworker/0:1",le="129"\} 3$' "...cumulative"
run_tq --tracefs "$tree" show --hist sched:sched_switch --prometheus
printf '%s\n' "$out" >"$dir/switch.prom"
promtool_ok "$dir/switch.prom" "linear buckets"

# --- --textfile: the file node_exporter reads, written while a command runs ---
# the command waits (at most 10 s) for the file tq writes as soon as its triggers are set
wait_for='w() { i=0; until [ -f "$1" ] || [ $i -ge 1000 ]; do sleep 0.01; i=$((i + 1)); done; [ -f "$1" ]; }; w'

mkdir "$dir/textfile"
run_tq --tracefs "$tree" hist -n wlat --textfile "$dir/textfile" --interval 0.05 "$q_lat" -- \
	sh -c "$wait_for"' "$1/tq_wlat.prom" && cp "$1/tq_wlat.prom" "$1/../seen.prom"' \
	sh "$dir/textfile"
is "$rc" 0 "--textfile runs while the command runs"
promtool_ok "$dir/seen.prom" "the textfile"
like "$(cat "$dir/seen.prom")" '^tq_wlat_seconds_bucket\{le="6.4e-05"\} 12$' "...holds the histogram"
is "$(ls -A "$dir/textfile")" "" "the .prom file and its temporary are gone afterwards"
is "$(net_triggers)" "" "and the triggers"

run_tq --tracefs "$tree" hist -n wlat --textfile "$dir/textfile" --interval 0.05 \
	--metric wakeup_latency \
	"$q_lat" -- sh -c "$wait_for"' "$1/wakeup_latency.prom"' sh "$dir/textfile"
is "$rc" 0 "--metric names the metric and its file"

# several statements of one script: one family each
printf '%s;\n%s;\n' "$q_lat" "$q_kmalloc" >"$dir/two.sql"
run_tq --tracefs "$tree" hist -n wlat --prometheus -d 0.05 -f "$dir/two.sql"
is "$rc" 0 "two statements"
printf '%s\n' "$out" >"$dir/two.prom"
promtool_ok "$dir/two.prom" "two families"
like "$out" '^# TYPE tq_wlat_seconds histogram$' "the first statement's histogram"
like "$out" '^# TYPE tq_kmalloc_total counter$' "the second one's counter"

# --- --textfile --print: the loop as a script, run by BusyBox (sh, awk, sleep, sync, mv) ---
if command -v busybox >/dev/null; then
	bb=$dir/bb
	mkdir -p "$bb" "$dir/printed"
	for a in awk sleep sync mv rm cat; do
		ln -sf "$(command -v busybox)" "$bb/$a"
	done
	run_tq --tracefs "$tree" hist -n wlat --textfile "$dir/printed" --interval 0.05 --print \
		-f "$dir/two.sql"
	is "$rc" 0 "--textfile --print prints the script"
	[ "$rc" = 0 ] || diag "$err"
	printf '%s\n' "$out" >"$dir/textfile.sh"
	PATH=$bb:$PATH busybox sh "$dir/textfile.sh" 2>"$dir/script.err" &
	script=$!
	sh -c "$wait_for"' "$1/tq_wlat.prom" && cp "$1/tq_wlat.prom" "$1/../printed.prom"' sh \
		"$dir/printed"
	ok $? "the script writes the metrics file"
	kill -TERM $script
	wait $script
	is "$?" 0 "and ends on SIGTERM, with status 0"
	[ -s "$dir/script.err" ] && diag "$(cat "$dir/script.err")"
	is "$(ls -A "$dir/printed")" "" "the .prom file and its temporary are gone afterwards"
	is "$(net_triggers)" "" "and the triggers"
	promtool_ok "$dir/printed.prom" "the script's textfile"
	# what BusyBox's awk made of the hist files is what tq makes of them, line for line
	LC_ALL=C sort "$dir/two.prom" >"$dir/two.sorted"
	LC_ALL=C sort "$dir/printed.prom" | diff "$dir/two.sorted" - >"$dir/printed.diff"
	ok $? "the script's metrics are tq's own (--prometheus), in another order"
	[ -s "$dir/printed.diff" ] && diag "$(head -20 "$dir/printed.diff")"
	# the directory is the device's: tq does not check it, the script stops when it
	# cannot write there, and still takes its triggers away
	run_tq --tracefs "$tree" hist -n wlat --textfile "$dir/nowhere" --interval 0.05 --print \
		"$q_lat"
	printf '%s\n' "$out" >"$dir/nowhere.sh"
	PATH=$bb:$PATH busybox sh "$dir/nowhere.sh" >/dev/null 2>"$dir/script.err"
	is "$?" 1 "a directory the script cannot write in: it stops with status 1"
	like "$(cat "$dir/script.err")" "tq: cannot write $dir/nowhere/tq_wlat.prom" "...and says so"
	is "$(net_triggers)" "" "...with its triggers removed"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		skip "busybox is not installed (busybox-static, scripts/install-deps)"
	done
fi

# --- bad input: refused before any trigger is set ---
run_tq --tracefs "$tree" hist --textfile "$dir/nope" --interval 1 "$q_lat"
is "$rc" 1 "--textfile on a directory that does not exist"
like "$err" "cannot use '$dir/nope' for --textfile: No such file or directory" "says which"
: >"$dir/afile"
run_tq --tracefs "$tree" hist --textfile "$dir/afile" --interval 1 "$q_lat"
is "$rc" 1 "--textfile on a file"
like "$err" "is not a directory" "says so"
run_tq --tracefs "$tree" hist --textfile "$dir/textfile" "$q_lat"
is "$rc" 2 "--textfile needs --interval"
run_tq --tracefs "$tree" hist --openmetrics --metric 9lives -d 1 "$q_lat"
is "$rc" 2 "a metric name Prometheus refuses"
like "$err" "'9lives' is not a Prometheus metric name" "is named in the error"
run_tq --tracefs "$tree" hist --metric x -d 1 "$q_lat"
is "$rc" 2 "--metric alone is a usage error"
run_tq --tracefs "$tree" hist --textfile "$dir/textfile" --interval 1 --print "$q_lat" -- true
is "$rc" 2 "--textfile --print runs until a signal: no command"
is "$(net_triggers)" "" "none of them wrote a trigger"

done_testing
