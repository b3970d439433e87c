/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_VALIDATE_H
#define TQ_TRACEDAT_VALIDATE_H

/*
 * The metadata text of a trace.dat checked before libtraceevent parses it. libtraceevent
 * 1.7.1 reads past its buffers on some damaged texts (tep_parse_event on a print fmt that
 * names no field or holds a stray backslash, tep_parse_printk_formats on a line without
 * " : " or with a format under three bytes). What the kernel writes always passes; what
 * does not is refused here, with the byte it stops at, so that libtraceevent never sees
 * it and the guard child (read.c) is the last line only.
 */
#include <stddef.h>
#include <stdint.h>

struct tq_td_flaw {
	size_t at;		/* byte of the text where it is */
	char why[192];
	char event[65];		/* the "name:" of an event format, if it has one */
};

/* One events/SYSTEM/EVENT/format text, len bytes, not NUL-terminated. */
int tq_td_check_format(const uint8_t *text, size_t len, struct tq_td_flaw *flaw);

/* The header_page description (events/header_page). */
int tq_td_check_header_page(const uint8_t *text, size_t len, struct tq_td_flaw *flaw);

/* The printk_formats text: lines "0xADDR : "FORMAT"". */
int tq_td_check_printk(const uint8_t *text, size_t len, struct tq_td_flaw *flaw);

#endif
