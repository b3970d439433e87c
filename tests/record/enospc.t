#!/bin/sh
# A full disk while recording, or while writing the trace.dat: a clear error, exit 1,
# tracefs as it was, and nothing left that looks like a trace.dat.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
d=$(scratch_dir)
mkdir -p "$d/small"
mount -t tmpfs -o size=256k tq-test "$d/small" 2>/dev/null || skip_all "cannot mount a tmpfs"
trap 'umount "$d/small" 2>/dev/null; rm -rf "$_tq_tmp"' EXIT
plan 8
before=$(tracefs_state)

# the per-CPU files fill the disk while the command runs
run_tq record -e sched -b 1024 -o "$d/small/trace.dat" -- \
	sh -c 'i=0; while [ $i -lt 3000 ]; do i=$((i + 1)); /bin/true; done'
is "$rc" 1 "disk full while recording: exit 1"
like "$err" "trace.dat.cpu[0-9]*': No space left on device" "the error names the file and ENOSPC"
is "$(tracefs_state)" "$before" "tracefs is as before"
is "$(ls -A "$d/small")" "" "nothing is left on the full disk"

# the pages fit, the uncompressed kallsyms in the trace.dat does not
run_tq record -e sched:sched_process_exec --compression none -o "$d/small/trace.dat" -- true
is "$rc" 1 "disk full while writing the file: exit 1"
like "$err" "cannot write '.*/trace.dat': No space left on device" "the error says so"
is "$(tracefs_state)" "$before" "tracefs is as before"
is "$(ls -A "$d/small")" "" "no partial trace.dat and no per-CPU files"
