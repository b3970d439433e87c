/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_HEATMAP_H
#define TQ_CMD_HIST_HEATMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * tq hist -i FILE --heatmap OUT.svg: the hits of a histogram's bucket key counted per
 * column of --step seconds of trace time (cmd/hist-heatmap.c).
 */
struct hist_heatmap;

int hist_heatmap_new(struct hist_heatmap **out, double step_s, const char *title,
		     const char *unit);
void hist_heatmap_free(struct hist_heatmap *hm);
/* The time the map starts at: the first event read (or --from). */
void hist_heatmap_start(struct hist_heatmap *hm, uint64_t ts);
/* One hit (a tq_eval_hit_fn for histogram `which`): 0 or a negative errno. */
int hist_heatmap_hit(void *hm, size_t hist, uint64_t ts, uint64_t bucket, uint64_t width);
/* Draw what was counted into path (an SVG). 0 or -1 once reported. */
int hist_heatmap_write(struct hist_heatmap *hm, const char *path);

#endif
