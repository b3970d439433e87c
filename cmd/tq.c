// SPDX-License-Identifier: GPL-2.0-or-later
/* tq: main() and the table of commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/suggest.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "record", cmd_record, "record the ring buffers into a trace.dat file" },
	{ "report", cmd_report, "print a trace.dat file as trace-cmd report does" },
	{ "convert", cmd_convert, "write trace.dat as CTF, Perfetto, Chrome JSON or systrace" },
	{ "dump", cmd_dump, "show the structure of a trace.dat file" },
	{ "extract", cmd_extract, "save what is in the ring buffers into a trace.dat file" },
	{ "restore", cmd_restore, "rebuild trace.dat from the per-CPU files of a killed record" },
	{ "stream", cmd_stream, "print events live as they are traced" },
	{ "sql", cmd_sql, "compile an SQL query into synthetic events and hist triggers" },
	{ "hist", cmd_hist, "run an SQL query and show the histogram" },
	{ "shell", cmd_shell, "interactive SQL shell over the kernel's events" },
	{ "probe", cmd_probe, "add, list, remove kprobes, uprobes, eprobes, synthetic events" },
	{ "list", cmd_list, "list events, tracers, options, clocks, functions, instances" },
	{ "set", cmd_set, "configure tracing without starting it" },
	{ "start", cmd_start, "configure tracing and start it, without recording" },
	{ "stop", cmd_stop, "stop tracing (tracing_on = 0)" },
	{ "restart", cmd_restart, "start tracing again (tracing_on = 1)" },
	{ "clear", cmd_clear, "clear the ring buffers" },
	{ "show", cmd_show, "show the trace or one tracefs setting" },
	{ "stat", cmd_stat, "show everything that is set in tracefs" },
	{ "reset", cmd_reset, "put tracefs back to its defaults" },
	{ "split", cmd_split, "cut a trace.dat into parts by time, events or pages" },
	{ "snapshot", cmd_snapshot, "take, show, clear or free the snapshot buffer" },
	{ "stack", cmd_stack, "start, stop, reset or show the kernel's stack tracer" },
	{ "options", cmd_options, "list the plugin options report -O sets" },
	{ "check-events", cmd_check_events, "check that every event format of tracefs parses" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_main_usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: tq [--tracefs DIR] [--color[=WHEN]] <command> [options]\n"
		     "       tq --version | --help | help <command> | help trace-cmd\n\n"
		     "commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "    %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nglobal options:\n"
		     "    --tracefs DIR   use the tracefs (or a copy of one) at DIR; also $TQ_TRACEFS\n"
		     "    --tracefs-copy DIR  DIR is a saved copy of a target's tracefs: --print\n"
		     "                    checks against it and prints the target's paths\n"
		     "    --color[=WHEN]  auto (default), always or never; --color alone is\n"
		     "                    always; NO_COLOR turns auto off\n"
		     "\nexit status: 0 ok, 1 error, 2 usage error, 3 the kernel lacks the feature\n"
		     "\nSee 'tq help <command>' or 'tq <command> -h' for a command's options.\n");
}

static int unknown_command(const char *name)
{
	const char *names[NCOMMANDS];
	const char *near;
	size_t i, n = 0;

	for (i = 0; i < NCOMMANDS; i++)
		names[n++] = commands[i].name;
	near = tq_suggest(name, names, n);
	fprintf(stderr, "tq: '%s' is not a tq command", name);
	if (near)
		fprintf(stderr, "; did you mean '%s'?", near);
	fprintf(stderr, "\nsee 'tq --help' for the list of commands\n");
	return fail_usage();
}

/*
 * The exit status once stdout is flushed: a write that failed (a full disk, a closed
 * pipe) is an error too. errno is only meaningful when this flush is what failed; a
 * command that failed (ret) has said why already.
 */
static int finish_output(int ret)
{
	if (fflush(stdout)) {
		if (!ret)
			ret = error_errno("cannot write the output");
	} else if (ferror(stdout)) {
		if (!ret)
			ret = error("cannot write the output");
	}
	return exit_code(ret);
}

static int run_command(const struct command *cmd, int argc, char **argv)
{
	tq_cmd_name = cmd->name;
	return finish_output(cmd->fn(argc, argv));
}

static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;
	char *help_argv[] = { NULL, "--help", NULL };

	if (argc < 2) {
		print_main_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "trace-cmd"))
		return cmd_help_trace_cmd();
	cmd = find_command(argv[1]);
	if (!cmd)
		return unknown_command(argv[1]);
	help_argv[0] = argv[1];
	return run_command(cmd, 2, help_argv);
}

/* Before the command is known "see 'tq COMMAND -h'" has no command to name. */
__attribute__((format(printf, 1, 2))) static int main_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tq: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nsee 'tq --help'\n", stderr);
	return fail_usage();
}

static int parse_color(const char *when)
{
	if (!strcmp(when, "auto"))
		tq_color_mode = -1;
	else if (!strcmp(when, "always"))
		tq_color_mode = 1;
	else if (!strcmp(when, "never"))
		tq_color_mode = 0;
	else
		return main_usage_error("'--color' takes auto, always or never, not '%s'", when);
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			if (i + 1 < argc)
				return exit_code(main_usage_error("'%s' takes nothing after it, "
								  "not '%s'", a, argv[i + 1]));
			printf("tq version %s\n", TQ_VERSION);
			return finish_output(0);
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_main_usage(stdout);
			return finish_output(0);
		} else if (!strcmp(a, "--tracefs")) {
			if (i + 1 >= argc)
				return exit_code(main_usage_error("'--tracefs' needs a directory"));
			tq_tracefs_dir = argv[++i];
		} else if (!strncmp(a, "--tracefs=", 10)) {
			tq_tracefs_dir = a + 10;
		} else if (!strcmp(a, "--tracefs-copy") || !strncmp(a, "--tracefs-copy=", 15)) {
			if (!a[14] && i + 1 >= argc)
				return exit_code(main_usage_error("'--tracefs-copy' needs a directory"));
			tq_tracefs_dir = a[14] ? a + 15 : argv[++i];
			tq_tracefs_copy = true;
		} else if (!strcmp(a, "--color")) {
			/* as git and ls take it: a bare --color is always */
			tq_color_mode = 1;
		} else if (!strncmp(a, "--color=", 8)) {
			if (parse_color(a + 8))
				return exit_code(-1);
		} else {
			return exit_code(main_usage_error("unknown option '%s'", a));
		}
	}
	if (i >= argc) {
		print_main_usage(stderr);
		return exit_code(fail_usage());
	}
	if (!tq_tracefs_dir)
		tq_tracefs_dir = getenv("TQ_TRACEFS");
	if (tq_tracefs_dir && !*tq_tracefs_dir)
		tq_tracefs_dir = NULL;
	if (!strcmp(argv[i], "help"))
		return exit_code(cmd_help(argc - i, argv + i));
	cmd = find_command(argv[i]);
	if (!cmd)
		return exit_code(unknown_command(argv[i]));
	return run_command(cmd, argc - i, argv + i);
}
