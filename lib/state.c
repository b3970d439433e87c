// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "state.h"
#include "tracefs.h"

static int scan_event(struct tq_tracefs *tfs, const char *dir, const char *sys, const char *ev,
		      const char *file, struct tq_strlist *events, struct tq_strlist *lines)
{
	char rel[1024], name[600];
	char *text, *line, *save = NULL;
	int ret = 0;

	snprintf(rel, sizeof(rel), "%sevents/%s/%s/%s", dir, sys, ev, file);
	if (tq_tracefs_read(tfs, rel, &text, NULL))
		return 0;
	snprintf(name, sizeof(name), "%s/%s", sys, ev);
	for (line = strtok_r(text, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !strcmp(line, "none"))
			continue;
		ret = tq_strlist_add(events, name);
		if (!ret)
			ret = tq_strlist_add(lines, line);
	}
	free(text);
	return ret;
}

int tq_scan_event_files(struct tq_tracefs *tfs, const char *dir, const char *file,
			struct tq_strlist *events, struct tq_strlist *lines)
{
	char rel[512];
	char *events_dir;
	struct dirent **sys = NULL;
	int nsys, i, ret = 0;

	snprintf(rel, sizeof(rel), "%sevents", dir);
	events_dir = tq_tracefs_path(tfs, rel);
	if (!events_dir)
		return -ENOMEM;
	nsys = scandir(events_dir, &sys, NULL, alphasort);
	for (i = 0; i < nsys; i++) {
		struct dirent **evs = NULL;
		char *sys_dir;
		int nev, j;

		if (sys[i]->d_name[0] != '.' && sys[i]->d_type == DT_DIR &&
		    asprintf(&sys_dir, "%s/%s", events_dir, sys[i]->d_name) >= 0) {
			nev = scandir(sys_dir, &evs, NULL, alphasort);
			for (j = 0; j < nev; j++) {
				if (!ret && evs[j]->d_name[0] != '.' && evs[j]->d_type == DT_DIR)
					ret = scan_event(tfs, dir, sys[i]->d_name, evs[j]->d_name,
							 file, events, lines);
				free(evs[j]);
			}
			free(evs);
			free(sys_dir);
		}
		free(sys[i]);
	}
	free(sys);
	free(events_dir);
	return ret;
}

int tq_read_event_settings(struct tq_tracefs *tfs, const char *dir, struct tq_event_settings *s)
{
	int ret;

	tq_strlist_init(&s->filter_events);
	tq_strlist_init(&s->filters);
	tq_strlist_init(&s->trigger_events);
	tq_strlist_init(&s->triggers);
	ret = tq_scan_event_files(tfs, dir, "filter", &s->filter_events, &s->filters);
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
