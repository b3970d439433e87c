#!/usr/bin/env python3
# Copy a trace.dat file with extra options, for tests of options the recorders rarely
# write (HOOK, GUEST, TIME_SHIFT, unknown ids).
#   add-option.py IN OUT ID:s:TEXT | ID:x:HEX ...
# s: a NUL-terminated string, x: raw bytes given in hex.
# v6: the options go at the end of the option list; the zero padding before the first
# CPU's data shrinks by as much, so no data offset moves.
# v7: a new uncompressed options section is appended at the end of the file and chained
# from the DONE option of the last (uncompressed) options section.
import struct
import sys


def payloads(specs):
    out = b''
    for spec in specs:
        oid, kind, val = spec.split(':', 2)
        body = val.encode() + b'\0' if kind == 's' else bytes.fromhex(val)
        out += struct.pack(E + 'HI', int(oid), len(body)) + body
    return out


def v6(data, extra):
    pos = data.index(b'options  \0') + 10
    while True:
        oid, = struct.unpack(E + 'H', data[pos:pos + 2])
        if oid == 0:
            break
        size, = struct.unpack(E + 'I', data[pos + 2:pos + 6])
        pos += 6 + size
    out = data[:pos] + extra + data[pos:]
    table = out.index(b'flyrecord\0', pos) + 10
    first, = struct.unpack(E + 'Q', out[table:table + 8])
    hole = out[first:first + len(extra)]
    if hole != b'\0' * len(extra):
        sys.exit('no room for %d option bytes before the CPU data' % len(extra))
    return out[:first] + out[first + len(extra):]


def v7(data, extra):
    pos = 18
    for _ in range(2):
        pos = data.index(b'\0', pos) + 1
    section, = struct.unpack(E + 'Q', data[pos:pos + 8])
    while True:
        _, flags, _, size = struct.unpack(E + 'HHIQ', data[section:section + 16])
        if flags & 1:
            sys.exit('options section at %d is compressed' % section)
        p, end = section + 16, section + 16 + size
        while p < end:
            oid, osize = struct.unpack(E + 'HI', data[p:p + 6])
            if oid == 0:
                break
            p += 6 + osize
        nxt, = struct.unpack(E + 'Q', data[p + 6:p + 14])
        if not nxt:
            break
        section = nxt
    new = len(data)
    body = extra + struct.pack(E + 'HIQ', 0, 8, 0)
    out = bytearray(data)
    out[p + 6:p + 14] = struct.pack(E + 'Q', new)
    return bytes(out) + struct.pack(E + 'HHIQ', 0, 0, 0xffffffff, len(body)) + body


src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
E = '>' if data[12] else '<'
extra = payloads(sys.argv[3:])
out = v6(data, extra) if data[10:12] == b'6\0' else v7(data, extra)
open(dst, 'wb').write(out)
