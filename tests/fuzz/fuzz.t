#!/bin/sh
# libFuzzer on tq's real entry points, built with clang (ASan, UBSan with float-cast-overflow)
# and run for TQ_FUZZ_SECONDS (60, the issue's bound: about two minutes in all, two at a
# time; set it higher for a campaign) each from the seeds in tests/fuzz/corpus/HARNESS/:
# trace.dat reader, SQL compiler, probe definitions, hist files. A crash, a leak or an input
# taking over a second (-timeout=1) fails the run and leaves that input in
# tests/fuzz/artifacts/ (named below).
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

FZ=$TQ_SRCDIR/tests/fuzz
S=$(scratch_dir)
secs=${TQ_FUZZ_SECONDS:-60}
CLANG=${CLANG:-clang}

command -v "$CLANG" >/dev/null 2>&1 || skip_all "no clang (scripts/install-deps installs it)"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }' > "$S/t.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined,float-cast-overflow -o "$S/t" "$S/t.c" \
	2> "$S/cc.err"; then
	skip_all "clang's libFuzzer runtime is missing (libclang-rt-14-dev): $(head -n 1 "$S/cc.err")"
fi

# build HARNESS MAKEFILE TARGET...
build() {
	_h=$1
	_mk=$2
	shift 2
	make -s -C "$FZ" -f "$_mk" CLANG="$CLANG" "$@" > "$S/build-$_h.log" 2>&1
	ok $? "build the $_h harness"
	[ -s "$S/build-$_h.log" ] && diag_file "$S/build-$_h.log"
}

# start HARNESS BINARY FLAGS...: run it in the background from a copy of the seeds (the
# corpus in git stays small); its exit status goes to $S/rc-HARNESS
start() {
	_h=$1
	_bin=$2
	shift 2
	rm -f "$S/rc-$_h"
	if [ ! -x "$FZ/$_bin" ]; then
		echo missing > "$S/rc-$_h"
		return
	fi
	mkdir -p "$S/corpus-$_h" "$FZ/artifacts"
	cp "$FZ/corpus/$_h"/* "$S/corpus-$_h/"
	ls "$FZ/artifacts" | grep -c "^$_h-" > "$S/before-$_h"
	(cd "$FZ" && env ${FUZZ_ENV:-} "./$_bin" -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 \
		-artifact_prefix="$FZ/artifacts/$_h-" -print_final_stats=1 "$@" \
		"$S/corpus-$_h" > "$S/fuzz-$_h.log" 2>&1; echo $? > "$S/rc-$_h") &
}

# report HARNESS: the TAP line of a harness start() ran (after `wait`)
report() {
	_h=$1
	_rc=$(cat "$S/rc-$_h" 2>/dev/null)
	if [ "$_rc" = missing ]; then
		ok 1 "fuzz $_h: not built"
		return
	fi
	_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$S/fuzz-$_h.log")
	ok "${_rc:-1}" "fuzz $_h for ${secs}s: ${_runs:-?} inputs, no crash, leak or timeout"
	# the trace.dat reader parses metadata in a child first: when libtraceevent dies
	# there, the child leaves an artifact and tq (the parent) refuses the file
	_new=$(($(ls "$FZ/artifacts" | grep -c "^$_h-") - $(cat "$S/before-$_h")))
	[ "$_rc" = 0 ] && [ "$_new" -gt 0 ] &&
		echo "# $_h: $_new inputs crashed libtraceevent inside tq's guard child (refused by tq; issue 15, defect 9)"
	if [ "$_rc" != 0 ]; then
		sed -n 's/.*Test unit written to \(.*\)/artifact: \1/p' "$S/fuzz-$_h.log" | diag_stdin
		grep -m 5 -e 'ERROR:' -e 'runtime error:' -e 'SUMMARY:' "$S/fuzz-$_h.log" | diag_stdin
	fi
}

diag_stdin() { while IFS= read -r _l; do echo "# $_l"; done; }
diag_file() { diag_stdin < "$1"; }

build tracedat Makefile fuzz-tracedat
build sql sql.mk sql-fuzz tracefs-debian
build probe more.mk probe-fuzz hist-fuzz

# Two at a time: the machines that run the tests have two cores, and the other suites
# run one test at a time.
# libtraceevent 1.7.1 leaks when tep_parse_event() fails on a malformed format: those
# leaks (and only those, see tests/lsan.supp) are suppressed, tq's own are still caught
FUZZ_ENV="ASAN_OPTIONS=abort_on_error=0 LSAN_OPTIONS=suppressions=$TQ_SRCDIR/tests/lsan.supp:print_suppressions=0" \
	start tracedat fuzz-tracedat -max_len=65536
start sql sql-fuzz -max_len=4096 -dict=sql.dict
wait
start probe probe-fuzz -max_len=4096
start hist hist-fuzz -max_len=8192
wait
for h in tracedat sql probe hist; do
	report $h
done
done_testing
