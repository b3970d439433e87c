// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace-cmd flags of tq_config on a fake tree: -v (disable after the enables, set -v -B
 * removes), -i (a missing event is a note), -d (function-trace 0), --func-stack (needs -l
 * and the option), and what the plan prints for each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#include "util/diag.h"
#include "util/strlist.h"
#include "tracefs/access.h"
#include "tracefs/config.h"
#include "tracefs/plan.h"

static char root[] = "/tmp/tq-unit-config-compat.XXXXXX";
#include "faketree.h"

static void dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* The printed plan of cfg, or the error message; notes joined with '|' into *notes_out. */
static char *plan_text(struct tq_tracefs *tfs, struct tq_config *cfg, char **notes_out)
{
	struct tq_strlist notes;
	struct tq_plan plan;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	tq_strlist_init(&notes);
	tq_plan_init(&plan);
	ret = tq_config_plan(cfg, tfs, &plan, &notes);
	f = open_memstream(&text, &len);
	if (ret)
		fprintf(f, "error %d: %s", ret, tq_errmsg(ret));
	else
		tq_plan_print(&plan, "/sys/kernel/tracing", f);
	fclose(f);
	if (notes_out) {
		*notes_out = strdup(notes.len ? notes.items[0] : "");
	}
	tq_strlist_release(&notes);
	tq_plan_release(&plan);
	return text;
}

int main(void)
{
	struct tq_tracefs *tfs;
	struct tq_config cfg;
	char *text, *note;

	if (!mkdtemp(root))
		return ok(0, "mkdtemp"), done_testing();
	dir("events");
	dir("events/sched");
	dir("events/sched/sched_switch");
	dir("events/sched/sched_wakeup");
	dir("options");
	dir("instances");
	dir("instances/old");
	put("events/sched/enable", "0\n");
	put("events/sched/sched_switch/format", "name: sched_switch\nID: 1\nformat:\n");
	put("events/sched/sched_switch/enable", "0\n");
	put("events/sched/sched_wakeup/format", "name: sched_wakeup\nID: 2\nformat:\n");
	put("events/sched/sched_wakeup/enable", "0\n");
	put("options/function-trace", "1\n");
	put("set_ftrace_filter", "");
	put("tracing_on", "1\n");
	if (tq_tracefs_open(&tfs, root, TQ_TRACEFS_OFFLINE))
		return ok(0, "open the fake tree"), done_testing();

	/* -e sched -v -e sched_switch */
	tq_config_init(&cfg);
	tq_config_add_event(&cfg, "sched");
	tq_config_add_event(&cfg, "sched_switch");
	cfg.events[1].negate = true;
	text = plan_text(tfs, &cfg, NULL);
	is_str(text, "echo 1 > /sys/kernel/tracing/events/sched/enable\n"
		     "echo 0 > /sys/kernel/tracing/events/sched/sched_switch/enable\n",
	       "-v -e: the event is disabled after the enables before it");
	free(text);
	tq_config_release(&cfg);

	/* -i: a missing event is skipped with a note; without -i it is an error */
	tq_config_init(&cfg);
	tq_config_add_event(&cfg, "nosuch_event");
	tq_config_add_event(&cfg, "sched_wakeup");
	text = plan_text(tfs, &cfg, NULL);
	ok(!strncmp(text, "error", 5), "without -i a missing event fails the plan");
	free(text);
	cfg.ignore_missing = true;
	text = plan_text(tfs, &cfg, &note);
	is_str(text, "echo 1 > /sys/kernel/tracing/events/sched/sched_wakeup/enable\n",
	       "-i: the other events are still enabled");
	ok(strstr(note, "-i: ignoring 'nosuch_event'") != NULL, "and a note names the missing one");
	free(text);
	free(note);
	tq_config_release(&cfg);

	/* -d */
	tq_config_init(&cfg);
	cfg.no_function_trace = true;
	ok(!tq_config_empty(&cfg), "-d alone is something to set");
	text = plan_text(tfs, &cfg, NULL);
	is_str(text, "echo 0 > /sys/kernel/tracing/options/function-trace\n",
	       "-d: options/function-trace 0");
	free(text);
	tq_config_release(&cfg);

	/* --func-stack needs -l, and the option */
	tq_config_init(&cfg);
	cfg.func_stack = true;
	text = plan_text(tfs, &cfg, NULL);
	ok(strstr(text, "--func-stack needs a function filter (-l FUNC)") != NULL,
	   "--func-stack without -l is refused");
	free(text);
	tq_config_add_string(&cfg.func_filter, &cfg.nfunc_filter, "vfs_read:mod:ext4");
	text = plan_text(tfs, &cfg, NULL);
	ok(strstr(text, "error -95") && strstr(text, "'func_stack_trace'"),
	   "a kernel without options/func_stack_trace: EOPNOTSUPP naming it");
	free(text);
	put("options/func_stack_trace", "0\n");
	text = plan_text(tfs, &cfg, NULL);
	ok(strstr(text, "echo 1 > /sys/kernel/tracing/options/func_stack_trace\n") != NULL,
	   "--func-stack -l: options/func_stack_trace 1");
	ok(strstr(text, "vfs_read:mod:ext4") != NULL, "with the module-qualified filter");
	free(text);
	tq_config_release(&cfg);

	/* set -v -B NAME */
	tq_config_init(&cfg);
	cfg.instance = strdup("old");
	cfg.remove = true;
	ok(!tq_config_empty(&cfg), "-v -B alone is something to set");
	text = plan_text(tfs, &cfg, NULL);
	is_str(text, "rmdir /sys/kernel/tracing/instances/old\n", "-v -B old removes the instance");
	free(text);
	tq_config_release(&cfg);

	tq_tracefs_close(tfs);
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			fprintf(stderr, "# could not remove %s\n", root);
	}
	return done_testing();
}
