/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_HEATMAP_H
#define TQ_PRINT_HEATMAP_H

/*
 * Latency heat maps: time on x in columns of a fixed step from t0, a histogram's buckets
 * on y (ascending, lowest at the bottom), colour = the count of a cell. The caller (the
 * offline engine with event timestamps, the live --interval view with per-interval
 * deltas) fills a grid; these render it as a self-contained SVG or in the terminal.
 *
 * Both renderers aggregate: adjacent columns are summed until the picture has at most
 * TQ_HEATMAP_MAX_CELLS cells (SVG) or fits the terminal's width, so the output's size
 * depends on the grid's shape, never on the number of events counted.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* One bucket: values v with lo <= v < hi, labelled for the axis. */
struct tq_heatmap_row {
	double lo, hi;
	char label[32];
};

struct tq_heatmap {
	const char *title;		/* the query (a long one is wrapped) */
	const char *subtitle;		/* under it, e.g. the value of the other keys, or NULL */
	const char *unit;		/* of the bucket values, e.g. "ns" ("" for none) */
	uint64_t t0_ns, step_ns;	/* column c covers [t0 + c*step, t0 + (c+1)*step) */
	int ncols, nrows;
	struct tq_heatmap_row *rows;	/* nrows, ascending and not overlapping */
	uint64_t *counts;		/* nrows x ncols: counts[row * ncols + col] */
};

/* The SVG writer's bound on drawn cells: about 1 MB of output at most. */
#define TQ_HEATMAP_MAX_CELLS 8192

/*
 * A zeroed grid of ncols columns and the rows between lo and hi (values), every bucket
 * present whether it will hold a count or not: log2 buckets [2^k, 2^(k+1)) (and [0, 1)
 * when lo is 0) or linear ones of width `size`.
 */
int tq_heatmap_init_log2(struct tq_heatmap *h, uint64_t lo, uint64_t hi, int ncols);
int tq_heatmap_init_linear(struct tq_heatmap *h, uint64_t lo, uint64_t hi, uint64_t size,
			   int ncols);
void tq_heatmap_release(struct tq_heatmap *h);
/* Count n events of value v at time ts_ns (out of the grid: -ERANGE). */
int tq_heatmap_add(struct tq_heatmap *h, uint64_t ts_ns, double v, uint64_t n);

/* The grid is well formed: -EINVAL with a message saying what is wrong. */
int tq_heatmap_check(const struct tq_heatmap *h);

/* width x height pixels of the whole picture (0: 1000 x 20 per row, at least 300). */
int tq_heatmap_svg(const struct tq_heatmap *h, int width, int height, FILE *out);

/*
 * n maps one below the other in one picture (one per value of a histogram's other keys),
 * each with its own title, subtitle, axes and scale; height is each map's.
 */
#define TQ_HEATMAP_MAX_MAPS 64
int tq_heatmap_svg_stack(const struct tq_heatmap *maps, int n, int width, int height,
			 FILE *out);

/* Shade blocks (or ANSI 256-colour cells with color) in width terminal columns. */
int tq_heatmap_term(const struct tq_heatmap *h, int width, bool color, FILE *out);

#endif
