// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The floor for reading a trace.dat: libtracecmd's bare iteration of every event of the top
 * buffer, each looked up (as any consumer must) and counted, nothing printed. Built and run
 * by scripts/bench/hist.sh next to tq hist -i and trace-cmd report.
 */
#include <stdio.h>

#include <event-parse.h>
#include <trace-cmd.h>

static int count_event(struct tracecmd_input *handle, struct tep_record *record, int cpu,
		       void *data)
{
	struct tep_event *event = tep_find_event_by_record(tracecmd_get_tep(handle), record);
	long *count = data;

	*count += event != NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	long count = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: tracecmd-iterate FILE\n");
		return 2;
	}
	tracecmd_set_loglevel(TEP_LOG_NONE);
	handle = tracecmd_open(argv[1], 0);
	if (!handle || tracecmd_iterate_events(handle, NULL, 0, count_event, &count) < 0) {
		fprintf(stderr, "cannot read %s\n", argv[1]);
		return 1;
	}
	printf("%ld\n", count);
	tracecmd_close(handle);
	return 0;
}
