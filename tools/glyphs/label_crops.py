"""Cuts the small lead-label crops the reader's unit tests use from rendered pages of the tuning set.

Each crop is the ink plane the digitizer reads (255 - max(R, G, B)) around one printed label, as a binary PGM
(P5), with 2 mm of margin left and right and 1.5 mm above and below the label's text box. Pages come from
`tools/render/render_ecg.py --set tune --count 6 --seed 1` (PTB-XL records 1-50), never from a held-out set.

Usage:
    python3 tools/glyphs/label_crops.py --renders RENDER_DIR --out Tests/Fixtures/labels
"""
import argparse
import json
import os

import numpy as np
from PIL import Image

# (page, lead index in the page's truth, fixture name)
CROPS = [
    ("12lead-001", 3, "V4-300dpi"),
    ("12lead-004", 4, "II-150dpi"),
    ("12lead-003", 5, "aVL-100dpi"),
    ("12lead-000", 1, "aVR-200dpi"),
    ("12lead-007", 9, "aVF-200dpi-degraded"),
    ("12lead-000", 4, "II-200dpi-r-wave-through"),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--renders", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for page, k, name in CROPS:
        truth = json.load(open(os.path.join(args.renders, page + ".json")))
        rgb = np.asarray(Image.open(os.path.join(args.renders, truth["image"])).convert("RGB"))
        ink = 255 - rgb.max(axis=2)
        lead = truth["leads"][k]
        ppm = truth["px_per_mm"]
        # render_ecg.py draws a 12-lead label's text box at (slot start + 1 mm, baseline - 12 mm), 3.5 mm high.
        x = lead["x0_mm"] + 1.0
        y = lead["baseline_mm"] - 12.0
        x0, x1 = int((x - 2.0) * ppm), int((x + 12.0) * ppm)
        y0, y1 = int((y - 1.5) * ppm), int((y + 5.0) * ppm)
        crop = ink[y0:y1, x0:x1].astype(np.uint8)
        with open(os.path.join(args.out, name + ".pgm"), "wb") as f:
            f.write(b"P5\n%d %d\n255\n" % (crop.shape[1], crop.shape[0]))
            f.write(crop.tobytes())
        print(name, truth["source"], truth["dpi"], lead["name"], crop.shape, "ppm %.3f" % ppm)


if __name__ == "__main__":
    main()
