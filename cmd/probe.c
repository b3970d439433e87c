// SPDX-License-Identifier: GPL-2.0-or-later
/* tq probe: add, list and remove dynamic events (kprobes, uprobes, eprobes, synthetic). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "tracefs/access.h"

static const char *const probe_usage[] = {
	"tq probe add [--print] KIND NAME WHERE [ARG]...",
	"tq probe add [--print] 'KERNEL-DEFINITION'",
	"tq probe list",
	"tq probe remove [--print] NAME...",
	"",
	"KIND is kprobe, kretprobe, uprobe, uretprobe, eprobe or synth:",
	"  kprobe NAME FUNC[+OFF] [ARG]...         kretprobe NAME FUNC [ARG]...",
	"  uprobe NAME PATH:SYMBOL[+OFF]|PATH:0xOFF [ARG]...   (uretprobe likewise)",
	"  eprobe NAME SYSTEM/EVENT [ARG]... [if FILTER]",
	"  synth NAME 'u64 lat; pid_t pid'",
	"ARG is [NAME=]FETCH[:TYPE]: $argN, $retval, %REG, +OFF(FETCH), @SYM; TYPE u8..u64,",
	"s8..s64, x8..x64, string, ustring. NAME may be GROUP/NAME. See tq-probe(1).",
	NULL,
};

/* A definition's words may begin with '-' ("-8(%sp)"): options only come first, but a
 * --print the user put at the end is still understood. */
static bool take_print(int *argc, char **argv)
{
	int i;

	for (i = 0; i < *argc; i++)
		if (!strcmp(argv[i], "--print")) {
			memmove(argv + i, argv + i + 1, (*argc - i - 1) * sizeof(*argv));
			(*argc)--;
			return true;
		}
	return false;
}

static int report_lib_error(int ret)
{
	if (ret == -EOPNOTSUPP)
		return unsupported("%s", tq_errmsg(ret));
	if (ret == -EINVAL)
		return usage_error("%s", tq_errmsg(ret));
	if (ret == -ENOMEM)
		return error("out of memory");
	return error("%s", tq_errmsg(ret));
}

static int probe_add(int argc, char **argv)
{
	/* the whole usage: its lines on KIND and ARG are what add needs explained */
	const char *const *usage = probe_usage;
	struct tq_tracefs *tfs = NULL;
	struct tq_probe_caps caps;
	struct tq_probe probe = { 0 };
	struct tq_apply_failure failure;
	struct tq_plan plan;
	bool print = false;
	int ret;
	const struct option options[] = {
		OPT_BOOL(0, "print", &print, "print the shell commands instead of running them"),
		OPT_END(),
	};

	tq_plan_init(&plan);
	/* the kernel's removal syntax; as an option it would read as "-:" */
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "-:", 2))
			return usage_error("'%s' is a removal, not a definition: use "
					   "'tq probe remove %s'", argv[i],
					   argv[i][2] ? argv[i] + 2 : "NAME");
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_STOP_AT_NON_OPTION, NULL);
	if (argc < 0)
		return parse_options_exit(argc);
	print |= take_print(&argc, argv);
	if (argc == 0)
		return usage_error("what to add? (tq probe add KIND NAME WHERE [ARG]...)");
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	tq_probe_caps_read(tfs, &caps);
	ret = tq_probe_build(argc, argv, &caps, &probe);
	if (!ret)
		ret = tq_probe_plan_add(tfs, &probe, &caps, &plan);
	if (ret) {
		ret = report_lib_error(ret);
		goto out;
	}
	if (print || probe.type != TQ_DYN_EPROBE) {
		ret = run_plan(&plan, print, tfs, NULL);
		if (!print && !ret)
			printf("%s/%s\n", probe.system, probe.event);
		goto out;
	}
	ret = tq_plan_apply(&plan, tfs, NULL, &failure);
	if (ret == 0) {
		printf("%s/%s\n", probe.system, probe.event);
		goto out;
	}
	/* A kernel built without eprobes still lists them in README, and refuses every
	 * "e:" line with a bare EINVAL: a kernel with them explains its refusals. */
	if (probe.type == TQ_DYN_EPROBE && failure.err == EINVAL && !failure.kernel_log) {
		ret = unsupported("eprobes: not supported by this kernel (it refuses '%s' without "
				  "a reason in error_log)", probe.definition);
	} else if (failure.no_memory) {
		ret = error("out of memory");
	} else {
		report_plan_failure(&plan, &failure);
		ret = failure.err == EOPNOTSUPP ? fail_unsupported() : -1;
	}
	tq_apply_failure_release(&failure);
out:
	tq_probe_release(&probe);
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	return ret;
}

static int probe_list(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq probe list",
		"",
		"The dynamic events the kernel has now: kind, SYSTEM/NAME and definition.",
		NULL,
	};
	struct tq_tracefs *tfs = NULL;
	struct tq_probe_list list;
	size_t i;
	int ret;
	const struct option options[] = {
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, PARSE_OPT_NO_ARGS, NULL);
	if (argc < 0)
		return parse_options_exit(argc);
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	ret = tq_probe_list_read(tfs, &list);
	if (ret) {
		tq_tracefs_close(tfs);
		return error("cannot read the dynamic events: %s", tq_errmsg(ret));
	}
	for (i = 0; i < list.len; i++) {
		const struct tq_dynevent *ev = &list.items[i];
		char name[512];

		snprintf(name, sizeof(name), "%s/%s", ev->system, ev->event);
		printf("%-10s %-32s %s\n", tq_dyn_type_name(ev->type), name, ev->definition);
	}
	tq_probe_list_release(&list);
	tq_tracefs_close(tfs);
	return 0;
}

static int probe_remove(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq probe remove [--print] NAME|SYSTEM/NAME...",
		"",
		"Remove dynamic events, disabling them first where they are enabled.",
		NULL,
	};
	struct tq_tracefs *tfs = NULL;
	struct tq_probe_list list = { 0 };
	struct tq_apply_failure failure;
	struct tq_plan plan;
	size_t *last_step = NULL, n;
	long *which = NULL;
	bool print = false;
	int i, ret;
	const struct option options[] = {
		OPT_BOOL(0, "print", &print, "print the shell commands instead of running them"),
		OPT_END(),
	};

	tq_plan_init(&plan);
	argc = parse_options(argc, argv, options, usage, 0, NULL);
	if (argc < 0)
		return parse_options_exit(argc);
	if (argc == 0)
		return usage_error("which event? (tq probe list shows them)");
	ret = open_tracefs(&tfs);
	if (ret)
		return ret;
	ret = tq_probe_list_read(tfs, &list);
	which = calloc(argc, sizeof(*which));
	last_step = calloc(argc, sizeof(*last_step));
	if (ret || !which || !last_step) {
		ret = error("cannot read the dynamic events: %s", tq_errmsg(ret ? ret : -ENOMEM));
		goto out;
	}
	for (i = 0; i < argc; i++) {
		which[i] = tq_probe_list_find(&list, argv[i]);
		if (which[i] == -1) {
			ret = error("no dynamic event '%s' (see 'tq probe list')", argv[i]);
			goto out;
		}
		if (which[i] == -2) {
			ret = error("'%s' names events in several groups: write GROUP/%s", argv[i],
				    argv[i]);
			goto out;
		}
		ret = tq_probe_plan_remove(tfs, &list, which[i], &plan);
		if (ret) {
			ret = report_lib_error(ret);
			goto out;
		}
		last_step[i] = plan.len - 1;
	}
	if (print) {
		ret = run_plan(&plan, true, tfs, NULL);
		goto out;
	}
	ret = tq_plan_apply(&plan, tfs, NULL, &failure);
	if (ret == 0)
		goto out;
	if (failure.err == EBUSY) {
		for (n = 0; n + 1 < (size_t)argc && last_step[n] < failure.step; n++)
			;
		ret = explain_busy(tfs, &list.items[which[n]], "nothing was changed");
	} else if (failure.no_memory) {
		ret = error("out of memory");
	} else {
		report_plan_failure(&plan, &failure);
		ret = failure.err == EOPNOTSUPP ? fail_unsupported() : -1;
	}
	tq_apply_failure_release(&failure);
out:
	free(which);
	free(last_step);
	tq_probe_list_release(&list);
	tq_plan_release(&plan);
	tq_tracefs_close(tfs);
	return ret;
}

int cmd_probe(int argc, char **argv)
{
	const struct option options[] = {
		OPT_END(),
	};
	int n;

	/* the subcommand comes first; -h alone (or nothing) shows the whole usage */
	if (argc >= 2 && argv[1][0] != '-') {
		const char *sub = argv[1];

		if (!strcmp(sub, "add"))
			return probe_add(argc - 1, argv + 1);
		if (!strcmp(sub, "list") || !strcmp(sub, "ls"))
			return probe_list(argc - 1, argv + 1);
		if (!strcmp(sub, "remove") || !strcmp(sub, "rm"))
			return probe_remove(argc - 1, argv + 1);
		return usage_error("unknown subcommand '%s' (add, list, remove)", sub);
	}
	n = parse_options(argc, argv, options, probe_usage, 0, NULL);
	if (n < 0)
		return parse_options_exit(n);
	print_usage(stderr, probe_usage, options);
	return fail_usage();
}
