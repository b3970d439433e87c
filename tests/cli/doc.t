#!/bin/sh
# Every command tq offers has a man page and completes in bash.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cmds=$("$TQ" --help | sed -n '/^commands:/,/^$/{s/^    \([a-z-]*\) .*/\1/p}')
[ -n "$cmds" ] || skip_all "tq --help lists no commands"
for c in $cmds; do
	page=$TQ_SRCDIR/Documentation/tq-$c.adoc
	if [ -f "$page" ] || grep -q "tq-$c:" "$TQ_SRCDIR/Documentation/Makefile"; then
		ok 0 "tq $c has a man page"
	else
		ok 1 "tq $c has a man page (Documentation/tq-$c.adoc)"
	fi
done

if command -v bash >/dev/null; then
	dir=$(scratch_dir)
	ln -sf "$TQ" "$dir/tq"
	got=$(PATH="$dir:$PATH" bash -c '. "$1"; COMP_WORDS=(tq re); COMP_CWORD=1; _tq;
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ \
		"$TQ_SRCDIR/scripts/completion/tq.bash")
	like "$got" 'reset' "bash completes command names from tq --help"
	got=$(PATH="$dir:$PATH" bash -c '. "$1"; COMP_WORDS=(tq set --pr); COMP_CWORD=2; _tq;
		printf "%s\n" "${COMPREPLY[@]}"' _ "$TQ_SRCDIR/scripts/completion/tq.bash")
	is "$got" "--print" "bash completes a command's options from its -h"
else
	skip "bash is missing"
	skip "bash is missing"
fi

if command -v asciidoctor >/dev/null; then
	out=$(make -s -C "$TQ_SRCDIR/Documentation" 2>&1)
	ok $? "make doc builds the man pages"
	[ -z "$out" ] || diag "$out"
else
	skip "asciidoctor is not installed"
fi

done_testing
