// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU ring-buffer recorder: trace_pipe_raw -> pipe -> file with splice(2), one thread
 * per CPU at the lowest real-time priority, woken by poll(2) when the kernel has
 * buffer_percent of the buffer filled.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "util/diag.h"
#include "tracedat/recorder.h"
#include "util/strlist.h"
#include "tracedat/write.h"
#include "tracefs/access.h"

/* Pages moved per splice call; the pipe is sized to hold them */
#define SPLICE_PAGES 64

struct rec_cpu {
	struct tq_recorder *rec;
	int cpu;
	int raw_fd;
	int out_fd;
	int pipe_fd[2];
	char *path;
	uint64_t bytes;
	bool use_read;		/* splice refused (file system without splice): read/write */
	int err;
	char errmsg[512];
	pthread_t thread;
	bool running;
	struct tq_cpu_stats stats;
	char *stats_text;
};

struct rec_buffer {
	char *name;		/* "" for the top buffer */
	char dir[300];		/* "" or "instances/NAME/" */
	struct rec_cpu *cpus;
};

struct tq_recorder {
	struct tq_tracefs *tfs;
	char *prefix;
	int ncpus;
	unsigned page_size;
	struct rec_buffer *buffers;
	int nbuffers;
	int stop_fd;
	int notify_sig;
	int rt_priority;	/* SCHED_FIFO priority of the threads; 0: the normal policy */
	bool started;
	bool stopped;
	bool adopted;	/* the per-CPU files are someone else's: never remove them */
};

static int count_cpus(struct tq_tracefs *tfs)
{
	char rel[64];
	int n = 0;

	for (;;) {
		snprintf(rel, sizeof(rel), "per_cpu/cpu%d", n);
		if (!tq_tracefs_is_dir(tfs, rel))
			break;
		n++;
	}
	return n;
}

int tq_recorder_new(struct tq_recorder **out, struct tq_tracefs *tfs, const char *prefix)
{
	struct tq_recorder *rec = calloc(1, sizeof(*rec));
	char *hp = NULL;

	if (!rec)
		return -ENOMEM;
	rec->tfs = tfs;
	rec->stop_fd = -1;
	rec->rt_priority = sched_get_priority_min(SCHED_FIFO);
	rec->prefix = strdup(prefix);
	if (!rec->prefix) {
		free(rec);
		return -ENOMEM;
	}
	rec->ncpus = count_cpus(tfs);
	if (rec->ncpus == 0) {
		tq_recorder_free(rec);
		return tq_fail(ENOENT, "no per_cpu directories in '%s'", tq_tracefs_root(tfs));
	}
	if (tq_tracefs_read(tfs, "events/header_page", &hp, NULL) < 0)
		hp = NULL;
	rec->page_size = tq_header_page_size(hp);
	free(hp);
	*out = rec;
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void close_cpu(struct rec_cpu *c)
{
	close_fd(&c->raw_fd);
	close_fd(&c->out_fd);
	close_fd(&c->pipe_fd[0]);
	close_fd(&c->pipe_fd[1]);
}

void tq_recorder_free(struct tq_recorder *rec)
{
	if (!rec)
		return;
	if (rec->started)
		tq_recorder_stop(rec);
	for (int b = 0; b < rec->nbuffers; b++) {
		struct rec_buffer *buf = &rec->buffers[b];

		for (int i = 0; i < rec->ncpus; i++) {
			close_cpu(&buf->cpus[i]);
			free(buf->cpus[i].path);
			free(buf->cpus[i].stats_text);
		}
		free(buf->cpus);
		free(buf->name);
	}
	free(rec->buffers);
	close_fd(&rec->stop_fd);
	free(rec->prefix);
	free(rec);
}

void tq_recorder_set_notify_signal(struct tq_recorder *rec, int sig)
{
	rec->notify_sig = sig;
}

int tq_recorder_set_rt_priority(struct tq_recorder *rec, int priority)
{
	if (priority && (priority < sched_get_priority_min(SCHED_FIFO) ||
			 priority > sched_get_priority_max(SCHED_FIFO)))
		return tq_fail(EINVAL, "real-time priority %d is out of range: 0 (none) or %d to %d",
			       priority, sched_get_priority_min(SCHED_FIFO),
			       sched_get_priority_max(SCHED_FIFO));
	rec->rt_priority = priority;
	return 0;
}

int tq_recorder_add_buffer(struct tq_recorder *rec, const char *instance)
{
	struct rec_buffer *grown, *buf;
	const char *name = instance ? instance : "";

	grown = realloc(rec->buffers, (rec->nbuffers + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	rec->buffers = grown;
	buf = &grown[rec->nbuffers];
	memset(buf, 0, sizeof(*buf));
	buf->name = strdup(name);
	buf->cpus = calloc(rec->ncpus, sizeof(*buf->cpus));
	if (!buf->name || !buf->cpus) {
		free(buf->name);
		free(buf->cpus);
		return -ENOMEM;
	}
	tq_instance_dir(*name ? name : NULL, buf->dir, sizeof(buf->dir));
	for (int i = 0; i < rec->ncpus; i++) {
		struct rec_cpu *c = &buf->cpus[i];

		c->rec = rec;
		c->cpu = i;
		c->raw_fd = c->out_fd = c->pipe_fd[0] = c->pipe_fd[1] = -1;
	}
	return rec->nbuffers++;
}

/* ---- per-CPU copying ----------------------------------------------------------------- */

static int cpu_fail(struct rec_cpu *c, int err, const char *what, const char *path)
{
	if (err == ENOSPC || err == EDQUOT)
		snprintf(c->errmsg, sizeof(c->errmsg), "cannot write '%s': %s", path,
			 strerror(err));
	else
		snprintf(c->errmsg, sizeof(c->errmsg), "cannot %s '%s': %s", what, path,
			 strerror(err));
	c->err = err;
	return -err;
}

static int write_all(struct rec_cpu *c, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(c->out_fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return cpu_fail(c, w < 0 ? errno : ENOSPC, "write", c->path);
		p += w;
		n -= (size_t)w;
		c->bytes += (uint64_t)w;
	}
	return 0;
}

/*
 * read(2) hands out partly filled pages too (what we want at the end); each read returns
 * one page. Returns the bytes copied or a negative errno.
 */
static long drain_read(struct rec_cpu *c)
{
	char *page = malloc(c->rec->page_size);
	long total = 0;
	int ret = 0;

	if (!page)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(c->raw_fd, page, c->rec->page_size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0) {
			ret = cpu_fail(c, errno, "read", "trace_pipe_raw");
			break;
		}
		if (n == 0)
			break;
		/* keep the file a sequence of whole pages */
		if ((size_t)n < c->rec->page_size)
			memset(page + n, 0, c->rec->page_size - (size_t)n);
		ret = write_all(c, page, c->rec->page_size);
		if (ret)
			break;
		total += n;
	}
	free(page);
	return ret ? ret : total;
}

/* Whole pages only, through the pipe, without copying them to user space. */
static long drain_splice(struct rec_cpu *c)
{
	size_t len = (size_t)c->rec->page_size * SPLICE_PAGES;
	long total = 0;

	for (;;) {
		ssize_t n = splice(c->raw_fd, NULL, c->pipe_fd[1], NULL, len,
				   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return total;
		if (n < 0 && errno == EINVAL && !total && !c->bytes) {
			c->use_read = true;
			return drain_read(c);
		}
		if (n < 0)
			return cpu_fail(c, errno, "splice from", "trace_pipe_raw");
		if (n == 0)
			return total;
		while (n > 0) {
			ssize_t w = splice(c->pipe_fd[0], NULL, c->out_fd, NULL, (size_t)n,
					   SPLICE_F_MOVE);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return cpu_fail(c, w < 0 ? errno : ENOSPC, "write", c->path);
			n -= w;
			total += w;
			c->bytes += (uint64_t)w;
		}
	}
}

static long drain(struct rec_cpu *c)
{
	return c->use_read ? drain_read(c) : drain_splice(c);
}

/* Longest wait, in ms, for a buffer that poll reports readable but that has no whole page */
#define BACKOFF_MAX_MS 64

static void *cpu_thread(void *arg)
{
	struct rec_cpu *c = arg;
	struct pollfd pfd[2] = {
		{ .fd = c->raw_fd, .events = POLLIN },
		{ .fd = c->rec->stop_fd, .events = POLLIN },
	};
	int backoff = 0;

	for (;;) {
		int n = poll(pfd, 2, -1);
		long got;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cpu_fail(c, errno, "poll", "trace_pipe_raw");
			break;
		}
		if (pfd[1].revents)
			break;
		got = drain(c);
		if (got < 0)
			break;
		if (got > 0) {
			backoff = 0;
			continue;
		}
		/*
		 * Readable without a whole page to splice (no buffer_percent, or a kernel whose
		 * watermark counts the page being written): rather than spin, wait on the stop
		 * fd alone, first for 1 ms, so that a busy small buffer is not left to
		 * overflow (50 ms are hundreds of pages of a syscall-heavy task), then longer
		 * while nothing comes.
		 */
		backoff = backoff ? backoff * 2 : 1;
		if (backoff > BACKOFF_MAX_MS)
			backoff = BACKOFF_MAX_MS;
		if (poll(&pfd[1], 1, backoff) > 0)
			break;
	}
	if (c->err && c->rec->notify_sig)
		kill(getpid(), c->rec->notify_sig);
	return NULL;
}

static int open_cpu(struct tq_recorder *rec, struct rec_buffer *buf, struct rec_cpu *c)
{
	char rel[400];
	char *raw;
	int n;

	snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d/trace_pipe_raw", buf->dir, c->cpu);
	raw = tq_tracefs_path(rec->tfs, rel);
	if (!raw)
		return -ENOMEM;
	c->raw_fd = open(raw, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (c->raw_fd < 0) {
		int err = errno;

		n = tq_fail(err, "cannot open '%s': %s", raw, strerror(err));
		free(raw);
		return n;
	}
	free(raw);
	if (*buf->name)
		n = asprintf(&c->path, "%s.%s.cpu%d", rec->prefix, buf->name, c->cpu);
	else
		n = asprintf(&c->path, "%s.cpu%d", rec->prefix, c->cpu);
	if (n < 0) {
		c->path = NULL;
		return -ENOMEM;
	}
	c->out_fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (c->out_fd < 0)
		return tq_fail(errno, "cannot create '%s': %s", c->path, strerror(errno));
	if (pipe2(c->pipe_fd, O_CLOEXEC) < 0)
		return tq_fail(errno, "cannot create a pipe: %s", strerror(errno));
	/* room for one splice's worth of pages; a smaller pipe only means more calls */
	fcntl(c->pipe_fd[1], F_SETPIPE_SZ, (int)(rec->page_size * SPLICE_PAGES));
	return 0;
}

static int open_all(struct tq_recorder *rec)
{
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &rec->buffers[b].cpus[i];
			int ret;

			if (c->path)
				continue;	/* opened once, maybe closed by a stop */
			ret = open_cpu(rec, &rec->buffers[b], c);
			if (ret)
				return ret;
		}
	return 0;
}

static void join_all(struct tq_recorder *rec)
{
	uint64_t one = 1;
	ssize_t w = -1;

	/* an eventfd write cannot fail short of overflow; a failure would hang the join */
	if (rec->stop_fd >= 0)
		w = write(rec->stop_fd, &one, sizeof(one));
	(void)w;
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &rec->buffers[b].cpus[i];

			if (c->running)
				pthread_join(c->thread, NULL);
			c->running = false;
		}
}

/*
 * Under the fair scheduler a woken thread can wait for the running task's slice, a few
 * milliseconds, while a busy CPU fills a small buffer in less than one (a syscall-heavy
 * task fills a 16 KiB buffer in about 0.5 ms: a tenth of its events were lost). At the
 * lowest real-time priority the thread runs as soon as the kernel wakes it, moves the pages
 * and sleeps again: no more CPU time, only sooner. Where that is not allowed (no
 * CAP_SYS_NICE, a cgroup without real-time runtime) it keeps the normal policy. It is
 * created with the policy, not left to set it, so that it never runs without it.
 */
static int start_thread(struct rec_cpu *c, int rt_priority)
{
	struct sched_param sp = { .sched_priority = rt_priority };
	pthread_attr_t attr;
	int ret;

	if (rt_priority && pthread_attr_init(&attr) == 0) {
		ret = pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
		if (!ret)
			ret = pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
		if (!ret)
			ret = pthread_attr_setschedparam(&attr, &sp);
		if (!ret)
			ret = pthread_create(&c->thread, &attr, cpu_thread, c);
		pthread_attr_destroy(&attr);
		if (!ret)
			return 0;
	}
	return pthread_create(&c->thread, NULL, cpu_thread, c);
}

int tq_recorder_start(struct tq_recorder *rec)
{
	int ret;

	if (!rec->nbuffers)
		return tq_fail(EINVAL, "no buffer to record");
	ret = open_all(rec);
	if (ret)
		return ret;
	rec->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (rec->stop_fd < 0)
		return tq_fail(errno, "eventfd: %s", strerror(errno));
	rec->started = true;
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &rec->buffers[b].cpus[i];

			ret = start_thread(c, rec->rt_priority);
			if (ret) {
				join_all(rec);
				rec->started = false;
				return tq_fail(ret, "cannot start a recorder thread: %s",
					       strerror(ret));
			}
			c->running = true;
		}
	return 0;
}

int tq_recorder_stop(struct tq_recorder *rec)
{
	int ret = 0;

	if (rec->started)
		join_all(rec);
	rec->started = false;
	if (!rec->nbuffers || rec->stopped)
		return 0;
	rec->stopped = true;
	ret = open_all(rec);
	if (ret)
		return ret;
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &rec->buffers[b].cpus[i];

			/* the full pages first (cheap), then the partly filled one */
			if (!c->err && drain(c) >= 0 && !c->use_read)
				drain_read(c);
			close_fd(&c->raw_fd);
			if (!c->err && c->out_fd >= 0 && close(c->out_fd) < 0)
				cpu_fail(c, errno, "write", c->path);
			c->out_fd = -1;
			if (c->err && !ret)
				ret = tq_fail(c->err, "%s", c->errmsg);
		}
	return ret;
}

int tq_recorder_adopt_files(struct tq_recorder *rec)
{
	int found = 0;

	for (int b = 0; b < rec->nbuffers; b++) {
		struct rec_buffer *buf = &rec->buffers[b];

		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &buf->cpus[i];
			struct stat st;
			int n;

			if (*buf->name)
				n = asprintf(&c->path, "%s.%s.cpu%d", rec->prefix, buf->name, i);
			else
				n = asprintf(&c->path, "%s.cpu%d", rec->prefix, i);
			if (n < 0) {
				c->path = NULL;
				return -ENOMEM;
			}
			if (stat(c->path, &st) < 0) {
				free(c->path);	/* no data for this CPU */
				c->path = NULL;
				continue;
			}
			c->bytes = (uint64_t)st.st_size;
			found++;
		}
	}
	rec->stopped = true;	/* nothing to read from the kernel */
	rec->adopted = true;
	if (!found)
		return tq_fail(ENOENT, "no per-CPU files '%s.cpuN' to rebuild from", rec->prefix);
	return 0;
}

/* Length of name without a ".cpuN" ending, or 0 when it has none. */
static size_t before_cpu_suffix(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot || strncmp(dot, ".cpu", 4) || !dot[4] ||
	    strspn(dot + 4, "0123456789") != strlen(dot + 4))
		return 0;
	return (size_t)(dot - name);
}

int tq_recorder_file_instances(const char *prefix, struct tq_strlist *names)
{
	const char *slash = strrchr(prefix, '/');
	const char *base = slash ? slash + 1 : prefix;
	size_t blen = strlen(base);
	char *dir = slash ? strndup(prefix, (size_t)(slash - prefix) + 1) : strdup(".");
	struct dirent **ents;
	int n, ret = 0;

	if (!dir)
		return -ENOMEM;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		ret = tq_fail(errno, "cannot list '%s': %s", dir, strerror(errno));
		free(dir);
		return ret;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t end = before_cpu_suffix(name);

		/* "<base>.<instance>.cpuN": an instance name between the two dots */
		if (!ret && end > blen + 1 && !strncmp(name, base, blen) && name[blen] == '.') {
			char *inst = strndup(name + blen + 1, end - blen - 1);

			if (!inst)
				ret = -ENOMEM;
			else if (tq_strlist_find(names, inst) >= 0)
				free(inst);
			else
				ret = tq_strlist_take(names, inst);
		}
		free(ents[i]);
	}
	free(ents);
	free(dir);
	return ret;
}

uint64_t tq_recorder_bytes(const struct tq_recorder *rec, int buffer, int cpu)
{
	uint64_t sum = 0;

	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++)
			if ((buffer < 0 || b == buffer) && (cpu < 0 || i == cpu))
				sum += rec->buffers[b].cpus[i].bytes;
	return sum;
}

int tq_recorder_ncpus(const struct tq_recorder *rec)
{
	return rec->ncpus;
}

int tq_recorder_nbuffers(const struct tq_recorder *rec)
{
	return rec->nbuffers;
}

const char *tq_recorder_buffer_name(const struct tq_recorder *rec, int buffer)
{
	return rec->buffers[buffer].name;
}

/* ---- statistics ---------------------------------------------------------------------- */

static uint64_t stat_field(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line)
		if (!strncmp(line, name, len) && line[len] == ':')
			return strtoull(line + len + 1, NULL, 10);
	return 0;
}

int tq_recorder_read_stats(struct tq_recorder *rec)
{
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++) {
			struct rec_cpu *c = &rec->buffers[b].cpus[i];
			char rel[400];
			char *text;
			int ret;

			snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d/stats", rec->buffers[b].dir, i);
			ret = tq_tracefs_read(rec->tfs, rel, &text, NULL);
			if (ret)
				return ret;
			free(c->stats_text);
			c->stats_text = text;
			c->stats.entries = stat_field(text, "entries");
			c->stats.overrun = stat_field(text, "overrun");
			c->stats.commit_overrun = stat_field(text, "commit overrun");
			c->stats.bytes = stat_field(text, "bytes");
			c->stats.dropped = stat_field(text, "dropped events");
			c->stats.read = stat_field(text, "read events");
		}
	return 0;
}

const struct tq_cpu_stats *tq_recorder_stats(const struct tq_recorder *rec, int buffer,
					     int cpu)
{
	return &rec->buffers[buffer].cpus[cpu].stats;
}

uint64_t tq_recorder_lost(const struct tq_recorder *rec, int buffer, long *suggest_kb)
{
	const struct rec_buffer *buf = &rec->buffers[buffer];
	uint64_t lost = 0, read = 0;
	char rel[400];
	char *text;
	long kb = 0;

	for (int i = 0; i < rec->ncpus; i++) {
		lost += buf->cpus[i].stats.overrun + buf->cpus[i].stats.dropped +
			buf->cpus[i].stats.commit_overrun;
		read += buf->cpus[i].stats.read;
	}
	if (suggest_kb) {
		*suggest_kb = 0;
		snprintf(rel, sizeof(rel), "%sbuffer_size_kb", buf->dir);
		if (lost && tq_tracefs_read(rec->tfs, rel, &text, NULL) == 0) {
			kb = strtol(text, NULL, 10);
			free(text);
		}
		if (lost && kb > 0) {
			/*
			 * The buffer had to hold (read + lost) events between two reads but held
			 * only read: scale it by that ratio, to a power of two, at least double.
			 */
			double need = (double)kb * (double)(read + lost) / (double)(read ? read : 1);
			long sug = 1;

			while (sug < 2 * kb || (double)sug < need)
				sug *= 2;
			*suggest_kb = sug;
		}
	}
	return lost;
}

/* ---- metadata for the trace.dat ------------------------------------------------------ */

/* Does every "ADDRESS TYPE NAME" line of a kallsyms text have address 0? */
static bool all_addresses_zero(const char *ks)
{
	const char *line;

	for (line = ks; *line; line = strchrnul(line, '\n'), line += *line == '\n') {
		size_t zeros = strspn(line, "0");

		if (line[zeros] != ' ' && line[zeros] != '\n' && line[zeros] != '\0')
			return false;
	}
	return true;
}

static int read_path(const char *path, char **text, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		int err = fd < 0 ? errno : ENOMEM;

		free(buf);
		if (fd >= 0)
			close(fd);
		return -err;
	}
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			char *p = realloc(buf, cap *= 2);

			if (!p) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = p;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;

			free(buf);
			close(fd);
			return -err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* A tracefs file into a blob; a missing file gives an empty one (as trace-cmd). */
static int collect_file(struct tq_recorder *rec, struct tq_tdw *tdw, enum tq_tdw_blob which,
			const char *rel)
{
	char *text = NULL;
	size_t len = 0;
	int ret = tq_tracefs_read(rec->tfs, rel, &text, &len);

	if (ret == -ENOENT || ret == -EACCES || ret == -EPERM) {
		text = NULL;
		len = 0;
	} else if (ret) {
		return ret;
	}
	ret = tq_tdw_set_blob(tdw, which, text ? text : "", len);
	free(text);
	return ret;
}

static int add_format(struct tq_recorder *rec, struct tq_tdw *tdw, const char *system,
		      const char *event)
{
	char rel[600];
	char *text;
	size_t len;
	int ret;

	snprintf(rel, sizeof(rel), "events/%s/%s/format", system, event);
	ret = tq_tracefs_read(rec->tfs, rel, &text, &len);
	if (ret == -ENOENT)
		return 0;	/* removed meanwhile (a dynamic event): nothing to describe */
	if (ret)
		return ret;
	if (!strcmp(system, "ftrace"))
		ret = tq_tdw_add_ftrace_format(tdw, text, len);
	else
		ret = tq_tdw_add_event_format(tdw, system, text, len);
	free(text);
	return ret;
}

static int sort_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Event directories of one system (those with a format file), or of all when system is
 * NULL; calls add_format for each. */
static int add_dir_formats(struct tq_recorder *rec, struct tq_tdw *tdw, const char *system)
{
	char rel[300];
	struct dirent **names;
	char *path;
	int n, ret = 0;

	snprintf(rel, sizeof(rel), "events%s%s", system ? "/" : "", system ? system : "");
	path = tq_tracefs_path(rec->tfs, rel);
	if (!path)
		return -ENOMEM;
	n = scandir(path, &names, NULL, sort_names);
	free(path);
	if (n < 0)
		return system ? 0 : tq_fail(errno, "cannot list the events: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char sub[600];

		snprintf(sub, sizeof(sub), "%s/%s", rel, name);
		if (!ret && name[0] != '.' && tq_tracefs_is_dir(rec->tfs, sub)) {
			if (system)
				ret = add_format(rec, tdw, system, name);
			else if (strcmp(name, "ftrace"))
				ret = add_dir_formats(rec, tdw, name);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static bool seen_event(char ***seen, size_t *n, const char *name)
{
	char **grown;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*seen)[i], name))
			return true;
	grown = realloc(*seen, (*n + 1) * sizeof(*grown));
	if (!grown)
		return false;
	*seen = grown;
	grown[*n] = strdup(name);
	if (grown[*n])
		(*n)++;
	return false;
}

/* The formats of what set_event lists for every buffer ("sys:event" lines) */
static int add_enabled_formats(struct tq_recorder *rec, struct tq_tdw *tdw)
{
	char **seen = NULL;
	size_t nseen = 0;
	int ret = 0;

	for (int b = 0; !ret && b < rec->nbuffers; b++) {
		char rel[400];
		char *text, *line, *save = NULL;

		snprintf(rel, sizeof(rel), "%sset_event", rec->buffers[b].dir);
		ret = tq_tracefs_read(rec->tfs, rel, &text, NULL);
		if (ret)
			break;
		for (line = strtok_r(text, "\n", &save); !ret && line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *colon = strchr(line, ':');

			if (!colon || seen_event(&seen, &nseen, line))
				continue;
			*colon = '\0';
			if (strcmp(line, "ftrace"))
				ret = add_format(rec, tdw, line, colon + 1);
		}
		free(text);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return ret;
}

/* The bracketed clock of a buffer's trace_clock */
static char *current_clock(struct tq_recorder *rec, const char *dir)
{
	char rel[400];
	char *text, *open, *close;
	char *clock = NULL;

	snprintf(rel, sizeof(rel), "%strace_clock", dir);
	if (tq_tracefs_read(rec->tfs, rel, &text, NULL))
		return strdup("local");
	open = strchr(text, '[');
	close = open ? strchr(open, ']') : NULL;
	if (open && close)
		clock = strndup(open + 1, (size_t)(close - open - 1));
	free(text);
	return clock ? clock : strdup("local");
}

/*
 * DATE: wall clock minus trace clock, in µs. The kernel's local/global/perf clocks run on
 * sched_clock, which CLOCK_MONOTONIC follows closely; the others have a direct match.
 */
static int collect_date(struct tq_tdw *tdw, const char *clock)
{
	struct timespec wall, tr;
	clockid_t id = CLOCK_MONOTONIC;
	char text[32];
	long long us;
	int n;

	if (!strcmp(clock, "boot"))
		id = CLOCK_BOOTTIME;
	else if (!strcmp(clock, "mono_raw"))
		id = CLOCK_MONOTONIC_RAW;
	else if (!strcmp(clock, "tai"))
		id = CLOCK_TAI;
	clock_gettime(CLOCK_REALTIME, &wall);
	clock_gettime(id, &tr);
	us = ((long long)wall.tv_sec - tr.tv_sec) * 1000000LL + (wall.tv_nsec - tr.tv_nsec) / 1000;
	n = snprintf(text, sizeof(text), "0x%llx", us);
	return tq_tdw_set_blob(tdw, TQ_TDW_DATE, text, (size_t)n);
}

static int collect_system(struct tq_tdw *tdw, const struct tq_collect_opts *opts)
{
	struct utsname u;
	char text[1200];
	char *ks = NULL;
	size_t len = 0;
	int n, ret;

	if (uname(&u) == 0) {
		n = snprintf(text, sizeof(text), "%s %s %s %s", u.sysname, u.nodename, u.release,
			     u.machine);
		ret = tq_tdw_set_blob(tdw, TQ_TDW_UNAME, text, (size_t)n);
		if (ret)
			return ret;
	}
	if (opts->version) {
		ret = tq_tdw_set_blob(tdw, TQ_TDW_VERSION, opts->version, strlen(opts->version));
		if (ret)
			return ret;
	}
	/*
	 * kallsyms only makes addresses readable; without it the file is still valid. Under
	 * kptr_restrict every address reads as 0: such a table would name nothing right. (The
	 * first symbols are per-CPU ones at address 0 even when nothing is hidden.)
	 */
	if (read_path("/proc/kallsyms", &ks, &len) == 0 && all_addresses_zero(ks)) {
		free(ks);
		return 0;
	}
	if (ks) {
		ret = tq_tdw_set_blob(tdw, TQ_TDW_KALLSYMS, ks, len);
		free(ks);
		return ret;
	}
	return 0;
}

static int collect_buffers(struct tq_recorder *rec, struct tq_tdw *tdw)
{
	/* a file always describes the top buffer, if only as empty */
	if (*rec->buffers[0].name) {
		char *clock = current_clock(rec, "");
		int idx = clock ? tq_tdw_add_buffer(tdw, "", clock, rec->ncpus) : -ENOMEM;

		free(clock);
		if (idx < 0)
			return idx;
	}
	for (int b = 0; b < rec->nbuffers; b++) {
		struct rec_buffer *buf = &rec->buffers[b];
		char *clock = current_clock(rec, buf->dir);
		int idx, ret = 0;

		if (!clock)
			return -ENOMEM;
		idx = tq_tdw_add_buffer(tdw, buf->name, clock, rec->ncpus);
		free(clock);
		if (idx < 0)
			return idx;
		for (int i = 0; !ret && i < rec->ncpus; i++) {
			const char *stats = buf->cpus[i].stats_text;
			char *text = NULL;

			/* as trace-cmd: the stats file does not say which CPU it is */
			if (stats && asprintf(&text, "CPU: %d\n%s", i, stats) < 0)
				return -ENOMEM;
			ret = tq_tdw_set_cpu(tdw, idx, i, buf->cpus[i].path, text);
			free(text);
		}
		if (ret)
			return ret;
	}
	return 0;
}

int tq_recorder_collect(struct tq_recorder *rec, struct tq_tdw *tdw,
			const struct tq_collect_opts *opts)
{
	char *clock;
	int ret;

	if (!rec->nbuffers)
		return tq_fail(EINVAL, "no buffer was recorded");
	ret = collect_file(rec, tdw, TQ_TDW_HEADER_PAGE, "events/header_page");
	if (!ret)
		ret = collect_file(rec, tdw, TQ_TDW_HEADER_EVENT, "events/header_event");
	if (!ret)
		ret = add_dir_formats(rec, tdw, "ftrace");
	if (!ret)
		ret = opts->all_events ? add_dir_formats(rec, tdw, NULL) :
					 add_enabled_formats(rec, tdw);
	if (!ret)
		ret = collect_file(rec, tdw, TQ_TDW_PRINTK, "printk_formats");
	if (!ret)
		ret = collect_file(rec, tdw, TQ_TDW_CMDLINES, "saved_cmdlines");
	if (!ret)
		ret = collect_file(rec, tdw, TQ_TDW_TRACE_CLOCK, "trace_clock");
	if (!ret)
		ret = collect_system(tdw, opts);
	if (!ret)
		ret = collect_buffers(rec, tdw);
	if (!ret && opts->date) {
		clock = current_clock(rec, "");
		ret = clock ? collect_date(tdw, clock) : -ENOMEM;
		free(clock);
	}
	if (!ret)
		tq_tdw_set_cpu_count(tdw, rec->ncpus);
	return ret;
}

void tq_recorder_remove_files(struct tq_recorder *rec)
{
	if (rec->adopted)
		return;
	for (int b = 0; b < rec->nbuffers; b++)
		for (int i = 0; i < rec->ncpus; i++)
			if (rec->buffers[b].cpus[i].path)
				unlink(rec->buffers[b].cpus[i].path);
}
