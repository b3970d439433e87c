// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq report: print trace.dat files the way `trace-cmd report` does (the text must be
 * byte-identical), plus --json for scripts.
 */
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <trace-seq.h>

#include "builtin.h"
#include "flame.h"
#include "parse-options.h"
#include "print/event.h"
#include "print/filter-check.h"
#include "print/json.h"
#include "print/wakeup.h"
#include "tracedat/read.h"
#include "util/diag.h"
#include "util/strlist.h"

struct input {
	const char *path;
	const char *name;	/* the prefix of its lines: the base name, as trace-cmd */
	struct tq_tracedat *td;
	unsigned long long ts2secs;	/* --ts2secs HZ after this -i, 0 for none */
	bool set_ts_offset;		/* --ts-offset after this -i: its offset, in ns */
	long long ts_offset;
	/* one libtraceevent filter per -F (it keeps a single condition per event, where
	 * trace-cmd ORs the -F options): an event is shown when any of show[] matches it
	 * and none of hide[] (-v) does */
	struct tep_event_filter **show, **hide;
	int nshow, nhide;
	/* with -F, a stack trace event right after a shown event of its CPU is shown too */
	int kstack_id, ustack_id;
	bool *last_shown;	/* by CPU */
	int nlast;
	struct tep_plugin_list *plugins;
	struct tq_event_source src;	/* what printing its events keeps */
};

struct report {
	struct input *in;
	int nin;
	const char **filters;
	bool *negated;		/* -v came before this -F */
	int *filter_input;	/* the input it belongs to */
	int nfilters;
	const char *cpu_list;
	const char **plugin_opts;	/* -O, as given */
	int nplugin_opts;
	bool graph_tail, graph_depth;	/* -O fgraph:tailprint, fgraph:depth */
	bool ns, raw, latency, first_event, last_event, stat, uname, version, events;
	bool ts_diff, json, invert, cpus_only, slow;
	/* trace-cmd's -I, -S, -e, -f, -P, -N, -L, -q, --nodate, --raw-ts, --align-ts,
	 * --check-events */
	bool no_hardirq, no_softirq, endian, funcs_list, printk_list, no_plugins;
	bool local_plugins, quiet, nodate, raw_ts, align_ts, check_events;
	unsigned long long ts2secs;	/* --ts2secs before any -i: every file's */
	unsigned long long first_ts;	/* --align-ts: of the first event of all files */
	bool seen_first;
	bool wakeup;
	struct tq_wakeup wake;	/* -w */
	/* -r and -n: regular expressions of event or system names printed with their raw
	 * fields, or without their plugin's handler */
	struct tq_strlist raw_events, nohandler_events;
	bool ts_check;			/* --ts-check */
	unsigned long long last_ts;	/* of the last event shown, for --ts-check */
	int loglevel;			/* -V[LEVEL]: a TEP_LOG_* level, or -1 */

	unsigned char *cpu_set;	/* --cpu: 1 for each CPU to show, NULL for all */
	int cpu_set_len;
	struct tq_event_printer pr;
	FILE *out;
	/* a funcgraph_entry being printed, copied: looking at the event after it may
	 * overwrite the reader's copy */
	struct tq_td_event held;
	void *held_data;
	size_t held_cap;
	/* the function plugin's guess at call depths, one for all files as in the plugin */
	struct tq_func_state funcs;
	bool funcs_ok;
};

static const char *const report_usage[] = {
	"tq report [options] [FILE]",
	NULL,
};

static int add_input(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	struct input *n = realloc(r->in, (r->nin + 1) * sizeof(*n));
	const char *slash = strrchr(arg, '/');

	if (!n)
		return error("out of memory");
	r->in = n;
	memset(&r->in[r->nin], 0, sizeof(*n));
	r->in[r->nin].path = arg;
	r->in[r->nin++].name = slash ? slash + 1 : arg;
	return 0;
}

/* --ts2secs HZ: the previous -i's, or every file's when none came before */
static int set_ts2secs(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	unsigned long long hz;
	char *end;

	errno = 0;
	hz = strtoull(arg, &end, 0);
	if (errno || *end || !hz || *arg == '-')
		return error("--ts2secs takes the timestamps' frequency per second, not '%s'",
			     arg);
	if (r->nin)
		r->in[r->nin - 1].ts2secs = hz;
	else
		r->ts2secs = hz;
	return 0;
}

/*
 * --ts-offset NS: the previous -i's file's times plus NS (replacing its DATE offset, as
 * trace-cmd 3.1.6 does). trace-cmd applies it from the second -i on only: so does tq.
 */
static int report_ts_offset(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	long long ns;
	char *end;

	errno = 0;
	ns = strtoll(arg, &end, 0);
	if (errno || end == arg || *end)
		return error("--ts-offset takes nanoseconds, not '%s'", arg);
	if (!r->nin)
		return error("--ts-offset must come after -i");
	if (r->nin == 1) {
		warning("--ts-offset %s ignored: trace-cmd applies it to a second -i's file only",
			arg);
		return 0;
	}
	r->in[r->nin - 1].set_ts_offset = true;
	r->in[r->nin - 1].ts_offset = ns;
	return 0;
}

/* libtraceevent 1.7.1 crashes on an unbalanced '(' in a filter: refuse it first */
static bool balanced(const char *s)
{
	char quote = 0;
	int depth = 0;

	for (; *s; s++) {
		if (quote) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		} else if (*s == '(') {
			depth++;
		} else if (*s == ')' && --depth < 0) {
			return false;
		}
	}
	return depth == 0 && !quote;
}

static int add_filter(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	const char **n;
	bool *neg;
	int *which;

	if (!balanced(arg))
		return error("bad filter '%s': unbalanced parentheses or quotes", arg);
	n = realloc(r->filters, (r->nfilters + 1) * sizeof(*n));
	if (!n)
		return error("out of memory");
	r->filters = n;
	neg = realloc(r->negated, (r->nfilters + 1) * sizeof(*neg));
	if (!neg)
		return error("out of memory");
	r->negated = neg;
	which = realloc(r->filter_input, (r->nfilters + 1) * sizeof(*which));
	if (!which)
		return error("out of memory");
	r->filter_input = which;
	/* as in trace-cmd, a filter is for the file of the -i before it, else the first one */
	r->filter_input[r->nfilters] = r->nin ? r->nin - 1 : 0;
	r->negated[r->nfilters] = r->invert;
	r->filters[r->nfilters++] = arg;
	return 0;
}

static int add_plugin_opt(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	const char **n = realloc(r->plugin_opts, (r->nplugin_opts + 1) * sizeof(*n));

	if (!n)
		return error("out of memory");
	r->plugin_opts = n;
	r->plugin_opts[r->nplugin_opts++] = arg;
	return 0;
}

/* A value of a boolean -O option: none (on), 1/0, true/false. */
static int bool_value(const char *opt, const char *val, bool *out)
{
	if (!val || !strcmp(val, "1") || !strcmp(val, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(val, "0") || !strcmp(val, "false")) {
		*out = false;
		return 0;
	}
	return usage_error("-O '%s': '%s' is not a value for this option: give 1 or 0", opt, val);
}

/*
 * The graph printing's own options, named as in trace-cmd: [fgraph:|ftrace:]NAME. Returns
 * 1 when opt is one of them (and sets it), 0 when it is not, -1 for a bad value.
 */
static int graph_option(struct report *r, const char *opt, const char *name, size_t len,
			const char *val)
{
	bool *flag;

	if (len == 9 && !strncmp(name, "tailprint", 9))
		flag = &r->graph_tail;
	else if (len == 5 && !strncmp(name, "depth", 5))
		flag = &r->graph_depth;
	else
		return 0;
	return bool_value(opt, val, flag) ? -1 : 1;
}

/* Whether libtraceevent's plugins have the option PLUGIN:NAME (or NAME in any plugin);
 * "known" gets ", plugin:name" for each. */
static bool plugin_has_option(const char *want, size_t len, struct trace_seq *known)
{
	const char *colon = memchr(want, ':', len);
	const char *name = colon ? colon + 1 : want;
	size_t plen = colon ? (size_t)(colon - want) : 0, nlen = len - (name - want);
	struct tq_plugin_opt *list;
	int i, n = tq_plugin_options(&list);
	bool found = false;

	for (i = 0; i < n; i++) {
		const struct tq_plugin_opt *o = &list[i];

		trace_seq_printf(known, ", %s:%s", o->plugin, o->name);
		if (strlen(o->name) == nlen && !strncmp(o->name, name, nlen) &&
		    (!colon || (strlen(o->plugin) == plen && !strncmp(o->plugin, want, plen))))
			found = true;
	}
	free(list);
	return found;
}

static int set_plugin_opt(struct report *r, const char *opt)
{
	const char *eq = strchr(opt, '=');
	size_t len = eq ? (size_t)(eq - opt) : strlen(opt);
	const char *colon = memchr(opt, ':', len);
	const char *name = colon ? colon + 1 : opt;
	size_t nlen = len - (name - opt);
	struct trace_seq known;
	bool on;
	int rc = 0;
	char *key;

	if (!colon || (colon - opt == 6 && !strncmp(opt, "fgraph", 6)) ||
	    (colon - opt == 6 && !strncmp(opt, "ftrace", 6)))
		rc = graph_option(r, opt, name, nlen, eq ? eq + 1 : NULL);
	if (rc)
		return rc < 0 ? -1 : 0;
	trace_seq_init(&known);
	if (!plugin_has_option(opt, len, &known) || !nlen) {
		trace_seq_terminate(&known);
		usage_error("-O '%s': no such plugin option; known: fgraph:tailprint, "
			    "fgraph:depth%s", opt, known.buffer);
		trace_seq_destroy(&known);
		return -1;
	}
	trace_seq_destroy(&known);
	/* libtraceevent ignores any other value without a word */
	if (eq && bool_value(opt, eq + 1, &on))
		return -1;
	key = strndup(opt, len);
	if (!key)
		return error("out of memory");
	rc = tep_plugin_add_option(key, eq ? eq + 1 : NULL);
	free(key);
	if (rc < 0)
		return usage_error("-O '%s': libtraceevent refused the option", opt);
	return 0;
}

/*
 * -O PLUGIN:OPTION[=VALUE]: the graph options are tq's, the others go to libtraceevent's
 * plugins, which keep them for every later tep_load_plugins() (trace-cmd ignores an
 * unknown one; here it is a usage error, as a typo would otherwise change nothing without
 * a word). The plugins are loaded once here to know their options.
 */
static int set_plugin_opts(struct report *r)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_plugin_list *plugins;
	int i, err = 0;

	if (!tep)
		return error("out of memory");
	plugins = tep_load_plugins(tep);
	for (i = 0; i < r->nplugin_opts && !err; i++)
		err = set_plugin_opt(r, r->plugin_opts[i]);
	if (plugins)
		tep_unload_plugins(plugins, tep);
	tep_free(tep);
	return err;
}



/*
 * -r EVENT, -n EVENT: as trace-cmd, a case-insensitive regular expression matched against
 * the whole event name or the whole system name.
 */
static int compile_event_regex(const char *pat, regex_t *re)
{
	size_t len = strlen(pat) + 3;
	char *anchored = malloc(len);
	int rc;

	if (!anchored)
		return error("out of memory");
	snprintf(anchored, len, "^%s$", pat);
	rc = regcomp(re, anchored, REG_ICASE | REG_NOSUB);
	free(anchored);
	if (rc)
		return error("'%s' is not a regular expression of event or system names", pat);
	return 0;
}

static int add_event_pattern(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;
	regex_t re;

	if (compile_event_regex(arg, &re))
		return -1;
	regfree(&re);
	if (tq_strlist_add(opt->short_name == 'r' ? &r->raw_events : &r->nohandler_events, arg))
		return error("out of memory");
	return 0;
}

/* Set flag on every event of tep that a pattern of list names, as trace-cmd does. */
static int mark_events(struct tep_handle *tep, const struct tq_strlist *list, int flag)
{
	struct tep_event **events;
	size_t i;
	int j;

	if (!list->len)
		return 0;
	events = tep_list_events(tep, TEP_EVENT_SORT_ID);
	if (!events)
		return error("out of memory");
	for (i = 0; i < list->len; i++) {
		regex_t re;

		if (compile_event_regex(list->items[i], &re))
			return -1;
		for (j = 0; events[j]; j++)
			if (!regexec(&re, events[j]->name, 0, NULL, 0) ||
			    !regexec(&re, events[j]->system, 0, NULL, 0))
				events[j]->flags |= flag;
		regfree(&re);
	}
	return 0;
}

/* -V[LEVEL], --verbose[=LEVEL] */
static int set_verbose(const struct option *opt, const char *arg, void *ctx)
{
	struct report *r = ctx;

	r->loglevel = parse_verbose(arg);
	return r->loglevel < 0 ? -1 : 0;
}

/* -v negates the -F options that follow it, as in trace-cmd */
static int set_invert(const struct option *opt, const char *arg, void *ctx)
{
	((struct report *)ctx)->invert = true;
	return 0;
}

/* "0,2-3" into a byte per CPU */
static int parse_cpu_list(struct report *r)
{
	const char *p = r->cpu_list;

	if (!*p)
		return usage_error("--cpu needs a list of CPUs, as in 0,2-3");
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;

		if (end == p || a < 0 || a > 65535)
			return usage_error("bad CPU list '%s'", r->cpu_list);
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a || b > 65535)
				return usage_error("bad CPU list '%s'", r->cpu_list);
			p = end;
		}
		if (b >= r->cpu_set_len) {
			unsigned char *n = realloc(r->cpu_set, b + 1);

			if (!n)
				return error("out of memory");
			memset(n + r->cpu_set_len, 0, b + 1 - r->cpu_set_len);
			r->cpu_set = n;
			r->cpu_set_len = b + 1;
		}
		memset(r->cpu_set + a, 1, b - a + 1);
		if (*p == ',')
			p++;
		else if (*p)
			return usage_error("bad CPU list '%s'", r->cpu_list);
	}
	return 0;
}

static bool want_cpu(const struct report *r, int cpu)
{
	return !r->cpu_set || (cpu < r->cpu_set_len && r->cpu_set[cpu]);
}

/* seconds.micro (rounded), seconds.nano, or raw counter units */
static const char *prefix_name(const struct report *r, const struct input *in,
			       const struct tq_td_event *ev)
{
	const char *b = in->td->buffers[ev->buffer].name;

	if (b[0])
		return b;
	return r->nin > 1 ? in->name : "";
}

/* ---- setup ---- */

/*
 * A HOOK option (record -H) is "[sys:]start,match[,pid]/[sys:]end,match[,flags]".
 * trace-cmd reads it when it opens the file and prints how it split it, on stdout before
 * anything else, "(null)" for a part left out; the splitting follows strtok's rules,
 * including where it looks for the ':' after the first word. Returns false when a part is
 * missing (trace-cmd 3.1.6 then crashes).
 */
static bool print_hook(FILE *out, const char *arg)
{
	char *str = strdup(arg), *save = NULL, *tok;
	/* sys, event, match, pid of the start; sys, event, match, flags of the end */
	const char *part[8] = { NULL };
	bool good = false;
	int half;

	if (!str)
		return false;
	tok = strtok_r(str, ":,", &save);
	for (half = 0; half < 2 && tok; half++) {
		const char **p = part + half * 4;
		size_t end = half ? (size_t)(tok - str) + strlen(tok) : strlen(tok);

		if (arg[end] == ':') {
			p[0] = tok;
			tok = strtok_r(NULL, ",", &save);
			if (!tok)
				break;
		}
		p[1] = tok;
		tok = strtok_r(NULL, half ? "," : ",/", &save);
		if (!tok)
			break;
		p[2] = tok;
		if (arg[tok - str + strlen(tok)] == ',') {
			tok = strtok_r(NULL, half ? "" : "/", &save);
			if (!tok)
				break;
			p[3] = tok;
		}
		if (half) {
			good = true;
			break;
		}
		tok = strtok_r(NULL, ":,", &save);
	}
	if (good) {
		int i;

		for (i = 0; i < 8; i++)
			if (!part[i])
				part[i] = "(null)";
		fprintf(out, "start %s:%s:%s (%s) end %s:%s:%s (%s)\n", part[0], part[1], part[2],
			part[3], part[4], part[5], part[6], part[7]);
	}
	free(str);
	return good;
}

static void print_hooks(struct report *r, struct input *in)
{
	int i;

	for (i = 0; i < in->td->noptions; i++) {
		const struct tq_td_option *o = &in->td->options[i];
		char *text;

		if (o->id != TQ_TD_OPT_HOOK)
			continue;
		text = strndup((const char *)o->data, o->size);
		if (text && !print_hook(r->out, text))
			warning("%s: HOOK option '%s' is not [sys:]event,match[,pid]/[sys:]event,"
				"match[,flags]: ignored", in->path, text);
		free(text);
	}
}

static int add_tep_filter(struct input *in, const char *text, bool hide)
{
	struct tep_event_filter ***list = hide ? &in->hide : &in->show;
	int *n = hide ? &in->nhide : &in->nshow;
	struct tep_event_filter **grown = realloc(*list, (*n + 1) * sizeof(**list));
	struct tep_event_filter *f;
	enum tep_errno e;
	char buf[256];
	int bad;

	if (!grown)
		return error("out of memory");
	*list = grown;
	f = tep_filter_alloc(in->td->tep);
	if (!f)
		return error("out of memory");
	e = tep_filter_add_filter_str(f, text);
	if (e < 0) {
		tep_filter_strerror(f, e, buf, sizeof(buf));
		tep_filter_free(f);
		return error("bad filter '%s': %s", text, buf);
	}
	/* libtraceevent reads an unknown field as FALSE: say so instead of hiding all */
	bad = tq_filter_check_fields(in->td->tep, text);
	if (bad) {
		tep_filter_free(f);
		return usage_error("%s", tq_errmsg(bad));
	}
	(*list)[(*n)++] = f;
	return 0;
}

/* -w: the latency after the sched_switch that runs a woken task */
static void after_event(void *arg, struct tep_event *event, struct tep_record *rec, FILE *out)
{
	tq_wakeup_event(arg, event, rec, out);
}

static void load_symbols(void *td)
{
	tq_td_load_kallsyms(td);
}

static int open_inputs(struct report *r)
{
	int i, j, err;

	for (i = 0; i < r->nin; i++) {
		struct input *in = &r->in[i];

		/* symbols are only needed by formats libtraceevent prints */
		err = tq_td_open_flags(in->path, r->json ? TQ_TD_NO_KALLSYMS :
				       TQ_TD_LAZY_KALLSYMS, &in->td);
		if (err)
			return error("%s", tq_errmsg(err));
		for (j = 0; !r->quiet && j < in->td->nwarnings; j++)
			warning("%s", in->td->warnings[j]);
		/* what libtracecmd logs at level info, and libtraceevent's plugins after it */
		if (r->loglevel >= TEP_LOG_INFO)
			fprintf(r->out, "version = %d\n", in->td->version);
		if (r->loglevel >= 0)
			tep_set_loglevel(r->loglevel);
		if (r->nodate)
			in->td->ts_offset -= in->td->date_offset;
		if (in->set_ts_offset)
			in->td->ts_offset = in->ts_offset;
		if (!in->ts2secs)
			in->ts2secs = r->ts2secs;
		in->td->raw_ts = r->raw_ts;
		in->td->ts2secs = r->raw_ts ? 0 : in->ts2secs;
		if (!r->json)
			print_hooks(r, in);
		/* -L: trace-cmd's own plugin directory only, here libtraceevent's user one */
		if (r->local_plugins)
			tep_set_flag(in->td->tep, TEP_DISABLE_SYS_PLUGINS);
		if (!r->no_plugins)
			in->plugins = tep_load_plugins(in->td->tep);
		/* the plugin's options as -O left them, read once its plugins are loaded */
		if (i == 0)
			r->funcs_ok = tq_func_read_options(&r->funcs);
		/* after the plugins, whose handlers trace-cmd's graph printing replaces too */
		err = tq_event_source_init(&in->src, in->td->tep, &r->pr.style,
					   r->funcs_ok ? &r->funcs : NULL);
		if (err)
			return error("%s: %s", in->path, strerror(-err));
		in->src.clock_is_ns = r->raw_ts ? false : in->ts2secs ? true : in->td->clock_is_ns;
		if (mark_events(in->td->tep, &r->nohandler_events, TEP_EVENT_FL_NOHANDLE) ||
		    mark_events(in->td->tep, &r->raw_events, TEP_EVENT_FL_PRINTRAW))
			return -1;
		tq_event_source_set_symbols(&in->src, load_symbols, in->td);
		for (j = 0; j < r->nfilters; j++) {
			if (r->filter_input[j] == i && add_tep_filter(in, r->filters[j],
								      r->negated[j]))
				return -1;
		}
		if (in->nshow) {
			struct tep_event *e;

			e = tep_find_event_by_name(in->td->tep, "ftrace", "kernel_stack");
			in->kstack_id = e ? e->id : -1;
			e = tep_find_event_by_name(in->td->tep, "ftrace", "user_stack");
			in->ustack_id = e ? e->id : -1;
			in->nlast = in->td->ncpus > 0 ? in->td->ncpus : 1;
			in->last_shown = calloc(in->nlast, sizeof(*in->last_shown));
			if (!in->last_shown)
				return error("out of memory");
		}
	}
	return 0;
}

static void close_inputs(struct report *r)
{
	int i, j;

	for (i = 0; i < r->nin; i++) {
		struct input *in = &r->in[i];

		for (j = 0; j < in->nshow; j++)
			tep_filter_free(in->show[j]);
		for (j = 0; j < in->nhide; j++)
			tep_filter_free(in->hide[j]);
		free(in->show);
		free(in->hide);
		free(in->last_shown);
		tq_event_source_release(&in->src);
		if (in->plugins)
			tep_unload_plugins(in->plugins, in->td->tep);
		tq_td_close(in->td);
	}
}

/*
 * Width of the name before each line: the file names when there are several files, and
 * the instance names of the first `files` files. trace-cmd learns a file's instance names
 * only after printing its cpus= line, so those lines use a narrower width.
 */
static int name_width(const struct report *r, int files)
{
	int i, b, w = 0;

	for (i = 0; i < r->nin; i++) {
		const struct tq_tracedat *td = r->in[i].td;

		if (r->nin > 1 && (int)strlen(r->in[i].name) > w)
			w = strlen(r->in[i].name);
		for (b = 0; i < files && b < td->nbuffers; b++)
			if ((int)strlen(td->buffers[b].name) > w)
				w = strlen(td->buffers[b].name);
	}
	return w;
}

static void compute_width(struct report *r)
{
	bool any = r->nin > 1;
	int i, b;

	for (i = 0; i < r->nin; i++)
		for (b = 0; b < r->in[i].td->nbuffers; b++)
			if (r->in[i].td->buffers[b].name[0])
				any = true;
	r->pr.width = any ? name_width(r, r->nin) : 0;
}

static int build_merge(struct report *r, struct tq_td_merge **out)
{
	struct tq_td_merge *m;
	int i, b, e, err;

	err = tq_td_merge_new(&m);
	if (err)
		return error("%s", tq_errmsg(err));
	for (i = 0; i < r->nin; i++) {
		struct tq_tracedat *td = r->in[i].td;

		for (b = 0; b < td->nbuffers; b++) {
			/* trace-cmd's --cpu leaves the instances out altogether */
			if (td->buffers[b].latency || (b && r->cpu_set))
				continue;
			for (e = 0; e < td->buffers[b].nentries; e++) {
				struct tq_td_cursor *c;

				/*
				 * trace-cmd's graph printing looks at the next event among
				 * all CPUs, --cpu or not: read the others too, unshown
				 */
				if (!td->buffers[b].cpus[e].size ||
				    (!want_cpu(r, td->buffers[b].cpus[e].cpu) &&
				     r->in[i].src.graph.entry_id < 0))
					continue;
				err = tq_td_cursor_new(td, b, e, &c);
				if (!err)
					err = tq_td_merge_add(m, c, i);
				if (err) {
					tq_td_merge_free(m);
					return error("%s", tq_errmsg(err));
				}
			}
		}
	}
	*out = m;
	return 0;
}

/* A filter that holds no event at all matches everything, as in trace-cmd. */
static bool any_matches(struct tep_event_filter **f, int n, struct tep_record *rec)
{
	int i;

	for (i = 0; i < n; i++) {
		enum tep_errno e = tep_filter_match(f[i], rec);

		if (e == TEP_ERRNO__FILTER_MATCH || e == TEP_ERRNO__NO_FILTER)
			return true;
	}
	return false;
}

/*
 * What trace-cmd 3.1.6 shows with -F and -v -F: the events some -F matches, and a kernel
 * or user stack trace event while the last event that got past the -F options on its CPU
 * was shown; of those, the ones no -v -F matches. An event hidden by -F does not change
 * what was last shown on its CPU, so the stack trace of a hidden event that follows a
 * shown one (or its stack trace) is shown.
 */
static bool filtered_out(struct report *r, struct input *in, struct tq_td_event *ev)
{
	struct tep_record *rec = &ev->rec;
	int cpu = rec->cpu;
	bool hidden;

	if (r->no_hardirq || r->no_softirq) {
		int flags = tep_data_flags(in->td->tep, rec);

		if ((r->no_hardirq && (flags & TRACE_FLAG_HARDIRQ)) ||
		    (r->no_softirq && (flags & TRACE_FLAG_SOFTIRQ)))
			return true;
	}
	if (!in->nshow && !in->nhide)
		return false;
	if (in->nshow && !any_matches(in->show, in->nshow, rec)) {
		int id = tep_data_type(in->td->tep, rec);

		if ((id != in->kstack_id && id != in->ustack_id) || cpu < 0 ||
		    cpu >= in->nlast || !in->last_shown[cpu])
			return true;
	}
	hidden = any_matches(in->hide, in->nhide, rec);
	if (in->last_shown && cpu >= 0 && cpu < in->nlast)
		in->last_shown[cpu] = !hidden;
	return hidden;
}

/* "cpus=N", after the file's name when there are several files */
static void print_cpus(struct report *r, int i, int width)
{
	if (r->nin > 1)
		fprintf(r->out, "%*s: ", width, r->in[i].name);
	fprintf(r->out, "cpus=%d\n", r->in[i].td->ncpus);
}

static int print_header(struct report *r)
{
	int i, b;

	for (i = 0; i < r->nin; i++) {
		struct tq_tracedat *td = r->in[i].td;

		print_cpus(r, i, name_width(r, i));
		for (b = 0; b < td->nbuffers; b++)
			if (td->buffers[b].latency)
				fwrite(td->buffers[b].text, 1, td->buffers[b].text_len, r->out);
	}
	return 0;
}

/*
 * A funcgraph_entry whose own return comes next (on any CPU) prints as one line with it, as
 * in trace-cmd: look at the next event of the same file and buffer, and take it when it is
 * that return. *ev becomes a copy of the entry, which the look may overwrite. Returns 0 or
 * the reader's error (the entry is still printed, as not a leaf).
 */
static int graph_lookahead(struct report *r, struct tq_td_merge *m, struct tq_td_event **ev)
{
	struct input *in = &r->in[(*ev)->source];
	struct tq_td_event *next;
	size_t size = (*ev)->rec.size;
	int err;

	/* too short for its own fields (a damaged page): printed as it is, not a leaf */
	if (size < 8) {
		tq_fgraph_leaf(&in->src.graph, &(*ev)->rec, NULL);
		return 0;
	}
	if (size > r->held_cap) {
		void *n = realloc(r->held_data, size);

		if (!n)
			return tq_fail(ENOMEM, "out of memory");
		r->held_data = n;
		r->held_cap = size;
	}
	r->held = **ev;
	memcpy(r->held_data, (*ev)->rec.data, size);
	r->held.rec.data = r->held_data;
	*ev = &r->held;
	err = tq_td_merge_peek(m, &next);
	if (tq_fgraph_leaf(&in->src.graph, &r->held.rec, err > 0 ? &next->rec : NULL))
		tq_td_merge_drop(m, next);
	return err < 0 ? err : 0;
}

/*
 * --align-ts: times since the first event of all the files (shown or not), as trace-cmd
 * shows them. --raw-ts and --ts2secs are the reader's (tq_tracedat.raw_ts, .ts2secs): the
 * files merge by the times they show.
 */
static void shown_ts(struct report *r, struct tq_td_event *ev)
{
	if (r->align_ts) {
		if (!r->seen_first)
			r->first_ts = ev->rec.ts;
		r->seen_first = true;
		ev->rec.ts -= r->first_ts;
	}
}

/* --ts-check: the times shown, over all CPUs and files, never go back */
static void check_ts(struct report *r, int cpu, unsigned long long ts)
{
	if (r->last_ts > ts && !r->quiet)
		warning("record on cpu %d went backwards: %llu to %llu delta: -%llu", cpu,
			r->last_ts, ts, r->last_ts - ts);
	r->last_ts = ts;
}

/* A funcgraph_entry that trace-cmd's graph printing prints (-r and -n take it away). */
static bool graph_entry(struct input *in, struct tep_record *rec)
{
	struct tep_event *e;

	if (!tq_fgraph_is_entry(&in->src.graph, tep_data_type(in->td->tep, rec)))
		return false;
	e = tq_event_of(&in->src, rec);
	return e && !(e->flags & (TEP_EVENT_FL_NOHANDLE | TEP_EVENT_FL_PRINTRAW));
}

static int print_events(struct report *r)
{
	struct tq_td_merge *m = NULL;
	struct tq_td_event *ev;
	int err, look = 0;

	err = build_merge(r, &m);
	if (err)
		return err;
	while ((err = tq_td_merge_next(m, &ev)) > 0) {
		struct input *in = &r->in[ev->source];
		unsigned long long ts = ev->rec.ts;

		/* trace-cmd aligns no raw timestamps */
		if (r->align_ts && !r->raw_ts)
			shown_ts(r, ev);
		if (!want_cpu(r, ev->rec.cpu) || filtered_out(r, in, ev))
			continue;
		if (r->ts_check)
			check_ts(r, ev->rec.cpu, ts);
		if (!r->json && !r->raw && graph_entry(in, &ev->rec))
			look = graph_lookahead(r, m, &ev);
		if (r->json)
			tq_json_event(r->out, in->td->tep, &ev->rec, in->path,
				      in->td->buffers[ev->buffer].name, ev->missed);
		else
			tq_event_print(&r->pr, &in->src, &ev->rec, prefix_name(r, in, ev),
				       ev->missed);
		if (look < 0) {
			err = look;
			break;
		}
	}
	tq_event_printer_flush(&r->pr);
	tq_td_merge_free(m);
	free(r->held_data);
	if (err < 0) {
		fflush(r->out);
		return error("%s", tq_errmsg(err));
	}
	if (r->wakeup)
		tq_wakeup_summary(&r->wake, r->out);
	return 0;
}

/* --stat: the CPUSTAT texts and where each CPU's data is */
static int print_stat(struct report *r, struct input *in)
{
	struct tq_tracedat *td = in->td;
	const struct tq_td_buffer *b;
	uint64_t voff;
	int i, cpu, err;

	fprintf(r->out, "\nKernel buffer statistics:\n"
		"  Note: \"entries\" are the entries left in the kernel ring buffer and are not\n"
		"        recorded in the trace data. They should all be zero.\n\n");
	for (i = 0; i < td->noptions; i++) {
		const struct tq_td_option *o = &td->options[i];

		if (o->id != TQ_TD_OPT_CPUSTAT)
			continue;
		fprintf(r->out, "%.*s\n", (int)strnlen((const char *)o->data, o->size),
			(const char *)o->data);
	}
	fputc('\n', r->out);
	if (!td->nbuffers || td->buffers[0].latency)
		return 0;
	/*
	 * Every CPU up to the highest one with data, in CPU order: a v6 table lists them
	 * all, a v7 BUFFER option only those with data, and trace-cmd shows the others at
	 * offset 0 with 0 bytes. Compressed data is shown at the offsets of its
	 * decompressed copy, as trace-cmd does.
	 */
	b = &td->buffers[0];
	voff = b->page_size;
	for (cpu = 0; cpu < b->ncpus; cpu++) {
		unsigned long long off = 0;
		uint64_t usize = 0;

		for (i = 0; i < b->nentries && b->cpus[i].cpu != cpu; i++)
			;
		if (i < b->nentries) {
			err = tq_td_cpu_usize(td, 0, i, &usize);
			if (err)
				return error("%s", tq_errmsg(err));
			off = b->compressed ? voff : b->cpus[i].offset;
			voff += (usize + b->page_size - 1) / b->page_size * b->page_size;
		}
		fprintf(r->out, "CPU%d data recorded at offset=0x%llx\n    %llu bytes in size\n",
			cpu, off, (unsigned long long)usize);
	}
	return 0;
}

static void print_option_text(struct report *r, struct tq_tracedat *td, unsigned id)
{
	const struct tq_td_option *o = tq_td_find_option(td, id);

	if (o)
		fprintf(r->out, "%.*s\n", (int)strnlen((const char *)o->data, o->size),
			(const char *)o->data);
	else
		fprintf(r->out, "%s not found\n", id == TQ_TD_OPT_UNAME ? "uname" : "version");
}

static int compare_events(const void *a, const void *b)
{
	const struct tep_event *ea = *(const struct tep_event *const *)a;
	const struct tep_event *eb = *(const struct tep_event *const *)b;
	int c = strcmp(ea->system, eb->system);

	return c ? c : strcmp(ea->name, eb->name);
}

static int list_events(struct report *r, struct input *in)
{
	struct tep_handle *tep = in->td->tep;
	int n = tep_get_events_count(tep), i;
	struct tep_event **list = calloc(n ? n : 1, sizeof(*list));

	if (!list)
		return error("out of memory");
	for (i = 0; i < n; i++)
		list[i] = tep_get_event(tep, i);
	qsort(list, n, sizeof(*list), compare_events);
	for (i = 0; i < n; i++)
		fprintf(r->out, "%s:%s\n", list[i]->system, list[i]->name);
	free(list);
	return 0;
}

/* --cpus, --first-event, --last-event: the top buffer's CPUs with data */
static int list_cpus(struct report *r, struct input *in)
{
	struct tq_tracedat *td = in->td;
	const struct tq_td_buffer *b;
	int e, err;

	fprintf(r->out, "List of CPUs in %s with data:\n", in->path);
	if (!td->nbuffers || td->buffers[0].latency)
		return 0;
	b = &td->buffers[0];
	for (e = 0; e < b->nentries; e++) {
		struct tq_td_cursor *c;
		struct tq_td_event ev, last;
		char ts[48];
		int n = 0;

		if (!b->cpus[e].size)
			continue;
		err = tq_td_cursor_new(td, 0, e, &c);
		if (err)
			return error("%s", tq_errmsg(err));
		err = tq_td_cursor_next(c, &ev);
		if (err <= 0) {
			tq_td_cursor_free(c);
			if (err < 0)
				return error("%s", tq_errmsg(err));
			continue;
		}
		fprintf(r->out, "  %d", b->cpus[e].cpu);
		if (r->first_event) {
			tq_event_format_ts(&r->pr.style, td->clock_is_ns, ev.rec.ts, ts,
					   sizeof(ts));
			fprintf(r->out, "\tFirst event:%s", ts);
		}
		if (r->last_event) {
			last = ev;
			while ((n = tq_td_cursor_next(c, &ev)) > 0)
				last = ev;
			if (n < 0) {
				tq_td_cursor_free(c);
				return error("%s", tq_errmsg(n));
			}
			tq_event_format_ts(&r->pr.style, td->clock_is_ns, last.rec.ts, ts,
					   sizeof(ts));
			fprintf(r->out, "\tLast event:%s", ts);
		}
		fputc('\n', r->out);
		tq_td_cursor_free(c);
	}
	return 0;
}

/*
 * trace-cmd's -e (byte order), -f (kernel functions), -P (printk formats) and
 * --check-events (every format parsed): about the first file, instead of its events.
 */
static int print_file_facts(struct report *r, struct input *in)
{
	bool big = in->td->big_endian, host_big = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;

	if (r->check_events) {
		if (in->td->meta.format_failures)
			return error("%s: %d event formats cannot be parsed", in->path,
				     in->td->meta.format_failures);
		return 0;
	}
	if (r->endian) {
		fprintf(r->out, "file is %s endian and host is %s endian\n",
			big ? "big" : "little", host_big ? "big" : "little");
		return 0;
	}
	fflush(r->out);
	if (tq_td_load_kallsyms(in->td))
		return error("%s: cannot load its kernel symbols", in->path);
	/* libtraceevent's own listings, the ones trace-cmd prints */
	if (r->funcs_list)
		tep_print_funcs(in->td->tep);
	else
		tep_print_printk(in->td->tep);
	return 0;
}

static int run(struct report *r)
{
	int i, err;

	err = open_inputs(r);
	if (err)
		return err;
	compute_width(r);

	if (r->endian || r->funcs_list || r->printk_list || r->check_events)
		return print_file_facts(r, &r->in[0]);
	if (r->events)
		return list_events(r, &r->in[0]);
	if (r->first_event || r->last_event || r->cpus_only) {
		for (i = 0; i < r->nin; i++) {
			err = list_cpus(r, &r->in[i]);
			if (err)
				return err;
		}
		return 0;
	}
	/* each file's cpus= line, then its block; --version wins over --uname over --stat */
	if (r->stat || r->uname || r->version) {
		for (i = 0; i < r->nin; i++) {
			print_cpus(r, i, name_width(r, 0));
			if (r->uname && !r->version)
				print_option_text(r, r->in[i].td, TQ_TD_OPT_UNAME);
			if (r->uname || r->version) {
				print_option_text(r, r->in[i].td, TQ_TD_OPT_VERSION);
				continue;
			}
			err = print_stat(r, &r->in[i]);
			if (err)
				return err;
		}
		return 0;
	}
	if (!r->json)
		print_header(r);
	return print_events(r);
}

static int init_printer(struct report *r)
{
	struct tq_event_style style = {
		.ns = r->ns,
		.raw = r->raw,
		.latency = r->latency,
		.ts_diff = r->ts_diff,
		.slow = r->slow || r->json,
		.graph_tail = r->graph_tail,
		.graph_depth = r->graph_depth,
	};
	int err = tq_event_printer_init(&r->pr, r->out, &style);

	if (!err && r->wakeup) {
		r->pr.after = after_event;
		r->pr.after_arg = &r->wake;
	}
	return err;
}

int cmd_report(int argc, char **argv)
{
	struct report r = { .out = stdout, .loglevel = -1 };
	struct flame_opts flame = FLAME_OPTS_INIT;
	const struct option opts[] = {
		OPT_CALLBACK('i', "input", "FILE", "trace.dat file to read (repeatable)",
			     add_input),
		OPT_BOOL('t', NULL, &r.ns, "show timestamps in nanoseconds"),
		OPT_BOOL('R', NULL, &r.raw, "show the raw fields instead of the formatted text"),
		OPT_BOOL('l', NULL, &r.latency, "latency format (flags, preempt count)"),
		OPT_STRING(0, "cpu", &r.cpu_list, "LIST", "only these CPUs (e.g. 0,2-3)"),
		OPT_CALLBACK('F', "filter", "FILTER", "event filter (repeatable)", add_filter),
		OPT_CALLBACK_F('v', NULL, NULL, "the -F options after this hide what they match",
			       set_invert, OPT_NOARG),
		OPT_BOOL(0, "first-event", &r.first_event, "show each CPU's first event time"),
		OPT_BOOL(0, "last-event", &r.last_event, "show each CPU's last event time"),
		OPT_BOOL(0, "cpus", &r.cpus_only, "list the CPUs with data"),
		OPT_BOOL(0, "stat", &r.stat, "show the kernel buffer statistics"),
		OPT_BOOL(0, "uname", &r.uname, "show the uname of the recording machine"),
		OPT_BOOL(0, "version", &r.version, "show the trace-cmd version that recorded"),
		OPT_BOOL('E', NULL, &r.events, "list the events in the file"),
		OPT_BOOL(0, "ts-diff", &r.ts_diff, "show the time since the previous event"),
		OPT_BOOL(0, "json", &r.json, "one JSON object per event, fields typed"),
		OPT_BOOL('w', NULL, &r.wakeup, "show wakeup latencies"),
		OPT_CALLBACK('O', NULL, "PLUGIN:OPT[=VAL]", "a plugin option (fgraph:tailprint, "
			     "fgraph:depth, ...)", add_plugin_opt),
		OPT_BOOL(0, "slow", &r.slow, "format every event with libtraceevent only"),
		OPT_BOOL('I', NULL, &r.no_hardirq, "leave out events with the HARDIRQ flag set"),
		OPT_BOOL('S', NULL, &r.no_softirq, "leave out events with the SOFTIRQ flag set"),
		OPT_BOOL('e', NULL, &r.endian, "show the file's byte order"),
		OPT_BOOL('f', NULL, &r.funcs_list, "list the kernel functions (kallsyms) it holds"),
		OPT_BOOL('P', NULL, &r.printk_list, "list the printk formats it holds"),
		OPT_BOOL('N', NULL, &r.no_plugins, "load no libtraceevent plugins"),
		OPT_BOOL('L', NULL, &r.local_plugins, "load only the user's own plugins"),
		OPT_BOOL('q', "quiet", &r.quiet, "no warnings about the file"),
		OPT_BOOL(0, "nodate", &r.nodate, "ignore the wall-clock offset of record --date"),
		OPT_BOOL(0, "raw-ts", &r.raw_ts, "the ring buffer's timestamps, uncorrected"),
		OPT_BOOL(0, "align-ts", &r.align_ts, "times since each file's first event"),
		OPT_CALLBACK(0, "ts2secs", "HZ", "timestamps count at HZ: show them as seconds "
			     "(the previous -i's, or every file's)", set_ts2secs),
		OPT_CALLBACK(0, "ts-offset", "NS", "shift the times of the previous -i's file "
			     "(not the first's, as trace-cmd)", report_ts_offset),
		OPT_BOOL(0, "check-events", &r.check_events,
			 "exit 0 when every event format parses, else 1"),
		OPT_CALLBACK('r', NULL, "EVENT", "print the raw fields of the events or systems "
			     "this regex names (repeatable)", add_event_pattern),
		OPT_CALLBACK('n', NULL, "EVENT", "no plugin handler for the events or systems "
			     "this regex names (repeatable)", add_event_pattern),
		OPT_BOOL(0, "ts-check", &r.ts_check,
			 "warn when a time goes back from the one shown before"),
		OPT_CALLBACK_F('V', "verbose", "LEVEL", "log level 0-6 or none, crit, err, warn, "
			       "info (-V alone), debug, all: info lists the plugins loaded",
			       set_verbose, OPT_ATTACHED),
		FLAME_OPTIONS(&flame),
		OPT_END(),
	};
	int n, i, rc;

	n = parse_options(argc, argv, opts, report_usage, 0, &r);
	if (n < 0) {
		/* the options before the bad one may have collected inputs and filters */
		rc = parse_options_exit(n);
		goto out;
	}
	/* trace-cmd's levels below warn keep its warnings quiet */
	if (r.loglevel >= 0 && r.loglevel < TEP_LOG_WARNING)
		r.quiet = true;
	for (i = 0; i < n; i++)
		add_input(NULL, argv[i], &r);
	if (!r.nin)
		add_input(NULL, "trace.dat", &r);
	/* trace-cmd refuses it too: latencies across files would mix unrelated tasks */
	if (flame_wanted(&flame)) {
		rc = report_flame(&flame, &r.in[0].path, r.nin);
	} else if (r.wakeup && r.nin > 1) {
		rc = usage_error("-w (wakeup latency) reads one file, not %d", r.nin);
	} else if (r.cpu_list && parse_cpu_list(&r)) {
		rc = fail_usage();
	} else if (r.nplugin_opts && set_plugin_opts(&r)) {
		rc = fail_usage();
	} else if (init_printer(&r)) {
		rc = error("out of memory");
	} else {
		rc = run(&r) ? -1 : 0;
		tq_event_printer_release(&r.pr);
		if (fflush(r.out) && !rc)
			rc = error_errno("write error");
		close_inputs(&r);
		tq_func_state_free(&r.funcs);
	}
out:
	free(r.cpu_set);
	tq_wakeup_release(&r.wake);
	free(r.in);
	free(r.filters);
	free(r.plugin_opts);
	free(r.negated);
	free(r.filter_input);
	tq_strlist_release(&r.raw_events);
	tq_strlist_release(&r.nohandler_events);
	return rc;
}
