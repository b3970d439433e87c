/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_DIAG_H
#define TQ_UTIL_DIAG_H

/*
 * Library functions return a negative errno and never print. When a bare errno would
 * not tell the user enough (which file, which token, what the kernel said), the failing
 * function also leaves a message here, stored with the errno it explains; the caller
 * shows it with tq_errmsg(err), which gives it only for that same errno (strerror()
 * otherwise), so a message left by an earlier failure is not shown for a later one.
 * The message is per thread and stays until the next one.
 */

/* Record a message (printf format) and return -err, so that callers can write
 * `return tq_fail(EINVAL, "bad clock '%s'", name);`. err is a positive errno. */
int tq_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message for err (positive or negative), without returning it. */
void tq_set_errmsg(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tq_clear_errmsg(void);

/* The message left for this errno (either sign), else strerror() of it. */
const char *tq_errmsg(int err);

#endif
