// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq hist --folded and --flamegraph (cmd/hist-folded.h). The kernel prints a stacktrace
 * key innermost frame first, as %pS ("func+0xoff/0xsize"); a folded line goes root first
 * with bare names, so that the same function is one frame whatever the offset of the call.
 * Other keys of the histogram are added up: a path weighs the sum of its rows.
 */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "flame.h"
#include "hist-folded.h"
#include "hist-session.h"
#include "print/flamegraph.h"
#include "print/folded.h"
#include "sql/sql.h"
#include "util/diag.h"

/* STACKTRACE, or a synthetic event's stack field: its rows read "name.stacktrace ..." */
static bool is_stack_key(const struct tq_hist_table *t, size_t k)
{
	const char *name = t->key_names[k];
	size_t n = strlen(name);

	if (n >= 10 && !strcmp(name + n - 10, "stacktrace"))
		return true;
	return t->nrows && !strncmp(t->rows[0].keys[k], name, n) &&
	       !strncmp(t->rows[0].keys[k] + n, ".stacktrace ", 12);
}

int hist_flame_check(const struct hist_flame_opts *o, const struct tq_sql_compiled *c,
		     const char *query)
{
	if (!hist_flame_wanted(o) && (o->weight || o->width != -1))
		return usage_error("--weight and --flame-width go with --folded or "
				   "--flamegraph FILE.svg");
	if (o->svg && !*o->svg)
		return usage_error("--flamegraph needs a file name (FILE.svg)");
	if (o->width != -1 && (o->width < 30 || o->width > 100000))
		return usage_error("--flame-width %d: give 30 to 100000 pixels", o->width);
	if (o->weight && !*o->weight)
		return usage_error("--weight needs the name of a value of the histogram");
	if (c && c->nhists != 1 && hist_flame_wanted(o))
		return usage_error("--folded and --flamegraph draw one histogram: the query "
				   "makes %zu", c->nhists);
	/* before the tracing starts (a JOIN's stack key is its synthetic field's name) */
	if (c && hist_flame_wanted(o) && !strcasestr(c->hists[0].trigger, "stacktrace") &&
	    (!query || !strcasestr(query, "stacktrace")))
		return usage_error("--folded and --flamegraph need a STACKTRACE key: "
				   "SELECT STACKTRACE, count(*) FROM ... keys by the kernel stack");
	return 0;
}

/* The column of the weight: -1 for hitcount, -2 (reported) when the table lacks it. */
static int weight_column(const struct tq_hist_table *t, const char *weight)
{
	if (!weight || !strcmp(weight, "hitcount"))
		return -1;
	for (size_t i = 0; i < t->nvals; i++)
		if (!strcmp(t->val_names[i], weight))
			return (int)i;
	fprintf(stderr, "tq: hist: --weight %s: the histogram's values are hitcount", weight);
	for (size_t i = 0; i < t->nvals; i++)
		fprintf(stderr, ", %s", t->val_names[i]);
	fputc('\n', stderr);
	return -2;
}

int hist_flame_table(const struct tq_hist_table *t, const struct hist_flame_opts *o,
		     const char *title)
{
	struct tq_flame_opts fo = { .title = title, .unit = o->weight ? o->weight : "hits",
				    .width = o->width != -1 ? o->width : FLAME_DEFAULT_WIDTH };
	struct tq_folded f;
	int key = -1, col, err = 0;

	for (size_t i = 0; i < t->nkeys; i++)
		if (is_stack_key(t, i))
			key = (int)i;
	/* an empty table is folded to nothing: its keys' texts cannot tell */
	if (key < 0 && t->nrows)
		return error("--folded and --flamegraph need a STACKTRACE key: '%s' has none "
			     "(SELECT STACKTRACE, count(*) FROM ... keys by the kernel stack)",
			     t->trigger ? t->trigger : "the histogram");
	col = weight_column(t, o->weight);
	if (col == -2)
		return -1;
	tq_folded_init(&f);
	for (size_t r = 0; !err && r < t->nrows; r++) {
		const struct tq_hist_row *row = &t->rows[r];
		double w = col < 0 ? (double)row->hitcount : row->vals[col];

		err = tq_folded_add_hist_key(&f, row->keys[key], w > 0 ? (uint64_t)w : 0);
	}
	if (err) {
		tq_folded_release(&f);
		return error("%s", tq_errmsg(err));
	}
	tq_folded_sort(&f);
	if (o->svg && !f.total)
		err = error("no stack to draw: the histogram is empty");
	else if (o->svg)
		err = flame_write_svg(&f, &fo, o->svg);
	if (!err && o->folded && (tq_folded_write(&f, stdout) || fflush(stdout)))
		err = error_errno("write error");
	tq_folded_release(&f);
	return err;
}

int hist_flame_live(struct tq_tracefs *tfs, const struct tq_sql_compiled *c,
		    const struct hist_flame_opts *o)
{
	const struct tq_hist_table *t;
	struct tq_hist h;
	int ret = hist_file_read(tfs, c->hists[0].hist_path, &h);

	if (ret)
		return ret;
	t = tq_hist_find(&h, c->hists[0].trigger);
	ret = t ? hist_flame_table(t, o, c->hists[0].trigger) :
		  error("the histogram of '%s' is not in '%s'", c->hists[0].trigger,
			c->hists[0].hist_path);
	tq_hist_release(&h);
	return ret;
}
