// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace.dat writer, fed with the pieces of a trace-cmd recording (tests/record/fixtures/
 * sample-pages.tar.gz: ring-buffer pages, header files, formats, cmdlines as trace-cmd 3.1.6
 * stored them). Every version/compression must make trace-cmd print exactly what it printed
 * for the original file; failures must leave no file behind.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/diag.h"
#include "tracedat/write.h"
#include "tracedat/read.h"

static char tmpdir[] = "/tmp/tq-tdwrite.XXXXXX";
static const char *srcdir = ".";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 > cap) {
			char *p = realloc(buf, cap = cap * 2 + 8192);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);

		n += r;
		if (!r)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int set_file(struct tq_tdw *tdw, enum tq_tdw_blob which, const char *name)
{
	char path[512];
	size_t len;
	char *data;
	int ret;

	snprintf(path, sizeof(path), "%s/fx/%s", tmpdir, name);
	data = slurp(path, &len);
	if (!data)
		return -errno;
	ret = tq_tdw_set_blob(tdw, which, data, len);
	free(data);
	return ret;
}

static int sort_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* every file in fx/<dir>[/<system>] as a format */
static int add_formats(struct tq_tdw *tdw, const char *dir, const char *system)
{
	char path[512];
	struct dirent **names;
	int n, ret = 0;

	snprintf(path, sizeof(path), "%s/fx/%s%s%s", tmpdir, dir, system ? "/" : "",
		 system ? system : "");
	n = scandir(path, &names, NULL, sort_names);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char file[1024];
		size_t len;
		char *data;

		if (names[i]->d_name[0] == '.' || ret) {
			free(names[i]);
			continue;
		}
		snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
		data = slurp(file, &len);
		if (!data)
			ret = -EIO;
		else if (system)
			ret = tq_tdw_add_event_format(tdw, system, data, len);
		else
			ret = tq_tdw_add_ftrace_format(tdw, data, len);
		free(data);
		free(names[i]);
	}
	free(names);
	return ret;
}

static struct tq_tdw *sample_writer(void)
{
	struct tq_tdw *tdw = tq_tdw_new();
	char path[512];
	int buf, ret = 0;

	if (!tdw)
		return NULL;
	ret |= set_file(tdw, TQ_TDW_HEADER_PAGE, "header_page");
	ret |= set_file(tdw, TQ_TDW_HEADER_EVENT, "header_event");
	ret |= set_file(tdw, TQ_TDW_PRINTK, "printk_formats");
	ret |= set_file(tdw, TQ_TDW_CMDLINES, "saved_cmdlines");
	ret |= set_file(tdw, TQ_TDW_TRACE_CLOCK, "trace_clock");
	ret |= tq_tdw_set_blob(tdw, TQ_TDW_UNAME, "Linux test 6.18 x86_64", 22);
	ret |= tq_tdw_set_blob(tdw, TQ_TDW_VERSION, "tq test", 7);
	ret |= add_formats(tdw, "ftrace", NULL);
	ret |= add_formats(tdw, "events", "syscalls");
	ret |= add_formats(tdw, "events", "sched");
	buf = tq_tdw_add_buffer(tdw, "", "local", 2);
	if (buf < 0)
		ret = buf;
	for (int cpu = 0; !ret && cpu < 2; cpu++) {
		char stats[64];
		size_t len;
		char *text;

		snprintf(stats, sizeof(stats), "%s/fx/cpustat%d", tmpdir, cpu);
		text = slurp(stats, &len);
		snprintf(path, sizeof(path), "%s/fx/cpu%d.raw", tmpdir, cpu);
		ret = tq_tdw_set_cpu(tdw, buf, cpu, path, text);
		free(text);
	}
	if (ret) {
		printf("# fixture: %s\n", tq_errmsg(ret));
		tq_tdw_free(tdw);
		return NULL;
	}
	return tdw;
}

static bool have_trace_cmd(void)
{
	return sh("trace-cmd -h >/dev/null 2>&1") != 127 * 256 &&
	       access("/usr/bin/trace-cmd", X_OK) == 0;
}

/* trace-cmd report must match what it printed for the original recording */
static void check_report(const char *file, const char *what)
{
	int rc = sh("trace-cmd report -i '%s' >'%s/report.out' 2>'%s/report.err'", file, tmpdir,
		    tmpdir);

	ok(rc == 0, "%s: trace-cmd report exits 0", what);
	rc = sh("gzip -dc '%s/tests/record/fixtures/sample-pages.report.gz' | "
		"cmp -s - '%s/report.out'", srcdir, tmpdir);
	ok(rc == 0, "%s: trace-cmd report prints the recorded events exactly", what);
	if (rc)
		sh("gzip -dc '%s/tests/record/fixtures/sample-pages.report.gz' | "
		   "diff - '%s/report.out' | head -10 | sed 's/^/# /'", srcdir, tmpdir);
	rc = sh("trace-cmd dump --summary -i '%s' >/dev/null 2>&1", file);
	ok(rc == 0, "%s: trace-cmd dump reads the metadata", what);
}

static size_t count_entries(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, NULL);
	size_t count = 0;

	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			count++;
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return count;
}

static void check_header(const char *file, const char *version, const char *comp)
{
	size_t len;
	char *data = slurp(file, &len);
	char what[64];

	snprintf(what, sizeof(what), "v%s %s", version, comp ? comp : "");
	ok(data && len > 40 && !memcmp(data, "\x17\x08\x44tracing", 10) &&
	   !strcmp(data + 10, version), "%s: magic and version", what);
	if (data && comp && len > 40)
		ok(!strcmp(data + 18, comp), "%s: compression name in the header", what);
	free(data);
}

/* Our own reader: the only one here that reads zlib files (Debian's trace-cmd does not) */
static void check_own_reader(const char *file, const char *what, int version)
{
	struct tq_tracedat *td = NULL;
	long events = 0;
	int ret = tq_td_open_flags(file, TQ_TD_NO_KALLSYMS, &td);

	if (!ok(ret == 0, "%s: tq's reader opens it (%s)", what, ret ? tq_errmsg(ret) : "ok"))
		return;
	ok(td->version == version && td->ncpus == 2 && td->nbuffers == 1 &&
	   td->page_size == 4096, "%s: version, CPUs, buffers, page size", what);
	for (int e = 0; e < td->buffers[0].nentries; e++) {
		struct tq_td_cursor *c;
		struct tq_td_event ev;
		uint64_t usize = 0;

		if (tq_td_cpu_usize(td, 0, e, &usize) || usize != 86016)
			events = -1000000;
		if (tq_td_cursor_new(td, 0, e, &c))
			continue;
		while (tq_td_cursor_next(c, &ev) > 0)
			events++;
		tq_td_cursor_free(c);
	}
	/* the sample report has 3762 events after its "cpus=2" line */
	ok(events == 3762, "%s: every page and event is there (%ld)", what, events);
	tq_td_close(td);
}

static void write_and_check(int version, enum tq_tdw_compression comp, bool trace_cmd)
{
	struct tq_tdw_opts opts = { .version = version, .compression = comp };
	struct tq_tdw *tdw = sample_writer();
	const char *cname = tq_tdw_compression_name(comp);
	char file[512], what[64];
	uint64_t bytes = 0;
	struct stat st;
	int ret;

	snprintf(what, sizeof(what), "v%d %s", version, cname);
	snprintf(file, sizeof(file), "%s/out/v%d-%s.dat", tmpdir, version, cname);
	if (!ok(tdw != NULL, "%s: writer built from the fixture", what))
		return;
	ret = tq_tdw_write(tdw, file, &opts, &bytes);
	ok(ret == 0, "%s: written (%s)", what, ret ? tq_errmsg(ret) : "ok");
	ok(stat(file, &st) == 0 && (uint64_t)st.st_size == bytes, "%s: size reported", what);
	check_header(file, version == 6 && comp == TQ_TDW_COMP_NONE ? "6" : "7",
		     version == 6 ? NULL : cname);
	check_own_reader(file, what, version == 6 && comp == TQ_TDW_COMP_NONE ? 6 : 7);
	if (trace_cmd && comp != TQ_TDW_COMP_ZLIB)
		check_report(file, what);
	tq_tdw_free(tdw);
}

/* An instance whose CPU 1 has no data, after the top buffer: both versions */
static void test_instance(int version, bool trace_cmd)
{
	struct tq_tdw_opts opts = { .version = version };
	struct tq_tdw *tdw = sample_writer();
	struct tq_tracedat *td = NULL;
	char file[512], raw[512];
	long inst_events = 0;
	int b, ret;

	if (!tdw)
		return;
	snprintf(file, sizeof(file), "%s/out/inst-v%d.dat", tmpdir, version);
	snprintf(raw, sizeof(raw), "%s/fx/cpu1.raw", tmpdir);
	b = tq_tdw_add_buffer(tdw, "inst", "global", 2);
	ok(b == 1 && tq_tdw_set_cpu(tdw, b, 0, raw, "stats\n") == 0, "v%d: instance added", version);
	ret = tq_tdw_write(tdw, file, &opts, NULL);
	ok(ret == 0, "v%d instance: written (%s)", version, ret ? tq_errmsg(ret) : "ok");
	tq_tdw_free(tdw);
	ret = tq_td_open_flags(file, TQ_TD_NO_KALLSYMS, &td);
	if (ok(ret == 0 && td->nbuffers == 2, "v%d instance: tq's reader sees two buffers",
	       version)) {
		struct tq_td_cursor *c;
		struct tq_td_event ev;

		for (int e = 0; e < td->buffers[1].nentries; e++) {
			if (tq_td_cursor_new(td, 1, e, &c))
				continue;
			while (tq_td_cursor_next(c, &ev) > 0)
				inst_events++;
			tq_td_cursor_free(c);
		}
		/* v6 has no place for an instance's clock that readers look at */
		ok(inst_events > 0 && (version == 6 || !strcmp(td->buffers[1].clock, "global")),
		   "v%d instance: its events (%ld) and clock", version, inst_events);
	}
	tq_td_close(td);
	if (!trace_cmd)
		return;
	ret = sh("trace-cmd report -i '%s' 2>/dev/null >'%s/inst.out'", file, tmpdir);
	ok(ret == 0, "v%d instance: trace-cmd report exits 0", version);
	ret = sh("test \"$(grep -c '^inst: ' '%s/inst.out')\" = %ld && "
		 "test \"$(grep -vc -e '^inst: ' -e '^cpus=' '%s/inst.out')\" = 3762", tmpdir,
		 inst_events, tmpdir);
	ok(ret == 0, "v%d instance: trace-cmd shows the top buffer and the instance", version);
}

static void test_failures(void)
{
	struct tq_tdw_opts opts = { .version = 7, .compression = TQ_TDW_COMP_ZSTD };
	struct tq_tdw *tdw = sample_writer();
	char file[1024], dir[512];
	int ret;

	if (!tdw)
		return;
	snprintf(dir, sizeof(dir), "%s/fail", tmpdir);
	mkdir(dir, 0755);
	snprintf(file, sizeof(file), "%s/no/such/dir/trace.dat", tmpdir);
	ret = tq_tdw_write(tdw, file, &opts, NULL);
	ok(ret == -ENOENT, "missing directory: -ENOENT (%s)", tq_errmsg(ret));

	/* a vanished page file fails the write and leaves nothing behind */
	snprintf(file, sizeof(file), "%s/gone.raw", tmpdir);
	ok(tq_tdw_set_cpu(tdw, 0, 1, file, NULL) == 0, "point CPU 1 at a missing file");
	snprintf(file, sizeof(file), "%s/trace.dat", dir);
	ret = tq_tdw_write(tdw, file, &opts, NULL);
	ok(ret == -ENOENT, "missing page file: -ENOENT (%s)", tq_errmsg(ret));
	ok(strstr(tq_errmsg(ret), "gone.raw") != NULL, "message names the page file");
	ok(count_entries(dir) == 0, "no trace.dat and no temporary file left");
	ok(tq_tdw_set_cpu(tdw, 0, 5, file, NULL) == -EINVAL, "CPU out of range is refused");
	tq_tdw_free(tdw);

	tdw = tq_tdw_new();
	ret = tdw ? tq_tdw_add_buffer(tdw, "inst", "local", 2) : -ENOMEM;
	ok(ret == -EINVAL, "instance before the top buffer is refused");
	opts.version = 5;
	opts.compression = TQ_TDW_COMP_NONE;
	ok(tdw && tq_tdw_add_buffer(tdw, "", "local", 1) == 0, "top buffer");
	ret = tq_tdw_write(tdw, file, &opts, NULL);
	ok(ret == -EINVAL, "version 5 is refused (%s)", tq_errmsg(ret));
	tq_tdw_free(tdw);
}

static void test_misc(void)
{
	enum tq_tdw_compression comp;
	struct tq_tdw *tdw = tq_tdw_new();

	ok(tq_tdw_parse_compression("zstd", &comp) == 0 && comp == TQ_TDW_COMP_ZSTD, "zstd");
	ok(tq_tdw_parse_compression("any", &comp) == 0 && comp == TQ_TDW_COMP_ZSTD, "any");
	ok(tq_tdw_parse_compression("zlib", &comp) == 0 && comp == TQ_TDW_COMP_ZLIB, "zlib");
	ok(tq_tdw_parse_compression("none", &comp) == 0 && comp == TQ_TDW_COMP_NONE, "none");
	ok(tq_tdw_parse_compression("lz4", &comp) == -EINVAL, "lz4 refused");
	ok(tq_tdw_page_size(tdw) == (unsigned)getpagesize(), "page size without header_page");
	tq_tdw_set_blob(tdw, TQ_TDW_HEADER_PAGE,
			"\tfield: char data;\toffset:16;\tsize:16368;\tsigned:0;\n", 50);
	ok(tq_tdw_page_size(tdw) == 16384, "page size from header_page");
	tq_tdw_free(tdw);
}

int main(void)
{
	const char *env = getenv("TQ_SRCDIR");
	bool trace_cmd;

	if (env)
		srcdir = env;
	if (!mkdtemp(tmpdir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	if (sh("mkdir -p '%s/fx' '%s/out' && tar -xzf '%s/tests/record/fixtures/"
	       "sample-pages.tar.gz' -C '%s/fx'", tmpdir, tmpdir, srcdir, tmpdir)) {
		printf("1..0 # SKIP fixture not found under %s (set TQ_SRCDIR)\n", srcdir);
		sh("rm -rf '%s'", tmpdir);
		return 0;
	}
	trace_cmd = have_trace_cmd();
	if (!trace_cmd)
		printf("# trace-cmd is not installed: only the writer's own checks run\n");
	test_misc();
	write_and_check(7, TQ_TDW_COMP_ZSTD, trace_cmd);
	write_and_check(7, TQ_TDW_COMP_NONE, trace_cmd);
	write_and_check(6, TQ_TDW_COMP_NONE, trace_cmd);
	write_and_check(7, TQ_TDW_COMP_ZLIB, trace_cmd);
	test_instance(7, trace_cmd);
	test_instance(6, trace_cmd);
	test_failures();
	sh("rm -rf '%s'", tmpdir);
	return done_testing();
}
