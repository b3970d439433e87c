/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_DIAG_H
#define TQ_UTIL_DIAG_H

/*
 * Library functions return a negative errno and never print. When a bare errno would
 * not tell the user enough (which file, which token, what the kernel said), the failing
 * function also leaves a message here; the caller shows it with tq_errmsg().
 * The message is per thread and stays until the next tq_set_errmsg().
 */

/* Record a message (printf format) and return -err, so that callers can write
 * `return tq_fail(EINVAL, "bad clock '%s'", name);`. err is a positive errno. */
int tq_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void tq_set_errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tq_clear_errmsg(void);

/* The last message, or strerror(-err) when no message was left since the last clear. */
const char *tq_errmsg(int err);

#endif
