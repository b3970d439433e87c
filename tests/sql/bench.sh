#!/bin/sh
# Benchmark: compiling a JOIN query against a kernel with ~2300 event formats (the host
# 6.18 copy). tq loads only the two formats the query names. Prints one line per
# measurement: "name milliseconds-per-compile peak-RSS-KiB". For scripts/bench/run.
#   tests/sql/bench.sh [TQ] [RUNS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tq=${1:-$top/build/tq}
runs=${2:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$top/tests/fixtures/tracefs/host-6.18-firecracker.tar.gz" -C "$tmp"
q='SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat
   FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid'

ms() { date +%s%N | cut -c1-13; }
t0=$(ms)
i=0
while [ $i -lt "$runs" ]; do
	"$tq" sql -t "$tmp" --all-features "$q" >/dev/null
	i=$((i + 1))
done
t1=$(ms)
rss=$(/usr/bin/time -f %M "$tq" sql -t "$tmp" --all-features "$q" 2>&1 >/dev/null | tail -n 1)
echo "tq-sql-join-2323-events $(( (t1 - t0) / runs )) ${rss}"
