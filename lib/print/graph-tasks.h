/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The open calls of each task in a function_graph recording, for the outputs that pair a
 * funcgraph_entry with its funcgraph_exit: folded stacks and Chrome's complete events.
 * Memory grows with tasks and call depth, never with the recording.
 */
#ifndef TQ_PRINT_GRAPH_TASKS_H
#define TQ_PRINT_GRAPH_TASKS_H

#include <stdint.h>

struct tq_graph_frame {
	unsigned long long func;	/* 0: not seen (the call began before the recording) */
	unsigned long long child_ns;	/* durations of the returned callees */
	uint64_t entry_ts;		/* the funcgraph_entry's timestamp, when func != 0 */
	uint64_t first_child_ts;	/* the earliest start of a returned callee, or ~0 */
};

struct tq_graph_task {
	long long key;			/* tq_graph_task_key(); TQ_GRAPH_NO_TASK when free */
	int depth;			/* frames in use */
	int cap;
	struct tq_graph_frame *frames;
};

struct tq_graph_tasks {
	struct tq_graph_task *v;	/* open addressing by key */
	unsigned n, cap;
};

#define TQ_GRAPH_NO_TASK (-1LL)

/* Deeper than any kernel stack: a depth beyond it is a damaged record. */
#define TQ_GRAPH_MAX_DEPTH 1024

/*
 * Which call stack a record belongs to: its task's, except that every CPU has its own idle
 * task and all of them are pid 0.
 */
long long tq_graph_task_key(int pid, int cpu);

/* The task of key, added with no frames when new; NULL when memory runs out. */
struct tq_graph_task *tq_graph_task_of(struct tq_graph_tasks *ts, long long key);

/* Make room for frames 0..depth, the new ones unseen; -ENOMEM. */
int tq_graph_task_reach(struct tq_graph_task *t, int depth);

void tq_graph_tasks_release(struct tq_graph_tasks *ts);

#endif
