// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq hist: the one-liner. Compile an SQL query, apply it, wait (Ctrl-C, -d SECONDS, or a
 * command to run), read the kernel's hist file back and show it as bars, a table or JSON;
 * then remove everything it created, on every way out (also Ctrl-C, SIGTERM and errors).
 * `tq hist --event SYS:EVENT` shows a histogram that already exists.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "util/diag.h"
#include "print/histfile.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "sql/sql.h"
#include "sql/sqlcmd.h"
#include "tracefs/access.h"

static volatile sig_atomic_t stop_signal;
/* the signals we wait for are blocked except while waiting, so none slips in between */
static sigset_t wait_mask;

static void on_signal(int sig)
{
	if (sig != SIGCHLD)
		stop_signal = sig;
}

struct hist_opts {
	struct tq_sql_options sql;
	const char *file, *dir, *event;
	double duration, interval;
	bool json, table, bars, print;
};

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

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Print one table; with a timestamp when printing at intervals. */
static int show_table(const struct tq_hist_table *t, enum tq_hist_format fmt, long long limit,
		      bool stamp)
{
	int ret;

	if (stamp && fmt == TQ_HIST_JSON) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			return error("out of memory");
		ret = tq_hist_render(t, fmt, limit, m);
		fclose(m);
		while (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (!ret)
			printf("{\"time\":%.3f,\"hist\":%s}\n", now(), buf);
		free(buf);
	} else {
		if (stamp) {
			time_t t0 = time(NULL);
			char when[32];

			strftime(when, sizeof(when), "%H:%M:%S", localtime(&t0));
			printf("%s\n", when);
		}
		ret = tq_hist_render(t, fmt, limit, stdout);
	}
	fflush(stdout);
	if (ret)
		return error("%s", tq_errmsg(ret));
	return 0;
}

/* Read one hist file and show the table of trigger (or every table when NULL). */
static int show_hist_file(struct tq_tracefs *tfs, const char *path, const char *trigger,
			  enum tq_hist_format fmt, long long limit, bool stamp)
{
	struct tq_hist h;
	char *text;
	int ret = tq_tracefs_read(tfs, path, &text, NULL);

	if (ret == -ENOENT)
		return unsupported("no histogram at '%s' (does the event exist, and does this "
				   "kernel have hist triggers?)", path);
	if (ret)
		return error("cannot read '%s': %s", path, tq_errmsg(ret));
	ret = tq_hist_parse(text, &h);
	free(text);
	if (ret)
		return error("cannot parse '%s': %s", path, tq_errmsg(ret));
	if (trigger) {
		const struct tq_hist_table *t = tq_hist_find(&h, trigger);

		ret = t ? show_table(t, fmt, limit, stamp) :
			error("the histogram of '%s' is not in '%s'", trigger, path);
	} else if (!h.ntables) {
		ret = error("no hist trigger on this event ('%s' is empty)", path);
	} else {
		for (size_t i = 0; !ret && i < h.ntables; i++) {
			if (i && fmt != TQ_HIST_JSON)
				putchar('\n');
			ret = show_table(&h.tables[i], fmt, limit, stamp);
		}
	}
	tq_hist_release(&h);
	return ret;
}

int show_event_hist(struct tq_tracefs *tfs, const char *instance, const char *event,
		    bool json)
{
	char *path, *ev = strdup(event), *sep;
	int ret;

	if (!ev)
		return error("out of memory");
	if (instance && tq_instance_name_check(instance)) {
		free(ev);
		return usage_error("%s", tq_errmsg(-EINVAL));
	}
	sep = strpbrk(ev, ":/");
	if (!sep || strchr(sep + 1, '/') || strstr(ev, "..")) {
		free(ev);
		return usage_error("give the event as SYSTEM:EVENT, e.g. sched:sched_switch");
	}
	*sep = '\0';
	if (asprintf(&path, "%s%s%sevents/%s/%s/hist", instance ? "instances/" : "",
		     instance ? instance : "", instance ? "/" : "", ev, sep + 1) < 0) {
		free(ev);
		return error("out of memory");
	}
	ret = show_hist_file(tfs, path, NULL, json ? TQ_HIST_JSON : TQ_HIST_AUTO, -1, false);
	free(path);
	free(ev);
	return ret;
}

static int show_all(struct tq_tracefs *tfs, const struct tq_sql_compiled *c,
		    enum tq_hist_format fmt, bool stamp)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < c->nhists; i++) {
		if (i && fmt != TQ_HIST_JSON)
			putchar('\n');
		ret = show_hist_file(tfs, c->hists[i].hist_path, c->hists[i].trigger, fmt,
				     c->hists[i].limit, stamp);
	}
	return ret;
}

/* Wait until the deadline (0: none), the next interval (0: none), or a signal. */
static void wait_a_while(double deadline, double interval)
{
	double until = deadline;
	struct timespec ts;
	double left;

	if (interval > 0 && (!until || now() + interval < until))
		until = now() + interval;
	if (!until) {
		ppoll(NULL, 0, NULL, &wait_mask);
		return;
	}
	left = until - now();
	if (left <= 0)
		return;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	ppoll(NULL, 0, &ts, &wait_mask);
}

static pid_t start_command(char **cmd)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigprocmask(SIG_SETMASK, &wait_mask, NULL);
		execvp(cmd[0], cmd);
		fprintf(stderr, "tq: hist: cannot run '%s': %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		error_errno("cannot run '%s'", cmd[0]);
	return pid;
}

static int run_and_show(struct tq_tracefs *tfs, const struct tq_sql_compiled *c,
			const struct hist_opts *o, char **cmd)
{
	enum tq_hist_format fmt = format_of(o);
	double start = now(), deadline = o->duration > 0 ? start + o->duration : 0;
	double next = o->interval > 0 ? start + o->interval : 0;
	pid_t child = 0;
	int ret = 0, status;

	if (cmd) {
		child = start_command(cmd);
		if (child < 0)
			return TQ_EXIT_ERROR;
	} else if (!deadline && isatty(STDERR_FILENO)) {
		fprintf(stderr, "tq: hist: tracing; Ctrl-C to stop and show the histogram\n");
	}
	while (!stop_signal && !ret) {
		if (child && waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			break;
		}
		if (deadline && now() >= deadline)
			break;
		if (next && now() >= next) {
			ret = show_all(tfs, c, fmt, true);
			next += o->interval;
			if (fmt != TQ_HIST_JSON)
				putchar('\n');
			continue;
		}
		wait_a_while(deadline, next ? next - now() : 0);
	}
	if (child) {
		kill(child, stop_signal ? stop_signal : SIGTERM);
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (!ret)
		ret = show_all(tfs, c, fmt, o->interval > 0);
	return ret;
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
	return fflush(stdout) ? error_errno("cannot write the script") : TQ_EXIT_OK;
}

int cmd_hist(int argc, char **argv)
{
	struct hist_opts o = { 0 };
	struct tq_sql_compiled c;
	struct tq_plan undo;
	struct tq_tracefs *tfs = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	char **cmd = NULL;
	char *text;
	const char *dur = NULL, *ival = NULL;
	int ret, undo_ret;
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
		OPT_STRING('i', "interval", &ival, "SECONDS", "show the histogram every SECONDS"),
		OPT_BOOL(0, "json", &o.json, "print JSON"),
		OPT_BOOL(0, "table", &o.table, "print a table, even for log2/linear keys"),
		OPT_BOOL(0, "bars", &o.bars, "print bars (needs a log2 or buckets key)"),
		OPT_STRING(0, "event", &o.event, "SYS:EVENT", "show an existing histogram"),
		OPT_BOOL(0, "print", &o.print,
			 "print it all as a shell script (apply, wait, cat the hist files, remove)"),
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
	if (dur && ((o.duration = strtod(dur, &text)) <= 0 || *text || !isfinite(o.duration)))
		return usage_error("'%s' is not a number of seconds", dur);
	if (ival && ((o.interval = strtod(ival, &text)) <= 0 || *text || !isfinite(o.interval)))
		return usage_error("'%s' is not a number of seconds", ival);
	if (o.json + o.table + o.bars > 1)
		return usage_error("choose one of --json, --table and --bars");
	if (o.print && (o.event || o.interval > 0 || (cmd && o.duration > 0)))
		return usage_error("--print writes a script that waits for -d SECONDS, a command, "
				   "or Ctrl-C: not --event, -i, nor -d with a command");
	if (o.event) {
		if (argc || o.file || cmd)
			return usage_error("--event shows an existing histogram: no query");
		ret = open_tracefs(&tfs);
		if (!ret)
			ret = show_event_hist(tfs, o.sql.instance, o.event, o.json);
		tq_tracefs_close(tfs);
		return ret < 0 ? TQ_EXIT_ERROR : ret;
	}
	if (o.file && argc)
		return usage_error("give the query with -f or as arguments, not both");
	if (!o.file && !argc)
		return usage_error("no query given");
	text = sqlcmd_query_text(o.file, argc, argv);
	if (!text)
		return TQ_EXIT_ERROR;
	ret = sqlcmd_compile(text, o.dir, &o.sql, &c);
	free(text);
	if (ret)
		return ret < -1 ? -ret : TQ_EXIT_ERROR;
	if (!c.nhists) {
		tq_sql_compiled_release(&c);
		return error("the query makes no histogram: add count(*), a grouping modifier such "
			     "as log2(lat), or GROUP BY (or use 'tq sql -e' for a synthetic event)");
	}
	if (o.print) {
		ret = print_hist_script(&c, &o, cmd);
		tq_sql_compiled_release(&c);
		return ret;
	}
	ret = open_tracefs(&tfs);
	if (!ret)
		ret = sqlcmd_check_kernel(tfs);
	if (!ret)
		ret = sqlcmd_check_instance(tfs, o.sql.instance);
	if (ret) {
		tq_sql_compiled_release(&c);
		tq_tracefs_close(tfs);
		return ret;
	}
	/* from here on every way out goes through the undo below */
	{
		sigset_t block;

		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGCHLD);
		sigprocmask(SIG_BLOCK, &block, &wait_mask);
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	tq_plan_init(&undo);
	ret = run_plan(&c.plan, false, tfs, &undo);
	if (ret == TQ_EXIT_OK)
		ret = run_and_show(tfs, &c, &o, cmd);
	undo_ret = sqlcmd_remove(tfs, &undo);
	if (undo_ret == SQLCMD_EXPLAINED) {
		ret = TQ_EXIT_ERROR;
	} else if (undo_ret) {
		error("could not remove everything: %s; run 'tq sql --remove -e' with the same "
		      "query, or 'tq reset'", tq_errmsg(undo_ret));
		ret = TQ_EXIT_ERROR;
	}
	tq_plan_release(&undo);
	tq_sql_compiled_release(&c);
	tq_tracefs_close(tfs);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, &wait_mask, NULL);
	return ret < 0 ? TQ_EXIT_ERROR : ret;
}
