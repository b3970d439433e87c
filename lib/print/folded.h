/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FOLDED_H
#define TQ_PRINT_FOLDED_H

/*
 * Collapsed ("folded") stacks: one line per distinct call path, "root;child;leaf WEIGHT",
 * the format FlameGraph's flamegraph.pl, inferno and speedscope read. Paths are built
 * from a trace.dat's kernel stack traces (ftrace:kernel_stack, recorded with -T) or from
 * its function_graph events, with the task's name as the root frame, as perf's
 * stackcollapse does.
 *
 * Weights (what a flame graph's widths mean):
 *  - kernel stacks: 1 per stack trace, or the value of a numeric field of the event the
 *    stack trace belongs to (the event just before it on its CPU, which the kernel writes
 *    it after), e.g. sched_stat_runtime's runtime for a CPU-time graph. Stack traces whose
 *    event lacks the field do not count.
 *  - function_graph: nanoseconds. Each line carries the self time of its path (the call's
 *    duration less the durations of its traced callees), so that a frame's width, the sum
 *    of the lines below it, is the total time of the calls on that path, as flamegraph.pl
 *    users expect of a time-weighted graph.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tracedat/read.h"

struct tq_folded_entry {
	char *stack;		/* frames root first, ';' between them */
	uint64_t weight;
};

/* A set of weighted paths, the same path added twice adding up. */
struct tq_folded {
	struct tq_folded_entry *v;	/* in the order first seen until tq_folded_sort() */
	size_t n, cap;
	size_t *slots;			/* open addressing: index + 1, 0 empty */
	size_t nslots;
	uint64_t total;
};

void tq_folded_init(struct tq_folded *f);
void tq_folded_release(struct tq_folded *f);
/* Add weight to the path of n frames, root first (';' and whitespace in a frame become
 * '_', an empty frame "[unknown]"). */
int tq_folded_add(struct tq_folded *f, const char *const *frames, int n, uint64_t weight);
/* Sort the entries by their text, as stackcollapse scripts print them. */
void tq_folded_sort(struct tq_folded *f);
/* Print "stack weight" lines; negative errno on a write error. */
int tq_folded_write(const struct tq_folded *f, FILE *out);

/*
 * Add the stack of a kernel hist file's stacktrace key as its text reads once spaces are
 * collapsed ("a+0x1/0x8 b+0x9/0x40 [mod]", innermost first, the "stacktrace:" before it
 * or not): the frames root first, without their offsets and modules. -EINVAL with a
 * message if it has no frame.
 */
int tq_folded_add_hist_key(struct tq_folded *f, const char *text, uint64_t weight);

enum tq_stack_source {
	TQ_STACKS_AUTO,		/* whichever of the two the file holds */
	TQ_STACKS_KERNEL,	/* ftrace:kernel_stack */
	TQ_STACKS_GRAPH,	/* ftrace:funcgraph_entry/exit */
};

/* "kernel", "graph" or "auto"; -EINVAL with a message otherwise */
int tq_stack_source_parse(const char *name, enum tq_stack_source *out);

struct tq_stack_opts {
	enum tq_stack_source source;
	/* kernel stacks: weight by this field, NULL: count; "EVENT.FIELD" (EVENT a name or
	 * SYSTEM:NAME): the stacks of EVENT alone, by its FIELD (a synthetic event's latency) */
	const char *weight_field;
	bool no_comm;			/* leave the task name out of the paths */
};

/*
 * Collapse the stacks of an open file (every buffer, kallsyms loaded for the names) into
 * f. *used gets the source taken. -ENOENT with a message when the file holds no stack
 * of the kind asked for, or no event with the weight field.
 */
int tq_folded_from_file(struct tq_tracedat *td, const struct tq_stack_opts *o,
			struct tq_folded *f, enum tq_stack_source *used);

/*
 * The function_graph collapser, for a caller that has the records one by one (the file
 * reader above, the unit tests): feed every event of one buffer in time order.
 */
struct tq_graph_fold;
int tq_graph_fold_new(struct tep_handle *tep, bool no_comm, struct tq_folded *f,
		      struct tq_graph_fold **out);
/* 1 when rec was a graph event and was counted, 0 when it is another event, <0 error */
int tq_graph_fold_add(struct tq_graph_fold *g, const struct tep_record *rec);
void tq_graph_fold_free(struct tq_graph_fold *g);

#endif
