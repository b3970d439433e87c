// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Heat map grids and their renderers (lib/print/heatmap.c) on grids of known counts.
 * With TQ_PICTURES_OUT=DIR it also leaves small.svg (3 cells) and big.svg (1,000,000
 * events) there for tests/pictures/heatmap.t to check with xmllint, rsvg-convert and
 * chromium.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/heatmap.h"
#include "util/diag.h"
#include "tap.h"

static char *render(const struct tq_heatmap *h, int svg, int width, bool color, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*rc = svg ? tq_heatmap_svg(h, width, 0, f) : tq_heatmap_term(h, width, color, f);
	fclose(f);
	return buf;
}

static int count_of(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

/* 10 log2 rows (1 to 1023), 10 columns of 1 s: 5 x 3 at 0 s, 1 x 1 at 4 s, 100 x 600 at 9 s */
static void small(struct tq_heatmap *h)
{
	ok(!tq_heatmap_init_log2(h, 1, 1000, 10), "a log2 grid from 1 to 1000");
	h->t0_ns = 5000000000ull;
	h->step_ns = 1000000000ull;
	h->title = "SELECT lat FROM x";
	h->unit = "ns";
	ok(!tq_heatmap_add(h, 5000000000ull, 3, 5), "5 events of 3 at t0");
	ok(!tq_heatmap_add(h, 9500000000ull, 1, 1), "1 event of 1 at 4.5 s");
	ok(!tq_heatmap_add(h, 14999999999ull, 600, 100), "100 events of 600 in the last column");
}

static void grids(void)
{
	struct tq_heatmap h;

	small(&h);
	is_int(h.nrows, 10, "rows 1, 2-3, 4-7, ..., 512-1023");
	is_str(h.rows[0].label, "1", "the first row's label");
	is_str(h.rows[9].label, "512-1023", "the last row's label");
	is_int(h.counts[1 * 10 + 0], 5, "3 falls in 2-3, column 0");
	is_int(h.counts[9 * 10 + 9], 100, "600 falls in 512-1023, column 9");
	is_int(tq_heatmap_add(&h, 4999999999ull, 3, 1), -ERANGE, "before t0 is out of the grid");
	is_int(tq_heatmap_add(&h, 15000000000ull, 3, 1), -ERANGE, "after the last column too");
	is_int(tq_heatmap_add(&h, 6000000000ull, 1024, 1), -ERANGE, "and above the top bucket");
	tq_heatmap_release(&h);

	ok(!tq_heatmap_init_log2(&h, 0, 5, 1), "a log2 grid from 0");
	is_int(h.nrows, 4, "rows 0, 1, 2-3, 4-7");
	is_str(h.rows[0].label, "0", "with a row for 0");
	tq_heatmap_release(&h);
	ok(!tq_heatmap_init_linear(&h, 15, 47, 10, 3), "linear buckets of 10 from 15 to 47");
	is_int(h.nrows, 4, "10-19, 20-29, 30-39, 40-49: every row, empty or not");
	is_str(h.rows[3].label, "40-49", "labelled by their bounds");
	tq_heatmap_release(&h);
	ok(tq_heatmap_init_linear(&h, 1, 10, 0, 3) == -EINVAL &&
	   strstr(tq_errmsg(-EINVAL), "width 0"), "linear buckets of width 0 are refused");
	ok(tq_heatmap_init_log2(&h, 1, 10, 0) == -EINVAL &&
	   strstr(tq_errmsg(-EINVAL), "0 columns"), "so is a grid of 0 columns");
	ok(tq_heatmap_init_linear(&h, 0, 1000000, 1, 3) == -EINVAL &&
	   strstr(tq_errmsg(-EINVAL), "at most 4096"), "and a million buckets");
}

static void bad_grids(void)
{
	struct tq_heatmap h;
	int rc;
	char *s;

	small(&h);
	h.step_ns = 0;
	s = render(&h, 1, 0, false, &rc);
	ok(rc == -EINVAL && strstr(tq_errmsg(rc), "step of 0"), "a step of 0 is refused");
	ok(s && !*s, "and nothing is written");
	free(s);
	h.step_ns = 1000000000ull;
	h.rows[4].lo = h.rows[3].lo;
	s = render(&h, 0, 80, false, &rc);
	ok(rc == -EINVAL && strstr(tq_errmsg(rc), "overlap"), "overlapping buckets are refused");
	free(s);
	tq_heatmap_release(&h);
	small(&h);
	s = render(&h, 1, 50, false, &rc);
	ok(rc == -EINVAL && strstr(tq_errmsg(rc), "50 x 0 pixels"), "a 50-pixel SVG is refused");
	free(s);
	s = render(&h, 0, 10, false, &rc);
	ok(rc == -EINVAL && strstr(tq_errmsg(rc), "10 columns wide"),
	   "so is a 10-column terminal");
	free(s);
	tq_heatmap_release(&h);
}

static const char small_term[] =
	"SELECT lat FROM x (ns)\n"
	"512-1023 |         \u2588|\n"
	" 256-511 |          |\n"
	" 128-255 |          |\n"
	"  64-127 |          |\n"
	"   32-63 |          |\n"
	"   16-31 |          |\n"
	"    8-15 |          |\n"
	"     4-7 |          |\n"
	"     2-3 |\u2592         |\n"
	"       1 |    \u2591     |\n"
	"         +----------+\n"
	"          0      10 s\n"
	"          1 s per column; count: \u2591 1-2 \u2592 3-9 \u2593 10-30 \u2588 31-100\n";

static void terminal(void)
{
	struct tq_heatmap h;
	char *s;
	int rc;

	small(&h);
	s = render(&h, 0, 80, false, &rc);
	ok(!rc, "the terminal heat map renders");
	/* log scale to 100: level(c) = ln(1+c)/ln(101), so 1 is 0.15 (first shade), 5 is 0.39
	 * (second), 100 is 1; the shades change at 101^(i/4) - 1 = 2.2, 9.0 and 30.9 */
	is_str(s, small_term, "shade blocks by log count, the highest bucket on top");
	free(s);
	s = render(&h, 0, 80, true, &rc);
	ok(!rc && count_of(s, "\033[48;5;") == 3 + 4, "with colour: 3 cells and the legend's 4");
	free(s);
	/* 10 columns into 5: pairs are summed */
	s = render(&h, 0, 17, false, &rc);
	ok(!rc && strstr(s, "2 s per column") && strstr(s, "512-1023 |    \u2588|"),
	   "a narrow terminal sums pairs of columns");
	free(s);
	tq_heatmap_release(&h);
}

static void svg(const char *dir)
{
	struct tq_heatmap h;
	char *s, path[4096];
	unsigned long long seed = 42, i;
	FILE *f;
	int rc;

	small(&h);
	s = render(&h, 1, 0, false, &rc);
	ok(!rc, "the SVG renders");
	is_int(count_of(s, "<rect class=\"c\""), 3, "one rect per non-empty cell");
	is_int(count_of(s, "class=\"yl\""), 10, "a label per bucket, the empty ones too");
	ok(strstr(s, "<title>0-1 s, 2-3 ns: 5</title>") != NULL,
	   "a tooltip with time range, bucket and count");
	ok(strstr(s, "<title>9-10 s, 512-1023 ns: 100</title>") != NULL, "the last column's");
	ok(strstr(s, ">SELECT lat FROM x</text>") != NULL, "the query is the title");
	if (dir) {
		snprintf(path, sizeof(path), "%s/small.svg", dir);
		f = fopen(path, "w");
		ok(f && fputs(s, f) >= 0 && !fclose(f), "small.svg written");
	}
	free(s);
	tq_heatmap_release(&h);

	/* a million events over 600 columns of 10 ms and 21 buckets: aggregated */
	ok(!tq_heatmap_init_log2(&h, 1, 1 << 20, 600), "a grid for a million events");
	h.step_ns = 10000000;
	h.unit = "ns";
	h.title = "SELECT lat FROM big";
	for (i = 0; i < 1000000; i++) {
		unsigned long long col, bits;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		col = (seed >> 33) % 600;
		bits = 1 + (col / 60 + (seed >> 20) % 8) % 20;
		if (tq_heatmap_add(&h, col * h.step_ns, (double)(1ull << bits), 1))
			break;
	}
	is_int(i, 1000000, "all counted");
	s = render(&h, 1, 0, false, &rc);
	ok(!rc && strlen(s) < 2000000, "the SVG of a million events is under 2 MB (%zu bytes)",
	   s ? strlen(s) : 0);
	ok(count_of(s, "<rect class=\"c\"") <= TQ_HEATMAP_MAX_CELLS, "at most %d cells (%d)",
	   TQ_HEATMAP_MAX_CELLS, count_of(s, "<rect class=\"c\""));
	if (dir) {
		snprintf(path, sizeof(path), "%s/big.svg", dir);
		f = fopen(path, "w");
		ok(f && fputs(s, f) >= 0 && !fclose(f), "big.svg written");
	}
	free(s);
	tq_heatmap_release(&h);
}

/* A query longer than the picture is wide: wrapped at spaces, cut past 6 lines. */
static void long_title(const char *dir)
{
	struct tq_heatmap h[2];
	char *s = NULL, path[4096], title[2000];
	size_t len = 0, n = 0;
	FILE *f;
	int rc;

	n += snprintf(title + n, sizeof(title) - n, "SELECT log2(e.TIMESTAMP_DELTA_USECS) AS lat,"
		      "\n       count(*)\tFROM sched_waking AS s JOIN sched_switch AS e ON "
		      "s.pid = e.next_pid WHERE s.comm != 'kworker' AND e.prev_state = 1");
	for (int i = 0; i < 3; i++)
		n += snprintf(title + n, sizeof(title) - n, " AND s.target_cpu != %d AND "
			      "e.next_comm != 'a_rather_long_task_name_%d'", i, i);
	small(&h[0]);
	h[0].title = title;
	s = render(&h[0], 1, 0, false, &rc);
	ok(!rc, "an SVG with a %zu-character title", strlen(title));
	is_int(count_of(s, "<text class=\"title\""), 4, "wrapped into 4 lines of the width");
	ok(!strstr(s, "\t") && strstr(s, ">SELECT log2(e.TIMESTAMP_DELTA_USECS) AS lat, count(*) "
				     "FROM"), "white space runs are one space");
	ok(strstr(s, "height=\"444\"") != NULL, "the picture grows by the 3 lines more");
	free(s);

	/* past 6 lines: cut, the whole query in the tooltip */
	for (int i = 3; i < 60; i++)
		n += snprintf(title + n, sizeof(title) - n, " OR s.pid = %d", 1000 + i);
	h[0].title = title;
	h[0].subtitle = "comm=bash, cpu=1";
	s = render(&h[0], 1, 0, false, &rc);
	is_int(count_of(s, "<text class=\"title\""), 6, "at most 6 lines");
	ok(strstr(s, "...<title>SELECT") != NULL, "the last one cut, with the query as its title");
	ok(strstr(s, "class=\"sub\"") && strstr(s, ">comm=bash, cpu=1</text>"),
	   "the subtitle under the title");
	free(s);

	/* two maps in one picture */
	small(&h[1]);
	h[1].subtitle = "comm=sh, cpu=0";
	f = open_memstream(&s, &len);
	rc = tq_heatmap_svg_stack(h, 2, 0, 0, f);
	fclose(f);
	ok(!rc, "two maps stacked");
	is_int(count_of(s, "<g class=\"map\""), 2, "each its own group");
	is_int(count_of(s, "<rect class=\"c\""), 6, "with its own cells");
	ok(strstr(s, "transform=\"translate(0 ") != NULL, "the second below the first");
	ok(strstr(s, "<svg") && count_of(s, "<svg") == 1 && count_of(s, "</svg>") == 1,
	   "in one picture");
	if (dir) {
		snprintf(path, sizeof(path), "%s/stack.svg", dir);
		f = fopen(path, "w");
		ok(f && fputs(s, f) >= 0 && !fclose(f), "stack.svg written");
	}
	free(s);
	f = open_memstream(&s, &len);
	is_int(tq_heatmap_svg_stack(h, 0, 0, 0, f), -EINVAL, "no maps: refused");
	fclose(f);
	free(s);
	tq_heatmap_release(&h[0]);
	tq_heatmap_release(&h[1]);
}

int main(void)
{
	grids();
	bad_grids();
	terminal();
	svg(getenv("TQ_PICTURES_OUT"));
	long_title(getenv("TQ_PICTURES_OUT"));
	return done_testing();
}
