/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FORMAT_H
#define TQ_PRINT_FORMAT_H

/*
 * A fast path for printing event text. libtraceevent interprets an event's print fmt
 * for every record; here each event type's print fmt is compiled once into a list of
 * steps when it is covered (values computed from fields, pointers and functions, flags,
 * symbols and choices of strings), and events whose formats are not covered fall back to
 * tep_print_event(). The output must be byte-identical to libtraceevent's.
 */
#include <stdbool.h>
#include <stdio.h>

#include <event-parse.h>

struct tq_fmt_cache;

struct tq_fmt_cache *tq_fmt_cache_new(struct tep_handle *tep);
void tq_fmt_cache_free(struct tq_fmt_cache *cache);
/* Called once before the first symbol lookup (kallsyms loaded on demand). */
void tq_fmt_cache_set_symbol_loader(struct tq_fmt_cache *cache, void (*load)(void *arg),
				    void *arg);
/* Print the event's text (no newline). 0 when done, -1 when the caller must use
 * tep_print_event() instead (nothing was written then). */
int tq_fmt_print(struct tq_fmt_cache *cache, struct tep_event *event, struct tep_record *rec,
		 FILE *out);
/* The same into buf (at least TQ_FMT_BUF bytes): the length, or -1 for the fallback. */
#define TQ_FMT_BUF 4096
int tq_fmt_format(struct tq_fmt_cache *cache, struct tep_event *event, struct tep_record *rec,
		  char *buf, size_t size);
/* Tests turn off the comparison of the first records with libtraceevent, to see the
 * fast path's own output. */
void tq_fmt_cache_set_verify(struct tq_fmt_cache *cache, bool verify);
/* A number field of rec into *val: false when f is NULL or the record is too short for it
 * (a damaged page), so that printers never read past an event. */
bool tq_fmt_read_field(const struct tep_format_field *f, const struct tep_record *rec,
		       unsigned long long *val);
/* Whether this event's format is handled by the fast path. */
int tq_fmt_supported(struct tq_fmt_cache *cache, struct tep_event *event);

#endif
