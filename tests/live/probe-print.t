#!/bin/sh
# tq probe add/remove --print against copies of two kernels' tracefs (no root, no kernel):
# Debian's 6.1, which has every kind of probe and $arg<N>, and the host's 6.18, which has
# uprobes only. The printed script is exactly what would be written.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

deb=$(fixture_tracefs debian-6.1-amd64)
host=$(fixture_tracefs host-6.18-firecracker)
[ -f "$deb/README" ] && [ -f "$host/README" ] || skip_all "the tracefs fixtures do not unpack"

# print_deb ARGS...: tq probe add --print on the Debian copy
print_deb() { run_tq --tracefs "$deb" probe add --print "$@"; }

print_deb kprobe myopen do_sys_openat2 'fn=+0($arg2):ustring' 'flags=+0($arg3):x64'
is "$rc" 0 "kprobe --print"
is "$out" "echo 'p:kprobes/myopen do_sys_openat2 fn=+0(\$arg2):ustring flags=+0(\$arg3):x64' >> $deb/dynamic_events" \
	"kprobe: \$argN kept (6.1's README has \$arg<N>), appended to dynamic_events"
[ ! -e "$deb/dynamic_events" ]
ok $? "--print writes nothing"

print_deb kretprobe grp/myret do_sys_openat2 'ret=$retval:s64'
is "$out" "echo 'r:grp/myret do_sys_openat2 ret=\$retval:s64' >> $deb/dynamic_events" \
	"kretprobe in a group of its own"
print_deb kretprobe myret do_sys_openat2 'a=$arg1'
is "$rc" 2 "\$arg1 in a kretprobe on 6.1 is refused"
like "$err" 'not available at function return' "and explained"

print_deb 'p:raw do_sys_openat2 dfd=%di:s32'
is "$out" "echo 'p:raw do_sys_openat2 dfd=%di:s32' >> $deb/dynamic_events" "raw syntax as is"

print_deb eprobe opn syscalls/sys_enter_openat 'fn=+0(filename):ustring' if 'dfd == 3'
is "$out" "echo 'e:eprobes/opn syscalls.sys_enter_openat fn=+0(\$filename):ustring if dfd == 3' >> $deb/dynamic_events" \
	"eprobe with a field dereference and a filter"

print_deb synth wake_lat 'u64 lat; pid_t pid'
is "$out" "echo 's:synthetic/wake_lat u64 lat; pid_t pid' >> $deb/dynamic_events" \
	"synthetic event as an s: line"

print_deb kprobe 'bad name' do_sys_openat2
is "$rc" 2 "a bad event name is a usage error"
print_deb bogus x y
is "$rc" 2 "an unknown kind is a usage error"
like "$err" "unknown probe kind 'bogus'" "naming the kind"

# a uprobe: the symbol resolved from tq's own binary, $arg1 always a register
bin=$(cd "$(dirname "$TQ")" && pwd -P)/$(basename "$TQ")
print_deb uprobe up "$TQ:main" 'argc=$arg1:s32'
is "$rc" 0 "uprobe by symbol --print"
like "$out" "^echo 'p:uprobes/up $bin:0x[0-9a-f]+ argc=%di:s32' >> $deb/dynamic_events\$" \
	"uprobe: absolute path, file offset, \$arg1 as %di"
main_off=$(printf '%s\n' "$out" | sed -n 's/.*:\(0x[0-9a-f]*\) .*/\1/p')
print_deb uprobe up "$TQ:main" --print
is "$rc" 0 "--print after the definition is understood too"

# the host's kernel: uprobes only
run_tq --tracefs "$host" probe add --print kprobe k do_sys_openat2
is "$rc" 3 "no kprobes on 6.18 here: exit 3"
like "$err" "kprobes .*not supported by this kernel" "and said so"
run_tq --tracefs "$host" probe add --print synth s 'u64 a'
is "$rc" 3 "no synthetic events: exit 3"
run_tq --tracefs "$host" probe add --print uprobe up "$TQ:$main_off"
is "$out" "echo 'p:uprobes/up $bin:$main_off' >> $host/dynamic_events" "uprobe by offset"

# remove --print from a listed event
dir=$(scratch_dir)/tfs
mkdir -p "$dir/events/kprobes/myopen"
cp "$deb/README" "$dir/"
printf 'p:kprobes/myopen do_sys_openat2\nr:kprobes/myret do_sys_openat2 ret=$retval\n' > "$dir/dynamic_events"
echo 1 > "$dir/events/kprobes/myopen/enable"
run_tq --tracefs "$dir" probe rm --print myopen kprobes/myret
is "$out" "echo 0 > $dir/events/kprobes/myopen/enable
echo -:kprobes/myopen >> $dir/dynamic_events
echo -:kprobes/myret >> $dir/dynamic_events" "remove --print: disable, then -:GROUP/NAME"
run_tq --tracefs "$dir" probe list
like "$out" '^kretprobe +kprobes/myret +r:kprobes/myret do_sys_openat2 ret=\$retval$' "list shows the kind"
run_tq --tracefs "$dir" probe rm --print nothere
is "$rc" 1 "removing an absent event fails"
run_tq --tracefs "$dir" probe add --print kprobe myopen vfs_read
is "$rc" 1 "adding an existing name fails"
like "$err" "already exists" "and says so"

# the VM runs tq-probe(1)'s EXAMPLES from a copy of the section (the guest has no
# Documentation/): the copy must be the page's, so that the two cannot drift apart
section=$(sed -n '/^== EXAMPLES$/,/^== /p' "$TQ_SRCDIR/Documentation/tq-probe.adoc" | sed '$d')
copy=$(sed -n "/<<'EXAMPLES'$/,/^EXAMPLES$/p" "$TQ_SRCDIR/tests/vm/cases/probe-doc-examples.sh" |
	sed '1d;$d')
[ -n "$section" ] && [ "$section" = "$copy" ]
ok $? "tests/vm/cases/probe-doc-examples.sh holds the EXAMPLES of tq-probe(1) verbatim"
[ "$section" = "$copy" ] || diag "$(printf '%s\n' "$section" > "$dir/a"; printf '%s\n' "$copy" > "$dir/b"; diff "$dir/a" "$dir/b")"

run_tq --help
like "$out" '^ *probe .*eprobes' "tq --help names eprobes among probe's kinds"

done_testing
