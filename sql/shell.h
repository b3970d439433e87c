/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_SHELL_H
#define TQ_SQL_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strlist.h"

struct tq_catalog;

/*
 * The pieces of `tq shell` that need no terminal: cutting typed lines into statements,
 * finding the events a statement names, and the candidates for tab completion.
 */

/* Lines typed so far that do not yet end a statement. */
struct tq_sh_buf {
	char *text;
	size_t len, cap;
};

void tq_sh_buf_init(struct tq_sh_buf *b);
void tq_sh_buf_release(struct tq_sh_buf *b);
void tq_sh_buf_clear(struct tq_sh_buf *b);
/* Append one line (a newline is added). 0 or -ENOMEM. */
int tq_sh_buf_add(struct tq_sh_buf *b, const char *line);
/* Is there anything but blanks and comments? */
bool tq_sh_buf_empty(const struct tq_sh_buf *b);
/*
 * Take the first complete statement (up to its ';', outside quotes and -- comments) out
 * of the buffer into *stmt (malloc'd, without the ';'). Returns 1 when one was taken,
 * 0 when none is complete yet, -ENOMEM.
 */
int tq_sh_buf_take(struct tq_sh_buf *b, char **stmt);

/* An event named after FROM or JOIN, with the name the statement calls it by. */
struct tq_sh_evref {
	char *sys;	/* NULL when written bare */
	char *name;
	char *alias;	/* NULL without one */
};

/*
 * The events a (possibly unfinished) statement names, in order. Never fails on bad SQL:
 * it reads what it can. Returns the count (at most max) or -ENOMEM.
 */
int tq_sh_events_of(const char *text, struct tq_sh_evref *refs, size_t max);
void tq_sh_evrefs_release(struct tq_sh_evref *refs, size_t n);

/* Characters that end a word for completion ('.' is not one: "alias.field" is a word). */
extern const char tq_sh_word_breaks[];

/* What completes the word being typed. */
struct tq_sh_complete_in {
	struct tq_catalog *cat;
	const char *before;	/* the statement so far, up to the start of the word */
	const char *word;	/* the word being typed */
	const char *after;	/* the rest of the line after the cursor, or NULL */
	const char *const *extra_events; /* events made in this session ("name"), or NULL */
	size_t nextra;
	/* fields of a session event (not in the catalog), or NULL */
	int (*extra_fields)(void *ctx, const char *event, struct tq_strlist *out);
	void *ctx;
};

/*
 * Add every candidate that starts with the word to out (sorted, unique). Backslash
 * commands and their arguments are completed too when before is blank and the word
 * or line starts with '\'. Returns 0 or -ENOMEM.
 */
int tq_sh_complete(const struct tq_sh_complete_in *in, struct tq_strlist *out);

/* The backslash commands, for completion and help. */
struct tq_sh_meta {
	const char *name;	/* "\d" */
	const char *args;	/* "EVENT", or "" */
	const char *help;
};
extern const struct tq_sh_meta tq_sh_metas[];

/* Fields an event's query can name besides its format's: TIMESTAMP_USECS, COMM, ... */
extern const char *const tq_sh_pseudo_fields[];

#endif
