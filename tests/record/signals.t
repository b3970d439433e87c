#!/bin/sh
# Ctrl-C during a busy recording (twice, back to back) ends with a complete file and
# tracefs as it was; SIGTERM likewise; a command that does not stop is left alone.
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$TQ_SRCDIR/tests/record/common.sh"
require_root_tracefs
require_default_tracing
plan 12
build_tcread
d=$(scratch_dir)
before=$(tracefs_state)

# The command runs once tracing is on; after 200 execs (plenty of events, even on a quiet
# machine) it reports through a fifo and loops until killed. Signals go to tq alone.
busy_record() { # SIGNAL COUNT FILE
	rm -f "$d/fifo"
	mkfifo "$d/fifo"
	"$TQ" record -e sched -b 2048 -o "$3" -- \
		sh -c 'i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i + 1)); done
			echo $$ >"$0"; while :; do /bin/true; done' "$d/fifo" \
		>"$d/out" 2>"$d/err" &
	tq_pid=$!
	read -r child <"$d/fifo"
	i=0
	while [ "$i" -lt "$2" ]; do
		kill -"$1" "$tq_pid"
		i=$((i + 1))
	done
	wait "$tq_pid"
	rc=$?
	kill "$child" 2>/dev/null
	err=$(cat "$d/err")
}

busy_record INT 2 "$d/int.dat"
is "$rc" 0 "two SIGINTs: record exits 0"
unlike "$err" 'AddressSanitizer|runtime error' "no sanitizer report"
is "$(tracefs_state)" "$before" "two SIGINTs: tracefs is as before"
is "$(ls "$d" | grep -v -e fifo -e out -e err)" "int.dat" "two SIGINTs: no per-CPU files left"
n=$(events_read "$err")
like "$n" '^[1-9][0-9][0-9]' "a busy recording read events ($n)"
check_file "$d/int.dat" "$n" "SIGINT"

busy_record TERM 1 "$d/term.dat"
is "$rc" 0 "SIGTERM: record exits 0"
is "$(tracefs_state)" "$before" "SIGTERM: tracefs is as before"
run_tq report -i "$d/term.dat"
is "$rc" 0 "SIGTERM: the file is readable"
