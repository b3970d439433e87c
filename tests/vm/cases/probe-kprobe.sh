# description: tq probe: a kprobe and a kretprobe from the easy form fire on open(2), show in the trace, and are removed
# requires: dynamic_events kprobe_events "$retval":README

cleanup() {
	set +e
	echo 0 > events/vm_probe/enable
	echo '!hist:keys=common_pid' >> events/vm_probe/vm_open/trigger
	echo '-:vm_probe/vm_open_ret' >> dynamic_events
	echo '-:vm_probe/vm_open' >> dynamic_events
	echo '-:vm_probe/vm_raw' >> dynamic_events
	: > trace
}
trap cleanup EXIT

# do_sys_openat2(int dfd, const char __user *filename, struct open_how *how): $argN where
# the kernel has it, registers otherwise; a user string; a dereference of struct open_how
tq probe add kprobe vm_probe/vm_open do_sys_openat2 'dfd=$arg1:s32' 'fn=+0($arg2):ustring' \
	'flags=+0($arg3):x64'
tq probe add kretprobe vm_probe/vm_open_ret do_sys_openat2 'ret=$retval:s64'
tq probe add 'p:vm_probe/vm_raw do_sys_openat2 dfd=%di:s32'
tq probe list
tq probe list | grep -q '^kprobe  *vm_probe/vm_open  *p:vm_probe/vm_open do_sys_openat2 ' ||
	fail "the kprobe is not listed with its kind"
tq probe list | grep -q '^kretprobe  *vm_probe/vm_open_ret  *r[0-9]*:vm_probe/vm_open_ret ' ||
	fail "the kretprobe is not listed with its kind"
tq stat | grep -q 'vm_probe/vm_open_ret' || fail "tq stat does not show the kretprobe"

: > trace
echo 1 > events/vm_probe/enable
for i in 1 2 3; do
	read -r line < /proc/version
done
echo 0 > events/vm_probe/enable

trace_lines | grep -m 6 vm_
trace_lines | grep -q ' vm_open: (do_sys_openat2+0x0/[0-9a-fx]*) dfd=-100 fn="/proc/version" flags=0x8000$' ||
	fail "no kprobe hit for the shell's open(/proc/version, O_RDONLY|O_LARGEFILE)"
trace_lines | grep -q ' vm_open_ret: (.* <- do_sys_openat2) ret=[0-9]' ||
	fail "no kretprobe hit with a return value"
trace_lines | grep -q ' vm_raw: (do_sys_openat2+0x0/[0-9a-fx]*) dfd=-100$' ||
	fail "no hit of the raw definition"

# a histogram on the kprobe keeps it busy: the refusal names the trigger file
echo 'hist:keys=common_pid' >> events/vm_probe/vm_open/trigger
if tq probe remove vm_open 2> /tmp/vm_rm.err; then
	fail "removing a kprobe a histogram uses succeeded"
fi
cat /tmp/vm_rm.err
grep -q "triggers still use it" /tmp/vm_rm.err || fail "EBUSY not explained"
grep -q 'events/vm_probe/vm_open/trigger: hist:keys=common_pid' /tmp/vm_rm.err ||
	fail "the trigger file is not named"
grep -q '^p:vm_probe/vm_open ' dynamic_events || fail "the refused removal removed it"
echo '!hist:keys=common_pid' >> events/vm_probe/vm_open/trigger

# removal disables an enabled event first
echo 1 > events/vm_probe/vm_raw/enable
tq probe remove --print vm_raw | grep -q '^echo 0 > .*/events/vm_probe/vm_raw/enable$' ||
	fail "--print does not disable the event before removing it"
tq probe rm vm_probe/vm_open vm_open_ret vm_raw
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
