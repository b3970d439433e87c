/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_HEATMAP_H
#define TQ_CMD_HIST_HEATMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print/histfile.h"

/*
 * tq hist --heatmap OUT.svg: the hits of a histogram's bucket key counted per column of
 * time, one map per value of the other keys (cmd/hist-heatmap.c). Offline the columns are
 * --step seconds of trace time; live, one per --interval, what the kernel's table gained.
 */
struct hist_heatmap;
struct tq_eval;
struct tq_sql_hist;
struct tq_sql_compiled;
struct tq_tracefs;

int hist_heatmap_new(struct hist_heatmap **out, double step_s, const char *title,
		     const char *unit);
/*
 * The heat map of histogram h, refused (reported, -1) when it has no bucket key or when
 * key_sel (--heatmap-key KEY=VALUE, or NULL) names no other key of it.
 */
int hist_heatmap_for(struct hist_heatmap **out, const struct tq_sql_hist *h, double step_s,
		     const char *title, const char *key_sel);
void hist_heatmap_free(struct hist_heatmap *hm);
/* Live runs write path at the end: a directory tq cannot write is refused before. 0 or -1. */
int hist_heatmap_path_ok(const char *path);

/* Offline: the engine whose hits hist_heatmap_hit() is given. */
void hist_heatmap_on_eval(struct hist_heatmap *hm, const struct tq_eval *e);
/* The time the map starts at: the first event read (or --from). */
void hist_heatmap_start(struct hist_heatmap *hm, uint64_t ts);
/* One hit (a tq_eval_hit_fn for histogram `which`): 0 or a negative errno. */
int hist_heatmap_hit(void *hm, size_t hist, uint64_t ts, uint64_t bucket, uint64_t width);

/* Live: the kernel's table now, the next column. 0 or -1 once reported. */
int hist_heatmap_table(struct hist_heatmap *hm, const struct tq_hist_table *t);

/*
 * Live, at each --interval and at the end (last): read the first histogram's table, count
 * its column, and show it: path "-" redraws the terminal view at each interval when stdout
 * is a terminal (else nothing until the end), an SVG path leaves the usual text output;
 * at the end, the histogram and then the map (into path). 0 or -1 once reported.
 */
int hist_heatmap_live(struct hist_heatmap *hm, const char *path, struct tq_tracefs *tfs,
		      const struct tq_sql_compiled *c, enum tq_hist_format fmt, bool stamp,
		      bool last);

/* Draw what was counted into path (an SVG), or "-": the terminal. 0 or -1 once reported. */
int hist_heatmap_write(struct hist_heatmap *hm, const char *path);
/* The terminal view so far, drawn over the screen (live, on a terminal). 0 or -1. */
int hist_heatmap_redraw(struct hist_heatmap *hm);

#endif
