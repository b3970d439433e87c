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
#include "sql/sqlcmd.h"
#include "tracefs/access.h"

static char *read_stream(FILE *f)
{
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];
	FILE *mem = open_memstream(&buf, &len);

	if (!mem)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	if (ferror(f)) {
		fclose(mem);
		free(buf);
		return NULL;
	}
	if (fclose(mem)) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *sqlcmd_query_text(const char *file, int argc, char **argv)
{
	char *text = NULL;
	size_t len = 0;

	if (file) {
		FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;

		if (!f) {
			error_errno("cannot open '%s'", file);
			return NULL;
		}
		text = read_stream(f);
		if (f != stdin)
			fclose(f);
		if (!text)
			error_errno("cannot read '%s'", file);
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

int sqlcmd_compile(const char *text, const char *dir, const struct tq_sql_options *opt,
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
	return ret == -EOPNOTSUPP ? -TQ_EXIT_UNSUPPORTED : -1;
}

int sqlcmd_check_kernel(struct tq_tracefs *tfs)
{
	if (!tq_tracefs_readme_has(tfs, "hist trigger"))
		return unsupported("this kernel lacks hist triggers (CONFIG_HIST_TRIGGERS); "
				   "print the commands without -e and run them on a kernel that has "
				   "them");
	return 0;
}

int sqlcmd_check_instance(struct tq_tracefs *tfs, const char *instance)
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

/* After a failed removal: explain each event it should have taken away that is still busy. */
static void explain_busy_removed(struct tq_tracefs *tfs, const struct tq_plan *removal)
{
	struct tq_probe_list list;

	if (tq_probe_list_read(tfs, &list))
		return;
	for (size_t i = 0; i < removal->len; i++) {
		const char *name = tq_probe_removed_name(&removal->steps[i]);
		long found = name ? tq_probe_list_find(&list, name) : -1;

		if (found >= 0)
			explain_busy(tfs, &list.items[found], "the rest was removed");
	}
	tq_probe_list_release(&list);
}

int sqlcmd_remove(struct tq_tracefs *tfs, const struct tq_plan *removal)
{
	struct tq_plan steps;
	int ret;

	tq_plan_init(&steps);
	ret = tq_probe_plan_disable_removed(tfs, removal, &steps);
	if (!ret)
		ret = tq_plan_concat(&steps, removal);
	if (!ret)
		ret = tq_plan_undo(&steps, tfs);
	tq_plan_release(&steps);
	if (ret == -EBUSY) {
		explain_busy_removed(tfs, removal);
		return SQLCMD_EXPLAINED;
	}
	return ret;
}

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
	text = sqlcmd_query_text(file, argc, argv);
	if (!text)
		return TQ_EXIT_ERROR;
	opt.removing = remove;
	ret = sqlcmd_compile(text, dir, &opt, &out);
	free(text);
	if (ret)
		return ret < -1 ? -ret : TQ_EXIT_ERROR;
	if (execute) {
		ret = open_tracefs(&tfs);
		if (!ret)
			ret = sqlcmd_check_kernel(tfs);
		if (!ret && !remove)
			ret = sqlcmd_check_instance(tfs, opt.instance);
	}
	if (!ret && remove && execute) {
		/* every removal is attempted, even after one fails: take away all we can */
		ret = sqlcmd_remove(tfs, &out.removal);
		if (ret == SQLCMD_EXPLAINED)
			ret = -1;
		else if (ret)
			ret = error("not everything could be removed: %s", tq_errmsg(ret));
	} else if (!ret) {
		ret = run_plan(remove ? &out.removal : &out.plan, !execute, tfs, NULL);
	}
	tq_tracefs_close(tfs);
	tq_sql_compiled_release(&out);
	return ret < 0 ? TQ_EXIT_ERROR : ret;
}
