// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq snapshot: trace-cmd snapshot's -s (take), -r (clear), -f (free), on the snapshot file
 * of the top buffer or of -B NAME, of all CPUs or of -c CPU; with none of them, print it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "parse-options.h"
#include "tracefs/access.h"
#include "tracefs/plan.h"
#include "util/diag.h"

struct snapshot_opts {
	bool take, reset, release, print;
	const char *instance;
	int cpu;
};

/* The snapshot file's path under the tracefs root, in buf. */
static const char *snapshot_file(const struct snapshot_opts *o, char *buf, size_t size)
{
	char buf_dir[TQ_INSTANCE_DIR_MAX];
	const char *dir = tq_instance_dir(o->instance, buf_dir, sizeof(buf_dir));

	if (o->cpu >= 0)
		snprintf(buf, size, "%sper_cpu/cpu%d/snapshot", dir, o->cpu);
	else
		snprintf(buf, size, "%ssnapshot", dir);
	return buf;
}

static int show_snapshot(struct tq_tracefs *tfs, const char *file, bool print)
{
	char *text;
	size_t len;
	int err;

	if (print) {
		printf("cat %s/%s\n", print_root(), file);
		return 0;
	}
	err = tq_tracefs_read(tfs, file, &text, &len);
	if (err)
		return error("%s", tq_errmsg(err));
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}

static int check_args(const struct snapshot_opts *o, struct tq_tracefs *tfs)
{
	char dir[TQ_INSTANCE_DIR_MAX + 16];

	if (o->take && o->release)
		return usage_error("-s takes a snapshot and -f frees it: give one of them");
	if (o->instance) {
		int err = tq_instance_name_check(o->instance);

		if (err)
			return usage_error("%s", tq_errmsg(err));
		snprintf(dir, sizeof(dir), "instances/%s", o->instance);
		if (!tq_tracefs_is_dir(tfs, dir))
			return error("no instance '%s' (see 'tq list -B')", o->instance);
	}
	if (o->cpu >= 0) {
		snprintf(dir, sizeof(dir), "per_cpu/cpu%d", o->cpu);
		if (!tq_tracefs_is_dir(tfs, dir))
			return usage_error("no CPU %d in this tracefs (per_cpu/cpu%d is missing)",
					   o->cpu, o->cpu);
	}
	return 0;
}

int cmd_snapshot(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq snapshot [-s] [-r] [-f] [-c CPU] [-B NAME] [--print]",
		"",
		"With no action, print the snapshot buffer. -r clears it (writes 2), -f frees",
		"it (0), -s swaps the live buffer into it (1), in that order when several are",
		"given, as trace-cmd does. -c acts on one CPU's snapshot (a per-CPU swap needs",
		"a kernel that allows it), -B on an instance's.",
		NULL,
	};
	struct snapshot_opts o = { .cpu = -1 };
	const struct option opts[] = {
		OPT_BOOL('s', NULL, &o.take, "take a snapshot (swap the live buffer into it)"),
		OPT_BOOL('r', NULL, &o.reset, "clear the snapshot buffer, keeping it allocated"),
		OPT_BOOL('f', NULL, &o.release, "free the snapshot buffer"),
		OPT_INT('c', NULL, &o.cpu, "CPU", "only this CPU's snapshot"),
		OPT_STRING('B', NULL, &o.instance, "NAME", "the snapshot of instance NAME"),
		OPT_BOOL(0, "print", &o.print, "print the shell commands instead of running them"),
		OPT_END(),
	};
	struct tq_tracefs *tfs = NULL;
	struct tq_plan plan;
	char file[TQ_INSTANCE_DIR_MAX + 64];
	int n, ret;

	n = parse_options(argc, argv, opts, usage, PARSE_OPT_NO_ARGS, &o);
	if (n < 0)
		return parse_options_exit(n);
	if (o.cpu < -1)
		return usage_error("-c takes a CPU number, not %d", o.cpu);
	if (open_tracefs(&tfs))
		return -1;
	tq_plan_init(&plan);
	ret = check_args(&o, tfs);
	if (ret)
		goto out;
	snapshot_file(&o, file, sizeof(file));
	if (!tq_tracefs_exists(tfs, file)) {
		ret = unsupported("this kernel has no snapshot buffer: '%s' is missing "
				  "(CONFIG_TRACER_SNAPSHOT)", file);
		goto out;
	}
	if (!o.take && !o.reset && !o.release) {
		ret = show_snapshot(tfs, file, o.print);
		goto out;
	}
	if ((o.reset && tq_plan_write(&plan, file, "2", TQ_STEP_NO_UNDO)) ||
	    (o.release && tq_plan_write(&plan, file, "0", TQ_STEP_NO_UNDO)) ||
	    (o.take && tq_plan_write(&plan, file, "1", TQ_STEP_NO_UNDO))) {
		ret = error("out of memory");
		goto out;
	}
	ret = run_plan(&plan, o.print, tfs, NULL);
out:
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	return ret;
}
