// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The recorder and the metadata collection, without root: a tracefs-like tree built from
 * tests/record/fixtures/sample-pages.tar.gz whose per_cpu/cpuN/trace_pipe_raw are regular
 * files holding the pages trace-cmd recorded. Copying them (the tq extract path), the
 * collection (formats of the events in set_event, cmdlines, stats) and the writer must
 * give a file that trace-cmd reports exactly as it reported the original.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/diag.h"
#include "tracedat/recorder.h"
#include "util/strlist.h"
#include "tracedat/write.h"
#include "tracedat/read.h"
#include "tracefs/access.h"

static char tmpdir[] = "/tmp/tq-tdwrite-rec.XXXXXX";
static const char *srcdir = ".";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* A tracefs look-alike: formats, set_event listing every event of the sample, per-CPU
 * pages and stats (without the "CPU: N" line trace-cmd added to them). */
static int make_tree(void)
{
	return sh("set -e; cd '%s'; mkdir fx root out; tar -xzf '%s/tests/record/fixtures/"
		  "sample-pages.tar.gz' -C fx; "
		  "mkdir -p root/events/ftrace; cp fx/header_page fx/header_event root/events/; "
		  "for f in fx/ftrace/*; do n=${f##*/}; mkdir root/events/ftrace/$n; "
		  "cp $f root/events/ftrace/$n/format; done; "
		  "for f in fx/events/*/*; do e=${f##*/}; s=${f%%/*}; s=${s##*/}; "
		  "mkdir -p root/events/$s/$e; cp $f root/events/$s/$e/format; "
		  "echo $s:$e >>root/set_event; done; "
		  "cp fx/printk_formats fx/saved_cmdlines fx/trace_clock root/; "
		  "echo 1 >root/tracing_on; echo 7 >root/buffer_size_kb; "
		  "for c in 0 1; do mkdir -p root/per_cpu/cpu$c; "
		  "cp fx/cpu$c.raw root/per_cpu/cpu$c/trace_pipe_raw; "
		  "sed 1d fx/cpustat$c >root/per_cpu/cpu$c/stats; done",
		  tmpdir, srcdir);
}

static void test_extract_path(void)
{
	struct tq_collect_opts copts = { .version = "tq test" };
	struct tq_tdw_opts wopts = { .version = 7, .compression = TQ_TDW_COMP_ZSTD };
	struct tq_tracefs *tfs = NULL;
	struct tq_recorder *rec = NULL;
	struct tq_tdw *tdw = NULL;
	struct tq_tracedat *td = NULL;
	char root[256], prefix[256], file[300];
	long kb = -1;
	int ret;

	snprintf(root, sizeof(root), "%s/root", tmpdir);
	snprintf(prefix, sizeof(prefix), "%s/out/x.dat", tmpdir);
	ret = tq_tracefs_open(&tfs, root, TQ_TRACEFS_OFFLINE);
	if (!ok(ret == 0, "the look-alike tree opens (%s)", ret ? tq_errmsg(ret) : "ok"))
		return;
	ret = tq_recorder_new(&rec, tfs, prefix);
	ok(ret == 0 && tq_recorder_ncpus(rec) == 2, "recorder: two CPUs found");
	if (ret)
		goto out;
	ok(tq_recorder_add_buffer(rec, NULL) == 0, "the top buffer");
	ret = tq_recorder_stop(rec);
	ok(ret == 0, "the pages are copied without threads (%s)", ret ? tq_errmsg(ret) : "ok");
	ok(tq_recorder_bytes(rec, 0, 0) == 86016 && tq_recorder_bytes(rec, -1, -1) == 172032,
	   "every page is copied (%llu bytes)",
	   (unsigned long long)tq_recorder_bytes(rec, -1, -1));
	ok(tq_recorder_read_stats(rec) == 0 && tq_recorder_stats(rec, 0, 0)->read == 1718 &&
	   tq_recorder_stats(rec, 0, 0)->entries == 65,
	   "the per-CPU stats are parsed");
	ok(tq_recorder_lost(rec, 0, &kb) == 0 && kb == 0, "nothing lost, nothing suggested");

	tdw = tq_tdw_new();
	ret = tdw ? tq_recorder_collect(rec, tdw, &copts) : -ENOMEM;
	ok(ret == 0, "metadata collected (%s)", ret ? tq_errmsg(ret) : "ok");
	snprintf(file, sizeof(file), "%s.final", prefix);
	ret = ret ? ret : tq_tdw_write(tdw, file, &wopts, NULL);
	ok(ret == 0, "file written (%s)", ret ? tq_errmsg(ret) : "ok");
	tq_recorder_remove_files(rec);
	ok(access(prefix, F_OK) && sh("ls '%s/out' | grep -q cpu", tmpdir) != 0,
	   "the per-CPU files are removed");

	ret = tq_td_open_flags(file, TQ_TD_NO_KALLSYMS, &td);
	if (ok(ret == 0, "tq's reader opens it")) {
		ok(td->meta.systems == 2 && td->meta.ftrace_events > 10,
		   "formats of the enabled systems and of ftrace (%d, %d)", td->meta.systems,
		   td->meta.ftrace_events);
		tq_td_close(td);
	}
	if (access("/usr/bin/trace-cmd", X_OK) == 0) {
		ret = sh("trace-cmd report -i '%s' 2>/dev/null >'%s/r.out' && gzip -dc '%s/tests/"
			 "record/fixtures/sample-pages.report.gz' | cmp -s - '%s/r.out'", file,
			 tmpdir, srcdir, tmpdir);
		ok(ret == 0, "trace-cmd reports the copied pages exactly as the original");
	} else {
		printf("ok %d # SKIP trace-cmd is not installed\n", ++tap_count);
	}
out:
	tq_tdw_free(tdw);
	tq_recorder_free(rec);
	tq_tracefs_close(tfs);
}

/* Loss: a buffer_size_kb suggestion scaled by what was lost */
static void test_lost(void)
{
	struct tq_tracefs *tfs = NULL;
	struct tq_recorder *rec = NULL;
	char root[256], prefix[256];
	long kb = 0;
	uint64_t lost;

	sh("cd '%s/root' && printf 'entries: 0\\noverrun: 150\\ncommit overrun: 0\\nbytes: 0\\n"
	   "dropped events: 50\\nread events: 100\\n' >per_cpu/cpu1/stats && "
	   "echo '64 (expanded: 1408)' >buffer_size_kb", tmpdir);
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	snprintf(prefix, sizeof(prefix), "%s/out/y.dat", tmpdir);
	if (tq_tracefs_open(&tfs, root, TQ_TRACEFS_OFFLINE) ||
	    tq_recorder_new(&rec, tfs, prefix) || tq_recorder_add_buffer(rec, NULL)) {
		ok(0, "recorder on the look-alike tree");
		goto out;
	}
	ok(tq_recorder_read_stats(rec) == 0, "stats with losses are read");
	lost = tq_recorder_lost(rec, 0, &kb);
	/* overrun 150 + dropped 50 on CPU 1; 1718 + 100 read: the ratio is small, so 2 x 64 */
	ok(lost == 200, "overrun and dropped add up (%llu)", (unsigned long long)lost);
	ok(kb == 128, "a bigger buffer is suggested: 64 KiB at least doubled (%ld)", kb);
out:
	tq_recorder_free(rec);
	tq_tracefs_close(tfs);
}

/* restore's instance discovery: the names between PREFIX. and .cpuN, and nothing else */
static void test_file_instances(void)
{
	struct tq_strlist names;
	char prefix[256];
	int ret;

	tq_strlist_init(&names);
	sh("cd '%s/out' && mkdir disc && cd disc && touch k.dat.cpu0 k.dat.cpu1 k.dat.b.cpu0 "
	   "k.dat.a.x.cpu1 k.dat.a.x.cpu0 k.dat.b.cpu12 k.dat.c.cpu k.dat.d.cpu1x k.datz.e.cpu0 "
	   "j.dat.f.cpu0 k.dat.cpu3.g", tmpdir);
	snprintf(prefix, sizeof(prefix), "%s/out/disc/k.dat", tmpdir);
	ret = tq_recorder_file_instances(prefix, &names);
	ok(ret == 0, "the directory is listed (%d)", ret);
	is_int(names.len, 2, "two instances: a.x and b, each once");
	if (names.len == 2) {
		is_str(names.items[0], "a.x", "a name with a dot, sorted first");
		is_str(names.items[1], "b", "then the other");
	}
	tq_strlist_release(&names);
	snprintf(prefix, sizeof(prefix), "%s/out/no-such-dir/k.dat", tmpdir);
	ok(tq_recorder_file_instances(prefix, &names) == -ENOENT, "a missing directory is ENOENT");
	tq_strlist_release(&names);
}

int main(void)
{
	const char *env = getenv("TQ_SRCDIR");
	char *abs = realpath(env ? env : ".", NULL);
	int ret;

	/* the tree is built from inside the temporary directory */
	if (abs)
		srcdir = abs;
	if (!mkdtemp(tmpdir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	if (make_tree()) {
		printf("1..0 # SKIP fixture not found under %s (set TQ_SRCDIR)\n", srcdir);
		sh("rm -rf '%s'", tmpdir);
		free(abs);
		return 0;
	}
	test_extract_path();
	test_lost();
	test_file_instances();
	sh("rm -rf '%s'", tmpdir);
	ret = done_testing();
	free(abs);
	return ret;
}
