// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq dump: the structure of a trace.dat file (header, metadata, options, sections,
 * buffers), in the layout of `trace-cmd dump`.
 *
 * trace-cmd walks the file once from the start and prints each item whose kind was asked
 * for, so several flags give their parts in file order, not in the order of the flags.
 * tq opens the file with its reader and then makes the same walk over what it read:
 * every line below belongs to one or more kinds (a mask), and is printed when one of
 * them was asked for; a line of no kind always is.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracedat/read.h"

enum {
	SUMMARY = 1 << 0,
	HEAD_PAGE = 1 << 1,
	HEAD_EVENT = 1 << 2,
	FTRACE_FORMAT = 1 << 3,
	EVENT_SYSTEMS = 1 << 4,
	EVENT_FORMAT = 1 << 5,
	KALLSYMS = 1 << 6,
	TRACE_PRINTK = 1 << 7,
	CMDLINES = 1 << 8,
	OPTIONS = 1 << 9,
	FLYRECORD = 1 << 10,
	CLOCK = 1 << 11,
	SECTIONS = 1 << 12,
	STRINGS = 1 << 13,
	ALL = ~0u,
};

/* The highest option id trace-cmd 3.1.6 knows (BUFFER_TEXT); later ones are unknown to it */
#define KNOWN_MAX TQ_TD_OPT_BUFFER_TEXT

struct dump {
	const char *input;
	unsigned show;
	bool validate;
	struct tq_tracedat *td;
	FILE *out;
};

static const char *const dump_usage[] = {
	"tq dump [options] [FILE]",
	NULL,
};

static void put(struct dump *d, unsigned kinds, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(struct dump *d, unsigned kinds, const char *fmt, ...)
{
	va_list ap;

	if (kinds && !(kinds & d->show))
		return;
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
}

/*
 * A block of text and a newline. trace-cmd prints it in pieces of at most 1023 bytes (the
 * whole block when it is smaller than 1024), each up to its first NUL.
 */
static void put_text(struct dump *d, unsigned kinds, const void *text, uint64_t len)
{
	const char *p = text;

	if (kinds && !(kinds & d->show))
		return;
	while (len) {
		size_t piece = len < 1024 ? len : 1023;

		fwrite(p, 1, strnlen(p, piece), d->out);
		p += piece;
		len -= piece;
	}
	fputc('\n', d->out);
}

static uint64_t get(const struct dump *d, const uint8_t *p, int n)
{
	return tq_td_get(d->td, p, n);
}

/* ---- the metadata blocks, the same in v6 (inline) and v7 (sections) ---- */

static void dump_headers(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;

	put(d, SUMMARY | HEAD_PAGE, "\t[Header page, %lld bytes]\n",
	    (long long)m->header_page_size);
	put_text(d, HEAD_PAGE, m->header_page, m->header_page_size);
	put(d, SUMMARY | HEAD_EVENT, "\t[Header event, %lld bytes]\n",
	    (long long)m->header_event_size);
	put_text(d, HEAD_EVENT, m->header_event, m->header_event_size);
}

/* n format texts, each a u64 length and the text; the reader has checked the lengths */
static const uint8_t *dump_formats(struct dump *d, unsigned kinds, const uint8_t *p,
				   uint32_t n)
{
	while (n--) {
		uint64_t len = get(d, p, 8);

		put_text(d, kinds, p + 8, len);
		p += 8 + len;
	}
	return p;
}

static void dump_ftrace_formats(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;
	uint32_t n = m->ftrace_block_len >= 4 ? get(d, m->ftrace_block, 4) : 0;

	put(d, SUMMARY | FTRACE_FORMAT, "\t[Ftrace format, %d events]\n", (int)n);
	if (n)
		dump_formats(d, FTRACE_FORMAT, m->ftrace_block + 4, n);
}

static void dump_event_formats(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;
	const uint8_t *p = m->events_block;
	uint32_t nsys = m->events_block_len >= 4 ? get(d, p, 4) : 0;

	put(d, SUMMARY | EVENT_FORMAT | EVENT_SYSTEMS, "\t[Events format, %d systems]\n",
	    (int)nsys);
	for (p += 4; nsys--;) {
		const char *sys = (const char *)p;
		uint32_t n;

		p += strlen(sys) + 1;
		n = get(d, p, 4);
		put(d, EVENT_SYSTEMS, "\t\t%s %d [system, events]\n", sys, (int)n);
		p = dump_formats(d, EVENT_FORMAT, p + 4, n);
	}
}

static void dump_kallsyms(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;

	put(d, SUMMARY | KALLSYMS, "\t[Kallsyms, %d bytes]\n", (int)m->kallsyms_size);
	put_text(d, KALLSYMS, m->kallsyms, m->kallsyms_size);
}

static void dump_printk(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;

	put(d, SUMMARY | TRACE_PRINTK, "\t[Trace printk, %d bytes]\n", (int)m->printk_size);
	put_text(d, TRACE_PRINTK, m->printk, m->printk_size);
}

static void dump_cmdlines(struct dump *d)
{
	const struct tq_td_meta *m = &d->td->meta;

	put(d, SUMMARY | CMDLINES, "\t[Saved command lines, %d bytes]\n", (int)m->cmdlines_size);
	put_text(d, CMDLINES, m->cmdlines, m->cmdlines_size);
}

/* ---- v7 sections ---- */

static const struct tq_td_section *find_section(const struct tq_tracedat *td, uint64_t offset)
{
	int i;

	for (i = 0; i < td->nsections; i++)
		if (td->sections[i].offset == offset)
			return &td->sections[i];
	return NULL;
}

static void section_header(struct dump *d, unsigned kinds, uint64_t offset)
{
	const struct tq_td_section *s = find_section(d->td, offset);

	if (s)
		put(d, kinds, "\t[Section %d @ %lld: \"%s\", flags 0x%X, %lld bytes]\n", s->id,
		    (long long)s->offset, s->desc ? s->desc : "Unknown", s->flags,
		    (long long)s->size);
}

/* --strings: the strings of each STRINGS section, at their offset in all of them */
static void dump_strings(struct dump *d)
{
	const struct tq_tracedat *td = d->td;
	size_t at = 0;
	int i;

	for (i = 0; i < td->nsections; i++) {
		const struct tq_td_section *s = &td->sections[i];
		size_t end;

		if (s->id != TQ_TD_OPT_STRINGS)
			continue;
		end = at + (s->flags & 1 ? get(d, td->map + s->offset + 20, 4) : s->size);
		if (end > td->strings_len)
			end = td->strings_len;
		put(d, STRINGS, "\t[String @ offset]\n");
		while (at < end) {
			put(d, STRINGS, "\t\t\"%s\" @ %d\n", td->strings + at, (int)at);
			at += strlen(td->strings + at) + 1;
		}
		at = end;
	}
}

/* --sections: every section header in file order */
static void dump_section_list(struct dump *d)
{
	const struct tq_tracedat *td = d->td;
	int i;

	for (i = 0; i < td->nsections; i++) {
		const struct tq_td_section *s = &td->sections[i];
		const char *desc = s->desc ? s->desc : "Unknown";

		if (s->id > KNOWN_MAX)
			put(d, SECTIONS, "Unknown section id %d: %s", s->id, desc);
		if (!(s->flags & 1))
			put(d, SECTIONS, "\t[Section %2d @ %-16lld\t\"%s\", flags 0x%X, %lld "
			    "bytes]\n", s->id, (long long)s->offset, desc, s->flags,
			    (long long)s->size);
		else if (s->id == TQ_TD_OPT_BUFFER || s->id == TQ_TD_OPT_BUFFER_TEXT)
			put(d, SECTIONS, "\t[Section %2d @ %-16lld\t\"%s\", flags 0x%X, %lld "
			    "compressed bytes]\n", s->id, (long long)s->offset, desc, s->flags,
			    (long long)s->size);
		else if (s->size >= 8)
			put(d, SECTIONS, "\t[Section %2d @ %-16lld\t\"%s\", flags 0x%X, %d "
			    "compressed, %d uncompressed]\n", s->id, (long long)s->offset, desc,
			    s->flags, (int)get(d, td->map + s->offset + 16, 4),
			    (int)get(d, td->map + s->offset + 20, 4));
		else
			put(d, SECTIONS, "\t[Section %2d @ %-16lld\t\"%s\", flags 0x%X, %lld "
			    "bytes, too few for a compressed block]\n", s->id, (long long)s->offset,
			    desc, s->flags, (long long)s->size);
	}
}

/* ---- options ---- */

static void buffer_option(struct dump *d, const struct tq_td_option *o)
{
	const uint8_t *p = o->data, *end = o->data + o->size;
	const char *name = (const char *)p + 8, *clock;
	uint32_t page_size, n, i;
	uint64_t total = 0;

	if (o->size < 9 || !memchr(name, '\0', end - (const uint8_t *)name))
		return;
	if (d->td->version < 7) {
		put(d, OPTIONS | FLYRECORD, "\t\t[Option BUFFER, %d bytes]\n%lld [offset]\n"
		    "\"%s\" [name]\n", (int)o->size, (long long)get(d, p, 8), name);
		return;
	}
	clock = name + strlen(name) + 1;
	if (!memchr(clock, '\0', end - (const uint8_t *)clock))
		return;
	section_header(d, FLYRECORD, get(d, p, 8));
	put(d, OPTIONS | FLYRECORD, "\t\t[Option BUFFER, %d bytes]\n%lld [offset]\n"
	    "\"%s\" [name]\n\"%s\" [clock]\n", (int)o->size, (long long)get(d, p, 8), name,
	    clock);
	if (o->id == TQ_TD_OPT_BUFFER_TEXT) {
		put(d, SUMMARY, "\t[buffer \"%s\", \"%s\" clock, latency data]\n", name, clock);
		return;
	}
	p = (const uint8_t *)clock + strlen(clock) + 1;
	if (end - p < 8)
		return;
	page_size = get(d, p, 4);
	n = get(d, p + 4, 4);
	put(d, OPTIONS | FLYRECORD, "%d [Page size, bytes]\n%d [CPUs]:\n", (int)page_size,
	    (int)n);
	for (i = 0, p += 8; i < n && end - p >= 20; i++, p += 20) {
		total += get(d, p + 12, 8);
		put(d, OPTIONS | FLYRECORD, "   %d %lld\t%lld\t[id, data offset and size]\n",
		    (int)get(d, p, 4), (long long)get(d, p + 4, 8), (long long)get(d, p + 12, 8));
	}
	put(d, SUMMARY, "\t[buffer \"%s\", \"%s\" clock, %d page size, %d cpus, %lld bytes "
	    "flyrecord data]\n", name, clock, (int)page_size, (int)n, (long long)total);
}

/* TIME_SHIFT (guest files): per CPU the offsets, scalings, fraction bits and times */
static void time_shift_option(struct dump *d, const struct tq_td_option *o)
{
	const uint8_t *p = o->data, *end = o->data + o->size;
	uint32_t ncpus, cpu, i;

	if (o->size < 12) {
		put(d, OPTIONS, "Broken time shift option, size %d", (int)o->size);
		return;
	}
	put(d, OPTIONS, "\t\t[Option TimeShift, %d bytes]\n", (int)o->size);
	put(d, OPTIONS, "0x%llX [peer's trace id]\n", (unsigned long long)get(d, p, 8));
	put(d, OPTIONS, "0x%llX [peer's protocol flags]\n", (unsigned long long)get(d, p + 8, 4));
	if (o->size < 16)
		return;
	ncpus = get(d, p + 12, 4);
	put(d, OPTIONS, "0x%llX [peer's CPU count]\n", (unsigned long long)ncpus);
	/* first pass: the sample counts, and whether every array is there */
	for (cpu = 0, p += 16; cpu < ncpus; cpu++) {
		uint32_t count;

		if (end - p < 4)
			break;
		count = get(d, p, 4);
		put(d, OPTIONS, "%lld [samples count for CPU %d]\n", (long long)count, (int)cpu);
		if ((uint64_t)(end - p - 4) < (uint64_t)count * 24)
			break;
		p += 4 + (size_t)count * 24;
	}
	if (cpu < ncpus) {
		put(d, OPTIONS, "Broken time shift option\n");
		return;
	}
	{
		/* the optional fraction bits follow all CPUs' arrays */
		const uint8_t *frac = p < end ? p : NULL;
		const uint8_t *q = o->data + 16;

		for (cpu = 0; cpu < ncpus; cpu++) {
			uint32_t count = get(d, q, 4);
			const uint8_t *times = q + 4, *offsets = times + 8 * count;
			const uint8_t *scalings = offsets + 8 * count;

			if (frac && (uint64_t)(end - frac) < (uint64_t)count * 8) {
				put(d, OPTIONS, "Broken time shift option\n");
				return;
			}
			for (i = 0; i < count; i++)
				put(d, OPTIONS, "\t%lld %lld %llu %llu[offset * scaling >> "
				    "fraction @ time]\n", (long long)get(d, offsets + 8 * i, 8),
				    (long long)get(d, scalings + 8 * i, 8),
				    frac ? (unsigned long long)get(d, frac + 8 * i, 8) : 0ull,
				    (unsigned long long)get(d, times + 8 * i, 8));
			if (frac)
				frac += 8 * count;
			q = scalings + 8 * count;
		}
	}
}

/* GUEST (host files): the guest's name, trace id and the host pid of each vCPU */
static void guest_option(struct dump *d, const struct tq_td_option *o)
{
	const uint8_t *p = o->data, *end = o->data + o->size;
	size_t len = strnlen((const char *)p, o->size);
	uint32_t n, i;

	put(d, OPTIONS, "\t\t[Option GUEST, %d bytes]\n", (int)o->size);
	put(d, OPTIONS, "%.*s [Guest name]\n", (int)len, (const char *)p);
	p += len + 1;
	if (p > end || end - p < 8)
		return;
	put(d, OPTIONS, "0x%llX [trace id]\n", (unsigned long long)get(d, p, 8));
	p += 8;
	if (end - p < 4)
		return;
	n = get(d, p, 4);
	put(d, OPTIONS, "%d [Guest CPUs]\n", (int)n);
	for (i = 0, p += 4; i < n && end - p >= 8; i++, p += 8)
		put(d, OPTIONS, "  %d %d [guest cpu, host pid]\n", (int)get(d, p, 4),
		    (int)get(d, p + 4, 4));
}

/* an option that is one number; trace-cmd leaves garbage for odd sizes, tq shows 0 */
static uint64_t number_option(struct dump *d, const struct tq_td_option *o)
{
	int n = o->size;

	return n == 1 || n == 2 || n == 4 || n == 8 ? get(d, o->data, n) : 0;
}

static void dump_option(struct dump *d, const struct tq_td_option *o)
{
	const char *name = tq_td_option_name(o->id);

	switch (o->id) {
	case TQ_TD_OPT_DATE:
	case TQ_TD_OPT_CPUSTAT:
	case TQ_TD_OPT_UNAME:
	case TQ_TD_OPT_HOOK:
	case TQ_TD_OPT_OFFSET:
	case TQ_TD_OPT_VERSION:
	case TQ_TD_OPT_PROCMAPS:
		put(d, OPTIONS, "\t\t[Option %s, %d bytes]\n", name, (int)o->size);
		if (o->size)
			put_text(d, OPTIONS, o->data, o->size);
		return;
	case TQ_TD_OPT_TRACECLOCK:
		put(d, OPTIONS, "\t\t[Option TRACECLOCK, %d bytes]\n", (int)o->size);
		put_text(d, OPTIONS | CLOCK, o->data, o->size);
		return;
	case TQ_TD_OPT_BUFFER:
	case TQ_TD_OPT_BUFFER_TEXT:
		buffer_option(d, o);
		return;
	case TQ_TD_OPT_CPUCOUNT:
		put(d, OPTIONS, "\t\t[Option CPUCOUNT, %d bytes]\n%d\n", (int)o->size,
		    (int)number_option(d, o));
		return;
	case TQ_TD_OPT_TRACEID:
		put(d, OPTIONS, "\t\t[Option TRACEID, %d bytes]\n0x%llX\n", (int)o->size,
		    (unsigned long long)number_option(d, o));
		return;
	case TQ_TD_OPT_TIME_SHIFT:
		time_shift_option(d, o);
		return;
	case TQ_TD_OPT_GUEST:
		guest_option(d, o);
		return;
	case TQ_TD_OPT_TSC2NSEC:
		put(d, OPTIONS, "\n\t\t[Option TSC2NSEC, %d bytes]\n", (int)o->size);
		if (o->size >= 16)
			put(d, OPTIONS, "%d %d %llu [multiplier, shift, offset]\n",
			    (int)get(d, o->data, 4), (int)get(d, o->data + 4, 4),
			    (unsigned long long)get(d, o->data + 8, 8));
		return;
	case TQ_TD_OPT_HEADER_INFO:
	case TQ_TD_OPT_FTRACE_EVENTS:
	case TQ_TD_OPT_EVENT_FORMATS:
	case TQ_TD_OPT_KALLSYMS:
	case TQ_TD_OPT_PRINTK:
	case TQ_TD_OPT_CMDLINES:
		put(d, OPTIONS, "\t\t[Option %s, %d bytes] @ %lld\n", name, (int)o->size,
		    o->size >= 8 ? (long long)get(d, o->data, 8) : 0ll);
		return;
	default:
		put(d, OPTIONS, " %d %d\t[Unknown option, size - skipping]\n", o->id, (int)o->size);
		return;
	}
}

/* v6: one list; v7: each options section, closed by its DONE option (counted too) */
static void dump_options(struct dump *d)
{
	const struct tq_tracedat *td = d->td;
	int i, s, count = 0;

	if (td->version < 7) {
		for (i = 0; i < td->noptions; i++)
			dump_option(d, &td->options[i]);
		put(d, SUMMARY | OPTIONS, "\t[%d options]\n", td->noptions);
		return;
	}
	for (s = 0; s < td->noptions_sections; s++) {
		uint64_t here = td->options_sections[s];
		uint64_t next = s + 1 < td->noptions_sections ? td->options_sections[s + 1] : 0;

		section_header(d, OPTIONS, here);
		for (i = 0; i < td->noptions; i++) {
			if (td->options[i].section != here)
				continue;
			dump_option(d, &td->options[i]);
			count++;
		}
		put(d, OPTIONS, "\t\t[Option DONE, 8 bytes]\n%lld\n", (long long)next);
		count++;
		if (next)
			put(d, OPTIONS, "\n\n");
	}
	put(d, SUMMARY | OPTIONS, "\t[%d options]\n", count);
}

/* v7: the metadata sections, last named first (trace-cmd stacks them as it reads) */
static void dump_metadata_sections(struct dump *d)
{
	static const struct {
		unsigned id, kinds;
		void (*fn)(struct dump *d);
	} blocks[] = {
		{ TQ_TD_OPT_HEADER_INFO, HEAD_PAGE | HEAD_EVENT, dump_headers },
		{ TQ_TD_OPT_FTRACE_EVENTS, FTRACE_FORMAT, dump_ftrace_formats },
		{ TQ_TD_OPT_EVENT_FORMATS, EVENT_SYSTEMS | EVENT_FORMAT, dump_event_formats },
		{ TQ_TD_OPT_KALLSYMS, KALLSYMS, dump_kallsyms },
		{ TQ_TD_OPT_PRINTK, TRACE_PRINTK, dump_printk },
		{ TQ_TD_OPT_CMDLINES, CMDLINES, dump_cmdlines },
	};
	const struct tq_tracedat *td = d->td;
	int i;
	size_t b;

	for (i = td->noptions - 1; i >= 0; i--) {
		const struct tq_td_option *o = &td->options[i];

		for (b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
			if (o->id != blocks[b].id || o->size < 8)
				continue;
			section_header(d, blocks[b].kinds, get(d, o->data, 8));
			blocks[b].fn(d);
		}
	}
	put(d, SUMMARY | SECTIONS, "\t[%d sections]\n", td->nsections);
}

/* v6: the top buffer's CPU table (blank for a 0), then the clock block */
static void dump_flyrecord(struct dump *d)
{
	const struct tq_tracedat *td = d->td;
	const struct tq_td_buffer *top = &td->buffers[0];
	int i;

	if (top->latency) {
		put(d, SUMMARY, "\t[Latency tracing data]\n");
		return;
	}
	put(d, SUMMARY | FLYRECORD, "\t[Flyrecord tracing data]\n");
	for (i = 0; i < top->nentries; i++)
		put(d, FLYRECORD, "\t %10.lld %10.lld\t[offset, size of cpu %d]\n",
		    (long long)top->cpus[i].offset, (long long)top->cpus[i].size, i);
	put(d, SUMMARY | CLOCK, "\t[Tracing clock]\n");
	if (td->clock_text)
		put(d, SUMMARY | CLOCK, "\t\t%.*s\n",
		    (int)strnlen(td->clock_text, td->clock_text_len), td->clock_text);
	else
		put(d, SUMMARY | CLOCK, "\t\t No tracing clock saved in the file\n");
}

static void dump_file(struct dump *d)
{
	const struct tq_tracedat *td = d->td;

	put(d, SUMMARY, "\n Tracing meta data in file %s:\n", d->input);
	put(d, SUMMARY, "\t[Initial format]\n\t\t%d\t[Version]\n\t\t%d\t[%s endian]\n"
	    "\t\t%d\t[Bytes in a long]\n\t\t%d\t[Page size, bytes]\n", td->version,
	    td->big_endian, td->big_endian ? "Big" : "Little", td->long_size, (int)td->page_size);
	if (td->version >= 7) {
		put(d, SUMMARY, "\t\t%s\t[Compression algorithm]\n\t\t%s\t[Compression version]\n",
		    td->comp_name, td->comp_version);
		dump_strings(d);
		dump_section_list(d);
		dump_options(d);
		dump_metadata_sections(d);
		return;
	}
	dump_headers(d);
	dump_ftrace_formats(d);
	dump_event_formats(d);
	dump_kallsyms(d);
	dump_printk(d);
	dump_cmdlines(d);
	put(d, SUMMARY, "\t%d [CPUs with tracing data]\n", td->ncpus);
	dump_options(d);
	if (td->nbuffers)
		dump_flyrecord(d);
}

static int run(struct dump *d)
{
	int err, i;

	err = tq_td_open_flags(d->input, TQ_TD_NO_KALLSYMS, &d->td);
	if (err)
		return error("%s", tq_errmsg(err));
	for (i = 0; i < d->td->nwarnings; i++)
		warning("%s", d->td->warnings[i]);
	dump_file(d);
	if (d->validate)
		fprintf(d->out, "File %s is a valid trace-cmd file\n", d->input);
	tq_td_close(d->td);
	return 0;
}

static int set_kind(const struct option *opt, const char *arg, void *ctx)
{
	((struct dump *)ctx)->show |= (unsigned)(uintptr_t)opt->value;
	return 0;
}

/* a flag that adds kinds of lines; the kinds ride in .value */
#define KIND(name, kind, h) { .type = OPT_CALLBACK, .long_name = (name), \
	.value = (void *)(uintptr_t)(kind), .help = (h), .callback = set_kind, .flags = OPT_NOARG }

int cmd_dump(int argc, char **argv)
{
	struct dump d = { .input = NULL, .out = stdout };
	const struct option opts[] = {
		OPT_STRING('i', "input", &d.input, "FILE", "trace.dat file (default trace.dat)"),
		OPT_BOOL('v', "validate", &d.validate, "say whether the file reads"),
		KIND("all", ALL, "everything below"),
		KIND("summary", SUMMARY, "the overview (also without other options)"),
		KIND("head-page", HEAD_PAGE, "the ring-buffer page header description"),
		KIND("head-event", HEAD_EVENT, "the event header description"),
		KIND("ftrace-events", FTRACE_FORMAT, "the formats of the ftrace events"),
		KIND("systems", EVENT_SYSTEMS, "the event systems and their event counts"),
		KIND("events", EVENT_FORMAT, "the formats of the recorded events"),
		KIND("kallsyms", KALLSYMS, "the kernel symbols"),
		KIND("printk", TRACE_PRINTK, "the printk formats"),
		KIND("cmd-lines", CMDLINES, "the saved command lines"),
		KIND("options", OPTIONS, "every option, by options section"),
		KIND("flyrecord", FLYRECORD, "offset and size of each CPU's data"),
		KIND("clock", CLOCK, "the trace clock"),
		KIND("sections", SECTIONS, "every v7 section header"),
		KIND("strings", STRINGS, "the strings of the v7 STRINGS sections"),
		OPT_END(),
	};
	int n;

	n = parse_options(argc, argv, opts, dump_usage, 0, &d);
	if (n < 0)
		return parse_options_exit(n);
	if (n > 1)
		return usage_error("one file at a time");
	if (n == 1) {
		if (d.input)
			return usage_error("both -i and a file name given");
		d.input = argv[0];
	}
	if (!d.input)
		d.input = "trace.dat";
	if (!d.show && !d.validate)
		d.show = SUMMARY;
	if (run(&d))
		return -1;
	if (fflush(d.out))
		return error_errno("write error");
	return 0;
}
