#!/usr/bin/env python3
# Make a large trace.dat v6 for benchmarks from a small one: the CPU pages repeated
# REPEAT times, each repetition's page timestamps moved past the previous one, so the
# events stay in time order and every page stays valid.
#   mkbig.py IN.dat OUT.dat REPEAT
import struct
import sys

src, dst, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
assert data[:10] == b'\x17\x08\x44tracing' and data[10:12] == b'6\x00', 'need a v6 file'
page = struct.unpack_from('<I', data, 14)[0]
ncpus_tag = data.rfind(b'flyrecord\x00')
pos = ncpus_tag + 10
# the CPU count is the u32 right before the first tag after cmdlines; count table entries
# by reading until the clock block (u64 length + "[clock]")
cpus = []
while True:
    off, size = struct.unpack_from('<QQ', data, pos)
    if off % page or off + size > len(data):
        break
    cpus.append((off, size))
    pos += 16
    n = struct.unpack_from('<Q', data, pos)[0]
    if 0 < n < 64 and data[pos + 8:pos + 9] == b'[':
        break
clock_len = struct.unpack_from('<Q', data, pos)[0]
clock = data[pos:pos + 8 + clock_len]
head = data[:ncpus_tag + 10]

first = min(struct.unpack_from('<Q', data, o)[0] for o, s in cpus if s)
last = max(struct.unpack_from('<Q', data, o + s - page)[0] for o, s in cpus if s)
span = last - first + 10_000_000

table_len = 16 * len(cpus)
start = len(head) + table_len + len(clock)
start = (start + 4095) // 4096 * 4096
offsets = []
cur = start
for off, size in cpus:
    offsets.append((cur, size * repeat))
    cur += size * repeat
with open(dst, 'wb') as out:
    out.write(head)
    for o, s in offsets:
        out.write(struct.pack('<QQ', o, s))
    out.write(clock)
    out.write(b'\0' * (start - out.tell()))
    for off, size in cpus:
        chunk = bytearray(data[off:off + size])
        for k in range(repeat):
            blob = bytearray(chunk)
            for p in range(0, size, page):
                ts = struct.unpack_from('<Q', blob, p)[0]
                struct.pack_into('<Q', blob, p, ts + k * span)
            out.write(blob)
