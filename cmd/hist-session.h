/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_SESSION_H
#define TQ_CMD_HIST_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "print/histfile.h"
#include "print/openmetrics.h"
#include "sql/sql.h"

/*
 * One histogram session, shared by tq hist and tq shell (cmd/hist-session.c): apply the
 * plan that makes the histograms, wait (a duration, a command, Enter, Ctrl-C), show them
 * at each interval and at the end, and take everything away again on every way out.
 */
struct tq_tracefs;
struct tq_plan;
struct tq_sql_compiled;

/*
 * The signals that end a wait (SIGINT, SIGTERM, SIGHUP, and SIGCHLD for a command that
 * ends) are blocked except while waiting, so that none is lost between a check and the
 * wait. Block them for as long as a session may run; restore puts back the old mask.
 */
void stop_signals_block(void);
void stop_signals_restore(void);
/* Ctrl-C since the last clear; SIGTERM or SIGHUP (the signal, or 0). */
bool stop_interrupted(void);
int stop_terminated(void);
void stop_interrupted_clear(void);
/* The mask to wait with (pselect/ppoll): the blocked signals let through. */
const void *stop_wait_mask(void);

struct hist_session {
	struct tq_tracefs *tfs;
	const struct tq_plan *plan;	/* what makes the histograms */
	double duration;		/* seconds; 0: until the command ends or Ctrl-C */
	double interval;		/* show every SECONDS as well; 0: only at the end */
	char **command;			/* run it, and stop when it ends (NULL: none) */
	bool enter_stops;		/* a line on stdin stops too (tq shell) */
	FILE *print;			/* print the plan and its undo here too, or NULL */
	/* tell the user how to stop, once the histograms are in place (may be NULL) */
	void (*started)(void *ctx);
	/* show the histograms: at each interval (stamp) and at the end (last); 0 or -1 */
	int (*show)(void *ctx, bool stamp, bool last);
	void *ctx;
};

/* Run a session. 0, or -1 once the failure is reported. */
int hist_session_run(const struct hist_session *s);

/* Read one hist file and parse it. 0, or -1 once the failure is reported. */
int hist_file_read(struct tq_tracefs *tfs, const char *path, struct tq_hist *out);
/*
 * Render one table to out; stamp precedes it with the time (JSON: an object that holds
 * the time and the table). 0 or -1.
 */
int hist_table_show(const struct tq_hist_table *t, enum tq_hist_format fmt, long long limit,
		    bool stamp, FILE *out);
/* Every histogram a compiled script makes, from hist `from` on. 0 or -1. */
int hist_show_compiled(struct tq_tracefs *tfs, const struct tq_sql_compiled *c, size_t from,
		       enum tq_hist_format fmt, bool stamp, FILE *out);
/*
 * Every histogram of the hist triggers already on event "SYS:EVENT" (tq hist --event,
 * tq show --hist). 0 or -1.
 */
int hist_show_event(struct tq_tracefs *tfs, const char *instance, const char *event,
		    bool json);

/*
 * Prometheus metrics of every histogram of a compiled script (tq hist --openmetrics and
 * --textfile): one metric family each, named after metric (NULL: "tq_" and the event),
 * its `le` sets kept from one exposition to the next. --textfile writes Prometheus's text
 * format, which node_exporter reads (lib/print/openmetrics.h).
 */
struct hist_metrics {
	enum tq_om_dialect dialect;
	struct tq_om_family *fams;
	char **names;
	size_t n;
};

int hist_metrics_init(struct hist_metrics *m, const struct tq_sql_compiled *c,
		      const char *metric, enum tq_om_dialect dialect);
void hist_metrics_release(struct hist_metrics *m);
/*
 * The key names and bucket key of a trigger as the kernel's hist file will show them: one
 * table without rows in *parsed (tq_hist_release() it). 0 or a negative errno.
 */
int hist_trigger_keys(const char *trigger, struct tq_hist *parsed);
/* The unit of a key or value of the query, as the metrics name it. */
enum tq_om_unit hist_om_unit(enum tq_sql_unit u);
/* The families of histogram i of the query, from its table t. 0 or -1. */
int hist_metrics_table(struct hist_metrics *m, size_t i, const struct tq_sql_hist *h,
		       const struct tq_hist_table *t, FILE *out);
/* The exposition of the histograms as the kernel has them now. 0 or -1. */
int hist_metrics_write(struct hist_metrics *m, struct tq_tracefs *tfs,
		       const struct tq_sql_compiled *c, FILE *out);
/* The same into path, atomically: a temporary file, fsync, rename. 0 or -1. */
int hist_metrics_textfile(struct hist_metrics *m, struct tq_tracefs *tfs,
			  const struct tq_sql_compiled *c, const char *path);
/* tq show --hist --openmetrics: the tables of event "SYS:EVENT". 0 or -1. */
int hist_metrics_event(struct tq_tracefs *tfs, const char *instance, const char *event,
		       enum tq_om_dialect dialect);

#endif
