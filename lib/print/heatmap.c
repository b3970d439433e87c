// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Latency heat maps as SVG and terminal text (heatmap.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "print/flamegraph.h"
#include "print/heatmap.h"
#include "util/diag.h"

/* ---- grids ---- */

static int grid_alloc(struct tq_heatmap *h, int nrows, int ncols)
{
	if (ncols <= 0 || ncols > 1000000)
		return tq_fail(EINVAL, "a heat map of %d columns: give 1 to 1000000", ncols);
	if (nrows <= 0 || nrows > 4096)
		return tq_fail(EINVAL, "a heat map of %d buckets: at most 4096 fit", nrows);
	memset(h, 0, sizeof(*h));
	h->rows = calloc(nrows, sizeof(*h->rows));
	h->counts = calloc((size_t)nrows * ncols, sizeof(*h->counts));
	if (!h->rows || !h->counts) {
		tq_heatmap_release(h);
		return -ENOMEM;
	}
	h->nrows = nrows;
	h->ncols = ncols;
	h->step_ns = 1000000000;
	h->unit = "";
	return 0;
}

void tq_heatmap_release(struct tq_heatmap *h)
{
	free(h->rows);
	free(h->counts);
	memset(h, 0, sizeof(*h));
}

static void row_set(struct tq_heatmap_row *r, double lo, double hi)
{
	r->lo = lo;
	r->hi = hi;
	if (hi - lo <= 1)
		snprintf(r->label, sizeof(r->label), "%.0f", lo);
	else
		snprintf(r->label, sizeof(r->label), "%.0f-%.0f", lo, hi - 1);
}

int tq_heatmap_init_log2(struct tq_heatmap *h, uint64_t lo, uint64_t hi, int ncols)
{
	int first = 0, last = 0, n, i, err;

	if (hi < lo)
		return tq_fail(EINVAL, "buckets from %llu to %llu: the top is below the bottom",
			       (unsigned long long)lo, (unsigned long long)hi);
	while (first < 63 && (2ull << first) <= lo)
		first++;
	while (last < 63 && (2ull << last) <= hi)
		last++;
	n = last - first + 1 + (lo == 0);
	err = grid_alloc(h, n, ncols);
	if (err)
		return err;
	i = 0;
	if (lo == 0)
		row_set(&h->rows[i++], 0, 1);
	for (; i < n; i++) {
		int k = first + i - (lo == 0);

		row_set(&h->rows[i], ldexp(1, k), ldexp(1, k + 1));
	}
	return 0;
}

int tq_heatmap_init_linear(struct tq_heatmap *h, uint64_t lo, uint64_t hi, uint64_t size,
			   int ncols)
{
	uint64_t base;
	int n, i, err;

	if (!size)
		return tq_fail(EINVAL, "linear buckets of width 0: give a width of 1 or more");
	if (hi < lo)
		return tq_fail(EINVAL, "buckets from %llu to %llu: the top is below the bottom",
			       (unsigned long long)lo, (unsigned long long)hi);
	base = lo / size * size;
	if ((hi - base) / size >= 4096)
		return tq_fail(EINVAL, "%llu buckets of %llu from %llu to %llu: at most 4096 fit, "
			       "give wider buckets", (unsigned long long)((hi - base) / size + 1),
			       (unsigned long long)size, (unsigned long long)lo,
			       (unsigned long long)hi);
	n = (int)((hi - base) / size) + 1;
	err = grid_alloc(h, n, ncols);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		row_set(&h->rows[i], (double)(base + i * size), (double)(base + (i + 1) * size));
	return 0;
}

int tq_heatmap_add(struct tq_heatmap *h, uint64_t ts_ns, double v, uint64_t n)
{
	uint64_t col;
	int lo = 0, hi = h->nrows - 1;

	if (ts_ns < h->t0_ns || !h->step_ns || (col = (ts_ns - h->t0_ns) / h->step_ns) >=
	    (uint64_t)h->ncols)
		return -ERANGE;
	if (!h->nrows || v < h->rows[0].lo || v >= h->rows[hi].hi)
		return -ERANGE;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (h->rows[mid].lo <= v)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (v >= h->rows[lo].hi)
		return -ERANGE;	/* between two rows that do not touch */
	h->counts[(size_t)lo * h->ncols + col] += n;
	return 0;
}

int tq_heatmap_check(const struct tq_heatmap *h)
{
	int i;

	if (h->ncols <= 0 || h->nrows <= 0 || !h->rows || !h->counts)
		return tq_fail(EINVAL, "an empty heat map: %d columns, %d buckets", h->ncols,
			       h->nrows);
	if (!h->step_ns)
		return tq_fail(EINVAL, "a heat map step of 0 s: give a step above 0");
	if (h->nrows > TQ_HEATMAP_MAX_CELLS)
		return tq_fail(EINVAL, "a heat map of %d buckets: at most %d fit", h->nrows,
			       TQ_HEATMAP_MAX_CELLS);
	for (i = 0; i < h->nrows; i++) {
		if (!(h->rows[i].lo < h->rows[i].hi))
			return tq_fail(EINVAL, "heat map bucket %d ('%s') is empty: %g to %g", i,
				       h->rows[i].label, h->rows[i].lo, h->rows[i].hi);
		if (i && h->rows[i].lo < h->rows[i - 1].hi)
			return tq_fail(EINVAL, "heat map buckets %d and %d overlap or are not "
				       "ascending: '%s' after '%s'", i - 1, i, h->rows[i].label,
				       h->rows[i - 1].label);
	}
	return 0;
}

/* ---- what both renderers share ---- */

/* Columns of the source summed k at a time. */
struct merged {
	const struct tq_heatmap *h;
	int k, ncols;
	uint64_t max;
};

static uint64_t cell(const struct merged *m, int row, int col)
{
	const uint64_t *c = m->h->counts + (size_t)row * m->h->ncols;
	int from = col * m->k, to = from + m->k, i;
	uint64_t sum = 0;

	if (to > m->h->ncols)
		to = m->h->ncols;
	for (i = from; i < to; i++)
		sum += c[i];
	return sum;
}

static void merge(struct merged *m, const struct tq_heatmap *h, int max_cols)
{
	int r, c;

	m->h = h;
	m->k = max_cols > 0 && h->ncols > max_cols ? (h->ncols + max_cols - 1) / max_cols : 1;
	m->ncols = (h->ncols + m->k - 1) / m->k;
	m->max = 0;
	for (r = 0; r < h->nrows; r++)
		for (c = 0; c < m->ncols; c++) {
			uint64_t v = cell(m, r, c);

			if (v > m->max)
				m->max = v;
		}
}

/* 0 for none, else (0, 1]: counts span orders of magnitude, so the scale is logarithmic */
static double level(uint64_t count, uint64_t max)
{
	if (!count || !max)
		return 0;
	return max == 1 ? 1 : log1p((double)count) / log1p((double)max);
}

/* The count at a level, the legend's inverse of level(). */
static double count_at(double t, uint64_t max)
{
	return expm1(t * log1p((double)max));
}

/* A time unit that suits the step: its name and nanoseconds. */
static const char *time_unit(uint64_t step_ns, double *div)
{
	if (step_ns >= 1000000000) {
		*div = 1e9;
		return "s";
	}
	if (step_ns >= 1000000) {
		*div = 1e6;
		return "ms";
	}
	if (step_ns >= 1000) {
		*div = 1e3;
		return "us";
	}
	*div = 1;
	return "ns";
}

/* ---- SVG ---- */

static const unsigned char ylorrd[][3] = {
	{ 255, 255, 204 }, { 255, 237, 160 }, { 254, 217, 118 }, { 254, 178, 76 },
	{ 253, 141, 60 }, { 252, 78, 42 }, { 227, 26, 28 }, { 189, 0, 38 }, { 128, 0, 38 },
};
#define NSTOPS ((int)(sizeof(ylorrd) / sizeof(ylorrd[0])))

static void colour(double t, char buf[8])
{
	double x = t * (NSTOPS - 1);
	int i = (int)x, c[3], j;

	if (i >= NSTOPS - 1)
		i = NSTOPS - 2;
	x -= i;
	for (j = 0; j < 3; j++)
		c[j] = (int)lround(ylorrd[i][j] + (ylorrd[i + 1][j] - ylorrd[i][j]) * x);
	snprintf(buf, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

#define L_MARGIN 110
#define R_MARGIN 120
#define T_MARGIN 40
#define B_MARGIN 50
/* the title's lines: 15px text 18px apart, under 9 pixels a character */
#define TITLE_LINE 18
#define TITLE_CHAR 9
#define TITLE_MAX_LINES 6

struct svg {
	const struct tq_heatmap *h;
	struct merged m;
	FILE *out;
	int width, height, top;	/* top: the plot's, below the title */
	double pw, ph, cw, rh;	/* plot size, cell width, row height */
	const char *tunit;
	double tdiv;
};

static void svg_cells(struct svg *s)
{
	const struct tq_heatmap *h = s->h;
	FILE *out = s->out;
	int r, c;

	for (r = 0; r < h->nrows; r++) {
		double y = s->top + (h->nrows - 1 - r) * s->rh;

		for (c = 0; c < s->m.ncols; c++) {
			uint64_t n = cell(&s->m, r, c);
			uint64_t from = (uint64_t)c * s->m.k * h->step_ns;
			uint64_t to = from + (uint64_t)s->m.k * h->step_ns;
			char fill[8];

			if (!n)
				continue;
			if (to > (uint64_t)h->ncols * h->step_ns)
				to = (uint64_t)h->ncols * h->step_ns;
			colour(level(n, s->m.max), fill);
			fprintf(out, "<rect class=\"c\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
				"height=\"%.2f\" fill=\"%s\"><title>%g-%g %s, ", L_MARGIN +
				c * s->cw, y, s->cw, s->rh, fill, from / s->tdiv, to / s->tdiv,
				s->tunit);
			tq_svg_text(out, h->rows[r].label);
			fprintf(out, "%s%s: %llu</title></rect>\n", *h->unit ? " " : "", h->unit,
				(unsigned long long)n);
		}
	}
}

static void svg_axes(struct svg *s)
{
	const struct tq_heatmap *h = s->h;
	FILE *out = s->out;
	int every = (int)ceil(14 / s->rh), r, c, ticks, step;
	double bottom = s->top + s->ph;

	fputs("<g class=\"ylabels\" text-anchor=\"end\">\n", out);
	for (r = 0; r < h->nrows; r++) {
		if (r % (every ? every : 1))
			continue;
		fprintf(out, "<text class=\"yl\" x=\"%d\" y=\"%.2f\">", L_MARGIN - 5,
			s->top + (h->nrows - r - 0.5) * s->rh + 4);
		tq_svg_text(out, h->rows[r].label);
		fputs("</text>\n", out);
	}
	fputs("</g>\n<g class=\"xlabels\" text-anchor=\"middle\">\n", out);
	/* a label every 80 pixels or so, on column boundaries */
	ticks = (int)(s->pw / 80);
	step = ticks > 0 ? (s->m.ncols + ticks - 1) / ticks : s->m.ncols;
	if (step < 1)
		step = 1;
	for (c = 0; c <= s->m.ncols; c += step) {
		uint64_t t = (uint64_t)c * s->m.k * h->step_ns;

		if (t > (uint64_t)h->ncols * h->step_ns)
			t = (uint64_t)h->ncols * h->step_ns;
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#444\"/><text class=\"xl\" x=\"%.2f\" y=\"%.2f\">%g</text>\n",
			L_MARGIN + c * s->cw, bottom, L_MARGIN + c * s->cw, bottom + 4,
			L_MARGIN + c * s->cw, bottom + 16, t / s->tdiv);
	}
	fprintf(out, "</g>\n<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">time (%s) "
		"from the first column, %g %s per column</text>\n", L_MARGIN + s->pw / 2,
		bottom + 36, s->tunit, (double)s->m.k * h->step_ns / s->tdiv, s->tunit);
	fprintf(out, "<text x=\"14\" y=\"%.2f\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 14 %.2f)\">", s->top + s->ph / 2, s->top + s->ph / 2);
	tq_svg_text(out, *h->unit ? h->unit : "bucket");
	fputs("</text>\n", out);
}

static void svg_legend(struct svg *s)
{
	FILE *out = s->out;
	double x = s->width - R_MARGIN + 20, top = s->top, hgt = s->ph < 200 ? s->ph : 200;
	int i, n = 20;
	long mid;

	fprintf(out, "<g class=\"legend\"><text x=\"%.2f\" y=\"%.2f\">count</text>\n", x,
		top - 6);
	for (i = 0; i < n; i++) {
		char fill[8];

		colour((double)(n - i) / n, fill);
		fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"16\" height=\"%.2f\" "
			"fill=\"%s\"/>\n", x, top + i * hgt / n, hgt / n + 0.3, fill);
	}
	fprintf(out, "<text class=\"ll\" x=\"%.2f\" y=\"%.2f\">%llu</text>\n", x + 22, top + 10,
		(unsigned long long)s->m.max);
	/* the middle of the scale, when it is a count of its own (max 3 has 1 there) */
	mid = lround(count_at(0.5, s->m.max));
	if (mid > 1 && (uint64_t)mid < s->m.max)
		fprintf(out, "<text class=\"ll\" x=\"%.2f\" y=\"%.2f\">%ld</text>\n", x + 22,
			top + hgt / 2 + 4, mid);
	fprintf(out, "<text class=\"ll\" x=\"%.2f\" y=\"%.2f\">1</text>\n"
		"<text x=\"%.2f\" y=\"%.2f\">(log scale)</text></g>\n", x + 22, top + hgt, x,
		top + hgt + 18);
}

/*
 * The title's lines: a long query is wrapped at spaces (a word longer than a line is cut)
 * into at most TITLE_MAX_LINES of maxch characters, the last one ending in "..." when the
 * query is longer still (the whole of it stays in the title's tooltip). Runs of white space,
 * newlines of a query read from a file included, are one space. Returns the number of lines;
 * start[i] and len[i] are in s.
 */
static int wrap_title(const char *s, int maxch, const char *start[], int len[], bool *cut)
{
	int n = 0;

	*cut = false;
	if (maxch < 10)
		maxch = 10;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	while (*s) {
		const char *brk = NULL, *p = s;
		int w = 0;

		if (n == TITLE_MAX_LINES) {
			*cut = true;
			break;
		}
		for (; *p && w < maxch; p++) {
			bool sp = *p == ' ' || *p == '\t' || *p == '\n';

			if (sp && !(p > s && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n')))
				brk = p;
			/* UTF-8 continuation bytes take no room of their own */
			if (((unsigned char)*p & 0xc0) != 0x80)
				w++;
		}
		if (!*p || !brk)
			brk = p;
		while (brk > s && ((unsigned char)*brk & 0xc0) == 0x80)
			brk--;	/* not inside a character */
		start[n] = s;
		len[n++] = (int)(brk - s);
		s = brk;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
	}
	return n;
}

/* s with its runs of white space written as one space */
static void svg_text_spaced(FILE *out, const char *s, int len)
{
	char buf[512];
	int n = 0;

	for (int i = 0; i < len; i++) {
		bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';

		if (sp && n && buf[n - 1] == ' ')
			continue;
		buf[n++] = sp ? ' ' : s[i];
		if (n == (int)sizeof(buf) - 1) {
			buf[n] = '\0';
			tq_svg_text(out, buf);
			n = 0;
		}
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	tq_svg_text(out, buf);
}

struct title {
	const char *start[TITLE_MAX_LINES];
	int len[TITLE_MAX_LINES], n;
	bool cut;
};

static int title_height(const struct tq_heatmap *h, int width, struct title *t)
{
	const char *title = h->title && *h->title ? h->title : "Heat map";

	t->n = wrap_title(title, (width - 20) / TITLE_CHAR, t->start, t->len, &t->cut);
	return (t->n - 1) * TITLE_LINE + (h->subtitle && *h->subtitle ? TITLE_LINE : 0);
}

static void svg_title(const struct svg *s, const struct title *t)
{
	const struct tq_heatmap *h = s->h;
	FILE *out = s->out;

	for (int i = 0; i < t->n; i++) {
		fprintf(out, "<text class=\"title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
			s->width / 2, 24 + i * TITLE_LINE);
		svg_text_spaced(out, t->start[i], t->len[i]);
		if (i == t->n - 1 && t->cut) {
			fputs("...<title>", out);
			tq_svg_text(out, h->title);
			fputs("</title>", out);
		}
		fputs("</text>\n", out);
	}
	if (h->subtitle && *h->subtitle) {
		fprintf(out, "<text class=\"sub\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
			s->width / 2, 24 + t->n * TITLE_LINE);
		tq_svg_text(out, h->subtitle);
		fputs("</text>\n", out);
	}
}

static int svg_size(int width, int height)
{
	if (width < 0 || height < 0 || (width && width < L_MARGIN + R_MARGIN + 100) ||
	    width > 20000 || height > 20000 || (height && height < T_MARGIN + B_MARGIN + 50))
		return tq_fail(EINVAL, "a heat map of %d x %d pixels: give a width of %d to 20000 "
			       "and a height of %d to 20000 (0 for the default)", width, height,
			       L_MARGIN + R_MARGIN + 100, T_MARGIN + B_MARGIN + 50);
	return 0;
}

/* The layout of one map: its size, that of its plot and cells. */
static void svg_layout(struct svg *s, const struct tq_heatmap *h, int width, int height,
		       struct title *t)
{
	int max_cols, extra;

	s->h = h;
	s->width = width ? width : 1000;
	extra = title_height(h, s->width, t);
	s->top = T_MARGIN + extra;
	s->height = height ? height + extra : s->top + B_MARGIN +
		    (h->nrows * 20 < 300 ? 300 : h->nrows * 20 > 1200 ? 1200 : h->nrows * 20);
	s->pw = s->width - L_MARGIN - R_MARGIN;
	s->ph = s->height - s->top - B_MARGIN;
	/* at least 2 pixels a column, and a bounded number of cells */
	max_cols = (int)(s->pw / 2);
	if (max_cols > TQ_HEATMAP_MAX_CELLS / h->nrows)
		max_cols = TQ_HEATMAP_MAX_CELLS / h->nrows;
	merge(&s->m, h, max_cols);
	s->cw = s->pw / s->m.ncols;
	s->rh = s->ph / h->nrows;
	s->tunit = time_unit((uint64_t)s->m.k * h->step_ns, &s->tdiv);
}

/* One map at y in the picture: background, title, plot, cells, axes, legend. */
static void svg_map(struct svg *s, const struct title *t, int y)
{
	FILE *out = s->out;

	if (y)
		fprintf(out, "<g class=\"map\" transform=\"translate(0 %d)\">\n", y);
	else
		fputs("<g class=\"map\">\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", s->width,
		s->height);
	svg_title(s, t);
	fprintf(out, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%.2f\" "
		"height=\"%.2f\" fill=\"#f4f4f4\" stroke=\"#444\"/>\n<g class=\"cells\">\n",
		L_MARGIN, s->top, s->pw, s->ph);
	svg_cells(s);
	fputs("</g>\n", out);
	svg_axes(s);
	svg_legend(s);
	fputs("</g>\n", out);
}

static void svg_head(FILE *out, int width, int height)
{
	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\">\n"
		"<style>text{font-family:sans-serif;font-size:11px;fill:#000}"
		" text.title{font-size:15px} text.sub{font-size:13px}"
		" rect.c:hover{stroke:#000;stroke-width:1}</style>\n", width, height, width, height);
}

int tq_heatmap_svg(const struct tq_heatmap *h, int width, int height, FILE *out)
{
	return tq_heatmap_svg_stack(h, 1, width, height, out);
}

int tq_heatmap_svg_stack(const struct tq_heatmap *maps, int n, int width, int height,
			 FILE *out)
{
	struct svg s = { .out = out };
	struct title t;
	int err = svg_size(width, height), total = 0, y = 0, i;

	if (n < 1 || n > TQ_HEATMAP_MAX_MAPS)
		return tq_fail(EINVAL, "%d heat maps in one picture: give 1 to %d", n,
			       TQ_HEATMAP_MAX_MAPS);
	for (i = 0; !err && i < n; i++)
		err = tq_heatmap_check(&maps[i]);
	if (err)
		return err;
	/* the maps one below the other, each as tall as its own buckets want */
	for (i = 0; i < n; i++) {
		svg_layout(&s, &maps[i], width, height, &t);
		total += s.height;
	}
	svg_head(out, s.width, total);
	for (i = 0; i < n; i++) {
		svg_layout(&s, &maps[i], width, height, &t);
		svg_map(&s, &t, y);
		y += s.height;
	}
	fputs("</svg>\n", out);
	return ferror(out) ? tq_fail(EIO, "write error") : 0;
}

/* ---- terminal ---- */

static const char *const shades[] = { " ", "\u2591", "\u2592", "\u2593", "\u2588" };
/* xterm-256 colours near the SVG's palette, lightest first */
static const int ansi[] = { 230, 229, 221, 215, 209, 203, 196, 160, 124, 88 };
#define NANSI ((int)(sizeof(ansi) / sizeof(ansi[0])))

static int shade(double t)
{
	int i = (int)ceil(t * 4);

	return t <= 0 ? 0 : i < 1 ? 1 : i > 4 ? 4 : i;
}

static void term_cell(FILE *out, double t, bool color)
{
	if (!color) {
		fputs(shades[shade(t)], out);
	} else if (t <= 0) {
		fputc(' ', out);
	} else {
		int i = (int)ceil(t * NANSI) - 1;

		fprintf(out, "\033[48;5;%dm \033[0m", ansi[i < 0 ? 0 : i >= NANSI ? NANSI - 1 : i]);
	}
}

int tq_heatmap_term(const struct tq_heatmap *h, int width, bool color, FILE *out)
{
	struct merged m;
	int lw = 0, r, c, avail, err = tq_heatmap_check(h), i;
	double div;
	const char *tunit;

	if (err)
		return err;
	for (r = 0; r < h->nrows; r++)
		if ((int)strlen(h->rows[r].label) > lw)
			lw = (int)strlen(h->rows[r].label);
	avail = width - lw - 3;
	if (avail < 4)
		return tq_fail(EINVAL, "a terminal heat map %d columns wide: its labels need %d, "
			       "give %d or more", width, lw + 3, lw + 7);
	merge(&m, h, avail);
	tunit = time_unit((uint64_t)m.k * h->step_ns, &div);
	/* a query from a file: its lines and indents one space, as in the SVG */
	for (const char *p = h->title ? h->title : ""; *p; p++)
		if (!strchr(" \t\n", *p) || (p[1] && !strchr(" \t\n", p[1])))
			fputc(strchr("\t\n", *p) ? ' ' : *p, out);
	fprintf(out, "%s%s%s\n", *h->unit ? " (" : "", h->unit, *h->unit ? ")" : "");
	if (h->subtitle && *h->subtitle)
		fprintf(out, "%s\n", h->subtitle);
	for (r = h->nrows - 1; r >= 0; r--) {
		fprintf(out, "%*s |", lw, h->rows[r].label);
		for (c = 0; c < m.ncols; c++)
			term_cell(out, level(cell(&m, r, c), m.max), color);
		fputs("|\n", out);
	}
	fprintf(out, "%*s +", lw, "");
	for (c = 0; c < m.ncols; c++)
		fputc('-', out);
	fprintf(out, "+\n%*s  0", lw, "");
	{
		char end[32];
		int n = snprintf(end, sizeof(end), "%g %s", (double)h->ncols * h->step_ns / div,
				 tunit);

		/* right under the axis's end, or past the 0 when the map is narrow */
		fprintf(out, "%*s\n", m.ncols > n ? m.ncols : n + 1, end);
	}
	fprintf(out, "%*s  %g %s per column; count:", lw, "", (double)m.k * h->step_ns / div,
		tunit);
	if (!m.max) {
		fputs(" none\n", out);
		return ferror(out) ? tq_fail(EIO, "write error") : 0;
	}
	for (i = 1; i <= 4; i++) {
		double hi = i == 4 ? (double)m.max : floor(count_at(i / 4.0, m.max));
		double lo = i == 1 ? 1 : floor(count_at((i - 1) / 4.0, m.max)) + 1;

		if (hi < lo)
			continue;
		fputc(' ', out);
		term_cell(out, i / 4.0, color);
		fprintf(out, " %.0f-%.0f", lo, hi);
	}
	fputc('\n', out);
	return ferror(out) ? tq_fail(EIO, "write error") : 0;
}
