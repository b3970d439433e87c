// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STACKTRACE keys from a file. The stacktrace option (tq record -T, trace-cmd record -T)
 * writes a kernel_stack record right after each event, on the event's CPU, from the same
 * context: the stack the kernel's hist trigger would have keyed the event by. So an event
 * is held until the next record of its CPU arrives, and paired with it if that is a stack
 * trace. Events are handed out in the order they came, so that the engine sees the file's
 * order of events across CPUs unchanged (a JOIN's start and end may be on two CPUs).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "print/kstack.h"
#include "sql/eval-parts.h"
#include "util/diag.h"

struct held {
	uint8_t *data;
	int size, cpu;
	unsigned long long rec_ts;
	uint64_t ts;
	uint64_t stack[TQ_EVAL_STACK_DEPTH];
	int nstack;
	bool has_stack, ready;
};

struct tq_stackq {
	struct tep_handle *tep;
	struct tq_kstack_fmt fmt;
	struct held *v;			/* v[head .. head + n) in file order */
	size_t head, n, cap;
	uint64_t base;			/* the number of the event at v[head] */
	uint64_t *open;			/* by CPU: number + 1 of its event still held, 0 none */
	size_t nopen;
	uint8_t *out_data;		/* of the event handed out last */
	struct tep_record out;
	uint64_t out_stack[TQ_EVAL_STACK_DEPTH];
	uint64_t stacks;
};

int tq_stackq_new(struct tep_handle *tep, struct tq_stackq **out)
{
	struct tq_stackq *q = calloc(1, sizeof(*q));
	int err;

	if (!q)
		return -ENOMEM;
	q->tep = tep;
	err = tq_kstack_fmt_init(&q->fmt, tep);
	if (err) {
		free(q);
		return err;
	}
	*out = q;
	return 0;
}

void tq_stackq_free(struct tq_stackq *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++)
		free(q->v[q->head + i].data);
	free(q->v);
	free(q->open);
	free(q->out_data);
	free(q);
}

uint64_t tq_stackq_stacks(const struct tq_stackq *q)
{
	return q->stacks;
}

static struct held *open_of(struct tq_stackq *q, int cpu)
{
	if (cpu < 0 || (size_t)cpu >= q->nopen || !q->open[cpu])
		return NULL;
	return &q->v[q->head + (size_t)(q->open[cpu] - 1 - q->base)];
}

static int make_room(struct tq_stackq *q, int cpu)
{
	if (cpu >= 0 && (size_t)cpu >= q->nopen) {
		size_t n = (size_t)cpu + 16;
		uint64_t *o = realloc(q->open, n * sizeof(*o));

		if (!o)
			return -ENOMEM;
		memset(o + q->nopen, 0, (n - q->nopen) * sizeof(*o));
		q->open = o;
		q->nopen = n;
	}
	if (q->head + q->n < q->cap)
		return 0;
	if (q->head) {
		memmove(q->v, q->v + q->head, q->n * sizeof(*q->v));
		q->head = 0;
		if (q->n < q->cap)
			return 0;
	}
	{
		size_t cap = q->cap ? q->cap * 2 : 64;
		struct held *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		q->v = v;
		q->cap = cap;
	}
	return 0;
}

/*
 * The tracepoint's own frames at the top of a -T stack trace (the event's handler and the
 * tracepoint's iterator): a hist trigger's stacktrace starts below them, at the function
 * that hit the tracepoint (Debian's 6.1: __schedule for sched_switch).
 */
static bool tracing_frame(struct tep_handle *tep, uint64_t addr)
{
	static const char *const prefixes[] = {
		"trace_event_raw_event_", "__traceiter_", "__do_trace_", "perf_trace_",
		"ftrace_syscall_enter", "ftrace_syscall_exit",
	};
	const char *name = tep_find_function(tep, addr);

	for (size_t i = 0; name && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The hist key's frames of a kernel_stack record, as the kernel would have taken them. */
static int key_frames(struct tq_stackq *q, const struct tep_record *rec, uint64_t *out)
{
	uint64_t all[TQ_EVAL_STACK_DEPTH + 8];
	int n = tq_kstack_frames(&q->fmt, q->tep, rec, all, TQ_EVAL_STACK_DEPTH + 8), skip = 0;

	while (skip < n && skip < 8 && tracing_frame(q->tep, all[skip]))
		skip++;
	/* a stack of nothing else keeps them: an event is never without its stack */
	if (skip == n)
		skip = 0;
	n -= skip;
	if (n > TQ_EVAL_STACK_DEPTH)
		n = TQ_EVAL_STACK_DEPTH;
	memcpy(out, all + skip, (size_t)n * sizeof(*out));
	return n;
}

int tq_stackq_push(struct tq_stackq *q, const struct tep_record *rec, uint64_t ts)
{
	struct held *prev = open_of(q, rec->cpu), *h;
	int err;

	if (prev) {
		/* its CPU moved on: whatever comes now, the event is complete */
		prev->ready = true;
		q->open[rec->cpu] = 0;
	}
	if (tep_data_type(q->tep, (struct tep_record *)rec) == q->fmt.id) {
		q->stacks++;
		if (prev) {
			prev->nstack = key_frames(q, rec, prev->stack);
			prev->has_stack = true;
		}
		/* the stack trace itself is an event no STACKTRACE key asks about */
		return 0;
	}
	err = make_room(q, rec->cpu);
	if (err)
		return err;
	h = &q->v[q->head + q->n];
	memset(h, 0, sizeof(*h));
	h->data = malloc(rec->size > 0 ? (size_t)rec->size : 1);
	if (!h->data)
		return -ENOMEM;
	if (rec->size > 0)
		memcpy(h->data, rec->data, (size_t)rec->size);
	h->size = rec->size;
	h->cpu = rec->cpu;
	h->rec_ts = rec->ts;
	h->ts = ts;
	q->n++;
	if (rec->cpu >= 0)
		q->open[rec->cpu] = q->base + q->n;
	else
		h->ready = true;
	return 0;
}

int tq_stackq_pop(struct tq_stackq *q, bool all, struct tq_stackq_item *out)
{
	struct held *h;

	free(q->out_data);
	q->out_data = NULL;
	if (!q->n || (!all && !q->v[q->head].ready))
		return 0;
	h = &q->v[q->head];
	if (h->cpu >= 0 && (size_t)h->cpu < q->nopen && q->open[h->cpu] == q->base + 1)
		q->open[h->cpu] = 0;
	q->out_data = h->data;
	q->out = (struct tep_record){ .data = h->data, .size = h->size, .cpu = h->cpu,
				      .ts = h->rec_ts };
	*out = (struct tq_stackq_item){ .rec = &q->out, .ts = h->ts, .nstack = h->nstack };
	/* out->stack points into v[head], which the next push may reuse: copy it */
	memcpy(q->out_stack, h->stack, sizeof(q->out_stack));
	out->stack = h->has_stack ? q->out_stack : NULL;
	q->head++;
	q->n--;
	q->base++;
	return 1;
}

void tq_eval_sym_offset(struct tep_handle *tep, uint64_t addr, char *buf, size_t size)
{
	unsigned long long start = 0;
	unsigned long len = 0;
	const char *name = NULL;

	if (!tep_find_function_info(tep, addr, &name, &start, &len) || !name) {
		snprintf(buf, size, "0x%" PRIx64, addr);
		return;
	}
	snprintf(buf, size, "%s+0x%llx/0x%lx", name, (unsigned long long)addr - start, len);
}
