// SPDX-License-Identifier: GPL-2.0-or-later
/* From the trace-cmd core flags to plan steps, checked against a tracefs. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracefs/config.h"
#include "util/caret.h"
#include "util/diag.h"
#include "tracefs/plan.h"
#include "util/strlist.h"
#include "util/suggest.h"
#include "tracefs/access.h"

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
	       !cfg->clock && !cfg->buffer_kb && !cfg->noptions && !cfg->cpumask && !cfg->pid_forks &&
	       !cfg->no_function_trace && !cfg->func_stack && !cfg->remove;
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

char *tq_suggest_event_name(struct tq_tracefs *tfs, const char *word)
{
	struct tq_strlist all;
	char *near = NULL;

	tq_strlist_init(&all);
	if (list_all_events(tfs, &all) == 0)
		near = suggest_event(&all, word);
	tq_strlist_release(&all);
	return near;
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
 * Can a function-tracer file be used? 0, -ENOENT when the kernel lacks it, -EPERM or -EACCES
 * when even opening it is forbidden (some kernels and sandboxes, this project's CI host
 * among them). A copied tree (--tracefs DIR) need not carry these files: there the kernel's
 * README naming the file is enough, so that --print works for another machine.
 */
static int ftrace_file_usable(struct tq_tracefs *tfs, const char *file)
{
	char *text;
	int ret = tq_tracefs_read(tfs, file, &text, NULL);

	if (ret == 0)
		free(text);
	else if (ret == -ENOENT && tq_tracefs_offline(tfs) && tq_tracefs_readme_has(tfs, file))
		ret = 0;
	return ret;
}

/* As ftrace_file_usable(), with a message that names the flag needing the file. */
static int check_ftrace_file(struct tq_tracefs *tfs, const char *file, const char *flag)
{
	int ret = ftrace_file_usable(tfs, file);

	if (ret == -ENOENT)
		return tq_fail(EOPNOTSUPP, "%s needs '%s', which this kernel lacks", flag, file);
	if (ret == -EPERM || ret == -EACCES)
		return tq_fail(EOPNOTSUPP, "%s needs '%s', which this kernel or sandbox "
			       "forbids (%s)", flag, file, strerror(-ret));
	return ret;
}

static bool wants_function_tracer(const struct tq_config *cfg)
{
	return cfg->tracer && strstr(cfg->tracer, "function");
}

/* ---- the fields a filter or trigger names ------------------------------------------- */

/* Fields every event has besides those in its format file (the kernel's generic fields). */
static const char *const generic_fields[] = {
	"CPU", "cpu", "common_cpu", "COMM", "comm", "stacktrace", "STACKTRACE",
	"common_stacktrace", "common_timestamp", "hitcount",
};

static bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static const char *skip_ident(const char *p)
{
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return p;
}

static int add_field(struct tq_strlist *fields, const char *start, const char *end)
{
	char *name = strndup(start, end - start);
	size_t i;

	if (!name)
		return -ENOMEM;
	for (i = 0; i < sizeof(generic_fields) / sizeof(generic_fields[0]); i++)
		if (!strcmp(name, generic_fields[i])) {
			free(name);
			return 0;
		}
	if (tq_strlist_find(fields, name) >= 0) {
		free(name);
		return 0;
	}
	return tq_strlist_take(fields, name);
}

/*
 * The field names a filter compares ("prev_pid > 0 && comm ~ \"a*\"" names prev_pid and
 * comm). Only the shape field OP value joined by && || ! and parentheses is understood;
 * -EINVAL for anything else, and then the kernel alone judges the filter.
 */
static int filter_fields(const char *f, struct tq_strlist *fields)
{
	const char *p = f;
	int ret;

	for (;;) {
		const char *name;

		while (isspace((unsigned char)*p) || *p == '(' || *p == '!')
			p++;
		if (!is_ident_start((unsigned char)*p))
			return -EINVAL;
		name = p;
		p = skip_ident(p);
		ret = add_field(fields, name, p);
		if (ret)
			return ret;
		if (*p == '.')	/* field.function, field.hex ... */
			p = skip_ident(p + 1);
		while (isspace((unsigned char)*p))
			p++;
		if (!strncmp(p, "==", 2) || !strncmp(p, "!=", 2) || !strncmp(p, "<=", 2) ||
		    !strncmp(p, ">=", 2))
			p += 2;
		else if (*p && strchr("<>&~", *p))
			p++;
		else
			return -EINVAL;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '"' || *p == '\'') {
			char quote = *p++;

			while (*p && *p != quote)
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (!*p++)
				return -EINVAL;
		} else {
			const char *v = p;

			while (*p && !isspace((unsigned char)*p) && !strchr(")&|", *p))
				p++;
			if (p == v)
				return -EINVAL;
		}
		while (isspace((unsigned char)*p) || *p == ')')
			p++;
		if (!*p)
			return 0;
		if (strncmp(p, "&&", 2) && strncmp(p, "||", 2))
			return -EINVAL;
		p += 2;
	}
}

/*
 * The fields a trigger needs: those of its "if FILTER", and for a hist trigger the plain
 * field names among its keys and values (variables, expressions and actions are left to
 * the kernel).
 */
static int trigger_fields(const char *trigger, struct tq_strlist *fields)
{
	const char *cond = strstr(trigger, " if ");
	char *spec, *part, *save = NULL;
	int ret = 0;

	if (cond) {
		ret = filter_fields(cond + 4, fields);
		if (ret)
			return ret;
	}
	if (strncmp(trigger, "hist:", 5))
		return 0;
	spec = cond ? strndup(trigger, cond - trigger) : strdup(trigger);
	if (!spec)
		return -ENOMEM;
	for (part = strtok_r(spec + 5, ":", &save); part && !ret; part = strtok_r(NULL, ":", &save)) {
		char *item, *isave = NULL;

		if (strncmp(part, "keys=", 5) && strncmp(part, "key=", 4) &&
		    strncmp(part, "vals=", 5) && strncmp(part, "values=", 7))
			continue;
		for (item = strtok_r(strchr(part, '=') + 1, ",", &isave); item && !ret;
		     item = strtok_r(NULL, ",", &isave)) {
			const char *end = skip_ident(item);

			if (is_ident_start((unsigned char)*item) && (!*end || *end == '.'))
				ret = add_field(fields, item, end);
		}
	}
	free(spec);
	return ret;
}

/*
 * Does events/<name>/format declare every one of fields? When not and missing is given,
 * *missing is the first one it lacks and *near (allocated, or NULL) its nearest field.
 */
static int event_has_fields(struct tq_tracefs *tfs, const char *name,
			    const struct tq_strlist *fields, const char **missing, char **near)
{
	struct tq_strlist declared;
	char rel[1024];
	char *text, *line, *save = NULL;
	size_t i;
	int ret;

	snprintf(rel, sizeof(rel), "events/%s/format", name);
	ret = tq_tracefs_read(tfs, rel, &text, NULL);
	if (ret)
		return ret;
	tq_strlist_init(&declared);
	/* "\tfield:unsigned long prev_state;\toffset:..." or "field:char prev_comm[16];" */
	for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		char *decl = strstr(line, "field:"), *semi, *end, *start;

		if (!decl || !(semi = strchr(decl, ';')))
			continue;
		end = semi;
		if (end > decl && end[-1] == ']')
			while (end > decl && *end != '[')
				end--;
		start = end;
		while (start > decl && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
			start--;
		if (start < end)
			ret = tq_strlist_take(&declared, strndup(start, end - start));
	}
	free(text);
	for (i = 0; i < fields->len && !ret; i++)
		if (tq_strlist_find(&declared, fields->items[i]) < 0) {
			ret = 1;
			if (missing) {
				const char *n = tq_suggest(fields->items[i],
							   (const char *const *)declared.items,
							   declared.len);

				*missing = fields->items[i];
				*near = n ? strdup(n) : NULL;
			}
		}
	tq_strlist_release(&declared);
	return ret < 0 ? ret : ret == 0;
}

/* Where word is in filter as a whole name outside quotes (else at 0), for the caret. */
static size_t name_offset(const char *filter, const char *word)
{
	size_t len = strlen(word);
	const char *p = filter;

	while (*p) {
		if (*p == '"' || *p == '\'') {
			char quote = *p++;

			while (*p && *p != quote)
				p += (*p == '\\' && p[1]) ? 2 : 1;
			p += *p != '\0';
		} else if (is_ident_start((unsigned char)*p)) {
			const char *end = skip_ident(p);

			if ((size_t)(end - p) == len && !strncmp(p, word, len))
				return p - filter;
			p = end;
		} else {
			p++;
		}
	}
	return 0;
}

/*
 * A filter none of whose events has its fields would be refused by the kernel, or with
 * --print fail in the script it prints: say which field, where, and the nearest one.
 */
static int unknown_filter_field(const char *event, const char *filter, const char *missing,
				const char *near)
{
	const char *slash = strchr(event, '/');
	int sys_len = slash ? (int)(slash - event) : 0;
	char why[512], hint[512];

	snprintf(why, sizeof(why), "%s has no field '%s'%s%s%s", event, missing,
		 near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	/* tq list names events SYSTEM:EVENT */
	snprintf(hint, sizeof(hint), "'tq list -e \"^%.*s%s%s$\" -F' shows its fields", sys_len,
		 event, slash ? ":" : "", slash ? slash + 1 : event);
	return tq_fail_at("filter", filter, name_offset(filter, missing), why, hint);
}

/*
 * Which of the n events have every field text names (a filter, or a trigger when
 * is_trigger)? keep[i] says. When the text cannot be analysed, or no event has its fields,
 * all are kept: the kernel then judges it, and its error_log says why it refuses.
 */
static int events_with_fields(struct tq_tracefs *tfs, char **names, int n, const char *text,
			      bool is_trigger, bool *keep, int *kept)
{
	struct tq_strlist fields;
	const char *missing = NULL;
	char *near = NULL;
	int i, ret, lacking = 0;
	bool refuse;

	tq_strlist_init(&fields);
	ret = is_trigger ? trigger_fields(text, &fields) : filter_fields(text, &fields);
	*kept = 0;
	for (i = 0; i < n; i++) {
		keep[i] = true;
		if (!ret && fields.len) {
			int has = event_has_fields(tfs, names[i], &fields, i ? NULL : &missing,
						   &near);

			if (has < 0 && has != -ENOENT && has != -EPERM && has != -EACCES) {
				free(near);
				tq_strlist_release(&fields);
				return has;
			}
			keep[i] = has != 0;
			lacking += has == 0;
		}
		*kept += keep[i];
	}
	/* every format read, none with the filter's fields: refuse it (triggers: the kernel) */
	refuse = !ret && !is_trigger && n && lacking == n && missing;
	if (refuse)
		ret = unknown_filter_field(names[0], text, missing, near);
	free(near);
	tq_strlist_release(&fields);
	if (ret == -ENOMEM || refuse)
		return ret;
	if (!*kept) {
		for (i = 0; i < n; i++)
			keep[i] = true;
		*kept = n;
	}
	return 0;
}

/* "-e sched -f '...': not set on 24 of the 27 events, which lack its fields; ...: a, b, ..." */
static int note_skipped(struct tq_strlist *notes, const char *origin, const char *what,
			char **names, int n, const bool *keep, int kept)
{
	char list[400] = "";
	size_t len = 0;
	int i, shown = 0;
	char *note;
	int ret;

	if (!notes || kept == n)
		return 0;
	for (i = 0; i < n; i++) {
		if (keep[i])
			continue;
		if (shown < 4)
			len += snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
					"%s%s", shown ? ", " : "", names[i]);
		shown++;
	}
	if (shown > 4)
		snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0, " and %d more",
			 shown - 4);
	if (shown == 1)
		ret = asprintf(&note, "%s: not set on %s, which lacks its fields; it is %s", origin,
			       list, what);
	else
		ret = asprintf(&note, "%s: not set on %d of the %d events, which lack its fields; "
			       "they are %s: %s", origin, shown, n, what, list);
	return ret < 0 ? -ENOMEM : tq_strlist_take(notes, note);
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

/*
 * Filters and triggers go on each event of the selection (what trace-cmd does). An event
 * without the fields they name is left out with a note, instead of failing the whole
 * command on the first one the kernel refuses.
 */
/*
 * Write value ("1", or "0" for -v) to the enable of what sel names: one write for a whole
 * system or everything, one per event otherwise.
 */
static int plan_enable(struct tq_tracefs *tfs, const char *dir, const struct tq_event_sel *sel,
		       char **names, int n, const char *value, struct tq_plan *enables)
{
	char rel[1024], origin[1024];
	int i, ret = 0;

	if (!strcmp(sel->spec, "all")) {
		snprintf(rel, sizeof(rel), "%sevents/enable", dir);
		ret = tq_plan_write(enables, rel, value, 0);
	} else if (spec_is_system(tfs, sel->spec)) {
		snprintf(rel, sizeof(rel), "%sevents/%.*s/enable", dir,
			 (int)strcspn(sel->spec, ":/"), sel->spec);
		ret = tq_plan_write(enables, rel, value, 0);
	} else {
		for (i = 0; i < n && !ret; i++) {
			snprintf(rel, sizeof(rel), "%sevents/%s/enable", dir, names[i]);
			ret = tq_plan_write(enables, rel, value, 0);
		}
	}
	if (!ret) {
		snprintf(origin, sizeof(origin), "%s-e %s", sel->negate ? "-v " : "", sel->spec);
		ret = tq_plan_set_origin(enables, origin);
	}
	return ret;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int plan_event(struct tq_tracefs *tfs, const char *dir, const struct tq_event_sel *sel,
		      bool ignore_missing, struct tq_plan *filters, struct tq_plan *enables,
		      struct tq_strlist *notes)
{
	char **names = NULL;
	char rel[1024], origin[1024];
	bool *keep = NULL;
	int n, i, kept, ret = 0;
	size_t t;

	n = tq_expand_events(tfs, NULL, sel->spec, &names);
	if (n < 0 && ignore_missing && n != -ENOMEM) {
		/* -i, as trace-cmd: go on without it, but say so */
		char *note;

		if (asprintf(&note, "-i: ignoring '%s': %s", sel->spec, tq_errmsg(n)) < 0)
			return -ENOMEM;
		return notes ? tq_strlist_take(notes, note) : (free(note), 0);
	}
	if (n < 0)
		return n;
	if (sel->negate) {
		/* -v: switched off after the enables before it, as trace-cmd does */
		ret = plan_enable(tfs, dir, sel, names, n, "0", enables);
		free_names(names, n);
		return ret;
	}
	keep = calloc(n, sizeof(*keep));
	if (!keep)
		ret = -ENOMEM;
	if (!ret && sel->filter) {
		snprintf(origin, sizeof(origin), "-e %s -f '%s'", sel->spec, sel->filter);
		ret = events_with_fields(tfs, names, n, sel->filter, false, keep, &kept);
		if (!ret)
			ret = note_skipped(notes, origin, "traced unfiltered", names, n, keep,
					   kept);
		snprintf(rel, sizeof(rel), "%sevents/", dir);
		for (i = 0; i < n && !ret; i++)
			if (keep[i]) {
				ret = tq_plan_writef(filters, sel->filter, 0, "%s%s/filter", rel,
						     names[i]);
				if (!ret)
					ret = tq_plan_set_origin(filters, origin);
			}
	}
	for (t = 0; t < sel->ntriggers && !ret; t++) {
		char *undo;

		snprintf(origin, sizeof(origin), "-e %s -R '%s'", sel->spec, sel->triggers[t]);
		ret = events_with_fields(tfs, names, n, sel->triggers[t], true, keep, &kept);
		if (!ret)
			ret = note_skipped(notes, origin, "traced without the trigger", names, n, keep, kept);
		if (ret)
			break;
		if (asprintf(&undo, "!%s", sel->triggers[t]) < 0) {
			ret = -ENOMEM;
			break;
		}
		for (i = 0; i < n && !ret; i++) {
			if (!keep[i])
				continue;
			snprintf(rel, sizeof(rel), "%sevents/%s/trigger", dir, names[i]);
			ret = tq_plan_append(filters, rel, sel->triggers[t], undo, 0);
			if (!ret)
				ret = tq_plan_set_origin(filters, origin);
		}
		free(undo);
	}
	if (!ret)
		ret = plan_enable(tfs, dir, sel, names, n, "1", enables);
	free_names(names, n);
	free(keep);
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

static bool process_exists(int pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", pid);
	return access(path, F_OK) == 0;
}

/*
 * -P limits events (set_event_pid) and, as in trace-cmd, the function tracers
 * (set_ftrace_pid). Where set_ftrace_pid is forbidden it only matters when a function
 * tracer is asked for; otherwise a note says the pids limit events only.
 */
static int plan_pids(const struct tq_config *cfg, struct tq_tracefs *tfs, const char *dir,
		     struct tq_plan *plan, struct tq_strlist *notes)
{
	struct tq_strlist pids;
	char num[16];
	size_t i;
	int ret = 0, usable;

	tq_strlist_init(&pids);
	for (i = 0; i < cfg->npids && !ret; i++) {
		snprintf(num, sizeof(num), "%d", cfg->pids[i]);
		ret = tq_strlist_add(&pids, num);
		/* the kernel takes any number, and traces nothing for a pid that is not there;
		 * a copied tree is for another machine, whose processes we cannot see. 0 is
		 * the idle task, which /proc does not list. */
		if (!ret && cfg->pids[i] && !tq_tracefs_offline(tfs) &&
		    !process_exists(cfg->pids[i]))
			ret = tq_fail(ESRCH, "no process %d (-P %d): give the pid of a running "
				      "process (see 'ps -e'), or run the command under "
				      "'tq record -F'", cfg->pids[i], cfg->pids[i]);
	}
	if (ret) {
		tq_strlist_release(&pids);
		return ret;
	}
	ret = plan_list_write(plan, dir, "set_event_pid", pids.items, pids.len);
	usable = ftrace_file_usable(tfs, "set_ftrace_pid");
	if (!ret && usable == 0) {
		ret = plan_list_write(plan, dir, "set_ftrace_pid", pids.items, pids.len);
	} else if (!ret && wants_function_tracer(cfg)) {
		ret = check_ftrace_file(tfs, "set_ftrace_pid", "-P with a function tracer");
	} else if (!ret && notes && (usable == -EPERM || usable == -EACCES)) {
		char *note;

		if (asprintf(&note, "'set_ftrace_pid' cannot be opened here (%s): the pid filter "
			     "applies to events, and could not to a function tracer",
			     strerror(-usable)) < 0)
			ret = -ENOMEM;
		else
			ret = tq_strlist_take(notes, note);
	}
	tq_strlist_release(&pids);
	if (ret || !cfg->pid_forks)
		return ret;
	/* the pids' new children are added to the lists by the kernel (record -c) */
	if (tq_tracefs_exists(tfs, "options/event-fork"))
		ret = tq_plan_writef(plan, cfg->pid_forks > 0 ? "1" : "0", 0, "%soptions/event-fork",
				     dir);
	if (!ret && usable == 0 && tq_tracefs_exists(tfs, "options/function-fork"))
		ret = tq_plan_writef(plan, cfg->pid_forks > 0 ? "1" : "0", 0,
				     "%soptions/function-fork", dir);
	return ret;
}

static int plan_tracer(const struct tq_config *cfg, struct tq_tracefs *tfs, const char *dir,
		       struct tq_plan *plan)
{
	char rel[512];
	int ret;

	if (cfg->nfunc_filter) {
		ret = check_ftrace_file(tfs, "set_ftrace_filter", "-l");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_ftrace_filter", cfg->func_filter,
					      cfg->nfunc_filter);
		if (ret)
			return ret;
	}
	if (cfg->nfunc_notrace) {
		ret = check_ftrace_file(tfs, "set_ftrace_notrace", "-n");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_ftrace_notrace", cfg->func_notrace,
					      cfg->nfunc_notrace);
		if (ret)
			return ret;
	}
	if (cfg->ngraph_funcs) {
		ret = check_ftrace_file(tfs, "set_graph_function", "-g");
		if (!ret)
			ret = plan_list_write(plan, dir, "set_graph_function", cfg->graph_funcs,
					      cfg->ngraph_funcs);
		if (ret)
			return ret;
	}
	if (cfg->max_graph_depth) {
		char depth[16];

		ret = check_ftrace_file(tfs, "max_graph_depth", "--max-graph-depth");
		if (ret)
			return ret;
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
	if (wants_function_tracer(cfg)) {
		ret = check_ftrace_file(tfs, "set_ftrace_filter", "-p function");
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

/* An option file of the function tracer, which a kernel without one does not have. */
static int plan_function_option(struct tq_tracefs *tfs, const char *dir, bool dir_exists,
				const char *option, const char *value, const char *flag,
				struct tq_plan *plan)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%soptions/%s", dir_exists ? dir : "", option);
	if (!tq_tracefs_exists(tfs, rel))
		return tq_fail(EOPNOTSUPP, "%s needs the '%s' trace option of the function tracer, "
			       "which this kernel lacks", flag, option);
	snprintf(rel, sizeof(rel), "%soptions/%s", dir, option);
	if (tq_plan_write(plan, rel, value, 0) || tq_plan_set_origin(plan, flag))
		return -ENOMEM;
	return 0;
}

/*
 * -d and --func-stack, as trace-cmd: function-trace 0 keeps the function tracer from
 * recording while the events are; the stack after every function needs a function
 * filter, as it is far too costly for all of them.
 */
static int plan_function_flags(const struct tq_config *cfg, struct tq_tracefs *tfs,
			       const char *dir, bool dir_exists, struct tq_plan *plan)
{
	int ret = 0;

	if (cfg->no_function_trace)
		ret = plan_function_option(tfs, dir, dir_exists, "function-trace", "0", "-d",
					   plan);
	if (!ret && cfg->func_stack) {
		if (!cfg->nfunc_filter)
			return tq_fail(EINVAL, "--func-stack needs a function filter (-l FUNC): a "
				       "stack trace after every function would stall the machine");
		ret = check_ftrace_file(tfs, "set_ftrace_filter", "--func-stack");
		if (!ret)
			ret = plan_function_option(tfs, dir, dir_exists, "func_stack_trace", "1",
						   "--func-stack", plan);
	}
	return ret;
}

int tq_config_plan(const struct tq_config *cfg, struct tq_tracefs *tfs, struct tq_plan *plan,
		   struct tq_strlist *notes)
{
	struct tq_plan filters, enables;
	char dirbuf[TQ_INSTANCE_DIR_MAX], rel[512];
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
		if (cfg->remove) {
			/* trace-cmd set -v -B NAME: the instance goes, nothing else is set */
			if (!tq_tracefs_offline(tfs) && !tq_tracefs_is_dir(tfs, rel))
				return tq_fail(ENOENT, "no instance '%s' to remove (-v -B %s)",
					       cfg->instance, cfg->instance);
			return tq_plan_rmdir(plan, rel, 0);
		}
		ret = tq_plan_mkdir(plan, rel, TQ_STEP_MAY_EXIST);
	}
	if (!ret && cfg->buffer_kb) {
		char kb[32];

		char origin[40];

		snprintf(kb, sizeof(kb), "%ld", cfg->buffer_kb);
		snprintf(rel, sizeof(rel), "%sbuffer_size_kb", dir);
		snprintf(origin, sizeof(origin), "-b %ld", cfg->buffer_kb);
		ret = tq_plan_write(plan, rel, kb, 0);
		if (!ret)
			ret = tq_plan_set_origin(plan, origin);
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
		ret = plan_pids(cfg, tfs, dir, plan, notes);
	if (!ret)
		ret = plan_tracer(cfg, tfs, dir, plan);
	if (!ret)
		ret = plan_function_flags(cfg, tfs, dir, dir_exists, plan);
	for (i = 0; i < cfg->nevents && !ret; i++)
		ret = plan_event(tfs, dir, &cfg->events[i], cfg->ignore_missing, &filters,
				 &enables, notes);
	/* filters and triggers before the enables, so that no unfiltered event slips in */
	if (!ret)
		ret = tq_plan_concat(plan, &filters);
	if (!ret)
		ret = tq_plan_concat(plan, &enables);
	tq_plan_release(&filters);
	tq_plan_release(&enables);
	return ret;
}
