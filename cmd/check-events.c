// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq check-events: does libtraceevent parse the format of every event of this kernel?
 * The formats are loaded by libtracefs as trace-cmd check-events loads them, with the
 * plugins first; --verbose shows libtraceevent's own reasons, as in trace-cmd.
 */
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "builtin.h"
#include "parse-options.h"
#include "tracefs/access.h"
#include "util/diag.h"

struct check_opts {
	bool no_plugins;
	int loglevel;
};

static int set_level(const struct option *opt, const char *arg, void *ctx)
{
	struct check_opts *o = ctx;

	o->loglevel = parse_verbose(arg);
	return o->loglevel < 0 ? -1 : 0;
}

int cmd_check_events(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq check-events [-N] [--verbose[=LEVEL]]",
		"",
		"Parse the format of every event of the kernel's tracefs (or --tracefs DIR) with",
		"libtraceevent, its plugins loaded first. Exit 0 when all parse, else 1, saying",
		"how many do not; --verbose=all shows libtraceevent's reasons for each.",
		NULL,
	};
	struct check_opts o = { .loglevel = -1 };
	const struct option opts[] = {
		OPT_BOOL('N', NULL, &o.no_plugins, "load no libtraceevent plugins"),
		OPT_CALLBACK_F(0, "verbose", "LEVEL", "log level 0-6 or none, crit, err, warn, "
			       "info (--verbose alone), debug, all", set_level, OPT_ATTACHED),
		OPT_END(),
	};
	struct tep_plugin_list *plugins = NULL;
	struct tq_tracefs *tfs = NULL;
	struct tep_handle *tep;
	int n, failures = 0, ret;

	n = parse_options(argc, argv, opts, usage, PARSE_OPT_NO_ARGS, &o);
	if (n < 0)
		return parse_options_exit(n);
	if (open_tracefs(&tfs))
		return -1;
	tep = tep_alloc();
	if (!tep) {
		tq_tracefs_close(tfs);
		return error("out of memory");
	}
	if (o.loglevel >= 0)
		tep_set_loglevel(o.loglevel);
	if (!o.no_plugins)
		plugins = tep_load_plugins(tep);
	ret = tracefs_fill_local_events(tq_tracefs_root(tfs), tep, &failures);
	if (ret)
		ret = error("cannot read the event formats under '%s/events'",
			    tq_tracefs_root(tfs));
	else if (failures)
		ret = error("%d event format%s cannot be parsed by libtraceevent (see "
			    "--verbose=all for why)", failures, failures == 1 ? "" : "s");
	if (plugins)
		tep_unload_plugins(plugins, tep);
	tep_free(tep);
	tq_tracefs_close(tfs);
	return ret;
}
