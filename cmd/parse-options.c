// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "parse-options.h"
#include "tracefs/access.h"
#include "util/diag.h"
#include "util/strlist.h"

static bool takes_arg(const struct option *o)
{
	switch (o->type) {
	case OPT_STRING:
	case OPT_INT:
		return true;
	case OPT_CALLBACK:
		return !(o->flags & OPT_NOARG);
	default:
		return false;
	}
}

static void option_name(const struct option *o, bool as_long, char *buf, size_t size)
{
	if (as_long || !o->short_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
}

static int set_value(const struct option *o, const char *arg, bool negated, bool as_long,
		     void *ctx)
{
	char name[64];
	char *end;
	long v;

	option_name(o, as_long, name, sizeof(name));
	switch (o->type) {
	case OPT_BOOL:
		*(bool *)o->value = !negated;
		return 0;
	case OPT_COUNT:
		*(int *)o->value += 1;
		return 0;
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_INT:
		errno = 0;
		v = strtol(arg, &end, 0);
		if (errno || end == arg || *end || v < INT_MIN || v > INT_MAX)
			return error("option '%s' expects a number, not '%s'", name, arg);
		*(int *)o->value = (int)v;
		return 0;
	case OPT_CALLBACK:
		return o->callback(o, arg, ctx) < 0 ? -1 : 0;
	default:
		return -1;
	}
}

static const struct option *find_short(const struct option *opts, int c)
{
	for (; opts->type != OPT_END; opts++)
		if (opts->type != OPT_GROUP && opts->short_name == c)
			return opts;
	return NULL;
}

static const struct option *find_long(const struct option *opts, const char *name, size_t len,
				      bool *negated)
{
	const struct option *o;

	*negated = false;
	for (o = opts; o->type != OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	if (len > 3 && !strncmp(name, "no-", 3)) {
		for (o = opts; o->type != OPT_END; o++)
			if (o->type == OPT_BOOL && o->long_name && strlen(o->long_name) == len - 3 &&
			    !strncmp(o->long_name, name + 3, len - 3)) {
				*negated = true;
				return o;
			}
	}
	return NULL;
}

static int optional_arg(const struct option *o, int argc, char **argv, int *i)
{
	if (!(o->flags & OPT_OPTARG) || (o->flags & OPT_ATTACHED))
		return 0;
	return *i + 1 < argc && argv[*i + 1][0] != '-';
}

static int parse_long(const struct option *opts, int argc, char **argv, int *i, void *ctx)
{
	const char *word = argv[*i] + 2;
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const char *arg = NULL;
	const struct option *o;
	bool negated;

	o = find_long(opts, word, len, &negated);
	if (!o)
		return error("unknown option '--%.*s'", (int)len, word);
	if (takes_arg(o)) {
		if (eq) {
			arg = eq + 1;
		} else if ((o->flags & (OPT_OPTARG | OPT_ATTACHED)) &&
			   !optional_arg(o, argc, argv, i)) {
			arg = NULL;
		} else {
			if (*i + 1 >= argc)
				return error("option '--%s' needs a value (%s)", o->long_name,
					     o->argh ? o->argh : "value");
			arg = argv[++*i];
		}
	} else if (eq) {
		return error("option '--%s' takes no value", o->long_name);
	}
	return set_value(o, arg, negated, true, ctx);
}

static int parse_short(const struct option *opts, int argc, char **argv, int *i, void *ctx)
{
	const char *p = argv[*i] + 1;

	for (; *p; p++) {
		const struct option *o = find_short(opts, *p);
		const char *arg = NULL;

		if (!o)
			return error("unknown option '-%c'", *p);
		if (takes_arg(o)) {
			if (p[1]) {
				arg = p + 1;
			} else if ((o->flags & (OPT_OPTARG | OPT_ATTACHED)) &&
				   !optional_arg(o, argc, argv, i)) {
				arg = NULL;
			} else {
				if (*i + 1 >= argc)
					return error("option '-%c' needs a value (%s)", *p,
						     o->argh ? o->argh : "value");
				arg = argv[++*i];
			}
			return set_value(o, arg, false, false, ctx);
		}
		if (set_value(o, NULL, false, false, ctx))
			return -1;
	}
	return 0;
}

static bool is_help(const char *w)
{
	return !strcmp(w, "-h") || !strcmp(w, "--help");
}

int parse_options(int argc, char **argv, const struct option *opts,
		  const char *const *usage, unsigned flags, void *ctx)
{
	int nargs = 0;
	int i;

	for (i = 1; i < argc; i++) {
		char *w = argv[i];

		if (!strcmp(w, "--")) {
			for (i++; i < argc; i++)
				argv[nargs++] = argv[i];
			break;
		}
		if (w[0] != '-' || !w[1]) {
			if (flags & PARSE_OPT_STOP_AT_NON_OPTION) {
				for (; i < argc; i++)
					argv[nargs++] = argv[i];
				break;
			}
			argv[nargs++] = w;
			continue;
		}
		if (is_help(w) && !(w[1] == 'h' && find_short(opts, 'h'))) {
			print_usage(stdout, usage, opts);
			return PARSE_OPT_HELP;
		}
		if ((w[1] == '-' ? parse_long(opts, argc, argv, &i, ctx) :
				   parse_short(opts, argc, argv, &i, ctx)) < 0) {
			fprintf(stderr, "see 'tq %s -h' for the options\n", tq_cmd_name);
			return PARSE_OPT_ERROR;
		}
	}
	argv[nargs] = NULL;
	if (nargs && (flags & PARSE_OPT_NO_ARGS)) {
		error("unexpected argument '%s'", argv[0]);
		fprintf(stderr, "see 'tq %s -h' for the options\n", tq_cmd_name);
		return PARSE_OPT_ERROR;
	}
	return nargs;
}

int parse_opt_instance(const struct option *opt, const char *arg, void *ctx)
{
	int ret = tq_instance_name_check(arg);

	if (ret)
		return error("%s", tq_errmsg(ret));
	return tq_strlist_add(opt->value, arg) ? error("out of memory") : 0;
}

int parse_options_exit(int result)
{
	return result == PARSE_OPT_HELP ? 0 : fail_usage();
}

void print_usage(FILE *out, const char *const *usage, const struct option *opts)
{
	const struct option *o;

	fprintf(out, "usage: %s\n", *usage++);
	while (*usage && **usage)
		fprintf(out, "   or: %s\n", *usage++);
	/* after an empty line: free text describing the command */
	if (*usage) {
		fputc('\n', out);
		for (usage++; *usage; usage++)
			fprintf(out, "%s%s\n", **usage ? "    " : "", *usage);
	}
	if (opts->type != OPT_END && opts->type != OPT_GROUP)
		fputc('\n', out);
	for (o = opts; o->type != OPT_END; o++) {
		char left[96];
		int n = 0;

		if (o->type == OPT_GROUP) {
			fprintf(out, "\n%s\n", o->help);
			continue;
		}
		if (o->flags & OPT_HIDDEN)
			continue;
		if (o->short_name && o->long_name)
			n = snprintf(left, sizeof(left), "-%c, --%s", o->short_name, o->long_name);
		else if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c", o->short_name);
		else
			n = snprintf(left, sizeof(left), "    --%s", o->long_name);
		if (takes_arg(o) && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - n, (o->flags & (OPT_OPTARG | OPT_ATTACHED)) ?
				 " [%s]" : " %s",
				 o->argh ? o->argh : "VALUE");
		if (strlen(left) > 24)
			fprintf(out, "    %s\n%30s%s\n", left, "", o->help);
		else
			fprintf(out, "    %-24s  %s\n", left, o->help);
	}
}
