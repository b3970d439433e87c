/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_FILE_H
#define TQ_CMD_HIST_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "print/histfile.h"
#include "print/openmetrics.h"

struct tq_sql_options;
struct hist_flame_opts;

/* tq hist -i FILE... QUERY (cmd/hist-file.c) */
struct hist_file_opts {
	const char **files;		/* merged by time */
	size_t nfiles;
	const struct tq_sql_options *sql;
	enum tq_hist_format fmt;
	bool has_from, has_to;		/* --from/--to: a window of trace time, in seconds */
	double from, to;
	bool metrics;			/* --openmetrics/--prometheus instead of fmt */
	enum tq_om_dialect dialect;
	const char *metric;		/* --metric NAME */
	const char *heatmap;		/* --heatmap FILE.svg */
	double step;			/* --step SECONDS, its columns */
	const struct hist_flame_opts *flame;	/* --folded, --flamegraph */
	const char *heatmap_key;	/* --heatmap-key KEY=VALUE */
};

/* Run the query over the files and show its histograms. 0 or -1 once reported. */
int hist_file_run(const struct hist_file_opts *o, const char *text);

#endif
