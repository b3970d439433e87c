// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

size_t tq_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = malloc((lb + 1) * sizeof(*row));
	size_t i, j, result;

	if (!row)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *tq_suggest(const char *word, const char *const *candidates, size_t n)
{
	size_t limit = strlen(word) / 3;
	size_t best_dist = (size_t)-1;
	const char *best = NULL;
	size_t i;

	if (limit < 1)
		limit = 1;
	for (i = 0; i < n; i++) {
		size_t d = tq_edit_distance(word, candidates[i]);

		if (d < best_dist) {
			best_dist = d;
			best = candidates[i];
		}
	}
	return best_dist <= limit ? best : NULL;
}
