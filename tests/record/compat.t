#!/bin/sh
# trace-cmd 3.1.6's record/set flags, run as trace-cmd and as tq under the same conditions:
# what tracefs held while the command ran (the command prints it), what the file holds, and
# that tq put tracefs back. trace-cmd can only record here with its function-tracer files
# bind-mounted away (see ../shared/docs/environment.md); tq runs under the same mounts.
# Needs root and the host tracefs (taken under the tracefs lock).
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"

require_root_tracefs
require_default_tracing
d=$(scratch_dir)
inst=tqcompat$$
mounts=""
old_kb=$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")
old_ft=$(cat "$TRACEFS/options/function-trace")
cleanup_compat() {
	for m in $mounts; do
		umount "$m" 2>/dev/null
	done
	for i in "$TRACEFS"/instances/tqcompat*; do
		[ -d "$i" ] && rmdir "$i" 2>/dev/null
	done
	echo "$old_kb" >"$TRACEFS/buffer_size_kb"
	echo "$old_ft" >"$TRACEFS/options/function-trace"
	echo 0 >"$TRACEFS/events/enable"
	echo >"$TRACEFS/set_event_notrace_pid"
	rm -rf "$_tq_tmp"
}
trap cleanup_compat EXIT
before=$(tracefs_state)
cd "$d" || exit 1

# ---- tq alone, on the real files ----------------------------------------------------------
run_tq record -d 5 -e sched:sched_switch -o "$d/old.dat"
is "$rc" 2 "the old 'record -d 5' is a usage error"
like "$err" "use --duration 5" "which names --duration"
run_tq record -d5 -e sched:sched_switch -o "$d/old.dat"
like "$err" "use --duration 5" "'-d5' too"
run_tq stream -e sched:sched_switch -d 3
like "$err" "use --duration 3" "and 'stream -d 3'"
[ ! -e "$d/old.dat" ]; ok $? "nothing was recorded"

run_tq record -D -e sched:sched_switch -o "$d/D.dat" -- true
is "$rc" 3 "-D where /proc/sys/kernel/ftrace_enabled cannot be written: exit 3"
like "$err" "ftrace_enabled" "naming the file"
is "$(tracefs_state)" "$before" "and tracefs is put back"

run_tq record -p function -l vfs_read --func-stack -o "$d/fs.dat" -- true
is "$rc" 3 "--func-stack where the function tracer is forbidden: exit 3"
run_tq record -e sched:sched_switch --func-stack -o "$d/fs.dat" -- true
is "$rc" 1 "--func-stack without -l is refused, as trace-cmd refuses it"
like "$err" "needs a function filter" "saying why"

# tq's own threads are kept out (set_event_notrace_pid holds exactly tq's tasks)
cat >"$d/own.sh" <<EOF
for t in \$(cat $TRACEFS/set_event_notrace_pid); do
	[ -d /proc/\$PPID/task/\$t ] && echo tq || echo "other \$t"
done | sort | uniq -c | sed 's/^ *//'
EOF
run_tq record -q -e sched:sched_wakeup -o "$d/own.dat" -- sh "$d/own.sh"
like "$out" "^[3-9][0-9]* tq$" "by default tq's threads (main and recorders) are filtered out"
unlike "$out" "other" "and nothing else"
run_tq record -q --no-filter -e sched:sched_wakeup -o "$d/own.dat" -- sh "$d/own.sh"
is "$out" "" "--no-filter: set_event_notrace_pid stays empty"
is "$(cat "$TRACEFS/set_event_notrace_pid")" "" "and it is empty again afterwards"

run_tq record -q -s 2000 --poll -e sched:sched_switch -o "$d/s.dat" -- true
is "$rc" 0 "-s USECS and --poll are taken"
run_tq record -q -s -1 -e sched:sched_switch -o "$d/s.dat" -- true
is "$rc" 2 "a negative -s is a usage error"
run_tq record -S -e sched:sched_switch -o "$d/s.dat" -- true
is "$rc" 2 "-S without --profile is a usage error"
run_tq record --user no-such-user-tq -e sched:sched_switch -o "$d/s.dat" -- true
is "$rc" 2 "--user of a missing user is a usage error"
run_tq record --temp "$d/nodir" -e sched:sched_switch -o "$d/s.dat" -- true
is "$rc" 2 "--temp of a missing directory is a usage error"

# --ts-offset NS: an OFFSET option that both readers add to every timestamp
run_tq record -q --ts-offset 5000000000 -e sched:sched_process_exit -o "$d/off.dat" -- true
is "$rc" 0 "record --ts-offset"
raw=$("$TQ" report --raw-ts -i "$d/off.dat" | sed -n 's/.*\]\([0-9]*\):.*/\1/p' | tail -1)
shifted=$("$TQ" report -i "$d/off.dat" | sed -n 's/.*\] *\([0-9.]*\):.*/\1/p' | tail -1)
is "$(awk -v r="$raw" -v s="$shifted" 'BEGIN { printf "%.6f", s - r / 1e9 }')" "5.000000" \
	"timestamps are 5 s later than the raw ones"
if have_trace_cmd; then
	is "$(trace-cmd report -i "$d/off.dat" 2>/dev/null)" "$("$TQ" report -i "$d/off.dat")" \
		"trace-cmd report applies the offset as tq report does"
else
	skip "trace-cmd is not installed"
fi
run_tq record --ts-offset 12x -e sched:sched_process_exit -o "$d/off.dat" -- true
is "$rc" 2 "--ts-offset of a non-number is a usage error"
run_tq record --date --ts-offset 1 -e sched:sched_process_exit -o "$d/off.dat" -- true
is "$rc" 2 "--date with --ts-offset is a usage error, as in trace-cmd"

# set -v -B NAME removes the instance; start -v -B does not
mkdir "$TRACEFS/instances/${inst}v"
run_tq set -v -B "${inst}v"
is "$rc" 0 "set -v -B NAME"
[ ! -d "$TRACEFS/instances/${inst}v" ]; ok $? "removes the instance"
run_tq set -v -B "${inst}v"
is "$rc" 1 "set -v -B of a missing instance fails"
run_tq set -v -B "${inst}v" -e sched
is "$rc" 2 "flags after a removed instance are a usage error"
is "$(tracefs_state)" "$before" "tracefs is as before"

# ---- trace-cmd and tq under the same mounts -------------------------------------------------
have_trace_cmd || { done_testing; exit; }
n=0
bind_over() {
	[ -e "$2" ] || return 0
	n=$((n + 1))
	printf '%s' "$1" >"$d/bind.$n"
	mount --bind "$d/bind.$n" "$2" && mounts="$2 $mounts"
}
for f in set_ftrace_pid set_ftrace_notrace_pid set_ftrace_filter set_ftrace_notrace; do
	bind_over "" "$TRACEFS/$f"
done
bind_over 1 /proc/sys/kernel/ftrace_enabled

# both FLAGS -- CMD...: run trace-cmd then tq; $tc_out/$tq_out what CMD printed,
# tc.dat / tq.dat the files
both() {
	_flags=""
	while [ "$1" != "--" ]; do
		_flags="$_flags $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	tc_out=$(timeout 60 trace-cmd record -q $_flags -o "$d/tc.dat" -- "$@" 2>"$d/tc.err")
	# trace-cmd leaves these behind; tq must find the state the test started from
	echo "$old_ft" >"$TRACEFS/options/function-trace"
	echo "$old_kb" >"$TRACEFS/buffer_size_kb"
	echo 0 >"$TRACEFS/events/enable"
	# shellcheck disable=SC2086
	run_tq record -q $_flags -o "$d/tq.dat" -- "$@"
	tq_out=$out
}
cat_files() { echo "cat $*" | sed "s| \([a-z]\)| $TRACEFS/\1|g"; }

both -b 512 -d -e sched:sched_switch -- sh -c "$(cat_files options/function-trace)"
is "$tq_out" "0" "-d: options/function-trace is 0 while recording"
is "$tq_out" "$tc_out" "as with trace-cmd -d"
is "$(cat "$TRACEFS/options/function-trace")" "$old_ft" "and tq puts it back"

both -b 512 -D -e sched:sched_switch -- cat /proc/sys/kernel/ftrace_enabled
is "$tq_out" "0" "-D: ftrace_enabled is 0 while recording"
is "$tq_out" "$tc_out" "as with trace-cmd -D"
is "$(cat /proc/sys/kernel/ftrace_enabled)" "1" "and tq puts it back"

both -b 512 -e sched -v -e sched:sched_switch -- sh -c \
	"$(cat_files events/sched/sched_switch/enable events/sched/sched_wakeup/enable)"
is "$tq_out" "0
1" "-e sched -v -e sched_switch: all of sched but sched_switch"
is "$tq_out" "$tc_out" "as with trace-cmd"
run_tq report -i "$d/tq.dat"
unlike "$out" "sched_switch:" "tq's file holds no sched_switch"
like "$out" "sched_" "but other sched events"
is "$(trace-cmd report -i "$d/tc.dat" 2>/dev/null | grep -c 'sched_switch:')" 0 \
	"nor does trace-cmd's"

both -b 512 -i -e no_such_event_tq -e sched:sched_switch -- cat "$TRACEFS/set_event"
is "$rc" 0 "-i: a missing event is skipped"
is "$tq_out" "sched:sched_switch" "the others are enabled"
is "$tq_out" "$tc_out" "as with trace-cmd -i"

mkdir -p "$d/tmp"
both -b 512 --temp "$d/tmp" -e sched:sched_switch -- ls "$d/tmp"
like "$tq_out" "tq.dat.cpu0" "--temp: the per-CPU files are in DIR while recording"
is "$(echo "$tq_out" | sed 's/^tq/X/')" "$(echo "$tc_out" | sed 's/^tc/X/')" \
	"named as trace-cmd names them"
is "$(ls "$d/tmp")" "" "and removed at the end"
check_file "$d/tq.dat" "$("$TQ" report -i "$d/tq.dat" | grep -c 'sched_switch:')" "--temp"

both -b 512 --user nobody -e sched:sched_switch -- id -u
is "$tq_out" "$(id -u nobody)" "--user: the command runs as that user"
is "$tq_out" "$tc_out" "as with trace-cmd --user"

# -m: a workload far bigger than 8 KiB per CPU (trace_marker writes are recorded whatever
# the events); its last marker must be in the file
cat >"$d/much.sh" <<EOF
i=0
while [ \$i -lt 3000 ]; do echo "m \$i" >$TRACEFS/trace_marker; i=\$((i + 1)); done
echo TQ_LAST >$TRACEFS/trace_marker
EOF
both -b 1024 -m 8 -e sched:sched_process_exit -- sh "$d/much.sh"
run_tq report -i "$d/tq.dat"
like "$out" "TQ_LAST" "-m 8: the newest event is kept"
per_cpu=$(echo "$out" | sed -n 's/.*\[\(0[0-9][0-9]\)\].*/\1/p' | sort | uniq -c | awk '{print $1}' |
	sort -n | tail -1)
tc_cpu=$(trace-cmd report -i "$d/tc.dat" 2>/dev/null | sed -n 's/.*\[\(0[0-9][0-9]\)\].*/\1/p' |
	sort | uniq -c | awk '{print $1}' | sort -n | tail -1)
[ "${per_cpu:-0}" -gt 0 ] && [ "$per_cpu" -le "${tc_cpu:-0}" ]; ok $? \
	"no CPU keeps more than trace-cmd -m 8 keeps ($per_cpu <= $tc_cpu events)"
trace-cmd report -i "$d/tq.dat" >/dev/null 2>&1
is "$?" 0 "trace-cmd reads tq's -m file"

# --profile: the events trace-cmd's profile records, as far as this kernel has them
both -b 1024 --profile -- sh -c "$(cat_files set_event)"
if [ -n "$tc_out" ]; then
	is "$(echo "$tq_out" | sort)" "$(echo "$tc_out" | sort)" \
		"--profile enables the events trace-cmd --profile enables"
else
	skip "trace-cmd --profile failed here: $(tail -1 "$d/tc.err")"
fi
like "$tq_out" "sched:sched_switch" "sched_switch among them"
both -b 1024 --profile -S -e sched:sched_switch -- sh -c "$(cat_files set_event)"
is "$tq_out" "sched:sched_switch" "--profile -S: only the events given"

is "$(tracefs_state)" "$before" "tracefs is as before the test"
done_testing
