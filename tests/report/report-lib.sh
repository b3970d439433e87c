# Helpers shared by the report tests (sourced after tests/lib.sh).

case $TQ in /*) ;; *) TQ=$(pwd)/$TQ ;; esac
FIXTURES=$TQ_SRCDIR/tests/report/fixtures
SAMPLES="v6 v7-none v7-zstd v7-instance"

# Unpack a fixture (NAME.dat or NAME.report.txt) into the scratch dir; print its path.
fixture() {
	_f=$(scratch_dir)/$1
	[ -f "$_f" ] || xz -dc "$FIXTURES/$1.xz" >"$_f" || return 1
	echo "$_f"
}

# diff_ok GOT_FILE WANT_FILE DESCRIPTION: byte comparison, diff as diagnostics.
# With TQ_KEEP_DIFF=PREFIX, a failure also keeps both texts as PREFIX.got and PREFIX.want.
diff_ok() {
	if cmp -s "$1" "$2"; then
		ok 0 "$3"
		return
	fi
	ok 1 "$3"
	diff -u "$2" "$1" | head -20 | sed 's/^/# /'
	if [ -n "${TQ_KEEP_DIFF:-}" ]; then
		cp "$1" "$TQ_KEEP_DIFF.got" && cp "$2" "$TQ_KEEP_DIFF.want"
	fi
}

# check_sanitizer FILE: fail if a sanitizer report is in FILE
sanitizer_clean() {
	! grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'ERROR: LeakSanitizer' "$1"
}

have_trace_cmd() {
	command -v trace-cmd >/dev/null 2>&1
}

# empty_cpu1 V6_FILE OUT: a copy of a v6 file whose CPU 1 recorded nothing (size 0 in the
# flyrecord table; its pages stay in the file, unread)
empty_cpu1() {
	cp "$1" "$2" || return 1
	_tag=$(LC_ALL=C grep -obUa flyrecord "$2" | head -1 | cut -d: -f1)
	printf '\000\000\000\000\000\000\000\000' |
		dd of="$2" bs=1 seek=$((_tag + 10 + 24)) conv=notrunc 2>/dev/null
}

# lost_events V7_NONE_FILE OUT: a copy of v7-none.dat whose second CPU 0 page says 12345
# events were lost before it (bits 31 and 30 of its commit word, the count after the data)
lost_events() {
	cp "$1" "$2" || return 1
	_page=$((5840896 + 4096))
	printf '\300' | dd of="$2" bs=1 seek=$((_page + 11)) conv=notrunc 2>/dev/null
	_commit=$(od -An -tu4 -j $((_page + 8)) -N4 "$2" | tr -d ' ')
	_commit=$((_commit & 0x7ffffff))
	[ $((_commit + 8)) -le 4080 ] || return 1
	printf '\071\060' | dd of="$2" bs=1 seek=$((_page + 16 + _commit)) conv=notrunc 2>/dev/null
}

# same_as_guest HOST_REPORT GUEST_REPORT WHAT: one test, that tq report printed on the host
# what it printed in the VM's guest for the same file (the VM suite's host sides)
same_as_guest() {
	if [ -s "$1" ] && [ -s "$2" ]; then
		diff_ok "$1" "$2" "$3: tq report prints on the host what it printed in the guest"
	else
		ok 1 "$3: tq report prints on the host what it printed in the guest"
		diag "no guest report or no host report to compare"
	fi
}

# compare_with_trace_cmd FILE NAME DIR FLAGS...: one test for each FLAGS (a word list, ""
# for none): tq report FLAGS prints what trace-cmd report FLAGS prints for FILE
compare_with_trace_cmd() {
	_cf=$1 _cn=$2 _cd=$3
	shift 3
	for _cflags in "$@"; do
		# shellcheck disable=SC2086
		"$TQ" report $_cflags -i "$_cf" > "$_cd/tq.out" 2>&1
		# shellcheck disable=SC2086
		trace-cmd report $_cflags -i "$_cf" > "$_cd/tc.out" 2>/dev/null
		diff_ok "$_cd/tq.out" "$_cd/tc.out" "$_cn: tq report ${_cflags:+$_cflags }prints what \
trace-cmd report prints ($(wc -l < "$_cd/tc.out") lines)"
	done
}

# poke FILE OFFSET OCTAL_BYTE
poke() {
	printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# run_damaged DESCRIPTION FILE MUST_FAIL(1|0): one test. tq report on a damaged file gives
# a clear error (naming the file, and where when MUST_FAIL) or a report, and never crashes,
# hangs or trips the sanitizers. Its output is left in $damaged_out and $damaged_err.
run_damaged() {
	damaged_out=$(scratch_dir)/damaged.out
	damaged_err=$(scratch_dir)/damaged.err
	timeout 60 "$TQ" report -i "$2" >"$damaged_out" 2>"$damaged_err"
	_rc=$?
	_why=""
	if [ $_rc -eq 124 ]; then
		_why="hung (timeout)"
	elif [ $_rc -ge 128 ]; then
		_why="killed by signal $((_rc - 128))"
	elif ! sanitizer_clean "$damaged_err"; then
		_why="sanitizer report"
	elif [ "$3" = 1 ] && [ $_rc -eq 0 ]; then
		_why="exit status 0"
	elif [ $_rc -ne 0 ] && ! grep -q "^tq: report: .*$(basename "$2")" "$damaged_err"; then
		_why="no message naming the file"
	elif [ $_rc -ne 0 ] && [ "$3" = 1 ] && ! grep -q -e offset -e truncated -e magic \
		-e version -e damaged "$damaged_err"; then
		_why="message does not say where"
	fi
	if [ -z "$_why" ]; then
		ok 0 "$1"
	else
		ok 1 "$1: $_why"
		head -c 2000 "$damaged_err" | sed 's/^/# /'
	fi
}

# compare DESCRIPTION ARGS...: trace-cmd report ARGS and tq report ARGS give the same
# stdout byte for byte, tq exiting 0 without a sanitizer report (scratch files in $d)
compare() {
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
