#!/bin/sh
# Golden tests for tq hist -i: each case in tests/sql/file-cases/*.test runs a query over a
# trace.dat fixture of tests/report/fixtures and compares stdout, stderr and exit code.
#
# Case format (blocks start with "=== title"):
#   === title
#   file: v7-zstd                   (default; a fixture of tests/report/fixtures, or
#                                    one named from tests/: pictures/fixtures/kstacks)
#   args: --table                   (more tq hist options, optional)
#   exit: 1                         (default 0)
#   sql:                            (the query, up to the next section)
#   out:                            (expected stdout, optional: empty when absent)
#   err:                            (expected stderr; FILE stands for the fixture's path)
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"
. "$TQ_SRCDIR/tests/sql/cases-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
cases=$(scratch_dir)/file-cases
mkdir -p "$cases"
split_cases "$cases" file v7-zstd "$TQ_SRCDIR"/tests/sql/file-cases/*.test
for c in "$cases"/*; do
	name=$(cat "$c/file")
	case $name in
	*/*)	# another suite's fixture, named from tests/
		dat=$(scratch_dir)/$(basename "$name").dat
		[ -f "$dat" ] || xz -dc "$TQ_SRCDIR/tests/$name.dat.xz" >"$dat" ;;
	*)	dat=$(fixture "$name.dat") ;;
	esac
	# shellcheck disable=SC2046
	run_tq hist -i "$dat" $(cat "$c/args") -f "$c/sql"
	check_case "$c" "$(sed "s|FILE|$dat|g" "$c/err")"
done
done_testing
