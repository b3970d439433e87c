// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "print/field.h"

bool tq_field_open_ended(const struct tep_format_field *f)
{
	if (!(f->flags & TEP_FIELD_IS_ARRAY) || (f->flags & TEP_FIELD_IS_DYNAMIC) || f->next)
		return false;
	return f->size == 0 || (f->event && f->event->system &&
				!strcmp(f->event->system, "ftrace"));
}

bool tq_field_locate(const struct tep_format_field *f, const struct tep_record *rec,
		     unsigned *offset, unsigned *size)
{
	unsigned off = (unsigned)f->offset, sz = (unsigned)f->size;
	unsigned long long loc;

	if (rec->size < 0)
		return false;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		if (off + sz > (unsigned)rec->size ||
		    tep_read_number_field((struct tep_format_field *)f, rec->data, &loc))
			return false;
		off = (unsigned)(loc & 0xffff);
		sz = (unsigned)(loc >> 16);
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			off += (unsigned)(f->offset + f->size);
	} else if (tq_field_open_ended(f)) {
		unsigned es = f->elementsize > 0 ? (unsigned)f->elementsize : 1;

		if (off > (unsigned)rec->size)
			return false;
		sz = ((unsigned)rec->size - off) / es * es;
	}
	if (off > (unsigned)rec->size || sz > (unsigned)rec->size - off)
		return false;
	*offset = off;
	*size = sz;
	return true;
}
