#!/bin/sh
# Issue 15, defect 2: probe definitions (and SQL strings) that would inject a second command
# into dynamic_events, or that the kernel cannot parse, are refused before anything is
# printed or written, with a caret at the offending byte.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
[ -f "$T/README" ] || skip_all "the tracefs fixture does not unpack"
nl='
'
cr=$(printf '\r')

# refused WANT ARGS...: tq probe add --print fails with exit 2, prints nothing, says WANT
refused() {
	want=$1
	shift
	run_tq --tracefs "$T" probe add --print "$@"
	what=$(printf '%s' "$*" | tr '\n\r' '  ')
	is "$rc" 2 "refused with exit 2: $what"
	is "$out" "" "... printing nothing"
	like "$err" "$want" "... saying: $want"
}

refused 'a line break would start a second command' kprobe myp do_sys_open "x=\$arg1$nl-:kprobes/y"
like "$err" '  x=\$arg1\\n-:kprobes/y' "the payload is shown on one line"
like "$err" "$(printf '\n         \\^')" "with the caret under the line break"
refused 'a line break' kprobe myp do_sys_open "x=\$arg1$cr"
refused 'a line break' eprobe e sched/sched_switch if "next_pid == 1$nl-:kprobes/y"
refused 'a line break' synth s "u64 a;$nl-:kprobes/y"
refused 'a line break' "p:kprobes/raw do_sys_open$nl-:kprobes/y"
refused "unexpected ';' in the probed place" kprobe myp 'do_sys_open;id'
refused "unknown variable '\\\$bogus'" kprobe myp do_sys_open 'x=$bogus'
refused "unknown type 'u99'" kprobe myp do_sys_open 'x=$arg1:u99'
refused "field 'u64' has a type but no name" synth s u64
refused 'a blank would split it into two arguments' kprobe myp do_sys_open 'a b c'
# Debian 6.1's README lists no char type (later kernels have it)
refused "README lists no type 'char'" kprobe myp do_sys_open 'x=%di:char'

run_tq --tracefs "$T" probe add --print eprobe e nosys/noevent
is "$rc" 1 "an eprobe on a missing event is refused"
is "$out" "" "... printing nothing"
like "$err" "attaches to 'nosys/noevent', an event this kernel does not have" "... naming it"

# what the documentation and the VM cases use is still taken
run_tq --tracefs "$T" probe add --print kprobe myopen do_sys_openat2 'dfd=$arg1:s32' \
	'fn=+0($arg2):ustring' 'fl=+0(+0($arg3)):x32'
is "$rc" 0 "a kprobe with typed and dereferenced arguments is printed"
run_tq --tracefs "$T" probe add --print eprobe next_task sched/sched_switch 'pid=next_pid:s32' \
	if 'next_pid > 0'
is "$rc" 0 "an eprobe with a filter is printed"
run_tq --tracefs "$T" probe add --print synth wake_lat 'u64 lat; pid_t pid; char comm[16]'
is "$rc" 0 "a synthetic event is printed"

# SQL string literals: a line break or carriage return would end the filter line early
run_tq sql -t "$T" "SELECT prev_pid FROM sched_switch WHERE prev_comm = 'a$cr-:kprobes/x'"
is "$rc" 1 "a carriage return inside an SQL string is refused"
like "$err" "line 1, column 55: carriage return inside a string" "... at its line and column"
run_tq sql -t "$T" -f /dev/stdin <<EOS
SELECT prev_pid FROM sched_switch WHERE prev_comm = 'a
b'
EOS
is "$rc" 1 "a line break inside an SQL string is refused"
like "$err" "line 1, column 55: line break inside a string" "... at its line and column"
done_testing
