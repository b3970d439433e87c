# description: tq probe: a uprobe and a uretprobe on tq's own main, by ELF symbol and by offset, fire when it runs
# requires: dynamic_events uprobe_events

cleanup() {
	set +e
	echo 0 > events/vm_up/enable
	echo '-:vm_up/vm_main_ret' >> dynamic_events
	echo '-:vm_up/vm_main' >> dynamic_events
	echo '-:vm_up/vm_main_off' >> dynamic_events
	: > trace
	rm -f /tmp/vm_tq /tmp/vm_up.dat
}
trap cleanup EXIT

# a copy, so that only the runs below hit the probes
cp "$(command -v tq)" /tmp/vm_tq
tq probe add uprobe vm_up/vm_main /tmp/vm_tq:main 'argc=$arg1:s32'
tq probe add uretprobe vm_up/vm_main_ret /tmp/vm_tq:main 'ret=$retval:s32'
off=$(sed -n 's|^p:vm_up/vm_main /tmp/vm_tq:\(0x[0-9a-f]*\) .*|\1|p' dynamic_events)
[ -n "$off" ] || fail "no offset in dynamic_events: $(cat dynamic_events)"
tq probe add uprobe vm_up/vm_main_off "/tmp/vm_tq:$off"
tq probe list | grep -q '^uretprobe  *vm_up/vm_main_ret ' || fail "uretprobe not listed"

: > trace
echo 1 > events/vm_up/enable
/tmp/vm_tq help > /dev/null
/tmp/vm_tq list -h > /dev/null
echo 0 > events/vm_up/enable
trace_lines | grep -m 6 vm_main
[ "$(trace_lines | grep -c ' vm_main: (0x[0-9a-f]*) argc=[23]$')" -eq 2 ] ||
	fail "the uprobe did not fire once per run with argc"
[ "$(trace_lines | grep -c ' vm_main_off: (0x[0-9a-f]*)$')" -eq 2 ] ||
	fail "the uprobe by offset did not fire once per run"
trace_lines | grep -q ' vm_main_ret: (0x[0-9a-f]* <- 0x[0-9a-f]*) ret=0$' ||
	fail "the uretprobe did not see main return 0"

# recorded into a trace.dat and read back
tq record -q -e vm_up -o /tmp/vm_up.dat -- /tmp/vm_tq help > /dev/null
tq report /tmp/vm_up.dat > /tmp/vm_up.txt
grep -m 3 vm_main /tmp/vm_up.txt
# trace.dat is printed from the format files' print fmt, as trace-cmd does: no 0x there
grep -Eq ' vm_main: +\((0x)?[0-9a-f]+\) argc=2$' /tmp/vm_up.txt || fail "no uprobe in the recorded trace"
grep -Eq ' vm_main_ret: +\((0x)?[0-9a-f]+ <- (0x)?[0-9a-f]+\) ret=0$' /tmp/vm_up.txt ||
	fail "no uretprobe in the recorded trace"

tq probe rm vm_main vm_main_ret vm_main_off
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
