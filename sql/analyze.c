// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The semantic pass: resolves events, aliases and fields against the catalog, types every
 * value the way a synthetic event would carry it, checks what the kernel would reject
 * (with a position in the query, not an EINVAL from a write), and splits WHERE into one
 * filter per event.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event-parse.h>

#include "sql/analyze.h"
#include "tracefs/catalog.h"
#include "util/diag.h"
#include "util/suggest.h"

#define ERR(a, pos, hint, ...) tq_sql_error((a)->ctx->diag, (pos), (hint), __VA_ARGS__)

struct an {
	struct tq_sql_ctx *ctx;
	struct tq_sql_query *q;
	const struct tq_sql_select *sel;
	char hint[256];
};

static const char *hintf(struct an *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *hintf(struct an *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->hint, sizeof(a->hint), fmt, ap);
	va_end(ap);
	return a->hint;
}

static bool has(struct an *a, unsigned feature)
{
	return (a->ctx->features & feature) == feature;
}

static int need(struct an *a, unsigned feature, const struct tq_sql_pos *pos, const char *what)
{
	if (has(a, feature))
		return 0;
	return ERR(a, pos, "its tracefs README does not list it; use a newer kernel, or "
		   "--all-features to compile anyway", "%s needs %s, which the target kernel lacks",
		   what, tq_feature_name(feature));
}

void tq_sql_val_free(struct tq_sql_val *v)
{
	if (!v)
		return;
	tq_sql_val_free(v->l);
	tq_sql_val_free(v->r);
	free(v->field);
	free(v->name);
	free(v);
}

static struct tq_sql_val *new_val(enum tq_sql_vkind kind, const struct tq_sql_pos *pos)
{
	struct tq_sql_val *v = calloc(1, sizeof(*v));

	if (v) {
		v->kind = kind;
		v->pos = *pos;
		v->ev = -1;
	}
	return v;
}

static int nomem(struct an *a)
{
	ERR(a, NULL, NULL, "out of memory");
	return -ENOMEM;
}

/* ---- types ---- */

static void set_int_type(struct tq_sql_type *t, int size, bool is_signed)
{
	static const char *const names[2][9] = {
		{ [1] = "unsigned char", [2] = "u16", [4] = "u32", [8] = "u64" },
		{ [1] = "char", [2] = "s16", [4] = "s32", [8] = "s64" },
	};

	t->size = size;
	t->is_signed = is_signed;
	if (size > 0 && size <= 8 && names[is_signed][size])
		snprintf(t->base, sizeof(t->base), "%s", names[is_signed][size]);
}

/* The synthetic type of a format field (sqlhist-peer.md 5.2, with tq's fixes). */
static void type_of_field(const struct tep_format_field *f, struct tq_sql_type *t)
{
	memset(t, 0, sizeof(*t));
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		if (!strncmp(f->type, "__data_loc char", 15) ||
		    !strncmp(f->type, "__rel_loc char", 14)) {
			t->is_string = true;
			snprintf(t->base, sizeof(t->base), "char");
			snprintf(t->array, sizeof(t->array), "[]");
			return;
		}
		t->is_array = true;
		t->size = f->size;
		return;
	}
	if (f->flags & TEP_FIELD_IS_ARRAY) {
		if (!strncmp(f->type, "char", 4) || !strncmp(f->type, "const char", 10)) {
			t->is_string = true;
			t->size = f->size;
			snprintf(t->base, sizeof(t->base), "char");
			snprintf(t->array, sizeof(t->array), "[%d]", f->size);
			return;
		}
		t->is_array = true;
		t->size = f->size;
		return;
	}
	if ((f->flags & TEP_FIELD_IS_POINTER) || strchr(f->type, '*')) {
		set_int_type(t, 8, false);
		return;
	}
	if (!strcmp(f->type, "pid_t") || !strcmp(f->type, "gfp_t") || !strcmp(f->type, "bool")) {
		snprintf(t->base, sizeof(t->base), "%s", f->type);
		t->size = f->size;
		t->is_signed = f->flags & TEP_FIELD_IS_SIGNED;
		return;
	}
	set_int_type(t, f->size, f->flags & TEP_FIELD_IS_SIGNED);
}

char *tq_sql_field_decl(const char *name, const struct tq_sql_type *t)
{
	char *s;

	if (asprintf(&s, "%s %s%s", t->base, name, t->array) < 0)
		return NULL;
	return s;
}

static const char *type_text(const struct tq_sql_type *t, char *buf, size_t size)
{
	if (t->is_stack)
		snprintf(buf, size, "stacktrace");
	else if (t->is_array)
		snprintf(buf, size, "array");
	else
		snprintf(buf, size, "%s%s", t->base, t->array);
	return buf;
}

/* ---- events ---- */

static char *lower(const char *s)
{
	char *l = strdup(s);

	for (char *c = l; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return l;
}

static const struct tq_sql_created *find_created(struct an *a, const char *name)
{
	for (size_t i = 0; i < a->ctx->ncreated; i++)
		if (!strcmp(a->ctx->created[i].name, name))
			return &a->ctx->created[i];
	return NULL;
}

static bool valid_name(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int resolve_event(struct an *a, const struct tq_sql_evref *ref, struct tq_sql_aevent *ev)
{
	const struct tq_sql_created *c = NULL;
	struct tep_event *tep = NULL;
	int ret;

	if (!ref->sys || !strcmp(ref->sys, "synthetic"))
		c = find_created(a, ref->name);
	if (c) {
		ev->sys = strdup("synthetic");
		ev->name = strdup(c->name);
		ev->created = c;
	} else {
		ret = tq_catalog_event(a->ctx->cat, ref->sys, ref->name, &tep);
		if (ret == -ENOENT) {
			/* SQL names are case-insensitive; the kernel's are lower case */
			char *lsys = ref->sys ? lower(ref->sys) : NULL, *lname = lower(ref->name);

			if (lname && (!ref->sys || lsys) &&
			    (strcmp(lname, ref->name) || (lsys && strcmp(lsys, ref->sys))))
				ret = tq_catalog_event(a->ctx->cat, lsys, lname, &tep);
			free(lsys);
			free(lname);
		}
		if (ret == -ENOENT && !ref->sys && valid_name(ref->name)) {
			/* available_events does not list the ftrace events (print, ...) */
			char *ft = NULL;

			if (asprintf(&ft, "events/ftrace/%s/format", ref->name) > 0 &&
			    tq_catalog_has_file(a->ctx->cat, ft))
				ret = tq_catalog_event(a->ctx->cat, "ftrace", ref->name, &tep);
			free(ft);
		}
		if (ret == -ENOENT) {
			const char *near = tq_catalog_suggest(a->ctx->cat, ref->sys, ref->name);

			if (ref->sys)
				return ERR(a, &ref->pos, near ? hintf(a, "did you mean %s?", near) :
					   "tq list -e shows them", "no event '%s.%s' in this kernel",
					   ref->sys, ref->name);
			return ERR(a, &ref->pos, near ? hintf(a, "did you mean %s?", near) :
				   "tq list -e shows them", "no event '%s' in this kernel",
				   ref->name);
		}
		if (ret)
			return ERR(a, &ref->pos, NULL, "%s", tq_errmsg(ret));
		/* the tracers' own records have a format but no trigger file; print has one */
		if (!strcmp(tep->system, "ftrace") && strcmp(tep->name, "print"))
			return ERR(a, &ref->pos, "ftrace.print (what is written to trace_marker) is "
				   "the one event of the ftrace system that takes them",
				   "ftrace.%s is a record of a tracer: the kernel puts no triggers "
				   "on it", tep->name);
		ev->sys = strdup(tep->system);
		ev->name = strdup(tep->name);
		ev->tep = tep;
	}
	if (ref->alias)
		ev->alias = strdup(ref->alias);
	ev->pos = ref->pos;
	if (!ev->sys || !ev->name || (ref->alias && !ev->alias))
		return nomem(a);
	return 0;
}

/* ---- fields ---- */

enum pseudo { P_NONE, P_TS, P_TS_USECS, P_DELTA, P_DELTA_USECS, P_COMM, P_STACK, P_CPU };

static const struct {
	const char *name;
	enum pseudo p;
} pseudos[] = {
	{ "TIMESTAMP", P_TS }, { "TIMESTAMP_USECS", P_TS_USECS },
	{ "TIMESTAMP_DELTA", P_DELTA }, { "TIMESTAMP_DELTA_USECS", P_DELTA_USECS },
	{ "COMM", P_COMM }, { "STACKTRACE", P_STACK }, { "CPU", P_CPU },
	/* the kernel's own spellings */
	{ "common_timestamp", P_TS }, { "common_cpu", P_CPU }, { "common_stacktrace", P_STACK },
};

static enum pseudo pseudo_of(const char *name)
{
	for (size_t i = 0; i < sizeof(pseudos) / sizeof(pseudos[0]); i++)
		if (!strcasecmp(pseudos[i].name, name))
			return pseudos[i].p;
	return P_NONE;
}

static bool event_has_field(const struct tq_sql_aevent *ev, const char *name)
{
	if (ev->tep)
		return tep_find_any_field(ev->tep, name) != NULL;
	for (size_t i = 0; i < ev->created->nfields; i++)
		if (!strcmp(ev->created->fields[i].name, name))
			return true;
	return false;
}

static const char *suggest_field(struct an *a, const struct tq_sql_aevent *ev, const char *name)
{
	const char *cands[512];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(pseudos) / sizeof(pseudos[0]); i++)
		cands[n++] = pseudos[i].name;
	if (ev->tep) {
		struct tep_format_field *f;

		for (f = ev->tep->format.common_fields; f && n < 512; f = f->next)
			cands[n++] = f->name;
		for (f = ev->tep->format.fields; f && n < 512; f = f->next)
			cands[n++] = f->name;
	} else {
		for (size_t i = 0; i < ev->created->nfields && n < 512; i++)
			cands[n++] = ev->created->fields[i].name;
	}
	return tq_suggest(name, cands, n);
}

/* The fields of ev whose name is NAME with a prefix or suffix: prev_pid, next_pid for pid. */
static size_t fields_around(const struct tq_sql_aevent *ev, const char *name, const char **out,
			    size_t max)
{
	size_t n = 0, len = strlen(name);

	for (struct tep_format_field *f = ev->tep ? ev->tep->format.fields : NULL; f && n < max;
	     f = f->next) {
		size_t fl = strlen(f->name);

		if (fl > len + 1 && ((!strncmp(f->name, name, len) && f->name[len] == '_') ||
				     (!strcmp(f->name + fl - len, name) &&
				      f->name[fl - len - 1] == '_')))
			out[n++] = f->name;
	}
	return n;
}

static int field_list_hint(struct an *a, const struct tq_sql_aevent *ev, const char *name)
{
	const char *near = suggest_field(a, ev, name), *around[3];
	size_t n;

	if (near) {
		hintf(a, "did you mean '%s'?", near);
		return 0;
	}
	/* s.next_pid where e has it */
	for (size_t i = 0; a->q && i < a->q->nev; i++) {
		const struct tq_sql_aevent *o = &a->q->ev[i];

		if (o != ev && o->name && event_has_field(o, name)) {
			hintf(a, "'%s' is a field of %s:%s: write %s.%s", name, o->sys, o->name,
			      o->alias ? o->alias : o->name, name);
			return 0;
		}
	}
	n = fields_around(ev, name, around, 3);
	if (n == 1)
		hintf(a, "did you mean '%s'?", around[0]);
	else if (n == 2)
		hintf(a, "did you mean '%s' or '%s'?", around[0], around[1]);
	else if (n == 3)
		hintf(a, "did you mean '%s', '%s' or '%s'?", around[0], around[1], around[2]);
	else
		hintf(a, "tq list -e %s:%s -F shows its fields", ev->sys, ev->name);
	return 0;
}

static struct tq_sql_val *field_leaf(struct an *a, int evi, const char *kname, const char *name,
				     const struct tq_sql_pos *pos)
{
	struct tq_sql_val *v = new_val(TQ_V_FIELD, pos);

	if (!v)
		return NULL;
	v->ev = evi;
	v->field = strdup(kname);
	v->name = strdup(name);
	if (!v->field || !v->name) {
		tq_sql_val_free(v);
		return NULL;
	}
	return v;
}

static int delta_val(struct an *a, bool usecs, const struct tq_sql_pos *pos,
		     struct tq_sql_val **out)
{
	const char *k = usecs ? "common_timestamp.usecs" : "common_timestamp";
	struct tq_sql_val *v;

	if (a->q->nev < 2)
		return ERR(a, pos, "it is the time between the first and the last event of a JOIN",
			   "%s needs a JOIN", usecs ? "TIMESTAMP_DELTA_USECS" : "TIMESTAMP_DELTA");
	v = new_val(TQ_V_BIN, pos);
	if (!v)
		return nomem(a);
	v->op = TQ_OP_SUB;
	v->l = field_leaf(a, (int)a->q->nev - 1, k, "ts", pos);
	v->r = field_leaf(a, 0, k, "ts", pos);
	if (!v->l || !v->r) {
		tq_sql_val_free(v);
		return nomem(a);
	}
	v->l->type.ts = v->r->type.ts = usecs ? TQ_TS_USECS : TQ_TS_NS;
	set_int_type(&v->l->type, 8, false);
	set_int_type(&v->r->type, 8, false);
	v->type = v->l->type;
	*out = v;
	return 0;
}

/* times are compared after a JOIN computed them: in a query of the event it made */
#define FILTER_LATER_HINT "compute the time in a JOIN, then filter the event it makes: CREATE " \
	"EVENT w AS SELECT TIMESTAMP_DELTA_USECS AS lat FROM ...; SELECT lat FROM w WHERE lat > 100"

/* One named field of event evi (which exists); pseudo-fields included. */
static int make_field(struct an *a, int evi, const char *name, const struct tq_sql_pos *pos,
		      bool in_where, struct tq_sql_val **out)
{
	const struct tq_sql_aevent *ev = &a->q->ev[evi];
	enum pseudo p = P_NONE;
	struct tq_sql_type t = { 0 };
	const char *kname = name;
	struct tq_sql_val *v;

	char *lname = NULL;
	int ret;

	if (!event_has_field(ev, name)) {
		lname = lower(name);
		if (!lname)
			return nomem(a);
		if (strcmp(lname, name) && event_has_field(ev, lname) && pseudo_of(name) == P_NONE) {
			ret = make_field(a, evi, lname, pos, in_where, out);
			free(lname);
			return ret;
		}
		free(lname);
		p = pseudo_of(name);
	}
	switch (p) {
	case P_NONE:
		if (!event_has_field(ev, name)) {
			field_list_hint(a, ev, name);
			return ERR(a, pos, a->hint, "no field '%s' in %s:%s", name, ev->sys,
				   ev->name);
		}
		if (ev->tep) {
			const struct tep_format_field *ff = tep_find_any_field(ev->tep, name);

			/* ftrace's char buf[]: no size, not a __data_loc: the kernel has no use */
			if (!ff->size && !(ff->flags & TEP_FIELD_IS_DYNAMIC))
				return ERR(a, pos, hintf(a, "use another field; tq list -e %s:%s -F "
							 "shows them", ev->sys, ev->name),
					   "'%s' has no size: the kernel's histograms and filters "
					   "cannot read it", name);
			type_of_field(ff, &t);
		} else {
			for (size_t i = 0; i < ev->created->nfields; i++)
				if (!strcmp(ev->created->fields[i].name, name))
					t = ev->created->fields[i].type;
		}
		break;
	case P_TS:
	case P_TS_USECS:
		kname = p == P_TS ? "common_timestamp" : "common_timestamp.usecs";
		set_int_type(&t, 8, false);
		t.ts = p == P_TS ? TQ_TS_NS : TQ_TS_USECS;
		if (in_where)
			return ERR(a, pos, FILTER_LATER_HINT, "the kernel's filters have no "
				   "timestamps: they see the event's fields, CPU and COMM");
		break;
	case P_DELTA:
	case P_DELTA_USECS:
		if (in_where)
			return ERR(a, pos, FILTER_LATER_HINT, "a filter cannot use %s: the kernel "
				   "filters each event before the JOIN computes it", name);
		return delta_val(a, p == P_DELTA_USECS, pos, out);
	case P_CPU:
		kname = in_where ? "CPU" : "common_cpu";
		/* the filter's CPU is an int; the hist field common_cpu an unsigned one */
		set_int_type(&t, 4, in_where);
		break;
	case P_COMM:
		/* the kernel types an execname variable as a string of variable length */
		kname = in_where ? "COMM" : "common_pid.execname";
		t.is_string = true;
		snprintf(t.base, sizeof(t.base), "char");
		snprintf(t.array, sizeof(t.array), "[]");
		break;
	case P_STACK:
		if (in_where)
			return ERR(a, pos, "filter on the event's fields, CPU or COMM",
				   "a filter cannot use STACKTRACE");
		kname = has(a, TQ_FEAT_COMMON_STACK) ? "common_stacktrace" : "stacktrace";
		t.is_stack = true;
		snprintf(t.base, sizeof(t.base), "unsigned long");
		snprintf(t.array, sizeof(t.array), "[]");
		break;
	}
	v = field_leaf(a, evi, kname, p == P_NONE ? name :
		       p == P_TS || p == P_TS_USECS ? "ts" : p == P_CPU ? "cpu" :
		       p == P_COMM ? "comm" : "stack", pos);
	if (!v)
		return nomem(a);
	v->type = t;
	*out = v;
	return 0;
}

/* "the events here are called s, e": every event of the query, by alias or name */
static const char *events_hint(struct an *a)
{
	size_t n = (size_t)snprintf(a->hint, sizeof(a->hint), a->q->nev == 1 ?
				    "the event here is called " : "the events here are called ");

	for (size_t i = 0; i < a->q->nev && n < sizeof(a->hint); i++) {
		const struct tq_sql_aevent *ev = &a->q->ev[i];

		n += (size_t)snprintf(a->hint + n, sizeof(a->hint) - n, "%s%s", i ? ", " : "",
				      ev->alias ? ev->alias : ev->name);
	}
	return a->hint;
}

/*
 * A dotted name: [sys.event. | alias. | event.] field [.modifier ...]. Returns the value
 * and the index of the first part after the field (the modifiers).
 */
static int resolve_name(struct an *a, const struct tq_sql_expr *e, bool in_where,
			struct tq_sql_val **out, size_t *mods_at)
{
	struct tq_sql_query *q = a->q;
	size_t n = e->nparts, at = 0;
	int evi = -1;

	/* the alias first, then the event name, then sys.event (as the peer does) */
	if (n >= 2) {
		for (size_t i = 0; i < q->nev && evi < 0; i++)
			if (q->ev[i].alias && !strcmp(q->ev[i].alias, e->parts[0]))
				evi = (int)i;
		if (evi < 0) {
			int named = 0, bare = 0, first = -1, first_bare = -1;

			for (size_t i = 0; i < q->nev; i++) {
				if (strcmp(q->ev[i].name, e->parts[0]) ||
				    event_has_field(&q->ev[i], e->parts[0]))
					continue;
				named++;
				if (first < 0)
					first = (int)i;
				if (!q->ev[i].alias && !bare++)
					first_bare = (int)i;
			}
			/* the same event twice: an alias hides its event's name, as in SQL */
			evi = named == 1 ? first : bare == 1 ? first_bare : -1;
			if (named > 1 && evi < 0)
				return ERR(a, &e->part_pos[0], hintf(a, "give the events aliases "
						"(JOIN %s AS b) and write b.%s", e->parts[0],
						n > 1 ? e->parts[1] : "field"),
					   "'%s' names more than one event of this query",
					   e->parts[0]);
		}
		if (evi >= 0)
			at = 1;
	}
	if (evi < 0 && n >= 3) {
		for (size_t i = 0; i < q->nev && evi < 0; i++)
			if (!strcmp(q->ev[i].sys, e->parts[0]) && !strcmp(q->ev[i].name, e->parts[1]))
				evi = (int)i;
		if (evi >= 0)
			at = 2;
		for (size_t i = 0; i < q->nev && evi < 0; i++)
			if (!strcmp(q->ev[i].sys, e->parts[0]) && !event_has_field(&q->ev[i], e->parts[0]))
				return ERR(a, &e->part_pos[1], events_hint(a), "no event '%s.%s' in this "
					   "query", e->parts[0], e->parts[1]);
	}
	if (at >= n)
		return ERR(a, &e->pos, "write alias.field", "'%s' names an event, not a field",
			   e->parts[0]);
	if (evi < 0) {
		const char *f = e->parts[0];
		int found = -1, count = 0;

		if (q->nev == 1) {
			evi = 0;
			/* x.prev_pid with x no alias: the name of the event mistyped */
			if (n >= 2 && !event_has_field(&q->ev[0], f) && pseudo_of(f) == P_NONE &&
			    (event_has_field(&q->ev[0], e->parts[1]) ||
			     pseudo_of(e->parts[1]) != P_NONE))
				return ERR(a, &e->part_pos[0], events_hint(a),
					   "no event or alias '%s' in this query", f);
		} else if (pseudo_of(f) == P_DELTA || pseudo_of(f) == P_DELTA_USECS) {
			evi = 0;
		} else {
			for (size_t i = 0; i < q->nev; i++) {
				if (event_has_field(&q->ev[i], f)) {
					found = (int)i;
					count++;
				}
			}
			if (count == 1) {
				evi = found;
			} else {
				const char *al = q->ev[0].alias ? q->ev[0].alias : q->ev[0].name;

				if (count > 1 || pseudo_of(f) != P_NONE)
					return ERR(a, &e->pos, hintf(a, "write it with the event's alias, "
							"as in %s.%s", al, f),
						   "'%s' is ambiguous in a JOIN: several events have it",
						   f);
				if (n >= 2)
					return ERR(a, &e->part_pos[0], events_hint(a),
						   "no event or alias '%s' in this query", f);
				return ERR(a, &e->pos, "check the spelling, or qualify it as "
					   "alias.field", "no event of this query has a field '%s'", f);
			}
		}
	}
	*mods_at = at + 1;
	if (pseudo_of(e->parts[at]) == P_TS && at + 1 < n && !strcmp(e->parts[at + 1], "usecs") &&
	    !event_has_field(&q->ev[evi], e->parts[at])) {
		/* TIMESTAMP.usecs, common_timestamp.usecs: the kernel's spelling of the same */
		*mods_at = at + 2;
		return make_field(a, evi, "TIMESTAMP_USECS", &e->part_pos[at], in_where, out);
	}
	return make_field(a, evi, e->parts[at], &e->part_pos[at], in_where, out);
}

/* ---- arithmetic ---- */

static int count_ops(const struct tq_sql_val *v)
{
	return v && v->kind == TQ_V_BIN ? 1 + count_ops(v->l) + count_ops(v->r) : 0;
}

static void set_bin_type(struct tq_sql_val *v)
{
	/* the kernel types an expression like its first operand */
	v->type = v->l->type;
	if (v->type.ts && v->r->type.ts == TQ_TS_NONE && v->r->kind != TQ_V_CONST)
		v->type.ts = TQ_TS_NONE;
}

static int analyze_value(struct an *a, const struct tq_sql_expr *e, struct tq_sql_val **out);

static int analyze_bin(struct an *a, const struct tq_sql_expr *e, struct tq_sql_val **out)
{
	struct tq_sql_val *v;
	char b1[48];
	int ret;

	switch (e->op) {
	case TQ_OP_ADD:
	case TQ_OP_SUB:
		break;
	case TQ_OP_MUL:
	case TQ_OP_DIV:
		ret = need(a, TQ_FEAT_MULDIV, &e->pos, "'*' and '/'");
		if (ret)
			return ret;
		break;
	default:
		return ERR(a, &e->pos, "comparisons belong in WHERE or ON",
			   "'%s' cannot compute a value", tq_sql_op_text(e->op));
	}
	v = new_val(TQ_V_BIN, &e->pos);
	if (!v)
		return nomem(a);
	v->op = e->op;
	ret = analyze_value(a, e->args[0], &v->l);
	if (!ret)
		ret = analyze_value(a, e->args[1], &v->r);
	if (ret) {
		tq_sql_val_free(v);
		return ret;
	}
	if (v->l->type.is_string || v->r->type.is_string || v->l->type.is_stack ||
	    v->r->type.is_stack || v->l->type.is_array || v->r->type.is_array) {
		const struct tq_sql_val *bad = v->l->type.is_string || v->l->type.is_stack ||
			v->l->type.is_array ? v->l : v->r;

		ret = ERR(a, &bad->pos, "arithmetic works on numbers only",
			  "cannot compute with '%s', of type %s", bad->name ? bad->name : "?",
			  type_text(&bad->type, b1, sizeof(b1)));
		tq_sql_val_free(v);
		return ret;
	}
	if (v->l->type.ts && v->r->type.ts && v->l->type.ts != v->r->type.ts) {
		ret = ERR(a, &e->pos, "use TIMESTAMP on both sides, or TIMESTAMP_USECS on both",
			  "this mixes nanoseconds (TIMESTAMP) and microseconds (TIMESTAMP_USECS)");
		tq_sql_val_free(v);
		return ret;
	}
	if (v->l->kind == TQ_V_CONST && v->r->kind == TQ_V_CONST) {
		ret = ERR(a, &e->pos, "write the result as one number", "constant arithmetic");
		tq_sql_val_free(v);
		return ret;
	}
	if (v->op == TQ_OP_DIV && v->r->kind == TQ_V_CONST && v->r->num == 0) {
		ret = ERR(a, &v->r->pos, "divide by a number other than 0",
			  "division by zero: the kernel refuses it");
		tq_sql_val_free(v);
		return ret;
	}
	set_bin_type(v);
	*out = v;
	return 0;
}

static int analyze_value(struct an *a, const struct tq_sql_expr *e, struct tq_sql_val **out)
{
	struct tq_sql_val *v;
	size_t mods_at;
	int ret;

	switch (e->kind) {
	case TQ_EX_NAME:
		ret = resolve_name(a, e, false, &v, &mods_at);
		if (ret)
			return ret;
		if (mods_at < e->nparts || e->cast_arg >= 0) {
			tq_sql_val_free(v);
			return ERR(a, &e->part_pos[mods_at < e->nparts ? mods_at : e->nparts - 1],
				   "a modifier applies to a whole selected value: log2(a - b), "
				   "not a.x.log2 - b", "modifier inside a computation");
		}
		*out = v;
		return 0;
	case TQ_EX_NUMBER:
		if (e->negative)
			return ERR(a, &e->pos, "subtract a positive number instead",
				   "the kernel's expressions have no negative constants");
		ret = need(a, TQ_FEAT_MULDIV, &e->pos, "a constant in an expression");
		if (ret)
			return ret;
		v = new_val(TQ_V_CONST, &e->pos);
		if (!v)
			return nomem(a);
		v->num = e->num;
		set_int_type(&v->type, 8, false);
		*out = v;
		return 0;
	case TQ_EX_BINARY:
		return analyze_bin(a, e, out);
	case TQ_EX_STRING:
		return ERR(a, &e->pos, "strings can only be compared in WHERE",
			   "a string is not a value here");
	case TQ_EX_NEG:
		return ERR(a, &e->pos, "write b - a instead of -(a - b)",
			   "the kernel's expressions have no unary minus");
	case TQ_EX_CALL:
	case TQ_EX_CAST:
		return ERR(a, &e->pos, "a function or CAST applies to a whole selected value, as in "
			   "log2(a - b)", "'%s' inside a computation", e->str);
	default:
		return ERR(a, &e->pos, "select a field, or arithmetic on fields",
			   "this is not a value");
	}
}

/* ---- modifiers ---- */

static const struct {
	const char *name;	/* as written: modifier, function or CAST type */
	const char *kmod;	/* kernel modifier, without the dot */
	unsigned feature;
	bool numeric;		/* numbers only */
} modifiers[] = {
	{ "hex", "hex", 0, true },
	{ "sym", "sym", 0, true },
	{ "sym-offset", "sym-offset", 0, true },
	{ "sym_offset", "sym-offset", 0, true },
	{ "syscall", "syscall", 0, true },
	{ "execname", "execname", 0, true },
	{ "comm", "execname", 0, true },
	{ "log2", "log2", 0, true },
	{ "log", "log2", 0, true },
	{ "buckets", "buckets", TQ_FEAT_BUCKETS, true },
	{ "percent", "percent", TQ_FEAT_PERCENT, true },
	{ "graph", "graph", TQ_FEAT_GRAPH, true },
	{ "stacktrace", "stacktrace", TQ_FEAT_STACKTRACE_MOD, false },
	{ "usecs", "usecs", 0, true },
};

static int find_modifier(const char *name)
{
	for (size_t i = 0; i < sizeof(modifiers) / sizeof(modifiers[0]); i++)
		if (!strcasecmp(modifiers[i].name, name))
			return (int)i;
	return -1;
}

/*
 * execname(x.common_pid) in a JOIN: the histogram is on the synthetic event, whose own
 * common_pid is the last event's task, so the name travels as a string: x.COMM.
 */
static int execname_to_comm(struct an *a, struct tq_sql_aitem *it)
{
	struct tq_sql_val *comm;
	int ret = make_field(a, it->val->ev, "COMM", &it->val->pos, false, &comm);

	if (ret)
		return ret;
	if (it->name && !strcmp(it->name, it->val->name)) {
		free(it->name);
		it->name = strdup("comm");
		if (!it->name) {
			tq_sql_val_free(comm);
			return nomem(a);
		}
	}
	tq_sql_val_free(it->val);
	it->val = comm;
	return 0;
}

static int add_modifier(struct an *a, struct tq_sql_aitem *it, const char *name, long arg,
			const struct tq_sql_pos *pos)
{
	int m = find_modifier(name);
	const struct tq_sql_val *v = it->val;
	char buf[48], mod[40];
	int ret;

	if (m < 0) {
		const char *cands[sizeof(modifiers) / sizeof(modifiers[0])];
		const char *near;

		for (size_t i = 0; i < sizeof(modifiers) / sizeof(modifiers[0]); i++)
			cands[i] = modifiers[i].name;
		near = tq_suggest(name, cands, sizeof(cands) / sizeof(cands[0]));
		return ERR(a, pos, near ? hintf(a, "did you mean '%s'?", near) :
			   "modifiers: hex sym sym-offset syscall execname log2 buckets=N percent "
			   "graph stacktrace", "unknown modifier '%s'", name);
	}
	if (modifiers[m].feature) {
		ret = need(a, modifiers[m].feature, pos, hintf(a, "'.%s'", modifiers[m].kmod));
		if (ret)
			return ret;
	}
	if (!v)
		return ERR(a, pos, "put the modifier on a selected field, or on a value: "
			   "percent(sum(x))", "count(*) takes no modifier");
	if (!strcmp(modifiers[m].kmod, "usecs")) {
		if (v->kind == TQ_V_FIELD && !strcmp(v->field, "common_timestamp"))
			return ERR(a, pos, NULL, "write TIMESTAMP_USECS for microseconds");
		return ERR(a, pos, "only TIMESTAMP has it: write TIMESTAMP_USECS",
			   "'.usecs' is not a modifier of '%s'", it->name);
	}
	if (modifiers[m].numeric && (v->type.is_string || v->type.is_array || v->type.is_stack))
		return ERR(a, pos, "modifiers change how numbers are shown",
			   "'%s' is of type %s: it cannot be shown as %s", it->name,
			   type_text(&v->type, buf, sizeof(buf)), modifiers[m].kmod);
	if (!strcmp(modifiers[m].kmod, "stacktrace") && !v->type.is_stack)
		return ERR(a, pos, "use it on STACKTRACE; numbers take hex, sym, log2 and the like",
			   "'.stacktrace' is for stack traces");
	if (!strcmp(modifiers[m].kmod, "execname")) {
		if (v->kind != TQ_V_FIELD || strcmp(v->field, "common_pid"))
			return ERR(a, pos, "write execname(common_pid), or COMM",
				   "'execname' shows a common_pid as a program name; '%s' is not "
				   "common_pid", it->name);
		if (a->q->nev > 1)
			return execname_to_comm(a, it);
	}
	if (!strcmp(modifiers[m].kmod, "buckets")) {
		if (arg <= 0)
			return ERR(a, pos, "write buckets=N, or buckets(x, N), with N > 0",
				   "buckets needs a size");
		snprintf(mod, sizeof(mod), ".buckets=%ld", arg);
	} else {
		if (arg >= 0)
			return ERR(a, pos, "only buckets takes a size: buckets=N", "'%s' takes no '='",
				   name);
		snprintf(mod, sizeof(mod), ".%s", modifiers[m].kmod);
	}
	if (!strcmp(it->mods, mod))
		return 0;
	/* the kernel reads all after the field's first '.' as one modifier */
	if (it->mods[0])
		return ERR(a, pos, "the kernel takes one modifier per field: keep one",
			   "'%s' already has the modifier '%s'", it->name, it->mods);
	if (a->q->nev == 1 && v->kind == TQ_V_FIELD && strchr(v->field, '.'))
		return ERR(a, pos, hintf(a, "use TIMESTAMP (nanoseconds) instead: TIMESTAMP%s", mod),
			   "%s is the kernel's %s, which already has the one modifier a field "
			   "may have", v->type.ts == TQ_TS_USECS ? "TIMESTAMP_USECS" : it->name,
			   v->field);
	if (strlen(it->mods) + strlen(mod) >= sizeof(it->mods))
		return ERR(a, pos, NULL, "too many modifiers");
	strcat(it->mods, mod);
	return 0;
}

/* ---- SELECT items ---- */

static int analyze_item_expr(struct an *a, const struct tq_sql_expr *e, struct tq_sql_aitem *it);

static int analyze_call(struct an *a, const struct tq_sql_expr *e, struct tq_sql_aitem *it)
{
	const char *f = e->str;
	long arg = -1;
	int ret;

	if (!strcasecmp(f, "count")) {
		if (e->nargs > 1 || (e->nargs == 1 && e->args[0]->kind != TQ_EX_STAR))
			return ERR(a, &e->pos, "count(*) counts hits; sum(x) adds a field up",
				   "count takes *");
		it->role = TQ_ROLE_COUNT;
		return 0;
	}
	static const struct { const char *name; enum tq_sql_agg agg; double pct; } aggs[] = {
		{ "sum", TQ_AGG_SUM, 0 }, { "min", TQ_AGG_MIN, 0 }, { "max", TQ_AGG_MAX, 0 },
		{ "avg", TQ_AGG_AVG, 0 }, { "p50", TQ_AGG_PCT, 50 }, { "p90", TQ_AGG_PCT, 90 },
		{ "p99", TQ_AGG_PCT, 99 }, { "p99.9", TQ_AGG_PCT, 99.9 },
		{ "p999", TQ_AGG_PCT, 99.9 },	/* the spelling before the lexer read p99.9 */
	};
	size_t g;

	for (g = 0; g < sizeof(aggs) / sizeof(aggs[0]); g++)
		if (!strcasecmp(f, aggs[g].name))
			break;
	if (g < sizeof(aggs) / sizeof(aggs[0])) {
		if (e->nargs != 1 || e->args[0]->kind == TQ_EX_STAR)
			return ERR(a, &e->pos, hintf(a, "write %s(field)", aggs[g].name),
				   "%s takes one value", aggs[g].name);
		it->agg = aggs[g].agg;
		it->pct = aggs[g].pct;
		ret = analyze_item_expr(a, e->args[0], it);
		if (ret)
			return ret;
		if (it->role != TQ_ROLE_KEY)
			return ERR(a, &e->pos, "add up a field: sum(prio)", "an aggregate inside sum()");
		if (it->val->type.is_string || it->val->type.is_stack || it->val->type.is_array) {
			char buf[48];

			return ERR(a, &e->pos, hintf(a, "add up a numeric field; tq list -e %s:%s -F "
						     "shows them", a->q->ev[it->val->ev].sys,
						     a->q->ev[it->val->ev].name),
				   "'%s' is of type %s: sum() adds up numbers", it->name,
				   type_text(&it->val->type, buf, sizeof(buf)));
		}
		if (it->mods[0] && strcmp(it->mods, ".hex") && !strstr(it->mods, ".percent") &&
		    !strstr(it->mods, ".graph"))
			return ERR(a, &e->pos, "values take .hex, .percent or .graph only",
				   "'%s' cannot be a value's modifier", it->mods);
		it->role = TQ_ROLE_SUM;
		return 0;
	}
	if (find_modifier(f) < 0 || !strcasecmp(f, "usecs"))
		return ERR(a, &e->str_pos, "functions: count sum min max avg p50 p90 p99 p99.9 "
			   "log2 buckets hex sym sym_offset "
			   "syscall execname percent graph stacktrace", "unknown function '%s'", f);
	if (!strcasecmp(f, "buckets")) {
		if (e->nargs != 2 || e->args[1]->kind != TQ_EX_NUMBER || e->args[1]->num <= 0 ||
		    e->args[1]->num > 0x7fffffff)
			return ERR(a, &e->pos, "write buckets(x, 100)",
				   "buckets takes a value and a positive bucket size");
		arg = (long)e->args[1]->num;
	} else if (e->nargs != 1 || e->args[0]->kind == TQ_EX_STAR) {
		return ERR(a, &e->pos, hintf(a, "write %s(field)", f), "%s takes one value", f);
	}
	ret = analyze_item_expr(a, e->args[0], it);
	if (ret)
		return ret;
	if (it->role == TQ_ROLE_COUNT && (!strcasecmp(f, "percent") || !strcasecmp(f, "graph"))) {
		return ERR(a, &e->pos, hintf(a, "show count(*) as it is, or a value's share as "
					     "%s(sum(field))", f),
			   "%s(count(*)) is not supported: the kernel shows %s of values only", f,
			   !strcasecmp(f, "percent") ? "percentages" : "bars");
	}
	if (it->role != TQ_ROLE_KEY && strcasecmp(f, "hex") && strcasecmp(f, "percent") &&
	    strcasecmp(f, "graph"))
		return ERR(a, &e->pos, hintf(a, "apply %s to a key; a value takes hex, percent or graph",
						     f), "%s() of an aggregate", f);
	return add_modifier(a, it, f, arg, &e->str_pos);
}

static int analyze_cast(struct an *a, const struct tq_sql_expr *e, struct tq_sql_aitem *it)
{
	int ret = analyze_item_expr(a, e->args[0], it);

	if (ret)
		return ret;
	if (!strcasecmp(e->str, "_counter_") || !strcasecmp(e->str, "__counter__")) {
		if (it->role != TQ_ROLE_KEY || it->val->type.is_string || it->val->type.is_array)
			return ERR(a, &e->pos, "counters add up numbers", "'%s' is a %s, and "
				   "counters may only be used with numbers", it->name,
				   it->val->type.is_string ? "string" : "non-number");
		it->role = TQ_ROLE_SUM;
		return 0;
	}
	if (find_modifier(e->str) < 0 && strcasecmp(e->str, "stacktrace"))
		return ERR(a, &e->str_pos, "types: HEX SYM SYM-OFFSET SYSCALL EXECNAME LOG2 "
			   "BUCKETS=N STACKTRACE _COUNTER_", "cast of '%s' to unknown type '%s'",
			   it->name, e->str);
	if (!strcasecmp(e->str, "buckets") && e->cast_arg < 0)
		return ERR(a, &e->str_pos, "write BUCKETS=N",
			   "buckets type must have '=[number]' after it");
	return add_modifier(a, it, e->str, e->cast_arg, &e->str_pos);
}

static int analyze_item_expr(struct an *a, const struct tq_sql_expr *e, struct tq_sql_aitem *it)
{
	size_t mods_at;
	int ret;

	switch (e->kind) {
	case TQ_EX_CALL:
		return analyze_call(a, e, it);
	case TQ_EX_CAST:
		return analyze_cast(a, e, it);
	case TQ_EX_NAME:
		ret = resolve_name(a, e, false, &it->val, &mods_at);
		if (ret)
			return ret;
		if (!it->name && it->val->name) {
			it->name = strdup(it->val->name);
			if (!it->name)
				return nomem(a);
		}
		for (size_t i = mods_at; i < e->nparts; i++) {
			ret = add_modifier(a, it, e->parts[i], i == e->nparts - 1 ? e->cast_arg : -1,
					   &e->part_pos[i]);
			if (ret)
				return ret;
		}
		if (mods_at >= e->nparts && e->cast_arg >= 0)
			return ERR(a, &e->pos, "only the buckets modifier takes a number: x.buckets=10",
				   "'=' after a field");
		return 0;
	default:
		ret = analyze_value(a, e, &it->val);
		if (!ret && count_ops(it->val) > TQ_SQL_MAX_OPS)
			return ERR(a, &e->pos, hintf(a, "simplify it to at most %d operators",
						     TQ_SQL_MAX_OPS),
				   "the kernel computes at most %d operators in one expression; this "
				   "has %d", TQ_SQL_MAX_OPS, count_ops(it->val));
		return ret;
	}
}

static int add_item(struct an *a, struct tq_sql_aitem **out)
{
	struct tq_sql_query *q = a->q;
	struct tq_sql_aitem *ni = realloc(q->items, (q->nitems + 1) * sizeof(*ni));

	if (!ni)
		return nomem(a);
	q->items = ni;
	*out = &q->items[q->nitems++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int single_computation(struct an *a, const struct tq_sql_aitem *it)
{
	if (it->role == TQ_ROLE_SUM)
		return ERR(a, &it->pos, "add up a field as it is, as in sum(prio); a computed value "
			   "needs a JOIN (or a CREATE EVENT) that computes it",
			   "a histogram of one event cannot add up a computation");
	return ERR(a, &it->pos, "arithmetic needs two events (a JOIN), or a CREATE EVENT to "
		   "compute it first", "a single-event histogram cannot key on a computation");
}

static int analyze_items(struct an *a)
{
	const struct tq_sql_select *s = a->sel;
	struct tq_sql_query *q = a->q;

	for (size_t i = 0; i < s->nitems; i++) {
		const struct tq_sql_item *src = &s->items[i];
		struct tq_sql_aitem *it;
		int ret = add_item(a, &it);

		if (ret)
			return ret;
		it->pos = src->expr->pos;
		if (src->label && !(it->name = strdup(src->label)))
			return nomem(a);
		ret = analyze_item_expr(a, src->expr, it);
		if (ret)
			return ret;
		if (it->role == TQ_ROLE_COUNT) {
			free(it->name);
			it->name = strdup(src->label ? src->label : "hitcount");
			if (!it->name)
				return nomem(a);
			continue;
		}
		if (q->nev == 1 && it->val->kind == TQ_V_BIN)
			return single_computation(a, it);
		if (q->nev == 1 && it->val->kind == TQ_V_CONST)
			return ERR(a, &it->pos, "select fields of the event; a constant is the same "
				   "in every row", "a single-event histogram cannot select a constant");
		if (!it->name && it->val->kind == TQ_V_BIN && it->val->l->kind == TQ_V_FIELD &&
		    it->val->pos.off == it->val->l->pos.off && it->val->pos.len == it->val->l->pos.len)
			it->name = strdup("delta");	/* TIMESTAMP_DELTA written bare */
		if (!it->name)
			return ERR(a, &src->expr->pos, "name it: (end.x - start.x) AS lat",
				   "Field calculations must be labeled 'AS name'");
		if (!valid_name(it->name))
			return ERR(a, &src->label_pos, "a name is letters, digits and _, and does not "
				   "start with a digit", "'%s' is not a valid name", it->name);
	}
	for (size_t i = 0; i < q->nitems; i++) {
		for (size_t j = 0; j < i; j++) {
			const struct tq_sql_aitem *x = &q->items[i], *y = &q->items[j];

			if (x->role == TQ_ROLE_COUNT || y->role == TQ_ROLE_COUNT)
				continue;
			/* names become synthetic fields in a JOIN; one event's keys are fields */
			if (q->nev > 1 && !strcmp(x->name, y->name))
				return ERR(a, &x->pos, "give one of them another name with AS",
					   "two selected values are both called '%s'", x->name);
			/* a constant (SELECT 2 AS x) has no field to compare */
			if (q->nev == 1 && x->role == y->role && x->val->field && y->val->field &&
			    !strcmp(x->val->field, y->val->field) && !strcmp(x->mods, y->mods))
				return ERR(a, &x->pos, "select each field once",
					   "'%s%s' is selected twice", x->val->field, x->mods);
		}
	}
	return 0;
}

/* ---- GROUP BY, ORDER BY ---- */

static int find_item(struct an *a, const struct tq_sql_expr *e, size_t *mods_at)
{
	struct tq_sql_query *q = a->q;
	char *text;
	int found = -1;

	*mods_at = 0;
	/* ORDER BY 2: the second selected item, as in SQL */
	if (e->kind == TQ_EX_NUMBER)
		return e->num >= 1 && (size_t)e->num <= a->sel->nitems ? (int)e->num - 1 : -1;
	if (e->kind == TQ_EX_CALL && !strcasecmp(e->str, "count")) {
		for (size_t i = 0; i < q->nitems; i++)
			if (q->items[i].role == TQ_ROLE_COUNT)
				return (int)i;
		return -2;	/* hitcount, not selected */
	}
	if (e->kind == TQ_EX_NAME) {
		for (size_t i = 0; i < q->nitems; i++) {
			if (q->items[i].role != TQ_ROLE_COUNT && !strcmp(q->items[i].name, e->parts[0])) {
				*mods_at = 1;
				return (int)i;
			}
		}
		/* count(*) AS n ... ORDER BY n */
		for (size_t i = 0; i < q->nitems; i++) {
			if (q->items[i].role == TQ_ROLE_COUNT && !strcmp(q->items[i].name, e->parts[0])) {
				*mods_at = 1;
				return (int)i;
			}
		}
	}
	text = tq_sql_expr_text(e);
	for (size_t i = 0; text && i < a->sel->nitems && i < q->nitems; i++) {
		char *t = tq_sql_expr_text(a->sel->items[i].expr);

		if (t && !strcmp(t, text)) {
			found = (int)i;
			*mods_at = e->kind == TQ_EX_NAME ? e->nparts : 0;
		}
		free(t);
		if (found >= 0)
			break;
	}
	free(text);
	return found;
}

static int analyze_group(struct an *a)
{
	struct tq_sql_query *q = a->q;
	const struct tq_sql_select *s = a->sel;
	bool *grouped;
	int ret = 0;

	if (!s->ngroup)
		return 0;
	grouped = calloc(q->nitems + s->ngroup + 1, sizeof(*grouped));
	if (!grouped)
		return nomem(a);
	for (size_t g = 0; !ret && g < s->ngroup; g++) {
		const struct tq_sql_expr *e = s->group[g];
		size_t mods_at;
		int i = find_item(a, e, &mods_at);
		struct tq_sql_aitem *it;

		if (i == -2 || (i >= 0 && q->items[i].role != TQ_ROLE_KEY)) {
			ret = ERR(a, &e->pos, "group by fields, and aggregate with count(*) or sum()",
				  "cannot GROUP BY an aggregate");
			break;
		}
		if (i >= 0) {
			grouped[i] = true;
			for (size_t k = mods_at; !ret && k < e->nparts; k++)
				ret = add_modifier(a, &q->items[i], e->parts[k],
						   k == e->nparts - 1 ? e->cast_arg : -1,
						   &e->part_pos[k]);
			continue;
		}
		/* a key that is not shown in SELECT */
		ret = add_item(a, &it);
		if (ret)
			break;
		it->hidden = true;
		it->pos = e->pos;
		ret = analyze_item_expr(a, e, it);
		if (!ret && it->role != TQ_ROLE_KEY)
			ret = ERR(a, &e->pos, "group by fields, and aggregate with count(*) or sum()",
				  "cannot GROUP BY an aggregate");
		if (!ret && !it->name)
			ret = ERR(a, &e->pos, "select it with a name (AS lat) and group by the name",
				  "GROUP BY a computation that is not selected");
		grouped[q->nitems - 1] = true;
	}
	for (size_t i = 0; !ret && i < q->nitems; i++) {
		if (q->items[i].role == TQ_ROLE_KEY && !grouped[i])
			ret = ERR(a, &q->items[i].pos, hintf(a, "add it to GROUP BY, or aggregate it "
							  "with sum(%s)", q->items[i].name),
				  "'%s' is neither grouped nor aggregated", q->items[i].name);
	}
	free(grouped);
	return ret;
}

static int analyze_order(struct an *a)
{
	struct tq_sql_query *q = a->q;
	const struct tq_sql_select *s = a->sel;

	if (s->norder > TQ_SQL_MAX_SORT)
		return ERR(a, &s->order[TQ_SQL_MAX_SORT].expr->pos, "keep the first two: the "
			   "kernel sorts by one field, then by a second within it",
			   "the kernel sorts by at most %d fields", TQ_SQL_MAX_SORT);
	for (size_t o = 0; o < s->norder; o++) {
		const struct tq_sql_expr *e = s->order[o].expr;
		size_t mods_at;
		int i = find_item(a, e, &mods_at);

		if (i == -1 || (e->kind == TQ_EX_NAME && mods_at < e->nparts))
			return ERR(a, &e->pos, "order by a selected name, or count(*)",
				   "ORDER BY something that is not selected");
		q->sort[q->nsort].item = i >= 0 && q->items[i].role != TQ_ROLE_COUNT ? i : -1;
		q->sort[q->nsort++].desc = s->order[o].desc;
	}
	return 0;
}

/* ---- ON ---- */

static int flatten_and(const struct tq_sql_expr *e, const struct tq_sql_expr **out, size_t max,
		       size_t *n)
{
	if (e->kind == TQ_EX_BINARY && e->op == TQ_OP_AND) {
		int ret = flatten_and(e->args[0], out, max, n);

		return ret ? ret : flatten_and(e->args[1], out, max, n);
	}
	if (*n >= max)
		return -E2BIG;
	out[(*n)++] = e;
	return 0;
}

/*
 * The bytes a key takes in the kernel's histogram, each rounded up to 8: a string of
 * variable length takes 256, a fixed one its size, a stack trace 16 entries. single: the
 * key is on the event itself, where COMM is common_pid shown as a name.
 */
static int key_bytes(const struct tq_sql_val *v, bool single)
{
	int n = v->type.size ? v->type.size : 8;

	if (single && v->kind == TQ_V_FIELD && !strcmp(v->field, "common_pid.execname"))
		n = 4;
	else if (v->type.is_stack)
		n = TQ_SQL_STACK_KEY_BYTES;
	else if (v->type.is_string && !strcmp(v->type.array, "[]"))
		n = TQ_SQL_STRING_KEY_BYTES;
	return (n + 7) & ~7;
}

#define KEY_BYTES_HINT "a string of variable length (char[]: COMM, execname() and " \
	"__data_loc fields) takes 256 of these bytes and a stack trace 128: use fewer of them, " \
	"or a fixed string such as a comm[16] field"

static int analyze_join(struct an *a, size_t k)
{
	const struct tq_sql_join *j = &a->sel->joins[k - 1];
	struct tq_sql_ajoin *aj = &a->q->joins[k];
	const struct tq_sql_expr *conds[64];
	size_t n = 0;
	int lbytes = 0, rbytes = 0;

	if (flatten_and(j->on, conds, 64, &n) || n > TQ_SQL_MAX_KEYS)
		return ERR(a, &j->on->pos, "the kernel's hist keys have at most 3 fields",
			   "at most %d ON conditions", TQ_SQL_MAX_KEYS);
	for (size_t i = 0; i < n; i++) {
		const struct tq_sql_expr *c = conds[i];
		struct tq_sql_val *l = NULL, *r = NULL;
		size_t m1, m2;
		char b1[48], b2[48];
		int ret;

		if (c->kind != TQ_EX_BINARY || c->op != TQ_OP_EQ ||
		    c->args[0]->kind != TQ_EX_NAME || c->args[1]->kind != TQ_EX_NAME)
			return ERR(a, &c->pos, "write ON a.field = b.field [AND ...]",
				   "ON takes equalities between two fields, joined with AND");
		ret = resolve_name(a, c->args[0], false, &l, &m1);
		if (!ret)
			ret = resolve_name(a, c->args[1], false, &r, &m2);
		if (!ret && (m1 < c->args[0]->nparts || m2 < c->args[1]->nparts))
			ret = ERR(a, &c->pos, "compare the plain fields: ON a.x = b.y",
				  "modifiers have no place in ON");
		if (!ret && l->ev > r->ev) {
			struct tq_sql_val *t = l;

			l = r;
			r = t;
		}
		if (!ret && (r->ev != (int)k || l->ev >= (int)k))
			ret = ERR(a, &c->pos, hintf(a, "each condition compares a field of %s with "
						    "one of an event before it",
						    a->q->ev[k].alias ? a->q->ev[k].alias :
						    a->q->ev[k].name),
				  "'%s' and '%s' must be a field for each event", l->name, r->name);
		if (!ret && (l->kind != TQ_V_FIELD || r->kind != TQ_V_FIELD || l->type.ts ||
			     r->type.ts || l->type.is_stack || r->type.is_stack || l->type.is_array ||
			     r->type.is_array)) {
			const struct tq_sql_val *bad = l->kind != TQ_V_FIELD || l->type.ts ||
				l->type.is_stack || l->type.is_array ? l : r;

			ret = ERR(a, &bad->pos, "match on fields of the events: not on timestamps, "
				  "stack traces or arrays", "'%.*s' cannot be an ON key",
				  (int)bad->pos.len, a->ctx->src + bad->pos.off);
		}
		/* the key would be common_pid: the program name is only how the kernel shows it */
		if (!ret && (!strcmp(l->field, "common_pid.execname") ||
			     !strcmp(r->field, "common_pid.execname"))) {
			const struct tq_sql_val *bad = !strcmp(l->field, "common_pid.execname") ?
				l : r;

			ret = ERR(a, &bad->pos, "match on the task instead (a.common_pid = "
				  "b.common_pid), or on a comm field of the event",
				  "'%.*s' cannot be an ON key: the kernel would match the pids of "
				  "the tasks, not their names", (int)bad->pos.len,
				  a->ctx->src + bad->pos.off);
		}
		if (!ret && (l->type.is_string != r->type.is_string ||
			     l->type.size != r->type.size))
			ret = ERR(a, &c->pos, "the kernel compares keys byte by byte: pick fields of "
				  "the same type", "Field '%s' (%s) is not compatible to match field "
				  "'%s' (%s)", l->name, type_text(&l->type, b1, sizeof(b1)), r->name,
				  type_text(&r->type, b2, sizeof(b2)));
		if (ret) {
			tq_sql_val_free(l);
			tq_sql_val_free(r);
			return ret;
		}
		aj->keys[aj->nkeys].left = l;
		aj->keys[aj->nkeys++].right = r;
		lbytes += key_bytes(l, false);
		rbytes += key_bytes(r, false);
		if (lbytes > TQ_SQL_MAX_KEY_BYTES || rbytes > TQ_SQL_MAX_KEY_BYTES)
			return ERR(a, &c->pos, KEY_BYTES_HINT, "with this condition the ON keys take "
				   "%d bytes, more than the kernel's %d", lbytes > rbytes ? lbytes :
				   rbytes, TQ_SQL_MAX_KEY_BYTES);
	}
	return 0;
}

/* ---- WHERE ---- */

struct fbuf {
	char *s;
	size_t len;
	FILE *f;
};

static int cond_event(struct an *a, const struct tq_sql_expr *e, int *evi);

static int value_text(struct an *a, FILE *f, const struct tq_sql_expr *lit,
		      const struct tq_sql_val *field, enum tq_sql_op op)
{
	char buf[48];

	if (lit->kind == TQ_EX_STRING) {
		if (!field->type.is_string)
			return ERR(a, &lit->pos, hintf(a, "'%s' is a number (%s)", field->name,
						       type_text(&field->type, buf, sizeof(buf))),
				   "cannot compare %s with a string", field->name);
		if (strchr(lit->str, '"'))
			return ERR(a, &lit->pos, "use ~ with a glob such as \"a*b\" instead",
				   "the kernel's filter strings cannot contain '\"'");
		fprintf(f, "\"%s\"", lit->str);
		return 0;
	}
	if (lit->kind != TQ_EX_NUMBER)
		return ERR(a, &lit->pos, "compare a field with a number or a string",
			   "the kernel's filters compare fields with constants only");
	if (field->type.is_string)
		return ERR(a, &lit->pos, hintf(a, "quote it: %s == \"%lld\"", field->name,
					       (long long)lit->num),
			   "'%s' is a string: compare it with a string", field->name);
	if (op == TQ_OP_GLOB)
		return ERR(a, &lit->pos, "write the glob as a string: comm ~ \"ba*\"",
			   "'~' matches strings against a glob");
	/* the kernel reads the number as its field's type: kstrtoll or kstrtoull */
	if (lit->negative && !field->type.is_signed)
		return ERR(a, &lit->pos, hintf(a, "compare it with 0 or more: %s is %s",
					       field->name, type_text(&field->type, buf, sizeof(buf))),
			   "'%s' is unsigned: the kernel's filter takes no negative number for it",
			   field->name);
	if (lit->is_u64 && field->type.is_signed)
		return ERR(a, &lit->pos, hintf(a, "%s is %s: compare it with a number up to "
					       "9223372036854775807", field->name,
					       type_text(&field->type, buf, sizeof(buf))),
			   "'%s' is signed: the kernel's filter reads its numbers as signed 64-bit",
			   field->name);
	if (lit->is_u64)
		fprintf(f, "%llu", (unsigned long long)(uint64_t)lit->num);
	else
		fprintf(f, "%lld", (long long)lit->num);
	return 0;
}

/*
 * A char * field: the kernel's filters read the string it points to, where its histograms
 * see the pointer (a number). Except in the syscalls system, which declares its arguments
 * as numbers to the filters as well.
 */
static bool ptr_string(struct an *a, const struct tq_sql_val *v)
{
	const struct tq_sql_aevent *ev = &a->q->ev[v->ev];
	const struct tep_format_field *f;

	if (v->kind != TQ_V_FIELD || !ev->tep || !strcmp(ev->sys, "syscalls"))
		return false;
	f = tep_find_any_field(ev->tep, v->field);
	return f && (!strcmp(f->type, "char *") || !strcmp(f->type, "const char *"));
}

static int cmp_text(struct an *a, FILE *f, const struct tq_sql_expr *e)
{
	const struct tq_sql_expr *fe = e->args[0], *lit = e->args[1];
	enum tq_sql_op op = e->op;
	struct tq_sql_val *v;
	size_t mods_at;
	int ret;

	if (fe->kind != TQ_EX_NAME && lit->kind == TQ_EX_NAME) {
		/* 5 < pid is pid > 5 */
		const struct tq_sql_expr *t = fe;

		fe = lit;
		lit = t;
		switch (op) {
		case TQ_OP_LT: op = TQ_OP_GT; break;
		case TQ_OP_GT: op = TQ_OP_LT; break;
		case TQ_OP_LE: op = TQ_OP_GE; break;
		case TQ_OP_GE: op = TQ_OP_LE; break;
		default: break;
		}
	}
	if (fe->kind != TQ_EX_NAME)
		return ERR(a, &fe->pos, "write field OP constant", "a filter compares a field");
	if (lit->kind == TQ_EX_NAME)
		return ERR(a, &e->pos, "compare each field with a constant",
			   "the kernel's filters cannot compare two fields");
	ret = resolve_name(a, fe, true, &v, &mods_at);
	if (ret)
		return ret;
	if (mods_at < fe->nparts) {
		tq_sql_val_free(v);
		return ERR(a, &fe->part_pos[mods_at], "compare the plain field, as in pid == 5",
			   "filters take no modifiers");
	}
	if (ptr_string(a, v)) {
		memset(&v->type, 0, sizeof(v->type));
		v->type.is_string = true;
		snprintf(v->type.base, sizeof(v->type.base), "char");
		snprintf(v->type.array, sizeof(v->type.array), "[]");
	}
	if (v->type.is_array || v->type.is_stack)
		ret = ERR(a, &fe->pos, hintf(a, "filter on another field; tq list -e %s:%s -F shows "
					     "them", a->q->ev[v->ev].sys, a->q->ev[v->ev].name),
			  "'%s' is an array: it cannot be filtered", v->name);
	else if (v->type.is_string && op != TQ_OP_EQ && op != TQ_OP_NE && op != TQ_OP_GLOB)
		ret = ERR(a, &e->pos, "strings take ==, != and ~ (glob)",
			  "Field '%s' is not compatible to be compared with '%s'", v->name,
			  tq_sql_op_text(op));
	else if (!v->type.is_string && op == TQ_OP_GLOB)
		ret = ERR(a, &e->pos, "compare numbers with ==, !=, <, <=, >, >= or &",
			  "'~' needs a string field; '%s' is a number", v->name);
	if (!ret) {
		if (op == TQ_OP_GLOB)
			fprintf(f, "%s~", v->field);
		else
			fprintf(f, "%s %s ", v->field, tq_sql_op_text(op));
		ret = value_text(a, f, lit, v, op);
	}
	tq_sql_val_free(v);
	return ret;
}

static int cond_text(struct an *a, FILE *f, const struct tq_sql_expr *e, int prec);

static int in_text(struct an *a, FILE *f, const struct tq_sql_expr *e)
{
	struct tq_sql_expr cmp = { .kind = TQ_EX_BINARY, .pos = e->pos };
	struct tq_sql_expr *args[2] = { e->args[0], NULL };
	int ret = 0;

	cmp.op = e->negate ? TQ_OP_NE : TQ_OP_EQ;
	cmp.args = args;
	cmp.nargs = 2;
	fprintf(f, "(");
	for (size_t i = 1; !ret && i < e->nargs; i++) {
		if (i > 1)
			fprintf(f, e->negate ? "&&" : "||");
		args[1] = e->args[i];
		ret = cmp_text(a, f, &cmp);
	}
	fprintf(f, ")");
	return ret;
}

/* prec: 0 top, 1 under AND, 2 under OR, 3 under NOT (parenthesize anything binary) */
static int cond_text(struct an *a, FILE *f, const struct tq_sql_expr *e, int prec)
{
	int ret;

	switch (e->kind) {
	case TQ_EX_BINARY:
		if (e->op == TQ_OP_AND || e->op == TQ_OP_OR) {
			int mine = e->op == TQ_OP_AND ? 1 : 2;
			bool paren = prec > mine || (prec && prec != mine) || prec == 3;

			if (paren)
				fprintf(f, "(");
			ret = cond_text(a, f, e->args[0], mine);
			if (!ret) {
				fprintf(f, "%s", tq_sql_op_text(e->op));
				ret = cond_text(a, f, e->args[1], mine);
			}
			if (paren)
				fprintf(f, ")");
			return ret;
		}
		if (e->op >= TQ_OP_EQ && e->op <= TQ_OP_GLOB)
			return cmp_text(a, f, e);
		return ERR(a, &e->pos, "filters compare fields with constants",
			   "arithmetic is not allowed in WHERE");
	case TQ_EX_NOT:
		fprintf(f, "!(");
		ret = cond_text(a, f, e->args[0], 0);
		fprintf(f, ")");
		return ret;
	case TQ_EX_IN:
		if (e->nargs < 2)
			return ERR(a, &e->pos, "list the values: x IN (1, 2)", "IN needs at least one value");
		return in_text(a, f, e);
	default:
		return ERR(a, &e->pos, "write a comparison such as pid > 100",
			   "a condition must be a comparison");
	}
}

/* a.x < b.y: the kernel's filters compare a field with a constant only */
static int two_fields(struct an *a, const struct tq_sql_expr *e)
{
	struct tq_sql_val *l = NULL, *r = NULL;
	size_t m;
	int ret = resolve_name(a, e->args[0], true, &l, &m);
	const struct tq_sql_expr *re = e->args[1];

	/* comm ~ sleep: a string without its quotes */
	if (!ret && l->type.is_string && re->nparts == 1 && pseudo_of(re->parts[0]) == P_NONE) {
		bool field = false;

		for (size_t i = 0; i < a->q->nev; i++)
			field = field || event_has_field(&a->q->ev[i], re->parts[0]);
		if (!field) {
			ret = ERR(a, &re->pos, hintf(a, "quote it: %s %s \"%s\"", l->name,
						     tq_sql_op_text(e->op), re->parts[0]),
				  "'%s' is not a field: a string is written in quotes",
				  re->parts[0]);
			tq_sql_val_free(l);
			return ret;
		}
	}
	if (!ret)
		ret = resolve_name(a, re, true, &r, &m);
	if (!ret && l->ev != r->ev && !l->type.is_string && !r->type.is_string) {
		char *lt = tq_sql_expr_text(e->args[0]), *rt = tq_sql_expr_text(e->args[1]);
		/* l OP r is (r - l) OP' 0 with OP mirrored */
		enum tq_sql_op op = e->op == TQ_OP_LT ? TQ_OP_GT : e->op == TQ_OP_GT ? TQ_OP_LT :
			e->op == TQ_OP_LE ? TQ_OP_GE : e->op == TQ_OP_GE ? TQ_OP_LE : e->op;

		ret = ERR(a, &e->pos, hintf(a, "compute the difference in the JOIN, then filter the "
					    "event it makes: CREATE EVENT w AS SELECT (%s - %s) AS d "
					    "...; SELECT d FROM w WHERE d %s 0", rt ? rt : "b",
					    lt ? lt : "a", tq_sql_op_text(op)),
			  "the kernel filters each event on its own, so '%s' of %s cannot be "
			  "compared with '%s' of %s", l->name, a->q->ev[l->ev].name, r->name,
			  a->q->ev[r->ev].name);
		free(lt);
		free(rt);
	} else if (!ret) {
		ret = ERR(a, &e->pos, "compare each field with a constant",
			  "the kernel's filters cannot compare two fields");
	}
	tq_sql_val_free(l);
	tq_sql_val_free(r);
	return ret;
}

/* Which event a condition names: exactly one, or an error that says how to fix it. */
static int cond_event(struct an *a, const struct tq_sql_expr *e, int *evi)
{
	int ret;

	if (e->kind == TQ_EX_BINARY && e->op >= TQ_OP_EQ && e->op <= TQ_OP_GLOB &&
	    e->args[0]->kind == TQ_EX_NAME && e->args[1]->kind == TQ_EX_NAME)
		return two_fields(a, e);
	switch (e->kind) {
	case TQ_EX_NAME: {
		struct tq_sql_val *v;
		size_t m;

		ret = resolve_name(a, e, true, &v, &m);
		if (ret)
			return ret;
		if (*evi >= 0 && *evi != v->ev) {
			ret = ERR(a, &e->pos, "conditions on different events can only be joined by "
				  "AND at the top of WHERE", "%s and %s can not be grouped or "
				  "'||' together", a->q->ev[*evi].name, a->q->ev[v->ev].name);
		}
		*evi = v->ev;
		tq_sql_val_free(v);
		return ret;
	}
	case TQ_EX_BINARY:
	case TQ_EX_NOT:
	case TQ_EX_IN:
	case TQ_EX_NEG:
		for (size_t i = 0; i < e->nargs; i++) {
			ret = cond_event(a, e->args[i], evi);
			if (ret)
				return ret;
		}
		return 0;
	default:
		return 0;
	}
}

static int analyze_where(struct an *a)
{
	const struct tq_sql_expr *conds[256];
	struct fbuf fb[TQ_SQL_MAX_EVENTS] = { 0 };
	size_t n = 0;
	int ret = 0;

	if (!a->sel->where)
		return 0;
	if (flatten_and(a->sel->where, conds, 256, &n))
		return ERR(a, &a->sel->where->pos, "join at most 256 conditions with AND",
			   "too many conditions");
	for (size_t i = 0; !ret && i < n; i++) {
		const struct tq_sql_expr *c = conds[i];
		struct fbuf *b;
		int evi = -1;

		ret = cond_event(a, c, &evi);
		if (ret)
			break;
		if (evi < 0) {
			ret = ERR(a, &c->pos, "a condition compares a field with a constant",
				  "this condition names no field");
			break;
		}
		b = &fb[evi];
		if (!b->f) {
			b->f = open_memstream(&b->s, &b->len);
			if (!b->f) {
				ret = nomem(a);
				break;
			}
		} else {
			fprintf(b->f, "&&");
		}
		ret = cond_text(a, b->f, c, n > 1 || ftell(b->f) ? 1 : 0);
	}
	for (size_t i = 0; i < TQ_SQL_MAX_EVENTS; i++) {
		if (!fb[i].f)
			continue;
		fclose(fb[i].f);
		if (!ret && i < a->q->nev) {
			a->q->ev[i].filter = fb[i].s;
			fb[i].s = NULL;
		}
		free(fb[i].s);
	}
	return ret;
}

/* ---- the statement ---- */

static int check_limits(struct an *a)
{
	struct tq_sql_query *q = a->q;
	size_t keys = 0, vals = 0;
	int bytes = 0;

	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (it->role == TQ_ROLE_KEY && (q->nev == 1 || q->aggregate) && ++keys > TQ_SQL_MAX_KEYS)
			return ERR(a, &it->pos, "group by fewer fields, or aggregate this one with sum()",
				   "a histogram has at most %d keys", TQ_SQL_MAX_KEYS);
		if (it->role == TQ_ROLE_KEY && (q->nev == 1 || q->aggregate) && it->val &&
		    (bytes += key_bytes(it->val, q->nev == 1)) > TQ_SQL_MAX_KEY_BYTES)
			return ERR(a, &it->pos, KEY_BYTES_HINT, "with '%s' the histogram's key "
				   "takes %d bytes, more than the kernel's %d", it->name, bytes,
				   TQ_SQL_MAX_KEY_BYTES);
		/* a file's engine keeps as many as its table shows (sql/eval.c) */
		if (it->role == TQ_ROLE_SUM &&
		    ++vals > (a->ctx->offline ? TQ_SQL_HIST_COLS : TQ_SQL_MAX_VALS))
			return ERR(a, &it->pos, "drop a sum(), or add it up in a second query of the "
				   "same event", "a histogram has at most %d values besides count(*)",
				   TQ_SQL_MAX_VALS);
		if (it->role == TQ_ROLE_KEY && (q->nev == 1 || q->aggregate) &&
		    (strstr(it->mods, ".percent") || strstr(it->mods, ".graph")))
			return ERR(a, &it->pos, hintf(a, "apply it to a value: %s(sum(%s))",
						      strstr(it->mods, ".percent") ? "percent" :
						      "graph", it->name),
				   "'%s%s' is a key; the kernel shows percentages and bars of values "
				   "only", it->name, it->mods);
		if (q->nev > 1 && it->val && it->val->type.is_stack &&
		    !has(a, TQ_FEAT_COMMON_STACK))
			return need(a, TQ_FEAT_COMMON_STACK, &it->pos, "STACKTRACE in a JOIN");
		if (it->val && it->val->type.is_array)
			return ERR(a, &it->pos, hintf(a, "pick another field; tq list -e %s:%s -F shows "
						      "them", q->ev[it->val->ev].sys,
						      q->ev[it->val->ev].name),
				   "'%s' is an array of numbers: the kernel can neither key a "
				   "histogram on it nor pass it in a synthetic event", it->name);
		if (q->nev > 1 && it->val && it->val->type.is_string &&
		    !strcmp(it->val->type.array, "[]") && !has(a, TQ_FEAT_DYN_STRING))
			return need(a, TQ_FEAT_DYN_STRING, &it->pos, "a string of variable length");
		if (it->val && !it->val->type.base[0] && !it->val->type.is_array)
			return ERR(a, &it->pos, "select another field",
				   "'%s' has a size (%d) no synthetic field type has",
				   it->name, it->val->type.size);
	}
	if (q->nev == 1 && !keys)
		return ERR(a, &q->pos, "select at least one field to group by",
			   "Not all SELECT items can be aggregates: a histogram needs a key");
	if (q->aggregate && !keys)
		return ERR(a, &q->pos, "add GROUP BY, or select a field",
			   "a histogram needs a key");
	if (q->nev > 1 && !q->aggregate) {
		for (size_t i = 0; i < q->nitems; i++)
			if (q->items[i].role == TQ_ROLE_COUNT)
				return ERR(a, &q->items[i].pos, NULL, "count(*) needs a histogram");
	}
	return 0;
}

/* .hex .sym .sym-offset .syscall only change how a key is shown */
static bool display_only(const char *mods)
{
	static const char *const shown[] = { ".hex", ".sym", ".sym-offset", ".syscall" };

	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		if (!strcmp(mods, shown[i]))
			return true;
	return false;
}

/*
 * Does a JOIN also want a histogram on its event? Not for a display modifier alone: the
 * peer ignores CAST in a JOIN, and a query that selects more than 3 fields to pass along
 * must not need a key for each.
 */
static bool wants_histogram(const struct tq_sql_select *s, const struct tq_sql_query *q)
{
	if (s->ngroup || s->norder || s->size >= 0 || s->limit >= 0)
		return true;
	for (size_t i = 0; i < q->nitems; i++)
		if (q->items[i].role != TQ_ROLE_KEY ||
		    (q->items[i].mods[0] && !display_only(q->items[i].mods)))
			return true;
	return false;
}

/* A synthetic field is a plain number: say so when a display modifier asked otherwise. */
static void drop_display_mods(struct an *a)
{
	struct tq_sql_query *q = a->q;

	for (size_t i = 0; i < q->nitems; i++) {
		struct tq_sql_aitem *it = &q->items[i];

		if (!it->mods[0])
			continue;
		tq_sql_warn(a->ctx, &it->pos, hintf(a, "to see it so, make a histogram of the "
						    "event: SELECT %s%s, count(*) FROM %s GROUP BY %s",
						    it->name, it->mods, q->synth, it->name),
			    "'%s' reaches the event %s as a plain number: '%s' shows only in a "
			    "histogram", it->name, q->synth, it->mods);
		it->mods[0] = '\0';
	}
}

static int synth_name(struct an *a, const struct tq_sql_stmt *st)
{
	struct tq_sql_query *q = a->q;
	const char *base = st->create ? st->create :
		a->ctx->opt && a->ctx->opt->name ? a->ctx->opt->name : "Anonymous";
	size_t nth = st->create ? 0 : a->ctx->anonymous++;

	if (nth == 0)
		q->synth = strdup(base);
	else if (asprintf(&q->synth, "%s_%zu", base, nth + 1) < 0)
		q->synth = NULL;
	if (!q->synth)
		return nomem(a);
	if (!valid_name(q->synth))
		return ERR(a, st->create ? &st->create_pos : NULL, "an event name is letters, "
			   "digits and _, and does not start with a digit",
			   "'%s' is not a valid event name", q->synth);
	if (find_created(a, q->synth) || (!(a->ctx->opt && a->ctx->opt->removing) &&
					   tq_catalog_system_of(a->ctx->cat, q->synth) != NULL))
		return ERR(a, st->create ? &st->create_pos : &q->pos, "choose another name with -n "
			   "or CREATE EVENT, or remove the old one with tq sql -e --remove and its "
			   "query", "an event called '%s' already exists", q->synth);
	return 0;
}

static int remember_created(struct an *a)
{
	struct tq_sql_ctx *ctx = a->ctx;
	struct tq_sql_query *q = a->q;
	struct tq_sql_created *nc = realloc(ctx->created, (ctx->ncreated + 1) * sizeof(*nc));
	struct tq_sql_created *c;

	if (!nc)
		return nomem(a);
	ctx->created = nc;
	c = &ctx->created[ctx->ncreated];
	memset(c, 0, sizeof(*c));
	c->name = strdup(q->synth);
	c->fields = calloc(q->nitems, sizeof(*c->fields));
	if (!c->name || !c->fields) {
		free(c->name);
		free(c->fields);
		return nomem(a);
	}
	for (size_t i = 0; i < q->nitems; i++) {
		const struct tq_sql_aitem *it = &q->items[i];

		if (!it->val)
			continue;
		c->fields[c->nfields].name = strdup(it->name);
		if (!c->fields[c->nfields].name)
			break;
		c->fields[c->nfields].type = it->val->type;
		c->fields[c->nfields].type.ts = TQ_TS_NONE;
		c->nfields++;
	}
	ctx->ncreated++;
	return 0;
}

int tq_sql_analyze(struct tq_sql_ctx *ctx, const struct tq_sql_stmt *st, struct tq_sql_query *q)
{
	const struct tq_sql_select *s = &st->sel;
	struct an a = { .ctx = ctx, .q = q, .sel = s };
	int ret;

	memset(q, 0, sizeof(*q));
	q->limit = s->limit;
	q->size = s->size;
	q->pos = s->pos;
	if (!has(&a, TQ_FEAT_HIST))
		return -EOPNOTSUPP;
	/* the kernel rounds the size up to a power of 2, which must be 2^7 .. 2^17 */
	if (s->size > 131072 || (s->size >= 0 && s->size <= 64))
		return ERR(&a, &s->size_pos, "the kernel's tables hold 128 to 131072 entries, and "
			   "it rounds SIZE up to a power of 2: write 65 to 131072",
			   "SIZE %lld is out of range", s->size);
	if (s->njoins + 1 > TQ_SQL_MAX_EVENTS)
		return ERR(&a, &s->joins[TQ_SQL_MAX_EVENTS - 1].pos, "split the chain: CREATE EVENT "
			   "the first part, then JOIN that event in a second statement",
			   "at most %d events in one query", TQ_SQL_MAX_EVENTS);
	ret = resolve_event(&a, &s->from, &q->ev[0]);
	q->nev = 1;
	for (size_t k = 0; !ret && k < s->njoins; k++) {
		ret = resolve_event(&a, &s->joins[k].ev, &q->ev[k + 1]);
		q->nev++;
	}
	for (size_t i = 0; !ret && i < q->nev; i++) {
		for (size_t j = 0; j < i; j++) {
			const char *ni = q->ev[i].alias ? q->ev[i].alias : q->ev[i].name;
			const char *nj = q->ev[j].alias ? q->ev[j].alias : q->ev[j].name;

			if (!strcmp(ni, nj)) {
				ret = ERR(&a, q->ev[i].alias ? &s->joins[i - 1].ev.alias_pos :
					  &q->ev[i].pos, "give each a different alias with AS",
					  "two events of this query are both called '%s'", ni);
				break;
			}
		}
	}
	if (ret)
		return ret;
	for (size_t k = 1; !ret && k < q->nev; k++)
		ret = analyze_join(&a, k);
	if (!ret)
		ret = analyze_items(&a);
	if (!ret)
		ret = analyze_group(&a);
	if (!ret)
		ret = analyze_order(&a);
	if (!ret)
		ret = analyze_where(&a);
	if (ret)
		return ret;
	if (q->nev > 1)
		q->aggregate = wants_histogram(s, q);
	if (st->create && q->nev == 1)
		return ERR(&a, &st->create_pos, "a new event comes from a JOIN of two events",
			   "CREATE EVENT needs a JOIN");
	if (st->create && q->aggregate)
		return ERR(&a, &st->create_pos, "create the event plainly, then aggregate it in "
			   "a second statement: SELECT x, count(*) FROM name GROUP BY x",
			   "CREATE EVENT cannot aggregate");
	ret = check_limits(&a);
	if (ret)
		return ret;
	if (q->nev > 1) {
		ret = synth_name(&a, st);
		if (!ret && !q->aggregate)
			drop_display_mods(&a);
		if (!ret && st->create) {
			q->created = true;
			ret = remember_created(&a);
		}
	}
	return ret;
}

void tq_sql_query_release(struct tq_sql_query *q)
{
	for (size_t i = 0; i < q->nev; i++) {
		free(q->ev[i].sys);
		free(q->ev[i].name);
		free(q->ev[i].alias);
		free(q->ev[i].filter);
		for (size_t k = 0; k < q->joins[i].nkeys; k++) {
			tq_sql_val_free(q->joins[i].keys[k].left);
			tq_sql_val_free(q->joins[i].keys[k].right);
		}
	}
	for (size_t i = 0; i < q->nitems; i++) {
		free(q->items[i].name);
		tq_sql_val_free(q->items[i].val);
	}
	free(q->items);
	free(q->synth);
	memset(q, 0, sizeof(*q));
}

void tq_sql_ctx_release(struct tq_sql_ctx *ctx)
{
	for (size_t i = 0; i < ctx->ncreated; i++) {
		for (size_t k = 0; k < ctx->created[i].nfields; k++)
			free(ctx->created[i].fields[k].name);
		free(ctx->created[i].fields);
		free(ctx->created[i].name);
	}
	free(ctx->created);
	ctx->created = NULL;
	ctx->ncreated = 0;
	for (size_t i = 0; i < ctx->nwarnings; i++)
		tq_sql_diag_release(&ctx->warnings[i]);
	free(ctx->warnings);
	ctx->warnings = NULL;
	ctx->nwarnings = 0;
}
