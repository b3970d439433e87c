// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The histogram session of tq hist and tq shell: apply, wait, show, always undo. The
 * waiting is done with the stop signals blocked except inside ppoll(), so a Ctrl-C that
 * comes between a check and the wait still ends the wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "hist-session.h"
#include "sql/sql.h"
#include "tracefs/access.h"
#include "tracefs/plan.h"
#include "util/diag.h"

static volatile sig_atomic_t got_int, got_term;
static sigset_t wait_mask;
static struct sigaction old_actions[4];
static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };

static void on_signal(int sig)
{
	if (sig == SIGINT)
		got_int = 1;
	else if (sig != SIGCHLD)
		got_term = sig;
}

void stop_signals_block(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
		sigaddset(&block, stop_sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
		sigaction(stop_sigs[i], &sa, &old_actions[i]);
}

void stop_signals_restore(void)
{
	for (size_t i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
		sigaction(stop_sigs[i], &old_actions[i], NULL);
	sigprocmask(SIG_SETMASK, &wait_mask, NULL);
}

bool stop_interrupted(void)
{
	return got_int;
}

int stop_terminated(void)
{
	return got_term;
}

void stop_interrupted_clear(void)
{
	got_int = 0;
}

const void *stop_wait_mask(void)
{
	return &wait_mask;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait until the time `until` (0: no limit), a stop signal, a child's end, or (enter) a
 * line on stdin. Returns true when the user asked to stop.
 */
static bool wait_until(double until, bool enter)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec ts, *tsp = NULL;

	if (until) {
		double left = until - now();

		if (left < 0)
			left = 0;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		tsp = &ts;
	}
	if (ppoll(&pfd, enter ? 1 : 0, tsp, &wait_mask) > 0) {
		char line[256];
		/* the terminal is in cooked mode here: Enter delivers one line (or EOF); take
		 * it so that it does not reach the prompt */
		ssize_t r = read(STDIN_FILENO, line, sizeof(line));

		(void)r;
		return true;
	}
	return got_int || got_term;
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
		fprintf(stderr, "tq: %s: cannot run '%s': %s\n", tq_cmd_name, cmd[0],
			strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		error_errno("cannot run '%s'", cmd[0]);
	return pid;
}

static void end_command(pid_t child)
{
	int status;

	kill(child, got_term ? got_term : got_int ? SIGINT : SIGTERM);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
}

/* The wait and the shows between applying and undoing. */
static int wait_and_show(const struct hist_session *s)
{
	double start = now(), deadline = s->duration > 0 ? start + s->duration : 0;
	double next = s->interval > 0 ? start + s->interval : 0;
	pid_t child = 0;
	int status, ret = 0;

	got_int = 0;
	if (s->command) {
		child = start_command(s->command);
		if (child < 0)
			return -1;
	}
	if (s->started)
		s->started(s->ctx);
	while (!ret) {
		double until = deadline && (!next || deadline < next) ? deadline : next;

		if (child && waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			break;
		}
		if (deadline && now() >= deadline)
			break;
		if (next && now() >= next) {
			ret = s->show(s->ctx, true, false);
			next += s->interval;
			continue;
		}
		if (wait_until(until, s->enter_stops))
			break;
	}
	if (child)
		end_command(child);
	got_int = 0;
	if (!ret)
		ret = s->show(s->ctx, s->interval > 0, true);
	return ret;
}

int hist_session_run(const struct hist_session *s)
{
	struct tq_plan undo;
	int ret, undo_ret;

	tq_plan_init(&undo);
	if (s->print)
		tq_plan_print(s->plan, print_root(), s->print);
	ret = run_plan(s->plan, false, s->tfs, &undo);
	if (!ret)
		ret = wait_and_show(s);
	if (s->print) {
		fputs("# remove\n", s->print);
		tq_plan_print(&undo, print_root(), s->print);
	}
	undo_ret = remove_made(s->tfs, &undo);
	tq_plan_release(&undo);
	return ret || undo_ret ? -1 : 0;
}

int hist_file_read(struct tq_tracefs *tfs, const char *path, struct tq_hist *out)
{
	char *text;
	int ret = tq_tracefs_read(tfs, path, &text, NULL);

	if (ret == -ENOENT)
		return unsupported("no histogram at '%s' (does the event exist, and does this "
				   "kernel have hist triggers?)", path);
	if (ret)
		return error("cannot read '%s': %s", path, tq_errmsg(ret));
	ret = tq_hist_parse(text, out);
	free(text);
	if (ret)
		return error("cannot parse '%s': %s", path, tq_errmsg(ret));
	return 0;
}

int hist_table_show(const struct tq_hist_table *t, enum tq_hist_format fmt, long long limit,
		    bool stamp, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	if (stamp && fmt == TQ_HIST_JSON) {
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			return error("out of memory");
		ret = tq_hist_render(t, fmt, limit, m);
		fclose(m);
		while (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (!ret)
			fprintf(out, "{\"time\":%.3f,\"hist\":%s}\n", now(), buf);
		free(buf);
	} else {
		if (stamp) {
			time_t t0 = time(NULL);
			char when[32];

			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&t0));
			fprintf(out, "%s\n", when);
		}
		ret = tq_hist_render(t, fmt, limit, out);
	}
	fflush(out);
	return ret ? error("%s", tq_errmsg(ret)) : 0;
}

/* Show the table of trigger (every table when NULL) of one hist file. */
static int show_hist_file(struct tq_tracefs *tfs, const char *path, const char *trigger,
			  enum tq_hist_format fmt, long long limit, bool stamp, FILE *out)
{
	struct tq_hist h;
	int ret = hist_file_read(tfs, path, &h);

	if (ret)
		return ret;
	if (trigger) {
		const struct tq_hist_table *t = tq_hist_find(&h, trigger);

		ret = t ? hist_table_show(t, fmt, limit, stamp, out) :
			error("the histogram of '%s' is not in '%s'", trigger, path);
	} else if (!h.ntables) {
		ret = error("no hist trigger on this event ('%s' is empty)", path);
	} else {
		for (size_t i = 0; !ret && i < h.ntables; i++) {
			if (i && fmt != TQ_HIST_JSON)
				fputc('\n', out);
			ret = hist_table_show(&h.tables[i], fmt, limit, stamp, out);
		}
	}
	tq_hist_release(&h);
	return ret;
}

int hist_show_compiled(struct tq_tracefs *tfs, const struct tq_sql_compiled *c, size_t from,
		       enum tq_hist_format fmt, bool stamp, FILE *out)
{
	int ret = 0;

	for (size_t i = from; !ret && i < c->nhists; i++) {
		if (i > from && fmt != TQ_HIST_JSON)
			fputc('\n', out);
		ret = show_hist_file(tfs, c->hists[i].hist_path, c->hists[i].trigger, fmt,
				     c->hists[i].limit, stamp, out);
	}
	return ret;
}

/* "SYS:EVENT" (or SYS/EVENT) of instance as the path of its hist file. 0 or -1. */
static int event_hist_path(const char *instance, const char *event, char **path)
{
	char *ev = strdup(event), *sep;
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
	ret = asprintf(path, "%s%s%sevents/%s/%s/hist", instance ? "instances/" : "",
		       instance ? instance : "", instance ? "/" : "", ev, sep + 1);
	free(ev);
	return ret < 0 ? error("out of memory") : 0;
}

int hist_show_event(struct tq_tracefs *tfs, const char *instance, const char *event,
		    bool json)
{
	char *path;
	int ret = event_hist_path(instance, event, &path);

	if (ret)
		return ret;
	ret = show_hist_file(tfs, path, NULL, json ? TQ_HIST_JSON : TQ_HIST_AUTO, -1, false,
			     stdout);
	free(path);
	return ret;
}

enum tq_om_unit hist_om_unit(enum tq_sql_unit u)
{
	return u == TQ_UNIT_NS ? TQ_OM_NS : u == TQ_UNIT_US ? TQ_OM_US : TQ_OM_PLAIN;
}

int hist_metrics_init(struct hist_metrics *m, const struct tq_sql_compiled *c,
		      const char *metric, enum tq_om_dialect dialect)
{
	memset(m, 0, sizeof(*m));
	m->dialect = dialect;
	m->fams = calloc(c->nhists ? c->nhists : 1, sizeof(*m->fams));
	m->names = calloc(c->nhists ? c->nhists : 1, sizeof(*m->names));
	if (!m->fams || !m->names) {
		hist_metrics_release(m);
		return error("out of memory");
	}
	if (metric && !tq_om_name_ok(metric)) {
		hist_metrics_release(m);
		return usage_error("'%s' is not a Prometheus metric name: letters, digits, '_' "
				   "and ':', not starting with a digit", metric);
	}
	for (size_t i = 0; i < c->nhists; i++) {
		const struct tq_sql_hist *h = &c->hists[i];
		struct tq_om_family *f = &m->fams[i];
		char *name = metric ? strdup(metric) : tq_om_name_from(h->event);

		/* two histograms of one script must not make one family */
		for (size_t j = 0; name && j < i; j++) {
			if (!strcmp(m->names[j], name)) {
				char *numbered;

				if (asprintf(&numbered, "%s_%zu", name, i + 1) < 0)
					numbered = NULL;
				free(name);
				name = numbered;
				break;
			}
		}
		if (!name) {
			hist_metrics_release(m);
			return error("out of memory");
		}
		m->names[i] = name;
		m->n = i + 1;
		f->dialect = dialect;
		f->name = name;
		f->help = h->query;
		for (size_t k = 0; k < TQ_SQL_HIST_COLS && k < TQ_OM_MAX_VALS; k++)
			f->val_units[k] = hist_om_unit(h->val_units[k]);
	}
	m->n = c->nhists;
	return 0;
}

void hist_metrics_release(struct hist_metrics *m)
{
	for (size_t i = 0; m->names && i < m->n; i++)
		free(m->names[i]);
	free(m->names);
	free(m->fams);
	memset(m, 0, sizeof(*m));
}

/* The key names and bucket key of a trigger, as the kernel's hist file will show them. */
int hist_trigger_keys(const char *trigger, struct tq_hist *parsed)
{
	char *text;
	int ret;

	if (asprintf(&text, "# trigger info: %s [active]\n", trigger) < 0)
		return -ENOMEM;
	ret = tq_hist_parse(text, parsed);
	free(text);
	if (!ret && parsed->ntables != 1) {
		tq_hist_release(parsed);
		ret = -EINVAL;
	}
	return ret;
}

int hist_metrics_table(struct hist_metrics *m, size_t i, const struct tq_sql_hist *h,
		       const struct tq_hist_table *t, FILE *out)
{
	int ret;

	/* the bucket key's unit: the key the table shows as a bucket */
	m->fams[i].key_unit = t->bucket_key >= 0 && t->bucket_key < TQ_SQL_HIST_COLS ?
			      hist_om_unit(h->key_units[t->bucket_key]) : TQ_OM_PLAIN;
	ret = tq_om_render(t, &m->fams[i], out);
	return ret ? error("%s", tq_errmsg(ret)) : 0;
}

int hist_metrics_write(struct hist_metrics *m, struct tq_tracefs *tfs,
		       const struct tq_sql_compiled *c, FILE *out)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < c->nhists; i++) {
		const struct tq_sql_hist *h = &c->hists[i];
		const struct tq_hist_table *t;
		struct tq_hist parsed;

		ret = hist_file_read(tfs, h->hist_path, &parsed);
		if (ret)
			break;
		t = tq_hist_find(&parsed, h->trigger);
		if (!t)
			ret = error("the histogram of '%s' is not in '%s'", h->trigger, h->hist_path);
		else
			ret = hist_metrics_table(m, i, h, t, out);
		tq_hist_release(&parsed);
	}
	if (!ret && tq_om_end(out, m->dialect))
		ret = error("cannot write the metrics");
	return ret;
}

int hist_metrics_textfile(struct hist_metrics *m, struct tq_tracefs *tfs,
			  const struct tq_sql_compiled *c, const char *path)
{
	char *tmp;
	FILE *f;
	int fd, ret;

	/* node_exporter skips names that do not end in .prom: the temporary one is unseen */
	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return error("out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		ret = error_errno("cannot write '%s'", tmp);
		if (fd >= 0)
			close(fd);
		free(tmp);
		return ret;
	}
	ret = hist_metrics_write(m, tfs, c, f);
	if (!ret && (fflush(f) || fsync(fileno(f))))
		ret = error_errno("cannot write '%s'", tmp);
	if (fclose(f) && !ret)
		ret = error_errno("cannot write '%s'", tmp);
	if (!ret && rename(tmp, path))
		ret = error_errno("cannot rename '%s' to '%s'", tmp, path);
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

int hist_metrics_event(struct tq_tracefs *tfs, const char *instance, const char *event,
		       enum tq_om_dialect dialect)
{
	struct tq_hist parsed;
	char *path, *name;
	int ret = event_hist_path(instance, event, &path);

	if (ret)
		return ret;
	ret = hist_file_read(tfs, path, &parsed);
	if (ret) {
		free(path);
		return ret;
	}
	name = tq_om_name_from(strpbrk(event, ":/") + 1);
	if (!name)
		ret = error("out of memory");
	else if (!parsed.ntables)
		ret = error("no hist trigger on this event ('%s' is empty)", path);
	for (size_t i = 0; !ret && i < parsed.ntables; i++) {
		struct tq_om_family f = {
			.dialect = dialect, .name = name, .help = parsed.tables[i].trigger,
		};
		char *numbered = NULL;
		int err;

		/* each trigger's table its own family */
		if (i && asprintf(&numbered, "%s_%zu", name, i + 1) < 0)
			ret = error("out of memory");
		if (numbered)
			f.name = numbered;
		err = ret ? 0 : tq_om_render(&parsed.tables[i], &f, stdout);
		if (err)
			ret = error("%s", tq_errmsg(err));
		free(numbered);
	}
	if (!ret && tq_om_end(stdout, dialect))
		ret = error("cannot write the metrics");
	tq_hist_release(&parsed);
	free(name);
	free(path);
	return ret;
}
