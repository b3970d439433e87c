// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The back end: an analyzed statement into tracefs steps.
 *
 * A JOIN of events E0..En-1 is a chain of stages s = 1..n-1. Stage s matches its left
 * side L(s) (E0 for s = 1, else the synthetic event of stage s-1) with E(s), and fires
 * the synthetic event S(s). The last stage's event carries the selected values; the
 * earlier ones carry whatever later stages still need ("carried" values). Every value is
 * computed at the last stage. A timestamp of the event just before a stage needs no
 * carrying: the synthetic event of that stage fires at the same moment, so its own
 * common_timestamp is that timestamp.
 *
 * Variable names are deterministic, prefixed with the synthetic event's name so that they
 * are unique across events: __S_s1, __S_s2 ... on the left side, __S_<field> on the right.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "tracefs/catalog.h"
#include "tracefs/probe.h"
#include "sql/analyze.h"
#include "sql/sql.h"
#include "util/diag.h"
#include "util/suggest.h"
#include "tracefs/access.h"

struct sb {
	char *s;
	size_t len;
	FILE *f;
};

static int sb_open(struct sb *b)
{
	b->s = NULL;
	b->len = 0;
	b->f = open_memstream(&b->s, &b->len);
	return b->f ? 0 : -ENOMEM;
}

/* Close and take the text (NULL on ENOMEM). */
static char *sb_take(struct sb *b)
{
	char *s;

	if (b->f && fclose(b->f)) {
		free(b->s);
		b->s = NULL;
	}
	b->f = NULL;
	s = b->s;
	b->s = NULL;
	return s;
}

static void sb_discard(struct sb *b)
{
	free(sb_take(b));
}

struct carried {
	int ev;
	const char *field;	/* kernel field text, as in the leaf */
	char *name;		/* field name in the synthetic event */
	struct tq_sql_type type;
	const struct tq_sql_val *leaf;
};

struct stage {
	char *synth;		/* name of S(s) */
	struct carried *carry;	/* fields of S(s) when s is not the last stage */
	size_t ncarry;
	struct sb start_vars;	/* on L(s) */
	int nstart;
	struct sb end_vars;	/* on E(s) */
	int nend;
	int nparams;		/* of trace(): each one more variable the end trigger reads */
	struct sb args;		/* the trace() parameters */
	struct sb fields;	/* the synthetic definition's fields */
};

struct be {
	const struct tq_sql_query *q;
	const struct tq_sql_ctx *ctx;
	struct tq_sql_compiled *out;
	struct stage st[TQ_SQL_MAX_EVENTS];
	size_t nst;		/* stages 1..nst-1 used */
	char idir[300];		/* instance directory prefix */
};

static bool has(const struct be *b, unsigned f)
{
	return (b->ctx->features & f) == f;
}

static int fail(const struct be *b, const struct tq_sql_pos *pos, const char *hint,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(const struct be *b, const struct tq_sql_pos *pos, const char *hint,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tq_sql_error(b->ctx->diag, pos, hint, "%s", msg);
}

static const char *ev_label(const struct tq_sql_aevent *ev)
{
	return ev->alias ? ev->alias : ev->name;
}

/* ---- carried values ---- */

static const struct carried *find_carry(const struct stage *st, int ev, const char *field)
{
	for (size_t i = 0; i < st->ncarry; i++)
		if (st->carry[i].ev == ev && !strcmp(st->carry[i].field, field))
			return &st->carry[i];
	return NULL;
}

static int add_carry(struct be *b, size_t m, const struct tq_sql_val *leaf)
{
	struct stage *st = &b->st[m];
	struct carried *nc, *c;
	char *p;

	if (find_carry(st, leaf->ev, leaf->field))
		return 0;
	nc = realloc(st->carry, (st->ncarry + 1) * sizeof(*nc));
	if (!nc)
		return -ENOMEM;
	st->carry = nc;
	c = &st->carry[st->ncarry];
	c->ev = leaf->ev;
	c->field = leaf->field;
	c->type = leaf->type;
	c->leaf = leaf;
	if (asprintf(&c->name, "%s_%s", ev_label(&b->q->ev[leaf->ev]),
		     leaf->type.ts == TQ_TS_USECS ? "ts_usecs" :
		     leaf->type.ts == TQ_TS_NS ? "ts" : leaf->field) < 0)
		return -ENOMEM;
	for (p = c->name; *p; p++)
		if (*p == '.' || *p == '-')
			*p = '_';
	st->ncarry++;
	return 0;
}

/* A leaf of event j read at stage s (j < s) must travel through S(max(j,1))..S(s-1). */
static int note_use(struct be *b, const struct tq_sql_val *v, size_t s)
{
	int ret = 0;

	if (!v)
		return 0;
	if (v->kind == TQ_V_BIN) {
		ret = note_use(b, v->l, s);
		return ret ? ret : note_use(b, v->r, s);
	}
	if (v->kind != TQ_V_FIELD || v->ev >= (int)s)
		return 0;
	if (v->type.ts && v->ev == (int)s - 1)
		return 0;	/* the synthetic event's own timestamp */
	for (size_t m = v->ev > 1 ? (size_t)v->ev : 1; !ret && m < s; m++)
		ret = add_carry(b, m, v);
	return ret;
}

/* ---- expressions ---- */

static int op_prec(enum tq_sql_op op)
{
	return op == TQ_OP_MUL || op == TQ_OP_DIV ? 2 : 1;
}

/*
 * The kernel marks common_timestamp.usecs, and a variable holding it, as microseconds, and
 * refuses an operator between a marked and an unmarked operand ("Timestamp units in
 * expression don't match"); an expression takes the mark of its first operand. A carried
 * timestamp is a plain synthetic field: unmarked. Returns the mark; *clash when refused.
 */
bool tq_sql_usecs_mark(const struct tq_sql_val *v, size_t s, bool *clash)
{
	if (v->kind == TQ_V_BIN) {
		bool l = tq_sql_usecs_mark(v->l, s, clash);

		if (tq_sql_usecs_mark(v->r, s, clash) != l)
			*clash = true;
		return l;
	}
	return v->kind == TQ_V_FIELD && v->type.ts == TQ_TS_USECS &&
	       (v->ev == (int)s || s == 1 || v->ev == (int)s - 1);
}

size_t tq_sql_ts_stage(size_t last, const struct tq_sql_val *v)
{
	if (v->ev == (int)last || last == 1 || v->ev == (int)last - 1)
		return last;
	return v->ev > 1 ? (size_t)v->ev : 1;
}

/* The units of the common_timestamp fields that stage m's triggers read for value v. */
static void stage_ts_units(const struct tq_sql_query *q, const struct tq_sql_val *v, size_t m,
			   bool *us, bool *ns)
{
	size_t last = q->nev - 1;

	if (!v)
		return;
	if (v->kind == TQ_V_BIN) {
		stage_ts_units(q, v->l, m, us, ns);
		stage_ts_units(q, v->r, m, us, ns);
		return;
	}
	if (v->kind != TQ_V_FIELD || !v->type.ts || v->ev > (int)m)
		return;
	/* the last stage reads it, or it is carried through m (see note_use()) */
	if (m < last && (v->ev == (int)last - 1 || (size_t)(v->ev > 1 ? v->ev : 1) > m))
		return;
	/* else a synthetic field carried from the stage before: no timestamp */
	if (v->ev != (int)m && m != 1 && v->ev != (int)m - 1)
		return;
	*(v->type.ts == TQ_TS_USECS ? us : ns) = true;
}

bool tq_sql_stage_div_usecs(const struct tq_sql_query *q, size_t s)
{
	bool us = false, ns = false, clash = false;

	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (!it->val)
			continue;
		if (s == q->nev - 1)
			tq_sql_usecs_mark(it->val, s, &clash);
		stage_ts_units(q, it->val, s, &us, &ns);
	}
	return clash || (us && ns);
}

struct emit {
	struct be *b;
	size_t s;
	bool div_usecs;	/* own microsecond timestamps as common_timestamp/1000 */
	int nops;	/* operators written into the expression */
};

static int start_var(struct emit *e, const char *src, FILE *out)
{
	struct stage *st = &e->b->st[e->s];

	if (st->nstart)
		fputc(',', st->start_vars.f);
	st->nstart++;
	fprintf(st->start_vars.f, "__%s_s%d=%s", st->synth, st->nstart, src);
	fprintf(out, "$__%s_s%d", st->synth, st->nstart);
	return 0;
}

static int emit_leaf(struct emit *e, const struct tq_sql_val *v, FILE *out)
{
	const char *own = v->field;
	size_t s = e->s;
	const struct carried *c;

	/*
	 * The kernel refuses to mix a .usecs timestamp with plain numbers in one expression;
	 * a carried timestamp is a plain number, so the event's own one is divided instead.
	 */
	if (v->type.ts == TQ_TS_USECS && e->div_usecs)
		own = "common_timestamp/1000";
	if (v->ev == (int)s) {
		fputs(own, out);
		e->nops += own != v->field;
		return 0;
	}
	if (s == 1 || (v->type.ts && v->ev == (int)s - 1))
		return start_var(e, own, out);
	c = find_carry(&e->b->st[s - 1], v->ev, v->field);
	if (!c)
		return fail(e->b, &v->pos, NULL, "internal error: '%s' was not carried", v->field);
	return start_var(e, c->name, out);
}

static int emit_val(struct emit *e, const struct tq_sql_val *v, FILE *out, int parent,
		    bool right)
{
	int mine, ret;

	switch (v->kind) {
	case TQ_V_FIELD:
		return emit_leaf(e, v, out);
	case TQ_V_CONST:
		fprintf(out, "%lld", (long long)v->num);
		return 0;
	case TQ_V_BIN:
		mine = op_prec(v->op);
		/* the kernel's expressions have precedence but no parentheses */
		/* TIMESTAMP_DELTA is end - start written as one word */
		if ((mine < parent || (right && mine == parent)) && v->l &&
		    v->l->pos.off == v->pos.off && v->l->pos.len == v->pos.len)
			return fail(e->b, &v->pos, "for microseconds write TIMESTAMP_DELTA_USECS; "
				    "else compute with the timestamps of the events, as in "
				    "e.TIMESTAMP * 2 - s.TIMESTAMP * 2",
				    "the kernel cannot compute this: TIMESTAMP_DELTA is a "
				    "difference, and its expressions have no parentheses to "
				    "divide or multiply one");
		if (mine < parent || (right && mine == parent))
			return fail(e->b, &v->pos, "rewrite it without parentheses, e.g. "
				    "TIMESTAMP_USECS instead of dividing (b - a) by 1000",
				    "the kernel cannot compute this: its expressions have no "
				    "parentheses");
		ret = emit_val(e, v->l, out, mine, false);
		if (ret)
			return ret;
		fputs(tq_sql_op_text(v->op), out);
		e->nops++;
		return emit_val(e, v->r, out, mine, v->op == TQ_OP_SUB || v->op == TQ_OP_DIV ||
				(v->r->kind == TQ_V_BIN && op_prec(v->r->op) == mine));
	}
	return -EINVAL;
}

/* One parameter of S(s): an end variable computed from v, passed as $var. */
static int add_param(struct be *b, size_t s, const char *name, const struct tq_sql_val *v,
		     bool div_usecs)
{
	struct stage *st = &b->st[s];
	struct emit e = { .b = b, .s = s, .div_usecs = div_usecs };
	struct sb expr;
	char *text;
	int ret;

	if (sb_open(&expr))
		return -ENOMEM;
	ret = emit_val(&e, v, expr.f, 0, false);
	text = sb_take(&expr);
	if (!ret && text && e.nops > TQ_SQL_MAX_OPS)
		ret = fail(b, &v->pos, "use TIMESTAMP (nanoseconds), or simplify the expression",
			   "mixed with other values, each TIMESTAMP_USECS is computed as "
			   "common_timestamp/1000, which makes %d operators; the kernel computes at "
			   "most %d", e.nops, TQ_SQL_MAX_OPS);
	if (ret || !text) {
		free(text);
		return ret ? ret : -ENOMEM;
	}
	if (st->nend)
		fputc(',', st->end_vars.f);
	fprintf(st->end_vars.f, "__%s_%s=%s", st->synth, name, text);
	free(text);
	fprintf(st->args.f, ",$__%s_%s", st->synth, name);
	st->nend++;
	st->nparams++;
	return 0;
}

static int add_field_decl(struct stage *st, const char *name, const struct tq_sql_type *t)
{
	char *decl = tq_sql_field_decl(name, t);

	if (!decl)
		return -ENOMEM;
	fprintf(st->fields.f, "%s%s;", ftell(st->fields.f) ? " " : "", decl);
	free(decl);
	return 0;
}

/* ---- steps ---- */

static int trigger_path(const struct be *b, const struct tq_sql_aevent *ev, char **path,
			const char *file)
{
	if (asprintf(path, "%sevents/%s/%s/%s", b->idir, ev->sys, ev->name, file) < 0)
		return -ENOMEM;
	return 0;
}

static int append(struct be *b, const char *path, const char *text, const char *undo)
{
	/* names can come from a copied tracefs: a line break would be a second command */
	int ret = tq_probe_check_text(text, "tracefs command");

	if (ret)
		return fail(b, NULL, "names and strings are single lines", "%s", tq_errmsg(ret));
	ret = tq_plan_append(&b->out->plan, path, text, undo, 0);

	if (!ret)
		ret = tq_plan_set_origin(&b->out->plan, b->ctx->origin ? b->ctx->origin : "SQL");
	return ret;
}

static enum tq_sql_unit unit_of(const struct tq_sql_aitem *it)
{
	if (!it->val)
		return TQ_UNIT_NONE;
	return it->val->type.ts == TQ_TS_NS ? TQ_UNIT_NS :
	       it->val->type.ts == TQ_TS_USECS ? TQ_UNIT_US : TQ_UNIT_NONE;
}

/* The units of the keys and values, in the order the trigger names them. */
static void hist_units(const struct tq_sql_query *q, struct tq_sql_hist *h)
{
	size_t nk = 0, nv = 0;

	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role == TQ_ROLE_KEY && nk < TQ_SQL_HIST_COLS)
			h->key_units[nk++] = unit_of(it);
		else if (it->role == TQ_ROLE_SUM && nv < TQ_SQL_HIST_COLS)
			h->val_units[nv++] = unit_of(it);
	}
}

static int add_hist(struct be *b, const char *dir_ev_sys, const char *ev, const char *trigger)
{
	struct tq_sql_hist *nh = realloc(b->out->hists, (b->out->nhists + 1) * sizeof(*nh));
	struct tq_sql_hist *h;

	if (!nh)
		return -ENOMEM;
	b->out->hists = nh;
	h = &b->out->hists[b->out->nhists];
	memset(h, 0, sizeof(*h));
	h->limit = b->q->limit;
	if (asprintf(&h->hist_path, "%sevents/%s/%s/hist", b->idir, dir_ev_sys, ev) < 0)
		return -ENOMEM;
	h->trigger = strdup(trigger);
	h->event = strdup(ev);
	h->query = strdup(b->ctx->origin ? b->ctx->origin : trigger);
	if (!h->trigger || !h->event || !h->query) {
		free(h->hist_path);
		free(h->trigger);
		free(h->event);
		free(h->query);
		return -ENOMEM;
	}
	hist_units(b->q, h);
	b->out->nhists++;
	return 0;
}

/* "hist:keys=...:vals=...:sort=...:size=..." for the items (single event or synthetic). */
static int hist_spec(struct be *b, bool synth, char **out)
{
	const struct tq_sql_query *q = b->q;
	struct sb s;
	bool first = true;

	if (sb_open(&s))
		return -ENOMEM;
	fputs("hist:keys=", s.f);
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role != TQ_ROLE_KEY)
			continue;
		fprintf(s.f, "%s%s%s", first ? "" : ",", synth ? it->name : it->val->field, it->mods);
		first = false;
	}
	first = true;
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role != TQ_ROLE_SUM)
			continue;
		fprintf(s.f, "%s%s%s", first ? ":vals=" : ",", synth ? it->name : it->val->field,
			it->mods);
		first = false;
	}
	for (size_t i = 0; i < q->nsort; i++) {
		const struct tq_sql_sort *so = &q->sort[i];
		const char *name = "hitcount";

		if (so->item >= 0)
			name = synth ? q->items[so->item].name : q->items[so->item].val->field;
		/* the kernel reads what follows a sort field's '.' as its direction only */
		fprintf(s.f, "%s%.*s%s", i ? "," : ":sort=", (int)strcspn(name, "."), name,
			so->desc ? ".descending" : "");
	}
	if (q->size > 0)
		fprintf(s.f, ":size=%lld", q->size);
	*out = sb_take(&s);
	return *out ? 0 : -ENOMEM;
}

static int emit_single(struct be *b)
{
	const struct tq_sql_aevent *ev = &b->q->ev[0];
	char *spec, *text = NULL, *undo = NULL, *path = NULL;
	const struct tq_sql_aitem *us = NULL, *ns = NULL;
	int ret;

	/* one .usecs field makes the kernel show every common_timestamp of the trigger in us */
	for (size_t i = 0; i < b->q->nitems; i++) {
		const struct tq_sql_val *v = b->q->items[i].val;

		if (v && v->kind == TQ_V_FIELD && v->type.ts == TQ_TS_USECS)
			us = &b->q->items[i];
		else if (v && v->kind == TQ_V_FIELD && v->type.ts == TQ_TS_NS)
			ns = &b->q->items[i];
	}
	if (us && ns)
		return fail(b, &ns->pos, "use TIMESTAMP_USECS or TIMESTAMP for all of them",
			    "the kernel shows every timestamp of a histogram in microseconds once "
			    "one of them is: this TIMESTAMP would be microseconds too");
	ret = hist_spec(b, false, &spec);
	if (ret)
		return ret;
	if (asprintf(&text, "%s%s%s", spec, ev->filter ? " if " : "",
		     ev->filter ? ev->filter : "") < 0 ||
	    asprintf(&undo, "!%s", text) < 0 || trigger_path(b, ev, &path, "trigger")) {
		ret = -ENOMEM;
		goto out;
	}
	ret = append(b, path, text, undo);
	if (!ret)
		ret = add_hist(b, ev->sys, ev->name, text);
out:
	free(spec);
	free(text);
	free(undo);
	free(path);
	return ret;
}

static void stages_release(struct be *b)
{
	for (size_t s = 1; s < b->nst; s++) {
		struct stage *st = &b->st[s];

		free(st->synth);
		for (size_t i = 0; i < st->ncarry; i++)
			free(st->carry[i].name);
		free(st->carry);
		sb_discard(&st->start_vars);
		sb_discard(&st->end_vars);
		sb_discard(&st->args);
		sb_discard(&st->fields);
	}
}

static int build_stage(struct be *b, size_t s)
{
	const struct tq_sql_query *q = b->q;
	struct stage *st = &b->st[s];
	bool last = s == q->nev - 1, div = tq_sql_stage_div_usecs(q, s);
	int ret = 0;

	if (last) {
		for (size_t i = 0; !ret && i < q->nitems; i++) {
			const struct tq_sql_aitem *it = &q->items[i];
			bool mixed = false;

			if (!it->val)
				continue;
			tq_sql_usecs_mark(it->val, s, &mixed);
			if (div && !has(b, TQ_FEAT_MULDIV))
				return fail(b, &it->pos, "use TIMESTAMP (nanoseconds) on this kernel",
					    mixed ? "microseconds mixed with other values (or carried "
					    "along a chain of events) need '/' in hist expressions "
					    "(Linux 5.16)" : "with nanoseconds in the same trigger the "
					    "kernel turns every timestamp into microseconds: they need "
					    "'/' in hist expressions (Linux 5.16)");
			ret = add_param(b, s, it->name, it->val, div);
			if (!ret)
				ret = add_field_decl(st, it->name, &it->val->type);
		}
		return ret;
	}
	for (size_t i = 0; !ret && i < st->ncarry; i++) {
		const struct carried *c = &st->carry[i];
		struct tq_sql_type t = c->type;

		t.ts = TQ_TS_NONE;
		if (div && !has(b, TQ_FEAT_MULDIV))
			return fail(b, &c->leaf->pos, "use TIMESTAMP (nanoseconds) on this kernel",
				    "with nanoseconds in the same trigger the kernel turns every "
				    "timestamp into microseconds: they need '/' in hist "
				    "expressions (Linux 5.16)");
		ret = add_param(b, s, c->name, c->leaf, div);
		if (!ret)
			ret = add_field_decl(st, c->name, &t);
	}
	return ret;
}

/*
 * onmatch() fires only when every variable the end trigger reads has been set by the start
 * event; it unsets only those read as operands of an expression (read_once), so a stage
 * without one matches every later end event with the key. A stage that reads none would
 * fire on every end event, start or not: give it one, the start's first ON key, read into
 * an end variable of its own.
 */
static int require_start(struct be *b, size_t s)
{
	struct stage *st = &b->st[s];
	const struct tq_sql_ajoin *j = &b->q->joins[s];
	const struct tq_sql_val *k = j->keys[0].left;
	const char *name;

	if (st->nstart)
		return 0;
	for (size_t i = 1; i < j->nkeys && k->type.is_string; i++)
		k = j->keys[i].left;	/* a number, when there is one: the simplest variable */
	name = k->field;
	if (s > 1) {
		const struct carried *c = find_carry(&b->st[s - 1], k->ev, k->field);

		if (!c)
			return fail(b, &k->pos, NULL, "internal error: '%s' was not carried", k->field);
		name = c->name;
	}
	fprintf(st->start_vars.f, "__%s_s1=%s", st->synth, name);
	st->nstart = 1;
	fprintf(st->end_vars.f, "%s__%s_matched=$__%s_s1", st->nend ? "," : "", st->synth,
		st->synth);
	st->nend++;
	return 0;
}

static int keys_text(const struct be *b, size_t s, bool left, FILE *f)
{
	const struct tq_sql_ajoin *j = &b->q->joins[s];

	for (size_t k = 0; k < j->nkeys; k++) {
		const struct tq_sql_val *v = left ? j->keys[k].left : j->keys[k].right;
		const char *name = v->field;

		if (left && s > 1) {
			const struct carried *c = find_carry(&b->st[s - 1], v->ev, v->field);

			if (!c)
				return -EINVAL;
			name = c->name;
		}
		fprintf(f, "%s%s", k ? "," : "", name);
	}
	return 0;
}

static void left_event(const struct be *b, size_t s, const char **sys, const char **name)
{
	if (s == 1) {
		*sys = b->q->ev[0].sys;
		*name = b->q->ev[0].name;
	} else {
		*sys = "synthetic";
		*name = b->st[s - 1].synth;
	}
}

/*
 * onmatch(L).trace(S,...) by default. The -m/-c handlers replace it on the last stage, as
 * sqlhist does, unless a histogram on S needs every match.
 */
static int action_text(struct be *b, size_t s, const char *args, FILE *f, int *refs)
{
	const struct tq_sql_options *opt = b->ctx->opt;
	const struct stage *st = &b->st[s];
	const char *lsys, *lname, *var;
	bool generic = has(b, TQ_FEAT_TRACE_ACTION);
	char handler[300];

	left_event(b, s, &lsys, &lname);
	var = opt && s == b->q->nev - 1 ? (opt->max_var ? opt->max_var : opt->change_var) : NULL;
	*refs = 0;
	if (!var || !(opt->save || opt->trace || opt->snapshot) || b->q->aggregate) {
		if (generic)
			fprintf(f, ":onmatch(%s.%s).trace(%s,%s)", lsys, lname, st->synth, args);
		else
			fprintf(f, ":onmatch(%s.%s).%s(%s)", lsys, lname, st->synth, args);
		*refs += st->nparams;
	}
	if (!var || !(opt->save || opt->trace || opt->snapshot))
		return 0;
	if (opt->trace)
		*refs += st->nparams;
	snprintf(handler, sizeof(handler), ":%s($__%s_%s)", opt->max_var ? "onmax" : "onchange",
		 st->synth, var);
	if (opt->save)
		fprintf(f, "%s.save(%s)", handler, opt->save);
	if (opt->trace) {
		if (generic)
			fprintf(f, "%s.trace(%s,%s)", handler, st->synth, args);
		else
			fprintf(f, "%s.%s(%s)", handler, st->synth, args);
	}
	if (opt->trace || opt->snapshot)
		fprintf(f, "%s.snapshot()", handler);
	return 0;
}

#define README_HINT "its tracefs README does not list it; use a newer kernel, or " \
	"--all-features to compile anyway"

static int check_handler(struct be *b)
{
	const struct tq_sql_options *opt = b->ctx->opt;
	const struct tq_sql_query *q = b->q;
	const char *var;
	const struct tq_sql_aitem *found = NULL;

	if (!opt)
		return 0;
	var = opt->max_var ? opt->max_var : opt->change_var;
	if (!var)
		return 0;
	for (size_t i = 0; i < q->nitems; i++)
		if (q->items[i].val && !strcmp(q->items[i].name, var))
			found = &q->items[i];
	if (!found) {
		char names[256] = "";

		for (size_t i = 0; i < q->nitems; i++) {
			if (!q->items[i].val || strlen(names) + strlen(q->items[i].name) + 3 >=
			    sizeof(names))
				continue;
			strcat(names, names[0] ? ", " : "");
			strcat(names, q->items[i].name);
		}
		return fail(b, NULL, NULL, "'%s' is not a selected value of the query (%s takes one "
			    "of: %s)", var, opt->max_var ? "-m" : "-c", names);
	}
	/* the kernel takes a string variable and compares its address: nothing to watch */
	if (found->val->type.is_string || found->val->type.is_stack)
		return fail(b, &found->pos, "watch a number of the query, such as a latency",
			    "%s %s: '%s' is a %s, and the kernel's %s compares numbers", opt->max_var ?
			    "-m" : "-c", var, var, found->val->type.is_string ? "string" :
			    "stack trace", opt->max_var ? "onmax()" : "onchange()");
	if (opt->max_var && !has(b, TQ_FEAT_ONMAX))
		return fail(b, NULL, README_HINT, "-m needs %s, which the target kernel lacks",
			    tq_feature_name(TQ_FEAT_ONMAX));
	if (opt->change_var && !has(b, TQ_FEAT_ONCHANGE))
		return fail(b, NULL, README_HINT, "-c needs %s, which the target kernel lacks",
			    tq_feature_name(TQ_FEAT_ONCHANGE));
	if (opt->trace && q->aggregate)
		return fail(b, NULL, "use -s or -S with a histogram, or trace every match without "
			    "GROUP BY, count(*) and the like", "-T fires the synthetic event only %s, so "
			    "the histogram on it would count only those", opt->max_var ?
			    "at a new maximum" : "when the value changes");
	if ((opt->snapshot || opt->trace) && !has(b, TQ_FEAT_SNAPSHOT))
		return fail(b, NULL, README_HINT, "-s and -T need %s, which the target kernel lacks",
			    tq_feature_name(TQ_FEAT_SNAPSHOT));
	if (opt->save) {
		const struct tq_sql_aevent *end = &q->ev[q->nev - 1];
		char *list = strdup(opt->save), *save = NULL, *tok;

		if (!list)
			return -ENOMEM;
		/* strtok_r() would skip empty names, and the kernel would get "save(,,,)" */
		if (!*opt->save || opt->save[0] == ',' || strstr(opt->save, ",,") ||
		    opt->save[strlen(opt->save) - 1] == ',') {
			free(list);
			return fail(b, NULL, "give field names separated by single commas, as in "
				    "-S next_comm,prev_pid", "-S '%s': an empty field name",
				    opt->save);
		}
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (end->tep && !tep_find_any_field(end->tep, tok)) {
				const char *cands[256], *near;
				char hint[192];
				size_t n = 0;
				int ret;

				for (struct tep_format_field *f = end->tep->format.fields;
				     f && n < 256; f = f->next)
					cands[n++] = f->name;
				near = tq_suggest(tok, cands, n);
				if (near)
					snprintf(hint, sizeof(hint), "did you mean '%s'?", near);
				else
					snprintf(hint, sizeof(hint), "save one of its own fields; tq "
						 "list -e %s:%s -F shows them", end->sys, end->name);
				ret = fail(b, NULL, hint, "-S: no field '%s' in %s:%s (save() "
					   "takes fields of the last event)", tok, end->sys,
					   end->name);

				free(list);
				return ret;
			}
		}
		free(list);
	}
	return 0;
}

static int emit_chain(struct be *b)
{
	const struct tq_sql_query *q = b->q;
	const char *synth_file = has(b, TQ_FEAT_SYNTH_DYN) ? "dynamic_events" : "synthetic_events";
	struct sb tmp;
	int ret = 0;

	if (!has(b, TQ_FEAT_SYNTH_DYN) && !has(b, TQ_FEAT_SYNTH))
		return fail(b, &q->pos, README_HINT, "a JOIN needs synthetic events, which the target "
			    "kernel lacks");
	ret = check_handler(b);
	if (ret)
		return ret;
	b->nst = q->nev;
	for (size_t s = 1; s < q->nev; s++) {
		struct stage *st = &b->st[s];

		if (s == q->nev - 1)
			st->synth = strdup(q->synth);
		else if (asprintf(&st->synth, "%s_step%zu", q->synth, s) < 0)
			st->synth = NULL;
		if (!st->synth || sb_open(&st->start_vars) || sb_open(&st->end_vars) ||
		    sb_open(&st->args) || sb_open(&st->fields))
			return -ENOMEM;
	}
	/* what each stage must carry */
	for (size_t s = 1; !ret && s < q->nev; s++)
		for (size_t k = 0; !ret && k < q->joins[s].nkeys; k++)
			ret = note_use(b, q->joins[s].keys[k].left, s);
	for (size_t i = 0; !ret && i < q->nitems; i++)
		ret = note_use(b, q->items[i].val, q->nev - 1);
	for (size_t s = 1; !ret && s < q->nev; s++)
		ret = build_stage(b, s);
	for (size_t s = 1; !ret && s < q->nev; s++)
		ret = require_start(b, s);
	if (ret)
		return ret;

	/* 1. the synthetic events, first to last */
	for (size_t s = 1; s < q->nev; s++) {
		struct stage *st = &b->st[s];
		char *fields = sb_take(&st->fields), *text = NULL, *undo = NULL;

		if (!fields)
			return -ENOMEM;
		if (st->nend > TQ_SQL_MAX_VARS) {
			free(fields);
			return fail(b, &q->pos, "select fewer values", "the synthetic event %s would "
				    "need %d variables; the kernel allows %d", st->synth, st->nend,
				    TQ_SQL_MAX_VARS);
		}
		if (has(b, TQ_FEAT_SYNTH_DYN)) {
			if (asprintf(&text, "s:%s %s", st->synth, fields) < 0 ||
			    asprintf(&undo, "-:%s", st->synth) < 0)
				ret = -ENOMEM;
		} else {
			if (asprintf(&text, "%s %s", st->synth, fields) < 0 ||
			    asprintf(&undo, "!%s", st->synth) < 0)
				ret = -ENOMEM;
		}
		if (!ret)
			ret = append(b, synth_file, text, undo);
		free(fields);
		free(text);
		free(undo);
		if (ret)
			return ret;
	}
	/* 2. the histogram on the last synthetic event, before anything can fire it */
	if (q->aggregate) {
		struct tq_sql_aevent sev = { .sys = "synthetic", .name = b->st[q->nev - 1].synth };
		char *spec, *undo = NULL, *path = NULL;

		ret = hist_spec(b, true, &spec);
		if (ret)
			return ret;
		if (asprintf(&undo, "!%s", spec) < 0 || trigger_path(b, &sev, &path, "trigger"))
			ret = -ENOMEM;
		if (!ret)
			ret = append(b, path, spec, undo);
		if (!ret)
			ret = add_hist(b, "synthetic", sev.name, spec);
		free(spec);
		free(undo);
		free(path);
		if (ret)
			return ret;
	}
	/* 3. per stage: the left trigger, then the right one that names it */
	for (size_t s = 1; !ret && s < q->nev; s++) {
		struct stage *st = &b->st[s];
		const struct tq_sql_aevent *right = &q->ev[s];
		struct tq_sql_aevent lev = { 0 };
		char *svars = sb_take(&st->start_vars), *evars = sb_take(&st->end_vars);
		char *args = sb_take(&st->args), *text = NULL, *undo = NULL, *path = NULL;
		int refs;

		if (!svars || !evars || !args || sb_open(&tmp)) {
			ret = -ENOMEM;
			goto next;
		}
		if (st->nstart > TQ_SQL_MAX_VARS) {
			sb_discard(&tmp);
			ret = fail(b, &q->pos, "select fewer values", "the trigger on the start event "
				   "would need %d variables; the kernel allows %d", st->nstart,
				   TQ_SQL_MAX_VARS);
			goto next;
		}
		left_event(b, s, (const char **)&lev.sys, (const char **)&lev.name);
		fputs("hist:keys=", tmp.f);
		ret = keys_text(b, s, true, tmp.f);
		if (st->nstart)
			fprintf(tmp.f, ":%s", svars);
		if (s == 1 && q->ev[0].filter)
			fprintf(tmp.f, " if %s", q->ev[0].filter);
		text = sb_take(&tmp);
		if (ret || !text || asprintf(&undo, "!%s", text) < 0 ||
		    trigger_path(b, &lev, &path, "trigger")) {
			ret = ret ? ret : -ENOMEM;
			goto next;
		}
		ret = append(b, path, text, undo);
		free(text);
		free(undo);
		free(path);
		text = undo = path = NULL;
		if (ret || sb_open(&tmp)) {
			ret = ret ? ret : -ENOMEM;
			goto next;
		}
		fputs("hist:keys=", tmp.f);
		ret = keys_text(b, s, false, tmp.f);
		fprintf(tmp.f, ":%s", evars);
		action_text(b, s, args + 1, tmp.f, &refs);
		/* every $variable a trigger names is a reference, 16 at most (ENOMEM beyond) */
		if (!ret && st->nstart + refs > TQ_SQL_MAX_VARS) {
			sb_discard(&tmp);
			ret = fail(b, &q->pos, "select fewer values: each one of an earlier event counts "
				   "twice (read into the end event's trigger, then passed on), any other "
				   "once", "the trigger on %s would read %d variables; the kernel reads "
				   "at most %d", right->name, st->nstart + refs, TQ_SQL_MAX_VARS);
			goto next;
		}
		if (right->filter)
			fprintf(tmp.f, " if %s", right->filter);
		text = sb_take(&tmp);
		if (ret || !text || asprintf(&undo, "!%s", text) < 0 ||
		    trigger_path(b, right, &path, "trigger")) {
			ret = ret ? ret : -ENOMEM;
			goto next;
		}
		ret = append(b, path, text, undo);
next:
		free(svars);
		free(evars);
		free(args);
		free(text);
		free(undo);
		free(path);
	}
	return ret;
}

int tq_sql_emit(const struct tq_sql_query *q, const struct tq_sql_ctx *ctx,
		struct tq_sql_compiled *out)
{
	struct be b = { .q = q, .ctx = ctx, .out = out };
	const char *inst = ctx->opt ? ctx->opt->instance : NULL;
	int ret;

	for (size_t i = 0; i < q->nitems; i++)
		if (q->items[i].role == TQ_ROLE_SUM && q->items[i].agg != TQ_AGG_SUM &&
		    !ctx->offline)
			return fail(&b, &q->items[i].pos, "compute it from a recording: tq record, "
				    "then tq hist -i trace.dat", "the kernel's histograms keep sums "
				    "only: min, max, avg and percentiles come from a file");

	if (inst)
		snprintf(b.idir, sizeof(b.idir), "instances/%s/", inst);
	if (q->nev == 1)
		return emit_single(&b);
	ret = emit_chain(&b);
	stages_release(&b);
	return ret;
}
