/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_WRITE_H
#define TQ_TRACEDAT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Writer of trace.dat files as trace-cmd 3.1.6 reads them: version 7 (sections, optionally
 * zstd or zlib compressed) or version 6. The caller collects the metadata (tracefs headers,
 * event formats, kallsyms, ...) into a struct tq_tdw, names for every buffer and CPU the
 * file of raw ring-buffer pages that was spliced from trace_pipe_raw, and calls
 * tq_tdw_write(). The file appears under its final name only when it is complete.
 */

enum tq_tdw_compression {
	TQ_TDW_COMP_NONE,
	TQ_TDW_COMP_ZSTD,
	TQ_TDW_COMP_ZLIB,
};

/* "none", "zstd", "zlib" (and "any" = zstd, as trace-cmd); -EINVAL with a message otherwise */
int tq_tdw_parse_compression(const char *name, enum tq_tdw_compression *comp);
const char *tq_tdw_compression_name(enum tq_tdw_compression comp);

/* The metadata blocks, each copied in verbatim. */
enum tq_tdw_blob {
	TQ_TDW_HEADER_PAGE,	/* events/header_page */
	TQ_TDW_HEADER_EVENT,	/* events/header_event */
	TQ_TDW_KALLSYMS,	/* /proc/kallsyms */
	TQ_TDW_PRINTK,		/* printk_formats */
	TQ_TDW_CMDLINES,	/* saved_cmdlines */
	TQ_TDW_TRACE_CLOCK,	/* the whole trace_clock file ("[local] global ...") */
	TQ_TDW_UNAME,		/* "sysname nodename release machine" */
	TQ_TDW_VERSION,		/* "<tool version> <id>" */
	TQ_TDW_DATE,		/* DATE option text ("0x..."), written only when set */
	TQ_TDW_OFFSET,		/* OFFSET option text (record --ts-offset), only when set */
	TQ_TDW_NBLOBS
};

struct tq_tdw;

struct tq_tdw *tq_tdw_new(void);
void tq_tdw_free(struct tq_tdw *tdw);

/* All setters copy their arguments and return 0 or -ENOMEM. */
int tq_tdw_set_blob(struct tq_tdw *tdw, enum tq_tdw_blob which, const void *data, size_t len);
/* events/ftrace/<event>/format */
int tq_tdw_add_ftrace_format(struct tq_tdw *tdw, const void *data, size_t len);
/* events/<system>/<event>/format; events of one system are grouped in the file */
int tq_tdw_add_event_format(struct tq_tdw *tdw, const char *system, const void *data,
			    size_t len);
void tq_tdw_set_trace_id(struct tq_tdw *tdw, uint64_t id);
/* Number of CPUs of the machine (CPUCOUNT); defaults to the top buffer's CPU count. */
void tq_tdw_set_cpu_count(struct tq_tdw *tdw, int ncpus);

/*
 * Add a buffer: name "" is the top buffer (add it first), anything else an instance.
 * clock is the bare clock name ("local"). Returns the buffer index or a negative errno.
 */
int tq_tdw_add_buffer(struct tq_tdw *tdw, const char *name, const char *clock, int ncpus);
/* The file of whole raw pages for one CPU (NULL or absent = no data) and its stats text. */
int tq_tdw_set_cpu(struct tq_tdw *tdw, int buffer, int cpu, const char *data_path,
		   const char *stats);

struct tq_tdw_opts {
	int version;				/* 6 or 7 (0 = 7) */
	enum tq_tdw_compression compression;	/* forces version 7 unless NONE */
	/* 3.1.6 stores a compressed CPU's size without its 4-byte chunk count; 3.2+ with it */
	bool size_with_chunk_count;
};

/*
 * Write the file: a temporary file in path's directory, fsync, then rename to path.
 * On any failure (ENOSPC, a missing page file, ...) the temporary file is removed, path is
 * untouched, and a negative errno is returned with a message naming the cause.
 * *bytes (if not NULL) receives the size of the file written.
 */
int tq_tdw_write(struct tq_tdw *tdw, const char *path, const struct tq_tdw_opts *opts,
		 uint64_t *bytes);

/* Page size the file will declare: from header_page, or the host page size. */
unsigned tq_tdw_page_size(const struct tq_tdw *tdw);
/* Ring-buffer page size described by a header_page text (NULL: the host page size). */
unsigned tq_header_page_size(const char *header_page);

#endif
