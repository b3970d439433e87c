// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan: building, printing (quoting), applying with undo and rollback on a fake tree. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#include "util/diag.h"
#include "tracefs/plan.h"
#include "tracefs/state.h"
#include "util/suggest.h"
#include "tracefs/access.h"

static char root[] = "/tmp/tq-unit-plan.XXXXXX";
#include "faketree.h"

static char *get(const char *rel)
{
	static char buf[4096];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *print_to_string(const struct tq_plan *plan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tq_plan_print(plan, "/sys/kernel/tracing", f);
	fclose(f);
	return buf;
}

static void test_quote(void)
{
	char *q;

	q = tq_sh_quote("it's");
	is_str(q, "'it'\\''s'", "a single quote is closed, escaped and reopened");
	free(q);
	q = tq_sh_quote("");
	is_str(q, "''", "the empty string quotes to ''");
	free(q);
}

static void test_print(void)
{
	struct tq_plan plan;
	char *out;

	tq_plan_init(&plan);
	tq_plan_mkdir(&plan, "instances/foo", TQ_STEP_MAY_EXIST);
	tq_plan_write(&plan, "events/sched/sched_switch/filter", "prev_comm == \"it's\"", 0);
	tq_plan_append(&plan, "events/sched/sched_switch/trigger", "traceoff", "!traceoff", 0);
	tq_plan_write(&plan, "tracing_on", "1", 0);
	tq_plan_write(&plan, "trace", "", TQ_STEP_NO_UNDO);
	tq_plan_append(&plan, "dynamic_events", "-:kprobes/x", NULL, 0);
	tq_plan_write(&plan, "events/ftrace/print/filter", "buf ~ \"a\\\\b\"", 0);
	tq_plan_write(&plan, "events/x/y/filter", "-n", 0);
	tq_plan_rmdir(&plan, "instances/foo", 0);
	out = print_to_string(&plan);
	is_str(out,
	       "mkdir -p /sys/kernel/tracing/instances/foo\n"
	       "echo 'prev_comm == \"it'\\''s\"' > /sys/kernel/tracing/events/sched/sched_switch/filter\n"
	       "echo traceoff >> /sys/kernel/tracing/events/sched/sched_switch/trigger\n"
	       "echo 1 > /sys/kernel/tracing/tracing_on\n"
	       "echo > /sys/kernel/tracing/trace\n"
	       "echo -:kprobes/x >> /sys/kernel/tracing/dynamic_events\n"
	       "printf '%s\\n' 'buf ~ \"a\\\\b\"' > /sys/kernel/tracing/events/ftrace/print/filter\n"
	       "printf '%s\\n' -n > /sys/kernel/tracing/events/x/y/filter\n"
	       "rmdir /sys/kernel/tracing/instances/foo\n",
	       "every step kind prints as sh that busybox runs");
	free(out);
	tq_plan_release(&plan);
}

static void make_tree(void)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/events", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/sched", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/sched/a", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/sched/b", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/instances", root);
	mkdir(path, 0755);
	put("trace_clock", "[local] global counter\n");
	put("buffer_size_kb", "7 (expanded: 1408)\n");
	put("set_event_pid", "12\n34\n");
	put("events/sched/enable", "X\n");
	put("events/sched/a/enable", "1\n");
	put("events/sched/b/enable", "0\n");
	put("events/sched/a/filter", "none\n");
	put("events/sched/a/trigger", "# Available triggers:\n");
	put("tracing_on", "1\n");
	put("error_log", "");
}

static void test_apply(struct tq_tracefs *tfs)
{
	struct tq_apply_failure failure;
	struct tq_plan plan, undo;
	char *text;
	int ret;

	tq_plan_init(&plan);
	tq_plan_mkdir(&plan, "instances/new", 0);
	tq_plan_write(&plan, "trace_clock", "global", 0);
	tq_plan_write(&plan, "buffer_size_kb", "1024", 0);
	tq_plan_write(&plan, "set_event_pid", "99", 0);
	tq_plan_write(&plan, "events/sched/a/filter", "pid > 1", 0);
	tq_plan_append(&plan, "events/sched/a/trigger", "traceoff", "!traceoff", 0);
	tq_plan_write(&plan, "events/sched/enable", "1", 0);
	tq_plan_write(&plan, "tracing_on", "1", 0);
	ret = tq_plan_apply(&plan, tfs, &undo, &failure);
	is_int(ret, 0, "a plan applies to a fake tree");
	is_str(get("trace_clock"), "global\n", "WRITE writes text and a newline, like echo");
	is_str(get("events/sched/a/trigger"), "# Available triggers:\ntraceoff\n",
	       "APPEND appends");
	text = print_to_string(&undo);
	is_str(text,
	       "echo 0 > /sys/kernel/tracing/events/sched/b/enable\n"
	       "echo '!traceoff' >> /sys/kernel/tracing/events/sched/a/trigger\n"
	       "echo 0 > /sys/kernel/tracing/events/sched/a/filter\n"
	       "echo '12 34' > /sys/kernel/tracing/set_event_pid\n"
	       "echo 7 > /sys/kernel/tracing/buffer_size_kb\n"
	       "echo local > /sys/kernel/tracing/trace_clock\n"
	       "rmdir /sys/kernel/tracing/instances/new\n",
	       "the undo plan restores each file in reverse order, a mixed system event by "
	       "event, and skips what did not change (sched/a was already enabled)");
	free(text);
	ret = tq_plan_undo(&undo, tfs);
	is_int(ret, 0, "the undo plan applies");
	is_str(get("trace_clock"), "local\n", "the clock is back");
	ok(access("/tmp", F_OK) == 0 && !get("instances/new/x"), "the instance is gone");
	tq_plan_release(&undo);
	tq_plan_release(&plan);
}

static void test_rollback(struct tq_tracefs *tfs)
{
	struct tq_apply_failure failure;
	struct tq_plan plan, undo;
	int ret;

	put("trace_clock", "[local] global counter\n");
	tq_plan_init(&plan);
	tq_plan_write(&plan, "trace_clock", "global", 0);
	tq_plan_mkdir(&plan, "instances/rolled", 0);
	tq_plan_write(&plan, "no/such/dir/file", "1", 0);
	tq_plan_set_origin(&plan, "-x test");
	tq_plan_write(&plan, "tracing_on", "0", 0);
	ret = tq_plan_apply(&plan, tfs, &undo, &failure);
	is_int(ret, -ENOENT, "a failing step fails the plan");
	is_int(failure.step, 2, "the failing step is named");
	is_int(failure.err, ENOENT, "with its errno");
	ok(!failure.no_memory, "a refused step is not tq's shortage of memory");
	ok(!failure.rollback_failed, "the rollback worked");
	is_str(get("trace_clock"), "local\n", "earlier writes are undone");
	{
		char path[600];
		struct stat st;

		snprintf(path, sizeof(path), "%s/instances/rolled", root);
		ok(stat(path, &st) != 0, "an earlier mkdir is undone");
	}
	is_str(get("tracing_on"), "1\n", "later steps never ran");
	tq_apply_failure_release(&failure);
	tq_plan_release(&plan);
}

/* When the rollback fails too, both messages survive: the step's and the undo's. */
static void test_rollback_fails(struct tq_tracefs *tfs)
{
	struct tq_apply_failure failure;
	struct tq_plan plan;
	char path[600];
	int ret;

	tq_plan_init(&plan);
	/* the mkdir is undone by rmdir, which the file appended inside it then prevents */
	tq_plan_mkdir(&plan, "instances/stuck", 0);
	tq_plan_append(&plan, "instances/stuck/left", "x", NULL, 0);
	tq_plan_write(&plan, "no/such/dir/file", "1", 0);
	ret = tq_plan_apply(&plan, tfs, NULL, &failure);
	is_int(ret, -ENOENT, "the failing step's errno is returned");
	ok(failure.rollback_failed, "the failed rollback is reported");
	ok(strstr(tq_errmsg(ret), "no/such/dir/file"), "the message still names the failing step");
	ok(failure.rollback_error && strstr(failure.rollback_error, "instances/stuck': Directory "
					    "not empty"),
	   "and the rollback's own error is kept beside it: %s",
	   failure.rollback_error ? failure.rollback_error : "(none)");
	tq_apply_failure_release(&failure);
	ok(failure.rollback_error == NULL, "release frees it");
	tq_plan_release(&plan);
	snprintf(path, sizeof(path), "%s/instances/stuck/left", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/instances/stuck", root);
	rmdir(path);
}

static void test_error_log(void)
{
	char *n;

	n = tq_error_log_new_entries("", "[ 1.0] a\n  Command: x\n");
	is_str(n, "[ 1.0] a\n  Command: x\n", "everything is new after an empty log");
	free(n);
	n = tq_error_log_new_entries("[ 1.0] a\n", "[ 1.0] a\n[ 2.0] b\n  ^\n");
	is_str(n, "[ 2.0] b\n  ^\n", "only the entries added are returned");
	free(n);
	n = tq_error_log_new_entries("[ 1.0] a\n[ 2.0] b\n", "[ 2.0] b\n[ 3.0] c\n");
	is_str(n, "[ 3.0] c\n", "a log that dropped old entries still yields only new ones");
	free(n);
	n = tq_error_log_new_entries("[ 1.0] a\n", "[ 1.0] a\n");
	ok(n == NULL, "no new entry gives NULL");
}

static void test_triggers(void)
{
	char *rm, *add;

	tq_trigger_texts("traceoff:count=4 if prev_pid > 10", &rm, &add);
	is_str(rm, "!traceoff", "a counted trigger is removed by its command");
	is_str(add, "traceoff:4 if prev_pid > 10", "and re-added with its count and filter");
	free(rm);
	free(add);
	tq_trigger_texts("hist:keys=pid:vals=hitcount:sort=hitcount:size=2048 [active]", &rm,
			 &add);
	is_str(rm, "!hist:keys=pid:vals=hitcount:sort=hitcount:size=2048",
	       "a hist trigger is removed by its text without the state");
	free(rm);
	free(add);
	ok(tq_trigger_is_user("hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:"
			      "onmatch(sched.sched_waking).trace(wakeup,$lat) [active]"),
	   "a trigger with actions must go before the ones it uses");
	ok(!tq_trigger_is_user("hist:keys=pid:ts0=common_timestamp.usecs [active]"),
	   "a trigger that only defines variables goes after");
}

static void test_dynevent(void)
{
	struct tq_dynevent ev;

	is_int(tq_dynevent_parse("p:uprobes/bash_rl /bin/bash:0x00000000000b1a20", NULL, &ev), 0,
	       "a uprobe line parses");
	is_int(ev.type, TQ_DYN_UPROBE, "as a uprobe");
	is_str(ev.event, "bash_rl", "with its name");
	tq_dynevent_release(&ev);
	tq_dynevent_parse("r4:kprobes/ret do_sys_openat2 ret=$retval", NULL, &ev);
	is_int(ev.type, TQ_DYN_KRETPROBE, "r: is a kretprobe");
	tq_dynevent_release(&ev);
	tq_dynevent_parse("s:synthetic/wakeup_lat u64 lat; pid_t pid", NULL, &ev);
	is_int(ev.type, TQ_DYN_SYNTH, "s: is synthetic");
	is_str(ev.system, "synthetic", "in the synthetic system");
	tq_dynevent_release(&ev);
	tq_dynevent_parse("s:synthetic/vm_syn\tu64 lat", NULL, &ev);
	is_str(ev.event, "vm_syn", "a tab ends a synthetic event's name, as the kernel prints it");
	tq_dynevent_release(&ev);
	ok(tq_dynevent_parse("garbage", NULL, &ev) == -EINVAL, "garbage is refused");
}

static void test_suggest(void)
{
	static const char *const names[] = { "sched_switch", "sched_wakeup", "irq_handler_entry" };

	is_str(tq_suggest("sched_swich", names, 3), "sched_switch", "a typo finds its name");
	ok(tq_suggest("block_rq_issue", names, 3) == NULL, "an unrelated word finds nothing");
	is_int(tq_edit_distance("kitten", "sitting"), 3, "edit distance");
}

/* An event enabled in soft mode by a trigger reads "1*"; the kernel only takes "1". */
static void test_soft_enable(struct tq_tracefs *tfs)
{
	struct tq_apply_failure failure;
	struct tq_plan plan, undo;
	char *text;

	put("events/sched/b/enable", "1*\n");
	tq_plan_init(&plan);
	tq_plan_write(&plan, "events/sched/b/enable", "0", 0);
	is_int(tq_plan_apply(&plan, tfs, &undo, &failure), 0, "disabling a soft-enabled event");
	text = print_to_string(&undo);
	is_str(text, "echo 1 > /sys/kernel/tracing/events/sched/b/enable\n",
	       "is undone by writing 1, without the soft-mode star");
	free(text);
	tq_plan_release(&undo);
	tq_plan_release(&plan);
}

/* What some files read back as is not what they take: the undo writes what they do take. */
static void test_read_back_forms(struct tq_tracefs *tfs)
{
	struct tq_apply_failure failure;
	struct tq_plan plan, undo;
	char *text;

	put("set_ftrace_pid", "no pid\n");
	put("events/sched/filter", "### global filter ###\n# Use this to set filters for "
	    "multiple events.\n");
	tq_plan_init(&plan);
	tq_plan_write(&plan, "set_ftrace_pid", "5", 0);
	tq_plan_write(&plan, "events/sched/filter", "prev_pid > 0", 0);
	is_int(tq_plan_apply(&plan, tfs, &undo, &failure), 0, "set_ftrace_pid and a system filter");
	text = print_to_string(&undo);
	is_str(text, "echo 0 > /sys/kernel/tracing/events/sched/filter\n"
	       "echo > /sys/kernel/tracing/set_ftrace_pid\n",
	       "an unset system filter is restored with 0, an empty set_ftrace_pid with nothing");
	free(text);
	tq_plan_release(&undo);
	tq_plan_release(&plan);
}

int main(void)
{
	struct tq_tracefs *tfs;

	test_quote();
	test_print();
	test_error_log();
	test_triggers();
	test_dynevent();
	test_suggest();
	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	make_tree();
	ok(tq_tracefs_open(&tfs, root, 0) == 0, "a plain directory opens as an offline tracefs");
	ok(tq_tracefs_offline(tfs), "and is marked offline");
	test_apply(tfs);
	test_rollback(tfs);
	test_rollback_fails(tfs);
	test_soft_enable(tfs);
	test_read_back_forms(tfs);
	tq_tracefs_close(tfs);
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", root);
	}
	return done_testing();
}
