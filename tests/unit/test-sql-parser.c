// SPDX-License-Identifier: GPL-2.0-or-later
/* Lexer and parser: token positions, precedence, every clause, and located errors. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "sql/ast.h"

#define IS(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (!ok(g_ == w_, __VA_ARGS__)) \
		printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

static char *dump_select(const struct tq_sql_select *s)
{
	char *out = NULL, *t;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	for (size_t i = 0; i < s->nitems; i++) {
		t = tq_sql_expr_text(s->items[i].expr);
		fprintf(f, "%s%s%s%s", i ? ", " : "", t, s->items[i].label ? " AS " : "",
			s->items[i].label ? s->items[i].label : "");
		free(t);
	}
	fprintf(f, " FROM %s%s%s", s->from.sys ? s->from.sys : "", s->from.sys ? "." : "",
		s->from.name);
	if (s->from.alias)
		fprintf(f, " %s", s->from.alias);
	for (size_t i = 0; i < s->njoins; i++) {
		t = tq_sql_expr_text(s->joins[i].on);
		fprintf(f, " JOIN %s %s ON %s", s->joins[i].ev.name,
			s->joins[i].ev.alias ? s->joins[i].ev.alias : "-", t);
		free(t);
	}
	if (s->where) {
		t = tq_sql_expr_text(s->where);
		fprintf(f, " WHERE %s", t);
		free(t);
	}
	for (size_t i = 0; i < s->ngroup; i++) {
		t = tq_sql_expr_text(s->group[i]);
		fprintf(f, "%s%s", i ? ", " : " GROUP BY ", t);
		free(t);
	}
	for (size_t i = 0; i < s->norder; i++) {
		t = tq_sql_expr_text(s->order[i].expr);
		fprintf(f, "%s%s%s", i ? ", " : " ORDER BY ", t, s->order[i].desc ? " DESC" : "");
		free(t);
	}
	if (s->limit >= 0)
		fprintf(f, " LIMIT %lld", s->limit);
	if (s->size >= 0)
		fprintf(f, " SIZE %lld", s->size);
	fclose(f);
	return out;
}

static void parses(const char *sql, const char *want)
{
	struct tq_sql_script sc;
	struct tq_sql_diag d = { 0 };
	int ret = tq_sql_parse(sql, strlen(sql), &sc, &d);
	char *got;

	if (ret) {
		ok(0, "parses: %s (%s)", sql, d.msg);
		tq_sql_diag_release(&d);
		return;
	}
	got = dump_select(&sc.stmts[sc.nstmts - 1].sel);
	is_str(got, want, "parses: %s", sql);
	free(got);
	tq_sql_script_release(&sc);
}

static void fails(const char *sql, unsigned line, unsigned col, const char *msg)
{
	struct tq_sql_script sc;
	struct tq_sql_diag d = { 0 };
	int ret = tq_sql_parse(sql, strlen(sql), &sc, &d);
	char name[80];

	/* a TAP test name stays on one line */
	snprintf(name, sizeof(name), "%s", sql);
	for (char *c = name; *c; c++)
		if (*c == '\n')
			*c = ' ';
	sql = name;

	if (!ret) {
		ok(0, "rejects: %s", sql);
		tq_sql_script_release(&sc);
		return;
	}
	if (!ok(d.pos.line == line && (!col || d.pos.col == col) && d.msg && strstr(d.msg, msg),
		"rejects at %u:%u with '%s': %s", line, col, msg, sql))
		printf("#   got %u:%u '%s'\n", d.pos.line, d.pos.col, d.msg);
	tq_sql_diag_release(&d);
}

static void test_lexer(void)
{
	const char *sql = "SELECT a.b,\n  \\from -- note\n 0x10 'x' \"y\" <= ~";
	struct tq_sql_token *t;
	struct tq_sql_diag d = { 0 };
	size_t n;

	ok(tq_sql_lex(sql, strlen(sql), &t, &n, &d) == 0, "lexes");
	IS(n, 12, "token count");
	IS(t[0].kind, TQ_TK_SELECT, "SELECT keyword");
	IS(t[1].pos.col, 8, "column of a");
	IS(t[2].kind, TQ_TK_DOT, "dot is a token");
	IS(t[5].kind, TQ_TK_WORD, "escaped keyword is a word");
	ok(t[5].escaped && !strcmp(t[5].text, "from"), "escape dropped");
	IS(t[5].pos.line, 2, "line 2");
	IS(t[5].pos.col, 3, "column 3");
	IS(t[6].num, 16, "hex number");
	IS(t[6].pos.line, 3, "comment skipped");
	is_str(t[7].text, "x", "single-quoted string");
	is_str(t[8].text, "y", "double-quoted string");
	IS(t[9].kind, TQ_TK_LE, "<=");
	IS(t[9].pos.len, 2, "<= has length 2");
	IS(t[10].kind, TQ_TK_TILDE, "~");
	tq_sql_tokens_free(t, n);

	ok(tq_sql_lex("x 08", 4, &t, &n, &d) < 0, "bad octal rejected");
	IS(d.pos.col, 3, "caret on the number");
	tq_sql_diag_release(&d);
	ok(tq_sql_lex("'abc", 4, &t, &n, &d) < 0 && strstr(d.msg, "unterminated"),
	   "unterminated string");
	tq_sql_diag_release(&d);
	ok(tq_sql_lex("a $b", 4, &t, &n, &d) < 0 && d.pos.col == 3, "stray $");
	tq_sql_diag_release(&d);
	ok(tq_sql_lex("99999999999999999999", 20, &t, &n, &d) < 0 &&
	   strstr(d.msg, "too large"), "overflow");
	tq_sql_diag_release(&d);
}

/* A column is a character: a UTF-8 string or comment before a token counts once per letter. */
static void test_utf8_columns(void)
{
	const char *sql = "a == \"\xc3\xa9t\xc3\xa9\" b /* \xe2\x82\xac */ c\n\"\xc3\xa9\" d";
	struct tq_sql_token *t;
	struct tq_sql_diag d = { 0 };
	size_t n;
	char *msg;

	ok(tq_sql_lex(sql, strlen(sql), &t, &n, &d) == 0, "lexes UTF-8 strings and comments");
	IS(t[3].pos.col, 12, "after a string of 3 letters (5 bytes)");
	IS(t[4].pos.col, 22, "after a comment holding a 3-byte letter");
	IS(t[6].pos.col, 5, "the next line counts from its start");
	tq_sql_tokens_free(t, n);

	d.pos = (struct tq_sql_pos){ .line = 1, .col = 99, .off = 9, .len = 3 };
	d.msg = strdup("here");
	msg = tq_sql_diag_format("x \"\xc3\xa9\xc3\xa9\" AND y", &d);
	is_str(msg, "line 1, column 8: here\n    x \"\xc3\xa9\xc3\xa9\" AND y\n           ^~~\n",
	       "the message's column and the caret count characters");
	free(msg);
	tq_sql_diag_release(&d);
}

int main(void)
{
	test_lexer();
	test_utf8_columns();
	parses("SELECT pid FROM sched_waking", "pid FROM sched_waking");
	parses("select common_pid.execname, id.syscall from raw_syscalls.sys_enter",
	       "common_pid.execname, id.syscall FROM raw_syscalls.sys_enter");
	parses("SELECT start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat "
	       "FROM sched_waking AS start JOIN sched_switch AS end ON start.pid = end.next_pid",
	       "start.pid, (end.TIMESTAMP_USECS - start.TIMESTAMP_USECS) AS lat FROM "
	       "sched_waking start JOIN sched_switch end ON (start.pid == end.next_pid)");
	parses("SELECT a.x p FROM e a JOIN f b ON a.x = b.y, a.z == b.w",
	       "a.x AS p FROM e a JOIN f b ON ((a.x == b.y) && (a.z == b.w))");
	parses("SELECT x FROM e WHERE a = 1 AND b = 2 OR c = 3",
	       "x FROM e WHERE (((a == 1) && (b == 2)) || (c == 3))");
	parses("SELECT x FROM e WHERE a = 1 && b = 2 || c = 3, NOT d ~ 'k*'",
	       "x FROM e WHERE ((((a == 1) && (b == 2)) || (c == 3)) && NOT (d ~ \"k*\"))");
	parses("SELECT x FROM e WHERE !(a < -5) && f & 4 && g IN (1, 2) && h NOT IN (-3)",
	       "x FROM e WHERE (((NOT (a < -5) && (f & 4)) && g IN (1, 2)) && h NOT IN (-3))");
	parses("SELECT x FROM e WHERE a BETWEEN 1 AND 5 OR b NOT BETWEEN -1 AND c + 1",
	       "x FROM e WHERE (((a >= 1) && (a <= 5)) || NOT ((b >= -1) && (b <= (c + 1))))");
	parses("SELECT a + b * 2 - c / 4 AS v FROM e",
	       "((a + (b * 2)) - (c / 4)) AS v FROM e");
	parses("SELECT CAST(x AS SYM-OFFSET), CAST(y AS BUCKETS=10), p.sym-offset, "
	       "lat.buckets=100 FROM e",
	       "CAST(x AS sym-offset), CAST(y AS BUCKETS=10), p.sym-offset, lat.buckets=100 "
	       "FROM e");
	parses("SELECT log2(lat), buckets(x, 100), count(*), sum(bytes) FROM e GROUP BY lat, x "
	       "ORDER BY count(*) DESC, x ASC LIMIT 10 SIZE 4096",
	       "log2(lat), buckets(x, 100), count(*), sum(bytes) FROM e GROUP BY lat, x "
	       "ORDER BY count(*) DESC, x LIMIT 10 SIZE 4096");
	parses("SELECT \\from, a.\\select, b.where FROM e",
	       "from, a.select, b.where FROM e");
	parses("SELECT x order FROM e", "x AS order FROM e");
	parses("CREATE EVENT w AS SELECT a.x FROM e a JOIN f b ON a.x = b.x; "
	       "SELECT x.log2, count(*) FROM w;",
	       "x.log2, count(*) FROM w");
	parses("SELECT a FROM x JOIN y ON x.a = y.a INNER JOIN z ON y.b = z.b",
	       "a FROM x JOIN y - ON (x.a == y.a) JOIN z - ON (y.b == z.b)");

	fails("SELECT FROM e", 1, 8, "expected a field to select");
	fails("SELECT x e", 1, 11, "expected FROM");
	fails("SELECT x\nFROM e\nWHERE a = ", 3, 10, "found end of input");
	fails("SELECT x FROM e WHERE a = 1 JOIN f ON a.b = f.b", 1, 29, "expected ';'");
	fails("SELECT * FROM e", 1, 8, "only allowed in count");
	fails("SELECT from FROM e", 1, 8, "expected a field");
	fails("SELECT x FROM a.b.c", 1, 18, "at most one");
	fails("SELECT x FROM e LIMIT x", 1, 23, "expected a row count");
	fails("SELECT CAST(x HEX) FROM e", 1, 15, "expected AS");
	fails("SELECT x FROM e WHERE a | b", 1, 25, "unexpected '|'");
	fails("", 1, 1, "empty query");
	fails("SELECT x FROM e WHERE a IN (1, 2", 1, 33, "expected ',' or ')'");
	fails("SELECT f(x FROM e", 1, 12, "',' or ')'");
	{
		/* deep nesting must be an error, not a stack overflow */
		char buf[4000];
		size_t n = 0;

		n += (size_t)sprintf(buf, "SELECT ");
		for (int i = 0; i < 1000; i++)
			buf[n++] = '(';
		buf[n] = '\0';
		fails(buf, 1, 0, "nested too deeply");
	}
	return done_testing();
}
