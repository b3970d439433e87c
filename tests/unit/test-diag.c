// SPDX-License-Identifier: GPL-2.0-or-later
/* Messages left by library functions belong to the errno they explain (lib/util/diag.c). */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "util/diag.h"

int main(void)
{
	int ret = tq_fail(ENOENT, "no tracefs at '%s'", "/nowhere");

	ok(ret == -ENOENT, "tq_fail returns the negative errno");
	ok(!strcmp(tq_errmsg(ret), "no tracefs at '/nowhere'"), "the message is shown for it");
	ok(!strcmp(tq_errmsg(ENOENT), "no tracefs at '/nowhere'"), "for either sign");
	/* a later failure that left no message of its own must not show the stale one */
	ok(!strcmp(tq_errmsg(-EINVAL), strerror(EINVAL)), "another errno gets strerror()");
	tq_set_errmsg(-EBUSY, "event '%s' is in use", "x");
	ok(!strcmp(tq_errmsg(-EBUSY), "event 'x' is in use"), "tq_set_errmsg takes either sign");
	ok(!strcmp(tq_errmsg(-ENOENT), strerror(ENOENT)), "the new message replaces the old");
	tq_clear_errmsg();
	ok(!strcmp(tq_errmsg(-EBUSY), strerror(EBUSY)), "cleared: strerror() again");
	return done_testing();
}
