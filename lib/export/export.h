/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_EXPORT_EXPORT_H
#define TQ_EXPORT_EXPORT_H

/*
 * Conversion of trace.dat files into formats other tools read: CTF 1.8 (babeltrace2),
 * Perfetto's protobuf trace, Chrome's Trace Event Format and the kernel's trace text
 * (systrace). The converters
 * stream: events are read one at a time and written out, so memory does not grow with
 * the file. They return 0 or a negative errno with a message in lib/util/diag.h; what
 * did not stop the conversion (event types left out) is in the warnings.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <event-parse.h>

struct tq_tracedat;
struct tq_td_merge;
struct tq_td_event;
struct trace_seq;

struct tq_export {
	struct tq_tracedat *td;
	const char *input;	/* the file's name, for metadata */
	char **warnings;	/* for the caller to print */
	int nwarnings;
	uint64_t events;	/* written */
	uint64_t skipped;	/* left out: no format, or a format that does not map */
	/* private: per event id, 0 unknown, 1 mapped, -1 skipped (warned once) */
	signed char *state;
	int nstate;
};

/* How a field of an event format is stored, as the converters see it. */
enum tq_xf_kind {
	TQ_XF_INT,	/* size 1, 2, 4 or 8 */
	TQ_XF_STRING,	/* char array or __data_loc char[]: text up to a NUL */
	TQ_XF_ARRAY,	/* fixed count of integers */
	TQ_XF_SEQ,	/* __data_loc or open-ended array of integers, count in the record */
	TQ_XF_BAD,
};

/* Kind of f, the size of one element (INT, ARRAY, SEQ) and the count (ARRAY). */
enum tq_xf_kind tq_xf_classify(const struct tep_format_field *f, unsigned *es, unsigned *count);

/* The length of the text of a string field: up to its first NUL. */
unsigned tq_xf_strlen(const uint8_t *p, unsigned size);

/*
 * Is ev an event the converter can write? Every field must have a kind other than BAD and
 * a name fit for an identifier. The first time an event is refused a warning naming it is
 * added. ev may be NULL (a record whose id has no format).
 */
bool tq_export_event_ok(struct tq_export *x, struct tep_event *ev, int id);

/* The same without a warning, for declaring the event types up front. */
bool tq_export_format_ok(struct tep_event *ev);

/* Add a warning (printf format). Returns 0 or -ENOMEM. */
int tq_export_warn(struct tq_export *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void tq_export_release(struct tq_export *x);

/* tq_fail() for a failed write: errno's reason, EIO when errno says nothing. */
int tq_export_write_error(void);

/* Number of a common field (common_pid, ...) of rec, 0 when the format lacks it. */
unsigned long long tq_xf_common(struct tep_event *ev, const char *name,
				const struct tep_record *rec);

/* Write a CTF 1.8 trace into dir, which must exist and be empty. */
int tq_export_ctf(struct tq_export *x, const char *dir);

/* The kernel's trace text of the top buffer (systrace), to out. */
int tq_export_systrace(struct tq_export *x, FILE *out);
/* Perfetto's protobuf trace of the top buffer, to out. */
int tq_export_perfetto(struct tq_export *x, FILE *out);
/* Chrome's Trace Event Format (JSON), to out. */
int tq_export_chrome(struct tq_export *x, FILE *out);

/* Shared by systrace and chrome-json: the merge of the top buffer's CPUs. */
int tq_export_merge_top(struct tq_tracedat *td, struct tq_td_merge **out);
/* The systrace text with the header, through put(arg, bytes, n) (0 or negative errno). */
int tq_export_systrace_body(struct tq_export *x, int (*put)(void *, const char *, size_t),
			    void *arg);
/* One event's line into s: 1, or 0 when the event is left out. */
int tq_export_systrace_line(struct tq_export *x, struct trace_seq *s, struct tq_td_event *ev);

#endif
