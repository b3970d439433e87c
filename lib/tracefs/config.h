/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_CONFIG_H
#define TQ_TRACEFS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct tq_tracefs;
struct tq_plan;
struct tq_strlist;

/*
 * What the user asked one buffer (the top one or an instance) to look like: the
 * trace-cmd core flags -e -f -R -p -l -n -P -C -b -O -M. tq_config_plan() checks it
 * against a tracefs and turns it into plan steps; nothing here touches tracefs.
 */
struct tq_event_sel {
	char *spec;		/* as written: "sched", "sched:sched_switch", "sys/ev", a glob, "all" */
	char *filter;		/* -f that followed this -e, or NULL */
	char **triggers;	/* -R that followed this -e */
	size_t ntriggers;
	bool negate;		/* after -v: the event is disabled (written 0 after the enables) */
};

struct tq_config {
	char *instance;		/* -B NAME; NULL for the top buffer */
	struct tq_event_sel *events;
	size_t nevents;
	char *tracer;		/* -p */
	char **func_filter;	/* -l */
	size_t nfunc_filter;
	char **func_notrace;	/* -n */
	size_t nfunc_notrace;
	char **graph_funcs;	/* -g: function_graph only from these */
	size_t ngraph_funcs;
	int max_graph_depth;	/* --max-graph-depth; 0 leaves it alone */
	bool stacktrace;	/* -T: a stack trace after every event */
	int *pids;		/* -P: events and the function tracers */
	size_t npids;
	int pid_forks;		/* new children of the pids: 1 traced too (record -c), -1 not,
				 * 0 options/event-fork and function-fork left alone */
	char *clock;		/* -C */
	long buffer_kb;		/* -b; 0 leaves it alone */
	char **options;		/* -O name / -O noname */
	size_t noptions;
	char *cpumask;		/* -M, hex as tracing_cpumask takes it */
	bool ignore_missing;	/* -i: an -e that matches no event is a note, not an error */
	bool no_function_trace;	/* -d: options/function-trace 0 while tracing */
	bool func_stack;	/* --func-stack: options/func_stack_trace, needs -l */
	bool remove;		/* set -v -B NAME: remove the instance */
};

void tq_config_init(struct tq_config *cfg);
void tq_config_release(struct tq_config *cfg);

/* Builders used by the option parsers; 0 or -ENOMEM / -EINVAL (with tq_errmsg). */
int tq_config_add_event(struct tq_config *cfg, const char *spec);
/* -f / -R apply to the last -e; -EINVAL when there is none. */
int tq_config_set_filter(struct tq_config *cfg, const char *filter);
int tq_config_add_trigger(struct tq_config *cfg, const char *trigger);
int tq_config_add_string(char ***list, size_t *n, const char *s);
int tq_config_add_pid(struct tq_config *cfg, const char *pid);

bool tq_config_empty(const struct tq_config *cfg);

/*
 * Check cfg against tfs (events, tracers, clocks, options, CPUs exist; function-tracer
 * files are usable) and append the steps that apply it to plan: instance mkdir, buffer size,
 * clock, options, cpumask, pids, tracer and function filters, filters, triggers, and
 * finally the event enables. Nothing is written. Errors name the culprit and suggest the
 * nearest valid name; -EOPNOTSUPP marks a feature the kernel or sandbox does not allow.
 *
 * What was left out on purpose is added to notes (may be NULL), one sentence each, for the
 * command to show: the events of a selection that lack a filter's fields, a forbidden
 * set_ftrace_pid that -P could not use.
 */
int tq_config_plan(const struct tq_config *cfg, struct tq_tracefs *tfs, struct tq_plan *plan,
		   struct tq_strlist *notes);

/*
 * Expand an event spec to "system/event" names present in tfs (under instance, NULL for the
 * top). Returns the count (>= 0) with *names malloc'd (free each and the array), or a
 * negative errno with a "did you mean" message when nothing matches.
 */
int tq_expand_events(struct tq_tracefs *tfs, const char *instance, const char *spec,
		     char ***names);

/* The system, SYSTEM:EVENT or event name of tfs nearest to word (a typo of one), malloc'd;
 * NULL when none is near. */
char *tq_suggest_event_name(struct tq_tracefs *tfs, const char *word);

#endif
