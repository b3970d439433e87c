/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CONFIG_OPTIONS_H
#define TQ_CONFIG_OPTIONS_H

#include "tracefs/config.h"
#include "parse-options.h"

/*
 * The trace-cmd core flags shared by `start`, `set` and `record`. As in trace-cmd, -B NAME
 * starts a new buffer: the flags after it configure that instance.
 */
struct config_set {
	struct tq_config *configs;	/* [0] is the top buffer */
	size_t nconfigs;
	bool negate;		/* -v: the -e after it disable, a -B after it (set) removes */
	bool may_remove;	/* set: -v -B NAME removes instance NAME, as trace-cmd set does */
	bool ignore_missing;	/* -i, for every buffer */
	bool total_disable;	/* -D: /proc/sys/kernel/ftrace_enabled 0 */
	char *module;		/* --module: -l/-n/-g after it name FUNC:mod:MODULE */
	bool funcs_given;	/* a -l/-n/-g came after --module */
};

void config_set_init(struct config_set *set);
void config_set_release(struct config_set *set);
/*
 * After parsing: what trace-cmd does at the end of its option loop (--module alone
 * filters on the whole module; -i applies to every buffer). 0 or -1 after an error.
 */
int config_set_finish(struct config_set *set);
/* "-d 5" / "-d5", tq's old duration: refused, naming --duration. -1 after the message. */
int config_check_old_duration(int argc, char **argv);
/*
 * -D: write /proc/sys/kernel/ftrace_enabled; *old (may be NULL) gets what it held, to put
 * back. 0, or the exit code after the message (TQ_EXIT_UNSUPPORTED where it is refused).
 */
int config_ftrace_enabled(const char *value, char **old);
/* the buffer the flags currently apply to */
struct tq_config *config_set_current(struct config_set *set);

int config_opt_event(const struct option *opt, const char *arg, void *ctx);
int config_opt_filter(const struct option *opt, const char *arg, void *ctx);
int config_opt_trigger(const struct option *opt, const char *arg, void *ctx);
int config_opt_tracer(const struct option *opt, const char *arg, void *ctx);
int config_opt_func_filter(const struct option *opt, const char *arg, void *ctx);
int config_opt_func_notrace(const struct option *opt, const char *arg, void *ctx);
int config_opt_pid(const struct option *opt, const char *arg, void *ctx);
int config_opt_clock(const struct option *opt, const char *arg, void *ctx);
int config_opt_buffer(const struct option *opt, const char *arg, void *ctx);
int config_opt_option(const struct option *opt, const char *arg, void *ctx);
int config_opt_cpumask(const struct option *opt, const char *arg, void *ctx);
int config_opt_instance(const struct option *opt, const char *arg, void *ctx);
int config_opt_graph_func(const struct option *opt, const char *arg, void *ctx);
int config_opt_graph_depth(const struct option *opt, const char *arg, void *ctx);
int config_opt_stacktrace(const struct option *opt, const char *arg, void *ctx);
int config_opt_negate(const struct option *opt, const char *arg, void *ctx);
int config_opt_ignore(const struct option *opt, const char *arg, void *ctx);
int config_opt_no_ftrace(const struct option *opt, const char *arg, void *ctx);
int config_opt_total_disable(const struct option *opt, const char *arg, void *ctx);
int config_opt_func_stack(const struct option *opt, const char *arg, void *ctx);
int config_opt_module(const struct option *opt, const char *arg, void *ctx);

/*
 * Plan configs[i] (tq_config_plan()), printing its notes as warnings. Returns 0, or the exit
 * code after printing the error (TQ_EXIT_UNSUPPORTED for what the kernel lacks).
 */
int config_plan_one(struct config_set *set, size_t i, struct tq_tracefs *tfs,
		    struct tq_plan *plan);

/* The options table entries; ctx passed to parse_options() must be a struct config_set *. */
#define CONFIG_OPTIONS \
	OPT_CALLBACK('e', "event", "EVENT", "enable EVENT: sys, sys:event, sys/event, a glob, or all", \
		     config_opt_event), \
	OPT_CALLBACK('f', "filter", "FILTER", "filter for the preceding -e", config_opt_filter), \
	OPT_CALLBACK('R', "trigger", "TRIGGER", "trigger for the preceding -e", \
		     config_opt_trigger), \
	OPT_CALLBACK('p', "tracer", "TRACER", "set the tracer (function, nop, ...)", \
		     config_opt_tracer), \
	OPT_CALLBACK('l', "func-filter", "FUNC", "trace only FUNC (function tracer)", \
		     config_opt_func_filter), \
	OPT_CALLBACK('n', "func-notrace", "FUNC", "do not trace FUNC (function tracer)", \
		     config_opt_func_notrace), \
	OPT_CALLBACK('g', "graph-function", "FUNC", "function_graph: only FUNC and its callees", \
		     config_opt_graph_func), \
	OPT_CALLBACK(0, "max-graph-depth", "N", "function_graph: at most N levels deep", \
		     config_opt_graph_depth), \
	OPT_CALLBACK_F('T', "stacktrace", NULL, "a kernel stack trace after every event", \
		       config_opt_stacktrace, OPT_NOARG), \
	OPT_CALLBACK('P', "pid", "PID", "trace only PID (repeatable)", config_opt_pid), \
	OPT_CALLBACK('C', "clock", "CLOCK", "set the trace clock", config_opt_clock), \
	OPT_CALLBACK('b', "buffer-size", "KB", "per-CPU buffer size in KiB", config_opt_buffer), \
	OPT_CALLBACK('O', "option", "[no]OPTION", "set or clear a trace option", \
		     config_opt_option), \
	OPT_CALLBACK('M', "cpumask", "CPUMASK", "trace only these CPUs (hex mask)", \
		     config_opt_cpumask), \
	OPT_CALLBACK('B', "instance", "NAME", "the flags after this configure instance NAME", \
		     config_opt_instance), \
	OPT_CALLBACK_F('v', "negate", NULL, "the -e after this disable events (set: -B removes)", \
		       config_opt_negate, OPT_NOARG), \
	OPT_CALLBACK_F('i', "ignore-missing", NULL, "an -e that names no event is skipped", \
		       config_opt_ignore, OPT_NOARG), \
	OPT_CALLBACK_F('d', "no-function-trace", NULL, \
		       "latency tracers trace no functions (options/function-trace 0)", \
		       config_opt_no_ftrace, OPT_NOARG), \
	OPT_CALLBACK_F('D', "total-disable", NULL, \
		       "-d, and ftrace off for all users (/proc/sys/kernel/ftrace_enabled)", \
		       config_opt_total_disable, OPT_NOARG), \
	OPT_CALLBACK_F(0, "func-stack", NULL, "a stack trace after every filtered function (-l)", \
		       config_opt_func_stack, OPT_NOARG), \
	OPT_CALLBACK(0, "module", "MODULE", "-l/-n/-g after this: FUNC:mod:MODULE (alone: all of it)", \
		     config_opt_module)

#endif
