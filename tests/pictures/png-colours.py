#!/usr/bin/python3
"""png-colours.py PNG COLOUR...: for each colour (#rrggbb or rgb(r,g,b)), the number of
pixels of the PNG that have exactly it, one "colour count" line each. Decodes 8-bit RGB
and RGBA PNGs, as browsers' screenshots are, with the standard library only."""
import re
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6):
        sys.exit("%s: colour type %d, depth %d: only 8-bit RGB(A)" % (path, ctype, depth))
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev = zlib.decompress(idat), width * bpp, bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        yield [tuple(line[x:x + 3]) for x in range(0, stride, bpp)]


def parse(colour):
    m = re.fullmatch(r"#([0-9a-fA-F]{6})", colour)
    if m:
        v = int(m.group(1), 16)
        return (v >> 16, (v >> 8) & 255, v & 255)
    m = re.fullmatch(r"rgb\((\d+),(\d+),(\d+)\)", colour.replace(" ", ""))
    if m:
        return tuple(int(g) for g in m.groups())
    sys.exit("not a colour: %s" % colour)


want = {parse(c): c for c in sys.argv[2:]}
count = dict.fromkeys(want, 0)
for row in rows(sys.argv[1]):
    for px in row:
        if px in count:
            count[px] += 1
for rgb, name in want.items():
    print(name, count[rgb])
