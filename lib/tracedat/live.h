/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_LIVE_H
#define TQ_TRACEDAT_LIVE_H

#include <stddef.h>
#include <stdio.h>

struct tq_tracefs;

/*
 * The reading and printing half of tq stream (the session around it is tq record's):
 * every CPU's trace_pipe_raw of the given buffers, read without blocking, printed as
 * tq report prints events. Functions return 0 or a negative errno (tq_errmsg says why).
 */
struct tq_live;

/*
 * instances[i] is an instance name or NULL for the top buffer. Open after the events are
 * enabled: only the formats of enabled systems are loaded. *out is set even on failure,
 * for tq_live_free().
 */
int tq_live_open(struct tq_live **out, struct tq_tracefs *tfs, const char *const *instances,
		 size_t n, FILE *out_stream);
/* Print what every CPU holds now, in timestamp order, to the stream given at open. */
int tq_live_drain(struct tq_live *lv);
/* An open trace_pipe_raw keeps its instance from being removed: close before restoring. */
void tq_live_close_fds(struct tq_live *lv);
void tq_live_free(struct tq_live *lv);

#endif
