// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat to the kernel's own trace text (what /sys/kernel/tracing/trace prints, the
 * "systrace" text Perfetto and catapult import): the nop tracer header, then
 * "COMM-PID [CPU] FLAGS SECS.USECS: EVENT: TEXT" with the text from the event's print fmt
 * as libtraceevent renders it without trace-cmd's plugins (plugin-style lines, such as the
 * function graph's, import as nothing). Only the top buffer: the text has no instances.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <trace-seq.h>

#include "export/export.h"
#include "tracedat/read.h"
#include "util/diag.h"

static const char header[] =
	"# tracer: nop\n"
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

int tq_export_merge_top(struct tq_tracedat *td, struct tq_td_merge **out)
{
	struct tq_td_merge *m;
	int e, err;

	err = tq_td_merge_new(&m);
	if (err)
		return err;
	for (e = 0; td->nbuffers && !td->buffers[0].latency && e < td->buffers[0].nentries; e++) {
		struct tq_td_cursor *c;

		if (!td->buffers[0].cpus[e].size)
			continue;
		err = tq_td_cursor_new(td, 0, e, &c);
		if (!err)
			err = tq_td_merge_add(m, c, 0);
		if (err) {
			tq_td_merge_free(m);
			return err;
		}
	}
	*out = m;
	return 0;
}

int tq_export_systrace_line(struct tq_export *x, struct trace_seq *s, struct tq_td_event *ev)
{
	struct tep_handle *tep = x->td->tep;
	struct tep_record *rec = &ev->rec;
	struct tep_event *e = tep_find_event_by_record(tep, rec);
	int pid;

	if (!tq_export_event_ok(x, e, tep_data_type(tep, rec)))
		return 0;
	pid = tep_data_pid(tep, rec);
	trace_seq_printf(s, "%16.16s-%-7d [%03d] ", tep_data_comm_from_pid(tep, pid), pid,
			 rec->cpu);
	/* tep_print_event() takes only its own TEP_PRINT_* words, one call per part */
	tep_print_event(tep, s, rec, "%s", TEP_PRINT_LATENCY);
	trace_seq_printf(s, " %5llu.%06llu: ", rec->ts / 1000000000ull, rec->ts / 1000 % 1000000);
	tep_print_event(tep, s, rec, "%s: ", TEP_PRINT_NAME);
	tep_print_event(tep, s, rec, "%s", TEP_PRINT_INFO);
	trace_seq_putc(s, '\n');
	return 1;
}

int tq_export_systrace_body(struct tq_export *x, int (*put)(void *, const char *, size_t),
			    void *arg)
{
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct trace_seq s;
	int err, i;

	for (i = 1; i < x->td->nbuffers; i++)
		tq_export_warn(x, "instance '%s': systrace text has only the top buffer, left out",
			       x->td->buffers[i].name);
	err = tq_export_merge_top(x->td, &m);
	if (err)
		return err;
	tq_td_load_kallsyms(x->td);
	trace_seq_init(&s);
	err = put(arg, header, strlen(header));
	while (!err && (err = tq_td_merge_next(m, &ev)) > 0) {
		trace_seq_reset(&s);
		err = tq_export_systrace_line(x, &s, ev);
		if (err > 0) {
			x->events++;
			trace_seq_terminate(&s);
			err = put(arg, s.buffer, s.len);
		} else if (!err) {
			x->skipped++;
		}
	}
	trace_seq_destroy(&s);
	tq_td_merge_free(m);
	return err < 0 ? err : 0;
}

static int put_file(void *arg, const char *s, size_t n)
{
	if (fwrite(s, 1, n, arg) != n)
		return tq_export_write_error();
	return 0;
}

int tq_export_systrace(struct tq_export *x, FILE *out)
{
	return tq_export_systrace_body(x, put_file, out);
}
