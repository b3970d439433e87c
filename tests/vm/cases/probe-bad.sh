# description: tq probe: bad definitions of each kind are refused with the kernel's error_log, nothing left behind
# requires: dynamic_events kprobe_events synthetic_events
# timeout: 120

cleanup() {
	set +e
	for e in kprobes/vm_bad kprobes/vm_bad2 synthetic/vm_bad eprobes/vm_bad uprobes/vm_bad; do
		echo "-:$e" >> dynamic_events
	done
}
trap cleanup EXIT

# expect_refused KERNEL-LOG-TEXT ARGS...: tq probe add fails, quoting the kernel
expect_refused() {
	want=$1
	shift
	if tq probe add "$@" 2> /tmp/vm_bad.err; then
		fail "accepted: $*"
	fi
	cat /tmp/vm_bad.err
	grep -q "$want" /tmp/vm_bad.err || fail "no '$want' for: $*"
	[ -z "$(cat dynamic_events)" ] || fail "left behind by '$*': $(cat dynamic_events)"
}

expect_refused 'error_log' kprobe vm_bad do_sys_openat2 'x=%nosuchreg'
expect_refused 'Invalid register' kprobe vm_bad do_sys_openat2 'x=%nosuchreg'
expect_refused "the kernel has no function 'no_such_function_vm_test'" kprobe vm_bad no_such_function_vm_test
expect_refused "did you mean 'do_sys_openat2'" kretprobe vm_bad do_sys_opnat2
expect_refused 'error_log' 'p:vm_bad no_such_function_vm_test'
expect_refused "unknown type 'u65'" kretprobe vm_bad2 do_sys_openat2 'r=$retval:u65'
expect_refused 'error_log' synth vm_bad 'u64 lat; nosuchtype pid'
expect_refused "')' to close the dereference" 'p:vm_bad do_sys_openat2 x=+0(%di'
# inside the first instruction: EILSEQ, whose strerror() speaks of multibyte characters
expect_refused 'the probe point is not at an instruction boundary (EILSEQ)' kprobe vm_bad do_sys_openat2+1
grep -q 'multibyte' /tmp/vm_bad.err && fail "EILSEQ shown as strerror: $(cat /tmp/vm_bad.err)"
tq_bin=$(command -v tq)
expect_refused 'error_log' uprobe vm_bad "$tq_bin:main" 'x=%nosuchreg'
if grep -q 'e\[:\[<group>/\]' README; then
	expect_refused "attaches to 'sched/no_such_event_vm', an event this kernel does not have" \
		eprobe vm_bad sched/no_such_event_vm
	expect_refused 'Attached event does not have this field' eprobe vm_bad sched/sched_switch 'x=+0(no_such_field_vm)'
fi
# refused before the kernel sees them
if tq probe add kretprobe vm_bad do_sys_openat2 'x=$arg9' 2> /tmp/vm_bad.err; then
	fail "\$arg9 accepted"
fi
cat /tmp/vm_bad.err
if tq probe add uprobe vm_bad "$tq_bin:no_such_symbol_vm" 2> /tmp/vm_bad.err; then
	fail "a missing ELF symbol was accepted"
fi
grep -q "no function 'no_such_symbol_vm'" /tmp/vm_bad.err || fail "missing symbol not named"
[ -z "$(cat dynamic_events)" ] || fail "left behind: $(cat dynamic_events)"
