#!/bin/sh
# The guard in tests/lib.sh: a test that takes the host tracefs refuses to run when
# something is mounted over tracefs files (a killed script's bind mounts once made the
# record and live tests fail with odd symptoms). Checked on a stand-in tracefs directory,
# so the real one is never covered.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip_all "needs root to bind-mount"
d=$(scratch_dir)/fake-tracefs
mkdir -p "$d/events"
: > "$d/tracing_on"
: > "$d/set_ftrace_pid"
: > "$d.cover"
mount --bind "$d.cover" "$d/set_ftrace_pid" 2>/dev/null ||
	skip_all "bind mounts are not allowed here"
# whatever happens, the mount goes before the scratch directory
trap 'umount "$d/set_ftrace_pid" 2>/dev/null; rm -rf "$_tq_tmp"' EXIT
# the guard, in a shell of its own, with TRACEFS pointing at the stand-in
guard() {
	TQ_SRCDIR=$TQ_SRCDIR sh -c '. "$TQ_SRCDIR/tests/lib.sh"; TRACEFS=$1
		require_root_tracefs; echo "went on"' sh "$d"
}
out=$(guard)
rc=$?
umount "$d/set_ftrace_pid" || { echo "Bail out! cannot unmount $d/set_ftrace_pid"; exit 1; }
is "$rc" 1 "a file mounted over: the test stops, failing"
like "$out" "^Bail out! mounted over tracefs files: $d/set_ftrace_pid; unmount them" \
	"...saying which file and what to do"
unlike "$out" "went on" "...before anything else runs"
out=$(guard)
is "$?:$out" "0:went on" "without the mount the test goes on"
done_testing
