// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: parse a trace.dat from memory and walk and print every event. The
 * metadata is first parsed in a child process (TQ_TD_PROBE), as tq report does for files,
 * so that libtraceevent's known crashes on malformed format text end as refusals and the
 * fuzzer can go on to tq's own code.
 */
#include <stddef.h>
#include <stdint.h>

#include <trace-seq.h>

#include "tracedat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tq_tracedat *td;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct trace_seq seq;
	int b, e, n = 0;

	if (tq_td_open_mem(data, size, "fuzz.dat", TQ_TD_PROBE, &td))
		return 0;
	if (tq_td_merge_new(&m)) {
		tq_td_close(td);
		return 0;
	}
	for (b = 0; b < td->nbuffers; b++) {
		for (e = 0; e < td->buffers[b].nentries && !td->buffers[b].latency; e++) {
			struct tq_td_cursor *c;
			uint64_t usize;

			tq_td_cpu_usize(td, b, e, &usize);
			if (!tq_td_cursor_new(td, b, e, &c))
				tq_td_merge_add(m, c, 0);
		}
	}
	trace_seq_init(&seq);
	/* printing runs libtraceevent over the event data too; bound the work per input */
	while (n++ < 10000 && tq_td_merge_next(m, &ev) > 0) {
		trace_seq_reset(&seq);
		tep_print_event(td->tep, &seq, &ev->rec, "%s %d %s", TEP_PRINT_NAME, TEP_PRINT_PID,
				TEP_PRINT_INFO);
	}
	trace_seq_destroy(&seq);
	tq_td_merge_free(m);
	tq_td_close(td);
	return 0;
}
