// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat writer (v6 and v7). Layout facts: ../shared/docs/trace-dat.md; the file is
 * laid out as trace-cmd 3.1.6 lays it out, so that its reader (and ours) take it as theirs.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "util/diag.h"
#include "tracedat/write.h"

/* Ring-buffer pages per compressed chunk, as trace-cmd */
#define CHUNK_PAGES 10
#define COPY_SIZE (1 << 20)

enum {
	OPT_DONE = 0,
	OPT_DATE = 1,
	OPT_CPUSTAT = 2,
	OPT_BUFFER = 3,
	OPT_TRACECLOCK = 4,
	OPT_UNAME = 5,
	OPT_OFFSET = 7,
	OPT_CPUCOUNT = 8,
	OPT_VERSION = 9,
	OPT_TRACEID = 11,
	SEC_OPTIONS = 0,
	SEC_BUFFER = 3,
	SEC_STRINGS = 15,
	SEC_HEADERS = 16,
	SEC_FTRACE = 17,
	SEC_EVENTS = 18,
	SEC_KALLSYMS = 19,
	SEC_PRINTK = 20,
	SEC_CMDLINES = 21,
};

#define SEC_FL_COMPRESSED 1

struct blob {
	char *data;
	size_t len;
	bool set;
};

struct fmt_system {
	char *name;
	struct blob *events;
	size_t n;
};

struct tdw_cpu {
	char *path;
	char *stats;
	uint64_t off;	/* filled while writing */
	uint64_t size;
};

struct tdw_buffer {
	char *name;
	char *clock;
	int ncpus;
	struct tdw_cpu *cpus;
	uint64_t patch;	/* v6: where its BUFFER option's offset goes */
};

struct tq_tdw {
	struct blob blobs[TQ_TDW_NBLOBS];
	struct blob *ftrace;
	size_t nftrace;
	struct fmt_system *systems;
	size_t nsystems;
	struct tdw_buffer *buffers;
	size_t nbuffers;
	uint64_t trace_id;
	int cpu_count;
};

/* ---- building ------------------------------------------------------------------------ */

struct tq_tdw *tq_tdw_new(void)
{
	return calloc(1, sizeof(struct tq_tdw));
}

void tq_tdw_free(struct tq_tdw *tdw)
{
	if (!tdw)
		return;
	for (int i = 0; i < TQ_TDW_NBLOBS; i++)
		free(tdw->blobs[i].data);
	for (size_t i = 0; i < tdw->nftrace; i++)
		free(tdw->ftrace[i].data);
	free(tdw->ftrace);
	for (size_t i = 0; i < tdw->nsystems; i++) {
		for (size_t j = 0; j < tdw->systems[i].n; j++)
			free(tdw->systems[i].events[j].data);
		free(tdw->systems[i].events);
		free(tdw->systems[i].name);
	}
	free(tdw->systems);
	for (size_t i = 0; i < tdw->nbuffers; i++) {
		struct tdw_buffer *b = &tdw->buffers[i];

		for (int c = 0; c < b->ncpus; c++) {
			free(b->cpus[c].path);
			free(b->cpus[c].stats);
		}
		free(b->cpus);
		free(b->name);
		free(b->clock);
	}
	free(tdw->buffers);
	free(tdw);
}

static int blob_set(struct blob *b, const void *data, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	free(b->data);
	b->data = copy;
	b->len = len;
	b->set = true;
	return 0;
}

/* Grow an array of `size`-byte elements by one zeroed element; NULL on ENOMEM. */
static void *array_push(void *arrayp, size_t *n, size_t size)
{
	void **array = arrayp;
	char *grown = realloc(*array, (*n + 1) * size);

	if (!grown)
		return NULL;
	*array = grown;
	memset(grown + *n * size, 0, size);
	return grown + (*n)++ * size;
}

int tq_tdw_set_blob(struct tq_tdw *tdw, enum tq_tdw_blob which, const void *data, size_t len)
{
	if ((int)which < 0 || which >= TQ_TDW_NBLOBS)
		return -EINVAL;
	return blob_set(&tdw->blobs[which], data, len);
}

int tq_tdw_add_ftrace_format(struct tq_tdw *tdw, const void *data, size_t len)
{
	struct blob *b = array_push(&tdw->ftrace, &tdw->nftrace, sizeof(*b));

	if (!b)
		return -ENOMEM;
	if (blob_set(b, data, len)) {
		tdw->nftrace--;
		return -ENOMEM;
	}
	return 0;
}

int tq_tdw_add_event_format(struct tq_tdw *tdw, const char *system, const void *data,
			    size_t len)
{
	struct fmt_system *sys = NULL;
	struct blob *b;

	for (size_t i = 0; i < tdw->nsystems; i++)
		if (!strcmp(tdw->systems[i].name, system))
			sys = &tdw->systems[i];
	if (!sys) {
		char *name = strdup(system);

		if (!name)
			return -ENOMEM;
		sys = array_push(&tdw->systems, &tdw->nsystems, sizeof(*sys));
		if (!sys) {
			free(name);
			return -ENOMEM;
		}
		sys->name = name;
	}
	b = array_push(&sys->events, &sys->n, sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (blob_set(b, data, len)) {
		sys->n--;
		return -ENOMEM;
	}
	return 0;
}

void tq_tdw_set_trace_id(struct tq_tdw *tdw, uint64_t id)
{
	tdw->trace_id = id;
}

void tq_tdw_set_cpu_count(struct tq_tdw *tdw, int ncpus)
{
	tdw->cpu_count = ncpus;
}

int tq_tdw_add_buffer(struct tq_tdw *tdw, const char *name, const char *clock, int ncpus)
{
	struct tdw_buffer *b;
	struct tdw_buffer nb = { 0 };

	if (ncpus < 1 || ncpus > 4096)
		return tq_fail(EINVAL, "bad CPU count %d for buffer '%s'", ncpus, name);
	if (!tdw->nbuffers && *name)
		return tq_fail(EINVAL, "the top buffer must be added before instance '%s'", name);
	nb.name = strdup(name);
	nb.clock = strdup(clock && *clock ? clock : "local");
	nb.cpus = calloc(ncpus, sizeof(*nb.cpus));
	nb.ncpus = ncpus;
	if (!nb.name || !nb.clock || !nb.cpus)
		goto nomem;
	b = array_push(&tdw->buffers, &tdw->nbuffers, sizeof(*b));
	if (!b)
		goto nomem;
	*b = nb;
	return (int)tdw->nbuffers - 1;
nomem:
	free(nb.name);
	free(nb.clock);
	free(nb.cpus);
	return -ENOMEM;
}

int tq_tdw_set_cpu(struct tq_tdw *tdw, int buffer, int cpu, const char *data_path,
		   const char *stats)
{
	struct tdw_cpu *c;

	if (buffer < 0 || (size_t)buffer >= tdw->nbuffers || cpu < 0 ||
	    cpu >= tdw->buffers[buffer].ncpus)
		return -EINVAL;
	c = &tdw->buffers[buffer].cpus[cpu];
	if (data_path) {
		char *p = strdup(data_path);

		if (!p)
			return -ENOMEM;
		free(c->path);
		c->path = p;
	}
	if (stats) {
		char *s = strdup(stats);

		if (!s)
			return -ENOMEM;
		free(c->stats);
		c->stats = s;
	}
	return 0;
}

int tq_tdw_parse_compression(const char *name, enum tq_tdw_compression *comp)
{
	if (!strcmp(name, "none"))
		*comp = TQ_TDW_COMP_NONE;
	else if (!strcmp(name, "zstd") || !strcmp(name, "any"))
		*comp = TQ_TDW_COMP_ZSTD;
	else if (!strcmp(name, "zlib"))
		*comp = TQ_TDW_COMP_ZLIB;
	else
		return tq_fail(EINVAL, "unknown compression '%s' (none, zstd, zlib)", name);
	return 0;
}

const char *tq_tdw_compression_name(enum tq_tdw_compression comp)
{
	switch (comp) {
	case TQ_TDW_COMP_ZSTD:
		return "zstd";
	case TQ_TDW_COMP_ZLIB:
		return "zlib";
	default:
		return "none";
	}
}

/* The data field of header_page ends where the ring-buffer page ends. */
unsigned tq_header_page_size(const char *header_page)
{
	const char *line;

	if (header_page && (line = strstr(header_page, " data;"))) {
		const char *o = strstr(line, "offset:");
		const char *s = strstr(line, "size:");
		const char *eol = strchr(line, '\n');

		if (o && s && (!eol || (o < eol && s < eol))) {
			unsigned long off = strtoul(o + 7, NULL, 10);
			unsigned long size = strtoul(s + 5, NULL, 10);

			if (off + size >= 64 && off + size <= (1UL << 27))
				return (unsigned)(off + size);
		}
	}
	return (unsigned)getpagesize();
}

unsigned tq_tdw_page_size(const struct tq_tdw *tdw)
{
	const struct blob *hp = &tdw->blobs[TQ_TDW_HEADER_PAGE];

	return tq_header_page_size(hp->set ? hp->data : NULL);
}

/* ---- output helpers ------------------------------------------------------------------ */

struct wbuf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static void wb_put(struct wbuf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	/* data NULL only reserves room (compression output) */
	if (n && data)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void wb_u16(struct wbuf *b, uint16_t v)
{
	wb_put(b, &v, sizeof(v));
}

static void wb_u32(struct wbuf *b, uint32_t v)
{
	wb_put(b, &v, sizeof(v));
}

static void wb_u64(struct wbuf *b, uint64_t v)
{
	wb_put(b, &v, sizeof(v));
}

static void wb_cstr(struct wbuf *b, const char *s)
{
	wb_put(b, s, strlen(s) + 1);
}

/* An option whose payload is a string: the size counts the NUL */
static void wb_opt_str(struct wbuf *b, uint16_t id, const char *text, size_t len)
{
	wb_u16(b, id);
	wb_u32(b, (uint32_t)(len + 1));
	wb_put(b, text, len);
	wb_put(b, "", 1);
}

struct out {
	int fd;
	const char *path;	/* the final name, for messages */
	uint64_t pos;
	int version;
	enum tq_tdw_compression comp;
	unsigned page_size;
	bool size_with_count;
	ZSTD_CCtx *zctx;
	struct wbuf strings;	/* v7 section descriptions */
	struct wbuf opts;	/* options queued for the next options section */
	uint64_t done_patch;	/* where the last DONE's next-offset lives, or 0 */
	char *copybuf;
};

static int io_fail(struct out *o, int err, const char *what)
{
	if (err == ENOSPC || err == EDQUOT)
		return tq_fail(err, "cannot write '%s': %s (the file was not created)", o->path,
			       strerror(err));
	return tq_fail(err, "cannot %s '%s': %s", what, o->path, strerror(err));
}

static int out_write(struct out *o, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return io_fail(o, errno, "write");
		}
		if (w == 0)
			return io_fail(o, ENOSPC, "write");
		p += w;
		n -= (size_t)w;
		o->pos += (uint64_t)w;
	}
	return 0;
}

static int out_wbuf(struct out *o, struct wbuf *b)
{
	if (b->oom)
		return -ENOMEM;
	return out_write(o, b->p, b->len);
}

static int out_patch(struct out *o, uint64_t off, const void *data, size_t n)
{
	ssize_t w = pwrite(o->fd, data, n, (off_t)off);

	if (w < 0)
		return io_fail(o, errno, "write");
	if ((size_t)w != n)
		return io_fail(o, ENOSPC, "write");
	return 0;
}

static int out_patch_u64(struct out *o, uint64_t off, uint64_t v)
{
	return out_patch(o, off, &v, sizeof(v));
}

/* Leave a hole up to the next multiple of align (page alignment of CPU data). */
static int out_align(struct out *o, uint64_t align)
{
	uint64_t to = (o->pos + align - 1) / align * align;

	if (to == o->pos)
		return 0;
	if (lseek(o->fd, (off_t)to, SEEK_SET) < 0)
		return io_fail(o, errno, "seek in");
	o->pos = to;
	return 0;
}

/* Compress src into dst (appended). Returns the compressed size or a negative errno. */
static long compress_into(struct out *o, const void *src, size_t len, struct wbuf *dst)
{
	size_t bound = o->comp == TQ_TDW_COMP_ZSTD ? ZSTD_compressBound(len) :
						     compressBound((uLong)len);
	size_t at = dst->len;
	size_t csize;

	wb_put(dst, NULL, bound);
	if (dst->oom)
		return -ENOMEM;
	if (o->comp == TQ_TDW_COMP_ZSTD) {
		csize = ZSTD_compress2(o->zctx, dst->p + at, bound, src, len);
		if (ZSTD_isError(csize))
			return tq_fail(EIO, "zstd compression failed: %s",
				       ZSTD_getErrorName(csize));
	} else {
		uLongf zlen = (uLongf)bound;

		if (compress2((Bytef *)dst->p + at, &zlen, src, (uLong)len, 9) != Z_OK)
			return tq_fail(EIO, "zlib compression failed");
		csize = zlen;
	}
	if (csize > UINT32_MAX)
		return tq_fail(EFBIG, "compressed block too large");
	dst->len = at + csize;
	return (long)csize;
}

static uint32_t add_string(struct out *o, const char *s)
{
	uint32_t id = (uint32_t)o->strings.len;

	wb_cstr(&o->strings, s);
	return id;
}

static int write_section_header(struct out *o, uint16_t id, uint16_t flags, uint32_t desc,
				uint64_t size)
{
	struct wbuf h = { 0 };
	int ret;

	wb_u16(&h, id);
	wb_u16(&h, flags);
	wb_u32(&h, desc);
	wb_u64(&h, size);
	ret = out_wbuf(o, &h);
	free(h.p);
	return ret;
}

/*
 * A metadata section: one compressed block (u32 csize, u32 usize, data) or the body as is.
 * The option pointing at it is queued.
 */
static int write_block_section_id(struct out *o, uint16_t id, uint32_t sid, struct wbuf *body)
{
	uint64_t start = o->pos;
	int ret;

	if (body->oom)
		return -ENOMEM;
	if (o->comp == TQ_TDW_COMP_NONE) {
		ret = write_section_header(o, id, 0, sid, body->len);
		if (!ret)
			ret = out_wbuf(o, body);
	} else {
		struct wbuf c = { 0 };
		long csize;

		if (body->len > UINT32_MAX)
			return tq_fail(EFBIG, "section %u too large", id);
		wb_u32(&c, 0);
		wb_u32(&c, (uint32_t)body->len);
		csize = compress_into(o, body->p, body->len, &c);
		if (csize < 0) {
			free(c.p);
			return (int)csize;
		}
		memcpy(c.p, &(uint32_t){ (uint32_t)csize }, 4);
		ret = write_section_header(o, id, SEC_FL_COMPRESSED, sid, c.len);
		if (!ret)
			ret = out_wbuf(o, &c);
		free(c.p);
	}
	if (ret)
		return ret;
	if (id != SEC_STRINGS) {
		wb_u16(&o->opts, id);
		wb_u32(&o->opts, 8);
		wb_u64(&o->opts, start);
	}
	return 0;
}

static int write_block_section(struct out *o, uint16_t id, const char *desc, struct wbuf *body)
{
	return write_block_section_id(o, id, add_string(o, desc), body);
}

/* ---- metadata bodies, shared by v6 (inline) and v7 (sections) ------------------------- */

static void body_headers(const struct tq_tdw *tdw, struct wbuf *b)
{
	const struct blob *hp = &tdw->blobs[TQ_TDW_HEADER_PAGE];
	const struct blob *he = &tdw->blobs[TQ_TDW_HEADER_EVENT];

	wb_cstr(b, "header_page");
	wb_u64(b, hp->len);
	wb_put(b, hp->data, hp->len);
	wb_cstr(b, "header_event");
	wb_u64(b, he->len);
	wb_put(b, he->data, he->len);
}

static void body_ftrace(const struct tq_tdw *tdw, struct wbuf *b)
{
	wb_u32(b, (uint32_t)tdw->nftrace);
	for (size_t i = 0; i < tdw->nftrace; i++) {
		wb_u64(b, tdw->ftrace[i].len);
		wb_put(b, tdw->ftrace[i].data, tdw->ftrace[i].len);
	}
}

static void body_events(const struct tq_tdw *tdw, struct wbuf *b)
{
	wb_u32(b, (uint32_t)tdw->nsystems);
	for (size_t i = 0; i < tdw->nsystems; i++) {
		const struct fmt_system *s = &tdw->systems[i];

		wb_cstr(b, s->name);
		wb_u32(b, (uint32_t)s->n);
		for (size_t j = 0; j < s->n; j++) {
			wb_u64(b, s->events[j].len);
			wb_put(b, s->events[j].data, s->events[j].len);
		}
	}
}

/* kallsyms and printk carry a u32 size, cmdlines a u64 one. */
static void body_blob(const struct tq_tdw *tdw, enum tq_tdw_blob which, bool size64,
		      struct wbuf *b)
{
	const struct blob *bl = &tdw->blobs[which];

	if (size64)
		wb_u64(b, bl->len);
	else
		wb_u32(b, (uint32_t)bl->len);
	wb_put(b, bl->data, bl->len);
}

/* The options every file carries, in 3.1.6's order. */
static void queue_common_options(const struct tq_tdw *tdw, struct wbuf *opts)
{
	const struct blob *bl;
	char clock[256];

	bl = &tdw->blobs[TQ_TDW_DATE];
	if (bl->set)
		wb_opt_str(opts, OPT_DATE, bl->data, bl->len);
	/* trace-cmd writes one of DATE and OFFSET, at this place */
	bl = &tdw->blobs[TQ_TDW_OFFSET];
	if (bl->set)
		wb_opt_str(opts, OPT_OFFSET, bl->data, bl->len);
	bl = &tdw->blobs[TQ_TDW_TRACE_CLOCK];
	if (bl->set) {
		wb_opt_str(opts, OPT_TRACECLOCK, bl->data, bl->len);
	} else {
		int n = snprintf(clock, sizeof(clock), "[%s]\n", tdw->buffers[0].clock);

		wb_opt_str(opts, OPT_TRACECLOCK, clock, (size_t)n < sizeof(clock) ? (size_t)n :
			   sizeof(clock) - 1);
	}
	bl = &tdw->blobs[TQ_TDW_UNAME];
	if (bl->set)
		wb_opt_str(opts, OPT_UNAME, bl->data, bl->len);
	bl = &tdw->blobs[TQ_TDW_VERSION];
	if (bl->set)
		wb_opt_str(opts, OPT_VERSION, bl->data, bl->len);
	wb_u16(opts, OPT_TRACEID);
	wb_u32(opts, 8);
	wb_u64(opts, tdw->trace_id);
	for (size_t i = 0; i < tdw->nbuffers; i++) {
		const struct tdw_buffer *b = &tdw->buffers[i];

		if (i) {
			char head[300];
			int n = snprintf(head, sizeof(head), "\nBuffer: %s\n\n", b->name);

			wb_opt_str(opts, OPT_CPUSTAT, head, (size_t)n < sizeof(head) ? (size_t)n :
				   sizeof(head) - 1);
		}
		for (int c = 0; c < b->ncpus; c++)
			if (b->cpus[c].stats)
				wb_opt_str(opts, OPT_CPUSTAT, b->cpus[c].stats,
					   strlen(b->cpus[c].stats));
	}
}

/* ---- CPU data ------------------------------------------------------------------------ */

static int open_cpu_data(struct out *o, const struct tdw_cpu *c, int *fd, uint64_t *size)
{
	struct stat st;

	*fd = -1;
	*size = 0;
	if (!c->path)
		return 0;
	*fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return tq_fail(errno, "cannot open '%s': %s", c->path, strerror(errno));
	if (fstat(*fd, &st) < 0) {
		int err = errno;

		close(*fd);
		*fd = -1;
		return tq_fail(err, "cannot stat '%s': %s", c->path, strerror(err));
	}
	/* a torn last page cannot be parsed: keep whole pages only */
	*size = (uint64_t)st.st_size / o->page_size * o->page_size;
	return 0;
}

static int read_full(int fd, const char *path, char *buf, size_t n, uint64_t off)
{
	while (n) {
		ssize_t r = pread(fd, buf, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return tq_fail(errno, "cannot read '%s': %s", path, strerror(errno));
		if (r == 0)
			return tq_fail(EIO, "'%s' shrank while being read", path);
		buf += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int copy_raw(struct out *o, int fd, const char *path, uint64_t size)
{
	uint64_t done = 0;

	while (done < size) {
		size_t n = size - done < COPY_SIZE ? (size_t)(size - done) : COPY_SIZE;
		int ret = read_full(fd, path, o->copybuf, n, done);

		if (!ret)
			ret = out_write(o, o->copybuf, n);
		if (ret)
			return ret;
		done += n;
	}
	return 0;
}

/* u32 nchunks, then per chunk u32 csize, u32 usize, data. Returns the size to record. */
static int copy_chunked(struct out *o, int fd, const char *path, uint64_t size,
			uint64_t *recorded)
{
	size_t chunk = (size_t)o->page_size * CHUNK_PAGES;
	uint64_t start = o->pos;
	uint64_t done = 0;
	uint32_t nchunks = 0;
	struct wbuf c = { 0 };
	int ret;

	ret = out_write(o, &nchunks, 4);
	while (!ret && done < size) {
		size_t n = size - done < chunk ? (size_t)(size - done) : chunk;
		long csize;

		c.len = 0;
		ret = read_full(fd, path, o->copybuf, n, done);
		if (ret)
			break;
		wb_u32(&c, 0);
		wb_u32(&c, (uint32_t)n);
		csize = compress_into(o, o->copybuf, n, &c);
		if (csize < 0) {
			ret = (int)csize;
			break;
		}
		memcpy(c.p, &(uint32_t){ (uint32_t)csize }, 4);
		ret = out_wbuf(o, &c);
		done += n;
		nchunks++;
	}
	free(c.p);
	if (ret)
		return ret;
	*recorded = o->pos - start - (o->size_with_count ? 0 : 4);
	return out_patch(o, start, &nchunks, 4);
}

/* Every CPU of a buffer, the data of each on a page boundary; fills cpus[].off/size. */
static int write_cpu_data(struct out *o, struct tdw_buffer *b)
{
	for (int i = 0; i < b->ncpus; i++) {
		struct tdw_cpu *c = &b->cpus[i];
		uint64_t size;
		int fd, ret;

		ret = open_cpu_data(o, c, &fd, &size);
		if (ret)
			return ret;
		/* an empty CPU gets no alignment hole: a hole at the very end of the file
		 * would leave its offset past EOF */
		ret = size ? out_align(o, o->page_size) : 0;
		c->off = o->pos;
		c->size = 0;
		if (!ret && size) {
			if (o->comp == TQ_TDW_COMP_NONE) {
				ret = copy_raw(o, fd, c->path, size);
				c->size = size;
			} else {
				ret = copy_chunked(o, fd, c->path, size, &c->size);
			}
		}
		if (fd >= 0)
			close(fd);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- v7 ------------------------------------------------------------------------------ */

/* Write the queued options as an options section and chain it from the previous one. */
static int flush_options(struct out *o, uint64_t header_patch)
{
	uint64_t start = o->pos;
	uint32_t sid = add_string(o, "options");
	int ret;

	wb_u16(&o->opts, OPT_DONE);
	wb_u32(&o->opts, 8);
	wb_u64(&o->opts, 0);
	if (o->opts.oom)
		return -ENOMEM;
	ret = write_section_header(o, SEC_OPTIONS, 0, sid, o->opts.len);
	if (!ret)
		ret = out_wbuf(o, &o->opts);
	if (ret)
		return ret;
	if (o->done_patch)
		ret = out_patch_u64(o, o->done_patch, start);
	else
		ret = out_patch_u64(o, header_patch, start);
	o->done_patch = o->pos - 8;
	o->opts.len = 0;
	return ret;
}

static int write_buffer_v7(struct out *o, struct tdw_buffer *b)
{
	uint64_t start = o->pos;
	char desc[300];
	uint32_t sid, n = 0;
	uint64_t size;
	int ret;

	snprintf(desc, sizeof(desc), "buffer flyrecord %s", b->name);
	sid = add_string(o, desc);
	ret = write_section_header(o, SEC_BUFFER,
				   o->comp != TQ_TDW_COMP_NONE ? SEC_FL_COMPRESSED : 0, sid, 0);
	if (!ret)
		ret = write_cpu_data(o, b);
	if (ret)
		return ret;
	size = o->pos - start - 16;
	ret = out_patch_u64(o, start + 8, size);
	if (ret)
		return ret;

	for (int i = 0; i < b->ncpus; i++)
		n += b->cpus[i].size != 0;
	wb_u16(&o->opts, OPT_BUFFER);
	wb_u32(&o->opts, (uint32_t)(8 + strlen(b->name) + 1 + strlen(b->clock) + 1 + 4 + 4 +
				    n * 20));
	wb_u64(&o->opts, start);
	wb_cstr(&o->opts, b->name);
	wb_cstr(&o->opts, b->clock);
	wb_u32(&o->opts, o->page_size);
	wb_u32(&o->opts, n);
	for (int i = 0; i < b->ncpus; i++) {
		if (!b->cpus[i].size)
			continue;
		wb_u32(&o->opts, (uint32_t)i);
		wb_u64(&o->opts, b->cpus[i].off);
		wb_u64(&o->opts, b->cpus[i].size);
	}
	return flush_options(o, 0);
}

static int write_v7(struct tq_tdw *tdw, struct out *o, uint64_t header_patch)
{
	struct wbuf body = { 0 };
	uint32_t sid;
	int ret;

#define SECTION(id, desc, fill)                                       \
	do {                                                          \
		body.len = 0;                                         \
		fill;                                                 \
		ret = write_block_section(o, id, desc, &body);        \
		if (ret)                                              \
			goto out;                                     \
	} while (0)

	SECTION(SEC_HEADERS, "headers", body_headers(tdw, &body));
	SECTION(SEC_FTRACE, "ftrace events", body_ftrace(tdw, &body));
	SECTION(SEC_EVENTS, "events format", body_events(tdw, &body));
	SECTION(SEC_KALLSYMS, "kallsyms", body_blob(tdw, TQ_TDW_KALLSYMS, false, &body));
	SECTION(SEC_PRINTK, "printk", body_blob(tdw, TQ_TDW_PRINTK, false, &body));
	queue_common_options(tdw, &o->opts);
	SECTION(SEC_CMDLINES, "command lines", body_blob(tdw, TQ_TDW_CMDLINES, true, &body));
	wb_u16(&o->opts, OPT_CPUCOUNT);
	wb_u32(&o->opts, 4);
	wb_u32(&o->opts, (uint32_t)tdw->cpu_count);
	ret = flush_options(o, header_patch);
	for (size_t i = 0; !ret && i < tdw->nbuffers; i++)
		ret = write_buffer_v7(o, &tdw->buffers[i]);
	if (ret)
		goto out;
	/* the strings section holds its own description */
	sid = add_string(o, "strings");
	body.len = 0;
	wb_put(&body, o->strings.p, o->strings.len);
	if (o->strings.oom)
		ret = -ENOMEM;
	else
		ret = write_block_section_id(o, SEC_STRINGS, sid, &body);
#undef SECTION
out:
	free(body.p);
	return ret;
}

/* ---- v6 ------------------------------------------------------------------------------ */

/* "flyrecord\0", the offset/size table, the clock, and the page-aligned data */
static int write_flyrecord_v6(struct out *o, struct tdw_buffer *b, int table_cpus)
{
	struct wbuf w = { 0 };
	uint64_t table;
	char clock[300];
	int n, ret;

	if (b->patch) {
		ret = out_patch_u64(o, b->patch, o->pos);
		if (ret)
			return ret;
	}
	wb_put(&w, "flyrecord", 10);
	table = o->pos + w.len;
	for (int i = 0; i < table_cpus; i++) {
		wb_u64(&w, 0);
		wb_u64(&w, 0);
	}
	n = snprintf(clock, sizeof(clock), "[%s]", b->clock);
	wb_u64(&w, (uint64_t)n);
	wb_put(&w, clock, (size_t)n);
	ret = out_wbuf(o, &w);
	free(w.p);
	if (!ret)
		ret = write_cpu_data(o, b);
	if (ret)
		return ret;
	for (int i = 0; i < table_cpus; i++) {
		uint64_t pair[2] = { o->pos, 0 };

		if (i < b->ncpus) {
			pair[0] = b->cpus[i].off;
			pair[1] = b->cpus[i].size;
		}
		ret = out_patch(o, table + 16 * (uint64_t)i, pair, sizeof(pair));
		if (ret)
			return ret;
	}
	return 0;
}

static int write_v6(struct tq_tdw *tdw, struct out *o)
{
	struct wbuf w = { 0 };
	int ret;

	body_headers(tdw, &w);
	body_ftrace(tdw, &w);
	body_events(tdw, &w);
	body_blob(tdw, TQ_TDW_KALLSYMS, false, &w);
	body_blob(tdw, TQ_TDW_PRINTK, false, &w);
	body_blob(tdw, TQ_TDW_CMDLINES, true, &w);
	wb_u32(&w, (uint32_t)tdw->cpu_count);
	wb_put(&w, "options  ", 10);
	queue_common_options(tdw, &w);
	for (size_t i = 1; i < tdw->nbuffers; i++) {
		struct tdw_buffer *b = &tdw->buffers[i];

		wb_u16(&w, OPT_BUFFER);
		wb_u32(&w, (uint32_t)(8 + strlen(b->name) + 1));
		b->patch = o->pos + w.len;
		wb_u64(&w, 0);
		wb_cstr(&w, b->name);
		if (b->ncpus != tdw->cpu_count) {
			wb_u16(&w, OPT_CPUCOUNT);
			wb_u32(&w, 4);
			wb_u32(&w, (uint32_t)b->ncpus);
		}
	}
	wb_u16(&w, OPT_DONE);
	ret = out_wbuf(o, &w);
	free(w.p);
	for (size_t i = 0; !ret && i < tdw->nbuffers; i++) {
		struct tdw_buffer *b = &tdw->buffers[i];
		int table = b->ncpus > tdw->cpu_count ? b->ncpus : tdw->cpu_count;

		ret = write_flyrecord_v6(o, b, i ? table : tdw->cpu_count);
	}
	return ret;
}

/* ---- the file ------------------------------------------------------------------------ */

static int write_file_header(struct tq_tdw *tdw, struct out *o, uint64_t *header_patch)
{
	static const char magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
	const uint16_t probe = 1;
	struct wbuf w = { 0 };
	int ret;

	wb_put(&w, magic, sizeof(magic));
	wb_cstr(&w, o->version == 6 ? "6" : "7");
	wb_put(&w, &(char){ *(const char *)&probe ? 0 : 1 }, 1);
	wb_put(&w, &(char){ (char)sizeof(long) }, 1);
	wb_u32(&w, o->page_size);
	if (o->version == 7) {
		wb_cstr(&w, tq_tdw_compression_name(o->comp));
		if (o->comp == TQ_TDW_COMP_ZSTD)
			wb_cstr(&w, ZSTD_versionString());
		else if (o->comp == TQ_TDW_COMP_ZLIB)
			wb_cstr(&w, zlibVersion());
		else
			wb_cstr(&w, "");
		*header_patch = w.len;
		wb_u64(&w, 0);
	}
	ret = out_wbuf(o, &w);
	free(w.p);
	(void)tdw;
	return ret;
}

static int check_ready(struct tq_tdw *tdw, const struct tq_tdw_opts *opts)
{
	if (!tdw->nbuffers)
		return tq_fail(EINVAL, "no buffer to write");
	if (opts->version && opts->version != 6 && opts->version != 7)
		return tq_fail(EINVAL, "unsupported file version %d (6 or 7)", opts->version);
	if (!tdw->cpu_count)
		tdw->cpu_count = tdw->buffers[0].ncpus;
	if (!tdw->trace_id && getrandom(&tdw->trace_id, sizeof(tdw->trace_id), 0) < 0)
		tdw->trace_id = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL);
	return 0;
}

static int write_all(struct tq_tdw *tdw, struct out *o)
{
	uint64_t header_patch = 0;
	int ret;

	ret = write_file_header(tdw, o, &header_patch);
	if (ret)
		return ret;
	return o->version == 6 ? write_v6(tdw, o) : write_v7(tdw, o, header_patch);
}

static int temp_name(const char *path, char **tmp)
{
	if (asprintf(tmp, "%s.XXXXXX.part", path) < 0) {
		*tmp = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* fsync the directory so that the rename survives a crash */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	char *slash;
	int fd;

	if (!copy)
		return;
	slash = strrchr(copy, '/');
	if (slash == copy)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	fd = open(slash ? copy : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int tq_tdw_write(struct tq_tdw *tdw, const char *path, const struct tq_tdw_opts *opts,
		 uint64_t *bytes)
{
	struct out o = { .fd = -1, .path = path };
	char *tmp = NULL;
	mode_t mask;
	int ret;

	ret = check_ready(tdw, opts);
	if (ret)
		return ret;
	o.comp = opts->compression;
	o.version = o.comp != TQ_TDW_COMP_NONE ? 7 : opts->version ? opts->version : 7;
	o.page_size = tq_tdw_page_size(tdw);
	o.size_with_count = opts->size_with_chunk_count;
	o.copybuf = malloc(COPY_SIZE > o.page_size * CHUNK_PAGES ? COPY_SIZE :
			   o.page_size * CHUNK_PAGES);
	if (!o.copybuf || temp_name(path, &tmp)) {
		ret = -ENOMEM;
		goto out;
	}
	if (o.comp == TQ_TDW_COMP_ZSTD) {
		o.zctx = ZSTD_createCCtx();
		if (!o.zctx) {
			ret = -ENOMEM;
			goto out;
		}
		/* 3.1.6 frames carry no content size */
		ZSTD_CCtx_setParameter(o.zctx, ZSTD_c_contentSizeFlag, 0);
	}
	o.fd = mkstemps(tmp, 5);
	if (o.fd < 0) {
		ret = tq_fail(errno, "cannot create a file next to '%s': %s", path,
			      strerror(errno));
		goto out;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(o.fd, 0666 & ~mask) < 0) {
		ret = io_fail(&o, errno, "set the mode of");
		goto out;
	}
	ret = write_all(tdw, &o);
	if (!ret && (o.strings.oom || o.opts.oom))
		ret = -ENOMEM;
	if (!ret && fsync(o.fd) < 0)
		ret = io_fail(&o, errno, "flush");
	if (!ret && close(o.fd) < 0)
		ret = io_fail(&o, errno, "flush");
	if (!ret)
		o.fd = -1;
	if (!ret && rename(tmp, path) < 0)
		ret = tq_fail(errno, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
	if (!ret) {
		sync_dir(path);
		if (bytes)
			*bytes = o.pos;
	}
out:
	if (o.fd >= 0)
		close(o.fd);
	if (ret && tmp)
		unlink(tmp);
	free(tmp);
	free(o.copybuf);
	free(o.strings.p);
	free(o.opts.p);
	ZSTD_freeCCtx(o.zctx);
	return ret;
}
