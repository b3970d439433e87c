// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads a trace.dat through libtracecmd (Debian's trace-cmd library), as third-party tools
 * do, and prints one line per event: "<buffer> <cpu> <timestamp> <system:event> <pid>".
 * Built and run by the record tests; exits 1 when the file cannot be opened or iterated.
 */
#include <stdio.h>
#include <stdlib.h>

#include <event-parse.h>
#include <trace-cmd.h>

static const char *buffer_name = "-";

static int print_event(struct tracecmd_input *handle, struct tep_record *record, int cpu,
		       void *data)
{
	struct tep_handle *tep = tracecmd_get_tep(handle);
	struct tep_event *event = tep_find_event_by_record(tep, record);
	long *count = data;

	printf("%s %d %llu %s:%s %d\n", buffer_name, cpu, (unsigned long long)record->ts,
	       event ? event->system : "?", event ? event->name : "?",
	       tep_data_pid(tep, record));
	(*count)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	long count = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: tracecmd-read FILE\n");
		return 2;
	}
	tracecmd_set_loglevel(TEP_LOG_NONE);
	handle = tracecmd_open(argv[1], 0);
	if (!handle) {
		fprintf(stderr, "tracecmd_open failed on %s\n", argv[1]);
		return 1;
	}
	if (tracecmd_iterate_events(handle, NULL, 0, print_event, &count) < 0) {
		fprintf(stderr, "tracecmd_iterate_events failed\n");
		tracecmd_close(handle);
		return 1;
	}
	for (int i = 0; i < tracecmd_buffer_instances(handle); i++) {
		struct tracecmd_input *inst = tracecmd_buffer_instance_handle(handle, i);

		if (!inst) {
			fprintf(stderr, "cannot open instance %d\n", i);
			tracecmd_close(handle);
			return 1;
		}
		buffer_name = tracecmd_buffer_instance_name(handle, i);
		if (tracecmd_iterate_events(inst, NULL, 0, print_event, &count) < 0) {
			fprintf(stderr, "tracecmd_iterate_events failed on instance %s\n",
				buffer_name);
			tracecmd_close(inst);
			tracecmd_close(handle);
			return 1;
		}
		tracecmd_close(inst);
	}
	tracecmd_close(handle);
	fprintf(stderr, "%ld events\n", count);
	return 0;
}
