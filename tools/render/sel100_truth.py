#!/usr/bin/env python3
"""Ground truth for the ecg-image-kit sel100 renders, in the format of render_ecg.py.

The renders in ../shared/data/ecg-images/rendered/ draw two leads (V5 above, MLII below) of QT Database record
sel100, which is MIT-BIH record 100 from 7:00.000 resampled to 250 Hz. Which stretch was drawn is not stated, so
this tool reads the drawn trace from each ground-truth mask (*-gt.png: the trace's pixels), and finds the time
offset into mitdb/100 (from 7:00, searched over 60 s at 360 Hz) that best correlates with it. The truth it writes
is the *source* signal (mitdb/100 at 360 Hz, median removed) over that stretch; the mask only locates it.

Usage: sel100_truth.py --out /tmp/ecg-renders/sel100
Writes NAME.json (truth), NAME.ppm (the image composited over white) for sel100-0, -1, -10.
"""
import argparse
import json
import os

import numpy as np
import wfdb
from PIL import Image


def mask_traces(path):
    """Per lead (top to bottom): drawn value per column in px (NaN where absent), and the first column."""
    g = np.asarray(Image.open(path).convert("RGB")).min(axis=2) < 128
    g[:3, :] = g[-3:, :] = False
    g[:, :3] = g[:, -3:] = False
    rows = np.nonzero(g.sum(axis=1) > 100)[0]
    split = (rows.min() + rows.max()) // 2
    out = []
    for lo, hi in ((0, split), (split, g.shape[0])):
        band = g[lo:hi]
        cols = np.nonzero(band.any(axis=0))[0]
        x0, x1 = cols.min(), cols.max()
        ys = np.full(x1 - x0 + 1, np.nan)
        for i, x in enumerate(range(x0, x1 + 1)):
            idx = np.nonzero(band[:, x])[0]
            if len(idx):
                ys[i] = lo + idx.mean()
        out.append((ys, x0))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "../../../shared/data"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--images", default=os.path.join(data, "ecg-images/rendered"))
    p.add_argument("--mitdb", default=os.path.join(data, "mitdb"))
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rec = wfdb.rdrecord(os.path.join(args.mitdb, "100"))
    fs = rec.fs
    base = int(420 * fs)
    names = {n: i for i, n in enumerate(rec.sig_name)}
    for name in ("sel100-0", "sel100-1", "sel100-10"):
        img = Image.open(os.path.join(args.images, name + ".png"))
        dpi = float(img.info.get("dpi", (200, 200))[0])
        ppm = dpi / 25.4
        rgb = Image.alpha_composite(Image.new("RGBA", img.size, (255, 255, 255, 255)), img.convert("RGBA")).convert("RGB")
        with open(os.path.join(args.out, name + ".ppm"), "wb") as f:
            f.write(b"P6\n%d %d\n255\n" % rgb.size)
            f.write(np.asarray(rgb, dtype=np.uint8).tobytes())
        traces = mask_traces(os.path.join(args.images, name + "-gt.png"))
        # Locate the drawn stretch with the lower lead (MLII). ecg-image-kit's grid is not exactly dpi/25.4 px per
        # mm, so the time scale (px per second) is searched too: the mask trace, resampled to 360 Hz at each
        # candidate scale, is correlated with the source over 60 s of offsets; the best (scale, offset) wins.
        ys, _ = traces[1]
        ok = ~np.isnan(ys)
        src = rec.p_signal[base:base + int(75 * fs), names["MLII"]]
        best = (-np.inf, None, None, None)
        for pps in np.arange(140.0, 210.0, 0.25):
            t = np.arange(len(ys)) / pps
            drawn = -np.interp(np.arange(0, t[-1], 1 / fs), t[ok], ys[ok])
            drawn = (drawn - drawn.mean()) / (np.linalg.norm(drawn - drawn.mean()) + 1e-9)
            n = len(drawn)
            corr = np.correlate(src[:int(60 * fs) + n], drawn, mode="valid")
            local_mean = np.convolve(src[:int(60 * fs) + n], np.ones(n) / n, mode="valid")
            corr = corr - local_mean * drawn.sum()
            o = int(np.argmax(corr))
            seg = src[o:o + n] - src[o:o + n].mean()
            score = corr[o] / (np.linalg.norm(seg) + 1e-9)
            if score > best[0]:
                best = (score, pps, o, n)
        score, pps, offset, n = best
        print(f"{name}: time scale {pps:.2f} px/s ({pps / 25:.3f} px/mm at 25 mm/s), correlation {score:.3f}")
        leads = []
        for row, lead in enumerate(("V5", "MLII")):
            x = rec.p_signal[base + offset:base + offset + n, names[lead]]
            x = x - np.median(x)
            leads.append({"name": lead, "start_s": 0.0, "row": row, "column": 0, "sample_rate_hz": fs,
                          "samples": [round(float(v), 4) for v in x]})
        truth = {"kind": "strip", "source": "mitdb/100", "source_start_s": (base + offset) / fs, "layout": "strips",
                 "dpi": dpi, "px_per_mm": pps / 25, "grid": "ecg-image-kit", "rotation_deg": 0.0, "degraded": False,
                 "rhythm_lead": "MLII", "image": name + ".png", "leads": leads}
        with open(os.path.join(args.out, name + ".json"), "w") as f:
            json.dump(truth, f)
        print(f"{name}: drawn {n / fs:.2f} s from mitdb/100 at {(base + offset) / fs:.3f} s")


if __name__ == "__main__":
    main()
