// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq convert: write a trace.dat file in a format other tools open (lib/export/). The
 * output is written under a temporary name next to the target and renamed into place
 * only when complete, so a full disk or an error leaves nothing that looks finished.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "builtin.h"
#include "export/export.h"
#include "parse-options.h"
#include "tracedat/read.h"
#include "util/diag.h"

static const char *const convert_usage[] = {
	"tq convert [-i FILE] --to ctf|perfetto|chrome-json|systrace -o OUT [--force]",
	NULL,
};

enum format { FMT_CTF, FMT_PERFETTO, FMT_CHROME, FMT_SYSTRACE };

static const struct {
	const char *name;
	enum format fmt;
	bool dir;
} formats[] = {
	{ "ctf", FMT_CTF, true },
	{ "perfetto", FMT_PERFETTO, false },
	{ "chrome-json", FMT_CHROME, false },
	{ "systrace", FMT_SYSTRACE, false },
};

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 when dir holds something, 0 when empty, -1 on error (errno set). */
static int dir_has_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			found = 1;
			break;
		}
	closedir(d);
	return found;
}

/* Refuse an output that holds something unless --force. 1: it exists, 0: it does not. */
static int check_output(const char *out, bool dir, bool force)
{
	struct stat st;
	int n;

	if (lstat(out, &st)) {
		if (errno == ENOENT)
			return 0;
		return error_errno("cannot look at '%s'", out);
	}
	if (dir && !S_ISDIR(st.st_mode))
		return error("'%s' exists and is not a directory: give a new name for the CTF "
			     "trace", out);
	if (!dir && S_ISDIR(st.st_mode))
		return error("'%s' is a directory: give a file name", out);
	if (dir) {
		n = dir_has_entries(out);
		if (n < 0)
			return error_errno("cannot read '%s'", out);
		if (n && !force)
			return error("output directory '%s' is not empty: use --force to replace "
				     "it", out);
	} else if (!force) {
		return error("output file '%s' exists: use --force to replace it", out);
	}
	return 1;
}

static int run_format(enum format fmt, struct tq_export *x, const char *tmp)
{
	FILE *f;
	int err;

	if (fmt == FMT_CTF)
		return tq_export_ctf(x, tmp);
	f = fopen(tmp, "w");
	if (!f)
		return tq_fail(errno, "cannot create '%s': %s", tmp, strerror(errno));
	if (fmt == FMT_PERFETTO)
		err = tq_export_perfetto(x, f);
	else if (fmt == FMT_CHROME)
		err = tq_export_chrome(x, f);
	else
		err = tq_export_systrace(x, f);
	if (fflush(f) && !err)
		err = tq_fail(errno, "cannot write '%s': %s", tmp, strerror(errno));
	if (!err && fsync(fileno(f)))
		err = tq_fail(errno, "cannot write '%s': %s", tmp, strerror(errno));
	if (fclose(f) && !err)
		err = tq_fail(errno, "cannot write '%s': %s", tmp, strerror(errno));
	return err;
}

/* Move the finished tmp to out, replacing what --force allowed to replace. */
static int put_in_place(const char *tmp, const char *out, bool exists, bool dir)
{
	char old[4096];

	if (!exists || !dir || !dir_has_entries(out)) {
		if (rename(tmp, out))
			return error_errno("cannot rename '%s' to '%s'", tmp, out);
		return 0;
	}
	snprintf(old, sizeof(old), "%s.tq-old-XXXXXX", out);
	if (!mkdtemp(old))
		return error_errno("cannot create a directory next to '%s'", out);
	if (rename(out, old)) {
		rmdir(old);
		return error_errno("cannot move '%s' aside", out);
	}
	if (rename(tmp, out)) {
		int e = errno;

		rename(old, out);
		errno = e;
		return error_errno("cannot rename '%s' to '%s'", tmp, out);
	}
	remove_tree(old);
	return 0;
}

static int convert(const char *input, enum format fmt, bool dir, const char *out, bool force)
{
	struct tq_export x = { .input = input };
	char tmp[4096];
	int exists, err, i, fd;
	size_t n = strlen(out);

	while (n > 1 && out[n - 1] == '/')
		n--;
	if (n + 32 > sizeof(tmp))
		return error("output name '%s' is too long", out);
	exists = check_output(out, dir, force);
	if (exists < 0)
		return -1;
	err = tq_td_open_flags(input, TQ_TD_LAZY_KALLSYMS, &x.td);
	if (err)
		return error("%s", tq_errmsg(err));
	snprintf(tmp, sizeof(tmp), "%.*s.tq-tmp-XXXXXX", (int)n, out);
	if (dir) {
		mode_t mask = umask(0);

		umask(mask);
		if (!mkdtemp(tmp)) {
			err = error_errno("cannot create a directory next to '%s'", out);
			goto out;
		}
		/* mkdtemp makes it 0700: the finished trace gets the usual mode */
		chmod(tmp, 0777 & ~mask);
	} else {
		fd = mkstemp(tmp);
		if (fd < 0) {
			err = error_errno("cannot create a file next to '%s'", out);
			goto out;
		}
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
		close(fd);
	}
	err = run_format(fmt, &x, tmp);
	for (i = 0; i < x.nwarnings; i++)
		warning("%s: %s", input, x.warnings[i]);
	if (err) {
		remove_tree(tmp);
		err = error("%s", tq_errmsg(err));
		goto out;
	}
	err = put_in_place(tmp, out, exists, dir);
	if (err)
		remove_tree(tmp);
	else if (x.skipped)
		warning("%s: %llu events left out, %llu written", input,
			(unsigned long long)x.skipped, (unsigned long long)x.events);
out:
	tq_export_release(&x);
	tq_td_close(x.td);
	return err;
}

int cmd_convert(int argc, char **argv)
{
	const char *input = NULL, *to = NULL, *out = NULL;
	bool force = false;
	const struct option opts[] = {
		OPT_STRING('i', "input", &input, "FILE", "trace.dat file (default trace.dat)"),
		OPT_STRING(0, "to", &to, "FORMAT", "ctf, perfetto, chrome-json or systrace"),
		OPT_STRING('o', "output", &out, "OUT", "directory (ctf) or file to write"),
		OPT_BOOL(0, "force", &force, "replace an output that exists"),
		OPT_END(),
	};
	size_t i;
	int n;

	n = parse_options(argc, argv, opts, convert_usage, 0, NULL);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 1)
		return usage_error("one file at a time");
	if (n == 1) {
		if (input)
			return usage_error("both -i and a file name given");
		input = argv[0];
	}
	if (!input)
		input = "trace.dat";
	if (!to)
		return usage_error("--to FORMAT is needed: ctf, perfetto, chrome-json or systrace");
	if (!out || !*out)
		return usage_error("-o OUT is needed");
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, to))
			break;
	if (i == sizeof(formats) / sizeof(formats[0]))
		return usage_error("unknown format '%s': ctf, perfetto, chrome-json or systrace",
				   to);
	return convert(input, formats[i].fmt, formats[i].dir, out, force) ? -1 : 0;
}
