#!/usr/bin/env python3
"""Draws the toolbar icons (icon-16/32/48/128.png): a teal rounded square with a white hourglass
("take a moment"). Standard library only: the shape is rasterised with 8x8 supersampling and written
as an RGBA PNG with zlib. Run from anywhere: python3 extension/icons/make-icons.py"""
import os
import struct
import zlib

TEAL = (15, 118, 110)
WHITE = (255, 255, 255)
SS = 8  # supersampling per axis


def rounded_square(x, y, r=0.22):
    # unit square [0,1]^2 with corner radius r
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and 0 <= x <= 1 and 0 <= y <= 1


def hourglass(x, y):
    # top and bottom bars
    if 0.22 <= x <= 0.78 and (0.18 <= y <= 0.27 or 0.73 <= y <= 0.82):
        return True
    # two triangles meeting at the centre, with a narrow waist
    if 0.27 <= y <= 0.73:
        d = abs(y - 0.5)  # 0 at the waist, 0.23 at the bars
        half = 0.05 + d * (0.24 / 0.23)
        if abs(x - 0.5) <= half:
            # hollow the upper glass a little so it reads as an hourglass, keep sand at the bottom
            if y < 0.5 and abs(x - 0.5) <= half - 0.075 and y < 0.42:
                return False
            return True
    return False


def pixel(px, py, size):
    cover_bg = cover_fg = 0
    for sy in range(SS):
        for sx in range(SS):
            x = (px + (sx + 0.5) / SS) / size
            y = (py + (sy + 0.5) / SS) / size
            if rounded_square(x, y):
                cover_bg += 1
                if hourglass(x, y):
                    cover_fg += 1
    n = SS * SS
    if cover_bg == 0:
        return (0, 0, 0, 0)
    a = cover_bg / n
    f = cover_fg / cover_bg
    rgb = tuple(round(TEAL[i] * (1 - f) + WHITE[i] * f) for i in range(3))
    return rgb + (round(255 * a),)


def png(size):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter type: none
        for px in range(size):
            row.extend(pixel(px, py, size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for s in (16, 32, 48, 128):
        with open(os.path.join(here, f"icon-{s}.png"), "wb") as f:
            f.write(png(s))
        print(f"icon-{s}.png")
