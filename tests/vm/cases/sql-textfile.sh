# description: tq hist --textfile on real hist triggers: the .prom file follows the kernel's histogram, and SIGTERM takes triggers and file away
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README
# timeout: 90

dir=/tmp/vm_prom
mkdir -p "$dir"
hist=$TRACEFS/events/synthetic/vm_prom/hist
cleanup() {
	set +e
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid"
	rm -rf "$dir"
}
trap cleanup EXIT

# only the workload's own wakeups (busybox sleep), so the histogram stops growing with it;
# the waits below use usleep, which is not "sleep"
tq hist -n vm_prom --textfile "$dir" --interval 0.3 \
	'SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s
	 JOIN sched_switch AS e ON s.pid = e.next_pid WHERE s.comm == "sleep" GROUP BY lat' &
pid=$!
i=0
until [ -f "$dir/tq_vm_prom.prom" ] || [ $i -ge 200 ]; do usleep 100000; i=$((i + 1)); done
[ -f "$dir/tq_vm_prom.prom" ] || fail "no $dir/tq_vm_prom.prom after 20 s"
[ -f "$hist" ] || fail "tq hist --textfile made no histogram"
wakeups 40
hits=$(hist_hits "$hist")
[ "$hits" -gt 0 ] || fail "the workload made no hits"
# the next writes catch up with the kernel's table, which no longer grows
count() { sed -n 's/^tq_vm_prom_seconds_count \([0-9]*\)$/\1/p' "$dir/tq_vm_prom.prom"; }
i=0
until [ "$(count)" = "$hits" ] || [ $i -ge 100 ]; do usleep 100000; i=$((i + 1)); done
cp "$dir/tq_vm_prom.prom" "$TQ_VM_OUT/textfile.prom"
cp "$hist" "$TQ_VM_OUT/kernel.hist"
[ "$(count)" = "$hits" ] || fail "textfile _count $(count), kernel hits $hits"
inf=$(sed -n 's/^tq_vm_prom_seconds_bucket{le="+Inf"} \([0-9]*\)$/\1/p' "$TQ_VM_OUT/textfile.prom")
[ "$inf" = "$hits" ] || fail "+Inf bucket $inf, kernel hits $hits"

kill -TERM "$pid"
wait "$pid" || fail "tq hist --textfile did not end cleanly on SIGTERM"
pid=
[ ! -e "$dir/tq_vm_prom.prom" ] || fail "the .prom file is still there after SIGTERM"
[ -z "$(ls -A "$dir")" ] || fail "files left in $dir: $(ls -A "$dir")"
! grep -q vm_prom dynamic_events || fail "the synthetic event is still there after SIGTERM"
