// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat to Chrome's Trace Event Format (JSON) as chrome://tracing, Perfetto and
 * speedscope open it: function_graph calls become complete ("X") events of their task,
 * made at the return event and spanning the call's entry and exit records, other events
 * instants ("i") with their fields in "args", and the kernel's trace text in
 * "systemTraceEvents" so that the importers build the CPU scheduling tracks from
 * sched_switch and sched_waking.
 * Two passes over the file, one per part: only the open calls of each task are held.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "export/export.h"
#include "print/field.h"
#include "print/graph-tasks.h"
#include "tracedat/read.h"
#include "util/diag.h"

/* JSON string contents of s, up to n bytes or a NUL */
static void json_escape(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	json_escape(f, s, n);
	fputc('"', f);
}

static void json_num(FILE *f, unsigned long long v, unsigned size, bool is_signed)
{
	if (!is_signed)
		fprintf(f, "%llu", v);
	else if (size == 1)
		fprintf(f, "%d", (int8_t)v);
	else if (size == 2)
		fprintf(f, "%d", (int16_t)v);
	else if (size == 4)
		fprintf(f, "%d", (int32_t)v);
	else
		fprintf(f, "%lld", (long long)v);
}

static void json_args(FILE *f, struct tep_handle *tep, struct tep_event *e,
		      const struct tep_record *rec)
{
	const uint8_t *data = rec->data;
	struct tep_format_field *fl;
	unsigned es, count, off, size, i;

	fputs("\"args\":{", f);
	for (fl = e->format.fields; fl; fl = fl->next) {
		enum tq_xf_kind kind = tq_xf_classify(fl, &es, &count);
		bool signed_ = fl->flags & TEP_FIELD_IS_SIGNED;

		json_str(f, fl->name, strlen(fl->name));
		fputc(':', f);
		if (!tq_field_locate(fl, rec, &off, &size))
			fputs("null", f);
		else if (kind == TQ_XF_STRING)
			json_str(f, (const char *)data + off, tq_xf_strlen(data + off, size));
		else if (kind == TQ_XF_INT)
			json_num(f, tep_read_number(tep, data + off, es), es, signed_);
		else {
			fputc('[', f);
			for (i = 0; i + es <= size; i += es)
				json_num(f, tep_read_number(tep, data + off + i, es), es, signed_),
					fputs(i + 2 * es <= size ? "," : "", f);
			fputc(']', f);
		}
		if (fl->next)
			fputc(',', f);
	}
	fputc('}', f);
}

static unsigned long long field(struct tep_event *e, const char *name,
				const struct tep_record *rec)
{
	struct tep_format_field *f = tep_find_field(e, name);
	unsigned long long v = 0;

	if (f && f->offset + f->size <= rec->size)
		tep_read_number_field(f, rec->data, &v);
	return v;
}

/*
 * When the call that rec (a funcgraph_entry or _exit at depth) belongs to began, on the
 * records' own clock. The kernel's calltime and rettime come from trace_clock_local
 * whatever the buffer's clock, so they give only the duration; and an exit's record is
 * written a varying while after rettime, so its timestamp less the duration can come
 * before its parent's start. The entry's record does not: a call spans its own records,
 * nested in its parent's, as a trace viewer needs. A call whose entry the recording missed
 * starts at its exit less its duration, or at its first callee's start if that is sooner.
 * Returns 0 for an entry (it has no event of its own), 1 with *start for an exit.
 */
static int graph_call_start(struct tq_graph_tasks *tasks, const struct tep_record *rec,
			    int pid, bool exit, unsigned long long func, long long depth,
			    unsigned long long dur, uint64_t *start)
{
	struct tq_graph_task *t;
	struct tq_graph_frame *f;

	*start = rec->ts > dur ? rec->ts - dur : 0;
	/* depth is the kernel's int: out of range is damage, and the call stands alone */
	if (depth < 0 || depth >= TQ_GRAPH_MAX_DEPTH)
		return exit;
	t = tq_graph_task_of(tasks, tq_graph_task_key(pid, rec->cpu));
	if (!t || tq_graph_task_reach(t, (int)depth))
		return exit;
	f = &t->frames[depth];
	if (!exit) {
		f->func = func;
		f->entry_ts = rec->ts;
		f->first_child_ts = UINT64_MAX;
		t->depth = (int)depth + 1;
		return 0;
	}
	if (f->func == func && f->entry_ts <= rec->ts)
		*start = f->entry_ts;
	if (f->first_child_ts < *start)
		*start = f->first_child_ts;
	if (depth > 0 && t->frames[depth - 1].first_child_ts > *start)
		t->frames[depth - 1].first_child_ts = *start;
	f->func = 0;
	f->first_child_ts = UINT64_MAX;
	t->depth = (int)depth;
	return 1;
}

static void write_event(struct tq_export *x, FILE *f, struct tq_graph_tasks *tasks,
			struct tep_event *e, struct tq_td_event *ev, bool *first)
{
	struct tep_handle *tep = x->td->tep;
	const struct tep_record *rec = &ev->rec;
	int pid = tep_data_pid(tep, (struct tep_record *)rec);
	unsigned long long ts = rec->ts, dur = 0;
	bool graph_exit = !strcmp(e->system, "ftrace") && !strcmp(e->name, "funcgraph_exit");
	bool graph_entry = !strcmp(e->system, "ftrace") && !strcmp(e->name, "funcgraph_entry");
	const char *name = e->name;
	char hex[32];

	if (graph_entry || graph_exit) {
		unsigned long long func = field(e, "func", rec), call = 0, ret = 0;
		long long depth = (int)field(e, "depth", rec);
		uint64_t start;

		if (graph_exit) {
			call = field(e, "calltime", rec);
			ret = field(e, "rettime", rec);
		}
		if (!graph_call_start(tasks, rec, pid, graph_exit, func, depth,
				      ret > call ? ret - call : 0, &start))
			return;	/* the return event carries the whole call */
		dur = ts - start;
		ts = start;
		name = tep_find_function(tep, func);
		if (!name) {
			snprintf(hex, sizeof(hex), "0x%llx", func);
			name = hex;
		}
	}
	fputs(*first ? "\n" : ",\n", f);
	*first = false;
	fputs("{\"name\":", f);
	json_str(f, name, strlen(name));
	fputs(",\"cat\":", f);
	json_str(f, e->system, strlen(e->system));
	fprintf(f, ",\"ph\":\"%s\",\"ts\":%llu.%03llu,", graph_exit ? "X" : "i", ts / 1000,
		ts % 1000);
	if (graph_exit)
		fprintf(f, "\"dur\":%llu.%03llu,", dur / 1000, dur % 1000);
	else
		fputs("\"s\":\"t\",", f);
	fprintf(f, "\"pid\":%d,\"tid\":%d,", pid, pid);
	if (graph_exit)
		fprintf(f, "\"args\":{\"cpu\":%d,\"depth\":%llu}}", rec->cpu,
			field(e, "depth", rec));
	else
		json_args(f, tep, e, rec), fputc('}', f);
}

static int put_json(void *arg, const char *s, size_t n)
{
	FILE *f = arg;

	json_escape(f, s, n);
	if (ferror(f))
		return tq_export_write_error();
	return 0;
}

int tq_export_chrome(struct tq_export *x, FILE *f)
{
	struct tep_handle *tep = x->td->tep;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct tq_graph_tasks tasks = { 0 };
	bool first = true;
	uint64_t events;
	int err;

	err = tq_export_merge_top(x->td, &m);
	if (err)
		return err;
	tq_td_load_kallsyms(x->td);
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", f);
	while ((err = tq_td_merge_next(m, &ev)) > 0) {
		struct tep_event *e = tep_find_event_by_record(tep, &ev->rec);

		if (!tq_export_event_ok(x, e, tep_data_type(tep, &ev->rec))) {
			x->skipped++;
			continue;
		}
		write_event(x, f, &tasks, e, ev, &first);
		x->events++;
		if (ferror(f)) {
			err = tq_export_write_error();
			break;
		}
	}
	tq_td_merge_free(m);
	tq_graph_tasks_release(&tasks);
	if (err < 0)
		return err;
	fputs("\n],\n\"systemTraceEvents\":\"", f);
	/* the second pass counts again: keep the first pass's numbers */
	events = x->events;
	err = tq_export_systrace_body(x, put_json, f);
	x->events = events;
	if (err)
		return err;
	fputs("\"}\n", f);
	return ferror(f) ? tq_fail(EIO, "write error") : 0;
}
