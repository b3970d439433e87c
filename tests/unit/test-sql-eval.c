// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The offline engine (sql/eval.c) on hand-made events: the kernel's onmatch() rules (a new
 * start overwrites the saved one, an end reads it once), filters, log2/buckets keys, SIZE.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "sql/eval.h"
#include "sql/eval-parts.h"
#include "eval-test.h"
#include "tap.h"

#define COMMON \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

static const char waking[] = "name: sched_waking\nID: 10\nformat:\n" COMMON
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:int pid;\toffset:24;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"pid=%d\", REC->pid\n";
static const char switched[] = "name: sched_switch\nID: 11\nformat:\n" COMMON
	"\tfield:int next_pid;\toffset:8;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"next_pid=%d\", REC->next_pid\n";

static const char runtime[] = "name: sched_stat_runtime\nID: 12\nformat:\n" COMMON
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:int pid;\toffset:24;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"pid=%d\", REC->pid\n";

static struct tep_handle *tep;

static int feed(struct tq_eval *e, int id, int pid, const char *comm, uint64_t ts)
{
	uint8_t buf[32] = { 0 };
	struct tep_record rec = { .data = buf, .size = sizeof(buf), .ts = ts, .cpu = 0 };
	uint16_t type = (uint16_t)id;
	int32_t self = 100;

	memcpy(buf, &type, 2);
	memcpy(buf + 4, &self, 4);
	if (id == 10 || id == 12) {
		strncpy((char *)buf + 8, comm, 15);
		memcpy(buf + 24, &pid, 4);
	} else {
		memcpy(buf + 8, &pid, 4);
	}
	return tq_eval_event(e, &rec, ts);
}

static struct tq_eval *make(const char *q)
{
	return eval_make(tep, q);
}

static int has_line(const char *text, const char *line)
{
	return text && strstr(text, line) != NULL;
}

static void join_read_once(void)
{
	struct tq_eval *e = make("SELECT TIMESTAMP_DELTA AS lat, count(*) FROM sched_waking AS s "
				 "JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat");
	char *t;

	ok(e, "JOIN compiles against hand-made formats");
	if (!e)
		return;
	feed(e, 10, 5, "a", 1000);
	feed(e, 10, 5, "a", 2000);	/* overwrites the start saved at 1000 */
	feed(e, 11, 5, NULL, 5000);	/* 3000 after the last start */
	feed(e, 11, 5, NULL, 9000);	/* read once: no start any more */
	feed(e, 11, 6, NULL, 9500);	/* never started */
	feed(e, 10, 6, "b", 10000);
	feed(e, 11, 6, NULL, 10700);
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ lat:       3000 } hitcount:          1\n"), "a new start overwrites");
	ok(has_line(t, "{ lat:        700 } hitcount:          1\n"), "each start matches once");
	ok(has_line(t, "Hits: 2\n    Entries: 2\n    Dropped: 0\n"), "the end without a start "
	   "and the second end fire nothing");
	if (!has_line(t, "Hits: 2\n"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);
}

static void join_plain_keeps(void)
{
	struct tq_eval *e = make("SELECT e.next_pid AS p, count(*) FROM sched_waking AS s "
				 "JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY p");
	char *t;

	ok(e, "JOIN without an expression compiles");
	if (!e)
		return;
	feed(e, 11, 5, NULL, 500);	/* before any start: nothing */
	feed(e, 10, 5, "a", 1000);
	feed(e, 11, 5, NULL, 2000);
	feed(e, 11, 5, NULL, 3000);	/* $__matched is no operand: still set */
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ p:          5 } hitcount:          2\n"),
	   "a plain variable is not read once: every later end matches");
	if (!has_line(t, "hitcount:          2\n"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);

	/* 3 events: the first stage passes its values on as plain variables */
	e = make("SELECT e2.pid AS p, count(*) FROM sched_waking AS s JOIN sched_switch AS "
		 "e1 ON s.pid = e1.next_pid JOIN sched_waking AS e2 ON e1.next_pid = e2.pid "
		 "GROUP BY p");
	ok(e, "a chain of 3 events compiles");
	if (!e)
		return;
	feed(e, 10, 5, "a", 1000);	/* s */
	feed(e, 11, 5, NULL, 2000);	/* e1: saves stage 2; s stays set */
	feed(e, 10, 5, "a", 3000);	/* e2 (and a new s): fires, consumes nothing */
	feed(e, 10, 5, "a", 4000);	/* e2 again: stage 2 still set */
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ p:          5 } hitcount:          2\n"), "a chain without "
	   "expressions matches every later end event, as the kernel does");
	if (!has_line(t, "hitcount:          2\n"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);
}

/* With nanoseconds in the same triggers, sql/backend.c divides: truncated, not rounded. */
static void usecs_with_ns(void)
{
	struct tq_eval *e = make("SELECT TIMESTAMP_DELTA_USECS AS a, TIMESTAMP_DELTA AS b, "
				 "count(*) FROM sched_waking AS s JOIN sched_switch AS e "
				 "ON s.pid = e.next_pid GROUP BY a, b");
	char *t;

	ok(e, "microseconds and nanoseconds in one JOIN compile");
	if (!e)
		return;
	feed(e, 10, 5, "a", 1600);
	feed(e, 11, 5, NULL, 3400);
	t = tq_eval_hist_text(e, 0);
	/* 3400/1000 - 1600/1000 = 2; .usecs would round: 3 - 2 = 1 */
	ok(has_line(t, "{ a:          2, b:       1800 } hitcount:          1\n"),
	   "common_timestamp/1000 in both triggers: 2 us, 1800 ns");
	if (!has_line(t, "hitcount:          1\n"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);
}

/* common_pid 100 (feed()'s current task) execs: sched_stat_runtime shows the new comm first */
static void comm_at_exec(void)
{
	struct tq_eval *e = make("SELECT COMM, count(*) FROM sched_waking WHERE pid == 7 "
				 "GROUP BY COMM");
	char *t;

	ok(e, "execname key compiles");
	if (!e)
		return;
	feed(e, 10, 100, "sh", 1000);		/* names 100 "sh"; filtered out */
	feed(e, 12, 100, "sleep", 2000);	/* 100 runs as "sleep" now */
	feed(e, 10, 7, "x", 3000);		/* 100 wakes 7: the entry is made */
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ common_pid: sleep           [       100] } hitcount:          1\n"),
	   "execname: the comm the task had when the entry was made");
	if (!has_line(t, "sleep"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);
}

/* Two files: the same pid is another task in each, named by its own file. */
static void comm_per_file(void)
{
	struct tep_handle *tep2 = tep_alloc();
	struct tep_event *ev;
	struct tq_eval *e = make("SELECT next_pid, count(*) FROM sched_switch "
				 "WHERE COMM == \"second\" GROUP BY next_pid");
	char *t;

	ok(e && tep2 && !tep_parse_format(tep2, &ev, waking, strlen(waking), "sched") &&
	   !tep_parse_format(tep2, &ev, switched, strlen(switched), "sched") &&
	   !tep_parse_format(tep2, &ev, runtime, strlen(runtime), "sched"), "a second file");
	if (!e || !tep2) {
		tq_eval_free(e);
		tep_free(tep2);
		return;
	}
	tep_register_comm(tep, "first", 100);
	tep_register_comm(tep2, "second", 100);
	feed(e, 12, 100, "noted", 500);		/* the first file's 100, named by an event */
	feed(e, 11, 1, NULL, 1000);
	is_int(tq_eval_source(e, 1, tep2), 0, "switch to the second file");
	feed(e, 11, 2, NULL, 2000);		/* its 100: its saved cmdlines say "second" */
	feed(e, 11, 2, NULL, 2500);
	is_int(tq_eval_source(e, 0, tep), 0, "back to the first file");
	feed(e, 11, 3, NULL, 3000);
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ next_pid:          2 } hitcount:          2\n") &&
	   !has_line(t, "next_pid:          1 }") && !has_line(t, "next_pid:          3 }"),
	   "each file's events take their comms from that file");
	if (!has_line(t, "hitcount:          2\n"))
		printf("# %s\n", t ? t : "(null)");
	free(t);
	tq_eval_free(e);
	tep_free(tep2);
}

static void keys_and_filters(void)
{
	struct tq_eval *e = make("SELECT log2(pid) AS p, count(*) FROM sched_waking "
				 "WHERE comm ~ \"k*\" && pid != 7 GROUP BY p");
	char *t;

	ok(e, "log2 with a glob filter compiles");
	if (!e)
		return;
	for (int pid = 0; pid <= 8; pid++)
		feed(e, 10, pid, pid == 3 ? "other" : "kworker", 1000 + (uint64_t)pid);
	t = tq_eval_hist_text(e, 0);
	/* kept: 0 1 2 4 5 6 8 -> log2 0 0 1 2 3 3 3 */
	ok(has_line(t, "{ pid: ~ 2^0  } hitcount:          2\n"), "log2: 0 and 1 in 2^0");
	ok(has_line(t, "{ pid: ~ 2^1  } hitcount:          1\n"), "log2: 2 in 2^1");
	ok(has_line(t, "{ pid: ~ 2^2  } hitcount:          1\n"), "log2: 4 in 2^2, 3 filtered");
	ok(has_line(t, "{ pid: ~ 2^3  } hitcount:          3\n"), "log2: 5 6 8 in 2^3, 7 filtered");
	free(t);
	tq_eval_free(e);

	e = make("SELECT buckets(pid, 10) AS b, count(*) FROM sched_waking GROUP BY b");
	ok(e, "buckets compiles");
	if (!e)
		return;
	feed(e, 10, 5, "x", 1);
	feed(e, 10, 15, "x", 2);
	feed(e, 10, 19, "x", 3);
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "{ pid: ~ 0-9 } hitcount:          1\n"), "buckets: 5 in 0-9");
	ok(has_line(t, "{ pid: ~ 10-19 } hitcount:          2\n"), "buckets: 15 and 19 in 10-19");
	free(t);
	tq_eval_free(e);
}

static void size_drops(void)
{
	struct tq_eval *e = make("SELECT pid, count(*) FROM sched_waking GROUP BY pid SIZE 128");
	char *t;

	ok(e, "SIZE compiles");
	if (!e)
		return;
	for (int pid = 0; pid < 200; pid++)
		feed(e, 10, pid, "x", (uint64_t)pid);
	feed(e, 10, 1, "x", 500);	/* an existing key still counts */
	t = tq_eval_hist_text(e, 0);
	ok(has_line(t, "Hits: 129\n    Entries: 128\n    Dropped: 72\n"),
	   "a full table drops new keys and counts them");
	free(t);
	tq_eval_free(e);
}

/* pNN by nearest rank, p99.9 with its dot and as p999, from a count per distinct value */
static void percentiles(void)
{
	static const struct { const char *q, *want; } cases[] = {
		/* rank ceil(0.999 * 1000) = 999, ceil(0.5 * 1000) = 500 */
		{ "SELECT comm, p99.9(pid) AS a, count(*) FROM sched_waking GROUP BY comm",
		  "hitcount:       1000  p99.9(pid):        999\n" },
		{ "SELECT comm, p999(pid) AS a, count(*) FROM sched_waking GROUP BY comm",
		  "hitcount:       1000  p99.9(pid):        999\n" },
		{ "SELECT comm, p50 (pid) AS a, count(*) FROM sched_waking GROUP BY comm",
		  "hitcount:       1000  p50(pid):        500\n" },
	};
	struct tq_pct p = { 0 };
	char *t;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct tq_eval *e = make(cases[c].q);

		ok(e, "compiles: %s", cases[c].q);
		if (!e)
			continue;
		for (int pid = 1; pid <= 1000; pid++)
			feed(e, 10, pid, "w", (uint64_t)pid);
		t = tq_eval_hist_text(e, 0);
		ok(has_line(t, cases[c].want), "of pids 1..1000, query %zu: its percentile", c + 1);
		if (!has_line(t, cases[c].want))
			printf("# %s\n", t ? t : "(null)");
		free(t);
		tq_eval_free(e);
	}
	/* 100000 samples of 3 values: memory is the 3 values */
	for (int i = 0; i < 100000; i++)
		tq_pct_add(&p, i % 10 ? (i % 10 < 9 ? 10 : 20) : 5);
	is_int((int)p.used, 3, "a count per distinct value, not per sample");
	is_int((int)p.total, 100000, "every sample counted");
	is_int((int)tq_pct_value(&p, 10), 5, "p10: the tenth of 5s");
	is_int((int)tq_pct_value(&p, 10.001), 10, "just above p10: 10");
	is_int((int)tq_pct_value(&p, 90), 10, "p90: 10");
	is_int((int)tq_pct_value(&p, 99.9), 20, "p99.9: 20");
	is_int((int)tq_pct_value(&p, 100), 20, "p100: the largest");
	tq_pct_release(&p);
	is_int((int)tq_pct_value(&p, 50), 0, "no value: 0");
}

static void errors(void)
{
	struct tq_sql_diag diag = { 0 };
	struct tq_eval *e = NULL;
	const char *q = "SELECT nofield, count(*) FROM sched_waking GROUP BY nofield";

	is_int(tq_eval_new(q, strlen(q), tep, NULL, &e, &diag), -EINVAL, "absent field: EINVAL");
	ok(diag.msg && strstr(diag.msg, "no field 'nofield'"), "absent field: the message");
	ok(!e, "absent field: no engine");
	tq_sql_diag_release(&diag);
}

int main(void)
{
	struct tep_event *ev;

	tep = tep_alloc();
	ok(tep && !tep_parse_format(tep, &ev, waking, strlen(waking), "sched") &&
	   !tep_parse_format(tep, &ev, switched, strlen(switched), "sched") &&
	   !tep_parse_format(tep, &ev, runtime, strlen(runtime), "sched"), "formats parse");
	join_read_once();
	join_plain_keeps();
	usecs_with_ns();
	comm_at_exec();
	comm_per_file();
	keys_and_filters();
	size_drops();
	percentiles();
	errors();
	tep_free(tep);
	return done_testing();
}
