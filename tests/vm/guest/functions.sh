# Helpers for VM test cases, sourced before each case (see tests/vm/vm.t for the format).
# A case runs as root under `sh -e -x` in the guest, from the tracefs root ($TRACEFS),
# with busybox's tools and `tq` on PATH.

TRACEFS=/sys/kernel/tracing

# fail MESSAGE: the case fails with MESSAGE as its reason.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# unsupported MESSAGE: the kernel lacks something the case needs (not a failure).
unsupported() {
	echo "UNSUPPORTED: $*" >&2
	exit 77
}

# wakeups [N]: a workload that wakes tasks: N children that each sleep briefly and exit,
# so timers wake the children and each exit wakes the waiting shell.
wakeups() {
	# Untraced: a hundred lines of loop in the case's log would hide what matters.
	case $- in *x*) _wx=1; set +x ;; *) _wx= ;; esac
	_n=${1:-20}
	while [ "$_n" -gt 0 ]; do
		/bin/sleep 0.001
		_n=$((_n - 1))
	done
	[ -z "$_wx" ] || set -x
}

# hist_hits FILE: the total of the "Hits:" line of a hist file (0 when absent).
hist_hits() {
	_h=$(sed -n 's/^ *Hits: *\([0-9][0-9]*\).*/\1/p' "$1" | tail -n 1)
	echo "${_h:-0}"
}

# trace_lines: the trace buffer without its comment header.
trace_lines() {
	grep -v '^#' "$TRACEFS/trace" || true
}

# tc_record NAME ARGS...: Debian's trace-cmd records (trace-cmd record -q ARGS) around a
# small workload; the file is saved as $TQ_VM_OUT/NAME.dat for the host. It is written in
# /tmp first, since trace-cmd keeps its per-CPU files next to the output.
tc_record() {
	_name=$1
	shift
	trace-cmd record -q "$@" -o /tmp/tc.dat -- sh -c 'cat /proc/version | cat; ls /' > /dev/null
	cp /tmp/tc.dat "$TQ_VM_OUT/$_name.dat"
	rm -f /tmp/tc.dat
	echo "$_name: $(wc -c < "$TQ_VM_OUT/$_name.dat") bytes"
}
