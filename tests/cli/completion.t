#!/bin/sh
# bash completion offers every command, global option and command option tq's own help
# lists (so commands added later are covered without touching the script), the help
# topics, and the trace-cmd flags of record.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

command -v bash >/dev/null || skip_all "bash is missing"
dir=$(scratch_dir)
ln -sf "$TQ" "$dir/tq"
# complete WORDS...: what _tq offers for the last word, one per line, sorted
complete_words() {
	PATH="$dir:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tq
		printf "%s\n" "${COMPREPLY[@]}" | sort -u' _ \
		"$TQ_SRCDIR/scripts/completion/tq.bash" "$@"
}
# missing WANTED GOT: the words of WANTED not among the lines of GOT
missing() {
	for w in $1; do
		printf '%s\n' "$2" | grep -qxF -- "$w" || printf '%s ' "$w"
	done
}

cmds=$("$TQ" --help | awk '/^commands:/ { on = 1; next } on && NF == 0 { on = 0 } on { print $1 }')
[ -n "$cmds" ] || skip_all "tq --help lists no commands"
is "$(missing "$cmds" "$(complete_words tq '')")" "" "every command of tq --help completes"

# options as the -h text shows them: "-x, --long ARG" at the start of an indented line
for c in $cmds; do
	want=$("$TQ" "$c" -h 2>/dev/null | sed -n 's/^ *\(-[^ ].*\)/\1/p' |
		awk '{ for (i = 1; i <= NF; i++) { w = $i; sub(/,$/, "", w); sub(/=.*/, "", w)
			sub(/\[.*/, "", w); if (w ~ /^--?[A-Za-z]/) print w; else break } }' |
		sort -u)
	got=$(complete_words tq "$c" -)
	is "$(missing "$want" "$got")" "" "tq $c: every option of its -h completes"
done

got=$(complete_words tq record --no-fi)
is "$got" "--no-filter" "record --no-fi completes --no-filter"
got=$(complete_words tq record --dur)
is "$got" "--duration" "record --dur completes --duration"
got=$(complete_words tq record --func-s)
is "$got" "--func-stack" "record --func-s completes --func-stack"
got=$(complete_words tq --tracefs-c)
is "$got" "--tracefs-copy" "the global --tracefs-copy completes (from tq --help)"
got=$(complete_words tq help trace)
is "$got" "trace-cmd" "help trace-cmd completes"
mkdir "$dir/tmpdir.d"
got=$(cd "$dir" && complete_words tq record --temp tmpdir)
is "$got" "tmpdir.d" "--temp completes directories"
got=$(cd "$dir" && complete_words tq --tracefs-copy tmpdir)
is "$got" "tmpdir.d" "--tracefs-copy completes directories"
got=$(complete_words tq --tracefs-copy /tmp set -)
like "$got" "--print" "a command after --tracefs-copy DIR is found"
done_testing
