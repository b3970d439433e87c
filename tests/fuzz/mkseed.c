// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writes the small trace.dat fuzz seeds with real event pages (tests/fuzz/corpus/tracedat/
 * pages-v6.dat, pages-v7.dat): the first ring-buffer page of each CPU of a recording, the
 * formats of the events on them, a few printk formats and command lines, no kallsyms.
 * The reports' fixtures are megabytes (kallsyms); libFuzzer takes inputs up to 64 KiB
 * here, so without these seeds it never reached the page decoder and kbuffer.
 *   mkseed IN.dat OUT.dat VERSION
 * (make -C tests/fuzz seeds rebuilds them from tests/report/fixtures/v6.dat.xz).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracedat/read.h"
#include "tracedat/write.h"
#include "util/diag.h"

static const char *const wanted[] = {
	"sched_switch", "sched_waking", "sched_wakeup", "sched_stat_runtime",
	"sys_enter_mremap", "sys_exit_mremap", "sys_enter_brk", "sys_exit_brk",
	"sys_enter_openat", "sys_exit_openat", "sys_enter_mmap", "sys_exit_mmap",
	"sys_enter_newfstatat", "sys_exit_newfstatat", "sys_enter_close", "sys_exit_close",
	"sys_enter_execve", "sys_exit_execve", "sys_enter_write", "sys_exit_write",
	"sys_enter_read", "sys_exit_read", "sys_enter_splice", "sys_exit_splice",
	"sys_enter_mprotect", "sys_exit_mprotect", "sys_enter_munmap", "sys_exit_munmap",
	"sys_enter_pread64", "sys_exit_pread64", "sys_enter_arch_prctl", "sys_exit_arch_prctl",
	"sys_enter_access", "sys_exit_access", "sys_enter_exit_group",
};

static int wanted_format(const uint8_t *text, uint64_t len)
{
	size_t i, n;

	if (len < 7 || memcmp(text, "name: ", 6))
		return 0;
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		n = strlen(wanted[i]);
		if (len > 6 + n && !memcmp(text + 6, wanted[i], n) && text[6 + n] == '\n')
			return 1;
	}
	return 0;
}

static uint64_t get(const uint8_t **p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = v << 8 | (*p)[i];	/* the fixtures are little endian, as the host */
	*p += n;
	return v;
}

/* The events block: u32 systems, then per system NAME\0, u32 count, (u64 len, text)... */
static int add_formats(struct tq_tdw *w, const struct tq_tracedat *td)
{
	const uint8_t *p = td->meta.events_block;
	uint32_t nsys = get(&p, 4), s, n, i;

	for (s = 0; s < nsys; s++) {
		const char *sys = (const char *)p;

		p += strlen(sys) + 1;
		n = get(&p, 4);
		for (i = 0; i < n; i++) {
			uint64_t len = get(&p, 8);

			if (wanted_format(p, len) && tq_tdw_add_event_format(w, sys, p, len))
				return -1;
			p += len;
		}
	}
	return 0;
}

/* The first lines of a text, up to about max bytes. */
static size_t first_lines(const char *text, size_t len, size_t max)
{
	size_t n = 0;

	while (n < len && n < max) {
		const char *nl = memchr(text + n, '\n', len - n);

		n = nl ? (size_t)(nl - text) + 1 : len;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct tq_tdw_opts opts = { 0 };
	struct tq_tracedat *td;
	struct tq_tdw *w;
	const struct tq_td_buffer *b;
	char path[64];
	int c, err, buf;

	if (argc != 4) {
		fprintf(stderr, "usage: mkseed IN.dat OUT.dat VERSION\n");
		return 2;
	}
	opts.version = atoi(argv[3]);
	err = tq_td_open_flags(argv[1], TQ_TD_NO_KALLSYMS, &td);
	if (err) {
		fprintf(stderr, "%s\n", tq_errmsg(err));
		return 1;
	}
	b = &td->buffers[0];
	w = tq_tdw_new();
	if (!w || tq_tdw_set_blob(w, TQ_TDW_HEADER_PAGE, td->meta.header_page,
				  td->meta.header_page_size) ||
	    tq_tdw_set_blob(w, TQ_TDW_HEADER_EVENT, td->meta.header_event,
			    td->meta.header_event_size) ||
	    tq_tdw_set_blob(w, TQ_TDW_KALLSYMS, "", 0) ||
	    tq_tdw_set_blob(w, TQ_TDW_PRINTK, td->meta.printk,
			    first_lines(td->meta.printk, td->meta.printk_size, 200)) ||
	    tq_tdw_set_blob(w, TQ_TDW_CMDLINES, td->meta.cmdlines,
			    first_lines(td->meta.cmdlines, td->meta.cmdlines_size, 100)) ||
	    tq_tdw_set_blob(w, TQ_TDW_TRACE_CLOCK, "[local] global", 14) ||
	    add_formats(w, td))
		return 1;
	tq_tdw_set_cpu_count(w, b->nentries);
	buf = tq_tdw_add_buffer(w, "", b->clock, b->ncpus);
	if (buf < 0)
		return 1;
	for (c = 0; c < b->nentries; c++) {
		FILE *f;

		snprintf(path, sizeof(path), "mkseed-cpu%d.%d", c, (int)getpid());
		f = fopen(path, "wb");
		if (!f || b->cpus[c].size < b->page_size ||
		    fwrite(td->map + b->cpus[c].offset, b->page_size, 1, f) != 1 || fclose(f))
			return 1;
		err = tq_tdw_set_cpu(w, buf, b->cpus[c].cpu, path, NULL);
		if (err)
			return 1;
	}
	err = tq_tdw_write(w, argv[2], &opts, NULL);
	for (c = 0; c < b->nentries; c++) {
		snprintf(path, sizeof(path), "mkseed-cpu%d.%d", c, (int)getpid());
		unlink(path);
	}
	if (err) {
		fprintf(stderr, "%s\n", tq_errmsg(err));
		return 1;
	}
	tq_tdw_free(w);
	tq_td_close(td);
	return 0;
}
