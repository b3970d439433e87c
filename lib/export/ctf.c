// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat to CTF 1.8, laid out as LTTng writes a kernel trace so that babeltrace2 and
 * the tools that know LTTng read it: a TSDL "metadata" file and one binary stream file
 * per buffer and CPU. Packets carry a header (magic, uuid, stream id, the CPU as the
 * stream instance) and a context (timestamp_begin/end, content/packet size, sequence
 * number, the running count of discarded events, cpu_id). A packet ends where the ring
 * buffer lost events, so that the count of the next one says how many went missing.
 *
 * Each buffer (the top one and every instance) is a stream class; every event format of
 * the file that maps is an event class of each, with the kernel's event id. The common
 * fields go into the stream's event context with the task's name; the other fields make
 * the payload, each prefixed with '_' as LTTng does (babeltrace2 strips one, so names the
 * metadata language reserves, such as "align" or "string", stay usable).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "export/export.h"
#include "print/field.h"
#include "tracedat/read.h"
#include "util/diag.h"

#define CTF_MAGIC 0xc1fc1fc1u
#define HEADER_SIZE (4 + 16 + 4 + 8)
#define CONTEXT_SIZE (6 * 8 + 4)
#define PACKET_START (HEADER_SIZE + CONTEXT_SIZE)
/* content of one packet before it is written out; events are far smaller */
#define PACKET_MAX (256 * 1024)

struct packet {
	uint8_t *buf;
	size_t len, cap;
	uint64_t begin, end;	/* first and last timestamp */
	uint64_t nevents;
};

struct stream {
	FILE *f;
	const char *path;
	int buffer, cpu;
	uint64_t seq;		/* packets written */
	uint64_t discarded;	/* events lost so far, as the packets carry it */
};

struct ctf {
	struct tq_export *x;
	struct tq_tracedat *td;
	uint8_t uuid[16];
	struct packet p;
};

/* ---- metadata ---- */

static void tsdl_string(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fputc('?', f);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void tsdl_int(FILE *f, unsigned bytes, bool is_signed, int base)
{
	fprintf(f, "integer { size = %u; align = 8; signed = %s; base = %d; }", bytes * 8,
		is_signed ? "true" : "false", base);
}

static void print_uuid(FILE *f, const uint8_t *u)
{
	int i;

	for (i = 0; i < 16; i++)
		fprintf(f, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
}

/* The clock's name as an identifier: "x86-tsc" becomes "x86_tsc". */
static void clock_name(char *out, size_t n, const char *clock)
{
	size_t i;

	snprintf(out, n, "%s", clock && *clock ? clock : "local");
	for (i = 0; out[i]; i++)
		if (!(out[i] >= 'a' && out[i] <= 'z') && !(out[i] >= 'A' && out[i] <= 'Z') &&
		    !(i && out[i] >= '0' && out[i] <= '9'))
			out[i] = '_';
}

/* LTTng names events without their system; the system is added where two share a name. */
static bool name_shared(struct tep_event **all, struct tep_event *ev)
{
	int i;

	for (i = 0; all[i]; i++)
		if (all[i] != ev && !strcmp(all[i]->name, ev->name))
			return true;
	return false;
}

static void write_field_decl(FILE *f, struct tep_format_field *fl)
{
	bool is_signed = fl->flags & TEP_FIELD_IS_SIGNED;
	int base = fl->flags & TEP_FIELD_IS_POINTER ? 16 : 10;
	unsigned es, count;

	switch (tq_xf_classify(fl, &es, &count)) {
	case TQ_XF_INT:
		fputs("\t\t", f);
		tsdl_int(f, es, is_signed, base);
		fprintf(f, " _%s;\n", fl->name);
		break;
	case TQ_XF_STRING:
		fprintf(f, "\t\tstring _%s;\n", fl->name);
		break;
	case TQ_XF_ARRAY:
		fputs("\t\t", f);
		tsdl_int(f, es, is_signed, base);
		fprintf(f, " _%s[%u];\n", fl->name, count);
		break;
	case TQ_XF_SEQ:
		fputs("\t\t", f);
		tsdl_int(f, 4, false, 10);
		fprintf(f, " __%s_length;\n\t\t", fl->name);
		tsdl_int(f, es, is_signed, base);
		fprintf(f, " _%s[__%s_length];\n", fl->name, fl->name);
		break;
	case TQ_XF_BAD:
		break;
	}
}

static void write_env(struct ctf *c, FILE *f)
{
	const struct tq_td_option *o = tq_td_find_option(c->td, TQ_TD_OPT_UNAME);
	int b;

	fputs("env {\n\tdomain = \"kernel\";\n\ttracer_name = \"tq\";\n", f);
	fprintf(f, "\ttracer_major = 0;\n\ttracer_minor = 1;\n\ttrace_name = ");
	tsdl_string(f, c->x->input, strlen(c->x->input));
	fprintf(f, ";\n\ttrace_file_version = %d;\n\ttrace_clock = ", c->td->version);
	tsdl_string(f, c->td->trace_clock ? c->td->trace_clock : "", 64);
	fputs(";\n", f);
	if (o) {
		fputs("\tuname = ", f);
		tsdl_string(f, (const char *)o->data, o->size);
		fputs(";\n", f);
	}
	/* which stream class is which buffer: "" is the top one */
	for (b = 0; b < c->td->nbuffers; b++) {
		fprintf(f, "\tbuffer_%d = ", b);
		tsdl_string(f, c->td->buffers[b].name, strlen(c->td->buffers[b].name));
		fputs(";\n", f);
	}
	fputs("};\n\n", f);
}

static void write_clock(struct ctf *c, FILE *f, const char *name)
{
	fprintf(f, "clock {\n\tname = \"%s\";\n\tuuid = \"", name);
	print_uuid(f, c->uuid);
	fputs("\";\n\tdescription = ", f);
	{
		char d[256];

		snprintf(d, sizeof(d), "ftrace trace clock '%s'%s%s", c->td->trace_clock ?
			 c->td->trace_clock : "local", c->td->tsc2nsec ?
			 ", counter converted to ns with the file's TSC2NSEC multiplier" : "",
			 c->td->clock_is_ns ? "" : ", raw counter units shown as ns");
		tsdl_string(f, d, sizeof(d));
	}
	/* the reader has added the file's DATE and OFFSET to the timestamps already */
	fputs(";\n\tfreq = 1000000000;\n\tprecision = 1;\n\toffset_s = 0;\n\toffset = 0;\n"
	      "\tabsolute = false;\n};\n\n", f);
	fprintf(f, "typealias integer { size = 64; align = 8; signed = false; "
		"map = clock.%s.value; } := uint64_clock_t;\n\n", name);
}

static int write_metadata(struct ctf *c, const char *dir)
{
	struct tep_event **all = tep_list_events(c->td->tep, TEP_EVENT_SORT_ID);
	char path[4096], clock[64];
	FILE *f;
	int b, i;

	if (!all)
		return tq_fail(ENOMEM, "out of memory listing the events of '%s'", c->x->input);
	snprintf(path, sizeof(path), "%s/metadata", dir);
	f = fopen(path, "w");
	if (!f)
		return tq_fail(errno, "cannot create '%s': %s", path, strerror(errno));
	fputs("/* CTF 1.8 */\n\n", f);
	fputs("typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
	      "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
	      "typealias integer { size = 32; align = 8; signed = true; } := int32_t;\n"
	      "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n\n", f);
	fprintf(f, "trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"");
	print_uuid(f, c->uuid);
	fprintf(f, "\";\n\tbyte_order = %s;\n", __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
		"le" : "be");
	fputs("\tpacket.header := struct {\n\t\tuint32_t magic;\n\t\tuint8_t uuid[16];\n"
	      "\t\tuint32_t stream_id;\n\t\tuint64_t stream_instance_id;\n\t};\n};\n\n", f);
	write_env(c, f);
	clock_name(clock, sizeof(clock), c->td->trace_clock);
	write_clock(c, f, clock);
	for (b = 0; b < c->td->nbuffers; b++) {
		fprintf(f, "stream {\n\tid = %d;\n", b);
		fputs("\tevent.header := struct {\n\t\tuint32_t id;\n"
		      "\t\tuint64_clock_t timestamp;\n\t};\n", f);
		fputs("\tpacket.context := struct {\n\t\tuint64_clock_t timestamp_begin;\n"
		      "\t\tuint64_clock_t timestamp_end;\n\t\tuint64_t content_size;\n"
		      "\t\tuint64_t packet_size;\n\t\tuint64_t packet_seq_num;\n"
		      "\t\tuint64_t events_discarded;\n\t\tuint32_t cpu_id;\n\t};\n", f);
		fputs("\tevent.context := struct {\n\t\tint32_t _common_pid;\n"
		      "\t\tuint8_t _common_flags;\n\t\tuint8_t _common_preempt_count;\n"
		      "\t\tstring _comm;\n\t};\n};\n\n", f);
		for (i = 0; all[i]; i++) {
			struct tep_event *ev = all[i];
			struct tep_format_field *fl;

			if (!tq_export_format_ok(ev))
				continue;
			fputs("event {\n\tname = ", f);
			if (name_shared(all, ev)) {
				char n[512];

				snprintf(n, sizeof(n), "%s:%s", ev->system, ev->name);
				tsdl_string(f, n, sizeof(n));
			} else {
				tsdl_string(f, ev->name, strlen(ev->name));
			}
			fprintf(f, ";\n\tid = %d;\n\tstream_id = %d;\n\tfields := struct {\n",
				ev->id, b);
			for (fl = ev->format.fields; fl; fl = fl->next)
				write_field_decl(f, fl);
			fputs("\t};\n};\n\n", f);
		}
	}
	if (ferror(f) | fclose(f))
		return tq_fail(errno ? errno : EIO, "cannot write '%s': %s", path,
			       strerror(errno ? errno : EIO));
	return 0;
}

/* ---- packets ---- */

static int reserve(struct packet *p, size_t n)
{
	uint8_t *grown;
	size_t cap;

	if (p->len + n <= p->cap)
		return 0;
	cap = p->cap ? p->cap : PACKET_MAX + 8192;
	while (cap < p->len + n)
		cap *= 2;
	grown = realloc(p->buf, cap);
	if (!grown)
		return tq_fail(ENOMEM, "out of memory");
	p->buf = grown;
	p->cap = cap;
	return 0;
}

/* Append n bytes of v in the trace's (the host's) byte order. */
static void put(struct packet *p, uint64_t v, unsigned n)
{
	union {
		uint64_t u64;
		uint32_t u32;
		uint16_t u16;
		uint8_t u8;
	} u;

	switch (n) {
	case 1: u.u8 = (uint8_t)v; break;
	case 2: u.u16 = (uint16_t)v; break;
	case 4: u.u32 = (uint32_t)v; break;
	default: u.u64 = v; n = 8; break;
	}
	memcpy(p->buf + p->len, &u, n);
	p->len += n;
}

static void put_bytes(struct packet *p, const void *s, size_t n)
{
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

static void packet_reset(struct packet *p)
{
	p->len = PACKET_START;
	p->nevents = 0;
}

static int packet_flush(struct ctf *c, struct stream *s)
{
	struct packet *p = &c->p;
	size_t len = p->len;

	p->len = 0;
	put(p, CTF_MAGIC, 4);
	put_bytes(p, c->uuid, 16);
	put(p, (uint64_t)s->buffer, 4);
	put(p, (uint64_t)s->cpu, 8);
	put(p, p->begin, 8);
	put(p, p->end, 8);
	put(p, (uint64_t)len * 8, 8);
	put(p, (uint64_t)len * 8, 8);
	put(p, s->seq, 8);
	put(p, s->discarded, 8);
	put(p, (uint64_t)s->cpu, 4);
	if (fwrite(p->buf, 1, len, s->f) != len)
		return tq_fail(errno ? errno : EIO, "cannot write '%s': %s", s->path,
			       strerror(errno ? errno : EIO));
	s->seq++;
	packet_reset(p);
	return 0;
}

static int put_field(struct packet *p, struct tep_handle *tep, struct tep_format_field *fl,
		     const struct tep_record *rec)
{
	const uint8_t *data = rec->data;
	unsigned es, count, off = 0, size = 0, i, n;
	enum tq_xf_kind kind = tq_xf_classify(fl, &es, &count);
	bool there = tq_field_locate(fl, rec, &off, &size);
	int err;

	switch (kind) {
	case TQ_XF_INT:
		err = reserve(p, es);
		if (!err)
			put(p, there ? tep_read_number(tep, data + off, es) : 0, es);
		return err;
	case TQ_XF_STRING:
		n = there ? tq_xf_strlen(data + off, size) : 0;
		err = reserve(p, n + 1);
		if (!err) {
			put_bytes(p, data + off, n);
			put(p, 0, 1);
		}
		return err;
	case TQ_XF_ARRAY:
	case TQ_XF_SEQ:
		n = kind == TQ_XF_ARRAY ? count : there ? size / es : 0;
		err = reserve(p, 4 + (size_t)n * es);
		if (err)
			return err;
		if (kind == TQ_XF_SEQ)
			put(p, n, 4);
		for (i = 0; i < n; i++)
			put(p, there && (i + 1) * es <= size ?
			    tep_read_number(tep, data + off + i * es, es) : 0, es);
		return 0;
	case TQ_XF_BAD:
		break;
	}
	return 0;
}

static int put_event(struct ctf *c, struct tep_event *ev, const struct tep_record *rec)
{
	struct tep_handle *tep = c->td->tep;
	struct packet *p = &c->p;
	struct tep_format_field *fl;
	int pid = tep_data_pid(tep, (struct tep_record *)rec);
	const char *comm = tep_data_comm_from_pid(tep, pid);
	size_t n = strlen(comm);
	int err;

	err = reserve(p, 4 + 8 + 4 + 1 + 1 + n + 1);
	if (err)
		return err;
	put(p, (uint64_t)ev->id, 4);
	put(p, rec->ts, 8);
	put(p, (uint64_t)(uint32_t)pid, 4);
	put(p, tq_xf_common(ev, "common_flags", rec), 1);
	put(p, tq_xf_common(ev, "common_preempt_count", rec), 1);
	put_bytes(p, comm, n);
	put(p, 0, 1);
	for (fl = ev->format.fields; fl; fl = fl->next) {
		err = put_field(p, tep, fl, rec);
		if (err)
			return err;
	}
	return 0;
}

/* ---- streams ---- */

static int convert_cpu(struct ctf *c, struct stream *s, int entry)
{
	struct tq_td_cursor *cur = NULL;
	struct tq_td_event ev;
	int err, n;

	packet_reset(&c->p);
	c->p.begin = c->p.end = 0;
	if (c->td->buffers[s->buffer].cpus[entry].size) {
		err = tq_td_cursor_new(c->td, s->buffer, entry, &cur);
		if (err)
			return err;
	}
	while (cur && (n = tq_td_cursor_next(cur, &ev)) > 0) {
		struct tep_event *e = tep_find_event_by_record(c->td->tep, &ev.rec);

		if (ev.missed) {
			/* a packet boundary carries the count; the first packet cannot */
			if (c->p.nevents || !s->seq) {
				if (!c->p.nevents)
					c->p.begin = c->p.end = ev.rec.ts;
				err = packet_flush(c, s);
				if (err)
					goto out;
			}
			s->discarded += ev.missed > 0 ? (uint64_t)ev.missed : 1;
		}
		if (!tq_export_event_ok(c->x, e, tep_data_type(c->td->tep, &ev.rec))) {
			c->x->skipped++;
			continue;
		}
		if (c->p.len >= PACKET_MAX) {
			err = packet_flush(c, s);
			if (err)
				goto out;
		}
		if (!c->p.nevents)
			c->p.begin = ev.rec.ts;
		c->p.end = ev.rec.ts;
		err = put_event(c, e, &ev.rec);
		if (err)
			goto out;
		c->p.nevents++;
		c->x->events++;
	}
	err = cur ? n : 0;
	if (err < 0)
		goto out;
	/* a CPU without events still gets its stream, with one empty packet */
	if (c->p.nevents || !s->seq)
		err = packet_flush(c, s);
out:
	tq_td_cursor_free(cur);
	return err;
}

static int stream_path(struct ctf *c, char *path, size_t n, const char *dir, int b, int cpu)
{
	const char *name = c->td->buffers[b].name;
	int len;

	if (*name)
		len = snprintf(path, n, "%s/instance-%s_%d", dir, name, cpu);
	else
		len = snprintf(path, n, "%s/channel0_%d", dir, cpu);
	if (len < 0 || (size_t)len >= n || strchr(name, '/'))
		return tq_fail(EINVAL, "instance name '%s' cannot be a file name", name);
	return 0;
}

static int convert_buffer(struct ctf *c, const char *dir, int b)
{
	const struct tq_td_buffer *buf = &c->td->buffers[b];
	int e, err = 0;

	if (buf->latency)
		return tq_export_warn(c->x, "buffer '%s' holds latency tracer text, not events: "
				      "left out", *buf->name ? buf->name : "top");
	for (e = 0; e < buf->nentries && !err; e++) {
		struct stream s = { .buffer = b, .cpu = buf->cpus[e].cpu };
		char path[4096];

		err = stream_path(c, path, sizeof(path), dir, b, s.cpu);
		if (err)
			break;
		s.path = path;
		s.f = fopen(path, "w");
		if (!s.f)
			return tq_fail(errno, "cannot create '%s': %s", path, strerror(errno));
		err = convert_cpu(c, &s, e);
		if ((ferror(s.f) | fclose(s.f)) && !err)
			err = tq_fail(errno ? errno : EIO, "cannot write '%s': %s", path,
				      strerror(errno ? errno : EIO));
	}
	return err;
}

int tq_export_ctf(struct tq_export *x, const char *dir)
{
	struct ctf c = { .x = x, .td = x->td };
	int b, err;

	if (getrandom(c.uuid, sizeof(c.uuid), 0) != sizeof(c.uuid))
		return tq_fail(errno ? errno : EIO, "cannot get a random uuid: %s",
			       strerror(errno ? errno : EIO));
	c.uuid[6] = (c.uuid[6] & 0x0f) | 0x40;	/* version 4 */
	c.uuid[8] = (c.uuid[8] & 0x3f) | 0x80;
	err = reserve(&c.p, PACKET_START);
	if (!err)
		err = write_metadata(&c, dir);
	for (b = 0; !err && b < x->td->nbuffers; b++)
		err = convert_buffer(&c, dir, b);
	free(c.p.buf);
	return err;
}
