#!/bin/sh
# tq hist on a tracefs copy (no kernel needed): the plan is appended to plain files, a
# hand-written hist file stands in for the kernel's, and everything is removed at the end.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/sql/tree-lib.sh"

tree=$(scratch_dir)/tracefs
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
    Dropped: 0
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

q_lat='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'
q_kmalloc='SELECT common_pid.execname, sum(bytes_alloc) FROM kmalloc ORDER BY sum(bytes_alloc) DESC'


run_tq --tracefs "$tree" hist -n wlat -d 0.1 "$q_lat"
is "$rc" 0 "log2 latency histogram runs for -d"
like "$out" '^lat:' "bar chart titled with the key"
like "$out" '\[5, 8\] +4 \|@{20} {20}\|' "2^3 bucket with half a bar"
like "$out" '\[9, 16\] +0 \|' "empty bucket shown"
like "$out" 'hits: 12  entries: 2  dropped: 0' "totals"
grep -q '^s:wlat u64 lat;$' "$tree/dynamic_events"
ok $? "the synthetic event was defined"
grep -qx -- '-:wlat' "$tree/dynamic_events"
ok $? "and removed"
is "$(net_triggers)" "" "every trigger removed again"

run_tq --tracefs "$tree" hist -n wlat --table -d 0.1 "$q_lat"
like "$out" '^lat +hitcount' "--table for a log2 key"

run_tq --tracefs "$tree" hist -n wlat --json -d 0.1 "$q_lat"
like "$out" '^\{"trigger":"hist:keys=lat.log2.*"rows":\[\{"lat":"~ 2\^3","range":\[5,8\],"hitcount":4\}' "--json"

run_tq --tracefs "$tree" hist -d 0.1 "$q_kmalloc"
is "$rc" 0 "single-event histogram"
like "$out" '^common_pid +hitcount +bytes_alloc' "table header"
like "$out" 'bash \[2378\] +3 +4096' "table row"
grep -qx 'hist:keys=common_pid.execname:vals=bytes_alloc:sort=bytes_alloc.descending' \
	"$tree/events/kmem/kmalloc/trigger"
ok $? "the trigger as compiled"

run_tq --tracefs "$tree" hist "$q_kmalloc" -- true
is "$rc" 0 "runs until the command exits"
like "$out" 'sshd \[612\] +9 +1024' "and shows the histogram"

# SIGTERM (from the command itself: no timing involved) still shows and cleans up
run_tq --tracefs "$tree" hist -n wlat "$q_lat" -- sh -c 'kill -TERM $PPID; exec sleep 30'
is "$rc" 0 "stopped by SIGTERM"
like "$out" '\[33, 64\] +8' "histogram shown after SIGTERM"
is "$(net_triggers)" "" "nothing left after SIGTERM"

run_tq --tracefs "$tree" hist -n wlat --interval 0.05 -d 0.12 --json "$q_lat"
like "$out" '^\{"time":[0-9.]+,"hist":\{"trigger"' "interval output with a timestamp"

run_tq --tracefs "$tree" hist --event kmem:kmalloc
is "$rc" 0 "--event shows an existing histogram"
like "$out" 'bash \[2378\]' "its rows"

run_tq --tracefs "$tree" hist --event kmem/nope
is "$rc" 3 "--event on an event without a hist file"

run_tq --tracefs "$tree" hist 'SELECT s.pid FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid'
is "$rc" 1 "a query without a histogram is refused"
like "$err" 'makes no histogram' "and says why"
is "$(net_triggers)" "" "before anything was written"

run_tq --tracefs "$tree" hist 'SELECT s.pid, CAST(e.next_prio AS HEX) AS np FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid'
is "$rc" 1 "a JOIN with only a display modifier makes no histogram"
like "$err" "warning: line 1, column 15: 'np' reaches the event Anonymous as a plain number" "warns where the modifier is lost"
like "$err" 'makes no histogram: add count' "then refuses"

run_tq --tracefs "$tree" hist -B nope -d 1 'SELECT prev_pid FROM sched_switch'
is "$rc" 1 "-B names an instance that does not exist"
like "$err" "no instance 'nope' in $tree: create it first" "says how to make it"
is "$(net_triggers)" "" "and writes nothing"

run_tq --tracefs "$tree" sql -e -B nope 'SELECT prev_pid FROM sched_switch'
is "$rc" 1 "tq sql -e -B with no such instance"
like "$err" "no instance 'nope'" "says so"

run_tq --tracefs "$(fixture_tracefs host-6.18-firecracker)" hist -d 1 'SELECT prev_pid FROM sched_switch'
is "$rc" 3 "a kernel without hist triggers: exit 3"
like "$err" 'no hist triggers' "with the reason"

run_tq --tracefs "$tree" hist -d x "$q_lat"
is "$rc" 2 "bad duration"

# --print: the one-liner as a script for a device without tq
before=$(cat "$tree/dynamic_events" "$tree"/events/*/*/trigger | cksum)
run_tq --tracefs "$tree" hist --print -n wlat "$q_lat" -- printf '%s\n' "it's done"
is "$rc" 0 "--print with a command"
is "$(cat "$tree/dynamic_events" "$tree"/events/*/*/trigger | cksum)" "$before" \
	"...changes nothing"
script=$out
like "$script" "^trap : INT
'printf' '%s\\\\n' 'it'\\\\''s done'
trap - INT
cat '$tree/events/synthetic/wlat/hist'$" "...runs the command, quoted, then shows the hist file"
like "$(printf '%s\n' "$script" | head -n 3)" "^# tq hist: .*
\($" "...in one subshell"
like "$(printf '%s\n' "$script" | tail -n 2)" "^echo -:wlat >> '?$tree/dynamic_events'?
\)$" "...that ends with the removal"
if command -v busybox >/dev/null; then
	sh_out=$(busybox sh -c "$script" 2>&1)
	like "$sh_out" "^it's done$" "busybox sh runs it: the command"
	like "$sh_out" "Hits: 12" "...and the hist file"
	is "$(net_triggers)" "" "...and removes all it wrote"
else
	for i in 1 2 3; do skip "busybox is not installed"; done
fi
run_tq --tracefs "$tree" hist --print -d 2.5 "$q_kmalloc"
like "$out" "^trap : INT
sleep 2.5
trap - INT$" "--print -d waits with sleep"
run_tq --tracefs "$tree" hist --print "$q_kmalloc"
like "$out" "^w=1
trap 'w=0' INT
.*
while \[ \\\$w = 1 \]; do sleep 1; done$" "--print alone waits for Ctrl-C, which the trap turns into the end of the wait"
for bad in "-i 1" "-d 1 -- true" "--event kmem:kmalloc"; do
	# shellcheck disable=SC2086
	run_tq --tracefs "$tree" hist --print $bad "$q_kmalloc"
	is "$rc" 2 "--print with $bad is a usage error"
done
like "$err" "not --event, -i, nor -d with a command" "...saying what --print can wait for"
"$TQ" --tracefs "$tree" hist --print "$q_kmalloc" >/dev/full 2>"$tree/full.err"
is "$?" 1 "--print to a full disk fails"
like "$(cat "$tree/full.err")" "cannot write the script: No space left on device" "...saying so"
is "$(wc -l < "$tree/full.err" | tr -d ' ')" 1 "...once"
run_tq --tracefs "$tree" hist -d inf "$q_lat"
is "$rc" 2 "-d inf is no duration"

run_tq --tracefs "$tree" sql -e -n wlat "$q_lat"
is "$rc" 0 "tq sql -e applies"
run_tq --tracefs "$tree" sql -e -n wlat --remove "$q_lat"
is "$rc" 0 "tq sql --remove -e removes"
is "$(net_triggers)" "" "nothing left"

done_testing
