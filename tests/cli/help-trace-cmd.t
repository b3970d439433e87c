#!/bin/sh
# tq help trace-cmd: every command and record/report flag trace-cmd's own help lists has a
# row, and a row that names a tq flag or command is one this tq's help really lists.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

run_tq help trace-cmd
is "$rc" 0 "tq help trace-cmd exits 0"
table=$out
# rows SECTION: the "trace-cmd tq note" rows of one section of the table
rows() { printf '%s\n' "$table" | awk -v s="$1" '/^[a-z]/ { on = index($0, s) == 1; next }
	on && NF >= 2 && $1 != "trace-cmd" { print $1, $2 }'; }

like "$(rows commands:)" "^record record$" "record is record"
for c in record report; do
	bad=""
	for t in $(rows "$c" | awk '$2 != "-" { print $2 }'); do
		"$TQ" "$c" -h 2>/dev/null | grep -qE -- "(^|[ ,])$t([ ,=[]|$)" || bad="$bad $t"
	done
	is "$bad" "" "every $c flag the table gives tq is in 'tq $c -h'"
done
bad=""
for t in $(rows commands: | awk '$2 != "-" { print $2 }'); do
	"$TQ" --help | grep -q "^    $t " || bad="$bad $t"
done
is "$bad" "" "every command the table gives tq is in 'tq --help'"

if command -v trace-cmd >/dev/null 2>&1; then
	tc_cmds=$(trace-cmd -h 2>&1 | sed -n 's/^ *\([a-z-]*\) - .*/\1/p')
	bad=""
	for c in $tc_cmds; do
		rows commands: | grep -q "^$c " || bad="$bad $c"
	done
	is "$bad" "" "every command of 'trace-cmd -h' has a row"
	for c in record report; do
		flags=$(trace-cmd "$c" -h 2>&1 | sed -n 's/^ *\(--*[A-Za-z][A-Za-z0-9-]*\).*/\1/p' |
			sort -u)
		bad=""
		for f in $flags; do
			rows "$c" | grep -q -- "^$f " || bad="$bad $f"
		done
		is "$bad" "" "every flag of 'trace-cmd $c -h' has a row"
	done
else
	skip "trace-cmd is not installed"
	skip "trace-cmd is not installed"
	skip "trace-cmd is not installed"
fi
done_testing
