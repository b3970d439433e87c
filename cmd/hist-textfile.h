/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_HIST_TEXTFILE_H
#define TQ_CMD_HIST_TEXTFILE_H

#include "hist-session.h"
#include "sql/sql.h"

/*
 * tq hist --textfile DIR --print: the metrics loop as a script for a device without tq,
 * writing DIR/FILE every interval seconds. 0 or -1.
 */
int print_textfile_script(const struct tq_sql_compiled *c, const struct hist_metrics *m,
			  const char *dir, const char *file, double interval);

#endif
