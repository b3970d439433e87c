// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Collapsed stacks from kernel stack traces and function_graph events (folded.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "print/folded.h"
#include "print/graph-tasks.h"
#include "print/kstack.h"
#include "util/diag.h"

/* ---- the set of paths ---- */

void tq_folded_init(struct tq_folded *f)
{
	memset(f, 0, sizeof(*f));
}

void tq_folded_release(struct tq_folded *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].stack);
	free(f->v);
	free(f->slots);
	tq_folded_init(f);
}

static size_t hash_text(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static int rehash(struct tq_folded *f)
{
	size_t n = f->nslots ? f->nslots * 2 : 1024, i;
	size_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (i = 0; i < f->n; i++) {
		size_t j = hash_text(f->v[i].stack, strlen(f->v[i].stack)) & (n - 1);

		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(f->slots);
	f->slots = s;
	f->nslots = n;
	return 0;
}

/* Add weight to the path text of len bytes (already sanitised). */
static int add_text(struct tq_folded *f, const char *text, size_t len, uint64_t weight)
{
	size_t j;

	if ((f->n + 1) * 2 > f->nslots && rehash(f))
		return -ENOMEM;
	j = hash_text(text, len) & (f->nslots - 1);
	for (; f->slots[j]; j = (j + 1) & (f->nslots - 1)) {
		struct tq_folded_entry *e = &f->v[f->slots[j] - 1];

		if (!strncmp(e->stack, text, len) && !e->stack[len]) {
			e->weight += weight;
			f->total += weight;
			return 0;
		}
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct tq_folded_entry *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n].stack = strndup(text, len);
	if (!f->v[f->n].stack)
		return -ENOMEM;
	f->v[f->n].weight = weight;
	f->slots[j] = ++f->n;
	f->total += weight;
	return 0;
}

/* A growing path text. */
struct path {
	char *s;
	size_t len, cap;
	bool oom;
};

static void path_frame(struct path *p, const char *name)
{
	size_t n = *name ? strlen(name) : strlen("[unknown]"), i;

	if (!*name)
		name = "[unknown]";
	if (p->len + n + 2 > p->cap) {
		size_t cap = (p->len + n + 2) * 2;
		char *s = realloc(p->s, cap);

		if (!s) {
			p->oom = true;
			return;
		}
		p->s = s;
		p->cap = cap;
	}
	if (p->len)
		p->s[p->len++] = ';';
	/* the format has no quoting: ';' separates frames and the last blank the weight */
	for (i = 0; i < n; i++) {
		char c = name[i];

		p->s[p->len++] = (c == ';' || c == ' ' || c == '\t' || c == '\n' ||
				  c == '\r') ? '_' : c;
	}
	p->s[p->len] = 0;
}

int tq_folded_add(struct tq_folded *f, const char *const *frames, int n, uint64_t weight)
{
	struct path p = { 0 };
	int i, err;

	for (i = 0; i < n; i++)
		path_frame(&p, frames[i]);
	if (p.oom || !n) {
		free(p.s);
		return p.oom ? -ENOMEM : tq_fail(EINVAL, "a stack needs one frame at least");
	}
	err = add_text(f, p.s, p.len, weight);
	free(p.s);
	return err;
}

static int by_stack(const void *a, const void *b)
{
	return strcmp(((const struct tq_folded_entry *)a)->stack,
		      ((const struct tq_folded_entry *)b)->stack);
}

void tq_folded_sort(struct tq_folded *f)
{
	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), by_stack);
	/* the slots point at the old order */
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
	if (f->n)
		rehash(f);
}

int tq_folded_write(const struct tq_folded *f, FILE *out)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].weight &&
		    fprintf(out, "%s %llu\n", f->v[i].stack,
			    (unsigned long long)f->v[i].weight) < 0)
			return -EIO;
	return 0;
}

int tq_folded_add_hist_key(struct tq_folded *f, const char *text, uint64_t weight)
{
	const char *colon = strchr(text, ':'), *p;
	char *copy, *tok, *save = NULL;
	const char **frames;
	size_t n = 0, cap = 1;
	int err;

	/* the key's name is there when the text is the kernel's, not when histfile.h's;
	 * a synthetic event's stack field shows as "name.stacktrace", without the colon */
	if (colon && colon - text >= 10 && !strncmp(colon - 10, "stacktrace", 10))
		text = colon + 1;
	else if ((p = strstr(text, ".stacktrace ")) && !memchr(text, ' ', (size_t)(p - text)))
		text = p + 12;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (p = text; *p; p++)
		cap += *p == ' ';
	frames = calloc(cap + 1, sizeof(*frames));
	if (!frames) {
		free(copy);
		return -ENOMEM;
	}
	/* "%pS": func+0xoff/0xsize, then " [module]" for a module's function */
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *plus = strchr(tok, '+');

		if (*tok == '[')
			continue;
		if (plus && plus != tok)
			*plus = '\0';
		frames[n++] = tok;
	}
	/* innermost first in the file, root first in a folded line */
	for (size_t i = 0; i < n / 2; i++) {
		const char *t = frames[i];

		frames[i] = frames[n - 1 - i];
		frames[n - 1 - i] = t;
	}
	err = n ? tq_folded_add(f, frames, (int)n, weight) :
		  tq_fail(EINVAL, "'%.40s' is not a stack trace", text);
	free(frames);
	free(copy);
	return err;
}

int tq_stack_source_parse(const char *name, enum tq_stack_source *out)
{
	if (!strcmp(name, "kernel"))
		*out = TQ_STACKS_KERNEL;
	else if (!strcmp(name, "graph"))
		*out = TQ_STACKS_GRAPH;
	else if (!strcmp(name, "auto"))
		*out = TQ_STACKS_AUTO;
	else
		return tq_fail(EINVAL, "unknown stack source '%s': give kernel, graph or auto",
			       name);
	return 0;
}

/* ---- names ---- */

struct namebuf {
	char s[24];
};

static const char *func_name(struct tep_handle *tep, unsigned long long addr,
			     struct namebuf *buf)
{
	const char *name = tep_find_function(tep, addr);

	if (name)
		return name;
	snprintf(buf->s, sizeof(buf->s), "0x%llx", addr);
	return buf->s;
}

static void path_comm(struct path *p, struct tep_handle *tep, int pid)
{
	const char *comm = tep_data_comm_from_pid(tep, pid);
	char buf[32];

	if (!comm || !strcmp(comm, "<...>")) {
		snprintf(buf, sizeof(buf), "[pid %d]", pid);
		comm = buf;
	}
	path_frame(p, comm);
}

/* ---- kernel stack traces ---- */

struct kstack_state {
	struct tep_handle *tep;
	const struct tq_stack_opts *o;
	struct tq_folded *f;
	struct tq_kstack_fmt fmt;
	/* by CPU: the weight of the event before, and whether it had the field */
	unsigned long long *weight;
	bool *has;
	int ncpus;
	unsigned long long stacks, weighted;
	bool field_seen;
	/* the field weighed by, and with --weight EVENT.FIELD the event's id (else -1) */
	const char *field;
	int weight_event;
};

/* Deeper than the kernel's stack traces (a page of longs) */
#define KSTACK_MAX 1024

static int kstack_add(struct kstack_state *k, const struct tep_record *rec)
{
	struct tep_handle *tep = k->tep;
	unsigned long long w = 1;
	struct path p = { 0 };
	uint64_t addrs[KSTACK_MAX];
	int n, i, err;

	k->stacks++;
	if (k->o->weight_field) {
		if (rec->cpu < 0 || rec->cpu >= k->ncpus || !k->has[rec->cpu])
			return 0;
		w = k->weight[rec->cpu];
		k->has[rec->cpu] = false;
	}
	n = tq_kstack_frames(&k->fmt, tep, rec, addrs, KSTACK_MAX);
	if (!n)
		return 0;
	if (!k->o->no_comm)
		path_comm(&p, tep, tep_data_pid(tep, (struct tep_record *)rec));
	/* addrs[0] is the innermost frame: the path goes root first */
	for (i = n - 1; i >= 0; i--) {
		struct namebuf nb;

		path_frame(&p, func_name(tep, addrs[i], &nb));
	}
	err = p.oom ? -ENOMEM : p.len ? add_text(k->f, p.s, p.len, w) : 0;
	free(p.s);
	k->weighted++;
	return err;
}

/* Remember the weight field of an event that is not a stack trace, for the next one. */
static void kstack_note(struct kstack_state *k, const struct tep_record *rec)
{
	struct tep_event *ev;
	struct tep_format_field *field;
	unsigned long long v;

	if (!k->o->weight_field || rec->cpu < 0 || rec->cpu >= k->ncpus)
		return;
	k->has[rec->cpu] = false;
	if (k->weight_event >= 0 && tep_data_type(k->tep, (struct tep_record *)rec) !=
	    k->weight_event)
		return;
	ev = tep_find_event(k->tep, tep_data_type(k->tep, (struct tep_record *)rec));
	field = ev ? tep_find_any_field(ev, k->field) : NULL;
	if (!field || (field->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING)) ||
	    tep_read_number_field(field, rec->data, &v))
		return;
	if ((field->flags & TEP_FIELD_IS_SIGNED) && field->size < 8 &&
	    (v & (1ull << (field->size * 8 - 1))))
		v = 0;		/* a negative value weighs nothing */
	else if ((long long)v < 0)
		v = 0;	/* signed, or past 2^63: a latency that came out negative (two CPUs'
			 * clocks apart) and wrapped in the kernel's u64 */
	k->weight[rec->cpu] = v;
	k->has[rec->cpu] = true;
	k->field_seen = true;
}

/* ---- function_graph ---- */

struct tq_graph_fold {
	struct tep_handle *tep;
	struct tq_folded *f;
	bool no_comm;
	int entry_id, exit_id;
	struct tep_format_field *entry_func, *entry_depth;
	struct tep_format_field *exit_func, *exit_depth, *exit_calltime, *exit_rettime;
	struct tq_graph_tasks tasks;
};


static struct tep_format_field *field_of(struct tep_event *ev, const char *name)
{
	return ev ? tep_find_field(ev, name) : NULL;
}

int tq_graph_fold_new(struct tep_handle *tep, bool no_comm, struct tq_folded *f,
		      struct tq_graph_fold **out)
{
	struct tq_graph_fold *g = calloc(1, sizeof(*g));
	struct tep_event *entry = tep_find_event_by_name(tep, "ftrace", "funcgraph_entry");
	struct tep_event *ret = tep_find_event_by_name(tep, "ftrace", "funcgraph_exit");

	*out = NULL;
	if (!g)
		return -ENOMEM;
	g->tep = tep;
	g->f = f;
	g->no_comm = no_comm;
	g->entry_id = entry ? entry->id : -1;
	g->exit_id = ret ? ret->id : -1;
	g->entry_func = field_of(entry, "func");
	g->entry_depth = field_of(entry, "depth");
	g->exit_func = field_of(ret, "func");
	g->exit_depth = field_of(ret, "depth");
	g->exit_calltime = field_of(ret, "calltime");
	g->exit_rettime = field_of(ret, "rettime");
	if (!g->entry_func || !g->entry_depth || !g->exit_func || !g->exit_depth ||
	    !g->exit_calltime || !g->exit_rettime) {
		free(g);
		return tq_fail(ENOENT, "the file has no funcgraph_entry/funcgraph_exit formats "
			       "with the fields func, depth, calltime and rettime");
	}
	*out = g;
	return 0;
}

void tq_graph_fold_free(struct tq_graph_fold *g)
{
	if (!g)
		return;
	tq_graph_tasks_release(&g->tasks);
	free(g);
}

static int graph_return(struct tq_graph_fold *g, struct tq_graph_task *t, int pid, int depth,
			unsigned long long func, unsigned long long ns)
{
	struct path p = { 0 };
	unsigned long long self;
	int i, err;

	err = tq_graph_task_reach(t, depth);
	if (err)
		return err;
	self = ns > t->frames[depth].child_ns ? ns - t->frames[depth].child_ns : 0;
	if (!g->no_comm)
		path_comm(&p, g->tep, pid);
	for (i = 0; i <= depth; i++) {
		struct namebuf nb;
		unsigned long long a = i == depth ? func : t->frames[i].func;

		path_frame(&p, a ? func_name(g->tep, a, &nb) : "");
	}
	err = p.oom ? -ENOMEM : add_text(g->f, p.s, p.len, self);
	free(p.s);
	if (depth > 0)
		t->frames[depth - 1].child_ns += ns;
	t->depth = depth;
	return err;
}

int tq_graph_fold_add(struct tq_graph_fold *g, const struct tep_record *rec)
{
	struct tep_record *r = (struct tep_record *)rec;
	int type = tep_data_type(g->tep, r), pid;
	unsigned long long func = 0, depth = 0, call = 0, ret = 0;
	struct tq_graph_task *t;
	int err;

	if (type != g->entry_id && type != g->exit_id)
		return 0;
	pid = tep_data_pid(g->tep, r);
	if (type == g->entry_id) {
		if (tep_read_number_field(g->entry_func, rec->data, &func) ||
		    tep_read_number_field(g->entry_depth, rec->data, &depth))
			return tq_fail(EINVAL, "a funcgraph_entry record too short for its format");
	} else if (tep_read_number_field(g->exit_func, rec->data, &func) ||
		   tep_read_number_field(g->exit_depth, rec->data, &depth) ||
		   tep_read_number_field(g->exit_calltime, rec->data, &call) ||
		   tep_read_number_field(g->exit_rettime, rec->data, &ret)) {
		return tq_fail(EINVAL, "a funcgraph_exit record too short for its format");
	}
	/* depth is a signed int: a negative or huge one is damage, not a call */
	if ((int)depth < 0 || (int)depth >= TQ_GRAPH_MAX_DEPTH)
		return 0;
	t = tq_graph_task_of(&g->tasks, tq_graph_task_key(pid, rec->cpu));
	if (!t)
		return -ENOMEM;
	if (type == g->entry_id) {
		err = tq_graph_task_reach(t, (int)depth);
		if (err)
			return err;
		t->frames[depth].func = func;
		t->frames[depth].child_ns = 0;
		t->depth = (int)depth + 1;
		return 1;
	}
	err = graph_return(g, t, pid, (int)depth, func, ret >= call ? ret - call : 0);
	return err ? err : 1;
}

/* ---- a whole file ---- */

static int count_events(struct tq_tracedat *td, const char *name)
{
	struct tep_event *ev = tep_find_event_by_name(td->tep, "ftrace", name);

	return ev ? ev->id : -1;
}

static int open_buffer(struct tq_tracedat *td, int b, struct tq_td_merge **out)
{
	struct tq_td_merge *m;
	int e, err;

	err = tq_td_merge_new(&m);
	if (err)
		return err;
	for (e = 0; e < td->buffers[b].nentries; e++) {
		struct tq_td_cursor *c;

		if (!td->buffers[b].cpus[e].size)
			continue;
		err = tq_td_cursor_new(td, b, e, &c);
		if (!err)
			err = tq_td_merge_add(m, c, 0);
		if (err) {
			tq_td_merge_free(m);
			return err;
		}
	}
	*out = m;
	return 0;
}

/* Which kinds of events the file's data holds: a first pass, cheap next to collapsing. */
static int find_kinds(struct tq_tracedat *td, bool *kstack, bool *graph)
{
	int kid = count_events(td, "kernel_stack"), gid = count_events(td, "funcgraph_exit");
	int b, err = 0;

	*kstack = *graph = false;
	for (b = 0; b < td->nbuffers && !err && !(*kstack && *graph); b++) {
		struct tq_td_merge *m;
		struct tq_td_event *ev;

		if (td->buffers[b].latency)
			continue;
		err = open_buffer(td, b, &m);
		if (err)
			return err;
		while (!(*kstack && *graph) && (err = tq_td_merge_next(m, &ev)) > 0) {
			int id = tep_data_type(td->tep, &ev->rec);

			*kstack |= id == kid;
			*graph |= id == gid;
		}
		tq_td_merge_free(m);
	}
	return err < 0 ? err : 0;
}

static int fold_buffer(struct tq_tracedat *td, int b, struct kstack_state *k,
		       struct tq_graph_fold *g)
{
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	int err;

	err = open_buffer(td, b, &m);
	if (err)
		return err;
	if (k)
		memset(k->has, 0, k->ncpus * sizeof(*k->has));
	while ((err = tq_td_merge_next(m, &ev)) > 0) {
		if (k) {
			if (tep_data_type(td->tep, &ev->rec) == k->fmt.id)
				err = kstack_add(k, &ev->rec);
			else
				kstack_note(k, &ev->rec);
		} else {
			err = tq_graph_fold_add(g, &ev->rec);
		}
		if (err < 0)
			break;
	}
	tq_td_merge_free(m);
	return err < 0 ? err : 0;
}

static bool numeric(const struct tep_format_field *field)
{
	return field && !(field->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING));
}

/*
 * --weight EVENT.FIELD: only the stack traces that follow EVENT (NAME or SYSTEM:NAME) count,
 * by its FIELD, e.g. the latency of a synthetic event made by a query. The event and its
 * field are checked against the file's formats before anything is read.
 */
static int weight_event(struct tq_tracedat *td, struct kstack_state *k, char *spec)
{
	char *dot = strrchr(spec, '.'), *sep;
	struct tep_event *ev;
	struct tep_format_field **fields;

	*dot = '\0';
	k->field = dot + 1;
	if (!*k->field || !*spec)
		return tq_fail(EINVAL, "--weight %s.%s: give FIELD, or EVENT.FIELD for the stack "
			       "traces of EVENT alone", spec, k->field);
	sep = strpbrk(spec, ":/");
	if (sep)
		*sep = '\0';
	ev = tep_find_event_by_name(td->tep, sep ? spec : NULL, sep ? sep + 1 : spec);
	if (sep)
		*sep = ':';
	if (!ev)
		return tq_fail(ENOENT, "--weight %s.%s: '%s' has no event '%s' (tq report --stat "
			       "-i %s counts the events it holds)", spec, k->field, td->path, spec,
			       td->path);
	k->weight_event = ev->id;
	if (numeric(tep_find_any_field(ev, k->field)))
		return 0;
	fields = tep_event_fields(ev);
	{
		/* the numeric fields it has, to choose from */
		char list[512];
		size_t len = 0;

		list[0] = '\0';
		for (int i = 0; fields && fields[i] && len < sizeof(list) - 64; i++)
			if (numeric(fields[i]))
				len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
							len ? ", " : " ", fields[i]->name);
		free(fields);
		return tq_fail(ENOENT, "--weight %s.%s: %s:%s has no numeric field '%s'; its "
			       "fields:%s", spec, k->field, ev->system, ev->name, k->field,
			       len ? list : " none");
	}
}

static int fold_kernel(struct tq_tracedat *td, const struct tq_stack_opts *o,
		       struct tq_folded *f)
{
	struct kstack_state k = { .tep = td->tep, .o = o, .f = f, .field = o->weight_field,
				  .weight_event = -1 };
	char *spec = NULL;
	int b, err = 0;

	if (tq_kstack_fmt_init(&k.fmt, td->tep))
		return tq_fail(ENOENT, "'%s' has no kernel_stack format with the fields size "
			       "and caller", td->path);
	if (o->weight_field && strchr(o->weight_field, '.')) {
		spec = strdup(o->weight_field);
		if (!spec)
			return -ENOMEM;
		err = weight_event(td, &k, spec);
		if (err) {
			free(spec);
			return err;
		}
	}
	k.ncpus = td->ncpus > 0 ? td->ncpus : 1;
	for (b = 0; b < td->nbuffers; b++)
		if (td->buffers[b].ncpus > k.ncpus)
			k.ncpus = td->buffers[b].ncpus;
	k.weight = calloc(k.ncpus, sizeof(*k.weight));
	k.has = calloc(k.ncpus, sizeof(*k.has));
	if (!k.weight || !k.has)
		err = -ENOMEM;
	for (b = 0; b < td->nbuffers && !err; b++)
		if (!td->buffers[b].latency)
			err = fold_buffer(td, b, &k, NULL);
	free(k.weight);
	free(k.has);
	free(spec);
	if (err)
		return err;
	if (k.weight_event >= 0 && !k.weighted)
		return tq_fail(ENOENT, "--weight %s: no stack trace follows that event in '%s' "
			       "(record it with -T)", o->weight_field, td->path);
	if (o->weight_field && !k.field_seen)
		return tq_fail(ENOENT, "no event before a stack trace in '%s' has a numeric field "
			       "'%s' to weigh it by: see 'tq report -E' for the events, and "
			       "their formats", td->path, o->weight_field);
	return 0;
}

static int fold_graph(struct tq_tracedat *td, const struct tq_stack_opts *o,
		      struct tq_folded *f)
{
	int b, err = 0;

	for (b = 0; b < td->nbuffers && !err; b++) {
		struct tq_graph_fold *g;

		if (td->buffers[b].latency)
			continue;
		/* tasks are per buffer: an instance's calls do not nest in the top's */
		err = tq_graph_fold_new(td->tep, o->no_comm, f, &g);
		if (!err)
			err = fold_buffer(td, b, NULL, g);
		tq_graph_fold_free(g);
	}
	return err;
}

int tq_folded_from_file(struct tq_tracedat *td, const struct tq_stack_opts *o,
			struct tq_folded *f, enum tq_stack_source *used)
{
	enum tq_stack_source src = o->source;
	bool kstack, graph;
	int err;

	err = find_kinds(td, &kstack, &graph);
	if (err)
		return err;
	if (src == TQ_STACKS_AUTO) {
		if (kstack && graph)
			return tq_fail(EINVAL, "'%s' holds both kernel stack traces and "
				       "function_graph events: choose one with --stacks kernel "
				       "or --stacks graph", td->path);
		src = kstack ? TQ_STACKS_KERNEL : TQ_STACKS_GRAPH;
		if (!kstack && !graph)
			return tq_fail(ENOENT, "'%s' holds no stack traces and no function_graph "
				       "events: record with 'tq record -T' (a stack trace after "
				       "each event) or with '-p function_graph'", td->path);
	}
	if (src == TQ_STACKS_KERNEL && !kstack)
		return tq_fail(ENOENT, "'%s' holds no kernel stack traces: record with "
			       "'tq record -T' for a stack trace after each event", td->path);
	if (src == TQ_STACKS_GRAPH && !graph)
		return tq_fail(ENOENT, "'%s' holds no function_graph returns: record with "
			       "'tq record -p function_graph'", td->path);
	if (src == TQ_STACKS_GRAPH && o->weight_field)
		return tq_fail(EINVAL, "--weight is for kernel stack traces: function_graph "
			       "paths are weighed by their time");
	*used = src;
	err = src == TQ_STACKS_KERNEL ? fold_kernel(td, o, f) : fold_graph(td, o, f);
	if (err)
		return err;
	if (!f->total)
		return tq_fail(ENOENT, "the stacks in '%s' weigh nothing%s", td->path,
			       o->weight_field ? ": every weight field is 0" : "");
	tq_folded_sort(f);
	return 0;
}
