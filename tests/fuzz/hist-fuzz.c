// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the kernel's hist files as tq reads them back (tq hist, tq sql
 * output, openmetrics): tq_hist_parse() and every renderer. Any input must parse or give
 * an error, with no undefined behaviour (float-cast-overflow included).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/histfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct tq_hist h;
	char *text;

	if (!null)
		null = fopen("/dev/null", "w");
	text = malloc(size + 1);
	if (!text || !null) {
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if (!tq_hist_parse(text, &h)) {
		for (size_t i = 0; i < h.ntables; i++) {
			tq_hist_render(&h.tables[i], TQ_HIST_AUTO, -1, null);
			tq_hist_render(&h.tables[i], TQ_HIST_BARS, -1, null);
			tq_hist_render(&h.tables[i], TQ_HIST_TABLE, 2, null);
			tq_hist_render(&h.tables[i], TQ_HIST_JSON, -1, null);
		}
		tq_hist_find(&h, text);
		tq_hist_release(&h);
	}
	free(text);
	return 0;
}
