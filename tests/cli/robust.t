#!/bin/sh
# Bad input found by the fuzzing campaign of issue 15: every case once crashed, leaked,
# hung or took seconds; each must now be a prompt, clear refusal with the right exit code.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(fixture_tracefs debian-6.1-amd64)
S=$(scratch_dir)
F=$TQ_SRCDIR/tests/cli/robust-fixtures
xz -dc "$TQ_SRCDIR/tests/report/fixtures/v7-none.dat.xz" > "$S/t.dat"

# options after an input: the inputs collected so far must be freed, and it is a usage error
for bad in --bogus --cpu -F --cpu= "-F sched_switch:("; do
	# shellcheck disable=SC2086
	run_tq report -i "$S/t.dat" $bad
	is "$rc" 2 "report -i FILE $bad exits 2 (usage)"
done
like "$err" "unbalanced" "the bad filter is named"

# query files: a size cap, NUL bytes refused with their place
run_tq sql -t "$T" -f /dev/zero
is "$rc" 1 "sql -f /dev/zero is refused"
like "$err" "longer than 1048576 bytes" "... as longer than the cap"
run_tq sql -t "$T" -f "$F/nul.sql"
is "$rc" 1 "a NUL byte in a query file is refused"
like "$err" "NUL byte at line 2, column 11" "... with its line, column and offset"
run_tq sql -t "$T" -f "$S"
is "$rc" 1 "a directory is no query file"

# a FIFO without a writer: open() must not wait for one (timeout is the guard, not a sleep)
mkfifo "$S/fifo"
for c in "sql -t $T -f" "report -i" "dump -i"; do
	# shellcheck disable=SC2086
	timeout 20 "$TQ" $c "$S/fifo" >/dev/null 2>&1
	r=$?
	ok "$([ "$r" = 1 ] && echo 0 || echo 1)" "$c on a FIFO without a writer ends at once ($r)"
done

# inputs of about a megabyte are answered quickly (they took 6 to 300 s under ASan):
# a 64 KiB unknown event (did-you-mean), 10,001 ANDs, an IN list of 100,000 values
awk 'BEGIN { s = "SELECT pid FROM "; for (i = 0; i < 65536; i++) s = s "x"; print s }' \
	> "$S/long-name.sql"
awk 'BEGIN { s = "SELECT prev_pid FROM sched_switch WHERE prev_pid == 0";
	for (i = 1; i <= 10001; i++) s = s " AND prev_pid == " i; print s }' > "$S/ands.sql"
awk 'BEGIN { s = "SELECT prev_pid FROM sched_switch WHERE prev_pid IN (0";
	for (i = 1; i < 100000; i++) s = s "," i; print s ")" }' > "$S/in.sql"
for q in long-name ands in; do
	timeout 20 "$TQ" sql -t "$T" -f "$S/$q.sql" >/dev/null 2>"$S/err"
	r=$?
	ok "$([ "$r" != 124 ] && ! grep -q Sanitizer "$S/err" && echo 0 || echo 1)" \
		"$q: answered in time without a sanitizer report ($r)"
done
done_testing
