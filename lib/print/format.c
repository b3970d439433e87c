// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fast event text. libtraceevent interprets an event's print fmt and calls vsnprintf for
 * every record, which is most of the time of a report. Most print fmts are literals and
 * conversions of values computed from fields ("dev %d,%d ino %lu", MAJOR(REC->dev), ...),
 * pointers and functions (%p, %pS), and strings chosen by __print_flags(),
 * __print_symbolic() or "cond ? a : b", so such a format is compiled once into steps that
 * compute and format them by hand, as libtraceevent 1.7.1 does (its eval_num_arg(),
 * print_str_arg(), print_function()); the sched_switch/sched_wakeup and kmem plugins'
 * texts too.
 *
 * Identity with libtraceevent is what matters, so the compiler only accepts what it can
 * reproduce exactly, a record whose values it cannot compute as libtraceevent does (a
 * field past its end, a division by 0) is left to libtraceevent, and the first records of
 * every event type are printed both ways and compared: a type whose outputs ever differ
 * goes back to tep_print_event() for good.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <trace-seq.h>

#include "print/format.h"

#define VERIFY_RECORDS 16
#define LINE_MAX_FAST TQ_FMT_BUF
#define FUNC_SLOTS 4096

/*
 * A value, computed as libtraceevent's eval_num_arg() computes it: fields are read
 * zero-extended, casts only mask to the width of char, short and int types, operators
 * work on unsigned 64-bit values.
 */
enum expr_kind { EX_CONST, EX_FIELD, EX_MASK, EX_OP, EX_COND };

struct expr {
	enum expr_kind kind;
	char op[3];		/* EX_OP */
	uint64_t val;		/* EX_CONST: the value; EX_MASK: the mask */
	unsigned offset, size;	/* EX_FIELD */
	bool nsigned;		/* EX_FIELD: signed and narrower than 64 bits */
	struct expr *a, *b, *c;	/* EX_OP: a op b; EX_MASK: a; EX_COND: a ? b : c */
};

/* A flag or symbol of __print_flags() and __print_symbolic(), its value as libtraceevent
 * reads it (a number, one of a few names it knows, else -1) */
struct sym {
	long long val;
	const char *str;
	int len;
};

/* What a %s prints: text, a char array, a __get_str(), flags, symbols, or a choice */
enum snode_kind { SN_TEXT, SN_ARRAY, SN_DYN, SN_FLAGS, SN_SYMBOL, SN_COND };

struct snode {
	enum snode_kind kind;
	const char *text;	/* SN_TEXT */
	int len;
	unsigned offset, size;	/* SN_ARRAY (size 0: to the end of the record), SN_DYN */
	struct expr *e;		/* SN_FLAGS, SN_SYMBOL, SN_COND */
	struct sym *syms;
	int nsyms;
	const char *delim;	/* SN_FLAGS, NULL for none */
	int dlen;
	struct snode *t, *f;	/* SN_COND */
};

enum step_kind { STEP_INT, STEP_STR, STEP_PTR, STEP_FUNC };

struct step {
	const char *lit;	/* literal text before the conversion */
	int litlen;
	enum step_kind kind;
	struct expr *e;		/* STEP_INT, STEP_PTR, STEP_FUNC */
	struct snode *sn;	/* STEP_STR */
	int ls;			/* length modifier: -2 hh, -1 h, 0 none, 1 l or z, 2 ll */
	char conv;		/* d i u x X o s */
	int width;
	bool left, zero, alt;
	bool offset;		/* STEP_FUNC: %pS, %pF print +0xOFFSET */
};

/*
 * sched_switch and sched_wakeup(_new) are printed by libtraceevent's sched_switch plugin,
 * which also teaches libtraceevent the task names it sees; the fast path does both the
 * same way.
 */
enum special { SPECIAL_NONE, SPECIAL_SWITCH, SPECIAL_WAKEUP };

struct sched_fields {
	struct tep_format_field *prev_comm, *prev_pid, *prev_prio, *prev_state;
	struct tep_format_field *next_comm, *next_pid, *next_prio;
	struct tep_format_field *comm, *pid, *prio, *success, *target_cpu;
};

struct prog {
	int state;		/* 0 not compiled, 1 fast, -1 libtraceevent */
	enum special special;
	struct sched_fields sf;
	int verified;		/* records checked against libtraceevent so far */
	struct step *steps;
	int nsteps;
	const char *tail;
	int taillen;
	/* the kmem plugin's "(caller+0xOFFSET) " before the text: the call_site field */
	bool call_site;
	unsigned cs_offset, cs_size;
	void **pool;		/* what the steps point into */
	int npool;
};

struct tq_fmt_cache {
	struct tep_handle *tep;
	struct prog *progs;	/* by event id */
	int nprogs;
	struct trace_seq seq;
	bool no_verify;
	/*
	 * The sched plugin names pids as it prints them, and libtraceevent keeps every name
	 * given before its first real lookup, duplicates included, then picks one of them by
	 * bsearch. So a record that libtraceevent prints anyway (to verify the fast path)
	 * must not be named a second time, or the name a later line shows can differ from
	 * trace-cmd's.
	 */
	bool name_pids;
	/*
	 * Symbols are loaded lazily, but libtraceevent builds its function map on the first
	 * lookup and never rebuilds it: loading kallsyms after a lookup leaves the map stale
	 * (and tep_free() crashing). So load them before any lookup, ours or libtraceevent's.
	 */
	void (*load_symbols)(void *arg);
	void *load_arg;
	/* the functions of the addresses seen last: the same call sites come back often */
	struct func_slot {
		uint64_t addr;
		const char *name;	/* NULL: no function there */
		unsigned long long start;
		bool used;
	} funcs[FUNC_SLOTS];
};

struct tq_fmt_cache *tq_fmt_cache_new(struct tep_handle *tep)
{
	struct tq_fmt_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->tep = tep;
	trace_seq_init(&c->seq);
	return c;
}

static void drop_prog(struct prog *pr)
{
	int i;

	for (i = 0; i < pr->npool; i++)
		free(pr->pool[i]);
	free(pr->pool);
	free(pr->steps);
	pr->pool = NULL;
	pr->npool = 0;
	pr->steps = NULL;
	pr->nsteps = 0;
}

void tq_fmt_cache_free(struct tq_fmt_cache *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < c->nprogs; i++)
		drop_prog(&c->progs[i]);
	free(c->progs);
	trace_seq_destroy(&c->seq);
	free(c);
}

/* Zeroed memory that lives as long as the program. */
static void *palloc(struct prog *pr, size_t size)
{
	void **n = realloc(pr->pool, (pr->npool + 1) * sizeof(*n));
	void *p;

	if (!n)
		return NULL;
	pr->pool = n;
	p = calloc(1, size);
	if (p)
		pr->pool[pr->npool++] = p;
	return p;
}

/*
 * What a cast does to a value in libtraceevent (eval_type_str(), 1.7.1): char, short and
 * int types and u8..u32, s8..s32 keep their low bits, zero-extended (it never
 * sign-extends); pointers, structs, longs and anything else leave the value alone.
 */
static uint64_t cast_mask(const char *type)
{
	size_t len = strlen(type);

	if (len < 2 || type[len - 1] == '*' || !strncmp(type, "struct", 6))
		return ~0ull;
	if (!strcmp(type, "u8") || !strcmp(type, "s8"))
		return 0xff;
	if (!strcmp(type, "u16") || !strcmp(type, "s16"))
		return 0xffff;
	if (!strcmp(type, "u32") || !strcmp(type, "s32"))
		return 0xffffffff;
	if (!strncmp(type, "unsigned ", 9))
		type += 9;
	if (!strcmp(type, "char"))
		return 0xff;
	if (!strcmp(type, "short"))
		return 0xffff;
	if (!strcmp(type, "int"))
		return 0xffffffff;
	return ~0ull;
}

static struct tep_format_field *arg_field(struct tep_event *event, struct tep_print_arg *arg)
{
	if (arg->field.field)
		return arg->field.field;
	return arg->field.name ? tep_find_any_field(event, arg->field.name) : NULL;
}

/* A field read as a number: libtraceevent reads 1, 2, 4 or 8 bytes, anything else as 0. */
static bool number_field(const struct tep_format_field *f)
{
	return f && !(f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC)) &&
	       (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8);
}

/*
 * REC->args[N] with a constant N (raw_syscalls' sys_enter, half the events of a syscall
 * trace): libtraceevent reads the element at the field's offset plus N element sizes, with
 * the element's size. An index past the array is left to libtraceevent.
 */
static bool array_element(struct tep_event *event, struct tep_print_arg *arg, struct expr *e)
{
	struct tep_print_arg *left = arg->op.left, *right = arg->op.right;
	struct tep_format_field *f;
	char *end;
	unsigned long idx;

	if (!left || left->type != TEP_PRINT_FIELD || !right || right->type != TEP_PRINT_ATOM ||
	    !right->atom.atom)
		return false;
	f = arg_field(event, left);
	if (!f || !(f->flags & TEP_FIELD_IS_ARRAY) ||
	    (f->flags & (TEP_FIELD_IS_DYNAMIC | TEP_FIELD_IS_STRING)))
		return false;
	if (f->elementsize != 1 && f->elementsize != 2 && f->elementsize != 4 &&
	    f->elementsize != 8)
		return false;
	idx = strtoul(right->atom.atom, &end, 10);
	if (*end || end == right->atom.atom || idx >= (unsigned long)f->size / f->elementsize)
		return false;
	e->kind = EX_FIELD;
	e->offset = f->offset + idx * f->elementsize;
	e->size = f->elementsize;
	return true;
}

static const char *const binary_ops[] = {
	"!", "!=", "~", "|", "||", "&", "&&", "<", "<<", "<=", ">", ">>", ">=", "==", "-", "+",
	"/", "%", "*",
};

/*
 * An argument as a value, or NULL where the fast path cannot compute what libtraceevent
 * does. `arith` says the value is an operand of arithmetic: a signed field narrower than
 * 64 bits is refused there, since libtraceevent versions differ on sign-extending it.
 */
static struct expr *compile_expr(struct tep_event *event, struct prog *pr,
				 struct tep_print_arg *arg, bool arith)
{
	struct tep_format_field *f;
	struct expr *e;
	size_t i;
	char *end;

	e = arg ? palloc(pr, sizeof(*e)) : NULL;
	if (!e)
		return NULL;
	switch (arg->type) {
	case TEP_PRINT_NULL:
		/* the empty left side of a unary operator */
		e->kind = EX_CONST;
		return e;
	case TEP_PRINT_ATOM:
		if (!arg->atom.atom)
			return NULL;
		e->kind = EX_CONST;
		e->val = strtoull(arg->atom.atom, &end, 0);
		/* a 0 that is not a number is looked up as a kernel symbol */
		if (!e->val && !isdigit((unsigned char)arg->atom.atom[0]))
			return NULL;
		return e;
	case TEP_PRINT_FIELD:
		f = arg_field(event, arg);
		if (!number_field(f))
			return NULL;
		e->nsigned = f->size < 8 && (f->flags & TEP_FIELD_IS_SIGNED);
		if (arith && e->nsigned)
			return NULL;
		e->kind = EX_FIELD;
		e->offset = f->offset;
		e->size = f->size;
		return e;
	case TEP_PRINT_TYPE:
		if (!arg->typecast.type)
			return NULL;
		e->val = cast_mask(arg->typecast.type);
		e->a = compile_expr(event, pr, arg->typecast.item, arith || e->val != ~0ull);
		if (!e->a)
			return NULL;
		if (e->val == ~0ull)
			return e->a;
		e->kind = EX_MASK;
		return e;
	case TEP_PRINT_OP:
		if (!arg->op.op)
			return NULL;
		if (!strcmp(arg->op.op, "["))
			return array_element(event, arg, e) ? e : NULL;
		if (!strcmp(arg->op.op, "?")) {
			struct tep_print_arg *choice = arg->op.right;

			if (!choice || choice->type != TEP_PRINT_OP || !choice->op.op ||
			    strcmp(choice->op.op, ":"))
				return NULL;
			e->kind = EX_COND;
			e->a = compile_expr(event, pr, arg->op.left, false);
			e->b = compile_expr(event, pr, choice->op.left, arith);
			e->c = compile_expr(event, pr, choice->op.right, arith);
			return e->a && e->b && e->c ? e : NULL;
		}
		for (i = 0; i < sizeof(binary_ops) / sizeof(binary_ops[0]); i++)
			if (!strcmp(arg->op.op, binary_ops[i]))
				break;
		if (i == sizeof(binary_ops) / sizeof(binary_ops[0]))
			return NULL;
		e->kind = EX_OP;
		strcpy(e->op, binary_ops[i]);
		e->a = compile_expr(event, pr, arg->op.left, true);
		e->b = compile_expr(event, pr, arg->op.right, true);
		return e->a && e->b ? e : NULL;
	default:
		return NULL;
	}
}

/* The value of a __print_flags() or __print_symbolic() entry, as libtraceevent reads it. */
static long long flag_value(const char *s)
{
	static const struct {
		const char *name;
		long long val;
	} known[] = {
		{ "HI_SOFTIRQ", 0 }, { "TIMER_SOFTIRQ", 1 }, { "NET_TX_SOFTIRQ", 2 },
		{ "NET_RX_SOFTIRQ", 3 }, { "BLOCK_SOFTIRQ", 4 }, { "IRQ_POLL_SOFTIRQ", 5 },
		{ "TASKLET_SOFTIRQ", 6 }, { "SCHED_SOFTIRQ", 7 }, { "HRTIMER_SOFTIRQ", 8 },
		{ "RCU_SOFTIRQ", 9 }, { "HRTIMER_NORESTART", 0 }, { "HRTIMER_RESTART", 1 },
	};
	size_t i;

	if (isdigit((unsigned char)s[0]))
		return (long long)strtoull(s, NULL, 0);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(s, known[i].name))
			return known[i].val;
	return -1;
}

static bool compile_syms(struct prog *pr, struct tep_print_flag_sym *list, struct snode *sn)
{
	struct tep_print_flag_sym *fs;
	int n = 0;

	for (fs = list; fs; fs = fs->next) {
		if (!fs->value || !fs->str)
			return false;
		n++;
	}
	sn->syms = palloc(pr, (n ? n : 1) * sizeof(*sn->syms));
	if (!sn->syms)
		return false;
	for (fs = list; fs; fs = fs->next) {
		struct sym *sy = &sn->syms[sn->nsyms++];

		sy->val = flag_value(fs->value);
		sy->str = fs->str;
		sy->len = strlen(fs->str);
	}
	return true;
}

/* A %s argument, or NULL where libtraceevent does something the fast path does not. */
static struct snode *compile_snode(struct tep_event *event, struct prog *pr,
				   struct tep_print_arg *arg)
{
	struct tep_format_field *f;
	struct snode *sn;

	sn = arg ? palloc(pr, sizeof(*sn)) : NULL;
	if (!sn)
		return NULL;
	switch (arg->type) {
	case TEP_PRINT_ATOM:
		if (!arg->atom.atom)
			return NULL;
		sn->kind = SN_TEXT;
		sn->text = arg->atom.atom;
		sn->len = strlen(arg->atom.atom);
		return sn;
	case TEP_PRINT_FIELD:
		/* a char array up to its first NUL (a size 0 array: the rest of the record);
		 * a long-sized field would be a pointer looked up in printk formats */
		f = arg_field(event, arg);
		if (!f || !(f->flags & TEP_FIELD_IS_ARRAY) || (f->flags & TEP_FIELD_IS_DYNAMIC) ||
		    f->elementsize != 1)
			return NULL;
		sn->kind = SN_ARRAY;
		break;
	case TEP_PRINT_STRING:
		/* libtraceevent resolves __get_str()'s field on first use */
		f = arg->string.field;
		if (!f && arg->string.string)
			f = tep_find_any_field(event, arg->string.string);
		if (!f || !(f->flags & TEP_FIELD_IS_DYNAMIC) || f->size != 4 ||
		    (f->flags & TEP_FIELD_IS_RELATIVE))
			return NULL;
		sn->kind = SN_DYN;
		break;
	case TEP_PRINT_FLAGS:
		sn->kind = SN_FLAGS;
		sn->e = compile_expr(event, pr, arg->flags.field, true);
		sn->delim = arg->flags.delim;
		sn->dlen = sn->delim ? strlen(sn->delim) : 0;
		return sn->e && compile_syms(pr, arg->flags.flags, sn) ? sn : NULL;
	case TEP_PRINT_SYMBOL:
		sn->kind = SN_SYMBOL;
		sn->e = compile_expr(event, pr, arg->symbol.field, true);
		return sn->e && compile_syms(pr, arg->symbol.symbols, sn) ? sn : NULL;
	case TEP_PRINT_OP:
		/* COND ? A : B, the only operator libtraceevent prints as a string */
		if (!arg->op.op || strcmp(arg->op.op, "?") || !arg->op.right ||
		    arg->op.right->type != TEP_PRINT_OP || !arg->op.right->op.op ||
		    strcmp(arg->op.right->op.op, ":"))
			return NULL;
		sn->kind = SN_COND;
		sn->e = compile_expr(event, pr, arg->op.left, false);
		sn->t = compile_snode(event, pr, arg->op.right->op.left);
		sn->f = compile_snode(event, pr, arg->op.right->op.right);
		return sn->e && sn->t && sn->f ? sn : NULL;
	default:
		return NULL;
	}
	/* SN_ARRAY, SN_DYN: where the field is */
	sn->offset = f->offset;
	sn->size = f->size;
	return sn;
}

/*
 * Parse one conversion at *p (just after '%'); false if it is not one we reproduce.
 * Pointers: %p prints the value as libtraceevent does ("%p" whatever the width); %ps and
 * %pf the function, %pS and %pF the function and offset; other extensions are refused.
 */
static bool parse_conv(const char **p, struct step *st)
{
	const char *s = *p;

	for (;; s++) {
		if (*s == '-')
			st->left = true;
		else if (*s == '0')
			st->zero = true;
		else if (*s == '#')
			st->alt = true;
		else
			break;
	}
	while (*s >= '0' && *s <= '9') {
		st->width = st->width * 10 + (*s - '0');
		if (st->width > 64)
			return false;
		s++;
	}
	if (*s == 'h') {
		st->ls = -1;
		if (*++s == 'h') {
			st->ls = -2;
			s++;
		}
	} else if (*s == 'l') {
		st->ls = 1;
		if (*++s == 'l') {
			st->ls = 2;
			s++;
		}
	} else if (*s == 'L') {
		st->ls = 2;
		s++;
	} else if (*s == 'z' || *s == 'Z') {
		/* size_t: a long for libtraceevent and printf */
		st->ls = 1;
		s++;
	}
	switch (*s) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		st->kind = STEP_INT;
		st->conv = *s;
		break;
	case 's':
		if (st->ls || st->zero || st->alt)
			return false;
		st->kind = STEP_STR;
		st->conv = 's';
		break;
	case 'p':
		st->conv = 'p';
		switch (s[1]) {
		case 's':
		case 'f':
			st->kind = STEP_FUNC;
			s++;
			break;
		case 'S':
		case 'F':
			st->kind = STEP_FUNC;
			st->offset = true;
			s++;
			break;
		case 'M':
		case 'm':
		case 'I':
		case 'i':
		case 'U':
		case 'h':
			return false;
		default:
			/* a plain %p; a letter after it is text */
			st->kind = STEP_PTR;
			break;
		}
		break;
	default:
		return false;
	}
	*p = s + 1;
	return true;
}

static bool add_step(struct prog *pr, const struct step *st)
{
	struct step *n = realloc(pr->steps, (pr->nsteps + 1) * sizeof(*n));

	if (!n)
		return false;
	pr->steps = n;
	pr->steps[pr->nsteps++] = *st;
	return true;
}

/*
 * Text up to the next conversion, with what libtraceevent's printing turns into one
 * character: the escapes \n \t \r \\ (and \C for any other C) and %%. *p moves to the
 * '%' of the conversion or to the end.
 */
static char *literal(struct prog *pr, const char **p, int *len)
{
	const char *s = *p;
	char *text = palloc(pr, strlen(s) + 1);
	int n = 0;

	if (!text)
		return NULL;
	while (*s && !(s[0] == '%' && s[1] != '%')) {
		if (*s == '\\') {
			if (!s[1])
				return NULL;
			s++;
			text[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s;
		} else if (*s == '%') {
			text[n++] = '%';
			s++;
		} else {
			text[n++] = *s;
		}
		s++;
	}
	*p = s;
	*len = n;
	return text;
}

static bool int_field(struct tep_format_field *f)
{
	return f && !(f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC)) &&
	       (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8);
}

static bool comm_field(struct tep_format_field *f)
{
	return f && (f->flags & TEP_FIELD_IS_ARRAY) && !(f->flags & TEP_FIELD_IS_DYNAMIC) &&
	       f->size > 0 && f->size <= 64;
}

/* The plugin's handlers, recognised by event and fields; anything unusual falls back. */
static bool compile_sched(struct tep_event *event, struct prog *pr)
{
	struct sched_fields *sf = &pr->sf;

	if (strcmp(event->system, "sched"))
		return false;
	if (!strcmp(event->name, "sched_switch")) {
		sf->prev_comm = tep_find_any_field(event, "prev_comm");
		sf->prev_pid = tep_find_any_field(event, "prev_pid");
		sf->prev_prio = tep_find_any_field(event, "prev_prio");
		sf->prev_state = tep_find_any_field(event, "prev_state");
		sf->next_comm = tep_find_any_field(event, "next_comm");
		sf->next_pid = tep_find_any_field(event, "next_pid");
		sf->next_prio = tep_find_any_field(event, "next_prio");
		if (!comm_field(sf->prev_comm) || !int_field(sf->prev_pid) ||
		    !int_field(sf->prev_prio) || !int_field(sf->prev_state) ||
		    !comm_field(sf->next_comm) || !int_field(sf->next_pid) ||
		    !int_field(sf->next_prio))
			return false;
		pr->special = SPECIAL_SWITCH;
		return true;
	}
	if (!strcmp(event->name, "sched_wakeup") || !strcmp(event->name, "sched_wakeup_new")) {
		sf->comm = tep_find_any_field(event, "comm");
		sf->pid = tep_find_any_field(event, "pid");
		sf->prio = tep_find_any_field(event, "prio");
		sf->success = tep_find_any_field(event, "success");
		sf->target_cpu = tep_find_any_field(event, "target_cpu");
		if (!comm_field(sf->comm) || !int_field(sf->pid) || !int_field(sf->prio) ||
		    (sf->success && !int_field(sf->success)) ||
		    (sf->target_cpu && !int_field(sf->target_cpu)))
			return false;
		pr->special = SPECIAL_WAKEUP;
		return true;
	}
	return false;
}

/* The kmem plugin's events: it prints "(caller+0xOFFSET) " before their text. */
static bool kmem_call_site(struct tep_event *event, struct prog *pr)
{
	static const char *const names[] = {
		"kfree", "kmalloc", "kmalloc_node", "kmem_cache_alloc", "kmem_cache_alloc_node",
		"kmem_cache_free",
	};
	struct tep_format_field *f;
	size_t i;

	if (strcmp(event->system, "kmem"))
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(event->name, names[i]))
			break;
	if (i == sizeof(names) / sizeof(names[0]))
		return false;
	/* without the field the plugin prints nothing of its own */
	f = tep_find_field(event, "call_site");
	if (f && (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)) {
		pr->call_site = true;
		pr->cs_offset = f->offset;
		pr->cs_size = f->size;
	}
	return true;
}

static bool compile(struct tep_event *event, struct prog *pr)
{
	const char *p = event->print_fmt.format;
	struct tep_print_arg *arg = event->print_fmt.args;

	if (event->flags & (TEP_EVENT_FL_FAILED | TEP_EVENT_FL_ISBPRINT | TEP_EVENT_FL_PRINTRAW))
		return false;
	if (event->handler && !(event->flags & TEP_EVENT_FL_NOHANDLE)) {
		if (compile_sched(event, pr))
			return true;
		/* the kmem plugin's handler prints its prefix, then the text as usual */
		if (!kmem_call_site(event, pr))
			return false;
	}
	if (!p)
		return false;
	for (;;) {
		struct step st = { 0 };

		st.lit = literal(pr, &p, &st.litlen);
		if (!st.lit)
			return false;
		if (!*p) {
			pr->tail = st.lit;
			pr->taillen = st.litlen;
			break;
		}
		p++;
		if (!parse_conv(&p, &st) || !arg)
			return false;
		if (st.kind == STEP_STR) {
			st.sn = compile_snode(event, pr, arg);
			if (!st.sn)
				return false;
		} else {
			st.e = compile_expr(event, pr, arg, false);
			if (!st.e)
				return false;
			/* whether a narrow signed field is sign-extended before a long conversion
			 * differs between libtraceevent versions: leave that to libtraceevent */
			if (st.kind == STEP_INT && st.ls > 0 && st.e->kind == EX_FIELD &&
			    st.e->nsigned)
				return false;
			if (st.kind == STEP_INT && st.left && st.zero)
				return false;
		}
		if (!add_step(pr, &st))
			return false;
		arg = arg->next;
	}
	return !arg;
}

static struct prog *get_prog(struct tq_fmt_cache *c, struct tep_event *event)
{
	struct prog *pr;

	if (event->id < 0 || event->id > 65535)
		return NULL;
	if (event->id >= c->nprogs) {
		int n = event->id + 64;
		struct prog *np = realloc(c->progs, n * sizeof(*np));

		if (!np)
			return NULL;
		memset(np + c->nprogs, 0, (n - c->nprogs) * sizeof(*np));
		c->progs = np;
		c->nprogs = n;
	}
	pr = &c->progs[event->id];
	if (!pr->state) {
		pr->state = compile(event, pr) ? 1 : -1;
		if (pr->state < 0)
			drop_prog(pr);
	}
	return pr;
}

void tq_fmt_cache_set_verify(struct tq_fmt_cache *c, bool verify)
{
	c->no_verify = !verify;
}

int tq_fmt_supported(struct tq_fmt_cache *c, struct tep_event *event)
{
	struct prog *pr = get_prog(c, event);

	return pr && pr->state > 0;
}

static uint64_t read_uint(const uint8_t *p, unsigned size, bool swap)
{
	uint64_t v = 0;
	unsigned i;

	if (swap) {
		for (i = 0; i < size; i++)
			v = (v << 8) | p[i];
	} else {
		for (i = size; i-- > 0;)
			v = (v << 8) | p[i];
	}
	return v;
}

/* Append text padded to a width, as printf does. */
static char *pad(char *o, const char *s, int len, const struct step *st)
{
	int fill = st->width > len ? st->width - len : 0;

	if (!st->left) {
		memset(o, ' ', fill);
		o += fill;
	}
	memcpy(o, s, len);
	o += len;
	if (st->left) {
		memset(o, ' ', fill);
		o += fill;
	}
	return o;
}

static char *put_int(char *o, uint64_t v, const struct step *st)
{
	char digits[32], *d = digits + sizeof(digits), sign = 0;
	const char *hex = st->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	bool neg = false;
	int len, prefix = 0, fill;

	/* the C conversion libtraceevent applies before its printf */
	switch (st->ls) {
	case -2:
		v = (st->conv == 'd' || st->conv == 'i') ? (uint64_t)(int64_t)(signed char)v
							  : (uint8_t)v;
		break;
	case -1:
		v = (st->conv == 'd' || st->conv == 'i') ? (uint64_t)(int64_t)(short)v
							  : (uint16_t)v;
		break;
	case 0:
		v = (st->conv == 'd' || st->conv == 'i') ? (uint64_t)(int64_t)(int)v
							  : (uint32_t)v;
		break;
	default:
		break;
	}
	if ((st->conv == 'd' || st->conv == 'i') && (int64_t)v < 0) {
		neg = true;
		v = -v;
	}
	if (st->conv == 'x' || st->conv == 'X') {
		do {
			*--d = hex[v & 15];
			v >>= 4;
		} while (v);
		if (st->alt && !(d[0] == '0' && d + 1 == digits + sizeof(digits)))
			prefix = 2;
	} else if (st->conv == 'o') {
		do {
			*--d = '0' + (v & 7);
			v >>= 3;
		} while (v);
		/* %#o: a leading 0 unless the number is 0 */
		if (st->alt && d[0] != '0')
			*--d = '0';
	} else {
		do {
			*--d = '0' + v % 10;
			v /= 10;
		} while (v);
	}
	if (neg)
		sign = '-';
	len = digits + sizeof(digits) - d;
	fill = st->width - len - prefix - (sign ? 1 : 0);
	if (fill < 0)
		fill = 0;
	if (!st->left && !st->zero) {
		memset(o, ' ', fill);
		o += fill;
	}
	if (sign)
		*o++ = sign;
	if (prefix) {
		*o++ = '0';
		*o++ = st->conv;
	}
	if (!st->left && st->zero) {
		memset(o, '0', fill);
		o += fill;
	}
	memcpy(o, d, len);
	o += len;
	if (st->left) {
		memset(o, ' ', fill);
		o += fill;
	}
	return o;
}

static uint64_t field_val(const struct tep_record *rec, const struct tep_format_field *f,
			  bool swap)
{
	return read_uint((const uint8_t *)rec->data + f->offset, f->size, swap);
}

static bool fits(const struct tep_record *rec, const struct tep_format_field *f)
{
	return !f || (unsigned)f->offset + (unsigned)f->size <= (unsigned)rec->size;
}

bool tq_fmt_read_field(const struct tep_format_field *f, const struct tep_record *rec,
		       unsigned long long *val)
{
	if (!f || f->offset < 0 || f->size <= 0 || !fits(rec, f))
		return false;
	return !tep_read_number_field((struct tep_format_field *)f, rec->data, val);
}

static char *put_dec(char *o, long long v)
{
	struct step st = { .conv = 'd', .ls = 2 };

	return put_int(o, v, &st);
}

/* "comm:" as the plugin prints it, and the name handed to libtraceevent's pid map */
static char *put_comm(struct tq_fmt_cache *c, char *o, const struct tep_record *rec,
		      const struct tep_format_field *f, uint64_t pid)
{
	const char *comm = (const char *)rec->data + f->offset;
	size_t len = strnlen(comm, f->size);
	char name[72];

	memcpy(o, comm, len);
	memcpy(name, comm, len);
	name[len] = '\0';
	if (c->name_pids)
		tep_register_comm(c->tep, name, (int)pid);
	o += len;
	*o++ = ':';
	return o;
}

static int run_sched(struct tq_fmt_cache *c, const struct prog *pr,
		     const struct tep_record *rec, char *buf, bool swap)
{
	const struct sched_fields *sf = &pr->sf;
	char *o = buf;
	uint64_t v;
	int i, state;
	bool found = false;

	if (pr->special == SPECIAL_SWITCH) {
		if (!fits(rec, sf->prev_comm) || !fits(rec, sf->prev_pid) ||
		    !fits(rec, sf->prev_prio) || !fits(rec, sf->prev_state) ||
		    !fits(rec, sf->next_comm) || !fits(rec, sf->next_pid) ||
		    !fits(rec, sf->next_prio))
			return -1;
		v = field_val(rec, sf->prev_pid, swap);
		o = put_comm(c, o, rec, sf->prev_comm, v);
		o = put_dec(o, (long long)v);
		*o++ = ' ';
		*o++ = '[';
		o = put_dec(o, (int)field_val(rec, sf->prev_prio, swap));
		*o++ = ']';
		*o++ = ' ';
		state = (int)field_val(rec, sf->prev_state, swap);
		for (i = 0; i < 8; i++) {
			if (!(state & (1 << i)))
				continue;
			if (found)
				*o++ = '|';
			found = true;
			*o++ = "SDTtZXxW"[i];
		}
		if (!found)
			*o++ = 'R';
		memcpy(o, " ==> ", 5);
		o += 5;
		v = field_val(rec, sf->next_pid, swap);
		o = put_comm(c, o, rec, sf->next_comm, v);
		o = put_dec(o, (long long)v);
		*o++ = ' ';
		*o++ = '[';
		o = put_dec(o, (int)field_val(rec, sf->next_prio, swap));
		*o++ = ']';
		return o - buf;
	}
	if (!fits(rec, sf->comm) || !fits(rec, sf->pid) || !fits(rec, sf->prio) ||
	    !fits(rec, sf->success) || !fits(rec, sf->target_cpu))
		return -1;
	v = field_val(rec, sf->pid, swap);
	o = put_comm(c, o, rec, sf->comm, v);
	o = put_dec(o, (long long)v);
	memcpy(o, " [", 2);
	o = put_dec(o + 2, (long long)field_val(rec, sf->prio, swap));
	*o++ = ']';
	if (sf->success) {
		memcpy(o, " success=", 9);
		o = put_dec(o + 9, (long long)field_val(rec, sf->success, swap));
	}
	if (sf->target_cpu) {
		struct step st = { .conv = 'u', .ls = 2, .width = 3, .zero = true };

		memcpy(o, " CPU:", 5);
		o = put_int(o + 5, field_val(rec, sf->target_cpu, swap), &st);
	}
	return o - buf;
}

/* tep_find_function_info(), remembered by address */
static const char *find_function(struct tq_fmt_cache *c, uint64_t addr,
				 unsigned long long *start)
{
	struct func_slot *f = &c->funcs[(addr ^ (addr >> 12)) & (FUNC_SLOTS - 1)];

	if (!f->used || f->addr != addr) {
		f->used = true;
		f->addr = addr;
		if (!tep_find_function_info(c->tep, addr, &f->name, &f->start, NULL))
			f->name = NULL;
	}
	*start = f->start;
	return f->name;
}

/* Where the text goes: o moves on, end is the limit (one byte kept for the caller). */
struct out {
	char *o, *end;
	bool full;
};

static void put(struct out *w, const char *s, size_t len)
{
	if (w->full || (size_t)(w->end - w->o) < len) {
		w->full = true;
		return;
	}
	memcpy(w->o, s, len);
	w->o += len;
}

/* Text padded to the conversion's width, as printf does with %s. */
static void put_padded(struct out *w, const char *s, size_t len, const struct step *st)
{
	size_t fill = (size_t)st->width > len ? st->width - len : 0;

	if (w->full || (size_t)(w->end - w->o) < len + fill) {
		w->full = true;
		return;
	}
	w->o = pad(w->o, s, len, st);
}

static void put_hex(struct out *w, uint64_t v)
{
	char tmp[20], *t = tmp + sizeof(tmp);

	do {
		*--t = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put(w, "0x", 2);
	put(w, t, tmp + sizeof(tmp) - t);
}

struct rec_view {
	const uint8_t *data;
	unsigned size;
	bool swap;
};

/* false where libtraceevent would warn (a field past the record) or C has no answer */
static bool eval(const struct expr *e, const struct rec_view *r, uint64_t *v)
{
	uint64_t a, b;

	switch (e->kind) {
	case EX_CONST:
		*v = e->val;
		return true;
	case EX_FIELD:
		if (e->offset + e->size > r->size)
			return false;
		*v = read_uint(r->data + e->offset, e->size, r->swap);
		return true;
	case EX_MASK:
		if (!eval(e->a, r, &a))
			return false;
		*v = a & e->val;
		return true;
	case EX_COND:
		if (!eval(e->a, r, &a))
			return false;
		return eval(a ? e->b : e->c, r, v);
	case EX_OP:
		break;
	}
	if (!eval(e->a, r, &a) || !eval(e->b, r, &b))
		return false;
	if (!strcmp(e->op, "<<") || !strcmp(e->op, ">>")) {
		if (b >= 64)
			return false;
		*v = e->op[0] == '<' ? a << b : a >> b;
		return true;
	}
	switch (e->op[0]) {
	case '!':
		*v = e->op[1] ? a != b : !b;
		return true;
	case '~':
		*v = ~b;
		return true;
	case '|':
		*v = e->op[1] ? a || b : a | b;
		return true;
	case '&':
		*v = e->op[1] ? a && b : a & b;
		return true;
	case '<':
		*v = e->op[1] ? a <= b : a < b;
		return true;
	case '>':
		*v = e->op[1] ? a >= b : a > b;
		return true;
	case '=':
		*v = a == b;
		return true;
	case '-':
		*v = a - b;
		return true;
	case '+':
		*v = a + b;
		return true;
	case '*':
		*v = a * b;
		return true;
	case '/':
	case '%':
		if (!b)
			return false;
		*v = e->op[0] == '/' ? a / b : a % b;
		return true;
	}
	return false;
}

/* print_str_arg() of libtraceevent; false to leave the record to it */
static bool put_snode(struct out *w, const struct snode *sn, const struct rec_view *r,
		      const struct step *st)
{
	const char *s;
	uint64_t v;
	long long val;
	unsigned off, len;
	bool any = false;
	int i;

	switch (sn->kind) {
	case SN_TEXT:
		put_padded(w, sn->text, sn->len, st);
		return true;
	case SN_ARRAY:
		if (sn->offset > r->size || sn->size > r->size - sn->offset)
			return false;
		s = (const char *)r->data + sn->offset;
		put_padded(w, s, strnlen(s, sn->size ? sn->size : r->size - sn->offset), st);
		return true;
	case SN_DYN:
		/* a descriptor past the record, or text that would be, prints nothing */
		if (sn->offset + sn->size > r->size)
			return true;
		v = read_uint(r->data + sn->offset, 4, r->swap);
		off = v & 0xffff;
		len = (v >> 16) & 0xffff;
		if (off > r->size || off + len > r->size || !len)
			return true;
		/* printed up to its NUL, which must be in the record */
		s = (const char *)r->data + off;
		len = strnlen(s, r->size - off);
		if (len == r->size - off)
			return false;
		put_padded(w, s, len, st);
		return true;
	case SN_COND:
		if (!eval(sn->e, r, &v))
			return false;
		return put_snode(w, v ? sn->t : sn->f, r, st);
	case SN_SYMBOL:
		if (!eval(sn->e, r, &v))
			return false;
		val = (long long)v;
		for (i = 0; i < sn->nsyms; i++)
			if (val == sn->syms[i].val) {
				put_padded(w, sn->syms[i].str, sn->syms[i].len, st);
				return true;
			}
		put_hex(w, v);
		return true;
	case SN_FLAGS:
		if (!eval(sn->e, r, &v))
			return false;
		val = (long long)v;
		for (i = 0; i < sn->nsyms; i++) {
			long long f = sn->syms[i].val;

			if (!val && f < 0) {
				put_padded(w, sn->syms[i].str, sn->syms[i].len, st);
				break;
			}
			if (f > 0 && (val & f) == f) {
				if (any && sn->delim)
					put(w, sn->delim, sn->dlen);
				put_padded(w, sn->syms[i].str, sn->syms[i].len, st);
				any = true;
				val &= ~f;
			}
		}
		if (val) {
			if (any && sn->delim)
				put(w, sn->delim, sn->dlen);
			put_hex(w, val);
		}
		return true;
	}
	return false;
}

/* Format into buf; the length, or -1 if the record is left to libtraceevent. */
static int run(struct tq_fmt_cache *c, const struct prog *pr, const struct tep_record *rec,
	       char *buf)
{
	struct rec_view r = {
		.data = rec->data,
		.size = rec->size,
		.swap = tep_is_file_bigendian(c->tep) != tep_is_local_bigendian(c->tep),
	};
	/* one byte for the caller's newline */
	struct out w = { .o = buf, .end = buf + LINE_MAX_FAST - 1 };
	unsigned long long start;
	const char *name;
	uint64_t v;
	int i;

	if (pr->special)
		return run_sched(c, pr, rec, buf, r.swap);
	if (pr->call_site) {
		if (pr->cs_offset + pr->cs_size > r.size)
			return -1;
		v = read_uint(r.data + pr->cs_offset, pr->cs_size, r.swap);
		name = find_function(c, v, &start);
		if (name) {
			char num[16];

			put(&w, "(", 1);
			put(&w, name, strlen(name));
			put(&w, num, snprintf(num, sizeof(num), "+0x%x) ", (unsigned)(v - start)));
		}
	}
	for (i = 0; i < pr->nsteps; i++) {
		const struct step *st = &pr->steps[i];

		put(&w, st->lit, st->litlen);
		switch (st->kind) {
		case STEP_INT:
			if (!eval(st->e, &r, &v))
				return -1;
			/* the widest number: 64 width, 22 octal digits, sign and prefix */
			if (w.full || w.end - w.o < 96) {
				w.full = true;
				break;
			}
			w.o = put_int(w.o, v, st);
			break;
		case STEP_PTR:
			if (!eval(st->e, &r, &v))
				return -1;
			if (v)
				put_hex(&w, v);
			else
				put(&w, "(nil)", 5);
			break;
		case STEP_FUNC:
			if (!eval(st->e, &r, &v))
				return -1;
			name = find_function(c, v, &start);
			if (!name) {
				put_hex(&w, v);
				break;
			}
			put(&w, name, strlen(name));
			if (st->offset) {
				put(&w, "+", 1);
				put_hex(&w, v - start);
			}
			break;
		case STEP_STR:
			if (!put_snode(&w, st->sn, &r, st))
				return -1;
			break;
		}
	}
	put(&w, pr->tail, pr->taillen);
	return w.full ? -1 : w.o - buf;
}

/* Does libtraceevent print the same? Used on the first records of each type. */
static bool agrees(struct tq_fmt_cache *c, struct tep_record *rec, const char *buf, int len)
{
	struct trace_seq *s = &c->seq;

	trace_seq_reset(s);
	tep_print_event(c->tep, s, rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(s);
	while (s->len && s->buffer[s->len - 1] == '\n')
		s->len--;
	return (int)s->len == len && !memcmp(s->buffer, buf, len);
}

void tq_fmt_cache_set_symbol_loader(struct tq_fmt_cache *c, void (*load)(void *arg), void *arg)
{
	c->load_symbols = load;
	c->load_arg = arg;
}

static bool looks_up_symbols(const struct prog *pr)
{
	for (int i = 0; i < pr->nsteps; i++)
		if (pr->steps[i].kind == STEP_FUNC)
			return true;
	return pr->call_site;
}

static void need_symbols(struct tq_fmt_cache *c)
{
	if (c->load_symbols) {
		c->load_symbols(c->load_arg);
		c->load_symbols = NULL;
	}
}

int tq_fmt_format(struct tq_fmt_cache *c, struct tep_event *event, struct tep_record *rec,
		  char *buf, size_t size)
{
	struct prog *pr = get_prog(c, event);
	bool verify;
	int len;

	if (!pr || pr->state < 0 || size < LINE_MAX_FAST)
		return -1;
	verify = pr->verified < VERIFY_RECORDS && !c->no_verify;
	/* libtraceevent's own printing (the verification below) may look symbols up too */
	if (c->load_symbols && (looks_up_symbols(pr) || verify))
		need_symbols(c);
	c->name_pids = !verify;
	len = run(c, pr, rec, buf);
	if (len < 0)
		return -1;
	/* trace-cmd drops the newlines at the end (trace_marker text has one) */
	while (len && buf[len - 1] == '\n')
		len--;
	if (verify) {
		if (!agrees(c, rec, buf, len)) {
			pr->state = -1;
			return -1;
		}
		pr->verified++;
	}
	return len;
}

int tq_fmt_print(struct tq_fmt_cache *c, struct tep_event *event, struct tep_record *rec,
		 FILE *out)
{
	char buf[LINE_MAX_FAST];
	int len = tq_fmt_format(c, event, rec, buf, sizeof(buf));

	if (len < 0)
		return -1;
	fwrite(buf, 1, len, out);
	return 0;
}
