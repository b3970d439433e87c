// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the kernel's `hist` files (Documentation/trace/histogram.rst):
 *
 *   # event histogram
 *   #
 *   # trigger info: hist:keys=lat.log2:vals=hitcount:sort=hitcount:size=2048 [active]
 *   #
 *
 *   { lat: ~ 2^5  } hitcount:          3
 *   { lat: ~ 2^6  } hitcount:         10
 *
 *   Totals:
 *       Hits: 13
 *       Entries: 2
 *       Dropped: 0
 *
 * A stack trace key spans several lines, up to the line that starts with "}".
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "print/histfile.h"

#define MAX_VALS 8

static char *collapse(const char *s, size_t n)
{
	char *out = malloc(n + 1), *d = out;
	bool space = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			space = d != out;
			continue;
		}
		/* "[      2378]" (a padded pid or syscall number) reads "[2378]" */
		if (space && d[-1] != '[')
			*d++ = ' ';
		space = false;
		*d++ = s[i];
	}
	*d = '\0';
	return out;
}

static int push_str(char ***list, size_t *n, char *s)
{
	char **nl;

	if (!s)
		return -ENOMEM;
	nl = realloc(*list, (*n + 1) * sizeof(*nl));
	if (!nl) {
		free(s);
		return -ENOMEM;
	}
	*list = nl;
	(*list)[(*n)++] = s;
	return 0;
}

/* Key names and the bucket modifier from "hist:keys=a.log2,b:vals=...". */
static int parse_trigger(struct tq_hist_table *t, const char *info)
{
	const char *k = strstr(info, "keys=");
	const char *end;

	if (!k)
		k = strstr(info, "key=");
	t->bucket_key = -1;
	if (!k)
		return 0;
	k = strchr(k, '=') + 1;
	end = k + strcspn(k, ": ");
	while (k < end) {
		const char *comma = memchr(k, ',', (size_t)(end - k));
		const char *stop = comma ? comma : end;
		const char *dot = memchr(k, '.', (size_t)(stop - k));
		int ret;

		if (dot && (!strncmp(dot, ".log2", 5) || !strncmp(dot, ".buckets", 8))) {
			t->bucket_key = (int)t->nkeys;
			t->bucket = dot[1] == 'l' ? TQ_HB_LOG2 : TQ_HB_LINEAR;
		}
		ret = push_str(&t->key_names, &t->nkeys,
			       strndup(k, (size_t)((dot ? dot : stop) - k)));
		if (ret)
			return ret;
		k = stop + 1;
	}
	return 0;
}

static int new_table(struct tq_hist *h)
{
	struct tq_hist_table *nt = realloc(h->tables, (h->ntables + 1) * sizeof(*nt));

	if (!nt)
		return -ENOMEM;
	h->tables = nt;
	memset(&h->tables[h->ntables], 0, sizeof(*nt));
	h->tables[h->ntables].bucket_key = -1;
	h->ntables++;
	return 0;
}

/* The text of key i within "{ a: x, b: y }" (inner, without braces). */
static char *key_text(const struct tq_hist_table *t, const char *inner, size_t i)
{
	char pat[300];
	const char *start = inner, *end;

	if (t->nkeys == 0)
		return i == 0 ? collapse(inner, strlen(inner)) : strdup("");
	snprintf(pat, sizeof(pat), "%s:", t->key_names[i]);
	if (i == 0) {
		while (isspace((unsigned char)*start))
			start++;
		if (!strncmp(start, pat, strlen(pat)))
			start += strlen(pat);
	} else {
		char sep[310];

		snprintf(sep, sizeof(sep), ", %s", pat);
		start = strstr(inner, sep);
		if (!start)
			return strdup("");
		start += strlen(sep);
	}
	end = start + strlen(start);
	if (i + 1 < t->nkeys) {
		char sep[310];
		const char *next;

		snprintf(sep, sizeof(sep), ", %s:", t->key_names[i + 1]);
		next = strstr(start, sep);
		if (next)
			end = next;
	}
	return collapse(start, (size_t)(end - start));
}

static void bucket_range(struct tq_hist_table *t, struct tq_hist_row *r)
{
	const char *s = r->keys[t->bucket_key];
	unsigned long long a, b;

	if (t->bucket == TQ_HB_LOG2 && sscanf(s, "~ 2^%llu", &a) == 1 && a < 64) {
		r->lo = a ? (1ULL << (a - 1)) + 1 : 0;
		r->hi = 1ULL << a;
	} else if (t->bucket == TQ_HB_LINEAR && sscanf(s, "~ %llu-%llu", &a, &b) == 2) {
		r->lo = a;
		r->hi = b;
	}
}

/*
 * One value as the kernel prints it: an unsigned (or, for signed sums, negative) 64-bit
 * integer, a percentage "12.34" (.percent), or a bar of '#' (.graph, 0 here). Anything
 * else, and integers past 64 bits, are refused: the file is not the kernel's.
 */
static int parse_number(const char *v, const char *name, bool count, double *num)
{
	size_t n = strcspn(v, " \t\n");
	const char *p = v + (*v == '-');
	char *end;

	*num = 0;
	/* an empty graph bar leaves the next "name:" here */
	if (!n || *v == '#' || v[n - 1] == ':')
		return 0;
	if (!isdigit((unsigned char)*p))
		return tq_fail(EINVAL, "'%s: %.*s' is not a number", name, (int)n, v);
	errno = 0;
	if (*v == '-' && !count) {
		long long sv = strtoll(v, &end, 10);

		*num = (double)sv;
	} else if (*v != '-') {
		unsigned long long uv = strtoull(v, &end, 10);

		*num = (double)uv;
	} else {
		return tq_fail(EINVAL, "'%s: %.*s': a count cannot be negative", name, (int)n, v);
	}
	if (errno == ERANGE)
		return tq_fail(EINVAL, "'%s: %.*s' does not fit in 64 bits", name, (int)n, v);
	if (*end == '.' && !count && *v != '-' && isdigit((unsigned char)end[1])) {
		/* a percentage: the integer part was read above, the fraction is short */
		*num = strtod(v, &end);
	}
	if ((size_t)(end - v) != n)
		return tq_fail(EINVAL, "'%s: %.*s' is not a %s", name, (int)n, v,
			       count ? "count" : "64-bit integer or percentage");
	return 0;
}

static int parse_values(struct tq_hist_table *t, struct tq_hist_row *r, const char *s,
			bool first)
{
	size_t nv = 0;

	r->vals = calloc(MAX_VALS, sizeof(*r->vals));
	if (!r->vals)
		return -ENOMEM;
	while (*s) {
		const char *colon, *v;
		char *name;
		double num;
		int ret;

		while (isspace((unsigned char)*s))
			s++;
		colon = strchr(s, ':');
		if (!*s || !colon)
			break;
		name = collapse(s, (size_t)(colon - s));
		if (!name)
			return -ENOMEM;
		v = colon + 1;
		while (*v == ' ')
			v++;
		ret = parse_number(v, name, !strcmp(name, "hitcount"), &num);
		if (ret) {
			free(name);
			return ret;
		}
		/* a graph bar is #s; an empty one leaves the next name here */
		s = v;
		if (strcspn(v, " \t\n") > 0 && v[strcspn(v, " \t\n") - 1] != ':')
			s = v + strcspn(v, " \t\n");
		if (!strcmp(name, "hitcount")) {
			r->hitcount = strtoull(v, NULL, 10);
			free(name);
			continue;
		}
		/* the kernel has at most 3 values; more columns than room are not values */
		if (first && t->nvals < MAX_VALS) {
			ret = push_str(&t->val_names, &t->nvals, name);

			if (ret)
				return ret;
			name = NULL;
		}
		free(name);
		if (nv < t->nvals)
			r->vals[nv++] = num;
	}
	return 0;
}

static int parse_row(struct tq_hist_table *t, const char *inner, const char *vals)
{
	struct tq_hist_row *nr = realloc(t->rows, (t->nrows + 1) * sizeof(*nr));
	struct tq_hist_row *r;
	size_t nk = t->nkeys ? t->nkeys : 1;

	if (!nr)
		return -ENOMEM;
	t->rows = nr;
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	r->keys = calloc(nk, sizeof(*r->keys));
	if (!r->keys)
		return -ENOMEM;
	t->nrows++;
	for (size_t i = 0; i < nk; i++) {
		r->keys[i] = key_text(t, inner, i);
		if (!r->keys[i])
			return -ENOMEM;
	}
	if (!t->nkeys && push_str(&t->key_names, &t->nkeys, strdup("key")))
		return -ENOMEM;
	if (t->bucket_key >= 0)
		bucket_range(t, r);
	return parse_values(t, r, vals, t->nrows == 1);
}

static const char *skip_prefix_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "Hits: N" and the like: a u64. */
static int parse_total(const char *l, size_t skip, uint64_t *out)
{
	char name[16];
	double num;
	int ret;

	snprintf(name, sizeof(name), "%.*s", (int)skip - 1, l);
	l = skip_prefix_ws(l + skip);
	ret = parse_number(l, name, true, &num);
	if (!ret)
		*out = strtoull(l, NULL, 10);
	return ret;
}

/* The message of the failure, prefixed with the line it is on. */
static int at_line(const char *text, const char *line, int err)
{
	unsigned n = 1;
	char why[512];

	for (const char *p = text; p < line; p++)
		n += *p == '\n';
	snprintf(why, sizeof(why), "%s", tq_errmsg(err));
	return tq_fail(-err, "hist file line %u: %s", n, why);
}

int tq_hist_parse(const char *text, struct tq_hist *h)
{
	const char *line = text;
	struct tq_hist_table *t = NULL;
	int ret = 0;

	memset(h, 0, sizeof(*h));
	while (!ret && *line) {
		const char *eol = strchrnul(line, '\n');
		const char *l = skip_prefix_ws(line);

		/* rows already parsed fix a table's columns: new trigger info starts a table */
		if (!strncmp(line, "# event histogram", 17) ||
		    (!strncmp(line, "# trigger info:", 15) && (!t || t->trigger || t->nrows))) {
			ret = new_table(h);
			t = ret ? NULL : &h->tables[h->ntables - 1];
		}
		if (!ret && t && !strncmp(line, "# trigger info:", 15)) {
			const char *s = skip_prefix_ws(line + 15);
			const char *br = memchr(s, '[', (size_t)(eol - s));
			size_t n = (size_t)((br ? br : eol) - s);

			while (n && isspace((unsigned char)s[n - 1]))
				n--;
			t->trigger = strndup(s, n);
			ret = t->trigger ? parse_trigger(t, t->trigger) : -ENOMEM;
		} else if (!ret && *line == '{') {
			/* the key runs to " }" on this line, or to a line starting with "}" */
			const char *close = NULL;
			const char *p = line;

			for (;;) {
				const char *e = strchrnul(p, '\n');
				const char *c = p == line ? NULL : (*p == '}' ? p : NULL);

				if (!c) {
					for (const char *q = p; q + 1 < e; q++)
						if (q[0] == ' ' && q[1] == '}')
							c = q + 1;
				}
				/* after a stack trace, ", next_key: value}" ends the key */
				if (!c && p != line)
					c = memmem(p, (size_t)(e - p), "} hitcount:", 11);
				if (c) {
					close = c;
					eol = strchrnul(c, '\n');
					break;
				}
				if (!*e)
					break;
				p = e + 1;
			}
			if (!t) {
				ret = new_table(h);
				t = ret ? NULL : &h->tables[h->ntables - 1];
			}
			if (!ret && close) {
				char *inner = strndup(line + 1, (size_t)(close - line - 1));
				char *vals = strndup(close + 1, (size_t)(eol - close - 1));

				ret = inner && vals ? parse_row(t, inner, vals) : -ENOMEM;
				free(inner);
				free(vals);
			} else if (!ret) {
				ret = tq_fail(EINVAL, "hist file: a key without its closing '}'");
			}
		} else if (!ret && t && !strncmp(l, "Hits:", 5)) {
			ret = parse_total(l, 5, &t->hits);
			t->has_totals = true;
		} else if (!ret && t && !strncmp(l, "Entries:", 8)) {
			ret = parse_total(l, 8, &t->entries);
		} else if (!ret && t && !strncmp(l, "Dropped:", 8)) {
			ret = parse_total(l, 8, &t->dropped);
		}
		if (ret == -EINVAL)
			ret = at_line(text, line, ret);
		line = *eol ? eol + 1 : eol;
	}
	if (ret)
		tq_hist_release(h);
	return ret;
}

void tq_hist_release(struct tq_hist *h)
{
	for (size_t i = 0; i < h->ntables; i++) {
		struct tq_hist_table *t = &h->tables[i];

		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t k = 0; t->rows[r].keys && k < (t->nkeys ? t->nkeys : 1); k++)
				free(t->rows[r].keys[k]);
			free(t->rows[r].keys);
			free(t->rows[r].vals);
		}
		free(t->rows);
		for (size_t k = 0; k < t->nkeys; k++)
			free(t->key_names[k]);
		free(t->key_names);
		for (size_t k = 0; k < t->nvals; k++)
			free(t->val_names[k]);
		free(t->val_names);
		free(t->trigger);
	}
	free(h->tables);
	memset(h, 0, sizeof(*h));
}

/* "keys=a,b" of a trigger text, as pointer and length */
static const char *keys_part(const char *s, size_t *len)
{
	const char *k = strstr(s, "keys=");

	if (!k)
		k = strstr(s, "key=");
	if (!k)
		return NULL;
	*len = strcspn(k, ": ");
	return k;
}

static bool list_has(const char *list, size_t len, const char *w, size_t wlen)
{
	for (size_t i = 0; i < len;) {
		size_t n = strcspn(list + i, ",:");

		if (n > len - i)
			n = len - i;
		if (n == wlen && !strncmp(list + i, w, n))
			return true;
		i += n + 1;
	}
	return false;
}

/* Does the kernel's trigger text (with its defaults filled in) say what ours says? */
static bool same_trigger(const char *kernel, const char *ours)
{
	size_t olen = strcspn(ours, " "), klen = strcspn(kernel, " ");

	for (size_t i = 0; i < olen;) {
		size_t n = strcspn(ours + i, ":");
		const char *part = ours + i, *at;
		bool found = false;

		if (n > olen - i)
			n = olen - i;
		if (!strncmp(part, "vals=", 5)) {
			at = strstr(kernel, ":vals=");
			/* only in the trigger itself, not in a filter after it */
			if (at && at + 6 > kernel + klen)
				at = NULL;
			found = true;
			for (size_t k = 5; found && k < n;) {
				size_t m = strcspn(part + k, ",:");

				if (m > n - k)
					m = n - k;
				found = at && list_has(at + 6, klen - (size_t)(at + 6 - kernel),
						       part + k, m);
				k += m + 1;
			}
		} else {
			for (at = kernel; !found && at < kernel + klen &&
			     (at = memmem(at, klen - (size_t)(at - kernel), part, n)); at++)
				found = (at == kernel || at[-1] == ':') &&
					(at + n == kernel + klen || at[n] == ':');
		}
		if (!found)
			return false;
		i += n + 1;
	}
	return true;
}

/*
 * The kernel prints a trigger with its defaults added (vals=hitcount, sort, size), so a
 * table is ours when every part of our trigger appears in the kernel's. Other triggers on
 * the same event may share our keys (a JOIN's keys=next_pid): going by keys alone is only
 * safe when one table has them.
 */
const struct tq_hist_table *tq_hist_find(const struct tq_hist *h, const char *trigger)
{
	const struct tq_hist_table *by_keys = NULL;
	size_t wlen = 0, plen = 0, nkeys = 0;
	const char *w = keys_part(trigger, &wlen);

	for (size_t i = 0; i < h->ntables; i++)
		if (h->tables[i].trigger && same_trigger(h->tables[i].trigger, trigger))
			return &h->tables[i];
	for (size_t i = 0; w && i < h->ntables; i++) {
		const char *p = h->tables[i].trigger ? keys_part(h->tables[i].trigger, &plen) : NULL;

		if (p && plen == wlen && !strncmp(p, w, wlen)) {
			by_keys = &h->tables[i];
			nkeys++;
		}
	}
	if (nkeys == 1)
		return by_keys;
	return h->ntables == 1 ? &h->tables[0] : NULL;
}

/* ---- rendering ---- */

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* v as an integer where it is one (range first: casting a double past it is UB). */
static void print_num_width(FILE *out, int width, double v)
{
	if (v >= 0 && v < 18446744073709551616.0 && v == (double)(uint64_t)v)
		fprintf(out, "%*" PRIu64, width, (uint64_t)v);
	else if (v < 0 && v >= -9223372036854775808.0 && v == (double)(int64_t)v)
		fprintf(out, "%*" PRId64, width, (int64_t)v);
	else
		fprintf(out, "%*.2f", width, v);
}

static void print_num(FILE *out, double v)
{
	print_num_width(out, 0, v);
}

static size_t shown(const struct tq_hist_table *t, long long limit)
{
	return limit >= 0 && (size_t)limit < t->nrows ? (size_t)limit : t->nrows;
}

static int render_json(const struct tq_hist_table *t, long long limit, FILE *out)
{
	fputs("{\"trigger\":", out);
	json_str(out, t->trigger ? t->trigger : "");
	fputs(",\"rows\":[", out);
	for (size_t r = 0; r < shown(t, limit); r++) {
		const struct tq_hist_row *row = &t->rows[r];

		fputs(r ? ",{" : "{", out);
		for (size_t k = 0; k < t->nkeys; k++) {
			json_str(out, t->key_names[k]);
			fputc(':', out);
			json_str(out, row->keys[k]);
			fputc(',', out);
		}
		if (t->bucket_key >= 0)
			fprintf(out, "\"range\":[%" PRIu64 ",%" PRIu64 "],", row->lo, row->hi);
		fprintf(out, "\"hitcount\":%" PRIu64, row->hitcount);
		for (size_t v = 0; v < t->nvals; v++) {
			fputc(',', out);
			json_str(out, t->val_names[v]);
			fputc(':', out);
			print_num(out, row->vals[v]);
		}
		fputc('}', out);
	}
	fprintf(out, "],\"hits\":%" PRIu64 ",\"entries\":%" PRIu64 ",\"dropped\":%" PRIu64 "}\n",
		t->hits, t->entries, t->dropped);
	return ferror(out) ? -EIO : 0;
}

static int render_table(const struct tq_hist_table *t, long long limit, FILE *out)
{
	size_t ncols = t->nkeys + 1 + t->nvals, n = shown(t, limit);
	size_t *w = calloc(ncols, sizeof(*w));
	char buf[64];

	if (!w)
		return -ENOMEM;
	for (size_t k = 0; k < t->nkeys; k++)
		w[k] = strlen(t->key_names[k]);
	w[t->nkeys] = strlen("hitcount");
	for (size_t v = 0; v < t->nvals; v++)
		w[t->nkeys + 1 + v] = strlen(t->val_names[v]);
	for (size_t r = 0; r < n; r++) {
		for (size_t k = 0; k < t->nkeys; k++)
			if (strlen(t->rows[r].keys[k]) > w[k])
				w[k] = strlen(t->rows[r].keys[k]);
		snprintf(buf, sizeof(buf), "%" PRIu64, t->rows[r].hitcount);
		if (strlen(buf) > w[t->nkeys])
			w[t->nkeys] = strlen(buf);
		for (size_t v = 0; v < t->nvals; v++) {
			snprintf(buf, sizeof(buf), "%.2f", t->rows[r].vals[v]);
			if (strlen(buf) > w[t->nkeys + 1 + v])
				w[t->nkeys + 1 + v] = strlen(buf);
		}
	}
	for (size_t k = 0; k < t->nkeys; k++)
		fprintf(out, "%-*s  ", (int)w[k], t->key_names[k]);
	fprintf(out, "%*s", (int)w[t->nkeys], "hitcount");
	for (size_t v = 0; v < t->nvals; v++)
		fprintf(out, "  %*s", (int)w[t->nkeys + 1 + v], t->val_names[v]);
	fputc('\n', out);
	for (size_t r = 0; r < n; r++) {
		const struct tq_hist_row *row = &t->rows[r];

		for (size_t k = 0; k < t->nkeys; k++)
			fprintf(out, "%-*s  ", (int)w[k], row->keys[k]);
		fprintf(out, "%*" PRIu64, (int)w[t->nkeys], row->hitcount);
		for (size_t v = 0; v < t->nvals; v++) {
			fputs("  ", out);
			print_num_width(out, (int)w[t->nkeys + 1 + v], row->vals[v]);
		}
		fputc('\n', out);
	}
	if (n < t->nrows)
		fprintf(out, "(%zu more rows)\n", t->nrows - n);
	free(w);
	return 0;
}

static int cmp_lo(const void *a, const void *b)
{
	const struct tq_hist_row *x = *(const struct tq_hist_row *const *)a;
	const struct tq_hist_row *y = *(const struct tq_hist_row *const *)b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void bar_line(FILE *out, uint64_t lo, uint64_t hi, uint64_t count, uint64_t max)
{
	const int width = 40;
	int n = max ? (int)((count * width + max - 1) / max) : 0;
	char range[64];

	snprintf(range, sizeof(range), "[%" PRIu64 ", %" PRIu64 "]", lo, hi);
	fprintf(out, "%-24s %10" PRIu64 " |", range, count);
	for (int i = 0; i < width; i++)
		fputc(i < n ? '@' : ' ', out);
	fputs("|\n", out);
}

/* The other keys of a row, as "name=value, ..." (the group a bar chart belongs to). */
static void group_label(const struct tq_hist_table *t, const struct tq_hist_row *r, char *buf,
			size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < t->nkeys && len < size; k++) {
		if ((int)k == t->bucket_key)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s=%s", len ? ", " : "",
					t->key_names[k], r->keys[k]);
	}
}

static int render_bars(const struct tq_hist_table *t, FILE *out)
{
	const struct tq_hist_row **rows = calloc(t->nrows + 1, sizeof(*rows));
	bool *done = calloc(t->nrows + 1, sizeof(*done));
	char label[512], other[512];

	if (!rows || !done) {
		free(rows);
		free(done);
		return -ENOMEM;
	}
	for (size_t g = 0; g < t->nrows; g++) {
		size_t n = 0;
		uint64_t max = 0;

		if (done[g])
			continue;
		group_label(t, &t->rows[g], label, sizeof(label));
		for (size_t r = g; r < t->nrows; r++) {
			group_label(t, &t->rows[r], other, sizeof(other));
			if (done[r] || strcmp(label, other))
				continue;
			done[r] = true;
			rows[n++] = &t->rows[r];
			if (t->rows[r].hitcount > max)
				max = t->rows[r].hitcount;
		}
		qsort(rows, n, sizeof(*rows), cmp_lo);
		fprintf(out, "%s%s%s%s:\n", g ? "\n" : "", t->key_names[t->bucket_key],
			label[0] ? " " : "", label);
		for (size_t i = 0; i < n; i++) {
			/* empty buckets between two full ones are shown, as bpftrace does */
			if (i && t->bucket == TQ_HB_LOG2) {
				uint64_t hi = rows[i - 1]->hi;

				while (hi && hi < rows[i]->lo - 1 && hi < (1ULL << 62)) {
					bar_line(out, hi + 1, hi * 2, 0, max);
					hi *= 2;
				}
			} else if (i && t->bucket == TQ_HB_LINEAR) {
				uint64_t step = rows[i - 1]->hi - rows[i - 1]->lo + 1;
				uint64_t lo = rows[i - 1]->lo + step;

				for (int guard = 0; step && lo < rows[i]->lo && guard < 1000; guard++) {
					bar_line(out, lo, lo + step - 1, 0, max);
					lo += step;
				}
			}
			bar_line(out, rows[i]->lo, rows[i]->hi, rows[i]->hitcount, max);
		}
	}
	free(rows);
	free(done);
	return 0;
}

int tq_hist_render(const struct tq_hist_table *t, enum tq_hist_format fmt, long long limit,
		   FILE *out)
{
	int ret;

	if (fmt == TQ_HIST_JSON)
		return render_json(t, limit, out);
	if (fmt == TQ_HIST_AUTO)
		fmt = t->bucket_key >= 0 ? TQ_HIST_BARS : TQ_HIST_TABLE;
	if (fmt == TQ_HIST_BARS && t->bucket_key < 0)
		return tq_fail(EINVAL, "bars need a key with log2 or buckets (lat.log2, "
			       "buckets(lat, 10))");
	ret = fmt == TQ_HIST_BARS ? render_bars(t, out) : render_table(t, limit, out);
	if (ret)
		return ret;
	if (t->has_totals)
		fprintf(out, "\nhits: %" PRIu64 "  entries: %" PRIu64 "  dropped: %" PRIu64 "\n",
			t->hits, t->entries, t->dropped);
	return ferror(out) ? -EIO : 0;
}
