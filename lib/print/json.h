/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_JSON_H
#define TQ_PRINT_JSON_H

#include <stddef.h>
#include <stdio.h>

#include <event-parse.h>

/* A JSON string of the first n bytes of s (up to a NUL), escaped. */
void tq_json_string(FILE *out, const char *s, size_t n);
/*
 * One event as a line of JSON: file, buffer, cpu, ts (ns), pid, comm, missed (when events
 * were lost before it), system, event and its fields (numbers, strings, arrays; null for
 * what the record does not hold).
 */
void tq_json_event(FILE *out, struct tep_handle *tep, struct tep_record *rec,
		   const char *file, const char *buffer, long long missed);

#endif
