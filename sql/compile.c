// SPDX-License-Identifier: GPL-2.0-or-later
/* The driver: text -> statements -> analyzed queries -> one plan and its removal. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tracefs/catalog.h"
#include "util/diag.h"
#include "tracefs/access.h"
#include "sql/analyze.h"
#include "sql/sql.h"

void tq_sql_warn(struct tq_sql_ctx *ctx, const struct tq_sql_pos *pos, const char *hint,
		 const char *fmt, ...)
{
	struct tq_sql_diag *nw = realloc(ctx->warnings, (ctx->nwarnings + 1) * sizeof(*nw));
	struct tq_sql_diag *w;
	va_list ap;

	if (!nw)
		return;
	ctx->warnings = nw;
	w = &nw[ctx->nwarnings];
	va_start(ap, fmt);
	tq_sql_vdiag(w, pos, hint, fmt, ap);
	va_end(ap);
	if (w->msg)
		ctx->nwarnings++;
	else
		free(w->hint);
}

/* -m/-c: what sqlhist silently makes nothing of */
static int check_handler_options(struct tq_sql_ctx *ctx, const struct tq_sql_script *script,
				 size_t nev)
{
	const struct tq_sql_options *opt = ctx->opt;
	const char *flag;

	if (!opt || (!opt->max_var && !opt->change_var))
		return 0;
	flag = opt->max_var ? "-m" : "-c";
	if (script->nstmts > 1)
		return tq_sql_error(ctx->diag, NULL, "run the JOIN that -m or -c watches as a tq sql "
				    "of its own", "-m and -c apply to a script of one statement");
	if (nev < 2)
		return tq_sql_error(ctx->diag, &script->stmts[0].sel.pos, "add a JOIN, or drop the "
				    "option", "%s watches a value of a JOIN's synthetic event, and "
				    "this query reads one event", flag);
	if (!opt->save && !opt->snapshot && !opt->trace)
		tq_sql_warn(ctx, NULL, "add -s (snapshot), -S FIELDS (save) or -T (trace), as with "
			    "sqlhist", "%s %s does nothing without an action", flag,
			    opt->max_var ? opt->max_var : opt->change_var);
	return 0;
}

/* A hist trigger without its :size=N, which the kernel ignores when it compares two. */
static char *hist_sans_size(const char *t)
{
	char *c = strdup(t), *sz;

	if (!c || strncmp(c, "hist:", 5))
		return c;
	sz = strstr(c, ":size=");
	if (sz) {
		char *end = sz + 6;

		while (*end >= '0' && *end <= '9')
			end++;
		memmove(sz, end, strlen(end) + 1);
	}
	return c;
}

/*
 * Steps first.. of statement stmt against those of the earlier statements: the kernel refuses
 * a second hist trigger like one an event already has ("Hist trigger already exists").
 */
static int check_duplicates(struct tq_sql_ctx *ctx, const struct tq_sql_script *script,
			    size_t stmt, const struct tq_plan *plan, size_t first,
			    const size_t *stmt_first)
{
	for (size_t i = first; i < plan->len; i++) {
		const struct tq_step *s = &plan->steps[i];
		char *a;

		if (s->op != TQ_STEP_APPEND || strncmp(s->text, "hist:", 5))
			continue;
		a = hist_sans_size(s->text);
		if (!a)
			return -ENOMEM;
		for (size_t j = 0; j < first; j++) {
			const struct tq_step *t = &plan->steps[j];
			char *b;
			bool same;
			size_t k = 0;

			if (t->op != TQ_STEP_APPEND || strcmp(t->path, s->path))
				continue;
			b = hist_sans_size(t->text);
			same = b && !strcmp(a, b);
			free(b);
			if (!same)
				continue;
			while (k + 1 < stmt && stmt_first[k + 1] <= j)
				k++;
			free(a);
			return tq_sql_error(ctx->diag, &script->stmts[stmt].span, "the kernel keeps one "
					    "of each histogram on an event: drop this statement, or "
					    "make it differ (another key, ORDER BY or WHERE)",
					    "this statement makes the same histogram as statement "
					    "%zu (line %u, column %u)", k + 1,
					    script->stmts[k].span.line, script->stmts[k].span.col);
		}
		free(a);
	}
	return 0;
}

static int build_removal(struct tq_sql_compiled *out)
{
	for (size_t i = out->plan.len; i-- > 0;) {
		const struct tq_step *s = &out->plan.steps[i];
		int ret;

		if (s->op != TQ_STEP_APPEND || !s->undo)
			continue;
		ret = tq_plan_append(&out->removal, s->path, s->undo, NULL, TQ_STEP_MAY_FAIL);
		if (ret)
			return ret;
	}
	return 0;
}

int tq_sql_compile(const char *src, size_t len, struct tq_catalog *cat,
		   const struct tq_sql_options *opt, struct tq_sql_compiled *out,
		   struct tq_sql_diag *diag)
{
	struct tq_sql_ctx ctx = { .src = src, .cat = cat, .opt = opt, .diag = diag };
	struct tq_sql_script script;
	size_t *stmt_first;
	int ret;

	memset(out, 0, sizeof(*out));
	tq_plan_init(&out->plan);
	tq_plan_init(&out->removal);
	ret = tq_sql_parse(src, len, &script, diag);
	if (ret)
		return ret;
	ctx.features = opt && opt->all_features ? TQ_FEAT_ALL : tq_catalog_features(cat);
	if (!(ctx.features & TQ_FEAT_HIST)) {
		tq_sql_error(diag, NULL, "histograms need a kernel built with CONFIG_HIST_TRIGGERS; "
			     "compile for another kernel with -t DIR",
			     "the target kernel has no hist triggers (its tracefs README does not "
			     "mention them)");
		tq_sql_script_release(&script);
		return -EOPNOTSUPP;
	}
	if (opt && opt->instance && tq_instance_name_check(opt->instance)) {
		tq_sql_error(diag, NULL, NULL, "%s", tq_errmsg(-EINVAL));
		tq_sql_script_release(&script);
		return -EINVAL;
	}
	stmt_first = calloc(script.nstmts ? script.nstmts : 1, sizeof(*stmt_first));
	if (!stmt_first)
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < script.nstmts; i++) {
		const struct tq_sql_pos *sp = &script.stmts[i].span;
		struct tq_sql_query q;

		free(ctx.origin);
		ctx.origin = strndup(src + sp->off, sp->len);
		for (char *c = ctx.origin; c && *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		ret = tq_sql_analyze(&ctx, &script.stmts[i], &q);
		if (!ret && i == 0)
			ret = check_handler_options(&ctx, &script, q.nev);
		stmt_first[i] = out->plan.len;
		if (!ret)
			ret = tq_sql_emit(&q, &ctx, out);
		if (!ret)
			ret = check_duplicates(&ctx, &script, i, &out->plan, stmt_first[i],
					       stmt_first);
		tq_sql_query_release(&q);
	}
	free(stmt_first);
	if (!ret)
		ret = build_removal(out);
	if (!ret) {
		out->warnings = ctx.warnings;
		out->nwarnings = ctx.nwarnings;
		ctx.warnings = NULL;
		ctx.nwarnings = 0;
	}
	if (ret == -ENOMEM && !diag->msg)
		tq_sql_error(diag, NULL, NULL, "out of memory");
	free(ctx.origin);
	tq_sql_ctx_release(&ctx);
	tq_sql_script_release(&script);
	if (ret)
		tq_sql_compiled_release(out);
	return ret;
}

void tq_sql_compiled_release(struct tq_sql_compiled *c)
{
	tq_plan_release(&c->plan);
	tq_plan_release(&c->removal);
	for (size_t i = 0; i < c->nhists; i++) {
		free(c->hists[i].hist_path);
		free(c->hists[i].trigger);
		free(c->hists[i].event);
		free(c->hists[i].query);
	}
	free(c->hists);
	c->hists = NULL;
	c->nhists = 0;
	for (size_t i = 0; i < c->nwarnings; i++)
		tq_sql_diag_release(&c->warnings[i]);
	free(c->warnings);
	c->warnings = NULL;
	c->nwarnings = 0;
}
