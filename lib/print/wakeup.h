/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_WAKEUP_H
#define TQ_PRINT_WAKEUP_H

#include <stdio.h>

#include <event-parse.h>

/* Wakeup latency, as trace-cmd report -w measures and prints it (lib/print/wakeup.c). */
struct tq_wake {
	int pid;		/* -1: free slot */
	unsigned long long ts;
};

struct tq_lat_stats {
	unsigned long long count, total, max, min, max_ts, min_ts;
};

/* Zero-initialised is empty. */
struct tq_wakeup {
	struct tq_wake *wakes;	/* pending wakeups by pid */
	unsigned nwakes, capwakes;
	struct tq_lat_stats lat[2];	/* all tasks; real-time tasks (prio < 100) */
};

/*
 * Take one event in file order: a sched_wakeup is remembered, the sched_switch that runs
 * the woken task gets " Latency: N.NNN usecs" written to out (the end of its line).
 * A wakeup that finds no memory is not counted.
 */
void tq_wakeup_event(struct tq_wakeup *w, struct tep_event *event, struct tep_record *rec,
		     FILE *out);
/* The "Average wakeup latency" blocks, when any latency was seen. */
void tq_wakeup_summary(const struct tq_wakeup *w, FILE *out);
void tq_wakeup_release(struct tq_wakeup *w);

#endif
