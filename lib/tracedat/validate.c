// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The shapes checked are those the kernel prints (kernel/trace/trace_events.c f_show(),
 * trace_printk.c t_show()); see validate.h for why.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracedat/validate.h"

/* sched_switch nests 6 deep; libtraceevent's parser recurses once per level */
#define MAX_DEPTH 64

struct text {
	const uint8_t *p;
	size_t len;
	struct tq_td_flaw *flaw;
};

__attribute__((format(printf, 3, 4)))
static int flaw_at(const struct text *t, size_t at, const char *fmt, ...)
{
	va_list ap;

	t->flaw->at = at;
	va_start(ap, fmt);
	vsnprintf(t->flaw->why, sizeof(t->flaw->why), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Text is lines of printable bytes and tabs (bytes above 0x7f pass: strings may be UTF-8). */
static int check_bytes(const struct text *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		uint8_t c = t->p[i];

		if (c == 0)
			return flaw_at(t, i, "NUL byte");
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return flaw_at(t, i, "control byte 0x%02x", c);
	}
	return 0;
}

/* The line starting at *pos: [*pos, end) without its '\n'; *pos moves past it. */
static size_t next_line(const struct text *t, size_t *pos, size_t *end)
{
	const uint8_t *nl = memchr(t->p + *pos, '\n', t->len - *pos);
	size_t start = *pos;

	*end = nl ? (size_t)(nl - t->p) : t->len;
	*pos = nl ? *end + 1 : t->len;
	return start;
}

static bool starts(const struct text *t, size_t at, size_t end, const char *word)
{
	size_t n = strlen(word);

	return end - at >= n && !memcmp(t->p + at, word, n);
}

/* "NAME:DIGITS;" at *at (blanks before it allowed), as in "\toffset:8;" */
static bool number_item(const struct text *t, size_t *at, size_t end, const char *name)
{
	size_t i = *at, digits;

	while (i < end && (t->p[i] == ' ' || t->p[i] == '\t'))
		i++;
	if (!starts(t, i, end, name))
		return false;
	i += strlen(name);
	digits = i;
	while (i < end && isdigit(t->p[i]))
		i++;
	if (i == digits || i - digits > 10 || i >= end || t->p[i] != ';')
		return false;
	*at = i + 1;
	return true;
}

/* The names an event's fields have, for the print fmt's REC->NAME. */
struct names {
	size_t *at, *len;
	size_t n, cap;
};

static int add_name(struct names *nm, size_t at, size_t len)
{
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 32;
		size_t *a = realloc(nm->at, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		nm->at = a;
		a = realloc(nm->len, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		nm->len = a;
		nm->cap = cap;
	}
	nm->at[nm->n] = at;
	nm->len[nm->n++] = len;
	return 0;
}

static bool has_name(const struct text *t, const struct names *nm, size_t at, size_t len)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (nm->len[i] == len && !memcmp(t->p + nm->at[i], t->p + at, len))
			return true;
	return false;
}

/*
 * "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" (signed: since 2.6.32; header_page
 * has "field: TYPE NAME;"). NAME may end in "[N]"; it goes to nm when nm is given.
 */
static int check_field(const struct text *t, size_t at, size_t end, struct names *nm)
{
	const uint8_t *semi;
	size_t i, decl, name_end;

	decl = at + 6;	/* after "\tfield" */
	while (decl < end && t->p[decl] != ':')
		decl++;	/* "\tfield special:" in old kernels */
	if (decl >= end)
		return flaw_at(t, at, "a field line without ':'");
	decl++;
	semi = memchr(t->p + decl, ';', end - decl);
	if (!semi)
		return flaw_at(t, at, "a field declaration without ';'");
	name_end = semi - t->p;
	if (name_end > decl && t->p[name_end - 1] == ']') {
		while (name_end > decl && t->p[name_end - 1] != '[')
			name_end--;
		if (name_end == decl)
			return flaw_at(t, decl, "a field's ']' without '['");
		name_end--;
	}
	i = name_end;
	while (i > decl && is_ident(t->p[i - 1]))
		i--;
	if (i == name_end)
		return flaw_at(t, name_end, "a field without a name");
	if (nm && add_name(nm, i, name_end - i))
		return -ENOMEM;
	i = semi - t->p + 1;
	if (!number_item(t, &i, end, "offset:") || !number_item(t, &i, end, "size:"))
		return flaw_at(t, i, "a field without 'offset:N;' and 'size:N;'");
	if (i < end && !number_item(t, &i, end, "signed:"))
		return flaw_at(t, i, "unexpected text after a field's size");
	while (i < end && (t->p[i] == ' ' || t->p[i] == '\t'))
		i++;
	if (i < end)
		return flaw_at(t, i, "unexpected text after a field");
	return 0;
}

/* A C string literal at *at (which is '"' or '\''); *at moves past its closing quote. */
static int skip_literal(const struct text *t, size_t *at, size_t end)
{
	uint8_t quote = t->p[*at];
	size_t i = *at + 1;

	while (i < end && t->p[i] != quote)
		i += t->p[i] == '\\' && i + 1 < end ? 2 : 1;
	if (i >= end)
		return flaw_at(t, *at, "unterminated %s", quote == '"' ? "string" : "character");
	*at = i + 1;
	return 0;
}

/*
 * "print fmt: "FORMAT", ARGS": the format a string, the arguments with balanced brackets,
 * no backslash outside literals, and each REC->NAME a field of the event.
 */
static int check_print_fmt(const struct text *t, size_t at, size_t end, const struct names *nm)
{
	char stack[MAX_DEPTH];
	size_t i = at, depth = 0;
	int err;

	while (i < end && t->p[i] == ' ')
		i++;
	if (i >= end || t->p[i] != '"')
		return flaw_at(t, i, "the print fmt does not start with a string");
	while (i < end) {
		uint8_t c = t->p[i];

		if (c == '"' || c == '\'') {
			err = skip_literal(t, &i, end);
			if (err)
				return err;
			continue;
		}
		if (c == '\\')
			return flaw_at(t, i, "a backslash outside a string");
		/*
		 * C expressions only, and statements only inside a ({ ... }) (kvm_mmu_get_page
		 * has them): libtraceevent 1.7.1 dies on a ';' outside one
		 */
		if (c == ';' ? !memchr(stack, '}', depth) :
		    !is_ident(c) && !strchr(" \t\n+-*/%&|^~!<>=?:,.()[]{}", c))
			return flaw_at(t, i, "'%c' in the print fmt's arguments", c);
		if (c == '(' || c == '[' || c == '{') {
			if (depth == MAX_DEPTH)
				return flaw_at(t, i, "brackets nested deeper than %d", MAX_DEPTH);
			stack[depth++] = c == '(' ? ')' : c == '[' ? ']' : '}';
		} else if (c == ')' || c == ']' || c == '}') {
			if (!depth || stack[depth - 1] != c)
				return flaw_at(t, i, "unbalanced '%c'", c);
			depth--;
		} else if (starts(t, i, end, "REC->") && (i == at || !is_ident(t->p[i - 1]))) {
			size_t name = i + 5, n = name;

			while (n < end && is_ident(t->p[n]))
				n++;
			if (n == name)
				return flaw_at(t, name, "no field name after REC->");
			if (!has_name(t, nm, name, n - name))
				return flaw_at(t, name, "the print fmt names no field of the event: "
					       "'%.*s'", (int)(n - name > 64 ? 64 : n - name),
					       (const char *)t->p + name);
			i = n;
			continue;
		}
		i++;
	}
	if (depth)
		return flaw_at(t, end, "'%c' missing at the end of the print fmt",
			       stack[depth - 1]);
	return 0;
}

static void note_event(const struct text *t, size_t at, size_t end)
{
	size_t n = end - at < sizeof(t->flaw->event) - 1 ? end - at : sizeof(t->flaw->event) - 1;
	size_t i;

	for (i = 0; i < n; i++)
		t->flaw->event[i] = is_ident(t->p[at + i]) ? (char)t->p[at + i] : '?';
	t->flaw->event[n] = '\0';
}

static int check_format_lines(const struct text *t, struct names *nm)
{
	size_t pos = 0, at, end, digits;
	int err;

	at = next_line(t, &pos, &end);
	if (!starts(t, at, end, "name: ") || end == at + 6)
		return flaw_at(t, at, "no 'name: EVENT' line");
	at = next_line(t, &pos, &end);
	if (!starts(t, at, end, "ID: "))
		return flaw_at(t, at, "no 'ID: N' line");
	for (digits = at + 4; digits < end && isdigit(t->p[digits]); digits++)
		;
	if (digits == at + 4 || digits != end)
		return flaw_at(t, at + 4, "the ID is not a number");
	at = next_line(t, &pos, &end);
	if (!starts(t, at, end, "format:") || end != at + 7)
		return flaw_at(t, at, "no 'format:' line");
	while (pos < t->len) {
		at = next_line(t, &pos, &end);
		if (at == end)
			continue;
		if (starts(t, at, end, "\tfield")) {
			err = check_field(t, at, end, nm);
			if (err)
				return err;
			continue;
		}
		if (!starts(t, at, end, "print fmt: "))
			return flaw_at(t, at, "neither a field nor the print fmt");
		/* the last item; its strings may hold line breaks (ext4_fc_stats) */
		return check_print_fmt(t, at + 11, t->len, nm);
	}
	return flaw_at(t, t->len, "no 'print fmt:' line");
}

int tq_td_check_format(const uint8_t *text, size_t len, struct tq_td_flaw *flaw)
{
	const struct text t = { text, len, flaw };
	struct names nm = { 0 };
	int err;

	flaw->event[0] = '\0';
	if (len > 6 && !memcmp(text, "name: ", 6)) {
		const uint8_t *nl = memchr(text, '\n', len);

		note_event(&t, 6, nl ? (size_t)(nl - text) : len);
	}
	err = check_bytes(&t) ?: check_format_lines(&t, &nm);
	free(nm.at);
	free(nm.len);
	return err;
}

int tq_td_check_header_page(const uint8_t *text, size_t len, struct tq_td_flaw *flaw)
{
	const struct text t = { text, len, flaw };
	size_t pos = 0, at, end;
	int err;

	flaw->event[0] = '\0';
	err = check_bytes(&t);
	while (!err && pos < len) {
		at = next_line(&t, &pos, &end);
		if (at == end)
			continue;
		if (!starts(&t, at, end, "\tfield"))
			return flaw_at(&t, at, "not a field line");
		err = check_field(&t, at, end, NULL);
	}
	return err;
}

/*
 * libtraceevent splits each line at its first ':', skips one byte after it and a '"',
 * and then looks two bytes before the end of what is left: that needs three.
 */
int tq_td_check_printk(const uint8_t *text, size_t len, struct tq_td_flaw *flaw)
{
	struct text t = { text, len, flaw };
	size_t pos = 0, at, end, i;
	int err;

	flaw->event[0] = '\0';
	/* a NUL ends the text for libtraceevent: trailing ones are padding */
	while (len && !text[len - 1])
		len--;
	t.len = len;
	err = check_bytes(&t);
	while (!err && pos < len) {
		at = next_line(&t, &pos, &end);
		if (at == end)
			continue;
		i = at;
		if (starts(&t, i, end, "0x"))
			i += 2;
		while (i < end && isxdigit(t.p[i]))
			i++;
		if (i == at || (i == at + 2 && t.p[at] == '0' && t.p[at + 1] == 'x'))
			return flaw_at(&t, at, "a line that does not start with an address");
		while (i < end && t.p[i] == ' ')
			i++;
		if (i >= end || t.p[i] != ':')
			return flaw_at(&t, i, "no ':' after the address");
		i += 2;	/* ':' and the blank libtraceevent skips */
		if (i < end && t.p[i] == '"')
			i++;
		if (i > end || end - i < 3)
			return flaw_at(&t, at, "a format too short for libtraceevent to read");
	}
	return err;
}
