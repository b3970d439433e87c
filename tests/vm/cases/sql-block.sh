# description: block request latency by device and sector through tq hist, on null_blk's /dev/nullb0
# requires: dynamic_events events/block/block_rq_issue events/block/block_rq_complete "trace(<synthetic_event>,param list)":README
# modules: null_blk

disk=
for d in /sys/block/*; do
	case ${d##*/} in loop*|ram*|zram*) continue ;; esac
	[ -e "$d" ] && disk=${d##*/} && break
done
[ -n "$disk" ] || unsupported "no disk in this VM"
out=$(tq hist -n sql_blk --table 'SELECT i.dev, log2(c.TIMESTAMP_USECS - i.TIMESTAMP_USECS) AS lat, count(*)
	FROM block_rq_issue AS i JOIN block_rq_complete AS c ON i.dev = c.dev AND i.sector = c.sector
	GROUP BY dev, lat' -- sh -c "dd if=/dev/$disk of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null || dd if=/dev/$disk of=/dev/null bs=4k count=64")
echo "$out"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "block latency: no hits"
