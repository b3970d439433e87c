# Host side of the VM case record-function-kprobe, sourced by tests/vm/vm.t with $vm_out
# holding what the case saved: files tq recorded in the guest on Debian's kernel with the
# function tracer, a kprobe and sched events, in version 7 (zstd) and 6. Here, on another
# kernel, tq report must read them as trace-cmd report does (line by line), libtracecmd
# must iterate every event, and tq report must print what it printed in the guest.
. "$TQ_SRCDIR/tests/record/common.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"
build_tcread
rb_dir=$(scratch_dir)/readback
mkdir -p "$rb_dir"

# rb_count PATTERN FILE: lines of FILE matching the grep -E PATTERN
rb_count() { grep -Ec -- "$1" "$2" || true; }

for rb_v in 7 6; do
	rb_f=$vm_out/all-v$rb_v.dat
	rb_what="guest-recorded v$rb_v"
	if [ ! -s "$rb_f" ]; then
		ok 1 "$rb_what: the case's file came out of the guest"
		diag "no $rb_f; out directory: $(ls -R "$vm_out" 2>&1 | tr '\n' ' ')"
		continue
	fi
	ok 0 "$rb_what: the case's file came out of the guest ($(wc -c < "$rb_f") bytes)"
	is "$(file_version "$rb_f")" "$rb_v" "$rb_what: file version $rb_v"
	"$TQ" report -i "$rb_f" > "$rb_dir/tq.$rb_v" 2> "$rb_dir/tq.$rb_v.err"
	rb_rc=$?
	if [ $rb_rc -ne 0 ] || ! sanitizer_clean "$rb_dir/tq.$rb_v.err"; then
		ok 1 "$rb_what: tq report reads it"
		head -n 10 "$rb_dir/tq.$rb_v.err" | sed 's/^/# /'
		continue
	fi
	ok 0 "$rb_what: tq report reads it"
	# Every kind of event is there, function names resolved from the file's kallsyms.
	rb_fn=$(rb_count 'function: +do_sys_openat2( |$)' "$rb_dir/tq.$rb_v")
	rb_kp=$(rb_count ' open: +\([0-9a-f]+\) dfd=-100$' "$rb_dir/tq.$rb_v")
	rb_sw=$(rb_count ' sched_switch: +[^ ]+:[0-9]+ \[[0-9]+\] [A-Z+]+ ==> ' "$rb_dir/tq.$rb_v")
	rb_ex=$(rb_count ' sched_process_exec: +filename=/[^ ]+ pid=' "$rb_dir/tq.$rb_v")
	ok $([ "$rb_fn" -ge 1 ] && [ "$rb_kp" -ge 1 ] && [ "$rb_sw" -ge 1 ] &&
		[ "$rb_ex" -ge 2 ]; echo $?) \
		"$rb_what: function ($rb_fn), kprobe ($rb_kp), sched_switch ($rb_sw) and exec ($rb_ex) events"
	rb_n=$(rb_count '^ *[^ ].*\[[0-9]{3}\] ' "$rb_dir/tq.$rb_v")
	if have_trace_cmd; then
		trace-cmd report -i "$rb_f" > "$rb_dir/tc.$rb_v" 2> "$rb_dir/tc.$rb_v.err"
		diff_ok "$rb_dir/tq.$rb_v" "$rb_dir/tc.$rb_v" \
			"$rb_what: tq report prints what trace-cmd report prints ($rb_n events)"
	else
		skip "$rb_what: trace-cmd is not installed"
	fi
	if [ -n "$TCREAD" ]; then
		is "$("$TCREAD" "$rb_f" 2> "$rb_dir/tcread.err" | wc -l | tr -d ' ')" "$rb_n" \
			"$rb_what: libtracecmd opens it and iterates every event"
	else
		skip "$rb_what: libtracecmd-dev is not installed"
	fi
done
same_as_guest "$rb_dir/tq.7" "$vm_out/all-v7.guest-report" "guest-recorded v7"
