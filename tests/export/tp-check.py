#!/usr/bin/env python3
# What Perfetto's trace_processor made of a converted file, against tq report --json of
# the original (top buffer): the sched table's slices per CPU are the sched_switch events
# per CPU; every thread name is a name the file gives that thread (as the task of an
# event, or in a switch's or wakeup's fields); the stats table has no error or data loss
# but the sched_switch events whose prev_pid is not the previous next_pid of their CPU
# (the file's own); for chrome-json one slice per event, for perfetto one ftrace event
# per event.
#   tp-check.py FORMAT REPORT_JSON TP_OUTPUT
import collections
import json
import sys

fmt, report, tp = sys.argv[1:4]
rows = [json.loads(l) for l in open(tp) if l.startswith('[')]
if len(rows) != 4:
    raise SystemExit('trace_processor answered %d queries of 4' % len(rows))
sched, stats, threads, slices = rows

switches, names, last = collections.Counter(), collections.defaultdict(set), {}
mismatched = events = all_events = 0
for line in open(report):
    e = json.loads(line)
    if e['buffer'] != '' or e['event'] is None:
        continue
    all_events += 1
    if e['event'] != 'funcgraph_entry':
        events += 1
    names[e['pid']].add(e['comm'])
    if e['event'] == 'sched_switch':
        f = e['fields']
        switches[e['cpu']] += 1
        names[f['prev_pid']].add(f['prev_comm'])
        names[f['next_pid']].add(f['next_comm'])
        if e['cpu'] in last and last[e['cpu']] != f['prev_pid']:
            mismatched += 1
        last[e['cpu']] = f['next_pid']
    elif e['event'] in ('sched_waking', 'sched_wakeup', 'sched_wakeup_new'):
        names[e['fields']['pid']].add(e['fields']['comm'])

bad = []
got = {r['cpu']: r['n'] for r in sched}
if got != dict(switches):
    bad.append('sched slices per CPU %r, sched_switch per CPU %r' % (got, dict(switches)))
want_stats = {'mismatched_sched_switch_tids': mismatched} if mismatched else {}
got_stats = {r['name']: r['value'] for r in stats}
if got_stats != want_stats:
    bad.append('stats with errors or losses %r, want %r' % (got_stats, want_stats))
# the perfetto trace also names the threads of the saved command lines
for t in threads:
    if fmt != 'perfetto' and t['name'] is not None and t['tid'] and \
            t['name'] not in names.get(t['tid'], ()):
        bad.append('thread %d named %r, the file has %r' % (t['tid'], t['name'],
                                                            names.get(t['tid'])))
if fmt == 'chrome-json' and slices[0]['n'] != events:
    bad.append('%d slices, %d events' % (slices[0]['n'], events))
if fmt == 'perfetto' and slices[0]['n'] != all_events:
    bad.append('%d ftrace events, %d events' % (slices[0]['n'], all_events))
for b in bad[:20]:
    print(b)
print('%d sched slices on %d CPUs, %d threads: %s' % (sum(got.values()), len(got), len(threads),
                                                     'differences' if bad else 'same'))
sys.exit(1 if bad else 0)
