#!/bin/sh
# make install honours prefix=, PREFIX= and DESTDIR= (staged installs).
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
[ -x "$TQ_SRCDIR/build/tq" ] || skip_all "build/tq is not built"

dest=$(scratch_dir)
make -s -C "$TQ_SRCDIR" install DESTDIR="$dest" prefix=/usr >/dev/null 2>&1
ok $? "make install DESTDIR=... prefix=/usr"
ok "$([ -x "$dest/usr/bin/tq" ]; echo $?)" "installs the binary under DESTDIR/prefix"
ok "$([ -f "$dest/usr/share/bash-completion/completions/tq" ]; echo $?)" \
	"installs the bash completion"
out=$("$dest/usr/bin/tq" --version)
like "$out" '^tq version' "the installed binary runs"

rm -rf "$dest"/*
make -s -C "$TQ_SRCDIR" install DESTDIR="$dest" PREFIX=/opt/tq >/dev/null 2>&1
ok "$([ -x "$dest/opt/tq/bin/tq" ]; echo $?)" "PREFIX= works as prefix="

done_testing
