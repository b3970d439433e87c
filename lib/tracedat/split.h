/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_SPLIT_H
#define TQ_TRACEDAT_SPLIT_H

/*
 * Split a trace.dat into parts, as trace-cmd 3.1.6's split does: the events of the top
 * buffer are packed again into ring-buffer pages (a page per CPU at a time, its first
 * event's time in the page header, time extends where the delta does not fit), and each
 * part is written with the metadata of the input. The events a part takes, and the ones
 * trace-cmd leaves out between parts, are the same as trace-cmd's, so that `trace-cmd
 * report` prints the same parts (Documentation/tq-split.adoc).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tracedat/read.h"
#include "tracedat/write.h"

enum tq_split_unit {
	TQ_SPLIT_NONE,
	TQ_SPLIT_SECS,
	TQ_SPLIT_MSECS,
	TQ_SPLIT_USECS,
	TQ_SPLIT_EVENTS,
	TQ_SPLIT_PAGES,
};

struct tq_split_opts {
	enum tq_split_unit unit;
	unsigned long long count;	/* units per part (> 0 unless unit is NONE) */
	bool repeat;			/* parts until the end (or end_ns) */
	bool percpu;			/* count per CPU (always so for pages) */
	int only_cpu;			/* -1: all CPUs */
	unsigned long long start_ns;	/* 0: from the first event */
	unsigned long long end_ns;	/* 0: to the last event */
	const char *output;		/* name of the parts (repeat: output.0001, ...) */
};

/*
 * Write the parts. Returns the number of parts written, or a negative errno with a
 * message; a part that failed is not left behind (the ones before it are).
 */
int tq_td_split(struct tq_tracedat *td, const struct tq_split_opts *opts);

/* Copy td's metadata (headers, formats, kallsyms, printk, cmdlines, clock, uname, trace
 * id) into a writer; the buffers and CPUs are the caller's. 0 or a negative errno. */
int tq_td_copy_meta(const struct tq_tracedat *td, struct tq_tdw *tdw);

/*
 * A ring-buffer page built one event at a time, in the byte order and long size of the
 * file (the page header is an 8-byte time stamp and a long_size commit word).
 */
struct tq_page_packer {
	uint8_t *page;
	unsigned size;		/* page size */
	unsigned index;		/* bytes used, header included */
	unsigned long long ts;	/* time of the last event written */
	long long missed;	/* events lost before the page: 0, a count, or -1 unknown */
	int long_size;
	bool big_endian;
	bool open;
};

int tq_page_packer_init(struct tq_page_packer *p, unsigned page_size, int long_size,
			bool big_endian);
void tq_page_packer_release(struct tq_page_packer *p);
/* Start a page whose first event is at ts, with missed events before it. */
void tq_page_packer_start(struct tq_page_packer *p, unsigned long long ts, long long missed);
/*
 * Add an event at ts with its payload. Returns 1 when the event went in, 0 when only a
 * time extend was written (call again), -ENOSPC when the page is full.
 */
int tq_page_packer_add(struct tq_page_packer *p, unsigned long long ts, const void *data,
		       unsigned size);
/* Seal the page (commit word and missed count): p->page holds p->size bytes to write. */
void tq_page_packer_finish(struct tq_page_packer *p);

#endif
