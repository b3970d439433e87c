# description: the EXAMPLES of tq-probe(1), run as written, leave nothing behind
# requires: dynamic_events kprobe_events uprobe_events synthetic_events events/sched/sched_switch

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null
	echo "$clock" > trace_clock
}
trap cleanup EXIT

tq probe add kprobe myopen do_sys_openat2 'dfd=$arg1:s32' 'fn=+0($arg2):ustring' \
        'flags=+0($arg3):x64'
tq probe add kretprobe myopen_ret do_sys_openat2 'ret=$retval:s64'
tq start -e kprobes
cat /proc/version > /dev/null
tq stop
tq show > /tmp/doc_show.txt
grep -m 2 myopen /tmp/doc_show.txt
grep -q ' myopen: (do_sys_openat2+0x0/[0-9a-fx]*) dfd=-100 fn="/proc/version"' /tmp/doc_show.txt ||
	fail "tq show has no myopen hit"
grep -q ' myopen_ret: .* ret=' /tmp/doc_show.txt || fail "tq show has no myopen_ret hit"
tq probe rm myopen
tq probe add 'p:myopen do_sys_openat2 filename=+0(%si):ustring'

libc=$(ls /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc.so.6 2>/dev/null | head -n 1)
[ -n "$libc" ] || fail "no libc.so.6 in the guest"
tq probe add uprobe mymalloc "$libc:malloc" 'size=$arg1:u64'
set +e
tq probe add eprobe next_task sched/sched_switch 'pid=next_pid:s32' 'prio=next_prio:s32'
rc=$?
set -e
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || fail "the eprobe example exited $rc"
tq probe add synth wake_lat 'u64 lat; pid_t pid'
tq probe add --print kprobe vfsr vfs_read 'count=$arg3:u64' |
	grep -qx "echo 'p:kprobes/vfsr vfs_read count=\$arg3:u64' >> /sys/kernel/tracing/dynamic_events" ||
	fail "the --print example printed something else"
tq probe list
[ "$(tq probe list | wc -l)" -eq $((5 - (rc == 3))) ] || fail "not every example is listed"
if [ "$rc" -eq 0 ]; then
	tq probe rm myopen myopen_ret mymalloc next_task wake_lat
else
	tq probe rm myopen myopen_ret mymalloc wake_lat
fi
[ -z "$(cat dynamic_events)" ] || fail "dynamic_events is not empty: $(cat dynamic_events)"
