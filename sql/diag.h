/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_DIAG_H
#define TQ_SQL_DIAG_H

#include <stdarg.h>
#include <stddef.h>

/* An error in a query, located so that it can be shown under the query (sql/error.c). */

/* Where something is in the query text: 1-based line and column, byte offset and length. */
struct tq_sql_pos {
	unsigned line;
	unsigned col;
	size_t off;
	size_t len;
};

/* A located error: the message, and a hint saying how to fix it (may be NULL). */
struct tq_sql_diag {
	struct tq_sql_pos pos;
	char *msg;
	char *hint;
};

void tq_sql_diag_release(struct tq_sql_diag *diag);
/* Fill diag (msg and hint malloc'd; msg NULL on ENOMEM). */
void tq_sql_vdiag(struct tq_sql_diag *diag, const struct tq_sql_pos *pos, const char *hint,
		  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Record an error at pos and return -EINVAL. */
int tq_sql_error(struct tq_sql_diag *diag, const struct tq_sql_pos *pos, const char *hint,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * "line L, column C: what\n  <source line>\n  <caret>\n  hint\n" (malloc'd), the form every
 * SQL error is shown in.
 */
char *tq_sql_diag_format(const char *src, const struct tq_sql_diag *diag);

#endif
