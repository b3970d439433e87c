// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing and rendering the kernel's hist files (samples in histogram.rst's format). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "print/histfile.h"

static const char plain[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=common_pid.execname,id.syscall:vals=hitcount:"
	"sort=hitcount:size=2048 [active]\n"
	"#\n"
	"\n"
	"{ common_pid: bash            [      2378], id: sys_write                     [  1] }"
	" hitcount:          1\n"
	"{ common_pid: sshd            [       612], id: sys_read                      [  0] }"
	" hitcount:         12\n"
	"\n"
	"Totals:\n"
	"    Hits: 13\n"
	"    Entries: 2\n"
	"    Dropped: 0\n";

static const char values[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=call_site.sym:vals=hitcount,bytes_req,bytes_alloc:"
	"sort=bytes_alloc.descending:size=4096 [active]\n"
	"#\n"
	"\n"
	"{ call_site: [ffffffff811e3a25] __kmalloc_node_track_caller+0x95/0x2a0 } "
	"hitcount:          2  bytes_req:       1024  bytes_alloc:       2048\n"
	"{ call_site: [ffffffffc0a1b2c3] i915_gem_do_execbuffer+0x5c/0x9a0 [i915] } "
	"hitcount:          7  bytes_req:        448  bytes_alloc:        512\n"
	"\n"
	"Totals:\n"
	"    Hits: 9\n"
	"    Entries: 2\n"
	"    Dropped: 3\n";

static const char log2_sample[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=comm,lat.log2:vals=hitcount:sort=hitcount:size=2048 [active]\n"
	"#\n"
	"\n"
	"{ comm: bash            , lat: ~ 2^3  } hitcount:          4\n"
	"{ comm: bash            , lat: ~ 2^6  } hitcount:          8\n"
	"{ comm: kworker/0:1     , lat: ~ 2^1  } hitcount:          2\n"
	"\n"
	"Totals:\n"
	"    Hits: 14\n"
	"    Entries: 3\n"
	"    Dropped: 0\n"
	"\n"
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=lat.buckets=10:vals=hitcount:sort=hitcount:size=2048 [paused]\n"
	"#\n"
	"\n"
	"{ lat: ~ 20-29 } hitcount:          5\n"
	"{ lat: ~ 0-9 } hitcount:          1\n"
	"\n"
	"Totals:\n"
	"    Hits: 6\n"
	"    Entries: 2\n"
	"    Dropped: 0\n";

static const char stack[] =
	"# event histogram\n"
	"#\n"
	"# trigger info: hist:keys=stacktrace:vals=hitcount:sort=hitcount:size=2048 [active]\n"
	"#\n"
	"\n"
	"{ stacktrace:\n"
	"         __schedule+0x2b6/0x780\n"
	"         schedule+0x4a/0xb0\n"
	"} hitcount:          3\n"
	"\n"
	"Totals:\n"
	"    Hits: 3\n"
	"    Entries: 1\n"
	"    Dropped: 0\n";

static char *render(const struct tq_hist_table *t, enum tq_hist_format f, long long limit)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	if (tq_hist_render(t, f, limit, out))
		fputs("(render failed)", out);
	fclose(out);
	return buf;
}

/* Two triggers with the same keys on one event: a JOIN's and a plain histogram. */
static const char shared_keys[] =
	"# event histogram\n#\n"
	"# trigger info: hist:keys=next_pid:vals=hitcount:__x_lat=common_timestamp.usecs-$__x_s1:"
	"sort=hitcount:size=2048:clock=global:onmatch(sched.sched_waking).trace(x,$__x_lat) "
	"[active]\n#\n\n"
	"{ next_pid: 1 } hitcount: 1\n\nTotals:\n    Hits: 1\n    Entries: 1\n    Dropped: 0\n"
	"\n# event histogram\n#\n"
	"# trigger info: hist:keys=next_pid:vals=hitcount:sort=hitcount.descending:size=2048 "
	"[active]\n#\n\n"
	"{ next_pid: 7 } hitcount: 40\n\nTotals:\n    Hits: 40\n    Entries: 1\n"
	"    Dropped: 0\n";

static void test_find_shared_keys(void)
{
	const struct tq_hist_table *t;
	struct tq_hist h;

	ok(tq_hist_parse(shared_keys, &h) == 0 && h.ntables == 2, "two tables with the same keys");
	t = tq_hist_find(&h, "hist:keys=next_pid:sort=hitcount.descending");
	ok(t == &h.tables[1], "the table whose every part matches ours is chosen, not the first "
	   "with the same keys");
	ok(tq_hist_find(&h, "hist:keys=next_pid:sort=prev_pid") == NULL,
	   "none when two tables share the keys and neither matches the rest");
	tq_hist_release(&h);
}

int main(void)
{
	struct tq_hist h;
	const struct tq_hist_table *t;
	char *s;

	ok(tq_hist_parse(plain, &h) == 0 && h.ntables == 1, "one table");
	t = &h.tables[0];
	is_str(t->trigger, "hist:keys=common_pid.execname,id.syscall:vals=hitcount:sort=hitcount:"
	       "size=2048", "trigger text without [active]");
	ok(t->nkeys == 2 && !strcmp(t->key_names[0], "common_pid") &&
	   !strcmp(t->key_names[1], "id"), "key names from the trigger");
	ok(t->nrows == 2, "two rows");
	is_str(t->rows[0].keys[0], "bash [2378]", "execname key, spaces collapsed");
	is_str(t->rows[1].keys[1], "sys_read [0]", "syscall key");
	ok(t->rows[1].hitcount == 12, "hitcount");
	ok(t->has_totals && t->hits == 13 && t->entries == 2 && t->dropped == 0, "totals");
	ok(t->bucket_key == -1, "no bucket key");
	s = render(t, TQ_HIST_AUTO, -1);
	is_str(s, "common_pid   id             hitcount\n"
	       "bash [2378]  sys_write [1]         1\n"
	       "sshd [612]   sys_read [0]         12\n"
	       "\nhits: 13  entries: 2  dropped: 0\n", "table");
	free(s);
	s = render(t, TQ_HIST_TABLE, 1);
	ok(s && strstr(s, "(1 more rows)") && !strstr(s, "sshd"), "LIMIT");
	free(s);
	s = render(t, TQ_HIST_JSON, -1);
	is_str(s, "{\"trigger\":\"hist:keys=common_pid.execname,id.syscall:vals=hitcount:"
	       "sort=hitcount:size=2048\",\"rows\":[{\"common_pid\":\"bash [2378]\",\"id\":"
	       "\"sys_write [1]\",\"hitcount\":1},{\"common_pid\":\"sshd [612]\",\"id\":"
	       "\"sys_read [0]\",\"hitcount\":12}],\"hits\":13,\"entries\":2,\"dropped\":0}\n",
	       "JSON");
	free(s);
	ok(tq_hist_find(&h, "hist:keys=common_pid.execname,id.syscall") == t,
	   "find the table of a trigger written without defaults");
	tq_hist_release(&h);

	ok(tq_hist_parse(values, &h) == 0 && h.ntables == 1, "values table");
	t = &h.tables[0];
	ok(t->nvals == 2 && !strcmp(t->val_names[0], "bytes_req") &&
	   !strcmp(t->val_names[1], "bytes_alloc"), "value names");
	ok(t->rows[0].vals[1] == 2048 && t->rows[1].vals[0] == 448, "values");
	is_str(t->rows[1].keys[0], "[ffffffffc0a1b2c3] i915_gem_do_execbuffer+0x5c/0x9a0 [i915]",
	       "symbol key with brackets");
	ok(t->dropped == 3, "dropped");
	tq_hist_release(&h);

	ok(tq_hist_parse(log2_sample, &h) == 0 && h.ntables == 2, "two tables in one file");
	t = &h.tables[0];
	ok(t->bucket_key == 1 && t->bucket == TQ_HB_LOG2, "log2 key found");
	ok(t->rows[0].lo == 5 && t->rows[0].hi == 8, "2^3 holds 5..8");
	ok(t->rows[2].lo == 2 && t->rows[2].hi == 2, "2^1 holds 2");
	is_str(t->rows[2].keys[0], "kworker/0:1", "string key before a comma");
	s = render(t, TQ_HIST_AUTO, -1);
	if (!ok(s && strstr(s, "lat comm=bash:\n[5, 8]                            4 |@@@@@@@@"
			 "@@@@@@@@@@@@"), "bars per group"))
		printf("# %s\n", s);
	ok(s && strstr(s, "[9, 16]                           0 |"), "empty bucket filled in");
	ok(s && strstr(s, "lat comm=kworker/0:1:\n[2, 2]"), "second group");
	free(s);
	t = tq_hist_find(&h, "hist:keys=lat.buckets=10");
	ok(t == &h.tables[1] && t->bucket == TQ_HB_LINEAR, "linear buckets table");
	s = render(t, TQ_HIST_BARS, -1);
	ok(s && strstr(s, "[0, 9]") && strstr(s, "[10, 19]                          0") &&
	   strstr(s, "[20, 29]                          5"), "linear bars sorted, gap filled");
	free(s);
	tq_hist_release(&h);

	ok(tq_hist_parse(stack, &h) == 0 && h.tables[0].nrows == 1, "stack trace key");
	is_str(h.tables[0].rows[0].keys[0], "__schedule+0x2b6/0x780 schedule+0x4a/0xb0",
	       "stack frames joined");
	ok(h.tables[0].rows[0].hitcount == 3, "stack hitcount");
	tq_hist_release(&h);

	/* found by the fuzzer: a row before the trigger info must not share its columns */
	ok(tq_hist_parse("{ x } hitcount: 1\n# trigger info: hist:keys=a,b:vals=hitcount\n"
			 "{ a: 1, b: 2 } hitcount: 2\n", &h) == 0 && h.ntables == 2,
	   "trigger info after rows starts a new table");
	s = h.ntables == 2 ? render(&h.tables[0], TQ_HIST_TABLE, -1) : NULL;
	ok(s && strstr(s, "key"), "the first table keeps its one column");
	free(s);
	tq_hist_release(&h);
	ok(tq_hist_parse("{ a: 1 } a: 1 b: 2 c: 3 d: 4 e: 5 f: 6 g: 7 h: 8 i: 9 j: 10\n"
			 "{ a: 2 } a: 1 b: 2 c: 3 d: 4 e: 5 f: 6 g: 7 h: 8 i: 9 j: 10 k: 11\n", &h) == 0 &&
	   h.ntables == 1 && h.tables[0].nvals <= 8, "more columns than values can be are dropped");
	tq_hist_release(&h);
	ok(tq_hist_parse("{ a: 1 ", &h) < 0, "unterminated key rejected");
	ok(tq_hist_parse("", &h) == 0 && h.ntables == 0, "empty file");
	tq_hist_release(&h);
	test_find_shared_keys();
	return done_testing();
}
