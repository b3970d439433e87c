/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_STRLIST_H
#define TQ_UTIL_STRLIST_H

#include <stddef.h>

/* A growable array of malloc'd strings. */
struct tq_strlist {
	char **items;
	size_t len;
	size_t cap;
};

void tq_strlist_init(struct tq_strlist *l);
void tq_strlist_release(struct tq_strlist *l);
/* Copies s. 0 or -ENOMEM. */
int tq_strlist_add(struct tq_strlist *l, const char *s);
/* Takes ownership of s (NULL counts as ENOMEM). */
int tq_strlist_take(struct tq_strlist *l, char *s);
int tq_strlist_find(const struct tq_strlist *l, const char *s);

#endif
