# description: the EXAMPLES of tq-probe(1), run in order as written: each kind of probe made, fired, recorded and histogrammed, and nothing left behind
# requires: dynamic_events kprobe_events uprobe_events synthetic_events events/sched/sched_switch "$retval":README "e[:[<group>/][<event>]]":README "trace(<synthetic_event>,param list)":README
# timeout: 120

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null
	echo "$clock" > trace_clock
	rm -f /tmp/main.dat /tmp/switch.dat /tmp/doc_*
}
trap cleanup EXIT

# The EXAMPLES section of Documentation/tq-probe.adoc, verbatim: the guest has no
# Documentation/, and tests/live/probe-print.t fails when this copy and the page differ.
cat > /tmp/doc_examples.adoc <<'EXAMPLES'
== EXAMPLES
The examples below follow one another: pasted in order on a kernel that has every kind of
probe, they end with nothing left behind.

Arguments and return value of *do_sys_openat2*, fired by any open and shown from the
trace; *tq reset -k all* then turns tracing back on and keeps the probes:

----
tq probe add kprobe myopen do_sys_openat2 'dfd=$arg1:s32' 'fn=+0($arg2):ustring' \
        'flags=+0($arg3):x64'
tq probe add kretprobe myopen_ret do_sys_openat2 'ret=$retval:s64'
tq start -e kprobes
cat /proc/version
tq stop; tq show | grep myopen
tq reset -k all
----

How long *do_sys_openat2* takes, as a histogram of microseconds (see *tq-hist*(1)):

----
tq hist 'SELECT log2(r.TIMESTAMP_USECS - p.TIMESTAMP_USECS) AS usecs, count(*)
        FROM kprobes.myopen AS p JOIN kprobes.myopen_ret AS r ON p.common_pid = r.common_pid
        GROUP BY usecs' -- cat /proc/version
----

The same kprobe in the kernel's syntax, under a name of its own (names are unique):

----
tq probe add 'p:myopen_raw do_sys_openat2 filename=+0(%si):ustring'
----

*malloc* in the C library by symbol, with its size argument; the return of tq's own
*main*, and its entry by the file offset tq found for the symbol; then a recording of one
run of tq:

----
tq probe add uprobe mymalloc /lib/x86_64-linux-gnu/libc.so.6:malloc 'size=$arg1:u64'
tq probe add uretprobe mymain "$(command -v tq)":main 'ret=$retval:s32'
off=$(tq probe list | awk '$2 == "uprobes/mymain" { sub(/.*:/, "", $4); print $4 }')
tq probe add uprobe main_at "$(command -v tq)":"$off"
tq record -e uprobes:mymain -e uprobes:main_at -o /tmp/main.dat -- tq --version
tq report /tmp/main.dat
----

An eprobe that keeps two fields of *sched_switch*, recorded for a moment, and a synthetic
event (hist triggers fire it: see *tq-sql*(1)):

----
tq probe add eprobe next_task sched/sched_switch 'pid=next_pid:s32' 'prio=next_prio:s32'
tq record -e eprobes:next_task -o /tmp/switch.dat -- sleep 0.1
tq report /tmp/switch.dat | head
tq probe add synth wake_lat 'u64 lat; pid_t pid'
----

What would be written, without writing it; the list; then removal by name, by
*tq reset* for every kind but *synth*, and last the synthetic event:

----
tq probe add --print kprobe vfsr vfs_read 'count=$arg3:u64'
tq probe list
tq probe rm myopen myopen_ret myopen_raw
tq reset -k synth
tq probe rm wake_lat
----

EXAMPLES

# every ---- block, in order, as the script a user would paste
awk 'BEGIN { n = 0 } /^----$/ { if (b) { b = 0; n++ } else b = 1; next }
	b { print > ("/tmp/doc_block_" n ".sh") }' /tmp/doc_examples.adoc
n=$(ls /tmp/doc_block_*.sh | wc -l)
[ "$n" -eq 6 ] || fail "$n example blocks, expected 6"
i=0
while [ $i -lt "$n" ]; do
	if ! sh -e /tmp/doc_block_$i.sh > /tmp/doc_out_$i 2>&1; then
		tail -n 15 /tmp/doc_out_$i
		fail "example block $((i + 1)) failed: $(head -n 1 /tmp/doc_block_$i.sh)"
	fi
	head -n 4 /tmp/doc_out_$i
	i=$((i + 1))
done

# 1: both probes fired on the open of /proc/version, and tracing is on again
grep -q ' myopen: (do_sys_openat2+0x0/[0-9a-fx]*) dfd=-100 fn="/proc/version" flags=0x8000$' \
	/tmp/doc_out_0 || fail "tq show has no myopen hit for /proc/version"
grep -q ' myopen_ret: (.* <- do_sys_openat2) ret=[0-9]' /tmp/doc_out_0 || fail "no myopen_ret hit"
# 2: a latency histogram with hits
hits=$(sed -n 's/^hits: \([0-9]*\).*/\1/p' /tmp/doc_out_1)
[ "${hits:-0}" -ge 1 ] || fail "the do_sys_openat2 latency histogram has ${hits:-no} hits"
grep -q '^usecs' /tmp/doc_out_1 || fail "the histogram has no usecs key"
# 4: tq's main by symbol (return) and by the offset tq found (entry), in a recording
grep -Eq ' mymain: +\((0x)?[0-9a-f]+ <- (0x)?[0-9a-f]+\) ret=0$' /tmp/doc_out_3 ||
	fail "no uretprobe on main in the recording"
grep -Eq ' main_at: +\((0x)?[0-9a-f]+\)$' /tmp/doc_out_3 || fail "no uprobe by offset in the recording"
# 5: the eprobe in a recording
grep -Eq ' next_task: +(\(sched.sched_switch\) )?pid=[0-9]+ prio=[0-9]+$' /tmp/doc_out_4 ||
	fail "no eprobe in the recording"
# 6: --print printed, the list had every example, and nothing is left
grep -qx "echo 'p:kprobes/vfsr vfs_read count=\$arg3:u64' >> /sys/kernel/tracing/dynamic_events" \
	/tmp/doc_out_5 || fail "the --print example printed something else"
for e in kprobes/myopen kprobes/myopen_ret kprobes/myopen_raw uprobes/mymalloc uprobes/mymain \
	uprobes/main_at eprobes/next_task synthetic/wake_lat; do
	grep -q "^[a-z]*  *$e " /tmp/doc_out_5 || fail "tq probe list did not list $e"
done
[ -z "$(cat dynamic_events)" ] || fail "left in dynamic_events: $(cat dynamic_events)"
[ "$(cat tracing_on)" = 1 ] || fail "the examples left tracing_on at $(cat tracing_on)"
[ "$(cat current_tracer)" = nop ] || fail "the examples left the tracer $(cat current_tracer)"
[ -z "$(cat set_event)" ] || fail "the examples left events enabled: $(cat set_event)"
left=$(grep -v '^#' events/*/*/trigger 2>/dev/null | head -n 3)
[ -z "$left" ] || fail "the examples left triggers: $left"
