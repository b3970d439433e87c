// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syntax of dynamic event definitions, checked before anything is printed or written.
 * The kernel reads dynamic_events one command per line and splits each at blanks: a line
 * break in an argument is a second command ("-:kprobes/other"), a blank a second argument.
 * So every definition is checked word by word against the grammar of
 * Documentation/trace/kprobetrace.rst, uprobetracer.rst and the eprobe section of the
 * tracefs README, and the types against what the target's README lists.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/caret.h"
#include "util/diag.h"
#include "tracefs/probe.h"

/* The definition (or word) being checked, for messages with a caret. */
struct spot {
	const char *text;
	const char *what;	/* "probe definition", "probe argument" */
};

/* "bad WHAT: WHY at byte N", then the text with a caret under byte at. */
static int fail_at(const struct spot *sp, size_t at, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return tq_fail_at(sp->what, sp->text, at, why, NULL);
}

static int check_bytes(const char *text, const char *what, bool blanks)
{
	const struct spot sp = { text, what };
	size_t i;

	for (i = 0; text[i]; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n' || c == '\r')
			return fail_at(&sp, i, "a line break would start a second command");
		if (c < 0x20 || c == 0x7f)
			return fail_at(&sp, i, "control character 0x%02x", c);
		if (c == ' ' && !blanks)
			return fail_at(&sp, i, "a blank would split it into two arguments");
	}
	return 0;
}

int tq_probe_check_text(const char *text, const char *what)
{
	return check_bytes(text, what, true);
}

int tq_probe_check_word(const char *word, const char *what)
{
	return check_bytes(word, what, false);
}

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static size_t ident_len(const char *s)
{
	size_t n = 0;

	if (!ident_start(s[0]))
		return 0;
	while (ident_char(s[n]))
		n++;
	return n;
}

/* Decimal or 0x hex digits at s; their count (0: none). */
static size_t number_len(const char *s)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		n = 2;
		while (isxdigit((unsigned char)s[n]))
			n++;
		return n > 2 ? n : 0;
	}
	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* A kernel symbol: an identifier, maybe with compiler suffixes ("foo.isra.0"). */
static size_t symbol_len(const char *s)
{
	size_t n = ident_len(s);

	while (n && s[n] == '.' && ident_char(s[n + 1])) {
		n++;
		while (ident_char(s[n]))
			n++;
	}
	return n;
}

struct fetch_ctx {
	const struct spot *sp;
	size_t base;		/* offset of the word in sp->text */
	enum tq_dyn_type type;
	const struct tq_probe_caps *caps;
	int depth;
};

static bool is_return(enum tq_dyn_type type)
{
	return type == TQ_DYN_KRETPROBE || type == TQ_DYN_URETPROBE;
}

/* One FETCHARG at s; *used is its length. */
static int check_fetch(struct fetch_ctx *c, const char *word, size_t at, size_t *used)
{
	const char *s = word + at;
	size_t n, inner;
	int ret;

	if (++c->depth > 16)
		return fail_at(c->sp, c->base + at, "dereferences nested too deep");
	switch (s[0]) {
	case '%':
		n = 1;
		while (isalnum((unsigned char)s[n]))
			n++;
		if (n == 1)
			return fail_at(c->sp, c->base + at, "a register name after '%%'");
		*used = n;
		break;
	case '$':
		n = 1 + ident_len(s + 1);
		if (n == 1)
			return fail_at(c->sp, c->base + at, "a variable name after '$'");
		if (c->type == TQ_DYN_EPROBE) {
			/* $FIELD of the attached event (the kernel checks the field) */
		} else if (!strncmp(s, "$stack", 6) && (n == 6 || number_len(s + 6) == n - 6)) {
		} else if (!strncmp(s, "$arg", 4) && n > 4 && number_len(s + 4) == n - 4) {
		} else if (n == 5 && !strncmp(s, "$comm", 5)) {
		} else if (n == 7 && !strncmp(s, "$retval", 7)) {
			if (!is_return(c->type) && c->type != TQ_DYN_FPROBE)
				return fail_at(c->sp, c->base + at,
					       "$retval is only known at a function's return "
					       "(kretprobe, uretprobe)");
		} else {
			return fail_at(c->sp, c->base + at, "unknown variable '%.*s' ($argN, "
				       "$retval, $comm, $stack, $stackN)", (int)n, s);
		}
		*used = n;
		break;
	case '@':
		n = 1;
		if (s[1] == '+' && (c->type == TQ_DYN_UPROBE || c->type == TQ_DYN_URETPROBE))
			n = 2 + number_len(s + 2);
		else if (isdigit((unsigned char)s[1]))
			n = 1 + number_len(s + 1);
		else if ((inner = symbol_len(s + 1))) {
			n = 1 + inner;
			if (s[n] == '+' || s[n] == '-') {
				inner = number_len(s + n + 1);
				if (!inner)
					return fail_at(c->sp, c->base + at + n + 1,
						       "an offset after '%c'", s[n]);
				n += 1 + inner;
			}
		}
		if (n == 1 || (s[1] == '+' && n == 2))
			return fail_at(c->sp, c->base + at, "an address or symbol after '@'");
		*used = n;
		break;
	case '+':
	case '-':
		n = 1 + (s[1] == 'u');
		inner = number_len(s + n);
		if (!inner)
			return fail_at(c->sp, c->base + at + n, "an offset, as in +8(%%di)");
		n += inner;
		if (s[n] != '(')
			return fail_at(c->sp, c->base + at + n,
				       "'(' after the offset: OFFSET(FETCHARG) dereferences");
		ret = check_fetch(c, word, at + n + 1, &inner);
		if (ret)
			return ret;
		n += 1 + inner;
		if (s[n] != ')')
			return fail_at(c->sp, c->base + at + n, "')' to close the dereference");
		*used = n + 1;
		break;
	case '\\':
		if (s[1] == '"') {
			const char *q = strchr(s + 2, '"');

			if (!q)
				return fail_at(c->sp, c->base + at, "unterminated \\\"string\"");
			*used = (size_t)(q - s) + 1;
		} else {
			n = s[1] == '-' ? 1 : 0;
			inner = number_len(s + 1 + n);
			if (!inner)
				return fail_at(c->sp, c->base + at + 1,
					       "a number after '\\' (an immediate value)");
			*used = 1 + n + inner;
		}
		break;
	default:
		n = ident_len(s);
		/* eprobes name fields bare; BTF kernels take argument names and ->members */
		if (n && (c->type == TQ_DYN_EPROBE || c->type == TQ_DYN_FPROBE ||
			  (c->caps->btf_args && (c->type == TQ_DYN_KPROBE ||
						 c->type == TQ_DYN_KRETPROBE)))) {
			while (s[n] == '-' && s[n + 1] == '>' && (inner = ident_len(s + n + 2)))
				n += 2 + inner;
			*used = n;
			break;
		}
		if (!s[0])
			return fail_at(c->sp, c->base + at, "a value to fetch");
		return fail_at(c->sp, c->base + at, "not a fetch argument ($argN, $retval, "
			       "$comm, $stackN, %%REG, @SYMBOL[+OFF], +OFF(FETCHARG), \\IMM)");
	}
	c->depth--;
	return 0;
}

/* What the type names, and the README words that say the kernel has it. */
static int check_type(struct fetch_ctx *c, const char *word, size_t at)
{
	static const struct {
		const char *name;
		unsigned need;
	} named[] = {
		{ "string", 0 },		{ "ustring", TQ_PROBE_TYPE_USTRING },
		{ "symbol", TQ_PROBE_TYPE_SYMBOL }, { "symstr", TQ_PROBE_TYPE_SYMSTR },
		{ "char", TQ_PROBE_TYPE_CHAR },	{ "%pd", TQ_PROBE_TYPE_PD },
		{ "%pD", TQ_PROBE_TYPE_PD },
	};
	const char *s = word + at, *end = s + strlen(s);
	unsigned have = c->caps->types, need = 0;
	size_t n, i;
	char *stop;

	/* TYPE[N]: an array of up to 64 (the kernel's MAX_ARRAY_LEN) */
	if (end > s && end[-1] == ']') {
		const char *open = strchr(s, '[');
		unsigned long len;

		if (!open || open == s)
			return fail_at(c->sp, c->base + at, "an array type is TYPE[N]");
		len = strtoul(open + 1, &stop, 10);
		if (stop != end - 1 || len < 1 || len > 64 || !isdigit((unsigned char)open[1]))
			return fail_at(c->sp, c->base + (size_t)(open - word) + 1,
				       "an array length from 1 to 64");
		need |= TQ_PROBE_TYPE_ARRAY;
		end = open;
	}
	n = (size_t)(end - s);
	if (n >= 2 && strchr("sux", s[0]) && isdigit((unsigned char)s[1])) {
		unsigned long bits = strtoul(s + 1, &stop, 10);

		if (stop != end || (bits != 8 && bits != 16 && bits != 32 && bits != 64))
			return fail_at(c->sp, c->base + at, "unknown type '%.*s' (s8/16/32/64, "
				       "u8/16/32/64, x8/16/32/64)", (int)n, s);
		if (s[0] == 'x')
			need |= TQ_PROBE_TYPE_HEX;
		goto found;
	}
	if (s[0] == 'b' && isdigit((unsigned char)s[1])) {
		/* b<bit-width>@<bit-offset>/<container-size> */
		unsigned long w = strtoul(s + 1, &stop, 10), o = 0, size = 0;
		bool ok = *stop == '@';

		if (ok)
			o = strtoul(stop + 1, &stop, 10);
		ok = ok && *stop == '/';
		if (ok)
			size = strtoul(stop + 1, &stop, 10);
		ok = ok && stop == end && (size == 8 || size == 16 || size == 32 || size == 64) &&
		     w >= 1 && w <= size && o < size && w + o <= size;
		if (!ok)
			return fail_at(c->sp, c->base + at, "a bitfield is b<width>@<offset>/"
				       "<container size 8, 16, 32 or 64> and fits its container");
		need |= TQ_PROBE_TYPE_BITFIELD;
		goto found;
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == n && !strncmp(named[i].name, s, n)) {
			need |= named[i].need;
			goto found;
		}
	return fail_at(c->sp, c->base + at, "unknown type '%.*s' (s8..s64, u8..u64, x8..x64, "
		       "char, string, ustring, symbol, symstr, b<W>@<O>/<SIZE>, TYPE[N])", (int)n,
		       s);
found:
	/* types == 0: the README was not read; the kernel has the last word */
	if (have && (need & ~have))
		return fail_at(c->sp, c->base + at, "this kernel's README lists no type '%s'",
			       s);
	return 0;
}

/* One argument word "[NAME=]FETCHARG[:TYPE]" at offset base of the definition. */
static int check_arg(const struct spot *sp, size_t base, enum tq_dyn_type type,
		     const struct tq_probe_caps *caps)
{
	const char *word = sp->text + base;
	char *copy;
	struct fetch_ctx c = { sp, base, type, caps, 0 };
	size_t at = 0, used, n = strcspn(word, " ");
	int ret;

	copy = strndup(word, n);
	if (!copy)
		return -ENOMEM;
	n = ident_len(copy);
	if (n && copy[n] == '=')
		at = n + 1;
	ret = check_fetch(&c, copy, at, &used);
	if (!ret) {
		at += used;
		if (copy[at] == ':' && copy[at + 1])
			ret = check_type(&c, copy, at + 1);
		else if (copy[at] == ':')
			ret = fail_at(sp, base + at + 1, "a type after ':'");
		else if (copy[at])
			ret = fail_at(sp, base + at, "unexpected '%c' after the value", copy[at]);
	}
	free(copy);
	return ret;
}

/* The place of a kprobe: [MOD:]SYM[+OFF] or an address, maybe with %return. */
static int check_kprobe_place(const struct spot *sp, size_t base)
{
	const char *s = sp->text + base;
	size_t n = 0, m;

	if (isdigit((unsigned char)s[0])) {
		n = number_len(s);
	} else {
		m = symbol_len(s);
		if (m && s[m] == ':') {
			n = m + 1;
			m = symbol_len(s + n);
			if (!m)
				return fail_at(sp, base + n, "a function name after the module");
		}
		if (!m)
			return fail_at(sp, base, "a function name or address to probe");
		n += m;
		if (s[n] == '+') {
			m = number_len(s + n + 1);
			if (!m)
				return fail_at(sp, base + n + 1, "an offset after '+'");
			n += 1 + m;
		}
	}
	if (!strncmp(s + n, "%return", 7))
		n += 7;
	if (s[n] && s[n] != ' ')
		return fail_at(sp, base + n, "unexpected '%c' in the probed place", s[n]);
	return 0;
}

/* The place of a uprobe: PATH:OFFSET[%return][(REF_CTR_OFFSET)]. */
static int check_uprobe_place(const struct spot *sp, size_t base)
{
	const char *s = sp->text + base, *colon;
	size_t word = strcspn(s, " "), n, m;

	colon = memrchr(s, ':', word);
	if (s[0] != '/' || !colon)
		return fail_at(sp, base, "a uprobe place is /PATH:OFFSET");
	n = (size_t)(colon - s) + 1;
	m = number_len(s + n);
	if (!m)
		return fail_at(sp, base + n, "a file offset after ':'");
	n += m;
	if (!strncmp(s + n, "%return", 7))
		n += 7;
	if (s[n] == '(') {
		m = number_len(s + n + 1);
		if (!m || s[n + 1 + m] != ')')
			return fail_at(sp, base + n, "a reference counter offset is (OFFSET)");
		n += m + 2;
	}
	if (n != word)
		return fail_at(sp, base + n, "unexpected '%c' in the probed place", s[n]);
	return 0;
}

/* "SYSTEM.EVENT" (or SYSTEM/EVENT) an eprobe attaches to. */
static int check_target(const struct spot *sp, size_t base)
{
	const char *s = sp->text + base;
	size_t n = ident_len(s), m;

	if (!n || (s[n] != '.' && s[n] != '/'))
		return fail_at(sp, base, "an eprobe attaches to SYSTEM/EVENT");
	m = ident_len(s + n + 1);
	if (!m)
		return fail_at(sp, base + n + 1, "an event name after '%c'", s[n]);
	n += 1 + m;
	if (s[n] && s[n] != ' ')
		return fail_at(sp, base + n, "unexpected '%c' in the attached event", s[n]);
	return 0;
}

/* "TYPE NAME[; TYPE NAME]...": TYPE one or more words ("unsigned int", "char[16]"),
 * NAME maybe with [N] or []. The kernel judges the types themselves. */
static int check_fields(const struct spot *sp, size_t base)
{
	const char *s = sp->text + base;
	size_t i = 0, fields = 0;

	while (s[i]) {
		size_t words = 0, last = 0;

		while (s[i] == ' ')
			i++;
		if (s[i] == ';' || !s[i]) {
			if (s[i])
				i++;
			continue;
		}
		while (s[i] && s[i] != ';') {
			size_t n = ident_len(s + i);

			if (!n)
				return fail_at(sp, base + i, "a field is TYPE NAME (as in 'u64 lat; "
					       "pid_t pid')");
			last = i;
			i += n;
			if (s[i] == '[') {
				i++;
				while (isdigit((unsigned char)s[i]))
					i++;
				if (s[i] != ']')
					return fail_at(sp, base + i, "']' to close the array size");
				i++;
			}
			words++;
			if (s[i] && s[i] != ' ' && s[i] != ';')
				return fail_at(sp, base + i, "unexpected '%c' in a field", s[i]);
			while (s[i] == ' ')
				i++;
		}
		if (words < 2)
			return fail_at(sp, base + last, "field '%.*s' has a type but no name",
				       (int)ident_len(s + last), s + last);
		fields++;
	}
	if (!fields)
		return fail_at(sp, base, "no fields: give them as 'TYPE NAME; ...'");
	return 0;
}

/* The argument words from base on; an eprobe's "if" starts its filter. */
static int check_args(const struct spot *sp, size_t base, enum tq_dyn_type type,
		      const struct tq_probe_caps *caps)
{
	const char *s = sp->text;
	int ret;

	while (s[base]) {
		while (s[base] == ' ')
			base++;
		if (!s[base])
			break;
		if (type == TQ_DYN_EPROBE && !strncmp(s + base, "if", 2) &&
		    (s[base + 2] == ' ' || !s[base + 2])) {
			if (!s[base + 2] || !s[base + 3])
				return fail_at(sp, base, "a filter after 'if'");
			return 0;
		}
		ret = check_arg(sp, base, type, caps);
		if (ret)
			return ret;
		base += strcspn(s + base, " ");
	}
	return 0;
}

int tq_probe_check_definition(const char *def, enum tq_dyn_type type,
			      const struct tq_probe_caps *caps)
{
	const struct spot sp = { def, "probe definition" };
	size_t place;
	int ret = tq_probe_check_text(def, "probe definition");

	if (ret)
		return ret;
	/* "p:GROUP/NAME PLACE ..." or, in synthetic_events, "NAME FIELDS" */
	place = strcspn(def, " ");
	if (!def[place])
		return type == TQ_DYN_SYNTH ? fail_at(&sp, place, "no fields") : 0;
	while (def[place] == ' ')
		place++;
	switch (type) {
	case TQ_DYN_KPROBE:
	case TQ_DYN_KRETPROBE:
		ret = check_kprobe_place(&sp, place);
		break;
	case TQ_DYN_UPROBE:
	case TQ_DYN_URETPROBE:
		ret = check_uprobe_place(&sp, place);
		break;
	case TQ_DYN_EPROBE:
		ret = check_target(&sp, place);
		break;
	case TQ_DYN_SYNTH:
		return check_fields(&sp, place);
	case TQ_DYN_FPROBE:
		/* "f:NAME FUNC[%return]" or "t:NAME TRACEPOINT": a symbol */
		ret = symbol_len(def + place) ? 0 : fail_at(&sp, place, "a function name");
		if (!ret && !strncmp(def + place + symbol_len(def + place), "%return", 7))
			place += 7;
		break;
	default:
		return 0;
	}
	if (ret)
		return ret;
	place += strcspn(def + place, " ");
	return check_args(&sp, place, type, caps);
}
