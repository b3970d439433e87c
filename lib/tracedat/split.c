// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq split: the parts of a trace.dat (split.h). Which events go into which part follows
 * trace-cmd 3.1.6 exactly, quirks included, because users compare the parts' reports:
 * - the event that ends a part (the first past the limit) is read again by the next part
 *   only if its CPU had an event in the part ending; otherwise trace-cmd loses it;
 * - with an end time, only one part is written, -r or not;
 * - a part by time starts counting at its first event, or at the start time given.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracedat/split.h"
#include "util/diag.h"

#define RB_MISSED_EVENTS (1ULL << 31)
#define RB_MISSED_STORED (1ULL << 30)
#define TYPE_TIME_EXTEND 30
#define MAX_DELTA (1ULL << 27)

/* ---- pages ---- */

static void put_n(const struct tq_page_packer *p, uint8_t *at, uint64_t v, int n)
{
	for (int i = 0; i < n; i++) {
		int shift = p->big_endian ? 8 * (n - 1 - i) : 8 * i;

		at[i] = (uint8_t)(v >> shift);
	}
}

int tq_page_packer_init(struct tq_page_packer *p, unsigned page_size, int long_size,
			bool big_endian)
{
	memset(p, 0, sizeof(*p));
	if (page_size < 64 || (long_size != 4 && long_size != 8))
		return tq_fail(EINVAL, "page size %u with %d-byte longs is not a ring-buffer page",
			       page_size, long_size);
	p->page = malloc(page_size);
	if (!p->page)
		return -ENOMEM;
	p->size = page_size;
	p->long_size = long_size;
	p->big_endian = big_endian;
	return 0;
}

void tq_page_packer_release(struct tq_page_packer *p)
{
	free(p->page);
	p->page = NULL;
	p->open = false;
}

void tq_page_packer_start(struct tq_page_packer *p, unsigned long long ts, long long missed)
{
	memset(p->page, 0, p->size);
	put_n(p, p->page, ts, 8);
	p->index = 8 + p->long_size;
	p->ts = ts;
	p->missed = missed;
	p->open = true;
}

/* The 4-byte event header: 5 bits of type_len and 27 of time delta, in file order. */
static void put_header(struct tq_page_packer *p, unsigned type_len, unsigned delta)
{
	uint32_t w = p->big_endian ? (delta | (uint32_t)type_len << 27)
				   : (delta << 5 | type_len);

	put_n(p, p->page + p->index, w, 4);
	p->index += 4;
}

int tq_page_packer_add(struct tq_page_packer *p, unsigned long long ts, const void *data,
		       unsigned size)
{
	unsigned long long delta = ts - p->ts;
	unsigned padded = (size + 3) & ~3u;
	unsigned type_len = size && size <= 28 * 4 ? padded / 4 : 0;
	unsigned need = 4 + (type_len ? 0 : 4) + padded;

	if (ts < p->ts)
		delta = 0;
	if (delta >= MAX_DELTA) {
		if (p->index + 8 > p->size)
			return -ENOSPC;
		put_header(p, TYPE_TIME_EXTEND, (unsigned)(delta & (MAX_DELTA - 1)));
		put_n(p, p->page + p->index, delta >> 27, 4);
		p->index += 4;
		p->ts = ts;
		return 0;
	}
	if (p->index + need > p->size)
		return -ENOSPC;
	put_header(p, type_len, (unsigned)delta);
	if (!type_len) {
		put_n(p, p->page + p->index, size + 4, 4);
		p->index += 4;
	}
	memcpy(p->page + p->index, data, size);
	p->index += padded;
	p->ts = ts;
	return 1;
}

void tq_page_packer_finish(struct tq_page_packer *p)
{
	uint64_t commit = p->index - 8 - p->long_size;

	if (p->missed) {
		commit |= RB_MISSED_EVENTS;
		/* the count goes after the data, where there is room for it */
		if (p->index + 8 <= p->size) {
			commit |= RB_MISSED_STORED;
			put_n(p, p->page + p->index, (uint64_t)p->missed, 8);
		}
	}
	put_n(p, p->page + 8, commit, p->long_size);
	p->open = false;
}

/* ---- metadata ---- */

static int copy_blob(struct tq_tdw *tdw, enum tq_tdw_blob which, const void *data, size_t len)
{
	return data && len ? tq_tdw_set_blob(tdw, which, data, len) : 0;
}

static int copy_option(const struct tq_tracedat *td, struct tq_tdw *tdw, unsigned id,
		       enum tq_tdw_blob which)
{
	const struct tq_td_option *o = tq_td_find_option(td, id);
	size_t len;

	if (!o)
		return 0;
	/* string options are stored with their NUL */
	len = strnlen((const char *)o->data, o->size);
	return copy_blob(tdw, which, o->data, len);
}

struct block {
	const struct tq_tracedat *td;
	const uint8_t *p;
	size_t len, pos;
};

static int block_uint(struct block *b, int n, uint64_t *v)
{
	if (b->len - b->pos < (size_t)n)
		return tq_fail(EINVAL, "%s: format block ends early", b->td->path);
	*v = tq_td_get(b->td, b->p + b->pos, n);
	b->pos += n;
	return 0;
}

/* count, then count times (8-byte size, text): the ftrace block and each system's */
static int copy_formats(struct block *b, struct tq_tdw *tdw, const char *system)
{
	uint64_t count, size = 0;
	int err = block_uint(b, 4, &count);

	for (uint64_t i = 0; !err && i < count; i++) {
		err = block_uint(b, 8, &size);
		if (err)
			break;
		if (size > b->len - b->pos)
			return tq_fail(EINVAL, "%s: event format runs past its block", b->td->path);
		err = system ? tq_tdw_add_event_format(tdw, system, b->p + b->pos, size)
			     : tq_tdw_add_ftrace_format(tdw, b->p + b->pos, size);
		b->pos += size;
	}
	return err;
}

static int copy_event_formats(const struct tq_tracedat *td, struct tq_tdw *tdw)
{
	struct block b = { td, td->meta.events_block, td->meta.events_block_len, 0 };
	uint64_t nsystems;
	int err;

	if (!b.p)
		return 0;
	err = block_uint(&b, 4, &nsystems);
	for (uint64_t i = 0; !err && i < nsystems; i++) {
		const char *name = (const char *)b.p + b.pos;
		size_t n = strnlen(name, b.len - b.pos);

		if (n == b.len - b.pos)
			return tq_fail(EINVAL, "%s: system name runs past its block", td->path);
		b.pos += n + 1;
		err = copy_formats(&b, tdw, name);
	}
	return err;
}

int tq_td_copy_meta(const struct tq_tracedat *td, struct tq_tdw *tdw)
{
	const struct tq_td_meta *m = &td->meta;
	struct block fb = { td, m->ftrace_block, m->ftrace_block_len, 0 };
	const struct tq_td_option *id = tq_td_find_option(td, TQ_TD_OPT_TRACEID);
	int err;

	err = copy_blob(tdw, TQ_TDW_HEADER_PAGE, m->header_page, m->header_page_size) ?:
	      copy_blob(tdw, TQ_TDW_HEADER_EVENT, m->header_event, m->header_event_size) ?:
	      copy_blob(tdw, TQ_TDW_KALLSYMS, m->kallsyms, m->kallsyms_size) ?:
	      copy_blob(tdw, TQ_TDW_PRINTK, m->printk, m->printk_size) ?:
	      copy_blob(tdw, TQ_TDW_CMDLINES, m->cmdlines, m->cmdlines_size) ?:
	      copy_option(td, tdw, TQ_TD_OPT_UNAME, TQ_TDW_UNAME);
	if (!err && fb.p)
		err = copy_formats(&fb, tdw, NULL);
	if (!err)
		err = copy_event_formats(td, tdw);
	if (!err && td->clock_text)
		err = copy_blob(tdw, TQ_TDW_TRACE_CLOCK, td->clock_text, td->clock_text_len);
	else if (!err)
		err = copy_option(td, tdw, TQ_TD_OPT_TRACECLOCK, TQ_TDW_TRACE_CLOCK);
	if (!err && id && id->size == 8)
		tq_tdw_set_trace_id(tdw, tq_td_get(td, id->data, 8));
	tq_tdw_set_cpu_count(tdw, td->ncpus);
	return err;
}

/* ---- the split ---- */

struct split_cpu {
	struct tq_td_cursor *cur;
	struct tq_td_event ev;	/* the next event, when has */
	bool has, done;
	struct tq_page_packer pk;
	int fd;
	char *path;
	/* trace-cmd's "offset" of the CPU: an event of it was (about to be) written in this
	 * part; pending while only its time extend is in */
	bool wrote, pending;
	unsigned long long last_ts;
};

struct split {
	struct tq_tracedat *td;
	const struct tq_split_opts *o;
	struct split_cpu *cpus;
	int ncpus;
	unsigned page_size;
};

static int peek(struct split_cpu *c)
{
	int r;

	if (c->has || c->done)
		return 0;
	r = tq_td_cursor_next(c->cur, &c->ev);
	if (r < 0)
		return r;
	if (r == 0)
		c->done = true;
	else
		c->has = true;
	return 0;
}

/* Take the next event of cpu (percpu) or the earliest of all, ties to the lower CPU. */
static int take(struct split *s, int cpu, struct tq_td_event **out)
{
	int best = -1, err;

	*out = NULL;
	for (int i = cpu < 0 ? 0 : cpu; i < (cpu < 0 ? s->ncpus : cpu + 1); i++) {
		err = peek(&s->cpus[i]);
		if (err)
			return err;
		if (s->cpus[i].has &&
		    (best < 0 || s->cpus[i].ev.rec.ts < s->cpus[best].ev.rec.ts))
			best = i;
	}
	if (best >= 0) {
		s->cpus[best].has = false;
		s->cpus[best].ev.source = best;
		*out = &s->cpus[best].ev;
	}
	return 0;
}

static int write_page(struct split *s, struct split_cpu *c)
{
	size_t off = 0;

	tq_page_packer_finish(&c->pk);
	while (off < s->page_size) {
		ssize_t n = write(c->fd, c->pk.page + off, s->page_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tq_fail(errno, "cannot write '%s': %s", c->path, strerror(errno));
		off += n;
	}
	return 0;
}

static unsigned long long unit_ns(enum tq_split_unit u)
{
	return u == TQ_SPLIT_SECS ? 1000000000ULL : u == TQ_SPLIT_MSECS ? 1000000ULL :
	       u == TQ_SPLIT_USECS ? 1000ULL : 0;
}

/* One pass of trace-cmd's parse_cpu(): all CPUs merged (cpu < 0) or one. */
static int fill(struct split *s, int cpu, unsigned long long start)
{
	const struct tq_split_opts *o = s->o;
	unsigned long long end = o->end_ns, count = 0, pages = 0;
	struct tq_td_event *ev;
	int err = take(s, cpu, &ev);

	while (!err && ev && ev->rec.ts < start)
		err = take(s, cpu, &ev);
	if (!err && ev && !start)
		start = ev->rec.ts;
	while (!err && ev && (!end || ev->rec.ts <= end)) {
		struct split_cpu *c = &s->cpus[ev->source];
		int r;

		if (!c->pk.open || c->pk.index + (unsigned)ev->rec.record_size > s->page_size ||
		    ev->rec.missed_events) {
			if (o->unit == TQ_SPLIT_PAGES && ++pages > o->count)
				break;
			if (c->pk.open && (err = write_page(s, c)))
				break;
			tq_page_packer_start(&c->pk, ev->rec.ts, ev->rec.missed_events);
		}
		c->wrote = c->pending = true;
		c->last_ts = ev->rec.ts;
		r = tq_page_packer_add(&c->pk, ev->rec.ts, ev->rec.data, ev->rec.size);
		if (r == -ENOSPC) {
			/* a time extend filled the page (trace-cmd writes past it): a new one */
			err = write_page(s, c);
			if (!err)
				tq_page_packer_start(&c->pk, ev->rec.ts, 0);
			continue;
		}
		if (r == 0)
			continue;
		c->pending = false;
		err = take(s, cpu, &ev);
		if (err)
			break;
		if (!ev) {
			for (int i = 0; i < s->ncpus; i++)
				if (cpu < 0 || i == cpu)
					s->cpus[i].wrote = false;
			break;
		}
		if (unit_ns(o->unit) && ev->rec.ts > start + o->count * unit_ns(o->unit))
			break;
		if (o->unit == TQ_SPLIT_EVENTS && ++count >= o->count)
			break;
	}
	if (err)
		return err;
	/* the event that ended the pass: read again by the next part if trace-cmd would */
	if (ev) {
		struct split_cpu *c = &s->cpus[ev->source];

		c->has = c->wrote && !c->pending;
	}
	for (int i = 0; i < s->ncpus; i++) {
		struct split_cpu *c = &s->cpus[i];

		if ((cpu < 0 || i == cpu) && c->pk.open && (err = write_page(s, c)))
			return err;
	}
	return 0;
}

static void close_files(struct split *s)
{
	for (int i = 0; i < s->ncpus; i++) {
		struct split_cpu *c = &s->cpus[i];

		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
		if (c->path)
			unlink(c->path);
		free(c->path);
		c->path = NULL;
	}
}

static int open_files(struct split *s, const char *output)
{
	const char *slash = strrchr(output, '/');
	int dirlen = slash ? (int)(slash - output) : 1;
	const char *dir = slash ? output : ".";

	if (slash == output)
		dirlen = 1;
	for (int i = 0; i < s->ncpus; i++) {
		struct split_cpu *c = &s->cpus[i];

		if (asprintf(&c->path, "%.*s/.tq-split.%d.XXXXXX", dirlen, dir, i) < 0) {
			c->path = NULL;
			return -ENOMEM;
		}
		c->fd = mkstemp(c->path);
		if (c->fd < 0) {
			int e = errno;

			free(c->path);
			c->path = NULL;
			return tq_fail(e, "cannot create a temporary file next to '%s': %s",
				       output, strerror(e));
		}
		c->wrote = c->pending = false;
	}
	return 0;
}

static int write_part(struct split *s, const char *output)
{
	const struct tq_td_buffer *top = &s->td->buffers[0];
	struct tq_tdw_opts wo = { .version = s->td->version };
	struct tq_tdw *tdw = tq_tdw_new();
	int err = tdw ? 0 : -ENOMEM, b = -1;

	wo.compression = s->td->comp == TQ_TD_COMP_ZSTD ? TQ_TDW_COMP_ZSTD :
			 s->td->comp == TQ_TD_COMP_ZLIB ? TQ_TDW_COMP_ZLIB : TQ_TDW_COMP_NONE;
	if (!err)
		err = tq_td_copy_meta(s->td, tdw);
	if (!err)
		err = b = tq_tdw_add_buffer(tdw, "", top->clock ? top->clock : s->td->trace_clock,
					    s->ncpus);
	for (int i = 0; err >= 0 && i < s->ncpus; i++) {
		off_t size = lseek(s->cpus[i].fd, 0, SEEK_END);

		err = tq_tdw_set_cpu(tdw, b, i, size > 0 ? s->cpus[i].path : NULL, NULL);
	}
	if (err >= 0)
		err = tq_tdw_write(tdw, output, &wo, NULL);
	tq_tdw_free(tdw);
	return err < 0 ? err : 0;
}

/* One part, as trace-cmd's parse_file(): returns where the next part starts (0: none). */
static int part(struct split *s, const char *output, unsigned long long start,
		unsigned long long *current)
{
	const struct tq_split_opts *o = s->o;
	int err = open_files(s, output);

	if (!err && o->only_cpu >= 0)
		err = fill(s, o->only_cpu, start);
	else if (!err && o->percpu)
		for (int i = 0; !err && i < s->ncpus; i++)
			err = fill(s, i, start);
	else if (!err)
		err = fill(s, -1, start);
	if (!err)
		err = write_part(s, output);
	*current = o->end_ns;
	for (int i = 0; i < s->ncpus; i++)
		if (s->cpus[i].wrote && (!*current || s->cpus[i].last_ts > *current))
			*current = s->cpus[i].last_ts + 1;
	close_files(s);
	return err;
}

static int setup(struct split *s)
{
	const struct tq_td_buffer *top;
	int err;

	if (!s->td->nbuffers || s->td->buffers[0].name[0])
		return tq_fail(EINVAL, "%s: no top buffer to split", s->td->path);
	top = &s->td->buffers[0];
	if (top->latency)
		return tq_fail(EINVAL, "%s: split does not work with latency traces", s->td->path);
	s->ncpus = s->td->ncpus > top->ncpus ? s->td->ncpus : top->ncpus;
	if (s->ncpus <= 0)
		return tq_fail(EINVAL, "%s: no CPUs", s->td->path);
	if (s->o->only_cpu >= s->ncpus)
		return tq_fail(EINVAL, "%s: no CPU %d (the file has %d)", s->td->path,
			       s->o->only_cpu, s->ncpus);
	s->page_size = top->page_size ? top->page_size : s->td->page_size;
	s->cpus = calloc(s->ncpus, sizeof(*s->cpus));
	if (!s->cpus)
		return -ENOMEM;
	for (int i = 0; i < s->ncpus; i++) {
		s->cpus[i].fd = -1;
		s->cpus[i].done = true;
		err = tq_page_packer_init(&s->cpus[i].pk, s->page_size, s->td->kernel_long,
					  s->td->big_endian);
		if (err)
			return err;
	}
	for (int e = 0; e < top->nentries; e++) {
		int cpu = top->cpus[e].cpu;

		if (cpu < 0 || cpu >= s->ncpus || s->cpus[cpu].cur)
			return tq_fail(EINVAL, "%s: CPU %d listed twice or out of range",
				       s->td->path, cpu);
		err = tq_td_cursor_new(s->td, 0, e, &s->cpus[cpu].cur);
		if (err)
			return err;
		s->cpus[cpu].done = false;
	}
	return 0;
}

static void teardown(struct split *s)
{
	if (!s->cpus)
		return;
	close_files(s);
	for (int i = 0; i < s->ncpus; i++) {
		tq_td_cursor_free(s->cpus[i].cur);
		tq_page_packer_release(&s->cpus[i].pk);
	}
	free(s->cpus);
}

int tq_td_split(struct tq_tracedat *td, const struct tq_split_opts *o)
{
	struct split s = { .td = td, .o = o };
	unsigned long long current, start = o->start_ns;
	int err = setup(&s), n = 0;
	size_t len = strlen(o->output) + 16;
	char *name = malloc(len);

	if (!err && !name)
		err = -ENOMEM;
	while (!err) {
		if (o->repeat)
			snprintf(name, len, "%s.%04d", o->output, n + 1);
		else
			snprintf(name, len, "%s.1", o->output);
		err = part(&s, name, start, &current);
		if (err)
			break;
		n++;
		if (!o->repeat || !current || (o->end_ns && current >= o->end_ns))
			break;
		start = 0;
	}
	free(name);
	teardown(&s);
	return err ? err : n;
}
