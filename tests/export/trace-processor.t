#!/bin/sh
# The perfetto, systrace and chrome-json outputs opened by Perfetto's own trace_processor (its WASM
# build, fetched by scripts/trace-processor/fetch, run under Node offline): SQL on its
# tables gives the scheduling slices per CPU, thread names and event counts of the file,
# and its stats table shows no import error or loss. Skipped only when npm cannot reach
# the registry to fetch it.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
cd "$d" || exit 1
tp=${TQ_TRACE_PROCESSOR:-$HOME/.cache/tq/trace-processor}
"$TQ_SRCDIR/scripts/trace-processor/fetch" "$tp" >fetch.out 2>fetch.err
case $? in
0) ;;
3) skip_all "npm cannot reach the registry to fetch trace_processor: $(head -1 fetch.err)" ;;
*) plan 1; ok 1 "trace_processor fetched: $(head -3 fetch.err)"; done_testing ;;
esac
for s in v6 v7-zstd v7-instance; do
	fixture "$s.dat" >/dev/null
done

for s in v6 v7-zstd v7-instance; do
	"$TQ" report -i "$s.dat" --json >report.json 2>/dev/null
	for to in perfetto systrace chrome-json; do
		count="select count(*) n from slice"
		[ $to = perfetto ] && count="select count(*) n from ftrace_event"
		"$TQ" convert -i "$s.dat" --to $to -o "$s.$to" --force >out 2>err
		ok $? "$s: convert --to $to"
		node "$TQ_SRCDIR/scripts/trace-processor/tp-query.mjs" "$tp" "$s.$to" \
			"select cpu, count(*) n from sched group by cpu" \
			"select name, value from stats where value > 0 and severity in ('error', 'data_loss')" \
			"select tid, name from thread" \
			"$count" >tp.out 2>tp.err
		rc=$?
		[ $rc -eq 0 ] || sed 's/^/# /' tp.err | head -5
		python3 "$TQ_SRCDIR/tests/export/tp-check.py" $to report.json tp.out >res 2>&1
		ok $? "$s: trace_processor reads the $to as tq reads the file ($(tail -1 res))"
		sed '$d; s/^/# /' res | head -20
	done
done

# function_graph calls as complete events: recorded in the VM on Debian 6.1 (tq record -p
# function_graph, then trace-cmd convert --compression none), where an exit's record
# lags its rettime by more than its callee's, so a call placed at its exit less its
# duration began before its parent did, and trace_processor dropped it as overlapping.
xz -dc "$TQ_SRCDIR/tests/export/fixtures/graph-debian.dat.xz" >graph.dat || exit 1
"$TQ" report -i graph.dat --json >report.json 2>/dev/null
"$TQ" convert -i graph.dat --to chrome-json -o graph.json --force >out 2>err
ok $? "graph: convert --to chrome-json"
node "$TQ_SRCDIR/scripts/trace-processor/tp-query.mjs" "$tp" graph.json \
	"select cpu, count(*) n from sched group by cpu" \
	"select name, value from stats where value > 0 and severity in ('error', 'data_loss')" \
	"select tid, name from thread" "select count(*) n from slice" >tp.out 2>tp.err
python3 "$TQ_SRCDIR/tests/export/tp-check.py" chrome-json report.json tp.out >res 2>&1
ok $? "graph: trace_processor nests every call in its caller ($(tail -1 res))"
sed '$d; s/^/# /' res | head -20
done_testing
