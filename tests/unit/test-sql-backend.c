// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The back end on kernels that lack features: a README without the s: form of
 * dynamic_events, without the generic trace() action, without * and /, without .buckets.
 * The Debian 6.1 formats with an edited README stand in for such kernels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tracefs/catalog.h"
#include "sql/sql.h"

static char tmp[] = "/tmp/tq-test-sql-backend.XXXXXX";

static int sh(const char *fmt, const char *a, const char *b)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

static struct tq_catalog *old_kernel(void)
{
	const char *top = getenv("TQ_SRCDIR");
	struct tq_catalog *cat;

	if (sh("tar -xzf '%s/tests/fixtures/tracefs/debian-6.1-amd64.tar.gz' -C '%s'",
	       top ? top : ".", tmp))
		return NULL;
	/* an older kernel's README: no s: form, no trace(), no * /, no .buckets */
	if (sh("sed -i -e '/s:\\[synthetic/d' -e 's/trace(<synthetic_event>,param list)//' "
	       "-e 's/multiplication(\\*)//' -e '/\\.buckets/d' '%s/README'%s", tmp, ""))
		return NULL;
	return tq_catalog_open(&cat, tmp) ? NULL : cat;
}

static char *compile(struct tq_catalog *cat, const char *q, const struct tq_sql_options *opt,
		     bool removal, char **err)
{
	struct tq_sql_compiled out;
	struct tq_sql_diag diag = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	*err = NULL;
	if (tq_sql_compile(q, strlen(q), cat, opt, &out, &diag)) {
		*err = strdup(diag.msg ? diag.msg : "?");
		tq_sql_diag_release(&diag);
		return NULL;
	}
	f = open_memstream(&buf, &len);
	if (f) {
		tq_plan_print(removal ? &out.removal : &out.plan, "/T", f);
		fclose(f);
	}
	tq_sql_compiled_release(&out);
	return buf;
}

int main(void)
{
	static const char join[] = "SELECT start.pid, (end.TIMESTAMP_USECS - "
		"start.TIMESTAMP_USECS) AS lat FROM sched_waking AS start JOIN sched_switch AS end "
		"ON start.pid = end.next_pid";
	struct tq_sql_options opt = { .name = "wakeup_lat" };
	struct tq_catalog *cat;
	char *s, *err;

	if (!mkdtemp(tmp))
		return 1;
	cat = old_kernel();
	if (!ok(cat != NULL, "an old kernel's tree"))
		return done_testing();
	ok(!(tq_catalog_features(cat) & TQ_FEAT_SYNTH_DYN), "README without s:");
	ok(tq_catalog_features(cat) & TQ_FEAT_SYNTH, "README with synthetic_events");

	s = compile(cat, join, &opt, false, &err);
	if (!ok(s && strstr(s, "echo 'wakeup_lat pid_t pid; u64 lat;' >> /T/synthetic_events\n"),
		"the definition goes to synthetic_events"))
		printf("# %s\n", s ? s : err);
	ok(s && strstr(s, ":onmatch(sched.sched_waking).wakeup_lat($__wakeup_lat_pid,"
		       "$__wakeup_lat_lat)'"), "the old action form without trace()");
	free(s);
	s = compile(cat, join, &opt, true, &err);
	ok(s && strstr(s, "echo '!wakeup_lat' >> /T/synthetic_events\n"),
	   "its removal with !NAME");
	free(s);

	s = compile(cat, "SELECT (e.TIMESTAMP - s.TIMESTAMP) / 1000 AS us FROM sched_waking AS s "
		    "JOIN sched_switch AS e ON s.pid = e.next_pid", &opt, false, &err);
	ok(!s && err && strstr(err, "needs * and / in hist expressions"), "no * / on this kernel");
	free(s);
	free(err);
	s = compile(cat, "SELECT prio.buckets=10 FROM sched_waking", &opt, false, &err);
	ok(!s && err && strstr(err, "the .buckets modifier (Linux 5.15)"), "no .buckets");
	free(s);
	free(err);
	opt.all_features = true;
	s = compile(cat, "SELECT prio.buckets=10 FROM sched_waking", &opt, false, &err);
	ok(s && strstr(s, "hist:keys=prio.buckets=10"), "--all-features overrides the README");
	free(s);
	tq_catalog_free(cat);
	sh("rm -rf '%s'%s", tmp, "");
	return done_testing();
}
