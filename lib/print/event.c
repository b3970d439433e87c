// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event line of trace-cmd report. The default layout (and -t) is written without
 * printf into a large buffer, since it is most of what a report prints; every other
 * layout goes through print_event_slow(), which stays the reference for the bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/event.h"

#define LINE_ROOM (TQ_FMT_BUF + 1024)
#define OBUF_SIZE (1 << 20)

int tq_event_source_init(struct tq_event_source *src, struct tep_handle *tep,
			 const struct tq_event_style *style, const struct tq_func_state *funcs)
{
	int err;

	memset(src, 0, sizeof(*src));
	src->tep = tep;
	src->clock_is_ns = true;
	src->func.function_id = src->func.repeats_id = -1;
	err = tq_fgraph_init(&src->graph, tep);
	if (err)
		return err;
	src->graph.tailprint = style->graph_tail;
	src->graph.show_depth = style->graph_depth;
	err = funcs ? tq_func_init(&src->func, tep, (struct tq_func_state *)funcs) : 0;
	if (err) {
		tq_fgraph_release(&src->graph);
		return err;
	}
	if (!style->slow && !style->raw)
		src->fmt = tq_fmt_cache_new(tep);
	return 0;
}

void tq_event_source_release(struct tq_event_source *src)
{
	if (!src->tep)
		return;
	tq_fmt_cache_free(src->fmt);
	tq_fgraph_release(&src->graph);
	tq_func_release(&src->func);
	free(src->events);
	src->tep = NULL;
}

void tq_event_source_set_symbols(struct tq_event_source *src, void (*load)(void *arg),
				 void *arg)
{
	src->load_symbols = load;
	src->symbols_arg = arg;
	if (src->fmt)
		tq_fmt_cache_set_symbol_loader(src->fmt, load, arg);
}

static void load_symbols(struct tq_event_source *src)
{
	if (src->load_symbols)
		src->load_symbols(src->symbols_arg);
}

struct tep_event *tq_event_of(struct tq_event_source *src, struct tep_record *rec)
{
	int id = tep_data_type(src->tep, rec);

	if (id < 0 || id > 65535)
		return tep_find_event_by_record(src->tep, rec);
	if (id >= src->nevents) {
		struct tep_event **n = realloc(src->events, (id + 256) * sizeof(*n));

		if (!n)
			return tep_find_event_by_record(src->tep, rec);
		memset(n + src->nevents, 0, (id + 256 - src->nevents) * sizeof(*n));
		src->events = n;
		src->nevents = id + 256;
	}
	if (!src->events[id])
		src->events[id] = tep_find_event(src->tep, id);
	return src->events[id];
}

int tq_event_printer_init(struct tq_event_printer *p, FILE *out,
			  const struct tq_event_style *style)
{
	memset(p, 0, sizeof(*p));
	p->style = *style;
	p->out = out;
	p->obuf = malloc(OBUF_SIZE);
	if (!p->obuf)
		return -ENOMEM;
	trace_seq_init(&p->seq);
	return 0;
}

void tq_event_printer_release(struct tq_event_printer *p)
{
	if (!p->obuf)
		return;
	tq_event_printer_flush(p);
	trace_seq_destroy(&p->seq);
	free(p->obuf);
	p->obuf = NULL;
}

void tq_event_printer_flush(struct tq_event_printer *p)
{
	if (p->olen)
		fwrite(p->obuf, 1, p->olen, p->out);
	p->olen = 0;
}

int tq_event_format_ts(const struct tq_event_style *style, bool clock_is_ns,
		       unsigned long long ts, char *buf, size_t len)
{
	if (!clock_is_ns)
		return snprintf(buf, len, "%12llu", ts);
	if (style->ns)
		return snprintf(buf, len, "%5llu.%09llu", ts / 1000000000ull,
				ts % 1000000000ull);
	ts = (ts + 500) / 1000;
	return snprintf(buf, len, "%5llu.%06llu", ts / 1000000ull, ts % 1000000ull);
}

static void print_prefix(struct tq_event_printer *p, const char *prefix)
{
	if (p->width)
		fprintf(p->out, "%*s%c ", p->width, prefix, prefix[0] ? ':' : ' ');
}

static void strip_newlines(struct trace_seq *s)
{
	while (s->len && s->buffer[s->len - 1] == '\n')
		s->len--;
	s->buffer[s->len] = '\0';
}

/*
 * Lost events before this one: trace-cmd prints the file or instance name, then the
 * DROPPED line and the event line as one text, so the event line goes without the name.
 * Returns whether it printed (and so took the name).
 */
static bool print_missed(struct tq_event_printer *p, const struct tep_record *rec,
			 const char *prefix, long long missed)
{
	if (!missed)
		return false;
	tq_event_printer_flush(p);
	print_prefix(p, prefix);
	if (missed > 0)
		fprintf(p->out, "CPU:%d [%lld EVENTS DROPPED]\n", rec->cpu, missed);
	else
		fprintf(p->out, "CPU:%d [EVENTS DROPPED]\n", rec->cpu);
	return true;
}

static void print_event_slow(struct tq_event_printer *p, struct tq_event_source *src,
			     struct tep_record *rec, const char *prefix, long long missed)
{
	struct tep_handle *tep = src->tep;
	struct tep_event *event = tep_find_event_by_record(tep, rec);
	int pid = tep_data_pid(tep, rec);
	const char *comm = tep_data_comm_from_pid(tep, pid);
	const char *name = event ? event->name : "[UNKNOWN EVENT]";
	char tsbuf[48];
	int nlen;

	tq_event_printer_flush(p);
	load_symbols(src);
	if (!print_missed(p, rec, prefix, missed))
		print_prefix(p, prefix);
	tq_event_format_ts(&p->style, src->clock_is_ns, rec->ts, tsbuf, sizeof(tsbuf));
	if (p->style.latency && p->style.raw) {
		/* trace-cmd's -l -R shows the flags byte as a number, not the columns */
		fprintf(p->out, "%8.8s-%-5d %3d-0x%x", comm, pid, rec->cpu,
			tep_data_flags(tep, rec));
	} else if (p->style.latency) {
		trace_seq_reset(&p->seq);
		tep_print_event(tep, &p->seq, rec, "%s", TEP_PRINT_LATENCY);
		trace_seq_terminate(&p->seq);
		fprintf(p->out, "%8.8s-%-5d %3d%s", comm, pid, rec->cpu, p->seq.buffer);
	} else {
		fprintf(p->out, "%16s-%-5d [%03d]", comm, pid, rec->cpu);
	}
	fprintf(p->out, "%s%s:", src->clock_is_ns ? " " : "", tsbuf);
	if (p->style.ts_diff) {
		/*
		 * As trace-cmd: without -t the difference is of the rounded microseconds, also
		 * for clocks that do not count in ns (counter, x86-tsc), and none is shown
		 * while the previous time (in those units) is 0.
		 */
		unsigned long long now = p->style.ns ? rec->ts : (rec->ts + 500) / 1000;
		char diff[48] = "";

		if (p->prev_ts)
			snprintf(diff, sizeof(diff), "(+%llu)", now - p->prev_ts);
		fprintf(p->out, " %-8s", diff);
		p->prev_ts = now;
	}

	nlen = strlen(name);
	fprintf(p->out, " %s: %*s", name, nlen < 20 ? 20 - nlen : 0, "");
	trace_seq_reset(&p->seq);
	tep_print_event(tep, &p->seq, rec, "%s",
			p->style.raw ? TEP_PRINT_INFO_RAW : TEP_PRINT_INFO);
	trace_seq_terminate(&p->seq);
	strip_newlines(&p->seq);
	fwrite(p->seq.buffer, 1, p->seq.len, p->out);
	if (p->after)
		p->after(p->after_arg, event, rec, p->out);
	fputc('\n', p->out);
}

/* Right-aligned (width > 0) or left-aligned (width < 0) text, padded with spaces. */
static char *put_padded(char *o, const char *s, size_t len, int width)
{
	size_t w = width < 0 ? -width : width;
	size_t fill = w > len ? w - len : 0;

	if (width > 0) {
		memset(o, ' ', fill);
		o += fill;
	}
	memcpy(o, s, len);
	o += len;
	if (width < 0) {
		memset(o, ' ', fill);
		o += fill;
	}
	return o;
}

/* Unsigned decimal, at least `digits` digits (zero padded). */
static char *put_uint(char *o, unsigned long long v, int digits)
{
	char tmp[24], *t = tmp + sizeof(tmp);

	do {
		*--t = '0' + v % 10;
		v /= 10;
		digits--;
	} while (v || digits > 0);
	memcpy(o, t, tmp + sizeof(tmp) - t);
	return o + (tmp + sizeof(tmp) - t);
}

static char *put_int(char *o, int v)
{
	if (v < 0) {
		*o++ = '-';
		return put_uint(o, -(long long)v, 1);
	}
	return put_uint(o, v, 1);
}

static const char *comm_of(struct tq_event_source *src, int pid)
{
	unsigned slot = (unsigned)pid % TQ_COMM_CACHE;
	const char *comm;

	if (src->comms[slot].comm && src->comms[slot].pid == pid)
		return src->comms[slot].comm;
	comm = tep_data_comm_from_pid(src->tep, pid);
	if (!src->comms_change && strcmp(comm, "<...>")) {
		src->comms[slot].pid = pid;
		src->comms[slot].comm = comm;
	}
	return comm;
}

/* The text of the event after its name: 0, or -1 when only libtraceevent can print it. */
static int format_text(struct tq_event_source *src, struct tep_event *event,
		       struct tep_record *rec, char *o, size_t room)
{
	int len = -1;

	if (room > TQ_FGRAPH_BUF && room > TQ_FUNC_BUF) {
		if (event->id == src->graph.entry_id || event->id == src->graph.exit_id ||
		    event->id == src->func.function_id)
			load_symbols(src);
		len = tq_fgraph_format(&src->graph, event, rec, o);
		if (len < 0)
			len = tq_func_format(&src->func, event, rec, o);
	}
	if (len < 0)
		len = tq_fmt_format(src->fmt, event, rec, o, room);
	return len;
}

static void print_event_fast(struct tq_event_printer *p, struct tq_event_source *src,
			     struct tep_record *rec, struct tep_event *event, const char *prefix,
			     long long missed)
{
	int pid = tep_data_pid(src->tep, rec);
	const char *comm = comm_of(src, pid);
	char *line, *o, *mark, num[24];
	unsigned long long ts = rec->ts, secs, frac;
	size_t nlen = strlen(event->name), clen = strlen(comm);
	bool named;
	int len;

	if (nlen + clen > 256) {
		print_event_slow(p, src, rec, prefix, missed);
		return;
	}
	named = print_missed(p, rec, prefix, missed);
	if (OBUF_SIZE - p->olen < LINE_ROOM)
		tq_event_printer_flush(p);
	line = o = p->obuf + p->olen;
	if (p->width && !named) {
		o = put_padded(o, prefix, strlen(prefix), p->width);
		*o++ = prefix[0] ? ':' : ' ';
		*o++ = ' ';
	}
	o = put_padded(o, comm, clen, 16);
	*o++ = '-';
	mark = put_int(num, pid);
	o = put_padded(o, num, mark - num, -5);
	memcpy(o, " [", 2);
	o = put_uint(o + 2, rec->cpu, 3);
	memcpy(o, "] ", 2);
	o += 2;
	if (p->style.ns) {
		secs = ts / 1000000000ull;
		frac = ts % 1000000000ull;
	} else {
		ts = (ts + 500) / 1000;
		secs = ts / 1000000ull;
		frac = ts % 1000000ull;
	}
	mark = put_uint(num, secs, 1);
	o = put_padded(o, num, mark - num, 5);
	*o++ = '.';
	o = put_uint(o, frac, p->style.ns ? 9 : 6);
	memcpy(o, ": ", 2);
	o += 2;
	memcpy(o, event->name, nlen);
	o += nlen;
	*o++ = ':';
	*o++ = ' ';
	if (nlen < 20) {
		memset(o, ' ', 20 - nlen);
		o += 20 - nlen;
	}
	len = format_text(src, event, rec, o, LINE_ROOM - (o - line));
	if (len >= 0) {
		o += len;
	} else {
		trace_seq_reset(&p->seq);
		load_symbols(src);
		tep_print_event(src->tep, &p->seq, rec, "%s", TEP_PRINT_INFO);
		trace_seq_terminate(&p->seq);
		strip_newlines(&p->seq);
		p->olen = o - p->obuf;
		tq_event_printer_flush(p);
		fwrite(p->seq.buffer, 1, p->seq.len, p->out);
		o = p->obuf;
	}
	*o++ = '\n';
	p->olen = o - p->obuf;
}

void tq_event_print(struct tq_event_printer *p, struct tq_event_source *src,
		    struct tep_record *rec, const char *prefix, long long missed)
{
	struct tep_event *event = NULL;

	if (!prefix)
		prefix = "";
	if (src->fmt && !p->style.latency && !p->style.ts_diff && !p->after &&
	    src->clock_is_ns)
		event = tq_event_of(src, rec);
	/* report -r/-n: only libtraceevent knows to print raw fields or skip the handler */
	if (event && (event->flags & (TEP_EVENT_FL_PRINTRAW | TEP_EVENT_FL_NOHANDLE)))
		event = NULL;
	if (event)
		print_event_fast(p, src, rec, event, prefix, missed);
	else
		print_event_slow(p, src, rec, prefix, missed);
}
