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

static int opt_instance(const struct option *opt, const char *arg, void *ctx)
{
	struct control_opts *o = ctx;

	if (tq_instance_name_check(arg))
		return error("%s", tq_errmsg(-EINVAL));
	return tq_strlist_add(&o->instances, arg) ? error("out of memory") : 0;
}

/* Names of every instance, for -a. */
int list_instances(struct tq_tracefs *tfs, struct tq_strlist *out)
{
	char *dir = tq_tracefs_path(tfs, "instances");
	struct dirent **ents = NULL;
	int n, i, ret = 0;

	if (!dir)
		return -ENOMEM;
	n = scandir(dir, &ents, NULL, alphasort);
	free(dir);
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && ents[i]->d_type == DT_DIR && !ret)
			ret = tq_strlist_add(out, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

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
		OPT_CALLBACK('B', "instance", "NAME", "act on instance NAME (repeatable)",
			     opt_instance),
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
	if (o.all && list_instances(tfs, &o.instances)) {
		ret = error("out of memory");
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
