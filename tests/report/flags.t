#!/bin/sh
# Every report flag that trace-cmd also has gives the same bytes as trace-cmd report,
# run live on the same file.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
have_trace_cmd || skip_all "trace-cmd is not installed"

FLAGS='-t|-R|-l|-l -t|--cpu 0|--cpu 1|--cpu 0-1|--ts-diff|-t --ts-diff|-E|--stat|--uname|--version|--first-event|--last-event|--first-event --last-event|--cpus|-R -t'
d=$(scratch_dir)
for s in $SAMPLES; do
	fixture "$s.dat" >/dev/null
done
cd "$d" || exit 1

compare() {
	# compare DESCRIPTION ARGS...
	_desc=$1
	shift
	trace-cmd report "$@" >"$d/want" 2>/dev/null
	"$TQ" report "$@" >"$d/got" 2>"$d/err"
	_rc=$?
	if [ $_rc -ne 0 ] || ! sanitizer_clean "$d/err"; then
		ok 1 "$_desc"
		diag "exit $_rc"
		head -10 "$d/err" | sed 's/^/# /'
		return
	fi
	diff_ok "$d/got" "$d/want" "$_desc"
}

for s in $SAMPLES; do
	old_ifs=$IFS
	IFS='|'
	for f in $FLAGS; do
		IFS=$old_ifs
		# shellcheck disable=SC2086
		compare "$s: report $f" $f -i "$s.dat"
		IFS='|'
	done
	IFS=$old_ifs
done

# wakeup latencies
for s in $SAMPLES; do
	compare "$s: report -w" -w -i "$s.dat"
done

# several files merged by time, with and without instances
compare "two files" -i v7-zstd.dat -i v6.dat
compare "file with an instance and another" -i v7-instance.dat -i v7-zstd.dat
compare "three files, latency format" -i v7-none.dat -i v7-instance.dat -i v6.dat -l
compare "two files, ts-diff" -i v6.dat -i v7-none.dat --ts-diff
done_testing
