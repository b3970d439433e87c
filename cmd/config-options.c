// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing of the trace-cmd core flags shared by start, set and record. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "config-options.h"
#include "util/diag.h"
#include "util/strlist.h"
#include "tracefs/access.h"

void config_set_init(struct config_set *set)
{
	memset(set, 0, sizeof(*set));
}

void config_set_release(struct config_set *set)
{
	size_t i;

	for (i = 0; i < set->nconfigs; i++)
		tq_config_release(&set->configs[i]);
	free(set->configs);
	free(set->module);
	config_set_init(set);
}

struct tq_config *config_set_current(struct config_set *set)
{
	if (!set->nconfigs) {
		set->configs = calloc(1, sizeof(*set->configs));
		if (!set->configs)
			return NULL;
		tq_config_init(&set->configs[0]);
		set->nconfigs = 1;
	}
	return &set->configs[set->nconfigs - 1];
}

static struct tq_config *current(void *ctx)
{
	struct tq_config *cfg = config_set_current(ctx);

	if (!cfg)
		error("out of memory");
	return cfg;
}

static int check(int ret)
{
	return ret ? error("%s", tq_errmsg(ret)) : 0;
}

static int set_once(char **slot, const char *arg, const char *flag)
{
	if (*slot)
		return error("%s given twice ('%s' and '%s')", flag, *slot, arg);
	*slot = strdup(arg);
	return *slot ? 0 : error("out of memory");
}

int config_plan_one(struct config_set *set, size_t i, struct tq_tracefs *tfs,
		    struct tq_plan *plan)
{
	struct tq_strlist notes;
	int ret;

	tq_strlist_init(&notes);
	ret = tq_config_plan(&set->configs[i], tfs, plan, &notes);
	for (size_t n = 0; n < notes.len; n++)
		warning("%s", notes.items[n]);
	tq_strlist_release(&notes);
	if (!ret)
		return 0;
	error("%s", tq_errmsg(ret));
	return ret == -EOPNOTSUPP ? fail_unsupported() : -1;
}

int config_opt_event(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg;

	/* no event starts with '-': "-e --print" lost its event, it does not name one */
	if (arg[0] == '-')
		return error("-e needs an event (sys, sys:event, a glob or all), but '%s' follows "
			     "it", arg);
	cfg = current(ctx);
	if (!cfg || check(tq_config_add_event(cfg, arg)))
		return -1;
	cfg->events[cfg->nevents - 1].negate = ((struct config_set *)ctx)->negate;
	return 0;
}

int config_opt_filter(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? check(tq_config_set_filter(cfg, arg)) : -1;
}

int config_opt_trigger(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? check(tq_config_add_trigger(cfg, arg)) : -1;
}

int config_opt_tracer(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? set_once(&cfg->tracer, arg, "-p") : -1;
}

/* A function name for -l/-n/-g: FUNC:mod:MODULE after --module, as trace-cmd writes it. */
static int add_func(struct config_set *set, char ***list, size_t *n, const char *func)
{
	char *full;
	int ret;

	if (!set->module)
		return check(tq_config_add_string(list, n, func));
	set->funcs_given = true;
	if (asprintf(&full, "%s:mod:%s", func, set->module) < 0)
		return error("out of memory");
	ret = check(tq_config_add_string(list, n, full));
	free(full);
	return ret;
}

int config_opt_func_filter(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? add_func(ctx, &cfg->func_filter, &cfg->nfunc_filter, arg) : -1;
}

int config_opt_func_notrace(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? add_func(ctx, &cfg->func_notrace, &cfg->nfunc_notrace, arg) : -1;
}

int config_opt_pid(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? check(tq_config_add_pid(cfg, arg)) : -1;
}

int config_opt_clock(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? set_once(&cfg->clock, arg, "-C") : -1;
}

#define TQ_BUFFER_KB_MAX (1L << 30)

int config_opt_buffer(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);
	char *end;
	long kb;

	if (!cfg)
		return -1;
	errno = 0;
	kb = strtol(arg, &end, 10);
	if (end == arg || *end || kb <= 0 || (errno && errno != ERANGE))
		return error("buffer size '%s' must be a positive number of KiB (per CPU)", arg);
	/* 1 TiB per CPU: far beyond any machine's memory, and within every long */
	if (errno == ERANGE || kb > TQ_BUFFER_KB_MAX)
		return error("buffer size '%s' is too large: -b takes 1 to %ld KiB (per CPU)", arg,
			     TQ_BUFFER_KB_MAX);
	cfg->buffer_kb = kb;
	return 0;
}

int config_opt_option(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	if (!cfg)
		return -1;
	if (!*arg)
		return error("-O needs an option name (see 'tq list -o')");
	return check(tq_config_add_string(&cfg->options, &cfg->noptions, arg));
}

int config_opt_cpumask(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? set_once(&cfg->cpumask, arg, "-M") : -1;
}

int config_opt_instance(const struct option *opt, const char *arg, void *ctx)
{
	struct config_set *set = ctx;
	struct tq_config *grown;
	size_t i;

	if (tq_instance_name_check(arg))
		return error("%s", tq_errmsg(-EINVAL));
	if (!config_set_current(set))
		return error("out of memory");
	for (i = 1; i < set->nconfigs; i++)
		if (!strcmp(set->configs[i].instance, arg))
			return error("instance '%s' given twice", arg);
	grown = realloc(set->configs, (set->nconfigs + 1) * sizeof(*grown));
	if (!grown)
		return error("out of memory");
	set->configs = grown;
	tq_config_init(&grown[set->nconfigs]);
	grown[set->nconfigs].instance = strdup(arg);
	if (!grown[set->nconfigs].instance)
		return error("out of memory");
	/* as trace-cmd: -v ends at -B, which it marks for removal with set only */
	grown[set->nconfigs].remove = set->negate && set->may_remove;
	set->negate = false;
	set->nconfigs++;
	return 0;
}

int config_opt_graph_func(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	return cfg ? add_func(ctx, &cfg->graph_funcs, &cfg->ngraph_funcs, arg) : -1;
}

int config_opt_graph_depth(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);
	char *end;
	long depth;

	if (!cfg)
		return -1;
	errno = 0;
	depth = strtol(arg, &end, 10);
	if (errno || end == arg || *end || depth <= 0 || depth > 1000)
		return error("graph depth '%s' must be a number from 1 to 1000", arg);
	cfg->max_graph_depth = (int)depth;
	return 0;
}

int config_opt_stacktrace(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	if (!cfg)
		return -1;
	cfg->stacktrace = true;
	return 0;
}

int config_opt_negate(const struct option *opt, const char *arg, void *ctx)
{
	((struct config_set *)ctx)->negate = true;
	return 0;
}

int config_opt_ignore(const struct option *opt, const char *arg, void *ctx)
{
	((struct config_set *)ctx)->ignore_missing = true;
	return 0;
}

int config_opt_no_ftrace(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	if (!cfg)
		return -1;
	cfg->no_function_trace = true;
	return 0;
}

int config_opt_total_disable(const struct option *opt, const char *arg, void *ctx)
{
	((struct config_set *)ctx)->total_disable = true;
	return config_opt_no_ftrace(opt, arg, ctx);
}

int config_opt_func_stack(const struct option *opt, const char *arg, void *ctx)
{
	struct tq_config *cfg = current(ctx);

	if (!cfg)
		return -1;
	cfg->func_stack = true;
	return 0;
}

int config_opt_module(const struct option *opt, const char *arg, void *ctx)
{
	struct config_set *set = ctx;
	struct tq_config *cfg = current(ctx);

	if (!cfg)
		return -1;
	if (!*arg || strchr(arg, ':') || strchr(arg, ' '))
		return error("--module needs a module name (see /proc/modules), not '%s'", arg);
	/* as trace-cmd: a module that filtered nothing becomes "*:mod:MODULE" */
	if (set->module && !set->funcs_given &&
	    add_func(set, &cfg->func_filter, &cfg->nfunc_filter, "*"))
		return -1;
	free(set->module);
	set->funcs_given = false;
	set->module = strdup(arg);
	return set->module ? 0 : error("out of memory");
}

static bool removed_only(struct tq_config *cfg)
{
	bool empty;

	cfg->remove = false;
	empty = tq_config_empty(cfg);
	cfg->remove = true;
	return empty;
}

int config_set_finish(struct config_set *set)
{
	struct tq_config *cfg = config_set_current(set);

	if (!cfg)
		return error("out of memory");
	if (set->module && !set->funcs_given &&
	    add_func(set, &cfg->func_filter, &cfg->nfunc_filter, "*"))
		return -1;
	for (size_t i = 0; i < set->nconfigs; i++) {
		set->configs[i].ignore_missing = set->ignore_missing;
		if (set->configs[i].remove && !removed_only(&set->configs[i]))
			return usage_error("instance '%s' is removed (-v -B %s): no other flags may "
					   "follow it", set->configs[i].instance,
					   set->configs[i].instance);
	}
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int config_check_old_duration(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *n = NULL;

		if (!strcmp(argv[i], "-d") && i + 1 < argc && all_digits(argv[i + 1]))
			n = argv[i + 1];
		else if (!strncmp(argv[i], "-d", 2) && all_digits(argv[i] + 2))
			n = argv[i] + 2;
		if (n)
			return usage_error("-d now means what it does in trace-cmd (options/function-trace "
					   "0 while tracing): to stop after %s seconds, use "
					   "--duration %s", n, n);
	}
	return 0;
}

int config_ftrace_enabled(const char *value, char **old)
{
	static const char path[] = "/proc/sys/kernel/ftrace_enabled";
	char buf[16] = "";
	ssize_t n;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0 && (errno == ENOENT))
		return unsupported("-D needs '%s', which this kernel lacks (no function tracer)",
				   path);
	if (fd < 0 && (errno == EPERM || errno == EACCES))
		return unsupported("-D cannot write '%s' here: %s", path, strerror(errno));
	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	if (n >= 0 && old) {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		*old = strdup(buf);
	}
	if (n < 0 || lseek(fd, 0, SEEK_SET) < 0 || write(fd, value, strlen(value)) < 0) {
		int err = errno;

		close(fd);
		if (err == EPERM || err == EACCES)
			return unsupported("-D cannot write '%s' here: %s", path, strerror(err));
		return error("cannot write '%s': %s", path, strerror(err));
	}
	close(fd);
	return 0;
}
