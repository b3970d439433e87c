// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/caret.h"
#include "util/diag.h"

int tq_fail_at(const char *what, const char *text, size_t at, const char *why, const char *hint)
{
	char *shown = NULL;
	size_t len = 0, col = 0, i, n = strlen(text);
	FILE *f = open_memstream(&shown, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		int w;

		if (c == '\n')
			w = fprintf(f, "\\n");
		else if (c == '\r')
			w = fprintf(f, "\\r");
		else if (c == '\t')
			w = fprintf(f, "\\t");
		else if (c < 0x20 || c == 0x7f)
			w = fprintf(f, "\\x%02x", c);
		else
			w = fputc(c, f) == EOF ? -1 : 1;
		if (i < at && w > 0)
			col += (size_t)w;
	}
	if (fclose(f)) {
		free(shown);
		return -ENOMEM;
	}
	ret = tq_fail(EINVAL, "bad %s: %s at byte %zu\n  %s\n  %*s^%s%s", what, why, at + 1, shown,
		      (int)col, "", hint ? "\n  " : "", hint ? hint : "");
	free(shown);
	return ret;
}
