# description: tq hist --interval --heatmap on real hist triggers: a column per interval of what the kernel's table gained, one map per CPU, in an SVG (checked on the host) and in the terminal
# requires: dynamic_events events/sched/sched_waking events/sched/sched_switch "trace(<synthetic_event>,param list)":README
# timeout: 120

cleanup() {
	set +e
	rm -f /tmp/vm_hm.svg /tmp/vm_hm_key.svg /tmp/x.svg /tmp/vm_hm.err
}
trap cleanup EXIT

# the workload's own wakeups (busybox usleep) over several intervals, keyed by CPU as well
q='SELECT s.target_cpu AS tcpu, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*)
	 FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid
	 WHERE s.comm == "usleep" GROUP BY tcpu, lat'
work='i=0; while [ $i -lt 40 ]; do usleep 15000; i=$((i + 1)); done'

tq hist -n vm_hm --interval 0.1 --heatmap /tmp/vm_hm.svg --json "$q" -- sh -c "$work" \
	> "$TQ_VM_OUT/live.json"
[ -s /tmp/vm_hm.svg ] || fail "no heat map written"
cp /tmp/vm_hm.svg "$TQ_VM_OUT/live.svg"
n=$(wc -l < "$TQ_VM_OUT/live.json")
[ "$n" -ge 3 ] || fail "only $n interval tables for a workload of over 0.6 s"
! grep -q vm_hm dynamic_events || fail "the synthetic event is still there"

# one CPU's map, and the terminal view printed once at the end (stdout is no terminal)
cpu=$(sed -n 's/.*class="sub"[^>]*>tcpu=\([0-9]*\)<.*/\1/p' /tmp/vm_hm.svg | head -n 1)
[ -n "$cpu" ] || fail "no map titled cpu=N in the SVG"
tq hist -n vm_hm --interval 0.1 --heatmap /tmp/vm_hm_key.svg --heatmap-key "tcpu=$cpu" "$q" \
	-- sh -c "$work" > /dev/null
[ "$(grep -c '<g class="map"' /tmp/vm_hm_key.svg)" = 1 ] || fail "--heatmap-key cpu=$cpu: not one map"
grep -q ">tcpu=$cpu<" /tmp/vm_hm_key.svg || fail "--heatmap-key cpu=$cpu: another CPU's map"
cp /tmp/vm_hm_key.svg "$TQ_VM_OUT/key.svg"
tq hist -n vm_hm --interval 0.1 --heatmap - "$q" -- sh -c "$work" > "$TQ_VM_OUT/term.out"
grep -q "^tcpu=$cpu$" "$TQ_VM_OUT/term.out" || fail "the terminal view has no map of cpu=$cpu"
grep -q '^ *2^[0-9]* |' "$TQ_VM_OUT/term.out" || fail "the terminal view has no bucket rows"
[ "$(grep -c 'per column' "$TQ_VM_OUT/term.out")" -ge 1 ] || fail "no legend in the terminal"
! grep -q "$(printf '\033')" "$TQ_VM_OUT/term.out" || fail "redrawn or coloured on a pipe"
tq hist -n vm_hm --interval 0.1 --heatmap /tmp/x.svg --heatmap-key tcpu=999 "$q" \
	-- sh -c 'usleep 20000' 2> /tmp/vm_hm.err && fail "--heatmap-key tcpu=999 succeeded"
grep -q "no hit has that tcpu" /tmp/vm_hm.err || fail "tcpu=999: $(cat /tmp/vm_hm.err)"
[ ! -e /tmp/x.svg ] || fail "tcpu=999 wrote a file"
! grep -q vm_hm dynamic_events || fail "the synthetic event is still there"
