// SPDX-License-Identifier: GPL-2.0-or-later
/* tq report --json: one object per event, its fields typed from the event's format. */
#include <stdint.h>
#include <string.h>

#include "print/field.h"
#include "print/json.h"

void tq_json_string(FILE *out, const char *s, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_number(FILE *out, unsigned long long v, int size, bool is_signed)
{
	if (is_signed) {
		long long s = size == 1 ? (long long)(int8_t)v : size == 2 ? (long long)(int16_t)v :
			      size == 4 ? (long long)(int32_t)v : (long long)v;

		fprintf(out, "%lld", s);
	} else {
		fprintf(out, "%llu", v);
	}
}

static void json_field(FILE *out, struct tep_handle *tep, struct tep_format_field *f,
		       struct tep_record *rec)
{
	const uint8_t *data = rec->data;
	unsigned offset, size;
	bool is_signed = f->flags & TEP_FIELD_IS_SIGNED;

	if (!tq_field_locate(f, rec, &offset, &size)) {
		fputs("null", out);
		return;
	}
	if (f->flags & TEP_FIELD_IS_STRING) {
		tq_json_string(out, (const char *)data + offset, size);
		return;
	}
	if (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC)) {
		unsigned es = f->elementsize ? f->elementsize : 1, i;

		if (es != 1 && es != 2 && es != 4 && es != 8)
			es = 1;
		fputc('[', out);
		for (i = 0; i + es <= size; i += es) {
			if (i)
				fputc(',', out);
			json_number(out, tep_read_number(tep, data + offset + i, es), es,
				    is_signed);
		}
		fputc(']', out);
		return;
	}
	if (size == 1 || size == 2 || size == 4 || size == 8)
		json_number(out, tep_read_number(tep, data + offset, size), size, is_signed);
	else
		fputs("null", out);
}

void tq_json_event(FILE *out, struct tep_handle *tep, struct tep_record *rec,
		   const char *file, const char *buffer, long long missed)
{
	struct tep_event *event = tep_find_event_by_record(tep, rec);
	int pid = tep_data_pid(tep, rec);
	const char *comm = tep_data_comm_from_pid(tep, pid);

	fputs("{\"file\":", out);
	tq_json_string(out, file, strlen(file));
	fputs(",\"buffer\":", out);
	tq_json_string(out, buffer, strlen(buffer));
	fprintf(out, ",\"cpu\":%d,\"ts\":%llu,\"pid\":%d,\"comm\":", rec->cpu, rec->ts, pid);
	tq_json_string(out, comm, strlen(comm));
	if (missed)
		fprintf(out, ",\"missed\":%lld", missed);
	if (event) {
		struct tep_format_field *f;

		fputs(",\"system\":", out);
		tq_json_string(out, event->system, strlen(event->system));
		fputs(",\"event\":", out);
		tq_json_string(out, event->name, strlen(event->name));
		fputs(",\"fields\":{", out);
		for (f = event->format.fields; f; f = f->next) {
			tq_json_string(out, f->name, strlen(f->name));
			fputc(':', out);
			json_field(out, tep, f, rec);
			if (f->next)
				fputc(',', out);
		}
		fputc('}', out);
	} else {
		fputs(",\"event\":null", out);
	}
	fputs("}\n", out);
}
