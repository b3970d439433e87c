// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq shell: an interactive SQL shell over the kernel's trace events, on GNU readline.
 * Statements end with ';' and may span lines; a plain SELECT runs as a histogram and is
 * removed again once shown, CREATE EVENT (and a JOIN without a histogram) keeps its
 * synthetic event until the shell exits, unless \keep leaves it in place.
 * With -f FILE, or stdin not a terminal, the same statements run as a script.
 */
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event-parse.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "builtin.h"
#include "tracefs/catalog.h"
#include "util/diag.h"
#include "print/histfile.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "sql/shell.h"
#include "sql/sql.h"
#include "hist-file.h"
#include "hist-session.h"
#include "util/strlist.h"
#include "tracefs/access.h"

/* Something this session made, removed on exit unless kept. */
struct made {
	char *name;	/* synthetic event */
	char *decl;	/* its fields, as the kernel was told */
	struct tq_plan undo;
};

struct shell {
	struct tq_catalog *cat;
	struct tq_tracefs *tfs;		/* opened on the first statement that applies */
	struct tq_sql_options opt;
	char *kept_src;			/* CREATE EVENT statements so far, each ending ";\n" */
	size_t kept_steps, kept_hists;	/* what compiling kept_src alone yields */
	struct made *made;
	size_t nmade;
	size_t nanon;			/* JOINs without a name kept for the session */
	char *last_hist;		/* the last statement that made a histogram */
	FILE *out;			/* \o */
	double duration;		/* 0: until Enter (interactive) or Ctrl-C */
	bool interval_now;		/* the histogram running shows itself at intervals */
	bool print, keep, interactive, keep_going, quit;
	bool unsupported;		/* a statement needed what the kernel lacks */
	int depth;			/* \i nesting */
	struct tq_sh_buf buf;		/* the statement being typed (interactive) */
	struct tq_sh_buf *cur;		/* that of the input being read (\i has its own) */
	unsigned line;			/* line number in the current input */
	unsigned stmt_line;		/* where the statement in buf began */
	const char *input;		/* name of the current input, for messages */
	const char *trace_file;		/* -i FILE: statements run over its events */
	char *file_src;			/* with -i: the CREATE EVENT statements so far */
};

static struct shell *the_shell;	/* for readline's callbacks */

static void put_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put_err(const char *fmt, ...)
{
	va_list ap;

	fflush(the_shell && the_shell->out ? the_shell->out : stdout);
	va_start(ap, fmt);
	fputs("tq: shell: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int need_tracefs(struct shell *sh)
{
	int ret;

	if (sh->tfs)
		return 0;
	ret = open_tracefs(&sh->tfs);
	return ret ? -1 : 0;
}

/* ---- what the session made ---- */

static int forget_made(struct shell *sh, bool undo)
{
	int ret = 0;

	for (size_t i = sh->nmade; i-- > 0;) {
		struct made *m = &sh->made[i];

		if (undo && sh->tfs) {
			int r;

			if (sh->print) {
				fprintf(sh->out, "# remove %s\n", m->name);
				tq_plan_print(&m->undo, print_root(), sh->out);
			}
			r = remove_made(sh->tfs, &m->undo);
			if (r)
				ret = -1;
		}
		free(m->name);
		free(m->decl);
		tq_plan_release(&m->undo);
	}
	free(sh->made);
	sh->made = NULL;
	sh->nmade = 0;
	free(sh->kept_src);
	sh->kept_src = NULL;
	sh->kept_steps = sh->kept_hists = 0;
	sh->nanon = 0;
	return ret;
}

/* The synthetic events a plan defines ("s:NAME fields" or "NAME fields"). */
static int note_made(struct shell *sh, const struct tq_plan *plan, size_t from,
		     struct tq_plan *undo)
{
	struct made *nm = realloc(sh->made, (sh->nmade + 1) * sizeof(*nm));
	struct made *m;

	if (!nm)
		return -ENOMEM;
	sh->made = nm;
	m = &sh->made[sh->nmade];
	memset(m, 0, sizeof(*m));
	for (size_t i = from; i < plan->len; i++) {
		const struct tq_step *s = &plan->steps[i];
		const char *t = s->text, *sp;

		if (s->op != TQ_STEP_APPEND || !t || (strcmp(s->path, "dynamic_events") &&
						      strcmp(s->path, "synthetic_events")))
			continue;
		if (!strncmp(t, "s:", 2))
			t += 2;
		sp = t[strcspn(t, " \t")] ? t + strcspn(t, " \t") : NULL;
		free(m->name);
		free(m->decl);
		/* the last one defined is the event the statement is about */
		m->name = sp ? strndup(t, (size_t)(sp - t)) : strdup(t);
		m->decl = strdup(sp ? sp + 1 : "");
	}
	if (!m->name && !m->decl) {
		/* only triggers (no synthetic event): still undone at exit */
		m->name = strdup("(triggers)");
		m->decl = strdup("");
	}
	if (!m->name || !m->decl) {
		free(m->name);
		free(m->decl);
		return -ENOMEM;
	}
	m->undo = *undo;
	tq_plan_init(undo);
	sh->nmade++;
	return 0;
}

static int session_fields(void *ctx, const char *event, struct tq_strlist *out)
{
	struct shell *sh = ctx;

	for (size_t i = 0; i < sh->nmade; i++) {
		char *d, *save = NULL;

		if (strcmp(sh->made[i].name, event))
			continue;
		d = strdup(sh->made[i].decl);
		if (!d)
			return -ENOMEM;
		/* "u64 lat; char comm[16];": the name is the last word of each declaration */
		for (char *tok = strtok_r(d, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
			char *end = strchr(tok, '['), *start;

			if (!end)
				end = tok + strlen(tok);
			while (end > tok && end[-1] == ' ')
				end--;
			start = end;
			while (start > tok && start[-1] != ' ')
				start--;
			if (end > start) {
				char *f = strndup(start, (size_t)(end - start));

				if (!f || tq_strlist_take(out, f)) {
					free(d);
					return -ENOMEM;
				}
			}
		}
		free(d);
		return 0;
	}
	return -ENOENT;
}

/* ---- showing histograms ---- */

/* Does the kernel's list (text of len bytes, comma-separated) hold the word w? */
struct shell_hist {
	struct shell *sh;
	const struct tq_sql_compiled *c;
	size_t from;		/* the histograms of this statement (not of earlier CREATEs) */
};

static int show_shell_hist(void *ctx, bool stamp, bool last)
{
	const struct shell_hist *h = ctx;
	int ret;

	fflush(h->sh->out);
	ret = hist_show_compiled(h->sh->tfs, h->c, h->from, TQ_HIST_AUTO, stamp, h->sh->out);
	if (!ret && !last)
		fputc('\n', h->sh->out);
	return ret;
}

static void say_how_to_stop(void *ctx)
{
	const struct shell_hist *h = ctx;
	/* interactive, the terminal is stdout; a script says it only to a terminal */
	FILE *note = h->sh->interactive ? stdout : stderr;

	if (h->sh->duration > 0 || (!h->sh->interactive && !isatty(STDERR_FILENO)))
		return;
	fprintf(note, "tracing; %s to stop%s\n", h->sh->interactive ? "Enter or Ctrl-C" :
		"Ctrl-C", h->sh->interval_now ? "" : " and show the histogram");
	fflush(note);
}

/* Apply a histogram statement's steps, wait, show it, and remove it again. */
static int run_histogram(struct shell *sh, const struct tq_plan *plan,
			 const struct tq_sql_compiled *c, size_t hist_from, double interval)
{
	struct shell_hist h = { .sh = sh, .c = c, .from = hist_from };
	struct hist_session s = {
		.tfs = sh->tfs,
		.plan = plan,
		.duration = sh->duration,
		.interval = interval,
		.enter_stops = sh->interactive,
		.print = sh->print ? sh->out : NULL,
		.started = say_how_to_stop,
		.show = show_shell_hist,
		.ctx = &h,
	};

	sh->interval_now = interval > 0;
	return hist_session_run(&s);
}

/* ---- statements ---- */

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* Show a compile error with its caret under the statement as typed. */
static void show_diag(struct shell *sh, const char *stmt, struct tq_sql_diag *d, size_t prefix)
{
	char *msg;
	size_t n;

	if (d->pos.line && d->pos.off >= prefix) {
		d->pos.off -= prefix;
		d->pos.line -= (unsigned)count_lines(sh->kept_src);
		/* in a script, the line of the file */
		if (!sh->interactive || sh->depth)
			d->pos.line += sh->stmt_line - 1;
	} else if (d->pos.line) {
		memset(&d->pos, 0, sizeof(d->pos));
	}
	/* the shell's own way to see an event's fields */
	if (d->hint && !strncmp(d->hint, "tq list -e ", 11) && strstr(d->hint, " -F shows its")) {
		char *h, *ev = strndup(d->hint + 11, strcspn(d->hint + 11, " "));

		if (ev && strchr(ev, ':'))
			*strchr(ev, ':') = '.';
		if (ev && asprintf(&h, "\\d %s shows its fields", ev) >= 0) {
			free(d->hint);
			d->hint = h;
		}
		free(ev);
	}
	msg = tq_sql_diag_format(stmt, d);
	n = msg ? strlen(msg) : 0;
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	if (!sh->interactive || sh->depth)
		put_err("%s: %s", sh->input, msg ? msg : "out of memory");
	else
		put_err("%s", msg ? msg : "out of memory");
	free(msg);
}

static bool starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return !strncasecmp(s, w, n) && (s[n] == ' ' || s[n] == '\t' || s[n] == '\n');
}

/* A copy of plan's steps from index from on. */
static int plan_tail(const struct tq_plan *plan, size_t from, struct tq_plan *out)
{
	int ret = 0;

	tq_plan_init(out);
	for (size_t i = from; !ret && i < plan->len; i++) {
		const struct tq_step *s = &plan->steps[i];

		switch (s->op) {
		case TQ_STEP_MKDIR:
			ret = tq_plan_mkdir(out, s->path, s->flags);
			break;
		case TQ_STEP_RMDIR:
			ret = tq_plan_rmdir(out, s->path, s->flags);
			break;
		case TQ_STEP_WRITE:
			ret = tq_plan_write(out, s->path, s->text, s->flags);
			break;
		case TQ_STEP_APPEND:
			ret = tq_plan_append(out, s->path, s->text, s->undo, s->flags);
			break;
		}
		if (!ret && s->origin)
			ret = tq_plan_set_origin(out, s->origin);
	}
	if (ret)
		tq_plan_release(out);
	return ret;
}

/* Apply steps that stay for the session (CREATE EVENT, a JOIN without a histogram). */
static int apply_kept(struct shell *sh, const struct tq_plan *plan)
{
	struct tq_plan undo;
	int ret;

	tq_plan_init(&undo);
	if (sh->print)
		tq_plan_print(plan, print_root(), sh->out);
	ret = run_plan(plan, false, sh->tfs, &undo);
	if (!ret && note_made(sh, plan, 0, &undo)) {
		remove_made(sh->tfs, &undo);
		put_err("out of memory");
		ret = -1;
	}
	tq_plan_release(&undo);
	return ret ? -1 : 0;
}

static int remember_create(struct shell *sh, const char *stmt, const struct tq_sql_compiled *c)
{
	char *src;

	if (asprintf(&src, "%s%s;\n", sh->kept_src ? sh->kept_src : "", stmt) < 0)
		return -1;
	free(sh->kept_src);
	sh->kept_src = src;
	sh->kept_steps = c->plan.len;
	sh->kept_hists = c->nhists;
	return 0;
}

/* Compile a statement after the session's CREATE EVENTs; on error, show it. */
static int compile_stmt(struct shell *sh, const char *stmt, struct tq_sql_compiled *c)
{
	struct tq_sql_diag d = { 0 };
	struct tq_sql_options opt = sh->opt;
	size_t prefix = sh->kept_src ? strlen(sh->kept_src) : 0;
	char *full, *anon = NULL;
	int ret;

	if (asprintf(&full, "%s%s", sh->kept_src ? sh->kept_src : "", stmt) < 0) {
		put_err("out of memory");
		return -1;
	}
	/*
	 * The session's own events exist in the kernel once created; the compiler would take
	 * them for name clashes. A clash with an event of the kernel is still caught when
	 * the kernel refuses the definition.
	 */
	opt.removing = prefix > 0;
	/* a kprobe made in another terminal since the last statement */
	tq_catalog_refresh_if_changed(sh->cat);
	/* a JOIN kept for the session holds its default name: the next one needs another */
	if (!opt.name && sh->nanon) {
		if (asprintf(&anon, "Anonymous_%zu", sh->nanon + 1) < 0)
			anon = NULL;
		opt.name = anon;
	}
	ret = tq_sql_compile(full, strlen(full), sh->cat, &opt, c, &d);
	free(full);
	free(anon);
	if (ret) {
		if (ret == -EOPNOTSUPP)
			sh->unsupported = true;
		show_diag(sh, stmt, &d, prefix);
		tq_sql_diag_release(&d);
		return -1;
	}
	return 0;
}

/* -i FILE: a histogram computed from the file, after the CREATE EVENTs so far. */
static int run_file_statement(struct shell *sh, const char *stmt)
{
	struct hist_file_opts fo = {
		.files = &sh->trace_file, .nfiles = 1, .sql = &sh->opt, .fmt = TQ_HIST_AUTO,
	};
	char *text;
	int ret;

	if (asprintf(&text, "%s%s", sh->file_src ? sh->file_src : "", stmt) < 0) {
		put_err("out of memory");
		return -1;
	}
	if (starts_with_word(stmt, "CREATE")) {
		/* checked now, kept for the statements that read it */
		free(sh->file_src);
		sh->file_src = NULL;
		if (asprintf(&sh->file_src, "%s;\n", text) < 0) {
			free(text);
			put_err("out of memory");
			return -1;
		}
		free(text);
		fprintf(sh->out, "created event (for the queries that follow)\n");
		return 0;
	}
	fflush(sh->out);
	ret = hist_file_run(&fo, text);
	free(text);
	return ret;
}

static int run_statement(struct shell *sh, const char *stmt, double interval)
{
	struct tq_sql_compiled c;
	struct tq_plan plan;
	bool create = starts_with_word(stmt, "CREATE");
	int ret;

	if (sh->trace_file)
		return run_file_statement(sh, stmt);
	if (compile_stmt(sh, stmt, &c))
		return -1;
	ret = plan_tail(&c.plan, sh->kept_steps, &plan);
	if (ret) {
		tq_sql_compiled_release(&c);
		put_err("out of memory");
		return -1;
	}
	ret = need_tracefs(sh);
	if (!ret && plan.len && !tq_tracefs_readme_has(sh->tfs, "hist trigger")) {
		/* formats from -t DIR: the commands can still be shown for another kernel */
		if (sh->print)
			tq_plan_print(&plan, print_root(), sh->out);
		put_err("this kernel lacks hist triggers (CONFIG_HIST_TRIGGERS)%s",
			sh->print ? ": the commands above are for a kernel that has them" :
			"; \\print on shows the commands for a kernel that has them");
		sh->unsupported = true;
		ret = -1;
	} else if (!ret && !plan.len) {
		ret = 0;
	} else if (!ret && c.nhists > sh->kept_hists) {
		ret = run_histogram(sh, &plan, &c, sh->kept_hists, interval);
		if (!create) {
			char *last = strdup(stmt);

			if (last) {
				free(sh->last_hist);
				sh->last_hist = last;
			}
		}
	} else if (!ret) {
		ret = apply_kept(sh, &plan);
		if (!ret) {
			const struct made *m = &sh->made[sh->nmade - 1];

			fprintf(sh->out, "%s %s (%s)\n", create ? "created event" :
				"created synthetic event", m->name, m->decl);
			if (create && remember_create(sh, stmt, &c))
				ret = -1;
			if (!create && !sh->opt.name)
				sh->nanon++;
		}
	}
	tq_plan_release(&plan);
	tq_sql_compiled_release(&c);
	fflush(sh->out);
	return ret;
}

/* ---- backslash commands ---- */

static char *format_path(struct shell *sh, const char *sys, const char *name)
{
	const char *root = tq_catalog_root(sh->cat);
	char *p;

	if (asprintf(&p, "%s/events/%s/%s/format", root, sys, name) < 0)
		return NULL;
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	if (asprintf(&p, "%s/%s/%s/format", root, sys, name) < 0)
		return NULL;
	return p;
}

static void print_fmt_of(struct shell *sh, const char *sys, const char *name)
{
	char *path = format_path(sh, sys, name), *line = NULL;
	size_t cap = 0;
	FILE *f = path ? fopen(path, "r") : NULL;

	while (f && getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "print fmt: ", 11)) {
			fprintf(sh->out, "%s", line);
			break;
		}
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
}

static void describe_fields(struct shell *sh, struct tep_format_field **f)
{
	for (size_t i = 0; f && f[i]; i++) {
		char type[128];

		snprintf(type, sizeof(type), "%s", f[i]->type);
		fprintf(sh->out, "  %-28s %-32s %6d %5d  %s\n", f[i]->name, type, f[i]->offset,
			f[i]->size, f[i]->flags & TEP_FIELD_IS_SIGNED ? "yes" : "no");
	}
}

static int meta_describe(struct shell *sh, const char *arg)
{
	char sys[128] = "", name[256];
	const char *sep = strpbrk(arg, ".:");
	struct tep_event *ev = NULL;
	struct tep_format_field **f;
	int ret;

	if (!*arg) {
		put_err("\\d needs an event: \\d sched.sched_switch");
		return -1;
	}
	if (sep) {
		snprintf(sys, sizeof(sys), "%.*s", (int)(sep - arg), arg);
		snprintf(name, sizeof(name), "%s", sep + 1);
	} else {
		snprintf(name, sizeof(name), "%s", arg);
	}
	for (size_t i = 0; i < sh->nmade && (!*sys || !strcmp(sys, "synthetic")); i++) {
		if (!strcmp(sh->made[i].name, name)) {
			fprintf(sh->out, "synthetic.%s (made in this session)\n  %s\n",
				name, sh->made[i].decl);
			return 0;
		}
	}
	tq_catalog_refresh_if_changed(sh->cat);
	ret = tq_catalog_event(sh->cat, *sys ? sys : NULL, name, &ev);
	if (ret == -ENOENT) {
		/* made since the list was read, where dynamic_events does not tell (a module) */
		tq_catalog_refresh(sh->cat);
		ret = tq_catalog_event(sh->cat, *sys ? sys : NULL, name, &ev);
	}
	if (ret == -ENOENT) {
		const char *near = tq_catalog_suggest(sh->cat, *sys ? sys : NULL, name);
		char dotted[512];

		/* the shell writes events as system.event */
		snprintf(dotted, sizeof(dotted), "%s", near ? near : "");
		if (strchr(dotted, ':'))
			*strchr(dotted, ':') = '.';
		put_err("no event '%s'%s%s%s", arg, near ? " (did you mean " : "", dotted,
			near ? "?)" : "");
		return -1;
	}
	if (ret) {
		put_err("%s", tq_errmsg(ret));
		return -1;
	}
	fprintf(sh->out, "%s.%s (id %d)\n", ev->system, ev->name, ev->id);
	fprintf(sh->out, "  %-28s %-32s %6s %5s  %s\n", "field", "type", "offset", "size",
		"signed");
	f = tep_event_common_fields(ev);
	describe_fields(sh, f);
	free(f);
	f = tep_event_fields(ev);
	describe_fields(sh, f);
	free(f);
	print_fmt_of(sh, ev->system, ev->name);
	fflush(sh->out);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does \l's pattern take sys.event (or its event alone)? */
static bool list_match(const char *pat, const char *glob, const char *dotted)
{
	const char *name = strchr(dotted, '.') + 1;

	return !*pat || !fnmatch(glob ? glob : pat, dotted, 0) ||
	       !fnmatch(glob ? glob : pat, name, 0);
}

static int meta_list(struct shell *sh, const char *pat)
{
	size_t n = 0;
	const char *const *names;
	struct tq_strlist shown;
	char *glob = NULL;
	int ret = 0;

	/* a listing is asked for rarely, and must show what was made since the last one */
	tq_catalog_refresh(sh->cat);
	names = tq_catalog_names(sh->cat, &n);
	if (*pat && !strpbrk(pat, "*?[") && asprintf(&glob, "*%s*", pat) < 0)
		glob = NULL;
	tq_strlist_init(&shown);
	for (size_t i = 0; !ret && i < n; i++) {
		const char *colon = strchr(names[i], ':');
		char *dotted;

		if (!colon || asprintf(&dotted, "%.*s.%s", (int)(colon - names[i]), names[i],
				       colon + 1) < 0)
			continue;
		if (!list_match(pat, glob, dotted))
			free(dotted);
		else
			ret = tq_strlist_take(&shown, dotted);
	}
	/* the session's own events, also where the event list does not have them yet */
	for (size_t i = 0; !ret && i < sh->nmade; i++) {
		char *dotted;

		if (!strcmp(sh->made[i].name, "(triggers)"))
			continue;
		if (asprintf(&dotted, "synthetic.%s", sh->made[i].name) < 0)
			ret = -ENOMEM;
		else if (!list_match(pat, glob, dotted) || tq_strlist_find(&shown, dotted) >= 0)
			free(dotted);
		else
			ret = tq_strlist_take(&shown, dotted);
	}
	free(glob);
	if (shown.len)
		qsort(shown.items, shown.len, sizeof(*shown.items), cmp_str);
	for (size_t i = 0; i < shown.len; i++)
		fprintf(sh->out, "%s\n", shown.items[i]);
	fflush(sh->out);
	if (ret)
		put_err("out of memory");
	else if (!shown.len && *pat)
		fprintf(stderr, "no event matches '%s'\n", pat);
	tq_strlist_release(&shown);
	return ret ? -1 : 0;
}

static int meta_made(struct shell *sh)
{
	if (!sh->nmade)
		fprintf(sh->out, "no events made in this session\n");
	for (size_t i = 0; i < sh->nmade; i++)
		fprintf(sh->out, "synthetic.%s (%s)%s\n", sh->made[i].name, sh->made[i].decl,
			sh->keep ? " kept" : "");
	fflush(sh->out);
	return 0;
}

static int meta_output(struct shell *sh, const char *file)
{
	FILE *f = stdout;

	if (*file) {
		f = fopen(file, "w");
		if (!f) {
			put_err("cannot open '%s': %s", file, strerror(errno));
			return -1;
		}
	}
	if (sh->out != stdout)
		fclose(sh->out);
	sh->out = f;
	return 0;
}

static int meta_seconds(const char *arg, double *out, bool zero_ok)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || v < 0 || (!zero_ok && v == 0)) {
		put_err("'%s' is not a number of seconds", arg);
		return -1;
	}
	*out = v;
	return 0;
}

static void meta_help(struct shell *sh)
{
	fprintf(sh->out, "Statements end with ';' and may span lines:\n"
		"  SELECT ...;                   run a histogram, show it, remove it\n"
		"  CREATE EVENT name AS SELECT ...;  a synthetic event for later statements\n"
		"Commands:\n");
	for (size_t i = 0; tq_sh_metas[i].name; i++) {
		char head[32];

		snprintf(head, sizeof(head), "%s %s", tq_sh_metas[i].name, tq_sh_metas[i].args);
		fprintf(sh->out, "  %-20s %s\n", head, tq_sh_metas[i].help);
	}
	fprintf(sh->out, "Tab completes keywords, events, fields and modifiers; Ctrl-C cancels "
		"the statement or stops a histogram; Ctrl-D quits.\n");
	fflush(sh->out);
}

static int run_stream(struct shell *sh, FILE *in, const char *name);

static int meta_include(struct shell *sh, const char *file)
{
	FILE *f;
	int ret;

	if (!*file) {
		put_err("\\i needs a file");
		return -1;
	}
	if (sh->depth >= 16) {
		put_err("'%s': \\i nested too deeply", file);
		return -1;
	}
	f = fopen(file, "r");
	if (!f) {
		put_err("cannot open '%s': %s", file, strerror(errno));
		return -1;
	}
	sh->depth++;
	ret = run_stream(sh, f, file);
	sh->depth--;
	fclose(f);
	return ret;
}

static int meta_keep(struct shell *sh)
{
	sh->keep = true;
	if (!sh->nmade) {
		fprintf(sh->out, "nothing to keep yet; what follows stays after exit\n");
		return 0;
	}
	fprintf(sh->out, "kept after exit; to remove them later:\n");
	for (size_t i = sh->nmade; i-- > 0;)
		tq_plan_print(&sh->made[i].undo, print_root(), sh->out);
	fflush(sh->out);
	return 0;
}

static int run_meta(struct shell *sh, char *line)
{
	char *cmd = line, *arg;
	size_t n;

	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	arg = cmd + strcspn(cmd, " \t");
	if (*arg)
		*arg++ = '\0';
	arg += strspn(arg, " \t");
	n = strlen(arg);
	while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t' || arg[n - 1] == ';'))
		arg[--n] = '\0';

	if (!strcmp(cmd, "\\q"))
		sh->quit = true;
	else if (!strcmp(cmd, "\\?") || !strcmp(cmd, "\\h"))
		meta_help(sh);
	else if (!strcmp(cmd, "\\d"))
		return meta_describe(sh, arg);
	else if (!strcmp(cmd, "\\l"))
		return meta_list(sh, arg);
	else if (!strcmp(cmd, "\\dt"))
		return meta_made(sh);
	else if (!strcmp(cmd, "\\o"))
		return meta_output(sh, arg);
	else if (!strcmp(cmd, "\\i"))
		return meta_include(sh, arg);
	else if (!strcmp(cmd, "\\keep"))
		return meta_keep(sh);
	else if (!strcmp(cmd, "\\reset")) {
		if (sh->cur)
			tq_sh_buf_clear(sh->cur);
		return forget_made(sh, true);
	} else if (!strcmp(cmd, "\\print")) {
		if (!strcmp(arg, "on") || !strcmp(arg, "off"))
			sh->print = !strcmp(arg, "on");
		else if (!*arg)
			sh->print = !sh->print;
		else {
			put_err("\\print takes on or off");
			return -1;
		}
		if (sh->interactive && !sh->depth)
			fprintf(stderr, "print is %s\n", sh->print ? "on" : "off");
	} else if (!strcmp(cmd, "\\duration")) {
		if (*arg)
			return meta_seconds(arg, &sh->duration, true);
		if (sh->duration > 0)
			fprintf(sh->out, "histograms run %g s\n", sh->duration);
		else
			fprintf(sh->out, "histograms run until %s\n",
				sh->interactive ? "Enter or Ctrl-C" : "Ctrl-C");
	} else if (!strcmp(cmd, "\\watch")) {
		double secs;

		if (!*arg) {
			put_err("\\watch needs SECONDS: '\\watch 2' shows the last histogram "
				"every 2 s");
			return -1;
		}
		if (meta_seconds(arg, &secs, false))
			return -1;
		if (!sh->last_hist) {
			put_err("no histogram to watch yet: run a SELECT first");
			return -1;
		}
		return run_statement(sh, sh->last_hist, secs);
	} else {
		put_err("unknown command '%s' (\\? lists them)", cmd);
		return -1;
	}
	return 0;
}

/* ---- input ---- */

static bool is_meta(const char *line)
{
	size_t n = strcspn(line, " \t");

	for (size_t i = 0; tq_sh_metas[i].name; i++)
		if (strlen(tq_sh_metas[i].name) == n && !strncmp(tq_sh_metas[i].name, line, n))
			return true;
	return false;
}

/* One line of input: a backslash command, or part of a statement. */
static int feed_line(struct shell *sh, struct tq_sh_buf *buf, char *line)
{
	const char *p = line;
	char *stmt;
	int ret = 0, r;

	sh->line++;
	while (*p == ' ' || *p == '\t')
		p++;
	/* a command between the lines of a statement runs too (\q, \reset); any other
	 * backslash there is SQL's \word */
	if (*p == '\\' && (tq_sh_buf_empty(buf) || is_meta(p)))
		return run_meta(sh, line);
	if (tq_sh_buf_empty(buf)) {
		tq_sh_buf_clear(buf);
		sh->stmt_line = sh->line;
	}
	if (tq_sh_buf_add(buf, line)) {
		put_err("out of memory");
		return -1;
	}
	while ((r = tq_sh_buf_take(buf, &stmt)) > 0) {
		struct tq_sh_buf tmp = { .text = stmt, .len = strlen(stmt) };

		if (!tq_sh_buf_empty(&tmp))
			ret = run_statement(sh, stmt, 0) ? -1 : ret;
		free(stmt);
		sh->stmt_line = sh->line;
		if (ret && !sh->keep_going && (!sh->interactive || sh->depth))
			break;
	}
	if (r < 0) {
		put_err("out of memory");
		ret = -1;
	}
	return ret;
}

static int run_stream(struct shell *sh, FILE *in, const char *name)
{
	struct tq_sh_buf buf;
	const char *old_input = sh->input;
	struct tq_sh_buf *old_cur = sh->cur;
	unsigned old_line = sh->line, old_stmt = sh->stmt_line;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	tq_sh_buf_init(&buf);
	sh->input = name;
	sh->line = 0;
	sh->cur = &buf;
	while (!sh->quit && !stop_terminated() && (n = getline(&line, &cap, in)) >= 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (feed_line(sh, &buf, line)) {
			ret = -1;
			if (!sh->keep_going)
				break;
		}
	}
	if (!ret && !sh->quit && !stop_terminated() && !tq_sh_buf_empty(&buf)) {
		put_err("%s: the last statement has no ';' at its end", name);
		ret = -1;
	}
	free(line);
	tq_sh_buf_release(&buf);
	sh->input = old_input;
	sh->cur = old_cur;
	sh->line = old_line;
	sh->stmt_line = old_stmt;
	return ret;
}

/* ---- the interactive loop ---- */

static const char *prompt_of(struct shell *sh)
{
	return tq_sh_buf_empty(&sh->buf) ? "tq> " : " -> ";
}

static struct tq_strlist completions;
static size_t completion_next;

static char *completion_gen(const char *text, int state)
{
	(void)text;
	if (!state)
		completion_next = 0;
	if (completion_next >= completions.len)
		return NULL;
	return strdup(completions.items[completion_next++]);
}

static char **complete(const char *text, int start, int end)
{
	struct shell *sh = the_shell;
	struct tq_sh_complete_in in = {
		.cat = sh->cat, .word = text, .after = rl_line_buffer + end,
		.extra_fields = session_fields, .ctx = sh,
	};
	const char *line = rl_line_buffer + strspn(rl_line_buffer, " \t");
	const char **extra = NULL;
	char *before;
	char **matches;

	rl_attempted_completion_over = 1;
	/* \o and \i take file names: readline's own completion does those */
	if (tq_sh_buf_empty(&sh->buf) && (!strncmp(line, "\\o ", 3) || !strncmp(line, "\\i ", 3))) {
		rl_attempted_completion_over = 0;
		return NULL;
	}
	if (asprintf(&before, "%s%.*s", tq_sh_buf_empty(&sh->buf) ? "" : sh->buf.text,
		     start, rl_line_buffer) < 0)
		return NULL;
	if (sh->nmade) {
		extra = calloc(sh->nmade, sizeof(*extra));
		for (size_t i = 0; extra && i < sh->nmade; i++)
			extra[i] = sh->made[i].name;
		in.extra_events = extra;
		in.nextra = extra ? sh->nmade : 0;
	}
	in.before = before;
	tq_catalog_refresh_if_changed(sh->cat);
	tq_strlist_release(&completions);
	tq_strlist_init(&completions);
	if (tq_sh_complete(&in, &completions))
		tq_strlist_release(&completions);
	free(extra);
	free(before);
	matches = completions.len ? rl_completion_matches(text, completion_gen) : NULL;
	/* "sched." and "count(" go on: no space after them */
	if (completions.len == 1) {
		char last = completions.items[0][strlen(completions.items[0]) - 1];

		rl_completion_append_character = last == '.' || last == '(' || last == '=' ?
			'\0' : ' ';
	}
	return matches;
}

/*
 * Complete the last word of line as Tab would (lines before it in the statement joined
 * with newlines), one candidate a line: for tests, and for timing on a big kernel.
 */
static int complete_batch(struct shell *sh, const char *line)
{
	struct tq_sh_complete_in in = {
		.cat = sh->cat, .extra_fields = session_fields, .ctx = sh,
	};
	struct tq_strlist out;
	size_t start = strlen(line);
	char *before;
	int ret;

	while (start > 0 && !strchr(tq_sh_word_breaks, line[start - 1]))
		start--;
	before = strndup(line, start);
	if (!before)
		return error("out of memory");
	in.before = before;
	in.word = line + start;
	tq_catalog_refresh_if_changed(sh->cat);
	tq_strlist_init(&out);
	ret = tq_sh_complete(&in, &out);
	for (size_t i = 0; !ret && i < out.len; i++)
		printf("%s\n", out.items[i]);
	tq_strlist_release(&out);
	free(before);
	if (ret)
		return error("%s", tq_errmsg(ret));
	return 0;
}

static void add_history_entry(const char *text)
{
	char *entry = strdup(text), *e;
	size_t n;

	if (!entry)
		return;
	n = strlen(entry);
	while (n && (entry[n - 1] == '\n' || entry[n - 1] == ' '))
		entry[--n] = '\0';
	/* one line per entry, so that the history file reads back the same; a statement
	 * with -- comments keeps its lines */
	if (!strstr(entry, "--"))
		for (e = entry; *e; e++)
			if (*e == '\n')
				*e = ' ';
	if (*entry)
		add_history(entry);
	free(entry);
}

static void on_line(char *line)
{
	struct shell *sh = the_shell;
	bool was_empty = tq_sh_buf_empty(&sh->buf);
	char *stmt_start;

	if (!line) {
		sh->quit = true;
		/* removed here, readline would show the prompt again after this handler */
		rl_callback_handler_remove();
		fputc('\n', stdout);
		return;
	}
	/* the statement as a whole goes to history, also when it fails: edit and retry */
	stmt_start = was_empty ? NULL : strdup(sh->buf.text);
	if (*line == '\\' && was_empty) {
		add_history_entry(line);
	} else if (strchr(line, ';') || (was_empty && !*line)) {
		char *all;

		if (asprintf(&all, "%s%s", stmt_start ? stmt_start : "", line) >= 0) {
			if (strspn(all, " \t\n") != strlen(all))
				add_history_entry(all);
			free(all);
		}
	}
	free(stmt_start);
	feed_line(sh, &sh->buf, line);
	free(line);
	if (!sh->quit)
		rl_set_prompt(prompt_of(sh));
}

static char *history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *p = NULL;

	if (state && *state) {
		/* XDG: the directory is made when first needed, the parent too */
		mkdir(state, 0700);
		if (asprintf(&p, "%s/tq", state) < 0)
			return NULL;
		mkdir(p, 0700);
		free(p);
		if (asprintf(&p, "%s/tq/history", state) < 0)
			return NULL;
	} else if (home && *home) {
		if (asprintf(&p, "%s/.tq_history", home) < 0)
			return NULL;
	}
	return p;
}

static void cancel_line(struct shell *sh)
{
	/* leave what was typed on the screen, as shells do, and start afresh below it */
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C\n", rl_outstream);
	fflush(rl_outstream);
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_cleanup_after_signal();
	rl_reset_after_signal();
	tq_sh_buf_clear(&sh->buf);
	rl_replace_line("", 0);
	rl_set_prompt(prompt_of(sh));
	rl_on_new_line();
	rl_redisplay();
}

static int run_interactive(struct shell *sh)
{
	char *hist = history_path();

	the_shell = sh;
	sh->cur = &sh->buf;
	rl_readline_name = "tq";
	rl_catch_signals = 0;
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = (char *)tq_sh_word_breaks;
	rl_completer_word_break_characters = (char *)tq_sh_word_breaks;
	rl_variable_bind("completion-ignore-case", "on");
	using_history();
	stifle_history(2000);
	if (hist)
		read_history(hist);
	{
		size_t n = 0;

		tq_catalog_names(sh->cat, &n);
		fprintf(stdout, "tq shell: SQL over the %zu trace events of %s. \\? for help, "
			"Ctrl-D to quit.\n", n, tq_catalog_root(sh->cat));
	}
	rl_callback_handler_install(prompt_of(sh), on_line);
	while (!sh->quit && !stop_terminated()) {
		fd_set fds;
		int n;

		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		n = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, stop_wait_mask());
		if (n < 0) {
			if (stop_interrupted()) {
				stop_interrupted_clear();
				cancel_line(sh);
			}
			continue;
		}
		rl_callback_read_char();
	}
	rl_callback_handler_remove();
	if (hist && write_history(hist))
		fprintf(stderr, "tq: shell: cannot save history in '%s'\n", hist);
	free(hist);
	tq_strlist_release(&completions);
	return 0;
}

int cmd_shell(int argc, char **argv)
{
	struct shell sh = { .out = stdout };
	const char *file = NULL, *dur = NULL, *complete_line = NULL, *copy = NULL;
	int ret;
	static const char *const usage[] = {
		"tq shell [options]",
		"tq shell [options] -f FILE",
		NULL,
	};
	const struct option options[] = {
		OPT_STRING('f', "file", &file, "FILE", "run the statements in FILE ('-': stdin)"),
		OPT_STRING('d', "duration", &dur, "SECONDS",
			   "run each histogram for SECONDS (scripts: 1 by default)"),
		OPT_STRING('t', "tracefs-copy", &copy, "DIR",
			   "take event formats from DIR (statements still run live)"),
		OPT_STRING('B', "instance", &sh.opt.instance, "NAME",
			   "put the hist triggers in instance NAME"),
		OPT_STRING('i', "input", &sh.trace_file, "FILE",
			   "run the queries over the events of a trace.dat file instead"),
		OPT_BOOL(0, "print", &sh.print, "show the tracefs commands each statement runs"),
		OPT_BOOL('k', "keep-going", &sh.keep_going,
			 "in a script, go on after a failed statement"),
		{ .type = OPT_STRING, .long_name = "complete", .value = &complete_line,
		  .argh = "LINE", .help = "print what Tab offers at the end of LINE",
		  .flags = OPT_HIDDEN },
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, 0, NULL);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc)
		return usage_error("unexpected argument '%s'", argv[0]);
	sh.interactive = !file && isatty(STDIN_FILENO);
	sh.duration = sh.interactive ? 0 : 1;
	if (dur) {
		char *end;

		sh.duration = strtod(dur, &end);
		if (*end || sh.duration < 0)
			return usage_error("'%s' is not a number of seconds", dur);
	}
	ret = tq_catalog_open(&sh.cat, copy ? copy : tq_tracefs_dir);
	if (ret)
		return error("%s", tq_errmsg(ret));
	the_shell = &sh;
	tq_sh_buf_init(&sh.buf);
	if (complete_line) {
		ret = complete_batch(&sh, complete_line);
		tq_catalog_free(sh.cat);
		return ret;
	}

	stop_signals_block();

	if (sh.interactive) {
		ret = run_interactive(&sh);
	} else if (file && strcmp(file, "-")) {
		FILE *f = fopen(file, "r");

		if (!f) {
			ret = error_errno("cannot open '%s'", file);
		} else {
			ret = run_stream(&sh, f, file);
			fclose(f);
		}
	} else {
		ret = run_stream(&sh, stdin, "<stdin>");
	}
	if (sh.interactive && !sh.keep && sh.nmade) {
		fprintf(stderr, "removing what this session made:");
		for (size_t i = 0; i < sh.nmade; i++)
			fprintf(stderr, " %s", sh.made[i].name);
		fputc('\n', stderr);
	}
	if (!sh.keep && forget_made(&sh, true))
		ret = -1;
	else
		forget_made(&sh, false);
	if (stop_terminated())
		ret = -1;
	else if (ret && sh.unsupported && !sh.interactive)
		ret = fail_unsupported();
	if (sh.out != stdout)
		fclose(sh.out);
	fflush(stdout);
	free(sh.last_hist);
	free(sh.file_src);
	tq_sh_buf_release(&sh.buf);
	tq_tracefs_close(sh.tfs);
	tq_catalog_free(sh.cat);
	the_shell = NULL;
	stop_signals_restore();
	return ret;
}
