// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast formatter against libtraceevent on every record of every event type in the
 * report fixtures: where the fast path takes a format, the text must be identical.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-seq.h>

#include "format.h"
#include "tap.h"
#include "tracedat.h"

static char *unpack(const char *name, char *path, size_t size)
{
	const char *top = getenv("TQ_SRCDIR");
	char cmd[2048];

	snprintf(path, size, "/tmp/tq-fmt-test-%d-%s.dat", (int)getpid(), name);
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/tests/report/fixtures/%s.dat.xz' > '%s'",
		 top ? top : ".", name, path);
	return system(cmd) == 0 ? path : NULL;
}

static void check_file(const char *name)
{
	struct tq_tracedat *td;
	struct tep_plugin_list *plugins;
	struct tq_fmt_cache *fc;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct trace_seq seq;
	char path[512], buf[TQ_FMT_BUF];
	long fast = 0, slow = 0, bad = 0;
	int b, e, types = 0, fast_types = 0, i;

	if (!unpack(name, path, sizeof(path))) {
		ok(0, "%s: unpacked", name);
		return;
	}
	if (!ok(tq_td_open(path, &td) == 0, "%s: opens", name)) {
		unlink(path);
		return;
	}
	plugins = tep_load_plugins(td->tep);
	fc = tq_fmt_cache_new(td->tep);
	tq_fmt_cache_set_verify(fc, false);
	trace_seq_init(&seq);
	tq_td_merge_new(&m);
	for (b = 0; b < td->nbuffers; b++)
		for (e = 0; e < td->buffers[b].nentries; e++) {
			struct tq_td_cursor *c;

			if (td->buffers[b].cpus[e].size && !tq_td_cursor_new(td, b, e, &c))
				tq_td_merge_add(m, c, 0);
		}
	while (tq_td_merge_next(m, &ev) > 0) {
		struct tep_event *event = tep_find_event_by_record(td->tep, &ev->rec);
		int len;

		if (!event)
			continue;
		trace_seq_reset(&seq);
		tep_print_event(td->tep, &seq, &ev->rec, "%s", TEP_PRINT_INFO);
		trace_seq_terminate(&seq);
		while (seq.len && seq.buffer[seq.len - 1] == '\n')
			seq.buffer[--seq.len] = '\0';
		len = tq_fmt_format(fc, event, &ev->rec, buf, sizeof(buf));
		if (len < 0) {
			slow++;
			continue;
		}
		fast++;
		if (len != (int)seq.len || memcmp(buf, seq.buffer, len)) {
			if (bad++ < 5)
				printf("# %s: %s:\n#   fast: %.*s\n#   tep:  %s\n", name, event->name,
				       len, buf, seq.buffer);
		}
	}
	for (i = 0; i < tep_get_events_count(td->tep); i++) {
		struct tep_event *event = tep_get_event(td->tep, i);

		types++;
		fast_types += tq_fmt_supported(fc, event) > 0;
	}
	ok(bad == 0, "%s: fast text identical on %ld records (%ld by libtraceevent)", name, fast,
	   slow);
	ok(fast > 0, "%s: the fast path is used", name);
	printf("# %s: %d of %d event formats compiled\n", name, fast_types, types);
	tq_td_merge_free(m);
	trace_seq_destroy(&seq);
	tq_fmt_cache_free(fc);
	tep_unload_plugins(plugins, td->tep);
	tq_td_close(td);
	unlink(path);
}

/* The fields every event of a 64-bit kernel starts with */
#define COMMON_FIELDS \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n" \
	"\n"

/* sched_switch as the 6.18 host kernel describes it */
static const char switch_format[] =
	"name: sched_switch\n"
	"ID: 372\n"
	"format:\n"
	COMMON_FIELDS
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d\", REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? __print_flags(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1), \"|\", { 0x00000001, \"S\" }, { 0x00000002, \"D\" }, { 0x00000004, \"T\" }, { 0x00000008, \"t\" }, { 0x00000010, \"X\" }, { 0x00000020, \"Z\" }, { 0x00000040, \"P\" }, { 0x00000080, \"I\" }) : \"R\", REC->prev_state & (((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) ? \"+\" : \"\", REC->next_comm, REC->next_pid, REC->next_prio\n";

struct switch_rec {
	uint16_t type;
	uint8_t flags, preempt;
	int32_t pid;
	char prev_comm[16];
	int32_t prev_pid, prev_prio;
	int64_t prev_state;
	char next_comm[16];
	int32_t next_pid, next_prio;
};

/* pids lo..hi saved as "kworker", but 100 as "sh" */
static struct tep_handle *switch_tep(struct tep_plugin_list **plugins, int lo, int hi)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_event *event;
	char cmdlines[4096];
	int len = 0;

	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	*plugins = tep_load_plugins(tep);
	tep_parse_format(tep, &event, switch_format, sizeof(switch_format) - 1, "sched");
	for (int pid = lo; pid <= hi; pid++)
		len += snprintf(cmdlines + len, sizeof(cmdlines) - len, "%d %s\n", pid,
				pid == 100 ? "sh" : "kworker");
	tep_parse_saved_cmdlines(tep, cmdlines);
	return tep;
}

static void fill_switch(struct switch_rec *r, int pid, const char *prev, int prev_pid,
			const char *next, int next_pid)
{
	memset(r, 0, sizeof(*r));
	r->type = 372;
	r->pid = pid;
	snprintf(r->prev_comm, sizeof(r->prev_comm), "%s", prev);
	r->prev_pid = prev_pid;
	r->prev_prio = 120;
	snprintf(r->next_comm, sizeof(r->next_comm), "%s", next);
	r->next_pid = next_pid;
	r->next_prio = 120;
}

/*
 * The sched plugin names pids while it prints, and libtraceevent keeps every name given
 * before its first lookup of a real pid. A first line "swapper/0:0 ==> trace-cmd:100",
 * where the saved cmdlines call 100 "sh" (it exec'd), must leave the same name for 100 as
 * trace-cmd's printing leaves: report printed "trace-cmd-100" where trace-cmd said "sh-100".
 * Which of the duplicates libtraceevent finds depends on the table's size, so try many.
 */
static bool same_pid_names(int lo, int hi)
{
	struct tep_plugin_list *ref_plugins, *plugins;
	struct tep_handle *ref = switch_tep(&ref_plugins, lo, hi);
	struct tep_handle *tep = switch_tep(&plugins, lo, hi);
	struct tq_fmt_cache *fc = tq_fmt_cache_new(tep);
	struct switch_rec data[3];
	struct trace_seq seq;
	char buf[TQ_FMT_BUF];
	bool same = true;

	fill_switch(&data[0], 0, "swapper/0", 0, "trace-cmd", 100);
	fill_switch(&data[1], 100, "sh", 100, "kworker", 101);
	fill_switch(&data[2], 101, "kworker", 101, "sh", 100);
	trace_seq_init(&seq);
	for (int i = 0; i < 3; i++) {
		struct tep_record rec = { .data = &data[i], .size = sizeof(data[i]) };
		struct tep_event *event = tep_find_event_by_record(tep, &rec);

		/* trace-cmd: the line's own pid first, then the event text */
		tep_data_comm_from_pid(ref, data[i].pid);
		trace_seq_reset(&seq);
		tep_print_event(ref, &seq, &rec, "%s", TEP_PRINT_INFO);
		tep_data_comm_from_pid(tep, data[i].pid);
		if (!event || tq_fmt_format(fc, event, &rec, buf, sizeof(buf)) < 0)
			same = false;
	}
	for (int pid = lo; pid <= hi; pid++)
		if (strcmp(tep_data_comm_from_pid(ref, pid), tep_data_comm_from_pid(tep, pid))) {
			printf("# pids %d..%d: trace-cmd calls %d %s, tq calls it %s\n", lo, hi, pid,
			       tep_data_comm_from_pid(ref, pid), tep_data_comm_from_pid(tep, pid));
			same = false;
		}
	trace_seq_destroy(&seq);
	tq_fmt_cache_free(fc);
	tep_unload_plugins(plugins, tep);
	tep_unload_plugins(ref_plugins, ref);
	tep_free(tep);
	tep_free(ref);
	return same;
}

static void check_pid_names(void)
{
	int wrong = 0;

	for (int below = 0; below < 12; below++)
		for (int above = 0; above < 12; above++)
			wrong += !same_pid_names(100 - below, 100 + above);
	ok(wrong == 0, "pids are named as trace-cmd names them after the sched plugin printed");
}

/* raw_syscalls:sys_enter as the 6.18 host kernel describes it */
static const char sys_enter_format[] =
	"name: sys_enter\n"
	"ID: 443\n"
	"format:\n"
	COMMON_FIELDS
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
	"\n"
	"print fmt: \"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)\", REC->id, REC->args[0], "
	"REC->args[1], REC->args[2], REC->args[3], REC->args[4], REC->args[5]\n";

/* 4-byte elements, widths and signs, and an index past the array (left to libtraceevent) */
static const char small_array_format[] =
	"name: small_array\n"
	"ID: 444\n"
	"format:\n"
	COMMON_FIELDS
	"\tfield:int v[3];\toffset:8;\tsize:12;\tsigned:1;\n"
	"\n"
	"print fmt: \"%d %08x %-5u|\", REC->v[0], REC->v[1], REC->v[2]\n";

static const char past_array_format[] =
	"name: past_array\n"
	"ID: 445\n"
	"format:\n"
	COMMON_FIELDS
	"\tfield:int v[3];\toffset:8;\tsize:12;\tsigned:1;\n"
	"\n"
	"print fmt: \"%d\", REC->v[3]\n";

/* The fast text of one record against libtraceevent's; false if they differ or no fast text. */
static bool fast_agrees(struct tep_handle *tep, struct tq_fmt_cache *fc, void *data, int size)
{
	struct tep_record rec = { .data = data, .size = size };
	struct tep_event *event = tep_find_event_by_record(tep, &rec);
	struct trace_seq seq;
	char buf[TQ_FMT_BUF];
	int len;
	bool same;

	if (!event)
		return false;
	len = tq_fmt_format(fc, event, &rec, buf, sizeof(buf));
	trace_seq_init(&seq);
	tep_print_event(tep, &seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	same = len >= 0 && len == (int)seq.len && !memcmp(buf, seq.buffer, len);
	if (!same)
		printf("# %s: fast '%.*s', libtraceevent '%s'\n", event->name, len < 0 ? 0 : len,
		       buf, seq.buffer);
	trace_seq_destroy(&seq);
	return same;
}

static void check_array_elements(void)
{
	struct tep_handle *tep = tep_alloc();
	struct tq_fmt_cache *fc;
	struct tep_event *event;
	struct {
		uint16_t type;
		uint8_t flags, preempt;
		int32_t pid;
		int64_t id;
		uint64_t args[6];
	} enter = { .type = 443, .pid = 7, .id = 257,
		    .args = { 0xffffff9c, 0x7ffd1234abcd, 0x80000, 0, ~0ull, 1 } };
	struct {
		uint16_t type;
		uint8_t flags, preempt;
		int32_t pid;
		int32_t v[3];
	} small = { .type = 444, .pid = 7, .v = { -5, 0xbeef, 42 } };

	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_parse_format(tep, &event, sys_enter_format, sizeof(sys_enter_format) - 1,
			 "raw_syscalls");
	tep_parse_format(tep, &event, small_array_format, sizeof(small_array_format) - 1, "tq");
	tep_parse_format(tep, &event, past_array_format, sizeof(past_array_format) - 1, "tq");
	fc = tq_fmt_cache_new(tep);
	tq_fmt_cache_set_verify(fc, false);
	ok(tq_fmt_supported(fc, tep_find_event_by_name(tep, "raw_syscalls", "sys_enter")),
	   "REC->args[N] is compiled");
	ok(fast_agrees(tep, fc, &enter, sizeof(enter)), "sys_enter's elements as libtraceevent");
	ok(fast_agrees(tep, fc, &small, sizeof(small)),
	   "4-byte signed elements with widths as libtraceevent");
	ok(!tq_fmt_supported(fc, tep_find_event_by_name(tep, "tq", "past_array")),
	   "an index past the array is left to libtraceevent");
	/* a record too short for the last element: the fast path declines it */
	ok(tq_fmt_format(fc, tep_find_event_by_name(tep, "raw_syscalls", "sys_enter"),
			 &(struct tep_record){ .data = &enter, .size = sizeof(enter) - 8 },
			 (char[TQ_FMT_BUF]){ 0 }, TQ_FMT_BUF) < 0,
	   "a record shorter than its last element is left to libtraceevent");
	tq_fmt_cache_free(fc);
	tep_free(tep);
}

int main(void)
{
	check_pid_names();
	check_array_elements();
	check_file("v6");
	check_file("v7-zstd");
	check_file("v7-instance");
	return done_testing();
}
