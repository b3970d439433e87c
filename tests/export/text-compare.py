#!/usr/bin/env python3
# Check tq convert's text outputs against third-party and own readings of the same file.
#   text-compare.py systrace OUT.txt TRACE_CMD_REPORT_N_L
#     every event line is what `trace-cmd report -N -l` (libtraceevent without plugins,
#     latency flags) prints for it: task, pid, CPU, flags, event, text; the time to the
#     microsecond (the kernel truncates, trace-cmd rounds)
#   text-compare.py chrome OUT.json REPORT_JSON SYSTRACE_TXT
#     the file is JSON; one trace event per top-buffer event but funcgraph_entry, at the
#     same time, task and with the fields in args; systemTraceEvents is the systrace text
import json
import re
import sys

SYS = re.compile(r'^\s*(.+)-(\d+)\s+\[(\d+)\] (\S{5})\s+(\d+)\.(\d{6}): ([^:]+): (.*)$')
TC = re.compile(r'^\s*(.+)-(\d+)\s+(\d+)(\S{5})\s+(\d+)\.(\d{6}): ([^:]+):\s*(.*)$')


def lines(path, rx, skip_header):
    out, other = [], 0
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if skip_header and line.startswith('#'):
                continue
            m = rx.match(line)
            if not m:
                other += 1
                continue
            comm, pid, cpu, flags, s, us, name, text = m.groups()
            out.append((comm.strip(), int(pid), int(cpu), flags, int(s) * 10**6 + int(us),
                        name.strip(), text.rstrip()))
    return out, other


def systrace(got_path, want_path):
    got, bad_lines = lines(got_path, SYS, True)
    want, _ = lines(want_path, TC, False)
    bad = []
    if bad_lines:
        bad.append('%d lines of the systrace text are not event lines' % bad_lines)
    if len(got) != len(want):
        bad.append('%d events, trace-cmd report -N has %d' % (len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        # trace-cmd -l cuts the task name to 8 characters
        if (not g[0].startswith(w[0]) or g[1:4] != w[1:4] or g[5:] != w[5:] or abs(g[4] - w[4]) > 1) and len(bad) < 20:
            bad.append('line %d: %r, trace-cmd: %r' % (i + 1, g, w))
    return bad, len(got)


def chrome(got_path, report_path, sys_path):
    with open(got_path) as f:
        doc = json.load(f)
    want = []
    with open(report_path) as f:
        for line in f:
            e = json.loads(line)
            if e['buffer'] == '' and e['event'] is not None and e['event'] != 'funcgraph_entry':
                want.append(e)
    got = doc['traceEvents']
    bad = []
    if len(got) != len(want):
        bad.append('%d trace events, want %d' % (len(got), len(want)))
    for g, w in zip(got, want):
        if len(bad) >= 20:
            break
        if g['pid'] != w['pid'] or g['tid'] != w['pid'] or g['cat'] != w['system']:
            bad.append('%r: task or category, want %r' % (g, w))
        elif w['event'] == 'funcgraph_exit':
            f = w['fields']
            if g['ph'] != 'X' or round(g['dur'] * 1000) != f['rettime'] - f['calltime'] or \
                    round((g['ts'] + g['dur']) * 1000) != w['ts']:
                bad.append('%r: not the call of %r' % (g, w))
        elif g['ph'] != 'i' or g['name'] != w['event'] or g['args'] != w['fields'] or \
                round(g['ts'] * 1000) != w['ts']:
            bad.append('%r: want %r' % (g, w))
    with open(sys_path) as f:
        if doc['systemTraceEvents'] != f.read():
            bad.append('systemTraceEvents is not the systrace text')
    return bad, len(got)


def main():
    if sys.argv[1] == 'systrace':
        bad, n = systrace(sys.argv[2], sys.argv[3])
    else:
        bad, n = chrome(sys.argv[2], sys.argv[3], sys.argv[4])
    for b in bad[:20]:
        print(b)
    print('%d events, %s' % (n, 'differences' if bad else 'same'))
    return 1 if bad else 0


sys.exit(main())
