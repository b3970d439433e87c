// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Function tracer events (lib/print/ftrace-func.c) against libtraceevent's own function plugin:
 * the same pseudo-random calls go to a tep where the plugin prints and to one where tq
 * took its place, with each set of the plugin's options, and the texts must agree; plus
 * a few cases worked out by hand.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trace-seq.h>

#include "print/ftrace-func.h"
#include "tap.h"

static const char function_format[] =
	"name: function\n"
	"ID: 1\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long parent_ip;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip\n";

static const char *const names[] = { "a", "b", "c", "d", "e", "f", "dup", "dup" };
#define NNAMES (sizeof(names) / sizeof(names[0]))
#define BASE 0xffffffff81000000ull
#define NO_SYMBOL 0xffffffff80000000ull

struct rec {
	struct tep_record r;
	uint8_t data[24];
};

static void make(struct rec *x, uint64_t ip, uint64_t parent, int cpu)
{
	uint16_t type = 1;

	memset(x, 0, sizeof(*x));
	memcpy(x->data, &type, 2);
	memcpy(x->data + 8, &ip, 8);
	memcpy(x->data + 16, &parent, 8);
	x->r.data = x->data;
	x->r.size = sizeof(x->data);
	x->r.cpu = cpu;
}

static struct tep_handle *new_tep(struct tep_plugin_list **plugins)
{
	struct tep_handle *tep = tep_alloc();
	size_t i;

	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	/* two functions named "dup" at different addresses: names are what is compared */
	for (i = 0; i < NNAMES; i++)
		tep_register_function(tep, (char *)names[i], BASE + i * 0x100, NULL);
	tep_parse_event(tep, function_format, sizeof(function_format) - 1, "ftrace");
	*plugins = tep_load_plugins(tep);
	return tep;
}

/* An address in one of the functions (with an offset), or one without a symbol. */
static uint64_t pick(unsigned *seed)
{
	unsigned r = rand_r(seed) % (NNAMES + 1);

	return r == NNAMES ? NO_SYMBOL : BASE + r * 0x100 + rand_r(seed) % 0x40;
}

static void compare_with_plugin(const char *opts, int n)
{
	struct tep_plugin_list *pa, *pb;
	struct tep_handle *a, *b;
	struct tq_func_state state = { 0 };
	struct tq_func_printer p;
	struct trace_seq sa, sb;
	unsigned seed = 7;
	int i, bad = 0;
	char buf[TQ_FUNC_BUF];

	a = new_tep(&pa);
	b = new_tep(&pb);
	if (!ok(tep_find_event(a, 1)->handler != NULL, "%s: the function plugin is loaded", opts))
		return;
	ok(tq_func_read_options(&state), "%s: its options are read", opts);
	ok(tq_func_init(&p, b, &state) == 0 && p.function_id == 1, "%s: taken over", opts);
	trace_seq_init(&sa);
	trace_seq_init(&sb);
	for (i = 0; i < n; i++) {
		struct rec x;
		int len;

		make(&x, pick(&seed), pick(&seed), rand_r(&seed) % 3);
		trace_seq_reset(&sa);
		tep_print_event(a, &sa, &x.r, "%s", TEP_PRINT_INFO);
		trace_seq_terminate(&sa);
		/* every other record through the handler, the rest through the fast path */
		if (i % 2) {
			trace_seq_reset(&sb);
			tep_print_event(b, &sb, &x.r, "%s", TEP_PRINT_INFO);
			trace_seq_terminate(&sb);
			len = sb.len;
			memcpy(buf, sb.buffer, sb.len + 1);
		} else {
			len = tq_func_format(&p, tep_find_event(b, 1), &x.r, buf);
		}
		if (len != (int)sa.len || memcmp(buf, sa.buffer, sa.len)) {
			if (bad++ < 3)
				printf("#   record %d: plugin '%s', tq '%.*s'\n", i, sa.buffer,
				       len < 0 ? 0 : len, buf);
		}
	}
	ok(!bad, "%s: %d calls print as the plugin prints them (%d differ)", opts, n, bad);
	trace_seq_destroy(&sa);
	trace_seq_destroy(&sb);
	tq_func_release(&p);
	tq_func_state_free(&state);
	tep_unload_plugins(pa, a);
	tep_unload_plugins(pb, b);
	tep_free(a);
	tep_free(b);
}

static void by_hand(void)
{
	struct tep_plugin_list *pl;
	struct tep_handle *tep = new_tep(&pl);
	struct tq_func_state state = { .indent = true };
	struct tq_func_printer p;
	static const struct {
		int ip, parent, cpu;	/* indexes in names[], -1: no symbol */
		const char *text;
	} steps[] = {
		{ 1, 0, 0, "b" },		/* a not seen: a, b */
		{ 2, 1, 0, "   c" },		/* b at 1: c after it */
		{ 3, 0, 0, "d" },		/* a at 0: d replaces b, c stays */
		{ 4, 2, 0, "      e" },		/* c at 2 still */
		{ 2, 1, 1, "c" },		/* another CPU knows nothing yet */
		{ -1, 3, 0, "   0xffffffff80000000" },	/* no symbol: d found, nothing set */
		{ 5, -1, 0, "f" },		/* a caller without a symbol: no guess */
		{ 5, 4, 0, "         f" },	/* e at 3 */
	};
	char buf[TQ_FUNC_BUF];
	size_t i;

	tq_func_init(&p, tep, &state);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct rec x;
		uint64_t ip = steps[i].ip < 0 ? NO_SYMBOL : BASE + steps[i].ip * 0x100;
		uint64_t parent = steps[i].parent < 0 ? NO_SYMBOL : BASE + steps[i].parent * 0x100;
		int len;

		make(&x, ip, parent, steps[i].cpu);
		len = tq_func_format(&p, tep_find_event(tep, 1), &x.r, buf);
		is_str(len >= 0 ? buf : "(none)", steps[i].text, "step %zu", i + 1);
	}
	state.parent = state.offset = true;
	{
		struct rec x;

		make(&x, BASE + 0x110, NO_SYMBOL, 2);
		tq_func_format(&p, tep_find_event(tep, 1), &x.r, buf);
		is_str(buf, "b+0x10  <-- 0xffffffff80000000", "ftrace:parent and ftrace:offset");
		make(&x, BASE, BASE, 2);
		x.r.size = 20;
		tq_func_format(&p, tep_find_event(tep, 1), &x.r, buf);
		is_str(buf, "!", "a record too short for its fields");
	}
	tq_func_release(&p);
	tq_func_state_free(&state);
	tep_unload_plugins(pl, tep);
	tep_free(tep);
}

int main(void)
{
	/* libtraceevent keeps -O values for later plugin loads, one per name: they add up */
	static const struct {
		const char *name, *value;
	} sets[] = {
		{ NULL, NULL }, { "ftrace:parent", "1" }, { "ftrace:offset", "1" },
		{ "ftrace:indent", "0" },
	};
	char what[64] = "defaults";
	size_t i;

	by_hand();
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (sets[i].name) {
			tep_plugin_add_option(sets[i].name, sets[i].value);
			snprintf(what, sizeof(what), "and %s=%s", sets[i].name, sets[i].value);
		}
		compare_with_plugin(what, 4000);
	}
	return done_testing();
}
