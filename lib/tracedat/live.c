// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq stream's reader: trace_pipe_raw of every CPU read without blocking (partly filled
 * pages too), decoded with kbuffer and printed in timestamp order per batch, in the
 * layout of tq report. The command itself (options, plan, signals) is in record.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event-parse.h>
#include <kbuffer.h>
#include <tracefs.h>

#include "builtin.h"
#include "stream.h"
#include "tracedat/write.h"
#include "tracefs/access.h"

struct live_cpu {
	int fd;
	int cpu;
	const char *buffer;	/* "" for the top buffer */
};

struct live_event {
	unsigned long long ts;
	int cpu;
	int order;		/* arrival, to keep the sort stable */
	const char *buffer;
	void *data;
	int size;
	int missed;
};

struct live {
	struct tep_handle *tep;
	struct kbuffer *kbuf;
	struct live_cpu *cpus;
	size_t ncpus;
	char *page;
	unsigned page_size;
	struct live_event *evs;
	size_t nevs, cap;
	struct trace_seq seq;
	int width;		/* instance-name column, 0 without instances */
	char *root;
	struct tep_plugin_list *plugins;
};

void live_close_fds(struct live *lv)
{
	for (size_t i = 0; lv && i < lv->ncpus; i++) {
		if (lv->cpus[i].fd >= 0)
			close(lv->cpus[i].fd);
		lv->cpus[i].fd = -1;
	}
}

void live_free(struct live *lv)
{
	if (!lv)
		return;
	live_close_fds(lv);
	free(lv->cpus);
	for (size_t i = 0; i < lv->nevs; i++)
		free(lv->evs[i].data);
	free(lv->evs);
	free(lv->page);
	if (lv->kbuf)
		kbuffer_free(lv->kbuf);
	if (lv->plugins)
		tep_unload_plugins(lv->plugins, lv->tep);
	if (lv->tep)
		tep_free(lv->tep);
	trace_seq_destroy(&lv->seq);
	free(lv->root);
	free(lv);
}

static bool has_word(char **words, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(words[i], w))
			return true;
	return false;
}

/* Formats of the systems enabled in the streamed buffers (plus ftrace), not all ~2000 */
static struct tep_handle *live_events(struct tq_tracefs *tfs, const char *const *instances,
				      size_t ninst, const char *root)
{
	struct tep_handle *tep = NULL;
	char **systems = calloc(2, sizeof(char *));
	size_t n = 0;

	if (!systems || !(systems[n++] = strdup("ftrace")))
		goto out;
	for (size_t i = 0; i < ninst; i++) {
		char dir[300], rel[400];
		char *text, *line, *save = NULL;

		snprintf(rel, sizeof(rel), "%sset_event",
			 tq_instance_dir(instances[i], dir, sizeof(dir)));
		if (tq_tracefs_read(tfs, rel, &text, NULL))
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *colon = strchr(line, ':');
			char **grown;

			if (!colon)
				continue;
			*colon = '\0';
			if (has_word(systems, n, line))
				continue;
			grown = realloc(systems, (n + 2) * sizeof(*grown));
			if (!grown)
				break;
			systems = grown;
			systems[n] = strdup(line);
			if (systems[n])
				n++;
			systems[n] = NULL;
		}
		free(text);
	}
	tep = tracefs_local_events_system(root, (const char *const *)systems);
out:
	for (size_t i = 0; systems && i < n; i++)
		free(systems[i]);
	free(systems);
	return tep;
}

int live_open(struct live **out, struct tq_tracefs *tfs, const char *const *instances,
	      size_t ninst)
{
	struct live *lv = calloc(1, sizeof(*lv));
	int ncpus = 0;
	char *hp = NULL;

	*out = lv;
	if (!lv)
		return error("out of memory");
	trace_seq_init(&lv->seq);
	lv->root = strdup(tq_tracefs_root(tfs));
	lv->tep = lv->root ? live_events(tfs, instances, ninst, lv->root) : NULL;
	if (!lv->tep)
		return error("cannot read the event formats of '%s'", tq_tracefs_root(tfs));
	/* sched_switch and friends print as trace-cmd prints them */
	lv->plugins = tep_load_plugins(lv->tep);
	tracefs_load_cmdlines(lv->root, lv->tep);
	if (tq_tracefs_read(tfs, "events/header_page", &hp, NULL) == 0)
		tep_parse_header_page(lv->tep, hp, strlen(hp), sizeof(long));
	lv->page_size = tq_header_page_size(hp);
	free(hp);
	lv->kbuf = kbuffer_alloc(sizeof(long) == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4,
				 KBUFFER_ENDIAN_LITTLE);
	lv->page = malloc(lv->page_size);
	while (1) {
		char rel[64];

		snprintf(rel, sizeof(rel), "per_cpu/cpu%d", ncpus);
		if (!tq_tracefs_is_dir(tfs, rel))
			break;
		ncpus++;
	}
	lv->cpus = calloc(ninst * (size_t)(ncpus ? ncpus : 1), sizeof(*lv->cpus));
	if (!lv->kbuf || !lv->page || !lv->cpus)
		return error("out of memory");
	for (size_t i = 0; i < ninst; i++) {
		const char *inst = instances[i];
		char dir[300];

		if (inst && (int)strlen(inst) > lv->width)
			lv->width = (int)strlen(inst);
		for (int c = 0; c < ncpus; c++) {
			struct live_cpu *lc = &lv->cpus[lv->ncpus];
			char rel[400];
			char *path;

			snprintf(rel, sizeof(rel), "%sper_cpu/cpu%d/trace_pipe_raw",
				 tq_instance_dir(inst, dir, sizeof(dir)), c);
			path = tq_tracefs_path(tfs, rel);
			lc->fd = path ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
			free(path);
			if (lc->fd < 0)
				return error_errno("cannot open '%s'", rel);
			lc->cpu = c;
			lc->buffer = inst ? inst : "";
			lv->ncpus++;
		}
	}
	return 0;
}

static int live_add(struct live *lv, const struct live_cpu *lc, void *data, int size,
		    unsigned long long ts, int missed)
{
	struct live_event *ev;

	if (lv->nevs == lv->cap) {
		size_t cap = lv->cap ? lv->cap * 2 : 1024;
		struct live_event *grown = realloc(lv->evs, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		lv->evs = grown;
		lv->cap = cap;
	}
	ev = &lv->evs[lv->nevs];
	ev->data = malloc((size_t)size);
	if (!ev->data)
		return -ENOMEM;
	memcpy(ev->data, data, (size_t)size);
	ev->size = size;
	ev->ts = ts;
	ev->cpu = lc->cpu;
	ev->buffer = lc->buffer;
	ev->missed = missed;
	ev->order = (int)lv->nevs++;
	return 0;
}

/* Every page a CPU has now, partly filled ones included (read(2), not splice) */
static int live_read_cpu(struct live *lv, const struct live_cpu *lc)
{
	for (;;) {
		ssize_t n = read(lc->fd, lv->page, lv->page_size);
		unsigned long long ts;
		int missed;
		void *data;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 && errno != EAGAIN ? -errno : 0;
		if (kbuffer_load_subbuffer(lv->kbuf, lv->page) < 0)
			continue;
		missed = kbuffer_missed_events(lv->kbuf);
		for (data = kbuffer_read_event(lv->kbuf, &ts); data;
		     data = kbuffer_next_event(lv->kbuf, &ts)) {
			if (live_add(lv, lc, data, kbuffer_event_size(lv->kbuf), ts, missed))
				return -ENOMEM;
			missed = 0;
		}
	}
}

static int live_cmp(const void *a, const void *b)
{
	const struct live_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order - y->order;
}

static void live_print(struct live *lv, const struct live_event *ev)
{
	struct tep_record rec = {
		.ts = ev->ts, .cpu = ev->cpu, .size = ev->size, .data = ev->data,
	};
	struct tep_event *event = tep_find_event_by_record(lv->tep, &rec);
	int pid = tep_data_pid(lv->tep, &rec);
	const char *name = event ? event->name : "[UNKNOWN EVENT]";
	int nlen = (int)strlen(name);

	if (ev->missed > 0)
		printf("CPU:%d [%d EVENTS DROPPED]\n", ev->cpu, ev->missed);
	else if (ev->missed < 0)
		printf("CPU:%d [EVENTS DROPPED]\n", ev->cpu);
	if (lv->width)
		printf("%*s%c ", lv->width, ev->buffer, *ev->buffer ? ':' : ' ');
	printf("%16s-%-5d [%03d] %5llu.%06llu: %s: %*s", tep_data_comm_from_pid(lv->tep, pid),
	       pid, ev->cpu, ev->ts / 1000000000ULL, ((ev->ts + 500) / 1000) % 1000000ULL,
	       name, nlen < 20 ? 20 - nlen : 0, "");
	trace_seq_reset(&lv->seq);
	tep_print_event(lv->tep, &lv->seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&lv->seq);
	while (lv->seq.len && lv->seq.buffer[lv->seq.len - 1] == '\n')
		lv->seq.buffer[--lv->seq.len] = '\0';
	printf("%s\n", lv->seq.buffer);
}

/* Read every CPU, print what came in timestamp order. 1 when stdout was closed. */
int live_drain(struct live *lv)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < lv->ncpus; i++)
		ret = live_read_cpu(lv, &lv->cpus[i]);
	if (lv->nevs) {
		/* names of tasks that appeared since the last batch */
		tracefs_load_cmdlines(lv->root, lv->tep);
		qsort(lv->evs, lv->nevs, sizeof(*lv->evs), live_cmp);
	}
	for (size_t i = 0; i < lv->nevs; i++) {
		live_print(lv, &lv->evs[i]);
		free(lv->evs[i].data);
	}
	lv->nevs = 0;
	/* a closed pipe (| head) ends the stream like Ctrl-C, tracefs is still restored */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		/* nobody reads any more: what is still buffered goes nowhere, quietly */
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			close(null);
		}
		clearerr(stdout);
		return 1;
	}
	return ret ? error("cannot read the ring buffer: %s", strerror(-ret)) : 0;
}
