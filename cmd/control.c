// SPDX-License-Identifier: GPL-2.0-or-later
/* tq stop, tq restart, tq clear: one write per buffer. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "util/strlist.h"
#include "tracefs/access.h"

struct control_opts {
	struct tq_strlist instances;
	bool all;
	bool print;
};

static int control(int argc, char **argv, const char *const *usage, const char *file,
		   const char *text, unsigned flags)
{
	struct control_opts o = { 0 };
	struct tq_tracefs *tfs = NULL;
	struct tq_plan plan;
	char rel[512];
	size_t i;
	int ret;
	const struct option options[] = {
		OPT_INSTANCES('B', "instance", &o.instances, "act on instance NAME (repeatable)"),
		OPT_BOOL('a', "all", &o.all, "act on the top buffer and every instance"),
		OPT_BOOL(0, "print", &o.print, "print the shell commands instead of running them"),
		OPT_END(),
	};

	tq_strlist_init(&o.instances);
	tq_plan_init(&plan);
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, &o);
	if (argc < 0) {
		ret = parse_options_exit(argc);
		goto out;
	}
	ret = open_tracefs(&tfs);
	if (ret)
		goto out;
	ret = o.all ? tq_tracefs_list_instances(tfs, &o.instances) : 0;
	if (ret) {
		ret = error("%s", tq_errmsg(ret));
		goto out;
	}
	if (!o.instances.len || o.all) {
		if (tq_plan_write(&plan, file, text, flags))
			goto oom;
	}
	for (i = 0; i < o.instances.len; i++) {
		snprintf(rel, sizeof(rel), "instances/%s", o.instances.items[i]);
		if (!tq_tracefs_is_dir(tfs, rel)) {
			ret = error("no instance '%s' (see 'tq list -B')", o.instances.items[i]);
			goto out;
		}
		snprintf(rel, sizeof(rel), "instances/%s/%s", o.instances.items[i], file);
		if (tq_plan_write(&plan, rel, text, flags))
			goto oom;
	}
	ret = run_plan(&plan, o.print, tfs, NULL);
	goto out;
oom:
	ret = error("out of memory");
out:
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	tq_strlist_release(&o.instances);
	return ret;
}

int cmd_stop(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq stop [-B NAME | -a] [--print]",
		"",
		"Stop writing events into the ring buffer (tracing_on = 0). Events stay",
		"enabled and the buffer keeps what it has. Hist triggers keep counting.",
		NULL,
	};

	return control(argc, argv, usage, "tracing_on", "0", 0);
}

int cmd_restart(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq restart [-B NAME | -a] [--print]",
		"",
		"Start writing events into the ring buffer again (tracing_on = 1).",
		NULL,
	};

	return control(argc, argv, usage, "tracing_on", "1", 0);
}

int cmd_clear(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq clear [-B NAME | -a] [--print]",
		"",
		"Empty the ring buffers (write to the trace file).",
		NULL,
	};

	return control(argc, argv, usage, "trace", "", TQ_STEP_NO_UNDO);
}
