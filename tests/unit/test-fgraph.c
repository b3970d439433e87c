// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * function_graph events printed as trace-cmd report prints them (lib/print/fgraph.c): the
 * duration column and its marks, indentation, leaves against nested calls, the -O options,
 * and records that do not hold what the format says. Formats are Debian 6.1's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <trace-seq.h>

#include "print/fgraph.h"
#include "tap.h"

/* what both events start with: the common fields, the function and the depth */
#define HEAD_FIELDS \
	"format:\n" \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n" \
	"\n" \
	"\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:int depth;\toffset:16;\tsize:4;\tsigned:1;\n"

static const char entry_format[] =
	"name: funcgraph_entry\n"
	"ID: 11\n"
	HEAD_FIELDS
	"\n"
	"print fmt: \"--> %ps (%d)\", (void *)REC->func, REC->depth\n";

static const char exit_format[] =
	"name: funcgraph_exit\n"
	"ID: 10\n"
	HEAD_FIELDS
	"\tfield:unsigned int overrun;\toffset:20;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long long calltime;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long long rettime;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"<-- %ps (%d) (start: %llx  end: %llx) over: %d\", (void *)REC->func, "
	"REC->depth, REC->calltime, REC->rettime, REC->depth\n";

#define VFS_READ 0xffffffff81300000ull
#define NO_SYMBOL 0xffffffffa0001234ull

struct rec {
	struct tep_record r;
	uint8_t data[40];
};

static void common(struct rec *x, int type, int pid, uint64_t func, int32_t depth, int cpu)
{
	uint16_t t = type;

	memset(x, 0, sizeof(*x));
	memcpy(x->data, &t, 2);
	memcpy(x->data + 4, &pid, 4);
	memcpy(x->data + 8, &func, 8);
	memcpy(x->data + 16, &depth, 4);
	x->r.data = x->data;
	x->r.cpu = cpu;
}

static void entry(struct rec *x, int pid, uint64_t func, int32_t depth, int cpu)
{
	common(x, 11, pid, func, depth, cpu);
	x->r.size = 24;
}

static void ret(struct rec *x, int pid, uint64_t func, int32_t depth, int cpu,
		uint64_t calltime, uint64_t rettime)
{
	common(x, 10, pid, func, depth, cpu);
	memcpy(x->data + 24, &calltime, 8);
	memcpy(x->data + 32, &rettime, 8);
	x->r.size = 40;
}

static void is_text(struct tq_fgraph *g, struct rec *x, const char *want, const char *what)
{
	struct tep_event *event = tep_find_event(g->tep, x->data[0]);
	char buf[TQ_FGRAPH_BUF];
	int len = tq_fgraph_format(g, event, &x->r, buf);

	if (!ok(len >= 0 && !strcmp(buf, want) && len == (int)strlen(buf), "%s", what))
		printf("#   want '%s'\n#    got '%s'\n", want, len >= 0 ? buf : "(none)");
}

static void durations(struct tq_fgraph *g)
{
	static const struct {
		uint64_t ns;
		const char *text;
	} cases[] = {
		{ 0, "  0.000 us   |  }" },
		{ 1234, "  1.234 us   |  }" },
		{ 10000, "  10.000 us  |  }" },
		{ 12345, "+ 12.345 us  |  }" },
		{ 100001, "! 100.001 us |  }" },
		{ 1234567, "# 1234.567 us |  }" },
		{ 999999999, "# 999999.999 us |  }" },
		{ 1234567890, "$ 1234567 us |  }" },
	};
	struct rec x;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[64];

		ret(&x, 7, VFS_READ, 0, 0, 1000, 1000 + cases[i].ns);
		snprintf(what, sizeof(what), "a return after %llu ns",
			 (unsigned long long)cases[i].ns);
		is_text(g, &x, cases[i].text, what);
	}
	ret(&x, 7, VFS_READ, 0, 0, 2000, 1000);
	is_text(g, &x, "$ 18446744073709550 us |  }",
		"a return before its call: the difference wraps, as in trace-cmd");
}

static void shapes(struct tq_fgraph *g)
{
	struct rec e, x, other;

	entry(&e, 7, VFS_READ, 2, 1);
	ok(!tq_fgraph_leaf(g, &e.r, NULL), "an entry at the end of the data is not a leaf");
	is_text(g, &e, "             |      vfs_read() {", "a nested entry, indented by depth");

	ret(&x, 7, VFS_READ, 2, 1, 5000, 6500);
	ok(tq_fgraph_leaf(g, &e.r, &x.r), "its return right after it makes a leaf");
	is_text(g, &e, "  1.500 us   |      vfs_read();", "a leaf takes the return's duration");
	is_text(g, &x, "  1.500 us   |      }", "the return alone");

	/* trace-cmd 3.1.6 looks at the next event of any CPU: a task that migrated */
	ret(&other, 7, VFS_READ, 2, 0, 5000, 7500);
	ok(tq_fgraph_leaf(g, &e.r, &other.r), "its return on another CPU is its leaf too");
	is_text(g, &e, "  2.500 us   |      vfs_read();", "with that return's duration");
	ret(&other, 8, VFS_READ, 2, 1, 5000, 6500);
	ok(!tq_fgraph_leaf(g, &e.r, &other.r), "nor one of another task");
	ret(&other, 7, NO_SYMBOL, 2, 1, 5000, 6500);
	ok(!tq_fgraph_leaf(g, &e.r, &other.r), "nor the return of another function");
	entry(&other, 7, VFS_READ, 3, 1);
	ok(!tq_fgraph_leaf(g, &e.r, &other.r), "nor an entry");

	entry(&e, 7, NO_SYMBOL, 0, 1);
	ok(!tq_fgraph_leaf(g, &e.r, NULL), "an entry of a function without a symbol");
	is_text(g, &e, "             |  ffffffffa0001234() {", "prints its address");

	entry(&e, 7, VFS_READ, -1, 1);
	tq_fgraph_leaf(g, &e.r, NULL);
	is_text(g, &e, "             |  vfs_read() {", "a negative depth indents nothing");
	entry(&e, 7, VFS_READ, 1 << 30, 1);
	tq_fgraph_leaf(g, &e.r, NULL);
	is_text(g, &e, "             |  vfs_read() {",
		"a depth whose indentation wraps negative, as with trace-cmd's cast");
	entry(&e, 7, VFS_READ, 100000, 1);
	tq_fgraph_leaf(g, &e.r, NULL);
	{
		char buf[TQ_FGRAPH_BUF];
		int len = tq_fgraph_format(g, tep_find_event(g->tep, 11), &e.r, buf);

		ok(len == 16 + 2048 + 12, "a corrupt depth's indentation is capped (%d)", len);
	}
}

static void options(struct tq_fgraph *g)
{
	struct rec e, x;

	g->tailprint = true;
	ret(&x, 7, VFS_READ, 1, 0, 0, 2000);
	is_text(g, &x, "  2.000 us   |    } /* vfs_read */", "fgraph:tailprint names the return");
	ret(&x, 7, NO_SYMBOL, 1, 0, 0, 2000);
	is_text(g, &x, "  2.000 us   |    }", "unless it has no symbol");
	g->tailprint = false;
	g->show_depth = true;
	entry(&e, 7, VFS_READ, 1, 0);
	tq_fgraph_leaf(g, &e.r, NULL);
	is_text(g, &e, "             |    vfs_read() { (1)", "fgraph:depth on an entry");
	entry(&e, 7, VFS_READ, -1, 0);
	tq_fgraph_leaf(g, &e.r, NULL);
	is_text(g, &e, "             |  vfs_read() { (4294967295)",
		"the depth as trace-cmd reads it: unsigned");
	ret(&x, 7, VFS_READ, 1, 0, 0, 2000);
	is_text(g, &x, "  2.000 us   |    } (1)", "and on a return");
	g->show_depth = false;
}

static void damaged(struct tq_fgraph *g)
{
	struct rec e, x;

	entry(&e, 7, VFS_READ, 1, 0);
	e.r.size = 12;
	is_text(g, &e, "!", "an entry too short for its fields prints '!'");
	ret(&x, 7, VFS_READ, 1, 0, 0, 2000);
	x.r.size = 30;
	is_text(g, &x, "!", "so does a short return");
	entry(&e, 7, VFS_READ, 1, 0);
	ok(tq_fgraph_leaf(g, &e.r, &x.r), "a short return of the entry's call is still its leaf");
	is_text(g, &e, "!", "and the leaf prints '!' (trace-cmd takes it too)");
}

static void through_libtraceevent(struct tq_fgraph *g)
{
	struct rec e, x;
	struct trace_seq s;

	trace_seq_init(&s);
	entry(&e, 7, VFS_READ, 1, 0);
	ret(&x, 7, VFS_READ, 1, 0, 0, 2500);
	tq_fgraph_leaf(g, &e.r, &x.r);
	tep_print_event(g->tep, &s, &e.r, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	ok(!strcmp(s.buffer, "  2.500 us   |    vfs_read();"),
	   "tep_print_event uses the registered handler ('%s')", s.buffer);
	trace_seq_destroy(&s);
}

int main(void)
{
	struct tep_handle *tep = tep_alloc();
	struct tq_fgraph g;

	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_register_function(tep, "vfs_read", VFS_READ, NULL);
	if (tep_parse_event(tep, entry_format, sizeof(entry_format) - 1, "ftrace") ||
	    tep_parse_event(tep, exit_format, sizeof(exit_format) - 1, "ftrace")) {
		printf("Bail out! the formats do not parse\n");
		return 1;
	}
	ok(tq_fgraph_init(&g, tep) == 0 && g.entry_id == 11 && g.exit_id == 10,
	   "finds both events");
	durations(&g);
	shapes(&g);
	options(&g);
	damaged(&g);
	through_libtraceevent(&g);
	tq_fgraph_release(&g);
	ok(g.entry_id < 0 && !tep_find_event(tep, 11)->handler, "release unregisters");
	tep_free(tep);
	return done_testing();
}
