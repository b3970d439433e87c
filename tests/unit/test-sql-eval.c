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

static struct tep_handle *tep;

static int feed(struct tq_eval *e, int id, int pid, const char *comm, uint64_t ts)
{
	uint8_t buf[32] = { 0 };
	struct tep_record rec = { .data = buf, .size = sizeof(buf), .ts = ts, .cpu = 0 };
	uint16_t type = (uint16_t)id;
	int32_t self = 100;

	memcpy(buf, &type, 2);
	memcpy(buf + 4, &self, 4);
	if (id == 10) {
		strncpy((char *)buf + 8, comm, 15);
		memcpy(buf + 24, &pid, 4);
	} else {
		memcpy(buf + 8, &pid, 4);
	}
	return tq_eval_event(e, &rec, ts);
}

static struct tq_eval *make(const char *q)
{
	struct tq_sql_diag diag = { 0 };
	struct tq_eval *e = NULL;
	int ret = tq_eval_new(q, strlen(q), tep, NULL, &e, &diag);

	if (ret)
		printf("# %s\n", diag.msg ? diag.msg : "?");
	tq_sql_diag_release(&diag);
	return ret ? NULL : e;
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
	   !tep_parse_format(tep, &ev, switched, strlen(switched), "sched"), "formats parse");
	join_read_once();
	keys_and_filters();
	size_drops();
	percentiles();
	errors();
	tep_free(tep);
	return done_testing();
}
