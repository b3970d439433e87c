// SPDX-License-Identifier: GPL-2.0-or-later
/* The trace.dat reader on trace-cmd's samples and on damaged copies of them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tap.h"
#include "tracedat/internal.h"

struct blob {
	unsigned char *data;
	size_t len;
};

/* The fixtures are xz-compressed; unpack one into memory. */
static int load(const char *name, struct blob *b)
{
	const char *top = getenv("TQ_SRCDIR");
	char cmd[1024];
	size_t cap = 1 << 20;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "xz -dc '%s/tests/report/fixtures/%s.dat.xz'",
		 top ? top : ".", name);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	b->data = malloc(cap);
	b->len = 0;
	for (;;) {
		size_t n;

		if (b->len == cap) {
			cap *= 2;
			b->data = realloc(b->data, cap);
		}
		n = fread(b->data + b->len, 1, cap - b->len, p);
		if (!n)
			break;
		b->len += n;
	}
	return pclose(p) == 0 && b->len ? 0 : -1;
}

/* Read every event; returns the count or a negative error. */
static long walk(struct tq_tracedat *td, bool *ordered)
{
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	unsigned long long prev = 0;
	long n = 0;
	int b, e, err;

	if (tq_td_merge_new(&m))
		return -ENOMEM;
	for (b = 0; b < td->nbuffers; b++)
		for (e = 0; e < td->buffers[b].nentries; e++) {
			struct tq_td_cursor *c;

			if (!td->buffers[b].cpus[e].size)
				continue;
			err = tq_td_cursor_new(td, b, e, &c);
			if (!err)
				err = tq_td_merge_add(m, c, 0);
			if (err) {
				tq_td_merge_free(m);
				return err;
			}
		}
	*ordered = true;
	while ((err = tq_td_merge_next(m, &ev)) > 0) {
		if (ev->rec.ts < prev)
			*ordered = false;
		prev = ev->rec.ts;
		n++;
	}
	tq_td_merge_free(m);
	return err < 0 ? err : n;
}

static const struct {
	const char *name;
	int version;
	const char *comp;
	int nbuffers;
	int systems;
	long events;
} samples[] = {
	{ "v6", 6, NULL, 1, 2, 3762 },
	{ "v7-none", 7, "none", 1, 2, 3919 },
	{ "v7-zstd", 7, "zstd", 1, 2, 3940 },
	{ "v7-instance", 7, "zstd", 2, 1, 1709 },
};

static void check_sample(int i, struct blob *b)
{
	struct tq_tracedat *td;
	const struct tq_td_option *o;
	bool ordered;
	int err;

	err = tq_td_open_mem(b->data, b->len, samples[i].name, 0, &td);
	if (!ok(err == 0, "%s: opens", samples[i].name)) {
		printf("# %s\n", tq_errmsg(err));
		return;
	}
	is_int(td->version, samples[i].version, "%s: version", samples[i].name);
	if (samples[i].comp)
		is_str(td->comp_name, samples[i].comp, "%s: compression", samples[i].name);
	is_int(td->ncpus, 2, "%s: cpus", samples[i].name);
	is_int(td->nbuffers, samples[i].nbuffers, "%s: buffers", samples[i].name);
	is_str(td->buffers[0].name, "", "%s: top buffer first", samples[i].name);
	if (td->nbuffers > 1)
		is_str(td->buffers[1].name, "inst1", "%s: instance name", samples[i].name);
	is_str(td->trace_clock, "local", "%s: clock", samples[i].name);
	ok(td->clock_is_ns, "%s: clock counts ns", samples[i].name);
	is_int(td->meta.ftrace_events, 18, "%s: ftrace formats", samples[i].name);
	is_int(td->meta.systems, samples[i].systems, "%s: systems", samples[i].name);
	is_int(td->meta.format_failures, 0, "%s: formats parse", samples[i].name);
	is_int(td->meta.kallsyms_size, 5413118, "%s: kallsyms size", samples[i].name);
	o = tq_td_find_option(td, TQ_TD_OPT_UNAME);
	ok(o && !strcmp((const char *)o->data, "Linux vm 6.18.44-fc-v595 x86_64"),
	   "%s: uname option", samples[i].name);
	is_int(td->nwarnings, 0, "%s: no warnings", samples[i].name);
	is_int(walk(td, &ordered), samples[i].events, "%s: event count", samples[i].name);
	ok(ordered, "%s: merged in time order", samples[i].name);
	tq_td_close(td);
}

/* Two copies of one file: identical timestamps go to the lower index first. */
static void check_ties(struct blob *b)
{
	struct tq_tracedat *td[2];
	struct tq_td_merge *m;
	struct tq_td_event *ev;
	int i, e, expect = 0, bad = 0, n = 0;

	for (i = 0; i < 2; i++)
		if (tq_td_open_mem(b->data, b->len, "tie", TQ_TD_NO_KALLSYMS, &td[i]))
			return;
	tq_td_merge_new(&m);
	for (i = 0; i < 2; i++)
		for (e = 0; e < td[i]->buffers[0].nentries; e++) {
			struct tq_td_cursor *c;

			if (!tq_td_cursor_new(td[i], 0, e, &c))
				tq_td_merge_add(m, c, i);
		}
	while (tq_td_merge_next(m, &ev) > 0) {
		if (ev->source != expect)
			bad++;
		expect = !expect;
		n++;
	}
	ok(n > 0 && !bad, "ties go to the lower index (%d events, %d out of turn)", n, bad);
	tq_td_merge_free(m);
	tq_td_close(td[0]);
	tq_td_close(td[1]);
}

static struct tq_td_merge *merge_all(struct tq_tracedat *td)
{
	struct tq_td_merge *m;
	int b, e;

	if (tq_td_merge_new(&m))
		return NULL;
	for (b = 0; b < td->nbuffers; b++)
		for (e = 0; e < td->buffers[b].nentries; e++) {
			struct tq_td_cursor *c;

			if (td->buffers[b].cpus[e].size && !tq_td_cursor_new(td, b, e, &c))
				tq_td_merge_add(m, c, 0);
		}
	return m;
}

struct seen {
	unsigned long long ts;
	int buffer, cpu;
	bool dropped;
};

static bool same(const struct tq_td_event *ev, const struct seen *s)
{
	return ev->rec.ts == s->ts && ev->buffer == s->buffer && ev->rec.cpu == s->cpu;
}

/*
 * tq_td_merge_peek() shows the event that follows in the same buffer without taking it,
 * and tq_td_merge_drop() takes it: on a file with an instance, every third peeked event
 * is dropped, and the events must come as in a plain walk, less those.
 */
static void check_peek(struct blob *b)
{
	struct tq_tracedat *td;
	struct tq_td_merge *m;
	struct tq_td_event *ev, *next;
	struct seen *all = NULL;
	size_t n = 0, cap = 0, i = 0, j, drops = 0;
	int bad = 0, step = 0;

	if (tq_td_open_mem(b->data, b->len, "peek", TQ_TD_NO_KALLSYMS, &td))
		return;
	m = merge_all(td);
	while (tq_td_merge_next(m, &ev) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			all = realloc(all, cap * sizeof(*all));
		}
		all[n++] = (struct seen){ ev->rec.ts, ev->buffer, ev->rec.cpu, false };
	}
	tq_td_merge_free(m);
	m = merge_all(td);
	while (tq_td_merge_next(m, &ev) > 0) {
		while (i < n && all[i].dropped)
			i++;
		if (i == n || !same(ev, &all[i])) {
			bad++;
			break;
		}
		for (j = i + 1; j < n && (all[j].dropped || all[j].buffer != all[i].buffer); j++)
			;
		if (tq_td_merge_peek(m, &next) > 0) {
			if (j == n || !same(next, &all[j]))
				bad++;
			else if (++step % 3 == 0) {
				tq_td_merge_drop(m, next);
				all[j].dropped = true;
				drops++;
			}
		} else if (j != n) {
			bad++;
		}
		i++;
	}
	ok(n > 0 && drops > 0 && !bad && i == n, "peek and drop: %zu events, %zu dropped, %d "
	   "out of place", n, drops, bad);
	tq_td_merge_free(m);
	free(all);
	tq_td_close(td);
}

/* A page that cannot be read after the one being printed: the peek says so. */
static void check_peek_damaged(struct blob *b)
{
	struct tq_tracedat *td;
	struct tq_td_merge *m;
	struct tq_td_event *ev, *next;
	unsigned char *copy = malloc(b->len);
	int err = 0, from_peek = 0;

	memcpy(copy, b->data, b->len);
	if (tq_td_open_mem(copy, b->len, "bad.dat", TQ_TD_NO_KALLSYMS, &td)) {
		ok(0, "peek on a damaged page: the copy opens");
		free(copy);
		return;
	}
	/* CPU 0's second page gets a commit larger than a page */
	memset(copy + td->buffers[0].cpus[0].offset + td->buffers[0].page_size + 8, 0x7f, 3);
	m = merge_all(td);
	tq_clear_errmsg();
	while ((err = tq_td_merge_next(m, &ev)) > 0) {
		err = tq_td_merge_peek(m, &next);
		if (err < 0) {
			from_peek = 1;
			break;
		}
	}
	ok(from_peek && strstr(tq_errmsg(err), "corrupt ring-buffer page of CPU 0"),
	   "peek on a damaged page: the error comes from the peek (%s)", tq_errmsg(err));
	tq_td_merge_free(m);
	tq_td_close(td);
	free(copy);
}

/* Open (and walk) a damaged copy: an error must name an offset, nothing may crash. */
static int try_damaged(struct blob *b, const char *what, size_t off)
{
	struct tq_tracedat *td;
	bool ordered;
	long n;
	int err;

	tq_clear_errmsg();
	err = tq_td_open_mem(b->data, b->len, "bad.dat", TQ_TD_NO_KALLSYMS, &td);
	if (!err) {
		n = walk(td, &ordered);
		tq_td_close(td);
		if (n >= 0)
			return 0;
		err = n;
	}
	if (!strstr(tq_errmsg(err), "offset") && !strstr(tq_errmsg(err), "truncated")) {
		printf("# %s at %zu: message without an offset: %s\n", what, off, tq_errmsg(err));
		return -1;
	}
	return 1;
}

static void check_truncated(struct blob *b, const char *name, size_t step, size_t upto)
{
	size_t len = b->len, off;
	int bad = 0, refused = 0, tries = 0;

	for (off = 0; off < upto && off < len; off += step) {
		int r;

		b->len = off;
		r = try_damaged(b, "truncated", off);
		bad += r < 0;
		refused += r > 0;
		tries++;
	}
	b->len = len;
	ok(!bad && refused == tries, "%s: %d truncations refused with an offset (%d)", name,
	   tries, refused);
}

static void check_flipped(struct blob *b, const char *name, size_t from, size_t to, size_t step)
{
	size_t off;
	int bad = 0, tries = 0;

	for (off = from; off < to && off < b->len; off += step) {
		unsigned char keep = b->data[off];

		b->data[off] ^= 0xff;
		bad += try_damaged(b, "flipped", off) < 0;
		b->data[off] = keep;
		tries++;
	}
	ok(!bad, "%s: %d flipped bytes in [%zu, %zu) handled", name, tries, from, to);
}

/* An option id from a newer trace-cmd is skipped with a warning, not an error. */
static void check_unknown_option(struct blob *b)
{
	const size_t at = 1040047;	/* the TRACEID option of v7-zstd */
	struct tq_tracedat *td;
	int err;

	if (!ok(b->data[at] == 11 && b->data[at + 1] == 0, "TRACEID option where expected"))
		return;
	b->data[at] = 99;
	err = tq_td_open_mem(b->data, b->len, "newer.dat", TQ_TD_NO_KALLSYMS, &td);
	b->data[at] = 11;
	if (!ok(err == 0, "file with an unknown option opens"))
		return;
	ok(td->nwarnings == 1 && strstr(td->warnings[0], "unknown option id 99"),
	   "unknown option reported as a warning (%s)", td->nwarnings ? td->warnings[0] : "none");
	ok(tq_td_find_option(td, 99) != NULL, "and kept for the caller");
	tq_td_close(td);
}

/*
 * The trace clock, from the TRACECLOCK option: its bracketed word. trace-cmd 3.1.6 shows
 * the times of some clocks as seconds and of the others (boot too, although it counts
 * ns) as raw numbers; the brackets are moved in place in the option's text.
 */
static void check_clocks(struct blob *b)
{
	static const char text[] = "[local] global counter uptime perf mono mono_raw boot tai "
				   "x86-tsc";
	static const struct {
		const char *clock;
		bool ns;
	} clocks[] = {
		{ "local", true }, { "global", true }, { "uptime", true }, { "perf", true },
		{ "mono", true }, { "mono_raw", true }, { "tai", true }, { "counter", false },
		{ "boot", false }, { "x86-tsc", false },
	};
	unsigned char *at = memmem(b->data, b->len, text, sizeof(text) - 1);
	size_t i;

	if (!ok(at != NULL, "TRACECLOCK option text found"))
		return;
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		size_t n = strlen(clocks[i].clock);
		char edit[sizeof(text)], *w, *o = edit;
		struct tq_tracedat *td;
		const char *p;
		int err;

		/* the text without brackets, then brackets around the wanted word */
		for (p = text; *p; p++)
			if (*p != '[' && *p != ']')
				*o++ = *p;
		*o = '\0';
		w = strstr(edit, clocks[i].clock);
		while (w && ((w > edit && w[-1] != ' ') || (w[n] && w[n] != ' ')))
			w = strstr(w + 1, clocks[i].clock);
		if (!ok(w != NULL, "clock %s in the option", clocks[i].clock))
			continue;
		memmove(w + n + 2, w + n, strlen(w + n) + 1);
		memmove(w + 1, w, n);
		w[0] = '[';
		w[n + 1] = ']';
		memcpy(at, edit, sizeof(text) - 1);
		err = tq_td_open_mem(b->data, b->len, "clock.dat", TQ_TD_NO_KALLSYMS, &td);
		if (ok(err == 0, "file with clock %s opens", clocks[i].clock)) {
			is_str(td->trace_clock, clocks[i].clock, "clock %s read", clocks[i].clock);
			ok(td->clock_is_ns == clocks[i].ns, "clock %s shown as %s", clocks[i].clock,
			   clocks[i].ns ? "seconds" : "raw numbers");
			tq_td_close(td);
		}
	}
	memcpy(at, text, sizeof(text) - 1);
}

/* File text quoted for messages: printable ASCII as is, the rest as \xNN, long text cut. */
static void check_quote(void)
{
	char long_text[300];

	ok(!strcmp(tq_td_quote("zstd", 32).s, "zstd"), "quote: plain text unchanged");
	ok(!strcmp(tq_td_quote("z\xff\x01\\d", 32).s, "z\\xff\\x01\\x5cd"),
	   "quote: other bytes as \\xNN (%s)", tq_td_quote("z\xff\x01\\d", 32).s);
	ok(!strcmp(tq_td_quote("7\xfftail", 2).s, "7\\xff"), "quote: stops after max bytes");
	memset(long_text, '\x80', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	ok(strlen(tq_td_quote(long_text, SIZE_MAX).s) < sizeof(struct tq_td_quoted) &&
	   strstr(tq_td_quote(long_text, SIZE_MAX).s, "..."), "quote: long text cut with ...");
}

int main(void)
{
	struct blob b[4];
	size_t i;

	for (i = 0; i < 4; i++) {
		if (load(samples[i].name, &b[i])) {
			printf("1..0 # SKIP cannot unpack the fixtures (xz missing?)\n");
			return 0;
		}
		check_sample(i, &b[i]);
	}
	check_ties(&b[2]);
	check_peek(&b[3]);
	check_peek_damaged(&b[0]);
	check_unknown_option(&b[2]);
	check_clocks(&b[2]);
	check_quote();

	/* v7: every truncation removes a section the header walk needs */
	check_truncated(&b[3], "v7-instance", 997, b[3].len);
	/* v6: header and metadata blocks, then the CPU data */
	check_truncated(&b[0], "v6 header", 37, 6000);
	check_truncated(&b[0], "v6 data", b[0].len / 16 + 1, b[0].len);

	check_flipped(&b[2], "v7-zstd header and first sections", 0, 120, 3);
	check_flipped(&b[2], "v7-zstd options", 1039823, 1039823 + 584, 23);
	check_flipped(&b[2], "v7-zstd buffer option", 1071512, 1071512 + 99, 3);
	check_flipped(&b[2], "v7-zstd CPU chunks", 1044480, 1044480 + 64, 4);
	check_flipped(&b[1], "v7-none pages", 5840896, 5840896 + 256, 7);

	for (i = 0; i < 4; i++)
		free(b[i].data);
	return done_testing();
}
