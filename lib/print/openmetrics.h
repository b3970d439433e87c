/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_OPENMETRICS_H
#define TQ_PRINT_OPENMETRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "print/histfile.h"

/*
 * A histogram table as Prometheus metrics: a log2 or linear bucket key becomes a histogram
 * with cumulative `le` buckets, the other keys become labels, a table without a bucket key
 * becomes counters. Latencies go out in seconds.
 *
 * Two dialects, since their readers disagree on counters: OpenMetrics 1.0 (what
 * Prometheus asks for when it scrapes; a counter "foo" has samples "foo_total", a
 * histogram's _count only comes with its _sum, "# EOF" ends it) and Prometheus's text
 * format 0.0.4 (what node_exporter's textfile collector and promtool read; the TYPE line
 * of a counter names "foo_total", every histogram has its _count).
 */
enum tq_om_dialect {
	TQ_OM_OPENMETRICS,
	TQ_OM_PROMETHEUS,
};

/* The unit of a key or value, as the query computed it. */
enum tq_om_unit {
	TQ_OM_PLAIN,	/* a count or a number without a unit */
	TQ_OM_NS,	/* nanoseconds: TIMESTAMP differences */
	TQ_OM_US,	/* microseconds: TIMESTAMP_USECS differences */
};

#define TQ_OM_MAX_VALS 8

struct tq_om_family {
	enum tq_om_dialect dialect;
	const char *name;	/* the metric's base name: tq_om_name_ok() */
	const char *help;	/* the query, for # HELP */
	enum tq_om_unit key_unit;	/* of the bucket key */
	enum tq_om_unit val_units[TQ_OM_MAX_VALS];	/* of each value of the table */
	/*
	 * log2 buckets are written from 2^0 up to the highest seen, and never fewer than
	 * last time: a scrape must not lose an `le` it had. Updated by tq_om_render().
	 */
	unsigned log2_top;
	unsigned long long linear_top;
};

/* Is name a metric name Prometheus takes ([a-zA-Z_:][a-zA-Z0-9_:]*)? */
bool tq_om_name_ok(const char *name);
/*
 * A metric name from any text (an event name, a label): "tq_" and the text with every
 * character Prometheus refuses as '_'. malloc'd, NULL on ENOMEM.
 */
char *tq_om_name_from(const char *text);
/* The label name of a key: its characters Prometheus refuses as '_'. malloc'd. */
char *tq_om_label_name(const char *key);
/* What a value in unit u is divided by to be in seconds, and the name's suffix for it. */
double tq_om_unit_scale(enum tq_om_unit u);
const char *tq_om_unit_suffix(enum tq_om_unit u);

/*
 * Write the families of one table (tq_om_end() closes the exposition).
 * 0, -EINVAL (with tq_errmsg) when the table cannot be exposed, or -EIO on a write error.
 */
int tq_om_render(const struct tq_hist_table *t, struct tq_om_family *f, FILE *out);
int tq_om_end(FILE *out, enum tq_om_dialect dialect);

#endif
