#!/bin/sh
# set/start/stop/clear --print against a copy of Debian 6.1's tracefs: plans as text.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
# the copy has formats but no options or per-CPU directories: add what the tests use
mkdir -p "$T/options" "$T/per_cpu/cpu0" "$T/per_cpu/cpu1"
for o in irq-info print-parent sym-offset; do echo 1 > "$T/options/$o"; done
R=/sys/kernel/tracing
export TQ_TRACEFS="$T"

run_tq set -e sched:sched_switch --print
is "$rc" 0 "set --print exits 0"
is "$out" "echo 1 > $T/events/sched/sched_switch/enable" \
	"one event is one enable write (printed for the tracefs in use)"

unset TQ_TRACEFS
run_tq --tracefs "$T" set -e sched/sched_wakeup -f 'comm == "it'"'"'s"' -R traceoff --print
is "$out" "echo 'comm == \"it'\\''s\"' > $T/events/sched/sched_wakeup/filter
echo traceoff >> $T/events/sched/sched_wakeup/trigger
echo 1 > $T/events/sched/sched_wakeup/enable" \
	"filter and trigger come before the enable; a quote in a filter is escaped"
export TQ_TRACEFS="$T"

run_tq set -e sched --print
is "$out" "echo 1 > $T/events/sched/enable" "a whole system is one write"

run_tq set -e all --print
is "$out" "echo 1 > $T/events/enable" "all is events/enable"

run_tq set -e 'sched:sched_waki*' --print
is "$out" "echo 1 > $T/events/sched/sched_waking/enable" "globs expand to the events they match"
run_tq set -e '*:sched_wakeup*' --print
is "$out" "echo 1 > $T/events/sched/sched_wakeup/enable
echo 1 > $T/events/sched/sched_wakeup_new/enable" "globs work on both sides of the colon"

run_tq set -e irq_handler_entry -f 'irq == 1' --print
like "$out" "irq/irq_handler_entry/filter" "a bare event name is found in its system"

run_tq start -b 4096 -C global -O noirq-info -P 42 -P 43 -e sched_switch -B work \
	-e sched_waking --print
is "$out" "echo 4096 > $T/buffer_size_kb
echo global > $T/trace_clock
echo 0 > $T/options/irq-info
echo '42 43' > $T/set_event_pid
echo '42 43' > $T/set_ftrace_pid
echo 1 > $T/events/sched/sched_switch/enable
echo 1 > $T/tracing_on
mkdir -p $T/instances/work
echo 1 > $T/instances/work/events/sched/sched_waking/enable
echo 1 > $T/instances/work/tracing_on" \
	"start: settings, -P for events and function tracers, events, tracing_on, the instance"

# a filter for a whole system or a glob goes on the events that have its fields
run_tq set -e sched -f 'prev_pid > 0' --print
is "$out" "echo 'prev_pid > 0' > $T/events/sched/sched_switch/filter
echo 1 > $T/events/sched/enable" "a system-wide filter is written where its field exists"
like "$err" "warning: -e sched -f 'prev_pid > 0': not set on [0-9]+ of the [0-9]+ events, which lack its fields; they are traced unfiltered: sched/sched_kthread_stop, " \
	"the others are named in a warning"
run_tq set -e 'sched:sched_wak*' -f 'pid > 1 && (comm == "a b" || prio < 10)' --print
unlike "$out" "sched_wake_idle_without_ipi/filter" "every field of the filter counts"
like "$out" "sched_waking/filter" "and events having them all get it"
run_tq set -e 'sched:sched_wak*' -R 'hist:keys=pid.execname:vals=prio' --print
unlike "$out" "sched_wake_idle_without_ipi/trigger" "a hist trigger's keys and values count too"
like "$err" "not set on sched/sched_wake_idle_without_ipi, which lacks its fields; it is traced without the trigger" \
	"and a single event left out is named"
run_tq set -e all -f 'common_pid != 0' --print
unlike "$err" "warning" "a common field is on every event"
run_tq set -e sched -f 'CPU == 0 || comm ~ "x*"' --print
unlike "$err" "warning" "and so are the generic CPU and comm"
# a field no event has is refused before anything is printed (issue 15, defect 8):
# libtraceevent and the kernel would make it FALSE or fail the printed script
run_tq set -e sched -f 'no_field > 1' --print
is "$rc:$out" "1:" "a field no event has is refused"
like "$err" "bad filter: sched/sched_kthread_stop has no field 'no_field' at byte 1" \
	"... naming the field"

# function-tracer files a copied tree need not carry: its README says they exist
run_tq start -p function -l vfs_read -n vfs_write -P 7 --print
is "$rc" 0 "-p function -l -n -P print for a copy without the files"
is "$out" "echo 7 > $T/set_event_pid
echo 7 > $T/set_ftrace_pid
echo vfs_read > $T/set_ftrace_filter
echo vfs_write > $T/set_ftrace_notrace
echo function > $T/current_tracer
echo 1 > $T/tracing_on" "the plan writes them all"
F=$(fixture_tracefs host-6.18-firecracker)
run_tq --tracefs "$F" set -p function_graph -g vfs_read --print
is "$rc" 3 "a copy whose README lacks set_graph_function still cannot -g"
like "$err" "-g needs 'set_graph_function', which this kernel lacks" "and says so"

run_tq set -e sched_swich --print
is "$rc" 1 "an unknown event is an error"
is "$err" "tq: set: no event matches 'sched_swich'; did you mean 'sched_switch'?" \
	"with the nearest name"
is "$out" "" "and prints no plan"

run_tq set -e nothing_like_this_at_all --print
like "$err" "no event matches 'nothing_like_this_at_all' \\(see 'tq list -e'\\)" \
	"without a near name, it points at tq list"

run_tq set -p functoin --print
is "$err" "tq: set: unknown tracer 'functoin'; did you mean 'function'?" "unknown tracer"
run_tq set -C lokal --print
is "$err" "tq: set: unknown clock 'lokal'; did you mean 'local'?" "unknown clock"
run_tq set -O noirqinfo --print
is "$err" "tq: set: unknown trace option 'noirqinfo'; did you mean 'irq-info'?" \
	"unknown option"
run_tq set -f 'pid > 1' --print
is "$rc" 2 "-f before any -e is a usage error"
like "$err" "filter 'pid > 1' must follow the -e EVENT it applies to" "and says why"
run_tq set -e sched_switch -f a -f b --print
like "$err" "already has the filter 'a'" "two filters for one event are refused"
run_tq set -b -5 --print
is "$rc" 2 "a negative buffer size is refused"
like "$err" "buffer size '-5' must be a positive number of KiB \\(per CPU\\)" "as not positive"
for kb in 99999999999 2147483648 1073741825 99999999999999999999999; do
	run_tq set -b $kb --print
	[ "$rc" -eq 2 ] && [ -z "$out" ] &&
		[ "$err" = "tq: set: buffer size '$kb' is too large: -b takes 1 to 1073741824 KiB (per CPU)
see 'tq set -h' for the options" ] || break
done
is "$err" "tq: set: buffer size '99999999999999999999999' is too large: -b takes 1 to 1073741824 KiB (per CPU)
see 'tq set -h' for the options" "a buffer size beyond 1 TiB is too large, and the range is given"
run_tq set -b 1073741824 --print
is "$out" "echo 1073741824 > $T/buffer_size_kb" "the largest size is taken"
run_tq set -P abc --print
like "$err" "'abc' is not a process id" "a bad pid is refused"
# a copy is another machine's tracefs: its processes are not ours to look for
run_tq set -P 4000000 --print
is "$out" "echo 4000000 > $T/set_event_pid
echo 4000000 > $T/set_ftrace_pid" "a pid for a copy of a tracefs is not looked up in /proc"

# -- show -c: a CPU number, one the tracefs has
run_tq show -c -1
is "$rc" 2 "show -c -1 is a usage error, not the whole trace"
like "$err" "^tq: show: -c takes a CPU number \\(0 is the first\\), not '-1'" "and says why"
is "$out" "" "and shows nothing"
run_tq show -c 1x
is "$rc" 2 "show -c with no number is a usage error"
run_tq show -c 2
is "$rc" 1 "show -c past the last CPU fails"
is "$err" "tq: show: no CPU 2: the CPUs are 0 to 1" "and gives the CPUs there are"

# -- list -e REGEX that matches nothing is an error, with the nearest name
run_tq list -e nosuchxyz
is "$rc" 1 "list -e matching nothing exits 1"
is "$err" "tq: list: no event matches 'nosuchxyz' (a regular expression over SYSTEM:EVENT; 'tq list -e' lists them all)" \
	"and says so on stderr"
run_tq list -e sched_swich
is "$err" "tq: list: no event matches 'sched_swich'; did you mean 'sched_switch'?" \
	"a typo gets the nearest event"
run_tq list -e '^sched:sched_switch$'
is "$out$rc" "sched:sched_switch0" "a match is listed as before"
printf 'vfs_read\nvfs_write\n' > "$T/available_filter_functions"
run_tq list -f 'vfs_(read|write)$'
is "$out$rc" "vfs_read
vfs_write0" "list -f REGEX lists the functions that match"
run_tq list -f nosuch_function
is "$rc$out" "1" "list -f matching nothing exits 1"
is "$err" "tq: list: no function matches 'nosuch_function' ('tq list -f' lists them all)" \
	"and says so on stderr"
rm "$T/available_filter_functions"
run_tq set -M xyz --print
like "$err" "cpumask 'xyz' is not hexadecimal" "a bad cpumask is refused"
run_tq set -B 'a/b' -e sched --print
like "$err" "'a/b' is not a valid instance name" "a bad instance name is refused"
# one check of instance names for every command that takes -B
long=$(printf 'x%.0s' $(seq 256))
for cmd in "set -e sched" "start" "stop" "restart" "clear" "show" "stat" "reset"; do
	for name in . .. a/b "$long" ""; do
		run_tq $cmd -B "$name" --print
		[ "$cmd" = stat ] || [ "$cmd" = show ] &&
			run_tq $cmd -B "$name"
		[ "$rc" -eq 2 ] && [ -z "$out" ] || break
	done
	is "$rc,$out" "2," "$cmd -B refuses '.', '..', 'a/b', an empty and a 256-byte name"
done
run_tq stop -B .. --print
like "$err" "'\.\.' is not a valid instance name" "and says which name is wrong"
run_tq start -B "$long" -e sched --print
like "$err" "is 256 bytes long; the kernel allows at most 255" "a long name is refused, not truncated"
name255=$(printf 'y%.0s' $(seq 255))
run_tq start -B "$name255" -e sched --print
like "$out" "^mkdir -p $T/instances/$name255\$" "a 255-byte name is printed whole"
like "$out" "instances/$name255/events/sched/enable\$" "in every path"
run_tq extract -B .. -o /dev/null
is "$rc" 2 "extract -B checks the name the same way"
run_tq hist -B .. --event sched:sched_switch
is "$rc,$out" "2," "and so does hist --event, which read the top buffer's histogram"

# an option where -e expects its event
run_tq set -e --print
is "$rc" 2 "-e followed by an option is a usage error"
like "$err" "-e needs an event .*but '--print' follows it" "that says -e needs an event"
is "$out" "" "and prints nothing"

# start with only -B leaves the top buffer alone, as trace-cmd start does
run_tq start -B work -e sched:sched_switch --print
unlike "$out" "^echo 1 > $T/tracing_on" "start -B NAME does not start the top buffer"
like "$out" "^echo 1 > $T/instances/work/tracing_on" "only the instance"
run_tq start --print
is "$out" "echo 1 > $T/tracing_on" "start alone starts the top buffer"

run_tq set --print
is "$rc" 2 "set with nothing to set is a usage error"
run_tq set extra --print
is "$rc" 2 "a stray argument is a usage error"

run_tq stop --print
is "$out" "echo 0 > $T/tracing_on" "stop"
run_tq restart --print
is "$out" "echo 1 > $T/tracing_on" "restart"
run_tq clear --print
is "$out" "echo > $T/trace" "clear"
run_tq stop -B nosuch --print
like "$err" "no instance 'nosuch'" "stop on a missing instance"

run_tq set -M 3 --print
is "$out" "echo 3 > $T/tracing_cpumask" "cpumask"
run_tq set -M 4 --print
is "$err" "tq: set: cpumask '4' names CPU 2, but this machine has CPUs 0-1" \
	"a mask naming a missing CPU is refused"

# reset removes dynamic events after the triggers, and keeps the kinds named with -k
printf 'p:kprobes/tq_x do_sys_openat2\ns:synthetic/tq_y\tu64 lat\n' > "$T/dynamic_events"
run_tq reset --print
like "$out" "echo -:kprobes/tq_x >> $T/dynamic_events" "reset removes a kprobe"
like "$out" "echo -:synthetic/tq_y >> $T/dynamic_events" \
	"and a synthetic event, named without the tab the kernel prints after it"
run_tq reset -k synth --print
unlike "$out" "synthetic/tq_y" "reset -k synth keeps synthetic events"
like "$out" "kprobes/tq_x" "but still removes the kprobe"
run_tq reset -k nosuchkind --print
is "$rc" 2 "an unknown kind for -k is a usage error"
rm -f "$T/dynamic_events"

done_testing
