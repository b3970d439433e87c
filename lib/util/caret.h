/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_CARET_H
#define TQ_UTIL_CARET_H

#include <stddef.h>

/*
 * tq_fail(EINVAL) with "bad WHAT: WHY at byte N", then text on one line (control bytes
 * shown as \n, \r, \t, \xNN), a caret under byte at, and hint (if not NULL) on a last
 * line. -ENOMEM when out of memory.
 */
int tq_fail_at(const char *what, const char *text, size_t at, const char *why, const char *hint);

#endif
