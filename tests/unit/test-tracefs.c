// SPDX-License-Identifier: GPL-2.0-or-later
/* tracefs access on a temporary fake tree: paths, reads, writes, README, error_log. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#include "util/diag.h"
#include "tracefs/access.h"

static char root[] = "/tmp/tq-unit-tracefs.XXXXXX";
#include "faketree.h"

int main(void)
{
	struct tq_tracefs *tfs;
	char with_slash[600], buf[300];
	char *p, *text;
	size_t len;
	int ret;

	if (!mkdtemp(root))
		return ok(0, "mkdtemp"), done_testing();
	put("README", "tracing mini-HOWTO:\n\t.buckets=size  - expand\n");
	put("tracing_on", "1\n");

	ret = tq_tracefs_open(&tfs, "/nonexistent/tq", 0);
	is_int(ret, -ENOENT, "a missing directory is ENOENT");
	ok(strstr(tq_errmsg(ret), "'/nonexistent/tq' is not a tracefs directory") != NULL,
	   "and the message names it");

	/* a directory that is no tracefs: the parent of the fake tree has none of its files */
	snprintf(buf, sizeof(buf), "%s/instances", root);
	mkdir(buf, 0755);
	ret = tq_tracefs_open(&tfs, buf, 0);
	is_int(ret, -ENOENT, "a directory that is not a tracefs nor a copy of one is refused");
	ok(strstr(tq_errmsg(ret), "is not a tracefs: it has no events/, tracing_on, "
		  "available_events or README") != NULL, "and the message says what it lacks");
	ret = tq_tracefs_open(&tfs, buf, TQ_TRACEFS_OFFLINE);
	is_int(ret, 0, "a caller that asks for a copy takes any directory (a bare events/)");
	if (!ret)
		tq_tracefs_close(tfs);
	rmdir(buf);

	snprintf(with_slash, sizeof(with_slash), "%s//", root);
	ret = tq_tracefs_open(&tfs, with_slash, 0);
	is_int(ret, 0, "a directory opens");
	is_str(tq_tracefs_root(tfs), root, "trailing slashes are dropped from the root");
	p = tq_tracefs_path(tfs, "/events/sched/enable");
	snprintf(buf, sizeof(buf), "%s/events/sched/enable", root);
	is_str(p, buf, "relative paths join with one slash, a leading one is ignored");
	free(p);

	ok(tq_tracefs_exists(tfs, "README"), "exists");
	ok(!tq_tracefs_exists(tfs, "nope"), "does not exist");
	ok(!tq_tracefs_is_dir(tfs, "README"), "a file is not a directory");

	ret = tq_tracefs_read(tfs, "tracing_on", &text, &len);
	is_int(ret, 0, "read");
	is_str(text, "1\n", "reads the whole file");
	is_int(len, 2, "with its length");
	free(text);
	ret = tq_tracefs_read(tfs, "missing", &text, NULL);
	is_int(ret, -ENOENT, "reading a missing file is ENOENT");
	ok(strstr(tq_errmsg(ret), "cannot read") != NULL, "with a message");

	is_int(tq_tracefs_write(tfs, "tracing_on", "0", false), 0, "write");
	tq_tracefs_read(tfs, "tracing_on", &text, NULL);
	is_str(text, "0\n", "a write truncates and ends with a newline, as echo does");
	free(text);
	tq_tracefs_write(tfs, "tracing_on", "1", true);
	tq_tracefs_read(tfs, "tracing_on", &text, NULL);
	is_str(text, "0\n1\n", "an append appends");
	free(text);

	is_int(tq_tracefs_mkdir(tfs, "instances"), 0, "mkdir");
	ok(tq_tracefs_is_dir(tfs, "instances"), "makes a directory");
	is_int(tq_tracefs_mkdir(tfs, "instances"), -EEXIST, "mkdir of an existing dir is EEXIST");
	is_int(tq_tracefs_rmdir(tfs, "instances"), 0, "rmdir");

	ok(tq_tracefs_readme_has(tfs, ".buckets=size"), "README features are found");
	ok(!tq_tracefs_readme_has(tfs, ".percent"), "and missing ones are not");

	ret = tq_tracefs_error_log(tfs, &text);
	is_int(ret, 0, "a tree without error_log");
	is_str(text, "", "reads an empty log");
	free(text);

	is_str(tq_instance_dir(NULL, buf, sizeof(buf)), "", "the top buffer has no prefix");
	is_str(tq_instance_dir("foo", buf, sizeof(buf)), "instances/foo/", "an instance has one");

	{
		char name[TQ_INSTANCE_NAME_MAX + 2];

		is_int(tq_instance_name_check("work"), 0, "a plain name is an instance name");
		is_int(tq_instance_name_check(""), -EINVAL, "the empty name is not");
		is_int(tq_instance_name_check("."), -EINVAL, "nor '.'");
		is_int(tq_instance_name_check(".."), -EINVAL, "nor '..'");
		is_int(tq_instance_name_check("a/b"), -EINVAL, "nor a path");
		is_int(tq_instance_name_check("--print"), -EINVAL, "nor an option");
		memset(name, 'x', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		is_int(tq_instance_name_check(name), -EINVAL, "nor 256 bytes");
		ok(strstr(tq_errmsg(-EINVAL), "at most 255"), "which says what the kernel allows");
		name[sizeof(name) - 2] = '\0';
		is_int(tq_instance_name_check(name), 0, "255 bytes are fine");
		ok(strlen(tq_instance_dir(name, buf, TQ_INSTANCE_DIR_MAX)) == 255 + 11,
		   "and fit TQ_INSTANCE_DIR_MAX whole");
	}

	tq_tracefs_close(tfs);
	snprintf(buf, sizeof(buf), "rm -rf '%s'", root);
	if (system(buf))
		printf("# could not remove %s\n", root);
	return done_testing();
}
