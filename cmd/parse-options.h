/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PARSE_OPTIONS_H
#define TQ_PARSE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

/*
 * One table per command drives both parsing and --help, as in git. Short options may be
 * bundled (-vt); long options take "--name=value" or "--name value"; "--" ends options.
 */
enum opt_type {
	OPT_END,
	OPT_GROUP,	/* a heading in --help */
	OPT_BOOL,	/* bool *; --no-name sets false */
	OPT_COUNT,	/* int *, incremented (-v -v) */
	OPT_STRING,	/* const char ** */
	OPT_INT,	/* int *, decimal or 0x hex */
	OPT_CALLBACK,	/* cb(opt, arg, ctx); arg NULL for options without an argument */
};

enum opt_flags {
	OPT_NOARG = 1 << 0,	/* CALLBACK without an argument */
	OPT_OPTARG = 1 << 1,	/* the argument is optional: taken from the next word only if
				 * that does not start with '-' (trace-cmd's `list -e [regex]`) */
	OPT_HIDDEN = 1 << 2,
	OPT_ATTACHED = 1 << 3,	/* an optional argument, only when attached: -V4,
				 * --verbose=4 (getopt's "V::") */
};

struct option;
typedef int (*opt_cb)(const struct option *opt, const char *arg, void *ctx);

struct option {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
	unsigned flags;
	opt_cb callback;
};

#define OPT_END() { .type = OPT_END }
#define OPT_GROUP(h) { .type = OPT_GROUP, .help = (h) }
#define OPT_BOOL(s, l, v, h) { .type = OPT_BOOL, .short_name = (s), .long_name = (l), \
	.value = (v), .help = (h) }
#define OPT_COUNT(s, l, v, h) { .type = OPT_COUNT, .short_name = (s), .long_name = (l), \
	.value = (v), .help = (h) }
#define OPT_STRING(s, l, v, a, h) { .type = OPT_STRING, .short_name = (s), .long_name = (l), \
	.value = (v), .argh = (a), .help = (h) }
#define OPT_INT(s, l, v, a, h) { .type = OPT_INT, .short_name = (s), .long_name = (l), \
	.value = (v), .argh = (a), .help = (h) }
#define OPT_CALLBACK(s, l, a, h, cb) { .type = OPT_CALLBACK, .short_name = (s), \
	.long_name = (l), .argh = (a), .help = (h), .callback = (cb) }
/* -B NAME, repeatable: each a valid instance name, added to the struct tq_strlist *l */
#define OPT_INSTANCES(s, l, list, h) { .type = OPT_CALLBACK, .short_name = (s), \
	.long_name = (l), .value = (list), .argh = "NAME", .help = (h), \
	.callback = parse_opt_instance }
#define OPT_CALLBACK_F(s, l, a, h, cb, f) { .type = OPT_CALLBACK, .short_name = (s), \
	.long_name = (l), .argh = (a), .help = (h), .callback = (cb), .flags = (f) }

enum parse_opt_flags {
	/* stop at the first non-option word (commands that take a command to run) */
	PARSE_OPT_STOP_AT_NON_OPTION = 1 << 0,
	/* the command takes no words besides its options: a stray word is a usage error */
	PARSE_OPT_NO_ARGS = 1 << 1,
};

/* parse_options() results below zero */
enum {
	PARSE_OPT_HELP = -2,	/* -h/--help was printed to stdout: exit 0 */
	PARSE_OPT_ERROR = -1,	/* the problem was printed to stderr: exit TQ_EXIT_USAGE */
};

/*
 * Parse argv[1..] (argv[0] is the command name). Returns the number of words left,
 * moved to argv[0..n-1], or PARSE_OPT_HELP/PARSE_OPT_ERROR. ctx is passed to callbacks;
 * a callback returns 0, or -1 after printing the problem with error().
 */
int parse_options(int argc, char **argv, const struct option *opts,
		  const char *const *usage, unsigned flags, void *ctx);
/* What a command returns for a negative parse_options() result: 0 after --help, else -1. */
int parse_options_exit(int result);
/* The callback of OPT_INSTANCES. */
int parse_opt_instance(const struct option *opt, const char *arg, void *ctx);
void print_usage(FILE *out, const char *const *usage, const struct option *opts);

#endif
