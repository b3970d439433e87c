# description: tq runs in the guest and lists tracers, functions and dynamic events there
# requires: kprobe_events function:tracer available_filter_functions

cleanup() {
	set +e
	echo '-:vm_tq/vm_tq_open' >> kprobe_events
}
trap cleanup EXIT

tq --version
# The host kernel forbids the function tracer's files; this one must list them.
tq list -t | grep -qx function || fail "tq list -t does not list the function tracer"
[ "$(tq list -f '^vfs_read$')" = vfs_read ] || fail "tq list -f does not find vfs_read"

echo 'p:vm_tq/vm_tq_open do_sys_openat2' >> kprobe_events
tq list --dynamic
tq list --dynamic | grep -q vm_tq_open || fail "tq list --dynamic does not show the kprobe"
