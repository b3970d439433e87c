# description: a kprobe and a kretprobe on do_sys_openat2 fire and record their arguments
# requires: kprobe_events kprobe_profile "r[maxactive]":README "$retval":README

cleanup() {
	set +e
	echo 0 > events/vm_probe/enable
	echo '-:vm_probe/vm_open_ret' >> kprobe_events
	echo '-:vm_probe/vm_open' >> kprobe_events
	: > trace
}
trap cleanup EXIT

# do_sys_openat2(int dfd, const char __user *filename, struct open_how *how)
echo 'p:vm_probe/vm_open do_sys_openat2 dfd=%di:s32 flags=+0(%dx):x64' >> kprobe_events
echo 'r:vm_probe/vm_open_ret do_sys_openat2 ret=$retval:s64' >> kprobe_events
grep -q '^p:vm_probe/vm_open do_sys_openat2' kprobe_events || fail "kprobe not listed"
grep -q '^r[0-9]*:vm_probe/vm_open_ret do_sys_openat2' kprobe_events || fail "kretprobe not listed"

: > trace
echo 1 > events/vm_probe/enable
for _ in 1 2 3 4 5; do
	cat /proc/version > /dev/null
done
echo 0 > events/vm_probe/enable

trace_lines | grep -m 5 vm_open
trace_lines | grep -q ' vm_open: (do_sys_openat2+0x0/.*) dfd=-100 flags=0x8000$' ||
	fail "no kprobe hit for cat's open(/proc/version, O_RDONLY) in the trace"
trace_lines | grep -q ' vm_open_ret: (.* <- do_sys_openat2) ret=[0-9]' ||
	fail "no kretprobe hit with a return value in the trace"
# kprobe_profile: event name, hits, misses
hits=$(awk '$1 == "vm_probe/vm_open" || $1 == "vm_open" { print $2 }' kprobe_profile)
[ "${hits:-0}" -ge 5 ] || fail "kprobe_profile counts ${hits:-no} hits, expected at least 5"
