/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_CMD_FLAME_H
#define TQ_CMD_FLAME_H

/*
 * tq report --folded / --flamegraph: collapsed stacks and flame graphs of a recording
 * (lib/print/folded.h, flamegraph.h). report.c takes the options with FLAME_OPTIONS and
 * hands the file over with report_flame() when flame_wanted().
 */
#include <stdbool.h>

#include "parse-options.h"

struct flame_opts {
	bool folded;
	const char *svg;	/* --flamegraph FILE */
	const char *stacks;	/* --stacks kernel|graph|auto */
	const char *weight;	/* --weight FIELD or EVENT.FIELD */
	int width;		/* --flame-width PX */
	bool no_comm;		/* --no-task-frame */
};

#define FLAME_OPTIONS(fo) \
	OPT_BOOL(0, "folded", &(fo)->folded, "print collapsed stacks (flamegraph.pl's input)"), \
	OPT_STRING(0, "flamegraph", &(fo)->svg, "FILE", "draw a flame graph as an SVG file"), \
	OPT_STRING(0, "stacks", &(fo)->stacks, "SOURCE", \
		   "the stacks for --folded/--flamegraph: kernel, graph or auto"), \
	OPT_STRING(0, "weight", &(fo)->weight, "[EVENT.]FIELD", \
		   "weigh each kernel stack by FIELD of its event (of EVENT's alone), not 1"), \
	OPT_INT(0, "flame-width", &(fo)->width, "PX", "flame graph width (default 1200)"), \
	OPT_BOOL(0, "no-task-frame", &(fo)->no_comm, "leave the task name out of the stacks")

#define FLAME_DEFAULT_WIDTH 1200
/* width -1: not given (0 is a bad width, not the default) */
#define FLAME_OPTS_INIT { .width = -1 }

bool flame_wanted(const struct flame_opts *fo);
struct tq_folded;
struct tq_flame_opts;
/* Draw f into path, which appears only once complete: 0 or -1 once reported. */
int flame_write_svg(const struct tq_folded *f, const struct tq_flame_opts *o, const char *path);
/* Run --folded/--flamegraph on paths[0] (exactly one file): an exit code. */
int report_flame(const struct flame_opts *fo, const char *const *paths, int npaths);

#endif
