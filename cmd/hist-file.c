// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq hist -i FILE QUERY: the histograms of a query computed from recorded events (sql/eval.c)
 * instead of the kernel's hist triggers, shown as the live command shows them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "builtin.h"
#include "hist-file.h"
#include "hist-folded.h"
#include "hist-heatmap.h"
#include "hist-session.h"
#include "print/histfile.h"
#include "sql/eval.h"
#include "sql/sql.h"
#include "tracedat/read.h"
#include "util/diag.h"

/* Some events of a file, "sys:event" with commas, for "the file holds ..." (malloc'd). */
static char *file_events(struct tep_handle *tep)
{
	struct tep_event **evs = tep_list_events(tep, TEP_EVENT_SORT_SYSTEM);
	char *buf = NULL;
	size_t len = 0, n = 0, shown = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; evs && evs[i]; i++) {
		/* ftrace's own formats (function, print...) are not events one records */
		if (!strcmp(evs[i]->system, "ftrace"))
			continue;
		if (n++ < 12)
			fprintf(f, "%s%s:%s", shown++ ? ", " : "", evs[i]->system, evs[i]->name);
	}
	if (n > shown)
		fprintf(f, " and %zu more", n - shown);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Compile against the first file's formats; errors under the query, as live. */
static int compile(const char *text, struct tq_tracedat *td, const struct tq_sql_options *opt,
		   struct tq_eval **out)
{
	struct tq_sql_diag diag = { 0 };
	char *msg, *evs;
	size_t n;
	int ret = tq_eval_new(text, strlen(text), td->tep, opt, out, &diag);

	if (!ret) {
		const struct tq_sql_compiled *c = tq_eval_compiled(*out);

		for (size_t i = 0; i < c->nwarnings; i++) {
			msg = tq_sql_diag_format(text, &c->warnings[i]);
			n = msg ? strlen(msg) : 0;
			while (n && msg[n - 1] == '\n')
				msg[--n] = '\0';
			warning("%s", msg ? msg : "out of memory");
			free(msg);
		}
		return 0;
	}
	msg = tq_sql_diag_format(text, &diag);
	n = msg ? strlen(msg) : 0;
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	error("%s", msg ? msg : "out of memory");
	if (diag.msg && strstr(diag.msg, "no event")) {
		evs = file_events(td->tep);
		fprintf(stderr, "    %s holds: %s (tq report -E -i %s)\n", td->path,
			evs && *evs ? evs : "no events", td->path);
		free(evs);
	}
	free(msg);
	tq_sql_diag_release(&diag);
	return -1;
}

/* The other files must describe the events the same way: one engine reads them all. */
static int check_same_formats(struct tq_tracedat *first, struct tq_tracedat *td)
{
	struct tep_event **evs = tep_list_events(td->tep, TEP_EVENT_SORT_ID);

	for (size_t i = 0; evs && evs[i]; i++) {
		struct tep_event *o = tep_find_event(first->tep, evs[i]->id);

		if (o && (strcmp(o->name, evs[i]->name) || strcmp(o->system, evs[i]->system) ||
			  o->format.nr_fields != evs[i]->format.nr_fields))
			return error("'%s' and '%s' number their events differently (id %d is %s:%s "
				     "in one, %s:%s in the other): give them one at a time",
				     first->path, td->path, evs[i]->id, o->system, o->name,
				     evs[i]->system, evs[i]->name);
	}
	return 0;
}

/* The CPUs of one buffer (the top one, or -B NAME's), as a hist trigger sees one instance. */
static int add_cursors(struct tq_td_merge *m, struct tq_tracedat *td, int source,
		       const char *instance, int *found)
{
	for (int b = 0; b < td->nbuffers; b++) {
		if (td->buffers[b].latency || strcmp(td->buffers[b].name, instance ? instance : ""))
			continue;
		(*found)++;
		for (int e = 0; e < td->buffers[b].nentries; e++) {
			struct tq_td_cursor *c;
			int err;

			if (!td->buffers[b].cpus[e].size)
				continue;
			err = tq_td_cursor_new(td, b, e, &c);
			if (!err)
				err = tq_td_merge_add(m, c, source);
			if (err)
				return err;
		}
	}
	return 0;
}

static int show(struct tq_eval *e, const struct hist_file_opts *o)
{
	const struct tq_sql_compiled *c = tq_eval_compiled(e);
	struct hist_metrics m = { 0 };
	int ret = 0;

	if (o->metrics && hist_metrics_init(&m, c, o->metric, o->dialect))
		return -1;
	for (size_t i = 0; !ret && i < c->nhists; i++) {
		char *text = tq_eval_hist_text(e, i);
		const struct tq_hist_table *t;
		struct tq_hist h;

		if (!text)
			return error("out of memory");
		ret = tq_hist_parse(text, &h);
		free(text);
		if (ret) {
			ret = error("%s", tq_errmsg(ret));
			break;
		}
		if (i && o->fmt != TQ_HIST_JSON && !o->metrics)
			fputc('\n', stdout);
		t = tq_hist_find(&h, c->hists[i].trigger);
		if (!t)
			ret = error("internal error: no table for '%s'", c->hists[i].trigger);
		else if (o->metrics)
			ret = hist_metrics_table(&m, i, &c->hists[i], t, stdout);
		else if (!o->flame || !o->flame->folded)
			ret = hist_table_show(t, o->fmt, c->hists[i].limit, false, stdout);
		if (!ret && t && o->flame && hist_flame_wanted(o->flame))
			ret = hist_flame_table(t, o->flame, c->hists[i].trigger);
		tq_hist_release(&h);
	}
	if (!ret && o->metrics && tq_om_end(stdout, o->dialect))
		ret = error("cannot write the metrics");
	hist_metrics_release(&m);
	return ret;
}

/* --heatmap: the first histogram's bucket key, counted per --step of trace time. */
static int heatmap_new(struct tq_eval *e, const struct hist_file_opts *o, const char *text,
		       struct hist_heatmap **out)
{
	if (hist_heatmap_for(out, &tq_eval_compiled(e)->hists[0], o->step, text,
			     o->heatmap_key))
		return -1;
	hist_heatmap_on_eval(*out, e);
	tq_eval_on_hit(e, hist_heatmap_hit, *out);
	return 0;
}

/* uname -m of the recording: the last word of the file's uname option */
static void set_arch(struct tq_eval *e, const struct tq_tracedat *td)
{
	const struct tq_td_option *u = tq_td_find_option(td, TQ_TD_OPT_UNAME);
	char buf[256];
	const char *sp;
	size_t n;

	if (!u || !u->size)
		return;
	n = u->size < sizeof(buf) ? u->size : sizeof(buf) - 1;
	memcpy(buf, u->data, n);
	buf[n] = '\0';
	n = strlen(buf);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\n'))
		buf[--n] = '\0';
	sp = strrchr(buf, ' ');
	tq_eval_set_arch(e, sp ? sp + 1 : buf);
}

/* The events still held for their stack traces, and whether STACKTRACE found any. */
static int finish(struct tq_eval *e)
{
	int err = tq_eval_finish(e);
	uint64_t missing = tq_eval_stack_missing(e);

	if (err < 0)
		return err;
	if (missing)
		warning("%llu events had no stack trace after them and are not in the "
			"STACKTRACE histogram", (unsigned long long)missing);
	return 0;
}

int hist_file_run(const struct hist_file_opts *o, const char *text)
{
	struct hist_heatmap *hm = NULL;
	struct tq_tracedat **td = calloc(o->nfiles, sizeof(*td));
	struct tq_eval *e = NULL;
	struct tq_td_merge *m = NULL;
	struct tq_td_event *ev;
	int ret = 0, err = 0;

	if (!td)
		return error("out of memory");
	for (size_t i = 0; !ret && i < o->nfiles; i++) {
		err = tq_td_open_flags(o->files[i], TQ_TD_LAZY_KALLSYMS, &td[i]);
		if (err)
			ret = error("%s", tq_errmsg(err));
		else if (i)
			ret = check_same_formats(td[0], td[i]);
	}
	if (!ret)
		ret = compile(text, td[0], o->sql, &e);
	/* .sym keys and stack traces name kernel addresses */
	if (!ret && (strstr(text, "sym") || strcasestr(text, "stacktrace")) &&
	    (err = tq_td_load_kallsyms(td[0])))
		ret = error("%s", tq_errmsg(err));
	if (!ret)
		set_arch(e, td[0]);
	if (!ret && !tq_eval_compiled(e)->nhists)
		ret = error("the query makes no histogram: add count(*), a grouping modifier such "
			    "as log2(lat), or GROUP BY");
	if (!ret && o->flame && hist_flame_check(o->flame, tq_eval_compiled(e), text))
		ret = -1;
	/* CPU n of one file is not CPU n of another: a stack follows its event in its file */
	if (!ret && o->nfiles > 1 && tq_eval_keys_by_stack(e))
		ret = usage_error("STACKTRACE keys are read from one file at a time: give one -i "
				  "FILE, and run the query once per recording");
	if (!ret && o->heatmap)
		ret = heatmap_new(e, o, text, &hm);
	if (!ret && (err = tq_td_merge_new(&m)))
		ret = error("%s", tq_errmsg(err));
	for (size_t i = 0; !ret && i < o->nfiles; i++) {
		int found = 0;

		if ((err = add_cursors(m, td[i], (int)i, o->sql->instance, &found)))
			ret = error("%s", tq_errmsg(err));
		else if (!found)
			ret = error("'%s' has no instance '%s' (tq report --stat -i %s lists its "
				    "buffers)", td[i]->path, o->sql->instance, td[i]->path);
	}
	while (!ret && (err = tq_td_merge_next(m, &ev)) > 0) {
		double t = td[ev->source]->clock_is_ns ? (double)ev->rec.ts / 1e9 : 0;

		if ((o->has_from && t < o->from) || (o->has_to && t > o->to))
			continue;
		if (hm)
			hist_heatmap_start(hm, ev->raw_ts);
		err = tq_eval_source(e, (size_t)ev->source, td[ev->source]->tep);
		if (!err)
			err = tq_eval_event(e, &ev->rec, ev->raw_ts);
		if (err < 0)
			break;
	}
	if (!ret && err >= 0 && (err = finish(e)) < 0)
		ret = error("%s: %s", o->nfiles > 1 ? "the files" : td[0]->path, tq_errmsg(err));
	if (!ret && err < 0) {
		/* a damaged file: what was counted up to the damage, and why it stops there */
		char *why = strdup(tq_errmsg(err));

		/* the events held for their stack traces were read before the damage */
		tq_eval_finish(e);
		fprintf(stderr, "tq: hist: the histogram below counts the %llu events read before "
			"the error\n", (unsigned long long)tq_eval_seen(e));
		show(e, o);
		ret = error("%s", why ? why : "cannot read the file");
		free(why);
	} else if (!ret) {
		ret = show(e, o);
		if (!ret && hm && !strcmp(o->heatmap, "-") && o->fmt != TQ_HIST_JSON)
			putchar('\n');
		if (!ret && hm)
			ret = hist_heatmap_write(hm, o->heatmap);
	}
	hist_heatmap_free(hm);
	tq_td_merge_free(m);
	tq_eval_free(e);
	for (size_t i = 0; i < o->nfiles; i++)
		tq_td_close(td[i]);
	free(td);
	return ret;
}
