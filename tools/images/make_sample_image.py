#!/usr/bin/env python3
"""Draws samples/sample_ecg.csv (10 s of MIT-BIH record 100, lead MLII) on ECG paper as samples/sample_ecg.png.

The page is a single strip at 100 dpi (another resolution: pass it as the argument): pink 1-mm / 5-mm grid, 25 mm/s, 10 mm/mV, a 1-mV calibration pulse on the
left and the lead name above it. The web page's browser test and the service tests upload it as a real image.

    .venv-images/bin/python tools/images/make_sample_image.py
"""

import csv
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
import sys
DPI = int(sys.argv[1]) if len(sys.argv) > 1 else 100
SCALE = 4                      # drawn at 4x and reduced, for anti-aliased lines
MM_PER_S, MM_PER_MV = 25.0, 10.0
PAGE_MM = (272.0, 50.0)        # 10 s of trace + calibration pulse and margins
FINE, BOLD = (250, 205, 215), (235, 140, 165)


def main():
    with open(ROOT / "samples" / "sample_ecg.csv") as f:
        rows = list(csv.reader(f))[1:]
    t = [float(r[0]) for r in rows]
    mv = [float(r[1]) for r in rows]

    s = DPI / 25.4 * SCALE     # pixels per mm while drawing
    img = Image.new("RGB", (round(PAGE_MM[0] * s), round(PAGE_MM[1] * s)), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for bold in (False, True):
        for i in range(int(PAGE_MM[0]) + 1):
            if (i % 5 == 0) == bold:
                draw.line([(i * s, 0), (i * s, img.height)], fill=BOLD if bold else FINE, width=SCALE if bold else SCALE // 2)
        for j in range(int(PAGE_MM[1]) + 1):
            if (j % 5 == 0) == bold:
                draw.line([(0, j * s), (img.width, j * s)], fill=BOLD if bold else FINE, width=SCALE if bold else SCALE // 2)

    baseline, x0 = 32.0, 15.0
    pulse = [(5, baseline), (6, baseline), (6, baseline - MM_PER_MV), (11, baseline - MM_PER_MV), (11, baseline), (12, baseline)]
    draw.line([(x * s, y * s) for x, y in pulse], fill=(0, 0, 0), width=2 * SCALE)
    font = ImageFont.load_default(size=round(3.5 * s))
    draw.text((5 * s, 8 * s), "II", fill=(0, 0, 0), font=font)
    points = [((x0 + ti * MM_PER_S) * s, (baseline - v * MM_PER_MV) * s) for ti, v in zip(t, mv)]
    draw.line(points, fill=(0, 0, 0), width=2 * SCALE, joint="curve")

    img = img.resize((img.width // SCALE, img.height // SCALE), Image.LANCZOS).quantize(32)   # palette PNG: small
    out = ROOT / "samples" / "sample_ecg.png"
    img.save(out, dpi=(DPI, DPI), optimize=True)
    print(f"{out}: {img.width}x{img.height} px, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
