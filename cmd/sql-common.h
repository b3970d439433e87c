/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_SQL_COMMON_H
#define TQ_CMD_SQL_COMMON_H

/* What tq sql, tq hist and tq shell share (cmd/sql-common.c). */
struct tq_sql_options;
struct tq_sql_compiled;
struct tq_tracefs;

/* The query from -f FILE ('-': stdin) or the words left on the command line (malloc'd). */
char *sql_query_text(const char *file, int argc, char **argv);
/*
 * Compile against the formats in dir (NULL: the live tracefs), printing any error with
 * its caret and every warning. 0 or -1 (a kernel without hist triggers exits with 3).
 */
int sql_compile_script(const char *text, const char *dir, const struct tq_sql_options *opt,
		       struct tq_sql_compiled *out);
/* -1 with a message (exit status 3) when the kernel has no hist triggers, else 0. */
int sql_check_kernel(struct tq_tracefs *tfs);
/* -B: the instance must exist before anything is written in it (-1 with a message). */
int sql_check_instance(struct tq_tracefs *tfs, const char *instance);

#endif
