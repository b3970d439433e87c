// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tracefs/plan.h"
#include "tracefs/access.h"

void tq_plan_init(struct tq_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

static void step_release(struct tq_step *s)
{
	free(s->path);
	free(s->text);
	free(s->undo);
	free(s->origin);
}

void tq_plan_release(struct tq_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->len; i++)
		step_release(&plan->steps[i]);
	free(plan->steps);
	tq_plan_init(plan);
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

static int push(struct tq_plan *plan, enum tq_step_op op, unsigned flags, const char *path,
		const char *text, const char *undo, const char *origin)
{
	struct tq_step *s;
	bool oom = false;

	if (plan->len == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 16;
		struct tq_step *steps = realloc(plan->steps, cap * sizeof(*steps));

		if (!steps)
			return -ENOMEM;
		plan->steps = steps;
		plan->cap = cap;
	}
	s = &plan->steps[plan->len];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->flags = flags;
	s->path = dup_or_null(path, &oom);
	s->text = dup_or_null(text, &oom);
	s->undo = dup_or_null(undo, &oom);
	s->origin = dup_or_null(origin, &oom);
	if (oom) {
		step_release(s);
		return -ENOMEM;
	}
	plan->len++;
	return 0;
}

int tq_plan_mkdir(struct tq_plan *plan, const char *path, unsigned flags)
{
	return push(plan, TQ_STEP_MKDIR, flags, path, NULL, NULL, NULL);
}

int tq_plan_rmdir(struct tq_plan *plan, const char *path, unsigned flags)
{
	return push(plan, TQ_STEP_RMDIR, flags, path, NULL, NULL, NULL);
}

int tq_plan_write(struct tq_plan *plan, const char *path, const char *text, unsigned flags)
{
	return push(plan, TQ_STEP_WRITE, flags, path, text, NULL, NULL);
}

int tq_plan_append(struct tq_plan *plan, const char *path, const char *text, const char *undo,
		   unsigned flags)
{
	return push(plan, TQ_STEP_APPEND, flags, path, text, undo, NULL);
}

int tq_plan_writef(struct tq_plan *plan, const char *text, unsigned flags, const char *pathfmt,
		   ...)
{
	va_list ap;
	char *path;
	int ret;

	va_start(ap, pathfmt);
	ret = vasprintf(&path, pathfmt, ap);
	va_end(ap);
	if (ret < 0)
		return -ENOMEM;
	ret = tq_plan_write(plan, path, text, flags);
	free(path);
	return ret;
}

int tq_plan_set_origin(struct tq_plan *plan, const char *origin)
{
	struct tq_step *s;
	char *copy;

	if (!plan->len)
		return -EINVAL;
	s = &plan->steps[plan->len - 1];
	copy = strdup(origin);
	if (!copy)
		return -ENOMEM;
	free(s->origin);
	s->origin = copy;
	return 0;
}

int tq_plan_concat(struct tq_plan *dst, const struct tq_plan *src)
{
	size_t i;

	for (i = 0; i < src->len; i++) {
		const struct tq_step *s = &src->steps[i];
		int ret = push(dst, s->op, s->flags, s->path, s->text, s->undo, s->origin);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---- printing ---------------------------------------------------------------------- */

static bool sh_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.,:/=+%@-", *s))
			return false;
	return true;
}

char *tq_sh_quote(const char *text)
{
	size_t n = 3, i = 0;
	const char *p;
	char *out;

	for (p = text; *p; p++)
		n += *p == '\'' ? 4 : 1;
	out = malloc(n);
	if (!out)
		return NULL;
	out[i++] = '\'';
	for (p = text; *p; p++) {
		if (*p == '\'') {
			memcpy(out + i, "'\\''", 4);
			i += 4;
		} else {
			out[i++] = *p;
		}
	}
	out[i++] = '\'';
	out[i] = '\0';
	return out;
}

static char *word(const char *s)
{
	return sh_safe(s) ? strdup(s) : tq_sh_quote(s);
}

/*
 * echo is only safe for text it cannot mistake for options (dash's -n, BusyBox's -e) and
 * without backslashes (dash's echo interprets them); printf '%s\n' is the same everywhere.
 */
static bool echo_safe(const char *text)
{
	if (strchr(text, '\\'))
		return false;
	if (text[0] == '-' && text[1] && strspn(text + 1, "neE") == strlen(text + 1))
		return false;
	return true;
}

static int print_step(const struct tq_step *s, const char *root, FILE *out)
{
	char *full = NULL, *path = NULL, *text = NULL;
	const char *redir = s->op == TQ_STEP_APPEND ? ">>" : ">";
	int ret = -ENOMEM;

	if (asprintf(&full, "%s/%s", root, s->path) < 0) {
		full = NULL;
		goto out;
	}
	path = word(full);
	if (!path)
		goto out;
	switch (s->op) {
	case TQ_STEP_MKDIR:
		fprintf(out, "mkdir %s%s\n", (s->flags & TQ_STEP_MAY_EXIST) ? "-p " : "", path);
		break;
	case TQ_STEP_RMDIR:
		fprintf(out, "rmdir %s\n", path);
		break;
	case TQ_STEP_WRITE:
	case TQ_STEP_APPEND:
		if (!*s->text) {
			fprintf(out, "echo %s %s\n", redir, path);
			break;
		}
		text = word(s->text);
		if (!text)
			goto out;
		if (echo_safe(s->text))
			fprintf(out, "echo %s %s %s\n", text, redir, path);
		else
			fprintf(out, "printf '%%s\\n' %s %s %s\n", text, redir, path);
		break;
	}
	ret = 0;
out:
	free(full);
	free(path);
	free(text);
	return ret;
}

int tq_plan_print(const struct tq_plan *plan, const char *root, FILE *out)
{
	size_t i;

	for (i = 0; i < plan->len; i++) {
		int ret = print_step(&plan->steps[i], root, out);

		if (ret)
			return ret;
	}
	return ferror(out) ? -EIO : 0;
}

/* ---- applying ---------------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool is_list_file(const char *name)
{
	static const char *const lists[] = {
		"set_event_pid", "set_event_notrace_pid", "set_ftrace_pid",
		"set_ftrace_notrace_pid", "set_ftrace_filter", "set_ftrace_notrace",
		"set_graph_function", "set_graph_notrace",
	};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(name, lists[i]))
			return true;
	return false;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* Join the non-comment lines of a list file with spaces (in place). */
static void join_list(char *s)
{
	char *src = s, *dst = s;

	while (*src) {
		char *eol = strchrnul(src, '\n');
		size_t n = eol - src;

		if (n && *src != '#') {
			if (dst != s)
				*dst++ = ' ';
			memmove(dst, src, n);
			dst += n;
		}
		src = *eol ? eol + 1 : eol;
	}
	*dst = '\0';
}

/*
 * Turn what a file reads back as into what must be written to get that state back:
 * trace_clock lists every clock with the current one in brackets, an empty filter reads
 * "none" (or comments, for a whole system) but is cleared with "0", buffer_size_kb adds
 * "(expanded: N)", list files have one entry per line and comment lines (or "no pid").
 */
static int restore_text(const char *path, char *old)
{
	const char *name = base_name(path);

	if (!strcmp(name, "trace_clock")) {
		char *open = strchr(old, '['), *close = open ? strchr(open, ']') : NULL;

		if (!open || !close)
			return -EINVAL;
		memmove(old, open + 1, close - open - 1);
		old[close - open - 1] = '\0';
	} else if (is_list_file(name)) {
		join_list(old);
		/* an empty set_ftrace_pid reads "no pid", which it does not take back */
		if (!strcmp(old, "no pid"))
			old[0] = '\0';
	} else {
		trim(old);
		/* an unset system filter (events/<sys>/filter) reads as comment lines */
		if (!strcmp(name, "filter") && (!strcmp(old, "none") || old[0] == '#'))
			strcpy(old, "0");
		else if (!strcmp(name, "enable") && old[0] && old[1] == '*')
			old[1] = '\0'; /* "1*": enabled in soft mode by a trigger; write "1" */
		else if (!strcmp(name, "buffer_size_kb"))
			old[strcspn(old, " ")] = '\0';
	}
	return 0;
}

struct applier {
	struct tq_tracefs *tfs;
	struct tq_plan done;	/* undo steps in the order the steps were applied */
	bool no_memory;		/* an allocation of ours failed, not a tracefs operation */
};

/* Record an undo step: a failure here is tq's shortage of memory, never the kernel's. */
static int push_done(struct applier *a, enum tq_step_op op, unsigned flags, const char *path,
		     const char *text)
{
	int ret = push(&a->done, op, flags, path, text, NULL, NULL);

	if (ret)
		a->no_memory = true;
	return ret;
}

static int record_enable_children(struct applier *a, const char *dir_rel, const char *text);

/* Record how to restore path, read before a WRITE of text. */
static int record_previous(struct applier *a, const char *path, const char *text)
{
	char *old;
	int ret = tq_tracefs_read(a->tfs, path, &old, NULL);

	if (ret)
		return ret;
	ret = restore_text(path, old);
	if (ret == 0 && !strcmp(base_name(path), "enable") && !strcmp(old, "X")) {
		/* a system whose events are partly enabled: restore each event on its own */
		char *dir = strdup(path);

		if (!dir) {
			a->no_memory = true;
			ret = -ENOMEM;
		} else {
			*strrchr(dir, '/') = '\0';
			ret = strchr(path, '/') ? record_enable_children(a, dir, text)
						: record_enable_children(a, "", text);
			free(dir);
		}
	} else if (ret == 0 && strcmp(old, text) != 0) {
		ret = push_done(a, TQ_STEP_WRITE, 0, path, old);
	}
	free(old);
	return ret;
}

static int record_enable_children(struct applier *a, const char *dir_rel, const char *text)
{
	char *dir = tq_tracefs_path(a->tfs, dir_rel);
	struct dirent *d;
	DIR *dp;
	int ret = 0;

	if (!dir) {
		a->no_memory = true;
		return -ENOMEM;
	}
	dp = opendir(dir);
	free(dir);
	if (!dp)
		return -errno;
	while (!ret && (d = readdir(dp))) {
		char *child;

		if (d->d_name[0] == '.' || d->d_type != DT_DIR)
			continue;
		if (asprintf(&child, "%s%s%s/enable", dir_rel, *dir_rel ? "/" : "", d->d_name) < 0) {
			a->no_memory = true;
			ret = -ENOMEM;
			break;
		}
		if (tq_tracefs_exists(a->tfs, child))
			ret = record_previous(a, child, text);
		free(child);
	}
	closedir(dp);
	return ret;
}

static int apply_step(struct applier *a, const struct tq_step *s)
{
	int ret;

	switch (s->op) {
	case TQ_STEP_MKDIR:
		ret = tq_tracefs_mkdir(a->tfs, s->path);
		if (ret == -EEXIST && (s->flags & TQ_STEP_MAY_EXIST))
			return 0;
		if (ret)
			return ret;
		return push_done(a, TQ_STEP_RMDIR, 0, s->path, NULL);
	case TQ_STEP_RMDIR:
		ret = tq_tracefs_rmdir(a->tfs, s->path);
		return (ret == -ENOENT && (s->flags & TQ_STEP_MAY_FAIL)) ? 0 : ret;
	case TQ_STEP_WRITE:
		if (!(s->flags & TQ_STEP_NO_UNDO)) {
			ret = record_previous(a, s->path, s->text);
			if (ret)
				return ret;
		}
		return tq_tracefs_write(a->tfs, s->path, s->text, false);
	case TQ_STEP_APPEND:
		ret = tq_tracefs_write(a->tfs, s->path, s->text, true);
		if (ret || !s->undo)
			return ret;
		return push_done(a, TQ_STEP_APPEND, TQ_STEP_MAY_FAIL, s->path, s->undo);
	}
	return -EINVAL;
}

/* The undo steps in reverse order of application. */
static int reversed(const struct tq_plan *done, struct tq_plan *undo)
{
	size_t i;

	for (i = done->len; i-- > 0;) {
		const struct tq_step *s = &done->steps[i];
		int ret = push(undo, s->op, s->flags, s->path, s->text, s->undo, s->origin);

		if (ret)
			return ret;
	}
	return 0;
}

int tq_plan_undo(const struct tq_plan *undo, struct tq_tracefs *tfs)
{
	char *first_msg = NULL;
	int first = 0;
	size_t i;

	for (i = 0; i < undo->len; i++) {
		const struct tq_step *s = &undo->steps[i];
		int ret;

		switch (s->op) {
		case TQ_STEP_MKDIR:
			ret = tq_tracefs_mkdir(tfs, s->path);
			break;
		case TQ_STEP_RMDIR:
			ret = tq_tracefs_rmdir(tfs, s->path);
			break;
		default:
			ret = tq_tracefs_write(tfs, s->path, s->text, s->op == TQ_STEP_APPEND);
			break;
		}
		if (ret && (s->flags & TQ_STEP_MAY_FAIL) && (ret == -ENOENT || ret == -EINVAL))
			ret = 0;
		if (ret && !first) {
			first = ret;
			first_msg = strdup(tq_errmsg(ret));
		}
	}
	/* later steps may have failed too and left their own message */
	if (first_msg) {
		tq_set_errmsg(first, "%s", first_msg);
		free(first_msg);
	}
	return first;
}

int tq_plan_apply(const struct tq_plan *plan, struct tq_tracefs *tfs, struct tq_plan *undo,
		  struct tq_apply_failure *failure)
{
	struct applier a = { .tfs = tfs };
	char *log_before = NULL;
	struct tq_plan rollback;
	size_t i;
	int ret = 0;

	memset(failure, 0, sizeof(*failure));
	tq_plan_init(&a.done);
	if (undo)
		tq_plan_init(undo);
	/* what error_log said before, so that only what our writes caused is shown */
	if (tq_tracefs_error_log(tfs, &log_before))
		log_before = NULL;
	for (i = 0; i < plan->len; i++) {
		ret = apply_step(&a, &plan->steps[i]);
		if (ret)
			break;
	}
	if (ret == 0) {
		if (undo)
			ret = reversed(&a.done, undo);
		tq_plan_release(&a.done);
		free(log_before);
		if (ret && undo)
			tq_plan_release(undo);
		if (ret) {
			failure->err = -ret;
			failure->no_memory = true;
		}
		return ret;
	}

	failure->step = i;
	failure->err = -ret;
	failure->no_memory = a.no_memory;
	{
		char *log_after = NULL;
		char *msg = strdup(tq_errmsg(ret));
		int undo_ret;

		if (tq_tracefs_error_log(tfs, &log_after) == 0)
			failure->kernel_log = tq_error_log_new_entries(log_before, log_after);
		free(log_after);
		tq_plan_init(&rollback);
		if (reversed(&a.done, &rollback)) {
			failure->rollback_failed = true;
			failure->rollback_error = strdup("out of memory");
		} else if ((undo_ret = tq_plan_undo(&rollback, tfs))) {
			failure->rollback_failed = true;
			failure->rollback_error = strdup(tq_errmsg(undo_ret));
		}
		tq_plan_release(&rollback);
		/* keep the message of the step that failed, not of the rollback */
		if (msg) {
			tq_set_errmsg(failure->err, "%s", msg);
			free(msg);
		}
	}
	tq_plan_release(&a.done);
	free(log_before);
	return ret;
}

void tq_apply_failure_release(struct tq_apply_failure *failure)
{
	free(failure->kernel_log);
	failure->kernel_log = NULL;
	free(failure->rollback_error);
	failure->rollback_error = NULL;
}
