// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STACKTRACE keys and the key modifiers of the offline engine (sql/eval.c, eval-stack.c):
 * hand-made events with the kernel_stack records the stacktrace option writes after them,
 * symbols registered by hand; and kernel hist files with stacktrace keys folded as
 * tq hist --folded folds them (lib/print/folded.c, histfile.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "print/folded.h"
#include "print/histfile.h"
#include "sql/eval-parts.h"
#include "sql/eval.h"
#include "eval-test.h"
#include "tap.h"
#include "util/diag.h"

#define COMMON \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

static const char waking[] = "name: sched_waking\nID: 10\nformat:\n" COMMON
	"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:int pid;\toffset:16;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"pid=%d\", REC->pid\n";
static const char switched[] = "name: sched_switch\nID: 11\nformat:\n" COMMON
	"\tfield:int next_pid;\toffset:8;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"next_pid=%d\", REC->next_pid\n";
/* as 6.1 describes it: a count, then the addresses */
static const char kstack[] = "name: kernel_stack\nID: 4\nformat:\n" COMMON
	"\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
	"print fmt: \"\\t=> %ps\\n\", (void *)REC->caller[0]\n";

#define FA 0xffffffff81001000ULL
#define FB 0xffffffff81001100ULL
#define FC 0xffffffff81001200ULL
#define FEND 0xffffffff81001300ULL
#define FTP 0xffffffff81002000ULL	/* the tracepoint's handler */
#define FTP_END 0xffffffff81002100ULL

static struct tep_handle *tep;

static uint8_t *header(uint8_t *buf, int id)
{
	uint16_t type = (uint16_t)id;
	int32_t self = 100;

	memcpy(buf, &type, 2);
	memcpy(buf + 4, &self, 4);
	return buf + 8;
}

static int event(struct tq_eval *e, int id, int cpu, int pid, uint64_t ip, uint64_t ts)
{
	uint8_t buf[24] = { 0 }, *p = header(buf, id);
	struct tep_record rec = { .data = buf, .size = sizeof(buf), .ts = ts, .cpu = cpu };

	if (id == 10) {
		memcpy(p, &ip, 8);
		memcpy(p + 8, &pid, 4);
	} else {
		memcpy(p, &pid, 4);
	}
	return tq_eval_event(e, &rec, ts);
}

/* A stack trace of n frames, innermost first, on cpu. */
static int stack(struct tq_eval *e, int cpu, const uint64_t *frames, int n, uint64_t ts)
{
	uint8_t buf[80] = { 0 }, *p = header(buf, 4);
	struct tep_record rec = { .data = buf, .size = sizeof(buf), .ts = ts, .cpu = cpu };

	memcpy(p, &n, 4);
	memcpy(p + 8, frames, (size_t)n * 8);
	return tq_eval_event(e, &rec, ts);
}

static struct tq_eval *make(const char *q)
{
	return eval_make(tep, q);
}

static bool has(const char *text, const char *s)
{
	bool yes = text && strstr(text, s);

	if (!yes)
		printf("# wanted: %s\n# in: %s\n", s, text ? text : "(null)");
	return yes;
}

static void stack_keys(void)
{
	struct tq_eval *e = make("SELECT STACKTRACE, count(*) FROM sched_waking");
	const uint64_t s1[] = { FB + 0x10, FA + 4 }, s2[] = { FC + 1, FA + 4 };
	const uint64_t s3[] = { FTP + 8, FB + 0x10, FA + 4 }, s4[] = { FTP + 8 };
	char *t;

	ok(e, "STACKTRACE compiles against a file with kernel_stack");
	if (!e)
		return;
	event(e, 10, 0, 5, 0, 100);
	event(e, 10, 1, 6, 0, 110);	/* its stack comes after cpu 0's */
	stack(e, 0, s1, 2, 120);
	stack(e, 1, s2, 2, 130);
	event(e, 10, 0, 5, 0, 140);
	stack(e, 0, s1, 2, 150);
	event(e, 10, 0, 5, 0, 160);	/* the tracepoint's frame is not the hist key's */
	stack(e, 0, s3, 3, 170);
	event(e, 10, 0, 5, 0, 180);	/* the last one: computed by tq_eval_finish() */
	stack(e, 0, s4, 1, 190);
	is_int(tq_eval_finish(e), 0, "finish: every event had its stack");
	t = tq_eval_hist_text(e, 0);
	ok(has(t, "{ common_stacktrace:\n         func_b+0x10/0x100\n         func_a+0x4/0x100\n"
	       "} hitcount:          3\n"), "the kernel's text: %%pS frames, 9 spaces, then '}'; "
	   "the tracepoint's frames left out");
	ok(has(t, "{ common_stacktrace:\n         trace_event_raw_event_sched_waking+0x8/0x100\n"
	       "} hitcount:          1\n"), "a stack of tracepoint frames only keeps them");
	ok(has(t, "{ common_stacktrace:\n         func_c+0x1/0x100\n         func_a+0x4/0x100\n"
	       "} hitcount:          1\n"), "a stack on the other CPU, paired with its own event");
	ok(has(t, "Hits: 5\n    Entries: 3\n"), "every event counted once");
	is_int((int)tq_eval_stack_missing(e), 0, "none without a stack");
	free(t);
	tq_eval_free(e);
}

/* The pairing must keep the file's order across CPUs: a JOIN's start comes first. */
static void stack_join_order(void)
{
	struct tq_eval *e = make("SELECT e.STACKTRACE, count(*) FROM sched_waking AS s "
				 "JOIN sched_switch AS e ON s.pid = e.next_pid");
	const uint64_t s1[] = { FB + 0x10, FA + 4 }, s2[] = { FC + 2 };
	char *t;

	ok(e, "the stack of a JOIN's last event compiles");
	if (!e)
		return;
	event(e, 10, 0, 7, 0, 100);
	event(e, 11, 1, 7, 0, 110);	/* before the waking's stack: still after the waking */
	stack(e, 0, s1, 2, 120);
	stack(e, 1, s2, 1, 130);
	is_int(tq_eval_finish(e), 0, "finish");
	t = tq_eval_hist_text(e, 0);
	ok(has(t, "stack.stacktrace         func_c+0x2/0x100\n} hitcount:          1\n"),
	   "the end event's stack, as the kernel shows a synthetic field's");
	free(t);
	tq_eval_free(e);
}

static void no_stacks(void)
{
	struct tq_eval *e = make("SELECT STACKTRACE, count(*) FROM sched_waking");
	const uint64_t s1[] = { FA };
	int ret;

	ok(e, "STACKTRACE compiles");
	if (!e)
		return;
	event(e, 10, 0, 5, 0, 100);
	event(e, 10, 0, 5, 0, 200);
	ret = tq_eval_finish(e);
	is_int(ret, -ENOENT, "no stack trace in the file: ENOENT");
	ok(ret && strstr(tq_errmsg(ret), "sched_waking") && strstr(tq_errmsg(ret), "-T"),
	   "the message names the event and -T: %s", tq_errmsg(ret));
	tq_eval_free(e);

	e = make("SELECT STACKTRACE, count(*) FROM sched_waking");
	if (!e)
		return;
	event(e, 10, 0, 5, 0, 100);
	event(e, 10, 0, 5, 0, 200);	/* cpu 0 moved on: the first had none */
	stack(e, 0, s1, 1, 210);
	is_int(tq_eval_finish(e), 0, "some stacks: no error");
	is_int((int)tq_eval_stack_missing(e), 1, "the event without one is reported");
	tq_eval_free(e);
}

static void modifiers(void)
{
	struct tq_eval *e = make("SELECT ip.sym-offset, count(*) FROM sched_waking");
	char *t;

	ok(e, ".sym-offset compiles");
	if (e) {
		event(e, 10, 0, 1, FB + 0x22, 100);
		event(e, 10, 0, 1, 0x1234, 110);
		t = tq_eval_hist_text(e, 0);
		ok(has(t, "{ ip: [ffffffff81001122] func_b+0x22/0x100"), "sym+0xoff/0xsize");
		ok(has(t, "{ ip: [1234] 0x1234"), "an address no symbol holds");
		free(t);
		tq_eval_free(e);
	}
	e = make("SELECT syscall(ip), count(*) FROM sched_waking");
	ok(e, ".syscall compiles");
	if (e) {
		event(e, 10, 0, 1, 1, 100);
		event(e, 10, 0, 1, 5, 100);
		event(e, 10, 0, 1, 99999, 100);
		tq_eval_set_arch(e, "x86_64");
		t = tq_eval_hist_text(e, 0);
		if (tq_syscall_name("x86_64", 0)) {
			ok(has(t, "{ ip: sys_write                     [  1] }"), "x86_64: 1 is write");
			ok(has(t, "{ ip: sys_newfstat                  [  5] }"),
			   "named as the kernel's metadata: sys_newfstat");
		} else {
			ok(1, "# SKIP built without the uapi unistd_64.h");
			ok(1, "# SKIP built without the uapi unistd_64.h");
		}
		ok(has(t, "{ ip: unknown_syscall               [99999] }"), "beyond the table");
		free(t);
		tq_eval_set_arch(e, "aarch64");
		t = tq_eval_hist_text(e, 0);
		ok(has(t, "{ ip: unknown_syscall               [  1] }"),
		   "another machine's numbers are not x86_64's");
		free(t);
		tq_eval_free(e);
	}
	e = make("SELECT pid, percent(sum(ip)) AS p, count(*) FROM sched_waking");
	ok(e, ".percent compiles");
	if (e) {
		event(e, 10, 0, 1, 1, 100);
		event(e, 10, 0, 2, 3, 100);
		t = tq_eval_hist_text(e, 0);
		ok(has(t, "{ pid:          2 } hitcount:          1  ip (%):  75.00"), "3 of 4");
		ok(has(t, "{ pid:          1 } hitcount:          1  ip (%):  25.00"), "1 of 4");
		free(t);
		tq_eval_free(e);
	}
	e = make("SELECT pid, graph(sum(ip)) AS p, count(*) FROM sched_waking");
	ok(e, ".graph compiles");
	if (e) {
		event(e, 10, 0, 1, 1, 100);
		event(e, 10, 0, 2, 4, 100);
		t = tq_eval_hist_text(e, 0);
		ok(has(t, "{ pid:          2 } hitcount:          1  ip: ####################\n"),
		   "the largest: 20 #");
		ok(has(t, "{ pid:          1 } hitcount:          1  ip: #####               \n"),
		   "a quarter of it: 5 #");
		free(t);
		tq_eval_free(e);
	}
}

/* Kernel hist files with stacktrace keys, as 6.1 prints them, folded. */
static const char hist_61[] =
	"# event histogram\n#\n"
	"# trigger info: hist:keys=common_pid,stacktrace:vals=hitcount,delta:sort=hitcount:"
	"size=2048 [active]\n#\n\n"
	"{ common_pid:         42, stacktrace:\n"
	"         __schedule+0x2b6/0x780\n"
	"         schedule+0x4a/0xb0\n"
	"         do_nanosleep+0x8d/0x160 [foo]\n"
	"} hitcount:          3  delta:        300\n"
	"{ common_pid:         43, stacktrace:\n"
	"         __schedule+0x2b6/0x780\n"
	"         schedule+0x4a/0xb0\n"
	"         do_nanosleep+0x8d/0x160 [foo]\n"
	"} hitcount:          2  delta:         50\n"
	"{ common_pid:          7, stacktrace:\n"
	"         __schedule+0x2b6/0x780\n"
	"         schedule_idle+0x26/0x40\n"
	"} hitcount:          5  delta:         10\n"
	"\nTotals:\n    Hits: 10\n    Entries: 3\n    Dropped: 0\n";

/* A stack key before another key ends with ", key: value}" (6.5 names it common_). */
static const char hist_65[] =
	"# event histogram\n#\n"
	"# trigger info: hist:keys=common_stacktrace,prev_pid:vals=hitcount:sort=hitcount:"
	"size=2048 [active]\n#\n\n"
	"{ common_stacktrace:\n"
	"         __schedule+0x2b6/0x780\n"
	"         schedule+0x4a/0xb0\n"
	", prev_pid:          1} hitcount:          4\n"
	"\nTotals:\n    Hits: 4\n    Entries: 1\n    Dropped: 0\n";

static char *fold(const char *text, int key, int col)
{
	struct tq_hist h;
	struct tq_folded f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	if (tq_hist_parse(text, &h))
		return NULL;
	tq_folded_init(&f);
	for (size_t r = 0; r < h.tables[0].nrows; r++) {
		const struct tq_hist_row *row = &h.tables[0].rows[r];

		tq_folded_add_hist_key(&f, row->keys[key], col < 0 ? row->hitcount :
				       (uint64_t)row->vals[col]);
	}
	tq_folded_sort(&f);
	out = open_memstream(&buf, &len);
	if (out) {
		tq_folded_write(&f, out);
		fclose(out);
	}
	tq_folded_release(&f);
	tq_hist_release(&h);
	return buf;
}

static void folded_hist_files(void)
{
	struct tq_folded f;
	char *t = fold(hist_61, 1, -1);

	is_str(t, "do_nanosleep;schedule;__schedule 5\nschedule_idle;__schedule 5\n",
	       "6.1 hist file: root first, offsets and modules dropped, pids added up");
	free(t);
	t = fold(hist_61, 1, 0);
	is_str(t, "do_nanosleep;schedule;__schedule 350\nschedule_idle;__schedule 10\n",
	       "weighed by a value");
	free(t);
	t = fold(hist_65, 0, -1);
	is_str(t, "schedule;__schedule 4\n", "a stack key before another key");
	free(t);
	tq_folded_init(&f);
	is_int(tq_folded_add_hist_key(&f, "stacktrace:", 1), -EINVAL, "a key without frames");
	tq_folded_release(&f);
}

int main(void)
{
	struct tep_event *ev;

	tep = tep_alloc();
	ok(tep && !tep_parse_format(tep, &ev, waking, strlen(waking), "sched") &&
	   !tep_parse_format(tep, &ev, switched, strlen(switched), "sched") &&
	   !tep_parse_format(tep, &ev, kstack, strlen(kstack), "ftrace"), "formats parse");
	tep_set_long_size(tep, 8);
	tep_register_function(tep, "func_a", FA, NULL);
	tep_register_function(tep, "func_b", FB, NULL);
	tep_register_function(tep, "func_c", FC, NULL);
	tep_register_function(tep, "func_end", FEND, NULL);
	tep_register_function(tep, "trace_event_raw_event_sched_waking", FTP, NULL);
	tep_register_function(tep, "after_tp", FTP_END, NULL);
	stack_keys();
	stack_join_order();
	no_stacks();
	modifiers();
	folded_hist_files();
	tep_free(tep);
	return done_testing();
}
