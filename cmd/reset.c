// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq reset: back to the kernel's defaults. The order matters: events off first (so nothing
 * new is traced), then triggers that use variables or fire actions, then the triggers that
 * define those variables, then filters, then the dynamic events the triggers named, and
 * the buffers last.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "tracefs/state.h"
#include "util/strlist.h"
#include "tracefs/access.h"

struct reset_opts {
	struct tq_strlist instances;
	struct tq_strlist keep;		/* dynamic event kinds to keep */
	bool remove_instances;
	bool print;
};

static int opt_keep(const struct option *opt, const char *arg, void *ctx)
{
	struct reset_opts *o = ctx;

	if (tq_dyn_type_from_name(arg) < 0 && strcmp(arg, "all"))
		return error("unknown dynamic event kind '%s' (kprobe, kretprobe, uprobe, "
			     "uretprobe, eprobe, synth, fprobe or all)", arg);
	return tq_strlist_add(&o->keep, arg) ? error("out of memory") : 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool differs(struct tq_tracefs *tfs, const char *rel, const char *want)
{
	char *text;
	bool ret;

	if (tq_tracefs_read(tfs, rel, &text, NULL))
		return false; /* missing or forbidden: nothing we could reset */
	text[strcspn(text, "\n")] = '\0';
	if (!strcmp(base_name(rel), "trace_clock")) {
		char needle[64];

		snprintf(needle, sizeof(needle), "[%s]", want);
		ret = !strstr(text, needle);
	} else {
		ret = strcmp(text, want) != 0;
	}
	free(text);
	return ret;
}

static bool list_file_set(struct tq_tracefs *tfs, const char *rel)
{
	char *text, *line, *save = NULL;
	bool set = false;

	if (tq_tracefs_read(tfs, rel, &text, NULL))
		return false;
	/* comments, and the "no pid" of an empty set_ftrace_pid, say nothing is set */
	for (line = strtok_r(text, "\n", &save); line && !set; line = strtok_r(NULL, "\n", &save))
		set = line[0] != '#' && strcmp(line, "no pid");
	free(text);
	return set;
}

static int plan_setting(struct tq_plan *plan, struct tq_tracefs *tfs, const char *dir,
			const char *file, const char *value)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s%s", dir, file);
	if (!tq_tracefs_exists(tfs, rel) || !differs(tfs, rel, value))
		return 0;
	return tq_plan_write(plan, rel, value, 0);
}

static int plan_triggers(struct tq_plan *plan, const char *dir, const struct tq_strlist *events,
			 const struct tq_strlist *lines, bool users)
{
	size_t i;

	for (i = 0; i < events->len; i++) {
		char rel[1024];
		char *remove, *readd;
		int ret;

		if (tq_trigger_is_user(lines->items[i]) != users)
			continue;
		if (tq_trigger_texts(lines->items[i], &remove, &readd))
			return -ENOMEM;
		snprintf(rel, sizeof(rel), "%sevents/%s/trigger", dir, events->items[i]);
		ret = tq_plan_append(plan, rel, remove, readd, 0);
		free(remove);
		free(readd);
		if (ret)
			return ret;
	}
	return 0;
}

static int full_cpumask(struct tq_tracefs *tfs, char *buf, size_t size)
{
	char rel[32];
	int ncpus = 0, i;
	unsigned digit = 0;
	size_t n = 0;
	char rev[300];

	for (;;) {
		snprintf(rel, sizeof(rel), "per_cpu/cpu%d", ncpus);
		if (!tq_tracefs_is_dir(tfs, rel))
			break;
		ncpus++;
	}
	if (!ncpus)
		return -ENOENT;
	/* hex digits, lowest CPUs last, as tracing_cpumask prints them (no commas below 33) */
	for (i = 0; i < ncpus; i++) {
		digit |= 1u << (i % 4);
		if (i % 4 == 3 || i == ncpus - 1) {
			if (n + 1 >= sizeof(rev))
				return -ERANGE;
			rev[n++] = "0123456789abcdef"[digit];
			digit = 0;
		}
	}
	if (n + 1 > size)
		return -ERANGE;
	for (i = 0; i < (int)n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
	return 0;
}

/* Options back to the kernel's defaults (those tq knows: see tq_option_default()). */
static int plan_options(struct tq_plan *plan, struct tq_tracefs *tfs, const char *dir)
{
	struct tq_strlist names, words;
	size_t i;
	int ret;

	tq_strlist_init(&names);
	tq_strlist_init(&words);
	ret = tq_read_changed_options(tfs, dir, &names, &words);
	for (i = 0; i < names.len && !ret; i++)
		ret = tq_plan_writef(plan, tq_option_default(names.items[i], *dir != '\0') ? "1" : "0", 0,
				     "%soptions/%s", dir, names.items[i]);
	tq_strlist_release(&names);
	tq_strlist_release(&words);
	return ret;
}

/* The steps that take one buffer (top: dir "") back to defaults, up to its filters. */
static int plan_buffer(struct tq_plan *plan, struct tq_tracefs *tfs, const char *dir)
{
	struct tq_event_settings set;
	char rel[512], mask[300];
	size_t i;
	int ret = tq_read_event_settings(tfs, dir, &set);

	if (ret)
		return ret;
	snprintf(rel, sizeof(rel), "%sset_event", dir);
	ret = list_file_set(tfs, rel) ? tq_plan_writef(plan, "0", 0, "%sevents/enable", dir) : 0;
	if (!ret)
		ret = plan_triggers(plan, dir, &set.trigger_events, &set.triggers, true);
	if (!ret)
		ret = plan_triggers(plan, dir, &set.trigger_events, &set.triggers, false);
	for (i = 0; i < set.filter_events.len && !ret; i++)
		ret = tq_plan_writef(plan, "0", 0, "%sevents/%s/filter", dir,
				     set.filter_events.items[i]);
	for (i = 0; i < set.system_filter_systems.len && !ret; i++)
		ret = tq_plan_writef(plan, "0", 0, "%sevents/%s/filter", dir,
				     set.system_filter_systems.items[i]);
	if (!ret)
		ret = plan_setting(plan, tfs, dir, "current_tracer", "nop");
	for (const char *const *f = (const char *const[]){ "set_event_pid", "set_event_notrace_pid",
			"set_ftrace_pid", "set_ftrace_notrace_pid", "set_ftrace_filter",
			"set_ftrace_notrace", "set_graph_function", "set_graph_notrace", NULL };
	     *f && !ret; f++) {
		snprintf(rel, sizeof(rel), "%s%s", dir, *f);
		if (list_file_set(tfs, rel))
			ret = tq_plan_write(plan, rel, "", 0);
	}
	if (!ret)
		ret = plan_setting(plan, tfs, dir, "trace_clock", "local");
	if (!ret && full_cpumask(tfs, mask, sizeof(mask)) == 0)
		ret = plan_setting(plan, tfs, dir, "tracing_cpumask", mask);
	if (!ret)
		ret = plan_options(plan, tfs, dir);
	if (!ret)
		ret = plan_setting(plan, tfs, dir, "tracing_on", "1");
	if (!ret && !*dir)
		ret = plan_setting(plan, tfs, dir, "max_graph_depth", "0");
	tq_event_settings_release(&set);
	return ret;
}

static bool kept(const struct reset_opts *o, enum tq_dyn_type type)
{
	return tq_strlist_find(&o->keep, "all") >= 0 ||
	       tq_strlist_find(&o->keep, tq_dyn_type_name(type)) >= 0;
}

/* Dynamic events go after the triggers that name them; tq probe knows how to remove one. */
static int plan_dynamic(struct tq_plan *plan, struct tq_tracefs *tfs, const struct reset_opts *o)
{
	struct tq_probe_list list;
	size_t i;
	int ret = tq_probe_list_read(tfs, &list);

	if (ret)
		return ret == -ENOENT ? 0 : ret;
	/* the kernel refuses to remove an event an eprobe is attached to (EBUSY) */
	for (i = 0; i < list.len && !ret; i++) {
		long target = tq_probe_attached(&list, i);

		if (target >= 0 && kept(o, list.items[i].type) &&
		    !kept(o, list.items[target].type))
			ret = tq_fail(EBUSY, "-k %s keeps '%s/%s', which is attached to '%s/%s': "
				      "keep %s too (-k %s), or remove the eprobe first; nothing "
				      "was changed", tq_dyn_type_name(list.items[i].type),
				      list.items[i].system, list.items[i].event,
				      list.items[target].system, list.items[target].event,
				      tq_dyn_type_name(list.items[target].type),
				      tq_dyn_type_name(list.items[target].type));
	}
	/* newest first: an eprobe comes after the event it is attached to */
	for (i = list.len; i-- > 0 && !ret;)
		if (!kept(o, list.items[i].type))
			ret = tq_probe_plan_remove(tfs, &list, i, plan);
	tq_probe_list_release(&list);
	return ret;
}

int cmd_reset(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq reset [-B NAME]... [-d] [-k KIND]... [--print]",
		"",
		"Put tracefs back to its defaults: tracer nop, events off, triggers (hist",
		"triggers in dependency order), filters and PID and function filters removed,",
		"clock local, all CPUs, options at the kernel's defaults, tracing on, dynamic",
		"events removed, buffers cleared; the same in every instance. Buffer sizes are",
		"kept.",
		NULL,
	};
	struct reset_opts o = { 0 };
	struct tq_tracefs *tfs = NULL;
	struct tq_strlist all_instances;
	struct tq_plan plan;
	const struct tq_strlist *which;
	char dir[300];
	size_t i;
	int ret;
	const struct option options[] = {
		OPT_INSTANCES('B', "instance", &o.instances,
			      "reset only instance NAME (repeatable)"),
		OPT_BOOL('d', "delete", &o.remove_instances, "remove the instances too"),
		OPT_CALLBACK('k', "keep", "KIND", "keep dynamic events of KIND (kprobe, uprobe, "
			     "synth, ...; repeatable)", opt_keep),
		OPT_BOOL(0, "print", &o.print, "print the shell commands instead of running them"),
		OPT_END(),
	};

	tq_strlist_init(&o.instances);
	tq_strlist_init(&o.keep);
	tq_strlist_init(&all_instances);
	tq_plan_init(&plan);
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, &o);
	if (argc < 0) {
		ret = parse_options_exit(argc);
		goto out;
	}
	ret = open_tracefs(&tfs);
	if (ret)
		goto out;
	if (tq_tracefs_list_instances(tfs, &all_instances))
		goto oom;
	for (i = 0; i < o.instances.len; i++)
		if (tq_strlist_find(&all_instances, o.instances.items[i]) < 0) {
			ret = error("no instance '%s' (see 'tq list -B')", o.instances.items[i]);
			goto out;
		}
	which = o.instances.len ? &o.instances : &all_instances;
	if (!o.instances.len && (ret = plan_buffer(&plan, tfs, "")))
		goto fail;
	for (i = 0; i < which->len; i++)
		if ((ret = plan_buffer(&plan, tfs, tq_instance_dir(which->items[i], dir,
								    sizeof(dir)))))
			goto fail;
	if (!o.instances.len && (ret = plan_dynamic(&plan, tfs, &o)))
		goto fail;
	for (i = 0; i < which->len; i++) {
		snprintf(dir, sizeof(dir), "instances/%s", which->items[i]);
		if (o.remove_instances)
			ret = tq_plan_rmdir(&plan, dir, 0);
		else
			ret = tq_plan_writef(&plan, "", TQ_STEP_NO_UNDO, "%s/trace", dir);
		if (ret)
			goto fail;
	}
	if (!o.instances.len && (ret = tq_plan_write(&plan, "trace", "", TQ_STEP_NO_UNDO)))
		goto fail;
	ret = run_plan(&plan, o.print, tfs, NULL);
	goto out;
fail:
	if (ret == -ENOMEM)
		goto oom;
	ret = error("%s", tq_errmsg(ret));
	goto out;
oom:
	ret = error("out of memory");
out:
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	tq_strlist_release(&all_instances);
	tq_strlist_release(&o.instances);
	tq_strlist_release(&o.keep);
	return ret;
}
