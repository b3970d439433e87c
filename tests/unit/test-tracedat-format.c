// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast formatter against libtraceevent on every record of every event type in the
 * report fixtures: where the fast path takes a format, the text must be identical.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-seq.h>

#include "print/format.h"
#include "tap.h"
#include "tracedat/read.h"

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


/*
 * Formats of the kind kmem, ext4, timer and writeback events have: pointers, functions
 * with offsets, size_t, octal, casts, operators, __print_flags(), __print_symbolic(), choices
 * between strings, escapes and %%. Each is printed by the fast path (libtraceevent's check
 * of the first records turned off) and by libtraceevent for many records of random and
 * boundary values, and must agree on every one.
 */
#define EXPR_FIELDS \
	"\tfield:unsigned long call_site;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:const void * ptr;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:int i;\toffset:24;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned int u;\toffset:28;\tsize:4;\tsigned:0;\n" \
	"\tfield:short h;\toffset:32;\tsize:2;\tsigned:1;\n" \
	"\tfield:unsigned char c;\toffset:34;\tsize:1;\tsigned:0;\n" \
	"\tfield:char name[8];\toffset:35;\tsize:8;\tsigned:0;\n" \
	"\tfield:__data_loc char[] str;\toffset:44;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long long dev;\toffset:48;\tsize:8;\tsigned:0;\n" \
	"\tfield:long l;\toffset:56;\tsize:8;\tsigned:1;\n"

struct expr_rec {
	uint16_t type;
	uint8_t flags, preempt;
	int32_t pid;
	uint64_t call_site, ptr;
	int32_t i;
	uint32_t u;
	int16_t h;
	uint8_t c;
	char name[8];
	char pad;
	uint32_t str;
	uint64_t dev;
	int64_t l;
	char text[24];
};

static const struct {
	const char *name;
	const char *fmt;
	bool fast;		/* the fast path takes it */
} expr_formats[] = {
	{ "pointers", "\"ptr=%p p2=%10p site=%pS fn=%ps F=%pF f=%pf x\", REC->ptr, (void *)REC->ptr, "
	  "(void *)REC->call_site, (void *)REC->call_site, REC->call_site, REC->ptr", true },
	{ "sizes", "\"%zu %zd %zx %lu %ld %lld %llx %hx %hhd %hhu %d %u %i\", REC->l, REC->l, REC->u, "
	  "REC->call_site, REC->l, REC->l, REC->l, REC->u, REC->u, REC->u, REC->i, REC->i, REC->h",
	  true },
	{ "octal and alternate forms", "\"0%o %#o %#x %#X %#08x %-6o| %06o %#lo\", REC->u, REC->u, "
	  "REC->u, REC->u, REC->u, REC->c, REC->c, REC->dev", true },
	{ "casts", "\"%d %u %lu %llu %d %u %llx\", (int)REC->dev, (unsigned char)REC->dev, "
	  "(unsigned long)REC->dev, (u16)REC->dev, (s8)REC->u, (unsigned short)REC->c, "
	  "(long long)REC->dev", true },
	{ "operators", "\"dev %d,%d %llu %llu %llu %llu %llu %d %d %llu %llu %llu %llu %lld\", "
	  "(unsigned int) ((REC->dev) >> 20), (unsigned int) ((REC->dev) & ((1U << 20) - 1)), "
	  "REC->dev | 0x10, REC->dev ^ 0, ~REC->dev, !REC->u, REC->u == 7, REC->u != 0 && REC->c, "
	  "REC->u || REC->c, REC->dev * 3 + 1, REC->dev / 7, REC->dev % 5, REC->dev - 9, -REC->l",
	  false },
	{ "operators without ^", "\"dev %d,%d %llu %llu %llu %llu %d %d %llu %llu %llu %llu %lld "
	  "%d\", (unsigned int) ((REC->dev) >> 20), (unsigned int) ((REC->dev) & ((1U << 20) - 1)), "
	  "REC->dev | 0x10, ~REC->dev, !REC->u, REC->u == 7, REC->u != 0 && REC->c, "
	  "REC->u || REC->c, REC->dev * 3 + 1, REC->dev / 7, REC->dev % 5, REC->dev - 9, -REC->l, "
	  "REC->u > 5 ? REC->u - 5 : 0", true },
	{ "flags and symbols", "\"f=%s s=%s z=%s n=%s w=[%3s]\", __print_flags(REC->u, \"|\", "
	  "{ 1, \"A\" }, { 2, \"B\" }, { 0xc, \"CD\" }, { 0x80000000, \"HI\" }), "
	  "__print_symbolic(REC->c, { 0, \"ZERO\" }, { 1, \"ONE\" }, { 255, \"ALL\" }), "
	  "__print_flags(REC->c & 1, \"\", { -1, \"NONE\" }, { 1, \"X\" }), "
	  "__print_symbolic(REC->u & 3, { 1, \"one\" }, { HRTIMER_RESTART, \"RESTART\" }), "
	  "__print_flags(REC->c & 3, \",\", { 1, \"a\" }, { 2, \"b\" })", true },
	{ "choices", "\"gfp=%s acc=%s name=%s str=[%s] [%-6s] [%6s]%%\\t\", (REC->u & 7) ? "
	  "__print_flags(REC->u & 7, \"|\", { 1, \"ONE\" }, { 2, \"TWO\" }) : \"none\", REC->c ? "
	  "\"true\" : \"false\", REC->name, __get_str(str), __get_str(str), REC->c & 1 ? \"odd\" : "
	  "\"even\"", true },
	{ "a division by a field", "\"%llu\", REC->dev / REC->c", true },
	{ "a shift by a field", "\"%llu\", REC->dev << REC->c", true },
	{ "a narrow signed field in arithmetic", "\"%d\", REC->h + 1", false },
	{ "a symbol as a value", "\"%lu\", REC->u + jiffies", false },
	{ "%pM", "\"%pM\", REC->name", false },
};

static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* random values, with 0, all ones and the sign bits more often than chance gives them */
static uint64_t value(void)
{
	static const uint64_t edge[] = { 0, 1, ~0ull, 0x80000000, 0x7fffffff, 0xffff, 0x8000,
					  0xff, 0x80, 0xffffffff, 0xffffffff81000040ull, 7, 5 };

	if (rnd() % 3 == 0)
		return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
	return rnd() >> (rnd() % 64);
}

static void fill_expr(struct expr_rec *r, int id)
{
	static const char *const texts[] = { "", "a", "ext4-rsv-conver", "x y" };
	const char *t = texts[rnd() % 4];

	memset(r, 0, sizeof(*r));
	r->type = id;
	r->pid = 1;
	/* call sites in, between and past the two functions registered */
	r->call_site = rnd() % 2 ? 0xffffffff81000000ull + rnd() % 0x300 : value();
	r->ptr = value();
	r->i = value();
	r->u = value();
	r->h = value();
	r->c = value();
	memcpy(r->name, "kmalloc-64", rnd() % 9);
	r->str = (uint32_t)(strlen(t) + 1) << 16 | offsetof(struct expr_rec, text);
	/* a string of length 0 prints nothing, not even the padding of its width */
	if (rnd() % 5 == 0)
		r->str = offsetof(struct expr_rec, text);
	strcpy(r->text, t);
	r->dev = value();
	r->l = value();
}

static void check_expressions(void)
{
	for (size_t f = 0; f < sizeof(expr_formats) / sizeof(expr_formats[0]); f++) {
		struct tep_handle *tep = tep_alloc();
		struct tq_fmt_cache *fc;
		struct tep_event *event = NULL;
		struct trace_seq seq;
		char text[4096], buf[TQ_FMT_BUF];
		int bad = 0, fast = 0, n;

		tep_set_long_size(tep, 8);
		tep_set_file_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
		tep_register_function(tep, "vfs_read", 0xffffffff81000000ull, NULL);
		tep_register_function(tep, "vfs_write", 0xffffffff81000100ull, NULL);
		tep_register_function(tep, "zz_end", 0xffffffff81000200ull, NULL);
		snprintf(text, sizeof(text), "name: expr%zu\nID: %zu\nformat:\n" COMMON_FIELDS
			 EXPR_FIELDS "\nprint fmt: %s\n", f, 500 + f, expr_formats[f].fmt);
		if (tep_parse_format(tep, &event, text, strlen(text), "tq") || !event) {
			ok(0, "expressions, %s: libtraceevent parses the format", expr_formats[f].name);
			tep_free(tep);
			continue;
		}
		fc = tq_fmt_cache_new(tep);
		tq_fmt_cache_set_verify(fc, false);
		if (!ok(tq_fmt_supported(fc, event) == expr_formats[f].fast,
			"expressions, %s: %s", expr_formats[f].name,
			expr_formats[f].fast ? "compiled" : "left to libtraceevent")) {
			tq_fmt_cache_free(fc);
			tep_free(tep);
			continue;
		}
		trace_seq_init(&seq);
		for (n = 0; n < 3000 && expr_formats[f].fast; n++) {
			struct expr_rec data;
			struct tep_record rec = { .data = &data, .size = sizeof(data) };
			int len;

			fill_expr(&data, 500 + f);
			len = tq_fmt_format(fc, event, &rec, buf, sizeof(buf));
			if (len < 0)
				continue;
			fast++;
			trace_seq_reset(&seq);
			tep_print_event(tep, &seq, &rec, "%s", TEP_PRINT_INFO);
			trace_seq_terminate(&seq);
			if (len != (int)seq.len || memcmp(buf, seq.buffer, len)) {
				if (bad++ < 3)
					printf("# %s:\n#   fast: %.*s\n#   tep:  %s\n",
					       expr_formats[f].name, len, buf, seq.buffer);
			}
		}
		if (expr_formats[f].fast)
			ok(bad == 0 && fast > 500, "expressions, %s: identical on %d random records",
			   expr_formats[f].name, fast);
		trace_seq_destroy(&seq);
		tq_fmt_cache_free(fc);
		tep_free(tep);
	}
}

int main(void)
{
	check_expressions();
	check_pid_names();
	check_array_elements();
	check_file("v6");
	check_file("v7-zstd");
	check_file("v7-instance");
	return done_testing();
}
