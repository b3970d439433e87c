#!/bin/sh
# tq split cuts trace-cmd's files into the parts trace-cmd split makes: the same part
# names, and `trace-cmd report` of each part byte for byte the same (tq's pages are its
# own, the events in them are trace-cmd's); tq report reads tq's parts as trace-cmd does.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)

# both FILE ARGS...: split with trace-cmd into $d/tc, with tq into $d/tq
both() {
	_f=$(fixture "$1.dat"); shift
	rm -rf "$d/tc" "$d/tq" && mkdir "$d/tc" "$d/tq"
	trace-cmd split -i "$_f" -o "$d/tc/p" "$@" >/dev/null 2>"$d/tc.err"
	"$TQ" split -i "$_f" -o "$d/tq/p" "$@" >"$d/tq.out" 2>"$d/tq.err"
}

# reports_same DIR_A DIR_B PROGRAM: PROGRAM report of every part of DIR_A equals
# trace-cmd report of the same part of DIR_B; the first difference as diagnostics
reports_same() {
	_bad=0
	for _p in $(ls "$1"); do
		$3 report -i "$1/$_p" >"$d/a.rep" 2>&1
		trace-cmd report -i "$2/$_p" >"$d/b.rep" 2>&1
		if ! cmp -s "$d/a.rep" "$d/b.rep"; then
			[ $_bad = 0 ] && diff "$d/b.rep" "$d/a.rep" | head -10 | sed "s|^|# $_p: |"
			_bad=$((_bad + 1))
		fi
	done
	return $_bad
}

CASES="v7-zstd:-e:1000:-r v6:-m:250:-r v7-none:-p:3:-r v7-zstd:-c:-e:500:-r
v7-none:-C:1:-e:300:-r v7-zstd:-s:1:1708.5:1709.0 v7-instance:-e:800:-r v6:-u:30000:-r:1711.9
v6:-e:1000"
ncases=$(echo $CASES | wc -w)
plan $((ncases * 4 + 9))

for c in $CASES; do
	set -- $(echo "$c" | tr ':' ' ')
	what="$*"
	if ! have_trace_cmd; then
		skip "trace-cmd is not installed"; skip "-"; skip "-"; skip "-"
		continue
	fi
	both "$@"
	rc=$?
	sanitizer_clean "$d/tq.err" && [ $rc = 0 ] && [ ! -s "$d/tq.err" ]
	ok $? "$what: exit 0, quiet"
	is "$(ls "$d/tq" | tr '\n' ' ')" "$(ls "$d/tc" | tr '\n' ' ')" "$what: the same parts"
	reports_same "$d/tq" "$d/tc" trace-cmd
	ok $? "$what: trace-cmd reports tq's parts as trace-cmd's own"
	reports_same "$d/tq" "$d/tq" "${TQ_PLAIN:-$TQ}"
	ok $? "$what: tq report of tq's parts is trace-cmd's"
done

f=$(fixture v7-zstd.dat)
run_tq split -i "$f" -o "$d/x" -s 0
is "$rc" 2 "-s 0: usage error"
like "$err" "greater than 0" "-s 0: says the count must be positive"
run_tq split -i "$f" -o "$d/x" -s 1 -e 10
is "$rc.$err" "2.tq: split: only one of -s, -m, -u, -e, -p
see 'tq split -h' for the options" "two units: usage error"
run_tq split -i "$f" -o "$d/x" 1709 1708
is "$rc" 2 "end before start: usage error"
run_tq split -i "$f" -o "$d/x" 17x
like "$rc:$err" "^2:.*start '17x' is not a time" "start not a number: usage error"
run_tq split -i "$d/none.dat" -o "$d/x"
like "$rc:$err" "^1:.*cannot open" "missing input: error"
run_tq split -i "$f" -o "$d/x" -C 7 -e 10
like "$rc:$err" "^1:.*no CPU 7" "-C past the file's CPUs: error"
run_tq split -i "$f" -o "$d/nodir/x" -e 10
like "$rc:$err" "^1:.*cannot create" "output directory missing: error"
is "$(ls -A "$d" | grep -c -e '^x' -e tq-split)" 0 "nothing left behind by the failures"
done_testing
