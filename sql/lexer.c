// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SQL lexer: one pass over the text with a character-class table and a switch, in
 * the manner of SQLite's tokenizer. Every token keeps its line, column, offset and length
 * so that any later error can point at it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql/ast.h"

enum cc {
	CC_OTHER,	/* not valid in a query */
	CC_SPACE,
	CC_NEWLINE,
	CC_ALPHA,	/* letters and _ */
	CC_DIGIT,
	CC_QUOTE,	/* ' and " */
	CC_BACKSLASH,
	CC_PUNCT,	/* single-character tokens and the starts of two-character ones */
	CC_HIGH,	/* bytes >= 0x80: only valid inside strings and comments */
};

static const unsigned char char_class[256] = {
	['\t'] = CC_SPACE, [' '] = CC_SPACE, ['\r'] = CC_SPACE, ['\f'] = CC_SPACE,
	['\v'] = CC_SPACE, ['\n'] = CC_NEWLINE,
	['_'] = CC_ALPHA,
	['a' ... 'z'] = CC_ALPHA, ['A' ... 'Z'] = CC_ALPHA,
	['0' ... '9'] = CC_DIGIT,
	['\''] = CC_QUOTE, ['"'] = CC_QUOTE, ['\\'] = CC_BACKSLASH,
	['('] = CC_PUNCT, [')'] = CC_PUNCT, [','] = CC_PUNCT, ['.'] = CC_PUNCT,
	[';'] = CC_PUNCT, ['*'] = CC_PUNCT, ['/'] = CC_PUNCT, ['+'] = CC_PUNCT,
	['-'] = CC_PUNCT, ['='] = CC_PUNCT, ['!'] = CC_PUNCT, ['<'] = CC_PUNCT,
	['>'] = CC_PUNCT, ['&'] = CC_PUNCT, ['|'] = CC_PUNCT, ['~'] = CC_PUNCT,
	[0x80 ... 0xff] = CC_HIGH,
};

static bool is_word_char(char c)
{
	unsigned char cc = char_class[(unsigned char)c];

	return cc == CC_ALPHA || cc == CC_DIGIT;
}

static const struct {
	const char *word;
	enum tq_sql_tok_kind kind;
} keywords[] = {
	{ "select", TQ_TK_SELECT }, { "from", TQ_TK_FROM }, { "join", TQ_TK_JOIN },
	{ "on", TQ_TK_ON }, { "where", TQ_TK_WHERE }, { "as", TQ_TK_AS },
	{ "cast", TQ_TK_CAST }, { "and", TQ_TK_AND }, { "or", TQ_TK_OR }, { "not", TQ_TK_NOT },
	{ "in", TQ_TK_IN }, { "create", TQ_TK_CREATE },
};

const char *tq_sql_tok_name(enum tq_sql_tok_kind kind)
{
	switch (kind) {
	case TQ_TK_EOF: return "end of input";
	case TQ_TK_WORD: return "a name";
	case TQ_TK_NUMBER: return "a number";
	case TQ_TK_STRING: return "a string";
	case TQ_TK_SELECT: return "SELECT";
	case TQ_TK_FROM: return "FROM";
	case TQ_TK_JOIN: return "JOIN";
	case TQ_TK_ON: return "ON";
	case TQ_TK_WHERE: return "WHERE";
	case TQ_TK_AS: return "AS";
	case TQ_TK_CAST: return "CAST";
	case TQ_TK_AND: return "AND";
	case TQ_TK_OR: return "OR";
	case TQ_TK_NOT: return "NOT";
	case TQ_TK_IN: return "IN";
	case TQ_TK_CREATE: return "CREATE";
	case TQ_TK_LPAREN: return "'('";
	case TQ_TK_RPAREN: return "')'";
	case TQ_TK_COMMA: return "','";
	case TQ_TK_DOT: return "'.'";
	case TQ_TK_SEMI: return "';'";
	case TQ_TK_STAR: return "'*'";
	case TQ_TK_SLASH: return "'/'";
	case TQ_TK_PLUS: return "'+'";
	case TQ_TK_MINUS: return "'-'";
	case TQ_TK_ASSIGN: return "'='";
	case TQ_TK_EQ: return "'=='";
	case TQ_TK_NE: return "'!='";
	case TQ_TK_LT: return "'<'";
	case TQ_TK_LE: return "'<='";
	case TQ_TK_GT: return "'>'";
	case TQ_TK_GE: return "'>='";
	case TQ_TK_AMP: return "'&'";
	case TQ_TK_ANDAND: return "'&&'";
	case TQ_TK_OROR: return "'||'";
	case TQ_TK_BANG: return "'!'";
	case TQ_TK_TILDE: return "'~'";
	}
	return "a token";
}

struct lexer {
	const char *src;
	size_t len;
	size_t i;
	unsigned line;
	size_t line_start;
	/* columns count characters: UTF-8 continuation bytes on the line before cont_upto */
	size_t cont_line, cont_upto, cont;
	struct tq_sql_token *toks;
	size_t ntoks, cap;
	struct tq_sql_diag *diag;
};

static struct tq_sql_pos pos_at(struct lexer *lx, size_t start)
{
	struct tq_sql_pos p;

	/* tokens come in order, so the count only moves forward along a line */
	if (lx->cont_line != lx->line_start || lx->cont_upto > start) {
		lx->cont_line = lx->cont_upto = lx->line_start;
		lx->cont = 0;
	}
	for (; lx->cont_upto < start; lx->cont_upto++)
		lx->cont += ((unsigned char)lx->src[lx->cont_upto] & 0xc0) == 0x80;
	p = (struct tq_sql_pos){
		.line = lx->line,
		.col = (unsigned)(start - lx->line_start - lx->cont + 1),
		.off = start,
		.len = lx->i - start,
	};
	return p;
}

static int fail_at(struct lexer *lx, size_t start, const char *hint, const char *what)
{
	struct tq_sql_pos p = pos_at(lx, start);

	if (!p.len)
		p.len = 1;
	return tq_sql_error(lx->diag, &p, hint, "%s", what);
}

static struct tq_sql_token *push(struct lexer *lx, enum tq_sql_tok_kind kind, size_t start)
{
	struct tq_sql_token *t;

	if (lx->ntoks == lx->cap) {
		size_t nc = lx->cap ? lx->cap * 2 : 64;
		struct tq_sql_token *nt = realloc(lx->toks, nc * sizeof(*nt));

		if (!nt)
			return NULL;
		lx->toks = nt;
		lx->cap = nc;
	}
	t = &lx->toks[lx->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->pos = pos_at(lx, start);
	return t;
}

/*
 * A percentile's name with its dot, p99.9: "p", digits, ".", digits and then "(". Read as
 * one word, so that the dot is not a field's modifier.
 */
static void lex_percentile_dot(struct lexer *lx, size_t wstart)
{
	size_t k = wstart + 1, end;

	if (lx->i - wstart < 2 || (lx->src[wstart] != 'p' && lx->src[wstart] != 'P'))
		return;
	for (; k < lx->i; k++)
		if (char_class[(unsigned char)lx->src[k]] != CC_DIGIT)
			return;
	if (k + 1 >= lx->len || lx->src[k] != '.' ||
	    char_class[(unsigned char)lx->src[k + 1]] != CC_DIGIT)
		return;
	for (end = k + 1; end < lx->len && char_class[(unsigned char)lx->src[end]] == CC_DIGIT;
	     end++)
		;
	while (end < lx->len && char_class[(unsigned char)lx->src[end]] == CC_SPACE)
		end++;
	if (end < lx->len && lx->src[end] == '(') {
		lx->i = k + 1;
		while (lx->i < lx->len && char_class[(unsigned char)lx->src[lx->i]] == CC_DIGIT)
			lx->i++;
	}
}

static int lex_word(struct lexer *lx, size_t start, bool escaped)
{
	size_t wstart = lx->i;
	struct tq_sql_token *t;
	enum tq_sql_tok_kind kind = TQ_TK_WORD;

	while (lx->i < lx->len && is_word_char(lx->src[lx->i]))
		lx->i++;
	if (!escaped)
		lex_percentile_dot(lx, wstart);
	if (!escaped) {
		for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
			if (strlen(keywords[k].word) == lx->i - wstart &&
			    !strncasecmp(keywords[k].word, lx->src + wstart, lx->i - wstart)) {
				kind = keywords[k].kind;
				break;
			}
		}
	}
	t = push(lx, kind, start);
	if (!t)
		return -ENOMEM;
	t->escaped = escaped;
	t->text = strndup(lx->src + wstart, lx->i - wstart);
	return t->text ? 0 : -ENOMEM;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* C notation: 0x1f, 017 (octal), 42. Anything glued to the digits is an error, not ignored. */
static int lex_number(struct lexer *lx, size_t start)
{
	struct tq_sql_token *t;
	unsigned base = 10;
	uint64_t v = 0;
	size_t digits;

	if (lx->src[lx->i] == '0' && lx->i + 1 < lx->len &&
	    (lx->src[lx->i + 1] == 'x' || lx->src[lx->i + 1] == 'X')) {
		base = 16;
		lx->i += 2;
	} else if (lx->src[lx->i] == '0') {
		base = 8;
	}
	digits = lx->i;
	while (lx->i < lx->len) {
		int d;

		if (!is_word_char(lx->src[lx->i]))
			break;
		d = digit_value(lx->src[lx->i]);
		if (d >= (int)base) {
			while (lx->i < lx->len && is_word_char(lx->src[lx->i]))
				lx->i++;
			return fail_at(lx, start, base == 8 ?
				       "a leading 0 means octal (C notation); write the number "
				       "without it, or 0x... for hex" :
				       "numbers are decimal, 0x... hex or 0... octal; names "
				       "start with a letter or _",
				       "malformed number");
		}
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			while (lx->i < lx->len && is_word_char(lx->src[lx->i]))
				lx->i++;
			return fail_at(lx, start, "the kernel's numbers are 64-bit",
				       "number too large");
		}
		v = v * base + (uint64_t)d;
		lx->i++;
	}
	if (base == 16 && lx->i == digits)
		return fail_at(lx, start, "write hex digits after 0x", "malformed number");
	t = push(lx, TQ_TK_NUMBER, start);
	if (!t)
		return -ENOMEM;
	t->num = v;
	return 0;
}

static int lex_string(struct lexer *lx, size_t start)
{
	char q = lx->src[lx->i++];
	unsigned line = lx->line;
	size_t line_start = lx->line_start;
	struct tq_sql_token *t;
	size_t body = lx->i;

	while (lx->i < lx->len && lx->src[lx->i] != q) {
		if (lx->src[lx->i] == '\n') {
			lx->line++;
			lx->line_start = lx->i + 1;
		}
		lx->i++;
	}
	if (lx->i >= lx->len) {
		lx->line = line;
		lx->line_start = line_start;
		lx->i = start + 1;
		/* "a\"b": the string ended at the \" and this quote is the one after b */
		for (size_t k = lx->ntoks >= 2 ? lx->ntoks - 2 : 0; k < lx->ntoks; k++) {
			const struct tq_sql_token *s = &lx->toks[k];

			if (s->kind == TQ_TK_STRING && s->pos.len >= 3 &&
			    lx->src[s->pos.off + s->pos.len - 2] == '\\')
				return fail_at(lx, start, q == '"' ?
					       "strings have no escapes: the quote after the "
					       "backslash ended the string before; a kernel filter "
					       "cannot hold a \" at all: match it with a glob such "
					       "as comm ~ \"a*b\"" :
					       "strings have no escapes: the quote after the "
					       "backslash ended the string before; put a ' in a "
					       "double-quoted string: \"a'b\"",
					       "unterminated string");
		}
		return fail_at(lx, start, q == '"' ? "add the closing \"" :
			       "add the closing '", "unterminated string");
	}
	/* a line break in a filter or a field list would start a second command in the
	 * tracefs file it is written to; the first such byte is on the string's first line */
	for (size_t k = body; k < lx->i; k++) {
		unsigned char c = (unsigned char)lx->src[k];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			lx->line = line;
			lx->line_start = line_start;
			lx->i = k + 1;
			return fail_at(lx, k, "a string is one line of printable text: the "
				       "kernel reads its files one command per line",
				       c == '\n' ? "line break inside a string" :
				       c == '\r' ? "carriage return inside a string" :
				       "control character inside a string");
		}
	}
	lx->i++;
	/* the token's position is where it starts, even when it spans lines */
	{
		unsigned eline = lx->line;
		size_t estart = lx->line_start;

		lx->line = line;
		lx->line_start = line_start;
		t = push(lx, TQ_TK_STRING, start);
		lx->line = eline;
		lx->line_start = estart;
	}
	if (!t)
		return -ENOMEM;
	t->text = strndup(lx->src + body, lx->i - 1 - body);
	return t->text ? 0 : -ENOMEM;
}

/* operators that are one character, or two when the next one is `next` */
static const struct {
	char c, next;
	enum tq_sql_tok_kind two, one;
} pairs[] = {
	{ '=', '=', TQ_TK_EQ, TQ_TK_ASSIGN },
	{ '!', '=', TQ_TK_NE, TQ_TK_BANG },
	{ '<', '=', TQ_TK_LE, TQ_TK_LT },
	{ '>', '=', TQ_TK_GE, TQ_TK_GT },
	{ '&', '&', TQ_TK_ANDAND, TQ_TK_AMP },
};

static int lex_punct(struct lexer *lx, size_t start)
{
	char c = lx->src[lx->i];
	char n = lx->i + 1 < lx->len ? lx->src[lx->i + 1] : '\0';
	enum tq_sql_tok_kind kind = TQ_TK_EOF;
	size_t w = 1;

	switch (c) {
	case '(': kind = TQ_TK_LPAREN; break;
	case ')': kind = TQ_TK_RPAREN; break;
	case ',': kind = TQ_TK_COMMA; break;
	case '.': kind = TQ_TK_DOT; break;
	case ';': kind = TQ_TK_SEMI; break;
	case '*': kind = TQ_TK_STAR; break;
	case '/': kind = TQ_TK_SLASH; break;
	case '+': kind = TQ_TK_PLUS; break;
	case '-': kind = TQ_TK_MINUS; break;
	case '~': kind = TQ_TK_TILDE; break;
	case '=': case '!': case '<': case '>': case '&':
		for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
			if (pairs[k].c != c)
				continue;
			w = n == pairs[k].next ? 2 : 1;
			kind = w == 2 ? pairs[k].two : pairs[k].one;
		}
		if (c == '<' && n == '>') {
			kind = TQ_TK_NE;
			w = 2;
		}
		break;
	case '|':
		if (n != '|') {
			lx->i++;
			return fail_at(lx, start, "write || (or OR) for a logical or; the kernel "
				       "has no bitwise or in filters", "unexpected '|'");
		}
		kind = TQ_TK_OROR;
		w = 2;
		break;
	default:
		lx->i++;
		return fail_at(lx, start, NULL, "unexpected character");
	}
	lx->i += w;
	return push(lx, kind, start) ? 0 : -ENOMEM;
}

static int lex_all(struct lexer *lx)
{
	int ret = 0;

	while (!ret && lx->i < lx->len) {
		size_t start = lx->i;
		unsigned char c = (unsigned char)lx->src[lx->i];

		switch (char_class[c]) {
		case CC_SPACE:
			lx->i++;
			break;
		case CC_NEWLINE:
			lx->i++;
			lx->line++;
			lx->line_start = lx->i;
			break;
		case CC_ALPHA:
			ret = lex_word(lx, start, false);
			break;
		case CC_DIGIT:
			ret = lex_number(lx, start);
			break;
		case CC_QUOTE:
			ret = lex_string(lx, start);
			break;
		case CC_BACKSLASH:
			lx->i++;
			if (lx->i >= lx->len ||
			    char_class[(unsigned char)lx->src[lx->i]] != CC_ALPHA)
				return fail_at(lx, start, "a backslash escapes a keyword used as "
					       "a name, as in \\from", "stray backslash");
			ret = lex_word(lx, start, true);
			break;
		case CC_PUNCT:
			if (c == '-' && lx->i + 1 < lx->len && lx->src[lx->i + 1] == '-') {
				while (lx->i < lx->len && lx->src[lx->i] != '\n')
					lx->i++;
				break;
			}
			if (c == '/' && lx->i + 1 < lx->len && lx->src[lx->i + 1] == '*') {
				const char *end = NULL;

				for (size_t k = lx->i + 2; k + 1 < lx->len; k++) {
					if (lx->src[k] == '*' && lx->src[k + 1] == '/') {
						end = lx->src + k;
						break;
					}
				}
				if (!end) {
					lx->i += 2;
					return fail_at(lx, start, "close the comment with */",
						       "unterminated comment");
				}
				for (; lx->src + lx->i < end + 2; lx->i++) {
					if (lx->src[lx->i] == '\n') {
						lx->line++;
						lx->line_start = lx->i + 1;
					}
				}
				break;
			}
			ret = lex_punct(lx, start);
			break;
		case CC_HIGH:
			lx->i++;
			while (lx->i < lx->len && (lx->src[lx->i] & 0xc0) == 0x80)
				lx->i++;
			return fail_at(lx, start, "names are ASCII letters, digits and _",
				       "unexpected character");
		default:
			lx->i++;
			if (c == 0)
				return fail_at(lx, start, NULL, "NUL byte in the query");
			return fail_at(lx, start, c == '$' ?
				       "tq names hist variables itself; refer to fields" : NULL,
				       "unexpected character");
		}
	}
	if (ret)
		return ret;
	return push(lx, TQ_TK_EOF, lx->i) ? 0 : -ENOMEM;
}

int tq_sql_lex(const char *src, size_t len, struct tq_sql_token **toks, size_t *ntoks,
	       struct tq_sql_diag *diag)
{
	struct lexer lx = { .src = src, .len = len, .line = 1, .diag = diag };
	int ret = lex_all(&lx);

	if (ret) {
		tq_sql_tokens_free(lx.toks, lx.ntoks);
		if (ret == -ENOMEM && diag && !diag->msg)
			tq_sql_error(diag, NULL, NULL, "out of memory");
		return ret;
	}
	*toks = lx.toks;
	*ntoks = lx.ntoks;
	return 0;
}

void tq_sql_tokens_free(struct tq_sql_token *toks, size_t ntoks)
{
	for (size_t i = 0; i < ntoks; i++)
		free(toks[i].text);
	free(toks);
}
