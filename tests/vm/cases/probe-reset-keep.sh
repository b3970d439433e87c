# description: tq reset -k KIND keeps exactly the dynamic events of the kinds named, removes eprobes before the events they are attached to, and explains what keeps an event busy
# requires: dynamic_events kprobe_events uprobe_events synthetic_events events/sched/sched_switch "e[:[<group>/][<event>]]":README
# timeout: 90

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	echo '!hist:keys=common_pid' >> events/vm_rk/vm_k/trigger
	tq reset > /dev/null
	echo "$clock" > trace_clock
	rm -f /tmp/vm_rk.err
}
trap cleanup EXIT

tq_bin=$(command -v tq)
make_all() {
	tq probe add kprobe vm_rk/vm_k do_sys_openat2
	tq probe add uprobe vm_rk/vm_u "$tq_bin:main"
	tq probe add synth vm_rk_s 'u64 lat'
	# on the synthetic event: the kernel attaches eprobes to no kprobe or uprobe
	tq probe add eprobe vm_rk/vm_e synthetic/vm_rk_s 'l=lat:u64'
}
# the SYSTEM/NAME of every dynamic event, sorted, on one line
left() { tq probe list | awk '{ print $2 }' | sort | tr '\n' ' '; }

make_all
[ "$(left)" = "synthetic/vm_rk_s vm_rk/vm_e vm_rk/vm_k vm_rk/vm_u " ] || fail "made: $(left)"
tq reset -k kprobe
[ "$(left)" = "vm_rk/vm_k " ] || fail "-k kprobe left: $(left)"
tq reset
make_all
tq reset -k uprobe
[ "$(left)" = "vm_rk/vm_u " ] || fail "-k uprobe left: $(left)"
tq reset
make_all
tq reset -k synth -k uprobe
[ "$(left)" = "synthetic/vm_rk_s vm_rk/vm_u " ] || fail "-k synth -k uprobe left: $(left)"
tq reset
make_all
# the eprobe comes after its event in dynamic_events: removed first, nothing refused
tq reset
[ -z "$(cat dynamic_events)" ] || fail "tq reset left: $(cat dynamic_events)"

# keeping the eprobe but not the event it is attached to cannot work: refused, explained
make_all
if tq reset -k eprobe 2> /tmp/vm_rk.err; then
	fail "tq reset -k eprobe removed the event its eprobe is attached to"
fi
cat /tmp/vm_rk.err
grep -q "keeps 'vm_rk/vm_e', which is attached to 'synthetic/vm_rk_s'" /tmp/vm_rk.err ||
	fail "the refusal does not say which eprobe holds which event"
[ "$(left)" = "synthetic/vm_rk_s vm_rk/vm_e vm_rk/vm_k vm_rk/vm_u " ] ||
	fail "the refused reset changed something: $(left)"
tq reset -k eprobe -k synth
[ "$(left)" = "synthetic/vm_rk_s vm_rk/vm_e " ] || fail "-k eprobe -k synth left: $(left)"

# refused_rm EVENT WHY USER: tq probe rm EVENT fails, says WHY and names USER
refused_rm() {
	if tq probe rm "$1" 2> /tmp/vm_rk.err; then
		fail "removing $1 succeeded although it is in use"
	fi
	cat /tmp/vm_rk.err
	grep -q "$2" /tmp/vm_rk.err || fail "removing $1: the refusal does not say '$2'"
	grep -q "$3" /tmp/vm_rk.err || fail "removing $1: '$3' is not named"
}
# tq probe rm explains the kernel's EBUSY: an eprobe attached, a trigger on the event
refused_rm vm_rk_s "cannot remove 'synthetic/vm_rk_s': eprobes still use it" \
	"vm_rk/vm_e is attached to it: e:vm_rk/vm_e synthetic.vm_rk_s"
tq reset
tq probe add kprobe vm_rk/vm_k do_sys_openat2
echo 'hist:keys=common_pid' >> events/vm_rk/vm_k/trigger
refused_rm vm_k "cannot remove 'vm_rk/vm_k': triggers still use it" \
	'events/vm_rk/vm_k/trigger: hist:keys=common_pid'
# tq reset removes the trigger before the kprobe
tq reset -k synth
[ -z "$(cat dynamic_events)" ] || fail "tq reset left: $(cat dynamic_events)"
