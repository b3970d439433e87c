// SPDX-License-Identifier: GPL-2.0-or-later
/* What every command shares: messages, colour, the tracefs handle and running plans. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "util/diag.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "util/strlist.h"
#include "tracefs/access.h"

const char *tq_cmd_name = "tq";
const char *tq_tracefs_dir;
bool tq_tracefs_copy;
int tq_color_mode = -1;

/*
 * What the -1 of a failed command means for its exit status. A usage error or a missing
 * kernel feature outranks a plain error: parse_options() reports with error() before the
 * caller knows the failure is one of usage.
 */
static int failure_code;

static int fail_with(int code)
{
	if (code != TQ_EXIT_ERROR || !failure_code)
		failure_code = code;
	return -1;
}

int fail_unsupported(void)
{
	return fail_with(TQ_EXIT_UNSUPPORTED);
}

int fail_usage(void)
{
	return fail_with(TQ_EXIT_USAGE);
}

int exit_code(int ret)
{
	if (ret == 0)
		return TQ_EXIT_OK;
	if (ret > 0)
		return ret;
	return failure_code ? failure_code : TQ_EXIT_ERROR;
}

static void vreport(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	/* the rule for all of tq's colour is a terminal on stdout; a message also needs
	 * one on stderr, where it goes */
	bool color = want_color(stdout) && want_color(stderr);
	/* red for errors, yellow for warnings: only the "tq: <command>:" part */
	const char *on = !color ? "" : *prefix ? "\033[33m" : "\033[1;31m";
	const char *off = color ? "\033[m" : "";
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!strcmp(tq_cmd_name, "tq"))
		fprintf(stderr, "%stq:%s %s%s%s\n", on, off, prefix, msg, suffix);
	else
		fprintf(stderr, "%stq: %s:%s %s%s%s\n", on, tq_cmd_name, off, prefix, msg, suffix);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, "");
	va_end(ap);
	return fail_with(TQ_EXIT_ERROR);
}

int error_errno(const char *fmt, ...)
{
	char suffix[256];
	int saved = errno;
	va_list ap;

	snprintf(suffix, sizeof(suffix), ": %s", strerror(saved));
	va_start(ap, fmt);
	vreport("", fmt, ap, suffix);
	va_end(ap);
	return fail_with(TQ_EXIT_ERROR);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, "");
	va_end(ap);
}

int unsupported(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, "");
	va_end(ap);
	return fail_unsupported();
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, "");
	va_end(ap);
	fprintf(stderr, "see 'tq %s -h' for the options\n", tq_cmd_name);
	return fail_usage();
}

const char *color_heading(void)
{
	return want_color(stdout) ? "\033[1m" : "";
}

const char *color_reset(void)
{
	return want_color(stdout) ? "\033[m" : "";
}

bool want_color(FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (tq_color_mode >= 0)
		return tq_color_mode;
	if (no_color && *no_color)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(stream));
}

int open_tracefs(struct tq_tracefs **tfs)
{
	int ret = tq_tracefs_open(tfs, tq_tracefs_dir, tq_tracefs_copy ? TQ_TRACEFS_OFFLINE : 0);

	if (ret == 0)
		return 0;
	error("%s", tq_errmsg(ret));
	return ret == -EOPNOTSUPP ? fail_unsupported() : -1;
}

const char *print_root(void)
{
	static char *root;
	struct tq_tracefs *tfs;

	if (root)
		return root;
	/* print for the tracefs we would apply to; a device without tq has the default path,
	 * and so has the target whose saved copy --tracefs-copy names */
	if (tq_tracefs_dir && !tq_tracefs_copy) {
		root = strdup(tq_tracefs_dir);
	} else if (tq_tracefs_open(&tfs, NULL, 0) == 0) {
		root = strdup(tq_tracefs_root(tfs));
		tq_tracefs_close(tfs);
	} else {
		/* no tracefs here is no error when printing: its message must not linger */
		tq_clear_errmsg();
	}
	if (!root)
		root = strdup("/sys/kernel/tracing");
	return root ? root : "/sys/kernel/tracing";
}

/* What an errno means from the file the kernel refused, where strerror() misleads. */
static const char *refusal_reason(const struct tq_step *s, int err)
{
	const char *name = strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path;

	if (err == EILSEQ && (!strcmp(name, "dynamic_events") || !strcmp(name, "kprobe_events")))
		return "the probe point is not at an instruction boundary (EILSEQ)";
	if (err == ENOMEM && !strcmp(name, "buffer_size_kb"))
		return "it cannot allocate that much memory (ENOMEM)";
	return strerror(err);
}

static void hint_buffer_size(const struct tq_step *s)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), pages = sysconf(_SC_PHYS_PAGES);
	long page = sysconf(_SC_PAGESIZE);
	double kb = strtod(s->text, NULL), gib = 1024.0 * 1024.0;

	if (cpus < 1 || pages < 1 || page < 1)
		return;
	fprintf(stderr, "  buffer_size_kb is per CPU, in KiB: %s KiB on each of %ld CPUs is "
		"%.1f GiB,\n  and this machine has %.1f GiB of memory: give a smaller -b\n",
		s->text, cpus, kb * cpus / gib, (double)pages * page / 1024 / gib);
}

/*
 * The kernel refused to enable events with a bare EINVAL, which names no event: look for
 * the uprobes that cannot work (an offset outside the code of their file).
 */
static void hint_enable(struct tq_tracefs *tfs, const struct tq_step *s)
{
	char *rel = strdup(s->path), *sys = NULL, *ev = NULL, *p;
	struct tq_strlist bad;
	size_t i;

	if (!rel)
		return;
	p = rel;
	if (!strncmp(p, "instances/", 10) && strchr(p + 10, '/'))
		p = strchr(p + 10, '/') + 1;
	if (strncmp(p, "events/", 7)) {
		free(rel);
		return;
	}
	/* events/enable, events/SYS/enable or events/SYS/EVENT/enable */
	*strrchr(p, '/') = '\0';
	if (strchr(p, '/')) {
		sys = strchr(p, '/') + 1;
		ev = strchr(sys, '/');
		if (ev)
			*ev++ = '\0';
	}
	tq_strlist_init(&bad);
	if (tfs && tq_probe_find_bad(tfs, sys, ev, &bad) == 0 && bad.len) {
		for (i = 0; i < bad.len; i++)
			fprintf(stderr, "  %s\n", bad.items[i]);
		fprintf(stderr, "  remove %s with 'tq probe remove NAME'\n",
			bad.len > 1 ? "those" : "it");
	} else if (!ev) {
		fprintf(stderr, "  enable the events one by one (-e %s:EVENT) to find the one the "
			"kernel refuses\n", sys ? sys : "SYSTEM");
	}
	tq_strlist_release(&bad);
	free(rel);
}

static void report_failure(const struct tq_plan *plan, const struct tq_apply_failure *f,
			   struct tq_tracefs *tfs)
{
	const struct tq_step *s = &plan->steps[f->step];
	const char *what = s->op == TQ_STEP_MKDIR ? "create" : s->op == TQ_STEP_RMDIR ? "remove"
										  : "write";
	const char *name = strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path;

	if (s->text)
		error("the kernel refused to %s '%s' %s '%s': %s", what, s->text,
		      s->op == TQ_STEP_APPEND ? "appended to" : "in", s->path,
		      refusal_reason(s, f->err));
	else
		error("could not %s '%s': %s", what, s->path, strerror(f->err));
	if (s->origin)
		fprintf(stderr, "  from: %s\n", s->origin);
	if (f->kernel_log) {
		char *line, *save = NULL, *log = strdup(f->kernel_log);

		fprintf(stderr, "  kernel error_log:\n");
		for (line = log ? strtok_r(log, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save))
			fprintf(stderr, "    %s\n", line);
		free(log);
	}
	if (s->text && f->err == ENOMEM && !strcmp(name, "buffer_size_kb"))
		hint_buffer_size(s);
	if (s->text && f->err == EINVAL && !strcmp(name, "enable") && !strcmp(s->text, "1"))
		hint_enable(tfs, s);
	if (f->rollback_failed)
		error("and undoing the earlier steps failed too: %s; see what is left with "
		      "'tq stat', clear it with 'tq reset'",
		      f->rollback_error ? f->rollback_error : "out of memory");
	else if (f->step == 1)
		fprintf(stderr, "  the earlier step was undone; nothing was changed\n");
	else if (f->step > 1)
		fprintf(stderr, "  the %zu earlier steps were undone; nothing was changed\n",
			f->step);
	else
		fprintf(stderr, "  nothing was changed\n");
}

void report_plan_failure(const struct tq_plan *plan, const struct tq_apply_failure *f)
{
	report_failure(plan, f, NULL);
}

int run_plan(const struct tq_plan *plan, bool print, struct tq_tracefs *tfs,
	     struct tq_plan *undo)
{
	struct tq_apply_failure failure;
	int ret;

	if (print) {
		ret = tq_plan_print(plan, print_root(), stdout);
		if (ret < 0)
			return error("cannot print the plan: %s", strerror(-ret));
		return 0;
	}
	if (tq_tracefs_copy)
		return usage_error("'%s' is a saved copy (--tracefs-copy): it takes --print only; "
				   "use --tracefs to change a tracefs at another path",
				   tq_tracefs_dir);
	ret = tq_plan_apply(plan, tfs, undo, &failure);
	if (ret == 0)
		return 0;
	if (failure.no_memory) {
		tq_apply_failure_release(&failure);
		return error("out of memory");
	}
	report_failure(plan, &failure, tfs);
	ret = failure.err == EOPNOTSUPP ? fail_unsupported() : -1;
	tq_apply_failure_release(&failure);
	return ret;
}

int explain_busy(struct tq_tracefs *tfs, const struct tq_dynevent *ev, const char *outcome)
{
	struct tq_strlist users;
	size_t i;

	tq_strlist_init(&users);
	if (tq_probe_users(tfs, ev, &users) == 0 && users.len) {
		bool eprobes = false, triggers = false;

		for (i = 0; i < users.len; i++) {
			if (strstr(users.items[i], " is attached to it: "))
				eprobes = true;
			else
				triggers = true;
		}
		error("cannot remove '%s/%s': %s still use it", ev->system, ev->event,
		      !eprobes ? "triggers" : !triggers ? "eprobes" : "triggers and eprobes");
		for (i = 0; i < users.len; i++)
			fprintf(stderr, "  %s\n", users.items[i]);
		fprintf(stderr, "  remove those first ('tq reset' removes all of them); %s\n",
			outcome);
	} else {
		error("cannot remove '%s/%s': the kernel says it is busy (in use by perf, BPF or "
		      "a trigger); %s", ev->system, ev->event, outcome);
	}
	tq_strlist_release(&users);
	return -1;
}

/* After a removal the kernel refused with EBUSY: say who uses each event it left. */
static void explain_busy_removed(struct tq_tracefs *tfs, const struct tq_plan *removal)
{
	struct tq_probe_list list;
	bool explained = false;

	if (tq_probe_list_read(tfs, &list) == 0) {
		for (size_t i = 0; i < removal->len; i++) {
			const char *name = tq_probe_removed_name(&removal->steps[i]);
			long found = name ? tq_probe_list_find(&list, name) : -1;

			if (found >= 0) {
				explain_busy(tfs, &list.items[found], "the rest was removed");
				explained = true;
			}
		}
		tq_probe_list_release(&list);
	}
	if (!explained)
		error("the kernel says an event is busy; the rest was removed");
}

int remove_made(struct tq_tracefs *tfs, const struct tq_plan *removal)
{
	int ret = tq_probe_remove_all(tfs, removal);

	if (!ret)
		return 0;
	if (ret == -EBUSY) {
		explain_busy_removed(tfs, removal);
		return -1;
	}
	return error("could not remove everything: %s; 'tq reset' clears what is left",
		     tq_errmsg(ret));
}

int parse_verbose(const char *arg)
{
	static const char *const names[] = { "none", "crit", "err", "warn", "info", "debug",
					     "all" };
	size_t i;

	if (!arg || !*arg)
		return TQ_LOG_INFO;
	if (arg[0] >= '0' && arg[0] <= '9')
		return atoi(arg) > TQ_LOG_ALL ? TQ_LOG_ALL : atoi(arg);
	/* as trace-cmd, only the name's length is compared: "warning" is warn */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(arg, names[i], strlen(names[i])))
			return (int)i;
	return error("invalid verbose level '%s': give 0-6 or none, crit, err, warn, info, "
		     "debug, all", arg);
}
