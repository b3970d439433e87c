#!/bin/sh
# tq probe on the host's real tracefs, which has uprobes only: uprobes and uretprobes on a
# copy of tq by ELF symbol and by offset, fired by running it; bad definitions refused
# with the kernel's words and nothing left behind; --print; EBUSY explained.
. "${TQ_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
require_root_tracefs
[ -w "$TRACEFS/uprobe_events" ] || skip_all "this kernel has no uprobes"

before=$(tracefs_state)
dyn() { cat "$TRACEFS/dynamic_events" 2>/dev/null || cat "$TRACEFS/uprobe_events"; }
dyn_before=$(dyn)
case "$dyn_before" in
*tq_live*) skip_all "tq_live probes are left from an earlier run (see 'tq probe list')" ;;
esac

restore() {
	{
		echo 0 > "$TRACEFS/events/tq_live/enable"
		echo 0 > "$TRACEFS/instances/tq_probe_live/events/tq_live/enable"
		rmdir "$TRACEFS/instances/tq_probe_live"
		echo '!enable_event:tq_live:up_main' >> "$TRACEFS/events/sched/sched_switch/trigger"
		echo 0 > "$TRACEFS/events/tq_live_bad/enable"
		for e in up_main up_ret up_off bad tq_live_bad/far tq_live_bad/ok; do
			case $e in */*) ;; *) e=tq_live/$e ;; esac
			echo "-:$e" >> "$TRACEFS/uprobe_events"
		done
	} 2>/dev/null
	[ "$(tracefs_state)" = "$before" ] || tracefs_cleanup
}
trap 'restore; rm -rf "$_tq_tmp"' EXIT

# A private copy: only the runs below fire its probes. tq has its symbol table.
bin=$(scratch_dir)/tq-probe-target
cp "$TQ" "$bin"
real_bin=$(cd "$(dirname "$bin")" && pwd -P)/tq-probe-target

# -- --print changes nothing and names the resolved offset
run_tq probe add --print uprobe tq_live/up_main "$bin:main" 'argc=$arg1:s32'
is "$rc" 0 "add --print succeeds"
like "$out" "^echo 'p:tq_live/up_main $real_bin:0x[0-9a-f]+ argc=%di:s32' >> $TRACEFS/(dynamic|uprobe)_events\$" \
	"--print shows the definition with a file offset and \$arg1 as %di"
is "$(dyn)" "$dyn_before" "--print leaves the dynamic events alone"
printed_off=$(printf '%s\n' "$out" | sed -n 's/.*:\(0x[0-9a-f]*\) .*/\1/p')

# -- the offset agrees with binutils' view of the file, computed independently
if command -v nm >/dev/null && command -v readelf >/dev/null; then
	vaddr=$(nm "$bin" | awk '$3 == "main" && ($2 == "T" || $2 == "t") { print $1; exit }')
	want=$(readelf -lW "$bin" | awk '$1 == "LOAD" { print $2, $3, $5 }' |
		while read -r off va fs; do
			v=$((0x$vaddr))
			if [ "$v" -ge $((va)) ] && [ "$v" -lt $((va + fs)) ]; then
				printf '0x%x\n' $((v - va + off))
			fi
		done | head -n 1)
	if [ -n "$want" ]; then
		is "$printed_off" "$want" "main's file offset matches nm + readelf"
	else
		ok 1 "main at 0x$vaddr lies in no PT_LOAD segment of readelf's listing"
	fi
else
	skip "no binutils to cross-check the offset"
fi

# -- add by symbol, uretprobe, and by offset
run_tq probe add uprobe tq_live/up_main "$bin:main" 'argc=$arg1:s32'
is "$rc" 0 "uprobe by symbol added"
is "$out" "tq_live/up_main" "add names the event it made"
run_tq probe add uretprobe tq_live/up_ret "$bin:main" 'ret=$retval:s32'
is "$rc" 0 "uretprobe by symbol added"
run_tq probe add uprobe tq_live/up_off "$bin:$printed_off"
is "$rc" 0 "uprobe by offset added"
like "$(dyn)" "^p:tq_live/up_main $real_bin:0x0*${printed_off#0x} argc=%di:s32\$" \
	"the kernel has the uprobe at that offset"

run_tq probe list
is "$rc" 0 "list succeeds"
like "$out" "^uprobe +tq_live/up_main +p:tq_live/up_main " "list: the uprobe and its kind"
like "$out" "^uretprobe +tq_live/up_ret +r:tq_live/up_ret " "list: the uretprobe and its kind"
run_tq list --dynamic
like "$out" "tq_live/up_off" "tq list --dynamic shows them"

run_tq probe add uprobe tq_live/up_main "$bin:main"
is "$rc" 1 "adding an existing name fails"
like "$err" "event 'tq_live/up_main' already exists" "and says so"

# -- fire them: two runs of the copy, argc 2 and 3, traced in an instance of our own so
# that nothing else shares (or overflows) the buffer
inst=$TRACEFS/instances/tq_probe_live
mkdir "$inst"
echo 1 > "$inst/events/tq_live/enable"
"$bin" help > /dev/null 2>&1
"$bin" list -h > /dev/null 2>&1
trace=$(grep ' up_' "$inst/trace")
diag "$trace"
is "$(printf '%s\n' "$trace" | grep -c ' up_main: (0x[0-9a-f]*) argc=[23]$')" 2 \
	"the uprobe by symbol fired once per run, with argc"
like "$trace" ' up_main: .* argc=3$' "argc of 'list -h' is 3"
is "$(printf '%s\n' "$trace" | grep -c ' up_off: (0x[0-9a-f]*)$')" 2 \
	"the uprobe by offset fired once per run"
is "$(printf '%s\n' "$trace" | grep -c ' up_ret: (0x[0-9a-f]* <- 0x[0-9a-f]*) ret=0$')" 2 \
	"the uretprobe saw main return 0 twice"

# -- remove disables the event in every buffer first: here, in the instance
run_tq probe rm --print up_ret
is "$out" "echo 0 > $TRACEFS/instances/tq_probe_live/events/tq_live/up_ret/enable
echo -:tq_live/up_ret >> $TRACEFS/$(basename "$(ls -d $TRACEFS/dynamic_events $TRACEFS/uprobe_events 2>/dev/null | head -n 1)")" \
	"remove --print disables the event in the instance, then removes it"
echo 0 > "$inst/events/tq_live/enable"
rmdir "$inst"

# -- EBUSY: a trigger on another event uses up_main
echo 'enable_event:tq_live:up_main if prev_pid == 999999999' \
	>> "$TRACEFS/events/sched/sched_switch/trigger"
run_tq probe remove up_main
is "$rc" 1 "removing an event a trigger uses fails"
like "$err" "cannot remove 'tq_live/up_main': triggers still use it" "EBUSY is explained"
like "$err" "events/sched/sched_switch/trigger: enable_event:tq_live:up_main" \
	"the trigger file is named"
like "$(dyn)" "tq_live/up_main" "the event is still there"
echo '!enable_event:tq_live:up_main' >> "$TRACEFS/events/sched/sched_switch/trigger"

# -- bad definitions: the kernel's reason, nothing left behind
dyn_mid=$(dyn)
run_tq probe add uprobe tq_live/bad "$bin:main" 'x=%nosuchreg'
is "$rc" 1 "a bad register is refused"
like "$err" "kernel error_log:" "with the kernel's error_log"
like "$err" "Invalid register|Bad register|register" "naming the register"
run_tq probe add 'p:tq_live/bad '"$bin"':0x10 x=+0(%di):nosuchtype'
is "$rc" 2 "a raw definition with a bad type is refused before the kernel sees it"
like "$err" "unknown type 'nosuchtype'" "naming the type"
run_tq probe add uprobe tq_live/bad "$bin:no_such_function_here"
is "$rc" 1 "an unknown symbol is refused"
like "$err" "no function 'no_such_function_here' in the symbol tables of '$real_bin'" \
	"naming the symbol and the file"
run_tq probe add uprobe tq_live/bad /etc/hostname:main
is "$rc" 1 "a file that is not ELF is refused"
like "$err" "is not an ELF file" "and said to be no ELF file"
run_tq probe add uprobe tq_live/bad-x "$bin:main"
is "$rc" 2 "a bad event name is a usage error"
run_tq probe add uretprobe tq_live/bad "$bin:main" 'a=$arg1'
is "$rc" 2 "\$argN in a uretprobe is refused"
# offsets the kernel takes and then cannot use: past the file's end, outside its code
size=$(wc -c < "$bin")
run_tq probe add uprobe tq_live/bad "$bin:0x$(printf '%x' $((size + 4096)))"
is "$rc" 1 "an offset past the end of the file is refused"
like "$err" "offset 0x[0-9a-f]+ is past the end of '$real_bin', which is 0x[0-9a-f]+ bytes long" \
	"with the file's size"
run_tq probe add uprobe tq_live/bad "$bin:0x10"
is "$rc" 1 "an offset in the ELF header is refused"
like "$err" "offset 0x10 of '$real_bin' is not in its code: the executable segments hold file offsets 0x[0-9a-f]+-0x[0-9a-f]+ \\(see 'readelf -lW $real_bin'\\)" \
	"with where the code is"
run_tq probe add uprobe tq_live/bad "$bin:main+0x$(printf '%x' "$size")"
is "$rc" 1 "SYMBOL+OFFSET past the end is refused"
like "$err" "\\('main\\+0x[0-9a-f]+' is at that offset\\)" "naming what was written"
# the kernel's removal syntax is no option of add
run_tq probe add '-:tq_live/bad'
is "$rc" 2 "a removal given to add is a usage error"
like "$err" "^tq: probe: '-:tq_live/bad' is a removal, not a definition: use 'tq probe remove tq_live/bad'" \
	"that points at remove"
is "$(dyn)" "$dyn_mid" "nothing was left behind by the refused definitions"

# -- a raw definition is taken as is; enabling its group then names the probe that is bad
run_tq probe add "p:tq_live_bad/far $bin:0x$(printf '%x' $((size + 4096)))"
is "$rc" 0 "a raw uprobe past the end of its file is the kernel's to take"
"$TQ" probe add "p:tq_live_bad/ok $bin:$printed_off" >/dev/null 2>&1
state=$(tracefs_state)
run_tq start -e tq_live_bad
is "$rc" 1 "enabling the group fails"
like "$err" "the kernel refused to write '1' in 'events/tq_live_bad/enable': Invalid argument" \
	"with the kernel's refusal"
like "$err" "^  tq_live_bad/far: offset 0x[0-9a-f]+ is past the end of '$real_bin'" \
	"and the probe that is bad, with why"
unlike "$err" "tq_live_bad/ok:" "not the good one"
like "$err" "remove it with 'tq probe remove NAME'" "and how to fix it"
is "$(tracefs_state)" "$state" "nothing was changed"
run_tq start -B tq_probe_live -e tq_live_bad:far
like "$err" "^  tq_live_bad/far: offset" "in an instance, and for one event, too"
is "$(tracefs_state)" "$state" "nothing was changed there either"
"$TQ" probe rm tq_live_bad/far tq_live_bad/ok >/dev/null 2>&1
is "$(dyn)" "$dyn_mid" "and the probes are gone again"

# -- kinds this kernel lacks
if [ ! -e "$TRACEFS/kprobe_events" ]; then
	run_tq probe add kprobe tq_live/bad do_sys_openat2
	is "$rc" 3 "no kprobes here: exit 3"
	like "$err" "not supported by this kernel" "and said so"
else
	skip "this kernel has kprobes"
	skip "this kernel has kprobes"
fi
if [ ! -e "$TRACEFS/synthetic_events" ]; then
	run_tq probe add synth bad 'u64 lat'
	is "$rc" 3 "no synthetic events here: exit 3"
else
	skip "this kernel has synthetic events"
fi

# -- remove: --print first, then for real
echo 1 > "$TRACEFS/events/tq_live/up_off/enable"
run_tq probe rm --print up_off
is "$out" "echo 0 > $TRACEFS/events/tq_live/up_off/enable
echo -:tq_live/up_off >> $TRACEFS/$(basename "$(ls -d $TRACEFS/dynamic_events $TRACEFS/uprobe_events 2>/dev/null | head -n 1)")" \
	"remove --print disables the enabled event, then removes it"
run_tq probe rm tq_live/up_main up_ret up_off
is "$rc" 0 "remove several"
is "$(dyn)" "$dyn_before" "the dynamic events are as before"
run_tq probe rm up_main
is "$rc" 1 "removing an absent event fails"
like "$err" "no dynamic event 'up_main'" "and says so"

restore
is "$(tracefs_state)" "$before" "tracefs is as before"
done_testing
