// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq hist --textfile DIR --print: what `tq hist --textfile` does, as a shell script for a
 * device without tq. Catting the hist file is not enough there: node_exporter reads
 * Prometheus's text format, with cumulative `le` buckets in seconds and labels. The
 * script carries an awk program (hist-textfile.awk, within what BusyBox's awk does) that
 * turns each hist file into the same metrics tq writes, then writes a temporary file,
 * syncs and renames it, every interval, until INT or TERM; then it removes the file and
 * what it applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "hist-textfile.h"
#include "print/histfile.h"
#include "print/openmetrics.h"
#include "tracefs/plan.h"

static const char textfile_awk[] =
#include "hist-textfile-awk.h"
	;

/*
 * s as an awk string literal; with help, also escaped as # HELP text is (a backslash
 * doubled, a newline as \n, CR left out), as lib/print/openmetrics.c writes it.
 */
static void put_awk_string(FILE *out, const char *s, bool help)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '\\')
			fputs(help ? "\\\\\\\\" : "\\\\", out);
		else if (*s == '"')
			fputs("\\\"", out);
		else if (*s == '\n')
			fputs(help ? "\\\\n" : "\\n", out);
		else if (*s != '\r')
			fputc(*s, out);
	}
	fputc('"', out);
}

/* The BEGIN block that gives the awk program one histogram's names and units. */
static int put_begin(FILE *out, const struct tq_sql_hist *h, const struct tq_om_family *f)
{
	struct tq_hist parsed;
	const struct tq_hist_table *t;
	enum tq_om_unit ku = TQ_OM_PLAIN;
	int ret = hist_trigger_keys(h->trigger, &parsed);

	if (ret)
		return ret;
	t = &parsed.tables[0];
	fputs("BEGIN {\n\tfam = ", out);
	put_awk_string(out, f->name, false);
	fputs("\n\thelp = ", out);
	put_awk_string(out, f->help, true);
	fputs("\n\twant = \"", out);
	for (size_t k = 0; k < t->nkeys; k++)
		fprintf(out, "%s%s", k ? "," : "", t->key_names[k]);
	fprintf(out, "\"\n\tnk = %zu\n", t->nkeys);
	for (size_t k = 0; !ret && k < t->nkeys; k++) {
		char *label = (int)k == t->bucket_key ? strdup("") :
			      tq_om_label_name(t->key_names[k]);

		if (!label) {
			ret = -ENOMEM;
			break;
		}
		fprintf(out, "\tkn[%zu] = \"%s\"; lab[%zu] = \"%s\"\n", k + 1, t->key_names[k],
			k + 1, label);
		free(label);
	}
	if (t->bucket_key >= 0 && t->bucket_key < TQ_SQL_HIST_COLS && t->bucket != TQ_HB_NONE)
		ku = hist_om_unit(h->key_units[t->bucket_key]);
	fprintf(out, "\tbk = %d; log2 = %d; kscale = %.17g; ksuffix = \"%s\"\n",
		t->bucket != TQ_HB_NONE ? t->bucket_key + 1 : 0, t->bucket == TQ_HB_LOG2,
		tq_om_unit_scale(ku), tq_om_unit_suffix(ku));
	for (size_t v = 0; v < TQ_OM_MAX_VALS; v++)
		fprintf(out, "\tvscale[%zu] = %.17g; vsuffix[%zu] = \"%s\"\n", v + 1,
			tq_om_unit_scale(f->val_units[v]), v + 1,
			tq_om_unit_suffix(f->val_units[v]));
	fputs("}\n", out);
	tq_hist_release(&parsed);
	return ret;
}

/* The shell function that writes the metrics of every histogram of the query. */
static int put_metrics_function(FILE *out, const struct tq_sql_compiled *c,
				const struct hist_metrics *m, const char *root)
{
	int ret = 0;

	fputs("metrics() {\n", out);
	for (size_t i = 0; !ret && i < c->nhists; i++) {
		char *begin = NULL, *path = NULL, *qbegin = NULL, *qpath = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&begin, &len);

		if (!mem)
			return -ENOMEM;
		ret = put_begin(mem, &c->hists[i], &m->fams[i]);
		if (fclose(mem) && !ret)
			ret = -ENOMEM;
		if (!ret && asprintf(&path, "%s/%s", root, c->hists[i].hist_path) < 0)
			ret = -ENOMEM;
		if (!ret) {
			qbegin = tq_sh_quote(begin);
			qpath = tq_sh_quote(path);
		}
		if (!ret && qbegin && qpath)
			fprintf(out, "\tawk %s\"$prog\" %s%s\n", qbegin, qpath,
				i + 1 < c->nhists ? " &&" : "");
		else if (!ret)
			ret = -ENOMEM;
		free(begin);
		free(path);
		free(qbegin);
		free(qpath);
	}
	fputs("}\n", out);
	return ret;
}

static int put_quoted(FILE *out, const char *fmt, const char *word)
{
	char *q = tq_sh_quote(word);

	if (!q)
		return -ENOMEM;
	fprintf(out, fmt, q);
	free(q);
	return 0;
}

int print_textfile_script(const struct tq_sql_compiled *c, const struct hist_metrics *m,
			  const char *dir, const char *file, double interval)
{
	const char *root = print_root();
	char *prom = NULL, *tmp = NULL;
	int ret = 0;

	if (asprintf(&prom, "%s/%s", dir, file) < 0 || asprintf(&tmp, "%s.tmp", prom) < 0) {
		free(prom);
		return error("out of memory");
	}
	/*
	 * A group, not a subshell: the whole is read before it runs, and a TERM sent to the
	 * shell that runs the script reaches the trap (a subshell would be left running).
	 */
	printf("# tq hist --textfile: apply, write %s every %g s for node_exporter's textfile\n"
	       "# collector until INT or TERM, then remove it and the triggers\n{\n", prom,
	       interval);
	ret = tq_plan_print(&c->plan, root, stdout);
	if (!ret)
		ret = put_quoted(stdout, "prog=%s\n", textfile_awk);
	if (!ret)
		ret = put_metrics_function(stdout, c, m, root);
	if (!ret) {
		printf("w=1 rc=0\ntrap 'w=0' INT TERM\nwhile [ $w = 1 ]; do\n");
		ret = put_quoted(stdout, "\tt=%s\n", tmp);
	}
	if (!ret)
		ret = put_quoted(stdout, "\tp=%s\n", prom);
	if (!ret) {
		/* a trapped signal ends the wait, not the sleep: wait for the sleep in the
		 * background so that INT and TERM are seen at once */
		printf("\tif metrics > \"$t\" && sync && mv \"$t\" \"$p\"; then :; else\n"
		       "\t\techo \"tq: cannot write $p\" >&2; rc=1; break\n\tfi\n"
		       "\tsleep %g &\n\twait $!\n\tkill $! 2>/dev/null\ndone\n"
		       "trap - INT TERM\nrm -f \"$p\" \"$t\"\n", interval);
		ret = tq_plan_print(&c->removal, root, stdout);
	}
	printf("[ $rc = 0 ]\n}\n");
	free(prom);
	free(tmp);
	if (ret)
		return error("cannot print the script: %s", strerror(-ret));
	return fflush(stdout) ? error_errno("cannot write the script") : 0;
}
