// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/diag.h"

static _Thread_local char last_msg[1024];
/* the errno last_msg explains: a message is never shown for another error */
static _Thread_local int last_err;

static void vset(const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

void tq_set_errmsg(int err, const char *fmt, ...)
{
	va_list ap;

	last_err = err < 0 ? -err : err;
	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
}

int tq_fail(int err, const char *fmt, ...)
{
	va_list ap;

	last_err = err;
	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
	return -err;
}

void tq_clear_errmsg(void)
{
	last_msg[0] = '\0';
	last_err = 0;
}

const char *tq_errmsg(int err)
{
	if (err < 0)
		err = -err;
	if (last_msg[0] && last_err == err)
		return last_msg;
	return strerror(err);
}
