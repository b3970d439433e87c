// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Exact percentiles in memory bounded by the distinct values of an entry, not its events:
 * latencies in ns repeat a lot, and a log2 or usecs value repeats more.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sql/eval-parts.h"

static size_t slot_of(const struct tq_pct *p, uint64_t v)
{
	uint64_t h = v * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h ^ (h >> 32)) & (p->cap - 1);

	while (p->slots[i].n && p->slots[i].v != v)
		i = (i + 1) & (p->cap - 1);
	return i;
}

static int grow(struct tq_pct *p)
{
	struct tq_pct old = *p;

	p->cap = old.cap ? old.cap * 2 : 8;
	p->slots = calloc(p->cap, sizeof(*p->slots));
	if (!p->slots) {
		*p = old;
		return -ENOMEM;
	}
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].n)
			p->slots[slot_of(p, old.slots[i].v)] = old.slots[i];
	free(old.slots);
	return 0;
}

int tq_pct_add(struct tq_pct *p, uint64_t v)
{
	size_t i;

	if ((p->used + 1) * 4 > p->cap * 3 && grow(p))
		return -ENOMEM;
	i = slot_of(p, v);
	if (!p->slots[i].n) {
		p->slots[i].v = v;
		p->used++;
	}
	p->slots[i].n++;
	p->total++;
	return 0;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = ((const struct tq_pct_slot *)a)->v, y = ((const struct tq_pct_slot *)b)->v;

	return x < y ? -1 : x > y;
}

uint64_t tq_pct_value(const struct tq_pct *p, double pct)
{
	struct tq_pct_slot *s;
	uint64_t rank, seen = 0, v = 0;
	size_t n = 0;

	if (!p->total)
		return 0;
	s = malloc(p->used * sizeof(*s));
	if (!s)
		return 0;
	for (size_t i = 0; i < p->cap; i++)
		if (p->slots[i].n)
			s[n++] = p->slots[i];
	qsort(s, n, sizeof(*s), by_value);
	/* nearest rank: the smallest value with at least pct% of the values at or below it */
	rank = (uint64_t)((pct * (double)p->total + 99.999999) / 100);
	if (rank < 1)
		rank = 1;
	if (rank > p->total)
		rank = p->total;
	for (size_t i = 0; i < n; i++) {
		seen += s[i].n;
		v = s[i].v;
		if (seen >= rank)
			break;
	}
	free(s);
	return v;
}

void tq_pct_release(struct tq_pct *p)
{
	free(p->slots);
	memset(p, 0, sizeof(*p));
}
