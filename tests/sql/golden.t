#!/bin/sh
# Golden tests for tq sql: each case in tests/sql/cases/*.test is compiled with
# `tq sql -t <kernel's tracefs copy>` and its stdout, stderr and exit code compared.
#
# Case format (blocks start with "=== title"; '#' lines outside blocks are comments):
#   === title
#   kernel: debian-6.1-amd64        (default; or host-6.18-firecracker)
#   args: -n wakeup_lat             (more tq sql options, optional)
#   exit: 1                         (default 0)
#   sql:                            (the query, up to the next section)
#   out:                            (expected stdout, optional: empty when absent)
#   err:                            (expected stderr, optional: empty when absent)
. "${TQ_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

# printed commands name the tracefs of the machine; pin it so the cases are portable
TQ_TRACEFS=/sys/kernel/tracing
export TQ_TRACEFS

cases=$(scratch_dir)/cases
mkdir -p "$cases"
for f in "$TQ_SRCDIR"/tests/sql/cases/*.test; do
	awk -v dir="$cases" -v src="$(basename "$f" .test)" '
	function close_all() { if (d != "") { close(d "/sql"); close(d "/out"); close(d "/err") } }
	/^=== / {
		close_all(); n++; d = sprintf("%s/%s-%03d", dir, src, n)
		system("mkdir -p \"" d "\""); sect = ""
		print substr($0, 5) > (d "/title"); close(d "/title")
		print "debian-6.1-amd64" > (d "/kernel"); close(d "/kernel")
		print "0" > (d "/exit"); close(d "/exit")
		printf "" > (d "/args"); close(d "/args")
		printf "" > (d "/out"); printf "" > (d "/err")
		next
	}
	d == "" { next }
	sect == "" && /^kernel: / { print substr($0, 9) > (d "/kernel"); close(d "/kernel"); next }
	sect == "" && /^args: / { print substr($0, 7) > (d "/args"); close(d "/args"); next }
	sect == "" && /^exit: / { print substr($0, 7) > (d "/exit"); close(d "/exit"); next }
	/^(sql|out|err):$/ { sect = substr($0, 1, 3); next }
	sect != "" { print > (d "/" sect) }
	END { close_all() }
	' "$f"
done

for c in "$cases"/*; do
	title=$(cat "$c/title")
	dir=$(fixture_tracefs "$(cat "$c/kernel")")
	# shellcheck disable=SC2046
	run_tq sql -t "$dir" $(cat "$c/args") -f "$c/sql"
	want_out=$(cat "$c/out")
	want_err=$(cat "$c/err")
	if [ "$rc" = "$(cat "$c/exit")" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
		ok 0 "$title"
	else
		ok 1 "$title"
		diag "exit: got $rc, want $(cat "$c/exit")"
		[ "$out" = "$want_out" ] || diag "stdout got:" "$out" "stdout want:" "$want_out"
		[ "$err" = "$want_err" ] || diag "stderr got:" "$err" "stderr want:" "$want_err"
	fi
done
done_testing
