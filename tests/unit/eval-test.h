/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the unit tests of the offline engine (sql/eval.c). */
#ifndef TQ_TESTS_EVAL_TEST_H
#define TQ_TESTS_EVAL_TEST_H

#include <stdio.h>
#include <string.h>

#include "sql/eval.h"

/* The engine for query q over tep's formats, or NULL with the compiler's message shown. */
static inline struct tq_eval *eval_make(struct tep_handle *tep, const char *q)
{
	struct tq_sql_diag diag = { 0 };
	struct tq_eval *e = NULL;
	int ret = tq_eval_new(q, strlen(q), tep, NULL, &e, &diag);

	if (ret)
		printf("# %s\n", diag.msg ? diag.msg : "?");
	tq_sql_diag_release(&diag);
	return ret ? NULL : e;
}

#endif
