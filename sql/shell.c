// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event-parse.h>

#include "tracefs/catalog.h"
#include "sql/shell.h"

/* ---- the statement buffer ---- */

void tq_sh_buf_init(struct tq_sh_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void tq_sh_buf_release(struct tq_sh_buf *b)
{
	free(b->text);
	tq_sh_buf_init(b);
}

void tq_sh_buf_clear(struct tq_sh_buf *b)
{
	b->len = 0;
	if (b->text)
		b->text[0] = '\0';
}

int tq_sh_buf_add(struct tq_sh_buf *b, const char *line)
{
	size_t n = strlen(line);

	if (b->len + n + 2 > b->cap) {
		size_t cap = (b->len + n + 2) * 2;
		char *t = realloc(b->text, cap);

		if (!t)
			return -ENOMEM;
		b->text = t;
		b->cap = cap;
	}
	memcpy(b->text + b->len, line, n);
	b->len += n;
	b->text[b->len++] = '\n';
	b->text[b->len] = '\0';
	return 0;
}

/*
 * Skip what is not code at s[i]: a quoted string (either quote; a backslash escapes the
 * next character) or a -- comment. Returns the index after it, or i when s[i] starts
 * neither.
 */
static size_t skip_quoted(const char *s, size_t len, size_t i)
{
	if (s[i] == '\'' || s[i] == '"') {
		char q = s[i++];

		while (i < len && s[i] != q) {
			if (s[i] == '\\' && i + 1 < len)
				i++;
			i++;
		}
		return i < len ? i + 1 : len;
	}
	if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
		while (i < len && s[i] != '\n')
			i++;
		return i;
	}
	return i;
}

bool tq_sh_buf_empty(const struct tq_sh_buf *b)
{
	for (size_t i = 0; i < b->len;) {
		size_t j = skip_quoted(b->text, b->len, i);

		if (j != i) {
			if (b->text[i] != '-')
				return false;
			i = j;
			continue;
		}
		if (!isspace((unsigned char)b->text[i]))
			return false;
		i++;
	}
	return true;
}

int tq_sh_buf_take(struct tq_sh_buf *b, char **stmt)
{
	for (size_t i = 0; i < b->len;) {
		size_t j = skip_quoted(b->text, b->len, i);

		if (j != i) {
			i = j;
			continue;
		}
		if (b->text[i] != ';') {
			i++;
			continue;
		}
		*stmt = strndup(b->text, i);
		if (!*stmt)
			return -ENOMEM;
		/* the rest of the line after ';' (often just its newline) starts the next one */
		i++;
		while (i < b->len && (b->text[i] == ' ' || b->text[i] == '\t'))
			i++;
		if (i < b->len && b->text[i] == '\n')
			i++;
		memmove(b->text, b->text + i, b->len - i + 1);
		b->len -= i;
		return 1;
	}
	return 0;
}

/* ---- a small tokenizer that never fails ---- */

struct word {
	const char *s;
	size_t len;
};

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '\\';
}

/* Split text into identifier-like words and single punctuation characters. */
static size_t split_words(const char *text, struct word *w, size_t max)
{
	size_t n = 0, len = strlen(text);

	for (size_t i = 0; i < len && n < max;) {
		size_t j = skip_quoted(text, len, i);

		if (j != i) {
			w[n++] = (struct word){ "'", 1 };
			i = j;
			continue;
		}
		if (isspace((unsigned char)text[i])) {
			i++;
			continue;
		}
		j = i;
		while (j < len && is_ident(text[j]))
			j++;
		if (j == i)
			j++;
		w[n++] = (struct word){ text + i, j - i };
		i = j;
	}
	return n;
}

static bool word_is(const struct word *w, const char *kw)
{
	return w->len == strlen(kw) && !strncasecmp(w->s, kw, w->len);
}

static const char *const keywords[] = {
	"SELECT", "FROM", "JOIN", "ON", "WHERE", "AS", "CAST", "AND", "OR", "NOT", "IN",
	"CREATE", "EVENT", "GROUP", "BY", "ORDER", "LIMIT", "SIZE", "ASC", "DESC", NULL,
};

static bool is_keyword(const struct word *w)
{
	for (size_t i = 0; keywords[i]; i++)
		if (word_is(w, keywords[i]))
			return true;
	return false;
}

static char *wdup(const struct word *w)
{
	const char *s = w->s;
	size_t n = w->len;

	if (n && *s == '\\') {
		s++;
		n--;
	}
	return strndup(s, n);
}

void tq_sh_evrefs_release(struct tq_sh_evref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(refs[i].sys);
		free(refs[i].name);
		free(refs[i].alias);
		memset(&refs[i], 0, sizeof(refs[i]));
	}
}

int tq_sh_events_of(const char *text, struct tq_sh_evref *refs, size_t max)
{
	size_t cap = strlen(text) + 1, nw, n = 0;
	struct word *w = calloc(cap, sizeof(*w));

	if (!w)
		return -ENOMEM;
	nw = split_words(text, w, cap);
	for (size_t i = 0; i + 1 < nw && n < max; i++) {
		struct tq_sh_evref *r = &refs[n];
		const char *dot;
		size_t k = i + 1;

		if (!word_is(&w[i], "FROM") && !word_is(&w[i], "JOIN"))
			continue;
		if (!is_ident(w[k].s[0]) || is_keyword(&w[k]))
			continue;
		memset(r, 0, sizeof(*r));
		dot = memchr(w[k].s, '.', w[k].len);
		if (dot) {
			struct word sys = { w[k].s, (size_t)(dot - w[k].s) };
			struct word name = { dot + 1, w[k].len - sys.len - 1 };

			r->sys = wdup(&sys);
			r->name = wdup(&name);
		} else {
			r->name = wdup(&w[k]);
		}
		k++;
		if (k < nw && word_is(&w[k], "AS"))
			k++;
		if (k < nw && is_ident(w[k].s[0]) && !is_keyword(&w[k]) &&
		    !memchr(w[k].s, '.', w[k].len))
			r->alias = wdup(&w[k]);
		if (!r->name || (dot && !r->sys)) {
			tq_sh_evrefs_release(refs, n + 1);
			free(w);
			return -ENOMEM;
		}
		n++;
	}
	free(w);
	return (int)n;
}

/* ---- completion ---- */

const char tq_sh_word_breaks[] = " \t\n,()=<>!+-*/;&|~";

const char *const tq_sh_pseudo_fields[] = {
	"TIMESTAMP", "TIMESTAMP_USECS", "TIMESTAMP_DELTA", "TIMESTAMP_DELTA_USECS", "COMM",
	"STACKTRACE", "CPU", "common_pid", NULL,
};

static const char *const functions[] = {
	"count(", "sum(", "log2(", "buckets(", "hex(", "sym(", "execname(", NULL,
};

static const char *const modifiers[] = {
	"hex", "sym", "sym-offset", "syscall", "execname", "log2", "buckets=", "usecs",
	"percent", "graph", "stacktrace", NULL,
};

const struct tq_sh_meta tq_sh_metas[] = {
	{ "\\d", "EVENT", "describe an event: fields, types and print format" },
	{ "\\l", "[PATTERN]", "list events (glob or substring of system.event)" },
	{ "\\dt", "", "synthetic events this session created" },
	{ "\\watch", "SECONDS", "re-run the last histogram, showing it every SECONDS" },
	{ "\\duration", "[SECONDS]", "how long a histogram runs (0: until Enter or Ctrl-C)" },
	{ "\\print", "on|off", "show the tracefs commands each statement runs" },
	{ "\\o", "[FILE]", "send results to FILE (none: back to the terminal)" },
	{ "\\i", "FILE", "run the statements in FILE" },
	{ "\\keep", "", "leave what this session created in place after exit" },
	{ "\\reset", "", "remove what this session created and clear the statement" },
	{ "\\?", "", "this help" },
	{ "\\q", "", "quit (removes what the session created unless kept)" },
	{ NULL, NULL, NULL },
};

struct cands {
	struct tq_strlist *out;
	const char *word;
	size_t wlen;
	int err;
};

/* Add s (with an optional prefix) when it matches the word typed so far. */
static void offer(struct cands *c, const char *prefix, const char *s, bool nocase)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	char *full;

	if (c->err)
		return;
	if (plen) {
		if (plen > c->wlen ? strncmp(prefix, c->word, c->wlen) :
				     strncmp(prefix, c->word, plen))
			return;
		if (c->wlen > plen && (nocase ? strncasecmp : strncmp)(s, c->word + plen,
									 c->wlen - plen))
			return;
	} else if ((nocase ? strncasecmp : strncmp)(s, c->word, c->wlen)) {
		return;
	}
	if (asprintf(&full, "%s%s", prefix ? prefix : "", s) < 0) {
		c->err = -ENOMEM;
		return;
	}
	c->err = tq_strlist_take(c->out, full);
}

/* Keywords take the case the user types them in. */
static void offer_keyword(struct cands *c, const char *kw)
{
	char low[32];
	bool lower = c->wlen && islower((unsigned char)c->word[0]);
	size_t i;

	for (i = 0; kw[i] && i + 1 < sizeof(low); i++)
		low[i] = lower ? (char)tolower((unsigned char)kw[i]) : kw[i];
	low[i] = '\0';
	offer(c, NULL, low, true);
}

/* The fields of one event (catalog or session), pseudo-fields included. */
static void offer_fields(struct cands *c, const struct tq_sh_complete_in *in,
			 const struct tq_sh_evref *r, const char *prefix)
{
	struct tep_event *ev = NULL;

	if (tq_catalog_event(in->cat, r->sys, r->name, &ev) == 0 && ev) {
		struct tep_format_field **f = tep_event_fields(ev);

		for (size_t i = 0; f && f[i]; i++)
			offer(c, prefix, f[i]->name, false);
		free(f);
	} else if (in->extra_fields) {
		struct tq_strlist l;

		tq_strlist_init(&l);
		if (in->extra_fields(in->ctx, r->name, &l) == 0)
			for (size_t i = 0; i < l.len; i++)
				offer(c, prefix, l.items[i], false);
		tq_strlist_release(&l);
	}
	for (size_t i = 0; tq_sh_pseudo_fields[i]; i++)
		offer(c, prefix, tq_sh_pseudo_fields[i], true);
}

/* Event names: bare, or as "sys.event" once the word has a dot; systems end in '.'. */
static void offer_events(struct cands *c, const struct tq_sh_complete_in *in)
{
	size_t n = 0;
	const char *const *names = tq_catalog_names(in->cat, &n);
	bool dotted = memchr(c->word, '.', c->wlen) != NULL;
	char buf[256];

	for (size_t i = 0; i < n && !c->err; i++) {
		const char *colon = strchr(names[i], ':');

		if (!colon || (size_t)(colon - names[i]) + 2 > sizeof(buf))
			continue;
		if (dotted) {
			snprintf(buf, sizeof(buf), "%.*s.%s", (int)(colon - names[i]), names[i],
				 colon + 1);
			offer(c, NULL, buf, false);
		} else {
			offer(c, NULL, colon + 1, false);
			snprintf(buf, sizeof(buf), "%.*s.", (int)(colon - names[i]), names[i]);
			offer(c, NULL, buf, false);
		}
	}
	for (size_t i = 0; i < in->nextra; i++)
		offer(c, dotted ? "synthetic." : NULL, in->extra_events[i], false);
}

static const struct tq_sh_evref *find_ref(const struct tq_sh_evref *refs, size_t n,
					  const char *head, size_t hlen)
{
	for (size_t i = 0; i < n; i++) {
		const char *nm = refs[i].alias ? refs[i].alias : refs[i].name;

		if (strlen(nm) == hlen && !strncmp(nm, head, hlen))
			return &refs[i];
	}
	/* the event's own name works as a prefix too when it has an alias */
	for (size_t i = 0; i < n; i++)
		if (strlen(refs[i].name) == hlen && !strncmp(refs[i].name, head, hlen))
			return &refs[i];
	return NULL;
}

static bool ref_has_field(const struct tq_sh_complete_in *in, const struct tq_sh_evref *r,
			  const char *name, size_t len)
{
	struct tep_event *ev = NULL;
	char buf[128];

	if (len >= sizeof(buf) || tq_catalog_event(in->cat, r->sys, r->name, &ev) || !ev)
		return false;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return tep_find_any_field(ev, buf) != NULL;
}

static void offer_modifiers(struct cands *c, const char *word, size_t upto)
{
	char *prefix = strndup(word, upto);

	if (!prefix) {
		c->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; modifiers[i]; i++)
		offer(c, prefix, modifiers[i], true);
	free(prefix);
}

/* A word with dots: alias.field, alias.field.modifier, field.modifier, sys.event. */
static void complete_dotted(struct cands *c, const struct tq_sh_complete_in *in,
			    const struct tq_sh_evref *refs, size_t nrefs, bool after_from)
{
	const char *w = c->word, *dot1 = strchr(w, '.'), *dot2 = strchr(dot1 + 1, '.');
	const struct tq_sh_evref *r = after_from ? NULL :
		find_ref(refs, nrefs, w, (size_t)(dot1 - w));

	if (r) {
		char *prefix = strndup(w, (size_t)(dot1 - w) + 1);

		if (!prefix) {
			c->err = -ENOMEM;
			return;
		}
		if (!dot2)
			offer_fields(c, in, r, prefix);
		else
			offer_modifiers(c, w, (size_t)(dot2 - w) + 1);
		free(prefix);
		return;
	}
	if (after_from) {
		offer_events(c, in);
		return;
	}
	for (size_t i = 0; i < nrefs; i++) {
		if (ref_has_field(in, &refs[i], w, (size_t)(dot1 - w))) {
			offer_modifiers(c, w, (size_t)(dot1 - w) + 1);
			return;
		}
	}
	offer_events(c, in);
}

static void complete_meta(struct cands *c, const struct tq_sh_complete_in *in,
			  const char *line)
{
	struct word w[4];
	size_t nw = split_words(line, w, 4);

	if (nw == 0) {
		for (size_t i = 0; tq_sh_metas[i].name; i++)
			offer(c, NULL, tq_sh_metas[i].name, false);
		return;
	}
	/* split_words cuts "\d" into "\d"; punctuation such as "\?" takes no argument */
	if (word_is(&w[0], "\\d") || word_is(&w[0], "\\l")) {
		offer_events(c, in);
	} else if (word_is(&w[0], "\\print")) {
		offer(c, NULL, "on", false);
		offer(c, NULL, "off", false);
	}
}

static int sort_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tq_sh_complete(const struct tq_sh_complete_in *in, struct tq_strlist *out)
{
	struct cands c = { .out = out, .word = in->word, .wlen = strlen(in->word) };
	struct tq_sh_evref refs[16];
	const char *b = in->before, *after;
	size_t nw, cap;
	struct word *w;
	bool after_from = false, after_as = false;
	char *all;
	int nrefs;

	while (isspace((unsigned char)*b))
		b++;
	if (*b == '\\' || (!*b && in->word[0] == '\\')) {
		complete_meta(&c, in, b);
		goto done;
	}
	cap = strlen(in->before) + 1;
	w = calloc(cap, sizeof(*w));
	if (!w)
		return -ENOMEM;
	nw = split_words(in->before, w, cap);
	if (nw) {
		after_from = word_is(&w[nw - 1], "FROM") || word_is(&w[nw - 1], "JOIN");
		after_as = word_is(&w[nw - 1], "AS") && nw > 1 && is_ident(w[nw - 2].s[0]) &&
			   !is_keyword(&w[nw - 2]);
	}
	free(w);
	/*
	 * The FROM clause may come after the cursor when a SELECT list is edited. The word
	 * being typed is left out: after "FROM sched_waking" it would pass for an alias
	 * ("WH" of WHERE), and a name after FROM or AS is completed without the refs.
	 */
	after = in->after ? in->after : "";
	after += strspn(after, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
	if (asprintf(&all, "%s %s", in->before, after) < 0)
		return -ENOMEM;
	nrefs = tq_sh_events_of(all, refs, 16);
	free(all);
	if (nrefs < 0)
		return nrefs;
	if (after_as && nrefs > 0) {
		/* naming an alias: nothing to offer */
	} else if (strchr(in->word, '.')) {
		complete_dotted(&c, in, refs, (size_t)nrefs, after_from);
	} else if (after_from) {
		offer_events(&c, in);
	} else {
		for (size_t i = 0; keywords[i]; i++)
			offer_keyword(&c, keywords[i]);
		for (size_t i = 0; functions[i]; i++)
			offer(&c, NULL, functions[i], true);
		for (int i = 0; i < nrefs; i++) {
			if (refs[i].alias) {
				char *a;

				if (asprintf(&a, "%s.", refs[i].alias) < 0) {
					c.err = -ENOMEM;
					break;
				}
				offer(&c, NULL, a, false);
				free(a);
			}
			offer_fields(&c, in, &refs[i], NULL);
		}
	}
	tq_sh_evrefs_release(refs, (size_t)nrefs);
done:
	if (c.err)
		return c.err;
	if (out->len)
		qsort(out->items, out->len, sizeof(*out->items), sort_cmp);
	/* the same name can come twice (an event in two systems, a field and a pseudo-field) */
	for (size_t i = 1, k = 1; i <= out->len; i++) {
		if (i == out->len) {
			out->len = k;
			break;
		}
		if (!strcmp(out->items[i], out->items[k - 1]))
			free(out->items[i]);
		else
			out->items[k++] = out->items[i];
	}
	return 0;
}
