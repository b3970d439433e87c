// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * function_graph events printed as trace-cmd report prints them (see fgraph.h). The text,
 * checked against trace-cmd 3.1.6's reports of files recorded on Debian's 6.1 kernel:
 *
 *   entry, leaf:    "<mark> <duration> us <pad>|  <indent>func();"
 *   entry, nested:  "  " + 11 spaces + "|  <indent>func() {"
 *   exit:           "<mark> <duration> us <pad>|  <indent>}"
 *
 * The duration is microseconds with three decimals while the whole microseconds take
 * fewer than 7 digits, padded to 7 columns; the mark flags long calls (+ over 10 us,
 * ! over 100 us, # over 1 ms, $ over 1 s); the indent is two spaces a level of depth.
 * Functions without a symbol print as their address in hex.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <trace-seq.h>

#include "print/fgraph.h"
#include "print/format.h"

/*
 * The kernel nests a few hundred calls at most; a larger depth comes from a corrupt file,
 * whose indentation trace-cmd would print in full (up to gigabytes of spaces).
 */
#define MAX_INDENT 2048
/* and a symbol name longer than this one is cut (kallsyms allows 512) */
#define MAX_NAME 1024

static char *put_spaces(char *o, int n)
{
	if (n <= 0)
		return o;
	memset(o, ' ', n);
	return o + n;
}

static char mark(unsigned long long ns)
{
	if (ns > 1000000000ull)
		return '$';
	if (ns > 1000000ull)
		return '#';
	if (ns > 100000ull)
		return '!';
	if (ns > 10000ull)
		return '+';
	return ' ';
}

/* The mark, the duration and the bar: the first 16 columns of a line with a time. */
static char *put_duration(char *o, unsigned long long ns)
{
	int n;

	*o++ = mark(ns);
	*o++ = ' ';
	n = sprintf(o, "%llu", ns / 1000);
	if (n < 7)
		n += sprintf(o + n, ".%03llu", ns % 1000);
	o += n;
	memcpy(o, " us ", 4);
	o = put_spaces(o + 4, 7 - n);
	memcpy(o, "|  ", 3);
	return o + 3;
}

/* trace-cmd indents by (int)(depth * 2): a depth past 2^30 wraps as that cast does. */
static char *put_indent(char *o, unsigned long long depth)
{
	int n = (int)(uint32_t)(depth * 2);

	return put_spaces(o, n > MAX_INDENT ? MAX_INDENT : n);
}

static char *put_func(char *o, const struct tq_fgraph *g, unsigned long long addr,
		      const char *tail)
{
	const char *name = tep_find_function(g->tep, addr);

	if (name) {
		size_t len = strnlen(name, MAX_NAME);

		memcpy(o, name, len);
		o += len;
	} else {
		o += sprintf(o, "%llx", addr);
	}
	memcpy(o, tail, strlen(tail));
	return o + strlen(tail);
}

static char *put_depth(char *o, const struct tq_fgraph *g, unsigned long long depth)
{
	return g->show_depth ? o + sprintf(o, " (%lld)", (long long)depth) : o;
}

static int format_entry(struct tq_fgraph *g, const struct tep_record *rec, char *buf)
{
	unsigned long long func, depth;
	bool leaf = g->leaf_data && g->leaf_data == rec->data;
	char *o = buf;

	if (!tq_fmt_read_field(g->entry_func, rec, &func) ||
	    !tq_fmt_read_field(g->entry_depth, rec, &depth))
		return sprintf(buf, "!");
	if (leaf && g->leaf_bad)
		return sprintf(buf, "!");
	if (leaf) {
		o = put_duration(o, g->leaf_duration);
	} else {
		o = put_spaces(o, 13);
		memcpy(o, "|  ", 3);
		o += 3;
	}
	o = put_indent(o, depth);
	o = put_func(o, g, func, leaf ? "();" : "() {");
	o = put_depth(o, g, depth);
	*o = '\0';
	return o - buf;
}

static int format_exit(struct tq_fgraph *g, const struct tep_record *rec, char *buf)
{
	unsigned long long calltime, rettime, depth, func;
	const char *name;
	char *o = buf;

	if (!tq_fmt_read_field(g->exit_rettime, rec, &rettime) ||
	    !tq_fmt_read_field(g->exit_calltime, rec, &calltime) ||
	    !tq_fmt_read_field(g->exit_depth, rec, &depth))
		return sprintf(buf, "!");
	o = put_duration(o, rettime - calltime);
	o = put_indent(o, depth);
	*o++ = '}';
	if (g->tailprint && tq_fmt_read_field(g->exit_func, rec, &func) &&
	    (name = tep_find_function(g->tep, func)))
		o += sprintf(o, " /* %.*s */", MAX_NAME, name);
	o = put_depth(o, g, depth);
	*o = '\0';
	return o - buf;
}

int tq_fgraph_format(struct tq_fgraph *g, const struct tep_event *event,
		     const struct tep_record *rec, char *buf)
{
	if (event->id == g->entry_id && g->entry_id >= 0)
		return format_entry(g, rec, buf);
	if (event->id == g->exit_id && g->exit_id >= 0)
		return format_exit(g, rec, buf);
	return -1;
}

static int print_handler(struct trace_seq *s, struct tep_record *rec, struct tep_event *event,
			 void *context)
{
	char buf[TQ_FGRAPH_BUF];

	if (tq_fgraph_format(context, event, rec, buf) >= 0)
		trace_seq_puts(s, buf);
	return 0;
}

bool tq_fgraph_is_entry(const struct tq_fgraph *g, int type)
{
	return g->entry_id >= 0 && type == g->entry_id;
}

bool tq_fgraph_leaf(struct tq_fgraph *g, const struct tep_record *entry,
		    const struct tep_record *next)
{
	unsigned long long entry_func, next_func, calltime, rettime;

	g->leaf_data = NULL;
	if (!next || g->exit_id < 0 ||
	    tep_data_type(g->tep, (struct tep_record *)next) != g->exit_id ||
	    tep_data_pid(g->tep, (struct tep_record *)next) !=
	    tep_data_pid(g->tep, (struct tep_record *)entry))
		return false;
	if (!tq_fmt_read_field(g->entry_func, entry, &entry_func) ||
	    !tq_fmt_read_field(g->exit_func, next, &next_func) || entry_func != next_func)
		return false;
	/* trace-cmd takes the return even when its times cannot be read, and prints "!" */
	g->leaf_bad = !tq_fmt_read_field(g->exit_rettime, next, &rettime) ||
		      !tq_fmt_read_field(g->exit_calltime, next, &calltime);
	g->leaf_data = entry->data;
	g->leaf_duration = g->leaf_bad ? 0 : rettime - calltime;
	return true;
}

static int find(struct tq_fgraph *g, const char *name, struct tep_event **out)
{
	struct tep_event *e = tep_find_event_by_name(g->tep, "ftrace", name);

	*out = e;
	if (!e)
		return -1;
	if (tep_register_event_handler(g->tep, e->id, "ftrace", name, print_handler, g) < 0)
		return -ENOMEM;
	return e->id;
}

int tq_fgraph_init(struct tq_fgraph *g, struct tep_handle *tep)
{
	struct tep_event *e;
	int id;

	memset(g, 0, sizeof(*g));
	g->tep = tep;
	g->entry_id = g->exit_id = -1;
	id = find(g, "funcgraph_exit", &e);
	if (id == -ENOMEM)
		return id;
	if (e) {
		g->exit_id = id;
		g->exit_func = tep_find_field(e, "func");
		g->exit_depth = tep_find_field(e, "depth");
		g->exit_calltime = tep_find_field(e, "calltime");
		g->exit_rettime = tep_find_field(e, "rettime");
	}
	id = find(g, "funcgraph_entry", &e);
	if (id == -ENOMEM) {
		tq_fgraph_release(g);
		return id;
	}
	if (e) {
		g->entry_id = id;
		g->entry_func = tep_find_field(e, "func");
		g->entry_depth = tep_find_field(e, "depth");
	}
	return 0;
}

void tq_fgraph_release(struct tq_fgraph *g)
{
	if (!g->tep)
		return;
	if (g->exit_id >= 0)
		tep_unregister_event_handler(g->tep, g->exit_id, "ftrace", "funcgraph_exit",
					     print_handler, g);
	if (g->entry_id >= 0)
		tep_unregister_event_handler(g->tep, g->entry_id, "ftrace", "funcgraph_entry",
					     print_handler, g);
	g->entry_id = g->exit_id = -1;
}
