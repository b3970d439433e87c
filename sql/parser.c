// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Recursive-descent parser for tq's SQL (sql-dialect.md). Precedence, loosest first:
 * OR/||, AND/&&, NOT/!, comparisons (= == != < <= > >= & ~ IN), + -, * /, unary -.
 * WHERE also takes a top-level "," as AND, as the peer does. GROUP, ORDER, BY, LIMIT,
 * SIZE, ASC, DESC, EVENT and INNER are keywords only where they start a clause, so that
 * fields and labels with those names keep working.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql/ast.h"
#include "util/suggest.h"

#define MAX_DEPTH 1000
#define BUCKET_HINT "bucket sizes go up to 2147483647"

struct parser {
	const char *src;
	struct tq_sql_token *toks;
	size_t ntoks;
	size_t i;
	int depth;
	bool in_where;
	size_t label_tok;	/* index + 1 of the last token taken as a label without AS */
	struct tq_sql_diag *diag;
};

static const struct tq_sql_token *peek(const struct parser *p, size_t k)
{
	size_t j = p->i + k;

	return &p->toks[j < p->ntoks ? j : p->ntoks - 1];
}

static const struct tq_sql_token *cur(const struct parser *p)
{
	return peek(p, 0);
}

static const struct tq_sql_token *advance(struct parser *p)
{
	const struct tq_sql_token *t = cur(p);

	if (p->i + 1 < p->ntoks)
		p->i++;
	return t;
}

static bool accept(struct parser *p, enum tq_sql_tok_kind kind)
{
	if (cur(p)->kind != kind)
		return false;
	advance(p);
	return true;
}

static bool is_word(const struct tq_sql_token *t, const char *w)
{
	return t->kind == TQ_TK_WORD && !t->escaped && !strcasecmp(t->text, w);
}

/* How a token reads in a message: its own text, or a description of what it is. */
static void describe(const struct parser *p, const struct tq_sql_token *t, char *buf,
		     size_t size)
{
	if (t->kind == TQ_TK_EOF) {
		snprintf(buf, size, "end of input");
		return;
	}
	snprintf(buf, size, "'%.*s'", (int)(t->pos.len > 40 ? 40 : t->pos.len),
		 p->src + t->pos.off);
}

/* A clause keyword that word is a typo of ("FORM" for FROM), or NULL. */
static const char *near_keyword(const char *word)
{
	static const char *const words[] = {
		"from", "join", "where", "group", "order", "limit", "select", "inner",
	};
	char low[32];
	size_t n = strlen(word);

	if (n < 3 || n >= sizeof(low))
		return NULL;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)((word[i] >= 'A' && word[i] <= 'Z') ? word[i] - 'A' + 'a' : word[i]);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(low, words[i]))
			return NULL;
	return tq_suggest(low, words, sizeof(words) / sizeof(words[0]));
}

static int unexpected(struct parser *p, const char *expected, const char *hint)
{
	const struct tq_sql_token *t = cur(p);
	char what[64], fix[96];
	struct tq_sql_pos pos = t->pos;
	const char *kw;

	/* "SELECT pid FORM e": FORM was taken as a label; the typo is there, not here */
	if (p->label_tok && p->label_tok == p->i &&
	    (kw = near_keyword(p->toks[p->label_tok - 1].text))) {
		const struct tq_sql_token *l = &p->toks[p->label_tok - 1];
		char up[16];
		size_t k;

		for (k = 0; kw[k] && k + 1 < sizeof(up); k++)
			up[k] = (char)(kw[k] - 'a' + 'A');
		up[k] = '\0';
		snprintf(fix, sizeof(fix), "did you mean %s?", up);
		return tq_sql_error(p->diag, &l->pos, fix, "'%s' is read as a name here, which "
				    "leaves the rest of the query unreadable", l->text);
	}
	describe(p, t, what, sizeof(what));
	if (t->kind == TQ_TK_WORD && (kw = near_keyword(t->text))) {
		size_t k;

		snprintf(fix, sizeof(fix), "did you mean ");
		k = strlen(fix);
		for (size_t j = 0; kw[j] && k + 2 < sizeof(fix); j++)
			fix[k++] = (char)(kw[j] - 'a' + 'A');
		fix[k++] = '?';
		fix[k] = '\0';
		hint = fix;
	}
	if (t->kind >= TQ_TK_SELECT && t->kind <= TQ_TK_CREATE && !hint)
		hint = "a keyword used as a name is written with a backslash, as in \\from";
	/* at the end, point just past the last token: the line after it may be empty */
	if (t->kind == TQ_TK_EOF && p->i > 0) {
		const struct tq_sql_token *prev = &p->toks[p->i - 1];

		pos = prev->pos;
		pos.col += (unsigned)prev->pos.len;
		pos.off += prev->pos.len;
		pos.len = 1;
		if (memchr(p->src + prev->pos.off, '\n', prev->pos.len))
			pos = t->pos;	/* a string spanning lines: keep the plain end */
	}
	return tq_sql_error(p->diag, &pos, hint, "expected %s, found %s", expected, what);
}

static int expect(struct parser *p, enum tq_sql_tok_kind kind, const char *expected,
		  const char *hint)
{
	if (accept(p, kind))
		return 0;
	return unexpected(p, expected, hint);
}

static struct tq_sql_pos span(const struct parser *p, size_t first)
{
	struct tq_sql_pos pos = p->toks[first].pos;
	const struct tq_sql_token *last = &p->toks[p->i > first ? p->i - 1 : first];

	pos.len = last->pos.off + last->pos.len - pos.off;
	return pos;
}

static struct tq_sql_expr *new_expr(enum tq_sql_expr_kind kind)
{
	struct tq_sql_expr *e = calloc(1, sizeof(*e));

	if (e) {
		e->kind = kind;
		e->cast_arg = -1;
	}
	return e;
}

static int add_arg(struct tq_sql_expr *e, struct tq_sql_expr *arg)
{
	size_t n = e->nargs;

	/* the capacity doubles (4, 8, 16, ...): an IN list may have 100,000 values */
	if (n == 0 || (n >= 4 && !(n & (n - 1)))) {
		struct tq_sql_expr **na = realloc(e->args, (n ? 2 * n : 4) * sizeof(*na));

		if (!na)
			return -ENOMEM;
		e->args = na;
	}
	e->args[e->nargs++] = arg;
	return 0;
}

void tq_sql_expr_free(struct tq_sql_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nparts; i++)
		free(e->parts[i]);
	free(e->parts);
	free(e->part_pos);
	for (size_t i = 0; i < e->nargs; i++)
		tq_sql_expr_free(e->args[i]);
	free(e->args);
	free(e->str);
	free(e);
}

static int nomem(struct parser *p)
{
	tq_sql_error(p->diag, NULL, NULL, "out of memory");
	return -ENOMEM;
}

static struct tq_sql_expr *binary(enum tq_sql_op op, struct tq_sql_expr *l,
				  struct tq_sql_expr *r)
{
	struct tq_sql_expr *e = new_expr(TQ_EX_BINARY);

	if (!e || add_arg(e, l) || add_arg(e, r)) {
		if (e && e->nargs == 1)
			e->nargs = 0;	/* l is freed by the caller */
		free(e ? e->args : NULL);
		free(e);
		return NULL;
	}
	e->op = op;
	e->pos = l->pos;
	e->pos.len = r->pos.off + r->pos.len - l->pos.off;
	return e;
}

static int parse_expr(struct parser *p, struct tq_sql_expr **out);

/* A word that may name something: a plain or escaped word; after a dot any word. */
static bool name_token(const struct tq_sql_token *t, bool after_dot)
{
	if (t->kind == TQ_TK_WORD)
		return true;
	return after_dot && t->kind >= TQ_TK_SELECT && t->kind <= TQ_TK_CREATE;
}

static int add_part(struct tq_sql_expr *e, const char *text, const struct tq_sql_pos *pos)
{
	char **np = realloc(e->parts, (e->nparts + 1) * sizeof(*np));
	struct tq_sql_pos *pp;

	if (!np)
		return -ENOMEM;
	e->parts = np;
	pp = realloc(e->part_pos, (e->nparts + 1) * sizeof(*pp));
	if (!pp)
		return -ENOMEM;
	e->part_pos = pp;
	e->parts[e->nparts] = strdup(text);
	if (!e->parts[e->nparts])
		return -ENOMEM;
	e->part_pos[e->nparts++] = *pos;
	return 0;
}

static bool adjacent(const struct tq_sql_token *a, const struct tq_sql_token *b)
{
	return a->pos.off + a->pos.len == b->pos.off;
}

/* name {. name}, with the kernel's x.sym-offset and x.buckets=N spellings */
static int parse_name(struct parser *p, struct tq_sql_expr **out)
{
	size_t first = p->i;
	struct tq_sql_expr *e = new_expr(TQ_EX_NAME);
	const struct tq_sql_token *t;

	if (!e)
		return nomem(p);
	t = advance(p);
	if (add_part(e, t->text, &t->pos))
		goto nomem;
	while (cur(p)->kind == TQ_TK_DOT) {
		advance(p);
		t = cur(p);
		if (!name_token(t, true)) {
			tq_sql_expr_free(e);
			return unexpected(p, "a field or modifier name after '.'", NULL);
		}
		advance(p);
		if (add_part(e, t->text, &t->pos))
			goto nomem;
	}
	t = &p->toks[p->i - 1];
	if (e->nparts > 1 && !strcasecmp(t->text, "sym") && cur(p)->kind == TQ_TK_MINUS &&
	    adjacent(t, cur(p)) && is_word(peek(p, 1), "offset") && adjacent(cur(p), peek(p, 1))) {
		char *s = strdup("sym-offset");

		if (!s)
			goto nomem;
		free(e->parts[e->nparts - 1]);
		e->parts[e->nparts - 1] = s;
		advance(p);
		advance(p);
		e->part_pos[e->nparts - 1].len = p->toks[p->i - 1].pos.off +
			p->toks[p->i - 1].pos.len - e->part_pos[e->nparts - 1].off;
	}
	if (e->nparts > 1 && !p->in_where && !strcasecmp(t->text, "buckets") &&
	    cur(p)->kind == TQ_TK_ASSIGN && peek(p, 1)->kind == TQ_TK_NUMBER) {
		advance(p);
		if (cur(p)->num > 0x7fffffff) {
			tq_sql_expr_free(e);
			return tq_sql_error(p->diag, &cur(p)->pos, BUCKET_HINT, "bucket size too large");
		}
		e->cast_arg = (long)advance(p)->num;
	}
	e->pos = span(p, first);
	*out = e;
	return 0;
nomem:
	tq_sql_expr_free(e);
	return nomem(p);
}

static int parse_call(struct parser *p, struct tq_sql_expr *name, struct tq_sql_expr **out)
{
	struct tq_sql_expr *e = new_expr(TQ_EX_CALL);
	int ret;

	if (!e) {
		tq_sql_expr_free(name);
		return nomem(p);
	}
	if (name->nparts != 1) {
		ret = tq_sql_error(p->diag, &name->pos, "a function takes its field as an argument: "
				   "log2(s.x), not s.log2(x)",
				   "'%s' is not a function name", name->parts[name->nparts - 1]);
		tq_sql_expr_free(name);
		free(e);
		return ret;
	}
	e->str = name->parts[0];
	e->str_pos = name->part_pos[0];
	name->nparts = 0;
	tq_sql_expr_free(name);
	advance(p);	/* ( */
	if (cur(p)->kind == TQ_TK_STAR) {
		struct tq_sql_expr *star = new_expr(TQ_EX_STAR);

		if (!star || add_arg(e, star)) {
			free(star);
			tq_sql_expr_free(e);
			return nomem(p);
		}
		star->pos = advance(p)->pos;
	} else if (cur(p)->kind != TQ_TK_RPAREN) {
		for (;;) {
			struct tq_sql_expr *arg;

			ret = parse_expr(p, &arg);
			if (ret) {
				tq_sql_expr_free(e);
				return ret;
			}
			if (add_arg(e, arg)) {
				tq_sql_expr_free(arg);
				tq_sql_expr_free(e);
				return nomem(p);
			}
			if (!accept(p, TQ_TK_COMMA))
				break;
		}
	}
	if (cur(p)->kind != TQ_TK_RPAREN) {
		tq_sql_expr_free(e);
		return unexpected(p, "',' or ')' in the argument list", NULL);
	}
	advance(p);
	e->pos = e->str_pos;
	e->pos.len = p->toks[p->i - 1].pos.off + p->toks[p->i - 1].pos.len - e->pos.off;
	*out = e;
	return 0;
}

/* CAST ( expr AS type ), type being a word, SYM-OFFSET or BUCKETS=N */
static int parse_cast(struct parser *p, struct tq_sql_expr **out)
{
	size_t first = p->i;
	struct tq_sql_expr *e = new_expr(TQ_EX_CAST), *arg;
	const struct tq_sql_token *t;
	int ret;

	if (!e)
		return nomem(p);
	advance(p);
	ret = expect(p, TQ_TK_LPAREN, "'(' after CAST", "write CAST(field AS TYPE)");
	if (!ret)
		ret = parse_expr(p, &arg);
	if (ret) {
		free(e);
		return ret;
	}
	if (add_arg(e, arg)) {
		tq_sql_expr_free(arg);
		free(e);
		return nomem(p);
	}
	ret = expect(p, TQ_TK_AS, "AS in CAST", "write CAST(field AS TYPE), e.g. CAST(pid AS HEX)");
	if (ret)
		goto fail;
	t = cur(p);
	if (!name_token(t, true)) {
		ret = unexpected(p, "a type name (HEX, SYM, SYM-OFFSET, SYSCALL, EXECNAME, "
				 "LOG2, BUCKETS=N, _COUNTER_, ...)", NULL);
		goto fail;
	}
	advance(p);
	e->str_pos = t->pos;
	if (!strcasecmp(t->text, "sym") && cur(p)->kind == TQ_TK_MINUS &&
	    is_word(peek(p, 1), "offset")) {
		advance(p);
		advance(p);
		e->str = strdup("sym-offset");
		e->str_pos = span(p, p->i - 3);
	} else {
		e->str = strdup(t->text);
	}
	if (!e->str) {
		ret = nomem(p);
		goto fail;
	}
	if (cur(p)->kind == TQ_TK_ASSIGN) {
		advance(p);
		if (cur(p)->kind != TQ_TK_NUMBER) {
			ret = unexpected(p, "a number after '='", "write BUCKETS=100");
			goto fail;
		}
		if (cur(p)->num > 0x7fffffff) {
			ret = tq_sql_error(p->diag, &cur(p)->pos, BUCKET_HINT, "bucket size too large");
			goto fail;
		}
		e->cast_arg = (long)advance(p)->num;
	}
	ret = expect(p, TQ_TK_RPAREN, "')' to close CAST", NULL);
	if (ret)
		goto fail;
	e->pos = span(p, first);
	*out = e;
	return 0;
fail:
	tq_sql_expr_free(e);
	return ret;
}

/* sum(x).percent: a modifier goes on a name, so say how to write it around the call */
static int no_modifier_after(struct parser *p, struct tq_sql_expr **out)
{
	const struct tq_sql_token *m = peek(p, 1);
	const struct tq_sql_expr *e = *out;
	char hint[160];
	int ret;

	if (cur(p)->kind != TQ_TK_DOT || !name_token(m, true))
		return 0;
	snprintf(hint, sizeof(hint), "write the modifier as a function around it: %s(%.*s)",
		 m->text, (int)(e->pos.len > 100 ? 100 : e->pos.len), p->src + e->pos.off);
	ret = tq_sql_error(p->diag, &m->pos, hint, "a modifier cannot follow '%s(...)'",
			   e->kind == TQ_EX_CAST ? "CAST" : e->str);
	tq_sql_expr_free(*out);
	*out = NULL;
	return ret;
}

static int parse_primary(struct parser *p, struct tq_sql_expr **out)
{
	const struct tq_sql_token *t = cur(p);
	struct tq_sql_expr *e;
	size_t first = p->i;
	int ret;

	switch (t->kind) {
	case TQ_TK_NUMBER:
		e = new_expr(TQ_EX_NUMBER);
		if (!e)
			return nomem(p);
		/* u64 fields take the whole range; the analyzer checks against the field */
		e->num = (int64_t)t->num;
		e->is_u64 = t->num > INT64_MAX;
		e->pos = advance(p)->pos;
		*out = e;
		return 0;
	case TQ_TK_STRING:
		e = new_expr(TQ_EX_STRING);
		if (!e || !(e->str = strdup(t->text))) {
			free(e);
			return nomem(p);
		}
		e->pos = advance(p)->pos;
		*out = e;
		return 0;
	case TQ_TK_LPAREN:
		advance(p);
		ret = parse_expr(p, &e);
		if (ret)
			return ret;
		if (cur(p)->kind != TQ_TK_RPAREN) {
			tq_sql_expr_free(e);
			return unexpected(p, "')'", NULL);
		}
		advance(p);
		e->parens = true;
		e->pos = span(p, first);
		*out = e;
		return 0;
	case TQ_TK_CAST:
		ret = parse_cast(p, out);
		return ret ? ret : no_modifier_after(p, out);
	case TQ_TK_WORD:
		ret = parse_name(p, &e);
		if (ret)
			return ret;
		if (cur(p)->kind == TQ_TK_LPAREN) {
			ret = parse_call(p, e, out);
			return ret ? ret : no_modifier_after(p, out);
		}
		*out = e;
		return 0;
	case TQ_TK_STAR:
		return tq_sql_error(p->diag, &t->pos, "select the fields you want by name, or "
				    "count(*) for the number of hits",
				    "'*' is only allowed in count(*)");
	default:
		return unexpected(p, "a field, number or string", t->kind == TQ_TK_EOF ?
				  "the query ends in the middle of an expression: complete it, "
				  "as in prio < 100" : NULL);
	}
}

static int parse_unary(struct parser *p, struct tq_sql_expr **out)
{
	size_t first = p->i;
	struct tq_sql_expr *e, *arg;
	int ret;

	if (cur(p)->kind != TQ_TK_MINUS)
		return parse_primary(p, out);
	if (++p->depth > MAX_DEPTH)
		return tq_sql_error(p->diag, &cur(p)->pos, "simplify the expression",
				    "expression nested too deeply");
	advance(p);
	if (cur(p)->kind == TQ_TK_NUMBER) {
		const struct tq_sql_token *t = advance(p);

		p->depth--;
		if (t->num > (uint64_t)INT64_MAX + 1)
			return tq_sql_error(p->diag, &t->pos, "the smallest number is -9223372036854775808",
					    "number too small");
		e = new_expr(TQ_EX_NUMBER);
		if (!e)
			return nomem(p);
		e->num = (int64_t)(0 - t->num);
		e->negative = t->num != 0;
		e->pos = span(p, first);
		*out = e;
		return 0;
	}
	ret = parse_unary(p, &arg);
	p->depth--;
	if (ret)
		return ret;
	e = new_expr(TQ_EX_NEG);
	if (!e || add_arg(e, arg)) {
		free(e);
		tq_sql_expr_free(arg);
		return nomem(p);
	}
	e->pos = span(p, first);
	*out = e;
	return 0;
}

static enum tq_sql_op tok_op(enum tq_sql_tok_kind k, int level)
{
	switch (level) {
	case 0:
		return k == TQ_TK_STAR ? TQ_OP_MUL : k == TQ_TK_SLASH ? TQ_OP_DIV : TQ_OP_NONE;
	case 1:
		return k == TQ_TK_PLUS ? TQ_OP_ADD : k == TQ_TK_MINUS ? TQ_OP_SUB : TQ_OP_NONE;
	case 2:
		switch (k) {
		case TQ_TK_ASSIGN: case TQ_TK_EQ: return TQ_OP_EQ;
		case TQ_TK_NE: return TQ_OP_NE;
		case TQ_TK_LT: return TQ_OP_LT;
		case TQ_TK_LE: return TQ_OP_LE;
		case TQ_TK_GT: return TQ_OP_GT;
		case TQ_TK_GE: return TQ_OP_GE;
		case TQ_TK_AMP: return TQ_OP_BAND;
		case TQ_TK_TILDE: return TQ_OP_GLOB;
		default: return TQ_OP_NONE;
		}
	case 4:
		return k == TQ_TK_AND || k == TQ_TK_ANDAND ? TQ_OP_AND : TQ_OP_NONE;
	case 5:
		return k == TQ_TK_OR || k == TQ_TK_OROR ? TQ_OP_OR : TQ_OP_NONE;
	}
	return TQ_OP_NONE;
}

static int parse_level(struct parser *p, int level, struct tq_sql_expr **out);

static int parse_in(struct parser *p, struct tq_sql_expr *lhs, bool negate,
		    struct tq_sql_expr **out)
{
	struct tq_sql_expr *e = new_expr(TQ_EX_IN);
	int ret;

	if (!e || add_arg(e, lhs)) {
		free(e);
		tq_sql_expr_free(lhs);
		return nomem(p);
	}
	e->negate = negate;
	ret = expect(p, TQ_TK_LPAREN, "'(' after IN", "write x IN (1, 2, 3)");
	while (!ret) {
		struct tq_sql_expr *v;

		ret = parse_unary(p, &v);
		if (ret)
			break;
		if (add_arg(e, v)) {
			tq_sql_expr_free(v);
			ret = nomem(p);
			break;
		}
		if (accept(p, TQ_TK_RPAREN))
			break;
		ret = expect(p, TQ_TK_COMMA, "',' or ')' in the IN list", NULL);
	}
	if (ret) {
		tq_sql_expr_free(e);
		return ret;
	}
	e->pos = lhs->pos;
	e->pos.len = p->toks[p->i - 1].pos.off + p->toks[p->i - 1].pos.len - lhs->pos.off;
	*out = e;
	return 0;
}

/* A deep copy (NULL on ENOMEM). */
static struct tq_sql_expr *expr_copy(const struct tq_sql_expr *e)
{
	struct tq_sql_expr *c = new_expr(e->kind);

	if (!c)
		return NULL;
	*c = *e;
	c->parts = NULL;
	c->part_pos = NULL;
	c->nparts = 0;
	c->args = NULL;
	c->nargs = 0;
	c->str = NULL;
	for (size_t i = 0; i < e->nparts; i++)
		if (add_part(c, e->parts[i], &e->part_pos[i]))
			goto fail;
	if (e->str && !(c->str = strdup(e->str)))
		goto fail;
	for (size_t i = 0; i < e->nargs; i++) {
		struct tq_sql_expr *a = expr_copy(e->args[i]);

		if (!a || add_arg(c, a)) {
			tq_sql_expr_free(a);
			goto fail;
		}
	}
	return c;
fail:
	tq_sql_expr_free(c);
	return NULL;
}

/* x [NOT] BETWEEN a AND b: (x >= a AND x <= b), or its negation */
static int parse_between(struct parser *p, struct tq_sql_expr *lhs, struct tq_sql_expr **out)
{
	bool neg = cur(p)->kind == TQ_TK_NOT;
	struct tq_sql_expr *lo = NULL, *hi = NULL, *lcopy, *ge = NULL, *le = NULL, *both;
	int ret;

	if (neg)
		advance(p);
	advance(p);
	ret = parse_level(p, 1, &lo);
	if (!ret)
		ret = expect(p, TQ_TK_AND, "AND in BETWEEN", "write x BETWEEN 1 AND 10");
	if (!ret)
		ret = parse_level(p, 1, &hi);
	if (ret) {
		tq_sql_expr_free(lo);
		tq_sql_expr_free(lhs);
		return ret;
	}
	/* the field is compared twice: the second comparison gets a copy */
	lcopy = expr_copy(lhs);
	if (lcopy)
		ge = binary(TQ_OP_GE, lhs, lo);
	if (ge)
		le = binary(TQ_OP_LE, lcopy, hi);
	both = le ? binary(TQ_OP_AND, ge, le) : NULL;
	if (!both) {
		if (le) {
			tq_sql_expr_free(le);
		} else {
			tq_sql_expr_free(lcopy);
			tq_sql_expr_free(hi);
		}
		if (ge)
			tq_sql_expr_free(ge);
		else {
			tq_sql_expr_free(lhs);
			tq_sql_expr_free(lo);
		}
		return nomem(p);
	}
	both->parens = true;
	if (neg) {
		struct tq_sql_expr *n = new_expr(TQ_EX_NOT);

		if (!n || add_arg(n, both)) {
			free(n);
			tq_sql_expr_free(both);
			return nomem(p);
		}
		n->pos = both->pos;
		both = n;
	}
	*out = both;
	return 0;
}

/* level 3 is NOT; the others are binary and left-associative */
static int parse_level(struct parser *p, int level, struct tq_sql_expr **out)
{
	struct tq_sql_expr *l = NULL, *r, *e;
	int ret;

	if (level < 0)
		return parse_unary(p, out);
	if (++p->depth > MAX_DEPTH) {
		p->depth--;
		return tq_sql_error(p->diag, &cur(p)->pos, "simplify the expression",
				    "expression nested too deeply");
	}
	if (level == 3) {
		size_t first = p->i;

		if (cur(p)->kind != TQ_TK_NOT && cur(p)->kind != TQ_TK_BANG) {
			ret = parse_level(p, 2, out);
			p->depth--;
			return ret;
		}
		advance(p);
		ret = parse_level(p, 3, &l);
		p->depth--;
		if (ret)
			return ret;
		e = new_expr(TQ_EX_NOT);
		if (!e || add_arg(e, l)) {
			free(e);
			tq_sql_expr_free(l);
			return nomem(p);
		}
		e->pos = span(p, first);
		*out = e;
		return 0;
	}
	ret = parse_level(p, level - 1, &l);
	while (!ret) {
		enum tq_sql_op op = tok_op(cur(p)->kind, level);

		if (level == 2 && (is_word(cur(p), "between") ||
				   (cur(p)->kind == TQ_TK_NOT && is_word(peek(p, 1), "between")))) {
			ret = parse_between(p, l, &l);
			if (ret)
				l = NULL;
			break;
		}
		if (level == 2 && (cur(p)->kind == TQ_TK_IN ||
				   (cur(p)->kind == TQ_TK_NOT && peek(p, 1)->kind == TQ_TK_IN))) {
			bool neg = cur(p)->kind == TQ_TK_NOT;

			advance(p);
			if (neg)
				advance(p);
			ret = parse_in(p, l, neg, &l);
			if (ret)
				l = NULL;
			break;
		}
		if (op == TQ_OP_NONE)
			break;
		advance(p);
		ret = parse_level(p, level - 1, &r);
		if (ret)
			break;
		e = binary(op, l, r);
		if (!e) {
			tq_sql_expr_free(r);
			ret = nomem(p);
			break;
		}
		l = e;
		/* a < b < c means nothing in a filter */
		if (level == 2)
			break;
	}
	p->depth--;
	if (ret) {
		tq_sql_expr_free(l);
		return ret;
	}
	*out = l;
	return 0;
}

static int parse_expr(struct parser *p, struct tq_sql_expr **out)
{
	return parse_level(p, 5, out);
}

/* Could this word be a label, or does it start the next clause? */
static bool label_ok(const struct parser *p, bool after_as)
{
	const struct tq_sql_token *t = cur(p), *n = peek(p, 1);

	if (t->kind != TQ_TK_WORD)
		return false;
	if (t->escaped || after_as)
		return true;
	if ((is_word(t, "group") || is_word(t, "order")) && is_word(n, "by"))
		return false;
	if (is_word(t, "limit") || is_word(t, "size")) {
		/*
		 * A label only where nothing but a list separator or a clause could follow;
		 * at the end of a statement it is the clause with its number missing.
		 */
		switch (n->kind) {
		case TQ_TK_COMMA: case TQ_TK_FROM: case TQ_TK_JOIN: case TQ_TK_ON:
		case TQ_TK_WHERE:
			return true;
		default:
			return false;
		}
	}
	if ((is_word(t, "inner") || is_word(t, "left") || is_word(t, "right") ||
	     is_word(t, "full") || is_word(t, "outer") || is_word(t, "cross") ||
	     is_word(t, "natural")) && (n->kind == TQ_TK_JOIN || is_word(n, "outer")))
		return false;
	return true;
}

static int parse_label(struct parser *p, char **label, struct tq_sql_pos *pos)
{
	bool as = accept(p, TQ_TK_AS);

	if (!label_ok(p, as)) {
		if (as)
			return unexpected(p, "a name after AS", NULL);
		return 0;
	}
	*pos = cur(p)->pos;
	if (!as)
		p->label_tok = p->i + 1;
	*label = strdup(advance(p)->text);
	if (!*label)
		return nomem(p);
	/* "AS lat.log2": the modifier belongs to the value, not to its name */
	if (as && cur(p)->kind == TQ_TK_DOT && name_token(peek(p, 1), true)) {
		const char *mod = peek(p, 1)->text;
		struct tq_sql_pos at = cur(p)->pos;
		char hint[256];

		at.len = peek(p, 1)->pos.off + peek(p, 1)->pos.len - at.off;
		snprintf(hint, sizeof(hint), "put it on the value: %.32s(...) AS %.32s, or "
			 "field.%.32s AS %.32s", mod, *label, mod, *label);
		return tq_sql_error(p->diag, &at, hint, "a name after AS takes no '.%s'", mod);
	}
	return 0;
}

static int parse_evref(struct parser *p, struct tq_sql_evref *ev)
{
	const struct tq_sql_token *a = cur(p), *b;
	size_t first = p->i;

	if (a->kind == TQ_TK_LPAREN && peek(p, 1)->kind == TQ_TK_SELECT)
		return tq_sql_error(p->diag, &a->pos, "name the inner query first: CREATE EVENT "
				    "name AS SELECT ...; then SELECT ... FROM name",
				    "tq has no subqueries in FROM");
	if (!name_token(a, false))
		return unexpected(p, "an event name", "write the event as system.event or "
				  "event, as in FROM sched.sched_switch");
	advance(p);
	if (cur(p)->kind == TQ_TK_DOT) {
		advance(p);
		b = cur(p);
		if (!name_token(b, true))
			return unexpected(p, "an event name after 'system.'", NULL);
		advance(p);
		ev->sys = strdup(a->text);
		ev->name = strdup(b->text);
		if (!ev->sys)
			return nomem(p);
		if (cur(p)->kind == TQ_TK_DOT)
			return tq_sql_error(p->diag, &cur(p)->pos, "write system.event or event",
					    "an event name has at most one '.'");
	} else {
		ev->name = strdup(a->text);
	}
	ev->pos = span(p, first);
	if (!ev->name)
		return nomem(p);
	return parse_label(p, &ev->alias, &ev->alias_pos);
}

static int parse_list(struct parser *p, struct tq_sql_expr ***list, size_t *n)
{
	for (;;) {
		struct tq_sql_expr *e, **nl;
		int ret = parse_expr(p, &e);

		if (ret)
			return ret;
		nl = realloc(*list, (*n + 1) * sizeof(*nl));
		if (!nl) {
			tq_sql_expr_free(e);
			return nomem(p);
		}
		*list = nl;
		(*list)[(*n)++] = e;
		if (!accept(p, TQ_TK_COMMA))
			return 0;
	}
}

static int parse_items(struct parser *p, struct tq_sql_select *s)
{
	for (;;) {
		struct tq_sql_item *ni = realloc(s->items, (s->nitems + 1) * sizeof(*ni));
		struct tq_sql_item *it;
		int ret;

		if (!ni)
			return nomem(p);
		s->items = ni;
		it = &s->items[s->nitems];
		memset(it, 0, sizeof(*it));
		if (cur(p)->kind == TQ_TK_FROM && peek(p, 1)->kind == TQ_TK_FROM)
			return unexpected(p, "a field to select", "to select a field named from, "
					  "write it with a backslash: SELECT \\from FROM ...");
		if (cur(p)->kind == TQ_TK_FROM)
			return unexpected(p, "a field to select", "list what to select before FROM");
		if (!s->nitems && is_word(cur(p), "distinct") &&
		    (peek(p, 1)->kind == TQ_TK_WORD || peek(p, 1)->kind == TQ_TK_LPAREN))
			return tq_sql_error(p->diag, &cur(p)->pos, "drop DISTINCT: the rows of a "
					    "histogram are its distinct keys already (add GROUP BY "
					    "and count(*) to count them)", "tq has no DISTINCT");
		ret = parse_expr(p, &it->expr);
		if (ret)
			return ret;
		s->nitems++;
		ret = parse_label(p, &it->label, &it->label_pos);
		if (ret)
			return ret;
		if (!accept(p, TQ_TK_COMMA))
			return 0;
	}
}

/* ON a.x = b.x [AND|&&|, a.y = b.y ...]: the analyzer checks it is only equalities */
static int parse_on(struct parser *p, struct tq_sql_expr **out)
{
	struct tq_sql_expr *e = NULL, *r, *b;
	int ret = parse_expr(p, &e);

	while (!ret && cur(p)->kind == TQ_TK_COMMA) {
		advance(p);
		ret = parse_expr(p, &r);
		if (ret)
			break;
		b = binary(TQ_OP_AND, e, r);
		if (!b) {
			tq_sql_expr_free(r);
			ret = nomem(p);
			break;
		}
		e = b;
	}
	if (ret) {
		tq_sql_expr_free(e);
		return ret;
	}
	*out = e;
	return 0;
}

static int parse_number_clause(struct parser *p, long long *val, struct tq_sql_pos *pos,
			       const char *what, const char *hint)
{
	*pos = cur(p)->pos;
	advance(p);
	accept(p, TQ_TK_ASSIGN);
	if (cur(p)->kind != TQ_TK_NUMBER)
		return unexpected(p, what, hint);
	if (cur(p)->num > 0x7fffffff)
		return tq_sql_error(p->diag, &cur(p)->pos, "LIMIT and SIZE go up to 2147483647",
				    "number too large here");
	*val = (long long)advance(p)->num;
	pos->len = p->toks[p->i - 1].pos.off + p->toks[p->i - 1].pos.len - pos->off;
	return 0;
}

static int parse_select(struct parser *p, struct tq_sql_select *s)
{
	int ret;

	s->limit = -1;
	s->size = -1;
	s->pos = cur(p)->pos;
	ret = expect(p, TQ_TK_SELECT, "SELECT", "a query reads SELECT fields FROM event");
	if (!ret)
		ret = parse_items(p, s);
	if (!ret)
		ret = expect(p, TQ_TK_FROM, "FROM or ',' after the selected fields",
			     "a query reads SELECT fields FROM event");
	if (!ret)
		ret = parse_evref(p, &s->from);
	if (!ret && cur(p)->kind == TQ_TK_COMMA)
		return unexpected(p, "JOIN, WHERE or the end of the query", "name one event after "
				  "FROM, and join the others with JOIN event ON a.field = b.field");
	while (!ret && (cur(p)->kind == TQ_TK_JOIN || is_word(cur(p), "inner"))) {
		struct tq_sql_join *nj = realloc(s->joins, (s->njoins + 1) * sizeof(*nj));
		struct tq_sql_join *j;

		if (!nj)
			return nomem(p);
		s->joins = nj;
		j = &s->joins[s->njoins++];
		memset(j, 0, sizeof(*j));
		if (is_word(cur(p), "inner"))
			advance(p);
		j->pos = advance(p)->pos;
		ret = parse_evref(p, &j->ev);
		if (!ret && is_word(cur(p), "using"))
			return unexpected(p, "ON after the joined event", "tq has no USING: write "
					  "ON a.field = b.field");
		if (!ret)
			ret = expect(p, TQ_TK_ON, "ON after the joined event",
				     "write JOIN event ON a.field = b.field");
		if (!ret)
			ret = parse_on(p, &j->on);
	}
	if (!ret && accept(p, TQ_TK_WHERE)) {
		p->in_where = true;
		ret = parse_on(p, &s->where);
		p->in_where = false;
	}
	if (!ret && is_word(cur(p), "group") && is_word(peek(p, 1), "by")) {
		s->group_pos = cur(p)->pos;
		advance(p);
		advance(p);
		ret = parse_list(p, &s->group, &s->ngroup);
	}
	if (!ret && is_word(cur(p), "order") && is_word(peek(p, 1), "by")) {
		s->order_pos = cur(p)->pos;
		advance(p);
		advance(p);
		for (;;) {
			struct tq_sql_order *no = realloc(s->order, (s->norder + 1) * sizeof(*no));

			if (!no)
				return nomem(p);
			s->order = no;
			memset(&s->order[s->norder], 0, sizeof(*no));
			ret = parse_expr(p, &s->order[s->norder].expr);
			if (ret)
				break;
			if (is_word(cur(p), "desc") || is_word(cur(p), "descending")) {
				advance(p);
				s->order[s->norder].desc = true;
			} else if (is_word(cur(p), "asc") || is_word(cur(p), "ascending")) {
				advance(p);
			}
			s->norder++;
			if (!accept(p, TQ_TK_COMMA))
				break;
		}
	}
	if (!ret && is_word(cur(p), "limit"))
		ret = parse_number_clause(p, &s->limit, &s->limit_pos, "a row count after LIMIT",
					  "LIMIT takes the number of rows to show, as in LIMIT 10");
	if (!ret && is_word(cur(p), "size"))
		ret = parse_number_clause(p, &s->size, &s->size_pos, "a table size after SIZE",
					  "SIZE takes the number of entries of the kernel's table, "
					  "as in SIZE 4096");
	return ret;
}

static void select_release(struct tq_sql_select *s)
{
	for (size_t i = 0; i < s->nitems; i++) {
		tq_sql_expr_free(s->items[i].expr);
		free(s->items[i].label);
	}
	free(s->items);
	free(s->from.sys);
	free(s->from.name);
	free(s->from.alias);
	for (size_t i = 0; i < s->njoins; i++) {
		free(s->joins[i].ev.sys);
		free(s->joins[i].ev.name);
		free(s->joins[i].ev.alias);
		tq_sql_expr_free(s->joins[i].on);
	}
	free(s->joins);
	tq_sql_expr_free(s->where);
	for (size_t i = 0; i < s->ngroup; i++)
		tq_sql_expr_free(s->group[i]);
	free(s->group);
	for (size_t i = 0; i < s->norder; i++)
		tq_sql_expr_free(s->order[i].expr);
	free(s->order);
}

void tq_sql_script_release(struct tq_sql_script *script)
{
	for (size_t i = 0; i < script->nstmts; i++) {
		free(script->stmts[i].create);
		select_release(&script->stmts[i].sel);
	}
	free(script->stmts);
	script->stmts = NULL;
	script->nstmts = 0;
}

static int parse_stmt(struct parser *p, struct tq_sql_stmt *st)
{
	size_t first = p->i;
	int ret;

	if (cur(p)->kind == TQ_TK_CREATE) {
		advance(p);
		if (!is_word(cur(p), "event"))
			return unexpected(p, "EVENT after CREATE",
					  "write CREATE EVENT name AS SELECT ...");
		advance(p);
		if (cur(p)->kind != TQ_TK_WORD)
			return unexpected(p, "the name of the new event", NULL);
		st->create_pos = cur(p)->pos;
		st->create = strdup(advance(p)->text);
		if (!st->create)
			return nomem(p);
		if (expect(p, TQ_TK_AS, "AS after the event name",
			   "write CREATE EVENT name AS SELECT ..."))
			return -EINVAL;
	}
	ret = parse_select(p, &st->sel);
	st->span = span(p, first);
	return ret;
}

static const char *clause_hint(const struct parser *p)
{
	const struct tq_sql_token *t = cur(p);

	if (t->kind == TQ_TK_JOIN)
		return "JOIN comes right after FROM, before WHERE";
	if (t->kind == TQ_TK_WHERE)
		return "the clauses go in the order FROM, JOIN, WHERE, GROUP BY, ORDER BY, LIMIT, "
		       "SIZE";
	if (is_word(t, "group") || is_word(t, "order") || is_word(t, "limit") ||
	    is_word(t, "size"))
		return "the clauses go in the order FROM, JOIN, WHERE, GROUP BY, ORDER BY, LIMIT, "
		       "SIZE";
	if ((is_word(t, "left") || is_word(t, "right") || is_word(t, "full") ||
	     is_word(t, "outer") || is_word(t, "cross") || is_word(t, "natural")) &&
	    (peek(p, 1)->kind == TQ_TK_JOIN || is_word(peek(p, 1), "outer")))
		return "tq's JOIN pairs each end event with the start event before it (an inner "
		       "join): write JOIN ... ON";
	if (t->kind >= TQ_TK_ASSIGN && t->kind <= TQ_TK_GE)
		return "a condition has one comparison: 'x & 1' tests bits by itself, and "
		       "a < x < b is written x > a AND x < b";
	if (is_word(t, "having"))
		return "tq has no HAVING: filter the events with WHERE, or show the top rows with "
		       "ORDER BY ... DESC LIMIT n";
	if (t->kind == TQ_TK_SELECT)
		return "separate statements with ';'";
	return NULL;
}

int tq_sql_parse(const char *src, size_t len, struct tq_sql_script *script,
		 struct tq_sql_diag *diag)
{
	struct parser p = { .src = src, .diag = diag };
	int ret;

	memset(script, 0, sizeof(*script));
	ret = tq_sql_lex(src, len, &p.toks, &p.ntoks, diag);
	if (ret)
		return ret;
	while (!ret) {
		struct tq_sql_stmt *ns;

		while (accept(&p, TQ_TK_SEMI))
			;
		if (cur(&p)->kind == TQ_TK_EOF)
			break;
		ns = realloc(script->stmts, (script->nstmts + 1) * sizeof(*ns));
		if (!ns) {
			ret = nomem(&p);
			break;
		}
		script->stmts = ns;
		memset(&ns[script->nstmts], 0, sizeof(*ns));
		ret = parse_stmt(&p, &ns[script->nstmts]);
		script->nstmts++;
		if (ret)
			break;
		if (cur(&p)->kind != TQ_TK_SEMI && cur(&p)->kind != TQ_TK_EOF)
			ret = unexpected(&p, "';' or the end of the query", clause_hint(&p));
	}
	if (!ret && !script->nstmts)
		ret = tq_sql_error(diag, &cur(&p)->pos, "write SELECT fields FROM event",
				   "empty query");
	tq_sql_tokens_free(p.toks, p.ntoks);
	if (ret)
		tq_sql_script_release(script);
	return ret;
}

const char *tq_sql_op_text(enum tq_sql_op op)
{
	switch (op) {
	case TQ_OP_ADD: return "+";
	case TQ_OP_SUB: return "-";
	case TQ_OP_MUL: return "*";
	case TQ_OP_DIV: return "/";
	case TQ_OP_EQ: return "==";
	case TQ_OP_NE: return "!=";
	case TQ_OP_LT: return "<";
	case TQ_OP_LE: return "<=";
	case TQ_OP_GT: return ">";
	case TQ_OP_GE: return ">=";
	case TQ_OP_BAND: return "&";
	case TQ_OP_GLOB: return "~";
	case TQ_OP_AND: return "&&";
	case TQ_OP_OR: return "||";
	case TQ_OP_NONE: break;
	}
	return "?";
}

static void text_append(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_append(char **s, const char *fmt, ...)
{
	char *add, *n;
	va_list ap;

	if (!*s)
		return;
	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		add = NULL;
	va_end(ap);
	if (!add || asprintf(&n, "%s%s", *s, add) < 0)
		n = NULL;
	free(add);
	free(*s);
	*s = n;
}

static void expr_text(char **s, const struct tq_sql_expr *e)
{
	switch (e->kind) {
	case TQ_EX_NAME:
		for (size_t i = 0; i < e->nparts; i++)
			text_append(s, "%s%s", i ? "." : "", e->parts[i]);
		if (e->cast_arg >= 0)
			text_append(s, "=%ld", e->cast_arg);
		break;
	case TQ_EX_NUMBER:
		if (e->is_u64)
			text_append(s, "%llu", (unsigned long long)(uint64_t)e->num);
		else
			text_append(s, "%lld", (long long)e->num);
		break;
	case TQ_EX_STRING:
		text_append(s, "\"%s\"", e->str);
		break;
	case TQ_EX_STAR:
		text_append(s, "*");
		break;
	case TQ_EX_CALL:
		text_append(s, "%s(", e->str);
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				text_append(s, ", ");
			expr_text(s, e->args[i]);
		}
		text_append(s, ")");
		break;
	case TQ_EX_CAST:
		text_append(s, "CAST(");
		expr_text(s, e->args[0]);
		text_append(s, " AS %s", e->str);
		if (e->cast_arg >= 0)
			text_append(s, "=%ld", e->cast_arg);
		text_append(s, ")");
		break;
	case TQ_EX_BINARY:
		text_append(s, "(");
		expr_text(s, e->args[0]);
		text_append(s, " %s ", tq_sql_op_text(e->op));
		expr_text(s, e->args[1]);
		text_append(s, ")");
		break;
	case TQ_EX_NOT:
		text_append(s, "NOT ");
		expr_text(s, e->args[0]);
		break;
	case TQ_EX_NEG:
		text_append(s, "-");
		expr_text(s, e->args[0]);
		break;
	case TQ_EX_IN:
		expr_text(s, e->args[0]);
		text_append(s, "%s IN (", e->negate ? " NOT" : "");
		for (size_t i = 1; i < e->nargs; i++) {
			if (i > 1)
				text_append(s, ", ");
			expr_text(s, e->args[i]);
		}
		text_append(s, ")");
		break;
	}
}

char *tq_sql_expr_text(const struct tq_sql_expr *e)
{
	char *s = strdup("");

	expr_text(&s, e);
	return s;
}
