// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "tracefs/catalog.h"
#include "util/diag.h"
#include "util/suggest.h"
#include "tracefs/access.h"

struct tq_catalog {
	struct tq_tracefs *tfs;	/* the tree: README, available_events, events/ */
	const char *events;	/* "events/", or "" for a bare copy of events/ */
	struct tep_handle *tep;
	char **names;		/* "sys:event", as found */
	size_t nnames;
	bool names_loaded;
	char *dyn_seen;		/* dynamic_events when the names were read (NULL: none) */
	char *readme;		/* NULL: no README */
	bool readme_loaded;
	size_t loaded;		/* formats parsed */
	bool borrowed;		/* tep belongs to the caller (a trace.dat's): no tree */
};

int tq_catalog_open_tep(struct tq_catalog **out, struct tep_handle *tep)
{
	struct tq_catalog *cat = calloc(1, sizeof(*cat));

	if (!cat)
		return -ENOMEM;
	cat->events = "";
	cat->tep = tep;
	cat->borrowed = true;
	/* no README: every feature, the engine reading the file computes them all */
	cat->readme_loaded = true;
	*out = cat;
	return 0;
}

int tq_catalog_open(struct tq_catalog **out, const char *dir)
{
	struct tq_catalog *cat = calloc(1, sizeof(*cat));
	int ret;

	if (!cat)
		return -ENOMEM;
	ret = tq_tracefs_open(&cat->tfs, dir, dir ? TQ_TRACEFS_OFFLINE : 0);
	if (ret) {
		free(cat);
		return ret;
	}
	/* a bare copy of events/ has the systems at its top */
	cat->events = tq_tracefs_is_dir(cat->tfs, "events") ? "events/" : "";
	cat->tep = tep_alloc();
	if (!cat->tep) {
		tq_catalog_free(cat);
		return -ENOMEM;
	}
	*out = cat;
	return 0;
}

static void forget_names(struct tq_catalog *cat)
{
	for (size_t i = 0; i < cat->nnames; i++)
		free(cat->names[i]);
	free(cat->names);
	cat->names = NULL;
	cat->nnames = 0;
	free(cat->dyn_seen);
	cat->dyn_seen = NULL;
	cat->names_loaded = false;
}

void tq_catalog_free(struct tq_catalog *cat)
{
	if (!cat)
		return;
	forget_names(cat);
	if (cat->tep && !cat->borrowed)
		tep_free(cat->tep);
	free(cat->readme);
	tq_tracefs_close(cat->tfs);
	free(cat);
}

const char *tq_catalog_root(const struct tq_catalog *cat)
{
	if (!cat->tfs)
		return "the trace file";
	return tq_tracefs_root(cat->tfs);
}

struct tep_handle *tq_catalog_tep(struct tq_catalog *cat)
{
	return cat->tep;
}

size_t tq_catalog_loaded(const struct tq_catalog *cat)
{
	return cat->loaded;
}

static int add_name(struct tq_catalog *cat, const char *sys, size_t syslen, const char *name,
		    size_t namelen, size_t *cap)
{
	char *s;

	if (cat->nnames == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		char **nn = realloc(cat->names, nc * sizeof(*nn));

		if (!nn)
			return -ENOMEM;
		cat->names = nn;
		*cap = nc;
	}
	if (asprintf(&s, "%.*s:%.*s", (int)syslen, sys, (int)namelen, name) < 0)
		return -ENOMEM;
	cat->names[cat->nnames++] = s;
	return 0;
}

static int names_from_available(struct tq_catalog *cat, const char *text)
{
	size_t cap = 0;
	const char *line = text;

	while (*line) {
		const char *end = strchrnul(line, '\n');
		const char *colon = memchr(line, ':', (size_t)(end - line));

		if (colon && colon > line && end > colon + 1) {
			int ret = add_name(cat, line, (size_t)(colon - line), colon + 1,
					   (size_t)(end - colon - 1), &cap);
			if (ret)
				return ret;
		}
		line = *end ? end + 1 : end;
	}
	return 0;
}

static int names_from_tree(struct tq_catalog *cat)
{
	char *events = tq_tracefs_path(cat->tfs, cat->events);
	DIR *top = events ? opendir(events) : NULL;
	struct dirent *sd;
	size_t cap = 0;
	int ret = 0;

	if (!top) {
		free(events);
		return 0;
	}
	while (!ret && (sd = readdir(top))) {
		struct dirent *ed;
		char *sysdir;
		DIR *sub;

		if (sd->d_name[0] == '.')
			continue;
		if (asprintf(&sysdir, "%s/%s", events, sd->d_name) < 0)
			sysdir = NULL;
		if (!sysdir)
			ret = -ENOMEM;
		sub = sysdir ? opendir(sysdir) : NULL;
		free(sysdir);
		if (!sub)
			continue;
		while (!ret && (ed = readdir(sub))) {
			if (ed->d_name[0] == '.' || ed->d_type == DT_REG)
				continue;
			ret = add_name(cat, sd->d_name, strlen(sd->d_name), ed->d_name,
				       strlen(ed->d_name), &cap);
		}
		closedir(sub);
	}
	closedir(top);
	free(events);
	return ret;
}

static int names_from_tep(struct tq_catalog *cat)
{
	struct tep_event **evs = tep_list_events(cat->tep, TEP_EVENT_SORT_SYSTEM);
	size_t cap = 0;
	int ret = 0;

	for (size_t i = 0; !ret && evs && evs[i]; i++)
		ret = add_name(cat, evs[i]->system, strlen(evs[i]->system), evs[i]->name,
			       strlen(evs[i]->name), &cap);
	return ret;
}

static int load_names(struct tq_catalog *cat)
{
	char *text = NULL;
	int ret;

	if (cat->names_loaded)
		return 0;
	cat->names_loaded = true;
	if (!cat->tfs)
		return names_from_tep(cat);
	/* read before the list, so that an event made in between is seen next time */
	if (tq_tracefs_read(cat->tfs, "dynamic_events", &cat->dyn_seen, NULL))
		cat->dyn_seen = NULL;
	ret = tq_tracefs_read(cat->tfs, "available_events", &text, NULL);
	if (ret == 0) {
		ret = names_from_available(cat, text);
		free(text);
		if (ret || cat->nnames)
			return ret;
	}
	return names_from_tree(cat);
}

void tq_catalog_refresh(struct tq_catalog *cat)
{
	forget_names(cat);
}

bool tq_catalog_refresh_if_changed(struct tq_catalog *cat)
{
	char *now = NULL;
	bool same;

	if (!cat->names_loaded || !cat->tfs)
		return false;
	if (tq_tracefs_read(cat->tfs, "dynamic_events", &now, NULL))
		now = NULL;
	same = now && cat->dyn_seen ? !strcmp(now, cat->dyn_seen) : now == cat->dyn_seen;
	free(now);
	if (!same)
		forget_names(cat);
	return !same;
}

const char *const *tq_catalog_names(struct tq_catalog *cat, size_t *count)
{
	load_names(cat);
	*count = cat->nnames;
	return (const char *const *)cat->names;
}

const char *tq_catalog_system_of(struct tq_catalog *cat, const char *name)
{
	static _Thread_local char sys[256];
	size_t nlen = strlen(name);
	char *path;
	bool found = false;

	if (load_names(cat))
		return NULL;
	for (size_t i = 0; i < cat->nnames; i++) {
		const char *colon = strchr(cat->names[i], ':');
		size_t slen = (size_t)(colon - cat->names[i]);

		if (strlen(colon + 1) == nlen && memcmp(colon + 1, name, nlen) == 0 &&
		    slen < sizeof(sys)) {
			memcpy(sys, cat->names[i], slen);
			sys[slen] = '\0';
			return sys;
		}
	}
	/* synthetic events made after available_events was read, or a partial list */
	if (cat->tfs && asprintf(&path, "%ssynthetic/%s/format", cat->events, name) >= 0) {
		found = tq_tracefs_exists(cat->tfs, path);
		free(path);
	}
	return found ? "synthetic" : NULL;
}

const char *tq_catalog_suggest(struct tq_catalog *cat, const char *sys, const char *name)
{
	const char **cands;
	const char *best;
	size_t n = 0;

	if (load_names(cat) || !cat->nnames)
		return NULL;
	cands = calloc(cat->nnames, sizeof(*cands));
	if (!cands)
		return NULL;
	for (size_t i = 0; i < cat->nnames; i++) {
		const char *colon = strchr(cat->names[i], ':');

		if (!sys) {
			cands[n++] = colon + 1;
		} else {
			/* "sys:event" compared as a whole, so either half may be misspelt */
			cands[n++] = cat->names[i];
		}
	}
	if (sys) {
		char *want;

		if (asprintf(&want, "%s:%s", sys, name) < 0) {
			free(cands);
			return NULL;
		}
		best = tq_suggest(want, cands, n);
		free(want);
	} else {
		best = tq_suggest(name, cands, n);
	}
	free(cands);
	return best;
}

static bool valid_component(const char *s)
{
	if (!*s || strlen(s) > 255 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	return !strchr(s, '/');
}

int tq_catalog_event(struct tq_catalog *cat, const char *sys, const char *name,
		     struct tep_event **evp)
{
	struct tep_event *ev;
	char *path, *text;
	size_t len;
	int ret;

	if (!valid_component(name) || (sys && !valid_component(sys)))
		return tq_fail(ENOENT, "no event '%s'", name);
	if (!sys) {
		sys = tq_catalog_system_of(cat, name);
		if (!sys)
			return tq_fail(ENOENT, "no event '%s'", name);
	}
	ev = tep_find_event_by_name(cat->tep, sys, name);
	if (ev) {
		*evp = ev;
		return 0;
	}
	if (!cat->tfs)
		return tq_fail(ENOENT, "no event '%s:%s' in the trace file", sys, name);
	if (asprintf(&path, "%s%s/%s/format", cat->events, sys, name) < 0)
		return -ENOMEM;
	ret = tq_tracefs_read(cat->tfs, path, &text, &len);
	free(path);
	if (ret == -ENOENT || ret == -ENOTDIR)
		return tq_fail(ENOENT, "no event '%s:%s'", sys, name);
	if (ret)
		return tq_fail(-ret, "cannot read the format of %s:%s: %s", sys, name,
			       strerror(-ret));
	ret = tep_parse_format(cat->tep, &ev, text, len, sys);
	free(text);
	if (ret || !ev)
		return tq_fail(EINVAL, "cannot parse the format of %s:%s", sys, name);
	cat->loaded++;
	*evp = ev;
	return 0;
}

static void load_readme(struct tq_catalog *cat)
{
	if (cat->readme_loaded)
		return;
	cat->readme_loaded = true;
	if (tq_tracefs_read(cat->tfs, "README", &cat->readme, NULL))
		cat->readme = NULL;
	/* a bare copy of events/ may sit next to its README */
	if (!cat->readme && !*cat->events &&
	    tq_tracefs_read(cat->tfs, "../README", &cat->readme, NULL))
		cat->readme = NULL;
}

bool tq_catalog_has_readme(struct tq_catalog *cat)
{
	load_readme(cat);
	return cat->readme != NULL;
}

bool tq_catalog_readme_has(struct tq_catalog *cat, const char *text)
{
	load_readme(cat);
	return cat->readme && strstr(cat->readme, text);
}

bool tq_catalog_has_file(struct tq_catalog *cat, const char *rel)
{
	if (!cat->tfs)
		return false;
	return tq_tracefs_exists(cat->tfs, rel);
}

static const struct {
	unsigned bit;
	const char *readme;	/* text whose presence in README means the feature exists */
	const char *name;
} features[] = {
	{ TQ_FEAT_HIST, "hist trigger", "hist triggers" },
	{ TQ_FEAT_SYNTH_DYN, "s:[synthetic/]", "synthetic events in dynamic_events" },
	{ TQ_FEAT_SYNTH, "synthetic_events", "synthetic events" },
	{ TQ_FEAT_TRACE_ACTION, "trace(<synthetic_event>,param list)", "the trace() action" },
	{ TQ_FEAT_ONMAX, "onmax(var)", "the onmax() handler" },
	{ TQ_FEAT_ONCHANGE, "onchange(var)", "the onchange() handler" },
	{ TQ_FEAT_SNAPSHOT, "snapshot()", "the snapshot() action" },
	{ TQ_FEAT_BUCKETS, ".buckets", "the .buckets modifier (Linux 5.15)" },
	{ TQ_FEAT_PERCENT, ".percent", "the .percent modifier (Linux 6.2)" },
	{ TQ_FEAT_GRAPH, ".graph", "the .graph modifier (Linux 6.2)" },
	{ TQ_FEAT_MULDIV, "multiplication(*)", "* and / in hist expressions (Linux 5.16)" },
	{ TQ_FEAT_STACKTRACE_MOD, ".stacktrace", "the .stacktrace modifier (Linux 6.3)" },
	{ TQ_FEAT_COMMON_STACK, "common_stacktrace",
	  "stack traces in synthetic events (Linux 6.3)" },
	{ TQ_FEAT_DYN_STRING, "char name[]", "dynamic strings in synthetic events" },
	{ TQ_FEAT_NOHITCOUNT, "nohitcount", "nohitcount (Linux 6.2)" },
};

unsigned tq_catalog_features(struct tq_catalog *cat)
{
	unsigned f = 0;

	if (!tq_catalog_has_readme(cat))
		return TQ_FEAT_ALL;
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (tq_catalog_readme_has(cat, features[i].readme))
			f |= features[i].bit;
	return f;
}

const char *tq_feature_name(unsigned feature)
{
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (features[i].bit == feature)
			return features[i].name;
	return "an unknown feature";
}
