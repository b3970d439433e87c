/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_EVENT_H
#define TQ_PRINT_EVENT_H

#include <stdbool.h>
#include <stdio.h>

#include <event-parse.h>
#include <trace-seq.h>

#include "print/fgraph.h"
#include "print/format.h"
#include "print/ftrace-func.h"

/*
 * One event in, the line trace-cmd report prints for it out: "comm-pid [cpu] ts: name:
 * text", the text from the fast formatters (lib/print/format.c), trace-cmd's own
 * function and function_graph printers, or libtraceevent where those do not apply.
 * Used by tq report (trace.dat files) and tq stream (live ring buffers).
 */

struct tq_event_style {
	bool ns;		/* -t: nanoseconds */
	bool raw;		/* -R: raw fields */
	bool latency;		/* -l: flags and preempt count */
	bool ts_diff;		/* --ts-diff */
	bool slow;		/* libtraceevent only */
	bool graph_tail, graph_depth;	/* -O fgraph:tailprint, fgraph:depth */
};

#define TQ_COMM_CACHE 1024

/* What the printer keeps for one source of events (a file, or the live tracefs). */
struct tq_event_source {
	struct tep_handle *tep;
	bool clock_is_ns;	/* timestamps can be shown as seconds */
	bool comms_change;	/* live: a pid's name may change, do not cache names */
	void (*load_symbols)(void *arg);	/* tq_event_source_set_symbols() */
	void *symbols_arg;
	struct tq_fmt_cache *fmt;	/* NULL: no fast path */
	struct tq_fgraph graph;
	struct tq_func_printer func;
	/* task names by pid: libtraceevent's lookup is a binary search per event; only
	 * names it knows are kept ("<...>" may still be learnt later) */
	struct {
		int pid;
		const char *comm;
	} comms[TQ_COMM_CACHE];
	/* events by id: libtraceevent's lookup is a binary search unless the id repeats */
	struct tep_event **events;
	int nevents;
};

/*
 * Set up a source over tep, whose plugins are loaded already (the graph printer replaces
 * their handlers). funcs is the function plugin's state shared by every source (NULL: the
 * function tracer's events are left to libtraceevent). 0 or a negative errno.
 */
int tq_event_source_init(struct tq_event_source *src, struct tep_handle *tep,
			 const struct tq_event_style *style, const struct tq_func_state *funcs);
void tq_event_source_release(struct tq_event_source *src);
/* What loads kernel symbols the first time an event needs them (a file's kallsyms). */
void tq_event_source_set_symbols(struct tq_event_source *src, void (*load)(void *arg),
				 void *arg);
/* The event of a record, looked up once per id. NULL when the file has no such format. */
struct tep_event *tq_event_of(struct tq_event_source *src, struct tep_record *rec);

struct tq_event_printer {
	struct tq_event_style style;
	FILE *out;
	int width;		/* of the file/instance prefix, 0 for none */
	unsigned long long prev_ts;	/* --ts-diff: previous time, ns with -t, else us */
	struct trace_seq seq;
	char *obuf;		/* lines written in large blocks */
	size_t olen;
	/* written after an event's text, before its newline (tq report -w); may be NULL */
	void (*after)(void *arg, struct tep_event *event, struct tep_record *rec, FILE *out);
	void *after_arg;
};

int tq_event_printer_init(struct tq_event_printer *p, FILE *out,
			  const struct tq_event_style *style);
void tq_event_printer_release(struct tq_event_printer *p);
/* Write what is buffered. */
void tq_event_printer_flush(struct tq_event_printer *p);

/*
 * Print one event: its "CPU:N [N EVENTS DROPPED]" line first when missed is not 0 (-1:
 * an unknown count), prefix (a file or instance name, "" for none) in a column of
 * p->width when the width is not 0.
 */
void tq_event_print(struct tq_event_printer *p, struct tq_event_source *src,
		    struct tep_record *rec, const char *prefix, long long missed);

/* A timestamp as the event line shows it: seconds (-t: to the ns), or raw units. */
int tq_event_format_ts(const struct tq_event_style *style, bool clock_is_ns,
		       unsigned long long ts, char *buf, size_t len);

#endif
