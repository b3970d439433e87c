// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq dump: the structure of a trace.dat file (header, sections, options, buffers), in the
 * layout of `trace-cmd dump`.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "diag.h"
#include "parse-options.h"
#include "tracedat.h"

struct dump {
	const char *input;
	bool summary, head_page, head_event, options, flyrecord, clock, cmdlines, printk;
	bool sections;
	FILE *out;
};

static const char *const dump_usage[] = {
	"tq dump [options] [FILE]",
	NULL,
};

static void print_text(FILE *out, const char *text, size_t len)
{
	fwrite(text, 1, strnlen(text, len), out);
}

static uint64_t buffer_bytes(const struct tq_td_buffer *b)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < b->nentries; i++)
		sum += b->cpus[i].size;
	return sum;
}

static void summary(struct dump *d, struct tq_tracedat *td)
{
	const struct tq_td_meta *m = &td->meta;
	FILE *out = d->out;
	int i;

	fprintf(out, "\n Tracing meta data in file %s:\n", d->input);
	fprintf(out, "\t[Initial format]\n\t\t%d\t[Version]\n\t\t%d\t[%s endian]\n"
		"\t\t%d\t[Bytes in a long]\n\t\t%u\t[Page size, bytes]\n", td->version,
		td->big_endian, td->big_endian ? "Big" : "Little", td->long_size, td->page_size);
	if (td->version >= 7) {
		int noptions = td->noptions;

		fprintf(out, "\t\t%s\t[Compression algorithm]\n\t\t%s\t[Compression version]\n",
			td->comp_name, td->comp_version);
		for (i = 0; i < td->nbuffers; i++) {
			const struct tq_td_buffer *b = &td->buffers[i];

			if (b->latency) {
				fprintf(out, "\t[buffer \"%s\", \"%s\" clock, latency data, %zu bytes]\n",
					b->name, b->clock, b->text_len);
				continue;
			}
			fprintf(out, "\t[buffer \"%s\", \"%s\" clock, %u page size, %d cpus, %" PRIu64
				" bytes flyrecord data]\n", b->name, b->clock, b->page_size,
				b->nentries, buffer_bytes(b));
		}
		/* trace-cmd counts the DONE option closing each options section */
		for (i = 0; i < td->nsections; i++)
			if (td->sections[i].id == TQ_TD_OPT_DONE)
				noptions++;
		fprintf(out, "\t[%d options]\n", noptions);
		fprintf(out, "\t[Saved command lines, %" PRIu64 " bytes]\n", m->cmdlines_size);
		fprintf(out, "\t[Trace printk, %" PRIu64 " bytes]\n", m->printk_size);
		fprintf(out, "\t[Kallsyms, %" PRIu64 " bytes]\n", m->kallsyms_size);
		fprintf(out, "\t[Events format, %d systems]\n", m->systems);
		fprintf(out, "\t[Ftrace format, %d events]\n", m->ftrace_events);
		fprintf(out, "\t[Header page, %" PRIu64 " bytes]\n", m->header_page_size);
		fprintf(out, "\t[Header event, %" PRIu64 " bytes]\n", m->header_event_size);
		fprintf(out, "\t[%d sections]\n", td->nsections);
		return;
	}
	fprintf(out, "\t[Header page, %" PRIu64 " bytes]\n", m->header_page_size);
	fprintf(out, "\t[Header event, %" PRIu64 " bytes]\n", m->header_event_size);
	fprintf(out, "\t[Ftrace format, %d events]\n", m->ftrace_events);
	fprintf(out, "\t[Events format, %d systems]\n", m->systems);
	fprintf(out, "\t[Kallsyms, %" PRIu64 " bytes]\n", m->kallsyms_size);
	fprintf(out, "\t[Trace printk, %" PRIu64 " bytes]\n", m->printk_size);
	fprintf(out, "\t[Saved command lines, %" PRIu64 " bytes]\n", m->cmdlines_size);
	fprintf(out, "\t%d [CPUs with tracing data]\n", td->ncpus);
	fprintf(out, "\t[%d options]\n", td->noptions);
	if (td->nbuffers && td->buffers[0].latency) {
		fprintf(out, "\t[Latency tracing data]\n");
		return;
	}
	fprintf(out, "\t[Flyrecord tracing data]\n");
	fprintf(out, "\t[Tracing clock]\n\t\t[%s]\n", td->trace_clock);
}

/* A v7 BUFFER option decoded as trace-cmd dump shows it; false if it does not parse. */
static bool dump_buffer_option(FILE *out, struct tq_tracedat *td, const struct tq_td_option *o)
{
	const uint8_t *p = o->data, *end = o->data + o->size;
	const char *name, *clock;
	uint32_t n, i;
	size_t len;

	if (td->version < 7 || o->size < 8)
		return false;
	name = (const char *)p + 8;
	len = strnlen(name, end - (const uint8_t *)name);
	if ((const uint8_t *)name + len >= end)
		return false;
	clock = name + len + 1;
	len = strnlen(clock, end - (const uint8_t *)clock);
	p = (const uint8_t *)clock + len + 1;
	if (p > end || end - p < 8)
		return false;
	n = tq_td_get(td, p + 4, 4);
	if ((uint64_t)n * 20 > (uint64_t)(end - p - 8))
		return false;
	fprintf(out, "\n%" PRIu64 " [offset]\n\"%s\" [name]\n\"%s\" [clock]\n%u [Page size, bytes]\n"
		"%u [CPUs]:\n", tq_td_get(td, o->data, 8), name, clock,
		(unsigned)tq_td_get(td, p, 4), n);
	for (i = 0, p += 8; i < n; i++, p += 20)
		fprintf(out, "   %u %" PRIu64 "\t%" PRIu64 "\t[id, data offset and size]\n",
			(unsigned)tq_td_get(td, p, 4), tq_td_get(td, p + 4, 8),
			tq_td_get(td, p + 12, 8));
	return true;
}

static void dump_option(FILE *out, struct tq_tracedat *td, const struct tq_td_option *o)
{
	const char *name = tq_td_option_name(o->id);
	uint32_t i;

	if (name)
		fprintf(out, "\t\t[Option %s, %u bytes]", name, o->size);
	else
		fprintf(out, "\t\t[Option %u (unknown), %u bytes]", o->id, o->size);
	switch (o->id) {
	case TQ_TD_OPT_HEADER_INFO:
	case TQ_TD_OPT_FTRACE_EVENTS:
	case TQ_TD_OPT_EVENT_FORMATS:
	case TQ_TD_OPT_KALLSYMS:
	case TQ_TD_OPT_PRINTK:
	case TQ_TD_OPT_CMDLINES:
	case TQ_TD_OPT_BTF_FILE:
	case TQ_TD_OPT_MODULES_FILE:
		if (o->size >= 8)
			fprintf(out, " @ %" PRIu64, tq_td_get(td, o->data, 8));
		fputc('\n', out);
		return;
	case TQ_TD_OPT_CPUCOUNT:
		fputc('\n', out);
		if (o->size >= 4)
			fprintf(out, "%u\n", (unsigned)tq_td_get(td, o->data, 4));
		return;
	case TQ_TD_OPT_TRACEID:
		fputc('\n', out);
		if (o->size >= 8)
			fprintf(out, "0x%" PRIX64 "\n", tq_td_get(td, o->data, 8));
		return;
	case TQ_TD_OPT_BUFFER:
		if (dump_buffer_option(out, td, o))
			return;
		/* fall through */
	case TQ_TD_OPT_BUFFER_TEXT:
	case TQ_TD_OPT_TIME_SHIFT:
	case TQ_TD_OPT_GUEST:
	case TQ_TD_OPT_TSC2NSEC:
		fputc('\n', out);
		for (i = 0; i < o->size; i++)
			fprintf(out, "%02x%c", o->data[i], (i % 16 == 15 || i + 1 == o->size) ? '\n' : ' ');
		return;
	default:
		fputc('\n', out);
		if (o->id > TQ_TD_OPT_MAX_KNOWN)
			return;
		print_text(out, (const char *)o->data, o->size);
		fputc('\n', out);
		return;
	}
}

static void print_section(FILE *out, const struct tq_tracedat *td, uint64_t offset)
{
	int i;

	for (i = 0; i < td->nsections; i++) {
		const struct tq_td_section *s = &td->sections[i];

		if (s->offset == offset)
			fprintf(out, "\t[Section %u @ %" PRIu64 ": \"%s\", flags 0x%x, %" PRIu64
				" bytes]\n", s->id, s->offset, s->desc ? s->desc : "", s->flags,
				s->size);
	}
}

/*
 * Options as trace-cmd dump --options lists them: v7 by options section, each closed by
 * its DONE option (the offset of the next section), with the count including the DONEs.
 */
static void dump_options(struct dump *d, struct tq_tracedat *td)
{
	int i, count = td->noptions;

	for (i = 0; i < td->noptions; i++) {
		const struct tq_td_option *o = &td->options[i];
		bool first = !i || td->options[i - 1].section != o->section;
		bool last = i + 1 == td->noptions || td->options[i + 1].section != o->section;

		if (td->version >= 7 && first) {
			if (i)
				fputs("\n\n", d->out);
			print_section(d->out, td, o->section);
		}
		dump_option(d->out, td, o);
		if (td->version >= 7 && last) {
			fprintf(d->out, "\t\t[Option DONE, 8 bytes]\n%" PRIu64 "\n",
				i + 1 < td->noptions ? td->options[i + 1].section : 0);
			count++;
		}
	}
	fprintf(d->out, "\t[%d options]\n", count);
}

static void dump_sections(struct dump *d, struct tq_tracedat *td)
{
	int i;

	for (i = 0; i < td->nsections; i++) {
		const struct tq_td_section *s = &td->sections[i];

		fprintf(d->out, "\t[Section %u @ %" PRIu64 ": \"%s\", flags 0x%x, %" PRIu64
			" bytes]\n", s->id, s->offset, s->desc ? s->desc : "", s->flags, s->size);
	}
	fprintf(d->out, "\t[%d sections]\n", td->nsections);
}

/* v7: each BUFFER option with its section; v6: the top buffer's CPU table */
static void dump_flyrecord(struct dump *d, struct tq_tracedat *td)
{
	int i, e;

	if (td->version >= 7) {
		for (i = 0; i < td->noptions; i++) {
			const struct tq_td_option *o = &td->options[i];

			if (o->id != TQ_TD_OPT_BUFFER || o->size < 8)
				continue;
			print_section(d->out, td, tq_td_get(td, o->data, 8));
			dump_option(d->out, td, o);
		}
		return;
	}
	if (!td->nbuffers)
		return;
	if (td->buffers[0].latency) {
		fprintf(d->out, "\t[Latency tracing data]\n");
		return;
	}
	fprintf(d->out, "\t[Flyrecord tracing data]\n");
	for (e = 0; e < td->buffers[0].nentries; e++)
		fprintf(d->out, "\t%11" PRIu64 " %10" PRIu64 "\t[offset, size of cpu %d]\n",
			td->buffers[0].cpus[e].offset, td->buffers[0].cpus[e].size,
			td->buffers[0].cpus[e].cpu);
}

/* v7 shows the section a metadata block came from before the block */
static void block_section(struct dump *d, struct tq_tracedat *td, unsigned id)
{
	const struct tq_td_option *o = tq_td_find_option(td, id);

	if (td->version >= 7 && o && o->size >= 8)
		print_section(d->out, td, tq_td_get(td, o->data, 8));
}

static int run(struct dump *d)
{
	struct tq_tracedat *td;
	bool any = d->head_page || d->head_event || d->options || d->flyrecord || d->clock ||
		   d->cmdlines || d->printk || d->sections;
	int err, i;

	err = tq_td_open_flags(d->input, TQ_TD_NO_KALLSYMS, &td);
	if (err)
		return error("%s", tq_errmsg(err));
	for (i = 0; i < td->nwarnings; i++)
		warning("%s", td->warnings[i]);
	if (d->summary || !any)
		summary(d, td);
	if (d->head_page && td->meta.header_page) {
		block_section(d, td, TQ_TD_OPT_HEADER_INFO);
		fprintf(d->out, "\t[Header page, %" PRIu64 " bytes]\n", td->meta.header_page_size);
		fwrite(td->meta.header_page, 1, td->meta.header_page_size, d->out);
		fputc('\n', d->out);
	}
	if (d->head_event && td->meta.header_event) {
		block_section(d, td, TQ_TD_OPT_HEADER_INFO);
		fprintf(d->out, "\t[Header event, %" PRIu64 " bytes]\n",
			td->meta.header_event_size);
		fwrite(td->meta.header_event, 1, td->meta.header_event_size, d->out);
		fputc('\n', d->out);
	}
	if (d->printk && td->meta.printk) {
		block_section(d, td, TQ_TD_OPT_PRINTK);
		fprintf(d->out, "\t[Trace printk, %" PRIu64 " bytes]\n", td->meta.printk_size);
		fputs(td->meta.printk, d->out);
		fputc('\n', d->out);
	}
	if (d->cmdlines && td->meta.cmdlines) {
		block_section(d, td, TQ_TD_OPT_CMDLINES);
		fprintf(d->out, "\t[Saved command lines, %" PRIu64 " bytes]\n",
			td->meta.cmdlines_size);
		fputs(td->meta.cmdlines, d->out);
		fputc('\n', d->out);
	}
	if (d->sections)
		dump_sections(d, td);
	if (d->options)
		dump_options(d, td);
	if (d->flyrecord)
		dump_flyrecord(d, td);
	if (d->clock) {
		const struct tq_td_option *o = tq_td_find_option(td, TQ_TD_OPT_TRACECLOCK);

		if (o)
			fprintf(d->out, "%.*s\n", (int)strnlen((const char *)o->data, o->size),
				(const char *)o->data);
		if (td->version < 7)
			fprintf(d->out, "\t[Tracing clock]\n\t\t[%s]\n", td->trace_clock);
	}
	tq_td_close(td);
	return err;
}

int cmd_dump(int argc, char **argv)
{
	struct dump d = { .input = NULL, .out = stdout };
	const struct option opts[] = {
		OPT_STRING('i', "input", &d.input, "FILE", "trace.dat file (default trace.dat)"),
		OPT_BOOL(0, "summary", &d.summary, "the overview (also without other options)"),
		OPT_BOOL(0, "head-page", &d.head_page, "the ring-buffer page header description"),
		OPT_BOOL(0, "head-event", &d.head_event, "the event header description"),
		OPT_BOOL(0, "options", &d.options, "every option, by options section"),
		OPT_BOOL(0, "sections", &d.sections, "every v7 section header"),
		OPT_BOOL(0, "flyrecord", &d.flyrecord, "offset and size of each CPU's data"),
		OPT_BOOL(0, "clock", &d.clock, "the trace clock"),
		OPT_BOOL(0, "cmd-lines", &d.cmdlines, "the saved command lines"),
		OPT_BOOL(0, "printk", &d.printk, "the printk formats"),
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
	if (run(&d))
		return TQ_EXIT_ERROR;
	if (fflush(d.out))
		return error_errno("write error");
	return TQ_EXIT_OK;
}
