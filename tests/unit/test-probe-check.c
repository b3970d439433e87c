// SPDX-License-Identifier: GPL-2.0-or-later
/* Probe definitions are checked before anything is printed or written (issue 15, defect 2):
 * no second command through a line break, no word split at a blank, the kernel's fetch
 * argument grammar, types the README lists, synthetic field lists, attached events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"

#include "util/diag.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "tracefs/access.h"

/* A README that lists every type but symstr and %pd. */
static const struct tq_probe_caps caps61 = {
	.dynamic_events = true, .kprobes = true, .uprobes = true, .synth = true,
	.synth_dynamic = true, .eprobes = true, .argn = true,
	.types = TQ_PROBE_TYPE_LISTED | TQ_PROBE_TYPE_HEX | TQ_PROBE_TYPE_CHAR |
		 TQ_PROBE_TYPE_USTRING | TQ_PROBE_TYPE_SYMBOL | TQ_PROBE_TYPE_BITFIELD |
		 TQ_PROBE_TYPE_ARRAY,
};
/* No README read: the kernel judges the types. */
static const struct tq_probe_caps caps_any = {
	.dynamic_events = true, .kprobes = true, .uprobes = true, .synth = true,
	.synth_dynamic = true, .eprobes = true, .argn = true,
};

static int build_words(const struct tq_probe_caps *caps, int argc, char **argv,
		       struct tq_probe *p)
{
	return tq_probe_build(argc, argv, caps, p);
}

/* Build from words separated by '|' (so that words may hold blanks). */
static int build(const struct tq_probe_caps *caps, const char *cmd, struct tq_probe *p)
{
	char *copy = strdup(cmd), *argv[32], *s = copy;
	int argc = 0, ret;

	while (s && argc < 32) {
		argv[argc++] = s;
		s = strchr(s, '|');
		if (s)
			*s++ = '\0';
	}
	ret = build_words(caps, argc, argv, p);
	free(copy);
	return ret;
}

static void accepted(const struct tq_probe_caps *caps, const char *cmd)
{
	struct tq_probe p;
	int ret = build(caps, cmd, &p);

	ok(ret == 0, "accepted: %s", ret ? tq_errmsg(ret) : p.definition);
	tq_probe_release(&p);
}

/* Refused with a message holding want, and (when given) the caret line under byte col of
 * the shown text: "  TEXT\n  <col spaces>^". */
static void refused(const struct tq_probe_caps *caps, const char *cmd, const char *want,
		    int col)
{
	struct tq_probe p;
	int ret = build(caps, cmd, &p);
	const char *msg = ret ? tq_errmsg(ret) : "";
	const char *caret = strrchr(msg, '\n');
	bool at = true;

	if (col >= 0)
		at = caret && (int)strlen(caret) == 2 + 1 + col + 1 && caret[strlen(caret) - 1] == '^';
	char *line = strdup(ret ? msg : p.definition), *nl;

	/* one TAP line: the message's text and caret lines joined */
	while ((nl = strchr(line, '\n')))
		*nl = '|';
	ok(ret == -EINVAL && strstr(msg, want) && at, "refused: %s", line);
	free(line);
	ok(!p.definition, "... and nothing is left to print or write");
	tq_probe_release(&p);
}

static void test_injection(void)
{
	refused(&caps61, "kprobe|myp|do_sys_open|x=$arg1\n-:kprobes/y",
		"a line break would start a second command", 7);
	refused(&caps61, "kprobe|myp|do_sys_open|x=$arg1\r", "line break", 7);
	refused(&caps61, "eprobe|e|sched/sched_switch|if|next_pid == 1\n-:kprobes/y", "line break",
		13);
	refused(&caps61, "synth|s|u64 a;\n-:kprobes/y", "line break", 6);
	refused(&caps61, "p:kprobes/raw do_sys_open\n-:kprobes/y", "line break", 25);
	refused(&caps61, "kprobe|myp|do_sys_open|x=$arg1\x1b[2J", "control character 0x1b", 7);
	refused(&caps61, "kprobe|myp|do_sys_open|a b c", "a blank would split it", 1);
	refused(&caps61, "kprobe|myp|do_sys_open;id", "unexpected ';' in the probed place", 25);
	refused(&caps61, "kprobe|myp|do_sys_open id", "a blank would split it", -1);
}

static void test_fetch_args(void)
{
	/* what the VM cases and the documentation use */
	accepted(&caps61, "kprobe|myopen|do_sys_openat2|dfd=$arg1:s32|fn=+0($arg2):ustring");
	accepted(&caps61, "kretprobe|r|do_sys_openat2|ret=$retval:s64");
	accepted(&caps61, "kprobe|o|do_sys_openat2+5|fn=+0($arg2):string|fl=+0($arg3):u32");
	accepted(&caps61, "kprobe|o|do_filp_open|path=+0(+0($arg2)):string|dfd=$arg1:u32");
	accepted(&caps61, "p:vm_probe/vm_raw do_sys_openat2 dfd=%di:s32");
	accepted(&caps61, "p:myopen_raw do_sys_openat2 filename=+0(%si):ustring");
	accepted(&caps61, "kprobe|c|f|comm=$comm:string|s=$stack2|t=$stack|@jiffies:u64");
	accepted(&caps61, "kprobe|c|f.isra.0|a=@jiffies+8:x64|b=-8(%sp):s16|i=\\12|u=+u4(%di)");
	accepted(&caps61, "kprobe|c|ext4:ext4_sync_file|%ax:b4@2/8|x=%dx:u8[4]|%di:symbol");
	accepted(&caps61, "r16:mine/ret do_sys_openat2 ret=$retval");
	accepted(&caps61, "p:mod/x 0xffffffff81000000");
	accepted(&caps61, "eprobe|e|sched/sched_switch|pid=next_pid:s32|prio=$next_prio:s32|"
		 "if|next_pid > 1 && prev_pid < 5");
	accepted(&caps61, "e:eprobes/e sched.sched_switch a=+0($prev_comm):string");
	accepted(&caps61, "synth|wake_lat|u64 lat; pid_t pid");
	accepted(&caps61, "synth|x|unsigned int a; char comm[16]; char name[];");
	accepted(&caps61, "s:synthetic/x u64 a");

	refused(&caps61, "kprobe|myp|do_sys_open|x=$bogus", "unknown variable '$bogus'", 28);
	refused(&caps61, "kprobe|myp|do_sys_open|x=$arg1:u99", "unknown type 'u99'", 34);
	refused(&caps61, "kprobe|myp|do_sys_open|x=$arg1:u65", "unknown type 'u65'", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=$retval", "only known at a function's return",
		-1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=+0($arg2", "')' to close", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=+0$arg2", "'(' after the offset", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=+z(%di)", "an offset", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%", "a register name", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=@", "an address or symbol", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%di:", "a type after ':'", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%di;ls", "unexpected ';'", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|filename", "not a fetch argument", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%di:u8[65]", "array length from 1 to 64", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%di:b9@0/8", "a bitfield", -1);
	refused(&caps61, "kprobe|myp|do_sys_open|x=%di:symstr", "README lists no type 'symstr'",
		-1);
	refused(&caps61, "p:k/x do_sys_open x=$bogus", "unknown variable", -1);
	accepted(&caps61, "p:k/x do_sys_open  x=%di");
	refused(&caps61, "e:eprobes/e sched", "SYSTEM/EVENT", -1);
	refused(&caps61, "eprobe|e|sched/sched_switch|if", "a filter after 'if'", -1);
	/* the README decides: a kernel whose README was not read takes every known type */
	accepted(&caps_any, "kprobe|myp|do_sys_open|x=%di:symstr");
}

static void test_synth_fields(void)
{
	refused(&caps61, "synth|s|u64", "field 'u64' has a type but no name", 14);
	refused(&caps61, "synth|s|u64 a; pid_t", "field 'pid_t' has a type but no name", -1);
	refused(&caps61, "synth|s|;", "no fields", -1);
	refused(&caps61, "synth|s|u64 a-b", "unexpected '-'", -1);
	refused(&caps61, "synth|s|char name[16", "']' to close", -1);
}

/* ---- the attached event of an eprobe, on a fake tree ---- */

static char root[] = "/tmp/tq-unit-probe-check.XXXXXX";
#include "faketree.h"

static void test_attached(void)
{
	struct tq_tracefs *tfs = NULL;
	struct tq_probe p;
	struct tq_plan plan;
	char path[512], cmd[600];
	int ret;

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	put("dynamic_events", "");
	put("README", "tracing mini-HOWTO\n");
	snprintf(path, sizeof(path), "%s/events/sched/sched_switch", root);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	ok(system(cmd) == 0, "make the fake tree");
	ok(tq_tracefs_open(&tfs, root, 0) == 0, "open it");
	tq_plan_init(&plan);
	ret = build(&caps61, "eprobe|e|nosys/noevent", &p);
	ret = ret ? ret : tq_probe_plan_add(tfs, &p, &caps61, &plan);
	ok(ret == -ENOENT && strstr(tq_errmsg(ret), "attaches to 'nosys/noevent', an event this "
				    "kernel does not have") && plan.len == 0,
	   "an eprobe on a missing event is refused: %s", tq_errmsg(ret));
	tq_probe_release(&p);
	ret = build(&caps61, "eprobe|e|sched/sched_switch|p=next_pid", &p);
	ret = ret ? ret : tq_probe_plan_add(tfs, &p, &caps61, &plan);
	ok(ret == 0 && plan.len == 1, "an eprobe on an existing event is planned");
	tq_probe_release(&p);
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
}

int main(void)
{
	test_injection();
	test_fetch_args();
	test_synth_fields();
	test_attached();
	return done_testing();
}
