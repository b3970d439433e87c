// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The latency heat maps of tq hist: the hits of the first histogram's bucket key, counted
 * in a cell of (column, bucket, value of the other keys), kept sparse (memory grows with
 * the cells that hold a count, not with the events), then drawn by lib/print/heatmap.c with
 * one row per bucket of the kernel's: log2 bucket k holds (2^(k-1), 2^k], a .buckets=N
 * bucket [b, b+N). Buckets between the lowest and the highest seen are drawn empty rather
 * than left out.
 *
 * The cells are filled two ways. tq hist -i FILE: every hit of the offline engine, in the
 * column of --step seconds since the first event. Live tq hist --interval: the kernel's
 * table read at each interval, a column each, holding what each row gained since the
 * last read (the table counts from the start; the picture wants what happened when).
 *
 * Each value of the other keys (a pid, a comm) is its own map, as the kernel's table keeps
 * them apart; --heatmap-key KEY=VALUE keeps the maps whose KEY is VALUE.
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
#include "hist-session.h"
#include "print/heatmap.h"
#include "sql/eval.h"
#include "util/diag.h"

/* the busiest maps drawn when the other keys have more values than that */
#define MAX_DRAWN 16

struct cell {
	uint64_t col, bucket, count;
	size_t group;
};

/* Byte strings to numbers, open addressing. */
struct bmap {
	struct bslot {
		char *key;
		size_t len;
		uint64_t val;
	} *slots;
	size_t n, cap;
};

struct group {
	char *label;		/* "comm=bash, cpu=1": the other keys, as --heatmap-key takes them */
	uint64_t total;
};

struct hist_heatmap {
	uint64_t step_ns, t0, width, ncols;
	bool started;
	int warned;
	const char *title, *unit, *trigger;
	struct cell *cells;	/* open addressing on (col, bucket, group); count 0 is free */
	size_t ncells, cap;
	struct group *groups;
	size_t ngroups;
	struct bmap by_label;	/* group label -> index */
	struct bmap rows;	/* offline: the engine's row -> group index + 1 (0: not drawn) */
	struct bmap prev;	/* live: a row's keys -> its count at the last read */
	const struct tq_eval *eval;
	/* --heatmap-key KEY=VALUE */
	char *sel_key, *sel_val;
	struct bmap sel_seen;	/* the values KEY had */
};

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static struct bslot *bmap_find(const struct bmap *m, const void *key, size_t len)
{
	if (!m->cap)
		return NULL;
	for (size_t j = hash_bytes(key, len) & (m->cap - 1); m->slots[j].key;
	     j = (j + 1) & (m->cap - 1))
		if (m->slots[j].len == len && !memcmp(m->slots[j].key, key, len))
			return &m->slots[j];
	return NULL;
}

/* The slot of key, made (with val 0) when missing; NULL when out of memory. */
static struct bslot *bmap_get(struct bmap *m, const void *key, size_t len, bool *made)
{
	struct bslot *s = bmap_find(m, key, len);
	size_t j;

	*made = false;
	if (s)
		return s;
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		struct bslot *ns = calloc(ncap, sizeof(*ns));

		if (!ns)
			return NULL;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			for (j = hash_bytes(m->slots[i].key, m->slots[i].len) & (ncap - 1);
			     ns[j].key; j = (j + 1) & (ncap - 1))
				;
			ns[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	for (j = hash_bytes(key, len) & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1))
		;
	/* one byte more, so that a string key stays a C string */
	m->slots[j].key = malloc(len + 1);
	if (!m->slots[j].key)
		return NULL;
	memcpy(m->slots[j].key, key, len);
	m->slots[j].key[len] = '\0';
	m->slots[j].len = len;
	m->slots[j].val = 0;
	m->n++;
	*made = true;
	return &m->slots[j];
}

static void bmap_release(struct bmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

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
	if (!hm)
		return;
	for (size_t i = 0; i < hm->ngroups; i++)
		free(hm->groups[i].label);
	free(hm->groups);
	bmap_release(&hm->by_label);
	bmap_release(&hm->rows);
	bmap_release(&hm->prev);
	bmap_release(&hm->sel_seen);
	free(hm->sel_key);
	free(hm->sel_val);
	free(hm->cells);
	free(hm);
}

/* The names of the keys of t other than its bucket, "a, b" (malloc'd), or NULL. */
static char *other_keys(const struct tq_hist_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool first = true;

	if (!f)
		return NULL;
	for (size_t k = 0; k < t->nkeys; k++) {
		if ((int)k == t->bucket_key)
			continue;
		fprintf(f, "%s%s", first ? "" : ", ", t->key_names[k]);
		first = false;
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

int hist_heatmap_for(struct hist_heatmap **out, const struct tq_sql_hist *h, double step_s,
		     const char *title, const char *key_sel)
{
	const char *unit = "";
	struct tq_hist parsed;
	const struct tq_hist_table *t;
	const char *eq;
	int bk, ret = 0;

	if (hist_trigger_keys(h->trigger, &parsed))
		return error("out of memory");
	t = &parsed.tables[0];
	bk = t->bucket_key;
	if (bk < 0) {
		tq_hist_release(&parsed);
		return error("--heatmap draws a log2 or buckets key over time: the query's "
			     "histogram has none (group by log2(...) or buckets(..., N))");
	}
	if (bk < TQ_SQL_HIST_COLS)
		unit = h->key_units[bk] == TQ_UNIT_NS ? "ns" : h->key_units[bk] == TQ_UNIT_US ?
		       "us" : "";
	if (hist_heatmap_new(out, step_s, title, unit)) {
		tq_hist_release(&parsed);
		return error("out of memory");
	}
	(*out)->trigger = h->trigger;
	eq = key_sel ? strchr(key_sel, '=') : NULL;
	if (key_sel && (!eq || eq == key_sel)) {
		ret = usage_error("--heatmap-key '%s': give KEY=VALUE, KEY one of the query's keys",
				  key_sel);
	} else if (key_sel) {
		size_t k;

		for (k = 0; k < t->nkeys; k++)
			if ((int)k != bk && strlen(t->key_names[k]) == (size_t)(eq - key_sel) &&
			    !strncmp(t->key_names[k], key_sel, (size_t)(eq - key_sel)))
				break;
		if (k == t->nkeys) {
			char *keys = other_keys(t);

			ret = keys && *keys ?
			      usage_error("--heatmap-key: the histogram has no key '%.*s' other "
					  "than its bucket; its other keys: %s", (int)(eq - key_sel),
					  key_sel, keys) :
			      usage_error("--heatmap-key: the histogram has no key but its bucket "
					  "'%s', so it draws one map already", t->key_names[bk]);
			free(keys);
		} else {
			(*out)->sel_key = strndup(key_sel, (size_t)(eq - key_sel));
			(*out)->sel_val = strdup(eq + 1);
			if (!(*out)->sel_key || !(*out)->sel_val)
				ret = error("out of memory");
		}
	}
	tq_hist_release(&parsed);
	if (ret) {
		hist_heatmap_free(*out);
		*out = NULL;
	}
	return ret;
}

int hist_heatmap_path_ok(const char *path)
{
	char *dir, *slash;
	int ret = 0;

	if (!strcmp(path, "-"))
		return 0;
	dir = strdup(path);
	if (!dir)
		return error("out of memory");
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	if (access(slash ? dir : ".", W_OK | X_OK))
		ret = error_errno("cannot write '%s'", path);
	free(dir);
	return ret;
}

void hist_heatmap_start(struct hist_heatmap *hm, uint64_t ts)
{
	if (!hm->started) {
		hm->t0 = ts;
		hm->started = true;
	}
}

static size_t slot(const struct hist_heatmap *hm, uint64_t col, uint64_t bucket, size_t g)
{
	uint64_t h = (col * 0x9e3779b97f4a7c15ull) ^ (bucket + 0x632be59bd9b4e019ull) ^
		     ((uint64_t)g * 0xc2b2ae3d27d4eb4full);

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
		for (j = slot(hm, old[i].col, old[i].bucket, old[i].group); nc[j].count;
		     j = (j + 1) & (ncap - 1))
			;
		nc[j] = old[i];
	}
	free(old);
	return 0;
}

static int add_cell(struct hist_heatmap *hm, uint64_t col, uint64_t bucket, size_t g,
		    uint64_t n)
{
	size_t j;

	if (col >= 1000000)
		return tq_fail(ERANGE, "the heat map would have over a million columns: give a "
			       "longer --step");
	if ((hm->ncells + 1) * 2 > hm->cap && grow(hm))
		return -ENOMEM;
	hm->groups[g].total += n;
	for (j = slot(hm, col, bucket, g); hm->cells[j].count; j = (j + 1) & (hm->cap - 1)) {
		if (hm->cells[j].col == col && hm->cells[j].bucket == bucket &&
		    hm->cells[j].group == g) {
			hm->cells[j].count += n;
			return 0;
		}
	}
	hm->cells[j] = (struct cell){ .col = col, .bucket = bucket, .group = g, .count = n };
	hm->ncells++;
	return 0;
}

/*
 * The map of row r of table t: the index of its group + 1, or 0 when --heatmap-key leaves
 * it out. Negative errno when out of memory.
 */
static long group_of(struct hist_heatmap *hm, const struct tq_hist_table *t,
		     const struct tq_hist_row *r)
{
	char *label = NULL;
	size_t len = 0;
	FILE *f;
	struct bslot *s;
	bool first = true, made, drop = false;

	f = open_memstream(&label, &len);
	if (!f)
		return -ENOMEM;
	for (size_t k = 0; k < t->nkeys; k++) {
		if ((int)k == t->bucket_key)
			continue;
		fprintf(f, "%s%s=%s", first ? "" : ", ", t->key_names[k], r->keys[k]);
		first = false;
		if (hm->sel_key && !strcmp(t->key_names[k], hm->sel_key)) {
			if (!bmap_get(&hm->sel_seen, r->keys[k], strlen(r->keys[k]), &made)) {
				fclose(f);
				free(label);
				return -ENOMEM;
			}
			drop = strcmp(r->keys[k], hm->sel_val) != 0;
		}
	}
	if (fclose(f)) {
		free(label);
		return -ENOMEM;
	}
	if (drop) {
		free(label);
		return 0;
	}
	s = bmap_get(&hm->by_label, label, len, &made);
	if (s && made) {
		struct group *ng = realloc(hm->groups, (hm->ngroups + 1) * sizeof(*ng));

		if (!ng) {
			free(label);
			return -ENOMEM;
		}
		hm->groups = ng;
		ng[hm->ngroups] = (struct group){ .label = label };
		s->val = hm->ngroups++;
		label = NULL;
	}
	free(label);
	return s ? (long)s->val + 1 : -ENOMEM;
}

void hist_heatmap_on_eval(struct hist_heatmap *hm, const struct tq_eval *e)
{
	hm->eval = e;
}

/* Offline: the group of the row the engine counts in, worked out once per row. */
static long hit_group(struct hist_heatmap *hm)
{
	const void *row = tq_eval_hit_row(hm->eval, NULL);
	struct bslot *s;
	struct tq_hist parsed;
	char *keys, *text;
	bool made;
	long g;
	int err;

	s = bmap_get(&hm->rows, &row, sizeof(row), &made);
	if (!s)
		return -ENOMEM;
	if (!made)
		return (long)s->val;
	/* its keys as the kernel would show them: the live view's words exactly */
	if (!tq_eval_hit_row(hm->eval, &keys))
		return -ENOMEM;
	err = asprintf(&text, "# trigger info: %s [active]\n%s hitcount: 1\n", hm->trigger,
		       keys);
	free(keys);
	if (err < 0)
		return -ENOMEM;
	err = tq_hist_parse(text, &parsed);
	free(text);
	if (err)
		return err;
	g = parsed.ntables == 1 && parsed.tables[0].nrows == 1 ?
	    group_of(hm, &parsed.tables[0], &parsed.tables[0].rows[0]) :
	    tq_fail(EINVAL, "internal error: the keys of a row do not parse");
	tq_hist_release(&parsed);
	if (g >= 0)
		s->val = (uint64_t)g;
	return g;
}

int hist_heatmap_hit(void *ctx, size_t hist, uint64_t ts, uint64_t bucket, uint64_t width)
{
	struct hist_heatmap *hm = ctx;
	long g;

	/* the picture is of the first histogram: a script's others have their own keys */
	if (hist)
		return 0;
	hm->width = width;
	g = hit_group(hm);
	if (g <= 0)
		return (int)g;
	return add_cell(hm, ts > hm->t0 ? (ts - hm->t0) / hm->step_ns : 0, bucket,
			(size_t)g - 1, 1);
}

/* A kernel row's bucket as the engine numbers it: k of 2^k, or a linear one's bottom. */
static bool row_bucket(const struct tq_hist_table *t, const struct tq_hist_row *r,
		       uint64_t *bucket, uint64_t *width)
{
	if (t->bucket == TQ_HB_LOG2 && r->hi && !(r->hi & (r->hi - 1))) {
		*bucket = (uint64_t)__builtin_ctzll(r->hi);
		*width = 0;
		return true;
	}
	if (t->bucket == TQ_HB_LINEAR && r->hi >= r->lo) {
		*bucket = r->lo;
		*width = r->hi - r->lo + 1;
		return true;
	}
	return false;
}

int hist_heatmap_table(struct hist_heatmap *hm, const struct tq_hist_table *t)
{
	uint64_t col = hm->ncols++;
	int err = 0;

	for (size_t i = 0; !err && i < t->nrows; i++) {
		const struct tq_hist_row *r = &t->rows[i];
		uint64_t bucket, width, delta;
		char *key = NULL;
		size_t len = 0;
		struct bslot *s;
		FILE *f;
		bool made;
		long g;

		if (!row_bucket(t, r, &bucket, &width))
			return error("the kernel's bucket '%s' is not one tq knows how to draw",
				     r->keys[t->bucket_key]);
		hm->width = width;
		f = open_memstream(&key, &len);
		if (!f)
			return error("out of memory");
		for (size_t k = 0; k < t->nkeys; k++)
			fprintf(f, "%s%c", r->keys[k], 0x1f);
		if (fclose(f)) {
			free(key);
			return error("out of memory");
		}
		s = bmap_get(&hm->prev, key, len, &made);
		free(key);
		if (!s)
			return error("out of memory");
		/* the count since the last read (a row cleared meanwhile starts over) */
		delta = r->hitcount >= s->val ? r->hitcount - s->val : r->hitcount;
		s->val = r->hitcount;
		if (!delta)
			continue;
		g = group_of(hm, t, r);
		if (g < 0)
			return error("%s", tq_errmsg((int)g));
		if (g)
			err = add_cell(hm, col, bucket, (size_t)g - 1, delta);
	}
	return err ? error("%s", tq_errmsg(err)) : 0;
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

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --heatmap-key's VALUE matched nothing: say which values there were, sorted. */
static int no_such_value(const struct hist_heatmap *hm)
{
	const char **vals = calloc(hm->sel_seen.n ? hm->sel_seen.n : 1, sizeof(*vals));
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *f = vals ? open_memstream(&buf, &len) : NULL;

	if (!f) {
		free(vals);
		return error("out of memory");
	}
	for (size_t i = 0; i < hm->sel_seen.cap; i++)
		if (hm->sel_seen.slots[i].key)
			vals[n++] = hm->sel_seen.slots[i].key;
	qsort(vals, n, sizeof(*vals), by_name);
	for (size_t i = 0; i < n && i < 30; i++)
		fprintf(f, "%s'%s'", i ? ", " : "", vals[i]);
	if (n > 30)
		fprintf(f, " and %zu more", n - 30);
	fclose(f);
	if (n)
		error("--heatmap-key %s=%s: no hit has that %s; it had %s", hm->sel_key,
		      hm->sel_val, hm->sel_key, buf);
	else
		error("--heatmap-key %s=%s: no hits to draw: the query's histogram is empty",
		      hm->sel_key, hm->sel_val);
	free(buf);
	free(vals);
	return -1;
}

static const struct group *sort_groups;	/* qsort's view of them */

static int busier(const void *a, const void *b)
{
	const struct group *x = &sort_groups[*(const size_t *)a];
	const struct group *y = &sort_groups[*(const size_t *)b];

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* One grid per group drawn, the busiest first; n of them. 0 or -1 once reported. */
static int make_maps(struct hist_heatmap *hm, struct tq_heatmap **out, int *n)
{
	uint64_t lo = UINT64_MAX, hi = 0, maxcol = 0, step;
	size_t *order, *slot_of, ndrawn, nrows, ncols;
	struct tq_heatmap *maps;

	for (size_t i = 0; i < hm->cap; i++) {
		if (!hm->cells[i].count)
			continue;
		lo = hm->cells[i].bucket < lo ? hm->cells[i].bucket : lo;
		hi = hm->cells[i].bucket > hi ? hm->cells[i].bucket : hi;
		maxcol = hm->cells[i].col > maxcol ? hm->cells[i].col : maxcol;
	}
	step = hm->width ? hm->width : 1;
	if ((hi - lo) / step + 1 > 4096)
		return error("the heat map would have %llu rows: at most 4096 fit (use larger "
			     "buckets)", (unsigned long long)((hi - lo) / step + 1));
	nrows = (size_t)((hi - lo) / step + 1);
	ncols = (size_t)maxcol + 1 > hm->ncols ? (size_t)maxcol + 1 : hm->ncols;
	order = calloc(hm->ngroups, sizeof(*order));
	slot_of = calloc(hm->ngroups, sizeof(*slot_of));
	if (!order || !slot_of) {
		free(order);
		free(slot_of);
		return error("out of memory");
	}
	ndrawn = 0;
	for (size_t g = 0; g < hm->ngroups; g++)
		if (hm->groups[g].total)
			order[ndrawn++] = g;
	sort_groups = hm->groups;
	qsort(order, ndrawn, sizeof(*order), busier);
	if (ndrawn > MAX_DRAWN && !hm->warned++)
		warning("drawing the %d busiest of %zu maps, one per value of the other keys: "
			"choose one with --heatmap-key KEY=VALUE", MAX_DRAWN, ndrawn);
	if (ndrawn > MAX_DRAWN)
		ndrawn = MAX_DRAWN;
	maps = calloc(ndrawn, sizeof(*maps));
	for (size_t g = 0; g < hm->ngroups; g++)
		slot_of[g] = SIZE_MAX;
	for (size_t i = 0; maps && i < ndrawn; i++) {
		struct tq_heatmap *h = &maps[i];

		slot_of[order[i]] = i;
		*h = (struct tq_heatmap){
			.title = hm->title, .unit = hm->unit, .subtitle = hm->groups[order[i]].label,
			.nrows = (int)nrows, .ncols = (int)ncols, .t0_ns = hm->t0,
			.step_ns = hm->step_ns,
		};
		h->rows = calloc(nrows, sizeof(*h->rows));
		h->counts = calloc(nrows * ncols, sizeof(*h->counts));
		if (!h->rows || !h->counts) {
			for (size_t j = 0; j <= i; j++)
				tq_heatmap_release(&maps[j]);
			free(maps);
			maps = NULL;
			break;
		}
		for (size_t r = 0; r < nrows; r++)
			set_row(&h->rows[r], lo + (uint64_t)r * step, hm->width);
	}
	free(order);
	if (!maps) {
		free(slot_of);
		return error("out of memory");
	}
	for (size_t i = 0; i < hm->cap; i++) {
		const struct cell *c = &hm->cells[i];

		if (c->count && slot_of[c->group] != SIZE_MAX)
			maps[slot_of[c->group]].counts[(size_t)((c->bucket - lo) / step) * ncols +
							 c->col] += c->count;
	}
	free(slot_of);
	*out = maps;
	*n = (int)ndrawn;
	return 0;
}

static void free_maps(struct tq_heatmap *maps, int n)
{
	for (int i = 0; i < n; i++)
		tq_heatmap_release(&maps[i]);
	free(maps);
}

/* In the terminal: one map after the other, shades or colours where they are wanted. */
static int draw_term(struct tq_heatmap *maps, int n)
{
	struct winsize ws;
	int width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
	int err = 0;

	for (int i = 0; !err && i < n; i++) {
		if (i)
			putchar('\n');
		err = tq_heatmap_term(&maps[i], width, want_color(stdout), stdout);
	}
	fflush(stdout);
	return err ? error("%s", tq_errmsg(err)) : 0;
}

int hist_heatmap_write(struct hist_heatmap *hm, const char *path)
{
	struct tq_heatmap *maps;
	FILE *f;
	int n, ret = 0, err;

	if (!hm->ncells && hm->sel_key)
		return no_such_value(hm);
	if (!hm->ncells)
		return error("no hits to draw: the query's histogram is empty");
	if (make_maps(hm, &maps, &n))
		return -1;
	if (!strcmp(path, "-")) {
		ret = draw_term(maps, n);
		free_maps(maps, n);
		return ret;
	}
	f = fopen(path, "w");
	if (!f) {
		ret = error_errno("cannot write '%s'", path);
	} else {
		err = tq_heatmap_svg_stack(maps, n, 0, 0, f);
		if (err)
			ret = error("%s", tq_errmsg(err));
		if (fclose(f) && !ret)
			ret = error_errno("cannot write '%s'", path);
		if (ret)
			unlink(path);
	}
	free_maps(maps, n);
	return ret;
}

int hist_heatmap_redraw(struct hist_heatmap *hm)
{
	struct tq_heatmap *maps;
	int n, ret;

	/* from the top of a cleared screen, so that the map stays in place */
	fputs("\033[H\033[2J", stdout);
	if (!hm->ncells) {
		printf("%s\n(no hits yet)\n", hm->title);
		fflush(stdout);
		return 0;
	}
	if (make_maps(hm, &maps, &n))
		return -1;
	ret = draw_term(maps, n);
	free_maps(maps, n);
	return ret;
}

int hist_heatmap_live(struct hist_heatmap *hm, const char *path, struct tq_tracefs *tfs,
		      const struct tq_sql_compiled *c, enum tq_hist_format fmt, bool stamp,
		      bool last)
{
	const struct tq_sql_hist *h = &c->hists[0];
	bool term = !strcmp(path, "-");
	const struct tq_hist_table *t;
	struct tq_hist parsed;
	int ret = hist_file_read(tfs, h->hist_path, &parsed);

	if (ret)
		return ret;
	t = tq_hist_find(&parsed, h->trigger);
	ret = t ? hist_heatmap_table(hm, t) :
	      error("the histogram of '%s' is not in '%s'", h->trigger, h->hist_path);
	/* the text shown is the table just counted, so that the two agree exactly */
	if (!ret && (last || !term)) {
		ret = hist_table_show(t, fmt, h->limit, stamp, stdout);
		if (!ret && c->nhists > 1 && fmt != TQ_HIST_JSON)
			putchar('\n');
		if (!ret && c->nhists > 1)
			ret = hist_show_compiled(tfs, c, 1, fmt, stamp, stdout);
		if (!ret && (!last || term) && fmt != TQ_HIST_JSON)
			putchar('\n');
	} else if (!ret && isatty(STDOUT_FILENO)) {
		/* a terminal watches the map grow; anything else gets it once, at the end */
		ret = hist_heatmap_redraw(hm);
	}
	tq_hist_release(&parsed);
	if (!ret && last)
		ret = hist_heatmap_write(hm, path);
	return ret;
}
