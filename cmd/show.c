// SPDX-License-Identifier: GPL-2.0-or-later
/* tq show: the trace buffer, or one tracefs setting, as the kernel prints it. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "hist-session.h"
#include "tracefs/access.h"

/* The single settings `tq show --NAME` prints (trace-cmd show's names). */
static const struct setting {
	const char *flag;
	const char *file;
	bool per_instance;
} settings[] = {
	{ "tracing_on", "tracing_on", true },
	{ "current_tracer", "current_tracer", true },
	{ "buffer_size", "buffer_size_kb", true },
	{ "buffer_total_size", "buffer_total_size_kb", true },
	{ "buffer_subbuf_size", "buffer_subbuf_size_kb", true },
	{ "clock", "trace_clock", true },
	{ "cpumask", "tracing_cpumask", true },
	{ "event_pid", "set_event_pid", true },
	{ "ftrace_filter", "set_ftrace_filter", true },
	{ "ftrace_notrace", "set_ftrace_notrace", true },
	{ "ftrace_pid", "set_ftrace_pid", true },
	{ "graph_function", "set_graph_function", true },
	{ "graph_notrace", "set_graph_notrace", true },
	{ "max_graph_depth", "max_graph_depth", false },
	{ "error_log", "error_log", true },
	{ "README", "README", false },
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

struct show_opts {
	const char *instance;
	const char *file;	/* the one file to print */
	const char *hist;	/* SYS:EVENT whose histogram to show */
	bool json, openmetrics, prometheus;
	int cpu;
	bool pipe, snapshot, functions;
	int nchosen;
};

static int opt_setting(const struct option *opt, const char *arg, void *ctx)
{
	struct show_opts *o = ctx;
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (!strcmp(settings[i].flag, opt->long_name))
			o->file = settings[i].file;
	o->nchosen++;
	return 0;
}

static int opt_cpu(const struct option *opt, const char *arg, void *ctx)
{
	struct show_opts *o = ctx;
	char *end;
	long cpu;

	errno = 0;
	cpu = strtol(arg, &end, 10);
	/* -1 is "no CPU" inside tq: it must not come in from the command line */
	if (!isdigit((unsigned char)*arg) || *end || errno || cpu > INT_MAX)
		return error("-c takes a CPU number (0 is the first), not '%s'", arg);
	o->cpu = (int)cpu;
	return 0;
}

/* Highest N of the per_cpu/cpuN directories, or -1 when there are none. */
static int last_cpu(struct tq_tracefs *tfs, const char *dir)
{
	char rel[512];
	int cpu = -1;

	for (;;) {
		snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d", dir, cpu + 1);
		if (!tq_tracefs_is_dir(tfs, rel))
			return cpu;
		cpu++;
	}
}

static int stream_file(struct tq_tracefs *tfs, const char *rel)
{
	char *path = tq_tracefs_path(tfs, rel);
	char buf[65536];
	ssize_t n;
	int fd;

	if (!path)
		return error("out of memory");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		free(path);
		if (err == ENOENT)
			return unsupported("this kernel has no '%s'", rel);
		if (err == EPERM || err == EACCES)
			return unsupported("'%s' cannot be read here: %s", rel, strerror(err));
		errno = err;
		return error_errno("cannot open '%s'", rel);
	}
	free(path);
	/* trace_pipe blocks until events arrive; ^C ends it like cat would */
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return error_errno("reading '%s'", rel);
		}
		if (fwrite(buf, 1, n, stdout) != (size_t)n)
			break;
		if (fflush(stdout))
			break;
	}
	close(fd);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq show [-B NAME] [--pipe | -c CPU | --snapshot | -f | --hist SYS:EVENT | --SETTING]",
		"",
		"Print the trace buffer (default), the live trace_pipe, one CPU's buffer, the",
		"snapshot, the traceable functions, an event's histograms, or one setting.",
		NULL,
	};
	struct show_opts o = { .cpu = -1 };
	struct tq_tracefs *tfs = NULL;
	char dirbuf[300], rel[512];
	const char *dir;
	int ret;
	struct option options[NSETTINGS + 10] = {
		OPT_STRING('B', "instance", &o.instance, "NAME", "show instance NAME"),
		OPT_BOOL('p', "pipe", &o.pipe, "read trace_pipe (consumes events, until ^C)"),
		OPT_CALLBACK('c', "cpu", "CPU", "only this CPU's buffer", opt_cpu),
		OPT_BOOL('s', "snapshot", &o.snapshot, "the snapshot buffer"),
		OPT_BOOL('f', "functions", &o.functions, "available_filter_functions"),
		OPT_STRING(0, "hist", &o.hist, "SYS:EVENT",
			   "the histogram(s) of EVENT's hist triggers, as bars or a table"),
		OPT_BOOL(0, "json", &o.json, "with --hist: JSON"),
		OPT_BOOL(0, "openmetrics", &o.openmetrics,
			 "with --hist: Prometheus metrics (OpenMetrics text)"),
		OPT_BOOL(0, "prometheus", &o.prometheus,
			 "with --hist: Prometheus metrics (its text format 0.0.4)"),
	};
	size_t n = 9, i;

	for (i = 0; i < NSETTINGS; i++)
		options[n++] = (struct option)OPT_CALLBACK_F(0, settings[i].flag, NULL,
							     settings[i].file, opt_setting,
							     OPT_NOARG);
	options[n] = (struct option)OPT_END();
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, &o);
	if (argc < 0)
		return parse_options_exit(argc);
	if (o.nchosen + o.pipe + o.snapshot + o.functions + (o.cpu >= 0) + !!o.hist > 1)
		return usage_error("show one thing at a time");
	if ((o.json || o.openmetrics || o.prometheus) && !o.hist)
		return usage_error("--%s goes with --hist", o.json ? "json" : o.openmetrics ?
				   "openmetrics" : "prometheus");
	if (o.json + o.openmetrics + o.prometheus > 1)
		return usage_error("choose one of --json, --openmetrics and --prometheus");
	if (o.instance && tq_instance_name_check(o.instance))
		return usage_error("%s", tq_errmsg(-EINVAL));
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	dir = tq_instance_dir(o.instance, dirbuf, sizeof(dirbuf));
	if (*dir && !tq_tracefs_is_dir(tfs, dir)) {
		tq_tracefs_close(tfs);
		return error("no instance '%s' (see 'tq list -B')", o.instance);
	}
	if (o.hist) {
		ret = o.openmetrics || o.prometheus ?
		      hist_metrics_event(tfs, o.instance, o.hist, o.openmetrics ?
					 TQ_OM_OPENMETRICS : TQ_OM_PROMETHEUS) :
		      hist_show_event(tfs, o.instance, o.hist, o.json);
		tq_tracefs_close(tfs);
		return ret;
	}
	if (o.cpu >= 0) {
		snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d", dir, o.cpu);
		if (!tq_tracefs_is_dir(tfs, rel)) {
			int last = last_cpu(tfs, dir);

			tq_tracefs_close(tfs);
			if (last < 0)
				return error("no CPU %d: this tracefs has no per_cpu directories",
					     o.cpu);
			return error("no CPU %d: the CPUs are 0 to %d", o.cpu, last);
		}
		snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d/trace", dir, o.cpu);
	} else if (o.pipe) {
		snprintf(rel, sizeof(rel), "%strace_pipe", dir);
	} else if (o.snapshot) {
		snprintf(rel, sizeof(rel), "%ssnapshot", dir);
	} else if (o.functions) {
		snprintf(rel, sizeof(rel), "available_filter_functions");
	} else if (o.file) {
		snprintf(rel, sizeof(rel), "%s%s", dir, o.file);
	} else {
		snprintf(rel, sizeof(rel), "%strace", dir);
	}
	ret = stream_file(tfs, rel);
	tq_tracefs_close(tfs);
	return ret;
}
