/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEFS_CATALOG_H
#define TQ_TRACEFS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

struct tep_handle;
struct tep_event;

/*
 * The event formats of one kernel, loaded lazily: an event's format file is parsed only
 * when a query names it, so compiling a query costs a few file reads, not ~2300 parses.
 * The source is a tracefs-like tree (README, available_events, events/<sys>/<ev>/format),
 * the live tracefs, or a bare copy of an events/ directory.
 */
struct tq_catalog;

/* Kernel features, read from the tracefs README (never from uname). */
enum tq_feature {
	TQ_FEAT_HIST		= 1u << 0,	/* hist triggers at all */
	TQ_FEAT_SYNTH_DYN	= 1u << 1,	/* dynamic_events takes s:NAME ... */
	TQ_FEAT_SYNTH		= 1u << 2,	/* synthetic_events */
	TQ_FEAT_TRACE_ACTION	= 1u << 3,	/* .trace(<synthetic_event>,params) */
	TQ_FEAT_ONMAX		= 1u << 4,
	TQ_FEAT_ONCHANGE	= 1u << 5,
	TQ_FEAT_SNAPSHOT	= 1u << 6,	/* .snapshot() action */
	TQ_FEAT_BUCKETS		= 1u << 7,	/* .buckets=N (5.15) */
	TQ_FEAT_PERCENT		= 1u << 8,	/* .percent (6.2) */
	TQ_FEAT_GRAPH		= 1u << 9,	/* .graph (6.2) */
	TQ_FEAT_MULDIV		= 1u << 10,	/* * / and constants in expressions (5.16) */
	TQ_FEAT_STACKTRACE_MOD	= 1u << 11,	/* .stacktrace modifier (6.3) */
	TQ_FEAT_COMMON_STACK	= 1u << 12,	/* common_stacktrace, stacks in synthetic events */
	TQ_FEAT_DYN_STRING	= 1u << 13,	/* char name[] synthetic fields */
	TQ_FEAT_NOHITCOUNT	= 1u << 14,
	TQ_FEAT_ALL		= (1u << 15) - 1,
};

/*
 * Open the catalog of the tree at dir (a tracefs root, or an events/ directory), or of the
 * live tracefs when dir is NULL. Nothing is parsed yet.
 */
int tq_catalog_open(struct tq_catalog **out, const char *dir);
/*
 * The catalog of the formats a trace.dat holds (its tep, borrowed: it must outlive the
 * catalog). No README: every feature is assumed, as the offline engine computes them all.
 */
int tq_catalog_open_tep(struct tq_catalog **out, struct tep_handle *tep);
void tq_catalog_free(struct tq_catalog *cat);

/* The root shown in messages. */
const char *tq_catalog_root(const struct tq_catalog *cat);

/*
 * Find (and load on first use) an event. sys may be NULL: the first system holding an
 * event of that name. Returns 0 and *ev, -ENOENT (with a message that suggests the
 * nearest name), or another negative errno.
 */
int tq_catalog_event(struct tq_catalog *cat, const char *sys, const char *name,
		     struct tep_event **ev);

/*
 * Read the event list again on next use, so that events made since it was read (by
 * CREATE EVENT, or tq probe add in another terminal) are found. Parsed formats are kept.
 * The _if_changed form does so only when dynamic_events differs from what it held when
 * the list was read (one small read: cheap enough for every Tab); true when it did.
 */
void tq_catalog_refresh(struct tq_catalog *cat);
bool tq_catalog_refresh_if_changed(struct tq_catalog *cat);

/* The system of the first event called name, or NULL. */
const char *tq_catalog_system_of(struct tq_catalog *cat, const char *name);

/* Every "system:event" the kernel has (from available_events, else the tree). */
const char *const *tq_catalog_names(struct tq_catalog *cat, size_t *count);

/* The nearest event name ("event" alone, or "sys:event" when sys was given). */
const char *tq_catalog_suggest(struct tq_catalog *cat, const char *sys, const char *name);

/* Features from README; a tree without README is assumed to have everything. */
unsigned tq_catalog_features(struct tq_catalog *cat);
bool tq_catalog_has_readme(struct tq_catalog *cat);
bool tq_catalog_readme_has(struct tq_catalog *cat, const char *text);
/* Does the tree have this file (relative to the root)? */
bool tq_catalog_has_file(struct tq_catalog *cat, const char *rel);

/* Human name of one feature bit, for "the kernel lacks ..." messages. */
const char *tq_feature_name(unsigned feature);

/* How many formats have been parsed so far (for tests and benchmarks). */
size_t tq_catalog_loaded(const struct tq_catalog *cat);

struct tep_handle *tq_catalog_tep(struct tq_catalog *cat);

#endif
