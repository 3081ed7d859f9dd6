#!/usr/bin/env python3
"""Writes the small image files the decoder tests read (Tests/Fixtures/images/) and their expected pixels.

Every variant the decoders promise gets one tiny file: PNG (gray 1/2/4/8/16-bit, gray+alpha, RGB 8/16-bit, RGBA
8/16-bit, palette 4/8-bit, palette with tRNS, Adam7 interlaced, pHYs resolution), JPEG (baseline 4:4:4 and 4:2:0,
grayscale, progressive, JFIF density, EXIF orientations 1-8) and BMP (1/4/8-bit palette, 16-bit 5-5-5 and 5-6-5
bit fields, 24-bit bottom-up / top-down, 32-bit, 32-bit with alpha mask, RLE8, RLE4, OS/2 core header).
PNG and JPEG files are written by Pillow; BMP files by the writer below (Pillow cannot write 16-bit, bit-field or
RLE bitmaps). Expected pixels (8-bit RGB, alpha composited over white) go to `expected.json`: computed from the
source pattern for lossless files, from Pillow's own decoding for JPEG (the tests allow a small tolerance).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r tools/images/requirements.txt
    /tmp/venv/bin/python tools/images/make_image_fixtures.py      # rewrites Tests/Fixtures/images/
"""

import io
import json
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageOps

OUT = Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "images"
W, H = 13, 7   # odd sizes exercise row padding


def pattern_rgb(x, y):
    return ((x * 19 + 7) % 256, (y * 37 + 3) % 256, (x * y * 11 + 40) % 256)


def rgb_image():
    img = Image.new("RGB", (W, H))
    img.putdata([pattern_rgb(x, y) for y in range(H) for x in range(W)])
    return img


def palette_colours(count):
    return [((i * 53) % 256, (i * 97 + 20) % 256, (255 - i * 31) % 256) for i in range(count)]


def index_at(x, y, count):
    return (x + 3 * y) % count


def pixels_of(img):
    """An RGB image's pixels as (r, g, b) tuples, row by row."""
    raw = img.convert("RGB").tobytes()
    return [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]


def over_white(rgb, a):
    return tuple((c * a + 255 * (255 - a) + 127) // 255 for c in rgb)


expected = {}


def record(name, width, height, pixels, tolerance=0, dpi=None):
    expected[name] = {
        "width": width, "height": height, "tolerance": tolerance, "dpi": dpi,
        "rgb": bytes(v for p in pixels for v in p).hex(),
    }


def write(name, data):
    (OUT / name).write_bytes(data)


# ---------------------------------------------------------------- PNG

def png_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "PNG", **kw)
    return buf.getvalue()


def raw_png(width, height, colour_type, depth, rows, interlace=0, extra_chunks=()):
    """A PNG written chunk by chunk (for depths and layouts Pillow does not write)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace)
    body = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunk(k, d) for k, d in extra_chunks)
            + chunk(b"IDAT", zlib.compress(body, 9)) + chunk(b"IEND", b""))


def pack_bits(values, depth):
    out, acc, n = bytearray(), 0, 0
    for v in values:
        acc = (acc << depth) | v
        n += depth
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


def make_png():
    src = rgb_image()
    pixels = pixels_of(src)
    write("rgb8.png", png_bytes(src))
    record("rgb8.png", W, H, pixels)
    # Adam7 through Pillow's encoder is not available: build the interlaced file from the passes.
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    body = b""
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, W, dx))
        ys = list(range(y0, H, dy))
        if not xs or not ys:
            continue
        for y in ys:
            body += b"\x00" + bytes(v for x in xs for v in pattern_rgb(x, y))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    write("rgb8_interlaced.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 1))
          + chunk(b"IDAT", zlib.compress(body, 9)) + chunk(b"IEND", b""))
    assert pixels_of(Image.open(OUT / "rgb8_interlaced.png")) == pixels
    record("rgb8_interlaced.png", W, H, pixels)

    # pHYs: 300 dpi = 11811 pixels per metre.
    write("rgb8_300dpi.png", png_bytes(src, dpi=(300, 300)))
    record("rgb8_300dpi.png", W, H, pixels, dpi=300)

    gray = [((x * 19 + y * 5) % 256) for y in range(H) for x in range(W)]
    g = Image.new("L", (W, H))
    g.putdata(gray)
    write("gray8.png", png_bytes(g))
    record("gray8.png", W, H, [(v, v, v) for v in gray])

    for depth in (1, 2, 4):
        levels = (1 << depth) - 1
        values = [(x + y) % (levels + 1) for y in range(H) for x in range(W)]
        rows = [pack_bits(values[y * W:(y + 1) * W], depth) for y in range(H)]
        name = f"gray{depth}.png"
        write(name, raw_png(W, H, 0, depth, rows))
        record(name, W, H, [(v * 255 // levels,) * 3 for v in values])

    # 16-bit: the high byte carries the pattern, the low byte noise that must not change the 8-bit result by more
    # than rounding.
    gray16 = [(v << 8) | ((v * 7) & 0xFF) for v in gray]
    write("gray16.png", raw_png(W, H, 0, 16, [b"".join(struct.pack(">H", gray16[y * W + x]) for x in range(W)) for y in range(H)]))
    record("gray16.png", W, H, [(v, v, v) for v in gray], tolerance=1)

    rows16 = [b"".join(struct.pack(">HHH", *[(c << 8) | c for c in pattern_rgb(x, y)]) for x in range(W)) for y in range(H)]
    write("rgb16.png", raw_png(W, H, 2, 16, rows16))
    record("rgb16.png", W, H, pixels, tolerance=1)

    alpha = [((x * 41 + y * 13) % 256) for y in range(H) for x in range(W)]
    rgba = [pattern_rgb(x, y) + (alpha[y * W + x],) for y in range(H) for x in range(W)]
    a8 = Image.new("RGBA", (W, H))
    a8.putdata(rgba)
    write("rgba8.png", png_bytes(a8))
    record("rgba8.png", W, H, [over_white(p[:3], p[3]) for p in rgba], tolerance=1)

    rows16a = [b"".join(struct.pack(">HHHH", *[(c << 8) | c for c in rgba[y * W + x]]) for x in range(W)) for y in range(H)]
    write("rgba16.png", raw_png(W, H, 6, 16, rows16a))
    record("rgba16.png", W, H, [over_white(p[:3], p[3]) for p in rgba], tolerance=1)

    la = Image.new("LA", (W, H))
    la.putdata([(gray[i], alpha[i]) for i in range(W * H)])
    write("graya8.png", png_bytes(la))
    record("graya8.png", W, H, [over_white((gray[i],) * 3, alpha[i]) for i in range(W * H)], tolerance=1)

    for depth, count in ((8, 200), (4, 16)):
        colours = palette_colours(count)
        values = [index_at(x, y, count) for y in range(H) for x in range(W)]
        rows = [pack_bits(values[y * W:(y + 1) * W], depth) for y in range(H)]
        plte = (b"PLTE", b"".join(bytes(c) for c in colours))
        name = f"palette{depth}.png"
        write(name, raw_png(W, H, 3, depth, rows, extra_chunks=[plte]))
        record(name, W, H, [colours[v] for v in values])

    # Palette with tRNS: entry i has alpha (i * 17) % 256.
    colours = palette_colours(16)
    values = [index_at(x, y, 16) for y in range(H) for x in range(W)]
    trns = bytes((i * 17) % 256 for i in range(16))
    write("palette_trns.png", raw_png(W, H, 3, 8, [bytes(values[y * W:(y + 1) * W]) for y in range(H)],
                                      extra_chunks=[(b"PLTE", b"".join(bytes(c) for c in colours)), (b"tRNS", trns)]))
    record("palette_trns.png", W, H, [over_white(colours[v], trns[v]) for v in values], tolerance=1)

    # A valid decompression bomb: 16 000 × 16 000 1-bit gray (256 megapixels) of zeros, a few tens of kB.
    side = 16000
    row = b"\x00" + bytes(side // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    def chunk(kind, d):
        return struct.pack(">I", len(d)) + kind + d + struct.pack(">I", zlib.crc32(kind + d) & 0xFFFFFFFF)
    write("bomb_16000x16000.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
          + chunk(b"IDAT", data) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- JPEG

def jpeg_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kw)
    return buf.getvalue()


def record_jpeg(name, data, tolerance, dpi=None):
    write(name, data)
    decoded = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    record(name, decoded.width, decoded.height, pixels_of(decoded), tolerance=tolerance, dpi=dpi)


def blocks_image():
    """48 × 32: six 16 × 16 blocks of distinct colours (the orientation tests look at block centres)."""
    colours = [(230, 30, 30), (30, 200, 40), (30, 40, 220), (240, 220, 30), (30, 210, 220), (20, 20, 20)]
    img = Image.new("RGB", (48, 32))
    img.putdata([colours[(y // 16) * 3 + x // 16] for y in range(32) for x in range(48)])
    return img


def make_jpeg():
    src = rgb_image()
    record_jpeg("baseline444.jpg", jpeg_bytes(src, quality=95, subsampling=0), tolerance=4)
    record_jpeg("baseline420.jpg", jpeg_bytes(src, quality=90, subsampling=2), tolerance=6)
    record_jpeg("progressive.jpg", jpeg_bytes(src, quality=95, subsampling=0, progressive=True), tolerance=4)
    record_jpeg("gray.jpg", jpeg_bytes(src.convert("L"), quality=95), tolerance=4)
    record_jpeg("density200.jpg", jpeg_bytes(src, quality=95, subsampling=0, dpi=(200, 200)), tolerance=4, dpi=200)
    upright = blocks_image()
    # Stored pixels for orientation o are the upright image turned by the inverse of o's display transform.
    inverse = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
               4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
               7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}
    for o, op in inverse.items():
        stored = upright if op is None else upright.transpose(op)
        exif = Image.Exif()
        exif[0x0112] = o
        data = jpeg_bytes(stored, quality=95, subsampling=0, exif=exif.tobytes())
        check = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
        assert check.size == upright.size, (o, check.size)
        record_jpeg(f"orientation{o}.jpg", data, tolerance=24)
    # Big-endian ("MM") EXIF, orientation 6, written by hand.
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\x00\x00" + tiff
    plain = jpeg_bytes(stored, quality=95, subsampling=0)
    record_jpeg("orientation6_bigendian.jpg", plain[:2] + app1 + plain[2:], tolerance=24)
    # CMYK is refused as unsupported.
    write("cmyk.jpg", jpeg_bytes(src.convert("CMYK"), quality=90))


# ---------------------------------------------------------------- BMP

def bmp(width, height, bpp, pixel_data, *, compression=0, palette=(), masks=None, header_size=40, top_down=False, ppm=0):
    """A BMP file: 14-byte file header, DIB header of `header_size`, optional masks after a 40-byte header, palette."""
    if header_size == 12:
        dib = struct.pack("<IHHHH", 12, width, height, 1, bpp)
        pal = b"".join(bytes((b, g, r)) for r, g, b in palette)
        extra = b""
    else:
        dib = struct.pack("<IiiHHIIiiII", header_size, width, -height if top_down else height, 1, bpp, compression,
                          len(pixel_data), ppm, ppm, len(palette), 0)
        extra = b""
        if masks is not None:
            packed = struct.pack("<IIII", *masks)
            if header_size == 40:
                extra = packed[:12] if compression == 3 else packed
            else:
                dib += packed
        dib = dib + bytes(header_size - len(dib)) if len(dib) < header_size else dib
        if header_size >= 108:
            dib = dib[:56] + dib[56:]
        pal = b"".join(bytes((b, g, r, 0)) for r, g, b in palette)
    offset = 14 + len(dib) + len(extra) + len(pal)
    head = b"BM" + struct.pack("<IHHI", offset + len(pixel_data), 0, 0, offset)
    return head + dib + extra + pal + pixel_data


def rows_padded(rows):
    return [r + bytes((-len(r)) % 4) for r in rows]


def make_bmp():
    pixels = [pattern_rgb(x, y) for y in range(H) for x in range(W)]
    bottom_up = range(H - 1, -1, -1)

    def rgb24_rows(order):
        return b"".join(rows_padded([bytes(v for x in range(W) for v in pattern_rgb(x, y)[::-1]) for y in order]))

    write("rgb24.bmp", bmp(W, H, 24, rgb24_rows(bottom_up), ppm=11811))
    record("rgb24.bmp", W, H, pixels, dpi=300)
    write("rgb24_topdown.bmp", bmp(W, H, 24, rgb24_rows(range(H)), top_down=True))
    record("rgb24_topdown.bmp", W, H, pixels)
    write("rgb24_core.bmp", bmp(W, H, 24, rgb24_rows(bottom_up), header_size=12))
    record("rgb24_core.bmp", W, H, pixels)

    rows32 = b"".join(bytes(v for x in range(W) for v in pattern_rgb(x, y)[::-1] + (0,)) for y in bottom_up)
    write("rgb32.bmp", bmp(W, H, 32, rows32))
    record("rgb32.bmp", W, H, pixels)

    alpha = [((x * 41 + y * 13) % 256) for y in range(H) for x in range(W)]
    rows32a = b"".join(bytes(v for x in range(W) for v in pattern_rgb(x, y)[::-1] + (alpha[y * W + x],)) for y in bottom_up)
    masks = (0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    write("rgba32_v5.bmp", bmp(W, H, 32, rows32a, compression=3, masks=masks, header_size=124))
    record("rgba32_v5.bmp", W, H, [over_white(pixels[i], alpha[i]) for i in range(W * H)], tolerance=1)

    def scale(v, bits):
        return (v * 255 + ((1 << bits) - 1) // 2) // ((1 << bits) - 1)

    def rows16(pack):
        return b"".join(rows_padded([b"".join(struct.pack("<H", pack(*pattern_rgb(x, y))) for x in range(W)) for y in bottom_up]))

    write("rgb555.bmp", bmp(W, H, 16, rows16(lambda r, g, b: (r >> 3) << 10 | (g >> 3) << 5 | b >> 3)))
    record("rgb555.bmp", W, H, [(scale(r >> 3, 5), scale(g >> 3, 5), scale(b >> 3, 5)) for r, g, b in pixels])
    write("rgb565.bmp", bmp(W, H, 16, rows16(lambda r, g, b: (r >> 3) << 11 | (g >> 2) << 5 | b >> 3),
                            compression=3, masks=(0xF800, 0x07E0, 0x001F, 0)))
    record("rgb565.bmp", W, H, [(scale(r >> 3, 5), scale(g >> 2, 6), scale(b >> 3, 5)) for r, g, b in pixels])

    for bpp, count in ((1, 2), (4, 16), (8, 200)):
        colours = palette_colours(count)
        values = [index_at(x, y, count) for y in range(H) for x in range(W)]
        rows = rows_padded([pack_bits(values[y * W:(y + 1) * W], bpp) for y in bottom_up])
        name = f"palette{bpp}.bmp"
        write(name, bmp(W, H, bpp, b"".join(rows), palette=colours))
        record(name, W, H, [colours[v] for v in values])

    # RLE8: each row as runs of equal indices plus one absolute run, end-of-line, end-of-bitmap.
    colours = palette_colours(16)
    values = [(x // 3 + y) % 16 for y in range(H) for x in range(W)]
    data = bytearray()
    for y in bottom_up:
        row = values[y * W:(y + 1) * W]
        data += bytes((3, row[0], 3, row[3]))        # two encoded runs (6 pixels)
        data += bytes((0, 4)) + bytes(row[6:10])      # absolute run of 4
        data += bytes((W - 10, row[10]))              # last 3 pixels (all equal: x // 3 == 3 for x in 10...12? )
        data += b"\x00\x00"
    data += b"\x00\x01"
    expected_rle8 = []
    for y in range(H):
        row = values[y * W:(y + 1) * W]
        expected_rle8 += [row[0]] * 3 + [row[3]] * 3 + row[6:10] + [row[10]] * (W - 10)
    write("rle8.bmp", bmp(W, H, 8, bytes(data), compression=1, palette=colours))
    record("rle8.bmp", W, H, [colours[v] for v in expected_rle8])
    assert pixels_of(Image.open(OUT / "rle8.bmp")) == [colours[v] for v in expected_rle8]

    # RLE4: alternating-nibble runs, an absolute run of 5 (3 bytes, padded to 4), a delta skip on the top row.
    data = bytearray()
    expected_rle4 = [[0] * W for _ in range(H)]
    for file_row, y in enumerate(bottom_up):
        a, b = (y + 1) % 16, (y + 5) % 16
        if file_row == H - 1:
            data += bytes((4, a << 4 | b)) + b"\x00\x02" + bytes((3, 0)) + bytes((2, a << 4 | a))
            row = [a, b, a, b] + [0, 0, 0] + [a, a] + [0] * (W - 9)
            data += b"\x00\x01"
            expected_rle4[y] = row
            break
        data += bytes((4, a << 4 | b))
        data += bytes((0, 5)) + bytes((0x12, 0x34, 0x50)) + b"\x00"
        data += bytes((W - 9, b << 4 | a))
        data += b"\x00\x00"
        expected_rle4[y] = [a, b, a, b, 1, 2, 3, 4, 5] + [b if i % 2 == 0 else a for i in range(W - 9)]
    write("rle4.bmp", bmp(W, H, 4, bytes(data), compression=2, palette=colours))
    flat = [colours[v] for row in expected_rle4 for v in row]
    record("rle4.bmp", W, H, flat)
    # (Pillow cannot cross-check this one: it rejects an end-of-bitmap before the last row is filled.)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    make_png()
    make_jpeg()
    make_bmp()
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"{len(expected)} fixtures with expected pixels in {OUT}")


if __name__ == "__main__":
    main()
