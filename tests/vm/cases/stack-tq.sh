# description: tq stack starts, stops, resets and prints the stack tracer as trace-cmd stack does
# requires: stack_trace stack_max_size

[ -e /proc/sys/kernel/stack_tracer_enabled ] ||
	unsupported "no /proc/sys/kernel/stack_tracer_enabled"
cleanup() {
	set +e
	echo 0 > /proc/sys/kernel/stack_tracer_enabled
	echo 0 > stack_max_size
}
trap cleanup EXIT

tq stack --start
[ "$(cat /proc/sys/kernel/stack_tracer_enabled)" = 1 ] || fail "tq stack --start did not start it"
ls / > /dev/null
cat /proc/version > /dev/null
tq stack | head -n 1 | grep -qx '(stack tracer running)' || fail "tq stack: not running?"
tq stack --stop
[ "$(cat /proc/sys/kernel/stack_tracer_enabled)" = 0 ] || fail "tq stack --stop did not stop it"
[ "$(cat stack_max_size)" -gt 0 ] || fail "the stack tracer saw no stack"

# Stopped, stack_trace holds still: both tools print the same
tq stack > /tmp/tq.stack
head -n 1 /tmp/tq.stack | grep -qx '(stack tracer not running)' || fail "tq stack: running?"
grep -q '^#' /tmp/tq.stack && fail "tq stack printed stack_trace's '#' lines"
[ "$(sed 1d /tmp/tq.stack | wc -l)" -gt 2 ] || fail "tq stack printed no stack"
if command -v trace-cmd > /dev/null; then
	trace-cmd stack > /tmp/tc.stack
	cmp -s /tmp/tq.stack /tmp/tc.stack || {
		diff /tmp/tc.stack /tmp/tq.stack | head -n 10
		fail "tq stack differs from trace-cmd stack"
	}
fi

tq stack --reset
[ "$(cat stack_max_size)" = 0 ] || fail "tq stack --reset left stack_max_size $(cat stack_max_size)"
[ "$(tq stack --start --print)" = "echo 1 > /proc/sys/kernel/stack_tracer_enabled" ] ||
	fail "tq stack --start --print: $(tq stack --start --print)"
