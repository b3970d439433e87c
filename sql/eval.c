// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The offline back end: the kernel's hist triggers and synthetic events, computed in user
 * space over recorded events (kernel/trace/trace_events_hist.c and tracing_map.c are the
 * reference for every rule below).
 *
 * A JOIN chain E0..En-1 has stages s = 1..n-1, as sql/backend.c lowers it. The start of
 * stage s (E0, or the synthetic event of stage s-1) saves its variables in a table keyed by
 * the ON keys; the end event E(s) reads them only when they are set, and reading unsets them
 * when the end computes an expression of them (the kernel reads only the operands of an
 * expression once: stage_reads_once()). Tables never lose an entry and hold at most 2048
 * keys (the kernel's default map size): a start beyond that
 * saves nothing, an end beyond it fires nothing. Instead of the variables themselves a
 * stage keeps a copy of the events of the chain so far: every value is computed from them
 * when the chain completes, as the variables would have carried them.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "sql/analyze.h"
#include "sql/eval.h"
#include "sql/eval-parts.h"
#include "sql/sql.h"
#include "tracefs/catalog.h"
#include "util/diag.h"

#define MAP_DEFAULT 2048	/* TRACING_MAP_BITS_DEFAULT */
#define STR_MAX 256		/* MAX_FILTER_STR_VAL */

/* ---- a value ---- */

struct xval {
	uint64_t n;
	const char *s;		/* strings: not NUL-terminated, len bytes */
	size_t len;
	bool is_str;
};

/* ---- one event: a record of the file, or a synthetic event a statement made ---- */

struct synth_def {
	const char *name;
	const struct tq_sql_aitem *items;	/* its fields, in order (the query's items) */
	size_t nitems;
};

struct inst {
	const struct tep_event *tev;	/* a record */
	const uint8_t *data;
	int size;
	const struct synth_def *syn;	/* or a synthetic event */
	struct xval *svals;
	uint64_t ts;
	int cpu;
	int pid;			/* current: common_pid */
};

static void inst_release(struct inst *in)
{
	if (in->svals)
		for (size_t i = 0; in->syn && i < in->syn->nitems; i++)
			free((char *)in->svals[i].s);
	free(in->svals);
	free((void *)in->data);
	memset(in, 0, sizeof(*in));
}

static int inst_copy(struct inst *dst, const struct inst *src)
{
	*dst = *src;
	dst->data = NULL;
	dst->svals = NULL;
	if (src->data) {
		uint8_t *d = malloc(src->size ? (size_t)src->size : 1);

		if (!d)
			return -ENOMEM;
		memcpy(d, src->data, (size_t)src->size);
		dst->data = d;
	}
	if (src->svals) {
		dst->svals = calloc(src->syn->nitems, sizeof(*dst->svals));
		if (!dst->svals)
			return -ENOMEM;
		for (size_t i = 0; i < src->syn->nitems; i++) {
			dst->svals[i] = src->svals[i];
			if (src->svals[i].is_str) {
				char *s = malloc(src->svals[i].len + 1);

				if (!s)
					return -ENOMEM;
				memcpy(s, src->svals[i].s, src->svals[i].len);
				s[src->svals[i].len] = '\0';
				dst->svals[i].s = s;
			} else {
				dst->svals[i].s = NULL;
			}
		}
	}
	return 0;
}

/* ---- a hash map of byte keys, as tracing_map: entries are never removed ---- */

struct entry {
	uint8_t *key;
	size_t klen;
	uint64_t hits;
	uint64_t sums[TQ_SQL_HIST_COLS];
	uint64_t mins[TQ_SQL_HIST_COLS], maxs[TQ_SQL_HIST_COLS];
	struct tq_pct pct[TQ_SQL_HIST_COLS];	/* percentiles: exact, a count per value */
	char comm[17];		/* .execname: the task that made the entry */
	bool set;		/* a start: its variables are set */
	struct inst *tuple;	/* a start: the events of the chain so far */
	size_t ntuple;
};

struct map {
	struct entry **slots;
	size_t cap, n, max;
	uint64_t hits, drops;
};

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

static struct entry **map_slot(struct map *m, const uint8_t *key, size_t klen)
{
	size_t i = (size_t)hash_bytes(key, klen) & (m->cap - 1);

	while (m->slots[i] && (m->slots[i]->klen != klen || memcmp(m->slots[i]->key, key, klen)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static int map_grow(struct map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	struct entry **old = m->slots;
	size_t ocap = m->cap;

	m->slots = calloc(ncap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return -ENOMEM;
	}
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i])
			*map_slot(m, old[i]->key, old[i]->klen) = old[i];
	free(old);
	return 0;
}

/*
 * The entry of key, made if there is room: NULL with *err 0 when the map is full (a drop),
 * as tracing_map_insert() does; found or made, it counts as a hit.
 */
static struct entry *map_insert(struct map *m, const uint8_t *key, size_t klen, bool *made,
				int *err)
{
	struct entry **slot, *e;

	*err = 0;
	*made = false;
	if (!m->cap && (*err = map_grow(m)))
		return NULL;
	slot = map_slot(m, key, klen);
	if (*slot) {
		m->hits++;
		return *slot;
	}
	if (m->n >= m->max) {
		m->drops++;
		return NULL;
	}
	if ((m->n + 1) * 2 > m->cap) {
		if ((*err = map_grow(m)))
			return NULL;
		slot = map_slot(m, key, klen);
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->key = malloc(klen ? klen : 1))) {
		free(e);
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(e->key, key, klen);
	e->klen = klen;
	*slot = e;
	m->n++;
	m->hits++;
	*made = true;
	return e;
}

static struct entry *map_lookup(struct map *m, const uint8_t *key, size_t klen)
{
	return m->cap ? *map_slot(m, key, klen) : NULL;
}

static void map_release(struct map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		struct entry *e = m->slots[i];

		if (!e)
			continue;
		for (size_t t = 0; t < e->ntuple; t++)
			inst_release(&e->tuple[t]);
		for (size_t v = 0; v < TQ_SQL_HIST_COLS; v++)
			tq_pct_release(&e->pct[v]);
		free(e->tuple);
		free(e->key);
		free(e);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* ---- filters: the kernel's filter language, as the analyzer writes it ---- */

enum fkind { F_AND, F_OR, F_NOT, F_CMP };

struct fnode {
	enum fkind kind;
	struct fnode *l, *r;
	enum tq_sql_op op;
	char *field;
	const struct tep_format_field *ff;
	bool str;
	char *sval;
	uint64_t num;
	bool is_signed;
};

static void fnode_free(struct fnode *f)
{
	if (!f)
		return;
	fnode_free(f->l);
	fnode_free(f->r);
	free(f->field);
	free(f->sval);
	free(f);
}

struct fparse {
	const char *p;
	const struct tep_event *tev;
	int err;
};

static void fskip(struct fparse *fp)
{
	while (*fp->p == ' ')
		fp->p++;
}

static struct fnode *fnew(struct fparse *fp, enum fkind k)
{
	struct fnode *n = calloc(1, sizeof(*n));

	if (!n)
		fp->err = -ENOMEM;
	else
		n->kind = k;
	return n;
}

static struct fnode *f_or(struct fparse *fp);

static struct fnode *f_cmp(struct fparse *fp)
{
	static const struct { const char *t; enum tq_sql_op op; } ops[] = {
		{ "==", TQ_OP_EQ }, { "!=", TQ_OP_NE }, { "<=", TQ_OP_LE }, { ">=", TQ_OP_GE },
		{ "<", TQ_OP_LT }, { ">", TQ_OP_GT }, { "&", TQ_OP_BAND }, { "~", TQ_OP_GLOB },
	};
	struct fnode *n = fnew(fp, F_CMP);
	size_t len = strcspn(fp->p, " =!<>&~()");
	size_t i;

	if (!n)
		return NULL;
	n->field = strndup(fp->p, len);
	fp->p += len;
	fskip(fp);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(fp->p, ops[i].t, strlen(ops[i].t)))
			break;
	if (!n->field || i == sizeof(ops) / sizeof(ops[0])) {
		fp->err = n->field ? tq_fail(EINVAL, "filter: no operator at '%s'", fp->p) : -ENOMEM;
		fnode_free(n);
		return NULL;
	}
	n->op = ops[i].op;
	fp->p += strlen(ops[i].t);
	fskip(fp);
	if (*fp->p == '"') {
		const char *end = strchr(fp->p + 1, '"');

		if (!end) {
			fp->err = tq_fail(EINVAL, "filter: unterminated string");
			fnode_free(n);
			return NULL;
		}
		n->str = true;
		n->sval = strndup(fp->p + 1, (size_t)(end - fp->p - 1));
		fp->p = end + 1;
		if (!n->sval)
			fp->err = -ENOMEM;
	} else {
		char *end;

		if (*fp->p == '-')
			n->num = (uint64_t)strtoll(fp->p, &end, 0);
		else
			n->num = strtoull(fp->p, &end, 0);
		if (end == fp->p) {
			fp->err = tq_fail(EINVAL, "filter: no value at '%s'", fp->p);
			fnode_free(n);
			return NULL;
		}
		fp->p = end;
	}
	/* trace_find_event_field(): the event's own fields first, then CPU and COMM */
	n->ff = fp->tev ? tep_find_any_field((struct tep_event *)fp->tev, n->field) : NULL;
	n->is_signed = n->ff ? (n->ff->flags & TEP_FIELD_IS_SIGNED) != 0 : true;
	return n;
}

static struct fnode *f_unary(struct fparse *fp)
{
	struct fnode *n;

	fskip(fp);
	if (*fp->p == '!' && fp->p[1] != '=') {
		fp->p++;
		n = fnew(fp, F_NOT);
		if (n)
			n->l = f_unary(fp);
		return n;
	}
	if (*fp->p == '(') {
		fp->p++;
		n = f_or(fp);
		fskip(fp);
		if (*fp->p == ')')
			fp->p++;
		else if (!fp->err)
			fp->err = tq_fail(EINVAL, "filter: missing ')'");
		return n;
	}
	return f_cmp(fp);
}

static struct fnode *f_and(struct fparse *fp)
{
	struct fnode *l = f_unary(fp);

	for (fskip(fp); !fp->err && !strncmp(fp->p, "&&", 2); fskip(fp)) {
		struct fnode *n = fnew(fp, F_AND);

		fp->p += 2;
		if (!n)
			break;
		n->l = l;
		n->r = f_unary(fp);
		l = n;
	}
	return l;
}

static struct fnode *f_or(struct fparse *fp)
{
	struct fnode *l = f_and(fp);

	for (fskip(fp); !fp->err && !strncmp(fp->p, "||", 2); fskip(fp)) {
		struct fnode *n = fnew(fp, F_OR);

		fp->p += 2;
		if (!n)
			break;
		n->l = l;
		n->r = f_and(fp);
		l = n;
	}
	return l;
}

static int filter_parse(const char *text, const struct tep_event *tev, struct fnode **out)
{
	struct fparse fp = { .p = text, .tev = tev };
	struct fnode *n = f_or(&fp);

	fskip(&fp);
	if (!fp.err && *fp.p)
		fp.err = tq_fail(EINVAL, "filter: unexpected '%s'", fp.p);
	if (fp.err) {
		fnode_free(n);
		return fp.err;
	}
	*out = n;
	return 0;
}

/* ---- reading fields ---- */

struct eval;

/*
 * The comm a task had at a moment: what the last event naming the task with its comm showed
 * (the kernel's execname saves current->comm when an entry is made; saved_cmdlines has only
 * the last one). Each input file has its own pids: one table per file.
 */
struct comm_tab {
	char (*name)[16];
	size_t n;		/* pids below n */
	struct tep_handle *tep;	/* its saved cmdlines, for the pids no event named */
};

/* An event that names a task with its comm at that moment, noted before or after it counts. */
struct comm_src {
	const struct tep_event *ev;
	const struct tep_format_field *pid, *comm;
	bool after;
};

struct comms {
	struct comm_tab *tab;	/* [source] */
	size_t ntab, cur;
	struct comm_src src[24];
	size_t nsrc;
};

static struct comms *the_comms;	/* of the engine running: comm_of() has no handle */

static const char *comm_of(struct tep_handle *tep, int pid)
{
	const struct comm_tab *t = the_comms && the_comms->cur < the_comms->ntab ?
				   &the_comms->tab[the_comms->cur] : NULL;

	/* save_comm(): the idle task is "<idle>" */
	if (!pid)
		return "<idle>";
	if (t && pid > 0 && (size_t)pid < t->n && t->name[pid][0])
		return t->name[pid];
	return tep_data_comm_from_pid(t && t->tep ? t->tep : tep, pid);
}

static void comm_note(struct comms *cs, struct tep_handle *tep, const struct tep_record *rec,
		      const struct tep_format_field *pidf, const struct tep_format_field *commf)
{
	struct comm_tab *c = cs->cur < cs->ntab ? &cs->tab[cs->cur] : NULL;
	unsigned long long pid;

	if (!c || !pidf || !commf ||
	    tep_read_number_field((struct tep_format_field *)pidf, rec->data, &pid) ||
	    !pid || pid >= (1u << 22))
		return;
	if (pid >= c->n) {
		size_t n = c->n ? c->n : 1024;
		char (*nn)[16];

		while (n <= pid)
			n *= 2;
		nn = realloc(c->name, n * sizeof(*nn));
		if (!nn)
			return;	/* the saved cmdlines will do */
		memset(nn + c->n, 0, (n - c->n) * sizeof(*nn));
		c->name = nn;
		c->n = n;
	}
	if (commf->flags & TEP_FIELD_IS_DYNAMIC) {
		/* sched_process_exec: the new comm is the file's name (__set_task_comm) */
		unsigned dl = (unsigned)tep_read_number(tep, (const uint8_t *)rec->data +
							commf->offset, 4);
		unsigned off = dl & 0xffff, len = dl >> 16;
		const char *f, *slash;

		if (off > (unsigned)rec->size || len > (unsigned)rec->size - off)
			return;
		f = (const char *)rec->data + off;
		slash = memrchr(f, '/', strnlen(f, len));
		f = slash ? slash + 1 : f;
		snprintf(c->name[pid], sizeof(c->name[pid]), "%.*s",
			 (int)strnlen(f, len - (unsigned)(f - ((const char *)rec->data + off))), f);
		return;
	}
	if (commf->offset + 16 <= rec->size)
		snprintf(c->name[pid], sizeof(c->name[pid]), "%.15s",
			 (const char *)rec->data + commf->offset);
}

static struct xval field_of(struct tep_handle *tep, const struct inst *in,
			    const struct tep_format_field *ff)
{
	struct xval v = { 0 };
	unsigned off = (unsigned)ff->offset, len = (unsigned)ff->size;

	if (!in->data)
		return v;
	if (ff->flags & TEP_FIELD_IS_DYNAMIC) {
		uint32_t dl = (uint32_t)tep_read_number(tep, in->data + ff->offset, 4);

		off = dl & 0xffff;
		len = dl >> 16;
		if (ff->flags & TEP_FIELD_IS_RELATIVE)
			off += (unsigned)(ff->offset + ff->size);
		if (off > (unsigned)in->size || len > (unsigned)in->size - off)
			len = 0;
		v.is_str = true;
	} else if (ff->flags & TEP_FIELD_IS_STRING || ((ff->flags & TEP_FIELD_IS_ARRAY) &&
						       strstr(ff->type, "char"))) {
		v.is_str = true;
	}
	if (off + len > (unsigned)in->size)
		return v;
	if (v.is_str) {
		v.s = (const char *)in->data + off;
		v.len = strnlen(v.s, len);
		return v;
	}
	if (len > 8)
		len = 8;
	v.n = tep_read_number(tep, in->data + off, (int)len);
	if ((ff->flags & TEP_FIELD_IS_SIGNED) && len < 8 && (v.n >> (len * 8 - 1)) & 1)
		v.n |= ~0ULL << (len * 8);
	return v;
}

static bool synth_field(const struct inst *in, const char *name, struct xval *x)
{
	for (size_t i = 0; i < in->syn->nitems; i++) {
		if (!strcmp(in->syn->items[i].name, name)) {
			*x = in->svals[i];
			return true;
		}
	}
	return false;
}

static uint64_t ns2usecs(uint64_t ns)
{
	return (ns + 500) / 1000;
}

/* ---- the engine ---- */

struct stmt {
	struct tq_sql_query q;
	struct fnode *filt[TQ_SQL_MAX_EVENTS];
	struct map start[TQ_SQL_MAX_EVENTS];	/* [s]: the start table of stage s */
	struct map end[TQ_SQL_MAX_EVENTS];	/* [s]: the end trigger's own table */
	struct map hist;
	bool has_hist;
	size_t hist_idx;
	struct synth_def def;	/* CREATE EVENT: what later statements read */
	char *reads[TQ_SQL_MAX_EVENTS];	/* the created event each ev[k] is, or NULL */
	bool div_usecs[TQ_SQL_MAX_EVENTS];	/* [stage]: .usecs computed as ts/1000 */
};

/* The kernel_stack records of the file, paired with their events (sql/eval-stack.c). */
struct eval_stacks {
	struct tq_stackq *q;		/* NULL: no query keys by STACKTRACE */
	bool replaying;			/* tq_eval_event() is handing out a held event */
	const uint64_t *cur;		/* the stack of the event being computed, or NULL */
	int ncur;
	uint64_t keyed, missing;	/* stack-keyed hits with a stack, and without one */
	const char *missing_event;	/* the event of the last one without */
	char arch[32];			/* the recording's machine, for .syscall */
};

struct tq_eval {
	struct tep_handle *tep;
	struct comms comms;
	struct tq_catalog *cat;
	struct eval_stacks stk;	/* STACKTRACE keys, .syscall names */
	struct tq_sql_compiled comp;
	struct tq_sql_ctx ctx;	/* its created events are what the queries read */
	struct stmt *st;
	size_t nst;
	uint64_t seen;
	tq_eval_hit_fn on_hit;
	void *hit_ctx;
	const struct stmt *hit_st;	/* the hit being reported, for tq_eval_hit_row() */
	const struct entry *hit_en;
};

static struct xval eval_leaf(struct tq_eval *e, const struct tq_sql_val *v,
			     const struct inst *in, bool trunc)
{
	struct xval x = { 0 };
	const char *f = v->field;

	if (!strcmp(f, "common_timestamp")) {
		x.n = in->ts;
	} else if (!strcmp(f, "common_timestamp.usecs")) {
		x.n = trunc ? in->ts / 1000 : ns2usecs(in->ts);
	} else if (!strcmp(f, "common_cpu") || !strcmp(f, "CPU")) {
		x.n = (uint64_t)in->cpu;
	} else if (!strcmp(f, "common_pid.execname") || !strcmp(f, "COMM")) {
		x.is_str = true;
		x.s = comm_of(e->tep, in->pid);
		x.len = strlen(x.s);
	} else if (in->syn) {
		synth_field(in, f, &x);
	} else {
		const struct tep_format_field *ff =
			tep_find_any_field((struct tep_event *)in->tev, f);

		if (ff)
			x = field_of(e->tep, in, ff);
	}
	return x;
}

struct tuple {
	const struct inst *ev[TQ_SQL_MAX_EVENTS];
	size_t last;		/* the stage that computes: the kernel's own-event rule */
	const bool *div;	/* [stage]: its microseconds are common_timestamp/1000 */
};

static struct xval eval_val(struct tq_eval *e, const struct tq_sql_val *v,
			    const struct tuple *t)
{
	struct xval a, b, r = { 0 };

	switch (v->kind) {
	case TQ_V_FIELD: {
		/* sql/backend.c: the stage that reads it may compute common_timestamp/1000 */
		bool trunc = t->div && t->div[tq_sql_ts_stage(t->last, v)];

		return eval_leaf(e, v, t->ev[v->ev], trunc);
	}
	case TQ_V_CONST:
		r.n = (uint64_t)v->num;
		return r;
	case TQ_V_BIN:
		a = eval_val(e, v->l, t);
		b = eval_val(e, v->r, t);
		switch (v->op) {
		case TQ_OP_ADD: r.n = a.n + b.n; break;
		case TQ_OP_SUB: r.n = a.n - b.n; break;
		case TQ_OP_MUL: r.n = a.n * b.n; break;
		/* hist_field_div(): a division by zero gives -1 */
		case TQ_OP_DIV: r.n = b.n ? a.n / b.n : (uint64_t)-1; break;
		default: break;
		}
		return r;
	}
	return r;
}

static bool glob_match(const char *pat, const char *s, size_t len)
{
	char buf[STR_MAX + 1];

	if (len > STR_MAX)
		len = STR_MAX;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return !fnmatch(pat, buf, 0);
}

static bool filter_match(struct tq_eval *e, const struct fnode *f, const struct inst *in)
{
	struct xval x = { 0 };
	bool cmp;

	switch (f->kind) {
	case F_AND:
		return filter_match(e, f->l, in) && filter_match(e, f->r, in);
	case F_OR:
		return filter_match(e, f->l, in) || filter_match(e, f->r, in);
	case F_NOT:
		return !filter_match(e, f->l, in);
	case F_CMP:
		break;
	}
	if (f->ff) {
		x = field_of(e->tep, in, f->ff);
	} else if (in->syn && synth_field(in, f->field, &x)) {
		;
	} else if (!strcmp(f->field, "CPU") || !strcmp(f->field, "cpu")) {
		x.n = (uint64_t)(int64_t)in->cpu;
	} else if (!strcmp(f->field, "COMM") || !strcmp(f->field, "comm")) {
		x.is_str = true;
		x.s = comm_of(e->tep, in->pid);
		x.len = strlen(x.s);
	} else {
		return false;
	}
	if (f->str) {
		if (!x.is_str)
			return false;
		if (f->op == TQ_OP_GLOB)
			return glob_match(f->sval, x.s, x.len);
		cmp = x.len == strlen(f->sval) && !memcmp(x.s, f->sval, x.len);
		return f->op == TQ_OP_EQ ? cmp : f->op == TQ_OP_NE ? !cmp : false;
	}
	switch (f->op) {
	case TQ_OP_EQ: return x.n == f->num;
	case TQ_OP_NE: return x.n != f->num;
	case TQ_OP_BAND: return (x.n & f->num) != 0;
	default: break;
	}
	if (f->is_signed) {
		int64_t a = (int64_t)x.n, b = (int64_t)f->num;

		return f->op == TQ_OP_LT ? a < b : f->op == TQ_OP_LE ? a <= b :
		       f->op == TQ_OP_GT ? a > b : a >= b;
	}
	return f->op == TQ_OP_LT ? x.n < f->num : f->op == TQ_OP_LE ? x.n <= f->num :
	       f->op == TQ_OP_GT ? x.n > f->num : x.n >= f->num;
}

/* ---- keys ---- */

/* A key on the event's own common_pid.execname is the pid, shown with its name. */
static bool key_execname(const struct tq_sql_query *q, const struct tq_sql_aitem *it)
{
	return strstr(it->mods, ".execname") ||
	       (q->nev == 1 && it->val->kind == TQ_V_FIELD && !q->ev[0].created &&
		!strcmp(it->val->field, "common_pid.execname"));
}

static bool key_string(const struct tq_sql_query *q, const struct tq_sql_aitem *it)
{
	return it->val->type.is_string && !key_execname(q, it);
}

struct keybuf {
	uint8_t b[TQ_SQL_MAX_KEYS * (STR_MAX + 8) + 64];
	size_t len;
};

static void key_add(struct keybuf *k, const struct xval *x)
{
	if (x->is_str) {
		size_t n = x->len < STR_MAX - 1 ? x->len : STR_MAX - 1;

		memcpy(k->b + k->len, x->s, n);
		k->b[k->len + n] = '\0';
		k->len += n + 1;
	} else {
		memcpy(k->b + k->len, &x->n, 8);
		k->len += 8;
	}
}

static long mod_buckets(const char *mods)
{
	const char *b = strstr(mods, ".buckets=");

	return b ? strtol(b + 9, NULL, 10) : 0;
}

static bool key_is_bucket(const char *mods)
{
	return strstr(mods, ".log2") || mod_buckets(mods) > 0;
}

static uint64_t key_transform(const char *mods, uint64_t n)
{
	long buckets = mod_buckets(mods);

	if (strstr(mods, ".log2"))
		return n <= 1 ? 0 : (uint64_t)(64 - __builtin_clzll(n - 1));
	if (buckets > 0)
		return n / (uint64_t)buckets * (uint64_t)buckets;
	return n;
}

/* A STACKTRACE key: the kernel's array of HIST_STACKTRACE_DEPTH addresses, 0 after the end. */
#define STACK_KEY_LEN (TQ_EVAL_STACK_DEPTH * 8)

static bool item_is_stack(const struct tq_sql_aitem *it)
{
	return it->val && it->val->kind == TQ_V_FIELD && it->val->type.is_stack;
}

/* Add the stack of the event being computed to k: false when it has none (not counted). */
static bool stack_key_add(struct tq_eval *e, const struct tq_sql_query *q, struct keybuf *k)
{
	uint64_t a[TQ_EVAL_STACK_DEPTH] = { 0 };

	if (!e->stk.cur) {
		e->stk.missing++;
		e->stk.missing_event = q->ev[q->nev - 1].name;
		return false;
	}
	memcpy(a, e->stk.cur, (size_t)e->stk.ncur * sizeof(a[0]));
	memcpy(k->b + k->len, a, sizeof(a));
	k->len += sizeof(a);
	e->stk.keyed++;
	return true;
}

/* ---- events in ---- */

static int fire_synth(struct tq_eval *e, size_t from, const struct synth_def *def,
		      const struct tuple *t, const struct inst *cur);
static int dispatch(struct tq_eval *e, size_t from, const struct inst *in, const void *id);

static int hist_add(struct tq_eval *e, struct stmt *st, const struct tuple *t,
		    const struct inst *cur)
{
	const struct tq_sql_query *q = &st->q;
	struct keybuf k = { .len = 0 };
	uint64_t vals[TQ_SQL_HIST_COLS] = { 0 };
	enum tq_sql_agg aggs[TQ_SQL_HIST_COLS] = { 0 };
	size_t nv = 0;
	struct entry *en;
	bool made, bucketed = false;
	uint64_t bucket = 0, width = 0;
	int err;

	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];
		struct tuple tt = *t;
		struct xval x;

		if (!it->val)
			continue;
		if (it->role == TQ_ROLE_KEY && item_is_stack(it)) {
			if (!stack_key_add(e, q, &k))
				return 0;
			continue;
		}
		if (it->role == TQ_ROLE_KEY && key_execname(q, it) && it->val->kind == TQ_V_FIELD &&
		    !strcmp(it->val->field, "common_pid.execname"))
			x = (struct xval){ .n = (uint64_t)(int64_t)t->ev[it->val->ev]->pid };
		else
			x = eval_val(e, it->val, &tt);
		if (it->role == TQ_ROLE_KEY) {
			if (!x.is_str)
				x.n = key_transform(it->mods, x.n);
			if (!bucketed && !x.is_str && key_is_bucket(it->mods)) {
				bucketed = true;
				bucket = x.n;
				width = (uint64_t)mod_buckets(it->mods);
			}
			key_add(&k, &x);
		} else if (it->role == TQ_ROLE_SUM && nv < TQ_SQL_HIST_COLS) {
			aggs[nv] = it->agg;
			vals[nv++] = x.n;
		}
	}
	en = map_insert(&st->hist, k.b, k.len, &made, &err);
	if (!en)
		return err;
	if (made)
		snprintf(en->comm, sizeof(en->comm), "%s", comm_of(e->tep, cur->pid));
	en->hits++;
	if (bucketed && e->on_hit) {
		e->hit_st = st;
		e->hit_en = en;
		err = e->on_hit(e->hit_ctx, st->hist_idx, cur->ts, bucket, width);
		e->hit_en = NULL;
		if (err)
			return err;
	}
	for (size_t i = 0; i < nv; i++) {
		en->sums[i] += vals[i];
		if (en->hits == 1 || vals[i] < en->mins[i])
			en->mins[i] = vals[i];
		if (en->hits == 1 || vals[i] > en->maxs[i])
			en->maxs[i] = vals[i];
		if (aggs[i] == TQ_AGG_PCT && tq_pct_add(&en->pct[i], vals[i]))
			return -ENOMEM;
	}
	return 0;
}

static int join_keys(struct tq_eval *e, const struct tq_sql_ajoin *j, bool left,
		     const struct tuple *t, struct keybuf *k)
{
	k->len = 0;
	for (size_t i = 0; i < j->nkeys; i++) {
		struct xval x = eval_val(e, left ? j->keys[i].left : j->keys[i].right, t);

		key_add(k, &x);
	}
	return 0;
}

/* The start of stage s: the events so far saved under the left keys (vars set). */
static int stage_start(struct tq_eval *e, struct stmt *st, size_t s, const struct tuple *t)
{
	struct keybuf k;
	struct entry *en;
	bool made;
	int err;

	join_keys(e, &st->q.joins[s], true, t, &k);
	en = map_insert(&st->start[s], k.b, k.len, &made, &err);
	if (!en)
		return err;
	if (!en->tuple) {
		en->tuple = calloc(s, sizeof(*en->tuple));
		if (!en->tuple)
			return -ENOMEM;
		en->ntuple = s;
	}
	for (size_t i = 0; i < s; i++) {
		inst_release(&en->tuple[i]);
		err = inst_copy(&en->tuple[i], t->ev[i]);
		if (err)
			return err;
	}
	en->set = true;
	return 0;
}

/* Does v read a value of an earlier event than s inside an expression? */
static bool val_reads_once(const struct tq_sql_val *v, size_t s, bool in_expr)
{
	if (!v)
		return false;
	if (v->kind == TQ_V_BIN)
		return val_reads_once(v->l, s, true) || val_reads_once(v->r, s, true);
	return in_expr && v->kind == TQ_V_FIELD && v->ev < (int)s;
}

/*
 * Does the end trigger of stage s unset the start's variables? The kernel reads a variable
 * once only as an operand of an expression (parse_expr() sets read_once); a plain $var, as
 * sql/backend.c passes carried values and its __matched variable, leaves it set, so that
 * every later end event with the key matches again. Only the last stage computes
 * expressions of earlier events: the items.
 */
static bool stage_reads_once(const struct tq_sql_query *q, size_t s)
{
	if (s + 1 < q->nev)
		return false;
	for (size_t i = 0; i < q->nitems; i++)
		if (val_reads_once(q->items[i].val, s, false))
			return true;
	return false;
}

/* E(s) with its filter passed: onmatch() of stage s. */
static int stage_end(struct tq_eval *e, size_t si, size_t s, const struct inst *in)
{
	struct stmt *st = &e->st[si];
	const struct tq_sql_query *q = &st->q;
	struct tuple t = { .last = s, .div = st->div_usecs };
	struct keybuf k;
	struct entry *start;
	bool made;
	int err;

	t.ev[s] = in;
	join_keys(e, &q->joins[s], false, &t, &k);
	start = map_lookup(&st->start[s], k.b, k.len);
	if (!start || !start->set)
		return 0;
	/* resolve_var_refs(): the operands of expressions are read once */
	if (stage_reads_once(q, s))
		start->set = false;
	if (!map_insert(&st->end[s], k.b, k.len, &made, &err))
		return err;
	for (size_t i = 0; i < s; i++)
		t.ev[i] = &start->tuple[i];
	if (s + 1 < q->nev)
		return stage_start(e, st, s + 1, &t);
	if (st->has_hist && (err = hist_add(e, st, &t, in)))
		return err;
	if (q->created)
		return fire_synth(e, si + 1, &st->def, &t, in);
	return 0;
}

static int process(struct tq_eval *e, size_t si, size_t k, const struct inst *in)
{
	struct stmt *st = &e->st[si];
	struct tuple t = { .last = 0 };

	if (st->filt[k] && !filter_match(e, st->filt[k], in))
		return 0;
	if (st->q.nev == 1) {
		t.ev[0] = in;
		if (st->has_hist)
			return hist_add(e, st, &t, in);
		return st->q.created ? fire_synth(e, si + 1, &st->def, &t, in) : 0;
	}
	if (k == 0) {
		t.ev[0] = in;
		return stage_start(e, st, 1, &t);
	}
	return stage_end(e, si, k, in);
}

/* Every statement from `from` on that reads this event, in the order of their triggers. */
static int dispatch(struct tq_eval *e, size_t from, const struct inst *in, const void *id)
{
	int ret = 0;

	for (size_t si = from; !ret && si < e->nst; si++) {
		struct stmt *st = &e->st[si];

		for (size_t k = 0; !ret && k < st->q.nev; k++) {
			const struct tq_sql_aevent *ev = &st->q.ev[k];

			if (in->syn ? st->reads[k] && !strcmp(st->reads[k], in->syn->name) :
			    (const void *)ev->tep == id)
				ret = process(e, si, k, in);
		}
	}
	return ret;
}

static int fire_synth(struct tq_eval *e, size_t from, const struct synth_def *def,
		      const struct tuple *t, const struct inst *cur)
{
	struct xval vals[64];
	struct inst in = { .syn = def, .ts = cur->ts, .cpu = cur->cpu, .pid = cur->pid };
	char *strs[64] = { 0 };
	int ret;

	for (size_t i = 0; i < def->nitems && i < 64; i++) {
		struct tuple tt = *t;

		vals[i] = def->items[i].val ? eval_val(e, def->items[i].val, &tt) :
			  (struct xval){ 0 };
		/* a synthetic event's fields are its own: copy what points into records */
		if (vals[i].is_str) {
			strs[i] = strndup(vals[i].s, vals[i].len);
			if (!strs[i]) {
				for (size_t j = 0; j < i; j++)
					free(strs[j]);
				return -ENOMEM;
			}
			vals[i].s = strs[i];
		}
	}
	in.svals = vals;
	ret = dispatch(e, from, &in, NULL);
	for (size_t i = 0; i < def->nitems && i < 64; i++)
		free(strs[i]);
	return ret;
}

static int stack_event(struct tq_eval *e, struct tep_record *rec, uint64_t ts, bool all);

int tq_eval_event(struct tq_eval *e, struct tep_record *rec, uint64_t ts)
{
	struct tep_event *tev;
	struct inst in;

	struct comms *c = &e->comms;
	int ret;

	if (e->stk.q && !e->stk.replaying)
		return stack_event(e, rec, ts, false);
	tev = tep_find_event_by_record(e->tep, rec);
	e->seen++;
	if (!tev)
		return 0;
	in = (struct inst){ .tev = tev, .data = rec->data, .size = rec->size, .ts = ts,
			    .cpu = rec->cpu, .pid = tep_data_pid(e->tep, rec) };
	the_comms = c;
	for (size_t i = 0; i < c->nsrc; i++)
		if (c->src[i].ev == tev && !c->src[i].after)
			comm_note(c, e->tep, rec, c->src[i].pid, c->src[i].comm);
	ret = dispatch(e, 0, &in, tev);
	for (size_t i = 0; i < c->nsrc; i++)
		if (c->src[i].ev == tev && c->src[i].after)
			comm_note(c, e->tep, rec, c->src[i].pid, c->src[i].comm);
	the_comms = NULL;
	return ret;
}

int tq_eval_source(struct tq_eval *e, size_t source, struct tep_handle *tep)
{
	struct comms *c = &e->comms;

	if (source >= c->ntab) {
		struct comm_tab *nt = realloc(c->tab, (source + 1) * sizeof(*nt));

		if (!nt)
			return tq_fail(ENOMEM, "out of memory");
		memset(nt + c->ntab, 0, (source + 1 - c->ntab) * sizeof(*nt));
		c->tab = nt;
		c->ntab = source + 1;
	}
	c->tab[source].tep = tep;
	c->cur = source;
	return 0;
}

/*
 * The events that name a task with its comm at that moment, as sched/ and task/ of Linux
 * 6.1 fill them. The comm changes at exec before sched_process_exec (__set_task_comm() in
 * begin_new_exec()): the events between, sched_stat_runtime first, already show the new one.
 * Not sched_process_wait: its comm is the waiter's, its pid the one waited for.
 */
static void comm_sources(struct comms *c, struct tep_handle *tep)
{
	static const struct { const char *sys, *ev, *pid, *comm; bool after; } known[] = {
		/* the task switched out is current; the one switched in, from then on */
		{ "sched", "sched_switch", "prev_pid", "prev_comm", false },
		{ "sched", "sched_switch", "next_pid", "next_comm", true },
		{ "sched", "sched_process_exec", "pid", "filename", false },
		{ "sched", "sched_process_fork", "parent_pid", "parent_comm", false },
		{ "sched", "sched_process_fork", "child_pid", "child_comm", false },
		{ "sched", "sched_stat_runtime", "pid", "comm", false },
		{ "sched", "sched_stat_wait", "pid", "comm", false },
		{ "sched", "sched_stat_sleep", "pid", "comm", false },
		{ "sched", "sched_stat_iowait", "pid", "comm", false },
		{ "sched", "sched_stat_blocked", "pid", "comm", false },
		{ "sched", "sched_waking", "pid", "comm", false },
		{ "sched", "sched_wakeup", "pid", "comm", false },
		{ "sched", "sched_wakeup_new", "pid", "comm", false },
		{ "sched", "sched_migrate_task", "pid", "comm", false },
		{ "sched", "sched_process_exit", "pid", "comm", false },
		{ "sched", "sched_process_free", "pid", "comm", false },
		{ "sched", "sched_pi_setprio", "pid", "comm", false },
		{ "task", "task_newtask", "pid", "comm", false },
		/* the tracepoint fires before the copy: the new name from the next event on */
		{ "task", "task_rename", "pid", "newcomm", true },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && c->nsrc < 24; i++) {
		struct tep_event *ev = tep_find_event_by_name(tep, known[i].sys, known[i].ev);
		struct comm_src *cs = &c->src[c->nsrc];

		if (!ev)
			continue;
		cs->ev = ev;
		cs->pid = tep_find_field(ev, known[i].pid);
		cs->comm = tep_find_field(ev, known[i].comm);
		cs->after = known[i].after;
		if (cs->pid && cs->comm)
			c->nsrc++;
	}
}

/* With STACKTRACE keys: rec is held until its stack is known, then computed with it. */
static int stack_event(struct tq_eval *e, struct tep_record *rec, uint64_t ts, bool all)
{
	struct tq_stackq_item it;
	uint64_t stacks = tq_stackq_stacks(e->stk.q);
	int ret = rec ? tq_stackq_push(e->stk.q, rec, ts) : 0;

	if (tq_stackq_stacks(e->stk.q) != stacks)
		e->seen++;
	while (!ret && tq_stackq_pop(e->stk.q, all, &it) > 0) {
		e->stk.replaying = true;
		e->stk.cur = it.stack;
		e->stk.ncur = it.nstack;
		ret = tq_eval_event(e, it.rec, it.ts);
		e->stk.replaying = false;
		e->stk.cur = NULL;
	}
	return ret;
}

int tq_eval_finish(struct tq_eval *e)
{
	int ret = e->stk.q ? stack_event(e, NULL, 0, true) : 0;

	if (ret || !e->stk.missing || e->stk.keyed)
		return ret;
	return tq_fail(ENOENT, "no %s event of the file has a stack trace after it, for "
		       "STACKTRACE: record with 'tq record -T' or 'trace-cmd record -T' (a stack "
		       "trace after each event)", e->stk.missing_event);
}

bool tq_eval_keys_by_stack(const struct tq_eval *e)
{
	return e->stk.q;
}

uint64_t tq_eval_stack_missing(const struct tq_eval *e)
{
	return e->stk.keyed ? e->stk.missing : 0;
}

void tq_eval_set_arch(struct tq_eval *e, const char *arch)
{
	snprintf(e->stk.arch, sizeof(e->stk.arch), "%s", arch ? arch : "");
}

void tq_eval_on_hit(struct tq_eval *e, tq_eval_hit_fn fn, void *ctx)
{
	e->on_hit = fn;
	e->hit_ctx = ctx;
}

bool tq_eval_hist_has_bucket(const struct tq_eval *e, size_t i)
{
	for (size_t s = 0; s < e->nst; s++) {
		const struct tq_sql_query *q = &e->st[s].q;

		if (!e->st[s].has_hist || e->st[s].hist_idx != i)
			continue;
		for (size_t k = 0; k < q->nitems; k++)
			if (q->items[k].role == TQ_ROLE_KEY && q->items[k].val &&
			    key_is_bucket(q->items[k].mods))
				return true;
	}
	return false;
}

uint64_t tq_eval_seen(const struct tq_eval *e)
{
	return e->seen;
}

/* ---- setup ---- */

static bool val_has_stack(const struct tq_sql_val *v)
{
	if (!v)
		return false;
	if (v->kind == TQ_V_BIN)
		return val_has_stack(v->l) || val_has_stack(v->r);
	return v->kind == TQ_V_FIELD && v->type.is_stack;
}

/*
 * A STACKTRACE key reads the stack trace the file holds after the event that completes the
 * query: the kernel takes it where the trigger runs, on the last event of a JOIN.
 */
static int stack_setup(struct tq_eval *e, const struct tq_sql_query *q,
		       const struct tq_sql_aitem *it, struct tq_sql_diag *diag)
{
	int err;

	if (it->role != TQ_ROLE_KEY || !item_is_stack(it))
		return tq_sql_error(diag, &it->pos, "group by STACKTRACE alone",
				    "STACKTRACE in an expression is not computed from a file");
	if (it->val->ev != (int)q->nev - 1)
		return tq_sql_error(diag, &it->pos, "take the stack of the JOIN's last event",
				    "the stack of a JOIN's earlier event is not computed from a "
				    "file yet");
	if (e->stk.q)
		return 0;
	err = tq_stackq_new(e->tep, &e->stk.q);
	if (err == -ENOMEM)
		return err;
	if (err)
		return tq_sql_error(diag, &it->pos, "record with 'tq record -T' (a stack trace "
				    "after each event)", "the file has no kernel_stack format: it "
				    "cannot hold stack traces");
	return 0;
}

static int stmt_setup(struct tq_eval *e, struct stmt *st, struct tq_sql_diag *diag)
{
	struct tq_sql_query *q = &st->q;
	long long size = q->size > 0 ? q->size : MAP_DEFAULT;
	size_t max = 1;

	while (max < (size_t)size)
		max <<= 1;
	st->hist.max = max;
	for (size_t s = 0; s < TQ_SQL_MAX_EVENTS; s++)
		st->start[s].max = st->end[s].max = MAP_DEFAULT;
	for (size_t k = 0; k < q->nev; k++) {
		int ret;

		if (!q->ev[k].filter)
			continue;
		ret = filter_parse(q->ev[k].filter, q->ev[k].tep, &st->filt[k]);
		if (ret)
			return tq_sql_error(diag, &q->ev[k].pos, NULL, "%s", tq_errmsg(ret));
	}
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];
		int ret;

		if (val_has_stack(it->val) && (ret = stack_setup(e, q, it, diag)))
			return ret;
	}
	for (size_t s = 1; s < q->nev; s++)
		st->div_usecs[s] = tq_sql_stage_div_usecs(q, s);
	/* ev[k].created points into an array later statements may move */
	for (size_t k = 0; k < q->nev; k++)
		if (q->ev[k].created && !(st->reads[k] = strdup(q->ev[k].created->name)))
			return -ENOMEM;
	st->def.name = q->synth;
	st->def.items = q->items;
	st->def.nitems = q->nitems;
	return 0;
}

int tq_eval_new(const char *src, size_t len, struct tep_handle *tep,
		const struct tq_sql_options *opt, struct tq_eval **out, struct tq_sql_diag *diag)
{
	struct tq_sql_options o = opt ? *opt : (struct tq_sql_options){ 0 };
	struct tq_eval *e = calloc(1, sizeof(*e));
	struct tq_sql_script script = { 0 };
	struct tq_sql_ctx ctx = { .src = src, .opt = &o, .diag = diag,
				  .features = TQ_FEAT_ALL, .offline = true };
	int ret;

	if (!e)
		return tq_sql_error(diag, NULL, NULL, "out of memory"), -ENOMEM;
	o.all_features = true;
	/* a file recorded during a live run may hold the formats of its synthetic events */
	o.removing = true;
	e->tep = tep;
	tq_plan_init(&e->comp.plan);
	tq_plan_init(&e->comp.removal);
	ret = tq_catalog_open_tep(&e->cat, tep);
	ctx.cat = e->cat;
	if (!ret)
		ret = tq_sql_parse(src, len, &script, diag);
	if (!ret) {
		e->st = calloc(script.nstmts ? script.nstmts : 1, sizeof(*e->st));
		if (!e->st)
			ret = -ENOMEM;
	}
	for (size_t i = 0; !ret && i < script.nstmts; i++) {
		const struct tq_sql_pos *sp = &script.stmts[i].span;
		struct stmt *st = &e->st[i];
		size_t before = e->comp.nhists;

		free(ctx.origin);
		ctx.origin = strndup(src + sp->off, sp->len);
		for (char *c = ctx.origin; c && *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		ret = tq_sql_analyze(&ctx, &script.stmts[i], &st->q);
		/* released as tq_sql_compile() does, analyzed or not */
		e->nst++;
		if (ret)
			break;
		ret = tq_sql_emit(&st->q, &ctx, &e->comp);
		if (!ret && e->comp.nhists > before) {
			st->has_hist = true;
			st->hist_idx = before;
		}
		if (!ret)
			ret = stmt_setup(e, st, diag);
	}
	if (!ret) {
		e->comp.warnings = ctx.warnings;
		e->comp.nwarnings = ctx.nwarnings;
		ctx.warnings = NULL;
		ctx.nwarnings = 0;
	}
	if (ret == -ENOMEM && !diag->msg)
		tq_sql_error(diag, NULL, NULL, "out of memory");
	else if (ret && !diag->msg)
		tq_sql_error(diag, NULL, NULL, "%s", tq_errmsg(ret));
	free(ctx.origin);
	ctx.origin = NULL;
	ctx.src = NULL;
	ctx.diag = NULL;
	ctx.opt = NULL;
	e->ctx = ctx;
	tq_sql_script_release(&script);
	if (ret) {
		tq_eval_free(e);
		return ret;
	}
	comm_sources(&e->comms, tep);
	if ((ret = tq_eval_source(e, 0, tep))) {
		tq_eval_free(e);
		return ret;
	}
	*out = e;
	return 0;
}

void tq_eval_free(struct tq_eval *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nst; i++) {
		struct stmt *st = &e->st[i];

		for (size_t k = 0; k < TQ_SQL_MAX_EVENTS; k++) {
			free(st->reads[k]);
			fnode_free(st->filt[k]);
			map_release(&st->start[k]);
			map_release(&st->end[k]);
		}
		map_release(&st->hist);
		tq_sql_query_release(&st->q);
	}
	free(e->st);
	for (size_t i = 0; i < e->comms.ntab; i++)
		free(e->comms.tab[i].name);
	free(e->comms.tab);
	tq_stackq_free(e->stk.q);
	tq_sql_ctx_release(&e->ctx);
	tq_sql_compiled_release(&e->comp);
	tq_catalog_free(e->cat);
	free(e);
}

const struct tq_sql_compiled *tq_eval_compiled(const struct tq_eval *e)
{
	return &e->comp;
}

/* ---- the hist file ---- */

static _Thread_local const struct stmt *sort_st;

/* Value v of an entry as its aggregate shows it; percentiles by nearest rank. */
static double entry_val(struct entry *en, size_t v, const struct tq_sql_aitem *it)
{
	switch (it->agg) {
	case TQ_AGG_MIN: return (double)en->mins[v];
	case TQ_AGG_MAX: return (double)en->maxs[v];
	case TQ_AGG_AVG: return en->hits ? (double)en->sums[v] / (double)en->hits : 0;
	case TQ_AGG_PCT:
		return (double)tq_pct_value(&en->pct[v], it->pct);
	case TQ_AGG_SUM:
		break;
	}
	return (double)en->sums[v];
}

/* the value of sort key `item` of an entry: a key's field, a sum, or hitcount */
static int cmp_item(const struct entry *a, const struct entry *b, int item)
{
	const struct tq_sql_query *q = &sort_st->q;
	size_t off = 0, nv = 0;

	if (item < 0)
		return a->hits < b->hits ? -1 : a->hits > b->hits;
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role == TQ_ROLE_SUM) {
			if ((int)i == item) {
				double x = entry_val((struct entry *)a, nv, it);
				double y = entry_val((struct entry *)b, nv, it);

				return x < y ? -1 : x > y;
			}
			nv++;
		}
	}
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role != TQ_ROLE_KEY)
			continue;
		if (item_is_stack(it)) {
			if ((int)i == item)
				return memcmp(a->key + off, b->key + off, STACK_KEY_LEN);
			off += STACK_KEY_LEN;
			continue;
		}
		if (key_string(q, it)) {
			if ((int)i == item)
				return strcmp((const char *)a->key + off, (const char *)b->key + off);
			/* both keys are the same up to here only when sorted on; walk a's */
			off += strlen((const char *)a->key + off) + 1;
		} else {
			uint64_t x, y;

			memcpy(&x, a->key + off, 8);
			memcpy(&y, b->key + off, 8);
			if ((int)i == item) {
				if (it->val->type.is_signed && !strstr(it->mods, ".log2") &&
				    !mod_buckets(it->mods))
					return (int64_t)x < (int64_t)y ? -1 : (int64_t)x > (int64_t)y;
				return x < y ? -1 : x > y;
			}
			off += 8;
		}
	}
	return 0;
}

static int cmp_entries(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	const struct tq_sql_query *q = &sort_st->q;
	int c = 0;

	if (!q->nsort)
		c = cmp_item(a, b, -1);
	for (size_t i = 0; !c && i < q->nsort; i++) {
		c = cmp_item(a, b, q->sort[i].item);
		if (q->sort[i].desc)
			c = -c;
	}
	if (!c && a->klen != b->klen)
		c = a->klen < b->klen ? -1 : 1;
	return c ? c : memcmp(a->key, b->key, a->klen);
}

/*
 * hist_trigger_stacktrace_print(): a line of 9 spaces and %pS per frame, up to the first 0.
 * The key's name is "stacktrace:" and a newline, or for a synthetic event's field
 * "field.stacktrace" with neither (hist_trigger_print_key()).
 */
static void print_stack_key(struct tep_handle *tep, FILE *f, const char *name, bool field,
			    const uint8_t *p)
{
	fprintf(f, field ? "%s.stacktrace" : "%s:\n", name);
	for (size_t i = 0; i < TQ_EVAL_STACK_DEPTH; i++) {
		uint64_t a;
		char sym[256];

		memcpy(&a, p + i * 8, 8);
		if (!a)
			break;
		tq_eval_sym_offset(tep, a, sym, sizeof(sym));
		fprintf(f, "%9c%s\n", ' ', sym);
	}
}

static void print_key(struct tq_eval *e, const struct tq_sql_query *q, FILE *f,
		      const struct tq_sql_aitem *it, const char *name, const uint8_t *p,
		      const struct entry *en, size_t *used)
{
	const char *m = it->mods;
	uint64_t n;

	if (item_is_stack(it)) {
		print_stack_key(e->tep, f, name, q->nev > 1 || q->ev[0].created, p);
		*used = STACK_KEY_LEN;
		return;
	}
	if (key_string(q, it)) {
		fprintf(f, "%s: %-50s", name, (const char *)p);
		*used = strlen((const char *)p) + 1;
		return;
	}
	memcpy(&n, p, 8);
	*used = 8;
	if (strstr(m, ".hex")) {
		fprintf(f, "%s: %" PRIx64, name, n);
	} else if (strstr(m, ".sym-offset")) {
		char sym[256];

		tq_eval_sym_offset(e->tep, n, sym, sizeof(sym));
		fprintf(f, "%s: [%" PRIx64 "] %-55s", name, n, sym);
	} else if (strstr(m, ".sym")) {
		const char *fn = tep_find_function(e->tep, n);
		char buf[32];

		if (!fn) {
			snprintf(buf, sizeof(buf), "0x%" PRIx64, n);
			fn = buf;
		}
		fprintf(f, "%s: [%" PRIx64 "] %-45s", name, n, fn);
	} else if (key_execname(q, it)) {
		fprintf(f, "%s: %-16s[%10" PRIu64 "]", name, en->comm, n);
	} else if (strstr(m, ".syscall")) {
		const char *sc = tq_syscall_name(e->stk.arch, n);

		fprintf(f, "%s: %-30s[%3" PRIu64 "]", name, sc ? sc : "unknown_syscall", n);
	} else if (strstr(m, ".log2")) {
		fprintf(f, "%s: ~ 2^%-2" PRIu64, name, n);
	} else if (mod_buckets(m) > 0) {
		fprintf(f, "%s: ~ %" PRIu64 "-%" PRIu64, name, n, n + (uint64_t)mod_buckets(m) - 1);
	} else {
		fprintf(f, "%s: %10" PRIu64, name, n);
	}
}

/* the name the kernel shows: the field without its modifiers, or the synthetic field's */
static void item_name(const struct stmt *st, const struct tq_sql_aitem *it, char *buf,
		      size_t size)
{
	static const char *const agg[] = { "", "min", "max", "avg", "p" };
	const char *src = st->q.nev > 1 ? it->name : it->val->field;

	if (st->q.nev > 1)
		snprintf(buf, size, "%.*s", (int)strcspn(src, "."), src);
	else if (it->role == TQ_ROLE_SUM && it->agg == TQ_AGG_PCT)
		snprintf(buf, size, "p%g(%.*s)", it->pct, (int)strcspn(src, "."), src);
	else if (it->role == TQ_ROLE_SUM && it->agg != TQ_AGG_SUM)
		snprintf(buf, size, "%s(%.*s)", agg[it->agg], (int)strcspn(src, "."), src);
	else
		snprintf(buf, size, "%.*s", (int)strcspn(src, "."), src);
}

/* hist_val_stat: what .percent and .graph show each entry's value against */
struct val_stat {
	uint64_t total, max;
};

static void value_stats(const struct stmt *st, struct entry **rows, size_t n,
			struct val_stat *stats)
{
	size_t nv = 0;

	memset(stats, 0, TQ_SQL_HIST_COLS * sizeof(*stats));
	for (size_t k = 0; k < st->q.nitems && nv < TQ_SQL_HIST_COLS; k++) {
		const struct tq_sql_aitem *it = &st->q.items[k];

		if (it->role != TQ_ROLE_SUM)
			continue;
		for (size_t r = 0; r < n; r++) {
			uint64_t v = (uint64_t)entry_val(rows[r], nv, it);

			stats[nv].total += v;
			if (v > stats[nv].max)
				stats[nv].max = v;
		}
		nv++;
	}
}

/* __get_percentage(): 100 times the percentage of val in total, UINT_MAX for none */
static unsigned percent_of(uint64_t val, uint64_t total)
{
	if (!total)
		return val ? UINT_MAX : 0;
	if (val < UINT64_MAX / 10000)
		return (unsigned)(val * 10000 / total);
	total /= 10000;
	return total ? (unsigned)(val / total) : UINT_MAX;
}

/* hist_trigger_print_val() */
static void print_val(FILE *f, const struct tq_sql_aitem *it, const char *name,
		      struct entry *en, size_t nv, const struct val_stat *stat)
{
	uint64_t v = (uint64_t)entry_val(en, nv, it);

	if (strstr(it->mods, ".percent")) {
		unsigned pc = percent_of(v, stat->total);

		if (pc == UINT_MAX)
			fprintf(f, "  %s (%%):[ERROR]", name);
		else
			fprintf(f, "  %s (%%): %3u.%02u", name, pc / 100, pc % 100);
	} else if (strstr(it->mods, ".graph")) {
		/* __fill_bar_str(): '#' for each 5% of the largest value, 20 wide */
		unsigned len = percent_of(v, stat->max);
		char bar[21];

		if (len == UINT_MAX) {
			snprintf(bar, sizeof(bar), "[ERROR]");
		} else {
			len = len * 20 / 10000;
			memset(bar, ' ', 20);
			memset(bar, '#', len < 20 ? len : 20);
			bar[20] = '\0';
		}
		fprintf(f, "  %s: %20s", name, bar);
	} else if (it->agg == TQ_AGG_AVG) {
		fprintf(f, "  %s: %10.2f", name, entry_val(en, nv, it));
	} else {
		fprintf(f, strstr(it->mods, ".hex") ? "  %s: %10" PRIx64 : "  %s: %10" PRIu64,
			name, v);
	}
}

/* "{ a: x, b: y }" of one entry, as the kernel's hist file shows its keys */
static void print_row_keys(const struct tq_eval *e, const struct stmt *st,
			   const struct entry *en, FILE *f)
{
	size_t off = 0;
	bool first = true, multiline = false;
	char name[128];

	fputs("{ ", f);
	for (size_t k = 0; k < st->q.nitems; k++) {
		const struct tq_sql_aitem *it = &st->q.items[k];
		size_t used;

		if (it->role != TQ_ROLE_KEY)
			continue;
		if (!first)
			fputs(", ", f);
		first = false;
		item_name(st, it, name, sizeof(name));
		print_key((struct tq_eval *)e, &st->q, f, it, name, en->key + off, en, &used);
		off += used;
		multiline |= item_is_stack(it);
	}
	/* hist_trigger_print_key(): a stack trace's last line ends the key's text */
	fputs(multiline ? "}" : " }", f);
}

const void *tq_eval_hit_row(const struct tq_eval *e, char **keys)
{
	size_t len = 0;
	FILE *f;

	if (!keys || !e->hit_en)
		return e->hit_en;
	*keys = NULL;
	f = open_memstream(keys, &len);
	if (!f)
		return NULL;
	print_row_keys(e, e->hit_st, e->hit_en, f);
	if (fclose(f)) {
		free(*keys);
		*keys = NULL;
		return NULL;
	}
	return e->hit_en;
}

char *tq_eval_hist_text(const struct tq_eval *e, size_t i)
{
	const struct stmt *st = NULL;
	struct val_stat stats[TQ_SQL_HIST_COLS];
	struct entry **rows;
	char *text = NULL;
	size_t len = 0, n = 0;
	FILE *f;

	for (size_t s = 0; s < e->nst; s++)
		if (e->st[s].has_hist && e->st[s].hist_idx == i)
			st = &e->st[s];
	if (!st)
		return NULL;
	rows = calloc(st->hist.n ? st->hist.n : 1, sizeof(*rows));
	f = rows ? open_memstream(&text, &len) : NULL;
	if (!f) {
		free(rows);
		return NULL;
	}
	for (size_t s = 0; s < st->hist.cap; s++)
		if (st->hist.slots[s])
			rows[n++] = st->hist.slots[s];
	sort_st = st;
	qsort(rows, n, sizeof(*rows), cmp_entries);
	value_stats(st, rows, n, stats);
	fprintf(f, "# event histogram\n#\n# trigger info: %s [active]\n#\n\n",
		e->comp.hists[i].trigger);
	for (size_t r = 0; r < n; r++) {
		struct entry *en = rows[r];
		size_t nv = 0;
		char name[128];

		print_row_keys(e, st, en, f);
		fprintf(f, " hitcount: %10" PRIu64, en->hits);
		for (size_t k = 0; k < st->q.nitems; k++) {
			const struct tq_sql_aitem *it = &st->q.items[k];

			if (it->role != TQ_ROLE_SUM || nv >= TQ_SQL_HIST_COLS)
				continue;
			item_name(st, it, name, sizeof(name));
			print_val(f, it, name, en, nv, &stats[nv]);
			nv++;
		}
		fputc('\n', f);
	}
	fprintf(f, "\nTotals:\n    Hits: %" PRIu64 "\n    Entries: %zu\n    Dropped: %" PRIu64
		"\n", st->hist.hits, st->hist.n, st->hist.drops);
	free(rows);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}
