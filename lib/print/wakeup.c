// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tq report -w: the time from a task's sched_wakeup to the sched_switch that runs it, as
 * trace-cmd report -w prints it (after each sched_switch, and a summary at the end).
 * Pending wakeups are kept by pid in an open-addressing table.
 */
#include <stdlib.h>
#include <string.h>

#include "print/wakeup.h"

static struct tq_wake *wake_slot(struct tq_wakeup *r, int pid)
{
	unsigned i = ((unsigned)pid * 2654435761u) & (r->capwakes - 1);

	while (r->wakes[i].pid != -1 && r->wakes[i].pid != pid)
		i = (i + 1) & (r->capwakes - 1);
	return &r->wakes[i];
}

static int wake_grow(struct tq_wakeup *r)
{
	struct tq_wake *old = r->wakes;
	unsigned i, n = r->capwakes;

	r->capwakes = n ? n * 2 : 1024;
	r->wakes = malloc(r->capwakes * sizeof(*r->wakes));
	if (!r->wakes) {
		r->wakes = old;
		r->capwakes = n;
		return -1;
	}
	for (i = 0; i < r->capwakes; i++)
		r->wakes[i].pid = -1;
	for (i = 0; i < n; i++)
		if (old[i].pid != -1)
			*wake_slot(r, old[i].pid) = old[i];
	free(old);
	return 0;
}

/* Deleting from open addressing: re-insert the rest of the cluster. */
static void wake_delete(struct tq_wakeup *r, struct tq_wake *w)
{
	unsigned i = w - r->wakes;

	w->pid = -1;
	r->nwakes--;
	for (i = (i + 1) & (r->capwakes - 1); r->wakes[i].pid != -1;
	     i = (i + 1) & (r->capwakes - 1)) {
		struct tq_wake moved = r->wakes[i];

		r->wakes[i].pid = -1;
		*wake_slot(r, moved.pid) = moved;
	}
}

static bool field_value(struct tep_event *event, struct tep_record *rec, const char *name,
			unsigned long long *val)
{
	struct tep_format_field *f = tep_find_any_field(event, name);

	return f && !tep_read_number_field(f, rec->data, val);
}

/* As trace-cmd: a maximum of 0 keeps timestamp 0, ties keep the first */
static void lat_add(struct tq_lat_stats *st, unsigned long long lat, unsigned long long ts)
{
	if (lat > st->max) {
		st->max = lat;
		st->max_ts = ts;
	}
	if (!st->count || lat < st->min) {
		st->min = lat;
		st->min_ts = ts;
	}
	st->count++;
	st->total += lat;
}

void tq_wakeup_event(struct tq_wakeup *r, struct tep_event *event, struct tep_record *rec,
		     FILE *out)
{
	unsigned long long pid, prio, lat;
	struct tq_wake *w;

	if (!event || strcmp(event->system, "sched"))
		return;
	if (!strcmp(event->name, "sched_wakeup") || !strcmp(event->name, "sched_wakeup_new")) {
		unsigned long long success;

		/* old kernels flag wakeups that did not wake anything; trace-cmd skips them */
		if (field_value(event, rec, "success", &success) && !success)
			return;
		if (!field_value(event, rec, "pid", &pid))
			return;
		if ((r->nwakes + 1) * 2 > r->capwakes && wake_grow(r))
			return;
		w = wake_slot(r, (int)pid);
		if (w->pid == -1)
			r->nwakes++;
		w->pid = (int)pid;
		w->ts = rec->ts;
		return;
	}
	if (strcmp(event->name, "sched_switch") || !r->capwakes ||
	    !field_value(event, rec, "next_pid", &pid))
		return;
	w = wake_slot(r, (int)pid);
	if (w->pid == -1)
		return;
	lat = rec->ts - w->ts;
	wake_delete(r, w);
	fprintf(out, " Latency: %llu.%03llu usecs", lat / 1000, lat % 1000);
	/* every latency counts in the first summary, real-time ones also in the second */
	lat_add(&r->lat[0], lat, rec->ts);
	if (field_value(event, rec, "next_prio", &prio) && prio < 100)
		lat_add(&r->lat[1], lat, rec->ts);
}

/*
 * The summary's timestamps are microseconds whatever -t says, rounded without carrying
 * into the seconds: trace-cmd prints x.999999600 as "x.000000", and so does tq.
 */
static void lat_ts(FILE *out, unsigned long long ts)
{
	fprintf(out, "%llu.%06llu", ts / 1000000000ull, (ts + 500) % 1000000000ull / 1000);
}

static void lat_block(FILE *out, const struct tq_lat_stats *st)
{
	unsigned long long avg = st->total / st->count;

	fprintf(out, "\nAverage wakeup latency: %llu.%03llu usecs\n", avg / 1000, avg % 1000);
	fprintf(out, "Maximum Latency: %llu.%03llu usecs at timestamp: ", st->max / 1000,
		st->max % 1000);
	lat_ts(out, st->max_ts);
	fprintf(out, "\nMinimum Latency: %llu.%03llu usecs at timestamp: ", st->min / 1000,
		st->min % 1000);
	lat_ts(out, st->min_ts);
	fputs("\n\n", out);
}

void tq_wakeup_summary(const struct tq_wakeup *r, FILE *out)
{
	if (r->lat[0].count)
		lat_block(out, &r->lat[0]);
	if (r->lat[1].count) {
		fprintf(out, "RT task timings:\n");
		lat_block(out, &r->lat[1]);
	}
}

void tq_wakeup_release(struct tq_wakeup *r)
{
	free(r->wakes);
	r->wakes = NULL;
	r->nwakes = r->capwakes = 0;
}
