/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_H
#define TQ_SQL_H

#include <stdbool.h>
#include <stddef.h>

#include "sql/diag.h"
#include "tracefs/plan.h"

/*
 * The SQL compiler's API: a script in, the plans that make and remove its synthetic events
 * and hist triggers out, or a located error (sql/compile.c).
 */
struct tq_catalog;

/* Options of the command line that the analysis needs. */
struct tq_sql_options {
	const char *name;	/* -n: name of the synthetic event */
	const char *instance;	/* -B */
	const char *max_var;	/* -m */
	const char *change_var;	/* -c */
	const char *save;	/* -S f1,f2 */
	bool snapshot;		/* -s */
	bool trace;		/* -T */
	bool all_features;	/* ignore README: assume every feature */
	bool removing;		/* compiling to remove: the events exist already */
};

/* The unit of a histogram's key or value, as the query computed it. */
enum tq_sql_unit {
	TQ_UNIT_NONE,
	TQ_UNIT_NS,	/* TIMESTAMP and its differences */
	TQ_UNIT_US,	/* TIMESTAMP_USECS and its differences */
};

#define TQ_SQL_HIST_COLS 4	/* more than the kernel's 3 keys or 3 values */

/* A histogram the compiled script creates, for `tq hist` to read back. */
struct tq_sql_hist {
	char *hist_path;	/* relative to the tracefs root: ".../events/sys/ev/hist" */
	char *trigger;		/* the hist trigger text, to pick its table out of the file */
	long long limit;	/* LIMIT: rows to show, -1 for all */
	char *event;		/* the event it is on: a JOIN's synthetic event */
	char *query;		/* the statement that makes it */
	enum tq_sql_unit key_units[TQ_SQL_HIST_COLS];	/* the table's keys, in order */
	enum tq_sql_unit val_units[TQ_SQL_HIST_COLS];	/* its values other than hitcount */
};

struct tq_sql_compiled {
	struct tq_plan plan;	/* what to write, in an order the kernel accepts */
	struct tq_plan removal;	/* what undoes it, in reverse order */
	struct tq_sql_hist *hists;
	size_t nhists;
	struct tq_sql_diag *warnings;	/* shown like errors, but the plan stands */
	size_t nwarnings;
};

/*
 * Compile a script (one or more statements) against the catalog: on success the plans and
 * histograms are in *out. On failure *diag says where and why: -EINVAL for a query the
 * kernel would not take, -EOPNOTSUPP when the target kernel has no hist triggers at all.
 */
int tq_sql_compile(const char *src, size_t len, struct tq_catalog *cat,
		   const struct tq_sql_options *opt, struct tq_sql_compiled *out,
		   struct tq_sql_diag *diag);
void tq_sql_compiled_release(struct tq_sql_compiled *c);

#endif
