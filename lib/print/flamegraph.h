/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TQ_PRINT_FLAMEGRAPH_H
#define TQ_PRINT_FLAMEGRAPH_H

/*
 * An interactive flame graph of folded stacks as one self-contained SVG file, read the
 * way flamegraph.pl's are: the root at the bottom, a frame as wide as its weight, callees
 * above it in name order; hovering shows the name, weight and percent (an SVG <title>,
 * and the line below the graph), a click zooms into a frame and "Reset Zoom" goes back.
 * Colours are a hash of the function name, so a function has one colour in every graph.
 * Frames narrower than min_width pixels are left out (their time stays in the parent),
 * which keeps the file small whatever the number of paths.
 */
#include <stdio.h>

#include "print/folded.h"

struct tq_flame_opts {
	const char *title;	/* NULL: "Flame Graph" */
	const char *unit;	/* what the weights count: "samples", "ns", a field name */
	int width;		/* of the picture in pixels: 30 to 100000 (flamegraph.pl: 1200) */
	double min_width;	/* pixels, 0: 0.5 */
};

/* -EINVAL with a message for a bad width or an empty set. */
int tq_flamegraph_svg(const struct tq_folded *f, const struct tq_flame_opts *o, FILE *out);

/* Write s with the XML special characters escaped (shared by the SVG writers). */
void tq_svg_text(FILE *out, const char *s);

#endif
