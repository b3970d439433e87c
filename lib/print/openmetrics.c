// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Histogram tables as Prometheus metrics (the OpenMetrics text format, which Prometheus's
 * own text parser reads too). Rows are grouped by the keys that become labels; within a
 * group the bucket key's rows are summed up into cumulative `le` buckets.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/openmetrics.h"
#include "util/diag.h"

static bool name_char(char c, bool first, bool colon)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	if (colon && c == ':')
		return true;
	return !first && c >= '0' && c <= '9';
}

bool tq_om_name_ok(const char *name)
{
	if (!name || !*name)
		return false;
	for (size_t i = 0; name[i]; i++)
		if (!name_char(name[i], i == 0, true))
			return false;
	return true;
}

/* text with every character a name may not hold as '_' (prefix, then text) */
static char *sanitized(const char *prefix, const char *text, bool colon)
{
	size_t plen = strlen(prefix), n = strlen(text);
	char *out = malloc(plen + n + 1);

	if (!out)
		return NULL;
	memcpy(out, prefix, plen);
	for (size_t i = 0; i < n; i++)
		out[plen + i] = name_char(text[i], plen + i == 0, colon) ? text[i] : '_';
	out[plen + n] = '\0';
	return out;
}

char *tq_om_name_from(const char *text)
{
	return sanitized("tq_", text, true);
}

char *tq_om_label_name(const char *key)
{
	char *name = sanitized("", key, false);

	/* names that start with __ are Prometheus's own */
	if (name && !strncmp(name, "__", 2))
		name[0] = 'k';
	return name;
}

/* What a value is divided by for seconds: dividing keeps 8 us exactly 8e-06. */
double tq_om_unit_scale(enum tq_om_unit u)
{
	return u == TQ_OM_NS ? 1e9 : u == TQ_OM_US ? 1e6 : 1.0;
}

const char *tq_om_unit_suffix(enum tq_om_unit u)
{
	return u == TQ_OM_PLAIN ? "" : "_seconds";
}

/* HELP text: backslash and newline escaped. */
static void put_help(FILE *out, const char *help)
{
	for (const char *p = help ? help : ""; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p != '\r')
			fputc(*p, out);
	}
	fputc('\n', out);
}

static void put_label_value(FILE *out, const char *v)
{
	fputc('"', out);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(out, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
	fputc('"', out);
}

struct labels {
	const struct tq_hist_table *t;
	char **names;		/* label name of each key (NULL for the bucket key) */
};

/* {name="value",...} of a row's non-bucket keys, then `extra` (may be NULL). */
static void put_labels(FILE *out, const struct labels *l, const struct tq_hist_row *r,
		       const char *extra)
{
	bool any = false;

	for (size_t k = 0; k < l->t->nkeys; k++) {
		if (!l->names[k])
			continue;
		fputc(any ? ',' : '{', out);
		fprintf(out, "%s=", l->names[k]);
		put_label_value(out, r->keys[k]);
		any = true;
	}
	if (extra) {
		fputc(any ? ',' : '{', out);
		fputs(extra, out);
		any = true;
	}
	if (any)
		fputc('}', out);
}

/* Two rows are of the same series when their label keys are equal. */
static int cmp_series(const struct labels *l, const struct tq_hist_row *a,
		      const struct tq_hist_row *b)
{
	for (size_t k = 0; k < l->t->nkeys; k++) {
		int c;

		if (!l->names[k])
			continue;
		c = strcmp(a->keys[k], b->keys[k]);
		if (c)
			return c;
	}
	return 0;
}

static int cmp_rows(const void *x, const void *y, void *arg)
{
	const struct tq_hist_row *a = *(const struct tq_hist_row *const *)x;
	const struct tq_hist_row *b = *(const struct tq_hist_row *const *)y;
	int c = cmp_series(arg, a, b);

	if (c)
		return c;
	return a->hi < b->hi ? -1 : a->hi > b->hi;
}

static void put_number(FILE *out, double v)
{
	char buf[64];

	/* the values are integers in ns or us: 15 digits give them back exactly */
	snprintf(buf, sizeof(buf), "%.15g", v);
	fputs(buf, out);
}

/* The `le` of bucket i: log2 2^i, linear (i+1)*width-1, in the key's unit scaled. */
static double bucket_le(const struct tq_hist_table *t, unsigned long long i,
			unsigned long long width, double scale)
{
	if (t->bucket == TQ_HB_LOG2)
		return (double)(1ULL << i) / scale;
	return (double)((i + 1) * width - 1) / scale;
}

static unsigned long long bucket_index(const struct tq_hist_table *t, const struct tq_hist_row *r,
				       unsigned long long width)
{
	unsigned long long i = 0;

	if (t->bucket == TQ_HB_LOG2) {
		while (i < 63 && (1ULL << i) < r->hi)
			i++;
		return i;
	}
	return width ? r->lo / width : 0;
}

/* The value column that is the bucket key's own sum (named like the key), or -1. */
static int sum_column(const struct tq_hist_table *t)
{
	const char *key = t->key_names[t->bucket_key];

	for (size_t v = 0; v < t->nvals; v++)
		if (!strcmp(t->val_names[v], key))
			return (int)v;
	return -1;
}

static void put_series_hist(FILE *out, const char *family, const struct labels *l,
			    struct tq_hist_row **rows, size_t n, unsigned long long top,
			    unsigned long long width, double scale, int sum_col, double sum_scale,
			    enum tq_om_dialect dialect)
{
	const struct tq_hist_table *t = l->t;
	unsigned long long cum = 0;
	double sum = 0;
	size_t r = 0;
	char le[96];

	for (unsigned long long i = 0; i <= top; i++) {
		while (r < n && bucket_index(t, rows[r], width) <= i) {
			cum += rows[r]->hitcount;
			if (sum_col >= 0)
				sum += rows[r]->vals[sum_col];
			r++;
		}
		snprintf(le, sizeof(le), "le=\"%.15g\"", bucket_le(t, i, width, scale));
		fprintf(out, "%s_bucket", family);
		put_labels(out, l, rows[0], le);
		fprintf(out, " %llu\n", cum);
	}
	for (; r < n; r++) {
		cum += rows[r]->hitcount;
		if (sum_col >= 0)
			sum += rows[r]->vals[sum_col];
	}
	fprintf(out, "%s_bucket", family);
	put_labels(out, l, rows[0], "le=\"+Inf\"");
	fprintf(out, " %llu\n", cum);
	/* OpenMetrics has a _count only beside a _sum (the +Inf bucket says the same) */
	if (sum_col >= 0 || dialect == TQ_OM_PROMETHEUS) {
		fprintf(out, "%s_count", family);
		put_labels(out, l, rows[0], NULL);
		fprintf(out, " %llu\n", cum);
	}
	if (sum_col >= 0) {
		fprintf(out, "%s_sum", family);
		put_labels(out, l, rows[0], NULL);
		fputc(' ', out);
		put_number(out, sum / sum_scale);
		fputc('\n', out);
	}
}

/*
 * # TYPE and # HELP: a counter is named without its _total in OpenMetrics, with it in
 * Prometheus's text format, where the name of the TYPE line is that of the samples.
 */
static void put_header(FILE *out, const char *family, const char *type, const char *help,
		       enum tq_om_unit unit, enum tq_om_dialect dialect)
{
	const char *total = dialect == TQ_OM_PROMETHEUS && !strcmp(type, "counter") ?
			    "_total" : "";

	fprintf(out, "# TYPE %s%s %s\n", family, total, type);
	if (unit != TQ_OM_PLAIN && dialect == TQ_OM_OPENMETRICS)
		fprintf(out, "# UNIT %s seconds\n", family);
	fprintf(out, "# HELP %s%s ", family, total);
	put_help(out, help);
}

/* The histogram family of a table with a bucket key. */
static int put_histogram(FILE *out, struct tq_om_family *f, const struct labels *l,
			 struct tq_hist_row **rows, size_t n)
{
	const struct tq_hist_table *t = l->t;
	unsigned long long width = 0, top;
	double scale = tq_om_unit_scale(f->key_unit);
	int sum_col = sum_column(t);
	double sum_scale = tq_om_unit_scale(sum_col >= 0 ? f->val_units[sum_col] : TQ_OM_PLAIN);
	char *family;

	for (size_t i = 0; i < n; i++)
		if (rows[i]->hi >= rows[i]->lo && t->bucket == TQ_HB_LINEAR)
			width = rows[i]->hi - rows[i]->lo + 1;
	if (t->bucket == TQ_HB_LINEAR && n && !width)
		return tq_fail(EINVAL, "the buckets of '%s' have no width", t->trigger);
	top = t->bucket == TQ_HB_LOG2 ? f->log2_top : f->linear_top;
	for (size_t i = 0; i < n; i++) {
		unsigned long long b = bucket_index(t, rows[i], width);

		if (b > top)
			top = b;
	}
	if (t->bucket == TQ_HB_LOG2)
		f->log2_top = (unsigned)top;
	else
		f->linear_top = top;
	if (asprintf(&family, "%s%s", f->name, tq_om_unit_suffix(f->key_unit)) < 0)
		return -ENOMEM;
	put_header(out, family, "histogram", f->help, f->key_unit, f->dialect);
	for (size_t s = 0; s < n;) {
		size_t e = s + 1;

		while (e < n && !cmp_series(l, rows[s], rows[e]))
			e++;
		put_series_hist(out, family, l, rows + s, e - s, top, width, scale, sum_col,
				sum_scale, f->dialect);
		s = e;
	}
	free(family);
	return 0;
}

/* A counter family: hitcount (val < 0) or a value, per label set. */
static int put_counter(FILE *out, const struct tq_om_family *f, const struct labels *l,
		       struct tq_hist_row **rows, size_t n, int val)
{
	enum tq_om_unit unit = val < 0 ? TQ_OM_PLAIN : f->val_units[val];
	char *family, *vname = NULL;
	int ret;

	if (val >= 0) {
		vname = sanitized("", l->t->val_names[val], false);
		if (!vname)
			return -ENOMEM;
	}
	ret = asprintf(&family, "%s%s%s%s", f->name, vname ? "_" : "", vname ? vname : "",
		       tq_om_unit_suffix(unit));
	free(vname);
	if (ret < 0)
		return -ENOMEM;
	put_header(out, family, "counter", f->help, unit, f->dialect);
	for (size_t s = 0; s < n;) {
		unsigned long long count = 0;
		double sum = 0;
		size_t e = s;

		for (; e < n && !cmp_series(l, rows[s], rows[e]); e++) {
			count += rows[e]->hitcount;
			if (val >= 0)
				sum += rows[e]->vals[val];
		}
		fprintf(out, "%s_total", family);
		put_labels(out, l, rows[s], NULL);
		if (val < 0) {
			fprintf(out, " %llu\n", count);
		} else {
			fputc(' ', out);
			put_number(out, sum / tq_om_unit_scale(unit));
			fputc('\n', out);
		}
		s = e;
	}
	free(family);
	return 0;
}

static int label_names(struct labels *l)
{
	const struct tq_hist_table *t = l->t;

	l->names = calloc(t->nkeys ? t->nkeys : 1, sizeof(*l->names));
	if (!l->names)
		return -ENOMEM;
	for (size_t k = 0; k < t->nkeys; k++) {
		if ((int)k == t->bucket_key)
			continue;
		l->names[k] = tq_om_label_name(t->key_names[k]);
		if (!l->names[k])
			return -ENOMEM;
		for (size_t j = 0; j < k; j++)
			if (l->names[j] && !strcmp(l->names[j], l->names[k]))
				return tq_fail(EINVAL, "two keys of '%s' make the same label '%s'",
					       t->trigger, l->names[k]);
	}
	return 0;
}

static int render(const struct tq_hist_table *t, struct tq_om_family *f, FILE *out,
		  struct labels *l, struct tq_hist_row ***rowsp)
{
	struct tq_hist_row **rows;
	int ret;

	if (!tq_om_name_ok(f->name))
		return tq_fail(EINVAL, "'%s' is not a Prometheus metric name ([a-zA-Z_:]"
			       "[a-zA-Z0-9_:]*)", f->name ? f->name : "");
	if (t->nvals > TQ_OM_MAX_VALS)
		return tq_fail(EINVAL, "'%s' has more values than tq exports", t->trigger);
	ret = label_names(l);
	if (ret)
		return ret;
	rows = *rowsp = malloc((t->nrows ? t->nrows : 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < t->nrows; i++)
		rows[i] = &t->rows[i];
	qsort_r(rows, t->nrows, sizeof(*rows), cmp_rows, l);
	if (t->bucket_key >= 0 && t->bucket != TQ_HB_NONE) {
		int sum_col = sum_column(t);

		ret = put_histogram(out, f, l, rows, t->nrows);
		for (size_t v = 0; !ret && v < t->nvals; v++)
			if ((int)v != sum_col)
				ret = put_counter(out, f, l, rows, t->nrows, (int)v);
	} else {
		ret = put_counter(out, f, l, rows, t->nrows, -1);
		for (size_t v = 0; !ret && v < t->nvals; v++)
			ret = put_counter(out, f, l, rows, t->nrows, (int)v);
	}
	if (!ret && t->has_totals) {
		char *family;

		if (asprintf(&family, "%s_dropped", f->name) < 0)
			return -ENOMEM;
		put_header(out, family, "counter", "events the kernel's table had no room for",
			   TQ_OM_PLAIN, f->dialect);
		fprintf(out, "%s_total %llu\n", family, (unsigned long long)t->dropped);
		free(family);
	}
	return ret;
}

int tq_om_render(const struct tq_hist_table *t, struct tq_om_family *f, FILE *out)
{
	struct labels l = { .t = t };
	struct tq_hist_row **rows = NULL;
	int ret = render(t, f, out, &l, &rows);

	free(rows);
	for (size_t k = 0; l.names && k < t->nkeys; k++)
		free(l.names[k]);
	free(l.names);
	if (!ret && ferror(out))
		ret = -EIO;
	return ret;
}

int tq_om_end(FILE *out, enum tq_om_dialect dialect)
{
	if (dialect == TQ_OM_OPENMETRICS)
		fputs("# EOF\n", out);
	return ferror(out) ? -EIO : 0;
}
