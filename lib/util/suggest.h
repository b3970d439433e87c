/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_SUGGEST_H
#define TQ_UTIL_SUGGEST_H

#include <stddef.h>

/* Edit distance (insert, delete, replace, swap neighbours), case-sensitive. */
size_t tq_edit_distance(const char *a, const char *b);

/*
 * The candidate nearest to word, or NULL when none is close enough to be a plausible
 * typo (distance at most a third of the word's length, and at least 1 allowed).
 */
const char *tq_suggest(const char *word, const char *const *candidates, size_t n);

#endif
