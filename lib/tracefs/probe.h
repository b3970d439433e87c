/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_PROBE_H
#define TQ_TRACEFS_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "tracefs/state.h"
#include "util/strlist.h"

struct tq_tracefs;
struct tq_plan;

/*
 * Dynamic events (kprobes, kretprobes, uprobes, uretprobes, eprobes, synthetic events):
 * turning what the user typed into the kernel's definition line, and the plans that add
 * and remove them. Nothing here writes tracefs.
 */

/* What the kernel takes, read from its tracefs (files and README). */
struct tq_probe_caps {
	bool dynamic_events;	/* the unified dynamic_events file */
	bool kprobes;		/* kprobe_events */
	bool uprobes;		/* uprobe_events */
	bool synth;		/* synthetic_events */
	bool synth_dynamic;	/* "s:" definitions in dynamic_events */
	bool eprobes;		/* "e[:" in README (necessary, not sufficient: see below) */
	bool argn;		/* $arg<N> fetch arguments at kprobe function entry */
	bool argn_return;	/* $arg<N> in kretprobes too */
	bool live;		/* the running kernel's tracefs: /proc/kallsyms describes it */
	bool btf_args;		/* "<argname>" in README: kprobes fetch arguments by name */
	unsigned types;		/* TQ_PROBE_TYPE_*: the fetch types README lists (0: unknown) */
};

/* Fetch types beyond s8..s64, u8..u64 and string, as README lists them. */
enum {
	TQ_PROBE_TYPE_LISTED = 1 << 0,	/* README has a "type:" list at all */
	TQ_PROBE_TYPE_HEX = 1 << 1,
	TQ_PROBE_TYPE_CHAR = 1 << 2,
	TQ_PROBE_TYPE_USTRING = 1 << 3,
	TQ_PROBE_TYPE_SYMBOL = 1 << 4,
	TQ_PROBE_TYPE_SYMSTR = 1 << 5,
	TQ_PROBE_TYPE_BITFIELD = 1 << 6,
	TQ_PROBE_TYPE_ARRAY = 1 << 7,
	TQ_PROBE_TYPE_PD = 1 << 8,
};

void tq_probe_caps_read(struct tq_tracefs *tfs, struct tq_probe_caps *caps);

/* A definition ready for the kernel. */
struct tq_probe {
	enum tq_dyn_type type;
	char *system;
	char *event;
	char *definition;	/* the line written to the file */
};

void tq_probe_release(struct tq_probe *probe);

/*
 * Build a definition from the words after `tq probe add`:
 *   raw kernel syntax    'p:myopen do_sys_openat2 filename=+0(%si):string'
 *   kprobe NAME FUNC[+OFF] [ARG]...       kretprobe NAME FUNC [ARG]...
 *   uprobe NAME PATH:SYMBOL[+OFF]|PATH:0xOFF [ARG]...   uretprobe likewise
 *   eprobe NAME SYSTEM/EVENT [ARG]... [if FILTER]
 *   synth NAME 'TYPE FIELD; ...'
 * NAME may be GROUP/NAME. ARG is [NAME=]FETCH[:TYPE]; $argN becomes a register of the
 * x86_64 calling convention where the kernel has no $arg<N> (and always for uprobes).
 * -EINVAL with a message for a malformed command, -EOPNOTSUPP for a kind the kernel lacks.
 */
int tq_probe_build(int argc, char **argv, const struct tq_probe_caps *caps,
		   struct tq_probe *out);

/* One fetch argument of the easy form, rewritten for the kernel (malloc'd in *out). */
int tq_probe_fetch_arg(const char *arg, enum tq_dyn_type type, const struct tq_probe_caps *caps,
		       char **out);

/*
 * Refuse what would let a definition become more than one command: control bytes (a
 * line break starts a second command in the kernel's file) anywhere, and in _word also
 * blanks (the kernel splits arguments at them). -EINVAL with the text and a caret.
 */
int tq_probe_check_text(const char *text, const char *what);
int tq_probe_check_word(const char *word, const char *what);
/*
 * The kernel syntax of a whole definition line of the given kind: names, the probed place,
 * every fetch argument ([NAME=]FETCHARG[:TYPE]) with its type among those caps->types
 * lists, a synthetic event's "TYPE NAME; ..." fields. -EINVAL with a caret at the byte.
 */
int tq_probe_check_definition(const char *def, enum tq_dyn_type type,
			      const struct tq_probe_caps *caps);

/* The file a definition goes to: dynamic_events, or the kind's own file on old kernels. */
const char *tq_probe_file(enum tq_dyn_type type, const struct tq_probe_caps *caps);

/* The dynamic events now defined, as listed by the kernel. */
struct tq_probe_list {
	struct tq_dynevent *items;
	size_t len;
	struct tq_strlist files;	/* the file each item was read from (parallel) */
};

int tq_probe_list_read(struct tq_tracefs *tfs, struct tq_probe_list *list);
void tq_probe_list_release(struct tq_probe_list *list);
/* Index of the event named "NAME" or "SYSTEM/NAME", -1 when absent, -2 when ambiguous. */
long tq_probe_list_find(const struct tq_probe_list *list, const char *name);

/* Append the step that adds the probe (undone by removing it); -EEXIST when defined. */
int tq_probe_plan_add(struct tq_tracefs *tfs, const struct tq_probe *probe,
		      const struct tq_probe_caps *caps, struct tq_plan *plan);

/* Append the steps that remove a defined event: disable it where it is enabled, then
 * "-:SYSTEM/NAME" (undone by adding the definition back). */
int tq_probe_plan_remove(struct tq_tracefs *tfs, const struct tq_probe_list *list, size_t i,
			 struct tq_plan *plan);

/*
 * The steps that switch off, in the top buffer and every instance, the dynamic events that
 * the removal plan takes away ("-:[SYSTEM/]NAME", "!NAME" in synthetic_events) wherever
 * they are enabled: the kernel refuses to remove an enabled event. Run them first.
 */
int tq_probe_plan_disable_removed(struct tq_tracefs *tfs, const struct tq_plan *removal,
				  struct tq_plan *plan);
/*
 * Take away what a removal (or undo) plan makes go: the dynamic events it removes are first
 * switched off wherever they are enabled, then every step is attempted, even after one
 * fails. Returns 0 or the first error: -EBUSY when an event stayed because something still
 * uses it (tq_probe_users() says who).
 */
int tq_probe_remove_all(struct tq_tracefs *tfs, const struct tq_plan *removal);
struct tq_step;
/* The event a removal step takes away ("-:[SYSTEM/]NAME", "!NAME" in synthetic_events). */
const char *tq_probe_removed_name(const struct tq_step *step);

/* The index of the event eprobe i is attached to, or -1 (not an eprobe, or not listed). */
long tq_probe_attached(const struct tq_probe_list *list, size_t i);

/*
 * What keeps an event busy (the kernel's EBUSY on removal): triggers on the event itself
 * and triggers elsewhere that name it, in the top buffer and instances ("FILE: LINE"
 * entries in where), then the eprobes attached to it ("SYSTEM/NAME is attached to it: DEF").
 */
int tq_probe_users(struct tq_tracefs *tfs, const struct tq_dynevent *ev,
		   struct tq_strlist *where);

/*
 * The uprobes the kernel will refuse to enable, or that can never fire: those of system
 * (every system when NULL; only event, when given) whose offset is not in the code of
 * their file (past its end: a file that shrank, or an offset given by hand). One
 * "SYSTEM/NAME: why" line each in why. Only for the live tracefs; 0 or -ENOMEM.
 */
int tq_probe_find_bad(struct tq_tracefs *tfs, const char *system, const char *event,
		      struct tq_strlist *why);

#endif
