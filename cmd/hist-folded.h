/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_FOLDED_H
#define TQ_CMD_HIST_FOLDED_H

/*
 * tq hist --folded / --flamegraph FILE.svg: a histogram keyed by STACKTRACE as collapsed
 * stacks, live (the kernel's hist file) or from a file (cmd/hist-file.c), each stack
 * weighed by its hitcount or by one of its values (--weight NAME).
 */
#include <stdbool.h>

#include "print/histfile.h"

struct tq_tracefs;
struct tq_sql_compiled;

struct hist_flame_opts {
	bool folded;
	const char *svg;	/* --flamegraph FILE.svg */
	const char *weight;	/* --weight NAME: a value of the histogram, NULL: hitcount */
	int width;		/* --flame-width PX, -1: the default */
};

static inline bool hist_flame_wanted(const struct hist_flame_opts *o)
{
	return o->folded || o->svg;
}

/*
 * The options' own checks, and with c whether its histogram can be folded: a usage error
 * (-1 reported), before anything is set up.
 */
int hist_flame_check(const struct hist_flame_opts *o, const struct tq_sql_compiled *c,
		     const char *query);
/* Fold table t (its trigger's title for the picture). 0 or -1 once reported. */
int hist_flame_table(const struct tq_hist_table *t, const struct hist_flame_opts *o,
		     const char *title);
/* Live: read the first histogram of c back from the kernel and fold it. 0 or -1. */
int hist_flame_live(struct tq_tracefs *tfs, const struct tq_sql_compiled *c,
		    const struct hist_flame_opts *o);

#endif
