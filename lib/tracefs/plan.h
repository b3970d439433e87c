/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_PLAN_H
#define TQ_TRACEFS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tq_tracefs;

/*
 * A plan is every change tq makes to tracefs, as an ordered list of steps. The same plan
 * is printed as a shell script (--print) or applied; so the two can never disagree.
 * Paths are relative to the tracefs root ("instances/foo/events/sched/enable").
 *
 * Byte semantics are those of the printed script: WRITE is `echo 'text' > path` (the file
 * is opened with O_TRUNC and receives text plus a newline), APPEND is `echo 'text' >> path`.
 */
enum tq_step_op {
	TQ_STEP_MKDIR,
	TQ_STEP_RMDIR,
	TQ_STEP_WRITE,
	TQ_STEP_APPEND,
};

enum tq_step_flags {
	/* MKDIR: an existing directory is fine (and then is not removed on undo) */
	TQ_STEP_MAY_EXIST = 1 << 0,
	/* WRITE: nothing to restore (clearing a buffer, say) */
	TQ_STEP_NO_UNDO = 1 << 1,
	/* RMDIR/APPEND undo steps: a missing target is not an error (already gone) */
	TQ_STEP_MAY_FAIL = 1 << 2,
};

struct tq_step {
	enum tq_step_op op;
	unsigned flags;
	char *path;
	char *text;	/* WRITE/APPEND; NULL for MKDIR/RMDIR */
	char *undo;	/* APPEND: text appended to the same file to reverse it, or NULL */
	char *origin;	/* what the user wrote that produced this step, for messages */
};

struct tq_plan {
	struct tq_step *steps;
	size_t len;
	size_t cap;
};

void tq_plan_init(struct tq_plan *plan);
void tq_plan_release(struct tq_plan *plan);

/* Builders return 0 or -ENOMEM. The text arguments are copied. */
int tq_plan_mkdir(struct tq_plan *plan, const char *path, unsigned flags);
int tq_plan_rmdir(struct tq_plan *plan, const char *path, unsigned flags);
int tq_plan_write(struct tq_plan *plan, const char *path, const char *text, unsigned flags);
int tq_plan_append(struct tq_plan *plan, const char *path, const char *text, const char *undo,
		   unsigned flags);
/* printf-style path helpers for the common "instances/%s/events/%s/%s/filter" case */
int tq_plan_writef(struct tq_plan *plan, const char *text, unsigned flags, const char *pathfmt,
		   ...) __attribute__((format(printf, 4, 5)));
/* Attach a description of where the last step came from ("-f 'pid > 1'", an SQL span). */
int tq_plan_set_origin(struct tq_plan *plan, const char *origin);
/* Append all steps of src to dst (copies). */
int tq_plan_concat(struct tq_plan *dst, const struct tq_plan *src);

/*
 * Shell text, POSIX sh that BusyBox ash, dash and bash all run unchanged.
 * root is the tracefs path to print (normally /sys/kernel/tracing).
 */
int tq_plan_print(const struct tq_plan *plan, const char *root, FILE *out);
/* Quote one word for sh: single quotes, with ' written as '\'' (malloc'd). */
char *tq_sh_quote(const char *text);

/* Why applying a plan failed: which step, the errno, and the kernel's own words. */
struct tq_apply_failure {
	size_t step;		/* index of the step that failed */
	int err;		/* positive errno of the failed write/mkdir */
	bool no_memory;		/* tq itself ran out of memory: err (ENOMEM) is not the kernel's */
	char *kernel_log;	/* new error_log entries caused by the step, or NULL */
	bool rollback_failed;	/* some undo step failed too */
	char *rollback_error;	/* then what the first failing undo step said, or NULL */
};

/*
 * Apply the steps in order. Before each WRITE the file's current value is read so that the
 * inverse step can be recorded; APPEND uses the step's undo text; MKDIR is undone by RMDIR.
 * On success *undo (if not NULL) receives the plan that restores the previous state, in
 * the right (reverse) order. On failure the steps already done are undone, *failure is
 * filled in, and a negative errno is returned. A kernel's ENOMEM (a buffer too large for
 * the machine) is a failure of its step; tq's own shortage sets failure->no_memory.
 */
int tq_plan_apply(const struct tq_plan *plan, struct tq_tracefs *tfs, struct tq_plan *undo,
		  struct tq_apply_failure *failure);
void tq_apply_failure_release(struct tq_apply_failure *failure);

/*
 * Apply an undo plan: every step is attempted even after a failure. Returns the first error,
 * whose message is the one left in tq_errmsg.
 */
int tq_plan_undo(const struct tq_plan *undo, struct tq_tracefs *tfs);

#endif
