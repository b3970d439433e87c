// SPDX-License-Identifier: GPL-2.0-or-later
/* The event catalog: lazy loading, names, suggestions and README features. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "tap.h"
#include "tracefs/catalog.h"
#include "sql/sql.h"

static char tmp[] = "/tmp/tq-test-catalog.XXXXXX";

static const char *unpack(const char *kernel)
{
	static char dir[2][300];
	static int n;
	char cmd[1024];
	const char *top = getenv("TQ_SRCDIR");

	snprintf(dir[n], sizeof(dir[n]), "%s/%s", tmp, kernel);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && tar -xzf '%s/tests/fixtures/tracefs/%s.tar.gz' "
		 "-C '%s'", dir[n], top ? top : ".", kernel, dir[n]);
	if (system(cmd))
		return NULL;
	return dir[n++];
}

int main(void)
{
	struct tq_catalog *cat;
	struct tep_event *ev;
	const char *deb, *host;
	char path[400];
	size_t n;

	if (!mkdtemp(tmp))
		return 1;
	deb = unpack("debian-6.1-amd64");
	host = unpack("host-6.18-firecracker");
	if (!ok(deb && host, "fixtures unpacked"))
		return done_testing();

	ok(tq_catalog_open(&cat, deb) == 0, "open the Debian tree");
	ok(tq_catalog_loaded(cat) == 0, "nothing parsed on open");
	tq_catalog_names(cat, &n);
	ok(n > 1000, "event names from available_events (%zu)", n);
	ok(tq_catalog_loaded(cat) == 0, "listing names parses nothing");
	ok(tq_catalog_event(cat, NULL, "sched_switch", &ev) == 0 && !strcmp(ev->system, "sched"),
	   "bare event name finds its system");
	ok(tq_catalog_event(cat, "sched", "sched_switch", &ev) == 0, "system.event");
	ok(tq_catalog_loaded(cat) == 1, "one format parsed, once");
	ok(tep_find_any_field(ev, "next_pid") != NULL, "fields come from the format");
	ok(tq_catalog_event(cat, NULL, "sched_swich", &ev) == -ENOENT, "unknown event");
	is_str(tq_catalog_suggest(cat, NULL, "sched_swich"), "sched_switch", "did you mean");
	is_str(tq_catalog_suggest(cat, "shed", "sched_switch"), "sched:sched_switch",
	       "did you mean, with a system");
	ok(tq_catalog_suggest(cat, NULL, "zzzzzzzzzzzzzz") == NULL, "no wild suggestions");
	ok(tq_catalog_event(cat, NULL, "../../etc", &ev) == -ENOENT, "no path games");
	ok(tq_catalog_features(cat) & TQ_FEAT_HIST, "6.1 has hist triggers");
	ok(tq_catalog_features(cat) & TQ_FEAT_SYNTH_DYN, "6.1 has s: in dynamic_events");
	ok(tq_catalog_features(cat) & TQ_FEAT_TRACE_ACTION, "6.1 has trace()");
	ok(tq_catalog_features(cat) & TQ_FEAT_MULDIV, "6.1 has * and /");
	ok(tq_catalog_features(cat) & TQ_FEAT_BUCKETS, "6.1 has .buckets");
	ok(!(tq_catalog_features(cat) & TQ_FEAT_COMMON_STACK), "6.1 lacks common_stacktrace");
	tq_catalog_free(cat);

	/* an event made after the list was read (tq probe add in another terminal) */
	ok(tq_catalog_open(&cat, deb) == 0, "open the Debian tree again");
	tq_catalog_names(cat, &n);
	ok(!tq_catalog_refresh_if_changed(cat), "dynamic_events unchanged: the list is kept");
	snprintf(path, sizeof(path), "cd '%s' && mkdir -p events/kprobes/tq_new && "
		 "cp events/sched/sched_switch/format events/kprobes/tq_new/format && "
		 "echo 'p:kprobes/tq_new vfs_read' >> dynamic_events && "
		 "echo 'kprobes:tq_new' >> available_events", deb);
	if (!ok(system(path) == 0, "a kprobe appears in the copy"))
		return done_testing();
	ok(tq_catalog_system_of(cat, "tq_new") == NULL, "not seen before a refresh");
	ok(tq_catalog_refresh_if_changed(cat), "dynamic_events changed: the list is read again");
	{
		size_t m;

		tq_catalog_names(cat, &m);
		ok(m == n + 1, "one name more (%zu, %zu)", m, n);
	}
	is_str(tq_catalog_system_of(cat, "tq_new"), "kprobes", "the new event is found by name");
	ok(!tq_catalog_refresh_if_changed(cat), "and the list is kept again");
	snprintf(path, sizeof(path), "cd '%s' && echo 'kprobes:tq_new2' >> available_events", deb);
	if (system(path))
		return 1;
	tq_catalog_refresh(cat);
	ok(tq_catalog_system_of(cat, "tq_new2") != NULL, "an explicit refresh reads the list too");
	tq_catalog_free(cat);

	/* a JOIN compiles by parsing exactly the two formats it names */
	ok(tq_catalog_open(&cat, host) == 0, "open the 6.18 tree");
	ok(!(tq_catalog_features(cat) & TQ_FEAT_HIST), "the host kernel has no hist triggers");
	{
		static const char q[] = "SELECT start.pid, (end.TIMESTAMP_USECS - "
			"start.TIMESTAMP_USECS) AS lat FROM sched_waking AS start JOIN sched_switch "
			"AS end ON start.pid = end.next_pid";
		struct tq_sql_options opt = { .all_features = true };
		struct tq_sql_compiled out;
		struct tq_sql_diag diag = { 0 };

		ok(tq_sql_compile(q, strlen(q), cat, &opt, &out, &diag) == 0, "JOIN compiles");
		ok(tq_catalog_loaded(cat) == 2, "only the two named formats were parsed (%zu)",
		   tq_catalog_loaded(cat));
		ok(out.plan.len == 3 && out.removal.len == 3, "three steps and three removals");
		tq_sql_compiled_release(&out);
		tq_sql_diag_release(&diag);
	}
	tq_catalog_free(cat);

	/* a bare copy of events/ finds its README one level up */
	snprintf(path, sizeof(path), "%s/events", deb);
	ok(tq_catalog_open(&cat, path) == 0, "open a bare events/ copy");
	ok(tq_catalog_event(cat, NULL, "sched_waking", &ev) == 0, "events without available_events");
	ok(tq_catalog_has_readme(cat), "README next to events/");
	tq_catalog_free(cat);

	ok(tq_catalog_open(&cat, "/nonexistent/tq") < 0, "a missing directory is an error");
	snprintf(path, sizeof(path), "rm -rf '%s'", tmp);
	if (system(path))
		return 1;
	return done_testing();
}
