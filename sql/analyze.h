/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_ANALYZE_H
#define TQ_SQL_ANALYZE_H

/*
 * The analyzer: a parsed statement checked against the event catalog, every name
 * resolved and typed. What the back ends (sql/backend.c) turn into steps.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/ast.h"
#include "sql/sql.h"

struct tq_catalog;
struct tep_event;

#define TQ_SQL_MAX_EVENTS 8	/* events in one JOIN chain */
#define TQ_SQL_MAX_KEYS 3	/* TRACING_MAP_KEYS_MAX */
#define TQ_SQL_MAX_VALS 2	/* TRACING_MAP_VALS_MAX (3) counts hitcount, always there */
#define TQ_SQL_MAX_OPS 3	/* operators in one hist expression (the kernel's subexpressions) */
#define TQ_SQL_MAX_SORT 2	/* TRACING_MAP_SORT_KEYS_MAX */
#define TQ_SQL_MAX_VARS 16	/* TRACING_MAP_VARS_MAX */
/* HIST_KEY_SIZE_MAX: a string (MAX_FILTER_STR_VAL, 256) and a stack (16 entries of 8) */
#define TQ_SQL_MAX_KEY_BYTES 384
#define TQ_SQL_STRING_KEY_BYTES 256	/* a key on a string of variable length */
#define TQ_SQL_STACK_KEY_BYTES 128

enum tq_sql_ts { TQ_TS_NONE, TQ_TS_NS, TQ_TS_USECS };

/* The type of a value as a synthetic event field sees it. */
struct tq_sql_type {
	char base[32];		/* pid_t, u64, char, unsigned long ... */
	char array[16];		/* "", "[16]", "[]" */
	int size;		/* bytes; 0 for dynamic strings */
	bool is_signed;
	bool is_string;
	bool is_stack;
	bool is_array;		/* a numeric array: cannot travel in a synthetic event */
	enum tq_sql_ts ts;
};

enum tq_sql_vkind { TQ_V_FIELD, TQ_V_CONST, TQ_V_BIN };

/* A resolved value: an event field (or pseudo-field), a constant, or arithmetic. */
struct tq_sql_val {
	enum tq_sql_vkind kind;
	int ev;			/* FIELD: index of the event in the query */
	char *field;		/* FIELD: the kernel's name: pid, common_timestamp.usecs, ... */
	char *name;		/* FIELD: the name a synthetic field takes by default */
	int64_t num;		/* CONST */
	enum tq_sql_op op;	/* BIN */
	struct tq_sql_val *l, *r;
	struct tq_sql_type type;
	struct tq_sql_pos pos;
};

enum tq_sql_role { TQ_ROLE_KEY, TQ_ROLE_SUM, TQ_ROLE_COUNT };

/* What a value keeps per key: the kernel's sum, or what only a file can give (sql/eval.c). */
enum tq_sql_agg { TQ_AGG_SUM, TQ_AGG_MIN, TQ_AGG_MAX, TQ_AGG_AVG, TQ_AGG_PCT };

struct tq_sql_aitem {
	char *name;		/* label, or the field's name */
	struct tq_sql_val *val;	/* NULL for count(*) */
	char mods[64];		/* kernel modifiers, each with its dot: ".hex", ".buckets=10" */
	enum tq_sql_role role;
	enum tq_sql_agg agg;	/* for TQ_ROLE_SUM */
	double pct;		/* TQ_AGG_PCT: 50, 90, 99, 99.9 */
	bool hidden;		/* only in GROUP BY */
	struct tq_sql_pos pos;
};

struct tq_sql_field_def {
	char *name;
	struct tq_sql_type type;
};

/* An event made by an earlier CREATE EVENT statement of the same script. */
struct tq_sql_created {
	char *name;
	struct tq_sql_field_def *fields;
	size_t nfields;
};

struct tq_sql_aevent {
	char *sys;
	char *name;
	char *alias;		/* NULL: none */
	struct tep_event *tep;	/* NULL for a created event */
	const struct tq_sql_created *created;
	char *filter;		/* kernel filter text, or NULL */
	struct tq_sql_pos pos;
};

struct tq_sql_onkey {
	struct tq_sql_val *left;	/* an earlier event */
	struct tq_sql_val *right;	/* the joined event */
};

struct tq_sql_ajoin {
	struct tq_sql_onkey keys[TQ_SQL_MAX_KEYS];
	size_t nkeys;
};

struct tq_sql_sort {
	int item;		/* index in items, -1 for hitcount */
	bool desc;
};

struct tq_sql_query {
	struct tq_sql_aevent ev[TQ_SQL_MAX_EVENTS];
	size_t nev;
	struct tq_sql_ajoin joins[TQ_SQL_MAX_EVENTS];	/* joins[k] joins ev[k]; [0] unused */
	struct tq_sql_aitem *items;
	size_t nitems;
	bool aggregate;		/* a JOIN query that also wants a histogram */
	struct tq_sql_sort sort[TQ_SQL_MAX_SORT];
	size_t nsort;
	long long limit;	/* -1: all rows */
	long long size;		/* -1: kernel default */
	char *synth;		/* the synthetic event's name (JOIN queries) */
	bool created;		/* CREATE EVENT: later statements may read it */
	struct tq_sql_pos pos;
};

/* State carried across the statements of one script. */
struct tq_sql_ctx {
	const char *src;
	char *origin;		/* the statement being compiled, for "from:" in apply errors */
	struct tq_catalog *cat;
	const struct tq_sql_options *opt;
	unsigned features;
	struct tq_sql_created *created;
	size_t ncreated;
	size_t anonymous;	/* JOIN statements named by default so far */
	struct tq_sql_diag *diag;
	struct tq_sql_diag *warnings;	/* what compiles but may not do all that was asked */
	size_t nwarnings;
	bool offline;		/* compiled for sql/eval.c: every aggregate is computed */
};

/* Note a warning; a failure to record one (ENOMEM) only loses it. */
void tq_sql_warn(struct tq_sql_ctx *ctx, const struct tq_sql_pos *pos, const char *hint,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

int tq_sql_analyze(struct tq_sql_ctx *ctx, const struct tq_sql_stmt *st,
		   struct tq_sql_query *q);
void tq_sql_query_release(struct tq_sql_query *q);
void tq_sql_ctx_release(struct tq_sql_ctx *ctx);
void tq_sql_val_free(struct tq_sql_val *v);

/* "u64 lat" / "char comm[16]": one synthetic field declaration (malloc'd) */
char *tq_sql_field_decl(const char *name, const struct tq_sql_type *t);

/*
 * Does a value computed at stage s take the .usecs mark (sql/backend.c)? *clash is set when
 * it mixes marked and unmarked operands, which the kernel refuses: then the back end
 * computes the stage's own microseconds as common_timestamp/1000 (truncated, not rounded).
 */
bool tq_sql_usecs_mark(const struct tq_sql_val *v, size_t s, bool *clash);

/*
 * Does stage s of a JOIN (1..nev-1) compute its microsecond timestamps as
 * common_timestamp/1000 instead of common_timestamp.usecs (sql/backend.c)? When an item
 * mixes them with plain numbers, and when one of its triggers also reads nanoseconds: the
 * kernel's ts_in_usecs is per trigger, set by any .usecs field, and then turns every
 * common_timestamp of that trigger into microseconds.
 */
bool tq_sql_stage_div_usecs(const struct tq_sql_query *q, size_t s);

/*
 * The stage that computes timestamp leaf v of a JOIN's last stage: the last one for its own
 * event, the event before it and a chain of two; else the first stage that carries it.
 */
size_t tq_sql_ts_stage(size_t last, const struct tq_sql_val *v);

/* Back end: one analyzed statement into steps (sql/backend.c). */
struct tq_sql_compiled;
int tq_sql_emit(const struct tq_sql_query *q, const struct tq_sql_ctx *ctx,
		struct tq_sql_compiled *out);

#endif
