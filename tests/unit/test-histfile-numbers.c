// SPDX-License-Identifier: GPL-2.0-or-later
/* Hist file values are 64-bit integers or percentages (issue 15, defect 3): numbers past
 * 64 bits, negative counts and floating point notation are errors with their line, not
 * doubles cast out of range. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/diag.h"
#include "print/histfile.h"

#define HEAD "# event histogram\n#\n# trigger info: hist:keys=pid:vals=hitcount,bytes:" \
	     "sort=hitcount:size=2048 [active]\n#\n\n"

static void refused(const char *row, const char *want, const char *label)
{
	char text[1024];
	struct tq_hist h;
	int ret;

	snprintf(text, sizeof(text), HEAD "%s\n", row);
	ret = tq_hist_parse(text, &h);
	ok(ret == -EINVAL && strstr(tq_errmsg(ret), want), "%s: %s", label,
	   ret ? tq_errmsg(ret) : "accepted");
	if (!ret)
		tq_hist_release(&h);
}

static char *render(const char *row)
{
	char text[1024], *buf = NULL;
	size_t len = 0;
	struct tq_hist h;
	FILE *f;

	snprintf(text, sizeof(text), HEAD "%s\n", row);
	if (tq_hist_parse(text, &h) || !h.ntables)
		return NULL;
	f = open_memstream(&buf, &len);
	if (f) {
		tq_hist_render(&h.tables[0], TQ_HIST_JSON, -1, f);
		fclose(f);
	}
	tq_hist_release(&h);
	return buf;
}

int main(void)
{
	char *out;

	refused("{ pid: 1 } hitcount: 99999999999999999999999 bytes: 1",
		"hist file line 6: 'hitcount: 99999999999999999999999' does not fit in 64 bits",
		"a hitcount past 64 bits");
	refused("{ pid: 1 } hitcount: -5 bytes: 1", "'hitcount: -5': a count cannot be negative",
		"a negative hitcount");
	refused("{ pid: 1 } hitcount: 1e30 bytes: 1", "'hitcount: 1e30' is not a count",
		"a hitcount in floating point notation");
	refused("{ pid: 1 } hitcount: 1 bytes: 1e30", "'bytes: 1e30' is not a 64-bit integer",
		"a value in floating point notation");
	refused("{ pid: 1 } hitcount: 1 bytes: 99999999999999999999999", "does not fit in 64 bits",
		"a value past 64 bits");
	refused("{ pid: 1 } hitcount: 1 bytes: -99999999999999999999", "does not fit in 64 bits",
		"a negative value past 64 bits");
	refused("{ pid: 1 } hitcount: 1 bytes: nan", "'bytes: nan' is not a number", "nan");
	refused("{ pid: 1 } hitcount: 1 bytes: 1\n\nTotals:\n    Hits: 1e30\n",
		"hist file line 9: 'Hits: 1e30' is not a count", "a total in floating point");

	out = render("{ pid: 1 } hitcount: 18446744073709551615 bytes: -5");
	ok(out && strstr(out, "\"bytes\":-5"), "a negative sum is kept");
	free(out);
	out = render("{ pid: 1 } hitcount: 3 bytes: 12.34");
	ok(out && strstr(out, "\"bytes\":12.34") && strstr(out, "\"hitcount\":3"),
	   "a percentage keeps its fraction: %s", out ? out : "");
	free(out);
	out = render("{ pid: 1 } hitcount: 3 bytes: 9223372036854775807");
	ok(out && strstr(out, "\"bytes\":9223372036854775808"),
	   "a large value prints as an integer: %s", out ? out : "");
	free(out);
	return done_testing();
}
