// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq stream's reader: trace_pipe_raw of every CPU read without blocking (partly filled
 * pages too), decoded with kbuffer and printed in timestamp order per batch by the event
 * printer of tq report. The command itself (options, plan, signals) is in cmd/record.c.
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

#include "print/event.h"
#include "tracedat/live.h"
#include "tracedat/write.h"
#include "tracefs/access.h"
#include "util/diag.h"

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

struct tq_live {
	struct tep_handle *tep;
	struct kbuffer *kbuf;
	struct live_cpu *cpus;
	size_t ncpus;
	char *page;
	unsigned page_size;
	struct live_event *evs;
	size_t nevs, cap;
	char *root;
	struct tep_plugin_list *plugins;
	struct tq_event_source src;
	struct tq_event_printer pr;
};

void tq_live_close_fds(struct tq_live *lv)
{
	for (size_t i = 0; lv && i < lv->ncpus; i++) {
		if (lv->cpus[i].fd >= 0)
			close(lv->cpus[i].fd);
		lv->cpus[i].fd = -1;
	}
}

void tq_live_free(struct tq_live *lv)
{
	if (!lv)
		return;
	tq_live_close_fds(lv);
	tq_event_printer_release(&lv->pr);
	tq_event_source_release(&lv->src);
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

int tq_live_open(struct tq_live **out, struct tq_tracefs *tfs, const char *const *instances,
		 size_t ninst, FILE *out_stream)
{
	static const struct tq_event_style style = { 0 };
	struct tq_live *lv = calloc(1, sizeof(*lv));
	int ncpus = 0, width = 0, err;
	char *hp = NULL;

	*out = lv;
	if (!lv)
		return -ENOMEM;
	if (tq_event_printer_init(&lv->pr, out_stream, &style))
		return -ENOMEM;
	lv->root = strdup(tq_tracefs_root(tfs));
	lv->tep = lv->root ? live_events(tfs, instances, ninst, lv->root) : NULL;
	if (!lv->tep)
		return tq_fail(EIO, "cannot read the event formats of '%s'", tq_tracefs_root(tfs));
	/* sched_switch and friends print as trace-cmd prints them */
	lv->plugins = tep_load_plugins(lv->tep);
	err = tq_event_source_init(&lv->src, lv->tep, &style, NULL);
	if (err)
		return err;
	/* tasks come and go while it runs: a pid's name is looked up each time */
	lv->src.comms_change = true;
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
		return -ENOMEM;
	for (size_t i = 0; i < ninst; i++) {
		const char *inst = instances[i];
		char dir[300];

		if (inst && (int)strlen(inst) > width)
			width = (int)strlen(inst);
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
				return tq_fail(errno, "cannot open '%s': %s", rel, strerror(errno));
			lc->cpu = c;
			lc->buffer = inst ? inst : "";
			lv->ncpus++;
		}
	}
	lv->pr.width = width;
	return 0;
}

static int live_add(struct tq_live *lv, const struct live_cpu *lc, void *data, int size,
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
static int live_read_cpu(struct tq_live *lv, const struct live_cpu *lc)
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

static void live_print(struct tq_live *lv, const struct live_event *ev)
{
	struct tep_record rec = {
		.ts = ev->ts, .cpu = ev->cpu, .size = ev->size, .data = ev->data,
	};

	tq_event_print(&lv->pr, &lv->src, &rec, ev->buffer, ev->missed);
}

int tq_live_drain(struct tq_live *lv)
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
	tq_event_printer_flush(&lv->pr);
	if (ret)
		return tq_fail(-ret, "cannot read the ring buffer: %s", strerror(-ret));
	return 0;
}
