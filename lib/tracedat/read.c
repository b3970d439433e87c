// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat metadata: the initial header, v6 blocks, v7 sections and options, buffers.
 * Layout facts are in ../shared/docs/trace-dat.md. Every read goes through a bounded
 * cursor (struct rd) so that a corrupt length can only produce an error naming the offset.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/diag.h"
#include "tracedat/internal.h"
#include "tracedat/validate.h"

/*
 * What the probing child is handing libtraceevent now, in memory shared with the parent:
 * when the child dies inside libtraceevent, the parent names that section and event.
 */
#define STEP_NOTE_SIZE 256
static char *step_note;

__attribute__((format(printf, 1, 2))) static void note_step(const char *fmt, ...)
{
	va_list ap;

	if (!step_note)
		return;
	va_start(ap, fmt);
	vsnprintf(step_note, STEP_NOTE_SIZE, fmt, ap);
	va_end(ap);
}

/* The "name: NAME" of a format text (not NUL-terminated), for messages. */
static void note_format(const char *sys, const uint8_t *text, uint64_t len, uint32_t i,
			uint32_t n)
{
	const char *name = step_note ? memmem(text, len, "name: ", 6) : NULL;
	size_t k = 0;

	if (name) {
		name += 6;
		while ((const uint8_t *)name + k < text + len && k < 64 &&
		       (isalnum((unsigned char)name[k]) || name[k] == '_'))
			k++;
	}
	note_step("event formats: system '%s', format %u of %u%s%.*s%s", sys, i + 1, n,
		  k ? ", event '" : "", (int)k, k ? name : "", k ? "'" : "");
}

/* Refuse absurd sizes from corrupt headers before allocating for them. */
#define MAX_UNCOMPRESSED (512u << 20)
#define MAX_CPUS 8192

static const char *const option_names[] = {
	[TQ_TD_OPT_DONE] = "DONE",
	[TQ_TD_OPT_DATE] = "DATE",
	[TQ_TD_OPT_CPUSTAT] = "CPUSTAT",
	[TQ_TD_OPT_BUFFER] = "BUFFER",
	[TQ_TD_OPT_TRACECLOCK] = "TRACECLOCK",
	[TQ_TD_OPT_UNAME] = "UNAME",
	[TQ_TD_OPT_HOOK] = "HOOK",
	[TQ_TD_OPT_OFFSET] = "OFFSET",
	[TQ_TD_OPT_CPUCOUNT] = "CPUCOUNT",
	[TQ_TD_OPT_VERSION] = "VERSION",
	[TQ_TD_OPT_PROCMAPS] = "PROCMAPS",
	[TQ_TD_OPT_TRACEID] = "TRACEID",
	[TQ_TD_OPT_TIME_SHIFT] = "TIME_SHIFT",
	[TQ_TD_OPT_GUEST] = "GUEST",
	[TQ_TD_OPT_TSC2NSEC] = "TSC2NSEC",
	[TQ_TD_OPT_STRINGS] = "STRINGS",
	[TQ_TD_OPT_HEADER_INFO] = "HEADERS",
	[TQ_TD_OPT_FTRACE_EVENTS] = "FTRACE EVENTS",
	[TQ_TD_OPT_EVENT_FORMATS] = "EVENT FORMATS",
	[TQ_TD_OPT_KALLSYMS] = "KALLSYMS",
	[TQ_TD_OPT_PRINTK] = "PRINTK",
	[TQ_TD_OPT_CMDLINES] = "CMDLINES",
	[TQ_TD_OPT_BUFFER_TEXT] = "BUFFER_LAT",
	[TQ_TD_OPT_BTF_FILE] = "BTF",
	[TQ_TD_OPT_LAST_BOOT_INFO] = "LAST_BOOT_INFO",
	[TQ_TD_OPT_MODULES_FILE] = "MODULES",
};

struct tq_td_quoted tq_td_quote(const void *text, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = text;
	struct tq_td_quoted q;
	size_t i, n = 0;

	for (i = 0; i < max && p[i]; i++) {
		if (n + 8 > sizeof(q.s)) {
			memcpy(q.s + n, "...", 3);
			n += 3;
			break;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			q.s[n++] = p[i];
			continue;
		}
		q.s[n++] = '\\';
		q.s[n++] = 'x';
		q.s[n++] = hex[p[i] >> 4];
		q.s[n++] = hex[p[i] & 15];
	}
	q.s[n] = '\0';
	return q;
}

const char *tq_td_option_name(unsigned id)
{
	if (id <= TQ_TD_OPT_MAX_KNOWN)
		return option_names[id];
	return NULL;
}

/* A bounded reader over the file or over a decompressed section body. */
struct rd {
	struct tq_tracedat *td;
	const uint8_t *p;
	size_t len;
	size_t pos;
	uint64_t base;		/* file offset of p[0], or of the section header */
	bool inner;		/* p is a decompressed body: positions are relative */
	const char *what;	/* what is being read, for messages */
};

static void rd_init(struct rd *r, struct tq_tracedat *td, const uint8_t *p, size_t len,
		    uint64_t base, bool inner, const char *what)
{
	*r = (struct rd){ .td = td, .p = p, .len = len, .base = base, .inner = inner,
			  .what = what };
}

static int rd_fail(const struct rd *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rd_fail(const struct rd *r, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->inner)
		return tq_fail(err, "%s: %s: %s at offset %zu of the section at offset %llu",
			       r->td->path, r->what, msg, r->pos, (unsigned long long)r->base);
	return tq_fail(err, "%s: %s: %s at offset %llu", r->td->path, r->what, msg,
		       (unsigned long long)(r->base + r->pos));
}

static bool host_big_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 0;
}

uint64_t tq_td_get(const struct tq_tracedat *td, const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	if (td->big_endian) {
		for (i = 0; i < n; i++)
			v = (v << 8) | p[i];
	} else {
		for (i = n - 1; i >= 0; i--)
			v = (v << 8) | p[i];
	}
	return v;
}

static int rd_need(struct rd *r, size_t n)
{
	if (r->len - r->pos < n)
		return rd_fail(r, EINVAL, "truncated (%zu bytes needed, %zu left)", n,
			       r->len - r->pos);
	return 0;
}

static int rd_uint(struct rd *r, int n, uint64_t *v)
{
	int err = rd_need(r, n);

	if (err)
		return err;
	*v = tq_td_get(r->td, r->p + r->pos, n);
	r->pos += n;
	return 0;
}

static int rd_u16(struct rd *r, uint16_t *v)
{
	uint64_t x;
	int err = rd_uint(r, 2, &x);

	*v = x;
	return err;
}

static int rd_u32(struct rd *r, uint32_t *v)
{
	uint64_t x;
	int err = rd_uint(r, 4, &x);

	*v = x;
	return err;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
	return rd_uint(r, 8, v);
}

static int rd_bytes(struct rd *r, uint64_t n, const uint8_t **p)
{
	if (n > r->len - r->pos)
		return rd_fail(r, EINVAL, "length %llu runs past the end (%zu bytes left)",
			       (unsigned long long)n, r->len - r->pos);
	*p = r->p + r->pos;
	r->pos += n;
	return 0;
}

static int rd_cstr(struct rd *r, const char **s)
{
	const uint8_t *end = memchr(r->p + r->pos, '\0', r->len - r->pos);

	if (!end)
		return rd_fail(r, EINVAL, "unterminated string");
	*s = (const char *)r->p + r->pos;
	r->pos = end - r->p + 1;
	return 0;
}

static int own(struct tq_tracedat *td, void *p)
{
	void **n = realloc(tq_td_priv(td)->owned, (tq_td_priv(td)->nowned + 1) * sizeof(*n));

	if (!n) {
		free(p);
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	}
	tq_td_priv(td)->owned = n;
	tq_td_priv(td)->owned[tq_td_priv(td)->nowned++] = p;
	return 0;
}

/* A NUL-terminated copy owned by td, for the libtraceevent parsers that want strings. */
static char *own_string(struct tq_tracedat *td, const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	if (own(td, s))
		return NULL;
	return s;
}

static void warn(struct tq_tracedat *td, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct tq_tracedat *td, const char *fmt, ...)
{
	char **n;
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	n = realloc(td->warnings, (td->nwarnings + 1) * sizeof(*n));
	if (!n) {
		free(msg);
		return;
	}
	td->warnings = n;
	td->warnings[td->nwarnings++] = msg;
}

/* ---- metadata blocks, same payload in v6 (inline) and v7 (sections) ---- */

/* Refuse text (at text in r's buffer) that validate.c found flawed, at the flawed byte. */
static int refuse_flaw(struct rd *r, const uint8_t *text, const struct tq_td_flaw *f,
		       const char *what)
{
	r->pos = (size_t)(text - r->p) + f->at;
	return rd_fail(r, EINVAL, "%s%s%s%s%s%s (damaged, not handed to libtraceevent)",
		       what ? what : "", f->event[0] ? ", event '" : "", f->event,
		       f->event[0] ? "'" : "", what ? ": " : "", f->why);
}

static int read_headers(struct rd *r)
{
	struct tq_tracedat *td = r->td;
	const uint8_t *name = NULL, *text = NULL;
	struct tq_td_flaw flaw;
	uint64_t n;
	char *copy;
	int err;

	err = rd_bytes(r, 12, &name);
	if (err)
		return err;
	if (memcmp(name, "header_page", 12))
		return rd_fail(r, EINVAL, "missing \"header_page\"");
	err = rd_u64(r, &n) ?: rd_bytes(r, n, &text);
	if (err)
		return err;
	td->meta.header_page_size = n;
	td->meta.header_page = (const char *)text;
	if (tq_td_check_header_page(text, n, &flaw))
		return refuse_flaw(r, text, &flaw, "header_page");
	/* libtraceevent's prototype takes a writable buffer */
	copy = own_string(td, text, n);
	if (!copy)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	note_step("header_page");
	if (n && tep_parse_header_page(td->tep, copy, n, td->long_size))
		return rd_fail(r, EINVAL, "cannot parse the header_page description");
	if (n) {
		int commit = tep_get_header_page_size(td->tep);

		if (tep_get_header_timestamp_size(td->tep) != 8)
			return rd_fail(r, EINVAL, "header_page timestamp is not 8 bytes");
		if (commit == 4 || commit == 8)
			td->kernel_long = commit;
	}

	err = rd_bytes(r, 13, &name);
	if (err)
		return err;
	if (memcmp(name, "header_event", 13))
		return rd_fail(r, EINVAL, "missing \"header_event\"");
	err = rd_u64(r, &n) ?: rd_bytes(r, n, &text);
	if (err)
		return err;
	td->meta.header_event_size = n;
	td->meta.header_event = (const char *)text;
	return 0;
}

static int read_formats(struct rd *r, const char *sys, int *count)
{
	struct tq_tracedat *td = r->td;
	struct tq_td_flaw flaw;
	uint32_t n, i;
	int err;

	err = rd_u32(r, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		const uint8_t *text = NULL;
		uint64_t len;

		err = rd_u64(r, &len) ?: rd_bytes(r, len, &text);
		if (err)
			return err;
		note_format(sys, text, len, i, n);
		if (tq_td_check_format(text, len, &flaw)) {
			char what[200];

			snprintf(what, sizeof(what), "system '%s', format %u of %u",
				 tq_td_quote(sys, 64).s, i + 1, n);
			return refuse_flaw(r, text, &flaw, what);
		}
		if (tep_parse_event(td->tep, (const char *)text, len, sys))
			td->meta.format_failures++;
		(*count)++;
	}
	return 0;
}

static int read_ftrace_events(struct rd *r)
{
	size_t start = r->pos;
	int err = read_formats(r, "ftrace", &r->td->meta.ftrace_events);

	r->td->meta.ftrace_block = r->p + start;
	r->td->meta.ftrace_block_len = r->pos - start;
	return err;
}

static int read_event_formats(struct rd *r)
{
	struct tq_tracedat *td = r->td;
	size_t start = r->pos;
	uint32_t nsys, i;
	int err;

	err = rd_u32(r, &nsys);
	if (err)
		return err;
	for (i = 0; i < nsys; i++) {
		const char *sys = NULL;

		err = rd_cstr(r, &sys) ?: read_formats(r, sys, &td->meta.events);
		if (err)
			return err;
		td->meta.systems++;
	}
	td->meta.events_block = r->p + start;
	td->meta.events_block_len = r->pos - start;
	return 0;
}

/* kallsyms and printk have a u32 size, cmdlines a u64 one. */
static int read_text(struct rd *r, int size_bytes, uint64_t *len, char **out)
{
	const uint8_t *text = NULL;
	uint64_t n;
	int err;

	err = rd_uint(r, size_bytes, &n) ?: rd_bytes(r, n, &text);
	if (err)
		return err;
	*len = n;
	*out = own_string(r->td, text, n);
	if (!*out)
		return tq_fail(ENOMEM, "%s: out of memory", r->td->path);
	return 0;
}

static int read_kallsyms(struct rd *r)
{
	struct tq_tracedat *td = r->td;
	char *text;
	int err = read_text(r, 4, &td->meta.kallsyms_size, &text);

	if (err)
		return err;
	td->meta.kallsyms = text;
	if (!(tq_td_priv(td)->flags & (TQ_TD_NO_KALLSYMS | TQ_TD_LAZY_KALLSYMS)))
		return tq_td_load_kallsyms(td);
	return 0;
}

int tq_td_load_kallsyms(struct tq_tracedat *td)
{
	if (tq_td_priv(td)->kallsyms_loaded || !td->meta.kallsyms)
		return 0;
	tq_td_priv(td)->kallsyms_loaded = true;
	if (td->meta.kallsyms_size && tep_parse_kallsyms(td->tep, td->meta.kallsyms))
		warn(td, "cannot parse kallsyms");
	return 0;
}

static int read_printk(struct rd *r)
{
	struct tq_tracedat *td = r->td;
	size_t start = r->pos + 4;
	struct tq_td_flaw flaw;
	char *text;
	int err = read_text(r, 4, &td->meta.printk_size, &text);

	if (err)
		return err;
	if (tq_td_check_printk(r->p + start, td->meta.printk_size, &flaw))
		return refuse_flaw(r, r->p + start, &flaw, NULL);
	td->meta.printk = text;
	note_step("printk formats, %llu bytes", (unsigned long long)td->meta.printk_size);
	if (td->meta.printk_size && tep_parse_printk_formats(td->tep, text))
		warn(td, "cannot parse printk formats");
	return 0;
}

static int read_cmdlines(struct rd *r)
{
	struct tq_tracedat *td = r->td;
	char *text;
	int err = read_text(r, 8, &td->meta.cmdlines_size, &text);

	if (err)
		return err;
	td->meta.cmdlines = text;
	note_step("saved command lines");
	if (td->meta.cmdlines_size && tep_parse_saved_cmdlines(td->tep, text))
		warn(td, "cannot parse saved cmdlines");
	return 0;
}

/* ---- options ---- */

static int add_option(struct tq_tracedat *td, uint16_t id, uint32_t size, const uint8_t *data,
		      uint64_t section)
{
	struct tq_td_option *n = realloc(td->options, (td->noptions + 1) * sizeof(*n));

	if (!n)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	td->options = n;
	td->options[td->noptions++] = (struct tq_td_option){ id, size, data, section };
	return 0;
}

const struct tq_td_option *tq_td_find_option(const struct tq_tracedat *td, unsigned id)
{
	int i;

	for (i = 0; i < td->noptions; i++)
		if (td->options[i].id == id)
			return &td->options[i];
	return NULL;
}

/* Option payload strings are NUL-terminated by the writer; do not trust that. */
static char *option_string(struct tq_tracedat *td, const struct tq_td_option *o)
{
	return own_string(td, o->data, strnlen((const char *)o->data, o->size));
}

static int add_buffer(struct tq_tracedat *td, struct tq_td_buffer **out)
{
	struct tq_td_buffer *n = realloc(td->buffers, (td->nbuffers + 1) * sizeof(*n));

	if (!n)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	td->buffers = n;
	*out = &td->buffers[td->nbuffers++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/* Ring-buffer pages are whole memory pages, or a power-of-two number of them. */
#define MIN_PAGE_SIZE 4096u
#define MAX_PAGE_SIZE (64u << 20)

static bool plausible_page_size(unsigned ps)
{
	return ps >= MIN_PAGE_SIZE && ps <= MAX_PAGE_SIZE && !(ps & (ps - 1));
}

/* A buffer's page size only has to be one its data can be walked with. */
static int check_page_size(struct tq_tracedat *td, unsigned ps, uint64_t where)
{
	if (ps < 64 || ps > MAX_PAGE_SIZE)
		return tq_fail(EINVAL, "%s: implausible page size %u at offset %llu", td->path, ps,
			       (unsigned long long)where);
	return 0;
}

static int check_cpu_data(struct tq_tracedat *td, struct tq_td_buffer *b, struct tq_td_cpu *c)
{
	uint64_t min = b->compressed ? 4 : 0;

	if (c->offset > td->size || c->size + min > td->size - c->offset)
		return tq_fail(EINVAL, "%s: CPU %d data of buffer \"%s\" (offset %llu, size %llu) "
			       "runs past the end of the file: possibly truncated", td->path,
			       c->cpu, tq_td_quote(b->name, SIZE_MAX).s,
			       (unsigned long long)c->offset, (unsigned long long)c->size);
	return 0;
}

/* ---- v7 sections ---- */

static const struct tq_td_section *find_section(const struct tq_tracedat *td, uint64_t off)
{
	int i;

	for (i = 0; i < td->nsections; i++)
		if (td->sections[i].offset == off)
			return &td->sections[i];
	return NULL;
}

/* A reader over a section's body, decompressing a block-compressed one. */
static int section_body(struct tq_tracedat *td, uint64_t off, unsigned id, const char *what,
			struct rd *r)
{
	const struct tq_td_section *s = find_section(td, off);
	const uint8_t *body = NULL;
	uint32_t csize, usize;
	uint8_t *out;
	int err;

	if (!s)
		return tq_fail(EINVAL, "%s: %s: offset %llu is not the start of a section",
			       td->path, what, (unsigned long long)off);
	if (s->id != id)
		return tq_fail(EINVAL, "%s: %s: section at offset %llu has id %u, not %u", td->path,
			       what, (unsigned long long)off, s->id, id);
	body = td->map + s->offset + 16;
	if (!(s->flags & 1)) {
		rd_init(r, td, body, s->size, s->offset + 16, false, what);
		return 0;
	}
	rd_init(r, td, body, s->size, s->offset + 16, false, what);
	err = rd_u32(r, &csize) ?: rd_u32(r, &usize);
	if (err)
		return err;
	if (csize > s->size - 8)
		return rd_fail(r, EINVAL, "compressed size %u larger than the section", csize);
	if (usize > MAX_UNCOMPRESSED)
		return rd_fail(r, EINVAL, "implausible uncompressed size %u", usize);
	out = malloc(usize ? usize : 1);
	if (!out)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	err = own(td, out);
	if (err)
		return err;
	err = tq_td_decompress(td, body + 8, csize, out, usize, s->offset + 24);
	if (err)
		return err;
	rd_init(r, td, out, usize, s->offset, true, what);
	return 0;
}

static int scan_sections(struct tq_tracedat *td, uint64_t start)
{
	uint64_t off = start;
	int err, i;

	while (off < td->size) {
		struct tq_td_section s = { .offset = off };
		struct tq_td_section *n;
		struct rd r;

		rd_init(&r, td, td->map, td->size, 0, false, "section header");
		r.pos = off;
		err = rd_u16(&r, &s.id) ?: rd_u16(&r, &s.flags) ?: rd_u32(&r, &s.string_id) ?:
		      rd_u64(&r, &s.size);
		if (err)
			return err;
		if (s.size > td->size - r.pos)
			return tq_fail(EINVAL, "%s: section %u at offset %llu (size %llu) runs past "
				       "the end of the file: possibly truncated", td->path, s.id,
				       (unsigned long long)off, (unsigned long long)s.size);
		n = realloc(td->sections, (td->nsections + 1) * sizeof(*n));
		if (!n)
			return tq_fail(ENOMEM, "%s: out of memory", td->path);
		td->sections = n;
		td->sections[td->nsections++] = s;
		off = r.pos + s.size;
	}

	/* the descriptions live in the STRINGS sections, concatenated in file order */
	for (i = 0; i < td->nsections; i++) {
		struct rd r;
		char *n;

		if (td->sections[i].id != TQ_TD_OPT_STRINGS)
			continue;
		err = section_body(td, td->sections[i].offset, TQ_TD_OPT_STRINGS, "strings", &r);
		if (err)
			return err;
		n = realloc(td->strings, td->strings_len + r.len + 1);
		if (!n)
			return tq_fail(ENOMEM, "%s: out of memory", td->path);
		td->strings = n;
		memcpy(td->strings + td->strings_len, r.p, r.len);
		td->strings_len += r.len;
		td->strings[td->strings_len] = '\0';
	}
	for (i = 0; i < td->nsections; i++)
		if (td->sections[i].string_id < td->strings_len)
			td->sections[i].desc = td->strings + td->sections[i].string_id;
	return 0;
}

static int read_options_v7(struct tq_tracedat *td)
{
	uint64_t off = td->first_options;
	int hops = 0;

	while (off) {
		uint64_t *chain;
		struct rd r;
		int err;

		if (++hops > td->nsections)
			return tq_fail(EINVAL, "%s: options sections form a loop at offset %llu",
				       td->path, (unsigned long long)off);
		err = section_body(td, off, TQ_TD_OPT_DONE, "options", &r);
		if (err)
			return err;
		chain = realloc(td->options_sections,
				(td->noptions_sections + 1) * sizeof(*chain));
		if (!chain)
			return tq_fail(ENOMEM, "%s: out of memory", td->path);
		td->options_sections = chain;
		td->options_sections[td->noptions_sections++] = off;
		off = 0;
		while (r.pos < r.len) {
			const uint8_t *data = NULL;
			uint16_t id;
			uint32_t size;

			err = rd_u16(&r, &id) ?: rd_u32(&r, &size) ?: rd_bytes(&r, size, &data);
			if (err)
				return err;
			if (id == TQ_TD_OPT_DONE) {
				if (size != 8)
					return rd_fail(&r, EINVAL, "DONE option of size %u", size);
				off = tq_td_get(td, data, 8);
				break;
			}
			err = add_option(td, id, size, data, r.base - (r.inner ? 0 : 16));
			if (err)
				return err;
		}
	}
	return 0;
}

static int read_buffer_v7(struct tq_tracedat *td, const struct tq_td_option *o)
{
	const struct tq_td_section *s;
	struct tq_td_buffer *b;
	struct rd r;
	uint64_t off;
	uint32_t n, i;
	int err;

	rd_init(&r, td, o->data, o->size, 0, true, "BUFFER option");
	r.base = o->section;
	err = add_buffer(td, &b);
	if (err)
		return err;
	err = rd_u64(&r, &off) ?: rd_cstr(&r, &b->name) ?: rd_cstr(&r, &b->clock) ?:
	      rd_u32(&r, &b->page_size) ?: rd_u32(&r, &n);
	if (err)
		return err;
	b->section = off;
	s = find_section(td, off);
	if (!s || s->id != TQ_TD_OPT_BUFFER)
		return tq_fail(EINVAL, "%s: buffer \"%s\" points at offset %llu, which is not a "
			       "buffer section", td->path, tq_td_quote(b->name, SIZE_MAX).s,
			       (unsigned long long)off);
	b->compressed = s->flags & 1;
	err = check_page_size(td, b->page_size, off);
	if (err)
		return err;
	if (n > MAX_CPUS || (uint64_t)n * 20 > r.len - r.pos)
		return rd_fail(&r, EINVAL, "bad CPU count %u", n);
	b->cpus = calloc(n ? n : 1, sizeof(*b->cpus));
	if (!b->cpus)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	b->nentries = n;
	for (i = 0; i < n; i++) {
		struct tq_td_cpu *c = &b->cpus[i];
		uint32_t cpu;

		err = rd_u32(&r, &cpu) ?: rd_u64(&r, &c->offset) ?: rd_u64(&r, &c->size);
		if (err)
			return err;
		if (cpu >= MAX_CPUS)
			return rd_fail(&r, EINVAL, "bad CPU id %u", cpu);
		c->cpu = cpu;
		if ((int)cpu + 1 > b->ncpus)
			b->ncpus = cpu + 1;
		err = check_cpu_data(td, b, c);
		if (err)
			return err;
	}
	return 0;
}

/* Latency text: chunked when compressed, raw otherwise. */
static int read_chunks(struct tq_tracedat *td, const uint8_t *p, size_t len, uint64_t where,
		       uint8_t **out, size_t *outlen);

static int read_buffer_text_v7(struct tq_tracedat *td, const struct tq_td_option *o)
{
	const struct tq_td_section *s;
	struct tq_td_buffer *b;
	struct rd r;
	uint64_t off;
	int err;

	rd_init(&r, td, o->data, o->size, o->section, true, "BUFFER_TEXT option");
	err = add_buffer(td, &b);
	if (err)
		return err;
	b->latency = true;
	err = rd_u64(&r, &off) ?: rd_cstr(&r, &b->name) ?: rd_cstr(&r, &b->clock);
	if (err)
		return err;
	b->section = off;
	b->page_size = td->page_size;
	s = find_section(td, off);
	if (!s || s->id != TQ_TD_OPT_BUFFER_TEXT)
		return tq_fail(EINVAL, "%s: text buffer points at offset %llu, which is not a "
			       "text section", td->path, (unsigned long long)off);
	if (!(s->flags & 1)) {
		b->text = td->map + off + 16;
		b->text_len = s->size;
		return 0;
	}
	b->compressed = true;
	{
		uint8_t *text;
		size_t tlen = 0;

		err = read_chunks(td, td->map + off + 16, s->size, off + 16, &text, &tlen);
		if (err)
			return err;
		err = own(td, text);
		if (err)
			return err;
		b->text = text;
		b->text_len = tlen;
	}
	return 0;
}

static int read_chunks(struct tq_tracedat *td, const uint8_t *p, size_t len, uint64_t where,
		       uint8_t **out, size_t *outlen)
{
	uint8_t *buf = NULL;
	size_t total = 0;
	uint32_t n, i;
	struct rd r;
	int err;

	rd_init(&r, td, p, len, where, false, "compressed chunks");
	err = rd_u32(&r, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		const uint8_t *c = NULL;
		uint32_t csize, usize;
		uint8_t *nb;

		err = rd_u32(&r, &csize) ?: rd_u32(&r, &usize) ?: rd_bytes(&r, csize, &c);
		if (err)
			goto fail;
		if (usize > MAX_UNCOMPRESSED - total) {
			err = rd_fail(&r, EINVAL, "implausible chunk size %u", usize);
			goto fail;
		}
		nb = realloc(buf, total + usize + 1);
		if (!nb) {
			err = tq_fail(ENOMEM, "%s: out of memory", td->path);
			goto fail;
		}
		buf = nb;
		err = tq_td_decompress(td, c, csize, buf + total, usize, where + r.pos - csize);
		if (err)
			goto fail;
		total += usize;
	}
	*out = buf ? buf : calloc(1, 1);
	*outlen = total;
	return *out ? 0 : tq_fail(ENOMEM, "%s: out of memory", td->path);
fail:
	free(buf);
	return err;
}

typedef int (*block_fn)(struct rd *r);

/* The metadata blocks in v6 file order; v7 keeps each in a section with this id. */
static const struct {
	unsigned id;
	const char *what;
	block_fn fn;
} blocks[] = {
	{ TQ_TD_OPT_HEADER_INFO, "headers", read_headers },
	{ TQ_TD_OPT_FTRACE_EVENTS, "ftrace events", read_ftrace_events },
	{ TQ_TD_OPT_EVENT_FORMATS, "events format", read_event_formats },
	{ TQ_TD_OPT_KALLSYMS, "kallsyms", read_kallsyms },
	{ TQ_TD_OPT_PRINTK, "printk", read_printk },
	{ TQ_TD_OPT_CMDLINES, "command lines", read_cmdlines },
};

#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))

static int read_v7_metadata(struct tq_tracedat *td)
{
	size_t i;
	int err;

	for (i = 0; i < NBLOCKS; i++) {
		const struct tq_td_option *o = tq_td_find_option(td, blocks[i].id);
		struct rd r;

		if (!o)
			continue;
		if (o->size < 8)
			return tq_fail(EINVAL, "%s: %s option too short (%u bytes)", td->path,
				       blocks[i].what, o->size);
		err = section_body(td, tq_td_get(td, o->data, 8), blocks[i].id, blocks[i].what, &r) ?:
		      blocks[i].fn(&r);
		if (err)
			return err;
	}
	return 0;
}

/* ---- options that change how the data is read ---- */

/* The clocks trace-cmd 3.1.6 shows as seconds; others (counter, x86-tsc, and also boot,
 * which counts ns) are shown as raw numbers. */
static const char *const ns_clocks[] = {
	"local", "global", "uptime", "perf", "mono", "mono_raw", "tai", "tsc2nsec",
};

static void set_clock(struct tq_tracedat *td, const char *text, size_t len)
{
	const char *open = memchr(text, '[', len);
	const char *close = open ? memchr(open, ']', len - (open - text)) : NULL;
	size_t i;

	if (!open || !close) {
		warn(td, "cannot find the trace clock in '%s', using local",
		     tq_td_quote(text, len).s);
		td->trace_clock = "local";
	} else {
		td->trace_clock = own_string(td, (const uint8_t *)open + 1, close - open - 1);
		if (!td->trace_clock)
			td->trace_clock = "local";
	}
	td->clock_is_ns = false;
	for (i = 0; i < sizeof(ns_clocks) / sizeof(ns_clocks[0]); i++)
		if (!strcmp(td->trace_clock, ns_clocks[i]))
			td->clock_is_ns = true;
}

static int apply_options(struct tq_tracedat *td)
{
	int i;

	for (i = 0; i < td->noptions; i++) {
		const struct tq_td_option *o = &td->options[i];
		char *s;

		switch (o->id) {
		case TQ_TD_OPT_DATE:
		case TQ_TD_OPT_OFFSET:
			s = option_string(td, o);
			if (!s)
				return tq_fail(ENOMEM, "%s: out of memory", td->path);
			td->ts_offset += strtoll(s, NULL, 0) * (o->id == TQ_TD_OPT_DATE ? 1000 : 1);
			if (o->id == TQ_TD_OPT_DATE)
				td->date_offset += strtoll(s, NULL, 0) * 1000;
			break;
		case TQ_TD_OPT_TRACECLOCK:
			if (!td->trace_clock)
				set_clock(td, (const char *)o->data, o->size);
			break;
		case TQ_TD_OPT_CPUCOUNT:
			if (o->size >= 4 && td->version >= 7)
				td->ncpus = tq_td_get(td, o->data, 4);
			break;
		case TQ_TD_OPT_TSC2NSEC:
			if (o->size < 16)
				return tq_fail(EINVAL, "%s: TSC2NSEC option too short", td->path);
			td->tsc2nsec = true;
			td->tsc_mult = tq_td_get(td, o->data, 4);
			td->tsc_shift = tq_td_get(td, o->data + 4, 4);
			if (td->tsc_shift > 63)
				return tq_fail(EINVAL, "%s: TSC2NSEC shift %u", td->path,
					       td->tsc_shift);
			break;
		default:
			if (o->id > TQ_TD_OPT_MAX_KNOWN)
				warn(td, "unknown option id %u (%u bytes) skipped", o->id, o->size);
			break;
		}
	}
	if (td->tsc2nsec)
		td->clock_is_ns = true;
	return 0;
}

/* ---- v6 ---- */

static int read_flyrecord_table(struct tq_tracedat *td, struct rd *r, struct tq_td_buffer *b,
				int n)
{
	int i, err;

	if ((uint64_t)n * 16 > r->len - r->pos)
		return rd_fail(r, EINVAL, "CPU table of %d entries", n);
	b->cpus = calloc(n ? n : 1, sizeof(*b->cpus));
	if (!b->cpus)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	b->ncpus = b->nentries = n;
	for (i = 0; i < n; i++) {
		struct tq_td_cpu *c = &b->cpus[i];

		c->cpu = i;
		err = rd_u64(r, &c->offset) ?: rd_u64(r, &c->size);
		if (err)
			return err;
		if (c->size) {
			err = check_cpu_data(td, b, c);
			if (err)
				return err;
		}
	}
	return 0;
}

static int read_v6_instances(struct tq_tracedat *td)
{
	int i, err;

	for (i = 0; i < td->noptions; i++) {
		const struct tq_td_option *o = &td->options[i];
		const struct tq_td_option *next = i + 1 < td->noptions ? o + 1 : NULL;
		struct tq_td_buffer *b;
		const uint8_t *tag = NULL;
		uint64_t off;
		int n = td->ncpus;
		struct rd r;

		if (o->id != TQ_TD_OPT_BUFFER)
			continue;
		rd_init(&r, td, o->data, o->size, 0, true, "BUFFER option");
		err = add_buffer(td, &b);
		if (err)
			return err;
		err = rd_u64(&r, &off) ?: rd_cstr(&r, &b->name);
		if (err)
			return err;
		b->clock = td->trace_clock;
		b->page_size = td->page_size;
		b->section = off;
		if (next && next->id == TQ_TD_OPT_CPUCOUNT && next->size >= 4) {
			int cnt = tq_td_get(td, next->data, 4);

			if (cnt > n)
				n = cnt;
		}
		if (n < 0 || n > MAX_CPUS)
			return tq_fail(EINVAL, "%s: bad CPU count %d for buffer \"%s\"", td->path, n,
				       tq_td_quote(b->name, SIZE_MAX).s);
		rd_init(&r, td, td->map, td->size, 0, false, "instance flyrecord");
		if (off > td->size)
			return tq_fail(EINVAL, "%s: buffer \"%s\" at offset %llu is past the end of "
				       "the file", td->path, tq_td_quote(b->name, SIZE_MAX).s,
				       (unsigned long long)off);
		r.pos = off;
		err = rd_bytes(&r, 10, &tag);
		if (err)
			return err;
		if (memcmp(tag, "flyrecord", 10))
			return tq_fail(EINVAL, "%s: no flyrecord tag at offset %llu for buffer "
				       "\"%s\"", td->path, (unsigned long long)off,
				       tq_td_quote(b->name, SIZE_MAX).s);
		err = read_flyrecord_table(td, &r, b, n);
		if (err)
			return err;
	}
	return 0;
}

static int read_v6(struct tq_tracedat *td, struct rd *r)
{
	struct tq_td_buffer *top;
	bool clock_opt = false;
	uint32_t cpus;
	size_t i;
	int err;

	for (i = 0; i < NBLOCKS; i++) {
		r->what = blocks[i].what;
		err = blocks[i].fn(r);
		if (err)
			return err;
	}
	r->what = "CPU count";
	err = rd_u32(r, &cpus);
	if (err)
		return err;
	if (cpus > MAX_CPUS)
		return rd_fail(r, EINVAL, "implausible CPU count %u", cpus);
	td->ncpus = cpus;

	for (;;) {
		const uint8_t *tag = NULL;

		r->what = "data tag";
		err = rd_bytes(r, 10, &tag);
		if (err)
			return err;
		if (!memcmp(tag, "options  ", 10)) {
			r->what = "options";
			for (;;) {
				const uint8_t *data = NULL;
				uint16_t id;
				uint32_t size;

				err = rd_u16(r, &id);
				if (err)
					return err;
				if (id == TQ_TD_OPT_DONE)
					break;
				err = rd_u32(r, &size) ?: rd_bytes(r, size, &data) ?:
				      add_option(td, id, size, data, 0);
				if (err)
					return err;
				if (id == TQ_TD_OPT_TRACECLOCK)
					clock_opt = true;
			}
			continue;
		}
		if (!memcmp(tag, "latency  ", 10)) {
			err = add_buffer(td, &top);
			if (err)
				return err;
			top->name = "";
			top->latency = true;
			top->page_size = td->page_size;
			top->text = r->p + r->pos;
			top->text_len = r->len - r->pos;
			return apply_options(td);
		}
		if (!memcmp(tag, "flyrecord", 10))
			break;
		r->pos -= 10;
		return rd_fail(r, EINVAL, "unknown data tag");
	}

	err = add_buffer(td, &top);
	if (err)
		return err;
	top->name = "";
	top->page_size = td->page_size;
	top->section = r->pos - 10;
	r->what = "flyrecord";
	err = read_flyrecord_table(td, r, top, td->ncpus);
	if (err)
		return err;
	if (clock_opt) {
		const uint8_t *text = NULL;
		uint64_t n;

		r->what = "trace clock";
		err = rd_u64(r, &n) ?: rd_bytes(r, n, &text);
		if (err)
			return err;
		td->clock_text = (const char *)text;
		td->clock_text_len = n;
		set_clock(td, (const char *)text, n);
	}
	err = apply_options(td);
	if (err)
		return err;
	top = &td->buffers[0];
	top->clock = td->trace_clock;
	return read_v6_instances(td);
}

static int read_v7(struct tq_tracedat *td, struct rd *r)
{
	int i, err;

	r->what = "compression header";
	err = rd_cstr(r, &td->comp_name) ?: rd_cstr(r, &td->comp_version) ?:
	      rd_u64(r, &td->first_options);
	if (err)
		return err;
	err = tq_td_setup_comp(td);
	if (err)
		return err;
	err = scan_sections(td, r->pos);
	if (err)
		return err;
	err = read_options_v7(td) ?: read_v7_metadata(td) ?: apply_options(td);
	if (err)
		return err;
	for (i = 0; i < td->noptions; i++) {
		const struct tq_td_option *o = &td->options[i];

		if (o->id == TQ_TD_OPT_BUFFER)
			err = read_buffer_v7(td, o);
		else if (o->id == TQ_TD_OPT_BUFFER_TEXT)
			err = read_buffer_text_v7(td, o);
		if (err)
			return err;
	}
	if (!td->trace_clock) {
		const char *c = td->nbuffers && td->buffers[0].clock[0] ? td->buffers[0].clock
									 : "local";
		char text[64];

		snprintf(text, sizeof(text), "[%s]", c);
		set_clock(td, text, strlen(text));
		if (td->tsc2nsec)
			td->clock_is_ns = true;
	}
	return 0;
}

/*
 * The header's page size is what v6 data is read with; v7 reads each buffer with the page
 * size of its BUFFER option. A header that disagrees with the page that header_page
 * describes (v6) or with the buffers (v7) is damaged or from a writer tq does not know:
 * say so, since trace-cmd 3.1.6 prints garbage for such files.
 */
static void check_page_sizes(struct tq_tracedat *td)
{
	int i, sub = td->meta.header_page_size ? tep_get_sub_buffer_size(td->tep) : 0;

	if (!plausible_page_size(td->page_size))
		return;		/* v7 only, and already said */
	if (td->version < 7 && sub > 0 && (unsigned)sub != td->page_size)
		warn(td, "%s: page size %u in the file header (offset 14) differs from the %d "
		     "bytes of the page described by header_page: the data is read with %u",
		     td->path, td->page_size, sub, td->page_size);
	for (i = 0; td->version >= 7 && i < td->nbuffers; i++) {
		const struct tq_td_buffer *b = &td->buffers[i];

		if (b->latency || b->page_size == td->page_size)
			continue;
		warn(td, "%s: page size %u in the file header (offset 14) differs from the %u of "
		     "buffer \"%s\": its data is read with %u", td->path, td->page_size,
		     b->page_size, tq_td_quote(b->name, SIZE_MAX).s, b->page_size);
		break;
	}
}

static int parse(struct tq_tracedat *td)
{
	const uint8_t magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
	const char *version = NULL;
	uint8_t endian, lsize;
	uint32_t page_size;
	struct rd r;
	char *end;
	long v;
	int err;

	rd_init(&r, td, td->map, td->size, 0, false, "file header");
	if (td->size < sizeof(magic) || memcmp(td->map, magic, sizeof(magic)))
		return tq_fail(EINVAL, "%s: not a trace.dat file (bad magic at offset 0)", td->path);
	r.pos = sizeof(magic);
	err = rd_cstr(&r, &version);
	if (err)
		return err;
	v = strtol(version, &end, 10);
	if (end == version || *end || v < 6 || v > 7)
		return tq_fail(EOPNOTSUPP, "%s: unsupported file version '%s' at offset 10 "
			       "(6 and 7 are)", td->path, tq_td_quote(version, 16).s);
	td->version = v;
	err = rd_bytes(&r, 1, (const uint8_t **)&end);
	if (err)
		return err;
	endian = *(const uint8_t *)end;
	if (endian > 1)
		return rd_fail(&r, EINVAL, "bad endianness byte %u", endian);
	td->big_endian = endian;
	td->swap = td->big_endian != host_big_endian();
	err = rd_bytes(&r, 1, (const uint8_t **)&end);
	if (err)
		return err;
	lsize = *(const uint8_t *)end;
	if (lsize != 4 && lsize != 8)
		return rd_fail(&r, EINVAL, "bad long size %u", lsize);
	td->long_size = td->kernel_long = lsize;
	err = rd_u32(&r, &page_size);
	if (err)
		return err;
	td->page_size = page_size;
	/* v6 data is read with it; v7 does not need it, its buffers have their own */
	if (!plausible_page_size(page_size) && td->version < 7)
		return tq_fail(EINVAL, "%s: bad page size %u in the file header at offset 14 (a "
			       "power of two from %u to %u expected): the file is damaged", td->path,
			       page_size, MIN_PAGE_SIZE, MAX_PAGE_SIZE);
	if (!plausible_page_size(page_size))
		warn(td, "%s: bad page size %u in the file header at offset 14 (a power of two from "
		     "%u to %u expected): not used, the buffers have their own", td->path,
		     page_size, MIN_PAGE_SIZE, MAX_PAGE_SIZE);

	td->tep = tep_alloc();
	if (!td->tep)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	tep_set_file_bigendian(td->tep, td->big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(td->tep, host_big_endian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(td->tep, td->long_size);
	if (plausible_page_size(td->page_size))
		tep_set_page_size(td->tep, td->page_size);

	err = td->version == 6 ? read_v6(td, &r) : read_v7(td, &r);
	if (err)
		return err;
	check_page_sizes(td);
	if (!td->trace_clock) {
		td->trace_clock = "local";
		td->clock_is_ns = true;
	}
	if (td->tsc2nsec)
		td->clock_is_ns = true;
	if (td->ncpus <= 0) {
		int i;

		for (i = 0; i < td->nbuffers; i++)
			if (td->buffers[i].ncpus > td->ncpus)
				td->ncpus = td->buffers[i].ncpus;
	}
	tep_set_cpus(td->tep, td->ncpus);
	return 0;
}

/*
 * libtraceevent (1.7.1) can crash on malformed format text inside tep_parse_event(). A
 * damaged file must not take tq down, so a mapped file's metadata is first parsed in a
 * child process (without kallsyms, the slow part that cannot crash). The child answers
 * with its exit status: 0 parsed, 3 refused (the parent then finds the same error and
 * its message); anything else, a signal or a sanitizer's exit, means it crashed.
 */
#define PROBE_REFUSED 3

static int probe_in_child(struct tq_tracedat *td)
{
	char *note = mmap(NULL, STEP_NOTE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			  -1, 0);
	int status, fd, ret;
	pid_t pid;

	if (note == MAP_FAILED)
		note = NULL;
	else
		strcpy(note, "event formats");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		if (note)
			munmap(note, STEP_NOTE_SIZE);
		return 0;	/* no probe possible: parse as usual */
	}
	if (pid == 0) {
		step_note = note;
		struct tq_tracedat *t = calloc(1, sizeof(struct tq_td_file));

		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (!t)
			_exit(PROBE_REFUSED);
		t->path = td->path;
		t->map = td->map;
		t->size = td->size;
		tq_td_priv(t)->flags = tq_td_priv(td)->flags | TQ_TD_NO_KALLSYMS;
		_exit(parse(t) ? PROBE_REFUSED : 0);
	}
	ret = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			goto out;
	if (WIFEXITED(status) &&
	    (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == PROBE_REFUSED))
		goto out;
	if (note)
		note[STEP_NOTE_SIZE - 1] = '\0';
	ret = tq_fail(EINVAL, "%s: malformed metadata (%s) that libtraceevent cannot parse "
		      "safely: the file is damaged", td->path, note ? note : "event formats");
out:
	if (note)
		munmap(note, STEP_NOTE_SIZE);
	return ret;
}

static int open_common(struct tq_tracedat *td, struct tq_tracedat **out)
{
	int err = parse(td);

	if (err) {
		tq_td_close(td);
		return err;
	}
	*out = td;
	return 0;
}

int tq_td_open_mem(const void *data, size_t size, const char *name, unsigned flags,
		   struct tq_tracedat **out)
{
	struct tq_tracedat *td = calloc(1, sizeof(struct tq_td_file));

	*out = NULL;
	if (!td || !(td->path = strdup(name))) {
		free(td);
		return tq_fail(ENOMEM, "out of memory");
	}
	td->map = data;
	td->size = size;
	tq_td_priv(td)->flags = flags;
	if (flags & TQ_TD_PROBE) {
		int err = probe_in_child(td);

		if (err) {
			tq_td_close(td);
			return err;
		}
	}
	return open_common(td, out);
}

int tq_td_open(const char *path, struct tq_tracedat **out)
{
	return tq_td_open_flags(path, 0, out);
}

int tq_td_open_flags(const char *path, unsigned flags, struct tq_tracedat **out)
{
	struct tq_tracedat *td;
	struct stat st;
	void *map;
	int fd, err;

	*out = NULL;
	/* a FIFO without a writer would block open() forever; it is refused below anyway */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return tq_fail(errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return tq_fail(err, "cannot stat '%s': %s", path, strerror(err));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return tq_fail(EINVAL, "'%s' is not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return tq_fail(EINVAL, "%s: empty file (truncated at offset 0)", path);
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	err = errno;
	close(fd);
	if (map == MAP_FAILED)
		return tq_fail(err, "cannot map '%s': %s", path, strerror(err));
	td = calloc(1, sizeof(struct tq_td_file));
	if (!td || !(td->path = strdup(path))) {
		free(td);
		munmap(map, st.st_size);
		return tq_fail(ENOMEM, "out of memory");
	}
	td->map = map;
	td->size = st.st_size;
	tq_td_priv(td)->mapped = true;
	tq_td_priv(td)->flags = flags;
	if (!(flags & TQ_TD_NO_PROBE)) {
		err = probe_in_child(td);
		if (err) {
			tq_td_close(td);
			return err;
		}
	}
	return open_common(td, out);
}

void tq_td_close(struct tq_tracedat *td)
{
	int i;

	if (!td)
		return;
	for (i = 0; i < td->nbuffers; i++)
		free(td->buffers[i].cpus);
	free(td->buffers);
	for (i = 0; i < tq_td_priv(td)->nowned; i++)
		free(tq_td_priv(td)->owned[i]);
	free(tq_td_priv(td)->owned);
	for (i = 0; i < td->nwarnings; i++)
		free(td->warnings[i]);
	free(td->warnings);
	free(td->options);
	free(td->options_sections);
	free(td->sections);
	free(td->strings);
	tq_td_free_comp(td);
	if (td->tep)
		tep_free(td->tep);
	if (tq_td_priv(td)->mapped)
		munmap((void *)td->map, td->size);
	free(td->path);
	free(td);
}
