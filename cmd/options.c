// SPDX-License-Identifier: GPL-2.0-or-later
/* tq options: the plugin options report -O takes, listed as trace-cmd options lists them. */
#include <event-parse.h>
#include <trace-seq.h>

#include "builtin.h"
#include "parse-options.h"

/*
 * The graph printing's options are tq's own (trace-cmd's too: not a libtraceevent plugin);
 * they are listed under the name report -O takes them by, with trace-cmd's descriptions.
 */
static struct tep_plugin_option graph_options[] = {
	{ .name = "tailprint", .plugin_alias = "fgraph",
	  .description = "Print function name at function exit in function graph" },
	{ .name = "depth", .plugin_alias = "fgraph",
	  .description = "Show the depth of each entry" },
	{ .name = NULL },
};

int cmd_options(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq options",
		"",
		"List the options of libtraceevent's plugins and of the graph printing, with",
		"their values: what 'tq report -O PLUGIN:OPTION[=VALUE]' sets.",
		NULL,
	};
	const struct option opts[] = {
		OPT_END(),
	};
	struct tep_plugin_list *plugins;
	struct tep_handle *tep;
	struct trace_seq s;
	int n, ret = 0;

	n = parse_options(argc, argv, opts, usage, PARSE_OPT_NO_ARGS, NULL);
	if (n < 0)
		return parse_options_exit(n);
	tep = tep_alloc();
	if (!tep)
		return error("out of memory");
	/* registered first, they are listed last, as trace-cmd lists them */
	if (tep_plugin_add_options("ftrace", graph_options) < 0) {
		tep_free(tep);
		return error("out of memory");
	}
	plugins = tep_load_plugins(tep);
	trace_seq_init(&s);
	tep_plugin_print_options(&s);
	trace_seq_terminate(&s);
	if (s.state != TRACE_SEQ__GOOD)
		ret = error("out of memory");
	else
		fwrite(s.buffer, 1, s.len, stdout);
	trace_seq_destroy(&s);
	if (plugins)
		tep_unload_plugins(plugins, tep);
	tep_plugin_remove_options(graph_options);
	tep_free(tep);
	return ret;
}
