// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq sql: compile an SQL query into a synthetic event and hist triggers; print the
 * commands (default), apply them (-e), or remove what a query made (--remove).
 * The options are those of libtracefs's sqlhist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "tracefs/catalog.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "sql/sql.h"
#include "sql-common.h"
#include "tracefs/access.h"

int cmd_sql(int argc, char **argv)
{
	struct tq_sql_options opt = { 0 };
	const char *file = NULL, *dir = NULL;
	bool execute = false, remove = false;
	struct tq_sql_compiled out;
	struct tq_tracefs *tfs = NULL;
	char *text;
	int ret;
	static const char *const usage[] = {
		"tq sql [options] 'SELECT ...'",
		"tq sql [options] -f FILE",
		NULL,
	};
	const struct option options[] = {
		OPT_STRING('n', "name", &opt.name, "NAME",
			   "name of the synthetic event (default Anonymous)"),
		OPT_BOOL('e', "execute", &execute, "apply the commands instead of printing them"),
		OPT_STRING('f', "file", &file, "FILE", "read the query from FILE ('-' for stdin)"),
		OPT_STRING('t', "tracefs-copy", &dir, "DIR",
			   "compile against the event formats in DIR (no root needed)"),
		OPT_STRING('B', "instance", &opt.instance, "NAME",
			   "put the hist triggers in instance NAME"),
		OPT_STRING('m', "max", &opt.max_var, "VAR", "act when VAR reaches a new maximum"),
		OPT_STRING('c', "change", &opt.change_var, "VAR", "act when VAR changes"),
		OPT_BOOL('s', "snapshot", &opt.snapshot, "with -m/-c: take a snapshot"),
		OPT_STRING('S', "save", &opt.save, "F1,F2", "with -m/-c: save these fields"),
		OPT_BOOL('T', "trace", &opt.trace,
			 "with -m/-c: trace the synthetic event, then snapshot"),
		OPT_BOOL(0, "remove", &remove, "print (or with -e run) the removal commands"),
		OPT_BOOL(0, "all-features", &opt.all_features,
			 "assume the kernel has every hist feature (ignore its README)"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, 0, &opt);
	if (argc < 0)
		return parse_options_exit(argc);
	if (opt.max_var && opt.change_var)
		return usage_error("can not use both -m and -c together");
	if ((opt.snapshot || opt.save || opt.trace) && !opt.max_var && !opt.change_var)
		return usage_error("-s, -S and -T need -m or -c");
	if (file && argc)
		return usage_error("give the query with -f or as arguments, not both");
	if (!file && !argc)
		return usage_error("no query given");
	text = sql_query_text(file, argc, argv);
	if (!text)
		return -1;
	opt.removing = remove;
	ret = sql_compile_script(text, dir, &opt, &out);
	free(text);
	if (ret)
		return ret;
	if (execute) {
		ret = open_tracefs(&tfs);
		if (!ret)
			ret = sql_check_kernel(tfs);
		if (!ret && !remove)
			ret = sql_check_instance(tfs, opt.instance);
	}
	if (!ret && remove && execute) {
		/* every removal is attempted, even after one fails: take away all we can */
		ret = remove_made(tfs, &out.removal);
	} else if (!ret) {
		ret = run_plan(remove ? &out.removal : &out.plan, !execute, tfs, NULL);
	}
	tq_tracefs_close(tfs);
	tq_sql_compiled_release(&out);
	return ret;
}
