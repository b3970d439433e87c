/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_FAKETREE_H
#define TQ_FAKETREE_H

/*
 * A fake tracefs for unit tests: a temporary directory whose files the test writes.
 * The test defines `static char root[] = "/tmp/tq-unit-NAME.XXXXXX";` and mkdtemp()s it.
 */
#include <stdio.h>

static char root[];

/* Write text to root/rel (the directories must exist). */
__attribute__((unused))
static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

#endif
