# Helpers for the record tests; source after tests/lib.sh.

# libtracecmd reader (tests/record/tracecmd-read.c), built once per test; empty when
# libtracecmd-dev is missing.
TCREAD=""
build_tcread() {
	TCREAD=$_tq_tmp/tracecmd-read
	# shellcheck disable=SC2046
	cc -std=c11 -D_GNU_SOURCE -o "$TCREAD" "$TQ_SRCDIR/tests/record/tracecmd-read.c" \
		$(pkg-config --cflags --libs libtracecmd 2>/dev/null) 2>"$_tq_tmp/cc.err" ||
		TCREAD=""
}

have_trace_cmd() { command -v trace-cmd >/dev/null 2>&1; }

# Sum of the "N events read" lines that tq record printed (in $1).
events_read() {
	printf '%s\n' "$1" | sed -n 's/.*cpu[0-9]*: \([0-9]*\) events read.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }'
}

# check_file FILE EXPECTED_EVENTS WHAT [zlib]: 4 tests. trace-cmd report and tq report
# print the same text, libtracecmd iterates every recorded event, tq report counts them.
check_file() {
	_f=$1 _n=$2 _what=$3 _zlib=${4:-}
	run_tq report -i "$_f"
	_tq_rc=$rc _tq_out=$out
	is "$_tq_rc" 0 "$_what: tq report reads it"
	is "$(printf '%s\n' "$_tq_out" | grep -c '^ *[^ ].*\[[0-9][0-9][0-9]\]')" "$_n" \
		"$_what: tq report shows every recorded event ($_n)"
	if [ -n "$_zlib" ] || ! have_trace_cmd; then
		skip "$_what: this trace-cmd cannot read it"
		skip "$_what: this trace-cmd cannot read it"
		return
	fi
	_tc=$(trace-cmd report -i "$_f" 2>/dev/null)
	is "$_tc" "$_tq_out" "$_what: trace-cmd report prints the same as tq report"
	if [ -n "$TCREAD" ]; then
		is "$("$TCREAD" "$_f" 2>/dev/null | wc -l | tr -d ' ')" "$_n" \
			"$_what: libtracecmd iterates every event"
	else
		skip "$_what: libtracecmd-dev is not installed"
	fi
}

# Version byte string of a trace.dat ("6" or "7") and, for 7, its compression name.
file_version() { dd if="$1" bs=1 skip=10 count=1 2>/dev/null; }
file_compression() { dd if="$1" bs=1 skip=18 count=4 2>/dev/null; }

# Recording tests need the defaults that change what is recorded: skip (loudly) when an
# earlier run left a pid filter or a CPU mask behind, rather than fail for someone else.
require_default_tracing() {
	_pids=$(cat "$TRACEFS/set_event_pid" 2>/dev/null)
	_mask=$(tr -d ',\n' <"$TRACEFS/tracing_cpumask" | sed 's/^0*//')
	_n=$(ls -d "$TRACEFS"/per_cpu/cpu* | wc -l)
	[ -z "$_pids" ] || skip_all "set_event_pid is not empty ($_pids): tracefs was left configured"
	[ "$_n" -ge 32 ] || [ "$_mask" = "$(printf '%x' $(((1 << _n) - 1)))" ] ||
		skip_all "tracing_cpumask is $_mask: tracefs was left configured"
}
