// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Walking the ring-buffer pages of one CPU with libtraceevent's kbuffer, and merging
 * CPUs, buffers and files by timestamp (trace-dat.md 4.3).
 *
 * kbuffer trusts the page: a corrupt length can send it outside the page or into a loop.
 * So each page is first checked by a walk that follows the same rules (check_page) and
 * only a page that passes is handed to kbuffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <kbuffer.h>

#include "util/diag.h"
#include "tracedat/internal.h"

#define COMMIT_MASK ((1u << 27) - 1)
#define MISSING_EVENTS (1ull << 31)
#define MISSING_STORED (1ull << 30)
#define MAX_CHUNK (64u << 20)
#define RELEASE_STEP (4u << 20)

struct tq_td_cursor {
	struct tq_tracedat *td;
	const struct tq_td_buffer *buf;
	int buffer;
	int cpu;
	struct kbuffer *kbuf;
	unsigned page_size;
	unsigned hdr;			/* page header bytes: timestamp + commit */

	const uint8_t *pages;		/* pages being walked: the map or a chunk */
	size_t pages_len;
	size_t page_pos;		/* next page to load */
	uint64_t pages_off;		/* file offset of pages (uncompressed), for messages */

	bool compressed;
	uint32_t chunks_left;
	uint64_t chunk_pos;		/* file offset of the next chunk header */
	uint8_t *cbuf;
	size_t ccap;

	size_t released;		/* pages before this were given back (mapped data) */

	bool loaded;
	bool first;			/* next read is the page's first event */
	long long missed;
};

/* The page walk reads a word per event: keep it cheap for files in host order. */
static inline uint32_t get32(const struct tq_tracedat *td, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return td->swap ? __builtin_bswap32(v) : v;
}

static int page_fail(const struct tq_td_cursor *c, const char *what, long long detail)
{
	const char *kind = c->compressed ? "decompressed chunk ending at offset" : "offset";
	uint64_t where = c->compressed ? c->chunk_pos : c->pages_off + c->page_pos;

	return tq_fail(EINVAL, "%s: corrupt ring-buffer page of CPU %d (buffer \"%s\") at %s %llu"
		       ": %s (%lld)", c->td->path, c->cpu, tq_td_quote(c->buf->name, SIZE_MAX).s,
		       kind, (unsigned long long)where, what, detail);
}

/* Follow the event headers the way kbuffer will, refusing anything it could not survive. */
static int check_page(const struct tq_td_cursor *c, const uint8_t *page)
{
	const struct tq_tracedat *td = c->td;
	const uint8_t *data = page + c->hdr;
	unsigned room = c->page_size - c->hdr;
	uint64_t flags = tq_td_get(td, page + 8, td->kernel_long);
	int64_t size = flags & COMMIT_MASK, next = 0;

	if (size > room)
		return page_fail(c, "commit larger than the page", size);
	if ((flags & MISSING_EVENTS) && (flags & MISSING_STORED) &&
	    size + td->kernel_long > room)
		return page_fail(c, "lost-event count outside the page", size);
	while (next < size) {
		int64_t curr = next, index, len;
		uint32_t w, type;

		if (curr + 4 > size)
			return page_fail(c, "event header past commit", curr);
		w = get32(td, data + curr);
		type = td->big_endian ? w >> 27 : w & 0x1f;
		if (type >= 29 || type == 0) {
			if (curr + 8 > size)
				return page_fail(c, "event header past commit", curr);
		}
		switch (type) {
		case 29: /* padding: skip array[0] bytes counted from the array word */
			index = curr + 4;
			len = (int32_t)get32(td, data + curr + 4);
			next = index + len;
			if (next <= curr)
				return page_fail(c, "bad padding length", len);
			continue;
		case 30:
		case 31:
			next = curr + 8;
			continue;
		case 0:
			index = curr + 8;
			len = (int32_t)(get32(td, data + curr + 4) - 4);
			if (len < 0)
				return page_fail(c, "bad event length", len);
			len = (len + 3) & ~3ll;
			break;
		default:
			index = curr + 4;
			len = type * 4;
			break;
		}
		next = index + len;
		if (next > size)
			return page_fail(c, "event runs past commit", next);
	}
	return 0;
}

static int next_chunk(struct tq_td_cursor *c)
{
	struct tq_tracedat *td = c->td;
	uint64_t pos = c->chunk_pos;
	uint32_t csize, usize;
	int err;

	if (pos > td->size || td->size - pos < 8)
		return tq_fail(EINVAL, "%s: chunk header of CPU %d past the end of the file at "
			       "offset %llu: possibly truncated", td->path, c->cpu,
			       (unsigned long long)pos);
	csize = tq_td_get(td, td->map + pos, 4);
	usize = tq_td_get(td, td->map + pos + 4, 4);
	if (csize > td->size - pos - 8)
		return tq_fail(EINVAL, "%s: chunk of CPU %d at offset %llu (%u bytes) runs past the "
			       "end of the file: possibly truncated", td->path, c->cpu,
			       (unsigned long long)pos, csize);
	if (usize > MAX_CHUNK)
		return tq_fail(EINVAL, "%s: implausible chunk size %u at offset %llu", td->path,
			       usize, (unsigned long long)pos + 4);
	if (usize > c->ccap) {
		uint8_t *n = realloc(c->cbuf, usize);

		if (!n)
			return tq_fail(ENOMEM, "%s: out of memory", td->path);
		c->cbuf = n;
		c->ccap = usize;
	}
	err = tq_td_decompress(td, td->map + pos + 8, csize, c->cbuf, usize, pos + 8);
	if (err)
		return err;
	c->chunk_pos = pos + 8 + csize;
	c->chunks_left--;
	c->pages = c->cbuf;
	c->pages_len = usize;
	c->page_pos = 0;
	return 0;
}

int tq_td_cursor_new(struct tq_tracedat *td, int buffer, int entry, struct tq_td_cursor **out)
{
	const struct tq_td_buffer *b;
	const struct tq_td_cpu *cpu;
	struct tq_td_cursor *c;

	*out = NULL;
	if (buffer < 0 || buffer >= td->nbuffers || entry < 0 ||
	    entry >= td->buffers[buffer].nentries || td->buffers[buffer].latency)
		return tq_fail(EINVAL, "%s: no CPU entry %d in buffer %d", td->path, entry, buffer);
	b = &td->buffers[buffer];
	cpu = &b->cpus[entry];
	c = calloc(1, sizeof(*c));
	if (!c)
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	c->td = td;
	c->buf = b;
	c->buffer = buffer;
	c->cpu = cpu->cpu;
	c->page_size = b->page_size;
	c->hdr = 8 + td->kernel_long;
	if (b->page_size <= c->hdr) {
		free(c);
		return tq_fail(EINVAL, "%s: page size %u too small", td->path, b->page_size);
	}
	c->kbuf = kbuffer_alloc(td->kernel_long == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4,
				td->big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
	if (!c->kbuf) {
		free(c);
		return tq_fail(ENOMEM, "%s: out of memory", td->path);
	}
	if (b->compressed && cpu->size) {
		c->compressed = true;
		if (cpu->offset > td->size || td->size - cpu->offset < 4) {
			tq_td_cursor_free(c);
			return tq_fail(EINVAL, "%s: CPU %d data at offset %llu past the end of the "
				       "file", td->path, cpu->cpu,
				       (unsigned long long)cpu->offset);
		}
		c->chunks_left = tq_td_get(td, td->map + cpu->offset, 4);
		c->chunk_pos = cpu->offset + 4;
		if (c->chunks_left > (td->size - c->chunk_pos) / 8) {
			int err = tq_fail(EINVAL, "%s: CPU %d data at offset %llu claims %u chunks, "
					  "more than the file holds", td->path, cpu->cpu,
					  (unsigned long long)cpu->offset, c->chunks_left);

			tq_td_cursor_free(c);
			return err;
		}
	} else if (cpu->size) {
		c->pages = td->map + cpu->offset;
		c->pages_len = cpu->size;
		c->pages_off = cpu->offset;
	}
	*out = c;
	return 0;
}

void tq_td_cursor_free(struct tq_td_cursor *c)
{
	if (!c)
		return;
	kbuffer_free(c->kbuf);
	free(c->cbuf);
	free(c);
}

int tq_td_cpu_usize(struct tq_tracedat *td, int buffer, int entry, uint64_t *usize)
{
	const struct tq_td_buffer *b = &td->buffers[buffer];
	const struct tq_td_cpu *cpu = &b->cpus[entry];
	uint64_t pos, total = 0;
	uint32_t n;

	if (!b->compressed || !cpu->size) {
		*usize = cpu->size;
		return 0;
	}
	pos = cpu->offset;
	if (pos > td->size || td->size - pos < 4)
		return tq_fail(EINVAL, "%s: CPU %d data past the end of the file", td->path,
			       cpu->cpu);
	n = tq_td_get(td, td->map + pos, 4);
	pos += 4;
	while (n--) {
		uint32_t csize;

		if (td->size - pos < 8)
			return tq_fail(EINVAL, "%s: truncated chunk header at offset %llu", td->path,
				       (unsigned long long)pos);
		csize = tq_td_get(td, td->map + pos, 4);
		total += tq_td_get(td, td->map + pos + 4, 4);
		if (csize > td->size - pos - 8)
			return tq_fail(EINVAL, "%s: chunk at offset %llu runs past the end of the "
				       "file", td->path, (unsigned long long)pos);
		pos += 8 + csize;
	}
	*usize = total;
	return 0;
}

static unsigned long long adjust_ts(const struct tq_tracedat *td, unsigned long long ts)
{
	if (td->raw_ts)
		return ts;
	if (td->ts2secs) {
		/* in double, as trace-cmd 3.1.6 computes it, so the same ns come out; a time
		 * past 2^64 ns it shows as 0 */
		double ns = (double)ts * (1e9 / (double)td->ts2secs);

		return ns < 18446744073709551616.0 ? (unsigned long long)ns : 0;
	}
	if (td->tsc2nsec)
		ts = (unsigned long long)(((unsigned __int128)ts * td->tsc_mult) >> td->tsc_shift);
	return ts + td->ts_offset;
}

/*
 * Pages already walked are dropped from the mapping every few MiB, so that memory use
 * stays flat however large the file (they are read again from the file if ever touched).
 */
static void release_behind(struct tq_td_cursor *c)
{
	uintptr_t ps = sysconf(_SC_PAGESIZE), from, to;

	if (c->compressed || !tq_td_priv(c->td)->mapped ||
	    c->page_pos - c->released < RELEASE_STEP)
		return;
	from = ((uintptr_t)(c->pages + c->released) + ps - 1) & ~(ps - 1);
	to = (uintptr_t)(c->pages + c->page_pos) & ~(ps - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
	c->released = c->page_pos;
}

static int load_page(struct tq_td_cursor *c)
{
	const uint8_t *page;
	int err;

	while (c->page_pos >= c->pages_len) {
		if (!c->compressed || !c->chunks_left)
			return 0;
		err = next_chunk(c);
		if (err)
			return err;
	}
	if (c->pages_len - c->page_pos < c->page_size)
		return page_fail(c, "data ends inside a page",
				 (long long)(c->pages_len - c->page_pos));
	release_behind(c);
	page = c->pages + c->page_pos;
	err = check_page(c, page);
	if (err)
		return err;
	if (kbuffer_load_subbuffer(c->kbuf, (void *)page))
		return page_fail(c, "kbuffer refused the page", 0);
	c->page_pos += c->page_size;
	c->missed = kbuffer_missed_events(c->kbuf);
	c->first = true;
	c->loaded = true;
	return 1;
}

int tq_td_cursor_next(struct tq_td_cursor *c, struct tq_td_event *ev)
{
	for (;;) {
		unsigned long long ts;
		void *data = NULL;
		int err;

		if (c->loaded) {
			data = c->first ? kbuffer_read_event(c->kbuf, &ts)
					: kbuffer_next_event(c->kbuf, &ts);
			if (data) {
				memset(&ev->rec, 0, sizeof(ev->rec));
				ev->rec.data = data;
				ev->rec.size = kbuffer_event_size(c->kbuf);
				ev->rec.record_size = kbuffer_curr_size(c->kbuf);
				ev->rec.cpu = c->cpu;
				ev->rec.ts = adjust_ts(c->td, ts);
				ev->rec.missed_events = c->first ? c->missed : 0;
				ev->rec.offset = c->compressed ? 0 :
					c->pages_off + ((const uint8_t *)data - c->pages);
				ev->raw_ts = ts;
				ev->missed = ev->rec.missed_events;
				ev->buffer = c->buffer;
				c->first = false;
				return 1;
			}
			c->loaded = false;
		}
		err = load_page(c);
		if (err <= 0)
			return err;
	}
}

/* ---- merge ---- */

struct merge_src {
	struct tq_td_cursor *cur;
	struct tq_td_event ev;
	bool has;
};

struct tq_td_merge {
	struct merge_src *src;
	int n;
	int last;		/* source returned last time, to advance first */
	bool primed;
};

int tq_td_merge_new(struct tq_td_merge **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return tq_fail(ENOMEM, "out of memory");
	(*out)->last = -1;
	return 0;
}

int tq_td_merge_add(struct tq_td_merge *m, struct tq_td_cursor *c, int source)
{
	struct merge_src *n = realloc(m->src, (m->n + 1) * sizeof(*n));

	if (!n) {
		tq_td_cursor_free(c);
		return tq_fail(ENOMEM, "out of memory");
	}
	m->src = n;
	m->src[m->n] = (struct merge_src){ .cur = c };
	m->src[m->n].ev.source = source;
	m->n++;
	return 0;
}

static int advance(struct merge_src *s)
{
	int source = s->ev.source;
	int r = tq_td_cursor_next(s->cur, &s->ev);

	s->ev.source = source;
	if (r < 0)
		return r;
	s->has = r > 0;
	return 0;
}

int tq_td_merge_next(struct tq_td_merge *m, struct tq_td_event **ev)
{
	int i, best = -1, err;

	if (!m->primed) {
		for (i = 0; i < m->n; i++) {
			err = advance(&m->src[i]);
			if (err)
				return err;
		}
		m->primed = true;
	} else if (m->last >= 0) {
		err = advance(&m->src[m->last]);
		if (err)
			return err;
	}
	for (i = 0; i < m->n; i++) {
		if (!m->src[i].has)
			continue;
		if (best < 0 || m->src[i].ev.rec.ts < m->src[best].ev.rec.ts)
			best = i;
	}
	m->last = best;
	if (best < 0)
		return 0;
	*ev = &m->src[best].ev;
	return 1;
}

int tq_td_merge_peek(struct tq_td_merge *m, struct tq_td_event **ev)
{
	int i, best = -1, source, buffer, err;

	if (m->last < 0)
		return 0;
	source = m->src[m->last].ev.source;
	buffer = m->src[m->last].ev.buffer;
	err = advance(&m->src[m->last]);
	if (err)
		return err;
	/* nothing is taken until tq_td_merge_drop() says so */
	m->last = -1;
	for (i = 0; i < m->n; i++) {
		const struct merge_src *s = &m->src[i];

		if (!s->has || s->ev.source != source || s->ev.buffer != buffer)
			continue;
		if (best < 0 || s->ev.rec.ts < m->src[best].ev.rec.ts)
			best = i;
	}
	if (best < 0)
		return 0;
	*ev = &m->src[best].ev;
	return 1;
}

void tq_td_merge_drop(struct tq_td_merge *m, const struct tq_td_event *ev)
{
	int i;

	for (i = 0; i < m->n; i++) {
		if (&m->src[i].ev == ev) {
			m->last = i;
			return;
		}
	}
}

void tq_td_merge_free(struct tq_td_merge *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		tq_td_cursor_free(m->src[i].cur);
	free(m->src);
	free(m);
}
