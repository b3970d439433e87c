// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq help trace-cmd: each trace-cmd 3.1.6 command and flag with tq's, and what tq does
 * differently and why. Whether this tq has a flag is read from its own -h, so the table
 * never claims what the binary lacks (commands and flags are added by several people).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"

struct tc_map {
	const char *cmd;	/* trace-cmd's command, "" for a command of its own */
	const char *tc;		/* trace-cmd's flag */
	const char *tq;		/* tq's: NULL when it is the same flag */
	const char *note;	/* what differs, or NULL */
};

#define SAME NULL

static const struct tc_map map[] = {
	/* record, set, start, stream: the configuration flags */
	{ "record", "-e", SAME, NULL },
	{ "record", "-f", SAME, NULL },
	{ "record", "-R", SAME, NULL },
	{ "record", "-p", SAME, NULL },
	{ "record", "-F", SAME, NULL },
	{ "record", "-P", SAME, NULL },
	{ "record", "-c", SAME, NULL },
	{ "record", "-C", SAME, NULL },
	{ "record", "-T", SAME, NULL },
	{ "record", "-l", SAME, NULL },
	{ "record", "-g", SAME, NULL },
	{ "record", "-n", SAME, NULL },
	{ "record", "-m", SAME, "the newest pages that fit, cut once at the end (trace-cmd "
	  "rotates two halves while recording)" },
	{ "record", "-M", SAME, NULL },
	{ "record", "-v", SAME, "-e after it disable; with set, -B after it removes" },
	{ "record", "-d", SAME, "tq's duration was -d; it is now --duration, and '-d N' is "
	  "refused with a message naming it" },
	{ "record", "-D", SAME, NULL },
	{ "record", "-o", SAME, NULL },
	{ "record", "-O", SAME, NULL },
	{ "record", "-r", SAME, "tq's recorder threads default to SCHED_FIFO 1 (0: none), so "
	  "that a busy CPU does not starve them" },
	{ "record", "-s", SAME, "taken, no effect: tq's recorder is woken by the kernel "
	  "(buffer_percent), not a timer" },
	{ "record", "-S", SAME, NULL },
	{ "record", "-N", SAME, NULL },
	{ "record", "-V", SAME, NULL },
	{ "record", "-t", SAME, NULL },
	{ "record", "-b", SAME, NULL },
	{ "record", "-B", SAME, NULL },
	{ "record", "-k", SAME, "also leaves the configuration in place (buffer_percent, "
	  "which is tq's own, is put back)" },
	{ "record", "-i", SAME, NULL },
	{ "record", "-q", SAME, NULL },
	{ "record", "-G", SAME, "taken: how report --profile groups irqs, decided when "
	  "reading" },
	{ "record", "--quiet", SAME, NULL },
	{ "record", "--temp", SAME, NULL },
	{ "record", "--module", SAME, NULL },
	{ "record", "--by-comm", SAME, "taken: report --profile's grouping, decided when "
	  "reading" },
	{ "record", "--profile", SAME, NULL },
	{ "record", "--func-stack", SAME, NULL },
	{ "record", "--max-graph-depth", SAME, NULL },
	{ "record", "--cmdlines-size", SAME, NULL },
	{ "record", "--no-filter", SAME, "tq's own threads go to set_event_notrace_pid" },
	{ "record", "--proc-map", SAME, NULL },
	{ "record", "--user", SAME, NULL },
	{ "record", "--tsc2nsec", SAME, NULL },
	{ "record", "--tsync-interval", SAME, NULL },
	{ "record", "--poll", SAME, "taken, no effect: tq's reads never block the command" },
	{ "record", "--name", SAME, NULL },
	{ "record", "--file-version", SAME, NULL },
	{ "record", "--compression", SAME, "tq writes zstd (default), zlib or none" },
	{ "record", "--proxy", SAME, NULL },
	{ "record", "--date", SAME, NULL },
	{ "record", "--ts-offset", SAME, NULL },
	{ "record", "(none)", "--duration", "stop after SECONDS (tq's own)" },
	{ "record", "(none)", "--instances", "also record every existing instance" },
	/* report */
	{ "report", "-i", SAME, NULL },
	{ "report", "-e", SAME, NULL },
	{ "report", "-f", SAME, NULL },
	{ "report", "-P", SAME, NULL },
	{ "report", "-E", SAME, NULL },
	{ "report", "-F", SAME, NULL },
	{ "report", "-I", SAME, NULL },
	{ "report", "-S", SAME, NULL },
	{ "report", "-t", SAME, NULL },
	{ "report", "-R", SAME, NULL },
	{ "report", "-r", SAME, NULL },
	{ "report", "-v", SAME, NULL },
	{ "report", "-T", SAME, NULL },
	{ "report", "-V", SAME, "libtraceevent's lines about the handlers plugins override "
	  "come in tq's order, not trace-cmd's" },
	{ "report", "-L", SAME, NULL },
	{ "report", "-N", SAME, NULL },
	{ "report", "-n", SAME, NULL },
	{ "report", "-w", SAME, NULL },
	{ "report", "-l", SAME, NULL },
	{ "report", "-O", SAME, NULL },
	{ "report", "-q", SAME, NULL },
	{ "report", "--cpu", SAME, NULL },
	{ "report", "--cpus", SAME, NULL },
	{ "report", "--first-event", SAME, NULL },
	{ "report", "--last-event", SAME, NULL },
	{ "report", "--check-events", SAME, NULL },
	{ "report", "--stat", SAME, NULL },
	{ "report", "--uname", SAME, NULL },
	{ "report", "--version", SAME, NULL },
	{ "report", "--profile", SAME, NULL },
	{ "report", "-G", SAME, NULL },
	{ "report", "-H", SAME, NULL },
	{ "report", "--by-comm", SAME, NULL },
	{ "report", "--ts-offset", SAME, NULL },
	{ "report", "--ts2secs", SAME, NULL },
	{ "report", "--ts-diff", SAME, NULL },
	{ "report", "--ts-check", SAME, "the warning goes to stderr in tq's form" },
	{ "report", "--nodate", SAME, NULL },
	{ "report", "--raw-ts", SAME, NULL },
	{ "report", "--align-ts", SAME, NULL },
	{ "report", "--verbose", SAME, NULL },
	/* snapshot, stack, check-events */
	{ "snapshot", "-s", SAME, NULL },
	{ "snapshot", "-r", SAME, NULL },
	{ "snapshot", "-f", SAME, NULL },
	{ "snapshot", "-c", SAME, NULL },
	{ "snapshot", "-B", SAME, "the instance's snapshot (trace-cmd 3.1.6 ignores it)" },
	{ "stack", "--start", SAME, NULL },
	{ "stack", "--stop", SAME, NULL },
	{ "stack", "--reset", SAME, NULL },
	{ "stack", "--verbose", SAME, NULL },
	{ "check-events", "-N", SAME, NULL },
	{ "check-events", "--verbose", SAME, NULL },
};

/* trace-cmd's commands: tq's name where it differs, and a note. */
static const struct tc_map commands[] = {
	{ "", "record", SAME, NULL },
	{ "", "set", SAME, NULL },
	{ "", "start", SAME, NULL },
	{ "", "extract", SAME, NULL },
	{ "", "stop", SAME, NULL },
	{ "", "restart", SAME, NULL },
	{ "", "show", SAME, NULL },
	{ "", "reset", SAME, NULL },
	{ "", "clear", SAME, NULL },
	{ "", "report", SAME, NULL },
	{ "", "stream", SAME, NULL },
	{ "", "profile", SAME, NULL },
	{ "", "hist", SAME, "tq hist runs a SQL histogram on hist triggers; trace-cmd's "
	  "report-time call histogram is its own" },
	{ "", "stat", SAME, NULL },
	{ "", "split", SAME, NULL },
	{ "", "options", SAME, NULL },
	{ "", "listen", SAME, NULL },
	{ "", "agent", SAME, NULL },
	{ "", "setup-guest", SAME, NULL },
	{ "", "list", SAME, NULL },
	{ "", "restore", SAME, NULL },
	{ "", "snapshot", SAME, "-B acts on the instance (trace-cmd 3.1.6 takes it and acts "
	  "on the top buffer)" },
	{ "", "stack", SAME, NULL },
	{ "", "check-events", SAME, "exits 1 when a format does not parse (trace-cmd 3.1.6 "
	  "computes that and exits 0)" },
	{ "", "dump", SAME, NULL },
	{ "", "convert", SAME, NULL },
};

/* The -h text of "tq cmd", or of "tq --help" for cmd "", malloc'd; NULL if none. */
static char *help_of(const char *cmd)
{
	char line[1024], self[512], *text = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t len = 0;
	FILE *p, *out;

	/* popen's shell is /proc/self/exe there: name this binary, quoted for it */
	if (n <= 0 || memchr(self, '\'', (size_t)n))
		return NULL;
	self[n] = 0;
	snprintf(line, sizeof(line), "'%s' %s %s 2>/dev/null", self, cmd, *cmd ? "-h" : "--help");
	fflush(NULL);
	p = popen(line, "r");
	if (!p)
		return NULL;
	out = open_memstream(&text, &len);
	if (!out) {
		pclose(p);
		return NULL;
	}
	while (fgets(line, sizeof(line), p))
		fputs(line, out);
	pclose(p);
	fclose(out);
	return text;
}

/* Does help (a -h text) list flag as an option, or (cmd "") as a command? */
static bool lists(const char *help, const char *flag, bool command)
{
	size_t n = strlen(flag);

	for (const char *p = help; p && (p = strstr(p, flag)); p += n) {
		char before = p == help ? ' ' : p[-1], after = p[n];

		if (command && !strncmp(p - (p - help >= 4 ? 4 : 0), "    ", 4) && after == ' ')
			return true;
		if (!command && (before == ' ' || before == ',' || before == '[') &&
		    (after == ' ' || after == ',' || after == '=' || after == '\n' || after == '['))
			return true;
	}
	return false;
}

static void print_row(const struct tc_map *m, const char *help, bool command)
{
	const char *tq = m->tq ? m->tq : m->tc;
	bool have = lists(help, tq, command);
	const char *note = !have ? "not in this tq" : m->note ? m->note : "";

	printf("  %-18s %-18s %s\n", m->tc, have ? tq : "-", note);
}

int cmd_help_trace_cmd(void)
{
	const char *last = NULL;
	char *help = help_of("");

	printf("trace-cmd 3.1.6 in tq: 'trace-cmd CMD ARGS' is 'tq CMD ARGS' unless said "
	       "below.\nSee tq-trace-cmd(1) for why tq differs where it does.\n\n"
	       "commands:\n  %-18s %-18s %s\n", "trace-cmd", "tq", "note");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		print_row(&commands[i], help, true);
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++) {
		if (!last || strcmp(last, map[i].cmd)) {
			free(help);
			help = help_of(map[i].cmd);
			last = map[i].cmd;
			printf("\n%s%s:\n  %-18s %-18s %s\n", map[i].cmd,
			       !strcmp(last, "record") ? " (and set, start, stream: the flags they "
							 "share)" : "", "trace-cmd", "tq", "note");
		}
		print_row(&map[i], help, false);
	}
	free(help);
	return 0;
}
