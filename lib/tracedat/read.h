/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_READ_H
#define TQ_TRACEDAT_READ_H

/*
 * Reader for the trace.dat files trace-cmd writes (versions 6 and 7, compression none,
 * zstd or zlib). The file is mapped once; metadata (formats, kallsyms, printk formats,
 * saved cmdlines) go into a libtraceevent handle; the per-CPU ring-buffer pages are
 * walked with libtraceevent's kbuffer and merged by timestamp.
 *
 * Every function returns 0 (or a count) on success and a negative errno on failure, with
 * a message naming the file and offset left in lib/util/diag.h.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event-parse.h>

/* Option and section ids, shared by both (trace-dat.md 2.3, 2.8). */
enum tq_td_option_id {
	TQ_TD_OPT_DONE = 0,
	TQ_TD_OPT_DATE = 1,
	TQ_TD_OPT_CPUSTAT = 2,
	TQ_TD_OPT_BUFFER = 3,
	TQ_TD_OPT_TRACECLOCK = 4,
	TQ_TD_OPT_UNAME = 5,
	TQ_TD_OPT_HOOK = 6,
	TQ_TD_OPT_OFFSET = 7,
	TQ_TD_OPT_CPUCOUNT = 8,
	TQ_TD_OPT_VERSION = 9,
	TQ_TD_OPT_PROCMAPS = 10,
	TQ_TD_OPT_TRACEID = 11,
	TQ_TD_OPT_TIME_SHIFT = 12,
	TQ_TD_OPT_GUEST = 13,
	TQ_TD_OPT_TSC2NSEC = 14,
	TQ_TD_OPT_STRINGS = 15,
	TQ_TD_OPT_HEADER_INFO = 16,
	TQ_TD_OPT_FTRACE_EVENTS = 17,
	TQ_TD_OPT_EVENT_FORMATS = 18,
	TQ_TD_OPT_KALLSYMS = 19,
	TQ_TD_OPT_PRINTK = 20,
	TQ_TD_OPT_CMDLINES = 21,
	TQ_TD_OPT_BUFFER_TEXT = 22,
	TQ_TD_OPT_BTF_FILE = 23,
	TQ_TD_OPT_LAST_BOOT_INFO = 24,
	TQ_TD_OPT_MODULES_FILE = 25,
	TQ_TD_OPT_MAX_KNOWN = 25,
};

/* Name of an option/section id as trace-cmd dump spells it, or NULL if unknown. */
const char *tq_td_option_name(unsigned id);

enum tq_td_comp { TQ_TD_COMP_NONE, TQ_TD_COMP_ZSTD, TQ_TD_COMP_ZLIB };

struct tq_td_option {
	uint16_t id;
	uint32_t size;
	const uint8_t *data;	/* size bytes, valid while the file is open */
	uint64_t section;	/* v7: offset of the options section holding it; v6: 0 */
};

struct tq_td_section {
	uint64_t offset;	/* of the 16-byte header */
	uint16_t id;
	uint16_t flags;
	uint32_t string_id;
	uint64_t size;
	const char *desc;	/* from the strings sections, or NULL */
};

struct tq_td_cpu {
	int cpu;
	uint64_t offset;	/* absolute file offset of the data */
	uint64_t size;		/* as stored (3.1.6 compressed: without the chunk count) */
	uint64_t usize;		/* uncompressed size, filled by tq_td_cpu_usize() */
};

struct tq_td_buffer {
	const char *name;	/* "" for the top buffer */
	const char *clock;	/* bare name, e.g. "local" */
	unsigned page_size;
	int ncpus;		/* CPU array size (max cpu id + 1) */
	int nentries;		/* CPUs listed in the file */
	struct tq_td_cpu *cpus;	/* nentries entries */
	uint64_t section;	/* v7 section header offset, v6 flyrecord tag offset */
	bool compressed;	/* CPU data in chunks */
	bool latency;		/* text buffer (latency tracers) */
	const uint8_t *text;	/* latency text, decompressed */
	size_t text_len;
};

struct tq_td_meta {
	uint64_t header_page_size, header_event_size;
	int ftrace_events, systems, events;
	uint64_t kallsyms_size, printk_size, cmdlines_size;
	int format_failures;
	const char *header_page, *header_event;	/* texts, not NUL-terminated */
	/* the ftrace and event format blocks as stored (counts, sizes, texts), for dump */
	const uint8_t *ftrace_block, *events_block;
	size_t ftrace_block_len, events_block_len;
	const char *cmdlines;			/* NUL-terminated */
	const char *kallsyms;			/* NUL-terminated */
	const char *printk;
};

struct tq_tracedat {
	char *path;
	const uint8_t *map;
	size_t size;
	int version;
	bool big_endian;
	bool swap;		/* file order differs from the host's */
	int long_size;		/* user space long from the header */
	int kernel_long;	/* from header_page's commit field */
	unsigned page_size;
	enum tq_td_comp comp;
	const char *comp_name, *comp_version;
	uint64_t first_options;
	int ncpus;
	struct tep_handle *tep;
	struct tq_td_meta meta;

	struct tq_td_buffer *buffers;
	int nbuffers;
	struct tq_td_option *options;
	int noptions;
	uint64_t *options_sections;	/* v7: the options sections in chain order */
	int noptions_sections;
	struct tq_td_section *sections;
	int nsections;

	const char *trace_clock;	/* the bracketed word in use */
	const char *clock_text;		/* v6: the clock block after the CPUs, or NULL */
	uint64_t clock_text_len;
	bool clock_is_ns;		/* timestamps can be shown as seconds */
	long long ts_offset;		/* DATE x 1000 + OFFSET, ns */
	long long date_offset;		/* the DATE part of it (report --nodate) */
	/* set before the first cursor to show other times: the ring buffer's own (raw_ts),
	 * or its count at ts2secs per second (report --raw-ts, --ts2secs) */
	bool raw_ts;
	unsigned long long ts2secs;
	bool tsc2nsec;
	uint32_t tsc_mult, tsc_shift;

	char **warnings;	/* problems that did not stop reading, for the caller */
	int nwarnings;
	/* v7: the strings sections, NUL-separated, where sections' descriptions point */
	char *strings;
	size_t strings_len;
	/* the reader's own state follows in memory (lib/tracedat/internal.h) */
};

/* Flags for the open functions. */
enum {
	/* keep kallsyms as text but do not load it into libtraceevent: most of the open
	 * time of a typical file, and only needed to print kernel addresses as symbols */
	TQ_TD_NO_KALLSYMS = 1 << 0,
	/* skip parsing the metadata in a child process first (tq_td_open_flags() does it so
	 * that format text that crashes libtraceevent only fails the open) */
	TQ_TD_NO_PROBE = 1 << 1,
	/* keep kallsyms as text until tq_td_load_kallsyms(): a report whose events need no
	 * symbols never pays for it */
	TQ_TD_LAZY_KALLSYMS = 1 << 2,
	/* tq_td_open_mem(): do the child-process check too (the fuzz target) */
	TQ_TD_PROBE = 1 << 3,
};

/* Open and parse a file (everything but the event data). On failure *out is NULL. */
int tq_td_open(const char *path, struct tq_tracedat **out);
int tq_td_open_flags(const char *path, unsigned flags, struct tq_tracedat **out);
/* Same for a file already in memory (the fuzz target). The memory must outlive td. */
int tq_td_open_mem(const void *data, size_t size, const char *name, unsigned flags,
		   struct tq_tracedat **out);
void tq_td_close(struct tq_tracedat *td);
/* Load kallsyms into libtraceevent now (after TQ_TD_LAZY_KALLSYMS); idempotent. */
int tq_td_load_kallsyms(struct tq_tracedat *td);

/* Look up the first option with this id, or NULL. */
const struct tq_td_option *tq_td_find_option(const struct tq_tracedat *td, unsigned id);
/* The uncompressed size of a CPU's data (walks compressed chunk headers). */
int tq_td_cpu_usize(struct tq_tracedat *td, int buffer, int entry, uint64_t *usize);

/* One event from the ring buffer, as libtraceevent wants it. */
struct tq_td_event {
	struct tep_record rec;	/* rec.ts is the adjusted timestamp in ns (or raw units) */
	unsigned long long raw_ts;
	long long missed;	/* events lost before this one: 0 none, -1 unknown count */
	int buffer;
	int source;		/* index in the merge */
};

/* A cursor over one CPU of one buffer. */
struct tq_td_cursor;
int tq_td_cursor_new(struct tq_tracedat *td, int buffer, int entry, struct tq_td_cursor **out);
void tq_td_cursor_free(struct tq_td_cursor *c);
/* 1 and *ev filled, 0 at the end, negative on a corrupt page. ev stays valid until the next
 * call on this cursor. */
int tq_td_cursor_next(struct tq_td_cursor *c, struct tq_td_event *ev);

/* Merge of cursors by timestamp: smallest first, ties to the lower index. */
struct tq_td_merge;
int tq_td_merge_new(struct tq_td_merge **out);
int tq_td_merge_add(struct tq_td_merge *m, struct tq_td_cursor *c, int source);
/* 1 and *ev set to the next event, 0 at the end, negative on error. */
int tq_td_merge_next(struct tq_td_merge *m, struct tq_td_event **ev);
/*
 * The event that follows the one tq_td_merge_next() returned last, among the CPUs of the
 * same file and buffer, without taking it (what trace-cmd calls peeking at the next
 * record of a handle): 1 and *ev set, 0 when there is none, negative on error. The event
 * returned last is no longer valid after this call: copy what is needed of it first.
 */
int tq_td_merge_peek(struct tq_td_merge *m, struct tq_td_event **ev);
/* Take the event tq_td_merge_peek() returned: tq_td_merge_next() will not return it. */
void tq_td_merge_drop(struct tq_td_merge *m, const struct tq_td_event *ev);
/* Frees the merge and its cursors. */
void tq_td_merge_free(struct tq_td_merge *m);

/* An n-byte unsigned integer (n <= 8) in the file's byte order. */
uint64_t tq_td_get(const struct tq_tracedat *td, const uint8_t *p, int n);

#endif
