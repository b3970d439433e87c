// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

void tq_sql_diag_release(struct tq_sql_diag *diag)
{
	free(diag->msg);
	free(diag->hint);
	diag->msg = NULL;
	diag->hint = NULL;
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
	if (vasprintf(&diag->msg, fmt, ap) < 0)
		diag->msg = NULL;
	va_end(ap);
	diag->hint = hint ? strdup(hint) : NULL;
	if (pos)
		diag->pos = *pos;
	else
		memset(&diag->pos, 0, sizeof(diag->pos));
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

char *tq_sql_diag_format(const char *src, const struct tq_sql_diag *diag)
{
	struct buf b = { 0 };
	const char *msg = diag->msg ? diag->msg : "invalid query";
	char head[64];

	if (diag->pos.line) {
		snprintf(head, sizeof(head), "line %u, column %u: ", diag->pos.line,
			 diag->pos.col);
		puts_(&b, head);
	}
	puts_(&b, msg);
	puts_(&b, "\n");
	if (src && diag->pos.line) {
		size_t srclen = strlen(src), off = diag->pos.off < srclen ? diag->pos.off : srclen;
		size_t start = off, end, len;

		while (start > 0 && src[start - 1] != '\n')
			start--;
		end = off;
		while (src[end] && src[end] != '\n')
			end++;
		puts_(&b, "    ");
		/* tabs become spaces so that the caret lines up in any terminal */
		for (size_t i = start; i < end; i++)
			put(&b, src[i] == '\t' ? " " : &src[i], 1);
		puts_(&b, "\n    ");
		for (size_t i = start; i < off; i++)
			put(&b, " ", 1);
		puts_(&b, "^");
		len = diag->pos.len;
		if (off + len > end)
			len = end > off ? end - off : 0;
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
