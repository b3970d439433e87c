/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_STREAM_H
#define TQ_CMD_STREAM_H

#include <stddef.h>

struct tq_tracefs;

/*
 * The reading and printing half of tq stream (the session around it is tq record's):
 * every CPU's trace_pipe_raw of the given buffers, read without blocking, printed as
 * tq report prints events.
 */
struct live;

/*
 * instances[i] is an instance name or NULL for the top buffer. Open after the events are
 * enabled: only the formats of enabled systems are loaded. Returns 0 or -1 (printed).
 */
int live_open(struct live **out, struct tq_tracefs *tfs, const char *const *instances,
	      size_t n);
/* Print what every CPU holds now, in timestamp order: 0, 1 once stdout is gone, -1 error */
int live_drain(struct live *lv);
/* An open trace_pipe_raw keeps its instance from being removed: close before restoring. */
void live_close_fds(struct live *lv);
void live_free(struct live *lv);

#endif
