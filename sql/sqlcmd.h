/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQLCMD_H
#define TQ_SQLCMD_H

#include <stdbool.h>

/* What the commands tq sql and tq hist share; implemented in cmd/sql.c. */
struct tq_sql_options;
struct tq_sql_compiled;
struct tq_tracefs;

/* The query from -f FILE ('-': stdin) or the words left on the command line (malloc'd). */
char *sqlcmd_query_text(const char *file, int argc, char **argv);
/*
 * Compile against the formats in dir (NULL: the live tracefs), printing any error with
 * its caret. Returns 0, -1 (error) or -TQ_EXIT_UNSUPPORTED.
 */
int sqlcmd_compile(const char *text, const char *dir, const struct tq_sql_options *opt,
		   struct tq_sql_compiled *out);
/* Exit code 3 with a message when the kernel has no hist triggers, else 0. */
int sqlcmd_check_kernel(struct tq_tracefs *tfs);
/* -B: the instance must exist before anything is written in it (-1 with a message). */
int sqlcmd_check_instance(struct tq_tracefs *tfs, const char *instance);

struct tq_plan;
/*
 * Take away what a query made (its removal plan, or the undo of applying it): the events
 * it removes are first switched off wherever they are enabled, since the kernel will not
 * remove an enabled event, and every step is attempted. Returns 0, a negative errno
 * (tq_errmsg says why), or SQLCMD_EXPLAINED when an event stayed busy and the message
 * saying who uses it is already printed.
 */
#define SQLCMD_EXPLAINED (-4096)
int sqlcmd_remove(struct tq_tracefs *tfs, const struct tq_plan *removal);

/*
 * Show the histogram(s) of an existing hist trigger on event "SYS:EVENT" (bars or table,
 * or JSON), for tq hist --event and tq show --hist (cmd/hist.c). Returns an exit code.
 */
int show_event_hist(struct tq_tracefs *tfs, const char *instance, const char *event,
		    bool json);

#endif
