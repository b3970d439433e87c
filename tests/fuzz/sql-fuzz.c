// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the SQL front end: lexer, parser, semantic pass and back end,
 * compiled against a real kernel's formats ($TQ_FUZZ_TRACEFS, default: the Debian 6.1
 * fixture unpacked by sql.mk). Any input must give a plan or a located error: no crash,
 * hang, leak or undefined behaviour. The same input also goes through the hist file
 * parser and its renderers, which read what the kernel writes back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tracefs/catalog.h"
#include "print/histfile.h"
#include "sql/ast.h"
#include "sql/sql.h"

static struct tq_catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_hist(const char *text)
{
	struct tq_hist h;
	FILE *null;

	if (tq_hist_parse(text, &h))
		return;
	null = fopen("/dev/null", "w");
	for (size_t i = 0; null && i < h.ntables; i++) {
		tq_hist_render(&h.tables[i], TQ_HIST_AUTO, -1, null);
		tq_hist_render(&h.tables[i], TQ_HIST_TABLE, 2, null);
		tq_hist_render(&h.tables[i], TQ_HIST_JSON, -1, null);
	}
	if (null)
		fclose(null);
	tq_hist_find(&h, text);
	tq_hist_release(&h);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("TQ_FUZZ_TRACEFS");

	if (tq_catalog_open(&cat, dir ? dir : "tracefs-debian"))
		cat = NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tq_sql_options opt = { .name = "fuzz" };
	struct tq_sql_compiled out;
	struct tq_sql_diag diag = { 0 };
	char *src = malloc(size + 1);
	char *msg;

	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	if (cat) {
		if (tq_sql_compile(src, strlen(src), cat, &opt, &out, &diag) == 0)
			tq_sql_compiled_release(&out);
	} else {
		struct tq_sql_script script;

		if (tq_sql_parse(src, strlen(src), &script, &diag) == 0)
			tq_sql_script_release(&script);
	}
	msg = tq_sql_diag_format(src, &diag);
	free(msg);
	tq_sql_diag_release(&diag);
	fuzz_hist(src);
	free(src);
	return 0;
}
