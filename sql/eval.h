/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_EVAL_H
#define TQ_SQL_EVAL_H

/*
 * The offline back end: the analyzed queries of a script computed over recorded events, with
 * the semantics of the kernel's hist triggers and synthetic events (sql/eval.c). Its output
 * is the text the kernel's hist files would hold, so that tables, bars and JSON are the ones
 * the live command shows (lib/print/histfile.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/diag.h"
#include "sql/sql.h"

struct tep_handle;
struct tep_record;
struct tq_sql_compiled;

struct tq_eval;

/*
 * Compile src against the formats of tep (a trace.dat's) with every hist feature. On success
 * *out runs the script and *hists describes its histograms (borrowed from *out). On failure
 * *diag says where and why (-EINVAL), as tq_sql_compile() does.
 */
int tq_eval_new(const char *src, size_t len, struct tep_handle *tep,
		const struct tq_sql_options *opt, struct tq_eval **out, struct tq_sql_diag *diag);
void tq_eval_free(struct tq_eval *e);

/* The compiled form: the histograms (hists[i].trigger, limit) and warnings. */
const struct tq_sql_compiled *tq_eval_compiled(const struct tq_eval *e);

/*
 * One event in time order. ts is the ring buffer's own time stamp (common_timestamp), in ns.
 * 0, or a negative errno (-ENOMEM) with a message.
 */
int tq_eval_event(struct tq_eval *e, struct tep_record *rec, uint64_t ts);

/*
 * The events that follow come from input `source` (0: the file compiled against, which is
 * the default), read with tep: each file's pids name its own tasks, and its saved cmdlines
 * name those no event named. 0, or -ENOMEM with a message.
 */
int tq_eval_source(struct tq_eval *e, size_t source, struct tep_handle *tep);

/*
 * A hit of histogram hist at time ts (ns) whose first bucket key is bucket: the kernel's
 * log2 bucket k (width 0: values in (2^(k-1), 2^k]) or, for .buckets=width, the bucket's
 * lower bound. Hits the table had no room for are not reported.
 */
typedef int (*tq_eval_hit_fn)(void *ctx, size_t hist, uint64_t ts, uint64_t bucket,
			      uint64_t width);
/* Report every hit of a histogram with a bucket key to fn (NULL: none). */
void tq_eval_on_hit(struct tq_eval *e, tq_eval_hit_fn fn, void *ctx);
/*
 * Inside fn: the table row the hit counts in, one pointer for all hits of one key; with
 * keys, also the text of its keys as the kernel's hist file shows them, "{ a: x, b: ~ 2^5 }"
 * (malloc'd; NULL returned when out of memory).
 */
const void *tq_eval_hit_row(const struct tq_eval *e, char **keys);
/* Has histogram i a log2 or buckets key, the one tq_eval_on_hit() reports? */
bool tq_eval_hist_has_bucket(const struct tq_eval *e, size_t i);

/*
 * The end of the events: computes those still held for their stack traces. -ENOENT with a
 * message when a STACKTRACE query found no stack trace in the file at all.
 */
int tq_eval_finish(struct tq_eval *e);
/* Events a STACKTRACE query left out for want of a stack trace after them. */
uint64_t tq_eval_stack_missing(const struct tq_eval *e);
/* Whether a histogram keys by STACKTRACE, which pairs each event with the next record of
 * its CPU: one file's records only. */
bool tq_eval_keys_by_stack(const struct tq_eval *e);
/* The machine the file was recorded on ("x86_64", uname -m), for .syscall names. */
void tq_eval_set_arch(struct tq_eval *e, const char *arch);

/* Events seen so far. */
uint64_t tq_eval_seen(const struct tq_eval *e);

/* The text of histogram i as the kernel's hist file would show it (malloc'd), or NULL. */
char *tq_eval_hist_text(const struct tq_eval *e, size_t i);

#endif
