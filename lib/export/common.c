// SPDX-License-Identifier: GPL-2.0-or-later
/* What the converters share: how format fields map, which events are left out. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "print/field.h"
#include "util/diag.h"

static bool good_es(unsigned es)
{
	return es == 1 || es == 2 || es == 4 || es == 8;
}

/* Mirrors how tq report --json reads fields, so that both agree on every value. */
enum tq_xf_kind tq_xf_classify(const struct tep_format_field *f, unsigned *es, unsigned *count)
{
	unsigned e = f->elementsize ? (unsigned)f->elementsize : 1;

	*es = 1;
	*count = 0;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		if (f->size != 4)
			return TQ_XF_BAD;
		if (f->flags & TEP_FIELD_IS_STRING)
			return TQ_XF_STRING;
		*es = good_es(e) ? e : 1;
		return TQ_XF_SEQ;
	}
	if (f->flags & TEP_FIELD_IS_STRING)
		return TQ_XF_STRING;
	if (f->flags & TEP_FIELD_IS_ARRAY) {
		*es = good_es(e) ? e : 1;
		if (tq_field_open_ended(f))
			return TQ_XF_SEQ;
		*count = (unsigned)f->size / *es;
		return TQ_XF_ARRAY;
	}
	if (!good_es((unsigned)f->size))
		return TQ_XF_BAD;
	*es = (unsigned)f->size;
	return TQ_XF_INT;
}

unsigned tq_xf_strlen(const uint8_t *p, unsigned size)
{
	const uint8_t *nul = memchr(p, 0, size);

	return nul ? (unsigned)(nul - p) : size;
}

static bool good_name(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

int tq_export_warn(struct tq_export *x, const char *fmt, ...)
{
	char **grown = realloc(x->warnings, (x->nwarnings + 1) * sizeof(*grown));
	va_list ap;
	int n;

	if (!grown)
		return -ENOMEM;
	x->warnings = grown;
	va_start(ap, fmt);
	n = vasprintf(&grown[x->nwarnings], fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	x->nwarnings++;
	return 0;
}

/* Why an event format cannot be written, or NULL when it can. */
static const char *unmappable(struct tep_event *ev, const char **what)
{
	struct tep_format_field *f;
	unsigned es, count;

	for (f = ev->format.fields; f; f = f->next) {
		*what = f->name;
		if (!good_name(f->name))
			return "has a field name that is not an identifier";
		if (tq_xf_classify(f, &es, &count) == TQ_XF_BAD)
			return "has a field of a size that is no integer, array or string";
	}
	return NULL;
}

bool tq_export_format_ok(struct tep_event *ev)
{
	const char *what;

	return !unmappable(ev, &what);
}

bool tq_export_event_ok(struct tq_export *x, struct tep_event *ev, int id)
{
	const char *why, *what = "";

	if (id < 0 || id > 0xffff)
		return false;
	if (id >= x->nstate) {
		signed char *grown = realloc(x->state, id + 1);

		if (!grown)
			return false;
		memset(grown + x->nstate, 0, id + 1 - x->nstate);
		x->state = grown;
		x->nstate = id + 1;
	}
	if (x->state[id])
		return x->state[id] > 0;
	if (!ev) {
		tq_export_warn(x, "events of id %d have no format in the file: left out", id);
		x->state[id] = -1;
		return false;
	}
	why = unmappable(ev, &what);
	if (why) {
		tq_export_warn(x, "event '%s:%s' %s ('%s'): left out", ev->system, ev->name, why,
			       what);
		x->state[id] = -1;
		return false;
	}
	x->state[id] = 1;
	return true;
}

unsigned long long tq_xf_common(struct tep_event *ev, const char *name,
				const struct tep_record *rec)
{
	struct tep_format_field *f = tep_find_common_field(ev, name);
	unsigned long long v;

	if (!f || f->offset + f->size > rec->size || tep_read_number_field(f, rec->data, &v))
		return 0;
	return v;
}

void tq_export_release(struct tq_export *x)
{
	int i;

	for (i = 0; i < x->nwarnings; i++)
		free(x->warnings[i]);
	free(x->warnings);
	free(x->state);
	x->warnings = NULL;
	x->nwarnings = 0;
	x->state = NULL;
	x->nstate = 0;
}

int tq_export_write_error(void)
{
	int err = errno ? errno : EIO;

	return tq_fail(err, "write error: %s", strerror(err));
}
