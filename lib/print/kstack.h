/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_KSTACK_H
#define TQ_PRINT_KSTACK_H

/*
 * Kernel stack traces as libtraceevent sees them: the ftrace:kernel_stack event that the
 * stacktrace option (-T) writes after each event on its CPU. Shared by the collapser of
 * print/folded.h and the offline engine's STACKTRACE keys (sql/eval-stack.c).
 */
#include <stdint.h>

#include <event-parse.h>

struct tq_kstack_fmt {
	int id;				/* the event's id, -1 without it */
	struct tep_format_field *size, *caller;
};

/* 0, or -ENOENT with a message when tep has no kernel_stack format with size and caller. */
int tq_kstack_fmt_init(struct tq_kstack_fmt *k, struct tep_handle *tep);
/* The frames of a kernel_stack record, innermost first, at most max: their number. */
int tq_kstack_frames(const struct tq_kstack_fmt *k, struct tep_handle *tep,
		     const struct tep_record *rec, uint64_t *addrs, int max);

#endif
