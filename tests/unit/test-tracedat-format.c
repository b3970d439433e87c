// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast formatter against libtraceevent on every record of every event type in the
 * report fixtures: where the fast path takes a format, the text must be identical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-seq.h>

#include "format.h"
#include "tap.h"
#include "tracedat.h"

static char *unpack(const char *name, char *path, size_t size)
{
	const char *top = getenv("TQ_SRCDIR");
	char cmd[2048];

	snprintf(path, size, "/tmp/tq-fmt-test-%d-%s.dat", (int)getpid(), name);
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/tests/report/fixtures/%s.dat.xz' > '%s'",
		 top ? top : ".", name, path);
	return system(cmd) == 0 ? path : NULL;
}

static void check_file(const char *name)
{
	struct tq_tracedat *td;
	struct tep_plugin_list *plugins;
	struct tq_fmt_cache *fc;
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	struct trace_seq seq;
	char path[512], buf[TQ_FMT_BUF];
	long fast = 0, slow = 0, bad = 0;
	int b, e, types = 0, fast_types = 0, i;

	if (!unpack(name, path, sizeof(path))) {
		ok(0, "%s: unpacked", name);
		return;
	}
	if (!ok(tq_td_open(path, &td) == 0, "%s: opens", name)) {
		unlink(path);
		return;
	}
	plugins = tep_load_plugins(td->tep);
	fc = tq_fmt_cache_new(td->tep);
	tq_fmt_cache_set_verify(fc, false);
	trace_seq_init(&seq);
	tq_td_merge_new(&m);
	for (b = 0; b < td->nbuffers; b++)
		for (e = 0; e < td->buffers[b].nentries; e++) {
			struct tq_td_cursor *c;

			if (td->buffers[b].cpus[e].size && !tq_td_cursor_new(td, b, e, &c))
				tq_td_merge_add(m, c, 0);
		}
	while (tq_td_merge_next(m, &ev) > 0) {
		struct tep_event *event = tep_find_event_by_record(td->tep, &ev->rec);
		int len;

		if (!event)
			continue;
		trace_seq_reset(&seq);
		tep_print_event(td->tep, &seq, &ev->rec, "%s", TEP_PRINT_INFO);
		trace_seq_terminate(&seq);
		while (seq.len && seq.buffer[seq.len - 1] == '\n')
			seq.buffer[--seq.len] = '\0';
		len = tq_fmt_format(fc, event, &ev->rec, buf, sizeof(buf));
		if (len < 0) {
			slow++;
			continue;
		}
		fast++;
		if (len != (int)seq.len || memcmp(buf, seq.buffer, len)) {
			if (bad++ < 5)
				printf("# %s: %s:\n#   fast: %.*s\n#   tep:  %s\n", name, event->name,
				       len, buf, seq.buffer);
		}
	}
	for (i = 0; i < tep_get_events_count(td->tep); i++) {
		struct tep_event *event = tep_get_event(td->tep, i);

		types++;
		fast_types += tq_fmt_supported(fc, event) > 0;
	}
	ok(bad == 0, "%s: fast text identical on %ld records (%ld by libtraceevent)", name, fast,
	   slow);
	ok(fast > 0, "%s: the fast path is used", name);
	printf("# %s: %d of %d event formats compiled\n", name, fast_types, types);
	tq_td_merge_free(m);
	trace_seq_destroy(&seq);
	tq_fmt_cache_free(fc);
	tep_unload_plugins(plugins, td->tep);
	tq_td_close(td);
	unlink(path);
}

int main(void)
{
	check_file("v6");
	check_file("v7-zstd");
	check_file("v7-instance");
	return done_testing();
}
