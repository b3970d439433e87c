/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_BUILTIN_H
#define TQ_BUILTIN_H

#include <stdbool.h>
#include <stdio.h>

struct tq_tracefs;
struct tq_plan;

/*
 * Exit codes, documented in tq(1). Functions of cmd/ return 0, or -1 once they have said
 * why they failed; only main() turns that -1 into a code, through exit_code(): the kind
 * of failure (usage, a missing kernel feature, anything else) is noted by the function
 * that reported it.
 */
enum {
	TQ_EXIT_OK = 0,
	TQ_EXIT_ERROR = 1,	 /* the command failed: error() */
	TQ_EXIT_USAGE = 2,	 /* bad command line: usage_error() */
	TQ_EXIT_UNSUPPORTED = 3, /* the kernel (or sandbox) lacks the feature: unsupported() */
};

/* The exit status of a command that returned ret (0 or -1). */
int exit_code(int ret);
/* The failure just reported was a missing kernel feature / a bad command line: -1. */
int fail_unsupported(void);
int fail_usage(void);

/* Name of the running subcommand, for "tq: <command>: <what>" messages. */
extern const char *tq_cmd_name;

/* Print "tq: <command>: <what>" to stderr and return -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, with ": strerror(errno)" appended. */
int error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tq: <command>: warning: <what>" */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tq: <command>: <what>", exit status TQ_EXIT_UNSUPPORTED, -1 */
int unsupported(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tq: <command>: <what>", a pointer to -h, exit status TQ_EXIT_USAGE, -1 */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Colour on this stream? Only a tty, NO_COLOR unset or empty, TERM not dumb, and
 * --color=always/never override. */
bool want_color(FILE *stream);
extern int tq_color_mode; /* -1 auto, 0 never, 1 always */
/* Escape sequences for headings on stdout, or "" when colour is off. */
const char *color_heading(void);
const char *color_reset(void);

/*
 * Open the tracefs the command works on (--tracefs DIR / $TQ_TRACEFS, else the live one),
 * printing the reason on failure. Returns 0 or -1.
 */
int open_tracefs(struct tq_tracefs **tfs);
extern const char *tq_tracefs_dir; /* --tracefs DIR, or NULL */
/* --tracefs-copy DIR: tq_tracefs_dir is a saved copy of a target's tracefs, for --print
 * only; what is printed names the target's paths (/sys/kernel/tracing) */
extern bool tq_tracefs_copy;

/* tq help trace-cmd (cmd/help-trace-cmd.c) */
int cmd_help_trace_cmd(void);

/* The tracefs root to show in printed scripts. */
const char *print_root(void);

/*
 * Print or apply a plan. print=true writes the shell script to stdout; otherwise the plan
 * is applied all or nothing and, on failure, the step, the kernel's error_log and the
 * rollback outcome are reported. undo may be NULL. Returns 0 or -1.
 */
int run_plan(const struct tq_plan *plan, bool print, struct tq_tracefs *tfs,
	     struct tq_plan *undo);
struct tq_apply_failure;
/* What run_plan prints when tq_plan_apply() fails: the step, its origin, error_log. */
void report_plan_failure(const struct tq_plan *plan, const struct tq_apply_failure *f);

struct tq_dynevent;
/*
 * The kernel refused to remove ev (EBUSY): say which triggers and eprobes still use it,
 * then outcome ("nothing was changed", ...). Returns -1.
 */
int explain_busy(struct tq_tracefs *tfs, const struct tq_dynevent *ev, const char *outcome);
/*
 * Take away what a command made (a removal or undo plan: tq_probe_remove_all()), saying
 * what stayed and why. 0 or -1.
 */
int remove_made(struct tq_tracefs *tfs, const struct tq_plan *removal);

/*
 * trace-cmd's --verbose[=LEVEL] (-V[LEVEL]): 0-6 or none, crit, err, warn, info, debug, all,
 * info when arg is NULL or empty; libtraceevent's TEP_LOG_* numbers. -1 after error().
 */
enum { TQ_LOG_INFO = 4, TQ_LOG_ALL = 6 };
int parse_verbose(const char *arg);

int cmd_check_events(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_hist(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_options(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_reset(int argc, char **argv);
int cmd_restart(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_stack(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_sql(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_stream(int argc, char **argv);

#endif
