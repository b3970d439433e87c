// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Function tracer events as libtraceevent's function plugin prints them (see
 * ftrace-func.h). What the plugin does, as checked against trace-cmd 3.1.6's reports:
 * each CPU has a list of function names. An event whose caller has a symbol looks for
 * the caller's name in its CPU's list from the start: found at position i, the event's
 * own name goes to position i + 1 and it is indented by 3 * i spaces; not found, the
 * caller goes to position 0, the function to position 1, and there is no indent. A
 * function without a symbol changes no position. Later positions are never cleared.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trace-seq.h>

#include "print/format.h"
#include "print/ftrace-func.h"

/* the plugin's own default time format for func_repeats' last_ts */
#define REPEAT_TIME_FORMAT "%6.1000d"
/* a name longer than this one is cut (kallsyms allows 512) */
#define MAX_NAME 1024
#define SYM_CACHE 4096

static const char *function_name(struct tq_func_printer *p, unsigned long long addr)
{
	struct tq_func_sym *e;

	if (!p->syms)
		return tep_find_function(p->tep, addr);
	e = &p->syms[(addr ^ (addr >> 12)) % SYM_CACHE];
	if (!e->used || e->addr != addr) {
		e->addr = addr;
		e->name = tep_find_function(p->tep, addr);
		e->used = true;
	}
	return e->name;
}

static void stack_set(struct tq_func_stack *st, int pos, const char *name)
{
	if (!name || pos > st->n)
		return;
	if (pos == st->n) {
		if (st->n == st->cap) {
			int cap = st->cap ? st->cap * 2 : 16;
			const char **n = realloc(st->names, cap * sizeof(*n));

			/* as the plugin: without memory the guess stays as it was */
			if (!n)
				return;
			st->names = n;
			st->cap = cap;
		}
		st->n++;
	}
	st->names[pos] = name;
}

static int indent_of(struct tq_func_state *s, const char *parent, const char *func, int cpu)
{
	struct tq_func_stack *st;
	int i;

	if (cpu < 0)
		return 0;
	if (cpu >= s->ncpus) {
		struct tq_func_stack *n = realloc(s->cpus, (cpu + 1) * sizeof(*n));

		if (!n)
			return 0;
		memset(n + s->ncpus, 0, (cpu + 1 - s->ncpus) * sizeof(*n));
		s->cpus = n;
		s->ncpus = cpu + 1;
	}
	st = &s->cpus[cpu];
	for (i = 0; i < st->n; i++) {
		if (!strcmp(parent, st->names[i])) {
			stack_set(st, i + 1, func);
			return i;
		}
	}
	stack_set(st, 0, parent);
	stack_set(st, 1, func);
	return 0;
}

/* A name as the plugin shows it: with ftrace:offset, "+0xOFF " after it. */
static char *put_name(char *o, const struct tq_func_printer *p, const char *name,
		      unsigned long long addr)
{
	size_t len = strnlen(name, MAX_NAME);

	memcpy(o, name, len);
	o += len;
	if (p->state->offset)
		o += sprintf(o, "+0x%x ", (int)(addr - tep_find_function_address(p->tep, addr)));
	return o;
}

/*
 * The text into buf of size bytes; -1 with *need set when it does not fit. Calling it
 * again for the same record gives the same text: the state it updates ends the same.
 */
static int format_function(struct tq_func_printer *p, const struct tep_record *rec, char *buf,
			   size_t size, size_t *need)
{
	unsigned long long ip, pip;
	const char *func, *parent;
	char *o = buf;
	int index = 0;

	if (!tq_fmt_read_field(p->ip, rec, &ip) || !tq_fmt_read_field(p->parent_ip, rec, &pip))
		return sprintf(buf, "!");
	func = function_name(p, ip);
	parent = function_name(p, pip);
	if (parent && p->state->indent)
		index = indent_of(p->state, parent, func, rec->cpu);
	/* two names with offsets and " <-- " */
	*need = (size_t)index * 3 + 2 * (MAX_NAME + 24) + 8;
	if (*need > size)
		return -1;
	memset(o, ' ', index * 3);
	o += index * 3;
	if (func)
		o = put_name(o, p, func, ip);
	else
		o += sprintf(o, "0x%llx", ip);
	if (p->state->parent) {
		memcpy(o, " <-- ", 5);
		o += 5;
		if (parent)
			o = put_name(o, p, parent, pip);
		else
			o += sprintf(o, "0x%llx", pip);
	}
	*o = '\0';
	return o - buf;
}

int tq_func_format(struct tq_func_printer *p, const struct tep_event *event,
		   const struct tep_record *rec, char *buf)
{
	size_t need;

	if (p->function_id < 0 || event->id != p->function_id)
		return -1;
	return format_function(p, rec, buf, TQ_FUNC_BUF, &need);
}

/* The text into s, with room for any indentation. Returns whether it was "!". */
static bool put_function(struct trace_seq *s, struct tq_func_printer *p,
			 const struct tep_record *rec)
{
	char buf[TQ_FUNC_BUF], *big;
	size_t need;
	bool bad;

	if (format_function(p, rec, buf, sizeof(buf), &need) >= 0) {
		trace_seq_puts(s, buf);
		return buf[0] == '!';
	}
	big = malloc(need);
	if (!big || format_function(p, rec, big, need, &need) < 0) {
		free(big);
		return trace_seq_putc(s, '!'), true;
	}
	trace_seq_puts(s, big);
	bad = big[0] == '!';
	free(big);
	return bad;
}

static int function_handler(struct trace_seq *s, struct tep_record *rec,
			    struct tep_event *event, void *context)
{
	put_function(s, context, rec);
	return 0;
}

/* func_repeats: the function, then how often it repeated and when it last ran */
static int repeats_handler(struct trace_seq *s, struct tep_record *rec,
			   struct tep_event *event, void *context)
{
	struct tq_func_printer *p = context;
	unsigned long long count, top, bottom;
	struct tep_record dummy;

	if (put_function(s, p, rec))
		return 0;
	if (!tq_fmt_read_field(p->count, rec, &count) || !tq_fmt_read_field(p->top_delta, rec, &top) ||
	    !tq_fmt_read_field(p->bottom_delta, rec, &bottom))
		return trace_seq_putc(s, '!');
	trace_seq_printf(s, " (count: %lld  last_ts: ", (long long)count);
	dummy = *rec;
	dummy.ts -= (top << 32) | bottom;
	tep_print_event(p->tep, s, &dummy, REPEAT_TIME_FORMAT, TEP_PRINT_TIME);
	trace_seq_puts(s, ")");
	return 0;
}

/*
 * libtraceevent 1.7.1 has no working call that lists the plugins' options
 * (tep_plugin_list_options() writes past its own allocation), so they are read from the
 * text tep_plugin_print_options() prints: "plugin:", "option:", then "set:" lines.
 */
int tq_plugin_options(struct tq_plugin_opt **out)
{
	struct tq_plugin_opt *list = NULL, cur = { "", "", false };
	struct trace_seq s;
	const char *p;
	int n = 0;

	*out = NULL;
	trace_seq_init(&s);
	tep_plugin_print_options(&s);
	trace_seq_terminate(&s);
	for (p = s.buffer; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *key = p + strspn(p, " "), *val = strchr(key, ':');
		int vlen;

		if (!val)
			continue;
		val += 1 + strspn(val + 1, " \t");
		vlen = (int)strcspn(val, "\n");
		if (!strncmp(key, "plugin:", 7)) {
			snprintf(cur.plugin, sizeof(cur.plugin), "%.*s", vlen, val);
		} else if (!strncmp(key, "option:", 7)) {
			snprintf(cur.name, sizeof(cur.name), "%.*s", vlen, val);
		} else if (!strncmp(key, "set:", 4)) {
			struct tq_plugin_opt *grown = realloc(list, (n + 1) * sizeof(*list));

			if (!grown) {
				free(list);
				trace_seq_destroy(&s);
				return -ENOMEM;
			}
			list = grown;
			cur.set = vlen && val[0] != '0';
			list[n++] = cur;
		}
	}
	trace_seq_destroy(&s);
	*out = list;
	return n;
}

/* The options are the plugin's, set by -O through libtraceevent (with its rules: a bare
 * name toggles the default). Every plugin load lists them again, with the same values. */
bool tq_func_read_options(struct tq_func_state *state)
{
	struct tq_plugin_opt *list;
	unsigned found = 0;	/* a bit for each of the three */
	int i, n = tq_plugin_options(&list);

	for (i = 0; i < n; i++) {
		if (strcmp(list[i].plugin, "ftrace"))
			continue;
		if (!strcmp(list[i].name, "parent"))
			state->parent = list[i].set, found |= 1;
		else if (!strcmp(list[i].name, "indent"))
			state->indent = list[i].set, found |= 2;
		else if (!strcmp(list[i].name, "offset"))
			state->offset = list[i].set, found |= 4;
	}
	free(list);
	return found == 7;
}

void tq_func_state_free(struct tq_func_state *state)
{
	int i;

	for (i = 0; i < state->ncpus; i++)
		free(state->cpus[i].names);
	free(state->cpus);
	state->cpus = NULL;
	state->ncpus = 0;
}

static int take_over(struct tq_func_printer *p, const char *name, tep_event_handler_func fn,
		     struct tep_event **out)
{
	struct tep_event *e = tep_find_event_by_name(p->tep, "ftrace", name);

	*out = NULL;
	/* only what the plugin prints: without it libtraceevent uses the print fmt */
	if (!e || !e->handler)
		return 0;
	if (tep_register_event_handler(p->tep, e->id, "ftrace", name, fn, p) < 0)
		return -ENOMEM;
	*out = e;
	return 0;
}

int tq_func_init(struct tq_func_printer *p, struct tep_handle *tep,
		 struct tq_func_state *state)
{
	struct tep_event *e;
	int err;

	memset(p, 0, sizeof(*p));
	p->tep = tep;
	p->state = state;
	p->function_id = p->repeats_id = -1;
	e = tep_find_event_by_name(tep, "ftrace", "function");
	if (!e || !tep_find_field(e, "ip") || !tep_find_field(e, "parent_ip"))
		return 0;
	p->ip = tep_find_field(e, "ip");
	p->parent_ip = tep_find_field(e, "parent_ip");
	err = take_over(p, "function", function_handler, &e);
	if (err || !e)
		return err;
	p->function_id = e->id;
	/* without the cache every name is looked up, as the plugin does */
	p->syms = calloc(SYM_CACHE, sizeof(*p->syms));
	e = tep_find_event_by_name(tep, "ftrace", "func_repeats");
	if (e && tep_find_field(e, "ip") && tep_find_field(e, "parent_ip") &&
	    tep_find_field(e, "count") && tep_find_field(e, "top_delta_ts") &&
	    tep_find_field(e, "bottom_delta_ts") &&
	    tep_find_field(e, "ip")->offset == p->ip->offset &&
	    tep_find_field(e, "parent_ip")->offset == p->parent_ip->offset) {
		p->count = tep_find_field(e, "count");
		p->top_delta = tep_find_field(e, "top_delta_ts");
		p->bottom_delta = tep_find_field(e, "bottom_delta_ts");
		err = take_over(p, "func_repeats", repeats_handler, &e);
		if (err)
			return err;
		if (e)
			p->repeats_id = e->id;
	}
	return 0;
}

void tq_func_release(struct tq_func_printer *p)
{
	if (!p->tep)
		return;
	if (p->function_id >= 0)
		tep_unregister_event_handler(p->tep, p->function_id, "ftrace", "function",
					     function_handler, p);
	if (p->repeats_id >= 0)
		tep_unregister_event_handler(p->tep, p->repeats_id, "ftrace", "func_repeats",
					     repeats_handler, p);
	free(p->syms);
	p->syms = NULL;
	p->function_id = p->repeats_id = -1;
}
