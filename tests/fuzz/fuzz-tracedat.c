// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: parse a trace.dat from memory and walk and print every event, with the
 * function_graph printing and its look at the next event as tq report does them. The
 * metadata is first parsed in a child process (TQ_TD_PROBE), as tq report does for files,
 * so that libtraceevent's known crashes on malformed format text end as refusals and the
 * fuzzer can go on to tq's own code. TQ_FUZZ_NO_GUARD=1 leaves the child out: then
 * lib/tracedat/validate.c is all that stands between an input and libtraceevent (any crash
 * there is a finding), and the runs are many times faster (no fork per input).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <trace-seq.h>

#include "print/fgraph.h"
#include "tracedat/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tq_tracedat *td;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct trace_seq seq;
	struct tq_fgraph graph;
	int b, e, n = 0;

	static int guard = -1;

	if (guard < 0)
		guard = !getenv("TQ_FUZZ_NO_GUARD");
	if (tq_td_open_mem(data, size, "fuzz.dat", guard ? TQ_TD_PROBE : 0, &td))
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
	tq_fgraph_init(&graph, td->tep);
	/* printing runs libtraceevent over the event data too; bound the work per input */
	while (n++ < 10000 && tq_td_merge_next(m, &ev) > 0) {
		struct tq_td_event held, *next;
		void *copy = NULL;

		if (tq_fgraph_is_entry(&graph, tep_data_type(td->tep, &ev->rec))) {
			copy = malloc(ev->rec.size ? ev->rec.size : 1);
			if (!copy)
				break;
			memcpy(copy, ev->rec.data, ev->rec.size);
			held = *ev;
			held.rec.data = copy;
			ev = &held;
			if (tq_td_merge_peek(m, &next) > 0 && tq_fgraph_leaf(&graph, &held.rec,
									     &next->rec))
				tq_td_merge_drop(m, next);
		}
		trace_seq_reset(&seq);
		tep_print_event(td->tep, &seq, &ev->rec, "%s %d %s", TEP_PRINT_NAME, TEP_PRINT_PID,
				TEP_PRINT_INFO);
		free(copy);
	}
	tq_fgraph_release(&graph);
	trace_seq_destroy(&seq);
	tq_td_merge_free(m);
	tq_td_close(td);
	return 0;
}
