/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_STATE_H
#define TQ_TRACEFS_STATE_H

#include <stdbool.h>

#include "util/strlist.h"

struct tq_tracefs;

/*
 * Reading back what is set in a tracefs buffer (the top one when dir is "", or
 * "instances/NAME/"): used by stat to show it and by reset to undo it.
 */

/* Every non-default line of events/<sys>/<ev>/<file> (filter or trigger) in dir:
 * events gets "sys/ev", lines the matching line (parallel lists). */
int tq_scan_event_files(struct tq_tracefs *tfs, const char *dir, const char *file,
			struct tq_strlist *events, struct tq_strlist *lines);

/* Every filter and trigger set in one buffer (parallel lists, as tq_scan_event_files). */
struct tq_event_settings {
	struct tq_strlist filter_events, filters;
	struct tq_strlist trigger_events, triggers;
	struct tq_strlist system_filter_systems, system_filters;	/* events/<sys>/filter */
};

int tq_read_event_settings(struct tq_tracefs *tfs, const char *dir, struct tq_event_settings *s);
void tq_event_settings_release(struct tq_event_settings *s);

/*
 * The kernel's default for a trace option (options/NAME) in the top buffer or in an
 * instance: 1 on, 0 off, -1 for an option tq does not know, which stat and reset leave out.
 */
int tq_option_default(const char *name, bool instance);

/*
 * The known options of the buffer at dir that differ from their defaults: names gets
 * "overwrite", words the -O word that sets the current value ("nooverwrite").
 */
int tq_read_changed_options(struct tq_tracefs *tfs, const char *dir, struct tq_strlist *names,
			    struct tq_strlist *words);

/*
 * A trigger as read back from a trigger file ("traceoff:count=4 if pid > 1",
 * "hist:keys=pid:vals=hitcount:sort=hitcount:size=2048 [active]") turned into the text
 * that removes it and the text that would add it again. Both malloc'd.
 */
int tq_trigger_texts(const char *line, char **remove, char **readd);

/* Does removing this trigger have to wait for others? Triggers that reference variables or
 * fire actions go first, those that only define variables after them. */
bool tq_trigger_is_user(const char *line);

enum tq_dyn_type {
	TQ_DYN_KPROBE, TQ_DYN_KRETPROBE, TQ_DYN_UPROBE, TQ_DYN_URETPROBE, TQ_DYN_EPROBE,
	TQ_DYN_SYNTH, TQ_DYN_FPROBE, TQ_DYN_OTHER,
};

struct tq_dynevent {
	enum tq_dyn_type type;
	char *system;	/* "kprobes", "uprobes", "synthetic", ... */
	char *event;
	char *definition; /* the whole line as read back: writing it creates the event again */
};

/* Parse one line of dynamic_events (or of kprobe_events/uprobe_events/synthetic_events
 * with the file's name as legacy). 0, -EINVAL for a line that is not a definition. */
int tq_dynevent_parse(const char *line, const char *legacy_file, struct tq_dynevent *ev);
void tq_dynevent_release(struct tq_dynevent *ev);
const char *tq_dyn_type_name(enum tq_dyn_type type);
/* "kprobe" -> TQ_DYN_KPROBE...; -1 when unknown */
int tq_dyn_type_from_name(const char *name);

#endif
