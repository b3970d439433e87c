# The golden case files of tests/sql (cases/*.test for tq sql, file-cases/*.test for tq
# hist -i), sourced by golden.t and file-golden.t after tests/lib.sh.
#
# A case starts with "=== title"; before its first section it may set "KEY: value" for the
# one key its suite names (kernel:, file:), "args: ..." and "exit: N" (default 0); then
# "sql:", "out:" and "err:" sections, each up to the next. '#' lines outside cases are
# comments.

# split_cases OUTDIR KEY DEFAULT FILE...: one directory per case under OUTDIR, holding
# title, KEY (DEFAULT unless set), args, exit, sql, out and err
split_cases() {
	_out=$1 _key=$2 _default=$3
	shift 3
	mkdir -p "$_out"
	for _f; do
		awk -v dir="$_out" -v src="$(basename "$_f" .test)" -v key="$_key" \
			-v default="$_default" '
		function close_all() {
			if (d != "") { close(d "/sql"); close(d "/out"); close(d "/err") }
		}
		function put(name, text) { print text > (d "/" name); close(d "/" name) }
		/^=== / {
			close_all(); n++; d = sprintf("%s/%s-%03d", dir, src, n)
			system("mkdir -p \"" d "\""); sect = ""
			put("title", substr($0, 5)); put(key, default); put("exit", "0")
			printf "" > (d "/args"); close(d "/args")
			printf "" > (d "/out"); printf "" > (d "/err")
			next
		}
		d == "" { next }
		sect == "" && index($0, key ": ") == 1 { put(key, substr($0, length(key) + 3)); next }
		sect == "" && /^args: / { put("args", substr($0, 7)); next }
		sect == "" && /^exit: / { put("exit", substr($0, 7)); next }
		/^(sql|out|err):$/ { sect = substr($0, 1, 3); next }
		sect != "" { print > (d "/" sect) }
		END { close_all() }
		' "$_f"
	done
}

# check_case CASEDIR [WANT_ERR]: $rc, $out and $err of run_tq against the case's exit,
# out and err (or WANT_ERR, when the expected text needs substitutions), as one test
check_case() {
	_want_out=$(cat "$1/out")
	_want_err=${2-$(cat "$1/err")}
	_want_rc=$(cat "$1/exit")
	if [ "$rc" = "$_want_rc" ] && [ "$out" = "$_want_out" ] && [ "$err" = "$_want_err" ]; then
		ok 0 "$(cat "$1/title")"
		return
	fi
	ok 1 "$(cat "$1/title")"
	diag "exit: got $rc, want $_want_rc"
	[ "$out" = "$_want_out" ] || diag "stdout got:" "$out" "stdout want:" "$_want_out"
	[ "$err" = "$_want_err" ] || diag "stderr got:" "$err" "stderr want:" "$_want_err"
}
