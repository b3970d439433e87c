// SPDX-License-Identifier: GPL-2.0-or-later
/* tq probe's easy form -> kernel definitions, for kernels with and without $arg<N>, and
 * the add/remove plans on a fake tracefs tree. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"

#include "util/diag.h"
#include "tracefs/elfsym.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "tracefs/access.h"

/* Debian's 6.1: everything, $arg<N> at entry only. */
static const struct tq_probe_caps caps61 = {
	.dynamic_events = true, .kprobes = true, .uprobes = true, .synth = true,
	.synth_dynamic = true, .eprobes = true, .argn = true,
};
/* An older kernel: the per-kind files, no $arg<N>, no eprobes. */
static const struct tq_probe_caps caps_old = {
	.kprobes = true, .uprobes = true, .synth = true,
};
/* The host's 6.18 in this sandbox: uprobes only. */
static const struct tq_probe_caps caps_uprobes = {
	.dynamic_events = true, .uprobes = true, .eprobes = true,
};

/* Build from a space-separated command (no word holds a space here) or return NULL. */
static char *build(const struct tq_probe_caps *caps, const char *cmd, int *err,
		   struct tq_probe *out)
{
	char *copy = strdup(cmd), *argv[32], *save = NULL, *w, *def = NULL;
	int argc = 0;

	for (w = strtok_r(copy, " ", &save); w && argc < 32; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	*err = tq_probe_build(argc, argv, caps, out);
	if (!*err)
		def = strdup(out->definition);
	free(copy);
	return def;
}

static void check(const struct tq_probe_caps *caps, const char *cmd, const char *want,
		  const char *label)
{
	struct tq_probe p;
	int err;
	char *got = build(caps, cmd, &err, &p);

	is_str(got, want, "%s: %s", label, err ? tq_errmsg(err) : cmd);
	free(got);
	tq_probe_release(&p);
}

static void check_err(const struct tq_probe_caps *caps, const char *cmd, int want_err,
		      const char *want_msg, const char *label)
{
	struct tq_probe p;
	int err;
	char *got = build(caps, cmd, &err, &p);

	ok(!got && err == -want_err && strstr(tq_errmsg(err), want_msg), "%s: %s", label,
	   got ? got : tq_errmsg(err));
	free(got);
	tq_probe_release(&p);
}

/* The kind, group and name a command gives its probe. */
static void check_names(const struct tq_probe_caps *caps, const char *cmd,
			enum tq_dyn_type type, const char *system, const char *event,
			const char *label)
{
	struct tq_probe p;
	int err;
	char *def = build(caps, cmd, &err, &p);

	ok(def && p.type == type && !strcmp(p.system, system) && !strcmp(p.event, event),
	   "%s: %s", label, def ? def : tq_errmsg(err));
	free(def);
	tq_probe_release(&p);
}

static void test_kprobes(void)
{
	check(&caps61, "kprobe myopen do_sys_openat2 fn=+0($arg2):string flags=$arg3:x32",
	      "p:kprobes/myopen do_sys_openat2 fn=+0($arg2):string flags=$arg3:x32",
	      "$argN kept where README has $arg<N>");
	check(&caps_old, "kprobe myopen do_sys_openat2 fn=+0($arg2):string flags=$arg3:x32",
	      "p:kprobes/myopen do_sys_openat2 fn=+0(%si):string flags=%dx:x32",
	      "$argN mapped to registers elsewhere");
	check(&caps_old, "kprobe a f $arg1 $arg4:u64 $arg5 x=$arg6:s8",
	      "p:kprobes/a f %di %cx:u64 %r8 x=%r9:s8", "all six argument registers");
	check(&caps61, "kprobe grp/vfsr vfs_read+8 cnt=%dx:u64 b=+8(+0(%di)):x16",
	      "p:grp/vfsr vfs_read+8 cnt=%dx:u64 b=+8(+0(%di)):x16",
	      "GROUP/NAME, an offset, nested dereferences, registers kept");
	check(&caps61, "kprobe o do_sys_openat2+5 fn=+0($arg2):string fl=+0($arg3):u32",
	      "p:kprobes/o do_sys_openat2+5 fn=+0(%si):string fl=+0(%dx):u32",
	      "past the entry $argN are registers: the kernel takes $arg<N> at entry only");
	check(&caps61, "kprobe o do_sys_openat2+0 a=$arg1", "p:kprobes/o do_sys_openat2+0 a=$arg1",
	      "+0 is the entry: $argN kept");
	check(&caps61, "kretprobe myret do_sys_openat2 ret=$retval:s64",
	      "r:kprobes/myret do_sys_openat2 ret=$retval:s64", "kretprobe with $retval");
	check(&caps61, "kprobe c f comm=$comm:string", "p:kprobes/c f comm=$comm:string",
	      "other $-variables pass through");
	check_err(&caps61, "kretprobe r f x=$arg1", EINVAL, "not available at function return",
		  "$argN refused at return without kernel support");
	check_err(&caps_old, "kprobe a f $arg7", EINVAL, "$arg7 is not passed in a register",
		  "$arg7 is on the stack");
	check_err(&caps_old, "kprobe a f $arg0", EINVAL, "count from $arg1", "$arg0");
	check_err(&caps_old, "kprobe a f $arg1x", EINVAL, "bad fetch argument", "$arg1x");
	check_err(&caps61, "kprobe 1bad f", EINVAL, "bad event name", "a name starting with a digit");
	check_err(&caps61, "kprobe a-b f", EINVAL, "bad event name", "a name with '-'");
	check_err(&caps61, "kprobe onlyname", EINVAL, "usage: tq probe add kprobe",
		  "a kprobe without a function");
	check_err(&caps61, "kprobe a f x=", EINVAL, "fetches nothing", "an empty fetch");
	check_err(&caps_uprobes, "kprobe a f", EOPNOTSUPP, "kprobes", "no kprobe_events");
	check_err(&caps61, "fprobe a f", EINVAL, "unknown probe kind", "an unknown kind");
	check_err(&caps61, "-:kprobes/a", EINVAL, "tq probe remove", "a removal line");

	check_names(&caps61, "kretprobe x f", TQ_DYN_KRETPROBE, "kprobes", "x",
		    "the probe knows its kind, group and name");
}

static void test_raw(void)
{
	check(&caps61, "p:myopen do_sys_openat2 filename=+0(%si):string",
	      "p:myopen do_sys_openat2 filename=+0(%si):string", "raw kprobe as is");
	check(&caps61, "r16:mine/ret do_sys_openat2 ret=$retval",
	      "r16:mine/ret do_sys_openat2 ret=$retval", "raw kretprobe with maxactive");
	check_names(&caps61, "r16:mine/ret do_sys_openat2", TQ_DYN_KRETPROBE, "mine", "ret",
		    "raw kretprobe in a group");
	check_names(&caps_uprobes, "p:u /bin/sh:0x100", TQ_DYN_UPROBE, "uprobes", "u",
		    "raw uprobe: kind from the path, default group uprobes");
	check_names(&caps61, "p:myopen do_sys_openat2", TQ_DYN_KPROBE, "kprobes", "myopen",
		    "raw kprobe without a group is in kprobes");
	check_names(&caps61, "f:myf vfs_read", TQ_DYN_FPROBE, "fprobes", "myf",
		    "raw fprobe: default group fprobes");
	check_names(&caps61, "t:myt sched_switch", TQ_DYN_FPROBE, "tracepoints", "myt",
		    "raw tracepoint probe: default group tracepoints");
	check_err(&caps61, "p:a/ f", EINVAL, "bad event name", "a raw definition without a name");
	check_err(&caps61, "p::x f", EINVAL, "bad event name", "a raw name with a colon");
	check_err(&caps61, "p do_sys_openat2", EINVAL, "give the event a name",
		  "a nameless raw probe");
	check_err(&caps_uprobes, "p:k do_sys_openat2", EOPNOTSUPP, "kprobes",
		  "a raw kprobe where there are none");
	check_err(&caps_old, "s:synthetic/x u64 a", EOPNOTSUPP, "no 's:' definitions",
		  "raw s: where the kernel has only synthetic_events");
}

__attribute__((noinline, used)) int tq_test_probe_target(int x);
__attribute__((noinline, used)) int tq_test_probe_target(int x)
{
	return x + 7;
}

static void test_uprobes(void)
{
	char exe[PATH_MAX], want[PATH_MAX + 200], cmd[PATH_MAX + 200];
	uint64_t off;

	if (!realpath("/proc/self/exe", exe) ||
	    tq_elf_symbol_offset(exe, "tq_test_probe_target", &off)) {
		ok(0, "resolve this test's own function");
		return;
	}
	snprintf(cmd, sizeof(cmd), "uprobe up %s:tq_test_probe_target x=$arg1:s32", exe);
	snprintf(want, sizeof(want), "p:uprobes/up %s:0x%" PRIx64 " x=%%di:s32", exe, off);
	check(&caps_uprobes, cmd, want, "uprobe by symbol: file offset, $arg1 as %di");
	snprintf(cmd, sizeof(cmd), "uprobe up /proc/self/exe:tq_test_probe_target+4");
	snprintf(want, sizeof(want), "p:uprobes/up %s:0x%" PRIx64, exe, off + 4);
	check(&caps_uprobes, cmd, want, "symbol+offset, and the path made absolute and real");
	snprintf(cmd, sizeof(cmd), "uretprobe upr %s:tq_test_probe_target r=$retval:s32", exe);
	snprintf(want, sizeof(want), "r:uprobes/upr %s:0x%" PRIx64 " r=$retval:s32", exe, off);
	check(&caps_uprobes, cmd, want, "uretprobe with $retval");
	snprintf(cmd, sizeof(cmd), "uprobe byoff %s:0x%" PRIx64, exe, off);
	snprintf(want, sizeof(want), "p:uprobes/byoff %s:0x%" PRIx64, exe, off);
	check(&caps_uprobes, cmd, want, "uprobe by offset");
	snprintf(cmd, sizeof(cmd), "uprobe byoff %s:%" PRIu64, exe, off);
	check(&caps_uprobes, cmd, want, "a decimal offset");
	/* the kernel takes these, then refuses to enable them or never fires them */
	snprintf(cmd, sizeof(cmd), "uprobe byoff %s:0x10", exe);
	check_err(&caps_uprobes, cmd, ERANGE, "offset 0x10 of", "an offset in the ELF header");
	check_err(&caps_uprobes, cmd, ERANGE, "is not in its code: the executable segments hold",
		  "is not code, and the code's offsets are given");
	snprintf(cmd, sizeof(cmd), "uprobe byoff %s:0xfffffffff", exe);
	check_err(&caps_uprobes, cmd, ERANGE, "offset 0xfffffffff is past the end of",
		  "an offset past the end of the file");
	snprintf(cmd, sizeof(cmd), "uprobe u %s:tq_test_probe_target+0xfffffffff", exe);
	check_err(&caps_uprobes, cmd, ERANGE,
		  "bytes long ('tq_test_probe_target+0xfffffffff' is at that offset)",
		  "SYMBOL+OFFSET past the end names what the user wrote");
	snprintf(cmd, sizeof(cmd), "uretprobe upr %s:tq_test_probe_target $arg1", exe);
	check_err(&caps_uprobes, cmd, EINVAL, "not available at function return",
		  "no $argN in a uretprobe");
	snprintf(cmd, sizeof(cmd), "uprobe u %s:no_such_function", exe);
	check_err(&caps_uprobes, cmd, ENOENT, "no function 'no_such_function'", "unknown symbol");
	snprintf(cmd, sizeof(cmd), "uprobe u %s:tq_test_probe_target+zz", exe);
	check_err(&caps_uprobes, cmd, EINVAL, "bad offset", "bad +offset");
	check_err(&caps_uprobes, "uprobe u /no/such/binary:main", ENOENT, "cannot find",
		  "missing binary");
	check_err(&caps_uprobes, "uprobe u main", EINVAL, "PATH:SYMBOL", "no path");
	check_err(&caps_uprobes, "uprobe u /etc/hostname:0xzz", EINVAL, "bad offset",
		  "bad hex offset");
	(void)tq_test_probe_target(0);
}

static void test_eprobes_synth(void)
{
	check(&caps61, "eprobe opn syscalls/sys_enter_openat fn=+0(filename):ustring if dfd == 1",
	      "e:eprobes/opn syscalls.sys_enter_openat fn=+0($filename):ustring if dfd == 1",
	      "eprobe: SYSTEM.EVENT, a field inside a dereference, the filter kept as is");
	check(&caps61, "eprobe opn sched.sched_switch next=next_pid:u32 prev=$prev_pid",
	      "e:eprobes/opn sched.sched_switch next=$next_pid:u32 prev=$prev_pid",
	      "eprobe: bare field names become $field");
	check_err(&caps61, "eprobe opn sched_switch", EINVAL, "SYSTEM/EVENT",
		  "eprobe without a system");
	check_err(&caps_old, "eprobe opn sched/sched_switch", EOPNOTSUPP,
		  "not supported by this kernel", "eprobes missing");
	check(&caps61, "synth wake_lat u64 lat; pid_t pid",
	      "s:synthetic/wake_lat u64 lat; pid_t pid", "synthetic event in dynamic_events");
	check(&caps_old, "synth wake_lat u64 lat; pid_t pid", "wake_lat u64 lat; pid_t pid",
	      "synthetic event in synthetic_events");
	check_err(&caps61, "synth other/x u64 a", EINVAL, "group 'synthetic'",
		  "synthetic events have no other group");
	check_err(&caps_uprobes, "synth x u64 a", EOPNOTSUPP, "synthetic events",
		  "no synthetic events");
	check_names(&caps61, "synth synthetic/x u64 a", TQ_DYN_SYNTH, "synthetic", "x",
		    "synthetic/NAME accepted");
	is_str(tq_probe_file(TQ_DYN_KPROBE, &caps61), "dynamic_events", "file: dynamic_events");
	is_str(tq_probe_file(TQ_DYN_KRETPROBE, &caps_old), "kprobe_events", "file: kprobe_events");
	is_str(tq_probe_file(TQ_DYN_URETPROBE, &caps_old), "uprobe_events", "file: uprobe_events");
	is_str(tq_probe_file(TQ_DYN_SYNTH, &caps_old), "synthetic_events",
	       "file: synthetic_events");
}

/* ---- plans on a fake tree ---- */

static char root[] = "/tmp/tq-unit-probe.XXXXXX";
#include "faketree.h"

static void mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static char *print_plan(const struct tq_plan *plan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tq_plan_print(plan, "/T", f);
	fclose(f);
	return buf;
}

static void test_plans(struct tq_tracefs *tfs)
{
	struct tq_probe_list list;
	struct tq_strlist users;
	struct tq_plan plan;
	struct tq_probe p;
	char *text, *def;
	int err;

	ok(tq_probe_list_read(tfs, &list) == 0 && list.len == 3, "three dynamic events listed");
	is_int(list.items[0].type, TQ_DYN_KPROBE, "the first is a kprobe");
	is_int(list.items[1].type, TQ_DYN_UPROBE, "the second an uprobe");
	is_int(list.items[2].type, TQ_DYN_SYNTH, "the third a synthetic event");
	is_str(list.items[2].event, "wake_lat", "its name ends at the kernel's tab");
	is_int(tq_probe_list_find(&list, "myopen"), 0, "find by name");
	is_int(tq_probe_list_find(&list, "synthetic/wake_lat"), 2, "find by SYSTEM/NAME");
	is_int(tq_probe_list_find(&list, "kprobes/wake_lat"), -1, "the wrong group finds nothing");
	is_int(tq_probe_list_find(&list, "nothere"), -1, "an absent name");

	tq_plan_init(&plan);
	ok(tq_probe_plan_remove(tfs, &list, 0, &plan) == 0, "plan the removal of an enabled kprobe");
	text = print_plan(&plan);
	is_str(text,
	       "echo 0 > /T/events/kprobes/myopen/enable\n"
	       "echo 0 > /T/instances/one/events/kprobes/myopen/enable\n"
	       "echo -:kprobes/myopen >> /T/dynamic_events\n",
	       "disabled in the top buffer and the instance, then removed");
	free(text);
	is_str(plan.steps[plan.len - 1].undo, list.items[0].definition,
	       "undoing the removal defines it again");
	tq_plan_release(&plan);

	tq_strlist_init(&users);
	ok(tq_probe_users(tfs, &list.items[2], &users) == 0 && users.len == 2,
	   "two triggers use the synthetic event (got %zu)", users.len);
	ok(users.len == 2 && strstr(users.items[0], "events/sched/sched_switch/trigger: hist:") &&
	   strstr(users.items[1], "events/synthetic/wake_lat/trigger: hist:keys=pid"),
	   "they are named with their files");
	tq_strlist_release(&users);
	tq_strlist_init(&users);
	ok(tq_probe_users(tfs, &list.items[1], &users) == 0 && users.len == 0,
	   "nothing uses the uprobe");
	tq_strlist_release(&users);
	tq_probe_list_release(&list);

	tq_plan_init(&plan);
	def = build(&caps61, "kprobe myopen do_sys_openat2", &err, &p);
	err = def ? tq_probe_plan_add(tfs, &p, &caps61, &plan) : err;
	ok(err == -EEXIST && strstr(tq_errmsg(err), "already exists"),
	   "adding an existing name is refused: %s", tq_errmsg(err));
	free(def);
	tq_probe_release(&p);
	def = build(&caps61, "kretprobe myret do_sys_openat2 r=$retval", &err, &p);
	err = def ? tq_probe_plan_add(tfs, &p, &caps61, &plan) : err;
	ok(err == 0 && plan.len == 1, "a new kretprobe is one step");
	if (plan.len == 1) {
		is_str(plan.steps[0].path, "dynamic_events", "appended to dynamic_events");
		is_str(plan.steps[0].undo, "-:kprobes/myret", "undone by -:GROUP/NAME");
	}
	free(def);
	tq_probe_release(&p);
	tq_plan_release(&plan);

	tq_plan_init(&plan);
	def = build(&caps_old, "synth lat2 u64 x", &err, &p);
	err = def ? tq_probe_plan_add(tfs, &p, &caps_old, &plan) : err;
	ok(err == 0 && plan.len == 1 && !strcmp(plan.steps[0].path, "synthetic_events") &&
	   !strcmp(plan.steps[0].undo, "!lat2"), "old kernels: synthetic_events, undone by !NAME");
	free(def);
	tq_probe_release(&p);
	tq_plan_release(&plan);
}

static void make_tree(void)
{
	put("dynamic_events",
	    "p:kprobes/myopen do_sys_openat2 fn=+0(%si):string\n"
	    "p:uprobes/up /bin/true:0x0000000000001040\n"
	    "s:synthetic/wake_lat\tu64 lat; pid_t pid\n");
	put("README", "tracing mini-HOWTO\n");
	mk("events");
	mk("events/kprobes");
	mk("events/kprobes/myopen");
	put("events/kprobes/myopen/enable", "1\n");
	put("events/kprobes/myopen/trigger", "# Available triggers:\n");
	mk("events/sched");
	mk("events/sched/sched_switch");
	put("events/sched/sched_switch/trigger",
	    "# Available triggers:\n"
	    "hist:keys=next_pid:vals=hitcount:sort=hitcount:size=2048 "
	    "if next_comm==\"x\" [active]\n"
	    "hist:keys=next_pid:vals=hitcount:lat=common_timestamp-$ts:sort=hitcount:size=2048:"
	    "onmatch(sched.sched_waking).trace(wake_lat,$lat,next_pid) [active]\n");
	mk("events/synthetic");
	mk("events/synthetic/wake_lat");
	put("events/synthetic/wake_lat/enable", "0\n");
	put("events/synthetic/wake_lat/trigger", "hist:keys=pid:vals=hitcount:sort=hitcount "
	    "[active]\n");
	mk("instances");
	mk("instances/one");
	mk("instances/one/events");
	mk("instances/one/events/kprobes");
	mk("instances/one/events/kprobes/myopen");
	put("instances/one/events/kprobes/myopen/enable", "1\n");
}

int main(void)
{
	struct tq_tracefs *tfs = NULL;
	char cmd[300];

	test_kprobes();
	test_raw();
	test_uprobes();
	test_eprobes_synth();
	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	make_tree();
	if (tq_tracefs_open(&tfs, root, 0) == 0) {
		test_plans(tfs);
		tq_tracefs_close(tfs);
	} else {
		ok(0, "open the fake tree");
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	return done_testing();
}
