# description: tq probe: an eprobe on sched_switch fires with the fields it fetched, and is removed
# requires: dynamic_events events/sched/sched_switch "e[:[<group>/][<event>]]":README

cleanup() {
	set +e
	echo 0 > events/eprobes/vm_ep/enable
	echo '-:eprobes/vm_ep' >> dynamic_events
	: > trace
}
trap cleanup EXIT

# README describes eprobes (the requires: line), so the kernel has them: no exit 3 here
tq probe add eprobe vm_ep sched/sched_switch 'next=next_pid:s32' 'prio=next_prio:s32'
tq probe list | grep -q '^eprobe  *eprobes/vm_ep  *e:eprobes/vm_ep sched[./]sched_switch ' ||
	fail "the eprobe is not listed with its kind"

: > trace
echo 1 > events/eprobes/vm_ep/enable
wakeups 5
echo 0 > events/eprobes/vm_ep/enable
trace_lines | grep -m 3 vm_ep
trace_lines | grep -q ' vm_ep: (sched.sched_switch) next=[0-9]* prio=[0-9]*$' ||
	fail "no eprobe hit with its fields"

tq record -q -e eprobes:vm_ep -o /tmp/vm_ep.dat -- sh -c '. /tq-vm/functions.sh; wakeups 5'
tq report /tmp/vm_ep.dat > /tmp/vm_ep.txt
grep -m 3 vm_ep /tmp/vm_ep.txt
# the print fmt of an eprobe's format file does not name the event it is attached to
grep -Eq ' vm_ep: +(\(sched.sched_switch\) )?next=[0-9]+ prio=[0-9]+$' /tmp/vm_ep.txt ||
	fail "no eprobe in the recorded trace"
rm -f /tmp/vm_ep.dat

tq probe rm vm_ep
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
