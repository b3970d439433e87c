# host side of hist-folded: the stacks of the kernel's hist key (live) and of the engine
# (from the -T recording) have one form: the sleeps' switches, through clock_nanosleep,
# are the same path in both, down to the function that hit the tracepoint.
path='entry_SYSCALL_64_after_hwframe;do_syscall_64;__x64_sys_clock_nanosleep;common_nsleep;hrtimer_nanosleep;do_nanosleep;schedule;__schedule'
live=$(awk -v p="$path" '$1 == p' "$vm_out/live.folded")
file=$(awk -v p="$path" '$1 == p' "$vm_out/file.folded")
if [ -n "$live" ] && [ -n "$file" ]; then
	ok 0 "hist-folded: the nanosleep path, live and from the file, is the kernel's"
else
	ok 1 "hist-folded: the nanosleep path, live and from the file, is the kernel's"
	diag "live: $(grep nanosleep "$vm_out/live.folded")" "file: $(grep nanosleep "$vm_out/file.folded")"
fi
