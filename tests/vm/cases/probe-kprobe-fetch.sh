# description: tq probe: a kprobe at FUNC+OFFSET, :u32 and :string fetch types and a nested dereference, fired by an open of a file the case names, with the values checked
# requires: dynamic_events kprobe_events "$arg<N>":README

cleanup() {
	set +e
	echo 0 > events/vm_fetch/enable
	echo '-:vm_fetch/vm_off' >> dynamic_events
	echo '-:vm_fetch/vm_fo' >> dynamic_events
	: > trace
	rm -f /tmp/vm_fetch.txt
}
trap cleanup EXIT

echo hello > /tmp/vm_fetch.txt
# +5: past the 5-byte ftrace call every function starts with, the next instruction; there
# the kernel takes no $arg<N>, and tq passes the argument registers instead
tq probe add kprobe vm_fetch/vm_off do_sys_openat2+5 'fn=+0($arg2):string' 'fl=+0($arg3):u32'
grep -qx 'p:vm_fetch/vm_off do_sys_openat2+5 fn=+0(%si):string fl=+0(%dx):u32' dynamic_events ||
	fail "the offset probe is not defined on registers: $(cat dynamic_events)"
# do_filp_open(int dfd, struct filename *pathname, ...): the name is the kernel's copy
tq probe add kprobe vm_fetch/vm_fo do_filp_open 'path=+0(+0($arg2)):string' 'dfd=$arg1:u32'

: > trace
echo 1 > events/vm_fetch/enable
read -r line < /tmp/vm_fetch.txt
echo 0 > events/vm_fetch/enable
trace_lines | grep -m 4 vm_
# O_RDONLY|O_LARGEFILE, the low 32 bits of struct open_how's u64 flags
trace_lines | grep -q ' vm_off: (do_sys_openat2+0x5/0x[0-9a-f]*) fn="/tmp/vm_fetch.txt" fl=32768$' ||
	fail "no hit at do_sys_openat2+5 with the file name as :string and the flags as :u32"
# AT_FDCWD (-100) read as u32
trace_lines | grep -q ' vm_fo: (do_filp_open+0x0/0x[0-9a-f]*) path="/tmp/vm_fetch.txt" dfd=4294967196$' ||
	fail "no hit of do_filp_open with the name through two dereferences"
tq probe rm vm_off vm_fo
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
