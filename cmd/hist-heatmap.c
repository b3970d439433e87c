// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The latency heat map of tq hist -i: every hit of the first histogram's bucket key,
 * counted in a cell of (column of --step seconds since the first event, bucket), kept
 * sparse while the file is read (memory grows with the cells that hold a count, not with
 * the events), then drawn by lib/print/heatmap.c with one row per bucket of the kernel's:
 * log2 bucket k holds (2^(k-1), 2^k], a .buckets=N bucket [b, b+N). Buckets between the
 * lowest and the highest seen are drawn empty rather than left out.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "builtin.h"
#include "hist-heatmap.h"
#include "print/heatmap.h"
#include "util/diag.h"

struct cell {
	uint64_t col, bucket, count;
};

struct hist_heatmap {
	uint64_t step_ns, t0, width;
	bool started, log2_known;
	const char *title, *unit;
	struct cell *cells;	/* open addressing on (col, bucket); count 0 is free */
	size_t ncells, cap;
};

int hist_heatmap_new(struct hist_heatmap **out, double step_s, const char *title,
		     const char *unit)
{
	struct hist_heatmap *hm = calloc(1, sizeof(*hm));

	if (!hm)
		return -ENOMEM;
	hm->step_ns = (uint64_t)llround(step_s * 1e9);
	if (!hm->step_ns)
		hm->step_ns = 1;
	hm->title = title;
	hm->unit = unit;
	*out = hm;
	return 0;
}

void hist_heatmap_free(struct hist_heatmap *hm)
{
	if (hm)
		free(hm->cells);
	free(hm);
}

void hist_heatmap_start(struct hist_heatmap *hm, uint64_t ts)
{
	if (!hm->started) {
		hm->t0 = ts;
		hm->started = true;
	}
}

static size_t slot(const struct hist_heatmap *hm, uint64_t col, uint64_t bucket)
{
	uint64_t h = (col * 0x9e3779b97f4a7c15ull) ^ (bucket + 0x632be59bd9b4e019ull);

	h ^= h >> 29;
	return (size_t)(h & (hm->cap - 1));
}

static int grow(struct hist_heatmap *hm)
{
	size_t ncap = hm->cap ? hm->cap * 2 : 1024;
	struct cell *old = hm->cells, *nc = calloc(ncap, sizeof(*nc));
	size_t ocap = hm->cap;

	if (!nc)
		return -ENOMEM;
	hm->cells = nc;
	hm->cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		size_t j;

		if (!old[i].count)
			continue;
		for (j = slot(hm, old[i].col, old[i].bucket); nc[j].count; j = (j + 1) & (ncap - 1))
			;
		nc[j] = old[i];
	}
	free(old);
	return 0;
}

int hist_heatmap_hit(void *ctx, size_t hist, uint64_t ts, uint64_t bucket, uint64_t width)
{
	struct hist_heatmap *hm = ctx;
	uint64_t col;
	size_t j;

	/* the picture is of the first histogram: a script's others have their own keys */
	if (hist)
		return 0;
	hm->width = width;
	col = ts > hm->t0 ? (ts - hm->t0) / hm->step_ns : 0;
	if (col >= 1000000)
		return tq_fail(ERANGE, "the heat map would have over a million columns: give a "
			       "longer --step");
	if ((hm->ncells + 1) * 2 > hm->cap && grow(hm))
		return -ENOMEM;
	for (j = slot(hm, col, bucket); hm->cells[j].count; j = (j + 1) & (hm->cap - 1)) {
		if (hm->cells[j].col == col && hm->cells[j].bucket == bucket) {
			hm->cells[j].count++;
			return 0;
		}
	}
	hm->cells[j] = (struct cell){ .col = col, .bucket = bucket, .count = 1 };
	hm->ncells++;
	return 0;
}

/* Row r of the map: the kernel's bucket lo + r (log2) or lo + r * width. */
static void set_row(struct tq_heatmap_row *row, uint64_t b, uint64_t width)
{
	if (width) {
		row->lo = (double)b;
		row->hi = (double)(b + width);
		snprintf(row->label, sizeof(row->label), "%llu-%llu", (unsigned long long)b,
			 (unsigned long long)(b + width - 1));
		return;
	}
	/* (2^(b-1), 2^b] of integers is [2^(b-1) + 1, 2^b + 1) */
	row->lo = b ? ldexp(1, (int)b - 1) + 1 : 0;
	row->hi = ldexp(1, (int)b) + 1;
	snprintf(row->label, sizeof(row->label), "2^%llu", (unsigned long long)b);
}

int hist_heatmap_write(struct hist_heatmap *hm, const char *path)
{
	uint64_t lo = UINT64_MAX, hi = 0, maxcol = 0, step;
	struct tq_heatmap h = { .title = hm->title, .unit = hm->unit };
	FILE *f;
	int ret = 0;

	for (size_t i = 0; i < hm->cap; i++) {
		if (!hm->cells[i].count)
			continue;
		lo = hm->cells[i].bucket < lo ? hm->cells[i].bucket : lo;
		hi = hm->cells[i].bucket > hi ? hm->cells[i].bucket : hi;
		maxcol = hm->cells[i].col > maxcol ? hm->cells[i].col : maxcol;
	}
	if (!hm->ncells)
		return error("no hits to draw: the query's histogram is empty in this file");
	step = hm->width ? hm->width : 1;
	if ((hi - lo) / step + 1 > 4096)
		return error("the heat map would have %llu rows: at most 4096 fit (use larger "
			     "buckets)", (unsigned long long)((hi - lo) / step + 1));
	h.nrows = (int)((hi - lo) / step + 1);
	h.ncols = (int)maxcol + 1;
	h.t0_ns = hm->t0;
	h.step_ns = hm->step_ns;
	h.rows = calloc((size_t)h.nrows, sizeof(*h.rows));
	h.counts = calloc((size_t)h.nrows * (size_t)h.ncols, sizeof(*h.counts));
	if (!h.rows || !h.counts) {
		free(h.rows);
		free(h.counts);
		return error("out of memory");
	}
	for (int r = 0; r < h.nrows; r++)
		set_row(&h.rows[r], lo + (uint64_t)r * step, hm->width);
	for (size_t i = 0; i < hm->cap; i++) {
		const struct cell *c = &hm->cells[i];

		if (c->count)
			h.counts[(size_t)((c->bucket - lo) / step) * (size_t)h.ncols + c->col] +=
				c->count;
	}
	if (!strcmp(path, "-")) {
		/* in the terminal, after the histogram: shades, or colours where they are wanted */
		struct winsize ws;
		int width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
		int err = tq_heatmap_term(&h, width, want_color(stdout), stdout);

		if (err)
			ret = error("%s", tq_errmsg(err));
		free(h.rows);
		free(h.counts);
		return ret;
	}
	f = fopen(path, "w");
	if (!f) {
		ret = error_errno("cannot write '%s'", path);
	} else {
		int err = tq_heatmap_svg(&h, 0, 0, f);

		if (err)
			ret = error("%s", tq_errmsg(err));
		if (fclose(f) && !ret)
			ret = error_errno("cannot write '%s'", path);
		if (ret)
			unlink(path);
	}
	free(h.rows);
	free(h.counts);
	return ret;
}
