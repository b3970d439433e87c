// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "util/suggest.h"

/* Optimal string alignment: a swap of two neighbours ("lsit") counts as one edit. */
size_t tq_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), w = lb + 1;
	size_t *d = malloc((la + 1) * w * sizeof(*d));
	size_t i, j, result;

	if (!d)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i * w] = i;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t best = d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]);

			if (d[(i - 1) * w + j] + 1 < best)
				best = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < best)
				best = d[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[(i - 2) * w + j - 2] + 1 < best)
				best = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = best;
		}
	}
	result = d[la * w + lb];
	free(d);
	return result;
}

/* Names tq suggests (events, fields, options) are far shorter; a longer word is no typo. */
#define SUGGEST_MAX_LEN 256

const char *tq_suggest(const char *word, const char *const *candidates, size_t n)
{
	size_t len = strnlen(word, SUGGEST_MAX_LEN + 1);
	size_t limit = len / 3;
	size_t best_dist = (size_t)-1;
	const char *best = NULL;
	size_t i;

	if (len > SUGGEST_MAX_LEN)
		return NULL;
	if (limit < 1)
		limit = 1;
	for (i = 0; i < n; i++) {
		size_t clen = strnlen(candidates[i], len + limit + 1);
		size_t d;

		/* the distance is at least the difference in length: skip the full table */
		if ((clen > len ? clen - len : len - clen) > limit)
			continue;
		d = tq_edit_distance(word, candidates[i]);

		if (d < best_dist) {
			best_dist = d;
			best = candidates[i];
		}
	}
	return best_dist <= limit ? best : NULL;
}
