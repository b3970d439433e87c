/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_HISTFILE_H
#define TQ_PRINT_HISTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The kernel's `hist` file, parsed: one table per hist trigger on the event, each with
 * its trigger text, rows of keys and values, and the totals. Keys stay text as the kernel
 * printed them (names, symbols, "2^5" for log2 buckets); values are numbers.
 */
enum tq_hist_bucket { TQ_HB_NONE, TQ_HB_LOG2, TQ_HB_LINEAR };

struct tq_hist_row {
	char **keys;		/* nkeys texts, spaces collapsed */
	double *vals;		/* nvals numbers (percentages keep their fraction) */
	uint64_t hitcount;
	/* for a key shown as a log2 or linear bucket: its range [lo, hi] */
	uint64_t lo, hi;
};

struct tq_hist_table {
	char *trigger;		/* "hist:keys=...", without "[active]" */
	char **key_names;
	size_t nkeys;
	char **val_names;	/* values other than hitcount */
	size_t nvals;
	int bucket_key;		/* index of the key shown as a bucket, or -1 */
	enum tq_hist_bucket bucket;
	struct tq_hist_row *rows;
	size_t nrows;
	uint64_t hits, entries, dropped;
	bool has_totals;
};

struct tq_hist {
	struct tq_hist_table *tables;
	size_t ntables;
};

/* Parse the text of a hist file. Returns 0, -EINVAL (with tq_errmsg) or -ENOMEM. */
int tq_hist_parse(const char *text, struct tq_hist *out);
void tq_hist_release(struct tq_hist *h);

/* Find the table of one trigger (its text as written, modifiers included), or NULL. */
const struct tq_hist_table *tq_hist_find(const struct tq_hist *h, const char *trigger);

enum tq_hist_format {
	TQ_HIST_AUTO,	/* bars when a key is a log2/linear bucket, else a table */
	TQ_HIST_TABLE,
	TQ_HIST_BARS,
	TQ_HIST_JSON,
};

/* Render one table; limit < 0 shows every row. */
int tq_hist_render(const struct tq_hist_table *t, enum tq_hist_format fmt, long long limit,
		   FILE *out);

#endif
