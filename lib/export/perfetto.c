// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat to Perfetto's native protobuf trace: Trace{packet} of TracePackets, one
 * ProcessTree with the threads of the file's saved command lines, then FtraceEventBundles
 * {cpu, event} of FtraceEvents {timestamp, pid, and the event}: sched_switch and
 * sched_waking typed (what gives Perfetto's UI its per-CPU scheduling tracks), every other
 * event generic, with its name and its integer and string fields. A bundle holds a run
 * of events of one CPU in time order. Field numbers from Perfetto's public .proto files
 * (protos/perfetto/trace/...); the wire format is written by hand, it is small.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "print/field.h"
#include "tracedat/read.h"
#include "util/diag.h"

/* Trace */
#define TRACE_PACKET 1
/* TracePacket */
#define PACKET_FTRACE_EVENTS 1
#define PACKET_PROCESS_TREE 2
#define PACKET_SEQUENCE_ID 10
/* ProcessTree, ProcessTree.Thread */
#define TREE_THREADS 2
#define THREAD_TID 1
#define THREAD_NAME 2
/* FtraceEventBundle */
#define BUNDLE_CPU 1
#define BUNDLE_EVENT 2
/* FtraceEvent */
#define EVENT_TIMESTAMP 1
#define EVENT_PID 2
#define EVENT_SCHED_SWITCH 4
#define EVENT_SCHED_WAKING 20
#define EVENT_GENERIC 327
/* GenericFtraceEvent, GenericFtraceEvent.Field */
#define GENERIC_NAME 1
#define GENERIC_FIELD 2
#define FIELD_NAME 1
#define FIELD_STR 3
#define FIELD_INT 4
#define FIELD_UINT 5

#define BUNDLE_MAX (64 * 1024)

struct pb {
	uint8_t *buf;
	size_t len, cap;
	bool failed;
};

static void pb_room(struct pb *p, size_t n)
{
	size_t cap;
	uint8_t *grown;

	if (p->failed || p->len + n <= p->cap)
		return;
	cap = p->cap ? p->cap * 2 : 4096;
	while (cap < p->len + n)
		cap *= 2;
	grown = realloc(p->buf, cap);
	if (!grown) {
		p->failed = true;
		return;
	}
	p->buf = grown;
	p->cap = cap;
}

static void pb_varint(struct pb *p, uint64_t v)
{
	pb_room(p, 10);
	if (p->failed)
		return;
	do {
		uint8_t b = v & 0x7f;

		v >>= 7;
		p->buf[p->len++] = b | (v ? 0x80 : 0);
	} while (v);
}

static void pb_uint(struct pb *p, unsigned field, uint64_t v)
{
	pb_varint(p, (uint64_t)field << 3);
	pb_varint(p, v);
}

static void pb_bytes(struct pb *p, unsigned field, const void *s, size_t n)
{
	pb_varint(p, (uint64_t)field << 3 | 2);
	pb_varint(p, n);
	pb_room(p, n);
	if (p->failed)
		return;
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

static void pb_str(struct pb *p, unsigned field, const char *s)
{
	pb_bytes(p, field, s, strlen(s));
}

struct pf {
	struct tq_export *x;
	FILE *out;
	struct pb field, sub, event, bundle, packet;
	int bundle_cpu;
};

static int put_packet(struct pf *f, unsigned field, struct pb *body)
{
	f->packet.len = 0;
	pb_bytes(&f->packet, field, body->buf, body->len);
	pb_uint(&f->packet, PACKET_SEQUENCE_ID, 1);
	f->sub.len = 0;
	pb_bytes(&f->sub, TRACE_PACKET, f->packet.buf, f->packet.len);
	if (f->packet.failed || f->sub.failed)
		return tq_fail(ENOMEM, "out of memory");
	if (fwrite(f->sub.buf, 1, f->sub.len, f->out) != f->sub.len)
		return tq_export_write_error();
	return 0;
}

static int flush_bundle(struct pf *f)
{
	int err;

	if (f->bundle_cpu < 0)
		return 0;
	err = put_packet(f, PACKET_FTRACE_EVENTS, &f->bundle);
	f->bundle.len = 0;
	f->bundle_cpu = -1;
	return err;
}

/* The threads of the saved command lines ("pid comm" lines). */
static int put_process_tree(struct pf *f)
{
	const char *s = f->x->td->meta.cmdlines;
	struct pb tree = { 0 };
	int err;

	while (s && *s) {
		const char *nl = strchr(s, '\n'), *end = nl ? nl : s + strlen(s);
		char *sp;
		long pid = strtol(s, &sp, 10);

		if (sp > s && *sp == ' ' && sp < end) {
			f->sub.len = 0;
			pb_uint(&f->sub, THREAD_TID, (uint64_t)pid);
			pb_bytes(&f->sub, THREAD_NAME, sp + 1, (size_t)(end - sp - 1));
			pb_bytes(&tree, TREE_THREADS, f->sub.buf, f->sub.len);
		}
		s = nl ? nl + 1 : end;
	}
	err = tree.failed || f->sub.failed ? tq_fail(ENOMEM, "out of memory") :
	      tree.len ? put_packet(f, PACKET_PROCESS_TREE, &tree) : 0;
	free(tree.buf);
	return err;
}

static unsigned long long num(struct tep_event *e, const char *name, const struct tep_record *rec)
{
	struct tep_format_field *fl = tep_find_field(e, name);
	unsigned long long v = 0;

	if (fl && fl->offset + fl->size <= rec->size)
		tep_read_number_field(fl, rec->data, &v);
	return v;
}

/* A char array field as text, cut at its NUL. */
static void put_text(struct pb *p, unsigned field, struct tep_event *e, const char *name,
		     const struct tep_record *rec)
{
	struct tep_format_field *fl = tep_find_field(e, name);
	unsigned off, size;
	const uint8_t *data = rec->data;

	if (fl && tq_field_locate(fl, rec, &off, &size))
		pb_bytes(p, field, data + off, tq_xf_strlen(data + off, size));
}

/* Sign-extend a field read as unsigned into what an int32 or int64 field carries. */
static uint64_t sext(unsigned long long v, unsigned size)
{
	switch (size) {
	case 1: return (uint64_t)(int64_t)(int8_t)v;
	case 2: return (uint64_t)(int64_t)(int16_t)v;
	case 4: return (uint64_t)(int64_t)(int32_t)v;
	default: return v;
	}
}

static void put_signed(struct pb *p, unsigned field, struct tep_event *e, const char *name,
		       const struct tep_record *rec)
{
	struct tep_format_field *fl = tep_find_field(e, name);

	if (fl)
		pb_uint(p, field, sext(num(e, name, rec), (unsigned)fl->size));
}

static void sched_switch(struct pf *f, struct tep_event *e, const struct tep_record *rec)
{
	struct pb *p = &f->sub;

	put_text(p, 1, e, "prev_comm", rec);
	put_signed(p, 2, e, "prev_pid", rec);
	put_signed(p, 3, e, "prev_prio", rec);
	put_signed(p, 4, e, "prev_state", rec);
	put_text(p, 5, e, "next_comm", rec);
	put_signed(p, 6, e, "next_pid", rec);
	put_signed(p, 7, e, "next_prio", rec);
}

static void sched_waking(struct pf *f, struct tep_event *e, const struct tep_record *rec)
{
	struct pb *p = &f->sub;

	put_text(p, 1, e, "comm", rec);
	put_signed(p, 2, e, "pid", rec);
	put_signed(p, 3, e, "prio", rec);
	put_signed(p, 4, e, "success", rec);
	put_signed(p, 5, e, "target_cpu", rec);
}

static void generic(struct pf *f, struct tep_event *e, const struct tep_record *rec)
{
	struct tep_handle *tep = f->x->td->tep;
	const uint8_t *data = rec->data;
	struct tep_format_field *fl;
	unsigned es, count, off, size;

	pb_str(&f->sub, GENERIC_NAME, e->name);
	for (fl = e->format.fields; fl; fl = fl->next) {
		enum tq_xf_kind kind = tq_xf_classify(fl, &es, &count);

		/* arrays have no generic field type: left out */
		if ((kind != TQ_XF_INT && kind != TQ_XF_STRING) ||
		    !tq_field_locate(fl, rec, &off, &size))
			continue;
		f->field.len = 0;
		pb_str(&f->field, FIELD_NAME, fl->name);
		if (kind == TQ_XF_STRING)
			pb_bytes(&f->field, FIELD_STR, data + off, tq_xf_strlen(data + off, size));
		else if (fl->flags & TEP_FIELD_IS_SIGNED)
			pb_uint(&f->field, FIELD_INT,
				sext(tep_read_number(tep, data + off, es), es));
		else
			pb_uint(&f->field, FIELD_UINT, tep_read_number(tep, data + off, es));
		pb_bytes(&f->sub, GENERIC_FIELD, f->field.buf, f->field.len);
	}
}

static int put_event(struct pf *f, struct tep_event *e, const struct tq_td_event *ev)
{
	const struct tep_record *rec = &ev->rec;
	bool sched = !strcmp(e->system, "sched");
	unsigned which = EVENT_GENERIC;
	int err;

	if (f->bundle_cpu != rec->cpu || f->bundle.len >= BUNDLE_MAX) {
		err = flush_bundle(f);
		if (err)
			return err;
		f->bundle_cpu = rec->cpu;
		pb_uint(&f->bundle, BUNDLE_CPU, (uint64_t)rec->cpu);
	}
	f->sub.len = 0;
	if (sched && !strcmp(e->name, "sched_switch")) {
		which = EVENT_SCHED_SWITCH;
		sched_switch(f, e, rec);
	} else if (sched && !strcmp(e->name, "sched_waking")) {
		which = EVENT_SCHED_WAKING;
		sched_waking(f, e, rec);
	} else {
		generic(f, e, rec);
	}
	f->event.len = 0;
	pb_uint(&f->event, EVENT_TIMESTAMP, rec->ts);
	pb_uint(&f->event, EVENT_PID, (uint32_t)tep_data_pid(f->x->td->tep,
							      (struct tep_record *)rec));
	pb_bytes(&f->event, which, f->sub.buf, f->sub.len);
	pb_bytes(&f->bundle, BUNDLE_EVENT, f->event.buf, f->event.len);
	if (f->sub.failed || f->event.failed || f->bundle.failed || f->field.failed)
		return tq_fail(ENOMEM, "out of memory");
	return 0;
}

int tq_export_perfetto(struct tq_export *x, FILE *out)
{
	struct pf f = { .x = x, .out = out, .bundle_cpu = -1 };
	struct tep_handle *tep = x->td->tep;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	int err, i;

	for (i = 1; i < x->td->nbuffers; i++)
		tq_export_warn(x, "instance '%s': the perfetto trace has only the top buffer, "
			       "left out", x->td->buffers[i].name);
	err = tq_export_merge_top(x->td, &m);
	if (err)
		return err;
	err = put_process_tree(&f);
	while (!err && (err = tq_td_merge_next(m, &ev)) > 0) {
		struct tep_event *e = tep_find_event_by_record(tep, &ev->rec);

		if (!tq_export_event_ok(x, e, tep_data_type(tep, &ev->rec))) {
			x->skipped++;
			err = 0;
			continue;
		}
		err = put_event(&f, e, ev);
		x->events++;
	}
	if (!err)
		err = flush_bundle(&f);
	tq_td_merge_free(m);
	free(f.field.buf);
	free(f.sub.buf);
	free(f.event.buf);
	free(f.bundle.buf);
	free(f.packet.buf);
	return err < 0 ? err : 0;
}
