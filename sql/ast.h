/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_SQL_AST_H
#define TQ_SQL_AST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/diag.h"

enum tq_sql_tok_kind {
	TQ_TK_EOF,
	TQ_TK_WORD,	/* identifier, also the words that are keywords only in context */
	TQ_TK_NUMBER,
	TQ_TK_STRING,
	/* reserved words */
	TQ_TK_SELECT, TQ_TK_FROM, TQ_TK_JOIN, TQ_TK_ON, TQ_TK_WHERE, TQ_TK_AS, TQ_TK_CAST,
	TQ_TK_AND, TQ_TK_OR, TQ_TK_NOT, TQ_TK_IN, TQ_TK_CREATE,
	/* punctuation */
	TQ_TK_LPAREN, TQ_TK_RPAREN, TQ_TK_COMMA, TQ_TK_DOT, TQ_TK_SEMI, TQ_TK_STAR,
	TQ_TK_SLASH, TQ_TK_PLUS, TQ_TK_MINUS, TQ_TK_ASSIGN /* = */, TQ_TK_EQ /* == */,
	TQ_TK_NE, TQ_TK_LT, TQ_TK_LE, TQ_TK_GT, TQ_TK_GE, TQ_TK_AMP, TQ_TK_ANDAND,
	TQ_TK_OROR, TQ_TK_BANG, TQ_TK_TILDE,
};

struct tq_sql_token {
	enum tq_sql_tok_kind kind;
	struct tq_sql_pos pos;
	bool escaped;		/* \word: never a keyword */
	uint64_t num;		/* TQ_TK_NUMBER */
	char *text;		/* WORD (without the backslash), STRING (without quotes) */
};

/* Tokenize all of src. The array ends with a TQ_TK_EOF token. */
int tq_sql_lex(const char *src, size_t len, struct tq_sql_token **toks, size_t *ntoks,
	       struct tq_sql_diag *diag);
void tq_sql_tokens_free(struct tq_sql_token *toks, size_t ntoks);
const char *tq_sql_tok_name(enum tq_sql_tok_kind kind);

enum tq_sql_expr_kind {
	TQ_EX_NAME,	/* a.b.c: parts */
	TQ_EX_NUMBER,
	TQ_EX_STRING,
	TQ_EX_STAR,	/* the * of count(*) */
	TQ_EX_CALL,	/* func(args) */
	TQ_EX_CAST,	/* CAST(args[0] AS type) */
	TQ_EX_BINARY,
	TQ_EX_NOT,	/* NOT / ! */
	TQ_EX_NEG,	/* unary minus on a non-literal */
	TQ_EX_IN,	/* args[0] [NOT] IN (args[1..]) */
};

enum tq_sql_op {
	TQ_OP_NONE,
	TQ_OP_ADD, TQ_OP_SUB, TQ_OP_MUL, TQ_OP_DIV,
	TQ_OP_EQ, TQ_OP_NE, TQ_OP_LT, TQ_OP_LE, TQ_OP_GT, TQ_OP_GE, TQ_OP_BAND, TQ_OP_GLOB,
	TQ_OP_AND, TQ_OP_OR,
};

struct tq_sql_expr {
	enum tq_sql_expr_kind kind;
	struct tq_sql_pos pos;	/* the whole expression */
	char **parts;		/* NAME */
	struct tq_sql_pos *part_pos;
	size_t nparts;
	int64_t num;		/* NUMBER (negative literals folded in) */
	bool negative;
	bool is_u64;		/* NUMBER above INT64_MAX: num holds its 64 bits */
	char *str;		/* STRING; CALL: function name; CAST: type name */
	struct tq_sql_pos str_pos; /* CALL/CAST: the name */
	long cast_arg;		/* CAST(x AS BUCKETS=N), x.buckets=N: N; -1 when absent */
	enum tq_sql_op op;	/* BINARY */
	bool negate;		/* IN: NOT IN */
	struct tq_sql_expr **args; /* CALL/CAST/IN args; BINARY: args[0], args[1]; NOT/NEG: args[0] */
	size_t nargs;
	bool parens;		/* written inside ( ) */
};

struct tq_sql_item {
	struct tq_sql_expr *expr;
	char *label;
	struct tq_sql_pos label_pos;
};

struct tq_sql_evref {
	char *sys;		/* NULL when written bare */
	char *name;
	char *alias;		/* NULL without AS */
	struct tq_sql_pos pos;	/* the event name as written */
	struct tq_sql_pos alias_pos;
};

struct tq_sql_join {
	struct tq_sql_evref ev;
	struct tq_sql_expr *on;	/* equalities joined by AND / && / , */
	struct tq_sql_pos pos;	/* the JOIN keyword */
};

struct tq_sql_order {
	struct tq_sql_expr *expr;
	bool desc;
};

struct tq_sql_select {
	struct tq_sql_pos pos;	/* SELECT */
	struct tq_sql_item *items;
	size_t nitems;
	struct tq_sql_evref from;
	struct tq_sql_join *joins;
	size_t njoins;
	struct tq_sql_expr *where;
	struct tq_sql_expr **group;
	size_t ngroup;
	struct tq_sql_pos group_pos;
	struct tq_sql_order *order;
	size_t norder;
	struct tq_sql_pos order_pos;
	long long limit;	/* -1: none */
	struct tq_sql_pos limit_pos;
	long long size;		/* -1: none */
	struct tq_sql_pos size_pos;
};

struct tq_sql_stmt {
	struct tq_sql_pos span;	/* the whole statement */
	char *create;		/* CREATE EVENT name AS ...: name, else NULL */
	struct tq_sql_pos create_pos;
	struct tq_sql_select sel;
};

struct tq_sql_script {
	struct tq_sql_stmt *stmts;
	size_t nstmts;
};

/* Parse a whole script (one or more statements separated by ;). */
int tq_sql_parse(const char *src, size_t len, struct tq_sql_script *script,
		 struct tq_sql_diag *diag);
void tq_sql_script_release(struct tq_sql_script *script);
void tq_sql_expr_free(struct tq_sql_expr *e);

/* The expression back as canonical text (for tests, and to match GROUP BY to SELECT). */
char *tq_sql_expr_text(const struct tq_sql_expr *e);
const char *tq_sql_op_text(enum tq_sql_op op);

#endif
