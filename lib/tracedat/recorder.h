/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_TRACEDAT_RECORDER_H
#define TQ_TRACEDAT_RECORDER_H

#include <stdbool.h>
#include <stdint.h>

struct tq_tracefs;
struct tq_tdw;

/*
 * Copies ring-buffer pages from per_cpu/cpuN/trace_pipe_raw of one or more buffers (the
 * top buffer, instances) into per-CPU files "<prefix>.cpuN" (top) or
 * "<prefix>.<instance>.cpuN". One thread per CPU, at the lowest real-time priority when
 * allowed, waits in poll(2) until the kernel wakes it (buffer_percent full), then moves
 * whole pages with splice(2); stopping reads the
 * pages still partly filled, so nothing recorded is left in the kernel.
 *
 * The recorder only reads tracefs; starting and stopping tracing is the caller's plan.
 */
struct tq_recorder;

/* Parsed per_cpu/cpuN/stats */
struct tq_cpu_stats {
	uint64_t entries;
	uint64_t overrun;
	uint64_t commit_overrun;
	uint64_t bytes;
	uint64_t dropped;
	uint64_t read;
};

int tq_recorder_new(struct tq_recorder **out, struct tq_tracefs *tfs, const char *prefix);
void tq_recorder_free(struct tq_recorder *rec);

/* instance NULL or "" = the top buffer. Returns the buffer index. */
int tq_recorder_add_buffer(struct tq_recorder *rec, const char *instance);

/*
 * When a thread fails (ENOSPC, ...) it sends this signal to the process so that the
 * caller, blocked in sigwait with the signal blocked, can stop early. 0 = no signal.
 */
void tq_recorder_set_notify_signal(struct tq_recorder *rec, int sig);

/*
 * The SCHED_FIFO priority of the threads (default the lowest, 1); 0 leaves them at the
 * normal policy. -EINVAL with a message when out of range.
 */
int tq_recorder_set_rt_priority(struct tq_recorder *rec, int priority);

/* Create the per-CPU files and start one thread per CPU and buffer. */
int tq_recorder_start(struct tq_recorder *rec);

/*
 * Stop the threads and copy whatever is left in the ring buffers (partial pages too).
 * Call it after tracing was stopped, so that the buffers no longer grow. Also usable
 * without tq_recorder_start() to copy what the buffers hold now (tq extract).
 * Returns the first error any thread met (ENOSPC, ...), with its message.
 */
int tq_recorder_stop(struct tq_recorder *rec);

/*
 * Instead of reading the ring buffers, take the per-CPU files a killed recording left
 * behind ("<prefix>.cpuN", "<prefix>.<instance>.cpuN"; missing ones count as empty), to
 * rebuild its trace.dat with tq_recorder_collect(). The files are not removed.
 */
int tq_recorder_adopt_files(struct tq_recorder *rec);

/*
 * The instances whose per-CPU files a recording with this prefix left in its directory
 * ("<prefix>.<instance>.cpuN"), added to names sorted, each once; what restore rebuilds
 * when it is not told which instances to take. 0 or a negative errno.
 */
struct tq_strlist;
int tq_recorder_file_instances(const char *prefix, struct tq_strlist *names);

/* Bytes copied so far for one buffer/CPU, or for everything with buffer = -1. */
uint64_t tq_recorder_bytes(const struct tq_recorder *rec, int buffer, int cpu);
int tq_recorder_ncpus(const struct tq_recorder *rec);
int tq_recorder_nbuffers(const struct tq_recorder *rec);
const char *tq_recorder_buffer_name(const struct tq_recorder *rec, int buffer);

/*
 * Read per_cpu stats now (after stopping) and keep them for the file's CPUSTAT options.
 * stats (may be NULL) receives buffer's CPU values.
 */
int tq_recorder_read_stats(struct tq_recorder *rec);
const struct tq_cpu_stats *tq_recorder_stats(const struct tq_recorder *rec, int buffer,
					     int cpu);
/*
 * Events lost in a buffer (overrun + dropped over its CPUs), and a buffer_size_kb that
 * would probably have held them (0 when nothing was lost).
 */
uint64_t tq_recorder_lost(const struct tq_recorder *rec, int buffer, long *suggest_kb);

struct tq_collect_opts {
	bool all_events;	/* every event format, not only the enabled ones (extract) */
	bool date;		/* DATE option: wall clock - trace clock */
	const char *version;	/* VERSION option text */
};

/*
 * Fill tdw with everything trace-cmd stores besides the pages: header_page/event, ftrace
 * formats, the formats of the events enabled in each recorded buffer (read from their
 * set_event, so call it before tracing is restored), kallsyms, printk formats, saved
 * cmdlines, trace clocks, uname, stats, and the per-CPU files as buffers.
 */
int tq_recorder_collect(struct tq_recorder *rec, struct tq_tdw *tdw,
			const struct tq_collect_opts *opts);

/* Remove the per-CPU files (after the trace.dat was written, or on failure). */
void tq_recorder_remove_files(struct tq_recorder *rec);

#endif
