/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_EVAL_PARTS_H
#define TQ_SQL_EVAL_PARTS_H

/*
 * Pieces of the offline engine (sql/eval.c) that stand on their own: stack traces paired
 * with their events, the kernel's way of printing symbols, syscall names, and percentiles
 * kept as a count per distinct value.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tep_handle;
struct tep_record;

/* HIST_STACKTRACE_DEPTH: the frames a hist trigger's stacktrace key holds */
#define TQ_EVAL_STACK_DEPTH 16

/* ---- sql/eval-stack.c ---- */

/*
 * Events in file order, each held until its CPU's next record shows whether it is the
 * kernel_stack the stacktrace option wrote for it, then handed out in the same order.
 */
struct tq_stackq;

struct tq_stackq_item {
	struct tep_record *rec;		/* valid until the next pop */
	uint64_t ts;
	const uint64_t *stack;		/* innermost first; NULL: the event had none */
	int nstack;
};

/* -ENOENT with a message when tep has no kernel_stack format. */
int tq_stackq_new(struct tep_handle *tep, struct tq_stackq **out);
void tq_stackq_free(struct tq_stackq *q);
/* Take the next record of the file. 0 or -ENOMEM. */
int tq_stackq_push(struct tq_stackq *q, const struct tep_record *rec, uint64_t ts);
/* The oldest event that is ready (all: every one held is): 1 with *out, or 0. */
int tq_stackq_pop(struct tq_stackq *q, bool all, struct tq_stackq_item *out);
/* Stack traces seen so far. */
uint64_t tq_stackq_stacks(const struct tq_stackq *q);

/*
 * An address as the kernel's %pS prints it: "func+0xoff/0xsize", or "0xaddr" when no
 * symbol holds it.
 */
void tq_eval_sym_offset(struct tep_handle *tep, uint64_t addr, char *buf, size_t size);

/* ---- sql/syscalls.c ---- */

/* The name the kernel gives syscall nr of the arch ("sys_read"), or NULL. */
const char *tq_syscall_name(const char *arch, uint64_t nr);

/* ---- sql/eval-pct.c ---- */

/* The values of one column of one entry: a count per distinct value. */
struct tq_pct {
	struct tq_pct_slot { uint64_t v, n; } *slots;
	size_t cap, used;
	uint64_t total;
};

int tq_pct_add(struct tq_pct *p, uint64_t v);
/* The nearest-rank percentile pct (0 < pct <= 100); 0 for no value. */
uint64_t tq_pct_value(const struct tq_pct *p, double pct);
void tq_pct_release(struct tq_pct *p);

#endif
