#!/usr/bin/env python3
"""Draw real ECG recordings on ECG paper, with ground truth, to measure the image digitizer.

Two kinds of page:
  strip  -- 10-s strips of MIT-BIH Arrhythmia records (one strip, or both leads as two strips), letter landscape
  12lead -- PTB-XL records as the 3x4 + rhythm-strip layout (I II III / aVR aVL aVF / V1 V2 V3 / V4 V5 V6 in
            2.5-s columns, lead II as a 10-s rhythm strip), letter landscape

Each page varies (seeded): resolution 100-300 dpi, grid colour (red, pink, green, grey, blue, none), trace width,
and, for the degraded set, rotation up to 3 degrees, Gaussian noise, blur and JPEG quality 50-95.

For each page NAME it writes NAME.png or NAME.jpg (the image), NAME.ppm (the exact decoded pixels, for readers
without PNG/JPEG decoders) and NAME.json (ground truth: layout, dpi, px/mm, rotation, and per lead its name, start
time, sample rate, placement and the drawn samples in mV).

Usage:
  render_ecg.py --out /tmp/ecg-renders/tune --set tune --count 20 --seed 1
  render_ecg.py --out /tmp/ecg-renders/test --set test --count 20 --seed 1001
The tune set draws MIT-BIH DS1 records and PTB-XL records 1-50; the test set draws DS2 records and PTB-XL 51-100.
"""
import argparse
import io
import json
import os

import numpy as np
import wfdb
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DS1 = "101 106 108 109 112 114 115 116 118 119 122 124 201 203 205 207 208 209 215 220 223 230".split()
DS2 = "100 103 105 111 113 117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234".split()

PAGE_MM = (279.4, 215.9)  # letter, landscape
MM_PER_S = 25.0
MM_PER_MV = 10.0

# (fine line colour, bold line colour) per grid style; None = no grid (a screenshot of a trace).
GRIDS = {
    "red": ((255, 190, 190), (240, 110, 110)),
    "pink": ((250, 215, 225), (235, 150, 175)),
    "green": ((200, 230, 200), (90, 160, 90)),
    "grey": ((215, 215, 215), (165, 165, 165)),
    "blue": ((200, 215, 245), (120, 150, 220)),
    "none": None,
}
TWELVE_ROWS = [["I", "aVR", "V1", "V4"], ["II", "aVL", "V2", "V5"], ["III", "aVF", "V3", "V6"]]
PTB_NAMES = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]


class Page:
    """A page drawn at `scale` times the target resolution (for anti-aliasing), in millimetre coordinates."""

    def __init__(self, dpi, scale, grid, rng):
        self.dpi, self.scale = dpi, scale
        self.px_per_mm = dpi / 25.4
        self.s = self.px_per_mm * scale
        self.w = int(round(PAGE_MM[0] * self.px_per_mm))
        self.h = int(round(PAGE_MM[1] * self.px_per_mm))
        self.img = Image.new("RGB", (self.w * scale, self.h * scale), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.img)
        if grid is not None:
            self.grid(*grid, rng)

    def px(self, mm):
        return mm * self.s

    def grid(self, fine, bold, rng):
        fine_w = max(1, int(round(self.scale * max(0.6, 0.06 * self.px_per_mm))))
        bold_w = max(1, int(round(self.scale * max(1.0, rng.uniform(0.1, 0.2) * self.px_per_mm))))
        nx, ny = int(PAGE_MM[0]) + 1, int(PAGE_MM[1]) + 1
        for pass_bold in (False, True):
            for i in range(nx):
                if (i % 5 == 0) == pass_bold:
                    x = self.px(i)
                    self.draw.line([(x, 0), (x, self.img.height)], fill=bold if pass_bold else fine,
                                   width=bold_w if pass_bold else fine_w)
            for j in range(ny):
                if (j % 5 == 0) == pass_bold:
                    y = self.px(j)
                    self.draw.line([(0, y), (self.img.width, y)], fill=bold if pass_bold else fine,
                                   width=bold_w if pass_bold else fine_w)

    def trace(self, x0_mm, y0_mm, samples, fs, width_px):
        t = np.arange(len(samples)) / fs
        xs = self.px(x0_mm + t * MM_PER_S)
        ys = self.px(y0_mm - np.asarray(samples) * MM_PER_MV)
        self.draw.line(list(zip(xs.tolist(), ys.tolist())), fill=(0, 0, 0), width=width_px * self.scale, joint="curve")

    def pulse(self, x0_mm, y0_mm, width_px):
        pts = [(x0_mm, y0_mm), (x0_mm + 1, y0_mm), (x0_mm + 1, y0_mm - MM_PER_MV), (x0_mm + 6, y0_mm - MM_PER_MV),
               (x0_mm + 6, y0_mm), (x0_mm + 7, y0_mm)]
        self.draw.line([(self.px(x), self.px(y)) for x, y in pts], fill=(0, 0, 0), width=width_px * self.scale)

    def separator(self, x_mm, y0_mm, width_px):
        self.draw.line([(self.px(x_mm), self.px(y0_mm - 2.5)), (self.px(x_mm), self.px(y0_mm + 2.5))],
                       fill=(0, 0, 0), width=width_px * self.scale)

    def label(self, x_mm, y_mm, text):
        font = ImageFont.load_default(size=max(8, int(self.px(3.5))))
        self.draw.text((self.px(x_mm), self.px(y_mm)), text, fill=(0, 0, 0), font=font)

    def final(self):
        if self.scale == 1:
            return self.img
        return self.img.resize((self.w, self.h), Image.LANCZOS)


def degrade(img, rng, degraded):
    """Rotation, blur, noise for the degraded set; returns the image and the applied rotation (deg, CCW)."""
    angle = 0.0
    if degraded:
        angle = float(rng.uniform(1.0, 3.0) * rng.choice([-1, 1]))
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
        if rng.random() < 0.7:
            img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.4, 1.0))))
        a = np.asarray(img).astype(np.float32)
        a += rng.normal(0, rng.uniform(4, 12), a.shape).astype(np.float32)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return img, angle


def save(img, out, name, rng, degraded, truth):
    os.makedirs(out, exist_ok=True)
    if degraded or rng.random() < 0.5:
        quality = int(rng.integers(50, 61)) if degraded else int(rng.integers(75, 96))
        path = os.path.join(out, name + ".jpg")
        img.save(path, quality=quality, dpi=(truth["dpi"], truth["dpi"]))
        truth["jpeg_quality"] = quality
    else:
        path = os.path.join(out, name + ".png")
        img.save(path, dpi=(truth["dpi"], truth["dpi"]))
    decoded = Image.open(path).convert("RGB")
    write_ppm(os.path.join(out, name + ".ppm"), decoded)
    truth["image"] = os.path.basename(path)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(truth, f)


def write_ppm(path, img):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % img.size)
        f.write(np.asarray(img.convert("RGB"), dtype=np.uint8).tobytes())


def style(rng, degraded, grid=None):
    dpi = int(rng.choice([100, 150, 200, 300]))
    grid = grid or str(rng.choice(list(GRIDS)))
    trace_mm = float(rng.uniform(0.2, 0.45))
    return dpi, grid, trace_mm


def render_strip(args, rng, index, record, degraded):
    rec = wfdb.rdrecord(os.path.join(args.mitdb, record))
    fs = rec.fs
    start = int(rng.integers(0, rec.sig_len - int(10 * fs) - 1))
    sig = rec.p_signal[start:start + int(10 * fs)]
    n_strips = int(rng.choice([1, 2]))
    dpi, grid, trace_mm = style(rng, degraded)
    scale = 2 if dpi <= 200 else 1
    page = Page(dpi, scale, GRIDS[grid], rng)
    width_px = max(1, int(round(trace_mm * page.px_per_mm)))
    x0 = 15.0
    rows_mm = [70.0] if n_strips == 1 else [60.0, 120.0]
    rows_mm = [y + float(rng.uniform(-15, 15)) for y in rows_mm]
    leads = []
    for k, y0 in enumerate(rows_mm):
        data = sig[:, k]
        data = data - np.median(data)
        page.pulse(x0 - 8.0, y0, width_px)
        page.trace(x0, y0, data, fs, width_px)
        page.label(x0, y0 + 3.0, rec.sig_name[k])
        leads.append({"name": rec.sig_name[k], "start_s": 0.0, "row": k, "column": 0,
                      "baseline_mm": y0, "x0_mm": x0, "sample_rate_hz": fs,
                      "samples": [round(float(v), 4) for v in data]})
    img, angle = degrade(page.final(), rng, degraded)
    truth = {"kind": "strip", "source": f"mitdb/{record}", "source_start_s": start / fs, "layout":
             "single_strip" if n_strips == 1 else "strips", "dpi": dpi, "px_per_mm": page.px_per_mm,
             "grid": grid, "trace_mm": trace_mm, "rotation_deg": angle, "degraded": degraded,
             "rhythm_lead": rec.sig_name[0], "leads": leads}
    save(img, args.out, f"strip-{index:03d}", rng, degraded, truth)


def render_12lead(args, rng, index, record, degraded):
    rec = wfdb.rdrecord(os.path.join(args.ptbxl, "records500/00000", f"{record:05d}_hr"))
    fs = rec.fs
    sig = rec.p_signal
    names = {n.upper(): i for i, n in enumerate(rec.sig_name)}
    dpi, grid, trace_mm = style(rng, degraded)
    scale = 2 if dpi <= 200 else 1
    page = Page(dpi, scale, GRIDS[grid], rng)
    width_px = max(1, int(round(trace_mm * page.px_per_mm)))
    x0 = 18.0
    top = float(rng.uniform(40, 50))
    spacing = float(rng.uniform(38, 44))
    leads = []
    seg = int(2.5 * fs)
    for r, row in enumerate(TWELVE_ROWS + [["II"]]):
        y0 = top + r * spacing
        page.pulse(x0 - 8.0, y0, width_px)
        if len(row) == 1:
            pieces = [(row[0], 0, sig[:, names[row[0].upper()]])]
        else:
            pieces = [(name, c, sig[c * seg:(c + 1) * seg, names[name.upper()]]) for c, name in enumerate(row)]
        # One continuous polyline per row, as printed: each 2.5-s piece joins the next.
        row_samples = np.concatenate([p[2] for p in pieces])
        page.trace(x0, y0, row_samples, fs, width_px)
        for name, c, data in pieces:
            if c > 0:
                page.separator(x0 + c * 2.5 * MM_PER_S, y0, width_px)
            page.label(x0 + c * 2.5 * MM_PER_S + 1.0, y0 - 12.0, name)
            leads.append({"name": name, "start_s": c * 2.5 if len(row) > 1 else 0.0, "row": r, "column": c,
                          "baseline_mm": y0, "x0_mm": x0 + c * 2.5 * MM_PER_S, "sample_rate_hz": fs,
                          "samples": [round(float(v), 4) for v in data]})
    img, angle = degrade(page.final(), rng, degraded)
    truth = {"kind": "12lead", "source": f"ptbxl/{record:05d}", "source_start_s": 0.0, "layout": "3x4+rhythm",
             "dpi": dpi, "px_per_mm": page.px_per_mm, "grid": grid, "trace_mm": trace_mm, "rotation_deg": angle,
             "degraded": degraded, "rhythm_lead": "II", "leads": leads,
             "rhythm_samples": [round(float(v), 4) for v in sig[:, names["II"]]]}
    save(img, args.out, f"12lead-{index:03d}", rng, degraded, truth)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "../../../shared/data"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--set", choices=["tune", "test"], required=True)
    p.add_argument("--count", type=int, default=10, help="pages of each kind (strip, 12lead) x (clean, degraded)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kinds", default="strip,12lead")
    p.add_argument("--mitdb", default=os.path.join(data, "mitdb"))
    p.add_argument("--ptbxl", default=os.path.join(data, "ptbxl"))
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    mit = DS1 if args.set == "tune" else DS2
    ptb = list(range(1, 51)) if args.set == "tune" else list(range(51, 101))
    kinds = args.kinds.split(",")
    index = 0
    for degraded in (False, True):
        for i in range(args.count):
            if "strip" in kinds:
                render_strip(args, rng, index, str(rng.choice(mit)), degraded)
            if "12lead" in kinds:
                render_12lead(args, rng, index, int(rng.choice(ptb)), degraded)
            index += 1
    print(f"wrote {index} pages of each kind to {args.out}")


if __name__ == "__main__":
    main()
