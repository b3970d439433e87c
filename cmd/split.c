// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq split: cut a trace.dat into parts by time, events or pages, as trace-cmd split does
 * (the same options, the same parts: lib/tracedat/split.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "parse-options.h"
#include "tracedat/split.h"
#include "util/diag.h"

#define UNSET INT_MIN

struct split_args {
	struct tq_split_opts o;
	const char *input;
	int units[TQ_SPLIT_PAGES + 1];
};

/* "75678.923853" seconds as ns, the way trace-cmd converts it (through a double) */
static int parse_time(const char *what, const char *text, unsigned long long *ns)
{
	char *end;
	double secs;

	errno = 0;
	secs = strtod(text, &end);
	if (end == text || *end || errno || secs < 0)
		return usage_error("%s '%s' is not a time in seconds (like 75678.923853)", what,
				   text);
	*ns = (unsigned long long)(secs * 1000000000.0);
	return 0;
}

static int pick_unit(struct split_args *a)
{
	static const char *const flag = "\0smuep";

	for (int u = TQ_SPLIT_SECS; u <= TQ_SPLIT_PAGES; u++) {
		if (a->units[u] == UNSET)
			continue;
		if (a->o.unit != TQ_SPLIT_NONE)
			return usage_error("only one of -s, -m, -u, -e, -p");
		if (a->units[u] <= 0)
			return usage_error("-%c needs a count greater than 0", flag[u]);
		a->o.unit = u;
		a->o.count = (unsigned long long)a->units[u];
	}
	/* pages are per CPU: there is no merged page */
	if (a->o.unit == TQ_SPLIT_PAGES)
		a->o.percpu = true;
	return 0;
}

int cmd_split(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq split [options] [-i FILE] [-o FILE] [start [end]]",
		"",
		"Cut a trace.dat into parts readable by trace-cmd, as trace-cmd split does:",
		"from start to end (seconds, as report shows them), by time, events or pages.",
		"One part (FILE.1) unless -r, which writes FILE.0001, FILE.0002, ... to the end.",
		NULL,
	};
	struct split_args a = { .o = { .only_cpu = -1 } };
	struct tq_tracedat *td = NULL;
	int n, err;
	const struct option opts[] = {
		OPT_STRING('i', "input", &a.input, "FILE", "trace.dat to split (default trace.dat)"),
		OPT_STRING('o', "output", &a.o.output, "FILE",
			   "name of the parts (default: the input's)"),
		OPT_INT('s', NULL, &a.units[TQ_SPLIT_SECS], "N", "parts of N seconds"),
		OPT_INT('m', NULL, &a.units[TQ_SPLIT_MSECS], "N", "parts of N milliseconds"),
		OPT_INT('u', NULL, &a.units[TQ_SPLIT_USECS], "N", "parts of N microseconds"),
		OPT_INT('e', NULL, &a.units[TQ_SPLIT_EVENTS], "N", "parts of N events"),
		OPT_INT('p', NULL, &a.units[TQ_SPLIT_PAGES], "N", "parts of N pages per CPU"),
		OPT_BOOL('r', "repeat", &a.o.repeat, "parts until the end, not just the first"),
		OPT_BOOL('c', "per-cpu", &a.o.percpu, "count per CPU (-e 10: 10 events of each)"),
		OPT_INT('C', "cpu", &a.o.only_cpu, "CPU", "only the events of CPU"),
		OPT_END(),
	};

	for (int u = 0; u <= TQ_SPLIT_PAGES; u++)
		a.units[u] = UNSET;
	n = parse_options(argc, argv, opts, usage, 0, &a);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 2)
		return usage_error("unexpected argument '%s' (only start and end)", argv[2]);
	if (n >= 1 && parse_time("start", argv[0], &a.o.start_ns))
		return -1;
	if (n == 2 && parse_time("end", argv[1], &a.o.end_ns))
		return -1;
	if (n == 2 && a.o.end_ns < a.o.start_ns)
		return usage_error("end %s is before start %s", argv[1], argv[0]);
	if (pick_unit(&a))
		return -1;
	if (a.o.only_cpu < -1)
		return usage_error("-C needs a CPU number");
	if (!a.input)
		a.input = "trace.dat";
	if (!a.o.output)
		a.o.output = a.input;
	err = tq_td_open_flags(a.input, TQ_TD_NO_KALLSYMS, &td);
	if (!err)
		err = tq_td_split(td, &a.o);
	tq_td_close(td);
	if (err < 0)
		return error("%s", tq_errmsg(err));
	return 0;
}
