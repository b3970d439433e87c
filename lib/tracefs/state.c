// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tracefs/state.h"
#include "tracefs/access.h"

/* The lines of events/<name>/<file> that say something is set; name is "sys/ev" or "sys". */
static int scan_file(struct tq_tracefs *tfs, const char *dir, const char *name,
		     const char *file, struct tq_strlist *events, struct tq_strlist *lines)
{
	char rel[1024];
	char *text, *line, *save = NULL;
	int ret = 0;

	snprintf(rel, sizeof(rel), "%sevents/%s/%s", dir, name, file);
	if (tq_tracefs_read(tfs, rel, &text, NULL))
		return 0;
	for (line = strtok_r(text, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save)) {
		char *refused;

		if (line[0] == '#' || !strcmp(line, "none"))
			continue;
		ret = tq_strlist_add(events, name);
		/*
		 * A filter is one line. When a whole system's filter did not fit this event, the
		 * kernel adds a caret line and "parse_error: ..." to it: the event has no filter.
		 */
		refused = strcmp(file, "filter") ? NULL : strstr(save ? save : "", "parse_error: ");
		if (!ret && refused) {
			char *both;

			refused[strcspn(refused, "\n")] = '\0';
			if (asprintf(&both, "%s (refused, %s)", line, refused) < 0)
				both = NULL;
			ret = tq_strlist_take(lines, both);
			break;
		}
		if (!ret)
			ret = tq_strlist_add(lines, line);
		if (!strcmp(file, "filter"))
			break;
	}
	free(text);
	return ret;
}

/* scandir() of dir + sub under the tracefs root: the count, -1 when unreadable, or -ENOMEM. */
static int list_dir(struct tq_tracefs *tfs, const char *dir, const char *sub,
		    struct dirent ***ents)
{
	char rel[1024];
	char *path;
	int n;

	*ents = NULL;
	snprintf(rel, sizeof(rel), "%s%s", dir, sub);
	path = tq_tracefs_path(tfs, rel);
	if (!path)
		return -ENOMEM;
	n = scandir(path, ents, NULL, alphasort);
	free(path);
	return n;
}

static bool is_subdir(const struct dirent *d)
{
	return d->d_name[0] != '.' && d->d_type == DT_DIR;
}

/*
 * Walk events/<sys>/<ev>/<file> of every event; with systems, also events/<sys>/<file> of
 * every system (a whole system's filter).
 */
static int scan_tree(struct tq_tracefs *tfs, const char *dir, const char *file,
		     struct tq_strlist *events, struct tq_strlist *lines,
		     struct tq_strlist *systems, struct tq_strlist *system_lines)
{
	char sub[600], name[600];
	struct dirent **sys, **evs;
	int nsys, nev, i, j, ret;

	nsys = ret = list_dir(tfs, dir, "events", &sys);
	if (ret == -ENOMEM)
		return ret;
	ret = 0;
	for (i = 0; i < nsys; i++) {
		if (is_subdir(sys[i]) && !ret) {
			if (systems)
				ret = scan_file(tfs, dir, sys[i]->d_name, file, systems,
						system_lines);
			snprintf(sub, sizeof(sub), "events/%s", sys[i]->d_name);
			nev = list_dir(tfs, dir, sub, &evs);
			if (nev == -ENOMEM)
				ret = nev;
			for (j = 0; j < nev; j++) {
				if (!ret && is_subdir(evs[j])) {
					snprintf(name, sizeof(name), "%s/%s", sys[i]->d_name,
						 evs[j]->d_name);
					ret = scan_file(tfs, dir, name, file, events, lines);
				}
				free(evs[j]);
			}
			free(evs);
		}
		free(sys[i]);
	}
	free(sys);
	return ret;
}

int tq_scan_event_files(struct tq_tracefs *tfs, const char *dir, const char *file,
			struct tq_strlist *events, struct tq_strlist *lines)
{
	return scan_tree(tfs, dir, file, events, lines, NULL, NULL);
}

int tq_read_event_settings(struct tq_tracefs *tfs, const char *dir, struct tq_event_settings *s)
{
	int ret;

	tq_strlist_init(&s->filter_events);
	tq_strlist_init(&s->filters);
	tq_strlist_init(&s->trigger_events);
	tq_strlist_init(&s->triggers);
	tq_strlist_init(&s->system_filter_systems);
	tq_strlist_init(&s->system_filters);
	ret = scan_tree(tfs, dir, "filter", &s->filter_events, &s->filters,
			&s->system_filter_systems, &s->system_filters);
	if (!ret)
		ret = tq_scan_event_files(tfs, dir, "trigger", &s->trigger_events, &s->triggers);
	if (ret)
		tq_event_settings_release(s);
	return ret;
}

void tq_event_settings_release(struct tq_event_settings *s)
{
	tq_strlist_release(&s->filter_events);
	tq_strlist_release(&s->filters);
	tq_strlist_release(&s->trigger_events);
	tq_strlist_release(&s->triggers);
	tq_strlist_release(&s->system_filter_systems);
	tq_strlist_release(&s->system_filters);
}

/*
 * The kernel's defaults (kernel/trace/trace.c TRACE_DEFAULT_FLAGS, ZEROED_TRACE_FLAGS, the
 * tracers' own flags). A new instance copies the top buffer's options except those zeroed
 * for it; the ones that exist in the top buffer only are simply absent from instances.
 */
static const struct option_default {
	const char *name;
	signed char top, instance;
} option_defaults[] = {
	{ "annotate", 1, 1 }, { "bin", 0, 0 }, { "blk_cgname", 0, 0 }, { "blk_cgroup", 0, 0 },
	{ "blk_classic", 0, 0 }, { "block", 0, 0 }, { "context-info", 1, 1 },
	{ "copy_trace_marker", 1, 0 }, { "disable_on_free", 0, 0 }, { "display-graph", 0, 0 },
	{ "event-fork", 0, 0 }, { "fields", 0, 0 }, { "func-no-repeats", 0, 0 },
	{ "func_stack_trace", 0, 0 }, { "funcgraph-abstime", 0, 0 }, { "funcgraph-cpu", 1, 1 },
	{ "funcgraph-duration", 1, 1 }, { "funcgraph-irqs", 1, 1 },
	{ "funcgraph-overhead", 1, 1 }, { "funcgraph-overrun", 0, 0 }, { "funcgraph-proc", 0, 0 },
	{ "funcgraph-retval", 0, 0 }, { "funcgraph-retval-hex", 0, 0 },
	{ "funcgraph-tail", 0, 0 }, { "function-fork", 0, 0 }, { "function-trace", 1, 1 },
	{ "graph-time", 1, 1 }, { "hash-ptr", 1, 1 }, { "hex", 0, 0 }, { "irq-info", 1, 1 },
	{ "latency-format", 0, 0 }, { "markers", 1, 1 }, { "overwrite", 1, 1 },
	{ "pause-on-trace", 0, 0 }, { "print-parent", 1, 1 }, { "printk-msg-only", 0, 0 },
	{ "raw", 0, 0 }, { "record-cmd", 1, 1 }, { "record-tgid", 0, 0 }, { "sleep-time", 1, 1 },
	{ "stacktrace", 0, 0 }, { "sym-addr", 0, 0 }, { "sym-offset", 0, 0 },
	{ "sym-userobj", 0, 0 }, { "test_nop_accept", 0, 0 }, { "test_nop_refuse", 0, 0 },
	{ "trace_printk", 1, 0 }, { "trace_printk_dest", 1, 0 }, { "userstacktrace", 0, 0 },
	{ "verbose", 0, 0 },
};

int tq_option_default(const char *name, bool instance)
{
	size_t i;

	for (i = 0; i < sizeof(option_defaults) / sizeof(option_defaults[0]); i++)
		if (!strcmp(option_defaults[i].name, name))
			return instance ? option_defaults[i].instance : option_defaults[i].top;
	return -1;
}

int tq_read_changed_options(struct tq_tracefs *tfs, const char *dir, struct tq_strlist *names,
			    struct tq_strlist *words)
{
	struct dirent **ents;
	char rel[512];
	int n, i, ret = 0;

	n = list_dir(tfs, dir, "options", &ents);
	if (n == -ENOMEM)
		return n;
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		int def = tq_option_default(name, *dir != '\0');
		char *text;

		snprintf(rel, sizeof(rel), "%soptions/%s", dir, name);
		if (!ret && def >= 0 && tq_tracefs_read(tfs, rel, &text, NULL) == 0) {
			if ((text[0] == '1') != def) {
				char *word;

				ret = tq_strlist_add(names, name);
				if (!ret && asprintf(&word, "%s%s", def ? "no" : "", name) < 0)
					ret = -ENOMEM;
				else if (!ret)
					ret = tq_strlist_take(words, word);
			}
			free(text);
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

/* Drop a trailing " [active]" / " [paused]" that hist triggers show. */
static void strip_state(char *s)
{
	char *br = strrchr(s, '[');
	size_t n;

	if (br && br > s && br[-1] == ' ' && strchr(br, ']') && !strchr(br, ' ')) {
		br[-1] = '\0';
		return;
	}
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

int tq_trigger_texts(const char *line, char **remove, char **readd)
{
	char *body = strdup(line), *cond, *count;
	char *cmd = NULL;

	*remove = *readd = NULL;
	if (!body)
		return -ENOMEM;
	strip_state(body);
	if (!strncmp(body, "hist", 4)) {
		/* hist triggers are removed by their whole text */
		if (asprintf(remove, "!%s", body) < 0 || !(*readd = strdup(body)))
			goto oom;
		free(body);
		return 0;
	}
	/* "traceoff:count=4 if pid > 1": removed as "!traceoff", added as "traceoff:4 if ..." */
	cond = strstr(body, " if ");
	if (cond)
		*cond++ = '\0';
	count = strstr(body, ":count=");
	if (count) {
		*count = '\0';
		if (asprintf(readd, "%s:%s%s%s", body, count + 7, cond ? " " : "",
			     cond ? cond : "") < 0)
			goto oom;
	} else {
		count = strstr(body, ":unlimited");
		if (count)
			*count = '\0';
		if (asprintf(readd, "%s%s%s", body, cond ? " " : "", cond ? cond : "") < 0)
			goto oom;
	}
	if (asprintf(remove, "!%s", body) < 0)
		goto oom;
	free(body);
	return 0;
oom:
	*remove = NULL;
	free(*readd);
	*readd = NULL;
	free(cmd);
	free(body);
	return -ENOMEM;
}

bool tq_trigger_is_user(const char *line)
{
	return strstr(line, "onmatch(") || strstr(line, "onmax(") || strstr(line, "onchange(") ||
	       strchr(line, '$');
}

static const char *const type_names[] = {
	[TQ_DYN_KPROBE] = "kprobe",	[TQ_DYN_KRETPROBE] = "kretprobe",
	[TQ_DYN_UPROBE] = "uprobe",	[TQ_DYN_URETPROBE] = "uretprobe",
	[TQ_DYN_EPROBE] = "eprobe",	[TQ_DYN_SYNTH] = "synth",
	[TQ_DYN_FPROBE] = "fprobe",	[TQ_DYN_OTHER] = "other",
};

const char *tq_dyn_type_name(enum tq_dyn_type type)
{
	return type_names[type];
}

int tq_dyn_type_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(name, type_names[i]))
			return (int)i;
	if (!strcmp(name, "synthetic"))
		return TQ_DYN_SYNTH;
	return -1;
}

int tq_dynevent_parse(const char *line, const char *legacy_file, struct tq_dynevent *ev)
{
	const char *name, *end, *slash, *point;
	bool synth_file = legacy_file && !strcmp(legacy_file, "synthetic_events");

	memset(ev, 0, sizeof(*ev));
	if (synth_file) {
		/* "name u64 lat; pid_t pid" */
		end = strpbrk(line, " \t");
		if (!end || end == line)
			return -EINVAL;
		ev->type = TQ_DYN_SYNTH;
		ev->system = strdup("synthetic");
		ev->event = strndup(line, end - line);
	} else {
		/* "p:kprobes/name symbol args", "s:synthetic/name fields", "r5:..." */
		/* the kernel separates a synthetic event's name from its fields with a tab */
		name = strchr(line, ':');
		end = name ? strpbrk(name, " \t") : NULL;
		if (!name || !end || end == name + 1)
			return -EINVAL;
		name++;
		point = end + 1;
		switch (line[0]) {
		case 'p':
			ev->type = (point[0] == '/' && strstr(point, ":0x")) ? TQ_DYN_UPROBE
									    : TQ_DYN_KPROBE;
			break;
		case 'r':
			ev->type = (point[0] == '/' && strstr(point, ":0x")) ? TQ_DYN_URETPROBE
									    : TQ_DYN_KRETPROBE;
			break;
		case 's':
			ev->type = TQ_DYN_SYNTH;
			break;
		case 'e':
			ev->type = TQ_DYN_EPROBE;
			break;
		case 'f':
		case 't':
			ev->type = TQ_DYN_FPROBE;
			break;
		default:
			ev->type = TQ_DYN_OTHER;
		}
		if (legacy_file && !strcmp(legacy_file, "uprobe_events"))
			ev->type = line[0] == 'r' ? TQ_DYN_URETPROBE : TQ_DYN_UPROBE;
		slash = memchr(name, '/', end - name);
		if (slash) {
			ev->system = strndup(name, slash - name);
			ev->event = strndup(slash + 1, end - slash - 1);
		} else {
			ev->system = strdup(ev->type == TQ_DYN_SYNTH ? "synthetic" : "");
			ev->event = strndup(name, end - name);
		}
	}
	ev->definition = strdup(line);
	if (!ev->system || !ev->event || !ev->definition) {
		tq_dynevent_release(ev);
		return -ENOMEM;
	}
	return 0;
}

void tq_dynevent_release(struct tq_dynevent *ev)
{
	free(ev->system);
	free(ev->event);
	free(ev->definition);
	memset(ev, 0, sizeof(*ev));
}
