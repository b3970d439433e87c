// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq hist: the one-liner. Compile an SQL query, apply it, wait (Ctrl-C, -d SECONDS, or a
 * command to run), read the kernel's hist file back and show it as bars, a table or JSON;
 * then remove everything it created, on every way out (also Ctrl-C, SIGTERM and errors).
 * `tq hist --event SYS:EVENT` shows a histogram that already exists.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "hist-file.h"
#include "hist-folded.h"
#include "hist-heatmap.h"
#include "hist-session.h"
#include "hist-textfile.h"
#include "parse-options.h"
#include "print/histfile.h"
#include "sql-common.h"
#include "sql/sql.h"
#include "tracefs/access.h"
#include "tracefs/plan.h"
#include "util/diag.h"

#define HIST_MAX_INPUTS 256

struct hist_opts {
	struct tq_sql_options sql;
	const char *file, *dir, *event;
	const char *metric, *textfile;	/* --metric NAME, --textfile DIR */
	double duration, interval;
	bool json, table, bars, print, openmetrics, prometheus;
	/* -i FILE: from recorded events; a fixed table, so no usage error can leak it */
	const char *inputs[HIST_MAX_INPUTS];
	size_t ninputs;
	const char *from, *to;
	const char *heatmap, *step;	/* --heatmap FILE.svg, --step SECONDS */
	struct hist_flame_opts flame;	/* --folded, --flamegraph */
	const char *heatmap_key;	/* --heatmap-key KEY=VALUE */
};

static enum tq_hist_format format_of(const struct hist_opts *o);

/* -i FILE, repeatable. A number that names no file is the old -i SECONDS. */
static int opt_input(const struct option *opt, const char *arg, void *ctx)
{
	struct hist_opts *o = ctx;
	char *end;

	if (strtod(arg, &end) > 0 && !*end && access(arg, F_OK))
		return error("-i names the trace.dat file to read; for an interval of %s "
				   "seconds write --interval %s (or -I %s)", arg, arg, arg);
	if (o->ninputs == HIST_MAX_INPUTS)
		return error("more than %d -i files: tq hist reads at most that many at once",
			     HIST_MAX_INPUTS);
	o->inputs[o->ninputs++] = arg;
	return 0;
}

static int parse_seconds(const char *s, const char *what, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (end == s || *end || !isfinite(*out))
		return usage_error("%s '%s' is not a time in seconds (as tq report shows them)",
				   what, s);
	return 0;
}

static int run_file(struct hist_opts *o, int argc, char **argv, char **cmd)
{
	struct hist_file_opts fo = {
		.files = o->inputs, .nfiles = o->ninputs, .sql = &o->sql, .fmt = format_of(o),
		.metrics = o->openmetrics || o->prometheus, .metric = o->metric,
		.dialect = o->openmetrics ? TQ_OM_OPENMETRICS : TQ_OM_PROMETHEUS,
		.heatmap = o->heatmap, .heatmap_key = o->heatmap_key, .flame = &o->flame,
	};
	char *text;
	int ret;

	if (cmd || o->event || o->print || o->duration > 0 || o->interval > 0 || o->textfile ||
	    o->dir)
		return usage_error("-i reads a file: no command, --event, --print, -d, --interval, "
				   "--textfile or -t");
	if (o->step && !o->heatmap)
		return usage_error("--step is the width of --heatmap's columns");
	if (o->heatmap && !*o->heatmap)
		return usage_error("--heatmap needs a file name (FILE.svg)");
	fo.step = 1;
	if (o->step && (parse_seconds(o->step, "--step", &fo.step) || fo.step <= 0))
		return fo.step <= 0 ? usage_error("--step %s: give a time above 0 seconds",
						  o->step) : -1;
	if ((o->from && parse_seconds(o->from, "--from", &fo.from)) ||
	    (o->to && parse_seconds(o->to, "--to", &fo.to)))
		return -1;
	fo.has_from = o->from;
	fo.has_to = o->to;
	if (o->file && argc)
		return usage_error("give the query with -f or as arguments, not both");
	if (!o->file && !argc)
		return usage_error("no query given");
	text = sql_query_text(o->file, argc, argv);
	if (!text)
		return -1;
	ret = hist_file_run(&fo, text);
	free(text);
	return ret;
}

static enum tq_hist_format format_of(const struct hist_opts *o)
{
	if (o->json)
		return TQ_HIST_JSON;
	if (o->table)
		return TQ_HIST_TABLE;
	if (o->bars)
		return TQ_HIST_BARS;
	return TQ_HIST_AUTO;
}

struct live_hist {
	struct tq_tracefs *tfs;
	const struct tq_sql_compiled *c;
	enum tq_hist_format fmt;
	struct hist_metrics *metrics;	/* --openmetrics, --textfile */
	char *textfile;			/* DIR/NAME.prom */
	const struct hist_flame_opts *flame;	/* --folded, --flamegraph: at the end */
	struct hist_heatmap *hm;	/* --heatmap, drawn into heatmap */
	const char *heatmap;
};

static int show_live(void *ctx, bool stamp, bool last)
{
	struct live_hist *lh = ctx;
	int ret;

	if (lh->hm)
		return hist_heatmap_live(lh->hm, lh->heatmap, lh->tfs, lh->c, lh->fmt, stamp,
					 last);
	/* the file is removed on the way out: a last write would only be taken away */
	if (lh->textfile)
		return last ? 0 : hist_metrics_textfile(lh->metrics, lh->tfs, lh->c,
							lh->textfile);
	if (lh->flame && lh->flame->folded)
		return last ? hist_flame_live(lh->tfs, lh->c, lh->flame) : 0;
	if (lh->metrics) {
		ret = hist_metrics_write(lh->metrics, lh->tfs, lh->c, stdout);
		fflush(stdout);
		return ret;
	}
	ret = hist_show_compiled(lh->tfs, lh->c, 0, lh->fmt, stamp, stdout);
	if (!ret && !last && lh->fmt != TQ_HIST_JSON)
		putchar('\n');
	if (!ret && last && lh->flame)
		ret = hist_flame_live(lh->tfs, lh->c, lh->flame);
	return ret;
}

/* --textfile: the first metrics as soon as the triggers are in place */
static void first_textfile(void *ctx)
{
	struct live_hist *lh = ctx;

	hist_metrics_textfile(lh->metrics, lh->tfs, lh->c, lh->textfile);
}

static void say_how_to_stop(void *ctx)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "tq: hist: tracing; Ctrl-C to stop and show the histogram\n");
}

/* --textfile's file: NAME.prom, NAME the metric's (the first one's for several). */
static int textfile_name(const struct hist_opts *o, const struct hist_metrics *m, char **name)
{
	if (asprintf(name, "%s.prom", o->metric ? o->metric : m->names[0]) < 0)
		return error("out of memory");
	return 0;
}

/* Apply, wait, show and remove: every way out goes through the removal. */
static int run_live(struct tq_tracefs *tfs, const struct tq_sql_compiled *c,
		    const struct hist_opts *o, char **cmd, struct hist_metrics *metrics)
{
	struct live_hist lh = {
		.tfs = tfs, .c = c, .fmt = format_of(o), .heatmap = o->heatmap,
		.metrics = o->openmetrics || o->prometheus || o->textfile ? metrics : NULL,
		.flame = hist_flame_wanted(&o->flame) ? &o->flame : NULL,
	};
	struct hist_session s = {
		.tfs = tfs,
		.plan = &c->plan,
		.duration = o->duration,
		.interval = o->interval,
		.command = cmd,
		.started = o->textfile ? first_textfile :
			   !cmd && o->duration <= 0 ? say_how_to_stop : NULL,
		.show = show_live,
		.ctx = &lh,
	};
	char *path = NULL;
	int ret;

	if (o->heatmap && hist_heatmap_for(&lh.hm, &c->hists[0], o->interval, c->hists[0].query,
					   o->heatmap_key))
		return -1;
	if (o->textfile && textfile_name(o, metrics, &lh.textfile)) {
		hist_heatmap_free(lh.hm);
		return -1;
	}
	if (lh.textfile && asprintf(&path, "%s/%s", o->textfile, lh.textfile) < 0) {
		free(lh.textfile);
		hist_heatmap_free(lh.hm);
		return error("out of memory");
	}
	free(lh.textfile);
	lh.textfile = path;
	stop_signals_block();
	ret = hist_session_run(&s);
	stop_signals_restore();
	if (lh.textfile && unlink(lh.textfile) && errno != ENOENT)
		ret = error_errno("cannot remove '%s'", lh.textfile);
	free(lh.textfile);
	hist_heatmap_free(lh.hm);
	return ret;
}

/* --textfile DIR: a directory tq can write, checked before anything is set up. */
static int check_textfile_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st))
		return error_errno("cannot use '%s' for --textfile", dir);
	if (!S_ISDIR(st.st_mode))
		return error("'%s' is not a directory: --textfile takes the directory of "
			     "node_exporter's textfile collector", dir);
	if (access(dir, W_OK | X_OK))
		return error_errno("cannot write in '%s'", dir);
	return 0;
}

/* Print a word quoted for sh, or return -ENOMEM. */
static int print_quoted(const char *word, const char *sep)
{
	char *q = tq_sh_quote(word);

	if (!q)
		return -ENOMEM;
	printf("%s%s", q, sep);
	free(q);
	return 0;
}

/*
 * The one-liner as a script for a device without tq: apply, wait as tq would, print the
 * kernel's hist files, remove. One subshell, so that an interactive shell reads it whole
 * before it runs (a Ctrl-C there would flush the lines pasted after it), and so that the
 * trap makes Ctrl-C end the wait, not the script.
 */
static int print_hist_script(const struct tq_sql_compiled *c, const struct hist_opts *o,
			     char **cmd)
{
	const char *root = print_root();
	char path[4096];
	int ret;

	printf("# tq hist: apply, wait, show the histogram, remove; Ctrl-C ends the wait\n(\n");
	ret = tq_plan_print(&c->plan, root, stdout);
	if (!ret && cmd) {
		printf("trap : INT\n");
		for (size_t i = 0; !ret && cmd[i]; i++)
			ret = print_quoted(cmd[i], cmd[i + 1] ? " " : "\n");
	} else if (!ret && o->duration > 0) {
		printf(o->duration == (long)o->duration ? "trap : INT\nsleep %.0f\n" :
		       "trap : INT\nsleep %.6g\n", o->duration);
	} else if (!ret) {
		printf("w=1\ntrap 'w=0' INT\necho 'tracing; Ctrl-C to stop and show the "
		       "histogram' >&2\nwhile [ $w = 1 ]; do sleep 1; done\n");
	}
	if (!ret)
		printf("trap - INT\n");
	for (size_t i = 0; !ret && i < c->nhists; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, c->hists[i].hist_path);
		printf("cat ");
		ret = print_quoted(path, "\n");
	}
	if (!ret)
		ret = tq_plan_print(&c->removal, root, stdout);
	printf(")\n");
	if (ret)
		return error("cannot print the script: %s", strerror(-ret));
	return fflush(stdout) ? error_errno("cannot write the script") : 0;
}

int cmd_hist(int argc, char **argv)
{
	struct hist_opts o = { .flame.width = -1 };
	struct tq_sql_compiled c;
	struct tq_tracefs *tfs = NULL;
	struct hist_metrics metrics = { 0 };
	char **cmd = NULL;
	char *text, *prom = NULL;
	const char *dur = NULL, *ival = NULL;
	int ret;
	static const char *const usage[] = {
		"tq hist [options] 'SELECT ...' [-- COMMAND...]",
		"tq hist --event SYSTEM:EVENT",
		NULL,
	};
	const struct option options[] = {
		OPT_STRING('f', "file", &o.file, "FILE", "read the query from FILE ('-' for stdin)"),
		OPT_STRING('n', "name", &o.sql.name, "NAME", "name of the synthetic event"),
		OPT_STRING('t', "tracefs-copy", &o.dir, "DIR",
			   "take event formats from DIR (the histogram is still made live)"),
		OPT_STRING('B', "instance", &o.sql.instance, "NAME", "use instance NAME"),
		OPT_STRING('d', "duration", &dur, "SECONDS", "stop after SECONDS"),
		OPT_STRING('I', "interval", &ival, "SECONDS", "show the histogram every SECONDS"),
		OPT_CALLBACK('i', "input", "FILE",
			     "compute it from a trace.dat file instead (repeatable)", opt_input),
		OPT_STRING(0, "from", &o.from, "SECONDS", "with -i: events from this trace time"),
		OPT_STRING(0, "to", &o.to, "SECONDS", "with -i: events up to this trace time"),
		OPT_STRING(0, "heatmap", &o.heatmap, "FILE.svg",
			   "also draw the bucket key over time as a heat map (live: with "
			   "--interval)"),
		OPT_STRING(0, "step", &o.step, "SECONDS",
			   "the heat map's column width in trace time (default 1)"),
		OPT_BOOL(0, "folded", &o.flame.folded,
			 "print a STACKTRACE key's stacks folded (flamegraph.pl's input)"),
		OPT_STRING(0, "flamegraph", &o.flame.svg, "FILE.svg",
			   "also draw a STACKTRACE key's stacks as a flame graph"),
		OPT_STRING(0, "weight", &o.flame.weight, "NAME",
			   "weigh the stacks by the value NAME, not the hitcount"),
		OPT_INT(0, "flame-width", &o.flame.width, "PX", "flame graph width (default 1200)"),
		OPT_STRING(0, "heatmap-key", &o.heatmap_key, "KEY=VALUE",
			   "draw the heat map of one value of another key (default: one each)"),
		OPT_BOOL(0, "json", &o.json, "print JSON"),
		OPT_BOOL(0, "table", &o.table, "print a table, even for log2/linear keys"),
		OPT_BOOL(0, "bars", &o.bars, "print bars (needs a log2 or buckets key)"),
		OPT_STRING(0, "event", &o.event, "SYS:EVENT", "show an existing histogram"),
		OPT_BOOL(0, "openmetrics", &o.openmetrics,
			 "print Prometheus metrics (OpenMetrics text) instead"),
		OPT_BOOL(0, "prometheus", &o.prometheus,
			 "print Prometheus metrics in its text format 0.0.4 (node_exporter's)"),
		OPT_STRING(0, "textfile", &o.textfile, "DIR",
			   "keep DIR/NAME.prom up to date at each --interval, for node_exporter"),
		OPT_STRING(0, "metric", &o.metric, "NAME",
			   "the metric's name (default: tq_ and the event's)"),
		OPT_BOOL(0, "print", &o.print,
			 "print it all as a shell script (apply, wait, cat the hist files or keep "
			 "--textfile's file, remove)"),
		OPT_END(),
	};

	/* everything after "--" is the command to run */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			cmd = &argv[i + 1];
			argv[i] = NULL;
			argc = i;
			break;
		}
	}
	argc = parse_options(argc, argv, options, usage, 0, &o);
	if (argc < 0)
		return parse_options_exit(argc);
	if (cmd && !cmd[0])
		return usage_error("nothing to run after '--'");
	if (o.step && !o.ninputs)
		return usage_error("--step is the column width of -i FILE's heat map: live, the "
				   "columns are --interval's");
	if (o.heatmap_key && !o.heatmap)
		return usage_error("--heatmap-key chooses the map that --heatmap draws");
	if (o.heatmap && !*o.heatmap)
		return usage_error("--heatmap needs a file name (FILE.svg, or - for the terminal)");
	if (o.heatmap && !o.ninputs && (!ival || o.event || o.print || o.textfile ||
					o.openmetrics || o.prometheus))
		return usage_error("--heatmap live draws a column per --interval SECONDS: give it, "
				   "without --event, --print, --textfile or metrics");
	if (o.heatmap && !o.ninputs && hist_heatmap_path_ok(o.heatmap))
		return -1;
	if ((o.from || o.to) && !o.ninputs)
		return usage_error("--from and --to select events of a file: give it with -i FILE");
	if (dur && ((o.duration = strtod(dur, &text)) <= 0 || *text || !isfinite(o.duration)))
		return usage_error("'%s' is not a number of seconds", dur);
	if (ival && ((o.interval = strtod(ival, &text)) <= 0 || *text || !isfinite(o.interval)))
		return usage_error("'%s' is not a number of seconds", ival);
	if (o.json + o.table + o.bars + o.openmetrics + o.prometheus > 1)
		return usage_error("choose one of --json, --table, --bars, --openmetrics and "
				   "--prometheus");
	if (o.textfile && (o.json || o.table || o.bars || o.openmetrics || o.prometheus ||
			   o.event))
		return usage_error("--textfile writes metrics until it is stopped: no output "
				   "format or --event");
	if (o.textfile && o.interval <= 0)
		return usage_error("--textfile needs --interval SECONDS: how often to write");
	if (o.textfile && o.print && cmd)
		return usage_error("--textfile --print writes until INT or TERM: no command");
	if (o.metric && !o.openmetrics && !o.prometheus && !o.textfile)
		return usage_error("--metric names the metric of --openmetrics, --prometheus or "
				   "--textfile");
	if (hist_flame_check(&o.flame, NULL, NULL))
		return -1;
	if (hist_flame_wanted(&o.flame) && (o.print || o.event || o.textfile ||
					    (o.flame.folded && (o.json || o.table || o.bars ||
								o.openmetrics || o.prometheus))))
		return usage_error("--folded and --flamegraph show a query's histogram: not with "
				   "--print, --event, --textfile, nor --folded with another "
				   "output format");
	if (o.print && !o.textfile && (o.event || o.interval > 0 || (cmd && o.duration > 0)))
		return usage_error("--print writes a script that waits for -d SECONDS, a command, "
				   "or Ctrl-C: not --event, -i, nor -d with a command");
	if (o.ninputs)
		return run_file(&o, argc, argv, cmd);
	if (o.event) {
		if (argc || o.file || cmd)
			return usage_error("--event shows an existing histogram: no query");
		ret = open_tracefs(&tfs);
		if (!ret)
			ret = o.openmetrics || o.prometheus ?
			      hist_metrics_event(tfs, o.sql.instance, o.event, o.openmetrics ?
						 TQ_OM_OPENMETRICS : TQ_OM_PROMETHEUS) :
			      hist_show_event(tfs, o.sql.instance, o.event, o.json);
		tq_tracefs_close(tfs);
		return ret;
	}
	if (o.file && argc)
		return usage_error("give the query with -f or as arguments, not both");
	if (!o.file && !argc)
		return usage_error("no query given");
	text = sql_query_text(o.file, argc, argv);
	if (!text)
		return -1;
	ret = sql_compile_script(text, o.dir, &o.sql, &c);
	if (!ret && c.nhists && hist_flame_check(&o.flame, &c, text)) {
		tq_sql_compiled_release(&c);
		ret = -1;
	}
	free(text);
	if (ret)
		return ret;
	if (!c.nhists) {
		tq_sql_compiled_release(&c);
		return error("the query makes no histogram: add count(*), a grouping modifier such "
			     "as log2(lat), or GROUP BY (or use 'tq sql -e' for a synthetic event)");
	}
	if (o.print && !o.textfile) {
		ret = print_hist_script(&c, &o, cmd);
		tq_sql_compiled_release(&c);
		return ret;
	}
	ret = hist_metrics_init(&metrics, &c, o.metric,
				o.openmetrics ? TQ_OM_OPENMETRICS : TQ_OM_PROMETHEUS);
	if (!ret && o.print) {
		ret = textfile_name(&o, &metrics, &prom);
		if (!ret)
			ret = print_textfile_script(&c, &metrics, o.textfile, prom, o.interval);
		free(prom);
		hist_metrics_release(&metrics);
		tq_sql_compiled_release(&c);
		return ret;
	}
	if (!ret && o.textfile)
		ret = check_textfile_dir(o.textfile);
	if (!ret)
		ret = open_tracefs(&tfs);
	if (!ret)
		ret = sql_check_kernel(tfs);
	if (!ret)
		ret = sql_check_instance(tfs, o.sql.instance);
	if (!ret)
		ret = run_live(tfs, &c, &o, cmd, &metrics);
	hist_metrics_release(&metrics);
	tq_sql_compiled_release(&c);
	tq_tracefs_close(tfs);
	return ret;
}
