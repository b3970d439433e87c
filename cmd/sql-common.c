// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the SQL commands (tq sql, tq hist, tq shell) share: the text of a query, compiling
 * it with its errors shown under the query, and the checks before anything is applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "sql-common.h"
#include "sql/sql.h"
#include "tracefs/access.h"
#include "tracefs/catalog.h"
#include "util/diag.h"
#include "util/textfile.h"

char *sql_query_text(const char *file, int argc, char **argv)
{
	char *text = NULL;
	size_t len = 0;

	if (file) {
		int ret = tq_read_text_file(file, TQ_QUERY_MAX, &text);

		if (ret)
			error("%s", tq_errmsg(ret));
		return text;
	}
	/* several words are one query, joined by single spaces (as sqlhist does) */
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = calloc(1, len + 1);
	if (!text) {
		error("out of memory");
		return NULL;
	}
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	return text;
}

/* A diagnostic in its usual form, without the trailing newline (NULL on ENOMEM). */
static char *diag_text(const char *text, const struct tq_sql_diag *diag)
{
	char *msg = tq_sql_diag_format(text, diag);
	size_t n = msg ? strlen(msg) : 0;

	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	return msg;
}

int sql_compile_script(const char *text, const char *dir, const struct tq_sql_options *opt,
		   struct tq_sql_compiled *out)
{
	struct tq_sql_diag diag = { 0 };
	struct tq_catalog *cat;
	char *msg;
	int ret = tq_catalog_open(&cat, dir ? dir : tq_tracefs_dir);

	if (ret) {
		if (!dir)
			return error("%s (or compile against a copy of a kernel's tracefs with -t DIR)",
				     tq_errmsg(ret));
		return error("%s", tq_errmsg(ret));
	}
	ret = tq_sql_compile(text, strlen(text), cat, opt, out, &diag);
	tq_catalog_free(cat);
	if (!ret) {
		for (size_t i = 0; i < out->nwarnings; i++) {
			msg = diag_text(text, &out->warnings[i]);
			warning("%s", msg ? msg : "out of memory");
			free(msg);
		}
		return 0;
	}
	msg = diag_text(text, &diag);
	tq_sql_diag_release(&diag);
	error("%s", msg ? msg : "out of memory");
	free(msg);
	return ret == -EOPNOTSUPP ? fail_unsupported() : -1;
}

int sql_check_kernel(struct tq_tracefs *tfs)
{
	if (!tq_tracefs_readme_has(tfs, "hist trigger"))
		return unsupported("this kernel lacks hist triggers (CONFIG_HIST_TRIGGERS); "
				   "print the commands without -e and run them on a kernel that has "
				   "them");
	return 0;
}

int sql_check_instance(struct tq_tracefs *tfs, const char *instance)
{
	char dir[300];

	if (!instance)
		return 0;
	snprintf(dir, sizeof(dir), "instances/%s", instance);
	if (tq_tracefs_exists(tfs, dir))
		return 0;
	return error("no instance '%s' in %s: create it first (mkdir %s/%s), or drop -B",
		     instance, tq_tracefs_root(tfs), tq_tracefs_root(tfs), dir);
}
