// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "format.h"

struct tq_fmt_cache {
	struct tep_handle *tep;
};

struct tq_fmt_cache *tq_fmt_cache_new(struct tep_handle *tep)
{
	struct tq_fmt_cache *c = calloc(1, sizeof(*c));

	if (c)
		c->tep = tep;
	return c;
}

void tq_fmt_cache_free(struct tq_fmt_cache *cache)
{
	free(cache);
}

int tq_fmt_supported(struct tq_fmt_cache *cache, struct tep_event *event)
{
	return 0;
}

int tq_fmt_print(struct tq_fmt_cache *cache, struct tep_event *event, struct tep_record *rec,
		 FILE *out)
{
	return -1;
}
