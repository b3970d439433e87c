/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FILTER_CHECK_H
#define TQ_PRINT_FILTER_CHECK_H

struct tep_handle;

/*
 * Check the field names of a libtraceevent filter ("EVENT[,EVENT...]: CONDITION", EVENT
 * being NAME or SYSTEM/NAME, regular expressions allowed) against the formats in tep.
 * libtraceevent reads a name that is no field of the event as FALSE, without a word, so
 * "sched_switch: nosuchfield == 1" would silently hide every event: here each name must
 * be a field (or a common field, COMM or CPU) of at least one event each EVENT names.
 * 0, or -EINVAL with a message (caret under the name, the similar fields, the fields).
 * Call it on a filter libtraceevent accepted: the syntax is its business.
 */
int tq_filter_check_fields(struct tep_handle *tep, const char *filter);

#endif
