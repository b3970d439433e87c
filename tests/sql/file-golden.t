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

command -v xz >/dev/null || skip_all "xz is not installed"
cases=$(scratch_dir)/file-cases
mkdir -p "$cases"
for f in "$TQ_SRCDIR"/tests/sql/file-cases/*.test; do
	awk -v dir="$cases" -v src="$(basename "$f" .test)" '
	function close_all() { if (d != "") { close(d "/sql"); close(d "/out"); close(d "/err") } }
	/^=== / {
		close_all(); n++; d = sprintf("%s/%s-%03d", dir, src, n)
		system("mkdir -p \"" d "\""); sect = ""
		print substr($0, 5) > (d "/title"); close(d "/title")
		print "v7-zstd" > (d "/file"); close(d "/file")
		print "0" > (d "/exit"); close(d "/exit")
		printf "" > (d "/args"); close(d "/args")
		printf "" > (d "/out"); printf "" > (d "/err")
		next
	}
	d == "" { next }
	sect == "" && /^file: / { print substr($0, 7) > (d "/file"); close(d "/file"); next }
	sect == "" && /^args: / { print substr($0, 7) > (d "/args"); close(d "/args"); next }
	sect == "" && /^exit: / { print substr($0, 7) > (d "/exit"); close(d "/exit"); next }
	/^(sql|out|err):$/ { sect = substr($0, 1, 3); next }
	sect != "" { print > (d "/" sect) }
	END { close_all() }
	' "$f"
done

for c in "$cases"/*; do
	title=$(cat "$c/title")
	name=$(cat "$c/file")
	case $name in
	*/*)	# another suite's fixture, named from tests/
		dat=$(scratch_dir)/$(basename "$name").dat
		[ -f "$dat" ] || xz -dc "$TQ_SRCDIR/tests/$name.dat.xz" >"$dat" ;;
	*)	dat=$(fixture "$name.dat") ;;
	esac
	# shellcheck disable=SC2046
	run_tq hist -i "$dat" $(cat "$c/args") -f "$c/sql"
	want_out=$(cat "$c/out")
	want_err=$(sed "s|FILE|$dat|g" "$c/err")
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
