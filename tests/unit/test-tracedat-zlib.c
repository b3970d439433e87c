// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zlib, zstd and uncompressed v7 files and a v6 file written by tq's writer from the same
 * recording (tests/record/fixtures/sample-pages.tar.gz, pages trace-cmd recorded) must all
 * be reported as trace-cmd reported the original. Debian's trace-cmd cannot write zlib, so
 * this is the check of the zlib path end to end. Runs $TQ (skipped without it).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "tap.h"
#include "tracedat/write.h"
#include "tracedat/read.h"

static char dir[] = "/tmp/tq-zlib-test.XXXXXX";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			*len = n;
		}
	}
	fclose(f);
	return buf;
}

static int blob(struct tq_tdw *w, enum tq_tdw_blob which, const char *name)
{
	char path[600];
	size_t len;
	char *data;
	int ret;

	snprintf(path, sizeof(path), "%s/fx/%s", dir, name);
	data = slurp(path, &len);
	if (!data)
		return -1;
	ret = tq_tdw_set_blob(w, which, data, len);
	free(data);
	return ret;
}

static int compare_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* sub is "ftrace" (system NULL) or "events/<system>" */
static int formats(struct tq_tdw *w, const char *sub, const char *system)
{
	struct dirent **names;
	char path[700];
	int i, n, ret = 0;

	snprintf(path, sizeof(path), "%s/fx/%s", dir, sub);
	n = scandir(path, &names, NULL, compare_names);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t len;
		char *data;

		if (names[i]->d_name[0] != '.' && !ret) {
			snprintf(path, sizeof(path), "%s/fx/%s/%s", dir, sub, names[i]->d_name);
			data = slurp(path, &len);
			if (!data)
				ret = -1;
			else if (system)
				ret = tq_tdw_add_event_format(w, system, data, len);
			else
				ret = tq_tdw_add_ftrace_format(w, data, len);
			free(data);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static struct tq_tdw *writer(void)
{
	struct tq_tdw *w = tq_tdw_new();
	int b, cpu, ret = 0;

	if (!w)
		return NULL;
	ret |= blob(w, TQ_TDW_HEADER_PAGE, "header_page");
	ret |= blob(w, TQ_TDW_HEADER_EVENT, "header_event");
	ret |= blob(w, TQ_TDW_PRINTK, "printk_formats");
	ret |= blob(w, TQ_TDW_CMDLINES, "saved_cmdlines");
	ret |= blob(w, TQ_TDW_TRACE_CLOCK, "trace_clock");
	ret |= formats(w, "ftrace", NULL);
	ret |= formats(w, "events/syscalls", "syscalls");
	ret |= formats(w, "events/sched", "sched");
	b = tq_tdw_add_buffer(w, "", "local", 2);
	for (cpu = 0; !ret && b >= 0 && cpu < 2; cpu++) {
		char path[600];

		snprintf(path, sizeof(path), "%s/fx/cpu%d.raw", dir, cpu);
		ret = tq_tdw_set_cpu(w, b, cpu, path, "");
	}
	if (ret || b < 0) {
		tq_tdw_free(w);
		return NULL;
	}
	return w;
}

/*
 * ftrace:function events (libtraceevent's function plugin, with symbols from kallsyms):
 * no function tracer runs on the test machines, so a page of such events is made here,
 * with a small kallsyms, and both reports compared.
 */
static void put_le(unsigned char *p, unsigned long long v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

static void function_events(const char *tq)
{
	static const char kallsyms[] = "ffffffff816b4fc0 T __x64_sys_openat\n"
				       "ffffffff816b5000 T __x64_sys_close\n"
				       "ffffffff821ecbe0 T do_syscall_64\n"
				       "ffffffff821ed000 T do_int80_emulation\n";
	static const unsigned long long ips[][2] = {
		{ 0xffffffff816b4fc0ull, 0xffffffff821ecbe0ull },
		{ 0xffffffff816b4fc8ull, 0xffffffff821ecbf4ull },
		{ 0x1234ull, 0xffffffff821ecbe0ull },
		{ 0xffffffff816b5000ull, 0x42ull },
	};
	unsigned char page[4096] = { 0 };
	struct tq_tdw *w = tq_tdw_new();
	struct tq_tdw_opts opts = { .version = 7, .compression = TQ_TDW_COMP_ZSTD };
	char path[600], cmd[4096];
	unsigned off = 0;
	size_t i, r;
	FILE *f;
	int b;

	put_le(page, 5000000000ull, 8);
	for (r = 0; r < 40; r++) {
		i = r % 4;
		put_le(page + 16 + off, (3000u << 5) | 6, 4);	/* 24-byte event, +3 us */
		put_le(page + 16 + off + 4, 1, 2);		/* common_type: function */
		put_le(page + 16 + off + 8, 1, 4);		/* common_pid */
		put_le(page + 16 + off + 12, ips[i][0], 8);
		put_le(page + 16 + off + 20, ips[i][1], 8);
		off += 28;
	}
	put_le(page + 8, off, 8);
	snprintf(path, sizeof(path), "%s/func.raw", dir);
	f = fopen(path, "wb");
	ok(f && fwrite(page, 1, sizeof(page), f) == sizeof(page) && fclose(f) == 0,
	   "page of function events made");
	if (!w)
		return;
	if (blob(w, TQ_TDW_HEADER_PAGE, "header_page") ||
	    blob(w, TQ_TDW_HEADER_EVENT, "header_event") ||
	    blob(w, TQ_TDW_TRACE_CLOCK, "trace_clock") ||
	    tq_tdw_set_blob(w, TQ_TDW_CMDLINES, "1 init\n", 7) ||
	    tq_tdw_set_blob(w, TQ_TDW_KALLSYMS, kallsyms, sizeof(kallsyms) - 1) ||
	    formats(w, "ftrace", NULL) || (b = tq_tdw_add_buffer(w, "", "local", 1)) < 0 ||
	    tq_tdw_set_cpu(w, b, 0, path, "")) {
		ok(0, "function-event file set up");
		tq_tdw_free(w);
		return;
	}
	snprintf(path, sizeof(path), "%s/func.dat", dir);
	ok(tq_tdw_write(w, path, &opts, NULL) == 0, "function-event file written");
	tq_tdw_free(w);
	snprintf(cmd, sizeof(cmd), "cd %s && trace-cmd report -i func.dat > func.want 2>/dev/null "
		 "&& '%s' report -i func.dat > func.got && cmp -s func.want func.got && "
		 "grep -q ' function: *__x64_sys_openat$' func.got", dir, tq);
	ok(system(cmd) == 0, "function events printed as trace-cmd prints them");
	snprintf(cmd, sizeof(cmd), "cd %s && '%s' report --slow -i func.dat > func.slow && "
		 "cmp -s func.got func.slow", dir, tq);
	ok(system(cmd) == 0, "fast and libtraceevent paths agree on function events");
}

int main(void)
{
	static const struct {
		int version;
		enum tq_tdw_compression comp;
		const char *name;
	} files[] = {
		{ 7, TQ_TDW_COMP_ZLIB, "zlib" },
		{ 7, TQ_TDW_COMP_ZSTD, "zstd" },
		{ 7, TQ_TDW_COMP_NONE, "none" },
		{ 6, TQ_TDW_COMP_NONE, "v6" },
	};
	const char *top = getenv("TQ_SRCDIR"), *tq = getenv("TQ");
	char cmd[4096], want[700];
	struct tq_tdw *w;
	size_t i;

	if (!tq || access(tq, X_OK)) {
		printf("1..0 # SKIP $TQ is not set\n");
		return 0;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof(cmd), "mkdir %s/fx && tar -xzf '%s/tests/record/fixtures/"
		 "sample-pages.tar.gz' -C %s/fx && zcat '%s/tests/record/fixtures/"
		 "sample-pages.report.gz' > %s/want", dir, top ? top : ".", dir,
		 top ? top : ".", dir);
	if (!ok(system(cmd) == 0, "fixture unpacked"))
		return done_testing();
	snprintf(want, sizeof(want), "%s/want", dir);
	w = writer();
	if (!ok(w != NULL, "writer set up from the fixture"))
		return done_testing();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct tq_tdw_opts opts = { .version = files[i].version,
					    .compression = files[i].comp };
		char path[600], out[700];
		int ret;

		snprintf(path, sizeof(path), "%s/%s.dat", dir, files[i].name);
		ret = tq_tdw_write(w, path, &opts, NULL);
		if (!ok(ret == 0, "%s: written", files[i].name)) {
			printf("# %s\n", tq_errmsg(ret));
			continue;
		}
		snprintf(out, sizeof(out), "%s/%s.out", dir, files[i].name);
		snprintf(cmd, sizeof(cmd), "'%s' report -i '%s' > '%s' && cmp -s '%s' '%s'", tq,
			 path, out, out, want);
		ok(system(cmd) == 0, "%s: tq report prints what trace-cmd printed", files[i].name);
		snprintf(cmd, sizeof(cmd), "'%s' report -R -t -i '%s' > '%s.raw'", tq, path, out);
		ok(system(cmd) == 0, "%s: tq report -R -t", files[i].name);
	}
	snprintf(cmd, sizeof(cmd), "cd %s && cmp -s zlib.out.raw zstd.out.raw && "
		 "cmp -s zlib.out.raw none.out.raw && cmp -s zlib.out.raw v6.out.raw", dir);
	ok(system(cmd) == 0, "raw output the same for every compression");

	/* a DATE option moves every timestamp (microseconds, hex): same as trace-cmd */
	if (system("command -v trace-cmd >/dev/null 2>&1") == 0) {
		function_events(tq);
		struct tq_tdw_opts opts = { .version = 7, .compression = TQ_TDW_COMP_ZSTD };
		char path[600];

		snprintf(path, sizeof(path), "%s/date.dat", dir);
		ok(tq_tdw_set_blob(w, TQ_TDW_DATE, "0x1234567", 10) == 0 &&
		   tq_tdw_write(w, path, &opts, NULL) == 0, "file with a DATE option written");
		snprintf(cmd, sizeof(cmd), "cd %s && trace-cmd report -i date.dat > date.want "
			 "2>/dev/null && '%s' report -i date.dat > date.got && "
			 "cmp -s date.want date.got && ! cmp -s date.got want", dir, tq);
		ok(system(cmd) == 0, "DATE offset applied as trace-cmd does");
	} else {
		for (i = 0; i < 6; i++)
			printf("ok %d # SKIP trace-cmd is not installed\n", ++tap_count);
	}
	tq_tdw_free(w);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (getenv("TQ_KEEP_TMP"))
		printf("# kept %s\n", dir);
	else if (system(cmd))
		printf("# cannot remove %s\n", dir);
	return done_testing();
}
