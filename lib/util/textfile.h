/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_UTIL_TEXTFILE_H
#define TQ_UTIL_TEXTFILE_H

#include <stddef.h>

/* The largest query tq reads from a file: far above any real query, small enough that
 * every later pass over it stays fast. */
#define TQ_QUERY_MAX ((size_t)1 << 20)

/*
 * Read a whole text file ("-" is standard input) into a NUL-terminated buffer in *out.
 * Refuses, with a message: a file that cannot be opened, a directory, more than max bytes
 * (/dev/zero), and a NUL byte (named by line, column and offset). A FIFO without a writer
 * reads as empty instead of blocking in open().
 */
int tq_read_text_file(const char *path, size_t max, char **out);

#endif
