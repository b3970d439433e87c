/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FGRAPH_H
#define TQ_PRINT_FGRAPH_H

/*
 * The function_graph tracer's events as trace-cmd report prints them: not by their print
 * fmt but as the kernel's own graph output, "func() {" ... "}" with durations, and a call
 * with nothing traced inside ("leaf") on one line, "func();", taken together with its
 * funcgraph_exit. trace-cmd does this in its own library rather than in libtraceevent, so
 * the same is done here.
 *
 * Whether an entry is a leaf depends on the event that follows it in its file and buffer,
 * which only the reader's caller can see: it asks tq_fgraph_leaf() before printing the
 * entry, and the handlers registered with libtraceevent use that answer.
 */
#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

/* Enough for any line body tq_fgraph_format() writes (indentation is capped). */
#define TQ_FGRAPH_BUF 4096

struct tq_fgraph {
	struct tep_handle *tep;
	int entry_id, exit_id;		/* -1 when the file has no such event */
	struct tep_format_field *entry_func, *entry_depth;
	struct tep_format_field *exit_func, *exit_depth, *exit_calltime, *exit_rettime;
	/* the answer of tq_fgraph_leaf() for the entry about to be printed */
	const void *leaf_data;
	unsigned long long leaf_duration;
	bool leaf_bad;			/* the return's times cannot be read */
	/* trace-cmd's -O fgraph:tailprint and fgraph:depth */
	bool tailprint, show_depth;
};

/*
 * Find the events in tep and register the handlers (g must stay in place while tep
 * prints). 0 also when the file has no graph events; negative errno on failure.
 */
int tq_fgraph_init(struct tq_fgraph *g, struct tep_handle *tep);
void tq_fgraph_release(struct tq_fgraph *g);
/* Whether rec is a funcgraph_entry that these handlers print. */
bool tq_fgraph_is_entry(const struct tq_fgraph *g, int type);
/*
 * Whether next, the event after the entry in its file and buffer, is the entry's own
 * return, on any CPU as in trace-cmd 3.1.6 (then the two print as one line, and the
 * caller must not print next). Either way the answer is kept for printing entry.
 */
bool tq_fgraph_leaf(struct tq_fgraph *g, const struct tep_record *entry,
		    const struct tep_record *next);
/*
 * Function names come from tep's kallsyms, which the caller loads first.
 * The text of a graph event (after "funcgraph_entry: " and its padding) into buf of
 * TQ_FGRAPH_BUF bytes: its length, or -1 when event is not one of the graph events.
 */
int tq_fgraph_format(struct tq_fgraph *g, const struct tep_event *event,
		     const struct tep_record *rec, char *buf);

#endif
