# description: tq snapshot takes, shows, clears and frees the snapshot buffer as trace-cmd snapshot does (top buffer, -c CPU, -B instance)
# requires: snapshot per_cpu/cpu0/snapshot trace_marker instances

cleanup() {
	set +e
	echo 0 > snapshot
	[ ! -d instances/tqsnap ] || rmdir instances/tqsnap
	: > trace
}
trap cleanup EXIT

# snap_lines: the snapshot without its comment header
snap_lines() {
	grep -v '^#' "${1:-snapshot}" || true
}

# The same steps by trace-cmd and by tq: what the snapshot holds after each must agree.
# Only the markers are compared: the other events (none are enabled) and times differ.
step() {
	# step TOOL: take, show, clear, free
	: > trace
	echo "vm-snap-$1" > trace_marker
	$1 snapshot -s
	grep -q "vm-snap-$1" snapshot || fail "$1 snapshot -s: the marker is not in the snapshot"
	trace_lines | grep -q "vm-snap-$1" && fail "$1 snapshot -s: the marker stayed live"
	$1 snapshot > "/tmp/$1.show"
	cmp -s "/tmp/$1.show" snapshot || fail "$1 snapshot does not print the snapshot file"
	$1 snapshot -r
	[ -z "$(snap_lines)" ] || fail "$1 snapshot -r left events in the snapshot"
	head -n 20 snapshot | grep -q 'Snapshot is allocated' ||
		fail "$1 snapshot -r freed the buffer: $(head -n 20 snapshot | grep Snapshot)"
	$1 snapshot -f
	head -n 20 snapshot | grep -q 'Snapshot is freed' || fail "$1 snapshot -f did not free it"
}
if command -v trace-cmd > /dev/null; then
	step trace-cmd
fi
step tq

# -s -r: cleared, then swapped: the marker is in it
echo vm-snap-both > trace_marker
tq snapshot -s -r
grep -q vm-snap-both snapshot || fail "tq snapshot -s -r: the swap did not come after the clear"
echo 0 > snapshot

# One CPU's: shown as trace-cmd shows it
echo 1 > snapshot
tq snapshot -c 0 > /tmp/tq.cpu0
cmp -s /tmp/tq.cpu0 per_cpu/cpu0/snapshot || fail "tq snapshot -c 0 does not print cpu0's"
if command -v trace-cmd > /dev/null; then
	trace-cmd snapshot -c 0 > /tmp/tc.cpu0
	cmp -s /tmp/tq.cpu0 /tmp/tc.cpu0 || fail "tq snapshot -c 0 differs from trace-cmd's"
fi
tq snapshot -c 0 -r
echo 0 > snapshot

# An instance's (trace-cmd 3.1.6 ignores -B; tq acts on the instance)
mkdir instances/tqsnap
echo vm-snap-inst > instances/tqsnap/trace_marker
tq snapshot -B tqsnap -s
grep -q vm-snap-inst instances/tqsnap/snapshot || fail "tq snapshot -B: not the instance's"
grep -q vm-snap-inst snapshot && fail "tq snapshot -B: the top buffer's snapshot has it"
tq snapshot -B tqsnap -f
head -n 20 instances/tqsnap/snapshot | grep -q 'Snapshot is freed' ||
	fail "tq snapshot -B -f did not free the instance's"
rmdir instances/tqsnap

# --print: the same writes, as text
[ "$(tq snapshot -s -r --print)" = "$(printf 'echo 2 > %s/snapshot\necho 1 > %s/snapshot' \
	"$TRACEFS" "$TRACEFS")" ] || fail "tq snapshot -s -r --print: $(tq snapshot -s -r --print)"
