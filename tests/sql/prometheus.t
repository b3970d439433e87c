#!/bin/sh
# End to end with the servers a fleet runs: tq hist --textfile keeps a .prom file in the
# directory of Debian's prometheus-node-exporter (textfile collector), a Prometheus server
# scrapes node_exporter every second, and its HTTP API must answer histogram_quantile()
# and _count with tq's own numbers, over several scrapes while the histogram grows. The
# servers listen on loopback ports of this test and stop at its end. The hist file is the
# kernel's text written by hand (this host has no hist triggers; tests/vm does it live).
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/sql/tree-lib.sh"

for p in prometheus prometheus-node-exporter; do
	command -v $p >/dev/null || skip_all "$p is not installed (scripts/install-deps)"
done

dir=$(scratch_dir)
tree=$dir/tracefs
mkdir -p "$dir/textfile" "$dir/data"
make_tree "$tree"
# hist_file HITS_AT_2^3 HITS_AT_2^6: the kernel's hist file of the latency histogram
hist_file() {
	cat >"$tree/events/synthetic/wlat/hist.new" <<H
# event histogram
#
# trigger info: hist:keys=lat.log2:vals=hitcount:sort=hitcount:size=2048 [active]
#

{ lat: ~ 2^3  } hitcount:          $1
{ lat: ~ 2^6  } hitcount:          $2

Totals:
    Hits: $(($1 + $2))
    Entries: 2
    Dropped: 0
H
	mv "$tree/events/synthetic/wlat/hist.new" "$tree/events/synthetic/wlat/hist"
}
hist_file 4 8

ports=$(/usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
ne_port=$1
prom_port=$2

prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$dir/textfile" >"$dir/ne.log" 2>&1 &
ne_pid=$!
cat >"$dir/prometheus.yml" <<Y
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$ne_port']
Y
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
	--web.listen-address="127.0.0.1:$prom_port" >"$dir/prom.log" 2>&1 &
prom_pid=$!
trap 'kill $ne_pid $prom_pid 2>/dev/null; wait $ne_pid $prom_pid 2>/dev/null' EXIT

# Both scripts below ask Prometheus's HTTP API for one value: the first result's, or None.
cat >"$dir/promapi.py" <<'PY'
import json, sys, time, urllib.parse, urllib.request

port = sys.argv[1]

def query(q):
    url = "http://127.0.0.1:%s/api/v1/query?%s" % (port, urllib.parse.urlencode({"query": q}))
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            res = json.load(r)["data"]["result"]
    except OSError:
        return None
    return float(res[0]["value"][1]) if res else None

def wait_for(q, want):
    """Whether q gives want within 60 s: the scrape that brings a value."""
    end = time.time() + 60
    while time.time() < end:
        if query(q) == want:
            return True
        time.sleep(0.2)
    return False
PY

# The command tq hist runs while it keeps the textfile: asks Prometheus (waiting for the
# scrape that brings a value), grows the histogram, asks again.
cat >"$dir/check.py" <<'PY'
import os, sys
from promapi import query, wait_for

hist = sys.argv[2]

def grow():
    """The kernel's hist file with 20 hits at 2^6 instead of 8."""
    text = open(hist).read().replace("hitcount:          8", "hitcount:         20")
    text = text.replace("Hits: 12", "Hits: 24")
    with open(hist + ".new", "w") as f:
        f.write(text)
    os.rename(hist + ".new", hist)

for step, want in enumerate((12, 24)):
    if step:
        grow()
    print("count%d %s" % (step, "ok" if wait_for("tq_wlat_seconds_count", want) else "missing"))
    print("p99_%d %r" % (step, query("histogram_quantile(0.99, tq_wlat_seconds_bucket)")))
    print("p50_%d %r" % (step, query("histogram_quantile(0.5, tq_wlat_seconds_bucket)")))
PY
q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'
run_tq --tracefs "$tree" hist -n wlat --textfile "$dir/textfile" --interval 0.2 "$q" -- \
	/usr/bin/python3 "$dir/check.py" "$prom_port" "$tree/events/synthetic/wlat/hist"
is "$rc" 0 "tq hist --textfile runs under node_exporter and Prometheus"
[ "$rc" = 0 ] || diag "$err" "$(tail -n 5 "$dir/prom.log")" "$(tail -n 5 "$dir/ne.log")"

# in_bucket VALUE LO HI: LO < VALUE <= HI
in_bucket() {
	/usr/bin/python3 -c 'import sys; v, lo, hi = map(float, sys.argv[1:]); sys.exit(not lo < v <= hi)' \
		"$1" "$2" "$3" 2>/dev/null
}
field() { printf '%s\n' "$out" | sed -n "s/^$1 //p"; }

is "$(field count0)" ok "Prometheus's _count is tq's 12 hits"
# tq's table: 4 hits in (4, 8] us, 8 in (32, 64] us; the 99th and 50th percentiles are
# the 12th and 6th hits, in (32, 64] us: Prometheus interpolates inside that bucket
in_bucket "$(field p99_0)" 3.2e-05 6.4e-05
ok $? "histogram_quantile(0.99) is in tq's bucket (32, 64] us: $(field p99_0)"
in_bucket "$(field p50_0)" 3.2e-05 6.4e-05
ok $? "histogram_quantile(0.5) too: $(field p50_0)"
is "$(field count1)" ok "a later scrape: _count follows the histogram to 24"
# 4 + 20 hits: the 12th of 24 (p50) is in (32, 64] us as well, p99 (23.76th) too
in_bucket "$(field p50_1)" 3.2e-05 6.4e-05
ok $? "histogram_quantile(0.5) after the growth: $(field p50_1)"
is "$(ls -A "$dir/textfile")" "" "the .prom file is gone when tq hist ends"

# --- offline: tq hist -i of a recording (trace-cmd's, of Debian's kernel), the first
# quarter of it and then all of it as two scrapes; Prometheus's quantiles must fall in the
# log2 buckets of tq's exact percentiles of the same events ---
xz -dc "$TQ_SRCDIR/tests/report/fixtures/v7-zstd.dat.xz" >"$dir/rec.dat"
quarter=$("$TQ" report -i "$dir/rec.dat" | awk 'NR == 1000 { sub(":", "", $3); print $3 }')
for part in quarter all; do
	window=
	[ $part = quarter ] && window="--to $quarter"
	# shellcheck disable=SC2086
	run_tq hist -i "$dir/rec.dat" $window --prometheus --metric tq_rec "$q"
	is "$rc" 0 "tq hist -i --prometheus ($part of the recording)"
	printf '%s\n' "$out" >"$dir/rec-$part.prom"
	promtool check metrics <"$dir/rec-$part.prom" >"$dir/promtool.out" 2>&1
	ok $? "promtool check metrics reads it ($part)"
	eval "count_$part=\$(sed -n 's/^tq_rec_seconds_count //p' \"\$dir/rec-\$part.prom\")"
	# a key that is the same for every event: one row, the percentiles of them all
	# shellcheck disable=SC2086
	run_tq hist -i "$dir/rec.dat" $window --json 'SELECT s.common_type AS k,
		p50(TIMESTAMP_DELTA_USECS) AS p50, p99(TIMESTAMP_DELTA_USECS) AS p99, count(*)
		FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY k'
	for pc in p50 p99; do
		eval "${pc}_$part=\$(printf '%s\n' \"\$out\" | sed -n 's/.*\"$pc\":\([0-9]*\).*/\1/p')"
	done
done
cat >"$dir/offline.py" <<'PY'
import os, shutil, sys
from promapi import query, wait_for

textfile = sys.argv[2]
steps = [sys.argv[i:i + 2] for i in range(3, len(sys.argv), 2)]

for step, (prom, want) in enumerate(steps):
    shutil.copy(prom, os.path.join(textfile, "tq_rec.prom.tmp"))
    os.rename(os.path.join(textfile, "tq_rec.prom.tmp"), os.path.join(textfile, "tq_rec.prom"))
    found = wait_for("tq_rec_seconds_count", float(want))
    print("count%d %s" % (step, "ok" if found else "missing"))
    for name, q in (("50", "0.5"), ("99", "0.99")):
        print("q%s_%d %r" % (name, step,
                             query("histogram_quantile(%s, tq_rec_seconds_bucket)" % q)))
os.unlink(os.path.join(textfile, "tq_rec.prom"))
PY
/usr/bin/python3 "$dir/offline.py" "$prom_port" "$dir/textfile" \
	"$dir/rec-quarter.prom" "$count_quarter" "$dir/rec-all.prom" "$count_all" >"$dir/offline.out"
out=$(cat "$dir/offline.out")
# same_bucket SECONDS USECS: both in the same log2 bucket (2^(k-1), 2^k] of microseconds
same_bucket() {
	/usr/bin/python3 -c 'import math, sys
s, us = float(sys.argv[1]), float(sys.argv[2])
k = math.ceil(math.log2(us))
sys.exit(not (2 ** (k - 1) < s * 1e6 <= 2 ** k))' "$1" "$2" 2>/dev/null
}
ok "$([ "${count_quarter:-0}" -gt 0 ] && [ "$count_all" -gt "$count_quarter" ] && echo 0 ||
	echo 1)" "the quarter holds fewer events ($count_quarter) than the whole ($count_all)"
step=0
for part in quarter all; do
	is "$(field count$step)" ok "Prometheus's _count is tq's $(eval echo \$count_$part) ($part)"
	for pc in 50 99; do
		got=$(field "q${pc}_$step")
		exact=$(eval echo "\$p${pc}_$part")
		same_bucket "$got" "$exact"
		ok $? "$part: Prometheus's quantile $pc% ($got s) is in the bucket of tq's exact p$pc ($exact us)"
	done
	step=$((step + 1))
done

done_testing
