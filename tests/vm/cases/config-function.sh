# description: tq start -p function -l FUNC traces only that function; tq reset puts nop back
# requires: function:tracer set_ftrace_filter

# tq reset puts the clock back to local; hist triggers on common_timestamp had made it global
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset
	echo "$clock" > trace_clock
}
trap cleanup EXIT

tq start -p function -l vfs_read
[ "$(cat current_tracer)" = function ] || fail "tracer not set"
grep -qx 'vfs_read' set_ftrace_filter || fail "filter not set"
cat /proc/version > /dev/null
tq stop
lines=$(trace_lines | head -50)
echo "$lines" | head -5
echo "$lines" | grep -q 'vfs_read' || fail "no vfs_read in the trace"
if echo "$lines" | grep -v 'vfs_read' | grep -q .; then fail "other functions in the trace"; fi
tq reset
echo "$clock" > trace_clock
[ "$(cat current_tracer)" = nop ] || fail "reset did not put nop back"
if grep -q vfs_read set_ftrace_filter; then fail "reset left the function filter"; fi
