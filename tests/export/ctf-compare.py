#!/usr/bin/python3
# Compare a CTF trace as babeltrace2 reads it (python3-bt2) with `tq report --json` of the
# trace.dat file it came from: every event, its timestamp (ns), buffer, CPU, task and
# fields, in time order, and the events lost per CPU.
#   ctf-compare.py CTF_DIR REPORT_JSON
# Prints one line per difference (the first 20) and exits 1 on any, 0 when all agree.
import collections
import json
import sys

import bt2


def value(f):
    if isinstance(f, bt2._StringFieldConst):
        return str(f)
    if isinstance(f, bt2._ArrayFieldConst):
        return [value(e) for e in f]
    if isinstance(f, bt2._StructureFieldConst):
        return {k: value(v) for k, v in f.items()}
    return int(f)


def from_ctf(path):
    events, lost = [], collections.Counter()
    last_ts = None
    seq = collections.Counter()
    for msg in bt2.TraceCollectionMessageIterator(path):
        if type(msg) is bt2._DiscardedEventsMessageConst:
            s = msg.stream
            key = (str(s.trace.environment['buffer_%d' % s.cls.id]), int(s.id))
            lost[key] += msg.count if msg.count is not None else 1
            continue
        if type(msg) is not bt2._EventMessageConst:
            continue
        ev = msg.event
        ts = msg.default_clock_snapshot.ns_from_origin
        if last_ts is not None and ts < last_ts:
            raise SystemExit('babeltrace2 gave %d after %d' % (ts, last_ts))
        last_ts = ts
        buf = str(ev.stream.trace.environment['buffer_%d' % ev.stream.cls.id])
        cpu = int(ev.packet.context_field['cpu_id'])
        ctx = value(ev.common_context_field)
        fields = value(ev.payload_field)
        # the length of a __data_loc array is a field of its own in CTF
        for k in [k for k in fields if k.endswith('_length') and k[0] == '_' and
                  k[1:-7] in fields]:
            del fields[k]
        seq[(buf, cpu)] += 1
        events.append(((ts, buf, cpu, seq[(buf, cpu)]), ev.name, ctx['common_pid'],
                       ctx['comm'], fields))
    return events, lost


def from_json(path):
    events, lost = [], collections.Counter()
    seq = collections.Counter()
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            if e.get('missed'):
                lost[(e['buffer'], e['cpu'])] += e['missed'] if e['missed'] > 0 else 1
            if e['event'] is None:
                continue
            seq[(e['buffer'], e['cpu'])] += 1
            names = (e['event'], e['system'] + ':' + e['event'])
            events.append(((e['ts'], e['buffer'], e['cpu'], seq[(e['buffer'], e['cpu'])]),
                           names, e['pid'], e['comm'], e['fields']))
    return events, lost


def main():
    got, got_lost = from_ctf(sys.argv[1])
    want, want_lost = from_json(sys.argv[2])
    bad = []
    if len(got) != len(want):
        bad.append('%d events in CTF, %d in the report' % (len(got), len(want)))
    got.sort(key=lambda e: e[0])
    want.sort(key=lambda e: e[0])
    for g, w in zip(got, want):
        where = 'event at %d buffer %r cpu %d (#%d)' % w[0]
        if g[0] != w[0]:
            bad.append('%s: CTF has ts %d buffer %r cpu %d (#%d)' % ((where,) + g[0]))
        elif g[1] not in w[1]:
            bad.append('%s: name %r, want %r' % (where, g[1], w[1][0]))
        elif g[2] != w[2] or g[3] != w[3]:
            bad.append('%s: task %r-%d, want %r-%d' % (where, g[3], g[2], w[3], w[2]))
        elif g[4] != w[4]:
            bad.append('%s: fields %r, want %r' % (where, g[4], w[4]))
        if len(bad) > 20:
            break
    if got_lost != want_lost:
        bad.append('lost events %r, want %r' % (dict(got_lost), dict(want_lost)))
    for b in bad[:20]:
        print(b)
    print('%d events, %d lost, %s' % (len(got), sum(got_lost.values()),
                                      'differences' if bad else 'same'))
    return 1 if bad else 0


sys.exit(main())
