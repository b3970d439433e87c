/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_H
#define TQ_SQL_H

#include <stddef.h>

#include "tracefs/plan.h"
#include "sql/analyze.h"

struct tq_catalog;

/* A histogram the compiled script creates, for `tq hist` to read back. */
struct tq_sql_hist {
	char *hist_path;	/* relative to the tracefs root: ".../events/sys/ev/hist" */
	char *trigger;		/* the hist trigger text, to pick its table out of the file */
	long long limit;	/* LIMIT: rows to show, -1 for all */
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

/* Back end: one analyzed statement into steps (sql/backend.c). */
int tq_sql_emit(const struct tq_sql_query *q, const struct tq_sql_ctx *ctx,
		struct tq_sql_compiled *out);

#endif
