// SPDX-License-Identifier: GPL-2.0-or-later
/* Dynamic events: the easy form -> kernel definitions, and the plans that add/remove them. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tracefs/elfsym.h"
#include "tracefs/plan.h"
#include "tracefs/probe.h"
#include "util/suggest.h"
#include "tracefs/access.h"

/* A copied tracefs (--tracefs DIR) holds README but not the control files that README
 * lists, one per line as "  NAME<tab>- ...". */
static bool has_file(struct tq_tracefs *tfs, const char *name, const char *readme_entry)
{
	return tq_tracefs_exists(tfs, name) ||
	       (tq_tracefs_offline(tfs) && tq_tracefs_readme_has(tfs, readme_entry));
}

/* The fetch types the kernel's README lists ("type: s8/16/32/64, u8/16/32/64, ..."). */
static unsigned read_types(struct tq_tracefs *tfs)
{
	static const struct {
		const char *readme;
		unsigned type;
	} listed[] = {
		{ "x8/16/32/64", TQ_PROBE_TYPE_HEX },	{ ", char,", TQ_PROBE_TYPE_CHAR },
		{ "ustring", TQ_PROBE_TYPE_USTRING },	{ " symbol,", TQ_PROBE_TYPE_SYMBOL },
		{ "symstr", TQ_PROBE_TYPE_SYMSTR },	{ "b<bit-width>@", TQ_PROBE_TYPE_BITFIELD },
		{ "<array-size>", TQ_PROBE_TYPE_ARRAY }, { "%pd", TQ_PROBE_TYPE_PD },
	};
	unsigned types;
	size_t i;

	if (!tq_tracefs_readme_has(tfs, "type: s8/16/32/64"))
		return 0;
	types = TQ_PROBE_TYPE_LISTED;
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (tq_tracefs_readme_has(tfs, listed[i].readme))
			types |= listed[i].type;
	return types;
}

void tq_probe_caps_read(struct tq_tracefs *tfs, struct tq_probe_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->dynamic_events = has_file(tfs, "dynamic_events", "\n  dynamic_events\t");
	caps->kprobes = has_file(tfs, "kprobe_events", "\n  kprobe_events\t");
	caps->uprobes = has_file(tfs, "uprobe_events", "\n  uprobe_events\t");
	caps->synth = has_file(tfs, "synthetic_events", "events/synthetic_events\t");
	caps->synth_dynamic = caps->dynamic_events && tq_tracefs_readme_has(tfs, "s:[synthetic/]");
	caps->eprobes = caps->dynamic_events && tq_tracefs_readme_has(tfs, "e[:[<group>/]");
	caps->argn = caps->kprobes && tq_tracefs_readme_has(tfs, "$arg<N>");
	caps->argn_return = caps->argn &&
			    tq_tracefs_readme_has(tfs, "kernel return probes support: $retval, $arg");
	caps->live = !tq_tracefs_offline(tfs);
	caps->btf_args = caps->kprobes && tq_tracefs_readme_has(tfs, "<argname>");
	caps->types = read_types(tfs);
}

/*
 * A kprobe on a function the kernel does not have only gets a vague "Failed to register
 * probe event" back; say so before writing, with the nearest name. Silent (0) whenever
 * the check cannot be made: no /proc/kallsyms, a module symbol, an address.
 */
static int check_kernel_function(const char *place)
{
	char func[256], line[512], best[256] = "";
	size_t len = strcspn(place, "+"), best_dist = (size_t)-1, limit, seen = 0;
	FILE *f;

	if (len == 0 || len >= sizeof(func) || memchr(place, ':', len) ||
	    isdigit((unsigned char)place[0]))
		return 0;
	memcpy(func, place, len);
	func[len] = '\0';
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return 0;
	limit = len / 3 ? len / 3 : 1;
	while (fgets(line, sizeof(line), f)) {
		char type, name[256];
		size_t d;

		if (sscanf(line, "%*s %c %255s", &type, name) != 2 || !strchr("tTwW", type))
			continue;
		seen++;
		if (!strcmp(name, func)) {
			fclose(f);
			return 0;
		}
		/* names much longer or shorter cannot be near: skip the costly distance */
		d = strlen(name);
		if (d + limit < len || d > len + limit)
			continue;
		d = tq_edit_distance(func, name);
		if (d < best_dist) {
			best_dist = d;
			snprintf(best, sizeof(best), "%s", name);
		}
	}
	fclose(f);
	if (!seen)
		return 0;
	if (best_dist <= limit)
		return tq_fail(ENOENT, "the kernel has no function '%s' (did you mean '%s'?)", func,
			       best);
	return tq_fail(ENOENT, "the kernel has no function '%s'", func);
}

void tq_probe_release(struct tq_probe *probe)
{
	free(probe->system);
	free(probe->event);
	free(probe->definition);
	memset(probe, 0, sizeof(*probe));
}

static const char *default_group(enum tq_dyn_type type)
{
	switch (type) {
	case TQ_DYN_KPROBE:
	case TQ_DYN_KRETPROBE:
		return "kprobes";
	case TQ_DYN_UPROBE:
	case TQ_DYN_URETPROBE:
		return "uprobes";
	case TQ_DYN_EPROBE:
		return "eprobes";
	case TQ_DYN_SYNTH:
		return "synthetic";
	default:
		return "";
	}
}

const char *tq_probe_file(enum tq_dyn_type type, const struct tq_probe_caps *caps)
{
	switch (type) {
	case TQ_DYN_KPROBE:
	case TQ_DYN_KRETPROBE:
		return caps->dynamic_events ? "dynamic_events" : "kprobe_events";
	case TQ_DYN_UPROBE:
	case TQ_DYN_URETPROBE:
		return caps->dynamic_events ? "dynamic_events" : "uprobe_events";
	case TQ_DYN_SYNTH:
		return caps->synth_dynamic ? "dynamic_events" : "synthetic_events";
	default:
		return "dynamic_events";
	}
}

/* Is the kind there at all? -EOPNOTSUPP with the reason otherwise. */
static int check_supported(enum tq_dyn_type type, const struct tq_probe_caps *caps)
{
	const char *what = NULL;

	switch (type) {
	case TQ_DYN_KPROBE:
	case TQ_DYN_KRETPROBE:
		what = caps->kprobes ? NULL : "kprobes (no kprobe_events)";
		break;
	case TQ_DYN_UPROBE:
	case TQ_DYN_URETPROBE:
		what = caps->uprobes ? NULL : "uprobes (no uprobe_events)";
		break;
	case TQ_DYN_SYNTH:
		what = caps->synth ? NULL : "synthetic events (no synthetic_events)";
		break;
	case TQ_DYN_EPROBE:
		what = caps->eprobes ? NULL : "eprobes (its README does not describe them)";
		break;
	default:
		break;
	}
	if (what)
		return tq_fail(EOPNOTSUPP, "%s: not supported by this kernel", what);
	return 0;
}

static bool valid_name(const char *s, size_t n)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* "NAME" or "GROUP/NAME" into the probe's system and event. */
static int set_name(struct tq_probe *p, const char *name)
{
	const char *slash = strchr(name, '/');
	const char *ev = slash ? slash + 1 : name;

	if ((slash && !valid_name(name, slash - name)) || !valid_name(ev, strlen(ev)))
		return tq_fail(EINVAL, "bad event name '%s': letters, digits and '_', optionally "
			       "after GROUP/", name);
	if (p->type == TQ_DYN_SYNTH && slash && strncmp(name, "synthetic/", 10))
		return tq_fail(EINVAL, "synthetic events all belong to the group 'synthetic'");
	p->system = slash ? strndup(name, slash - name) : strdup(default_group(p->type));
	p->event = strdup(ev);
	return p->system && p->event ? 0 : -ENOMEM;
}

#if defined(__x86_64__)
/* The first six integer arguments of the System V AMD64 calling convention. */
static const char *const arg_regs[] = { "%di", "%si", "%dx", "%cx", "%r8", "%r9" };
#define NR_ARG_REGS 6
#else
static const char *const arg_regs[] = { NULL };
#define NR_ARG_REGS 0
#endif

/* Rewrite one "$argN" at s (length *used) into buf; 0 or -EINVAL. */
static int map_argn(const char *s, size_t *used, enum tq_dyn_type type,
		    const struct tq_probe_caps *caps, FILE *out)
{
	char *end;
	unsigned long n = strtoul(s + 4, &end, 10);
	bool ret_probe = type == TQ_DYN_KRETPROBE || type == TQ_DYN_URETPROBE;

	*used = end - s;
	if (type == TQ_DYN_KPROBE && caps->argn) {
		fwrite(s, 1, *used, out);
		return 0;
	}
	if (type == TQ_DYN_KRETPROBE && caps->argn_return) {
		fwrite(s, 1, *used, out);
		return 0;
	}
	if (ret_probe)
		return tq_fail(EINVAL, "$arg%lu is not available at function return on this "
			       "kernel: the registers no longer hold the arguments", n);
	if (n == 0)
		return tq_fail(EINVAL, "arguments count from $arg1");
	if (n > NR_ARG_REGS)
		return tq_fail(EINVAL, "$arg%lu is not passed in a register here: use "
			       "$stackN or a register", n);
	fputs(arg_regs[n - 1], out);
	return 0;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int tq_probe_fetch_arg(const char *arg, enum tq_dyn_type type, const struct tq_probe_caps *caps,
		       char **out)
{
	const char *fetch = arg, *eq = strchr(arg, '='), *s;
	char *buf = NULL;
	size_t len = 0, used;
	FILE *f;
	int ret = 0;

	if (eq && valid_name(arg, eq - arg))
		fetch = eq + 1;
	if (!*fetch)
		return tq_fail(EINVAL, "argument '%s' fetches nothing", arg);
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fwrite(arg, 1, fetch - arg, f);
	for (s = fetch; *s && !ret;) {
		/* eprobes read the fields of their event: a bare field name means $field */
		if (type == TQ_DYN_EPROBE && (s == fetch || s[-1] == '(') &&
		    (isalpha((unsigned char)*s) || *s == '_'))
			fputc('$', f);
		if (!strncmp(s, "$arg", 4) && isdigit((unsigned char)s[4]) &&
		    (s == fetch || !is_ident_char(s[-1]))) {
			ret = map_argn(s, &used, type, caps, f);
			if (!ret && is_ident_char(s[used]))
				ret = tq_fail(EINVAL, "bad fetch argument '%s'", arg);
			s += used;
		} else {
			fputc(*s++, f);
		}
	}
	if (fclose(f) && !ret)
		ret = -ENOMEM;
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	return 0;
}

/* Append " ARG" for each fetch argument; an "if" word starts the eprobe filter, kept as is. */
static int add_args(FILE *f, int argc, char **argv, enum tq_dyn_type type,
		    const struct tq_probe_caps *caps)
{
	int i, ret;

	for (i = 0; i < argc; i++) {
		char *arg;

		if (type == TQ_DYN_EPROBE && !strcmp(argv[i], "if")) {
			for (; i < argc; i++)
				fprintf(f, " %s", argv[i]);
			return 0;
		}
		ret = tq_probe_check_word(argv[i], "probe argument");
		if (!ret)
			ret = tq_probe_fetch_arg(argv[i], type, caps, &arg);
		if (ret)
			return ret;
		fprintf(f, " %s", arg);
		free(arg);
	}
	return 0;
}

/* "PATH:SYMBOL[+OFF]" or "PATH:0xOFF" -> "/real/path:0xOFF" */
static int uprobe_place(const char *place, FILE *f)
{
	const char *colon = strrchr(place, ':'), *spec;
	char path[PATH_MAX], *bin, *end;
	unsigned long long off, plus = 0;
	uint64_t symoff;
	int ret;

	if (!colon || colon == place || !colon[1] || colon[1] == '+')
		return tq_fail(EINVAL, "'%s': a uprobe goes at PATH:SYMBOL[+OFFSET] or "
			       "PATH:0xOFFSET", place);
	bin = strndup(place, colon - place);
	if (!bin)
		return -ENOMEM;
	/* the kernel resolves the path itself, maybe from another directory (--print) */
	if (!realpath(bin, path)) {
		ret = tq_fail(errno, "cannot find '%s': %s", bin, strerror(errno));
		free(bin);
		return ret;
	}
	free(bin);
	spec = colon + 1;
	if (isdigit((unsigned char)*spec)) {
		errno = 0;
		off = strtoull(spec, &end, 0);
		if (errno || *end)
			return tq_fail(EINVAL, "bad offset '%s' in '%s'", spec, place);
	} else {
		char *sym = strdup(spec), *p;

		if (!sym)
			return -ENOMEM;
		p = strchr(sym, '+');
		if (p) {
			*p++ = '\0';
			errno = 0;
			plus = strtoull(p, &end, 0);
			if (errno || *end || !*p) {
				free(sym);
				return tq_fail(EINVAL, "bad offset after '+' in '%s'", place);
			}
		}
		ret = tq_elf_symbol_offset(path, sym, &symoff);
		free(sym);
		if (ret)
			return ret;
		off = symoff + plus;
	}
	ret = tq_elf_check_code_offset(path, off);
	if (ret == -ERANGE && !isdigit((unsigned char)*spec)) {
		char why[1024];

		snprintf(why, sizeof(why), "%s", tq_errmsg(ret));
		return tq_fail(ERANGE, "%s ('%s' is at that offset)", why, spec);
	}
	if (ret)
		return ret;
	fprintf(f, " %s:0x%llx", path, off);
	return 0;
}

static int parse_kind(const char *word, enum tq_dyn_type *type)
{
	static const struct {
		const char *name;
		enum tq_dyn_type type;
	} kinds[] = {
		{ "kprobe", TQ_DYN_KPROBE },	   { "kretprobe", TQ_DYN_KRETPROBE },
		{ "uprobe", TQ_DYN_UPROBE },	   { "uretprobe", TQ_DYN_URETPROBE },
		{ "eprobe", TQ_DYN_EPROBE },	   { "synth", TQ_DYN_SYNTH },
		{ "synthetic", TQ_DYN_SYNTH },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(word, kinds[i].name)) {
			*type = kinds[i].type;
			return 0;
		}
	return -1;
}

/* The kernel's own syntax: "p:NAME ...", "r2:GRP/NAME ...", "e:", "s:", "f:", "t:" */
static bool is_raw(const char *word)
{
	const char *s = word + 1;

	if (!word[0] || !strchr("prseft", word[0]))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == ':' || *s == ' ' || *s == '\0';
}

static char *join(int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	for (i = 0; i < argc; i++)
		fprintf(f, "%s%s", i ? " " : "", argv[i]);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int build_raw(int argc, char **argv, const struct tq_probe_caps *caps,
		     struct tq_probe *out)
{
	struct tq_dynevent ev;
	char *def = join(argc, argv);
	const char *place;
	int ret;

	if (!def)
		return -ENOMEM;
	place = def + 1;
	while (isdigit((unsigned char)*place))
		place++;
	/* the kernel names a nameless probe itself, in a way we would have to guess */
	ret = *place == ':' ? tq_dynevent_parse(def, NULL, &ev) : -EINVAL;
	if (ret == -EINVAL)
		ret = tq_fail(EINVAL, "'%s': give the event a name ('%c:NAME ...') so that it can "
			      "be removed again", def, def[0]);
	free(def);
	if (ret)
		return ret;
	/* uprobes name a file; kprobe places never start with '/' */
	place = strchr(ev.definition, ' ');
	if (place && place[1] == '/' && ev.type == TQ_DYN_KPROBE)
		ev.type = TQ_DYN_UPROBE;
	else if (place && place[1] == '/' && ev.type == TQ_DYN_KRETPROBE)
		ev.type = TQ_DYN_URETPROBE;
	out->type = ev.type;
	if (!*ev.system) {
		free(ev.system);
		/* fprobes ("f:") and tracepoint probes ("t:") have groups of their own */
		if (ev.type == TQ_DYN_FPROBE)
			ev.system = strdup(ev.definition[0] == 't' ? "tracepoints" : "fprobes");
		else
			ev.system = strdup(default_group(ev.type));
	}
	out->system = ev.system;
	out->event = ev.event;
	out->definition = ev.definition;
	if (!out->system)
		return -ENOMEM;
	/* what the kernel takes too; checked here so that "-:SYSTEM/NAME" undoes it */
	if (!valid_name(out->event, strlen(out->event)) || strpbrk(out->system, ":/ "))
		return tq_fail(EINVAL, "bad event name '%s/%s' in '%s'", out->system, out->event,
			       out->definition);
	if (ev.type == TQ_DYN_SYNTH && !caps->synth_dynamic)
		return tq_fail(EOPNOTSUPP, "this kernel takes no 's:' definitions: use "
			       "'tq probe add synth NAME FIELDS'");
	return check_supported(ev.type, caps);
}

static int build_easy(enum tq_dyn_type type, int argc, char **argv,
		      const struct tq_probe_caps *caps, struct tq_probe *out)
{
	static const char *const usage[] = {
		[TQ_DYN_KPROBE] = "kprobe NAME FUNC[+OFFSET] [ARG]...",
		[TQ_DYN_KRETPROBE] = "kretprobe NAME FUNC [ARG]...",
		[TQ_DYN_UPROBE] = "uprobe NAME PATH:SYMBOL[+OFFSET] [ARG]...",
		[TQ_DYN_URETPROBE] = "uretprobe NAME PATH:SYMBOL [ARG]...",
		[TQ_DYN_EPROBE] = "eprobe NAME SYSTEM/EVENT [ARG]... [if FILTER]",
		[TQ_DYN_SYNTH] = "synth NAME 'TYPE FIELD; ...'",
	};
	char *buf = NULL, *target;
	size_t len = 0;
	FILE *f;
	int ret;

	out->type = type;
	if (argc < 3)
		return tq_fail(EINVAL, "usage: tq probe add %s", usage[type]);
	ret = check_supported(type, caps);
	if (!ret)
		ret = set_name(out, argv[1]);
	if (!ret && type != TQ_DYN_SYNTH)
		ret = tq_probe_check_word(argv[2], "probe place");
	if (ret)
		return ret;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	switch (type) {
	case TQ_DYN_KPROBE:
	case TQ_DYN_KRETPROBE:
		fprintf(f, "%c:%s/%s %s", type == TQ_DYN_KPROBE ? 'p' : 'r', out->system,
			out->event, argv[2]);
		ret = caps->live ? check_kernel_function(argv[2]) : 0;
		if (!ret) {
			struct tq_probe_caps at = *caps;

			/* the kernel takes $arg<N> only at the function's entry ("Invalid
			 * $-variable"): past it, the registers that passed them */
			if (strchr(argv[2], '+') && strtoul(strchr(argv[2], '+') + 1, NULL, 0))
				at.argn = false;
			ret = add_args(f, argc - 3, argv + 3, type, &at);
		}
		break;
	case TQ_DYN_UPROBE:
	case TQ_DYN_URETPROBE:
		fprintf(f, "%c:%s/%s", type == TQ_DYN_UPROBE ? 'p' : 'r', out->system, out->event);
		ret = uprobe_place(argv[2], f);
		if (!ret)
			ret = add_args(f, argc - 3, argv + 3, type, caps);
		break;
	case TQ_DYN_EPROBE:
		target = strdup(argv[2]);
		if (!target) {
			ret = -ENOMEM;
			break;
		}
		/* README spells the attached event SYSTEM.EVENT; accept the usual '/' too */
		if (strchr(target, '/'))
			*strchr(target, '/') = '.';
		if (!strchr(target, '.'))
			ret = tq_fail(EINVAL, "'%s': an eprobe attaches to SYSTEM/EVENT", argv[2]);
		fprintf(f, "e:%s/%s %s", out->system, out->event, target);
		free(target);
		if (!ret)
			ret = add_args(f, argc - 3, argv + 3, type, caps);
		break;
	case TQ_DYN_SYNTH:
		target = join(argc - 2, argv + 2);
		if (!target) {
			ret = -ENOMEM;
			break;
		}
		if (caps->synth_dynamic)
			fprintf(f, "s:%s/%s %s", out->system, out->event, target);
		else
			fprintf(f, "%s %s", out->event, target);
		free(target);
		break;
	default:
		ret = -EINVAL;
	}
	if (fclose(f) && !ret)
		ret = -ENOMEM;
	out->definition = buf;
	return ret;
}

int tq_probe_build(int argc, char **argv, const struct tq_probe_caps *caps,
		   struct tq_probe *out)
{
	enum tq_dyn_type type;
	int ret;

	memset(out, 0, sizeof(*out));
	if (argc < 1)
		return tq_fail(EINVAL, "nothing to add");
	for (int i = 0; i < argc; i++) {
		ret = tq_probe_check_text(argv[i], "probe argument");
		if (ret)
			return ret;
	}
	if (!parse_kind(argv[0], &type))
		ret = build_easy(type, argc, argv, caps, out);
	else if (argv[0][0] == '-')
		ret = tq_fail(EINVAL, "'%s' removes an event: use 'tq probe remove'", argv[0]);
	else if (is_raw(argv[0]))
		ret = build_raw(argc, argv, caps, out);
	else
		ret = tq_fail(EINVAL, "unknown probe kind '%s' (kprobe, kretprobe, uprobe, "
			      "uretprobe, eprobe, synth, or a kernel definition like "
			      "'p:NAME FUNC')", argv[0]);
	if (!ret)
		ret = tq_probe_check_definition(out->definition, out->type, caps);
	if (ret)
		tq_probe_release(out);
	return ret;
}

static int read_file_events(struct tq_tracefs *tfs, const char *file, bool legacy,
			    struct tq_probe_list *list)
{
	char *text, *line, *save = NULL;
	int ret = tq_tracefs_read(tfs, file, &text, NULL);

	if (ret)
		return ret == -ENOENT ? 0 : ret;
	for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		struct tq_dynevent ev, *grown;
		char *tab;

		/* synthetic events read back as "s:synthetic/NAME<tab>FIELDS" */
		while ((tab = strchr(line, '\t')))
			*tab = ' ';
		if (tq_dynevent_parse(line, legacy ? file : NULL, &ev))
			continue;
		grown = realloc(list->items, (list->len + 1) * sizeof(*grown));
		if (!grown || tq_strlist_add(&list->files, file)) {
			if (grown)
				list->items = grown;
			tq_dynevent_release(&ev);
			ret = -ENOMEM;
			break;
		}
		list->items = grown;
		list->items[list->len++] = ev;
	}
	free(text);
	return ret;
}

int tq_probe_list_read(struct tq_tracefs *tfs, struct tq_probe_list *list)
{
	static const char *const legacy[] = { "kprobe_events", "uprobe_events",
					      "synthetic_events" };
	size_t i;
	int ret = 0;

	memset(list, 0, sizeof(*list));
	tq_strlist_init(&list->files);
	if (tq_tracefs_exists(tfs, "dynamic_events"))
		ret = read_file_events(tfs, "dynamic_events", false, list);
	else
		for (i = 0; i < 3 && !ret; i++)
			ret = read_file_events(tfs, legacy[i], true, list);
	if (ret)
		tq_probe_list_release(list);
	return ret;
}

void tq_probe_list_release(struct tq_probe_list *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		tq_dynevent_release(&list->items[i]);
	free(list->items);
	tq_strlist_release(&list->files);
	memset(list, 0, sizeof(*list));
}

long tq_probe_list_find(const struct tq_probe_list *list, const char *name)
{
	const char *slash = strchr(name, '/');
	long found = -1;
	size_t i;

	for (i = 0; i < list->len; i++) {
		const struct tq_dynevent *ev = &list->items[i];
		bool match = slash ? !strncmp(ev->system, name, slash - name) &&
					     !ev->system[slash - name] && !strcmp(ev->event, slash + 1)
				   : !strcmp(ev->event, name);

		if (match && found >= 0)
			return -2;
		if (match)
			found = i;
	}
	return found;
}

/* What removes an event from the file it is defined in. */
static char *removal_text(const char *system, const char *event, const char *file)
{
	char *text;

	if (!strcmp(file, "synthetic_events"))
		return asprintf(&text, "!%s", event) < 0 ? NULL : text;
	return asprintf(&text, "-:%s/%s", system, event) < 0 ? NULL : text;
}

/* The event an eprobe attaches to ("e:G/N SYSTEM.EVENT ...") must exist: checked where
 * the tracefs lists its events (a copy may hold README only). */
static int check_attached(struct tq_tracefs *tfs, const struct tq_probe *probe)
{
	const char *target = strchr(probe->definition, ' ');
	char *path;
	size_t n;
	int ret = 0;

	if (!target || !tq_tracefs_exists(tfs, "events"))
		return 0;
	target++;
	n = strcspn(target, " ");
	if (asprintf(&path, "events/%.*s", (int)n, target) < 0)
		return -ENOMEM;
	if (strchr(path, '.'))
		*strchr(path, '.') = '/';
	if (!tq_tracefs_exists(tfs, path))
		ret = tq_fail(ENOENT, "eprobe '%s/%s' attaches to '%s', an event this kernel does "
			      "not have (tq list -e shows them)", probe->system, probe->event,
			      path + 7);
	free(path);
	return ret;
}

int tq_probe_plan_add(struct tq_tracefs *tfs, const struct tq_probe *probe,
		      const struct tq_probe_caps *caps, struct tq_plan *plan)
{
	const char *file = tq_probe_file(probe->type, caps);
	struct tq_probe_list list;
	char *name, *undo;
	long found;
	int ret = tq_probe_list_read(tfs, &list);

	if (ret)
		return tq_fail(-ret, "cannot read the dynamic events: %s", tq_errmsg(ret));
	if (asprintf(&name, "%s/%s", probe->system, probe->event) < 0) {
		tq_probe_list_release(&list);
		return -ENOMEM;
	}
	found = tq_probe_list_find(&list, name);
	tq_probe_list_release(&list);
	ret = probe->type == TQ_DYN_EPROBE ? check_attached(tfs, probe) : 0;
	if (ret) {
		free(name);
		return ret;
	}
	if (found != -1) {
		ret = tq_fail(EEXIST, "event '%s' already exists ('tq probe remove %s' first)",
			      name, name);
		free(name);
		return ret;
	}
	free(name);
	undo = removal_text(probe->system, probe->event, file);
	if (!undo)
		return -ENOMEM;
	ret = tq_plan_append(plan, file, probe->definition, undo, 0);
	free(undo);
	return ret;
}

/* Instance directories ("" first, then "instances/NAME/"). */
static int buffer_dirs(struct tq_tracefs *tfs, struct tq_strlist *dirs)
{
	char *path = tq_tracefs_path(tfs, "instances");
	struct dirent *de;
	DIR *d;
	int ret = tq_strlist_add(dirs, "");

	if (!path)
		return -ENOMEM;
	d = opendir(path);
	free(path);
	while (!ret && d && (de = readdir(d))) {
		char *rel;

		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		ret = asprintf(&rel, "instances/%s/", de->d_name) < 0 ? -ENOMEM
								     : tq_strlist_take(dirs, rel);
	}
	if (d)
		closedir(d);
	return ret;
}

/* The kernel refuses to remove an enabled event (EBUSY): switch it off where it is on. */
static int plan_disable(struct tq_tracefs *tfs, const struct tq_dynevent *ev,
			struct tq_plan *plan)
{
	struct tq_strlist dirs;
	size_t d;
	int ret;

	tq_strlist_init(&dirs);
	ret = buffer_dirs(tfs, &dirs);
	for (d = 0; !ret && d < dirs.len; d++) {
		char rel[1024], *val;

		snprintf(rel, sizeof(rel), "%sevents/%s/%s/enable", dirs.items[d], ev->system,
			 ev->event);
		if (tq_tracefs_read(tfs, rel, &val, NULL))
			continue;
		if (val[0] == '1')
			ret = tq_plan_write(plan, rel, "0", 0);
		free(val);
	}
	tq_strlist_release(&dirs);
	return ret;
}

const char *tq_probe_removed_name(const struct tq_step *s)
{
	if (s->op != TQ_STEP_APPEND || !s->text)
		return NULL;
	if (!strncmp(s->text, "-:", 2))
		return s->text + 2;
	if (s->text[0] == '!' && !strcmp(s->path, "synthetic_events"))
		return s->text + 1;
	return NULL;
}

int tq_probe_plan_disable_removed(struct tq_tracefs *tfs, const struct tq_plan *removal,
				  struct tq_plan *plan)
{
	struct tq_probe_list list;
	int ret = tq_probe_list_read(tfs, &list);

	if (ret)
		return ret == -ENOENT ? 0 : ret;
	for (size_t i = 0; !ret && i < removal->len; i++) {
		const char *name = tq_probe_removed_name(&removal->steps[i]);
		long found = name ? tq_probe_list_find(&list, name) : -1;

		if (found >= 0)
			ret = plan_disable(tfs, &list.items[found], plan);
	}
	tq_probe_list_release(&list);
	return ret;
}

int tq_probe_plan_remove(struct tq_tracefs *tfs, const struct tq_probe_list *list, size_t i,
			 struct tq_plan *plan)
{
	const struct tq_dynevent *ev = &list->items[i];
	char *text;
	int ret = plan_disable(tfs, ev, plan);

	if (ret)
		return ret;
	text = removal_text(ev->system, ev->event, list->files.items[i]);
	if (!text)
		return -ENOMEM;
	ret = tq_plan_append(plan, list->files.items[i], text, ev->definition, 0);
	free(text);
	return ret;
}

/* Does line name the event as a word ("kprobes.myopen", "trace(wake_lat,", ...)? */
static bool mentions(const char *line, const char *event)
{
	size_t n = strlen(event);
	const char *p;

	for (p = strstr(line, event); p; p = strstr(p + 1, event))
		if ((p == line || !is_ident_char(p[-1])) && !is_ident_char(p[n]))
			return true;
	return false;
}

long tq_probe_attached(const struct tq_probe_list *list, size_t i)
{
	const struct tq_dynevent *ep = &list->items[i];
	const char *target, *dot;
	size_t n, slen;

	if (ep->type != TQ_DYN_EPROBE)
		return -1;
	/* "e:eprobes/NAME SYSTEM.EVENT ARGS...": the second word names the attached event */
	target = ep->definition + strcspn(ep->definition, " ");
	target += strspn(target, " ");
	n = strcspn(target, " ");
	dot = memchr(target, '.', n);
	if (!dot)
		return -1;
	slen = (size_t)(dot - target);
	for (size_t j = 0; j < list->len; j++) {
		const struct tq_dynevent *ev = &list->items[j];

		if (j != i && strlen(ev->system) == slen && !strncmp(ev->system, target, slen) &&
		    strlen(ev->event) == n - slen - 1 && !strncmp(ev->event, dot + 1, n - slen - 1))
			return (long)j;
	}
	return -1;
}

/* "eprobes/NAME: e:..." for each eprobe attached to ev (the kernel's EBUSY too). */
static int eprobe_users(struct tq_tracefs *tfs, const struct tq_dynevent *ev,
			struct tq_strlist *where)
{
	struct tq_probe_list list;
	long self = -1;
	int ret = tq_probe_list_read(tfs, &list);

	if (ret)
		return ret;
	for (size_t i = 0; i < list.len; i++)
		if (!strcmp(list.items[i].system, ev->system) &&
		    !strcmp(list.items[i].event, ev->event))
			self = (long)i;
	for (size_t i = 0; !ret && self >= 0 && i < list.len; i++) {
		char *entry;

		if (tq_probe_attached(&list, i) != self)
			continue;
		ret = asprintf(&entry, "%s/%s is attached to it: %s", list.items[i].system,
			       list.items[i].event, list.items[i].definition) < 0
			      ? -ENOMEM
			      : tq_strlist_take(where, entry);
	}
	tq_probe_list_release(&list);
	return ret;
}

int tq_probe_users(struct tq_tracefs *tfs, const struct tq_dynevent *ev,
		   struct tq_strlist *where)
{
	struct tq_strlist dirs;
	size_t d, j;
	char *self;
	int ret;

	if (asprintf(&self, "%s/%s", ev->system, ev->event) < 0)
		return -ENOMEM;
	tq_strlist_init(&dirs);
	ret = buffer_dirs(tfs, &dirs);
	for (d = 0; !ret && d < dirs.len; d++) {
		struct tq_strlist events, lines;

		tq_strlist_init(&events);
		tq_strlist_init(&lines);
		ret = tq_scan_event_files(tfs, dirs.items[d], "trigger", &events, &lines);
		for (j = 0; !ret && j < events.len; j++) {
			char *entry;

			if (strcmp(events.items[j], self) && !mentions(lines.items[j], ev->event))
				continue;
			ret = asprintf(&entry, "%sevents/%s/trigger: %s", dirs.items[d],
				       events.items[j], lines.items[j]) < 0
				      ? -ENOMEM
				      : tq_strlist_take(where, entry);
		}
		tq_strlist_release(&events);
		tq_strlist_release(&lines);
	}
	tq_strlist_release(&dirs);
	free(self);
	return ret ? ret : eprobe_users(tfs, ev, where);
}

/* "p:GRP/NAME /path:0x0000000000001234(0x10) ARGS": the path and the offset, or -EINVAL */
static int uprobe_location(const char *definition, char **path, uint64_t *offset)
{
	const char *place = strchr(definition, ' '), *colon, *end;
	char *stop;

	if (!place)
		return -EINVAL;
	place++;
	end = place + strcspn(place, " (");
	for (colon = end; colon > place && *colon != ':'; colon--)
		;
	if (colon == place || !isdigit((unsigned char)colon[1]))
		return -EINVAL;
	errno = 0;
	*offset = strtoull(colon + 1, &stop, 0);
	if (errno || stop != end)
		return -EINVAL;
	*path = strndup(place, colon - place);
	return *path ? 0 : -ENOMEM;
}

int tq_probe_find_bad(struct tq_tracefs *tfs, const char *system, const char *event,
		      struct tq_strlist *why)
{
	struct tq_probe_list list;
	size_t i;
	int ret;

	/* the paths name files of this machine only when tfs is its live tracefs */
	if (tq_tracefs_offline(tfs))
		return 0;
	ret = tq_probe_list_read(tfs, &list);
	for (i = 0; !ret && i < list.len; i++) {
		const struct tq_dynevent *ev = &list.items[i];
		uint64_t offset;
		char *path, *line;
		int bad;

		if ((ev->type != TQ_DYN_UPROBE && ev->type != TQ_DYN_URETPROBE) ||
		    (system && strcmp(system, ev->system)) || (event && strcmp(event, ev->event)))
			continue;
		if (uprobe_location(ev->definition, &path, &offset))
			continue;
		/* a file gone from its path proves nothing: the kernel holds the inode */
		bad = tq_elf_check_code_offset(path, offset) == -ERANGE ? -ERANGE : 0;
		if (bad && asprintf(&line, "%s/%s: %s", ev->system, ev->event, tq_errmsg(bad)) < 0)
			ret = -ENOMEM;
		else if (bad)
			ret = tq_strlist_take(why, line);
		free(path);
	}
	tq_probe_list_release(&list);
	return ret;
}

int tq_probe_remove_all(struct tq_tracefs *tfs, const struct tq_plan *removal)
{
	struct tq_plan steps;
	int ret;

	tq_plan_init(&steps);
	ret = tq_probe_plan_disable_removed(tfs, removal, &steps);
	if (!ret)
		ret = tq_plan_concat(&steps, removal);
	if (!ret)
		ret = tq_plan_undo(&steps, tfs);
	tq_plan_release(&steps);
	return ret;
}
