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
. "$TQ_SRCDIR/tests/sql/cases-lib.sh"

# printed commands name the tracefs of the machine; pin it so the cases are portable
TQ_TRACEFS=/sys/kernel/tracing
export TQ_TRACEFS

cases=$(scratch_dir)/cases
mkdir -p "$cases"
split_cases "$cases" kernel debian-6.1-amd64 "$TQ_SRCDIR"/tests/sql/cases/*.test
for c in "$cases"/*; do
	dir=$(fixture_tracefs "$(cat "$c/kernel")")
	# shellcheck disable=SC2046
	run_tq sql -t "$dir" $(cat "$c/args") -f "$c/sql"
	check_case "$c"
done
done_testing
