// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/ast.h"

void tq_sql_diag_release(struct tq_sql_diag *diag)
{
	free(diag->msg);
	free(diag->hint);
	diag->msg = NULL;
	diag->hint = NULL;
}

void tq_sql_vdiag(struct tq_sql_diag *diag, const struct tq_sql_pos *pos, const char *hint,
		  const char *fmt, va_list ap)
{
	if (vasprintf(&diag->msg, fmt, ap) < 0)
		diag->msg = NULL;
	diag->hint = hint ? strdup(hint) : NULL;
	if (pos)
		diag->pos = *pos;
	else
		memset(&diag->pos, 0, sizeof(diag->pos));
}

int tq_sql_error(struct tq_sql_diag *diag, const struct tq_sql_pos *pos, const char *hint,
		 const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return -EINVAL;
	/* the first error is the one to show: later ones are usually its echoes */
	if (diag->msg)
		return -EINVAL;
	va_start(ap, fmt);
	tq_sql_vdiag(diag, pos, hint, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (!b->s && b->cap == (size_t)-1)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t nc = (b->len + n + 1) * 2;
		char *ns = realloc(b->s, nc);

		if (!ns) {
			free(b->s);
			b->s = NULL;
			b->cap = (size_t)-1;
			return;
		}
		b->s = ns;
		b->cap = nc;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A UTF-8 character is one column: count the bytes that start one. */
static size_t columns(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

char *tq_sql_diag_format(const char *src, const struct tq_sql_diag *diag)
{
	struct buf b = { 0 };
	const char *msg = diag->msg ? diag->msg : "invalid query";
	size_t srclen = src ? strlen(src) : 0;
	size_t off = diag->pos.off < srclen ? diag->pos.off : srclen, start = off, end = off;
	unsigned col = diag->pos.col;
	char head[64];

	if (src && diag->pos.line) {
		while (start > 0 && src[start - 1] != '\n')
			start--;
		while (src[end] && src[end] != '\n')
			end++;
		col = (unsigned)columns(src + start, off - start) + 1;
	}
	if (diag->pos.line) {
		snprintf(head, sizeof(head), "line %u, column %u: ", diag->pos.line, col);
		puts_(&b, head);
	}
	puts_(&b, msg);
	puts_(&b, "\n");
	if (src && diag->pos.line) {
		size_t len = diag->pos.len;

		puts_(&b, "    ");
		/* tabs become spaces so that the caret lines up in any terminal */
		for (size_t i = start; i < end; i++)
			put(&b, src[i] == '\t' ? " " : &src[i], 1);
		puts_(&b, "\n    ");
		for (size_t i = 1; i < col; i++)
			put(&b, " ", 1);
		puts_(&b, "^");
		if (off + len > end)
			len = end > off ? end - off : 0;
		/* counted once: a token may be a megabyte long */
		len = columns(src + off, len);
		for (size_t i = 1; i < len; i++)
			put(&b, "~", 1);
		puts_(&b, "\n");
	}
	if (diag->hint) {
		puts_(&b, "    ");
		puts_(&b, diag->hint);
		puts_(&b, "\n");
	}
	return b.s;
}
