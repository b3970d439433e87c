// SPDX-License-Identifier: GPL-2.0-or-later
/* The driver: text -> statements -> analyzed queries -> one plan and its removal. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "tracefs.h"
#include "sql/sql.h"

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
	for (size_t i = 0; !ret && i < script.nstmts; i++) {
		const struct tq_sql_pos *sp = &script.stmts[i].span;
		struct tq_sql_query q;

		free(ctx.origin);
		ctx.origin = strndup(src + sp->off, sp->len);
		for (char *c = ctx.origin; c && *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		ret = tq_sql_analyze(&ctx, &script.stmts[i], &q);
		if (!ret)
			ret = tq_sql_emit(&q, &ctx, out);
		tq_sql_query_release(&q);
	}
	if (!ret && (opt && (opt->max_var || opt->change_var)) && script.nstmts > 1)
		ret = tq_sql_error(diag, NULL, NULL, "-m and -c apply to a script of one statement");
	if (!ret)
		ret = build_removal(out);
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
	}
	free(c->hists);
	c->hists = NULL;
	c->nhists = 0;
}
