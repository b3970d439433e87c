// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq report --folded and --flamegraph (cmd/flame.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "flame.h"
#include "print/flamegraph.h"
#include "print/folded.h"
#include "tracedat/read.h"
#include "util/diag.h"

bool flame_wanted(const struct flame_opts *fo)
{
	return fo->folded || fo->svg || fo->stacks || fo->weight || fo->width != -1 || fo->no_comm;
}

/* The SVG appears under its name only when complete, as trace.dat files do. */
int flame_write_svg(const struct tq_folded *f, const struct tq_flame_opts *o, const char *path)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + 16);
	FILE *out;
	int fd, err;

	if (!tmp)
		return error("out of memory");
	snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = error_errno("cannot create a file beside '%s'", path);
		free(tmp);
		return err;
	}
	/* mkstemp's 0600 is for secrets: a picture is as readable as any new file */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		err = error_errno("'%s'", tmp);
	} else {
		err = tq_flamegraph_svg(f, o, out);
		if (fclose(out) && !err)
			err = -EIO;
		if (err)
			err = error("cannot write '%s': %s", path, tq_errmsg(err));
		else if (rename(tmp, path))
			err = error_errno("cannot rename '%s' to '%s'", tmp, path);
	}
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

static int draw(const struct flame_opts *fo, struct tq_tracedat *td, struct tq_folded *f,
		enum tq_stack_source used)
{
	struct tq_flame_opts o = { .width = fo->width != -1 ? fo->width : FLAME_DEFAULT_WIDTH };
	char title[512];
	const char *base = strrchr(td->path, '/');

	snprintf(title, sizeof(title), "%s of %s%s%s", used == TQ_STACKS_GRAPH ?
		 "Function graph time" : "Kernel stacks", base ? base + 1 : td->path,
		 fo->weight ? ", weighed by " : "", fo->weight ? fo->weight : "");
	o.title = title;
	o.unit = used == TQ_STACKS_GRAPH ? "ns" : fo->weight ? fo->weight : "samples";
	return flame_write_svg(f, &o, fo->svg);
}

int report_flame(const struct flame_opts *fo, const char *const *paths, int npaths)
{
	struct tq_stack_opts so = { .weight_field = fo->weight, .no_comm = fo->no_comm };
	enum tq_stack_source used;
	struct tq_tracedat *td;
	struct tq_folded f;
	int err;

	if (!fo->folded && !fo->svg)
		return usage_error("--stacks, --weight, --flame-width and --no-task-frame go "
				   "with --folded or --flamegraph FILE");
	if (npaths != 1)
		return usage_error("--folded and --flamegraph read one file, not %d", npaths);
	if (fo->svg && !*fo->svg)
		return usage_error("--flamegraph needs a file name");
	if (fo->width != -1 && (fo->width < 30 || fo->width > 100000))
		return usage_error("--flame-width %d: give 30 to 100000 pixels", fo->width);
	if (fo->stacks && tq_stack_source_parse(fo->stacks, &so.source))
		return usage_error("--stacks: %s", tq_errmsg(-EINVAL));
	if (fo->weight && !*fo->weight)
		return usage_error("--weight needs a field name");
	err = tq_td_open(paths[0], &td);
	if (err)
		return error("%s", tq_errmsg(err));
	tq_folded_init(&f);
	err = tq_folded_from_file(td, &so, &f, &used);
	if (err) {
		error("%s", tq_errmsg(err));
	} else {
		if (fo->svg)
			err = draw(fo, td, &f, used);
		if (!err && fo->folded && (tq_folded_write(&f, stdout) || fflush(stdout)))
			err = error_errno("write error");
	}
	tq_folded_release(&f);
	tq_td_close(td);
	return err ? -1 : 0;
}
