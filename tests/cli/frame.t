#!/bin/sh
# The command frame: help, version, suggestions, exit codes, message format.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

run_tq --version
is "$rc" 0 "--version exits 0"
like "$out" '^tq version [0-9]+\.[0-9]+' "--version prints the version"

run_tq --help
is "$rc" 0 "--help exits 0"
like "$out" 'commands:' "--help lists the commands"
like "$out" 'exit status: 0 ok, 1 error, 2 usage error, 3 the kernel lacks the feature' \
	"--help documents the exit codes"

run_tq
is "$rc" 2 "no command is a usage error"
like "$err" '^usage: tq' "and prints the usage to stderr"

run_tq lsit
is "$rc" 2 "an unknown command exits 2"
like "$err" "^tq: 'lsit' is not a tq command; did you mean 'list'\\?" "and suggests the nearest"

run_tq frobnicate
unlike "$err" 'did you mean' "no suggestion for a word unlike any command"

for c in list set start stop restart clear show stat reset; do
	run_tq "$c" -h
	is "$rc" 0 "tq $c -h exits 0"
	like "$out" "^usage: tq $c" "tq $c -h prints its usage"
	run_tq help "$c"
	like "$out" "^usage: tq $c" "tq help $c prints the same"
done

run_tq set --no-such-option
is "$rc" 2 "an unknown option exits 2"
like "$err" "^tq: set: unknown option '--no-such-option'" "named in 'tq: <command>: <what>' form"

run_tq set -e
is "$rc" 2 "a missing option value exits 2"
like "$err" "option '-e' needs a value" "and says which option"

run_tq --color=sometimes list
is "$rc" 2 "a bad --color value exits 2"
is "$err" "tq: '--color' takes auto, always or never, not 'sometimes'
see 'tq --help'" "and says what it takes, pointing at 'tq --help'"
run_tq --tracefs
is "$rc" 2 "--tracefs without a directory exits 2"
like "$err" "^tq: '--tracefs' needs a directory" "and says so"
run_tq --no-such-global stat
is "$err" "tq: unknown option '--no-such-global'
see 'tq --help'" "an unknown global option is named"

run_tq help nosuch
is "$rc" 2 "help for an unknown command exits 2"

run_tq --tracefs /nonexistent/dir stat
is "$rc" 1 "a missing tracefs directory is an error"
like "$err" "'/nonexistent/dir' is not a tracefs directory" "which names the directory"
empty=$(scratch_dir)
run_tq --tracefs "$empty" stat
is "$rc" 1 "a directory that is no tracefs nor a copy of one is an error"
like "$err" "^tq: stat: '$empty' is not a tracefs: it has no events/, tracing_on, available_events or README" \
	"which says what is missing"
is "$out" "" "and shows nothing as if it were an empty tracefs"

# colour: only on a terminal, never with NO_COLOR, forced with --color=always
esc=$(printf '\033')
T=$(fixture_tracefs debian-6.1-amd64)
run_tq --tracefs "$T" set -e nosuch --print
unlike "$err" "$esc" "no colour when stderr is not a terminal"
run_tq --color=always --tracefs "$T" set -e nosuch --print
like "$err" "$esc\\[1;31mtq: set:$esc\\[m" "--color=always colours the message prefix"
run_tq --color --tracefs "$T" set -e nosuch --print
like "$err" "$esc\\[1;31mtq: set:$esc\\[m" "a bare --color is --color=always, as in git and ls"
run_tq --color=never --tracefs "$T" set -e nosuch --print
unlike "$err" "$esc" "--color=never does not colour"
if command -v script >/dev/null; then
	tty_out=$(script -qec "$TQ --tracefs $T set -e nosuch --print" /dev/null 2>&1)
	like "$tty_out" "$esc" "colour on a terminal"
	tty_out=$(NO_COLOR=1 script -qec "$TQ --tracefs $T set -e nosuch --print" /dev/null 2>&1)
	unlike "$tty_out" "$esc" "no colour on a terminal with NO_COLOR set"
	tty_out=$(TERM=dumb script -qec "$TQ --tracefs $T set -e nosuch --print" /dev/null 2>&1)
	unlike "$tty_out" "$esc" "no colour on a dumb terminal"
	tty_out=$(script -qec "$TQ --tracefs $T set -e nosuch --print >/dev/null" /dev/null 2>&1)
	like "$tty_out" "nosuch" "stdout not a terminal, stderr one: the error is shown"
	unlike "$tty_out" "$esc" "...without colour: colour needs stdout to be a terminal"
else
	for i in 1 2 3 4 5; do skip "script(1) is missing"; done
fi

# output that cannot be written is an error, said once, whatever printed it
if [ -w /dev/full ]; then
	for args in --version --help "--tracefs $T set -e sched:sched_switch --print"; do
		# shellcheck disable=SC2086
		"$TQ" $args >/dev/full 2>"$T.err"
		is "$?" 1 "tq $args to a full disk: exit 1"
		[ "$(wc -l < "$T.err")" -eq 1 ] &&
			grep -q '^tq: .*cannot write the output: No space left on device$' "$T.err"
		ok $? "tq $args to a full disk: says so, once"
	done
else
	for i in 1 2 3 4 5 6; do skip "no /dev/full"; done
fi

done_testing
