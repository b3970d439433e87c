// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fast event text. libtraceevent interprets an event's print fmt and calls vsnprintf for
 * every record, which is most of the time of a report. Most print fmts are a string of
 * literals and plain conversions of fields ("fd: 0x%08lx, count: %lu"), so such a format
 * is compiled once into steps that format integers and strings by hand.
 *
 * Identity with libtraceevent is what matters, so the compiler only accepts what it can
 * reproduce exactly (casts that do not change the value, flags 0 - #, widths), and the first
 * records of every event type are printed both ways and compared: a type whose outputs
 * ever differ goes back to tep_print_event() for good.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <trace-seq.h>

#include "format.h"

#define VERIFY_RECORDS 16
#define LINE_MAX_FAST TQ_FMT_BUF

enum step_kind { STEP_INT, STEP_STR_ARRAY, STEP_STR_DYN, STEP_SYM, STEP_COND };

struct step {
	const char *lit;	/* literal text before the conversion */
	int litlen;
	enum step_kind kind;
	unsigned offset, size;	/* of the field in the record */
	int ls;			/* length modifier: -2 hh, -1 h, 0 none, 1 l, 2 ll */
	char conv;		/* d i u x X s */
	int width;
	bool left, zero, alt;
	const char *yes, *no;	/* STEP_COND: field ? "yes" : "no" */
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

void tq_fmt_cache_free(struct tq_fmt_cache *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < c->nprogs; i++)
		free(c->progs[i].steps);
	free(c->progs);
	trace_seq_destroy(&c->seq);
	free(c);
}

/* Casts whose evaluation in libtraceevent leaves a 64-bit value unchanged. */
static bool neutral_cast(const char *type)
{
	static const char *const same[] = {
		"unsigned long", "long", "unsigned long long", "long long", "u64", "s64",
		"unsigned long int", "long int",
	};
	size_t i, len = strlen(type);

	if (len && type[len - 1] == '*')
		return true;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		if (!strcmp(type, same[i]))
			return true;
	return false;
}

static struct tep_format_field *plain_field(struct tep_print_arg *arg)
{
	while (arg && arg->type == TEP_PRINT_TYPE) {
		if (!neutral_cast(arg->typecast.type))
			return NULL;
		arg = arg->typecast.item;
	}
	if (!arg || arg->type != TEP_PRINT_FIELD)
		return NULL;
	if (!arg->field.field)
		return NULL;
	return arg->field.field;
}

/*
 * REC->args[N] with a constant N (raw_syscalls' sys_enter, half the events of a syscall
 * trace): libtraceevent reads the element at the field's offset plus N element sizes, with
 * the element's size. *offset and *size say where; NULL if the argument is anything else.
 */
static struct tep_format_field *array_element(struct tep_print_arg *arg, unsigned *offset,
					      unsigned *size)
{
	struct tep_print_arg *left, *right;
	struct tep_format_field *f;
	char *end;
	unsigned long idx;

	if (!arg || arg->type != TEP_PRINT_OP || strcmp(arg->op.op, "["))
		return NULL;
	left = arg->op.left;
	right = arg->op.right;
	if (!left || left->type != TEP_PRINT_FIELD || !left->field.field || !right ||
	    right->type != TEP_PRINT_ATOM || !right->atom.atom)
		return NULL;
	f = left->field.field;
	if (!(f->flags & TEP_FIELD_IS_ARRAY) || (f->flags & (TEP_FIELD_IS_DYNAMIC |
							      TEP_FIELD_IS_STRING)))
		return NULL;
	if (f->elementsize != 1 && f->elementsize != 2 && f->elementsize != 4 &&
	    f->elementsize != 8)
		return NULL;
	idx = strtoul(right->atom.atom, &end, 10);
	if (*end || end == right->atom.atom || idx >= (unsigned long)f->size / f->elementsize)
		return NULL;
	*offset = f->offset + idx * f->elementsize;
	*size = f->elementsize;
	return f;
}

/* Parse one conversion at *p (just after '%'); false if it is not one we reproduce. */
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
	}
	switch (*s) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 's':
		st->conv = *s;
		break;
	case 'p':
		/* %ps: the kernel function at an address; other %p extensions are left to
		 * libtraceevent */
		if (s[1] != 's' || st->ls || st->width || st->left || st->zero || st->alt)
			return false;
		st->conv = 'p';
		s++;
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

/* FIELD ? "a" : "b", as in sched_process_exit's group_dead */
static bool cond_arg(struct tep_event *event, struct tep_print_arg *arg, struct step *st,
		     struct tep_format_field **f)
{
	struct tep_print_arg *choice = arg->op.right;

	if (strcmp(arg->op.op, "?") || !choice || choice->type != TEP_PRINT_OP ||
	    strcmp(choice->op.op, ":") || !choice->op.left || !choice->op.right ||
	    choice->op.left->type != TEP_PRINT_ATOM || choice->op.right->type != TEP_PRINT_ATOM)
		return false;
	*f = plain_field(arg->op.left);
	if (!*f || !int_field(*f))
		return false;
	st->yes = choice->op.left->atom.atom;
	st->no = choice->op.right->atom.atom;
	return st->yes && st->no;
}

static bool compile(struct tep_event *event, struct prog *pr)
{
	const char *p = event->print_fmt.format, *lit;
	struct tep_print_arg *arg = event->print_fmt.args;

	if (event->flags & TEP_EVENT_FL_FAILED)
		return false;
	if (event->handler)
		return compile_sched(event, pr);
	if (!p)
		return false;
	lit = p;
	while (*p) {
		struct step st = { 0 };
		struct tep_format_field *f;

		if (*p == '\\')
			return false;
		if (*p != '%') {
			p++;
			continue;
		}
		if (p[1] == '%')
			return false;
		st.lit = lit;
		st.litlen = p - lit;
		p++;
		if (!parse_conv(&p, &st) || !arg)
			return false;
		if (st.conv == 'p') {
			f = plain_field(arg);
			if (!f || (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC)) ||
			    (f->size != 4 && f->size != 8))
				return false;
			st.kind = STEP_SYM;
		} else if (st.conv == 's') {
			if (st.zero || st.alt)
				return false;
			if (arg->type == TEP_PRINT_OP && cond_arg(event, arg, &st, &f)) {
				st.kind = STEP_COND;
			} else if (arg->type == TEP_PRINT_STRING) {
				/* libtraceevent resolves __get_str()'s field on first use */
				f = arg->string.field ? arg->string.field :
					tep_find_any_field(event, arg->string.string);
				if (!f)
					return false;
				if (!(f->flags & TEP_FIELD_IS_DYNAMIC) || f->size != 4 ||
				    (f->flags & TEP_FIELD_IS_RELATIVE))
					return false;
				st.kind = STEP_STR_DYN;
			} else {
				f = plain_field(arg);
				if (!f || !(f->flags & TEP_FIELD_IS_ARRAY) ||
				    (f->flags & TEP_FIELD_IS_DYNAMIC) || f->elementsize != 1)
					return false;
				st.kind = STEP_STR_ARRAY;
			}
		} else {
			f = array_element(arg, &st.offset, &st.size);
			if (!f) {
				f = plain_field(arg);
				if (!f || (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC |
						       TEP_FIELD_IS_STRING)))
					return false;
				st.offset = f->offset;
				st.size = f->size;
			}
			if (st.size != 1 && st.size != 2 && st.size != 4 && st.size != 8)
				return false;
			if (st.left && st.zero)
				return false;
			/* whether a narrow signed field is sign-extended before a long conversion
			 * differs between libtraceevent versions: leave that to libtraceevent */
			if (st.ls > 0 && st.size < 8 && (f->flags & TEP_FIELD_IS_SIGNED))
				return false;
			st.kind = STEP_INT;
		}
		/* a letter glued to %s/%d (e.g. "%sx") is fine; %p was refused above */
		if (st.kind != STEP_INT) {
			st.offset = f->offset;
			st.size = f->size;
		}
		if (!add_step(pr, &st))
			return false;
		arg = arg->next;
		lit = p;
	}
	if (arg)
		return false;
	pr->tail = lit;
	pr->taillen = p - lit;
	return true;
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
		if (pr->state < 0) {
			free(pr->steps);
			pr->steps = NULL;
			pr->nsteps = 0;
		}
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

/* Format into buf; the length, or -1 if the record does not fit the steps. */
static int run(struct tq_fmt_cache *c, const struct prog *pr, const struct tep_record *rec,
	       char *buf)
{
	const uint8_t *data = rec->data;
	unsigned rsize = rec->size;
	bool swap = tep_is_file_bigendian(c->tep) != tep_is_local_bigendian(c->tep);
	char *o = buf, *end = buf + LINE_MAX_FAST;
	int i;

	if (pr->special)
		return run_sched(c, pr, rec, buf, swap);
	for (i = 0; i < pr->nsteps; i++) {
		const struct step *st = &pr->steps[i];
		const char *s;
		unsigned off, len;

		if (st->offset + st->size > rsize)
			return -1;
		/* worst case: literal + 64 width + 24 digits, or the string */
		if (end - o < st->litlen + 96)
			return -1;
		memcpy(o, st->lit, st->litlen);
		o += st->litlen;
		switch (st->kind) {
		case STEP_INT:
			o = put_int(o, read_uint(data + st->offset, st->size, swap), st);
			break;
		case STEP_COND:
			s = read_uint(data + st->offset, st->size, swap) ? st->yes : st->no;
			len = strlen(s);
			if (end - o < (long)len + st->width + 1)
				return -1;
			o = pad(o, s, len, st);
			break;
		case STEP_SYM:
			s = tep_find_function(c->tep, read_uint(data + st->offset, st->size, swap));
			/* an address without a symbol is printed by libtraceevent */
			if (!s)
				return -1;
			len = strlen(s);
			if (end - o < (long)len + 1)
				return -1;
			o = pad(o, s, len, st);
			break;
		case STEP_STR_ARRAY:
			s = (const char *)data + st->offset;
			/* a flexible array (char buf[], size 0) runs to the end of the record */
			len = strnlen(s, st->size ? st->size : rsize - st->offset);
			if (end - o < (long)len + st->width + 1)
				return -1;
			o = pad(o, s, len, st);
			break;
		case STEP_STR_DYN:
			off = read_uint(data + st->offset, 4, swap);
			len = off >> 16;
			off &= 0xffff;
			if (off > rsize || len > rsize - off)
				return -1;
			s = (const char *)data + off;
			len = strnlen(s, len);
			if (end - o < (long)len + st->width + 1)
				return -1;
			o = pad(o, s, len, st);
			break;
		}
	}
	if (end - o < pr->taillen + 1)
		return -1;
	memcpy(o, pr->tail, pr->taillen);
	o += pr->taillen;
	return o - buf;
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
		if (pr->steps[i].kind == STEP_SYM)
			return true;
	return false;
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
