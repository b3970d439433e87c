// SPDX-License-Identifier: GPL-2.0-or-later
/* From the trace-cmd core flags to plan steps, checked against a tracefs. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "plan.h"
#include "strlist.h"
#include "suggest.h"
#include "tracefs.h"

void tq_config_init(struct tq_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

static void free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void tq_config_release(struct tq_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nevents; i++) {
		free(cfg->events[i].spec);
		free(cfg->events[i].filter);
		free_list(cfg->events[i].triggers, cfg->events[i].ntriggers);
	}
	free(cfg->events);
	free(cfg->instance);
	free(cfg->tracer);
	free_list(cfg->func_filter, cfg->nfunc_filter);
	free_list(cfg->func_notrace, cfg->nfunc_notrace);
	free_list(cfg->graph_funcs, cfg->ngraph_funcs);
	free(cfg->pids);
	free(cfg->clock);
	free_list(cfg->options, cfg->noptions);
	free(cfg->cpumask);
	tq_config_init(cfg);
}

int tq_config_add_string(char ***list, size_t *n, const char *s)
{
	char **grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown)
		return -ENOMEM;
	*list = grown;
	grown[*n] = strdup(s);
	if (!grown[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

int tq_config_add_event(struct tq_config *cfg, const char *spec)
{
	struct tq_event_sel *ev = realloc(cfg->events, (cfg->nevents + 1) * sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	cfg->events = ev;
	ev += cfg->nevents;
	memset(ev, 0, sizeof(*ev));
	ev->spec = strdup(spec);
	if (!ev->spec)
		return -ENOMEM;
	cfg->nevents++;
	return 0;
}

int tq_config_set_filter(struct tq_config *cfg, const char *filter)
{
	struct tq_event_sel *ev;

	if (!cfg->nevents)
		return tq_fail(EINVAL, "filter '%s' must follow the -e EVENT it applies to", filter);
	ev = &cfg->events[cfg->nevents - 1];
	if (ev->filter)
		return tq_fail(EINVAL, "event '%s' already has the filter '%s'; combine them "
			       "with && in one -f", ev->spec, ev->filter);
	ev->filter = strdup(filter);
	return ev->filter ? 0 : -ENOMEM;
}

int tq_config_add_trigger(struct tq_config *cfg, const char *trigger)
{
	struct tq_event_sel *ev;

	if (!cfg->nevents)
		return tq_fail(EINVAL, "trigger '%s' must follow the -e EVENT it applies to",
			       trigger);
	ev = &cfg->events[cfg->nevents - 1];
	return tq_config_add_string(&ev->triggers, &ev->ntriggers, trigger);
}

int tq_config_add_pid(struct tq_config *cfg, const char *pid)
{
	char *end;
	long v = strtol(pid, &end, 10);
	int *pids;

	if (end == pid || *end || v < 0 || v > 4194304)
		return tq_fail(EINVAL, "'%s' is not a process id", pid);
	pids = realloc(cfg->pids, (cfg->npids + 1) * sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	cfg->pids = pids;
	pids[cfg->npids++] = (int)v;
	return 0;
}

bool tq_config_empty(const struct tq_config *cfg)
{
	return !cfg->nevents && !cfg->tracer && !cfg->nfunc_filter && !cfg->nfunc_notrace &&
	       !cfg->ngraph_funcs && !cfg->max_graph_depth && !cfg->stacktrace && !cfg->npids &&
	       !cfg->clock && !cfg->buffer_kb && !cfg->noptions && !cfg->cpumask;
}

/* ---- events ------------------------------------------------------------------------- */

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool name_matches(const char *pattern, const char *name)
{
	return has_glob(pattern) ? fnmatch(pattern, name, 0) == 0 : strcmp(pattern, name) == 0;
}

/* Every "system/event" under events/, sorted. */
static int list_all_events(struct tq_tracefs *tfs, struct tq_strlist *out)
{
	char *events_dir = tq_tracefs_path(tfs, "events");
	struct dirent **systems = NULL;
	int nsys, i, ret = 0;

	if (!events_dir)
		return -ENOMEM;
	nsys = scandir(events_dir, &systems, NULL, alphasort);
	if (nsys < 0) {
		ret = tq_fail(errno, "cannot list '%s': %s", events_dir, strerror(errno));
		free(events_dir);
		return ret;
	}
	for (i = 0; i < nsys; i++) {
		struct dirent **evs = NULL;
		char *sys_dir;
		int nev, j;

		if (systems[i]->d_name[0] == '.' ||
		    asprintf(&sys_dir, "%s/%s", events_dir, systems[i]->d_name) < 0)
			continue;
		nev = scandir(sys_dir, &evs, NULL, alphasort);
		for (j = 0; j < nev; j++) {
			char *rel;

			if (evs[j]->d_name[0] != '.' &&
			    asprintf(&rel, "events/%s/%s/format", systems[i]->d_name,
				     evs[j]->d_name) >= 0) {
				if (tq_tracefs_exists(tfs, rel) && !ret) {
					char *name;

					if (asprintf(&name, "%s/%s", systems[i]->d_name,
						     evs[j]->d_name) < 0)
						ret = -ENOMEM;
					else
						ret = tq_strlist_take(out, name);
				}
				free(rel);
			}
			free(evs[j]);
		}
		free(evs);
		free(sys_dir);
	}
	for (i = 0; i < nsys; i++)
		free(systems[i]);
	free(systems);
	free(events_dir);
	return ret;
}

static char *suggest_event(const struct tq_strlist *all, const char *spec)
{
	struct tq_strlist names;
	const char *near;
	char *result = NULL;
	size_t i;

	/* offer the system, "system:event" and the bare event name, whichever is closest */
	tq_strlist_init(&names);
	for (i = 0; i < all->len; i++) {
		const char *slash = strchr(all->items[i], '/');
		char *colon;

		if (asprintf(&colon, "%.*s:%s", (int)(slash - all->items[i]), all->items[i],
			     slash + 1) < 0)
			break;
		tq_strlist_take(&names, colon);
		tq_strlist_add(&names, slash + 1);
		if (i == 0 || strncmp(all->items[i - 1], all->items[i], slash - all->items[i] + 1))
			tq_strlist_take(&names, strndup(all->items[i], slash - all->items[i]));
	}
	near = tq_suggest(spec, (const char *const *)names.items, names.len);
	if (near)
		result = strdup(near);
	tq_strlist_release(&names);
	return result;
}

int tq_expand_events(struct tq_tracefs *tfs, const char *instance, const char *spec,
		     char ***names)
{
	struct tq_strlist all, out;
	char *sys = NULL, *ev = NULL, *near;
	const char *sep;
	size_t i;
	int ret;

	(void)instance; /* instances carry the same events as the top buffer */
	*names = NULL;
	tq_strlist_init(&all);
	tq_strlist_init(&out);
	ret = list_all_events(tfs, &all);
	if (ret)
		goto out;
	sep = strpbrk(spec, ":/");
	if (sep) {
		sys = strndup(spec, sep - spec);
		ev = strdup(*(sep + 1) ? sep + 1 : "*");
		if (!sys || !ev) {
			ret = -ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < all.len && !ret; i++) {
		const char *name = all.items[i];
		const char *slash = strchr(name, '/');
		char *this_sys = strndup(name, slash - name);
		bool match;

		if (!this_sys) {
			ret = -ENOMEM;
			break;
		}
		if (!strcmp(spec, "all"))
			match = true;
		else if (sep)
			match = name_matches(sys, this_sys) && name_matches(ev, slash + 1);
		else /* a bare word names a system, or else events of that name in any system */
			match = name_matches(spec, this_sys) || name_matches(spec, slash + 1);
		if (match)
			ret = tq_strlist_add(&out, name);
		free(this_sys);
	}
	if (ret)
		goto out;
	if (!out.len) {
		near = suggest_event(&all, spec);
		if (near)
			ret = tq_fail(ENOENT, "no event matches '%s'; did you mean '%s'?", spec, near);
		else
			ret = tq_fail(ENOENT, "no event matches '%s' (see 'tq list -e')", spec);
		free(near);
		goto out;
	}
	ret = (int)out.len;
	*names = out.items;
	out.items = NULL;
	out.len = 0;
out:
	free(sys);
	free(ev);
	tq_strlist_release(&all);
	tq_strlist_release(&out);
	return ret;
}

/* ---- checks of single settings ------------------------------------------------------ */

/* Is word one of the whitespace-separated words of file (brackets stripped)? */
static int file_lists(struct tq_tracefs *tfs, const char *file, const char *word,
		      struct tq_strlist *words)
{
	char *text, *tok, *save = NULL;
	int ret = tq_tracefs_read(tfs, file, &text, NULL);
	int found = 0;

	if (ret)
		return ret;
	for (tok = strtok_r(text, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		size_t n = strlen(tok);

		if (tok[0] == '[' && n > 1 && tok[n - 1] == ']') {
			tok[n - 1] = '\0';
			tok++;
		}
		if (!strcmp(tok, word))
			found = 1;
		if (words)
			tq_strlist_add(words, tok);
	}
	free(text);
	return found;
}

static int check_listed(struct tq_tracefs *tfs, const char *file, const char *what,
			const char *value, const char *list_cmd)
{
	struct tq_strlist words;
	const char *near;
	int ret;

	tq_strlist_init(&words);
	ret = file_lists(tfs, file, value, &words);
	if (ret == 0) {
		near = tq_suggest(value, (const char *const *)words.items, words.len);
		if (near)
			ret = tq_fail(ENOENT, "unknown %s '%s'; did you mean '%s'?", what, value,
				      near);
		else
			ret = tq_fail(ENOENT, "unknown %s '%s' (see '%s')", what, value, list_cmd);
	} else if (ret == 1) {
		ret = 0;
	}
	tq_strlist_release(&words);
	return ret;
}

static int count_cpus(struct tq_tracefs *tfs)
{
	char rel[32];
	int n = 0;

	for (;;) {
		snprintf(rel, sizeof(rel), "per_cpu/cpu%d", n);
		if (!tq_tracefs_is_dir(tfs, rel))
			return n;
		n++;
	}
}

static int check_cpumask(struct tq_tracefs *tfs, const char *mask)
{
	int ncpus = count_cpus(tfs);
	int bit = 0, highest = -1;
	size_t i, len = strlen(mask);

	if (!len)
		return tq_fail(EINVAL, "empty cpumask: give a hex mask such as 3 for CPUs 0-1");
	for (i = len; i-- > 0;) {
		int c = mask[i], v;

		if (c == ',')
			continue;
		if (!isxdigit(c))
			return tq_fail(EINVAL, "cpumask '%s' is not hexadecimal (CPUs 0-1 are '3')",
				       mask);
		v = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		for (int b = 0; b < 4; b++, bit++)
			if (v & (1 << b))
				highest = bit;
	}
	if (highest < 0)
		return tq_fail(EINVAL, "cpumask '%s' selects no CPU", mask);
	if (ncpus > 0 && highest >= ncpus)
		return tq_fail(EINVAL, "cpumask '%s' names CPU %d, but this machine has CPUs 0-%d",
			       mask, highest, ncpus - 1);
	return 0;
}

/*
 * The function tracer's control files: on some kernels or sandboxes (this project's CI
 * host among them) even opening them fails with EPERM. Say so instead of failing later.
 */
static int check_ftrace_file(struct tq_tracefs *tfs, const char *dir, const char *file,
			     const char *flag)
{
	char rel[512];
	char *text;
	int ret;

	snprintf(rel, sizeof(rel), "%s%s", dir, file);
	ret = tq_tracefs_read(tfs, rel, &text, NULL);
	if (ret == 0) {
		free(text);
		return 0;
	}
	if (ret == -ENOENT)
		return tq_fail(EOPNOTSUPP, "%s needs '%s', which this kernel lacks", flag, file);
	if (ret == -EPERM || ret == -EACCES)
		return tq_fail(EOPNOTSUPP, "%s needs '%s', which this kernel or sandbox "
			       "forbids (%s)", flag, file, strerror(-ret));
	return ret;
}

/* ---- the plan ----------------------------------------------------------------------- */

static char *join(char **items, size_t n)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(items[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, items[i]);
	}
	return s;
}

static int plan_list_write(struct tq_plan *plan, const char *dir, const char *file,
			   char **items, size_t n)
{
	char *text = join(items, n);
	char rel[512];
	int ret;

	if (!text)
		return -ENOMEM;
	snprintf(rel, sizeof(rel), "%s%s", dir, file);
	ret = tq_plan_write(plan, rel, text, 0);
	free(text);
	return ret;
}

static bool spec_is_system(struct tq_tracefs *tfs, const char *spec)
{
	char rel[512];
	const char *sep = strpbrk(spec, ":/");

	if (has_glob(spec))
		return false;
	if (sep) {
		/* "sched:" or "sched:*" select a whole system */
		if (strcmp(sep + 1, "") && strcmp(sep + 1, "*"))
			return false;
		snprintf(rel, sizeof(rel), "events/%.*s", (int)(sep - spec), spec);
	} else {
		snprintf(rel, sizeof(rel), "events/%s", spec);
	}
	return tq_tracefs_exists(tfs, rel) && tq_tracefs_is_dir(tfs, rel);
}

static int plan_event(struct tq_tracefs *tfs, const char *dir, const struct tq_event_sel *sel,
		      struct tq_plan *filters, struct tq_plan *enables)
{
	char **names = NULL;
	char rel[1024], origin[1024];
	int n, i, ret = 0;
	size_t t;

	n = tq_expand_events(tfs, NULL, sel->spec, &names);
	if (n < 0)
		return n;
	for (i = 0; i < n && !ret; i++) {
		if (sel->filter) {
			snprintf(rel, sizeof(rel), "%sevents/%s/filter", dir, names[i]);
			snprintf(origin, sizeof(origin), "-e %s -f '%s'", sel->spec, sel->filter);
			ret = tq_plan_write(filters, rel, sel->filter, 0);
			if (!ret)
				ret = tq_plan_set_origin(filters, origin);
		}
		for (t = 0; t < sel->ntriggers && !ret; t++) {
			char *undo;

			snprintf(rel, sizeof(rel), "%sevents/%s/trigger", dir, names[i]);
			snprintf(origin, sizeof(origin), "-e %s -R '%s'", sel->spec,
				 sel->triggers[t]);
			if (asprintf(&undo, "!%s", sel->triggers[t]) < 0)
				return -ENOMEM;
			ret = tq_plan_append(filters, rel, sel->triggers[t], undo, 0);
			free(undo);
			if (!ret)
				ret = tq_plan_set_origin(filters, origin);
		}
	}
	if (!ret) {
		/* one write for a whole system or everything, one per event otherwise */
		if (!strcmp(sel->spec, "all")) {
			snprintf(rel, sizeof(rel), "%sevents/enable", dir);
			ret = tq_plan_write(enables, rel, "1", 0);
		} else if (spec_is_system(tfs, sel->spec)) {
			snprintf(rel, sizeof(rel), "%sevents/%.*s/enable", dir,
				 (int)strcspn(sel->spec, ":/"), sel->spec);
			ret = tq_plan_write(enables, rel, "1", 0);
		} else {
			for (i = 0; i < n && !ret; i++) {
				snprintf(rel, sizeof(rel), "%sevents/%s/enable", dir, names[i]);
				ret = tq_plan_write(enables, rel, "1", 0);
			}
		}
		if (!ret) {
			snprintf(origin, sizeof(origin), "-e %s", sel->spec);
			ret = tq_plan_set_origin(enables, origin);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

static int plan_options(const struct tq_config *cfg, struct tq_tracefs *tfs, const char *dir,
			bool dir_exists, struct tq_plan *plan)
{
	struct tq_strlist known;
	size_t i;
	int ret = 0;

	tq_strlist_init(&known);
	for (i = 0; i < cfg->noptions && !ret; i++) {
		const char *opt = cfg->options[i];
		bool on = true;
		char rel[512];

		/* "nofoo" clears foo, unless an option is really called "nofoo" */
		snprintf(rel, sizeof(rel), "%soptions/%s", dir_exists ? dir : "", opt);
		if (!tq_tracefs_exists(tfs, rel) && !strncmp(opt, "no", 2)) {
			on = false;
			opt += 2;
			snprintf(rel, sizeof(rel), "%soptions/%s", dir_exists ? dir : "", opt);
		}
		if (!tq_tracefs_exists(tfs, rel)) {
			char *opts_dir = tq_tracefs_path(tfs, "options");
			struct dirent **ents = NULL;
			int n = opts_dir ? scandir(opts_dir, &ents, NULL, alphasort) : -1;
			const char *near;

			for (int k = 0; k < n; k++) {
				if (ents[k]->d_name[0] != '.')
					tq_strlist_add(&known, ents[k]->d_name);
				free(ents[k]);
			}
			free(ents);
			free(opts_dir);
			near = tq_suggest(on ? opt : cfg->options[i], (const char *const *)known.items,
					  known.len);
			if (near)
				ret = tq_fail(ENOENT, "unknown trace option '%s'; did you mean '%s'?",
					      cfg->options[i], near);
			else
				ret = tq_fail(ENOENT, "unknown trace option '%s' (see 'tq list -o')",
					      cfg->options[i]);
			break;
		}
		snprintf(rel, sizeof(rel), "%soptions/%s", dir, opt);
		ret = tq_plan_write(plan, rel, on ? "1" : "0", 0);
		if (!ret) {
			char origin[300];

			snprintf(origin, sizeof(origin), "-O %s", cfg->options[i]);
			ret = tq_plan_set_origin(plan, origin);
		}
	}
	tq_strlist_release(&known);
	return ret;
}

static int plan_pids(const struct tq_config *cfg, const char *dir, struct tq_plan *plan)
{
	struct tq_strlist pids;
	char num[16];
	size_t i;
	int ret = 0;

	tq_strlist_init(&pids);
	for (i = 0; i < cfg->npids && !ret; i++) {
		snprintf(num, sizeof(num), "%d", cfg->pids[i]);
		ret = tq_strlist_add(&pids, num);
	}
	if (!ret)
		ret = plan_list_write(plan, dir, "set_event_pid", pids.items, pids.len);
	tq_strlist_release(&pids);
	return ret;
}

static int plan_tracer(const struct tq_config *cfg, struct tq_tracefs *tfs, const char *dir,
		       struct tq_plan *plan)
{
	char rel[512];
	int ret;

	if (cfg->nfunc_filter) {
		ret = check_ftrace_file(tfs, "", "set_ftrace_filter", "-l");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_ftrace_filter", cfg->func_filter,
					      cfg->nfunc_filter);
		if (ret)
			return ret;
	}
	if (cfg->nfunc_notrace) {
		ret = check_ftrace_file(tfs, "", "set_ftrace_notrace", "-n");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_ftrace_notrace", cfg->func_notrace,
					      cfg->nfunc_notrace);
		if (ret)
			return ret;
	}
	if (cfg->ngraph_funcs) {
		ret = check_ftrace_file(tfs, "", "set_graph_function", "-g");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_graph_function", cfg->graph_funcs,
					      cfg->ngraph_funcs);
		if (ret)
			return ret;
	}
	if (cfg->max_graph_depth) {
		char depth[16];

		if (!tq_tracefs_exists(tfs, "max_graph_depth"))
			return tq_fail(EOPNOTSUPP, "--max-graph-depth needs 'max_graph_depth', which "
				       "this kernel lacks (no function_graph tracer)");
		snprintf(depth, sizeof(depth), "%d", cfg->max_graph_depth);
		/* a global file: instances have none of their own */
		ret = tq_plan_write(plan, "max_graph_depth", depth, 0);
		if (ret)
			return ret;
	}
	if (!cfg->tracer)
		return 0;
	ret = check_listed(tfs, "available_tracers", "tracer", cfg->tracer, "tq list -t");
	if (ret)
		return ret;
	if (strstr(cfg->tracer, "function")) {
		ret = check_ftrace_file(tfs, "", "set_ftrace_filter", "-p function");
		if (ret)
			return ret;
	}
	snprintf(rel, sizeof(rel), "%scurrent_tracer", dir);
	ret = tq_plan_write(plan, rel, cfg->tracer, 0);
	if (!ret) {
		char origin[300];

		snprintf(origin, sizeof(origin), "-p %s", cfg->tracer);
		ret = tq_plan_set_origin(plan, origin);
	}
	return ret;
}

int tq_config_plan(const struct tq_config *cfg, struct tq_tracefs *tfs, struct tq_plan *plan)
{
	struct tq_plan filters, enables;
	char dirbuf[300], rel[512];
	const char *dir = tq_instance_dir(cfg->instance, dirbuf, sizeof(dirbuf));
	bool dir_exists = !*dir || tq_tracefs_is_dir(tfs, dir);
	size_t i;
	int ret = 0;

	tq_plan_init(&filters);
	tq_plan_init(&enables);
	if (cfg->instance) {
		ret = tq_instance_name_check(cfg->instance);
		if (ret)
			return ret;
		/* a copied tree (-t DIR) need not carry instances/: only a live one says no */
		if (!tq_tracefs_offline(tfs) && !tq_tracefs_is_dir(tfs, "instances"))
			return tq_fail(EOPNOTSUPP, "this kernel has no tracing instances");
		snprintf(rel, sizeof(rel), "instances/%s", cfg->instance);
		ret = tq_plan_mkdir(plan, rel, TQ_STEP_MAY_EXIST);
	}
	if (!ret && cfg->buffer_kb) {
		char kb[32];

		snprintf(kb, sizeof(kb), "%ld", cfg->buffer_kb);
		snprintf(rel, sizeof(rel), "%sbuffer_size_kb", dir);
		ret = tq_plan_write(plan, rel, kb, 0);
	}
	if (!ret && cfg->clock) {
		ret = check_listed(tfs, "trace_clock", "clock", cfg->clock, "tq list -C");
		if (!ret) {
			snprintf(rel, sizeof(rel), "%strace_clock", dir);
			ret = tq_plan_write(plan, rel, cfg->clock, 0);
		}
	}
	if (!ret)
		ret = plan_options(cfg, tfs, dir, dir_exists, plan);
	if (!ret && cfg->cpumask) {
		ret = check_cpumask(tfs, cfg->cpumask);
		if (!ret) {
			snprintf(rel, sizeof(rel), "%stracing_cpumask", dir);
			ret = tq_plan_write(plan, rel, cfg->cpumask, 0);
		}
	}
	if (!ret && cfg->stacktrace) {
		snprintf(rel, sizeof(rel), "%soptions/stacktrace", dir_exists ? dir : "");
		if (!tq_tracefs_exists(tfs, rel))
			ret = tq_fail(EOPNOTSUPP, "-T needs the 'stacktrace' trace option, which this "
				      "kernel lacks");
		else
			ret = tq_plan_writef(plan, "1", 0, "%soptions/stacktrace", dir);
	}
	if (!ret && cfg->npids)
		ret = plan_pids(cfg, dir, plan);
	if (!ret)
		ret = plan_tracer(cfg, tfs, dir, plan);
	for (i = 0; i < cfg->nevents && !ret; i++)
		ret = plan_event(tfs, dir, &cfg->events[i], &filters, &enables);
	/* filters and triggers before the enables, so that no unfiltered event slips in */
	if (!ret)
		ret = tq_plan_concat(plan, &filters);
	if (!ret)
		ret = tq_plan_concat(plan, &enables);
	tq_plan_release(&filters);
	tq_plan_release(&enables);
	return ret;
}
