#!/bin/sh
# tq options, check-events, snapshot and stack next to trace-cmd's: what they print on this
# machine, what they print for a device (--tracefs-copy --print), and their errors. The
# snapshot buffer and the stack tracer themselves are proven on Debian's kernel in the VM
# case snapshot-stack-tq.
. "$TQ_SRCDIR/tests/lib.sh"

d=$(scratch_dir)
cd "$d" || exit 1

# ---- options
if command -v trace-cmd >/dev/null 2>&1; then
	trace-cmd options >want 2>/dev/null
	"$TQ" options >got 2>err
	cmp -s got want
	ok $? "options: what trace-cmd options prints"
	[ -s want ] && [ ! -s err ]
	ok $? "... the options of the plugins and the graph printing, nothing on stderr"
else
	skip "trace-cmd is not installed"
	skip "trace-cmd is not installed"
fi
run_tq options
like "$out" "option:	tailprint" "options: lists fgraph:tailprint"
run_tq options extra
is "$rc" 2 "options takes no words"

# ---- check-events. libtracefs loads /proc/kallsyms with the formats: about 16 s under the
# sanitizers, so only the failing case runs the sanitizer build
TQP=${TQ_PLAIN:-$TQ}
if command -v trace-cmd >/dev/null 2>&1 && [ -r "$TRACEFS/events/header_page" ]; then
	for v in "" --verbose=all "-N --verbose=all" --verbose=err; do
		# shellcheck disable=SC2086
		trace-cmd check-events $v >want 2>want.err
		want_rc=$?
		# shellcheck disable=SC2086
		"$TQP" check-events $v >got 2>got.err
		is "$?" "$want_rc" "check-events $v: trace-cmd's exit status"
		cat got got.err >got.all
		cat want want.err >want.all
		cmp -s got.all want.all
		ok $? "check-events $v: what trace-cmd prints"
	done
else
	for i in 1 2 3 4 5 6 7 8; do
		skip "trace-cmd is not installed or this machine's tracefs is not readable"
	done
fi
deb=$(fixture_tracefs debian-6.1-amd64)
"$TQP" --tracefs "$deb" check-events >got 2>&1
is "$?" 0 "check-events: every format of Debian 6.1's tracefs parses"
is "$(cat got)" "" "... silently"
cp -r "$deb" bad
printf 'nonsense\n' >bad/events/sched/sched_switch/format
run_tq --tracefs bad check-events
is "$rc" 1 "check-events: a format that does not parse: exit 1"
like "$err" "1 event format cannot be parsed by libtraceevent" "... saying how many"
run_tq check-events --verbose=loud -N
is "$rc" 2 "check-events --verbose with a bad level: usage error"

# ---- snapshot and stack for a device: a copy of its tracefs with their files
cp -r "$deb" dev
touch dev/snapshot dev/stack_trace dev/stack_max_size
mkdir -p dev/per_cpu/cpu1 dev/instances/foo
touch dev/per_cpu/cpu1/snapshot dev/instances/foo/snapshot
T=/sys/kernel/tracing
run_tq --tracefs-copy dev snapshot -s --print
is "$out" "echo 1 > $T/snapshot" "snapshot -s --print: a swap"
run_tq --tracefs-copy dev snapshot -s -r --print
is "$out" "echo 2 > $T/snapshot
echo 1 > $T/snapshot" "snapshot -s -r --print: clear first, then swap (trace-cmd's order)"
run_tq --tracefs-copy dev snapshot -f -c 1 --print
is "$out" "echo 0 > $T/per_cpu/cpu1/snapshot" "snapshot -f -c 1 --print: CPU 1's is freed"
run_tq --tracefs-copy dev snapshot -B foo -s --print
is "$out" "echo 1 > $T/instances/foo/snapshot" "snapshot -B foo -s --print: the instance's"
run_tq --tracefs-copy dev snapshot --print
is "$out" "cat $T/snapshot" "snapshot --print: shows it"
run_tq --tracefs-copy dev snapshot -s -f --print
is "$rc" 2 "snapshot -s -f: usage error, as trace-cmd refuses it"
run_tq --tracefs-copy dev snapshot -B bar -s --print
is "$rc" 1 "snapshot -B of no instance: error"
like "$err" "no instance 'bar'" "... that names it"
run_tq --tracefs-copy dev snapshot -c 7 -s --print
is "$rc" 2 "snapshot -c of no CPU: usage error"
run_tq --tracefs-copy "$deb" snapshot -s --print
is "$rc" 3 "snapshot on a kernel without a snapshot file: exit 3"
like "$err" "no snapshot buffer" "... saying why"

run_tq --tracefs-copy dev stack --start --print
is "$out" "echo 1 > /proc/sys/kernel/stack_tracer_enabled" "stack --start --print"
run_tq --tracefs-copy dev stack --start --stop --print
is "$out" "echo 0 > /proc/sys/kernel/stack_tracer_enabled" "stack: the last action counts"
run_tq --tracefs-copy dev stack --reset --print
is "$out" "echo 0 > $T/stack_max_size" "stack --reset --print"
run_tq --tracefs-copy dev stack
is "$rc" 2 "stack on a saved copy without --print: usage error"
run_tq --tracefs-copy "$deb" stack --print
is "$rc" 3 "stack on a kernel without the stack tracer: exit 3"

# ---- this machine, when it lacks them (the host kernel of environment.md does)
if [ -d "$TRACEFS/events" ] && [ ! -e "$TRACEFS/snapshot" ]; then
	run_tq snapshot -s
	is "$rc" 3 "snapshot here: exit 3"
else
	skip "this machine's kernel has a snapshot buffer (see the VM case)"
fi
if [ ! -e /proc/sys/kernel/stack_tracer_enabled ]; then
	run_tq stack
	is "$rc" 3 "stack here: exit 3"
	like "$err" "CONFIG_STACK_TRACER" "... naming the kernel option"
else
	skip "this machine's kernel has the stack tracer (see the VM case)"
	skip "this machine's kernel has the stack tracer (see the VM case)"
fi

done_testing
