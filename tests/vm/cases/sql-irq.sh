# description: IRQ handler duration by IRQ through tq hist, with hits
# requires: dynamic_events events/irq/irq_handler_entry events/irq/irq_handler_exit "trace(<synthetic_event>,param list)":README

q_irq='SELECT s.irq, log2(TIMESTAMP_DELTA_USECS) AS lat, count(*)
	FROM irq_handler_entry AS s JOIN irq_handler_exit AS e ON s.irq = e.irq GROUP BY irq, lat'
# the serial console raises interrupts when it prints
out=$(tq hist -n sql_irq --table "$q_irq" -- sh -c 'i=0; while [ $i -lt 20 ]; do echo tick > /dev/console; i=$((i+1)); done')
echo "$out"
hits=$(echo "$out" | sed -n 's/^hits: \([0-9]*\).*/\1/p')
[ "${hits:-0}" -gt 0 ] || fail "IRQ handler duration: no hits"
