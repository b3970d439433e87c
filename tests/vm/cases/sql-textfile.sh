# description: tq hist --textfile on real hist triggers, and its --print script run by BusyBox: the .prom file follows the kernel's histogram, and SIGTERM takes triggers and file away
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

# only the workload's own wakeups (busybox usleep), so the histogram stops growing with it;
# the waits below and the printed script's own pauses use sleep, which is not "usleep"
q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s
	 JOIN sched_switch AS e ON s.pid = e.next_pid WHERE s.comm == "usleep" GROUP BY lat'
count() { sed -n 's/^tq_vm_prom_seconds_count \([0-9]*\)$/\1/p' "$dir/tq_vm_prom.prom"; }

# follow WHAT OUT: with the loop running as $pid, the .prom file follows the kernel's
# table (saved as OUT.prom and OUT.hist), and SIGTERM takes triggers and file away
follow() {
	i=0
	until [ -f "$dir/tq_vm_prom.prom" ] || [ $i -ge 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ -f "$dir/tq_vm_prom.prom" ] || fail "$1: no $dir/tq_vm_prom.prom after 20 s"
	[ -f "$hist" ] || fail "$1 made no histogram"
	i=0
	while [ $i -lt 40 ]; do usleep 1000; i=$((i + 1)); done
	hits=$(hist_hits "$hist")
	[ "$hits" -gt 0 ] || fail "$1: the workload made no hits"
	# the next writes catch up with the kernel's table, which no longer grows
	i=0
	until [ "$(count)" = "$hits" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
	cp "$dir/tq_vm_prom.prom" "$TQ_VM_OUT/$2.prom"
	cp "$hist" "$TQ_VM_OUT/$2.hist"
	[ "$(count)" = "$hits" ] || fail "$1: textfile _count $(count), kernel hits $hits"
	inf=$(sed -n 's/^tq_vm_prom_seconds_bucket{le="+Inf"} \([0-9]*\)$/\1/p' "$TQ_VM_OUT/$2.prom")
	[ "$inf" = "$hits" ] || fail "$1: +Inf bucket $inf, kernel hits $hits"

	kill -TERM "$pid"
	wait "$pid" || fail "$1 did not end cleanly on SIGTERM"
	pid=
	[ ! -e "$dir/tq_vm_prom.prom" ] || fail "$1: the .prom file is still there after SIGTERM"
	[ -z "$(ls -A "$dir")" ] || fail "$1: files left in $dir: $(ls -A "$dir")"
	! grep -q vm_prom dynamic_events || fail "$1: the synthetic event is still there"
}

tq hist -n vm_prom --textfile "$dir" --interval 0.3 "$q" &
pid=$!
follow "tq hist --textfile" textfile

# the same loop printed for a device without tq, run by BusyBox's sh and awk
tq hist -n vm_prom --textfile "$dir" --interval 0.3 --print "$q" > /tmp/vm_prom.sh
sh /tmp/vm_prom.sh &
pid=$!
follow "the printed --textfile script" printed
rm -f /tmp/vm_prom.sh
