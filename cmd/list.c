// SPDX-License-Identifier: GPL-2.0-or-later
/* tq list: what the kernel offers (events, tracers, options, clocks, functions, ...). */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>

#include "builtin.h"
#include "tracefs/config.h"
#include "util/diag.h"
#include "parse-options.h"
#include "util/strlist.h"
#include "tracefs/access.h"

struct list_opts {
	const char *events;	/* regex, "" for all */
	const char *functions;
	bool want_events, want_functions;
	bool formats, triggers, filters;
	bool tracers, options, clocks, instances, dynamic, compression;
};

static int opt_events(const struct option *opt, const char *arg, void *ctx)
{
	struct list_opts *o = ctx;

	o->want_events = true;
	o->events = arg ? arg : "";
	return 0;
}

static int opt_functions(const struct option *opt, const char *arg, void *ctx)
{
	struct list_opts *o = ctx;

	o->want_functions = true;
	o->functions = arg ? arg : "";
	return 0;
}

static int compile(regex_t *re, const char *pattern)
{
	char msg[256];
	int err = regcomp(re, *pattern ? pattern : ".", REG_EXTENDED | REG_NOSUB);

	if (err) {
		regerror(err, re, msg, sizeof(msg));
		return error("bad regular expression '%s': %s", pattern, msg);
	}
	return 0;
}

static int read_or_report(struct tq_tracefs *tfs, const char *rel, char **text)
{
	int ret = tq_tracefs_read(tfs, rel, text, NULL);

	if (ret == -EPERM || ret == -EACCES)
		return unsupported("'%s' cannot be read here: %s (the kernel or sandbox forbids it)",
				   rel, strerror(-ret));
	if (ret == -ENOENT)
		return unsupported("this kernel has no '%s'", rel);
	if (ret)
		return error("%s", tq_errmsg(ret));
	return 0;
}

/* Print the body of an event's per-event file, skipping the kernel's comment lines. */
static void print_event_file(struct tq_tracefs *tfs, const char *sys,
			     const char *ev, const char *file, const char *label)
{
	char rel[1024];
	char *text, *line, *save = NULL;

	snprintf(rel, sizeof(rel), "events/%s/%s/%s", sys, ev, file);
	if (tq_tracefs_read(tfs, rel, &text, NULL))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (line[0] != '#' && strcmp(line, "none"))
			printf("  %s: %s\n", label, line);
	free(text);
}

static int no_event_matches(struct tq_tracefs *tfs, const char *pattern)
{
	char *near = tq_suggest_event_name(tfs, pattern);
	int ret;

	if (near)
		ret = error("no event matches '%s'; did you mean '%s'?", pattern, near);
	else
		ret = error("no event matches '%s' (a regular expression over SYSTEM:EVENT; "
			    "'tq list -e' lists them all)", pattern);
	free(near);
	return ret;
}

static int list_events(struct tq_tracefs *tfs, const struct list_opts *o)
{
	char *text, *line, *save = NULL;
	size_t matched = 0;
	regex_t re;
	int ret;

	if (compile(&re, o->events))
		return -1;
	ret = read_or_report(tfs, "available_events", &text);
	if (ret) {
		regfree(&re);
		return ret;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		char rel[1024];

		if (!colon || regexec(&re, line, 0, NULL, 0))
			continue;
		matched++;
		*colon = '\0';
		if (o->formats) {
			char *fmt;

			snprintf(rel, sizeof(rel), "events/%s/%s/format", line, colon + 1);
			if (tq_tracefs_read(tfs, rel, &fmt, NULL) == 0) {
				printf("system: %s\n%s\n", line, fmt);
				free(fmt);
			}
			continue;
		}
		printf("%s:%s\n", line, colon + 1);
		if (o->filters)
			print_event_file(tfs, line, colon + 1, "filter", "filter");
		if (o->triggers)
			print_event_file(tfs, line, colon + 1, "trigger", "trigger");
	}
	free(text);
	regfree(&re);
	if (!matched && *o->events)
		return no_event_matches(tfs, o->events);
	return 0;
}

static int list_words(struct tq_tracefs *tfs, const char *rel, const char *title)
{
	char *text, *tok, *save = NULL;
	int ret = read_or_report(tfs, rel, &text);

	if (ret)
		return ret;
	if (title)
		printf("%s\n", title);
	for (tok = strtok_r(text, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
		printf("%s%s\n", title ? "  " : "", tok);
	free(text);
	return 0;
}

static int list_words_lines(struct tq_tracefs *tfs, const char *rel)
{
	char *text;
	int ret = read_or_report(tfs, rel, &text);

	if (ret)
		return ret;
	fputs(text, stdout);
	free(text);
	return 0;
}

static int list_options(struct tq_tracefs *tfs, const struct list_opts *o, const char *title)
{
	char *text, *tok, *save = NULL;
	int ret = read_or_report(tfs, "trace_options", &text);
	if (ret)
		return ret;
	if (title)
		printf("%s\n", title);
	/* trace_options prints "noNAME" for options that are off, as -O takes them */
	for (tok = strtok_r(text, "\n", &save); tok; tok = strtok_r(NULL, "\n", &save))
		printf("%s%s\n", title ? "  " : "", tok);
	free(text);
	return 0;
}

static int list_functions(struct tq_tracefs *tfs, const struct list_opts *o)
{
	char *text, *line, *save = NULL;
	regex_t re;
	int ret;

	if (compile(&re, o->functions))
		return -1;
	ret = read_or_report(tfs, "available_filter_functions", &text);
	if (!ret) {
		size_t matched = 0;

		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (!regexec(&re, line, 0, NULL, 0)) {
				printf("%s\n", line);
				matched++;
			}
		free(text);
		if (!matched && *o->functions)
			ret = error("no function matches '%s' ('tq list -f' lists them all)",
				    o->functions);
	}
	regfree(&re);
	return ret;
}

static int list_instance_names(struct tq_tracefs *tfs)
{
	struct tq_strlist names;
	size_t i;
	int ret;

	tq_strlist_init(&names);
	ret = tq_tracefs_list_instances(tfs, &names);
	if (ret) {
		tq_strlist_release(&names);
		return error("%s", tq_errmsg(ret));
	}
	for (i = 0; i < names.len; i++)
		printf("%s\n", names.items[i]);
	tq_strlist_release(&names);
	return 0;
}

static int list_dynamic(struct tq_tracefs *tfs)
{
	static const char *const legacy[] = {
		"kprobe_events", "uprobe_events", "synthetic_events",
	};
	bool any = false;
	size_t i;

	/* dynamic_events holds every kind; older kernels only have one file per kind */
	if (tq_tracefs_exists(tfs, "dynamic_events"))
		return list_words_lines(tfs, "dynamic_events");
	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (tq_tracefs_exists(tfs, legacy[i])) {
			any = true;
			if (list_words_lines(tfs, legacy[i]))
				return -1;
		}
	return any ? 0 : unsupported("this kernel has no dynamic events");
}

static void list_compression(void)
{
	printf("zstd, %s\nzlib, %s\nnone\n", ZSTD_versionString(), zlibVersion());
}

int cmd_list(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq list [-e [REGEX] [-F|-R|-l]] [-t] [-o] [-f [REGEX]] [-C] [-B] [--dynamic] [-c]",
		"",
		"List what the kernel offers. Without options: events, tracers and options.",
		NULL,
	};
	struct list_opts o = { 0 };
	struct tq_tracefs *tfs = NULL;
	int ret = 0;
	const struct option options[] = {
		OPT_CALLBACK_F('e', "events", "REGEX", "events (system:event), matching REGEX",
			       opt_events, OPT_OPTARG),
		OPT_BOOL('F', "formats", &o.formats, "with -e: the format (fields) of each event"),
		OPT_BOOL('R', "triggers", &o.triggers, "with -e: the triggers set on each event"),
		OPT_BOOL('l', "filters", &o.filters, "with -e: the filter set on each event"),
		OPT_BOOL('t', "tracers", &o.tracers, "available tracers"),
		OPT_BOOL('o', "options", &o.options, "trace options (noNAME when off)"),
		OPT_CALLBACK_F('f', "functions", "REGEX", "functions that can be traced",
			       opt_functions, OPT_OPTARG),
		OPT_BOOL('C', "clocks", &o.clocks, "trace clocks (the current one in brackets)"),
		OPT_BOOL('B', "instances", &o.instances, "instances"),
		OPT_BOOL(0, "dynamic", &o.dynamic, "kprobes, uprobes, eprobes and synthetic events"),
		OPT_BOOL('c', "compression", &o.compression,
			 "compression algorithms for trace.dat"),
		OPT_END(),
	};
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, &o);
	if (argc < 0)
		return parse_options_exit(argc);
	if ((o.formats || o.triggers || o.filters) && !o.want_events)
		o.want_events = true, o.events = "";
	if (o.compression) {
		list_compression();
		if (!(o.want_events || o.tracers || o.options || o.want_functions || o.clocks ||
		      o.instances || o.dynamic))
			return 0;
	}
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	if (!(o.want_events || o.tracers || o.options || o.want_functions || o.clocks ||
	      o.instances || o.dynamic)) {
		/* plain "tq list": the three lists trace-cmd shows */
		o.events = "";
		ret = list_events(tfs, &o);
		if (!ret)
			ret = list_words(tfs, "available_tracers", "\ntracers:");
		if (!ret)
			ret = list_options(tfs, &o, "\noptions:");
		tq_tracefs_close(tfs);
		return ret;
	}
	if (!ret && o.want_events)
		ret = list_events(tfs, &o);
	if (!ret && o.tracers)
		ret = list_words(tfs, "available_tracers", NULL);
	if (!ret && o.options)
		ret = list_options(tfs, &o, NULL);
	if (!ret && o.want_functions)
		ret = list_functions(tfs, &o);
	if (!ret && o.clocks)
		ret = list_words(tfs, "trace_clock", NULL);
	if (!ret && o.instances)
		ret = list_instance_names(tfs);
	if (!ret && o.dynamic)
		ret = list_dynamic(tfs);
	tq_tracefs_close(tfs);
	return ret;
}
