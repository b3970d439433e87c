// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-task call stacks of a function_graph recording (graph-tasks.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/graph-tasks.h"

long long tq_graph_task_key(int pid, int cpu)
{
	/* negative keys below TQ_GRAPH_NO_TASK for the idle tasks, one per CPU */
	return pid ? (long long)pid : -2LL - cpu;
}

static unsigned slot_of(long long key, unsigned cap)
{
	unsigned long long h = (unsigned long long)key * 0x9e3779b97f4a7c15ull;

	return (unsigned)(h >> 32) & (cap - 1);
}

static int grow(struct tq_graph_tasks *ts)
{
	unsigned cap = ts->cap ? ts->cap * 2 : 64, i, j;
	struct tq_graph_task *v = malloc(cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (i = 0; i < cap; i++)
		v[i].key = TQ_GRAPH_NO_TASK;
	for (i = 0; i < ts->cap; i++) {
		if (ts->v[i].key == TQ_GRAPH_NO_TASK)
			continue;
		for (j = slot_of(ts->v[i].key, cap); v[j].key != TQ_GRAPH_NO_TASK;
		     j = (j + 1) & (cap - 1))
			;
		v[j] = ts->v[i];
	}
	free(ts->v);
	ts->v = v;
	ts->cap = cap;
	return 0;
}

struct tq_graph_task *tq_graph_task_of(struct tq_graph_tasks *ts, long long key)
{
	unsigned j;

	if ((ts->n + 1) * 2 > ts->cap && grow(ts))
		return NULL;
	for (j = slot_of(key, ts->cap); ts->v[j].key != TQ_GRAPH_NO_TASK;
	     j = (j + 1) & (ts->cap - 1))
		if (ts->v[j].key == key)
			return &ts->v[j];
	memset(&ts->v[j], 0, sizeof(ts->v[j]));
	ts->v[j].key = key;
	ts->n++;
	return &ts->v[j];
}

int tq_graph_task_reach(struct tq_graph_task *t, int depth)
{
	if (depth >= t->cap) {
		int cap = depth + 16;
		struct tq_graph_frame *f = realloc(t->frames, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		t->frames = f;
		t->cap = cap;
	}
	while (t->depth <= depth) {
		struct tq_graph_frame *f = &t->frames[t->depth++];

		f->func = 0;
		f->child_ns = 0;
		f->entry_ts = 0;
		f->first_child_ts = UINT64_MAX;
	}
	return 0;
}

void tq_graph_tasks_release(struct tq_graph_tasks *ts)
{
	unsigned i;

	for (i = 0; i < ts->cap; i++)
		if (ts->v[i].key != TQ_GRAPH_NO_TASK)
			free(ts->v[i].frames);
	free(ts->v);
	memset(ts, 0, sizeof(*ts));
}
