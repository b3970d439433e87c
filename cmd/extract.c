// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq extract: what the ring buffers hold now (after `tq start`, say) into a trace.dat.
 * Reading trace_pipe_raw consumes the events, as with trace-cmd extract. Nothing in
 * tracefs is changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/diag.h"
#include "parse-options.h"
#include "tracedat/recorder.h"
#include "util/strlist.h"
#include "tracedat/write.h"
#include "tracefs/access.h"

struct extract {
	const char *output;
	const char *from;
	const char *compression;
	int file_version;
	bool date;
	bool no_top;
	bool all_instances;
	struct tq_strlist instances;
};

static int extract(struct extract *x, struct tq_tracefs *tfs, const struct tq_tdw_opts *wopts)
{
	struct tq_collect_opts copts = {
		.all_events = true, .date = x->date, .version = "tq " TQ_VERSION,
	};
	struct tq_recorder *rec = NULL;
	struct tq_tdw *tdw = NULL;
	struct tq_strlist found;
	uint64_t bytes = 0;
	int err;

	tq_strlist_init(&found);
	err = tq_recorder_new(&rec, tfs, x->from ? x->from : x->output);
	if (!err && !x->no_top)
		err = tq_recorder_add_buffer(rec, NULL);
	for (size_t i = 0; err >= 0 && i < x->instances.len; i++) {
		char dir[300];

		tq_instance_dir(x->instances.items[i], dir, sizeof(dir));
		if (!x->from && !tq_tracefs_is_dir(tfs, dir))
			err = tq_fail(ENOENT, "no instance '%s'", x->instances.items[i]);
		else
			err = tq_recorder_add_buffer(rec, x->instances.items[i]);
	}
	/* without -B, every instance the killed record left files of */
	if (err >= 0 && x->from && !x->instances.len)
		err = tq_recorder_file_instances(x->from, &found);
	else if (err >= 0 && x->all_instances)
		err = tq_tracefs_list_instances(tfs, &found);
	for (size_t i = 0; err >= 0 && i < found.len; i++) {
		size_t j;

		for (j = 0; j < x->instances.len && strcmp(x->instances.items[j], found.items[i]); j++)
			;
		if (j == x->instances.len)
			err = tq_recorder_add_buffer(rec, found.items[i]);
	}
	if (err >= 0 && x->from)
		err = tq_recorder_adopt_files(rec);
	else if (err >= 0)
		err = tq_recorder_stop(rec);
	if (!err && !x->from)
		err = tq_recorder_read_stats(rec);
	if (!err)
		err = (tdw = tq_tdw_new()) ? 0 : -ENOMEM;
	if (!err)
		err = tq_recorder_collect(rec, tdw, &copts);
	if (!err)
		err = tq_tdw_write(tdw, x->output, wopts, &bytes);
	if (rec)
		tq_recorder_remove_files(rec);
	if (!err)
		fprintf(stderr, "wrote '%s': %llu bytes of which %llu of ring-buffer pages\n",
			x->output, (unsigned long long)bytes,
			(unsigned long long)tq_recorder_bytes(rec, -1, -1));
	tq_tdw_free(tdw);
	tq_recorder_free(rec);
	tq_strlist_release(&found);
	return err < 0 ? error("%s", tq_errmsg(err)) : 0;
}

int cmd_extract(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq extract [options]",
		"",
		"Save what the ring buffers hold now into a trace.dat (consuming it), for",
		"example after 'tq start' and 'tq stop'. Tracing settings are not changed.",
		"With --from PREFIX, rebuild the trace.dat of a killed 'tq record -o PREFIX'",
		"from the per-CPU files it left (PREFIX.cpuN, and PREFIX.INSTANCE.cpuN of every",
		"instance found, or of the -B ones).",
		NULL,
	};
	struct extract x = { .file_version = 7 };
	struct tq_tdw_opts wopts = { 0 };
	struct tq_tracefs *tfs = NULL;
	int ret;
	const struct option options[] = {
		OPT_STRING('o', "output", &x.output, "FILE", "write to FILE (default trace.dat)"),
		OPT_INSTANCES('B', "instance", &x.instances, "also extract instance NAME"),
		OPT_BOOL(0, "instances", &x.all_instances, "also extract every existing instance"),
		OPT_BOOL(0, "no-top", &x.no_top,
			 "leave out the top buffer (with -B or --instances)"),
		OPT_STRING(0, "compression", &x.compression, "ALG", "none, zstd (default), zlib"),
		OPT_INT(0, "file-version", &x.file_version, "N", "6 or 7 (default)"),
		OPT_BOOL(0, "date", &x.date, "store the wall-clock offset"),
		OPT_STRING(0, "from", &x.from, "PREFIX",
			   "rebuild from PREFIX.cpuN files of a killed record (output: PREFIX)"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, options, usage, 0, &x);
	if (argc < 0) {
		ret = parse_options_exit(argc);
		goto out;
	}
	if (argc > 0) {
		ret = usage_error("unexpected argument '%s'", argv[0]);
		goto out;
	}
	if (x.file_version != 6 && x.file_version != 7) {
		ret = usage_error("unsupported file version %d (6 or 7)", x.file_version);
		goto out;
	}
	if (x.no_top && !x.instances.len && !x.all_instances) {
		ret = usage_error("--no-top needs at least one -B, or --instances");
		goto out;
	}
	if (x.all_instances && x.from) {
		ret = usage_error("--from finds the instances in its files: no --instances");
		goto out;
	}
	if (!x.output)
		x.output = x.from ? x.from : "trace.dat";
	wopts.version = x.file_version;
	wopts.compression = x.file_version == 6 ? TQ_TDW_COMP_NONE : TQ_TDW_COMP_ZSTD;
	if (x.compression && tq_tdw_parse_compression(x.compression, &wopts.compression)) {
		ret = usage_error("%s", tq_errmsg(-EINVAL));
		goto out;
	}
	ret = open_tracefs(&tfs);
	if (!ret)
		ret = extract(&x, tfs, &wopts);
out:
	tq_tracefs_close(tfs);
	tq_strlist_release(&x.instances);
	return ret;
}

/* tq restore [options] PREFIX: the same as tq extract --from PREFIX [options]. */
int cmd_restore(int argc, char **argv)
{
	static const char *const usage[] = {
		"tq restore [extract options] PREFIX",
		"",
		"Rebuild the trace.dat of a killed 'tq record -o PREFIX' from the per-CPU files",
		"it left (PREFIX.cpuN, and PREFIX.INSTANCE.cpuN of every instance found, or of",
		"the -B ones); the same as",
		"'tq extract --from PREFIX'. See 'tq extract -h' for the options.",
		NULL,
	};
	const struct option none[] = { OPT_END() };
	char **args;
	int i, ret;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout, usage, none);
			return 0;
		}
	if (argc < 2 || argv[argc - 1][0] == '-')
		return usage_error("give the PREFIX of the killed record (its -o FILE) last");
	args = calloc(argc + 2, sizeof(*args));
	if (!args)
		return error("out of memory");
	args[0] = argv[0];
	for (i = 1; i < argc - 1; i++)
		args[i] = argv[i];
	args[i++] = "--from";
	args[i++] = argv[argc - 1];
	args[i] = NULL;
	ret = cmd_extract(i, args);
	free(args);
	return ret;
}
