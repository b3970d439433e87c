# description: -P limits the function tracer too (set_ftrace_pid), record -F follows the command's pid and -c its children
# requires: function:tracer set_ftrace_filter set_ftrace_pid options/function-fork
# timeout: 120

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	[ -n "$busy1" ] && kill "$busy1" "$busy2"
	tq reset
	echo "$clock" > trace_clock
	rm -f /tmp/vm_pid.dat /tmp/vm_pid.*
}
trap cleanup EXIT

# two shells that read a file with their builtin read, vfs_read in their own pids, paced
# by sleeps so that two emulated CPUs are not kept busy
sh -c 'while :; do read -r x < /proc/version; sleep 0.01; done' &
busy1=$!
sh -c 'while :; do read -r x < /proc/version; sleep 0.01; done' &
busy2=$!

tq start -p function -l vfs_read -P "$busy1"
grep -qx "$busy1" set_ftrace_pid || fail "set_ftrace_pid is not $busy1: $(cat set_ftrace_pid)"
grep -qx "$busy1" set_event_pid || fail "set_event_pid is not $busy1"
tq stat | grep -q "^ftrace pids: *$busy1\$" || fail "stat does not show the ftrace pid"
# until twenty calls are in (the busy shells each make about a hundred a second)
n=0
while [ "$(trace_lines | grep -c vfs_read)" -lt 20 ]; do
	n=$((n + 1))
	[ "$n" -lt 200 ] || fail "vfs_read is not traced"
	sleep 0.05
done
tq stop
pids=$(trace_lines | sed -n 's/^ *[^ ]*-\([0-9][0-9]*\) .*vfs_read.*/\1/p' | sort -u | tr '\n' ' ')
echo "pids traced: $pids"
[ "$pids" = "$busy1 " ] || fail "the function tracer traced pids '$pids', not only $busy1"
tq reset
grep -q . set_ftrace_pid && ! grep -qx 'no pid' set_ftrace_pid &&
	fail "reset left set_ftrace_pid: $(cat set_ftrace_pid)"
kill "$busy1" "$busy2"
busy1=

# record -F: the command's own pid in set_ftrace_pid, children not followed unless -c
tq record -q -p function -l vfs_read -F -o /tmp/vm_pid.dat \
	sh -c 'echo $$ > /tmp/vm_pid.me; cat set_ftrace_pid > /tmp/vm_pid.seen;
		cat options/function-fork > /tmp/vm_pid.fork'
[ "$(cat /tmp/vm_pid.seen)" = "$(cat /tmp/vm_pid.me)" ] ||
	fail "record -F set set_ftrace_pid to '$(cat /tmp/vm_pid.seen)', not the command's pid"
[ "$(cat /tmp/vm_pid.fork)" = 0 ] || fail "record -F without -c let function-fork on"
tq record -q -p function -l vfs_read -F -c -o /tmp/vm_pid.dat \
	sh -c 'cat options/function-fork > /tmp/vm_pid.fork; cat options/event-fork >> /tmp/vm_pid.fork'
[ "$(cat /tmp/vm_pid.fork | tr '\n' ' ')" = "1 1 " ] || fail "record -F -c: fork options $(cat /tmp/vm_pid.fork)"
[ "$(cat options/function-fork)" = 0 ] || fail "record left function-fork on"
if grep -q '[0-9]' set_ftrace_pid; then fail "record left set_ftrace_pid: $(cat set_ftrace_pid)"; fi
