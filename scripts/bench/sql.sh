#!/bin/sh
# Compiling one JOIN query against a kernel with ~2300 event formats (the host 6.18 copy):
# tq sql, which parses only the formats the query names, side by side with libtracefs's
# tracefs_sql (the peer, which parses every format), in one run. Reports time per compile
# (whole process), peak memory, and the ratios; nothing is asserted.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tq=$top/build/tq
runs=${SQL_BENCH_RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$top/tests/fixtures/tracefs/host-6.18-firecracker.tar.gz" -C "$tmp"
cc -O2 -o "$tmp/peer" "$top/scripts/bench/sqlhist-peer.c" \
	$(pkg-config --cflags --libs libtracefs libtraceevent)
q='SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid'

ms() { date +%s%N | cut -c1-13; }
# per_compile NAME CMD...: mean wall milliseconds over $runs runs, and peak RSS in KiB
per_compile() {
	name=$1
	shift
	t0=$(ms)
	i=0
	while [ $i -lt "$runs" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	t1=$(ms)
	rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)
	echo "$name $(( (t1 - t0) / runs )) $rss"
}

tq_line=$(per_compile tq "$tq" sql -t "$tmp" --all-features "$q")
peer_line=$(per_compile peer "$tmp/peer" "$tmp" "$q")
set -- $tq_line
tq_ms=$2 tq_kb=$3
set -- $peer_line
peer_ms=$2 peer_kb=$3
printf '%-28s %10s %12s\n' "compile a JOIN, 2323 formats" "ms/compile" "peak KiB"
printf '%-28s %10s %12s\n' "tq sql" "$tq_ms" "$tq_kb"
printf '%-28s %10s %12s\n' "libtracefs tracefs_sql" "$peer_ms" "$peer_kb"
awk -v a="$peer_ms" -v b="$tq_ms" -v c="$peer_kb" -v d="$tq_kb" 'BEGIN {
	printf "ratio (peer / tq): time %.1fx, memory %.1fx\n", a / (b ? b : 1), c / (d ? d : 1) }'
