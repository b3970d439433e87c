# description: block request events fire for reads from a null_blk device (a module)
# requires: events/block/block_rq_issue events/block/block_rq_complete
# modules: null_blk

cleanup() {
	set +e
	echo 0 > events/block/block_rq_complete/enable
	echo 0 > events/block/block_rq_issue/enable
	: > trace
}
trap cleanup EXIT

[ -b /dev/nullb0 ] || fail "null_blk did not create /dev/nullb0"
: > trace
echo 1 > events/block/block_rq_issue/enable
echo 1 > events/block/block_rq_complete/enable
dd if=/dev/nullb0 of=/dev/null bs=4k count=16 iflag=direct
echo 0 > events/block/block_rq_complete/enable
echo 0 > events/block/block_rq_issue/enable

trace_lines | head -n 4
issued=$(trace_lines | grep -c ' block_rq_issue: ' || true)
completed=$(trace_lines | grep -c ' block_rq_complete: ' || true)
[ "$issued" -ge 16 ] || fail "$issued block_rq_issue events for 16 direct reads"
[ "$completed" -ge 16 ] || fail "$completed block_rq_complete events for 16 direct reads"
