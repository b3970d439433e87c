// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "print/filter-check.h"
#include "util/caret.h"
#include "util/diag.h"
#include "util/suggest.h"

/* The names libtraceevent's filter reads as fields of every event (parse-filter.c). */
static const char *const special_fields[] = { "COMM", "CPU" };
#define NSPECIAL (sizeof(special_fields) / sizeof(special_fields[0]))

/* The events one EVENT of the filter names, matched as libtraceevent's find_event() does. */
struct spec_events {
	struct tep_event **ev;
	int n;
};

static bool rx_match(const regex_t *rx, const char *s)
{
	return s && !regexec(rx, s, 0, NULL, 0);
}

static int compile_anchored(regex_t *rx, const char *word, size_t len)
{
	char *pat;
	int ret;

	if (asprintf(&pat, "^%.*s$", (int)len, word) < 0)
		return -ENOMEM;
	ret = regcomp(rx, pat, REG_ICASE | REG_NOSUB);
	free(pat);
	return ret ? -EINVAL : 0;
}

/* Trim blanks around [*s, *s + *len). */
static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* spec is "NAME" (an event or a system) or "SYSTEM/NAME", len bytes. */
static int find_events(struct tep_handle *tep, const char *spec, size_t len,
		       struct spec_events *out)
{
	const char *slash = memchr(spec, '/', len);
	const char *name = slash ? slash + 1 : spec;
	size_t sys_len = slash ? (size_t)(slash - spec) : 0;
	size_t name_len = slash ? len - sys_len - 1 : len;
	regex_t srx, erx;
	int i, n = tep_get_events_count(tep), ret;

	out->ev = NULL;
	out->n = 0;
	trim(&spec, &sys_len);
	trim(&name, &name_len);
	ret = compile_anchored(&erx, name, name_len);
	if (ret)
		return ret;
	if (slash && compile_anchored(&srx, spec, sys_len)) {
		regfree(&erx);
		return -EINVAL;
	}
	out->ev = calloc(n ? n : 1, sizeof(*out->ev));
	for (i = 0; out->ev && i < n; i++) {
		struct tep_event *e = tep_get_event(tep, i);
		bool hit = slash ? rx_match(&srx, e->system) && rx_match(&erx, e->name) :
				   rx_match(&erx, e->name) || rx_match(&erx, e->system);

		if (hit)
			out->ev[out->n++] = e;
	}
	regfree(&erx);
	if (slash)
		regfree(&srx);
	return out->ev ? 0 : -ENOMEM;
}

static bool has_field(struct tep_event *const *ev, int n, const char *name)
{
	size_t k;
	int i;

	for (k = 0; k < NSPECIAL; k++)
		if (!strcmp(name, special_fields[k]))
			return true;
	for (i = 0; i < n; i++)
		if (tep_find_any_field(ev[i], name))
			return true;
	return false;
}

/* The fields of the first event (its own, then the common ones), for suggestions. */
static const char **field_names(struct tep_event *e, size_t *count)
{
	struct tep_format_field *lists[] = { e->format.fields, e->format.common_fields };
	struct tep_format_field *f;
	const char **names;
	size_t n = NSPECIAL, k;

	for (k = 0; k < 2; k++)
		for (f = lists[k]; f; f = f->next)
			n++;
	names = calloc(n, sizeof(*names));
	if (!names)
		return NULL;
	n = 0;
	for (k = 0; k < 2; k++)
		for (f = lists[k]; f; f = f->next)
			names[n++] = f->name;
	for (k = 0; k < NSPECIAL; k++)
		names[n++] = special_fields[k];
	*count = n;
	return names;
}

static int unknown_field(const char *filter, size_t at, const char *name,
			 const struct spec_events *se, const char *spec, size_t spec_len)
{
	struct tep_event *e = se->ev[0];
	struct tep_format_field *f;
	const char **names;
	const char *near;
	char why[512], hint[1024];
	size_t n = 0, len;

	names = field_names(e, &n);
	if (!names)
		return -ENOMEM;
	near = tq_suggest(name, names, n);
	if (se->n == 1)
		len = snprintf(why, sizeof(why), "%s:%s has no field '%s'", e->system, e->name,
			       name);
	else
		len = snprintf(why, sizeof(why), "none of the %d events '%.*s' names has a field "
			       "'%s'", se->n, (int)spec_len, spec, name);
	if (near && len < sizeof(why))
		snprintf(why + len, sizeof(why) - len, " (did you mean '%s'?)", near);
	free(names);
	len = snprintf(hint, sizeof(hint), "the fields of %s:%s:", e->system, e->name);
	for (f = e->format.fields; f && len < sizeof(hint); f = f->next)
		len += snprintf(hint + len, sizeof(hint) - len, " %s", f->name);
	if (len < sizeof(hint))
		snprintf(hint + len, sizeof(hint) - len, ", the common_* ones, COMM and CPU");
	return tq_fail_at("filter", filter, at, why, hint);
}

/* Skip a quoted string at p (libtraceevent's tokenizer: backslash escapes the next byte). */
static const char *skip_quoted(const char *p)
{
	char quote = *p++;

	while (*p && *p != quote)
		p += (*p == '\\' && p[1]) ? 2 : 1;
	return *p ? p + 1 : p;
}

/*
 * Every name in the condition against the events of each EVENT before the ':'. As in
 * libtraceevent, a name is a run of letters, digits and '_' not starting with a digit
 * (numbers start with one) outside quotes.
 */
static int check_condition(const char *filter, const char *cond, const struct spec_events *se,
			   int nspecs, const char *const *specs, const size_t *spec_lens)
{
	const char *p = cond;

	while (*p) {
		const char *start = p;
		char name[256];
		int s;

		if (*p == '"' || *p == '\'') {
			p = skip_quoted(p);
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (isdigit((unsigned char)*start))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(p - start), start);
		for (s = 0; s < nspecs; s++)
			if (se[s].n && !has_field(se[s].ev, se[s].n, name))
				return unknown_field(filter, start - filter, name, &se[s], specs[s],
						     spec_lens[s]);
	}
	return 0;
}

#define MAX_SPECS 64

int tq_filter_check_fields(struct tep_handle *tep, const char *filter)
{
	const char *colon = strchr(filter, ':');
	struct spec_events se[MAX_SPECS];
	const char *specs[MAX_SPECS];
	size_t lens[MAX_SPECS];
	const char *p = filter;
	int n = 0, i, ret = 0;

	if (!colon)
		return 0;	/* events only: no condition, nothing to check */
	while (p < colon && n < MAX_SPECS && !ret) {
		const char *comma = memchr(p, ',', colon - p);
		size_t len = (comma ? comma : colon) - p;

		specs[n] = p;
		lens[n] = len;
		trim(&specs[n], &lens[n]);
		ret = find_events(tep, p, len, &se[n]);
		if (!ret)
			n++;
		p = comma ? comma + 1 : colon;
	}
	/* an EVENT that is no valid pattern is for libtraceevent to refuse */
	if (ret == -EINVAL)
		ret = 0;
	else if (!ret && p == colon)
		ret = check_condition(filter, colon + 1, se, n, specs, lens);
	for (i = 0; i < n; i++)
		free(se[i].ev);
	return ret;
}
