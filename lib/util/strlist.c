// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/strlist.h"

void tq_strlist_init(struct tq_strlist *l)
{
	memset(l, 0, sizeof(*l));
}

void tq_strlist_release(struct tq_strlist *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		free(l->items[i]);
	free(l->items);
	tq_strlist_init(l);
}

int tq_strlist_take(struct tq_strlist *l, char *s)
{
	if (!s)
		return -ENOMEM;
	/* keep one spare slot so that items is always NULL-terminated */
	if (l->len + 1 >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **items = realloc(l->items, cap * sizeof(*items));

		if (!items) {
			free(s);
			return -ENOMEM;
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->len++] = s;
	l->items[l->len] = NULL;
	return 0;
}

int tq_strlist_add(struct tq_strlist *l, const char *s)
{
	return tq_strlist_take(l, strdup(s));
}

int tq_strlist_find(const struct tq_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!strcmp(l->items[i], s))
			return (int)i;
	return -1;
}
