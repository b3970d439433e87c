# Shell helpers for tq's TAP tests. POSIX sh; source it with
#   . "$TQ_SRCDIR/tests/lib.sh"
# Tests get the binary as $TQ (the sanitizer build when it exists).

: "${TQ_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TQ:=$TQ_SRCDIR/build/san/tq}"
[ -x "$TQ" ] || TQ=$TQ_SRCDIR/build/tq
export TQ TQ_SRCDIR
: "${LSAN_OPTIONS:=suppressions=$TQ_SRCDIR/tests/lsan.supp:print_suppressions=0}"
export LSAN_OPTIONS

_tap_n=0
_tap_failed=0
_tap_planned=""

plan() { _tap_planned=$1; echo "1..$1"; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# To stderr, as Test::More does: prove shows it without -v, so a failure in CI explains itself.
diag() {
	printf '%s\n' "$@" | sed 's/^/# /' >&2
}

ok() {
	# ok CONDITION_STATUS DESCRIPTION: ok $? "text" or `cmd; ok $? "text"`
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # SKIP $*"
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  '$1'" "want: '$2'"
	fi
}

# like TEXT PATTERN DESCRIPTION (grep -E pattern)
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "text:" "$1" "does not match: $2"
	fi
}

unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		diag "text:" "$1" "matches: $2"
	else
		ok 0 "$3"
	fi
}

done_testing() {
	[ -n "$_tap_planned" ] || echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# run_tq ARGS...: runs $TQ, sets $out, $err and $rc
_tq_tmp=$(mktemp -d "${TMPDIR:-/tmp}/tq-test.XXXXXX")
trap 'rm -rf "$_tq_tmp"' EXIT
run_tq() {
	"$TQ" "$@" >"$_tq_tmp/out" 2>"$_tq_tmp/err"
	rc=$?
	out=$(cat "$_tq_tmp/out")
	err=$(cat "$_tq_tmp/err")
	# a sanitizer report is always a failure, whatever the test expected
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'ERROR: LeakSanitizer' \
		"$_tq_tmp/err"; then
		_tap_n=$((_tap_n + 1))
		echo "not ok $_tap_n - sanitizer report from: tq $*"
		_tap_failed=$((_tap_failed + 1))
		sed 's/^/# /' "$_tq_tmp/err"
	fi
	return 0
}

# A scratch directory removed at exit.
scratch_dir() { mkdir -p "$_tq_tmp/scratch" && echo "$_tq_tmp/scratch"; }

# Unpack a kernel's tracefs copy (tests/fixtures/tracefs/NAME.tar.gz: debian-6.1-amd64,
# host-6.18-firecracker) and print its path: a tree like a tracefs root.
fixture_tracefs() {
	_d="$_tq_tmp/tracefs-$1"
	if [ ! -d "$_d" ]; then
		mkdir -p "$_d" && tar -xzf "$TQ_SRCDIR/tests/fixtures/tracefs/$1.tar.gz" -C "$_d"
	fi
	echo "$_d"
}

TRACEFS=/sys/kernel/tracing

# The host tracefs is global: tests that change it take this lock, so that two test
# runs (or engineers) never interleave.
tracefs_lock() {
	exec 9>/tmp/tq-tracefs.lock
	flock 9
}

# Skip the whole test unless we are root with a writable tracefs (mounting it if needed).
require_root_tracefs() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root for the host tracefs"
	if [ ! -d "$TRACEFS/events" ]; then
		mount -t tracefs nodev "$TRACEFS" 2>/dev/null ||
			skip_all "tracefs is not mounted at $TRACEFS and cannot be mounted"
	fi
	[ -w "$TRACEFS/tracing_on" ] || skip_all "tracefs at $TRACEFS is read-only"
	tracefs_lock
	# Something mounted over a tracefs file (a killed script's bind mount, say) makes
	# writes go elsewhere and every result wrong: say so instead of failing oddly.
	_over=$(awk -v t="$TRACEFS/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo)
	if [ -n "$_over" ]; then
		echo "Bail out! mounted over tracefs files: $(echo $_over); unmount them" \
			"(umount PATH) and run again"
		exit 1
	fi
}

# A description of everything a test could leave behind, for before/after comparison.
tracefs_state() {
	(
		cd "$TRACEFS" || exit 1
		echo "tracer: $(cat current_tracer)"
		echo "tracing_on: $(cat tracing_on)"
		echo "clock: $(cat trace_clock)"
		echo "buffer_size_kb: $(cut -d" " -f1 buffer_size_kb)"
		echo "cpumask: $(cat tracing_cpumask)"
		echo "set_event_pid: $(cat set_event_pid | tr '\n' ' ')"
		echo "set_event: $(cat set_event | tr '\n' ' ')"
		echo "instances: $(ls instances | tr '\n' ' ')"
		echo "dynamic: $(cat dynamic_events 2>/dev/null | tr '\n' ' ')"
		echo "options: $(cat trace_options | tr '\n' ' ')"
		grep -v '^none$' events/*/*/filter 2>/dev/null | head -20
		grep -v '^#' events/*/*/trigger 2>/dev/null | head -20
		for i in instances/*; do
			[ -d "$i" ] || continue
			echo "$i: on=$(cat $i/tracing_on) clock=$(cat $i/trace_clock)" \
				"pids=$(cat $i/set_event_pid | tr '\n' ' ')" \
				"events=$(cat $i/set_event | tr '\n' ' ')"
			grep -v '^none$' $i/events/*/*/filter 2>/dev/null | head -20
			grep -v '^#' $i/events/*/*/trigger 2>/dev/null | head -20
		done
	)
}

# Safety net for live tests, independent of tq: put the host tracefs back to its defaults
# even when the tq under test crashed half-way.
tracefs_cleanup() {
	(
		cd "$TRACEFS" || exit 0
		for d in . instances/*; do
			[ -d "$d/events" ] || continue
			echo 0 > "$d/events/enable" 2>/dev/null
			# one grep over all files: spawning per event is far too slow
			grep -v '^#' "$d"/events/*/*/trigger 2>/dev/null |
				sed 's/ \[.*\]$//; s/:count=[0-9]*//; s/:unlimited//; s/ if .*//' |
				while IFS= read -r line; do
					echo "!${line#*:}" >> "${line%%:*}"
				done
			grep -L '^none$' "$d"/events/*/*/filter 2>/dev/null |
				while IFS= read -r f; do echo 0 > "$f"; done
			echo > "$d/set_event_pid" 2>/dev/null
			echo local > "$d/trace_clock" 2>/dev/null
			echo nop > "$d/current_tracer" 2>/dev/null
			echo 1 > "$d/tracing_on" 2>/dev/null
			cat "$d/../tracing_cpumask" > "$d/tracing_cpumask" 2>/dev/null
		done
		for i in instances/*; do [ -d "$i" ] && rmdir "$i"; done 2>/dev/null
		ncpu=$(ls -d per_cpu/cpu* | wc -l)
		printf '%x\n' $(( (1 << ncpu) - 1 )) > tracing_cpumask 2>/dev/null
		echo 1 > options/overwrite 2>/dev/null
	)
}

# For live tests that run tq reset: skip unless tracefs is at its defaults, remember the
# state in $before, and at exit put it back (with tq, or without it if tq broke).
tracefs_guard() {
	before=$(tracefs_state)
	case "$before" in
	*"set_event: "[a-z]*|*"instances: "[a-z]*|*"tracer: "[!n]*)
		skip_all "tracefs is not at its defaults before the test (see 'tq stat')" ;;
	esac
	trap 'restore; rm -rf "$_tq_tmp"' EXIT
}

restore() {
	"$TQ" reset -d >/dev/null 2>&1 || tracefs_cleanup
	[ "$(tracefs_state)" = "$before" ] || tracefs_cleanup
}
