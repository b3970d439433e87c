# description: tq start -p function with -l GLOB, -n FUNC and -l :mod:MODULE: set_ftrace_filter and set_ftrace_notrace hold what was asked, and only those functions are traced
# requires: function:tracer set_ftrace_filter set_ftrace_notrace available_filter_functions
# modules: null_blk
# timeout: 90

clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset > /dev/null
	echo "$clock" > trace_clock
}
trap cleanup EXIT

# the function of each traced line ("  task-pid [cpu] flags ts: FUNC <-PARENT"), sorted
traced() { trace_lines | sed -n 's/.*: \([A-Za-z0-9_.]*\) <-.*/\1/p' | sort -u; }
# the first word of each line that is not a comment, sorted
names() { grep -v '^#' "$1" | cut -d' ' -f1 | sort -u; }

# ---- a glob, and one function taken out of it ----
grep -qx vfs_read available_filter_functions || unsupported "vfs_read cannot be traced"
tq start -p function -l 'vfs_*' -n vfs_read
[ "$(names set_ftrace_filter)" = "$(grep '^vfs_' available_filter_functions | cut -d' ' -f1 |
	sort -u)" ] || fail "set_ftrace_filter is not every vfs_* function: $(head -n 3 set_ftrace_filter)"
[ "$(names set_ftrace_notrace)" = vfs_read ] || fail "set_ftrace_notrace: $(cat set_ftrace_notrace)"
for i in 1 2 3; do
	read -r line < /proc/version
	stat /proc/version > /dev/null
done
tq stop
traced | head -n 5
traced | grep -q '^vfs_' || fail "no vfs_* function traced"
bad=$(traced | grep -v '^vfs_' | head -n 3)
[ -z "$bad" ] || fail "functions outside vfs_* traced: $bad"
! traced | grep -qx vfs_read || fail "vfs_read was traced despite -n vfs_read"
tq reset

# ---- -n alone: everything but the functions named ----
tq start -p function -l 'vfs_read*' -n 'vfs_readv'
[ "$(names set_ftrace_notrace)" = vfs_readv ] || fail "set_ftrace_notrace: $(cat set_ftrace_notrace)"
read -r line < /proc/version
tq stop
traced | grep -qx vfs_read || fail "vfs_read not traced under -l 'vfs_read*'"
tq reset

# ---- every function of a module ----
grep -q ' \[null_blk\]$' available_filter_functions || fail "null_blk is not loaded"
[ -b /dev/nullb0 ] || fail "null_blk did not create /dev/nullb0"
grep ' \[null_blk\]$' available_filter_functions | cut -d' ' -f1 | sort -u > /tmp/vm_mod.want
tq start -p function -l ':mod:null_blk'
names set_ftrace_filter > /tmp/vm_mod.got
cmp -s /tmp/vm_mod.got /tmp/vm_mod.want ||
	fail "set_ftrace_filter ($(wc -l < /tmp/vm_mod.got)) is not null_blk's $(wc -l < /tmp/vm_mod.want) functions"
grep -v '^#' set_ftrace_filter | grep -qv ' \[null_blk\]$' &&
	fail "set_ftrace_filter names a function outside null_blk: $(head -n 2 set_ftrace_filter)"
dd if=/dev/nullb0 of=/dev/null bs=4k count=8 iflag=direct 2> /dev/null
tq stop
traced | head -n 5
[ -n "$(traced)" ] || fail "no null_blk function traced for 8 reads of /dev/nullb0"
bad=$(traced | grep -vxF -f /tmp/vm_mod.want | head -n 3)
[ -z "$bad" ] || fail "functions outside null_blk traced: $bad"
tq reset
rm -f /tmp/vm_mod.want /tmp/vm_mod.got
