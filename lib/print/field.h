/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the bytes of an event's field are in a record, for the outputs that decode fields
 * themselves instead of through the event's print format (report --json, tq convert).
 */
#ifndef TQ_PRINT_FIELD_H
#define TQ_PRINT_FIELD_H

#include <stdbool.h>

#include <event-parse.h>

/*
 * Does f, a fixed-size array, really run to the end of the record? True for the last field
 * of an event when it is declared without a length (`buf[]`, size 0, as newer kernels
 * declare print's text and function's arguments) or belongs to the ftrace system, whose
 * stack entries declare their longest length but hold what the record holds.
 */
bool tq_field_open_ended(const struct tep_format_field *f);

/*
 * Where f's bytes are in rec: the location a __data_loc field holds, or the rest of the
 * record for an open-ended array. Returns false when they lie outside the record.
 */
bool tq_field_locate(const struct tep_format_field *f, const struct tep_record *rec,
		     unsigned *offset, unsigned *size);

#endif
