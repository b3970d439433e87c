#!/bin/sh
# Files recorded now by Debian's trace-cmd on this machine (v7 zstd, v7 none, v6, with an
# instance, with a tiny buffer so that events are dropped, other clocks, stack traces, a
# CPU without data, kmem/ext4/writeback... events) are reported by tq exactly as trace-cmd
# reports them. Needs root and the host tracefs (taken under the tracefs lock).
# trace-cmd 3.1.6 cannot record here unless the function-tracer files it opens are
# bind-mounted away (see ../shared/docs/environment.md); everything is unmounted after.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

have_trace_cmd || skip_all "trace-cmd is not installed"
require_root_tracefs
d=$(scratch_dir)
inst=tqrep$$
mounts=""
cleanup_rec() {
	for m in $mounts; do
		umount "$m" 2>/dev/null
	done
	[ -d "$TRACEFS/instances/$inst" ] && rmdir "$TRACEFS/instances/$inst" 2>/dev/null
	[ -n "${old_kb:-}" ] && echo "$old_kb" >"$TRACEFS/buffer_size_kb"
	rm -rf "$_tq_tmp"
}
trap cleanup_rec EXIT

# bind_over CONTENT TARGET: hide TARGET behind a regular file holding CONTENT
n=0
bind_over() {
	[ -e "$2" ] || return 0
	n=$((n + 1))
	printf '%s' "$1" >"$d/bind.$n"
	mount --bind "$d/bind.$n" "$2" && mounts="$2 $mounts"
}
before=$(tracefs_state)
# trace-cmd record -b does not put the buffer size back
old_kb=$(cut -d' ' -f1 "$TRACEFS/buffer_size_kb")
mkdir -p "$TRACEFS/instances/$inst" || skip_all "cannot create an instance"
for f in set_ftrace_pid set_ftrace_notrace_pid set_ftrace_filter set_ftrace_notrace; do
	bind_over "" "$TRACEFS/$f"
	bind_over "" "$TRACEFS/instances/$inst/$f"
done
bind_over 1 /proc/sys/kernel/ftrace_enabled

cd "$d" || exit 1
# a workload that also writes to trace_marker (ftrace:print events with %ps)
cat >"$d/work.sh" <<EOF2
for i in 1 2 3 4 5 6 7 8 9 10; do echo "marker \$i" >$TRACEFS/trace_marker; done
ls -R /usr/share/doc >/dev/null
EOF2
work="sh $d/work.sh"
# record NAME ARGS...: a recording or a skip
record() {
	_name=$1
	shift
	timeout 120 trace-cmd record -q "$@" -o "$_name.dat" -- $work >/dev/null 2>"$_name.log"
	[ -s "$_name.dat" ]
}

compare() {
	# compare FILE DESCRIPTION [FLAGS...]
	_f=$1 _desc=$2
	shift 2
	trace-cmd report "$@" -i "$_f" >want 2>/dev/null
	"$TQ" report "$@" -i "$_f" >got 2>err
	_rc=$?
	if [ $_rc -ne 0 ] || ! sanitizer_clean err; then
		ok 1 "$_desc"
		head -10 err | sed 's/^/# /'
		return
	fi
	# the recording is lost with the scratch dir: TQ_KEEP_DIFF keeps it with the texts
	if [ -n "${TQ_KEEP_DIFF:-}" ] && ! cmp -s got want; then
		cp "$_f" "$TQ_KEEP_DIFF.dat"
	fi
	diff_ok got want "$_desc"
}

for spec in "zstd:" "none:--compression none" "v6:--file-version 6" \
	"inst:-B $inst -e sched_switch" "drops:-b 4 -e kmem" "syscalls:-e raw_syscalls -e syscalls"; do
	name=${spec%%:*}
	extra=${spec#*:}
	# shellcheck disable=SC2086
	if ! record "$name" -e sched -e irq -e timer $extra; then
		skip "trace-cmd record ($name) failed: $(tail -1 "$name.log")"
		continue
	fi
	compare "$name.dat" "recorded $name: report"
	compare "$name.dat" "recorded $name: report -l" -l
	compare "$name.dat" "recorded $name: report -t --ts-diff" -t --ts-diff
	[ "$name" = drops ] && diag "$(grep -c 'EVENTS DROPPED' got) pages with dropped events"
done

# Clocks trace-cmd shows as raw numbers (counter, boot, x86-tsc), stack traces (-T) that
# -F keeps after the events it shows, and a CPU without data (-M 2: CPU 1 only), which
# --stat lists at offset 0.
clocks=$(cat "$TRACEFS/trace_clock")
for spec in "counter:-C counter -T -e sched_switch -e signal" "boot:-C boot -M 2 -e sched -e irq" \
	"tsc:-C x86-tsc -e sched_switch -e irq"; do
	name=${spec%%:*}
	args=${spec#*:}
	clock=$(echo "$args" | sed 's/^-C \([^ ]*\).*/\1/')
	case " $clocks " in
	*" $clock "* | *"[$clock]"*) ;;
	*)
		skip "no $clock clock on this kernel"
		continue
		;;
	esac
	# shellcheck disable=SC2086
	if ! record "$name" $args; then
		skip "trace-cmd record ($name) failed: $(tail -1 "$name.log")"
		continue
	fi
	compare "$name.dat" "recorded $name: report"
	compare "$name.dat" "recorded $name: report --ts-diff" --ts-diff
	compare "$name.dat" "recorded $name: report --first-event --last-event" \
		--first-event --last-event
	compare "$name.dat" "recorded $name: report --stat" --stat
	compare "$name.dat" "recorded $name: report -F one" -F 'sched_switch: prev_pid != 0'
	compare "$name.dat" "recorded $name: report -F twice, ORed" \
		-F 'sched_switch: prev_pid == 0' -F 'sched_switch: next_pid == 0'
done

# Event systems whose formats compute values (MAJOR/MINOR of a dev_t), print pointers and
# functions with offsets (%p, %pS), flags and symbols, and the kmem plugin's call sites:
# tq's own formatter against libtraceevent's text, on every record.
if record systems -e kmem -e ext4 -e writeback -e filemap -e block -e timer -e irq \
	-e mmap_lock -e rcu -e pagemap -e signal; then
	compare systems.dat "recorded kmem, ext4, writeback...: report"
	compare systems.dat "recorded kmem, ext4, writeback...: report -t" -t
	diag "$(wc -l <got) lines"
else
	skip "trace-cmd record (systems) failed: $(tail -1 systems.log)"
fi

for m in $mounts; do
	umount "$m" 2>/dev/null
done
mounts=""
rmdir "$TRACEFS/instances/$inst" 2>/dev/null
echo "$old_kb" >"$TRACEFS/buffer_size_kb"
after=$(tracefs_state)
is "$after" "$before" "tracefs left as it was"
done_testing
