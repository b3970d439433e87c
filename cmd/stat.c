// SPDX-License-Identifier: GPL-2.0-or-later
/* tq stat: everything that is set, per buffer, so that leftovers are easy to see. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracefs/state.h"
#include "util/strlist.h"
#include "tracefs/access.h"

/* The labels' column: "ftrace notrace pids:" is the longest */
#define LABEL "%-21s"

/* First line of a file, or NULL when it cannot be read (*err says why). */
static char *first_line(struct tq_tracefs *tfs, const char *dir, const char *file, int *err)
{
	char rel[512];
	char *text;

	snprintf(rel, sizeof(rel), "%s%s", dir, file);
	*err = tq_tracefs_read(tfs, rel, &text, NULL);
	if (*err)
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	return text;
}

/* One setting; unless "" the value hide is not shown (a default). Returns the read error. */
static int show_line(struct tq_tracefs *tfs, const char *indent, const char *dir,
		     const char *label, const char *file, const char *hide)
{
	int err;
	char *v = first_line(tfs, dir, file, &err);
	char *open = v ? strchr(v, '[') : NULL;

	/* trace_clock lists every clock: show the one in use */
	if (open && strchr(open, ']')) {
		*strchr(open, ']') = '\0';
		memmove(v, open + 1, strlen(open + 1) + 1);
	}
	if (v && (!*hide || strcmp(v, hide)))
		printf("%s" LABEL " %s\n", indent, label, v);
	free(v);
	return err;
}

/* A list file (one entry per line), shown only when it holds something. */
static int show_list(struct tq_tracefs *tfs, const char *indent, const char *dir,
		     const char *label, const char *file)
{
	char rel[512];
	char *text, *line, *save = NULL;
	bool first = true;
	int err;

	snprintf(rel, sizeof(rel), "%s%s", dir, file);
	err = tq_tracefs_read(tfs, rel, &text, NULL);
	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* comments, and what an empty set_ftrace_pid reads */
		if (line[0] == '#' || !strcmp(line, "no pid"))
			continue;
		if (first)
			printf("%s" LABEL " %s", indent, label, line);
		else
			printf(" %s", line);
		first = false;
	}
	if (!first)
		printf("\n");
	free(text);
	return 0;
}

static void show_words(const char *indent, const char *label, const struct tq_strlist *words)
{
	size_t i;

	if (!words->len)
		return;
	printf("%s" LABEL, indent, label);
	for (i = 0; i < words->len; i++)
		printf(" %s", words->items[i]);
	printf("\n");
}

static int show_events(struct tq_tracefs *tfs, const char *indent, const char *dir)
{
	struct tq_event_settings set;
	char rel[512];
	char *text = NULL, *line, *save = NULL;
	bool any = false;
	size_t i;
	int ret;

	snprintf(rel, sizeof(rel), "%sset_event", dir);
	ret = tq_tracefs_read(tfs, rel, &text, NULL);
	printf("%s%sevents:%s\n", indent, color_heading(), color_reset());
	if (!ret) {
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			printf("%s  %s\n", indent, line);
			any = true;
		}
	}
	if (!any)
		printf("%s  (none enabled)\n", indent);
	free(text);
	ret = tq_read_event_settings(tfs, dir, &set);
	if (ret)
		return error("%s", tq_errmsg(ret));
	if (set.filter_events.len || set.system_filter_systems.len)
		printf("%s%sfilters:%s\n", indent, color_heading(), color_reset());
	for (i = 0; i < set.system_filter_systems.len; i++)
		printf("%s  %s (whole system): %s\n", indent, set.system_filter_systems.items[i],
		       set.system_filters.items[i]);
	for (i = 0; i < set.filter_events.len; i++)
		printf("%s  %s: %s\n", indent, set.filter_events.items[i], set.filters.items[i]);
	if (set.trigger_events.len)
		printf("%s%striggers:%s\n", indent, color_heading(), color_reset());
	for (i = 0; i < set.trigger_events.len; i++)
		printf("%s  %s: %s\n", indent, set.trigger_events.items[i], set.triggers.items[i]);
	tq_event_settings_release(&set);
	return 0;
}

/* The list files stat shows, and their labels. */
static const struct { const char *label, *file; } lists[] = {
	{ "event pids:", "set_event_pid" },
	{ "event notrace pids:", "set_event_notrace_pid" },
	{ "ftrace filter:", "set_ftrace_filter" },
	{ "ftrace notrace:", "set_ftrace_notrace" },
	{ "ftrace pids:", "set_ftrace_pid" },
	{ "ftrace notrace pids:", "set_ftrace_notrace_pid" },
	{ "graph functions:", "set_graph_function" },
	{ "graph notrace:", "set_graph_notrace" },
};

/* Files that exist but cannot be opened (EPERM in some sandboxes): named on one line. */
static void note_unavailable(struct tq_strlist *denied, int *why, int err, const char *file)
{
	if (err == -EPERM || err == -EACCES) {
		tq_strlist_add(denied, file);
		*why = err;
	}
}

static int show_buffer(struct tq_tracefs *tfs, const char *dir, const char *indent)
{
	struct tq_strlist names, words, denied;
	size_t i;
	int ret, why = 0;

	tq_strlist_init(&names);
	tq_strlist_init(&words);
	tq_strlist_init(&denied);
	show_line(tfs, indent, dir, "tracer:", "current_tracer", "");
	show_line(tfs, indent, dir, "tracing_on:", "tracing_on", "");
	show_line(tfs, indent, dir, "clock:", "trace_clock", "");
	show_line(tfs, indent, dir, "buffer_size_kb:", "buffer_size_kb", "");
	show_line(tfs, indent, dir, "cpumask:", "tracing_cpumask", "");
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		note_unavailable(&denied, &why, show_list(tfs, indent, dir, lists[i].label,
							  lists[i].file), lists[i].file);
	if (!*dir) /* one for every buffer */
		note_unavailable(&denied, &why, show_line(tfs, indent, dir, "max graph depth:",
							  "max_graph_depth", "0"), "max_graph_depth");
	ret = tq_read_changed_options(tfs, dir, &names, &words);
	if (ret)
		ret = error("%s", tq_errmsg(ret));
	show_words(indent, "changed options:", &words);
	show_words(indent, why == -EACCES ? "unavailable (EACCES):" : "unavailable (EPERM):",
		   &denied);
	if (!ret)
		ret = show_events(tfs, indent, dir);
	tq_strlist_release(&names);
	tq_strlist_release(&words);
	tq_strlist_release(&denied);
	return ret;
}

static void show_dynamic(struct tq_tracefs *tfs)
{
	static const char *const files[] = {
		"dynamic_events", "kprobe_events", "uprobe_events", "synthetic_events",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text, *line, *save = NULL;
		bool first = true;

		if (tq_tracefs_read(tfs, files[i], &text, NULL))
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (first)
				printf("%sdynamic events (%s):%s\n", color_heading(), files[i],
				       color_reset());
			printf("  %s\n", line);
			first = false;
		}
		free(text);
		/* the per-kind files repeat what dynamic_events lists */
		if (i == 0)
			break;
	}
}

int cmd_stat(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq stat [-B NAME]",
		"",
		"Show everything that is set: tracer, tracing_on, clock, buffer size, CPU mask,",
		"PID and function filters, options that differ from the kernel's defaults,",
		"enabled events with their filters and triggers, dynamic events, and the same",
		"for each instance. Files the kernel or sandbox forbids are named on one line.",
		NULL,
	};
	const char *instance = NULL;
	struct tq_tracefs *tfs = NULL;
	struct tq_strlist names;
	size_t i;
	int ret;
	const struct option options[] = {
		OPT_STRING('B', "instance", &instance, "NAME", "only instance NAME"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, NULL);
	if (argc < 0)
		return parse_options_exit(argc);
	if (instance && tq_instance_name_check(instance))
		return usage_error("%s", tq_errmsg(-EINVAL));
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	tq_strlist_init(&names);
	if (instance) {
		char dir[TQ_INSTANCE_DIR_MAX];

		tq_instance_dir(instance, dir, sizeof(dir));
		if (!tq_tracefs_is_dir(tfs, dir)) {
			tq_tracefs_close(tfs);
			return error("no instance '%s' (see 'tq list -B')", instance);
		}
		printf("%sinstance %s:%s\n", color_heading(), instance, color_reset());
		ret = show_buffer(tfs, dir, "  ");
		goto out;
	}
	ret = show_buffer(tfs, "", "");
	show_dynamic(tfs);
	ret = tq_tracefs_list_instances(tfs, &names);
	if (ret) {
		ret = error("%s", tq_errmsg(ret));
		goto out;
	}
	for (i = 0; i < names.len && !ret; i++) {
		char dir[TQ_INSTANCE_DIR_MAX];

		printf("%sinstance %s:%s\n", color_heading(), names.items[i], color_reset());
		ret = show_buffer(tfs, tq_instance_dir(names.items[i], dir, sizeof(dir)), "  ");
	}
out:
	tq_strlist_release(&names);
	tq_tracefs_close(tfs);
	return ret;
}
