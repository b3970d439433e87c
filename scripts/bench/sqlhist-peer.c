// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The peer for the SQL benchmark: libtracefs's own SQL compiler (tracefs_sql), called the
 * way its sqlhist example program calls it: load every format of a tracefs copy, compile,
 * print the commands. Built by scripts/bench/sql.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include <tracefs.h>

int main(int argc, char **argv)
{
	struct tracefs_synth *synth;
	struct tep_handle *tep;
	struct trace_seq seq;
	char *err = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: sqlhist-peer DIR QUERY\n");
		return 2;
	}
	tep = tracefs_local_events(argv[1]);
	if (!tep) {
		perror(argv[1]);
		return 1;
	}
	synth = tracefs_sql(tep, "peer", argv[2], &err);
	if (!synth) {
		fprintf(stderr, "sqlhist-peer: %s\n", err ? err : "failed");
		return 1;
	}
	trace_seq_init(&seq);
	tracefs_synth_echo_cmd(&seq, synth);
	trace_seq_do_printf(&seq);
	trace_seq_destroy(&seq);
	tracefs_synth_free(synth);
	tep_free(tep);
	free(err);
	return 0;
}
