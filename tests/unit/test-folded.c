// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Collapsed stacks (lib/print/folded.c): the path set, and function_graph calls folded
 * into self times per path on hand-made records (Debian 6.1's event formats), with the
 * weights worked out by hand in the comments.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/folded.h"
#include "util/diag.h"
#include "tap.h"

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
	"name: funcgraph_entry\nID: 11\n" HEAD_FIELDS
	"\nprint fmt: \"--> %ps (%d)\", (void *)REC->func, REC->depth\n";

static const char exit_format[] =
	"name: funcgraph_exit\nID: 10\n" HEAD_FIELDS
	"\tfield:unsigned int overrun;\toffset:20;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long long calltime;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long long rettime;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \"<-- %ps (%d) (start: %llx  end: %llx) over: %d\", (void *)REC->func, "
	"REC->depth, REC->calltime, REC->rettime, REC->depth\n";

#define FN(i) (0xffffffff81000000ull + (i) * 0x100)
enum { A = 1, B, C, D, E, F };

static struct tq_graph_fold *g;

static void feed(int type, int pid, int fn, int32_t depth, uint64_t call, uint64_t ret)
{
	uint8_t data[40] = { 0 };
	struct tep_record r = { .data = data, .size = type == 11 ? 24 : 40 };
	uint16_t t = type;
	uint64_t func = FN(fn);

	memcpy(data, &t, 2);
	memcpy(data + 4, &pid, 4);
	memcpy(data + 8, &func, 8);
	memcpy(data + 16, &depth, 4);
	memcpy(data + 24, &call, 8);
	memcpy(data + 32, &ret, 8);
	tq_graph_fold_add(g, &r);
}

#define ENTRY(pid, fn, d) feed(11, pid, fn, d, 0, 0)
#define EXIT(pid, fn, d, call, ret) feed(10, pid, fn, d, call, ret)

static char *folded_text(struct tq_folded *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	tq_folded_sort(f);
	tq_folded_write(f, out);
	fclose(out);
	return buf;
}

/*
 * cat (7): A { B 30 ns; C { D 10 ns } 50 ns; B 5 ns } 110 ns, so A's self time is
 * 110 - 30 - 50 - 5 = 25, A;B has 30 + 5 and C's own is 50 - 10 = 40. sh (8), in between:
 * E's callee F returns, then E, whose entry came before the recording: F is under
 * "[unknown]" (20), E has 100 - 20 = 80 of its own. Sum: 25+35+40+10 + 20+80 = 210, the
 * durations of the outermost calls A (110) and E (100).
 */
static const char want_graph[] =
	"cat;A 25\n"
	"cat;A;B 35\n"
	"cat;A;C 40\n"
	"cat;A;C;D 10\n"
	"sh;E 80\n"
	"sh;[unknown];F 20\n";

static void graph(struct tep_handle *tep)
{
	struct tq_folded f;
	char *s;

	tq_folded_init(&f);
	ok(!tq_graph_fold_new(tep, false, &f, &g), "a graph folder");
	ENTRY(7, A, 0);
	ENTRY(7, B, 1);
	ENTRY(8, F, 1);
	EXIT(7, B, 1, 100, 130);
	EXIT(8, F, 1, 105, 125);
	ENTRY(7, C, 1);
	ENTRY(7, D, 2);
	EXIT(8, E, 0, 50, 150);
	EXIT(7, D, 2, 150, 160);
	EXIT(7, C, 1, 140, 190);
	ENTRY(7, B, 1);
	EXIT(7, B, 1, 192, 197);
	EXIT(7, A, 0, 90, 200);
	ENTRY(7, A, 0);		/* never returns: no duration, not counted */
	s = folded_text(&f);
	is_str(s, want_graph, "self times per call path, task names at the root");
	is_int(f.total, 210, "the total is the sum of the outermost calls");
	free(s);
	tq_graph_fold_free(g);
	tq_folded_release(&f);

	tq_folded_init(&f);
	ok(!tq_graph_fold_new(tep, true, &f, &g), "without task frames");
	ENTRY(7, A, 0);
	EXIT(7, A, 0, 10, 5);		/* a return before its call weighs 0 */
	ENTRY(7, A, 0);
	EXIT(7, A, 0, 10, 17);
	feed(10, 7, A, -3, 1, 2);	/* a damaged depth is left out */
	s = folded_text(&f);
	is_str(s, "A 7\n", "a path of functions only; a negative duration counts 0");
	free(s);
	tq_graph_fold_free(g);
	tq_folded_release(&f);
}

static void paths(void)
{
	const char *p1[] = { "a b", "x;y", "" }, *p2[] = { "a" };
	struct tq_folded f;
	char *s;

	tq_folded_init(&f);
	ok(!tq_folded_add(&f, p1, 3, 2) && !tq_folded_add(&f, p2, 1, 1) &&
	   !tq_folded_add(&f, p1, 3, 3), "paths added");
	s = folded_text(&f);
	is_str(s, "a 1\na_b;x_y;[unknown] 5\n",
	       "the same path adds up; blanks and ';' in names become '_'");
	free(s);
	ok(tq_folded_add(&f, p1, 0, 1) == -EINVAL, "a path of no frames is refused");
	tq_folded_release(&f);
}

int main(void)
{
	struct tep_handle *tep = tep_alloc();
	static const char *const names[] = { NULL, "A", "B", "C", "D", "E", "F" };
	int i;

	if (!tep || tep_parse_event(tep, entry_format, sizeof(entry_format) - 1, "ftrace") ||
	    tep_parse_event(tep, exit_format, sizeof(exit_format) - 1, "ftrace")) {
		printf("Bail out! cannot parse the formats\n");
		return 1;
	}
	tep_set_long_size(tep, 8);
	for (i = A; i <= F; i++)
		tep_register_function(tep, (char *)names[i], FN(i), NULL);
	tep_register_comm(tep, "cat", 7);
	tep_register_comm(tep, "sh", 8);
	paths();
	graph(tep);
	tep_free(tep);
	return done_testing();
}
