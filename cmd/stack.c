// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq stack: trace-cmd stack's control of the kernel's stack tracer (CONFIG_STACK_TRACER):
 * --start and --stop write /proc/sys/kernel/stack_tracer_enabled, --reset zeroes tracefs's
 * stack_max_size, and with none of them the deepest stack seen so far is printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "parse-options.h"
#include "tracefs/access.h"
#include "tracefs/plan.h"
#include "util/diag.h"

#define STACK_PROC "/proc/sys/kernel/stack_tracer_enabled"

enum stack_action { STACK_SHOW, STACK_START, STACK_STOP, STACK_RESET };

struct stack_opts {
	enum stack_action action;
	bool print;
	int loglevel;
};

/* --start, --stop, --reset: the last one given counts, as in trace-cmd */
static int set_action(const struct option *opt, const char *arg, void *ctx)
{
	struct stack_opts *o = ctx;

	o->action = !strcmp(opt->long_name, "start") ? STACK_START :
		    !strcmp(opt->long_name, "stop") ? STACK_STOP : STACK_RESET;
	return 0;
}

static int set_level(const struct option *opt, const char *arg, void *ctx)
{
	struct stack_opts *o = ctx;

	o->loglevel = parse_verbose(arg);
	return o->loglevel < 0 ? -1 : 0;
}

/* The stack tracer's state from /proc: 0 or 1 in *on, or -1 after saying why. */
static int read_status(int *on)
{
	char buf[16];
	ssize_t n;
	int fd = open(STACK_PROC, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return error_errno("cannot read '%s'", STACK_PROC);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return error("cannot read '%s': %s", STACK_PROC, n ? strerror(errno) : "empty");
	buf[n] = 0;
	*on = atoi(buf) > 0;
	return 0;
}

static int write_status(int on, bool print)
{
	int fd, cur;
	ssize_t n;

	if (print) {
		printf("echo %d > %s\n", on, STACK_PROC);
		return 0;
	}
	if (read_status(&cur))
		return -1;
	if (cur == on)
		return 0;
	fd = open(STACK_PROC, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return error_errno("cannot write '%s'", STACK_PROC);
	n = write(fd, on ? "1" : "0", 1);
	close(fd);
	if (n != 1)
		return error_errno("cannot write '%s'", STACK_PROC);
	return 0;
}

/* As trace-cmd: whether it runs, then stack_trace without its '#' lines. */
static int show_stack(struct tq_tracefs *tfs, bool print)
{
	char *text, *line, *next;
	int on, err;

	if (print) {
		printf("cat %s\ngrep -v '^#' %s/stack_trace\n", STACK_PROC, print_root());
		return 0;
	}
	if (read_status(&on))
		return -1;
	err = tq_tracefs_read(tfs, "stack_trace", &text, NULL);
	if (err)
		return error("%s", tq_errmsg(err));
	printf("(stack tracer %s)\n", on ? "running" : "not running");
	for (line = text; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			next++;
		if (*line != '#')
			fwrite(line, 1, next - line, stdout);
	}
	free(text);
	return 0;
}

int cmd_stack(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq stack [--start | --stop | --reset] [--print]",
		"",
		"The kernel's stack tracer records the deepest kernel stack seen and the",
		"functions on it. --start and --stop turn it on and off",
		"(" STACK_PROC "), --reset forgets the deepest stack so far",
		"(stack_max_size = 0); with none of them it is printed (stack_trace).",
		NULL,
	};
	struct stack_opts o = { .action = STACK_SHOW, .loglevel = -1 };
	const struct option opts[] = {
		OPT_CALLBACK_F(0, "start", NULL, "turn the stack tracer on", set_action,
			       OPT_NOARG),
		OPT_CALLBACK_F(0, "stop", NULL, "turn the stack tracer off", set_action, OPT_NOARG),
		OPT_CALLBACK_F(0, "reset", NULL, "forget the deepest stack seen so far",
			       set_action, OPT_NOARG),
		OPT_CALLBACK_F(0, "verbose", "LEVEL", "trace-cmd's log level (nothing to log here)",
			       set_level, OPT_ATTACHED),
		OPT_BOOL(0, "print", &o.print, "print the shell commands instead of running them"),
		OPT_END(),
	};
	struct tq_tracefs *tfs = NULL;
	struct tq_plan plan;
	int n, ret;

	n = parse_options(argc, argv, opts, usage, PARSE_OPT_NO_ARGS, &o);
	if (n < 0)
		return parse_options_exit(n);
	if (open_tracefs(&tfs))
		return -1;
	tq_plan_init(&plan);
	/* a saved copy has the target's tracefs, not its /proc */
	if (tq_tracefs_copy ? !tq_tracefs_exists(tfs, "stack_trace") :
			      access(STACK_PROC, F_OK)) {
		ret = unsupported("this kernel has no stack tracer: '%s' is missing "
				  "(CONFIG_STACK_TRACER)",
				  tq_tracefs_copy ? "stack_trace" : STACK_PROC);
		goto out;
	}
	if (tq_tracefs_copy && !o.print) {
		ret = usage_error("'%s' is a saved copy (--tracefs-copy): it takes --print only",
				  tq_tracefs_dir);
		goto out;
	}
	switch (o.action) {
	case STACK_START:
	case STACK_STOP:
		ret = write_status(o.action == STACK_START, o.print);
		break;
	case STACK_RESET:
		ret = tq_plan_write(&plan, "stack_max_size", "0", TQ_STEP_NO_UNDO) ?
		      error("out of memory") : run_plan(&plan, o.print, tfs, NULL);
		break;
	default:
		ret = show_stack(tfs, o.print);
		break;
	}
out:
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	return ret;
}
