// SPDX-License-Identifier: GPL-2.0-or-later
/* tq set / tq start: configure tracing through a plan. */
#include <errno.h>
#include <stdlib.h>

#include "builtin.h"
#include "config-options.h"
#include "util/diag.h"
#include "tracefs/plan.h"
#include "tracefs/access.h"

static int configure(int argc, char **argv, const char *const *usage, bool start)
{
	struct config_set set;
	struct tq_tracefs *tfs = NULL;
	struct tq_plan plan;
	bool print = false;
	size_t i;
	int ret;
	const struct option options[] = {
		CONFIG_OPTIONS,
		OPT_BOOL(0, "print", &print, "print the shell commands instead of running them"),
		OPT_END(),
	};

	config_set_init(&set);
	set.may_remove = !start;
	tq_plan_init(&plan);
	argc = config_check_old_duration(argc, argv) ? PARSE_OPT_ERROR :
	       parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, &set);
	if (argc < 0) {
		ret = parse_options_exit(argc);
		goto out;
	}
	if (config_set_finish(&set)) {
		ret = -1;
		goto out;
	}
	if (!start && tq_config_empty(&set.configs[0]) && set.nconfigs == 1) {
		ret = usage_error("nothing to set: give at least one of -e -p -l -n -P -C -b -O -M");
		goto out;
	}
	ret = open_tracefs(&tfs);
	if (ret)
		goto out;
	for (i = 0; i < set.nconfigs; i++) {
		ret = config_plan_one(&set, i, tfs, &plan);
		if (ret)
			goto out;
		/* as trace-cmd start: with -B, the top buffer is only started when flags were
		 * given for it too (someone else may be using it) */
		if (start && (i > 0 || set.nconfigs == 1 || !tq_config_empty(&set.configs[0]))) {
			char dir[TQ_INSTANCE_DIR_MAX], rel[512];

			snprintf(rel, sizeof(rel), "%stracing_on",
				 tq_instance_dir(set.configs[i].instance, dir, sizeof(dir)));
			if (tq_plan_write(&plan, rel, "1", 0)) {
				ret = error("out of memory");
				goto out;
			}
		}
	}
	ret = run_plan(&plan, print, tfs, NULL);
	/* -D: ftrace off for all users, left so as trace-cmd set leaves it */
	if (!ret && set.total_disable && print)
		printf("echo 0 > /proc/sys/kernel/ftrace_enabled\n");
	else if (!ret && set.total_disable)
		ret = config_ftrace_enabled("0", NULL);
out:
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	config_set_release(&set);
	return ret;
}

int cmd_set(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq set [options]",
		"",
		"Configure tracing (events, filters, triggers, tracer, buffers, instances)",
		"without starting it. Every change goes in all or nothing: if the kernel",
		"refuses one, the earlier ones are undone and its error_log is shown.",
		NULL,
	};

	return configure(argc, argv, usage, false);
}

int cmd_start(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq start [options]",
		"",
		"Configure tracing like 'tq set' and turn it on, without recording: read the",
		"buffers later with 'tq show' or 'tq extract', stop with 'tq stop'.",
		NULL,
	};

	return configure(argc, argv, usage, true);
}
